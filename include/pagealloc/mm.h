/*
 * pagealloc/mm.h - the engine: a machine of nodes and zones, each zone a
 * binary buddy allocator with per-order, per-migratetype free lists and a
 * migratetype per pageblock, as in Linux mm/page_alloc.c.
 *
 * Vocabulary is the kernel's (kernel-semantics.md sections 1, 4, 5): a pfn is a
 * page frame number, a block of order o holds 2^o pages and starts at a pfn
 * aligned to 2^o, zone->free_area[o] holds one list per migratetype and the
 * count nr_free, pageblocks of 2^pageblock_order pages carry a migratetype.
 *
 * The engine does no I/O and has no global state: everything hangs off a
 * struct pa_machine that the caller creates and destroys. Calls return 0 or a
 * negative PA_E* code (pa_strerror() names it); misuse is detected and
 * reported, never a crash, and leaves the machine as it was.
 */
#ifndef PAGEALLOC_MM_H
#define PAGEALLOC_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- limits --------------------------------------------------------------- */
#define PA_ORDER_CAP 20      /* the largest max_order a machine may have        */
#define PA_MAX_NODES 64
#define PA_MAX_ZONES 64      /* zones of all nodes together                     */
#define PA_MAX_RANGES 256    /* holes or boot reservations in one config        */
#define PA_PFN_NONE UINT32_MAX

/* ---- errors ---------------------------------------------------------------- */
enum pa_error {
    PA_OK = 0,
    PA_ENOMEM = -1,       /* no free block of that order and migratetype        */
    PA_EINVAL = -2,       /* invalid argument or configuration                  */
    PA_ERANGE = -3,       /* pfn outside every zone                              */
    PA_EHOLE = -4,        /* pfn is in a hole (no memory there)                  */
    PA_EORDER = -5,       /* order above the machine's max_order                 */
    PA_EDOUBLEFREE = -6,  /* the block is already free                           */
    PA_EWRONGORDER = -7,  /* freed with an order other than it was allocated at  */
    PA_ENOTHEAD = -8,     /* pfn is inside an allocated block, not its head      */
    PA_ENOTALLOC = -9,    /* pfn is not allocated (boot-reserved page, ...)      */
    PA_EBUSY = -10,       /* a page of the requested range is not free           */
    PA_EALIGN = -11,      /* pfn not aligned to 2^order                          */
    PA_ECORRUPT = -12,    /* invariant violated (pa_machine_check)               */
    PA_ENOSPC = -13,      /* a configuration table is full                       */
    PA_EZONE = -14,       /* the range crosses a zone edge                       */
    PA_ERROR_COUNT = 15
};
const char *pa_strerror(int err);
/* Short identifier of an error code, e.g. "PA_EDOUBLEFREE". */
const char *pa_errname(int err);

/* ---- migratetypes and zones ------------------------------------------------
 * Canonical values used inside the engine. The kernel's list index of each
 * type changed between eras (4.3: U E M R C I; 4.4+: U M E H C I); a profile
 * (struct pa_profile) says which exist and in which order they print. */
enum pa_migratetype {
    PA_MT_UNMOVABLE = 0,
    PA_MT_MOVABLE,
    PA_MT_RECLAIMABLE,
    PA_MT_HIGHATOMIC,  /* 4.4+ */
    PA_MT_CMA,
    PA_MT_ISOLATE,
    PA_MT_RESERVE,     /* 2.6.24 .. 4.3 */
    PA_MT_COUNT
};
const char *pa_migratetype_name(enum pa_migratetype mt); /* "Unmovable", ...   */
char pa_migratetype_letter(enum pa_migratetype mt);      /* 'U', 'M', ...       */

enum pa_zone_type {
    PA_ZONE_DMA = 0,
    PA_ZONE_DMA32,
    PA_ZONE_NORMAL,
    PA_ZONE_HIGHMEM,
    PA_ZONE_MOVABLE,
    PA_ZONE_DEVICE,
    PA_ZONE_TYPES
};
const char *pa_zone_type_name(enum pa_zone_type t);    /* "DMA", "DMA32", ...  */

/* ---- page kinds --------------------------------------------------------------
 * What an allocated page is used for (the kernel knows it from struct page:
 * PageAnon, page->mapping, PageSlab, PageTable, PageHuge, PageReserved). One
 * enum for the simulator's owners and the snapshot reader's classes alike;
 * the engine keeps it in pa_page.kind of an allocated head. Kinds with page
 * operations (anon and file: migrate, reclaim) are movable; the others are
 * not, as in the kernel (slab, page tables and kernel allocations cannot be
 * moved). */
enum pa_page_kind {
    PA_KIND_NONE = 0,      /* free, on a pcp list, or an owner not told         */
    PA_KIND_ANON,          /* a process's anonymous page (anon LRU)             */
    PA_KIND_FILE,          /* page cache (file LRU; block-device buffers too)   */
    PA_KIND_PAGETABLE,     /* a process's page-table page                       */
    PA_KIND_SLAB,          /* a slab of a kmalloc / kmem cache                  */
    PA_KIND_KMALLOC_LARGE, /* SLUB kmalloc above its largest cache              */
    PA_KIND_KERNEL,        /* alloc_pages by the kernel or a module             */
    PA_KIND_KSTACK,        /* a task's kernel stack                             */
    PA_KIND_HUGETLB,       /* a hugetlbfs pool page                             */
    PA_KIND_RESERVED,      /* reserved by firmware / boot (PageReserved)        */
    PA_KIND_COUNT
};
/* "anon", "file", "pagetable", "slab", "kmalloc-large", "kernel", "kstack",
   "hugetlb", "reserved"; "free" for PA_KIND_NONE; "?" out of range. */
const char *pa_page_kind_name(enum pa_page_kind k);

/* ---- era profile ------------------------------------------------------------
 * What differs between kernel versions is data here, never scattered
 * conditions. Issue 2 needs the buddy rules; later layers add watermark,
 * fallback and GFP data (see pagealloc/profile.h). */
enum pa_merge_check {
    PA_MERGE_ANY = 0,         /* 2.6.32: merge whatever the pageblock types     */
    PA_MERGE_NO_ISOLATE,      /* 3.x-5.x: at >= pageblock_order, not across an
                                 isolated / non-isolated pageblock pair          */
    PA_MERGE_MERGEABLE        /* 6.x: at >= pageblock_order, only if equal types
                                 or both of U/M/E (V618 __free_one_page)         */
};

/* Migratetype fallback and stealing rules (kernel-semantics 5.4). */
enum pa_fallback_rule {
    PA_FALLBACK_NONE = 0,     /* no fallback: the engine's bare buddy default     */
    PA_FALLBACK_2632,         /* V2632: largest first, steal the whole pageblock's
                                 free pages at >= pb_order/2 or for RECLAIMABLE
                                 requests; the split remainder goes to the
                                 requester's lists only when pages were moved;
                                 MIGRATE_RESERVE as the last resort               */
    PA_FALLBACK_310,          /* V310 (3.5+ with CMA): as 2632 but the remainder
                                 always goes to the requester's lists             */
    PA_FALLBACK_3X,           /* V316 try_to_steal_freepages: the remainder
                                 follows only a claimed pageblock                 */
    PA_FALLBACK_44,           /* 4.4-4.12: UNMOVABLE requests may steal too        */
    PA_FALLBACK_413,          /* 4.13-6.14: "alike" page counting, smallest block
                                 for MOVABLE when it cannot claim                 */
    PA_FALLBACK_615,          /* 6.15+: separate claim and steal passes            */
};

/* Era rule selectors used by the profile layer (profile.h explains each). */
struct pa_gfp_layout;
enum pa_header_style {
    PA_HEADER_2632 = 0,    /* "comm: page allocation failure. order:N, mode:0xX"     */
    PA_HEADER_3X,          /* "comm: page allocation failure: order:N, mode:0xX"     */
    PA_HEADER_45,          /* "...mode:0xX(names), nodemask=..." + cpuset line       */
    PA_HEADER_5X,          /* same, cpuset= and mems_allowed= on the same line        */
};
enum pa_alloc_rule {
    PA_ALLOC_RULE_2632 = 0,  /* !__GFP_WAIT -> HARDER; NO_WATERMARKS for PF_MEMALLOC  */
    PA_ALLOC_RULE_RHEL6,     /* as 2632, but __GFP_NOMEMALLOC blocks HARDER          */
    PA_ALLOC_RULE_3X,        /* atomic = !(WAIT|NO_KSWAPD); NOMEMALLOC blocks HARDER;
                                __GFP_MEMALLOC; CMA for movable                      */
    PA_ALLOC_RULE_44,        /* HARDER from __GFP_ATOMIC                              */
    PA_ALLOC_RULE_414,       /* + ALLOC_OOM for OOM victims (4.14)                     */
    PA_ALLOC_RULE_50,        /* + ALLOC_KSWAPD from __GFP_KSWAPD_RECLAIM              */
    PA_ALLOC_RULE_63,        /* NON_BLOCK / MIN_RESERVE / HIGHATOMIC                  */
};
/* How a NUMA node's zonelist is ordered (build_zonelists; pa_zonelist). */
enum pa_zonelist_order {
    PA_ZONELIST_NODE = 0,       /* node order: the local node's zones highest
                                   first, then the next node's (64-bit default
                                   from 3.16, Mel Gorman "mm: page_alloc:
                                   default node-ordering on 64-bit NUMA,
                                   zone-ordering on 32-bit"; the only order
                                   from 4.14, Michal Hocko "mm, page_alloc: rip
                                   out ZONELIST_ORDER_ZONE")                    */
    PA_ZONELIST_AUTO_2632,      /* V2632 default_zonelist_order: zone order
                                   (every node's Normal, then DMA32, then DMA)
                                   unless DMA/DMA32 is missing, more than half
                                   of memory, or more than 70 % of a node of
                                   above-average size                           */
    PA_ZONELIST_AUTO_2635,      /* as AUTO_2632, and node order whenever some
                                   node has no Normal zone (David Rientjes,
                                   "mm: default to node zonelist ordering when
                                   nodes have only lowmem", posted March 2010:
                                   2.6.35, release UNVERIFIED)                  */
};
enum pa_classzone_rule {
    PA_CLASSZONE_PREFERRED = 0, /* <= 5.7: index of the preferred zone             */
    PA_CLASSZONE_HIGHEST,       /* 5.8+: highest_zoneidx = gfp_zone() directly      */
};
enum pa_wmark_rule {
    PA_WMARK_RULE_LOOP = 0,     /* 3.1: iterative loop (mainline 2.6.x - 4.3)       */
    PA_WMARK_RULE_LOOP_RHEL6,   /* 3.2: RHEL6 -431+ loop from (mark - MIN)          */
    PA_WMARK_RULE_ANY_BLOCK,    /* 3.3: order-0 check + any suitable block (4.4-6.2) */
    PA_WMARK_RULE_RESERVES,     /* 3.4: ALLOC_RESERVES (6.3+)                       */
};
enum pa_highatomic_count {
    PA_HA_COUNT_NONE = 0,       /* no highatomic reserve (<= 4.3)                   */
    PA_HA_COUNT_RESERVED,       /* nr_reserved_highatomic (4.4 - 6.11)              */
    PA_HA_COUNT_FREE,           /* nr_free_highatomic (6.12+)                        */
};
enum pa_wmark_split {
    PA_SPLIT_QUARTER = 0,       /* 2.2 era A: LOW = MIN + tmp/4, HIGH = MIN + tmp/2  */
    PA_SPLIT_SCALE,             /* 2.2 era B: gap = max(tmp/4, pages*wsf/10000)      */
    PA_SPLIT_SCALE_PROMO,       /* 2.2 era C: + WMARK_PROMO, Movable like HighMem    */
};
enum pa_highatomic_limit {
    PA_HA_LIMIT_NONE = 0,       /* MIGRATE_RESERVE era: no highatomic               */
    PA_HA_LIMIT_PLUS_BLOCK,     /* 4.4 - 6.2: managed/100 + pageblock_nr_pages       */
    PA_HA_LIMIT_ROUND_UP,       /* 6.3+: round_up(managed/100, pageblock), none if
                                   managed/100 < pageblock_nr_pages                  */
};

/* ---- the slow path, reclaim, OOM and their reports (issue 10) ------------------
 * One grouped part of the profile (kernel-semantics 6, 8, 11.4), read by
 * src/mm/page_alloc.c (slow path), src/mm/vmscan.c, src/mm/oom_kill.c and the
 * report writers of src/format (failreport.c, showmem.c). */
enum pa_report_style {
    PA_REPORT_2632 = 0,  /* 2.6.32: "Pid: N, comm: C" line, "[<addr>] ? fn" frames,
                            per-cpu lines, zone lines with pages_scanned, no
                            managed, no buddy letters; OOM "oom_adj="          */
    PA_REPORT_2636,      /* 2.6.36 - 3.2 and RHEL6: as 2632, OOM header
                            "oom_adj=N, oom_score_adj=N"                         */
    PA_REPORT_33,        /* 3.3 - 3.9: as 2632 plus managed/free_cma, letters,
                            OOM header "oom_score_adj=N"                         */
    PA_REPORT_310,       /* 3.10 - 4.3: "CPU: N PID: N Comm: C" line, dump_stack
                            and warn_alloc_failed frames                         */
    PA_REPORT_44,        /* 4.4 - 4.7: no per-cpu lines; free_pcp, local_pcp;
                            OOM header with (names) and nodemask                 */
    PA_REPORT_48,        /* 4.8 - 4.19: per-node lines, writepending, warn_alloc  */
    PA_REPORT_5X,        /* 5.x - 6.11: boost, reserved_highatomic, frames
                            without addresses, "oom-kill:" line, "Killed process
                            ... UID ... pgtables ... oom_score_adj"              */
    PA_REPORT_612,       /* 6.12+: + free_highatomic                             */
};
enum pa_kswapd_rule {
    PA_KSWAPD_2632 = 0,  /* 8.1/8.2: wake if a zone fails the order-aware LOW
                            check; balanced when every zone passes HIGH at the
                            order (2.6.32, RHEL6, 2.6.3x)                        */
    PA_KSWAPD_3X,        /* wake unless balanced at HIGH; balanced for order > 0
                            when zones with >= 25% of the node pass (3.x - 4.7) */
    PA_KSWAPD_NODE,      /* 4.8+: per node; balanced if any eligible zone passes
                            HIGH at the order; gives the order up after
                            compact_gap(order) reclaimed pages                   */
};
/* kswapd's own compaction before kcompactd (4.6, commit accf62422b3a
   "mm, kswapd: replace kswapd compaction with waking up kcompactd"). */
enum pa_kswapd_compact {
    PA_KSWAPD_COMPACT_NONE = 0,  /* none: 2.6.35 - 2.6.37, 2.6.39 - 3.3 (commit
                                    d527caf22e48 "mm: compaction: prevent kswapd
                                    compacting memory to reduce CPU usage"
                                    reverted 2.6.38's), 4.6+ (kcompactd)       */
    PA_KSWAPD_COMPACT_ZONE,      /* 2.6.38 (3e7d34497067, 5a03b051) and RHEL 6
                                    -642: compact_zone_order, async, on each
                                    zone after shrinking it (kswapd_rhel6)     */
    PA_KSWAPD_COMPACT_PGDAT_END, /* 3.4 - 3.10 (7be62de99adc "vmscan: kswapd
                                    carefully call compaction"; read in a
                                    3.4.y tree): zones compaction could help
                                    are reclaimed for order 0 only (testorder),
                                    and at the end of balance_pgdat, unless a
                                    zone is SKIPPED, below HIGH at order 0, or
                                    already passes LOW at the order,
                                    compact_pgdat(order) compacts every zone of
                                    the node that is not deferred, async      */
    PA_KSWAPD_COMPACT_PGDAT,     /* 3.11 - 4.5 (Mel Gorman's 3.11 kswapd
                                    series; V316, 4.7 balance_pgdat as the 4.8
                                    node-LRU patch removes it): testorder as
                                    above; each balance pass aims at
                                    max(SWAP_CLUSTER_MAX, HIGH) pages a zone
                                    (nr_attempted); a pass that reclaimed
                                    2 << order pages drops the order to 0; one
                                    that reclaimed more than nr_attempted while
                                    no zone passed LOW at the order calls
                                    compact_pgdat with the (maybe dropped)
                                    order                                     */
};
/* The OOM killer's badness function (V2632 / V30 / V310 / V419 / V618
   mm/oom_kill.c; pagealloc/vmscan.h pa_oom_badness_era). */
enum pa_oom_badness_rule {
    PA_BADNESS_2632 = 0, /* badness(): total_vm + half of each child's total_vm,
                            / sqrt(cpu time), / sqrt(sqrt(run time)), x2 when
                            niced, /4 root, /4 CAP_SYS_RAWIO, then shifted
                            by oom_adj (-17 = never)                          */
    PA_BADNESS_2636,     /* 2.6.36 - 3.6 oom_badness: (rss + page tables +
                            swap) * 1000 / totalpages, -30 for root, +
                            oom_score_adj, clamped to 1..1000 (RHEL6 too)     */
    PA_BADNESS_37,       /* 3.7 - 4.16: the same sum in pages, -3% for root,
                            + oom_score_adj * totalpages / 1000, at least 1  */
    PA_BADNESS_417,      /* 4.17+: no root bonus                              */
};
/* Whom oom_kill_process kills once the victim is chosen. */
enum pa_oom_child_rule {
    PA_OOM_CHILD_FIRST = 0, /* 2.6.32: "or a child": its first child with its own
                               mm dies instead (V2632 oom_kill_process)        */
    PA_OOM_CHILD_LARGEST,   /* 2.6.36 - 5.0: "or sacrifice child": the child with
                               the highest badness dies instead                */
    PA_OOM_CHILD_NONE,      /* 5.1+: the victim itself (commit bbbe48029720,
                               "mm, oom: remove 'prefer children over parent'
                               heuristic")                                     */
};
struct pa_profile_slowpath {
    enum pa_report_style report;   /* failure / OOM report and Mem-Info layout   */
    bool direct_compaction;        /* the slow path compacts (RHEL6, 2.6.35+)     */
    bool compact_each_retry;       /* 4.7+: compaction after every reclaim round
                                      (before: a last pass when giving up, 6.2)  */
    bool should_reclaim_retry;     /* 4.7+: should_reclaim_retry / 16 no-progress
                                      loops (before: should_alloc_retry, 6.2)    */
    bool nofail_retries_first;     /* 3.x+: __GFP_NOFAIL is checked before the
                                      costly-order rule in should_alloc_retry    */
    bool oom_skip_lowmem;          /* 3.x+: no OOM kill when the class zone is
                                      below Normal, or for __GFP_THISNODE        */
    bool oom_needs_fs;             /* <= 4.x: no OOM kill for !__GFP_FS (4.x:
                                      pretends progress)                          */
    bool oom_skip_retry_mayfail;   /* 4.13+: no OOM kill for __GFP_RETRY_MAYFAIL  */
    bool lumpy_reclaim;            /* 2.6.32 - 3.4, RHEL6: lumpy reclaim for high
                                      orders (V2632 isolate_lru_pages)            */
    bool oom_after_retry;          /* 4.4 - 4.6: the OOM attempt follows the retry
                                      decision, order <= 3 retries only after
                                      progress (6.3); before 4.4 it comes first,
                                      when reclaim made no progress (6.2)        */
    enum pa_kswapd_rule kswapd;
    enum pa_oom_badness_rule badness; /* how the OOM killer scores a task        */
    enum pa_oom_child_rule oom_child; /* ... and whether a child dies instead     */
    /* RHEL 6 (verified in 2.6.32-642.6.2.el6 mm/vmscan.c) and mainline
       2.6.38+ (commit 3e7d34497067; profile.c SLOW): with CONFIG_COMPACTION (x86_64: THP selects it)
       high-order reclaim isolates order 0 only - no lumpy reclaim - and is
       "reclaim/compaction" for costly orders: a zone whose free memory already
       suffices for compaction is skipped (compaction_ready), and a zone is
       shrunk until 2 << order pages were reclaimed or compaction_suitable
       lets compaction go ahead (should_continue_reclaim).                     */
    bool reclaim_compaction;
    /* RHEL 6 and mainline 2.6.38 balance_pgdat (read in 2.6.32-642;
       2.6.39 reverted the compaction, kswapd_compact): a zone is shrunk while it fails the
       order-aware check at HIGH + balance_gap (min(LOW, 1% of the zone))
       rather than 2.6.32's 8 x HIGH, and for order > 3 kswapd compacts each
       zone after shrinking it (compact_zone_order, async).                    */
    bool kswapd_rhel6;
    enum pa_kswapd_compact kswapd_compact; /* whether and how kswapd compacts */
};

/* Compaction rules of an era (kernel-semantics 7.3). */
enum pa_compact_rule {
    PA_COMPACT_NONE = 0,    /* no compaction (vanilla 2.6.32)                       */
    PA_COMPACT_3X,          /* V316: order-0 LOW + 2<<order, fragindex, -1000 +
                               order watermark -> PARTIAL (2.6.35 - 4.3, RHEL6)     */
    PA_COMPACT_44,          /* V44: order watermark first, then order-0 LOW +
                               2<<order, fragindex (4.4 - 6.2)                     */
    PA_COMPACT_6X,          /* V618 compaction_suit_allocation_order: fragindex only
                               above order 3, LOW - MIN extra above order 3 (6.3+)   */
};

/* ---- the profile's parts beyond the allocator ----------------------------------
 * The allocator's rules are the top-level fields of struct pa_profile (fallback,
 * buddy, migratetypes, GFP layout, ALLOC flags, watermark check and setup,
 * reserves). Every other subsystem whose rules changed between kernels has a
 * part of its own: per-CPU lists, slab, the kernel's own memory, reclaim,
 * compaction and the text formats. The engine reads the allocator part and the
 * per-CPU part; the simulator and the printers of src/format read the others
 * from the machine's profile (m->profile). */

/* Per-CPU page lists (kernel-semantics 4.4; the sizes per era are in pcp.c). */
enum pa_pcp_era {
    PA_PCP_2632 = 0,  /* 2.6.32-4.18: batch cap 512 KiB (31), high 6*batch,
                         order 0 only (V2632, V316, V44 zone_batchsize)       */
    PA_PCP_419,       /* 4.19-5.13: batch cap 1 MiB (63), high 6*batch        */
    PA_PCP_514,       /* 5.14-6.6: orders 0..3 and the THP order, high =
                         max(LOW / cpus, 4*batch) (V515)                      */
    PA_PCP_67,        /* 6.7+: high floats in [high_min, high_max]; modelled
                         at high_min, no auto-tuning (V618) - partial          */
    PA_PCP_ERA_COUNT
};
struct pa_profile_pcp {
    enum pa_pcp_era era;           /* what pa_pcp_create() is given (pcp.h)        */
};

/* The slab allocator the distribution built (kernel-semantics 9): SLUB is
   mainline's default since 2.6.23, RHEL6 chose SLAB. */
enum pa_slab_kind { PA_SLAB_SLAB = 0, PA_SLAB_SLUB };
struct pa_profile_slab {
    enum pa_slab_kind kind;
};

/* The kernel's own memory that the simulator reserves or allocates. */
struct pa_profile_kernel {
    unsigned page_struct_bytes;    /* sizeof(struct page), the memmap's boot
                                      reservation: 56 in 2.6.32, 64 from 3.0
                                      (UNVERIFIED first release)                  */
    /* A task's kernel stack: stack_blocks blocks of stack_order from the page
       allocator (x86_64: 8 KiB order 1 up to 3.14, 16 KiB order 2 from 3.15,
       vmalloc'ed as 4 order-0 pages with CONFIG_VMAP_STACK from 4.9; the first
       versions are UNVERIFIED, not in kernel-semantics). */
    unsigned stack_order, stack_blocks;
    /* The hugetlb pool's fresh pages (htlb_alloc_mask): GFP_HIGHUSER -
       unmovable, unless vm.hugepages_treat_as_movable - up to 3.11;
       GFP_HIGHUSER_MOVABLE for an hstate that can migrate (x86_64 2 MiB
       pages) from 3.12 (commit 86cdb465cf3a "mm: prepare to remove
       /proc/sys/vm/hugepages_treat_as_movable", Naoya Horiguchi). */
    bool hugetlb_movable;
};

/* The names /proc/vmstat gives the reclaim counters (mm/vmstat.c
   vmstat_text of V2632, 3.x, V44, V48, V618). */
enum pa_vmstat_names {
    PA_VMSTAT_NODE = 0,    /* 4.8+: pgrefill, pgsteal_kswapd, pgsteal_direct,
                              pgscan_kswapd, pgscan_direct node-wide (the LRU is
                              the node's); allocstall_<zone> and pgskip_<zone>
                              per zone                                        */
    PA_VMSTAT_ZONE,        /* 3.5 - 4.7: pgrefill_<zone>, pgsteal_kswapd_<zone>,
                              pgsteal_direct_<zone>, pgscan_kswapd_<zone>,
                              pgscan_direct_<zone>; one allocstall            */
    PA_VMSTAT_ZONE_2632,   /* 2.6.x - 3.4: pgrefill_<zone>, pgsteal_<zone>
                              (kswapd and direct together), pgscan_kswapd_<zone>,
                              pgscan_direct_<zone>, kswapd_steal, allocstall  */
};

/* How reclaim splits its scan between the anon and the file LRU lists
   (get_scan_ratio / get_scan_count, src/mm/vmscan.c). */
enum pa_scan_balance {
    PA_BALANCE_ROTATION = 0, /* 2.6.28 - 3.7, RHEL 6: anon_prio = swappiness,
                                file_prio = 200 - swappiness, each weighted
                                by recent_scanned / recent_rotated of its
                                lists; anon only when file + free <= HIGH
                                (V2632, 2.6.32-642.6.2.el6 get_scan_ratio)  */
    PA_BALANCE_FILE_FIRST,   /* 3.8 - 5.7: as ROTATION, but file only while
                                the inactive file list is not low (SCAN_FILE:
                                J. Weiner, "mm: memcg: only evict file pages
                                when we have plenty", 3.8 UNVERIFIED), and no
                                forced anon scan when file + free <= HIGH
                                (commit e53d77eb8bb6, 3.12+ stable)           */
    PA_BALANCE_COST,         /* 5.8+: file first as above (cache_trim_mode),
                                then the cost model of "mm: balance LRU lists
                                based on relative thrashing": a type's cost is
                                its rotations and write-outs (refaults are not
                                modelled)                                     */
};

/* Reclaim (kernel-semantics 6.4, 8). A part for issue 10 to fill. */
struct pa_profile_reclaim {
    enum pa_scan_balance scan_balance; /* anon / file balance (vmscan.c)       */
    bool lru_per_node;             /* 4.8+: one lruvec per node ("mm, vmscan: move
                                      LRU lists to node"); before, per zone        */
    enum pa_vmstat_names vmstat;   /* reclaim counter names in /proc/vmstat        */
    bool vmstat_oom_kill;          /* 4.13+: the oom_kill counter (commit
                                      8e675f7af507 "mm/oom_kill: count global and
                                      memory cgroup oom kills")                   */
    bool oom_needs_gfp_fs;         /* <= 4.x (here: before 5.0): the OOM killer is
                                      not invoked for !__GFP_FS requests (6.4)     */
    bool no_balance_gap;           /* 4.8+: compaction_ready asks HIGH + 2 << order
                                      without the balance gap (min(LOW, 1 % of the
                                      zone)): Mel Gorman, "mm, vmscan: remove
                                      balance gap", node-LRU series (4.8)          */
};

/* When __alloc_pages_direct_compact counts compact_stall, and whether it then
   tries the free lists and counts compact_success / compact_fail. */
enum pa_compact_stall_rule {
    PA_STALL_CALLED = 0, /* every call but a deferred one (V316 try_to_compact_pages
                            counts it before the zones; __alloc_pages_direct_compact
                            does not call it when the preferred zone is
                            deferred); a SKIPPED result is not retried (<= 4.3;
                            3.19-4.3 UNVERIFIED: 3.19's "defer each zone
                            individually" excluded all-deferred calls)           */
    PA_STALL_RAN,        /* only if some zone was neither skipped nor deferred
                            (V44 .. 4.x: "if (*compact_result <= COMPACT_INACTIVE)
                            return NULL" before count_vm_event(COMPACTSTALL))    */
    PA_STALL_ALL,        /* every call, and the free lists are tried and
                            success / fail counted whatever the result (Mel
                            Gorman's 2019 fix to the 5.1 capture, "remove the
                            check entirely", Fixes 5e1f0f098b46; 5.1 - 5.13)    */
    PA_STALL_NOT_SKIPPED,/* all but COMPACT_SKIPPED (deferred zones count):
                            "mm: page_alloc: update the COMPACT[STALL|FAIL]
                            events properly", Charan Teja Reddy, Feb 2021
                            (5.12, set from the 5.14 profile: 5.10's spans 5.13;
                            V618 __alloc_pages_direct_compact)                   */
};

/* Compaction (kernel-semantics 6.4, 7; src/mm/compaction.c). */
struct pa_profile_compaction {
    enum pa_compact_rule rule;     /* none, or whose compaction_suitable (7.3)     */
    bool proactive;                /* vm.compaction_proactiveness (5.9+, 7.5)      */
    bool kcompactd;                /* 4.6+: background compaction thread (7.5)     */
    bool kcompactd_when_balanced;  /* 4.17+: wakeup_kswapd on a balanced or hopeless
                                      node wakes kcompactd for a request without
                                      direct reclaim; kcompactd drains the
                                      per-CPU lists after a failed zone           */
    bool unevictable_sysctl;       /* 4.1+: vm.compact_unevictable_allowed (default
                                      1); before it compaction never isolated
                                      unevictable pages ("mm: allow compaction
                                      of unevictable pages", UNVERIFIED id; set
                                      from the 4.4 profile: 3.15 spans 4.1)       */
    bool skip_on_failure;          /* 4.6+: async direct compaction gives up an
                                      order-aligned block at the first page it
                                      cannot isolate ("mm, compaction: skip
                                      blocks where isolation fails in async
                                      direct compaction", release UNVERIFIED) */
    bool async_movable_only;       /* mainline 3.3 - 4.11: every async run takes
                                      source blocks that are MOVABLE / CMA only,
                                      whatever the request (V316, V44
                                      migrate_async_suitable); otherwise the
                                      V618 rule (4.12+): async direct
                                      compaction, blocks of the request's
                                      migratetype                                */
    bool fast_search;              /* 5.1+: compactions for an order search the free
                                      lists first: fast_isolate_freepages for a
                                      target near the free scanner,
                                      fast_find_migrateblock for a source block
                                      that already holds free pages (Mel Gorman,
                                      "mm, compaction: use free lists to quickly
                                      locate a migration source / target", 5.1) */
    enum pa_compact_stall_rule stall; /* when compact_stall counts (above)         */
    bool cache_per_block;          /* 5.1+: the zone's cached scanner pfns follow
                                      every pageblock scanned to its end (V618
                                      update_cached_migrate, update_pageblock_skip
                                      in isolate_freepages; Mel Gorman's 5.1
                                      series with the fast searches); before,
                                      only blocks where nothing was isolated (V44
                                      update_pageblock_skip)                      */
    bool skip_scanned;             /* 5.1+: a pageblock the free scanner scanned to
                                      its end gets its skip bit whatever it
                                      isolated, and so does a migration block
                                      scanned to its end with nothing isolated
                                      (or rescanned: finish_pageblock), also in
                                      runs that ignore skip hints (V618
                                      update_pageblock_skip tests only
                                      no_set_skip_hint). Before, only blocks
                                      where nothing was isolated, never in runs
                                      ignoring the hints (V44
                                      update_pageblock_skip)                      */
    bool reset_search;             /* 5.1+: __reset_isolation_suitable runs only
                                      after a direct compactor's full pass
                                      (blockskip_flush), clears skip bits only
                                      where a sample finds an LRU or free page,
                                      and searches from both ends for the
                                      scanners' restart pfns (compact_init_*);
                                      before, every skip bit is cleared and the
                                      cached pfns go to the zone's ends          */
    bool large_folios;             /* 6.10+: large folios below pageblock order are
                                      migrated whole (before: every compound page
                                      is skipped by the migration scanner)       */
    bool needs_gfp_fs;             /* direct compaction needs __GFP_FS as well as
                                      __GFP_IO: the spec says <= 4.4 (6.4); set
                                      through the 4.13 profile, as the engine has
                                      always done (GFP_NOFS compaction was allowed
                                      around 4.12, UNVERIFIED)                     */
};

/* Text formats (kernel-semantics 6.5, 11). */
enum pa_zoneinfo_style {
    PA_ZONEINFO_LEGACY = 0,        /* 2.6.32 - 4.7                                 */
    PA_ZONEINFO_48,                /* 4.8+: per-node stats block                   */
    PA_ZONEINFO_6X,                /* 6.x: boost, promo, cma                       */
};
/* The OOM report's task table (mm/oom_kill.c dump_tasks; boundaries from
   the kernel commits the OOM analyser of Carsten Grohmann records per
   release, and real 4.1 / 4.11 tables in tests/data/reports). */
enum pa_oom_table {
    PA_OOM_TABLE_2632 = 0, /* "... rss cpu oom_adj name" (no oom_score_adj yet)   */
    PA_OOM_TABLE_2636,     /* "... rss cpu oom_adj oom_score_adj name"            */
    PA_OOM_TABLE_33,       /* "... rss nr_ptes swapents oom_score_adj name"       */
    PA_OOM_TABLE_40,       /* + nr_pmds (4.0, "mm: account pmd page tables")      */
    PA_OOM_TABLE_414,      /* + nr_puds (4.14)                                    */
    PA_OOM_TABLE_415,      /* pgtables_bytes (4.15, "mm: consolidate page table
                              accounting")                                       */
    PA_OOM_TABLE_419,      /* "Tasks state (memory values in pages):", "[  pid  ]"
                              (4.19, "mm, oom: describe task memory unit,
                              larger PID pad")                                   */
};
/* `free`: procps 3.2 (buffers, cached, "-/+ buffers/cache") or procps-ng
   3.3.10+ (buff/cache, available), as the distributions of the era shipped. */
enum pa_free_style { PA_FREE_STYLE_PROCPS3 = 0, PA_FREE_STYLE_PROCPS_NG };
struct pa_profile_text {
    /* Mem-Info / failure reports (6.5, 11.4); GFP names come with pa_profile.gfp */
    bool gfp_names_in_header;      /* 4.5+: failure header prints mode:0x..(names)  */
    enum pa_header_style header;   /* failure header layout (6.5)                   */
    bool buddy_letters;            /* show_mem buddy line letters (3.x+, 11.4)      */
    /* /proc/pagetypeinfo stops counting a list at this many entries and prints
       ">N" (5.4+: 100000); 0 = no cap (11.2). */
    uint64_t pagetypeinfo_cap;
    /* /proc/zoneinfo (11.3; first versions UNVERIFIED, bracketed by V2632 / V316
       / V414 / a live 6.18) */
    enum pa_zoneinfo_style zoneinfo;
    bool zoneinfo_managed;         /* the "managed" line (3.0+ here)                */
    bool zoneinfo_empty_zones;     /* unpopulated zones too: header, marks and
                                      protection (4.12+, "mm, vmstat: print
                                      non-populated zones in zoneinfo")           */
    bool zoneinfo_high_max;        /* 6.7+: pcp high_min / high_max lines          */
    /* /proc/meminfo and `free` */
    bool memavailable;             /* MemAvailable (3.14+)                          */
    enum pa_free_style free;       /* procps-ng from 3.14 (its MemAvailable era)    */
    enum pa_oom_table oom_table;   /* the OOM report's task table                  */
};

/* CMA as the movable requests' fallback (V44 __rmqueue_cma_fallback, V515). */
enum pa_cma_fallback {
    PA_CMA_FALLBACK_NONE = 0,   /* <= 4.3: CMA only through the fallback lists      */
    PA_CMA_FALLBACK_ALWAYS,     /* 4.4 - 4.12: every movable request                */
    PA_CMA_FALLBACK_ALLOC_CMA,  /* 4.13+ here: only with ALLOC_CMA                  */
};

struct pa_profile {
    const char *name;              /* "6.x", "2.6.32", ...                          */
    /* Fallback (5.4), the reserve types this era has, and where split
       remainders of a fallback go. */
    enum pa_fallback_rule fallback;
    bool has_reserve;              /* MIGRATE_RESERVE pageblocks (<= 4.3)           */
    bool has_highatomic;           /* MIGRATE_HIGHATOMIC (4.4+)                      */
    bool has_cma;                  /* CONFIG_CMA: a CMA type and list               */
    bool split_to_block_type;      /* 6.10+ freelist type hygiene: free pages sit
                                      on their pageblock type's list: a fallback
                                      that does not claim splits in place and its
                                      remainder keeps the block's type, nothing
                                      moves unless the block is claimed, and a
                                      merge at >= pageblock_order retypes the
                                      buddy's pageblock (V618)                      */
    bool boost;                    /* 5.0+: watermark_boost on fallback             */
    /* Buddy freeing (kernel-semantics 4.3). */
    bool merge_tail_heuristic;     /* 3.x+: tail-insert if the buddy of the merged
                                      block's buddy is free (2.6.32: always head)  */
    bool boot_free_to_tail;        /* 5.10+ (__free_pages_core with FPI_TO_TAIL):
                                      boot memory is queued at list tails          */
    bool move_freepages_to_tail;   /* 5.10+ move_to_free_list: blocks moved to
                                      another type's list go to its tail (the same
                                      series); before, to its head                 */
    enum pa_merge_check merge_check;
    /* Migratetypes this kernel has, in its list-index order: printing order of
       /proc/pagetypeinfo rows and of the letters in a Mem-Info buddy line. */
    int nr_mt;
    enum pa_migratetype mt_order[PA_MT_COUNT];
    /* Opaque pointer for the era layers built on the engine. */
    const void *ext;

    /* ---- era data of the profile layer (include/pagealloc/profile.h) ----------
       Everything below is filled by src/mm/profile.c; each field names the
       kernel-semantics section it comes from. The engine's own default
       (pa_profile_default) leaves them zero. */
    const char *first_version;     /* "4.4": first kernel release of this rule set  */
    const char *last_version;      /* "4.5" or "" (open-ended)                        */
    const char *summary;           /* one line: what sets this era apart              */
    unsigned max_order;            /* highest order: 10 on x86_64 in every era (0.1)  */
    /* GFP (section 10, 5.3, 1.2) */
    const struct pa_gfp_layout *gfp;   /* bit layout, names, composites (gfp.h)     */
    /* ALLOC flags (3.5) */
    enum pa_alloc_rule alloc_rule; /* gfp_to_alloc_flags of the era                   */
    bool fast_cpuset;              /* fast path always carries ALLOC_CPUSET (<= 4.6)  */
    bool fast_fair;                /* ALLOC_FAIR in the fast path (3.12 - 4.7)        */
    bool fast_nofragment;          /* ALLOC_NOFRAGMENT + ALLOC_KSWAPD (5.0+)          */
    bool highatomic_needs_high;    /* 6.17+: ALLOC_HIGHATOMIC only with __GFP_HIGH
                                      (6.3 - 6.16: any non-blocking order > 0)       */
    bool alloc_oom;                /* 4.14+: OOM victims get ALLOC_OOM (before:
                                      ALLOC_NO_WATERMARKS)                           */
    bool reserve_flags_replace;    /* 4.14+: the retry loop's reserve flag replaces
                                      alloc_flags (before: joins them)               */
    bool slow_kswapd_flag;         /* 5.0+: ALLOC_KSWAPD from __GFP_KSWAPD_RECLAIM
                                      in the slow path too                           */
    enum pa_classzone_rule classzone; /* lowmem_reserve index (1.4)                   */
    enum pa_zonelist_order zonelist_order; /* NUMA zonelist order (1.3): zero = node */
    /* The watermark check (3.1 - 3.4) */
    enum pa_wmark_rule wmark_rule;
    int wmark_order_adjust;        /* free -= 2^order + this: -1, or +1 (2.6.36-3.2,
                                      RHEL6 >= -220)                                  */
    enum pa_highatomic_count wmark_highatomic; /* what era B/C subtract (3.3, 3.4)   */
    bool wmark_fast_order0;        /* zone_watermark_fast's order-0 shortcut (4.8+,
                                      between V44 and V419: UNVERIFIED exact)        */
    bool wmark_harder_any_block;   /* 4.4: ALLOC_HARDER accepts a block on any list;
                                      4.5+: only the HIGHATOMIC list (3.3)            */
    /* Watermark setup (2.1, 2.2, 1.4) */
    bool wmark_use_present;        /* zone size = present pages (2.6.x), else managed  */
    uint64_t min_free_kbytes_max;  /* 65536 (<= 5.6) / 262144 (5.7+)                  */
    enum pa_wmark_split wmark_split;
    bool thp_lowmem_zones_only;    /* THP raise counts zones <= Normal only (6.x)     */
    unsigned lowmem_reserve_ratio[PA_ZONE_TYPES]; /* default vm.lowmem_reserve_ratio  */
    bool lowmem_ratio_zero_off;    /* 4.19+: ratio < 1 means off (else clamp to 1)    */
    bool lowmem_empty_zone_zero;   /* 5.10+: an empty zone reserves nothing           */
    /* Reserves (2.4) and boost (2.3) */
    enum pa_highatomic_limit highatomic_limit;
    unsigned boost_factor_default; /* 15000 (5.0+), 0 before                          */
    /* Slow path, reclaim, OOM, reports (issue 10) */
    struct pa_profile_slowpath slowpath;
    bool highatomic_by_alloc_highatomic; /* 6.3+: the reserve is for ALLOC_HIGHATOMIC
                                      requests (4.4 - 6.2: ALLOC_HARDER)            */
    bool highatomic_oom_nonblock;  /* 6.15+ here: OOM and non-blocking requests try
                                      the HIGHATOMIC list when all else failed
                                      (V618 rmqueue_buddy)                          */
    /* CMA (3.5+ with CONFIG_CMA; only for profile copies with has_cma) */
    bool cma_first_over_half;      /* 4.13+ here: ALLOC_CMA movable requests take
                                      CMA first when it holds more than half of the
                                      zone's free pages (V515/V618 __rmqueue)       */
    enum pa_cma_fallback cma_fallback; /* movable requests after their own list    */

    /* ---- the other subsystems (parts above) ---- */
    struct pa_profile_pcp pcp;
    struct pa_profile_slab slab;
    struct pa_profile_kernel kernel;
    struct pa_profile_reclaim reclaim;
    struct pa_profile_compaction compaction;
    struct pa_profile_text text;
};

/* The engine's own default: the current mainline (6.x) buddy rules. */
extern const struct pa_profile pa_profile_default;

/* ---- pages ---------------------------------------------------------------
 * 16 bytes per simulated page (the kernel's struct page is 64). The engine
 * makes every change of a page's state (DESIGN.md "The engine owns pages"):
 * while a page heads a free block, next/prev link it on its free list; on a
 * per-CPU list, on an LRU list or on an isolation list they link it there
 * (one intrusive list type, struct pa_pfnlist below). Owners never write
 * flags, next or prev; they set kind and priv (an rmap handle they resolve
 * in O(1), pagealloc/pageops.h) through the allocation request or
 * pa_page_set_owner.
 *
 * Flags of an allocated head other than ALLOC describe the allocation and go
 * with it: freeing clears them (the kernel's free_pages_prepare). */
enum pa_page_flags {
    PA_PG_BUDDY = 0x0001,      /* head of a free block on a free list           */
    PA_PG_ALLOC = 0x0002,      /* head of an allocated block                     */
    PA_PG_HOLE = 0x0004,       /* no memory at this pfn                          */
    PA_PG_RESERVED = 0x0008,   /* boot reservation, never given to the buddy lists */
    PA_PG_LRU = 0x0010,        /* on an LRU list (PageLRU). Fallback stealing
                                  counts such pages as movable (4.13+
                                  move_freepages); compaction may migrate them */
    PA_PG_PCP = 0x0020,        /* allocated head waiting on a per-CPU list       */
    PA_PG_ACTIVE = 0x0040,     /* on (or going back to) an active LRU list       */
    PA_PG_REFERENCED = 0x0080, /* accessed once since the last scan (PG_referenced) */
    PA_PG_ISOLATED = 0x0100,   /* taken off its LRU by isolation (compaction,
                                  reclaim, migration); on the isolator's list   */
    PA_PG_DIRTY = 0x0200,      /* file page with data not yet written back       */
    PA_PG_WRITEBACK = 0x0400,  /* write-back in progress (PG_writeback)          */
    PA_PG_UNEVICTABLE = 0x0800,/* mlocked or otherwise unevictable: LRU_UNEVICTABLE */
    PA_PG_SWAPBACKED = 0x1000, /* anon / shmem: reclaimed by swapping out        */
    PA_PG_YOUNG = 0x2000,      /* a page-table entry mapping it was accessed since
                                  reclaim last looked (the pte young / accessed
                                  bit page_referenced tests and clears)          */
    PA_PG_SWAPCACHE = 0x4000,  /* anon page whose data also sits in its swap slot
                                  (PageSwapCache): reclaim drops it without
                                  writing; SwapCached in meminfo               */
    /* 0x8000 free for the engine */
};

/* One intrusive doubly linked list of pages, threaded through their
   next/prev (pfns; PA_PFN_NONE at the ends): the buddy free lists, per-CPU
   lists, LRU lists and isolation lists all use it (pagealloc/pfnlist.h has
   the O(1) operations). count is the number of entries. */
struct pa_pfnlist {
    uint32_t head, tail;
    uint64_t count;
};
#define PA_PFNLIST_INIT {PA_PFN_NONE, PA_PFN_NONE, 0}

struct pa_page {
    uint32_t next, prev;  /* links on the list the page is on (pfnlist.h)        */
    uint32_t priv;        /* allocated: the owner's rmap handle (pageops.h)      */
    uint16_t flags;       /* enum pa_page_flags                                  */
    uint8_t order;        /* order of the block this page heads                  */
    union {
        struct {
            uint8_t mt : 4;   /* free: the list's migratetype; allocated: requested */
            uint8_t kind : 4; /* allocated: enum pa_page_kind                      */
        };
        uint8_t mt_kind;      /* both in one store for the buddy hot paths:
                                 PA_PAGE_MT_KIND(mt, kind) (mt in the low nibble,
                                 as gcc and clang lay out bit-fields on x86-64 and
                                 arm64; test_buddy checks it)                    */
    };
};
#define PA_PAGE_MT_KIND(mt, kind) ((uint8_t)((unsigned)(mt) | (unsigned)(kind) << 4))

/* ---- LRU lists (pagealloc/lru.h has the operations) --------------------------
 * The kernel's lruvec: one list per enum pa_lru_list, per zone before 4.8 and
 * per node from 4.8 (profile->reclaim.lru_per_node). The inactive lists' tails are the
 * reclaim end; new pages go to the heads. */
enum pa_lru_list {
    PA_LRU_INACTIVE_ANON = 0,
    PA_LRU_ACTIVE_ANON,
    PA_LRU_INACTIVE_FILE,
    PA_LRU_ACTIVE_FILE,
    PA_LRU_UNEVICTABLE,
    PA_NR_LRU_LISTS
};

struct pa_lruvec {
    struct pa_pfnlist lists[PA_NR_LRU_LISTS];
    uint64_t nr_pages[PA_NR_LRU_LISTS]; /* pages (2^order per entry) per list   */
    /* zone_reclaim_stat (V2632 / RHEL6 mm/vmscan.c; lruvec->anon_cost /
       file_cost from 5.8): [0] anon, [1] file. recent_scanned counts pages
       reclaim isolated, recent_rotated those it found referenced (active
       list) or put back active (inactive list); cost the 5.8+ reclaim cost
       (rotations + pages written out). Halved as the kernel ages them. */
    uint64_t recent_scanned[2], recent_rotated[2], cost[2];
    uint64_t nr_saved_scan[PA_NR_LRU_LISTS]; /* scan targets deposited until
                                      they reach SWAP_CLUSTER_MAX (2.6.32)     */
};

/* ---- free areas, pageblocks, zones, nodes -------------------------------- */
struct pa_zone;
struct pa_machine;
struct pa_pcp;
struct pa_slowpath_ops;

struct pa_free_area {
    struct pa_pfnlist free_list[PA_MT_COUNT]; /* .count: blocks on each list  */
    uint64_t nr_free;                 /* blocks on all lists of this order     */
};

enum pa_pageblock_flags {
    PA_PB_SKIP = 0x01,     /* compaction skip hint                              */
};

struct pa_pageblock {
    uint8_t mt;
    uint8_t flags;
};

/* Does zone z count pageblock number pb in nr_pageblocks? As the kernel's
   /proc/pagetypeinfo walk does (11.2): it visits zone_start_pfn, then every
   pageblock_nr_pages after it, skipping holes; a pageblock shared by two
   zones can be counted by both. */
bool pa_zone_counts_pageblock(const struct pa_zone *z, uint64_t pb);

/* Compaction state of a zone (pagealloc/compaction.h; V618 struct zone
   compact_* fields). Zero means "not started": the scanners begin at the zone's
   ends. */
struct pa_zone_compact {
    uint64_t cached_migrate_pfn[2]; /* [async, sync] migration scanner restart   */
    uint64_t cached_free_pfn;       /* free scanner restart                       */
    unsigned considered;            /* compact_considered                          */
    unsigned defer_shift;           /* compact_defer_shift, 0..6                   */
    int order_failed;               /* compact_order_failed                        */
    bool blockskip_flush;           /* a full pass ended: clear skip bits when
                                       kswapd goes to sleep                        */
    /* 5.1+ (profile compaction.reset_search): compact_init_migrate_pfn /
       compact_init_free_pfn, 0 at boot, set by __reset_isolation_suitable's
       search to the first blocks it found for each scanner: a run starting
       at or below init_migrate_pfn is a whole-zone one, a free scanner at or
       above init_free_pfn is at the start of its scan (fast search). */
    uint64_t init_migrate_pfn, init_free_pfn;
};

/* /proc/vmstat compact_* and pgmigrate_* counters of a machine. */
struct pa_compact_stats {
    uint64_t compact_migrate_scanned, compact_free_scanned, compact_isolated;
    uint64_t compact_stall, compact_fail, compact_success;
    uint64_t compact_daemon_wake, compact_daemon_migrate_scanned,
        compact_daemon_free_scanned;
    uint64_t pgmigrate_success, pgmigrate_fail;
};

enum pa_watermark { PA_WMARK_MIN = 0, PA_WMARK_LOW, PA_WMARK_HIGH, PA_WMARK_PROMO, PA_NR_WMARK };

struct pa_machine;

struct pa_zone {
    struct pa_machine *machine;
    int index;                  /* in machine->zones                            */
    int node;
    enum pa_zone_type type;
    const char *name;
    uint64_t start_pfn;         /* zone_start_pfn                               */
    uint64_t spanned;           /* end - start, holes included                  */
    uint64_t present;           /* spanned - holes                              */
    uint64_t managed;           /* present - boot reservations                  */
    uint64_t free_pages;        /* NR_FREE_PAGES: pages in the buddy lists      */
    struct pa_free_area free_area[PA_ORDER_CAP + 1];
    uint64_t nr_pageblocks[PA_MT_COUNT];
    /* Set by the era layers (profile.h); 0 until then. */
    uint64_t watermark[PA_NR_WMARK];
    uint64_t watermark_boost;
    uint64_t lowmem_reserve[PA_ZONE_TYPES];
    uint64_t nr_reserved_highatomic;
    uint64_t nr_free_cma;
    bool boosted_wakeup;        /* ZONE_BOOSTED_WATERMARK: wake kswapd after the
                                   allocation (5.0+)                            */
    struct pa_zone_compact compact; /* compaction (pagealloc/compaction.h)       */
    struct pa_lruvec *lruvec;   /* this zone's LRU lists: its own (< 4.8) or its
                                   node's (4.8+), lru.h                          */
    struct pa_lruvec zone_lruvec; /* storage for the per-zone case              */
};

static inline uint64_t pa_zone_end_pfn(const struct pa_zone *z)
{
    return z->start_pfn + z->spanned;
}

struct pa_node {
    int id;
    int nr_zones;
    struct pa_zone *zones[PA_ZONE_TYPES]; /* populated zones, low to high       */
    struct pa_lruvec lruvec;    /* the node's LRU lists (4.8+, lru.h)           */
    /* kswapd of this node (vmscan.h): woken with the largest order and class
       zone asked since it last slept (pgdat->kswapd_order / classzone). */
    struct pa_kswapd {
        bool awake;
        unsigned order;
        int classzone;
        unsigned failures;      /* fruitless runs in a row (4.8+: 16 = hopeless) */
    } kswapd;
    /* kcompactd of this node (4.6+, compaction.h): woken by kswapd with the
       largest order and highest zone asked since it last ran
       (pgdat->kcompactd_max_order / kcompactd_highest_zoneidx), and its
       proactive compaction's back-off (5.9+). */
    struct pa_kcompactd {
        bool awake;
        unsigned max_order;
        int highest_zoneidx;
        unsigned proactive_defer; /* check intervals to skip (64 after a run
                                     that did not lower the score)            */
    } kcompactd;
};

struct pa_page_ops;              /* pagealloc/pageops.h */
struct pa_event;                 /* pagealloc/events.h  */
typedef void (*pa_event_fn)(void *ctx, const struct pa_event *ev);

struct pa_machine {
    const struct pa_profile *profile;
    unsigned page_shift;
    unsigned max_order;            /* highest order (MAX_PAGE_ORDER), e.g. 10  */
    unsigned pageblock_order;
    uint64_t max_pfn;              /* pages[] covers pfns [0, max_pfn)          */
    struct pa_page *pages;
    struct pa_pageblock *pageblocks; /* indexed by pfn >> pageblock_order       */
    uint64_t nr_pageblocks;
    int nr_zones;
    struct pa_zone zones[PA_MAX_ZONES]; /* sorted by start_pfn                   */
    int nr_nodes;
    struct pa_node nodes[PA_MAX_NODES];
    bool mobility_disabled;        /* page_group_by_mobility_disabled: fewer pages
                                      than pageblock_nr_pages * MIGRATE_TYPES
                                      (V2632/V44/V618 build_all_zonelists)       */
    unsigned watermark_boost_factor; /* vm.watermark_boost_factor (5.0+: 15000)   */
    /* Set by pa_setup_per_zone_wmarks (watermark.h); 0 until it runs. */
    uint64_t min_free_kbytes;      /* vm.min_free_kbytes in effect                  */
    unsigned watermark_scale_factor; /* vm.watermark_scale_factor (4.6+: 10)        */
    char errmsg[192];              /* detail of the last error, "" if none      */
    uint64_t mem_bytes;            /* bytes the engine allocated for this machine */
    struct pa_pcp *pcp;            /* per-CPU page lists (pagealloc/pcp.h), NULL = none;
                                      owned by whoever called pa_pcp_create()      */
    /* The owner's reclaim / kswapd / OOM operations for the slow path
       (pagealloc/vmscan.h); NULL = none. */
    const struct pa_slowpath_ops *slowpath_ops;
    void *slowpath_ctx;
    unsigned swappiness;           /* vm.swappiness (60); 0..100 / 0..200 (5.8+)   */
    /* Compaction sysctls (compaction.h; set from the profile at creation):
       vm.compaction_proactiveness (5.9+: 20), vm.extfrag_threshold (500),
       vm.compact_unevictable_allowed (4.1+: 1; before, never). */
    unsigned compaction_proactiveness;
    unsigned extfrag_threshold;
    bool compact_unevictable_allowed;
    struct pa_compact_stats compact_stats; /* compaction and migration counters    */
    /* Page operations per kind, registered by the owners (pageops.h). */
    const struct pa_page_ops *page_ops[PA_KIND_COUNT];
    void *page_ops_ctx[PA_KIND_COUNT];
    /* The event callback (events.h); NULL = none, and no event costs anything. */
    pa_event_fn event_cb;
    void *event_ctx;
    /* The zonelist of each node (by index in nodes[]) as indexes into zones[],
       built by pa_alloc_pages on first use: zones and their managed counts do
       not change after pa_machine_create. zonelist_len[k] = length + 1, 0 =
       not built yet. */
    uint8_t zonelist[PA_MAX_NODES][PA_MAX_ZONES];
    uint8_t zonelist_len[PA_MAX_NODES];
    /* pfn -> zone (pa_pfn_to_zone), built by pa_machine_create: the pfns are
       cut into 256 spans of 2^zone_map_shift pages; zone_map[span] is 1 + the
       index in zones[] of the zone that holds the whole span, or 0 where
       zones share the span or none holds it (then the zones are searched). */
    uint8_t zone_map_shift;
    uint8_t zone_map[256];
    /* What pa_alloc_pages derives from a request's mask and node before the
       zonelist walk (its zone, migratetype, class zone, fast-path ALLOC flags
       and their context), kept for the last masks asked: a pure function of
       the mask, the node, the profile and mobility_disabled, all of which
       are in the key (page_alloc.c decode_request). */
    struct pa_alloc_decode {
        uint64_t gfp;
        const struct pa_profile *profile;
        int nid;
        bool valid, mobility_disabled;
        uint8_t highest, mt;
        int classzone;
        unsigned flags;
        uint8_t preferred_zone;    /* the pa_alloc_ctx fields the request sets */
        bool numa, dma32_populated;
    } alloc_decode[8];
};

/* ---- building a machine ---------------------------------------------------- */
struct pa_zone_config {
    int node;
    enum pa_zone_type type;
    uint64_t start_pfn, end_pfn;   /* [start, end)                              */
};

struct pa_range {
    uint64_t start_pfn, end_pfn;   /* [start, end)                              */
};

struct pa_machine_config {
    unsigned page_shift;           /* 0 means 12 (4 KiB pages)                  */
    unsigned max_order;            /* 0 means 10                                */
    unsigned pageblock_order;      /* 0 means 9                                 */
    const struct pa_profile *profile; /* NULL means pa_profile_default          */
    int nr_zones;
    struct pa_zone_config zones[PA_MAX_ZONES];
    int nr_holes;
    struct pa_range holes[PA_MAX_RANGES];
    int nr_reserved;
    struct pa_range reserved[PA_MAX_RANGES];
    /* Ask the host for transparent huge pages for the page array (Linux
       madvise MADV_HUGEPAGE, where the host's THP mode is "madvise" or
       "always"): a long simulation that uses most of the array takes one
       page fault per 2 MiB of it instead of 512, and far fewer TLB misses;
       but every 2 MiB of the array that is touched at all becomes resident,
       so a booted machine's array (one page struct written per free block)
       is resident whole. Off: 4 KiB pages, touched lazily. */
    bool page_array_thp;
};

/* Fill cfg with the default 2 GiB x86_64-like VM: DMA = pfn [1, 4096) with the
   BIOS hole [0x9f, 0x100), DMA32 = [4096, 524256), a small boot reservation. */
void pa_config_default_vm(struct pa_machine_config *cfg);
/* Convenience: append a zone / hole / reservation; PA_ENOSPC when full. */
int pa_config_add_zone(struct pa_machine_config *cfg, int node, enum pa_zone_type type,
                       uint64_t start_pfn, uint64_t end_pfn);
int pa_config_add_hole(struct pa_machine_config *cfg, uint64_t start_pfn, uint64_t end_pfn);
int pa_config_add_reserved(struct pa_machine_config *cfg, uint64_t start_pfn, uint64_t end_pfn);

/* Build a machine as a booted kernel leaves it: every page that is neither in
   a hole nor reserved is on the buddy lists in maximal aligned blocks, every
   pageblock MOVABLE. PA_EINVAL (with pa_machine_errmsg detail in *err_detail
   if non-NULL) for overlapping or empty zones, bad orders, ... */
int pa_machine_create(const struct pa_machine_config *cfg, struct pa_machine **out,
                      char *err_detail, size_t err_len);
void pa_machine_destroy(struct pa_machine *m);

/* Detail of the last failed call on m ("" if none). */
const char *pa_machine_errmsg(const struct pa_machine *m);

/* The populated zones (present > 0) in the order /proc prints them: nodes by
   id, each node's zones low to high. Returns how many were stored. */
int pa_machine_populated_zones(const struct pa_machine *m, const struct pa_zone **out, int max);

/* The zone holding pfn, or NULL (out of range, or between zones). */
struct pa_zone *pa_pfn_to_zone(struct pa_machine *m, uint64_t pfn);
static inline struct pa_page *pa_pfn_to_page(struct pa_machine *m, uint64_t pfn)
{
    return &m->pages[pfn];
}

/* ---- allocating and freeing -------------------------------------------------
 * pa_zone_alloc takes the smallest free block of order >= order on the list of
 * migratetype mt (the kernel's __rmqueue_smallest), splits it keeping the
 * lowest part and queues each upper half at the head of its list (expand).
 * It does no fallback to other migratetypes: that is era policy (profile.h).
 * PA_ENOMEM when no block qualifies. */
int pa_zone_alloc(struct pa_zone *z, unsigned order, enum pa_migratetype mt, uint64_t *pfn);

/* Free the block of 2^order pages at pfn (the kernel's __free_one_page): it
   is merged with free buddies up to max_order, never across a zone edge or a
   hole, and queued on the list of its pageblock's migratetype. Errors:
   PA_ERANGE, PA_EHOLE, PA_EORDER, PA_EALIGN, PA_EDOUBLEFREE, PA_EWRONGORDER,
   PA_ENOTHEAD, PA_ENOTALLOC; on error nothing changes. */
int pa_free_pages(struct pa_machine *m, uint64_t pfn, unsigned order);

/* Allocate exactly the block [pfn, pfn + 2^order) (all of it must be free),
   as trace replay and boot reservations need. The free blocks it overlaps are
   split around it; their other parts stay free. PA_EBUSY if a page is not
   free; mt is recorded as the requested migratetype. */
int pa_alloc_pfn(struct pa_machine *m, uint64_t pfn, unsigned order, enum pa_migratetype mt);

/* Allocate an arbitrary free range [start, end) as individually allocated
   order-0 pages (alloc_contig_range-like). PA_EBUSY if any page is not free. */
int pa_alloc_range(struct pa_machine *m, uint64_t start_pfn, uint64_t end_pfn,
                   enum pa_migratetype mt);

/* Is pfn in a free buddy block? If so, *head and *order describe the block. */
bool pa_pfn_is_free(struct pa_machine *m, uint64_t pfn, uint64_t *head, unsigned *order);

/* ---- pageblocks --------------------------------------------------------------- */
static inline struct pa_pageblock *pa_pfn_to_pageblock(struct pa_machine *m, uint64_t pfn)
{
    return &m->pageblocks[pfn >> m->pageblock_order];
}
enum pa_migratetype pa_pageblock_migratetype(struct pa_machine *m, uint64_t pfn);
/* Set the migratetype of the pageblock holding pfn (set_pageblock_migratetype);
   keeps the zone's per-type pageblock counts. Free pages are not moved. */
void pa_set_pageblock_migratetype(struct pa_machine *m, uint64_t pfn, enum pa_migratetype mt);
/* Move every free block that starts inside the pageblock of pfn (and inside
   its zone) to the lists of mt (move_freepages_block). Returns pages moved. */
uint64_t pa_move_freepages_block(struct pa_machine *m, uint64_t pfn, enum pa_migratetype mt);

/* ---- free-list primitives for the era layers ---------------------------------
 * Take a specific free block off its list / put one on a list. They keep every
 * counter; they do not merge. tail selects tail insertion. */
void pa_free_list_del(struct pa_zone *z, uint64_t pfn);
void pa_free_list_add(struct pa_zone *z, uint64_t pfn, unsigned order, enum pa_migratetype mt,
                      bool tail);
/* Split a block of order `high` at pfn (already off its list) down to `low`,
   queueing the upper halves on mt's lists (the kernel's expand()). */
void pa_expand(struct pa_zone *z, uint64_t pfn, unsigned low, unsigned high,
               enum pa_migratetype mt);
/* Mark the block at pfn as allocated at order for migratetype mt. */
void pa_mark_allocated(struct pa_zone *z, uint64_t pfn, unsigned order, enum pa_migratetype mt);

/* ---- checking ------------------------------------------------------------------
 * Verify every invariant: free blocks aligned, inside one zone, no page in two
 * blocks, list membership equal to page state, no two free buddies of the
 * same order left unmerged, nr_free / free_pages / pageblock counts correct.
 * Returns 0 or PA_ECORRUPT with a description of the first violation in msg.
 * O(pages): for tests and debug builds. */
int pa_machine_check(const struct pa_machine *m, char *msg, size_t len);

/* Pages of the zone held in free blocks of order >= order (scans nr_free). */
uint64_t pa_zone_free_at_or_above(const struct pa_zone *z, unsigned order);

#ifdef __cplusplus
}
#endif
#endif
