/*
 * live/contig.h - physically contiguous memory from user space, the
 * mechanics of `pagealloc contig` (seed 000's question): hugetlb pages of
 * 2 MiB or 1 GiB from the pool (raised only when asked, put back on every
 * exit path) or THP-backed anonymous memory, bound to a node with mbind,
 * touched, then proven from /proc/self/pagemap: cut into physically
 * contiguous runs per node. A shortfall collects its reasons (pool empty,
 * THP disabled or fallen back, fragmentation with `analyze`'s numbers for
 * that order). src/cli/cmd_contig.c holds the arguments and the output.
 */
#ifndef PA_LIVE_CONTIG_H
#define PA_LIVE_CONTIG_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "live/physmem.h"
#include "live/procread.h"

struct pa_contig {
    /* request */
    uint64_t size;
    bool thp;
    unsigned long hp_kb;        /* hugetlb page size in kB (2048, 1048576)        */
    int node;                   /* -1: any                                        */
    unsigned hold;
    unsigned max_share;         /* % of MemAvailable this run may take           */
    bool grow, json;
    /* pool */
    struct pa_hugepool before;
    bool grew, restored;
    long grown_to, restore_err;
    /* result */
    uint64_t unit;              /* bytes of one contiguous unit asked for         */
    void *addr;
    size_t map_len;
    uint64_t obtained, in_units;
    bool bind_failed;           /* --node given and mbind refused it            */
    size_t nr_runs;
    bool runs_more;
    struct pa_run runs[256];
    uint64_t node_bytes[PA_MAX_NODES];
    unsigned node_runs[PA_MAX_NODES];
    bool pfns_hidden;
    uint64_t extents, largest_extent;   /* pfns sorted: physical extents      */
    char shortfall[600];
    uint64_t thp_alloc, thp_fallback;
    /* set by the caller's signal handler: stop touching, holding */
    const volatile sig_atomic_t *stop;
    int lockfd;                 /* the pool lock (pa_contig_lock_pool), -1      */
};


/* Append a reason for a shortfall to c->shortfall ("; " between them). */
void pa_contig_reason(struct pa_contig *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A /proc/vmstat counter of this machine (0 if absent). */
uint64_t pa_contig_vm_counter(const char *name);
/* log2 of the base page size. */
unsigned pa_page_shift(void);
/* Add what `analyze` says about order on the node's zones to the reasons. */
void pa_contig_explain_fragmentation(struct pa_contig *c, unsigned order);
/* Does NUMA node exist? If not, online gets the online list ("unknown"). */
bool pa_node_exists(int node, char *online, size_t n);
/* THP usable (not "[never]" or absent)? why gets the reason when not. */
bool pa_thp_enabled(char *why, size_t n);
/* Serialise pool changes of concurrent runs (/run/pagealloc-hugepool.lock)
   and read the pool again under the lock. 0 or -errno. */
int pa_contig_lock_pool(struct pa_contig *c);
/* Map, bind, grow the pool if asked, touch: 0, or -1 with the reason. */
int pa_contig_get_memory(struct pa_contig *c);
/* Read the mapping's pfns and nodes: runs, units, extents. */
void pa_contig_measure(struct pa_contig *c);
/* Unmap, put nr_hugepages back (retried once, read back), drop the lock.
   0, or -errno / -EIO when the pool could not be restored. */
int pa_contig_release(struct pa_contig *c);

#endif
