/*
 * test_wmark_inplace.c - the allocator's watermark check reads a zone in
 * place (pa_zone_watermark_ok / _fast); explain and analyze run the same
 * check on a struct pa_wmark_state. The two must agree, step for step: on
 * zones churned into many shapes (every order, several migratetypes,
 * HIGHATOMIC blocks, boost), for every profile, every order and the fast and
 * slow paths' ALLOC flags of several GFP masks, the verdict and the trace of
 * the in-place check equal those of the check on pa_wmark_state_from_zone,
 * and the untraced in-place checks (which may answer order 0 early) agree.
 */
#include <string.h>

#include "helpers.h"
#include "pagealloc/gfp.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/profile.h"
#include "pagealloc/rng.h"

static bool same_trace(const struct pa_wmark_trace *a, const struct pa_wmark_trace *b)
{
    if (a->nr != b->nr || a->ok != b->ok || a->decided != b->decided ||
        a->fail_order != b->fail_order || a->free_adjusted != b->free_adjusted ||
        a->min != b->min || a->reserve != b->reserve)
        return false;
    for (int i = 0; i < a->nr; i++)
        if (a->step[i].lhs != b->step[i].lhs || a->step[i].rhs != b->step[i].rhs ||
            a->step[i].pass != b->step[i].pass || a->step[i].kind != b->step[i].kind)
            return false;
    return true;
}

/* Compare both checks on zone z for every order and the flags given. */
static int ha_free_seen, order0_ok, order0_fail;

static int compare(const struct pa_profile *p, const struct pa_zone *z, const unsigned *flags,
                   int nflags)
{
    static struct pa_wmark_trace ta, tb;
    struct pa_wmark_state st;
    pa_wmark_state_from_zone(z, &st);
    ha_free_seen += st.nr_free_highatomic > 0 && p->wmark_highatomic == PA_HA_COUNT_FREE;
    int checks = 0;
    for (int f = 0; f < nflags; f++)
        for (unsigned o = 0; o <= z->machine->max_order + 1; o++)
            for (int cz = PA_ZONE_DMA; cz <= PA_ZONE_NORMAL; cz++) {
                uint64_t mark = pa_zone_wmark_mark(p, z, flags[f]);
                assert_int_equal(mark, pa_wmark_mark(p, &st, flags[f]));
                bool a = pa_zone_watermark_fast(p, z, o, mark, cz, flags[f], &ta);
                bool b = pa_watermark_fast(p, &st, o, mark, cz, flags[f], &tb);
                if (a != b || !same_trace(&ta, &tb))
                    fail_msg("%s order %u flags %#x: in place %d, state %d", p->name, o,
                             flags[f], a, b);
                /* without a trace the in-place check may answer an order-0
                   request early (watermark.c order0_clearly_ok): the same
                   verdict */
                if (pa_zone_watermark_fast(p, z, o, mark, cz, flags[f], NULL) != a)
                    fail_msg("%s order %u flags %#x class %d: untraced fast check differs",
                             p->name, o, flags[f], cz);
                order0_ok += o == 0 && a;
                order0_fail += o == 0 && !a;
                a = pa_zone_watermark_ok(p, z, o, mark, cz, flags[f], NULL);
                b = pa_watermark_ok(p, &st, o, mark, cz, flags[f], NULL);
                assert_int_equal(a, b);
                checks++;
            }
    return checks;
}

#define MAX_HELD 70000
static struct {
    uint64_t pfn;
    unsigned order;
} held[MAX_HELD];
static size_t nheld;

static void test_inplace_equals_state(void **state)
{
    (void)state;
    size_t np;
    const struct pa_profile *const *all = pa_profile_list(&np);
    const char *masks[] = {"GFP_KERNEL", "GFP_ATOMIC", "GFP_HIGHUSER_MOVABLE", "GFP_NOWAIT"};
    int checks = 0, failures_seen = 0;
    for (size_t i = 0; i < np; i++) {
        const struct pa_profile *p = all[i];
        struct pa_machine_config cfg = {0};
        cfg.profile = p;
        pa_config_add_zone(&cfg, 0, PA_ZONE_DMA32, 0, 65536); /* 6.8+ reserve: >= 51200 */
        struct pa_machine *m = pa_test_machine(&cfg);
        struct pa_wmark_params wp = PA_WMARK_PARAMS_DEFAULT;
        wp.min_free_kbytes = 4096;
        assert_int_equal(pa_setup_per_zone_wmarks(m, &wp), PA_OK);
        struct pa_zone *z = &m->zones[0];
        unsigned flags[2 * 4];
        int nf = 0;
        for (size_t k = 0; k < sizeof masks / sizeof masks[0]; k++) {
            uint64_t raw;
            if (!pa_gfp_composite_value(p, masks[k], &raw))
                continue;
            flags[nf++] = pa_gfp_to_alloc_flags_ctx(p, raw, 2, false, NULL);
            flags[nf++] = pa_gfp_to_alloc_flags_ctx(p, raw, 2, true, NULL) | PA_ALLOC_CMA;
        }
        /* churn the zone through fill levels down to exhaustion, comparing
           at every stage; atomic high-order requests create HIGHATOMIC
           blocks where the era has them */
        struct pa_rng r;
        pa_rng_seed(&r, 7 + i);
        uint64_t kernel, atomic;
        assert_true(pa_gfp_composite_value(p, "GFP_KERNEL", &kernel));
        assert_true(pa_gfp_composite_value(p, "GFP_ATOMIC", &atomic));
        for (int round = 0; round < 12; round++) {
            checks += compare(p, z, flags, nf);
            for (int k = 0; k < 300 + 200 * round; k++) {
                struct pa_alloc_request rq = {k & 1 ? atomic : kernel,
                                              (unsigned)pa_rng_below(&r, 5), -1, -1,
                                              PA_KIND_KERNEL, 0};
                struct pa_alloc_result res;
                if (pa_alloc_pages(m, &rq, &res) != PA_OK) {
                    failures_seen++;
                    /* a failure names every zone: the verdicts are there */
                    assert_int_equal(res.nzones, 1);
                    assert_int_not_equal(res.zones[0].slow, PA_ZV_NOT_TRIED);
                } else if (pa_rng_below(&r, 3) == 0) {
                    assert_int_equal(pa_free_pages(m, res.pfn, rq.order), PA_OK);
                } else if (nheld < MAX_HELD) {
                    held[nheld].pfn = res.pfn;
                    held[nheld++].order = rq.order;
                }
            }
            if (p->boost && round == 6)
                pa_boost_watermark(z);
        }
        /* give the rest back in four steps: pages freed into HIGHATOMIC
           pageblocks make free HIGHATOMIC lists (6.12+ counts them) */
        for (int step = 0; step < 4; step++) {
            for (size_t k = (size_t)step; k < nheld; k += 4)
                assert_int_equal(pa_free_pages(m, held[k].pfn, held[k].order), PA_OK);
            checks += compare(p, z, flags, nf);
        }
        nheld = 0;
        /* then from empty, order-0 pages until none is left, checking on
           the way down through the marks (where order 0 fails) */
        for (int k = 0; nheld < MAX_HELD; k++) {
            struct pa_alloc_request rq = {kernel, 0, -1, -1, PA_KIND_KERNEL, 0};
            struct pa_alloc_result res;
            if (pa_alloc_pages(m, &rq, &res) != PA_OK)
                break;
            held[nheld].pfn = res.pfn;
            held[nheld++].order = 0;
            if (z->free_pages < 4 * z->watermark[PA_WMARK_HIGH] && k % 48 == 0)
                checks += compare(p, z, flags, nf);
        }
        checks += compare(p, z, flags, nf);
        for (size_t k = 0; k < nheld; k++)
            assert_int_equal(pa_free_pages(m, held[k].pfn, held[k].order), PA_OK);
        nheld = 0;
        PA_ASSERT_CHECK(m);
        pa_machine_destroy(m);
    }
    assert_true(checks > 10000);
    assert_true(failures_seen > 0); /* the zone was driven to its watermarks */
    assert_true(ha_free_seen > 0);  /* 6.12+ counted free HIGHATOMIC pages */
    assert_true(order0_ok > 1000 && order0_fail > 100); /* both sides of the marks */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inplace_equals_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
