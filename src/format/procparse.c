/*
 * procparse.c - parsers of /proc/buddyinfo, /proc/pagetypeinfo,
 * /proc/zoneinfo, /proc/vmstat and debugfs extfrag files (kernel-semantics 11.1-
 * 11.3, 7.4) into a struct pa_procinfo.
 *
 * Shaped as one small cursor over lines plus one function per file, because
 * the five formats share their grammar pieces ("Node N, zone NAME", columns of
 * counts, "key value" lines) but not their structure. The grammar is
 * whitespace-tolerant (captures pasted into mail or blogs lose the kernel's
 * column alignment) and era-tolerant (see procparse.h); anything it does not
 * know is reported with line and column rather than skipped.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "format/proclex.h"
#include "pagealloc/order_text.h"
#include "pagealloc/procparse.h"

static struct pa_proc_zone *zone_get(struct pa_lex *c, struct pa_procinfo *pi, int node,
                                     const char *name)
{
    struct pa_proc_zone *z = pa_procinfo_zone(pi, node, name);
    if (z)
        return z;
    if (pi->nr_zones >= PA_PROC_MAX_ZONES) {
        pa_lex_fail(c, c->ls, "more than %d zones", PA_PROC_MAX_ZONES);
        return NULL;
    }
    z = &pi->zones[pi->nr_zones++];
    memset(z, 0, sizeof *z);
    z->node = node;
    snprintf(z->name, sizeof z->name, "%s", name);
    return z;
}

/* ---- shared helpers ------------------------------------------------------------ */
void pa_procinfo_init(struct pa_procinfo *pi)
{
    if (!pi)
        return;
    memset(pi, 0, sizeof *pi);
}

void pa_diag_format(const struct pa_diag *d, char *buf, size_t n)
{
    if (!buf || !n)
        return;
    if (!d) {
        buf[0] = '\0';
        return;
    }
    snprintf(buf, n, "%s:%ld:%ld: %s", d->file, d->line, d->col, d->msg);
}

struct pa_proc_zone *pa_procinfo_zone(struct pa_procinfo *pi, int node, const char *name)
{
    if (!pi || !name)
        return NULL;
    for (int i = 0; i < pi->nr_zones; i++)
        if (pi->zones[i].node == node && !strcmp(pi->zones[i].name, name))
            return &pi->zones[i];
    return NULL;
}

const struct pa_proc_zone *pa_procinfo_zone_c(const struct pa_procinfo *pi, int node,
                                              const char *name)
{
    return pa_procinfo_zone((struct pa_procinfo *)pi, node, name);
}

bool pa_procinfo_vmstat(const struct pa_procinfo *pi, const char *name, uint64_t *value)
{
    if (!pi || !name)
        return false;
    for (int i = 0; i < pi->nr_vmstat; i++)
        if (!strcmp(pi->vmstat[i].name, name)) {
            *value = pi->vmstat[i].value;
            return true;
        }
    return false;
}

int pa_migratetype_from_name(const char *name)
{
    if (!name)
        return -1;
    for (int t = 0; t < PA_MT_COUNT; t++)
        if (!strcmp(name, pa_migratetype_name((enum pa_migratetype)t)))
            return t;
    return -1;
}

int pa_zone_type_from_name(const char *name)
{
    if (!name)
        return -1;
    for (int t = 0; t < PA_ZONE_TYPES; t++)
        if (!strcmp(name, pa_zone_type_name((enum pa_zone_type)t)))
            return t;
    return -1;
}

/* "Node N, zone NAME" (no comma after the name) starting a line of counts;
   *zp gets the zone, created on first mention. */
static int zone_line(struct pa_lex *c, struct pa_procinfo *pi, struct pa_proc_zone **zp)
{
    int node, err;
    char name[16];
    bool comma;
    if ((err = pa_lex_node_zone(c, &node, name, sizeof name, &comma)))
        return err;
    if (comma)
        return pa_lex_fail(c, c->q - 1, "unexpected ',' after the zone name");
    *zp = zone_get(c, pi, node, name);
    return *zp ? 0 : PA_EINVAL;
}

/* ---- buddyinfo and debugfs extfrag: "Node N, zone NAME" + one column per order */
enum table_kind { T_BUDDY, T_UNUSABLE, T_EXTFRAG };

static int frac3(struct pa_lex *c, int *out);

static int parse_zone_table(struct pa_procinfo *pi, enum table_kind kind, const char *text,
                            size_t len, const char *fname, struct pa_diag *d)
{
    struct pa_lex c;
    int err, lines = 0;
    unsigned first_n = 0;  /* columns of the first line: every zone has max_order + 1 */
    pa_lex_init(&c, text, len, fname, d);
    while (pa_lex_next_line(&c)) {
        if (pa_lex_blank(&c))
            continue;
        struct pa_proc_zone *z = NULL;
        if ((err = zone_line(&c, pi, &z)))
            return err;
        bool *have = kind == T_BUDDY      ? &z->have_buddy
                     : kind == T_EXTFRAG ? &z->have_extfrag
                                         : &z->have_unusable;
        if (*have)
            return pa_lex_fail(&c, c.ls, "node %d zone %s is listed twice", z->node, z->name);
        unsigned n = 0;
        uint64_t pages = 0;   /* T_BUDDY: the free pages so far */
        while (!pa_lex_at_eol(&c)) {
            if (n >= PA_PROC_ORDERS)
                return pa_lex_fail(&c, c.q, "more than %d order columns", PA_PROC_ORDERS);
            if (kind == T_BUDDY) {
                pa_lex_skip_ws(&c);
                const char *at = c.q;
                err = pa_lex_u64(&c, "a free block count", &z->nr_free[n]);
                /* A 64-bit physical address space holds 2^52 4 KiB pages: more
                   is no machine, and the sums (pages, kB) would wrap. */
                const uint64_t max = (uint64_t)1 << 52;
                if (!err && (z->nr_free[n] > (max >> n) || pages + (z->nr_free[n] << n) > max))
                    return pa_lex_fail(&c, at, "the free block counts add up to more than 2^52 "
                                               "pages: not a real machine's");
                if (!err)
                    pages += z->nr_free[n] << n;
            } else
                err = frac3(&c, kind == T_EXTFRAG ? &z->extfrag[n] : &z->unusable[n]);
            if (err)
                return err;
            n++;
        }
        if (!n)
            return pa_lex_fail(&c, c.q, "expected %s after the zone name",
                               kind == T_BUDDY ? "free block counts" : "index values");
        /* the kernel prints MAX_ORDER columns for every zone: a line with
           fewer or more was cut or pasted together, and its total is wrong */
        if (lines && n != first_n)
            return pa_lex_fail(&c, c.q, "%u columns where the first zone line has %u: "
                                        "a truncated or joined line", n, first_n);
        first_n = n;
        if (kind == T_BUDDY)
            z->nr_orders = n;
        else if (kind == T_EXTFRAG)
            z->nr_extfrag = n;
        else
            z->nr_unusable = n;
        *have = true;
        lines++;
    }
    if (!lines) {
        c.line = c.line ? c.line : 1;
        return pa_lex_fail(&c, NULL, "no 'Node N, zone NAME' line%s",
                           kind == T_BUDDY ? ": not a buddyinfo file" : "");
    }
    if (kind == T_BUDDY)
        pi->have_buddyinfo = true;
    else if (kind == T_EXTFRAG)
        pi->have_extfrag = true;
    else
        pi->have_unusable = true;
    return 0;
}

/* /proc/buddyinfo (11.1) */
int pa_parse_buddyinfo(struct pa_procinfo *pi, const char *text, size_t len, const char *fname,
                       struct pa_diag *d)
{
    if (!pi || (!text && len))
        return PA_EINVAL;
    return parse_zone_table(pi, T_BUDDY, text, len, fname, d);
}

/* ---- /proc/pagetypeinfo (11.2) ---------------------------------------------------- */
static int ptype_header_value(struct pa_lex *c, const char *w1, const char *w2, const char *w3,
                              uint64_t *v)
{
    int err;
    if ((err = pa_lex_word(c, w1)) || (err = pa_lex_word(c, w2)) || (err = pa_lex_word(c, w3)))
        return err;
    if ((err = pa_lex_u64(c, "a number", v)))
        return err;
    if (!pa_lex_at_eol(c))
        return pa_lex_fail(c, c->q, "expected end of line");
    return 0;
}

/* A count or ">N" (a capped count, 5.x+). */
static int ptype_count(struct pa_lex *c, uint64_t *v, bool *capped)
{
    const char *s, *e;
    char buf[32];
    if (!pa_lex_token(c, &s, &e))
        return pa_lex_fail(c, c->q, "expected a free count, got end of line");
    *capped = false;
    const char *ds = s;
    if (*ds == '>') {
        *capped = true;
        ds++;
    }
    if (!pa_lex_digits_u64(ds, e, v)) {
        pa_lex_shown(s, e, buf, sizeof buf);
        return pa_lex_fail(c, s, "expected a free count or '>N', got '%s'", buf);
    }
    return 0;
}

static int parse_free_row(struct pa_lex *c, struct pa_procinfo *pi, unsigned ncols)
{
    int node, err;
    char name[16];
    bool comma;
    const char *s, *e;
    char buf[32];
    if ((err = pa_lex_node_zone(c, &node, name, sizeof name, &comma)))
        return err;
    if (!comma)
        return pa_lex_fail(c, c->q, "expected ',' after the zone name");
    if ((err = pa_lex_word(c, "type")))
        return err;
    if (!pa_lex_token(c, &s, &e))
        return pa_lex_fail(c, c->q, "expected a migratetype name after 'type'");
    if ((size_t)(e - s) >= sizeof((struct pa_proc_mtrow *)0)->name) {
        pa_lex_shown(s, e, buf, sizeof buf);
        return pa_lex_fail(c, s, "expected a migratetype name, got '%s'", buf);
    }
    struct pa_proc_zone *z = zone_get(c, pi, node, name);
    if (!z)
        return PA_EINVAL;
    if (z->nr_types >= PA_PROC_MAX_TYPES)
        return pa_lex_fail(c, s, "more than %d migratetype rows for node %d zone %s",
                           PA_PROC_MAX_TYPES, node, name);
    struct pa_proc_mtrow *r = &z->types[z->nr_types];
    memset(r, 0, sizeof *r);
    memcpy(r->name, s, (size_t)(e - s));
    for (int i = 0; i < z->nr_types; i++)
        if (!strcmp(z->types[i].name, r->name))
            return pa_lex_fail(c, s, "type %s of node %d zone %s is listed twice", r->name, node,
                               name);
    r->mt = pa_migratetype_from_name(r->name);
    for (unsigned o = 0; o < ncols; o++) {
        bool capped = false;
        if ((err = ptype_count(c, &r->nr_free[o], &capped)))
            return err;
        if (capped)
            r->capped |= 1u << o;
    }
    if (!pa_lex_at_eol(c))
        return pa_lex_fail(c, c->q, "expected %u order columns (as in the header), found more",
                           ncols);
    z->nr_types++;
    z->have_types = true;
    return 0;
}

static int parse_block_row(struct pa_lex *c, struct pa_procinfo *pi, int ncols, char names[][16],
                           bool store)
{
    int node, err;
    char name[16];
    bool comma;
    if ((err = pa_lex_node_zone(c, &node, name, sizeof name, &comma)))
        return err;
    if (comma)
        return pa_lex_fail(c, c->q - 1, "unexpected ',' after the zone name");
    uint64_t v[PA_PROC_MAX_TYPES];
    for (int i = 0; i < ncols; i++)
        if ((err = pa_lex_u64(c, "a pageblock count", &v[i])))
            return err;
    if (!pa_lex_at_eol(c))
        return pa_lex_fail(c, c->q, "expected %d pageblock counts (as in the header), found more",
                           ncols);
    if (!store)
        return 0;
    struct pa_proc_zone *z = zone_get(c, pi, node, name);
    if (!z)
        return PA_EINVAL;
    if (z->have_blocks)
        return pa_lex_fail(c, c->ls, "pageblock counts of node %d zone %s are listed twice", node,
                           name);
    z->nr_block_types = ncols;
    for (int i = 0; i < ncols; i++) {
        memcpy(z->block_type_name[i], names[i], 16);
        z->blocks[i] = v[i];
    }
    z->have_blocks = true;
    return 0;
}

/* "Number of blocks type" / "Number of mixed blocks" header: the type names. */
static int parse_block_header(struct pa_lex *c, char names[][16], int *n)
{
    const char *s, *e;
    char buf[32];
    *n = 0;
    while (pa_lex_token(c, &s, &e)) {
        if (*n >= PA_PROC_MAX_TYPES)
            return pa_lex_fail(c, s, "more than %d migratetype columns", PA_PROC_MAX_TYPES);
        if ((size_t)(e - s) >= 16) {
            pa_lex_shown(s, e, buf, sizeof buf);
            return pa_lex_fail(c, s, "expected a migratetype name, got '%s'", buf);
        }
        memcpy(names[*n], s, (size_t)(e - s));
        names[*n][e - s] = '\0';
        (*n)++;
    }
    if (!*n)
        return pa_lex_fail(c, c->q, "expected migratetype names after 'Number of blocks type'");
    return 0;
}

int pa_parse_pagetypeinfo(struct pa_procinfo *pi, const char *text, size_t len, const char *fname,
                          struct pa_diag *d)
{
    if (!pi || (!text && len))
        return PA_EINVAL;
    enum {
        S_ORDER,
        S_PERBLOCK,
        S_WANT_FREE_HDR,
        S_FREE_ROWS,
        S_BETWEEN,
        S_BLOCK_ROWS,
        S_MIXED_ROWS
    } st = S_ORDER;
    struct pa_lex c;
    int err;
    unsigned ncols = 0;
    int nblk = 0;
    char blk_names[PA_PROC_MAX_TYPES][16];
    uint64_t v;
    bool saw_blocks = false;

    pa_lex_init(&c, text, len, fname, d);
    while (pa_lex_next_line(&c)) {
        bool blank = pa_lex_blank(&c);
        switch (st) {
        case S_ORDER:
            if (blank)
                continue;
            if ((err = ptype_header_value(&c, "Page", "block", "order:", &v)))
                return err;
            if (v > PA_ORDER_CAP) {
                char t[96], g[24];
                snprintf(g, sizeof g, "%" PRIu64, v);
                pa_order_range_text(t, sizeof t, g, PA_ORDER_CAP);
                return pa_lex_fail(&c, c.ls, "page block %s", t);
            }
            pi->pageblock_order = (unsigned)v;
            st = S_PERBLOCK;
            break;
        case S_PERBLOCK:
            if ((err = pa_lex_word(&c, "Pages")) || (err = pa_lex_word(&c, "per")) ||
                (err = pa_lex_word(&c, "block:")) || (err = pa_lex_u64(&c, "a number", &v)))
                return err;
            if (!pa_lex_at_eol(&c))
                return pa_lex_fail(&c, c.q, "expected end of line");
            if (v != (uint64_t)1 << pi->pageblock_order)
                return pa_lex_fail(&c, c.ls, "pages per block %" PRIu64 " is not 2^%u", v,
                                   pi->pageblock_order);
            pi->pages_per_block = v;
            pi->have_pageblock_order = true;
            st = S_WANT_FREE_HDR;
            break;
        case S_WANT_FREE_HDR: {
            if (blank)
                continue;
            static const char *const w[] = {"Free",    "pages", "count", "per",
                                            "migrate", "type",  "at",    "order"};
            for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
                if ((err = pa_lex_word(&c, w[i])))
                    return err;
            ncols = 0;
            while (!pa_lex_at_eol(&c)) {
                const char *at = c.q;
                if ((err = pa_lex_u64(&c, "an order number", &v)))
                    return err;
                if (v != ncols)
                    return pa_lex_fail(&c, at, "expected order %u in the header, got %" PRIu64,
                                       ncols, v);
                if (++ncols > PA_PROC_ORDERS)
                    return pa_lex_fail(&c, at, "more than %d order columns", PA_PROC_ORDERS);
            }
            if (!ncols)
                return pa_lex_fail(&c, c.q, "expected order numbers in the header");
            st = S_FREE_ROWS;
            break;
        }
        case S_FREE_ROWS:
            if (blank) {
                st = S_BETWEEN;
                continue;
            }
            if ((err = parse_free_row(&c, pi, ncols)))
                return err;
            break;
        case S_BETWEEN:
        case S_BLOCK_ROWS:
        case S_MIXED_ROWS:
            if (blank) {
                st = S_BETWEEN;
                continue;
            }
            {
                const char *s, *e;
                const char *save = c.q;
                if (!pa_lex_token(&c, &s, &e))
                    continue;
                if (pa_lex_is(s, e, "Number")) {
                    if ((err = pa_lex_word(&c, "of")))
                        return err;
                    const char *s2, *e2;
                    if (!pa_lex_token(&c, &s2, &e2))
                        return pa_lex_fail(&c, c.q, "expected 'blocks type' or 'mixed blocks'");
                    if (pa_lex_is(s2, e2, "blocks")) {
                        if ((err = pa_lex_word(&c, "type")))
                            return err;
                        if (saw_blocks)
                            return pa_lex_fail(&c, s, "a second 'Number of blocks type' section");
                        if ((err = parse_block_header(&c, blk_names, &nblk)))
                            return err;
                        saw_blocks = true;
                        st = S_BLOCK_ROWS;
                    } else if (pa_lex_is(s2, e2, "mixed")) {
                        /* PAGE_OWNER kernels: pageblocks holding pages of another
                           type, per type. Validated, not stored. */
                        if ((err = pa_lex_word(&c, "blocks")))
                            return err;
                        if ((err = parse_block_header(&c, blk_names, &nblk)))
                            return err;
                        st = S_MIXED_ROWS;
                    } else {
                        char buf[32];
                        pa_lex_shown(s2, e2, buf, sizeof buf);
                        return pa_lex_fail(
                            &c, s2, "expected 'blocks type' or 'mixed blocks', got '%s'", buf);
                    }
                    break;
                }
                c.q = save;
                if (st == S_BETWEEN)
                    return pa_lex_fail(&c, s, "expected a 'Number of ...' section header");
                if ((err = parse_block_row(&c, pi, nblk, blk_names, st == S_BLOCK_ROWS)))
                    return err;
            }
            break;
        }
    }
    if (st == S_ORDER || st == S_PERBLOCK || st == S_WANT_FREE_HDR) {
        c.ls = NULL;
        return pa_lex_fail(&c, NULL, "the file ends before the free count table");
    }
    pi->have_pagetypeinfo = true;
    return 0;
}

/* ---- /proc/zoneinfo (11.3) --------------------------------------------------------- */
static int zi_protection(struct pa_lex *c, struct pa_proc_zone *z)
{
    /* "(a, b, c)" after "protection:" */
    pa_lex_skip_ws(c);
    if (c->q >= c->le || *c->q != '(')
        return pa_lex_fail(c, c->q, "expected '(' after 'protection:'");
    c->q++;
    z->nr_protection = 0;
    for (;;) {
        pa_lex_skip_ws(c);
        const char *s = c->q;
        while (c->q < c->le && isdigit((unsigned char)*c->q))
            c->q++;
        uint64_t v;
        if (!pa_lex_digits_u64(s, c->q, &v))
            return pa_lex_fail(c, s, "expected a page count in protection: (...)");
        if (z->nr_protection >= PA_PROC_MAX_PROT)
            return pa_lex_fail(c, s, "more than %d protection values", PA_PROC_MAX_PROT);
        z->protection[z->nr_protection++] = v;
        pa_lex_skip_ws(c);
        if (c->q < c->le && *c->q == ',') {
            c->q++;
            continue;
        }
        if (c->q < c->le && *c->q == ')') {
            c->q++;
            break;
        }
        return pa_lex_fail(c, c->q, "expected ',' or ')' in protection: (...)");
    }
    if (!pa_lex_at_eol(c))
        return pa_lex_fail(c, c->q, "expected end of line after protection: (...)");
    return 0;
}

/* Store a zone-level "key value" (key has no ':'), by name. */
/* Store a page count this tool uses; false for the other (valid) items. */
static bool zi_store(struct pa_proc_zone *z, const char *key, uint64_t v)
{
    if (!strcmp(key, "pages free"))
        z->free_pages = v;
    else if (!strcmp(key, "min"))
        z->wmark_min = v;
    else if (!strcmp(key, "low"))
        z->wmark_low = v;
    else if (!strcmp(key, "high"))
        z->wmark_high = v;
    else if (!strcmp(key, "promo"))
        z->wmark_promo = v, z->have_promo = true;
    else if (!strcmp(key, "boost"))
        z->boost = v, z->have_boost = true;
    else if (!strcmp(key, "spanned"))
        z->spanned = v;
    else if (!strcmp(key, "present"))
        z->present = v;
    else if (!strcmp(key, "managed"))
        z->managed = v, z->have_managed = true;
    else if (!strcmp(key, "cma"))
        z->cma = v;
    else if (!strcmp(key, "nr_free_cma"))
        z->nr_free_cma = v, z->have_nr_free_cma = true;
    else if (!strcmp(key, "nr_free_highatomic"))
        z->nr_free_highatomic = v, z->have_nr_free_highatomic = true;
    /* other items (zone vmstat counters, numa_*, scanned, ...) are valid
       lines this tool does not use */
    else
        return false;
    return true;
}

int pa_parse_zoneinfo(struct pa_procinfo *pi, const char *text, size_t len, const char *fname,
                      struct pa_diag *d)
{
    if (!pi || (!text && len))
        return PA_EINVAL;
    struct pa_lex c;
    int err;
    struct pa_proc_zone *z = NULL;
    bool node_stats = false, pagesets = false;
    pa_lex_init(&c, text, len, fname, d);
    while (pa_lex_next_line(&c)) {
        if (pa_lex_blank(&c))
            continue;
        pa_lex_skip_ws(&c);
        if (c.q == c.ls && c.le - c.q >= 4 && !memcmp(c.q, "Node", 4)) {
            int node;
            char name[16];
            bool comma;
            if ((err = pa_lex_node_zone(&c, &node, name, sizeof name, &comma)))
                return err;
            if (comma || !pa_lex_at_eol(&c))
                return pa_lex_fail(&c, c.q, "expected end of line after 'Node N, zone NAME'");
            if (!(z = zone_get(&c, pi, node, name)))
                return PA_EINVAL;
            if (z->have_zoneinfo)
                return pa_lex_fail(&c, c.ls, "node %d zone %s is listed twice", node, name);
            z->have_zoneinfo = true;
            z->zi_index = 0;
            for (int k = 0; k < pi->nr_zones; k++)
                if (&pi->zones[k] != z && pi->zones[k].node == node && pi->zones[k].have_zoneinfo)
                    z->zi_index++;
            node_stats = pagesets = false;
            continue;
        }
        if (!z)
            return pa_lex_fail(&c, c.q, "expected 'Node N, zone NAME' before zone data");
        /* "protection: (...)", or a key of one or more words and a value. */
        const char *ks = c.q, *s, *e, *vs = NULL, *ve = NULL, *kend = NULL;
        int ntok = 0;
        if (pa_lex_token(&c, &s, &e) && pa_lex_is(s, e, "protection:")) {
            if ((err = zi_protection(&c, z)))
                return err;
            continue;
        }
        c.q = ks;
        while (pa_lex_token(&c, &s, &e)) {
            ntok++;
            kend = ve;
            vs = s;
            ve = e;
        }
        char key[64];
        if (ntok == 1) {
            if (pa_lex_is(vs, ve, "pagesets")) {
                pagesets = true;
                node_stats = false;
                continue;
            }
            char buf[32];
            pa_lex_shown(vs, ve, buf, sizeof buf);
            return pa_lex_fail(
                &c, vs, "expected 'key value', 'pagesets' or 'per-node stats', got '%s'", buf);
        }
        if ((size_t)(kend - ks) >= sizeof key)
            return pa_lex_fail(&c, ks, "key longer than %zu characters", sizeof key - 1);
        memcpy(key, ks, (size_t)(kend - ks));
        key[kend - ks] = '\0';
        if (!strcmp(key, "per-node") && pa_lex_is(vs, ve, "stats")) {
            node_stats = true;
            continue;
        }
        /* The value: a decimal number (counters print %lu; a few %ld). */
        const char *ds = vs;
        if (ds < ve && *ds == '-')
            ds++;
        uint64_t v;
        if (!pa_lex_digits_u64(ds, ve, &v)) {
            char buf[32];
            pa_lex_shown(vs, ve, buf, sizeof buf);
            return pa_lex_fail(&c, vs, "expected a number after '%s', got '%s'", key, buf);
        }
        size_t kl = strlen(key);
        bool colon = kl && key[kl - 1] == ':';
        if (!strcmp(key, "pages free")) {
            node_stats = pagesets = false;
        }
        if (node_stats)
            continue; /* per-node counters: valid, unused */
        if (colon) {
            if (!strcmp(key, "start_pfn:"))
                z->start_pfn = v, z->have_start_pfn = true, pagesets = false;
            else if (pagesets && !strcmp(key, "count:"))
                z->pcp_count += v, z->have_pcp_count = true;
            continue; /* cpu:, count:, high:, batch:, ... */
        }
        if (pagesets)
            continue;
        if (*vs == '-')
            continue; /* a signed counter: not one we use */
        /* as for buddyinfo: 2^52 pages fill a 64-bit physical address space;
           'min 18446744073709551615' printed 'order-0 test: free -1 <= min -1' */
        if (zi_store(z, key, v) && v > ((uint64_t)1 << 52))
            return pa_lex_fail(&c, vs, "%s %" PRIu64 " is above 2^52 pages: not a real "
                                       "machine's", key, v);
    }
    if (!z) {
        c.ls = NULL;
        c.line = c.line ? c.line : 1;
        return pa_lex_fail(&c, NULL, "no 'Node N, zone NAME' line: not a zoneinfo file");
    }
    pi->have_zoneinfo = true;
    return 0;
}

/* ---- /proc/vmstat --------------------------------------------------------------- */
int pa_parse_vmstat(struct pa_procinfo *pi, const char *text, size_t len, const char *fname,
                    struct pa_diag *d)
{
    if (!pi || (!text && len))
        return PA_EINVAL;
    struct pa_lex c;
    int err;
    pa_lex_init(&c, text, len, fname, d);
    while (pa_lex_next_line(&c)) {
        const char *s = NULL, *e = NULL;
        if (pa_lex_blank(&c) || !pa_lex_token(&c, &s, &e))
            continue;
        if ((size_t)(e - s) >= sizeof pi->vmstat[0].name)
            return pa_lex_fail(&c, s, "counter name longer than %zu characters",
                               sizeof pi->vmstat[0].name - 1);
        for (const char *t = s; t < e; t++)
            if (!isalnum((unsigned char)*t) && *t != '_')
                return pa_lex_fail(&c, t, "expected a counter name ([a-z0-9_])");
        if (pi->nr_vmstat >= PA_PROC_MAX_VMSTAT)
            return pa_lex_fail(&c, s, "more than %d counters", PA_PROC_MAX_VMSTAT);
        struct pa_proc_vmstat_item *it = &pi->vmstat[pi->nr_vmstat];
        memcpy(it->name, s, (size_t)(e - s));
        it->name[e - s] = '\0';
        if ((err = pa_lex_u64(&c, "the counter's value", &it->value)))
            return err;
        if (!pa_lex_at_eol(&c))
            return pa_lex_fail(&c, c.q, "expected end of line after the value");
        pi->nr_vmstat++;
    }
    pi->have_vmstat = true;
    return 0;
}

/* ---- debugfs extfrag/{unusable_index,extfrag_index} (7.4) --------------------- */
/* "%d.%03d" of a value in thousandths; "-1.000" for -1000. */
static int frac3(struct pa_lex *c, int *out)
{
    const char *s, *e;
    char buf[32];
    if (!pa_lex_token(c, &s, &e))
        return pa_lex_fail(c, c->q, "expected an index value, got end of line");
    const char *p = s;
    bool neg = false;
    if (*p == '-')
        neg = true, p++;
    const char *dot = memchr(p, '.', (size_t)(e - p));
    uint64_t ip, fp;
    if (!dot || e - dot != 4 || !pa_lex_digits_u64(p, dot, &ip) ||
        !pa_lex_digits_u64(dot + 1, e, &fp) || ip > 1000) {
        pa_lex_shown(s, e, buf, sizeof buf);
        return pa_lex_fail(c, s, "expected an index like '0.123' or '-1.000', got '%s'", buf);
    }
    long v = (long)(ip * 1000 + fp);
    *out = (int)(neg ? -v : v);
    return 0;
}

int pa_parse_extfrag(struct pa_procinfo *pi, bool extfrag, const char *text, size_t len,
                     const char *fname, struct pa_diag *d)
{
    if (!pi || (!text && len))
        return PA_EINVAL;
    return parse_zone_table(pi, extfrag ? T_EXTFRAG : T_UNUSABLE, text, len, fname, d);
}
