/*
 * cmd_explain.c - `pagealloc explain [--kernel V] [--order N] [--mode M]
 * [--min-free-kbytes N] [--json] [FILE|-]`: read pasted "page allocation
 * failure" reports and say why each failed.
 *
 * This file only wires the layers together and prints: the parser
 * (src/format/report.c) finds the reports, report_state.c turns a dump into
 * pages, the era profile (--kernel, else the report's version line) gives the
 * rules, pa_explain (src/mm/explain.c) replays the era's watermark check and
 * decides, and pa_explain_text (src/format/explain_text.c) says it. The what-ifs ask the same questions under 4.4 and
 * under the newest modelled kernel, with the mode translated to their GFP
 * layouts.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"
#include "pagealloc/explain_text.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/json.h"
#include "pagealloc/profile.h"
#include "pagealloc/report.h"
#include "pagealloc/strbuf.h"
#include "pagealloc/wmark_text.h"

static void help(FILE *f)
{
    fputs("usage: pagealloc explain [--kernel VERSION] [--order N] [--mode MODE]\n"
          "                         [--min-free-kbytes N] [--page-size SIZE] [--json] [FILE|-]\n\n"
          "Read text pasted from dmesg, journalctl -k, /var/log/messages or a mail and,\n"
          "for every \"page allocation failure\" report in it, say why the allocation\n"
          "failed: what was asked (order, GFP flags decoded for that kernel, usable\n"
          "zones, class zone, slow-path ALLOC flags), the kernel's own watermark check\n"
          "at MIN replayed step by step on each zone of the Mem-Info dump, a verdict\n"
          "(too little free memory, fragmentation, lowmem_reserve, a zone it may not\n"
          "use, atomic context, a costly order, or a state that changed before the\n"
          "dump), and what-ifs (4.4+ and current kernels, the memory that was needed,\n"
          "another min_free_kbytes). Timestamps, syslog prefixes, CRLF, quote marks and\n"
          "mail-wrapped lines are accepted. Without FILE, or with -, read stdin.\n\n"
          "  --kernel VERSION      kernel rules to use (uname -r text or a profile name);\n"
          "                        default: the report's 'Not tainted VERSION' line\n"
          "  --order N             the order, for reports whose header the quote lacks\n"
          "                        (a report's own header wins)\n"
          "  --mode MODE           the GFP mode likewise: 0xd0, GFP_KERNEL|__GFP_COMP\n"
          "  --min-free-kbytes N   also replay the check with MIN scaled to this\n"
          "                        vm.min_free_kbytes\n"
          "  --page-size SIZE      page size (4K, 16K, 64K or bytes) when the dump has no\n"
          "                        buddy line to show it\n"
          "                        (default 4; 16 or 64 on some arm64 kernels)\n"
          "  --json                {\"reports\":[...]} instead of text\n"
          "  --strict              refuse the input at its first malformed part\n"
          "                        (exit 2) instead of warning and reading on\n\n"
          "OOM-killer reports (\"invoked oom-killer: gfp_mask=..., order=N\") are read like\n"
          "failures and their victim is named; dumps without a failure (SysRq-M, a quote\n"
          "without its header) get, per zone, the orders a request would get at MIN.\n"
          "Without a version line the kernel's era is read off the dump's fields.\n"
          "Text is wrapped to the terminal (80 columns when not a terminal).\n\n"
          "Exit status: 0 reports explained (parts not understood are warnings on\n"
          "stderr), 1 no page allocation failure or OOM report found, 2 unreadable\n"
          "input or usage (pagealloc: FILE:LINE: what was expected).\n",
          f);
}

/* The whole input, at most PA_EXPLAIN_MAX_INPUT bytes (errno EFBIG past it:
   /dev/zero or `yes |` would otherwise grow until the OOM killer came). NULL
   with errno set on failure. */
#define PA_EXPLAIN_MAX_INPUT (64u << 20)
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    for (;;) {
        if (n == cap) {
            char *nb = cap >= PA_EXPLAIN_MAX_INPUT ? NULL : realloc(buf, cap *= 2);
            if (!nb) {
                int e = cap >= PA_EXPLAIN_MAX_INPUT ? EFBIG : ENOMEM;
                free(buf);
                errno = e;
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno ? errno : EIO;
        free(buf);
        errno = e;
        return NULL;
    }
    *len = n;
    return buf;
}

struct opts {
    const char *kernel, *order, *mode;
    uint64_t min_free_kbytes;
    unsigned page_kb;
    bool json, strict;
    const char *file;
};

/* How the report's kernel rules were chosen. */
struct era {
    char version[96];   /* what pa_profile_for_version read                    */
    char why[320];      /* "" when the report's own version line (or --kernel) */
    bool assumed;       /* nothing datable: the newest modelled kernel         */
};

/* One report: choose its rules and request, explain it. Returns 0, or 2 with
   the message printed. */
static int explain_one(const struct opts *o, const struct pa_report *r,
                       const struct pa_profile **pp, struct pa_explain_in *in,
                       struct pa_explain_result *res, struct pa_explain_text *tx, char *note,
                       size_t nn, char *warn, size_t nw, struct era *era,
                       const struct era *prev_era)
{
    const char *version = o->kernel ? o->kernel : r->kernel[0] ? r->kernel : NULL;
    int where = r->header_line ? r->header_line : r->first_line;
    warn[0] = '\0';
    memset(era, 0, sizeof *era);
    if (!version) {
        /* No version line: the era is read off the dump (never a refusal). */
        if (!pa_report_guess_version(r, era->version, sizeof era->version, era->why,
                                     sizeof era->why)) {
            if (prev_era && prev_era->version[0]) {
                /* the same paste, most likely the same machine */
                snprintf(era->version, sizeof era->version, "%s", prev_era->version);
                snprintf(era->why, sizeof era->why, "nothing in this report dates it: the era "
                         "of the report before it in the paste");
                era->assumed = prev_era->assumed;
            } else {
            snprintf(era->version, sizeof era->version, "%s", pa_profile_latest()->name);
            snprintf(era->why, sizeof era->why, "nothing in the paste dates it: the newest "
                     "modelled kernel assumed (give --kernel VERSION)");
            era->assumed = true;
            }
        }
        version = era->version;
    }
    const struct pa_profile *p = pa_profile_for_version(version, warn, nw);
    if (!p) {
        pa_cli_err_at(o->file, r->version_line ? r->version_line : where,
                      "expected a kernel version, got '%s': %s", version, warn);
        return PA_EXIT_BAD;
    }
    *pp = p;
    int order = o->order ? (int)pa_cli_order("--order", o->order, 63) : -1;
    uint64_t mode = 0;
    if (o->mode) {
        char err[160];
        if (pa_gfp_parse(p, o->mode, &mode, err, sizeof err)) {
            pa_cli_usage_err("--mode '%s': %s", o->mode, err);
        }
    }
    /* --order / --mode supply what a quote lacks; a report's own header wins. */
    if (r->order >= 0)
        order = -1;
    bool use_mode = o->mode && !r->have_mode;
    if (pa_report_explain_input(r, p, order, use_mode ? &mode : NULL, o->page_kb, in, note,
                                nn)) {
        pa_cli_err("out of memory");
        return PA_EXIT_BAD;
    }
    in->min_free_kbytes_whatif = o->min_free_kbytes;
    int err = pa_explain(in, res);
    if (!err)
        err = pa_explain_text(in, res, tx);
    if (err) {
        pa_cli_err("explain: %s", pa_strerror(err));
        return PA_EXIT_BAD;
    }
    return 0;
}

/* The request's size: 2^order pages of the dump's page size (the buddy
   lines' first column, else --page-size, else 4 kB), in kB. */
static void print_request_kb(struct pa_strbuf *sb, const struct pa_explain_in *in,
                             unsigned page_kb_opt)
{
    unsigned kb = in->nr_zones ? in->zones[0].page_kb : page_kb_opt ? page_kb_opt : 4;
    unsigned shift = (unsigned)in->order;
    for (unsigned k = kb; k > 1; k >>= 1)
        shift++;
    if (shift < 64)
        pa_sb_printf(sb, "%" PRIu64 " kB", (uint64_t)1 << shift);
    else
        pa_sb_printf(sb, "2^%u kB", shift);
}

/* A report without a request: per zone, the orders a request would get. */
static void print_orders(struct pa_strbuf *sb, const struct pa_report *r,
                         const struct pa_profile *p, const struct pa_explain_in *in)
{
    if (!in->nr_zones)
        return;
    pa_sb_printf(sb, "Zones (no request to replay: the %s check at MIN, order by order, on the "
                 "dumped state):\n", p->name);
    for (int i = 0; i < in->nr_zones; i++) {
        const struct pa_explain_zone_in *z = &in->zones[i];
        struct pa_zone_orders o;
        pa_report_zone_orders(p, z, &o);
        char label[48];
        if (z->node >= 0)
            snprintf(label, sizeof label, "Node %d %s", z->node, z->name);
        else
            snprintf(label, sizeof label, "%s", z->name);
        char lacks[80];
        pa_report_zone_missing_fields(&r->zones[i], lacks, sizeof lacks);
        if (!o.known) {
            pa_sb_printf(sb, "  %s: unknown: %s\n", label,
                         !z->zone_line ? "the dump has no zone line for it"
                         : lacks[0]    ? lacks
                                       : "its zone line could not be read");
            if (lacks[0] && z->zone_line)
                pa_sb_printf(sb, "      (the zone line at line %d lacks %s)\n", z->zone_line,
                             lacks);
            continue;
        }
        pa_sb_printf(sb, "  %s: free %" PRId64 " pages, MIN %" PRIu64 " pages: ", label,
                     o.free_pages, o.mark);
        if (!o.order0_ok)
            pa_sb_printf(sb, "fails even order 0 (too little free memory)\n");
        else if (!o.orders_known)
            pa_sb_printf(sb, "order 0 passes; higher orders unknown (no complete buddy line)\n");
        else if ((unsigned)o.max_pass >= o.max_order)
            pa_sb_printf(sb, "every order up to %u passes\n", o.max_order);
        else if (o.max_pass == 0)
            pa_sb_printf(sb, "order 0 passes, order 1 and above fail (free memory too "
                         "fragmented for them)\n");
        else
            pa_sb_printf(sb, "orders 0..%d pass, order %d and above fail (free memory too "
                         "fragmented for them)\n", o.max_pass, o.max_pass + 1);
    }
}

/* An OOM-killer report: the check above is at MIN, the kernel's last attempt
   before the OOM killer is at HIGH; say per usable zone how that went. */
static void print_oom_high(struct pa_strbuf *sb, const struct pa_profile *p,
                           const struct pa_explain_in *in, const struct pa_explain_result *res)
{
    bool any = false;
    for (int i = 0; i < res->nr_zones && i < in->nr_zones; i++) {
        const struct pa_explain_zone *z = &res->zones[i];
        if (!z->eligible)
            continue;
        uint64_t high;
        int ok = pa_report_zone_high_check(p, &in->zones[i], (unsigned)in->order,
                                           (int)res->classzone, &high);
        if (ok < 0)
            continue;
        char label[48];
        if (z->node >= 0)
            snprintf(label, sizeof label, "Node %d %s", z->node, z->name);
        else
            snprintf(label, sizeof label, "%s", z->name);
        if (!any)
            pa_sb_puts(sb, "Before killing, the kernel tried once more at HIGH (ALLOC_WMARK_HIGH, "
                           "__alloc_pages_may_oom):");
        pa_sb_printf(sb, "%s %s free %" PRIu64 " pages, HIGH %" PRIu64 ": %s", any ? ";" : "",
                     label, z->free_pages, high,
                     ok ? "passes (the state changed after that attempt)"
                     : z->passes == 1 ? "fails (though it passes at MIN)" : "fails");
        any = true;
    }
    if (any)
        pa_sb_puts(sb, ".\n");
}

static void print_text(struct pa_strbuf *sb, int idx, const struct pa_report *r,
                       const struct pa_profile *p, const struct pa_explain_in *in,
                       const struct pa_explain_result *res, const struct pa_explain_text *tx,
                       const char *note, const char *warn, unsigned page_kb_opt,
                       const struct era *era)
{
    char step[PA_WMARK_STEP_TEXT];
    pa_sb_printf(sb, "== Report %d", idx + 1);
    const char *what = r->oom ? "OOM killer" : r->show_mem ? "SysRq show memory, no failure"
                                                           : NULL;
    if (r->header_line)
        pa_sb_printf(sb, " (line %d%s%s%s%s)", r->header_line, r->comm[0] ? ", " : "", r->comm,
                     what ? ", " : "", what ? what : "");
    else
        pa_sb_printf(sb, " (Mem-Info lines from line %d, no header)", r->first_line);
    if (era->version[0])
        pa_sb_printf(sb, "\nKernel: no version line -> %s rules of %s (%s): %s\n",
                     era->assumed ? "assumed" : "inferred", p->name,
                     pa_wmark_rule_name(p->wmark_rule), era->why);
    else
        pa_sb_printf(sb, "\nKernel: %s -> rules of %s (%s)\n",
                     r->kernel[0] ? r->kernel : "(given)", p->name,
                     pa_wmark_rule_name(p->wmark_rule));
    if (warn[0])
        pa_sb_printf(sb, "  note: %s\n", warn);
    if (in->order >= 0 && in->have_mode) {
        pa_sb_printf(sb, "Asked: order %d = %" PRIu64 " page%s (", in->order,
                     (uint64_t)1 << in->order, in->order ? "s" : "");
        print_request_kb(sb, in, page_kb_opt);
        pa_sb_printf(sb, "), mode 0x%" PRIx64 " = ", in->mode);
        pa_gfp_format(p, in->mode, sb);
        pa_sb_printf(sb, "\n  zones up to %s; class zone %s; migratetype %s\n",
                     pa_zone_type_name(res->highest_zone),
                     res->classzone < PA_ZONE_TYPES ? pa_zone_type_name(res->classzone)
                                                    : "unknown (no zones in the dump)",
                     pa_migratetype_name(res->migratetype));
        pa_sb_printf(sb, "  slow path: %s (0x%x), %s\n", tx->alloc_flags_names,
                     pa_alloc_flags_kernel(p, res->alloc_flags),
                     res->can_reclaim ? "may reclaim and compact" : "cannot sleep: no reclaim");
    }
    if (r->vmalloc)
        pa_sb_printf(sb, "  (a vmalloc() of %" PRIu64 " bytes, which allocates its pages one block "
                     "of order %d at a time: that block failed)\n", r->vmalloc_size, r->order);
    if (note[0])
        pa_sb_printf(sb, "  reading the dump: %s\n", note);
    bool no_request = in->order < 0 || !in->have_mode;
    if (no_request)
        print_orders(sb, r, p, in);
    if (res->nr_zones)
        pa_sb_printf(sb, "Zones (the %s check at MIN on the dumped state):\n", p->name);
    for (int i = 0; i < res->nr_zones; i++) {
        const struct pa_explain_zone *z = &res->zones[i];
        pa_sb_printf(sb, "  %s\n", tx->zones[i].text);
        char lacks[80];
        pa_report_zone_missing_fields(&r->zones[i], lacks, sizeof lacks);
        if (lacks[0])
            pa_sb_printf(sb, "      (the zone line at line %d lacks %s)\n", r->zones[i].zone_line,
                         lacks);
        for (int s = 0; s < z->trace.nr; s++)
            pa_sb_printf(sb, "      %s%s\n", pa_wmark_step_text(&z->trace, s, step, sizeof step),
                         s == z->trace.decided ? "   <- decides" : "");
    }
    if (no_request && r->show_mem)
        pa_sb_printf(sb, "Verdict: no failure to explain (a SysRq-M dump): the orders above are "
                     "what a request could have had at MIN.\n");
    else if (no_request && in->nr_zones)
        pa_sb_printf(sb, "Verdict (%s): without the request's order and GFP mode the failure "
                     "cannot be replayed; the orders above are what the dumped state would "
                     "serve. %s\n", pa_explain_cause_name(res->cause),
                     r->oom ? "(This era's OOM header prints no order.)" : "Give --order and "
                     "--mode for the full check.");
    else
        pa_sb_printf(sb, "Verdict (%s): %s\n", pa_explain_cause_name(res->cause), tx->verdict);
    if (r->oom && r->victim_line)
        pa_sb_printf(sb, "Victim: the OOM killer killed %s (pid %d), line %d.\n",
                     r->victim[0] ? r->victim : "a process", r->victim_pid, r->victim_line);
    else if (r->oom)
        pa_sb_printf(sb, "Victim: not in the paste (no 'Out of memory: Kill(ed) process' line).\n");
    if (r->oom && !no_request)
        print_oom_high(sb, p, in, res);
    if (tx->whatif[0])
        pa_sb_printf(sb, "What if: %s\n", tx->whatif);
    if (tx->missing[0])
        pa_sb_printf(sb, "Missing from the dump: %s\n", tx->missing);
    if (r->nr_ignored) {
        pa_sb_printf(sb, "Lines of the report not understood (%d):", r->nr_ignored);
        for (int i = 0; i < r->nr_ignored && i < PA_REPORT_MAX_IGNORED; i++)
            pa_sb_printf(sb, " %d", r->ignored[i]);
        pa_sb_puts(sb, r->nr_ignored > PA_REPORT_MAX_IGNORED ? " ...\n" : "\n");
    }
    pa_sb_putc(sb, '\n');
}

/* Issue 12's keys of a report (added after the others; the shape is kept):
   "kind" (failure, oom, show_mem, dump), "victim", "era" (how the rules were
   chosen without a version line), "orders" (per zone, for a report without a
   request: the largest order a request would get at MIN, -1 none, null
   unknown), "missing_fields" per zone line. */
static void json_issue12(struct pa_json *j, const struct pa_report *r,
                         const struct pa_profile *p, const struct pa_explain_in *in,
                         const struct era *era)
{
    pa_json_kv_str(j, "kind", r->oom ? "oom" : r->show_mem ? "show_mem"
                              : r->header_line ? "failure" : "dump");
    pa_json_key(j, "victim");
    if (r->victim_line) {
        pa_json_begin_object(j);
        pa_json_kv_int(j, "pid", r->victim_pid);
        pa_json_kv_int(j, "line", r->victim_line);
        pa_json_kv_str(j, "comm", r->victim);
        pa_json_end_object(j);
    } else {
        pa_json_null(j);
    }
    pa_json_key(j, "era");
    if (era->version[0]) {
        pa_json_begin_object(j);
        pa_json_kv_str(j, "version", era->version);
        pa_json_kv_bool(j, "assumed", era->assumed);
        pa_json_kv_str(j, "why", era->why);
        pa_json_end_object(j);
    } else {
        pa_json_null(j);
    }
    pa_json_key(j, "orders");
    pa_json_begin_array(j);
    bool no_request = in->order < 0 || !in->have_mode;
    for (int i = 0; no_request && i < in->nr_zones; i++) {
        struct pa_zone_orders o;
        pa_report_zone_orders(p, &in->zones[i], &o);
        pa_json_begin_object(j);
        pa_json_kv_int(j, "node", in->zones[i].node);
        pa_json_kv_str(j, "zone", in->zones[i].name);
        pa_json_key(j, "max_order_passing");
        if (o.known && (!o.order0_ok || o.orders_known))
            pa_json_int(j, o.max_pass);
        else if (o.known)
            pa_json_int(j, 0); /* order 0 passes; above it unknown */
        else
            pa_json_null(j);
        pa_json_kv_bool(j, "orders_known", o.orders_known);
        pa_json_end_object(j);
    }
    pa_json_end_array(j);
    pa_json_key(j, "missing_fields");
    pa_json_begin_array(j);
    for (int i = 0; i < r->nr_zones; i++) {
        char lacks[80];
        pa_report_zone_missing_fields(&r->zones[i], lacks, sizeof lacks);
        if (!lacks[0])
            continue;
        pa_json_begin_object(j);
        pa_json_kv_str(j, "zone", r->zones[i].name);
        pa_json_kv_int(j, "line", r->zones[i].zone_line);
        pa_json_kv_str(j, "lacks", lacks);
        pa_json_end_object(j);
    }
    pa_json_end_array(j);
}

static void print_json(struct pa_json *j, const struct pa_report *r, const struct pa_profile *p,
                       const struct pa_explain_in *in, const struct pa_explain_result *res,
                       const struct pa_explain_text *tx, const char *note, const struct era *era)
{
    char step[PA_WMARK_STEP_TEXT];
    pa_json_begin_object(j);
    pa_json_kv_int(j, "line", r->header_line);
    pa_json_kv_bool(j, "vmalloc", r->vmalloc);
    pa_json_kv_str(j, "comm", r->comm);
    pa_json_kv_int(j, "order", in->order);
    pa_json_key(j, "mode");
    if (in->have_mode)
        pa_json_strf(j, "0x%" PRIx64, in->mode);
    else
        pa_json_null(j);
    pa_json_key(j, "gfp");
    pa_json_begin_array(j);
    if (in->have_mode) {
        struct pa_strbuf names = PA_STRBUF_INIT;
        pa_gfp_format(p, in->mode, &names);
        const char *s = pa_sb_str(&names);
        for (const char *tok = s; *tok;) {
            const char *bar = strchr(tok, '|');
            size_t len = bar ? (size_t)(bar - tok) : strlen(tok);
            pa_json_strf(j, "%.*s", (int)(len < 63 ? len : 63), tok);
            tok += len + (bar ? 1 : 0);
        }
        pa_sb_free(&names);
    }
    pa_json_end_array(j);
    pa_json_kv_str(j, "kernel", r->kernel);
    pa_json_kv_str(j, "profile", p->name);
    pa_json_kv_str(j, "rule", pa_wmark_rule_name(p->wmark_rule));
    if (in->order >= 0 && in->have_mode) {
        pa_json_kv_str(j, "highest_zone", pa_zone_type_name(res->highest_zone));
        pa_json_kv_str(j, "classzone", pa_zone_type_name(res->classzone));
        pa_json_kv_str(j, "migratetype", pa_migratetype_name(res->migratetype));
        pa_json_kv_str(j, "alloc_flags", tx->alloc_flags_names);
    }
    pa_json_key(j, "zones");
    pa_json_begin_array(j);
    for (int i = 0; i < res->nr_zones; i++) {
        const struct pa_explain_zone *z = &res->zones[i];
        pa_json_begin_object(j);
        pa_json_kv_int(j, "node", z->node);
        pa_json_kv_str(j, "zone", z->name);
        pa_json_kv_bool(j, "eligible", z->eligible);
        pa_json_key(j, "passes");
        pa_json_tri(j, z->passes);
        pa_json_kv_str(j, "cause", z->passes == 0 ? pa_explain_cause_name(z->cause) : NULL);
        pa_json_kv_uint(j, "free_pages", z->free_pages);
        pa_json_kv_uint(j, "mark", z->mark);
        pa_json_kv_uint(j, "reserve", z->reserve);
        pa_json_kv_uint(j, "pages_below_order", z->pages_below_order);
        pa_json_kv_uint(j, "pages_at_order", z->pages_at_order);
        pa_json_key(j, "needed_at_order");
        if (z->needed_at_order >= 0)
            pa_json_int(j, z->needed_at_order);
        else
            pa_json_null(j);
        for (int a = 0; a < PA_EXPLAIN_ALTS; a++) {
            pa_json_key(j, a == 0 ? "passes_4.4" : "passes_latest");
            pa_json_tri(j, z->pass_alt[a]);
        }
        pa_json_key(j, "steps");
        pa_json_begin_array(j);
        for (int s = 0; s < z->trace.nr; s++) {
            const struct pa_wmark_step *st = &z->trace.step[s];
            pa_json_begin_object(j);
            pa_json_kv_int(j, "order", st->order);
            pa_json_kv_int(j, "lhs", st->lhs);
            pa_json_kv_int(j, "rhs", st->rhs);
            pa_json_kv_bool(j, "pass", st->pass);
            pa_json_kv_bool(j, "decides", s == z->trace.decided);
            pa_json_kv_str(j, "text", pa_wmark_step_text(&z->trace, s, step, sizeof step));
            pa_json_end_object(j);
        }
        pa_json_end_array(j);
        pa_json_kv_str(j, "missing", tx->zones[i].missing);
        pa_json_kv_str(j, "text", tx->zones[i].text);
        pa_json_end_object(j);
    }
    pa_json_end_array(j);
    pa_json_kv_str(j, "cause", pa_explain_cause_name(res->cause));
    pa_json_kv_str(j, "verdict", tx->verdict);
    pa_json_kv_str(j, "whatif", tx->whatif);
    pa_json_kv_str(j, "missing", tx->missing);
    pa_json_kv_str(j, "note", note);
    pa_json_key(j, "lines");
    pa_json_begin_array(j);
    pa_json_int(j, r->first_line);
    pa_json_int(j, r->last_line);
    pa_json_end_array(j);
    pa_json_key(j, "ignored_lines");
    pa_json_begin_array(j);
    for (int i = 0; i < r->nr_ignored && i < PA_REPORT_MAX_IGNORED; i++)
        pa_json_int(j, r->ignored[i]);
    pa_json_end_array(j);
    json_issue12(j, r, p, in, era);
    pa_json_end_object(j);
}

/* The input's warnings, each once:
   "warnings":[{"line":L,"column":C,"count":N,"message":M}]. */
static void json_warnings(struct pa_json *j, const struct pa_report_set *set)
{
    pa_json_key(j, "warnings");
    pa_json_begin_array(j);
    for (int i = 0; i < set->nr_warn; i++) {
        pa_json_begin_object(j);
        pa_json_kv_int(j, "line", set->warn[i].line);
        pa_json_kv_int(j, "column", set->warn[i].column);
        pa_json_kv_int(j, "count", set->warn[i].count);
        pa_json_kv_str(j, "message", set->warn[i].msg);
        pa_json_end_object(j);
    }
    pa_json_end_array(j);
}

/* The terminal's width, 80 when stdout is not a terminal. */
static int out_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col;
    return 80;
}

/* Write text with every line wrapped at blanks to width columns (a word
   longer than a line is cut), continuation lines indented two more than the
   line they continue, and no trailing blanks. */
static void put_wrapped(FILE *f, const char *text, int width)
{
    for (const char *ln = text; *ln;) {
        const char *end = strchr(ln, '\n');
        size_t n = end ? (size_t)(end - ln) : strlen(ln);
        while (n && ln[n - 1] == ' ')
            n--;
        size_t ind = 0;
        while (ind < n && ln[ind] == ' ')
            ind++;
        size_t cont = ind + 2 < (size_t)width / 2 ? ind + 2 : ind;
        size_t pos = 0, col0 = 0; /* col0: indentation of the current output line */
        while (pos < n) {
            size_t room = (size_t)width - col0;
            size_t take = n - pos;
            if (take > room) {
                size_t cut = room;
                while (cut > 0 && ln[pos + cut] != ' ')
                    cut--;
                if (cut == 0)
                    cut = room; /* one word longer than the line */
                take = cut;
            }
            size_t t = take;
            while (t && ln[pos + t - 1] == ' ')
                t--;
            fprintf(f, "%*s%.*s\n", (int)col0, "", (int)t, ln + pos);
            pos += take;
            while (pos < n && ln[pos] == ' ')
                pos++;
            col0 = cont;
        }
        if (n == 0)
            fputc('\n', f);
        if (!end)
            break;
        ln = end + 1;
    }
}

static int cmd_explain(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"kernel", required_argument, 0, 'k'}, {"order", required_argument, 0, 'o'},
        {"mode", required_argument, 0, 'm'},   {"min-free-kbytes", required_argument, 0, 'f'},
        {"json", no_argument, 0, 'j'},         {"help", no_argument, 0, 'h'},
        {"page-size", required_argument, 0, 'p'}, {"strict", no_argument, 0, 's'},
        {0, 0, 0, 0},
    };
    struct opts o = {0};
    int c;
    optind = 1;
    while ((c = pa_cli_getopt(argc, argv, "h", lopts)) != -1) {
        switch (c) {
        case 'k': o.kernel = optarg; break;
        case 'o':
            /* checked here, before any cast: 4294967296 once became order 0 */
            pa_cli_order("--order", optarg, 63);
            o.order = optarg;
            break;
        case 'm': o.mode = optarg; break;
        case 'f':
            /* the kernel's min_free_kbytes is an int (proc_dointvec_minmax); larger
               values also overflowed the scaled MIN (2^64-1 gave equal MINs) */
            o.min_free_kbytes = pa_cli_ull("--min-free-kbytes", optarg);
            if (o.min_free_kbytes > INT_MAX) {
                pa_cli_usage_err("--min-free-kbytes %s: the kernel's limit is %d", optarg, INT_MAX);
            }
            break;
        case 'j': o.json = true; break;
        case 's': o.strict = true; break;
        case 'p': o.page_kb = pa_cli_page_size("--page-size", optarg) >> 10; break;
        case 'h': help(stdout); return PA_EXIT_OK;
        default: help(stderr); return PA_EXIT_BAD;
        }
    }
    if (argc - optind > 1) {
        pa_cli_usage_err("unexpected argument '%s' (one FILE at a time)", argv[optind + 1]);
    }
    /* a bad --kernel is bad usage, named as such (not as a line of the file) */
    if (o.kernel) {
        char w[256];
        if (!pa_profile_for_version(o.kernel, w, sizeof w)) {
            pa_cli_usage_err("--kernel: %s", w);
        }
    }
    o.file = optind < argc ? argv[optind] : "-";
    FILE *f = strcmp(o.file, "-") ? fopen(o.file, "rb") : stdin;
    if (f == stdin)
        pa_cli_stdin_hint("a report");
    if (!f) {
        pa_cli_err("%s: %s", o.file, strerror(errno));
        return PA_EXIT_BAD;
    }
    size_t len = 0;
    errno = 0;
    char *text = read_all(f, &len);
    int read_errno = errno;
    if (f != stdin)
        fclose(f);
    if (!text) {
        if (read_errno == EFBIG)
            pa_cli_err("%s: cannot read: more than %u MiB, not a pasted report", o.file,
                       PA_EXPLAIN_MAX_INPUT >> 20);
        else
            pa_cli_err("%s: cannot read: %s", o.file, strerror(read_errno ? read_errno : EIO));
        return PA_EXIT_BAD;
    }
    struct pa_report_set set;
    struct pa_report_diag d;
    int rc = pa_report_parse_ex(text, len, o.strict ? PA_REPORT_STRICT : 0, &set, &d);
    free(text);
    if (rc) {
        if (d.line)
            pa_cli_err_at(o.file, d.line, "column %d: %s", d.column, d.msg);
        else
            pa_cli_err("%s: %s", o.file, d.msg);
        return PA_EXIT_BAD;
    }
    /* Each warning once per input, with how often it was seen. */
    for (int i = 0; i < set.nr_warn; i++) {
        fprintf(stderr, "pagealloc: %s:%d: column %d: warning: %s", o.file, set.warn[i].line,
                set.warn[i].column, set.warn[i].msg);
        if (set.warn[i].count > 1)
            fprintf(stderr, " (%d times)", set.warn[i].count);
        fputc('\n', stderr);
    }
    if (set.nr == 0) {
        if (o.json) {
            struct pa_strbuf w = PA_STRBUF_INIT;
            struct pa_json wj;
            pa_json_init(&wj, &w);
            pa_json_begin_object(&wj);
            pa_json_key(&wj, "reports");
            pa_json_begin_array(&wj);
            pa_json_end_array(&wj);
            pa_json_kv_int(&wj, "lines", set.nr_lines);
            pa_json_kv_int(&wj, "outside", set.nr_outside);
            json_warnings(&wj, &set);
            pa_json_end_object(&wj);
            printf("%s\n", pa_sb_str(&w));
            pa_sb_free(&w);
        } else {
            printf("no page allocation failure or OOM report found (%d lines read)\n",
                   set.nr_lines);
        }
        pa_report_set_free(&set);
        return PA_EXIT_NO;
    }

    /* Every report is tried; one that cannot be explained (no version, a bad
       --mode for its era) is reported on stderr and makes the exit status 2,
       the others are still printed. */
    struct pa_strbuf sb = PA_STRBUF_INIT;
    struct pa_json j;
    int status = PA_EXIT_OK, explained = 0;
    struct era prev_era;
    pa_json_init(&j, &sb);
    if (o.json) {
        pa_json_begin_object(&j);
        pa_json_key(&j, "reports");
        pa_json_begin_array(&j);
    }
    for (int i = 0; i < set.nr; i++) {
        const struct pa_report *r = &set.reports[i];
        const struct pa_profile *p = NULL;
        struct pa_explain_in in;
        struct pa_explain_result res;
        struct pa_explain_text tx;
        char note[512], warn[256];
        struct era era;
        memset(&res, 0, sizeof res);
        if (i == 0)
            memset(&prev_era, 0, sizeof prev_era);
        memset(&tx, 0, sizeof tx);
        memset(&in, 0, sizeof in);
        if (explain_one(&o, r, &p, &in, &res, &tx, note, sizeof note, warn, sizeof warn, &era,
                        &prev_era) == PA_EXIT_OK) {
            prev_era = era;
            if (o.json) {
                print_json(&j, r, p, &in, &res, &tx, note, &era);
            } else {
                print_text(&sb, i, r, p, &in, &res, &tx, note, warn, o.page_kb, &era);
            }
            explained++;
        } else {
            status = PA_EXIT_BAD;
        }
        pa_explain_text_free(&tx);
        pa_explain_free(&res);
        free(in.zones);
    }
    if (o.json) {
        pa_json_end_array(&j);
        pa_json_kv_int(&j, "lines", set.nr_lines);
        pa_json_kv_int(&j, "outside", set.nr_outside);
        json_warnings(&j, &set);
        pa_json_end_object(&j);
        pa_sb_putc(&sb, '\n');
    } else if (set.nr_outside)
        pa_sb_printf(&sb, "%d of the %d lines are outside every report (prose, other kernel "
                     "messages).\n", set.nr_outside, set.nr_lines);
    if (explained) {
        if (o.json)
            fputs(pa_sb_str(&sb), stdout);
        else
            put_wrapped(stdout, pa_sb_str(&sb), out_width());
    }
    pa_sb_free(&sb);
    pa_report_set_free(&set);
    return status;
}

const struct pa_cmd pa_cmd_explain = {
    "explain", "say why a pasted \"page allocation failure\" report failed", cmd_explain};
