/*
 * draw/record.h - the report page: a self-contained HTML file (no network,
 * no script) with the pictures next to it in one directory, built while a
 * scenario runs (`pagealloc run --report DIR`) or from a snapshot
 * (`pagealloc snapshot --report DIR`). docs/draw.md shows one.
 *
 * The page is a transcript in the order things happened: the text the
 * scenario printed, and for every step (a call that changed a machine) its
 * scenario line and the machine's map before and after it; at the top, one
 * timeline per machine (draw/timeline.h) of its largest zone. The recorder
 * knows machines only as const engine machines and an opaque key (several
 * machines in one run; a key's machine can be replaced by a new one), so it
 * does not depend on the simulator.
 */
#ifndef PA_DRAW_RECORD_H
#define PA_DRAW_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagealloc/mm.h"
#include "pagealloc/strbuf.h"

#define PA_RECORD_MAX_MAPS 200   /* step maps beyond this are not drawn     */
#define PA_RECORD_MAX_TRACKS 32  /* machines with a timeline                */

struct pa_record;

/* Start a report in dir (created if missing; its index.html and pictures
   are overwritten). NULL with err set when dir cannot be made. */
struct pa_record *pa_record_create(const char *dir, const char *title, char *err, size_t n);

/* Text the run printed, shown as it is (escaped). */
void pa_record_text(struct pa_record *r, const char *text, size_t len);
/* A heading: one scenario of several, or a part of a snapshot report. */
void pa_record_section(struct pa_record *r, const char *heading);
/* An HTML fragment written by the caller (tables); trusted, not escaped. */
void pa_record_html(struct pa_record *r, const char *html);

/* Machine m (identified by key; is_new: just created, starts a new
   timeline) went through a step: label says what ("insmod fragment"),
   where the scenario's FILE:LINE, source that line's text (may be NULL).
   clock is the timeline's x (allocator operations), allocfail the
   allocation failures so far. Draws the map after the step. */
int pa_record_step(struct pa_record *r, const void *key, bool is_new, const struct pa_machine *m,
                   const char *label, const char *where, const char *source, double clock,
                   uint64_t allocfail);
/* Cheap sample between steps (a module's kernel call). */
void pa_record_tick(struct pa_record *r, const void *key, const struct pa_machine *m,
                    double clock, uint64_t allocfail);
/* count events of kind (draw/timeline.h: enum pa_tl_mark) at clock on the
   timeline of key's machine: the hook for engine events (kswapd wake-ups,
   direct reclaim, compaction, OOM kills). */
void pa_record_mark(struct pa_record *r, const void *key, double clock, int kind,
                    uint64_t count);
/* A map of m with this caption, in the transcript (m:map, a snapshot). */
int pa_record_map(struct pa_record *r, const struct pa_machine *m, const char *caption,
                  char *err, size_t n);

/* Write the timelines and index.html; free r. 0, or -1 with err set. */
int pa_record_finish(struct pa_record *r, char *err, size_t n);
/* The path of index.html (valid until finish). */
const char *pa_record_index(const struct pa_record *r);

/* HTML-escape len bytes of s into b. */
void pa_html_escape(struct pa_strbuf *b, const char *s, size_t len);

#endif
