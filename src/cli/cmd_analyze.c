/*
 * cmd_analyze.c - `pagealloc analyze`: read buddyinfo (required),
 * pagetypeinfo, zoneinfo, vmstat and debugfs extfrag of this machine or of a
 * captured directory, and say per node and zone how much is free at each
 * order, at or above it, the kernel's indices and the watermark picture.
 * Reading is src/live/procread.c, the analysis src/live/analyze.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cli/cli.h"
#include "pagealloc/analyze.h"
#include "live/procread.h"
#include "pagealloc/procparse.h"
#include "pagealloc/profile.h"

/* All of f (stdin or a file), NUL-terminated; NULL with errno on error. */
static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *b = malloc(cap);
    while (b) {
        n += fread(b + n, 1, cap - n - 1, f);
        if (ferror(f)) {
            free(b);
            return NULL;
        }
        if (feof(f))
            break;
        if (cap >= ((size_t)256 << 20)) { /* no /proc file is that large */
            free(b);
            errno = EFBIG;
            return NULL;
        }
        char *nb = realloc(b, cap *= 2);
        if (!nb)
            free(b);
        b = nb;
    }
    if (b) {
        b[n] = '\0';
        *len = n;
    }
    return b;
}

/* `analyze FILE`: one file, its kind told by its content. */
static int read_one_file(const char *path, struct pa_procinfo *pi, struct pa_procread *rd,
                         struct pa_diag *d)
{
    memset(rd, 0, sizeof *rd);
    memset(d, 0, sizeof *d);
    bool in = !strcmp(path, "-");
    if (in)
        pa_cli_stdin_hint("a buddyinfo, pagetypeinfo or zoneinfo file");
    FILE *f = in ? stdin : fopen(path, "rb");
    size_t len = 0;
    char *t = f ? slurp(f, &len) : NULL;
    int eno = errno;
    if (f && !in)
        fclose(f);
    const char *name = in ? "-" : path;
    snprintf(rd->dir, sizeof rd->dir, "%s", name);
    if (!t) {
        snprintf(d->file, sizeof d->file, "%s", name);
        snprintf(d->msg, sizeof d->msg, "%s", strerror(eno));
        return PA_EINVAL;
    }
    int err;
    if (strstr(t, "Page block order:") || strstr(t, "Free pages count per migrate type")) {
        err = pa_parse_pagetypeinfo(pi, t, len, name, d);
        snprintf(rd->missing, sizeof rd->missing, "buddyinfo, zoneinfo (one file given)");
    } else if (strstr(t, "\n  pages free") || strstr(t, "\n        min ") ||
               strstr(t, "per-node stats")) {
        err = pa_parse_zoneinfo(pi, t, len, name, d);
        snprintf(rd->missing, sizeof rd->missing, "buddyinfo, pagetypeinfo (one file given)");
    } else {
        err = pa_parse_buddyinfo(pi, t, len, name, d);
        snprintf(rd->missing, sizeof rd->missing, "pagetypeinfo, zoneinfo (one file given)");
    }
    free(t);
    if (!err && !pi->have_buddyinfo) {
        /* the free block counts per order come from buddyinfo (or the sums
           of pagetypeinfo's rows, which the reader does not make) */
        snprintf(d->file, sizeof d->file, "%s", name);
        snprintf(d->msg, sizeof d->msg, "this is not a buddyinfo file; analyze needs "
                                        "buddyinfo's free block counts (give it, or --proc DIR)");
        d->line = 0;
        return PA_EINVAL;
    }
    return err;
}

static void help(FILE *f)
{
    fputs("usage: pagealloc analyze [FILE | -] [--proc DIR] [--kernel V] [--gfp FLAGS]\n"
          "                         [--page-size SIZE] [--json|--csv|--prom|--awk]\n\n"
          "Per node and zone: free memory by order (MiB), free memory at or above each\n"
          "order, the kernel's unusable free space index and fragmentation index per\n"
          "order (as debugfs extfrag/ prints them), watermark headroom, and per order\n"
          "whether an allocation would pass the era's watermark check now.\n\n"
          "  FILE, -         one captured file (buddyinfo, pagetypeinfo or zoneinfo, told\n"
          "                  apart by its content; - reads standard input), as the seed's\n"
          "                  ./analyze /proc/buddyinfo\n"
          "  --proc DIR      read captured files from DIR (a copy of /proc with\n"
          "                  buddyinfo, pagetypeinfo, zoneinfo, vmstat, optional\n"
          "                  extfrag/; or a sosreport root with proc/); default /proc\n"
          "  --kernel V      kernel version whose rules apply (default: uname -r, or\n"
          "                  DIR/version)\n"
          "  --gfp FLAGS     the request judged per order (default GFP_KERNEL; names or\n"
          "                  a number in the era's layout, as `pagealloc gfp` takes it)\n"
          "  --page-size SIZE  page size: 4K, 16K, 64K or bytes (default: this\n"
          "                  machine's, 4K for DIR)\n"
          "  --json          {\"zones\":[...]} for scripts\n"
          "  --csv           one row per zone and order\n"
          "  --prom          node_exporter-compatible node_buddyinfo_blocks plus\n"
          "                  interpreted pagealloc_* metrics (textfile collector)\n"
          "  --awk           only seed 003's awk line: MiB free + the buddyinfo line\n\n"
          "Only buddyinfo is required. Exit 0, or 2 when a file cannot be read or parsed\n"
          "or an option is bad.\n",
          f);
}

/* The kernel version: --kernel, else DIR/version, else uname -r (live). */
static void kernel_version(const char *opt, const char *dir, char *buf, size_t n)
{
    buf[0] = '\0';
    if (opt) {
        snprintf(buf, n, "%s", opt);
        return;
    }
    if (dir) {
        char path[600];
        size_t len;
        snprintf(path, sizeof path, "%.580s/version", dir);
        char *t = pa_read_file(path, &len);
        if (t) {
            t[strcspn(t, "\n")] = '\0';
            snprintf(buf, n, "%s", t);
            free(t);
        }
        return;
    }
    struct utsname u;
    if (!uname(&u))
        snprintf(buf, n, "%.60s", u.release);
}

static int cmd_analyze(int argc, char **argv)
{
    static const struct option opts[] = {
        {"proc", required_argument, 0, 'p'},  {"kernel", required_argument, 0, 'k'},
        {"page-size", required_argument, 0, 's'}, {"json", no_argument, 0, 'j'},
        {"csv", no_argument, 0, 'c'},         {"prom", no_argument, 0, 'P'},
        {"awk", no_argument, 0, 'a'},         {"help", no_argument, 0, 'h'},
        {"gfp", required_argument, 0, 'g'},
        {0, 0, 0, 0},
    };
    const char *dir = NULL, *kernel = NULL, *gfp = NULL;
    unsigned page_size = 0;
    int fmt = 't', c;
    optind = 1;
    while ((c = pa_cli_getopt(argc, argv, "h", opts)) != -1) {
        switch (c) {
        case 'p': dir = optarg; break;
        case 'k': kernel = optarg; break;
        case 'g': gfp = optarg; break;
        case 's': page_size = pa_cli_page_size("--page-size", optarg); break;
        case 'j': case 'c': case 'P': case 'a':
            /* `--json --csv` printed CSV only: the last one silently won */
            if (fmt != 't' && fmt != c) {
                pa_cli_usage_err("--json, --csv, --prom and --awk exclude each other");
            }
            fmt = c;
            break;
        case 'h': help(stdout); return PA_EXIT_OK;
        default: help(stderr); return PA_EXIT_BAD;
        }
    }
    const char *file = NULL;
    if (optind < argc)
        file = argv[optind++];
    if (optind < argc)
        pa_cli_usage_err("unexpected argument '%s' (one FILE at a time)", argv[optind]);
    if (file && dir)
        pa_cli_usage_err("FILE and --proc DIR exclude each other");
    /* A version the user typed must be one (as gfp and explain demand); only
       DIR/version and uname -r fall back to the newest rules with a note. */
    if (kernel) {
        char warn[256];
        if (!pa_profile_for_version(kernel, warn, sizeof warn)) {
            pa_cli_usage_err("--kernel: %s", warn);
        }
    }
    if (!page_size)
        page_size = dir || file ? 4096 : (unsigned)sysconf(_SC_PAGESIZE);

    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_analysis *an = calloc(1, sizeof *an);
    if (!pi || !an) {
        free(pi);
        free(an);
        pa_cli_err("out of memory");
        return PA_EXIT_BAD;
    }
    struct pa_procread rd;
    struct pa_diag d;
    int rc = PA_EXIT_OK;
    if (file ? read_one_file(file, pi, &rd, &d) : pa_read_procdir(dir, pi, &rd, &d)) {
        if (d.line)
            pa_cli_err_at(d.file, d.line, "column %ld: %s", d.col, d.msg);
        else
            fprintf(stderr, "pagealloc: %s: %s\n", d.file, d.msg);
        rc = PA_EXIT_BAD;
        goto out;
    }
    char kv[64];
    kernel_version(kernel, dir, kv, sizeof kv);
    pa_analyze_gfp(pi, page_size, kv, gfp, an);
    if (!an->have_gfp) {
        /* a --gfp that is no mode is bad usage, said as such */
        if (gfp && !strncmp(an->gfp_error, "bad gfp", 7))
            pa_cli_usage_err("--gfp: %s", an->gfp_error);
        pa_cli_err("analyze: %s", an->gfp_error);
        rc = PA_EXIT_BAD;
        goto out;
    }

    struct pa_strbuf sb = PA_STRBUF_INIT;
    switch (fmt) {
    case 'j': pa_analysis_print_json(an, &sb); break;
    case 'c': pa_analysis_print_csv(an, &sb); break;
    case 'P': pa_analysis_print_prom(an, &sb); break;
    case 'a': pa_analysis_print_awk(an, &sb); break;
    default:
        if (rd.missing[0])
            pa_sb_printf(&sb, "# not read: %s\n", rd.missing);
        pa_analysis_print_text(an, &sb);
    }
    fputs(pa_sb_str(&sb), stdout);
    if (sb.oom) {
        pa_cli_err("out of memory");
        rc = PA_EXIT_BAD;
    }
    pa_sb_free(&sb);
out:
    free(pi);
    free(an);
    return rc;
}

const struct pa_cmd pa_cmd_analyze = {"analyze", "free memory by order, fragmentation indices "
                                                 "and watermark verdicts of a real machine",
                                      cmd_analyze};
