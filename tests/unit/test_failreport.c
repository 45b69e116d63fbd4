/*
 * test_failreport.c - the failure and OOM report writers (src/format/
 * failreport.c, showmem.c) per era, and the round trip: every report the
 * simulator writes is read back by `explain`'s parser (pa_report_parse,
 * pa_report_explain_input, pa_explain) and reaches the same per-zone verdict
 * the engine computed when the allocation failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/explain.h"
#include "pagealloc/failreport.h"
#include "pagealloc/profile.h"
#include "pagealloc/report.h"
#include "pagealloc/rng.h"
#include "sim/sim.h"

static struct pa_sim *sim_for(const char *preset, const char *kernel, uint64_t mem_mib, int nodes,
                              bool boot, uint64_t seed)
{
    struct pa_sim_opts o;
    char err[256];
    pa_sim_opts_init(&o);
    o.kernel = kernel;
    o.mem_mib = mem_mib;
    if (nodes == 2) { /* a small NUMA box: node 0 DMA + DMA32, node 1 Normal */
        o.nr_zones = 3;
        o.zones[0] = (struct pa_zone_spec){0, PA_ZONE_DMA, 16};
        o.zones[1] = (struct pa_zone_spec){0, PA_ZONE_DMA32, mem_mib / 2};
        o.zones[2] = (struct pa_zone_spec){1, PA_ZONE_NORMAL, mem_mib / 2};
        o.mem_mib = 0;
    }
    o.no_boot_state = !boot;
    o.seed = seed;
    struct pa_sim *s = pa_sim_create(pa_preset_find(preset), &o, err, sizeof err);
    if (!s) {
        print_error("pa_sim_create(%s, %s): %s\n", preset, kernel ? kernel : "-", err);
        fail();
    }
    return s;
}

static struct pa_report_set parse(const char *text)
{
    struct pa_report_set set;
    struct pa_report_diag d;
    int rc = pa_report_parse(text, strlen(text), &set, &d);
    if (rc) {
        print_error("parse: line %d col %d: %s\n", d.line, d.column, d.msg);
        fail();
    }
    return set;
}

/* ---- formats per era ---------------------------------------------------------------- */

/* Seed 000: RHEL 6.8's order-10 kmalloc from a module prints the 2.6.32 header
   with a period, the "Pid:" line and the seed's frame chain. */
static void test_seed000_shape(void **state)
{
    (void)state;
    struct pa_sim *s = sim_for("rhel6-1g", "2.6.32-642.el6.x86_64", 0, 0, false, 1);
    snprintf(s->task.comm, sizeof s->task.comm, "insmod");
    s->task.pid = 22319;
    snprintf(s->task.module, sizeof s->task.module, "big_mem");
    snprintf(s->task.function, sizeof s->task.function, "hello_init");
    /* take every order-10 block, then ask for one more */
    uint64_t a;
    while ((a = pa_sim_kmalloc(s, 0, 4 << 20, &s->gfp_kernel)) != 0)
        ;
    const char *d = pa_sb_str(&s->dmesg);
    assert_non_null(strstr(d, "] insmod: page allocation failure. order:10, mode:0xd0\n"));
    assert_non_null(strstr(d, "] Pid: 22319, comm: insmod Not tainted 2.6.32-642.el6.x86_64 #1\n"));
    static const char *const chain[] = {"? __alloc_pages_nodemask+", "? kmem_getpages+",
                                        "? fallback_alloc+", "? cache_grow+",
                                        "? ____cache_alloc_node+", "? kmem_cache_alloc_trace+",
                                        "? hello_init+", "[big_mem]", "? hello_init+0x0/",
                                        "? do_one_initcall+", "? sys_init_module+",
                                        "? system_call_fastpath+", "Mem-Info:",
                                        "Node 0 DMA32 per-cpu:", "lowmem_reserve[]:",
                                        "Node 0 DMA32: ", "total pagecache pages"};
    const char *p = d;
    for (size_t i = 0; i < sizeof chain / sizeof chain[0]; i++) {
        const char *q = strstr(p, chain[i]);
        if (!q)
            print_error("missing '%s' in order\n", chain[i]);
        assert_non_null(q);
        p = q;
    }
    /* 2.6.32 prints no migratetype letters and no managed: */
    assert_null(strstr(d, "managed:"));
    assert_null(strstr(d, "(U"));
    pa_sim_destroy(s);
}

/* The header and stack forms of the later eras (kernel-semantics 6.5). */
static void test_header_forms(void **state)
{
    (void)state;
    static const struct {
        const char *kernel, *header, *task, *mem;
    } cases[] = {
        {"3.16.1", "] insmod: page allocation failure: order:10, mode:0xd0\n",
         "] CPU: 0 PID: 7 Comm: insmod Not tainted 3.16.1 #1\n", "managed:"},
        {"3.8.0", "] insmod: page allocation failure: order:10, mode:0xd0\n",
         "] Pid: 7, comm: insmod Not tainted 3.8.0 #1\n", "per-cpu:"},
        {"4.9.24", "] insmod: page allocation failure: order:10, mode:0x24000c0(GFP_KERNEL), "
                   "nodemask=(null)\n",
         "] insmod cpuset=/ mems_allowed=0\n", "writepending:"},
        {"5.4.19", "] insmod: page allocation failure: order:10, mode:0xcc0(GFP_KERNEL), "
                   "nodemask=(null),cpuset=/,mems_allowed=0\n",
         "] CPU: 0 PID: 7 Comm: insmod Not tainted 5.4.19 #1\n", " boost:"},
        {"6.12.1", "] insmod: page allocation failure: order:10, mode:0xcc0(GFP_KERNEL), "
                   "nodemask=(null),cpuset=/,mems_allowed=0\n",
         "]  <TASK>\n", "free_highatomic:"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pa_sim *s = sim_for("vm-2g", cases[i].kernel, 0, 0, false, 1);
        snprintf(s->task.comm, sizeof s->task.comm, "insmod");
        s->task.pid = 7;
        snprintf(s->task.module, sizeof s->task.module, "m");
        struct pa_sim_gfp g;
        char err[128];
        assert_int_equal(pa_sim_gfp_parse(s, "GFP_KERNEL", &g, err, sizeof err), 0);
        uint64_t pfn;
        while (!pa_sim_alloc(s, 0, &g, 10, PA_KIND_KERNEL, 0, &pfn))
            ;
        const char *d = pa_sb_str(&s->dmesg);
        if (!strstr(d, cases[i].header) || !strstr(d, cases[i].task) || !strstr(d, cases[i].mem))
            print_error("%s:\n%.1500s\n", cases[i].kernel, d);
        assert_non_null(strstr(d, cases[i].header));
        assert_non_null(strstr(d, cases[i].task));
        assert_non_null(strstr(d, cases[i].mem));
        pa_sim_destroy(s);
    }
}

/* __GFP_NOWARN: a failure without a report; the rate limit: 10 per 5 s. */
static void test_nowarn_and_ratelimit(void **state)
{
    (void)state;
    struct pa_sim *s = sim_for("vm-2g", "4.19", 0, 0, false, 1);
    struct pa_sim_gfp g;
    char err[128];
    assert_int_equal(pa_sim_gfp_parse(s, "GFP_KERNEL|__GFP_NOWARN", &g, err, sizeof err), 0);
    uint64_t pfn;
    int fails = 0;
    while (fails < 3)
        if (pa_sim_alloc(s, 0, &g, 10, PA_KIND_KERNEL, 0, &pfn))
            fails++;
    assert_int_equal(s->nr_fail_reports, 0);
    assert_null(strstr(pa_sb_str(&s->dmesg), "page allocation failure"));
    assert_int_equal(pa_sim_gfp_parse(s, "GFP_KERNEL", &g, err, sizeof err), 0);
    for (int i = 0; i < 25; i++)
        assert_int_not_equal(pa_sim_alloc(s, 0, &g, 10, PA_KIND_KERNEL, 0, &pfn), 0);
    assert_int_equal(s->nr_fail_reports, 10);
    assert_int_equal(s->nr_fail_suppressed, 15);
    pa_sim_destroy(s);
}

/* ---- the round trip ------------------------------------------------------------------ */

static const char *const kernels[] = {
    "2.6.32",         "2.6.36",         "2.6.38",        "3.4",    "3.16", "4.4",  "4.5",
    "4.6",            "4.9",            "4.10",          "4.13",   "4.14", "4.15", "4.19",
    "5.0",            "5.4",            "5.10",          "5.15",   "6.1",  "6.6",  "6.8",
    "6.12",           "6.15",           "6.17",          "2.6.32-71.el6", "2.6.32-220.el6",
    "2.6.32-642.el6",
};
static const char *const presets[] = {"vm-2g", "rhel6-1g", "x86-32"};
static const char *const masks[] = {
    "GFP_KERNEL",  "GFP_ATOMIC", "GFP_NOWAIT",          "GFP_KERNEL|__GFP_NORETRY",
    "GFP_DMA",     "GFP_USER",   "GFP_HIGHUSER_MOVABLE", "GFP_KERNEL|__GFP_COMP",
    "GFP_DMA32",   "GFP_NOIO",
};

struct rt_stats {
    int runs, reports, zones, skipped_highatomic;
    int verdicts[PA_ZV_OK + 1];
    int eras[PA_REPORT_612 + 1];
};

/* One seeded run: a machine, a random fill and free pattern, then requests
   until one fails with a report; the report parsed and explained must give
   each zone the verdict the engine gave it. */
static void round_trip_one(uint64_t seed, struct rt_stats *st)
{
    struct pa_rng r;
    pa_rng_seed(&r, seed);
    const char *kernel = kernels[pa_rng_below(&r, sizeof kernels / sizeof kernels[0])];
    const char *preset = presets[pa_rng_below(&r, sizeof presets / sizeof presets[0])];
    int nodes = !strcmp(preset, "vm-2g") && pa_rng_below(&r, 4) == 0 ? 2 : 0;
    uint64_t mem = 128 + 32 * pa_rng_below(&r, 5);
    struct pa_sim *s = sim_for(preset, kernel, mem, nodes, false, seed);
    st->runs++;

    /* fill: order-0..2 kernel pages up to a random share of memory, then free
       a random part of them so that free memory is scattered */
    uint64_t total = 0;
    for (int i = 0; i < s->m->nr_zones; i++)
        total += s->m->zones[i].managed;
    uint64_t target = total * (60 + pa_rng_below(&r, 40)) / 100, used = 0;
    size_t cap = (size_t)(target + 16), n = 0;
    uint64_t *pfns = malloc(cap * sizeof *pfns);
    unsigned char *ord = malloc(cap);
    struct pa_sim_gfp fill;
    char err[128];
    assert_int_equal(pa_sim_gfp_parse(s, pa_rng_below(&r, 2) ? "GFP_KERNEL|__GFP_NOWARN"
                                                           : "GFP_HIGHUSER_MOVABLE|__GFP_NOWARN",
                                      &fill, err, sizeof err),
                     0);
    while (used < target && n < cap) {
        unsigned o = (unsigned)pa_rng_below(&r, 4);
        uint64_t pfn;
        int cpu = (int)pa_rng_below(&r, (uint64_t)s->nr_cpus);
        if (pa_sim_alloc(s, cpu, &fill, o, PA_KIND_KERNEL, 0, &pfn))
            break;
        pfns[n] = pfn;
        ord[n++] = (unsigned char)o;
        used += (uint64_t)1 << o;
    }
    unsigned keep = 30 + (unsigned)pa_rng_below(&r, 70);
    for (size_t i = 0; i < n; i++)
        if (pa_rng_below(&r, 100) >= keep)
            assert_int_equal(pa_sim_free(s, 0, pfns[i], ord[i]), 0);
    free(pfns);
    free(ord);

    /* requests until one fails and is reported */
    pa_sb_reset(&s->dmesg);
    s->warn_rl_count = 0;
    uint64_t before = s->nr_fail_reports, mode = 0;
    unsigned order = 0;
    for (int tries = 0; tries < 400 && s->nr_fail_reports == before; tries++) {
        struct pa_sim_gfp g;
        const char *mask = masks[pa_rng_below(&r, sizeof masks / sizeof masks[0])];
        if (pa_sim_gfp_parse(s, mask, &g, err, sizeof err))
            continue; /* e.g. GFP_DMA32 on an era's layout without it */
        unsigned o = pa_rng_below(&r, 4) ? 3 + (unsigned)pa_rng_below(&r, s->m->max_order - 2)
                                          : (unsigned)pa_rng_below(&r, 3);
        uint64_t pfn;
        if (pa_sim_alloc(s, 0, &g, o, PA_KIND_KERNEL, 0, &pfn)) {
            mode = g.raw;
            order = o;
        }
    }
    if (s->nr_fail_reports == before) {
        pa_sim_destroy(s);
        return;
    }
    st->reports++;
    st->eras[s->m->profile->slowpath.report]++;
    struct pa_report_set set = parse(pa_sb_str(&s->dmesg));
    assert_true(set.nr >= 1);
    const struct pa_report *rep = &set.reports[set.nr - 1];
    assert_int_equal(rep->order, (int)order);
    assert_true(rep->have_mode);
    assert_int_equal(rep->mode, mode);
    struct pa_explain_in in;
    char note[256];
    assert_int_equal(pa_report_explain_input(rep, s->m->profile, -1, NULL, 0, &in, note,
                                             sizeof note),
                     0);
    struct pa_explain_result out;
    assert_int_equal(pa_explain(&in, &out), 0);
    const struct pa_alloc_result *res = &s->last_fail;
    for (int i = 0; i < res->nzones; i++) {
        const struct pa_zone *z = res->zones[i].zone;
        const struct pa_explain_zone *ez = NULL;
        for (int k = 0; k < out.nr_zones; k++)
            if (out.zones[k].type == z->type && out.zones[k].node == z->node)
                ez = &out.zones[k];
        if (!ez)
            print_error("seed %llu (%s, %s): zone %d %s not in the report\n",
                        (unsigned long long)seed, kernel, preset, z->node, z->name);
        assert_non_null(ez);
        enum pa_zone_verdict v = res->zones[i].slow;
        /* 4.4 - 4.19 subtract the highatomic reserve, but their dumps do
           not print it: the report cannot carry that number. */
        const struct pa_report_zone *rz = pa_report_find_zone(rep, z->node, z->type);
        if (z->nr_reserved_highatomic && rz &&
            !(rz->have & (1u << PA_RZ_RESERVED_HIGHATOMIC))) {
            st->skipped_highatomic++;
            continue;
        }
        bool ok;
        switch (v) {
        case PA_ZV_INELIGIBLE: ok = !ez->eligible; break;
        case PA_ZV_WMARK_FAIL: ok = ez->eligible && ez->passes == 0; break;
        case PA_ZV_NO_BLOCK: ok = ez->eligible && ez->passes == 1; break;
        default: ok = false; break;
        }
        if (!ok)
            print_error("seed %llu (%s, %s, order %d mode 0x%llx): zone %d %s: engine verdict %d, "
                        "explain eligible %d passes %d\n",
                        (unsigned long long)seed, kernel, preset, rep->order,
                        (unsigned long long)rep->mode, z->node, z->name, (int)v, ez->eligible,
                        ez->passes);
        assert_true(ok);
        st->zones++;
        st->verdicts[v]++;
    }
    pa_explain_free(&out);
    free(in.zones);
    pa_report_set_free(&set);
    pa_sim_destroy(s);
}

static void test_round_trip(void **state)
{
    (void)state;
    struct rt_stats st = {0};
    for (uint64_t seed = 1; seed <= 1000; seed++)
        round_trip_one(seed, &st);
    printf("round trip: %d runs, %d reports, %d zone verdicts compared, %d skipped "
           "(unprinted highatomic reserve)\n",
           st.runs, st.reports, st.zones, st.skipped_highatomic);
    printf("verdicts: %d ineligible, %d watermark failed, %d no block; reports per era style:",
           st.verdicts[PA_ZV_INELIGIBLE], st.verdicts[PA_ZV_WMARK_FAIL], st.verdicts[PA_ZV_NO_BLOCK]);
    for (int e = 0; e <= PA_REPORT_612; e++)
        printf(" %d", st.eras[e]);
    printf("\n");
    assert_int_equal(st.runs, 1000);
    assert_true(st.verdicts[PA_ZV_INELIGIBLE] > 0 && st.verdicts[PA_ZV_WMARK_FAIL] > 500);
    for (int e = 0; e <= PA_REPORT_612; e++)
        assert_true(st.eras[e] > 0);
    assert_true(st.reports >= 900);
}


/* The OOM report of every era style: explain's parser finds it as an OOM
   report with the request's order and mode, the victim named by the kill
   line, every zone of the machine with its zone and buddy lines, and a
   per-zone verdict that fails the MIN check (the OOM killer runs after the
   HIGH attempt failed, with nothing left to reclaim). */
static void test_oom_round_trip(void **state)
{
    (void)state;
    static const char *const eras[] = {"2.6.32", "2.6.32-642.el6", "3.4", "3.16", "4.4", "4.9",
                                       "5.4",    "6.1",            "6.12"};
    for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++) {
        struct pa_sim_opts o;
        char err[256];
        pa_sim_opts_init(&o);
        o.kernel = eras[e];
        o.mem_mib = 128;
        o.no_boot_state = true;
        struct pa_sim *s = pa_sim_create(pa_preset_find("vm-2g"), &o, err, sizeof err);
        assert_non_null(s);
        s->swap_pages = 0;
        struct pa_proc *hog = pa_sim_spawn(s, "hog", 0);
        assert_non_null(hog);
        pa_proc_touch(hog, 1u << 17);
        pa_sim_run(s);
        assert_true(hog->dead);
        struct pa_report_set set = parse(pa_sb_str(&s->dmesg));
        const struct pa_report *r = NULL;
        for (int i = 0; i < set.nr && !r; i++)
            if (set.reports[i].oom)
                r = &set.reports[i];
        if (!r)
            print_error("%s: no OOM report parsed from:\n%.2000s\n", eras[e],
                        pa_sb_str(&s->dmesg));
        assert_non_null(r);
        assert_int_equal(r->order, 0);
        assert_true(r->have_mode);
        assert_int_equal(r->mode, s->gfp_anon.raw);
        assert_string_equal(r->comm, "hog");
        assert_int_equal(r->victim_pid, hog->pid);
        for (int z = 0; z < s->m->nr_zones; z++) {
            const struct pa_report_zone *rz =
                pa_report_find_zone(r, s->m->zones[z].node, s->m->zones[z].type);
            assert_non_null(rz);
            assert_true(rz->zone_line && rz->buddy_line && rz->lowmem_line);
        }
        struct pa_explain_in in;
        char note[256];
        assert_int_equal(pa_report_explain_input(r, s->m->profile, -1, NULL, 0, &in, note,
                                                 sizeof note),
                         0);
        struct pa_explain_result out;
        assert_int_equal(pa_explain(&in, &out), 0);
        for (int k = 0; k < out.nr_zones; k++)
            if (out.zones[k].eligible)
                assert_int_equal(out.zones[k].passes, 0);
        pa_explain_free(&out);
        free(in.zones);
        pa_report_set_free(&set);
        pa_sim_destroy(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed000_shape),
        cmocka_unit_test(test_header_forms),
        cmocka_unit_test(test_nowarn_and_ratelimit),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_oom_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
