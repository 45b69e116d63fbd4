/*
 * migrate.c - moving a page's contents to another page, and reclaiming one
 * page, through its owner's operations (pagealloc/pageops.h).
 *
 * pa_migrate_page is the kernel's migrate_pages for one page (V618
 * mm/migrate.c: migrate_pages_batch -> migrate_folio_move): the target is
 * an allocated page nobody owns yet, the owner's migrate op repoints its
 * slot (the kernel's remove_migration_ptes / folio_migrate_mapping), the new
 * page takes the old one's kind, rmap handle and page state and goes on the
 * LRU (putback of the new page), and the old page is freed. Pages under
 * write-back are not moved (-EBUSY, as MIGRATE_ASYNC does). A kind without a
 * migrate op is unmovable: slab, kernel, page tables, ... (-EBUSY).
 *
 * pa_reclaim_page is shrink_page_list for one page (V44/V618 mm/vmscan.c):
 * the kind's reclaim op decides (drop a clean file page, start write-back of
 * a dirty one, swap out an anon one); when the owner let go, the engine
 * frees the page.
 */
#include <stdio.h>

#include "mm/internal.h"
#include "pagealloc/lru.h"
#include "pagealloc/pageops.h"
#include "pagealloc/pfnlist.h"

/* State that travels with the data (everything but the list membership
   and the allocation itself). */
#define PAGE_STATE                                                                         \
    (PA_PG_ACTIVE | PA_PG_REFERENCED | PA_PG_DIRTY | PA_PG_UNEVICTABLE | PA_PG_SWAPBACKED |  \
     PA_PG_SWAPCACHE)

static int head_page(struct pa_machine *m, uint64_t pfn, const char *what, struct pa_page **out)
{
    if (pfn >= m->max_pfn || !pa_pfn_to_zone(m, pfn)) {
        snprintf(m->errmsg, sizeof m->errmsg, "%s pfn %#llx is outside every zone", what,
                 (unsigned long long)pfn);
        return PA_ERANGE;
    }
    struct pa_page *p = &m->pages[pfn];
    if (!(p->flags & PA_PG_ALLOC) || (p->flags & PA_PG_PCP)) {
        snprintf(m->errmsg, sizeof m->errmsg, "%s pfn %#llx is not an allocated head", what,
                 (unsigned long long)pfn);
        return PA_ENOTALLOC;
    }
    *out = p;
    return PA_OK;
}

static int refuse(struct pa_machine *m, uint64_t pfn, const char *why)
{
    snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx cannot be migrated: %s",
             (unsigned long long)pfn, why);
    return PA_EBUSY;
}

/* Free the head pfn that has just lost its owner. */
static void release(struct pa_machine *m, struct pa_page *p, uint64_t pfn)
{
    p->flags = PA_PG_ALLOC;
    p->kind = PA_KIND_NONE;
    p->priv = 0;
    p->next = p->prev = PA_PFN_NONE;
    pa_free_pages(m, pfn, p->order);
}

int pa_migrate_page(struct pa_machine *m, uint64_t old_pfn, uint64_t new_pfn,
                    struct pa_pfnlist *isolated)
{
    struct pa_page *o, *n;
    int err;
    if (!m)
        return PA_EINVAL;
    m->errmsg[0] = '\0';
    if ((err = head_page(m, old_pfn, "old", &o)) || (err = head_page(m, new_pfn, "new", &n)))
        return err;
    if (old_pfn == new_pfn) {
        snprintf(m->errmsg, sizeof m->errmsg, "old and new pfn are the same");
        return PA_EINVAL;
    }
    if (o->order != n->order) {
        snprintf(m->errmsg, sizeof m->errmsg,
                 "old pfn %#llx is order %u, new pfn %#llx order %u",
                 (unsigned long long)old_pfn, o->order, (unsigned long long)new_pfn, n->order);
        return PA_EWRONGORDER;
    }
    if (n->kind != PA_KIND_NONE || (n->flags & ~PA_PG_ALLOC)) {
        snprintf(m->errmsg, sizeof m->errmsg, "new pfn %#llx already has an owner",
                 (unsigned long long)new_pfn);
        return PA_EBUSY;
    }
    enum pa_page_kind kind = (enum pa_page_kind)o->kind;
    const struct pa_page_ops *ops = m->page_ops[kind];
    if (!ops || !ops->migrate)
        return refuse(m, old_pfn, kind == PA_KIND_NONE ? "it has no owner"
                                                       : "its kind has no migrate operation");
    if (o->flags & PA_PG_WRITEBACK)
        return refuse(m, old_pfn, "it is under write-back");
    if ((o->flags & PA_PG_ISOLATED) && !isolated) {
        snprintf(m->errmsg, sizeof m->errmsg,
                 "pfn %#llx is isolated: pass the isolation list it is on",
                 (unsigned long long)old_pfn);
        return PA_EINVAL;
    }
    /* The owner repoints its slot first: if it refuses, nothing changed. */
    if ((err = ops->migrate(m->page_ops_ctx[kind], m, o->priv, old_pfn, new_pfn)))
        return refuse(m, old_pfn, "its owner refused");

    uint16_t state = o->flags & PAGE_STATE;
    bool lru = o->flags & (PA_PG_LRU | PA_PG_ISOLATED);
    if (o->flags & PA_PG_ISOLATED)
        pa_pfnlist_del(m->pages, isolated, (uint32_t)old_pfn);
    else if (o->flags & PA_PG_LRU)
        pa_lru_del_page(m, old_pfn);
    n->kind = (uint8_t)kind;
    n->priv = o->priv;
    n->flags |= state;
    if (lru) /* putback_lru_page(newpage): on the LRU, isolated or not before */
        pa_lru_link(m, new_pfn, false);
    release(m, o, old_pfn);
    if (PA_EVENTS_ON(m)) {
        struct pa_event ev = {0};
        ev.type = PA_EV_MIGRATE;
        ev.pfn = old_pfn;
        ev.order = n->order;
        ev.migratetype = n->mt;
        ev.zone = pa_pfn_to_zone(m, old_pfn);
        ev.cpu = -1;
        ev.kind = kind;
        ev.migrate.new_pfn = new_pfn;
        m->event_cb(m->event_ctx, &ev);
    }
    return PA_OK;
}

int pa_reclaim_page(struct pa_machine *m, uint64_t pfn, struct pa_pfnlist *isolated)
{
    struct pa_page *p;
    int err;
    if (!m)
        return PA_EINVAL;
    m->errmsg[0] = '\0';
    if ((err = head_page(m, pfn, "", &p)))
        return err;
    enum pa_page_kind kind = (enum pa_page_kind)p->kind;
    const struct pa_page_ops *ops = m->page_ops[kind];
    if (!ops || !ops->reclaim) {
        snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx (%s) has no reclaim operation",
                 (unsigned long long)pfn, pa_page_kind_name(kind));
        return PA_EBUSY;
    }
    if (!(p->flags & (PA_PG_LRU | PA_PG_ISOLATED))) {
        snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx is neither on an LRU nor isolated",
                 (unsigned long long)pfn);
        return PA_EBUSY;
    }
    if ((p->flags & PA_PG_ISOLATED) && !isolated) {
        snprintf(m->errmsg, sizeof m->errmsg,
                 "pfn %#llx is isolated: pass the isolation list it is on",
                 (unsigned long long)pfn);
        return PA_EINVAL;
    }
    int r = ops->reclaim(m->page_ops_ctx[kind], m, pfn, p->priv);
    switch (r) {
    case PA_RECLAIM_FREED:
        if (p->flags & PA_PG_ISOLATED)
            pa_pfnlist_del(m->pages, isolated, (uint32_t)pfn);
        else
            pa_lru_del_page(m, pfn);
        release(m, p, pfn);
        break;
    case PA_RECLAIM_ACTIVATE:
        if (p->flags & PA_PG_LRU)
            pa_lru_activate(m, pfn);
        else
            p->flags |= PA_PG_ACTIVE;
        break;
    case PA_RECLAIM_WRITEBACK:
        p->flags = (uint16_t)((p->flags & ~PA_PG_DIRTY) | PA_PG_WRITEBACK);
        break;
    case PA_RECLAIM_KEEP:
        break;
    default:
        snprintf(m->errmsg, sizeof m->errmsg, "reclaim operation of %s returned %d",
                 pa_page_kind_name(kind), r);
        return PA_EINVAL;
    }
    return r;
}
