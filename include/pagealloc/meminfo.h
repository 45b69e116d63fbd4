/*
 * pagealloc/meminfo.h - printers of /proc/meminfo, /proc/vmstat,
 * /proc/zoneinfo and of `free`, for a machine plus the counters of whatever
 * uses its memory (a simulator fills struct pa_mem_counters; the engine
 * alone knows only free pages). Printers read, never write.
 */
#ifndef PAGEALLOC_MEMINFO_H
#define PAGEALLOC_MEMINFO_H

#include "pagealloc/mm.h"
#include "pagealloc/strbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* All counts in pages. */
struct pa_mem_counters {
    uint64_t active_anon, inactive_anon, active_file, inactive_file;
    uint64_t anon_pages, file_pages, buffers, shmem;
    uint64_t slab_reclaimable, slab_unreclaimable, pagetables, kernel_stack_kb;
    uint64_t swap_total, swap_free;
    uint64_t swap_cached;          /* SwapCached: resident pages keeping a slot  */
    uint64_t free_pcp;                 /* pages on per-CPU lists             */
    uint64_t pgalloc[PA_ZONE_TYPES], pgfree, pgfault, allocstall;
    /* reclaim and OOM (vmstat; issue 10) */
    uint64_t pgscan_kswapd, pgscan_direct, pgsteal_kswapd, pgsteal_direct, pgrefill;
    uint64_t pswpin, pswpout, pageoutrun, oom_kill, dirty;
    uint64_t pgmajfault, writeback;
    /* per zone type, for the eras that name reclaim counters per zone
       (profile->reclaim.vmstat); the scalars above are their sums */
    uint64_t zone_pgscan_kswapd[PA_ZONE_TYPES], zone_pgscan_direct[PA_ZONE_TYPES],
        zone_pgsteal_kswapd[PA_ZONE_TYPES], zone_pgsteal_direct[PA_ZONE_TYPES],
        zone_pgrefill[PA_ZONE_TYPES], zone_allocstall[PA_ZONE_TYPES];
    const uint64_t *pcp_high_max;      /* per zone index, or NULL; printed
                                          when the era's zoneinfo has it      */
};

/* MemAvailable (V44 si_mem_available): free - totalreserve + page cache and
   reclaimable slab, each less min(half, the sum of LOW watermarks). */
uint64_t pa_mem_available(const struct pa_machine *m, const struct pa_mem_counters *c);

void pa_print_meminfo(const struct pa_machine *m, const struct pa_mem_counters *c,
                      struct pa_strbuf *out);
void pa_print_vmstat(const struct pa_machine *m, const struct pa_mem_counters *c,
                     struct pa_strbuf *out);
/* pcp_count/high/batch: per (cpu, zone index), may be NULL (no pcp). The
   printers follow the layouts of the machine's era (m->profile->text). */
void pa_print_zoneinfo(const struct pa_machine *m, const struct pa_mem_counters *c, int nr_cpus,
                       const uint64_t *pcp_count, const uint64_t *pcp_high,
                       const uint64_t *pcp_batch, struct pa_strbuf *out);

/* `free` in the layout of the machine's era (m->profile->text.free: procps
   3.2 or procps-ng). shift: 10 = -k (default), 20 = -m, 30 = -g, 0 = -b
   (bytes). */
void pa_print_free(const struct pa_machine *m, const struct pa_mem_counters *c, unsigned shift,
                   struct pa_strbuf *out);

#ifdef __cplusplus
}
#endif
#endif
