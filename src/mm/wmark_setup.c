/*
 * wmark_setup.c - what the kernel computes from memory size when it boots or
 * when a vm sysctl is written: min_free_kbytes, each zone's MIN/LOW/HIGH
 * (PROMO) marks, lowmem_reserve, the boost factor, MIGRATE_RESERVE
 * pageblocks (<= 4.3), and the limit of the highatomic reserve (boost_watermark
 * itself is src/mm/boost.c).
 * kernel-semantics 1.4, 2.1 - 2.4 (V2632/V316/V44/V419/V515/V618
 * init_per_zone_wmark_min, __setup_per_zone_wmarks,
 * setup_per_zone_lowmem_reserve, setup_zone_migrate_reserve,
 * reserve_highatomic_pageblock, and khugepaged's
 * set_recommended_min_free_kbytes).
 *
 * Every era difference is a profile field: the zone size used (present or
 * managed), the min_free_kbytes clamp, the split formula, which zones count
 * as lowmem and for THP, the ratio rules, the reserve type. The order of the
 * steps is the kernel's: min_free_kbytes, per-zone marks (with the reserve
 * blocks of each zone right after its marks), then lowmem_reserve.
 */
#include <string.h>

#include "pagealloc/watermark.h"

#define SWAP_CLUSTER_MAX 32

/* int_sqrt: the largest r with r*r <= x. */
static uint64_t int_sqrt(uint64_t x)
{
    uint64_t r = 0, bit = (uint64_t)1 << 62;
    while (bit > x)
        bit >>= 2;
    while (bit) {
        if (x >= r + bit) {
            x -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return r;
}

uint64_t pa_zone_wmark_pages(const struct pa_profile *p, const struct pa_zone *z)
{
    if (!p || !z)
        return 0;
    return p->wmark_use_present ? z->present : z->managed;
}

/* 2.1: int_sqrt(lowmem_kbytes * 16), clamped to [128, era maximum]. */
uint64_t pa_min_free_kbytes_default(const struct pa_profile *p, uint64_t lowmem_kbytes)
{
    if (!p)
        return 0;
    uint64_t v = int_sqrt(lowmem_kbytes * 16);
    if (v < 128)
        v = 128;
    if (v > p->min_free_kbytes_max)
        v = p->min_free_kbytes_max;
    return v;
}

/* 2.1: khugepaged's recommendation: 2 + MIGRATE_PCPTYPES^2 = 11 pageblocks
   per counted zone, at most 5% of lowmem. */
uint64_t pa_thp_recommended_min_free_kbytes(unsigned nr_zones, unsigned pageblock_order,
                                            uint64_t lowmem_pages)
{
    if (pageblock_order > PA_ORDER_CAP || nr_zones > PA_MAX_ZONES)
        return 0;
    uint64_t pb = (uint64_t)1 << pageblock_order;
    uint64_t rec = pb * nr_zones * 2 + pb * nr_zones * 3 * 3;
    if (rec > lowmem_pages / 20)
        rec = lowmem_pages / 20;
    return rec * 4; /* pages -> kB with 4 KiB pages */
}

/* Does the zone count as lowmem for the MIN split (2.2)? HighMem never;
   Movable not from 6.x (split C). */
static bool split_lowmem(const struct pa_profile *p, enum pa_zone_type type)
{
    if (type == PA_ZONE_HIGHMEM)
        return false;
    if (type == PA_ZONE_MOVABLE && p->wmark_split == PA_SPLIT_SCALE_PROMO)
        return false;
    return true;
}

/* One zone's MIN/LOW/HIGH/PROMO (2.2) from its size in pages and its share
   tmp of pages_min. */
static void zone_marks(const struct pa_profile *p, enum pa_zone_type type, uint64_t pages,
                       uint64_t tmp, unsigned scale_factor, uint64_t mark[PA_NR_WMARK])
{
    uint64_t min;
    if (!split_lowmem(p, type)) {
        min = pages / 1024;
        if (min < SWAP_CLUSTER_MAX)
            min = SWAP_CLUSTER_MAX;
        if (min > 128)
            min = 128;
    } else {
        min = tmp;
    }
    mark[PA_WMARK_MIN] = min;
    switch (p->wmark_split) {
    case PA_SPLIT_QUARTER:
        mark[PA_WMARK_LOW] = min + (tmp >> 2);
        mark[PA_WMARK_HIGH] = min + (tmp >> 1);
        mark[PA_WMARK_PROMO] = 0;
        break;
    case PA_SPLIT_SCALE:
    case PA_SPLIT_SCALE_PROMO: {
        uint64_t gap = tmp >> 2;
        uint64_t scaled = pages * scale_factor / 10000;
        if (scaled > gap)
            gap = scaled;
        mark[PA_WMARK_LOW] = min + gap;
        mark[PA_WMARK_HIGH] = min + 2 * gap;
        mark[PA_WMARK_PROMO] = p->wmark_split == PA_SPLIT_SCALE_PROMO ? min + 3 * gap : 0;
        break;
    }
    }
}

void pa_empty_zone_wmarks(const struct pa_machine *m, enum pa_zone_type type,
                          uint64_t mark[PA_NR_WMARK])
{
    if (!mark)
        return;
    if (!m || (unsigned)type >= PA_ZONE_TYPES) {
        memset(mark, 0, sizeof(uint64_t) * PA_NR_WMARK);
        return;
    }
    zone_marks(m->profile, type, 0, 0, m->watermark_scale_factor, mark);
}

/* nr_free_buffer_pages (2.1): zones a GFP_USER request may use (<= Normal)
   of every node, pages above the current high mark. */
static uint64_t free_buffer_pages(const struct pa_machine *m)
{
    uint64_t sum = 0;
    for (int i = 0; i < m->nr_zones; i++) {
        const struct pa_zone *z = &m->zones[i];
        if (z->type > PA_ZONE_NORMAL)
            continue;
        uint64_t size = pa_zone_wmark_pages(m->profile, z);
        uint64_t high = z->watermark[PA_WMARK_HIGH] + (m->profile->boost ? z->watermark_boost : 0);
        if (size > high)
            sum += size - high;
    }
    return sum;
}

/* Zones khugepaged counts (2.1): populated ones; 6.x only those <= Normal. */
static unsigned thp_zone_count(const struct pa_machine *m)
{
    unsigned n = 0;
    for (int i = 0; i < m->nr_zones; i++) {
        const struct pa_zone *z = &m->zones[i];
        if (!z->present)
            continue;
        if (m->profile->thp_lowmem_zones_only && z->type > PA_ZONE_NORMAL)
            continue;
        n++;
    }
    return n;
}

/* 2.2: the per-zone split. */
static void setup_zone_marks(struct pa_machine *m, bool reserve_blocks)
{
    const struct pa_profile *p = m->profile;
    uint64_t pages_min = m->min_free_kbytes >> (m->page_shift - 10);
    uint64_t lowmem = 0;
    for (int i = 0; i < m->nr_zones; i++)
        if (split_lowmem(p, m->zones[i].type))
            lowmem += pa_zone_wmark_pages(p, &m->zones[i]);
    for (int i = 0; i < m->nr_zones; i++) {
        struct pa_zone *z = &m->zones[i];
        uint64_t pages = pa_zone_wmark_pages(p, z);
        uint64_t tmp = lowmem ? pages_min * pages / lowmem : 0;
        zone_marks(p, z->type, pages, tmp, m->watermark_scale_factor, z->watermark);
        z->watermark_boost = 0;
        if (p->has_reserve && reserve_blocks)
            pa_setup_zone_migrate_reserve(z);
    }
}

/* 1.4: per node, reserve[i][j] = (pages of zones i+1 .. j) / ratio[i]. */
void pa_setup_lowmem_reserve(struct pa_machine *m, const unsigned ratio_in[PA_ZONE_TYPES])
{
    if (!m || !ratio_in)
        return;
    const struct pa_profile *p = m->profile;
    for (int n = 0; n < m->nr_nodes; n++) {
        const struct pa_node *nd = &m->nodes[n];
        struct pa_zone *by_type[PA_ZONE_TYPES] = {0};
        for (int k = 0; k < nd->nr_zones; k++)
            by_type[nd->zones[k]->type] = nd->zones[k];
        for (int i = 0; i < PA_ZONE_TYPES; i++) {
            struct pa_zone *z = by_type[i];
            if (!z)
                continue;
            unsigned ratio = ratio_in[i];
            bool off = false;
            if (ratio < 1) {
                if (p->lowmem_ratio_zero_off)
                    off = true;
                else
                    ratio = 1; /* <= 4.18 clamp */
            }
            if (p->lowmem_empty_zone_zero && pa_zone_wmark_pages(p, z) == 0)
                off = true;
            uint64_t upper = 0;
            for (int j = 0; j < PA_ZONE_TYPES; j++) {
                if (j <= i) {
                    z->lowmem_reserve[j] = 0;
                    continue;
                }
                if (by_type[j])
                    upper += pa_zone_wmark_pages(p, by_type[j]);
                z->lowmem_reserve[j] = off ? 0 : upper / ratio;
            }
        }
    }
}

/* 2.4 era A: the first MOVABLE pageblocks of the zone without reserved pages
   become MIGRATE_RESERVE, min(2, roundup(MIN, pageblock) / pageblock) of
   them; surplus RESERVE blocks go back to MOVABLE. A block containing any
   reserved page or hole is skipped (3.x pageblock_is_reserved; 2.6.32
   tested only the first page). */
unsigned pa_setup_zone_migrate_reserve(struct pa_zone *z)
{
    if (!z)
        return 0;
    struct pa_machine *m = z->machine;
    uint64_t pb = (uint64_t)1 << m->pageblock_order;
    uint64_t want = (z->watermark[PA_WMARK_MIN] + pb - 1) / pb;
    if (want > 2)
        want = 2;
    unsigned set = 0;
    uint64_t start = (z->start_pfn + pb - 1) / pb * pb, end = pa_zone_end_pfn(z);
    for (uint64_t pfn = start; pfn < end; pfn += pb) {
        enum pa_migratetype mt = pa_pageblock_migratetype(m, pfn);
        if (want > 0) {
            uint64_t bend = pfn + pb < end ? pfn + pb : end;
            bool reserved = false;
            for (uint64_t q = pfn; q < bend && !reserved; q++)
                reserved = m->pages[q].flags & (PA_PG_RESERVED | PA_PG_HOLE);
            if (reserved)
                continue;
            if (mt == PA_MT_RESERVE) {
                want--;
                set++;
                continue;
            }
            if (mt == PA_MT_MOVABLE) {
                pa_set_pageblock_migratetype(m, pfn, PA_MT_RESERVE);
                pa_move_freepages_block(m, pfn, PA_MT_RESERVE);
                want--;
                set++;
                continue;
            }
        }
        if (mt == PA_MT_RESERVE) {
            pa_set_pageblock_migratetype(m, pfn, PA_MT_MOVABLE);
            pa_move_freepages_block(m, pfn, PA_MT_MOVABLE);
        }
    }
    return set;
}

int pa_setup_per_zone_wmarks(struct pa_machine *m, const struct pa_wmark_params *params)
{
    if (!m)
        return PA_EINVAL;
    static const struct pa_wmark_params defaults = PA_WMARK_PARAMS_DEFAULT;
    const struct pa_profile *p = m->profile;
    if (!params)
        params = &defaults;
    if (m->page_shift < 10)
        return PA_EINVAL;
    if (params->watermark_scale_factor > 3000 || params->watermark_boost_factor < -1)
        return PA_EINVAL;

    /* the knobs */
    m->watermark_scale_factor =
        p->wmark_split == PA_SPLIT_QUARTER ? 0
                                           : (params->watermark_scale_factor
                                                  ? params->watermark_scale_factor
                                                  : 10);
    m->watermark_boost_factor = params->watermark_boost_factor >= 0
                                    ? (p->boost ? (unsigned)params->watermark_boost_factor : 0)
                                    : p->boost_factor_default;

    /* min_free_kbytes: the boot default from lowmem (watermarks still 0) */
    for (int i = 0; i < m->nr_zones; i++) {
        memset(m->zones[i].watermark, 0, sizeof m->zones[i].watermark);
        m->zones[i].watermark_boost = 0;
    }
    uint64_t lowmem_pages = free_buffer_pages(m);
    uint64_t kb = pa_min_free_kbytes_default(p, lowmem_pages << (m->page_shift - 10));
    m->min_free_kbytes = kb;
    if (params->thp && !params->min_free_kbytes) {
        /* khugepaged starts after the first setup: nr_free_buffer_pages()
           then sees the high marks */
        setup_zone_marks(m, !params->no_migrate_reserve);
        uint64_t rec = pa_thp_recommended_min_free_kbytes(thp_zone_count(m), m->pageblock_order,
                                                          free_buffer_pages(m));
        if (rec > m->min_free_kbytes)
            m->min_free_kbytes = rec;
    }
    if (params->min_free_kbytes)
        m->min_free_kbytes = params->min_free_kbytes;
    setup_zone_marks(m, !params->no_migrate_reserve);

    const unsigned *ratio = params->set_lowmem_reserve_ratio ? params->lowmem_reserve_ratio
                                                             : p->lowmem_reserve_ratio;
    pa_setup_lowmem_reserve(m, ratio);
    return PA_OK;
}

/* 2.4: reserve_highatomic_pageblock's limit. */
uint64_t pa_highatomic_limit(const struct pa_profile *p, const struct pa_zone *z,
                             unsigned pageblock_order)
{
    if (!p || !z)
        return 0;
    uint64_t pb = (uint64_t)1 << pageblock_order, onepct = z->managed / 100;
    switch (p->highatomic_limit) {
    case PA_HA_LIMIT_NONE:
        return 0;
    case PA_HA_LIMIT_PLUS_BLOCK:
        return onepct + pb;
    case PA_HA_LIMIT_ROUND_UP:
        return onepct < pb ? 0 : (onepct + pb - 1) / pb * pb;
    }
    return 0;
}
