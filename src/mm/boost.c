/*
 * boost.c - watermark boost after a migratetype fallback (5.0+; V515/V618
 * boost_watermark, kernel-semantics 2.3).
 */
#include "pagealloc/watermark.h"

bool pa_boost_watermark(struct pa_zone *z)
{
    if (!z)
        return false;
    const struct pa_machine *m = z->machine;
    uint64_t pb = (uint64_t)1 << m->pageblock_order;

    if (!m->profile->boost || !m->watermark_boost_factor)
        return false;
    /* small zones would get boosted all the time */
    if (z->managed < 4 * pb)
        return false;
    uint64_t max_boost = z->watermark[PA_WMARK_HIGH] * m->watermark_boost_factor / 10000;
    if (!max_boost)
        return false;
    if (max_boost < pb)
        max_boost = pb;
    z->watermark_boost += pb;
    if (z->watermark_boost > max_boost)
        z->watermark_boost = max_boost;
    return true;
}
