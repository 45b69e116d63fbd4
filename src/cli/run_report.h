/*
 * run_report.h - the glue between a scenario run and the pictures: the
 * runtime's observer (sim/lua_sim.h) for m:map and `run --report DIR`.
 * The mechanism is in src/draw (map, timeline, record); this only turns a
 * simulator into what they take (its engine machine, its counters).
 */
#ifndef PA_CLI_RUN_REPORT_H
#define PA_CLI_RUN_REPORT_H

#include <stdio.h>

#include "draw/record.h"
#include "pagealloc/events.h"
#include "sim/lua_sim.h"

#define PA_RUN_REPORT_SLOTS 64

struct pa_run_report;
/* A simulated machine whose engine events feed the timeline. The machine
   has one event callback and the simulator uses it (its counters): the
   report's callback calls the simulator's first, then samples. */
struct pa_run_report_slot {
    struct pa_run_report *rr;
    struct pa_sim *s;
    pa_event_fn next;
    void *next_ctx;
};

struct pa_run_report {
    struct pa_lua_observer obs;
    struct pa_run_report_slot slots[PA_RUN_REPORT_SLOTS];
    int nr_slots;
    struct pa_record *rec;            /* NULL: no report, m:map only       */
    FILE *out;                        /* where the scenario prints         */
    char *pending;                    /* text printed since the last step  */
    size_t pending_len, pending_cap;
};

/* Set up: with dir, a report there (its errors printed, PA_EXIT_BAD). The
   scenario's output goes to rr->out: stdout, and the report's transcript. */
int pa_run_report_open(struct pa_run_report *rr, const char *dir, const char *title);
void pa_run_report_section(struct pa_run_report *rr, const char *heading);
/* Text that is not the scenario's (an error): to stdout's reader and the report. */
void pa_run_report_note(struct pa_run_report *rr, const char *text);
/* Write the page; say where on stdout's last line. */
int pa_run_report_close(struct pa_run_report *rr);

#endif
