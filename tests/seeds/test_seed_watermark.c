/*
 * test_seed_watermark.c - the watermark check of every era on the zones of
 * the seeds, with the exact numbers of kernel-semantics 3.6 and 3.7.
 *
 * Seed 001 (/work/shared/seeds/001_4aa7bcc54a77020a.txt, "Why our server had
 * its page allocation failure", Ubuntu 10.04 2.6.32 kernel), the DMA32 zone:
 *   Node 0 DMA32 free:12560kB min:7076kB low:8844kB high:10612kB [...]
 *   Node 0 DMA32: 2360*4kB 80*8kB 21*16kB 7*32kB 4*64kB 1*128kB 2*256kB
 *                 0*512kB 1*1024kB 0*2048kB 0*4096kB = 12560kB
 * request: order 4, GFP_KERNEL (0xd0). lowmem_reserve is not in the seed; it
 * is 0 here (a box without Normal, or R small enough: 3.6 step 1).
 *
 * Seed 002 (002_57b4c81f4493d310.txt, Vlastimil Babka's slides, slide 7,
 * chrome: page allocation failure: order:4, mode:0xc0d0, 3.16.1-gentoo):
 *   Node 0 Normal free:100168kB min:48152kB low:60188kB high:72228kB [...]
 *   Node 0 Normal: 22272*4kB (UEM) 726*8kB (UEM) 75*16kB (UEM) 24*32kB (UEM)
 *                  1*64kB (M) 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB
 *                  1*4096kB (R) = 101024kB
 * lowmem_reserve[Normal] of the Normal zone is 0 (reserve[i][i], 1.4).
 *
 * Our own vector: github.com/openzfs/zfs/issues/325 (2.6.38-10-server):
 *   swapper: page allocation failure. order:0, mode:0x4020
 *   Node 0 Normal free:2264kB min:13224kB low:16528kB high:19836kB [...]
 *   lowmem_reserve[]: 0 0 0 0
 */
#include <string.h>

#include "helpers.h"
#include "pagealloc/gfp.h"
#include "pagealloc/profile.h"
#include "pagealloc/watermark.h"
#include "pagealloc/wmark_text.h"

#define U (1u << PA_MT_UNMOVABLE)
#define M (1u << PA_MT_MOVABLE)
#define E (1u << PA_MT_RECLAIMABLE)
#define R (1u << PA_MT_RESERVE)

static const struct pa_profile *prof(const char *v)
{
    const struct pa_profile *p = pa_profile_for_version(v, NULL, 0);
    assert_non_null(p);
    return p;
}

/* seed 001, DMA32: the buddy line has no migratetype letters (2.6.32) */
static void seed001(struct pa_wmark_state *s)
{
    static const uint64_t nr[11] = {2360, 80, 21, 7, 4, 1, 2, 0, 1, 0, 0};
    memset(s, 0, sizeof *s);
    s->free_pages = 12560 / 4;
    s->max_order = 10;
    s->pageblock_order = 9;
    memcpy(s->nr_free, nr, sizeof nr);
    s->watermark[PA_WMARK_MIN] = 7076 / 4;
    s->watermark[PA_WMARK_LOW] = 8844 / 4;
    s->watermark[PA_WMARK_HIGH] = 10612 / 4;
}

static void seed002(struct pa_wmark_state *s)
{
    static const uint64_t nr[11] = {22272, 726, 75, 24, 1, 0, 0, 0, 0, 0, 1};
    static const uint32_t mask[11] = {U | E | M, U | E | M, U | E | M, U | E | M, M, 0, 0, 0, 0, 0, R};
    memset(s, 0, sizeof *s);
    s->free_pages = 100168 / 4;
    s->max_order = 10;
    s->pageblock_order = 9;
    memcpy(s->nr_free, nr, sizeof nr);
    s->lists_known = true;
    memcpy(s->mt_mask, mask, sizeof mask);
    s->watermark[PA_WMARK_MIN] = 48152 / 4;
    s->watermark[PA_WMARK_LOW] = 60188 / 4;
    s->watermark[PA_WMARK_HIGH] = 72228 / 4;
}

/* The step that decided: its numbers. */
static void expect_decided(const struct pa_wmark_trace *t, bool ok, int fail_order, int64_t lhs,
                           int64_t rhs)
{
    assert_int_equal(t->ok, ok);
    assert_int_equal(t->fail_order, fail_order);
    assert_true(t->decided >= 0 && t->decided < t->nr);
    const struct pa_wmark_step *st = &t->step[t->decided];
    char text[PA_WMARK_STEP_TEXT];
    if (st->lhs != lhs || st->rhs != rhs)
        fail_msg("decided by '%s' (%lld vs %lld), want %lld vs %lld",
                 pa_wmark_step_text(t, t->decided, text, sizeof text),
                 (long long)st->lhs, (long long)st->rhs, (long long)lhs, (long long)rhs);
}

/* gfp is given in the 3.16 layout (seed 002's kernel; 2.6.32 agrees for
   these masks) and translated into the era's layout. */
static bool check(const char *version, const struct pa_wmark_state *s, unsigned order,
                  uint64_t gfp, bool slow, struct pa_wmark_trace *t)
{
    const struct pa_profile *p = prof(version);
    uint64_t lost;
    gfp = pa_gfp_translate(prof("3.16"), gfp, p, &lost);
    assert_int_equal(lost, 0);
    unsigned f = pa_gfp_to_alloc_flags(p, gfp, order, slow);
    return pa_watermark_ok(p, s, order, (unsigned long)pa_wmark_mark(p, s, f), PA_ZONE_NORMAL, f,
                           t);
}

/* kernel-semantics 3.6 step 2: 2.6.32 slow path (MIN) fails at o=0, 765 <= 884 */
static void test_seed001_2632_gfp_kernel_fails_first_step(void **state)
{
    (void)state;
    struct pa_wmark_state s;
    struct pa_wmark_trace t;
    char text[PA_WMARK_STEP_TEXT];
    seed001(&s);
    assert_false(check("2.6.32-38-generic", &s, 4, 0xd0, true, &t));
    expect_decided(&t, false, 0, 765, 884);
    /* step 1 numbers: free = 3140 - 15 = 3125 passed the order-0 test */
    bool seen = false;
    for (int i = 0; i < t.nr; i++)
        if (t.step[i].kind == PA_WSTEP_CMP && t.step[i].order == -1) {
            assert_int_equal(t.step[i].lhs, 3125);
            assert_int_equal(t.step[i].rhs, 1769);
            assert_true(t.step[i].pass);
            seen = true;
        }
    assert_true(seen);
    assert_non_null(strstr(pa_wmark_step_text(&t, t.decided, text, sizeof text), "765 <= 884"));
    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_wmark_trace_format(&t, "  ", &sb);
    assert_non_null(strstr(pa_sb_str(&sb), "  => o=0: 765 <= 884 ? yes: FAIL\n"));
    assert_non_null(strstr(pa_sb_str(&sb), "verdict: FAIL at order 0\n"));
    pa_sb_free(&sb);
    /* fast path (LOW 2211): threshold 1105, also fails at o=0 */
    assert_false(check("2.6.32", &s, 4, 0xd0, false, &t));
    expect_decided(&t, false, 0, 765, 1105);
    /* 2.6.36 - 3.2 off-by-two: 763 <= 884 */
    assert_false(check("3.0", &s, 4, 0xd0, true, &t));
    expect_decided(&t, false, 0, 763, 884);
    /* the trace is optional: same answer without it */
    const struct pa_profile *p = prof("2.6.32");
    assert_false(pa_watermark_ok(p, &s, 4, 1769, PA_ZONE_NORMAL, PA_ALLOC_WMARK_MIN, NULL));
}

/* 3.6 step 3: GFP_ATOMIC (HIGH + HARDER) on the same state passes:
   min 1769 -> 885 -> 664; 765 > 332, 605 > 166, 521 > 83, 465 > 41 */
static void test_seed001_2632_gfp_atomic_passes(void **state)
{
    (void)state;
    struct pa_wmark_state s;
    struct pa_wmark_trace t;
    seed001(&s);
    assert_true(check("2.6.32", &s, 4, 0x20, true, &t));
    static const int64_t want[4][2] = {{765, 332}, {605, 166}, {521, 83}, {465, 41}};
    int k = 0;
    for (int i = 0; i < t.nr; i++)
        if (t.step[i].kind == PA_WSTEP_CMP && t.step[i].order >= 0) {
            assert_true(k < 4);
            assert_int_equal(t.step[i].lhs, want[k][0]);
            assert_int_equal(t.step[i].rhs, want[k][1]);
            assert_true(t.step[i].pass);
            k++;
        }
    assert_int_equal(k, 4);
    assert_int_equal(t.min, 41);
    assert_true(t.ok);
}

/* 3.6 "RHEL 6.5+ variant": MIN loop threshold 0 -> OK; LOW: 221, 110, 110, 110 */
static void test_seed001_rhel6_431(void **state)
{
    (void)state;
    struct pa_wmark_state s;
    struct pa_wmark_trace t;
    seed001(&s);
    assert_true(check("2.6.32-642.el6.x86_64", &s, 4, 0xd0, true, &t));
    assert_true(check("2.6.32-642.el6.x86_64", &s, 4, 0xd0, false, &t));
    static const int64_t want[4][2] = {{763, 221}, {603, 110}, {519, 110}, {463, 110}};
    int k = 0;
    for (int i = 0; i < t.nr; i++)
        if (t.step[i].kind == PA_WSTEP_CMP && t.step[i].order >= 0) {
            assert_int_equal(t.step[i].lhs, want[k][0]);
            assert_int_equal(t.step[i].rhs, want[k][1]);
            k++;
        }
    assert_int_equal(k, 4);
    /* RHEL 6.2 - 6.4 (-220 .. -358) still ran the plain loop with +1: fails */
    assert_false(check("2.6.32-358.el6", &s, 4, 0xd0, true, &t));
    expect_decided(&t, false, 0, 763, 884);
    /* with the same state and a large lowmem_reserve the order-0 test decides:
       3123 <= 1769 + 1354 (3.6: "OK if R < 1354") */
    s.lowmem_reserve[PA_ZONE_NORMAL] = 1354;
    assert_false(check("2.6.32-642.el6", &s, 4, 0xd0, true, &t));
    expect_decided(&t, false, -1, 3123, 1769 + 1354);
    s.lowmem_reserve[PA_ZONE_NORMAL] = 1353;
    assert_true(check("2.6.32-642.el6", &s, 4, 0xd0, true, &t));
}

/* 3.6 "Era B/C (4.4+)": orders 4, 5, 6, 8 hold blocks -> OK. The seed's buddy
   line has no letters, so the lists are assumed usable (and the trace says so);
   with the blocks known to be on the Movable list the answer is the same. */
static void test_seed001_44_plus_passes(void **state)
{
    (void)state;
    static const char *const eras[] = {"4.4", "4.9", "4.19", "5.15", "6.8", "6.18"};
    struct pa_wmark_state s;
    struct pa_wmark_trace t;
    char text[PA_WMARK_STEP_TEXT];
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
        seed001(&s);
        assert_true(check(eras[i], &s, 4, 0xd0, true, &t));
        assert_true(t.assumed_lists);
        assert_int_equal(t.step[t.decided].kind, PA_WSTEP_SCAN);
        assert_int_equal(t.step[t.decided].order, 4);
        s.lists_known = true;
        for (int o = 0; o <= 10; o++)
            s.mt_mask[o] = s.nr_free[o] ? M : 0;
        assert_true(check(eras[i], &s, 4, 0xd0, true, &t));
        assert_false(t.assumed_lists);
        assert_non_null(strstr(pa_wmark_step_text(&t, t.decided, text, sizeof text), "Movable"));
    }
}

/* 3.7: 3.16, mode 0xc0d0, order 4: order-0 test passes (25027 > 12038), then
   o=0: 2755 <= 6019 FAIL (fast path with LOW: 7523, also FAIL). */
static void test_seed002_316_fails_first_step(void **state)
{
    (void)state;
    struct pa_wmark_state s;
    struct pa_wmark_trace t;
    seed002(&s);
    assert_int_equal(s.watermark[PA_WMARK_MIN], 12038);
    assert_false(check("3.16.1-gentoo", &s, 4, 0xc0d0, true, &t));
    expect_decided(&t, false, 0, 2755, 6019);
    assert_false(check("3.16.1-gentoo", &s, 4, 0xc0d0, false, &t));
    expect_decided(&t, false, 0, 2755, 7523);
}

/* 3.7 "What a 4.4+ kernel decides": free 25027 > LOW 15047, then order 4
   has a block on the Movable list -> watermark OK in the fast path. The
   order-10 block is no longer RESERVE on 4.4+ (assume Movable). */
static void test_seed002_44_plus_passes(void **state)
{
    (void)state;
    static const char *const eras[] = {"4.4", "4.14", "5.4", "5.15", "6.1", "6.8", "6.18"};
    struct pa_wmark_state s;
    struct pa_wmark_trace t;
    char text[PA_WMARK_STEP_TEXT];
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
        seed002(&s);
        s.mt_mask[10] = M;
        assert_true(check(eras[i], &s, 4, 0xc0d0, false, &t));
        assert_int_equal(t.step[t.decided].order, 4);
        assert_non_null(strstr(pa_wmark_step_text(&t, t.decided, text, sizeof text), "Movable"));
        /* the order-0 test: 25027 > 15047 + 0 */
        bool seen = false;
        for (int k = 0; k < t.nr; k++)
            if (t.step[k].kind == PA_WSTEP_CMP && t.step[k].order == -1) {
                assert_int_equal(t.step[k].lhs, 25027);
                assert_int_equal(t.step[k].rhs, 15047);
                seen = true;
            }
        assert_true(seen);
        /* if the only large block sat on a RESERVE-like list nobody may use,
           and the order-4 block were gone, the scan would fail */
        s.nr_free[4] = 0;
        s.mt_mask[4] = 0;
        s.mt_mask[10] = 1u << PA_MT_ISOLATE;
        assert_false(check(eras[i], &s, 4, 0xc0d0, false, &t));
        assert_int_equal(t.fail_order, 4);
    }
}

/* zfs#325 (2.6.38): an order-0 GFP_ATOMIC|__GFP_COMP request fails the
   order-0 test: free 566 - (1 + 1) = 564 <= 3306 - 1653 - 413 = 1240. */
static void test_zfs325_order0_atomic(void **state)
{
    (void)state;
    struct pa_wmark_state s;
    struct pa_wmark_trace t;
    memset(&s, 0, sizeof s);
    s.free_pages = 2264 / 4;
    s.max_order = 10;
    s.pageblock_order = 9;
    s.watermark[PA_WMARK_MIN] = 13224 / 4;
    s.watermark[PA_WMARK_LOW] = 16528 / 4;
    assert_false(check("2.6.38-10-server", &s, 0, 0x4020, true, &t));
    expect_decided(&t, false, -1, 564, 1240);
}

/* The same verdicts on a simulated zone holding seed 001's free blocks: every
   page allocated, then for each free block of order o the lower half of an
   aligned 2^(o+1) window freed (its buddy stays allocated, so nothing
   merges). pa_wmark_state_from_zone must see nr_free = [2360, 80, 21, 7, 4,
   1, 2, 0, 1, 0, 0] and F = 3140, and the checks decide as on the text. */
static void test_seed001_on_a_simulated_zone(void **state)
{
    (void)state;
    static const uint64_t nr[11] = {2360, 80, 21, 7, 4, 1, 2, 0, 1, 0, 0};
    struct pa_machine *m = pa_test_simple(0, 8192, 10);
    m->profile = prof("2.6.32");
    assert_int_equal(pa_alloc_range(m, 0, 8192, PA_MT_MOVABLE), PA_OK);
    uint64_t pfn = 0;
    for (int o = 10; o >= 0; o--)
        for (uint64_t k = 0; k < nr[o]; k++) {
            for (uint64_t q = pfn; q < pfn + (1u << o); q++)
                assert_int_equal(pa_free_pages(m, q, 0), PA_OK);
            pfn += 2u << o;
        }
    PA_ASSERT_CHECK(m);
    struct pa_zone *z = &m->zones[0];
    z->watermark[PA_WMARK_MIN] = 1769;
    z->watermark[PA_WMARK_LOW] = 2211;
    z->watermark[PA_WMARK_HIGH] = 2653;
    struct pa_wmark_state s;
    struct pa_wmark_trace t;
    pa_wmark_state_from_zone(z, &s);
    assert_int_equal(s.free_pages, 3140);
    for (int o = 0; o <= 10; o++)
        assert_int_equal(s.nr_free[o], nr[o]);
    assert_false(check("2.6.32", &s, 4, 0xd0, true, &t));
    expect_decided(&t, false, 0, 765, 884);
    assert_true(check("2.6.32", &s, 4, 0x20, true, &t));
    assert_true(check("2.6.32-642.el6", &s, 4, 0xd0, true, &t));
    assert_true(check("4.4", &s, 4, 0xd0, true, &t));
    assert_false(t.assumed_lists); /* a simulated zone knows its lists */
    pa_machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed001_2632_gfp_kernel_fails_first_step),
        cmocka_unit_test(test_seed001_2632_gfp_atomic_passes),
        cmocka_unit_test(test_seed001_rhel6_431),
        cmocka_unit_test(test_seed001_44_plus_passes),
        cmocka_unit_test(test_seed002_316_fails_first_step),
        cmocka_unit_test(test_seed002_44_plus_passes),
        cmocka_unit_test(test_zfs325_order0_atomic),
        cmocka_unit_test(test_seed001_on_a_simulated_zone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
