/*
 * paint.c - canvas, colours, font and shape lists shared by the pictures.
 */
#include "draw/paint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cairo-svg.h>

enum pa_image_kind pa_image_kind_of(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    if (n > 4 && !strcasecmp(path + n - 4, ".png"))
        return PA_IMG_PNG;
    if (n > 4 && !strcasecmp(path + n - 4, ".svg"))
        return PA_IMG_SVG;
    return PA_IMG_NONE;
}

int pa_canvas_open(enum pa_image_kind kind, const char *path, double w, double h,
                   cairo_surface_t **s, cairo_t **cr, char *err, size_t n)
{
    *cr = NULL;
    if (kind == PA_IMG_SVG)
        *s = cairo_svg_surface_create(path, w, h);
    else
        *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w + 0.5), (int)(h + 0.5));
    if (cairo_surface_status(*s) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, n, "%s: %s", path, cairo_status_to_string(cairo_surface_status(*s)));
        cairo_surface_destroy(*s);
        return -1;
    }
    *cr = cairo_create(*s);
    cairo_set_source_rgb(*cr, 1, 1, 1);
    cairo_paint(*cr);
    return 0;
}

int pa_canvas_close(enum pa_image_kind kind, const char *path, cairo_surface_t *s, cairo_t *cr,
                    char *err, size_t n)
{
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (err && st == CAIRO_STATUS_SUCCESS && kind == PA_IMG_PNG)
        st = cairo_surface_write_to_png(s, path);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        if (err)
            snprintf(err, n, "%s: %s", path, cairo_status_to_string(st));
        return -1;
    }
    return 0;
}

void pa_set_rgb(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0);
}

void pa_font(cairo_t *cr, double size, bool bold)
{
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

double pa_legend_swatch(cairo_t *cr, double x, double y, uint32_t fill, uint32_t border,
                        const char *label)
{
    cairo_rectangle(cr, x + 1, y + 1, 10, 10);
    pa_set_rgb(cr, fill);
    cairo_fill_preserve(cr);
    pa_set_rgb(cr, border);
    cairo_set_line_width(cr, 1.5); /* not 2: map cells' runs are the 2 px strokes */
    cairo_stroke(cr);
    pa_set_rgb(cr, 0x000000);
    cairo_move_to(cr, x + 16, y + 10);
    cairo_show_text(cr, label);
    cairo_text_extents_t e;
    cairo_text_extents(cr, label, &e);
    return x + 16 + e.x_advance + 12;
}

static void push(struct pa_rects *r, double x, double y, double w, double h)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        double *v = realloc(r->v, cap * 4 * sizeof *v);
        if (!v) {
            r->oom = true;
            return;
        }
        r->v = v;
        r->cap = cap;
    }
    double *p = &r->v[r->n++ * 4];
    p[0] = x, p[1] = y, p[2] = w, p[3] = h;
}

void pa_rects_add(struct pa_rects *r, double x, double y, double w, double h)
{
    push(r, x, y, w, h);
}

void pa_rects_tri(struct pa_rects *r, double x, double y, double s)
{
    push(r, x, y, s, -1);
}

void pa_rects_fill(cairo_t *cr, struct pa_rects *r, uint32_t rgb)
{
    if (!r->n)
        return;
    pa_rects_path(cr, r);
    pa_set_rgb(cr, rgb);
    cairo_fill(cr);
}

void pa_rects_path(cairo_t *cr, const struct pa_rects *r)
{
    cairo_new_path(cr);
    for (size_t i = 0; i < r->n; i++) {
        const double *p = &r->v[i * 4];
        if (p[3] >= 0) {
            cairo_rectangle(cr, p[0], p[1], p[2], p[3]);
        } else {
            cairo_move_to(cr, p[0], p[1]);
            cairo_line_to(cr, p[0] + p[2], p[1]);
            cairo_line_to(cr, p[0] + p[2], p[1] + p[2]);
            cairo_close_path(cr);
        }
    }
}

int pa_rects_free(struct pa_rects *r)
{
    int oom = r->oom;
    free(r->v);
    memset(r, 0, sizeof *r);
    return oom;
}
