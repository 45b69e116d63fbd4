/*
 * kcompactd.c - background compaction (pagealloc/compaction.h;
 * kernel-semantics 7.5) and the compaction: tracepoints as engine events.
 *
 * kcompactd (4.6+, V618 mm/compaction.c kcompactd, kcompactd_do_work,
 * wakeup_kcompactd, kcompactd_node_suitable): one per node, woken by kswapd
 * when it goes to sleep on a balanced node after a high-order request
 * (V618 mm/vmscan.c kswapd_try_to_sleep), it compacts each zone up to the
 * highest zone asked for the largest order asked, at MIGRATE_SYNC_LIGHT, as
 * for a GFP_KERNEL (unmovable) request.
 *
 * Proactive compaction (5.9+, V618 should_proactive_compact_node,
 * compact_node(pgdat, true), fragmentation_score_node / _zone /
 * fragmentation_score_wmark): every HPAGE_FRAG_CHECK_INTERVAL_MSEC kcompactd
 * wakes, and if the node's score is above the high mark it compacts every
 * zone, whole, until the zone's own score is at most the low mark; no
 * progress backs it off 64 intervals. The engine has no clock: the owner
 * (the simulator) calls pa_kcompactd_proactive once per interval.
 *
 * 4.17+ (profile kcompactd_when_balanced): wakeup_kswapd on a balanced or
 * hopeless node wakes kcompactd for a request that cannot direct-reclaim
 * (page_alloc.c wake_all_kswapds), and a failed zone drains the per-CPU lists.
 *
 * 5.0+ (with watermark boosting): kswapd wakes kcompactd for pageblock_order
 * after boosted reclaim (vmscan.c pa_kswapd_run, V50 balance_pgdat).
 *
 * Not modelled: kcompactd woken by writing vm.compaction_proactiveness (5.15+ proactive_compact_trigger); kswapd's own
 * compaction before 4.6 (balance_pgdat's compact_pgdat, 3.x).
 */
#include "pagealloc/compaction.h"
#include "pagealloc/events.h"
#include "pagealloc/fragindex.h"
#include "pagealloc/pcp.h"
#include "mm/internal.h"

const char *pa_compact_origin_name(enum pa_compact_origin o)
{
    static const char *const names[PA_COMPACT_ORIGIN_COUNT] = {
        "caller", "direct", "compact_memory", "kcompactd", "proactive"};
    return (unsigned)o < PA_COMPACT_ORIGIN_COUNT ? names[o] : "?";
}

/* ---- events --------------------------------------------------------------------- */

static void ev_init(struct pa_event *ev, enum pa_event_type type, const struct pa_zone *z,
                    unsigned order)
{
    *ev = (struct pa_event){0};
    ev->type = type;
    ev->migratetype = -1;
    ev->cpu = -1;
    ev->zone = z;
    ev->order = order;
}

void pa_compact_trace_run(struct pa_machine *m, const struct pa_zone *z,
                          const struct pa_compact_control *cc, enum pa_event_type type,
                          int status)
{
    struct pa_event ev;
    ev_init(&ev, type, z, (unsigned)cc->order);
    ev.pfn = cc->migrate_pfn;
    ev.migratetype = (int)cc->migratetype;
    ev.compact.zone_start = z->start_pfn;
    ev.compact.zone_end = pa_zone_end_pfn(z);
    ev.compact.migrate_pfn = cc->migrate_pfn;
    ev.compact.free_pfn = cc->free_pfn;
    ev.compact.sync = (int)cc->mode;
    ev.compact.origin = (int)cc->origin;
    ev.compact.status = status;
    m->event_cb(m->event_ctx, &ev);
}

void pa_compact_trace_isolate(struct pa_machine *m, const struct pa_zone *z,
                              enum pa_event_type type, uint64_t start, uint64_t end,
                              uint64_t scanned, uint64_t taken)
{
    struct pa_event ev;
    ev_init(&ev, type, z, 0);
    ev.pfn = start;
    ev.isolate.start_pfn = start;
    ev.isolate.end_pfn = end;
    ev.isolate.nr_scanned = scanned;
    ev.isolate.nr_taken = taken;
    m->event_cb(m->event_ctx, &ev);
}

void pa_compact_trace_migrate(struct pa_machine *m, const struct pa_zone *z,
                              const struct pa_compact_control *cc, uint64_t migrated,
                              uint64_t failed)
{
    struct pa_event ev;
    ev_init(&ev, PA_EV_COMPACTION_MIGRATEPAGES, z, (unsigned)cc->order);
    ev.migratepages.nr_migrated = migrated;
    ev.migratepages.nr_failed = failed;
    m->event_cb(m->event_ctx, &ev);
}

void pa_compact_trace_defer(struct pa_machine *m, const struct pa_zone *z,
                            enum pa_event_type type, unsigned order)
{
    struct pa_event ev;
    ev_init(&ev, type, z, order);
    ev.defer.considered = z->compact.considered;
    ev.defer.defer_shift = z->compact.defer_shift;
    ev.defer.order_failed = z->compact.order_failed;
    m->event_cb(m->event_ctx, &ev);
}

/* ---- kcompactd ------------------------------------------------------------------ */

static struct pa_node *node_by_id(struct pa_machine *m, int nid)
{
    for (int i = 0; i < m->nr_nodes; i++)
        if (m->nodes[i].id == nid)
            return &m->nodes[i];
    return NULL;
}

unsigned pa_compact_zone_score(const struct pa_zone *z)
{
    if (!z || !z->machine)
        return 0;
    uint64_t nr_free[PA_ORDER_CAP + 1];
    for (unsigned o = 0; o <= z->machine->max_order; o++)
        nr_free[o] = z->free_area[o].nr_free;
    return pa_extfrag_for_order(nr_free, z->machine->max_order, z->machine->pageblock_order);
}

static enum pa_compact_result suitable_at_min(const struct pa_machine *m,
                                              const struct pa_zone *z, unsigned order,
                                              int highest_zoneidx)
{
    struct pa_wmark_state s;
    pa_wmark_state_from_zone(z, &s);
    return pa_compaction_suitable(m->profile, &s, order, highest_zoneidx, PA_ALLOC_WMARK_MIN,
                                  false, m->extfrag_threshold);
}

/* V618 kcompactd_node_suitable */
static bool node_suitable(const struct pa_machine *m, const struct pa_node *nd)
{
    for (int k = 0; k < nd->nr_zones; k++) {
        const struct pa_zone *z = nd->zones[k];
        if ((int)z->type > nd->kcompactd.highest_zoneidx || !z->present)
            continue;
        if (suitable_at_min(m, z, nd->kcompactd.max_order, nd->kcompactd.highest_zoneidx) ==
            PA_COMPACT_CONTINUE)
            return true;
    }
    return false;
}

bool pa_wakeup_kcompactd(struct pa_machine *m, int nid, unsigned order, int highest_zoneidx)
{
    if (!m || !order || order > m->max_order || !m->profile->compaction.kcompactd ||
        highest_zoneidx < 0 || highest_zoneidx >= PA_ZONE_TYPES)
        return false;
    struct pa_node *nd = node_by_id(m, nid);
    if (!nd)
        return false;
    struct pa_kcompactd *k = &nd->kcompactd;
    /* max_order 0: nothing asked since the last run (kcompactd_max_order = 0,
       kcompactd_highest_zoneidx = nr_zones - 1 after kcompactd_do_work) */
    if (!k->max_order || highest_zoneidx < k->highest_zoneidx)
        k->highest_zoneidx = highest_zoneidx;
    if (k->max_order < order)
        k->max_order = order;
    if (k->awake || !node_suitable(m, nd))
        return k->awake;
    k->awake = true;
    if (PA_EVENTS_ON(m)) {
        struct pa_event ev;
        const struct pa_zone *top = NULL;
        for (int i = 0; i < nd->nr_zones; i++)
            if ((int)nd->zones[i]->type <= highest_zoneidx)
                top = nd->zones[i];
        ev_init(&ev, PA_EV_KCOMPACTD_WAKE, top, order);
        ev.kcompactd.nid = nid;
        ev.kcompactd.highest_zoneidx = highest_zoneidx;
        m->event_cb(m->event_ctx, &ev);
    }
    return true;
}

void pa_kswapd_sleep_compaction(struct pa_machine *m, int nid, unsigned order,
                                int highest_zoneidx)
{
    if (!m || m->profile->compaction.rule == PA_COMPACT_NONE)
        return;
    struct pa_node *nd = node_by_id(m, nid);
    if (!nd)
        return;
    /* V618 reset_isolation_suitable: zones where a direct compactor finished
       a pass forget their skip hints and cached scanner positions, as the
       era's __reset_isolation_suitable does it */
    for (int i = 0; i < nd->nr_zones; i++) {
        struct pa_zone *z = nd->zones[i];
        if (z->compact.blockskip_flush && z->spanned)
            pa_reset_isolation_suitable(z);
    }
    if (order)
        pa_wakeup_kcompactd(m, nid, order, highest_zoneidx);
}

static void count_daemon(struct pa_machine *m, const struct pa_compact_control *cc)
{
    m->compact_stats.compact_daemon_migrate_scanned += cc->migrate_scanned;
    m->compact_stats.compact_daemon_free_scanned += cc->free_scanned;
}

uint64_t pa_kcompactd_run(struct pa_machine *m, int nid)
{
    if (!m || !m->profile->compaction.kcompactd)
        return 0;
    struct pa_node *nd = node_by_id(m, nid);
    if (!nd || !nd->kcompactd.awake)
        return 0;
    struct pa_kcompactd *k = &nd->kcompactd;
    k->awake = false;
    unsigned order = k->max_order;
    int highest = k->highest_zoneidx;
    uint64_t moved = 0;
    m->compact_stats.compact_daemon_wake++;
    for (int i = 0; i < nd->nr_zones && order; i++) {
        struct pa_zone *z = nd->zones[i];
        if ((int)z->type > highest || !z->present)
            continue;
        if (pa_compaction_deferred(&z->compact, order)) {
            if (PA_EVENTS_ON(m))
                pa_compact_trace_defer(m, z, PA_EV_COMPACTION_DEFERRED, order);
            continue;
        }
        if (suitable_at_min(m, z, order, (int)z->type) != PA_COMPACT_CONTINUE)
            continue;
        struct pa_compact_control cc = {
            .order = (int)order,
            .mode = PA_MIGRATE_SYNC_LIGHT,
            .migratetype = PA_MT_UNMOVABLE, /* gfp_migratetype(GFP_KERNEL) */
            .alloc_flags = PA_ALLOC_WMARK_MIN,
            .classzone_idx = highest,
            .unevictable_allowed = m->compact_unevictable_allowed,
            .origin = PA_COMPACT_BY_KCOMPACTD,
        };
        enum pa_compact_result r = pa_compact_zone(z, &cc);
        if (r == PA_COMPACT_SUCCESS) {
            pa_compaction_defer_reset(&z->compact, order, false);
        } else if (r == PA_COMPACT_COMPLETE || r == PA_COMPACT_PARTIAL_SKIPPED) {
            /* 4.17+: buddy pages stranded on per-CPU lists go back
               (drain_all_pages(zone); here every zone of the CPUs),
               and the zone is deferred as after sync direct compaction */
            if (m->pcp && m->profile->compaction.kcompactd_when_balanced)
                for (int cpu = 0; cpu < m->pcp->nr_cpus; cpu++)
                    pa_pcp_drain(m, cpu);
            pa_defer_compaction(&z->compact, order);
            if (PA_EVENTS_ON(m))
                pa_compact_trace_defer(m, z, PA_EV_COMPACTION_DEFER, order);
        }
        count_daemon(m, &cc);
        moved += cc.migrated;
    }
    if (k->max_order <= order)
        k->max_order = 0;
    if (k->highest_zoneidx >= highest)
        k->highest_zoneidx = PA_ZONE_TYPES - 1;
    return moved;
}

bool pa_kcompactd_proactive(struct pa_machine *m, int nid, uint64_t *migrated)
{
    if (migrated)
        *migrated = 0;
    if (!m || !m->profile->compaction.kcompactd || !m->profile->compaction.proactive)
        return false;
    struct pa_node *nd = node_by_id(m, nid);
    if (!nd)
        return false;
    if (nd->kcompactd.proactive_defer) {
        nd->kcompactd.proactive_defer--;
        return false;
    }
    /* should_proactive_compact_node: not when disabled or kswapd runs */
    if (!m->compaction_proactiveness || nd->kswapd.awake)
        return false;
    unsigned high;
    pa_compact_proactive_wmarks(m->compaction_proactiveness, NULL, &high);
    unsigned prev = pa_compact_node_score(m, nid);
    if (prev <= high)
        return false;
    uint64_t moved = 0;
    for (int i = 0; i < nd->nr_zones; i++) {
        struct pa_zone *z = nd->zones[i];
        if (!z->present)
            continue;
        struct pa_compact_control cc = {
            .order = -1,
            .mode = PA_MIGRATE_SYNC_LIGHT,
            .migratetype = PA_MT_UNMOVABLE,
            .whole_zone = true,
            .ignore_skip_hint = true,
            .unevictable_allowed = m->compact_unevictable_allowed,
            .origin = PA_COMPACT_BY_PROACTIVE,
        };
        pa_compact_zone(z, &cc);
        count_daemon(m, &cc);
        moved += cc.migrated;
    }
    /* no progress: the next check comes 64 intervals later
       (default_timeout << COMPACT_MAX_DEFER_SHIFT) */
    if (pa_compact_node_score(m, nid) >= prev)
        nd->kcompactd.proactive_defer = (1u << PA_COMPACT_MAX_DEFER_SHIFT) - 1;
    if (migrated)
        *migrated = moved;
    return true;
}
