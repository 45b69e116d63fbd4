/*
 * test_wmark_setup.c - min_free_kbytes, per-zone marks, lowmem_reserve,
 * MIGRATE_RESERVE blocks, highatomic limit and boost (src/mm/wmark_setup.c).
 * Expected numbers: the kernel comment table of 2.1, the worked examples of
 * 2.1/2.2, and the zones of seed 002 (3.16, chrome report on slide 7 of
 * /work/shared/seeds/002_57b4c81f4493d310.txt), computed by hand below.
 */
#include <string.h>

#include "helpers.h"
#include "pagealloc/profile.h"
#include "pagealloc/watermark.h"

static const struct pa_profile *prof(const char *v)
{
    const struct pa_profile *p = pa_profile_for_version(v, NULL, 0);
    assert_non_null(p);
    return p;
}

/* The table in the kernel's comment above init_per_zone_wmark_min (2.1).
   8 GB: int_sqrt(8388608 * 16) = 11585 (11585^2 = 134212225 <= 134217728 <
   11586^2); the comment says 11584 (docs/kernel-notes.md). */
static void test_min_free_kbytes_table(void **state)
{
    (void)state;
    static const uint64_t mb[] = {16, 64, 256, 1024, 4096, 8192, 16384};
    static const uint64_t kb[] = {512, 1024, 2048, 4096, 8192, 11585, 16384};
    for (int i = 0; i < 7; i++)
        assert_int_equal(pa_min_free_kbytes_default(prof("3.16"), mb[i] * 1024), kb[i]);
    /* clamps: [128, 65536] up to 5.6, [128, 262144] from 5.7 */
    assert_int_equal(pa_min_free_kbytes_default(prof("2.6.32"), 512), 128);
    assert_int_equal(pa_min_free_kbytes_default(prof("4.19"), 1ull << 30), 65536); /* 1 TB */
    assert_int_equal(pa_min_free_kbytes_default(prof("5.15"), 1ull << 30), 131072);
    assert_int_equal(pa_min_free_kbytes_default(prof("5.15"), 1ull << 34), 262144);
    assert_int_equal(pa_min_free_kbytes_default(prof("5.4"), 1ull << 34), 65536);
}

/* 2.1: 11 pageblocks per zone: 3 zones -> 67584 kB, 4 zones -> 90112 kB,
   at most lowmem/20. */
static void test_thp_recommended(void **state)
{
    (void)state;
    assert_int_equal(pa_thp_recommended_min_free_kbytes(3, 9, 10000000), 67584);
    assert_int_equal(pa_thp_recommended_min_free_kbytes(4, 9, 10000000), 90112);
    assert_int_equal(pa_thp_recommended_min_free_kbytes(3, 9, 200000), 200000 / 20 * 4);
}

static struct pa_machine *machine(const char *version, const uint64_t *pages,
                                  const enum pa_zone_type *types, int n)
{
    struct pa_machine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.profile = prof(version);
    uint64_t pfn = 0;
    for (int i = 0; i < n; i++) {
        pa_config_add_zone(&cfg, 0, types[i], pfn, pfn + pages[i]);
        pfn += pages[i];
    }
    return pa_test_machine(&cfg);
}

/* 2.2 sanity rule of era A: min 7076 kB = 1769 pages -> low 2211, high 2653
   (one lowmem zone takes all of pages_min). */
static void test_split_era_a(void **state)
{
    (void)state;
    uint64_t pages[] = {262144};
    enum pa_zone_type types[] = {PA_ZONE_DMA32};
    struct pa_machine *m = machine("2.6.32", pages, types, 1);
    struct pa_wmark_params prm = PA_WMARK_PARAMS_DEFAULT;
    prm.min_free_kbytes = 7076;
    prm.no_migrate_reserve = true;
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_MIN], 1769);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_LOW], 2211);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_HIGH], 2653);
    assert_int_equal(m->zones[0].nr_pageblocks[PA_MT_RESERVE], 0); /* no_migrate_reserve */
    prm.no_migrate_reserve = false;
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
    assert_int_equal(m->zones[0].nr_pageblocks[PA_MT_RESERVE], 2); /* roundup(1769,512)/512=4 -> 2 */
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* Seed 002's machine (3.16, managed pages DMA 3976, DMA32 876170, Normal
   2178682 from the report's managed:15904kB / 3504680kB / 8714728kB) with
   THP: the default sqrt(3058828 * 4 * 16) = 13991 kB is raised to 3 * 11 *
   512 pages = 67584 kB, the sum of the report's three min values (84 + 19340
   + 48152 = 67576, less rounding). pages_min 16896:
     DMA    tmp = 16896 * 3976 / 3058828 = 21  -> 21 / 26 / 31 (84/104/124 kB, as reported)
     DMA32  tmp = 4839                        -> 4839 / 6048 / 7258
     Normal tmp = 12034                       -> 12034 / 15042 / 18051
   The report shows DMA32 4835 and Normal 12038: its managed counts grew after
   boot (init memory freed after the marks were set), so only DMA matches to
   the page. lowmem_reserve: DMA32[Normal] = 2178682 / 256 = 8510 as in the
   report's "lowmem_reserve[]: 0 0 8510 8510"; DMA[DMA32] = 876170/256 =
   3422, DMA[Normal] = 3054852/256 = 11933 (report 3418 and 11929). */
static void test_seed002_machine_thp(void **state)
{
    (void)state;
    uint64_t pages[] = {3976, 876170, 2178682};
    enum pa_zone_type types[] = {PA_ZONE_DMA, PA_ZONE_DMA32, PA_ZONE_NORMAL};
    struct pa_machine *m = machine("3.16.1-gentoo", pages, types, 3);
    struct pa_wmark_params prm = PA_WMARK_PARAMS_DEFAULT;
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
    assert_int_equal(m->min_free_kbytes, 13991);
    prm.thp = true;
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
    assert_int_equal(m->min_free_kbytes, 67584);
    static const uint64_t want[3][3] = {{21, 26, 31}, {4839, 6048, 7258}, {12034, 15042, 18051}};
    for (int i = 0; i < 3; i++)
        for (int w = 0; w < 3; w++)
            assert_int_equal(m->zones[i].watermark[w], want[i][w]);
    assert_int_equal(m->zones[0].lowmem_reserve[PA_ZONE_DMA32], 3422);
    assert_int_equal(m->zones[0].lowmem_reserve[PA_ZONE_NORMAL], 11933);
    assert_int_equal(m->zones[0].lowmem_reserve[PA_ZONE_MOVABLE], 11933);
    assert_int_equal(m->zones[1].lowmem_reserve[PA_ZONE_NORMAL], 8510);
    assert_int_equal(m->zones[1].lowmem_reserve[PA_ZONE_DMA32], 0);
    assert_int_equal(m->zones[2].lowmem_reserve[PA_ZONE_NORMAL], 0);
    /* MIGRATE_RESERVE (<= 4.3): DMA 1 block, DMA32 and Normal 2 each */
    assert_int_equal(m->zones[0].nr_pageblocks[PA_MT_RESERVE], 1);
    assert_int_equal(m->zones[1].nr_pageblocks[PA_MT_RESERVE], 2);
    assert_int_equal(m->zones[2].nr_pageblocks[PA_MT_RESERVE], 2);
    PA_ASSERT_CHECK(m);
    /* an explicit vm.min_free_kbytes wins over the THP raise */
    prm.min_free_kbytes = 4096;
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
    assert_int_equal(m->min_free_kbytes, 4096);
    pa_machine_destroy(m);
}

/* 2.2 era B/C: gap = max(tmp/4, pages * wsf / 10000). One zone of 10^6
   pages, min_free_kbytes 16384 (4096 pages): wsf 10 -> gap max(1024, 1000)
   = 1024; wsf 100 -> 10000; 6.x adds PROMO = HIGH + gap. */
static void test_split_scale_factor(void **state)
{
    (void)state;
    uint64_t pages[] = {1000000};
    enum pa_zone_type types[] = {PA_ZONE_NORMAL};
    struct pa_wmark_params prm = PA_WMARK_PARAMS_DEFAULT;
    prm.min_free_kbytes = 16384;
    struct pa_machine *m = machine("4.19", pages, types, 1);
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_LOW], 4096 + 1024);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_HIGH], 4096 + 2048);
    prm.watermark_scale_factor = 100;
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_LOW], 14096);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_HIGH], 24096);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_PROMO], 0);
    prm.watermark_scale_factor = 3001;
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_EINVAL);
    pa_machine_destroy(m);
    m = machine("6.18", pages, types, 1);
    prm.watermark_scale_factor = 100;
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_PROMO], 34096);
    assert_int_equal(m->watermark_boost_factor, 15000);
    pa_machine_destroy(m);
    /* era A ignores the factor */
    m = machine("4.4", pages, types, 1);
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_LOW], 4096 + 1024);
    pa_machine_destroy(m);
}

/* HighMem (and 6.x Movable): MIN = clamp(pages/1024, 32, 128), gaps from
   tmp. Normal 200000 + HighMem 100000 pages, 4096 kB (1024 pages): Normal
   tmp 1024 -> 1024/1280/1536; HighMem tmp 512, MIN 97 -> 97/225/353. */
static void test_highmem_and_movable(void **state)
{
    (void)state;
    uint64_t pages[] = {200000, 100000};
    enum pa_zone_type types[] = {PA_ZONE_NORMAL, PA_ZONE_HIGHMEM};
    struct pa_wmark_params prm = PA_WMARK_PARAMS_DEFAULT;
    prm.min_free_kbytes = 4096;
    prm.no_migrate_reserve = true;
    struct pa_machine *m = machine("3.16", pages, types, 2);
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_MIN], 1024);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_HIGH], 1536);
    assert_int_equal(m->zones[1].watermark[PA_WMARK_MIN], 97);
    assert_int_equal(m->zones[1].watermark[PA_WMARK_LOW], 225);
    assert_int_equal(m->zones[1].watermark[PA_WMARK_HIGH], 353);
    /* <= 4.18: HighMem ratio 32 reserves for Movable; Normal[HighMem] = 100000/32 */
    assert_int_equal(m->zones[0].lowmem_reserve[PA_ZONE_HIGHMEM], 3125);
    pa_machine_destroy(m);
    /* 6.x: a Movable zone is not lowmem: Normal gets all of pages_min */
    types[1] = PA_ZONE_MOVABLE;
    m = machine("6.18", pages, types, 2);
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_MIN], 1024);
    assert_int_equal(m->zones[1].watermark[PA_WMARK_MIN], 97);
    pa_machine_destroy(m);
    m = machine("5.15", pages, types, 2);
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
    assert_int_equal(m->zones[0].watermark[PA_WMARK_MIN], 682); /* 1024*200000/300000 */
    assert_int_equal(m->zones[1].watermark[PA_WMARK_MIN], 341);
    pa_machine_destroy(m);
}

/* 1.4 ratio rules: <= 4.18 a ratio below 1 is clamped to 1; 4.19+ it turns
   the reserve off; 5.10+ an empty (managed 0) zone reserves nothing. */
static void test_lowmem_reserve_rules(void **state)
{
    (void)state;
    uint64_t pages[] = {4096, 100000, 50000};
    enum pa_zone_type types[] = {PA_ZONE_DMA, PA_ZONE_DMA32, PA_ZONE_NORMAL};
    unsigned ratio[PA_ZONE_TYPES] = {256, 0, 32, 0, 0, 0};
    struct pa_machine *m = machine("4.14", pages, types, 3);
    pa_setup_lowmem_reserve(m, ratio);
    assert_int_equal(m->zones[1].lowmem_reserve[PA_ZONE_NORMAL], 50000);
    assert_int_equal(m->zones[0].lowmem_reserve[PA_ZONE_NORMAL], 150000 / 256);
    pa_machine_destroy(m);
    m = machine("4.19", pages, types, 3);
    pa_setup_lowmem_reserve(m, ratio);
    assert_int_equal(m->zones[1].lowmem_reserve[PA_ZONE_NORMAL], 0);
    pa_machine_destroy(m);

    struct pa_machine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA, 0, 4096);
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA32, 4096, 104096);
    pa_config_add_reserved(&cfg, 0, 4096); /* DMA: managed 0 */
    unsigned def[PA_ZONE_TYPES] = {256, 256, 32, 0, 0, 0};
    cfg.profile = prof("5.8");
    m = pa_test_machine(&cfg);
    pa_setup_lowmem_reserve(m, def);
    assert_int_equal(m->zones[0].lowmem_reserve[PA_ZONE_DMA32], 100000 / 256);
    pa_machine_destroy(m);
    cfg.profile = prof("5.10");
    m = pa_test_machine(&cfg);
    pa_setup_lowmem_reserve(m, def);
    assert_int_equal(m->zones[0].lowmem_reserve[PA_ZONE_DMA32], 0);
    pa_machine_destroy(m);
}

/* 2.4 era A on the default VM: DMA [1, 4096) gets one RESERVE block, the
   first without reserved pages: pfn 512 (pfn 0-511 holds the boot
   reservations and the BIOS hole). DMA32 gets two: its first 15 blocks hold
   the kernel image (4096 + 7680 = 11776), so 11776 and 12288. Lowering
   min_free_kbytes so DMA32 wants one gives 12288 back to MOVABLE. */
static void test_migrate_reserve_blocks(void **state)
{
    (void)state;
    struct pa_machine_config cfg;
    pa_config_default_vm(&cfg);
    cfg.profile = prof("3.16");
    struct pa_machine *m = pa_test_machine(&cfg);
    assert_int_equal(pa_setup_per_zone_wmarks(m, NULL), PA_OK);
    struct pa_zone *dma = &m->zones[0], *dma32 = &m->zones[1];
    assert_true(dma32->watermark[PA_WMARK_MIN] > 1024); /* wants min(2, 3) */
    assert_int_equal(pa_pageblock_migratetype(m, 512), PA_MT_RESERVE);
    assert_int_equal(pa_pageblock_migratetype(m, 1024), PA_MT_MOVABLE);
    assert_int_equal(pa_pageblock_migratetype(m, 11776), PA_MT_RESERVE);
    assert_int_equal(pa_pageblock_migratetype(m, 12288), PA_MT_RESERVE);
    assert_int_equal(pa_pageblock_migratetype(m, 12800), PA_MT_MOVABLE);
    assert_int_equal(dma->nr_pageblocks[PA_MT_RESERVE], 1);
    assert_int_equal(dma32->nr_pageblocks[PA_MT_RESERVE], 2);
    /* the free pages moved with the blocks. Boot freed [11776, 12288) as an
       order-9 block and [12288, 13312) as an order-10 block (12288 is
       4096-aligned); move_freepages_block moves a free block that starts in
       the pageblock whole, as the kernel's move_freepages does */
    assert_int_equal(dma32->free_area[9].free_list[PA_MT_RESERVE].count, 1);
    assert_int_equal(dma32->free_area[10].free_list[PA_MT_RESERVE].count, 1);
    PA_ASSERT_CHECK(m);
    struct pa_wmark_params prm = PA_WMARK_PARAMS_DEFAULT;
    prm.min_free_kbytes = 1024; /* DMA32 MIN about 255 pages: one block */
    assert_int_equal(pa_setup_per_zone_wmarks(m, &prm), PA_OK);
    assert_int_equal(pa_pageblock_migratetype(m, 11776), PA_MT_RESERVE);
    assert_int_equal(pa_pageblock_migratetype(m, 12288), PA_MT_MOVABLE);
    assert_int_equal(dma32->nr_pageblocks[PA_MT_RESERVE], 1);
    assert_int_equal(dma32->free_area[9].free_list[PA_MT_RESERVE].count, 1);
    assert_int_equal(dma32->free_area[10].free_list[PA_MT_RESERVE].count, 0);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
    /* 4.4+: no MIGRATE_RESERVE */
    cfg.profile = prof("4.4");
    m = pa_test_machine(&cfg);
    assert_int_equal(pa_setup_per_zone_wmarks(m, NULL), PA_OK);
    assert_int_equal(m->zones[1].nr_pageblocks[PA_MT_RESERVE], 0);
    pa_machine_destroy(m);
}

/* 2.4 highatomic limit and 2.3 boost. */
static void test_highatomic_limit_and_boost(void **state)
{
    (void)state;
    struct pa_machine *m = pa_test_simple(0, 100000, 10);
    struct pa_zone *z = &m->zones[0];
    assert_int_equal(pa_highatomic_limit(prof("4.4"), z, 9), 1000 + 512);
    assert_int_equal(pa_highatomic_limit(prof("6.3"), z, 9), 1000 + 512);
    assert_int_equal(pa_highatomic_limit(prof("6.8"), z, 9), 1024);
    assert_int_equal(pa_highatomic_limit(prof("3.16"), z, 9), 0);
    /* boost: HIGH 1000, factor 15000 -> cap 1500: 512, 1024, 1500, 1500 */
    m->profile = prof("5.15");
    m->watermark_boost_factor = 15000;
    z->watermark[PA_WMARK_HIGH] = 1000;
    static const uint64_t steps[] = {512, 1024, 1500, 1500};
    for (int i = 0; i < 4; i++) {
        assert_true(pa_boost_watermark(z));
        assert_int_equal(z->watermark_boost, steps[i]);
    }
    m->watermark_boost_factor = 0;
    assert_false(pa_boost_watermark(z));
    m->watermark_boost_factor = 15000;
    m->profile = prof("4.19");
    assert_false(pa_boost_watermark(z));
    pa_machine_destroy(m);
    m = pa_test_simple(0, 40000, 10);
    assert_int_equal(pa_highatomic_limit(prof("6.18"), &m->zones[0], 9), 0); /* 400 < 512 */
    assert_int_equal(pa_highatomic_limit(prof("5.15"), &m->zones[0], 9), 912);
    pa_machine_destroy(m);
    m = pa_test_simple(0, 2000, 10); /* managed < 4 pageblocks: no boost */
    m->profile = prof("6.18");
    m->watermark_boost_factor = 15000;
    m->zones[0].watermark[PA_WMARK_HIGH] = 1000;
    assert_false(pa_boost_watermark(&m->zones[0]));
    pa_machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_min_free_kbytes_table),
        cmocka_unit_test(test_thp_recommended),
        cmocka_unit_test(test_split_era_a),
        cmocka_unit_test(test_seed002_machine_thp),
        cmocka_unit_test(test_split_scale_factor),
        cmocka_unit_test(test_highmem_and_movable),
        cmocka_unit_test(test_lowmem_reserve_rules),
        cmocka_unit_test(test_migrate_reserve_blocks),
        cmocka_unit_test(test_highatomic_limit_and_boost),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
