/*
 * test_compact_live.c - src/live/compact.c on snapshot files of
 * tests/data/compact: the page drift between a snapshot and one taken after
 * a run, the compacting CPU's list clamped to high_min (6.7+), and the
 * model's state and events written out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "live/compact.h"
#include "live/procread.h"

static struct pa_snapfile *load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/data/compact/%s", PA_SOURCE_DIR, name);
    size_t len;
    char *text = pa_read_file(path, &len);
    assert_non_null(text);
    struct pa_snapfile *sf;
    struct pa_diag d;
    int rc = pa_snapfile_parse(text, len, path, &sf, &d);
    free(text);
    if (rc)
        fail_msg("%s:%ld: %s", d.file, d.line, d.msg);
    return sf;
}

/* drift-before -> drift-after: 256 anon and 256 file pages freed (sources),
   512 free pages made anon (targets), 128 kernel pages freed and 256 free
   pages made slab (other). With 256 migrations known, 256 sources and 256
   targets are the others' too. */
static void test_page_drift(void **state)
{
    (void)state;
    struct pa_snapfile *a = load("drift-before.snap"), *b = load("drift-after.snap");
    struct pa_compact_report *rep = calloc(1, sizeof *rep);
    rep->nr_zones = 1;
    rep->zones[0].node = 0;
    snprintf(rep->zones[0].name, sizeof rep->zones[0].name, "Normal");
    rep->zones[0].migrated = 300; /* the model's: makes it the zone of the run */
    assert_int_equal(pa_compact_page_drift(a, NULL, b, rep), 0);
    const struct pa_cz_report *z = &rep->zones[0];
    assert_true(z->have_page_drift);
    assert_int_equal(z->drift_src, 512);
    assert_int_equal(z->drift_tgt, 512);
    assert_int_equal(z->drift_other, 384);
    /* no vmstat: the smaller of sources and targets is the migrations */
    assert_int_equal(z->page_drift, 384);
    rep->have_vmstat = true;
    rep->real_migrated = 256;
    assert_int_equal(pa_compact_page_drift(a, NULL, b, rep), 0);
    assert_int_equal(rep->zones[0].page_drift, 384 + 256 + 256);
    /* a snapshot against itself: nothing moved */
    assert_int_equal(pa_compact_page_drift(a, NULL, a, rep), 0);
    assert_int_equal(rep->zones[0].drift_src + rep->zones[0].drift_tgt, 0);
    assert_int_equal(rep->zones[0].drift_other, 0);
    assert_false(rep->zones[0].have_refilled);
    /* the model moved the 256 anon pages away; after the run they are anon
       pages still (here: the before file again): refilled */
    struct pa_snapfile *m = load("drift-model.snap");
    assert_int_equal(pa_compact_page_drift(a, m, a, rep), 0);
    assert_true(rep->zones[0].have_refilled);
    assert_int_equal(rep->zones[0].refilled, 256);
    /* ... and in the real after file they are free: not refilled */
    assert_int_equal(pa_compact_page_drift(a, m, b, rep), 0);
    assert_int_equal(rep->zones[0].refilled, 0);
    pa_snapfile_free(m);
    assert_int_equal(pa_compact_page_drift(NULL, NULL, a, rep), PA_EINVAL);
    free(rep);
    pa_snapfile_free(a);
    pa_snapfile_free(b);
}

/* frag-highmin: every other page anon, CPU 0's list at high 10 with
   high_min 300: the first free clamps high to 300 (V618 nr_pcp_high), so
   up to 300 freed sources wait on the list at the end, not 10. The state
   written out holds the zone's free pages, and the events add up to the
   migrations. */
static void test_highmin_and_dumps(void **state)
{
    (void)state;
    struct pa_snapfile *sf = load("frag-highmin.snap");
    struct pa_compact_report *rep = calloc(1, sizeof *rep);
    char err[200];
    FILE *st = tmpfile(), *tr = tmpfile();
    assert_non_null(st);
    assert_non_null(tr);
    struct pa_compact_dumps out = {st, tr, false};
    assert_int_equal(pa_compact_predict(sf, -1, 0, 0, &out, rep, err, sizeof err), 0);
    const struct pa_cz_report *z = &rep->zones[0];
    assert_true(z->migrated >= 1536 && z->migrated <= 2560);
    assert_true(z->held > 10 && z->held <= 300);
    /* the state: free pages are the buddy lists' (the held ones are P) */
    rewind(st);
    char line[4096];
    uint64_t free_pages = 0, p_pages = 0, counted = 0;
    while (fgets(line, sizeof line, st)) {
        if (!strncmp(line, "free ", 5)) {
            for (char *t = strtok(line + 5, " \n"); t; t = strtok(NULL, " \n")) {
                unsigned o;
                assert_int_equal(sscanf(strchr(t, ':') + 1, "%u", &o), 1);
                free_pages += 1ull << o;
            }
        } else if (!strncmp(line, "runs ", 5)) {
            for (char *t = strtok(line + 5, " \n"); t; t = strtok(NULL, " \n")) {
                unsigned long long n = strtoull(t + 1, NULL, 10);
                counted += n;
                if (t[0] == 'P')
                    p_pages += n;
            }
        }
    }
    assert_int_equal(counted, 8192);
    assert_int_equal(p_pages, z->held);
    uint64_t pred = 0;
    for (unsigned o = 0; o < z->nr_orders; o++)
        pred += z->predicted[o] << o;
    assert_int_equal(free_pages, pred);
    assert_int_equal(free_pages + z->held, 4096);
    /* the events: begin, end, and batches adding up to the migrations */
    rewind(tr);
    uint64_t migrated = 0;
    int begins = 0, ends = 0;
    while (fgets(line, sizeof line, tr)) {
        unsigned long long n;
        const char *p = strstr(line, "nr_migrated=");
        if (p && sscanf(p, "nr_migrated=%llu", &n) == 1)
            migrated += n;
        begins += !!strstr(line, "mm_compaction_begin: zone_start=0x100000 ");
        ends += !!strstr(line, "mm_compaction_end: ") && !!strstr(line, "status=complete");
    }
    assert_int_equal(begins, 1);
    assert_int_equal(ends, 1);
    assert_int_equal(migrated, z->migrated);
    fclose(st);
    fclose(tr);
    free(rep);
    pa_snapfile_free(sf);
}

/* --pcp-guess: lone flagless pages in pageblocks of user and free pages
   only are the per-CPU pages, lowest first; a pageblock with a kernel page
   gives none, nor does a run of two flagless pages. Pageblocks of 8 pages,
   the zone starting at pfn 100 inside block 12 (96-103): A P A F -> 101;
   block 13 (104-111) P A F A A P P A -> 104 (109-110 are a run of two);
   block 14 (112-119) F F F F A P A K -> none (a kernel page); block 15
   (120-127) F F F F P F A A -> 124. */
static void test_guess_pcp(void **state)
{
    (void)state;
    struct pa_snap_run runs[] = {
        {'A', 1}, {'P', 1}, {'A', 1}, {'F', 1}, {'P', 1}, {'A', 1}, {'F', 1}, {'A', 1},
        {'A', 1}, {'P', 2}, {'A', 1}, {'F', 4},
        {'A', 1}, {'P', 1}, {'A', 1}, {'K', 1}, {'F', 4},
        {'P', 1}, {'F', 1}, {'A', 2}, {'F', 4},
    };
    struct pa_snapfile_zone z;
    memset(&z, 0, sizeof z);
    z.start_pfn = 100;
    z.spanned = 32;
    z.runs = runs;
    z.nr_runs = sizeof runs / sizeof runs[0];
    uint64_t *pfn;
    size_t n = pa_compact_guess_pcp(&z, 3, 10, &pfn);
    assert_int_equal(n, 3);
    assert_int_equal(pfn[0], 101);
    assert_int_equal(pfn[1], 104);
    assert_int_equal(pfn[2], 124);
    free(pfn);
    /* at most max, lowest first */
    n = pa_compact_guess_pcp(&z, 3, 2, &pfn);
    assert_int_equal(n, 2);
    assert_int_equal(pfn[1], 104);
    free(pfn);
    assert_int_equal(pa_compact_guess_pcp(&z, 3, 0, &pfn), 0);
    assert_null(pfn);
    assert_int_equal(pa_compact_guess_pcp(NULL, 3, 5, &pfn), 0);
}

/* The pcplist record: pa_compact_add_pcplist puts it in the zone that holds
   the pfns, the parser reads it back (and refuses a pfn outside the zone),
   and the prediction frees the listed flagless page when the compacting
   CPU's list passes high, where it was only counted before. frag-highmin
   with pfn 0x100001 flagless (P) and CPU 0's list holding 5 pages. */
static int predict_text(const char *text, size_t len, struct pa_compact_report *rep)
{
    struct pa_snapfile *sf;
    struct pa_diag d;
    int rc = pa_snapfile_parse(text, len, "t", &sf, &d);
    if (rc)
        return rc;
    char err[200];
    rc = pa_compact_predict(sf, -1, 0, 0, NULL, rep, err, sizeof err);
    pa_snapfile_free(sf);
    return rc;
}

static void test_pcplist(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/tests/data/compact/frag-highmin.snap", PA_SOURCE_DIR);
    size_t len;
    char *text = pa_read_file(path, &len);
    assert_non_null(text);
    char *r = strstr(text, "runs A1 F1");
    assert_non_null(r);
    r[8] = 'P';
    char *c = strstr(text, "count:    0");
    assert_non_null(c);
    c[10] = '5';
    const uint64_t pfns[] = {0x100001, 0x5};
    size_t l2;
    char *t2 = pa_compact_add_pcplist(text, len, pfns, 2, &l2);
    assert_non_null(t2);
    assert_non_null(strstr(t2, "\npcplist 100001\nendzone\n"));
    struct pa_snapfile *sf;
    struct pa_diag d;
    if (pa_snapfile_parse(t2, l2, "t", &sf, &d))
        fail_msg("%ld: %s", d.line, d.msg);
    assert_int_equal(sf->zones[0].nr_pcplist, 1);
    assert_int_equal(sf->zones[0].pcplist[0], 0x100001);
    pa_snapfile_free(sf);
    struct pa_compact_report *with = calloc(1, sizeof *with), *without = calloc(1, sizeof *without);
    assert_int_equal(predict_text(t2, l2, with), 0);
    assert_int_equal(predict_text(text, len, without), 0);
    assert_int_equal(with->zones[0].pcp_old_known, 1);
    assert_int_equal(with->zones[0].pcp_old_placed, 1);
    assert_int_equal(without->zones[0].pcp_old_known, 0);
    assert_int_equal(without->zones[0].pcp_old_placed, 0);
    assert_int_equal(with->zones[0].pcp_old_freed, without->zones[0].pcp_old_freed);
    uint64_t fw = 0, fo = 0;
    for (unsigned o = 0; o < with->zones[0].nr_orders; o++) {
        fw += with->zones[0].predicted[o] << o;
        fo += without->zones[0].predicted[o] << o;
    }
    assert_int_equal(fw, fo + 1);
    free(with);
    free(without);
    free(t2);
    /* a pfn outside the zone is an error at its line */
    char *bad = strstr(text, "endzone");
    assert_non_null(bad);
    size_t off = (size_t)(bad - text);
    char *t3 = malloc(len + 32);
    memcpy(t3, text, off);
    int k = sprintf(t3 + off, "pcplist 5\n");
    memcpy(t3 + off + k, text + off, len - off);
    assert_int_not_equal(pa_snapfile_parse(t3, len + (size_t)k, "t", &sf, &d), 0);
    assert_non_null(strstr(d.msg, "hex pfn of zone Normal"));
    free(t3);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_drift),
        cmocka_unit_test(test_highmin_and_dumps),
        cmocka_unit_test(test_guess_pcp),
        cmocka_unit_test(test_pcplist),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
