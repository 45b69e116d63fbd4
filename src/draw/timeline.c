/*
 * timeline.c - free memory per order over time, drawn with cairo
 * (draw/timeline.h).
 */
#include "draw/timeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw/paint.h"

static const char *const mark_names[PA_TL_MARK_COUNT] = {
    "allocation failure", "kswapd wake-up", "direct reclaim", "compaction", "OOM kill"};
static const uint32_t mark_rgb[PA_TL_MARK_COUNT] = {0xd62728, 0x1f77b4, 0xff7f0e, 0x9467bd,
                                                    0x000000};
static const uint32_t wmark_rgb[3] = {0xd62728, 0xff7f0e, 0x2ca02c};
static const char *const wmark_names[3] = {"min", "low", "high"};

/* viridis, order max_order (dark) to order 0 (yellow) */
static const uint32_t ramp[11] = {0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c,
                                  0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725};

const char *pa_tl_mark_name(enum pa_tl_mark k)
{
    return (unsigned)k < PA_TL_MARK_COUNT ? mark_names[k] : "?";
}

static uint32_t order_rgb(unsigned o, unsigned nr_orders)
{
    unsigned top = nr_orders > 1 ? nr_orders - 1 : 1;
    double f = (double)(top - o) / top * 10.0; /* 0 = highest order */
    int i = (int)f;
    if (i >= 10)
        return ramp[10];
    double r = f - i;
    uint32_t a = ramp[i], b = ramp[i + 1], out = 0;
    for (int sh = 0; sh <= 16; sh += 8) {
        double ca = (a >> sh) & 0xff, cb = (b >> sh) & 0xff;
        out |= (uint32_t)(ca + (cb - ca) * r + 0.5) << sh;
    }
    return out;
}

struct pa_timeline *pa_timeline_create(const char *title, const char *x_label,
                                       unsigned nr_orders, unsigned page_shift)
{
    if (!nr_orders || nr_orders > PA_ORDER_CAP + 1 || page_shift < 9 || page_shift > 30)
        return NULL;
    struct pa_timeline *tl = calloc(1, sizeof *tl);
    if (!tl)
        return NULL;
    tl->s = calloc(PA_TL_MAX_SAMPLES, sizeof *tl->s);
    if (!tl->s) {
        free(tl);
        return NULL;
    }
    snprintf(tl->title, sizeof tl->title, "%s", title ? title : "");
    snprintf(tl->x_label, sizeof tl->x_label, "%s", x_label ? x_label : "");
    tl->nr_orders = nr_orders;
    tl->page_shift = page_shift;
    return tl;
}

void pa_timeline_free(struct pa_timeline *tl)
{
    if (tl)
        free(tl->s);
    free(tl);
}

/* Keep every other sample (and every forced one, and the last). */
static void halve(struct pa_timeline *tl)
{
    size_t k = 0;
    for (size_t i = 0; i < tl->n; i++)
        if (tl->s[i].forced || i % 2 == 0 || i + 1 == tl->n)
            tl->s[k++] = tl->s[i];
    if (k > PA_TL_MAX_SAMPLES * 3 / 4) { /* mostly forced: drop them too */
        size_t j = 0;
        for (size_t i = 0; i < k; i++)
            if (i % 2 == 0 || i + 1 == k)
                tl->s[j++] = tl->s[i];
        k = j;
    }
    tl->n = k;
    double span = tl->n > 1 ? tl->s[tl->n - 1].t - tl->s[0].t : 0;
    tl->stride = span / (PA_TL_MAX_SAMPLES / 2);
}

void pa_timeline_add(struct pa_timeline *tl, double t, const uint64_t *free,
                     const uint64_t wmark[3], bool force)
{
    if (!tl || !free || !wmark)
        return;
    if (tl->n && t < tl->s[tl->n - 1].t)
        t = tl->s[tl->n - 1].t;
    if (!force && tl->n && t - tl->s[tl->n - 1].t < tl->stride)
        return;
    if (tl->n == PA_TL_MAX_SAMPLES)
        halve(tl);
    struct pa_tl_sample *s = &tl->s[tl->n++];
    memset(s, 0, sizeof *s);
    s->t = t;
    memcpy(s->free, free, tl->nr_orders * sizeof *free);
    memcpy(s->wmark, wmark, sizeof s->wmark);
    s->forced = force;
}

void pa_timeline_sample_zone(struct pa_timeline *tl, double t, const struct pa_zone *z,
                             bool force)
{
    if (!tl || !z)
        return;
    uint64_t free[PA_ORDER_CAP + 1] = {0}, wm[3];
    for (unsigned o = 0; o < tl->nr_orders; o++)
        free[o] = z->free_area[o].nr_free << o;
    for (int w = 0; w < 3; w++)
        wm[w] = z->watermark[w] + z->watermark_boost;
    pa_timeline_add(tl, t, free, wm, force);
}

void pa_timeline_step(struct pa_timeline *tl, double t, const char *label)
{
    if (!tl || tl->nr_steps == PA_TL_MAX_STEPS)
        return;
    struct pa_tl_step *st = &tl->steps[tl->nr_steps++];
    st->t = t;
    snprintf(st->label, sizeof st->label, "%s", label ? label : "");
}

void pa_timeline_mark(struct pa_timeline *tl, double t, enum pa_tl_mark kind, uint64_t count)
{
    if (!tl || (unsigned)kind >= PA_TL_MARK_COUNT || !count)
        return;
    for (size_t i = tl->nr_marks; i-- > 0;) {
        if (tl->marks[i].t < t)
            break;
        if (tl->marks[i].kind == kind && tl->marks[i].t == t) {
            tl->marks[i].count += count;
            return;
        }
    }
    if (tl->nr_marks == PA_TL_MAX_MARKS) {
        /* Full: neighbours of one kind become one marker (at the first's
           time, counts summed), so that a flood of one kind (kswapd woken on
           every request) does not crowd out the rare ones (a failure). */
        size_t n = 0;
        for (size_t i = 0; i < tl->nr_marks; i++) {
            if (n && tl->marks[n - 1].kind == tl->marks[i].kind)
                tl->marks[n - 1].count += tl->marks[i].count;
            else
                tl->marks[n++] = tl->marks[i];
        }
        tl->nr_marks = n;
    }
    if (tl->nr_marks == PA_TL_MAX_MARKS) { /* still full: the last of its kind */
        for (size_t i = tl->nr_marks; i-- > 0;)
            if (tl->marks[i].kind == kind) {
                tl->marks[i].count += count;
                return;
            }
        tl->marks[tl->nr_marks - 1] = (struct pa_tl_marker){t, kind, count};
        return;
    }
    tl->marks[tl->nr_marks++] = (struct pa_tl_marker){t, kind, count};
}

/* ---- drawing ------------------------------------------------------------------------ */

#define W 960.0
#define H 440.0
#define PX0 76.0
#define PX1 (W - 70.0)
#define PY0 34.0
#define PY1 (H - 110.0)

static double nice_step(double range)
{
    double raw = range / 5.0;
    if (raw <= 0)
        return 1;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

static void fmt_num(char *b, size_t n, double v)
{
    if (fabs(v) >= 1e9)
        snprintf(b, n, "%gG", v / 1e9);
    else if (fabs(v) >= 1e6)
        snprintf(b, n, "%gM", v / 1e6);
    else if (fabs(v) >= 1e4)
        snprintf(b, n, "%gk", v / 1e3);
    else
        snprintf(b, n, "%g", v);
}

struct frame {
    double t0, t1, ymax, mib; /* mib: MiB per page */
};

static double fx(const struct frame *f, double t)
{
    return PX0 + (t - f->t0) / (f->t1 - f->t0) * (PX1 - PX0);
}

static double fy(const struct frame *f, double pages)
{
    return PY1 - pages * f->mib / f->ymax * (PY1 - PY0);
}

static void draw_axes(const struct pa_timeline *tl, cairo_t *cr, const struct frame *f)
{
    char b[64];
    pa_font(cr, 10, false);
    cairo_set_line_width(cr, 1);
    double step = nice_step(f->ymax);
    for (double v = 0; v <= f->ymax + 1e-9; v += step) {
        double y = floor(PY1 - v / f->ymax * (PY1 - PY0)) + 0.5;
        pa_set_rgb(cr, 0xdddddd);
        cairo_move_to(cr, PX0, y);
        cairo_line_to(cr, PX1, y);
        cairo_stroke(cr);
        snprintf(b, sizeof b, "%g", v);
        cairo_text_extents_t e;
        cairo_text_extents(cr, b, &e);
        pa_set_rgb(cr, 0x000000);
        cairo_move_to(cr, PX0 - 6 - e.x_advance, y + 3);
        cairo_show_text(cr, b);
    }
    cairo_save(cr);
    cairo_move_to(cr, 16, (PY0 + PY1) / 2 + 30);
    cairo_rotate(cr, -M_PI / 2);
    cairo_show_text(cr, "free MiB");
    cairo_restore(cr);
    double xs = nice_step(f->t1 - f->t0);
    for (double v = ceil(f->t0 / xs) * xs; v <= f->t1 + 1e-9; v += xs) {
        double x = floor(fx(f, v)) + 0.5;
        pa_set_rgb(cr, 0x000000);
        cairo_move_to(cr, x, PY1);
        cairo_line_to(cr, x, PY1 + 4);
        cairo_stroke(cr);
        fmt_num(b, sizeof b, v);
        cairo_text_extents_t e;
        cairo_text_extents(cr, b, &e);
        cairo_move_to(cr, x - e.x_advance / 2, PY1 + 15);
        cairo_show_text(cr, b);
    }
    cairo_text_extents_t e;
    cairo_text_extents(cr, tl->x_label, &e);
    cairo_move_to(cr, (PX0 + PX1) / 2 - e.x_advance / 2, PY1 + 29);
    cairo_show_text(cr, tl->x_label);
    cairo_rectangle(cr, PX0 + 0.5, PY0 + 0.5, PX1 - PX0, PY1 - PY0);
    cairo_stroke(cr);
}

static void draw_stack(const struct pa_timeline *tl, cairo_t *cr, const struct frame *f)
{
    double *below = calloc(tl->n, sizeof *below);
    if (!below)
        return;
    for (unsigned o = tl->nr_orders; o-- > 0;) {
        cairo_new_path(cr);
        for (size_t i = 0; i < tl->n; i++)
            cairo_line_to(cr, fx(f, tl->s[i].t), fy(f, below[i] + (double)tl->s[i].free[o]));
        for (size_t i = tl->n; i-- > 0;)
            cairo_line_to(cr, fx(f, tl->s[i].t), fy(f, below[i]));
        cairo_close_path(cr);
        pa_set_rgb(cr, order_rgb(o, tl->nr_orders));
        cairo_fill(cr);
        for (size_t i = 0; i < tl->n; i++)
            below[i] += (double)tl->s[i].free[o];
    }
    free(below);
}

static void draw_wmarks(const struct pa_timeline *tl, cairo_t *cr, const struct frame *f)
{
    static const double dash[] = {5, 3};
    cairo_set_line_width(cr, 1.5);
    pa_font(cr, 10, true);
    for (int w = 0; w < 3; w++) {
        cairo_new_path(cr);
        for (size_t i = 0; i < tl->n; i++)
            cairo_line_to(cr, fx(f, tl->s[i].t), fy(f, (double)tl->s[i].wmark[w]));
        if (tl->n == 1)
            cairo_line_to(cr, PX1, fy(f, (double)tl->s[0].wmark[w]));
        pa_set_rgb(cr, wmark_rgb[w]);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    /* labels at the right end, at least 11 px apart (the marks are close) */
    double y[3];
    for (int w = 0; w < 3; w++)
        y[w] = fy(f, (double)tl->s[tl->n - 1].wmark[w]) + 3;
    if (y[1] > y[0] - 11)
        y[1] = y[0] - 11;
    if (y[2] > y[1] - 11)
        y[2] = y[1] - 11;
    for (int w = 0; w < 3; w++) {
        pa_set_rgb(cr, wmark_rgb[w]);
        cairo_move_to(cr, PX1 + 4, y[w]);
        cairo_show_text(cr, wmark_names[w]);
    }
}

static void draw_steps_marks(const struct pa_timeline *tl, cairo_t *cr, const struct frame *f)
{
    static const double dot[] = {1, 2};
    char b[16];
    pa_font(cr, 9, true);
    cairo_set_line_width(cr, 1);
    double last_x = -100;
    for (size_t i = 0; i < tl->nr_steps; i++) {
        double x = floor(fx(f, tl->steps[i].t)) + 0.5;
        pa_set_rgb(cr, 0x555555);
        cairo_set_dash(cr, dot, 2, 0);
        cairo_move_to(cr, x, PY0);
        cairo_line_to(cr, x, PY1);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        if (x - last_x < 12)
            continue;
        last_x = x;
        snprintf(b, sizeof b, "%zu", i + 1);
        cairo_move_to(cr, x + 2, PY0 - 4);
        cairo_show_text(cr, b);
    }
    for (size_t i = 0; i < tl->nr_marks; i++) {
        const struct pa_tl_marker *m = &tl->marks[i];
        double x = floor(fx(f, m->t)) + 0.5;
        pa_set_rgb(cr, mark_rgb[m->kind]);
        cairo_move_to(cr, x, PY0);
        cairo_line_to(cr, x, PY1);
        cairo_stroke(cr);
        cairo_move_to(cr, x - 4, PY1 + 1);
        cairo_line_to(cr, x + 4, PY1 + 1);
        cairo_line_to(cr, x, PY1 - 7);
        cairo_close_path(cr);
        cairo_fill(cr);
    }
}

static void draw_legend(const struct pa_timeline *tl, cairo_t *cr)
{
    double x = PX0, y = PY1 + 40;
    pa_font(cr, 10, false);
    char b[80];
    for (unsigned o = 0; o < tl->nr_orders; o++) {
        snprintf(b, sizeof b, o ? "%u" : "order %u", o);
        x = pa_legend_swatch(cr, x, y, order_rgb(o, tl->nr_orders), order_rgb(o, tl->nr_orders),
                             b) - 4;
    }
    y += 20;
    x = PX0;
    uint64_t count[PA_TL_MARK_COUNT] = {0};
    for (size_t i = 0; i < tl->nr_marks; i++)
        count[tl->marks[i].kind] += tl->marks[i].count;
    for (int w = 0; w < 3; w++) {
        snprintf(b, sizeof b, "%s watermark", wmark_names[w]);
        x = pa_legend_swatch(cr, x, y, 0xffffff, wmark_rgb[w], b);
    }
    for (int k = 0; k < PA_TL_MARK_COUNT; k++) {
        snprintf(b, sizeof b, "%s (%llu)", mark_names[k], (unsigned long long)count[k]);
        x = pa_legend_swatch(cr, x, y, mark_rgb[k], mark_rgb[k], b);
        if (x > W - 150 && k + 1 < PA_TL_MARK_COUNT) {
            x = PX0;
            y += 18;
        }
    }
}

int pa_timeline_write(const struct pa_timeline *tl, const char *path, char *err, size_t n)
{
    if (!tl || !path) {
        snprintf(err, n, "no timeline or no file name");
        return PA_EINVAL;
    }
    enum pa_image_kind kind = pa_image_kind_of(path);
    if (kind == PA_IMG_NONE) {
        snprintf(err, n, "%s: the picture's name must end in .png or .svg", path);
        return PA_EINVAL;
    }
    if (!tl->n) {
        snprintf(err, n, "%s: the timeline has no samples", path);
        return PA_EINVAL;
    }
    struct frame f = {tl->s[0].t, tl->s[tl->n - 1].t, 0,
                      (double)((uint64_t)1 << tl->page_shift) / (1 << 20)};
    for (size_t i = 0; i < tl->nr_steps; i++)
        if (tl->steps[i].t > f.t1)
            f.t1 = tl->steps[i].t;
    if (f.t1 <= f.t0)
        f.t1 = f.t0 + 1;
    for (size_t i = 0; i < tl->n; i++) {
        double tot = 0;
        for (unsigned o = 0; o < tl->nr_orders; o++)
            tot += (double)tl->s[i].free[o];
        for (int w = 0; w < 3; w++)
            if ((double)tl->s[i].wmark[w] > tot)
                tot = (double)tl->s[i].wmark[w];
        if (tot * f.mib > f.ymax)
            f.ymax = tot * f.mib;
    }
    f.ymax = f.ymax > 0 ? f.ymax * 1.08 : 1;
    cairo_surface_t *s;
    cairo_t *cr;
    if (pa_canvas_open(kind, path, W, H, &s, &cr, err, n))
        return PA_EINVAL;
    pa_font(cr, 13, true);
    pa_set_rgb(cr, 0x000000);
    cairo_move_to(cr, 8, 17);
    cairo_show_text(cr, tl->title);
    draw_stack(tl, cr, &f);
    draw_axes(tl, cr, &f);
    draw_wmarks(tl, cr, &f);
    draw_steps_marks(tl, cr, &f);
    draw_legend(tl, cr);
    return pa_canvas_close(kind, path, s, cr, err, n) ? PA_EINVAL : 0;
}
