/*
 * test_report_corpus.c - `explain` on the whole corpus of real reports
 * (tests/data/reports/, sources in its README.md), as pasted, damage and all.
 *
 * 1. Every file is read without a refusal, and every zone whose numbers are
 *    present gets a verdict: a pass or a fail of the era's check for the
 *    report's request, or (no request: SysRq-M, a quote without its header,
 *    an OOM header of an era that printed no order) the largest order a
 *    request would get at MIN. The counts are printed.
 * 2. A table of per-zone verdicts worked out by hand from the dumps' numbers
 *    (the arithmetic is in the comments: kB / 4 = pages on these 4 kB-page
 *    machines, 8 kB on sparc64; MIN as printed includes the boost; the class
 *    zone's lowmem_reserve column; the era's rule of kernel-semantics 3.1 /
 *    3.3: the 2.6.x-4.3 loop halves MIN per order below the request, 4.4+
 *    wants one free block at or above the order).
 * 3. What the parser reads out of each kind of damage, on the real report
 *    that shows it.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/explain.h"
#include "pagealloc/profile.h"
#include "pagealloc/report.h"

/* The profile the CLI would choose: --kernel is not given; the report's
   version line, else its era read off the dump, else the report before it in
   the same paste, else the newest kernel. */
static const struct pa_profile *profile_for(const struct pa_report_set *s, int idx)
{
    char v[96];
    for (int i = idx; i >= 0; i--) {
        const struct pa_report *r = &s->reports[i];
        if (r->kernel[0])
            return pa_profile_for_version(r->kernel, NULL, 0);
        if (pa_report_guess_version(r, v, sizeof v, NULL, 0))
            return pa_profile_for_version(v, NULL, 0);
    }
    return pa_profile_latest();
}

struct checked {
    struct pa_report_set set;
    char *text;
};

static void load(struct checked *c, const char *prefix)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/data/reports", PA_SOURCE_DIR);
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    struct dirent *e;
    char rel[512] = "";
    while ((e = readdir(dp)) != NULL)
        if (!strncmp(e->d_name, prefix, strlen(prefix)) && strstr(e->d_name, ".txt"))
            snprintf(rel, sizeof rel, "tests/data/reports/%s", e->d_name);
    closedir(dp);
    assert_true(rel[0]);
    c->text = pa_test_read_file(rel);
    assert_non_null(c->text);
    struct pa_report_diag d;
    assert_int_equal(pa_report_parse(c->text, strlen(c->text), &c->set, &d), 0);
}

static void unload(struct checked *c)
{
    pa_report_set_free(&c->set);
    free(c->text);
}

static int zone_index(const struct pa_report *r, int node, const char *name)
{
    for (int i = 0; i < r->nr_zones; i++)
        if ((node < 0 || r->zones[i].node == node) && !strcmp(r->zones[i].name, name))
            return i;
    return -1;
}

/* ---- 1. the sweep ------------------------------------------------------------------ */

static void test_every_zone_gets_a_verdict(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/data/reports", PA_SOURCE_DIR);
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    struct dirent *e;
    int files = 0, reports = 0, present = 0, verdicts = 0, zones = 0;
    while ((e = readdir(dp)) != NULL) {
        if (!strstr(e->d_name, ".txt"))
            continue;
        char rel[512];
        snprintf(rel, sizeof rel, "tests/data/reports/%s", e->d_name);
        char *t = pa_test_read_file(rel);
        assert_non_null(t);
        struct pa_report_set s;
        struct pa_report_diag d;
        assert_int_equal(pa_report_parse(t, strlen(t), &s, &d), 0);
        files++;
        for (int i = 0; i < s.nr; i++) {
            const struct pa_report *r = &s.reports[i];
            const struct pa_profile *p = profile_for(&s, i);
            assert_non_null(p);
            struct pa_explain_in in;
            char note[512];
            assert_int_equal(pa_report_explain_input(r, p, -1, NULL, 0, &in, note, sizeof note),
                             0);
            struct pa_explain_result res;
            assert_int_equal(pa_explain(&in, &res), 0);
            bool request = in.order >= 0 && in.have_mode;
            reports++;
            for (int z = 0; z < in.nr_zones; z++) {
                const struct pa_explain_zone_in *zi = &in.zones[z];
                zones++;
                /* The numbers the check needs: the zone line's free and min,
                   and (a request above order 0) a complete buddy line. */
                bool numbers = zi->have_zone_line &&
                               (!request || in.order == 0 || zi->have_buddy);
                if (!numbers)
                    continue;
                present++;
                bool verdict;
                if (request) {
                    verdict = res.zones[z].passes == 0 || res.zones[z].passes == 1;
                } else {
                    struct pa_zone_orders o;
                    pa_report_zone_orders(p, zi, &o);
                    verdict = o.known;
                }
                if (!verdict)
                    print_error("%s report %d zone %s: no verdict\n", e->d_name, i + 1,
                                zi->name);
                verdicts += verdict;
            }
            pa_explain_free(&res);
            free(in.zones);
        }
        pa_report_set_free(&s);
        free(t);
    }
    closedir(dp);
    print_message("corpus: %d files, %d reports, %d zones; %d with their numbers present, "
                  "%d with a verdict\n", files, reports, zones, present, verdicts);
    assert_int_equal(files, 81);
    assert_true(reports >= 81);
    assert_int_equal(verdicts, present);
}

/* ---- 2. verdicts by hand ----------------------------------------------------------- */

/* A report with a request: expected pass (1) / fail (0) and, for a fail, why. */
struct req_case {
    const char *file;
    int report, node;
    const char *zone;
    int passes;
    enum pa_explain_cause cause;
};

static const struct req_case req_cases[] = {
    /* m05, 2.6.30 x86_64 OOM, gfp 0x201da (HIGHUSER_MOVABLE) order 0: zones up
       to Movable, class DMA32 (the highest in the dump). Loop rule, one check.
       DMA: 7776/4 = 1944 <= MIN 40/4 = 10 + lowmem_reserve[DMA32] 1935 = 1945.
       DMA32: 5588/4 = 1397 <= MIN 5608/4 = 1402. */
    {"m05_", 0, -1, "DMA", 0, PA_CAUSE_LOWMEM_RESERVE},
    {"m05_", 0, -1, "DMA32", 0, PA_CAUSE_LOW_FREE},
    /* b01, 3.13 x86_64 OOM, same mask: DMA 1964/4 = 491 <= 88/4 = 22 + 471 =
       493; DMA32 2732/4 = 683 <= 683. */
    {"b01_", 0, 0, "DMA", 0, PA_CAUSE_LOWMEM_RESERVE},
    {"b01_", 0, 0, "DMA32", 0, PA_CAUSE_LOW_FREE},
    /* f01, 2.6.22 i386 OOM, gfp 0x201d2 (HIGHUSER): class Normal (no HighMem
       line). DMA 3044/4 = 761 <= 72/4 = 18 + 745 = 763; Normal 4440/4 = 1110 >
       3456/4 = 864: passes (the state changed before the dump). */
    {"f01_", 0, -1, "DMA", 0, PA_CAUSE_LOWMEM_RESERVE},
    {"f01_", 0, -1, "Normal", 1, PA_CAUSE_UNKNOWN},
    /* m07, 2.6.24 i386 OOM, gfp 0x2d0 (no zone bits: up to Normal): DMA
       3536/4 = 884 <= 68/4 = 17 + lowmem_reserve[Normal] 873 = 890; Normal
       3732/4 = 933 <= 3744/4 = 936. */
    {"m07_", 0, -1, "DMA", 0, PA_CAUSE_LOWMEM_RESERVE},
    {"m07_", 0, -1, "Normal", 0, PA_CAUSE_LOW_FREE},
    /* m08, 5.7 i386 OOM (quoted-printable), gfp 0x0: up to Normal. DMA 3092/4
       = 773 <= 68/4 = 17 + 757 = 774; Normal 154644/4 = 38661 > 3484/4 = 871. */
    {"m08_", 0, -1, "DMA", 0, PA_CAUSE_LOWMEM_RESERVE},
    {"m08_", 0, -1, "Normal", 1, PA_CAUSE_UNKNOWN},
    /* m19, 4.11 x86_64 OOM, GFP_KERNEL: class DMA32. DMA 7316/4 = 1829 > 32/4
       = 8 + lowmem_reserve[DMA32] 992 = 1000; DMA32 9088/4 = 2272 > 512. */
    {"m19_", 0, -1, "DMA", 1, PA_CAUSE_UNKNOWN},
    {"m19_", 0, -1, "DMA32", 1, PA_CAUSE_UNKNOWN},
    /* g01, 2.6.2x MIPS, order 3 GFP_ATOMIC: ALLOC_HIGH then ALLOC_HARDER: MIN
       508/4 = 127 -> 127 - 63 = 64 -> 64 - 16 = 48. free 1032/4 = 258 - 7 =
       251 > 48; o=0: 251 - 72 = 179 > 24; o=1: 179 - 43*2 = 93 > 12; o=2: 93 -
       23*4 = 1 <= 6: fragmented. */
    {"g01_", 0, -1, "Normal", 0, PA_CAUSE_FRAGMENTED},
    /* m06, 2.6.17 i386, order 0 GFP_ATOMIC (wrapped header): MIN halved and
       cut by a quarter. DMA 516/4 = 129 <= (45 - 22 - 5 = 18) + reserve[Normal]
       111 = 129; DMA32 0 <= 0; Normal 460/4 = 115 <= 315 - 157 - 39 = 119. */
    {"m06_", 0, -1, "DMA", 0, PA_CAUSE_LOWMEM_RESERVE},
    {"m06_", 0, -1, "DMA32", 0, PA_CAUSE_LOW_FREE},
    {"m06_", 0, -1, "Normal", 0, PA_CAUSE_LOW_FREE},
};

static void test_request_verdicts_by_hand(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof req_cases / sizeof req_cases[0]; k++) {
        const struct req_case *c = &req_cases[k];
        struct checked f;
        load(&f, c->file);
        assert_true(c->report < f.set.nr);
        const struct pa_report *r = &f.set.reports[c->report];
        const struct pa_profile *p = profile_for(&f.set, c->report);
        struct pa_explain_in in;
        char note[512];
        assert_int_equal(pa_report_explain_input(r, p, -1, NULL, 0, &in, note, sizeof note), 0);
        struct pa_explain_result res;
        assert_int_equal(pa_explain(&in, &res), 0);
        int zi = zone_index(r, c->node, c->zone);
        assert_true(zi >= 0);
        const struct pa_explain_zone *z = &res.zones[zi];
        if (z->passes != c->passes || (c->passes == 0 && z->cause != c->cause)) {
            print_error("%s %s: passes %d cause %s, expected %d %s\n", c->file, c->zone,
                        z->passes, pa_explain_cause_name(z->cause), c->passes,
                        pa_explain_cause_name(c->cause));
            fail();
        }
        pa_explain_free(&res);
        free(in.zones);
        unload(&f);
    }
}

/* m20: the cpuset allows node 4 only, whose one zone is Movable; a
   GFP_HIGHUSER request may use zones up to HighMem: no zone it may use. */
static void test_oom_no_usable_zone(void **state)
{
    (void)state;
    struct checked f;
    load(&f, "m20_");
    const struct pa_report *r = &f.set.reports[0];
    assert_true(r->oom);
    assert_int_equal(r->order, 0);
    assert_int_equal(r->mode, 0x500cc2);
    assert_int_equal(r->victim_pid, 4100);
    assert_string_equal(r->victim, "containerd");
    struct pa_explain_in in;
    char note[512];
    assert_int_equal(pa_report_explain_input(r, profile_for(&f.set, 0), -1, NULL, 0, &in, note,
                                             sizeof note), 0);
    struct pa_explain_result res;
    assert_int_equal(pa_explain(&in, &res), 0);
    assert_int_equal(res.cause, PA_CAUSE_NO_ZONE);
    assert_false(res.zones[0].eligible);
    pa_explain_free(&res);
    free(in.zones);
    unload(&f);
}

/* No request: the largest order that passes at MIN, -1 when order 0 fails. */
struct orders_case {
    const char *file;
    int report, node;
    const char *zone;
    int max_pass;
};

static const struct orders_case orders_cases[] = {
    /* m01, 2.6.3 i386 SysRq-M, loop rule. DMA 1348/4 = 337, MIN 4, blocks
       75 69 21 3 1 (orders 0-4): order 4: 337 - 15 = 322 > 4; -75 = 247 > 2;
       -138 = 109 > 1; -84 = 25 > 0; -24 = 1 > 0: passes; order 5: 306 ... 9 -
       24 = -15 <= 0. Normal 354 > 234; order 7: 354 - 127 = 227 <= 234, order 6
       passes every step (129 > 3 at the end). HighMem 512/4 = 128 <= 128. */
    {"m01_", 0, -1, "DMA", 4},
    {"m01_", 0, -1, "Normal", 6},
    {"m01_", 0, -1, "HighMem", -1},
    /* m03, 2.6.9 i386: Normal 524/4 = 131 > 120; order 3: 124 > 120, 63 > 60,
       45 > 30, 41 > 15; order 4: 116 <= 120. DMA 976/4 = 244 > 8 up to order
       7 (the 3*128kB blocks leave 1 > 0); order 8: 244 - 255 < 0. */
    {"m03_", 0, -1, "DMA", 7},
    {"m03_", 0, -1, "Normal", 3},
    {"m03_", 0, -1, "HighMem", -1},
    /* m04, 2.6.10 x86_64 (protections[] not used): DMA 1134, MIN 15; order 3:
       1127 - 556 = 571 > 7, -310 = 261 > 3, -260 = 1 <= 1: order 2 at most.
       Normal 131162, MIN 1007: order 8 ends at 1025 > 3, order 9 at 1 <= 1. */
    {"m04_", 0, -1, "DMA", 2},
    {"m04_", 0, -1, "Normal", 8},
    {"m04_", 0, -1, "HighMem", -1},
    /* m15, 2.6.x i386 SysRq-M: DMA 540, MIN 4, order 9: 29 - 20 - 8 = 1 > 0;
       order 10: negative. Normal 638, MIN 234, order 8 ends at 1 > 0, order 9:
       638 - 511 = 127 <= 234. HighMem 252/4 = 63, MIN 32: order 4: 48 - 1 - 2
       - 4 - 8 = 33 > 2; order 5: 63 - 31 = 32 <= 32. */
    {"m15_", 0, -1, "DMA", 9},
    {"m15_", 0, -1, "Normal", 8},
    {"m15_", 0, -1, "HighMem", 4},
    /* m21, 2.6.1x i386, three OOM kills and a SysRq-M: Normal 3744/4 = 936 and
       then 3752/4 = 938 <= 3756/4 = 939; at the SysRq 3760/4 = 940 > 939 but
       order 1: 940 - 1 = 939 <= 939. */
    {"m21_", 0, -1, "Normal", -1},
    {"m21_", 1, -1, "Normal", -1},
    {"m21_", 3, -1, "Normal", 0},
    /* g15, 6.6 x86_64 (OpenWrt logread), 4.4+ rule: DMA 8012/4 = 2003 > 30;
       order 9: 2003 - 511 > 30 and a 2048kB (E) block; order 10: no block.
       DMA32 33608/4 = 8402 <= 52840/4 = 13210 (MIN with its boost). */
    {"g15_", 0, -1, "DMA", 9},
    {"g15_", 0, -1, "DMA32", -1},
    /* g06, 5.17 sparc64, 8 kB pages: 99400/8 = 12425 <= 106496/8 = 13312. */
    {"g06_", 0, -1, "Normal", -1},
    /* g18, 4.1 ARMv7, loop rule, 12 orders: order 11: 124292 - 2047 - CMA
       6078 = 116167 > 712; then 122245 less 10, 18, 40, 96, 128, 224, 640,
       1024, 1280, 3072, 3072 pages = 112641 > 0 at every halved MIN. */
    {"g18_", 0, -1, "Normal", 11},
    /* g19, 3.18 MIPS: 252/4 = 63 <= 668/4 = 167. */
    {"g19_", 0, -1, "Normal", -1},
    /* m11, 6.15 x86_64 (vmalloc vm_struct: no order): every zone has 4096kB
       (M) blocks and far more free than MIN: every order up to 10. */
    {"m11_", 0, -1, "DMA", 10},
    {"m11_", 0, -1, "DMA32", 10},
    {"m11_", 0, -1, "Normal", 10},
    /* m12, 6.17: DMA32 3512/4 = 878 <= 3912/4 = 978. */
    {"m12_", 0, 0, "DMA32", -1},
    /* g21, 4.14-era x86_64: DMA32 3062108/4 = 765527 > 6328/4 = 1582 and 744
       blocks of 4096kB (M): every order up to 10. */
    {"g21_", 0, 0, "DMA32", 10},
};

static void test_orders_by_hand(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof orders_cases / sizeof orders_cases[0]; k++) {
        const struct orders_case *c = &orders_cases[k];
        struct checked f;
        load(&f, c->file);
        assert_true(c->report < f.set.nr);
        const struct pa_report *r = &f.set.reports[c->report];
        const struct pa_profile *p = profile_for(&f.set, c->report);
        struct pa_explain_in in;
        char note[512];
        assert_int_equal(pa_report_explain_input(r, p, -1, NULL, 0, &in, note, sizeof note), 0);
        int zi = zone_index(r, c->node, c->zone);
        assert_true(zi >= 0);
        struct pa_zone_orders o;
        pa_report_zone_orders(p, &in.zones[zi], &o);
        if (!o.known || o.max_pass != c->max_pass) {
            print_error("%s report %d %s: max order %d (known %d), expected %d\n", c->file,
                        c->report, c->zone, o.max_pass, o.known, c->max_pass);
            fail();
        }
        free(in.zones);
        unload(&f);
    }
}

/* ---- 3. damage, on the real report that shows it ------------------------------------ */

static const struct pa_report_zone *zone_of(const struct checked *f, int rep, int node,
                                            const char *name)
{
    const struct pa_report *r = &f->set.reports[rep];
    int i = zone_index(r, node, name);
    assert_true(i >= 0);
    return &r->zones[i];
}

static bool warned(const struct checked *f, const char *part)
{
    for (int i = 0; i < f->set.nr_warn; i++)
        if (strstr(f->set.warn[i].msg, part))
            return true;
    return false;
}

static void test_damage_kinds(void **state)
{
    (void)state;
    struct checked f;

    /* Quoted-printable (m08): "=3D" and "=" soft breaks inside fields. */
    load(&f, "m08_");
    assert_true(f.set.reports[0].oom);
    assert_int_equal(f.set.reports[0].mode, 0);
    assert_int_equal(zone_of(&f, 0, -1, "HighMem")->kb[PA_RZ_PRESENT], 2229064);
    assert_int_equal(zone_of(&f, 0, -1, "Normal")->kb[PA_RZ_PRESENT], 890872);
    assert_int_equal(zone_of(&f, 0, -1, "Normal")->buddy_total_kb, 154700);
    assert_true(warned(&f, "quoted-printable"));
    unload(&f);

    /* Hard wrap at 132 columns inside names and numbers (m14). */
    load(&f, "m14_");
    assert_int_equal(zone_of(&f, 0, 3, "Normal")->kb[PA_RZ_MANAGED], 956600);
    assert_int_equal(zone_of(&f, 0, 1, "Normal")->nr_free[7], 18);
    assert_true(warned(&f, "cut inside a field"));
    unload(&f);

    /* Thunderbird wraps at 72 columns between fields (m13, m16); Gmail's in a
       syslog (m06) with the header cut after "failure.". */
    load(&f, "m13_");
    assert_int_equal(zone_of(&f, 0, -1, "DMA")->kb[PA_RZ_FREE_CMA], 28068);
    assert_int_equal(zone_of(&f, 0, -1, "Normal")->buddy_total_kb, 866028);
    assert_int_equal(f.set.reports[0].nr_hugepages, 4);
    unload(&f);
    load(&f, "m06_");
    assert_int_equal(f.set.reports[0].order, 0);
    assert_int_equal(f.set.reports[0].mode, 0x20);
    assert_true(f.set.reports[0].period_form);
    assert_int_equal(zone_of(&f, 0, -1, "Normal")->kb[PA_RZ_PRESENT], 114624);
    unload(&f);

    /* A terminal pager's '$' at the cut (m18): the field after the cut read. */
    load(&f, "m18_");
    assert_int_equal(f.set.nr, 2);
    assert_int_equal(zone_of(&f, 0, 0, "Movable")->kb[PA_RZ_FREE_PCP], 368);
    assert_true(warned(&f, "'$'"));
    unload(&f);

    /* Lines cut at a fixed width: a serial console (g02) and journalctl's
       pager ">" (g14): free and the marks kept, the cut buddy line partial. */
    load(&f, "g02_");
    assert_int_equal(zone_of(&f, 0, -1, "Normal")->kb[PA_RZ_MIN], 984);
    assert_true(zone_of(&f, 0, -1, "Normal")->buddy_partial);
    assert_int_equal(f.set.nr, 2);
    unload(&f);
    load(&f, "g14_");
    assert_int_equal(zone_of(&f, 0, -1, "DMA")->kb[PA_RZ_HIGH], 5592);
    assert_true(zone_of(&f, 0, -1, "DMA")->buddy_partial);
    unload(&f);

    /* Prefixes: /dev/kmsg records with "\x0a" (m17, Android), dmesg -T (h01),
       a harness's "[date time]" (h05), journalctl short-monotonic (h04), a
       stamp that lost its "[" (g20), OpenWrt logread (g15), "... kernel:" (m07),
       a host-less syslog (g01). */
    load(&f, "m17_");
    assert_true(f.set.reports[0].oom);
    assert_int_equal(f.set.reports[0].order, 3);
    assert_int_equal(zone_of(&f, 0, -1, "Movable")->kb[PA_RZ_FREE], 2034664);
    assert_int_equal(zone_of(&f, 0, -1, "Normal")->lowmem_reserve[2], 40960);
    assert_true(warned(&f, "x0a"));
    unload(&f);
    load(&f, "h01_");
    assert_string_equal(f.set.reports[0].comm, "postgres");
    assert_string_equal(f.set.reports[0].kernel, "6.16.9+deb14-amd64");
    unload(&f);
    load(&f, "h05_");
    assert_string_equal(f.set.reports[0].comm, "Xorg");
    assert_int_equal(f.set.reports[0].mode, 0xdc0);
    unload(&f);
    load(&f, "h04_");
    assert_string_equal(f.set.reports[0].comm, "earlyoom");
    unload(&f);
    load(&f, "g20_");
    assert_string_equal(f.set.reports[0].comm, "swapper/0");
    assert_int_equal(f.set.reports[0].mode, 0xcc4);
    unload(&f);
    load(&f, "g01_");
    assert_string_equal(f.set.reports[0].comm, "swapper");
    assert_int_equal(zone_of(&f, 0, -1, "Normal")->all_unreclaimable, 0);
    assert_int_equal(zone_of(&f, 0, -1, "Normal")->nr_lowmem, 1);
    unload(&f);

    /* Forum markup in kernel lines (f01): two OOM reports, the victim named. */
    load(&f, "f01_");
    assert_int_equal(f.set.nr, 2);
    assert_string_equal(f.set.reports[0].victim, "amule");
    assert_int_equal(f.set.reports[0].victim_pid, 18662);
    assert_string_equal(f.set.reports[1].comm, "hostname");
    assert_true(warned(&f, "forum markup"));
    unload(&f);

    /* Several reports in one log, 2.6.1x OOM form without comm or order (m21):
       a headerless dump, two OOM kills, a SysRq-M; victims in order. */
    load(&f, "m21_");
    assert_int_equal(f.set.nr, 4);
    assert_string_equal(f.set.reports[0].victim, "exim");
    assert_true(f.set.reports[1].oom);
    assert_int_equal(f.set.reports[1].order, -1);
    assert_int_equal(f.set.reports[1].mode, 0xd0);
    assert_string_equal(f.set.reports[1].victim, "terad");
    assert_int_equal(f.set.reports[2].victim_pid, 19442);
    assert_true(f.set.reports[3].show_mem);
    unload(&f);

    /* Mail quoting of a wrapped syslog (g07): "> " and a header cut inside
       its GFP names, a CPU line cut before the release. */
    load(&f, "g07_");
    assert_true(f.set.reports[f.set.nr - 1].oom);
    assert_int_equal(f.set.reports[f.set.nr - 1].order, 1);
    assert_int_equal(f.set.reports[f.set.nr - 1].mode, 0x15080c0);
    assert_string_equal(f.set.reports[f.set.nr - 1].kernel, "4.14.79-v7+");
    unload(&f);

    /* Old layouts: "HighMem: empty" (m03), zone lines without Node (m19),
       64 kB pages of ppc64 (m02). */
    load(&f, "m03_");
    assert_true(zone_of(&f, 0, -1, "HighMem")->buddy_empty);
    unload(&f);
    load(&f, "m19_");
    assert_int_equal(zone_of(&f, 0, -1, "Movable")->node, -1);
    assert_int_equal(zone_of(&f, 0, -1, "Movable")->nr_free[9], 0);
    unload(&f);
    load(&f, "m02_");
    assert_int_equal(zone_of(&f, 0, 0, "DMA")->page_kb, 64);
    assert_int_equal(zone_of(&f, 0, 0, "DMA")->buddy_total_kb, 36288);
    unload(&f);
}

/* The era without a version line: the clues named. */
static void test_era_guess(void **state)
{
    (void)state;
    struct checked f;
    char v[32], why[256];
    load(&f, "m10_"); /* 6.18: free_highatomic */
    assert_true(pa_report_guess_version(&f.set.reports[0], v, sizeof v, why, sizeof why));
    assert_string_equal(v, "6.12");
    assert_non_null(strstr(why, "free_highatomic"));
    unload(&f);
    load(&f, "g06_"); /* 5.17: boost */
    assert_true(pa_report_guess_version(&f.set.reports[0], v, sizeof v, why, sizeof why));
    assert_string_equal(v, "5.11");
    unload(&f);
    load(&f, "g18_"); /* 4.1: free_pcp, but 'R' blocks: before 4.4 */
    assert_true(pa_report_guess_version(&f.set.reports[0], v, sizeof v, why, sizeof why));
    assert_string_equal(v, "3.17");
    assert_non_null(strstr(why, "'R'"));
    unload(&f);
    load(&f, "m01_"); /* 2.6.3: active/inactive only */
    assert_true(pa_report_guess_version(&f.set.reports[0], v, sizeof v, why, sizeof why));
    assert_string_equal(v, "2.6.27");
    unload(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_zone_gets_a_verdict),
        cmocka_unit_test(test_request_verdicts_by_hand),
        cmocka_unit_test(test_oom_no_usable_zone),
        cmocka_unit_test(test_orders_by_hand),
        cmocka_unit_test(test_damage_kinds),
        cmocka_unit_test(test_era_guess),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
