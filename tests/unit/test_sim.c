/*
 * test_sim.c - unit tests of src/sim: presets and their layout, era
 * selection, processes, page cache, kmalloc with SLAB and SLUB, free(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/profile.h"
#include "sim/sim.h"

static struct pa_sim *sim(const char *preset, const char *kernel, bool boot)
{
    struct pa_sim_opts o;
    char err[256];
    pa_sim_opts_init(&o);
    o.kernel = kernel;
    o.no_boot_state = !boot;
    struct pa_sim *s = pa_sim_create(pa_preset_find(preset), &o, err, sizeof err);
    if (!s) {
        print_error("pa_sim_create(%s): %s\n", preset, err);
        fail();
    }
    return s;
}

static uint64_t total_free(const struct pa_sim *s)
{
    uint64_t n = 0;
    for (int i = 0; i < s->m->nr_zones; i++)
        n += s->m->zones[i].free_pages + pa_pcp_count(s->m, &s->m->zones[i], -1);
    return n;
}

static uint64_t managed(const struct pa_sim *s)
{
    uint64_t n = 0;
    for (int i = 0; i < s->m->nr_zones; i++)
        n += s->m->zones[i].managed;
    return n;
}

/* MemTotal comes out as the seeds' `free` says: 2048300 kB (2000 MiB) for
   seed 003's VM, 1922500 kB (1877 MiB) for seed 000's. */
static void test_preset_memtotal(void **state)
{
    (void)state;
    struct pa_sim *s = sim("vm-2g", NULL, false);
    assert_int_equal(managed(s) * 4, 2048300);
    assert_int_equal(s->m->nr_zones, 2);
    assert_string_equal(s->m->zones[1].name, "DMA32");
    assert_int_equal(s->nr_cpus, 2);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
    s = sim("rhel6-2g", NULL, false);
    assert_int_equal(managed(s) * 4, 1922500);
    assert_int_equal(s->slab_kind, PA_SLAB_SLAB);
    assert_int_equal(s->m->profile->text.free, PA_FREE_STYLE_PROCPS3);
    pa_sim_destroy(s);
    s = sim("rhel6-1g", NULL, false); /* seed 000's second VM: total 996 */
    assert_int_equal(managed(s) * 4, 1020180);
    assert_int_equal((managed(s) * 4) >> 10, 996);
    pa_sim_destroy(s);
}

static void test_preset_shapes(void **state)
{
    (void)state;
    struct pa_sim *s = sim("x86-32", NULL, false);
    assert_int_equal(s->m->nr_zones, 3);
    assert_string_equal(s->m->zones[1].name, "Normal");
    assert_int_equal(pa_zone_end_pfn(&s->m->zones[1]), 229376); /* 896 MiB */
    assert_string_equal(s->m->zones[2].name, "HighMem");
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
    s = sim("server-64g", NULL, false);
    assert_int_equal(s->m->nr_nodes, 2);
    assert_int_equal(s->m->nr_zones, 4); /* DMA, DMA32, Normal on node 0; Normal on 1 */
    assert_int_equal(s->slab_kind, PA_SLAB_SLUB);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
    char err[256];
    struct pa_sim_opts o;
    pa_sim_opts_init(&o);
    o.mem_mib = 8;
    assert_null(pa_sim_create(pa_preset_find("vm-2g"), &o, err, sizeof err));
    assert_non_null(strstr(err, "mem must be"));
}

static void test_era_table(void **state)
{
    (void)state;
    char w[160];
    /* The era rules the simulator uses come from the one profile parser. */
#define ERA(v) pa_profile_for_version(v, w, sizeof w)
    assert_int_equal(ERA("2.6.32-642.el6")->slab.kind, PA_SLAB_SLAB);
    assert_int_equal(ERA("2.6.32.69")->slab.kind, PA_SLAB_SLUB);
    assert_int_equal(ERA("4.14")->pcp.era, PA_PCP_2632);
    assert_int_equal(ERA("4.19.78")->pcp.era, PA_PCP_419);
    assert_int_equal(ERA("6.18.2")->pcp.era, PA_PCP_67);
    assert_string_equal(w, "");
    assert_int_equal(ERA("3.10.0-957.el7")->slab.kind, PA_SLAB_SLUB); /* warns: backports */
    assert_null(ERA("banana"));
    assert_non_null(strstr(w, "not a kernel version"));
#undef ERA
}

/* Killing a process gives back every page it touched plus its page tables
   (200000 / 512 -> 391 of them) and its kernel stack (4.14: vmalloc'ed, 4
   pages); drop_caches gives back the page cache. */
static void test_process_and_cache(void **state)
{
    (void)state;
    struct pa_sim *s = sim("vm-2g", NULL, false);
    uint64_t before = total_free(s);
    struct pa_proc *p = pa_sim_spawn(s, "t", 1);
    pa_proc_touch(p, 200000);
    assert_int_equal(pa_sim_run(s), 200000);
    assert_int_equal(s->st.anon, 200000);
    assert_int_equal(s->st.pagetables, 391);
    assert_int_equal(s->st.kernel_stack, 4);
    assert_int_equal(total_free(s), before - 200391 - 4);
    PA_ASSERT_CHECK(s->m);
    assert_int_equal(pa_sim_kill(s, p), 0);
    assert_int_equal(s->st.anon, 0);
    assert_int_equal(total_free(s), before);
    assert_true(pa_sim_cache_file(s, "/f", 10 << 20, 0, false) == 2560);
    assert_int_equal(s->st.file, 2560);
    assert_int_equal(pa_sim_drop_caches(s, 1), 2560);
    assert_int_equal(total_free(s), before);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

/* SLAB (RHEL6): kmalloc(4 MiB) is one object of size-4194304, an order-10
   slab. SLUB (4.14): kmalloc(16 KiB) is above kmalloc-8k and goes to the
   page allocator as an order-2 compound page; kmalloc(100) shares a slab. */
static void test_kmalloc(void **state)
{
    (void)state;
    struct pa_sim *s = sim("rhel6-2g", NULL, false);
    struct pa_sim_gfp g;
    char err[128];
    assert_int_equal(pa_sim_gfp_parse(s, "GFP_KERNEL", &g, err, sizeof err), 0);
    assert_int_equal(g.mt, PA_MT_UNMOVABLE);
    uint64_t before = s->m->zones[1].free_area[10].nr_free;
    uint64_t a = pa_sim_kmalloc(s, 0, 4 << 20, &g);
    assert_true(a != 0);
    assert_int_equal(pa_sim_ksize(s, a), 4 << 20);
    assert_int_equal(s->m->zones[1].free_area[10].nr_free, before - 1);
    assert_int_equal(s->st.slab_unreclaimable, 1024);
    assert_int_equal(pa_sim_kmalloc(s, 0, (4 << 20) + 1, &g), 0); /* above the largest cache */
    assert_int_equal(pa_sim_kfree(s, 0, a + 8), -1);
    assert_int_equal(pa_sim_kfree(s, 0, a), 0);
    assert_int_equal(pa_sim_kfree(s, 0, a), -1); /* double free */
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);

    s = sim("vm-2g", NULL, false);
    assert_int_equal(pa_sim_gfp_parse(s, "GFP_KERNEL", &g, err, sizeof err), 0);
    a = pa_sim_kmalloc(s, 0, 16384, &g);
    assert_true(a != 0);
    assert_int_equal(pa_sim_ksize(s, a), 16384);
    assert_int_equal(s->st.kmalloc_large, 4);
    uint64_t b = pa_sim_kmalloc(s, 0, 100, &g), c = pa_sim_kmalloc(s, 0, 100, &g);
    assert_int_equal(c - b, 128); /* kmalloc-128, consecutive objects */
    assert_int_equal(pa_sim_kfree(s, 0, a), 0);
    assert_int_equal(s->st.kmalloc_large, 0);
    assert_int_equal(pa_sim_kfree(s, 0, b), 0);
    assert_int_equal(pa_sim_kfree(s, 0, c), 0);
    assert_int_equal(pa_sim_kfree(s, 0, 0x1234), -1);
    /* SLUB's KMALLOC_MAX_SIZE is PAGE_SIZE << MAX_PAGE_ORDER = 4 MiB: an
       order-10 compound page; one byte more is NULL */
    a = pa_sim_kmalloc(s, 0, 4 << 20, &g);
    assert_true(a != 0);
    assert_int_equal(s->st.kmalloc_large, 1024);
    assert_int_equal(pa_sim_kmalloc(s, 0, (4 << 20) + 1, &g), 0);
    assert_int_equal(pa_sim_kfree(s, 0, a), 0);
    assert_int_equal(pa_sim_gfp_parse(s, "GFP_BOGUS", &g, err, sizeof err), -1);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

/* `free -m` of the booted seed machines: procps-ng layout on 4.14 with the
   seed's first line (total 2000, used 41, free 1826, shared 0, buff/cache
   133; used and free within 2 MiB: pages left on per-CPU lists by the boot
   count as used), procps 3.2 layout on RHEL6 with total 1877, buffers 59,
   cached 149. */
static void test_free_layouts(void **state)
{
    (void)state;
    struct pa_sim *s = sim("vm-2g", NULL, true);
    struct pa_strbuf sb = PA_STRBUF_INIT;
    assert_int_equal(pa_sim_free_cmd(s, "-m", &sb), 0);
    const char *t = pa_sb_str(&sb);
    assert_non_null(strstr(t, "              total        used        free      shared  "
                              "buff/cache   available\n"));
    unsigned long long total, used, fr, shared, bc;
    const char *mem = strstr(t, "Mem:");
    assert_non_null(mem);
    assert_int_equal(sscanf(mem, "Mem: %llu %llu %llu %llu %llu", &total, &used, &fr, &shared,
                            &bc), 5);
    assert_int_equal(total, 2000);
    assert_true(used >= 41 && used <= 43);
    assert_true(fr >= 1824 && fr <= 1826);
    assert_int_equal(shared, 0);
    assert_int_equal(bc, 133);
    pa_sb_free(&sb);
    assert_int_equal(pa_sim_free_cmd(s, "-x", &sb), -1);
    pa_sb_free(&sb);
    pa_sim_destroy(s);
    s = sim("rhel6-2g", NULL, true);
    assert_int_equal(pa_sim_free_cmd(s, "-m", &sb), 0);
    t = pa_sb_str(&sb);
    assert_non_null(strstr(t, "             total       used       free     shared    buffers"
                              "     cached\n"));
    assert_non_null(strstr(t, "Mem:          1877 "));
    assert_non_null(strstr(t, "          0         59        149\n-/+ buffers/cache: "));
    pa_sb_free(&sb);
    assert_int_equal(pa_sim_cat(s, "/proc/meminfo", &sb), 0);
    assert_non_null(strstr(pa_sb_str(&sb), "MemTotal:        1922500 kB\n"));
    pa_sb_free(&sb);
    assert_int_equal(pa_sim_cat(s, "/proc/zoneinfo", &sb), 0);
    /* 2.6.32 layout, no "managed"; DMA32 pcp of 2 CPUs: batch 31, high 186 */
    t = pa_sb_str(&sb);
    assert_null(strstr(t, "managed"));
    assert_non_null(strstr(t, "\n        scanned  0\n"));
    assert_non_null(strstr(t, "              high:  186\n              batch: 31\n"));
    assert_non_null(strstr(t, "              high:  0\n              batch: 1\n")); /* DMA */
    pa_sb_free(&sb);
    assert_int_equal(pa_sim_cat(s, "/proc/nope", &sb), -1);
    pa_sb_free(&sb);
    pa_sim_destroy(s);
    /* 6.18 layout: boost and promo lines, a Device entry in protection, 6.7
       pagesets; DMA32 high_max = 508098 managed / 8 / 2 CPUs = 31756, batch
       63 (1 MiB cap) */
    s = sim("vm-2g", "6.18", false);
    assert_int_equal(pa_sim_cat(s, "/proc/zoneinfo", &sb), 0);
    t = pa_sb_str(&sb);
    assert_non_null(strstr(t, "\n        boost    0\n        min      "));
    assert_non_null(strstr(t, "\n        cma      0\n        protection: (0, 0, 0, 0, 0)\n"));
    assert_non_null(strstr(t, "              batch:    63\n"));
    assert_non_null(strstr(t, "              high_max: 31756\n"));
    assert_null(strstr(t, "node_inactive_ratio"));
    pa_sb_free(&sb);
    pa_sim_destroy(s);
}

/* Two processes touching pages in turn on two CPUs interleave in runs of
   the pcp batch; killing one frees every other run. A run of 31 pages
   (4.14) splits into one block each of orders 0-4, a run of 63 (4.19) into
   orders 0-5: with 20000 pages each, about 20000 / 31 = 645 blocks per
   order 0-4 and almost none of order 5 on 4.14, about 20000 / 63 = 317 per
   order 0-5 on 4.19 (hand computation; pcp leftovers make it a little
   less). */
static void kill_pattern(const char *kernel, unsigned top, uint64_t lo, uint64_t hi)
{
    struct pa_sim *s = sim("vm-2g", kernel, false);
    struct pa_proc *a = pa_sim_spawn(s, "a", 0), *b = pa_sim_spawn(s, "b", 1);
    pa_proc_touch(a, 20000);
    pa_proc_touch(b, 20000);
    pa_sim_run(s);
    const struct pa_zone *z = &s->m->zones[1];
    uint64_t before[11];
    for (int o = 0; o <= 10; o++)
        before[o] = z->free_area[o].nr_free;
    assert_int_equal(pa_sim_kill(s, a), 0);
    for (unsigned o = 0; o <= top; o++) {
        uint64_t n = z->free_area[o].nr_free - before[o];
        if (n < lo || n > hi) {
            print_error("%s order %u: %llu new blocks, expected %llu..%llu\n", kernel, o,
                        (unsigned long long)n, (unsigned long long)lo, (unsigned long long)hi);
            fail();
        }
    }
    assert_true(z->free_area[top + 1].nr_free - before[top + 1] < lo / 10);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

static void test_pcp_interleave_by_era(void **state)
{
    (void)state;
    kill_pattern("4.14", 4, 600, 660);
    kill_pattern("4.19", 5, 290, 330);
}

/* The hugetlb pool's GFP mask per era (profile kernel.hugetlb_movable):
   GFP_HIGHUSER up to 3.11, so a fresh huge page is an unmovable allocation
   that claims a MOVABLE pageblock for UNMOVABLE; GFP_HIGHUSER_MOVABLE from
   3.12 (86cdb465cf3a), the block stays MOVABLE. */
static void test_hugetlb_gfp_by_era(void **state)
{
    (void)state;
    static const struct {
        const char *kernel;
        bool movable;
    } t[] = {{"2.6.32", false}, {"3.10", false}, {"3.12", true}, {"6.17", true}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct pa_sim *s = sim("vm-2g", t[i].kernel, false);
        assert_int_equal(s->m->profile->kernel.hugetlb_movable, t[i].movable);
        assert_int_equal(s->gfp_hugetlb.mt, t[i].movable ? PA_MT_MOVABLE : PA_MT_UNMOVABLE);
        assert_true(s->gfp_hugetlb.comp);
        assert_int_equal(pa_sim_set_hugepages(s, 1), 1);
        assert_int_equal(s->nr_hugepages, 1);
        enum pa_migratetype bmt = pa_pageblock_migratetype(s->m, s->hugepages[0]);
        assert_int_equal(bmt, t[i].movable ? PA_MT_MOVABLE : PA_MT_UNMOVABLE);
        pa_sim_destroy(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_preset_memtotal),  cmocka_unit_test(test_preset_shapes),
        cmocka_unit_test(test_era_table),        cmocka_unit_test(test_process_and_cache),
        cmocka_unit_test(test_kmalloc),          cmocka_unit_test(test_free_layouts),
        cmocka_unit_test(test_pcp_interleave_by_era),
        cmocka_unit_test(test_hugetlb_gfp_by_era),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
