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

/* kpageflags words to classes: an anon page on an LRU list is A; a mapped
   anon page off the LRU (waiting in a per-CPU LRU batch, which
   compact_memory drains first) is A too; unmapped, compound or unevictable
   anon pages off the LRU stay K; no flag at all is P. Bits: LRU 5, MMAP 11,
   ANON 12, COMPOUND_HEAD 15, COMPOUND_TAIL 16, UNEVICTABLE 18. */
static void test_classify(void **state)
{
    (void)state;
    const uint64_t lru = 1u << 5, mmap = 1u << 11, anon = 1u << 12, head = 1u << 15,
                   tail = 1u << 16, unev = 1u << 18;
    assert_int_equal(pa_snap_classify(anon | mmap | lru, true, false, false), PA_SC_ANON);
    assert_int_equal(pa_snap_classify(anon | mmap, true, false, false), PA_SC_ANON);
    assert_int_equal(pa_snap_classify(anon, true, false, false), PA_SC_KERNEL);
    assert_int_equal(pa_snap_classify(anon | mmap | head, true, false, false), PA_SC_KERNEL);
    assert_int_equal(pa_snap_classify(anon | mmap | tail, true, false, false), PA_SC_KERNEL);
    assert_int_equal(pa_snap_classify(anon | mmap | unev, true, false, false), PA_SC_KERNEL);
    assert_int_equal(pa_snap_classify(mmap, true, false, false), PA_SC_KERNEL);
    assert_int_equal(pa_snap_classify(0, true, false, false), PA_SC_PCP);
    assert_int_equal(pa_snap_classify(lru, true, false, false), PA_SC_FILE);
    assert_int_equal(pa_snap_classify(anon | mmap, false, false, false), PA_SC_HOLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cut),
                                       cmocka_unit_test(test_classify)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
