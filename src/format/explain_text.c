/*
 * format/explain_text.c - the sentences of `pagealloc explain`
 * (pagealloc/explain_text.h). src/mm/explain.c decides (per zone: passes,
 * cause, the check's trace, what-ifs; for the report: the cause, the zone
 * that speaks for it, which lines the dump lacks); this file only says it.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/explain_text.h"
#include "pagealloc/profile.h"
#include "pagealloc/wmark_text.h"

static void cat(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cat(char *buf, size_t n, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, n - len, fmt, ap);
    va_end(ap);
}

static void zone_label(const struct pa_explain_zone *z, char *buf, size_t n)
{
    if (z->node >= 0)
        snprintf(buf, n, "Node %d %s", z->node, z->name);
    else
        snprintf(buf, n, "%s", z->name);
}

/* The step that decided the zone's check, as text ("" if none). */
static const char *decided_step(const struct pa_explain_zone *z, char *buf, size_t n)
{
    buf[0] = '\0';
    return z->trace.decided >= 0 ? pa_wmark_step_text(&z->trace, z->trace.decided, buf, n) : buf;
}

static void zone_text(const struct pa_explain_in *in, const struct pa_explain_result *res,
                      const struct pa_explain_zone_in *zi, const struct pa_explain_zone *z,
                      struct pa_explain_zone_text *zt)
{
    unsigned order = (unsigned)in->order;
    char label[48], step[PA_WMARK_STEP_TEXT];
    zone_label(z, label, sizeof label);

    if (z->cause == PA_CAUSE_TOO_LARGE) {
        snprintf(zt->text, sizeof zt->text, "%s: order %u is above its largest order %u.", label,
                 order, z->max_order);
        return;
    }
    if (z->lacks & PA_LACK_ZONE_LINE) {
        snprintf(zt->missing, sizeof zt->missing,
                 "the zone line '%s free:...kB min:...kB ...' (only its buddy line was "
                 "quoted)", label);
        snprintf(zt->text, sizeof zt->text, "%s: no zone line, so no free count or MIN.", label);
        return;
    }
    if (z->lacks & PA_LACK_RESERVE_LINE)
        cat(zt->missing, sizeof zt->missing, "the 'lowmem_reserve[]:' line after its zone line "
            "(replayed with a reserve of 0); ");
    if (z->lacks & PA_LACK_BUDDY_LINE)
        cat(zt->missing, sizeof zt->missing, "the buddy line '%s: N*%ukB ...' (the order-0 test "
            "passes; the steps above order 0 need the free block counts)", label, zi->page_kb);

    unsigned kb = zi->page_kb;
    snprintf(zt->text, sizeof zt->text, "%s: %s; free %" PRIu64 " pages (%" PRIu64
             " kB), MIN %" PRIu64 " pages (%" PRIu64 " kB), lowmem_reserve[%s] %" PRIu64 ".",
             label, z->eligible ? "the request may use it" : "the request may NOT use it",
             z->free_pages, z->free_pages * kb, z->mark, z->mark * kb,
             pa_zone_type_name(res->classzone), z->reserve);
    if (z->passes == 1)
        cat(zt->text, sizeof zt->text, " The dumped state PASSES the check.");
    else if (z->passes == 0 && z->trace.decided >= 0)
        cat(zt->text, sizeof zt->text, " FAILS: %s.", decided_step(z, step, sizeof step));
    else if (z->passes == 0)
        cat(zt->text, sizeof zt->text, " FAILS.");
    else
        cat(zt->text, sizeof zt->text, " Cannot tell: the dump lacks %s", zt->missing);
    if (zi->have_buddy && order > 0)
        cat(zt->text, sizeof zt->text, " Blocks below order %u hold %" PRIu64 " pages (%" PRIu64
            " kB); blocks of order >= %u hold %" PRIu64 " pages (%" PRIu64 " kB).",
            order, z->pages_below_order, z->pages_below_order * kb, order, z->pages_at_order,
            z->pages_at_order * kb);
}

static void verdict_text(const struct pa_explain_result *res, struct pa_explain_text *out)
{
    char *v = out->verdict;
    size_t n = sizeof out->verdict;
    char label[48], step[PA_WMARK_STEP_TEXT];

    if (res->nr_zones == 0) {
        snprintf(out->missing, sizeof out->missing,
                 "the Mem-Info dump: zone lines 'Node N Zone free:...kB min:...kB ...', their "
                 "'lowmem_reserve[]:' lines and buddy lines 'Node N Zone: N*4kB ...'");
        cat(v, n, "The report has no Mem-Info dump (zone lines 'Node N Zone free:...kB "
            "min:...kB ...' and buddy lines 'Node N Zone: N*4kB ...'), so the watermark check "
            "cannot be replayed. ");
    } else if (res->nr_eligible == 0) {
        cat(v, n, "No zone this request may use (zones up to %s) is in the dump; the zones "
            "shown are reserved for other requests. ", pa_zone_type_name(res->highest_zone));
    } else if (res->nr_pass > 0) {
        cat(v, n, "The dumped state would PASS the check in");
        const char *sep = " ";
        for (int i = 0; i < res->nr_zones; i++)
            if (res->zones[i].eligible && res->zones[i].passes == 1) {
                zone_label(&res->zones[i], label, sizeof label);
                cat(v, n, "%s%s", sep, label);
                sep = ", ";
            }
        cat(v, n, ", so the state changed between the failed attempt and the dump. The dump "
            "is printed after the allocator gave up; in between, reclaim or compaction that "
            "the request itself started, kswapd, or other tasks freeing memory (and the "
            "per-cpu lists drained for the dump) added free memory. It usually means the "
            "shortage was brief: a burst of allocations drained the zone below MIN and it "
            "refilled within milliseconds. ");
    } else if (res->nr_fail == 0) {
        cat(v, n, "The dump lacks what the check needs in every zone the request may use. ");
    } else {
        const struct pa_explain_zone *pz = &res->zones[res->preferred];
        enum pa_explain_cause c = res->cause;
        int with_cause = 0;
        for (int i = 0; i < res->nr_zones; i++)
            with_cause += res->zones[i].eligible && res->zones[i].passes == 0 &&
                          res->zones[i].cause == c;
        zone_label(pz, label, sizeof label);
        decided_step(pz, step, sizeof step);
        switch (c) {
        case PA_CAUSE_FRAGMENTED:
            cat(v, n, "Free memory too fragmented for order %d: %s has %" PRIu64 " free pages, "
                "enough for the order-0 test, but %" PRIu64 " of them are in blocks below order "
                "%d and only %" PRIu64 " at or above it; the era's check failed at: %s. ",
                res->order, label, pz->free_pages, pz->pages_below_order, res->order,
                pz->pages_at_order, step);
            break;
        case PA_CAUSE_LOW_FREE:
            cat(v, n, "Too little free memory: %s has %" PRIu64 " free pages against a MIN of "
                "%" PRIu64 " (+ lowmem_reserve %" PRIu64 "); the order-0 test failed: %s. ",
                label, pz->free_pages, pz->mark, pz->reserve, step);
            break;
        case PA_CAUSE_LOWMEM_RESERVE:
            cat(v, n, "lowmem_reserve: %s has %" PRIu64 " free pages, above its MIN of %" PRIu64
                ", but the zone keeps %" PRIu64 " pages back from %s-class requests: %s. ",
                label, pz->free_pages, pz->mark, pz->reserve,
                pa_zone_type_name(res->classzone), step);
            break;
        case PA_CAUSE_TOO_LARGE:
            cat(v, n, "Order %d is above the largest order of %s (%u): the kernel refuses it "
                "before looking at any watermark (kernel-semantics 6.1). ", res->order, label,
                pz->max_order);
            break;
        default:
            break;
        }
        if (res->nr_fail > 1 || with_cause != res->nr_fail) {
            cat(v, n, "Every zone the request may use failed:");
            const char *sep = "";
            for (int i = 0; i < res->nr_zones; i++) {
                const struct pa_explain_zone *z = &res->zones[i];
                if (!z->eligible || z->passes != 0)
                    continue;
                zone_label(z, label, sizeof label);
                cat(v, n, "%s %s (%s)", sep, label, pa_explain_cause_name(z->cause));
                sep = ",";
            }
            cat(v, n, ". ");
        }
        if (res->nr_unknown)
            cat(v, n, "%d zone(s) could not be checked from the dump. ", res->nr_unknown);
    }

    if (res->notes & PA_NOTE_ATOMIC)
        cat(v, n, "The request cannot reclaim or compact (atomic context): it fails as soon as "
            "the slow path's one check at MIN fails, and only kswapd, woken for it, can help "
            "later requests. ");
    else if (res->notes & PA_NOTE_COSTLY)
        cat(v, n, "Order %d is above PAGE_ALLOC_COSTLY_ORDER (3): after one round of "
            "compaction and reclaim the slow path gives up instead of retrying, and it never "
            "invokes the OOM killer. ", res->order);
    if (res->notes & PA_NOTE_NORETRY)
        cat(v, n, "__GFP_NORETRY: one round of reclaim and compaction only. ");
    if (res->notes & PA_NOTE_INELIGIBLE) {
        cat(v, n, "Zones the request may not use would have passed:");
        const char *sep = " ";
        for (int i = 0; i < res->nr_zones; i++)
            if (!res->zones[i].eligible && res->zones[i].passes == 1) {
                zone_label(&res->zones[i], label, sizeof label);
                cat(v, n, "%s%s", sep, label);
                sep = ", ";
            }
        cat(v, n, " (its GFP mask allows zones up to %s only). ",
            pa_zone_type_name(res->highest_zone));
    }
}

static void whatif_text(const struct pa_explain_in *in, const struct pa_explain_result *res,
                        struct pa_explain_text *out)
{
    char *w = out->whatif;
    size_t n = sizeof out->whatif;
    char label[48];

    for (int a = 0; a < PA_EXPLAIN_ALTS; a++) {
        if (!in->alt[a].profile)
            continue;
        int yes = 0, no = 0;
        for (int i = 0; i < res->nr_zones; i++) {
            const struct pa_explain_zone *z = &res->zones[i];
            yes += z->eligible && z->pass_alt[a] == 1;
            no += z->eligible && z->pass_alt[a] == 0;
        }
        if (!yes && !no)
            continue;
        cat(w, n, "Under %s's rules (%s) the same state would %s", in->alt[a].profile->name,
            pa_wmark_rule_name(in->alt[a].profile->wmark_rule), yes ? "PASS in" : "fail too.");
        const char *sep = " ";
        for (int i = 0; yes && i < res->nr_zones; i++)
            if (res->zones[i].eligible && res->zones[i].pass_alt[a] == 1) {
                zone_label(&res->zones[i], label, sizeof label);
                cat(w, n, "%s%s", sep, label);
                sep = ", ";
            }
        cat(w, n, yes ? ". " : " ");
    }
    for (int i = 0; i < res->nr_zones; i++) {
        const struct pa_explain_zone *z = &res->zones[i];
        if (!z->eligible || z->passes != 0)
            continue;
        zone_label(z, label, sizeof label);
        if (z->needed_at_order >= 0 && z->managed && (uint64_t)z->needed_at_order > z->managed)
            /* e.g. DMA against a Normal-class request: its lowmem_reserve
               alone is larger than the zone */
            cat(w, n, "%s can never pass this request: it would need %" PRId64 " free pages%s, "
                "more than its %" PRIu64 " managed pages (lowmem_reserve %" PRIu64 "). ",
                label, z->needed_at_order, res->order > 0 ? " at or above the order" : "",
                z->managed, z->reserve);
        else if (z->needed_at_order >= 0 && res->order > 0)
            cat(w, n, "%s would have passed with %" PRId64 " pages in blocks of order >= %d "
                "(it had %" PRIu64 "). ", label, z->needed_at_order, res->order,
                z->pages_at_order);
        else if (z->needed_at_order >= 0)
            cat(w, n, "%s would have passed with %" PRId64 " free pages (it had %" PRIu64 "). ",
                label, z->needed_at_order, z->free_pages);
        if (z->min_free_kbytes_max_pass >= 0)
            cat(w, n, "With vm.min_free_kbytes <= %" PRId64 " kB (about %" PRIu64 " kB now) "
                "%s would have passed at MIN. ", z->min_free_kbytes_max_pass,
                res->min_free_kbytes_est, label);
        else if (z->passes == 0 && (z->cause == PA_CAUSE_FRAGMENTED ||
                                    z->cause == PA_CAUSE_LOWMEM_RESERVE))
            cat(w, n, "No lower vm.min_free_kbytes would make %s pass: it fails even with MIN "
                "0 (%s decides). ", label, z->cause == PA_CAUSE_FRAGMENTED
                                               ? "the free memory below the order"
                                               : "lowmem_reserve");
        if (z->pass_min_free_whatif >= 0)
            cat(w, n, "With vm.min_free_kbytes = %" PRIu64 " kB its MIN would be %" PRIu64
                " pages and the dumped state would %s. ", in->min_free_kbytes_whatif,
                z->min_whatif, z->pass_min_free_whatif ? "pass" : "still fail");
    }
    if ((res->notes & PA_NOTE_ATOMIC) && res->min_free_kbytes_est)
        cat(w, n, "For atomic requests a larger vm.min_free_kbytes (now about %" PRIu64 " kB) "
            "makes kswapd keep more memory free above MIN, which atomic requests may dip "
            "into. ", res->min_free_kbytes_est);
}

int pa_explain_text(const struct pa_explain_in *in, const struct pa_explain_result *res,
                    struct pa_explain_text *out)
{
    if (!out)
        return PA_EINVAL;
    memset(out, 0, sizeof *out);
    if (!in || !res || !in->profile || res->nr_zones < 0 ||
        (res->nr_zones > 0 && (!res->zones || res->nr_zones > in->nr_zones || !in->zones)))
        return PA_EINVAL;
    if (res->lacks & PA_LACK_HEADER) {
        snprintf(out->missing, sizeof out->missing,
                 "the header line 'COMM: page allocation failure: order:N, mode:0x...' "
                 "(give --order and --mode)");
        snprintf(out->verdict, sizeof out->verdict,
                 "Without the request's order and GFP mode the check cannot be replayed: the "
                 "dump lacks %s.", out->missing);
        return 0;
    }
    pa_alloc_flags_names(in->profile, res->alloc_flags, out->alloc_flags_names,
                         sizeof out->alloc_flags_names);
    if (res->nr_zones > 0) {
        out->zones = calloc((size_t)res->nr_zones, sizeof *out->zones);
        if (!out->zones)
            return PA_ENOMEM;
    }
    out->nr_zones = res->nr_zones;
    for (int i = 0; i < res->nr_zones; i++) {
        zone_text(in, res, &in->zones[i], &res->zones[i], &out->zones[i]);
        if (out->zones[i].missing[0])
            cat(out->missing, sizeof out->missing, "%s%s", out->missing[0] ? "; " : "",
                out->zones[i].missing);
    }
    verdict_text(res, out);
    whatif_text(in, res, out);
    return 0;
}

void pa_explain_text_free(struct pa_explain_text *out)
{
    if (!out)
        return;
    free(out->zones);
    out->zones = NULL;
    out->nr_zones = 0;
}
