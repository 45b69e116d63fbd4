/*
 * gfp_layout.c - the GFP bit layouts of every era and the name tables the
 * kernel of each era prints masks with (data only).
 *
 * Bits: kernel-semantics section 10 (each column verified in the gfp.h of
 * the tree named there). Name tables: the order of the kernel's own tables,
 * which decides how a mask prints: include/trace/events/gfpflags.h (2.6.x -
 * 4.4; read in a 3.x tree, mikuhatsune001/linux2.6.32 @ 4866fa67, and in a
 * 4.5 tree, torvalds/linux @ 1f7866b4: old names without "__" up to 4.3,
 * "GFP_NOWAIT" for 0; "__GFP_*" names and "none" from 4.4) and
 * include/trace/events/mmflags.h __def_gfpflag_names (4.5+; the %pGg table of
 * the failure header; the 4.14 and 4.15+ tables checked against copies quoted
 * in public code: a RETRY_MAYFAIL mmflags.h diff and perfetto's 4.14 table,
 * which has no __GFP_NOTRACK, as kernel-semantics 10 says for 4.10 - 4.14). A composite is written as the flags it stands for, so
 * that its value in the layout is computed, never typed by hand.
 *
 * 4.4 itself had __GFP_NOACCOUNT at 0x100000 where 4.5 - 4.9 have
 * __GFP_ACCOUNT (kernel-semantics 10): two layouts share one name table.
 *
 * Where the spec marks a bit config-dependent (NOLOCKDEP, the KASAN bits,
 * 6.x bits above __GFP_ACCOUNT) it is left out: such bits print as the hex
 * leftover, which is what a kernel without that option prints too.
 */
#include "pagealloc/gfp.h"

#define F(x) PA_GFP_##x
#define S(n, f) {n, {F(f)}}

/* ---- <= 4.3: show_gfp_flags() of include/trace/events/gfpflags.h: composites,
   then single flags named without the "__"; __GFP_FS, the zone bits and
   (2.6.32) NOTRACK have no entry and print as hex leftovers. -------------- */

/* 2.6.24 - 2.6.37 */
static const struct pa_gfp_name names_2632[] = {
    {"GFP_HIGHUSER_MOVABLE", {F(WAIT), F(IO), F(FS), F(HARDWALL), F(HIGHMEM), F(MOVABLE)}},
    {"GFP_HIGHUSER", {F(WAIT), F(IO), F(FS), F(HARDWALL), F(HIGHMEM)}},
    {"GFP_USER", {F(WAIT), F(IO), F(FS), F(HARDWALL)}},
    {"GFP_TEMPORARY", {F(WAIT), F(IO), F(FS), F(RECLAIMABLE)}},
    {"GFP_KERNEL", {F(WAIT), F(IO), F(FS)}},
    {"GFP_NOFS", {F(WAIT), F(IO)}},
    {"GFP_ATOMIC", {F(HIGH)}},
    {"GFP_NOIO", {F(WAIT)}},
    S("GFP_HIGH", HIGH),
    S("GFP_WAIT", WAIT),
    S("GFP_IO", IO),
    S("GFP_COLD", COLD),
    S("GFP_NOWARN", NOWARN),
    S("GFP_REPEAT", REPEAT),
    S("GFP_NOFAIL", NOFAIL),
    S("GFP_NORETRY", NORETRY),
    S("GFP_COMP", COMP),
    S("GFP_ZERO", ZERO),
    S("GFP_NOMEMALLOC", NOMEMALLOC),
    S("GFP_HARDWALL", HARDWALL),
    S("GFP_THISNODE", THISNODE),
    S("GFP_RECLAIMABLE", RECLAIMABLE),
    S("GFP_MOVABLE", MOVABLE),
    {0, {0}},
};

/* 2.6.38 - 4.3 (MEMALLOC from 3.6) */
static const struct pa_gfp_name names_3x[] = {
    {"GFP_TRANSHUGE", {F(WAIT), F(IO), F(FS), F(HARDWALL), F(HIGHMEM), F(MOVABLE), F(COMP), F(NOMEMALLOC), F(NORETRY), F(NOWARN), F(NO_KSWAPD)}},
    {"GFP_HIGHUSER_MOVABLE", {F(WAIT), F(IO), F(FS), F(HARDWALL), F(HIGHMEM), F(MOVABLE)}},
    {"GFP_HIGHUSER", {F(WAIT), F(IO), F(FS), F(HARDWALL), F(HIGHMEM)}},
    {"GFP_USER", {F(WAIT), F(IO), F(FS), F(HARDWALL)}},
    {"GFP_TEMPORARY", {F(WAIT), F(IO), F(FS), F(RECLAIMABLE)}},
    {"GFP_KERNEL", {F(WAIT), F(IO), F(FS)}},
    {"GFP_NOFS", {F(WAIT), F(IO)}},
    {"GFP_ATOMIC", {F(HIGH)}},
    {"GFP_NOIO", {F(WAIT)}},
    S("GFP_HIGH", HIGH),
    S("GFP_WAIT", WAIT),
    S("GFP_IO", IO),
    S("GFP_COLD", COLD),
    S("GFP_NOWARN", NOWARN),
    S("GFP_REPEAT", REPEAT),
    S("GFP_NOFAIL", NOFAIL),
    S("GFP_NORETRY", NORETRY),
    S("GFP_COMP", COMP),
    S("GFP_ZERO", ZERO),
    S("GFP_NOMEMALLOC", NOMEMALLOC),
    S("GFP_MEMALLOC", MEMALLOC),
    S("GFP_HARDWALL", HARDWALL),
    S("GFP_THISNODE", THISNODE),
    S("GFP_RECLAIMABLE", RECLAIMABLE),
    S("GFP_MOVABLE", MOVABLE),
    S("GFP_NOTRACK", NOTRACK),
    S("GFP_NO_KSWAPD", NO_KSWAPD),
    S("GFP_OTHER_NODE", OTHER_NODE),
    {0, {0}},
};

/* RHEL6: the THP backport, no __GFP_MEMALLOC */
static const struct pa_gfp_name names_rhel6[] = {
    {"GFP_TRANSHUGE", {F(WAIT), F(IO), F(FS), F(HARDWALL), F(HIGHMEM), F(MOVABLE), F(COMP), F(NOMEMALLOC), F(NORETRY), F(NOWARN), F(NO_KSWAPD)}},
    {"GFP_HIGHUSER_MOVABLE", {F(WAIT), F(IO), F(FS), F(HARDWALL), F(HIGHMEM), F(MOVABLE)}},
    {"GFP_HIGHUSER", {F(WAIT), F(IO), F(FS), F(HARDWALL), F(HIGHMEM)}},
    {"GFP_USER", {F(WAIT), F(IO), F(FS), F(HARDWALL)}},
    {"GFP_TEMPORARY", {F(WAIT), F(IO), F(FS), F(RECLAIMABLE)}},
    {"GFP_KERNEL", {F(WAIT), F(IO), F(FS)}},
    {"GFP_NOFS", {F(WAIT), F(IO)}},
    {"GFP_ATOMIC", {F(HIGH)}},
    {"GFP_NOIO", {F(WAIT)}},
    S("GFP_HIGH", HIGH),
    S("GFP_WAIT", WAIT),
    S("GFP_IO", IO),
    S("GFP_COLD", COLD),
    S("GFP_NOWARN", NOWARN),
    S("GFP_REPEAT", REPEAT),
    S("GFP_NOFAIL", NOFAIL),
    S("GFP_NORETRY", NORETRY),
    S("GFP_COMP", COMP),
    S("GFP_ZERO", ZERO),
    S("GFP_NOMEMALLOC", NOMEMALLOC),
    S("GFP_HARDWALL", HARDWALL),
    S("GFP_THISNODE", THISNODE),
    S("GFP_RECLAIMABLE", RECLAIMABLE),
    S("GFP_MOVABLE", MOVABLE),
    S("GFP_NOTRACK", NOTRACK),
    S("GFP_NO_KSWAPD", NO_KSWAPD),
    S("GFP_OTHER_NODE", OTHER_NODE),
    {0, {0}},
};

/* ---- 4.4+: names with "__", "none" for 0; composites, then GFP_DMA,
   __GFP_HIGHMEM, GFP_DMA32 and the single flags. -------------------------- */

/* 4.4 - 4.9 (gfpflags.h of 4.5; 4.4 has NOACCOUNT where 4.5 has ACCOUNT) */
static const struct pa_gfp_name names_44[] = {
    {"GFP_TRANSHUGE", {F(DIRECT_RECLAIM), F(IO), F(FS), F(HARDWALL), F(HIGHMEM), F(MOVABLE), F(COMP), F(NOMEMALLOC), F(NORETRY), F(NOWARN)}},
    {"GFP_HIGHUSER_MOVABLE", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO), F(FS), F(HARDWALL), F(HIGHMEM), F(MOVABLE)}},
    {"GFP_HIGHUSER", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO), F(FS), F(HARDWALL), F(HIGHMEM)}},
    {"GFP_USER", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO), F(FS), F(HARDWALL)}},
    {"GFP_TEMPORARY", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO), F(FS), F(RECLAIMABLE)}},
    {"GFP_KERNEL_ACCOUNT", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO), F(FS), F(ACCOUNT)}},
    {"GFP_KERNEL", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO), F(FS)}},
    {"GFP_NOFS", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO)}},
    {"GFP_ATOMIC", {F(HIGH), F(ATOMIC), F(KSWAPD_RECLAIM)}},
    {"GFP_NOIO", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM)}},
    {"GFP_NOWAIT", {F(KSWAPD_RECLAIM)}},
    {"GFP_DMA", {F(DMA)}},
    S("__GFP_HIGHMEM", HIGHMEM),
    {"GFP_DMA32", {F(DMA32)}},
    S("__GFP_HIGH", HIGH),
    S("__GFP_ATOMIC", ATOMIC),
    S("__GFP_IO", IO),
    S("__GFP_FS", FS),
    S("__GFP_COLD", COLD),
    S("__GFP_NOWARN", NOWARN),
    S("__GFP_REPEAT", REPEAT),
    S("__GFP_NOFAIL", NOFAIL),
    S("__GFP_NORETRY", NORETRY),
    S("__GFP_COMP", COMP),
    S("__GFP_ZERO", ZERO),
    S("__GFP_NOMEMALLOC", NOMEMALLOC),
    S("__GFP_MEMALLOC", MEMALLOC),
    S("__GFP_HARDWALL", HARDWALL),
    S("__GFP_THISNODE", THISNODE),
    S("__GFP_RECLAIMABLE", RECLAIMABLE),
    S("__GFP_MOVABLE", MOVABLE),
    S("__GFP_ACCOUNT", ACCOUNT),
    S("__GFP_NOACCOUNT", NOACCOUNT),
    S("__GFP_NOTRACK", NOTRACK),
    S("__GFP_WRITE", WRITE),
    {"__GFP_RECLAIM", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM)}},
    S("__GFP_DIRECT_RECLAIM", DIRECT_RECLAIM),
    S("__GFP_KSWAPD_RECLAIM", KSWAPD_RECLAIM),
    S("__GFP_OTHER_NODE", OTHER_NODE),
    {0, {0}},
};

/* 4.10 - 4.14 (RETRY_MAYFAIL is REPEAT's bit; the parser takes both names) */
static const struct pa_gfp_name names_410[] = {
    {"GFP_TRANSHUGE", {F(IO), F(FS), F(HARDWALL), F(HIGHMEM), F(MOVABLE), F(COMP), F(NOMEMALLOC), F(NOWARN), F(DIRECT_RECLAIM)}},
    {"GFP_TRANSHUGE_LIGHT", {F(IO), F(FS), F(HARDWALL), F(HIGHMEM), F(MOVABLE), F(COMP), F(NOMEMALLOC), F(NOWARN)}},
    {"GFP_HIGHUSER_MOVABLE", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO), F(FS), F(HARDWALL), F(HIGHMEM), F(MOVABLE)}},
    {"GFP_HIGHUSER", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO), F(FS), F(HARDWALL), F(HIGHMEM)}},
    {"GFP_USER", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO), F(FS), F(HARDWALL)}},
    {"GFP_TEMPORARY", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO), F(FS), F(RECLAIMABLE)}},
    {"GFP_KERNEL_ACCOUNT", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO), F(FS), F(ACCOUNT)}},
    {"GFP_KERNEL", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO), F(FS)}},
    {"GFP_NOFS", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO)}},
    {"GFP_ATOMIC", {F(HIGH), F(ATOMIC), F(KSWAPD_RECLAIM)}},
    {"GFP_NOIO", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM)}},
    {"GFP_NOWAIT", {F(KSWAPD_RECLAIM)}},
    {"GFP_DMA", {F(DMA)}},
    S("__GFP_HIGHMEM", HIGHMEM),
    {"GFP_DMA32", {F(DMA32)}},
    S("__GFP_HIGH", HIGH),
    S("__GFP_ATOMIC", ATOMIC),
    S("__GFP_IO", IO),
    S("__GFP_FS", FS),
    S("__GFP_COLD", COLD),
    S("__GFP_NOWARN", NOWARN),
    S("__GFP_RETRY_MAYFAIL", RETRY_MAYFAIL),
    S("__GFP_NOFAIL", NOFAIL),
    S("__GFP_NORETRY", NORETRY),
    S("__GFP_COMP", COMP),
    S("__GFP_ZERO", ZERO),
    S("__GFP_NOMEMALLOC", NOMEMALLOC),
    S("__GFP_MEMALLOC", MEMALLOC),
    S("__GFP_HARDWALL", HARDWALL),
    S("__GFP_THISNODE", THISNODE),
    S("__GFP_RECLAIMABLE", RECLAIMABLE),
    S("__GFP_MOVABLE", MOVABLE),
    S("__GFP_ACCOUNT", ACCOUNT),
    S("__GFP_WRITE", WRITE),
    {"__GFP_RECLAIM", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM)}},
    S("__GFP_DIRECT_RECLAIM", DIRECT_RECLAIM),
    S("__GFP_KSWAPD_RECLAIM", KSWAPD_RECLAIM),
    {0, {0}},
};

/* 4.15 - 6.14: one table with small variations, built from the pieces
   below: the composites (GFP_HIGHUSER_MOVABLE and the THP masks built from it
   take __GFP_SKIP_KASAN_POISON in 5.14 - 5.17), GFP_ATOMIC (no __GFP_ATOMIC
   from 6.3), then the single flags, with the KASAN bits at the end where the
   era names them. */
#define KERNEL_44 F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO), F(FS)
#define THP_LIGHT F(IO), F(FS), F(HARDWALL), F(HIGHMEM), F(MOVABLE), F(COMP), F(NOMEMALLOC), F(NOWARN)
#define NO_EXTRA
#define KASAN_EXTRA , F(SKIP_KASAN_POISON)
#define NAMES_415_COMPOSITES(extra, atomic)                                                \
    {"GFP_TRANSHUGE", {THP_LIGHT, F(DIRECT_RECLAIM) extra}},                               \
    {"GFP_TRANSHUGE_LIGHT", {THP_LIGHT extra}},                                            \
    {"GFP_HIGHUSER_MOVABLE", {KERNEL_44, F(HARDWALL), F(HIGHMEM), F(MOVABLE) extra}},      \
    {"GFP_HIGHUSER", {KERNEL_44, F(HARDWALL), F(HIGHMEM)}},                                \
    {"GFP_USER", {KERNEL_44, F(HARDWALL)}},                                                \
    {"GFP_KERNEL_ACCOUNT", {KERNEL_44, F(ACCOUNT)}},                                       \
    {"GFP_KERNEL", {KERNEL_44}},                                                           \
    {"GFP_NOFS", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO)}},                           \
    {"GFP_ATOMIC", {atomic}},                                                              \
    {"GFP_NOIO", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM)}},                                  \
    {"GFP_NOWAIT", {F(KSWAPD_RECLAIM)}},                                                   \
    {"GFP_DMA", {F(DMA)}},                                                                 \
    S("__GFP_HIGHMEM", HIGHMEM),                                                           \
    {"GFP_DMA32", {F(DMA32)}},                                                             \
    S("__GFP_HIGH", HIGH)
#define ATOMIC_44 F(HIGH), F(ATOMIC), F(KSWAPD_RECLAIM)
#define ATOMIC_63 F(HIGH), F(KSWAPD_RECLAIM)
#define NAMES_415_SINGLES                                                                  \
    S("__GFP_IO", IO), S("__GFP_FS", FS), S("__GFP_NOWARN", NOWARN),                       \
    S("__GFP_RETRY_MAYFAIL", RETRY_MAYFAIL), S("__GFP_NOFAIL", NOFAIL),                    \
    S("__GFP_NORETRY", NORETRY), S("__GFP_COMP", COMP), S("__GFP_ZERO", ZERO),             \
    S("__GFP_NOMEMALLOC", NOMEMALLOC), S("__GFP_MEMALLOC", MEMALLOC),                      \
    S("__GFP_HARDWALL", HARDWALL), S("__GFP_THISNODE", THISNODE),                          \
    S("__GFP_RECLAIMABLE", RECLAIMABLE), S("__GFP_MOVABLE", MOVABLE),                      \
    S("__GFP_ACCOUNT", ACCOUNT), S("__GFP_WRITE", WRITE),                                  \
    {"__GFP_RECLAIM", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM)}},                             \
    S("__GFP_DIRECT_RECLAIM", DIRECT_RECLAIM), S("__GFP_KSWAPD_RECLAIM", KSWAPD_RECLAIM)

/* 4.15 - 5.13 */
static const struct pa_gfp_name names_415[] = {
    NAMES_415_COMPOSITES(NO_EXTRA, ATOMIC_44),
    S("__GFP_ATOMIC", ATOMIC),
    NAMES_415_SINGLES,
    {0, {0}},
};

/* 5.14 - 5.17: __GFP_ZEROTAGS 0x800000 and __GFP_SKIP_KASAN_POISON 0x1000000
   exist on every build and GFP_HIGHUSER_MOVABLE carries the latter: a 5.15
   x86 kernel prints 0x1100cca(GFP_HIGHUSER_MOVABLE) (github.com/awslabs/
   mountpoint-s3/issues/1206). 5.18 made the KASAN bits depend on
   CONFIG_KASAN_HW_TAGS (Andrey Konovalov's series, Mar 2022), so x86 is back
   to 0x100cca; __GFP_ZEROTAGS stays. */
static const struct pa_gfp_name names_514[] = {
    NAMES_415_COMPOSITES(KASAN_EXTRA, ATOMIC_44),
    S("__GFP_ATOMIC", ATOMIC),
    NAMES_415_SINGLES,
    S("__GFP_ZEROTAGS", ZEROTAGS),
    S("__GFP_SKIP_KASAN_POISON", SKIP_KASAN_POISON),
    {0, {0}},
};

/* 5.18 - 6.2 */
static const struct pa_gfp_name names_518[] = {
    NAMES_415_COMPOSITES(NO_EXTRA, ATOMIC_44),
    S("__GFP_ATOMIC", ATOMIC),
    NAMES_415_SINGLES,
    S("__GFP_ZEROTAGS", ZEROTAGS),
    {0, {0}},
};

/* 6.3 - 6.14: no __GFP_ATOMIC (the 6.6 table, read in CodeLinaro's qsdk
   linux-ipq-6.6, names __GFP_ZEROTAGS) */
static const struct pa_gfp_name names_63[] = {
    NAMES_415_COMPOSITES(NO_EXTRA, ATOMIC_63),
    NAMES_415_SINGLES,
    S("__GFP_ZEROTAGS", ZEROTAGS),
    {0, {0}},
};
/* 6.15+: after the composites the single flags come from the kernel's own
   bit list, in bit order (__GFP_ZERO before __GFP_COMP): commit ca29a0bf1221
   "tracing: gfp: Remove duplication of recording GFP flags" (trace tree,
   "Updates for 6.15"). 6.17: GFP_NOWAIT includes __GFP_NOWARN (commit
   16f5dfbc851b "gfp: include __GFP_NOWARN in GFP_NOWAIT"). */
#define NAMES_615(nowait)                                                                  \
    {"GFP_TRANSHUGE", {THP_LIGHT, F(DIRECT_RECLAIM)}}, {"GFP_TRANSHUGE_LIGHT", {THP_LIGHT}}, \
    {"GFP_HIGHUSER_MOVABLE", {KERNEL_44, F(HARDWALL), F(HIGHMEM), F(MOVABLE)}},            \
    {"GFP_HIGHUSER", {KERNEL_44, F(HARDWALL), F(HIGHMEM)}},                                \
    {"GFP_USER", {KERNEL_44, F(HARDWALL)}}, {"GFP_KERNEL_ACCOUNT", {KERNEL_44, F(ACCOUNT)}}, \
    {"GFP_KERNEL", {KERNEL_44}}, {"GFP_NOFS", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM), F(IO)}}, \
    {"GFP_ATOMIC", {ATOMIC_63}}, {"GFP_NOIO", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM)}},      \
    {"GFP_NOWAIT", {nowait}}, {"GFP_DMA", {F(DMA)}}, {"GFP_DMA32", {F(DMA32)}},            \
    {"__GFP_RECLAIM", {F(DIRECT_RECLAIM), F(KSWAPD_RECLAIM)}},                             \
    S("__GFP_DMA", DMA), S("__GFP_HIGHMEM", HIGHMEM), S("__GFP_DMA32", DMA32),             \
    S("__GFP_MOVABLE", MOVABLE), S("__GFP_RECLAIMABLE", RECLAIMABLE), S("__GFP_HIGH", HIGH), \
    S("__GFP_IO", IO), S("__GFP_FS", FS), S("__GFP_ZERO", ZERO),                           \
    S("__GFP_DIRECT_RECLAIM", DIRECT_RECLAIM), S("__GFP_KSWAPD_RECLAIM", KSWAPD_RECLAIM),  \
    S("__GFP_WRITE", WRITE), S("__GFP_NOWARN", NOWARN),                                    \
    S("__GFP_RETRY_MAYFAIL", RETRY_MAYFAIL), S("__GFP_NOFAIL", NOFAIL),                    \
    S("__GFP_NORETRY", NORETRY), S("__GFP_MEMALLOC", MEMALLOC), S("__GFP_COMP", COMP),     \
    S("__GFP_NOMEMALLOC", NOMEMALLOC), S("__GFP_HARDWALL", HARDWALL),                      \
    S("__GFP_THISNODE", THISNODE), S("__GFP_ACCOUNT", ACCOUNT), S("__GFP_ZEROTAGS", ZEROTAGS), \
    {0, {0}}
#define NOWAIT_615 F(KSWAPD_RECLAIM)
#define NOWAIT_617 F(KSWAPD_RECLAIM), F(NOWARN)
static const struct pa_gfp_name names_615[] = {NAMES_615(NOWAIT_615)};
static const struct pa_gfp_name names_617[] = {NAMES_615(NOWAIT_617)};


/* ---- bit layouts (kernel-semantics 10) ------------------------------------
   Each era's layout is its family's common bits plus what that release
   added or dropped. */

#define BITS_ZONES [F(DMA)] = 0x1, [F(HIGHMEM)] = 0x2, [F(DMA32)] = 0x4, [F(MOVABLE)] = 0x8
/* <= 4.3 (with the RHEL6 and 2.6.38+ additions below) */
#define BITS_2632                                                                          \
    BITS_ZONES, [F(WAIT)] = 0x10, [F(HIGH)] = 0x20, [F(IO)] = 0x40, [F(FS)] = 0x80,        \
    [F(COLD)] = 0x100, [F(NOWARN)] = 0x200, [F(REPEAT)] = 0x400, [F(NOFAIL)] = 0x800,      \
    [F(NORETRY)] = 0x1000, [F(COMP)] = 0x4000, [F(ZERO)] = 0x8000,                         \
    [F(NOMEMALLOC)] = 0x10000, [F(HARDWALL)] = 0x20000, [F(THISNODE)] = 0x40000,           \
    [F(RECLAIMABLE)] = 0x80000, [F(NOTRACK)] = 0x200000
/* 4.4 - 4.9, less bit 0x100000 (4.4 NOACCOUNT, 4.5+ ACCOUNT) */
#define BITS_44                                                                            \
    BITS_ZONES, [F(RECLAIMABLE)] = 0x10, [F(HIGH)] = 0x20, [F(IO)] = 0x40, [F(FS)] = 0x80, \
    [F(COLD)] = 0x100, [F(NOWARN)] = 0x200, [F(REPEAT)] = 0x400, [F(NOFAIL)] = 0x800,      \
    [F(NORETRY)] = 0x1000, [F(MEMALLOC)] = 0x2000, [F(COMP)] = 0x4000,                     \
    [F(ZERO)] = 0x8000, [F(NOMEMALLOC)] = 0x10000, [F(HARDWALL)] = 0x20000,                \
    [F(THISNODE)] = 0x40000, [F(ATOMIC)] = 0x80000, [F(NOTRACK)] = 0x200000,               \
    [F(DIRECT_RECLAIM)] = 0x400000, [F(OTHER_NODE)] = 0x800000, [F(WRITE)] = 0x1000000,    \
    [F(KSWAPD_RECLAIM)] = 0x2000000
/* 5.1+ (6.3 dropped __GFP_ATOMIC, added to the 5.1 set below) */
#define BITS_63                                                                            \
    BITS_ZONES, [F(RECLAIMABLE)] = 0x10, [F(HIGH)] = 0x20, [F(IO)] = 0x40, [F(FS)] = 0x80, \
    [F(ZERO)] = 0x100, [F(DIRECT_RECLAIM)] = 0x400, [F(KSWAPD_RECLAIM)] = 0x800,           \
    [F(WRITE)] = 0x1000, [F(NOWARN)] = 0x2000, [F(RETRY_MAYFAIL)] = 0x4000,                \
    [F(NOFAIL)] = 0x8000, [F(NORETRY)] = 0x10000, [F(MEMALLOC)] = 0x20000,                 \
    [F(COMP)] = 0x40000, [F(NOMEMALLOC)] = 0x80000, [F(HARDWALL)] = 0x100000,              \
    [F(THISNODE)] = 0x200000, [F(ACCOUNT)] = 0x400000
#define BITS_51 BITS_63, [F(ATOMIC)] = 0x200

#define LAYOUT(id, nm, names_table, zero, ...)                                             \
    const struct pa_gfp_layout pa_gfp_layout_##id = {                                      \
        .name = nm, .bit = {__VA_ARGS__}, .names = names_table, .zero_name = zero}

LAYOUT(2632, "2.6.24-2.6.37", names_2632, "GFP_NOWAIT", BITS_2632);
LAYOUT(rhel6, "RHEL6 2.6.32-*.el6", names_rhel6, "GFP_NOWAIT", BITS_2632,
       [F(NO_KSWAPD)] = 0x400000, [F(OTHER_NODE)] = 0x800000);
LAYOUT(3x, "2.6.38-4.3", names_3x, "GFP_NOWAIT", BITS_2632, [F(NO_KSWAPD)] = 0x400000,
       [F(OTHER_NODE)] = 0x800000, [F(MEMALLOC)] = 0x2000, [F(WRITE)] = 0x1000000);
LAYOUT(440, "4.4", names_44, "none", BITS_44, [F(NOACCOUNT)] = 0x100000);
LAYOUT(44, "4.5-4.9", names_44, "none", BITS_44, [F(ACCOUNT)] = 0x100000);
LAYOUT(410, "4.10-4.14", names_410, "none", BITS_ZONES, [F(RECLAIMABLE)] = 0x10,
       [F(HIGH)] = 0x20, [F(IO)] = 0x40, [F(FS)] = 0x80, [F(COLD)] = 0x100,
       [F(NOWARN)] = 0x200, [F(REPEAT)] = 0x400, [F(RETRY_MAYFAIL)] = 0x400,
       [F(NOFAIL)] = 0x800, [F(NORETRY)] = 0x1000, [F(MEMALLOC)] = 0x2000, [F(COMP)] = 0x4000,
       [F(ZERO)] = 0x8000, [F(NOMEMALLOC)] = 0x10000, [F(HARDWALL)] = 0x20000,
       [F(THISNODE)] = 0x40000, [F(ATOMIC)] = 0x80000, [F(ACCOUNT)] = 0x100000,
       [F(DIRECT_RECLAIM)] = 0x400000, [F(WRITE)] = 0x800000, [F(KSWAPD_RECLAIM)] = 0x1000000);
LAYOUT(415, "4.15-5.0", names_415, "none", BITS_ZONES, [F(RECLAIMABLE)] = 0x10,
       [F(HIGH)] = 0x20, [F(IO)] = 0x40, [F(FS)] = 0x80, [F(WRITE)] = 0x100,
       [F(NOWARN)] = 0x200, [F(RETRY_MAYFAIL)] = 0x400, [F(NOFAIL)] = 0x800,
       [F(NORETRY)] = 0x1000, [F(MEMALLOC)] = 0x2000, [F(COMP)] = 0x4000, [F(ZERO)] = 0x8000,
       [F(NOMEMALLOC)] = 0x10000, [F(HARDWALL)] = 0x20000, [F(THISNODE)] = 0x40000,
       [F(ATOMIC)] = 0x80000, [F(ACCOUNT)] = 0x100000, [F(DIRECT_RECLAIM)] = 0x200000,
       [F(KSWAPD_RECLAIM)] = 0x400000);
LAYOUT(51, "5.1-5.13", names_415, "none", BITS_51);
LAYOUT(514, "5.14-5.17", names_514, "none", BITS_51, [F(ZEROTAGS)] = 0x800000,
       [F(SKIP_KASAN_POISON)] = 0x1000000);
LAYOUT(518, "5.18-6.2", names_518, "none", BITS_51, [F(ZEROTAGS)] = 0x800000);
LAYOUT(63, "6.3-6.14", names_63, "none", BITS_63, [F(ZEROTAGS)] = 0x800000);
LAYOUT(615, "6.15-6.16", names_615, "none", BITS_63, [F(ZEROTAGS)] = 0x800000);
LAYOUT(617, "6.17+", names_617, "none", BITS_63, [F(ZEROTAGS)] = 0x800000);
