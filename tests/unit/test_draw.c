/*
 * test_draw.c - the pictures (src/draw): maps and timelines are drawn from
 * known machine states and the images are read back. The checks compare
 * pixel statistics (cells of each border colour, fill and marker) and SVG
 * elements with counts this file computes from the machine on its own, by
 * walking its pages, not with the map's own arithmetic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>

#include "draw/map.h"
#include "draw/record.h"
#include "draw/timeline.h"
#include "helpers.h"

static char tmpdir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/pa-test-draw-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    return system(cmd) ? -1 : 0;
}

/* ---- the test's own view of a pageblock ------------------------------------------ */

enum { C_FREE, C_ANON, C_SLAB, C_FILE, C_PT, C_HUGE, C_RES, C_HOLE, C_OTHER, C_N };
struct pbview {
    int count[C_N];
    int mt;
    bool unmovable_in_movable, free_big;
};

/* Walk the pages of zone z from its start: block heads carry the order. */
static void view_zone(struct pa_machine *m, const struct pa_zone *z, struct pbview *v,
                      uint64_t first_pb)
{
    uint64_t pbn = (uint64_t)1 << m->pageblock_order;
    uint64_t end = z->start_pfn + z->spanned;
    for (uint64_t pfn = first_pb * pbn; pfn < z->start_pfn; pfn++)
        v[0].count[C_HOLE]++;
    uint64_t last = (end - 1) / pbn;
    for (uint64_t pfn = end; pfn < (last + 1) * pbn; pfn++)
        v[last - first_pb].count[C_HOLE]++;
    uint64_t left = 0;
    int cls = C_OTHER;
    bool big = false;
    for (uint64_t pfn = z->start_pfn; pfn < end; pfn++) {
        struct pa_page *pg = &m->pages[pfn];
        if (!left) {
            left = 1;
            big = false;
            if (pg->flags & PA_PG_HOLE)
                cls = C_HOLE;
            else if (pg->flags & PA_PG_RESERVED)
                cls = C_RES;
            else if (pg->flags & PA_PG_BUDDY) {
                cls = C_FREE;
                left = (uint64_t)1 << pg->order;
                big = pg->order >= m->pageblock_order;
            } else if (pg->flags & PA_PG_ALLOC) {
                left = (uint64_t)1 << pg->order;
                cls = pg->kind == PA_KIND_ANON      ? C_ANON
                      : pg->kind == PA_KIND_SLAB    ? C_SLAB
                      : pg->kind == PA_KIND_FILE    ? C_FILE
                      : pg->kind == PA_KIND_PAGETABLE ? C_PT
                      : pg->kind == PA_KIND_HUGETLB ? C_HUGE
                                                    : C_OTHER;
            }
        }
        struct pbview *pv = &v[pfn / pbn - first_pb];
        pv->count[cls]++;
        if (big)
            pv->free_big = true;
        left--;
    }
    for (uint64_t pb = first_pb; pb <= last; pb++) {
        struct pbview *pv = &v[pb - first_pb];
        pv->mt = m->pageblocks[pb].mt;
        pv->unmovable_in_movable =
            pv->mt == PA_MT_MOVABLE && (pv->count[C_SLAB] || pv->count[C_PT]);
    }
}

static int only_class(const struct pbview *v)
{
    int only = -1;
    for (int c = 0; c < C_N; c++)
        if (v->count[c]) {
            if (only >= 0)
                return -1;
            only = c;
        }
    return only;
}

/* The 2 GiB VM with known contents in DMA32 (pfn 0x10000 on: pageblocks
   128..): an anon block, an unmovable slab block, a movable block with one
   slab page, a reclaimable block half file, a hugetlb block, a movable
   block with one page-table page. */
static struct pa_machine *known_state(void)
{
    struct pa_machine_config cfg;
    pa_config_default_vm(&cfg);
    struct pa_machine *m = pa_test_machine(&cfg);
    struct {
        uint64_t pfn;
        unsigned order;
        enum pa_page_kind kind;
        enum pa_migratetype mt;
    } a[] = {
        {0x10000, 9, PA_KIND_ANON, PA_MT_MOVABLE},
        {0x10200, 9, PA_KIND_SLAB, PA_MT_UNMOVABLE},
        {0x10400, 0, PA_KIND_SLAB, PA_MT_MOVABLE},
        {0x10600, 8, PA_KIND_FILE, PA_MT_RECLAIMABLE},
        {0x10800, 9, PA_KIND_HUGETLB, PA_MT_MOVABLE},
        {0x10a00, 0, PA_KIND_PAGETABLE, PA_MT_MOVABLE},
    };
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
        assert_int_equal(pa_alloc_pfn(m, a[i].pfn, a[i].order, a[i].mt), 0);
        m->pages[a[i].pfn].kind = (uint8_t)a[i].kind;
        if (a[i].mt != PA_MT_MOVABLE)
            pa_set_pageblock_migratetype(m, a[i].pfn, a[i].mt);
    }
    PA_ASSERT_CHECK(m);
    return m;
}

static uint32_t pixel(cairo_surface_t *s, double x, double y)
{
    const unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    const uint32_t *row = (const uint32_t *)(d + (int)y * stride);
    return row[(int)x] & 0xffffff;
}

/* Every cell of the PNG: its border has its pageblock's migratetype colour;
   the number of cells of each border colour, of each solid fill and with
   the marker equals what the machine says. */
static void test_map_png_pixels(void **state)
{
    (void)state;
    struct pa_machine *m = known_state();
    struct pa_map *map;
    char err[256], path[128];
    assert_int_equal(pa_map_build(m, NULL, &map, err, sizeof err), 0);
    assert_int_equal(map->pitch, 12); /* 1024 pageblocks: the large cells */
    snprintf(path, sizeof path, "%s/map.png", tmpdir);
    assert_int_equal(pa_map_write(map, path, err, sizeof err), 0);
    cairo_surface_t *img = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(img), (int)(map->width + 0.5));
    cairo_surface_flush(img);

    int border_mt[PA_MT_COUNT] = {0}, want_mt[PA_MT_COUNT] = {0};
    int solid[C_N] = {0}, want_solid[C_N] = {0};
    int marks = 0, want_marks = 0, cells = 0;
    const int bw = 2;
    for (int zi = 0; zi < map->nr_zones; zi++) {
        const struct pa_zone *z = map->zones[zi].zone;
        uint64_t first = z->start_pfn >> m->pageblock_order;
        uint64_t last = (z->start_pfn + z->spanned - 1) >> m->pageblock_order;
        struct pbview *v = calloc(last - first + 1, sizeof *v);
        view_zone(m, z, v, first);
        for (uint64_t pb = first; pb <= last; pb++) {
            const struct pbview *pv = &v[pb - first];
            double x, y, w, h;
            assert_true(pa_map_cell_box(map, zi, pb, &x, &y, &w, &h));
            cells++;
            want_mt[pv->mt]++;
            uint32_t b = pixel(img, x, y + h / 2);
            for (int mt = 0; mt < PA_MT_COUNT; mt++)
                if (b == pa_map_mt_rgb(mt))
                    border_mt[mt]++;
            int only = only_class(pv);
            if (only >= 0)
                want_solid[only]++;
            uint32_t bottom = pixel(img, x + w / 2, y + h - bw - 1);
            uint32_t top = pixel(img, x + bw, y + bw);
            static const enum pa_map_fill fill_of[C_N] = {
                PA_MF_FREE, PA_MF_ANON, PA_MF_SLAB, PA_MF_FILE, PA_MF_PAGETABLE,
                PA_MF_HUGETLB, PA_MF_RESERVED, PA_MF_HOLE, PA_MF_OTHER};
            for (int c = 0; c < C_N; c++)
                if (bottom == pa_map_fill_rgb(fill_of[c]) && top == bottom)
                    solid[c]++;
            want_marks += pv->unmovable_in_movable;
            if (pixel(img, x + w - bw - 1, y + bw) == 0)
                marks++;
            /* one unmovable page in a movable block: its band at the bottom */
            if (pv->unmovable_in_movable && pv->count[C_SLAB] == 1)
                assert_int_equal(bottom, pa_map_fill_rgb(PA_MF_SLAB));
        }
        free(v);
    }
    for (int mt = 0; mt < PA_MT_COUNT; mt++)
        assert_int_equal(border_mt[mt], want_mt[mt]);
    assert_int_equal(want_mt[PA_MT_UNMOVABLE], 1);
    assert_int_equal(want_mt[PA_MT_RECLAIMABLE], 1);
    /* the machine's own per-type counts agree */
    uint64_t nr_unmov = 0;
    for (int i = 0; i < m->nr_zones; i++)
        nr_unmov += m->zones[i].nr_pageblocks[PA_MT_UNMOVABLE];
    assert_int_equal(nr_unmov, border_mt[PA_MT_UNMOVABLE]);
    for (int c = 0; c < C_N; c++)
        if (c != C_HOLE)
            assert_int_equal(solid[c], want_solid[c]);
    assert_int_equal(want_solid[C_ANON], 1);
    assert_int_equal(want_solid[C_SLAB], 1);
    assert_int_equal(want_solid[C_HUGE], 1);
    assert_true(want_solid[C_FREE] > 900);
    assert_int_equal(want_marks, 2);
    assert_int_equal(marks, want_marks);
    assert_int_equal(cells, 1024);
    cairo_surface_destroy(img);
    pa_map_free(map);
    pa_machine_destroy(m);
}

/* Cells of 3 px (big machines): the top pixel row is the migratetype, the
   rest the fill with the most pages; the marker is the top-right pixel of
   the fill. */
static void test_map_small_cells(void **state)
{
    (void)state;
    struct pa_machine *m = known_state();
    struct pa_map *map;
    char err[256], path[128];
    struct pa_map_opts o = {.pitch = 3, .cols = 256};
    assert_int_equal(pa_map_build(m, &o, &map, err, sizeof err), 0);
    snprintf(path, sizeof path, "%s/small.png", tmpdir);
    assert_int_equal(pa_map_write(map, path, err, sizeof err), 0);
    cairo_surface_t *img = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(img);
    int bad_mt = 0, bad_fill = 0, marks = 0, want_marks = 0, cells = 0;
    for (int zi = 0; zi < map->nr_zones; zi++) {
        const struct pa_zone *z = map->zones[zi].zone;
        uint64_t first = z->start_pfn >> m->pageblock_order;
        uint64_t last = (z->start_pfn + z->spanned - 1) >> m->pageblock_order;
        struct pbview *v = calloc(last - first + 1, sizeof *v);
        view_zone(m, z, v, first);
        for (uint64_t pb = first; pb <= last; pb++) {
            const struct pbview *pv = &v[pb - first];
            double x, y, w, h;
            assert_true(pa_map_cell_box(map, zi, pb, &x, &y, &w, &h));
            assert_true(w == 3 && h == 3);
            cells++;
            bad_mt += pixel(img, x, y) != pa_map_mt_rgb(pv->mt);
            /* the most pages: anon, slab, hugetlb blocks are whole; the
               rest of this machine is mostly free */
            int most = 0;
            for (int c = 1; c < C_N; c++)
                if (pv->count[c] > pv->count[most])
                    most = c;
            uint32_t want = most == C_ANON   ? pa_map_fill_rgb(PA_MF_ANON)
                            : most == C_SLAB ? pa_map_fill_rgb(PA_MF_SLAB)
                            : most == C_HUGE ? pa_map_fill_rgb(PA_MF_HUGETLB)
                            : most == C_FREE ? pa_map_fill_rgb(PA_MF_FREE)
                                             : 0x1000000;
            if (want != 0x1000000)
                bad_fill += pixel(img, x, y + 2) != want;
            want_marks += pv->unmovable_in_movable;
            marks += pixel(img, x + 2, y + 1) == 0;
        }
        free(v);
    }
    assert_int_equal(cells, 1024);
    assert_int_equal(bad_mt, 0);
    assert_int_equal(bad_fill, 0);
    assert_int_equal(want_marks, 2);
    assert_int_equal(marks, want_marks);
    cairo_surface_destroy(img);
    pa_map_free(map);
    pa_machine_destroy(m);
}

static int count_substr(const char *s, const char *pat)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, pat)); p += strlen(pat))
        n++;
    return n;
}

static bool same_view(const struct pbview *a, const struct pbview *b)
{
    return a->mt == b->mt && a->unmovable_in_movable == b->unmovable_in_movable &&
           a->free_big == b->free_big && !memcmp(a->count, b->count, sizeof a->count);
}

/* The SVG is XML (xmllint) and has one stroked path per run of equal
   pageblocks in a row. */
static void test_map_svg_runs(void **state)
{
    (void)state;
    struct pa_machine *m = known_state();
    struct pa_map *map;
    char err[256], path[128], cmd[300];
    assert_int_equal(pa_map_build(m, NULL, &map, err, sizeof err), 0);
    snprintf(path, sizeof path, "%s/map.svg", tmpdir);
    assert_int_equal(pa_map_write(map, path, err, sizeof err), 0);
    snprintf(cmd, sizeof cmd, "xmllint --noout %s", path);
    if (system("command -v xmllint >/dev/null 2>&1") == 0)
        assert_int_equal(system(cmd), 0);
    else
        print_message("xmllint not installed (libxml2-utils): XML check skipped\n");
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    rewind(f);
    char *svg = malloc((size_t)len + 1);
    assert_int_equal(fread(svg, 1, (size_t)len, f), (size_t)len);
    svg[len] = '\0';
    fclose(f);

    int runs = 0;
    for (int zi = 0; zi < map->nr_zones; zi++) {
        const struct pa_zone *z = map->zones[zi].zone;
        uint64_t first = z->start_pfn >> m->pageblock_order;
        uint64_t last = (z->start_pfn + z->spanned - 1) >> m->pageblock_order;
        struct pbview *v = calloc(last - first + 1, sizeof *v);
        view_zone(m, z, v, first);
        for (uint64_t pb = first; pb <= last; pb++)
            if (pb == first || pb % map->cols == 0 || !same_view(&v[pb - first], &v[pb - first - 1]))
                runs++;
        free(v);
    }
    assert_true(runs > 20 && runs < 200);
    assert_int_equal(count_substr(svg, "stroke-width:2;"), runs);
    assert_int_equal(map->nr_runs, (uint64_t)runs);
    free(svg);
    pa_map_free(map);
    pa_machine_destroy(m);
}

static void test_map_errors(void **state)
{
    (void)state;
    struct pa_machine *m = known_state();
    struct pa_map *map = (struct pa_map *)1;
    char err[256], path[128];
    assert_int_equal(pa_map_build(NULL, NULL, &map, err, sizeof err), PA_EINVAL);
    assert_null(map);
    assert_int_equal(pa_map_build(m, NULL, NULL, err, sizeof err), PA_EINVAL);
    struct pa_map_opts o = {.zone = "Normal"};
    assert_int_equal(pa_map_build(m, &o, &map, err, sizeof err), PA_EINVAL);
    assert_non_null(strstr(err, "Normal"));
    o.zone = "DMA";
    assert_int_equal(pa_map_build(m, &o, &map, err, sizeof err), 0);
    assert_int_equal(map->nr_zones, 1);
    snprintf(path, sizeof path, "%s/map.jpg", tmpdir);
    assert_int_equal(pa_map_write(map, path, err, sizeof err), PA_EINVAL);
    assert_int_equal(pa_map_write(map, "/nonexistent/dir/x.png", err, sizeof err), PA_EINVAL);
    assert_int_equal(pa_map_write(NULL, path, err, sizeof err), PA_EINVAL);
    pa_map_free(map);
    pa_map_free(NULL);
    pa_machine_destroy(m);
}

/* A timeline with free memory only in order 10, then only in order 2: both
   colours are drawn, order 0's is not; the stack's top follows the total. */
static void test_timeline_png(void **state)
{
    (void)state;
    struct pa_timeline *tl = pa_timeline_create("t", "ops", 11, 12);
    assert_non_null(tl);
    assert_null(pa_timeline_create("t", "ops", 0, 12));
    uint64_t free[PA_ORDER_CAP + 1] = {0}, wm[3] = {1000, 1250, 1500};
    for (int i = 0; i <= 100; i++) {
        memset(free, 0, sizeof free);
        if (i < 50)
            free[10] = 100000 - (uint64_t)i * 1000;
        else
            free[2] = (uint64_t)(i - 50) * 1000;
        pa_timeline_add(tl, i * 10.0, free, wm, i == 50);
    }
    pa_timeline_step(tl, 500, "the switch");
    pa_timeline_mark(tl, 700, PA_TL_ALLOC_FAIL, 3);
    pa_timeline_mark(tl, 700, PA_TL_ALLOC_FAIL, 2);
    assert_int_equal(tl->nr_marks, 1);
    assert_int_equal(tl->marks[0].count, 5);
    char err[256], path[128];
    snprintf(path, sizeof path, "%s/tl.png", tmpdir);
    assert_int_equal(pa_timeline_write(tl, path, err, sizeof err), 0);
    cairo_surface_t *img = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(img);
    int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    /* the legend's swatches carry every order's colour: look in the plot
       area only (above the x axis labels) */
    /* plot pixels the test knows: bottom of the plot early (order 10 only)
       and late (order 2 only), above the watermark lines */
    int n10 = 0, n2 = 0, n0 = 0;
    uint32_t c10 = pixel(img, 100, h - 140), c2 = pixel(img, w - 80, h - 140);
    assert_int_not_equal(c10, c2);
    assert_int_not_equal(c10, 0xffffff);
    assert_int_not_equal(c2, 0xffffff);
    uint32_t c0 = 0xfde725; /* the ramp's order-0 end (timeline.c) */
    for (int y = 40; y < h - 112; y++)
        for (int x = 80; x < w - 72; x++) {
            uint32_t p = pixel(img, x, y);
            n10 += p == c10;
            n2 += p == c2;
            n0 += p == c0;
        }
    assert_true(n10 > 1000);
    assert_true(n2 > 1000);
    assert_int_equal(n0, 0);
    cairo_surface_destroy(img);
    assert_int_equal(pa_timeline_write(tl, "/nonexistent/x.png", err, sizeof err), PA_EINVAL);
    pa_timeline_free(tl);
}

/* Halving keeps the sample count bounded and the forced samples. */
static void test_timeline_halving(void **state)
{
    (void)state;
    struct pa_timeline *tl = pa_timeline_create("t", "ops", 11, 12);
    uint64_t free[PA_ORDER_CAP + 1] = {0}, wm[3] = {1, 2, 3};
    for (int i = 0; i < 100000; i++) {
        free[0] = (uint64_t)i;
        pa_timeline_add(tl, i, free, wm, i == 77777);
    }
    assert_true(tl->n <= PA_TL_MAX_SAMPLES);
    assert_true(tl->n >= PA_TL_MAX_SAMPLES / 4);
    bool found = false;
    for (size_t i = 0; i < tl->n; i++) {
        found |= tl->s[i].t == 77777;
        if (i)
            assert_true(tl->s[i].t > tl->s[i - 1].t);
    }
    assert_true(found);
    pa_timeline_free(tl);
}

/* The report page: a step draws a map, marks reach the timeline's caption,
   text is escaped, a second step shows the first one's map as "before". */
static void test_record(void **state)
{
    (void)state;
    struct pa_machine *m = known_state();
    char err[256], dir[128], path[160];
    snprintf(dir, sizeof dir, "%s/rep", tmpdir);
    struct pa_record *r = pa_record_create(dir, "t <1>", err, sizeof err);
    assert_non_null(r);
    int key;
    assert_int_equal(pa_record_step(r, &key, true, m, "machine()", "s.lua:1", "x", 0, 0), 0);
    pa_record_text(r, "a<b\n", 4);
    pa_record_mark(r, &key, 5, PA_TL_KSWAPD, 2);
    pa_record_mark(r, &key, 5, 99, 2); /* out of range: ignored */
    assert_int_equal(pa_record_step(r, &key, false, m, "insmod x", "s.lua:2", NULL, 10, 3), 0);
    assert_int_equal(pa_record_finish(r, err, sizeof err), 0);
    snprintf(path, sizeof path, "%s/index.html", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char page[65536];
    size_t n = fread(page, 1, sizeof page - 1, f);
    page[n] = '\0';
    fclose(f);
    assert_non_null(strstr(page, "<title>t &lt;1&gt;</title>"));
    assert_non_null(strstr(page, "a&lt;b"));
    assert_non_null(strstr(page, "2 steps (numbered at the top), 3 x allocation failure, "
                                 "2 x kswapd wake-up"));
    assert_non_null(strstr(page, "<img src=\"map-000.png\" alt=\"before\">"));
    assert_non_null(strstr(page, "<img src=\"map-001.png\" alt=\"after\">"));
    assert_null(strstr(page, "<script"));
    snprintf(path, sizeof path, "%s/timeline-1.png", dir);
    assert_int_equal(access(path, R_OK), 0);
    assert_null(pa_record_create("/nonexistent/dir/x", "t", err, sizeof err));
    pa_machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_png_pixels),  cmocka_unit_test(test_map_svg_runs),
        cmocka_unit_test(test_map_errors),      cmocka_unit_test(test_map_small_cells),
        cmocka_unit_test(test_timeline_png),
        cmocka_unit_test(test_timeline_halving), cmocka_unit_test(test_record),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
