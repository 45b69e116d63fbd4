/*
 * test_seed002_alloc.c - seed 002 (002_57b4c81f4493d310.txt, slide 7: the
 * chrome report on 3.16.1-gentoo), the Normal zone's buddy line
 *   22272*4kB 726*8kB 75*16kB 24*32kB 1*64kB (M) 0 0 0 0 0 1*4096kB (R)
 * with MIN 12038 / LOW 15047 / HIGH 18057 pages, and the request of the
 * report: order 4, GFP_KERNEL|__GFP_COMP|__GFP_ZERO (kzalloc of 32-64 KiB).
 *
 * kernel-semantics 3.7: 3.16's iterative check refuses it (o=0 leaves too
 * little free memory above order 0); 4.4+ passes the check because a block
 * of order >= 4 exists, and rmqueue, finding no Unmovable block of order >= 4,
 * falls back largest-first: the order-10 block (taken as an ordinary Movable
 * block, MIGRATE_RESERVE being gone) has both its pageblocks retyped
 * Unmovable and is split, orders 9, 8, 7, 6, 5 and 4 going to the Unmovable
 * lists, with no reclaim and no kswapd. Here the whole allocator path runs:
 * pa_alloc_pages on a zone built with exactly those free blocks.
 */
#include "helpers.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/profile.h"

/* Free an aligned 2^order block at pfn out of individually allocated pages;
   its buddy stays allocated, so it stays a block of that order. */
static void free_block(struct pa_machine *m, uint64_t pfn, unsigned order)
{
    for (uint64_t p = pfn; p < pfn + ((uint64_t)1 << order); p++)
        assert_int_equal(pa_free_pages(m, p, 0), PA_OK);
}

static struct pa_machine *seed002_normal(const char *version)
{
    char warn[128];
    struct pa_machine_config cfg = {0};
    cfg.profile = pa_profile_for_version(version, warn, sizeof warn);
    assert_non_null(cfg.profile);
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, 65536);
    struct pa_machine *m = pa_test_machine(&cfg);
    assert_int_equal(pa_alloc_range(m, 0, 65536, PA_MT_MOVABLE), PA_OK);
    /* nr per order as in the buddy line: each block in its own aligned
       region of twice its size */
    static const struct {
        unsigned order, count;
        uint64_t base;
    } lay[] = {{10, 1, 0}, {4, 1, 2048}, {3, 24, 4096}, {2, 75, 8192}, {1, 726, 12288},
               {0, 22272, 16384}};
    for (unsigned i = 0; i < sizeof lay / sizeof lay[0]; i++)
        for (unsigned k = 0; k < lay[i].count; k++)
            free_block(m, lay[i].base + ((uint64_t)k << (lay[i].order + 1)), lay[i].order);
    struct pa_zone *z = &m->zones[0];
    static const uint64_t want[11] = {22272, 726, 75, 24, 1, 0, 0, 0, 0, 0, 1};
    for (unsigned o = 0; o <= 10; o++)
        assert_int_equal(z->free_area[o].nr_free, want[o]);
    assert_int_equal(z->free_pages, 25256); /* the buddy line's 101024 kB */
    z->watermark[PA_WMARK_MIN] = 12038;
    z->watermark[PA_WMARK_LOW] = 15047;
    z->watermark[PA_WMARK_HIGH] = 18057;
    PA_ASSERT_CHECK(m);
    return m;
}

static uint64_t gfp(const struct pa_machine *m, const char *text)
{
    uint64_t raw;
    char err[128];
    assert_int_equal(pa_gfp_parse(m->profile, text, &raw, err, sizeof err), PA_OK);
    return raw;
}

static void test_316_refuses(void **state)
{
    (void)state;
    struct pa_machine *m = seed002_normal("3.16.1-gentoo");
    struct pa_alloc_request rq = {gfp(m, "GFP_KERNEL|__GFP_COMP|__GFP_ZERO"), 4, -1, -1, PA_KIND_NONE, 0};
    assert_int_equal(rq.gfp, 0xc0d0);
    struct pa_alloc_result res;
    assert_int_equal(pa_alloc_pages(m, &rq, &res), PA_ENOMEM);
    assert_int_equal(res.zones[0].fast, PA_ZV_WMARK_FAIL);
    assert_int_equal(res.zones[0].slow, PA_ZV_WMARK_FAIL);
    assert_int_equal(m->zones[0].free_pages, 25256); /* nothing taken */
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

static void check_falls_back(const char *version, uint64_t mode)
{
    struct pa_machine *m = seed002_normal(version);
    struct pa_zone *z = &m->zones[0];
    struct pa_alloc_request rq = {gfp(m, "GFP_KERNEL|__GFP_COMP|__GFP_ZERO"), 4, -1, -1, PA_KIND_NONE, 0};
    assert_int_equal(rq.gfp, mode);
    struct pa_alloc_result res;
    assert_int_equal(pa_alloc_pages(m, &rq, &res), PA_OK);
    assert_false(res.slow_path);
    assert_int_equal(res.migratetype, PA_MT_UNMOVABLE);
    assert_int_equal(res.pfn, 0); /* the order-10 block, not the order-4 one */
    assert_int_equal(pa_pageblock_migratetype(m, 0), PA_MT_UNMOVABLE);
    assert_int_equal(pa_pageblock_migratetype(m, 512), PA_MT_UNMOVABLE);
    for (unsigned o = 4; o <= 9; o++) {
        assert_int_equal(z->free_area[o].free_list[PA_MT_UNMOVABLE].count, 1);
        assert_int_equal(z->free_area[o].free_list[PA_MT_UNMOVABLE].head, 1u << o);
    }
    assert_int_equal(z->free_area[4].free_list[PA_MT_MOVABLE].count, 1); /* untouched */
    assert_int_equal(z->free_area[10].nr_free, 0);
    assert_int_equal(z->watermark_boost, 0); /* >= pageblock_order: no boost */
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

static void test_44_falls_back_to_order10(void **state)
{
    (void)state;
    check_falls_back("4.4.302-21729-g34b1226044a7", 0x240c0c0);
}

static void test_54_falls_back_to_order10(void **state)
{
    (void)state;
    check_falls_back("5.4.0", 0x40dc0);
}

/* 6.x: the fast path carries ALLOC_NOFRAGMENT on a Normal zone; the order-10
   block is >= pageblock_order, so it still qualifies (3.7). */
static void test_6x_falls_back_to_order10(void **state)
{
    (void)state;
    check_falls_back("6.8.0", 0x40dc0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_316_refuses),
        cmocka_unit_test(test_44_falls_back_to_order10),
        cmocka_unit_test(test_54_falls_back_to_order10),
        cmocka_unit_test(test_6x_falls_back_to_order10),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
