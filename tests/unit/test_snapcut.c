/*
 * test_snapcut.c - pa_cut_free_run (src/live/snapshot.c): a run of free pages
 * cut into the largest aligned blocks, as the buddy allocator merges them.
 * Expected blocks worked out by hand.
 */
#include <string.h>

#include "helpers.h"
#include "live/snapshot.h"

struct got {
    int n;
    uint64_t pfn[32];
    unsigned order[32];
};

static void collect(void *ctx, uint64_t pfn, unsigned order)
{
    struct got *g = ctx;
    if (g->n < 32) {
        g->pfn[g->n] = pfn;
        g->order[g->n++] = order;
    }
}

static void test_cut(void **state)
{
    (void)state;
    struct got g = {0};
    /* [3, 16): 3 is odd -> order 0; 4 aligned to 4, 4 pages fit -> order 2;
       8 aligned to 8, 8 pages fit -> order 3 */
    pa_cut_free_run(3, 13, 10, collect, &g);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.pfn[0], 3);
    assert_int_equal(g.order[0], 0);
    assert_int_equal(g.pfn[1], 4);
    assert_int_equal(g.order[1], 2);
    assert_int_equal(g.pfn[2], 8);
    assert_int_equal(g.order[2], 3);

    /* [0, 3072) with max_order 10: three order-10 blocks */
    memset(&g, 0, sizeof g);
    pa_cut_free_run(0, 3072, 10, collect, &g);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.pfn[2], 2048);
    assert_int_equal(g.order[2], 10);

    /* [1024, 1024+6): aligned start but only 6 pages: orders 2 then 1 */
    memset(&g, 0, sizeof g);
    pa_cut_free_run(1024, 6, 10, collect, &g);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.order[0], 2);
    assert_int_equal(g.pfn[1], 1028);
    assert_int_equal(g.order[1], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cut)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
