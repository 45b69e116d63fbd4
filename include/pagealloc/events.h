/*
 * pagealloc/events.h - what the engine reports as it works: the kernel's
 * tracepoints (V618 include/trace/events/kmem.h), through one optional
 * callback per machine (DESIGN.md "One engine, three faces"). Counters
 * (/proc/vmstat's pgalloc_*, pgfree, ...), timelines and trace writers are
 * built on these events, not on hooks in the engine.
 *
 * Without a callback an event costs one predictable branch. The callback
 * runs inside the engine call that caused the event: it may read the
 * machine but must not change it. The event record is valid only during
 * the call.
 *
 * The list of types is open: reclaim, compaction and migration events join
 * it (new values go before PA_EV_COUNT; existing values never change).
 */
#ifndef PAGEALLOC_EVENTS_H
#define PAGEALLOC_EVENTS_H

#include "pagealloc/mm.h"

#ifdef __cplusplus
extern "C" {
#endif

enum pa_event_type {
    PA_EV_PAGE_ALLOC = 0,     /* mm_page_alloc: pa_alloc_pages succeeded: pfn,
                                 order, gfp, migratetype, zone, cpu           */
    PA_EV_PAGE_FREE,          /* mm_page_free: a block was freed by its owner
                                 (pa_free_pages / pa_free_pages_cpu): pfn,
                                 order, zone, cpu (-1: straight to buddy)      */
    PA_EV_PAGE_ALLOC_EXTFRAG, /* mm_page_alloc_extfrag: a fallback took a block
                                 of another migratetype: pfn, order (alloc
                                 order), migratetype (alloc), extfrag.*       */
    PA_EV_PCPU_DRAIN,         /* mm_page_pcpu_drain: a per-CPU page went back
                                 to the buddy lists: pfn, order, migratetype,
                                 zone, cpu                                    */
    PA_EV_MIGRATE,            /* a page moved (pa_migrate_page): pfn (old),
                                 migrate.new_pfn, order, kind                  */
    PA_EV_VMSCAN,             /* a reclaim pass over one lruvec (shrink_lruvec,
                                 mm_vmscan_lru_shrink_inactive): vmscan.*;
                                 zone = a zone of the lruvec                  */
    PA_EV_DIRECT_RECLAIM,     /* mm_vmscan_direct_reclaim_begin (allocstall):
                                 order, gfp, zone (the preferred one)          */
    PA_EV_KSWAPD_WAKE,        /* mm_vmscan_wakeup_kswapd: a sleeping kswapd is
                                 woken (not when its order is raised while it
                                 runs): order, zone (class)                    */
    PA_EV_OOM_KILL,           /* oom:mark_victim: the OOM killer chose and
                                 killed a task (the owner's out_of_memory
                                 reports it with pa_oom_mark_victim): order
                                 and gfp of the request, cpu, oom.*            */
    /* compaction: tracepoints (V618 include/trace/events/compaction.h), from
       src/mm/compaction.c and src/mm/kcompactd.c. zone = the zone compacted;
       order = the run's order (-1 as UINT_MAX for a whole-zone run). */
    PA_EV_COMPACTION_BEGIN,   /* mm_compaction_begin: compact_zone starts:
                                 compact.{zone_start, migrate_pfn, free_pfn,
                                 zone_end, sync, origin}                      */
    PA_EV_COMPACTION_END,     /* mm_compaction_end: as begin, with the scanners
                                 where they stopped and compact.status        */
    PA_EV_COMPACTION_ISOLATE_MIGRATEPAGES, /* mm_compaction_isolate_migratepages:
                                 one isolate_migratepages_block: isolate.*    */
    PA_EV_COMPACTION_ISOLATE_FREEPAGES, /* mm_compaction_isolate_freepages: one
                                 isolate_freepages_block: isolate.*           */
    PA_EV_COMPACTION_MIGRATEPAGES, /* mm_compaction_migratepages: one batch
                                 migrated: migratepages.*                     */
    PA_EV_COMPACTION_DEFER,   /* mm_compaction_defer_compaction: the zone is
                                 deferred after a failed run: order, defer.*  */
    PA_EV_COMPACTION_DEFERRED,/* mm_compaction_deferred: a run was skipped as
                                 deferred: order, defer.*                     */
    PA_EV_KCOMPACTD_WAKE,     /* mm_compaction_wakeup_kcompactd: kswapd (or
                                 wakeup_kswapd) woke the node's kcompactd:
                                 order, zone (the highest eligible), kcompactd.* */
    PA_EV_COUNT
};

struct pa_event {
    enum pa_event_type type;
    uint64_t pfn;
    unsigned order;
    int migratetype;              /* enum pa_migratetype, -1 if none            */
    uint64_t gfp;                 /* PAGE_ALLOC: the request's mask              */
    const struct pa_zone *zone;   /* the zone of pfn                             */
    int cpu;                      /* -1 if none                                  */
    enum pa_page_kind kind;       /* PAGE_ALLOC: the kind the request gave       */
    union {
        struct {
            unsigned fallback_order;  /* order of the block taken               */
            int fallback_migratetype; /* the list it was taken from             */
            bool change_ownership;    /* the pageblock became the requester's  */
            bool fragmenting;         /* fallback_order < pageblock_order       */
        } extfrag;
        struct {
            uint64_t new_pfn;
        } migrate;
        struct {
            bool kswapd;              /* else direct reclaim                      */
            uint64_t scanned[2];      /* inactive pages scanned: anon, file       */
            uint64_t reclaimed[2];    /* of them freed: anon (swapped), file      */
            uint64_t refill;          /* active pages scanned (pgrefill)          */
            uint64_t writeback;       /* dirty pages written back                  */
        } vmscan;
        struct {
            int pid;                  /* the victim                               */
            const char *comm;         /* its name (valid during the callback)      */
            uint64_t points;          /* its badness (the era's rule)              */
            uint64_t pages;           /* pages its death freed (rss, page tables,
                                         kernel stack)                            */
            uint64_t swapents;        /* swap entries released                     */
            int oom_score_adj;
        } oom;
        struct {                      /* COMPACTION_BEGIN / END                   */
            uint64_t zone_start, migrate_pfn, free_pfn, zone_end;
            int sync;                 /* enum pa_migrate_mode (compaction.h)      */
            int origin;               /* enum pa_compact_origin (compaction.h)    */
            int status;               /* END: enum pa_compact_result              */
        } compact;
        struct {                      /* COMPACTION_ISOLATE_*                     */
            uint64_t start_pfn, end_pfn; /* the block's scan: where it started and
                                            stopped                               */
            uint64_t nr_scanned, nr_taken;
        } isolate;
        struct {                      /* COMPACTION_MIGRATEPAGES                  */
            uint64_t nr_migrated, nr_failed;
        } migratepages;
        struct {                      /* COMPACTION_DEFER / DEFERRED              */
            unsigned considered, defer_shift;
            int order_failed;
        } defer;
        struct {                      /* KCOMPACTD_WAKE                           */
            int nid, highest_zoneidx;
        } kcompactd;
    };
};

/* Set (fn NULL: clear) the machine's event callback. */
void pa_machine_set_event_cb(struct pa_machine *m, pa_event_fn fn, void *ctx);

/* "mm_page_alloc", "mm_page_free", "mm_page_alloc_extfrag",
   "mm_page_pcpu_drain", "mm_migrate_page", "mm_vmscan_lru_shrink",
   "mm_vmscan_direct_reclaim_begin", "mm_vmscan_wakeup_kswapd", "mark_victim",
   "mm_compaction_begin", "mm_compaction_end", "mm_compaction_isolate_migratepages",
   "mm_compaction_isolate_freepages", "mm_compaction_migratepages",
   "mm_compaction_defer_compaction", "mm_compaction_deferred",
   "mm_compaction_wakeup_kcompactd"; "?" out of range. */
const char *pa_event_name(enum pa_event_type t);

#ifdef __cplusplus
}
#endif
#endif
