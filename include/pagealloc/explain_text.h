/*
 * pagealloc/explain_text.h - the sentences of `pagealloc explain`: a
 * paragraph per zone, the verdict, the what-ifs and the lines the dump
 * lacks, written from the data of pa_explain (pagealloc/explain.h). Part of
 * the format layer (src/format/explain_text.c).
 */
#ifndef PAGEALLOC_EXPLAIN_TEXT_H
#define PAGEALLOC_EXPLAIN_TEXT_H

#include "pagealloc/explain.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PA_EXPLAIN_TEXT 640

struct pa_explain_zone_text {
    char missing[200];          /* which lines the dump lacks for this zone       */
    char text[PA_EXPLAIN_TEXT]; /* one paragraph on this zone                     */
};

struct pa_explain_text {
    char alloc_flags_names[160]; /* the slow path's ALLOC flags, "ALLOC_WMARK_MIN|..." */
    int nr_zones;
    struct pa_explain_zone_text *zones; /* one per res->zones[i]; pa_explain_text_free */
    char missing[320];          /* lines the report lacks, "" if none              */
    char verdict[1536];         /* the cause in plain words                        */
    char whatif[1536];          /* what a user can act on                          */
};

/* Write the sentences of res, the result of pa_explain(in, res). 0,
   PA_EINVAL or PA_ENOMEM. */
int pa_explain_text(const struct pa_explain_in *in, const struct pa_explain_result *res,
                    struct pa_explain_text *out);
void pa_explain_text_free(struct pa_explain_text *out);

#ifdef __cplusplus
}
#endif
#endif
