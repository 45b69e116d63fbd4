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
   order:10, mode:0xd0" in the log. The test checks the shape; the
   simulation's own figures are in docs/reclaim.md. */
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
    /* the file traffic leaves the box near its watermarks (seed: 78 MiB
       free) with one order-10 block at most (seed: 1) */
    assert_true(m0[2] < 100);
    assert_true(b[10] <= 1);
    /* at least one order-10 failure report in the 2.6.32 format */
    assert_non_null(strstr(e2, "insmod: page allocation failure. order:10, mode:0xd0\n"));
    assert_non_null(strstr(e2, "comm: insmod Not tainted 2.6.32-642.el6"));
    /* reclaim and swap although free memory was above the watermarks */
    assert_true(m1[5] * 2 < m0[5]);        /* cached fell by more than half   */
    assert_true(s1[1] > 0 && s1[1] > s0[1]); /* swap used, and it grew         */
    assert_true(m1[2] > m0[2] + 200);      /* free rose by more than 200 MiB  */
    for (int o = 0; o < 4; o++)            /* low orders rise several-fold    */
        assert_true(a[o] >= 3 * (b[o] + 1));
    assert_true(a[10] < 10);               /* order 10 stays in single digits */
    unsigned long long v[1] = {0}, scan[1] = {0}, steal[1] = {0};
    assert_int_equal(numbers_after(e2, "allocstall", 0, v, 1), 1);
    assert_true(v[0] > 0); /* direct reclaim ran */
    /* pgsteal <= pgscan, direct and kswapd (each page taken is scanned) */
    assert_int_equal(numbers_after(e2, "pgscan_direct", 0, scan, 1), 1);
    assert_int_equal(numbers_after(e2, "pgsteal_direct", 0, steal, 1), 1);
    assert_true(steal[0] > 0 && steal[0] <= scan[0]);
    assert_int_equal(numbers_after(e2, "pgscan_kswapd", 0, scan, 1), 1);
    assert_int_equal(numbers_after(e2, "pgsteal_kswapd", 0, steal, 1), 1);
    assert_true(steal[0] > 0 && steal[0] <= scan[0]);
    /* aging is real: the java heap is in use, so kswapd finds referenced
       pages and rotates them instead of stealing every page it scans */
    assert_true(steal[0] < scan[0]);
    /* RHEL 6's rotation-based balance: the streaming file traffic does not
       push the heap out (seed: 1 MiB swap before insmod), the page cache
       goes first (seed: 318 -> 16 MiB cached) and little is swapped (seed:
       37 MiB) */
    assert_true(s0[1] < 10);
    assert_true(m1[5] * 4 < m0[5]);
    assert_true(s1[1] - s0[1] < 100);
    free(out);
}

/* scenarios/seed-000-customer-4g.lua: the customer's kind of box (RHEL 6.8
   2.6.32-642, 2 nodes, 32 CPUs), scaled to 4 GiB (the scenario says why):
   repeated order-10 kmallocs fail in the 2.6.32 format, kswapd reclaims the
   page cache and swaps, and `free` shows plenty free before and after. The
   issue's "free stays > 100 GB" is not checked: the box is not that big
   (docs/reclaim.md "Seed 000's customer at 128 GiB"; test_seed000_128g
   checks the state the 128 GiB history reaches). */
static void test_customer(void **state)
{
    (void)state;
    char *out = run_scenario("seed-000-customer-4g.lua");
    unsigned long long m0[6], m1[6], s0[3], s1[3];
    assert_int_equal(numbers_after(out, "Mem:", 0, m0, 6), 6);
    assert_int_equal(numbers_after(out, "Mem:", 1, m1, 6), 6);
    assert_int_equal(numbers_after(out, "Swap:", 0, s0, 3), 3);
    assert_int_equal(numbers_after(out, "Swap:", 1, s1, 3), 3);
    /* failure reports, more than one (repeated requests), 2.6.32 format */
    const char *r = strstr(out, "insmod: page allocation failure. order:10, mode:0xd0\n");
    assert_non_null(r);
    /* the seed's call trace: a SLAB cache grown through fallback_alloc */
    static const char *const trace[] = {"comm: insmod Not tainted 2.6.32-642.el6",
                                        "__alloc_pages_nodemask+", "kmem_getpages+",
                                        "fallback_alloc+", "cache_grow+",
                                        "hello_init+"};
    for (size_t i = 0; i < sizeof trace / sizeof *trace; i++)
        assert_non_null(strstr(r, trace[i]));
    unsigned long long nrep[1] = {0};
    assert_int_equal(numbers_after(out, "# dmesg:", 0, nrep, 1), 1);
    assert_true(nrep[0] >= 2);
    /* every zone of the zonelist failed its watermark check */
    assert_non_null(strstr(out, "Node 1 Normal  fast path (LOW): watermark check failed"));
    assert_null(strstr(out, "slow path (MIN): ok"));
    /* free memory before and after: plenty, and it grows */
    assert_true(m0[2] * 20 > m0[0]);      /* > 5 % free when the module loads */
    assert_true(m1[2] * 4 > m1[0]);       /* > 25 % free afterwards           */
    assert_true(m1[2] > m0[2]);
    /* reclaim evicted the page cache and swapped */
    assert_true(m1[5] * 2 < m0[5]);
    assert_true(s1[1] > s0[1]);
    unsigned long long v[1] = {0};
    assert_int_equal(numbers_after(out, "kswapd_steal", 0, v, 1), 1);
    assert_true(v[0] > 0);
    assert_int_equal(numbers_after(out, "pswpout", 0, v, 1), 1);
    assert_true(v[0] > 0);
    /* 2.6.32 per-zone names: pgsteal_<zone> counts kswapd and direct
       reclaim; every page stolen was scanned */
    static const char *const z[] = {"dma32", "normal"};
    for (int i = 0; i < 2; i++) {
        char k[40];
        unsigned long long st[1] = {0}, sk[1] = {0}, sd[1] = {0};
        snprintf(k, sizeof k, "pgsteal_%s ", z[i]);
        assert_int_equal(numbers_after(out, k, 0, st, 1), 1);
        snprintf(k, sizeof k, "pgscan_kswapd_%s ", z[i]);
        assert_int_equal(numbers_after(out, k, 0, sk, 1), 1);
        snprintf(k, sizeof k, "pgscan_direct_%s ", z[i]);
        if (numbers_after(out, k, 0, sd, 1) != 1)
            sd[0] = 0; /* printed only when it moved */
        assert_true(st[0] > 0 && st[0] <= sk[0] + sd[0]);
    }
    /* order 10 stays in single digits per zone after all that reclaim */
    unsigned long long b[11];
    assert_int_equal(numbers_after(out, "zone    DMA32", 1, b, 11), 11);
    assert_true(b[10] < 10);
    assert_int_equal(numbers_after(out, "zone   Normal", 1, b, 11), 11);
    assert_true(b[10] < 10);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_big_mem),
        cmocka_unit_test(test_reclaim_after_failure),
        cmocka_unit_test(test_customer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
