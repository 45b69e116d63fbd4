/*
 * rmap.c - the simulator as the owner of anonymous and page-cache pages
 * (pagealloc/pageops.h): the rmap handle in each such page's priv is an
 * index into one slot table, whose slot names the process or file and the
 * page's index in its pages[] array (the kernel's page->mapping +
 * page->index, resolved in O(1)). Slots of freed pages go on a free list
 * threaded through the table and are reused.
 *
 * The operations registered for PA_KIND_ANON and PA_KIND_FILE:
 *  - migrate: the slot's array entry becomes the new pfn (the kernel's
 *    remove_migration_ptes for anon, replacing the page in the mapping's
 *    xarray for file pages);
 *  - reclaim: a clean file page is dropped from its file (the file gets a
 *    hole, refilled when it is read again); a dirty one is written back; an
 *    anon page is swapped out while swap space is left (the process keeps a
 *    hole where the page was; faulting it back in is not modelled);
 *  - check: the slot names the pfn (the invariant checker).
 */
#include <stdlib.h>

#include "pagealloc/pageops.h"
#include "sim/sim.h"

uint32_t pa_sim_rmap_get(struct pa_sim *s, uint32_t owner, uint64_t index)
{
    uint32_t h;
    if (index >= UINT32_MAX)
        return PA_RMAP_NONE;
    if (s->rmap_free != PA_RMAP_NONE) {
        h = s->rmap_free;
        s->rmap_free = s->rmap[h].owner;
    } else {
        if (s->nr_rmap == s->rmap_cap) {
            uint32_t c = s->rmap_cap ? s->rmap_cap * 2 : 1024;
            if (c <= s->rmap_cap || c == PA_RMAP_NONE)
                return PA_RMAP_NONE;
            struct pa_rmap_slot *v = realloc(s->rmap, (size_t)c * sizeof *v);
            if (!v)
                return PA_RMAP_NONE;
            s->rmap = v;
            s->rmap_cap = c;
        }
        h = s->nr_rmap++;
    }
    s->rmap[h].owner = owner;
    s->rmap[h].index = (uint32_t)index;
    return h;
}

void pa_sim_rmap_put(struct pa_sim *s, uint32_t h)
{
    if (h >= s->nr_rmap)
        return;
    s->rmap[h].owner = s->rmap_free;
    s->rmap[h].index = UINT32_MAX; /* marks a free slot */
    s->rmap_free = h;
}

/* The pages[] entry slot h names, or NULL for a stale handle. */
static uint32_t *slot_entry(struct pa_sim *s, enum pa_page_kind kind, uint32_t h)
{
    if (h >= s->nr_rmap || s->rmap[h].index == UINT32_MAX)
        return NULL;
    const struct pa_rmap_slot *sl = &s->rmap[h];
    if (kind == PA_KIND_ANON) {
        if (sl->owner >= (uint32_t)s->nr_procs)
            return NULL;
        struct pa_proc *p = s->procs[sl->owner];
        return sl->index < p->nr_pages ? &p->pages[sl->index] : NULL;
    }
    if (sl->owner >= (uint32_t)s->nr_files)
        return NULL;
    struct pa_file *f = s->files[sl->owner];
    return sl->index < f->nr_pages ? &f->pages[sl->index] : NULL;
}

static int migrate(struct pa_sim *s, enum pa_page_kind kind, uint32_t h, uint64_t old_pfn,
                   uint64_t new_pfn)
{
    uint32_t *e = slot_entry(s, kind, h);
    if (!e || *e != old_pfn)
        return PA_ECORRUPT;
    *e = (uint32_t)new_pfn;
    return PA_OK;
}

static int anon_migrate(void *ctx, struct pa_machine *m, uint32_t h, uint64_t o, uint64_t n)
{
    (void)m;
    return migrate(ctx, PA_KIND_ANON, h, o, n);
}

static int file_migrate(void *ctx, struct pa_machine *m, uint32_t h, uint64_t o, uint64_t n)
{
    (void)m;
    return migrate(ctx, PA_KIND_FILE, h, o, n);
}

static bool anon_check(void *ctx, const struct pa_machine *m, uint64_t pfn, uint32_t h)
{
    (void)m;
    uint32_t *e = slot_entry(ctx, PA_KIND_ANON, h);
    return e && *e == pfn;
}

static bool file_check(void *ctx, const struct pa_machine *m, uint64_t pfn, uint32_t h)
{
    (void)m;
    uint32_t *e = slot_entry(ctx, PA_KIND_FILE, h);
    return e && *e == pfn;
}

/* V44 shrink_page_list for a file page: dirty -> pageout (write-back),
   clean -> __remove_mapping. */
static int file_reclaim(void *ctx, struct pa_machine *m, uint64_t pfn, uint32_t h)
{
    struct pa_sim *s = ctx;
    uint32_t *e = slot_entry(s, PA_KIND_FILE, h);
    if (!e || *e != pfn)
        return PA_RECLAIM_KEEP;
    if (m->pages[pfn].flags & PA_PG_WRITEBACK)
        return PA_RECLAIM_KEEP;
    struct pa_file *f = s->files[s->rmap[h].owner];
    if (m->pages[pfn].flags & PA_PG_DIRTY) { /* pageout: written at once here */
        f->nr_dirty--;
        s->st.dirty--;
        return PA_RECLAIM_WRITEBACK;
    }
    *e = PA_PFN_NONE;
    f->holes++;
    pa_sim_file_page_gone(s, f, s->rmap[h].index);
    pa_sim_rmap_put(s, h);
    s->st.file--;
    if (f->buffers)
        s->st.buffers--;
    return PA_RECLAIM_FREED;
}

/* V44 shrink_page_list for an anon page: add_to_swap + pageout (pswpout),
   while swap space is left. A page still in the swap cache (swapped in and
   not written since; 2.6.32-642.6.2.el6 shrink_page_list: PageSwapCache
   skips add_to_swap, a clean page skips pageout) is dropped from memory
   without I/O: its slot holds the data. */
static int anon_reclaim(void *ctx, struct pa_machine *m, uint64_t pfn, uint32_t h)
{
    struct pa_sim *s = ctx;
    uint32_t *e = slot_entry(s, PA_KIND_ANON, h);
    bool cached = m->pages[pfn].flags & PA_PG_SWAPCACHE;
    if (!e || *e != pfn || (!cached && s->st.swap_used >= s->swap_pages))
        return PA_RECLAIM_KEEP;
    struct pa_proc *p = s->procs[s->rmap[h].owner];
    *e = PA_PFN_NONE;
    p->nr_swapped++;
    pa_sim_rmap_put(s, h);
    s->st.anon--;
    if (cached) {
        s->st.swap_cached--;
    } else {
        s->st.swap_used++;
        s->st.pswpout++;
    }
    return PA_RECLAIM_FREED;
}

static const struct pa_page_ops anon_ops = {
    .migrate = anon_migrate, .reclaim = anon_reclaim, .check = anon_check};
static const struct pa_page_ops file_ops = {
    .migrate = file_migrate, .reclaim = file_reclaim, .check = file_check};

int pa_sim_register_owners(struct pa_sim *s)
{
    s->rmap_free = PA_RMAP_NONE;
    int e = pa_machine_set_page_ops(s->m, PA_KIND_ANON, &anon_ops, s);
    return e ? e : pa_machine_set_page_ops(s->m, PA_KIND_FILE, &file_ops, s);
}
