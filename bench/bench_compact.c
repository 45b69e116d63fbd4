/*
 * bench_compact.c - compaction of a fully fragmented 16 GiB zone (every
 * other page used by a process, the rest free): time, pages scanned by the
 * two scanners and pages migrated per second (issue 11; docs/performance.md).
 * The kernel migrates about 0.5 M pages/s (2 us a page); the aim is 20x that.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "pagealloc/compaction.h"
#include "pagealloc/events.h"
#include "pagealloc/lru.h"
#include "pagealloc/pageops.h"
#include "pagealloc/profile.h"

#define NPAGES (16ull << 18) /* 16 GiB of 4 KiB pages */

/* The process's page table: slot = handle, the pfn it maps. */
static uint32_t *slots;

static int proc_migrate(void *ctx, struct pa_machine *m, uint32_t handle, uint64_t old_pfn,
                        uint64_t new_pfn)
{
    (void)ctx, (void)m;
    if (slots[handle] != old_pfn)
        return PA_EINVAL;
    slots[handle] = (uint32_t)new_pfn;
    return 0;
}

/* With the argument "events": an event callback that counts the
   compaction: events (what a trace reader pays on top). */
static uint64_t nr_events;
static void count_events(void *ctx, const struct pa_event *ev)
{
    (void)ctx, (void)ev;
    nr_events++;
}

/* The zone fully fragmented: every other page used by a "process" whose
   slots the migrate op repoints, the pages between them free. */
static void fragment(struct pa_machine *m)
{
    static const struct pa_page_ops ops = {.migrate = proc_migrate};
    pa_machine_set_page_ops(m, PA_KIND_ANON, &ops, NULL);
    pa_alloc_range(m, 0x100000, 0x100000 + NPAGES, PA_MT_MOVABLE);
    for (uint64_t i = 0; i < NPAGES; i += 2)
        pa_free_pages(m, 0x100000 + i + 1, 0);
    for (uint64_t i = 0; i < NPAGES / 2; i++) {
        uint64_t pfn = 0x100000 + 2 * i;
        slots[i] = (uint32_t)pfn;
        pa_page_set_owner(m, pfn, PA_KIND_ANON, (uint32_t)i);
        pa_lru_add(m, pfn, false);
    }
}

int main(int argc, char **argv)
{
    bool events = argc > 1 && !strcmp(argv[1], "events");
    bench_print_machine("bench_compact");
    struct pa_machine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.profile = pa_profile_by_name("6.17");
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0x100000, 0x100000 + NPAGES);
    struct pa_machine *m;
    char err[200];
    slots = calloc(NPAGES / 2, sizeof *slots);
    if (!slots || pa_machine_create(&cfg, &m, err, sizeof err)) {
        fprintf(stderr, "bench_compact: cannot build the machine: %s\n", err);
        return 1;
    }
    uint64_t t0 = bench_now_ns();
    fragment(m);
    if (events)
        pa_machine_set_event_cb(m, count_events, NULL);
    uint64_t t1 = bench_now_ns(), c1 = bench_cpu_ns();
    struct pa_compact_control cc;
    pa_compact_control_whole_zone(&cc);
    pa_compact_zone(&m->zones[0], &cc);
    uint64_t t2 = bench_now_ns(), c2 = bench_cpu_ns();
    double s = (double)(t2 - t1) / 1e9, cs = (double)(c2 - c1) / 1e9;
    uint64_t bad = 0;
    for (uint64_t i = 0; i < NPAGES / 2; i++)
        bad += !(m->pages[slots[i]].flags & PA_PG_ALLOC) || m->pages[slots[i]].priv != i;
    printf("setup (16 GiB zone, every other page anon): %.2f s\n", (double)(t1 - t0) / 1e9);
    printf("compact_memory of the zone: %.3f s wall, %.3f s CPU", s, cs);
    if (events)
        printf(" (an event callback: %llu events)", (unsigned long long)nr_events);
    printf("\n");
    printf("  migration scanner %llu pages, free scanner %llu pages, migrated %llu pages\n",
           (unsigned long long)cc.migrate_scanned, (unsigned long long)cc.free_scanned,
           (unsigned long long)cc.migrated);
    printf("  %.1f M pages/s migrated, %.1f M pages/s scanned (CPU time); %.2f us a page\n",
           (double)cc.migrated / cs / 1e6,
           (double)(cc.migrate_scanned + cc.free_scanned) / cs / 1e6,
           cs * 1e6 / (double)(cc.migrated ? cc.migrated : 1));
    printf("  order-10 blocks after: %llu; slots that do not resolve: %llu\n",
           (unsigned long long)m->zones[0].free_area[10].nr_free, (unsigned long long)bad);
    pa_machine_destroy(m);

    /* Direct compaction for one order-9 block on the same zone, before and
       after the 5.1 fast searches (4.19 / 6.17 rules; docs/performance.md) */
    const char *eras[] = {"4.19", "6.17"};
    for (int e = 0; e < 2; e++) {
        cfg.profile = pa_profile_by_name(eras[e]);
        if (pa_machine_create(&cfg, &m, err, sizeof err)) {
            fprintf(stderr, "bench_compact: cannot build the machine: %s\n", err);
            return 1;
        }
        fragment(m);
        uint64_t c3 = bench_cpu_ns();
        int r = pa_try_to_compact_pages(m, 0, 9, PA_ALLOC_WMARK_MIN, PA_MT_MOVABLE,
                                        PA_ZONE_NORMAL, PA_COMPACT_PRIO_SYNC_LIGHT, NULL);
        uint64_t c4 = bench_cpu_ns();
        const struct pa_compact_stats *st = &m->compact_stats;
        printf("order-9 direct compaction, %s rules%s: %s, %.1f us CPU; migration scanner %llu, "
               "free scanner %llu, migrated %llu pages\n",
               eras[e], m->profile->compaction.fast_search ? " (fast search)" : "",
               pa_compact_result_name((enum pa_compact_result)r), (double)(c4 - c3) / 1e3,
               (unsigned long long)st->compact_migrate_scanned,
               (unsigned long long)st->compact_free_scanned,
               (unsigned long long)st->pgmigrate_success);
        pa_machine_destroy(m);
    }
    free(slots);
    return 0;
}
