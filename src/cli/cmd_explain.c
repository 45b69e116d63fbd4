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

#include "cli/cli.h"
#include "pagealloc/explain_text.h"
#include "pagealloc/gfp_text.h"
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
          "  --json                {\"reports\":[...]} instead of text\n\n"
          "Exit status: 0 every report explained, 2 unreadable input or usage\n"
          "(pagealloc: FILE:LINE: what was expected).\n",
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
    bool json;
    const char *file;
};

/* One report: choose its rules and request, explain it. Returns 0, or 2 with
   the message printed. */
static int explain_one(const struct opts *o, const struct pa_report *r,
                       const struct pa_profile **pp, struct pa_explain_in *in,
                       struct pa_explain_result *res, struct pa_explain_text *tx, char *note,
                       size_t nn, char *warn, size_t nw)
{
    const char *version = o->kernel ? o->kernel : r->kernel[0] ? r->kernel : NULL;
    int where = r->header_line ? r->header_line : r->first_line;
    warn[0] = '\0';
    if (!version) {
        pa_cli_err_at(o->file, where,
                      "expected a kernel version line ('CPU: ... Comm: ... Not tainted "
                      "VERSION' or 'Pid: ... Not tainted VERSION') in this report; give "
                      "--kernel VERSION");
        return PA_EXIT_BAD;
    }
    const struct pa_profile *p = pa_profile_for_version(version, warn, nw);
    if (!p) {
        pa_cli_err_at(o->file, r->version_line ? r->version_line : where,
                      "expected a kernel version, got '%s': %s", version, warn);
        return PA_EXIT_BAD;
    }
    *pp = p;
    int order = o->order ? (int)pa_cli_ull("--order", o->order) : -1; /* 0..63: checked */
    uint64_t mode = 0;
    if (o->mode) {
        char err[160];
        if (pa_gfp_parse(p, o->mode, &mode, err, sizeof err)) {
            pa_cli_err("--mode '%s': %s", o->mode, err);
            return PA_EXIT_BAD;
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

static void print_text(struct pa_strbuf *sb, int idx, const struct pa_report *r,
                       const struct pa_profile *p, const struct pa_explain_in *in,
                       const struct pa_explain_result *res, const struct pa_explain_text *tx,
                       const char *note, const char *warn, unsigned page_kb_opt)
{
    char step[PA_WMARK_STEP_TEXT];
    pa_sb_printf(sb, "== Report %d", idx + 1);
    if (r->header_line)
        pa_sb_printf(sb, " (line %d%s%s)", r->header_line, r->comm[0] ? ", " : "", r->comm);
    else
        pa_sb_printf(sb, " (Mem-Info lines from line %d, no header)", r->first_line);
    pa_sb_printf(sb, "\nKernel: %s -> rules of %s (%s)\n", r->kernel[0] ? r->kernel : "(given)",
                 p->name, pa_wmark_rule_name(p->wmark_rule));
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
    if (res->nr_zones)
        pa_sb_printf(sb, "Zones (the %s check at MIN on the dumped state):\n", p->name);
    for (int i = 0; i < res->nr_zones; i++) {
        const struct pa_explain_zone *z = &res->zones[i];
        pa_sb_printf(sb, "  %s\n", tx->zones[i].text);
        for (int s = 0; s < z->trace.nr; s++)
            pa_sb_printf(sb, "      %s%s\n", pa_wmark_step_text(&z->trace, s, step, sizeof step),
                         s == z->trace.decided ? "   <- decides" : "");
    }
    pa_sb_printf(sb, "Verdict (%s): %s\n", pa_explain_cause_name(res->cause), tx->verdict);
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

static void json_tri(struct pa_strbuf *sb, int v)
{
    pa_sb_puts(sb, v < 0 ? "null" : v ? "true" : "false");
}

static void print_json(struct pa_strbuf *sb, const struct pa_report *r, const struct pa_profile *p,
                       const struct pa_explain_in *in, const struct pa_explain_result *res,
                       const struct pa_explain_text *tx, const char *note)
{
    char step[PA_WMARK_STEP_TEXT];
    pa_sb_printf(sb, "{\"line\":%d,\"vmalloc\":%s,\"comm\":", r->header_line,
                 r->vmalloc ? "true" : "false");
    pa_sb_json_str(sb, r->comm);
    pa_sb_printf(sb, ",\"order\":%d,\"mode\":", in->order);
    if (in->have_mode)
        pa_sb_printf(sb, "\"0x%" PRIx64 "\"", in->mode);
    else
        pa_sb_puts(sb, "null");
    pa_sb_puts(sb, ",\"gfp\":[");
    if (in->have_mode) {
        struct pa_strbuf names = PA_STRBUF_INIT;
        pa_gfp_format(p, in->mode, &names);
        char *s = names.s ? names.s : (char *)"";
        bool first = true;
        for (char *tok = s; *tok;) {
            char *bar = strchr(tok, '|');
            size_t len = bar ? (size_t)(bar - tok) : strlen(tok);
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), tok);
            pa_sb_puts(sb, first ? "" : ",");
            pa_sb_json_str(sb, name);
            first = false;
            tok += len + (bar ? 1 : 0);
        }
        pa_sb_free(&names);
    }
    pa_sb_puts(sb, "],\"kernel\":");
    pa_sb_json_str(sb, r->kernel);
    pa_sb_puts(sb, ",\"profile\":");
    pa_sb_json_str(sb, p->name);
    pa_sb_puts(sb, ",\"rule\":");
    pa_sb_json_str(sb, pa_wmark_rule_name(p->wmark_rule));
    if (in->order >= 0 && in->have_mode) {
        pa_sb_printf(sb, ",\"highest_zone\":\"%s\",\"classzone\":\"%s\",\"migratetype\":\"%s\","
                     "\"alloc_flags\":",
                     pa_zone_type_name(res->highest_zone), pa_zone_type_name(res->classzone),
                     pa_migratetype_name(res->migratetype));
        pa_sb_json_str(sb, tx->alloc_flags_names);
    }
    pa_sb_puts(sb, ",\"zones\":[");
    for (int i = 0; i < res->nr_zones; i++) {
        const struct pa_explain_zone *z = &res->zones[i];
        pa_sb_printf(sb, "%s{\"node\":%d,\"zone\":", i ? "," : "", z->node);
        pa_sb_json_str(sb, z->name);
        pa_sb_printf(sb, ",\"eligible\":%s,\"passes\":", z->eligible ? "true" : "false");
        json_tri(sb, z->passes);
        pa_sb_puts(sb, ",\"cause\":");
        if (z->passes == 0)
            pa_sb_json_str(sb, pa_explain_cause_name(z->cause));
        else
            pa_sb_puts(sb, "null");
        pa_sb_printf(sb, ",\"free_pages\":%" PRIu64 ",\"mark\":%" PRIu64 ",\"reserve\":%" PRIu64
                     ",\"pages_below_order\":%" PRIu64 ",\"pages_at_order\":%" PRIu64
                     ",\"needed_at_order\":",
                     z->free_pages, z->mark, z->reserve, z->pages_below_order, z->pages_at_order);
        if (z->needed_at_order >= 0)
            pa_sb_printf(sb, "%" PRId64, z->needed_at_order);
        else
            pa_sb_puts(sb, "null");
        for (int a = 0; a < PA_EXPLAIN_ALTS; a++) {
            pa_sb_printf(sb, ",\"passes_%s\":", a == 0 ? "4.4" : "latest");
            json_tri(sb, z->pass_alt[a]);
        }
        pa_sb_puts(sb, ",\"steps\":[");
        for (int s = 0; s < z->trace.nr; s++) {
            const struct pa_wmark_step *st = &z->trace.step[s];
            pa_sb_printf(sb, "%s{\"order\":%d,\"lhs\":%" PRId64 ",\"rhs\":%" PRId64
                         ",\"pass\":%s,\"decides\":%s,\"text\":",
                         s ? "," : "", st->order, st->lhs, st->rhs, st->pass ? "true" : "false",
                         s == z->trace.decided ? "true" : "false");
            pa_sb_json_str(sb, pa_wmark_step_text(&z->trace, s, step, sizeof step));
            pa_sb_putc(sb, '}');
        }
        pa_sb_puts(sb, "],\"missing\":");
        pa_sb_json_str(sb, tx->zones[i].missing);
        pa_sb_puts(sb, ",\"text\":");
        pa_sb_json_str(sb, tx->zones[i].text);
        pa_sb_putc(sb, '}');
    }
    pa_sb_puts(sb, "],\"cause\":");
    pa_sb_json_str(sb, pa_explain_cause_name(res->cause));
    pa_sb_puts(sb, ",\"verdict\":");
    pa_sb_json_str(sb, tx->verdict);
    pa_sb_puts(sb, ",\"whatif\":");
    pa_sb_json_str(sb, tx->whatif);
    pa_sb_puts(sb, ",\"missing\":");
    pa_sb_json_str(sb, tx->missing);
    pa_sb_puts(sb, ",\"note\":");
    pa_sb_json_str(sb, note);
    pa_sb_printf(sb, ",\"lines\":[%d,%d],\"ignored_lines\":[", r->first_line, r->last_line);
    for (int i = 0; i < r->nr_ignored && i < PA_REPORT_MAX_IGNORED; i++)
        pa_sb_printf(sb, "%s%d", i ? "," : "", r->ignored[i]);
    pa_sb_putc(sb, ']');
    pa_sb_putc(sb, '}');
}

static int cmd_explain(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"kernel", required_argument, 0, 'k'}, {"order", required_argument, 0, 'o'},
        {"mode", required_argument, 0, 'm'},   {"min-free-kbytes", required_argument, 0, 'f'},
        {"json", no_argument, 0, 'j'},         {"help", no_argument, 0, 'h'},
        {"page-size", required_argument, 0, 'p'},
        {0, 0, 0, 0},
    };
    struct opts o = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
        switch (c) {
        case 'k': o.kernel = optarg; break;
        case 'o':
            /* checked here, before any cast: 4294967296 once became order 0 */
            if (pa_cli_ull("--order", optarg) > 63) {
                pa_cli_err("--order %s: expected 0..63", optarg);
                return PA_EXIT_BAD;
            }
            o.order = optarg;
            break;
        case 'm': o.mode = optarg; break;
        case 'f':
            /* the kernel's min_free_kbytes is an int (proc_dointvec_minmax); larger
               values also overflowed the scaled MIN (2^64-1 gave equal MINs) */
            o.min_free_kbytes = pa_cli_ull("--min-free-kbytes", optarg);
            if (o.min_free_kbytes > INT_MAX) {
                pa_cli_err("--min-free-kbytes %s: the kernel's limit is %d", optarg, INT_MAX);
                return PA_EXIT_BAD;
            }
            break;
        case 'j': o.json = true; break;
        case 'p': o.page_kb = pa_cli_page_size("--page-size", optarg) >> 10; break;
        case 'h': help(stdout); return PA_EXIT_OK;
        default: help(stderr); return PA_EXIT_BAD;
        }
    }
    if (argc - optind > 1) {
        pa_cli_err("explain: one FILE at most");
        return PA_EXIT_BAD;
    }
    /* a bad --kernel is bad usage, named as such (not as a line of the file) */
    if (o.kernel) {
        char w[256];
        if (!pa_profile_for_version(o.kernel, w, sizeof w)) {
            pa_cli_err("explain: --kernel: %s", w);
            return PA_EXIT_BAD;
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
    int rc = pa_report_parse(text, len, &set, &d);
    free(text);
    if (rc) {
        if (d.line)
            pa_cli_err_at(o.file, d.line, "column %d: %s", d.column, d.msg);
        else
            pa_cli_err("%s: %s", o.file, d.msg);
        return PA_EXIT_BAD;
    }
    if (set.nr == 0) {
        pa_cli_err_at(o.file, set.nr_lines ? 1 : 0,
                      "expected a 'COMM: page allocation failure: order:N, mode:0x...' line or "
                      "Mem-Info zone and buddy lines; found none in %d lines", set.nr_lines);
        pa_report_set_free(&set);
        return PA_EXIT_BAD;
    }
    for (int i = 0; i < set.nr_warn; i++)
        fprintf(stderr, "pagealloc: %s:%d: column %d: warning: %s\n", o.file, set.warn[i].line,
                set.warn[i].column, set.warn[i].msg);

    /* Every report is tried; one that cannot be explained (no version, a bad
       --mode for its era) is reported on stderr and makes the exit status 2,
       the others are still printed. */
    struct pa_strbuf sb = PA_STRBUF_INIT;
    int status = PA_EXIT_OK, explained = 0;
    if (o.json)
        pa_sb_puts(&sb, "{\"reports\":[");
    for (int i = 0; i < set.nr; i++) {
        const struct pa_report *r = &set.reports[i];
        const struct pa_profile *p = NULL;
        struct pa_explain_in in;
        struct pa_explain_result res;
        struct pa_explain_text tx;
        char note[512], warn[256];
        memset(&res, 0, sizeof res);
        memset(&tx, 0, sizeof tx);
        memset(&in, 0, sizeof in);
        if (explain_one(&o, r, &p, &in, &res, &tx, note, sizeof note, warn, sizeof warn) ==
            PA_EXIT_OK) {
            if (o.json) {
                if (explained)
                    pa_sb_putc(&sb, ',');
                print_json(&sb, r, p, &in, &res, &tx, note);
            } else {
                print_text(&sb, i, r, p, &in, &res, &tx, note, warn, o.page_kb);
            }
            explained++;
        } else {
            status = PA_EXIT_BAD;
        }
        pa_explain_text_free(&tx);
        pa_explain_free(&res);
        free(in.zones);
    }
    if (o.json)
        pa_sb_printf(&sb, "],\"lines\":%d,\"outside\":%d}\n", set.nr_lines, set.nr_outside);
    else if (set.nr_outside)
        pa_sb_printf(&sb, "%d of the %d lines are outside every report (prose, other kernel "
                     "messages).\n", set.nr_outside, set.nr_lines);
    if (explained)
        fputs(pa_sb_str(&sb), stdout);
    pa_sb_free(&sb);
    pa_report_set_free(&set);
    return status;
}

const struct pa_cmd pa_cmd_explain = {
    "explain", "say why a pasted \"page allocation failure\" report failed", cmd_explain};
