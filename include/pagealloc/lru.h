/*
 * pagealloc/lru.h - the LRU lists (src/mm/lru.c; V44/V618 mm/swap.c,
 * mm/vmscan.c, include/linux/mm_inline.h).
 *
 * An lruvec (struct pa_lruvec, mm.h) holds inactive and active lists of anon
 * and file pages and an unevictable list. It belongs to a zone before 4.8 and
 * to a node from 4.8 (profile->reclaim.lru_per_node); pa_zone.lruvec points at the
 * right one. A page's list follows from its kind and flags: anon (or
 * PA_PG_SWAPBACKED) pages on the anon lists, others on the file lists,
 * PA_PG_ACTIVE on the active list, PA_PG_UNEVICTABLE on the unevictable list.
 * New pages go to a list's head; reclaim scans from the tail.
 *
 * Only allocated heads (not waiting on a per-CPU list) may be on an LRU. The
 * engine keeps PA_PG_LRU, PA_PG_ACTIVE, PA_PG_REFERENCED, PA_PG_YOUNG and
 * PA_PG_ISOLATED; adding and activating pages feed the lruvec's reclaim
 * statistics (recent_scanned / recent_rotated, up to 5.7);
 * nr_pages per list is kept as pages move (meminfo's Active / Inactive).
 * Freeing a page that is on an LRU takes it off first (the kernel's
 * __page_cache_release); an isolated page cannot be freed until it is put
 * back or migrated (PA_EBUSY).
 *
 * Every function checks its pfn: PA_ERANGE outside the machine, PA_ENOTALLOC
 * for a page that is not an allocated head, PA_EBUSY for a page in the wrong
 * LRU state (already on an LRU, not on one, isolated).
 */
#ifndef PAGEALLOC_LRU_H
#define PAGEALLOC_LRU_H

#include "pagealloc/mm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "inactive_anon", "active_anon", "inactive_file", "active_file",
   "unevictable"; "?" out of range. */
const char *pa_lru_list_name(enum pa_lru_list lru);

/* The lruvec of the zone / node holding pfn; NULL outside every zone. */
struct pa_lruvec *pa_pfn_lruvec(struct pa_machine *m, uint64_t pfn);

/* The list a page with these flags and kind belongs on (page_lru()). */
enum pa_lru_list pa_page_lru(const struct pa_page *p);

/* lru_cache_add: put the allocated head pfn on its lruvec's inactive (or,
   with active, active) list of its type. */
int pa_lru_add(struct pa_machine *m, uint64_t pfn, bool active);
/* Take pfn off its LRU list (del_page_from_lru_list + ClearPageLRU); the
   active / referenced state is cleared too. */
int pa_lru_del(struct pa_machine *m, uint64_t pfn);
/* mark_page_accessed (V44 mm/swap.c): an inactive, referenced page on an
   LRU is activated (moved to the active list's head, referenced cleared);
   otherwise an unreferenced page becomes referenced. */
int pa_mark_page_accessed(struct pa_machine *m, uint64_t pfn);
/* A mapped page was accessed through a page table: the pte's young
   (accessed) bit, which the MMU sets and reclaim's page_referenced tests
   and clears (PA_PG_YOUNG). A process touching its anon pages does this,
   not mark_page_accessed (V2632 / RHEL6 mm/rmap.c page_referenced_one). */
int pa_page_mkyoung(struct pa_machine *m, uint64_t pfn);
/* activate_page: move an inactive LRU page to the head of its active list. */
int pa_lru_activate(struct pa_machine *m, uint64_t pfn);
/* deactivate_page / lru_deactivate_fn: move an active LRU page to the head
   of its inactive list, clearing active and referenced. */
int pa_lru_deactivate(struct pa_machine *m, uint64_t pfn);
/* rotate_reclaimable_page: move an inactive LRU page to the tail of its
   list, where reclaim looks next (after write-back completed). */
int pa_lru_rotate(struct pa_machine *m, uint64_t pfn);

/* isolate_lru_page: take pfn off its LRU (if the kind's isolate op agrees)
   and put it at the tail of dst, an isolation list of the caller's; the page
   is PA_PG_ISOLATED and keeps its active state. PA_EBUSY when it is not on
   an LRU or the owner refused. */
int pa_lru_isolate(struct pa_machine *m, uint64_t pfn, struct pa_pfnlist *dst);
/* isolate_lru_pages: up to nr pages from the tail of list `lru` of lv to
   dst (pages whose owner refuses rotate to the head). Returns pages taken. */
uint64_t pa_lruvec_isolate(struct pa_machine *m, struct pa_lruvec *lv, enum pa_lru_list lru,
                           uint64_t nr, struct pa_pfnlist *dst);
/* putback_lru_page: take the isolated pfn off `from` and put it back on its
   LRU list (the head; the kind's putback op is told). */
int pa_lru_putback(struct pa_machine *m, uint64_t pfn, struct pa_pfnlist *from);
/* Put every page of the isolation list back. Returns pages put back. */
uint64_t pa_lru_putback_list(struct pa_machine *m, struct pa_pfnlist *list);

/* Pages on list `lru` of every lruvec of the machine (meminfo). */
uint64_t pa_machine_lru_pages(const struct pa_machine *m, enum pa_lru_list lru);

#ifdef __cplusplus
}
#endif
#endif
