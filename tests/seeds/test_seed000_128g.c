/*
 * test_seed000_128g.c - seed 000's customer at its real size
 * (scenarios/seed-000-customer.lua, a 128 GiB server-256g with RHEL 6.8
 * rules): after the box's history the customer's state - 100+ GB free by
 * `free` and yet every zone a GFP_KERNEL order-10 request may use fails
 * its order-10 watermark check at LOW: the Normal zones because the
 * history's slab sits in nearly every 4 MiB region (at most the
 * MIGRATE_RESERVE block is left), DMA32 - last in 2.6.32's zone-ordered
 * zonelist - because its free memory is below LOW + lowmem_reserve[Normal]
 * + 4 MiB although it holds free 4 MiB blocks. Then insmod big_mem fails
 * as the customer's did: repeated order-10 failure reports in 2.6.32's
 * format with 100+ GB free at each, swap in use and the page cache shrunk
 * afterwards. What makes the kmallocs fail rather than direct compaction
 * succeed is the traffic peak's GFP_ATOMIC conntrack slab in the zones'
 * last free pages (docs/reclaim.md "Seed 000's customer at 128 GiB").
 *
 * About 30 s of CPU and 1.3 GiB in a normal build; skipped under
 * AddressSanitizer (several times slower, and its shadow memory on top),
 * where test_seed000's 4 GiB model stands in for it.
 */
#include "seedrun.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PA_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PA_ASAN 1
#endif

static void test_customer_128g(void **state)
{
    (void)state;
#ifdef PA_ASAN
    skip();
#endif
    char *out = run_scenario("seed-000-customer.lua");
    const char *c = strstr(out, "5. the logs rotated away");
    assert_non_null(c);
    /* `free -m` after the history: more than 100 GB (10^9 bytes) free */
    unsigned long long mem[6];
    assert_int_equal(numbers_after(c, "Mem:", 0, mem, 6), 6);
    assert_true(mem[2] * 1048576ull > 100000000000ull);
    assert_true(mem[0] > mem[2]);
    /* every zone of the zonelist fails the order-10 check at LOW */
    assert_non_null(strstr(c, "order-10 GFP_KERNEL at LOW, Node 0 Normal: fails"));
    assert_non_null(strstr(c, "order-10 GFP_KERNEL at LOW, Node 1 Normal: fails"));
    assert_non_null(strstr(c, "order-10 GFP_KERNEL at LOW, Node 0 DMA32: fails"));
    /* why: the Normal zones keep at most one free 4 MiB block (the
       MIGRATE_RESERVE one) among 60 GB free each; DMA32 has free 4 MiB
       blocks but its free memory sits at its lowmem reserve */
    unsigned long long b[11];
    assert_int_equal(numbers_after(c, "zone   Normal", 0, b, 11), 11);
    assert_true(b[10] <= 1);
    assert_int_equal(numbers_after(c, "zone   Normal", 1, b, 11), 11);
    assert_true(b[10] <= 1);
    assert_int_equal(numbers_after(c, "zone    DMA32", 0, b, 11), 11);
    assert_true(b[10] > 1);
    /* the history's slab is reclaimable (dentries, inodes) */
    unsigned long long sr[1];
    assert_int_equal(numbers_after(c, "SReclaimable:", 0, sr, 1), 1);
    assert_true(sr[0] > 1024 * 1024); /* kB: more than 1 GiB */

    /* insmod big_mem: at least two order-10 failure reports of insmod in
       2.6.32's format, each with more than 100 GB free in its Mem-Info */
    const char *r = strstr(c, "insmod big_mem:");
    assert_non_null(r);
    int reports = 0;
    for (const char *p = r; (p = strstr(p, "insmod: page allocation failure. order:10, mode:0xd0"));
         p++) {
        unsigned long long fp[1] = {0};
        const char *f = strstr(p, "| free:");
        assert_non_null(f);
        assert_int_equal(numbers_after(f, "| free:", 0, fp, 1), 1);
        assert_true(fp[0] * 4096ull > 100000000000ull);
        reports++;
    }
    assert_true(reports >= 2);
    /* afterwards: swap in use and less page cache than before insmod */
    unsigned long long after[6] = {0}, swap[3] = {0};
    assert_int_equal(numbers_after(r, "Mem:", 0, after, 6), 6);
    assert_true(after[2] * 1048576ull > 100000000000ull);
    assert_true(after[5] < mem[5]);
    assert_int_equal(numbers_after(r, "Swap:", 0, swap, 3), 3);
    assert_true(swap[1] > 0);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_customer_128g),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
