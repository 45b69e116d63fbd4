/*
 * mm/internal.h - engine internals shared by the files of src/mm (like the
 * kernel's mm/internal.h). Not part of the public API.
 */
#ifndef PA_MM_INTERNAL_H
#define PA_MM_INTERNAL_H

#include "pagealloc/events.h"
#include "pagealloc/mm.h"

/* How a freed block is queued (the kernel's FPI_* flags). */
enum pa_fpi {
    PA_FPI_NONE = 0,   /* head, or tail when the profile's heuristic says so */
    PA_FPI_TO_TAIL,    /* boot memory on 5.10+, isolation undo               */
    PA_FPI_TO_HEAD,
};

/* Merge a block with its free buddies and queue it on mt's list. The block's
   pages must not be on any list. Updates every counter. */
void pa_free_one_page(struct pa_zone *z, uint64_t pfn, unsigned order, enum pa_migratetype mt,
                      enum pa_fpi fpi);

/* Is the buddy of the free block (pfn, order) a free block that may merge
   with it? *buddy gets its pfn. */
bool pa_buddy_can_merge(const struct pa_zone *z, uint64_t pfn, unsigned order, uint64_t *buddy);

/* The zone holding pfn, or NULL (the first zone in zones[] whose span holds
   it): the machine's zone map answers for spans held by one zone, the
   search over the zones for the rest (machine.c build_zone_map). */
static inline struct pa_zone *pa_zone_of_pfn(struct pa_machine *m, uint64_t pfn)
{
    uint64_t span = pfn >> m->zone_map_shift;
    if (span < sizeof m->zone_map && m->zone_map[span])
        return &m->zones[m->zone_map[span] - 1];
    for (int i = 0; i < m->nr_zones; i++) {
        struct pa_zone *z = &m->zones[i];
        if (pfn - z->start_pfn < z->spanned)
            return z;
    }
    return NULL;
}

/* U, M and E pageblocks merge freely; the others only with their own type. */
static inline bool pa_mt_mergeable(enum pa_migratetype mt)
{
    return mt == PA_MT_UNMOVABLE || mt == PA_MT_MOVABLE || mt == PA_MT_RECLAIMABLE;
}

/* The pfn range of the pageblock holding pfn that move_freepages_block may
   touch (V310/V419 move_freepages_block): the start is clipped to the zone,
   and a pageblock that runs past the zone's end is not touched at all
   (false). */
static inline bool pa_pageblock_span(const struct pa_zone *z, uint64_t pfn, uint64_t *start,
                                     uint64_t *end)
{
    uint64_t nr = (uint64_t)1 << z->machine->pageblock_order;
    *start = pfn & ~(nr - 1);
    *end = *start + nr;
    if (*end > pa_zone_end_pfn(z))
        return false;
    if (*start < z->start_pfn)
        *start = z->start_pfn;
    return true;
}

/* ---- events (events.h) ------------------------------------------------------- */
#define PA_EVENTS_ON(m) __builtin_expect((m)->event_cb != NULL, 0)

/* Report an event about one block; only call under PA_EVENTS_ON. Out of
   line and cold, so that the hot paths that may report keep their register
   allocation (pageops.c). */
__attribute__((cold, noinline)) void pa_emit_page(struct pa_machine *m, enum pa_event_type type,
                                                   const struct pa_zone *z, uint64_t pfn,
                                                   unsigned order, int mt, int cpu);

/* The compaction: tracepoints (kcompactd.c); only call under PA_EVENTS_ON.
   type is BEGIN or END (status then the run's result). */
struct pa_compact_control;
__attribute__((cold, noinline)) void pa_compact_trace_run(struct pa_machine *m,
                                                           const struct pa_zone *z,
                                                           const struct pa_compact_control *cc,
                                                           enum pa_event_type type, int status);
__attribute__((cold, noinline)) void pa_compact_trace_isolate(struct pa_machine *m,
                                                               const struct pa_zone *z,
                                                               enum pa_event_type type,
                                                               uint64_t start, uint64_t end,
                                                               uint64_t scanned, uint64_t taken);
__attribute__((cold, noinline)) void pa_compact_trace_migrate(struct pa_machine *m,
                                                               const struct pa_zone *z,
                                                               const struct pa_compact_control *cc,
                                                               uint64_t migrated, uint64_t failed);
__attribute__((cold, noinline)) void pa_compact_trace_defer(struct pa_machine *m,
                                                             const struct pa_zone *z,
                                                             enum pa_event_type type,
                                                             unsigned order);

/* ---- page state (lru.c) ----------------------------------------------------------
 * free_pages_prepare for an allocated head about to be freed: off its LRU
 * if it is on one; PA_EBUSY if isolated, PA_EDOUBLEFREE if on a pcp list
 * (m->errmsg says which). */
int pa_free_prepare(struct pa_machine *m, uint64_t pfn);

/* The zonelist of node nid (pa_zonelist, the profile's order), from the
   machine's cache; out has room for PA_MAX_ZONES. page_alloc.c. */
int pa_zonelist_cached(struct pa_machine *m, int nid, struct pa_zone **out);
/* Set up the zones' lruvec pointers and empty lists (machine creation). */
void pa_lru_init(struct pa_machine *m);
/* Take the LRU page pfn off its list (no checks; flags LRU/ACTIVE/REFERENCED
   cleared). */
void pa_lru_del_page(struct pa_machine *m, uint64_t pfn);
/* Link the allocated head pfn (kind anon or file, on no list) on the LRU list
   its flags and kind say, at the head or the tail; sets PA_PG_LRU. */
void pa_lru_link(struct pa_machine *m, uint64_t pfn, bool tail);

/* The allocated head at pfn (not on a pcp list) for owner and LRU
   operations, or PA_EINVAL / PA_ERANGE / PA_ENOTALLOC with m->errmsg set
   (pageops.c). */
int pa_owned_head(struct pa_machine *m, uint64_t pfn, struct pa_page **out);

#endif
