/*
 * buddy.c - the binary buddy allocator of one zone.
 *
 * Shape of the data (kernel-semantics 4.1): zone->free_area[order] holds one
 * doubly linked list per migratetype, threaded through the head page of each
 * free block (pa_page.next/prev, pfns, PA_PFN_NONE at the ends), plus counts.
 * Push, pop and unlink are O(1); every counter (nr_free, nr_free_mt,
 * free_pages) is kept as lists change, never recomputed.
 *
 * Allocation is the kernel's __rmqueue_smallest + expand (4.2): the smallest
 * order with a block on the requested list, the FIRST block of that list, the
 * caller keeps the lowest 2^order pages and each upper half goes to the head
 * of its order's list. Freeing is __free_one_page (4.3): merge with the buddy
 * (pfn ^ 2^order) while it is a free block of exactly that order in the same
 * zone, then queue at the head, or at the tail when the profile's
 * "buddy-of-buddy is free" heuristic says a merge is likely (3.x+).
 *
 * Misuse is detected before anything changes: a free is checked against the
 * page state (allocated head with that order), and on failure the block that
 * does contain the pfn is looked up to name the error precisely.
 */
#include <stdio.h>

#include "mm/internal.h"
#include "pagealloc/pfnlist.h"

/* ---- free lists --------------------------------------------------------------
 * The hot paths use the static inline list_add / list_del below; the
 * exported pa_free_list_* wrap them. (The library is built -fPIC, where an
 * exported function may be interposed and so is never inlined: calling the
 * exported ones from the alloc / free loops cost about half their time.) */

/* Queue the free block (pfn, order) on list mt of area a; counts nr_free
   but not zone->free_pages (list_add below does). */
static inline void area_add(struct pa_free_area *a, struct pa_page *pages, uint32_t pfn,
                            unsigned order, unsigned mt, bool tail)
{
    struct pa_page *p = &pages[pfn];

    p->flags = PA_PG_BUDDY; /* a free head carries no other state */
    p->order = (uint8_t)order;
    p->mt_kind = PA_PAGE_MT_KIND(mt, PA_KIND_NONE);
    if (tail)
        pa_pfnlist_add_tail(pages, &a->free_list[mt], pfn);
    else
        pa_pfnlist_add(pages, &a->free_list[mt], pfn);
    a->nr_free++;
}

static inline void list_add(struct pa_zone *z, struct pa_page *pages, uint32_t pfn,
                            unsigned order, unsigned mt, bool tail)
{
    area_add(&z->free_area[order], pages, pfn, order, mt, tail);
    z->free_pages += (uint64_t)1 << order;
    if (mt == PA_MT_CMA) /* NR_FREE_CMA_PAGES: pages on the CMA lists */
        z->nr_free_cma += (uint64_t)1 << order;
}

/* Unlink the free head p (on list mt of area a) and count it out of nr_free.
   The hot paths settle zone->free_pages once per call and leave the page's
   stale links alone (it is no longer a list member). */
static inline void area_del(struct pa_free_area *a, struct pa_page *pages, struct pa_page *p,
                            unsigned mt)
{
    pa_pfnlist_unlink(pages, &a->free_list[mt], p);
    p->flags &= (uint16_t)~PA_PG_BUDDY;
    a->nr_free--;
}

static inline void list_del(struct pa_zone *z, struct pa_page *pages, uint32_t pfn)
{
    struct pa_page *p = &pages[pfn];
    unsigned order = p->order, mt = p->mt;

    area_del(&z->free_area[order], pages, p, mt);
    p->next = p->prev = PA_PFN_NONE;
    z->free_pages -= (uint64_t)1 << order;
    if (mt == PA_MT_CMA)
        z->nr_free_cma -= (uint64_t)1 << order;
}

static inline void expand(struct pa_zone *z, struct pa_page *pages, uint32_t pfn, unsigned low,
                          unsigned high, unsigned mt)
{
    while (high > low) {
        high--;
        list_add(z, pages, pfn + ((uint32_t)1 << high), high, mt, false);
    }
}

static inline void mark_allocated(struct pa_page *p, unsigned order, unsigned mt)
{
    p->flags = PA_PG_ALLOC; /* a new allocation starts with no other state */
    p->order = (uint8_t)order;
    p->mt_kind = PA_PAGE_MT_KIND(mt, PA_KIND_NONE);
    p->next = p->prev = PA_PFN_NONE;
    p->priv = 0;
}

void pa_free_list_add(struct pa_zone *z, uint64_t pfn, unsigned order, enum pa_migratetype mt,
                      bool tail)
{
    if (!z || pfn >= z->machine->max_pfn || order > z->machine->max_order || (unsigned)mt >= PA_MT_COUNT)
        return;
    list_add(z, z->machine->pages, (uint32_t)pfn, order, mt, tail);
}

void pa_free_list_del(struct pa_zone *z, uint64_t pfn)
{
    if (!z || pfn >= z->machine->max_pfn || !(z->machine->pages[pfn].flags & PA_PG_BUDDY))
        return;
    list_del(z, z->machine->pages, (uint32_t)pfn);
}

void pa_expand(struct pa_zone *z, uint64_t pfn, unsigned low, unsigned high,
               enum pa_migratetype mt)
{
    if (!z || pfn >= z->machine->max_pfn || low > high || high > z->machine->max_order ||
        (unsigned)mt >= PA_MT_COUNT)
        return;
    expand(z, z->machine->pages, (uint32_t)pfn, low, high, mt);
}

void pa_mark_allocated(struct pa_zone *z, uint64_t pfn, unsigned order, enum pa_migratetype mt)
{
    if (!z || pfn >= z->machine->max_pfn || order > z->machine->max_order ||
        (unsigned)mt >= PA_MT_COUNT)
        return;
    mark_allocated(&z->machine->pages[pfn], order, mt);
}

/* ---- allocation ----------------------------------------------------------------- */

int pa_zone_alloc(struct pa_zone *z, unsigned order, enum pa_migratetype mt, uint64_t *pfn)
{
    if (!z || !pfn)
        return PA_EINVAL;
    struct pa_machine *m = z->machine;
    unsigned max = m->max_order;

    if (order > max)
        return PA_EORDER;
    if ((unsigned)mt >= PA_MT_COUNT)
        return PA_EINVAL;
    struct pa_free_area *a = &z->free_area[order];
    for (unsigned cur = order; cur <= max; cur++, a++) {
        uint32_t head = a->free_list[mt].head;
        if (head == PA_PFN_NONE)
            continue;
        struct pa_page *pages = m->pages, *p = &pages[head];
        area_del(a, pages, p, mt);
        /* expand(): the lists of mt at orders [order, cur) are empty (that
           is why cur was chosen), so each upper half becomes the only entry
           of its list - head and tail at once. */
        uint32_t size = (uint32_t)1 << cur;
        for (unsigned h = cur; h > order;) {
            h--;
            a--;
            size >>= 1;
            uint32_t up = head + size;
            struct pa_page *q = &pages[up];
            q->flags = PA_PG_BUDDY;
            q->order = (uint8_t)h;
            q->mt_kind = PA_PAGE_MT_KIND(mt, PA_KIND_NONE);
            pa_pfnlist_set_only(pages, &a->free_list[mt], up);
            a->nr_free++;
        }
        z->free_pages -= (uint64_t)1 << order;
        if (__builtin_expect(mt == PA_MT_CMA, 0)) /* split remainders stayed on CMA lists */
            z->nr_free_cma -= (uint64_t)1 << order;
        mark_allocated(p, order, mt);
        *pfn = head;
        return PA_OK;
    }
    return PA_ENOMEM;
}

/* ---- lookups ---------------------------------------------------------------------- */

static inline struct pa_zone *pfn_to_zone(struct pa_machine *m, uint64_t pfn)
{
    return pa_zone_of_pfn(m, pfn);
}

struct pa_zone *pa_pfn_to_zone(struct pa_machine *m, uint64_t pfn)
{
    if (!m)
        return NULL;
    return pfn_to_zone(m, pfn);
}

bool pa_pfn_is_free(struct pa_machine *m, uint64_t pfn, uint64_t *head, unsigned *order)
{
    if (!m)
        return false;
    if (pfn >= m->max_pfn)
        return false;
    for (unsigned o = 0; o <= m->max_order; o++) {
        uint64_t h = pfn & ~(((uint64_t)1 << o) - 1);
        const struct pa_page *p = &m->pages[h];
        if ((p->flags & PA_PG_BUDDY) && p->order >= o) {
            if (head)
                *head = h;
            if (order)
                *order = p->order;
            return true;
        }
    }
    return false;
}

/* The allocated block containing pfn, if any (its head may be pfn itself). */
static bool pfn_in_allocated(struct pa_machine *m, uint64_t pfn, uint64_t *head,
                             unsigned *order)
{
    for (unsigned o = 0; o <= m->max_order; o++) {
        uint64_t h = pfn & ~(((uint64_t)1 << o) - 1);
        const struct pa_page *p = &m->pages[h];
        if ((p->flags & PA_PG_ALLOC) && p->order >= o) {
            *head = h;
            *order = p->order;
            return true;
        }
    }
    return false;
}

/* ---- freeing ----------------------------------------------------------------------- */

static inline bool merge_allowed(const struct pa_machine *m, uint64_t pfn, uint64_t buddy,
                                 unsigned order)
{
    if (order < m->pageblock_order)
        return true;
    enum pa_migratetype a = (enum pa_migratetype)m->pageblocks[pfn >> m->pageblock_order].mt;
    enum pa_migratetype b = (enum pa_migratetype)m->pageblocks[buddy >> m->pageblock_order].mt;
    switch (m->profile->merge_check) {
    case PA_MERGE_ANY:
        return true;
    case PA_MERGE_NO_ISOLATE:
        return (a == PA_MT_ISOLATE) == (b == PA_MT_ISOLATE);
    case PA_MERGE_MERGEABLE:
        return a == b || (pa_mt_mergeable(a) && pa_mt_mergeable(b));
    }
    return true;
}

static inline bool buddy_can_merge(const struct pa_zone *z, const struct pa_page *pages,
                                   uint64_t pfn, unsigned order, uint64_t *buddy_out)
{
    uint64_t buddy = pfn ^ ((uint64_t)1 << order);
    if (buddy - z->start_pfn >= z->spanned)
        return false;
    const struct pa_page *bp = &pages[buddy];
    if (!(bp->flags & PA_PG_BUDDY) || bp->order != order)
        return false;
    if (!merge_allowed(z->machine, pfn, buddy, order))
        return false;
    *buddy_out = buddy;
    return true;
}

bool pa_buddy_can_merge(const struct pa_zone *z, uint64_t pfn, unsigned order, uint64_t *buddy_out)
{
    return buddy_can_merge(z, z->machine->pages, pfn, order, buddy_out);
}

/* 3.x+ heuristic (kernel-semantics 4.3): queue at the tail when the block
   formed with our buddy would itself have a free buddy of order + 1. */
static inline bool merge_likely(const struct pa_zone *z, const struct pa_page *pages,
                                uint64_t pfn, unsigned order, unsigned max_order)
{
    if (order + 1 >= max_order)
        return false;
    uint64_t combined = pfn & ~((uint64_t)1 << order);
    uint64_t higher_buddy = combined ^ ((uint64_t)1 << (order + 1));
    if (higher_buddy - z->start_pfn >= z->spanned)
        return false;
    const struct pa_page *bp = &pages[higher_buddy];
    return (bp->flags & PA_PG_BUDDY) && bp->order == order + 1;
}

static inline __attribute__((always_inline)) void
free_one_page(struct pa_zone *z, uint64_t pfn, unsigned order, enum pa_migratetype mt,
              enum pa_fpi fpi)
{
    /* Everything the loop reads is copied to locals first: the page flags
       are bytes, and a byte store may alias anything, so the compiler would
       otherwise reload the zone and machine fields on every level. */
    const struct pa_machine *m = z->machine;
    struct pa_page *pages = m->pages;
    const uint64_t start = z->start_pfn, spanned = z->spanned;
    const unsigned max = m->max_order, pb_order = m->pageblock_order;

    /* Owner flags go with the allocation, as free_pages_prepare clears the
       page flags in the kernel (V618 mm/page_alloc.c). */
    pages[pfn].flags = 0;
    z->free_pages += (uint64_t)1 << order; /* the merged block holds the same pages */
    struct pa_free_area *a = &z->free_area[order];
    uint64_t bit = (uint64_t)1 << order, cma_taken = 0;
    for (; order < max; order++, a++, bit <<= 1) {
        uint64_t buddy = pfn ^ bit;
        if (buddy - start >= spanned)
            break;
        struct pa_page *bp = &pages[buddy];
        if (!(bp->flags & PA_PG_BUDDY) || bp->order != order)
            break;
        if (order >= pb_order && !merge_allowed(m, pfn, buddy, order))
            break;
        unsigned bmt = bp->mt_kind; /* a free head's kind is NONE: this is its mt */
        if (__builtin_expect(bmt == PA_MT_CMA, 0))
            cma_taken += bit;
        area_del(a, pages, bp, bmt);
        /* 6.10+ (V618 __free_one_page): a buddy of another (mergeable)
           pageblock type takes the freed block's type, so that a later split
           puts every piece on its pageblock's list. */
        if (order >= pb_order && m->profile->split_to_block_type &&
            m->pageblocks[buddy >> pb_order].mt != mt)
            pa_set_pageblock_migratetype(z->machine, buddy, mt);
        pfn &= ~bit;
    }
    if (__builtin_expect(cma_taken != 0, 0))
        z->nr_free_cma -= cma_taken;
    bool tail;
    if (fpi == PA_FPI_TO_TAIL)
        tail = true;
    else if (fpi == PA_FPI_TO_HEAD)
        tail = false;
    else
        tail = m->profile->merge_tail_heuristic && merge_likely(z, pages, pfn, order, max);
    area_add(a, pages, (uint32_t)pfn, order, mt, tail);
    if (__builtin_expect(mt == PA_MT_CMA, 0))
        z->nr_free_cma += bit;
}

void pa_free_one_page(struct pa_zone *z, uint64_t pfn, unsigned order, enum pa_migratetype mt,
                      enum pa_fpi fpi)
{
    free_one_page(z, pfn, order, mt, fpi);
}

static __attribute__((cold, noinline)) int free_prepare_slow(struct pa_machine *m,
                                                             struct pa_zone *z, uint64_t pfn,
                                                             unsigned order)
{
    if (m->pages[pfn].flags & (PA_PG_LRU | PA_PG_ISOLATED | PA_PG_PCP)) {
        int e = pa_free_prepare(m, pfn);
        if (e)
            return e;
    }
    if (PA_EVENTS_ON(m))
        pa_emit_page(m, PA_EV_PAGE_FREE, z, pfn, order, -1, -1);
    return PA_OK;
}

int pa_free_pages(struct pa_machine *m, uint64_t pfn, unsigned order)
{
    if (!m)
        return PA_EINVAL;
    if (m->errmsg[0]) /* a load, not a store, on the hot path */
        m->errmsg[0] = '\0';
    if (order > m->max_order) {
        snprintf(m->errmsg, sizeof m->errmsg, "order %u above max order %u", order, m->max_order);
        return PA_EORDER;
    }
    struct pa_zone *z = pfn_to_zone(m, pfn);
    if (!z) {
        snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx is outside every zone",
                 (unsigned long long)pfn);
        return PA_ERANGE;
    }
    struct pa_page *p = &m->pages[pfn];
    uint16_t flags = p->flags;
    if (flags & PA_PG_ALLOC) {
        if (p->order != order) {
            snprintf(m->errmsg, sizeof m->errmsg,
                     "pfn %#llx was allocated at order %u, freed at order %u",
                     (unsigned long long)pfn, p->order, order);
            return PA_EWRONGORDER;
        }
        /* free_pages_prepare: a page on an LRU leaves it first, one on a
           per-CPU list or isolated is not the caller's to free, and the
           mm_page_free event goes out before the merge (nothing of the
           request stays live across the merge loop). */
        if (__builtin_expect((flags & (PA_PG_LRU | PA_PG_ISOLATED | PA_PG_PCP)) ||
                                 m->event_cb != NULL, 0)) {
            int e = free_prepare_slow(m, z, pfn, order);
            if (e)
                return e;
        }
        free_one_page(z, pfn, order,
                      (enum pa_migratetype)m->pageblocks[pfn >> m->pageblock_order].mt,
                      PA_FPI_NONE);
        return PA_OK;
    }
    uint64_t head;
    unsigned ho;
    int err;
    if (p->flags & PA_PG_HOLE) {
        err = PA_EHOLE;
        snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx is in a hole", (unsigned long long)pfn);
    } else if (pa_pfn_is_free(m, pfn, &head, &ho)) {
        err = PA_EDOUBLEFREE;
        snprintf(m->errmsg, sizeof m->errmsg,
                 "pfn %#llx is already free (in the free order-%u block at %#llx)",
                 (unsigned long long)pfn, ho, (unsigned long long)head);
    } else if (pfn_in_allocated(m, pfn, &head, &ho)) {
        err = PA_ENOTHEAD;
        snprintf(m->errmsg, sizeof m->errmsg,
                 "pfn %#llx is inside the order-%u block allocated at %#llx",
                 (unsigned long long)pfn, ho, (unsigned long long)head);
    } else {
        err = PA_ENOTALLOC;
        snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx is not allocated%s",
                 (unsigned long long)pfn,
                 (p->flags & PA_PG_RESERVED) ? " (boot reserved)" : "");
    }
    return err;
}

/* ---- taking a given range off the free lists --------------------------------------------- */

/* Check [start, end) is entirely free, inside one zone and not a hole. */
static int range_check_free(struct pa_machine *m, uint64_t start, uint64_t end,
                            struct pa_zone **zp)
{
    struct pa_zone *z = pa_pfn_to_zone(m, start);
    if (!z || end > m->max_pfn) {
        snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx is outside every zone",
                 (unsigned long long)start);
        return PA_ERANGE;
    }
    if (end > pa_zone_end_pfn(z)) {
        snprintf(m->errmsg, sizeof m->errmsg, "range [%#llx, %#llx) crosses the end of zone %s",
                 (unsigned long long)start, (unsigned long long)end, z->name);
        return PA_EZONE;
    }
    for (uint64_t pfn = start; pfn < end;) {
        uint64_t head;
        unsigned o;
        if (!pa_pfn_is_free(m, pfn, &head, &o)) {
            int hole = m->pages[pfn].flags & PA_PG_HOLE;
            snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx is %s", (unsigned long long)pfn,
                     hole ? "in a hole" : "not free");
            return hole ? PA_EHOLE : PA_EBUSY;
        }
        pfn = head + ((uint64_t)1 << o);
    }
    *zp = z;
    return PA_OK;
}

/* Give [start, end) back to the free lists as maximal aligned blocks of type mt
   (no merging: callers only return pieces whose buddies are not free). */
static void free_pieces(struct pa_zone *z, uint64_t start, uint64_t end, enum pa_migratetype mt)
{
    while (start < end) {
        unsigned o = 0;
        while (o < z->machine->max_order && !(start & ((uint64_t)1 << o)) &&
               start + ((uint64_t)2 << o) <= end)
            o++;
        pa_free_list_add(z, start, o, mt, false);
        start += (uint64_t)1 << o;
    }
}

/* Remove every free page of [start, end) from the lists; parts of the
   overlapped blocks outside the range go back as smaller blocks. The range
   must have passed range_check_free. */
static void take_range(struct pa_zone *z, uint64_t start, uint64_t end)
{
    struct pa_machine *m = z->machine;
    for (uint64_t pfn = start; pfn < end;) {
        uint64_t head;
        unsigned o;
        bool ok = pa_pfn_is_free(m, pfn, &head, &o);
        (void)ok;
        enum pa_migratetype mt = (enum pa_migratetype)m->pages[head].mt;
        uint64_t bend = head + ((uint64_t)1 << o);
        pa_free_list_del(z, head);
        if (head < start)
            free_pieces(z, head, start, mt);
        if (bend > end)
            free_pieces(z, end, bend, mt);
        pfn = bend;
    }
}

int pa_alloc_pfn(struct pa_machine *m, uint64_t pfn, unsigned order, enum pa_migratetype mt)
{
    if (!m)
        return PA_EINVAL;
    struct pa_zone *z;
    m->errmsg[0] = '\0';
    if (order > m->max_order)
        return PA_EORDER;
    if ((unsigned)mt >= PA_MT_COUNT)
        return PA_EINVAL;
    if (pfn & (((uint64_t)1 << order) - 1)) {
        snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx is not aligned to order %u",
                 (unsigned long long)pfn, order);
        return PA_EALIGN;
    }
    int err = range_check_free(m, pfn, pfn + ((uint64_t)1 << order), &z);
    if (err)
        return err;
    take_range(z, pfn, pfn + ((uint64_t)1 << order));
    pa_mark_allocated(z, pfn, order, mt);
    return PA_OK;
}

int pa_alloc_range(struct pa_machine *m, uint64_t start_pfn, uint64_t end_pfn,
                   enum pa_migratetype mt)
{
    if (!m)
        return PA_EINVAL;
    struct pa_zone *z;
    m->errmsg[0] = '\0';
    if (end_pfn <= start_pfn || (unsigned)mt >= PA_MT_COUNT)
        return PA_EINVAL;
    int err = range_check_free(m, start_pfn, end_pfn, &z);
    if (err)
        return err;
    take_range(z, start_pfn, end_pfn);
    for (uint64_t pfn = start_pfn; pfn < end_pfn; pfn++)
        pa_mark_allocated(z, pfn, 0, mt);
    return PA_OK;
}

/* ---- pageblocks ------------------------------------------------------------------------- */

enum pa_migratetype pa_pageblock_migratetype(struct pa_machine *m, uint64_t pfn)
{
    if (!m || pfn >= m->max_pfn)
        return PA_MT_COUNT;
    return (enum pa_migratetype)pa_pfn_to_pageblock(m, pfn)->mt;
}

void pa_set_pageblock_migratetype(struct pa_machine *m, uint64_t pfn, enum pa_migratetype mt)
{
    if (!m || pfn >= m->max_pfn || (unsigned)mt >= PA_MT_COUNT)
        return;
    struct pa_pageblock *pb = pa_pfn_to_pageblock(m, pfn);
    uint64_t idx = pfn >> m->pageblock_order;
    if (pb->mt == mt)
        return;
    for (int i = 0; i < m->nr_zones; i++) {
        struct pa_zone *z = &m->zones[i];
        if (pa_zone_counts_pageblock(z, idx)) {
            z->nr_pageblocks[pb->mt]--;
            z->nr_pageblocks[mt]++;
        }
    }
    pb->mt = (uint8_t)mt;
}

bool pa_zone_counts_pageblock(const struct pa_zone *z, uint64_t pb)
{
    if (!z)
        return false;
    const struct pa_machine *m = z->machine;
    uint64_t nr = (uint64_t)1 << m->pageblock_order;
    uint64_t step = (pb << m->pageblock_order) + (z->start_pfn & (nr - 1));
    if (step < z->start_pfn || step >= pa_zone_end_pfn(z))
        return false;
    return !(m->pages[step].flags & PA_PG_HOLE);
}

uint64_t pa_move_freepages_block(struct pa_machine *m, uint64_t pfn, enum pa_migratetype mt)
{
    if (!m || (unsigned)mt >= PA_MT_COUNT)
        return 0;
    struct pa_zone *z = pa_pfn_to_zone(m, pfn);
    uint64_t start, end;
    if (!z || !pa_pageblock_span(z, pfn, &start, &end))
        return 0;
    uint64_t moved = 0;
    for (uint64_t p = start; p < end;) {
        struct pa_page *pg = &m->pages[p];
        if (pg->flags & PA_PG_BUDDY) {
            unsigned o = pg->order;
            if (pg->mt != mt) {
                pa_free_list_del(z, p);
                pa_free_list_add(z, p, o, mt, m->profile->move_freepages_to_tail);
            }
            moved += (uint64_t)1 << o;
            p += (uint64_t)1 << o;
        } else if (pg->flags & PA_PG_ALLOC) {
            p += (uint64_t)1 << pg->order;
        } else {
            p++;
        }
    }
    return moved;
}

uint64_t pa_zone_free_at_or_above(const struct pa_zone *z, unsigned order)
{
    if (!z)
        return 0;
    uint64_t pages = 0;
    for (unsigned o = order; o <= z->machine->max_order; o++)
        pages += z->free_area[o].nr_free << o;
    return pages;
}
