/*
 * test_pbinfer.c - src/format/pbinfer.c: pageblock migratetypes inferred to
 * meet pagetypeinfo's block counts and free counts.
 */
#include <string.h>

#include "helpers.h"
#include "pagealloc/pbinfer.h"

static void feat_init(struct pa_pb_feat *f, size_t n)
{
    memset(f, 0, n * sizeof *f);
    for (size_t i = 0; i < n; i++) {
        f[i].lead = -1;
        f[i].counted = true;
    }
}

/* Contents alone would type blocks 0 and 1 Unmovable (10 kernel pages each,
   block 2 has 8); the free counts say the Unmovable lists hold three order-0
   blocks and one order-2 block: blocks 0 and 2. */
static void test_free_counts_decide(void **state)
{
    (void)state;
    struct pa_pb_feat f[6];
    feat_init(f, 6);
    f[0].kernel = 10, f[0].movable = 400, f[0].free_blocks[0] = 3;
    f[1].kernel = 10, f[1].movable = 400, f[1].free_blocks[1] = 2;
    f[2].kernel = 8, f[2].movable = 400, f[2].free_blocks[2] = 1;
    for (int i = 3; i < 6; i++)
        f[i].movable = 500, f[i].free_blocks[3] = 1;
    uint64_t want[PA_MT_COUNT] = {0};
    uint64_t free_t[PA_MT_COUNT][PA_PBINFER_ORDERS] = {{0}};
    want[PA_MT_UNMOVABLE] = 2, want[PA_MT_MOVABLE] = 4;
    free_t[PA_MT_UNMOVABLE][0] = 3, free_t[PA_MT_UNMOVABLE][2] = 1;
    free_t[PA_MT_MOVABLE][1] = 2, free_t[PA_MT_MOVABLE][3] = 3;
    uint8_t mt[6];
    struct pa_pbinfer_result r;
    assert_int_equal(pa_pbinfer(f, 6, 11, want, (const uint64_t(*)[PA_PBINFER_ORDERS])free_t, mt,
                                &r), 0);
    assert_int_equal(mt[0], PA_MT_UNMOVABLE);
    assert_int_equal(mt[1], PA_MT_MOVABLE);
    assert_int_equal(mt[2], PA_MT_UNMOVABLE);
    assert_int_equal(r.blocks[PA_MT_UNMOVABLE], 2);
    assert_int_equal(r.blocks[PA_MT_MOVABLE], 4);
    assert_int_equal(r.free_diff, 0);
    assert_true(r.free_diff_start > 0);
    assert_true(r.swaps >= 1);

    /* without free counts, the contents decide: 0 and 1 */
    assert_int_equal(pa_pbinfer(f, 6, 11, want, NULL, mt, &r), 0);
    assert_int_equal(mt[0], PA_MT_UNMOVABLE);
    assert_int_equal(mt[1], PA_MT_UNMOVABLE);
    assert_int_equal(mt[2], PA_MT_MOVABLE);
}

/* A free block spanning two pageblocks ties their types; uncounted blocks
   (uninitialised memory) get no type; the counts are met even when they add
   up to fewer blocks than counted (Movable takes the rest). */
static void test_ties_and_counts(void **state)
{
    (void)state;
    struct pa_pb_feat f[5];
    feat_init(f, 5);
    f[0].kernel = 512;
    f[1].free_blocks[10] = 1;            /* spans 1 and 2 */
    f[2].lead = 1;
    f[3].slab = 300;
    f[4].counted = false;
    uint64_t want[PA_MT_COUNT] = {0};
    want[PA_MT_UNMOVABLE] = 1, want[PA_MT_RECLAIMABLE] = 1, want[PA_MT_MOVABLE] = 1;
    uint8_t mt[5];
    struct pa_pbinfer_result r;
    assert_int_equal(pa_pbinfer(f, 5, 11, want, NULL, mt, &r), 0);
    assert_int_equal(mt[0], PA_MT_UNMOVABLE);
    assert_int_equal(mt[1], mt[2]);
    assert_int_equal(mt[1], PA_MT_MOVABLE);
    assert_int_equal(mt[3], PA_MT_RECLAIMABLE);
    assert_int_equal(r.blocks[PA_MT_MOVABLE], 2);
    assert_int_equal(r.blocks[PA_MT_UNMOVABLE] + r.blocks[PA_MT_RECLAIMABLE] +
                         r.blocks[PA_MT_MOVABLE], 4);
}

static void test_misuse(void **state)
{
    (void)state;
    struct pa_pb_feat f[2];
    feat_init(f, 2);
    uint64_t want[PA_MT_COUNT] = {0};
    uint8_t mt[2];
    struct pa_pbinfer_result r;
    f[0].lead = 1;   /* a lead must be an earlier pageblock */
    assert_int_equal(pa_pbinfer(f, 2, 11, want, NULL, mt, &r), PA_EINVAL);
    f[0].lead = -1;
    assert_int_equal(pa_pbinfer(f, 2, 0, want, NULL, mt, &r), PA_EINVAL);
    assert_int_equal(pa_pbinfer(f, 2, PA_PBINFER_ORDERS + 1, want, NULL, mt, &r), PA_EINVAL);
    assert_int_equal(pa_pbinfer(NULL, 2, 11, want, NULL, mt, &r), PA_EINVAL);
    assert_int_equal(pa_pbinfer(f, 2, 11, want, NULL, mt, &r), 0);
    assert_int_equal(r.blocks[PA_MT_MOVABLE], 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_counts_decide),
        cmocka_unit_test(test_ties_and_counts),
        cmocka_unit_test(test_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
