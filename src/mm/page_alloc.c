/*
 * page_alloc.c - the allocation front end: zonelists, the fast path, and the
 * seam where the slow path (reclaim, compaction, retries) will go.
 *
 * get_page_from_freelist (V2632/V316/V44/V515/V618, kernel-semantics 3, 6.1)
 * walks the zonelist from the preferred zone, skipping zones above the
 * request's highest zone (gfp_zone), checks each zone's watermark with the
 * era's rule (pagealloc/watermark.h) and takes the block with rmqueue
 * (rmqueue.c). 5.0+ first tries with ALLOC_NOFRAGMENT when the preferred zone
 * is Normal and DMA32 is populated (or there is one node) and repeats the walk
 * without it (V515 alloc_flags_nofragment). A successful high-order
 * allocation by a request entitled to the atomic reserve turns its pageblock
 * into a HIGHATOMIC reserve (4.4+, 2.4).
 *
 * What is not modelled here yet: reclaim, compaction, the retry loops and the
 * OOM killer of __alloc_pages_slowpath (section 6). A failed fast path gets
 * the slow path's first attempt (MIN-based ALLOC flags) and then fails, with
 * the verdict of every zone in the result.
 */
#include <string.h>

#include "mm/internal.h"
#include "pagealloc/gfp.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/pcp.h"

int pa_zonelist(struct pa_machine *m, int nid, struct pa_zone **out, int max)
{
    if (!m || !out || max <= 0)
        return 0;
    int n = 0, first = 0;
    for (int k = 0; k < m->nr_nodes; k++)
        if (m->nodes[k].id == nid)
            first = k;
    /* Local node first, then the others in id order: all remote nodes are at
       the same distance (the engine has no SLIT table yet). */
    for (int step = -1; step < m->nr_nodes; step++) {
        if (step == first)
            continue;
        const struct pa_node *nd = &m->nodes[step < 0 ? first : step];
        for (int i = nd->nr_zones - 1; i >= 0 && n < max; i--)
            if (nd->zones[i]->managed)
                out[n++] = nd->zones[i];
    }
    return n;
}

/* The zonelist of node nid from the machine's cache (built on first use). */
static int zonelist_cached(struct pa_machine *m, int nid, struct pa_zone **out)
{
    int k = 0;
    for (int i = 0; i < m->nr_nodes; i++)
        if (m->nodes[i].id == nid)
            k = i;
    if (!m->zonelist_len[k]) {
        struct pa_zone *zl[PA_MAX_ZONES];
        int n = pa_zonelist(m, nid, zl, PA_MAX_ZONES);
        for (int i = 0; i < n; i++)
            m->zonelist[k][i] = (uint8_t)zl[i]->index;
        m->zonelist_len[k] = (uint8_t)(n + 1);
    }
    int n = m->zonelist_len[k] - 1;
    for (int i = 0; i < n; i++)
        out[i] = &m->zones[m->zonelist[k][i]];
    return n;
}

/* One walk of the zonelist (get_page_from_freelist). The verdict of each
   zone goes to v[i] (one byte per zonelist slot); the result's per-zone
   table is filled from them only when the allocation fails. */
static bool freelist_walk(struct pa_machine *m, struct pa_zone **zl, int nz, unsigned order,
                          enum pa_migratetype mt, enum pa_zone_type highest, int classzone,
                          unsigned flags, int cpu, uint8_t *v, struct pa_alloc_result *res)
{
    const struct pa_profile *pr = m->profile;
    for (int i = 0; i < nz; i++) {
        struct pa_zone *z = zl[i];
        if (z->type > highest) {
            v[i] = PA_ZV_INELIGIBLE;
            continue;
        }
        if (!(flags & PA_ALLOC_NO_WATERMARKS)) {
            /* the zone's counters, read in place (watermark.h) */
            uint64_t mark = pa_zone_wmark_mark(pr, z, flags);
            if (!pa_zone_watermark_fast(pr, z, order, mark, classzone, flags, NULL)) {
                v[i] = PA_ZV_WMARK_FAIL;
                continue;
            }
        }
        uint64_t pfn;
        /* rmqueue: the CPU's per-CPU lists for the orders the era keeps
           there (pcp.c), else the buddy lists. */
        int got = cpu >= 0 && m->pcp ? pa_pcp_rmqueue(z, cpu, order, mt, flags, &pfn)
                                     : pa_rmqueue_buddy(z, order, mt, flags, &pfn);
        if (got != PA_OK) {
            v[i] = PA_ZV_NO_BLOCK;
            continue;
        }
        if (order && pa_highatomic_entitled(pr, flags))
            pa_reserve_highatomic_pageblock(z, pfn, order);
        res->pfn = pfn;
        res->zone = z;
        res->alloc_flags = flags;
        return true;
    }
    return false;
}

/* The allocated head gets its owner (pageops.h) and the mm_page_alloc event
   goes out (V618 __alloc_pages: trace_mm_page_alloc). */
static inline int alloc_done(struct pa_machine *m, const struct pa_alloc_request *rq,
                             const struct pa_alloc_result *res)
{
    struct pa_page *p = &m->pages[res->pfn];
    p->kind = (uint8_t)((unsigned)rq->kind < PA_KIND_COUNT ? rq->kind : PA_KIND_NONE);
    p->priv = rq->handle;
    if (PA_EVENTS_ON(m)) {
        struct pa_event ev = {0};
        ev.type = PA_EV_PAGE_ALLOC;
        ev.pfn = res->pfn;
        ev.order = rq->order;
        ev.migratetype = (int)res->migratetype;
        ev.gfp = rq->gfp;
        ev.zone = res->zone;
        ev.cpu = rq->cpu;
        ev.kind = (enum pa_page_kind)p->kind;
        m->event_cb(m->event_ctx, &ev);
    }
    return PA_OK;
}

int pa_alloc_pages(struct pa_machine *m, const struct pa_alloc_request *rq,
                   struct pa_alloc_result *res)
{
    struct pa_alloc_result local;
    struct pa_zone *zl[PA_MAX_ZONES];

    if (!res)
        res = &local;
    /* the scalars only: the per-zone table is written on failure */
    res->pfn = 0;
    res->zone = NULL;
    res->migratetype = PA_MT_UNMOVABLE;
    res->highest_zone = PA_ZONE_DMA;
    res->alloc_flags = 0;
    res->slow_path = false;
    res->nzones = 0;
    if (!m || !rq)
        return PA_EINVAL;
    const struct pa_profile *pr = m->profile;
    if (rq->order > m->max_order)
        return PA_EORDER;
    /* The GFP mask is decoded once per request: its zone, migratetype, class
       zone and the fast path's ALLOC flags; the slow path's flags only when
       the fast path failed. */
    enum pa_zone_type highest = pa_gfp_zone(pr, rq->gfp);
    enum pa_migratetype mt = m->mobility_disabled ? PA_MT_UNMOVABLE
                                                  : pa_gfp_migratetype(pr, rq->gfp);
    res->migratetype = mt;
    res->highest_zone = highest;

    int nz = zonelist_cached(m, rq->nid < 0 ? m->nodes[0].id : rq->nid, zl);
    struct pa_zone *pref = NULL;
    for (int i = 0; i < nz && !pref; i++)
        if (zl[i]->type <= highest)
            pref = zl[i];
    /* What the ALLOC flags and the class zone depend on besides the mask:
       the preferred node's populated zones, NUMA or not. */
    bool populated[PA_ZONE_TYPES] = {false};
    for (int i = 0; i < nz; i++)
        if (pref && zl[i]->node == pref->node)
            populated[zl[i]->type] = true;
    struct pa_alloc_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.preferred_zone = pref ? pref->type : highest;
    ctx.numa = m->nr_nodes > 1;
    ctx.dma32_populated = populated[PA_ZONE_DMA32];
    int classzone = (int)pa_gfp_classzone_of(pr, highest, populated);

    uint8_t fast[PA_MAX_ZONES], slow[PA_MAX_ZONES];
    memset(fast, PA_ZV_NOT_TRIED, (size_t)nz);
    unsigned flags = pa_gfp_to_alloc_flags_ctx(pr, rq->gfp, rq->order, false, &ctx);
    for (;;) {
        if (freelist_walk(m, zl, nz, rq->order, mt, highest, classzone, flags, rq->cpu, fast,
                          res))
            return alloc_done(m, rq, res);
        if (!(flags & PA_ALLOC_NOFRAGMENT))
            break;
        flags &= ~(unsigned)PA_ALLOC_NOFRAGMENT;
    }
    /* Slow path seam: its first attempt, at the MIN-based flags. */
    res->slow_path = true;
    flags = pa_gfp_to_alloc_flags_ctx(pr, rq->gfp, rq->order, true, &ctx);
    res->alloc_flags = flags;
    memset(slow, PA_ZV_NOT_TRIED, (size_t)nz);
    if (freelist_walk(m, zl, nz, rq->order, mt, highest, classzone, flags, rq->cpu, slow, res))
        return alloc_done(m, rq, res);
    /* Failed: why, zone by zone, in zonelist order. */
    res->nzones = nz;
    for (int i = 0; i < nz; i++) {
        res->zones[i].zone = zl[i];
        res->zones[i].fast = (enum pa_zone_verdict)fast[i];
        res->zones[i].slow = (enum pa_zone_verdict)slow[i];
    }
    return PA_ENOMEM;
}

/* ---- the high-order atomic reserve (4.4+; kernel-semantics 2.4) --------------------------- */

void pa_reserve_highatomic_pageblock(struct pa_zone *z, uint64_t pfn, unsigned order)
{
    if (!z || pfn >= z->machine->max_pfn)
        return;
    struct pa_machine *m = z->machine;
    const struct pa_profile *pr = m->profile;
    uint64_t pb = (uint64_t)1 << m->pageblock_order;
    uint64_t limit = pa_highatomic_limit(pr, z, m->pageblock_order);
    bool v6 = pr->highatomic_limit == PA_HA_LIMIT_ROUND_UP;

    if (!limit || z->nr_reserved_highatomic >= limit)
        return;
    enum pa_migratetype mt = pa_pageblock_migratetype(m, pfn);
    /* 4.4-6.2: not HIGHATOMIC, ISOLATE or CMA; 6.x: only U/M/E blocks */
    if (v6 ? !pa_mt_mergeable(mt)
           : (mt == PA_MT_HIGHATOMIC || mt == PA_MT_ISOLATE || mt == PA_MT_CMA))
        return;
    if (order < m->pageblock_order) {
        pa_set_pageblock_migratetype(m, pfn, PA_MT_HIGHATOMIC);
        pa_move_freepages_block(m, pfn, PA_MT_HIGHATOMIC);
        z->nr_reserved_highatomic += pb;
    } else if (v6) { /* 6.x: every pageblock the block covers */
        for (uint64_t p = pfn; p < pfn + ((uint64_t)1 << order); p += pb)
            pa_set_pageblock_migratetype(m, p, PA_MT_HIGHATOMIC);
        z->nr_reserved_highatomic += (uint64_t)1 << order;
    }
}

bool pa_unreserve_highatomic_pageblock(struct pa_machine *m, struct pa_zone *z,
                                       enum pa_migratetype mt, bool force)
{
    if (!m || !z || (unsigned)mt >= PA_MT_COUNT)
        return false;
    uint64_t pb = (uint64_t)1 << m->pageblock_order;
    if (!force && z->nr_reserved_highatomic <= pb)
        return false;
    for (unsigned o = 0; o <= m->max_order; o++) {
        uint32_t head = z->free_area[o].free_list[PA_MT_HIGHATOMIC].head;
        if (head == PA_PFN_NONE)
            continue;
        /* the pageblock may be larger than the free block: retype it */
        uint64_t n = z->nr_reserved_highatomic < pb ? z->nr_reserved_highatomic : pb;
        z->nr_reserved_highatomic -= n;
        pa_set_pageblock_migratetype(m, head, mt);
        pa_move_freepages_block(m, head, mt);
        return true;
    }
    return false;
}
