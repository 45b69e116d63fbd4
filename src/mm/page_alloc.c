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
 * A failed fast path enters the slow path (slowpath() below, section 6):
 * the era's structure is read from profile->slowpath (compaction before or
 * after reclaim, should_alloc_retry or should_reclaim_retry and
 * should_compact_retry's priority escalation, where the OOM
 * attempt sits), the decisions from vmscan.c and oom_kill.c, the work from
 * the machine owner's operations (pagealloc/vmscan.h) and direct compaction
 * (pagealloc/compaction.h). The verdicts of the last attempt are in the
 * result: the kernel's report is printed right after it, with that state.
 */
#include <string.h>

#include "mm/internal.h"
#include "pagealloc/compaction.h"
#include "pagealloc/gfp.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/pcp.h"
#include "pagealloc/vmscan.h"

/* V2632 default_zonelist_order (mm/page_alloc.c, 2.6.21 - 3.15; the
   profile's zonelist_order says which form): zone order unless low memory
   (DMA, DMA32) is absent or more than half of all memory, or some node of
   above-average size (total / (nodes + 1)) is more than 70 % low memory;
   the 2.6.35 form also picks node order when some node has no Normal zone.
   Sizes are present pages (2.6.32; managed pages from 3.9, the same here). */
static bool zone_ordered(const struct pa_machine *m)
{
    enum pa_zonelist_order o = m->profile->zonelist_order;
    if (o == PA_ZONELIST_NODE || m->nr_nodes < 2)
        return false;
    uint64_t low = 0, total = 0;
    for (int k = 0; k < m->nr_nodes; k++) {
        const struct pa_node *nd = &m->nodes[k];
        bool normal = false;
        for (int i = 0; i < nd->nr_zones; i++) {
            const struct pa_zone *z = nd->zones[i];
            if (!z->present)
                continue;
            if (z->type < PA_ZONE_NORMAL)
                low += z->present;
            normal = normal || z->type == PA_ZONE_NORMAL;
            total += z->present;
        }
        if (!normal && o == PA_ZONELIST_AUTO_2635)
            return false;
    }
    if (!low || low > total / 2)
        return false;
    uint64_t average = total / (uint64_t)(m->nr_nodes + 1);
    for (int k = 0; k < m->nr_nodes; k++) {
        const struct pa_node *nd = &m->nodes[k];
        uint64_t nl = 0, nt = 0;
        for (int i = 0; i < nd->nr_zones; i++) {
            if (nd->zones[i]->type < PA_ZONE_NORMAL)
                nl += nd->zones[i]->present;
            nt += nd->zones[i]->present;
        }
        if (nl && nt > average && nl > nt * 70 / 100)
            return false;
    }
    return true;
}

/* build_zonelists (V2632 build_zonelists_in_node_order /
   build_zonelists_in_zone_order): the nodes local first, then the others in
   id order (all remote nodes are at the same distance: the engine has no
   SLIT table yet). Node order takes each node's zones highest first; zone
   order takes every node's zone of the highest type, then of the next. */
int pa_zonelist(struct pa_machine *m, int nid, struct pa_zone **out, int max)
{
    if (!m || !out || max <= 0)
        return 0;
    int n = 0, first = 0, order[PA_MAX_NODES], nn = 0;
    for (int k = 0; k < m->nr_nodes; k++)
        if (m->nodes[k].id == nid)
            first = k;
    order[nn++] = first;
    for (int k = 0; k < m->nr_nodes && nn < PA_MAX_NODES; k++)
        if (k != first)
            order[nn++] = k;
    if (!zone_ordered(m)) {
        for (int j = 0; j < nn; j++) {
            const struct pa_node *nd = &m->nodes[order[j]];
            for (int i = nd->nr_zones - 1; i >= 0 && n < max; i--)
                if (nd->zones[i]->managed)
                    out[n++] = nd->zones[i];
        }
        return n;
    }
    for (int t = PA_ZONE_TYPES - 1; t >= 0; t--)
        for (int j = 0; j < nn; j++) {
            const struct pa_node *nd = &m->nodes[order[j]];
            for (int i = nd->nr_zones - 1; i >= 0 && n < max; i--)
                if ((int)nd->zones[i]->type == t && nd->zones[i]->managed)
                    out[n++] = nd->zones[i];
        }
    return n;
}

/* The zonelist of node nid from the machine's cache (built on first use):
   the fast and slow paths, direct compaction and direct reclaim walk it. */
int pa_zonelist_cached(struct pa_machine *m, int nid, struct pa_zone **out)
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

/* What the slow path works with: the request and its derived facts. */
struct slow_ctx {
    struct pa_machine *m;
    const struct pa_alloc_request *rq;
    struct pa_alloc_result *res;
    struct pa_zone **zl;
    int nz, classzone, nid;
    enum pa_zone_type highest;
    enum pa_migratetype mt;
    uint8_t *slow;                 /* verdicts of the latest attempt             */
    int compact_result;            /* of the last direct compaction (compaction.h) */
};

/* One attempt (get_page_from_freelist) with fresh verdicts. */
static bool attempt(struct slow_ctx *c, unsigned flags)
{
    memset(c->slow, PA_ZV_NOT_TRIED, (size_t)c->nz);
    return freelist_walk(c->m, c->zl, c->nz, c->rq->order, c->mt, c->highest, c->classzone,
                         flags, c->rq->cpu, c->slow, c->res);
}

static void wake_all_kswapds(struct slow_ctx *c)
{
    const struct pa_slowpath_ops *ops = c->m->slowpath_ops;
    int done[PA_MAX_NODES], n = 0;
    for (int i = 0; i < c->nz; i++) {
        int nid = c->zl[i]->node;
        bool seen = false;
        for (int k = 0; k < n; k++)
            seen = seen || done[k] == nid;
        if (seen || n == PA_MAX_NODES)
            continue;
        done[n++] = nid;
        /* the request's highest zone, not the preferred zone's class:
           V2632 wake_all_kswapd walks the zonelist up to high_zoneidx, V618
           wakeup_kswapd gets ac->highest_zoneidx; a node without the
           preferred node's lower zones is woken for its Normal zone too */
        enum pa_zone_type cz = c->highest;
        if (!pa_wakeup_kswapd(c->m, nid, c->rq->order, cz)) {
            /* 4.17+ wakeup_kswapd: on a balanced (or hopeless) node a request
               that cannot direct-reclaim wakes kcompactd instead: the memory
               may be free but too fragmented (V618 mm/vmscan.c) */
            if (c->m->profile->compaction.kcompactd_when_balanced && c->rq->order &&
                !pa_gfp_can_direct_reclaim(c->m->profile, c->rq->gfp))
                pa_wakeup_kcompactd(c->m, nid, c->rq->order, (int)cz);
            continue;
        }
        c->res->kswapd_wakeups++;
        if (ops && ops->wakeup_kswapd)
            ops->wakeup_kswapd(c->m->slowpath_ctx, c->m, nid, c->rq->order, cz);
    }
}

static uint64_t direct_reclaim(struct slow_ctx *c)
{
    const struct pa_profile *pr = c->m->profile;
    const struct pa_slowpath_ops *ops = c->m->slowpath_ops;
    struct pa_reclaim_ctl rc = {
        .gfp = c->rq->gfp,
        .order = c->rq->order,
        .nid = c->nid,
        .highest_zone = c->highest,
        .nr_to_reclaim = PA_SWAP_CLUSTER_MAX,
        .may_swap = pa_gfp_has(pr, c->rq->gfp, PA_GFP_IO),
        .may_writepage = pa_gfp_has(pr, c->rq->gfp, PA_GFP_FS),
        .lumpy = pa_reclaim_lumpy(pr, c->rq->order),
    };
    uint64_t got = ops && ops->reclaim ? ops->reclaim(c->m->slowpath_ctx, c->m, &rc)
                                       : pa_try_to_free_pages(c->m, &rc);
    c->res->reclaim_rounds++;
    c->res->reclaimed += got;
    return got;
}

static bool direct_compact(struct slow_ctx *c, unsigned flags, enum pa_compact_priority prio)
{
    const struct pa_profile *pr = c->m->profile;
    c->compact_result = PA_COMPACT_SKIPPED;
    if (!pr->slowpath.direct_compaction || !c->rq->order ||
        !pa_gfp_can_compact(pr, c->rq->gfp))
        return false;
    c->res->compactions++;
    struct pa_zone *zone = NULL;
    int r = pa_try_to_compact_pages(c->m, c->nid, c->rq->order, flags, c->mt, (int)c->highest,
                                    prio, &zone);
    c->compact_result = r < 0 ? PA_COMPACT_SKIPPED : r;
    if (r < 0 || !pa_compact_tries_freelist(pr, r))
        return false;
    bool ok = attempt(c, flags);
    pa_compact_account(c->m, ok);
    return ok;
}

/* V618 compaction_zonelist_suitable: would some zone pass
   __compaction_suitable's order-0 check (LOW above order 3, else MIN, plus
   compact_gap(order), CMA allowed) if reclaim freed rec[i] / order pages? */
static bool compaction_zonelist_suitable(struct slow_ctx *c, const uint64_t *rec)
{
    const struct pa_profile *pr = c->m->profile;
    unsigned order = c->rq->order;
    for (int i = 0; i < c->nz; i++) {
        const struct pa_zone *z = c->zl[i];
        if (z->type > c->highest)
            continue;
        struct pa_wmark_state s;
        pa_wmark_state_from_zone(z, &s);
        s.free_pages += (int64_t)(rec[i] / order);
        uint64_t mark = (order > PA_COSTLY_ORDER ? s.watermark[PA_WMARK_LOW]
                                                 : s.watermark[PA_WMARK_MIN]) +
                        s.boost + pa_compact_gap(order);
        if (pa_watermark_ok(pr, &s, 0, (unsigned long)mark, (int)c->highest, PA_ALLOC_CMA, NULL))
            return true;
    }
    return false;
}

/* V618 should_compact_retry (4.7+ slow path, kernel-semantics 6.4): after
   a skipped compaction retry while reclaim could make a zone suitable; after
   a success that the allocation lost, retry up to MAX_COMPACT_RETRIES (16, a
   quarter above order 3); after a failure raise the priority - ASYNC, then
   SYNC_LIGHT, then (orders up to 3 only: MIN_COMPACT_COSTLY_PRIORITY)
   SYNC_FULL - restarting the count. The 4.7 - 5.x form differed in how it
   told "withdrawn" results from failures (UNVERIFIED per release): the V618
   form is used for every era with this slow path. */
static bool should_compact_retry(struct slow_ctx *c, enum pa_compact_priority *prio,
                                 int *retries, const uint64_t *rec)
{
    unsigned order = c->rq->order;
    if (!order)
        return false;
    if (c->compact_result == PA_COMPACT_SKIPPED)
        return compaction_zonelist_suitable(c, rec);
    if (c->compact_result == PA_COMPACT_SUCCESS) {
        int max_retries = PA_MAX_COMPACT_RETRIES;
        if (order > PA_COSTLY_ORDER)
            max_retries /= 4;
        if (++*retries <= max_retries)
            return true;
    }
    enum pa_compact_priority min_prio =
        order > PA_COSTLY_ORDER ? PA_COMPACT_PRIO_SYNC_LIGHT : PA_COMPACT_PRIO_SYNC_FULL;
    if (*prio > min_prio) {
        (*prio)--;
        *retries = 0;
        return true;
    }
    return false;
}

/* __alloc_pages_may_oom: the last attempt at HIGH, then the killer.
   Returns 1 allocated, 0 something was killed, -1 nothing to kill. */
static int may_oom(struct slow_ctx *c, unsigned flags)
{
    const struct pa_slowpath_ops *ops = c->m->slowpath_ops;
    unsigned high = (flags & ~(unsigned)(PA_ALLOC_WMARK_MASK | PA_ALLOC_NO_WATERMARKS)) |
                    PA_ALLOC_WMARK_HIGH | PA_ALLOC_CPUSET;
    if (attempt(c, high))
        return 1;
    c->res->oom_calls++;
    struct pa_oom_ctl oc = {c->rq->gfp, c->rq->order, c->nid, c->highest, c->rq->cpu};
    if (!ops || !ops->out_of_memory || !ops->out_of_memory(c->m->slowpath_ctx, c->m, &oc))
        return -1;
    c->res->oom_kills++;
    return 0;
}

static void drain_all_pages(struct pa_machine *m)
{
    if (!m->pcp)
        return;
    for (int cpu = 0; cpu < m->pcp->nr_cpus; cpu++)
        pa_pcp_drain(m, cpu);
}

/* __alloc_pages_slowpath of the era (kernel-semantics 6.2 - 6.4). The last
   thing before a PA_ENOMEM return is always a zonelist walk, so the verdicts
   in the result describe the state the kernel's report shows. */
static int slowpath(struct slow_ctx *c, const struct pa_alloc_ctx *actx)
{
    struct pa_machine *m = c->m;
    const struct pa_profile *pr = m->profile;
    const struct pa_profile_slowpath *sp = &pr->slowpath;
    const struct pa_slowpath_ops *ops = m->slowpath_ops;
    uint64_t gfp = c->rq->gfp;
    unsigned order = c->rq->order;
    bool can_reclaim = pa_gfp_can_direct_reclaim(pr, gfp);
    bool costly = order > PA_COSTLY_ORDER;
    bool noretry = pa_gfp_has(pr, gfp, PA_GFP_NORETRY);
    bool nofail = pa_gfp_has(pr, gfp, PA_GFP_NOFAIL);
    bool mayfail = pa_gfp_has(pr, gfp, PA_GFP_REPEAT) || pa_gfp_has(pr, gfp, PA_GFP_RETRY_MAYFAIL);
    /* __alloc_pages_may_oom tests the request's highest zone (high_zoneidx) */
    enum pa_zone_type cz = c->highest;
    int no_progress_loops = 0, compaction_retries = 0;
    enum pa_compact_priority prio = PA_COMPACT_PRIO_ASYNC;

    unsigned flags = pa_gfp_to_alloc_flags_ctx(pr, gfp, order, true, actx);
    c->res->kswapd_wakeups = c->res->reclaim_rounds = c->res->compactions = 0;
    c->res->oom_calls = c->res->oom_kills = c->res->retries = 0;
    c->res->reclaimed = 0;
    c->res->nopage = PA_NOPAGE_NONE;
    c->res->slow_path = true;
    c->res->alloc_flags = flags;
    if (pa_gfp_can_wake_kswapd(pr, gfp))
        wake_all_kswapds(c);
    if (attempt(c, flags))
        return PA_OK;
    /* 4.7+: one async compaction before reclaim for costly or unmovable
       high-order requests (6.4) */
    if (can_reclaim && sp->compact_each_retry && order &&
        (costly || c->mt != PA_MT_MOVABLE)) {
        if (direct_compact(c, flags, PA_COMPACT_PRIO_ASYNC))
            return PA_OK;
    }
    for (int loop = 0;; loop++) {
        if (loop) {
            c->res->retries++;
            if (pa_gfp_can_wake_kswapd(pr, gfp))
                wake_all_kswapds(c);
            if (attempt(c, flags))
                return PA_OK;
        }
        if (loop >= PA_SLOWPATH_MAX_LOOPS) {
            c->res->nopage = PA_NOPAGE_LOOP_CAP;
            return PA_ENOMEM;
        }
        if (!can_reclaim) {
            c->res->nopage = PA_NOPAGE_ATOMIC;
            return PA_ENOMEM;
        }
        /* <= 4.6: compaction before reclaim (RHEL6, 3.x, 4.4; 6.2, 6.3) */
        if (!sp->compact_each_retry && direct_compact(c, flags, prio))
            return PA_OK;
        uint64_t progress = direct_reclaim(c);
        if (attempt(c, flags))
            return PA_OK;
        if (progress) { /* drain the per-CPU lists and try once more */
            drain_all_pages(m);
            if (attempt(c, flags))
                return PA_OK;
        }
        if (sp->compact_each_retry) {
            /* ---- 4.7+ (V419, V618) ---- */
            if (direct_compact(c, flags, prio))
                return PA_OK;
            if (noretry) {
                c->res->nopage = PA_NOPAGE_NORETRY;
                return PA_ENOMEM;
            }
            if (costly && !mayfail && !nofail) {
                c->res->nopage = PA_NOPAGE_COSTLY;
                return PA_ENOMEM;
            }
            uint64_t rec[PA_MAX_ZONES] = {0};
            for (int i = 0; i < c->nz; i++)
                rec[i] = ops && ops->zone_reclaimable
                             ? ops->zone_reclaimable(m->slowpath_ctx, m, c->zl[i])
                             : pa_zone_reclaimable_pages(m, c->zl[i]);
            if (pa_should_reclaim_retry(pr, c->zl, rec, c->nz, c->highest, c->classzone, order,
                                        flags, progress, &no_progress_loops))
                continue;
            /* retrying compaction needs order-0 progress of reclaim (V618) */
            if (progress && pa_gfp_can_compact(pr, gfp) &&
                should_compact_retry(c, &prio, &compaction_retries, rec))
                continue;
            if (pa_oom_allowed(pr, gfp, order, cz)) {
                int o = may_oom(c, flags);
                if (o > 0)
                    return PA_OK;
                if (o == 0) {
                    no_progress_loops = 0;
                    continue;
                }
                c->res->nopage = PA_NOPAGE_OOM_NONE;
            } else {
                c->res->nopage = PA_NOPAGE_NO_RETRY;
            }
            if (nofail)
                continue;
            break;
        }
        /* ---- 2.6.32 - 4.6 (V2632, RHEL6, V316, V44) ---- */
        if (!sp->oom_after_retry && !progress && pa_gfp_has(pr, gfp, PA_GFP_FS) && !noretry) {
            if (pa_oom_allowed(pr, gfp, order, cz)) {
                int o = may_oom(c, flags);
                if (o > 0)
                    return PA_OK;
                if (o == 0)
                    continue; /* "goto restart" */
                c->res->nopage = PA_NOPAGE_OOM_NONE;
            }
            if (costly && !nofail) {
                c->res->nopage = c->res->nopage ? c->res->nopage : PA_NOPAGE_COSTLY;
                break;
            }
            if (c->res->nopage == PA_NOPAGE_OOM_NONE && !nofail)
                break;
            continue;
        }
        if (pa_should_alloc_retry(pr, gfp, order, progress, c->res->reclaimed))
            continue;
        if (sp->oom_after_retry && !noretry && pa_oom_allowed(pr, gfp, order, cz)) {
            int o = may_oom(c, flags); /* 4.4: the OOM attempt after the retry rule */
            if (o > 0)
                return PA_OK;
            if (o == 0)
                continue;
            c->res->nopage = PA_NOPAGE_OOM_NONE;
            break;
        }
        c->res->nopage = noretry ? PA_NOPAGE_NORETRY
                         : costly ? PA_NOPAGE_COSTLY
                                  : PA_NOPAGE_NO_RETRY;
        /* era A/B: one more compaction, sync-light, when giving up (6.2) */
        if (direct_compact(c, flags, PA_COMPACT_PRIO_SYNC_LIGHT))
            return PA_OK;
        break;
    }
    /* the report's state is the last attempt's */
    if (!attempt(c, flags))
        return PA_ENOMEM;
    c->res->nopage = PA_NOPAGE_NONE;
    return PA_OK;
}

const char *pa_nopage_reason_name(enum pa_nopage_reason r)
{
    static const char *const names[] = {"none",     "atomic",   "noretry", "costly",
                                        "no-retry", "oom-none", "loop-cap"};
    return (unsigned)r < sizeof names / sizeof names[0] ? names[r] : "?";
}

/* What the request's mask and node decide before the walk: gfp_zone, the
   migratetype, the class zone and the fast path's ALLOC flags with their
   context (the preferred node's populated zones, NUMA or not). A pure
   function of (mask, node, profile, mobility_disabled), so it is kept in the
   machine per key (8 slots, one per hash of mask and node): the simulator
   asks with a handful of masks, and the derivation was some 250
   instructions of every allocation (docs/performance.md). The caller copies
   what it needs: a nested allocation (reclaim's owner) may reuse the slot. */
static const struct pa_alloc_decode *decode_request(struct pa_machine *m, uint64_t gfp, int rnid)
{
    const struct pa_profile *pr = m->profile;
    uint64_t key = gfp * 0x9e3779b97f4a7c15ull ^ (uint64_t)(unsigned)rnid * 0xff51afd7ed558ccdull;
    struct pa_alloc_decode *d = &m->alloc_decode[key >> 61];
    if (d->valid && d->gfp == gfp && d->nid == rnid && d->profile == pr &&
        d->mobility_disabled == m->mobility_disabled)
        return d;

    struct pa_zone *zl[PA_MAX_ZONES];
    enum pa_zone_type highest = pa_gfp_zone(pr, gfp);
    enum pa_migratetype mt = m->mobility_disabled ? PA_MT_UNMOVABLE : pa_gfp_migratetype(pr, gfp);
    int nz = pa_zonelist_cached(m, rnid < 0 ? m->nodes[0].id : rnid, zl);
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

    d->gfp = gfp;
    d->nid = rnid;
    d->profile = pr;
    d->mobility_disabled = m->mobility_disabled;
    d->highest = (uint8_t)highest;
    d->mt = (uint8_t)mt;
    d->classzone = (int)pa_gfp_classzone_of(pr, highest, populated);
    /* the fast path's flags do not depend on the order (gfp.c fast_path_flags) */
    d->flags = pa_gfp_to_alloc_flags_ctx(pr, gfp, 0, false, &ctx);
    d->preferred_zone = (uint8_t)ctx.preferred_zone;
    d->numa = ctx.numa;
    d->dma32_populated = ctx.dma32_populated;
    d->valid = true;
    return d;
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
    if (rq->order > m->max_order)
        return PA_EORDER;
    /* The GFP mask is decoded once per request: its zone, migratetype, class
       zone and the fast path's ALLOC flags (decode_request, kept per mask and
       node); the slow path's flags only when the fast path failed. */
    const struct pa_alloc_decode *d = decode_request(m, rq->gfp, rq->nid);
    enum pa_zone_type highest = (enum pa_zone_type)d->highest;
    enum pa_migratetype mt = (enum pa_migratetype)d->mt;
    int classzone = d->classzone;
    unsigned flags = d->flags;
    struct pa_alloc_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.preferred_zone = (enum pa_zone_type)d->preferred_zone;
    ctx.numa = d->numa;
    ctx.dma32_populated = d->dma32_populated;
    res->migratetype = mt;
    res->highest_zone = highest;
    int nz = pa_zonelist_cached(m, rq->nid < 0 ? m->nodes[0].id : rq->nid, zl);

    uint8_t fast[PA_MAX_ZONES], slow[PA_MAX_ZONES];
    memset(fast, PA_ZV_NOT_TRIED, (size_t)nz);
    for (;;) {
        if (freelist_walk(m, zl, nz, rq->order, mt, highest, classzone, flags, rq->cpu, fast,
                          res))
            return alloc_done(m, rq, res);
        if (!(flags & PA_ALLOC_NOFRAGMENT))
            break;
        flags &= ~(unsigned)PA_ALLOC_NOFRAGMENT;
    }
    int nid = rq->nid < 0 ? m->nodes[0].id : rq->nid;
    struct slow_ctx c = {m, rq, res, zl, nz, classzone, nid, highest, mt, slow, PA_COMPACT_SKIPPED};
    int rc = slowpath(&c, &ctx);
    if (rc == PA_OK)
        return alloc_done(m, rq, res);
    /* Failed: why, zone by zone, in zonelist order (the last attempt's). */
    res->nzones = nz;
    for (int i = 0; i < nz; i++) {
        res->zones[i].zone = zl[i];
        res->zones[i].fast = (enum pa_zone_verdict)fast[i];
        res->zones[i].slow = (enum pa_zone_verdict)slow[i];
    }
    return rc;
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
