/*
 * cmd_snapshot.c - `pagealloc snapshot [-o FILE]`: as root, write the
 * physical memory of this machine (every free block, a class per used page,
 * zoneinfo/buddyinfo/pagetypeinfo of the moment) to FILE, and print per zone
 * how the free blocks found in /proc/kpageflags compare with buddyinfo.
 * The work is src/live/snapshot.c; the format is in docs/live.md.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "live/snapshot.h"

static void help(FILE *f)
{
    fputs("usage: pagealloc snapshot [-o FILE]\n\n"
          "As root, read /proc/kpageflags and /proc/kpagecount over each zone's pfn range\n"
          "and write FILE (default pagealloc-snapshot.txt): every free block (pfn, order),\n"
          "a class for every other page (anon, file/LRU, slab, hugetlb, other kernel,\n"
          "reserved, hole) run-length encoded, and the zoneinfo, buddyinfo and\n"
          "pagetypeinfo read at the same moment. Prints per zone the pages per class and\n"
          "the free blocks per order found in kpageflags against buddyinfo (pages on\n"
          "per-CPU lists are in neither). `pagealloc run --from FILE` (simulator) will\n"
          "start from it.\n\n"
          "  -o FILE   where to write (\"-\" for stdout; the summary then goes to stderr)\n",
          f);
}

static int cmd_snapshot(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *path = "pagealloc-snapshot.txt";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': path = optarg; break;
        case 'h': help(stdout); return PA_EXIT_OK;
        default: help(stderr); return PA_EXIT_BAD;
        }
    }
    if (optind < argc) {
        pa_cli_err("snapshot: unexpected argument '%s'", argv[optind]);
        return PA_EXIT_BAD;
    }
    bool to_stdout = !strcmp(path, "-");
    FILE *out = to_stdout ? stdout : fopen(path, "w");
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
