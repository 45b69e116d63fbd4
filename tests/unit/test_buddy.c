/*
 * test_buddy.c - unit tests of src/mm/buddy.c: split, merge, misuse.
 */
#include "helpers.h"

/* Smallest-first: an order-0 request on a zone holding one order-3 block
   takes its lowest page and leaves one block each of orders 0, 1, 2
   (kernel-semantics 4.2: upper halves go back). */
static void test_split_lowest_part(void **state)
{
    (void)state;
    struct pa_machine *m = pa_test_simple(0, 8, 3);
    struct pa_zone *z = &m->zones[0];
    uint64_t pfn;
    assert_int_equal(z->free_area[3].nr_free, 1);
    assert_int_equal(pa_zone_alloc(z, 0, PA_MT_MOVABLE, &pfn), PA_OK);
    assert_int_equal(pfn, 0);
    assert_int_equal(z->free_area[0].nr_free, 1);
    assert_int_equal(z->free_area[0].free_list[PA_MT_MOVABLE].head, 1);
    assert_int_equal(z->free_area[1].free_list[PA_MT_MOVABLE].head, 2);
    assert_int_equal(z->free_area[2].free_list[PA_MT_MOVABLE].head, 4);
    assert_int_equal(z->free_pages, 7);
    PA_ASSERT_CHECK(m);
    assert_int_equal(pa_free_pages(m, pfn, 0), PA_OK);
    assert_int_equal(z->free_area[3].nr_free, 1);
    assert_int_equal(z->free_pages, 8);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

static void test_misuse_is_named(void **state)
{
    (void)state;
    struct pa_machine *m = pa_test_simple(0, 64, 4);
    struct pa_zone *z = &m->zones[0];
    uint64_t a, b;
    assert_int_equal(pa_zone_alloc(z, 2, PA_MT_MOVABLE, &a), PA_OK);
    assert_int_equal(pa_zone_alloc(z, 2, PA_MT_MOVABLE, &b), PA_OK);
    assert_int_equal(pa_free_pages(m, a, 1), PA_EWRONGORDER);
    assert_int_equal(pa_free_pages(m, a + 1, 2), PA_ENOTHEAD);
    assert_int_equal(pa_free_pages(m, a, 5), PA_EORDER);
    assert_int_equal(pa_free_pages(m, 1000, 0), PA_ERANGE);
    PA_ASSERT_CHECK(m);
    assert_int_equal(pa_free_pages(m, a, 2), PA_OK);
    assert_int_equal(pa_free_pages(m, a, 2), PA_EDOUBLEFREE);
    assert_int_equal(pa_free_pages(m, a + 2, 0), PA_EDOUBLEFREE);
    assert_int_equal(pa_zone_alloc(z, 5, PA_MT_MOVABLE, &a), PA_EORDER);
    assert_int_equal(pa_zone_alloc(z, 0, PA_MT_UNMOVABLE, &a), PA_ENOMEM);
    PA_ASSERT_CHECK(m);
    assert_int_equal(pa_free_pages(m, b, 2), PA_OK);
    assert_int_equal(z->free_area[4].nr_free, 4);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* Merging stops at a zone edge even when the buddy pfn is a free block of the
   same order in the next zone. */
static void test_no_merge_across_zones(void **state)
{
    (void)state;
    struct pa_machine_config cfg = {0};
    cfg.max_order = 4;
    cfg.pageblock_order = 2;
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA, 0, 8);
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 8, 16);
    struct pa_machine *m = pa_test_machine(&cfg);
    assert_int_equal(m->zones[0].free_area[3].nr_free, 1);
    assert_int_equal(m->zones[1].free_area[3].nr_free, 1);
    assert_int_equal(m->zones[0].free_area[4].nr_free, 0);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* Holes split memory: no block covers a hole page; freeing into a hole fails. */
static void test_holes(void **state)
{
    (void)state;
    struct pa_machine_config cfg = {0};
    cfg.max_order = 10;
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, 4096);
    pa_config_add_hole(&cfg, 1000, 1100);
    pa_config_add_reserved(&cfg, 0, 1);
    struct pa_machine *m = pa_test_machine(&cfg);
    struct pa_zone *z = &m->zones[0];
    assert_int_equal(z->present, 3996);
    assert_int_equal(z->managed, 3995);
    assert_int_equal(z->free_pages, 3995);
    assert_int_equal(pa_free_pages(m, 1050, 0), PA_EHOLE);
    assert_int_equal(pa_free_pages(m, 0, 0), PA_ENOTALLOC);
    assert_int_equal(pa_alloc_pfn(m, 992, 4, PA_MT_MOVABLE), PA_EHOLE);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* pa_alloc_pfn carves a block out of a larger free block and gives the rest back. */
static void test_alloc_pfn(void **state)
{
    (void)state;
    struct pa_machine *m = pa_test_simple(0, 1024, 10);
    struct pa_zone *z = &m->zones[0];
    assert_int_equal(pa_alloc_pfn(m, 512 + 64, 3, PA_MT_UNMOVABLE), PA_OK);
    assert_int_equal(z->free_pages, 1016);
    assert_int_equal(pa_alloc_pfn(m, 512 + 64, 0, PA_MT_UNMOVABLE), PA_EBUSY);
    assert_int_equal(pa_alloc_pfn(m, 3, 2, PA_MT_UNMOVABLE), PA_EALIGN);
    PA_ASSERT_CHECK(m);
    assert_int_equal(pa_alloc_range(m, 10, 20, PA_MT_UNMOVABLE), PA_OK);
    assert_int_equal(z->free_pages, 1006);
    PA_ASSERT_CHECK(m);
    for (uint64_t p = 10; p < 20; p++)
        assert_int_equal(pa_free_pages(m, p, 0), PA_OK);
    assert_int_equal(pa_free_pages(m, 512 + 64, 3), PA_OK);
    assert_int_equal(z->free_area[10].nr_free, 1);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* Page state (referenced, dirty, ...) and the kind belong to one
   allocation: freeing drops them (the kernel's free_pages_prepare clears page
   flags), so the next allocation of the same pfn starts clean. */
static void test_owner_flags_do_not_survive_free(void **state)
{
    (void)state;
    struct pa_machine *m = pa_test_simple(0, 16, 4);
    struct pa_zone *z = &m->zones[0];
    uint64_t a, b;
    assert_int_equal(pa_zone_alloc(z, 2, PA_MT_MOVABLE, &a), PA_OK);
    m->pages[a].flags |= PA_PG_REFERENCED | PA_PG_DIRTY | PA_PG_ACTIVE;
    m->pages[a].kind = 7;
    assert_int_equal(pa_free_pages(m, a, 2), PA_OK);
    PA_ASSERT_CHECK(m);
    assert_int_equal(pa_zone_alloc(z, 2, PA_MT_MOVABLE, &b), PA_OK);
    assert_int_equal(b, a);
    assert_int_equal(m->pages[b].flags, PA_PG_ALLOC);
    assert_int_equal(m->pages[b].kind, 0);
    pa_machine_destroy(m);
}

/* The hot paths store migratetype and kind as one byte (PA_PAGE_MT_KIND):
   the bit-field layout must put mt in the low nibble. */
static void test_page_mt_kind_layout(void **state)
{
    (void)state;
    struct pa_page p = {0};
    p.mt_kind = PA_PAGE_MT_KIND(PA_MT_RECLAIMABLE, PA_KIND_SLAB);
    assert_int_equal(p.mt, PA_MT_RECLAIMABLE);
    assert_int_equal(p.kind, PA_KIND_SLAB);
    p.kind = PA_KIND_FILE;
    assert_int_equal(p.mt_kind, PA_PAGE_MT_KIND(PA_MT_RECLAIMABLE, PA_KIND_FILE));
    assert_int_equal(sizeof p, 16);
}

/* pa_pfn_to_zone answers from the machine's zone map where one zone holds a
   whole span and searches elsewhere: on zones with unaligned boundaries, a
   gap between nodes and pfns past the end, it names the zone a search of
   zones[] finds (the first whose span holds the pfn), for every pfn. */
static void test_pfn_to_zone_map(void **state)
{
    (void)state;
    const uint64_t mid = ((uint64_t)1 << 20) + 12345, top = ((uint64_t)1 << 23) + 5;
    struct pa_machine_config cfg = {0};
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA, 1, 4096);
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA32, 4096, (uint64_t)1 << 20);
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, (uint64_t)1 << 20, mid);
    pa_config_add_zone(&cfg, 1, PA_ZONE_NORMAL, mid + 1000, top);
    struct pa_machine *m = pa_test_machine(&cfg);
    int mapped = 0, searched = 0;
    for (size_t i = 0; i < sizeof m->zone_map; i++) {
        mapped += m->zone_map[i] != 0;
        searched += m->zone_map[i] == 0;
    }
    assert_true(m->zone_map_shift > 15);  /* 2^23 pages: spans of 2^16 */
    assert_true(mapped > 100 && searched >= 3); /* both ways are taken */
    uint64_t wrong = 0, none = 0;
    for (uint64_t pfn = 0; pfn < top + 100000; pfn++) {
        struct pa_zone *want = NULL;
        for (int i = 0; i < m->nr_zones && !want; i++)
            if (pfn - m->zones[i].start_pfn < m->zones[i].spanned)
                want = &m->zones[i];
        wrong += pa_pfn_to_zone(m, pfn) != want;
        none += want == NULL;
    }
    assert_int_equal(wrong, 0);
    assert_int_equal(none, 1 + 1000 + 100000); /* pfn 0, the gap, past the end */
    pa_machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_mt_kind_layout),
        cmocka_unit_test(test_split_lowest_part),
        cmocka_unit_test(test_misuse_is_named),
        cmocka_unit_test(test_no_merge_across_zones),
        cmocka_unit_test(test_holes),
        cmocka_unit_test(test_alloc_pfn),
        cmocka_unit_test(test_owner_flags_do_not_survive_free),
        cmocka_unit_test(test_pfn_to_zone_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
