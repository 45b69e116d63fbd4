/*
 * pagealloc/vmscan.h - what the allocation slow path needs from reclaim and
 * the OOM killer, and the era's decisions around them (kernel-semantics 6.2 -
 * 6.4, 8): when kswapd is woken and when a node counts as balanced, whether
 * a failed request retries, when the OOM killer may run, and how a victim is
 * scored.
 *
 * The decisions are pure functions of the profile (profile->slowpath), the
 * request and the zones, so that tests can ask them per era. The work itself
 * (scanning LRU lists, swapping, killing a task) belongs to whoever owns the
 * pages: a machine's owner registers struct pa_slowpath_ops with
 * pa_machine_set_slowpath_ops(); without them direct reclaim finds nothing
 * to reclaim and the OOM killer nothing to kill, and the slow path still
 * makes the era's decisions (a request then fails as on a machine with
 * nothing reclaimable). The engine's own LRU lists and page operations
 * (issue 9, src/mm/lru.c) will let src/mm/vmscan.c reclaim without the
 * reclaim hook; the decisions here stay.
 */
#ifndef PAGEALLOC_VMSCAN_H
#define PAGEALLOC_VMSCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "pagealloc/mm.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PA_COSTLY_ORDER 3        /* PAGE_ALLOC_COSTLY_ORDER                       */
#define PA_MAX_RECLAIM_RETRIES 16
#define PA_SWAP_CLUSTER_MAX 32
#define PA_DEF_PRIORITY 12

/* A direct reclaim request (try_to_free_pages's scan_control). */
struct pa_reclaim_ctl {
    uint64_t gfp;
    unsigned order;
    int nid;                       /* preferred node                              */
    enum pa_zone_type highest_zone;
    uint64_t nr_to_reclaim;        /* SWAP_CLUSTER_MAX                            */
    bool may_swap, may_writepage;  /* __GFP_IO / __GFP_FS as the era reads them   */
    bool lumpy;                    /* 2.6.32 / RHEL6 lumpy reclaim for this order */
};

/* What the OOM killer is asked (oom_control). */
struct pa_oom_ctl {
    uint64_t gfp;
    unsigned order;
    int nid;
    enum pa_zone_type highest_zone;
    int cpu;
};

struct pa_slowpath_ops {
    /* Direct reclaim for the request: pages reclaimed (0 = no progress). */
    uint64_t (*reclaim)(void *ctx, struct pa_machine *m, const struct pa_reclaim_ctl *rc);
    /* Wake kswapd of node nid to balance it for order up to classzone. */
    void (*wakeup_kswapd)(void *ctx, struct pa_machine *m, int nid, unsigned order,
                          enum pa_zone_type classzone);
    /* The OOM killer: choose a victim, kill it, free its memory, report.
       true when something was killed. */
    bool (*out_of_memory)(void *ctx, struct pa_machine *m, const struct pa_oom_ctl *oc);
    /* Pages of zone z that reclaim could still free (file LRU, and anon LRU
       when swap has room): zone_reclaimable_pages for should_reclaim_retry.
       NULL: the engine counts its LRU lists (pa_zone_reclaimable_pages). */
    uint64_t (*zone_reclaimable)(void *ctx, const struct pa_machine *m, const struct pa_zone *z);
    /* Free swap space in pages (get_nr_swap_pages); NULL: no swap. */
    uint64_t (*nr_swap_free)(void *ctx, const struct pa_machine *m);
};

/* ---- reclaim on the engine's LRU lists (vmscan.c) -------------------------------------
 * shrink_node for node nid's lruvecs (the node's from 4.8, else those of its
 * zones up to highest): at each priority from 12 down, each list's size >>
 * priority is split between anon and file by the era's balance
 * (profile->reclaim.scan_balance: get_scan_ratio's rotation ratios, file
 * first, or the 5.8+ cost model; file only without swap),
 * shrink_active_list ages the active lists when the inactive ones are low
 * (young pages count as rotated), shrink_inactive_list judges each page by
 * page_check_references (young anon pages and twice-referenced ones are
 * activated) and reclaims the rest through the kinds' reclaim operations
 * (clean file pages dropped, dirty ones written back and reclaimed on a
 * later pass, anon pages swapped while swap has room). With lumpy set (2.6.32 / RHEL6 high
 * orders), every page reclaimed from a tail takes the LRU pages of its
 * aligned 2^order block with it, whatever their age. Stops once
 * nr_to_reclaim pages were reclaimed. Emits PA_EV_VMSCAN per pass. */
struct pa_scan_result {
    uint64_t scanned, reclaimed, refill, writeback;
};
uint64_t pa_shrink_node(struct pa_machine *m, int nid, enum pa_zone_type highest,
                        uint64_t nr_to_reclaim, unsigned order, bool may_swap, bool lumpy,
                        bool kswapd, struct pa_scan_result *out);

/* try_to_free_pages: direct reclaim for a request (the engine's default when
   the owner registers no reclaim operation). Emits PA_EV_DIRECT_RECLAIM. */
uint64_t pa_try_to_free_pages(struct pa_machine *m, const struct pa_reclaim_ctl *rc);

/* LRU pages of zone z that reclaim could free: file, plus anon when swap
   has room (zone_reclaimable_pages). */
uint64_t pa_zone_reclaimable_pages(const struct pa_machine *m, const struct pa_zone *z);

/* wakeup_kswapd: record order and class zone on node nid's kswapd and wake
   it if the era's test says so. Returns true when woken. */
bool pa_wakeup_kswapd(struct pa_machine *m, int nid, unsigned order,
                      enum pa_zone_type classzone);
/* One run of node nid's kswapd (balance_pgdat), as the background task the
   simulator schedules: reclaims until the node is balanced for the order it
   was woken for (the era's test), at most max_pages (0 = no limit), then
   sleeps. Returns pages reclaimed; out (may be NULL) gets the totals. */
uint64_t pa_kswapd_run(struct pa_machine *m, int nid, uint64_t max_pages,
                       struct pa_scan_result *out);

/* Register the owner's slow-path operations (NULL removes them). The table
   must outlive the registration. PA_EINVAL for m NULL. */
int pa_machine_set_slowpath_ops(struct pa_machine *m, const struct pa_slowpath_ops *ops,
                                void *ctx);

/* ---- the era's decisions ----------------------------------------------------------- */

/* should_alloc_retry (2.6.32 - 4.6, 6.2/6.3): after a direct reclaim round
   that reclaimed `progress` pages (`reclaimed` in all rounds so far), does
   the request loop again? */
bool pa_should_alloc_retry(const struct pa_profile *p, uint64_t gfp, unsigned order,
                           uint64_t progress, uint64_t reclaimed);

/* __alloc_pages_may_oom's gate (6.4): may this request invoke the OOM killer?
   highest is the request's highest zone (gfp_zone, the kernel's
   high_zoneidx), which 3.x+ require to be at least Normal. */
bool pa_oom_allowed(const struct pa_profile *p, uint64_t gfp, unsigned order,
                    enum pa_zone_type highest);

/* should_reclaim_retry (4.7+, 6.4): *no_progress_loops is updated; true when
   some eligible zone of the zonelist would pass the MIN check at `order`
   with its reclaimable pages counted as free. reclaimable[i] goes with
   zones[i]. */
bool pa_should_reclaim_retry(const struct pa_profile *p, struct pa_zone *const *zones,
                             const uint64_t *reclaimable, int nzones,
                             enum pa_zone_type highest, int classzone, unsigned order,
                             unsigned alloc_flags, uint64_t progress, int *no_progress_loops);

/* wakeup_kswapd's test (8.1): does a request of this order for zones up to
   classzone wake kswapd of node nid? */
bool pa_kswapd_should_wake(const struct pa_machine *m, int nid, unsigned order,
                           enum pa_zone_type classzone);
/* kswapd's balance test (8.2): is node nid balanced for order up to
   classzone (the era's HIGH check)? */
bool pa_pgdat_balanced(const struct pa_machine *m, int nid, unsigned order,
                       enum pa_zone_type classzone);

/* Direct reclaim with lumpy reclaim for this order (2.6.32 - 3.4, RHEL6):
   order > 3 (at any priority; order 1..3 only at low priority, not
   modelled). */
bool pa_reclaim_lumpy(const struct pa_profile *p, unsigned order);

/* oom_badness (V44/V618 mm/oom_kill.c, the 2.6.36+ rule as 3.7 - 4.16 used
   it): pages of the task (rss + swap entries + page-table pages) plus
   oom_score_adj in thousandths of totalpages; 0 for unkillable tasks
   (oom_score_adj -1000). pa_oom_badness_era has every era's rule. */
uint64_t pa_oom_badness(uint64_t rss, uint64_t swapents, uint64_t pgtables, int oom_score_adj,
                        uint64_t totalpages);

/* ---- the OOM killer's choice per era (oom_kill.c) --------------------------------------
 * What the era's badness function reads of a task. The simulator fills
 * what it models (rss, swap, page tables, total_vm, children, oom_score_adj)
 * and leaves the rest 0 / false. */
struct pa_oom_badness_in {
    uint64_t rss, swapents, pgtables; /* pages (2.6.36+)                             */
    uint64_t total_vm;             /* pages of the address space (2.6.32: mapped,
                                      resident or not)                            */
    const uint64_t *child_total_vm; /* total_vm of each child with its own mm     */
    int nr_children;
    uint64_t cpu_seconds, run_seconds; /* CPU time used, time since start (2.6.32) */
    int nice;
    bool cap_sys_admin;            /* root (2.6.32: or CAP_SYS_RESOURCE)          */
    bool cap_sys_rawio;            /* 2.6.32: direct hardware access              */
    int oom_score_adj;             /* -1000..1000 (2.6.36+)                      */
    int oom_adj;                   /* -17..15: what 2.6.32 reads (-17 = never)    */
};

/* The task's badness by the profile's rule (p->slowpath.badness); 0 = never
   killed (oom_adj -17 / oom_score_adj -1000). totalpages: RAM + swap. */
uint64_t pa_oom_badness_era(const struct pa_profile *p, const struct pa_oom_badness_in *t,
                            uint64_t totalpages);
/* The "score N" the kill line prints for a victim with `points` (2.6.32: the
   points; 2.6.36 - 3.6: already 0..1000; 3.7+: points * 1000 / totalpages). */
uint64_t pa_oom_score(const struct pa_profile *p, uint64_t points, uint64_t totalpages);
/* /proc/PID/oom_adj <-> oom_score_adj as 2.6.36+ convert them (fs/proc/base.c
   oom_adj_write: -17 = OOM_DISABLE <-> -1000, 15 = OOM_ADJUST_MAX -> 1000). */
int pa_oom_adj_from_score_adj(int oom_score_adj);
int pa_oom_score_adj_from_adj(int oom_adj);

/* What the owner's OOM killer did (the oom:mark_victim tracepoint, V618
   mm/oom_kill.c mark_oom_victim; the OOM_KILL vm event of 4.13+): the engine
   turns it into PA_EV_OOM_KILL. PA_EINVAL for m or v NULL. */
struct pa_oom_victim {
    int pid;
    const char *comm;
    uint64_t points;               /* its badness                                */
    uint64_t pages;                /* pages freed when it died                    */
    uint64_t swapents;             /* swap entries released                       */
    int oom_score_adj;
};
int pa_oom_mark_victim(struct pa_machine *m, const struct pa_oom_ctl *oc,
                       const struct pa_oom_victim *v);

#ifdef __cplusplus
}
#endif
#endif
