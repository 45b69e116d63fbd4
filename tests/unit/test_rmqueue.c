/*
 * test_rmqueue.c - migratetype fallback and stealing per era (src/mm/rmqueue.c,
 * kernel-semantics 5.4): which block is taken, which pageblocks are retyped,
 * and which list each piece of the split lands on.
 *
 * Machines: one Normal zone of 4096 pages (8 pageblocks of 512, max order 10),
 * boot memory queued at list tails so that the lowest block is at the head.
 * Expected values are worked out by hand from the rules in 5.4.
 */
#include <string.h>

#include "helpers.h"
#include "pagealloc/lru.h"
#include "pagealloc/pageops.h"
#include "pagealloc/page_alloc.h"

static struct pa_profile prof;

static struct pa_machine *machine_for_hygiene(enum pa_fallback_rule rule, bool hygiene)
{
    prof = pa_profile_default;
    prof.split_to_block_type = hygiene;
    prof.fallback = rule;
    prof.boot_free_to_tail = true;
    prof.has_reserve = rule <= PA_FALLBACK_3X;
    prof.has_highatomic = rule >= PA_FALLBACK_44;
    prof.boost = false;
    struct pa_machine_config cfg = {0};
    cfg.profile = &prof;
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, 4096);
    struct pa_machine *m = pa_test_machine(&cfg);
    assert_false(m->mobility_disabled);
    return m;
}

/* The rules as they were before 6.10's freelist type hygiene. */
static struct pa_machine *machine_for(enum pa_fallback_rule rule)
{
    return machine_for_hygiene(rule, false);
}

/* Make pageblock 0 (pfns 0-511) the zone's only source of free pages, with
   `nfree` free order-0 pages: take pfns 512 and up, allocate block 0 page by
   page as MOVABLE (marking every `lru_every`-th page LRU, 0 = none), then free
   every even page below 2*nfree (so that no two free pages are buddies). */
static void fragment_block0(struct pa_machine *m, unsigned nfree, unsigned lru_every)
{
    assert_int_equal(pa_alloc_range(m, 512, m->zones[0].start_pfn + m->zones[0].spanned,
                                    PA_MT_MOVABLE),
                     PA_OK);
    for (uint64_t p = 0; p < 512; p++) {
        assert_int_equal(pa_alloc_pfn(m, p, 0, PA_MT_MOVABLE), PA_OK);
        if (lru_every && p % lru_every == 0) {
            assert_int_equal(pa_page_set_owner(m, p, PA_KIND_ANON, 0), PA_OK);
            assert_int_equal(pa_lru_add(m, p, false), PA_OK);
        }
    }
    for (uint64_t p = 0; p < 2 * nfree; p += 2)
        assert_int_equal(pa_free_pages(m, p, 0), PA_OK);
}

/* Retype block 0 UNMOVABLE and free pfns 400-403 into it: one Unmovable
   order-2 block (its buddy 404 stays allocated). */
static void unmovable_order2_at_400(struct pa_machine *m)
{
    pa_set_pageblock_migratetype(m, 0, PA_MT_UNMOVABLE);
    for (uint64_t p = 400; p < 404; p++)
        assert_int_equal(pa_free_pages(m, p, 0), PA_OK);
}

/* 4.4: an UNMOVABLE order-0 request on an all-MOVABLE zone takes the largest
   block (order 10 at pfn 0), retypes both of its pageblocks, and the split
   remainders (512, 256, ..., 1) go to the Unmovable lists. */
static void test_44_largest_first(void **state)
{
    (void)state;
    struct pa_machine *m = machine_for(PA_FALLBACK_44);
    struct pa_zone *z = &m->zones[0];
    uint64_t pfn;
    assert_int_equal(pa_rmqueue(z, 0, PA_MT_UNMOVABLE, 0, &pfn), PA_OK);
    assert_int_equal(pfn, 0);
    assert_int_equal(z->nr_pageblocks[PA_MT_UNMOVABLE], 2);
    assert_int_equal(z->nr_pageblocks[PA_MT_MOVABLE], 6);
    for (unsigned o = 0; o < 10; o++) {
        assert_int_equal(z->free_area[o].free_list[PA_MT_UNMOVABLE].count, 1);
        assert_int_equal(z->free_area[o].free_list[PA_MT_UNMOVABLE].head, 1u << o);
    }
    assert_int_equal(z->free_area[10].free_list[PA_MT_MOVABLE].count, 3);
    /* the next unmovable request is served from its own list, no fallback */
    assert_int_equal(pa_rmqueue(z, 0, PA_MT_UNMOVABLE, 0, &pfn), PA_OK);
    assert_int_equal(pfn, 1);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* A RECLAIMABLE order-0 request whose only source is a MOVABLE pageblock
   with 102 free pages (< 256): 100 order-0 pages and one order-1 block. The
   order-1 block is taken (largest first); all free pages of the block move to
   the Reclaimable lists but the block keeps its type. Where the split
   remainder (pfn 301) goes is what changed: 2.6.32 puts it on the requester's
   list because pages were moved; 3.10 always; 3.16 (try_to_steal_freepages)
   leaves it on the fallback type unless the block was claimed. */
static void check_old_remainder(enum pa_fallback_rule rule, enum pa_migratetype want)
{
    struct pa_machine *m = machine_for(rule);
    struct pa_zone *z = &m->zones[0];
    /* take everything above pageblock 0 so that block 0 is the only source */
    fragment_block0(m, 100, 0);
    /* one order-1 block: free pages 300 and 301 */
    assert_int_equal(pa_free_pages(m, 300, 0), PA_OK);
    assert_int_equal(pa_free_pages(m, 301, 0), PA_OK);
    assert_int_equal(z->free_area[1].nr_free, 1);
    uint64_t pfn;
    /* largest first: the order-1 block at 300 is taken */
    assert_int_equal(pa_rmqueue(z, 0, PA_MT_RECLAIMABLE, 0, &pfn), PA_OK);
    assert_int_equal(pfn, 300);
    assert_int_equal(pa_pageblock_migratetype(m, 0), PA_MT_MOVABLE);
    /* the 100 order-0 pages moved to Reclaimable in both eras */
    assert_int_equal(z->free_area[0].free_list[PA_MT_RECLAIMABLE].count,
                     want == PA_MT_RECLAIMABLE ? 101 : 100);
    /* the remainder, pfn 301, is on `want`'s order-0 list */
    assert_int_equal(m->pages[301].mt, want);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

static void test_2632_remainder_follows_moved_pages(void **state)
{
    (void)state;
    check_old_remainder(PA_FALLBACK_2632, PA_MT_RECLAIMABLE);
}

static void test_3x_remainder_stays_unless_claimed(void **state)
{
    (void)state;
    check_old_remainder(PA_FALLBACK_3X, PA_MT_MOVABLE);
}

static void test_310_remainder_always_to_requester(void **state)
{
    (void)state;
    check_old_remainder(PA_FALLBACK_310, PA_MT_RECLAIMABLE);
}

/* An UNMOVABLE order-0 request on a MOVABLE block with 200 free pages and
   312 non-LRU used pages: 4.4 counts only free pages (200 < 256, no claim);
   4.13+ counts the 312 non-movable pages as alike (200 + 312 >= 256: claim). */
static void check_claim(enum pa_fallback_rule rule, bool claimed)
{
    struct pa_machine *m = machine_for(rule);
    struct pa_zone *z = &m->zones[0];
    fragment_block0(m, 200, 0);
    uint64_t pfn;
    assert_int_equal(pa_rmqueue(z, 0, PA_MT_UNMOVABLE, 0, &pfn), PA_OK);
    assert_int_equal(pa_pageblock_migratetype(m, 0),
                     claimed ? PA_MT_UNMOVABLE : PA_MT_MOVABLE);
    assert_int_equal(z->free_area[0].free_list[PA_MT_UNMOVABLE].count, 199);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

static void test_44_counts_only_free(void **state)
{
    (void)state;
    check_claim(PA_FALLBACK_44, false);
}

static void test_413_counts_alike(void **state)
{
    (void)state;
    check_claim(PA_FALLBACK_413, true);
}

/* The same block with every used page LRU (movable): alike = 512 - (200 +
   312) = 0 for an unmovable requester, so 4.13+ does not claim either. */
static void test_413_lru_pages_are_not_alike(void **state)
{
    (void)state;
    struct pa_machine *m = machine_for(PA_FALLBACK_413);
    struct pa_zone *z = &m->zones[0];
    fragment_block0(m, 200, 1);
    uint64_t pfn;
    assert_int_equal(pa_rmqueue(z, 0, PA_MT_UNMOVABLE, 0, &pfn), PA_OK);
    assert_int_equal(pa_pageblock_migratetype(m, 0), PA_MT_MOVABLE);
    /* the free pages moved all the same (before 6.10) */
    assert_int_equal(z->free_area[0].free_list[PA_MT_UNMOVABLE].count, 199);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* A MOVABLE order-0 request when only an UNMOVABLE pageblock has free pages,
   in order-0 blocks and one order-2 block: movable requests of small order
   may not claim. 4.13: largest is order 2 > 0 and cannot claim, so the
   SMALLEST fallback block (order 0, lowest on the list) is moved to the
   Movable list and taken. 6.15: the claim pass stops at once; the steal pass
   takes the smallest block in place. Either way an order-0 page. */
static void check_movable_small(enum pa_fallback_rule rule)
{
    struct pa_machine *m = machine_for(rule);
    struct pa_zone *z = &m->zones[0];
    fragment_block0(m, 50, 0);
    unmovable_order2_at_400(m);
    pa_move_freepages_block(m, 0, PA_MT_UNMOVABLE);
    assert_int_equal(z->free_area[2].free_list[PA_MT_UNMOVABLE].count, 1);
    uint64_t pfn;
    assert_int_equal(pa_rmqueue(z, 0, PA_MT_MOVABLE, 0, &pfn), PA_OK);
    assert_int_equal(m->pages[pfn].order, 0);
    assert_true(pfn < 100 && pfn % 2 == 0);
    assert_int_equal(z->free_area[2].free_list[PA_MT_UNMOVABLE].count, 1);
    assert_int_equal(pa_pageblock_migratetype(m, 0), PA_MT_UNMOVABLE);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

static void test_413_movable_takes_smallest(void **state)
{
    (void)state;
    check_movable_small(PA_FALLBACK_413);
}

static void test_615_movable_steals_in_place(void **state)
{
    (void)state;
    check_movable_small(PA_FALLBACK_615);
}

/* 6.15 steal keeps the split remainder on the fallback type: a MOVABLE
   order-0 request served from an Unmovable order-2 block leaves its order-0
   and order-1 remainders on the Unmovable lists (4.13: on the Movable lists). */
static void check_steal_remainder_h(enum pa_fallback_rule rule, bool hygiene,
                                    enum pa_migratetype want)
{
    struct pa_machine *m = machine_for_hygiene(rule, hygiene);
    struct pa_zone *z = &m->zones[0];
    fragment_block0(m, 0, 0);
    unmovable_order2_at_400(m);
    uint64_t pfn;
    assert_int_equal(pa_rmqueue(z, 0, PA_MT_MOVABLE, 0, &pfn), PA_OK);
    assert_int_equal(pfn, 400);
    assert_int_equal(m->pages[401].mt, want);
    assert_int_equal(m->pages[402].mt, want);
    assert_int_equal(m->pages[402].order, 1);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

static void check_steal_remainder(enum pa_fallback_rule rule, enum pa_migratetype want)
{
    check_steal_remainder_h(rule, false, want);
}

/* 6.10-6.14 (4.13 rules with freelist type hygiene): the remainder stays on
   the block's type, as in 6.15. */
static void test_610_steal_remainder_stays(void **state)
{
    (void)state;
    check_steal_remainder_h(PA_FALLBACK_413, true, PA_MT_UNMOVABLE);
}

/* 6.10+: merging two order-9 blocks of different mergeable pageblock types
   retypes the buddy's pageblock to the freed block's type (V618
   __free_one_page); before, the buddy's pageblock kept its type. */
static void check_merge_retype(bool hygiene)
{
    prof = pa_profile_default;
    prof.split_to_block_type = hygiene;
    struct pa_machine_config cfg = {0};
    cfg.profile = &prof;
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, 4096);
    struct pa_machine *m = pa_test_machine(&cfg);
    struct pa_zone *z = &m->zones[0];
    assert_int_equal(pa_alloc_pfn(m, 0, 9, PA_MT_MOVABLE), PA_OK);
    assert_int_equal(pa_alloc_pfn(m, 512, 9, PA_MT_UNMOVABLE), PA_OK);
    pa_set_pageblock_migratetype(m, 512, PA_MT_UNMOVABLE);
    assert_int_equal(pa_free_pages(m, 512, 9), PA_OK);
    assert_int_equal(z->free_area[9].free_list[PA_MT_UNMOVABLE].count, 1);
    assert_int_equal(pa_free_pages(m, 0, 9), PA_OK);
    assert_int_equal(z->free_area[10].free_list[PA_MT_MOVABLE].count, 4);
    assert_int_equal(pa_pageblock_migratetype(m, 512),
                     hygiene ? PA_MT_MOVABLE : PA_MT_UNMOVABLE);
    assert_int_equal(z->nr_pageblocks[PA_MT_UNMOVABLE], hygiene ? 0 : 1);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

static void test_610_merge_retypes_buddy(void **state)
{
    (void)state;
    check_merge_retype(true);
}

static void test_merge_keeps_buddy_type_before_610(void **state)
{
    (void)state;
    check_merge_retype(false);
}

/* 6.10+: an unclaimed block keeps its free pages on its own lists. The block
   of test_413_lru_pages_are_not_alike (200 free, 312 LRU) is not claimed by
   an UNMOVABLE request; 4.13-6.9 still moved its 200 free pages to the
   Unmovable lists, 6.10 splits the first free block in place. */
static void test_610_no_move_without_claim(void **state)
{
    (void)state;
    struct pa_machine *m = machine_for_hygiene(PA_FALLBACK_413, true);
    struct pa_zone *z = &m->zones[0];
    fragment_block0(m, 200, 1);
    uint64_t pfn;
    assert_int_equal(pa_rmqueue(z, 0, PA_MT_UNMOVABLE, 0, &pfn), PA_OK);
    assert_int_equal(pa_pageblock_migratetype(m, 0), PA_MT_MOVABLE);
    assert_int_equal(z->free_area[0].free_list[PA_MT_UNMOVABLE].count, 0);
    assert_int_equal(z->free_area[0].free_list[PA_MT_MOVABLE].count, 199);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

static void test_615_steal_remainder_stays(void **state)
{
    (void)state;
    check_steal_remainder(PA_FALLBACK_615, PA_MT_UNMOVABLE);
}

static void test_413_steal_remainder_moves(void **state)
{
    (void)state;
    check_steal_remainder(PA_FALLBACK_413, PA_MT_MOVABLE);
}

/* ALLOC_NOFRAGMENT (5.0+): only blocks >= pageblock_order may be used by a
   fallback, so the small Unmovable block above cannot serve an order-0
   MOVABLE request under it; without the flag it can. */
static void test_nofragment(void **state)
{
    (void)state;
    struct pa_machine *m = machine_for(PA_FALLBACK_615);
    struct pa_zone *z = &m->zones[0];
    fragment_block0(m, 0, 0);
    unmovable_order2_at_400(m);
    uint64_t pfn;
    assert_int_equal(pa_rmqueue(z, 0, PA_MT_MOVABLE, PA_ALLOC_NOFRAGMENT, &pfn), PA_ENOMEM);
    PA_ASSERT_CHECK(m);
    assert_int_equal(pa_rmqueue(z, 0, PA_MT_MOVABLE, 0, &pfn), PA_OK);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* <= 4.3: MIGRATE_RESERVE pageblocks serve a request only when its own type
   and every fallback are empty. */
static void test_reserve_last_resort(void **state)
{
    (void)state;
    struct pa_machine *m = machine_for(PA_FALLBACK_3X);
    struct pa_zone *z = &m->zones[0];
    pa_set_pageblock_migratetype(m, 0, PA_MT_RESERVE);
    pa_set_pageblock_migratetype(m, 512, PA_MT_RESERVE);
    pa_move_freepages_block(m, 0, PA_MT_RESERVE);
    assert_int_equal(z->free_area[10].free_list[PA_MT_RESERVE].count, 1);
    uint64_t pfn;
    /* the three other order-10 Movable blocks go first (largest first, and
       each claim retypes two pageblocks) */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(pa_rmqueue(z, 10, PA_MT_UNMOVABLE, 0, &pfn), PA_OK);
        assert_int_not_equal(pfn, 0);
    }
    assert_int_equal(pa_rmqueue(z, 10, PA_MT_UNMOVABLE, 0, &pfn), PA_OK);
    assert_int_equal(pfn, 0);
    assert_int_equal(pa_rmqueue(z, 0, PA_MT_UNMOVABLE, 0, &pfn), PA_ENOMEM);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* move_freepages_block does not touch a pageblock that runs past the zone's
   end (V310/V419): on a zone ending at pfn 4396, an UNMOVABLE request that
   falls back into the last, partial pageblock moves none of its other free
   blocks and never claims it. */
static void test_partial_last_pageblock(void **state)
{
    (void)state;
    prof = pa_profile_default;
    prof.fallback = PA_FALLBACK_44;
    prof.boot_free_to_tail = true;
    struct pa_machine_config cfg = {0};
    cfg.profile = &prof;
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, 4396);
    struct pa_machine *m = pa_test_machine(&cfg);
    struct pa_zone *z = &m->zones[0];
    assert_int_equal(pa_alloc_range(m, 0, 4096, PA_MT_MOVABLE), PA_OK);
    /* free blocks left: 4096 (order 8), 4352 (5), 4384 (3), 4392 (2) */
    assert_int_equal(z->free_pages, 300);
    uint64_t pfn;
    assert_int_equal(pa_rmqueue(z, 0, PA_MT_UNMOVABLE, 0, &pfn), PA_OK);
    assert_int_equal(pfn, 4096);
    assert_int_equal(pa_pageblock_migratetype(m, 4096), PA_MT_MOVABLE);
    assert_int_equal(m->pages[4384].mt, PA_MT_MOVABLE);
    assert_int_equal(m->pages[4352].mt, PA_MT_MOVABLE);
    assert_int_equal(m->pages[4097].mt, PA_MT_UNMOVABLE); /* 4.4: remainder to the requester */
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_44_largest_first),
        cmocka_unit_test(test_2632_remainder_follows_moved_pages),
        cmocka_unit_test(test_3x_remainder_stays_unless_claimed),
        cmocka_unit_test(test_310_remainder_always_to_requester),
        cmocka_unit_test(test_44_counts_only_free),
        cmocka_unit_test(test_413_counts_alike),
        cmocka_unit_test(test_413_lru_pages_are_not_alike),
        cmocka_unit_test(test_413_movable_takes_smallest),
        cmocka_unit_test(test_615_movable_steals_in_place),
        cmocka_unit_test(test_615_steal_remainder_stays),
        cmocka_unit_test(test_413_steal_remainder_moves),
        cmocka_unit_test(test_610_steal_remainder_stays),
        cmocka_unit_test(test_610_no_move_without_claim),
        cmocka_unit_test(test_610_merge_retypes_buddy),
        cmocka_unit_test(test_merge_keeps_buddy_type_before_610),
        cmocka_unit_test(test_nofragment),
        cmocka_unit_test(test_reserve_last_resort),
        cmocka_unit_test(test_partial_last_pageblock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
