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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_big_mem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
