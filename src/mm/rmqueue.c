/*
 * rmqueue.c - taking a block off one zone's free lists for a request: the
 * kernel's __rmqueue with the era's migratetype fallback and stealing
 * (kernel-semantics 5.4), the MIGRATE_RESERVE last resort (<= 4.3), the
 * high-order atomic reserve (4.4+: HIGHATOMIC lists, and reserving a
 * pageblock after a successful high-order atomic allocation, 2.4), and the
 * watermark boost a fallback causes (5.0+, 2.3).
 *
 * One function per era's rule, chosen by profile->fallback (data, not version
 * tests):
 *   PA_FALLBACK_2632  V2632 __rmqueue_fallback: largest block first; a block of
 *                     order >= pageblock_order/2, or any block for a
 *                     RECLAIMABLE request, pulls all free pages of its
 *                     pageblock to the requester's lists (retyping the block
 *                     when >= half of it was free) and the split remainder
 *                     goes to the requester's lists as soon as pages moved.
 *   PA_FALLBACK_310   V310 (read in harviswang/linux-3.10.99): the same, but
 *                     the remainder always goes to the requester's lists
 *                     (CMA blocks excepted).
 *   PA_FALLBACK_3X    V316 try_to_steal_freepages: as above, but the
 *                     remainder goes to the requester's lists only when the
 *                     block was claimed; blocks >= pageblock_order are retyped.
 *   PA_FALLBACK_44    V44: UNMOVABLE requests may steal too (can_steal_fallback);
 *                     the remainder always goes to the requester's lists;
 *                     MOVABLE requests try CMA first.
 *   PA_FALLBACK_413   V419/V515: the claim counts free + "alike" pages;
 *                     MOVABLE requests that cannot claim take the SMALLEST
 *                     fallback block; ALLOC_NOFRAGMENT allows only
 *                     >= pageblock_order; a fallback below pageblock_order
 *                     boosts the watermarks (5.0+, profile->boost); the block
 *                     is moved to the requester's list and the smallest-first
 *                     search retried.
 *   PA_FALLBACK_615   V618 __rmqueue_claim / __rmqueue_steal: a claim pass
 *                     (largest first, only requests that may claim) and, without
 *                     ALLOC_NOFRAGMENT, a steal pass (smallest first) that splits
 *                     a block in place leaving its remainder on its own type.
 */
#include "mm/internal.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/watermark.h"

/* Fallback order per requester (kernel-semantics 5.4 table). RESERVE is never
   searched by the fallback loops; it is the last resort of __rmqueue. */
static const enum pa_migratetype fallbacks[3][2] = {
    [PA_MT_UNMOVABLE] = {PA_MT_RECLAIMABLE, PA_MT_MOVABLE},
    [PA_MT_MOVABLE] = {PA_MT_RECLAIMABLE, PA_MT_UNMOVABLE},
    [PA_MT_RECLAIMABLE] = {PA_MT_UNMOVABLE, PA_MT_MOVABLE},
};

static uint64_t pb_nr(const struct pa_machine *m)
{
    return (uint64_t)1 << m->pageblock_order;
}

/* __rmqueue_smallest: returns the block's pfn, already split down to
   `order` with the remainders on mt's lists, marked allocated as type mt.
   That is buddy.c's pa_zone_alloc, whose split knows the lists it fills are
   empty (one call instead of an unlink, an expand and a mark, each checking
   its arguments). */
static bool rmqueue_smallest(struct pa_zone *z, unsigned order, enum pa_migratetype mt,
                             uint64_t *pfn)
{
    return pa_zone_alloc(z, order, mt, pfn) == PA_OK;
}

/* change_pageblock_range: retype every pageblock a block of `order` covers. */
static void change_pageblock_range(struct pa_machine *m, uint64_t pfn, unsigned order,
                                   enum pa_migratetype mt)
{
    uint64_t end = pfn + ((uint64_t)1 << order);
    for (uint64_t p = pfn; p < end; p += pb_nr(m))
        pa_set_pageblock_migratetype(m, p, mt);
}

/* Free and movable (PA_PG_LRU) pages of the pageblock holding pfn, over the
   range move_freepages_block would touch (move_freepages' counting, 4.13+). */
static void count_block(struct pa_zone *z, uint64_t pfn, uint64_t *free_pages,
                        uint64_t *movable_pages)
{
    struct pa_machine *m = z->machine;
    uint64_t start, end;
    *free_pages = *movable_pages = 0;
    if (!pa_pageblock_span(z, pfn, &start, &end))
        return;
    for (uint64_t p = start; p < end;) {
        const struct pa_page *pg = &m->pages[p];
        uint64_t n = 1;
        if (pg->flags & PA_PG_BUDDY) {
            n = (uint64_t)1 << pg->order;
            *free_pages += n;
        } else if (pg->flags & PA_PG_ALLOC) {
            n = (uint64_t)1 << pg->order;
            if (pg->flags & PA_PG_LRU)
                *movable_pages += n;
        }
        p += n;
    }
}

static void note_boost(struct pa_zone *z, unsigned alloc_flags)
{
    if (pa_boost_watermark(z) && (alloc_flags & PA_ALLOC_KSWAPD))
        z->boosted_wakeup = true;
}

/* ALLOC_NOFRAGMENT (5.0+): only blocks of pageblock size or more may be
   taken from another type (V515 __rmqueue_fallback, V618 __rmqueue_claim). */
static unsigned fallback_min_order(const struct pa_machine *m, unsigned order,
                                   unsigned alloc_flags)
{
    if ((alloc_flags & PA_ALLOC_NOFRAGMENT) && order < m->pageblock_order)
        return m->pageblock_order;
    return order;
}

/* Pages of a pageblock "alike" the requester (V419 steal_suitable_fallback,
   V618 try_to_claim_block): for a MOVABLE request its movable pages; for
   UNMOVABLE / RECLAIMABLE taking from a MOVABLE block, its non-free,
   non-movable pages; otherwise none. */
static uint64_t alike_pages(const struct pa_machine *m, enum pa_migratetype start,
                            enum pa_migratetype block_type, uint64_t free_pages,
                            uint64_t movable)
{
    if (start == PA_MT_MOVABLE)
        return movable;
    if (block_type == PA_MT_MOVABLE)
        return pb_nr(m) - (free_pages + movable);
    return 0;
}

/* can_steal_fallback (V44/V419) == should_try_claim_block (V618). */
static bool can_claim(const struct pa_machine *m, unsigned order, enum pa_migratetype start,
                      bool unmovable_may_claim)
{
    if (order >= m->pageblock_order / 2 || start == PA_MT_RECLAIMABLE || m->mobility_disabled)
        return true;
    return unmovable_may_claim && start == PA_MT_UNMOVABLE;
}

/* First fallback type with a block at this order, or -1. */
static int first_fallback(const struct pa_zone *z, unsigned order, enum pa_migratetype start)
{
    const struct pa_free_area *a = &z->free_area[order];
    if (!a->nr_free)
        return -1;
    for (int i = 0; i < 2; i++)
        if (a->free_list[fallbacks[start][i]].head != PA_PFN_NONE)
            return (int)fallbacks[start][i];
    return -1;
}

/* ---- era A: 2.6.24 .. 3.x ---------------------------------------------------------- */

static bool fallback_old(struct pa_zone *z, unsigned order, enum pa_migratetype start,
                         uint64_t *pfn)
{
    struct pa_machine *m = z->machine;
    enum pa_fallback_rule rule = m->profile->fallback;
    bool v3x = rule == PA_FALLBACK_3X;

    for (int cur = (int)m->max_order; cur >= (int)order; cur--) {
        int ft = first_fallback(z, (unsigned)cur, start);
        if (ft < 0)
            continue;
        uint64_t head = z->free_area[cur].free_list[ft].head;
        enum pa_migratetype new_type = (enum pa_migratetype)ft;
        if ((unsigned)cur >= m->pageblock_order && v3x) {
            change_pageblock_range(m, head, (unsigned)cur, start);
            new_type = start;
        } else if ((unsigned)cur >= m->pageblock_order / 2 || start == PA_MT_RECLAIMABLE ||
                   m->mobility_disabled) {
            uint64_t moved = pa_move_freepages_block(m, head, start);
            if (moved >= pb_nr(m) / 2 || m->mobility_disabled) {
                pa_set_pageblock_migratetype(m, head, start);
                new_type = start;
            } else if (!v3x) {
                new_type = start; /* 2.6.32: remainder follows the moved pages */
            }
        }
        if (rule == PA_FALLBACK_310)
            new_type = start; /* 3.10: always the requester's lists */
        pa_free_list_del(z, head);
        if (!v3x && (unsigned)cur >= m->pageblock_order)
            change_pageblock_range(m, head, (unsigned)cur, start);
        pa_expand(z, head, order, (unsigned)cur, new_type);
        *pfn = head;
        return true;
    }
    return false;
}

/* ---- era B: 4.4 .. 4.12 -------------------------------------------------------------- */

static bool fallback_44(struct pa_zone *z, unsigned order, enum pa_migratetype start,
                        uint64_t *pfn)
{
    struct pa_machine *m = z->machine;
    for (int cur = (int)m->max_order; cur >= (int)order; cur--) {
        int ft = first_fallback(z, (unsigned)cur, start);
        if (ft < 0)
            continue;
        uint64_t head = z->free_area[cur].free_list[ft].head;
        if (can_claim(m, (unsigned)cur, start, true)) { /* steal_suitable_fallback */
            if ((unsigned)cur >= m->pageblock_order) {
                change_pageblock_range(m, head, (unsigned)cur, start);
            } else {
                uint64_t moved = pa_move_freepages_block(m, head, start);
                if (moved >= pb_nr(m) / 2 || m->mobility_disabled)
                    pa_set_pageblock_migratetype(m, head, start);
            }
        }
        pa_free_list_del(z, head);
        pa_expand(z, head, order, (unsigned)cur, start);
        *pfn = head;
        return true;
    }
    return false;
}

/* ---- era B': 4.13 .. 6.14 --------------------------------------------------------------- */

/* steal_suitable_fallback (V419/V515; 6.10-6.14 with profile
   ->split_to_block_type). Returns true when it took the page itself (*pfn set,
   block split); false when it moved free pages to the requester's lists and
   the caller must retry smallest-first.
   4.13-6.9: the pageblock's free pages move to the requester's lists first,
   the block is retyped when free + alike pages are at least half of it, and an
   unclaimed block's first page is moved alone.
   6.10+ ("free pages always sit on their pageblock type's list"): nothing
   moves unless the block is claimed; an unclaimed block is split in place and
   its remainder stays on the block's type. */
static bool steal_suitable(struct pa_zone *z, uint64_t head, enum pa_migratetype start,
                           bool whole_block, unsigned order, unsigned alloc_flags, uint64_t *pfn)
{
    struct pa_machine *m = z->machine;
    unsigned cur = m->pages[head].order;
    enum pa_migratetype old = pa_pageblock_migratetype(m, head);
    bool hygiene = m->profile->split_to_block_type;

    if (old == PA_MT_HIGHATOMIC)
        goto single;
    if (cur >= m->pageblock_order) {
        change_pageblock_range(m, head, cur, start);
        if (hygiene) {
            pa_free_list_del(z, head);
            pa_expand(z, head, order, cur, start);
            *pfn = head;
            return true;
        }
        goto single;
    }
    note_boost(z, alloc_flags);
    if (!whole_block)
        goto single;
    uint64_t free_pages, movable;
    count_block(z, head, &free_pages, &movable);
    uint64_t alike = alike_pages(m, start, old, free_pages, movable);
    bool claim = free_pages && (free_pages + alike >= pb_nr(m) / 2 || m->mobility_disabled);
    if (!hygiene)
        pa_move_freepages_block(m, head, start);
    if (claim) {
        if (hygiene)
            pa_move_freepages_block(m, head, start);
        pa_set_pageblock_migratetype(m, head, start);
        return false;
    }
    if (!hygiene && free_pages)
        return false;
single:
    if (hygiene) {
        enum pa_migratetype list = (enum pa_migratetype)m->pages[head].mt;
        pa_free_list_del(z, head);
        pa_expand(z, head, order, cur, list);
        *pfn = head;
        return true;
    }
    if (m->pages[head].mt != start) {
        pa_free_list_del(z, head);
        pa_free_list_add(z, head, cur, start, false);
    }
    return false;
}

static bool fallback_413(struct pa_zone *z, unsigned order, enum pa_migratetype start,
                         unsigned alloc_flags, uint64_t *pfn)
{
    struct pa_machine *m = z->machine;
    for (int cur = (int)m->max_order; cur >= (int)fallback_min_order(m, order, alloc_flags);
         cur--) {
        int ft = first_fallback(z, (unsigned)cur, start);
        if (ft < 0)
            continue;
        bool claim = can_claim(m, (unsigned)cur, start, true);
        if (!claim && start == PA_MT_MOVABLE && (unsigned)cur > order) {
            /* find_smallest: cannot claim, so split the smallest block */
            for (unsigned c = order; c <= m->max_order; c++) {
                ft = first_fallback(z, c, start);
                if (ft >= 0) {
                    cur = (int)c;
                    break;
                }
            }
            claim = can_claim(m, (unsigned)cur, start, true);
        }
        /* took the page, or moved a block to start's lists: retry smallest */
        return steal_suitable(z, z->free_area[cur].free_list[ft].head, start, claim, order, alloc_flags,
                              pfn) ||
               rmqueue_smallest(z, order, start, pfn);
    }
    return false;
}

/* ---- era C: 6.15+ ---------------------------------------------------------------------------- */

static bool try_to_claim_block(struct pa_zone *z, uint64_t head, unsigned order,
                               enum pa_migratetype start, unsigned alloc_flags, uint64_t *pfn)
{
    struct pa_machine *m = z->machine;
    unsigned cur = m->pages[head].order;
    enum pa_migratetype block_type = (enum pa_migratetype)m->pages[head].mt;

    if (block_type == PA_MT_HIGHATOMIC)
        return false;
    if (cur >= m->pageblock_order) {
        pa_free_list_del(z, head);
        change_pageblock_range(m, head, cur, start);
        pa_expand(z, head, order, cur, start);
        *pfn = head;
        return true;
    }
    note_boost(z, alloc_flags);
    uint64_t free_pages, movable;
    count_block(z, head, &free_pages, &movable);
    uint64_t alike = alike_pages(m, start, block_type, free_pages, movable);
    if (free_pages + alike >= pb_nr(m) / 2 || m->mobility_disabled) {
        pa_move_freepages_block(m, head, start);
        pa_set_pageblock_migratetype(m, head, start);
        return rmqueue_smallest(z, order, start, pfn);
    }
    return false;
}

static bool rmqueue_claim(struct pa_zone *z, unsigned order, enum pa_migratetype start,
                          unsigned alloc_flags, uint64_t *pfn)
{
    struct pa_machine *m = z->machine;
    for (int cur = (int)m->max_order; cur >= (int)fallback_min_order(m, order, alloc_flags);
         cur--) {
        int ft = first_fallback(z, (unsigned)cur, start);
        if (ft < 0)
            continue;
        if (!can_claim(m, (unsigned)cur, start, true) && (unsigned)cur < m->pageblock_order)
            break; /* orders below won't qualify either */
        if (try_to_claim_block(z, z->free_area[cur].free_list[ft].head, order, start, alloc_flags, pfn))
            return true;
    }
    return false;
}

static bool rmqueue_steal(struct pa_zone *z, unsigned order, enum pa_migratetype start,
                          uint64_t *pfn)
{
    for (unsigned cur = order; cur <= z->machine->max_order; cur++) {
        int ft = first_fallback(z, cur, start);
        if (ft < 0)
            continue;
        uint64_t head = z->free_area[cur].free_list[ft].head;
        pa_free_list_del(z, head);
        pa_expand(z, head, order, cur, (enum pa_migratetype)ft);
        *pfn = head;
        return true;
    }
    return false;
}

/* ---- __rmqueue ------------------------------------------------------------------------------- */

static bool cma_first(const struct pa_zone *z, unsigned alloc_flags)
{
    /* 5.x+: movable requests with ALLOC_CMA take from CMA first when CMA holds
       more than half of the zone's free pages (V515/V618 __rmqueue). */
    return z->machine->profile->has_cma && (alloc_flags & PA_ALLOC_CMA) &&
           z->machine->profile->cma_first_over_half && z->nr_free_cma > z->free_pages / 2;
}

static bool rmqueue_fallback_era(struct pa_zone *z, unsigned order, enum pa_migratetype mt,
                                 unsigned alloc_flags, uint64_t *pfn)
{
    const struct pa_profile *pr = z->machine->profile;
    if (mt >= PA_MT_HIGHATOMIC)
        return false; /* only U, M, E requests fall back */
    switch (pr->fallback) {
    case PA_FALLBACK_NONE:
        return false;
    case PA_FALLBACK_2632:
    case PA_FALLBACK_310:
    case PA_FALLBACK_3X:
        return fallback_old(z, order, mt, pfn);
    case PA_FALLBACK_44:
        return fallback_44(z, order, mt, pfn);
    case PA_FALLBACK_413:
        return fallback_413(z, order, mt, alloc_flags, pfn);
    case PA_FALLBACK_615:
        if (rmqueue_claim(z, order, mt, alloc_flags, pfn))
            return true;
        return !(alloc_flags & PA_ALLOC_NOFRAGMENT) && rmqueue_steal(z, order, mt, pfn);
    }
    return false;
}

/* The fallback with its mm_page_alloc_extfrag event (V44/V618
   __rmqueue_fallback: trace_mm_page_alloc_extfrag(page, order, current_order,
   start_migratetype, fallback_mt); the tracepoint computes change_ownership
   as alloc_migratetype == get_pageblock_migratetype(page)). The order and
   list of the block taken are read off the free-list counts: the block's
   order is the one whose nr_free dropped (expand adds one to each order
   below it), its list the other type's list there that lost most. Only
   runs with an event callback. */
static bool fallback_traced(struct pa_zone *z, unsigned order, enum pa_migratetype start,
                            unsigned alloc_flags, uint64_t *pfn)
{
    struct pa_machine *m = z->machine;
    uint64_t before[PA_ORDER_CAP + 1][PA_MT_COUNT], total[PA_ORDER_CAP + 1];
    for (unsigned o = 0; o <= m->max_order; o++) {
        total[o] = z->free_area[o].nr_free;
        for (int t = 0; t < PA_MT_COUNT; t++)
            before[o][t] = z->free_area[o].free_list[t].count;
    }
    if (!rmqueue_fallback_era(z, order, start, alloc_flags, pfn))
        return false;
    unsigned cur = order;
    for (unsigned o = order; o <= m->max_order; o++)
        if (z->free_area[o].nr_free < total[o])
            cur = o;
    int ft = -1;
    uint64_t lost = 0;
    for (int t = 0; t < PA_MT_COUNT; t++) {
        uint64_t now = z->free_area[cur].free_list[t].count;
        if (t != (int)start && now < before[cur][t] && before[cur][t] - now > lost) {
            lost = before[cur][t] - now;
            ft = t;
        }
    }
    struct pa_event ev = {0};
    ev.type = PA_EV_PAGE_ALLOC_EXTFRAG;
    ev.pfn = *pfn;
    ev.order = order;
    ev.migratetype = (int)start;
    ev.zone = z;
    ev.cpu = -1;
    ev.extfrag.fallback_order = cur;
    ev.extfrag.fallback_migratetype = ft;
    ev.extfrag.change_ownership = pa_pageblock_migratetype(m, *pfn) == start;
    ev.extfrag.fragmenting = cur < m->pageblock_order;
    m->event_cb(m->event_ctx, &ev);
    return true;
}

int pa_rmqueue(struct pa_zone *z, unsigned order, enum pa_migratetype mt, unsigned alloc_flags,
               uint64_t *pfn)
{
    if (!z || !pfn)
        return PA_EINVAL;
    if (order > z->machine->max_order)
        return PA_EORDER;
    if ((unsigned)mt >= PA_MT_COUNT)
        return PA_EINVAL;
    struct pa_machine *m = z->machine;
    const struct pa_profile *pr = m->profile;
    bool ok;

    if (order > m->max_order)
        return PA_EORDER;
    if ((unsigned)mt >= PA_MT_COUNT)
        return PA_EINVAL;
    if (cma_first(z, alloc_flags) && rmqueue_smallest(z, order, PA_MT_CMA, pfn)) {
        mt = PA_MT_CMA;
        goto got;
    }
    ok = rmqueue_smallest(z, order, mt, pfn);
    if (!ok && mt == PA_MT_MOVABLE && pr->has_cma &&
        (pr->cma_fallback == PA_CMA_FALLBACK_ALWAYS ||
         (pr->cma_fallback == PA_CMA_FALLBACK_ALLOC_CMA && (alloc_flags & PA_ALLOC_CMA))))
        ok = rmqueue_smallest(z, order, PA_MT_CMA, pfn);
    if (!ok) {
        if (PA_EVENTS_ON(m)) {
            ok = fallback_traced(z, order, mt, alloc_flags, pfn);
        } else {
            ok = rmqueue_fallback_era(z, order, mt, alloc_flags, pfn);
        }
    }
    if (!ok && pr->has_reserve) /* <= 4.3: MIGRATE_RESERVE is the last resort */
        ok = rmqueue_smallest(z, order, PA_MT_RESERVE, pfn);
    if (!ok)
        return PA_ENOMEM;
got:
    pa_mark_allocated(z, *pfn, order, mt);
    return PA_OK;
}

/* rmqueue()'s buddy part with the high-order atomic reserve (V44 buffered_rmqueue,
   V515 rmqueue, V618 rmqueue_buddy). */
bool pa_highatomic_entitled(const struct pa_profile *pr, unsigned alloc_flags)
{
    if (!pr)
        return false;
    if (!pr->has_highatomic)
        return false;
    /* 4.4-6.2: ALLOC_HARDER; 6.3+: ALLOC_HIGHATOMIC (kernel-semantics 2.4) */
    return alloc_flags &
           (pr->highatomic_by_alloc_highatomic ? PA_ALLOC_HIGHATOMIC : PA_ALLOC_HARDER);
}

int pa_rmqueue_buddy(struct pa_zone *z, unsigned order, enum pa_migratetype mt,
                     unsigned alloc_flags, uint64_t *pfn)
{
    if (!z || !pfn)
        return PA_EINVAL;
    if (order > z->machine->max_order)
        return PA_EORDER;
    if ((unsigned)mt >= PA_MT_COUNT)
        return PA_EINVAL;
    const struct pa_profile *pr = z->machine->profile;
    if (order > 0 && pa_highatomic_entitled(pr, alloc_flags)) {
        if (rmqueue_smallest(z, order, PA_MT_HIGHATOMIC, pfn)) {
            pa_mark_allocated(z, *pfn, order, mt);
            return PA_OK;
        }
    }
    int err = pa_rmqueue(z, order, mt, alloc_flags, pfn);
    /* 6.x: OOM and non-blocking requests may use the reserve after all. */
    if (err == PA_ENOMEM && pr->has_highatomic && pr->highatomic_oom_nonblock &&
        (alloc_flags & (PA_ALLOC_OOM | PA_ALLOC_NON_BLOCK)) &&
        rmqueue_smallest(z, order, PA_MT_HIGHATOMIC, pfn)) {
        pa_mark_allocated(z, *pfn, order, mt);
        return PA_OK;
    }
    return err;
}
