/*
 * live/compact.h - `pagealloc compact`: what would compaction do to this
 * machine? A snapshot (taken now, or read from a file) becomes an engine
 * machine; the engine's compaction runs on it (every zone as compact_memory
 * does, or direct compaction for one order); the result is the predicted
 * /proc/buddyinfo. With apply, the real kernel is then asked to do the same
 * (compact_memory, or a temporary hugetlb pool for order 9) and the real
 * buddyinfo is set beside the prediction with one agreement figure per zone.
 * docs/compaction.md describes the method and its limits.
 */
#ifndef PA_LIVE_COMPACT_H
#define PA_LIVE_COMPACT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "pagealloc/procparse.h"
#include "pagealloc/snapfile.h"

struct pa_cz_report {
    int node;
    char name[16];
    unsigned nr_orders;
    uint64_t before[PA_PROC_ORDERS];     /* /proc/buddyinfo read with the snapshot  */
    uint64_t model[PA_PROC_ORDERS];      /* the engine machine before compaction    */
    uint64_t predicted[PA_PROC_ORDERS];  /* the engine machine after, migrated pages'
                                            old frames still on the per-CPU list   */
    uint64_t drained[PA_PROC_ORDERS];    /* ... and after that list has drained      */
    uint64_t held;                       /* pages held on the per-CPU list           */
    uint64_t pcp_old_freed;              /* pages that were on the compacting CPU's
                                            list before the run and left it during
                                            it (pfns unknown: in no count)          */
    uint64_t pcp_old_known;              /* pfns given for that list's old pages
                                            (the snapshot's pcplist or the guess)  */
    uint64_t pcp_old_placed;             /* ... of those freed: freed at their pfn
                                            (in the counts)                        */
    uint64_t real[PA_PROC_ORDERS];       /* /proc/buddyinfo after the real run       */
    bool have_real;
    double agreement;                    /* see pa_compact_agreement                 */
    bool have_agreement;
    uint64_t migrated, migrate_scanned, free_scanned;
    uint64_t met_pfn;                    /* where the scanners met (compact_memory)   */
    uint64_t nosplit[PA_PROC_ORDERS];    /* predicted if no large folio could be split */
    uint64_t nosplit_met_pfn;            /* ... where that run stopped                 */
    bool nosplit_contended;              /* ... and whether it ended at a folio        */
    double nosplit_agreement;
    uint64_t pcp;                        /* pages on per-CPU lists at the snapshot   */
    /* apply: the rest of the machine meanwhile */
    bool have_drift;
    uint64_t drift_alloc;                /* pages allocated in the zone (pgalloc_<zone>)
                                            from the snapshot's start to the real
                                            buddyinfo: not the run's own (compaction's
                                            targets are not counted there)          */
    uint64_t change;                     /* sum_o |before - real| 2^o: what the
                                            agreement measures against              */
    bool have_kscan;
    uint64_t kernel_migrate_scanned;     /* the kernel's compact_migrate_scanned in this
                                            zone (the machine's total less the model's
                                            for the other zones)                    */
    bool have_page_drift;                /* from a snapshot taken after the real run: */
    uint64_t drift_src, drift_tgt;       /* pages anon/file -> free or flagless (a
                                            source), free -> anon/file (a target)     */
    uint64_t drift_other;                /* every other change of class               */
    uint64_t page_drift;                 /* other + |src - migrated| + |tgt - migrated|:
                                            pages compaction does not explain        */
    bool have_refilled;
    uint64_t refilled;                   /* user pages the model moved away that hold
                                            user pages after the run                  */
    bool stopped_short;                  /* the kernel's migration scanner covered
                                            less than 80 % of the model's: its run
                                            ended early, or others took its targets */
    uint64_t hugepages;                  /* --order: blocks of the order obtained     */
};

struct pa_compact_report {
    char kernel[64];
    char profile[32];
    int order;                           /* -1: compact_memory                       */
    int cpu;                             /* the compacting CPU, -1 not known          */
    bool have_nosplit;                   /* zones' nosplit filled (compact_memory)     */
    int settle_rounds;                   /* --apply: stat_refresh writes (-1: none)    */
    bool pcp_shrunk;                     /* --apply: lists held at 4 x batch (high)
                                            for the snapshot                           */
    bool pcp_small_run;                  /* ... and through the real run               */
    long pcp_filled;                     /* --apply: pages of known pfns put on the
                                            compacting CPU's list before the snapshot
                                            (pa_compact_pcp_fill), or -errno      */
    uint64_t pcp_settle_before, pcp_settle_after;
    int nr_zones;
    struct pa_cz_report zones[PA_PROC_MAX_ZONES];
    uint64_t mismatch;                   /* snapshot free blocks not rebuilt          */
    double seconds;                      /* engine time                               */
    /* apply */
    bool applied;
    long pool_before, pool_asked, pool_got; /* --order 9: nr_hugepages               */
    bool pool_restored;
    /* /proc/vmstat deltas over the real run */
    bool have_vmstat;
    uint64_t real_migrated, real_migrate_scanned, real_free_scanned;
    double run_seconds;                  /* the write to compact_memory               */
    double snapshot_seconds;             /* snapshot start to the real run's start    */
    uint64_t drift_free;                 /* pgfree over that time (every zone; counts
                                            the run's freed sources too)             */
};

/* 1 - sum_o |pred - real| 2^o / sum_o |before - real| 2^o (pages): 1 is exact,
   0 no better than predicting no change. *defined false when nothing changed
   (the denominator is 0). */
double pa_compact_agreement(const uint64_t *before, const uint64_t *pred, const uint64_t *real,
                            unsigned nr_orders, bool *defined);

/* Predict from a parsed snapshot: order -1 compacts every zone, order N runs
   direct compaction for order N again and again, taking each block it
   yields (as growing a hugetlb pool does), until it fails or `count` blocks
   are taken (0: no limit). cpu: the CPU that compacts (its per-CPU list in
   the snapshot's zoneinfo receives the freed pages), -1 when not known.
   out (or NULL) asks for the model's detail. 0 or a PA_E* code with err
   set. */
struct pa_compact_dumps {
    FILE *state; /* the predicted machine right after the run, page by page,
                    as snapshot records (header, zone, runs, free; freed pages
                    still on the per-CPU list and the snapshot's flagless
                    pages as P), to compare with a snapshot taken after the
                    real run; or NULL */
    FILE *trace; /* the engine's compaction events as the kernel's tracefs
                    lines (mm_compaction_begin, _isolate_migratepages,
                    _isolate_freepages, _migratepages, _end), or NULL */
    bool guess_pcp; /* (an option, not an output) the compacting CPU's old
                    per-CPU pages, whose pfns kpageflags cannot tell, are
                    guessed: see pa_compact_guess_pcp */
};

/* The guess of --pcp-guess: up to `max` flagless (P) pages of zone z that
   are alone (both neighbours are not P) in a pageblock holding nothing but
   user (A, L), free and such lone flagless pages, lowest pfn first, into
   pfn[] (allocated; NULL when none). A page freed onto a per-CPU list has
   no flags; one freed in a user area is most likely such a page, a bare
   kernel allocation (also flagless) most likely sits among kernel pages.
   Returns the number found. */
size_t pa_compact_guess_pcp(const struct pa_snapfile_zone *z, unsigned pageblock_order,
                            size_t max, uint64_t **pfn);
int pa_compact_predict(const struct pa_snapfile *sf, int order, long count, int cpu,
                       const struct pa_compact_dumps *out, struct pa_compact_report *rep,
                       char *err, size_t n);

/* Compare the snapshot the prediction started from with one taken right
   after the real run, page by page: what changed as compaction changes
   pages (a movable page freed, a free page made movable) and what changed
   otherwise (kernel, slab, page-table pages came or went; anon pages became
   file pages...). Compaction conserves pages, so beyond the run's
   migrations (pgmigrate_success, given to the zone the model migrated most
   in; elsewhere the smaller of sources and targets) sources and targets
   are the others' too. model (or NULL): the predicted state
   (pa_compact_dumps.state): user pages the model moved away that are user
   pages after the run are counted as refilled. Fills the zones' page
   drift; 0 or PA_EINVAL. */
int pa_compact_page_drift(const struct pa_snapfile *before, const struct pa_snapfile *model,
                          const struct pa_snapfile *after, struct pa_compact_report *rep);

/* Apply on this machine (root): order -1 writes 1 to
   /proc/sys/vm/compact_memory; order 9 raises nr_hugepages by the blocks the
   prediction took (or count), reads buddyinfo while the pool is held, and
   restores the pool (also on SIGINT/SIGTERM). Then fills real and agreement.
   0, or -errno / PA_EINVAL with err set. */
int pa_compact_apply(struct pa_compact_report *rep, long count, char *err, size_t n);

/* compact_memory run first, predicted afterwards (so that nothing the
   prediction allocates changes the machine between the snapshot and the
   real run): the real buddyinfo and /proc/vmstat deltas. */
/* /proc/vmstat counters the report uses: pgmigrate_success,
   compact_migrate_scanned, compact_free_scanned, pgfree, then pgalloc_<zone>
   for dma, dma32, normal, movable */
enum { PA_CV_MIGRATED, PA_CV_MSCANNED, PA_CV_FSCANNED, PA_CV_PGFREE, PA_CV_ALLOC0,
       PA_CV_COUNT = PA_CV_ALLOC0 + 4 };
struct pa_compact_vmstat {
    bool ok;
    uint64_t v[PA_CV_COUNT];
    double when;                         /* CLOCK_MONOTONIC seconds                   */
};
/* Read them now; ok false when /proc/vmstat could not be read. */
void pa_compact_vmstat_read(struct pa_compact_vmstat *vs);

struct pa_compact_real {
    char *buddyinfo;                     /* /proc/buddyinfo right after the run       */
    size_t len;
    bool have_vmstat;
    uint64_t vmstat[3];                  /* pgmigrate_success, compact_migrate_scanned,
                                            compact_free_scanned over the run         */
    struct pa_compact_vmstat mark;       /* read before the snapshot (the caller's)   */
    struct pa_compact_vmstat start, end; /* around the write to compact_memory        */
};

/* Let the machine settle before a real run (root): sync(2) first (a dirty
   large page-cache folio cannot be split, and the kernel's run ends at the
   first one that finds no target: docs/compaction.md), then each write to
   /proc/sys/vm/stat_refresh runs every CPU's vmstat refresh, whose
   decay_pcp_high (V618 mm/page_alloc.c) lowers high by an eighth (towards
   high_min) and frees what is above it - what the kernel does once a second
   anyway. Repeated until the pages on the lists stop falling, at most
   max_rounds times; *before and *after are the totals. The rounds done, or
   -errno when the first write failed. */
int pa_compact_settle(int max_rounds, uint64_t *before, uint64_t *after);

/* Make every per-CPU list small for the real run (root): write a large
   vm.percpu_pagelist_high_fraction, so that each list's high becomes
   4 * batch with auto-tuning off (V618 mm/page_alloc.c zone_highsize,
   zone_set_pageset_high_and_batch: high_min == high_max); the settle rounds
   after it (vmstat refresh: decay_pcp_high) free what is above. The pages
   on the lists are then a few hundred instead of tens of thousands, so the
   snapshot's flagless pages are almost all kernel pages, and the freed
   sources that wait on the compacting CPU's list are few (docs/compaction.md).
   The old value is put back by pa_compact_pcp_restore, or on SIGINT,
   SIGTERM and SIGHUP. 0 or -errno. */
int pa_compact_pcp_shrink(void);
/* Put vm.percpu_pagelist_high_fraction back (nothing if not changed);
   0 or -errno. */
int pa_compact_pcp_restore(void);

/* Pin this process to the allowed CPU with the fewest pages on its per-CPU
   lists (the compacting CPU's list then holds few pages of unknown pfns; see
   docs/compaction.md); the CPU, or -1 when it could not. */
int pa_compact_pin_cpu(void);

/* Put pages of known pfns on this CPU's per-CPU list (root; call it pinned,
   right before the snapshot): fault in an anonymous mapping larger than the
   list can hold (its count + high + 2 x batch of the node's zones in
   /proc/zoneinfo, 1,024 to 32,768 pages) - the allocations take the list's
   old pages (whose pfns kpageflags cannot tell) and refill it from the
   buddy lists - read the pfns from /proc/self/pagemap, and unmap it: the
   pages go back to the list in address order, which passes high and sends
   the oldest to the buddy lists (V618 mm/page_alloc.c
   free_unref_page_commit, free_pcppages_bulk), so the list ends holding the
   last ones freed. *pfn (allocated) gets every page's pfn in the order
   freed; the snapshot's flagless pages among them are the list's (its
   `pcplist` record, pa_compact_add_pcplist). The number of pfns, or -errno. */
long pa_compact_pcp_fill(int cpu, uint64_t **pfn);

/* Keep this process's freed memory (no heap trimming, no mmap'd chunks
   below 64 MiB) and fault in `bytes` of heap now: a snapshot that follows
   then allocates from pages already present instead of taking ~500-1,500
   pages from this CPU's list while it reads (measured with getrusage:
   565-2,697 minor faults a snapshot without, 0-10 with 16 MiB). */
void pa_compact_prefault_heap(size_t bytes);

/* A copy of snapshot text with a `pcplist` record (pfns in the given order)
   in each zone block that holds any of them; NULL when out of memory. */
char *pa_compact_add_pcplist(const char *text, size_t len, const uint64_t *pfn, size_t n,
                             size_t *out_len);

/* Set this process's nice value (root may lower it): the snapshot and the
   real run go at -20, so that on a busy machine the other processes
   neither stretch the time between them nor run on the compacting CPU
   during the run (what they allocate there comes from the pages the run
   frees); the old value, or PA_NICE_NONE when it could not be set. */
#define PA_NICE_NONE 100
int pa_compact_priority(int nice_value);

/* Run on any CPU but cpu from now on (after the real run: what this process
   allocates then comes from another CPU's list, not from the pages the
   run freed onto the compacting CPU's); 0, or -1 when there is no other. */
int pa_compact_leave_cpu(int cpu);

/* (root) write 1 to /proc/sys/vm/compact_memory and read buddyinfo and
   vmstat; 0 or -errno / PA_EINVAL with err set. */
int pa_compact_memory_real(struct pa_compact_real *real, char *err, size_t n);

/* real, agreement and the vmstat deltas of a report from a real run. */
int pa_compact_set_real(struct pa_compact_report *rep, const struct pa_compact_real *real,
                        char *err, size_t n);
void pa_compact_real_free(struct pa_compact_real *real);

#endif
