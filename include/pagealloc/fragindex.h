/*
 * pagealloc/fragindex.h - the kernel's fragmentation measures over a zone's
 * free block counts (kernel-semantics 7.4; V316/V618 mm/vmstat.c
 * fill_contig_page_info, __fragmentation_index, unusable_free_index, and V618
 * mm/compaction.c extfrag_for_order). Pure functions of nr_free[0..max_order]
 * with the kernel's exact integer arithmetic, for compaction and `analyze`.
 */
#ifndef PAGEALLOC_FRAGINDEX_H
#define PAGEALLOC_FRAGINDEX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the kernel's fill_contig_page_info() collects for one order. */
struct pa_contig_info {
    uint64_t free_pages;            /* sum of nr_free[o] << o                     */
    uint64_t free_blocks_total;     /* sum of nr_free[o]                          */
    uint64_t free_blocks_suitable;  /* sum over o >= order of nr_free[o] << (o-order) */
};

void pa_contig_info(const uint64_t *nr_free, unsigned max_order, unsigned order,
                    struct pa_contig_info *info);

/* extfrag_index in thousandths: 0 when there are no free blocks, -1000 when a
   block of that order exists, else 1000 - (1000 + free_pages*1000/2^order) /
   free_blocks_total (towards 1000: failure is due to fragmentation; towards
   0: to lack of memory). order > max_order gives 0 (the kernel warns). */
int pa_fragmentation_index(const uint64_t *nr_free, unsigned max_order, unsigned order);

/* unusable_index in thousandths: the share of free pages that sit in blocks
   smaller than 2^order; 1000 when nothing is free. */
int pa_unusable_free_index(const uint64_t *nr_free, unsigned max_order, unsigned order);

/* 6.x extfrag_for_order(): the same share in percent (0 when nothing is free),
   as proactive compaction uses it. */
int pa_extfrag_for_order(const uint64_t *nr_free, unsigned max_order, unsigned order);

/* The kernel's "%d.%03d" of value/1000, value%1000 ("-1.000", "0.958"). */
void pa_index_format(int value, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
