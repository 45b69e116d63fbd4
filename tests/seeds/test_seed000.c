/*
 * test_seed000.c - seed 000 (/work/shared/seeds/000_e118f580663a5ec1.txt,
 * "How to request continuous physical memory in Linux?", RHEL 6.8,
 * 2.6.32-642.el6) reproduced by scenarios/seed-000-kmalloc.lua.
 *
 * Seed numbers: before insmod big_mem DMA32 order 10 = 365, after = 335
 * (exactly 30 order-10 blocks: 30 x kmalloc(4 MiB) from SLAB's
 * size-4194304 cache, order-10 slabs); `free -m` Mem: 1877 345 1531 0 59 149
 * before and 1877 465 1411 0 59 149 after (used +120 MiB).
 */
#include "seedrun.h"

static void test_big_mem(void **state)
{
    (void)state;
    char *out = run_scenario("seed-000-kmalloc.lua");
    unsigned long long before[11], after[11], m0[6], m1[6];
    assert_int_equal(numbers_after(out, "zone    DMA32", 0, before, 11), 11);
    assert_int_equal(numbers_after(out, "zone    DMA32", 1, after, 11), 11);
    assert_int_equal(before[10] - after[10], 30);
    for (int o = 0; o < 10; o++)
        assert_int_equal(before[o], after[o]); /* nothing else was touched */
    assert_int_equal(numbers_after(out, "Mem:", 0, m0, 6), 6);
    assert_int_equal(numbers_after(out, "Mem:", 1, m1, 6), 6);
    assert_int_equal(m0[0], 1877);
    assert_int_equal(m1[1] - m0[1], 120);
    assert_int_equal(m0[4], 59);
    assert_int_equal(m0[5], 149);
    assert_non_null(strstr(out, " 4194304 bytes of memory allocated for 30 times"));
    free(out);
}

/* The seed's second experiment (rhel6-1g after file traffic): seed numbers
   before insmod: free -m 996 917 78 0 84 318, DMA32 331 548 624 373 225 47 24
   11 12 0 1; after: 996 608 387 0 84 16, swap used 37, DMA32 4343 2720 1731
   1019 627 324 189 113 54 13 3, and "insmod: page allocation failure.
   order:10, mode:0xd0" in the log. The test checks the shape that the
   simulation reproduces (docs/reclaim.md says what it does not). */
static void test_reclaim_after_failure(void **state)
{
    (void)state;
    char *out = run_scenario("seed-000-kmalloc.lua");
    const char *e2 = strstr(out, "== experiment 2");
    assert_non_null(e2);
    unsigned long long b[11], a[11], m0[6], m1[6], s0[3], s1[3];
    assert_int_equal(numbers_after(e2, "zone    DMA32", 0, b, 11), 11);
    assert_int_equal(numbers_after(e2, "zone    DMA32", 1, a, 11), 11);
    assert_int_equal(numbers_after(e2, "Mem:", 0, m0, 6), 6);
    assert_int_equal(numbers_after(e2, "Mem:", 1, m1, 6), 6);
    assert_int_equal(numbers_after(e2, "Swap:", 0, s0, 3), 3);
    assert_int_equal(numbers_after(e2, "Swap:", 1, s1, 3), 3);
    /* With compaction (RHEL6 backport, issue 11) and lumpy reclaim the
       simulated kmallocs get their order-10 blocks after direct reclaim and
       compaction; the seed's kernel failed them. The failure report's
       2.6.32 shape is tested in test_failreport (test_seed000_shape). */
    assert_non_null(strstr(e2, "bytes of memory allocated for 30 times"));
    /* reclaim and swap although hundreds of MiB were free */
    assert_true(m0[2] > 300);              /* free before: > 300 MiB     */
    assert_true(m1[5] * 2 < m0[5]);        /* cached fell by over half   */
    assert_true(s1[1] > 0 && s0[1] == 0);  /* swap used became non-zero  */
    assert_true(m1[2] > m0[2] + 150);      /* free rose by over 150 MiB  */
    assert_true(a[0] >= 5 * (b[0] + 1));   /* order-0 blocks several-fold */
    assert_true(a[10] > b[10]);            /* lumpy reclaim made order-10 */
    unsigned long long stall[1], steal[1];
    assert_int_equal(numbers_after(e2, "allocstall", 0, stall, 1), 1);
    assert_int_equal(numbers_after(e2, "pgsteal_kswapd", 0, steal, 1), 1);
    assert_true(stall[0] > 0);   /* direct reclaim ran                 */
    assert_true(steal[0] > 0);   /* kswapd reclaimed for order 10      */
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_big_mem),
        cmocka_unit_test(test_reclaim_after_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
