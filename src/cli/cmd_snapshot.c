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
#include "live/physmem.h"
#include "live/procread.h"
#include "live/snapshot.h"
#include "pagealloc/mm.h"
#include "pagealloc/snapfile.h"
#include "sim/lua_sim.h"

static void help(FILE *f)
{
    fputs("usage: pagealloc snapshot [-o FILE] [--force]\n"
          "       pagealloc snapshot --load FILE [--max-memory SIZE]\n\n"
          "As root, read /proc/kpageflags and /proc/kpagecount over each zone's pfn range\n"
          "and write FILE (default pagealloc-snapshot.txt): every free block (pfn, order),\n"
          "a class for every other page (anon, file/LRU, slab, hugetlb, other kernel,\n"
          "reserved, hole) run-length encoded, and the zoneinfo, buddyinfo and\n"
          "pagetypeinfo read at the same moment. Prints per zone the pages per class and\n"
          "the free blocks per order found in kpageflags against buddyinfo (pages on\n"
          "per-CPU lists are in neither). `pagealloc run --from FILE` (simulator) will\n"
          "start from it.\n\n"
          "  -o FILE      where to write (\"-\" for stdout; the summary then goes to stderr)\n"
          "  -f, --force  overwrite FILE if it exists (without it, an existing FILE is an\n"
          "               error, exit 2)\n"
          "  --load FILE  read FILE back, build the simulator's machine in that state and\n"
          "               say whether its free blocks match the file's (exit 1 if not)\n"
          "  --max-memory SIZE  refuse a FILE whose machine needs more (default half of\n"
          "               physical memory), checked before anything is built\n",
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
    /* the page array is checked before it is built: 119 bytes may declare a
       TiB zone */
    uint64_t pfns = 0;
    for (int i = 0; i < sf->nr_zones; i++)
        if (sf->zones[i].start_pfn + sf->zones[i].spanned > pfns)
            pfns = sf->zones[i].start_pfn + sf->zones[i].spanned;
    if (pfns > max_memory / sizeof(struct pa_page)) {
        pa_cli_err("snapshot: %s: its machine has %" PRIu64 " pfns, about %" PRIu64
                   " MiB of page structures: above --max-memory %" PRIu64 " MiB",
                   path, pfns, pfns / (1u << 20) * sizeof(struct pa_page),
                   max_memory >> 20);
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

static int cmd_snapshot(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"load", required_argument, 0, 'l'},
        {"force", no_argument, 0, 'f'},         {"max-memory", required_argument, 0, 'm'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    bool force = false;
    uint64_t max_memory = pa_lua_default_max_memory();
    const char *path = "pagealloc-snapshot.txt", *load = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:fh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': path = optarg; break;
        case 'f': force = true; break;
        case 'm':
            if (!pa_parse_size(optarg, &max_memory)) {
                pa_cli_err("snapshot: --max-memory '%s' is not a size (512M, 4G, ...)", optarg);
                return PA_EXIT_BAD;
            }
            break;
        case 'l': load = optarg; break;
        case 'h': help(stdout); return PA_EXIT_OK;
        default: help(stderr); return PA_EXIT_BAD;
        }
    }
    if (optind < argc) {
        pa_cli_err("snapshot: unexpected argument '%s'", argv[optind]);
        return PA_EXIT_BAD;
    }
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
    int rc = s ? pa_snapshot_take(out, s, err, sizeof err) : -ENOMEM;
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
