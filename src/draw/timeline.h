/*
 * draw/timeline.h - a zone's free memory over time: free pages per order,
 * stacked (the highest order at the bottom), the MIN / LOW / HIGH watermarks,
 * step boundaries and event markers (docs/draw.md).
 *
 * The x axis is whatever clock the caller samples with: for a scenario the
 * page allocator's operations so far (pages allocated + freed), for `top
 * --record` seconds. Samples are kept to at most PA_TL_MAX_SAMPLES by
 * halving (every other one dropped, steps and markers kept), so a run of
 * millions of operations costs a few hundred KiB.
 *
 * Markers: allocation failures (the simulator counts them); kswapd wake-ups,
 * direct reclaim, compaction runs (one per zone compacted: direct,
 * compact_memory, kcompactd, proactive) and OOM kills from the engine's
 * events (pa_timeline_mark is the one hook: an event callback calls it).
 */
#ifndef PA_DRAW_TIMELINE_H
#define PA_DRAW_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagealloc/mm.h"

#define PA_TL_MAX_SAMPLES 4096
#define PA_TL_MAX_MARKS 2048
#define PA_TL_MAX_STEPS 512

enum pa_tl_mark {
    PA_TL_ALLOC_FAIL = 0,   /* an allocation failed (the simulator's allocfail) */
    PA_TL_KSWAPD,           /* kswapd woken                                      */
    PA_TL_DIRECT_RECLAIM,   /* an allocation entered direct reclaim              */
    PA_TL_COMPACT,          /* a compaction run                                  */
    PA_TL_OOM,              /* an OOM kill                                       */
    PA_TL_MARK_COUNT
};
const char *pa_tl_mark_name(enum pa_tl_mark k);

struct pa_tl_sample {
    double t;
    uint64_t free[PA_ORDER_CAP + 1];   /* pages (not blocks) in blocks of order o */
    uint64_t wmark[3];                 /* MIN, LOW, HIGH (+ boost), pages         */
    bool forced;                       /* a step's sample: kept when halving      */
};

struct pa_tl_marker {
    double t;
    enum pa_tl_mark kind;
    uint64_t count;                    /* events merged into this marker          */
};

struct pa_tl_step {
    double t;
    char label[64];
};

struct pa_timeline {
    char title[160];
    char x_label[64];                  /* "page allocator operations", "seconds"  */
    unsigned nr_orders;                /* max_order + 1                           */
    unsigned page_shift;
    struct pa_tl_sample *s;            /* PA_TL_MAX_SAMPLES                       */
    size_t n;
    double stride;                     /* ticks closer than this are not kept     */
    struct pa_tl_marker marks[PA_TL_MAX_MARKS];
    size_t nr_marks;
    struct pa_tl_step steps[PA_TL_MAX_STEPS];
    size_t nr_steps;
};

/* A timeline for zones with nr_orders orders and pages of 2^page_shift
   bytes. NULL when out of memory or the arguments are out of range. */
struct pa_timeline *pa_timeline_create(const char *title, const char *x_label,
                                       unsigned nr_orders, unsigned page_shift);
void pa_timeline_free(struct pa_timeline *tl);

/* Add a sample at t (t never goes back; an earlier t is taken as the last
   one). free[o] are pages in free blocks of order o, wmark[] MIN/LOW/HIGH.
   force keeps it whatever the density (steps); else it may be dropped. */
void pa_timeline_add(struct pa_timeline *tl, double t, const uint64_t *free,
                     const uint64_t wmark[3], bool force);
/* Sample zone z of a machine (free_area[o].nr_free << o, watermark + boost). */
void pa_timeline_sample_zone(struct pa_timeline *tl, double t, const struct pa_zone *z,
                             bool force);
/* A step boundary at t ("insmod fragment"). */
void pa_timeline_step(struct pa_timeline *tl, double t, const char *label);
/* count events of kind at t (merged with a marker of the same kind at the
   same t). */
void pa_timeline_mark(struct pa_timeline *tl, double t, enum pa_tl_mark kind, uint64_t count);

/* Draw to path (.png or .svg). 0, or PA_EINVAL with err set. */
int pa_timeline_write(const struct pa_timeline *tl, const char *path, char *err, size_t n);

#endif
