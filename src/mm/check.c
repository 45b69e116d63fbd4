/*
 * check.c - the invariant checker (DESIGN.md "Tests"), in the spirit of
 * drm_buddy's check_mm: it walks every free list and every page of every zone
 * and reports the first thing that is not as the engine promises.
 *
 * Checked, per zone:
 *  1. each list entry is a free head (PA_PG_BUDDY) of that order and type,
 *     aligned to its order, wholly inside the zone, with consistent links;
 *     the list length equals nr_free_mt, their sum nr_free, and the pages
 *     on all lists add up to free_pages;
 *  2. a linear walk of the zone accounts for every pfn exactly once: in a
 *     free block, in an allocated block, a hole or a boot reservation; no page
 *     inside a block carries a head flag; the number of free heads met equals
 *     the number of list entries (so list membership equals page state);
 *  3. no free block has a free buddy of the same order it could merge with;
 *  4. the zone's per-migratetype pageblock counts match a recount;
 *  5. managed = present - reservations, present = spanned - holes.
 * and, per machine:
 *  6. every LRU list (of each zone's or node's lruvec, as the profile says)
 *     has consistent links and holds only allocated anon / file heads with
 *     PA_PG_LRU whose flags name that list and whose zone uses that lruvec;
 *     its count and nr_pages match; the pages flagged LRU are exactly the
 *     list entries; no page is both on an LRU and isolated or on a pcp list;
 *  7. every allocated head whose kind registered a check operation
 *     (pageops.h) has an rmap handle that its owner resolves back to it.
 */
#include <inttypes.h>
#include <stdio.h>

#include "mm/internal.h"
#include "pagealloc/lru.h"
#include "pagealloc/pageops.h"

#define BAD(...)                                                                           \
    do {                                                                                   \
        if (msg && len)                                                                    \
            snprintf(msg, len, __VA_ARGS__);                                               \
        return PA_ECORRUPT;                                                                \
    } while (0)

static int check_lists(const struct pa_zone *z, uint64_t *entries, char *msg, size_t len)
{
    const struct pa_machine *m = z->machine;
    uint64_t pages = 0, total = 0;
    uint64_t end = pa_zone_end_pfn(z);

    for (unsigned o = 0; o <= m->max_order; o++) {
        const struct pa_free_area *a = &z->free_area[o];
        uint64_t sum = 0;
        for (int t = 0; t < PA_MT_COUNT; t++) {
            uint64_t n = 0;
            uint32_t prev = PA_PFN_NONE;
            for (uint32_t pfn = a->free_list[t].head; pfn != PA_PFN_NONE; pfn = m->pages[pfn].next) {
                const struct pa_page *p = &m->pages[pfn];
                if (++n > a->free_list[t].count)
                    BAD("zone %s order %u %s list is longer than nr_free_mt %" PRIu64
                        " (a cycle or a stray entry)",
                        z->name, o, pa_migratetype_name(t), a->free_list[t].count);
                if (pfn < z->start_pfn || pfn + ((uint64_t)1 << o) > end)
                    BAD("zone %s order %u: free block at pfn %#x is not inside the zone", z->name,
                        o, pfn);
                if (pfn & ((1u << o) - 1))
                    BAD("zone %s: free block at pfn %#x is not aligned to order %u", z->name, pfn,
                        o);
                if (!(p->flags & PA_PG_BUDDY) || (p->flags & PA_PG_ALLOC))
                    BAD("zone %s order %u: pfn %#x is on a free list but not marked free",
                        z->name, o, pfn);
                if (p->order != o || p->mt != t)
                    BAD("zone %s: pfn %#x is on the order-%u %s list but says order %u type %u",
                        z->name, pfn, o, pa_migratetype_name(t), p->order, p->mt);
                if (p->prev != prev)
                    BAD("zone %s: pfn %#x has a broken prev link", z->name, pfn);
                prev = pfn;
            }
            if (prev != a->free_list[t].tail)
                BAD("zone %s order %u %s list: tail is %#x, last entry %#x", z->name, o,
                    pa_migratetype_name(t), a->free_list[t].tail, prev);
            if (n != a->free_list[t].count)
                BAD("zone %s order %u %s list has %" PRIu64 " entries, nr_free_mt says %" PRIu64,
                    z->name, o, pa_migratetype_name(t), n, a->free_list[t].count);
            sum += n;
        }
        if (sum != a->nr_free)
            BAD("zone %s order %u: lists hold %" PRIu64 " blocks, nr_free says %" PRIu64, z->name,
                o, sum, a->nr_free);
        pages += sum << o;
        total += sum;
    }
    uint64_t cma = 0;
    for (unsigned o = 0; o <= m->max_order; o++)
        cma += z->free_area[o].free_list[PA_MT_CMA].count << o;
    if (cma != z->nr_free_cma)
        BAD("zone %s: CMA lists hold %" PRIu64 " pages, nr_free_cma says %" PRIu64, z->name, cma,
            z->nr_free_cma);
    if (pages != z->free_pages)
        BAD("zone %s: free lists hold %" PRIu64 " pages, free_pages says %" PRIu64, z->name, pages,
            z->free_pages);
    *entries = total;
    return PA_OK;
}

static int check_block_interior(const struct pa_zone *z, uint64_t head, unsigned order,
                                const char *what, char *msg, size_t len)
{
    const struct pa_machine *m = z->machine;
    uint64_t n = (uint64_t)1 << order;
    if (head & (n - 1))
        BAD("zone %s: %s block at pfn %#" PRIx64 " is not aligned to order %u", z->name, what,
            head, order);
    if (head + n > pa_zone_end_pfn(z))
        BAD("zone %s: %s order-%u block at pfn %#" PRIx64 " runs past the zone end", z->name,
            what, order, head);
    for (uint64_t i = 1; i < n; i++) {
        uint16_t f = m->pages[head + i].flags;
        if (f & (PA_PG_BUDDY | PA_PG_ALLOC | PA_PG_HOLE | PA_PG_RESERVED))
            BAD("zone %s: pfn %#" PRIx64 " lies inside the %s order-%u block at %#" PRIx64
                " but has flags %#x",
                z->name, head + i, what, order, head, f);
    }
    return PA_OK;
}

/* The state flags of the allocated head pfn agree with each other, and its
   owner resolves its rmap handle to it. */
static int check_page_state(const struct pa_machine *m, uint64_t pfn, const struct pa_page *p,
                            char *msg, size_t len)
{
    uint16_t f = p->flags;
    if ((f & PA_PG_LRU) && (f & (PA_PG_ISOLATED | PA_PG_PCP)))
        BAD("pfn %#" PRIx64 " is on an LRU list and %s", pfn,
            (f & PA_PG_PCP) ? "on a pcp list" : "isolated");
    if ((f & PA_PG_ISOLATED) && (f & PA_PG_PCP))
        BAD("pfn %#" PRIx64 " is isolated and on a pcp list", pfn);
    if ((f & (PA_PG_LRU | PA_PG_ISOLATED)) && p->kind != PA_KIND_ANON &&
        p->kind != PA_KIND_FILE)
        BAD("pfn %#" PRIx64 " is a %s page on an LRU or isolation list", pfn,
            pa_page_kind_name((enum pa_page_kind)p->kind));
    if (p->kind >= PA_KIND_COUNT)
        BAD("pfn %#" PRIx64 " has kind %u", pfn, p->kind);
    const struct pa_page_ops *ops = m->page_ops[p->kind];
    if (!(f & PA_PG_PCP) && ops && ops->check &&
        !ops->check(m->page_ops_ctx[p->kind], m, pfn, p->priv))
        BAD("pfn %#" PRIx64 ": its %s owner does not resolve rmap handle %" PRIu32
            " to it",
            pfn, pa_page_kind_name((enum pa_page_kind)p->kind), p->priv);
    return PA_OK;
}

static int check_pages(const struct pa_zone *z, uint64_t entries, uint64_t *lru_heads,
                       char *msg, size_t len)
{
    const struct pa_machine *m = z->machine;
    uint64_t end = pa_zone_end_pfn(z), heads = 0, holes = 0, reserved = 0;
    int err;

    for (uint64_t pfn = z->start_pfn; pfn < end;) {
        const struct pa_page *p = &m->pages[pfn];
        if (p->flags & PA_PG_BUDDY) {
            if ((err = check_block_interior(z, pfn, p->order, "free", msg, len)))
                return err;
            uint64_t buddy;
            if (p->order < m->max_order && pa_buddy_can_merge(z, pfn, p->order, &buddy))
                BAD("zone %s: free order-%u blocks at %#" PRIx64 " and %#" PRIx64
                    " are buddies left unmerged",
                    z->name, p->order, pfn, buddy);
            heads++;
            pfn += (uint64_t)1 << p->order;
        } else if (p->flags & PA_PG_ALLOC) {
            if ((err = check_block_interior(z, pfn, p->order, "allocated", msg, len)))
                return err;
            if ((err = check_page_state(m, pfn, p, msg, len)))
                return err;
            if (p->flags & PA_PG_LRU)
                (*lru_heads)++;
            pfn += (uint64_t)1 << p->order;
        } else if (p->flags & PA_PG_HOLE) {
            holes++;
            pfn++;
        } else if (p->flags & PA_PG_RESERVED) {
            reserved++;
            pfn++;
        } else {
            BAD("zone %s: pfn %#" PRIx64 " is neither free, allocated, reserved nor a hole "
                "(a lost page)",
                z->name, pfn);
        }
    }
    if (heads != entries)
        BAD("zone %s: %" PRIu64 " pages are marked free heads but the lists hold %" PRIu64,
            z->name, heads, entries);
    if (z->present != z->spanned - holes)
        BAD("zone %s: present %" PRIu64 " but spanned %" PRIu64 " minus %" PRIu64 " hole pages",
            z->name, z->present, z->spanned, holes);
    if (z->managed != z->present - reserved)
        BAD("zone %s: managed %" PRIu64 " but present %" PRIu64 " minus %" PRIu64 " reserved",
            z->name, z->managed, z->present, reserved);
    return PA_OK;
}

static int check_pageblocks(const struct pa_zone *z, char *msg, size_t len)
{
    const struct pa_machine *m = z->machine;
    uint64_t count[PA_MT_COUNT] = {0};
    uint64_t pb_nr = (uint64_t)1 << m->pageblock_order;
    for (uint64_t pfn = z->start_pfn; pfn < pa_zone_end_pfn(z); pfn += pb_nr) {
        const struct pa_pageblock *pb = &m->pageblocks[pfn >> m->pageblock_order];
        if (m->pages[pfn].flags & PA_PG_HOLE)
            continue;
        if (pb->mt >= PA_MT_COUNT)
            BAD("zone %s: pageblock at pfn %#" PRIx64 " has migratetype %u", z->name, pfn, pb->mt);
        count[pb->mt]++;
    }
    for (int t = 0; t < PA_MT_COUNT; t++)
        if (count[t] != z->nr_pageblocks[t])
            BAD("zone %s: %" PRIu64 " %s pageblocks counted, nr_pageblocks says %" PRIu64, z->name,
                count[t], pa_migratetype_name(t), z->nr_pageblocks[t]);
    return PA_OK;
}

/* One LRU list: links, membership, count and pages. */
static int check_lru_list(const struct pa_machine *m, const struct pa_lruvec *lv,
                          enum pa_lru_list l, const char *owner, char *msg, size_t len)
{
    const struct pa_pfnlist *list = &lv->lists[l];
    const char *name = pa_lru_list_name(l);
    uint64_t n = 0, pages = 0;
    uint32_t prev = PA_PFN_NONE;
    for (uint32_t pfn = list->head; pfn != PA_PFN_NONE; pfn = m->pages[pfn].next) {
        if (pfn >= m->max_pfn)
            BAD("%s %s list: pfn %#" PRIx32 " is beyond the machine", owner, name, pfn);
        const struct pa_page *p = &m->pages[pfn];
        if (++n > list->count)
            BAD("%s %s list is longer than its count %" PRIu64, owner, name, list->count);
        if (p->prev != prev)
            BAD("%s %s list: pfn %#" PRIx32 " has prev %#" PRIx32 ", expected %#" PRIx32,
                owner, name, pfn, p->prev, prev);
        if (!(p->flags & PA_PG_ALLOC) || !(p->flags & PA_PG_LRU))
            BAD("%s %s list: pfn %#" PRIx32 " is not an allocated LRU page (flags %#x)", owner,
                name, pfn, p->flags);
        if (pa_page_lru(p) != l)
            BAD("%s %s list: pfn %#" PRIx32 " belongs on the %s list", owner, name, pfn,
                pa_lru_list_name(pa_page_lru(p)));
        const struct pa_zone *z = NULL;
        for (int i = 0; i < m->nr_zones && !z; i++)
            if (pfn - m->zones[i].start_pfn < m->zones[i].spanned)
                z = &m->zones[i];
        if (!z || z->lruvec != lv)
            BAD("%s %s list: pfn %#" PRIx32 " is in another zone's or node's lruvec", owner,
                name, pfn);
        pages += (uint64_t)1 << p->order;
        prev = pfn;
    }
    if (prev != list->tail)
        BAD("%s %s list: tail is %#" PRIx32 ", the last entry %#" PRIx32, owner, name,
            list->tail, prev);
    if (n != list->count)
        BAD("%s %s list has %" PRIu64 " entries, its count says %" PRIu64, owner, name, n,
            list->count);
    if (pages != lv->nr_pages[l])
        BAD("%s %s list holds %" PRIu64 " pages, nr_pages says %" PRIu64, owner, name, pages,
            lv->nr_pages[l]);
    return PA_OK;
}

static int check_lru(const struct pa_machine *m, uint64_t lru_heads, char *msg, size_t len)
{
    uint64_t entries = 0;
    int err;
    char owner[48];
    bool per_node = m->profile->reclaim.lru_per_node;
    int n = per_node ? m->nr_nodes : m->nr_zones;
    for (int i = 0; i < n; i++) {
        const struct pa_lruvec *lv = per_node ? &m->nodes[i].lruvec : &m->zones[i].zone_lruvec;
        if (per_node)
            snprintf(owner, sizeof owner, "node %d", m->nodes[i].id);
        else
            snprintf(owner, sizeof owner, "zone %s", m->zones[i].name);
        for (int l = 0; l < PA_NR_LRU_LISTS; l++) {
            if ((err = check_lru_list(m, lv, (enum pa_lru_list)l, owner, msg, len)))
                return err;
            entries += lv->lists[l].count;
        }
    }
    if (entries != lru_heads)
        BAD("%" PRIu64 " pages are flagged LRU but the LRU lists hold %" PRIu64, lru_heads,
            entries);
    return PA_OK;
}

int pa_machine_check(const struct pa_machine *m, char *msg, size_t len)
{
    if (msg && len)
        msg[0] = '\0';
    if (!m) {
        if (msg && len)
            snprintf(msg, len, "no machine (NULL)");
        return PA_EINVAL;
    }
    int err;
    uint64_t lru_heads = 0;
    if (msg && len)
        msg[0] = '\0';
    for (int i = 0; i < m->nr_zones; i++) {
        const struct pa_zone *z = &m->zones[i];
        uint64_t entries = 0;
        if ((err = check_lists(z, &entries, msg, len)))
            return err;
        if ((err = check_pages(z, entries, &lru_heads, msg, len)))
            return err;
        if ((err = check_pageblocks(z, msg, len)))
            return err;
    }
    return check_lru(m, lru_heads, msg, len);
}
