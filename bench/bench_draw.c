/*
 * bench_draw.c - how long the memory map of a big machine takes (target: a
 * 256 GiB machine in under a second, issue 14): computing the cells (one
 * walk over each zone's blocks) and drawing them to PNG and SVG, for the
 * machine as booted (free order-10 blocks) and for a mixed state where
 * neighbouring pageblocks differ (anon blocks, half-used blocks of order-0
 * pages, unmovable pages in movable blocks), the worst case for runs.
 * Prints, per run, wall-clock times of each part (drawing includes zlib and
 * the file write) and the thread's CPU time of cells + PNG (the machine is
 * shared: CPU time does not count others' turns); asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"
#include "draw/map.h"
#include "pagealloc/mm.h"

#define GIB_PAGES (1ull << 18) /* 4 KiB pages */

static struct pa_machine *big_machine(uint64_t gib)
{
    struct pa_machine_config cfg = {0};
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA, 1, 4096);
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA32, 4096, 1 << 20);
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 1 << 20, (1 << 20) + (gib - 4) * GIB_PAGES);
    pa_config_add_hole(&cfg, 0xc0000, 0x100000); /* the PCI window below 4 GiB */
    struct pa_machine *m;
    char err[256];
    if (pa_machine_create(&cfg, &m, err, sizeof err)) {
        fprintf(stderr, "bench_draw: %s\n", err);
        exit(1);
    }
    return m;
}

/* Pageblock i of Normal: free, one anon order-9 block, 64 slab pages in a
   movable block, or 256 anon order-0 pages (every other page). */
static uint64_t mix(struct pa_machine *m)
{
    const struct pa_zone *z = &m->zones[2];
    uint64_t ops = 0;
    for (uint64_t pfn = z->start_pfn, i = 0; pfn + 512 <= pa_zone_end_pfn(z); pfn += 512, i++) {
        switch (i % 4) {
        case 1:
            if (!pa_alloc_pfn(m, pfn, 9, PA_MT_MOVABLE))
                m->pages[pfn].kind = PA_KIND_ANON;
            ops++;
            break;
        case 2:
            for (int k = 0; k < 64; k++, ops++)
                if (!pa_alloc_pfn(m, pfn + (uint64_t)k * 7, 0, PA_MT_UNMOVABLE))
                    m->pages[pfn + (uint64_t)k * 7].kind = PA_KIND_SLAB;
            break;
        case 3:
            if (i % 8 == 3)
                pa_set_pageblock_migratetype(m, pfn, PA_MT_RECLAIMABLE);
            for (int k = 0; k < 512; k += 2, ops++)
                if (!pa_alloc_pfn(m, pfn + (uint64_t)k, 0, PA_MT_MOVABLE))
                    m->pages[pfn + (uint64_t)k].kind = PA_KIND_ANON;
            break;
        }
    }
    return ops;
}

static void run(const char *what, struct pa_machine *m)
{
    char err[256], png[64], svg[64];
    snprintf(png, sizeof png, "/tmp/bench_draw_%d.png", (int)getpid());
    snprintf(svg, sizeof svg, "/tmp/bench_draw_%d.svg", (int)getpid());
    for (int rep = 0; rep < 3; rep++) {
        struct pa_map *map;
        uint64_t c0 = bench_cpu_ns();
        uint64_t t0 = bench_now_ns();
        if (pa_map_build(m, NULL, &map, err, sizeof err)) {
            fprintf(stderr, "bench_draw: %s\n", err);
            exit(1);
        }
        uint64_t t1 = bench_now_ns();
        if (pa_map_write(map, png, err, sizeof err)) {
            fprintf(stderr, "bench_draw: %s\n", err);
            exit(1);
        }
        uint64_t t2 = bench_now_ns();
        uint64_t c2 = bench_cpu_ns();
        pa_map_write(map, svg, err, sizeof err);
        uint64_t t3 = bench_now_ns();
        uint64_t cells = 0;
        for (int i = 0; i < map->nr_zones; i++)
            cells += map->zones[i].nr_pb;
        printf("%-18s %llu cells, %6llu runs: cells %5.0f ms, png %5.0f ms, total %5.0f ms "
               "(cpu %5.0f ms); svg %5.0f ms\n",
               what, (unsigned long long)cells, (unsigned long long)map->nr_runs,
               (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t2 - t0) / 1e6, (c2 - c0) / 1e6,
               (t3 - t2) / 1e6);
        pa_map_free(map);
    }
    unlink(png);
    unlink(svg);
}

int main(void)
{
    bench_print_machine("bench_draw: the memory map of a 256 GiB machine (4 KiB pages)");
    struct pa_machine *m = big_machine(256);
    printf("# machine: %llu pfns, %llu pageblocks, %.0f MiB of engine memory\n",
           (unsigned long long)m->max_pfn, (unsigned long long)m->nr_pageblocks,
           m->mem_bytes / 1048576.0);
    run("256 GiB as booted", m);
    uint64_t t0 = bench_now_ns();
    uint64_t ops = mix(m);
    printf("# mixed state: %llu allocations in %.0f ms (not timed below)\n",
           (unsigned long long)ops, (bench_now_ns() - t0) / 1e6);
    run("256 GiB mixed", m);
    pa_machine_destroy(m);
    return 0;
}
