/*
 * watermark.c - the watermark check of every era (__zone_watermark_ok and
 * zone_watermark_fast), with an optional trace of every step.
 *
 * Four rules, chosen by profile->wmark_rule (kernel-semantics 3.1 - 3.4):
 *   LOOP        mainline 2.6.x - 4.3: order-0 test, then for each order below
 *               the request drop the pages held at that order and halve min
 *   LOOP_RHEL6  RHEL 6.5+: the loop starts from (mark - MIN), halves only
 *               below order pageblock_order/4
 *   ANY_BLOCK   4.4 - 6.2: order-0 test with highatomic/CMA subtractions,
 *               then any free block of order >= request on a usable list
 *   RESERVES    6.3+: the same shape with the ALLOC_RESERVES family
 * The numeric knobs (2^order -1 or +1, which highatomic count, whether
 * ALLOC_HARDER accepts any block) are profile data too.
 *
 * One check serves two sources (struct wsrc below): a zone of the simulator,
 * read in place (pa_zone_watermark_ok / _fast: nothing is copied per
 * allocation but a few scalars), and a struct pa_wmark_state parsed from a
 * failure report or /proc/zoneinfo (explain, analyze), so both are judged
 * by the same code. The trace records each subtraction and comparison as
 * numbers (what the step did and its operands; src/format/wmark_trace.c
 * writes the text); it costs
 * nothing when t is NULL. Arithmetic is signed 64-bit, as the kernel's long:
 * free may go negative.
 */
#include <string.h>

#include "pagealloc/profile.h"
#include "pagealloc/watermark.h"

/* ---- the source the check reads ------------------------------------------------------
 * The scalars are copied (cheap); the per-order data (nr_free, which lists
 * are non-empty, free HIGHATOMIC pages) are read through the accessors below,
 * from the zone's free_area in place or from the parsed state. */
struct wsrc {
    int64_t free_pages;
    unsigned max_order, pageblock_order;
    bool lists_known;
    uint64_t nr_reserved_highatomic, free_cma, boost;
    const uint64_t *watermark;       /* [PA_NR_WMARK], without boost         */
    const uint64_t *lowmem_reserve;  /* [PA_ZONE_TYPES]                       */
    const struct pa_zone *z;         /* per-order data from this zone, or ... */
    const struct pa_wmark_state *st; /* ... from this parsed state            */
};

static inline void src_zone(struct wsrc *w, const struct pa_zone *z)
{
    w->free_pages = (int64_t)z->free_pages;
    w->max_order = z->machine->max_order;
    w->pageblock_order = z->machine->pageblock_order;
    w->lists_known = true;
    w->nr_reserved_highatomic = z->nr_reserved_highatomic;
    w->free_cma = z->nr_free_cma;
    w->boost = z->watermark_boost;
    w->watermark = z->watermark;
    w->lowmem_reserve = z->lowmem_reserve;
    w->z = z;
    w->st = NULL;
}

static inline void src_state(struct wsrc *w, const struct pa_wmark_state *s)
{
    w->free_pages = s->free_pages;
    w->max_order = s->max_order;
    w->pageblock_order = s->pageblock_order;
    w->lists_known = s->lists_known;
    w->nr_reserved_highatomic = s->nr_reserved_highatomic;
    w->free_cma = s->free_cma;
    w->boost = s->boost;
    w->watermark = s->watermark;
    w->lowmem_reserve = s->lowmem_reserve;
    w->z = NULL;
    w->st = s;
}

/* free_area[o].nr_free */
static inline uint64_t nr_free(const struct wsrc *w, unsigned o)
{
    return w->z ? w->z->free_area[o].nr_free : w->st->nr_free[o];
}

/* bit (1u << mt) set when the list of migratetype mt at order o is non-empty */
static inline uint32_t mt_mask(const struct wsrc *w, unsigned o)
{
    if (!w->z)
        return w->st->mt_mask[o];
    const struct pa_free_area *a = &w->z->free_area[o];
    uint32_t mask = 0;
    for (int mt = 0; mt < PA_MT_COUNT; mt++)
        if (a->free_list[mt].count)
            mask |= 1u << mt;
    return mask;
}

/* free pages on the HIGHATOMIC lists (6.12+ NR_FREE_HIGHATOMIC) */
static inline uint64_t nr_free_highatomic(const struct wsrc *w)
{
    if (!w->z)
        return w->st->nr_free_highatomic;
    uint64_t n = 0;
    for (unsigned o = 0; o <= w->max_order; o++)
        n += w->z->free_area[o].free_list[PA_MT_HIGHATOMIC].count << o;
    return n;
}

/* ---- state ------------------------------------------------------------------------ */

void pa_wmark_state_from_zone(const struct pa_zone *z, struct pa_wmark_state *s)
{
    if (!s)
        return;
    if (!z) {
        memset(s, 0, sizeof *s);
        return;
    }
    const struct pa_machine *m = z->machine;
    memset(s, 0, sizeof *s);
    s->free_pages = (int64_t)z->free_pages;
    s->max_order = m->max_order;
    s->pageblock_order = m->pageblock_order;
    s->lists_known = true;
    for (unsigned o = 0; o <= m->max_order; o++) {
        const struct pa_free_area *a = &z->free_area[o];
        s->nr_free[o] = a->nr_free;
        for (int mt = 0; mt < PA_MT_COUNT; mt++)
            if (a->free_list[mt].count)
                s->mt_mask[o] |= 1u << mt;
        s->nr_free_highatomic += a->free_list[PA_MT_HIGHATOMIC].count << o;
    }
    s->nr_reserved_highatomic = z->nr_reserved_highatomic;
    s->free_cma = z->nr_free_cma;
    memcpy(s->lowmem_reserve, z->lowmem_reserve, sizeof s->lowmem_reserve);
    memcpy(s->watermark, z->watermark, sizeof s->watermark);
    s->boost = z->watermark_boost;
}

int64_t pa_mt_mask_from_letters(const struct pa_profile *p, const char *letters)
{
    if (!p || !letters)
        return -1;
    int64_t mask = 0;
    for (const char *c = letters; c && *c; c++) {
        if (*c == '(' || *c == ')' || *c == ' ')
            continue;
        int t = 0;
        while (t < p->nr_mt && pa_migratetype_letter(p->mt_order[t]) != *c)
            t++;
        /* CMA prints 'C' even where the profile has no CMA list */
        if (t == p->nr_mt && *c != 'C')
            return -1;
        mask |= (int64_t)1 << (t == p->nr_mt ? PA_MT_CMA : p->mt_order[t]);
    }
    return mask;
}

uint64_t pa_wmark_mark(const struct pa_profile *p, const struct pa_wmark_state *s,
                       unsigned alloc_flags)
{
    if (!p || !s)
        return 0;
    uint64_t mark = s->watermark[alloc_flags & PA_ALLOC_WMARK_MASK];
    return p->boost ? mark + s->boost : mark;
}

uint64_t pa_zone_wmark_mark(const struct pa_profile *p, const struct pa_zone *z,
                            unsigned alloc_flags)
{
    if (!p || !z)
        return 0;
    uint64_t mark = z->watermark[alloc_flags & PA_ALLOC_WMARK_MASK];
    return p->boost ? mark + z->watermark_boost : mark;
}

/* ---- trace helpers -------------------------------------------------------------------- */

/* Record one step: what it did (op), its kind, order, compared or
   subtracted numbers, outcome, and up to three further operands (see enum
   pa_wmark_step_op for which op uses which). */
static struct pa_wmark_step *step(struct pa_wmark_trace *t, enum pa_wmark_step_op op,
                                  enum pa_wmark_step_kind kind, int order, int64_t lhs,
                                  int64_t rhs, bool pass)
{
    if (!t || t->nr >= PA_WMARK_TRACE_MAX)
        return NULL;
    struct pa_wmark_step *st = &t->step[t->nr++];
    memset(st, 0, sizeof *st);
    st->op = op;
    st->kind = kind;
    st->order = order;
    st->lhs = lhs;
    st->rhs = rhs;
    st->pass = pass;
    return st;
}

/* A step with operands v0, v1, v2 and aux. */
static void step_v(struct pa_wmark_trace *t, enum pa_wmark_step_op op,
                   enum pa_wmark_step_kind kind, int order, int64_t lhs, int64_t rhs, bool pass,
                   int64_t v0, int64_t v1, int64_t v2, unsigned aux)
{
    struct pa_wmark_step *st = step(t, op, kind, order, lhs, rhs, pass);
    if (st) {
        st->v[0] = v0;
        st->v[1] = v1;
        st->v[2] = v2;
        st->aux = aux;
    }
}

/* Record the verdict: the last recorded step decided. */
static bool verdict(struct pa_wmark_trace *t, bool ok, int fail_order, int64_t free, int64_t min)
{
    if (t) {
        t->ok = ok;
        t->decided = t->nr - 1;
        t->fail_order = ok ? -1 : fail_order;
        t->free_adjusted = free;
        t->min = min;
    }
    return ok;
}

static void trace_begin(struct pa_wmark_trace *t, const struct pa_profile *p, unsigned order,
                        unsigned long mark, uint64_t reserve, unsigned flags)
{
    if (!t)
        return;
    memset(t, 0, sizeof *t);
    t->decided = -1;
    t->fail_order = -1;
    t->rule = pa_wmark_rule_name(p->wmark_rule);
    t->profile = p;
    t->reserve = reserve;
    step_v(t, PA_WOP_BEGIN, PA_WSTEP_INFO, -1, 0, 0, true, order, (int64_t)mark, 0, flags);
}

/* The mark after the ALLOC reductions of eras A and B (HIGH halves, HARDER
   takes a quarter, 4.15+ OOM halves instead). */
static int64_t reduce_ab(struct pa_wmark_trace *t, int64_t min, unsigned flags, bool era_b)
{
    if (flags & PA_ALLOC_HIGH) {
        int64_t m2 = min - min / 2;
        step_v(t, PA_WOP_REDUCE, PA_WSTEP_SUB, -1, min, min / 2, true, 2, m2, 0, PA_ALLOC_HIGH);
        min = m2;
    }
    if (era_b && (flags & PA_ALLOC_OOM)) {
        int64_t m2 = min - min / 2;
        step_v(t, PA_WOP_REDUCE, PA_WSTEP_SUB, -1, min, min / 2, true, 2, m2, 0, PA_ALLOC_OOM);
        return m2;
    }
    if (flags & PA_ALLOC_HARDER) {
        int64_t m2 = min - min / 4;
        step_v(t, PA_WOP_REDUCE, PA_WSTEP_SUB, -1, min, min / 4, true, 4, m2, 0,
               PA_ALLOC_HARDER);
        min = m2;
    }
    return min;
}

/* The order-0 test shared by every era: free <= min + R fails. */
static bool order0_test(struct pa_wmark_trace *t, int64_t free, int64_t min, uint64_t reserve)
{
    bool fail = free <= min + (int64_t)reserve;
    step_v(t, PA_WOP_ORDER0, PA_WSTEP_CMP, -1, free, min + (int64_t)reserve, !fail, min,
           (int64_t)reserve, 0, 0);
    return !fail;
}

/* ---- era A: iterative loops (3.1, 3.2) --------------------------------------------- */

static bool check_loop(const struct pa_profile *p, const struct wsrc *s, unsigned order,
                       int64_t mark, uint64_t reserve, unsigned flags, struct pa_wmark_trace *t)
{
    int64_t adjust = ((int64_t)1 << order) + p->wmark_order_adjust;
    int64_t free = s->free_pages - adjust;
    step_v(t, PA_WOP_FREE_ADJUST, PA_WSTEP_SUB, -1, s->free_pages, adjust, true, order,
           p->wmark_order_adjust < 0 ? -1 : 1, 0, 0);
    int64_t min = reduce_ab(t, mark, flags, false);
    int64_t cma = 0;
    if (p->has_cma && !(flags & PA_ALLOC_CMA)) {
        cma = (int64_t)s->free_cma;
        step(t, PA_WOP_CMA_LOOP, PA_WSTEP_SUB, -1, free, cma, true);
    }
    if (!order0_test(t, free - cma, min, reserve))
        return verdict(t, false, -1, free - cma, min);

    bool rhel6 = p->wmark_rule == PA_WMARK_RULE_LOOP_RHEL6;
    if (rhel6) {
        if (order == 0) {
            step(t, PA_WOP_ORDER0_OK, PA_WSTEP_INFO, -1, 0, 0, true);
            return verdict(t, true, -1, free, min);
        }
        int64_t base = mark - (int64_t)s->watermark[PA_WMARK_MIN];
        step_v(t, PA_WOP_RHEL6_BASE, PA_WSTEP_SUB, -1, mark, (int64_t)s->watermark[PA_WMARK_MIN],
               true, base, 0, 0, 0);
        min = reduce_ab(t, base, flags, false);
    }
    unsigned halve_below = rhel6 ? s->pageblock_order / 4 : order;
    for (unsigned o = 0; o < order; o++) {
        uint64_t nf = nr_free(s, o);
        int64_t held = (int64_t)(nf << o);
        int64_t nfree = free - held;
        int64_t nmin = o < halve_below ? min >> 1 : min;
        step_v(t, PA_WOP_LOOP_SUB, PA_WSTEP_SUB, (int)o, free, held, true, (int64_t)nf, min,
               nmin, o < halve_below);
        free = nfree;
        min = nmin;
        bool fail = free <= min;
        step(t, PA_WOP_LOOP_CMP, PA_WSTEP_CMP, (int)o, free, min, !fail);
        if (fail)
            return verdict(t, false, (int)o, free, min);
    }
    step(t, PA_WOP_ALL_PASSED, PA_WSTEP_INFO, -1, 0, 0, true);
    return verdict(t, true, -1, free, min);
}

/* ---- eras B and C: order-0 test, then any suitable block (3.3, 3.4) ------------------ */

static bool check_any_block(const struct pa_profile *p, const struct wsrc *s,
                            unsigned order, int64_t mark, uint64_t reserve, unsigned flags,
                            struct pa_wmark_trace *t)
{
    bool era_c = p->wmark_rule == PA_WMARK_RULE_RESERVES;
    int64_t adjust = ((int64_t)1 << order) - 1;
    int64_t free = s->free_pages - adjust;
    step_v(t, PA_WOP_FREE_ADJUST, PA_WSTEP_SUB, -1, s->free_pages, adjust, true, order, -1, 0,
           0);

    /* who may use the highatomic reserve */
    bool harder = era_c ? (flags & PA_ALLOC_RESERVES) != 0
                        : (flags & (PA_ALLOC_HARDER | PA_ALLOC_OOM)) != 0;
    if (!harder && p->wmark_highatomic != PA_HA_COUNT_NONE) {
        bool use_free = p->wmark_highatomic == PA_HA_COUNT_FREE;
        int64_t ha = (int64_t)(use_free ? nr_free_highatomic(s) : s->nr_reserved_highatomic);
        step_v(t, PA_WOP_HIGHATOMIC, PA_WSTEP_SUB, -1, free, ha, true, 0, 0, 0, use_free);
        free -= ha;
    }
    if (p->has_cma && !(flags & PA_ALLOC_CMA)) {
        step(t, PA_WOP_CMA, PA_WSTEP_SUB, -1, free, (int64_t)s->free_cma, true);
        free -= (int64_t)s->free_cma;
    }
    int64_t min = mark;
    if (!era_c) {
        min = reduce_ab(t, min, flags, true);
    } else if (flags & PA_ALLOC_RESERVES) {
        if (flags & PA_ALLOC_MIN_RESERVE) {
            int64_t m2 = min - min / 2;
            step_v(t, PA_WOP_REDUCE, PA_WSTEP_SUB, -1, min, min / 2, true, 2, m2, 0,
                   PA_ALLOC_MIN_RESERVE);
            min = m2;
            if (flags & PA_ALLOC_NON_BLOCK) {
                m2 = min - min / 4;
                step_v(t, PA_WOP_REDUCE, PA_WSTEP_SUB, -1, min, min / 4, true, 4, m2, 0,
                       PA_ALLOC_NON_BLOCK);
                min = m2;
            }
        }
        if (flags & PA_ALLOC_OOM) {
            int64_t m2 = min - min / 2;
            step_v(t, PA_WOP_REDUCE, PA_WSTEP_SUB, -1, min, min / 2, true, 2, m2, 0, PA_ALLOC_OOM);
            min = m2;
        }
    }
    if (!order0_test(t, free, min, reserve))
        return verdict(t, false, -1, free, min);
    if (order == 0) {
        step(t, PA_WOP_ORDER0_OK, PA_WSTEP_INFO, -1, 0, 0, true);
        return verdict(t, true, -1, free, min);
    }
    if (!s->lists_known && t)
        t->assumed_lists = true;
    bool ha_ok = era_c ? (flags & (PA_ALLOC_HIGHATOMIC | PA_ALLOC_OOM)) != 0 : harder;
    const uint32_t main_types =
        (1u << PA_MT_UNMOVABLE) | (1u << PA_MT_MOVABLE) | (1u << PA_MT_RECLAIMABLE);
    for (unsigned o = order; o <= s->max_order && o <= PA_ORDER_CAP; o++) {
        uint64_t nf = nr_free(s, o);
        if (!nf) {
            step(t, PA_WOP_SCAN_EMPTY, PA_WSTEP_SCAN, (int)o, 0, 0, false);
            continue;
        }
        if (!era_c && harder && p->wmark_harder_any_block) {
            step(t, PA_WOP_SCAN_HARDER_ANY, PA_WSTEP_SCAN, (int)o, (int64_t)nf, 0, true);
            return verdict(t, true, -1, free, min);
        }
        if (!s->lists_known) {
            step(t, PA_WOP_SCAN_UNKNOWN, PA_WSTEP_SCAN, (int)o, (int64_t)nf, 0, true);
            return verdict(t, true, -1, free, min);
        }
        uint32_t mask = mt_mask(s, o);
        int hit = -1;
        for (int mt = 0; mt < PA_MT_COUNT && hit < 0; mt++)
            if ((mask & main_types) & (1u << mt))
                hit = mt;
        if (hit < 0 && (flags & PA_ALLOC_CMA) && p->has_cma && (mask & (1u << PA_MT_CMA)))
            hit = PA_MT_CMA;
        if (hit < 0 && ha_ok && (mask & (1u << PA_MT_HIGHATOMIC)))
            hit = PA_MT_HIGHATOMIC;
        if (hit >= 0) {
            step_v(t, PA_WOP_SCAN_HIT, PA_WSTEP_SCAN, (int)o, (int64_t)nf, 0, true, 0, 0, 0,
                   (unsigned)hit);
            return verdict(t, true, -1, free, min);
        }
        step(t, PA_WOP_SCAN_MISS, PA_WSTEP_SCAN, (int)o, (int64_t)nf, 0, false);
    }
    step_v(t, PA_WOP_NO_BLOCK, PA_WSTEP_INFO, -1, 0, 0, false, order, 0, 0, 0);
    return verdict(t, false, (int)order, free, min);
}

/* ---- entry points ----------------------------------------------------------------------- */

static bool watermark_ok(const struct pa_profile *p, const struct wsrc *s, unsigned order,
                         unsigned long mark_pages, int classzone_idx, unsigned alloc_flags,
                         struct pa_wmark_trace *t)
{
    uint64_t reserve = 0;
    if (classzone_idx >= 0 && classzone_idx < PA_ZONE_TYPES)
        reserve = s->lowmem_reserve[classzone_idx];
    trace_begin(t, p, order, mark_pages, reserve, alloc_flags);
    if (classzone_idx < 0 || classzone_idx >= PA_ZONE_TYPES)
        step_v(t, PA_WOP_BAD_CLASSZONE, PA_WSTEP_INFO, -1, 0, 0, false, classzone_idx, 0, 0, 0);
    if (order > s->max_order || order > PA_ORDER_CAP) {
        step(t, PA_WOP_ORDER_TOO_HIGH, PA_WSTEP_INFO, -1, order, s->max_order, false);
        return verdict(t, false, -1, s->free_pages, (int64_t)mark_pages);
    }
    if (p->wmark_rule == PA_WMARK_RULE_LOOP || p->wmark_rule == PA_WMARK_RULE_LOOP_RHEL6)
        return check_loop(p, s, order, (int64_t)mark_pages, reserve, alloc_flags, t);
    return check_any_block(p, s, order, (int64_t)mark_pages, reserve, alloc_flags, t);
}

/* zone_watermark_fast: 4.8+ order-0 shortcut (no highatomic subtraction;
   6.3+ subtracts min(free, unusable)), then the full check; 5.x/6.x retry an
   order-0 high-priority request at MIN without the boost. Older eras have no
   shortcut: the full check. */
static bool watermark_fast(const struct pa_profile *p, const struct wsrc *s, unsigned order,
                           unsigned long mark_pages, int classzone_idx, unsigned alloc_flags,
                           struct pa_wmark_trace *t)
{
    bool shortcut = p->wmark_fast_order0;
    uint64_t reserve = 0;
    if (classzone_idx >= 0 && classzone_idx < PA_ZONE_TYPES)
        reserve = s->lowmem_reserve[classzone_idx];
    if (shortcut && order == 0) {
        int64_t usable = s->free_pages;
        int64_t unusable = 0;
        if (p->has_cma && !(alloc_flags & PA_ALLOC_CMA))
            unusable += (int64_t)s->free_cma;
        if (p->wmark_rule == PA_WMARK_RULE_RESERVES && !(alloc_flags & PA_ALLOC_RESERVES))
            unusable += (int64_t)(p->wmark_highatomic == PA_HA_COUNT_FREE
                                      ? nr_free_highatomic(s)
                                      : s->nr_reserved_highatomic);
        usable -= unusable < usable ? unusable : usable;
        if (usable > (int64_t)(mark_pages + reserve)) {
            trace_begin(t, p, order, mark_pages, reserve, alloc_flags);
            step_v(t, PA_WOP_FAST_OK, PA_WSTEP_CMP, -1, usable, (int64_t)(mark_pages + reserve),
                   true, (int64_t)mark_pages, (int64_t)reserve, 0, 0);
            return verdict(t, true, -1, usable, (int64_t)mark_pages);
        }
    }
    if (watermark_ok(p, s, order, mark_pages, classzone_idx, alloc_flags, t))
        return true;
    bool high = p->wmark_rule == PA_WMARK_RULE_RESERVES
                    ? (alloc_flags & PA_ALLOC_MIN_RESERVE) != 0
                    : (alloc_flags & PA_ALLOC_HARDER) && (alloc_flags & PA_ALLOC_HIGH);
    if (p->boost && order == 0 && high && s->boost &&
        (alloc_flags & PA_ALLOC_WMARK_MASK) == PA_ALLOC_WMARK_MIN) {
        struct pa_wmark_trace *t2 = t;
        bool ok = watermark_ok(p, s, order, (unsigned long)s->watermark[PA_WMARK_MIN],
                               classzone_idx, alloc_flags, t2);
        step_v(t, PA_WOP_BOOST_RETRY, PA_WSTEP_INFO, -1, 0, 0, ok,
               (int64_t)s->watermark[PA_WMARK_MIN], (int64_t)s->boost, 0, 0);
        return ok;
    }
    return false;
}

bool pa_watermark_ok(const struct pa_profile *p, const struct pa_wmark_state *s, unsigned order,
                     unsigned long mark_pages, int classzone_idx, unsigned alloc_flags,
                     struct pa_wmark_trace *t)
{
    if (!p || !s)
        return false;
    struct wsrc w;
    src_state(&w, s);
    return watermark_ok(p, &w, order, mark_pages, classzone_idx, alloc_flags, t);
}

bool pa_watermark_fast(const struct pa_profile *p, const struct pa_wmark_state *s,
                       unsigned order, unsigned long mark_pages, int classzone_idx,
                       unsigned alloc_flags, struct pa_wmark_trace *t)
{
    if (!p || !s)
        return false;
    struct wsrc w;
    src_state(&w, s);
    return watermark_fast(p, &w, order, mark_pages, classzone_idx, alloc_flags, t);
}

/* An order-0 check without a trace that passes under every era's rule: free
   pages less the most any rule subtracts before the order-0 test (the
   order's adjustment, every highatomic-reserved page, every free CMA page)
   are still above the unreduced mark plus the lowmem reserve. The ALLOC
   reductions only lower the mark and order 0 has no per-order loop, so the
   full check would pass too; anything closer runs the full check. The
   allocator's walk asks this for nearly every page while the zone is well
   above its marks (125 of the 130 instructions of a check,
   docs/performance.md). Profiles that count free highatomic pages (a walk
   over the free lists) always take the full check. */
static inline bool order0_clearly_ok(const struct pa_profile *p, const struct pa_zone *z,
                                     unsigned order, unsigned long mark_pages, int classzone_idx,
                                     const struct pa_wmark_trace *t)
{
    if (order || t || p->wmark_highatomic == PA_HA_COUNT_FREE)
        return false;
    uint64_t reserve = 0;
    if (classzone_idx >= 0 && classzone_idx < PA_ZONE_TYPES)
        reserve = z->lowmem_reserve[classzone_idx];
    int64_t sub = 1 + (p->wmark_order_adjust > 0 ? p->wmark_order_adjust : 0) +
                  (int64_t)z->nr_reserved_highatomic + (p->has_cma ? (int64_t)z->nr_free_cma : 0);
    uint64_t need = (uint64_t)mark_pages + reserve;
    return need < (uint64_t)INT64_MAX && (int64_t)z->free_pages - sub > (int64_t)need;
}

bool pa_zone_watermark_ok(const struct pa_profile *p, const struct pa_zone *z, unsigned order,
                          unsigned long mark_pages, int classzone_idx, unsigned alloc_flags,
                          struct pa_wmark_trace *t)
{
    if (!p || !z)
        return false;
    if (order0_clearly_ok(p, z, order, mark_pages, classzone_idx, t))
        return true;
    struct wsrc w;
    src_zone(&w, z);
    return watermark_ok(p, &w, order, mark_pages, classzone_idx, alloc_flags, t);
}

bool pa_zone_watermark_fast(const struct pa_profile *p, const struct pa_zone *z, unsigned order,
                            unsigned long mark_pages, int classzone_idx, unsigned alloc_flags,
                            struct pa_wmark_trace *t)
{
    if (!p || !z)
        return false;
    if (order0_clearly_ok(p, z, order, mark_pages, classzone_idx, t))
        return true;
    struct wsrc w;
    src_zone(&w, z);
    return watermark_fast(p, &w, order, mark_pages, classzone_idx, alloc_flags, t);
}
