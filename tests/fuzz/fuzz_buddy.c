/*
 * fuzz_buddy.c - libFuzzer target for the buddy engine.
 *
 * The input picks a small machine (holes, boot reservations, two or three
 * zones, unaligned zone edges, max orders 4 / 6 / 10) and an era profile,
 * then drives pa_zone_alloc, pa_free_pages, pa_alloc_pfn, pa_alloc_range
 * and deliberate misuse (wrong order, not-head, holes, out of range, bad
 * orders and migratetypes) from its bytes. After every step the invariant
 * checker must pass and the engine must agree with the reference model in
 * tests/ref/ref_buddy.c on the return code and on the pfn an allocation
 * returns; every 64 steps and at the end the free lists are compared entry
 * by entry. Any disagreement aborts with a description on stderr.
 *
 * Input layout: byte 0 selects layout (bits 0-1), profile (bits 2-3) and
 * random pageblock types (bit 4); then records of one op byte and up to
 * four argument bytes (missing bytes read as 0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/pagealloc.h"
#include "ref/ref_buddy.h"

#define MAX_HELD 4096
#define MAX_STEPS 4096

static const struct pa_profile fz_2632 = {
    .name = "fuzz-2.6.32",
    .merge_check = PA_MERGE_ANY,
    .nr_mt = 5,
    .mt_order = {PA_MT_UNMOVABLE, PA_MT_RECLAIMABLE, PA_MT_MOVABLE, PA_MT_RESERVE,
                 PA_MT_ISOLATE},
};

static const struct pa_profile fz_4x = {
    .name = "fuzz-4.x",
    .merge_tail_heuristic = true,
    .merge_check = PA_MERGE_NO_ISOLATE,
    .nr_mt = 5,
    .mt_order = {PA_MT_UNMOVABLE, PA_MT_MOVABLE, PA_MT_RECLAIMABLE, PA_MT_HIGHATOMIC,
                 PA_MT_ISOLATE},
};

struct held {
    uint64_t pfn;
    unsigned order;
};

struct fz {
    const uint8_t *data;
    size_t size, pos;
    struct pa_machine *m;
    struct ref *r;
    struct held held[MAX_HELD];
    size_t nheld;
    uint32_t buf[1 << 12];
    unsigned step;
};

static void die(const struct fz *f, const char *what, long long a, long long b)
{
    char msg[512];
    int e = pa_machine_check(f->m, msg, sizeof msg);
    fprintf(stderr, "fuzz_buddy: step %u: %s (%lld vs %lld); checker: %s\n", f->step, what, a, b,
            e ? msg : "ok");
    abort();
}

static uint8_t byte(struct fz *f)
{
    return f->pos < f->size ? f->data[f->pos++] : 0;
}

static uint64_t pfn_arg(struct fz *f)
{
    uint64_t v = byte(f);
    v |= (uint64_t)byte(f) << 8;
    /* Mostly inside the machine, a little past its end. */
    return v % (ref_end_pfn(f->r) + 40);
}

static void hold(struct fz *f, uint64_t pfn, unsigned order)
{
    if (f->nheld < MAX_HELD)
        f->held[f->nheld++] = (struct held){pfn, order};
    else if (pa_free_pages(f->m, pfn, order) || ref_free_pages(f->r, pfn, order))
        die(f, "freeing an overflow block failed", (long long)pfn, order);
}

static void unhold_pfn(struct fz *f, uint64_t pfn)
{
    for (size_t i = 0; i < f->nheld; i++)
        if (f->held[i].pfn == pfn) {
            f->held[i] = f->held[--f->nheld];
            return;
        }
    die(f, "a successful free of a block the fuzzer did not hold", (long long)pfn, 0);
}

static void compare(struct fz *f)
{
    struct pa_machine *m = f->m;
    for (int z = 0; z < m->nr_zones; z++) {
        uint64_t cma = 0;
        for (unsigned o = 0; o <= m->max_order; o++)
            cma += (uint64_t)ref_list(f->r, z, o, PA_MT_CMA, f->buf, 0) << o;
        if (m->zones[z].nr_free_cma != cma)
            die(f, "nr_free_cma differs from the model's CMA lists",
                (long long)m->zones[z].nr_free_cma, (long long)cma);
        if (m->zones[z].free_pages != ref_zone_free_pages(f->r, z))
            die(f, "zone free_pages differ from the model", (long long)m->zones[z].free_pages,
                (long long)ref_zone_free_pages(f->r, z));
        for (unsigned o = 0; o <= m->max_order; o++)
            for (int t = 0; t < PA_MT_COUNT; t++) {
                size_t n = ref_list(f->r, z, o, t, f->buf, sizeof f->buf / sizeof f->buf[0]);
                size_t i = 0;
                for (uint32_t p = m->zones[z].free_area[o].free_list[t].head; p != PA_PFN_NONE;
                     p = m->pages[p].next, i++)
                    if (i >= n || p != f->buf[i])
                        die(f, "free list entry differs from the model", p,
                            i < n ? (long long)f->buf[i] : -1);
                if (i != n)
                    die(f, "free list length differs from the model", (long long)i, (long long)n);
            }
    }
}

static void build(struct fz *f, uint8_t sel)
{
    struct pa_machine_config cfg = {0};
    static const struct pa_profile *const profiles[4] = {NULL, &fz_2632, &fz_4x, NULL};
    cfg.profile = profiles[(sel >> 2) & 3];
    switch (sel & 3) {
    case 0:
    case 3:
        cfg.max_order = 4;
        cfg.pageblock_order = 2;
        pa_config_add_zone(&cfg, 0, PA_ZONE_DMA, 1, 60);
        pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 60, 200);
        pa_config_add_zone(&cfg, 1, PA_ZONE_NORMAL, 256, 300);
        pa_config_add_hole(&cfg, 20, 23);
        pa_config_add_hole(&cfg, 128, 130);
        pa_config_add_reserved(&cfg, 61, 62);
        break;
    case 1:
        pa_config_add_zone(&cfg, 0, PA_ZONE_DMA32, 3, 2100);
        pa_config_add_hole(&cfg, 1000, 1001);
        pa_config_add_reserved(&cfg, 0x50, 0x60);
        break;
    case 2:
        cfg.max_order = 6;
        cfg.pageblock_order = 6;
        pa_config_add_zone(&cfg, 0, PA_ZONE_DMA, 0, 100);
        pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 100, 333);
        pa_config_add_hole(&cfg, 200, 230);
        break;
    }
    char detail[256];
    if (pa_machine_create(&cfg, &f->m, detail, sizeof detail))
        die(f, detail, 0, 0);
    f->r = ref_create(&cfg);
    if (!f->r)
        die(f, "ref_create failed", 0, 0);
    if (sel & 0x10) {
        static const enum pa_migratetype mts[] = {PA_MT_MOVABLE,     PA_MT_UNMOVABLE,
                                                  PA_MT_RECLAIMABLE, PA_MT_HIGHATOMIC,
                                                  PA_MT_ISOLATE,     PA_MT_CMA};
        uint64_t nr = (uint64_t)1 << f->m->pageblock_order, i = 0;
        for (uint64_t p = 0; p < ref_end_pfn(f->r); p += nr, i++) {
            enum pa_migratetype mt = mts[(i * 7 + sel) % 6];
            pa_set_pageblock_migratetype(f->m, p, mt);
            ref_set_pageblock_mt(f->r, p, mt);
        }
    }
}

static void step(struct fz *f)
{
    struct pa_machine *m = f->m;
    unsigned max = m->max_order;
    uint8_t op = byte(f) % 8;
    int e, er;
    switch (op) {
    case 0:
    case 1: { /* allocate; order and migratetype may be out of range */
        int z = byte(f) % m->nr_zones;
        unsigned o = byte(f) % (max + 2);
        enum pa_migratetype mt = (enum pa_migratetype)(byte(f) % (PA_MT_COUNT + 1));
        uint64_t p = 0, q = 0;
        e = pa_zone_alloc(&m->zones[z], o, mt, &p);
        er = ref_zone_alloc(f->r, z, o, mt, &q);
        if (e != er)
            die(f, "pa_zone_alloc result", e, er);
        if (!e && p != q)
            die(f, "pa_zone_alloc pfn", (long long)p, (long long)q);
        if (!e)
            hold(f, p, o);
        break;
    }
    case 2:
    case 3: /* free a held block */
        if (f->nheld) {
            size_t i = byte(f) % f->nheld;
            struct held h = f->held[i];
            f->held[i] = f->held[--f->nheld];
            e = pa_free_pages(m, h.pfn, h.order);
            er = ref_free_pages(f->r, h.pfn, h.order);
            if (e || er)
                die(f, "free of a held block", e, er);
        }
        break;
    case 4: { /* free anything: misuse unless it happens to hit a held head */
        uint64_t p = pfn_arg(f);
        unsigned o = byte(f) % (max + 3);
        e = pa_free_pages(m, p, o);
        er = ref_free_pages(f->r, p, o);
        if (e != er)
            die(f, "pa_free_pages result", e, er);
        if (!e)
            unhold_pfn(f, p);
        break;
    }
    case 5: { /* a held block freed at a wrong order or from inside */
        if (!f->nheld)
            break;
        struct held h = f->held[byte(f) % f->nheld];
        uint8_t b = byte(f);
        uint64_t p = h.pfn + (h.order ? b % (1u << h.order) : 0);
        unsigned o = (h.order + 1 + b % max) % (max + 1); /* never h.order */
        e = pa_free_pages(m, p, o);
        er = ref_free_pages(f->r, p, o);
        if (e != er)
            die(f, "misuse free result", e, er);
        if (!e)
            die(f, "a wrong-order / not-head free succeeded", (long long)p, o);
        break;
    }
    case 6: { /* carve a given block */
        uint64_t p = pfn_arg(f);
        unsigned o = byte(f) % (max + 2);
        enum pa_migratetype mt = (enum pa_migratetype)(byte(f) % (PA_MT_COUNT + 1));
        e = pa_alloc_pfn(m, p, o, mt);
        er = ref_alloc_pfn(f->r, p, o, mt);
        if (e != er)
            die(f, "pa_alloc_pfn result", e, er);
        if (!e)
            hold(f, p, o);
        break;
    }
    case 7: { /* carve a range */
        uint64_t s = pfn_arg(f), n = byte(f) % 48;
        e = pa_alloc_range(m, s, s + n, PA_MT_MOVABLE);
        er = ref_alloc_range(f->r, s, s + n, PA_MT_MOVABLE);
        if (e != er)
            die(f, "pa_alloc_range result", e, er);
        if (!e)
            for (uint64_t p = s; p < s + n; p++)
                hold(f, p, 0);
        break;
    }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz *f = calloc(1, sizeof *f);
    char msg[512];
    if (!f || !size) {
        free(f);
        return 0;
    }
    f->data = data;
    f->size = size;
    build(f, byte(f));
    compare(f);
    for (f->step = 0; f->pos < f->size && f->step < MAX_STEPS; f->step++) {
        step(f);
        if (pa_machine_check(f->m, msg, sizeof msg))
            die(f, msg, 0, 0);
        if (f->step % 64 == 63)
            compare(f);
    }
    compare(f);
    /* Printers read only. */
    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_print_buddyinfo(f->m, &sb);
    pa_print_pagetypeinfo(f->m, &sb);
    pa_sb_free(&sb);
    compare(f);
    /* Everything back: all managed pages free again. */
    while (f->nheld) {
        struct held h = f->held[--f->nheld];
        if (pa_free_pages(f->m, h.pfn, h.order) || ref_free_pages(f->r, h.pfn, h.order))
            die(f, "final release failed", (long long)h.pfn, h.order);
    }
    compare(f);
    if (pa_machine_check(f->m, msg, sizeof msg))
        die(f, msg, 0, 0);
    for (int z = 0; z < f->m->nr_zones; z++)
        if (f->m->zones[z].free_pages != f->m->zones[z].managed)
            die(f, "not all managed pages free after the release",
                (long long)f->m->zones[z].free_pages, (long long)f->m->zones[z].managed);
    ref_destroy(f->r);
    pa_machine_destroy(f->m);
    free(f);
    return 0;
}
