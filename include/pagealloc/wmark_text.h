/*
 * pagealloc/wmark_text.h - a watermark check's trace (pagealloc/watermark.h,
 * numbers only) as text: one line per step, in the words `explain` and the
 * docs use ("o=0: free = 3125 - 2360*1 = 765; 765 <= 884: FAIL" style).
 * Part of the format layer (src/format/wmark_trace.c).
 */
#ifndef PAGEALLOC_WMARK_TEXT_H
#define PAGEALLOC_WMARK_TEXT_H

#include <stddef.h>

#include "pagealloc/strbuf.h"
#include "pagealloc/watermark.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Step i of t as one line of text into buf (always NUL-terminated when n >
   0); returns buf. An index outside the trace gives "". */
const char *pa_wmark_step_text(const struct pa_wmark_trace *t, int i, char *buf, size_t n);
/* Room for any step's text. */
#define PA_WMARK_STEP_TEXT 256

/* The trace as text, one step a line, "=>" on the step that decided, then
   the verdict. indent prefixes every line. */
void pa_wmark_trace_format(const struct pa_wmark_trace *t, const char *indent,
                           struct pa_strbuf *out);

#ifdef __cplusplus
}
#endif
#endif
