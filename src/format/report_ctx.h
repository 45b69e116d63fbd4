/*
 * format/report_ctx.h - internal to src/format: the state of one report parse,
 * shared by the report assembly (report.c) and the Mem-Info field grammar
 * (report_meminfo.c).
 */
#ifndef PA_FORMAT_REPORT_CTX_H
#define PA_FORMAT_REPORT_CTX_H

#include <stdbool.h>
#include <stddef.h>

#include "format/report_lex.h"
#include "pagealloc/report.h"

struct pa_rctx {
    struct pa_report_set *set;
    struct pa_report_diag *diag;
    int cur;                 /* index of the open report, -1 when outside          */
    enum rl_kind last;       /* kind of the previous piece of the open report      */
    int last_zone;           /* zone the last zone / lowmem line belonged to       */
    int buddy_zone;          /* zone of an unfinished buddy line, -1 if none        */
    unsigned buddy_next;     /* next order column of that line                      */
    bool buddy_letters_ok;   /* a "(UME)" group may come next                       */
    bool buddy_md;           /* the line's '*' came as '_' (warned once)            */
    /* Current piece. */
    int line;
    const char *base;        /* start of the piece in its physical line copy       */
    int col0;                /* column of base                                     */
    bool prefixed;           /* a log prefix (timestamp, syslog) was stripped      */
    int pending_node;        /* node of a "Node N" piece for the next zone line    */
    char *pending_hdr;       /* a header that a mail client wrapped, being joined  */
    size_t pending_len;
    int pending_line;
    bool version_pending;    /* "Tainted: G" wrapped before the release            */
    bool strict;             /* --strict: the first malformed part is an error    */
    double last_stamp;       /* printk seconds of the last stamped line, -1 none  */
};

/* Report an error at `at` (a position in the current piece). Strict: fills
   the diagnostic with line, column and message and returns -1. Forgiving:
   keeps it as a warning and returns 1, "the rest of this part is lost", which
   callers pass up like an error but which stops nothing but that part. */
int pa_rc_fail(struct pa_rctx *c, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Keep a warning (up to PA_REPORT_MAX_WARN). */
void pa_rc_warn(struct pa_rctx *c, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The open report, or NULL outside every report. */
struct pa_report *pa_rc_cur(struct pa_rctx *c);
/* The current line belongs to the open report. */
void pa_rc_recognised(struct pa_rctx *c);

/* Mem-Info fields (report_meminfo.c); each returns 0 or an error. */
/* "key:N[kB] ... [all_unreclaimable? yes]" into zone z (named fields and
   others) or into kv (counters); z and kv may be NULL (parsed, not kept). */
int pa_rc_kv_run(struct pa_rctx *c, const char *p, struct pa_report_zone *z,
                 struct pa_report_kv *kv, int *nkv, int maxkv);
/* Numbers of a lowmem_reserve[] line (or its wrapped / per-record rest). */
int pa_rc_lowmem_numbers(struct pa_rctx *c, const char *p, struct pa_report_zone *z);
/* Buddy tokens continuing the unfinished line of c->buddy_zone. */
int pa_rc_buddy_tokens(struct pa_rctx *c, const char *p);
int pa_rc_hugepages(struct pa_rctx *c, const char *p);
void pa_rc_swap_totals(struct pa_rctx *c, const char *p);

#endif
