/*
 * map.c - the memory map (draw/map.h): pageblock cells computed from a const
 * machine, drawn with cairo.
 *
 * Computing: one walk per zone from zone_start_pfn to its end, stepping over
 * each free or allocated block by its order (the engine keeps every block
 * aligned and inside one zone), so a booted 256 GiB machine is 2^17 steps and
 * a fully order-0 one 2^26; holes and boot reservations are single pages.
 *
 * Drawing batches by colour: every cell run is one path filled with its fill
 * and stroked with its migratetype (cairo's SVG surface writes that as one
 * <path>), while the bands inside mixed cells, the markers, the outlines and
 * the holes are collected per colour and filled with one path each. Drawing
 * per cell would be ~10 cairo calls per pageblock, too slow for 2^17 cells.
 */
#include "draw/map.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-svg.h>
#include <cairo.h>

#include "draw/paint.h"
#include "pagealloc/pcp.h"

static const char *const fill_names[PA_MF_COUNT] = {
    "reserved", "kernel", "page tables", "slab", "hugetlb", "other",
    "anon",     "file",   "pcp lists",   "free", "hole",
};

static const uint32_t fill_rgb[PA_MF_COUNT] = {
    0x444444, /* reserved: dark grey          */
    0x8c564b, /* kernel: brown                */
    0xeeca3b, /* page tables: yellow          */
    0xf58518, /* slab: orange                 */
    0xb279a2, /* hugetlb: purple              */
    0xbab0ac, /* other: warm grey             */
    0x4c78a8, /* anon: blue                   */
    0x72b7b2, /* file: teal                   */
    0xc6d4e1, /* pcp: light blue-grey         */
    0xffffff, /* free: white                  */
    0xe6e6e6, /* hole: light grey             */
};

static const uint32_t mt_rgb[PA_MT_COUNT] = {
    [PA_MT_UNMOVABLE] = 0xd62728,   /* red      */
    [PA_MT_MOVABLE] = 0x2ca02c,     /* green    */
    [PA_MT_RECLAIMABLE] = 0xff9896, /* pink     */
    [PA_MT_HIGHATOMIC] = 0x9467bd,  /* violet   */
    [PA_MT_CMA] = 0x17becf,         /* cyan     */
    [PA_MT_ISOLATE] = 0x7f7f7f,     /* grey     */
    [PA_MT_RESERVE] = 0x1f3a93,     /* navy     */
};

const char *pa_map_fill_name(enum pa_map_fill f)
{
    return (unsigned)f < PA_MF_COUNT ? fill_names[f] : "?";
}

uint32_t pa_map_fill_rgb(enum pa_map_fill f)
{
    return (unsigned)f < PA_MF_COUNT ? fill_rgb[f] : 0;
}

uint32_t pa_map_mt_rgb(enum pa_migratetype mt)
{
    return (unsigned)mt < PA_MT_COUNT ? mt_rgb[mt] : 0;
}

bool pa_map_fill_unmovable(enum pa_map_fill f)
{
    return f == PA_MF_KERNEL || f == PA_MF_PAGETABLE || f == PA_MF_SLAB;
}

static enum pa_map_fill fill_of_kind(unsigned kind)
{
    switch (kind) {
    case PA_KIND_ANON: return PA_MF_ANON;
    case PA_KIND_FILE: return PA_MF_FILE;
    case PA_KIND_PAGETABLE: return PA_MF_PAGETABLE;
    case PA_KIND_SLAB:
    case PA_KIND_KMALLOC_LARGE: return PA_MF_SLAB;
    case PA_KIND_KERNEL:
    case PA_KIND_KSTACK: return PA_MF_KERNEL;
    case PA_KIND_HUGETLB: return PA_MF_HUGETLB;
    case PA_KIND_RESERVED: return PA_MF_RESERVED;
    default: return PA_MF_OTHER;
    }
}

/* ---- computing ---------------------------------------------------------------------- */

/* Add `pages` pages of fill f starting at pfn (possibly over several
   pageblocks, for blocks above pageblock_order). */
static void add_pages(const struct pa_machine *m, struct pa_map_zone *mz, uint64_t pfn,
                      uint64_t pages, enum pa_map_fill f, uint8_t flag)
{
    uint64_t pb_pages = (uint64_t)1 << m->pageblock_order;
    while (pages) {
        uint64_t pb = pfn >> m->pageblock_order;
        uint64_t room = pb_pages - (pfn & (pb_pages - 1));
        uint64_t n = pages < room ? pages : room;
        struct pa_map_cell *c = &mz->cells[pb - mz->first_pb];
        c->count[f] += (uint32_t)n;
        c->flags |= flag;
        pfn += n;
        pages -= n;
    }
}

/* The fill of an allocated head (a table: this runs once per block). */
static enum pa_map_fill fill_of_page(const struct pa_page *pg)
{
    if (pg->flags & PA_PG_PCP)
        return PA_MF_PCP;
    return fill_of_kind(pg->kind);
}

/* One pageblock's part of the walk: blocks below pageblock_order start and
   end inside it, so the loop counts into the cell directly. Returns the pfn
   after the last block it counted (a block of order >= pageblock_order that
   starts here runs past the pageblock: the caller spreads it). */
static uint64_t walk_pageblock(const struct pa_machine *m, struct pa_map_cell *c, uint64_t pfn,
                               uint64_t end)
{
    while (pfn < end) {
        const struct pa_page *pg = &m->pages[pfn];
        unsigned fl = pg->flags;
        if (fl & (PA_PG_BUDDY | PA_PG_ALLOC)) {
            if (pg->order >= m->pageblock_order)
                return pfn;
            uint64_t n = (uint64_t)1 << pg->order;
            if (n > end - pfn)
                n = end - pfn;
            c->count[(fl & PA_PG_BUDDY) ? PA_MF_FREE : fill_of_page(pg)] += (uint32_t)n;
            pfn += n;
        } else {
            c->count[(fl & PA_PG_HOLE)       ? PA_MF_HOLE
                     : (fl & PA_PG_RESERVED) ? PA_MF_RESERVED
                                             : PA_MF_OTHER]++;
            pfn++;
        }
    }
    return pfn;
}

static void build_zone(const struct pa_machine *m, struct pa_map_zone *mz)
{
    const struct pa_zone *z = mz->zone;
    uint64_t end = pa_zone_end_pfn(z);
    /* pages of the first and last pageblock outside the zone are "hole" */
    uint64_t lead = z->start_pfn - (mz->first_pb << m->pageblock_order);
    uint64_t tail = ((mz->first_pb + mz->nr_pb) << m->pageblock_order) - end;
    mz->cells[0].count[PA_MF_HOLE] += (uint32_t)lead;
    mz->cells[mz->nr_pb - 1].count[PA_MF_HOLE] += (uint32_t)tail;
    for (uint64_t pfn = z->start_pfn; pfn < end;) {
        uint64_t pb = pfn >> m->pageblock_order;
        uint64_t pb_end = (pb + 1) << m->pageblock_order;
        if (pb_end > end)
            pb_end = end;
        pfn = walk_pageblock(m, &mz->cells[pb - mz->first_pb], pfn, pb_end);
        if (pfn >= pb_end)
            continue;
        /* a block of a pageblock or more: whole cells */
        const struct pa_page *pg = &m->pages[pfn];
        uint64_t n = (uint64_t)1 << pg->order;
        if (n > end - pfn)
            n = end - pfn;
        bool free = pg->flags & PA_PG_BUDDY;
        add_pages(m, mz, pfn, n, free ? PA_MF_FREE : fill_of_page(pg),
                  free ? PA_MC_FREE_BIG : 0);
        pfn += n;
    }
    for (uint64_t i = 0; i < mz->nr_pb; i++) {
        struct pa_map_cell *c = &mz->cells[i];
        c->mt = m->pageblocks[mz->first_pb + i].mt;
        bool movable = c->mt == PA_MT_MOVABLE || c->mt == PA_MT_CMA;
        if (movable && (c->count[PA_MF_KERNEL] || c->count[PA_MF_PAGETABLE] ||
                        c->count[PA_MF_SLAB]))
            c->flags |= PA_MC_UNMOVABLE_IN_MOVABLE;
    }
}

static void choose_grid(struct pa_map *map, uint64_t total)
{
    unsigned cols, pitch;
    if (total <= 2048)
        cols = 64, pitch = 12;
    else if (total <= 8192)
        cols = 128, pitch = 6;
    else if (total <= 262144)
        cols = 256, pitch = 3;
    else
        cols = 512, pitch = 3;
    map->cols = map->opts.cols ? map->opts.cols : cols;
    map->pitch = map->opts.pitch ? map->opts.pitch : pitch;
    if (map->pitch < 3)
        map->pitch = 3;
}

#define TITLE_H 24.0
#define ZONE_H 20.0
#define ZONE_GAP 12.0
#define LEGEND_H 66.0
#define GRID_X 92.0

int pa_map_build(const struct pa_machine *m, const struct pa_map_opts *opts, struct pa_map **out,
                 char *err, size_t n)
{
    if (!out)
        return PA_EINVAL;
    *out = NULL;
    if (!m || !m->pages || !m->pageblocks) {
        snprintf(err, n, "no machine");
        return PA_EINVAL;
    }
    struct pa_map *map = calloc(1, sizeof *map);
    if (!map)
        return PA_ENOMEM;
    map->m = m;
    if (opts)
        map->opts = *opts;
    uint64_t total = 0;
    for (int i = 0; i < m->nr_zones; i++) {
        const struct pa_zone *z = &m->zones[i];
        if (!z->present || (map->opts.zone && strcmp(map->opts.zone, z->name)))
            continue;
        struct pa_map_zone *mz = &map->zones[map->nr_zones++];
        mz->zone = z;
        mz->first_pb = z->start_pfn >> m->pageblock_order;
        mz->nr_pb = ((pa_zone_end_pfn(z) - 1) >> m->pageblock_order) - mz->first_pb + 1;
        mz->cells = calloc(mz->nr_pb, sizeof *mz->cells);
        if (!mz->cells) {
            pa_map_free(map);
            return PA_ENOMEM;
        }
        build_zone(m, mz);
        total += mz->nr_pb;
    }
    if (!map->nr_zones) {
        if (map->opts.zone)
            snprintf(err, n, "no populated zone named '%s'", map->opts.zone);
        else
            snprintf(err, n, "the machine has no populated zone");
        pa_map_free(map);
        return PA_EINVAL;
    }
    choose_grid(map, total);
    double y = map->opts.title ? TITLE_H : 6.0;
    unsigned cols = map->cols;
    for (int i = 0; i < map->nr_zones; i++) {
        struct pa_map_zone *mz = &map->zones[i];
        mz->first_row = mz->first_pb / cols;
        mz->nr_rows = (mz->first_pb + mz->nr_pb - 1) / cols - mz->first_row + 1;
        mz->y = y + ZONE_H;
        y = mz->y + (double)mz->nr_rows * map->pitch + ZONE_GAP;
    }
    map->grid_x = GRID_X;
    map->width = GRID_X + (double)cols * map->pitch + 12.0;
    if (map->width < 760)
        map->width = 760;
    map->height = y + LEGEND_H;
    *out = map;
    return 0;
}

void pa_map_free(struct pa_map *map)
{
    if (!map)
        return;
    for (int i = 0; i < map->nr_zones; i++)
        free(map->zones[i].cells);
    free(map);
}

bool pa_map_cell_box(const struct pa_map *map, int zi, uint64_t pb, double *x, double *y,
                     double *w, double *h)
{
    if (!map || zi < 0 || zi >= map->nr_zones)
        return false;
    const struct pa_map_zone *mz = &map->zones[zi];
    if (pb < mz->first_pb || pb >= mz->first_pb + mz->nr_pb)
        return false;
    unsigned gap = map->pitch >= 6 ? 1 : 0;
    *x = map->grid_x + (double)(pb % map->cols) * map->pitch;
    *y = mz->y + (double)(pb / map->cols - mz->first_row) * map->pitch;
    *w = *h = map->pitch - gap;
    return true;
}

/* ---- drawing ------------------------------------------------------------------------- */

static bool cell_is_hole(const struct pa_map_cell *c)
{
    for (int f = 0; f < PA_MF_COUNT; f++)
        if (f != PA_MF_HOLE && c->count[f])
            return false;
    return true;
}

/* The fill a cell is painted with under its bands: its only fill when it has
   one (holes aside), else free (bands on top) or, in cells too small for
   bands, the fill with the most pages. */
static enum pa_map_fill base_fill(const struct pa_map_cell *c, int inner)
{
    int only = -1, nfills = 0, best = PA_MF_FREE;
    for (int f = 0; f < PA_MF_HOLE; f++) {
        if (!c->count[f])
            continue;
        nfills++;
        only = f;
        if (c->count[f] > c->count[best])
            best = f;
    }
    if (nfills == 1 && !c->count[PA_MF_HOLE])
        return (enum pa_map_fill)only;
    return inner >= 3 ? PA_MF_FREE : (enum pa_map_fill)best;
}

static bool same_cell(const struct pa_map_cell *a, const struct pa_map_cell *b)
{
    return a->mt == b->mt && a->flags == b->flags && !memcmp(a->count, b->count, sizeof a->count);
}

/* Heights of the bands of a mixed cell, bottom up in enum order, summing to
   inner: proportional, at least one pixel for any fill present (one page of
   slab in a block of 512 is visible), the largest band giving way. */
static void band_heights(const struct pa_map_cell *c, int inner, int h[PA_MF_COUNT])
{
    uint64_t total = 0;
    for (int f = 0; f < PA_MF_COUNT; f++)
        total += c->count[f];
    int sum = 0, big = 0;
    for (int f = 0; f < PA_MF_COUNT; f++) {
        h[f] = c->count[f] ? (int)floor((double)c->count[f] * inner / (double)total + 0.5) : 0;
        if (c->count[f] && h[f] < 1)
            h[f] = 1;
        sum += h[f];
        if (h[f] > h[big])
            big = f;
    }
    h[big] -= sum - inner;
    if (h[big] < 0)
        h[big] = 0;
}

/* Cells of pitch >= 6 have a border (the migratetype, stroked with the run's
   path) around the fill; smaller cells have the migratetype as their top
   pixel row over the fill, and no room for the outlines of big free blocks
   (a black row there made a free zone look like a hatched one). With runs (a PNG) the runs are collected per fill
   and migratetype and drawn with one path each (a fill costs microseconds;
   2^17 of them were most of a 256 GiB map); without (SVG) each run is its
   own path, so the file has one element per run. */
static void draw_cells(struct pa_map *map, cairo_t *cr, struct pa_rects *bands,
                       struct pa_rects *holes, struct pa_rects *marks, struct pa_rects *stripes,
                       struct pa_rects *runs)
{
    const double p = map->pitch;
    const bool framed = map->pitch >= 6;
    const int gap = framed ? 1 : 0;
    const int bw = map->pitch >= 10 ? 2 : 1;
    const int side = (int)p - gap;
    const int inner = framed ? side - 2 * bw : side - 1;
    cairo_set_line_width(cr, bw);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    map->nr_runs = 0;
    for (int zi = 0; zi < map->nr_zones; zi++) {
        struct pa_map_zone *mz = &map->zones[zi];
        for (uint64_t i = 0; i < mz->nr_pb;) {
            const struct pa_map_cell *c = &mz->cells[i];
            uint64_t pb = mz->first_pb + i;
            double x, y, w, h;
            pa_map_cell_box(map, zi, pb, &x, &y, &w, &h);
            if (cell_is_hole(c)) {
                pa_rects_add(holes, x, y, w, h);
                i++;
                continue;
            }
            /* a run: same cell contents, same row */
            uint64_t j = i + 1;
            while (j < mz->nr_pb && (mz->first_pb + j) % map->cols && same_cell(&mz->cells[j], c))
                j++;
            enum pa_map_fill base = base_fill(c, inner);
            unsigned mt = c->mt < PA_MT_COUNT ? c->mt : 0;
            struct pa_rects *batch = runs ? &runs[base * PA_MT_COUNT + mt] : NULL;
            for (uint64_t k = i; k < j; k++) {
                double kx = x + (double)(k - i) * p;
                double rx = framed ? kx + bw / 2.0 : kx, ry = framed ? y + bw / 2.0 : y + 1;
                double rw = framed ? side - bw : side, rh = framed ? side - bw : side - 1;
                if (batch)
                    pa_rects_add(batch, rx, ry, rw, rh);
                else
                    cairo_rectangle(cr, rx, ry, rw, rh);
                if (!framed)
                    pa_rects_add(&stripes[mt], kx, y, side, 1);
            }
            if (!batch) {
                pa_set_rgb(cr, fill_rgb[base]);
                if (framed) {
                    cairo_fill_preserve(cr);
                    pa_set_rgb(cr, mt_rgb[mt]);
                    cairo_stroke(cr);
                } else {
                    cairo_fill(cr);
                }
            }
            map->nr_runs++;
            /* bands of a mixed cell, the marker */
            for (uint64_t k = i; k < j; k++) {
                double cx = x + (double)(k - i) * p + (framed ? bw : 0), cy = y + (framed ? bw : 1);
                int iw = framed ? inner : side;
                if (inner >= 3 && base == PA_MF_FREE) {
                    int hb[PA_MF_COUNT];
                    band_heights(c, inner, hb);
                    double yy = cy + inner;
                    for (int f = 0; f < PA_MF_FREE; f++) {
                        if (!hb[f])
                            continue;
                        yy -= hb[f];
                        pa_rects_add(&bands[f], cx, yy, iw, hb[f]);
                    }
                    if (hb[PA_MF_HOLE])
                        pa_rects_add(&bands[PA_MF_HOLE], cx, cy, iw, hb[PA_MF_HOLE]);
                }
                if (c->flags & PA_MC_UNMOVABLE_IN_MOVABLE) {
                    if (inner >= 4) {
                        double s = inner / 2.0 + 1;
                        pa_rects_tri(marks, cx + iw - s, cy, s);
                    } else {
                        pa_rects_add(marks, cx + iw - 1, cy, 1, 1);
                    }
                }
            }
            i = j;
        }
    }
}

/* Outline each free block of order >= pageblock_order: walk the cells, a
   block starts at a pageblock aligned to its size. */
static void draw_big_free(struct pa_map *map, cairo_t *cr)
{
    const struct pa_machine *m = map->m;
    cairo_new_path(cr);
    for (int zi = 0; zi < map->nr_zones; zi++) {
        struct pa_map_zone *mz = &map->zones[zi];
        const struct pa_zone *z = mz->zone;
        for (uint64_t i = 0; i < mz->nr_pb; i++) {
            if (!(mz->cells[i].flags & PA_MC_FREE_BIG))
                continue;
            uint64_t pb = mz->first_pb + i;
            uint64_t pfn = pb << m->pageblock_order;
            if (pfn < z->start_pfn)
                continue;
            const struct pa_page *pg = &m->pages[pfn];
            if (!(pg->flags & PA_PG_BUDDY) || pg->order < m->pageblock_order)
                continue;
            uint64_t ncell = (uint64_t)1 << (pg->order - m->pageblock_order);
            for (uint64_t k = 0; k < ncell && i + k < mz->nr_pb;) {
                double x, y, w, h;
                pa_map_cell_box(map, zi, pb + k, &x, &y, &w, &h);
                uint64_t inrow = map->cols - (pb + k) % map->cols;
                if (inrow > ncell - k)
                    inrow = ncell - k;
                if (i + k + inrow > mz->nr_pb)
                    inrow = mz->nr_pb - i - k;
                double ww = (double)inrow * map->pitch - (map->pitch - w);
                if (map->pitch >= 6)
                    cairo_rectangle(cr, x - 0.5, y - 0.5, ww + 1, h + 1);
                else
                    cairo_rectangle(cr, x + 0.5, y + 0.5, ww - 1, h - 1);
                k += inrow;
            }
            i += ncell - 1;
        }
    }
    cairo_set_line_width(cr, 1);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_stroke(cr);
}

static void draw_labels(struct pa_map *map, cairo_t *cr)
{
    const struct pa_machine *m = map->m;
    double page_kib = (double)((uint64_t)1 << m->page_shift) / 1024.0;
    pa_set_rgb(cr, 0x000000);
    if (map->opts.title) {
        pa_font(cr, 13, true);
        cairo_move_to(cr, 8, 17);
        cairo_show_text(cr, map->opts.title);
    }
    unsigned every = 1;
    while (every * map->pitch < 12)
        every *= 2;
    for (int zi = 0; zi < map->nr_zones; zi++) {
        const struct pa_map_zone *mz = &map->zones[zi];
        const struct pa_zone *z = mz->zone;
        char t[256];
        double pb_mib = page_kib * (double)((uint64_t)1 << m->pageblock_order) / 1024.0;
        snprintf(t, sizeof t,
                 "Node %d, zone %s: pfn %#llx-%#llx, %llu pageblocks of %g MiB, "
                 "%.1f MiB free of %.1f MiB",
                 z->node, z->name, (unsigned long long)z->start_pfn,
                 (unsigned long long)(pa_zone_end_pfn(z) - 1), (unsigned long long)mz->nr_pb,
                 pb_mib, (double)z->free_pages * page_kib / 1024.0,
                 (double)z->managed * page_kib / 1024.0);
        pa_font(cr, 12, true);
        cairo_move_to(cr, 8, mz->y - 6);
        cairo_show_text(cr, t);
        pa_font(cr, map->pitch >= 10 ? 9 : 8, false);
        for (uint64_t r = 0; r < mz->nr_rows; r++) {
            uint64_t row = mz->first_row + r;
            if (row % every && r)
                continue;
            uint64_t pfn = (row * map->cols) << m->pageblock_order;
            if (pfn < z->start_pfn)
                pfn = z->start_pfn;
            snprintf(t, sizeof t, "%#llx", (unsigned long long)pfn);
            cairo_text_extents_t e;
            cairo_text_extents(cr, t, &e);
            cairo_move_to(cr, map->grid_x - 6 - e.x_advance,
                          mz->y + (double)r * map->pitch + (map->pitch < 9 ? 4 : map->pitch - 3));
            cairo_show_text(cr, t);
        }
    }
}

static void draw_legend(struct pa_map *map, cairo_t *cr)
{
    double y = map->height - LEGEND_H + 8;
    double x = 8;
    pa_font(cr, 11, false);
    pa_set_rgb(cr, 0x000000);
    cairo_move_to(cr, x, y + 10);
    cairo_show_text(cr, "pageblock (border):");
    x = 150;
    bool used[PA_MT_COUNT] = {[PA_MT_UNMOVABLE] = true, [PA_MT_MOVABLE] = true,
                              [PA_MT_RECLAIMABLE] = true};
    for (int zi = 0; zi < map->nr_zones; zi++)
        for (uint64_t i = 0; i < map->zones[zi].nr_pb; i++)
            if (map->zones[zi].cells[i].mt < PA_MT_COUNT)
                used[map->zones[zi].cells[i].mt] = true;
    for (int mt = 0; mt < PA_MT_COUNT; mt++) {
        if (!used[mt])
            continue;
        x = pa_legend_swatch(cr, x, y, 0xffffff, mt_rgb[mt], pa_migratetype_name(mt));
    }
    y += 18;
    x = 8;
    pa_set_rgb(cr, 0x000000);
    cairo_move_to(cr, x, y + 10);
    cairo_show_text(cr, "pages (bottom up):");
    x = 150;
    for (int f = 0; f < PA_MF_COUNT; f++)
        x = pa_legend_swatch(cr, x, y, fill_rgb[f], f == PA_MF_HOLE ? fill_rgb[f] : 0x999999,
                             fill_names[f]);
    y += 18;
    x = 150;
    /* marker and outline */
    cairo_rectangle(cr, x + 1, y + 1, 10, 10);
    pa_set_rgb(cr, 0xffffff);
    cairo_fill_preserve(cr);
    pa_set_rgb(cr, mt_rgb[PA_MT_MOVABLE]);
    cairo_set_line_width(cr, 1.5);
    cairo_stroke(cr);
    cairo_move_to(cr, x + 6, y + 2);
    cairo_line_to(cr, x + 10, y + 2);
    cairo_line_to(cr, x + 10, y + 6);
    cairo_close_path(cr);
    pa_set_rgb(cr, 0x000000);
    cairo_fill(cr);
    cairo_move_to(cr, x + 16, y + 10);
    cairo_show_text(cr, "unmovable pages in a movable pageblock");
    cairo_text_extents_t e;
    cairo_text_extents(cr, "unmovable pages in a movable pageblock", &e);
    x += 16 + e.x_advance + 16;
    cairo_rectangle(cr, x + 0.5, y + 0.5, 12, 12);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    char t[128];
    snprintf(t, sizeof t, "free block of order >= %u (a pageblock or more)%s",
             map->m->pageblock_order, map->pitch >= 6 ? "" : ": outlined on cells of 6 px+");
    cairo_move_to(cr, x + 18, y + 10);
    cairo_show_text(cr, t);
}

int pa_map_write(struct pa_map *map, const char *path, char *err, size_t n)
{
    if (!map || !path) {
        snprintf(err, n, "no map or no file name");
        return PA_EINVAL;
    }
    enum pa_image_kind kind = pa_image_kind_of(path);
    if (kind == PA_IMG_NONE) {
        snprintf(err, n, "%s: the picture's name must end in .png or .svg", path);
        return PA_EINVAL;
    }
    cairo_surface_t *s;
    cairo_t *cr;
    if (pa_canvas_open(kind, path, map->width, map->height, &s, &cr, err, n))
        return PA_EINVAL;
    struct pa_rects bands[PA_MF_COUNT] = {0}, holes = {0}, marks = {0};
    struct pa_rects stripes[PA_MT_COUNT + 1] = {0};
    struct pa_rects *runs = NULL;
    if (kind == PA_IMG_PNG && !(runs = calloc(PA_MF_COUNT * PA_MT_COUNT, sizeof *runs))) {
        snprintf(err, n, "out of memory while drawing");
        pa_canvas_close(kind, path, s, cr, NULL, 0);
        return PA_ENOMEM;
    }
    draw_cells(map, cr, bands, &holes, &marks, stripes, runs);
    int rc = 0;
    for (int k = 0; runs && k < PA_MF_COUNT * PA_MT_COUNT; k++) {
        if (!runs[k].n)
            continue;
        pa_rects_path(cr, &runs[k]);
        pa_set_rgb(cr, fill_rgb[k / PA_MT_COUNT]);
        cairo_set_line_width(cr, map->pitch >= 10 ? 2 : 1);
        if (map->pitch >= 6) {
            cairo_fill_preserve(cr);
            pa_set_rgb(cr, mt_rgb[k % PA_MT_COUNT]);
            cairo_stroke(cr);
        } else {
            cairo_fill(cr);
        }
        rc |= pa_rects_free(&runs[k]);
    }
    free(runs);
    pa_rects_fill(cr, &holes, fill_rgb[PA_MF_HOLE]);
    for (int f = 0; f < PA_MF_COUNT; f++)
        pa_rects_fill(cr, &bands[f], fill_rgb[f]);
    for (int mt = 0; mt <= PA_MT_COUNT; mt++)
        pa_rects_fill(cr, &stripes[mt], mt < PA_MT_COUNT ? mt_rgb[mt] : 0x000000);
    pa_rects_fill(cr, &marks, 0x000000);
    if (map->pitch >= 6)
        draw_big_free(map, cr);
    draw_labels(map, cr);
    draw_legend(map, cr);
    for (int f = 0; f < PA_MF_COUNT; f++)
        rc |= pa_rects_free(&bands[f]);
    for (int mt = 0; mt <= PA_MT_COUNT; mt++)
        rc |= pa_rects_free(&stripes[mt]);
    rc |= pa_rects_free(&holes) | pa_rects_free(&marks);
    if (rc) {
        snprintf(err, n, "out of memory while drawing");
        pa_canvas_close(kind, path, s, cr, NULL, 0);
        return PA_ENOMEM;
    }
    return pa_canvas_close(kind, path, s, cr, err, n) ? PA_EINVAL : 0;
}
