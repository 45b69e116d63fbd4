/*
 * test_watermark.c - the era B and C watermark checks and zone_watermark_fast
 * (src/mm/watermark.c): highatomic and CMA subtractions, the ALLOC
 * reductions, the 4.4 "ALLOC_HARDER takes any block" rule, the order-0
 * shortcut and the boost retry. Numbers are computed by hand from
 * kernel-semantics 3.3 and 3.4 in the comments; the seeds' vectors are in
 * tests/seeds/test_seed_watermark.c.
 */
#include <string.h>

#include "helpers.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/profile.h"
#include "pagealloc/watermark.h"

static const struct pa_profile *prof(const char *v)
{
    const struct pa_profile *p = pa_profile_for_version(v, NULL, 0);
    assert_non_null(p);
    return p;
}

/* F = 1000, marks MIN 400 / LOW 500, one order-2 block on the list `mt`. */
static void state(struct pa_wmark_state *s, enum pa_migratetype mt)
{
    memset(s, 0, sizeof *s);
    s->free_pages = 1000;
    s->max_order = 10;
    s->pageblock_order = 9;
    s->nr_free[2] = 1;
    s->lists_known = true;
    s->mt_mask[2] = 1u << mt;
    s->watermark[PA_WMARK_MIN] = 400;
    s->watermark[PA_WMARK_LOW] = 500;
    s->nr_reserved_highatomic = 512;
    s->nr_free_highatomic = 100;
}

static bool ok(const char *v, const struct pa_wmark_state *s, unsigned order, const char *gfp,
               struct pa_wmark_trace *t)
{
    const struct pa_profile *p = prof(v);
    uint64_t raw;
    char err[200];
    assert_int_equal(pa_gfp_parse(p, gfp, &raw, err, sizeof err), PA_OK);
    unsigned f = pa_gfp_to_alloc_flags(p, raw, order, true);
    return pa_watermark_ok(p, s, order, (unsigned long)pa_wmark_mark(p, s, f), PA_ZONE_NORMAL, f,
                           t);
}

/* 3.3: without HARDER the whole highatomic reserve is subtracted:
   free = 1000 - 3 - 512 = 485 > 400, but the only order-2 block is
   HIGHATOMIC: FAIL at the scan. GFP_ATOMIC: min 400 -> 200 -> 150, no
   subtraction (997), the HIGHATOMIC block is usable: OK. */
static void test_era_b_highatomic(void **state_)
{
    (void)state_;
    struct pa_wmark_state s;
    struct pa_wmark_trace t;
    state(&s, PA_MT_HIGHATOMIC);
    assert_false(ok("4.19", &s, 2, "GFP_KERNEL", &t));
    assert_int_equal(t.free_adjusted, 485);
    assert_int_equal(t.fail_order, 2);
    assert_true(ok("4.19", &s, 2, "GFP_ATOMIC", &t));
    assert_int_equal(t.free_adjusted, 997);
    assert_int_equal(t.min, 150);
    /* 4.4 - 4.12: ALLOC_HARDER accepts a block on any list, even Isolate;
       4.13+ does not */
    state(&s, PA_MT_ISOLATE);
    assert_true(ok("4.4", &s, 2, "GFP_ATOMIC", &t));
    assert_true(ok("4.12", &s, 2, "GFP_ATOMIC", &t));
    assert_false(ok("4.14", &s, 2, "GFP_ATOMIC", &t));
    assert_false(ok("4.4", &s, 2, "GFP_KERNEL", &t));
    /* 4.15+: an OOM victim halves min and skips the highatomic subtraction */
    state(&s, PA_MT_MOVABLE);
    const struct pa_profile *p = prof("4.19");
    unsigned f = PA_ALLOC_WMARK_MIN | PA_ALLOC_CPUSET | PA_ALLOC_OOM;
    assert_true(pa_watermark_ok(p, &s, 2, 400, PA_ZONE_NORMAL, f, &t));
    assert_int_equal(t.min, 200);
    assert_int_equal(t.free_adjusted, 997);
}

/* 3.4: 6.3 - 6.11 subtract nr_reserved_highatomic (512), 6.12+ the free
   highatomic pages (100); ALLOC_RESERVES members skip it. */
static void test_era_c_reserves(void **state_)
{
    (void)state_;
    struct pa_wmark_state s;
    struct pa_wmark_trace t;
    state(&s, PA_MT_MOVABLE);
    assert_true(ok("6.8", &s, 2, "GFP_KERNEL", &t));
    assert_int_equal(t.free_adjusted, 1000 - 3 - 512);
    assert_true(ok("6.18", &s, 2, "GFP_KERNEL", &t));
    assert_int_equal(t.free_adjusted, 1000 - 3 - 100);
    /* GFP_ATOMIC order 2: MIN_RESERVE then NON_BLOCK: 400 -> 200 -> 150 */
    assert_true(ok("6.18", &s, 2, "GFP_ATOMIC", &t));
    assert_int_equal(t.min, 150);
    assert_int_equal(t.free_adjusted, 997);
    /* GFP_NOWAIT: NON_BLOCK alone gets no reduction but no subtraction either */
    assert_true(ok("6.18", &s, 0, "GFP_NOWAIT", &t));
    assert_int_equal(t.min, 400);
    assert_int_equal(t.free_adjusted, 1000);
    /* GFP_KERNEL cannot use the HIGHATOMIC list, GFP_ATOMIC order > 0 can */
    state(&s, PA_MT_HIGHATOMIC);
    assert_false(ok("6.18", &s, 2, "GFP_KERNEL", &t));
    assert_true(ok("6.18", &s, 2, "GFP_ATOMIC", &t));
    /* 6.17+: GFP_NOWAIT order 2 has no ALLOC_HIGHATOMIC; 6.8 gave it one */
    assert_false(ok("6.18", &s, 2, "GFP_NOWAIT", &t));
    assert_true(ok("6.8", &s, 2, "GFP_NOWAIT", &t));
    /* lowmem_reserve joins the order-0 test */
    state(&s, PA_MT_MOVABLE);
    s.lowmem_reserve[PA_ZONE_NORMAL] = 497;
    assert_false(ok("6.18", &s, 2, "GFP_KERNEL", &t)); /* 897 <= 400 + 497 */
    assert_int_equal(t.fail_order, -1);
    s.lowmem_reserve[PA_ZONE_NORMAL] = 496;
    assert_true(ok("6.18", &s, 2, "GFP_KERNEL", &t));
}

/* CMA (3.5+ with CONFIG_CMA): a profile copy with has_cma shows the
   subtraction is data; movable requests carry ALLOC_CMA and keep the pages. */
static void test_cma(void **state_)
{
    (void)state_;
    struct pa_profile p = *prof("4.19");
    p.has_cma = true;
    struct pa_wmark_state s;
    struct pa_wmark_trace t;
    state(&s, PA_MT_MOVABLE);
    s.nr_reserved_highatomic = 0;
    s.free_cma = 300;
    unsigned fk = pa_gfp_to_alloc_flags(&p, 0x6000c0 /* GFP_KERNEL */, 2, true);
    unsigned fm = pa_gfp_to_alloc_flags(&p, 0x6200ca /* GFP_HIGHUSER_MOVABLE */, 2, true);
    assert_int_equal(fm & PA_ALLOC_CMA, PA_ALLOC_CMA);
    assert_int_equal(fk & PA_ALLOC_CMA, 0);
    assert_false(pa_watermark_ok(&p, &s, 2, 700, PA_ZONE_NORMAL, fk, &t)); /* 697 <= 700 */
    assert_int_equal(t.free_adjusted, 697);
    assert_true(pa_watermark_ok(&p, &s, 2, 700, PA_ZONE_NORMAL, fm, &t)); /* 997 > 700 */
    /* era A (3.5+): the CMA pages leave only the order-0 test */
    struct pa_profile a = *prof("3.16");
    a.has_cma = true;
    assert_false(pa_watermark_ok(&a, &s, 2, 700, PA_ZONE_NORMAL, PA_ALLOC_WMARK_MIN, &t));
}

/* zone_watermark_fast: the 4.8+ order-0 shortcut ignores the highatomic
   reserve (1000 > 400), the full check does not (1000 - 700 = 300 <= 400);
   4.4 has no shortcut. 6.x subtracts min(free, unusable) first. */
static void test_fast_shortcut(void **state_)
{
    (void)state_;
    struct pa_wmark_state s;
    struct pa_wmark_trace t;
    state(&s, PA_MT_MOVABLE);
    s.nr_reserved_highatomic = 700;
    s.nr_free_highatomic = 700;
    unsigned f = PA_ALLOC_WMARK_MIN;
    assert_true(pa_watermark_fast(prof("4.19"), &s, 0, 400, PA_ZONE_NORMAL, f, &t));
    assert_false(pa_watermark_ok(prof("4.19"), &s, 0, 400, PA_ZONE_NORMAL, f, &t));
    assert_false(pa_watermark_fast(prof("4.4"), &s, 0, 400, PA_ZONE_NORMAL, f, &t));
    assert_false(pa_watermark_fast(prof("6.18"), &s, 0, 400, PA_ZONE_NORMAL, f, &t));
}

/* 5.x/6.x: an order-0 high-priority request at MIN retries without the
   boost. F = 300, MIN 400, boost 700: mark 1100 -> 550 -> 413 fails (300);
   against MIN 400 -> 200 -> 150 it passes. GFP_KERNEL gets no retry. */
static void test_boost_retry(void **state_)
{
    (void)state_;
    struct pa_wmark_state s;
    struct pa_wmark_trace t;
    state(&s, PA_MT_MOVABLE);
    s.free_pages = 300;
    s.nr_reserved_highatomic = s.nr_free_highatomic = 0;
    s.boost = 700;
    const char *const eras[] = {"5.15", "6.18"};
    for (int i = 0; i < 2; i++) {
        const struct pa_profile *p = prof(eras[i]);
        uint64_t atomic, kernel;
        assert_true(pa_gfp_composite_value(p, "GFP_ATOMIC", &atomic));
        assert_true(pa_gfp_composite_value(p, "GFP_KERNEL", &kernel));
        unsigned fa = pa_gfp_to_alloc_flags(p, atomic, 0, true);
        unsigned fk = pa_gfp_to_alloc_flags(p, kernel, 0, true);
        unsigned long mark = (unsigned long)pa_wmark_mark(p, &s, fa);
        assert_int_equal(mark, 1100);
        assert_false(pa_watermark_ok(p, &s, 0, mark, PA_ZONE_NORMAL, fa, &t));
        assert_true(pa_watermark_fast(p, &s, 0, mark, PA_ZONE_NORMAL, fa, &t));
        assert_false(pa_watermark_fast(p, &s, 0, mark, PA_ZONE_NORMAL, fk, &t));
    }
    /* before 5.0 there is no boost: the mark is the stored one */
    assert_int_equal(pa_wmark_mark(prof("4.19"), &s, PA_ALLOC_WMARK_MIN), 400);
}

/* The state of a simulated zone: counters, lists, marks. */
static void test_state_from_zone(void **state_)
{
    (void)state_;
    struct pa_machine *m = pa_test_simple(0, 2048, 10);
    struct pa_zone *z = &m->zones[0];
    uint64_t pfn;
    assert_int_equal(pa_zone_alloc(z, 0, PA_MT_MOVABLE, &pfn), PA_OK);
    z->watermark[PA_WMARK_MIN] = 7;
    z->lowmem_reserve[PA_ZONE_NORMAL] = 3;
    struct pa_wmark_state s;
    pa_wmark_state_from_zone(z, &s);
    assert_int_equal(s.free_pages, 2047);
    assert_int_equal(s.nr_free[0], 1);
    assert_int_equal(s.nr_free[10], 1);
    assert_int_equal(s.nr_free[5], 1);
    assert_true(s.lists_known);
    assert_int_equal(s.mt_mask[0], 1u << PA_MT_MOVABLE);
    assert_int_equal(s.watermark[PA_WMARK_MIN], 7);
    assert_int_equal(s.lowmem_reserve[PA_ZONE_NORMAL], 3);
    /* 2047 - 1 = 2046 > 7 + 3; order 10 block on Movable */
    assert_true(pa_watermark_ok(prof("6.18"), &s, 10, 7, PA_ZONE_NORMAL, PA_ALLOC_WMARK_MIN, NULL));
    /* order 10 on 3.16: the loop drops 2047 - 1024 pages below order 10 */
    struct pa_wmark_trace t;
    assert_true(pa_watermark_ok(prof("3.16"), &s, 10, 7, PA_ZONE_NORMAL, PA_ALLOC_WMARK_MIN, &t));
    assert_int_equal(t.free_adjusted, 2047 - 1023 - 1023);
    /* bad input: order above max, class zone out of range */
    assert_false(pa_watermark_ok(prof("6.18"), &s, 11, 7, PA_ZONE_NORMAL, 0, &t));
    assert_true(pa_watermark_ok(prof("6.18"), &s, 0, 7, 99, 0, &t));
    assert_false(t.step[1].pass);
    pa_machine_destroy(m);
}

/* Buddy-line letters by era (11.4): R exists up to 4.3, H from 4.4. */
static void test_letters(void **state_)
{
    (void)state_;
    assert_int_equal(pa_mt_mask_from_letters(prof("3.16"), "(UEM)"),
                     (1 << PA_MT_UNMOVABLE) | (1 << PA_MT_RECLAIMABLE) | (1 << PA_MT_MOVABLE));
    assert_int_equal(pa_mt_mask_from_letters(prof("3.16"), "R"), 1 << PA_MT_RESERVE);
    assert_int_equal(pa_mt_mask_from_letters(prof("3.16"), "H"), -1);
    assert_int_equal(pa_mt_mask_from_letters(prof("5.15"), "UMEH"),
                     (1 << PA_MT_UNMOVABLE) | (1 << PA_MT_RECLAIMABLE) | (1 << PA_MT_MOVABLE) |
                         (1 << PA_MT_HIGHATOMIC));
    assert_int_equal(pa_mt_mask_from_letters(prof("5.15"), "R"), -1);
    assert_int_equal(pa_mt_mask_from_letters(prof("5.15"), "C"), 1 << PA_MT_CMA);
    assert_int_equal(pa_mt_mask_from_letters(prof("5.15"), "x"), -1);
    assert_int_equal(pa_mt_mask_from_letters(prof("5.15"), ""), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_era_b_highatomic), cmocka_unit_test(test_era_c_reserves),
        cmocka_unit_test(test_cma),              cmocka_unit_test(test_fast_shortcut),
        cmocka_unit_test(test_boost_retry),      cmocka_unit_test(test_state_from_zone),
        cmocka_unit_test(test_letters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
