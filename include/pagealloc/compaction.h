/*
 * pagealloc/compaction.h - the entry point the allocation slow path calls for
 * direct compaction (kernel-semantics 6.2 - 6.4, 7): try_to_compact_pages.
 *
 * Issue 11 ("compact") implements it in src/mm/compaction.c; until then that
 * file holds a documented no-op that reports COMPACT_SKIPPED, so the slow path
 * behaves as on a kernel whose compaction found nothing to do.
 */
#ifndef PAGEALLOC_COMPACTION_H
#define PAGEALLOC_COMPACTION_H

#include <stdint.h>

#include "pagealloc/mm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Compaction priorities (V618 include/linux/compaction.h): lower is harder. */
enum pa_compact_priority {
    PA_COMPACT_PRIO_SYNC_FULL = 0,  /* whole zone, ignores skip bits           */
    PA_COMPACT_PRIO_SYNC_LIGHT,     /* MIGRATE_SYNC_LIGHT; the retry default  */
    PA_COMPACT_PRIO_ASYNC,          /* MIGRATE_ASYNC; the first attempt       */
};

/* What a direct compaction run achieved (enum compact_result, simplified). */
enum pa_compact_result {
    PA_COMPACT_SKIPPED = 0,   /* not suitable (too little free memory) / not run  */
    PA_COMPACT_DEFERRED,      /* deferred after recent failures                   */
    PA_COMPACT_CONTINUE,      /* ran, did not finish                               */
    PA_COMPACT_COMPLETE,      /* scanned the zones, no block of the order formed  */
    PA_COMPACT_SUCCESS,       /* a free block of the order exists now             */
};

/* try_to_compact_pages: compact the zones of node nid's zonelist up to
   highest_zone so that a block of `order` forms for a request with these
   gfp and alloc_flags, at priority prio. Must leave the machine consistent
   (pa_machine_check) and may move only movable pages (page ops). */
enum pa_compact_result pa_try_to_compact_pages(struct pa_machine *m, uint64_t gfp,
                                               unsigned order, unsigned alloc_flags, int nid,
                                               enum pa_zone_type highest_zone,
                                               enum pa_compact_priority prio);

#ifdef __cplusplus
}
#endif
#endif
