/*
 * compaction.c - PLACEHOLDER for issue 11: direct compaction's entry point
 * (pagealloc/compaction.h) as a no-op, so that the slow path of issue 10
 * (page_alloc.c) can call it where the era compacts (kernel-semantics 6.2 -
 * 6.4). It reports COMPACT_SKIPPED and changes nothing: a slow path then goes
 * on as on a kernel whose compaction found nothing suitable.
 *
 * The "compact" helper replaces this whole file with the real compaction
 * (scanners, compact_finished, compaction_suitable, deferral; section 7),
 * keeping the signature of pa_try_to_compact_pages.
 */
#include "pagealloc/compaction.h"

enum pa_compact_result pa_try_to_compact_pages(struct pa_machine *m, uint64_t gfp,
                                               unsigned order, unsigned alloc_flags, int nid,
                                               enum pa_zone_type highest_zone,
                                               enum pa_compact_priority prio)
{
    (void)m, (void)gfp, (void)order, (void)alloc_flags, (void)nid, (void)highest_zone,
        (void)prio;
    return PA_COMPACT_SKIPPED;
}
