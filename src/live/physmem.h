/*
 * live/physmem.h - where user memory really sits: pfns of a mapping from
 * /proc/self/pagemap (root sees pfns; others see 0), the node of each page
 * (move_pages(2) query), runs of physically contiguous pages, and the
 * hugetlb pool counters and knob of sysfs. Used by `contig` and `fragment`.
 */
#ifndef PA_LIVE_PHYSMEM_H
#define PA_LIVE_PHYSMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PA_PFN_UNKNOWN UINT64_MAX

/* pfns[i] = pfn of the page at addr + i*page_size, PA_PFN_UNKNOWN when not
   present or hidden (no CAP_SYS_ADMIN). 0 or -errno. */
int pa_pagemap_pfns(const void *addr, size_t npages, unsigned page_size, uint64_t *pfns);
/* nodes[i] = NUMA node of each page (-1 unknown). 0 or -errno. */
int pa_page_nodes(const void *addr, size_t npages, unsigned page_size, int *nodes);

/* A physically contiguous run: npages pages from pfn, all on node. */
struct pa_run {
    uint64_t pfn;
    uint64_t npages;
    int node;
};
/* Cut pfns[] into runs (consecutive pfns on the same node). Returns the
   number of runs written (at most max; *more says more existed). */
size_t pa_pfn_runs(const uint64_t *pfns, const int *nodes, size_t n, struct pa_run *runs,
                   size_t max, bool *more);

/* The hugetlb pool of one page size (kB) on a node (node < 0: global). */
struct pa_hugepool {
    long nr, free, resv, surplus;   /* -1 when unreadable                        */
};
int pa_hugepool_read(unsigned long size_kb, int node, struct pa_hugepool *p);
/* Write nr_hugepages (global or per node). 0 or -errno. */
int pa_hugepool_set(unsigned long size_kb, int node, long nr);

/* Parse "64M", "2G", "4096", "1.5G" (decimal, K/M/G/T binary units, an
   optional "iB"/"B") into bytes; false when bad, below 1 byte or above 1e18. */
bool pa_parse_size(const char *s, uint64_t *bytes);
/* "2 MiB", "1.50 GiB" */
void pa_size_text(uint64_t bytes, char *buf, size_t n);

#endif
