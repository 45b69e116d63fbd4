/*
 * test_explain.c - src/mm/explain.c on real reports (tests/data/reports/,
 * sources in its README.md) and a few constructed dumps. Every expected
 * number is worked out by hand in the comment above it, from the dump's
 * numbers and the era rules of kernel-semantics 3.1 - 3.5 (4 kB pages: a
 * printed kB value / 4 is pages).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/explain.h"
#include "pagealloc/explain_text.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/profile.h"
#include "pagealloc/report.h"
#include "pagealloc/wmark_text.h"

struct run {
    struct pa_report_set set;
    struct pa_explain_in in;
    struct pa_explain_result res;
    struct pa_explain_text tx;   /* the sentences (src/format/explain_text.c) */
};

/* Parse text, take report idx, explain it under kernel (NULL: the report's
   version line) with optional order / mode overrides. */
static void run_text(struct run *x, const char *text, int idx, const char *kernel, int order,
                     const char *mode, uint64_t mfk)
{
    struct pa_report_diag d;
    memset(x, 0, sizeof *x);
    assert_int_equal(pa_report_parse(text, strlen(text), &x->set, &d), 0);
    assert_true(idx < x->set.nr);
    const struct pa_report *r = &x->set.reports[idx];
    const struct pa_profile *p = pa_profile_for_version(kernel ? kernel : r->kernel, NULL, 0);
    assert_non_null(p);
    uint64_t raw = 0;
    if (mode) {
        char err[128];
        assert_int_equal(pa_gfp_parse(p, mode, &raw, err, sizeof err), 0);
    }
    char note[256];
    assert_int_equal(pa_report_explain_input(r, p, order, mode ? &raw : NULL, 0, &x->in, note,
                                             sizeof note), 0);
    x->in.min_free_kbytes_whatif = mfk;
    assert_int_equal(pa_explain(&x->in, &x->res), 0);
    assert_int_equal(pa_explain_text(&x->in, &x->res, &x->tx), 0);
}

static void run_file(struct run *x, const char *name, int idx, const char *kernel, int order,
                     const char *mode, uint64_t mfk)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/reports/%s", name);
    char *t = pa_test_read_file(rel);
    assert_non_null(t);
    run_text(x, t, idx, kernel, order, mode, mfk);
    free(t);
}

static void done(struct run *x)
{
    pa_explain_text_free(&x->tx);
    pa_explain_free(&x->res);
    free(x->in.zones);
    pa_report_set_free(&x->set);
}

static const struct pa_explain_zone *zone(const struct run *x, int node, const char *name)
{
    for (int i = 0; i < x->res.nr_zones; i++)
        if (x->res.zones[i].node == node && !strcmp(x->res.zones[i].name, name))
            return &x->res.zones[i];
    fail_msg("no zone %d %s", node, name);
    return NULL;
}

/* The sentences written for zone z of x. */
static const struct pa_explain_zone_text *ztext(const struct run *x, const struct pa_explain_zone *z)
{
    return &x->tx.zones[z - x->res.zones];
}

/* The step that decided, as (lhs, rhs). */
static void decided(const struct pa_explain_zone *z, int64_t lhs, int64_t rhs)
{
    assert_true(z->trace.decided >= 0);
    const struct pa_wmark_step *s = &z->trace.step[z->trace.decided];
    char text[PA_WMARK_STEP_TEXT];
    if (s->lhs != lhs || s->rhs != rhs)
        fail_msg("%s: decided by '%s' (%lld vs %lld), expected %lld vs %lld", z->name,
                 pa_wmark_step_text(&z->trace, z->trace.decided, text, sizeof text),
                 (long long)s->lhs, (long long)s->rhs, (long long)lhs, (long long)rhs);
}

/* The order-0 test's numbers (free vs min + reserve), for zones that pass. */
static void order0_test(const struct pa_explain_zone *z, int64_t lhs, int64_t rhs)
{
    for (int i = 0; i < z->trace.nr; i++) {
        const struct pa_wmark_step *s = &z->trace.step[i];
        if (s->kind == PA_WSTEP_CMP && s->order < 0) {
            char text[PA_WMARK_STEP_TEXT];
            if (s->lhs != lhs || s->rhs != rhs)
                fail_msg("%s: order-0 test '%s', expected %lld vs %lld", z->name,
                         pa_wmark_step_text(&z->trace, i, text, sizeof text),
                         (long long)lhs, (long long)rhs);
            return;
        }
    }
    fail_msg("%s: no order-0 test in the trace", z->name);
}

/* Seed 002, 3.16.1-gentoo, order 4, mode 0xc0d0 (GFP_KERNEL|__GFP_COMP|__GFP_ZERO),
   class zone Normal, slow path MIN|CPUSET (no HIGH, no HARDER).
   Normal: F = 100168/4 = 25042, MIN = 48152/4 = 12038, R = 0 (own class).
     free = 25042 - 15 = 25027 > 12038; o=0: 25027 - 22272 = 2755 <= 12038>>1 = 6019: FAIL.
     below order 4: 22272 + 726*2 + 75*4 + 24*8 = 24216; at/above: 16 + 1024 = 1040.
     needed: X extra pages at order 4 must give 2755+X > 6019 (X >= 3265), 1303+X > 3009,
     1003+X > 1504: X = 3280 (205 blocks of 16) -> 1040 + 3280 = 4320.
     largest passing MIN m: 2755 > m>>1 (m <= 5509), 1303 > m>>2 (m <= 5211),
     1003 > m>>3, 811 > m>>4 -> m = 5211; min_free_kbytes ~ DMA 84 + DMA32 19340 + Normal
     48152 = 67576 kB; 5211 * 67576 / 12038 = 29252.
   DMA: F = 3972, MIN 21, R = lowmem_reserve[Normal] = 11929: 3972 - 15 = 3957 <= 21 + 11929
     = 11950: FAIL at the order-0 test, above the bare MIN -> lowmem_reserve.
   DMA32: F = 39259, MIN 4835, R = 8510: 39244 > 13345; o=0: 39244 - 31890 = 7354 > 2417;
     o=1: 7354 - 3571*2 = 212 <= 1208: FAIL (fragmented).
   4.4 rules: Normal 25027 > 12038 and an order-4 M block -> pass; DMA32 order-4 blocks
     "(UEMR)" -> pass; DMA still fails the order-0 test on its reserve. */
static void test_seed002(void **state)
{
    (void)state;
    struct run x;
    run_file(&x, "seed002_3.16_full_dump_one_line.txt", 0, NULL, -1, NULL, 0);
    assert_int_equal(x.in.profile->wmark_rule, PA_WMARK_RULE_LOOP);
    assert_int_equal(x.res.classzone, PA_ZONE_NORMAL);
    assert_int_equal(x.res.alloc_flags, PA_ALLOC_WMARK_MIN | PA_ALLOC_CPUSET);
    assert_int_equal(x.res.cause, PA_CAUSE_FRAGMENTED);
    assert_true(x.res.notes & PA_NOTE_COSTLY);
    assert_false(x.res.notes & PA_NOTE_ATOMIC);
    assert_int_equal(x.res.min_free_kbytes_est, 67576);

    const struct pa_explain_zone *n = zone(&x, 0, "Normal");
    assert_true(n->eligible);
    assert_int_equal(n->passes, 0);
    assert_int_equal(n->cause, PA_CAUSE_FRAGMENTED);
    assert_int_equal(n->mark, 12038);
    assert_int_equal(n->trace.fail_order, 0);
    decided(n, 2755, 6019);
    assert_int_equal(n->pages_below_order, 24216);
    assert_int_equal(n->pages_at_order, 1040);
    assert_int_equal(n->needed_at_order, 4320);
    assert_int_equal(n->min_free_kbytes_max_pass, 29252);
    assert_int_equal(n->pass_alt[0], 1);
    assert_int_equal(n->pass_alt[1], 1);

    const struct pa_explain_zone *d = zone(&x, 0, "DMA");
    assert_int_equal(d->cause, PA_CAUSE_LOWMEM_RESERVE);
    assert_int_equal(d->reserve, 11929);
    decided(d, 3957, 11950);
    assert_int_equal(d->min_free_kbytes_max_pass, -1);
    assert_int_equal(d->pass_alt[0], 0);
    /* managed:15904kB = 3976 pages, fewer than the 11952 it would need: the
       what-if says it can never pass instead of naming an impossible amount */
    assert_int_equal(d->managed, 3976);
    assert_non_null(strstr(x.tx.whatif, "Node 0 DMA can never pass this request: it would "
                                         "need 11952 free pages at or above the order, more "
                                         "than its 3976 managed pages (lowmem_reserve 11929)"));
    assert_null(strstr(x.tx.whatif, "DMA would have passed"));

    const struct pa_explain_zone *d32 = zone(&x, 0, "DMA32");
    assert_int_equal(d32->cause, PA_CAUSE_FRAGMENTED);
    assert_int_equal(d32->trace.fail_order, 1);
    decided(d32, 212, 1208);
    assert_int_equal(d32->pass_alt[0], 1);
    assert_non_null(strstr(x.tx.verdict, "too fragmented for order 4"));
    done(&x);
}

/* The same dump with vm.min_free_kbytes = 20000: Normal's MIN becomes
   12038 * 20000 / 67576 = 3562; 2755 > 1781, 1303 > 890, 1003 > 445, 811 > 222:
   pass. */
static void test_seed002_min_free_whatif(void **state)
{
    (void)state;
    struct run x;
    run_file(&x, "seed002_3.16_full_dump_one_line.txt", 0, NULL, -1, NULL, 20000);
    const struct pa_explain_zone *n = zone(&x, 0, "Normal");
    assert_int_equal(n->min_whatif, 3562);
    assert_int_equal(n->pass_min_free_whatif, 1);
    done(&x);
}

/* Seed 001 with --kernel 2.6.32 --order 4 --mode 0xd0 (kernel-semantics 3.6):
   DMA32 F = 3140, MIN = 1769; the dump has only DMA32, so it is the class zone
   and R = 0. free = 3125 > 1769; o=0: 3125 - 2360 = 765 <= 884: FAIL.
   needed: 765+X > 884 -> X >= 120 -> 128 (8 blocks of 16): 480 + 128 = 608.
   largest MIN: 765 > m>>1 -> m <= 1529 (the later steps allow more); the only
   lowmem MIN is DMA32's, so min_free_kbytes ~ 7076 and 1529*7076/1769 = 6116. */
static void test_seed001(void **state)
{
    (void)state;
    struct run x;
    run_file(&x, "seed001_dma32_zone_and_buddy.txt", 0, "2.6.32", 4, "0xd0", 0);
    assert_int_equal(x.res.cause, PA_CAUSE_FRAGMENTED);
    const struct pa_explain_zone *z = zone(&x, 0, "DMA32");
    decided(z, 765, 884);
    assert_int_equal(z->needed_at_order, 608);
    assert_int_equal(z->min_free_kbytes_max_pass, 6116);
    done(&x);

    /* RHEL 6.5+ (3.2): free = 3140 - 17 = 3123 > 1769; the loop starts from
       MIN - MIN = 0, so 763, 603, 519, 463 > 0: the dumped state passes. */
    run_file(&x, "seed001_dma32_zone_and_buddy.txt", 0, "rhel6-431", 4, "0xd0", 0);
    assert_int_equal(zone(&x, 0, "DMA32")->passes, 1);
    assert_int_equal(x.res.cause, PA_CAUSE_STATE_CHANGED);
    done(&x);

    /* Without the header the report cannot be replayed: it says what is missing. */
    run_file(&x, "seed001_dma32_zone_and_buddy.txt", 0, "2.6.32", -1, NULL, 0);
    assert_int_equal(x.res.cause, PA_CAUSE_UNKNOWN);
    assert_non_null(strstr(x.tx.missing, "page allocation failure"));
    done(&x);
}

/* Seed 000: RHEL6 header and stack, no Mem-Info. Order 10 GFP_KERNEL (0xd0)
   may reclaim, so only the costly-order note and what is missing. */
static void test_seed000(void **state)
{
    (void)state;
    struct run x;
    run_file(&x, "seed000_rhel6_header_only.txt", 1, NULL, -1, NULL, 0);
    assert_int_equal(x.in.profile->wmark_rule, PA_WMARK_RULE_LOOP_RHEL6);
    assert_int_equal(x.res.order, 10);
    assert_int_equal(x.res.nr_zones, 0);
    assert_int_equal(x.res.cause, PA_CAUSE_UNKNOWN);
    assert_true(x.res.notes & PA_NOTE_COSTLY);
    assert_non_null(strstr(x.tx.missing, "Mem-Info"));
    assert_non_null(strstr(x.tx.verdict, "no Mem-Info dump"));
    done(&x);
}

/* r05 (dCache, 4.9-era syslog) replayed as an order-0 GFP_ATOMIC request under
   4.9 (0x2080020: HIGH + ATOMIC -> ALLOC_HIGH|ALLOC_HARDER, 3.5):
   Normal: F = 24148/4 = 6037, MIN = 65640/4 = 16410 -> 16410 - 8205 = 8205 ->
     8205 - 2051 = 6154; 6037 <= 6154: FAIL, too little free memory.
   DMA32: F = 250428/4 = 62607, MIN = 1924/4 = 481 -> 241 -> 181; R = 62446
     (the per-record lowmem_reserve line, columns DMA DMA32 Normal Movable Device):
     62607 <= 181 + 62446 = 62627: FAIL by the reserve with 244 MB free. */
static void test_r05_reserve_and_low(void **state)
{
    (void)state;
    struct run x;
    run_file(&x, "r05_4.x_syslog_wrapped_lowmem_split.txt", 0, "4.9", 0, "GFP_ATOMIC", 0);
    assert_true(x.res.notes & PA_NOTE_ATOMIC);
    const struct pa_explain_zone *n = zone(&x, 0, "Normal");
    assert_int_equal(n->cause, PA_CAUSE_LOW_FREE);
    decided(n, 6037, 6154);
    const struct pa_explain_zone *d = zone(&x, -1, "DMA32");
    assert_int_equal(d->cause, PA_CAUSE_LOWMEM_RESERVE);
    assert_int_equal(d->reserve, 62446);
    decided(d, 62607, 62627);
    assert_int_equal(x.res.cause, PA_CAUSE_LOW_FREE); /* the preferred zone's cause */
    done(&x);
}

/* r08 (le9-patch, 5.x) as order-0 GFP_KERNEL (0xcc0) under 5.10 (3.3):
   Normal: F = 173104/4 = 43276, MIN = 173116/4 = 43279, no highatomic, no CMA:
     43276 <= 43279: FAIL, too little free. Largest passing MIN 43275; the lowmem
     MINs are DMA32 46144 + Normal 173116 = 219260 kB (DMA's line is missing):
     43275 * 219260 / 43279 = 219239.
   DMA32: F = 18984, MIN = 11536, R = 7459: 18984 <= 18995: FAIL by the reserve.
   DMA: only its buddy line: unknown. */
static void test_r08_partial(void **state)
{
    (void)state;
    struct run x;
    run_file(&x, "r08_5.x_dma32_normal_partial.txt", 0, "5.10", 0, "GFP_KERNEL", 0);
    const struct pa_explain_zone *n = zone(&x, 0, "Normal");
    assert_int_equal(n->cause, PA_CAUSE_LOW_FREE);
    decided(n, 43276, 43279);
    assert_int_equal(n->min_free_kbytes_max_pass, 219239);
    assert_int_equal(n->needed_at_order, 43280);
    const struct pa_explain_zone *d32 = zone(&x, 0, "DMA32");
    assert_int_equal(d32->cause, PA_CAUSE_LOWMEM_RESERVE);
    decided(d32, 18984, 18995);
    const struct pa_explain_zone *dma = zone(&x, 0, "DMA");
    assert_int_equal(dma->passes, -1);
    assert_non_null(strstr(x.tx.missing, "zone line 'Node 0 DMA free:"));
    assert_int_equal(x.res.cause, PA_CAUSE_LOW_FREE);
    done(&x);
}

/* r10 (CoreOS 4.9.24, header and zone lines real): order 0, 0x2084120 =
   GFP_ATOMIC|__GFP_COLD|__GFP_COMP: ALLOC_HIGH|ALLOC_HARDER, MIN 16384/4 = 4096
   -> 2048 -> 1536. Node 1: 245448/4 = 61362 > 1536; Node 2: 52446 > 1536: the
   dumped state passes, the state changed. */
static void test_r10_state_changed(void **state)
{
    (void)state;
    struct run x;
    run_file(&x, "r10_4.9_numa_nodes.txt", 0, NULL, -1, NULL, 0);
    assert_int_equal(x.res.cause, PA_CAUSE_STATE_CHANGED);
    const struct pa_explain_zone *z = zone(&x, 1, "Normal");
    assert_int_equal(z->passes, 1);
    order0_test(z, 61362, 1536);
    assert_int_equal(zone(&x, 2, "Normal")->passes, 1);
    done(&x);

    /* Order 2 needs the buddy lines the excerpt lacks: the order-0 part passes,
       the rest is unknown, and the trace stops before the scan. */
    run_file(&x, "r10_4.9_numa_nodes.txt", 0, NULL, 2, NULL, 0);
    z = zone(&x, 1, "Normal");
    assert_int_equal(z->passes, -1);
    assert_int_equal(z->trace.decided, -1);
    for (int s = 0; s < z->trace.nr; s++)
        assert_true(z->trace.step[s].order < 0);
    assert_non_null(strstr(ztext(&x, z)->missing, "buddy line"));
    assert_int_equal(x.res.cause, PA_CAUSE_UNKNOWN);
    done(&x);
}

/* r13 (Android arm64, 6.x): Normal F = 16852/4 = 4213, MIN 11584/4 = 2896,
   reserved_highatomic 4096 KB = 1024 pages.
   GFP_ATOMIC order 0 under 6.6 (3.4): MIN_RESERVE -> 2896 - 1448 = 1448,
   NON_BLOCK -> 1448 - 362 = 1086; reserve flags skip the highatomic
   subtraction: 4213 > 1086, passes.
   GFP_KERNEL order 5: free = 4213 - 31 - 1024 (reserved highatomic, 6.3-6.11)
   = 3158 > 2896, but orders 5..10 are empty: FAIL, fragmented; one extra
   order-5 block (32 pages) adds 32 to free (3190 > 2896): needed 0 + 32. */
static void test_r13_6x(void **state)
{
    (void)state;
    struct run x;
    run_file(&x, "r13_6.x_arm64_android_normal_only.txt", 0, "6.6", 0, "GFP_ATOMIC", 0);
    const struct pa_explain_zone *z = zone(&x, -1, "Normal");
    assert_int_equal(z->passes, 1);
    order0_test(z, 4213, 1086);
    assert_int_equal(x.res.cause, PA_CAUSE_STATE_CHANGED);
    done(&x);

    run_file(&x, "r13_6.x_arm64_android_normal_only.txt", 0, "6.6", 5, "GFP_KERNEL", 0);
    z = zone(&x, -1, "Normal");
    assert_int_equal(z->passes, 0);
    assert_int_equal(z->cause, PA_CAUSE_FRAGMENTED);
    assert_int_equal(z->trace.free_adjusted, 3158);
    assert_int_equal(z->pages_at_order, 0);
    assert_int_equal(z->needed_at_order, 32);
    done(&x);
}

/* r21 (OpenZFS #325, 2.6.38 Ubuntu): the dump before the "swapper" header,
   replayed as the thread's txg_sync failure: order 0, mode 0x20 (GFP_ATOMIC =
   __GFP_HIGH, cannot wait -> ALLOC_HIGH|ALLOC_HARDER). 2.6.38 has the
   off-by-two adjust 2^0 + 1 (3.1): Normal F = 2264/4 = 566 -> 564; MIN 13224/4
   = 3306 -> 1653 -> 1240; 564 <= 1240: too little free memory.
   needed: 566 + X - 2 > 1240 -> X = 677 -> 1243 pages.
   largest MIN: (m - m/2) - (m - m/2)/4 < 564 -> m - m/2 <= 750 -> m = 1500;
   the only lowmem MIN printed is Normal's: 1500 * 13224 / 3306 = 6000 kB.
   DMA and DMA32 have buddy lines only: unknown. */
static void test_r21_atomic_low(void **state)
{
    (void)state;
    struct run x;
    run_file(&x, "r21_2.6.38_markdown_underscores.txt", 0, "2.6.38", 0, "0x20", 0);
    assert_int_equal(x.in.profile->wmark_order_adjust, 1);
    const struct pa_explain_zone *n = zone(&x, 0, "Normal");
    assert_int_equal(n->cause, PA_CAUSE_LOW_FREE);
    decided(n, 564, 1240);
    assert_int_equal(n->needed_at_order, 1243);
    assert_int_equal(n->min_free_kbytes_max_pass, 6000);
    assert_int_equal(zone(&x, 0, "DMA")->passes, -1);
    assert_int_equal(zone(&x, 0, "DMA32")->passes, -1);
    assert_int_equal(x.res.cause, PA_CAUSE_LOW_FREE);
    assert_true(x.res.notes & PA_NOTE_ATOMIC);
    done(&x);
}

/* Constructed 32-bit layout (not a real report): DMA, Normal, HighMem without
   Node prefixes, 2.6.32, order 1 GFP_KERNEL (class zone Normal).
   DMA: F = 3516/4 = 879, MIN 16, R[Normal] = 865: 879 - 1 = 878 <= 881: reserve.
   Normal: F = 910, MIN 932: 909 <= 932: too little free.
   HighMem (may not be used by GFP_KERNEL): F = 261443, MIN 128, R 0: 261442 > 128;
   o=0: 261442 - 10 = 261432 > 64: passes -> the "zone it may not use" note. */
static void test_highmem_ineligible(void **state)
{
    (void)state;
    const char *text =
        "DMA free:3516kB min:64kB low:80kB high:96kB present:15788kB\n"
        "lowmem_reserve[]: 0 865 2011 2011\n"
        "Normal free:3640kB min:3728kB low:4660kB high:5592kB present:885944kB\n"
        "lowmem_reserve[]: 0 0 9175 9175\n"
        "HighMem free:1045772kB min:512kB low:1748kB high:2984kB present:1174400kB\n"
        "lowmem_reserve[]: 0 0 0 0\n"
        "DMA: 3*4kB 2*8kB 4*16kB 3*32kB 2*64kB 1*128kB 2*256kB 1*512kB 0*1024kB 1*2048kB "
        "0*4096kB = 3516kB\n"
        "Normal: 910*4kB 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB "
        "0*2048kB 0*4096kB = 3640kB\n"
        "HighMem: 10*4kB 1*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB "
        "0*2048kB 255*4096kB = 1044528kB\n";
    struct run x;
    run_text(&x, text, 0, "2.6.32", 1, "GFP_KERNEL", 0);
    assert_int_equal(x.res.classzone, PA_ZONE_NORMAL);
    const struct pa_explain_zone *d = zone(&x, -1, "DMA");
    assert_int_equal(d->cause, PA_CAUSE_LOWMEM_RESERVE);
    decided(d, 878, 881);
    const struct pa_explain_zone *n = zone(&x, -1, "Normal");
    assert_int_equal(n->cause, PA_CAUSE_LOW_FREE);
    decided(n, 909, 932);
    const struct pa_explain_zone *h = zone(&x, -1, "HighMem");
    assert_false(h->eligible);
    assert_int_equal(h->passes, 1);
    assert_true(x.res.notes & PA_NOTE_INELIGIBLE);
    assert_int_equal(x.res.cause, PA_CAUSE_LOW_FREE);
    done(&x);
}

/* Constructed: a small x86_64 VM (DMA and DMA32 only; Normal configured but
   empty, so lowmem_reserve[] still has 4 columns DMA DMA32 Normal Movable).
   Order 0 GFP_KERNEL. DMA32: F = 8000/4 = 2000, MIN 4000/4 = 1000.
   4.19 (class zone = preferred zone = DMA32, 1.4): R = 0; 2000 > 1000: pass.
   5.10 (class zone = gfp_zone = Normal): R = lowmem_reserve[Normal] = 1200 (the
   line's third column): 2000 <= 2200: fails on the reserve. */
static void test_small_vm_classzone(void **state)
{
    (void)state;
    const char *text = "Node 0 DMA free:4000kB min:100kB low:120kB high:140kB\n"
                       "lowmem_reserve[]: 0 1500 1500 1500\n"
                       "Node 0 DMA32 free:8000kB min:4000kB low:5000kB high:6000kB\n"
                       "lowmem_reserve[]: 0 0 1200 1200\n"
                       "Node 0 DMA: 1000*4kB = 4000kB\n"
                       "Node 0 DMA32: 2000*4kB = 8000kB\n";
    struct run x;
    run_text(&x, text, 0, "4.19", 0, "GFP_KERNEL", 0);
    assert_int_equal(x.res.classzone, PA_ZONE_DMA32);
    assert_int_equal(zone(&x, 0, "DMA32")->passes, 1);
    done(&x);
    run_text(&x, text, 0, "5.10", 0, "GFP_KERNEL", 0);
    assert_int_equal(x.res.classzone, PA_ZONE_NORMAL);
    const struct pa_explain_zone *z = zone(&x, 0, "DMA32");
    assert_int_equal(z->reserve, 1200);
    assert_int_equal(z->cause, PA_CAUSE_LOWMEM_RESERVE);
    decided(z, 2000, 2200);
    done(&x);
}

/* Constructed 6.x zone with a watermark boost: the printed min (4096 kB =
   1024 pages) includes boost 2048 kB = 512 pages (kernel-notes 9), so the
   stored MIN is 512 and the mark the 6.6 check uses is again 512 + 512 = 1024.
   Order 0 GFP_KERNEL, free 4000 kB = 1000 pages: 1000 <= 1024: too little free.
   min_free_kbytes is estimated from the stored MIN: 512 * 4 = 2048 kB; the
   largest passing stored MIN m has 1000 > m + 512, m = 487: 487 * 2048 / 512
   = 1948 kB. */
static void test_boost(void **state)
{
    (void)state;
    const char *text = "Node 0 Normal free:4000kB boost:2048kB min:4096kB low:5000kB "
                       "high:6000kB reserved_highatomic:0KB free_highatomic:0KB\n"
                       "lowmem_reserve[]: 0 0 0 0\n"
                       "Node 0 Normal: 1000*4kB (M) = 4000kB\n";
    struct run x;
    run_text(&x, text, 0, "6.6", 0, "GFP_KERNEL", 0);
    assert_int_equal(x.in.zones[0].st.watermark[PA_WMARK_MIN], 512);
    assert_int_equal(x.in.zones[0].st.boost, 512);
    const struct pa_explain_zone *z = zone(&x, 0, "Normal");
    assert_int_equal(z->mark, 1024);
    assert_int_equal(z->cause, PA_CAUSE_LOW_FREE);
    decided(z, 1000, 1024);
    assert_int_equal(x.res.min_free_kbytes_est, 2048);
    assert_int_equal(z->min_free_kbytes_max_pass, 1948);
    done(&x);
}

/* Constructed: a GFP_DMA request (0xd1 on 2.6.32) against a dump that shows
   only Normal: no zone it may use. */
static void test_no_usable_zone(void **state)
{
    (void)state;
    const char *text = "x: page allocation failure. order:0, mode:0xd1\n"
                       "Pid: 1, comm: x Not tainted 2.6.32 #1\n"
                       "Node 0 Normal free:40000kB min:4000kB low:5000kB high:6000kB\n"
                       "lowmem_reserve[]: 0 0 0 0\n";
    struct run x;
    run_text(&x, text, 0, NULL, -1, NULL, 0);
    assert_int_equal(x.res.highest_zone, PA_ZONE_DMA);
    assert_false(zone(&x, 0, "Normal")->eligible);
    assert_int_equal(x.res.cause, PA_CAUSE_NO_ZONE);
    done(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed002),
        cmocka_unit_test(test_seed002_min_free_whatif),
        cmocka_unit_test(test_seed001),
        cmocka_unit_test(test_seed000),
        cmocka_unit_test(test_r05_reserve_and_low),
        cmocka_unit_test(test_r08_partial),
        cmocka_unit_test(test_r10_state_changed),
        cmocka_unit_test(test_r13_6x),
        cmocka_unit_test(test_r21_atomic_low),
        cmocka_unit_test(test_highmem_ineligible),
        cmocka_unit_test(test_small_vm_classzone),
        cmocka_unit_test(test_boost),
        cmocka_unit_test(test_no_usable_zone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
