/*
 * profile.c - the table of kernel-era profiles and the choice of one from a
 * version string (pagealloc/profile.h).
 *
 * Each profile is a const struct pa_profile holding the era's rules as data.
 * A profile starts at the first release where any modelled rule changed, so
 * the table is a list of rule changes; the macros below are groups of fields
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
#define BUDDY_2632 .merge_tail_heuristic = false, .boot_free_to_tail = false, .merge_check = PA_MERGE_ANY
#define BUDDY_3X .merge_tail_heuristic = true, .boot_free_to_tail = false, .merge_check = PA_MERGE_NO_ISOLATE
#define BUDDY_510 .merge_tail_heuristic = true, .boot_free_to_tail = true, .merge_check = PA_MERGE_NO_ISOLATE
#define BUDDY_63 .merge_tail_heuristic = true, .boot_free_to_tail = true, .merge_check = PA_MERGE_MERGEABLE

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
    .wmark_highatomic = PA_HA_COUNT_NONE, .wmark_harder_any_block = false
#define CHECK_RHEL6                                                                        \
    .wmark_rule = PA_WMARK_RULE_LOOP_RHEL6, .wmark_order_adjust = 1,                       \
    .wmark_highatomic = PA_HA_COUNT_NONE, .wmark_harder_any_block = false
#define CHECK_44                                                                           \
    .wmark_rule = PA_WMARK_RULE_ANY_BLOCK, .wmark_order_adjust = -1,                       \
    .wmark_highatomic = PA_HA_COUNT_RESERVED, .wmark_harder_any_block = true
#define CHECK_B                                                                            \
    .wmark_rule = PA_WMARK_RULE_ANY_BLOCK, .wmark_order_adjust = -1,                       \
    .wmark_highatomic = PA_HA_COUNT_RESERVED, .wmark_harder_any_block = false
#define CHECK_C(count)                                                                     \
    .wmark_rule = PA_WMARK_RULE_RESERVES, .wmark_order_adjust = -1,                        \
    .wmark_highatomic = (count), .wmark_harder_any_block = false

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
    ERA("2.6.32", "2.6.24", "2.6.35",
        "iterative watermark loop with 2^order-1, MIGRATE_RESERVE, !__GFP_WAIT is atomic"),
    MT_OLD, BUDDY_2632, LOWMEM_OLD, CHECK_LOOP(-1),
    .gfp = &pa_gfp_layout_2632, .gfp_names_in_header = false, .header = PA_HEADER_2632,
    .buddy_letters = false, .alloc_rule = PA_ALLOC_RULE_2632, .fast_cpuset = true,
    .fast_fair = false, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = true, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_QUARTER,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_NONE,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_2632, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_2636 = {
    ERA("2.6.36", "2.6.36", "2.6.37",
        "as 2.6.32 but the watermark adjustment is 2^order+1 (off-by-two), tail heuristic"),
    MT_OLD, BUDDY_3X, LOWMEM_OLD, CHECK_LOOP(+1),
    .gfp = &pa_gfp_layout_2632, .gfp_names_in_header = false, .header = PA_HEADER_2632,
    .buddy_letters = false, .alloc_rule = PA_ALLOC_RULE_2632, .fast_cpuset = true,
    .fast_fair = false, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = true, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_QUARTER,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_NONE,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_2632, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_2638 = {
    ERA("2.6.38", "2.6.38", "3.2",
        "2^order+1 adjustment; __GFP_NO_KSWAPD (THP) joins the atomic test; 3.x GFP layout"),
    MT_OLD, BUDDY_3X, LOWMEM_OLD, CHECK_LOOP(+1),
    .gfp = &pa_gfp_layout_3x, .gfp_names_in_header = false, .header = PA_HEADER_2632,
    .buddy_letters = false, .alloc_rule = PA_ALLOC_RULE_3X, .fast_cpuset = true,
    .fast_fair = false, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = true, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_QUARTER,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_NONE,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_2632, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_33 = {
    ERA("3.3", "3.3", "3.11",
        "off-by-two fixed (2^order-1); managed pages; CMA subtraction (3.5+)"),
    MT_OLD, BUDDY_3X, LOWMEM_OLD, CHECK_LOOP(-1),
    .gfp = &pa_gfp_layout_3x, .gfp_names_in_header = false, .header = PA_HEADER_3X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_3X, .fast_cpuset = true,
    .fast_fair = false, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_QUARTER,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_NONE,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_310, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_312 = {
    ERA("3.12", "3.12", "4.3", "as 3.3 plus the fair zone allocation policy (ALLOC_FAIR)"),
    MT_OLD, BUDDY_3X, LOWMEM_OLD, CHECK_LOOP(-1),
    .gfp = &pa_gfp_layout_3x, .gfp_names_in_header = false, .header = PA_HEADER_3X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_3X, .fast_cpuset = true,
    .fast_fair = true, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_QUARTER,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_NONE,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_3X, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_44 = {
    ERA("4.4", "4.4", "4.4",
        "order-0 check + any suitable block; HIGHATOMIC on demand; __GFP_ATOMIC; U M E H"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_44,
    .gfp = &pa_gfp_layout_440, .gfp_names_in_header = false, .header = PA_HEADER_3X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_44, .fast_cpuset = true,
    .fast_fair = true, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_QUARTER,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_44, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_45 = {
    ERA("4.5", "4.5", "4.5",
        "failure header prints the flag names (%pGg); __GFP_ACCOUNT replaces __GFP_NOACCOUNT"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_44,
    .gfp = &pa_gfp_layout_44, .gfp_names_in_header = true, .header = PA_HEADER_45,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_44, .fast_cpuset = true,
    .fast_fair = true, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_QUARTER,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_44, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_46 = {
    ERA("4.6", "4.6", "4.7",
        "watermark_scale_factor"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_44,
    .gfp = &pa_gfp_layout_44, .gfp_names_in_header = true, .header = PA_HEADER_45,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_44, .fast_cpuset = true,
    .fast_fair = true, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_SCALE,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_44, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_48 = {
    ERA("4.8", "4.8", "4.9", "fair zone policy removed (node-based LRU); CPUSET only with cpusets"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_44,
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_44, .gfp_names_in_header = true, .header = PA_HEADER_45,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_44, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_SCALE,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_44, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_410 = {
    ERA("4.10", "4.10", "4.12", "GFP layout of 4.10-4.14 (GFP_KERNEL 0x14000c0)"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_44,
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_410, .gfp_names_in_header = true, .header = PA_HEADER_45,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_44, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_SCALE,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_44, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_413 = {
    ERA("4.13", "4.13", "4.14",
        "fallback counts alike pages; __GFP_RETRY_MAYFAIL; ALLOC_HARDER needs a HIGHATOMIC block"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_B,
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_410, .gfp_names_in_header = true, .header = PA_HEADER_45,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_44, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_SCALE,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_413, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_415 = {
    ERA("4.15", "4.15", "4.18", "GFP layout of 4.15-5.0 (GFP_KERNEL 0x6000c0); ALLOC_OOM"),
    MT_NEW, BUDDY_3X, LOWMEM_OLD, CHECK_B,
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_415, .gfp_names_in_header = true, .header = PA_HEADER_45,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_415, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_SCALE,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_413, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_419 = {
    ERA("4.19", "4.19", "4.20", "lowmem_reserve_ratio: HighMem/Movable 0 = off"),
    MT_NEW, BUDDY_3X, LOWMEM_419, CHECK_B,
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_415, .gfp_names_in_header = true, .header = PA_HEADER_45,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_415, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_SCALE,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_413, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_50 = {
    ERA("5.0", "5.0", "5.0", "watermark boost, ALLOC_NOFRAGMENT, ALLOC_KSWAPD"),
    MT_NEW, BUDDY_3X, LOWMEM_419, CHECK_B,
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_415, .gfp_names_in_header = true, .header = PA_HEADER_5X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_50, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = true, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_SCALE,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 15000, .fallback = PA_FALLBACK_413, .split_to_block_type = false,
    .boost = true, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_51 = {
    ERA("5.1", "5.1", "5.3", "GFP layout of 5.1+ (GFP_KERNEL 0xcc0)"),
    MT_NEW, BUDDY_3X, LOWMEM_419, CHECK_B,
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_51, .gfp_names_in_header = true, .header = PA_HEADER_5X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_50, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = true, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_SCALE,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 15000, .fallback = PA_FALLBACK_413, .split_to_block_type = false,
    .boost = true, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_54 = {
    ERA("5.4", "5.4", "5.6", "/proc/pagetypeinfo caps list counts at 100000"),
    MT_NEW, BUDDY_3X, LOWMEM_419, CHECK_B,
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_51, .gfp_names_in_header = true, .header = PA_HEADER_5X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_50, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = true, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_SCALE,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 15000, .fallback = PA_FALLBACK_413, .split_to_block_type = false,
    .boost = true, .pagetypeinfo_cap = 100000,
};

static const struct pa_profile p_57 = {
    ERA("5.7", "5.7", "5.7", "min_free_kbytes clamp raised to 262144"),
    MT_NEW, BUDDY_3X, LOWMEM_419, CHECK_B,
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_51, .gfp_names_in_header = true, .header = PA_HEADER_5X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_50, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = true, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = false, .min_free_kbytes_max = 262144, .wmark_split = PA_SPLIT_SCALE,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 15000, .fallback = PA_FALLBACK_413, .split_to_block_type = false,
    .boost = true, .pagetypeinfo_cap = 100000,
};

static const struct pa_profile p_58 = {
    ERA("5.8", "5.8", "5.9", "lowmem_reserve indexed by highest_zoneidx = gfp_zone()"),
    MT_NEW, BUDDY_3X, LOWMEM_419, CHECK_B,
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_51, .gfp_names_in_header = true, .header = PA_HEADER_5X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_50, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = true, .classzone = PA_CLASSZONE_HIGHEST,
    .wmark_use_present = false, .min_free_kbytes_max = 262144, .wmark_split = PA_SPLIT_SCALE,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 15000, .fallback = PA_FALLBACK_413, .split_to_block_type = false,
    .boost = true, .pagetypeinfo_cap = 100000,
};

static const struct pa_profile p_510 = {
    ERA("5.10", "5.10", "6.2", "boot memory queued at list tails; empty zones reserve nothing"),
    MT_NEW, BUDDY_510, LOWMEM_510, CHECK_B,
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_51, .gfp_names_in_header = true, .header = PA_HEADER_5X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_50, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = true, .classzone = PA_CLASSZONE_HIGHEST,
    .wmark_use_present = false, .min_free_kbytes_max = 262144, .wmark_split = PA_SPLIT_SCALE,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK,
    .boost_factor_default = 15000, .fallback = PA_FALLBACK_413, .split_to_block_type = false,
    .boost = true, .pagetypeinfo_cap = 100000,
};

static const struct pa_profile p_63 = {
    ERA("6.3", "6.3", "6.7",
        "ALLOC_NON_BLOCK/MIN_RESERVE/HIGHATOMIC; __GFP_ATOMIC gone; WMARK_PROMO"),
    MT_NEW, BUDDY_63, LOWMEM_510, CHECK_C(PA_HA_COUNT_RESERVED),
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_63, .gfp_names_in_header = true, .header = PA_HEADER_5X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_63, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = true, .classzone = PA_CLASSZONE_HIGHEST,
    .wmark_use_present = false, .min_free_kbytes_max = 262144,
    .wmark_split = PA_SPLIT_SCALE_PROMO, .thp_lowmem_zones_only = true,
    .highatomic_limit = PA_HA_LIMIT_PLUS_BLOCK, .boost_factor_default = 15000,
    .fallback = PA_FALLBACK_413, .split_to_block_type = false, .boost = true,
    .pagetypeinfo_cap = 100000,
};

static const struct pa_profile p_68 = {
    ERA("6.8", "6.8", "6.9",
        "highatomic limit round_up(managed/100, pageblock), none below one block "
        "(commit d68e39fc45f7)"),
    MT_NEW, BUDDY_63, LOWMEM_510, CHECK_C(PA_HA_COUNT_RESERVED),
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_63, .gfp_names_in_header = true, .header = PA_HEADER_5X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_63, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = true, .classzone = PA_CLASSZONE_HIGHEST,
    .wmark_use_present = false, .min_free_kbytes_max = 262144,
    .wmark_split = PA_SPLIT_SCALE_PROMO, .thp_lowmem_zones_only = true,
    .highatomic_limit = PA_HA_LIMIT_ROUND_UP, .boost_factor_default = 15000,
    .fallback = PA_FALLBACK_413, .split_to_block_type = false, .boost = true,
    .pagetypeinfo_cap = 100000,
};

static const struct pa_profile p_610 = {
    ERA("6.10", "6.10", "6.11", "split remainders follow the pageblock's type"),
    MT_NEW, BUDDY_63, LOWMEM_510, CHECK_C(PA_HA_COUNT_RESERVED),
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_63, .gfp_names_in_header = true, .header = PA_HEADER_5X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_63, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = true, .classzone = PA_CLASSZONE_HIGHEST,
    .wmark_use_present = false, .min_free_kbytes_max = 262144,
    .wmark_split = PA_SPLIT_SCALE_PROMO, .thp_lowmem_zones_only = true,
    .highatomic_limit = PA_HA_LIMIT_ROUND_UP, .boost_factor_default = 15000,
    .fallback = PA_FALLBACK_413, .split_to_block_type = true, .boost = true,
    .pagetypeinfo_cap = 100000,
};

static const struct pa_profile p_612 = {
    ERA("6.12", "6.12", "6.14", "watermark check subtracts nr_free_highatomic"),
    MT_NEW, BUDDY_63, LOWMEM_510, CHECK_C(PA_HA_COUNT_FREE),
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_63, .gfp_names_in_header = true, .header = PA_HEADER_5X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_63, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = true, .classzone = PA_CLASSZONE_HIGHEST,
    .wmark_use_present = false, .min_free_kbytes_max = 262144,
    .wmark_split = PA_SPLIT_SCALE_PROMO, .thp_lowmem_zones_only = true,
    .highatomic_limit = PA_HA_LIMIT_ROUND_UP, .boost_factor_default = 15000,
    .fallback = PA_FALLBACK_413, .split_to_block_type = true, .boost = true,
    .pagetypeinfo_cap = 100000,
};

static const struct pa_profile p_615 = {
    ERA("6.15", "6.15", "6.16", "separate claim and steal passes; ALLOC_TRYLOCK"),
    MT_NEW, BUDDY_63, LOWMEM_510, CHECK_C(PA_HA_COUNT_FREE),
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_63, .gfp_names_in_header = true, .header = PA_HEADER_5X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_63, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = true, .classzone = PA_CLASSZONE_HIGHEST,
    .wmark_use_present = false, .min_free_kbytes_max = 262144,
    .wmark_split = PA_SPLIT_SCALE_PROMO, .thp_lowmem_zones_only = true,
    .highatomic_limit = PA_HA_LIMIT_ROUND_UP, .boost_factor_default = 15000,
    .fallback = PA_FALLBACK_615, .split_to_block_type = true, .boost = true,
    .pagetypeinfo_cap = 100000,
};

static const struct pa_profile p_617 = {
    ERA("6.17", "6.17", "",
        "ALLOC_HIGHATOMIC only for __GFP_HIGH non-blocking requests (commit 6a204d4b14c9)"),
    MT_NEW, BUDDY_63, LOWMEM_510, CHECK_C(PA_HA_COUNT_FREE),
    .wmark_fast_order0 = true,
    .gfp = &pa_gfp_layout_63, .gfp_names_in_header = true, .header = PA_HEADER_5X,
    .buddy_letters = true, .alloc_rule = PA_ALLOC_RULE_63, .fast_cpuset = false,
    .fast_fair = false, .fast_nofragment = true, .highatomic_needs_high = true, .classzone = PA_CLASSZONE_HIGHEST,
    .wmark_use_present = false, .min_free_kbytes_max = 262144,
    .wmark_split = PA_SPLIT_SCALE_PROMO, .thp_lowmem_zones_only = true,
    .highatomic_limit = PA_HA_LIMIT_ROUND_UP, .boost_factor_default = 15000,
    .fallback = PA_FALLBACK_615, .split_to_block_type = true, .boost = true,
    .pagetypeinfo_cap = 100000,
};

/* RHEL6 (2.6.32-71 ... -754.el6): vanilla 2.6.32 plus backports (THP,
   compaction, NO_KSWAPD); the watermark rule changed twice (3.1, 3.2). */
static const struct pa_profile p_rhel6 = {
    ERA("rhel6", "2.6.32-71.el6", "2.6.32-219.el6",
        "RHEL 6.0/6.1: 2.6.32 watermark loop (2^order-1) with THP backports"),
    MT_OLD, BUDDY_2632, LOWMEM_OLD, CHECK_LOOP(-1),
    .gfp = &pa_gfp_layout_rhel6, .gfp_names_in_header = false, .header = PA_HEADER_2632,
    .buddy_letters = false, .alloc_rule = PA_ALLOC_RULE_RHEL6, .fast_cpuset = true,
    .fast_fair = false, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = true, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_QUARTER,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_NONE,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_2632, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_rhel6_220 = {
    ERA("rhel6-220", "2.6.32-220.el6", "2.6.32-430.el6",
        "RHEL 6.2-6.4: loop with the 2^order+1 adjustment"),
    MT_OLD, BUDDY_2632, LOWMEM_OLD, CHECK_LOOP(+1),
    .gfp = &pa_gfp_layout_rhel6, .gfp_names_in_header = false, .header = PA_HEADER_2632,
    .buddy_letters = false, .alloc_rule = PA_ALLOC_RULE_RHEL6, .fast_cpuset = true,
    .fast_fair = false, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = true, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_QUARTER,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_NONE,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_2632, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile p_rhel6_431 = {
    ERA("rhel6-431", "2.6.32-431.el6", "",
        "RHEL 6.5+: loop threshold starts from (mark - MIN), halves only below order 2"),
    MT_OLD, BUDDY_2632, LOWMEM_OLD, CHECK_RHEL6,
    .gfp = &pa_gfp_layout_rhel6, .gfp_names_in_header = false, .header = PA_HEADER_2632,
    .buddy_letters = false, .alloc_rule = PA_ALLOC_RULE_RHEL6, .fast_cpuset = true,
    .fast_fair = false, .fast_nofragment = false, .classzone = PA_CLASSZONE_PREFERRED,
    .wmark_use_present = true, .min_free_kbytes_max = 65536, .wmark_split = PA_SPLIT_QUARTER,
    .thp_lowmem_zones_only = false, .highatomic_limit = PA_HA_LIMIT_NONE,
    .boost_factor_default = 0, .fallback = PA_FALLBACK_2632, .split_to_block_type = false,
    .boost = false, .pagetypeinfo_cap = 0,
};

static const struct pa_profile *const profiles[] = {
    &p_2632, &p_2636, &p_2638, &p_33,  &p_312, &p_44,  &p_45,  &p_46,  &p_48,
    &p_410,  &p_413,  &p_415,  &p_419, &p_50,  &p_51,  &p_54,  &p_57,
    &p_58,   &p_510,  &p_63,   &p_68,   &p_610, &p_612, &p_615, &p_617, &p_rhel6, &p_rhel6_220,
    &p_rhel6_431,
};
#define NR_PROFILES (sizeof profiles / sizeof profiles[0])
#define NR_MAINLINE 25 /* profiles[0 .. NR_MAINLINE) are mainline, by version */

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
    case PA_ALLOC_RULE_415: return "4.15";
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
