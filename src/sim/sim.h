/*
 * sim.h - the simulator: a machine (the engine's pa_machine plus per-CPU page
 * lists) with the things that use memory on a real one: processes with
 * anonymous memory, the page cache, the kernel's slab allocator and page
 * allocations made by kernel modules, and the counters /proc and `free`
 * report. The Lua runtime (lua_*.c) drives it; tests and benchmarks may use
 * it directly.
 *
 * Ownership of allocated pages (pagealloc/pageops.h): while a block is
 * allocated its pa_page.kind says what it is (enum pa_page_kind) and priv is
 * the owner's rmap handle: for anon and file pages an index into s->rmap
 * (rmap.c: which process or file, which index), for slab pages the slab
 * record, for page tables and kernel stacks the pid. The engine keeps the
 * page state (LRU lists, flags); the simulator registers the anon and file
 * operations (migrate, reclaim, check) and never touches engine flags.
 *
 * Every page the simulator takes comes through ONE function, pa_sim_alloc();
 * every page it gives back goes through pa_sim_free().
 */
#ifndef PA_SIM_SIM_H
#define PA_SIM_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "pagealloc/failreport.h"
#include "pagealloc/mm.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/pcp.h"
#include "pagealloc/rng.h"
#include "pagealloc/strbuf.h"


/* ---- machine presets (preset.c) -------------------------------------------- */
enum pa_thp_mode { PA_THP_NEVER = 0, PA_THP_MADVISE, PA_THP_ALWAYS };

struct pa_preset {
    const char *name;
    const char *summary;
    const char *kernel;            /* default kernel version                    */
    uint64_t mem_mib;              /* RAM the box has (e820 usable, roughly)    */
    int nodes;                     /* NUMA nodes (memory split evenly)          */
    int cpus;
    bool x86_32;                   /* 32-bit: DMA, Normal to 896 MiB, HighMem   */
    uint64_t memtotal_kb;          /* MemTotal after boot reservations; 0 =
                                      RAM minus the memmap and kernel image     */
    uint64_t swap_mib;
    uint64_t min_free_kbytes;      /* 0 = the era's default                      */
    enum pa_thp_mode thp;
    /* Memory in use once the box has booted (so that `free` looks like the
       seed's): kernel and process memory, block-device buffers, file cache. */
    uint64_t boot_used_kb, boot_buffers_kb, boot_cached_kb;
    /* Memory used by boot-time processes that have exited again: the holes
       they leave are the small free blocks of a booted machine. */
    uint64_t boot_frag_kb;
    const char *source;            /* where the numbers come from               */
};
const struct pa_preset *pa_preset_find(const char *name);
const struct pa_preset *pa_preset_list(int *n);
/* The engine configuration of preset p with mem_mib of RAM on `nodes` nodes;
   page_struct_bytes sizes the memmap. -1 with a message in err. */
/* A zone of a custom layout: zones are laid out back to back, in order. */
struct pa_zone_spec {
    int node;
    enum pa_zone_type type;
    uint64_t mib;
};
#define PA_MAX_ZONE_SPECS 16
int pa_preset_layout(const struct pa_preset *p, uint64_t mem_mib, int nodes, unsigned page_shift,
                     unsigned page_struct_bytes, const struct pa_zone_spec *zs, int nzs,
                     struct pa_machine_config *cfg, char *err, size_t n);
/* max_order and pageblock_order for a page size (12, 14, 16); -1 otherwise. */
int pa_page_orders(unsigned page_shift, unsigned *max_order, unsigned *pageblock_order);



/* A GFP mask with what the simulator derives from it (pa_sim_gfp_parse). */
struct pa_sim_gfp {
    uint64_t raw;                  /* in the era's bit layout                    */
    enum pa_zone_type zone;        /* highest usable zone                        */
    enum pa_migratetype mt;
    bool zero, comp;
};

struct pa_proc {
    int pid;
    uint32_t index;                /* in s->procs (the rmap slots name it)       */
    char name[32];
    int cpu;
    bool dead;
    bool oom;                      /* an allocation failed while running        */
    uint64_t nr_pages, cap;        /* touched pages, in virtual address order;
                                      PA_PFN_NONE where a page was swapped out   */
    uint32_t *pages;
    uint64_t nr_swapped;
    uint64_t nr_pt, pt_cap;        /* page-table pages                           */
    uint32_t *pt;
    uint32_t stack[4];             /* kernel stack blocks (era: 1 or 4)          */
    unsigned nr_stack;
    uint64_t pending;              /* pages still to touch in pa_sim_run        */
    uint64_t pending_access;       /* mapped pages still to access (pa_proc_access) */
    uint64_t access_pos;           /* where the next access starts (wraps)       */
    int parent;                    /* s->procs index of the parent (p:fork), -1  */
    int nr_children;               /* live children (p:fork)                      */
    int oom_score_adj;             /* /proc/PID/oom_score_adj, -1000..1000        */
    int oom_adj;                   /* /proc/PID/oom_adj, -17..15 (each write sets
                                      the other as 2.6.36 - 3.0 did)             */
};

struct pa_file {
    char *path;
    uint64_t inode, dentry;        /* their slab objects (0: none)               */
    uint64_t *radix;               /* radix_tree_node per 64 page offsets        */
    uint8_t *radix_pages;          /* cached pages under each node               */
    uint64_t nr_radix;
    uint64_t nr_pages, cap;        /* pages[i]: the page of offset i, or
                                      PA_PFN_NONE (reclaimed: a hole)            */
    uint32_t *pages;
    uint64_t holes;                /* PA_PFN_NONE entries below nr_pages         */
    uint64_t nr_dirty;             /* pages dirty (written, not yet written back) */
    uint64_t nr_writeback;         /* pages under the flusher's write-back       */
    uint64_t dirtied_ns;           /* when the oldest of them was dirtied (the
                                      inode's dirtied_when)                       */
    /* A file of one page keeps its pages[] and radix entries here (pages ==
       &page1, radix == &radix1): no allocation for the millions of small
       files of a long history (workload.c file_pages_reserve, radix_add). */
    uint64_t radix1;
    uint32_t page1;
    uint8_t radix_pages1;
    bool buffers;                  /* block-device cache (Buffers in meminfo)   */
    bool vfs;                      /* has VFS objects (pa_sim_read_file)         */
    bool deleted;                  /* removed; the slot is not reused           */
};
/* Free what f's arrays hold outside the record (workload.c). */
void pa_sim_file_free_arrays(struct pa_file *f);

/* An owner slot (rmap.c): the rmap handle in an anon or file page's priv is
   an index into s->rmap; the slot names the process (s->procs index) or file
   (s->files index) and the page's index in its pages[] array. */
struct pa_rmap_slot {
    uint32_t owner;                /* free slot: the next free one               */
    uint32_t index;                /* free slot: UINT32_MAX                      */
};
#define PA_RMAP_NONE UINT32_MAX

struct pa_slab_state;              /* slab.c */

/* Counters in pages, as /proc/meminfo and /proc/vmstat report them. */
struct pa_sim_stat {
    uint64_t anon, file, buffers, pagetables, slab_reclaimable, slab_unreclaimable,
        kernel_pages, kmalloc_large, kernel_stack;
    uint64_t pgalloc[PA_ZONE_TYPES], pgfree, pgfault, allocfail;
    uint64_t swap_used;            /* swap slots in use (swapped out + swap cache) */
    uint64_t swap_cached;          /* resident anon pages keeping their slot      */
    /* reclaim and OOM, from the engine's events (vmstat names) */
    uint64_t pgscan_kswapd, pgscan_direct, pgsteal_kswapd, pgsteal_direct, pgrefill;
    uint64_t pswpout, allocstall, kswapd_wakeups, pageoutrun, oom_kill;
    uint64_t pswpin, pgmajfault;   /* swap-ins on access (workload.c)             */
    uint64_t dirty, writeback;     /* page cache: dirty, under write-back         */
    uint64_t dirty_throttled;      /* pages writers wrote back themselves over
                                      vm.dirty_ratio (balance_dirty_pages)      */
    /* the same reclaim counters per zone type (the zone of the lruvec scanned;
       allocstall: the request's preferred zone), for the per-zone names of
       /proc/vmstat before 4.8 and allocstall_<zone> from 4.8 */
    uint64_t zone_pgscan_kswapd[PA_ZONE_TYPES], zone_pgscan_direct[PA_ZONE_TYPES],
        zone_pgsteal_kswapd[PA_ZONE_TYPES], zone_pgsteal_direct[PA_ZONE_TYPES],
        zone_pgrefill[PA_ZONE_TYPES], zone_allocstall[PA_ZONE_TYPES];
};

struct pa_sim {
    struct pa_machine *m;
    char kernel[64];
    const struct pa_preset *preset;
    enum pa_slab_kind slab_kind;
    int nr_cpus;
    uint64_t swap_pages;
    unsigned dirty_ratio;          /* vm.dirty_ratio (20), balance_dirty_pages    */
    uint64_t page_size;            /* bytes                                      */
    uint64_t min_free_kbytes;
    enum pa_thp_mode thp;
    struct pa_sim_stat st;
    struct pa_proc **procs;
    int nr_procs, procs_cap;
    int *live;                     /* s->procs indices of the living spawned
                                      processes, in spawn order: what
                                      pa_sim_run walks (the dead stay in procs) */
    int nr_live, live_cap;
    /* the 2 MiB hugetlb pool (vm.nr_hugepages; issue 11's compaction test) */
    uint64_t *hugepages;
    size_t nr_hugepages, hugepages_cap;
    int nr_spawned;                /* processes spawned (pids 1000 + n)          */
    struct pa_file **files;
    int nr_files, files_cap, last_file;
    void *file_arena;              /* chunks holding the file records (workload.c) */
    char *arena_next;
    size_t arena_left;
    uint64_t *file_hash;           /* s->files index + 1 by path, the path's
                                      hash in the high half (workload.c); 0 empty */
    uint32_t file_hash_cap;        /* slots, a power of two; 0 = none yet        */
    struct pa_slab_state *slab;
    struct pa_rmap_slot *rmap;     /* owner slots of anon and file pages (rmap.c) */
    uint32_t nr_rmap, rmap_cap, rmap_free;
    struct pa_strbuf dmesg;
    uint64_t clock_ns;             /* simulated time, for dmesg stamps           */
    struct pa_rng rng;
    struct pa_sim_gfp gfp_anon, gfp_file, gfp_pt, gfp_bdev, gfp_kernel, gfp_vfs;
    struct pa_sim_gfp gfp_hugetlb; /* the hugetlb pool's fresh pages (sim.c)    */
    char err[256];                 /* detail of the last failure                */
    /* Who the kernel is running for (failure and OOM reports, failure.c):
       set while a module's code runs (insmod, rmmod) and while a process
       faults; "" = a kernel thread. */
    struct pa_sim_task {
        char comm[32];
        int pid;
        char module[32];           /* "" outside module code                    */
        char function[48];         /* the module function that runs             */
    } task;
    /* The allocation failure warning's rate limit (2.6.32 printk_ratelimit,
       3.x+ nopage_rs: 10 reports per 5 s of simulated time). */
    uint64_t warn_rl_begin_ns;
    unsigned warn_rl_count;
    uint64_t nr_fail_reports, nr_fail_suppressed;
    struct pa_alloc_result last_fail; /* the engine's verdicts of the last failure */
    /* The request in flight (for the OOM report's caller). */
    enum pa_page_kind oom_owner;
    uint32_t oom_priv;
    uint64_t oom_none_ns;          /* last "no killable processes" message     */
};

/* Options a scenario may override (machine("vm-2g", {...})). 0 / NULL = preset. */
struct pa_sim_opts {
    const char *kernel;
    uint64_t mem_mib;
    int cpus;
    int nodes;
    unsigned page_shift;           /* 0 = 12 (4 KiB); 14, 16                      */
    uint64_t swap_mib;
    uint64_t min_free_kbytes;
    int thp;                       /* -1 = preset                                */
    int slab;                      /* -1 = era default, else enum pa_slab_kind    */
    bool no_boot_state;            /* skip the preset's booted-userland memory  */
    int nr_zones;                  /* > 0: a custom zone layout replaces the
                                      preset's (mem and nodes follow from it)  */
    struct pa_zone_spec zones[PA_MAX_ZONE_SPECS];
    uint64_t seed;
    /* Start from a real machine's state (`pagealloc snapshot` file, `run
       --from`): its zones, holes, reserved, used and free pages replace the
       preset's layout and boot state; the kernel defaults to the snapshot's. */
    const struct pa_snapfile *snapshot;
};
void pa_sim_opts_init(struct pa_sim_opts *o);

/* Build a booted machine from a preset. Returns NULL with a message in err. */
struct pa_sim *pa_sim_create(const struct pa_preset *p, const struct pa_sim_opts *o, char *err,
                             size_t n);
void pa_sim_destroy(struct pa_sim *s);
/* vm.nr_hugepages = nr: grow the pool one pageblock-order page at a time as
   alloc_fresh_hugetlb_folio / alloc_buddy_huge_page do, through the
   engine's allocator with its slow path (s->gfp_hugetlb: kswapd woken, direct
   reclaim and compaction, the era's retries), stopping at the first failure,
   or shrink it (freed through the CPU's lists). Returns the pool size
   reached. */
uint64_t pa_sim_set_hugepages(struct pa_sim *s, uint64_t nr);

/* ---- GFP ------------------------------------------------------------------- */
/* "GFP_KERNEL", "GFP_KERNEL|__GFP_ZERO", ... -> 0 or -1 with a message. */
int pa_sim_gfp_parse(struct pa_sim *s, const char *text, struct pa_sim_gfp *g, char *err,
                     size_t n);

void pa_sim_gfp_add(struct pa_sim *s, struct pa_sim_gfp *g, bool zero, bool comp);
/* (Re)compute watermarks, lowmem_reserve and pcp high from s->min_free_kbytes. */
int pa_sim_setup_wmarks(struct pa_sim *s, char *err, size_t n);

/* ---- the one way pages are taken and given back -------------------------- */
/* Allocate 2^order pages for cpu; PA_ENOMEM when no zone can (the caller gets
   NULL, as in the kernel). The block's kind/priv are set to owner/priv. */
int pa_sim_alloc(struct pa_sim *s, int cpu, const struct pa_sim_gfp *g, unsigned order,
                 enum pa_page_kind owner, uint32_t priv, uint64_t *pfn);
int pa_sim_free(struct pa_sim *s, int cpu, uint64_t pfn, unsigned order);


/* ---- page owners (rmap.c) ----------------------------------------------------
 * Register the operations of anon and file pages (pagealloc/pageops.h) on
 * s->m. A slot for (owner, index): PA_RMAP_NONE when the table cannot grow. */
int pa_sim_register_owners(struct pa_sim *s);
uint32_t pa_sim_rmap_get(struct pa_sim *s, uint32_t owner, uint64_t index);
void pa_sim_rmap_put(struct pa_sim *s, uint32_t h);

/* dmesg: "[%5lu.%06lu] text" lines stamped with the simulated clock. */
void pa_sim_printk(struct pa_sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- the kernel's reports (failure.c) ------------------------------------------- */
/* warn_alloc: the era's "page allocation failure" report for a failed request
   in dmesg (rate-limited), unless the mask has __GFP_NOWARN. owner and priv
   are those of pa_sim_alloc (they say who asked). */
void pa_sim_warn_alloc(struct pa_sim *s, int cpu, const struct pa_sim_gfp *g, unsigned order,
                       enum pa_page_kind owner, uint32_t priv);
/* The Mem-Info input for the machine as it is now (its arrays are malloc'ed
   into *zones and *pcp; free both). */
void pa_sim_showmem(struct pa_sim *s, int cpu, struct pa_mem_counters *c,
                    struct pa_showmem_in *in, struct pa_showmem_zone **zones, uint64_t **pcp);
/* The task and caller chain a report names for a request by this owner. */
void pa_sim_report_task(struct pa_sim *s, int cpu, enum pa_page_kind owner, uint32_t priv,
                        struct pa_report_task *t, char *comm, size_t n);
/* The slow path's operations of the simulator (oom.c): the OOM killer (victim
   by badness, kill, report), free swap. Registered at pa_sim_create. */
int pa_sim_register_slowpath(struct pa_sim *s);
/* Run every woken kswapd until its node is balanced (the background task
   between scenario steps and during m:sleep()). Returns pages reclaimed. */
uint64_t pa_sim_kswapd(struct pa_sim *s);

/* kcompactd as a background task (kcompactd.c): each node's woken kcompactd
   runs (4.6+), and every 500 ms between from_ns and to_ns of simulated time
   its proactive compaction checks the node (5.9+). Call after pa_sim_kswapd.
   Returns pages migrated. */
uint64_t pa_sim_kcompactd(struct pa_sim *s, uint64_t from_ns, uint64_t to_ns);

/* Write a multi-line text into dmesg, one stamped line per line. */
void pa_sim_printk_lines(struct pa_sim *s, const char *text);
/* The counters /proc and reports print (report.c). */
void pa_sim_counters(const struct pa_sim *s, struct pa_mem_counters *c);

/* ---- workloads (workload.c) ------------------------------------------------- */
/* fork: a new process on cpu with its kernel stack. NULL when the machine
   has no memory for the stack (s->err says so) or the host has none. */
struct pa_proc *pa_sim_spawn(struct pa_sim *s, const char *name, int cpu);
/* Queue n page touches; pa_sim_run performs every process's queued touches,
   the runnable processes taking turns one page at a time (they run
   concurrently on their CPUs). Returns pages touched. */
void pa_proc_touch(struct pa_proc *p, uint64_t n);
/* Queue n accesses of pages the process has already touched, walking its
   address space from where its last access stopped (wrapping): a resident
   page is marked accessed (PG_referenced, activation), a swapped-out one is
   swapped in - a major fault that allocates a page through the engine (and
   may reclaim), frees its swap slot and counts pswpin. Run by pa_sim_run
   with the touches, one page per process in turn. */
void pa_proc_access(struct pa_proc *p, uint64_t n);
/* fork: a child of parent (same CPU, its oom_score_adj inherited) with an
   address space of its own. NULL as pa_sim_spawn. */
struct pa_proc *pa_sim_fork(struct pa_sim *s, struct pa_proc *parent, const char *name);
uint64_t pa_sim_run(struct pa_sim *s);
/* Kill: every page of the process is freed (on its CPU), then its page tables. */
int pa_sim_kill(struct pa_sim *s, struct pa_proc *p);

/* Page cache: make the first `bytes` of path cached (reading or writing it),
   on cpu. Returns pages added; -1 with s->err when an allocation failed. */
long long pa_sim_cache_file(struct pa_sim *s, const char *path, uint64_t bytes, int cpu,
                            bool buffers);
int pa_sim_remove_file(struct pa_sim *s, const char *path);
/* read(2) / write(2) of a file as a process does it (m:read, m:write): the
   file's dentry and inode are allocated when it is first opened, and its
   page cache gets a radix_tree_node for each 64 page offsets (the 2.6.32
   page-cache radix tree's leaves; RADIX_TREE_MAP_SHIFT 6), freed when their
   last page leaves the cache. These slab objects come from the VFS caches
   (reclaimable slab, RECLAIMABLE pageblocks, then whatever fallback gives),
   so they land between the page-cache pages as on a real machine. Not
   modelled: the dcache / icache shrinkers (dentries and inodes of cached
   files stay until the file is removed), buffer_heads, the upper radix
   levels. Returns pages added, -1 with s->err as pa_sim_cache_file. */
long long pa_sim_read_file(struct pa_sim *s, const char *path, uint64_t bytes, int cpu);
/* The same for bytes [offset, offset + bytes) (a sequential copy reads each
   part once). Every page read is marked accessed (mark_page_accessed: once
   referenced, twice active). */
long long pa_sim_read_file_at(struct pa_sim *s, const char *path, uint64_t offset,
                              uint64_t bytes, int cpu);
/* Several files read (or written, write = true) at the same time on one
   CPU, as tasks whose read() / write() calls take turns: page k of every
   file, then page k + 1, until each file's bytes [offset, offset + bytes) are cached, so that
   their pages interleave one by one in memory (m:read / m:write with a list
   of paths). A history of many files in one call, without a script's call
   per page. Returns pages added (dirtied for a write), -1 with s->err as
   pa_sim_read_file. */
long long pa_sim_read_files(struct pa_sim *s, const char *const *paths, int n, uint64_t offset,
                            uint64_t bytes, int cpu, bool write);
/* The page of offset index of file f left the page cache (reclaim, rm). */
void pa_sim_file_page_gone(struct pa_sim *s, struct pa_file *f, uint64_t index);
/* write(2) into the page cache: the first `bytes` of path cached as by
   pa_sim_cache_file, and the pages dirty (Dirty in meminfo) until the
   flusher or reclaim writes them back. Returns pages dirtied, -1 as
   pa_sim_cache_file. */
long long pa_sim_write_file(struct pa_sim *s, const char *path, uint64_t bytes, int cpu);
long long pa_sim_write_file_at(struct pa_sim *s, const char *path, uint64_t offset,
                               uint64_t bytes, int cpu);
/* The flusher threads (V44/V618 mm/page-writeback.c, fs/fs-writeback.c) at
   the simulated time: write-back started earlier completes; then files
   dirtied more than dirty_expire_centisecs (30 s) ago - all dirty files when
   dirty pages exceed dirty_background_ratio (10 %) of free + page cache, or
   with all set (sync) - start write-back (Writeback in meminfo); with all,
   it completes at once. Returns pages whose write-back started. */
uint64_t pa_sim_writeback(struct pa_sim *s, bool all);
/* A snapshot-built machine: give its anon and file pages owners (a process
   and a file per zone) and put them on the LRU. 0 or -1. */
int pa_sim_adopt_snapshot_pages(struct pa_sim *s);
/* drop_caches: 1 = page cache, 2 = slab (reaps free slabs), 3 = both. */
uint64_t pa_sim_drop_caches(struct pa_sim *s, int what);

/* ---- kernel allocators (slab.c) -------------------------------------------- */
enum pa_sim_vfs_cache {
    PA_SIM_VFS_DENTRY = 0,
    PA_SIM_VFS_INODE,
    PA_SIM_VFS_RADIX,
    PA_SIM_VFS_BH,
    PA_SIM_VFS_NR
};
/* kmem_cache_alloc from a VFS cache (GFP_KERNEL | __GFP_RECLAIMABLE); an
   address for pa_sim_kfree, 0 when no page could be had. */
uint64_t pa_sim_vfs_alloc(struct pa_sim *s, int cpu, enum pa_sim_vfs_cache c);
/* Whether the slab of record priv (a slab page's owner handle) belongs to a
   SLAB_RECLAIM_ACCOUNT cache (SReclaimable). */
bool pa_sim_slab_reclaimable(const struct pa_sim *s, uint32_t priv);
/* kmalloc/kzalloc: a fake kernel virtual address, 0 on failure (NULL). */
uint64_t pa_sim_kmalloc(struct pa_sim *s, int cpu, uint64_t size, const struct pa_sim_gfp *g);
int pa_sim_kfree(struct pa_sim *s, int cpu, uint64_t addr);
uint64_t pa_sim_ksize(struct pa_sim *s, uint64_t addr);
/* Release empty slabs kept by the caches (cache_reap / drop_caches 2). */
uint64_t pa_sim_slab_reap(struct pa_sim *s);
void pa_sim_slab_destroy(struct pa_sim *s);
/* "struct page *" of alloc_pages as a fake vmemmap address and back. */
uint64_t pa_sim_page_addr(uint64_t pfn);
bool pa_sim_addr_page(const struct pa_sim *s, uint64_t addr, uint64_t *pfn);

/* ---- reports (report.c) ----------------------------------------------------- */
/* path: /proc/buddyinfo, pagetypeinfo, zoneinfo, vmstat, meminfo. -1 unknown. */
int pa_sim_cat(struct pa_sim *s, const char *path, struct pa_strbuf *out);
/* `free` with "-k" (default), "-m", "-g" or "-b" in the era's layout. */
int pa_sim_free_cmd(struct pa_sim *s, const char *flag, struct pa_strbuf *out);

#endif
