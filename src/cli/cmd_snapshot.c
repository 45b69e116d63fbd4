/*
 * cmd_snapshot.c - `pagealloc snapshot [-o FILE]`: as root, write the
 * physical memory of this machine (every free block, a class per used page,
 * zoneinfo/buddyinfo/pagetypeinfo of the moment) to FILE, and print per zone
 * how the free blocks found in /proc/kpageflags compare with buddyinfo.
 * The work is src/live/snapshot.c; the format is in docs/live.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/snapload.h"
#include "draw/record.h"
#include "pagealloc/analyze.h"
#include "live/physmem.h"
#include "live/procread.h"
#include "live/snapshot.h"
#include "pagealloc/json.h"
#include "pagealloc/snapfile.h"
#include "sim/lua_sim.h"

static void help(FILE *f)
{
    fputs("usage: pagealloc snapshot [-o FILE] [--force]\n"
          "       pagealloc snapshot --load FILE [--max-memory SIZE]\n"
          "       pagealloc snapshot [--load FILE] --report DIR\n\n"
          "As root, read /proc/kpageflags and /proc/kpagecount over each zone's pfn range\n"
          "and write FILE (default pagealloc-snapshot.txt): every free block (pfn, order),\n"
          "a class for every other page (anon, file/LRU, slab, hugetlb, other kernel,\n"
          "reserved, hole) run-length encoded, and the zoneinfo, buddyinfo and\n"
          "pagetypeinfo read at the same moment. Prints per zone the pages per class and\n"
          "the free blocks per order found in kpageflags against buddyinfo (pages on\n"
          "per-CPU lists are in neither). `pagealloc run --from FILE` (simulator) will\n"
          "start from it.\n\n"
          "  -o FILE      where to write (\"-\" for stdout; the summary then goes to stderr)\n"
          "  --json       the summary as one JSON object (file, kernel, per zone: pages\n"
          "               per class, free blocks per order from kpageflags and buddyinfo)\n"
          "  -f, --force  overwrite FILE if it exists (without it, an existing FILE is an\n"
          "               error, exit 2)\n"
          "  --load FILE  read FILE back, build the simulator's machine in that state and\n"
          "               say whether its free blocks match the file's (exit 1 if not)\n"
          "  --max-memory SIZE  refuse a FILE whose machine needs more (default half of\n"
          "               physical memory), checked before anything is built\n"
          "  --report DIR  write DIR/index.html for this machine now (or FILE with\n"
          "               --load): the memory map, the pages per class, analyze's tables\n"
          "               with the verdict per order (docs/draw.md); the snapshot goes\n"
          "               to DIR/snapshot.txt\n",
          f);
}

/* --load: the seam `run --from` will use (src/format/snapfile.c). */
static int load_snapshot(const char *path, uint64_t max_memory)
{
    size_t len;
    char *t = pa_read_file(path, &len);
    if (!t) {
        pa_cli_err("snapshot: cannot read %s: %s", path, strerror(errno));
        return PA_EXIT_BAD;
    }
    struct pa_snapfile *sf;
    struct pa_diag d;
    int err = pa_snapfile_parse(t, len, path, &sf, &d);
    free(t);
    if (err) {
        pa_cli_err_at(d.file, d.line, "column %ld: %s", d.col, d.msg);
        return PA_EXIT_BAD;
    }
    if (pa_cli_snapshot_fits("snapshot", path, sf, max_memory)) {
        pa_snapfile_free(sf);
        return PA_EXIT_BAD;
    }
    struct pa_machine *m;
    uint64_t mismatch;
    char msg[300];
    if ((err = pa_snapfile_machine(sf, NULL, &m, &mismatch, msg, sizeof msg))) {
        pa_cli_err("snapshot: %s: %s", path, msg);
        pa_snapfile_free(sf);
        return PA_EXIT_BAD;
    }
    uint64_t blocks = 0;
    for (int i = 0; i < sf->nr_zones; i++)
        blocks += sf->zones[i].nr_free;
    printf("%s: kernel %s, %d zones, %" PRIu64 " pfns; machine built: %" PRIu64
           " free blocks in the file, %" PRIu64 " not found at the same pfn and order\n",
           path, sf->kernel, sf->nr_zones, m->max_pfn, blocks, mismatch);
    for (int i = 0; i < m->nr_zones; i++) {
        const struct pa_zone *z = &m->zones[i];
        printf("  Node %d, zone %8s ", z->node, z->name);
        for (unsigned o = 0; o <= m->max_order; o++)
            printf("%6" PRIu64 " ", z->free_area[o].nr_free);
        printf("\n");
    }
    pa_machine_destroy(m);
    pa_snapfile_free(sf);
    return mismatch ? PA_EXIT_NO : PA_EXIT_OK;
}

/* Pages per class per zone, from the file's runs. */
static void class_table(const struct pa_snapfile *sf, struct pa_strbuf *b)
{
    static const char cls[] = "FALSTKRH";
    static const char *const names[] = {"free", "anon", "file/LRU", "slab",
                                        "hugetlb", "other kernel", "reserved", "hole"};
    pa_sb_puts(b, "<table><tr><th>zone</th>");
    for (int k = 0; k < 8; k++)
        pa_sb_printf(b, "<th>%s</th>", names[k]);
    pa_sb_puts(b, "</tr>\n");
    for (int i = 0; i < sf->nr_zones; i++) {
        const struct pa_snapfile_zone *z = &sf->zones[i];
        uint64_t n[8] = {0};
        for (size_t r = 0; r < z->nr_runs; r++) {
            const char *c = strchr(cls, z->runs[r].cls);
            if (c && *c)
                n[c - cls] += z->runs[r].count;
        }
        pa_sb_printf(b, "<tr><td>Node %d, %s</td>", z->node, z->name);
        for (int k = 0; k < 8; k++)
            pa_sb_printf(b, "<td>%" PRIu64 "</td>", n[k]);
        pa_sb_puts(b, "</tr>\n");
    }
    pa_sb_puts(b, "</table>\n<p>Pages per class (docs/live.md).</p>\n");
}

/* analyze's text for the /proc files the snapshot holds. */
static void analysis_text(const struct pa_snapfile *sf, struct pa_strbuf *out)
{
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_analysis *an = calloc(1, sizeof *an);
    struct pa_diag d;
    if (!pi || !an || !sf->buddyinfo) {
        pa_sb_puts(out, sf->buddyinfo ? "out of memory\n" : "(no buddyinfo in the snapshot)\n");
        free(pi);
        free(an);
        return;
    }
    pa_procinfo_init(pi);
    int e = pa_parse_buddyinfo(pi, sf->buddyinfo, strlen(sf->buddyinfo), "buddyinfo", &d);
    if (!e && sf->zoneinfo)
        e = pa_parse_zoneinfo(pi, sf->zoneinfo, strlen(sf->zoneinfo), "zoneinfo", &d);
    if (!e && sf->pagetypeinfo)
        e = pa_parse_pagetypeinfo(pi, sf->pagetypeinfo, strlen(sf->pagetypeinfo),
                                  "pagetypeinfo", &d);
    if (e) {
        char msg[400];
        pa_diag_format(&d, msg, sizeof msg);
        pa_sb_printf(out, "cannot analyze: %s\n", msg);
    } else {
        pa_analyze(pi, sf->page_size, sf->kernel, an);
        pa_analysis_print_text(an, out);
    }
    free(pi);
    free(an);
}

/* --report DIR: the snapshot as a page (draw/record.h). */
static int snapshot_report(const char *load, const char *dir)
{
    struct pa_snapfile *sf;
    struct pa_machine *m;
    char *text;
    size_t len;
    int rc = pa_cli_load_snapshot_text("snapshot", load, &sf, &m, &text, &len);
    if (rc)
        return rc;
    char title[4200], err[400];
    snprintf(title, sizeof title, "pagealloc snapshot: %s, kernel %s",
             load ? load : "this machine", sf->kernel);
    struct pa_record *r = pa_record_create(dir, title, err, sizeof err);
    if (!r) {
        pa_cli_err("snapshot: %s", err);
        rc = PA_EXIT_BAD;
        goto out;
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/snapshot.txt", dir);
    FILE *f = fopen(path, "w");
    bool saved = f && fwrite(text, 1, len, f) == len;
    if (f && fclose(f))
        saved = false;
    struct pa_strbuf b = PA_STRBUF_INIT;
    pa_sb_printf(&b, "<p>The snapshot: %s.</p>\n",
                 saved ? "<a href=\"snapshot.txt\">snapshot.txt</a> (`pagealloc run --from "
                         "snapshot.txt` starts the simulator from it)"
                       : "could not be saved next to this page");
    pa_record_html(r, b.s);
    pa_sb_reset(&b);
    pa_record_section(r, "Memory map");
    if (pa_record_map(r, m, title, err, sizeof err))
        pa_record_text(r, err, strlen(err));
    pa_record_section(r, "Pages per class");
    class_table(sf, &b);
    pa_record_html(r, b.s ? b.s : "");
    pa_sb_reset(&b);
    pa_record_section(r, "pagealloc analyze: free memory by order, verdict per order");
    analysis_text(sf, &b);
    pa_record_text(r, pa_sb_str(&b), b.len);
    pa_sb_free(&b);
    char index[4300];
    snprintf(index, sizeof index, "%s", pa_record_index(r));
    if (pa_record_finish(r, err, sizeof err)) {
        pa_cli_err("snapshot: %s", err);
        rc = PA_EXIT_BAD;
    } else {
        printf("report written to %s\n", index);
    }
out:
    free(text);
    pa_machine_destroy(m);
    pa_snapfile_free(sf);
    return rc;
}

/* The summary of `snapshot --json`, with the shared JSON emitter. */
static void summary_json(FILE *f, const struct pa_snapshot *s, const char *path, long size)
{
    struct pa_strbuf sb = PA_STRBUF_INIT;
    struct pa_json j;
    pa_json_init(&j, &sb);
    pa_json_begin_object(&j);
    pa_json_kv_str(&j, "file", path);
    if (path)
        pa_json_kv_int(&j, "bytes", size);
    pa_json_kv_str(&j, "kernel", s->kernel);
    pa_json_key(&j, "zones");
    pa_json_begin_array(&j);
    for (int i = 0; i < s->nr_zones; i++) {
        const struct pa_snap_zone *z = &s->zones[i];
        pa_json_next_line(&j);
        pa_json_begin_object(&j);
        pa_json_kv_int(&j, "node", z->node);
        pa_json_kv_str(&j, "zone", z->name);
        pa_json_kv_uint(&j, "start_pfn", z->start_pfn);
        pa_json_kv_uint(&j, "spanned", z->spanned);
        pa_json_key(&j, "pages");
        pa_json_begin_object(&j);
        for (int k = 0; k < PA_SC_COUNT; k++)
            pa_json_kv_uint(&j, pa_snap_class_name((enum pa_snap_class)k), z->pages[k]);
        pa_json_end_object(&j);
        pa_json_kv_uint(&j, "mapped", z->mapped);
        uint64_t pk = 0, pb = 0;
        pa_json_key(&j, "free_blocks_kpageflags");
        pa_json_begin_array(&j);
        for (unsigned o = 0; o < z->nr_orders; o++) {
            pa_json_uint(&j, z->blocks[o]);
            pk += z->blocks[o] << o;
        }
        pa_json_end_array(&j);
        pa_json_key(&j, "free_blocks_buddyinfo");
        pa_json_begin_array(&j);
        for (unsigned o = 0; o < z->nr_orders; o++) {
            pa_json_uint(&j, z->buddyinfo[o]);
            pb += z->buddyinfo[o] << o;
        }
        pa_json_end_array(&j);
        pa_json_kv_uint(&j, "free_pages_kpageflags", pk);
        pa_json_kv_uint(&j, "free_pages_buddyinfo", pb);
        pa_json_kv_uint(&j, "pcp_count", z->pcp_count);
        pa_json_kv_bool(&j, "buddyinfo_changed", z->buddyinfo_changed);
        pa_json_end_object(&j);
    }
    pa_json_newline(&j);
    pa_json_end_array(&j);
    pa_json_end_object(&j);
    pa_sb_putc(&sb, '\n');
    fputs(pa_sb_str(&sb), f);
    pa_sb_free(&sb);
}

static int cmd_snapshot(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"load", required_argument, 0, 'l'},
        {"report", required_argument, 0, 'r'},
        {"force", no_argument, 0, 'f'},
        {"json", no_argument, 0, 'j'},
        {"max-memory", required_argument, 0, 'm'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *path = "pagealloc-snapshot.txt", *load = NULL, *report = NULL;
    bool force = false, json = false;
    uint64_t max_memory = pa_lua_default_max_memory();
    int c;
    optind = 1;
    while ((c = pa_cli_getopt(argc, argv, "o:fh", opts)) != -1) {
        switch (c) {
        case 'o': path = optarg; break;
        case 'f': force = true; break;
        case 'j': json = true; break;
        case 'm':
            if (!pa_parse_size(optarg, &max_memory)) {
                pa_cli_usage_err("--max-memory '%s' is not a size (512M, 4G, ...)", optarg);
            }
            break;
        case 'l': load = optarg; break;
        case 'r': report = optarg; break;
        case 'h': help(stdout); return PA_EXIT_OK;
        default: help(stderr); return PA_EXIT_BAD;
        }
    }
    if (optind < argc) {
        pa_cli_usage_err("unexpected argument '%s'", argv[optind]);
    }
    if (report)
        return snapshot_report(load, report);
    if (load)
        return load_snapshot(load, max_memory);
    bool to_stdout = !strcmp(path, "-");
    /* an existing file is kept unless --force: O_EXCL, no race with a check */
    FILE *out = stdout;
    if (!to_stdout) {
        int fd = open(path, O_WRONLY | O_CREAT | (force ? O_TRUNC : O_EXCL), 0644);
        out = fd < 0 ? NULL : fdopen(fd, "w");
        if (fd < 0 && errno == EEXIST) {
            pa_cli_err("snapshot: %s exists; --force overwrites it", path);
            return PA_EXIT_BAD;
        }
    }
    if (!out) {
        pa_cli_err("snapshot: cannot write %s: %s", path, strerror(errno));
        return PA_EXIT_BAD;
    }
    struct pa_snapshot *s = calloc(1, sizeof *s);
    char err[300];
    struct pa_progress pg;
    pa_progress_begin(&pg, "reading /proc/kpageflags", "pages");
    /* the snapshot itself going to the terminal would run into the line */
    if (to_stdout && isatty(STDOUT_FILENO))
        pa_progress_end(&pg);
    int rc = s ? pa_snapshot_take_progress(out, s, err, sizeof err, pa_progress_count, &pg)
               : -ENOMEM;
    pa_progress_end(&pg);
    long size = to_stdout ? 0 : ftell(out);
    if (!to_stdout && fclose(out) && !rc)
        rc = -EIO, snprintf(err, sizeof err, "write error on %s", path);
    if (rc) {
        pa_cli_err("snapshot: %s", s ? err : "out of memory");
        if (!to_stdout)
            unlink(path);
        free(s);
        return PA_EXIT_BAD;
    }
    FILE *sum = to_stdout ? stderr : stdout;
    if (json) {
        summary_json(sum, s, to_stdout ? NULL : path, size);
        free(s);
        return PA_EXIT_OK;
    }
    if (!to_stdout)
        fprintf(sum, "snapshot of %s written to %s (%ld bytes)\n", s->kernel, path, size);
    for (int i = 0; i < s->nr_zones; i++) {
        const struct pa_snap_zone *z = &s->zones[i];
        fprintf(sum, "Node %d, zone %s: pfn %#" PRIx64 "-%#" PRIx64 "\n ", z->node, z->name,
                z->start_pfn, z->start_pfn + z->spanned - 1);
        for (int k = 0; k < PA_SC_COUNT; k++)
            fprintf(sum, " %s %" PRIu64, pa_snap_class_name((enum pa_snap_class)k), z->pages[k]);
        fprintf(sum, "; mapped %" PRIu64 "\n", z->mapped);
        fprintf(sum, "  %-22s", "free blocks, kpageflags");
        uint64_t pk = 0, pb = 0;
        for (unsigned o = 0; o < z->nr_orders; o++) {
            fprintf(sum, " %6" PRIu64, z->blocks[o]);
            pk += z->blocks[o] << o;
            pb += z->buddyinfo[o] << o;
        }
        fprintf(sum, "\n  %-22s", "free blocks, buddyinfo");
        for (unsigned o = 0; o < z->nr_orders; o++)
            fprintf(sum, " %6" PRIu64, z->buddyinfo[o]);
        fprintf(sum, "\n  free pages: kpageflags %" PRIu64 ", buddyinfo %" PRIu64
                     ", difference %+" PRId64 " (pcp lists hold %" PRIu64 ")%s\n",
                pk, pb, (int64_t)(pk - pb), z->pcp_count,
                z->buddyinfo_changed ? "; buddyinfo changed while reading" : "");
    }
    free(s);
    return PA_EXIT_OK;
}

const struct pa_cmd pa_cmd_snapshot = {"snapshot", "write every free block and a class per "
                                                   "page of this machine (root)",
                                       cmd_snapshot};
