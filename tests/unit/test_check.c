/*
 * test_check.c - pa_machine_check (src/mm/check.c) must catch corruption.
 *
 * Each case builds a small healthy machine (checked clean first), breaks one
 * thing the way a bug in the engine or an embedder scribbling over its
 * struct would, and expects PA_ECORRUPT with a message that names the
 * problem (the substring asserted below) and the place (zone name).
 */
#include <string.h>

#include "helpers.h"

/* Zone Normal [0, 16), max order 4, one 16-page pageblock; pfn 0 allocated
   at order 0, so the lists hold 1 (o0), 2 (o1), 4 (o2), 8 (o3). */
static struct pa_machine *healthy(void)
{
    struct pa_machine *m = pa_test_simple(0, 16, 4);
    uint64_t pfn;
    assert_int_equal(pa_zone_alloc(&m->zones[0], 0, PA_MT_MOVABLE, &pfn), PA_OK);
    assert_int_equal(pfn, 0);
    PA_ASSERT_CHECK(m);
    return m;
}

static void expect_corrupt(struct pa_machine *m, const char *needle)
{
    char msg[512];
    int err = pa_machine_check(m, msg, sizeof msg);
    if (err != PA_ECORRUPT || !strstr(msg, needle) || !strstr(msg, "zone Normal")) {
        print_error("pa_machine_check returned %s, message \"%s\"; wanted PA_ECORRUPT and "
                    "\"%s\"\n",
                    pa_errname(err), msg, needle);
        fail();
    }
    pa_machine_destroy(m);
}

static void test_nr_free_wrong(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    m->zones[0].free_area[2].nr_free++;
    expect_corrupt(m, "lists hold 1 blocks, nr_free says 2");
}

static void test_nr_free_mt_wrong(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    m->zones[0].free_area[1].free_list[PA_MT_MOVABLE].count++;
    m->zones[0].free_area[1].nr_free++;
    expect_corrupt(m, "has 1 entries, nr_free_mt says 2");
}

static void test_free_pages_wrong(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    m->zones[0].free_pages -= 1;
    expect_corrupt(m, "free lists hold 15 pages, free_pages says 14");
}

static void test_list_cycle(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    /* Order-3 list [8]: make 8 point back to itself. */
    m->pages[8].next = 8;
    expect_corrupt(m, "longer than nr_free_mt");
}

static void test_broken_prev(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    m->pages[4].prev = 2;
    expect_corrupt(m, "broken prev link");
}

static void test_wrong_order_on_list(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    m->pages[4].order = 1;
    expect_corrupt(m, "is on the order-2 Movable list but says order 1");
}

static void test_unaligned_block(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    struct pa_zone *z = &m->zones[0];
    /* Re-queue the order-0 block at pfn 1 as an order-1 block. */
    pa_free_list_del(z, 1);
    pa_free_list_add(z, 1, 1, PA_MT_MOVABLE, false);
    expect_corrupt(m, "not aligned to order 1");
}

static void test_unmerged_buddies(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    /* Put pfn 0 back on the order-0 list without merging it with its free
       buddy 1, as a buggy free path would. */
    pa_free_list_add(&m->zones[0], 0, 0, PA_MT_MOVABLE, false);
    expect_corrupt(m, "are buddies left unmerged");
}

static void test_lost_page(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    m->pages[0].flags &= (uint16_t)~PA_PG_ALLOC;
    expect_corrupt(m, "(a lost page)");
}

static void test_flag_inside_block(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    m->pages[10].flags |= PA_PG_ALLOC; /* inside the free order-3 block at 8 */
    expect_corrupt(m, "lies inside the free order-3 block at 0x8");
}

static void test_free_head_off_list(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    /* The allocated page 0 marked free without being queued (its buddy 1
       allocated too, so that this is not also an unmerged pair). */
    assert_int_equal(pa_alloc_pfn(m, 1, 0, PA_MT_MOVABLE), PA_OK);
    PA_ASSERT_CHECK(m);
    m->pages[0].flags = PA_PG_BUDDY;
    m->pages[0].order = 0;
    expect_corrupt(m, "marked free heads but the lists hold");
}

static void test_block_outside_zone(void **state)
{
    (void)state;
    struct pa_machine_config cfg = {0};
    cfg.max_order = 4;
    cfg.pageblock_order = 2;
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, 16);
    pa_config_add_zone(&cfg, 1, PA_ZONE_NORMAL, 16, 32);
    struct pa_machine *m = pa_test_machine(&cfg);
    PA_ASSERT_CHECK(m);
    /* Move node 1's order-4 block at 16 onto node 0's zone's lists. */
    pa_free_list_del(&m->zones[1], 16);
    pa_free_list_add(&m->zones[0], 16, 4, PA_MT_MOVABLE, false);
    expect_corrupt(m, "free block at pfn 0x10 is not inside the zone");
}

static void test_pageblock_count(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    m->zones[0].nr_pageblocks[PA_MT_UNMOVABLE]++;
    expect_corrupt(m, "0 Unmovable pageblocks counted, nr_pageblocks says 1");
}

static void test_managed_wrong(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    m->zones[0].managed--;
    expect_corrupt(m, "managed 15 but present 16 minus 0 reserved");
}

static void test_nr_free_cma_wrong(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    m->zones[0].nr_free_cma += 4;
    expect_corrupt(m, "CMA lists hold 0 pages, nr_free_cma says 4");
}

static void test_bad_tail(void **state)
{
    (void)state;
    struct pa_machine *m = healthy();
    m->zones[0].free_area[0].free_list[PA_MT_MOVABLE].tail = 3;
    expect_corrupt(m, "tail is 0x3, last entry 0x1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nr_free_wrong),      cmocka_unit_test(test_nr_free_mt_wrong),
        cmocka_unit_test(test_free_pages_wrong),   cmocka_unit_test(test_list_cycle),
        cmocka_unit_test(test_broken_prev),        cmocka_unit_test(test_wrong_order_on_list),
        cmocka_unit_test(test_unaligned_block),    cmocka_unit_test(test_unmerged_buddies),
        cmocka_unit_test(test_lost_page),          cmocka_unit_test(test_flag_inside_block),
        cmocka_unit_test(test_free_head_off_list), cmocka_unit_test(test_block_outside_zone),
        cmocka_unit_test(test_pageblock_count),    cmocka_unit_test(test_managed_wrong),
        cmocka_unit_test(test_bad_tail),          cmocka_unit_test(test_nr_free_cma_wrong),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
