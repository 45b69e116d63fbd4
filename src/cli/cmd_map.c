/*
 * cmd_map.c - `pagealloc map`: the memory map of a snapshot or of this
 * machine as a picture (src/draw/map.c; docs/draw.md).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/snapload.h"
#include "draw/map.h"
#include "draw/paint.h"

static void help(FILE *f)
{
    fputs("usage: pagealloc map (--from SNAPSHOT | --live) [-o FILE.png|FILE.svg] [--zone Z]\n\n"
          "Draw the physical memory of each zone as a grid of pageblocks: one cell per\n"
          "pageblock, rows by address; the border is the pageblock's migratetype, the\n"
          "inside what its pages are (free, anon, file, slab, kernel, page tables,\n"
          "hugetlb, reserved), a black corner marks unmovable pages in a movable\n"
          "pageblock, free blocks of a pageblock or more are outlined. See docs/draw.md.\n\n"
          "  --from FILE   a file written by `pagealloc snapshot`\n"
          "  --live        this machine now (root: reads /proc/kpageflags, read-only)\n"
          "  -o FILE       PNG or SVG by its name (default pagealloc-map.png)\n"
          "  --zone Z      only zones named Z (DMA, DMA32, Normal, ...)\n",
          f);
}

static int cmd_map(int argc, char **argv)
{
    static const struct option opts[] = {
        {"from", required_argument, 0, 'f'}, {"live", no_argument, 0, 'l'},
        {"output", required_argument, 0, 'o'}, {"zone", required_argument, 0, 'z'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *from = NULL, *out = "pagealloc-map.png", *zone = NULL;
    bool live = false;
    int c;
    optind = 1;
    while ((c = pa_cli_getopt(argc, argv, "o:h", opts)) != -1) {
        switch (c) {
        case 'f': from = optarg; break;
        case 'l': live = true; break;
        case 'o': out = optarg; break;
        case 'z': zone = optarg; break;
        case 'h': help(stdout); return PA_EXIT_OK;
        default: help(stderr); return PA_EXIT_BAD;
        }
    }
    if (optind < argc) {
        pa_cli_usage_err("unexpected argument '%s'", argv[optind]);
    }
    if (!!from + live != 1) {
        pa_cli_usage_err("give one of --from SNAPSHOT or --live");
    }
    if (pa_image_kind_of(out) == PA_IMG_NONE) {
        pa_cli_usage_err("%s: the picture's name must end in .png or .svg", out);
    }
    struct pa_snapfile *sf;
    struct pa_machine *m;
    int rc = pa_cli_load_snapshot("map", from, &sf, &m);
    if (rc)
        return rc;
    char title[160], err[300];
    snprintf(title, sizeof title, "%s - kernel %s", from ? from : "this machine", sf->kernel);
    struct pa_map_opts mo = {.zone = zone, .title = title};
    struct pa_map *map;
    int e = pa_map_build(m, &mo, &map, err, sizeof err);
    if (!e)
        e = pa_map_write(map, out, err, sizeof err);
    if (e) {
        pa_cli_err("map: %s", err);
        rc = PA_EXIT_BAD;
    } else {
        uint64_t cells = 0;
        for (int i = 0; i < map->nr_zones; i++)
            cells += map->zones[i].nr_pb;
        printf("map of %d zone%s (%" PRIu64 " pageblocks) written to %s\n", map->nr_zones,
               map->nr_zones == 1 ? "" : "s", cells, out);
    }
    pa_map_free(map);
    pa_machine_destroy(m);
    pa_snapfile_free(sf);
    return rc;
}

const struct pa_cmd pa_cmd_map = {"map", "draw the memory map of a snapshot or this machine "
                                         "(PNG/SVG)",
                                  cmd_map};
