/*
 * cmd_compact.c - `pagealloc compact [--from SNAPSHOT] [--order N] [--count K]
 * [--json] [--apply]`: predict what compaction would do to this machine
 * (docs/compaction.md); with --apply, do it and compare.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "live/compact.h"
#include "live/procread.h"
#include "live/snapshot.h"
#include "pagealloc/order_text.h"

static void help(FILE *f)
{
    fputs("usage: pagealloc compact [--from SNAPSHOT [--cpu C] | --save FILE] "
          "[--order N [--count K]] [--json] [--apply]\n"
          "       [--save-predicted FILE] [--model-trace FILE] [--save-after FILE]\n"
          "       [--no-settle | --keep-pcp | --pcp-snapshot-only] [--pcp-guess]\n\n"
          "Predict /proc/buddyinfo after compaction: take a snapshot of this machine (root,\n"
          "read-only) or read SNAPSHOT (`pagealloc snapshot -o`), run the engine's\n"
          "compaction on it, print buddyinfo before and predicted per zone, the pages\n"
          "migrated and the order >= 9 blocks gained. Nothing on the machine changes.\n\n"
          "  --order N   direct compaction for order N instead of compact_memory: blocks\n"
          "              of that order are taken, compacting when none is free, until\n"
          "              compaction fails (as growing a hugetlb pool asks for them)\n"
          "  --count K   take at most K blocks with --order\n"
          "  --save FILE keep the snapshot taken (to predict again from it with --from)\n"
          "  --no-settle with --apply: do not let the machine settle first (sync, so\n"
          "              that no dirty large page-cache folio stops the kernel's run,\n"
          "              then vm.stat_refresh until the per-CPU lists stop shrinking,\n"
          "              at most 40 times: the kernel's once-a-second decay, hurried)\n"
          "  --keep-pcp  with --apply: leave vm.percpu_pagelist_high_fraction alone (by\n"
          "              default the per-CPU lists are held at 4 x batch for the snapshot\n"
          "              and the real run, so that the snapshot's flagless pages are\n"
          "              kernel pages, and put back right after)\n"
          "  --pcp-snapshot-only  with --apply: put them back before the real run\n"
          "  --save-after FILE   with --apply: keep the snapshot taken right after the\n"
          "              real run (it measures the drift: docs/compaction.md)\n"
          "  --save-predicted FILE  the model's state right after its run, page by page,\n"
          "              in the snapshot format (to compare with --save-after's)\n"
          "  --model-trace FILE  the model's compaction events as tracefs lines\n"
          "              (compaction:mm_compaction_*), to compare with the kernel's\n"
          "  --pcp-guess guess where the compacting CPU's per-CPU pages are (flagless\n"
          "              pages alone among user pages), so that those its run frees are\n"
          "              freed there, not only counted (docs/compaction.md: it helps some\n"
          "              runs and hurts others)\n"
          "  --cpu C     with --from: the CPU that compacts (its per-CPU list in the\n"
          "              snapshot's zoneinfo is modelled; --apply pins itself to the\n"
          "              CPU with the fewest per-CPU pages and reports it as \"cpu\")\n"
          "  --json      one JSON object: per zone before, predicted (and real) block\n"
          "              counts per order, pages migrated, agreement\n"
          "  --apply     (root) then really compact: write 1 to /proc/sys/vm/compact_memory,\n"
          "              or with --order 9 raise nr_hugepages by the blocks predicted (the\n"
          "              old value is restored on every exit path), and print the real\n"
          "              buddyinfo beside the prediction with the agreement per zone:\n"
          "              1 - sum|predicted - real| / sum|before - real| (pages)\n",
          f);
}

static void counts(const char *label, const uint64_t *v, unsigned n)
{
    printf("  %-10s", label);
    for (unsigned o = 0; o < n; o++)
        printf(" %6" PRIu64, v[o]);
    putchar('\n');
}

static uint64_t at_least(const uint64_t *v, unsigned n, unsigned order)
{
    uint64_t b = 0;
    for (unsigned o = order; o < n; o++)
        b += v[o] << (o - order);
    return b;
}

static void print_text(const struct pa_compact_report *r)
{
    printf("compact: kernel %s, rules of profile %s; %s\n", r->kernel, r->profile,
           r->order < 0 ? "every zone as /proc/sys/vm/compact_memory"
                        : "direct compaction for the order below");
    if (r->settle_rounds >= 0)
        printf("  settled first: sync; per-CPU lists %" PRIu64 " -> %" PRIu64 " pages (%d "
               "vm.stat_refresh writes%s)\n",
               r->pcp_settle_before, r->pcp_settle_after, r->settle_rounds,
               r->pcp_small_run ? "; high 4 x batch through vm.percpu_pagelist_high_fraction "
                                  "until the real run ended, then put back"
               : r->pcp_shrunk ? "; high 4 x batch through vm.percpu_pagelist_high_fraction "
                                 "for the snapshot, put back before the real run"
                               : "");
    if (r->cpu >= 0)
        printf("  compacting on CPU %d (pinned; its per-CPU lists are modelled)%s\n", r->cpu,
               r->applied ? "; the real run came first, right after the snapshot" : "");
    if (r->order >= 0)
        printf("  order %d: blocks taken (hugetlb pool style) until compaction failed\n",
               r->order);
    for (int i = 0; i < r->nr_zones; i++) {
        const struct pa_cz_report *z = &r->zones[i];
        unsigned n = z->nr_orders;
        printf("Node %d, zone %s\n", z->node, z->name);
        printf("  %-10s", "order");
        for (unsigned o = 0; o < n; o++)
            printf(" %6u", o);
        putchar('\n');
        counts("before", z->before, n);
        counts("predicted", z->predicted, n);
        if (r->have_nosplit && z->nosplit_contended)
            counts("no-split", z->nosplit, n);
        if (z->held)
            counts("drained", z->drained, n);
        if (z->have_real) {
            counts("real", z->real, n);
            printf("  %-10s", "pred-real");
            for (unsigned o = 0; o < n; o++)
                printf(" %+6" PRId64, (int64_t)(z->predicted[o] - z->real[o]));
            putchar('\n');
        }
        unsigned hi = n > 9 ? 9 : n - 1;
        uint64_t b9 = at_least(z->before, n, hi), p9 = at_least(z->predicted, n, hi);
        printf("  migrated %" PRIu64 " pages (scanned %" PRIu64 " by the migration scanner, %" PRIu64
               " by the free scanner); order>=%u blocks %" PRIu64 " -> %" PRIu64 " (%+" PRId64
               ")%s",
               z->migrated, z->migrate_scanned, z->free_scanned, hi, b9, p9,
               (int64_t)(p9 - b9), r->order >= 0 ? "" : "\n");
        if (r->order >= 0)
            printf("; %" PRIu64 " order-%d blocks taken\n", z->hugepages, r->order);
        if (z->pcp || z->held)
            printf("  %" PRIu64 " pages were on per-CPU lists at the snapshot (in no count); "
                   "%" PRIu64 " freed pages are predicted to wait on the compacting CPU's list "
                   "(\"drained\": once they are back)\n",
                   z->pcp, z->held);
        if (r->have_nosplit && z->nosplit_contended)
            printf("  \"no-split\": if the kernel cannot split a large folio that finds no "
                   "target of its order, its run ends there (pfn %#" PRIx64 ")\n",
                   z->nosplit_met_pfn);
        if (z->pcp_old_freed)
            printf("  %" PRIu64 " pages that were on the compacting CPU's list before the run "
                   "are predicted to leave it (%" PRIu64 " freed at a known or guessed pfn, "
                   "the rest in no count)\n",
                   z->pcp_old_freed, z->pcp_old_placed);
        if (z->have_real) {
            uint64_t r9 = at_least(z->real, n, hi);
            if (z->have_agreement && r->have_nosplit && z->nosplit_contended)
                printf("  real order>=%u blocks %" PRIu64 "; agreement %.3f (no-split: %.3f)\n",
                       hi, r9, z->agreement, z->nosplit_agreement);
            else if (z->have_agreement)
                printf("  real order>=%u blocks %" PRIu64 "; agreement %.3f\n", hi, r9,
                       z->agreement);
            else
                printf("  real order>=%u blocks %" PRIu64 "; agreement undefined (nothing "
                       "changed)%s\n",
                       hi, r9, z->agreement < 1 ? ", and the prediction said it would" : "");
            if (z->have_page_drift)
                printf("  drift: %" PRIu64 " pages changed in ways compaction does not change "
                       "them (a snapshot after the run against the one predicted from: %" PRIu64
                       " other changes of class, %" PRIu64 " freed and %" PRIu64 " filled user "
                       "pages against the run's migrations), %.0f %% of the %" PRIu64
                       " pages of change the agreement is measured on\n",
                       z->page_drift, z->drift_other, z->drift_src, z->drift_tgt,
                       z->change ? 100.0 * (double)z->page_drift / (double)z->change : 0.0,
                       z->change);
            if (z->have_refilled)
                printf("  %" PRIu64 " user pages the model moved away hold user pages after the "
                       "run: pages the kernel left, or freed sources other processes took "
                       "(traced runs: the latter)\n",
                       z->refilled);
            if (z->have_drift)
                printf("  the rest of the machine allocated %" PRIu64 " pages in this zone "
                       "meanwhile (pgalloc, gross: most are freed again)\n",
                       z->drift_alloc);
            if (z->have_kscan && z->stopped_short)
                printf("  the kernel's migration scanner stopped short: about %" PRIu64 " pages "
                       "of this zone scanned, the model's %" PRIu64 " - its run ended early "
                       "(CONTENDED: e.g. at a large folio it could not split) or its free "
                       "scanner ran out of targets sooner (others took them: drift); the "
                       "figure then compares different runs\n",
                       z->kernel_migrate_scanned, z->migrate_scanned);
        }
    }
    if (r->mismatch)
        printf("# %" PRIu64 " free blocks of the snapshot were not rebuilt at the same pfn and "
               "order\n",
               r->mismatch);
    if (r->applied && r->order >= 0)
        printf("# hugetlb pool: nr_hugepages %ld, asked %ld more, got %ld; %s\n",
               r->pool_before, r->pool_asked, r->pool_got,
               r->pool_restored ? "restored" : "NOT RESTORED: set it back by hand");
    if (r->have_vmstat) {
        uint64_t pm = 0, ps = 0, pf = 0;
        for (int i = 0; i < r->nr_zones; i++) {
            pm += r->zones[i].migrated;
            ps += r->zones[i].migrate_scanned;
            pf += r->zones[i].free_scanned;
        }
        if (r->run_seconds > 0)
            printf("# the real run took %.3f s, %.3f s after the snapshot began; pgfree over "
                   "both %" PRIu64 " (every zone; the run's freed sources included)\n",
                   r->run_seconds, r->snapshot_seconds, r->drift_free);
        printf("# /proc/vmstat over the real run: pgmigrate_success %" PRIu64 " (predicted %" PRIu64
               "), compact_migrate_scanned %" PRIu64 " (%" PRIu64 "), compact_free_scanned %" PRIu64
               " (%" PRIu64 ")\n",
               r->real_migrated, pm, r->real_migrate_scanned, ps, r->real_free_scanned, pf);
    }
    printf("# engine time %.3f s\n", r->seconds);
}

static void json_counts(const char *key, const uint64_t *v, unsigned n)
{
    printf("\"%s\":[", key);
    for (unsigned o = 0; o < n; o++)
        printf("%s%" PRIu64, o ? "," : "", v[o]);
    putchar(']');
}

static void print_json(const struct pa_compact_report *r)
{
    printf("{\"kernel\":\"%s\",\"profile\":\"%s\",\"order\":%d,\"cpu\":%d,\"applied\":%s,"
           "\"zones\":[",
           r->kernel, r->profile, r->order, r->cpu, r->applied ? "true" : "false");
    for (int i = 0; i < r->nr_zones; i++) {
        const struct pa_cz_report *z = &r->zones[i];
        printf("%s{\"node\":%d,\"zone\":\"%s\",", i ? "," : "", z->node, z->name);
        json_counts("before", z->before, z->nr_orders);
        putchar(',');
        json_counts("predicted", z->predicted, z->nr_orders);
        putchar(',');
        json_counts("drained", z->drained, z->nr_orders);
        if (r->have_nosplit) {
            putchar(',');
            json_counts("nosplit", z->nosplit, z->nr_orders);
            printf(",\"nosplit_contended\":%s,\"nosplit_met_pfn\":%" PRIu64,
                   z->nosplit_contended ? "true" : "false", z->nosplit_met_pfn);
        }
        if (z->have_real) {
            putchar(',');
            json_counts("real", z->real, z->nr_orders);
            if (z->have_agreement)
                printf(",\"agreement\":%.4f", z->agreement);
            else
                printf(",\"agreement\":null");
            if (z->have_agreement && r->have_nosplit)
                printf(",\"nosplit_agreement\":%.4f", z->nosplit_agreement);
            printf(",\"change\":%" PRIu64, z->change);
            if (z->have_drift)
                printf(",\"alloc_gross\":%" PRIu64, z->drift_alloc);
            if (z->have_page_drift)
                printf(",\"drift\":%" PRIu64 ",\"drift_share\":%.4f,\"drift_detail\":{\"other\":%" PRIu64
                       ",\"freed_user\":%" PRIu64 ",\"filled_user\":%" PRIu64 "}",
                       z->page_drift,
                       z->change ? (double)z->page_drift / (double)z->change : 0.0,
                       z->drift_other, z->drift_src, z->drift_tgt);
            if (z->have_refilled)
                printf(",\"refilled\":%" PRIu64, z->refilled);
            if (z->have_kscan)
                printf(",\"kernel_migrate_scanned\":%" PRIu64 ",\"stopped_short\":%s",
                       z->kernel_migrate_scanned, z->stopped_short ? "true" : "false");
        }
        printf(",\"migrated\":%" PRIu64 ",\"migrate_scanned\":%" PRIu64
               ",\"free_scanned\":%" PRIu64 ",\"pcp\":%" PRIu64 ",\"held_on_pcp\":%" PRIu64
               ",\"pcp_old_freed\":%" PRIu64 ",\"pcp_old_known\":%" PRIu64
               ",\"pcp_old_placed\":%" PRIu64 ",\"met_pfn\":%" PRIu64,
               z->migrated, z->migrate_scanned, z->free_scanned, z->pcp, z->held,
               z->pcp_old_freed, z->pcp_old_known, z->pcp_old_placed, z->met_pfn);
        if (r->order >= 0)
            printf(",\"blocks_taken\":%" PRIu64, z->hugepages);
        putchar('}');
    }
    printf("],\"mismatch\":%" PRIu64 ",\"engine_seconds\":%.4f", r->mismatch, r->seconds);
    if (r->settle_rounds >= 0)
        printf(",\"settle\":{\"rounds\":%d,\"pcp_before\":%" PRIu64 ",\"pcp_after\":%" PRIu64
               ",\"pcp_shrunk\":%s,\"pcp_small_run\":%s,\"pcp_filled\":%ld}",
               r->settle_rounds, r->pcp_settle_before, r->pcp_settle_after,
               r->pcp_shrunk ? "true" : "false", r->pcp_small_run ? "true" : "false",
               r->pcp_filled);
    if (r->applied && r->order < 0 && r->run_seconds > 0)
        printf(",\"run_seconds\":%.3f,\"snapshot_seconds\":%.3f,\"drift_free\":%" PRIu64,
               r->run_seconds, r->snapshot_seconds, r->drift_free);
    if (r->have_vmstat)
        printf(",\"vmstat\":{\"pgmigrate_success\":%" PRIu64 ",\"compact_migrate_scanned\":%" PRIu64
               ",\"compact_free_scanned\":%" PRIu64 "}",
               r->real_migrated, r->real_migrate_scanned, r->real_free_scanned);
    if (r->applied && r->order >= 0)
        printf(",\"pool\":{\"before\":%ld,\"asked\":%ld,\"got\":%ld,\"restored\":%s}",
               r->pool_before, r->pool_asked, r->pool_got, r->pool_restored ? "true" : "false");
    puts("}");
}

/* the snapshot's zoneinfo section replaced by /proc/zoneinfo now */
static void swap_zoneinfo(char **text, size_t *len)
{
    size_t zl;
    char *zi = pa_read_file("/proc/zoneinfo", &zl);
    char *b = *text ? strstr(*text, "begin zoneinfo\n") : NULL;
    char *e = b ? strstr(b, "end zoneinfo\n") : NULL;
    if (!zi || !e) {
        free(zi);
        return;
    }
    b += strlen("begin zoneinfo\n");
    size_t head = (size_t)(b - *text), tail = *len - (size_t)(e - *text);
    char *t = malloc(head + zl + 1 + tail + 1);
    if (t) {
        memcpy(t, *text, head);
        memcpy(t + head, zi, zl);
        size_t n = head + zl;
        if (zl && zi[zl - 1] != '\n')
            t[n++] = '\n';
        memcpy(t + n, e, tail);
        n += tail;
        t[n] = '\0';
        free(*text);
        *text = t;
        *len = n;
    }
    free(zi);
}

/* a snapshot of this machine, as text */
static int take_snapshot(char **text, size_t *len, char *err, size_t n)
{
    *text = NULL;
    *len = 0;
    FILE *mem = open_memstream(text, len);
    struct pa_snapshot *s = calloc(1, sizeof *s);
    snprintf(err, n, "out of memory");
    struct pa_progress pg;
    pa_progress_begin(&pg, "reading /proc/kpageflags", "pages");
    int rc = mem && s ? pa_snapshot_take_progress(mem, s, err, n, pa_progress_count, &pg)
                      : -ENOMEM;
    pa_progress_end(&pg);
    if (mem)
        fclose(mem);
    free(s);
    if (rc) {
        free(*text);
        *text = NULL;
    }
    return rc;
}

static bool write_text(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = fwrite(text, 1, len, f) == len;
    return !fclose(f) && ok;
}

static int cmd_compact(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, 0, 'f'}, {"order", required_argument, 0, 'o'},
        {"count", required_argument, 0, 'c'}, {"json", no_argument, 0, 'j'},
        {"apply", no_argument, 0, 'a'},      {"save", required_argument, 0, 's'},
        {"cpu", required_argument, 0, 'C'},  {"no-settle", no_argument, 0, 'N'},
        {"save-predicted", required_argument, 0, 'P'},
        {"save-after", required_argument, 0, 'A'},
        {"model-trace", required_argument, 0, 'T'},
        {"keep-pcp", no_argument, 0, 'K'},
        {"pcp-snapshot-only", no_argument, 0, 'S'},
        {"pcp-guess", no_argument, 0, 'G'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *from = NULL, *save = NULL, *save_pred = NULL, *save_after = NULL,
               *model_trace = NULL;
    int order = -1, c;
    long count = 0;
    int cpu_opt = -1;
    bool json = false, apply = false, settle = true, keep_pcp = false, keep_shrunk = true,
         guess_pcp = false;
    optind = 1;
    while ((c = pa_cli_getopt(argc, argv, "h", opts)) != -1) {
        switch (c) {
        case 'f': from = optarg; break;
        case 'o': order = (int)pa_cli_order("--order", optarg, PA_ORDER_CAP); break;
        case 'c': count = (long)pa_cli_ull("--count", optarg); break;
        case 'j': json = true; break;
        case 'a': apply = true; break;
        case 's': save = optarg; break;
        case 'N': settle = false; break;
        case 'P': save_pred = optarg; break;
        case 'A': save_after = optarg; break;
        case 'T': model_trace = optarg; break;
        case 'K': keep_pcp = true; break;
        case 'S': keep_shrunk = false; break;
        case 'G': guess_pcp = true; break;
        case 'C': {
            unsigned long long v = pa_cli_ull("--cpu", optarg);
            if (v > 4095)
                pa_cli_usage_err("--cpu from 0 to 4095");
            cpu_opt = (int)v;
            break;
        }
        case 'h': help(stdout); return PA_EXIT_OK;
        default: help(stderr); return PA_EXIT_BAD;
        }
    }
    if (optind < argc)
        pa_cli_usage_err("unexpected argument '%s'", argv[optind]);
    if (count && order < 0)
        pa_cli_usage_err("--count needs --order");
    if (save && from)
        pa_cli_usage_err("--save keeps the snapshot compact takes; with --from there is none");
    if (apply && from)
        pa_cli_usage_err("--apply compacts this machine: it takes its own snapshot, not "
                         "--from");
    if (cpu_opt >= 0 && (apply || !from))
        pa_cli_usage_err("--cpu names the compacting CPU of a --from snapshot (--apply "
                         "picks and pins its own)");
    if (save_after && (!apply || order >= 0))
        pa_cli_usage_err("--save-after keeps a snapshot taken right after the real "
                         "compact_memory run: it needs --apply without --order");
    if (apply && order >= 0 && order != 9)
        pa_cli_usage_err("--apply with --order goes through the 2 MiB hugetlb pool: "
                         "--order 9 only");
    if (apply && geteuid() != 0) {
        pa_cli_err("compact: --apply needs root");
        return PA_EXIT_BAD;
    }
    char *text = NULL;
    size_t len = 0;
    const char *name = from;
    /* compact_memory: snapshot, then at once the real run on the CPU whose
       per-CPU list the prediction models, then the prediction (which
       allocates ~100 MB that would otherwise change the machine first) */
    bool real_first = apply && order < 0;
    uint64_t settle_before = 0, settle_after = 0;
    /* small per-CPU lists for the snapshot and the real run, put back
       right after it */
    int old_nice = real_first ? pa_compact_priority(-20) : PA_NICE_NONE;
    bool pcp_shrunk = real_first && settle && !keep_pcp && !pa_compact_pcp_shrink();
    bool shrunk_snap = pcp_shrunk;
    int settle_rounds = real_first && settle ? pa_compact_settle(40, &settle_before, &settle_after)
                                             : -1;
    int cpu = real_first ? pa_compact_pin_cpu() : cpu_opt;
    /* the compacting CPU's list: pages of known pfns (the snapshot's
       pcplist record), not old ones of unknown pfns */
    uint64_t *filled = NULL;
    long nr_filled = 0;
    if (real_first && settle && cpu >= 0) {
        /* the snapshot's own memory must not come from that list */
        pa_compact_prefault_heap(16 << 20);
        nr_filled = pa_compact_pcp_fill(cpu, &filled);
    }
    struct pa_compact_real real = {0};
    char *after = NULL; /* the snapshot right after the real run */
    size_t after_len = 0;
    if (from) {
        text = pa_read_file(from, &len);
        if (!text) {
            pa_cli_err("compact: cannot read %s: %s", from, strerror(errno));
            return PA_EXIT_BAD;
        }
    } else {
        char err[300];
        if (real_first)
            pa_compact_vmstat_read(&real.mark);
        int rc = take_snapshot(&text, &len, err, sizeof err);
        if (rc) {
            pa_compact_pcp_restore();
            free(filled);
            pa_cli_err("compact: snapshot: %s", err);
            return PA_EXIT_BAD;
        }
        name = "(snapshot of this machine)";
        /* --pcp-snapshot-only: the lists' limits go back before the real
           run (the snapshot saw them nearly empty, its flagless pages are
           kernel pages; the run's freed sources then wait on the compacting
           CPU's list as usual); the snapshot keeps the zoneinfo of the
           run's limits */
        if (pcp_shrunk && !keep_shrunk) {
            if (pa_compact_pcp_restore())
                pa_cli_err("compact: could not put vm.percpu_pagelist_high_fraction back: "
                           "set it by hand");
            pcp_shrunk = false;
            swap_zoneinfo(&text, &len);
        }
        if (real_first && (rc = pa_compact_memory_real(&real, err, sizeof err))) {
            free(filled);
            pa_cli_err("compact: --apply: %s", err);
            pa_compact_pcp_restore();
            free(text);
            pa_compact_real_free(&real);
            return PA_EXIT_NO;
        }
        /* the machine right after the real run, page by page; read from
           another CPU, so that the reading's own memory does not come from
           the sources the run freed onto the compacting CPU's list */
        if (real_first)
            pa_compact_leave_cpu(cpu);
        if (real_first && (rc = take_snapshot(&after, &after_len, err, sizeof err)))
            pa_cli_err("compact: snapshot after the run: %s", err);
        if (pcp_shrunk && pa_compact_pcp_restore())
            pa_cli_err("compact: could not put vm.percpu_pagelist_high_fraction back: "
                       "set it by hand");
        if (old_nice != PA_NICE_NONE)
            pa_compact_priority(old_nice); /* the prediction at the old priority */
        if (nr_filled > 0) {
            size_t l2;
            char *t2 = pa_compact_add_pcplist(text, len, filled, (size_t)nr_filled, &l2);
            if (t2) {
                free(text);
                text = t2;
                len = l2;
            }
        }
        free(filled);
        if ((save && !write_text(save, text, len)) ||
            (after && save_after && !write_text(save_after, after, after_len))) {
            pa_cli_err("compact: cannot write %s: %s", save && !after ? save : "a snapshot",
                       strerror(errno));
            free(text);
            free(after);
            pa_compact_real_free(&real);
            return PA_EXIT_BAD;
        }
    }
    struct pa_snapfile *sf;
    struct pa_diag d;
    int err = pa_snapfile_parse(text, len, name, &sf, &d);
    free(text);
    if (err) {
        pa_cli_err_at(d.file, d.line, "column %ld: %s", d.col, d.msg);
        pa_compact_real_free(&real);
        free(after);
        return PA_EXIT_BAD;
    }
    /* --order above the snapshot's largest: the one order message */
    if (order > (int)sf->max_order) {
        char t[96];
        pa_order_range_text_ll(t, sizeof t, order, sf->max_order);
        pa_cli_err("compact: %s: --order: %s (the snapshot's max_order)", name, t);
        pa_snapfile_free(sf);
        pa_compact_real_free(&real);
        free(after);
        return PA_EXIT_BAD;
    }
    struct pa_compact_report *r = calloc(1, sizeof *r);
    char msg[300];
    struct pa_compact_dumps dumps = {NULL, NULL, guess_pcp};
    const char *bad = NULL;
    /* the predicted state, for the page drift after a real run */
    char *pred_text = NULL;
    size_t pred_len = 0;
    if (save_pred && !(dumps.state = fopen(save_pred, "w")))
        bad = save_pred;
    else if (!save_pred && after)
        dumps.state = open_memstream(&pred_text, &pred_len);
    else if (model_trace && !(dumps.trace = fopen(model_trace, "w")))
        bad = model_trace;
    if (bad) {
        pa_cli_err("compact: cannot write %s: %s", bad, strerror(errno));
        if (dumps.state)
            fclose(dumps.state);
        pa_snapfile_free(sf);
        pa_compact_real_free(&real);
        free(after);
        free(r);
        return PA_EXIT_BAD;
    }
    err = r ? pa_compact_predict(sf, order, count, cpu, &dumps, r, msg, sizeof msg) : PA_ENOMEM;
    if (dumps.state && fclose(dumps.state) && !err) {
        snprintf(msg, sizeof msg, "cannot write %s", save_pred);
        err = PA_EINVAL;
    }
    if (dumps.trace && fclose(dumps.trace) && !err) {
        snprintf(msg, sizeof msg, "cannot write %s", model_trace);
        err = PA_EINVAL;
    }
    if (!r || err) {
        pa_cli_err("compact: %s", r ? msg : "out of memory");
        pa_snapfile_free(sf);
        pa_compact_real_free(&real);
        free(after);
        free(r);
        return PA_EXIT_BAD;
    }
    int rc = PA_EXIT_OK;
    r->settle_rounds = settle_rounds;
    r->pcp_shrunk = shrunk_snap;
    r->pcp_small_run = shrunk_snap && keep_shrunk;
    r->pcp_filled = nr_filled;
    r->pcp_settle_before = settle_before;
    r->pcp_settle_after = settle_after;
    if (real_first) {
        if ((err = pa_compact_set_real(r, &real, msg, sizeof msg))) {
            pa_cli_err("compact: --apply: %s", msg);
            rc = PA_EXIT_NO;
        }
        pa_compact_real_free(&real);
        struct pa_snapfile *sf2 = NULL, *sfm = NULL;
        struct pa_diag d2;
        if (save_pred && !pred_text)
            pred_text = pa_read_file(save_pred, &pred_len);
        if (pred_text && pa_snapfile_parse(pred_text, pred_len, "(predicted state)", &sfm, &d2))
            sfm = NULL;
        if (after && !pa_snapfile_parse(after, after_len, "(snapshot after the run)", &sf2, &d2))
            pa_compact_page_drift(sf, sfm, sf2, r);
        pa_snapfile_free(sf2);
        pa_snapfile_free(sfm);
    } else if (apply && (err = pa_compact_apply(r, count, msg, sizeof msg))) {
        pa_cli_err("compact: --apply: %s", msg);
        rc = PA_EXIT_NO;
    }
    pa_snapfile_free(sf);
    free(after);
    free(pred_text);
    if (json)
        print_json(r);
    else
        print_text(r);
    free(r);
    if (fflush(stdout) || ferror(stdout)) {
        pa_cli_err("compact: cannot write the answer");
        return PA_EXIT_BAD;
    }
    return rc;
}

const struct pa_cmd pa_cmd_compact = {"compact", "predict what compaction would do to this "
                                                 "machine; --apply does it and compares",
                                      cmd_compact};
