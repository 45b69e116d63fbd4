/*
 * ref_buddy.h - a deliberately simple reference model of the buddy engine,
 * for the differential test and the fuzz target.
 *
 * It is written from kernel-semantics 4.2/4.3 (and the engine's documented
 * API in pagealloc/mm.h), not from src/mm: no linked lists, no page flags.
 * A free list is an unordered array of pfns, each carrying an insertion key:
 * a head insertion takes a key below every key handed out so far, a tail
 * insertion one above, so "the first entry of the list" is simply the entry
 * with the smallest key. Per-page state is two signed byte arrays (order of
 * the free / allocated block headed here, or -1). Everything is found by
 * plain scans. Slow and obvious on purpose.
 *
 * The model predicts, for every call, the engine's return code and, for an
 * allocation, WHICH pfn comes back; ref_list() gives a list's entries in
 * list order for comparison with the engine's free lists.
 */
#ifndef PA_TEST_REF_BUDDY_H
#define PA_TEST_REF_BUDDY_H

#include <stddef.h>
#include <stdint.h>

#include "pagealloc/mm.h"

struct ref;

/* Build the model of a machine created from cfg (same defaults as
   pa_machine_create); NULL when out of memory. cfg must be valid. */
struct ref *ref_create(const struct pa_machine_config *cfg);
void ref_destroy(struct ref *r);

int ref_nr_zones(const struct ref *r);
/* Zones are numbered in ascending start pfn, as the engine sorts them. */
uint64_t ref_zone_start(const struct ref *r, int zone);
uint64_t ref_zone_end(const struct ref *r, int zone);
uint64_t ref_zone_free_pages(const struct ref *r, int zone);
unsigned ref_max_order(const struct ref *r);

/* Set a pageblock's migratetype. Only call it before the first free: the
   model does not re-examine free buddies whose merge a new type would allow
   (neither does the engine). */
void ref_set_pageblock_mt(struct ref *r, uint64_t pfn, enum pa_migratetype mt);

/* The engine calls, predicted. */
int ref_zone_alloc(struct ref *r, int zone, unsigned order, enum pa_migratetype mt,
                   uint64_t *pfn);
int ref_free_pages(struct ref *r, uint64_t pfn, unsigned order);
int ref_alloc_pfn(struct ref *r, uint64_t pfn, unsigned order, enum pa_migratetype mt);
int ref_alloc_range(struct ref *r, uint64_t start, uint64_t end, enum pa_migratetype mt);

/* Entries of free_area[order].free_list[mt] of zone, first to last; returns
   the count (entries beyond cap are counted, not stored). */
size_t ref_list(const struct ref *r, int zone, unsigned order, enum pa_migratetype mt,
                uint32_t *out, size_t cap);

/* Page state as the model sees it: -1, or the order of the free / allocated
   block whose head is pfn. Hole / reserved: ref_page_kind() 1 / 2, else 0. */
int ref_free_order(const struct ref *r, uint64_t pfn);
int ref_alloc_order(const struct ref *r, uint64_t pfn);
int ref_page_kind(const struct ref *r, uint64_t pfn);
/* One past the highest pfn of any zone. */
uint64_t ref_end_pfn(const struct ref *r);

#endif
