/*
 * pagealloc/analyze.h - what `pagealloc analyze` (and `top`, `contig`) say about
 * each zone of a parsed capture: free memory by order, free memory at or
 * above each order, the kernel's unusable and fragmentation indices, the
 * watermark headroom and, per order, whether an allocation would pass the
 * era's watermark check now. Computation is separate from printing so that
 * the text, JSON, CSV and Prometheus printers all say the same thing. Part of
 * the format layer (src/format/analyze.c): it computes on parsed files
 * (pagealloc/procparse.h); src/live reads them from a machine.
 */
#ifndef PAGEALLOC_ANALYZE_H
#define PAGEALLOC_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagealloc/mm.h"
#include "pagealloc/procparse.h"
#include "pagealloc/strbuf.h"

struct pa_an_verdict {
    bool known;               /* false: could not be decided (why says why)     */
    bool ok;                  /* passes at the fast path's mark                  */
    bool slow_ok;             /* (when !ok) passes at the slow path's mark       */
    char why[240];            /* one line, when !ok or !known                    */
};

struct pa_an_zone {
    const struct pa_proc_zone *z;
    unsigned nr_orders;
    uint64_t free_pages;                      /* sum over buddyinfo              */
    uint64_t free_kb[PA_PROC_ORDERS];         /* in blocks of exactly order o    */
    uint64_t free_kb_at_or_above[PA_PROC_ORDERS];
    int unusable[PA_PROC_ORDERS];             /* thousandths                     */
    int fragindex[PA_PROC_ORDERS];            /* thousandths, -1000 = a block exists */
    /* zoneinfo, pages; headroom = free - mark (negative when below) */
    bool have_wmarks;
    int64_t headroom_min, headroom_low, headroom_high;
    struct pa_an_verdict verdict[PA_PROC_ORDERS]; /* GFP_KERNEL-like, fast path  */
    /* debugfs extfrag disagreeing with our computation (a sign of a capture
       taken at another moment than buddyinfo) */
    int extfrag_mismatches;
};

struct pa_analysis {
    const struct pa_procinfo *pi;
    const struct pa_profile *profile; /* era rules in use                        */
    unsigned page_size;           /* bytes                                       */
    char kernel[64];              /* version the era rules were chosen for       */
    char profile_note[200];       /* how the era was chosen, or why it was not   */
    char gfp_text[64];            /* the request judged ("GFP_KERNEL")           */
    uint64_t gfp;                 /* its raw value in the profile's layout       */
    bool have_gfp;
    char gfp_error[200];
    int nr_zones;
    struct pa_an_zone zones[PA_PROC_MAX_ZONES];
};

/* Analyse every zone that buddyinfo lists. kernel may be NULL or "" (the
   newest rules). The verdicts judge a GFP_KERNEL request of each order. */
void pa_analyze(const struct pa_procinfo *pi, unsigned page_size, const char *kernel,
                struct pa_analysis *an);
/* The same for the request gfp (text as `pagealloc gfp` takes it: names or a
   number in the era's layout). A bad gfp leaves the verdicts unknown with
   an->gfp_error set. */
void pa_analyze_gfp(const struct pa_procinfo *pi, unsigned page_size, const char *kernel,
                    const char *gfp, struct pa_analysis *an);

void pa_analysis_print_text(const struct pa_analysis *an, struct pa_strbuf *out);
void pa_analysis_print_json(const struct pa_analysis *an, struct pa_strbuf *out);
void pa_analysis_print_csv(const struct pa_analysis *an, struct pa_strbuf *out);
void pa_analysis_print_prom(const struct pa_analysis *an, struct pa_strbuf *out);
/* One line on order of zone az: free blocks, MiB at or above, the two
   indices and the watermark verdict (what `contig` says on a shortfall). */
void pa_analysis_order_line(const struct pa_an_zone *az, unsigned order, char *buf, size_t n);
/* Seed 003's awk `analyze`: "%7.2f MiB " + the buddyinfo line, per zone. */
void pa_analysis_print_awk(const struct pa_analysis *an, struct pa_strbuf *out);

#endif
