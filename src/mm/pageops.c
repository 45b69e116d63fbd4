/*
 * pageops.c - page owners and their operations (pagealloc/pageops.h): the
 * per-machine table of operations per page kind, setting a page's kind and
 * rmap handle, and the page flags that are about the page's data (dirty,
 * write-back, unevictable), all changed here by the engine on the owner's
 * word.
 */
#include <stdio.h>

#include "mm/internal.h"
#include "pagealloc/lru.h"
#include "pagealloc/pageops.h"
#include "pagealloc/pfnlist.h"

int pa_machine_set_page_ops(struct pa_machine *m, enum pa_page_kind kind,
                            const struct pa_page_ops *ops, void *ctx)
{
    if (!m || kind <= PA_KIND_NONE || kind >= PA_KIND_COUNT)
        return PA_EINVAL;
    m->page_ops[kind] = ops;
    m->page_ops_ctx[kind] = ops ? ctx : NULL;
    return PA_OK;
}

void pa_machine_set_event_cb(struct pa_machine *m, pa_event_fn fn, void *ctx)
{
    if (!m)
        return;
    m->event_cb = fn;
    m->event_ctx = fn ? ctx : NULL;
}

void pa_emit_page(struct pa_machine *m, enum pa_event_type type, const struct pa_zone *z,
                  uint64_t pfn, unsigned order, int mt, int cpu)
{
    struct pa_event ev = {0};
    ev.type = type;
    ev.pfn = pfn;
    ev.order = order;
    ev.migratetype = mt;
    ev.zone = z;
    ev.cpu = cpu;
    m->event_cb(m->event_ctx, &ev);
}

const char *pa_event_name(enum pa_event_type t)
{
    static const char *const names[PA_EV_COUNT] = {
        "mm_page_alloc", "mm_page_free", "mm_page_alloc_extfrag", "mm_page_pcpu_drain",
        "mm_migrate_page", "mm_vmscan_lru_shrink", "mm_vmscan_direct_reclaim_begin",
        "mm_vmscan_wakeup_kswapd", "mark_victim", "mm_compaction_begin", "mm_compaction_end",
        "mm_compaction_isolate_migratepages", "mm_compaction_isolate_freepages",
        "mm_compaction_migratepages", "mm_compaction_defer_compaction",
        "mm_compaction_deferred", "mm_compaction_wakeup_kcompactd"};
    return (unsigned)t < PA_EV_COUNT ? names[t] : "?";
}

bool pa_kind_movable(const struct pa_machine *m, enum pa_page_kind kind)
{
    return m && kind > PA_KIND_NONE && kind < PA_KIND_COUNT && m->page_ops[kind] &&
           m->page_ops[kind]->migrate;
}

bool pa_kind_reclaimable(const struct pa_machine *m, enum pa_page_kind kind)
{
    return m && kind > PA_KIND_NONE && kind < PA_KIND_COUNT && m->page_ops[kind] &&
           m->page_ops[kind]->reclaim;
}

int pa_owned_head(struct pa_machine *m, uint64_t pfn, struct pa_page **out)
{
    if (!m)
        return PA_EINVAL;
    m->errmsg[0] = '\0';
    if (pfn >= m->max_pfn || !pa_zone_of_pfn(m, pfn)) {
        snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx is outside every zone",
                 (unsigned long long)pfn);
        return PA_ERANGE;
    }
    struct pa_page *p = &m->pages[pfn];
    if (!(p->flags & PA_PG_ALLOC) || (p->flags & PA_PG_PCP)) {
        snprintf(m->errmsg, sizeof m->errmsg, "pfn %#llx is not an allocated head",
                 (unsigned long long)pfn);
        return PA_ENOTALLOC;
    }
    *out = p;
    return PA_OK;
}

int pa_page_set_owner(struct pa_machine *m, uint64_t pfn, enum pa_page_kind kind,
                      uint32_t handle)
{
    struct pa_page *p;
    if ((unsigned)kind >= PA_KIND_COUNT)
        return PA_EINVAL;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    if (p->flags & (PA_PG_LRU | PA_PG_ISOLATED)) {
        /* the list a page is on follows from its kind */
        snprintf(m->errmsg, sizeof m->errmsg,
                 "pfn %#llx is on an LRU or isolation list: its kind cannot change",
                 (unsigned long long)pfn);
        return PA_EBUSY;
    }
    p->kind = (uint8_t)kind;
    p->priv = handle;
    return PA_OK;
}

/* A page-state flag of an owned page's head, on or off (the flags only its
   owner changes: no list moves with them). */
static int set_head_flag(struct pa_machine *m, uint64_t pfn, uint16_t flag, bool on)
{
    struct pa_page *p;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    if (on)
        p->flags |= flag;
    else
        p->flags &= (uint16_t)~flag;
    return PA_OK;
}

int pa_page_set_dirty(struct pa_machine *m, uint64_t pfn, bool dirty)
{
    return set_head_flag(m, pfn, PA_PG_DIRTY, dirty);
}

int pa_page_set_swapcache(struct pa_machine *m, uint64_t pfn, bool on)
{
    return set_head_flag(m, pfn, PA_PG_SWAPCACHE, on);
}

int pa_page_end_writeback(struct pa_machine *m, uint64_t pfn)
{
    struct pa_page *p;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    p->flags &= (uint16_t)~PA_PG_WRITEBACK;
    return PA_OK;
}

int pa_page_start_writeback(struct pa_machine *m, uint64_t pfn)
{
    struct pa_page *p;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    if (!(p->flags & PA_PG_DIRTY) || (p->flags & PA_PG_WRITEBACK))
        return PA_EBUSY;
    p->flags = (uint16_t)((p->flags & ~PA_PG_DIRTY) | PA_PG_WRITEBACK);
    return PA_OK;
}

int pa_page_set_unevictable(struct pa_machine *m, uint64_t pfn, bool unevictable)
{
    struct pa_page *p;
    int err = pa_owned_head(m, pfn, &p);
    if (err)
        return err;
    if (!!(p->flags & PA_PG_UNEVICTABLE) == unevictable)
        return PA_OK;
    bool on_lru = p->flags & PA_PG_LRU;
    uint16_t keep = p->flags & (PA_PG_ACTIVE | PA_PG_REFERENCED);
    if (on_lru)
        pa_lru_del_page(m, pfn);
    if (unevictable)
        p->flags |= PA_PG_UNEVICTABLE;
    else
        p->flags &= (uint16_t)~PA_PG_UNEVICTABLE;
    if (on_lru) {
        pa_lru_add(m, pfn, false);
        p->flags |= keep; /* the list follows UNEVICTABLE, not ACTIVE, here */
        if (!unevictable && (keep & PA_PG_ACTIVE)) {
            pa_lru_del_page(m, pfn);
            pa_lru_add(m, pfn, true);
        }
    }
    return PA_OK;
}
