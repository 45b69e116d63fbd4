/*
 * pagealloc/page_alloc.h - allocating pages for a request as the kernel does:
 * a GFP mask and an order, a zonelist walked from the preferred zone down,
 * the era's watermark check per zone, and rmqueue with the era's migratetype
 * fallback (kernel-semantics 1.3, 3, 5.4, 6.1).
 *
 * A request that fails the fast path goes through the era's slow path
 * (kernel-semantics 6.2 - 6.4): kswapd woken, an attempt at MIN with the slow
 * path's ALLOC flags, direct compaction where the era does it
 * (pagealloc/compaction.h), direct reclaim and the era's retry rules, the OOM
 * killer for small orders (pagealloc/vmscan.h has the decisions and the
 * owner's operations they call). A request that still fails returns
 * PA_ENOMEM with the per-zone verdicts of its last attempt and what the slow
 * path did in the result, so that callers can say why.
 */
#ifndef PAGEALLOC_PAGE_ALLOC_H
#define PAGEALLOC_PAGE_ALLOC_H

#include "pagealloc/mm.h"
#include "pagealloc/watermark.h"

#ifdef __cplusplus
extern "C" {
#endif

struct pa_alloc_request {
    uint64_t gfp;       /* raw mode in the machine profile's GFP layout           */
    unsigned order;
    int nid;            /* preferred node; -1 = the first node                    */
    int cpu;            /* for per-CPU lists; -1 = none                           */
    /* The owner of the block (pagealloc/pageops.h), set on the allocated head
       in the same step: its kind and rmap handle. 0 = none (PA_KIND_NONE). */
    enum pa_page_kind kind;
    uint32_t handle;
};

/* Why a zone of the zonelist did not give the page. */
enum pa_zone_verdict {
    PA_ZV_NOT_TRIED = 0,
    PA_ZV_INELIGIBLE,   /* above the request's highest zone                       */
    PA_ZV_WMARK_FAIL,   /* the era's watermark check failed                       */
    PA_ZV_NO_BLOCK,     /* watermark passed, rmqueue found nothing (fallback off) */
    PA_ZV_OK,
};

/* Why the slow path gave up (its "nopage" exit). */
enum pa_nopage_reason {
    PA_NOPAGE_NONE = 0,
    PA_NOPAGE_ATOMIC,       /* cannot direct-reclaim: one attempt at MIN only   */
    PA_NOPAGE_NORETRY,      /* __GFP_NORETRY: one reclaim / compaction round    */
    PA_NOPAGE_COSTLY,       /* order > 3 without __GFP_REPEAT / RETRY_MAYFAIL   */
    PA_NOPAGE_NO_RETRY,     /* the era's retry rule said no (no progress, ...)  */
    PA_NOPAGE_OOM_NONE,     /* the OOM killer found nothing to kill             */
    PA_NOPAGE_LOOP_CAP,     /* __GFP_NOFAIL looped PA_SLOWPATH_MAX_LOOPS times  */
};
#define PA_SLOWPATH_MAX_LOOPS 256
const char *pa_nopage_reason_name(enum pa_nopage_reason r); /* "atomic", ...   */

struct pa_alloc_result {
    uint64_t pfn;
    struct pa_zone *zone;             /* the zone that gave the page              */
    enum pa_migratetype migratetype;  /* of the request                           */
    enum pa_zone_type highest_zone;   /* gfp_zone                                 */
    unsigned alloc_flags;             /* of the attempt that decided              */
    bool slow_path;                   /* the fast path failed                     */
    /* Filled only when the allocation fails (nzones is 0 after a success):
       every zone of the zonelist, in order, with its fast and slow verdicts. */
    int nzones;
    struct {
        struct pa_zone *zone;
        enum pa_zone_verdict fast, slow;
    } zones[PA_MAX_ZONES];
    /* What the slow path did (kernel-semantics 6.2 - 6.4). */
    unsigned kswapd_wakeups;          /* nodes woken                              */
    unsigned reclaim_rounds;          /* direct reclaim calls                     */
    uint64_t reclaimed;               /* pages they reclaimed                     */
    unsigned compactions;             /* direct compaction calls                  */
    unsigned oom_calls, oom_kills;    /* OOM killer invoked / killed something    */
    unsigned retries;                 /* loops back to the retry label            */
    enum pa_nopage_reason nopage;     /* why it gave up (PA_NOPAGE_NONE on success) */
};

/* Allocate 2^order pages for the request; PA_ENOMEM when every eligible zone
   failed (res says why), PA_EORDER above max order. res may be NULL. */
int pa_alloc_pages(struct pa_machine *m, const struct pa_alloc_request *rq,
                   struct pa_alloc_result *res);

/* The zonelist of node nid (1.3, node order): its zones highest first, then
   the other nodes' zones by distance (then id). Returns the count. */
int pa_zonelist(struct pa_machine *m, int nid, struct pa_zone **out, int max);

/* The kernel's __rmqueue for one zone: smallest block of mt, else the era's
   fallback (profile->fallback), else MIGRATE_RESERVE (<= 4.3). The block is
   marked allocated. PA_ENOMEM when nothing fits. */
int pa_rmqueue(struct pa_zone *z, unsigned order, enum pa_migratetype mt, unsigned alloc_flags,
               uint64_t *pfn);
/* rmqueue's buddy part: the HIGHATOMIC reserve first for requests entitled
   to it (4.4+), then pa_rmqueue, then (6.x) the reserve for OOM/non-blocking. */
int pa_rmqueue_buddy(struct pa_zone *z, unsigned order, enum pa_migratetype mt,
                     unsigned alloc_flags, uint64_t *pfn);

/* Is a request with these ALLOC flags entitled to the HIGHATOMIC reserve? */
bool pa_highatomic_entitled(const struct pa_profile *pr, unsigned alloc_flags);

/* After a successful high-order allocation by an entitled request (4.4+):
   turn its pageblock into a HIGHATOMIC reserve within the era's limit. */
void pa_reserve_highatomic_pageblock(struct pa_zone *z, uint64_t pfn, unsigned order);
/* Give reserved HIGHATOMIC pageblocks back (unreserve_highatomic_pageblock):
   at most one per zone of the zonelist, keeping one per zone unless force.
   Blocks become mt. Returns true if something was released. */
bool pa_unreserve_highatomic_pageblock(struct pa_machine *m, struct pa_zone *z,
                                       enum pa_migratetype mt, bool force);

#ifdef __cplusplus
}
#endif
#endif
