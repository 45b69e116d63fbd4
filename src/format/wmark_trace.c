/*
 * format/wmark_trace.c - a watermark check's trace as text, one step per
 * line, the deciding step marked, for `explain`, `analyze` and the docs. The
 * numbers are the trace's own (src/mm/watermark.c records what each step
 * did and its operands); this file only puts them into words.
 */
#include <stdio.h>

#include "pagealloc/profile.h"
#include "pagealloc/wmark_text.h"

static const char *flag_name(unsigned flag)
{
    switch (flag) {
    case PA_ALLOC_HIGH: return "ALLOC_HIGH";
    case PA_ALLOC_HARDER: return "ALLOC_HARDER";
    case PA_ALLOC_OOM: return "ALLOC_OOM";
    case PA_ALLOC_MIN_RESERVE: return "ALLOC_MIN_RESERVE";
    case PA_ALLOC_NON_BLOCK: return "ALLOC_NON_BLOCK";
    default: return "ALLOC_?";
    }
}

const char *pa_wmark_step_text(const struct pa_wmark_trace *t, int i, char *buf, size_t n)
{
    if (!buf || n == 0)
        return "";
    buf[0] = '\0';
    if (!t || i < 0 || i >= t->nr)
        return buf;
    const struct pa_wmark_step *st = &t->step[i];
    long long l = st->lhs, r = st->rhs, v0 = st->v[0], v1 = st->v[1], v2 = st->v[2];
    int o = st->order;
    switch (st->op) {
    case PA_WOP_BEGIN: {
        char names[200] = "";
        if (t->profile)
            pa_alloc_flags_names(t->profile, st->aux, names, sizeof names);
        snprintf(buf, n, "rule %s, profile %s; order %u, mark %lu, %s", t->rule ? t->rule : "?",
                 t->profile ? t->profile->name : "?", (unsigned)v0, (unsigned long)v1, names);
        break;
    }
    case PA_WOP_BAD_CLASSZONE:
        snprintf(buf, n, "class zone index %d out of range: lowmem_reserve taken as 0", (int)v0);
        break;
    case PA_WOP_ORDER_TOO_HIGH:
        snprintf(buf, n, "order %u above the highest order %u: FAIL", (unsigned)l, (unsigned)r);
        break;
    case PA_WOP_FREE_ADJUST:
        snprintf(buf, n, "free = %lld - (2^%u %c 1) = %lld", l, (unsigned)v0, v1 < 0 ? '-' : '+',
                 l - r);
        break;
    case PA_WOP_REDUCE:
        snprintf(buf, n, "min = %lld - %lld/%lld = %lld (%s)", l, l, v0, v1, flag_name(st->aux));
        break;
    case PA_WOP_CMA_LOOP:
        snprintf(buf, n, "free CMA pages %lld do not count (no ALLOC_CMA): %lld - %lld = %lld", r,
                 l, r, l - r);
        break;
    case PA_WOP_CMA:
        snprintf(buf, n, "free = %lld - free CMA %llu = %lld (no ALLOC_CMA)", l,
                 (unsigned long long)r, l - r);
        break;
    case PA_WOP_HIGHATOMIC:
        snprintf(buf, n, "free = %lld - %s %lld = %lld", l,
                 st->aux ? "nr_free_highatomic" : "nr_reserved_highatomic", r, l - r);
        break;
    case PA_WOP_ORDER0:
        snprintf(buf, n, "order-0 test: free %lld <= min %lld + lowmem_reserve %llu = %lld ? %s",
                 l, v0, (unsigned long long)v1, r, st->pass ? "no: go on" : "yes: FAIL");
        break;
    case PA_WOP_ORDER0_OK:
        snprintf(buf, n, "order 0: OK");
        break;
    case PA_WOP_RHEL6_BASE:
        snprintf(buf, n, "RHEL6: loop threshold = mark %lld - WMARK_MIN %llu = %lld", l,
                 (unsigned long long)r, v0);
        break;
    case PA_WOP_LOOP_SUB:
        snprintf(buf, n, "o=%u: free = %lld - %llu*%llu = %lld; min = %lld%s = %lld", (unsigned)o,
                 l, (unsigned long long)v0, 1ull << (o & 63), l - r, v1,
                 st->aux ? " >> 1" : " (not halved)", v2);
        break;
    case PA_WOP_LOOP_CMP:
        snprintf(buf, n, "o=%u: %lld <= %lld ? %s", (unsigned)o, l, r,
                 st->pass ? "no: go on" : "yes: FAIL");
        break;
    case PA_WOP_ALL_PASSED:
        snprintf(buf, n, "every step passed: OK");
        break;
    case PA_WOP_SCAN_EMPTY:
        snprintf(buf, n, "o=%u: no free block", (unsigned)o);
        break;
    case PA_WOP_SCAN_HARDER_ANY:
        snprintf(buf, n, "o=%u: %llu free block(s) and ALLOC_HARDER takes any (4.4 rule): OK",
                 (unsigned)o, (unsigned long long)l);
        break;
    case PA_WOP_SCAN_UNKNOWN:
        snprintf(buf, n,
                 "o=%u: %llu free block(s), list types unknown: assumed on a "
                 "Unmovable/Movable/Reclaimable list: OK",
                 (unsigned)o, (unsigned long long)l);
        break;
    case PA_WOP_SCAN_HIT:
        snprintf(buf, n, "o=%u: a free block on the %s list: OK", (unsigned)o,
                 pa_migratetype_name((enum pa_migratetype)st->aux));
        break;
    case PA_WOP_SCAN_MISS:
        snprintf(buf, n, "o=%u: %llu free block(s), none on a list this request may use",
                 (unsigned)o, (unsigned long long)l);
        break;
    case PA_WOP_NO_BLOCK:
        snprintf(buf, n, "no usable free block of order >= %u: FAIL", (unsigned)v0);
        break;
    case PA_WOP_FAST_OK:
        snprintf(buf, n, "zone_watermark_fast: usable %lld > mark %lu + lowmem_reserve %llu: OK",
                 l, (unsigned long)v0, (unsigned long long)v1);
        break;
    case PA_WOP_BOOST_RETRY:
        snprintf(buf, n, "retried against the un-boosted MIN %llu (boost %llu ignored for this "
                 "request)", (unsigned long long)v0, (unsigned long long)v1);
        break;
    }
    return buf;
}

void pa_wmark_trace_format(const struct pa_wmark_trace *t, const char *indent,
                           struct pa_strbuf *out)
{
    if (!t || !out)
        return;
    char line[PA_WMARK_STEP_TEXT];
    if (!indent)
        indent = "";
    for (int i = 0; i < t->nr; i++)
        pa_sb_printf(out, "%s%s %s\n", indent, i == t->decided ? "=>" : "  ",
                     pa_wmark_step_text(t, i, line, sizeof line));
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
