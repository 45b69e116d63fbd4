/*
 * draw/map.h - the memory map: the physical memory of each zone as a grid of
 * pageblocks, drawn with cairo to PNG or SVG (docs/draw.md).
 *
 * One cell per pageblock, rows by address (a row holds `cols` pageblocks and
 * starts at a pfn aligned to cols pageblocks, so the same pfn is in the same
 * column in every zone). A cell's border is its pageblock's migratetype; its
 * inside is what its pages are, stacked from the bottom in proportion (free
 * pages are the white rest on top). A black corner triangle marks a movable
 * (or CMA) pageblock holding unmovable pages (slab, page tables, kernel
 * allocations): the pages that stop compaction from making that block free.
 * A free block of order >= pageblock_order is outlined in black; holes are
 * not drawn. Consecutive cells of a row with the same migratetype and the
 * same page counts are one "run" and one path (one SVG element).
 *
 * The map is computed from a const machine in one pass over each zone's
 * pages (free and allocated blocks skipped by their order), then drawn.
 * Nothing here changes the machine.
 */
#ifndef PA_DRAW_MAP_H
#define PA_DRAW_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include "pagealloc/mm.h"

/* What a page is, as the map fills it (bottom to top in this order, free on
   top). Several engine kinds share one fill: kernel stacks are "kernel",
   kmalloc-large is "slab". */
enum pa_map_fill {
    PA_MF_RESERVED = 0, /* boot reservation (PA_PG_RESERVED) or PA_KIND_RESERVED */
    PA_MF_KERNEL,       /* PA_KIND_KERNEL, PA_KIND_KSTACK                        */
    PA_MF_PAGETABLE,
    PA_MF_SLAB,         /* PA_KIND_SLAB, PA_KIND_KMALLOC_LARGE                   */
    PA_MF_HUGETLB,
    PA_MF_OTHER,        /* allocated, kind not told (PA_KIND_NONE)               */
    PA_MF_ANON,
    PA_MF_FILE,
    PA_MF_PCP,          /* free, on a per-CPU list (allocated for the buddy)     */
    PA_MF_FREE,         /* in a free buddy block                                 */
    PA_MF_HOLE,         /* no memory, or outside this zone                       */
    PA_MF_COUNT
};
const char *pa_map_fill_name(enum pa_map_fill f);
/* Is a page of this fill unmovable (slab, page table, kernel)? */
bool pa_map_fill_unmovable(enum pa_map_fill f);

enum pa_map_cell_flags {
    PA_MC_UNMOVABLE_IN_MOVABLE = 0x01, /* the corner marker                       */
    PA_MC_FREE_BIG = 0x02,             /* inside a free block >= pageblock_order  */
};

struct pa_map_cell {
    uint32_t count[PA_MF_COUNT];       /* pages of this pageblock, per fill       */
    uint8_t mt;                        /* the pageblock's migratetype             */
    uint8_t flags;                     /* enum pa_map_cell_flags                  */
};

struct pa_map_zone {
    const struct pa_zone *zone;
    uint64_t first_pb, nr_pb;          /* pageblocks [first_pb, first_pb + nr_pb) */
    struct pa_map_cell *cells;         /* nr_pb cells                             */
    uint64_t first_row;                /* first_pb / cols                         */
    uint64_t nr_rows;
    double y;                          /* top of the grid in the image            */
};

struct pa_map_opts {
    const char *zone;                  /* draw only zones of this name; NULL all  */
    const char *title;                 /* first line of the picture; NULL none    */
    unsigned cols;                     /* pageblocks per row; 0 = by size         */
    unsigned pitch;                    /* cell pitch in pixels; 0 = by size       */
};

struct pa_map {
    const struct pa_machine *m;
    struct pa_map_opts opts;
    int nr_zones;
    struct pa_map_zone zones[PA_MAX_ZONES];
    unsigned cols, pitch;
    double width, height, grid_x;
    uint64_t nr_runs;                  /* cell runs drawn (set by pa_map_write)   */
};

/* Compute the map of m's populated zones (those named opts->zone if set).
   0, PA_EINVAL (NULL argument, no such zone: err says which) or PA_ENOMEM.
   m must stay unchanged while the map is used. */
int pa_map_build(const struct pa_machine *m, const struct pa_map_opts *opts, struct pa_map **out,
                 char *err, size_t n);
void pa_map_free(struct pa_map *map);

/* Draw it to path: PNG if path ends in ".png", SVG if ".svg". 0, or
   PA_EINVAL with err set (unknown extension, cairo could not write). */
int pa_map_write(struct pa_map *map, const char *path, char *err, size_t n);

/* Where the cell of pageblock pb of zone zi is drawn (for tests and for
   anyone who wants to mark the picture): the cell's outer box in pixels.
   false if pb is not in that zone's grid. */
bool pa_map_cell_box(const struct pa_map *map, int zi, uint64_t pb, double *x, double *y,
                     double *w, double *h);

/* Colours (0xRRGGBB) of a fill and of a migratetype's border: the legend's. */
uint32_t pa_map_fill_rgb(enum pa_map_fill f);
uint32_t pa_map_mt_rgb(enum pa_migratetype mt);

#endif
