/*
 * bench_reclaim.c - reclaim on the engine's LRU lists (src/mm/vmscan.c):
 * 1 M pages of clean page cache reclaimed through direct reclaim
 * (pa_try_to_free_pages, SWAP_CLUSTER_MAX at a time), and kswapd balancing a
 * 64 GiB node for order 8 (2.6.32: lumpy reclaim; RHEL 6 -642:
 * reclaim/compaction, with kswapd's compaction figures) after its free
 * memory was cut into order-0 pieces between page-cache pages, and kswapd
 * balancing the same node at order 0
 * after vm.min_free_kbytes was raised to 2 GiB over a node full of page
 * cache. Prints pages scanned and reclaimed per second.
 * PA_BENCH_SCALE=N divides the sizes.
 */
#include <stdlib.h>

#include "bench.h"
#include "pagealloc/gfp.h"
#include "pagealloc/vmscan.h"
#include "sim/sim.h"

static uint64_t scale = 1;

static struct pa_sim *machine(uint64_t mem_mib, const char *kernel)
{
    struct pa_sim_opts o;
    char err[256];
    pa_sim_opts_init(&o);
    o.kernel = kernel;
    o.mem_mib = mem_mib;
    o.nodes = 1;
    o.no_boot_state = true;
    struct pa_sim *s = pa_sim_create(pa_preset_find("server-64g"), &o, err, sizeof err);
    if (!s) {
        fprintf(stderr, "bench_reclaim: %s\n", err);
        exit(1);
    }
    s->m->swappiness = 0; /* page cache only */
    return s;
}

static void line(const char *what, const struct pa_scan_result *r, uint64_t cpu, uint64_t wall)
{
    printf("%-52s %6.2f M scanned/s %6.2f M reclaimed/s  (%llu scanned, %llu reclaimed, "
           "%.3f s cpu, %.3f s wall)\n",
           what, (double)r->scanned * 1e3 / (double)cpu, (double)r->reclaimed * 1e3 / (double)cpu,
           (unsigned long long)r->scanned, (unsigned long long)r->reclaimed, cpu / 1e9,
           wall / 1e9);
}

static void direct_reclaim(void)
{
    uint64_t want = (1u << 20) / scale;
    struct pa_sim *s = machine((want * 4 / 1024) * 5 / 4 + 512, "4.19");
    if (pa_sim_cache_file(s, "/big", want * s->page_size, 0, false) < 0) {
        fprintf(stderr, "bench_reclaim: %s\n", s->err);
        exit(1);
    }
    struct pa_reclaim_ctl rc = {0};
    rc.gfp = s->gfp_kernel.raw;
    rc.nid = s->m->nodes[0].id;
    rc.highest_zone = PA_ZONE_NORMAL;
    rc.nr_to_reclaim = PA_SWAP_CLUSTER_MAX;
    struct pa_scan_result tot = {0};
    uint64_t c0 = bench_cpu_ns(), w0 = bench_now_ns();
    while (tot.reclaimed < want) {
        struct pa_scan_result r;
        uint64_t got = pa_shrink_node(s->m, rc.nid, rc.highest_zone, rc.nr_to_reclaim, 0, false,
                                      false, false, &r);
        if (!got)
            break;
        tot.scanned += r.scanned;
        tot.reclaimed += got;
    }
    line("direct reclaim: 1M pages of clean page cache", &tot, bench_cpu_ns() - c0,
         bench_now_ns() - w0);
    pa_sim_destroy(s);
}

static void kswapd_64g(const char *kernel, const char *what)
{
    struct pa_sim *s = machine(65536 / scale, kernel);
    struct pa_machine *m = s->m;
    uint64_t managed = 0;
    for (int z = 0; z < m->nr_zones; z++)
        managed += m->zones[z].managed;
    /* two files read page by page on two CPUs: their pages interleave */
    for (uint64_t i = 0; i < managed * 9 / 10; i += 62) {
        pa_sim_cache_file(s, "/even", (i / 2 + 31) * s->page_size, 0, false);
        pa_sim_cache_file(s, "/odd", (i / 2 + 31) * s->page_size, 1, false);
    }
    pa_sim_kswapd(s);
    uint64_t pfn;
    for (int z = 0; z < m->nr_zones; z++)
        for (int mt = 0; mt < PA_MT_COUNT; mt++)
            while (pa_zone_alloc(&m->zones[z], 0, (enum pa_migratetype)mt, &pfn) == PA_OK)
                ;
    pa_sim_remove_file(s, "/odd");
    if (!pa_wakeup_kswapd(m, m->nodes[0].id, 8, PA_ZONE_NORMAL))
        printf("# kswapd: the node is already balanced for order 8\n");
    struct pa_scan_result r;
    uint64_t c0 = bench_cpu_ns(), w0 = bench_now_ns();
    pa_kswapd_run(m, m->nodes[0].id, 0, &r);
    uint64_t cpu = bench_cpu_ns() - c0, wall = bench_now_ns() - w0;
    line(what, &r, cpu, wall);
    printf("#   compaction: %llu migrate-scanned, %llu free-scanned, %llu migrated, %llu "
           "compact_stall\n",
           (unsigned long long)m->compact_stats.compact_migrate_scanned,
           (unsigned long long)m->compact_stats.compact_free_scanned,
           (unsigned long long)m->compact_stats.pgmigrate_success,
           (unsigned long long)m->compact_stats.compact_stall);
    pa_sim_destroy(s);
}

/* kswapd balancing a 64 GiB node at order 0 after the admin raised
   vm.min_free_kbytes to 2 GiB on a node full of clean page cache: it
   reclaims until every zone is above its new HIGH mark - a long run. 3.x
   rules: order 0 needs every zone balanced (V316 pgdat_balanced); 4.8+
   would call the node balanced as soon as DMA32 passes. */
static void kswapd_64g_min_free(void)
{
    struct pa_sim *s = machine(65536 / scale, "3.16");
    struct pa_machine *m = s->m;
    uint64_t managed = 0;
    for (int z = 0; z < m->nr_zones; z++)
        managed += m->zones[z].managed;
    if (pa_sim_cache_file(s, "/big", managed * 99 / 100 * s->page_size, 0, false) < 0) {
        fprintf(stderr, "bench_reclaim: %s\n", s->err);
        exit(1);
    }
    pa_sim_kswapd(s);
    char err[256];
    s->min_free_kbytes = (2u << 20) / scale;
    if (pa_sim_setup_wmarks(s, err, sizeof err)) {
        fprintf(stderr, "bench_reclaim: %s\n", err);
        exit(1);
    }
    if (!pa_wakeup_kswapd(m, m->nodes[0].id, 0, PA_ZONE_NORMAL))
        printf("# kswapd: the node is already balanced\n");
    struct pa_scan_result r;
    uint64_t c0 = bench_cpu_ns(), w0 = bench_now_ns();
    pa_kswapd_run(m, m->nodes[0].id, 0, &r);
    line("kswapd: 64 GiB node to HIGH, min_free_kbytes 2G (3.16)", &r, bench_cpu_ns() - c0,
         bench_now_ns() - w0);
    pa_sim_destroy(s);
}

int main(void)
{
    const char *e = getenv("PA_BENCH_SCALE");
    if (e && atoll(e) > 0)
        scale = (uint64_t)atoll(e);
    bench_print_machine("bench_reclaim: reclaim on the LRU lists, kswapd");
    direct_reclaim();
    kswapd_64g("2.6.32", "kswapd: balance a 64 GiB node for order 8 (2.6.32)");
    kswapd_64g("2.6.32-642.el6", "kswapd: the same on RHEL 6 -642 (reclaim/compaction)");
    kswapd_64g_min_free();
    return 0;
}
