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

/* ---- free lists -------------------------------------------------------------- */

void pa_free_list_add(struct pa_zone *z, uint64_t pfn, unsigned order, enum pa_migratetype mt,
                      bool tail)
{
    struct pa_machine *m = z->machine;
    struct pa_free_area *a = &z->free_area[order];
    struct pa_page *p = &m->pages[pfn];
    uint32_t id = (uint32_t)pfn;

    p->flags = (uint8_t)((p->flags & ~PA_PG_ALLOC) | PA_PG_BUDDY);
    p->order = (uint8_t)order;
    p->mt = (uint8_t)mt;
    if (a->head[mt] == PA_PFN_NONE) {
        p->next = p->prev = PA_PFN_NONE;
        a->head[mt] = a->tail[mt] = id;
    } else if (tail) {
        p->next = PA_PFN_NONE;
        p->prev = a->tail[mt];
        m->pages[a->tail[mt]].next = id;
        a->tail[mt] = id;
    } else {
        p->prev = PA_PFN_NONE;
        p->next = a->head[mt];
        m->pages[a->head[mt]].prev = id;
        a->head[mt] = id;
    }
    a->nr_free++;
    a->nr_free_mt[mt]++;
    z->free_pages += (uint64_t)1 << order;
}

void pa_free_list_del(struct pa_zone *z, uint64_t pfn)
{
    struct pa_machine *m = z->machine;
    struct pa_page *p = &m->pages[pfn];
    unsigned order = p->order, mt = p->mt;
    struct pa_free_area *a = &z->free_area[order];

    if (p->prev == PA_PFN_NONE)
        a->head[mt] = p->next;
    else
        m->pages[p->prev].next = p->next;
    if (p->next == PA_PFN_NONE)
        a->tail[mt] = p->prev;
    else
        m->pages[p->next].prev = p->prev;
    p->next = p->prev = PA_PFN_NONE;
    p->flags &= (uint8_t)~PA_PG_BUDDY;
    a->nr_free--;
    a->nr_free_mt[mt]--;
    z->free_pages -= (uint64_t)1 << order;
}

void pa_expand(struct pa_zone *z, uint64_t pfn, unsigned low, unsigned high,
               enum pa_migratetype mt)
{
    while (high > low) {
        high--;
        pa_free_list_add(z, pfn + ((uint64_t)1 << high), high, mt, false);
    }
}

void pa_mark_allocated(struct pa_zone *z, uint64_t pfn, unsigned order, enum pa_migratetype mt)
{
    struct pa_page *p = &z->machine->pages[pfn];

    p->flags = (uint8_t)((p->flags & ~PA_PG_BUDDY) | PA_PG_ALLOC);
    p->order = (uint8_t)order;
    p->mt = (uint8_t)mt;
    p->next = p->prev = PA_PFN_NONE;
    p->priv = 0;
    p->kind = 0;
}

/* ---- allocation ----------------------------------------------------------------- */

int pa_zone_alloc(struct pa_zone *z, unsigned order, enum pa_migratetype mt, uint64_t *pfn)
{
    struct pa_machine *m = z->machine;

    if (order > m->max_order)
        return PA_EORDER;
    if ((unsigned)mt >= PA_MT_COUNT)
        return PA_EINVAL;
    for (unsigned cur = order; cur <= m->max_order; cur++) {
        uint32_t head = z->free_area[cur].head[mt];
        if (head == PA_PFN_NONE)
            continue;
        pa_free_list_del(z, head);
        pa_expand(z, head, order, cur, mt);
        pa_mark_allocated(z, head, order, mt);
        *pfn = head;
        return PA_OK;
    }
    return PA_ENOMEM;
}

/* ---- lookups ---------------------------------------------------------------------- */

struct pa_zone *pa_pfn_to_zone(struct pa_machine *m, uint64_t pfn)
{
    for (int i = 0; i < m->nr_zones; i++) {
        struct pa_zone *z = &m->zones[i];
        if (pfn >= z->start_pfn && pfn < pa_zone_end_pfn(z))
            return z;
    }
    return NULL;
}

bool pa_pfn_is_free(struct pa_machine *m, uint64_t pfn, uint64_t *head, unsigned *order)
{
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

static bool merge_allowed(struct pa_machine *m, uint64_t pfn, uint64_t buddy, unsigned order)
{
    if (order < m->pageblock_order)
        return true;
    enum pa_migratetype a = (enum pa_migratetype)pa_pfn_to_pageblock(m, pfn)->mt;
    enum pa_migratetype b = (enum pa_migratetype)pa_pfn_to_pageblock(m, buddy)->mt;
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

bool pa_buddy_can_merge(const struct pa_zone *z, uint64_t pfn, unsigned order, uint64_t *buddy_out)
{
    struct pa_machine *m = z->machine;
    uint64_t buddy = pfn ^ ((uint64_t)1 << order);
    if (buddy < z->start_pfn || buddy >= pa_zone_end_pfn(z))
        return false;
    const struct pa_page *bp = &m->pages[buddy];
    if (!(bp->flags & PA_PG_BUDDY) || bp->order != order)
        return false;
    if (!merge_allowed(m, pfn, buddy, order))
        return false;
    *buddy_out = buddy;
    return true;
}

/* 3.x+ heuristic (kernel-semantics 4.3): queue at the tail when the block
   formed with our buddy would itself have a free buddy of order + 1. */
static bool merge_likely(const struct pa_zone *z, uint64_t pfn, unsigned order)
{
    const struct pa_machine *m = z->machine;
    if (order + 1 >= m->max_order)
        return false;
    uint64_t combined = pfn & ~((uint64_t)1 << order);
    uint64_t higher_buddy = combined ^ ((uint64_t)1 << (order + 1));
    if (higher_buddy < z->start_pfn || higher_buddy >= pa_zone_end_pfn(z))
        return false;
    const struct pa_page *bp = &m->pages[higher_buddy];
    return (bp->flags & PA_PG_BUDDY) && bp->order == order + 1;
}

void pa_free_one_page(struct pa_zone *z, uint64_t pfn, unsigned order, enum pa_migratetype mt,
                      enum pa_fpi fpi)
{
    uint64_t buddy;

    z->machine->pages[pfn].flags &= (uint8_t)~PA_PG_ALLOC;
    while (order < z->machine->max_order && pa_buddy_can_merge(z, pfn, order, &buddy)) {
        pa_free_list_del(z, buddy);
        pfn &= buddy;
        order++;
    }
    bool tail;
    if (fpi == PA_FPI_TO_TAIL)
        tail = true;
    else if (fpi == PA_FPI_TO_HEAD)
        tail = false;
    else
        tail = z->machine->profile->merge_tail_heuristic && merge_likely(z, pfn, order);
    pa_free_list_add(z, pfn, order, mt, tail);
}

int pa_free_pages(struct pa_machine *m, uint64_t pfn, unsigned order)
{
    m->errmsg[0] = '\0';
    if (order > m->max_order) {
        snprintf(m->errmsg, sizeof m->errmsg, "order %u above max order %u", order, m->max_order);
        return PA_EORDER;
    }
    struct pa_zone *z = pa_pfn_to_zone(m, pfn);
    if (!z) {
        snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx is outside every zone",
                 (unsigned long long)pfn);
        return PA_ERANGE;
    }
    struct pa_page *p = &m->pages[pfn];
    if (p->flags & PA_PG_ALLOC) {
        if (p->order != order) {
            snprintf(m->errmsg, sizeof m->errmsg,
                     "pfn %#llx was allocated at order %u, freed at order %u",
                     (unsigned long long)pfn, p->order, order);
            return PA_EWRONGORDER;
        }
        pa_free_one_page(z, pfn, order, pa_pageblock_migratetype(m, pfn), PA_FPI_NONE);
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
    return (enum pa_migratetype)pa_pfn_to_pageblock(m, pfn)->mt;
}

void pa_set_pageblock_migratetype(struct pa_machine *m, uint64_t pfn, enum pa_migratetype mt)
{
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
    const struct pa_machine *m = z->machine;
    uint64_t nr = (uint64_t)1 << m->pageblock_order;
    uint64_t step = (pb << m->pageblock_order) + (z->start_pfn & (nr - 1));
    if (step < z->start_pfn || step >= pa_zone_end_pfn(z))
        return false;
    return !(m->pages[step].flags & PA_PG_HOLE);
}

uint64_t pa_move_freepages_block(struct pa_machine *m, uint64_t pfn, enum pa_migratetype mt)
{
    struct pa_zone *z = pa_pfn_to_zone(m, pfn);
    if (!z)
        return 0;
    uint64_t nr = (uint64_t)1 << m->pageblock_order;
    uint64_t start = pfn & ~(nr - 1), end = start + nr;
    if (start < z->start_pfn)
        start = z->start_pfn;
    if (end > pa_zone_end_pfn(z))
        end = pa_zone_end_pfn(z);
    uint64_t moved = 0;
    for (uint64_t p = start; p < end;) {
        struct pa_page *pg = &m->pages[p];
        if (pg->flags & PA_PG_BUDDY) {
            unsigned o = pg->order;
            if (pg->mt != mt) {
                pa_free_list_del(z, p);
                pa_free_list_add(z, p, o, mt, false);
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
    uint64_t pages = 0;
    for (unsigned o = order; o <= z->machine->max_order; o++)
        pages += z->free_area[o].nr_free << o;
    return pages;
}
