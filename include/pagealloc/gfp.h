/*
 * pagealloc/gfp.h - GFP masks of every era: decoding, encoding, printing and
 * what the allocator derives from a mask (highest zone, class zone,
 * migratetype, ALLOC flags). kernel-semantics sections 10, 1.2, 5.3, 3.5.
 *
 * A raw mode is a uint64_t in the bit layout of a profile (the kernel moved
 * the bits several times: GFP_KERNEL is 0xd0 on 2.6.32, 0x24000c0 on 4.4,
 * 0xcc0 on 5.4+). Flags are named by enum pa_gfp_flag, independent of the
 * layout; a layout (struct pa_gfp_layout) gives each flag's bit in one era
 * (0 = the flag does not exist there) and the composite names the kernel of
 * that era prints first. Parsing and printing are in src/format/gfp.c, the
 * derivations in src/mm/gfp.c; neither does I/O.
 */
#ifndef PAGEALLOC_GFP_H
#define PAGEALLOC_GFP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagealloc/mm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Every single GFP flag of any era (the kernel's __GFP_* names). */
enum pa_gfp_flag {
    PA_GFP_NONE = 0,        /* terminator of flag lists                              */
    PA_GFP_DMA,
    PA_GFP_HIGHMEM,
    PA_GFP_DMA32,
    PA_GFP_MOVABLE,
    PA_GFP_RECLAIMABLE,
    PA_GFP_WAIT,            /* <= 4.3: the caller can sleep                          */
    PA_GFP_HIGH,
    PA_GFP_IO,
    PA_GFP_FS,
    PA_GFP_COLD,            /* <= 4.14                                                */
    PA_GFP_NOWARN,
    PA_GFP_REPEAT,          /* <= 4.13                                                */
    PA_GFP_RETRY_MAYFAIL,   /* 4.13+ (same bit as REPEAT)                             */
    PA_GFP_NOFAIL,
    PA_GFP_NORETRY,
    PA_GFP_MEMALLOC,        /* 3.6+                                                   */
    PA_GFP_COMP,
    PA_GFP_ZERO,
    PA_GFP_NOMEMALLOC,
    PA_GFP_HARDWALL,
    PA_GFP_THISNODE,
    PA_GFP_ATOMIC,          /* 4.4 - 6.2                                              */
    PA_GFP_NOACCOUNT,       /* 4.4 only                                               */
    PA_GFP_ACCOUNT,         /* 4.5+                                                   */
    PA_GFP_NOTRACK,         /* <= 4.14 (kmemcheck)                                    */
    PA_GFP_NO_KSWAPD,       /* 2.6.38 - 4.3, RHEL6                                    */
    PA_GFP_OTHER_NODE,      /* 2.6.38 - 4.9, RHEL6                                    */
    PA_GFP_WRITE,           /* 3.2+                                                   */
    PA_GFP_DIRECT_RECLAIM,  /* 4.4+                                                   */
    PA_GFP_KSWAPD_RECLAIM,  /* 4.4+                                                   */
    PA_GFP_NOLOCKDEP,       /* 4.12+ (CONFIG_LOCKDEP)                                 */
    PA_GFP_ZEROTAGS,        /* 5.13+ (KASAN hw tags)                                  */
    PA_GFP_SKIP_KASAN_POISON,
    PA_GFP_SKIP_ZERO,
    PA_GFP_SKIP_KASAN,
    PA_GFP_NO_OBJ_EXT,      /* 6.10+ (CONFIG_SLAB_OBJ_EXT)                            */
    PA_GFP_FLAG_COUNT
};

/* One entry of an era's name table: a composite (GFP_KERNEL) or a single
   flag (__GFP_COMP), as the set of flags it stands for (zero-terminated). The
   table is walked in order when printing (kernel-semantics 10, "%pGg"). */
#define PA_GFP_NAME_MAXF 12
struct pa_gfp_name {
    const char *name;
    enum pa_gfp_flag f[PA_GFP_NAME_MAXF];
};

/* One era's bit layout. */
struct pa_gfp_layout {
    const char *name;                       /* "4.4-4.9", ...                       */
    uint64_t bit[PA_GFP_FLAG_COUNT];        /* 0: flag absent in this era           */
    const struct pa_gfp_name *names;        /* print table, terminated by {NULL}    */
    const char *zero_name;                  /* what a 0 mask prints as              */
};

/* The layouts (src/mm/gfp_layout.c; kernel-semantics 10). */
extern const struct pa_gfp_layout pa_gfp_layout_2632;  /* 2.6.24 - 2.6.37          */
extern const struct pa_gfp_layout pa_gfp_layout_rhel6; /* RHEL6 2.6.32-*.el6       */
extern const struct pa_gfp_layout pa_gfp_layout_3x;    /* 2.6.38 - 4.3             */
extern const struct pa_gfp_layout pa_gfp_layout_440;   /* 4.4 (__GFP_NOACCOUNT)    */
extern const struct pa_gfp_layout pa_gfp_layout_44;    /* 4.5 - 4.9                */
extern const struct pa_gfp_layout pa_gfp_layout_410;   /* 4.10 - 4.14              */
extern const struct pa_gfp_layout pa_gfp_layout_415;   /* 4.15 - 5.0               */
extern const struct pa_gfp_layout pa_gfp_layout_51;    /* 5.1 - 5.13               */
extern const struct pa_gfp_layout pa_gfp_layout_514;   /* 5.14 - 5.17 (KASAN bits) */
extern const struct pa_gfp_layout pa_gfp_layout_518;   /* 5.18 - 6.2               */
extern const struct pa_gfp_layout pa_gfp_layout_63;    /* 6.3 - 6.14               */
extern const struct pa_gfp_layout pa_gfp_layout_615;   /* 6.15 - 6.16 (bit order)  */
extern const struct pa_gfp_layout pa_gfp_layout_617;   /* 6.17+ (GFP_NOWAIT|NOWARN)*/

/* The mask an entry of a name table stands for in its layout (0 if one of
   its flags does not exist there). */
uint64_t pa_gfp_name_mask(const struct pa_gfp_layout *l, const struct pa_gfp_name *e);

/* The kernel name of a flag ("__GFP_COMP"). */
const char *pa_gfp_flag_name(enum pa_gfp_flag f);
/* The flag's bit in the profile's layout (0 if absent). */
uint64_t pa_gfp_bit(const struct pa_profile *p, enum pa_gfp_flag f);
static inline bool pa_gfp_has(const struct pa_profile *p, uint64_t raw, enum pa_gfp_flag f)
{
    uint64_t b = pa_gfp_bit(p, f);
    return b && (raw & b);
}
/* The value of a composite name in the profile's layout ("GFP_KERNEL"),
   false if the era has no such name. */
bool pa_gfp_composite_value(const struct pa_profile *p, const char *name, uint64_t *raw);
/* Bits of raw that no flag of the layout names. */
uint64_t pa_gfp_unknown_bits(const struct pa_profile *p, uint64_t raw);

/* Text both ways (pa_gfp_parse, pa_gfp_format): pagealloc/gfp_text.h. */
/* Translate a mode from one era's layout to another's, flag by flag. Flags
   with no equivalent in `to` are reported in *lost (as bits of `from`). */
uint64_t pa_gfp_translate(const struct pa_profile *from, uint64_t raw,
                          const struct pa_profile *to, uint64_t *lost);

/* ---- derivations (src/mm/gfp.c) ----------------------------------------------- */

/* Highest zone the request may use (gfp_zone, kernel-semantics 1.2), as if
   every zone type were configured; the zonelist walk skips absent zones, so
   HIGHMEM on x86_64 effectively means Normal. PA_ZONE_TYPES for an invalid
   combination (the kernel BUGs). */
enum pa_zone_type pa_gfp_zone(const struct pa_profile *p, uint64_t raw);
/* The lowmem_reserve index the era uses (1.4): <= 5.7 the preferred zone =
   the highest populated zone <= gfp_zone on the node (populated[t] says which
   exist); 5.8+ gfp_zone itself. PA_ZONE_TYPES if none qualifies. */
enum pa_zone_type pa_gfp_classzone(const struct pa_profile *p, uint64_t raw,
                                   const bool populated[PA_ZONE_TYPES]);
/* The same from gfp_zone's answer hz (a request decoded once). */
enum pa_zone_type pa_gfp_classzone_of(const struct pa_profile *p, enum pa_zone_type hz,
                                      const bool populated[PA_ZONE_TYPES]);
/* Migratetype of the request (5.3). */
enum pa_migratetype pa_gfp_migratetype(const struct pa_profile *p, uint64_t raw);

/* What the ALLOC flags depend on besides the mask (task state, zones). */
struct pa_alloc_ctx {
    bool rt_task;                /* realtime (6.x: or deadline) task               */
    bool in_interrupt;           /* hard or soft irq context                       */
    bool pf_memalloc;            /* task is reclaiming (PF_MEMALLOC)               */
    bool oom_victim;             /* TIF_MEMDIE / tsk_is_oom_victim                 */
    bool cpusets_enabled;        /* 4.7+: CPUSET only when cpusets are in use      */
    enum pa_zone_type preferred_zone; /* first zone of the zonelist (NOFRAGMENT)   */
    bool numa;                   /* more than one node online                      */
    bool dma32_populated;        /* the preferred node has a DMA32 zone            */
};
/* The default context: an ordinary task, one node with DMA, DMA32, Normal, the
   preferred zone min(gfp_zone, Normal). */
void pa_alloc_ctx_default(const struct pa_profile *p, uint64_t raw, struct pa_alloc_ctx *ctx);

/* ALLOC flags (canonical PA_ALLOC_* bits of watermark.h, the WMARK index in
   the low two bits): the fast path (LOW + the era's extras) or the slow path
   (gfp_to_alloc_flags, MIN based, with the reserve flags of the ctx applied as
   the retry loop does). kernel-semantics 3.5. */
unsigned pa_gfp_to_alloc_flags(const struct pa_profile *p, uint64_t raw, unsigned order,
                               bool slow_path);
unsigned pa_gfp_to_alloc_flags_ctx(const struct pa_profile *p, uint64_t raw, unsigned order,
                                   bool slow_path, const struct pa_alloc_ctx *ctx);

/* Predicates the slow path needs (6.2 - 6.4, 8.1). */
bool pa_gfp_can_direct_reclaim(const struct pa_profile *p, uint64_t raw); /* WAIT / DIRECT_RECLAIM */
bool pa_gfp_can_wake_kswapd(const struct pa_profile *p, uint64_t raw);    /* !NO_KSWAPD / KSWAPD_RECLAIM */
bool pa_gfp_is_atomic(const struct pa_profile *p, uint64_t raw);          /* the era's "atomic" test */
bool pa_gfp_can_compact(const struct pa_profile *p, uint64_t raw);        /* IO (+FS <= 4.4) */
bool pa_gfp_may_oom(const struct pa_profile *p, uint64_t raw, unsigned order);
bool pa_gfp_is_thp(const struct pa_profile *p, uint64_t raw);             /* GFP_TRANSHUGE-like */

#ifdef __cplusplus
}
#endif
#endif
