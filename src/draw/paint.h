/*
 * draw/paint.h - what the pictures share (not an API): a canvas that is a
 * PNG or an SVG file, colours as 0xRRGGBB, one font, legend swatches, and a
 * list of shapes filled with one path (one cairo fill, one SVG element).
 */
#ifndef PA_DRAW_PAINT_H
#define PA_DRAW_PAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>

enum pa_image_kind { PA_IMG_NONE = 0, PA_IMG_PNG, PA_IMG_SVG };
/* By the name's ending: ".png", ".svg" (any case); PA_IMG_NONE otherwise. */
enum pa_image_kind pa_image_kind_of(const char *path);

/* A white canvas of w x h pixels. -1 with err set when cairo cannot. */
int pa_canvas_open(enum pa_image_kind kind, const char *path, double w, double h,
                   cairo_surface_t **s, cairo_t **cr, char *err, size_t n);
/* Write (PNG) or finish (SVG) the file and free both. -1 with err set (err
   may be NULL to only free). */
int pa_canvas_close(enum pa_image_kind kind, const char *path, cairo_surface_t *s, cairo_t *cr,
                    char *err, size_t n);

void pa_set_rgb(cairo_t *cr, uint32_t rgb);
void pa_font(cairo_t *cr, double size, bool bold);
/* A 12 x 12 swatch at (x, y) filled `fill`, bordered `border`, then the
   label; returns the x after it. */
double pa_legend_swatch(cairo_t *cr, double x, double y, uint32_t fill, uint32_t border,
                        const char *label);

/* Shapes to fill with one colour. */
struct pa_rects {
    double *v;                 /* 4 per shape: x, y, w, h; h < 0: triangle    */
    size_t n, cap;
    bool oom;
};
void pa_rects_add(struct pa_rects *r, double x, double y, double w, double h);
/* A right triangle in the top-right corner of the square (x, y, s). */
void pa_rects_tri(struct pa_rects *r, double x, double y, double s);
void pa_rects_fill(cairo_t *cr, struct pa_rects *r, uint32_t rgb);
/* Only make the path (a new one) of the shapes. */
void pa_rects_path(cairo_t *cr, const struct pa_rects *r);
/* Free; returns 1 if an add ran out of memory (the picture is incomplete). */
int pa_rects_free(struct pa_rects *r);

#endif
