/*
 * pagealloc/compaction.h - memory compaction (kernel-semantics 7): a zone's
 * migration scanner walks up from the zone start isolating movable pages, its
 * free scanner walks down from the zone end isolating free pages of suitable
 * target pageblocks, each isolated page is migrated to a free page, and the
 * run stops when the scanners meet or (with an order) when a block of that
 * order is free on a suitable list. Around it: compaction_suitable with the
 * fragmentation index, deferral after failure, priorities and sync modes,
 * the whole-zone run of /proc/sys/vm/compact_memory, and the entry point of
 * direct compaction that the allocation slow path calls.
 *
 * Which pages move is the owners' business: pages on an LRU list whose kind
 * has a migrate operation (pagealloc/pageops.h) are isolated with
 * pa_lru_isolate (the kind's isolate op may refuse: pinned) and moved with
 * pa_migrate_page, which tells the owner the new pfn; slab, kernel, page
 * table pages are never moved.
 *
 * Era differences are the profile's compaction part (struct
 * pa_profile_compaction: rule, kcompactd, proactive). The engine does no I/O.
 */
#ifndef PAGEALLOC_COMPACTION_H
#define PAGEALLOC_COMPACTION_H

#include <stdbool.h>
#include <stdint.h>

#include "pagealloc/mm.h"
#include "pagealloc/watermark.h"

#ifdef __cplusplus
extern "C" {
#endif

/* V618 include/linux/compaction.h enum compact_result (names as the
   compaction tracepoints print them, pa_compact_result_name). */
enum pa_compact_result {
    PA_COMPACT_NOT_SUITABLE_ZONE = 0, /* failure would be for lack of memory     */
    PA_COMPACT_SKIPPED,        /* too few free pages to compact at all            */
    PA_COMPACT_DEFERRED,       /* skipped: failed recently (deferral)             */
    PA_COMPACT_NO_SUITABLE_PAGE,
    PA_COMPACT_CONTINUE,       /* go on (suitable, or the run is not finished)    */
    PA_COMPACT_COMPLETE,       /* the scanners met after a whole-zone pass        */
    PA_COMPACT_PARTIAL_SKIPPED,/* the scanners met, part of the zone skipped      */
    PA_COMPACT_CONTENDED,
    PA_COMPACT_SUCCESS,        /* a block of the order is free on a suitable list */
    PA_COMPACT_RESULT_COUNT
};
const char *pa_compact_result_name(enum pa_compact_result r);

/* V618 enum compact_priority: lower is more thorough. */
enum pa_compact_priority {
    PA_COMPACT_PRIO_SYNC_FULL = 0,   /* MIN_COMPACT_PRIORITY: ignores skip hints and
                                        deferral, any pageblock is a target        */
    PA_COMPACT_PRIO_SYNC_LIGHT = 1,  /* DEF_COMPACT_PRIORITY                       */
    PA_COMPACT_PRIO_ASYNC = 2,       /* INIT_COMPACT_PRIORITY                      */
};

/* include/linux/migrate_mode.h */
enum pa_migrate_mode {
    PA_MIGRATE_ASYNC = 0,
    PA_MIGRATE_SYNC_LIGHT,
    PA_MIGRATE_SYNC,
};

#define PA_COMPACT_CLUSTER_MAX 32     /* pages isolated per batch (SWAP_CLUSTER_MAX) */
#define PA_COMPACT_MAX_DEFER_SHIFT 6
#define PA_EXTFRAG_THRESHOLD_DEFAULT 500
#define PA_MAX_COMPACT_RETRIES 16     /* MAX_COMPACT_RETRIES (should_compact_retry)  */

/* ---- pure pieces ----------------------------------------------------------------- */

/* compact_gap(order) = 2 << order pages (7.3). */
static inline uint64_t pa_compact_gap(unsigned order)
{
    return (uint64_t)2 << order;
}

/* The era's compaction_suitable (7.3) for a zone in state s: SUCCESS /
   PARTIAL_SKIPPED when the allocation should already succeed (6.x / 4.4 say
   SUCCESS, 3.x PARTIAL), SKIPPED when too little is free, NOT_SUITABLE_ZONE
   when the fragmentation index is within [0, extfrag_threshold] (failure is
   for lack of memory: 6.x only above order 3), else CONTINUE. alloc_flags
   selects the mark (6.x; earlier eras use LOW), classzone_idx the
   lowmem_reserve entry; async for the 6.x order > 3 pre-check. A profile
   without compaction gives SKIPPED. */
enum pa_compact_result pa_compaction_suitable(const struct pa_profile *p,
                                              const struct pa_wmark_state *s, unsigned order,
                                              int classzone_idx, unsigned alloc_flags,
                                              bool async, unsigned extfrag_threshold);

/* Deferral (7.5, V618 defer_compaction / compaction_deferred /
   compaction_defer_reset / compaction_restarting) on a zone's state. */
void pa_defer_compaction(struct pa_zone_compact *c, unsigned order);
bool pa_compaction_deferred(struct pa_zone_compact *c, unsigned order);
void pa_compaction_defer_reset(struct pa_zone_compact *c, unsigned order, bool alloc_success);
bool pa_compaction_restarting(const struct pa_zone_compact *c, unsigned order);

/* __reset_isolation_suitable for the machine's era: before 5.1 every skip
   bit of the zone is cleared and the cached scanner pfns go to the zone's
   ends; from 5.1 (profile compaction.reset_search) only after a direct
   compactor's full pass (blockskip_flush), clearing the bits of blocks
   where a sample (every 8th page) finds an LRU page (lower half, migration
   side) or a free page (upper half, MOVABLE blocks until the first is
   found), and setting the cached and init pfns to the first such blocks
   from each end. Called by kswapd going to sleep (reset_isolation_suitable,
   zones with blockskip_flush) and by a run restarting after the maximum
   deferral. */
void pa_reset_isolation_suitable(struct pa_zone *z);

/* The migrate mode of a priority (V618 compact_zone_order: ASYNC for
   COMPACT_PRIO_ASYNC, else SYNC_LIGHT; whole-zone runs use SYNC). */
enum pa_migrate_mode pa_compact_prio_mode(enum pa_compact_priority prio);

/* ---- running compaction on a machine ------------------------------------------- */

/* Who started a run (the compaction: events' compact.origin; the kernel
   tells them apart by cc->direct_compaction / proactive_compaction and the
   task). */
enum pa_compact_origin {
    PA_COMPACT_BY_CALLER = 0,      /* pa_compact_zone called directly            */
    PA_COMPACT_BY_DIRECT,          /* direct compaction (pa_try_to_compact_pages) */
    PA_COMPACT_BY_PROC,            /* /proc/sys/vm/compact_memory                 */
    PA_COMPACT_BY_KCOMPACTD,       /* kcompactd_do_work (4.6+)                    */
    PA_COMPACT_BY_PROACTIVE,       /* kcompactd's proactive compaction (5.9+)     */
    PA_COMPACT_ORIGIN_COUNT
};
/* "caller", "direct", "compact_memory", "kcompactd", "proactive". */
const char *pa_compact_origin_name(enum pa_compact_origin o);

/* One compaction run (the kernel's struct compact_control). */
struct pa_compact_control {
    /* in */
    int order;                     /* -1: whole zone (compact_memory)             */
    enum pa_migrate_mode mode;
    enum pa_migratetype migratetype; /* of the request (direct compaction)         */
    unsigned alloc_flags;
    int classzone_idx;
    bool whole_zone;               /* start at the zone ends, not the cached pfns   */
    bool ignore_skip_hint;
    bool ignore_block_suitable;    /* SYNC_FULL: any pageblock is a target          */
    bool direct_compaction;
    bool unevictable_allowed;      /* vm.compact_unevictable_allowed (default 1)   */
    bool no_split;                 /* a large folio without a target of its order is
                                      not split (the kernel's try_split_folio
                                      failed): the run ends CONTENDED             */
    enum pa_compact_origin origin; /* PROACTIVE: the run ends when the zone's
                                      score is at most the low mark (V618
                                      __compact_finished proactive_compaction)  */
    /* 6.x frees a migrated source page to the compacting CPU's per-CPU list
       (free_unref_folios); it reaches the buddy lists only when the list
       reaches high: then the oldest pages on the list go, as many as the
       run of consecutive frees so far (at least batch, at most
       batch << pcp_scale_max and high - batch: V618 mm/page_alloc.c
       free_unref_page_commit, nr_pcp_free). pcp_count pages (of unknown
       pfns) are on the list at the start and are the oldest; those freed
       are counted in pcp_old_freed, not placed. pcp_high 0: straight to
       the buddy lists. Pages still held at the end stay allocated (kind
       PA_KIND_NONE) and are listed in held[]: pa_compact_release_held frees
       them (the list drains) or only forgets them. */
    uint64_t pcp_high, pcp_batch, pcp_count;
    unsigned pcp_scale_max;        /* CONFIG_PCP_BATCH_SCALE_MAX (default 5)      */
    uint64_t pcp_old_freed;
    /* where known, the pfns of those pcp_count pages, oldest first (the
       caller's array): the i-th old page to leave the list is freed to the
       buddy lists at pcp_old_pfn[i] if that is an allocated order-0 page of
       no owner's (kind NONE or RESERVED, as a snapshot's flagless page),
       instead of only being counted; pcp_old_placed counts those */
    const uint64_t *pcp_old_pfn;
    size_t nr_pcp_old_pfn;
    uint64_t pcp_old_placed;
    uint64_t *held;
    size_t nr_held;
    /* out */
    uint64_t migrate_pfn, free_pfn;
    uint64_t migrate_scanned, free_scanned, isolated_migrate, isolated_free;
    uint64_t migrated, migrate_failed;
    unsigned order_success;        /* the order found free on SUCCESS               */
};

/* Free the pages cc->held (drain: to the buddy lists) or just drop the list. */
void pa_compact_release_held(struct pa_machine *m, struct pa_compact_control *cc, bool drain);

/* Defaults of a whole-zone run as /proc/sys/vm/compact_memory starts it
   (V618 compact_node: order -1, MIGRATE_SYNC, ignore_skip_hint, whole_zone). */
void pa_compact_control_whole_zone(struct pa_compact_control *cc);

/* Compact one zone (V618 compact_zone). PA_COMPACT_COMPLETE /
   PARTIAL_SKIPPED when the scanners met, SUCCESS when a block of cc->order
   became available, CONTINUE never. Counters go to the machine's
   compact_stats (pgmigrate_success etc.) and to cc. */
enum pa_compact_result pa_compact_zone(struct pa_zone *z, struct pa_compact_control *cc);

/* echo 1 > /proc/sys/vm/compact_memory: every populated zone of every node,
   whole-zone SYNC runs (7.5). Returns the pages migrated. */
uint64_t pa_compact_memory(struct pa_machine *m);

/* Direct compaction from the allocation slow path (V618 try_to_compact_pages):
   each zone of node's zonelist up to highest_zoneidx that is not deferred and
   compaction_suitable, compacted at prio; SUCCESS as soon as one zone has a
   block of the order on a suitable list (*zone_out then names it). Defers the
   zone after a failed sync run; resets deferral on success. Counts
   compact_stall as the era does (pa_compact_stall_counted) and, when the caller reports the outcome with
   pa_compact_account, compact_success / compact_fail. Orders 0 and profiles
   without compaction give SKIPPED. */
int pa_try_to_compact_pages(struct pa_machine *m, int node, unsigned order, unsigned alloc_flags,
                            enum pa_migratetype mt, int highest_zoneidx,
                            enum pa_compact_priority prio, struct pa_zone **zone_out);

/* Whether the era counts compact_stall for a pa_try_to_compact_pages result
   (profile compaction.stall), and whether its slow path then tries the free
   lists and counts compact_success / compact_fail. */
bool pa_compact_stall_counted(const struct pa_profile *p, int result);
bool pa_compact_tries_freelist(const struct pa_profile *p, int result);

/* compact_success (true) or compact_fail after direct compaction. */
void pa_compact_account(struct pa_machine *m, bool success);

/* Proactive compaction score of a node (V618 fragmentation_score_node):
   sum over zones of present * extfrag_for_order(pageblock_order) /
   (node present + 1). And the two thresholds for a proactiveness (0..100):
   low = 100 - p, high = min(low + min(10, low/2), 100). */
unsigned pa_compact_node_score(const struct pa_machine *m, int node);
void pa_compact_proactive_wmarks(unsigned proactiveness, unsigned *low, unsigned *high);

/* ---- kcompactd and proactive compaction (kernel-semantics 7.5) ------------------ */

#define PA_HPAGE_FRAG_CHECK_INTERVAL_MSEC 500 /* proactive compaction's period      */

/* Proactive compaction score of a zone (V618 fragmentation_score_zone:
   extfrag_for_order(zone, COMPACTION_HPAGE_ORDER = pageblock_order)). */
unsigned pa_compact_zone_score(const struct pa_zone *z);

/* wakeup_kcompactd (V618 mm/compaction.c): raise node nid's kcompactd order
   and lower its highest zone to the request's, and wake it if a zone up to
   highest_zoneidx is compaction_suitable (at MIN) for that order. false for
   order 0, profiles without kcompactd (before 4.6) and unsuitable nodes.
   Emits PA_EV_KCOMPACTD_WAKE when it wakes a sleeping kcompactd. */
bool pa_wakeup_kcompactd(struct pa_machine *m, int nid, unsigned order, int highest_zoneidx);

/* kswapd about to sleep on a balanced node (V618 kswapd_try_to_sleep): the
   skip hints of zones where a direct compactor finished a pass are cleared
   (reset_isolation_suitable) and kcompactd is woken for kswapd's order. */
void pa_kswapd_sleep_compaction(struct pa_machine *m, int nid, unsigned order,
                                int highest_zoneidx);

/* One run of node nid's woken kcompactd (V618 kcompactd_do_work): each
   populated zone up to its highest zone, not deferred and suitable at MIN,
   compacted at MIGRATE_SYNC_LIGHT for its order (an unmovable GFP_KERNEL
   request's lists), deferred after a failed pass; compact_daemon_* counted.
   Then it sleeps. Returns pages migrated (0 when it was not awake). */
uint64_t pa_kcompactd_run(struct pa_machine *m, int nid);

/* One HPAGE_FRAG_CHECK_INTERVAL_MSEC wake-up of node nid's kcompactd for
   proactive compaction (5.9+; V618 kcompactd loop, should_proactive_compact_node,
   compact_node(pgdat, true)): if the back-off is not running, the
   proactiveness is not 0 and the node's score is above the high mark, every
   zone is compacted (whole zone, SYNC_LIGHT, skip hints ignored) until its own
   score is at most the low mark; a run that did not lower the node's score
   backs off 64 intervals. Returns true when it compacted; *migrated (may be
   NULL) gets the pages moved. */
bool pa_kcompactd_proactive(struct pa_machine *m, int nid, uint64_t *migrated);

#ifdef __cplusplus
}
#endif
#endif
