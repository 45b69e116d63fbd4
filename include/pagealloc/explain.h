/*
 * pagealloc/explain.h - why did a page allocation fail? The verdict logic of
 * `pagealloc explain`, as pure functions: data in (the request and the zone
 * states of a failure report, already converted to pages), a structured
 * verdict out. No I/O and no text here: the result is numbers, causes and
 * bits; pagealloc/explain_text.h (the format layer) writes its sentences.
 *
 * For each zone the era's own watermark check (pa_watermark_ok, one rule per
 * era, kernel-semantics 3.1 - 3.4) is replayed at MIN with the slow-path
 * ALLOC flags (gfp_to_alloc_flags, 3.5) on the dumped numbers, with its step
 * trace. The verdict names the cause from what the check says, never from a
 * second copy of the rule: the order-0 test failing means too little free
 * memory (or lowmem_reserve when free is above the bare mark), a later step
 * failing means fragmentation; every eligible zone passing means the state
 * changed between the failed attempt and the dump. What-ifs re-run the same
 * check under other profiles, with more free memory at the order, and with
 * another MIN (min_free_kbytes).
 */
#ifndef PAGEALLOC_EXPLAIN_H
#define PAGEALLOC_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagealloc/mm.h"
#include "pagealloc/watermark.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the dump says about one zone, in pages. */
struct pa_explain_zone_in {
    int node;                   /* -1 when the dump printed no "Node N"          */
    enum pa_zone_type type;
    char name[16];
    bool have_zone_line;        /* free/min/... known                             */
    bool have_buddy;            /* nr_free[] known                                */
    bool have_reserve;          /* lowmem_reserve[] known                         */
    struct pa_wmark_state st;   /* free_pages, marks, nr_free, lists, reserves    */
    uint64_t managed;           /* pages (0 when not printed)                     */
    unsigned page_kb;           /* 4 on x86_64                                    */
    int zone_line, buddy_line, lowmem_line; /* input line numbers, 0 = absent     */
};

/* The same request under another kernel's rules (what-if): the caller
   translates the mode into that kernel's GFP layout (pa_gfp_translate). */
struct pa_explain_alt {
    const struct pa_profile *profile;  /* NULL: not asked                        */
    uint64_t mode;
};
#define PA_EXPLAIN_ALTS 2

struct pa_explain_in {
    const struct pa_profile *profile;  /* rules of the reporting kernel          */
    int order;                         /* -1: unknown (no header, no --order)    */
    bool have_mode;
    uint64_t mode;                     /* raw, in the profile's layout           */
    int nr_zones;
    struct pa_explain_zone_in *zones;  /* the caller's array                      */
    uint64_t min_free_kbytes_whatif;   /* 0: none asked                           */
    struct pa_explain_alt alt[PA_EXPLAIN_ALTS]; /* e.g. 4.4 and the newest kernel */
};

enum pa_explain_cause {
    PA_CAUSE_UNKNOWN = 0,       /* the dump lacks what the check needs            */
    PA_CAUSE_LOW_FREE,          /* order-0 test fails: too little free memory     */
    PA_CAUSE_FRAGMENTED,        /* enough free memory, not at this order          */
    PA_CAUSE_LOWMEM_RESERVE,    /* fails only because of lowmem_reserve           */
    PA_CAUSE_NO_ZONE,           /* no zone the request may use is in the dump     */
    PA_CAUSE_STATE_CHANGED,     /* the dumped state would pass                    */
    PA_CAUSE_TOO_LARGE,         /* order above the zone's largest order: the kernel
                                   fails it before any watermark check (6.1)       */
};
const char *pa_explain_cause_name(enum pa_explain_cause c); /* "fragmented", ... */

/* Contributing facts, as bits. */
enum pa_explain_note {
    PA_NOTE_ATOMIC = 0x01,        /* cannot reclaim or compact: one try at MIN      */
    PA_NOTE_COSTLY = 0x02,        /* order > 3: gives up early, never OOM-kills     */
    PA_NOTE_INELIGIBLE = 0x04,    /* free memory sits in zones it may not use       */
    PA_NOTE_NORETRY = 0x08,       /* __GFP_NORETRY: one reclaim/compaction round    */
    PA_NOTE_RESERVE_UNKNOWN = 0x10, /* a lowmem_reserve[] line was missing          */
    PA_NOTE_NOWARN_MISSING = 0x20,
};

/* Lines the dump lacks, as bits: of a zone (pa_explain_zone.lacks) or of the
   report (pa_explain_result.lacks). */
enum pa_explain_lack {
    PA_LACK_ZONE_LINE = 0x01,     /* the zone line: no free count or MIN           */
    PA_LACK_RESERVE_LINE = 0x02,  /* 'lowmem_reserve[]:' (replayed with 0)          */
    PA_LACK_BUDDY_LINE = 0x04,    /* the buddy line, needed above order 0           */
    PA_LACK_HEADER = 0x08,        /* the request's order and mode                   */
    PA_LACK_MEMINFO = 0x10,       /* every zone line: no Mem-Info dump              */
};

struct pa_explain_zone {
    int node;
    enum pa_zone_type type;
    char name[16];
    bool eligible;              /* may this request use the zone at all           */
    int passes;                 /* 1, 0, or -1 when the dump lacks the data       */
    enum pa_explain_cause cause; /* for a failing zone                             */
    struct pa_wmark_trace trace; /* the era's check at MIN, step by step          */
    unsigned max_order;         /* largest order of the zone (its buddy columns)  */
    uint64_t mark;              /* MIN (+ boost) in pages                         */
    uint64_t reserve;           /* lowmem_reserve[classzone] used                 */
    uint64_t free_pages;
    uint64_t managed;           /* pages, 0 when the dump did not print them      */
    uint64_t pages_below_order; /* held in blocks below the order                 */
    uint64_t pages_at_order;    /* held in blocks at or above it                  */
    /* What-ifs (-1: not computable from the dump). */
    int64_t needed_at_order;    /* pages at or above the order the check needed   */
    int pass_alt[PA_EXPLAIN_ALTS]; /* the same numbers under in->alt[i]'s rules  */
    int64_t min_free_kbytes_max_pass; /* largest min_free_kbytes that would pass  */
    int pass_min_free_whatif;   /* with in->min_free_kbytes_whatif                */
    uint64_t min_whatif;        /* MIN for that value, pages                      */
    unsigned lacks;             /* enum pa_explain_lack: lines missing for it     */
};

struct pa_explain_result {
    /* What was asked. */
    int order;
    uint64_t bytes;             /* 2^order pages                                   */
    enum pa_zone_type highest_zone;   /* gfp_zone                                  */
    enum pa_zone_type classzone;      /* lowmem_reserve index                      */
    enum pa_migratetype migratetype;
    unsigned alloc_flags;       /* slow path, canonical PA_ALLOC_* bits            */
    bool can_reclaim;
    uint64_t min_free_kbytes_est; /* sum of the lowmem zones' MIN, kB              */
    /* Zones, in dump order. */
    int nr_zones;
    struct pa_explain_zone *zones; /* owned: pa_explain_free                        */
    /* Verdict. */
    enum pa_explain_cause cause;
    unsigned notes;             /* enum pa_explain_note bits                       */
    unsigned lacks;             /* enum pa_explain_lack: PA_LACK_HEADER, _MEMINFO  */
    int nr_eligible;            /* zones the request may use, of which:            */
    int nr_pass, nr_fail, nr_unknown; /* pass, fail, cannot tell from the dump     */
    int preferred;              /* the failing zone that speaks for the report
                                   (first of the zonelist), -1 if none            */
};

/* Explain one report. Returns 0, PA_ENOMEM, or PA_EINVAL (no profile). A
   report without its order or mode, or without zones, still gets a result:
   the verdict says which line is missing and cause is PA_CAUSE_UNKNOWN. */
int pa_explain(const struct pa_explain_in *in, struct pa_explain_result *out);
void pa_explain_free(struct pa_explain_result *out);

#ifdef __cplusplus
}
#endif
#endif
