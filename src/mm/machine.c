/*
 * machine.c - building and destroying a machine: nodes, zones, holes, boot
 * reservations, the page and pageblock arrays, and the boot-time hand-over of
 * memory to the buddy lists.
 *
 * The zone layout is data (struct pa_machine_config). A machine is built as a
 * booted kernel leaves it (kernel-semantics 4.3 "Boot"): every pageblock is
 * MOVABLE (memmap init), and every run of pages that is neither a hole nor
 * reserved is freed in maximal aligned blocks, in ascending pfn order, each
 * queued at the head of its list (at the tail from 5.10, FPI_TO_TAIL in
 * __free_pages_core; profile->boot_free_to_tail).
 *
 * Cost grows with the number of blocks, not pages: runs are computed from the
 * sorted hole/reservation ranges, and the page array comes from calloc (zero
 * pages from the OS, touched only where a block head is written), so a 1 TiB
 * machine builds in a fraction of a second in 16 bytes per page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mm/internal.h"
#include "pagealloc/pfnlist.h"

/* DESIGN.md "Performance rules": 16 bytes of metadata per page. */
_Static_assert(sizeof(struct pa_page) == 16, "struct pa_page must stay 16 bytes");

/* The bare engine's profile: the buddy rules of mainline 6.x (tail heuristic,
   boot memory and moved blocks at list tails, mergeable-types check) and
   nothing else - no migratetype fallback, no watermarks, no reserves. It is
   for embedders who want a buddy allocator; a kernel's behaviour comes from
   pa_profile_for_version() (profile.h). */
const struct pa_profile pa_profile_default = {
    .name = "engine",
    .merge_tail_heuristic = true,
    .boot_free_to_tail = true,
    .move_freepages_to_tail = true,
    .merge_check = PA_MERGE_MERGEABLE,
    .nr_mt = 5,
    .mt_order = {PA_MT_UNMOVABLE, PA_MT_MOVABLE, PA_MT_RECLAIMABLE, PA_MT_HIGHATOMIC,
                 PA_MT_ISOLATE},
    .text.pagetypeinfo_cap = 100000,
    .reclaim.lru_per_node = true,
    .reclaim.vmstat = PA_VMSTAT_NODE,
    .reclaim.vmstat_oom_kill = true,
    .text.oom_table = PA_OOM_TABLE_419,
};

/* ---- configuration helpers ---------------------------------------------------- */

int pa_config_add_zone(struct pa_machine_config *cfg, int node, enum pa_zone_type type,
                       uint64_t start_pfn, uint64_t end_pfn)
{
    if (!cfg || (unsigned)type >= PA_ZONE_TYPES || node < 0 || node >= PA_MAX_NODES)
        return PA_EINVAL;
    if (cfg->nr_zones < 0)
        return PA_EINVAL;
    if (cfg->nr_zones >= PA_MAX_ZONES)
        return PA_ENOSPC;
    cfg->zones[cfg->nr_zones++] = (struct pa_zone_config){node, type, start_pfn, end_pfn};
    return PA_OK;
}

int pa_config_add_hole(struct pa_machine_config *cfg, uint64_t start_pfn, uint64_t end_pfn)
{
    if (!cfg || cfg->nr_holes < 0)
        return PA_EINVAL;
    if (cfg->nr_holes >= PA_MAX_RANGES)
        return PA_ENOSPC;
    cfg->holes[cfg->nr_holes++] = (struct pa_range){start_pfn, end_pfn};
    return PA_OK;
}

int pa_config_add_reserved(struct pa_machine_config *cfg, uint64_t start_pfn, uint64_t end_pfn)
{
    if (!cfg || cfg->nr_reserved < 0)
        return PA_EINVAL;
    if (cfg->nr_reserved >= PA_MAX_RANGES)
        return PA_ENOSPC;
    cfg->reserved[cfg->nr_reserved++] = (struct pa_range){start_pfn, end_pfn};
    return PA_OK;
}

/* A 2 GiB QEMU-like x86_64 guest: e820 usable [0, 0x9fc00) and
   [1 MiB, 0x7ffe0000). pfn 0 is not given to any zone (DMA starts at pfn 1),
   [0x9f, 0x100) is the BIOS hole. Boot reservations: the low 64 KiB
   (CONFIG_X86_RESERVE_LOW), the real-mode trampoline below the EBDA, the
   kernel image at 16 MiB and the memmap at the top of memory; about 48 MiB in
   all, so that MemTotal is about 2000 MiB as in seed 003's `free -m`. */
void pa_config_default_vm(struct pa_machine_config *cfg)
{
    if (!cfg)
        return;
    memset(cfg, 0, sizeof *cfg);
    cfg->page_shift = 12;
    cfg->max_order = 10;
    cfg->pageblock_order = 9;
    pa_config_add_zone(cfg, 0, PA_ZONE_DMA, 1, 4096);
    pa_config_add_zone(cfg, 0, PA_ZONE_DMA32, 4096, 0x7ffe0);
    pa_config_add_hole(cfg, 0x9f, 0x100);
    pa_config_add_reserved(cfg, 1, 16);
    pa_config_add_reserved(cfg, 0x99, 0x9f);
    pa_config_add_reserved(cfg, 4096, 4096 + 7680);        /* kernel image, 30 MiB */
    pa_config_add_reserved(cfg, 0x7ffe0 - 4608, 0x7ffe0); /* memmap etc., 18 MiB */
}

/* ---- building ---------------------------------------------------------------- */

static int cmp_range(const void *a, const void *b)
{
    const struct pa_range *x = a, *y = b;
    return x->start_pfn < y->start_pfn ? -1 : x->start_pfn > y->start_pfn;
}

/* Sort ranges by start and merge overlapping or touching ones; new count. */
static int sort_merge(struct pa_range *r, int nr)
{
    int n = 0;
    qsort(r, (size_t)nr, sizeof *r, cmp_range);
    for (int i = 0; i < nr; i++) {
        if (n && r[i].start_pfn <= r[n - 1].end_pfn) {
            if (r[i].end_pfn > r[n - 1].end_pfn)
                r[n - 1].end_pfn = r[i].end_pfn;
        } else {
            r[n++] = r[i];
        }
    }
    return n;
}

static int cmp_zone(const void *a, const void *b)
{
    const struct pa_zone *x = a, *y = b;
    return x->start_pfn < y->start_pfn ? -1 : x->start_pfn > y->start_pfn;
}

#define FAIL(...)                                                                          \
    do {                                                                                   \
        if (err_detail)                                                                    \
            snprintf(err_detail, err_len, __VA_ARGS__);                                    \
        return PA_EINVAL;                                                                  \
    } while (0)

static int validate(const struct pa_machine_config *cfg, unsigned page_shift, unsigned max_order,
                    unsigned pb_order, char *err_detail, size_t err_len)
{
    if (page_shift < 9 || page_shift > 21)
        FAIL("page_shift %u out of range 9..21", page_shift);
    if (max_order > PA_ORDER_CAP)
        FAIL("max_order %u above the engine's cap %d", max_order, PA_ORDER_CAP);
    if (pb_order > max_order)
        FAIL("pageblock_order %u above max_order %u", pb_order, max_order);
    if (cfg->nr_zones <= 0 || cfg->nr_zones > PA_MAX_ZONES)
        FAIL("a machine needs 1 to %d zones, got %d", PA_MAX_ZONES, cfg->nr_zones);
    if (cfg->nr_holes < 0 || cfg->nr_holes > PA_MAX_RANGES || cfg->nr_reserved < 0 ||
        cfg->nr_reserved > PA_MAX_RANGES)
        FAIL("too many holes or reservations");
    for (int i = 0; i < cfg->nr_zones; i++) {
        const struct pa_zone_config *zc = &cfg->zones[i];
        if (zc->start_pfn >= zc->end_pfn)
            FAIL("zone %d (%s) is empty or reversed: [%llu, %llu)", i,
                 pa_zone_type_name(zc->type), (unsigned long long)zc->start_pfn,
                 (unsigned long long)zc->end_pfn);
        if (zc->end_pfn >= PA_PFN_NONE)
            FAIL("zone %d ends at pfn %llu: pfns must stay below 2^32", i,
                 (unsigned long long)zc->end_pfn);
        if ((unsigned)zc->type >= PA_ZONE_TYPES || zc->node < 0 || zc->node >= PA_MAX_NODES)
            FAIL("zone %d: bad type or node", i);
        for (int j = 0; j < i; j++) {
            const struct pa_zone_config *o = &cfg->zones[j];
            if (zc->start_pfn < o->end_pfn && o->start_pfn < zc->end_pfn)
                FAIL("zones %d and %d overlap", j, i);
            if (zc->node == o->node && zc->type == o->type)
                FAIL("node %d has two %s zones", zc->node, pa_zone_type_name(zc->type));
        }
    }
    for (int i = 0; i < cfg->nr_holes + cfg->nr_reserved; i++) {
        const struct pa_range *r =
            i < cfg->nr_holes ? &cfg->holes[i] : &cfg->reserved[i - cfg->nr_holes];
        if (r->start_pfn >= r->end_pfn)
            FAIL("empty or reversed range [%llu, %llu)", (unsigned long long)r->start_pfn,
                 (unsigned long long)r->end_pfn);
    }
    return PA_OK;
}

/* Hand the pages of zone z in [start, end) to the buddy lists. */
static void boot_free_run(struct pa_zone *z, uint64_t start, uint64_t end)
{
    struct pa_machine *m = z->machine;
    enum pa_fpi fpi = m->profile->boot_free_to_tail ? PA_FPI_TO_TAIL : PA_FPI_TO_HEAD;
    while (start < end) {
        unsigned o = 0;
        while (o < m->max_order && !(start & ((uint64_t)1 << o)) &&
               start + ((uint64_t)2 << o) <= end)
            o++;
        pa_free_one_page(z, start, o, pa_pageblock_migratetype(m, start), fpi);
        start += (uint64_t)1 << o;
    }
}

/* Mark pages of [s, e) clipped to z with flag; returns how many were newly marked. */
static uint64_t mark_range(struct pa_machine *m, const struct pa_zone *z, uint64_t s, uint64_t e,
                           uint8_t flag)
{
    uint64_t n = 0;
    if (s < z->start_pfn)
        s = z->start_pfn;
    if (e > pa_zone_end_pfn(z))
        e = pa_zone_end_pfn(z);
    for (uint64_t pfn = s; pfn < e; pfn++) {
        struct pa_page *p = &m->pages[pfn];
        if (p->flags & (PA_PG_HOLE | PA_PG_RESERVED))
            continue;
        p->flags |= flag;
        n++;
    }
    return n;
}

static int setup_zone(struct pa_machine *m, struct pa_zone *z, const struct pa_machine_config *cfg,
                      const struct pa_range *excl, int nexcl, const struct pa_range *hole_ranges,
                      int nholes)
{
    uint64_t end = pa_zone_end_pfn(z);
    uint64_t holes = 0, reserved = 0;

    for (int i = 0; i < cfg->nr_holes; i++)
        holes += mark_range(m, z, cfg->holes[i].start_pfn, cfg->holes[i].end_pfn, PA_PG_HOLE);
    for (int i = 0; i < cfg->nr_reserved; i++)
        reserved += mark_range(m, z, cfg->reserved[i].start_pfn, cfg->reserved[i].end_pfn,
                               PA_PG_RESERVED);
    z->present = z->spanned - holes;
    z->managed = z->present - reserved;

    /* Pageblocks: every pageblock starts MOVABLE; the zone counts the
       pageblocks that /proc/pagetypeinfo's walk from zone_start_pfn in
       pageblock steps visits (skipping holes). */
    uint64_t pb_nr = (uint64_t)1 << m->pageblock_order;
    for (uint64_t pfn = z->start_pfn & ~(pb_nr - 1); pfn < end; pfn += pb_nr) {
        struct pa_pageblock *pb = pa_pfn_to_pageblock(m, pfn);
        pb->mt = PA_MT_MOVABLE;
    }
    /* Whether a step lands in a hole comes from the sorted hole ranges, not
       from the page array: reading one page per pageblock would fault in a
       (zero) page of the array every 8 KiB, which is most of the cost of
       building a large machine. */
    int h = 0;
    for (uint64_t pfn = z->start_pfn; pfn < end; pfn += pb_nr) {
        while (h < nholes && hole_ranges[h].end_pfn <= pfn)
            h++;
        if (!(h < nholes && hole_ranges[h].start_pfn <= pfn))
            z->nr_pageblocks[pa_pfn_to_pageblock(m, pfn)->mt]++;
    }

    /* Free every run between the sorted, merged exclusions. */
    uint64_t pos = z->start_pfn;
    for (int i = 0; i < nexcl && pos < end; i++) {
        if (excl[i].end_pfn <= pos)
            continue;
        if (excl[i].start_pfn >= end)
            break;
        if (excl[i].start_pfn > pos)
            boot_free_run(z, pos, excl[i].start_pfn);
        pos = excl[i].end_pfn;
    }
    if (pos < end)
        boot_free_run(z, pos, end);
    return PA_OK;
}

/* cfg->page_array_thp: the 2 MiB-aligned part of [p, p + bytes) may be
   backed by transparent huge pages. Before the first touch (calloc maps a
   large array fresh and does not write it). A hint: failure changes nothing. */
static void advise_huge_pages(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1), e = ((uintptr_t)p + bytes) & ~(huge - 1);
    if (e > a)
        (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

/* The zone map of pa_zone_of_pfn (mm/internal.h): 256 spans of at least
   2^15 pages (128 MiB of 4 KiB pages, the kernel's x86_64 section size)
   cover [0, max_pfn). A span gets the first zone (in zones[] order, as the
   search finds them) that overlaps it, if that zone holds all of it; else
   0, and the pfns there are searched. */
static void build_zone_map(struct pa_machine *m)
{
    unsigned shift = 15;
    while (shift < 48 && ((m->max_pfn ? m->max_pfn - 1 : 0) >> shift) >= sizeof m->zone_map)
        shift++;
    m->zone_map_shift = (uint8_t)shift;
    for (uint64_t span = 0; span < sizeof m->zone_map; span++) {
        uint64_t lo = span << shift, hi = lo + ((uint64_t)1 << shift);
        m->zone_map[span] = 0;
        for (int i = 0; i < m->nr_zones; i++) {
            const struct pa_zone *z = &m->zones[i];
            uint64_t zs = z->start_pfn, ze = z->start_pfn + z->spanned;
            if (ze <= lo || zs >= hi)
                continue;
            if (zs <= lo && ze >= hi)
                m->zone_map[span] = (uint8_t)(i + 1);
            break;
        }
    }
}

int pa_machine_create(const struct pa_machine_config *cfg, struct pa_machine **out,
                      char *err_detail, size_t err_len)
{
    if (out)
        *out = NULL;
    if (!cfg || !out)
        return PA_EINVAL;
    unsigned page_shift = cfg->page_shift ? cfg->page_shift : 12;
    unsigned max_order = cfg->max_order ? cfg->max_order : 10;
    unsigned pb_order = cfg->pageblock_order ? cfg->pageblock_order : 9;
    int err;

    *out = NULL;
    if (err_detail && err_len)
        err_detail[0] = '\0';
    if ((err = validate(cfg, page_shift, max_order, pb_order, err_detail, err_len)))
        return err;

    struct pa_machine *m = calloc(1, sizeof *m);
    if (!m)
        return PA_ENOMEM;
    m->profile = cfg->profile ? cfg->profile : &pa_profile_default;
    m->page_shift = page_shift;
    m->max_order = max_order;
    m->pageblock_order = pb_order;

    uint64_t max_pfn = 0;
    for (int i = 0; i < cfg->nr_zones; i++)
        if (cfg->zones[i].end_pfn > max_pfn)
            max_pfn = cfg->zones[i].end_pfn;
    /* Round up so that buddy and pageblock lookups never leave the arrays. */
    uint64_t align = (uint64_t)1 << (max_order > pb_order ? max_order : pb_order);
    max_pfn = (max_pfn + align - 1) & ~(align - 1);
    m->max_pfn = max_pfn;
    m->nr_pageblocks = max_pfn >> pb_order;
    m->pages = calloc(max_pfn, sizeof *m->pages);
    if (m->pages && cfg->page_array_thp)
        advise_huge_pages(m->pages, max_pfn * sizeof *m->pages);
    m->pageblocks = calloc(m->nr_pageblocks, sizeof *m->pageblocks);
    if (!m->pages || !m->pageblocks) {
        pa_machine_destroy(m);
        if (err_detail)
            snprintf(err_detail, err_len, "out of memory for %llu pages",
                     (unsigned long long)max_pfn);
        return PA_ENOMEM;
    }
    m->mem_bytes = sizeof *m + max_pfn * sizeof *m->pages +
                   m->nr_pageblocks * sizeof *m->pageblocks;

    /* Zones sorted by start pfn; nodes list their zones low to high. */
    m->nr_zones = cfg->nr_zones;
    for (int i = 0; i < cfg->nr_zones; i++) {
        struct pa_zone *z = &m->zones[i];
        const struct pa_zone_config *zc = &cfg->zones[i];
        z->machine = m;
        z->node = zc->node;
        z->type = zc->type;
        z->name = pa_zone_type_name(zc->type);
        z->start_pfn = zc->start_pfn;
        z->spanned = zc->end_pfn - zc->start_pfn;
        for (unsigned o = 0; o <= PA_ORDER_CAP; o++)
            for (int t = 0; t < PA_MT_COUNT; t++)
                pa_pfnlist_init(&z->free_area[o].free_list[t]);
    }
    qsort(m->zones, (size_t)m->nr_zones, sizeof m->zones[0], cmp_zone);
    build_zone_map(m);

    /* Exclusions (holes and reservations), sorted and merged. */
    int nexcl = cfg->nr_holes + cfg->nr_reserved;
    struct pa_range *excl = malloc(sizeof *excl * (size_t)(nexcl ? nexcl : 1));
    if (!excl) {
        pa_machine_destroy(m);
        return PA_ENOMEM;
    }
    memcpy(excl, cfg->holes, sizeof *excl * (size_t)cfg->nr_holes);
    memcpy(excl + cfg->nr_holes, cfg->reserved, sizeof *excl * (size_t)cfg->nr_reserved);
    int n = sort_merge(excl, nexcl);
    /* Holes alone, sorted and merged. */
    struct pa_range holes[PA_MAX_RANGES];
    memcpy(holes, cfg->holes, sizeof *holes * (size_t)cfg->nr_holes);
    int nholes = sort_merge(holes, cfg->nr_holes);

    for (int i = 0; i < m->nr_zones; i++) {
        m->zones[i].index = i;
        setup_zone(m, &m->zones[i], cfg, excl, n, holes, nholes);
    }
    free(excl);

    /* page_group_by_mobility_disabled when there are fewer pages than
       pageblock_nr_pages * MIGRATE_TYPES (V2632/V44/V618 build_all_zonelists). */
    uint64_t total = 0;
    for (int i = 0; i < m->nr_zones; i++)
        total += m->zones[i].managed;
    m->mobility_disabled = total < ((uint64_t)m->profile->nr_mt << pb_order);
    m->watermark_boost_factor = m->profile->boost ? 15000 : 0;
    m->swappiness = 60; /* vm.swappiness default (kernel-semantics 8) */
    /* compaction sysctls (kernel-semantics 7.3, 7.5; V618 mm/compaction.c
       sysctl_compaction_proactiveness = 20, sysctl_extfrag_threshold = 500,
       sysctl_compact_unevictable_allowed = 1 without PREEMPT_RT) */
    m->compaction_proactiveness = m->profile->compaction.proactive ? 20 : 0;
    m->extfrag_threshold = 500;
    m->compact_unevictable_allowed = m->profile->compaction.unevictable_sysctl;

    /* Nodes: ids in order of first appearance by pfn; zones by type. */
    for (int i = 0; i < m->nr_zones; i++) {
        struct pa_zone *z = &m->zones[i];
        struct pa_node *nd = NULL;
        for (int k = 0; k < m->nr_nodes; k++)
            if (m->nodes[k].id == z->node)
                nd = &m->nodes[k];
        if (!nd) {
            nd = &m->nodes[m->nr_nodes++];
            nd->id = z->node;
        }
        int k = nd->nr_zones++;
        while (k > 0 && nd->zones[k - 1]->type > z->type) {
            nd->zones[k] = nd->zones[k - 1];
            k--;
        }
        nd->zones[k] = z;
    }
    /* Nodes sorted by id. */
    for (int i = 1; i < m->nr_nodes; i++)
        for (int k = i; k > 0 && m->nodes[k - 1].id > m->nodes[k].id; k--) {
            struct pa_node t = m->nodes[k];
            m->nodes[k] = m->nodes[k - 1];
            m->nodes[k - 1] = t;
        }
    pa_lru_init(m);
    *out = m;
    return PA_OK;
}

void pa_machine_destroy(struct pa_machine *m)
{
    if (!m)
        return;
    free(m->pages);
    free(m->pageblocks);
    free(m);
}

const char *pa_machine_errmsg(const struct pa_machine *m)
{
    if (!m)
        return "no machine (NULL)";
    return m->errmsg;
}

int pa_machine_populated_zones(const struct pa_machine *m, const struct pa_zone **out, int max)
{
    if (!m || !out || max <= 0)
        return 0;
    int n = 0;
    for (int k = 0; k < m->nr_nodes; k++)
        for (int i = 0; i < m->nodes[k].nr_zones && n < max; i++)
            if (m->nodes[k].zones[i]->present)
                out[n++] = m->nodes[k].zones[i];
    return n;
}
