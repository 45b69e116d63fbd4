/*
 * pagealloc/pbinfer.h - infer each pageblock's migratetype from what a
 * snapshot can see. /proc/kpageflags has no migratetype; /proc/pagetypeinfo
 * has, per zone, how many pageblocks each type holds and how many free blocks
 * of each order sit on each type's lists. pa_pbinfer() assigns types so that
 * those two tables are met as closely as it can: a start from what each
 * pageblock holds (kernel pages in Unmovable, slab in Reclaimable, user pages
 * in Movable blocks), then pairwise exchanges of types that lower the
 * difference from the captured free counts (6.10+ keeps every free page on
 * its pageblock's list, so there it is exact up to pages that moved while
 * the snapshot was read). Pure: no I/O, deterministic.
 */
#ifndef PAGEALLOC_PBINFER_H
#define PAGEALLOC_PBINFER_H

#include <stddef.h>
#include <stdint.h>

#include "pagealloc/mm.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PA_PBINFER_ORDERS (PA_ORDER_CAP + 1)

/* What one pageblock holds. */
struct pa_pb_feat {
    uint32_t kernel;      /* pages of kernel allocations (K)                       */
    uint32_t slab;        /* slab pages (S)                                         */
    uint32_t movable;     /* user pages: anon, page cache, THP (A, L, C)            */
    uint32_t free_blocks[PA_PBINFER_ORDERS]; /* free blocks whose head is here       */
    int64_t lead;         /* -1, or the index of an earlier pageblock that must have
                             the same type (one free block spans both)               */
    bool counted;         /* pagetypeinfo counts it (in the zone, initialised)      */
};

struct pa_pbinfer_result {
    uint64_t blocks[PA_MT_COUNT];   /* pageblocks given each type                     */
    uint64_t free_diff;             /* sum over types and orders of |free blocks on
                                       the type's lists - captured|, after            */
    uint64_t free_diff_start;       /* the same for the starting assignment            */
    unsigned swaps;                 /* exchanges made                                  */
};

/* pb[0..n): the zone's pageblocks. want_blocks[t]: pagetypeinfo's "Number of
   blocks type" per engine migratetype; want_free[t][o] its free counts (NULL:
   unknown, only the block counts and contents are used). When the counted
   pageblocks are more or fewer than the counts add up to (memory initialised
   between the reads), Movable takes the difference. mt_out[i] gets an enum
   pa_migratetype for every counted pageblock (uncounted ones: PA_MT_MOVABLE).
   0, or PA_EINVAL for bad arguments (orders > PA_PBINFER_ORDERS, a lead that
   is not earlier), PA_ENOMEM. */
int pa_pbinfer(const struct pa_pb_feat *pb, size_t n, unsigned nr_orders,
               const uint64_t want_blocks[PA_MT_COUNT],
               const uint64_t (*want_free)[PA_PBINFER_ORDERS], uint8_t *mt_out,
               struct pa_pbinfer_result *res);

#ifdef __cplusplus
}
#endif
#endif
