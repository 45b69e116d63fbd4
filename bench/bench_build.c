/*
 * bench_build.c - time and memory to build a 1 TiB machine (2^28 pages of
 * 4 KiB: DMA [1, 4096), DMA32 [4096, 4 GiB), Normal [4 GiB, 1 TiB)), as
 * pa_machine_create leaves it: every page on the buddy lists. Prints the
 * wall time, the bytes the engine allocated per simulated page, and the
 * resident memory (getrusage ru_maxrss and /proc/self/statm) that building
 * actually touched, with this host's transparent-hugepage setting (with THP
 * "always", calloc'd memory is backed by 2 MiB pages on first touch, so a
 * build that touches one 16-byte page struct in every 16 KiB would make all
 * of the array resident). Asserts nothing.
 */
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench.h"
#include "pagealloc/pagealloc.h"

static long rss_kib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static long maxrss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(void)
{
    char thp[128] = "unknown";
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (f) {
        if (!fgets(thp, sizeof thp, f))
            snprintf(thp, sizeof thp, "unknown");
        thp[strcspn(thp, "\n")] = '\0';
        fclose(f);
    }
    bench_print_machine("bench_build: building a 1 TiB machine (2^28 pages of 4 KiB)");
    printf("# transparent_hugepage/enabled: %s\n", thp);

    struct pa_machine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA, 1, 4096);
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA32, 4096, 1u << 20);
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 1u << 20, 1u << 28);
    pa_config_add_reserved(&cfg, 1, 16);

    for (int rep = 0; rep < 3; rep++) {
        long rss0 = rss_kib(), max0 = maxrss_kib();
        struct pa_machine *m;
        char detail[256];
        uint64_t t0 = bench_now_ns();
        int err = pa_machine_create(&cfg, &m, detail, sizeof detail);
        uint64_t t1 = bench_now_ns();
        if (err) {
            printf("build failed: %s: %s\n", pa_strerror(err), detail);
            return 0;
        }
        long rss1 = rss_kib(), max1 = maxrss_kib();
        uint64_t pages = m->max_pfn, free = 0, blocks = 0;
        for (int z = 0; z < m->nr_zones; z++) {
            free += m->zones[z].free_pages;
            for (unsigned o = 0; o <= m->max_order; o++)
                blocks += m->zones[z].free_area[o].nr_free;
        }
        uint64_t mem = m->mem_bytes;
        uint64_t t2 = bench_now_ns();
        pa_machine_destroy(m);
        uint64_t t3 = bench_now_ns();
        printf("build #%d: %.3f s (%.2f ns per page, %.1f ns per free block), destroy %.3f s\n",
               rep + 1, (double)(t1 - t0) / 1e9, (double)(t1 - t0) / (double)pages,
               (double)(t1 - t0) / (double)blocks, (double)(t3 - t2) / 1e9);
        printf("  %llu pages, %llu free in %llu blocks; engine memory %llu bytes = %.4f B/page "
               "(%zu per page + pageblocks + machine)\n",
               (unsigned long long)pages, (unsigned long long)free, (unsigned long long)blocks,
               (unsigned long long)mem, (double)mem / (double)pages,
               sizeof(struct pa_page));
        printf("  resident after build: +%ld KiB = %.3f B/page (statm); ru_maxrss +%ld KiB\n",
               rss1 - rss0, (double)(rss1 - rss0) * 1024.0 / (double)pages, max1 - max0);
    }
    return 0;
}
