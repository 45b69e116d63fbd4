/*
 * format/wmark_trace.c - a watermark check's trace as text, one step per
 * line, the deciding step marked, for `explain` and the docs. The numbers
 * are the trace's own (src/mm/watermark.c); this file only lays them out.
 */
#include "pagealloc/watermark.h"

void pa_wmark_trace_format(const struct pa_wmark_trace *t, const char *indent,
                           struct pa_strbuf *out)
{
    if (!t || !out)
        return;
    if (!indent)
        indent = "";
    for (int i = 0; i < t->nr; i++)
        pa_sb_printf(out, "%s%s %s\n", indent, i == t->decided ? "=>" : "  ", t->step[i].text);
    if (t->nr == PA_WMARK_TRACE_MAX)
        pa_sb_printf(out, "%s   (trace full: later steps not recorded)\n", indent);
    pa_sb_printf(out, "%s   verdict: %s", indent, t->ok ? "OK" : "FAIL");
    if (!t->ok)
        pa_sb_printf(out, t->fail_order < 0 ? " at the order-0 test" : " at order %d",
                     t->fail_order);
    if (t->assumed_lists)
        pa_sb_puts(out, " (free-list types unknown: assumed usable)");
    pa_sb_putc(out, '\n');
}
