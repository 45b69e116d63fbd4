/*
 * bench_buddy.c - speed of the buddy engine's hot paths on a 4 GiB zone
 * (2^20 pages of 4 KiB, max order 10): order-0 and order-9 alloc+free pairs,
 * the full allocation path (pa_alloc_pages: GFP decoding, zonelist, the
 * era's watermark check, rmqueue) next to the raw pa_zone_alloc pair,
 * random churn of orders 0-3 at 50% fill, and the pathological case (fill
 * with 8 KiB blocks, free all but one in every 64 KiB, then ask for 64 KiB
 * blocks until none is left). Prints ns per operation and operations per
 * second, in thread CPU time (best and median of 5 runs: the machine is
 * shared); asserts nothing.
 * `make bench` runs it; PA_BENCH_SCALE=K divides the operation counts by K.
 */
#include <stdlib.h>

#include "bench.h"
#include "pagealloc/gfp.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/pagealloc.h"
#include "pagealloc/pcp.h"
#include "pagealloc/profile.h"
#include "pagealloc/rng.h"

#define ZONE_PAGES (1u << 20) /* 4 GiB of 4 KiB pages */

static uint64_t scale = 1;

static struct pa_machine *zone_4g(void)
{
    struct pa_machine_config cfg = {0};
    struct pa_machine *m;
    char detail[256];
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, ZONE_PAGES);
    if (pa_machine_create(&cfg, &m, detail, sizeof detail)) {
        fprintf(stderr, "bench: cannot build the machine: %s\n", detail);
        exit(1);
    }
    return m;
}

#define REPS 5

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* ns[REPS] are the times of REPS runs of ops operations each: print the
   best (the machine is shared; the minimum is the least disturbed run) and
   the median. */
static void report(const char *what, uint64_t ops, uint64_t *ns)
{
    qsort(ns, REPS, sizeof *ns, cmp_u64);
    printf("%-48s best %6.1f ns/op, median %6.1f  (%6.1f Mops/s; %d x %llu ops)\n", what,
           (double)ns[0] / (double)ops, (double)ns[REPS / 2] / (double)ops,
           (double)ops * 1e3 / (double)ns[0], REPS, (unsigned long long)ops);
}

static void fail(const char *what, int err)
{
    fprintf(stderr, "bench: %s: %s\n", what, pa_strerror(err));
    exit(1);
}

/* Pairs of alloc(order) + free on zone z; returns ns. */
static uint64_t pairs(struct pa_machine *m, unsigned order, uint64_t n)
{
    struct pa_zone *z = &m->zones[0];
    uint64_t pfn, t0 = bench_cpu_ns();
    for (uint64_t i = 0; i < n; i++) {
        int e = pa_zone_alloc(z, order, PA_MT_MOVABLE, &pfn);
        if (e)
            fail("alloc", e);
        if ((e = pa_free_pages(m, pfn, order)))
            fail("free", e);
    }
    return bench_cpu_ns() - t0;
}

struct held {
    uint32_t *pfn;
    uint8_t *order;
    uint64_t n, pages;
};

static void held_push(struct held *h, uint64_t pfn, unsigned order)
{
    h->pfn[h->n] = (uint32_t)pfn;
    h->order[h->n] = (uint8_t)order;
    h->n++;
    h->pages += (uint64_t)1 << order;
}

/* One churn step: allocate (orders 0-3 uniform) when below the target,
   else free a random held block, with a 1-in-4 chance of the other choice. */
static void churn_step(struct pa_machine *m, struct pa_rng *r, struct held *h, uint64_t target)
{
    uint64_t x = pa_rng_next(r);
    bool alloc = h->n == 0 || (h->pages < target ? (x & 3) != 0 : (x & 3) == 0);
    if (alloc) {
        unsigned o = (unsigned)(x >> 2) & 3;
        uint64_t pfn;
        if (pa_zone_alloc(&m->zones[0], o, PA_MT_MOVABLE, &pfn) == PA_OK)
            held_push(h, pfn, o);
    } else {
        uint64_t k = pa_rng_below(r, h->n);
        unsigned o = h->order[k];
        int e = pa_free_pages(m, h->pfn[k], o);
        if (e)
            fail("churn free", e);
        h->pages -= (uint64_t)1 << o;
        h->n--;
        h->pfn[k] = h->pfn[h->n];
        h->order[k] = h->order[h->n];
    }
}

static void bench_pairs(void)
{
    struct pa_machine *m = zone_4g();
    uint64_t n = 4000000 / scale, ns[REPS];
    pairs(m, 0, n / 10); /* warm the caches */
    for (int r = 0; r < REPS; r++)
        ns[r] = pairs(m, 0, n);
    report("order-0 alloc+free pair, empty 4 GiB zone", n, ns);
    for (int r = 0; r < REPS; r++)
        ns[r] = pairs(m, 9, n);
    report("order-9 alloc+free pair, empty 4 GiB zone", n, ns);

    /* The same pairs on a zone churned to 50% fill: the order-0 list is
       rarely empty, as on a running system. */
    struct held h = {malloc(ZONE_PAGES * 4), malloc(ZONE_PAGES), 0, 0};
    struct pa_rng rng;
    pa_rng_seed(&rng, 1);
    for (uint64_t i = 0; i < 4000000; i++)
        churn_step(m, &rng, &h, ZONE_PAGES / 2);
    for (int r = 0; r < REPS; r++)
        ns[r] = pairs(m, 0, n);
    report("order-0 alloc+free pair, zone churned to 50%", n, ns);
    for (int r = 0; r < REPS; r++)
        ns[r] = pairs(m, 9, n / 10);
    report("order-9 alloc+free pair, zone churned to 50%", n / 10, ns);
    free(h.pfn);
    free(h.order);
    pa_machine_destroy(m);
}

/* The full path: pa_alloc_pages with a GFP_KERNEL order-0 request on a
   machine of the newest profile with its watermarks, freed again; cpu >= 0
   goes through the per-CPU lists (pa_free_pages_cpu). */
static uint64_t full_pairs(struct pa_machine *m, uint64_t gfp, int cpu, uint64_t n)
{
    struct pa_alloc_request rq = {gfp, 0, -1, cpu, PA_KIND_KERNEL, 0};
    struct pa_alloc_result res;
    uint64_t t0 = bench_cpu_ns();
    for (uint64_t i = 0; i < n; i++) {
        int e = pa_alloc_pages(m, &rq, &res);
        if (e)
            fail("pa_alloc_pages", e);
        if ((e = cpu < 0 ? pa_free_pages(m, res.pfn, 0) : pa_free_pages_cpu(m, cpu, res.pfn, 0)))
            fail("free", e);
    }
    return bench_cpu_ns() - t0;
}

static void bench_full_path(void)
{
    const struct pa_profile *p = pa_profile_latest();
    struct pa_machine_config cfg = {0};
    struct pa_machine *m;
    char detail[256];
    cfg.profile = p;
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, ZONE_PAGES);
    if (pa_machine_create(&cfg, &m, detail, sizeof detail)) {
        fprintf(stderr, "bench: cannot build the machine: %s\n", detail);
        exit(1);
    }
    struct pa_wmark_params wp = PA_WMARK_PARAMS_DEFAULT;
    uint64_t gfp = 0;
    if (pa_setup_per_zone_wmarks(m, &wp) || !pa_gfp_composite_value(p, "GFP_KERNEL", &gfp))
        fail("setup", PA_EINVAL);
    uint64_t n = 4000000 / scale, ns[REPS], raw[REPS];
    full_pairs(m, gfp, -1, n / 10); /* warm the caches */
    /* the two pairs in turn, so that both see the same machine load */
    for (int r = 0; r < REPS; r++) {
        raw[r] = pairs(m, 0, n);
        ns[r] = full_pairs(m, gfp, -1, n);
    }
    char what[96];
    snprintf(what, sizeof what, "pa_zone_alloc+free pair (raw), %s machine", p->name);
    report(what, n, raw);
    report("pa_alloc_pages+free pair (full fast path)", n, ns);
    printf("%-48s %.2fx the raw pair (best), %.2fx (median)\n", "  full path / raw pair",
           (double)ns[0] / (double)raw[0], (double)ns[REPS / 2] / (double)raw[REPS / 2]);
    if (pa_pcp_create(m, 1, p->pcp.era) == PA_OK) {
        for (int r = 0; r < REPS; r++)
            ns[r] = full_pairs(m, gfp, 0, n);
        report("pa_alloc_pages+free pair via per-CPU lists", n, ns);
        pa_pcp_destroy(m);
    }
    pa_machine_destroy(m);
}

static void bench_churn(void)
{
    struct pa_machine *m = zone_4g();
    struct held h = {malloc(ZONE_PAGES * 4), malloc(ZONE_PAGES), 0, 0};
    struct pa_rng rng;
    uint64_t n = 4000000 / scale, ns[REPS];
    pa_rng_seed(&rng, 42);
    while (h.pages < ZONE_PAGES / 2)
        churn_step(m, &rng, &h, ZONE_PAGES / 2);
    for (int r = 0; r < REPS; r++) {
        uint64_t t0 = bench_cpu_ns();
        for (uint64_t i = 0; i < n; i++)
            churn_step(m, &rng, &h, ZONE_PAGES / 2);
        ns[r] = bench_cpu_ns() - t0;
    }
    report("churn, orders 0-3, 50% fill of 4 GiB", n, ns);
    printf("%-48s %.1f %% of the zone held at the end\n", "",
           100.0 * (double)h.pages / ZONE_PAGES);
    free(h.pfn);
    free(h.order);
    pa_machine_destroy(m);
}

/* Fill the zone with 8 KiB blocks, free all but the first in every 64 KiB,
   then allocate 64 KiB blocks until none is left. Returns the total ns. */
static uint64_t pathological(bool print)
{
    struct pa_machine *m = zone_4g();
    struct pa_zone *z = &m->zones[0];
    uint32_t *blocks = malloc(sizeof *blocks * (ZONE_PAGES / 2));
    uint64_t n = 0, pfn, got = 0;

    uint64_t t0 = bench_cpu_ns();
    while (pa_zone_alloc(z, 1, PA_MT_MOVABLE, &pfn) == PA_OK) /* 8 KiB blocks */
        blocks[n++] = (uint32_t)pfn;
    uint64_t t1 = bench_cpu_ns();
    for (uint64_t i = 0; i < n; i++) /* keep the first 8 KiB of every 64 KiB */
        if (blocks[i] % 16 != 0) {
            int e = pa_free_pages(m, blocks[i], 1);
            if (e)
                fail("free", e);
        }
    uint64_t t2 = bench_cpu_ns();
    while (pa_zone_alloc(z, 4, PA_MT_MOVABLE, &pfn) == PA_OK) /* 64 KiB until none */
        got++;
    uint64_t t3 = bench_cpu_ns();
    if (print)
        printf("pathological: %llu x 8 KiB allocations %.1f ms, %llu frees %.1f ms, "
               "64 KiB allocations %.4f ms (%llu succeeded, then ENOMEM)\n",
               (unsigned long long)n, (double)(t1 - t0) / 1e6, (unsigned long long)(n - n / 8),
               (double)(t2 - t1) / 1e6, (double)(t3 - t2) / 1e6, (unsigned long long)got);
    free(blocks);
    pa_machine_destroy(m);
    return t3 - t0;
}

static void bench_pathological(void)
{
    uint64_t ns[REPS];
    for (int r = 0; r < REPS; r++)
        ns[r] = pathological(r == 0);
    qsort(ns, REPS, sizeof *ns, cmp_u64);
    printf("%-48s best %6.2f ms, median %6.2f ms\n", "pathological case, total", (double)ns[0] / 1e6,
           (double)ns[REPS / 2] / 1e6);
}

int main(void)
{
    const char *s = getenv("PA_BENCH_SCALE");
    if (s && atoi(s) > 0)
        scale = (uint64_t)atoi(s);
    bench_print_machine("bench_buddy: engine hot paths on a 4 GiB zone (4 KiB pages, max order 10)");
    bench_pairs();
    bench_full_path();
    bench_churn();
    bench_pathological();
    return 0;
}
