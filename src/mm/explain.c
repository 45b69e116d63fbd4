/*
 * explain.c - the verdict of `pagealloc explain` (pagealloc/explain.h).
 *
 * Everything the kernel decides is asked of the era layer, never re-derived
 * here: pa_gfp_zone / pa_gfp_classzone / pa_gfp_migratetype for what the
 * request may use (kernel-semantics 1.2, 1.4, 5.3), pa_gfp_to_alloc_flags for
 * the slow path's ALLOC flags (3.5), pa_wmark_mark for the mark in use (MIN +
 * boost, 2.3) and pa_watermark_ok for the era's check with its step trace
 * (3.1 - 3.4). This file only runs that check on the dumped numbers, on
 * variations of them (more free memory at the order, another MIN, another
 * era's rules), and turns the outcomes into a cause and sentences.
 *
 * A zone whose dump lacks its buddy line can still fail the order-0 test (a
 * high-order request never passes below it); if it passes that test, the
 * loop or scan cannot be replayed and the zone's answer is "unknown". A
 * missing lowmem_reserve[] line is replayed with 0: a failure then stands
 * for any reserve, a pass is only "unknown unless the reserve was small".
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/explain.h"
#include "pagealloc/gfp.h"
#include "pagealloc/profile.h"

static const char *const cause_names[] = {
    "unknown", "too little free memory", "fragmented", "lowmem_reserve",
    "no usable zone", "state changed", "order too large",
};

const char *pa_explain_cause_name(enum pa_explain_cause c)
{
    return (unsigned)c < sizeof cause_names / sizeof cause_names[0] ? cause_names[c] : "?";
}

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

/* Pages held in blocks of order >= lo and < hi. */
static uint64_t pages_in(const struct pa_wmark_state *s, unsigned lo, unsigned hi)
{
    uint64_t sum = 0;
    for (unsigned o = lo; o < hi && o <= s->max_order && o <= PA_ORDER_CAP; o++)
        sum += s->nr_free[o] << o;
    return sum;
}

/* The check at MIN for one state under one profile. */
static bool check(const struct pa_profile *p, const struct pa_wmark_state *s, unsigned order,
                  int classzone, unsigned flags, struct pa_wmark_trace *t)
{
    unsigned long mark = (unsigned long)pa_wmark_mark(p, s, flags);
    return pa_watermark_ok(p, s, order, mark, classzone, flags, t);
}

/* The state as another era would see it: MIGRATE_RESERVE blocks do not exist
   after 4.3 (kernel-semantics 3.7: read them as ordinary Movable blocks). */
static void state_for(const struct pa_profile *p, const struct pa_wmark_state *in,
                      struct pa_wmark_state *out)
{
    *out = *in;
    if (p->has_reserve)
        return;
    for (unsigned o = 0; o <= PA_ORDER_CAP; o++)
        if (out->mt_mask[o] & (1u << PA_MT_RESERVE)) {
            out->mt_mask[o] &= ~(1u << PA_MT_RESERVE);
            out->mt_mask[o] |= 1u << PA_MT_MOVABLE;
        }
}

/* Smallest number of pages in extra free blocks of `order` (on the request's
   own list) that would make the check pass; -1 if none up to 2^40 pages. */
static int64_t needed_extra(const struct pa_profile *p, const struct pa_wmark_state *s,
                            unsigned order, int classzone, unsigned flags, enum pa_migratetype mt)
{
    struct pa_wmark_state t = *s;
    uint64_t lo = 0, hi = 1;
    for (;;) {
        t = *s;
        t.free_pages += (int64_t)(hi << order);
        t.nr_free[order] += hi;
        t.mt_mask[order] |= 1u << mt;
        if (check(p, &t, order, classzone, flags, NULL))
            break;
        lo = hi;
        hi *= 2;
        if ((hi << order) > ((uint64_t)1 << 40))
            return -1;
    }
    while (hi - lo > 1) { /* fails at lo (or lo == 0), passes at hi */
        uint64_t mid = lo + (hi - lo) / 2;
        t = *s;
        t.free_pages += (int64_t)(mid << order);
        t.nr_free[order] += mid;
        t.mt_mask[order] |= 1u << mt;
        if (check(p, &t, order, classzone, flags, NULL))
            hi = mid;
        else
            lo = mid;
    }
    return (int64_t)(hi << order);
}

/* Largest stored MIN (pages) at which the check passes, -1 if none (not even
   MIN 0: reserve, highatomic, CMA or the lack of any block decide). */
static int64_t max_passing_min(const struct pa_profile *p, const struct pa_wmark_state *s,
                               unsigned order, int classzone, unsigned flags)
{
    struct pa_wmark_state t = *s;
    t.watermark[PA_WMARK_MIN] = 0;
    if (!check(p, &t, order, classzone, flags, NULL))
        return -1;
    uint64_t lo = 0, hi = s->watermark[PA_WMARK_MIN]; /* passes at lo, fails at hi */
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        t.watermark[PA_WMARK_MIN] = mid;
        if (check(p, &t, order, classzone, flags, NULL))
            lo = mid;
        else
            hi = mid;
    }
    return (int64_t)lo;
}

/* Cut a trace after the order-0 test: the rest would read buddy numbers the
   dump does not have. */
static void truncate_trace(struct pa_wmark_trace *t)
{
    int keep = 0;
    while (keep < t->nr && t->step[keep].order < 0)
        keep++;
    t->nr = keep;
    t->decided = -1;
}

static enum pa_explain_cause cause_of(const struct pa_wmark_trace *t)
{
    if (t->fail_order >= 0)
        return PA_CAUSE_FRAGMENTED;
    /* The order-0 test failed: above the bare mark means the reserve did it. */
    if (t->reserve > 0 && t->free_adjusted > t->min)
        return PA_CAUSE_LOWMEM_RESERVE;
    return PA_CAUSE_LOW_FREE;
}

static bool lowmem_type(enum pa_zone_type t)
{
    return t != PA_ZONE_HIGHMEM && t != PA_ZONE_MOVABLE && t != PA_ZONE_DEVICE;
}

static void zone_label(const struct pa_explain_zone *z, char *buf, size_t n)
{
    if (z->node >= 0)
        snprintf(buf, n, "Node %d %s", z->node, z->name);
    else
        snprintf(buf, n, "%s", z->name);
}

static void explain_zone(const struct pa_explain_in *in, struct pa_explain_result *res,
                         const struct pa_explain_zone_in *zi, struct pa_explain_zone *z,
                         const bool populated[PA_ZONE_TYPES])
{
    const struct pa_profile *p = in->profile;
    unsigned order = (unsigned)in->order;
    char label[48];

    z->node = zi->node;
    z->type = zi->type;
    snprintf(z->name, sizeof z->name, "%s", zi->name);
    zone_label(z, label, sizeof label);
    z->eligible = (unsigned)zi->type < PA_ZONE_TYPES && zi->type <= res->highest_zone;
    z->passes = -1;
    z->cause = PA_CAUSE_UNKNOWN;
    z->needed_at_order = -1;
    z->min_free_kbytes_max_pass = -1;
    z->pass_min_free_whatif = -1;
    for (int a = 0; a < PA_EXPLAIN_ALTS; a++)
        z->pass_alt[a] = -1;
    z->free_pages = zi->st.free_pages > 0 ? (uint64_t)zi->st.free_pages : 0;
    z->managed = zi->managed;
    z->pages_below_order = pages_in(&zi->st, 0, order);
    z->pages_at_order = pages_in(&zi->st, order, PA_ORDER_CAP + 1);

    z->max_order = zi->st.max_order;
    if (order > zi->st.max_order || order > PA_ORDER_CAP) {
        z->passes = 0;
        z->cause = PA_CAUSE_TOO_LARGE;
        snprintf(z->text, sizeof z->text, "%s: order %u is above its largest order %u.", label,
                 order, zi->st.max_order);
        return;
    }
    if (!zi->have_zone_line) {
        snprintf(z->missing, sizeof z->missing,
                 "the zone line '%s free:...kB min:...kB ...' (only its buddy line was "
                 "quoted)", label);
        snprintf(z->text, sizeof z->text, "%s: no zone line, so no free count or MIN.", label);
        return;
    }
    int classzone = (int)res->classzone;
    z->reserve = classzone < PA_ZONE_TYPES ? zi->st.lowmem_reserve[classzone] : 0;
    if (!zi->have_reserve && classzone != (int)zi->type) {
        cat(z->missing, sizeof z->missing, "the 'lowmem_reserve[]:' line after its zone line "
            "(replayed with a reserve of 0); ");
        res->notes |= PA_NOTE_RESERVE_UNKNOWN;
    }
    unsigned flags = res->alloc_flags;
    z->mark = pa_wmark_mark(p, &zi->st, flags);
    bool ok = check(p, &zi->st, order, classzone, flags, &z->trace);
    bool buddy_needed = order > 0 && !zi->have_buddy;
    if (buddy_needed && (ok || z->trace.fail_order >= 0)) {
        truncate_trace(&z->trace);
        cat(z->missing, sizeof z->missing, "the buddy line '%s: N*%ukB ...' (the order-0 test "
            "passes; the steps above order 0 need the free block counts)", label, zi->page_kb);
        z->passes = -1;
    } else {
        z->passes = ok ? 1 : 0;
        if (!ok)
            z->cause = cause_of(&z->trace);
    }
    if (ok && !zi->have_reserve && classzone != (int)zi->type)
        z->passes = -1; /* a large enough reserve would have failed it */

    /* What-ifs on the same numbers. */
    if (z->passes == 0 && order > 0 && zi->have_buddy)
        z->needed_at_order = (int64_t)z->pages_at_order +
                             needed_extra(p, &zi->st, order, classzone, flags, res->migratetype);
    else if (z->passes == 0 && order == 0)
        z->needed_at_order = (int64_t)z->free_pages +
                             needed_extra(p, &zi->st, 0, classzone, flags, res->migratetype);
    if (z->passes == 0 && (zi->have_buddy || order == 0) && lowmem_type(zi->type) &&
        zi->st.watermark[PA_WMARK_MIN] > 0 && res->min_free_kbytes_est > 0) {
        int64_t m = max_passing_min(p, &zi->st, order, classzone, flags);
        if (m >= 0)
            z->min_free_kbytes_max_pass =
                (int64_t)((uint64_t)m * res->min_free_kbytes_est / zi->st.watermark[PA_WMARK_MIN]);
    }
    if (in->min_free_kbytes_whatif && lowmem_type(zi->type) && res->min_free_kbytes_est &&
        (zi->have_buddy || order == 0)) {
        struct pa_wmark_state t = zi->st;
        t.watermark[PA_WMARK_MIN] =
            zi->st.watermark[PA_WMARK_MIN] * in->min_free_kbytes_whatif / res->min_free_kbytes_est;
        z->min_whatif = t.watermark[PA_WMARK_MIN];
        z->pass_min_free_whatif = check(p, &t, order, classzone, flags, NULL) ? 1 : 0;
    }
    for (int a = 0; a < PA_EXPLAIN_ALTS; a++) {
        const struct pa_profile *q = in->alt[a].profile;
        if (!q || !in->have_mode || (order > 0 && !zi->have_buddy))
            continue;
        struct pa_wmark_state t;
        state_for(q, &zi->st, &t);
        enum pa_zone_type top = pa_gfp_zone(q, in->alt[a].mode);
        if ((unsigned)zi->type >= PA_ZONE_TYPES || top >= PA_ZONE_TYPES || zi->type > top) {
            z->pass_alt[a] = 0;
            continue;
        }
        int cz = (int)pa_gfp_classzone(q, in->alt[a].mode, populated);
        if (cz >= PA_ZONE_TYPES)
            cz = (int)zi->type;
        unsigned f = pa_gfp_to_alloc_flags(q, in->alt[a].mode, order, true);
        z->pass_alt[a] = check(q, &t, order, cz, f, NULL) ? 1 : 0;
    }

    /* The paragraph. */
    unsigned kb = zi->page_kb;
    snprintf(z->text, sizeof z->text, "%s: %s; free %" PRIu64 " pages (%" PRIu64
             " kB), MIN %" PRIu64 " pages (%" PRIu64 " kB), lowmem_reserve[%s] %" PRIu64 ".",
             label, z->eligible ? "the request may use it" : "the request may NOT use it",
             z->free_pages, z->free_pages * kb, z->mark, z->mark * kb,
             pa_zone_type_name(res->classzone), z->reserve);
    if (z->passes == 1)
        cat(z->text, sizeof z->text, " The dumped state PASSES the check.");
    else if (z->passes == 0 && z->trace.decided >= 0)
        cat(z->text, sizeof z->text, " FAILS: %s.", z->trace.step[z->trace.decided].text);
    else if (z->passes == 0)
        cat(z->text, sizeof z->text, " FAILS.");
    else
        cat(z->text, sizeof z->text, " Cannot tell: the dump lacks %s", z->missing);
    if (zi->have_buddy && order > 0)
        cat(z->text, sizeof z->text, " Blocks below order %u hold %" PRIu64 " pages (%" PRIu64
            " kB); blocks of order >= %u hold %" PRIu64 " pages (%" PRIu64 " kB).",
            order, z->pages_below_order, z->pages_below_order * kb, order, z->pages_at_order,
            z->pages_at_order * kb);
}

/* The zone the zonelist starts with: the highest eligible type, first node. */
static const struct pa_explain_zone *preferred(const struct pa_explain_result *res)
{
    const struct pa_explain_zone *best = NULL;
    for (int i = 0; i < res->nr_zones; i++) {
        const struct pa_explain_zone *z = &res->zones[i];
        if (!z->eligible || z->passes != 0)
            continue;
        if (!best || z->type > best->type || (z->type == best->type && z->node < best->node))
            best = z;
    }
    return best;
}

static void write_verdict(const struct pa_explain_in *in, struct pa_explain_result *res)
{
    char *v = res->verdict;
    size_t n = sizeof res->verdict;
    char label[48];
    int pass = 0, fail = 0, unknown = 0, eligible = 0;
    int by_cause[PA_CAUSE_TOO_LARGE + 1] = {0};

    for (int i = 0; i < res->nr_zones; i++) {
        const struct pa_explain_zone *z = &res->zones[i];
        if (!z->eligible)
            continue;
        eligible++;
        if (z->passes == 1)
            pass++;
        else if (z->passes == 0)
            fail++, by_cause[z->cause]++;
        else
            unknown++;
    }
    if (res->nr_zones == 0) {
        res->cause = PA_CAUSE_UNKNOWN;
        snprintf(res->missing, sizeof res->missing,
                 "the Mem-Info dump: zone lines 'Node N Zone free:...kB min:...kB ...', their "
                 "'lowmem_reserve[]:' lines and buddy lines 'Node N Zone: N*4kB ...'");
        cat(v, n, "The report has no Mem-Info dump (zone lines 'Node N Zone free:...kB "
            "min:...kB ...' and buddy lines 'Node N Zone: N*4kB ...'), so the watermark check "
            "cannot be replayed. ");
    } else if (eligible == 0) {
        res->cause = PA_CAUSE_NO_ZONE;
        cat(v, n, "No zone this request may use (zones up to %s) is in the dump; the zones "
            "shown are reserved for other requests. ", pa_zone_type_name(res->highest_zone));
    } else if (pass > 0) {
        res->cause = PA_CAUSE_STATE_CHANGED;
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
    } else if (fail == 0) {
        res->cause = PA_CAUSE_UNKNOWN;
        cat(v, n, "The dump lacks what the check needs in every zone the request may use. ");
    } else {
        const struct pa_explain_zone *pz = preferred(res);
        enum pa_explain_cause c = pz->cause;
        for (int k = 1; k <= PA_CAUSE_TOO_LARGE; k++)
            if (by_cause[k] == fail)
                c = (enum pa_explain_cause)k;
        res->cause = c;
        zone_label(pz, label, sizeof label);
        const struct pa_wmark_trace *t = &pz->trace;
        const char *step = t->decided >= 0 ? t->step[t->decided].text : "";
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
        if (fail > 1 || by_cause[c] != fail) {
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
        if (unknown)
            cat(v, n, "%d zone(s) could not be checked from the dump. ", unknown);
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
    (void)in;
}

static void write_whatif(const struct pa_explain_in *in, struct pa_explain_result *res)
{
    char *w = res->whatif;
    size_t n = sizeof res->whatif;
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

int pa_explain(const struct pa_explain_in *in, struct pa_explain_result *out)
{
    if (!out)
        return PA_EINVAL;
    memset(out, 0, sizeof *out);
    if (!in || !in->profile)
        return PA_EINVAL;
    const struct pa_profile *p = in->profile;
    out->order = in->order;
    out->classzone = PA_ZONE_TYPES;
    out->highest_zone = PA_ZONE_TYPES;

    if (in->order < 0 || !in->have_mode) {
        out->cause = PA_CAUSE_UNKNOWN;
        snprintf(out->missing, sizeof out->missing,
                 "the header line 'COMM: page allocation failure: order:N, mode:0x...' "
                 "(give --order and --mode)");
        snprintf(out->verdict, sizeof out->verdict,
                 "Without the request's order and GFP mode the check cannot be replayed: the "
                 "dump lacks %s.", out->missing);
        return 0;
    }
    unsigned order = (unsigned)in->order;
    out->bytes = (uint64_t)4096 << (order < 40 ? order : 40);
    out->highest_zone = pa_gfp_zone(p, in->mode);
    bool populated[PA_ZONE_TYPES] = {false};
    for (int i = 0; i < in->nr_zones; i++)
        if ((unsigned)in->zones[i].type < PA_ZONE_TYPES)
            populated[in->zones[i].type] = true;
    out->classzone = pa_gfp_classzone(p, in->mode, populated);
    out->migratetype = pa_gfp_migratetype(p, in->mode);
    out->alloc_flags = pa_gfp_to_alloc_flags(p, in->mode, order, true);
    pa_alloc_flags_names(p, out->alloc_flags, out->alloc_flags_names,
                         sizeof out->alloc_flags_names);
    out->can_reclaim = pa_gfp_can_direct_reclaim(p, in->mode);
    if (!out->can_reclaim)
        out->notes |= PA_NOTE_ATOMIC;
    if (order > 3 && out->can_reclaim && !pa_gfp_has(p, in->mode, PA_GFP_NOFAIL) &&
        !pa_gfp_has(p, in->mode, PA_GFP_REPEAT) && !pa_gfp_has(p, in->mode, PA_GFP_RETRY_MAYFAIL))
        out->notes |= PA_NOTE_COSTLY;
    if (pa_gfp_has(p, in->mode, PA_GFP_NORETRY))
        out->notes |= PA_NOTE_NORETRY;

    /* min_free_kbytes is spread over the lowmem zones in proportion to their
       size (kernel-semantics 2.2), so their stored MINs add up to it. */
    for (int i = 0; i < in->nr_zones; i++) {
        const struct pa_explain_zone_in *zi = &in->zones[i];
        if (zi->have_zone_line && lowmem_type(zi->type))
            out->min_free_kbytes_est += zi->st.watermark[PA_WMARK_MIN] * zi->page_kb;
    }

    if (in->nr_zones > 0) {
        out->zones = calloc((size_t)in->nr_zones, sizeof *out->zones);
        if (!out->zones)
            return PA_ENOMEM;
    }
    out->nr_zones = in->nr_zones;
    for (int i = 0; i < in->nr_zones; i++) {
        explain_zone(in, out, &in->zones[i], &out->zones[i], populated);
        if (!out->zones[i].eligible && out->zones[i].passes == 1)
            out->notes |= PA_NOTE_INELIGIBLE;
        if (out->zones[i].missing[0])
            cat(out->missing, sizeof out->missing, "%s%s", out->missing[0] ? "; " : "",
                out->zones[i].missing);
    }
    write_verdict(in, out);
    write_whatif(in, out);
    return 0;
}

void pa_explain_free(struct pa_explain_result *out)
{
    if (!out)
        return;
    free(out->zones);
    out->zones = NULL;
    out->nr_zones = 0;
}
