/*
 * report.c - reads "page allocation failure" reports out of pasted text
 * (pagealloc/report.h says what is accepted).
 *
 * Shape: three small passes per physical line, no backtracking; the first two
 * live in logline.c, the line kinds and tokens in report_lex.c, the fields of
 * Mem-Info lines in report_meminfo.c; this file assembles reports from the
 * classified lines (headers, versions, zones, continuations).
 *  1. Split: a physical line may hold several kernel lines run together (a web
 *     page or a slide lost the newlines); it is cut before every embedded
 *     `[ 1234.567890]` timestamp. Each piece remembers its line and column.
 *  2. Strip: quote markers, syslog / journalctl / ISO prefixes, `<4>` levels,
 *     `[ 1234.567890]` and `[ T123]` stamps, indentation, CR.
 *  3. Classify and apply: the piece is a header, a version line, a Mem-Info
 *     line of some kind, a stack line, or unknown. Continuations of lines that
 *     a mail client hard-wrapped (key:value runs after a zone / node / counters
 *     line, buddy tokens after a buddy line without its "= NkB" total, numbers
 *     after a lowmem_reserve[] line, the tail of a header) are recognised by
 *     what they start with and by the state of the line before, so they are
 *     parsed in place and keep their own line and column for errors.
 * A report runs from its header (or its first Mem-Info line when a quote has
 * no header) to the next header, an OOM-killer report, or a second Mem-Info;
 * unknown lines after its last recognised line are outside it.
 * Formats: kernel-semantics 6.5 (headers) and 11.4 (show_mem), per era.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/logline.h"
#include "format/report_clean.h"
#include "format/report_ctx.h"
#include "format/report_lex.h"
#include "pagealloc/order_text.h"
#include "pagealloc/procparse.h"
#include "pagealloc/report.h"

/* ---- diagnostics ------------------------------------------------------------------ */

static int col(const struct pa_rctx *c, const char *p)
{
    return c->col0 + (int)(p - c->base);
}

/* Keep a warning once per input: the same message again only counts. */
static void keep_warning(struct pa_rctx *c, int line, int column, const char *msg)
{
    struct pa_report_set *s = c->set;
    for (int i = 0; i < s->nr_warn; i++)
        if (!strcmp(s->warn[i].msg, msg)) {
            s->warn[i].count++;
            return;
        }
    if (s->nr_warn >= PA_REPORT_MAX_WARN)
        return;
    struct pa_report_diag *d = &s->warn[s->nr_warn++];
    d->line = line;
    d->column = column;
    d->count = 1;
    snprintf(d->msg, sizeof d->msg, "%s", msg);
}

int pa_rc_fail(struct pa_rctx *c, const char *at, const char *fmt, ...)
{
    char msg[sizeof c->diag->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!c->strict) {
        keep_warning(c, c->line, col(c, at), msg);
        return 1;
    }
    c->diag->line = c->line;
    c->diag->column = col(c, at);
    snprintf(c->diag->msg, sizeof c->diag->msg, "%s", msg);
    return -1;
}

void pa_rc_warn(struct pa_rctx *c, const char *at, const char *fmt, ...)
{
    char msg[sizeof c->diag->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    keep_warning(c, c->line, col(c, at), msg);
}

/* ---- reports and zones ---------------------------------------------------------- */

struct pa_report *pa_rc_cur(struct pa_rctx *c)
{
    return c->cur >= 0 ? &c->set->reports[c->cur] : NULL;
}

static int open_report(struct pa_rctx *c)
{
    struct pa_report_set *s = c->set;
    struct pa_report *nr = realloc(s->reports, sizeof *nr * (size_t)(s->nr + 1));
    if (!nr)
        return -2;
    s->reports = nr;
    struct pa_report *r = &nr[s->nr];
    memset(r, 0, sizeof *r);
    r->order = -1;
    r->first_line = r->last_line = c->line;
    c->cur = s->nr++;
    c->last = K_OTHER;
    c->last_zone = -1;
    c->buddy_zone = -1;
    return 0;
}

/* Close the open report: unknown lines after its last recognised one are
   outside it. */
static void close_report(struct pa_rctx *c)
{
    struct pa_report *r = pa_rc_cur(c);
    if (!r)
        return;
    int keep = 0, dropped = 0;
    for (int i = 0; i < r->nr_ignored && i < PA_REPORT_MAX_IGNORED; i++) {
        if (r->ignored[i] <= r->last_line)
            r->ignored[keep++] = r->ignored[i];
        else
            dropped++;
    }
    /* Ignored lines beyond the stored ones all came later than those kept. */
    int unstored = r->nr_ignored > PA_REPORT_MAX_IGNORED ? r->nr_ignored - PA_REPORT_MAX_IGNORED
                                                         : 0;
    if (unstored && keep == PA_REPORT_MAX_IGNORED) {
        /* Cannot tell which of the unstored ones were trailing: keep them. */
        r->nr_ignored = keep + unstored;
    } else {
        c->set->nr_outside += dropped + unstored;
        r->nr_ignored = keep;
    }
    if (c->buddy_zone >= 0 && c->buddy_zone < r->nr_zones)
        r->zones[c->buddy_zone].buddy_partial = true;
    c->cur = -1;
    c->buddy_zone = -1;
}

void pa_rc_recognised(struct pa_rctx *c)
{
    struct pa_report *r = pa_rc_cur(c);
    if (r) {
        r->last_line = c->line;
        r->nr_known++;
    }
}

static int find_or_add_zone(struct pa_rctx *c, int node, const char *name)
{
    struct pa_report *r = pa_rc_cur(c);
    for (int i = 0; i < r->nr_zones; i++)
        if (r->zones[i].node == node && !strcmp(r->zones[i].name, name))
            return i;
    if (r->nr_zones >= PA_MAX_ZONES)
        return -1;
    struct pa_report_zone *nz = realloc(r->zones, sizeof *nz * (size_t)(r->nr_zones + 1));
    if (!nz)
        return -2;
    r->zones = nz;
    struct pa_report_zone *z = &nz[r->nr_zones];
    memset(z, 0, sizeof *z);
    z->node = node;
    snprintf(z->name, sizeof z->name, "%s", name);
    z->type = (enum pa_zone_type)pa_zone_type_from_name(name);
    z->all_unreclaimable = -1;
    return r->nr_zones++;
}

/* ---- the line kinds ----------------------------------------------------------------- */

static void copy_token(char *dst, size_t n, const char *p, const char *stop)
{
    size_t i = 0;
    while (*p && !strchr(stop, *p) && i + 1 < n)
        dst[i++] = *p++;
    dst[i] = '\0';
}

/* An order in a header above 63: the one message (pagealloc/order_text.h),
   with the digits [q, e) as written. */
static int order_fail(struct pa_rctx *c, const char *q, const char *e)
{
    char g[32], t[96];
    snprintf(g, sizeof g, "%.*s", (int)(e - q < 30 ? e - q : 30), q);
    pa_order_range_text(t, sizeof t, g, 63);
    return pa_rc_fail(c, q, "%s", t);
}

static int parse_header(struct pa_rctx *c, const char *p)
{
    int err = open_report(c);
    if (err)
        return err;
    struct pa_report *r = pa_rc_cur(c);
    const char *h = pa_rl_header_phrase(p);
    r->header_line = c->line;
    if (!h) /* a wrapped header whose joined text no longer reads as one */
        return pa_rc_fail(c, p, "expected 'COMM: page allocation failure: order:N, mode:0x...'");
    size_t n = h == p ? 0 : (size_t)(h - 2 - p);
    snprintf(r->comm, sizeof r->comm, "%.*s", (int)(n < 63 ? n : 63), p);
    uint64_t v;
    const char *e;
    bool ovf;
    const char *q;
    if (rl_starts(h, "vmalloc error: size ")) {
        /* 5.x+ __vmalloc_area_node: "vmalloc error: size S, page order N,
           failed to allocate pages, mode:..." (the same warn_alloc header). */
        r->vmalloc = true;
        q = h + strlen("vmalloc error: size ");
        if (!pa_rl_num(q, &r->vmalloc_size, &e, &ovf) || ovf)
            return pa_rc_fail(c, q, "expected the size in bytes after 'vmalloc error: size'");
        q = e;
        if (rl_starts(q, ", vm_struct allocation failed")) {
            /* 5.x+ __get_vm_area_node: the address range, not pages, ran out */
            q += strlen(", vm_struct allocation failed");
        } else {
            if (!rl_starts(q, ", page order "))
                return pa_rc_fail(c, q, "expected ', page order N'");
            q += strlen(", page order ");
            if (!pa_rl_num(q, &v, &e, &ovf))
                return pa_rc_fail(c, q, "expected an order 0..63 after 'page order'");
            if (ovf || v > 63)
                return order_fail(c, q, e);
            r->order = (int)v;
            q = e;
            if (rl_starts(q, ", failed to allocate pages"))
                q += strlen(", failed to allocate pages");
        }
    } else {
        q = h + strlen("page allocation failure");
        if (*q == '.')
            r->period_form = true;
        else if (*q != ':')
            return pa_rc_fail(c, q, "expected '.' or ':' after 'page allocation failure'");
        q = rl_skip_ws(q + 1);
        if (!rl_starts(q, "order:"))
            return pa_rc_fail(c, q, "expected 'order:N'");
        q += 6;
        if (!pa_rl_num(q, &v, &e, &ovf))
            return pa_rc_fail(c, q, "expected an order 0..63 after 'order:'");
        if (ovf || v > 63)
            return order_fail(c, q, e);
        r->order = (int)v;
        q = e;
    }
    q = rl_skip_ws(q);
    if (*q != ',')
        return pa_rc_fail(c, q, "expected ', mode:0x...' after the order");
    q = rl_skip_ws(q + 1);
    if (!rl_starts(q, "mode:0x") && !rl_starts(q, "mode:0X"))
        return pa_rc_fail(c, q, "expected 'mode:0x<hex>'");
    q += 7;
    v = 0;
    e = q;
    while (isxdigit((unsigned char)*e)) {
        if (v >> 60)
            return pa_rc_fail(c, q, "mode value too large");
        int d = isdigit((unsigned char)*e) ? *e - '0' : tolower((unsigned char)*e) - 'a' + 10;
        v = v * 16 + (uint64_t)d;
        e++;
    }
    if (e == q)
        return pa_rc_fail(c, q, "expected hex digits after 'mode:0x'");
    r->mode = v;
    r->have_mode = true;
    q = e;
    if (*q == '(') {
        const char *close = strchr(q, ')');
        if (!close)
            return pa_rc_fail(c, q, "expected ')' closing the GFP flag names");
        size_t len = (size_t)(close - q - 1);
        if (len >= sizeof r->mode_names)
            return pa_rc_fail(c, q, "GFP flag names too long");
        memcpy(r->mode_names, q + 1, len);
        r->mode_names[len] = '\0';
        q = close + 1;
    }
    /* ", nodemask=(null)" then (5.x+) ",cpuset=/,mems_allowed=0". */
    while (*(q = rl_skip_ws(q)) == ',') {
        q = rl_skip_ws(q + 1);
        if (rl_starts(q, "nodemask="))
            copy_token(r->nodemask, sizeof r->nodemask, q + 9, ", ");
        else if (rl_starts(q, "cpuset="))
            copy_token(r->cpuset, sizeof r->cpuset, q + 7, ", ");
        else if (rl_starts(q, "mems_allowed="))
            copy_token(r->mems_allowed, sizeof r->mems_allowed, q + 13, ", ");
        else
            return pa_rc_fail(c, q, "expected nodemask=, cpuset= or mems_allowed=");
        while (*q && *q != ',')
            q++;
    }
    if (*q) {
        const char *e2;
        if (!pa_rl_decoration(q, &e2))
            pa_rc_warn(c, q, "text after the header ignored");
    }
    pa_rc_recognised(c);
    return 0;
}

/* Hex after "0x" at q: false when there is no digit. */
static bool hex_at(const char *q, uint64_t *v, const char **end)
{
    uint64_t x = 0;
    const char *e = q;
    while (isxdigit((unsigned char)*e) && !(x >> 60)) {
        int d = isdigit((unsigned char)*e) ? *e - '0' : tolower((unsigned char)*e) - 'a' + 10;
        x = x * 16 + (uint64_t)d;
        e++;
    }
    *v = x;
    *end = e;
    return e != q;
}

/* The OOM killer's header (mm/oom_kill.c dump_header), every era:
   2.6.11-2.6.1x  "oom-killer: gfp_mask=0xd0"
   2.6.2x         "comm invoked oom-killer: gfp_mask=0x201d2, order=0, oomkilladj=0"
   2.6.3x         "... order=0, oom_adj=0[, oom_score_adj=0]"
   4.x            "... gfp_mask=0x24201ca(GFP_HIGHUSER_MOVABLE|__GFP_COLD), nodemask=0, order=0, ..."
   5.x+           "... gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0" */
static int parse_oom(struct pa_rctx *c, const char *p)
{
    int err = open_report(c);
    if (err)
        return err;
    struct pa_report *r = pa_rc_cur(c);
    r->header_line = c->line;
    r->oom = true;
    const char *h = strstr(p, " invoked oom-killer:");
    const char *q;
    if (h) {
        size_t n = (size_t)(h - p);
        snprintf(r->comm, sizeof r->comm, "%.*s", (int)(n < 63 ? n : 63), p);
        q = h + strlen(" invoked oom-killer:");
    } else {
        q = p + strlen("oom-killer:");
    }
    q = rl_skip_ws(q);
    if (!rl_starts(q, "gfp_mask=0x"))
        return pa_rc_fail(c, q, "expected 'gfp_mask=0x<hex>' after 'oom-killer:'");
    q += strlen("gfp_mask=0x");
    const char *e;
    if (!hex_at(q, &r->mode, &e))
        return pa_rc_fail(c, q, "expected hex digits after 'gfp_mask=0x'");
    r->have_mode = true;
    q = e;
    if (*q == '(') {
        const char *close = strchr(q, ')');
        if (!close)
            return pa_rc_fail(c, q, "expected ')' closing the GFP flag names");
        size_t len = (size_t)(close - q - 1);
        snprintf(r->mode_names, sizeof r->mode_names, "%.*s",
                 (int)(len < sizeof r->mode_names - 1 ? len : sizeof r->mode_names - 1), q + 1);
        q = close + 1;
    }
    /* ", nodemask=..., order=N, oom_score_adj=N" in any order */
    while (*(q = rl_skip_ws(q)) == ',') {
        q = rl_skip_ws(q + 1);
        uint64_t v;
        bool ovf;
        if (rl_starts(q, "order=")) {
            if (!pa_rl_num(q + 6, &v, &e, &ovf))
                return pa_rc_fail(c, q + 6, "expected an order 0..63 after 'order='");
            if (ovf || v > 63)
                return order_fail(c, q + 6, e);
            r->order = (int)v;
        } else if (rl_starts(q, "nodemask=")) {
            copy_token(r->nodemask, sizeof r->nodemask, q + 9, ", ");
        }
        while (*q && *q != ',')
            q++;
    }
    pa_rc_recognised(c);
    return 0;
}

/* "Out of memory: Kill process N (comm) score S or sacrifice child",
   "Out of memory: Killed process N (comm) total-vm:...", "Killed process N
   (comm)", "oom-kill:constraint=...,task=comm,pid=N,uid=U". */
static void parse_victim(struct pa_rctx *c, struct pa_report *r, const char *p)
{
    uint64_t pid = 0;
    const char *e;
    bool ovf;
    char comm[64] = "";
    const char *t = strstr(p, "task=");
    if (rl_starts(p, "oom-kill:") && t) {
        copy_token(comm, sizeof comm, t + 5, ",");
        const char *q = strstr(p, ",pid=");
        if (q)
            pa_rl_num(q + 5, &pid, &e, &ovf);
    } else {
        const char *q = strstr(p, "process ");
        if (!q || !pa_rl_num(q + 8, &pid, &e, &ovf))
            return;
        q = rl_skip_ws(e);
        if (*q == '(') {
            const char *close = strrchr(q, ')');
            const char *sp = strstr(q, ") ");
            if (sp && (!close || sp < close))
                close = sp;
            if (close && close > q)
                snprintf(comm, sizeof comm, "%.*s", (int)(close - q - 1 < 63 ? close - q - 1 : 63),
                         q + 1);
        }
    }
    if (r->victim_line && rl_starts(p, "oom-kill:"))
        return; /* the "Killed process" line that follows says the same */
    r->victim_line = c->line;
    r->victim_pid = (int)(pid > 0x7fffffff ? 0 : pid);
    snprintf(r->victim, sizeof r->victim, "%s", comm);
}

static void parse_cpuset(struct pa_rctx *c, const char *p)
{
    struct pa_report *r = pa_rc_cur(c);
    const char *q = strstr(p, " cpuset=");
    if (!r->cpuset[0])
        copy_token(r->cpuset, sizeof r->cpuset, q + 8, " ");
    q = strstr(p, "mems_allowed=");
    if (!r->mems_allowed[0])
        copy_token(r->mems_allowed, sizeof r->mems_allowed, q + 13, " ");
}

static void parse_version(struct pa_rctx *c, const char *p)
{
    struct pa_report *r = pa_rc_cur(c);
    const char *t = strstr(p, "ainted");
    if (!t) { /* "CPU: 7 PID: 12845 Comm: dumpsys" / "Tainted: G ... 5.10.168" */
        c->version_pending = true;
        return;
    }
    t += 6;
    if (*t == ':')
        t++;
    /* Taint letters, then the release: the first token starting with a digit
       and holding a '.'. */
    while (*t) {
        t = rl_skip_ws(t);
        const char *e = t;
        while (*e && *e != ' ' && *e != '\t')
            e++;
        if (isdigit((unsigned char)*t) && memchr(t, '.', (size_t)(e - t))) {
            size_t n = (size_t)(e - t);
            if (!r->kernel[0]) {
                snprintf(r->kernel, sizeof r->kernel, "%.*s", (int)(n < 95 ? n : 95), t);
                r->version_line = c->line;
            }
            return;
        }
        t = e;
    }
    c->version_pending = true; /* wrapped: the release may be on the next line */
}

/* The zone a zone or buddy line at p is about ("Node N Zone" or a pending
   "Node N" + "Zone"), added to the open report if new. A second line of the
   same kind for the same zone is a second dump without a header of its own:
   it opens a new report. *after gets the text after the zone name. Returns
   the zone's index, or an error (< 0). */
static int zone_for_line(struct pa_rctx *c, const char *p, bool buddy, const char **after)
{
    int node;
    char name[16];
    *after = pa_rl_zone_prefix(p, &node, name);
    if (node < 0 && c->pending_node >= 0)
        node = c->pending_node;
    c->pending_node = -1;
    int zi = find_or_add_zone(c, node, name);
    if (zi == -2)
        return -2;
    if (zi < 0)
        return pa_rc_fail(c, p, "more than %d zones in one report", PA_MAX_ZONES);
    const struct pa_report_zone *z = &pa_rc_cur(c)->zones[zi];
    if (buddy ? z->buddy_line : z->zone_line) {
        close_report(c);
        int err = open_report(c);
        if (err)
            return err;
        zi = find_or_add_zone(c, node, name);
        if (zi < 0)
            return -2;
    }
    return zi;
}

static int parse_zone(struct pa_rctx *c, const char *p)
{
    const char *e;
    int zi = zone_for_line(c, p, false, &e);
    if (zi < 0)
        return zi;
    struct pa_report *r = pa_rc_cur(c);
    struct pa_report_zone *z = &r->zones[zi];
    z->zone_line = c->line;
    c->last_zone = zi;
    int err = pa_rc_kv_run(c, e, z, z->kv, &z->nr_kv, PA_REPORT_MAX_KV);
    if (err)
        return err;
    if (!(z->have & (1u << PA_RZ_FREE)))
        return pa_rc_fail(c, e, "expected free:NkB in the zone line");
    pa_rc_recognised(c);
    return 0;
}

static int parse_lowmem(struct pa_rctx *c, const char *p)
{
    struct pa_report *r = pa_rc_cur(c);
    if (c->last != K_ZONE || c->last_zone < 0) {
        pa_rc_warn(c, p, "lowmem_reserve[] line without a zone line before it: ignored");
        return 1;
    }
    struct pa_report_zone *z = &r->zones[c->last_zone];
    z->lowmem_line = c->line;
    int err = pa_rc_lowmem_numbers(c, p + strlen("lowmem_reserve[]:"), z);
    if (err)
        return err;
    pa_rc_recognised(c);
    return 0;
}

static int parse_buddy(struct pa_rctx *c, const char *p)
{
    const char *e;
    int zi = zone_for_line(c, p, true, &e);
    if (zi < 0)
        return zi;
    struct pa_report *r = pa_rc_cur(c);
    struct pa_report_zone *z = &r->zones[zi];
    z->buddy_line = c->line;
    c->buddy_zone = zi;
    c->buddy_next = 0;
    c->buddy_letters_ok = false;
    c->buddy_md = false;
    if (rl_starts(rl_skip_ws(e + 1), "empty")) { /* 2.6.x - 3.x: a zone without free pages */
        z->buddy_empty = true;
        c->buddy_zone = -1;
        pa_rc_recognised(c);
        return 0;
    }
    int err = pa_rc_buddy_tokens(c, e + 1);
    if (err)
        return err;
    if (z->nr_orders == 0)
        return pa_rc_fail(c, e + 1, "expected COUNT*SIZEkB columns after '%s:'", z->name);
    pa_rc_recognised(c);
    return 0;
}

/* ---- one piece of a line ------------------------------------------------------------- */

/* A header is complete unless a mail client cut it after a ',' or inside
   the "(GFP_...)" names. */
static bool header_complete(const char *p)
{
    int depth = 0;
    for (const char *q = p; *q; q++)
        depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
    size_t n = strlen(p);
    if (n >= 24 && (!strcmp(p + n - 24, "page allocation failure.") ||
                    !strcmp(p + n - 24, "page allocation failure:")))
        return false; /* wrapped right after the phrase: "order:0, mode:0x20" follows */
    return depth <= 0 && !(n && (p[n - 1] == ',' || p[n - 1] == '|'));
}

static bool is_oom_header(const char *p)
{
    return strstr(p, " invoked oom-killer:") || rl_starts(p, "oom-killer: gfp_mask=");
}

/* An OOM header wrapped after "oom-killer:" or a ',' (or inside its names). */
static bool oom_header_complete(const char *p)
{
    size_t n = strlen(p);
    if (n >= 11 && !strcmp(p + n - 11, "oom-killer:"))
        return false;
    return header_complete(p);
}

/* Parse the joined header held in c->pending_hdr, reporting positions on the
   line where it started. */
static int flush_header(struct pa_rctx *c)
{
    int line = c->line, col0 = c->col0;
    const char *base = c->base;
    c->line = c->pending_line;
    c->base = c->pending_hdr;
    c->col0 = 1;
    close_report(c);
    bool oom = is_oom_header(c->pending_hdr);
    int err = oom ? parse_oom(c, c->pending_hdr) : parse_header(c, c->pending_hdr);
    if (err >= 0)
        c->last = oom ? K_OOM : K_HEADER;
    c->line = line;
    c->base = base;
    c->col0 = col0;
    free(c->pending_hdr);
    c->pending_hdr = NULL;
    return err;
}

static int hold_header(struct pa_rctx *c, const char *p)
{
    size_t n = strlen(p);
    char *h = realloc(c->pending_hdr, c->pending_len + n + 2);
    if (!h)
        return -2;
    if (c->pending_hdr && c->pending_len && h[c->pending_len - 1] != '(' &&
        h[c->pending_len - 1] != '|' && *p != ')' && *p != '|')
        h[c->pending_len++] = ' ';
    else if (!c->pending_hdr)
        c->pending_len = 0;
    memcpy(h + c->pending_len, p, n + 1);
    c->pending_len += n;
    c->pending_hdr = h;
    return 0;
}

/* The release on a "Tainted: G" line that a mail client wrapped. */
static bool version_tail(struct pa_rctx *c, const char *p)
{
    struct pa_report *r = pa_rc_cur(c);
    const char *start = rl_skip_ws(p);
    if (rl_starts(start, "Tainted:"))
        start += 8;
    else if (rl_starts(start, "Not tainted"))
        start += 11;
    for (const char *t = rl_skip_ws(start); *t; t = rl_skip_ws(t)) {
        const char *e = t;
        while (*e && *e != ' ' && *e != '\t')
            e++;
        if (isdigit((unsigned char)*t) && memchr(t, '.', (size_t)(e - t))) {
            size_t n = (size_t)(e - t);
            snprintf(r->kernel, sizeof r->kernel, "%.*s", (int)(n < 95 ? n : 95), t);
            r->version_line = c->line;
            return true;
        }
        if (!isupper((unsigned char)*t) || e - t > 3)
            return false; /* taint letters only before the release */
        t = e;
    }
    return false;
}

static int apply(struct pa_rctx *c, const char *p)
{
    enum rl_kind k = pa_rl_classify(p);
    struct pa_report *r = pa_rc_cur(c);
    int err = 0;
    int node_for_next = -1;

    /* A wrapped header waiting for its tail. */
    if (c->pending_hdr) {
        if (!c->prefixed && *p && (k == K_OTHER || k == K_KV || k == K_CPUSET || k == K_STACK)) {
            if ((err = hold_header(c, p)) != 0)
                return err;
            if (is_oom_header(c->pending_hdr) ? !oom_header_complete(c->pending_hdr)
                                               : !header_complete(c->pending_hdr))
                return 0;
            return flush_header(c);
        }
        if ((err = flush_header(c)) < 0)
            return err;
        r = pa_rc_cur(c);
    }
    if ((k == K_HEADER && !header_complete(p)) || (k == K_OOM && !oom_header_complete(p))) {
        c->pending_line = c->line;
        c->pending_len = 0;
        return hold_header(c, p);
    }
    if (r && c->version_pending) {
        c->version_pending = false;
        if (!c->prefixed && version_tail(c, p)) {
            pa_rc_recognised(c);
            return 0;
        }
    }
    if (k == K_NODE_ONLY) {
        c->pending_node = pa_rl_node_num(p);
        if (r)
            pa_rc_recognised(c);
        else
            c->set->nr_outside++;
        return 0;
    }
    node_for_next = c->pending_node;
    c->pending_node = -1;
    if ((k == K_ZONE || k == K_BUDDY) && node_for_next >= 0 && !rl_starts(p, "Node "))
        c->pending_node = node_for_next; /* consumed by parse_zone / parse_buddy */

    /* Continuations of the line before. A wrapped zone line may continue
       with "active_anon:NkB", which alone would start the counters block. */
    if (k == K_GLOBAL && r && !c->prefixed && (c->last == K_ZONE || c->last == K_NODE))
        k = K_KV;
    if (r && c->buddy_zone >= 0 && (k == K_BUDDY_CONT || k == K_NUMBERS)) {
        err = pa_rc_buddy_tokens(c, p);
        if (!err)
            pa_rc_recognised(c);
        return err;
    }
    if (r && c->buddy_zone >= 0) {
        pa_rc_warn(c, p, "the buddy line before ended without its '= TOTALkB': its higher "
                         "orders are unknown");
        r->zones[c->buddy_zone].buddy_partial = true;
        c->buddy_zone = -1;
    }
    if (r && k == K_KV) {
        if (c->last == K_ZONE && c->last_zone >= 0) {
            struct pa_report_zone *z = &r->zones[c->last_zone];
            err = pa_rc_kv_run(c, p, z, z->kv, &z->nr_kv, PA_REPORT_MAX_KV);
        } else if (c->last == K_GLOBAL) {
            err = pa_rc_kv_run(c, p, NULL, r->global, &r->nr_global, 48);
        } else if (c->last == K_NODE) {
            err = pa_rc_kv_run(c, p, NULL, NULL, NULL, 0);
        } else {
            k = K_OTHER;
            goto other;
        }
        if (!err)
            pa_rc_recognised(c);
        return err; /* c->last stays: more continuation may follow */
    }
    /* lowmem_reserve[] numbers: wrapped by a mail client, or (4.9+, syslog)
       one record per number. */
    if (r && k == K_NUMBERS && c->last == K_LOWMEM) {
        err = pa_rc_lowmem_numbers(c, p, &r->zones[c->last_zone]);
        if (!err)
            pa_rc_recognised(c);
        return err;
    }

    switch (k) {
    case K_HEADER:
        close_report(c);
        err = parse_header(c, p);
        break;
    case K_OOM:
        close_report(c);
        err = parse_oom(c, p);
        break;
    case K_SHOWMEM:
        close_report(c);
        if ((err = open_report(c)) != 0)
            return err;
        pa_rc_cur(c)->show_mem = true;
        pa_rc_cur(c)->header_line = c->line;
        pa_rc_recognised(c);
        break;
    case K_VICTIM: {
        /* after the task list, which may have ended the report: the last OOM one */
        struct pa_report *v = r;
        if (!v && c->set->nr && c->set->reports[c->set->nr - 1].oom)
            v = &c->set->reports[c->set->nr - 1];
        if (v && (v->oom || v->header_line == 0)) {
            if (!v->victim_line || rl_starts(p, "Killed") || rl_starts_ci(p, "Out of memory"))
                parse_victim(c, v, p);
            if (v == r)
                pa_rc_recognised(c);
        } else {
            c->set->nr_outside++;
        }
        return 0;
    }
    case K_END:
        close_report(c);
        c->set->nr_outside++;
        return 0;
    case K_MEMINFO:
        if (r && r->meminfo_line) {
            close_report(c);
            c->set->nr_outside++;
            return 0;
        }
        if (!r && (err = open_report(c)) != 0)
            return err;
        pa_rc_cur(c)->meminfo_line = c->line;
        pa_rc_recognised(c);
        break;
    case K_ZONE:
    case K_BUDDY:
        if (!r && (err = open_report(c)) != 0)
            return err;
        err = k == K_ZONE ? parse_zone(c, p) : parse_buddy(c, p);
        break;
    default:
        goto other;
    }
    if (err >= 0 && pa_rc_cur(c))
        c->last = k;
    return err;

other:
    if (!r) {
        c->set->nr_outside++;
        return 0;
    }
    switch (k) {
    case K_CPUSET:
        parse_cpuset(c, p);
        pa_rc_recognised(c);
        break;
    case K_VERSION:
        parse_version(c, p);
        pa_rc_recognised(c);
        break;
    case K_HARDWARE:
        if (!r->hardware[0])
            snprintf(r->hardware, sizeof r->hardware, "%s", rl_skip_ws(p + 14));
        pa_rc_recognised(c);
        break;
    case K_LOWMEM:
        err = parse_lowmem(c, p);
        if (err == 1) {
            err = 0;
            k = K_OTHER;
            goto ignored;
        }
        break;
    case K_GLOBAL:
        err = pa_rc_kv_run(c, p, NULL, r->global, &r->nr_global, 48);
        if (!err)
            pa_rc_recognised(c);
        break;
    case K_NODE:
        err = pa_rc_kv_run(c, pa_rl_after_node(p), NULL, NULL, NULL, 0);
        if (!err)
            pa_rc_recognised(c);
        break;
    case K_HUGEPAGES:
        err = pa_rc_hugepages(c, p);
        break;
    case K_SWAP:
    case K_TOTALS:
        pa_rc_swap_totals(c, p);
        break;
    case K_PCP:
    case K_STACK:
        pa_rc_recognised(c);
        break;
    default:
    ignored:
        if (!*p)
            return 0; /* a blank line is neither known nor unknown */
        if (r->nr_ignored < PA_REPORT_MAX_IGNORED)
            r->ignored[r->nr_ignored] = c->line;
        r->nr_ignored++;
        break;
    }
    if (err >= 0)
        c->last = k;
    return err;
}

/* printk seconds of a "[ 1234.567890]" stamp at the start of p (after the
   other prefixes), or -1. */
static double stamp_seconds(const char *p)
{
    p = rl_skip_ws(p);
    if (*p != '[')
        return -1;
    char *e;
    double v = strtod(p + 1, &e);
    return e != p + 1 && *e == ']' && v >= 0 ? v : -1;
}

static int do_line(struct pa_rctx *c, char *buf)
{
    /* Trailing CR and blanks. */
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '\t'))
        buf[--n] = '\0';
    char *piece = buf;
    bool first = true;
    while (piece) {
        char *cut = (char *)pa_log_next_cut(piece);
        if (cut) {
            cut[-1] = '\0'; /* the blank before the stamp */
        }
        c->base = buf;
        c->col0 = 1;
        const char *p = pa_log_strip(piece, first, &c->prefixed);
        /* A printk clock that goes back is another boot or another machine:
           what follows never belongs to the report before. */
        const char *s = strchr(piece, '[');
        double t = s && s < p ? stamp_seconds(s) : -1;
        if (t >= 0) {
            if (c->last_stamp >= 0 && t + 1.0 < c->last_stamp && pa_rc_cur(c) &&
                !c->pending_hdr) {
                close_report(c);
            }
            c->last_stamp = t;
        }
        int err = apply(c, p);
        if (err < 0)
            return err;
        piece = cut;
        first = false;
    }
    return 0;
}

int pa_report_parse_ex(const char *text, size_t len, unsigned flags,
                       struct pa_report_set *out, struct pa_report_diag *diag)
{
    if (!out || (!text && len))
        return PA_EINVAL;
    struct pa_rctx c;
    memset(out, 0, sizeof *out);
    memset(diag, 0, sizeof *diag);
    memset(&c, 0, sizeof c);
    c.set = out;
    c.diag = diag;
    c.cur = -1;
    c.buddy_zone = -1;
    c.last_zone = -1;
    c.pending_node = -1;
    c.strict = flags & PA_REPORT_STRICT;
    c.last_stamp = -1;

    /* Binary input is refused before anything is read. */
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        int line = 1;
        const char *ls = text;
        for (const char *q = text; q < nul; q++)
            if (*q == '\n') {
                line++;
                ls = q + 1;
            }
        diag->line = line;
        diag->column = (int)(nul - ls) + 1;
        snprintf(diag->msg, sizeof diag->msg, "unexpected NUL byte (binary input?)");
        return -1;
    }
    struct pa_clean cl;
    if (pa_report_clean(text, len, &cl))
        return -2;
    size_t cap = 256;
    char *buf = malloc(cap);
    int err = buf ? 0 : -2;
    for (int i = 0; i < cl.nr && !err; i++) {
        const char *ln = cl.text + cl.off[i];
        size_t n = strlen(ln);
        c.line = cl.line_of[i];
        if (n + 1 > cap) {
            cap = n + 1;
            char *nb = realloc(buf, cap);
            if (!nb) {
                err = -2;
                break;
            }
            buf = nb;
        }
        memcpy(buf, ln, n + 1);
        err = do_line(&c, buf);
        if (err > 0)
            err = 0;
    }
    free(buf);
    out->nr_lines = 0;
    for (size_t i = 0; i < len; i++)
        out->nr_lines += text[i] == '\n';
    if (len && text[len - 1] != '\n')
        out->nr_lines++;
    if (!err && c.pending_hdr && (err = flush_header(&c)) > 0)
        err = 0;
    free(c.pending_hdr);
    c.pending_hdr = NULL;
    if (!err)
        close_report(&c);
    if (!err)
        for (int f = 0; f < PA_FIX_NR; f++)
            if (cl.first_line[f])
                keep_warning(&c, cl.first_line[f], 1, pa_clean_fix_text((enum pa_clean_fix)f));
    pa_report_clean_free(&cl);
    if (err) {
        if (err == -2)
            snprintf(diag->msg, sizeof diag->msg, "out of memory");
        pa_report_set_free(out);
        return err;
    }
    return 0;
}

int pa_report_parse(const char *text, size_t len, struct pa_report_set *out,
                    struct pa_report_diag *diag)
{
    return pa_report_parse_ex(text, len, 0, out, diag);
}

void pa_report_set_free(struct pa_report_set *set)
{
    if (!set)
        return;
    for (int i = 0; i < set->nr; i++)
        free(set->reports[i].zones);
    free(set->reports);
    set->reports = NULL;
    set->nr = 0;
}

const struct pa_report_zone *pa_report_find_zone(const struct pa_report *r, int node,
                                                 enum pa_zone_type type)
{
    if (!r)
        return NULL;
    for (int i = 0; i < r->nr_zones; i++)
        if ((node < 0 || r->zones[i].node == node) && r->zones[i].type == type)
            return &r->zones[i];
    return NULL;
}

uint64_t pa_report_zone_pages_at_or_above(const struct pa_report_zone *z, unsigned order)
{
    if (!z)
        return 0;
    uint64_t s = 0;
    for (unsigned o = order; o < z->nr_orders; o++)
        s += z->nr_free[o] << o;
    return s;
}
