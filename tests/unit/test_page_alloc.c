/*
 * test_page_alloc.c - the allocation front end (src/mm/page_alloc.c): the
 * zonelist walk, gfp_zone limits, watermarks with lowmem_reserve, the slow
 * path's first attempt at MIN, and the high-order atomic reserve.
 *
 * Machine: one node, DMA [1, 4096), DMA32 [4096, 262144) (1 GiB),
 * Normal [262144, 393216) (512 MiB), watermarks from the era's setup.
 * Expected counts follow from the order-0 watermark test (kernel-semantics 3):
 * a zone serves order-0 requests at mark M while free > M + lowmem_reserve,
 * so it gives exactly free - (M + reserve) pages before the walk moves on.
 */
#include <string.h>

#include "helpers.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/profile.h"

static struct pa_machine *three_zones(const char *version)
{
    char warn[256];
    const struct pa_profile *p = pa_profile_for_version(version, warn, sizeof warn);
    assert_non_null(p);
    struct pa_machine_config cfg = {0};
    cfg.profile = p;
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA, 1, 4096);
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA32, 4096, 262144);
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 262144, 393216);
    struct pa_machine *m = pa_test_machine(&cfg);
    struct pa_wmark_params wp = PA_WMARK_PARAMS_DEFAULT;
    assert_int_equal(pa_setup_per_zone_wmarks(m, &wp), PA_OK);
    return m;
}

static uint64_t gfp(const struct pa_machine *m, const char *text)
{
    uint64_t raw;
    char err[128];
    assert_int_equal(pa_gfp_parse(m->profile, text, &raw, err, sizeof err), PA_OK);
    return raw;
}

static struct pa_zone *zone_of(struct pa_machine *m, enum pa_zone_type t)
{
    for (int i = 0; i < m->nr_zones; i++)
        if (m->zones[i].type == t)
            return &m->zones[i];
    fail();
    return NULL;
}

/* gfp_zone decides the highest zone; the walk starts there. */
static void test_zone_selection(void **state)
{
    (void)state;
    struct pa_machine *m = three_zones("6.8.0");
    struct pa_alloc_request rq = {gfp(m, "GFP_KERNEL"), 0, -1, -1, PA_KIND_NONE, 0};
    struct pa_alloc_result res;
    assert_int_equal(pa_alloc_pages(m, &rq, &res), PA_OK);
    assert_int_equal(res.zone->type, PA_ZONE_NORMAL);
    assert_false(res.slow_path);
    rq.gfp = gfp(m, "GFP_KERNEL|__GFP_DMA32");
    assert_int_equal(pa_alloc_pages(m, &rq, &res), PA_OK);
    assert_int_equal(res.zone->type, PA_ZONE_DMA32);
    rq.gfp = gfp(m, "GFP_KERNEL|__GFP_DMA");
    assert_int_equal(pa_alloc_pages(m, &rq, &res), PA_OK);
    assert_int_equal(res.zone->type, PA_ZONE_DMA);
    rq.gfp = gfp(m, "GFP_HIGHUSER_MOVABLE");
    rq.order = 9;
    assert_int_equal(pa_alloc_pages(m, &rq, &res), PA_OK);
    assert_int_equal(res.zone->type, PA_ZONE_NORMAL);
    assert_int_equal(res.migratetype, PA_MT_MOVABLE);
    assert_int_equal(res.pfn % 512, 0);
    rq.order = 11;
    assert_int_equal(pa_alloc_pages(m, &rq, &res), PA_EORDER);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* Exhaust the machine with order-0 GFP_KERNEL requests and count where each
   page came from: Normal down to its LOW mark, then DMA32 down to LOW plus its
   reserve against Normal-class requests, then DMA likewise; then the slow
   path's first attempt takes each zone from LOW down to MIN the same way. */
static void check_exhaust(const char *version)
{
    struct pa_machine *m = three_zones(version);
    struct pa_zone *zn = zone_of(m, PA_ZONE_NORMAL), *z32 = zone_of(m, PA_ZONE_DMA32),
                   *zd = zone_of(m, PA_ZONE_DMA);
    const struct pa_zone *zs[3] = {zn, z32, zd};
    int cz = (int)PA_ZONE_NORMAL; /* class zone of GFP_KERNEL on this node, every era */
    /* order-0 adjustment of the check: 2^0 - 1 = 0, or 2^0 + 1 = 2 for the
       off-by-two kernels (2.6.36-3.2, RHEL6 >= -220; kernel-semantics 3.1) */
    uint64_t adj = m->profile->wmark_order_adjust > 0 ? 2 : 0;
    uint64_t want_fast[3], want_slow[3];
    for (int i = 0; i < 3; i++) {
        uint64_t r = zs[i]->lowmem_reserve[cz] + adj;
        uint64_t low = zs[i]->watermark[PA_WMARK_LOW], min = zs[i]->watermark[PA_WMARK_MIN];
        want_fast[i] = zs[i]->free_pages > low + r ? zs[i]->free_pages - (low + r) : 0;
        want_slow[i] = low + r > min + r ? low - min : 0;
    }
    assert_true(zn->lowmem_reserve[cz] == 0);
    assert_true(z32->lowmem_reserve[cz] > 0);
    assert_true(zd->lowmem_reserve[cz] > z32->lowmem_reserve[cz]);

    struct pa_alloc_request rq = {gfp(m, "GFP_KERNEL"), 0, -1, -1, PA_KIND_NONE, 0};
    struct pa_alloc_result res;
    uint64_t got_fast[3] = {0}, got_slow[3] = {0};
    for (;;) {
        int err = pa_alloc_pages(m, &rq, &res);
        if (err == PA_ENOMEM)
            break;
        assert_int_equal(err, PA_OK);
        int i = res.zone == zn ? 0 : res.zone == z32 ? 1 : 2;
        (res.slow_path ? got_slow : got_fast)[i]++;
    }
    for (int i = 0; i < 3; i++) {
        assert_int_equal(got_fast[i], want_fast[i]);
        assert_int_equal(got_slow[i], want_slow[i]);
    }
    /* the failure names every zone's watermark as the reason */
    assert_true(res.slow_path);
    assert_int_equal(res.nzones, 3);
    for (int i = 0; i < 3; i++)
        assert_int_equal(res.zones[i].slow, PA_ZV_WMARK_FAIL);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

static void test_exhaust_6x(void **state)
{
    (void)state;
    check_exhaust("6.8.0-rc3-1.gae4495f-default");
}

static void test_exhaust_316(void **state)
{
    (void)state;
    check_exhaust("3.16.1-gentoo");
}

static void test_exhaust_rhel6(void **state)
{
    (void)state;
    check_exhaust("2.6.32-642.el6.x86_64");
}

static void test_exhaust_2632(void **state)
{
    (void)state;
    check_exhaust("2.6.32");
}

/* The high-order atomic reserve (2.4) is made only by an allocation that
   succeeds with the slow path's flags (ALLOC_HARDER 4.4-6.2, ALLOC_HIGHATOMIC
   6.3+): the fast path's flags carry neither. So: a GFP_ATOMIC order-2
   request on a fresh machine reserves nothing; after GFP_KERNEL requests have
   taken every zone down to MIN, the same request fails LOW, passes the
   slow path's reduced MIN, and (4.4+) turns its pageblock into HIGHATOMIC. */
static void check_highatomic(const char *version, bool expect)
{
    struct pa_machine *m = three_zones(version);
    struct pa_alloc_request rq = {gfp(m, "GFP_ATOMIC"), 2, -1, -1, PA_KIND_NONE, 0};
    struct pa_alloc_result res;
    assert_int_equal(pa_alloc_pages(m, &rq, &res), PA_OK);
    assert_false(res.slow_path);
    assert_int_equal(res.zone->nr_reserved_highatomic, 0);

    struct pa_alloc_request k = {gfp(m, "GFP_KERNEL"), 0, -1, -1, PA_KIND_NONE, 0};
    while (pa_alloc_pages(m, &k, &res) == PA_OK)
        ;
    int err = pa_alloc_pages(m, &rq, &res);
    uint64_t reserved = 0, blocks = 0;
    for (int i = 0; i < m->nr_zones; i++) {
        reserved += m->zones[i].nr_reserved_highatomic;
        blocks += m->zones[i].nr_pageblocks[PA_MT_HIGHATOMIC];
    }
    if (expect) {
        assert_int_equal(err, PA_OK);
        assert_true(res.slow_path);
        assert_int_equal(res.zone->type, PA_ZONE_NORMAL);
        assert_int_equal(reserved, 512);
        assert_int_equal(blocks, 1);
        assert_int_equal(pa_pageblock_migratetype(m, res.pfn), PA_MT_HIGHATOMIC);
    } else {
        assert_int_equal(reserved, 0);
        assert_int_equal(blocks, 0);
    }
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

static void test_highatomic_44(void **state)
{
    (void)state;
    check_highatomic("4.4.302-21729-g34b1226044a7", true);
}

static void test_highatomic_6x(void **state)
{
    (void)state;
    check_highatomic("6.8.0", true);
}

static void test_no_highatomic_316(void **state)
{
    (void)state;
    check_highatomic("3.16.1-gentoo", false);
}

/* Two nodes: a request prefers its node and falls back to the other one. */
static void test_two_nodes(void **state)
{
    (void)state;
    char warn[128];
    struct pa_machine_config cfg = {0};
    cfg.profile = pa_profile_for_version("5.14.21-150400.22-default", warn, sizeof warn);
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA32, 4096, 65536);
    pa_config_add_zone(&cfg, 1, PA_ZONE_NORMAL, 65536, 131072);
    struct pa_machine *m = pa_test_machine(&cfg);
    struct pa_wmark_params wp = PA_WMARK_PARAMS_DEFAULT;
    assert_int_equal(pa_setup_per_zone_wmarks(m, &wp), PA_OK);
    struct pa_zone *zl[8];
    assert_int_equal(pa_zonelist(m, 1, zl, 8), 2);
    assert_int_equal(zl[0]->node, 1);
    assert_int_equal(zl[1]->node, 0);
    struct pa_alloc_request rq = {gfp(m, "GFP_KERNEL"), 0, 1, -1, PA_KIND_NONE, 0};
    struct pa_alloc_result res;
    assert_int_equal(pa_alloc_pages(m, &rq, &res), PA_OK);
    assert_int_equal(res.zone->node, 1);
    rq.nid = 0;
    assert_int_equal(pa_alloc_pages(m, &rq, &res), PA_OK);
    assert_int_equal(res.zone->node, 0);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* The zonelist order of the era (profile zonelist_order, pa_zonelist): a
   2-node box whose DMA/DMA32 is a small share of memory and where every node
   has Normal gets 2.6.32's zone order (every Normal, then DMA32, then DMA);
   6.x node order; a node of lowmem only makes the 2.6.35+ heuristic pick
   node order, and 2.6.32's too when that node is more than 70 % lowmem. */
static struct pa_machine *numa_box(const char *version, bool node0_normal)
{
    char warn[128];
    struct pa_machine_config cfg = {0};
    cfg.profile = pa_profile_for_version(version, warn, sizeof warn);
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA, 16, 4096);
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA32, 4096, 65536);
    uint64_t n1 = 65536;
    if (node0_normal) {
        pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 65536, 65536 + 1048576);
        n1 += 1048576;
    }
    pa_config_add_zone(&cfg, 1, PA_ZONE_NORMAL, n1, n1 + 1048576);
    struct pa_machine *m = pa_test_machine(&cfg);
    struct pa_wmark_params wp = PA_WMARK_PARAMS_DEFAULT;
    assert_int_equal(pa_setup_per_zone_wmarks(m, &wp), PA_OK);
    return m;
}

static void expect_zonelist(struct pa_machine *m, int nid, const int *node,
                            const enum pa_zone_type *type, int n)
{
    struct pa_zone *zl[8];
    assert_int_equal(pa_zonelist(m, nid, zl, 8), n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(zl[i]->node, node[i]);
        assert_int_equal(zl[i]->type, type[i]);
    }
}

static void test_zonelist_order_eras(void **state)
{
    (void)state;
    const enum pa_zone_type N = PA_ZONE_NORMAL, D32 = PA_ZONE_DMA32, D = PA_ZONE_DMA;
    /* 2.6.32 and RHEL 6: zone order */
    static const char *const zone_eras[] = {"2.6.32", "2.6.32-642.el6", "3.10.0"};
    for (size_t k = 0; k < sizeof zone_eras / sizeof *zone_eras; k++) {
        struct pa_machine *m = numa_box(zone_eras[k], true);
        expect_zonelist(m, 0, (const int[]){0, 1, 0, 0}, (const enum pa_zone_type[]){N, N, D32, D}, 4);
        expect_zonelist(m, 1, (const int[]){1, 0, 0, 0}, (const enum pa_zone_type[]){N, N, D32, D}, 4);
        /* a GFP_KERNEL request on node 0 with node 0's Normal exhausted
           takes node 1's Normal before DMA32 */
        struct pa_alloc_request rq = {gfp(m, "GFP_KERNEL"), 0, 0, -1, PA_KIND_NONE, 0};
        struct pa_alloc_result res;
        assert_int_equal(pa_alloc_pages(m, &rq, &res), PA_OK);
        assert_int_equal(res.zone->node, 0);
        assert_int_equal(res.zone->type, N);
        pa_machine_destroy(m);
    }
    /* 3.16+ (here the 3.15 profile, 3.15 - 4.3) and 6.x: node order */
    static const char *const node_eras[] = {"4.4.0", "6.8.0"};
    for (size_t k = 0; k < sizeof node_eras / sizeof *node_eras; k++) {
        struct pa_machine *m = numa_box(node_eras[k], true);
        expect_zonelist(m, 0, (const int[]){0, 0, 0, 1}, (const enum pa_zone_type[]){N, D32, D, N}, 4);
        pa_machine_destroy(m);
    }
    /* node 0 with lowmem only (DMA + DMA32, a small node): 2.6.32 ignores
       nodes below the average size (total / (nodes + 1)) and keeps zone
       order - node 1's Normal comes first even for node 0's requests; the
       2.6.35 rule (3.10 here) picks node order for a node without Normal */
    struct pa_machine *m = numa_box("2.6.32", false);
    expect_zonelist(m, 0, (const int[]){1, 0, 0}, (const enum pa_zone_type[]){N, D32, D}, 3);
    pa_machine_destroy(m);
    m = numa_box("3.10.0", false);
    expect_zonelist(m, 0, (const int[]){0, 0, 1}, (const enum pa_zone_type[]){D32, D, N}, 3);
    pa_machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zone_selection),
        cmocka_unit_test(test_exhaust_6x),
        cmocka_unit_test(test_exhaust_316),
        cmocka_unit_test(test_exhaust_rhel6),
        cmocka_unit_test(test_exhaust_2632),
        cmocka_unit_test(test_highatomic_44),
        cmocka_unit_test(test_highatomic_6x),
        cmocka_unit_test(test_no_highatomic_316),
        cmocka_unit_test(test_two_nodes),
        cmocka_unit_test(test_zonelist_order_eras),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
