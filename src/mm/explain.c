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
 * era's rules), and turns the outcomes into a cause per zone and one for the
 * report. The result is data (verdicts, numbers, what-ifs, which lines the
 * dump lacks); the sentences are written by src/format/explain_text.c.
 *
 * A zone whose dump lacks its buddy line can still fail the order-0 test (a
 * high-order request never passes below it); if it passes that test, the
 * loop or scan cannot be replayed and the zone's answer is "unknown". A
 * missing lowmem_reserve[] line is replayed with 0: a failure then stands
 * for any reserve, a pass is only "unknown unless the reserve was small".
 */
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

static void explain_zone(const struct pa_explain_in *in, struct pa_explain_result *res,
                         const struct pa_explain_zone_in *zi, struct pa_explain_zone *z,
                         const bool populated[PA_ZONE_TYPES])
{
    const struct pa_profile *p = in->profile;
    unsigned order = (unsigned)in->order;

    z->node = zi->node;
    z->type = zi->type;
    memcpy(z->name, zi->name, sizeof z->name);
    z->name[sizeof z->name - 1] = '\0';
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
        return;
    }
    if (!zi->have_zone_line) {
        z->lacks |= PA_LACK_ZONE_LINE;
        return;
    }
    int classzone = (int)res->classzone;
    z->reserve = classzone < PA_ZONE_TYPES ? zi->st.lowmem_reserve[classzone] : 0;
    if (!zi->have_reserve && classzone != (int)zi->type) {
        z->lacks |= PA_LACK_RESERVE_LINE;
        res->notes |= PA_NOTE_RESERVE_UNKNOWN;
    }
    unsigned flags = res->alloc_flags;
    z->mark = pa_wmark_mark(p, &zi->st, flags);
    bool ok = check(p, &zi->st, order, classzone, flags, &z->trace);
    bool buddy_needed = order > 0 && !zi->have_buddy;
    if (buddy_needed && (ok || z->trace.fail_order >= 0)) {
        truncate_trace(&z->trace);
        z->lacks |= PA_LACK_BUDDY_LINE;
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

/* The report's cause from its zones' (kernel order: the zone the zonelist
   starts with speaks for the report unless every failing zone agrees). */
static void decide(struct pa_explain_result *res)
{
    int by_cause[PA_CAUSE_TOO_LARGE + 1] = {0};

    res->preferred = -1;
    for (int i = 0; i < res->nr_zones; i++) {
        const struct pa_explain_zone *z = &res->zones[i];
        if (!z->eligible)
            continue;
        res->nr_eligible++;
        if (z->passes == 1)
            res->nr_pass++;
        else if (z->passes == 0)
            res->nr_fail++, by_cause[z->cause]++;
        else
            res->nr_unknown++;
    }
    if (res->nr_zones == 0) {
        res->cause = PA_CAUSE_UNKNOWN;
        res->lacks |= PA_LACK_MEMINFO;
    } else if (res->nr_eligible == 0) {
        res->cause = PA_CAUSE_NO_ZONE;
    } else if (res->nr_pass > 0) {
        res->cause = PA_CAUSE_STATE_CHANGED;
    } else if (res->nr_fail == 0) {
        res->cause = PA_CAUSE_UNKNOWN;
    } else {
        const struct pa_explain_zone *pz = preferred(res);
        res->preferred = (int)(pz - res->zones);
        enum pa_explain_cause c = pz->cause;
        for (int k = 1; k <= PA_CAUSE_TOO_LARGE; k++)
            if (by_cause[k] == res->nr_fail)
                c = (enum pa_explain_cause)k;
        res->cause = c;
    }
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

    out->preferred = -1;
    if (in->order < 0 || !in->have_mode) {
        out->cause = PA_CAUSE_UNKNOWN;
        out->lacks |= PA_LACK_HEADER;
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
    }
    decide(out);
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
