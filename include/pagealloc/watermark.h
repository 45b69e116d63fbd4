/*
 * pagealloc/watermark.h - watermarks of every era: the ALLOC flags, the
 * watermark check (kernel-semantics 3.1 - 3.4) with an optional step trace
 * (numbers; pagealloc/wmark_text.h renders it),
 * and the setup of min_free_kbytes, per-zone MIN/LOW/HIGH/PROMO,
 * lowmem_reserve, boost and MIGRATE_RESERVE pageblocks (sections 1.4, 2).
 *
 * One check reads either a zone in place (pa_zone_watermark_*, what the
 * allocator calls) or a struct pa_wmark_state of numbers parsed from a
 * failure report or /proc/zoneinfo (explain, analyze), with the same code. The state's
 * "lists known" flag says whether per-migratetype emptiness is known: a
 * 2.6.32 report prints no letters, and then eras B/C assume a block of any
 * order is on a usable list (the trace says so).
 */
#ifndef PAGEALLOC_WATERMARK_H
#define PAGEALLOC_WATERMARK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagealloc/mm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- ALLOC flags ---------------------------------------------------------------
 * Canonical bits, the same in every era; pa_alloc_flags_kernel() gives the
 * value the kernel of an era used (3.5 table), for printing. The low two bits
 * are the watermark index, as in the kernel. */
enum pa_alloc_flags {
    PA_ALLOC_WMARK_MIN = 0,
    PA_ALLOC_WMARK_LOW = 1,
    PA_ALLOC_WMARK_HIGH = 2,
    PA_ALLOC_WMARK_PROMO = 3,       /* 6.x watermark index only                 */
    PA_ALLOC_WMARK_MASK = 3,
    PA_ALLOC_NO_WATERMARKS = 0x04,
    PA_ALLOC_OOM = 0x08,            /* 4.15+                                    */
    PA_ALLOC_HARDER = 0x10,         /* <= 6.2                                   */
    PA_ALLOC_HIGH = 0x20,           /* <= 6.2 (= __GFP_HIGH)                    */
    PA_ALLOC_CPUSET = 0x40,
    PA_ALLOC_CMA = 0x80,            /* 3.5+                                     */
    PA_ALLOC_FAIR = 0x100,          /* 3.12 - 4.7                               */
    PA_ALLOC_NOFRAGMENT = 0x200,    /* 5.0+                                     */
    PA_ALLOC_KSWAPD = 0x400,        /* 5.0+                                     */
    PA_ALLOC_NON_BLOCK = 0x800,     /* 6.3+                                     */
    PA_ALLOC_MIN_RESERVE = 0x1000,  /* 6.3+ (from __GFP_HIGH)                   */
    PA_ALLOC_HIGHATOMIC = 0x2000,   /* 6.3+                                     */
    PA_ALLOC_TRYLOCK = 0x4000,      /* 6.15+                                    */
};
#define PA_ALLOC_RESERVES                                                                  \
    (PA_ALLOC_NON_BLOCK | PA_ALLOC_MIN_RESERVE | PA_ALLOC_HIGHATOMIC | PA_ALLOC_OOM)

/* The kernel's numeric value of canonical flags in the profile's era. */
unsigned pa_alloc_flags_kernel(const struct pa_profile *p, unsigned flags);
/* "ALLOC_WMARK_MIN|ALLOC_CPUSET|ALLOC_HARDER" with the era's names (6.3+
   prints ALLOC_NON_BLOCK etc.) into buf; returns buf. */
const char *pa_alloc_flags_names(const struct pa_profile *p, unsigned flags, char *buf,
                                 size_t n);

/* ---- the state the check reads ------------------------------------------------- */
struct pa_wmark_state {
    int64_t free_pages;                   /* NR_FREE_PAGES (vmstat counter)        */
    unsigned max_order;                   /* 10 on x86_64                           */
    unsigned pageblock_order;             /* 9 on x86_64                            */
    uint64_t nr_free[PA_ORDER_CAP + 1];   /* free_area[o].nr_free (blocks)          */
    bool lists_known;                     /* mt_mask below is meaningful           */
    uint32_t mt_mask[PA_ORDER_CAP + 1];   /* bit (1u << enum pa_migratetype) set
                                             when that list of order o is non-empty */
    uint64_t nr_reserved_highatomic;      /* pages in HIGHATOMIC pageblocks         */
    uint64_t nr_free_highatomic;          /* free pages on HIGHATOMIC lists         */
    uint64_t free_cma;                    /* NR_FREE_CMA_PAGES                      */
    uint64_t lowmem_reserve[PA_ZONE_TYPES];
    uint64_t watermark[PA_NR_WMARK];      /* stored marks, without boost            */
    uint64_t boost;                       /* watermark_boost (5.0+)                 */
};

/* The mt_mask bits of a show_mem buddy-line letter set such as "UEM" or
   "(UMEH)" in the profile's era (kernel-semantics 11.4, 5.2: <= 4.3 U E M R
   C I, 4.4+ U M E H C I). -1 if a letter is not one that era prints. */
int64_t pa_mt_mask_from_letters(const struct pa_profile *p, const char *letters);

/* Fill s from a simulated zone (free lists, counters, marks). The allocator
   does not need it (pa_zone_watermark_* read the zone in place). */
void pa_wmark_state_from_zone(const struct pa_zone *z, struct pa_wmark_state *s);
/* The mark in use for alloc_flags' watermark index: stored + boost (5.0+). */
uint64_t pa_wmark_mark(const struct pa_profile *p, const struct pa_wmark_state *s,
                       unsigned alloc_flags);
uint64_t pa_zone_wmark_mark(const struct pa_profile *p, const struct pa_zone *z,
                            unsigned alloc_flags);

/* ---- the check with its trace ---------------------------------------------------- */
/* A trace is numbers only: what each step did (op), with which operands.
   src/format/wmark_trace.c turns it into text. */
enum pa_wmark_step_kind {
    PA_WSTEP_INFO = 0,   /* the rule, the inputs                                  */
    PA_WSTEP_SUB,        /* a subtraction or reduction: value = lhs - rhs          */
    PA_WSTEP_CMP,        /* a comparison "lhs <= rhs -> fail" / "lhs > rhs -> go on" */
    PA_WSTEP_SCAN,       /* era B/C: a free_area[order] looked at                  */
};
/* What a step did; the operands each op uses beyond kind/order/lhs/rhs/pass. */
enum pa_wmark_step_op {
    PA_WOP_BEGIN = 0,       /* v[0] order, v[1] mark, aux the ALLOC flags          */
    PA_WOP_BAD_CLASSZONE,   /* v[0] the class zone index out of range              */
    PA_WOP_ORDER_TOO_HIGH,  /* lhs order, rhs the highest order                    */
    PA_WOP_FREE_ADJUST,     /* free = lhs - rhs, rhs = 2^v[0] + v[1] (v[1] = +-1)  */
    PA_WOP_REDUCE,          /* min = lhs - lhs/v[0] = v[1], aux the PA_ALLOC_* flag */
    PA_WOP_CMA_LOOP,        /* loop eras: free CMA rhs does not count: lhs - rhs   */
    PA_WOP_CMA,             /* eras B/C: free = lhs - free CMA rhs                 */
    PA_WOP_HIGHATOMIC,      /* free = lhs - rhs; aux 1: nr_free_highatomic, 0:
                               nr_reserved_highatomic                              */
    PA_WOP_ORDER0,          /* lhs free <= rhs (v[0] min + v[1] lowmem_reserve)?    */
    PA_WOP_ORDER0_OK,       /* order 0 passed: done                                */
    PA_WOP_RHEL6_BASE,      /* loop threshold v[0] = lhs mark - rhs WMARK_MIN       */
    PA_WOP_LOOP_SUB,        /* free = lhs - rhs (v[0] blocks of 2^order); min v[1]
                               becomes v[2] (aux 1: halved)                        */
    PA_WOP_LOOP_CMP,        /* lhs free <= rhs min?                                */
    PA_WOP_ALL_PASSED,      /* every loop step passed                              */
    PA_WOP_SCAN_EMPTY,      /* no free block at order                              */
    PA_WOP_SCAN_HARDER_ANY, /* lhs blocks, and ALLOC_HARDER takes any (4.4)        */
    PA_WOP_SCAN_UNKNOWN,    /* lhs blocks, list types unknown: assumed usable      */
    PA_WOP_SCAN_HIT,        /* a block on the list of migratetype aux              */
    PA_WOP_SCAN_MISS,       /* lhs blocks, none on a list the request may use      */
    PA_WOP_NO_BLOCK,        /* no usable block of order >= v[0]                    */
    PA_WOP_FAST_OK,         /* lhs usable > rhs (v[0] mark + v[1] lowmem_reserve)  */
    PA_WOP_BOOST_RETRY,     /* retried at the un-boosted MIN v[0] (boost v[1])     */
};
struct pa_wmark_step {
    enum pa_wmark_step_kind kind;
    enum pa_wmark_step_op op;
    int order;            /* loop order, -1 outside the loop                       */
    int64_t lhs, rhs;     /* the numbers compared or subtracted                    */
    bool pass;            /* CMP / SCAN: the step let the check go on / succeed    */
    unsigned aux;         /* per op (above)                                        */
    int64_t v[3];         /* per op (above)                                        */
};
#define PA_WMARK_TRACE_MAX 64
struct pa_wmark_trace {
    const char *rule;         /* "kernel-semantics 3.1 (mainline 2.6.x - 4.3 loop)" */
    const struct pa_profile *profile; /* whose rules                              */
    int nr;
    struct pa_wmark_step step[PA_WMARK_TRACE_MAX];
    int decided;              /* index of the step that decided, -1 if none       */
    bool ok;
    bool assumed_lists;       /* eras B/C scanned without known list contents     */
    int64_t free_adjusted;    /* free after the order adjustment and subtractions */
    int64_t min;              /* mark after ALLOC reductions                      */
    uint64_t reserve;         /* lowmem_reserve[classzone_idx] used                */
    int fail_order;           /* loop order that failed, -1 for the order-0 test  */
};

/* The era's __zone_watermark_ok: may an allocation of 2^order pages with
   alloc_flags take pages from this zone at mark_pages (the selected watermark,
   boost included; see pa_wmark_mark)? classzone_idx indexes lowmem_reserve. t
   may be NULL; else it gets every step with its numbers. */
bool pa_watermark_ok(const struct pa_profile *p, const struct pa_wmark_state *s, unsigned order,
                     unsigned long mark_pages, int classzone_idx, unsigned alloc_flags,
                     struct pa_wmark_trace *t);
/* zone_watermark_fast (4.19+ fast path shortcut for order 0; 6.x boost retry). */
bool pa_watermark_fast(const struct pa_profile *p, const struct pa_wmark_state *s,
                       unsigned order, unsigned long mark_pages, int classzone_idx,
                       unsigned alloc_flags, struct pa_wmark_trace *t);
/* The same two checks on a zone of a machine, read in place: what the
   allocator calls (the kernel's zone_watermark_ok / zone_watermark_fast). Same
   verdict and trace as the state versions on pa_wmark_state_from_zone(z). */
bool pa_zone_watermark_ok(const struct pa_profile *p, const struct pa_zone *z, unsigned order,
                          unsigned long mark_pages, int classzone_idx, unsigned alloc_flags,
                          struct pa_wmark_trace *t);
bool pa_zone_watermark_fast(const struct pa_profile *p, const struct pa_zone *z, unsigned order,
                            unsigned long mark_pages, int classzone_idx, unsigned alloc_flags,
                            struct pa_wmark_trace *t);

/* ---- setup --------------------------------------------------------------------- */
struct pa_wmark_params {
    uint64_t min_free_kbytes;            /* 0: the era's default from lowmem size  */
    bool thp;                            /* THP enabled: recommended raise (2.1)   */
    unsigned watermark_scale_factor;     /* 0: 10 (4.6+; ignored before)           */
    int watermark_boost_factor;          /* -1: era default (15000 5.0+, else 0)   */
    bool set_lowmem_reserve_ratio;       /* else the era's defaults                */
    unsigned lowmem_reserve_ratio[PA_ZONE_TYPES];
    bool no_migrate_reserve;             /* skip MIGRATE_RESERVE blocks (<= 4.3)   */
};
#define PA_WMARK_PARAMS_DEFAULT {0, false, 0, -1, false, {0}, false}

/* min_free_kbytes default of the era from lowmem kbytes (2.1), with clamps. */
uint64_t pa_min_free_kbytes_default(const struct pa_profile *p, uint64_t lowmem_kbytes);
/* THP recommended min_free_kbytes: nr_zones populated zones (the era's
   count), pageblock_order, lowmem pages (2.1). */
uint64_t pa_thp_recommended_min_free_kbytes(unsigned nr_zones, unsigned pageblock_order,
                                            uint64_t lowmem_pages);
/* Pages of the zone the era's formulas use: present (2.6.x) or managed. */
uint64_t pa_zone_wmark_pages(const struct pa_profile *p, const struct pa_zone *z);

/* Set min_free_kbytes, zone->watermark[], zone->lowmem_reserve[], boost
   factor, MIGRATE_RESERVE pageblocks (<= 4.3). 0 or PA_EINVAL. */
int pa_setup_per_zone_wmarks(struct pa_machine *m, const struct pa_wmark_params *params);
/* The marks the era gives a zone of this type that holds no memory (what
   /proc/zoneinfo prints for it: 32 for HighMem, and for Movable from 6.x,
   else 0). */
void pa_empty_zone_wmarks(const struct pa_machine *m, enum pa_zone_type type,
                          uint64_t mark[PA_NR_WMARK]);
/* Only lowmem_reserve (setup_per_zone_lowmem_reserve). */
void pa_setup_lowmem_reserve(struct pa_machine *m, const unsigned ratio[PA_ZONE_TYPES]);
/* setup_zone_migrate_reserve (<= 4.3): returns reserve pageblocks set. */
unsigned pa_setup_zone_migrate_reserve(struct pa_zone *z);

/* Highatomic reserve limit of the zone in pages (2.4); 0 = never reserve. */
uint64_t pa_highatomic_limit(const struct pa_profile *p, const struct pa_zone *z,
                             unsigned pageblock_order);
/* boost_watermark (2.3): raise z->watermark_boost by a pageblock up to
   HIGH * watermark_boost_factor / 10000 (at least a pageblock); false when
   the era, the factor or the zone size rules boosting out. */
bool pa_boost_watermark(struct pa_zone *z);

#ifdef __cplusplus
}
#endif
#endif
