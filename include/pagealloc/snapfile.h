/*
 * pagealloc/snapfile.h - read a `pagealloc snapshot` file (format in
 * docs/live.md) and build an engine machine in the state it describes: the
 * seam for `pagealloc run --from SNAPSHOT` (the simulator, issue 5).
 *
 * Parsing reports FILE:LINE:COLUMN like the /proc parsers; building gives a
 * struct pa_machine whose zones, holes, reserved pages and allocated pages
 * follow the snapshot, and whose free blocks are checked against the file's.
 */
#ifndef PAGEALLOC_SNAPFILE_H
#define PAGEALLOC_SNAPFILE_H

#include <stddef.h>
#include <stdint.h>

#include "pagealloc/mm.h"
#include "pagealloc/procparse.h"

struct pa_snap_run {
    char cls;                 /* F A L S T K R H, version 2 also P C U            */
    uint64_t count;
};

struct pa_snapfile_zone {
    int node;
    char name[16];
    uint64_t start_pfn, spanned;
    size_t nr_runs, nr_free;
    struct pa_snap_run *runs;
    uint64_t *free_pfn;
    uint8_t *free_order;
    /* version 2 */
    bool have_pcp;
    uint64_t pcp;             /* pages on per-CPU lists (zoneinfo)                */
    size_t nr_pageblocks;     /* 0, or every pageblock the zone touches           */
    uint8_t *pb_mt;           /* enum pa_migratetype, PA_PB_UNCOUNTED for '-'     */
    size_t nr_folios;         /* large folios below pageblock order on an LRU      */
    uint64_t *folio_pfn;      /* list (A or L pages): 'folios PFN:ORDER[d] ...'   */
    uint8_t *folio_order;     /* order | PA_SNAP_FOLIO_DIRTY ('d': a dirty or
                                 write-back page-cache folio: not splittable)   */
    size_t nr_pcplist;        /* 'pcplist PFN ...': pages `compact --apply` put on
                                 the compacting CPU's per-CPU list just before
                                 the snapshot, in the order freed (oldest first) */
    uint64_t *pcplist;
};
#define PA_SNAP_FOLIO_ORDER 0x7f
#define PA_SNAP_FOLIO_DIRTY 0x80
#define PA_PB_UNCOUNTED 0xff

struct pa_snapfile {
    char kernel[64];
    unsigned page_size;
    unsigned max_order;
    unsigned version;         /* 1 or 2                                           */
    unsigned pageblock_order; /* version 2 header; 0 if not given                 */
    long long time;
    int nr_zones;
    struct pa_snapfile_zone zones[PA_PROC_MAX_ZONES];
    char *buddyinfo, *pagetypeinfo, *zoneinfo;   /* section texts, or NULL     */
};

/* Parse text (not necessarily NUL-terminated). 0, or PA_EINVAL/PA_ENOMEM with
   *d filled. *out is NULL on error; free it with pa_snapfile_free. */
int pa_snapfile_parse(const char *text, size_t len, const char *fname, struct pa_snapfile **out,
                      struct pa_diag *d);
void pa_snapfile_free(struct pa_snapfile *sf);

/* Build a machine in the snapshot's state with profile (NULL: the engine's
   default): one zone per zone record, H runs as holes and R runs as boot
   reservations (beyond PA_MAX_RANGES ranges they are allocated instead),
   A/L/T pages allocated MOVABLE and S/K pages UNMOVABLE, each pageblock typed
   UNMOVABLE when it holds S or K pages, else MOVABLE. Every allocated page
   gets its kind (pageops.h: A anon, L file, S slab, T hugetlb, K kernel,
   R / H reserved) with rmap handle 0. *mismatch gets the
   number of free blocks of the file the machine does not hold at the same
   pfn and order (0 when the snapshot was consistent). A or L pages of a
   'folios' record become one allocated block of the folio's order (a large
   folio compaction migrates whole). 0 or a PA_E* code with err set. */
int pa_snapfile_machine(const struct pa_snapfile *sf, const struct pa_profile *profile,
                        struct pa_machine **out, uint64_t *mismatch, char *err, size_t n);

/* Give the allocated pages of a machine built by pa_snapfile_machine their
   kind (pa_page_set_owner; the handle is the pfn's offset in its zone): A and
   C anon, L file, S slab, T hugetlb, K kernel; A and L pages go on the LRU
   lists (movable by compaction when the caller registers page operations
   for the kinds), C pages (THP) stay off them. P, R and H pages have no
   owner. 0 or a PA_E* code. */
int pa_snapfile_set_kinds(const struct pa_snapfile *sf, struct pa_machine *m);

#endif
