/*
 * oom_kill.c - the OOM killer's era rules that the engine decides: whether a
 * failing request may invoke it (__alloc_pages_may_oom, kernel-semantics 6.2
 * - 6.4) and the badness score of a task (oom_badness). Choosing among the
 * tasks, killing and reporting are the owner's (struct pa_slowpath_ops
 * out_of_memory; the simulator's is src/sim/oom.c).
 *
 * Sources: V2632 / V316 / V44 / V419 / V618 mm/page_alloc.c
 * __alloc_pages_may_oom, mm/oom_kill.c oom_badness.
 */
#include "pagealloc/gfp.h"
#include "pagealloc/vmscan.h"

bool pa_oom_allowed(const struct pa_profile *p, uint64_t gfp, unsigned order,
                    enum pa_zone_type highest)
{
    const struct pa_profile_slowpath *sp = &p->slowpath;
    /* "The OOM killer will not help higher order allocs" */
    if (order > PA_COSTLY_ORDER && !pa_gfp_has(p, gfp, PA_GFP_NOFAIL))
        return false;
    if (!pa_gfp_can_direct_reclaim(p, gfp) || pa_gfp_has(p, gfp, PA_GFP_NORETRY))
        return false;
    if (sp->oom_skip_lowmem &&
        (highest < PA_ZONE_NORMAL || pa_gfp_has(p, gfp, PA_GFP_THISNODE)))
        return false;
    if (sp->oom_needs_fs && !pa_gfp_has(p, gfp, PA_GFP_FS))
        return false;
    if (sp->oom_skip_retry_mayfail && pa_gfp_has(p, gfp, PA_GFP_RETRY_MAYFAIL) &&
        !pa_gfp_has(p, gfp, PA_GFP_NOFAIL))
        return false;
    return true;
}

uint64_t pa_oom_badness(uint64_t rss, uint64_t swapents, uint64_t pgtables, int oom_score_adj,
                        uint64_t totalpages)
{
    if (oom_score_adj <= -1000)
        return 0;
    int64_t points = (int64_t)(rss + swapents + pgtables);
    points += (int64_t)oom_score_adj * (int64_t)(totalpages / 1000);
    /* a killable task that would score 0 or less still scores 1 (V44) */
    return points > 0 ? (uint64_t)points : 1;
}
