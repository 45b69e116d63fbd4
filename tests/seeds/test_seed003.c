/*
 * test_seed003.c - seed 003 (/work/shared/seeds/003_3143985934871b16.txt,
 * "blog ... 2017-12-23": fragmentation with a kernel module and with two
 * user-space processes on a 2 GiB VM) reproduced by the shipped scenarios
 * scenarios/seed-003-fragment.lua and scenarios/seed-003-userspace.lua.
 *
 * Seed numbers (DMA32 line of /proc/buddyinfo, orders 0..10):
 *   fresh:          114 136 104 13 12 5 8 10 6 2 447
 *   after insmod:    60  94  92 13 10 5 9 10 5 3  56
 *   after rmmod:    116 145 50098 13 10 4 9 10 5 3 56
 *   userspace, after kill %1: 6446 6410 6335 6271 6214 136 21 4 4 3 47
 *   free -m total: 2000
 *   module, after compact_memory: 48 8 50004 12 4 2 5 3 6 2 58
 *   userspace, after compact_memory: 142 143 117 96 61 21 21 14 13 13 229
 * The tolerances: order-10 and order-2 counts within 2%; after the
 * kill orders 0-4 within 25% each, orders 5-9 below 200. Compaction (issue
 * 11): after the module, nothing of order 3 or more gains more than 5 %
 * (counted in pages: the seed's own order-8 count went from 5 to 6 blocks,
 * +20 %, while its pages at orders >= 3 grew 0.8 %; order 10 itself within
 * 5 %); after the kill, order 10 at least fourfold and orders 0-4 each down
 * by at least 90 %.
 */
#include "seedrun.h"

static void test_fragment_module(void **state)
{
    (void)state;
    char *out = run_scenario("seed-003-fragment.lua");
    unsigned long long fresh[11], ins[11], rm[11], mem[6];
    assert_int_equal(numbers_after(out, "zone    DMA32", 0, fresh, 11), 11);
    assert_int_equal(numbers_after(out, "zone    DMA32", 1, ins, 11), 11);
    assert_int_equal(numbers_after(out, "zone    DMA32", 2, rm, 11), 11);
    assert_true(within((double)fresh[10], 447, 2));
    if (!within((double)ins[10], 56, 2)) {
        print_error("order-10 after insmod: %llu, seed 56\n", ins[10]);
        fail();
    }
    assert_true(within((double)rm[10], 56, 2));
    if (!within((double)rm[2], 50098, 2)) {
        print_error("order-2 after rmmod: %llu, seed 50098\n", rm[2]);
        fail();
    }
    /* no order above 2 gained anything by the rmmod */
    for (int o = 3; o <= 10; o++)
        assert_true(rm[o] <= ins[o]);
    assert_int_equal(numbers_after(out, "Mem:", 0, mem, 6), 6);
    assert_int_equal(mem[0], 2000);
    free(out);
}

static unsigned long long pages_from(const unsigned long long *v, int lo)
{
    unsigned long long p = 0;
    for (int o = lo; o <= 10; o++)
        p += v[o] << o;
    return p;
}

/* compact_memory after rmmod: the holes sit among slab pages (unmovable). */
static void test_fragment_compaction(void **state)
{
    (void)state;
    char *out = run_scenario("seed-003-fragment.lua");
    unsigned long long rm[11], cm[11];
    assert_int_equal(numbers_after(out, "zone    DMA32", 2, rm, 11), 11);
    assert_int_equal(numbers_after(out, "zone    DMA32", 3, cm, 11), 11);
    if (pages_from(cm, 3) * 100 > pages_from(rm, 3) * 105) {
        print_error("pages at orders >= 3: %llu -> %llu (more than 5 %%)\n", pages_from(rm, 3),
                    pages_from(cm, 3));
        fail();
    }
    assert_true(cm[10] * 100 <= rm[10] * 105);
    /* the order-2 holes stay (the seed: 50098 -> 50004) */
    assert_true(within((double)cm[2], 50004, 2));
    assert_non_null(strstr(out, "compact_memory"));
    free(out);
}

/* compact_memory after the kill: the survivor's anon pages move. */
static void test_userspace_compaction(void **state)
{
    (void)state;
    char *out = run_scenario("seed-003-userspace.lua");
    unsigned long long k[11], c[11];
    assert_int_equal(numbers_after(out, "zone    DMA32", 2, k, 11), 11);
    assert_int_equal(numbers_after(out, "zone    DMA32", 3, c, 11), 11);
    if (c[10] < 4 * k[10]) {
        print_error("order 10: %llu -> %llu, not fourfold\n", k[10], c[10]);
        fail();
    }
    for (int o = 0; o <= 4; o++)
        if (c[o] * 10 > k[o]) {
            print_error("order %d: %llu -> %llu, not down by 90 %%\n", o, k[o], c[o]);
            fail();
        }
    free(out);
}

static void test_userspace_kill(void **state)
{
    (void)state;
    static const double seed[11] = {6446, 6410, 6335, 6271, 6214, 136, 21, 4, 4, 3, 47};
    char *out = run_scenario("seed-003-userspace.lua");
    unsigned long long v[11];
    assert_int_equal(numbers_after(out, "zone    DMA32", 2, v, 11), 11);
    for (int o = 0; o <= 4; o++)
        if (!within((double)v[o], seed[o], 25)) {
            print_error("order %d after the kill: %llu, seed %.0f\n", o, v[o], seed[o]);
            fail();
        }
    for (int o = 5; o <= 9; o++)
        assert_true(v[o] < 200);
    free(out);
}

/* The same seed gives the same output, byte for byte. */
static void test_deterministic(void **state)
{
    (void)state;
    char *a = run_scenario("seed-003-userspace.lua");
    char *b = run_scenario("seed-003-userspace.lua");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fragment_module),
        cmocka_unit_test(test_userspace_kill),
        cmocka_unit_test(test_fragment_compaction),
        cmocka_unit_test(test_userspace_compaction),
        cmocka_unit_test(test_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
