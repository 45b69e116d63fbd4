/*
 * meminfo.c - /proc/meminfo, /proc/vmstat, /proc/zoneinfo and `free` (see
 * pagealloc/meminfo.h).
 *
 * /proc/meminfo: "Label:" padded to 16 columns, the value in kB right-aligned
 * in 8, " kB" (V44 fs/proc/meminfo.c show_val_kb; 2.6.32 prints the same
 * widths with "%8lu kB"). Only the fields the model has values for are
 * printed, in the kernel's order; Cached = file pages - buffers (no swap
 * cache yet). /proc/vmstat: "name value" lines for the counters that exist
 * here, the reclaim ones under the era's names (profile->reclaim.vmstat:
 * per zone before 4.8, 2.6.32's pgsteal_<zone> + kswapd_steal before 3.5;
 * oom_kill from 4.13). /proc/zoneinfo: the 4.8+ layout of V414 zoneinfo_show_print (per-node
 * stats on the node's first zone, "\n      %-12s %lu" items, pagesets with
 * the vm stats threshold of calculate_normal_threshold) or the older one
 * (2.6.32/3.x, kernel-semantics 11.3: scanned, vmstat items, protection
 * after them, all_unreclaimable, inactive_ratio); counters the model does
 * not keep are not printed, and the
 * inactive_ratio shown is a placeholder (not modelled). From 4.12 the zone
 * types the kernel was built with but that hold no memory are listed too,
 * with their header, zero marks and protection (as a live 6.18 prints
 * Movable and Device).
 *
 * `free`: procps 3.2.8 and procps-ng 3.3.12 layouts, computed from the same
 * numbers as their /proc/meminfo reading (kB, then shifted).
 */
#include <inttypes.h>

#include "pagealloc/meminfo.h"
#include "pagealloc/watermark.h"

static uint64_t managed_pages(const struct pa_machine *m)
{
    uint64_t n = 0;
    for (int i = 0; i < m->nr_zones; i++)
        n += m->zones[i].managed;
    return n;
}

static uint64_t free_pages(const struct pa_machine *m)
{
    uint64_t n = 0;
    for (int i = 0; i < m->nr_zones; i++)
        n += m->zones[i].free_pages;
    return n;
}

/* totalreserve_pages (kernel-semantics 1.4): per zone min(managed, high +
   the largest lowmem_reserve). */
static uint64_t totalreserve(const struct pa_machine *m)
{
    uint64_t t = 0;
    for (int i = 0; i < m->nr_zones; i++) {
        const struct pa_zone *z = &m->zones[i];
        uint64_t max = 0;
        for (int j = 0; j < PA_ZONE_TYPES; j++)
            if (z->lowmem_reserve[j] > max)
                max = z->lowmem_reserve[j];
        uint64_t r = z->watermark[PA_WMARK_HIGH] + max;
        t += r < z->managed ? r : z->managed;
    }
    return t;
}

uint64_t pa_mem_available(const struct pa_machine *m, const struct pa_mem_counters *c)
{
    if (!m || !c)
        return 0;
    uint64_t low = 0;
    for (int i = 0; i < m->nr_zones; i++)
        low += m->zones[i].watermark[PA_WMARK_LOW];
    int64_t avail = (int64_t)free_pages(m) - (int64_t)totalreserve(m);
    uint64_t cache = c->active_file + c->inactive_file;
    avail += (int64_t)(cache - (cache / 2 < low ? cache / 2 : low));
    uint64_t sr = c->slab_reclaimable;
    avail += (int64_t)(sr - (sr / 2 < low ? sr / 2 : low));
    return avail < 0 ? 0 : (uint64_t)avail;
}

static void kb(struct pa_strbuf *o, const struct pa_machine *m, const char *label,
               uint64_t pages)
{
    pa_sb_printf(o, "%-16s%8" PRIu64 " kB\n", label, pages << (m->page_shift - 10));
}

void pa_print_meminfo(const struct pa_machine *m, const struct pa_mem_counters *c,
                      struct pa_strbuf *o)
{
    if (!m || !c || !o)
        return;
    uint64_t cached = c->file_pages - c->buffers;
    kb(o, m, "MemTotal:", managed_pages(m));
    kb(o, m, "MemFree:", free_pages(m));
    if (m->profile->text.memavailable)
        kb(o, m, "MemAvailable:", pa_mem_available(m, c));
    kb(o, m, "Buffers:", c->buffers);
    kb(o, m, "Cached:", cached);
    kb(o, m, "SwapCached:", c->swap_cached);
    kb(o, m, "Active:", c->active_anon + c->active_file);
    kb(o, m, "Inactive:", c->inactive_anon + c->inactive_file);
    kb(o, m, "Active(anon):", c->active_anon);
    kb(o, m, "Inactive(anon):", c->inactive_anon);
    kb(o, m, "Active(file):", c->active_file);
    kb(o, m, "Inactive(file):", c->inactive_file);
    kb(o, m, "Unevictable:", 0);
    kb(o, m, "Mlocked:", 0);
    kb(o, m, "SwapTotal:", c->swap_total);
    kb(o, m, "SwapFree:", c->swap_free);
    kb(o, m, "Dirty:", c->dirty);
    kb(o, m, "Writeback:", c->writeback);
    kb(o, m, "AnonPages:", c->anon_pages);
    kb(o, m, "Mapped:", 0);
    kb(o, m, "Shmem:", c->shmem);
    kb(o, m, "Slab:", c->slab_reclaimable + c->slab_unreclaimable);
    kb(o, m, "SReclaimable:", c->slab_reclaimable);
    kb(o, m, "SUnreclaim:", c->slab_unreclaimable);
    pa_sb_printf(o, "%-16s%8" PRIu64 " kB\n", "KernelStack:", c->kernel_stack_kb);
    kb(o, m, "PageTables:", c->pagetables);
}

void pa_print_vmstat(const struct pa_machine *m, const struct pa_mem_counters *c,
                     struct pa_strbuf *o)
{
    if (!m || !c || !o)
        return;
    static const char *const zname[PA_ZONE_TYPES] = {"dma", "dma32", "normal", "high",
                                                     "movable", "device"};
    pa_sb_printf(o, "nr_free_pages %" PRIu64 "\n", free_pages(m));
    pa_sb_printf(o, "nr_inactive_anon %" PRIu64 "\n", c->inactive_anon);
    pa_sb_printf(o, "nr_active_anon %" PRIu64 "\n", c->active_anon);
    pa_sb_printf(o, "nr_inactive_file %" PRIu64 "\n", c->inactive_file);
    pa_sb_printf(o, "nr_active_file %" PRIu64 "\n", c->active_file);
    pa_sb_printf(o, "nr_slab_reclaimable %" PRIu64 "\n", c->slab_reclaimable);
    pa_sb_printf(o, "nr_slab_unreclaimable %" PRIu64 "\n", c->slab_unreclaimable);
    pa_sb_printf(o, "nr_page_table_pages %" PRIu64 "\n", c->pagetables);
    pa_sb_printf(o, "nr_anon_pages %" PRIu64 "\n", c->anon_pages);
    pa_sb_printf(o, "nr_file_pages %" PRIu64 "\n", c->file_pages);
    pa_sb_printf(o, "nr_dirty %" PRIu64 "\n", c->dirty);
    pa_sb_printf(o, "nr_writeback %" PRIu64 "\n", c->writeback);
    pa_sb_printf(o, "nr_shmem %" PRIu64 "\n", c->shmem);
    /* TEXTS_FOR_ZONES: <name>_<zone> for the zone types the kernel was built
       with (x86_64: dma, dma32, normal, movable; 32-bit: high instead of
       dma32; 6.x prints device too, not modelled) */
    bool has[PA_ZONE_TYPES] = {0};
    for (int i = 0; i < m->nr_zones; i++)
        has[m->zones[i].type] = true;
    has[PA_ZONE_NORMAL] = has[PA_ZONE_MOVABLE] = true;
#define PER_ZONE(name, arr)                                                                 \
    for (int t = 0; t < PA_ZONE_DEVICE; t++)                                                \
        if (has[t])                                                                         \
            pa_sb_printf(o, "%s_%s %" PRIu64 "\n", name, zname[t], (arr)[t]);
    enum pa_vmstat_names names = m->profile->reclaim.vmstat;
    /* vm_event_item order (V2632, 3.x, V48, V618 mm/vmstat.c vmstat_text) */
    pa_sb_printf(o, "pswpin %" PRIu64 "\n", c->pswpin);
    pa_sb_printf(o, "pswpout %" PRIu64 "\n", c->pswpout);
    PER_ZONE("pgalloc", c->pgalloc)
    if (names == PA_VMSTAT_NODE)
        PER_ZONE("allocstall", c->zone_allocstall)
    pa_sb_printf(o, "pgfree %" PRIu64 "\n", c->pgfree);
    pa_sb_printf(o, "pgfault %" PRIu64 "\n", c->pgfault);
    pa_sb_printf(o, "pgmajfault %" PRIu64 "\n", c->pgmajfault);
    switch (names) {
    case PA_VMSTAT_ZONE_2632: /* pgsteal_<zone> counts kswapd and direct reclaim */
        PER_ZONE("pgrefill", c->zone_pgrefill)
        for (int t = 0; t < PA_ZONE_DEVICE; t++)
            if (has[t])
                pa_sb_printf(o, "pgsteal_%s %" PRIu64 "\n", zname[t],
                             c->zone_pgsteal_kswapd[t] + c->zone_pgsteal_direct[t]);
        PER_ZONE("pgscan_kswapd", c->zone_pgscan_kswapd)
        PER_ZONE("pgscan_direct", c->zone_pgscan_direct)
        pa_sb_printf(o, "kswapd_steal %" PRIu64 "\n", c->pgsteal_kswapd);
        pa_sb_printf(o, "pageoutrun %" PRIu64 "\n", c->pageoutrun);
        pa_sb_printf(o, "allocstall %" PRIu64 "\n", c->allocstall);
        break;
    case PA_VMSTAT_ZONE:
        PER_ZONE("pgrefill", c->zone_pgrefill)
        PER_ZONE("pgsteal_kswapd", c->zone_pgsteal_kswapd)
        PER_ZONE("pgsteal_direct", c->zone_pgsteal_direct)
        PER_ZONE("pgscan_kswapd", c->zone_pgscan_kswapd)
        PER_ZONE("pgscan_direct", c->zone_pgscan_direct)
        pa_sb_printf(o, "pageoutrun %" PRIu64 "\n", c->pageoutrun);
        pa_sb_printf(o, "allocstall %" PRIu64 "\n", c->allocstall);
        break;
    default: /* 4.8+: the LRU lists are the node's */
        pa_sb_printf(o, "pgrefill %" PRIu64 "\n", c->pgrefill);
        pa_sb_printf(o, "pgsteal_kswapd %" PRIu64 "\n", c->pgsteal_kswapd);
        pa_sb_printf(o, "pgsteal_direct %" PRIu64 "\n", c->pgsteal_direct);
        pa_sb_printf(o, "pgscan_kswapd %" PRIu64 "\n", c->pgscan_kswapd);
        pa_sb_printf(o, "pgscan_direct %" PRIu64 "\n", c->pgscan_direct);
        pa_sb_printf(o, "pageoutrun %" PRIu64 "\n", c->pageoutrun);
        break;
    }
#undef PER_ZONE
    if (m->profile->reclaim.vmstat_oom_kill)
        pa_sb_printf(o, "oom_kill %" PRIu64 "\n", c->oom_kill);
    /* migration and compaction (V618 vm_event_item order), where the era
       compacts */
    if (m->profile->compaction.rule != PA_COMPACT_NONE) {
        const struct pa_compact_stats *cs = &m->compact_stats;
        pa_sb_printf(o, "pgmigrate_success %" PRIu64 "\n", cs->pgmigrate_success);
        pa_sb_printf(o, "pgmigrate_fail %" PRIu64 "\n", cs->pgmigrate_fail);
        pa_sb_printf(o, "compact_migrate_scanned %" PRIu64 "\n", cs->compact_migrate_scanned);
        pa_sb_printf(o, "compact_free_scanned %" PRIu64 "\n", cs->compact_free_scanned);
        pa_sb_printf(o, "compact_isolated %" PRIu64 "\n", cs->compact_isolated);
        pa_sb_printf(o, "compact_stall %" PRIu64 "\n", cs->compact_stall);
        pa_sb_printf(o, "compact_fail %" PRIu64 "\n", cs->compact_fail);
        pa_sb_printf(o, "compact_success %" PRIu64 "\n", cs->compact_success);
        if (m->profile->compaction.kcompactd) {
            pa_sb_printf(o, "compact_daemon_wake %" PRIu64 "\n", cs->compact_daemon_wake);
            pa_sb_printf(o, "compact_daemon_migrate_scanned %" PRIu64 "\n",
                         cs->compact_daemon_migrate_scanned);
            pa_sb_printf(o, "compact_daemon_free_scanned %" PRIu64 "\n",
                         cs->compact_daemon_free_scanned);
        }
    }
}

static int fls64(uint64_t x)
{
    int r = 0;
    while (x) {
        r++;
        x >>= 1;
    }
    return r;
}

/* calculate_normal_threshold (V2632, V44 mm/vmstat.c): the per-CPU counter
   drift allowed before folding, from CPUs and the zone's size. */
static uint64_t stat_threshold(const struct pa_zone *z, int nr_cpus)
{
    uint64_t mem = z->managed >> (27 - z->machine->page_shift);
    uint64_t t = 2 * (uint64_t)fls64((uint64_t)nr_cpus) * (1 + (uint64_t)fls64(mem));
    return t < 125 ? t : 125;
}

/* One vmstat item line of /proc/zoneinfo. */
static void item(struct pa_strbuf *o, const char *name, uint64_t v)
{
    pa_sb_printf(o, "\n      %-12s %" PRIu64, name, v);
}

/* "protection: (a, b, ...)": lowmem_reserve for each zone type built in. */
static void protection(struct pa_strbuf *o, const struct pa_zone *z, const bool *has)
{
    bool first = true;
    pa_sb_puts(o, "\n        protection: (");
    for (int j = 0; j < PA_ZONE_TYPES; j++)
        if (has[j]) {
            pa_sb_printf(o, "%s%" PRIu64, first ? "" : ", ", z->lowmem_reserve[j]);
            first = false;
        }
    pa_sb_putc(o, ')');
}

/* An unpopulated zone (4.12+ layouts): no pages, the era's marks for an
   empty zone of its type (32 for HighMem and 6.x Movable). */
static void empty_zone(const struct pa_machine *m, struct pa_strbuf *o, int node,
                       enum pa_zone_type t, bool v6, const bool *has)
{
    uint64_t mark[PA_NR_WMARK];
    pa_empty_zone_wmarks(m, t, mark);
    pa_sb_printf(o, "Node %d, zone %8s", node, pa_zone_type_name(t));
    pa_sb_puts(o, "\n  pages free     0");
    if (v6)
        pa_sb_puts(o, "\n        boost    0");
    pa_sb_printf(o, "\n        min      %" PRIu64 "\n        low      %" PRIu64
                    "\n        high     %" PRIu64,
                 mark[PA_WMARK_MIN], mark[PA_WMARK_LOW], mark[PA_WMARK_HIGH]);
    if (v6)
        pa_sb_printf(o, "\n        promo    %" PRIu64, mark[PA_WMARK_PROMO]);
    pa_sb_puts(o, "\n        spanned  0\n        present  0\n        managed  0");
    if (v6)
        pa_sb_puts(o, "\n        cma      0");
    pa_sb_puts(o, "\n        protection: (");
    bool first = true;
    for (int j = 0; j < PA_ZONE_TYPES; j++)
        if (has[j]) {
            pa_sb_printf(o, "%s0", first ? "" : ", ");
            first = false;
        }
    pa_sb_puts(o, ")\n");
}

void pa_print_zoneinfo(const struct pa_machine *m, const struct pa_mem_counters *c, int nr_cpus,
                       const uint64_t *pcp_count, const uint64_t *pcp_high,
                       const uint64_t *pcp_batch, struct pa_strbuf *o)
{
    if (!m || !c || !o || nr_cpus < 0)
        return;
    /* protection: one entry per zone type the kernel was built with
       (MAX_NR_ZONES): the types present here, plus Normal and Movable. */
    bool has[PA_ZONE_TYPES] = {0};
    for (int i = 0; i < m->nr_zones; i++)
        has[m->zones[i].type] = true;
    has[PA_ZONE_NORMAL] = has[PA_ZONE_MOVABLE] = true;
    const struct pa_profile_text *tx = &m->profile->text;
    if (tx->zoneinfo == PA_ZONEINFO_6X)
        has[PA_ZONE_DEVICE] = true;
    const bool legacy = tx->zoneinfo == PA_ZONEINFO_LEGACY, v6 = tx->zoneinfo == PA_ZONEINFO_6X;
    for (int n = 0; n < m->nr_nodes; n++) {
        const struct pa_node *nd = &m->nodes[n];
        /* zone by zone in index order; 4.12+ also lists the node's zone types
           that hold no memory, with their header, zero marks and protection
           only (V618 zoneinfo_show_print: "If unpopulated, no other
           information is useful") */
        bool node_stats_done = false;
        for (int t = 0; t < PA_ZONE_TYPES; t++) {
            const struct pa_zone *z = NULL;
            for (int i = 0; i < nd->nr_zones; i++)
                if (nd->zones[i]->type == (enum pa_zone_type)t)
                    z = nd->zones[i];
            if (!z) {
                if (has[t] && tx->zoneinfo_empty_zones)
                    empty_zone(m, o, nd->id, (enum pa_zone_type)t, v6, has);
                continue;
            }
            const uint64_t boost = z->watermark_boost;
            pa_sb_printf(o, "Node %d, zone %8s", nd->id, z->name);
            if (!legacy && !node_stats_done) {
                node_stats_done = true;
                /* 4.8+: the node's counters, once per node, on its first
                   zone (only the ones this model keeps) */
                pa_sb_puts(o, "\n  per-node stats");
                item(o, "nr_inactive_anon", c->inactive_anon);
                item(o, "nr_active_anon", c->active_anon);
                item(o, "nr_inactive_file", c->inactive_file);
                item(o, "nr_active_file", c->active_file);
                item(o, "nr_slab_reclaimable", c->slab_reclaimable);
                item(o, "nr_slab_unreclaimable", c->slab_unreclaimable);
                item(o, "nr_anon_pages", c->anon_pages);
                item(o, "nr_file_pages", c->file_pages);
                item(o, "nr_shmem", c->shmem);
                if (v6) { /* node items in 6.x */
                    item(o, "nr_kernel_stack", c->kernel_stack_kb);
                    item(o, "nr_page_table_pages", c->pagetables);
                }
            }
            pa_sb_printf(o, "\n  pages free     %" PRIu64, z->free_pages);
            if (v6)
                pa_sb_printf(o, "\n        boost    %" PRIu64, boost);
            pa_sb_printf(o, "\n        min      %" PRIu64, z->watermark[PA_WMARK_MIN] + boost);
            pa_sb_printf(o, "\n        low      %" PRIu64, z->watermark[PA_WMARK_LOW] + boost);
            pa_sb_printf(o, "\n        high     %" PRIu64, z->watermark[PA_WMARK_HIGH] + boost);
            if (v6)
                pa_sb_printf(o, "\n        promo    %" PRIu64,
                             z->watermark[PA_WMARK_PROMO] + boost);
            if (legacy)
                pa_sb_printf(o, "\n        scanned  %u", 0u);
            pa_sb_printf(o, "\n        spanned  %" PRIu64, z->spanned);
            pa_sb_printf(o, "\n        present  %" PRIu64, z->present);
            if (!legacy || tx->zoneinfo_managed)
                pa_sb_printf(o, "\n        managed  %" PRIu64, z->managed);
            if (v6)
                pa_sb_printf(o, "\n        cma      %u", 0u);
            if (!legacy)
                protection(o, z, has);
            item(o, "nr_free_pages", z->free_pages);
            if (legacy)
                protection(o, z, has);
            pa_sb_puts(o, "\n  pagesets");
            for (int cpu = 0; pcp_count && cpu < nr_cpus; cpu++) {
                size_t k = (size_t)cpu * (size_t)m->nr_zones + (size_t)z->index;
                pa_sb_printf(o, "\n    cpu: %d", cpu);
                if (tx->zoneinfo_high_max && c->pcp_high_max) {
                    /* 6.7+: labels padded to ten columns, high_min/high_max */
                    pa_sb_printf(o, "\n              count:    %" PRIu64, pcp_count[k]);
                    pa_sb_printf(o, "\n              high:     %" PRIu64, pcp_high[k]);
                    pa_sb_printf(o, "\n              batch:    %" PRIu64, pcp_batch[k]);
                    pa_sb_printf(o, "\n              high_min: %" PRIu64, pcp_high[k]);
                    pa_sb_printf(o, "\n              high_max: %" PRIu64,
                                 c->pcp_high_max[z->index]);
                } else {
                    pa_sb_printf(o, "\n              count: %" PRIu64, pcp_count[k]);
                    pa_sb_printf(o, "\n              high:  %" PRIu64, pcp_high[k]);
                    pa_sb_printf(o, "\n              batch: %" PRIu64, pcp_batch[k]);
                }
                pa_sb_printf(o, "\n  vm stats threshold: %" PRIu64, stat_threshold(z, nr_cpus));
            }
            if (legacy) {
                pa_sb_printf(o, "\n  all_unreclaimable: %u", 0u);
                pa_sb_printf(o, "\n  start_pfn:         %" PRIu64, z->start_pfn);
                pa_sb_printf(o, "\n  inactive_ratio:    %u", 1u);
            } else {
                pa_sb_printf(o, "\n  node_unreclaimable:  %u", 0u);
                pa_sb_printf(o, "\n  start_pfn:           %" PRIu64, z->start_pfn);
                if (!v6)
                    pa_sb_printf(o, "\n  node_inactive_ratio: %u", 0u);
            }
            pa_sb_putc(o, '\n');
        }
    }
}

void pa_print_free(const struct pa_machine *m, const struct pa_mem_counters *c, unsigned shift,
                   struct pa_strbuf *o)
{
    if (!m || !c || !o || shift > 40)
        return;
#define S(x) ((unsigned long long)(((uint64_t)(x) << 10) >> shift))
    const unsigned k = m->page_shift - 10; /* pages -> kB */
    uint64_t total = managed_pages(m) << k, fr = free_pages(m) << k;
    uint64_t buffers = c->buffers << k, cached = (c->file_pages - c->buffers) << k;
    uint64_t shared = c->shmem << k;
    uint64_t swap_total = c->swap_total << k, swap_free = c->swap_free << k;
    if (m->profile->text.free == PA_FREE_STYLE_PROCPS3) {
        /* procps 3.2.8 free.c */
        uint64_t used = total - fr, bc = buffers + cached;
        pa_sb_puts(o, "             total       used       free     shared    buffers     cached\n");
        pa_sb_printf(o, "%-7s %10llu %10llu %10llu %10llu %10llu %10llu\n", "Mem:", S(total),
                     S(used), S(fr), S(shared), S(buffers), S(cached));
        pa_sb_printf(o, "-/+ buffers/cache: %10llu %10llu\n", S(used - bc), S(fr + bc));
        pa_sb_printf(o, "%-7s %10llu %10llu %10llu\n", "Swap:", S(swap_total),
                     S(swap_total - swap_free), S(swap_free));
    } else {
        /* procps-ng 3.3.12 free.c: cached includes SReclaimable; used excludes
           buffers and cache (falls back to total - free if that is negative). */
        cached += c->slab_reclaimable << k;
        uint64_t used = total - fr >= buffers + cached ? total - fr - buffers - cached
                                                       : total - fr;
        uint64_t avail = m->profile->text.memavailable ? pa_mem_available(m, c) << k : fr;
        if (avail > total)
            avail = total;
        pa_sb_puts(o, "              total        used        free      shared  buff/cache"
                      "   available\n");
        pa_sb_printf(o, "%-7s %11llu %11llu %11llu %11llu %11llu %11llu\n", "Mem:", S(total),
                     S(used), S(fr), S(shared), S(buffers + cached), S(avail));
        pa_sb_printf(o, "%-7s %11llu %11llu %11llu\n", "Swap:", S(swap_total),
                     S(swap_total - swap_free), S(swap_free));
    }
#undef S
}
