/*
 * test_procparse.c - src/format/procparse.c on real captures from several
 * eras (tests/data/proc/, sources in its README) and on malformed text,
 * where the diagnostic must name the line and column.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/procparse.h"

typedef int (*parse_fn)(struct pa_procinfo *, const char *, size_t, const char *,
                        struct pa_diag *);

static struct pa_procinfo *parse_file(const char *rel, parse_fn fn)
{
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_diag d;
    char *t = pa_test_read_file(rel);
    assert_non_null(t);
    int err = fn(pi, t, strlen(t), rel, &d);
    if (err)
        fail_msg("%s:%ld:%ld: %s", d.file, d.line, d.col, d.msg);
    free(t);
    return pi;
}

static void expect_counts(const uint64_t *got, const uint64_t *want, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        assert_int_equal(got[i], want[i]);
}

static void test_buddyinfo_6_18(void **state)
{
    (void)state;
    struct pa_procinfo *pi = parse_file("tests/data/proc/vm-6.18-x86_64/buddyinfo",
                                        pa_parse_buddyinfo);
    assert_int_equal(pi->nr_zones, 3);
    const struct pa_proc_zone *z = pa_procinfo_zone_c(pi, 0, "Normal");
    assert_non_null(z);
    static const uint64_t want[11] = {1141, 1146, 851, 467, 497, 272, 145, 81, 35, 16, 153};
    assert_int_equal(z->nr_orders, 11);
    expect_counts(z->nr_free, want, 11);
    assert_string_equal(pi->zones[1].name, "DMA32");
    assert_int_equal(pi->zones[1].nr_free[10], 752);
    free(pi);
}

/* Seed 003's capture lost the kernel's alignment (single spaces). */
static void test_buddyinfo_collapsed_spaces(void **state)
{
    (void)state;
    struct pa_procinfo *pi = parse_file("tests/data/proc/seed003-vm-2017/buddyinfo",
                                        pa_parse_buddyinfo);
    assert_int_equal(pi->nr_zones, 2);
    static const uint64_t want[11] = {6446, 6410, 6335, 6271, 6214, 136, 21, 4, 4, 3, 47};
    expect_counts(pi->zones[1].nr_free, want, 11);
    free(pi);
}

/* Four nodes, 14 order columns (arm64 with a larger MAX_ORDER). */
static void test_buddyinfo_14_orders_4_nodes(void **state)
{
    (void)state;
    struct pa_procinfo *pi = parse_file("tests/data/proc/arm64-4node-14orders/buddyinfo",
                                        pa_parse_buddyinfo);
    assert_int_equal(pi->nr_zones, 5);
    const struct pa_proc_zone *z = pa_procinfo_zone_c(pi, 3, "Normal");
    assert_non_null(z);
    assert_int_equal(z->nr_orders, 14);
    assert_int_equal(z->nr_free[0], 74);
    assert_int_equal(z->nr_free[13], 237);
    assert_null(pa_procinfo_zone_c(pi, 4, "Normal"));
    free(pi);
}

static void test_buddyinfo_two_nodes(void **state)
{
    (void)state;
    struct pa_procinfo *pi = parse_file("tests/data/proc/centos7-2node/buddyinfo",
                                        pa_parse_buddyinfo);
    assert_int_equal(pi->nr_zones, 4);
    const struct pa_proc_zone *z = pa_procinfo_zone_c(pi, 1, "Normal");
    static const uint64_t want[11] = {51121, 6343, 822, 77, 1, 0, 0, 0, 0, 0, 0};
    expect_counts(z->nr_free, want, 11);
    free(pi);
}

static void test_pagetypeinfo_6_18(void **state)
{
    (void)state;
    struct pa_procinfo *pi = parse_file("tests/data/proc/vm-6.18-x86_64/pagetypeinfo",
                                        pa_parse_pagetypeinfo);
    assert_int_equal(pi->pageblock_order, 9);
    assert_int_equal(pi->pages_per_block, 512);
    const struct pa_proc_zone *z = pa_procinfo_zone_c(pi, 0, "Normal");
    assert_int_equal(z->nr_types, 5);
    assert_string_equal(z->types[3].name, "HighAtomic");
    assert_int_equal(z->types[3].mt, PA_MT_HIGHATOMIC);
    assert_int_equal(z->types[1].mt, PA_MT_MOVABLE);
    assert_int_equal(z->types[1].nr_free[0], 1140);
    assert_int_equal(z->types[0].nr_free[2], 151);
    assert_int_equal(z->types[1].capped, 0);
    assert_int_equal(z->nr_block_types, 5);
    assert_string_equal(z->block_type_name[2], "Reclaimable");
    assert_int_equal(z->blocks[0], 41);
    assert_int_equal(z->blocks[1], 446);
    assert_int_equal(z->blocks[2], 25);
    /* the same capture's buddyinfo: per-type counts add up to it */
    struct pa_diag d;
    char *t = pa_test_read_file("tests/data/proc/vm-6.18-x86_64/buddyinfo");
    assert_int_equal(pa_parse_buddyinfo(pi, t, strlen(t), "b", &d), 0);
    free(t);
    for (unsigned o = 0; o < 11; o++) {
        uint64_t sum = 0;
        for (int k = 0; k < z->nr_types; k++)
            sum += z->types[k].nr_free[o];
        assert_int_equal(sum, z->nr_free[o]);
    }
    free(pi);
}

/* 3.x: Reserve and CMA rows, Reclaimable before Movable. */
static void test_pagetypeinfo_reserve_era(void **state)
{
    (void)state;
    struct pa_procinfo *pi = parse_file("tests/data/proc/3.x-reserve-cma/pagetypeinfo",
                                        pa_parse_pagetypeinfo);
    const struct pa_proc_zone *z = pa_procinfo_zone_c(pi, 0, "DMA32");
    assert_int_equal(z->nr_types, 6);
    assert_int_equal(z->types[1].mt, PA_MT_RECLAIMABLE);
    assert_int_equal(z->types[3].mt, PA_MT_RESERVE);
    assert_int_equal(z->types[4].mt, PA_MT_CMA);
    assert_int_equal(z->types[2].nr_free[2], 1715);
    assert_int_equal(z->blocks[0], 110);
    assert_int_equal(z->blocks[2], 886);
    assert_string_equal(z->block_type_name[3], "Reserve");
    free(pi);
}

/* 5.x+ caps a list at 100000 and prints ">100000"; 2.6 kernels printed an
   unnamed "<NULL>" row; PAGE_OWNER adds "Number of mixed blocks". */
static void test_pagetypeinfo_quirks(void **state)
{
    (void)state;
    static const char text[] =
        "Page block order: 9\nPages per block:  512\n\n"
        "Free pages count per migrate type at order       0      1      2 \n"
        "Node    0, zone   Normal, type    Unmovable      5 >100000      0 \n"
        "Node    0, zone   Normal, type       <NULL>      0      0      0 \n"
        "\n"
        "Number of blocks type     Unmovable       <NULL> \n"
        "Node 0, zone   Normal            3            0 \n"
        "Number of mixed blocks    Unmovable       <NULL> \n"
        "Node 0, zone   Normal            1            0 \n";
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_diag d;
    assert_int_equal(pa_parse_pagetypeinfo(pi, text, sizeof text - 1, "t", &d), 0);
    const struct pa_proc_zone *z = &pi->zones[0];
    assert_int_equal(z->types[0].nr_free[1], 100000);
    assert_int_equal(z->types[0].capped, 1u << 1);
    assert_int_equal(z->types[1].mt, -1);
    assert_string_equal(z->types[1].name, "<NULL>");
    assert_int_equal(z->blocks[0], 3);   /* not overwritten by the mixed section */
    free(pi);
}

static void test_zoneinfo_6_18(void **state)
{
    (void)state;
    struct pa_procinfo *pi = parse_file("tests/data/proc/vm-6.18-x86_64/zoneinfo",
                                        pa_parse_zoneinfo);
    const struct pa_proc_zone *z = pa_procinfo_zone_c(pi, 0, "DMA");
    assert_true(z->have_zoneinfo);
    assert_int_equal(z->free_pages, 3840);
    assert_int_equal(z->wmark_min, 62);
    assert_int_equal(z->wmark_low, 77);
    assert_int_equal(z->wmark_high, 92);
    assert_true(z->have_promo);
    assert_int_equal(z->wmark_promo, 107);
    assert_int_equal(z->spanned, 4095);
    assert_int_equal(z->present, 3998);
    assert_int_equal(z->managed, 3840);
    assert_int_equal(z->nr_protection, 5);
    assert_int_equal(z->protection[1], 3019);
    assert_int_equal(z->protection[2], 4043);
    assert_int_equal(z->start_pfn, 1);
    assert_true(z->have_nr_free_cma);
    z = pa_procinfo_zone_c(pi, 0, "Normal");
    assert_int_equal(z->free_pages, 220701);
    assert_int_equal(z->wmark_min, 4263);
    assert_int_equal(z->managed, 262144);
    assert_int_equal(z->start_pfn, 1048576);
    /* pagesets' "high:" lines do not overwrite the high watermark */
    assert_int_equal(z->wmark_high, 6393);
    /* unpopulated zones are listed too */
    z = pa_procinfo_zone_c(pi, 0, "Movable");
    assert_non_null(z);
    assert_int_equal(z->present, 0);
    assert_int_equal(pi->nr_zones, 5);
    free(pi);
}

/* A 4.x zoneinfo (public, cut after the first zone's counters): per-node
   stats before "pages free", no boost/promo, five protection values. */
static void test_zoneinfo_4x(void **state)
{
    (void)state;
    struct pa_procinfo *pi = parse_file("tests/data/proc/netdata-10153-4.x/zoneinfo",
                                        pa_parse_zoneinfo);
    const struct pa_proc_zone *z = pa_procinfo_zone_c(pi, 0, "DMA");
    assert_non_null(z);
    assert_int_equal(z->free_pages, 3976);
    assert_int_equal(z->wmark_min, 1);
    assert_int_equal(z->wmark_low, 4);
    assert_int_equal(z->wmark_high, 7);
    assert_int_equal(z->managed, 3976);
    assert_false(z->have_boost);
    assert_false(z->have_promo);
    assert_int_equal(z->nr_protection, 5);
    assert_int_equal(z->protection[2], 257742);
    assert_false(z->have_start_pfn);
    free(pi);
}

/* The 2.6.32/3.x layout (kernel-semantics 11.3): scanned, all_unreclaimable,
   prev_priority, inactive_ratio, no managed in 2.6.32. Constructed after
   that description (values from worked example 1), not a capture. */
static void test_zoneinfo_old_layout(void **state)
{
    (void)state;
    static const char text[] =
        "Node 0, zone    DMA32\n"
        "  pages free     3140\n"
        "        min      1769\n"
        "        low      2211\n"
        "        high     2653\n"
        "        scanned  0\n"
        "        spanned  1044480\n"
        "        present  994976\n"
        "    nr_free_pages 3140\n"
        "    nr_inactive_anon 12\n"
        "        protection: (0, 0, 7976, 7976)\n"
        "  pagesets\n"
        "    cpu: 0\n"
        "              count: 31\n"
        "              high:  186\n"
        "              batch: 31\n"
        "  vm stats threshold: 36\n"
        "  all_unreclaimable: 0\n"
        "  prev_priority:     12\n"
        "  start_pfn:         4096\n"
        "  inactive_ratio:    5\n";
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_diag d;
    assert_int_equal(pa_parse_zoneinfo(pi, text, sizeof text - 1, "z", &d), 0);
    const struct pa_proc_zone *z = &pi->zones[0];
    assert_int_equal(z->free_pages, 3140);
    assert_int_equal(z->wmark_high, 2653);
    assert_false(z->have_managed);
    assert_false(z->have_promo);
    assert_int_equal(z->nr_protection, 4);
    assert_int_equal(z->protection[2], 7976);
    assert_int_equal(z->start_pfn, 4096);
    assert_true(z->have_pcp_count);
    assert_int_equal(z->pcp_count, 31);
    free(pi);
}

static void test_vmstat(void **state)
{
    (void)state;
    struct pa_procinfo *pi = parse_file("tests/data/proc/vm-6.18-x86_64/vmstat",
                                        pa_parse_vmstat);
    uint64_t v = 1;
    assert_true(pa_procinfo_vmstat(pi, "nr_free_pages", &v));
    assert_int_equal(v, 997458);
    assert_true(pa_procinfo_vmstat(pi, "compact_stall", &v));
    assert_int_equal(v, 0);
    assert_false(pa_procinfo_vmstat(pi, "no_such_counter", &v));
    assert_true(pi->nr_vmstat > 150);
    free(pi);
}

/* Bad input: each names the line and column of the first wrong byte. */
static void expect_error(parse_fn fn, const char *text, long line, long col, const char *needle)
{
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_diag d;
    assert_int_equal(fn(pi, text, strlen(text), "bad", &d), PA_EINVAL);
    if (d.line != line || d.col != col || !strstr(d.msg, needle))
        fail_msg("got %s:%ld:%ld: %s; wanted %ld:%ld containing '%s'", d.file, d.line, d.col,
                 d.msg, line, col, needle);
    char buf[400];
    pa_diag_format(&d, buf, sizeof buf);
    assert_non_null(strstr(buf, "bad:"));
    free(pi);
}

static int extfrag_parse(struct pa_procinfo *pi, const char *t, size_t n, const char *f,
                         struct pa_diag *d)
{
    return pa_parse_extfrag(pi, true, t, n, f, d);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error(pa_parse_buddyinfo, "Node 0, zone DMA 1 2 x\n", 1, 22, "free block count");
    expect_error(pa_parse_buddyinfo, "Node 0, zone DMA 1\nNode 0 zone DMA32 1\n", 2, 6,
                 "'<node>,'");
    expect_error(pa_parse_buddyinfo, "Node 0, zone DMA 1\nNode 0, zone DMA 1\n", 2, 1,
                 "listed twice");
    expect_error(pa_parse_buddyinfo, "Node 0, zone DMA\n", 1, 17, "free block counts");
    expect_error(pa_parse_buddyinfo, "", 1, 1, "not a buddyinfo");
    expect_error(pa_parse_buddyinfo, "Node 0, zone DMA 99999999999999999999999\n", 1, 18,
                 "free block count");
    /* counts that fit 64 bits but whose pages do not: the MiB and kB sums of
       analyze wrapped ("free_pages":18446744073709551609) */
    expect_error(pa_parse_buddyinfo, "Node 0, zone DMA 18446744073709551615 1\n", 1, 18,
                 "more than 2^52 pages");
    expect_error(pa_parse_buddyinfo, "Node 0, zone DMA 0 2251799813685249\n", 1, 20,
                 "more than 2^52 pages");
    /* 2^51 order-1 blocks are exactly 2^52 pages; one order-2 block more is over */
    expect_error(pa_parse_buddyinfo, "Node 0, zone DMA 0 2251799813685248 1\n", 1, 37,
                 "more than 2^52 pages");
    expect_error(pa_parse_pagetypeinfo,
                 "Page block order: 9\nPages per block:  512\n\n"
                 "Free pages count per migrate type at order 0 1\n"
                 "Node 0, zone Normal, type Movable 1\n",
                 5, 36, "free count");
    expect_error(pa_parse_pagetypeinfo,
                 "Page block order: 9\nPages per block:  256\n", 2, 1, "not 2^9");
    expect_error(pa_parse_pagetypeinfo,
                 "Page block order: 9\nPages per block:  512\n\n"
                 "Free pages count per migrate type at order 0 2\n",
                 4, 46, "expected order 1");
    expect_error(pa_parse_zoneinfo, "Node 0, zone DMA\n  pages free  x1\n", 2, 15,
                 "expected a number");
    expect_error(pa_parse_zoneinfo, "  pages free 1\n", 1, 3, "before zone data");
    /* page counts above 2^52 (analyze printed 'free -1 <= min -1') */
    expect_error(pa_parse_zoneinfo, "Node 0, zone DMA\n  pages free 3840\n        min      18446744073709551615\n",
                 3, 18, "min 18446744073709551615 is above 2^52 pages");
    /* other counters may be large: they are not page counts this tool uses */
    {
        struct pa_procinfo *pi = calloc(1, sizeof *pi);
        struct pa_diag d;
        const char *t = "Node 0, zone DMA\n  pages free 3840\n        numa_hit 18446744073709551615\n";
        assert_int_equal(pa_parse_zoneinfo(pi, t, strlen(t), "z", &d), 0);
        free(pi);
    }
    expect_error(pa_parse_zoneinfo, "Node 0, zone DMA\n protection: (0, 1\n", 2, 19,
                 "',' or ')'");
    expect_error(pa_parse_vmstat, "nr_free_pages 12\ncompact stall 3\n", 2, 9,
                 "counter's value");
    expect_error(extfrag_parse, "Node 0, zone DMA -1.000 0.12\n", 1, 25, "index like");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buddyinfo_6_18),
        cmocka_unit_test(test_buddyinfo_collapsed_spaces),
        cmocka_unit_test(test_buddyinfo_14_orders_4_nodes),
        cmocka_unit_test(test_buddyinfo_two_nodes),
        cmocka_unit_test(test_pagetypeinfo_6_18),
        cmocka_unit_test(test_pagetypeinfo_reserve_era),
        cmocka_unit_test(test_pagetypeinfo_quirks),
        cmocka_unit_test(test_zoneinfo_6_18),
        cmocka_unit_test(test_zoneinfo_4x),
        cmocka_unit_test(test_zoneinfo_old_layout),
        cmocka_unit_test(test_vmstat),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
