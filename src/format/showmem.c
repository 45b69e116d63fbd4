/*
 * showmem.c - the show_mem / Mem-Info dump of a failure or OOM report, in the
 * era's layout (kernel-semantics 11.4; V2632/V316/V44/V419/V515/V618
 * mm/page_alloc.c show_free_areas, lib/show_mem.c, mm/swap_state.c
 * show_swap_cache_info).
 *
 * Which fields a zone line carries changed with nearly every few releases;
 * the table below lists them per report style (profile->slowpath.report) as
 * named columns, so that the printer has no version tests. Field sets were
 * compared with the real dumps in tests/data/reports: 2.6.38 (r21), 3.8
 * (r02), 3.16 (seed002), 4.9 (r10), 5.4 (r07), 6.x (r13, r15). Where a
 * release in between is not covered by a real dump its style is the
 * nearest older one (UNVERIFIED, docs/reclaim.md).
 */
#include <inttypes.h>
#include <string.h>

#include "pagealloc/failreport.h"

struct showmem_style {
    bool pcp_lines;       /* "Node 0 DMA32 per-cpu:" + "CPU    0: hi: ..." (<= 4.3)   */
    bool managed;         /* "managed:" (3.x+)                                     */
    bool free_cma;        /* "free_cma:" (3.x+)                                    */
    bool free_pcp;        /* "free_pcp:" / "local_pcp:" (4.4+)                     */
    bool node_lines;      /* "Node 0 active_anon:..." per node (4.8+)              */
    bool writepending;    /* zone line "writepending:" instead of dirty/writeback   */
    bool boost;           /* "boost:" (5.x)                                        */
    bool reserved_ha;     /* "reserved_highatomic:NKB" (5.x)                        */
    bool free_ha;         /* "free_highatomic:NKB" (6.12+)                          */
    bool zone_stacks;     /* kernel_stack / slab in the zone line (<= 5.x)          */
    bool hugepages;       /* "Node 0 hugepages_total=..." (3.x+)                    */
};

static const struct showmem_style styles[] = {
    [PA_REPORT_2632] = {.pcp_lines = true, .zone_stacks = true},
    [PA_REPORT_2636] = {.pcp_lines = true, .zone_stacks = true},
    [PA_REPORT_33] = {.pcp_lines = true, .managed = true, .free_cma = true, .zone_stacks = true,
                      .hugepages = true},
    [PA_REPORT_310] = {.pcp_lines = true, .managed = true, .free_cma = true,
                       .zone_stacks = true, .hugepages = true},
    [PA_REPORT_44] = {.managed = true, .free_cma = true, .free_pcp = true, .zone_stacks = true,
                      .hugepages = true},
    [PA_REPORT_48] = {.managed = true, .free_cma = true, .free_pcp = true, .node_lines = true,
                      .writepending = true, .zone_stacks = true, .hugepages = true},
    [PA_REPORT_5X] = {.managed = true, .free_cma = true, .free_pcp = true, .node_lines = true,
                      .writepending = true, .boost = true, .reserved_ha = true,
                      .zone_stacks = true, .hugepages = true},
    [PA_REPORT_612] = {.managed = true, .free_cma = true, .free_pcp = true, .node_lines = true,
                       .writepending = true, .boost = true, .reserved_ha = true,
                       .free_ha = true, .hugepages = true},
};

static const struct showmem_style *style_of(const struct pa_profile *p)
{
    unsigned r = p->slowpath.report;
    return &styles[r < sizeof styles / sizeof styles[0] ? r : 0];
}

static uint64_t kb(const struct pa_machine *m, uint64_t pages)
{
    return pages << (m->page_shift - 10);
}

static void pcp_lines(const struct pa_showmem_in *in, struct pa_strbuf *out)
{
    const struct pa_machine *m = in->m;
    if (!in->pcp_count || in->nr_cpus <= 0)
        return;
    for (int z = 0; z < m->nr_zones; z++) {
        const struct pa_zone *zone = &m->zones[z];
        if (!zone->present)
            continue;
        pa_sb_printf(out, "Node %d %s per-cpu:\n", zone->node, zone->name);
        for (int cpu = 0; cpu < in->nr_cpus; cpu++) {
            size_t k = (size_t)cpu * (size_t)m->nr_zones + (size_t)z;
            pa_sb_printf(out, "CPU %4d: hi:%5" PRIu64 ", btch:%4" PRIu64 " usd:%4" PRIu64 "\n",
                         cpu, in->pcp_high ? in->pcp_high[k] : 0,
                         in->pcp_batch ? in->pcp_batch[k] : 1, in->pcp_count[k]);
        }
    }
}

static void global_block(const struct pa_showmem_in *in, const struct showmem_style *st,
                         uint64_t free_pages, struct pa_strbuf *out)
{
    const struct pa_mem_counters *c = in->c;
    uint64_t dirty = 0, writeback = 0, mapped = 0, free_cma = 0;
    if (in->zones)
        for (int z = 0; z < in->m->nr_zones; z++) {
            dirty += in->zones[z].dirty;
            writeback += in->zones[z].writeback;
            mapped += in->zones[z].mapped;
        }
    for (int z = 0; z < in->m->nr_zones; z++)
        free_cma += in->m->zones[z].nr_free_cma;
    pa_sb_printf(out, "active_anon:%" PRIu64 " inactive_anon:%" PRIu64 " isolated_anon:0\n",
                 c->active_anon, c->inactive_anon);
    pa_sb_printf(out, " active_file:%" PRIu64 " inactive_file:%" PRIu64 " isolated_file:0\n",
                 c->active_file, c->inactive_file);
    pa_sb_printf(out, " unevictable:0 dirty:%" PRIu64 " writeback:%" PRIu64 " unstable:0\n",
                 dirty, writeback);
    if (!st->free_pcp) {
        pa_sb_printf(out,
                     " free:%" PRIu64 " slab_reclaimable:%" PRIu64 " slab_unreclaimable:%" PRIu64
                     "\n",
                     free_pages, c->slab_reclaimable, c->slab_unreclaimable);
        pa_sb_printf(out,
                     " mapped:%" PRIu64 " shmem:%" PRIu64 " pagetables:%" PRIu64 " bounce:0",
                     mapped, c->shmem, c->pagetables);
        if (st->free_cma)
            pa_sb_printf(out, " free_cma:%" PRIu64, free_cma);
        pa_sb_putc(out, '\n');
        return;
    }
    pa_sb_printf(out, " slab_reclaimable:%" PRIu64 " slab_unreclaimable:%" PRIu64 "\n",
                 c->slab_reclaimable, c->slab_unreclaimable);
    pa_sb_printf(out, " mapped:%" PRIu64 " shmem:%" PRIu64 " pagetables:%" PRIu64 " bounce:0\n",
                 mapped, c->shmem, c->pagetables);
    pa_sb_printf(out, " free:%" PRIu64 " free_pcp:%" PRIu64 " free_cma:%" PRIu64 "\n",
                 free_pages, c->free_pcp, free_cma);
}

/* 4.8+: one line per node with the node's LRU and writeback state. */
static void node_lines(const struct pa_showmem_in *in, struct pa_strbuf *out)
{
    const struct pa_machine *m = in->m;
    for (int n = 0; n < m->nr_nodes; n++) {
        struct pa_showmem_zone sum = {0};
        bool unreclaimable = true;
        for (int z = 0; z < m->nr_zones; z++) {
            if (m->zones[z].node != m->nodes[n].id || !in->zones)
                continue;
            const struct pa_showmem_zone *zs = &in->zones[z];
            sum.active_anon += zs->active_anon;
            sum.inactive_anon += zs->inactive_anon;
            sum.active_file += zs->active_file;
            sum.inactive_file += zs->inactive_file;
            sum.mapped += zs->mapped;
            sum.dirty += zs->dirty;
            sum.writeback += zs->writeback;
            sum.shmem += zs->shmem;
            unreclaimable = unreclaimable && zs->all_unreclaimable;
        }
        pa_sb_printf(out,
                     "Node %d active_anon:%" PRIu64 "kB inactive_anon:%" PRIu64
                     "kB active_file:%" PRIu64 "kB inactive_file:%" PRIu64
                     "kB unevictable:0kB isolated(anon):0kB isolated(file):0kB mapped:%" PRIu64
                     "kB dirty:%" PRIu64 "kB writeback:%" PRIu64 "kB shmem:%" PRIu64
                     "kB writeback_tmp:0kB all_unreclaimable? %s\n",
                     m->nodes[n].id, kb(m, sum.active_anon), kb(m, sum.inactive_anon),
                     kb(m, sum.active_file), kb(m, sum.inactive_file), kb(m, sum.mapped),
                     kb(m, sum.dirty), kb(m, sum.writeback), kb(m, sum.shmem),
                     in->zones && unreclaimable ? "yes" : "no");
    }
}

static void zone_line(const struct pa_showmem_in *in, const struct showmem_style *st, int zi,
                      struct pa_strbuf *out)
{
    const struct pa_machine *m = in->m;
    const struct pa_zone *z = &m->zones[zi];
    static const struct pa_showmem_zone none;
    const struct pa_showmem_zone *zs = in->zones ? &in->zones[zi] : &none;
    uint64_t boost = z->watermark_boost;
    pa_sb_printf(out, "Node %d %s free:%" PRIu64 "kB", z->node, z->name, kb(m, z->free_pages));
    if (st->boost)
        pa_sb_printf(out, " boost:%" PRIu64 "kB", kb(m, boost));
    /* min_wmark_pages() and friends include the boost (5.0+) */
    pa_sb_printf(out, " min:%" PRIu64 "kB low:%" PRIu64 "kB high:%" PRIu64 "kB",
                 kb(m, z->watermark[PA_WMARK_MIN] + boost), kb(m, z->watermark[PA_WMARK_LOW] + boost),
                 kb(m, z->watermark[PA_WMARK_HIGH] + boost));
    if (st->reserved_ha)
        pa_sb_printf(out, " reserved_highatomic:%" PRIu64 "KB", kb(m, z->nr_reserved_highatomic));
    if (st->free_ha) {
        uint64_t fh = 0;
        for (unsigned o = 0; o <= m->max_order; o++)
            fh += z->free_area[o].free_list[PA_MT_HIGHATOMIC].count << o;
        pa_sb_printf(out, " free_highatomic:%" PRIu64 "KB", kb(m, fh));
    }
    pa_sb_printf(out,
                 " active_anon:%" PRIu64 "kB inactive_anon:%" PRIu64 "kB active_file:%" PRIu64
                 "kB inactive_file:%" PRIu64 "kB unevictable:%" PRIu64 "kB",
                 kb(m, zs->active_anon), kb(m, zs->inactive_anon), kb(m, zs->active_file),
                 kb(m, zs->inactive_file), kb(m, zs->unevictable));
    if (st->writepending)
        pa_sb_printf(out, " writepending:%" PRIu64 "kB", kb(m, zs->dirty + zs->writeback));
    else
        pa_sb_printf(out, " isolated(anon):%" PRIu64 "kB isolated(file):%" PRIu64 "kB",
                     kb(m, zs->isolated_anon), kb(m, zs->isolated_file));
    pa_sb_printf(out, " present:%" PRIu64 "kB", kb(m, z->present));
    if (st->managed)
        pa_sb_printf(out, " managed:%" PRIu64 "kB", kb(m, z->managed));
    pa_sb_puts(out, " mlocked:0kB");
    if (!st->writepending)
        pa_sb_printf(out,
                     " dirty:%" PRIu64 "kB writeback:%" PRIu64 "kB mapped:%" PRIu64
                     "kB shmem:%" PRIu64 "kB",
                     kb(m, zs->dirty), kb(m, zs->writeback), kb(m, zs->mapped), kb(m, zs->shmem));
    if (st->zone_stacks)
        pa_sb_printf(out,
                     " slab_reclaimable:%" PRIu64 "kB slab_unreclaimable:%" PRIu64
                     "kB kernel_stack:%" PRIu64 "kB",
                     kb(m, zs->slab_reclaimable), kb(m, zs->slab_unreclaimable),
                     zs->kernel_stack_kb);
    pa_sb_printf(out, " pagetables:%" PRIu64 "kB", kb(m, zs->pagetables));
    if (!st->writepending)
        pa_sb_puts(out, " unstable:0kB");
    pa_sb_puts(out, " bounce:0kB");
    if (st->free_pcp)
        pa_sb_printf(out, " free_pcp:%" PRIu64 "kB local_pcp:%" PRIu64 "kB",
                     kb(m, zs->free_pcp), kb(m, zs->local_pcp));
    if (st->free_cma)
        pa_sb_printf(out, " free_cma:%" PRIu64 "kB", kb(m, z->nr_free_cma));
    if (!st->node_lines) {
        pa_sb_puts(out, " writeback_tmp:0kB");
        pa_sb_printf(out, " pages_scanned:%" PRIu64 " all_unreclaimable? %s", zs->pages_scanned,
                     zs->all_unreclaimable ? "yes" : "no");
    }
    pa_sb_putc(out, '\n');
    /* One column per configured zone type (MAX_NR_ZONES, 1.4), populated or
       not: the machine's own types, Normal (configured on every build) and
       Movable (x86 builds have ZONE_MOVABLE); ZONE_DEVICE is left out. */
    pa_sb_puts(out, "lowmem_reserve[]:");
    for (int t = 0; t < PA_ZONE_TYPES; t++) {
        bool configured = t == PA_ZONE_NORMAL || t == PA_ZONE_MOVABLE;
        for (int k = 0; k < m->nr_zones; k++)
            configured = configured || m->zones[k].type == (enum pa_zone_type)t;
        if (configured)
            pa_sb_printf(out, " %" PRIu64, z->lowmem_reserve[t]);
    }
    pa_sb_putc(out, '\n');
}

static void buddy_line(const struct pa_machine *m, int zi, struct pa_strbuf *out)
{
    const struct pa_zone *z = &m->zones[zi];
    const struct pa_profile *p = m->profile;
    uint64_t total = 0;
    pa_sb_printf(out, "Node %d %s: ", z->node, z->name);
    for (unsigned o = 0; o <= m->max_order; o++) {
        uint64_t n = z->free_area[o].nr_free;
        pa_sb_printf(out, "%" PRIu64 "*%" PRIu64 "kB ", n, kb(m, (uint64_t)1 << o));
        total += n << o;
        if (!n || !p->text.buddy_letters)
            continue;
        char letters[PA_MT_COUNT + 1];
        int k = 0;
        for (int i = 0; i < p->nr_mt; i++)
            if (z->free_area[o].free_list[p->mt_order[i]].count)
                letters[k++] = pa_migratetype_letter(p->mt_order[i]);
        letters[k] = '\0';
        pa_sb_printf(out, "(%s) ", letters);
    }
    pa_sb_printf(out, "= %" PRIu64 "kB\n", kb(m, total));
}

void pa_print_show_mem(const struct pa_showmem_in *in, struct pa_strbuf *out)
{
    if (!in || !in->m || !in->c || !out)
        return;
    const struct pa_machine *m = in->m;
    const struct showmem_style *st = style_of(m->profile);
    uint64_t free_pages = 0;
    for (int z = 0; z < m->nr_zones; z++)
        free_pages += m->zones[z].free_pages;

    pa_sb_puts(out, "Mem-Info:\n");
    if (st->pcp_lines)
        pcp_lines(in, out);
    global_block(in, st, free_pages, out);
    if (st->node_lines)
        node_lines(in, out);
    for (int z = 0; z < m->nr_zones; z++)
        if (m->zones[z].present)
            zone_line(in, st, z, out);
    for (int z = 0; z < m->nr_zones; z++)
        if (m->zones[z].present)
            buddy_line(m, z, out);
    if (st->hugepages)
        for (int n = 0; n < m->nr_nodes; n++)
            pa_sb_printf(out,
                         "Node %d hugepages_total=0 hugepages_free=0 hugepages_surp=0 "
                         "hugepages_size=%" PRIu64 "kB\n",
                         m->nodes[n].id, kb(m, (uint64_t)1 << m->pageblock_order));
    pa_sb_printf(out, "%" PRIu64 " total pagecache pages\n", in->pagecache);
    pa_sb_printf(out, "%" PRIu64 " pages in swap cache\n", in->swapcache);
    pa_sb_printf(out, "Swap cache stats: add %" PRIu64 ", delete %" PRIu64 ", find 0/0\n",
                 in->swap_add, in->swap_delete);
    pa_sb_printf(out, "Free swap  = %" PRIu64 "kB\n", kb(m, in->c->swap_free));
    pa_sb_printf(out, "Total swap = %" PRIu64 "kB\n", kb(m, in->c->swap_total));
    pa_sb_printf(out, "%" PRIu64 " pages RAM\n", in->pages_ram);
    pa_sb_printf(out, "%" PRIu64 " pages reserved\n", in->pages_reserved);
}
