/*
 * compaction.c - memory compaction (pagealloc/compaction.h; kernel-semantics 7).
 *
 * Follows V618 mm/compaction.c: compact_zone's loop of isolate_migratepages
 * (migration scanner, one pageblock at a time from the zone start, at most
 * COMPACT_CLUSTER_MAX pages a batch), migrate_pages with compaction_alloc as
 * the target allocator (free scanner isolate_freepages from the zone end,
 * pageblock by pageblock, with its stride that doubles over blocks where
 * nothing was isolated), and __compact_finished. Isolated free blocks are held
 * as blocks allocated by compaction (off the free lists, out of free_pages, as
 * the kernel's isolated pages are out of NR_FREE_PAGES) and given back at the
 * end. 5.1+ runs for an order search the free lists first
 * (fast_find_migrateblock, fast_isolate_freepages: profile
 * compaction.fast_search), and 4.6+ async direct compaction gives up an
 * order-aligned block at its first failure (skip_on_failure). Skip bits,
 * __reset_isolation_suitable and the whole-zone test follow the era
 * (compaction.skip_scanned, reset_search: 5.1+), as do async runs' source
 * blocks (compaction.async_movable_only: 3.3 - 4.11). Not modelled:
 * capture (docs/compaction.md), contention, async skipping of
 * dirty pages, non-LRU movable pages, 5.1+ test_and_set_skip, and the
 * per-CPU lists that freed source pages pass through (they go straight to
 * the buddy lists here unless the caller models them).
 */
#include <stdlib.h>
#include <string.h>

#include "pagealloc/compaction.h"
#include "pagealloc/fragindex.h"
#include "pagealloc/lru.h"
#include "pagealloc/pageops.h"
#include "pagealloc/pfnlist.h"
#include "pagealloc/vmscan.h"
#include "mm/internal.h"

const char *pa_compact_result_name(enum pa_compact_result r)
{
    static const char *const names[PA_COMPACT_RESULT_COUNT] = {
        "not_suitable_zone", "skipped", "deferred", "no_suitable_page", "continue",
        "complete", "partial_skipped", "contended", "success"};
    return (unsigned)r < PA_COMPACT_RESULT_COUNT ? names[r] : "?";
}

/* ---- compaction_suitable (7.3) ----------------------------------------------------- */

static bool wm_ok(const struct pa_profile *p, const struct pa_wmark_state *s, unsigned order,
                  uint64_t mark, int classzone_idx, unsigned alloc_flags)
{
    return pa_watermark_ok(p, s, order, (unsigned long)mark, classzone_idx, alloc_flags, NULL);
}

enum pa_compact_result pa_compaction_suitable(const struct pa_profile *p,
                                              const struct pa_wmark_state *s, unsigned order,
                                              int classzone_idx, unsigned alloc_flags,
                                              bool async, unsigned extfrag_threshold)
{
    if (!p || !s || order > s->max_order || classzone_idx < 0 ||
        classzone_idx >= PA_ZONE_TYPES)
        return PA_COMPACT_SKIPPED;
    uint64_t low = s->watermark[PA_WMARK_LOW] + s->boost;
    uint64_t min = s->watermark[PA_WMARK_MIN] + s->boost;
    int fragindex;
    switch (p->compaction.rule) {
    case PA_COMPACT_NONE:
        return PA_COMPACT_SKIPPED;
    case PA_COMPACT_3X:
        /* V316 compaction_suitable: classzone 0, no alloc flags */
        if (!wm_ok(p, s, 0, low + pa_compact_gap(order), 0, 0))
            return PA_COMPACT_SKIPPED;
        fragindex = pa_fragmentation_index(s->nr_free, s->max_order, order);
        if (fragindex >= 0 && fragindex <= (int)extfrag_threshold)
            return PA_COMPACT_SKIPPED;
        if (fragindex == -1000 && wm_ok(p, s, order, low + pa_compact_gap(order), 0, 0))
            return PA_COMPACT_SUCCESS; /* 3.x's COMPACT_PARTIAL */
        return PA_COMPACT_CONTINUE;
    case PA_COMPACT_44:
        /* V44 __compaction_suitable */
        if (wm_ok(p, s, order, low, classzone_idx, alloc_flags))
            return PA_COMPACT_SUCCESS;
        if (!wm_ok(p, s, 0, low + pa_compact_gap(order), classzone_idx, alloc_flags))
            return PA_COMPACT_SKIPPED;
        fragindex = pa_fragmentation_index(s->nr_free, s->max_order, order);
        if (fragindex >= 0 && fragindex <= (int)extfrag_threshold)
            return PA_COMPACT_NOT_SUITABLE_ZONE;
        return PA_COMPACT_CONTINUE;
    case PA_COMPACT_6X:
    default:
        /* V618 compaction_suit_allocation_order */
        if (wm_ok(p, s, order, pa_wmark_mark(p, s, alloc_flags), classzone_idx, alloc_flags))
            return PA_COMPACT_SUCCESS;
        if (order > 3 && async && !(alloc_flags & PA_ALLOC_CMA) &&
            !wm_ok(p, s, 0, low + pa_compact_gap(order), classzone_idx, 0))
            return PA_COMPACT_SKIPPED;
        /* V618 __compaction_suitable: LOW above PAGE_ALLOC_COSTLY_ORDER, else MIN */
        if (!wm_ok(p, s, 0, (order > 3 ? low : min) + pa_compact_gap(order), classzone_idx,
                   PA_ALLOC_CMA))
            return PA_COMPACT_SKIPPED;
        if (order > 3) {
            fragindex = pa_fragmentation_index(s->nr_free, s->max_order, order);
            if (fragindex >= 0 && fragindex <= (int)extfrag_threshold)
                return PA_COMPACT_SKIPPED;
        }
        return PA_COMPACT_CONTINUE;
    }
}

/* ---- deferral (7.5) ------------------------------------------------------------------ */

void pa_defer_compaction(struct pa_zone_compact *c, unsigned order)
{
    if (!c)
        return;
    c->considered = 0;
    if (++c->defer_shift > PA_COMPACT_MAX_DEFER_SHIFT)
        c->defer_shift = PA_COMPACT_MAX_DEFER_SHIFT;
    if ((int)order < c->order_failed)
        c->order_failed = (int)order;
}

bool pa_compaction_deferred(struct pa_zone_compact *c, unsigned order)
{
    if (!c || (int)order < c->order_failed)
        return false;
    unsigned limit = 1u << c->defer_shift;
    if (++c->considered >= limit) {
        c->considered = limit;
        return false;
    }
    return true;
}

void pa_compaction_defer_reset(struct pa_zone_compact *c, unsigned order, bool alloc_success)
{
    if (!c)
        return;
    if (alloc_success) {
        c->considered = 0;
        c->defer_shift = 0;
    }
    if ((int)order >= c->order_failed)
        c->order_failed = (int)order + 1;
}

bool pa_compaction_restarting(const struct pa_zone_compact *c, unsigned order)
{
    if (!c || (int)order < c->order_failed)
        return false;
    return c->defer_shift == PA_COMPACT_MAX_DEFER_SHIFT &&
           c->considered >= 1u << c->defer_shift;
}

/* ---- __reset_isolation_suitable ------------------------------------------------------- */

/* V618 pageblock_skip_persistent: pfn lies in a compound page of pageblock
   order or more (its blocks keep their skip bits). */
static bool skip_persistent(const struct pa_machine *m, uint64_t pfn)
{
    for (unsigned o = m->pageblock_order; o <= m->max_order; o++) {
        uint64_t h = pfn & ~(((uint64_t)1 << o) - 1);
        const struct pa_page *p = &m->pages[h];
        if ((p->flags & PA_PG_ALLOC) && p->order == o) {
            switch ((enum pa_page_kind)p->kind) {
            case PA_KIND_ANON: case PA_KIND_FILE: case PA_KIND_SLAB:
            case PA_KIND_KMALLOC_LARGE: case PA_KIND_HUGETLB:
                return true;
            default:
                return false;
            }
        }
    }
    return false;
}

/* V618 __reset_isolation_pfn (e332f741a8dd, 5.1): whether pfn's block is a
   place to restart a scanner; its skip bit is cleared when a sample of its
   pages (every 1 << PAGE_ALLOC_COSTLY_ORDER from the block's start) finds
   an LRU page (check_source) or a free block's head (check_target). Once
   both are checked, a block without a skip bit qualifies as it is; the free
   side's first block must be MOVABLE. */
static bool reset_isolation_pfn(struct pa_zone *z, uint64_t pfn, bool check_source,
                                bool check_target)
{
    struct pa_machine *m = z->machine;
    uint64_t pb = (uint64_t)1 << m->pageblock_order, zend = pa_zone_end_pfn(z);
    if (pfn < z->start_pfn || pfn >= zend || (m->pages[pfn].flags & PA_PG_HOLE))
        return false;
    if (skip_persistent(m, pfn))
        return false;
    struct pa_pageblock *blk = pa_pfn_to_pageblock(m, pfn);
    if (check_source && check_target && !(blk->flags & PA_PB_SKIP))
        return true;
    if (!check_source && check_target && pa_pageblock_migratetype(m, pfn) != PA_MT_MOVABLE)
        return false;
    uint64_t start = pfn & ~(pb - 1), last = (pfn & ~(pb - 1)) + pb - 1;
    if (start < z->start_pfn)
        start = z->start_pfn;
    if (last > zend - 1)
        last = zend - 1;
    if (m->pages[last].flags & PA_PG_HOLE)
        return false;
    if (m->pages[start].flags & PA_PG_HOLE)
        start = pfn;
    for (uint64_t q = start; q <= last; q += (uint64_t)1 << PA_COSTLY_ORDER) {
        const struct pa_page *p = &m->pages[q];
        if ((check_source && (p->flags & PA_PG_LRU)) ||
            (check_target && (p->flags & PA_PG_BUDDY))) {
            blk->flags &= (uint8_t)~PA_PB_SKIP;
            return true;
        }
    }
    return false;
}

void pa_reset_isolation_suitable(struct pa_zone *z)
{
    if (!z || !z->machine || !z->spanned)
        return;
    struct pa_machine *m = z->machine;
    struct pa_zone_compact *zc = &z->compact;
    uint64_t pb = (uint64_t)1 << m->pageblock_order, zend = pa_zone_end_pfn(z);
    if (!m->profile->compaction.reset_search) {
        /* V316 / V44 __reset_isolation_suitable: the whole zone, and
           reset_cached_positions */
        zc->blockskip_flush = false;
        unsigned pbo = m->pageblock_order;
        for (uint64_t b = z->start_pfn >> pbo; b <= (zend - 1) >> pbo; b++)
            m->pageblocks[b].flags &= (uint8_t)~PA_PB_SKIP;
        zc->cached_migrate_pfn[0] = zc->cached_migrate_pfn[1] = z->start_pfn;
        zc->cached_free_pfn = (zend - 1) & ~(pb - 1);
        return;
    }
    /* V618 __reset_isolation_suitable: both ends at once, the migration side
       walking up from the zone's start, the free side down from its last
       pfn (not block-aligned: the free scanner then starts at that pfn of
       its block), until they cross */
    if (!zc->blockskip_flush)
        return;
    zc->blockskip_flush = false;
    int64_t migrate = (int64_t)z->start_pfn, free_pfn = (int64_t)zend - 1;
    int64_t reset_migrate = free_pfn, reset_free = migrate;
    bool source_set = false, free_set = false;
    for (; migrate < free_pfn; migrate += (int64_t)pb, free_pfn -= (int64_t)pb) {
        if (reset_isolation_pfn(z, (uint64_t)migrate, true, source_set) &&
            migrate < reset_migrate) {
            source_set = true;
            reset_migrate = migrate;
            zc->init_migrate_pfn = zc->cached_migrate_pfn[0] = zc->cached_migrate_pfn[1] =
                (uint64_t)migrate;
        }
        if (reset_isolation_pfn(z, (uint64_t)free_pfn, free_set, true) &&
            free_pfn > reset_free) {
            free_set = true;
            reset_free = free_pfn;
            zc->init_free_pfn = zc->cached_free_pfn = (uint64_t)free_pfn;
        }
    }
    /* "Leave no distance if no suitable block was reset" */
    if (reset_migrate >= reset_free) {
        zc->cached_migrate_pfn[0] = zc->cached_migrate_pfn[1] = (uint64_t)migrate;
        zc->cached_free_pfn = free_pfn < 0 ? z->start_pfn : (uint64_t)free_pfn;
    }
}

enum pa_migrate_mode pa_compact_prio_mode(enum pa_compact_priority prio)
{
    return prio == PA_COMPACT_PRIO_ASYNC ? PA_MIGRATE_ASYNC : PA_MIGRATE_SYNC_LIGHT;
}

void pa_compact_release_held(struct pa_machine *m, struct pa_compact_control *cc, bool drain)
{
    if (!cc)
        return;
    if (drain && m)
        for (size_t i = 0; i < cc->nr_held; i++)
            pa_free_pages(m, cc->held[i], 0);
    free(cc->held);
    cc->held = NULL;
    cc->nr_held = 0;
}

void pa_compact_control_whole_zone(struct pa_compact_control *cc)
{
    if (!cc)
        return;
    memset(cc, 0, sizeof *cc);
    cc->order = -1;
    cc->mode = PA_MIGRATE_SYNC;
    cc->migratetype = PA_MT_MOVABLE;
    cc->whole_zone = true;
    cc->ignore_skip_hint = true;
    cc->unevictable_allowed = true;
}

/* ---- the run -------------------------------------------------------------------------- */

struct blist {              /* a list of isolated blocks (pfns), FIFO with push-front */
    uint64_t *pfn;
    size_t start, n, cap;
};

struct run {
    struct pa_machine *m;
    struct pa_zone *z;
    struct pa_compact_control *cc;
    uint64_t pb_pages;
    struct pa_pfnlist migratepages;      /* isolated source pages (PA_PG_ISOLATED) */
    uint64_t nr_migratepages, nr_freepages;
    struct blist freel[PA_ORDER_CAP + 1];
    struct blist pcp;                    /* freed sources held on a pcp list      */
    uint64_t pcp_free_count;             /* consecutive frees (pcp->free_count)   */
    bool finish_pageblock;               /* isolate the rest of the block at once */
    bool oom;
    /* 5.1+ fast searches (profile compaction.fast_search, a run for an order) */
    bool fast;
    unsigned fast_search_fail;           /* cc->fast_search_fail                  */
    int search_order;                    /* cc->search_order                      */
    uint64_t fast_start_pfn;             /* lowest pfn found; UINT64_MAX: used    */
};

static bool bl_push(struct blist *b, uint64_t pfn, bool front)
{
    if (b->start + b->n == b->cap || (front && !b->start)) {
        if (b->start) {
            memmove(b->pfn, b->pfn + b->start, b->n * sizeof *b->pfn);
            b->start = 0;
        }
        if (b->n + 1 >= b->cap) {
            size_t cap = b->cap ? b->cap * 2 : 64;
            uint64_t *p = realloc(b->pfn, cap * sizeof *p);
            if (!p)
                return false;
            b->pfn = p;
            b->cap = cap;
        }
        if (front) {
            memmove(b->pfn + 1, b->pfn, b->n * sizeof *b->pfn);
            b->start = 1;
        }
    }
    if (front)
        b->pfn[--b->start] = pfn;
    else
        b->pfn[b->start + b->n] = pfn;
    b->n++;
    return true;
}

static uint64_t bl_pop(struct blist *b)
{
    uint64_t pfn = b->pfn[b->start++];
    if (!--b->n)
        b->start = 0;
    return pfn;
}

static inline uint64_t pb_start(const struct run *r, uint64_t pfn)
{
    return pfn & ~(r->pb_pages - 1);
}

/* The zone's cached scanner positions, where the next run that is not a
   whole-zone one starts (compact_zone). Each era moves them only as its
   scanners finish pageblocks, never to where a run stopped:
   5.1+ (profile compaction.cache_per_block; V618 update_cached_migrate,
   update_pageblock_skip, fast_isolate_freepages): a migration block scanned
   to its end with nothing isolated or taken whole (finish_pageblock) raises
   the migrate pfns to pageblock_end_pfn(end), i.e. ALIGN(end + 1, pageblock)
   - one block past the next; a free block scanned to its end lowers the free
   pfn to the block below, whatever it isolated;
   before (V44 update_pageblock_skip(..., nr_isolated, migrate_scanner), the
   3.x rules taken to be the same: UNVERIFIED before 3.16): only blocks where
   nothing was isolated, not when the run ignores skip hints, the migrate pfns
   raised to the block's first scanned pfn, the free pfn lowered to it. */
static void cache_migrate_pfn(struct run *r, uint64_t pfn)
{
    struct pa_zone_compact *zc = &r->z->compact;
    if (pfn > zc->cached_migrate_pfn[0])
        zc->cached_migrate_pfn[0] = pfn;
    if (r->cc->mode != PA_MIGRATE_ASYNC && pfn > zc->cached_migrate_pfn[1])
        zc->cached_migrate_pfn[1] = pfn;
}

static void cache_free_pfn(struct run *r, uint64_t pfn)
{
    if (pfn < r->z->compact.cached_free_pfn)
        r->z->compact.cached_free_pfn = pfn;
}

static bool scanners_met(const struct run *r)
{
    return (r->cc->free_pfn >> r->m->pageblock_order) <=
           (r->cc->migrate_pfn >> r->m->pageblock_order);
}

/* pageblock_pfn_to_page: the block's first and last pfn in the zone, no hole. */
static bool block_valid(const struct run *r, uint64_t start, uint64_t end)
{
    if (start < r->z->start_pfn || end > pa_zone_end_pfn(r->z) || end <= start)
        return false;
    return !(r->m->pages[start].flags & PA_PG_HOLE) && !(r->m->pages[end - 1].flags & PA_PG_HOLE);
}

static bool isolation_suitable(const struct run *r, uint64_t pfn)
{
    return r->cc->ignore_skip_hint || !(pa_pfn_to_pageblock(r->m, pfn)->flags & PA_PB_SKIP);
}

/* V618 suitable_migration_source (4.12+); mainline 3.3 - 4.11 (profile
   compaction.async_movable_only), V316 / V44 migrate_async_suitable: an
   async run of any origin scans MOVABLE and CMA blocks only, whatever the
   request. */
static bool suitable_source(const struct run *r, uint64_t pfn)
{
    const struct pa_compact_control *cc = r->cc;
    if (r->m->profile->compaction.async_movable_only) {
        if (cc->mode != PA_MIGRATE_ASYNC)
            return true;
        enum pa_migratetype bmt = pa_pageblock_migratetype(r->m, pfn);
        return bmt == PA_MT_MOVABLE || bmt == PA_MT_CMA;
    }
    if (cc->mode != PA_MIGRATE_ASYNC || !cc->direct_compaction)
        return true;
    enum pa_migratetype bmt = pa_pageblock_migratetype(r->m, pfn);
    if (cc->migratetype == PA_MT_MOVABLE)
        return bmt == PA_MT_MOVABLE || bmt == PA_MT_CMA;
    return bmt == cc->migratetype;
}

/* The head of a compound allocation (__GFP_COMP): a large folio (anon,
   page cache), a slab, a large kmalloc, a hugetlb page. Plain kernel
   allocations of higher order, page tables, stacks and the blocks
   compaction itself holds are not compound. */
static bool compound_head(const struct pa_page *p)
{
    if (!(p->flags & PA_PG_ALLOC) || !p->order)
        return false;
    switch ((enum pa_page_kind)p->kind) {
    case PA_KIND_ANON: case PA_KIND_FILE: case PA_KIND_SLAB: case PA_KIND_KMALLOC_LARGE:
    case PA_KIND_HUGETLB:
        return true;
    default:
        return false;
    }
}

/* V618 skip_isolation_on_order */
static bool skip_on_order(unsigned order, int target, unsigned pb_order)
{
    if (target >= 0 && order >= (unsigned)target)
        return true;
    return order >= pb_order;
}

/* On an LRU, of a kind with a migrate operation, not under write-back
   (pa_migrate_page would refuse it), unevictable only if allowed. The
   kind's isolate operation is asked by pa_lru_isolate. */
static bool page_movable(const struct run *r, const struct pa_page *p)
{
    if (!(p->flags & PA_PG_LRU) || (p->flags & PA_PG_WRITEBACK))
        return false;
    if ((p->flags & PA_PG_UNEVICTABLE) && !r->cc->unevictable_allowed)
        return false;
    return pa_kind_movable(r->m, (enum pa_page_kind)p->kind);
}

/* V618 isolate_migratepages_block over [low, end). */
static void isolate_migratepages_block(struct run *r, uint64_t low, uint64_t end)
{
    struct pa_machine *m = r->m;
    uint64_t scanned = 0, isolated = 0, first = low;
    /* 4.6+ (profile compaction.skip_on_failure) async direct compaction: a
       page that cannot be isolated spoils its cc->order-aligned block - what
       was isolated there goes back and the scan jumps to the next one; a
       block isolated whole is migrated at once (V618 skip_on_failure,
       next_skip_pfn) */
    const struct pa_compact_control *cc = r->cc;
    bool sof = cc->direct_compaction && cc->mode == PA_MIGRATE_ASYNC && cc->order > 0 &&
               m->profile->compaction.skip_on_failure;
    uint64_t oblock = sof ? (uint64_t)1 << cc->order : 1;
    uint64_t next_skip = sof ? (low + oblock) & ~(oblock - 1) : 0;
    for (; low < end; low++) {
        if (sof && low >= next_skip) {
            if (isolated)
                break;
            next_skip = (low + oblock) & ~(oblock - 1);
        }
        scanned++;
        const struct pa_page *p = &m->pages[low];
        if (p->flags & PA_PG_BUDDY) {
            uint64_t skip = ((uint64_t)1 << p->order) - 1;
            low += skip;
            scanned += skip;
            continue;
        }
        if (!(p->flags & PA_PG_ALLOC))
            goto fail;
        /* before 6.10 every compound page is passed (V66
           isolate_migratepages_block); from 6.10 those of the target order
           or pageblock order and up (skip_isolation_on_order) */
        if (p->order > 0 && (skip_on_order(p->order, cc->order, m->pageblock_order) ||
                             (!m->profile->compaction.large_folios && compound_head(p)))) {
            uint64_t skip = ((uint64_t)1 << p->order) - 1;
            low += skip;
            scanned += skip;
            goto fail;
        }
        if (!page_movable(r, p) || pa_lru_isolate(m, low, &r->migratepages))
            goto fail;
        isolated += (uint64_t)1 << p->order;
        r->nr_migratepages += (uint64_t)1 << p->order;
        if (p->order)
            low += ((uint64_t)1 << p->order) - 1;
        if (r->nr_migratepages >= PA_COMPACT_CLUSTER_MAX && !r->finish_pageblock) {
            low++;
            break;
        }
        continue;
    fail:
        if (!sof)
            continue;
        if (isolated) { /* the list holds only this call's pages */
            pa_lru_putback_list(m, &r->migratepages);
            r->nr_migratepages = 0;
            isolated = 0;
        }
        if (low < next_skip) {
            low = next_skip - 1;
            next_skip += oblock;
        }
    }
    /* skipping a free block can bring the scan past the block: it goes on
       from the block's end (V44, V618 isolate_migratepages_block), so the
       next block's part of a larger free block is scanned page by page and
       counted, as compact_migrate_scanned counts it */
    if (low > end)
        low = end;
    /* a pageblock scanned to its end with nothing isolated: skip it next
       time. 5.1+ (skip_scanned; V618 isolate_migratepages_block's
       valid_page): also in runs ignoring the hints and for a block rescanned
       to its end (finish_pageblock), but only by a scan that began at the
       block's start (or the zone's). Not modelled: test_and_set_skip, the
       bit 5.1+ sets when the scan first takes a page from a block. */
    if (m->profile->compaction.skip_scanned) {
        bool valid = first == pb_start(r, first) || first == r->z->start_pfn;
        if (low >= end && (!isolated || r->finish_pageblock) && valid)
            pa_pfn_to_pageblock(m, end - 1)->flags |= PA_PB_SKIP;
    } else if (low >= end && !isolated && !r->cc->ignore_skip_hint) {
        pa_pfn_to_pageblock(m, end - 1)->flags |= PA_PB_SKIP;
    }
    if (m->profile->compaction.cache_per_block) {
        if (low >= end && (!isolated || r->finish_pageblock))
            cache_migrate_pfn(r, pb_start(r, end) + r->pb_pages);
    } else if (low >= end && !isolated && !r->cc->ignore_skip_hint) {
        cache_migrate_pfn(r, first);
    }
    r->cc->migrate_pfn = low;
    r->cc->migrate_scanned += scanned;
    r->cc->isolated_migrate += isolated;
    m->compact_stats.compact_migrate_scanned += scanned;
    m->compact_stats.compact_isolated += isolated;
    if (PA_EVENTS_ON(m))
        pa_compact_trace_isolate(m, r->z, PA_EV_COMPACTION_ISOLATE_MIGRATEPAGES, first, low,
                                 scanned, isolated);
}

/* ---- 5.1+ fast searches of the free lists (profile compaction.fast_search) ----------
   After V618 mm/compaction.c (the 5.1 series, later fixes included). Both
   search only the MOVABLE free lists and reorder them so that the next
   search starts with entries not yet looked at. */

/* freelist_scan_limit: 33, 17, 9 ... entries as searches keep failing */
static unsigned freelist_scan_limit(const struct run *r)
{
    unsigned shift = r->fast_search_fail < 31 ? r->fast_search_fail : 31;
    return (PA_COMPACT_CLUSTER_MAX >> shift) + 1;
}

/* Rotate the list so that x (a member) is its head; the entries before x
   move, in order, to the tail. */
static void freelist_rotate(struct pa_page *pages, struct pa_pfnlist *l, uint32_t x)
{
    if (x == PA_PFN_NONE || x == l->head)
        return;
    uint32_t old_head = l->head, old_tail = l->tail, new_tail = pages[x].prev;
    pages[old_tail].next = old_head;
    pages[old_head].prev = old_tail;
    pages[x].prev = PA_PFN_NONE;
    pages[new_tail].next = PA_PFN_NONE;
    l->head = x;
    l->tail = new_tail;
}

/* move_freelist_head (the free scanner searches from the tail): unless x is
   last, the entries before it go to the tail. move_freelist_tail (the
   migration scanner searches from the head): unless x is first, x and the
   entries before it go to the tail. */
static void move_freelist_head(struct pa_page *pages, struct pa_pfnlist *l, uint32_t x)
{
    if (x != l->tail)
        freelist_rotate(pages, l, x);
}

static void move_freelist_tail(struct pa_page *pages, struct pa_pfnlist *l, uint32_t x)
{
    if (x != l->head && pages[x].next != PA_PFN_NONE)
        freelist_rotate(pages, l, pages[x].next);
}

/* V618 reinit_migrate_pfn: after a failed search the linear scan starts once
   from the lowest pfn a search found. */
static uint64_t reinit_migrate_pfn(struct run *r)
{
    if (!r->fast_start_pfn || r->fast_start_pfn == UINT64_MAX)
        return r->cc->migrate_pfn;
    r->cc->migrate_pfn = r->fast_start_pfn;
    r->fast_start_pfn = UINT64_MAX;
    return r->cc->migrate_pfn;
}

/* V618 fast_find_migrateblock: for an order above PAGE_ALLOC_COSTLY_ORDER
   (not a direct compaction for an unmovable or reclaimable request, not one
   ignoring skip hints, at a pageblock start), a block holding a free block
   of order cc->order - 1 .. 3 in the first half of the scan space (an eighth
   once the scanner has moved) becomes the next source: fewer pages to move
   before it is free. The block's skip bit is set. The entries looked at
   count as scanned pages. */
static uint64_t fast_find_migrateblock(struct run *r)
{
    struct pa_compact_control *cc = r->cc;
    struct pa_machine *m = r->m;
    uint64_t pfn = cc->migrate_pfn;
    if (!r->fast || cc->ignore_skip_hint || r->finish_pageblock)
        return pfn;
    if (pfn != r->z->start_pfn && pfn != pb_start(r, pfn))
        return pfn; /* a continuation of the block after a full batch */
    if (cc->order <= PA_COSTLY_ORDER)
        return pfn;
    if (cc->direct_compaction && cc->migratetype != PA_MT_MOVABLE)
        return pfn;
    unsigned limit = freelist_scan_limit(r), nr_scanned = 0;
    uint64_t distance = (cc->free_pfn - cc->migrate_pfn) >> 1;
    if (cc->migrate_pfn != r->z->start_pfn)
        distance >>= 2;
    uint64_t high_pfn = pb_start(r, cc->migrate_pfn + distance);
    bool found = false;
    for (int order = cc->order - 1; order >= PA_COSTLY_ORDER && !found && nr_scanned < limit;
         order--) {
        if (!r->z->free_area[order].nr_free)
            continue;
        struct pa_pfnlist *fl = &r->z->free_area[order].free_list[PA_MT_MOVABLE];
        for (uint32_t f = fl->head; f != PA_PFN_NONE; f = m->pages[f].next) {
            if (nr_scanned++ >= limit) {
                move_freelist_tail(m->pages, fl, f);
                break;
            }
            if (f >= high_pfn)
                continue;
            struct pa_pageblock *pb = pa_pfn_to_pageblock(m, f);
            if (pb->flags & PA_PB_SKIP)
                continue;
            move_freelist_tail(m->pages, fl, f);
            /* update_fast_start_pfn */
            if (r->fast_start_pfn != UINT64_MAX &&
                (!r->fast_start_pfn || f < r->fast_start_pfn))
                r->fast_start_pfn = f;
            pfn = pb_start(r, f) < r->z->start_pfn ? r->z->start_pfn : pb_start(r, f);
            r->fast_search_fail = 0;
            found = true;
            pb->flags |= PA_PB_SKIP;
            break;
        }
    }
    cc->migrate_scanned += nr_scanned;
    m->compact_stats.compact_migrate_scanned += nr_scanned;
    if (!found) {
        r->fast_search_fail++;
        pfn = reinit_migrate_pfn(r);
    }
    return pfn;
}

/* V618 isolate_migratepages: one pageblock (or its rest) per call. */
static bool isolate_migratepages(struct run *r)
{
    struct pa_compact_control *cc = r->cc;
    uint64_t low = fast_find_migrateblock(r);
    bool fast_block = low != cc->migrate_pfn && !r->fast_search_fail;
    uint64_t bstart = pb_start(r, low);
    if (bstart < r->z->start_pfn)
        bstart = r->z->start_pfn;
    uint64_t bend = pb_start(r, low) + r->pb_pages;
    for (; bend <= cc->free_pfn;
         fast_block = false, cc->migrate_pfn = low = bend, bstart = bend, bend += r->pb_pages) {
        if (!block_valid(r, bstart, bend))
            continue;
        if ((low == bstart || low == r->z->start_pfn) && !fast_block &&
            !isolation_suitable(r, bstart))
            continue;
        if (!suitable_source(r, bstart))
            continue;
        isolate_migratepages_block(r, low, bend);
        break;
    }
    return !pa_pfnlist_empty(&r->migratepages);
}

/* __isolate_free_page: take a free block if the zone stays above MIN + 2^order
   (order-0 check); blocks of pageblock_order - 1 and up retype their
   pageblocks MOVABLE. */
static bool isolate_free_block(struct run *r, uint64_t pfn, unsigned order)
{
    struct pa_zone *z = r->z;
    struct pa_machine *m = r->m;
    uint64_t mark = z->watermark[PA_WMARK_MIN] + ((uint64_t)1 << order);
    if (z->free_pages <= mark + z->lowmem_reserve[0])
        return false;
    enum pa_migratetype mt = (enum pa_migratetype)m->pages[pfn].mt;
    pa_free_list_del(z, pfn);
    pa_mark_allocated(z, pfn, order, PA_MT_MOVABLE);
    if (order + 1 >= m->pageblock_order) {
        for (uint64_t b = pfn; b < pfn + ((uint64_t)1 << order); b += r->pb_pages) {
            enum pa_migratetype bmt = pa_pageblock_migratetype(m, b);
            if (bmt == PA_MT_UNMOVABLE || bmt == PA_MT_RECLAIMABLE)
                pa_set_pageblock_migratetype(m, b, PA_MT_MOVABLE);
        }
    }
    (void)mt;
    return true;
}

/* V618 isolate_freepages_block over [*start, end) with stride; returns pages
   isolated and leaves *start where the scan stopped. */
static uint64_t isolate_freepages_block(struct run *r, uint64_t *start, uint64_t end,
                                        unsigned stride)
{
    struct pa_machine *m = r->m;
    uint64_t pfn = *start, scanned = 0, total = 0;
    for (; pfn < end; pfn += stride) {
        scanned++;
        const struct pa_page *p = &m->pages[pfn];
        if (!(p->flags & PA_PG_BUDDY)) {
            /* V618 isolate_freepages_block: a compound page is passed whole
               when it ends inside the block (with a stride above 1 the scan
               goes on from its end, not from the stride's grid) */
            if (compound_head(p) && pfn + ((uint64_t)1 << p->order) <= end) {
                pfn += ((uint64_t)1 << p->order) - 1;
                scanned += ((uint64_t)1 << p->order) - 1;
            }
            continue;
        }
        unsigned order = p->order;
        if (!isolate_free_block(r, pfn, order))
            break;
        uint64_t n = (uint64_t)1 << order;
        if (!bl_push(&r->freel[order], pfn, false)) {
            r->oom = true;
            pa_free_pages(m, pfn, order);
            break;
        }
        scanned += n - 1;
        total += n;
        r->nr_freepages += n;
        if (r->nr_migratepages <= r->nr_freepages) {
            pfn += n;
            break;
        }
        pfn += n - 1;
    }
    if (pfn > end)
        pfn = end;
    r->cc->free_scanned += scanned;
    r->cc->isolated_free += total;
    m->compact_stats.compact_free_scanned += scanned;
    m->compact_stats.compact_isolated += total;
    if (PA_EVENTS_ON(m))
        pa_compact_trace_isolate(m, r->z, PA_EV_COMPACTION_ISOLATE_FREEPAGES, *start, pfn,
                                 scanned, total);
    *start = pfn;
    return total;
}

/* V618 suitable_migration_target */
static bool suitable_target(const struct run *r, uint64_t pfn)
{
    const struct pa_page *p = &r->m->pages[pfn];
    if ((p->flags & PA_PG_BUDDY) && p->order >= r->m->pageblock_order)
        return false;
    if (r->cc->ignore_block_suitable)
        return true;
    enum pa_migratetype mt = pa_pageblock_migratetype(r->m, pfn);
    return mt == PA_MT_MOVABLE || mt == PA_MT_CMA;
}

/* V618 next_search_order: the orders below cc->order, round robin from the
   last successful one; -1 once the search is back where it started. */
static int next_search_order(struct run *r, int order)
{
    if (--order < 0)
        order = r->cc->order - 1;
    if (order == r->search_order) {
        if (--r->search_order < 0)
            r->search_order = r->cc->order - 1;
        return -1;
    }
    return order;
}

/* Take the free block of order at pfn as a target (counted as isolated). */
static bool fast_take(struct run *r, uint64_t pfn, unsigned order)
{
    if (!isolate_free_block(r, pfn, order))
        return false;
    if (!bl_push(&r->freel[order], pfn, false)) {
        r->oom = true;
        pa_free_pages(r->m, pfn, order);
        return false;
    }
    r->nr_freepages += (uint64_t)1 << order;
    return true;
}

/* V618 fast_isolate_around: the rest of the pageblock of pfn, linearly
   (stride 1), unless enough is held or it is async direct compaction; a block
   scanned to its end is skipped next time. */
static void fast_isolate_around(struct run *r, uint64_t pfn)
{
    struct pa_compact_control *cc = r->cc;
    if (r->nr_freepages >= r->nr_migratepages)
        return;
    if (cc->direct_compaction && cc->mode == PA_MIGRATE_ASYNC)
        return;
    uint64_t start = pb_start(r, pfn), end = start + r->pb_pages;
    if (start < r->z->start_pfn)
        start = r->z->start_pfn;
    if (end > pa_zone_end_pfn(r->z))
        end = pa_zone_end_pfn(r->z);
    if (!block_valid(r, start, end))
        return;
    isolate_freepages_block(r, &start, end, 1);
    /* V618: "!cc->no_set_skip_hint", so also at SYNC_FULL priority */
    if (start >= end)
        pa_pfn_to_pageblock(r->m, end - 1)->flags |= PA_PB_SKIP;
}

/* V618 fast_isolate_freepages: for a run with an order, a free block of an
   order below it on a MOVABLE list, searched from the tail, in the top
   quarter of the space between the scanners (the highest in the top half
   if none is; at most freelist_scan_limit / 2 entries a list, half a
   pageblock's worth on the first search), is taken with the rest of its
   pageblock. A first search that finds none moves the free scanner down to
   the highest pageblock seen (direct compaction: to the middle of the scan
   space). */
static void fast_isolate_freepages(struct run *r)
{
    struct pa_compact_control *cc = r->cc;
    struct pa_machine *m = r->m;
    struct pa_zone *z = r->z;
    unsigned limit = freelist_scan_limit(r) >> 1;
    if (!limit)
        limit = 1;
    /* the scanner is where a run starts: at or above compact_init_free_pfn
       (0 until the first __reset_isolation_suitable: every search then) */
    bool scan_start = cc->free_pfn >= z->compact.init_free_pfn;
    if (scan_start)
        limit = (unsigned)(r->pb_pages >> 1);
    uint64_t distance = cc->free_pfn - cc->migrate_pfn;
    uint64_t low_pfn = pb_start(r, cc->free_pfn - (distance >> 2));
    uint64_t min_pfn = pb_start(r, cc->free_pfn - (distance >> 1));
    uint64_t highest = 0, nr_scanned = 0, total = 0, page = PA_PFN_NONE;
    if (r->search_order > cc->order - 1)
        r->search_order = cc->order - 1;
    for (int order = r->search_order; page == PA_PFN_NONE && order >= 0;
         order = next_search_order(r, order)) {
        if (!z->free_area[order].nr_free)
            continue;
        struct pa_pfnlist *fl = &z->free_area[order].free_list[PA_MT_MOVABLE];
        unsigned order_scanned = 0;
        uint64_t high_pfn = 0;
        uint32_t stop = PA_PFN_NONE;
        for (uint32_t f = fl->tail; f != PA_PFN_NONE; f = m->pages[f].prev) {
            order_scanned++;
            nr_scanned++;
            if (f >= highest)
                highest = pb_start(r, f) < z->start_pfn ? z->start_pfn : pb_start(r, f);
            if (f >= low_pfn) {
                r->fast_search_fail = 0;
                r->search_order = order;
                page = stop = f;
                break;
            }
            if (f >= min_pfn && f > high_pfn) {
                high_pfn = f;
                limit >>= 1; /* a candidate: shorten the scan */
            }
            if (order_scanned >= limit) {
                stop = f;
                break;
            }
        }
        if (page == PA_PFN_NONE && high_pfn)
            page = stop = (uint32_t)high_pfn;
        if (stop != PA_PFN_NONE)
            move_freelist_head(m->pages, fl, stop);
        if (page != PA_PFN_NONE) {
            if (fast_take(r, page, (unsigned)order)) {
                nr_scanned += ((uint64_t)1 << order) - 1;
                total += (uint64_t)1 << order;
            } else {
                order = r->search_order + 1; /* isolation failed: end the search */
                page = PA_PFN_NONE;
                if (r->oom)
                    break;
            }
        }
        if (r->nr_freepages >= r->nr_migratepages)
            break;
        if (order_scanned >= limit)
            limit = limit >> 1 ? limit >> 1 : 1;
    }
    cc->free_scanned += nr_scanned;
    cc->isolated_free += total;
    m->compact_stats.compact_free_scanned += nr_scanned;
    m->compact_stats.compact_isolated += total;
    /* mm_compaction_fast_isolate_freepages, as an isolate_freepages event */
    if (PA_EVENTS_ON(m))
        pa_compact_trace_isolate(m, z, PA_EV_COMPACTION_ISOLATE_FREEPAGES, min_pfn,
                                 cc->free_pfn, nr_scanned, total);
    if (page == PA_PFN_NONE) {
        r->fast_search_fail++;
        if (scan_start) {
            if (highest >= min_pfn) {
                page = highest;
                cc->free_pfn = highest;
            } else if (cc->direct_compaction &&
                       block_valid(r, min_pfn, min_pfn + r->pb_pages)) {
                page = min_pfn;
                cc->free_pfn = min_pfn;
            }
        }
    }
    /* V618: the cached free pfn goes to the block below the highest seen */
    if (highest && highest >= z->compact.cached_free_pfn)
        z->compact.cached_free_pfn = highest - r->pb_pages;
    if (page != PA_PFN_NONE && !r->oom)
        fast_isolate_around(r, page);
}

/* V618 isolate_freepages */
static void isolate_freepages(struct run *r)
{
    struct pa_compact_control *cc = r->cc;
    if (r->fast) {
        fast_isolate_freepages(r); /* try a small search of the free lists first */
        if (r->nr_freepages || r->oom)
            return;
    }
    int64_t pb = (int64_t)r->pb_pages, zstart = (int64_t)r->z->start_pfn;
    int64_t isolate_start = (int64_t)cc->free_pfn;
    int64_t bstart = (int64_t)pb_start(r, cc->free_pfn);
    int64_t bend = bstart + pb;
    if (bend > (int64_t)pa_zone_end_pfn(r->z))
        bend = (int64_t)pa_zone_end_pfn(r->z);
    int64_t low = (int64_t)pb_start(r, cc->migrate_pfn) + pb;
    unsigned stride = cc->mode == PA_MIGRATE_ASYNC ? PA_COMPACT_CLUSTER_MAX : 1;
    for (; bstart >= low; bend = bstart, bstart -= pb, isolate_start = bstart) {
        int64_t bs = bstart < zstart ? zstart : bstart;
        if (!block_valid(r, (uint64_t)bs, (uint64_t)bend))
            continue;
        if (!suitable_target(r, (uint64_t)bs) || !isolation_suitable(r, (uint64_t)bs))
            continue;
        if (isolate_start < bs)
            isolate_start = bs;
        uint64_t pos = (uint64_t)isolate_start;
        uint64_t n = isolate_freepages_block(r, &pos, (uint64_t)bend, stride);
        if (pos == (uint64_t)bend && r->m->profile->compaction.cache_per_block)
            cache_free_pfn(r, (uint64_t)(bstart - pb)); /* may wrap: reset at the next run */
        else if (pos == (uint64_t)bend && !n && !cc->ignore_skip_hint)
            cache_free_pfn(r, (uint64_t)isolate_start);
        isolate_start = (int64_t)pos;
        /* a block scanned to its end: 5.1+ (skip_scanned, V618
           isolate_freepages -> update_pageblock_skip) whatever it isolated
           and in every run; before (V44) only with nothing isolated, not in
           runs ignoring the hints */
        if (isolate_start == bend &&
            (r->m->profile->compaction.skip_scanned || (!n && !cc->ignore_skip_hint)))
            pa_pfn_to_pageblock(r->m, (uint64_t)bs)->flags |= PA_PB_SKIP;
        if (r->nr_freepages >= r->nr_migratepages) {
            if (isolate_start >= bend)
                isolate_start = bstart - pb;  /* the next block down */
            break;
        } else if (isolate_start < bend) {
            break; /* the watermark stopped the isolation */
        }
        if (r->oom)
            break;
        /* the stride doubles over blocks where nothing was isolated */
        if (n)
            stride = 1;
        else
            stride = stride * 2 < PA_COMPACT_CLUSTER_MAX ? stride * 2 : PA_COMPACT_CLUSTER_MAX;
    }
    cc->free_pfn = isolate_start < 0 ? 0 : (uint64_t)isolate_start;
}

/* Split an isolated (allocated-by-compaction) block of order high at pfn down
   to low: the upper halves go back to the front of the free lists. */
static bool split_isolated(struct run *r, uint64_t pfn, unsigned low, unsigned high)
{
    while (high > low) {
        high--;
        uint64_t half = pfn + ((uint64_t)1 << high);
        pa_mark_allocated(r->z, half, high, PA_MT_MOVABLE);
        if (!bl_push(&r->freel[high], half, true))
            return false;
    }
    r->m->pages[pfn].order = (uint8_t)low;
    return true;
}

/* compaction_alloc: a target block of order for a source page. */
static bool compaction_alloc(struct run *r, unsigned order, uint64_t *out)
{
    bool tried = false;
    for (;;) {
        for (unsigned o = order; o <= r->m->max_order; o++) {
            if (!r->freel[o].n)
                continue;
            uint64_t pfn = bl_pop(&r->freel[o]);
            if (!split_isolated(r, pfn, order, o)) {
                r->oom = true;
                return false;
            }
            r->nr_freepages -= (uint64_t)1 << order;
            *out = pfn;
            return true;
        }
        /* a large folio needs a target of its order (6.10+, V618
           compaction_alloc_noprof); isolate_freepages adds nothing while
           isolated free pages are held (V618: "if (cc->nr_freepages)
           return"), and there are always as many as sources left, so a
           folio larger than every held block fails: -ENOMEM, and the run
           ends CONTENDED (compact_zone). Not modelled: before 6.10 such a
           folio was split and moved as small pages. */
        if (tried || r->nr_freepages)
            return false;
        isolate_freepages(r);
        tried = true;
    }
}

/* One of the list's old pages whose pfn is known leaves it for the buddy
   lists (free_pcppages_bulk -> __free_one_page, merging with its buddies). */
static void free_old_pcp_page(struct pa_machine *m, struct pa_compact_control *cc, uint64_t pfn)
{
    if (pfn >= m->max_pfn)
        return;
    struct pa_page *p = &m->pages[pfn];
    if (!(p->flags & PA_PG_ALLOC) || p->order ||
        (p->kind != PA_KIND_NONE && p->kind != PA_KIND_RESERVED) ||
        (p->flags & (PA_PG_HOLE | PA_PG_RESERVED)))
        return;
    p->kind = PA_KIND_NONE;
    p->priv = 0;
    pa_free_pages(m, pfn, 0);
    cc->pcp_old_placed++;
}

/* V618 free_unref_page_commit for one freed order-0 source: free_count
   grows by one (up to batch << scale_max); at high, nr_pcp_free's count of
   the oldest pages leaves the list (the snapshot's own pcp pages first). */
static void pcp_commit(struct run *r)
{
    struct pa_compact_control *cc = r->cc;
    uint64_t batch = cc->pcp_batch ? cc->pcp_batch : 1;
    uint64_t cap = batch << cc->pcp_scale_max;
    if (r->pcp_free_count < cap)
        r->pcp_free_count++;
    if (cc->pcp_count + r->pcp.n < cc->pcp_high)
        return;
    uint64_t k = r->pcp_free_count < batch ? batch : r->pcp_free_count;
    if (cc->pcp_high > batch && k > cc->pcp_high - batch)
        k = cc->pcp_high - batch;
    for (; k && cc->pcp_count; k--, cc->pcp_count--) {
        /* free_pcppages_bulk takes the oldest first (the list's tail) */
        if (cc->pcp_old_freed < cc->nr_pcp_old_pfn)
            free_old_pcp_page(r->m, cc, cc->pcp_old_pfn[cc->pcp_old_freed]);
        cc->pcp_old_freed++;
    }
    for (; k && r->pcp.n; k--)
        pa_free_pages(r->m, bl_pop(&r->pcp), 0);
}

/* V618 mm/migrate.c migrate_pages_batch: a large folio without a target of
   its order (-ENOMEM) is split (try_split_folio) and its pages migrate as
   small folios; live 6.18 runs split tens of them a run (docs/compaction.md).
   A dirty or write-back page-cache folio does not split (V618
   mm/huge_memory.c __folio_split: filemap_release_folio cannot free dirty
   buffers): the kernel's run then ends CONTENDED, as live runs stopped at
   exactly such folios. Other refusals (extra references) are not known. */
static bool split_source(struct run *r, uint64_t src)
{
    struct pa_machine *m = r->m;
    struct pa_page *p = &m->pages[src];
    if (p->kind == PA_KIND_FILE && (p->flags & (PA_PG_DIRTY | PA_PG_WRITEBACK)))
        return false;
    unsigned order = p->order;
    enum pa_page_kind kind = (enum pa_page_kind)p->kind;
    uint32_t handle = p->priv;
    if (pa_lru_putback(m, src, &r->migratepages) || pa_lru_del(m, src))
        return false;
    p->kind = PA_KIND_NONE;
    p->priv = 0;
    pa_free_pages(m, src, order);
    for (uint64_t q = src; q < src + ((uint64_t)1 << order); q++)
        if (pa_alloc_pfn(m, q, 0, PA_MT_MOVABLE) || pa_page_set_owner(m, q, kind, handle) ||
            pa_lru_add(m, q, false) || pa_lru_isolate(m, q, &r->migratepages))
            return false;
    return true;
}

/* migrate_pages with compaction_alloc (pa_migrate_page moves each page
   and frees the old one); false when targets ran out. With a pcp model the
   old page is taken back at once, as if it waited on the compacting CPU's
   list, and freed when that list passes high. */
static bool migrate_batch(struct run *r)
{
    struct pa_machine *m = r->m;
    while (!pa_pfnlist_empty(&r->migratepages)) {
        uint64_t src = r->migratepages.head;
        unsigned order = m->pages[src].order;
        uint64_t dst;
        if (!compaction_alloc(r, order, &dst)) {
            if (order && !r->oom && !r->cc->no_split && split_source(r, src))
                continue;
            /* putback: the rest stay where they are */
            r->cc->migrate_failed += r->nr_migratepages;
            m->compact_stats.pgmigrate_fail += r->nr_migratepages;
            pa_lru_putback_list(m, &r->migratepages);
            r->nr_migratepages = 0;
            return false;
        }
        r->nr_migratepages -= (uint64_t)1 << order;
        if (pa_migrate_page(m, src, dst, &r->migratepages)) {
            /* the owner refused: the target goes back, the page stays */
            pa_lru_putback(m, src, &r->migratepages);
            pa_free_pages(m, dst, order);
            r->cc->migrate_failed += (uint64_t)1 << order;
            m->compact_stats.pgmigrate_fail += (uint64_t)1 << order;
            continue;
        }
        r->cc->migrated += (uint64_t)1 << order;
        m->compact_stats.pgmigrate_success += (uint64_t)1 << order;
        if (r->cc->pcp_high && order == 0 && !pa_alloc_pfn(m, src, 0, PA_MT_MOVABLE)) {
            if (!bl_push(&r->pcp, src, false)) {
                pa_free_pages(m, src, 0);
                continue;
            }
            pcp_commit(r);
        }
    }
    return true;
}

/* Returns the highest pfn released (V618 release_free_list), 0 if none. */
static uint64_t release_freepages(struct run *r)
{
    uint64_t high = 0;
    for (unsigned o = 0; o <= r->m->max_order; o++) {
        while (r->freel[o].n) {
            uint64_t pfn = bl_pop(&r->freel[o]);
            pa_free_pages(r->m, pfn, o);
            if (pfn > high)
                high = pfn;
        }
        free(r->freel[o].pfn);
    }
    r->nr_freepages = 0;
    return high;
}

/* find_suitable_fallback(area, order, mt, claimable) >= 0 */
static bool claimable_fallback(const struct pa_zone *z, unsigned order, enum pa_migratetype mt)
{
    static const enum pa_migratetype fb[3][2] = {
        [PA_MT_UNMOVABLE] = {PA_MT_RECLAIMABLE, PA_MT_MOVABLE},
        [PA_MT_MOVABLE] = {PA_MT_RECLAIMABLE, PA_MT_UNMOVABLE},
        [PA_MT_RECLAIMABLE] = {PA_MT_UNMOVABLE, PA_MT_MOVABLE},
    };
    if ((unsigned)mt > PA_MT_RECLAIMABLE)
        return false;
    unsigned pbo = z->machine->pageblock_order;
    bool claim = order >= pbo || order >= pbo / 2 || mt == PA_MT_UNMOVABLE ||
                 mt == PA_MT_RECLAIMABLE || z->machine->mobility_disabled;
    if (!claim)
        return false;
    for (int i = 0; i < 2; i++)
        if (z->free_area[order].free_list[fb[mt][i]].count)
            return true;
    return false;
}

/* V618 __compact_finished (V316/V44 with the watermark test first). */
static enum pa_compact_result compact_finished(struct run *r)
{
    struct pa_compact_control *cc = r->cc;
    struct pa_zone *z = r->z;
    if (scanners_met(r)) {
        z->compact.cached_migrate_pfn[0] = z->compact.cached_migrate_pfn[1] = z->start_pfn;
        z->compact.cached_free_pfn = pb_start(r, pa_zone_end_pfn(z) - 1);
        if (cc->direct_compaction)
            z->compact.blockskip_flush = true;
        return cc->whole_zone ? PA_COMPACT_COMPLETE : PA_COMPACT_PARTIAL_SKIPPED;
    }
    if (cc->origin == PA_COMPACT_BY_PROACTIVE) {
        /* V618 __compact_finished: a proactive run goes on while the zone's
           score is above the low mark (fragmentation_score_wmark(true)) */
        unsigned low;
        pa_compact_proactive_wmarks(r->m->compaction_proactiveness, &low, NULL);
        return pa_compact_zone_score(z) > low ? PA_COMPACT_CONTINUE : PA_COMPACT_SUCCESS;
    }
    if (cc->order < 0)
        return PA_COMPACT_CONTINUE;
    if (cc->migrate_pfn & (r->pb_pages - 1))
        return PA_COMPACT_CONTINUE;
    const struct pa_profile *p = r->m->profile;
    if (p->compaction.rule == PA_COMPACT_3X || p->compaction.rule == PA_COMPACT_44) {
        struct pa_wmark_state s;
        pa_wmark_state_from_zone(z, &s);
        uint64_t mark = s.watermark[PA_WMARK_LOW] +
                        (p->compaction.rule == PA_COMPACT_3X ? (uint64_t)1 << cc->order : 0);
        if (!wm_ok(p, &s, (unsigned)cc->order, mark, 0, 0))
            return PA_COMPACT_CONTINUE;
    }
    for (unsigned o = (unsigned)cc->order; o <= r->m->max_order; o++) {
        const struct pa_free_area *a = &z->free_area[o];
        bool hit = a->free_list[cc->migratetype].count ||
                   (cc->migratetype == PA_MT_MOVABLE && a->free_list[PA_MT_CMA].count);
        if (p->compaction.rule == PA_COMPACT_3X)
            hit = hit || ((unsigned)cc->order >= r->m->pageblock_order && a->nr_free);
        else
            hit = hit || claimable_fallback(z, o, cc->migratetype);
        if (hit) {
            cc->order_success = o;
            return PA_COMPACT_SUCCESS;
        }
    }
    return PA_COMPACT_CONTINUE;
}

enum pa_compact_result pa_compact_zone(struct pa_zone *z, struct pa_compact_control *cc)
{
    if (!z || !cc || !z->machine || !z->spanned || cc->order > (int)z->machine->max_order)
        return PA_COMPACT_SKIPPED;
    struct run r = {.m = z->machine, .z = z, .cc = cc};
    r.fast = z->machine->profile->compaction.fast_search && cc->order > 0;
    r.search_order = cc->order; /* compact_zone_order's .search_order = order */
    pa_pfnlist_init(&r.migratepages);
    r.pb_pages = (uint64_t)1 << r.m->pageblock_order;
    uint64_t start = z->start_pfn, end = pa_zone_end_pfn(z);
    cc->migrate_scanned = cc->free_scanned = cc->isolated_migrate = cc->isolated_free = 0;
    cc->migrated = cc->migrate_failed = 0;
    struct pa_zone_compact *zc = &z->compact;
    bool sync = cc->mode != PA_MIGRATE_ASYNC;
    /* "Clear pageblock skip if there were failures recently and compaction
       is about to be retried after being deferred" */
    if (cc->order >= 0 && pa_compaction_restarting(zc, (unsigned)cc->order))
        pa_reset_isolation_suitable(z);
    /* an unset cached free pfn (0: a new zone, or reset by kcompactd's
       reset_isolation_suitable) is the zone's last pageblock, as the kernel
       resets it, also for a whole-zone run that leaves the cache alone */
    if (!zc->cached_free_pfn || zc->cached_free_pfn < start || zc->cached_free_pfn >= end)
        zc->cached_free_pfn = pb_start(&r, end - 1);
    if (cc->whole_zone) {
        cc->migrate_pfn = start;
        cc->free_pfn = pb_start(&r, end - 1);
    } else {
        cc->migrate_pfn = zc->cached_migrate_pfn[sync];
        cc->free_pfn = zc->cached_free_pfn;
        if (!cc->free_pfn || cc->free_pfn < start || cc->free_pfn >= end)
            cc->free_pfn = zc->cached_free_pfn = pb_start(&r, end - 1);
        if (cc->migrate_pfn < start || cc->migrate_pfn >= end)
            cc->migrate_pfn = zc->cached_migrate_pfn[0] = zc->cached_migrate_pfn[1] = start;
        /* V44: a run from the zone's start; 5.1+ (e332f741a8dd): from at or
           below compact_init_migrate_pfn, 0 until the first reset */
        if (r.m->profile->compaction.reset_search ? cc->migrate_pfn <= zc->init_migrate_pfn
                                                  : cc->migrate_pfn == start)
            cc->whole_zone = true;
    }
    bool trace = PA_EVENTS_ON(r.m);
    if (trace)
        pa_compact_trace_run(r.m, z, cc, PA_EV_COMPACTION_BEGIN, PA_COMPACT_CONTINUE);
    enum pa_compact_result ret;
    uint64_t last_migrated = PA_PFN_NONE;
    while ((ret = compact_finished(&r)) == PA_COMPACT_CONTINUE) {
        /* V618 compact_zone: a second batch in the pageblock of the last one
           takes the rest of the block at once (cc->finish_pageblock); live
           6.18 traces show batches of 32 pages, then ~480 */
        r.finish_pageblock = last_migrated != PA_PFN_NONE &&
                             pb_start(&r, last_migrated) == pb_start(&r, cc->migrate_pfn);
        if (!isolate_migratepages(&r)) {
            if (r.oom)
                break;
            continue;
        }
        last_migrated = pb_start(&r, cc->migrate_pfn - 1) > start
                            ? pb_start(&r, cc->migrate_pfn - 1) : start;
        uint64_t moved = cc->migrated, failed = cc->migrate_failed;
        bool batch_ok = migrate_batch(&r);
        if (trace)
            pa_compact_trace_migrate(r.m, z, cc, cc->migrated - moved,
                                     cc->migrate_failed - failed);
        if (!batch_ok && !scanners_met(&r)) {
            ret = PA_COMPACT_CONTENDED; /* V618: -ENOMEM before the scanners met */
            break;
        }
        if (r.oom) {
            ret = PA_COMPACT_CONTENDED;
            break;
        }
    }
    /* put back what is still isolated (source pages stay where they are) */
    pa_lru_putback_list(r.m, &r.migratepages);
    /* V44, V618 compact_zone: the free pfn goes back up (never down) to the
       highest target given back, so that the next run finds it again */
    uint64_t high_free = release_freepages(&r);
    if (high_free && pb_start(&r, high_free) > zc->cached_free_pfn)
        zc->cached_free_pfn = pb_start(&r, high_free);
    /* sources still on the pcp list: the caller's */
    free(cc->held);
    cc->held = NULL;
    cc->nr_held = r.pcp.n;
    if (r.pcp.n) {
        memmove(r.pcp.pfn, r.pcp.pfn + r.pcp.start, r.pcp.n * sizeof *r.pcp.pfn);
        cc->held = r.pcp.pfn;
    } else {
        free(r.pcp.pfn);
    }
    if (trace)
        pa_compact_trace_run(r.m, z, cc, PA_EV_COMPACTION_END, ret);
    return ret;
}

uint64_t pa_compact_memory(struct pa_machine *m)
{
    if (!m || m->profile->compaction.rule == PA_COMPACT_NONE)
        return 0;
    uint64_t moved = 0;
    const struct pa_zone *zones[PA_MAX_ZONES];
    int n = pa_machine_populated_zones(m, zones, PA_MAX_ZONES);
    for (int i = 0; i < n; i++) {
        struct pa_compact_control cc;
        pa_compact_control_whole_zone(&cc);
        cc.origin = PA_COMPACT_BY_PROC;
        cc.unevictable_allowed = m->compact_unevictable_allowed;
        pa_compact_zone(&m->zones[zones[i]->index], &cc);
        moved += cc.migrated;
    }
    return moved;
}

bool pa_compact_stall_counted(const struct pa_profile *p, int result)
{
    if (!p)
        return false;
    switch (p->compaction.stall) {
    case PA_STALL_RAN:
        return result > PA_COMPACT_DEFERRED; /* COMPACT_INACTIVE */
    case PA_STALL_NOT_SKIPPED:
        return result > PA_COMPACT_SKIPPED;
    case PA_STALL_CALLED: /* V316 __alloc_pages_direct_compact returns before the
                             call when the preferred zone is deferred */
        return result != PA_COMPACT_DEFERRED;
    case PA_STALL_ALL:
    default:
        return true;
    }
}

bool pa_compact_tries_freelist(const struct pa_profile *p, int result)
{
    if (!p)
        return false;
    if (p->compaction.stall == PA_STALL_CALLED) /* V316: "!= COMPACT_SKIPPED" */
        return result > PA_COMPACT_DEFERRED;
    return pa_compact_stall_counted(p, result);
}

static int try_to_compact(struct pa_machine *m, int node, unsigned order, unsigned alloc_flags,
                          enum pa_migratetype mt, int highest_zoneidx,
                          enum pa_compact_priority prio, struct pa_zone **zone_out);

int pa_try_to_compact_pages(struct pa_machine *m, int node, unsigned order, unsigned alloc_flags,
                            enum pa_migratetype mt, int highest_zoneidx,
                            enum pa_compact_priority prio, struct pa_zone **zone_out)
{
    if (zone_out)
        *zone_out = NULL;
    if (!m || order > m->max_order || (unsigned)mt >= PA_MT_COUNT || highest_zoneidx < 0 ||
        highest_zoneidx >= PA_ZONE_TYPES || prio > PA_COMPACT_PRIO_ASYNC)
        return PA_EINVAL;
    if (!order || m->profile->compaction.rule == PA_COMPACT_NONE)
        return PA_COMPACT_SKIPPED;
    int r = try_to_compact(m, node, order, alloc_flags, mt, highest_zoneidx, prio, zone_out);
    /* the era's __alloc_pages_direct_compact (enum pa_compact_stall_rule) */
    if (pa_compact_stall_counted(m->profile, r))
        m->compact_stats.compact_stall++;
    return r;
}

static int try_to_compact(struct pa_machine *m, int node, unsigned order, unsigned alloc_flags,
                          enum pa_migratetype mt, int highest_zoneidx,
                          enum pa_compact_priority prio, struct pa_zone **zone_out)
{
    enum pa_compact_result best = PA_COMPACT_SKIPPED;
    /* the allocation's zonelist, in the era's order (V2632/V618
       try_to_compact_pages walks it; pa_zonelist) */
    struct pa_zone *zl[PA_MAX_ZONES];
    int nz = pa_zonelist_cached(m, node < 0 ? m->nodes[0].id : node, zl);
    for (int i = 0; i < nz; i++) {
        struct pa_zone *z = zl[i];
        if ((int)z->type > highest_zoneidx || !z->present)
            continue;
        if (prio > PA_COMPACT_PRIO_SYNC_FULL &&
            pa_compaction_deferred(&z->compact, order)) {
            if (PA_EVENTS_ON(m))
                pa_compact_trace_defer(m, z, PA_EV_COMPACTION_DEFERRED, order);
            if (best < PA_COMPACT_DEFERRED)
                best = PA_COMPACT_DEFERRED;
            continue;
        }
        struct pa_wmark_state s;
        pa_wmark_state_from_zone(z, &s);
        enum pa_compact_result suit = pa_compaction_suitable(
            m->profile, &s, order, highest_zoneidx, alloc_flags,
            prio == PA_COMPACT_PRIO_ASYNC, m->extfrag_threshold);
        if (suit == PA_COMPACT_SUCCESS) {
            if (zone_out)
                *zone_out = z;
            return PA_COMPACT_SUCCESS;
        }
        if (suit != PA_COMPACT_CONTINUE) {
            if (best < suit)
                best = suit;
            continue;
        }
        struct pa_compact_control cc = {
            .order = (int)order,
            .mode = pa_compact_prio_mode(prio),
            .migratetype = mt,
            .alloc_flags = alloc_flags,
            .classzone_idx = highest_zoneidx,
            .ignore_skip_hint = prio == PA_COMPACT_PRIO_SYNC_FULL,
            .ignore_block_suitable = prio == PA_COMPACT_PRIO_SYNC_FULL,
            .direct_compaction = true,
            .unevictable_allowed = m->compact_unevictable_allowed,
            .origin = PA_COMPACT_BY_DIRECT,
        };
        enum pa_compact_result r = pa_compact_zone(z, &cc);
        if (r == PA_COMPACT_SUCCESS) {
            pa_compaction_defer_reset(&z->compact, order, false);
            if (zone_out)
                *zone_out = z;
            return PA_COMPACT_SUCCESS;
        }
        if (prio != PA_COMPACT_PRIO_ASYNC &&
            (r == PA_COMPACT_COMPLETE || r == PA_COMPACT_PARTIAL_SKIPPED)) {
            pa_defer_compaction(&z->compact, order);
            if (PA_EVENTS_ON(m))
                pa_compact_trace_defer(m, z, PA_EV_COMPACTION_DEFER, order);
        }
        if (best < r)
            best = r;
    }
    return (int)best;
}

void pa_compact_account(struct pa_machine *m, bool success)
{
    if (!m)
        return;
    if (success)
        m->compact_stats.compact_success++;
    else
        m->compact_stats.compact_fail++;
}

unsigned pa_compact_node_score(const struct pa_machine *m, int node)
{
    if (!m)
        return 0;
    uint64_t node_present = 0, score = 0;
    for (int i = 0; i < m->nr_zones; i++)
        if (m->zones[i].node == node)
            node_present += m->zones[i].present;
    for (int i = 0; i < m->nr_zones; i++) {
        const struct pa_zone *z = &m->zones[i];
        if (z->node != node || !z->present)
            continue;
        uint64_t nr_free[PA_ORDER_CAP + 1];
        for (unsigned o = 0; o <= m->max_order; o++)
            nr_free[o] = z->free_area[o].nr_free;
        /* V618 fragmentation_score_zone_weighted */
        score += z->present *
                 (uint64_t)pa_extfrag_for_order(nr_free, m->max_order, m->pageblock_order) /
                 (node_present + 1);
    }
    return (unsigned)score;
}

void pa_compact_proactive_wmarks(unsigned proactiveness, unsigned *low, unsigned *high)
{
    if (proactiveness > 100)
        proactiveness = 100;
    unsigned l = 100 - proactiveness;
    unsigned h = l + (l / 2 < 10 ? l / 2 : 10);
    if (h > 100)
        h = 100;
    if (low)
        *low = l;
    if (high)
        *high = h;
}
