/*
 * fuzz_pcp.c - libFuzzer target for the per-CPU page lists (src/mm/pcp.c).
 *
 * The input picks an era (batch/high rules, which orders use lists), 1-4
 * CPUs and a two-zone machine with a hole, then drives pa_pcp_rmqueue,
 * pa_free_pages_cpu, pa_pcp_drain and misuse (double free of a page on a
 * list, wrong order, bad CPU) from its bytes. After every step: the
 * invariant checker passes, and every managed page is accounted for exactly
 * once as free in the buddy lists, on a pcp list, or held by the fuzzer.
 * At the end, destroying the lists and freeing what is held must give the
 * machine back whole. Any violation aborts.
 *
 * Input layout: byte 0 = era (bits 0-1), CPUs - 1 (bits 2-3); then records
 * of one op byte and two argument bytes (missing bytes read as 0).
 */
#include <stdio.h>
#include <stdlib.h>

#include "pagealloc/pagealloc.h"
#include "pagealloc/pcp.h"

#define MAX_HELD 2048

struct held {
    uint64_t pfn;
    unsigned order;
};

static uint8_t byte(const uint8_t *d, size_t n, size_t *pos)
{
    return *pos < n ? d[(*pos)++] : 0;
}

static void die(const char *what, struct pa_machine *m)
{
    fprintf(stderr, "fuzz_pcp: %s (%s)\n", what, m ? pa_machine_errmsg(m) : "");
    abort();
}

static uint64_t managed(const struct pa_machine *m)
{
    uint64_t n = 0;
    for (int i = 0; i < m->nr_zones; i++)
        n += m->zones[i].managed;
    return n;
}

static void account(struct pa_machine *m, uint64_t held_pages)
{
    char msg[256];
    if (pa_machine_check(m, msg, sizeof msg)) {
        fprintf(stderr, "fuzz_pcp: %s\n", msg);
        abort();
    }
    uint64_t n = held_pages;
    for (int i = 0; i < m->nr_zones; i++)
        n += m->zones[i].free_pages + pa_pcp_count(m, &m->zones[i], -1);
    if (n != managed(m))
        die("pages lost or counted twice", m);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
    static struct held held[MAX_HELD];
    size_t pos = 0, nheld = 0;
    uint64_t held_pages = 0;
    uint8_t b0 = byte(d, n, &pos);
    struct pa_machine_config cfg = {0};
    struct pa_machine *m;
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA, 1, 4096);
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 4096, 12000);
    pa_config_add_hole(&cfg, 0x9f, 0x100);
    pa_config_add_reserved(&cfg, 5000, 5003);
    if (pa_machine_create(&cfg, &m, NULL, 0))
        die("machine", NULL);
    int cpus = 1 + ((b0 >> 2) & 3);
    if (pa_pcp_create(m, cpus, (enum pa_pcp_era)(b0 & 3)))
        die("pcp_create", m);
    static const unsigned orders[] = {0, 0, 0, 1, 2, 3, 9, 4};
    static const enum pa_migratetype mts[] = {PA_MT_UNMOVABLE, PA_MT_MOVABLE,
                                              PA_MT_RECLAIMABLE, PA_MT_MOVABLE};
    for (int step = 0; step < 4096 && pos < n; step++) {
        uint8_t op = byte(d, n, &pos), a = byte(d, n, &pos), b = byte(d, n, &pos);
        int cpu = a % cpus;
        struct pa_zone *z = &m->zones[(a >> 7) & 1];
        switch (op % 6) {
        case 0:
        case 1: { /* allocate */
            unsigned o = orders[b & 7];
            uint64_t pfn;
            int e = pa_pcp_rmqueue(z, cpu, o, mts[(b >> 3) & 3], 0, &pfn);
            if (e == PA_OK) {
                if (nheld == MAX_HELD) {
                    if (pa_free_pages_cpu(m, cpu, pfn, o))
                        die("free of a fresh page", m);
                } else {
                    held[nheld++] = (struct held){pfn, o};
                    held_pages += (uint64_t)1 << o;
                }
            } else if (e != PA_ENOMEM) {
                die("rmqueue error", m);
            }
            break;
        }
        case 2:
        case 3: /* free */
            if (nheld) {
                size_t k = ((size_t)b << 8 | a) % nheld;
                if (pa_free_pages_cpu(m, cpu, held[k].pfn, held[k].order))
                    die("free of a held page", m);
                held_pages -= (uint64_t)1 << held[k].order;
                held[k] = held[--nheld];
            }
            break;
        case 4: /* drain one CPU or all */
            pa_pcp_drain(m, b & 1 ? -1 : cpu);
            break;
        default: { /* misuse must be refused and change nothing */
            uint64_t pfn;
            if (pa_pcp_rmqueue(z, cpu, 0, PA_MT_MOVABLE, 0, &pfn) == PA_OK) {
                if (pa_free_pages_cpu(m, cpu, pfn, 0))
                    die("free", m);
                if (pa_free_pages_cpu(m, cpu, pfn, 0) == PA_OK)
                    die("double free accepted", m);
            }
            if (nheld && pa_free_pages_cpu(m, cpus + (b & 3), held[0].pfn, held[0].order) !=
                             PA_EINVAL)
                die("bad cpu accepted", m);
            if (nheld && held[0].order < 10 &&
                pa_free_pages_cpu(m, cpu, held[0].pfn, held[0].order + 1) == PA_OK)
                die("wrong order accepted", m);
            break;
        }
        }
        account(m, held_pages);
    }
    pa_pcp_destroy(m);
    account(m, held_pages);
    for (size_t k = 0; k < nheld; k++)
        if (pa_free_pages(m, held[k].pfn, held[k].order))
            die("final free", m);
    account(m, 0);
    pa_machine_destroy(m);
    return 0;
}
