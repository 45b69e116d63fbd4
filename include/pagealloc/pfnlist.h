/*
 * pagealloc/pfnlist.h - the one intrusive page list (DESIGN.md "The engine
 * owns pages"): a doubly linked list threaded through pa_page.next/prev by
 * pfn, PA_PFN_NONE at both ends, with its head, tail and entry count in a
 * struct pa_pfnlist (mm.h). The buddy free lists, the per-CPU lists, the LRU
 * lists and isolation lists are all this list; each caller keeps whatever
 * other counters it needs (pages per list, flags).
 *
 * Every operation is O(1) and static inline: they sit on the allocator's
 * hottest paths (the library is built -fPIC, where an exported function may
 * be interposed and so is never inlined). They touch only links and the
 * count, never flags. A page may be on one list at a time; pa_pfnlist_del
 * leaves the removed page's own links stale (it is no longer a member), as
 * the buddy allocator's hot paths want.
 *
 * Direction: the kernel's list_add puts an entry at the head; LRU reclaim
 * and per-CPU bulk frees take from the tail (the oldest).
 */
#ifndef PAGEALLOC_PFNLIST_H
#define PAGEALLOC_PFNLIST_H

#include "pagealloc/mm.h"

#ifdef __cplusplus
extern "C" {
#endif

static inline void pa_pfnlist_init(struct pa_pfnlist *l)
{
    l->head = l->tail = PA_PFN_NONE;
    l->count = 0;
}

static inline bool pa_pfnlist_empty(const struct pa_pfnlist *l)
{
    return l->head == PA_PFN_NONE;
}

/* Put pfn at the head (list_add). */
static inline void pa_pfnlist_add(struct pa_page *pages, struct pa_pfnlist *l, uint32_t pfn)
{
    struct pa_page *p = &pages[pfn];
    uint32_t head = l->head; /* read once: the page stores may alias l */
    p->prev = PA_PFN_NONE;
    p->next = head;
    if (head == PA_PFN_NONE)
        l->tail = pfn;
    else
        pages[head].prev = pfn;
    l->head = pfn;
    l->count++;
}

/* Put pfn at the tail (list_add_tail). */
static inline void pa_pfnlist_add_tail(struct pa_page *pages, struct pa_pfnlist *l,
                                       uint32_t pfn)
{
    struct pa_page *p = &pages[pfn];
    uint32_t tail = l->tail;
    p->next = PA_PFN_NONE;
    p->prev = tail;
    if (tail == PA_PFN_NONE)
        l->head = pfn;
    else
        pages[tail].next = pfn;
    l->tail = pfn;
    l->count++;
}

/* Make pfn the only entry of the empty list l (a faster add for a caller
   that knows the list is empty, as expand() does). */
static inline void pa_pfnlist_set_only(struct pa_page *pages, struct pa_pfnlist *l,
                                       uint32_t pfn)
{
    pages[pfn].next = pages[pfn].prev = PA_PFN_NONE;
    l->head = l->tail = pfn;
    l->count = 1;
}

/* Unlink the page p (a member of l) when the caller holds its pointer. */
static inline void pa_pfnlist_unlink(struct pa_page *pages, struct pa_pfnlist *l,
                                     const struct pa_page *p)
{
    uint32_t next = p->next, prev = p->prev;
    if (prev == PA_PFN_NONE)
        l->head = next;
    else
        pages[prev].next = next;
    if (next == PA_PFN_NONE)
        l->tail = prev;
    else
        pages[next].prev = prev;
    l->count--;
}

/* Unlink pfn, a member of l (list_del). Its own links are left as they were. */
static inline void pa_pfnlist_del(struct pa_page *pages, struct pa_pfnlist *l, uint32_t pfn)
{
    pa_pfnlist_unlink(pages, l, &pages[pfn]);
}

/* Take the head / tail entry off l; PA_PFN_NONE when l is empty. */
static inline uint32_t pa_pfnlist_pop(struct pa_page *pages, struct pa_pfnlist *l)
{
    uint32_t pfn = l->head;
    if (pfn != PA_PFN_NONE)
        pa_pfnlist_del(pages, l, pfn);
    return pfn;
}

static inline uint32_t pa_pfnlist_pop_tail(struct pa_page *pages, struct pa_pfnlist *l)
{
    uint32_t pfn = l->tail;
    if (pfn != PA_PFN_NONE)
        pa_pfnlist_del(pages, l, pfn);
    return pfn;
}

/* Move pfn from list `from` to the head (or tail) of list `to` (list_move,
   list_move_tail); from and to may be the same list. */
static inline void pa_pfnlist_move(struct pa_page *pages, struct pa_pfnlist *from,
                                   struct pa_pfnlist *to, uint32_t pfn, bool tail)
{
    pa_pfnlist_del(pages, from, pfn);
    if (tail)
        pa_pfnlist_add_tail(pages, to, pfn);
    else
        pa_pfnlist_add(pages, to, pfn);
}

#ifdef __cplusplus
}
#endif
#endif
