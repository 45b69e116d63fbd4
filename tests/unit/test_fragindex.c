/*
 * test_fragindex.c - src/mm/fragindex.c against numbers computed by hand from
 * kernel-semantics 7.4 (examples 1 and 2 of section 3) and against what a
 * real 6.18 kernel printed in debugfs extfrag/ for the buddyinfo captured at
 * the same moment (tests/data/proc/vm-6.18-x86_64, see its README).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/fragindex.h"
#include "pagealloc/procparse.h"

/* Example 2 (3.16 Normal zone): nr = [22272 726 75 24 1 0 0 0 0 0 1].
   free_pages 25256, blocks_total 23099; order 4: suitable 1 + 64 = 65. */
static const uint64_t ex2[11] = {22272, 726, 75, 24, 1, 0, 0, 0, 0, 0, 1};

static void test_example2(void **state)
{
    (void)state;
    struct pa_contig_info ci;
    pa_contig_info(ex2, 10, 4, &ci);
    assert_int_equal(ci.free_pages, 25256);
    assert_int_equal(ci.free_blocks_total, 23099);
    assert_int_equal(ci.free_blocks_suitable, 65);
    assert_int_equal(pa_fragmentation_index(ex2, 10, 4), -1000);
    /* (25256 - 65*16) * 1000 / 25256 = 24216000 / 25256 = 958.8 -> 958 */
    assert_int_equal(pa_unusable_free_index(ex2, 10, 4), 958);
    /* the same share in percent: 2421600 / 25256 = 95.9 -> 95 */
    assert_int_equal(pa_extfrag_for_order(ex2, 10, 4), 95);
    char b[16];
    pa_index_format(-1000, b, sizeof b);
    assert_string_equal(b, "-1.000");
    pa_index_format(958, b, sizeof b);
    assert_string_equal(b, "0.958");
    pa_index_format(1000, b, sizeof b);
    assert_string_equal(b, "1.000");
}

/* Example 1 (DMA32): nr = [2360 80 21 7 4 1 2 0 1 0 0], 3140 pages in 2476
   blocks. Order 9 has no suitable block: 1000 - (1000 + 3140000/512) / 2476
   = 1000 - (1000 + 6132) / 2476 = 1000 - 2 = 998. Order 4: suitable
   4 + 2 + 8 + 16 = 30, unusable (3140 - 480) * 1000 / 3140 = 847. */
static void test_example1(void **state)
{
    (void)state;
    static const uint64_t ex1[11] = {2360, 80, 21, 7, 4, 1, 2, 0, 1, 0, 0};
    assert_int_equal(pa_fragmentation_index(ex1, 10, 9), 998);
    assert_int_equal(pa_unusable_free_index(ex1, 10, 9), 1000);
    assert_int_equal(pa_fragmentation_index(ex1, 10, 4), -1000);
    assert_int_equal(pa_unusable_free_index(ex1, 10, 4), 847);
    assert_int_equal(pa_unusable_free_index(ex1, 10, 0), 0);
    /* order 10: 1000 - (1000 + 3140000/1024) / 2476 = 1000 - 4066/2476 = 999 */
    assert_int_equal(pa_fragmentation_index(ex1, 10, 10), 999);
}

/* Nothing free: fragindex 0, unusable 1000, extfrag_for_order 0. One lone
   order-0 page asked at order 1: 1000 - (1000 + 1000/2)/1 = -500. */
static void test_edges(void **state)
{
    (void)state;
    uint64_t none[11] = {0};
    assert_int_equal(pa_fragmentation_index(none, 10, 3), 0);
    assert_int_equal(pa_unusable_free_index(none, 10, 3), 1000);
    assert_int_equal(pa_extfrag_for_order(none, 10, 3), 0);
    uint64_t one[11] = {1};
    assert_int_equal(pa_fragmentation_index(one, 10, 1), -500);
    assert_int_equal(pa_unusable_free_index(one, 10, 1), 1000);
    assert_int_equal(pa_extfrag_for_order(one, 10, 1), 100);
    /* out of range order: the kernel warns and returns 0 */
    assert_int_equal(pa_fragmentation_index(one, 10, 11), 0);
}

/* Every value the 6.18 kernel printed equals ours for the same counts. */
static void test_matches_kernel_6_18(void **state)
{
    (void)state;
    static const char *dir = "tests/data/proc/vm-6.18-x86_64/";
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_diag d;
    const char *files[3] = {"buddyinfo", "extfrag/unusable_index", "extfrag/extfrag_index"};
    for (int f = 0; f < 3; f++) {
        char rel[256];
        snprintf(rel, sizeof rel, "%s%s", dir, files[f]);
        char *t = pa_test_read_file(rel);
        assert_non_null(t);
        int err = f == 0 ? pa_parse_buddyinfo(pi, t, strlen(t), rel, &d)
                         : pa_parse_extfrag(pi, f == 2, t, strlen(t), rel, &d);
        assert_int_equal(err, 0);
        free(t);
    }
    int compared = 0;
    for (int i = 0; i < pi->nr_zones; i++) {
        const struct pa_proc_zone *z = &pi->zones[i];
        assert_true(z->have_buddy && z->have_unusable && z->have_extfrag);
        for (unsigned o = 0; o < z->nr_orders; o++) {
            assert_int_equal(pa_unusable_free_index(z->nr_free, z->nr_orders - 1, o),
                             z->unusable[o]);
            assert_int_equal(pa_fragmentation_index(z->nr_free, z->nr_orders - 1, o),
                             z->extfrag[o]);
            compared += 2;
        }
    }
    assert_int_equal(compared, 66);
    /* a value that is not trivial: Normal order 10 printed as 0.290 */
    const struct pa_proc_zone *n = pa_procinfo_zone_c(pi, 0, "Normal");
    assert_non_null(n);
    assert_int_equal(n->unusable[10], 290);
    free(pi);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example2),
        cmocka_unit_test(test_example1),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_matches_kernel_6_18),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
