/*
 * pagealloc/pcp.h - per-CPU page lists (the kernel's struct per_cpu_pages),
 * kernel-semantics 4.4.
 *
 * Every CPU has, for every zone, a few short lists of free pages that it
 * allocates from and frees to without touching the zone's buddy lists. A list
 * that runs empty is refilled with `batch` pages taken one by one from the
 * buddy allocator (rmqueue_bulk); when a CPU's count reaches `high`, `batch`
 * pages go back (free_pcppages_bulk). This batching is what interleaves the
 * pages of tasks running on different CPUs in runs of `batch` pages (seed 003).
 *
 * For the engine a page on a pcp list is allocated (PA_PG_ALLOC, plus
 * the engine's own PA_PG_PCP, mm.h): pa_machine_check accounts for it and NR_FREE_PAGES
 * (zone->free_pages) excludes it, as in the kernel. While a page is on a pcp
 * list its next/prev link the list and its mt is the migratetype it will be
 * freed to the buddy lists with.
 *
 * Sizes and which orders use the lists are era data (enum pa_pcp_era).
 */
#ifndef PAGEALLOC_PCP_H
#define PAGEALLOC_PCP_H

#include "pagealloc/mm.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PA_PCP_MAX_CPUS 256
#define PA_PCP_NR_LISTS 14       /* 3 types x orders 0..3, plus 2 THP lists */

/* enum pa_pcp_era is in mm.h: it is part of the era profile. */

/* Per-era pcp data (kernel-semantics 4.4). */
struct pa_pcp_rules {
    const char *name;
    unsigned batch_cap_kb;     /* zone_batchsize: min(pages/1024, cap) ...    */
    bool batch_from_present;   /* 2.6.32 sizes from present, 3.x+ managed     */
    bool high_from_low_wmark;  /* 5.14+: high = max(LOW / cpus, 4 * batch)    */
    unsigned max_order;        /* highest pcp order below the THP list: 0/3   */
    bool thp_lists;            /* 5.14+: pageblock_order lists                */
    bool legacy_list_order;    /* <= 4.3 list index order U E M (else U M E)  */
};
const struct pa_pcp_rules *pa_pcp_rules_for(enum pa_pcp_era era);

/* One CPU's lists for one zone. */
struct pa_pcp_set {
    uint64_t count;            /* pages on all lists (pcp->count)             */
    struct pa_pfnlist lists[PA_PCP_NR_LISTS]; /* one order each: .count blocks */
};

struct pa_pcp {
    enum pa_pcp_era era;
    const struct pa_pcp_rules *rules;
    int nr_cpus;
    int nr_zones;
    uint64_t batch[PA_MAX_ZONES];
    uint64_t high[PA_MAX_ZONES];
    uint64_t high_max[PA_MAX_ZONES]; /* 6.7+: the auto-tuning ceiling (shown in
                                        zoneinfo; the tuning is not modelled) */
    struct pa_pcp_set *sets;   /* [cpu * nr_zones + zone index]               */
    uint64_t refills, drains;  /* statistics                                  */
};

/* Give machine m per-CPU lists for nr_cpus CPUs (1..PA_PCP_MAX_CPUS) under the
   rules of era; batch and high are computed per zone as the kernel does at
   boot (zone_batchsize / pageset_set_high). Sets m->pcp. */
int pa_pcp_create(struct pa_machine *m, int nr_cpus, enum pa_pcp_era era);
/* Give every pcp page back to the buddy lists and free m->pcp. */
void pa_pcp_destroy(struct pa_machine *m);
/* Recompute high after the watermarks changed (5.14+ sizes from LOW). */
void pa_pcp_update_high(struct pa_machine *m);

/* The kernel's rmqueue(): an order the era keeps on pcp lists, for one of
   the pcp migratetypes (U, M, E), comes from the CPU's list (refilled with
   `batch` pages through the buddy allocator when empty); anything else goes
   straight to the buddy allocator, as does cpu < 0 (no CPU). alloc_flags
   are passed to the buddy allocator. PA_ENOMEM when the buddy allocator has
   nothing; PA_EINVAL for a CPU the lists were not made for. */
int pa_pcp_rmqueue(struct pa_zone *z, int cpu, unsigned order, enum pa_migratetype mt,
                   unsigned alloc_flags, uint64_t *pfn);

/* The kernel's free_unref_page / free_hot_cold_page: free the allocated block
   at pfn on behalf of cpu. pcp orders go to the CPU's list (and a batch back
   to the buddy lists when the count reaches high); other orders, ISOLATE
   pageblocks, cpu < 0, or a machine without pcp free straight to the buddy
   lists. Errors as pa_free_pages; a page already on a pcp list is
   PA_EDOUBLEFREE; a CPU beyond the lists' is PA_EINVAL. */
int pa_free_pages_cpu(struct pa_machine *m, int cpu, uint64_t pfn, unsigned order);

/* Give every page of cpu's lists (cpu < 0: all CPUs) back to the buddy
   lists (drain_all_pages). Returns pages drained. */
uint64_t pa_pcp_drain(struct pa_machine *m, int cpu);

/* Pages on pcp lists of zone z: of one CPU, or all when cpu < 0. */
uint64_t pa_pcp_count(const struct pa_machine *m, const struct pa_zone *z, int cpu);

#ifdef __cplusplus
}
#endif
#endif
