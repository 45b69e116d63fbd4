/*
 * test_pcp.c - unit tests of src/mm/pcp.c: era batch/high sizes, refill and
 * interleaving, the high-mark bulk free, drain, misuse.
 * Expected numbers are computed by hand from kernel-semantics 4.4.
 */
#include "helpers.h"
#include "pagealloc/pcp.h"

/* One Normal zone of 2 GiB (524288 pages), max order 10. */
static struct pa_machine *two_gib(void)
{
    return pa_test_simple(0, 524288, 10);
}

/* zone_batchsize, 2.6.32-4.18: min(524288/1024 = 512, 512 KiB / 4 KiB = 128)
   / 4 = 32; rounddown_pow2(32 + 16) - 1 = 31; high = 6 * 31 = 186.
   4.19+: min(512, 256) / 4 = 64; rounddown_pow2(96) - 1 = 63; high 378. */
static void test_batch_sizes(void **state)
{
    (void)state;
    struct pa_machine *m = two_gib();
    assert_int_equal(pa_pcp_create(m, 2, PA_PCP_2632), PA_OK);
    assert_int_equal(m->pcp->batch[0], 31);
    assert_int_equal(m->pcp->high[0], 186);
    pa_pcp_destroy(m);
    assert_null(m->pcp);
    assert_int_equal(pa_pcp_create(m, 2, PA_PCP_419), PA_OK);
    assert_int_equal(m->pcp->batch[0], 63);
    assert_int_equal(m->pcp->high[0], 378);
    /* 5.14+: high = max(LOW / cpus, 4 * batch); LOW = 0 here -> 252 */
    pa_pcp_destroy(m);
    assert_int_equal(pa_pcp_create(m, 2, PA_PCP_514), PA_OK);
    assert_int_equal(m->pcp->high[0], 252);
    m->zones[0].watermark[PA_WMARK_LOW] = 1000;
    pa_pcp_update_high(m);
    assert_int_equal(m->pcp->high[0], 500);
    assert_int_equal(pa_pcp_create(m, 2, PA_PCP_514), PA_EINVAL); /* already has one */
    pa_pcp_destroy(m);
    pa_machine_destroy(m);
}

/* A 16 MiB DMA-sized zone: 4096 / 1024 = 4, / 4 = 1, rounddown_pow2(1) - 1
   = 0: batch shown as 1, high 0 (every free goes straight back). */
static void test_tiny_zone(void **state)
{
    (void)state;
    struct pa_machine *m = pa_test_simple(0, 4096, 10);
    assert_int_equal(pa_pcp_create(m, 1, PA_PCP_2632), PA_OK);
    assert_int_equal(m->pcp->batch[0], 1);
    assert_int_equal(m->pcp->high[0], 0);
    uint64_t pfn;
    assert_int_equal(pa_pcp_rmqueue(&m->zones[0], 0, 0, PA_MT_MOVABLE, 0, &pfn), PA_OK);
    assert_int_equal(pa_free_pages_cpu(m, 0, pfn, 0), PA_OK);
    assert_int_equal(pa_pcp_count(m, &m->zones[0], -1), 0);
    assert_int_equal(m->zones[0].free_pages, 4096);
    PA_ASSERT_CHECK(m);
    pa_pcp_destroy(m);
    pa_machine_destroy(m);
}

/* Two CPUs taking turns: each refill takes the next 31 pages in pfn order
   (rmqueue_bulk splitting the lowest order-10 block), so CPU 0 gets
   pfns 0..30, CPU 1 31..61, and CPU 0's next refill starts at 62. */
static void test_refill_interleaves(void **state)
{
    (void)state;
    struct pa_machine *m = two_gib();
    struct pa_zone *z = &m->zones[0];
    assert_int_equal(pa_pcp_create(m, 2, PA_PCP_2632), PA_OK);
    for (uint64_t i = 0; i < 31; i++) {
        uint64_t a, b;
        assert_int_equal(pa_pcp_rmqueue(z, 0, 0, PA_MT_MOVABLE, 0, &a), PA_OK);
        assert_int_equal(pa_pcp_rmqueue(z, 1, 0, PA_MT_MOVABLE, 0, &b), PA_OK);
        assert_int_equal(a, i);
        assert_int_equal(b, 31 + i);
    }
    uint64_t c;
    assert_int_equal(pa_pcp_rmqueue(z, 0, 0, PA_MT_MOVABLE, 0, &c), PA_OK);
    assert_int_equal(c, 62);
    /* NR_FREE_PAGES excludes the 30 pages still on CPU 0's list */
    assert_int_equal(pa_pcp_count(m, z, 0), 30);
    assert_int_equal(pa_pcp_count(m, z, 1), 0);
    assert_int_equal(z->free_pages, 524288 - 93);
    PA_ASSERT_CHECK(m);
    pa_pcp_destroy(m);
    pa_machine_destroy(m);
}

/* 200 allocations refill 7 times (217 pages), leaving 17 on the list. Freeing
   the 200 pages: the count reaches high (186) after 169 frees and 31 go back
   (155 left); 31 more frees reach 186 again: 155 left at the end, 62 pages
   back in the buddy lists. Draining returns the rest and everything merges. */
static void test_high_bulk_free_and_drain(void **state)
{
    (void)state;
    struct pa_machine *m = two_gib();
    struct pa_zone *z = &m->zones[0];
    uint64_t pfn[200];
    assert_int_equal(pa_pcp_create(m, 2, PA_PCP_2632), PA_OK);
    for (int i = 0; i < 200; i++)
        assert_int_equal(pa_pcp_rmqueue(z, 0, 0, PA_MT_MOVABLE, 0, &pfn[i]), PA_OK);
    assert_int_equal(pa_pcp_count(m, z, 0), 17);
    assert_int_equal(m->pcp->refills, 7);
    for (int i = 0; i < 200; i++)
        assert_int_equal(pa_free_pages_cpu(m, 0, pfn[i], 0), PA_OK);
    assert_int_equal(pa_pcp_count(m, z, 0), 155);
    assert_int_equal(z->free_pages, 524288 - 155);
    PA_ASSERT_CHECK(m);
    /* a page on a pcp list is free already */
    assert_int_equal(pa_free_pages_cpu(m, 0, pfn[199], 0), PA_EDOUBLEFREE);
    assert_int_equal(pa_pcp_drain(m, -1), 155);
    assert_int_equal(z->free_pages, 524288);
    assert_int_equal(z->free_area[10].nr_free, 512);
    PA_ASSERT_CHECK(m);
    pa_pcp_destroy(m);
    pa_machine_destroy(m);
}

/* Orders without pcp lists in the era go straight to the buddy lists:
   order 1 on 2.6.32 rules; on 5.14+ order 3 uses a list (refill count
   max(31 >> 3, 2) = 3 blocks) while order 4 does not. */
static void test_pcp_orders(void **state)
{
    (void)state;
    struct pa_machine *m = two_gib();
    struct pa_zone *z = &m->zones[0];
    uint64_t p;
    assert_int_equal(pa_pcp_create(m, 1, PA_PCP_2632), PA_OK);
    assert_int_equal(pa_pcp_rmqueue(z, 0, 1, PA_MT_MOVABLE, 0, &p), PA_OK);
    assert_int_equal(pa_pcp_count(m, z, 0), 0);
    assert_int_equal(z->free_pages, 524288 - 2);
    assert_int_equal(pa_free_pages_cpu(m, 0, p, 1), PA_OK);
    assert_int_equal(z->free_pages, 524288);
    pa_pcp_destroy(m);

    assert_int_equal(pa_pcp_create(m, 1, PA_PCP_514), PA_OK);
    /* 524288 pages: batch 63 (1 MiB cap), order 3 refill max(63 >> 3, 2) = 7 */
    assert_int_equal(pa_pcp_rmqueue(z, 0, 3, PA_MT_MOVABLE, 0, &p), PA_OK);
    assert_int_equal(pa_pcp_count(m, z, 0), 6 * 8);
    assert_int_equal(pa_pcp_rmqueue(z, 0, 4, PA_MT_MOVABLE, 0, &p), PA_OK);
    assert_int_equal(pa_pcp_count(m, z, 0), 6 * 8);
    assert_int_equal(pa_free_pages_cpu(m, 0, p, 4), PA_OK);
    PA_ASSERT_CHECK(m);
    pa_pcp_destroy(m);
    assert_int_equal(z->free_pages, 524288 - 8);
    pa_machine_destroy(m);
}

static void test_misuse(void **state)
{
    (void)state;
    struct pa_machine *m = two_gib();
    struct pa_zone *z = &m->zones[0];
    uint64_t p;
    assert_int_equal(pa_pcp_create(m, 0, PA_PCP_2632), PA_EINVAL);
    assert_int_equal(pa_pcp_create(m, 2, PA_PCP_ERA_COUNT), PA_EINVAL);
    assert_int_equal(pa_pcp_create(m, 2, PA_PCP_2632), PA_OK);
    assert_int_equal(pa_pcp_rmqueue(z, 2, 0, PA_MT_MOVABLE, 0, &p), PA_EINVAL);
    assert_int_equal(pa_pcp_rmqueue(z, 0, 11, PA_MT_MOVABLE, 0, &p), PA_EORDER);
    assert_int_equal(pa_pcp_rmqueue(z, 0, 0, PA_MT_MOVABLE, 0, &p), PA_OK);
    assert_int_equal(pa_free_pages_cpu(m, 5, p, 0), PA_EINVAL);
    assert_int_equal(pa_free_pages_cpu(m, 0, p, 1), PA_EWRONGORDER);
    assert_int_equal(pa_free_pages_cpu(m, 0, 1 << 30, 0), PA_ERANGE);
    assert_int_equal(pa_free_pages_cpu(m, 0, p, 0), PA_OK);
    assert_int_equal(pa_free_pages_cpu(m, 0, p, 0), PA_EDOUBLEFREE);
    PA_ASSERT_CHECK(m);
    /* cpu -1: no CPU, straight to and from the buddy lists */
    uint64_t before = pa_pcp_count(m, z, -1);
    assert_int_equal(pa_pcp_rmqueue(z, -1, 0, PA_MT_MOVABLE, 0, &p), PA_OK);
    assert_int_equal(pa_pcp_count(m, z, -1), before);
    assert_int_equal(pa_free_pages_cpu(m, -1, p, 0), PA_OK);
    assert_int_equal(pa_pcp_count(m, z, -1), before);
    PA_ASSERT_CHECK(m);
    pa_pcp_destroy(m);
    pa_machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_sizes),
        cmocka_unit_test(test_tiny_zone),
        cmocka_unit_test(test_refill_interleaves),
        cmocka_unit_test(test_high_bulk_free_and_drain),
        cmocka_unit_test(test_pcp_orders),
        cmocka_unit_test(test_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
