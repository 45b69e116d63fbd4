/*
 * test_compaction.c - src/mm/compaction.c: the scanners and migration on a
 * fragmented zone, kernel pages never moved, the owner told of each move,
 * compaction_suitable per era, deferral, direct compaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/compaction.h"
#include "pagealloc/vmscan.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/gfp.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/events.h"
#include "pagealloc/lru.h"
#include "pagealloc/pageops.h"
#include "pagealloc/procfs.h"
#include "pagealloc/meminfo.h"
#include "pagealloc/profile.h"

#define NPAGES 8192  /* 16 pageblocks of 512 pages, 4 blocks of order 10 each way */

/* The owner of the anon pages: counts moves, may pin the first pageblock. */
struct moves {
    uint64_t n, bad;
    bool refuse_low;
};

static bool own_isolate(void *ctx, struct pa_machine *m, uint64_t pfn, uint32_t handle)
{
    struct moves *mv = ctx;
    (void)m, (void)handle;
    return !(mv->refuse_low && pfn < 512);
}

static int own_migrate(void *ctx, struct pa_machine *m, uint32_t handle, uint64_t old_pfn,
                       uint64_t new_pfn)
{
    struct moves *mv = ctx;
    (void)m;
    mv->n++;
    /* the handle is the page's first pfn: moves go up, from an even pfn */
    if (new_pfn <= old_pfn || (old_pfn & 1) || handle > NPAGES)
        mv->bad++;
    return 0;
}

static const struct pa_page_ops anon_ops = {.isolate = own_isolate, .migrate = own_migrate};
static struct moves the_moves;

/* Every page allocated, every odd pfn freed again: the even ones are anon
   pages on an LRU list (movable) or, with kernel set, kernel pages. */
static struct pa_machine *fragmented(const char *profile, bool kernel)
{
    struct pa_machine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.profile = profile ? pa_profile_by_name(profile) : NULL;
    assert_int_equal(pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, NPAGES), 0);
    struct pa_machine *m = pa_test_machine(&cfg);
    memset(&the_moves, 0, sizeof the_moves);
    assert_int_equal(pa_machine_set_page_ops(m, PA_KIND_ANON, &anon_ops, &the_moves), 0);
    assert_int_equal(pa_alloc_range(m, 0, NPAGES, PA_MT_MOVABLE), 0);
    for (uint64_t p = 1; p < NPAGES; p += 2)
        assert_int_equal(pa_free_pages(m, p, 0), 0);
    for (uint64_t p = 0; p < NPAGES; p += 2) {
        assert_int_equal(pa_page_set_owner(m, p, kernel ? PA_KIND_KERNEL : PA_KIND_ANON,
                                           (uint32_t)p),
                         0);
        if (!kernel)
            assert_int_equal(pa_lru_add(m, p, false), 0);
    }
    PA_ASSERT_CHECK(m);
    assert_int_equal(m->zones[0].free_area[0].nr_free, NPAGES / 2);
    return m;
}

/* compact_memory on a zone where every other page is a movable user page:
   the used pages go to the top half, the bottom half merges into order-10
   blocks (the scanners meet in the middle). */
static void test_compact_memory_movable(void **state)
{
    (void)state;
    struct pa_machine *m = fragmented("6.17", false);
    struct pa_zone *z = &m->zones[0];
    uint64_t moved = pa_compact_memory(m);
    PA_ASSERT_CHECK(m);
    assert_int_equal(z->free_pages, NPAGES / 2);
    assert_true(moved >= NPAGES / 4 - 512 && moved <= NPAGES / 4 + 512);
    assert_true(z->free_area[10].nr_free >= 3);
    /* the pageblock where the scanners meet keeps its holes (the second
       batch of a block takes all of its rest: finish_pageblock) */
    assert_true(z->free_area[0].nr_free < 600);
    assert_int_equal(m->compact_stats.pgmigrate_success, moved);
    assert_int_equal(the_moves.n, moved);
    assert_int_equal(the_moves.bad, 0);
    assert_true(m->compact_stats.compact_migrate_scanned > 0);
    assert_true(m->compact_stats.compact_free_scanned > 0);
    /* every used page is still an anon LRU page; none is lost */
    uint64_t used = 0;
    for (uint64_t p = 0; p < NPAGES; p++)
        if (m->pages[p].flags & PA_PG_ALLOC) {
            used++;
            assert_int_equal(m->pages[p].kind, PA_KIND_ANON);
            assert_true(m->pages[p].flags & PA_PG_LRU);
            assert_false(m->pages[p].flags & PA_PG_ISOLATED);
        }
    assert_int_equal(used, NPAGES / 2);
    /* a second run finds nothing left to do below the meeting point */
    uint64_t again = pa_compact_memory(m);
    PA_ASSERT_CHECK(m);
    assert_true(again < moved / 4);
    pa_machine_destroy(m);
}

/* The compacting CPU's list holds one old page at the snapshot, a flagless
   page at pfn 1 in the lowest order-10 block (the zone's other pages: every
   other one anon). The first freed sources push the list past high and its
   oldest pages go to the buddy lists first (V618 free_unref_page_commit ->
   free_pcppages_bulk, from the list's tail): with that page's pfn known it
   is freed there and block 0 merges to order 10, as it did in live runs
   (issue 11, q2/q4); with the pfn unknown it is only counted and the block
   stays broken. */
static void pcp_old_run(bool known, uint64_t *placed, bool *block0_free)
{
    struct pa_machine *m = fragmented("6.17", false);
    assert_int_equal(pa_alloc_pfn(m, 1, 0, PA_MT_MOVABLE), 0);
    assert_int_equal(pa_page_set_owner(m, 1, PA_KIND_RESERVED, 0), 0);
    PA_ASSERT_CHECK(m);
    static const uint64_t old[] = {1};
    struct pa_compact_control cc;
    pa_compact_control_whole_zone(&cc);
    cc.pcp_high = 64;
    cc.pcp_batch = 8;
    cc.pcp_scale_max = 5;
    cc.pcp_count = 1;
    if (known) {
        cc.pcp_old_pfn = old;
        cc.nr_pcp_old_pfn = 1;
    }
    assert_int_equal(pa_compact_zone(&m->zones[0], &cc), PA_COMPACT_COMPLETE);
    PA_ASSERT_CHECK(m);
    assert_int_equal(cc.pcp_old_freed, 1);
    *placed = cc.pcp_old_placed;
    uint64_t head = 0;
    unsigned order = 0;
    *block0_free = pa_pfn_is_free(m, 0, &head, &order) && head == 0 && order == 10;
    pa_compact_release_held(m, &cc, true);
    pa_machine_destroy(m);
}

static void test_pcp_old_pfns(void **state)
{
    (void)state;
    uint64_t placed;
    bool free0;
    pcp_old_run(true, &placed, &free0);
    assert_int_equal(placed, 1);
    assert_true(free0);
    pcp_old_run(false, &placed, &free0);
    assert_int_equal(placed, 0);
    assert_false(free0);
}

/* 6.10+ migrates a large folio whole, to a target of its order: three
   order-0 anon pages and an order-2 folio (pfns 0-2, 4-7) are isolated
   together; the top pageblock's 7 free order-0 pages are taken for them
   (isolate_freepages adds nothing while free pages are held, though an
   order-2 block waits in pageblock 14); the folio finds no order-2 target
   among the 4 left, is split (migrate_pages_batch's try_split_folio, as
   live 6.18 runs show) and its 4 pages move as small ones - unless it is a
   dirty page-cache folio. */
static enum pa_compact_result folio_run(const char *profile, bool dirty_file, uint64_t *moved)
{
    struct pa_machine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.profile = pa_profile_by_name(profile);
    assert_non_null(cfg.profile);
    assert_int_equal(pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, NPAGES), 0);
    struct pa_machine *m = pa_test_machine(&cfg);
    memset(&the_moves, 0, sizeof the_moves);
    assert_int_equal(pa_machine_set_page_ops(m, PA_KIND_ANON, &anon_ops, &the_moves), 0);
    assert_int_equal(pa_machine_set_page_ops(m, PA_KIND_FILE, &anon_ops, &the_moves), 0);
    assert_int_equal(pa_alloc_range(m, 0, NPAGES, PA_MT_MOVABLE), 0);
    for (uint64_t p = 2048; p < 4096; p++) /* blocks 4-7 free: no targets (order 10) */
        assert_int_equal(pa_free_pages(m, p, 0), 0);
    for (uint64_t p = 7168; p < 7172; p++) /* an order-2 block in pageblock 14 */
        assert_int_equal(pa_free_pages(m, p, 0), 0);
    for (uint64_t p = 7681; p < 7695; p += 2) /* 7 order-0 pages in pageblock 15 */
        assert_int_equal(pa_free_pages(m, p, 0), 0);
    for (uint64_t p = 4; p < 8; p++)
        assert_int_equal(pa_free_pages(m, p, 0), 0);
    assert_int_equal(pa_alloc_pfn(m, 4, 2, PA_MT_MOVABLE), 0);
    for (uint64_t p = 0; p < NPAGES; p++) {
        if (!(m->pages[p].flags & PA_PG_ALLOC))
            continue;
        bool anon = p < 3 || p == 4;
        enum pa_page_kind kind = p == 4 && dirty_file ? PA_KIND_FILE
                                 : anon               ? PA_KIND_ANON
                                                      : PA_KIND_KERNEL;
        assert_int_equal(pa_page_set_owner(m, p, kind, (uint32_t)p), 0);
        if (anon)
            assert_int_equal(pa_lru_add(m, p, false), 0);
    }
    if (dirty_file)
        assert_int_equal(pa_page_set_dirty(m, 4, true), 0);
    PA_ASSERT_CHECK(m);
    struct pa_compact_control cc;
    pa_compact_control_whole_zone(&cc);
    enum pa_compact_result r = pa_compact_zone(&m->zones[0], &cc);
    PA_ASSERT_CHECK(m);
    *moved = cc.migrated;
    /* the folio is where it was exactly when it did not move, and no
       order-2 target was taken: every moved page went to the top block */
    assert_int_equal(!!(m->pages[4].flags & PA_PG_ALLOC) && m->pages[4].order == 2,
                     cc.migrated < 7);
    for (uint64_t p = 7168; p < 7172; p++)
        assert_false(m->pages[p].flags & PA_PG_ALLOC);
    assert_true(m->zones[0].free_area[2].nr_free >= 1);
    pa_machine_destroy(m);
    return r;
}

static void test_large_folio_targets(void **state)
{
    (void)state;
    uint64_t moved;
    assert_int_equal(folio_run("6.17", false, &moved), PA_COMPACT_COMPLETE);
    assert_int_equal(moved, 7);
    assert_int_equal(the_moves.n, 7);
    /* a dirty page-cache folio cannot be split (its buffers cannot be
       released): -ENOMEM before the scanners met, the run ends CONTENDED */
    assert_int_equal(folio_run("6.17", true, &moved), PA_COMPACT_CONTENDED);
    assert_int_equal(moved, 3);
    /* before 6.10 the migration scanner passes every compound page: the
       folio stays, the three small pages move, the run completes */
    assert_false(pa_profile_by_name("6.8")->compaction.large_folios);
    assert_true(pa_profile_by_name("6.10")->compaction.large_folios);
    assert_int_equal(folio_run("6.8", false, &moved), PA_COMPACT_COMPLETE);
    assert_int_equal(moved, 3);
}

/* The free scanner passes a compound page whole (V618
   isolate_freepages_block), so with a stride above 1 the scan goes on from
   the page's end, not from the stride's grid: pageblock 15 is full (nothing
   isolated: the stride doubles to 2), pageblock 14 starts with an order-2
   anon folio and then alternates kernel pages (even pfns) and free pages
   (odd pfns). Past the folio the scan lands on 7173, 7175, ...: the 64
   anon pages of pageblock 0 find their targets there. Walking the grid
   (7168, 7170, ...) it would meet only used pages and no target at all. */
static void test_free_scanner_compound(void **state)
{
    (void)state;
    struct pa_machine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.profile = pa_profile_by_name("6.17");
    assert_int_equal(pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, NPAGES), 0);
    struct pa_machine *m = pa_test_machine(&cfg);
    memset(&the_moves, 0, sizeof the_moves);
    assert_int_equal(pa_machine_set_page_ops(m, PA_KIND_ANON, &anon_ops, &the_moves), 0);
    assert_int_equal(pa_alloc_range(m, 0, NPAGES, PA_MT_MOVABLE), 0);
    for (uint64_t p = 2048; p < 4096; p++) /* blocks 4-7 free: no targets (order 10) */
        assert_int_equal(pa_free_pages(m, p, 0), 0);
    for (uint64_t p = 7168; p < 7172; p++)
        assert_int_equal(pa_free_pages(m, p, 0), 0);
    assert_int_equal(pa_alloc_pfn(m, 7168, 2, PA_MT_MOVABLE), 0);
    for (uint64_t p = 7173; p < 7680; p += 2)
        assert_int_equal(pa_free_pages(m, p, 0), 0);
    for (uint64_t p = 0; p < NPAGES; p++) {
        if (!(m->pages[p].flags & PA_PG_ALLOC))
            continue;
        bool anon = p < 64 || p == 7168; /* the folio stays off the LRU */
        assert_int_equal(pa_page_set_owner(m, p, anon ? PA_KIND_ANON : PA_KIND_KERNEL,
                                           (uint32_t)p),
                         0);
        if (p < 64)
            assert_int_equal(pa_lru_add(m, p, false), 0);
    }
    PA_ASSERT_CHECK(m);
    struct pa_compact_control cc;
    pa_compact_control_whole_zone(&cc);
    assert_int_equal(pa_compact_zone(&m->zones[0], &cc), PA_COMPACT_COMPLETE);
    PA_ASSERT_CHECK(m);
    assert_int_equal(cc.migrated, 64);
    /* the targets are the first 64 odd pfns past the folio */
    for (uint64_t p = 7173; p < 7173 + 128; p += 2)
        assert_int_equal(m->pages[p].kind, PA_KIND_ANON);
    assert_false(m->pages[7173 + 128].flags & PA_PG_ALLOC);
    /* blocks 15 (512) and 14 (4 for the folio, then every other pfn) */
    assert_true(cc.free_scanned >= 512 + 4 + 64);
    pa_machine_destroy(m);
}

/* Kernel pages are never isolated: nothing changes. */
static void test_kernel_pages_stay(void **state)
{
    (void)state;
    struct pa_machine *m = fragmented("6.17", true);
    assert_int_equal(pa_compact_memory(m), 0);
    assert_int_equal(m->zones[0].free_area[0].nr_free, NPAGES / 2);
    assert_int_equal(m->compact_stats.pgmigrate_success, 0);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* A profile without compaction (vanilla 2.6.32) does nothing. */
static void test_no_compaction_era(void **state)
{
    (void)state;
    struct pa_machine *m = fragmented("2.6.32", false);
    assert_int_equal(m->profile->compaction.rule, PA_COMPACT_NONE);
    assert_int_equal(pa_compact_memory(m), 0);
    assert_int_equal(pa_try_to_compact_pages(m, 0, 9, 0, PA_MT_MOVABLE, PA_ZONE_NORMAL,
                                             PA_COMPACT_PRIO_SYNC_LIGHT, NULL),
                     PA_COMPACT_SKIPPED);
    pa_machine_destroy(m);
    assert_true(pa_profile_by_name("rhel6")->compaction.rule == PA_COMPACT_3X);
    assert_true(pa_profile_by_name("4.4")->compaction.rule == PA_COMPACT_44);
    assert_false(pa_profile_by_name("4.4")->compaction.kcompactd);
    assert_true(pa_profile_by_name("4.6")->compaction.kcompactd);
    assert_true(pa_profile_by_name("6.17")->compaction.proactive);
    assert_false(pa_profile_by_name("4.4")->compaction.proactive);
}

/* The owner is asked before isolation and told each move (upwards, from an
   even pfn); pinned pages stay. */
static void test_owner_told(void **state)
{
    (void)state;
    struct pa_machine *m = fragmented("6.17", false);
    the_moves.refuse_low = true;
    uint64_t moved = pa_compact_memory(m);
    assert_true(moved > 0);
    assert_int_equal(the_moves.n, moved);
    assert_int_equal(the_moves.bad, 0);
    for (uint64_t p = 0; p < 512; p += 2)
        assert_true(m->pages[p].flags & PA_PG_ALLOC);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* Direct compaction for order 9 stops as soon as a block is free and resets
   deferral; a zone of kernel pages fails and is deferred. */
static void test_direct(void **state)
{
    (void)state;
    struct pa_machine *m = fragmented("6.17", false);
    struct pa_zone *zo = NULL;
    int r = pa_try_to_compact_pages(m, 0, 9, PA_ALLOC_WMARK_MIN, PA_MT_MOVABLE, PA_ZONE_NORMAL,
                                    PA_COMPACT_PRIO_SYNC_LIGHT, &zo);
    assert_int_equal(r, PA_COMPACT_SUCCESS);
    assert_ptr_equal(zo, &m->zones[0]);
    assert_true(m->zones[0].free_area[9].nr_free + m->zones[0].free_area[10].nr_free >= 1);
    /* it stopped early: less moved than a whole-zone run moves */
    assert_true(m->compact_stats.pgmigrate_success < NPAGES / 4);
    assert_int_equal(m->compact_stats.compact_stall, 1);
    assert_int_equal(m->zones[0].compact.order_failed, 10);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);

    m = fragmented("6.17", true);
    r = pa_try_to_compact_pages(m, 0, 9, PA_ALLOC_WMARK_MIN, PA_MT_MOVABLE, PA_ZONE_NORMAL,
                                PA_COMPACT_PRIO_SYNC_LIGHT, NULL);
    assert_true(r == PA_COMPACT_COMPLETE || r == PA_COMPACT_PARTIAL_SKIPPED);
    assert_int_equal(m->zones[0].compact.defer_shift, 1);
    /* the next attempt is deferred */
    r = pa_try_to_compact_pages(m, 0, 9, PA_ALLOC_WMARK_MIN, PA_MT_MOVABLE, PA_ZONE_NORMAL,
                                PA_COMPACT_PRIO_SYNC_LIGHT, NULL);
    assert_int_equal(r, PA_COMPACT_DEFERRED);
    assert_int_equal(pa_try_to_compact_pages(m, 0, 11, 0, PA_MT_MOVABLE, PA_ZONE_NORMAL,
                                             PA_COMPACT_PRIO_SYNC_LIGHT, NULL),
                     PA_EINVAL);
    pa_machine_destroy(m);
}

static void state_of(struct pa_wmark_state *s, uint64_t free0, uint64_t free3)
{
    memset(s, 0, sizeof *s);
    s->max_order = 10;
    s->pageblock_order = 9;
    s->nr_free[0] = free0;
    s->nr_free[3] = free3;
    s->free_pages = (int64_t)(free0 + 8 * free3);
    s->lists_known = true;
    s->mt_mask[0] = free0 ? 1u << PA_MT_MOVABLE : 0;
    s->mt_mask[3] = free3 ? 1u << PA_MT_MOVABLE : 0;
    s->watermark[PA_WMARK_MIN] = 100;
    s->watermark[PA_WMARK_LOW] = 125;
    s->watermark[PA_WMARK_HIGH] = 150;
}

/* kernel-semantics 7.3 and 7.4 with worked numbers. */
static void test_suitable(void **state)
{
    (void)state;
    const struct pa_profile *p6 = pa_profile_by_name("6.17"), *p4 = pa_profile_by_name("4.4"),
                            *p3 = pa_profile_by_name("3.3"), *p2 = pa_profile_by_name("2.6.32");
    struct pa_wmark_state s;
    /* 1000 order-0 pages: fragindex(4) = 1000 - (1000 + 62500)/1000 = 937 > 500 */
    state_of(&s, 1000, 0);
    assert_int_equal(pa_compaction_suitable(p6, &s, 4, 2, PA_ALLOC_WMARK_LOW, false, 500),
                     PA_COMPACT_CONTINUE);
    assert_int_equal(pa_compaction_suitable(p4, &s, 4, 2, PA_ALLOC_WMARK_LOW, false, 500),
                     PA_COMPACT_CONTINUE);
    assert_int_equal(pa_compaction_suitable(p3, &s, 4, 2, 0, false, 500), PA_COMPACT_CONTINUE);
    assert_int_equal(pa_compaction_suitable(p2, &s, 4, 2, 0, false, 500), PA_COMPACT_SKIPPED);
    /* with a threshold of 950 the same index means "lack of memory" */
    assert_int_equal(pa_compaction_suitable(p6, &s, 4, 2, PA_ALLOC_WMARK_LOW, false, 950),
                     PA_COMPACT_SKIPPED);
    assert_int_equal(pa_compaction_suitable(p4, &s, 4, 2, PA_ALLOC_WMARK_LOW, false, 950),
                     PA_COMPACT_NOT_SUITABLE_ZONE);
    /* 6.x ignores the index at order 3 and below */
    assert_int_equal(pa_compaction_suitable(p6, &s, 2, 2, PA_ALLOC_WMARK_LOW, false, 1000),
                     PA_COMPACT_CONTINUE);
    assert_int_equal(pa_compaction_suitable(p4, &s, 2, 2, PA_ALLOC_WMARK_LOW, false, 1000),
                     PA_COMPACT_NOT_SUITABLE_ZONE);
    /* 125 order-3 blocks: fragindex(4) = 1000 - 63500/125 = 492 <= 500 */
    state_of(&s, 0, 125);
    assert_int_equal(pa_compaction_suitable(p6, &s, 4, 2, PA_ALLOC_WMARK_LOW, false, 500),
                     PA_COMPACT_SKIPPED);
    assert_int_equal(pa_compaction_suitable(p6, &s, 4, 2, PA_ALLOC_WMARK_LOW, false, 400),
                     PA_COMPACT_CONTINUE);
    /* an order-3 block exists: the allocation would succeed */
    assert_int_equal(pa_compaction_suitable(p6, &s, 3, 2, PA_ALLOC_WMARK_LOW, false, 500),
                     PA_COMPACT_SUCCESS);
    assert_int_equal(pa_compaction_suitable(p3, &s, 3, 2, 0, false, 500), PA_COMPACT_SUCCESS);
    /* too little free: LOW 125 + compact_gap(4) 32 = 157 > 150 */
    state_of(&s, 150, 0);
    assert_int_equal(pa_compaction_suitable(p6, &s, 4, 2, PA_ALLOC_WMARK_LOW, false, 500),
                     PA_COMPACT_SKIPPED);
    assert_int_equal(pa_compaction_suitable(p3, &s, 4, 2, 0, false, 500), PA_COMPACT_SKIPPED);
    /* 6.x at order <= 3 checks MIN + gap: 100 + 16 < 150 */
    assert_int_equal(pa_compaction_suitable(p6, &s, 3, 2, PA_ALLOC_WMARK_LOW, false, 500),
                     PA_COMPACT_CONTINUE);
    assert_int_equal(pa_compaction_suitable(NULL, &s, 3, 2, 0, false, 500), PA_COMPACT_SKIPPED);
    assert_int_equal(pa_compact_gap(9), 1024);
}

/* kernel-semantics 7.5: 1, 2, 4 ... 64 attempts skipped at orders >= failed. */
static void test_deferral(void **state)
{
    (void)state;
    struct pa_zone_compact c;
    memset(&c, 0, sizeof c);
    assert_false(pa_compaction_deferred(&c, 4));
    pa_defer_compaction(&c, 4);
    assert_int_equal(c.defer_shift, 1);
    assert_int_equal(c.order_failed, 0);
    pa_compaction_defer_reset(&c, 3, false);     /* order 3 succeeded */
    assert_int_equal(c.order_failed, 4);
    assert_false(pa_compaction_deferred(&c, 3)); /* below the failed order */
    assert_true(pa_compaction_deferred(&c, 4));  /* considered 1 < 2 */
    assert_false(pa_compaction_deferred(&c, 4)); /* considered 2 >= 2 */
    for (int i = 0; i < 10; i++)
        pa_defer_compaction(&c, 4);
    assert_int_equal(c.defer_shift, PA_COMPACT_MAX_DEFER_SHIFT);
    int skipped = 0;
    while (pa_compaction_deferred(&c, 5))
        skipped++;
    assert_int_equal(skipped, 63);
    assert_true(pa_compaction_restarting(&c, 5));
    assert_false(pa_compaction_restarting(&c, 3));
    pa_compaction_defer_reset(&c, 5, true);
    assert_int_equal(c.defer_shift, 0);
    assert_int_equal(c.order_failed, 6);
    assert_int_equal(pa_compact_prio_mode(PA_COMPACT_PRIO_ASYNC), PA_MIGRATE_ASYNC);
    assert_int_equal(pa_compact_prio_mode(PA_COMPACT_PRIO_SYNC_FULL), PA_MIGRATE_SYNC_LIGHT);
    assert_string_equal(pa_compact_result_name(PA_COMPACT_PARTIAL_SKIPPED), "partial_skipped");
}

/* V618 proactive thresholds and the node score. */
static void test_proactive(void **state)
{
    (void)state;
    unsigned lo, hi;
    pa_compact_proactive_wmarks(20, &lo, &hi);
    assert_int_equal(lo, 80);
    assert_int_equal(hi, 90);
    pa_compact_proactive_wmarks(90, &lo, &hi);
    assert_int_equal(lo, 10);
    assert_int_equal(hi, 15);
    struct pa_machine *m = fragmented("6.17", false);
    /* all free memory in order-0 blocks: extfrag_for_order(9) = 100;
       score = 8192 * 100 / 8193 = 99 */
    assert_int_equal(pa_compact_node_score(m, 0), 99);
    pa_compact_memory(m);
    assert_true(pa_compact_node_score(m, 0) < 20);
    pa_machine_destroy(m);
}

/* debugfs extfrag files and /proc/vmstat counters of a machine (7.4). All
   4096 free pages are order 0: extfrag_index(1) = 1000 - (1000 +
   4096*1000/2) / 4096 = 500, unusable_index(1) = 1000. */
static void test_printers(void **state)
{
    (void)state;
    struct pa_machine *m = fragmented("6.17", false);
    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_print_extfrag(m, true, &sb);
    assert_non_null(strstr(pa_sb_str(&sb), "Node 0, zone   Normal -1.000  0.500  0.750 "));
    pa_sb_reset(&sb);
    pa_print_extfrag(m, false, &sb);
    assert_non_null(strstr(pa_sb_str(&sb), "Node 0, zone   Normal 0.000 1.000 1.000 "));
    pa_compact_memory(m);
    pa_sb_reset(&sb);
    struct pa_mem_counters c;
    memset(&c, 0, sizeof c);
    pa_print_vmstat(m, &c, &sb);
    char want[64];
    snprintf(want, sizeof want, "pgmigrate_success %llu\n",
             (unsigned long long)m->compact_stats.pgmigrate_success);
    assert_true(m->compact_stats.pgmigrate_success > 0);
    assert_non_null(strstr(pa_sb_str(&sb), want));
    assert_non_null(strstr(pa_sb_str(&sb), "compact_daemon_wake 0\n"));
    pa_sb_free(&sb);
    pa_machine_destroy(m);
}


/* ---- compaction: events, kcompactd, proactive compaction ------------------------- */

struct evlog {
    unsigned n[PA_EV_COUNT];
    uint64_t taken_migrate, taken_free, scanned_migrate, scanned_free, migrated, failed;
    struct pa_event last[PA_EV_COUNT];
};

static void log_event(void *ctx, const struct pa_event *ev)
{
    struct evlog *l = ctx;
    assert_true(ev->type < PA_EV_COUNT);
    l->n[ev->type]++;
    l->last[ev->type] = *ev;
    if (ev->type == PA_EV_COMPACTION_ISOLATE_MIGRATEPAGES) {
        l->taken_migrate += ev->isolate.nr_taken;
        l->scanned_migrate += ev->isolate.nr_scanned;
        assert_true(ev->isolate.end_pfn >= ev->isolate.start_pfn);
    } else if (ev->type == PA_EV_COMPACTION_ISOLATE_FREEPAGES) {
        l->taken_free += ev->isolate.nr_taken;
        l->scanned_free += ev->isolate.nr_scanned;
    } else if (ev->type == PA_EV_COMPACTION_MIGRATEPAGES) {
        l->migrated += ev->migratepages.nr_migrated;
        l->failed += ev->migratepages.nr_failed;
    }
}

/* The events of a compact_memory run add up to the vmstat counters. */
static void test_events(void **state)
{
    (void)state;
    struct pa_machine *m = fragmented("6.17", false);
    struct evlog l;
    memset(&l, 0, sizeof l);
    pa_machine_set_event_cb(m, log_event, &l);
    assert_true(pa_compact_memory(m) > 0);
    assert_int_equal(l.n[PA_EV_COMPACTION_BEGIN], 1);
    assert_int_equal(l.n[PA_EV_COMPACTION_END], 1);
    const struct pa_event *b = &l.last[PA_EV_COMPACTION_BEGIN], *e = &l.last[PA_EV_COMPACTION_END];
    assert_int_equal(b->compact.origin, PA_COMPACT_BY_PROC);
    assert_int_equal(b->compact.sync, PA_MIGRATE_SYNC);
    assert_int_equal(b->compact.zone_start, 0);
    assert_int_equal(b->compact.zone_end, NPAGES);
    assert_int_equal(b->compact.migrate_pfn, 0);
    assert_int_equal(b->compact.free_pfn, NPAGES - 512);
    assert_int_equal(e->compact.status, PA_COMPACT_COMPLETE);
    assert_true(e->compact.free_pfn >> 9 <= e->compact.migrate_pfn >> 9); /* they met */
    assert_ptr_equal(e->zone, &m->zones[0]);
    const struct pa_compact_stats *c = &m->compact_stats;
    assert_int_equal(l.taken_migrate + l.taken_free, c->compact_isolated);
    assert_int_equal(l.scanned_migrate, c->compact_migrate_scanned);
    assert_int_equal(l.scanned_free, c->compact_free_scanned);
    assert_int_equal(l.migrated, c->pgmigrate_success);
    assert_int_equal(l.failed, c->pgmigrate_fail);
    assert_int_equal(l.taken_migrate, NPAGES / 4); /* the lower half's used pages */
    /* every pageblock of the lower half is migrated in at least one batch and
       at most in batches of CLUSTER_MAX (V618 compact_zone: a second batch in
       the same block takes the rest of it, finish_pageblock) */
    assert_true(l.n[PA_EV_COMPACTION_MIGRATEPAGES] >= NPAGES / 2 / 512);
    assert_true(l.n[PA_EV_COMPACTION_MIGRATEPAGES] <= NPAGES / 4 / PA_COMPACT_CLUSTER_MAX);
    assert_string_equal(pa_event_name(PA_EV_COMPACTION_BEGIN), "mm_compaction_begin");
    assert_string_equal(pa_event_name(PA_EV_KCOMPACTD_WAKE), "mm_compaction_wakeup_kcompactd");
    assert_string_equal(pa_compact_origin_name(PA_COMPACT_BY_PROACTIVE), "proactive");
    assert_string_equal(pa_compact_origin_name(PA_COMPACT_ORIGIN_COUNT), "?");
    pa_machine_destroy(m);
}

/* Direct compaction that fails defers the zone; the next attempt is skipped. */
static void test_defer_events(void **state)
{
    (void)state;
    struct pa_machine *m = fragmented("6.17", true);
    struct evlog l;
    memset(&l, 0, sizeof l);
    pa_machine_set_event_cb(m, log_event, &l);
    assert_int_not_equal(pa_try_to_compact_pages(m, 0, 9, 0, PA_MT_MOVABLE, PA_ZONE_NORMAL,
                                                 PA_COMPACT_PRIO_SYNC_LIGHT, NULL),
                         PA_COMPACT_SUCCESS);
    assert_int_equal(l.n[PA_EV_COMPACTION_DEFER], 1);
    assert_int_equal(l.last[PA_EV_COMPACTION_DEFER].defer.defer_shift, 1);
    assert_int_equal(l.last[PA_EV_COMPACTION_DEFER].defer.order_failed, 0); /* from 0, as the kernel's zone starts */
    assert_int_equal(l.last[PA_EV_COMPACTION_BEGIN].compact.origin, PA_COMPACT_BY_DIRECT);
    assert_int_equal(pa_try_to_compact_pages(m, 0, 9, 0, PA_MT_MOVABLE, PA_ZONE_NORMAL,
                                             PA_COMPACT_PRIO_SYNC_LIGHT, NULL),
                     PA_COMPACT_DEFERRED);
    assert_int_equal(l.n[PA_EV_COMPACTION_DEFERRED], 1);
    assert_int_equal(l.n[PA_EV_COMPACTION_BEGIN], 1); /* no second run */
    pa_machine_destroy(m);
}

/* kcompactd (4.6+): woken for order 9, it compacts until a block of order 9
   is free, counts compact_daemon_*, and sleeps. Before 4.6 there is none. */
static void test_kcompactd(void **state)
{
    (void)state;
    struct pa_machine *m = fragmented("6.17", false);
    struct evlog l;
    memset(&l, 0, sizeof l);
    pa_machine_set_event_cb(m, log_event, &l);
    assert_int_equal(pa_kcompactd_run(m, 0), 0); /* asleep */
    assert_false(pa_wakeup_kcompactd(m, 0, 0, PA_ZONE_NORMAL));
    assert_false(pa_wakeup_kcompactd(m, 7, 9, PA_ZONE_NORMAL)); /* no such node */
    assert_true(pa_wakeup_kcompactd(m, 0, 9, PA_ZONE_NORMAL));
    assert_true(pa_wakeup_kcompactd(m, 0, 3, PA_ZONE_NORMAL)); /* already awake */
    assert_int_equal(l.n[PA_EV_KCOMPACTD_WAKE], 1);
    assert_int_equal(l.last[PA_EV_KCOMPACTD_WAKE].order, 9);
    assert_int_equal(m->nodes[0].kcompactd.max_order, 9);
    uint64_t moved = pa_kcompactd_run(m, 0);
    assert_true(moved > 0 && moved < NPAGES / 4); /* stopped before the scanners met */
    assert_int_equal(l.last[PA_EV_COMPACTION_END].compact.status, PA_COMPACT_SUCCESS);
    assert_int_equal(l.last[PA_EV_COMPACTION_BEGIN].compact.origin, PA_COMPACT_BY_KCOMPACTD);
    assert_int_equal(l.last[PA_EV_COMPACTION_BEGIN].compact.sync, PA_MIGRATE_SYNC_LIGHT);
    assert_true(m->zones[0].free_area[9].nr_free + m->zones[0].free_area[10].nr_free > 0);
    assert_int_equal(m->compact_stats.compact_daemon_wake, 1);
    assert_true(m->compact_stats.compact_daemon_migrate_scanned > 0);
    assert_int_equal(m->compact_stats.compact_daemon_migrate_scanned,
                     m->compact_stats.compact_migrate_scanned);
    assert_false(m->nodes[0].kcompactd.awake);
    assert_int_equal(m->nodes[0].kcompactd.max_order, 0);
    assert_int_equal(pa_kcompactd_run(m, 0), 0);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);

    /* kswapd going to sleep wakes it, after clearing the skip hints that a
       direct compactor's full pass left */
    m = fragmented("6.17", false);
    m->zones[0].compact.blockskip_flush = true;
    m->pageblocks[3].flags |= PA_PB_SKIP;
    pa_kswapd_sleep_compaction(m, 0, 9, PA_ZONE_NORMAL);
    assert_false(m->pageblocks[3].flags & PA_PB_SKIP);
    assert_false(m->zones[0].compact.blockskip_flush);
    assert_true(m->nodes[0].kcompactd.awake);
    pa_machine_destroy(m);

    m = fragmented("4.5", false);
    assert_false(m->profile->compaction.kcompactd);
    assert_false(pa_wakeup_kcompactd(m, 0, 9, PA_ZONE_NORMAL));
    assert_int_equal(pa_kcompactd_run(m, 0), 0);
    pa_machine_destroy(m);
}

/* Proactive compaction (5.9+): above the high mark (90) it compacts down to
   the low mark (80); nothing to gain backs it off 64 intervals. */
static void test_proactive_run(void **state)
{
    (void)state;
    struct pa_machine *m = fragmented("6.17", false);
    assert_int_equal(m->compaction_proactiveness, 20);
    assert_int_equal(pa_compact_node_score(m, 0), 99);
    uint64_t moved;
    assert_true(pa_kcompactd_proactive(m, 0, &moved));
    assert_true(moved > 0);
    unsigned score = pa_compact_node_score(m, 0);
    assert_true(score <= 80 && score >= 70);
    assert_int_equal(pa_compact_zone_score(&m->zones[0]) <= 80, 1);
    assert_int_equal(m->nodes[0].kcompactd.proactive_defer, 0); /* it made progress */
    assert_false(pa_kcompactd_proactive(m, 0, &moved)); /* below the high mark now */
    assert_int_equal(moved, 0);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);

    /* proactiveness 0: off */
    m = fragmented("6.17", false);
    m->compaction_proactiveness = 0;
    assert_false(pa_kcompactd_proactive(m, 0, NULL));
    pa_machine_destroy(m);

    /* kernel pages: the run moves nothing, the score stays, back-off */
    m = fragmented("6.17", true);
    assert_true(pa_kcompactd_proactive(m, 0, &moved));
    assert_int_equal(moved, 0);
    assert_int_equal(m->nodes[0].kcompactd.proactive_defer, 63);
    for (int i = 0; i < 63; i++)
        assert_false(pa_kcompactd_proactive(m, 0, NULL));
    assert_true(pa_kcompactd_proactive(m, 0, NULL)); /* 32 s later, again */
    pa_machine_destroy(m);

    /* 5.8: kcompactd, no proactive compaction */
    m = fragmented("5.8", false);
    assert_int_equal(m->compaction_proactiveness, 0);
    assert_false(pa_kcompactd_proactive(m, 0, NULL));
    assert_int_equal(pa_compact_node_score(m, 0), 99);
    pa_machine_destroy(m);
}


/* 4.17+: on a hopeless (or balanced) node, a high-order request that cannot
   direct-reclaim wakes kcompactd instead of kswapd (wakeup_kswapd). */
static bool nowait_wakes_kcompactd(const char *profile)
{
    struct pa_machine *m = fragmented(profile, false);
    m->nodes[0].kswapd.failures = 16; /* MAX_RECLAIM_RETRIES fruitless runs */
    uint64_t raw;
    char err[128];
    assert_int_equal(pa_gfp_parse(m->profile, "GFP_NOWAIT", &raw, err, sizeof err), 0);
    struct pa_alloc_request rq = {raw, 9, -1, -1, PA_KIND_KERNEL, 0};
    struct pa_alloc_result res;
    assert_int_not_equal(pa_alloc_pages(m, &rq, &res), 0); /* nothing of order 9 is free */
    assert_false(m->nodes[0].kswapd.awake);
    bool awake = m->nodes[0].kcompactd.awake;
    pa_machine_destroy(m);
    return awake;
}

static void test_kcompactd_when_balanced(void **state)
{
    (void)state;
    assert_true(pa_profile_by_name("4.19")->compaction.kcompactd_when_balanced);
    assert_false(pa_profile_by_name("4.15")->compaction.kcompactd_when_balanced);
    assert_true(nowait_wakes_kcompactd("6.17"));
    assert_true(nowait_wakes_kcompactd("4.19"));
    assert_false(nowait_wakes_kcompactd("4.14"));
}


/* kswapd woken for order 9 reclaims compact_gap(9) = 1024 pages (every
   fourth page: nothing merges), drops to order 0, finds the node balanced
   and, going to sleep, wakes kcompactd for order 9 (4.8+ balance_pgdat,
   V618 kswapd_try_to_sleep); kcompactd then makes an order-9 block. */
static int reclaim_quarter(void *ctx, struct pa_machine *m, uint64_t pfn, uint32_t handle)
{
    (void)ctx, (void)m, (void)handle;
    return pfn % 4 == 0 ? PA_RECLAIM_FREED : PA_RECLAIM_KEEP;
}

static uint64_t swap_plenty(void *ctx, const struct pa_machine *m)
{
    (void)ctx, (void)m;
    return 1u << 20; /* anon pages can be swapped out */
}

static void test_kswapd_wakes_kcompactd(void **state)
{
    (void)state;
    static const struct pa_slowpath_ops sops = {.nr_swap_free = swap_plenty};
    static const struct pa_page_ops ops = {
        .isolate = own_isolate, .migrate = own_migrate, .reclaim = reclaim_quarter};
    const char *profiles[] = {"6.17", "4.8", "4.5"};
    for (int i = 0; i < 3; i++) {
        struct pa_machine *m = fragmented(profiles[i], false);
        assert_int_equal(pa_machine_set_page_ops(m, PA_KIND_ANON, &ops, &the_moves), 0);
        assert_int_equal(pa_machine_set_slowpath_ops(m, &sops, NULL), 0);
        assert_true(pa_wakeup_kswapd(m, 0, 9, PA_ZONE_NORMAL));
        uint64_t got = pa_kswapd_run(m, 0, 0, NULL);
        assert_false(m->nodes[0].kswapd.awake);
        bool kcd = m->profile->compaction.kcompactd;
        if (m->profile->slowpath.kswapd == PA_KSWAPD_NODE) {
            assert_true(got >= 1024 && got < 1024 + 64); /* compact_gap, then order 0 */
            assert_int_equal(m->nodes[0].kcompactd.awake, kcd);
        }
        assert_int_equal(m->zones[0].free_area[9].nr_free + m->zones[0].free_area[10].nr_free, 0);
        uint64_t moved = pa_kcompactd_run(m, 0);
        if (kcd) {
            assert_true(moved > 0);
            assert_true(m->zones[0].free_area[9].nr_free + m->zones[0].free_area[10].nr_free > 0);
        } else {
            assert_int_equal(moved, 0);
        }
        PA_ASSERT_CHECK(m);
        pa_machine_destroy(m);
    }
}

/* 5.0+: a fragmenting fallback boosts the watermark (boost_watermark) and
   kswapd, after reclaiming the boost, wakes kcompactd for pageblock_order
   whatever order it was woken for (V50 / V618 balance_pgdat). Here kswapd
   runs for order 0, so its own sleep would wake nobody. */
static void test_boost_wakes_kcompactd(void **state)
{
    (void)state;
    static const struct pa_slowpath_ops sops = {.nr_swap_free = swap_plenty};
    static const struct pa_page_ops ops = {
        .isolate = own_isolate, .migrate = own_migrate, .reclaim = reclaim_quarter};
    const char *profiles[] = {"5.10", "6.17", "4.19"};
    for (int i = 0; i < 3; i++) {
        struct pa_machine *m = fragmented(profiles[i], false);
        assert_int_equal(pa_machine_set_page_ops(m, PA_KIND_ANON, &ops, &the_moves), 0);
        assert_int_equal(pa_machine_set_page_ops(m, PA_KIND_FILE, &ops, &the_moves), 0);
        assert_int_equal(pa_machine_set_slowpath_ops(m, &sops, NULL), 0);
        /* boosted reclaim does not swap (sc.may_swap = !nr_boost_reclaim):
           the upper half's pages are page cache */
        for (uint64_t p = NPAGES / 2; p < NPAGES; p += 2) {
            assert_int_equal(pa_lru_del(m, p), 0);
            assert_int_equal(pa_page_set_owner(m, p, PA_KIND_FILE, (uint32_t)p), 0);
            assert_int_equal(pa_lru_add(m, p, false), 0);
        }
        struct pa_wmark_params prm = PA_WMARK_PARAMS_DEFAULT;
        assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
        bool boost = m->profile->boost;
        assert_int_equal(pa_boost_watermark(&m->zones[0]), boost);
        /* a boosted node is not balanced: kswapd wakes for order 0 */
        assert_int_equal(pa_wakeup_kswapd(m, 0, 0, PA_ZONE_NORMAL), boost);
        uint64_t got = pa_kswapd_run(m, 0, 0, NULL);
        assert_int_equal(got > 0, boost);
        assert_int_equal(m->zones[0].watermark_boost, 0);
        assert_int_equal(m->nodes[0].kcompactd.awake, boost);
        if (boost) {
            assert_int_equal(m->nodes[0].kcompactd.max_order, m->pageblock_order);
            assert_true(pa_kcompactd_run(m, 0) > 0);
            assert_true(m->zones[0].free_area[9].nr_free + m->zones[0].free_area[10].nr_free > 0);
        }
        PA_ASSERT_CHECK(m);
        pa_machine_destroy(m);
    }
    assert_false(pa_profile_by_name("4.19")->boost);
    assert_true(pa_profile_by_name("5.0")->boost);
}

/* 5.1+ fast searches (profile compaction.fast_search). Lower half: anon
   pages at even pfns, except that pageblock 5 has a free order-8 block in
   its first half; upper half: kernel pages, except a free order-8 block at
   the start of pageblock 12. A direct compaction for order 9: 4.19 scans
   linearly - the migration scanner empties block 0 (256 pages), the free
   scanner walks blocks 15, 14, 13 before it finds block 12's free block;
   5.10 takes block 5 from the order-8 free list as the source (128 pages to
   move: fast_find_migrateblock) and block 12's free block as the target
   straight from the list (fast_isolate_freepages). */
static struct pa_machine *fast_zone(const char *profile)
{
    struct pa_machine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.profile = pa_profile_by_name(profile);
    assert_non_null(cfg.profile);
    assert_int_equal(pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, NPAGES), 0);
    struct pa_machine *m = pa_test_machine(&cfg);
    memset(&the_moves, 0, sizeof the_moves);
    assert_int_equal(pa_machine_set_page_ops(m, PA_KIND_ANON, &anon_ops, &the_moves), 0);
    assert_int_equal(pa_alloc_range(m, 0, NPAGES, PA_MT_MOVABLE), 0);
    for (uint64_t p = 0; p < NPAGES; p++) {
        bool low = p < NPAGES / 2;
        bool hole5 = p >= 2560 && p < 2816, hole12 = p >= 6144 && p < 6400;
        if (hole5 || hole12 || (low && (p & 1))) {
            assert_int_equal(pa_free_pages(m, p, 0), 0);
            continue;
        }
        assert_int_equal(pa_page_set_owner(m, p, low ? PA_KIND_ANON : PA_KIND_KERNEL,
                                           (uint32_t)p),
                         0);
        if (low)
            assert_int_equal(pa_lru_add(m, p, false), 0);
    }
    PA_ASSERT_CHECK(m);
    assert_int_equal(m->zones[0].free_area[8].nr_free, 2);
    return m;
}

static uint64_t count_anon(const struct pa_machine *m)
{
    uint64_t n = 0;
    for (uint64_t p = 0; p < NPAGES; p++)
        if ((m->pages[p].flags & PA_PG_ALLOC) && m->pages[p].kind == PA_KIND_ANON) {
            assert_true(m->pages[p].flags & PA_PG_LRU);
            n++;
        }
    return n;
}

static void test_fast_search(void **state)
{
    (void)state;
    assert_false(pa_profile_by_name("4.19")->compaction.fast_search);
    assert_false(pa_profile_by_name("5.0")->compaction.fast_search);
    assert_true(pa_profile_by_name("5.1")->compaction.fast_search);
    assert_true(pa_profile_by_name("6.17")->compaction.fast_search);
    const char *profiles[] = {"4.19", "5.10"};
    uint64_t migrated[2], free_scanned[2], migrate_scanned[2];
    for (int i = 0; i < 2; i++) {
        struct pa_machine *m = fast_zone(profiles[i]);
        uint64_t anon = count_anon(m), free_before = m->zones[0].free_pages;
        struct pa_zone *zo = NULL;
        int r = pa_try_to_compact_pages(m, 0, 9, PA_ALLOC_WMARK_MIN, PA_MT_MOVABLE,
                                        PA_ZONE_NORMAL, PA_COMPACT_PRIO_SYNC_LIGHT, &zo);
        assert_int_equal(r, PA_COMPACT_SUCCESS);
        assert_ptr_equal(zo, &m->zones[0]);
        assert_true(m->zones[0].free_area[9].nr_free >= 1);
        PA_ASSERT_CHECK(m);
        /* no page lost: every anon page is still one, on its LRU list */
        assert_int_equal(count_anon(m), anon);
        assert_int_equal(m->zones[0].free_pages, free_before);
        assert_int_equal(the_moves.n, m->compact_stats.pgmigrate_success);
        assert_int_equal(the_moves.bad, 0);
        migrated[i] = m->compact_stats.pgmigrate_success;
        free_scanned[i] = m->compact_stats.compact_free_scanned;
        migrate_scanned[i] = m->compact_stats.compact_migrate_scanned;
        if (i == 0) /* block 0 was emptied */
            assert_false(m->pages[0].flags & PA_PG_ALLOC);
        else /* block 5 was emptied, block 0 untouched */
            assert_true((m->pages[0].flags & PA_PG_ALLOC) && !(m->pages[2816].flags & PA_PG_ALLOC));
        pa_machine_destroy(m);
    }
    assert_int_equal(migrated[0], 256);
    assert_int_equal(migrated[1], 128);
    /* blocks 15, 14, 13 at strides 1, 2, 4 (doubling over empty blocks),
       then block 12's free block */
    assert_int_equal(free_scanned[0], 512 + 256 + 128 + 256);
    assert_true(free_scanned[1] < 256 + 8); /* a few list entries and the block taken */
    assert_true(migrate_scanned[1] <= migrate_scanned[0] + 2);

    /* compact_memory (order -1) uses neither search: identical runs */
    uint64_t whole[2][3];
    for (int i = 0; i < 2; i++) {
        struct pa_machine *m = fast_zone(profiles[i]);
        whole[i][0] = pa_compact_memory(m);
        whole[i][1] = m->compact_stats.compact_free_scanned;
        whole[i][2] = m->compact_stats.compact_migrate_scanned;
        PA_ASSERT_CHECK(m);
        pa_machine_destroy(m);
    }
    assert_true(whole[0][0] > 0);
    assert_memory_equal(whole[0], whole[1], sizeof whole[0]);
}

/* 4.7+ should_compact_retry: a GFP_KERNEL order-2 request on a zone of
   MOVABLE pageblocks (every other page anon, reclaim freeing every fourth
   page: order-1 blocks at best). Async direct compaction for an unmovable
   request scans only UNMOVABLE pageblocks (suitable_migration_source) and
   finds nothing; once reclaim stops helping, the failed compaction raises
   the priority to SYNC_LIGHT, which scans every block and makes the block. */
static void test_compact_retry(void **state)
{
    (void)state;
    static const struct pa_slowpath_ops sops = {.nr_swap_free = swap_plenty};
    static const struct pa_page_ops ops = {
        .isolate = own_isolate, .migrate = own_migrate, .reclaim = reclaim_quarter};
    struct pa_machine *m = fragmented("6.17", false);
    assert_int_equal(pa_machine_set_page_ops(m, PA_KIND_ANON, &ops, &the_moves), 0);
    assert_int_equal(pa_machine_set_slowpath_ops(m, &sops, NULL), 0);
    struct evlog l;
    memset(&l, 0, sizeof l);
    pa_machine_set_event_cb(m, log_event, &l);
    uint64_t raw;
    char err[128];
    assert_int_equal(pa_gfp_parse(m->profile, "GFP_KERNEL", &raw, err, sizeof err), 0);
    struct pa_alloc_request rq = {raw, 2, -1, -1, PA_KIND_KERNEL, 0};
    struct pa_alloc_result res;
    assert_int_equal(pa_alloc_pages(m, &rq, &res), PA_OK);
    assert_true(res.reclaim_rounds > 0);
    assert_true(res.compactions >= 2);
    /* the last run was SYNC_LIGHT and succeeded; async ones came first */
    assert_int_equal(l.last[PA_EV_COMPACTION_BEGIN].compact.sync, PA_MIGRATE_SYNC_LIGHT);
    assert_int_equal(l.last[PA_EV_COMPACTION_END].compact.status, PA_COMPACT_SUCCESS);
    assert_true(l.n[PA_EV_COMPACTION_BEGIN] >= 2);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* 4.6+ skip_on_failure: async direct compaction for order 4 on a zone where
   every order-4 block starts with a kernel page (the rest: anon pages at
   even pfns) isolates nothing - each block is given up at its first page -
   while 4.5 isolates anon pages (async, its free scanner's stride of 32
   then finds no target among the odd free pfns); SYNC_LIGHT does not skip
   and moves pages. Returns the pages isolated (compact_isolated). */
static uint64_t sof_run(const char *profile, enum pa_compact_priority prio)
{
    struct pa_machine *m = fragmented(profile, false);
    for (uint64_t p = 0; p < NPAGES; p += 16) {
        assert_int_equal(pa_lru_del(m, p), 0);
        assert_int_equal(pa_page_set_owner(m, p, PA_KIND_KERNEL, 0), 0);
    }
    pa_try_to_compact_pages(m, 0, 4, PA_ALLOC_WMARK_MIN, PA_MT_MOVABLE, PA_ZONE_NORMAL, prio,
                            NULL);
    PA_ASSERT_CHECK(m);
    uint64_t moved = m->compact_stats.compact_isolated;
    /* nothing stays isolated, no anon page is lost */
    uint64_t anon = 0;
    for (uint64_t p = 0; p < NPAGES; p++)
        if ((m->pages[p].flags & PA_PG_ALLOC) && m->pages[p].kind == PA_KIND_ANON) {
            assert_false(m->pages[p].flags & PA_PG_ISOLATED);
            assert_true(m->pages[p].flags & PA_PG_LRU);
            anon++;
        }
    assert_int_equal(anon, NPAGES / 2 - NPAGES / 16);
    pa_machine_destroy(m);
    return moved;
}

/* compact_stall per era (profile compaction.stall): a call that finds every
   zone SKIPPED (no free page at all) counts on 3.x (V316 try_to_compact_pages
   counts before the zones) and 5.1-5.13, not on 4.4-5.0 (<= COMPACT_INACTIVE)
   nor 5.14+ (== COMPACT_SKIPPED); a call that finds the zone deferred counts
   on 5.1+ (COMPACT_DEFERRED > COMPACT_SKIPPED) but not on 3.x (the preferred
   zone's deferral is tested before the call) nor 4.4-5.0. */
static void test_stall_counting(void **state)
{
    (void)state;
    static const struct {
        const char *profile;
        uint64_t skipped, deferred;
    } eras[] = {{"3.3", 1, 1}, {"4.14", 0, 1}, {"5.10", 1, 2}, {"6.17", 0, 2}};
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
        struct pa_machine_config cfg;
        memset(&cfg, 0, sizeof cfg);
        cfg.profile = pa_profile_by_name(eras[i].profile);
        assert_non_null(cfg.profile);
        assert_int_equal(pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, NPAGES), 0);
        struct pa_machine *m = pa_test_machine(&cfg);
        assert_int_equal(pa_alloc_range(m, 0, NPAGES, PA_MT_MOVABLE), 0);
        int r = pa_try_to_compact_pages(m, 0, 9, PA_ALLOC_WMARK_MIN, PA_MT_MOVABLE,
                                        PA_ZONE_NORMAL, PA_COMPACT_PRIO_SYNC_LIGHT, NULL);
        assert_true(r <= PA_COMPACT_SKIPPED);
        assert_int_equal(m->compact_stats.compact_stall, eras[i].skipped);
        assert_int_equal(m->compact_stats.pgmigrate_success, 0);
        pa_machine_destroy(m);

        /* kernel pages only: the first run fails and defers, the second is
           deferred */
        m = fragmented(eras[i].profile, true);
        r = pa_try_to_compact_pages(m, 0, 9, PA_ALLOC_WMARK_MIN, PA_MT_MOVABLE, PA_ZONE_NORMAL,
                                    PA_COMPACT_PRIO_SYNC_LIGHT, NULL);
        assert_true(r == PA_COMPACT_COMPLETE || r == PA_COMPACT_PARTIAL_SKIPPED);
        r = pa_try_to_compact_pages(m, 0, 9, PA_ALLOC_WMARK_MIN, PA_MT_MOVABLE, PA_ZONE_NORMAL,
                                    PA_COMPACT_PRIO_SYNC_LIGHT, NULL);
        assert_int_equal(r, PA_COMPACT_DEFERRED);
        assert_int_equal(m->compact_stats.compact_stall, eras[i].deferred);
        assert_int_equal(pa_compact_tries_freelist(m->profile, r), eras[i].deferred == 2);
        pa_machine_destroy(m);
    }
}

/* The zone's cached scanner pfns (compact_cached_free_pfn,
   compact_cached_migrate_pfn[]) across two direct compactions (order 9,
   SYNC_LIGHT; the block made is taken in between) of the zone where every
   other page is anon. The first run empties block 0 with targets from block
   15 (4.19) or, after a failed fast search put the free scanner in the middle
   of the zone, from block 7 (5.10). Before 5.1 (V44 update_pageblock_skip)
   only blocks where nothing was isolated move the cache: both stay where
   they were, and the second run starts at block 15 again - it is full now,
   the stride doubles to 2, 4 ... over blocks whose free pages sit at odd
   pfns, the free scanner finds nothing and the scanners meet (the kernel's
   stride on this layout). 5.1+ (V618): the free pfn goes to the block below
   block 7, the migrate pfns to pageblock_end_pfn(512) = 1024 (block 0 was
   taken whole). The engine used to store where the first run stopped (free
   7168 on 4.19, migrate 512). */
struct begins {
    int n;
    uint64_t free_pfn[2], migrate_pfn[2];
};

static void on_begin(void *ctx, const struct pa_event *ev)
{
    struct begins *b = ctx;
    if (ev->type == PA_EV_COMPACTION_BEGIN && b->n < 2) {
        b->free_pfn[b->n] = ev->compact.free_pfn;
        b->migrate_pfn[b->n++] = ev->compact.migrate_pfn;
    }
}

static void test_cached_pfns(void **state)
{
    (void)state;
    static const struct {
        const char *profile;
        uint64_t free_pfn, migrate_pfn; /* cached after the first run */
        int second;                     /* the second run's result */
    } eras[] = {{"4.19", 7680, 0, PA_COMPACT_COMPLETE}, {"5.10", 3072, 1024, PA_COMPACT_SUCCESS}};
    assert_false(pa_profile_by_name("5.0")->compaction.cache_per_block);
    assert_true(pa_profile_by_name("5.1")->compaction.cache_per_block);
    for (int i = 0; i < 2; i++) {
        struct pa_machine *m = fragmented(eras[i].profile, false);
        struct begins b = {0};
        pa_machine_set_event_cb(m, on_begin, &b);
        struct pa_zone *zo = &m->zones[0];
        /* as after a __reset_isolation_suitable that found the zone's last
           block for the free scanner (5.1+ compact_init_free_pfn; at its
           boot value 0 every fast search is a "scan start":
           test_reset_isolation) */
        zo->compact.init_free_pfn = 7680;
        int r = pa_try_to_compact_pages(m, 0, 9, PA_ALLOC_WMARK_MIN, PA_MT_MOVABLE,
                                        PA_ZONE_NORMAL, PA_COMPACT_PRIO_SYNC_LIGHT, NULL);
        assert_int_equal(r, PA_COMPACT_SUCCESS);
        assert_int_equal(b.free_pfn[0], 7680);
        assert_int_equal(b.migrate_pfn[0], 0);
        assert_int_equal(zo->compact.cached_free_pfn, eras[i].free_pfn);
        assert_int_equal(zo->compact.cached_migrate_pfn[0], eras[i].migrate_pfn);
        assert_int_equal(zo->compact.cached_migrate_pfn[1], eras[i].migrate_pfn);
        /* the allocation takes the block the run made */
        assert_true(zo->free_area[9].nr_free >= 1);
        uint32_t head = zo->free_area[9].free_list[PA_MT_MOVABLE].head;
        assert_int_equal(pa_alloc_range(m, head, head + 512, PA_MT_MOVABLE), 0);
        r = pa_try_to_compact_pages(m, 0, 9, PA_ALLOC_WMARK_MIN, PA_MT_MOVABLE, PA_ZONE_NORMAL,
                                    PA_COMPACT_PRIO_SYNC_LIGHT, NULL);
        assert_int_equal(b.n, 2);
        assert_int_equal(b.free_pfn[1], eras[i].free_pfn);
        assert_int_equal(b.migrate_pfn[1], eras[i].migrate_pfn);
        assert_int_equal(r, eras[i].second);
        PA_ASSERT_CHECK(m);
        pa_machine_destroy(m);
    }
}

static void test_skip_on_failure(void **state)
{
    (void)state;
    assert_false(pa_profile_by_name("4.5")->compaction.skip_on_failure);
    assert_true(pa_profile_by_name("4.6")->compaction.skip_on_failure);
    assert_true(pa_profile_by_name("6.17")->compaction.skip_on_failure);
    assert_int_equal(sof_run("4.6", PA_COMPACT_PRIO_ASYNC), 0);
    assert_int_equal(sof_run("6.17", PA_COMPACT_PRIO_ASYNC), 0);
    assert_true(sof_run("4.5", PA_COMPACT_PRIO_ASYNC) > 0);
    assert_true(sof_run("6.17", PA_COMPACT_PRIO_SYNC_LIGHT) > 0);
}


static unsigned count_skip(const struct pa_machine *m)
{
    unsigned n = 0;
    for (uint64_t b = 0; b < NPAGES / 512; b++)
        n += !!(m->pageblocks[b].flags & PA_PB_SKIP);
    return n;
}

/* 5.1+ skip bits (profile compaction.skip_scanned): compact_memory ignores
   the hints, yet from 5.1 every block its free scanner scanned to the end
   gets one (update_pageblock_skip no longer tests nr_isolated nor
   ignore_skip_hint), and with kernel pages only every migration block too;
   5.0 sets none in such a run. */
static void test_skip_scanned(void **state)
{
    (void)state;
    assert_false(pa_profile_by_name("5.0")->compaction.skip_scanned);
    assert_true(pa_profile_by_name("5.1")->compaction.skip_scanned);
    for (int kernel = 0; kernel < 2; kernel++) {
        struct pa_machine *m = fragmented("5.0", kernel);
        pa_compact_memory(m);
        assert_int_equal(count_skip(m), 0);
        pa_machine_destroy(m);
        m = fragmented("5.1", kernel);
        uint64_t moved = pa_compact_memory(m);
        PA_ASSERT_CHECK(m);
        if (!kernel) {
            /* the targets came from the top blocks, each scanned whole */
            assert_true(moved > 0);
            assert_true(m->pageblocks[15].flags & PA_PB_SKIP);
            assert_false(m->pageblocks[0].flags & PA_PB_SKIP); /* pages isolated there */
        } else {
            assert_int_equal(moved, 0);
            /* nothing isolated anywhere: every block the scanners passed
               whole (all but where they met) */
            assert_true(count_skip(m) >= NPAGES / 512 - 1);
        }
        pa_machine_destroy(m);
    }
}

/* __reset_isolation_suitable per era (profile compaction.reset_search).
   Every other page anon (even pfns), the others free, and one more free
   page at 6144 (block 12's first page); every block marked skip. 5.0 clears
   every bit and puts the scanners at the zone's ends. 5.10 does nothing
   without a finished direct pass (blockskip_flush); with one it walks from
   both ends sampling every 8th page: the lower half's blocks show LRU pages
   (cleared; the migration scanner restarts at block 0), the free side's
   samples fall on the even, used pfns of blocks 15 - 13 (kept), and block
   12's sample finds the free page: the free scanner restarts at 6655 - the
   walk's pfn, not block-aligned - and compact_init_free_pfn is set there. */
static void test_reset_isolation(void **state)
{
    (void)state;
    assert_false(pa_profile_by_name("5.0")->compaction.reset_search);
    assert_true(pa_profile_by_name("5.1")->compaction.reset_search);
    for (int i = 0; i < 2; i++) {
        struct pa_machine *m = fragmented(i ? "5.10" : "5.0", false);
        assert_int_equal(pa_lru_del(m, 6144), 0);
        assert_int_equal(pa_free_pages(m, 6144, 0), 0);
        assert_int_equal(pa_lru_del(m, 6146), 0);
        assert_int_equal(pa_free_pages(m, 6146, 0), 0);
        struct pa_zone *z = &m->zones[0];
        for (uint64_t b = 0; b < NPAGES / 512; b++)
            m->pageblocks[b].flags |= PA_PB_SKIP;
        z->compact.cached_migrate_pfn[0] = z->compact.cached_migrate_pfn[1] = 2048;
        z->compact.cached_free_pfn = 5120;
        pa_reset_isolation_suitable(z);
        if (!i) {
            assert_int_equal(count_skip(m), 0);
            assert_int_equal(z->compact.cached_migrate_pfn[0], 0);
            assert_int_equal(z->compact.cached_free_pfn, 7680);
            pa_machine_destroy(m);
            continue;
        }
        assert_int_equal(count_skip(m), NPAGES / 512); /* no finished pass */
        assert_int_equal(z->compact.cached_free_pfn, 5120);
        z->compact.blockskip_flush = true;
        pa_reset_isolation_suitable(z);
        assert_false(z->compact.blockskip_flush);
        for (uint64_t b = 0; b < NPAGES / 512; b++)
            assert_int_equal(!!(m->pageblocks[b].flags & PA_PB_SKIP), b >= 13);
        assert_int_equal(z->compact.cached_migrate_pfn[0], 0);
        assert_int_equal(z->compact.cached_migrate_pfn[1], 0);
        assert_int_equal(z->compact.init_migrate_pfn, 0);
        assert_int_equal(z->compact.cached_free_pfn, 6655);
        assert_int_equal(z->compact.init_free_pfn, 6655);
        pa_machine_destroy(m);
    }
}

/* 5.1+ whole_zone: a run from the cached migrate pfn is a whole-zone one if
   it starts at or below compact_init_migrate_pfn, which is 0 at boot. On a
   zone at pfns 8192 - 16383 full of kernel pages (nothing can move), a
   SYNC_LIGHT order-9 compaction ends COMPLETE on 5.0 (it started at the
   zone's start) and PARTIAL_SKIPPED on 5.10 until a reset sets the pfn. */
static void test_whole_zone_init(void **state)
{
    (void)state;
    int res[2];
    for (int i = 0; i < 2; i++) {
        struct pa_machine_config cfg;
        memset(&cfg, 0, sizeof cfg);
        cfg.profile = pa_profile_by_name(i ? "5.10" : "5.0");
        assert_int_equal(pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, NPAGES, 2 * NPAGES), 0);
        struct pa_machine *m = pa_test_machine(&cfg);
        assert_int_equal(pa_alloc_range(m, NPAGES, 2 * NPAGES, PA_MT_MOVABLE), 0);
        for (uint64_t p = NPAGES + 1; p < 2 * NPAGES; p += 2)
            assert_int_equal(pa_free_pages(m, p, 0), 0);
        struct pa_compact_control cc = {
            .order = 9,
            .mode = PA_MIGRATE_SYNC_LIGHT,
            .migratetype = PA_MT_MOVABLE,
            .alloc_flags = PA_ALLOC_WMARK_MIN,
            .classzone_idx = PA_ZONE_NORMAL,
            .direct_compaction = true,
            .unevictable_allowed = true,
        };
        res[i] = pa_compact_zone(&m->zones[0], &cc);
        assert_int_equal(cc.migrated, 0);
        if (i) {
            /* a reset that finds block 0 for the migration scanner */
            struct pa_zone *z = &m->zones[0];
            z->compact.blockskip_flush = true;
            assert_int_equal(pa_page_set_owner(m, NPAGES, PA_KIND_ANON, 1), 0);
            /* and a free page the free side's sample sees (block 15's first
               page; with none the reset leaves "no distance" between the
               scanners, both in the middle) */
            assert_int_equal(pa_free_pages(m, 2 * NPAGES - 512, 0), 0);
            assert_int_equal(pa_lru_add(m, NPAGES, false), 0);
            pa_reset_isolation_suitable(z);
            assert_int_equal(z->compact.init_migrate_pfn, NPAGES);
            assert_int_equal(z->compact.init_free_pfn, 2 * NPAGES - 1);
            struct pa_compact_control cc2 = cc;
            assert_int_equal(pa_compact_zone(z, &cc2), PA_COMPACT_COMPLETE);
        }
        PA_ASSERT_CHECK(m);
        pa_machine_destroy(m);
    }
    assert_int_equal(res[0], PA_COMPACT_COMPLETE);
    assert_int_equal(res[1], PA_COMPACT_PARTIAL_SKIPPED);
}

/* kswapd's own compaction before kcompactd (slowpath.kswapd_compact).
   Woken for order 9 on a zone with half its pages free in order-0 pieces
   between anon pages: compaction_suitable says CONTINUE, so 3.4 - 4.5
   balance it for order 0 only (testorder) - it is - and reclaim nothing.
   3.4 - 3.10 then compact the node at the end of balance_pgdat (no zone
   passes LOW at order 9), async; 3.11 - 4.5 compact only
   after a pass that reclaimed more than it aimed at, so not here; 3.0
   (2.6.39 - 3.3: d527caf22e48) and 4.6 (kcompactd) never. */
static void test_kswapd_compact_pgdat(void **state)
{
    (void)state;
    static const struct {
        const char *v;
        bool compacts;
    } t[] = {{"3.0", false}, {"3.4", true}, {"3.16", false}, {"4.6", false}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct pa_machine *m = fragmented(pa_profile_for_version(t[i].v, NULL, 0)->name, false);
        assert_true(pa_wakeup_kswapd(m, 0, 9, PA_ZONE_NORMAL));
        uint64_t got = pa_kswapd_run(m, 0, 0, NULL);
        assert_int_equal(got, 0);
        assert_false(m->nodes[0].kswapd.awake);
        const struct pa_compact_stats *cs = &m->compact_stats;
        if (t[i].compacts) {
            /* an async run: it isolates a batch, but its free scanner's
               stride of 32 from even block starts never lands on the odd
               free pfns, so it finds no target and the run ends there
               (-ENOMEM): nothing moves, as a real async run would not */
            assert_true(cs->compact_migrate_scanned > 0);
            assert_true(cs->compact_free_scanned > 0);
            assert_int_equal(cs->pgmigrate_success + the_moves.bad, 0);
        } else {
            assert_int_equal(cs->compact_migrate_scanned + cs->compact_free_scanned, 0);
        }
        PA_ASSERT_CHECK(m);
        pa_machine_destroy(m);
    }
}

/* Async compaction's source blocks per era (compaction.async_movable_only):
   an async direct compaction for an unmovable order-4 request on a zone of
   MOVABLE blocks holding anon pages. 3.3 - 4.11 (V316 / V44
   migrate_async_suitable) scan MOVABLE blocks whatever the request and
   isolate pages; 4.12+ (V618 suitable_migration_source) scan only
   UNMOVABLE blocks for it: none here. SYNC_LIGHT scans every block in all
   eras. */
static void test_async_source_blocks(void **state)
{
    (void)state;
    static const struct {
        const char *profile;
        bool movable_only;
    } t[] = {{"3.3", true}, {"4.4", true}, {"4.10", true}, {"4.12", false}, {"6.17", false}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        assert_int_equal(pa_profile_by_name(t[i].profile)->compaction.async_movable_only,
                         t[i].movable_only);
        for (int sync = 0; sync < 2; sync++) {
            struct pa_machine *m = fragmented(t[i].profile, false);
            struct pa_compact_control cc = {
                .order = 4,
                .mode = sync ? PA_MIGRATE_SYNC_LIGHT : PA_MIGRATE_ASYNC,
                .migratetype = PA_MT_UNMOVABLE,
                .alloc_flags = PA_ALLOC_WMARK_MIN,
                .classzone_idx = PA_ZONE_NORMAL,
                .direct_compaction = true,
                .unevictable_allowed = true,
            };
            pa_compact_zone(&m->zones[0], &cc);
            if (sync || t[i].movable_only)
                assert_true(cc.isolated_migrate > 0);
            else
                assert_int_equal(cc.isolated_migrate, 0);
            PA_ASSERT_CHECK(m);
            pa_machine_destroy(m);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compact_memory_movable),
        cmocka_unit_test(test_kernel_pages_stay),
        cmocka_unit_test(test_large_folio_targets),
        cmocka_unit_test(test_pcp_old_pfns),
        cmocka_unit_test(test_free_scanner_compound),
        cmocka_unit_test(test_no_compaction_era),
        cmocka_unit_test(test_owner_told),
        cmocka_unit_test(test_direct),
        cmocka_unit_test(test_suitable),
        cmocka_unit_test(test_deferral),
        cmocka_unit_test(test_proactive),
        cmocka_unit_test(test_printers),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_defer_events),
        cmocka_unit_test(test_kcompactd),
        cmocka_unit_test(test_proactive_run),
        cmocka_unit_test(test_kcompactd_when_balanced),
        cmocka_unit_test(test_kswapd_wakes_kcompactd),
        cmocka_unit_test(test_boost_wakes_kcompactd),
        cmocka_unit_test(test_fast_search),
        cmocka_unit_test(test_compact_retry),
        cmocka_unit_test(test_skip_on_failure),
        cmocka_unit_test(test_stall_counting),
        cmocka_unit_test(test_cached_pfns),
        cmocka_unit_test(test_skip_scanned),
        cmocka_unit_test(test_reset_isolation),
        cmocka_unit_test(test_whole_zone_init),
        cmocka_unit_test(test_kswapd_compact_pgdat),
        cmocka_unit_test(test_async_source_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
