/*
 * churn.h - a seeded random alloc/free workload on a machine's zones: the
 * built-in default job of `pagealloc run` until scenarios exist, and a
 * building block for tests and benchmarks.
 */
#ifndef PA_SIM_CHURN_H
#define PA_SIM_CHURN_H

#include <stdint.h>

#include "pagealloc/mm.h"

struct pa_churn_params {
    uint64_t seed;
    uint64_t ops;          /* alloc or free operations                       */
    unsigned max_order;    /* orders 0..max_order, smaller ones more often    */
    double target_fill;    /* fraction of the zone's managed pages to hold    */
    enum pa_migratetype mt;
};

struct pa_churn_stats {
    uint64_t allocs, frees, failures;
    uint64_t held_blocks, held_pages; /* still allocated at the end          */
};

/* Run the workload on zone z; blocks still held at the end are left allocated
   (pa_churn_release frees them). Returns 0 or a PA_E* code from the engine
   (which would be a bug: the workload never misuses the API). */
struct pa_churn;
int pa_churn_run(struct pa_zone *z, const struct pa_churn_params *p, struct pa_churn_stats *st,
                 struct pa_churn **keep);
int pa_churn_release(struct pa_machine *m, struct pa_churn *c);

#endif
