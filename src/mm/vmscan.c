/*
 * vmscan.c - the era's reclaim decisions the allocation slow path and kswapd
 * take (pagealloc/vmscan.h; kernel-semantics 6.2 - 6.4, 8): retry or give up
 * after direct reclaim, when kswapd is woken, when a node is balanced, lumpy
 * reclaim. Each is a pure function of the profile's slowpath part and the
 * zones, so tests ask them era by era.
 *
 * Sources: V2632 mm/page_alloc.c should_alloc_retry, mm/vmscan.c
 * wakeup_kswapd / balance_pgdat / isolate_lru_pages (lumpy); V316
 * zone_balanced / pgdat_balanced; V44 __alloc_pages_slowpath; V419 and V618
 * should_reclaim_retry, wakeup_kswapd, pgdat_balanced.
 *
 * The reclaim work (scanning LRU lists, dropping, writing back and swapping
 * pages) is done by the machine owner's operations (struct
 * pa_slowpath_ops) until the engine's LRU lists of issue 9 take it over.
 */
#include "pagealloc/gfp.h"
#include "pagealloc/vmscan.h"
#include "pagealloc/watermark.h"

int pa_machine_set_slowpath_ops(struct pa_machine *m, const struct pa_slowpath_ops *ops,
                                void *ctx)
{
    if (!m)
        return PA_EINVAL;
    m->slowpath_ops = ops;
    m->slowpath_ctx = ops ? ctx : NULL;
    return PA_OK;
}

/* V2632 / V316 should_alloc_retry; 4.4's inline form (6.3). */
bool pa_should_alloc_retry(const struct pa_profile *p, uint64_t gfp, unsigned order,
                           uint64_t progress, uint64_t reclaimed)
{
    const struct pa_profile_slowpath *sp = &p->slowpath;
    bool nofail = pa_gfp_has(p, gfp, PA_GFP_NOFAIL);
    /* __GFP_REPEAT and __GFP_RETRY_MAYFAIL share the bit (gfp.h) */
    bool repeat = pa_gfp_has(p, gfp, PA_GFP_REPEAT) || pa_gfp_has(p, gfp, PA_GFP_RETRY_MAYFAIL);
    if (pa_gfp_has(p, gfp, PA_GFP_NORETRY))
        return false;
    if (sp->nofail_retries_first && nofail)
        return true;
    if (order <= PA_COSTLY_ORDER && (!sp->oom_after_retry || progress))
        return true;
    if (repeat && reclaimed < ((uint64_t)1 << order))
        return true;
    return nofail;
}

bool pa_should_reclaim_retry(const struct pa_profile *p, struct pa_zone *const *zones,
                             const uint64_t *reclaimable, int nzones,
                             enum pa_zone_type highest, int classzone, unsigned order,
                             unsigned alloc_flags, uint64_t progress, int *no_progress_loops)
{
    if (progress && order <= PA_COSTLY_ORDER)
        *no_progress_loops = 0;
    else
        (*no_progress_loops)++;
    if (*no_progress_loops > PA_MAX_RECLAIM_RETRIES)
        return false;
    unsigned flags = (alloc_flags & ~(unsigned)PA_ALLOC_WMARK_MASK) | PA_ALLOC_WMARK_MIN;
    for (int i = 0; i < nzones; i++) {
        const struct pa_zone *z = zones[i];
        if (z->type > highest)
            continue;
        struct pa_wmark_state st;
        pa_wmark_state_from_zone(z, &st);
        uint64_t mark = pa_wmark_mark(p, &st, PA_ALLOC_WMARK_MIN);
        st.free_pages += (int64_t)(reclaimable ? reclaimable[i] : 0);
        if (pa_watermark_ok(p, &st, order, mark, classzone, flags, NULL))
            return true;
    }
    return false;
}

/* The order-aware check of zone z at `which` mark for class zone index cz. */
static bool zone_ok(const struct pa_profile *p, const struct pa_zone *z, unsigned order,
                    unsigned which, int cz)
{
    struct pa_wmark_state st;
    pa_wmark_state_from_zone(z, &st);
    return pa_watermark_ok(p, &st, order, pa_wmark_mark(p, &st, which), cz, which, NULL);
}

static const struct pa_node *node_of(const struct pa_machine *m, int nid)
{
    for (int i = 0; i < m->nr_nodes; i++)
        if (m->nodes[i].id == nid)
            return &m->nodes[i];
    return m->nr_nodes ? &m->nodes[0] : NULL;
}

bool pa_pgdat_balanced(const struct pa_machine *m, int nid, unsigned order,
                       enum pa_zone_type classzone)
{
    const struct pa_profile *p = m->profile;
    const struct pa_node *nd = node_of(m, nid);
    if (!nd)
        return true;
    uint64_t managed = 0, balanced = 0;
    bool all = true, any = false;
    for (int i = 0; i < nd->nr_zones; i++) {
        const struct pa_zone *z = nd->zones[i];
        if (z->type > classzone || !z->managed)
            continue;
        managed += z->managed;
        /* 2.6.32 and 3.x test each zone for itself (class zone 0); 4.8+ with
           the request's class zone (V618 pgdat_balanced). */
        bool ok = zone_ok(p, z, order, PA_ALLOC_WMARK_HIGH,
                          p->slowpath.kswapd == PA_KSWAPD_NODE ? (int)classzone : 0);
        if (ok) {
            balanced += z->managed;
            any = true;
        } else {
            all = false;
        }
    }
    switch (p->slowpath.kswapd) {
    case PA_KSWAPD_2632:
        return all;
    case PA_KSWAPD_3X: /* V316 pgdat_balanced: 25% of the node for order > 0 */
        return order ? balanced >= managed / 4 && any : all;
    default:
        return any;
    }
}

bool pa_kswapd_should_wake(const struct pa_machine *m, int nid, unsigned order,
                           enum pa_zone_type classzone)
{
    const struct pa_profile *p = m->profile;
    const struct pa_node *nd = node_of(m, nid);
    if (!nd)
        return false;
    switch (p->slowpath.kswapd) {
    case PA_KSWAPD_2632: /* any zone failing the order-aware LOW check */
        for (int i = 0; i < nd->nr_zones; i++) {
            const struct pa_zone *z = nd->zones[i];
            if (z->type <= classzone && z->managed && !zone_ok(p, z, order, PA_ALLOC_WMARK_LOW, 0))
                return true;
        }
        return false;
    case PA_KSWAPD_3X: /* any zone not balanced at HIGH (zone_balanced) */
        for (int i = 0; i < nd->nr_zones; i++) {
            const struct pa_zone *z = nd->zones[i];
            if (z->type <= classzone && z->managed &&
                !zone_ok(p, z, order, PA_ALLOC_WMARK_HIGH, 0))
                return true;
        }
        return false;
    default: /* 4.8+: unless the node is balanced (a boosted zone is not, 5.0+) */
        for (int i = 0; i < nd->nr_zones; i++)
            if (nd->zones[i]->type <= classzone && nd->zones[i]->watermark_boost)
                return true;
        return !pa_pgdat_balanced(m, nid, order, classzone);
    }
}

bool pa_reclaim_lumpy(const struct pa_profile *p, unsigned order)
{
    return p->slowpath.lumpy_reclaim && order > PA_COSTLY_ORDER;
}
