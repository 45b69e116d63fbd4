/*
 * pcp.c - per-CPU page lists (see pagealloc/pcp.h; kernel-semantics 4.4).
 *
 * Shape: one struct pa_pcp_set per (CPU, zone), each with up to 14 lists
 * threaded through the pages' next/prev (as the kernel threads page->lru /
 * page->pcp_list). Lists are FIFO from the buddy allocator's point of view:
 * a refill appends pages in the order the buddy allocator handed them out,
 * allocation takes the head (the "hot" end), a free pushes at the head, and a
 * bulk free takes the tail (the oldest), round-robin over the lists.
 *
 * The buddy side of a refill is the kernel's __rmqueue with the era's
 * fallback (pa_rmqueue, rmqueue.c); orders without pcp lists go to
 * rmqueue_buddy (pa_rmqueue_buddy: the HIGHATOMIC reserve first when the
 * request is entitled to it).
 */
#include <stdio.h>
#include <stdlib.h>

#include "mm/internal.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/pcp.h"
#include "pagealloc/pfnlist.h"

static const struct pa_pcp_rules rules[PA_PCP_ERA_COUNT] = {
    /* V2632/V316/V44 zone_batchsize: 512 KiB cap; pageset_set_batch: high = 6 * batch.
       2.6.32 sizes the batch from present_pages, 3.x+ from managed_pages. */
    [PA_PCP_2632] = {"2.6.32-4.18", 512, true, false, 0, false, true},
    /* V419: cap doubled to 1 MiB ("mm, page_alloc: double zone's batchsize"). */
    [PA_PCP_419] = {"4.19-5.13", 1024, false, false, 0, false, false},
    /* V515: orders 0..PAGE_ALLOC_COSTLY_ORDER plus the THP order,
       high = max(low_wmark / nr_local_cpus, 4 * batch). A free at high gives
       back `batch` pages; 5.14's free_factor (more per consecutive free, up
       to high - batch) is not modelled. */
    [PA_PCP_514] = {"5.14-6.6", 1024, false, true, 3, true, false},
    /* V618: high_min as 5.14's high; auto-tuning towards high_max not modelled. */
    [PA_PCP_67] = {"6.7+", 1024, false, true, 3, true, false},
};

const struct pa_pcp_rules *pa_pcp_rules_for(enum pa_pcp_era era)
{
    return (unsigned)era < PA_PCP_ERA_COUNT ? &rules[era] : NULL;
}

/* ---- sizing -------------------------------------------------------------------- */

static uint64_t rounddown_pow2(uint64_t x)
{
    uint64_t p = 1;
    while (p * 2 <= x)
        p *= 2;
    return p;
}

/* zone_batchsize (kernel-semantics 4.4, all eras): a quarter of 1/1024 of
   the zone, capped, then rounded to 2^n - 1 so that batches do not line up
   with buddy block sizes. A result of 0 becomes 1 (pageset_set_batch). */
static uint64_t zone_batch(const struct pa_machine *m, const struct pa_zone *z,
                           const struct pa_pcp_rules *r)
{
    uint64_t pages = r->batch_from_present ? z->present : z->managed;
    uint64_t page_kb = ((uint64_t)1 << m->page_shift) / 1024;
    uint64_t b = pages / 1024;
    if (page_kb && b * page_kb > r->batch_cap_kb)
        b = r->batch_cap_kb / page_kb;
    b /= 4;
    if (b < 1)
        b = 1;
    b = rounddown_pow2(b + b / 2) - 1;
    return b;
}

static void size_zone(struct pa_machine *m, struct pa_pcp *p, int zi)
{
    const struct pa_zone *z = &m->zones[zi];
    uint64_t b = zone_batch(m, z, p->rules);
    if (p->rules->high_from_low_wmark) {
        /* V515 zone_highsize: low watermark shared by the local CPUs. */
        uint64_t high = z->watermark[PA_WMARK_LOW] / (uint64_t)p->nr_cpus;
        p->batch[zi] = b ? b : 1;
        p->high[zi] = high > 4 * p->batch[zi] ? high : 4 * p->batch[zi];
        /* V618 zone_highsize: high_max from an eighth of the zone */
        uint64_t hmax = z->managed / 8 / (uint64_t)p->nr_cpus;
        p->high_max[zi] = hmax > 4 * p->batch[zi] ? hmax : 4 * p->batch[zi];
    } else {
        /* V2632..V419 pageset_set_batch: high = 6 * batch, batch at least 1. */
        p->high[zi] = 6 * b;
        p->batch[zi] = b ? b : 1;
    }
}

int pa_pcp_create(struct pa_machine *m, int nr_cpus, enum pa_pcp_era era)
{
    if (!m)
        return PA_EINVAL;
    if (nr_cpus < 1 || nr_cpus > PA_PCP_MAX_CPUS || (unsigned)era >= PA_PCP_ERA_COUNT || m->pcp)
        return PA_EINVAL;
    struct pa_pcp *p = calloc(1, sizeof *p);
    if (!p)
        return PA_ENOMEM;
    p->sets = calloc((size_t)nr_cpus * (size_t)m->nr_zones, sizeof *p->sets);
    if (!p->sets) {
        free(p);
        return PA_ENOMEM;
    }
    p->era = era;
    p->rules = &rules[era];
    p->nr_cpus = nr_cpus;
    p->nr_zones = m->nr_zones;
    for (int i = 0; i < nr_cpus * m->nr_zones; i++)
        for (int l = 0; l < PA_PCP_NR_LISTS; l++)
            pa_pfnlist_init(&p->sets[i].lists[l]);
    for (int zi = 0; zi < m->nr_zones; zi++)
        size_zone(m, p, zi);
    m->pcp = p;
    return PA_OK;
}

void pa_pcp_update_high(struct pa_machine *m)
{
    if (!m)
        return;
    if (m->pcp)
        for (int zi = 0; zi < m->nr_zones; zi++)
            size_zone(m, m->pcp, zi);
}

void pa_pcp_destroy(struct pa_machine *m)
{
    if (!m || !m->pcp)
        return;
    pa_pcp_drain(m, -1);
    free(m->pcp->sets);
    free(m->pcp);
    m->pcp = NULL;
}

/* ---- lists ------------------------------------------------------------------------ */

static struct pa_pcp_set *set_of(const struct pa_machine *m, int cpu, int zi)
{
    return &m->pcp->sets[cpu * m->pcp->nr_zones + zi];
}

/* Kernel list index of a pcp migratetype: <= 4.3 U E M, 4.4+ U M E. */
static int mt_index(const struct pa_pcp_rules *r, enum pa_migratetype mt)
{
    switch (mt) {
    case PA_MT_UNMOVABLE: return 0;
    case PA_MT_MOVABLE: return r->legacy_list_order ? 2 : 1;
    case PA_MT_RECLAIMABLE: return r->legacy_list_order ? 1 : 2;
    default: return -1;
    }
}

/* order_to_pindex (V618): orders 0..max_order by type, then the two THP
   lists (non-movable, movable). -1 when the order does not use pcp lists. */
static int pindex(const struct pa_machine *m, unsigned order, enum pa_migratetype mt)
{
    const struct pa_pcp_rules *r = m->pcp->rules;
    int t = mt_index(r, mt);
    if (t < 0)
        return -1;
    if (order <= r->max_order)
        return (int)order * 3 + t;
    if (r->thp_lists && order == m->pageblock_order)
        return (int)(r->max_order + 1) * 3 + (mt == PA_MT_MOVABLE);
    return -1;
}

static bool pcp_order(const struct pa_machine *m, unsigned order)
{
    const struct pa_pcp_rules *r = m->pcp->rules;
    return order <= r->max_order || (r->thp_lists && order == m->pageblock_order);
}

/* A pcp list holds blocks of one order: its pages are count << order. */
static void list_push(struct pa_machine *m, struct pa_pfnlist *l, uint64_t pfn, bool tail)
{
    if (tail)
        pa_pfnlist_add_tail(m->pages, l, (uint32_t)pfn);
    else
        pa_pfnlist_add(m->pages, l, (uint32_t)pfn);
}

static void list_unlink(struct pa_machine *m, struct pa_pfnlist *l, uint64_t pfn)
{
    pa_pfnlist_del(m->pages, l, (uint32_t)pfn);
    m->pages[pfn].next = m->pages[pfn].prev = PA_PFN_NONE;
}

/* ---- the buddy side ------------------------------------------------------------------ */

/* __rmqueue (the era's fallback, rmqueue.c): what rmqueue_bulk takes its
   pages with. */
static int buddy_rmqueue(struct pa_zone *z, unsigned order, enum pa_migratetype mt,
                         unsigned alloc_flags, uint64_t *pfn)
{
    return pa_rmqueue(z, order, mt, alloc_flags, pfn);
}

/* rmqueue_bulk: up to `count` blocks appended to list l in the order the
   buddy allocator gives them. Returns blocks added. */
static uint64_t rmqueue_bulk(struct pa_zone *z, struct pa_pcp_set *s, struct pa_pfnlist *l,
                             uint64_t count, unsigned order, enum pa_migratetype mt,
                             unsigned alloc_flags)
{
    struct pa_machine *m = z->machine;
    uint64_t n = 0;
    for (; n < count; n++) {
        uint64_t pfn;
        if (buddy_rmqueue(z, order, mt, alloc_flags, &pfn))
            break;
        struct pa_page *p = &m->pages[pfn];
        p->flags |= PA_PG_PCP;
        p->mt = (uint8_t)mt;
        list_push(m, l, pfn, true);
        s->count += (uint64_t)1 << order;
    }
    return n;
}

/* Give a pcp page back to the buddy lists with the type it was queued with. */
static void pcp_to_buddy(struct pa_zone *z, uint64_t pfn)
{
    struct pa_page *p = &z->machine->pages[pfn];
    p->flags &= (uint16_t)~PA_PG_PCP;
    if (PA_EVENTS_ON(z->machine)) /* V618 free_pcppages_bulk: mm_page_pcpu_drain */
        pa_emit_page(z->machine, PA_EV_PCPU_DRAIN, z, pfn, p->order, p->mt, -1);
    pa_free_one_page(z, pfn, p->order, (enum pa_migratetype)p->mt, PA_FPI_NONE);
}

/* free_pcppages_bulk (V2632, V44): free `count` pages, round-robin over the
   non-empty lists starting after list 0, each turn taking one more page than
   the last from the list's tail; once only one list is left it gives all. */
static uint64_t free_pcppages_bulk(struct pa_zone *z, struct pa_pcp_set *s, uint64_t count)
{
    struct pa_machine *m = z->machine;
    const struct pa_pcp_rules *r = m->pcp->rules;
    int nr_lists = (int)(r->max_order + 1) * 3 + (r->thp_lists ? 2 : 0);
    uint64_t freed = 0;
    int idx = 0, batch_free = 0;
    while (freed < count && s->count) {
        struct pa_pfnlist *l;
        do {
            batch_free++;
            if (++idx == nr_lists)
                idx = 0;
            l = &s->lists[idx];
        } while (l->head == PA_PFN_NONE);
        /* Only this list is left: it gives everything still to free. */
        if (batch_free == nr_lists)
            batch_free = (int)(count - freed);
        do {
            uint64_t pfn = l->tail;
            unsigned order = m->pages[pfn].order;
            list_unlink(m, l, pfn);
            s->count -= (uint64_t)1 << order;
            freed += (uint64_t)1 << order;
            pcp_to_buddy(z, pfn);
        } while (freed < count && --batch_free && l->head != PA_PFN_NONE);
    }
    return freed;
}

/* ---- allocation and freeing ---------------------------------------------------------------- */

int pa_pcp_rmqueue(struct pa_zone *z, int cpu, unsigned order, enum pa_migratetype mt,
                   unsigned alloc_flags, uint64_t *pfn)
{
    if (!z || !pfn)
        return PA_EINVAL;
    struct pa_machine *m = z->machine;
    struct pa_pcp *p = m->pcp;
    if (order > m->max_order)
        return PA_EORDER;
    if ((unsigned)mt >= PA_MT_COUNT)
        return PA_EINVAL;
    if (p && cpu >= p->nr_cpus)
        return PA_EINVAL;
    int li = p && cpu >= 0 ? pindex(m, order, mt) : -1;
    if (li < 0)
        return pa_rmqueue_buddy(z, order, mt, alloc_flags, pfn);
    struct pa_pcp_set *s = set_of(m, cpu, z->index);
    struct pa_pfnlist *l = &s->lists[li];
    if (l->head == PA_PFN_NONE) {
        /* Refill: batch pages for order 0; V515 max(batch >> order, 2) above. */
        uint64_t count = p->batch[z->index];
        if (order) {
            count >>= order;
            if (count < 2)
                count = 2;
        }
        p->refills++;
        if (!rmqueue_bulk(z, s, l, count, order, mt, alloc_flags))
            return PA_ENOMEM;
    }
    uint64_t got = l->head;
    list_unlink(m, l, got);
    s->count -= (uint64_t)1 << order;
    struct pa_page *pg = &m->pages[got];
    pg->flags &= (uint16_t)~PA_PG_PCP;
    pg->mt = (uint8_t)mt;
    pg->priv = 0;
    pg->kind = 0;
    *pfn = got;
    return PA_OK;
}

int pa_free_pages_cpu(struct pa_machine *m, int cpu, uint64_t pfn, unsigned order)
{
    if (!m)
        return PA_EINVAL;
    struct pa_pcp *p = m->pcp;
    if (p && cpu >= p->nr_cpus)
        return PA_EINVAL;
    if (!p || cpu < 0 || order > m->max_order || !pcp_order(m, order))
        return pa_free_pages(m, pfn, order);
    if (pfn >= m->max_pfn)
        return pa_free_pages(m, pfn, order); /* names the error */
    struct pa_page *pg = &m->pages[pfn];
    if (!(pg->flags & PA_PG_ALLOC) || pg->order != order)
        return pa_free_pages(m, pfn, order); /* names the error */
    if (pg->flags & PA_PG_PCP) {
        snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx is already free (on a pcp list)",
                 (unsigned long long)pfn);
        return PA_EDOUBLEFREE;
    }
    struct pa_zone *z = pa_zone_of_pfn(m, pfn);
    if (!z)
        return pa_free_pages(m, pfn, order);
    /* free_unref_page (V44 free_hot_cold_page): the pageblock's type decides
       the list; ISOLATE bypasses pcp; RESERVE / HIGHATOMIC / CMA pages wait on
       the MOVABLE list but go back to the buddy lists with their own type. */
    enum pa_migratetype bt = pa_pageblock_migratetype(m, pfn);
    if (bt == PA_MT_ISOLATE)
        return pa_free_pages(m, pfn, order);
    enum pa_migratetype lt = bt <= PA_MT_RECLAIMABLE ? bt : PA_MT_MOVABLE;
    struct pa_pcp_set *s = set_of(m, cpu, z->index);
    m->errmsg[0] = '\0';
    /* free_pages_prepare: off the LRU; the owner's state goes with it */
    if (pg->flags & (PA_PG_LRU | PA_PG_ISOLATED)) {
        int e = pa_free_prepare(m, pfn);
        if (e)
            return e;
    }
    if (PA_EVENTS_ON(m))
        pa_emit_page(m, PA_EV_PAGE_FREE, z, pfn, order, -1, cpu);
    pg->flags = PA_PG_ALLOC | PA_PG_PCP;
    pg->kind = PA_KIND_NONE;
    pg->priv = 0;
    pg->mt = (uint8_t)bt;
    list_push(m, &s->lists[pindex(m, order, lt)], pfn, false);
    s->count += (uint64_t)1 << order;
    if (s->count >= p->high[z->index]) {
        p->drains++;
        free_pcppages_bulk(z, s, p->batch[z->index]);
    }
    return PA_OK;
}

uint64_t pa_pcp_drain(struct pa_machine *m, int cpu)
{
    if (!m || (m->pcp && cpu >= m->pcp->nr_cpus))
        return 0;
    struct pa_pcp *p = m->pcp;
    uint64_t n = 0;
    if (!p)
        return 0;
    for (int c = 0; c < p->nr_cpus; c++) {
        if (cpu >= 0 && c != cpu)
            continue;
        for (int zi = 0; zi < p->nr_zones; zi++) {
            struct pa_pcp_set *s = set_of(m, c, zi);
            if (s->count)
                n += free_pcppages_bulk(&m->zones[zi], s, s->count);
        }
    }
    return n;
}

uint64_t pa_pcp_count(const struct pa_machine *m, const struct pa_zone *z, int cpu)
{
    if (!m || !z || (m->pcp && cpu >= m->pcp->nr_cpus))
        return 0;
    const struct pa_pcp *p = m->pcp;
    uint64_t n = 0;
    if (!p)
        return 0;
    for (int c = 0; c < p->nr_cpus; c++)
        if (cpu < 0 || c == cpu)
            n += set_of(m, c, z->index)->count;
    return n;
}
