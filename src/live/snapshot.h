/*
 * live/snapshot.h - `pagealloc snapshot`: the physical memory of this
 * machine page by page, from /proc/kpageflags and /proc/kpagecount over each
 * zone's pfn range, written compactly (run-length) with every free block and
 * the zoneinfo, buddyinfo and pagetypeinfo read at the same time. The format
 * is described in docs/live.md ("snapshot file format") and is what
 * `pagealloc run --from SNAPSHOT` (the simulator, issue 5) will start from.
 */
#ifndef PA_LIVE_SNAPSHOT_H
#define PA_LIVE_SNAPSHOT_H

#include <stdint.h>
#include <stdio.h>

#include "pagealloc/mm.h"
#include "pagealloc/procparse.h"

/* Page classes, one letter each in the file. */
enum pa_snap_class {
    PA_SC_FREE = 0,   /* F: in a free buddy block (KPF_BUDDY)                     */
    PA_SC_ANON,       /* A: anonymous (KPF_ANON)                                  */
    PA_SC_FILE,       /* L: page cache / on an LRU list, not anonymous            */
    PA_SC_SLAB,       /* S: slab (KPF_SLAB)                                       */
    PA_SC_HUGETLB,    /* T: hugetlb pool page (KPF_HUGE)                          */
    PA_SC_KERNEL,     /* K: any other page: kernel allocations, page tables, pcp
                         lists, and (lazy deferred init) memmap not yet set up   */
    PA_SC_RESERVED,   /* R: PG_reserved (boot reservations, firmware)             */
    PA_SC_HOLE,       /* H: no memory (KPF_NOPAGE, or outside System RAM)         */
    /* version 2: */
    PA_SC_PCP,        /* P: no flags at all: a page on a per-CPU list (free, but
                         not in the buddy lists) or a bare kernel allocation; the
                         zone's "pcp" record says how many are on pcp lists       */
    PA_SC_THP,        /* C: part of a transparent huge page (KPF_THP): whole-zone
                         compaction does not move compound pages of pageblock
                         order                                                    */
    PA_SC_UNINIT,     /* U: not initialised yet (deferred struct page init): the
                         trailing run of flagless pages of a zone, from a
                         pageblock boundary; the kernel counts no pageblock there */
    PA_SC_COUNT
};
char pa_snap_class_letter(enum pa_snap_class c);
/* The class of one page from its /proc/kpageflags word (docs/live.md):
   ram false outside every System RAM range, uninit in the zone's
   uninitialised tail, small_folio inside a large folio below pageblock
   order. */
enum pa_snap_class pa_snap_classify(uint64_t kpageflags, bool ram, bool uninit,
                                    bool small_folio);
const char *pa_snap_class_name(enum pa_snap_class c);

struct pa_snap_zone {
    int node;
    char name[16];
    uint64_t start_pfn, spanned;
    uint64_t pages[PA_SC_COUNT];          /* pages per class                      */
    uint64_t mapped;                      /* pages with kpagecount > 0            */
    unsigned nr_orders;
    uint64_t blocks[PA_PROC_ORDERS];      /* free blocks cut from the F runs      */
    uint64_t buddyinfo[PA_PROC_ORDERS];   /* what buddyinfo said (read before)    */
    bool buddyinfo_changed;               /* buddyinfo read after differs         */
    uint64_t pcp_count;                   /* zoneinfo pagesets count sum          */
    /* pageblock migratetypes inferred (pagealloc/pbinfer.h) */
    uint64_t pb_counted;                  /* pageblocks pagetypeinfo counts       */
    uint64_t pb_types[PA_MT_COUNT];       /* given each type                      */
    uint64_t pb_want[PA_MT_COUNT];        /* pagetypeinfo's counts                */
    uint64_t pb_free_diff;                /* free blocks on other lists than
                                             pagetypeinfo says (sum of |diff|)    */
    bool pb_inferred;                     /* false: no pagetypeinfo to match      */
};

struct pa_snapshot {
    char kernel[64];
    unsigned page_size;
    int nr_zones;
    struct pa_snap_zone zones[PA_PROC_MAX_ZONES];
    uint64_t bytes_written;
};

/* Take a snapshot of this machine (root) and write it to out. err gets the
   reason on failure (-errno or PA_EINVAL). */
int pa_snapshot_take(FILE *out, struct pa_snapshot *snap, char *err, size_t n);
/* The same, calling progress(ctx, pfns read, pfns in all zones) after every
   chunk of /proc/kpageflags read (progress may be NULL). */
typedef void pa_snapshot_progress_fn(void *ctx, uint64_t done, uint64_t total);
int pa_snapshot_take_progress(FILE *out, struct pa_snapshot *snap, char *err, size_t n,
                              pa_snapshot_progress_fn *progress, void *ctx);

/* Cut a run of free pages [pfn, pfn + npages) into the largest aligned blocks
   of order <= max_order (what the buddy allocator holds when every free page
   is in a block and buddies are merged); calls fn(ctx, pfn, order) per block. */
void pa_cut_free_run(uint64_t pfn, uint64_t npages, unsigned max_order,
                     void (*fn)(void *ctx, uint64_t pfn, unsigned order), void *ctx);

#endif
