/*
 * pagealloc/pageops.h - page kinds, owners and their operations: how the
 * engine reaches the owner of an allocated page (DESIGN.md "The engine owns
 * pages; owners own meaning").
 *
 * The kernel reaches a page's owner through struct page (mapping, index) and
 * the owner's operations (address_space_operations for the page cache,
 * anon_vma + swap for anonymous memory, movable_operations for the
 * non-LRU movable pages of 5.19+; V618 include/linux/migrate.h,
 * include/linux/fs.h). pagealloc keeps two things in every allocated head:
 *   kind  - enum pa_page_kind (mm.h): anon, file, slab, page table, ...
 *   priv  - an rmap handle: a number only the owner understands, which it
 *           resolves in O(1) to the slot that holds the pfn (e.g. an index
 *           into an owner-side table of (process, page index) or
 *           (file, page index) slots). The engine never interprets it.
 * and one table of operations per kind on the machine, registered by the
 * owner with pa_machine_set_page_ops. A kind without operations (slab,
 * kernel, page tables, kernel stacks, hugetlb, reserved, or anon / file
 * when nobody registered them) is unmovable and unreclaimable, as in the
 * kernel; migration refuses it with PA_EBUSY.
 *
 * Who calls what: compaction and migration (migrate.c) call isolate,
 * migrate and putback; reclaim (vmscan) calls reclaim; the invariant checker
 * calls check. Each is called with the ctx given at registration. The owner
 * never changes page flags or list links itself: it answers, the engine
 * acts.
 */
#ifndef PAGEALLOC_PAGEOPS_H
#define PAGEALLOC_PAGEOPS_H

#include "pagealloc/mm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a reclaim operation did with the page (vmscan's shrink_page_list
   outcomes, V44/V618 mm/vmscan.c). */
enum pa_reclaim_result {
    PA_RECLAIM_FREED = 0,   /* the owner let go (clean file page dropped from its
                               mapping, anon page swapped out): the engine takes
                               the page off the LRU and frees it               */
    PA_RECLAIM_KEEP,        /* not now (no swap space, locked, ...): the page
                               goes back to its list                            */
    PA_RECLAIM_ACTIVATE,    /* in use: back to the active list                   */
    PA_RECLAIM_WRITEBACK,   /* dirty: write-back started (the owner calls
                               pa_page_end_writeback when it completes); the
                               page stays, to be reclaimed clean later          */
};

struct pa_page_ops {
    /* May the engine take this page off its LRU for migration or reclaim
       now? (isolate_lru_page's owner side; movable_operations.isolate_page.)
       NULL = always. */
    bool (*isolate)(void *ctx, struct pa_machine *m, uint64_t pfn, uint32_t handle);
    /* The page's contents now live at new_pfn (the engine copied kind,
       handle and LRU state): the owner points its slot `handle` at new_pfn
       (migrate_folio / movable_operations.migrate_page). 0, or a negative
       PA_E* code to refuse (the engine then undoes the move). Required for
       the kind to be movable. */
    int (*migrate)(void *ctx, struct pa_machine *m, uint32_t handle, uint64_t old_pfn,
                   uint64_t new_pfn);
    /* An isolated page goes back to its owner unmigrated (putback_lru_page /
       movable_operations.putback_page). NULL = nothing to do. */
    void (*putback)(void *ctx, struct pa_machine *m, uint64_t pfn, uint32_t handle);
    /* Reclaim the order-0 page pfn (a clean file page is dropped from the
       page cache, a dirty one written back, an anon one swapped out):
       enum pa_reclaim_result. NULL = unreclaimable. */
    int (*reclaim)(void *ctx, struct pa_machine *m, uint64_t pfn, uint32_t handle);
    /* Invariant checker: does `handle` resolve to pfn? NULL = not checked. */
    bool (*check)(void *ctx, const struct pa_machine *m, uint64_t pfn, uint32_t handle);
};

/* Register (or with ops NULL, remove) the operations of `kind` on m. The
   table must outlive its registration; ctx is passed to every call.
   PA_EINVAL for PA_KIND_NONE or a kind out of range. */
int pa_machine_set_page_ops(struct pa_machine *m, enum pa_page_kind kind,
                            const struct pa_page_ops *ops, void *ctx);

/* Set the kind and rmap handle of the allocated head pfn: for pages that did
   not come through pa_alloc_pages with a kind in the request (pa_alloc_pfn,
   pa_zone_alloc, a snapshot's pages). PA_ENOTALLOC if pfn is not an
   allocated head (or waits on a per-CPU list), PA_ERANGE, PA_EINVAL. */
int pa_page_set_owner(struct pa_machine *m, uint64_t pfn, enum pa_page_kind kind,
                      uint32_t handle);

/* Can pages of this kind be migrated (operations with a migrate op)? */
bool pa_kind_movable(const struct pa_machine *m, enum pa_page_kind kind);
/* ... and reclaimed? */
bool pa_kind_reclaimable(const struct pa_machine *m, enum pa_page_kind kind);

/* Dirty and write-back state of an allocated head (file pages): the
   engine's flags, set through the engine. PA_ENOTALLOC / PA_ERANGE. */
int pa_page_set_dirty(struct pa_machine *m, uint64_t pfn, bool dirty);
/* An anon page's swap-cache state (PA_PG_SWAPCACHE): set when a swapped-in
   page keeps its swap slot, cleared when the slot is freed. */
int pa_page_set_swapcache(struct pa_machine *m, uint64_t pfn, bool on);
int pa_page_end_writeback(struct pa_machine *m, uint64_t pfn);
/* clear_page_dirty_for_io + set_page_writeback: a dirty page's write-back
   starts (the flusher's, not reclaim's). PA_EBUSY when it is not dirty or
   already under write-back. */
int pa_page_start_writeback(struct pa_machine *m, uint64_t pfn);
/* Mark an allocated head (un)evictable (mlock / munlock): it moves to or
   from the unevictable LRU list if it is on an LRU. */
int pa_page_set_unevictable(struct pa_machine *m, uint64_t pfn, bool unevictable);

/* ---- migration (src/mm/migrate.c; V618 mm/migrate.c) ------------------------
 * Move the allocated head old_pfn to new_pfn, an allocated head of the same
 * order that nobody owns yet (kind NONE, no state: e.g. just taken with
 * pa_zone_alloc / pa_alloc_pfn / a compaction free scanner). The kind's
 * migrate op is called first, so that the owner's slot names new_pfn; then
 * the engine gives new_pfn the old page's kind, handle and state (active,
 * referenced, dirty, ...), puts it on the LRU if the old page was on one or
 * isolated (putback of the new page), and frees old_pfn to the buddy lists.
 * An isolated old page must name its isolation list (`isolated`; NULL
 * otherwise). Errors: PA_EBUSY when the kind has no migrate op (slab,
 * kernel, page tables, ...: unmovable), the page is under write-back, new_pfn
 * has an owner, or the owner refused; PA_ENOTALLOC / PA_EWRONGORDER /
 * PA_ERANGE / PA_EINVAL for bad arguments. On error nothing changes. */
int pa_migrate_page(struct pa_machine *m, uint64_t old_pfn, uint64_t new_pfn,
                    struct pa_pfnlist *isolated);

/* Reclaim one page through its kind's reclaim op (shrink_page_list for one
   page): isolated or on an LRU, order 0. On PA_RECLAIM_FREED the engine takes
   it off its list and frees it; KEEP / ACTIVATE / WRITEBACK leave it where
   it was (ACTIVATE sets it active, WRITEBACK marks it under write-back).
   Returns enum pa_reclaim_result, or PA_EBUSY (no reclaim op) / PA_E*. */
int pa_reclaim_page(struct pa_machine *m, uint64_t pfn, struct pa_pfnlist *isolated);

#ifdef __cplusplus
}
#endif
#endif
