/*
 * lru.c - the LRU lists (pagealloc/lru.h): lruvecs of inactive / active anon
 * and file lists plus an unevictable list, per zone before 4.8 and per node
 * from 4.8 (V48 "mm, vmscan: move LRU lists to node"; profile->reclaim.lru_per_node).
 *
 * The lists are struct pa_pfnlist (pfnlist.h) threaded through allocated
 * heads; a page is on at most one list: an LRU list (PA_PG_LRU) or a
 * caller's isolation list (PA_PG_ISOLATED). nr_pages per list counts pages
 * (2^order per entry), kept as pages move, never recounted; meminfo's
 * Active / Inactive read it. Which list a page is on follows from its flags
 * and kind (page_lru(), V44 include/linux/mm_inline.h), so that a page can
 * always be unlinked without searching.
 *
 * Policies are the kernel's (V44 mm/swap.c): lru_cache_add puts pages at a
 * list's head, reclaim takes from the tail; mark_page_accessed promotes an
 * inactive page on its second access; rotate_reclaimable_page moves a page to
 * the inactive tail.
 */
#include <stdio.h>

#include "mm/internal.h"
#include "pagealloc/lru.h"
#include "pagealloc/pageops.h"
#include "pagealloc/pfnlist.h"

#define LRU_STATE (PA_PG_LRU | PA_PG_ACTIVE | PA_PG_REFERENCED)

const char *pa_lru_list_name(enum pa_lru_list lru)
{
    static const char *const names[PA_NR_LRU_LISTS] = {
        "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable"};
    return (unsigned)lru < PA_NR_LRU_LISTS ? names[lru] : "?";
}

static void lruvec_init(struct pa_lruvec *lv)
{
    *lv = (struct pa_lruvec){0};
    for (int l = 0; l < PA_NR_LRU_LISTS; l++)
        pa_pfnlist_init(&lv->lists[l]);
}

void pa_lru_init(struct pa_machine *m)
{
    for (int k = 0; k < m->nr_nodes; k++)
        lruvec_init(&m->nodes[k].lruvec);
    for (int i = 0; i < m->nr_zones; i++) {
        struct pa_zone *z = &m->zones[i];
        lruvec_init(&z->zone_lruvec);
        z->lruvec = &z->zone_lruvec;
        if (m->profile->reclaim.lru_per_node)
            for (int k = 0; k < m->nr_nodes; k++)
                if (m->nodes[k].id == z->node)
                    z->lruvec = &m->nodes[k].lruvec;
    }
}

struct pa_lruvec *pa_pfn_lruvec(struct pa_machine *m, uint64_t pfn)
{
    struct pa_zone *z = m && pfn < m->max_pfn ? pa_zone_of_pfn(m, pfn) : NULL;
    return z ? z->lruvec : NULL;
}

enum pa_lru_list pa_page_lru(const struct pa_page *p)
{
    if (!p || (p->flags & PA_PG_UNEVICTABLE))
        return PA_LRU_UNEVICTABLE;
    bool anon = p->kind == PA_KIND_ANON || (p->flags & PA_PG_SWAPBACKED);
    return (enum pa_lru_list)((anon ? PA_LRU_INACTIVE_ANON : PA_LRU_INACTIVE_FILE) +
                              ((p->flags & PA_PG_ACTIVE) ? 1 : 0));
}

static int busy(struct pa_machine *m, uint64_t pfn, const char *why)
{
    snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx %s", (unsigned long long)pfn, why);
    return PA_EBUSY;
}

/* Link p on the list its flags say, at the head or tail; sets PA_PG_LRU. */
void pa_lru_link(struct pa_machine *m, uint64_t pfn, bool tail)
{
    struct pa_page *p = &m->pages[pfn];
    struct pa_lruvec *lv = pa_zone_of_pfn(m, pfn)->lruvec;
    enum pa_lru_list l = pa_page_lru(p);
    p->flags |= PA_PG_LRU;
    if (tail)
        pa_pfnlist_add_tail(m->pages, &lv->lists[l], (uint32_t)pfn);
    else
        pa_pfnlist_add(m->pages, &lv->lists[l], (uint32_t)pfn);
    lv->nr_pages[l] += (uint64_t)1 << p->order;
}

/* Unlink the LRU page p from its list, leaving its flags. */
static void unlink_page(struct pa_machine *m, uint64_t pfn)
{
    struct pa_page *p = &m->pages[pfn];
    struct pa_lruvec *lv = pa_zone_of_pfn(m, pfn)->lruvec;
    enum pa_lru_list l = pa_page_lru(p);
    pa_pfnlist_del(m->pages, &lv->lists[l], (uint32_t)pfn);
    p->next = p->prev = PA_PFN_NONE;
    p->flags &= (uint16_t)~PA_PG_LRU;
    lv->nr_pages[l] -= (uint64_t)1 << p->order;
}

void pa_lru_del_page(struct pa_machine *m, uint64_t pfn)
{
    unlink_page(m, pfn);
    m->pages[pfn].flags &= (uint16_t)~LRU_STATE;
}

int pa_free_prepare(struct pa_machine *m, uint64_t pfn)
{
    struct pa_page *p = &m->pages[pfn];
    if (p->flags & PA_PG_PCP) {
        snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx is already free (on a pcp list)",
                 (unsigned long long)pfn);
        return PA_EDOUBLEFREE;
    }
    if (p->flags & PA_PG_ISOLATED)
        return busy(m, pfn, "is isolated: put it back or migrate it before freeing");
    if (p->flags & PA_PG_LRU)
        pa_lru_del_page(m, pfn);
    return PA_OK;
}

/* update_page_reclaim_stat (2.6.32-642.6.2.el6 mm/swap.c; up to 5.7): a
   page added to an LRU counts as scanned, and as rotated when it goes on an
   active list; activate_page counts both. 5.8+ keep no such statistics
   ("mm: deactivations shouldn't bias the LRU balance" and its series). */
static void note_reclaim_stat(struct pa_machine *m, uint64_t pfn, bool rotated)
{
    if (m->profile->reclaim.scan_balance == PA_BALANCE_COST)
        return;
    struct pa_page *p = &m->pages[pfn];
    struct pa_lruvec *lv = pa_zone_of_pfn(m, pfn)->lruvec;
    int file = !(p->kind == PA_KIND_ANON || (p->flags & PA_PG_SWAPBACKED));
    uint64_t n = (uint64_t)1 << p->order;
    lv->recent_scanned[file] += n;
    if (rotated)
        lv->recent_rotated[file] += n;
}

int pa_lru_add(struct pa_machine *m, uint64_t pfn, bool active)
{
    struct pa_page *p;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    if (p->kind != PA_KIND_ANON && p->kind != PA_KIND_FILE) {
        snprintf(m->errmsg, sizeof m->errmsg,
                 "pfn %#llx is a %s page: only anon and file pages go on the LRU",
                 (unsigned long long)pfn, pa_page_kind_name((enum pa_page_kind)p->kind));
        return PA_EINVAL;
    }
    if (p->flags & (PA_PG_LRU | PA_PG_ISOLATED))
        return busy(m, pfn, "is already on an LRU or isolation list");
    p->flags &= (uint16_t)~(PA_PG_ACTIVE | PA_PG_REFERENCED);
    if (active)
        p->flags |= PA_PG_ACTIVE;
    pa_lru_link(m, pfn, false);
    note_reclaim_stat(m, pfn, active);
    return PA_OK;
}

int pa_lru_del(struct pa_machine *m, uint64_t pfn)
{
    struct pa_page *p;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    if (!(p->flags & PA_PG_LRU))
        return busy(m, pfn, "is not on an LRU list");
    pa_lru_del_page(m, pfn);
    return PA_OK;
}

/* Move an LRU page to another list state: set/clear flags in between. */
static void relink(struct pa_machine *m, uint64_t pfn, uint16_t set, uint16_t clear, bool tail)
{
    unlink_page(m, pfn);
    m->pages[pfn].flags = (uint16_t)((m->pages[pfn].flags & ~clear) | set);
    pa_lru_link(m, pfn, tail);
}

int pa_lru_activate(struct pa_machine *m, uint64_t pfn)
{
    struct pa_page *p;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    if (!(p->flags & PA_PG_LRU))
        return busy(m, pfn, "is not on an LRU list");
    /* V44 __activate_page: only inactive, evictable pages */
    if (!(p->flags & (PA_PG_ACTIVE | PA_PG_UNEVICTABLE))) {
        relink(m, pfn, PA_PG_ACTIVE, 0, false);
        note_reclaim_stat(m, pfn, true);
    }
    return PA_OK;
}

int pa_mark_page_accessed(struct pa_machine *m, uint64_t pfn)
{
    struct pa_page *p;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    /* V44 mm/swap.c mark_page_accessed: inactive,unreferenced ->
       inactive,referenced -> active,unreferenced. A page off the LRU
       (isolated) is activated where it will be put back. */
    if (!(p->flags & (PA_PG_ACTIVE | PA_PG_UNEVICTABLE)) && (p->flags & PA_PG_REFERENCED)) {
        if (p->flags & PA_PG_LRU) {
            relink(m, pfn, PA_PG_ACTIVE, 0, false);
            note_reclaim_stat(m, pfn, true);
        } else {
            p->flags |= PA_PG_ACTIVE;
        }
        p->flags &= (uint16_t)~PA_PG_REFERENCED;
    } else if (!(p->flags & PA_PG_REFERENCED)) {
        p->flags |= PA_PG_REFERENCED;
    }
    return PA_OK;
}

int pa_page_mkyoung(struct pa_machine *m, uint64_t pfn)
{
    struct pa_page *p;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    p->flags |= PA_PG_YOUNG;
    return PA_OK;
}

int pa_lru_deactivate(struct pa_machine *m, uint64_t pfn)
{
    struct pa_page *p;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    if (!(p->flags & PA_PG_LRU))
        return busy(m, pfn, "is not on an LRU list");
    /* lru_deactivate_fn (5.x deactivate_page): active -> inactive head */
    if ((p->flags & PA_PG_ACTIVE) && !(p->flags & PA_PG_UNEVICTABLE))
        relink(m, pfn, 0, PA_PG_ACTIVE | PA_PG_REFERENCED, false);
    return PA_OK;
}

int pa_lru_rotate(struct pa_machine *m, uint64_t pfn)
{
    struct pa_page *p;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    if (!(p->flags & PA_PG_LRU))
        return busy(m, pfn, "is not on an LRU list");
    /* V44 rotate_reclaimable_page / pagevec_move_tail_fn: an inactive,
       evictable LRU page goes to the tail of its list */
    if (p->flags & (PA_PG_ACTIVE | PA_PG_UNEVICTABLE))
        return busy(m, pfn, "is active or unevictable: only inactive pages rotate");
    relink(m, pfn, 0, 0, true);
    return PA_OK;
}

/* Isolate the LRU page pfn onto dst; false if the owner refused. */
static bool isolate_one(struct pa_machine *m, uint64_t pfn, struct pa_pfnlist *dst)
{
    struct pa_page *p = &m->pages[pfn];
    const struct pa_page_ops *ops = m->page_ops[p->kind];
    if (ops && ops->isolate && !ops->isolate(m->page_ops_ctx[p->kind], m, pfn, p->priv))
        return false;
    unlink_page(m, pfn);
    p->flags |= PA_PG_ISOLATED;
    pa_pfnlist_add_tail(m->pages, dst, (uint32_t)pfn);
    return true;
}

int pa_lru_isolate(struct pa_machine *m, uint64_t pfn, struct pa_pfnlist *dst)
{
    struct pa_page *p;
    if (!dst)
        return PA_EINVAL;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    if (!(p->flags & PA_PG_LRU))
        return busy(m, pfn, "is not on an LRU list");
    if (!isolate_one(m, pfn, dst))
        return busy(m, pfn, "was refused isolation by its owner");
    return PA_OK;
}

uint64_t pa_lruvec_isolate(struct pa_machine *m, struct pa_lruvec *lv, enum pa_lru_list lru,
                           uint64_t nr, struct pa_pfnlist *dst)
{
    if (!m || !lv || !dst || (unsigned)lru >= PA_NR_LRU_LISTS)
        return 0;
    struct pa_pfnlist *src = &lv->lists[lru];
    uint64_t taken = 0, scan = src->count;
    while (taken < nr && scan-- && src->tail != PA_PFN_NONE) {
        uint32_t pfn = src->tail;
        if (isolate_one(m, pfn, dst)) {
            taken++;
        } else { /* V44 isolate_lru_pages: -EBUSY pages move to the head */
            pa_pfnlist_move(m->pages, src, src, pfn, false);
        }
    }
    return taken;
}

int pa_lru_putback(struct pa_machine *m, uint64_t pfn, struct pa_pfnlist *from)
{
    struct pa_page *p;
    if (!from)
        return PA_EINVAL;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    if (!(p->flags & PA_PG_ISOLATED))
        return busy(m, pfn, "is not isolated");
    pa_pfnlist_del(m->pages, from, (uint32_t)pfn);
    p->flags &= (uint16_t)~PA_PG_ISOLATED;
    pa_lru_link(m, pfn, false);
    const struct pa_page_ops *ops = m->page_ops[p->kind];
    if (ops && ops->putback)
        ops->putback(m->page_ops_ctx[p->kind], m, pfn, p->priv);
    return PA_OK;
}

uint64_t pa_lru_putback_list(struct pa_machine *m, struct pa_pfnlist *list)
{
    if (!m)
        return 0;
    uint64_t n = 0;
    while (m && list && list->head != PA_PFN_NONE) {
        uint32_t pfn = list->head;
        if (pa_lru_putback(m, pfn, list)) {
            /* not an isolated page: drop it from the list rather than loop */
            pa_pfnlist_del(m->pages, list, pfn);
            continue;
        }
        n += (uint64_t)1 << m->pages[pfn].order;
    }
    return n;
}

uint64_t pa_machine_lru_pages(const struct pa_machine *m, enum pa_lru_list lru)
{
    if (!m)
        return 0;
    uint64_t n = 0;
    if (!m || (unsigned)lru >= PA_NR_LRU_LISTS)
        return 0;
    if (m->profile->reclaim.lru_per_node)
        for (int k = 0; k < m->nr_nodes; k++)
            n += m->nodes[k].lruvec.nr_pages[lru];
    else
        for (int i = 0; i < m->nr_zones; i++)
            n += m->zones[i].zone_lruvec.nr_pages[lru];
    return n;
}
