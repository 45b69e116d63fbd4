/*
 * test_snapfile.c - src/format/snapfile.c: parse a snapshot file and build
 * the engine machine it describes. The small file below was worked out by
 * hand: pfns 0 K, 1-3 free, 4-7 anon, 8-15 free, 16-19 hole, 20-31 free;
 * with max_order 3 the free runs cut into 1:0 2:1 | 8:3 | 20:2 24:3.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/snapfile.h"

static const char small[] =
    "pagealloc-snapshot 1\n"
    "kernel test\n"
    "page_size 4096\n"
    "max_order 3\n"
    "time 0\n"
    "classes F=free A=anon L=file/LRU S=slab T=hugetlb K=other kernel R=reserved H=hole\n"
    "zone 0 Normal 0 32\n"
    "runs K1 F3 A4 F8 H4 F12\n"
    "free 1:0 2:1 8:3 14:2 18:3\n"   /* hex pfns: 0x14 = 20, 0x18 = 24 */
    "endzone\n"
    "begin buddyinfo\n"
    "Node 0, zone   Normal      1      1      1      2 \n"
    "end buddyinfo\n";

static void test_parse_and_build(void **state)
{
    (void)state;
    struct pa_snapfile *sf;
    struct pa_diag d;
    assert_int_equal(pa_snapfile_parse(small, sizeof small - 1, "s", &sf, &d), 0);
    assert_int_equal(sf->nr_zones, 1);
    assert_int_equal(sf->zones[0].nr_runs, 6);
    assert_int_equal(sf->zones[0].nr_free, 5);
    assert_int_equal(sf->zones[0].free_pfn[3], 20);
    assert_int_equal(sf->zones[0].free_order[4], 3);
    assert_non_null(sf->buddyinfo);
    assert_non_null(strstr(sf->buddyinfo, "Normal"));
    assert_null(sf->zoneinfo);

    struct pa_machine *m;
    uint64_t mismatch = 99;
    char err[256];
    assert_int_equal(pa_snapfile_machine(sf, NULL, &m, &mismatch, err, sizeof err), 0);
    assert_int_equal(mismatch, 0);
    PA_ASSERT_CHECK(m);
    struct pa_zone *z = &m->zones[0];
    assert_int_equal(z->free_pages, 3 + 8 + 12);
    assert_int_equal(z->free_area[3].nr_free, 2);
    assert_int_equal(z->free_area[2].nr_free, 1);
    /* the pageblock [0, 8) holds a kernel page: UNMOVABLE; [8, 16) MOVABLE */
    assert_int_equal(pa_pageblock_migratetype(m, 0), PA_MT_UNMOVABLE);
    assert_int_equal(pa_pageblock_migratetype(m, 8), PA_MT_MOVABLE);
    /* the order-1 block at 2 sits on the UNMOVABLE list of its pageblock */
    assert_int_equal(z->free_area[1].free_list[PA_MT_UNMOVABLE].count, 1);
    pa_machine_destroy(m);
    pa_snapfile_free(sf);
}

/* A free record the runs do not produce counts as a mismatch. */
static void test_mismatch_counted(void **state)
{
    (void)state;
    char *t = strdup(small);
    char *f = strstr(t, "18:3");
    f[3] = '2';   /* pfn 24 as an order-2 block: not how the machine holds it */
    struct pa_snapfile *sf;
    struct pa_diag d;
    assert_int_equal(pa_snapfile_parse(t, strlen(t), "s", &sf, &d), 0);
    struct pa_machine *m;
    uint64_t mismatch = 0;
    char err[256];
    assert_int_equal(pa_snapfile_machine(sf, NULL, &m, &mismatch, err, sizeof err), 0);
    assert_int_equal(mismatch, 1);
    pa_machine_destroy(m);
    pa_snapfile_free(sf);
    free(t);
}

/* Version 2: pageblock_order, the P/C/U classes, pcp and pageblocks records.
   pfns 0 K, 1-3 free, 4-7 anon, 8-15 free, 16-17 THP, 18-23 free, 24-31 not
   initialised; pageblocks of 8 pages typed E M M and '-' by the record (the
   kernel-page rule of version 1 would have made the first Unmovable). */
static const char small2[] =
    "pagealloc-snapshot 2\n"
    "kernel test\n"
    "page_size 4096\n"
    "max_order 3\n"
    "pageblock_order 3\n"
    "zone 0 Normal 0 32\n"
    "runs K1 F3 A4 F8 C2 F6 U8\n"
    "free 1:0 2:1 8:3 12:1 14:2\n"
    "pcp 5\n"
    "pageblocks E1 M2 -1\n"
    "endzone\n";

static void test_version2(void **state)
{
    (void)state;
    struct pa_snapfile *sf;
    struct pa_diag d;
    assert_int_equal(pa_snapfile_parse(small2, sizeof small2 - 1, "s", &sf, &d), 0);
    assert_int_equal(sf->version, 2);
    assert_int_equal(sf->pageblock_order, 3);
    assert_true(sf->zones[0].have_pcp);
    assert_int_equal(sf->zones[0].pcp, 5);
    assert_int_equal(sf->zones[0].nr_pageblocks, 4);
    assert_int_equal(sf->zones[0].pb_mt[0], PA_MT_RECLAIMABLE);
    assert_int_equal(sf->zones[0].pb_mt[3], PA_PB_UNCOUNTED);
    struct pa_machine *m;
    uint64_t mismatch = 99;
    char err[256];
    assert_int_equal(pa_snapfile_machine(sf, NULL, &m, &mismatch, err, sizeof err), 0);
    assert_int_equal(mismatch, 0);
    PA_ASSERT_CHECK(m);
    struct pa_zone *z = &m->zones[0];
    assert_int_equal(m->pageblock_order, 3);
    assert_int_equal(pa_pageblock_migratetype(m, 0), PA_MT_RECLAIMABLE);
    assert_int_equal(z->free_area[1].free_list[PA_MT_RECLAIMABLE].count, 1);
    /* the uninitialised pageblock is no pageblock: 1 E + 2 M counted */
    assert_int_equal(z->nr_pageblocks[PA_MT_RECLAIMABLE], 1);
    assert_int_equal(z->nr_pageblocks[PA_MT_MOVABLE], 2);
    assert_int_equal(z->nr_pageblocks[PA_MT_UNMOVABLE], 0);
    assert_true(m->pages[24].flags & PA_PG_HOLE);
    assert_int_equal(pa_snapfile_set_kinds(sf, m), 0);
    PA_ASSERT_CHECK(m);
    /* anon pages are on the LRU (movable); THP pages are anon but not moved */
    assert_int_equal(m->pages[4].kind, PA_KIND_ANON);
    assert_true(m->pages[4].flags & PA_PG_LRU);
    assert_int_equal(m->pages[16].kind, PA_KIND_ANON);
    assert_false(m->pages[16].flags & PA_PG_LRU);
    assert_int_equal(m->pages[0].kind, PA_KIND_KERNEL);
    pa_machine_destroy(m);
    pa_snapfile_free(sf);
}

/* A 'folios' record: the page-cache pages 4-7 are one order-2 folio, built
   as one block that compaction moves whole; 'd': dirty, so not splittable. */
static void test_folios(void **state)
{
    (void)state;
    static const char text[] = "pagealloc-snapshot 2\n"
                               "kernel test\n"
                               "page_size 4096\n"
                               "max_order 3\n"
                               "pageblock_order 3\n"
                               "zone 0 Normal 0 16\n"
                               "runs K1 F3 L4 F8\n"
                               "free 1:0 2:1 8:3\n"
                               "folios 4:2d\n"
                               "endzone\n";
    struct pa_snapfile *sf;
    struct pa_diag d;
    assert_int_equal(pa_snapfile_parse(text, sizeof text - 1, "s", &sf, &d), 0);
    assert_int_equal(sf->zones[0].nr_folios, 1);
    assert_int_equal(sf->zones[0].folio_order[0], 2 | PA_SNAP_FOLIO_DIRTY);
    struct pa_machine *m;
    uint64_t mismatch = 99;
    char err[256];
    assert_int_equal(pa_snapfile_machine(sf, NULL, &m, &mismatch, err, sizeof err), 0);
    assert_int_equal(mismatch, 0);
    PA_ASSERT_CHECK(m);
    assert_true(m->pages[4].flags & PA_PG_ALLOC);
    assert_int_equal(m->pages[4].order, 2);
    assert_true(m->pages[4].flags & PA_PG_DIRTY); /* 'd': not splittable */
    assert_false(m->pages[5].flags & PA_PG_ALLOC);
    assert_int_equal(pa_snapfile_set_kinds(sf, m), 0);
    PA_ASSERT_CHECK(m);
    assert_int_equal(m->pages[4].kind, PA_KIND_FILE);
    assert_true(m->pages[4].flags & PA_PG_LRU);
    assert_true(m->pages[4].flags & PA_PG_DIRTY);
    assert_int_equal(m->zones[0].free_pages, 11);
    pa_machine_destroy(m);
    pa_snapfile_free(sf);
}

static void expect_bad(const char *text, long line, long col, const char *needle)
{
    struct pa_snapfile *sf = (void *)1;
    struct pa_diag d;
    assert_int_equal(pa_snapfile_parse(text, strlen(text), "bad", &sf, &d), PA_EINVAL);
    assert_null(sf);
    if (d.line != line || d.col != col || !strstr(d.msg, needle))
        fail_msg("got %ld:%ld %s; want %ld:%ld '%s'", d.line, d.col, d.msg, line, col, needle);
}

static void test_errors(void **state)
{
    (void)state;
    expect_bad("hello\n", 1, 1, "pagealloc-snapshot 1");
    expect_bad("pagealloc-snapshot 3\n", 1, 1, "version 1 or 2");
    /* version 2 records in a version 1 file */
    expect_bad("pagealloc-snapshot 1\npage_size 4096\nzone 0 Normal 0 8\nruns F8\npcp 3\n", 5, 1,
               "needs a version 2 file");
    expect_bad("pagealloc-snapshot 1\npage_size 4096\nzone 0 Normal 0 8\nruns P8\n", 4, 6,
               "class letter FALSTKRH");
    expect_bad("pagealloc-snapshot 2\npage_size 4096\nzone 0 Normal 0 8\nruns A8\nfolios 2:2\n",
               5, 8, "aligned");
    expect_bad("pagealloc-snapshot 1\npage_size 4096\nzone 0 Normal 0 8\nruns A8\nfolios 0:2\n",
               5, 1, "needs a version 2 file");
    expect_bad("pagealloc-snapshot 2\npage_size 4096\nzone 0 Normal 0 8\nruns F8\npageblocks M1\n",
               5, 1, "pageblock_order record first");
    expect_bad("pagealloc-snapshot 2\npage_size 4096\nmax_order 3\npageblock_order 2\n"
               "zone 0 Normal 0 8\nruns F8\npageblocks M1 X1\n", 7, 15, "migratetype letter");
    expect_bad("pagealloc-snapshot 2\npage_size 4096\nmax_order 3\npageblock_order 2\n"
               "zone 0 Normal 0 8\nruns F8\npageblocks M3\n", 7, 12, "more pageblocks than the 2");
    expect_bad("pagealloc-snapshot 2\npage_size 4096\nmax_order 3\npageblock_order 2\n"
               "zone 0 Normal 0 8\nruns F8\npageblocks M1\nendzone\n", 8, 1,
               "pageblocks of zone Normal are 1, not the 2");
    expect_bad("pagealloc-snapshot 2\nmax_order 3\npageblock_order 4\n", 3, 17,
               "pageblock_order from 1 to max_order");
    expect_bad("pagealloc-snapshot 2\npage_size 4096\nzone 0 Normal 0 8\nruns F8\npcp 1\npcp 2\n",
               6, 1, "a second 'pcp'");
    expect_bad("pagealloc-snapshot 1\nmax_order 0\n", 2, 11, "max_order from 1 to 20");
    expect_bad("pagealloc-snapshot 1\nmax_order 21\n", 2, 11, "max_order from 1 to 20");
    expect_bad("pagealloc-snapshot 1\npage_size 4096\nzone 0 Normal 0 8\nruns F4 Q4\n", 4, 9,
               "class letter");
    expect_bad("pagealloc-snapshot 1\npage_size 4096\nzone 0 Normal 0 8\nruns F4\nendzone\n", 5, 1,
               "cover 4 pfns, not its 8");
    expect_bad("pagealloc-snapshot 1\npage_size 4096\nzone 0 Normal 0 8\nruns F8\nfree 0:x\n", 5, 8,
               "order");
    expect_bad("pagealloc-snapshot 1\npage_size 4096\nzone 0 Normal 0 8\nruns F8\n", 4, 1,
               "no 'endzone'");
    expect_bad("pagealloc-snapshot 1\npage_size 4000\n", 2, 11, "power of two");
    /* an unknown zone name is found at its line (it was only "zone FOO: unknown
       zone name" without a line, when the machine was built) */
    expect_bad("pagealloc-snapshot 1\npage_size 4096\nzone 0 Foo 0 8\n", 3, 8, "unknown zone name 'Foo'");
    /* 2^64 - 1 + 8 wrapped to 7: a reversed zone when the machine was built */
    expect_bad("pagealloc-snapshot 1\npage_size 4096\nzone 0 Normal 18446744073709551615 8\n", 3, 6,
               "past 2^64");
    /* R(2^64 - 1) F5 wrapped the sum to 4 ("cover 4 pfns, not its 8") */
    expect_bad("pagealloc-snapshot 1\npage_size 4096\nzone 0 Normal 0 8\nruns R18446744073709551615 F5\n"
               "endzone\n", 5, 1, "cover more than its 8 pfns");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_build),
        cmocka_unit_test(test_mismatch_counted),
        cmocka_unit_test(test_version2),
        cmocka_unit_test(test_folios),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
