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
#include <string.h>

#include "mm/internal.h"
#include "pagealloc/compaction.h"
#include "pagealloc/events.h"
#include "pagealloc/gfp.h"
#include "pagealloc/lru.h"
#include "pagealloc/pageops.h"
#include "pagealloc/pfnlist.h"
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
    /* read in place (watermark.h): building a wmark state per call was 10 %
       of filling a 128 GiB machine, where every allocation below LOW wakes
       kswapd */
    return pa_zone_watermark_ok(p, z, order, pa_zone_wmark_mark(p, z, which), cz, which, NULL);
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

/* ---- reclaim on the engine's LRU lists ------------------------------------------------ */

static const struct pa_node *node_mut(struct pa_machine *m, int nid)
{
    return node_of(m, nid);
}

static uint64_t swap_free(const struct pa_machine *m)
{
    const struct pa_slowpath_ops *ops = m->slowpath_ops;
    return ops && ops->nr_swap_free ? ops->nr_swap_free(m->slowpath_ctx, m) : 0;
}

static uint64_t isqrt(uint64_t v)
{
    uint64_t r = 0;
    while ((r + 1) * (r + 1) <= v)
        r++;
    return r;
}

/* inactive_list_is_low (V44/V419): the inactive list is smaller than the
   active one divided by inactive_ratio = sqrt(10 * GB of the list pair) for
   anon (and, 4.10+, file; 1 below 1 GB), 1 for file before. */
static bool inactive_is_low(const struct pa_machine *m, const struct pa_lruvec *lv, bool file)
{
    uint64_t inact = lv->nr_pages[file ? PA_LRU_INACTIVE_FILE : PA_LRU_INACTIVE_ANON];
    uint64_t act = lv->nr_pages[file ? PA_LRU_ACTIVE_FILE : PA_LRU_ACTIVE_ANON];
    uint64_t gb = ((inact + act) << m->page_shift) >> 30;
    uint64_t ratio = file || !gb ? 1 : isqrt(10 * gb);
    return inact * ratio < act;
}

static bool page_is_anon(const struct pa_page *pg)
{
    return pg->kind == PA_KIND_ANON || (pg->flags & PA_PG_SWAPBACKED);
}

/* page_referenced's answer for the page tables: the young bit, tested and
   cleared (V2632 / RHEL6 mm/rmap.c page_referenced_one:
   ptep_clear_flush_young). */
static bool test_clear_young(struct pa_page *pg)
{
    bool young = pg->flags & PA_PG_YOUNG;
    pg->flags &= (uint16_t)~PA_PG_YOUNG;
    return young;
}

/* shrink_active_list (2.6.32-642.6.2.el6 mm/vmscan.c; the same in V316 /
   V44 / V618): nr pages from the active tail go to the inactive head.
   A page whose ptes were young counts as rotated (recent_rotated, "even
   though only some of them are actually re-activated": executable file
   mappings stay active, and the model has none); its PG_referenced stays,
   so a deactivated page in use is found again quickly. Every page taken
   counts as scanned (recent_scanned) and in pgrefill. */
static uint64_t shrink_active(struct pa_machine *m, struct pa_lruvec *lv, bool file, uint64_t nr)
{
    enum pa_lru_list lru = file ? PA_LRU_ACTIVE_FILE : PA_LRU_ACTIVE_ANON;
    uint64_t done = 0, rotated = 0;
    while (done < nr) {
        uint32_t pfn = lv->lists[lru].tail;
        if (pfn == PA_PFN_NONE)
            break;
        struct pa_page *pg = &m->pages[pfn];
        bool young = test_clear_young(pg);
        uint16_t ref = pg->flags & PA_PG_REFERENCED;
        if (pa_lru_deactivate(m, pfn) != PA_OK)
            break;
        pg->flags |= ref;
        rotated += young;
        done++;
    }
    lv->recent_scanned[file] += done;
    if (m->profile->reclaim.scan_balance != PA_BALANCE_COST)
        lv->recent_rotated[file] += rotated; /* 5.8+: "deactivations shouldn't
                                                bias the LRU balance" */
    return done;
}

enum page_refs { REF_RECLAIM, REF_RECLAIM_CLEAN, REF_KEEP, REF_ACTIVATE };

/* page_check_references (2.6.32-642.6.2.el6 mm/vmscan.c; V316, V44 alike):
   young ptes activate an anon page; a mapped file page is marked referenced
   and kept for one more trip, activated if it was referenced already; an
   unmapped page with only PG_referenced is reclaimed if clean. Lumpy
   reclaim ignores references (V2632 shrink_page_list: only for order <=
   PAGE_ALLOC_COSTLY_ORDER; 2.6.34 - 3.4 page_check_references: "Lumpy
   reclaim - ignore references"). */
static enum page_refs page_check_references(struct pa_page *pg, bool lumpy)
{
    if (lumpy)
        return REF_RECLAIM;
    bool young = test_clear_young(pg);
    bool referenced = pg->flags & PA_PG_REFERENCED;
    pg->flags &= (uint16_t)~PA_PG_REFERENCED;
    if (young) {
        if (page_is_anon(pg))
            return REF_ACTIVATE;
        pg->flags |= PA_PG_REFERENCED;
        return referenced ? REF_ACTIVATE : REF_KEEP;
    }
    return referenced ? REF_RECLAIM_CLEAN : REF_RECLAIM;
}

/* Lumpy reclaim (V2632 isolate_lru_pages with ISOLATE_BOTH): the LRU pages
   of pfn's aligned 2^order block, active or inactive, whatever their age,
   are reclaimed too - those of the target's type only (__isolate_lru_page
   refuses a file page when scanning anon and the reverse). Every page taken
   counts as scanned (V2632 isolate_lru_pages: scan++ per lumpy page), so
   pgsteal never exceeds pgscan. */
static uint64_t lumpy_block(struct pa_machine *m, uint64_t pfn, unsigned order, bool may_swap,
                            bool file, struct pa_scan_result *r, uint64_t *scanned)
{
    uint64_t start = pfn & ~(((uint64_t)1 << order) - 1), end = start + ((uint64_t)1 << order);
    uint64_t got = 0;
    if (end > m->max_pfn)
        end = m->max_pfn;
    struct pa_pfnlist iso = PA_PFNLIST_INIT;
    for (uint64_t p = start; p < end; p++) {
        struct pa_page *pg = &m->pages[p];
        if (!(pg->flags & PA_PG_LRU) || (pg->flags & PA_PG_UNEVICTABLE))
            continue;
        bool anon = (pg->flags & PA_PG_SWAPBACKED) || pg->kind == PA_KIND_ANON;
        if (anon == file || (anon && !may_swap))
            continue;
        if (pa_lru_isolate(m, p, &iso) != PA_OK)
            continue;
        (*scanned)++;
        int res = pa_reclaim_page(m, p, &iso);
        if (res == PA_RECLAIM_FREED) {
            got++;
        } else {
            if (res == PA_RECLAIM_WRITEBACK) {
                r->writeback++;
                pa_page_end_writeback(m, p); /* the I/O completes: reclaimable next time */
            }
            pa_lru_putback(m, p, &iso);
        }
    }
    return got;
}

/* shrink_inactive_list + shrink_page_list (2.6.32-642.6.2.el6 mm/vmscan.c):
   up to nr pages from the inactive tail, each judged by
   page_check_references. Pages put back active count as rotated; taken
   ones as scanned. 5.8+ charge the type's cost with rotations and pages
   written out (swap, dirty file: "mm: vmscan: reclaim writepage is IO
   cost"). */
static uint64_t shrink_inactive(struct pa_machine *m, struct pa_lruvec *lv, bool file, uint64_t nr,
                                unsigned order, bool may_swap, bool lumpy,
                                struct pa_scan_result *r, uint64_t *scanned)
{
    enum pa_lru_list lru = file ? PA_LRU_INACTIVE_FILE : PA_LRU_INACTIVE_ANON;
    struct pa_pfnlist iso = PA_PFNLIST_INIT;
    uint64_t n = pa_lruvec_isolate(m, lv, lru, nr, &iso), got = 0, rotated = 0, io = 0;
    *scanned += n;
    lv->recent_scanned[file] += n;
    while (!pa_pfnlist_empty(&iso)) {
        uint32_t pfn = iso.head;
        struct pa_page *pg = &m->pages[pfn];
        enum page_refs ref = page_check_references(pg, lumpy);
        if (ref == REF_ACTIVATE || ref == REF_KEEP ||
            (ref == REF_RECLAIM_CLEAN && (pg->flags & PA_PG_DIRTY))) {
            if (ref == REF_ACTIVATE) {
                pg->flags |= PA_PG_ACTIVE;
                rotated++;
            }
            pa_lru_putback(m, pfn, &iso);
            continue;
        }
        bool anon = page_is_anon(pg);
        int res = pa_reclaim_page(m, pfn, &iso);
        if (res == PA_RECLAIM_FREED) {
            got++;
            io += anon; /* swapped out */
            if (lumpy)
                got += lumpy_block(m, pfn, order, may_swap, file, r, scanned);
            continue;
        }
        if (res == PA_RECLAIM_WRITEBACK) {
            r->writeback++;
            io++;
            pa_page_end_writeback(m, pfn); /* written: rotate for the next pass */
        } else if (res == PA_RECLAIM_ACTIVATE) {
            rotated++;
        }
        pa_lru_putback(m, pfn, &iso);
    }
    lv->recent_rotated[file] += rotated;
    lv->cost[file] += rotated + io;
    return got;
}

/* Adds z's lruvec to the set unless it is there (per-node LRUs from 4.8:
   every zone of a node shares one). Returns the new count. */
static int add_lruvec(struct pa_lruvec **lv, const struct pa_zone **zs, int n,
                      const struct pa_zone *z)
{
    for (int k = 0; k < n; k++)
        if (lv[k] == z->lruvec)
            return n;
    zs[n] = z;
    lv[n] = z->lruvec;
    return n + 1;
}

static int lruvecs_of(struct pa_machine *m, int nid, enum pa_zone_type highest,
                      struct pa_lruvec **lv, const struct pa_zone **zs)
{
    const struct pa_node *nd = node_mut(m, nid);
    int n = 0;
    if (!nd)
        return 0;
    for (int i = 0; i < nd->nr_zones; i++) {
        struct pa_zone *z = nd->zones[i];
        if (z->type > highest || !z->lruvec)
            continue;
        n = add_lruvec(lv, zs, n, z);
    }
    return n;
}

static uint64_t shrink_lruvecs(struct pa_machine *m, struct pa_lruvec **lv,
                               const struct pa_zone **zs, int n, uint64_t nr_to_reclaim,
                               unsigned order, bool may_swap, bool lumpy, bool kswapd,
                               struct pa_scan_result *out);

uint64_t pa_shrink_node(struct pa_machine *m, int nid, enum pa_zone_type highest,
                        uint64_t nr_to_reclaim, unsigned order, bool may_swap, bool lumpy,
                        bool kswapd, struct pa_scan_result *out)
{
    struct pa_lruvec *lv[PA_ZONE_TYPES];
    const struct pa_zone *zs[PA_ZONE_TYPES];
    if (!m)
        return 0;
    int n = lruvecs_of(m, nid, highest, lv, zs);
    return shrink_lruvecs(m, lv, zs, n, nr_to_reclaim, order, may_swap, lumpy, kswapd, out);
}

/* get_scan_ratio / get_scan_count: the shares of the anon [0] and file [1]
   lists in this lruvec's scan, fraction[i] / *den (profile->reclaim.
   scan_balance; mm.h enum pa_scan_balance has the eras and sources).
   zone: the lruvec's zone (its free pages and HIGH mark for 2.6.32's
   "very few page cache pages: force-scan anon"). */
static void get_scan_fraction(const struct pa_machine *m, struct pa_lruvec *lv,
                              const struct pa_zone *zone, bool swap, int prio,
                              uint64_t fraction[2], uint64_t *den)
{
    const enum pa_scan_balance rule = m->profile->reclaim.scan_balance;
    uint64_t anon = lv->nr_pages[PA_LRU_INACTIVE_ANON] + lv->nr_pages[PA_LRU_ACTIVE_ANON];
    uint64_t file = lv->nr_pages[PA_LRU_INACTIVE_FILE] + lv->nr_pages[PA_LRU_ACTIVE_FILE];
    uint64_t sw = m->swappiness > 200 ? 200 : m->swappiness;
    *den = 1;
    if (!swap) { /* no swap space, or !may_swap: file only */
        fraction[0] = 0;
        fraction[1] = 1;
        return;
    }
    if (rule == PA_BALANCE_ROTATION && zone) {
        /* "If we have very few page cache pages, force-scan anon pages" */
        struct pa_wmark_state st;
        pa_wmark_state_from_zone(zone, &st);
        if (file + zone->free_pages <= pa_wmark_mark(m->profile, &st, PA_ALLOC_WMARK_HIGH)) {
            fraction[0] = 1;
            fraction[1] = 0;
            return;
        }
    }
    if (rule != PA_BALANCE_ROTATION && !inactive_is_low(m, lv, true) &&
        lv->nr_pages[PA_LRU_INACTIVE_FILE] >> prio) {
        fraction[0] = 0; /* SCAN_FILE: enough inactive page cache */
        fraction[1] = 1;
        return;
    }
    uint64_t ap, fp;
    if (rule == PA_BALANCE_COST) {
        /* V58+ get_scan_count: the costs weighed against their sum, smoothed
           ("mm: vmscan: limit the range of LRU type balancing"); lru_note_cost
           halves them once they pass a quarter of the LRU */
        if (lv->cost[0] + lv->cost[1] > (anon + file) / 4) {
            lv->cost[0] /= 2;
            lv->cost[1] /= 2;
        }
        uint64_t total = lv->cost[0] + lv->cost[1];
        uint64_t ac = total + lv->cost[0], fc = total + lv->cost[1];
        total = ac + fc;
        ap = sw * (total + 1) / (ac + 1);
        fp = (200 - sw) * (total + 1) / (fc + 1);
    } else {
        /* the recent scanned / rotated ratios as a floating average */
        for (int t = 0; t < 2; t++)
            if (lv->recent_scanned[t] > (t ? file : anon) / 4) {
                lv->recent_scanned[t] /= 2;
                lv->recent_rotated[t] /= 2;
            }
        ap = sw * (lv->recent_scanned[0] + 1) / (lv->recent_rotated[0] + 1);
        fp = (200 - sw) * (lv->recent_scanned[1] + 1) / (lv->recent_rotated[1] + 1);
    }
    if (rule == PA_BALANCE_ROTATION) { /* RHEL 6 normalises to percentages */
        fraction[0] = 100 * ap / (ap + fp + 1);
        fraction[1] = 100 - fraction[0];
        *den = 100;
    } else {
        fraction[0] = ap;
        fraction[1] = fp;
        *den = ap + fp + 1;
    }
}

/* shrink_zone / shrink_lruvec at one priority (2.6.32-642.6.2.el6
   shrink_mem_cgroup_zone): each evictable list's size >> priority, split by
   get_scan_fraction (all of it at priority 0), is scanned in batches of
   SWAP_CLUSTER_MAX, inactive lists reclaimed, active lists aged while their
   inactive list is low; after DEF_PRIORITY the pass ends once
   nr_to_reclaim pages came free. 2.6.32 / RHEL 6 deposit targets below
   SWAP_CLUSTER_MAX until they add up to one (nr_scan_try_batch); later
   eras reach small lists at lower priorities (here: min(size, 32) below
   DEF_PRIORITY - 2). The anon lists are aged at the end while swap has
   room. */
static uint64_t shrink_lruvec(struct pa_machine *m, struct pa_lruvec *v, const struct pa_zone *zone,
                              int prio, uint64_t nr_to_reclaim, unsigned order, bool swap,
                              bool lumpy, struct pa_scan_result *r, uint64_t scanned[2],
                              uint64_t freed[2])
{
    uint64_t fraction[2], den, nr[PA_LRU_UNEVICTABLE];
    get_scan_fraction(m, v, zone, swap, prio, fraction, &den);
    bool saved = m->profile->reclaim.scan_balance == PA_BALANCE_ROTATION;
    for (int l = 0; l < PA_LRU_UNEVICTABLE; l++) {
        int file = l >= PA_LRU_INACTIVE_FILE;
        uint64_t size = v->nr_pages[l], scan = size;
        if (prio || !swap)
            scan = (scan >> prio) * fraction[file] / den;
        if (saved) {
            v->nr_saved_scan[l] += scan;
            scan = v->nr_saved_scan[l] >= PA_SWAP_CLUSTER_MAX ? v->nr_saved_scan[l] : 0;
            if (scan)
                v->nr_saved_scan[l] = 0;
        } else if (!scan && size && fraction[file] && prio < PA_DEF_PRIORITY - 2) {
            scan = size < PA_SWAP_CLUSTER_MAX ? size : PA_SWAP_CLUSTER_MAX;
        }
        nr[l] = scan;
    }
    uint64_t got = 0;
    while (nr[PA_LRU_INACTIVE_ANON] || nr[PA_LRU_ACTIVE_FILE] || nr[PA_LRU_INACTIVE_FILE]) {
        for (int l = 0; l < PA_LRU_UNEVICTABLE; l++) {
            if (!nr[l])
                continue;
            uint64_t batch = nr[l] < PA_SWAP_CLUSTER_MAX ? nr[l] : PA_SWAP_CLUSTER_MAX;
            bool file = l >= PA_LRU_INACTIVE_FILE;
            nr[l] -= batch;
            if (l == PA_LRU_ACTIVE_ANON || l == PA_LRU_ACTIVE_FILE) {
                if (inactive_is_low(m, v, file))
                    r->refill += shrink_active(m, v, file, batch);
                continue;
            }
            uint64_t f = shrink_inactive(m, v, file, batch, order, swap, lumpy, r, &scanned[file]);
            freed[file] += f;
            got += f;
        }
        if (got >= nr_to_reclaim && prio < PA_DEF_PRIORITY)
            break;
    }
    /* "Even if we did not try to evict anon pages at all, we want to
       rebalance the anon lru active/inactive ratio." */
    if (swap && inactive_is_low(m, v, false))
        r->refill += shrink_active(m, v, false, PA_SWAP_CLUSTER_MAX);
    return got;
}

static uint64_t shrink_lruvecs(struct pa_machine *m, struct pa_lruvec **lv,
                               const struct pa_zone **zs, int n, uint64_t nr_to_reclaim,
                               unsigned order, bool may_swap, bool lumpy, bool kswapd,
                               struct pa_scan_result *out)
{
    struct pa_scan_result tot = {0};
    bool swap = may_swap && swap_free(m) > 0;
    for (int prio = PA_DEF_PRIORITY; prio >= 0 && tot.reclaimed < nr_to_reclaim; prio--) {
        for (int i = 0; i < n; i++) {
            struct pa_scan_result r = {0};
            uint64_t scanned[2] = {0}, freed[2] = {0};
            shrink_lruvec(m, lv[i], zs[i], prio, nr_to_reclaim, order,
                          swap && swap_free(m) > 0, lumpy, &r, scanned, freed);
            r.scanned = scanned[0] + scanned[1];
            r.reclaimed = freed[0] + freed[1];
            tot.scanned += r.scanned;
            tot.reclaimed += r.reclaimed;
            tot.refill += r.refill;
            tot.writeback += r.writeback;
            if (PA_EVENTS_ON(m) && (r.scanned || r.refill)) {
                struct pa_event ev = {0};
                ev.type = PA_EV_VMSCAN;
                ev.migratetype = -1;
                ev.cpu = -1;
                ev.zone = zs[i];
                ev.order = order;
                ev.vmscan.kswapd = kswapd;
                ev.vmscan.scanned[0] = scanned[0];
                ev.vmscan.scanned[1] = scanned[1];
                ev.vmscan.reclaimed[0] = freed[0];
                ev.vmscan.reclaimed[1] = freed[1];
                ev.vmscan.refill = r.refill;
                ev.vmscan.writeback = r.writeback;
                m->event_cb(m->event_ctx, &ev);
            }
        }
    }
    if (out)
        *out = tot;
    return tot.reclaimed;
}

/* ---- reclaim/compaction (RHEL 6, 2.6.32-642 mm/vmscan.c) -------------------------------- */

static uint64_t zone_inactive(const struct pa_machine *m, const struct pa_zone *z)
{
    const struct pa_lruvec *lv = z->lruvec;
    uint64_t n = lv ? lv->nr_pages[PA_LRU_INACTIVE_FILE] : 0;
    if (lv && swap_free(m))
        n += lv->nr_pages[PA_LRU_INACTIVE_ANON];
    return n;
}

static enum pa_compact_result zone_suitable(const struct pa_machine *m, const struct pa_zone *z,
                                            unsigned order)
{
    struct pa_wmark_state st;
    pa_wmark_state_from_zone(z, &st);
    return pa_compaction_suitable(m->profile, &st, order, 0, PA_ALLOC_WMARK_LOW, false,
                                  PA_EXTFRAG_THRESHOLD_DEFAULT);
}

/* KSWAPD_ZONE_BALANCE_GAP_RATIO 100: min(LOW, 1% of the zone). */
static uint64_t balance_gap(const struct pa_machine *m, const struct pa_zone *z)
{
    struct pa_wmark_state st;
    pa_wmark_state_from_zone(z, &st);
    uint64_t low = pa_wmark_mark(m->profile, &st, PA_ALLOC_WMARK_LOW);
    uint64_t pct = (z->present + 99) / 100;
    return low < pct ? low : pct;
}

/* compaction_ready (-642; mainline 2.6.38 - 6.x): for a costly order, the
   zone has free memory enough for compaction (order-0 check at HIGH +
   balance_gap + 2 << order; 4.8+ without the balance gap, profile
   reclaim.no_balance_gap, V618 mm/vmscan.c compaction_ready) and compaction
   may run (not SKIPPED; a deferred zone only needs the memory). Direct
   reclaim leaves such a zone alone. */
static bool compaction_ready(const struct pa_machine *m, struct pa_zone *z, unsigned order)
{
    if (order <= PA_COSTLY_ORDER)
        return false;
    struct pa_wmark_state st;
    pa_wmark_state_from_zone(z, &st);
    uint64_t gap = m->profile->reclaim.no_balance_gap ? 0 : balance_gap(m, z);
    uint64_t mark = pa_wmark_mark(m->profile, &st, PA_ALLOC_WMARK_HIGH) + gap +
                    pa_compact_gap(order);
    bool ok = pa_watermark_ok(m->profile, &st, 0, mark, 0, PA_ALLOC_WMARK_HIGH, NULL);
    if (pa_compaction_deferred(&z->compact, order))
        return ok;
    return zone_suitable(m, z, order) != PA_COMPACT_SKIPPED && ok;
}

/* shrink_zone with should_continue_reclaim (-642): batches of
   SWAP_CLUSTER_MAX until a batch frees nothing, or 2 << order pages are
   reclaimed (or the inactive lists hold fewer) and compaction_suitable lets
   compaction go ahead. *done counts what this reclaim run freed so far. */
/* should_continue_reclaim's compaction test: the zone (zone LRUs), or from
   4.8 (per-node LRUs, V618 should_continue_reclaim) any zone of the node up
   to the request's highest one, lets compaction go ahead. */
static bool rc_compaction_can_run(const struct pa_machine *m, const struct pa_zone *z,
                                  unsigned order, int highest)
{
    if (highest < 0)
        return zone_suitable(m, z, order) != PA_COMPACT_SKIPPED;
    const struct pa_node *nd = node_of(m, z->node);
    for (int i = 0; nd && i < nd->nr_zones; i++) {
        const struct pa_zone *q = nd->zones[i];
        if ((int)q->type <= highest && q->present &&
            zone_suitable(m, q, order) != PA_COMPACT_SKIPPED)
            return true;
    }
    return false;
}

/* highest >= 0: 4.8+ shrink_node - z's lruvec is its node's, and the stop
   test looks at the node's zones up to highest. */
static uint64_t shrink_zone_rc_upto(struct pa_machine *m, struct pa_zone *z, unsigned order,
                                    bool may_swap, bool kswapd, uint64_t *done,
                                    struct pa_scan_result *tot, int highest)
{
    struct pa_lruvec *lv[1] = {z->lruvec};
    const struct pa_zone *zs[1] = {z};
    uint64_t got = 0, gap = pa_compact_gap(order);
    for (;;) {
        struct pa_scan_result r;
        uint64_t want = *done < gap && zone_inactive(m, z) > gap ? gap - *done
                                                                 : PA_SWAP_CLUSTER_MAX;
        uint64_t n = shrink_lruvecs(m, lv, zs, 1, want, order, may_swap, false, kswapd, &r);
        tot->scanned += r.scanned;
        tot->refill += r.refill;
        tot->writeback += r.writeback;
        tot->reclaimed += n;
        got += n;
        *done += n;
        if (!n)
            break;
        if (*done < gap && zone_inactive(m, z) > gap)
            continue;
        if (rc_compaction_can_run(m, z, order, highest))
            break;
    }
    return got;
}

static uint64_t shrink_zone_rc(struct pa_machine *m, struct pa_zone *z, unsigned order,
                               bool may_swap, bool kswapd, uint64_t *done,
                               struct pa_scan_result *tot)
{
    return shrink_zone_rc_upto(m, z, order, may_swap, kswapd, done, tot, -1);
}

/* do_try_to_free_pages for a costly order in reclaim/compaction mode:
   shrink_zones walks the request's zonelist in the era's order (pa_zonelist:
   V2632 zone order puts every node's Normal before DMA32) up to the
   request's highest zone, skipping the compaction-ready zones. */
static uint64_t try_to_free_pages_rc(struct pa_machine *m, const struct pa_reclaim_ctl *rc)
{
    struct pa_scan_result tot = {0};
    uint64_t done = 0;
    bool aborted = false;
    struct pa_zone *zl[PA_MAX_ZONES];
    int nz = pa_zonelist_cached(m, rc->nid, zl);
    /* 4.8+ (per-node LRUs; V48, V618 shrink_zones): "Shrink each node in
       the zonelist once" - a zone whose node was just shrunk (last_pgdat)
       is passed; shrink_node reclaims the node's lruvec for every zone up
       to the request's, and should_continue_reclaim asks all of them */
    bool per_node = m->profile->reclaim.lru_per_node;
    int last_node = -1;
    for (int i = 0; i < nz; i++) {
        struct pa_zone *z = zl[i];
        if (z->type > rc->highest_zone || !z->managed || !z->lruvec)
            continue;
        if (compaction_ready(m, z, rc->order)) {
            aborted = true;
            continue;
        }
        if (per_node && z->node == last_node)
            continue;
        shrink_zone_rc_upto(m, z, rc->order, rc->may_swap, false, &done, &tot,
                            per_node ? (int)rc->highest_zone : -1);
        last_node = z->node;
    }
    /* "Aborted reclaim to try compaction? don't OOM, then": progress 1 */
    return tot.reclaimed ? tot.reclaimed : aborted;
}

uint64_t pa_try_to_free_pages(struct pa_machine *m, const struct pa_reclaim_ctl *rc)
{
    if (!m || !rc)
        return 0;
    if (PA_EVENTS_ON(m)) {
        struct pa_event ev = {0};
        ev.type = PA_EV_DIRECT_RECLAIM;
        ev.migratetype = -1;
        ev.cpu = -1;
        ev.order = rc->order;
        ev.gfp = rc->gfp;
        /* the preferred zone: the node's highest one the request may use
           (allocstall_<zone> counts it, V48 __count_zid_vm_events) */
        const struct pa_node *nd = node_of(m, rc->nid);
        for (int i = 0; nd && i < nd->nr_zones; i++)
            if (nd->zones[i]->type <= rc->highest_zone || !ev.zone)
                ev.zone = nd->zones[i];
        m->event_cb(m->event_ctx, &ev);
    }
    if (m->profile->slowpath.reclaim_compaction && rc->order > PA_COSTLY_ORDER)
        return try_to_free_pages_rc(m, rc);
    /* the zonelist's nodes: the preferred one first, then the others (node
       by node in either zonelist order: zone order's interleaving of the
       nodes' zones is not modelled for this path) */
    uint64_t got = pa_shrink_node(m, rc->nid, rc->highest_zone, rc->nr_to_reclaim, rc->order,
                                  rc->may_swap, rc->lumpy, false, NULL);
    for (int i = 0; i < m->nr_nodes && got < rc->nr_to_reclaim; i++)
        if (m->nodes[i].id != rc->nid)
            got += pa_shrink_node(m, m->nodes[i].id, rc->highest_zone,
                                  rc->nr_to_reclaim - got, rc->order, rc->may_swap, rc->lumpy,
                                  false, NULL);
    return got;
}

uint64_t pa_zone_reclaimable_pages(const struct pa_machine *m, const struct pa_zone *z)
{
    if (!m || !z || !z->lruvec)
        return 0;
    /* per-node lruvecs (4.8+) are shared by the node's zones: count this
       zone's share by its managed pages */
    const struct pa_lruvec *lv = z->lruvec;
    uint64_t n = lv->nr_pages[PA_LRU_INACTIVE_FILE] + lv->nr_pages[PA_LRU_ACTIVE_FILE];
    if (swap_free(m))
        n += lv->nr_pages[PA_LRU_INACTIVE_ANON] + lv->nr_pages[PA_LRU_ACTIVE_ANON];
    if (z->lruvec != &z->zone_lruvec) {
        uint64_t node_managed = 0;
        const struct pa_node *nd = node_of(m, z->node);
        for (int i = 0; nd && i < nd->nr_zones; i++)
            node_managed += nd->zones[i]->managed;
        n = node_managed ? n * z->managed / node_managed : 0;
    }
    return n;
}

/* ---- kswapd ------------------------------------------------------------------------- */

bool pa_wakeup_kswapd(struct pa_machine *m, int nid, unsigned order, enum pa_zone_type classzone)
{
    if (!m || !pa_kswapd_should_wake(m, nid, order, classzone))
        return false;
    struct pa_node *nd = (struct pa_node *)node_of(m, nid);
    if (!nd)
        return false;
    /* 4.8+: a hopeless node is not woken (8.1) */
    if (m->profile->slowpath.kswapd == PA_KSWAPD_NODE && nd->kswapd.failures >= 16)
        return false;
    if (!nd->kswapd.awake || order > nd->kswapd.order)
        nd->kswapd.order = order > nd->kswapd.order || !nd->kswapd.awake ? order
                                                                          : nd->kswapd.order;
    if (!nd->kswapd.awake || (int)classzone > nd->kswapd.classzone)
        nd->kswapd.classzone = (int)classzone;
    bool was_awake = nd->kswapd.awake;
    nd->kswapd.awake = true;
    if (!was_awake && PA_EVENTS_ON(m)) { /* a wake-up, not a raise of the order */
        struct pa_event ev = {0};
        ev.type = PA_EV_KSWAPD_WAKE;
        ev.migratetype = -1;
        ev.cpu = -1;
        ev.order = order;
        ev.zone = nd->nr_zones ? nd->zones[nd->nr_zones - 1] : NULL;
        m->event_cb(m->event_ctx, &ev);
    }
    return true;
}

/* V2632 balance_pgdat: the highest zone up to classzone that fails the
   order-aware HIGH check for itself (class zone 0), -1 if none. */
static int end_zone_2632(const struct pa_machine *m, const struct pa_node *nd, unsigned order,
                         enum pa_zone_type classzone)
{
    for (int i = nd->nr_zones - 1; i >= 0; i--) {
        const struct pa_zone *z = nd->zones[i];
        if (z->type <= classzone && z->managed &&
            !zone_ok(m->profile, z, order, PA_ALLOC_WMARK_HIGH, 0))
            return (int)z->type;
    }
    return -1;
}

/* ... and its all_zones_ok: every zone up to end_zone passes HIGH with
   end_zone as class zone. */
static bool zones_ok_2632(const struct pa_machine *m, const struct pa_node *nd, unsigned order,
                          int end_zone)
{
    for (int i = 0; i < nd->nr_zones; i++) {
        const struct pa_zone *z = nd->zones[i];
        if ((int)z->type <= end_zone && z->managed &&
            !zone_ok(m->profile, z, order, PA_ALLOC_WMARK_HIGH, end_zone))
            return false;
    }
    return true;
}

/* compact_zone_order(zone, order, GFP_KERNEL, sync = false) from RHEL 6's
   balance_pgdat for order > 3, when compaction_suitable lets it run. */
static void kswapd_compact_zone(struct pa_machine *m, struct pa_zone *z, unsigned order)
{
    if (m->profile->compaction.rule == PA_COMPACT_NONE ||
        zone_suitable(m, z, order) != PA_COMPACT_CONTINUE)
        return;
    struct pa_compact_control cc = {
        .order = (int)order,
        .mode = PA_MIGRATE_ASYNC,
        .migratetype = PA_MT_UNMOVABLE, /* GFP_KERNEL */
        .alloc_flags = PA_ALLOC_WMARK_LOW,
        .classzone_idx = 0,
        .unevictable_allowed = true,
    };
    pa_compact_zone(z, &cc);
}

/* compact_pgdat(pgdat, order) of 3.4 - 4.5 kswapd (V316 __compact_pgdat):
   every populated zone of the node that is not deferred, async, for a
   GFP_KERNEL-like control (migratetype 0: UNMOVABLE); compact_zone itself
   starts only where compaction_suitable says CONTINUE; a zone that then
   passes LOW at the order has its deferral reset (not as a success). */
static void kswapd_compact_pgdat(struct pa_machine *m, struct pa_node *nd, unsigned order)
{
    if (!order)
        return; /* compact_zone returns at once for order 0 (PARTIAL) */
    for (int i = 0; i < nd->nr_zones; i++) {
        struct pa_zone *z = nd->zones[i];
        if (!z->present)
            continue;
        if (!pa_compaction_deferred(&z->compact, order))
            kswapd_compact_zone(m, z, order);
        if (zone_ok(m->profile, z, order, PA_ALLOC_WMARK_LOW, 0))
            pa_compaction_defer_reset(&z->compact, order, false);
    }
}

/* 3.4 - 4.5 balance_pgdat's testorder: a zone where compaction could run
   (compaction_suitable not SKIPPED) is balanced for order 0 only - kswapd
   leaves the rest to compaction. */
static unsigned kswapd_testorder(const struct pa_machine *m, const struct pa_zone *z,
                                 unsigned order)
{
    return order && zone_suitable(m, z, order) != PA_COMPACT_SKIPPED ? 0 : order;
}

/* pgdat_needs_compaction: no eligible zone passes LOW at the order. */
static bool pgdat_needs_compaction(const struct pa_machine *m, const struct pa_node *nd,
                                   unsigned order, enum pa_zone_type cz)
{
    if (!order)
        return false;
    for (int i = 0; i < nd->nr_zones; i++) {
        const struct pa_zone *z = nd->zones[i];
        if (z->type <= cz && z->present &&
            zone_ok(m->profile, z, order, PA_ALLOC_WMARK_LOW, (int)cz))
            return false;
    }
    return true;
}

/* balance_pgdat (8.2): priority passes reclaiming SWAP_CLUSTER_MAX batches
   until the node passes the era's balance test for the order. 2.6.32: a run
   that reclaimed fewer than SWAP_CLUSTER_MAX pages goes on at order 0;
   4.8+: after compact_gap(order) = 2 << order pages the order drops to 0
   (compaction's turn). Boosted watermarks (5.0+) are reclaimed without
   swapping and cleared afterwards. */
uint64_t pa_kswapd_run(struct pa_machine *m, int nid, uint64_t max_pages,
                       struct pa_scan_result *out)
{
    struct pa_scan_result tot = {0};
    if (!m)
        return 0;
    struct pa_node *nd = (struct pa_node *)node_of(m, nid);
    if (!nd || !nd->kswapd.awake) {
        if (out)
            *out = tot;
        return 0;
    }
    const struct pa_profile *p = m->profile;
    unsigned order = nd->kswapd.order;
    enum pa_zone_type cz = nd->kswapd.classzone >= 0 && nd->kswapd.classzone < PA_ZONE_TYPES
                               ? (enum pa_zone_type)nd->kswapd.classzone
                               : PA_ZONE_NORMAL;
    bool boosted = false;
    for (int i = 0; i < nd->nr_zones; i++)
        boosted = boosted || nd->zones[i]->watermark_boost;
    uint64_t since_order = 0;
    int fruitless = 0;
    enum pa_kswapd_compact kc = p->compaction.rule == PA_COMPACT_NONE
                                    ? PA_KSWAPD_COMPACT_NONE
                                    : p->slowpath.kswapd_compact;
    bool testorder = kc == PA_KSWAPD_COMPACT_PGDAT || kc == PA_KSWAPD_COMPACT_PGDAT_END;
    while (!pa_pgdat_balanced(m, nid, order, cz) || (boosted && tot.reclaimed < 1)) {
        bool needs_compaction = kc == PA_KSWAPD_COMPACT_PGDAT &&
                                pgdat_needs_compaction(m, nd, order, cz);
        uint64_t attempted = 0; /* nr_attempted: max(SWAP_CLUSTER_MAX, HIGH) a zone */
        struct pa_scan_result r;
        /* V2632 balance_pgdat: end_zone is the highest zone failing HIGH
           for itself; the zones up to it are then judged with end_zone as
           their class zone (lowmem_reserve[end_zone] counts) */
        int ez = p->slowpath.kswapd == PA_KSWAPD_2632 ? end_zone_2632(m, nd, order, cz) : (int)cz;
        if (ez < 0)
            break;
        /* 2.6.32 / 3.x shrink the zones that fail the HIGH check at the order
           (their own lruvecs before 4.8); 4.8+ the node's lruvec */
        struct pa_lruvec *lv[PA_ZONE_TYPES];
        const struct pa_zone *zs[PA_ZONE_TYPES];
        int n = 0;
        for (int i = 0; i < nd->nr_zones; i++) {
            struct pa_zone *z = nd->zones[i];
            if ((int)z->type > ez || !z->lruvec || !z->managed)
                continue;
            if (p->slowpath.kswapd == PA_KSWAPD_2632) {
                /* V2632 balance_pgdat: while a zone is unbalanced, every zone
                   up to it is shrunk unless it passes at 8 x HIGH */
                struct pa_wmark_state st;
                pa_wmark_state_from_zone(z, &st);
                uint64_t high = pa_wmark_mark(p, &st, PA_ALLOC_WMARK_HIGH);
                /* RHEL 6 (-642): HIGH + balance_gap instead of 8 x HIGH */
                uint64_t mark = p->slowpath.kswapd_rhel6 ? high + balance_gap(m, z) : 8 * high;
                /* "equal pressure on every zone, unless one zone has way too
                   many pages free already": zone_watermark_ok(zone, order,
                   8 * high, end_zone, 0) - a lower zone is shrunk while it is
                   below its mark plus lowmem_reserve[end_zone] (V2632
                   mm/vmscan.c; -642 with the balance gap) */
                if (pa_watermark_ok(p, &st, order, mark, ez, PA_ALLOC_WMARK_HIGH, NULL))
                    continue;
            } else if (p->slowpath.kswapd == PA_KSWAPD_3X &&
                       zone_ok(p, z, testorder ? kswapd_testorder(m, z, order) : order,
                               PA_ALLOC_WMARK_HIGH, 0)) {
                continue;
            }
            if (kc == PA_KSWAPD_COMPACT_PGDAT) {
                uint64_t high = pa_zone_wmark_mark(p, z, PA_ALLOC_WMARK_HIGH);
                attempted += high > PA_SWAP_CLUSTER_MAX ? high : PA_SWAP_CLUSTER_MAX;
            }
            n = add_lruvec(lv, zs, n, z);
        }
        uint64_t got;
        if (p->slowpath.kswapd_rhel6 && order > PA_COSTLY_ORDER) {
            /* RHEL 6 balance_pgdat (-642): each zone is shrunk in
               reclaim/compaction mode (should_continue_reclaim), then
               compacted for the order (compact_zone_order, async) */
            uint64_t done = 0;
            memset(&r, 0, sizeof r);
            for (int k = 0; k < n; k++) {
                struct pa_zone *z = (struct pa_zone *)zs[k];
                shrink_zone_rc(m, z, order, !boosted, true, &done, &r);
                kswapd_compact_zone(m, z, order);
            }
            got = r.reclaimed;
        } else if (kc == PA_KSWAPD_COMPACT_PGDAT && order) {
            /* V316 kswapd_shrink_zone: each zone's nr_to_reclaim is
               max(SWAP_CLUSTER_MAX, HIGH); then the pass's two rules */
            memset(&r, 0, sizeof r);
            got = n ? shrink_lruvecs(m, lv, zs, n, attempted, order, !boosted, false, true, &r)
                    : 0;
            if (got >= (2ull << order))
                order = 0; /* "recheck the watermarks at order-0" */
            if (needs_compaction && got > attempted)
                kswapd_compact_pgdat(m, nd, order);
        } else {
            got = shrink_lruvecs(m, lv, zs, n, PA_SWAP_CLUSTER_MAX, order, !boosted,
                                 pa_reclaim_lumpy(p, order), true, &r);
        }
        tot.scanned += r.scanned;
        tot.reclaimed += got;
        tot.refill += r.refill;
        tot.writeback += r.writeback;
        since_order += got;
        /* V2632: all_zones_ok - every zone up to end_zone passes HIGH with
           end_zone as class zone */
        if (got && p->slowpath.kswapd == PA_KSWAPD_2632 && zones_ok_2632(m, nd, order, ez))
            break;
        if (!got) {
            if (order && p->slowpath.kswapd == PA_KSWAPD_2632) {
                order = 0; /* V2632: a fruitless high-order run restarts at order 0 */
                continue;
            }
            fruitless++;
            break;
        }
        if (order && p->slowpath.kswapd == PA_KSWAPD_NODE && since_order >= (2ull << order))
            order = 0; /* compact_gap reached: the rest is kcompactd's */
        if (boosted) {
            uint64_t boost = 0;
            for (int i = 0; i < nd->nr_zones; i++)
                boost += nd->zones[i]->watermark_boost;
            if (tot.reclaimed >= boost)
                break;
        }
        if (max_pages && tot.reclaimed >= max_pages)
            break;
    }
    /* 3.4 - 3.10: "If kswapd was reclaiming at a higher order", compact the
       node unless a zone is SKIPPED (the kernel reclaims again), below HIGH
       at order 0 (it goes on at order 0), or already passes LOW at the
       order (3.4.y mm/vmscan.c balance_pgdat) */
    if (kc == PA_KSWAPD_COMPACT_PGDAT_END && order) {
        bool compact = true;
        for (int i = 0; i < nd->nr_zones && compact; i++) {
            struct pa_zone *z = nd->zones[i];
            if (z->type > cz || !z->present)
                continue;
            if (zone_suitable(m, z, order) == PA_COMPACT_SKIPPED ||
                !zone_ok(p, z, 0, PA_ALLOC_WMARK_HIGH, 0) ||
                zone_ok(p, z, order, PA_ALLOC_WMARK_LOW, (int)cz))
                compact = false;
        }
        if (compact)
            kswapd_compact_pgdat(m, nd, order);
    }
    if (boosted) {
        for (int i = 0; i < nd->nr_zones; i++)
            nd->zones[i]->watermark_boost = 0;
        /* V50 .. V618 balance_pgdat: "As there is now likely space, wakeup
           kcompactd to defragment pageblocks" (boosting's own commit) */
        pa_wakeup_kcompactd(m, nid, m->pageblock_order, (int)cz);
    }
    if (!max_pages || tot.reclaimed < max_pages) {
        nd->kswapd.awake = false; /* balanced or out of luck: sleep */
        /* V618 kswapd_try_to_sleep: balanced at the reclaim order, kswapd
           clears the skip hints and wakes kcompactd for the order asked */
        if (pa_pgdat_balanced(m, nid, order, cz))
            pa_kswapd_sleep_compaction(m, nid, nd->kswapd.order, (int)cz);
    }
    nd->kswapd.failures = fruitless && !tot.reclaimed ? nd->kswapd.failures + 1 : 0;
    if (out)
        *out = tot;
    return tot.reclaimed;
}
