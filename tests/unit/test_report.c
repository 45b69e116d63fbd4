/*
 * test_report.c - src/format/report.c: failure reports read from pasted text.
 * Real reports come from tests/data/reports/ (sources in its README.md); the
 * expected numbers are read off those files by hand. Constructed inputs are
 * marked as such and test one format feature each.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/report.h"

static void parse_ok(const char *text, struct pa_report_set *set)
{
    struct pa_report_diag d;
    int rc = pa_report_parse(text, strlen(text), set, &d);
    if (rc != 0) {
        print_error("parse failed at %d:%d: %s\n", d.line, d.column, d.msg);
        fail();
    }
}

static void parse_file(const char *name, struct pa_report_set *set)
{
    char path[256];
    snprintf(path, sizeof path, "tests/data/reports/%s", name);
    char *text = pa_test_read_file(path);
    assert_non_null(text);
    parse_ok(text, set);
    free(text);
}

static const struct pa_report_zone *zone(const struct pa_report *r, int node, const char *name)
{
    for (int i = 0; i < r->nr_zones; i++)
        if (r->zones[i].node == node && !strcmp(r->zones[i].name, name))
            return &r->zones[i];
    print_error("no zone %d %s\n", node, name);
    fail();
    return NULL;
}

#define MT(x) (1u << PA_MT_##x)

/* Seed 002: a whole 3.16 report whose kernel lines were run together on one
   line of a slide, with a bullet character inside. */
static void test_seed002_one_line(void **state)
{
    (void)state;
    struct pa_report_set set;
    parse_file("seed002_3.16_full_dump_one_line.txt", &set);
    assert_int_equal(set.nr, 1);
    const struct pa_report *r = &set.reports[0];
    assert_int_equal(r->header_line, 21);
    assert_string_equal(r->comm, "chrome");
    assert_false(r->period_form);
    assert_int_equal(r->order, 4);
    assert_true(r->have_mode);
    assert_int_equal(r->mode, 0xc0d0);
    assert_string_equal(r->kernel, "3.16.1-gentoo");
    assert_string_equal(r->hardware, "Dell Inc. OptiPlex 980 /0D441T, BIOS A15 01/09/2014");
    assert_int_equal(r->nr_zones, 3);
    const struct pa_report_zone *dma = zone(r, 0, "DMA");
    assert_int_equal(dma->type, PA_ZONE_DMA);
    assert_int_equal(dma->kb[PA_RZ_FREE], 15888);
    assert_int_equal(dma->kb[PA_RZ_MIN], 84);
    assert_int_equal(dma->kb[PA_RZ_MANAGED], 15904);
    assert_int_equal(dma->all_unreclaimable, 1); /* "Yes" */
    assert_int_equal(dma->nr_lowmem, 4);
    assert_int_equal(dma->lowmem_reserve[1], 3418);
    assert_int_equal(dma->lowmem_reserve[3], 11929);
    assert_int_equal(dma->mt_mask[9], MT(RESERVE));
    assert_int_equal(dma->nr_free[10], 3);
    const struct pa_report_zone *d32 = zone(r, 0, "DMA32");
    assert_int_equal(d32->nr_lowmem, 4);
    assert_int_equal(d32->lowmem_reserve[2], 8510); /* the line ending with the bullet */
    assert_int_equal(d32->mt_mask[3], MT(UNMOVABLE) | MT(MOVABLE) | MT(RESERVE));
    assert_int_equal(d32->buddy_total_kb, 158672);
    const struct pa_report_zone *nor = zone(r, 0, "Normal");
    assert_int_equal(nor->kb[PA_RZ_FREE], 100168);
    assert_int_equal(nor->kb[PA_RZ_MIN], 48152);
    assert_int_equal(nor->kb[PA_RZ_LOW], 60188);
    assert_int_equal(nor->kb[PA_RZ_HIGH], 72228);
    assert_int_equal(nor->lowmem_line, 0); /* the slide left it out */
    static const uint64_t nf[11] = {22272, 726, 75, 24, 1, 0, 0, 0, 0, 0, 1};
    assert_int_equal(nor->nr_orders, 11);
    assert_int_equal(nor->page_kb, 4);
    for (int o = 0; o < 11; o++)
        assert_int_equal(nor->nr_free[o], nf[o]);
    assert_true(nor->letters);
    assert_int_equal(nor->mt_mask[4], MT(MOVABLE));
    assert_int_equal(nor->mt_mask[10], MT(RESERVE));
    assert_false(nor->mt_known[5]); /* 0*128kB prints no letters */
    /* The buddy columns add up to the printed total: 101024 kB. */
    assert_int_equal(pa_report_zone_pages_at_or_above(nor, 0) * 4, 101024);
    assert_int_equal(pa_report_zone_pages_at_or_above(nor, 4), 16 + 1024);
    /* "[drm:radeon_cs_ioctl] *ERROR* ..." after the dump is kept as ignored. */
    assert_int_equal(r->nr_ignored, 1);
    assert_int_equal(set.nr_warn, 1); /* the bullet */
    pa_report_set_free(&set);
}

/* Seed 001: a zone line (cut with "[...]") and a buddy line inside prose,
   2.6.32 format without migratetype letters. */
static void test_seed001_partial(void **state)
{
    (void)state;
    struct pa_report_set set;
    parse_file("seed001_dma32_zone_and_buddy.txt", &set);
    assert_int_equal(set.nr, 1);
    const struct pa_report *r = &set.reports[0];
    assert_int_equal(r->header_line, 0);
    assert_int_equal(r->order, -1);
    assert_false(r->have_mode);
    assert_int_equal(r->nr_zones, 1);
    const struct pa_report_zone *z = zone(r, 0, "DMA32");
    assert_int_equal(z->zone_line, 9);
    assert_int_equal(z->buddy_line, 10);
    assert_true(z->elided);
    assert_int_equal(z->kb[PA_RZ_FREE], 12560);
    assert_int_equal(z->kb[PA_RZ_MIN], 7076);
    assert_int_equal(z->kb[PA_RZ_LOW], 8844);
    assert_int_equal(z->kb[PA_RZ_HIGH], 10612);
    assert_false(z->have & (1u << PA_RZ_MANAGED));
    static const uint64_t nf[11] = {2360, 80, 21, 7, 4, 1, 2, 0, 1, 0, 0};
    for (int o = 0; o < 11; o++)
        assert_int_equal(z->nr_free[o], nf[o]);
    assert_false(z->letters);
    assert_int_equal(z->buddy_total_kb, 12560);
    /* The prose after the buddy line is outside the report. */
    assert_int_equal(r->nr_ignored, 0);
    assert_int_equal(r->last_line, 10);
    pa_report_set_free(&set);
}

/* Seed 000: the same RHEL6 header and stack quoted twice, syslog prefixes,
   the 2.6.32 "failure. order" form, no Mem-Info. */
static void test_seed000_two_headers(void **state)
{
    (void)state;
    struct pa_report_set set;
    parse_file("seed000_rhel6_header_only.txt", &set);
    assert_int_equal(set.nr, 2);
    for (int i = 0; i < 2; i++) {
        const struct pa_report *r = &set.reports[i];
        assert_string_equal(r->comm, "insmod");
        assert_true(r->period_form);
        assert_int_equal(r->order, 10);
        assert_int_equal(r->mode, 0xd0);
        assert_string_equal(r->kernel, "2.6.32-642.el6.x86_64");
        assert_int_equal(r->nr_zones, 0);
        assert_int_equal(r->meminfo_line, 0);
    }
    assert_int_equal(set.reports[0].header_line, 9);
    assert_int_equal(set.reports[1].header_line, 148);
    assert_int_equal(set.reports[1].last_line, 161);
    pa_report_set_free(&set);
}

/* 4.9-era syslog: zone lines wrapped by the reporter, lowmem_reserve[] one
   number per syslog record, "Node 0 " split from "Normal free:". */
static void test_syslog_wrapped(void **state)
{
    (void)state;
    struct pa_report_set set;
    parse_file("r05_4.x_syslog_wrapped_lowmem_split.txt", &set);
    assert_int_equal(set.nr, 1);
    const struct pa_report *r = &set.reports[0];
    assert_int_equal(r->nr_zones, 2);
    const struct pa_report_zone *d = zone(r, -1, "DMA32");
    assert_int_equal(d->kb[PA_RZ_FREE], 250428);
    assert_int_equal(d->kb[PA_RZ_MANAGED], 1886944);  /* from the 3rd physical line */
    assert_true(d->have & (1u << PA_RZ_FREE_CMA));    /* from the 4th */
    assert_int_equal(d->nr_lowmem, 5);
    assert_int_equal(d->lowmem_reserve[2], 62446);
    const struct pa_report_zone *n = zone(r, 0, "Normal");
    assert_int_equal(n->kb[PA_RZ_MIN], 65640);
    assert_int_equal(n->kb[PA_RZ_MANAGED], 63949432);
    assert_int_equal(n->nr_lowmem, 5);
    assert_int_equal(r->nr_global, 0); /* "active_anon:...kB" continued the zone line */
    assert_int_equal(r->nr_ignored, 0);
    pa_report_set_free(&set);
}

/* 5.x: zone lines with reserved_highatomic in "KB", a buddy line for a zone
   whose zone line is not quoted, a hugepages line. */
static void test_5x_partial(void **state)
{
    (void)state;
    struct pa_report_set set;
    parse_file("r08_5.x_dma32_normal_partial.txt", &set);
    const struct pa_report *r = &set.reports[0];
    assert_int_equal(r->nr_zones, 3);
    const struct pa_report_zone *d = zone(r, 0, "DMA");
    assert_int_equal(d->zone_line, 0);
    assert_int_equal(d->buddy_line, 6);
    const struct pa_report_zone *n = zone(r, 0, "Normal");
    assert_true(n->have & (1u << PA_RZ_RESERVED_HIGHATOMIC));
    assert_int_equal(n->kb[PA_RZ_RESERVED_HIGHATOMIC], 0);
    assert_int_equal(n->nr_free[1], 5841);
    assert_int_equal(n->mt_mask[1], MT(UNMOVABLE) | MT(MOVABLE));
    assert_int_equal(r->nr_hugepages, 1);
    assert_int_equal(r->hugepages[0].size_kb, 2048);
    pa_report_set_free(&set);
}

/* 6.x arm64 Android: a highatomic reserve and 'H' letters. */
static void test_6x_highatomic(void **state)
{
    (void)state;
    struct pa_report_set set;
    parse_file("r13_6.x_arm64_android_normal_only.txt", &set);
    const struct pa_report *r = &set.reports[0];
    assert_int_equal(r->nr_zones, 1);
    const struct pa_report_zone *n = zone(r, -1, "Normal");
    assert_int_equal(n->kb[PA_RZ_RESERVED_HIGHATOMIC], 4096);
    assert_true(n->have & (1u << PA_RZ_BOOST));
    assert_int_equal(n->mt_mask[0], MT(UNMOVABLE) | MT(MOVABLE) | MT(RECLAIMABLE) | MT(HIGHATOMIC));
    assert_int_equal(n->mt_mask[4], MT(UNMOVABLE) | MT(RECLAIMABLE));
    assert_int_equal(n->nr_lowmem, 4);
    pa_report_set_free(&set);
}

/* Headers in every era's form, wrapped ones, and the version lines. */
static void test_headers(void **state)
{
    (void)state;
    struct pa_report_set set;
    parse_file("r16_4.12_mail_wrapped_header.txt", &set);
    assert_int_equal(set.nr, 1);
    assert_int_equal(set.reports[0].order, 0);
    assert_int_equal(set.reports[0].mode, 0x14210d2);
    assert_string_equal(set.reports[0].mode_names, "GFP_HIGHUSER|__GFP_NORETRY|__GFP_RECLAIMABLE");
    assert_string_equal(set.reports[0].nodemask, "(null)");
    assert_string_equal(set.reports[0].kernel, "4.12.0-rc3-android-x86+");
    assert_int_equal(set.reports[0].version_line, 6);
    pa_report_set_free(&set);

    parse_file("r17_4.19_no_comm_cpuset_line.txt", &set);
    assert_int_equal(set.nr, 1);
    assert_string_equal(set.reports[0].comm, "");
    assert_int_equal(set.reports[0].order, 9);
    assert_int_equal(set.reports[0].mode, 0x6000c0);
    assert_string_equal(set.reports[0].cpuset, "/");
    assert_string_equal(set.reports[0].mems_allowed, "0");
    assert_string_equal(set.reports[0].kernel, "4.19.8-1901020539.iot-lts2018-sos");
    pa_report_set_free(&set);

    parse_file("r07_5.4_dmesg_T_order4.txt", &set);
    assert_string_equal(set.reports[0].comm, "kworker/u16:3");
    assert_int_equal(set.reports[0].mode, 0x40dc0);
    assert_string_equal(set.reports[0].cpuset, "/");
    assert_string_equal(set.reports[0].kernel, "5.4.19-100.fc30.x86_64");
    assert_int_equal(set.reports[0].nr_ignored, 0);
    pa_report_set_free(&set);

    parse_file("r19_3.4_syslog_and_stamp.txt", &set);
    assert_string_equal(set.reports[0].kernel, "3.4.0-1.fc17.x86_64");
    assert_int_equal(set.reports[0].mode, 0x10d0);
    pa_report_set_free(&set);

    parse_file("r20_4.15_swapper_numa_cpuset_line.txt", &set);
    assert_int_equal(set.nr, 1);
    assert_int_equal(set.reports[0].header_line, 11);
    assert_string_equal(set.reports[0].mems_allowed, "0-1");
    pa_report_set_free(&set);

    parse_file("r18_rhel6_2.6.32_aerospike.txt", &set);
    assert_int_equal(set.nr, 2);
    assert_string_equal(set.reports[0].comm, "cld");
    assert_string_equal(set.reports[1].comm, "asd");
    assert_true(set.reports[1].period_form);
    pa_report_set_free(&set);

    parse_file("r14_6.8_xtensa_nommu_atomic.txt", &set);
    assert_string_equal(set.reports[0].kernel, "6.8.0");
    assert_int_equal(set.reports[0].nr_ignored, 0); /* hex stack words are stack lines */
    pa_report_set_free(&set);

    /* 5.x+ vmalloc header, journalctl -o short-precise stamps. */
    parse_file("r22_6.3_vmalloc_error_order9.txt", &set);
    assert_int_equal(set.nr, 1);
    assert_true(set.reports[0].vmalloc);
    assert_int_equal(set.reports[0].vmalloc_size, 0);
    assert_int_equal(set.reports[0].order, 9);
    assert_int_equal(set.reports[0].mode, 0xdc2);
    assert_string_equal(set.reports[0].comm, "kworker/8:1");
    assert_string_equal(set.reports[0].kernel, "6.3.2");
    pa_report_set_free(&set);

    /* 32-bit x86: 8-digit stack words are stack lines. */
    parse_file("r23_3.19_i386_order4.txt", &set);
    assert_int_equal(set.nr, 1);
    assert_int_equal(set.reports[0].header_line, 6);
    assert_int_equal(set.reports[0].mode, 0x8020);
    assert_string_equal(set.reports[0].kernel, "3.19.0-32-generic");
    assert_int_equal(set.reports[0].nr_ignored, 0);
    pa_report_set_free(&set);

    parse_file("r10_4.9_numa_nodes.txt", &set);
    assert_int_equal(set.reports[0].nr_zones, 2);
    assert_int_equal(zone(&set.reports[0], 2, "Normal")->kb[PA_RZ_FREE], 209784);
    pa_report_set_free(&set);
}

static void expect_error(const char *text, int line, int column, const char *msg_part)
{
    struct pa_report_set set;
    struct pa_report_diag d;
    size_t len = strlen(text);
    assert_int_equal(pa_report_parse_ex(text, len, PA_REPORT_STRICT, &set, &d), -1);
    assert_int_equal(set.nr, 0);
    if (d.line != line || d.column != column || !strstr(d.msg, msg_part)) {
        print_error("got %d:%d: %s\n", d.line, d.column, d.msg);
        fail();
    }
    /* Forgiving (the default): the same text parses, the problem is a
       warning at the same place. */
    assert_int_equal(pa_report_parse(text, len, &set, &d), 0);
    bool seen = false;
    for (int i = 0; i < set.nr_warn; i++)
        if (set.warn[i].line == line && set.warn[i].column == column &&
            strstr(set.warn[i].msg, msg_part))
            seen = true;
    if (!seen) {
        for (int i = 0; i < set.nr_warn; i++)
            print_error("warning %d:%d: %s\n", set.warn[i].line, set.warn[i].column,
                        set.warn[i].msg);
        fail();
    }
    pa_report_set_free(&set);
}

/* Two real excerpts end inside a zone line: the cut number has no unit. */
static void test_real_truncated_is_error(void **state)
{
    (void)state;
    char *t = pa_test_read_file("tests/data/reports/r03_2.6_nonuma_dma_exhausted.txt");
    assert_non_null(t);
    expect_error(t, 24, 196, "expected 'kB' after present's value");
    free(t);
    t = pa_test_read_file("tests/data/reports/r12_4.9_csky_cma_order10.txt");
    assert_non_null(t);
    expect_error(t, 30, 215, "expected 'kB' after managed's value");
    /* Forgiving: the cut costs managed only; free and the marks are kept. */
    struct pa_report_set set;
    parse_ok(t, &set);
    const struct pa_report_zone *z = zone(&set.reports[0], -1, "Normal");
    assert_non_null(z);
    assert_true(z->have & (1u << PA_RZ_FREE));
    assert_true(z->have & (1u << PA_RZ_MIN));
    assert_false(z->have & (1u << PA_RZ_MANAGED));
    assert_true(z->damaged);
    pa_report_set_free(&set);
    free(t);
}

/* Constructed inputs, one malformed thing each. */
static void test_errors(void **state)
{
    (void)state;
    expect_error("Node 0 DMA: 1*4kB 2*16kB = 36kB\n", 1, 21, "expected 8kB for order 1");
    expect_error("Node 0 DMA: 1*4kB (UX) = 4kB\n", 1, 21, "migratetype letter");
    expect_error("Node 0 DMA free:12kB min:4kB bogus low:5kB\n", 1, 30, "expected KEY:VALUE");
    expect_error("x: page allocation failure: order:abc, mode:0x20\n", 1, 35, "order 0..63");
    expect_error("x: page allocation failure: order:1 mode:0x20\n", 1, 37, "', mode:0x");
    expect_error("Normal: 1*4kB = 4kB trailing\n", 1, 21, "end of the buddy line");
    expect_error("lowmem_reserve[]: 0 1\nDMA free:4kB min:1kB\nlowmem_reserve[]: 0 x\n", 3, 21,
                 "expected a number of pages");
    char nul[] = "Mem-Info:\nDMA free:4kB\0 min:1kB\n";
    struct pa_report_set set;
    struct pa_report_diag d;
    assert_int_equal(pa_report_parse(nul, sizeof nul - 1, &set, &d), -1);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.column, 13);
}

/* Constructed: a 32-bit x86 HighMem dump without "Node" prefixes, CRLF line
   ends, mail quote markers, a buddy line wrapped before its total, and a
   64 kB-page buddy line. */
static void test_constructed_layouts(void **state)
{
    (void)state;
    const char *text =
        "> swapper: page allocation failure: order:1, mode:0x20\r\n"
        "> Pid: 0, comm: swapper Not tainted 2.6.32-5-686 #1\r\n"
        "> DMA free:3516kB min:64kB low:80kB high:96kB present:15788kB pages_scanned:0 "
        "all_unreclaimable? no\r\n"
        "> lowmem_reserve[]: 0 865 2011 2011\r\n"
        "> Normal free:3640kB min:3728kB low:4660kB high:5592kB present:885944kB\r\n"
        "> lowmem_reserve[]: 0 0 9175 9175\r\n"
        "> HighMem free:1045772kB min:512kB low:1748kB high:2984kB present:1174400kB\r\n"
        "> lowmem_reserve[]: 0 0 0 0\r\n"
        ">\tDMA: 3*4kB 2*8kB 4*16kB 3*32kB 2*64kB 1*128kB 2*256kB 1*512kB 0*1024kB 1*2048kB\r\n"
        "> 0*4096kB = 3516kB\r\n"
        "> Normal: 910*4kB 0*8kB 0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB "
        "0*2048kB 0*4096kB = 3640kB\r\n"
        "> HighMem: 1*64kB 2*128kB = 320kB\r\n";
    struct pa_report_set set;
    parse_ok(text, &set);
    assert_int_equal(set.nr, 1);
    const struct pa_report *r = &set.reports[0];
    assert_string_equal(r->kernel, "2.6.32-5-686");
    assert_int_equal(r->nr_zones, 3);
    const struct pa_report_zone *h = zone(r, -1, "HighMem");
    assert_int_equal(h->type, PA_ZONE_HIGHMEM);
    assert_int_equal(h->kb[PA_RZ_FREE], 1045772);
    assert_int_equal(h->page_kb, 64);
    assert_int_equal(h->nr_orders, 2);
    const struct pa_report_zone *d = zone(r, -1, "DMA");
    assert_int_equal(d->nr_orders, 11);      /* the wrapped 0*4096kB column */
    assert_int_equal(d->nr_free[9], 1);
    assert_true(d->buddy_total_printed);
    assert_int_equal(d->all_unreclaimable, 0);
    assert_int_equal(zone(r, -1, "Normal")->lowmem_reserve[2], 9175);
    assert_int_equal(set.nr_warn, 0);
    pa_report_set_free(&set);
}

/* Constructed: a comm with a blank (Firefox's "Web Content" threads) is a
   header; prose quoting the message is not. */
static void test_header_comm_forms(void **state)
{
    (void)state;
    struct pa_report_set set;
    parse_ok("Web Content: page allocation failure: order:2, mode:0x40cc0(GFP_KERNEL|__GFP_COMP)"
             "\nIn the log we see: page allocation failure. order:10, mode:0xd0 again\n",
             &set);
    assert_int_equal(set.nr, 1);
    assert_string_equal(set.reports[0].comm, "Web Content");
    assert_int_equal(set.reports[0].order, 2);
    pa_report_set_free(&set);
}

/* An OOM-killer report after a failure report is a report of its own, with
   its request and its victim. */
static void test_oom_report_ends_it(void **state)
{
    (void)state;
    const char *text = "a: page allocation failure: order:0, mode:0x20\n"
                       "Node 0 DMA free:8kB min:4kB\n"
                       "b invoked oom-killer: gfp_mask=0x201da, order=0\n"
                       "Mem-Info:\n"
                       "Node 0 DMA free:16kB min:4kB\n"
                       "Out of memory: Kill process 1234 (big task) score 900 or sacrifice child\n"
                       "Killed process 1234 (big task) total-vm:1kB\n";
    struct pa_report_set set;
    parse_ok(text, &set);
    assert_int_equal(set.nr, 2);
    assert_int_equal(set.reports[0].nr_zones, 1);
    assert_int_equal(set.reports[0].zones[0].kb[PA_RZ_FREE], 8);
    assert_false(set.reports[0].oom);
    const struct pa_report *o = &set.reports[1];
    assert_true(o->oom);
    assert_int_equal(o->header_line, 3);
    assert_string_equal(o->comm, "b");
    assert_int_equal(o->order, 0);
    assert_int_equal(o->mode, 0x201da);
    assert_int_equal(o->zones[0].kb[PA_RZ_FREE], 16);
    assert_int_equal(o->victim_pid, 1234);
    assert_string_equal(o->victim, "big task");
    assert_int_equal(o->victim_line, 7);
    pa_report_set_free(&set);
}

/* A dump copied from a rendered GitHub page: markdown turned the buddy
   lines' '*' into '_'; the dump of one failure precedes the next header. */
static void test_markdown_underscores(void **state)
{
    (void)state;
    struct pa_report_set set;
    parse_file("r21_2.6.38_markdown_underscores.txt", &set);
    assert_int_equal(set.nr, 2);
    const struct pa_report *r = &set.reports[0];
    assert_int_equal(r->header_line, 0);
    assert_int_equal(r->nr_zones, 3);
    const struct pa_report_zone *n = zone(r, 0, "Normal");
    assert_int_equal(n->nr_free[0], 486);
    assert_int_equal(n->nr_free[1], 46);
    assert_int_equal(n->nr_free[2], 2);
    assert_int_equal(n->buddy_total_kb, 2344);
    assert_int_equal(zone(r, 0, "DMA32")->nr_free[1], 3276);
    assert_int_equal(zone(r, 0, "DMA")->zone_line, 0);
    assert_true(r->have_free_swap);
    assert_int_equal(r->free_swap_kb, 7812092);
    assert_int_equal(set.nr_warn, 1); /* said once per input ... */
    assert_int_equal(set.warn[0].count, 3); /* ... for its three buddy lines */
    assert_int_equal(set.reports[1].header_line, 12);
    assert_int_equal(set.reports[1].mode, 0x4020);
    assert_string_equal(set.reports[1].kernel, "2.6.38-10-server");
    pa_report_set_free(&set);
}

/* Every real report either parses or fails with a position: never a crash. */
static void test_all_real_reports(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/data/reports", PA_SOURCE_DIR);
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    struct dirent *e;
    int files = 0, parsed = 0;
    while ((e = readdir(dp)) != NULL) {
        if (!strstr(e->d_name, ".txt"))
            continue;
        char rel[512];
        snprintf(rel, sizeof rel, "tests/data/reports/%s", e->d_name);
        char *t = pa_test_read_file(rel);
        assert_non_null(t);
        struct pa_report_set set;
        struct pa_report_diag d;
        /* Forgiving: every file is read; g12 (two CPUs' output interleaved
           token by token) holds no readable line of a report. */
        int rc = pa_report_parse(t, strlen(t), &set, &d);
        assert_int_equal(rc, 0);
        if (strncmp(e->d_name, "g12_", 4))
            assert_true(set.nr >= 1);
        pa_report_set_free(&set);
        /* Strict: either read whole or refused with a position. */
        rc = pa_report_parse_ex(t, strlen(t), PA_REPORT_STRICT, &set, &d);
        if (rc == 0) {
            parsed++;
            pa_report_set_free(&set);
        } else {
            assert_int_equal(rc, -1);
            assert_true(d.line > 0 && d.column > 0 && d.msg[0]);
        }
        free(t);
        files++;
    }
    closedir(dp);
    assert_int_equal(files, 81);
    assert_true(parsed < files); /* damage --strict refuses is in the corpus */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed002_one_line),
        cmocka_unit_test(test_seed001_partial),
        cmocka_unit_test(test_seed000_two_headers),
        cmocka_unit_test(test_syslog_wrapped),
        cmocka_unit_test(test_5x_partial),
        cmocka_unit_test(test_6x_highatomic),
        cmocka_unit_test(test_headers),
        cmocka_unit_test(test_real_truncated_is_error),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_constructed_layouts),
        cmocka_unit_test(test_header_comm_forms),
        cmocka_unit_test(test_oom_report_ends_it),
        cmocka_unit_test(test_markdown_underscores),
        cmocka_unit_test(test_all_real_reports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
