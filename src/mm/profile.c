/*
 * profile.c - the table of kernel-era profiles and the choice of one from a
 * version string (pagealloc/profile.h).
 *
 * Each profile is a const struct pa_profile holding the era's rules as data,
 * for every subsystem: the allocator (top-level fields), per-CPU lists, slab,
 * the kernel's own memory, reclaim, compaction and the text formats (mm.h).
 * This is the only place where a kernel version becomes rules: the engine,
 * the simulator and the printers all read the machine's profile. A profile
 * starts at the first release where any modelled rule changed, so the table
 * is a list of rule changes; the macros below are groups of fields
 * that travel together (buddy rules, migratetype order, watermark setup ...)
 * and never overlap, so every field is set exactly once per profile. Section
 * numbers refer to kernel-semantics.md; docs/profiles.md has the same table
 * in prose with the versions each boundary rests on (verified in a tree, or
 * UNVERIFIED as the spec marks it).
 *
 * Version strings are parsed leniently (`uname -r` forms, bare "4.14"); the
 * result is deterministic and explained in the warning when a guess was made.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/gfp.h"
#include "pagealloc/profile.h"

/* ---- field groups --------------------------------------------------------------- */

/* Migratetype list order (5.2): <= 4.3 U E M R (C) I; 4.4+ U M E H (C) I.
   CONFIG_CMA is off in these profiles (no CMA row in /proc/pagetypeinfo, as on
   the live 6.18 machine and most x86 distribution kernels of the older eras). */
#define MT_OLD                                                                             \
    .nr_mt = 5, .has_reserve = true, .has_highatomic = false, .has_cma = false,            \
    .mt_order = {PA_MT_UNMOVABLE, PA_MT_RECLAIMABLE, PA_MT_MOVABLE, PA_MT_RESERVE,         \
                 PA_MT_ISOLATE}
#define MT_NEW                                                                             \
    .nr_mt = 5, .has_reserve = false, .has_highatomic = true, .has_cma = false,            \
    .mt_order = {PA_MT_UNMOVABLE, PA_MT_MOVABLE, PA_MT_RECLAIMABLE, PA_MT_HIGHATOMIC,      \
                 PA_MT_ISOLATE}

/* Buddy freeing (4.3): head only and merge anything (2.6.32); the tail
   heuristic from 2.6.36 (spec: 2.6.35/36 UNVERIFIED) with the isolate merge
   check; boot memory to the tail from 5.10; 6.3+ the mergeable-types check. */
#define BUDDY_2632                                                                         \
    .merge_tail_heuristic = false,                                                         \
    .boot_free_to_tail = false,                                                            \
    .move_freepages_to_tail = false,                                                       \
    .merge_check = PA_MERGE_ANY
#define BUDDY_3X                                                                           \
    .merge_tail_heuristic = true,                                                          \
    .boot_free_to_tail = false,                                                            \
    .move_freepages_to_tail = false,                                                       \
    .merge_check = PA_MERGE_NO_ISOLATE
#define BUDDY_510                                                                          \
    .merge_tail_heuristic = true,                                                          \
    .boot_free_to_tail = true,                                                             \
    .move_freepages_to_tail = true,                                                        \
    .merge_check = PA_MERGE_NO_ISOLATE
#define BUDDY_63                                                                           \
    .merge_tail_heuristic = true,                                                          \
    .boot_free_to_tail = true,                                                             \
    .move_freepages_to_tail = true,                                                        \
    .merge_check = PA_MERGE_MERGEABLE

/* lowmem_reserve_ratio defaults (1.4), indexed DMA, DMA32, Normal, HighMem,
   Movable, Device. <= 4.18: HighMem 32 (used as the lower zone of Movable);
   ratio < 1 is clamped to 1. 4.19+: HighMem/Movable 0 = off. */
#define LOWMEM_OLD                                                                         \
    .lowmem_reserve_ratio = {256, 256, 32, 32, 0, 0}, .lowmem_ratio_zero_off = false,      \
    .lowmem_empty_zone_zero = false
#define LOWMEM_419                                                                         \
    .lowmem_reserve_ratio = {256, 256, 32, 0, 0, 0}, .lowmem_ratio_zero_off = true,        \
    .lowmem_empty_zone_zero = false
#define LOWMEM_510                                                                         \
    .lowmem_reserve_ratio = {256, 256, 32, 0, 0, 0}, .lowmem_ratio_zero_off = true,        \
    .lowmem_empty_zone_zero = true

/* The watermark check (3.1 - 3.4). CHECK_44: ALLOC_HARDER passes the order
   scan on any non-empty free_area (read in a 4.4.155 and a 4.9-era tree);
   CHECK_B: only on a HIGHATOMIC list (4.14 tree); the switch is placed at
   4.13 (UNVERIFIED, see docs/kernel-notes.md). */
#define CHECK_LOOP(adj)                                                                    \
    .wmark_rule = PA_WMARK_RULE_LOOP, .wmark_order_adjust = (adj),                         \
    .wmark_highatomic = PA_HA_COUNT_NONE, .wmark_harder_any_block = false,                 \
    .wmark_fast_order0 = false
#define CHECK_RHEL6                                                                        \
    .wmark_rule = PA_WMARK_RULE_LOOP_RHEL6, .wmark_order_adjust = 1,                       \
    .wmark_highatomic = PA_HA_COUNT_NONE, .wmark_harder_any_block = false,                 \
    .wmark_fast_order0 = false
#define CHECK_ANY(any_block, fast0)                                                        \
    .wmark_rule = PA_WMARK_RULE_ANY_BLOCK, .wmark_order_adjust = -1,                       \
    .wmark_highatomic = PA_HA_COUNT_RESERVED, .wmark_harder_any_block = (any_block),       \
    .wmark_fast_order0 = (fast0)
#define CHECK_C(count)                                                                     \
    .wmark_rule = PA_WMARK_RULE_RESERVES, .wmark_order_adjust = -1,                        \
    .wmark_highatomic = PA_HA_COUNT_##count, .wmark_harder_any_block = false,              \
    .wmark_fast_order0 = true

/* Output formats of failure reports (6.5, 11.4) and the GFP layout (10). */
#define OUT(layout, names_in_header, hdr, letters)                                         \
    .gfp = &pa_gfp_layout_##layout, .text.gfp_names_in_header = (names_in_header),         \
    .text.header = PA_HEADER_##hdr, .text.buddy_letters = (letters)
/* ALLOC flags (3.5) and the class zone of lowmem_reserve (1.4). Each rule
   selector brings the named rules that changed with it: ALLOC_OOM and the
   reserve flag replacing the others (4.14, read in 4.14.177), ALLOC_KSWAPD in
   the slow path (5.0), the HIGHATOMIC reserve keyed on ALLOC_HIGHATOMIC (6.3,
   2.4). */
#define AR_OLD .alloc_oom = false, .reserve_flags_replace = false, .slow_kswapd_flag = false
#define AR_2632 AR_OLD
#define AR_RHEL6 AR_OLD
#define AR_3X AR_OLD
#define AR_44 AR_OLD
#define AR_414 .alloc_oom = true, .reserve_flags_replace = true, .slow_kswapd_flag = false
#define AR_50 .alloc_oom = true, .reserve_flags_replace = true, .slow_kswapd_flag = true
#define AR_63 AR_50, .highatomic_by_alloc_highatomic = true
#define ALLOCF(rule, cpuset, fair, nofragment, ha_needs_high, cz)                           \
    .alloc_rule = PA_ALLOC_RULE_##rule, AR_##rule, .fast_cpuset = (cpuset),                \
    .fast_fair = (fair), .fast_nofragment = (nofragment),                                   \
    .highatomic_needs_high = (ha_needs_high), .classzone = PA_CLASSZONE_##cz
/* Watermark setup (2.1, 2.2): zone size, min_free_kbytes clamp, split, THP count. */
#define SETUP(present, kbytes_max, split, thp_lowmem_only)                                 \
    .wmark_use_present = (present), .min_free_kbytes_max = (kbytes_max),                   \
    .wmark_split = PA_SPLIT_##split, .thp_lowmem_zones_only = (thp_lowmem_only)
/* Reserves and boost (2.3, 2.4), fallback (5.4), pagetypeinfo cap (11.2).
   Boost exists exactly when the era has a default boost factor (5.0+). Each
   fallback rule brings the CMA rules of its era (V44 __rmqueue_cma_fallback;
   V515/V618 __rmqueue's CMA-first balance) and, 6.15+, the HIGHATOMIC list
   as the last resort of OOM and non-blocking requests (V618 rmqueue_buddy). */
#define FB_OLD .cma_first_over_half = false, .cma_fallback = PA_CMA_FALLBACK_NONE
#define FB_2632 FB_OLD
#define FB_310 FB_OLD
#define FB_3X FB_OLD
#define FB_44 .cma_first_over_half = false, .cma_fallback = PA_CMA_FALLBACK_ALWAYS
#define FB_413 .cma_first_over_half = true, .cma_fallback = PA_CMA_FALLBACK_ALLOC_CMA
#define FB_615 FB_413, .highatomic_oom_nonblock = true
#define RESV(ha_limit, boost_factor, fallback_rule, split_to_block, cap)                   \
    .highatomic_limit = PA_HA_LIMIT_##ha_limit, .boost_factor_default = (boost_factor),    \
    .boost = (boost_factor) != 0, .fallback = PA_FALLBACK_##fallback_rule,                 \
    FB_##fallback_rule, .split_to_block_type = (split_to_block),                           \
    .text.pagetypeinfo_cap = (cap)

/* Per-CPU lists (4.4) and the slab allocator (9). */
#define PCP(e) .pcp.era = PA_PCP_##e
#define SLAB(k) .slab.kind = PA_SLAB_##k
/* Reclaim and compaction (6.4, 7.5, 8): node-based LRU from 4.8; the OOM
   killer skips !__GFP_FS requests before 5.0; kcompactd from 4.6; direct
   compaction needs __GFP_FS through the 4.13 profile. */
/* /proc/vmstat's reclaim names (mm.h enum pa_vmstat_names): per zone with
   pgsteal_<zone> and kswapd_steal up to 3.4, split into pgsteal_kswapd_<zone>
   / pgsteal_direct_<zone> from 3.5 (Ying Han, "mm: fix up the vmscan stat in
   vmstat", posted to linux-mm on 2012-04-12 during 3.4-rc, so 3.5: the merge
   release is UNVERIFIED; placed at the 3.3 profile, which spans 3.3 - 3.11),
   node-wide with allocstall_<zone> from 4.8 ("mm, vmscan: move LRU lists to
   node" and "mm: vmstat: account per-zone stalls and pages skipped during
   reclaim", 4.8; a live 6.18 prints them so); oom_kill from 4.13. RHEL 6
   keeps 2.6.32's names (UNVERIFIED: no RHEL 6 vmstat among the project's
   captures). */
/* 4.8 (node-LRU series, "mm, vmscan: remove balance gap"): set with the 4.8
   profile, the first with per-node LRUs. */
#define NOGAP .reclaim.no_balance_gap = true
#define RECLAIM(per_node, oom_fs, vm, oomk)                                                \
    .reclaim.lru_per_node = (per_node), .reclaim.oom_needs_gfp_fs = (oom_fs),             \
    .reclaim.vmstat = PA_VMSTAT_##vm, .reclaim.vmstat_oom_kill = (oomk)
/* The anon / file scan balance (mm.h enum pa_scan_balance): the rotation
   ratios of get_scan_ratio up to 3.7 (read in 2.6.32-642.6.2.el6; the 3.3
   profile spans 3.3 - 3.11 and keeps them: UNVERIFIED for 3.8 - 3.11),
   "scan file only while the inactive file list is large enough" from 3.8
   (placed at 3.12), the cost model of "mm: balance LRU lists based on
   relative thrashing" from 5.8. ROTATION is the zero value. */
#define BAL(b) .reclaim.scan_balance = PA_BALANCE_##b
#define COMPACT(kcd, fs) .compaction.kcompactd = (kcd), .compaction.needs_gfp_fs = (fs)
/* 4.17 (David Rientjes, "mm, page_alloc: wakeup kcompactd even if kswapd
   cannot free more memory" and "mm, compaction: drain pcps for zone when
   kcompactd fails", both in the 4.17 merge's shortlog): set from the 4.19
   profile (4.15's spans 4.17). */
#define KCD_BALANCED .compaction.kcompactd_when_balanced = true
/* 5.1 (Mel Gorman's compaction series, merged for 5.1: "mm, compaction: use
   free lists to quickly locate a migration source" and "... a migration
   target"; V618 mm/compaction.c fast_find_migrateblock,
   fast_isolate_freepages): set from the 5.1 profile. The same series made the
   cached scanner pfns follow every block scanned ("mm, compaction: keep
   migration source private to a single compaction instance", e380bebe4771,
   and the free scanner's skip update moved to isolate_freepages):
   cache_per_block. Two more of the series: "mm, compaction: reduce premature
   advancement of the migration target scanner" moved the free scanner's skip
   update to isolate_freepages, where every block scanned to its end gets
   the bit (update_pageblock_skip no longer tests nr_isolated nor
   ignore_skip_hint): skip_scanned; e332f741a8dd "mm, compaction: be
   selective about what pageblocks to clear skip hints" (its fixes are
   tagged "stable v5.1+") made __reset_isolation_suitable search from both
   ends and added compact_init_migrate_pfn / compact_init_free_pfn:
   reset_search. */
#define FAST_SEARCH .compaction.fast_search = true, .compaction.cache_per_block = true,     \
                    .compaction.skip_scanned = true, .compaction.reset_search = true
/* Vlastimil Babka, "mm, compaction: skip blocks where isolation fails in
   async direct compaction" (V618 isolate_migratepages_block skip_on_failure;
   it is in a 4.7-era copy read, the 4.6 release is UNVERIFIED): set from
   the 4.6 profile. */
#define SKIP_ON_FAILURE .compaction.skip_on_failure = true
/* Async compaction's source blocks (spec 7.1): V316 and V44
   migrate_async_suitable - every async run scans MOVABLE / CMA blocks only,
   whatever the request - until Vlastimil Babka's "mm, compaction: restrict
   async compaction to pageblocks of same migratetype" (its merge shortlog
   carries 4.12's memalloc_noreclaim_save: 4.12, UNVERIFIED) gave the V618
   rule (async direct compaction: blocks of the request's migratetype).
   Set for the mainline 3.3 - 4.11 profiles; the first release with the
   MOVABLE-only rule (3.2 - 3.5) is UNVERIFIED, and the 2.6.36 - 3.2 and
   RHEL 6 profiles keep the engine's V618 rule (UNVERIFIED for them). */
#define ASYNC_MOVABLE .compaction.async_movable_only = true
/* When compact_stall counts (enum pa_compact_stall_rule, its sources there):
   every call up to 4.3, only runs 4.4 - 5.0, every call 5.1 - 5.13, all but
   skipped ones from 5.14. */
#define STALL(r) .compaction.stall = PA_STALL_##r
/* 6.10 (Zi Yan, "mm/compaction: enable compacting >0 order folios"): the
   migration scanner isolates large folios below pageblock order and
   compaction_alloc gives each a target of its order; before, every compound
   page was skipped (V66 isolate_migratepages_block: PageCompound ->
   isolate_fail unless alloc_contig). Set from the 6.10 profile. */
#define FOLIOS .compaction.large_folios = true
/* Compaction rules (7; src/mm/compaction.c): none in vanilla 2.6.32 (it
   arrived in 2.6.35, folded here into the 2.6.32 profile whose last version
   is 2.6.35: UNVERIFIED for 2.6.35 itself), backported into RHEL 6 (spec 7:
   RHEL6 mm/compaction.c, the 3.x rules); compaction_suitable per 7.3 (V316
   rule up to 4.3, V44 rule 4.4-6.2, V618 rule 6.3+: the 6.3 boundary is
   UNVERIFIED); proactive compaction from 5.9 (7.5: the profile that starts
   before 5.9 and covers it is left without). */
/* vm.compact_unevictable_allowed arrived in 4.1 ("mm: allow compaction of
   unevictable pages", commit id and release UNVERIFIED): set
   with the V44 and V618 rules, i.e. from the 4.4 profile (3.15 spans 4.1). */
#define COMPACT_RULES(r, pro)                                                              \
    .compaction.rule = PA_COMPACT_##r, .compaction.proactive = (pro),                      \
    .compaction.unevictable_sysctl = PA_COMPACT_##r == PA_COMPACT_44 ||                    \
                                     PA_COMPACT_##r == PA_COMPACT_6X

/* What a machine of the era looks like beyond the allocator: sizeof(struct
   page) and a task's kernel stack (mm.h, struct pa_profile_kernel), and the
   layouts of /proc/zoneinfo, /proc/meminfo and `free` (11.3). First releases
   are UNVERIFIED unless named: MemAvailable 3.14 (commit 34e431b0ae39), and
   procps-ng's `free` taken with it; zoneinfo's per-node block 4.8 (node-based
   LRU), unpopulated zones 4.12, the 6.x block 6.0, high_min/high_max 6.7
   (V618); bracketed by V2632 / V316 / V414 / a live 6.18. */
#define KMEM(page, st_order, st_blocks)                                                    \
    .kernel.page_struct_bytes = (page), .kernel.stack_order = (st_order),                  \
    .kernel.stack_blocks = (st_blocks)
#define TEXT(zi, managed, empty, high_max, free_style, memavail)                           \
    .text.zoneinfo = PA_ZONEINFO_##zi, .text.zoneinfo_managed = (managed),                \
    .text.zoneinfo_empty_zones = (empty), .text.zoneinfo_high_max = (high_max),            \
    .text.free = PA_FREE_STYLE_##free_style, .text.memavailable = (memavail)
/* The hugetlb pool's GFP mask (mm.h pa_profile_kernel.hugetlb_movable):
   movable from 3.12 (commit 86cdb465cf3a, in the 3.12 merge), so from the
   3.12 profile (SYS_312 on). */
#define HTLB_MOVABLE .kernel.hugetlb_movable = true
#define SYS_2632 KMEM(56, 1, 1), TEXT(LEGACY, false, false, false, PROCPS3, false)
#define SYS_30 KMEM(64, 1, 1), TEXT(LEGACY, true, false, false, PROCPS3, false)
#define SYS_312 SYS_30, HTLB_MOVABLE
#define SYS_314 KMEM(64, 1, 1), TEXT(LEGACY, true, false, false, PROCPS_NG, true), HTLB_MOVABLE
#define SYS_315 KMEM(64, 2, 1), TEXT(LEGACY, true, false, false, PROCPS_NG, true), HTLB_MOVABLE
#define SYS_48 KMEM(64, 2, 1), TEXT(48, true, false, false, PROCPS_NG, true), HTLB_MOVABLE
#define SYS_49 KMEM(64, 0, 4), TEXT(48, true, false, false, PROCPS_NG, true), HTLB_MOVABLE
#define SYS_412 KMEM(64, 0, 4), TEXT(48, true, true, false, PROCPS_NG, true), HTLB_MOVABLE
#define SYS_60 KMEM(64, 0, 4), TEXT(6X, true, true, false, PROCPS_NG, true), HTLB_MOVABLE
#define SYS_67 KMEM(64, 0, 4), TEXT(6X, true, true, true, PROCPS_NG, true), HTLB_MOVABLE

/* The slow path, reclaim and OOM (6.2 - 6.4, 8) and the layout of their
   reports (6.5, 11.4), issue 10. Boundaries: compaction 2.6.35 (RHEL6
   backport), should_reclaim_retry 4.7 (placed at the 4.8 profile), lumpy
   reclaim until 2.6.37 on COMPACTION builds (see rc below), "CPU: PID: Comm:" stack
   header 3.10 (placed at 3.12: the 3.3 profile spans 3.10). The OOM badness
   rule (vmscan.h pa_oom_badness_era): badness() on total_vm up to 2.6.35
   (V2632), oom_badness 0..1000 from 2.6.36 (the oom_score_adj rewrite; in
   V30), unnormalised pages with oom_score_adj scaled by totalpages/1000 from
   3.7 (commit "mm, oom: normalize oom scores to oom_score_adj scale only for
   userspace"; placed at the 3.3 profile, which spans 3.3 - 3.11: UNVERIFIED
   for 3.3 - 3.6), the root bonus removed in 4.17 (placed at 4.19: the 4.15
   profile spans 4.15 - 4.18). RHEL 6 backported the rewrite (its OOM reports
   print "oom_adj=N, oom_score_adj=N" and "score N or sacrifice child";
   CentOS 6.7's sshd shows oom_score 0 / 1, the 0..1000 scale); the first
   RHEL 6 release with it is UNVERIFIED. A child dies in the victim's place
   up to 5.0 (pa_oom_child_rule; removed in 5.1 by commit bbbe48029720).
   rc (high-order reclaim): 0 lumpy or plain order-0 reclaim; 1
   reclaim/compaction (order-0 reclaim until compaction can run); 2 the same
   and kswapd compacts each zone it shrank (compact_zone_order). Mainline
   got reclaim/compaction with CONFIG_COMPACTION in 2.6.38 (commit
   3e7d34497067 "mm: vmscan: reclaim order-0 and use compaction instead of
   lumpy reclaim", which also made balance_pgdat call compact_zone_order;
   x86_64 distribution kernels set COMPACTION, THP selects it), lumpy reclaim
   stayed only for !COMPACTION builds and went in 3.5 (commit c53919adc045
   "mm: vmscan: remove lumpy reclaim"): so 2.6.38 - 3.4 have lumpy off here.
   kswapd's own compaction (mm.h enum pa_kswapd_compact): 2.6.38 compacted
   each zone it shrank (3e7d34497067 and 5a03b051 "thp: use compaction in
   kswapd for GFP_ATOMIC order > 0"), reverted in 2.6.39 by d527caf22e48
   "mm: compaction: prevent kswapd compacting memory to reduce CPU usage"
   (tagged for 2.6.38.1 stable; the 2.6.38 profile spans 2.6.39 and keeps
   it), so the 3.0 profile (3.0 - 3.2) has none; 7be62de99adc "vmscan:
   kswapd carefully call compaction" (Rik van Riel, in -mm in February
   2012, so 3.4; compact_pgdat at the end of balance_pgdat, read in a 3.4.y
   tree) is placed at the 3.3 profile (3.3 - 3.11; 3.3 itself had none);
   Mel Gorman's 3.11 kswapd series moved it into each balance pass (rc 4,
   from the 3.12 profile), until 4.6's kcompactd (accf62422b3a). rc: 2
   per-zone compaction, 3 compact_pgdat at the end, 4 per pass. RHEL 6
   -642 has the per-zone form (read in 2.6.32-642.6.2.el6). Direct
   reclaim/compaction (rc 1) stays in every later profile: V44 and V618
   mm/vmscan.c keep in_reclaim_compaction, should_continue_reclaim and
   compaction_ready (4.8+ without the balance gap: NOGAP). */
#define SLOW(rep, compact, srr, nofail_first, skip_lowmem, needs_fs, skip_mayfail, lumpy, kswapd_rule, oom_after, bad, oom_child_none, rc) \
    .slowpath = {.report = PA_REPORT_##rep, .direct_compaction = (compact),                \
                 .compact_each_retry = (srr), .should_reclaim_retry = (srr),               \
                 .nofail_retries_first = (nofail_first), .oom_skip_lowmem = (skip_lowmem), \
                 .oom_needs_fs = (needs_fs), .oom_skip_retry_mayfail = (skip_mayfail),    \
                 .lumpy_reclaim = (lumpy), .kswapd = PA_KSWAPD_##kswapd_rule,             \
                 .oom_after_retry = (oom_after), .badness = PA_BADNESS_##bad,    \
                 .oom_child = (PA_BADNESS_##bad == PA_BADNESS_2632 ? PA_OOM_CHILD_FIRST      \
                               : (oom_child_none) ? PA_OOM_CHILD_NONE : PA_OOM_CHILD_LARGEST), \
                 .reclaim_compaction = (rc) >= 1, .kswapd_rhel6 = (rc) == 2,              \
                 .kswapd_compact = (rc) == 2   ? PA_KSWAPD_COMPACT_ZONE                   \
                                   : (rc) == 3 ? PA_KSWAPD_COMPACT_PGDAT_END              \
                                   : (rc) == 4 ? PA_KSWAPD_COMPACT_PGDAT                  \
                                               : PA_KSWAPD_COMPACT_NONE}

/* The NUMA zonelist order (enum pa_zonelist_order): default_zonelist_order's
   heuristic up to 3.15 (V2632 mm/page_alloc.c; the lowmem-only-node rule
   from 2.6.35, UNVERIFIED release), node order on 64-bit from 3.16 (the 3.15
   profile covers 3.15 - 4.3 and takes node order: 3.15 itself differs).
   RHEL 6 keeps 2.6.32's heuristic (whether it took the 2.6.35 rule is
   UNVERIFIED; it matters only for a node without a Normal zone). */
#define ZONELIST(o) .zonelist_order = PA_ZONELIST_##o

/* The OOM report's task table (mm.h enum pa_oom_table): 4.0 - 4.3 sit in
   the 3.15 profile (3.15 - 4.3), which prints the 3.x table. */
#define OOMTAB(t) .text.oom_table = PA_OOM_TABLE_##t

/* Identity and the output formats of the era. Failure header and buddy-line
   letters (6.5, 11.4): 2.6.38 still printed "failure. order:" and no
   letters (github.com/openzfs/zfs/issues/325, 2.6.38-10-server); 3.1 prints
   "failure: order:" (openzfs/zfs#465, 3.1.1). Letters from 3.3 are assumed
   (verified in 3.10 and 3.16 only). */
#define ERA(nm, first, last, sum)                                                          \
    .name = (nm), .first_version = (first), .last_version = (last), .summary = (sum),      \
    .max_order = 10

/* ---- the profiles (oldest first) ---------------------------------------------- */

static const struct pa_profile p_2632 = {
    ZONELIST(AUTO_2632),
    ERA("2.6.32", "2.6.24", "2.6.35",
        "iterative watermark loop with 2^order-1, MIGRATE_RESERVE, !__GFP_WAIT is atomic"),
    MT_OLD, BUDDY_2632, LOWMEM_OLD, CHECK_LOOP(-1),
    OUT(2632, false, 2632, false),
    ALLOCF(2632, true, false, false, false, PREFERRED),
    SETUP(true, 65536, QUARTER, false),
    RESV(NONE, 0, 2632, false, 0),
    PCP(2632), SLAB(SLUB), SYS_2632, RECLAIM(false, true, ZONE_2632, false), COMPACT(false, true), COMPACT_RULES(NONE, false),
    SLOW(2632, false, false, false, false, true, false, true, 2632, false, 2632, false, 0),
    OOMTAB(2632),
};

static const struct pa_profile p_2636 = {
    ZONELIST(AUTO_2635),
    ERA("2.6.36", "2.6.36", "2.6.37",
        "as 2.6.32 but the watermark adjustment is 2^order+1 (off-by-two), tail heuristic"),
    MT_OLD, BUDDY_3X, LOWMEM_OLD, CHECK_LOOP(+1),
    OUT(2632, false, 2632, false),
    ALLOCF(2632, true, false, false, false, PREFERRED),
    SETUP(true, 65536, QUARTER, false),
    RESV(NONE, 0, 2632, false, 0),
    PCP(2632), SLAB(SLUB), SYS_2632, RECLAIM(false, true, ZONE_2632, false), COMPACT(false, true), COMPACT_RULES(3X, false),
    SLOW(2636, true, false, false, false, true, false, true, 2632, false, 2636, false, 0),
    OOMTAB(2636),
};

static const struct pa_profile p_2638 = {
    ZONELIST(AUTO_2635),
    ERA("2.6.38", "2.6.38", "2.6.39",
        "2^order+1 adjustment; __GFP_NO_KSWAPD (THP) joins the atomic test; 3.x GFP layout"),
    MT_OLD, BUDDY_3X, LOWMEM_OLD, CHECK_LOOP(+1),
    OUT(3x, false, 2632, false),
    ALLOCF(3X, true, false, false, false, PREFERRED),
    SETUP(true, 65536, QUARTER, false),
    RESV(NONE, 0, 2632, false, 0),
    PCP(2632), SLAB(SLUB), SYS_2632, RECLAIM(false, true, ZONE_2632, false), COMPACT(false, true), COMPACT_RULES(3X, false),
    SLOW(2636, true, false, false, false, true, false, false, 2632, false, 2636, false, 2),
    OOMTAB(2636),
};

static const struct pa_profile p_30 = {
    ZONELIST(AUTO_2635),
    ERA("3.0", "3.0", "3.2",
        "as 2.6.38; sizeof(struct page) 64, zoneinfo prints managed (sim; UNVERIFIED first release)"),
    MT_OLD, BUDDY_3X, LOWMEM_OLD, CHECK_LOOP(+1),
    OUT(3x, false, 2632, false),
    ALLOCF(3X, true, false, false, false, PREFERRED),
    SETUP(true, 65536, QUARTER, false),
    RESV(NONE, 0, 2632, false, 0),
    PCP(2632), SLAB(SLUB), SYS_30, RECLAIM(false, true, ZONE_2632, false), COMPACT(false, true), COMPACT_RULES(3X, false),
    SLOW(2636, true, false, true, true, true, false, false, 3X, false, 2636, false, 1),
    OOMTAB(2636),
};

static const struct pa_profile p_33 = {
    ZONELIST(AUTO_2635),
    ERA("3.3", "3.3", "3.11",
        "off-by-two fixed (2^order-1); managed pages; CMA subtraction (3.5+)"),
    MT_OLD, BUDDY_3X, LOWMEM_OLD, CHECK_LOOP(-1),
    OUT(3x, false, 3X, true),
    ALLOCF(3X, true, false, false, false, PREFERRED),
    SETUP(false, 65536, QUARTER, false),
    RESV(NONE, 0, 310, false, 0),
    PCP(2632), SLAB(SLUB), SYS_30, RECLAIM(false, true, ZONE, false), COMPACT(false, true), ASYNC_MOVABLE, COMPACT_RULES(3X, false),
    SLOW(33, true, false, true, true, true, false, false, 3X, false, 37, false, 3),
    OOMTAB(33),
};

static const struct pa_profile p_312 = {
    ZONELIST(AUTO_2635),
    ERA("3.12", "3.12", "3.13",
        "as 3.3 plus the fair zone allocation policy (ALLOC_FAIR)"),
    MT_OLD, BUDDY_3X, LOWMEM_OLD, CHECK_LOOP(-1),
    OUT(3x, false, 3X, true),
    ALLOCF(3X, true, true, false, false, PREFERRED),
    SETUP(false, 65536, QUARTER, false),
    RESV(NONE, 0, 3X, false, 0),
    PCP(2632), SLAB(SLUB), SYS_312, BAL(FILE_FIRST), RECLAIM(false, true, ZONE, false), COMPACT(false, true), ASYNC_MOVABLE, COMPACT_RULES(3X, false),
    SLOW(310, true, false, true, true, true, false, false, 3X, false, 37, false, 4),
    OOMTAB(33),
};

static const struct pa_profile p_314 = {
    ZONELIST(AUTO_2635),
    ERA("3.14", "3.14", "3.14",
        "MemAvailable in /proc/meminfo; procps-ng `free` layout"),
    MT_OLD, BUDDY_3X, LOWMEM_OLD, CHECK_LOOP(-1),
    OUT(3x, false, 3X, true),
    ALLOCF(3X, true, true, false, false, PREFERRED),
    SETUP(false, 65536, QUARTER, false),
    RESV(NONE, 0, 3X, false, 0),
    PCP(2632), SLAB(SLUB), SYS_314, BAL(FILE_FIRST), RECLAIM(false, true, ZONE, false), COMPACT(false, true), ASYNC_MOVABLE, COMPACT_RULES(3X, false),
    SLOW(310, true, false, true, true, true, false, false, 3X, false, 37, false, 4),
    OOMTAB(33),
};

static const struct pa_profile p_315 = {
    ERA("3.15", "3.15", "4.3",
        "16 KiB (order-2) kernel stacks"),
    MT_OLD, BUDDY_3X, LOWMEM_OLD, CHECK_LOOP(-1),
    OUT(3x, false, 3X, true),
    ALLOCF(3X, true, true, false, false, PREFERRED),
    SETUP(false, 65536, QUARTER, false),
    RESV(NONE, 0, 3X, false, 0),
    PCP(2632), SLAB(SLUB), SYS_315, BAL(FILE_FIRST), RECLAIM(false, true, ZONE, false), COMPACT(false, true), ASYNC_MOVABLE, COMPACT_RULES(3X, false),
    SLOW(310, true, false, true, true, true, false, false, 3X, false, 37, false, 4),
    OOMTAB(33),
};

static const struct pa_profile p_44 = {
    ERA("4.4", "4.4", "4.4",
        "order-0 check + any suitable block; HIGHATOMIC on demand; __GFP_ATOMIC; U M E H"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_ANY(true, false),
    OUT(440, false, 3X, true),
    ALLOCF(44, true, true, false, false, PREFERRED),
    SETUP(false, 65536, QUARTER, false),
    RESV(PLUS_BLOCK, 0, 44, false, 0),
    PCP(2632), SLAB(SLUB), SYS_315, BAL(FILE_FIRST), RECLAIM(false, true, ZONE, false), COMPACT(false, true), STALL(RAN), ASYNC_MOVABLE, COMPACT_RULES(44, false),
    SLOW(44, true, false, true, true, true, false, false, 3X, true, 37, false, 4),
    OOMTAB(40),
};

static const struct pa_profile p_45 = {
    ERA("4.5", "4.5", "4.5",
        "failure header prints the flag names (%pGg); __GFP_ACCOUNT replaces __GFP_NOACCOUNT"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_ANY(true, false),
    OUT(44, true, 45, true),
    ALLOCF(44, true, true, false, false, PREFERRED),
    SETUP(false, 65536, QUARTER, false),
    RESV(PLUS_BLOCK, 0, 44, false, 0),
    PCP(2632), SLAB(SLUB), SYS_315, BAL(FILE_FIRST), RECLAIM(false, true, ZONE, false), COMPACT(false, true), STALL(RAN), ASYNC_MOVABLE, COMPACT_RULES(44, false),
    SLOW(44, true, false, true, true, true, false, false, 3X, true, 37, false, 4),
    OOMTAB(40),
};

static const struct pa_profile p_46 = {
    ERA("4.6", "4.6", "4.7",
        "watermark_scale_factor"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_ANY(true, false),
    OUT(44, true, 45, true),
    ALLOCF(44, true, true, false, false, PREFERRED),
    SETUP(false, 65536, SCALE, false),
    RESV(PLUS_BLOCK, 0, 44, false, 0),
    PCP(2632), SLAB(SLUB), SYS_315, BAL(FILE_FIRST), RECLAIM(false, true, ZONE, false), COMPACT(true, true), SKIP_ON_FAILURE, STALL(RAN), ASYNC_MOVABLE, COMPACT_RULES(44, false),
    SLOW(44, true, false, true, true, true, false, false, 3X, true, 37, false, 1),
    OOMTAB(40),
};

static const struct pa_profile p_48 = {
    ERA("4.8", "4.8", "4.8",
        "fair zone policy removed (node-based LRU); CPUSET only with cpusets"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_ANY(true, true),
    OUT(44, true, 45, true),
    ALLOCF(44, false, false, false, false, PREFERRED),
    SETUP(false, 65536, SCALE, false),
    RESV(PLUS_BLOCK, 0, 44, false, 0),
    PCP(2632), SLAB(SLUB), SYS_48, BAL(FILE_FIRST), RECLAIM(true, true, NODE, false), NOGAP, COMPACT(true, true), SKIP_ON_FAILURE, STALL(RAN), ASYNC_MOVABLE, COMPACT_RULES(44, false),
    SLOW(48, true, true, true, true, true, false, false, NODE, false, 37, false, 1),
    OOMTAB(40),
};

static const struct pa_profile p_49 = {
    ERA("4.9", "4.9", "4.9",
        "CONFIG_VMAP_STACK: a kernel stack is 4 order-0 pages"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_ANY(true, true),
    OUT(44, true, 45, true),
    ALLOCF(44, false, false, false, false, PREFERRED),
    SETUP(false, 65536, SCALE, false),
    RESV(PLUS_BLOCK, 0, 44, false, 0),
    PCP(2632), SLAB(SLUB), SYS_49, BAL(FILE_FIRST), RECLAIM(true, true, NODE, false), NOGAP, COMPACT(true, true), SKIP_ON_FAILURE, STALL(RAN), ASYNC_MOVABLE, COMPACT_RULES(44, false),
    SLOW(48, true, true, true, true, true, false, false, NODE, false, 37, false, 1),
    OOMTAB(40),
};

static const struct pa_profile p_410 = {
    ERA("4.10", "4.10", "4.11",
        "GFP layout of 4.10-4.14 (GFP_KERNEL 0x14000c0)"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_ANY(true, true),
    OUT(410, true, 45, true),
    ALLOCF(44, false, false, false, false, PREFERRED),
    SETUP(false, 65536, SCALE, false),
    RESV(PLUS_BLOCK, 0, 44, false, 0),
    PCP(2632), SLAB(SLUB), SYS_49, BAL(FILE_FIRST), RECLAIM(true, true, NODE, false), NOGAP, COMPACT(true, true), SKIP_ON_FAILURE, STALL(RAN), ASYNC_MOVABLE, COMPACT_RULES(44, false),
    SLOW(48, true, true, true, true, true, false, false, NODE, false, 37, false, 1),
    OOMTAB(40),
};

static const struct pa_profile p_412 = {
    ERA("4.12", "4.12", "4.12",
        "/proc/zoneinfo lists unpopulated zones"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_ANY(true, true),
    OUT(410, true, 45, true),
    ALLOCF(44, false, false, false, false, PREFERRED),
    SETUP(false, 65536, SCALE, false),
    RESV(PLUS_BLOCK, 0, 44, false, 0),
    PCP(2632), SLAB(SLUB), SYS_412, BAL(FILE_FIRST), RECLAIM(true, true, NODE, false), NOGAP, COMPACT(true, true), SKIP_ON_FAILURE, STALL(RAN), COMPACT_RULES(44, false),
    SLOW(48, true, true, true, true, true, false, false, NODE, false, 37, false, 1),
    OOMTAB(40),
};

static const struct pa_profile p_413 = {
    ERA("4.13", "4.13", "4.13",
        "fallback counts alike pages; __GFP_RETRY_MAYFAIL; ALLOC_HARDER needs a HIGHATOMIC block"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_ANY(false, true),
    OUT(410, true, 45, true),
    ALLOCF(44, false, false, false, false, PREFERRED),
    SETUP(false, 65536, SCALE, false),
    RESV(PLUS_BLOCK, 0, 413, false, 0),
    PCP(2632), SLAB(SLUB), SYS_412, BAL(FILE_FIRST), RECLAIM(true, true, NODE, true), NOGAP, COMPACT(true, true), SKIP_ON_FAILURE, STALL(RAN), COMPACT_RULES(44, false),
    SLOW(48, true, true, true, true, true, true, false, NODE, false, 37, false, 1),
    OOMTAB(40),
};

static const struct pa_profile p_414 = {
    ERA("4.14", "4.14", "4.14",
        "ALLOC_OOM for OOM victims (replaces the flags in the retry loop)"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_ANY(false, true),
    OUT(410, true, 45, true),
    ALLOCF(414, false, false, false, false, PREFERRED),
    SETUP(false, 65536, SCALE, false),
    RESV(PLUS_BLOCK, 0, 413, false, 0),
    PCP(2632), SLAB(SLUB), SYS_412, BAL(FILE_FIRST), RECLAIM(true, true, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, STALL(RAN), COMPACT_RULES(44, false),
    SLOW(48, true, true, true, true, true, true, false, NODE, false, 37, false, 1),
    OOMTAB(414),
};

static const struct pa_profile p_415 = {
    ERA("4.15", "4.15", "4.18",
        "GFP layout of 4.15-5.0 (GFP_KERNEL 0x6000c0)"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_ANY(false, true),
    OUT(415, true, 45, true),
    ALLOCF(414, false, false, false, false, PREFERRED),
    SETUP(false, 65536, SCALE, false),
    RESV(PLUS_BLOCK, 0, 413, false, 0),
    PCP(2632), SLAB(SLUB), SYS_412, BAL(FILE_FIRST), RECLAIM(true, true, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, STALL(RAN), COMPACT_RULES(44, false),
    SLOW(48, true, true, true, true, true, true, false, NODE, false, 37, false, 1),
    OOMTAB(415),
};

static const struct pa_profile p_419 = {
    ERA("4.19", "4.19", "4.20",
        "lowmem_reserve_ratio: HighMem/Movable 0 = off"),
    MT_NEW, BUDDY_3X, LOWMEM_419, CHECK_ANY(false, true),
    OUT(415, true, 45, true),
    ALLOCF(414, false, false, false, false, PREFERRED),
    SETUP(false, 65536, SCALE, false),
    RESV(PLUS_BLOCK, 0, 413, false, 0),
    PCP(419), SLAB(SLUB), SYS_412, BAL(FILE_FIRST), RECLAIM(true, true, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, STALL(RAN), COMPACT_RULES(44, false),
    SLOW(48, true, true, true, true, true, true, false, NODE, false, 417, false, 1),
    OOMTAB(419),
};

static const struct pa_profile p_50 = {
    ERA("5.0", "5.0", "5.0",
        "watermark boost, ALLOC_NOFRAGMENT, ALLOC_KSWAPD"),
    MT_NEW, BUDDY_3X, LOWMEM_419, CHECK_ANY(false, true),
    OUT(415, true, 5X, true),
    ALLOCF(50, false, false, true, false, PREFERRED),
    SETUP(false, 65536, SCALE, false),
    RESV(PLUS_BLOCK, 15000, 413, false, 0),
    PCP(419), SLAB(SLUB), SYS_412, BAL(FILE_FIRST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, STALL(RAN), COMPACT_RULES(44, false),
    SLOW(5X, true, true, true, true, false, true, false, NODE, false, 417, false, 1),
    OOMTAB(419),
};

static const struct pa_profile p_51 = {
    ERA("5.1", "5.1", "5.3",
        "GFP layout of 5.1+ (GFP_KERNEL 0xcc0)"),
    MT_NEW, BUDDY_3X, LOWMEM_419, CHECK_ANY(false, true),
    OUT(51, true, 5X, true),
    ALLOCF(50, false, false, true, false, PREFERRED),
    SETUP(false, 65536, SCALE, false),
    RESV(PLUS_BLOCK, 15000, 413, false, 0),
    PCP(419), SLAB(SLUB), SYS_412, BAL(FILE_FIRST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, STALL(ALL), COMPACT_RULES(44, false),
    SLOW(5X, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_54 = {
    ERA("5.4", "5.4", "5.6",
        "/proc/pagetypeinfo caps list counts at 100000"),
    MT_NEW, BUDDY_3X, LOWMEM_419, CHECK_ANY(false, true),
    OUT(51, true, 5X, true),
    ALLOCF(50, false, false, true, false, PREFERRED),
    SETUP(false, 65536, SCALE, false),
    RESV(PLUS_BLOCK, 15000, 413, false, 100000),
    PCP(419), SLAB(SLUB), SYS_412, BAL(FILE_FIRST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, STALL(ALL), COMPACT_RULES(44, false),
    SLOW(5X, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_57 = {
    ERA("5.7", "5.7", "5.7",
        "min_free_kbytes clamp raised to 262144"),
    MT_NEW, BUDDY_3X, LOWMEM_419, CHECK_ANY(false, true),
    OUT(51, true, 5X, true),
    ALLOCF(50, false, false, true, false, PREFERRED),
    SETUP(false, 262144, SCALE, false),
    RESV(PLUS_BLOCK, 15000, 413, false, 100000),
    PCP(419), SLAB(SLUB), SYS_412, BAL(FILE_FIRST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, STALL(ALL), COMPACT_RULES(44, false),
    SLOW(5X, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_58 = {
    ERA("5.8", "5.8", "5.9",
        "lowmem_reserve indexed by highest_zoneidx = gfp_zone()"),
    MT_NEW, BUDDY_3X, LOWMEM_419, CHECK_ANY(false, true),
    OUT(51, true, 5X, true),
    ALLOCF(50, false, false, true, false, HIGHEST),
    SETUP(false, 262144, SCALE, false),
    RESV(PLUS_BLOCK, 15000, 413, false, 100000),
    PCP(419), SLAB(SLUB), SYS_412, BAL(COST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, STALL(ALL), COMPACT_RULES(44, false),
    SLOW(5X, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_510 = {
    ERA("5.10", "5.10", "5.13",
        "boot memory queued at list tails; empty zones reserve nothing"),
    MT_NEW, BUDDY_510, LOWMEM_510, CHECK_ANY(false, true),
    OUT(51, true, 5X, true),
    ALLOCF(50, false, false, true, false, HIGHEST),
    SETUP(false, 262144, SCALE, false),
    RESV(PLUS_BLOCK, 15000, 413, false, 100000),
    PCP(419), SLAB(SLUB), SYS_412, BAL(COST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, STALL(ALL), COMPACT_RULES(44, true),
    SLOW(5X, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_514 = {
    ERA("5.14", "5.14", "5.17",
        "GFP: __GFP_ZEROTAGS, __GFP_SKIP_KASAN_POISON (in GFP_HIGHUSER_MOVABLE: 0x1100cca)"),
    MT_NEW, BUDDY_510, LOWMEM_510, CHECK_ANY(false, true),
    OUT(514, true, 5X, true),
    ALLOCF(50, false, false, true, false, HIGHEST),
    SETUP(false, 262144, SCALE, false),
    RESV(PLUS_BLOCK, 15000, 413, false, 100000),
    PCP(514), SLAB(SLUB), SYS_412, BAL(COST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, STALL(NOT_SKIPPED), COMPACT_RULES(44, true),
    SLOW(5X, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_518 = {
    ERA("5.18", "5.18", "5.19",
        "GFP: KASAN bits only with CONFIG_KASAN_HW_TAGS (GFP_HIGHUSER_MOVABLE 0x100cca)"),
    MT_NEW, BUDDY_510, LOWMEM_510, CHECK_ANY(false, true),
    OUT(518, true, 5X, true),
    ALLOCF(50, false, false, true, false, HIGHEST),
    SETUP(false, 262144, SCALE, false),
    RESV(PLUS_BLOCK, 15000, 413, false, 100000),
    PCP(514), SLAB(SLUB), SYS_412, BAL(COST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, STALL(NOT_SKIPPED), COMPACT_RULES(44, true),
    SLOW(5X, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_60 = {
    ERA("6.0", "6.0", "6.2",
        "/proc/zoneinfo 6.x layout"),
    MT_NEW, BUDDY_510, LOWMEM_510, CHECK_ANY(false, true),
    OUT(518, true, 5X, true),
    ALLOCF(50, false, false, true, false, HIGHEST),
    SETUP(false, 262144, SCALE, false),
    RESV(PLUS_BLOCK, 15000, 413, false, 100000),
    PCP(514), SLAB(SLUB), SYS_60, BAL(COST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, STALL(NOT_SKIPPED), COMPACT_RULES(44, true),
    SLOW(5X, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_63 = {
    ERA("6.3", "6.3", "6.6",
        "ALLOC_NON_BLOCK/MIN_RESERVE/HIGHATOMIC; __GFP_ATOMIC gone; WMARK_PROMO"),
    MT_NEW, BUDDY_63, LOWMEM_510, CHECK_C(RESERVED),
    OUT(63, true, 5X, true),
    ALLOCF(63, false, false, true, false, HIGHEST),
    SETUP(false, 262144, SCALE_PROMO, true),
    RESV(PLUS_BLOCK, 15000, 413, false, 100000),
    PCP(514), SLAB(SLUB), SYS_60, BAL(COST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, STALL(NOT_SKIPPED), COMPACT_RULES(6X, true),
    SLOW(5X, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_67 = {
    ERA("6.7", "6.7", "6.7",
        "pcp high floats between high_min and high_max (zoneinfo prints both)"),
    MT_NEW, BUDDY_63, LOWMEM_510, CHECK_C(RESERVED),
    OUT(63, true, 5X, true),
    ALLOCF(63, false, false, true, false, HIGHEST),
    SETUP(false, 262144, SCALE_PROMO, true),
    RESV(PLUS_BLOCK, 15000, 413, false, 100000),
    PCP(67), SLAB(SLUB), SYS_67, BAL(COST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, STALL(NOT_SKIPPED), COMPACT_RULES(6X, true),
    SLOW(5X, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_68 = {
    ERA("6.8", "6.8", "6.9",
        "highatomic limit round_up(managed/100, pageblock), none below one block (commit d68e39fc45f7)"),
    MT_NEW, BUDDY_63, LOWMEM_510, CHECK_C(RESERVED),
    OUT(63, true, 5X, true),
    ALLOCF(63, false, false, true, false, HIGHEST),
    SETUP(false, 262144, SCALE_PROMO, true),
    RESV(ROUND_UP, 15000, 413, false, 100000),
    PCP(67), SLAB(SLUB), SYS_67, BAL(COST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, STALL(NOT_SKIPPED), COMPACT_RULES(6X, true),
    SLOW(5X, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_610 = {
    ERA("6.10", "6.10", "6.11",
        "split remainders follow the pageblock's type"),
    MT_NEW, BUDDY_63, LOWMEM_510, CHECK_C(RESERVED),
    OUT(63, true, 5X, true),
    ALLOCF(63, false, false, true, false, HIGHEST),
    SETUP(false, 262144, SCALE_PROMO, true),
    RESV(ROUND_UP, 15000, 413, true, 100000),
    PCP(67), SLAB(SLUB), SYS_67, BAL(COST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, FOLIOS, STALL(NOT_SKIPPED), COMPACT_RULES(6X, true),
    SLOW(5X, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_612 = {
    ERA("6.12", "6.12", "6.14",
        "watermark check subtracts nr_free_highatomic"),
    MT_NEW, BUDDY_63, LOWMEM_510, CHECK_C(FREE),
    OUT(63, true, 5X, true),
    ALLOCF(63, false, false, true, false, HIGHEST),
    SETUP(false, 262144, SCALE_PROMO, true),
    RESV(ROUND_UP, 15000, 413, true, 100000),
    PCP(67), SLAB(SLUB), SYS_67, BAL(COST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, FOLIOS, STALL(NOT_SKIPPED), COMPACT_RULES(6X, true),
    SLOW(612, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_615 = {
    ERA("6.15", "6.15", "6.16",
        "separate claim and steal passes; ALLOC_TRYLOCK; GFP names print in bit order"),
    MT_NEW, BUDDY_63, LOWMEM_510, CHECK_C(FREE),
    OUT(615, true, 5X, true),
    ALLOCF(63, false, false, true, false, HIGHEST),
    SETUP(false, 262144, SCALE_PROMO, true),
    RESV(ROUND_UP, 15000, 615, true, 100000),
    PCP(67), SLAB(SLUB), SYS_67, BAL(COST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, FOLIOS, STALL(NOT_SKIPPED), COMPACT_RULES(6X, true),
    SLOW(612, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

static const struct pa_profile p_617 = {
    ERA("6.17", "6.17", "",
        "ALLOC_HIGHATOMIC only for __GFP_HIGH non-blocking requests (commit 6a204d4b14c9); GFP_NOWAIT includes __GFP_NOWARN"),
    MT_NEW, BUDDY_63, LOWMEM_510, CHECK_C(FREE),
    OUT(617, true, 5X, true),
    ALLOCF(63, false, false, true, true, HIGHEST),
    SETUP(false, 262144, SCALE_PROMO, true),
    RESV(ROUND_UP, 15000, 615, true, 100000),
    PCP(67), SLAB(SLUB), SYS_67, BAL(COST), RECLAIM(true, false, NODE, true), NOGAP, COMPACT(true, false), SKIP_ON_FAILURE, KCD_BALANCED, FAST_SEARCH, FOLIOS, STALL(NOT_SKIPPED), COMPACT_RULES(6X, true),
    SLOW(612, true, true, true, true, false, true, false, NODE, false, 417, true, 1),
    OOMTAB(419),
};

/* RHEL6 (2.6.32-71 ... -754.el6): vanilla 2.6.32 plus backports (THP,
   compaction, NO_KSWAPD); the watermark rule changed twice (3.1, 3.2). */
static const struct pa_profile p_rhel6 = {
    ZONELIST(AUTO_2632),
    ERA("rhel6", "2.6.32-71.el6", "2.6.32-219.el6",
        "RHEL 6.0/6.1: 2.6.32 watermark loop (2^order-1) with THP backports"),
    MT_OLD, BUDDY_2632, LOWMEM_OLD, CHECK_LOOP(-1),
    OUT(rhel6, false, 2632, false),
    ALLOCF(RHEL6, true, false, false, false, PREFERRED),
    SETUP(true, 65536, QUARTER, false),
    RESV(NONE, 0, 2632, false, 0),
    PCP(2632), SLAB(SLAB), SYS_2632, RECLAIM(false, true, ZONE_2632, false), COMPACT(false, true), COMPACT_RULES(3X, false),
    SLOW(2636, true, false, false, false, true, false, true, 2632, false, 2636, false, 0),
    OOMTAB(2636),
};

static const struct pa_profile p_rhel6_220 = {
    ZONELIST(AUTO_2632),
    ERA("rhel6-220", "2.6.32-220.el6", "2.6.32-430.el6",
        "RHEL 6.2-6.4: loop with the 2^order+1 adjustment"),
    MT_OLD, BUDDY_2632, LOWMEM_OLD, CHECK_LOOP(+1),
    OUT(rhel6, false, 2632, false),
    ALLOCF(RHEL6, true, false, false, false, PREFERRED),
    SETUP(true, 65536, QUARTER, false),
    RESV(NONE, 0, 2632, false, 0),
    PCP(2632), SLAB(SLAB), SYS_2632, RECLAIM(false, true, ZONE_2632, false), COMPACT(false, true), COMPACT_RULES(3X, false),
    SLOW(2636, true, false, false, false, true, false, true, 2632, false, 2636, false, 0),
    OOMTAB(2636),
};

static const struct pa_profile p_rhel6_431 = {
    ZONELIST(AUTO_2632),
    ERA("rhel6-431", "2.6.32-431.el6", "",
        "RHEL 6.5+: loop threshold starts from (mark - MIN), halves only below order 2"),
    MT_OLD, BUDDY_2632, LOWMEM_OLD, CHECK_RHEL6,
    OUT(rhel6, false, 2632, false),
    ALLOCF(RHEL6, true, false, false, false, PREFERRED),
    SETUP(true, 65536, QUARTER, false),
    RESV(NONE, 0, 2632, false, 0),
    PCP(2632), SLAB(SLAB), SYS_2632, RECLAIM(false, true, ZONE_2632, false), COMPACT(false, true), COMPACT_RULES(3X, false),
    /* 2.6.32-642.6.2.el6 mm/vmscan.c shrink_inactive_list isolates at order 0
       when COMPACTION_BUILD (mm/Kconfig: TRANSPARENT_HUGEPAGE selects
       COMPACTION on x86_64): no lumpy reclaim, reclaim/compaction instead
       (in_reclaim_compaction, should_continue_reclaim, compaction_ready) and
       balance_pgdat's balance_gap + compact_zone_order. Read in -642 only;
       placed at the -431 profile (UNVERIFIED for -431 .. -573; -71 .. -430
       keep lumpy reclaim, also UNVERIFIED). */
    SLOW(2636, true, false, false, false, true, false, false, 2632, false, 2636, false, 2),
    OOMTAB(2636),
};

static const struct pa_profile *const profiles[] = {
    &p_2632, &p_2636, &p_2638, &p_30, &p_33, &p_312, &p_314, &p_315, &p_44, &p_45, &p_46,
    &p_48, &p_49, &p_410, &p_412, &p_413, &p_414, &p_415, &p_419, &p_50, &p_51, &p_54,
    &p_57, &p_58, &p_510, &p_514, &p_518, &p_60, &p_63, &p_67, &p_68, &p_610, &p_612,
    &p_615, &p_617, &p_rhel6, &p_rhel6_220, &p_rhel6_431,
};
#define NR_PROFILES (sizeof profiles / sizeof profiles[0])
#define NR_MAINLINE 35 /* profiles[0 .. NR_MAINLINE) are mainline, by version */

/* The newest release whose sources were read (V618); later versions get a
   warning. Last minor release of each finished major line. */
#define NEWEST_MAJOR 6
#define NEWEST_MINOR 18
static const int last_minor[] = {0, 0, 39 /* 2.6.x */, 19, 20, 19};

const struct pa_profile *const *pa_profile_list(size_t *count)
{
    if (count)
        *count = NR_PROFILES;
    return profiles;
}

const struct pa_profile *pa_profile_latest(void)
{
    return profiles[NR_MAINLINE - 1];
}

const struct pa_profile *pa_profile_by_name(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < NR_PROFILES; i++)
        if (strcmp(profiles[i]->name, name) == 0)
            return profiles[i];
    return NULL;
}

/* ---- version parsing ------------------------------------------------------------ */

struct kver {
    long major, minor, patch; /* 2.6.32 -> (2, 6, 32); 4.14 -> (4, 14, 0)       */
    const char *rest;         /* text after the numbers ("-642.el6.x86_64")     */
};

static long key(long a, long b, long c)
{
    return a * 1000000 + b * 1000 + c;
}

/* The ordering key of a version: 2.6.x versions order by their third number,
   the later lines by major.minor (the stable number never changes rules in
   this table). */
static long kver_key(const struct kver *v)
{
    if (v->major == 2)
        return key(2, v->minor, v->patch);
    return key(v->major, v->minor, 0);
}

static long text_key(const char *s)
{
    long a = 0, b = 0, c = 0;
    if (sscanf(s, "%ld.%ld.%ld", &a, &b, &c) < 2)
        return -1;
    return a == 2 ? key(a, b, c) : key(a, b, 0);
}

static bool parse_num(const char **p, long *out)
{
    if (!isdigit((unsigned char)**p))
        return false;
    char *end;
    long v = strtol(*p, &end, 10);
    if (end - *p > 6)
        return false;
    *out = v;
    *p = end;
    return true;
}

static bool parse_kver(const char *s, struct kver *v)
{
    memset(v, 0, sizeof *v);
    while (isspace((unsigned char)*s))
        s++;
    if (*s == 'v' || *s == 'V')
        s++;
    if (!parse_num(&s, &v->major) || *s != '.')
        return false;
    s++;
    if (!parse_num(&s, &v->minor))
        return false;
    if (*s == '.' && isdigit((unsigned char)s[1])) {
        s++;
        parse_num(&s, &v->patch);
    }
    v->rest = s;
    return true;
}

static void say(char *warn, size_t n, const char *fmt, const char *a, const char *b)
{
    if (warn && n)
        snprintf(warn, n, fmt, a, b);
}

/* RHEL6 release number: "2.6.32-642.el6.x86_64" -> 642. */
static const struct pa_profile *rhel6_profile(const struct kver *v, char *warn, size_t n)
{
    long rel = -1;
    if (v->rest[0] == '-' && isdigit((unsigned char)v->rest[1]))
        rel = strtol(v->rest + 1, NULL, 10);
    if (rel < 0) {
        say(warn, n, "RHEL6 kernel without a release number ('%s'): using the %s rules",
            v->rest, p_rhel6_431.name);
        return &p_rhel6_431;
    }
    if (rel < 71)
        say(warn, n, "RHEL6 release %s is older than 2.6.32-71 (6.0 GA): using the %s rules",
            v->rest, p_rhel6.name);
    if (rel < 220)
        return &p_rhel6;
    if (rel < 431)
        return &p_rhel6_220;
    return &p_rhel6_431;
}

const struct pa_profile *pa_profile_for_version(const char *version, char *warn, size_t n)
{
    if (warn && n)
        warn[0] = '\0';
    if (!version) {
        say(warn, n, "no kernel version given%s%s", "", "");
        return NULL;
    }
    const struct pa_profile *byname = pa_profile_by_name(version);
    if (byname)
        return byname;

    struct kver v;
    if (!parse_kver(version, &v)) {
        say(warn, n, "'%s' is not a kernel version (expected e.g. 4.4.0-21-generic or 5.15)%s",
            version, "");
        return NULL;
    }
    if (v.major == 2 && v.minor == 6 && v.patch == 32 && strstr(v.rest, "el6"))
        return rhel6_profile(&v, warn, n);

    long k = kver_key(&v);
    const struct pa_profile *best = NULL;
    for (size_t i = 0; i < NR_MAINLINE; i++)
        if (text_key(profiles[i]->first_version) <= k)
            best = profiles[i];

    if (!best || k < key(2, 6, 24)) {
        say(warn, n, "%s predates mobility grouping (2.6.24): using the oldest modelled rules (%s)",
            version, p_2632.name);
        return &p_2632;
    }
    if (v.major > NEWEST_MAJOR || (v.major == NEWEST_MAJOR && v.minor > NEWEST_MINOR)) {
        say(warn, n, "%s is newer than the newest modelled kernel (6.18): using the %s rules",
            version, best->name);
        return best;
    }
    if (v.major < (long)(sizeof last_minor / sizeof last_minor[0]) && v.major >= 2 &&
        ((v.major == 2 && (v.minor != 6 || v.patch > last_minor[2])) ||
         (v.major > 2 && v.minor > last_minor[v.major]))) {
        say(warn, n, "%s is not a mainline release: using the nearest older rules (%s)", version,
            best->name);
        return best;
    }
    if (strstr(v.rest, ".el7") || strstr(v.rest, ".el8") || strstr(v.rest, ".el9")) {
        say(warn, n,
            "%s: Red Hat backports of this kernel are not modelled: using the mainline %s rules",
            version, best->name);
        return best;
    }
    return best;
}

/* ---- names ------------------------------------------------------------------------ */

const char *pa_wmark_rule_name(enum pa_wmark_rule r)
{
    switch (r) {
    case PA_WMARK_RULE_LOOP: return "loop (kernel-semantics 3.1)";
    case PA_WMARK_RULE_LOOP_RHEL6: return "rhel6-loop (kernel-semantics 3.2)";
    case PA_WMARK_RULE_ANY_BLOCK: return "order0+any-block (kernel-semantics 3.3)";
    case PA_WMARK_RULE_RESERVES: return "alloc-reserves (kernel-semantics 3.4)";
    }
    return "?";
}

const char *pa_alloc_rule_name(enum pa_alloc_rule r)
{
    switch (r) {
    case PA_ALLOC_RULE_2632: return "2.6.32";
    case PA_ALLOC_RULE_RHEL6: return "rhel6";
    case PA_ALLOC_RULE_3X: return "3.x";
    case PA_ALLOC_RULE_44: return "4.4";
    case PA_ALLOC_RULE_414: return "4.14";
    case PA_ALLOC_RULE_50: return "5.0";
    case PA_ALLOC_RULE_63: return "6.3";
    }
    return "?";
}

const char *pa_fallback_rule_name(enum pa_fallback_rule r)
{
    switch (r) {
    case PA_FALLBACK_NONE: return "none";
    case PA_FALLBACK_2632: return "2.6.24-3.4";
    case PA_FALLBACK_310: return "3.5-3.11";
    case PA_FALLBACK_3X: return "3.12-4.3";
    case PA_FALLBACK_44: return "4.4-4.12";
    case PA_FALLBACK_413: return "4.13-6.14";
    case PA_FALLBACK_615: return "6.15+";
    }
    return "?";
}
