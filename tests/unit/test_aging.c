/*
 * test_aging.c - reclaim's aging and anon/file balance per era (issue 10):
 * the pte young bit and PG_referenced (p:access, m:read), page_check_references
 * and shrink_active_list's rotations, get_scan_ratio's rotation-based balance
 * (2.6.32 / RHEL 6), "file only while the inactive file list is large" (3.8+),
 * the 5.8+ cost model, and the high-order reclaim mode per era (lumpy up to
 * 2.6.37, reclaim/compaction from 2.6.38).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/lru.h"
#include "pagealloc/profile.h"
#include "pagealloc/vmscan.h"
#include "sim/sim.h"

static struct pa_sim *sim(const char *kernel, uint64_t mem_mib, uint64_t swap_mib)
{
    struct pa_sim_opts o;
    char err[256];
    pa_sim_opts_init(&o);
    o.kernel = kernel;
    o.mem_mib = mem_mib;
    o.swap_mib = swap_mib;
    o.no_boot_state = true;
    struct pa_sim *s = pa_sim_create(pa_preset_find("vm-2g"), &o, err, sizeof err);
    if (!s) {
        print_error("%s: %s\n", kernel, err);
        fail();
    }
    return s;
}

static struct pa_proc *proc(struct pa_sim *s, const char *name, uint64_t pages)
{
    struct pa_proc *p = pa_sim_spawn(s, name, 0);
    assert_non_null(p);
    pa_proc_touch(p, pages);
    pa_sim_run(s);
    return p;
}

static const struct pa_profile *prof(const char *v)
{
    const struct pa_profile *p = pa_profile_for_version(v, NULL, 0);
    assert_non_null(p);
    return p;
}

/* Reclaim until `want` pages came free (at most 200 rounds, as kswapd would
   go on); the heap of `hot` (if any) is walked between rounds. */
static uint64_t reclaim(struct pa_sim *s, uint64_t want, struct pa_proc *hot,
                        struct pa_scan_result *sum)
{
    uint64_t got = 0;
    memset(sum, 0, sizeof *sum);
    for (int i = 0; i < 200 && got < want; i++) {
        struct pa_scan_result r;
        uint64_t batch = want - got < 1024 ? want - got : 1024;
        got += pa_shrink_node(s->m, 0, PA_ZONE_NORMAL, batch, 0, true, false, false, &r);
        sum->scanned += r.scanned;
        sum->reclaimed += r.reclaimed;
        sum->refill += r.refill;
        if (hot) {
            pa_proc_access(hot, hot->nr_pages);
            pa_sim_run(s);
        }
    }
    return got;
}

/* A hot anon working set and cold page cache: 2.6.32 and RHEL 6 reclaim the
   cache and leave the heap alone. The heap's pages are found young again and
   again (recent_rotated[anon] grows with recent_scanned[anon]), the cache's
   are read once (never rotated), so get_scan_ratio gives anon almost no
   share: no page is swapped although swappiness is 60. */
static void test_hot_anon_cold_file_rotation(void **state)
{
    (void)state;
    static const char *const eras[] = {"2.6.32", "2.6.32-642.el6"};
    for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++) {
        struct pa_sim *s = sim(eras[e], 512, 256);
        assert_int_equal(s->m->profile->reclaim.scan_balance, PA_BALANCE_ROTATION);
        struct pa_proc *java = proc(s, "java", 30000);
        assert_true(pa_sim_read_file(s, "/cold", 40000 * s->page_size, 1) > 0);
        uint64_t file0 = s->st.file;
        struct pa_scan_result r;
        uint64_t got = reclaim(s, 20000, java, &r);
        assert_true(got >= 20000);
        assert_int_equal(s->st.swap_used, 0);   /* the hot heap stayed */
        assert_true(file0 - s->st.file >= 20000);
        const struct pa_lruvec *lv = s->m->zones[s->m->nr_zones - 1].lruvec;
        assert_true(lv->recent_rotated[0] > 0); /* the heap was found in use */
        PA_ASSERT_CHECK(s->m);
        pa_sim_destroy(s);
    }
}

/* Referenced pages are aged, not stolen: a heap whose inactive pages are all
   young again is activated by page_check_references (rotated), so reclaim
   scans more pages than it frees; pgrefill counts the active list's ageing,
   and the heap stays resident. */
static void test_referenced_not_stolen(void **state)
{
    (void)state;
    static const char *const eras[] = {"2.6.32-642.el6", "3.16", "6.8"};
    for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++) {
        struct pa_sim *s = sim(eras[e], 512, 256);
        struct pa_machine *m = s->m;
        struct pa_proc *a = proc(s, "a", 4000);
        for (uint64_t i = 0; i < a->nr_pages; i++) /* all on the inactive list */
            assert_int_equal(pa_lru_deactivate(m, a->pages[i]), 0);
        pa_proc_access(a, a->nr_pages); /* and all young */
        pa_sim_run(s);
        m->swappiness = 100;
        struct pa_scan_result r;
        pa_shrink_node(m, 0, PA_ZONE_NORMAL, 1000, 0, true, false, false, &r);
        print_message("%s: scanned %llu reclaimed %llu refill %llu swapped %llu\n", eras[e],
                      (unsigned long long)r.scanned, (unsigned long long)r.reclaimed,
                      (unsigned long long)r.refill, (unsigned long long)a->nr_swapped);
        /* every young page was scanned and kept once before any was taken */
        assert_true(r.scanned >= r.reclaimed + 3000);
        assert_true(r.refill > 0); /* the activated pages were aged again */
        assert_int_equal(a->nr_swapped, r.reclaimed);
        /* the same heap left cold is swapped as it is scanned */
        struct pa_proc *b = proc(s, "b", 4000);
        for (uint64_t i = 0; i < b->nr_pages; i++) {
            assert_int_equal(pa_lru_deactivate(m, b->pages[i]), 0);
            m->pages[b->pages[i]].flags &= (uint16_t)~PA_PG_YOUNG; /* never used again */
        }
        uint64_t out0 = b->nr_swapped;
        for (int i = 0; i < 20 && b->nr_swapped == out0; i++)
            pa_shrink_node(m, 0, PA_ZONE_NORMAL, 1000, 0, true, false, false, &r);
        assert_true(b->nr_swapped > out0);
        PA_ASSERT_CHECK(m);
        pa_sim_destroy(s);
    }
}

/* mark_page_accessed through m:read: a page read once is inactive and
   referenced, read twice it is active; reclaim (swappiness 0) drops a
   read-once file before the pages of the file read twice. */
static void test_file_second_read_activates(void **state)
{
    (void)state;
    struct pa_sim *s = sim("2.6.32-642.el6", 512, 0);
    struct pa_machine *m = s->m;
    assert_true(pa_sim_read_file(s, "/twice", 2000 * s->page_size, 0) == 2000);
    struct pa_file *tw = s->files[s->nr_files - 1];
    uint32_t pfn = tw->pages[0];
    assert_true(m->pages[pfn].flags & PA_PG_REFERENCED);
    assert_false(m->pages[pfn].flags & PA_PG_ACTIVE);
    assert_int_equal(pa_sim_read_file(s, "/twice", 2000 * s->page_size, 0), 0);
    assert_true(m->pages[pfn].flags & PA_PG_ACTIVE);
    /* a read at an offset marks only its range */
    assert_true(pa_sim_read_file_at(s, "/part", 100 * s->page_size, 10 * s->page_size, 0) == 10);
    struct pa_file *pt = s->files[s->nr_files - 1];
    assert_int_equal(pt->nr_pages, 110);
    assert_int_equal(pt->holes, 100);
    assert_true(pa_sim_read_file(s, "/once", 6000 * s->page_size, 0) == 6000);
    m->swappiness = 0;
    struct pa_scan_result r;
    uint64_t got = reclaim(s, 5000, NULL, &r);
    assert_true(got >= 5000);
    for (uint64_t i = 0; i < tw->nr_pages; i++)
        assert_true(tw->pages[i] != PA_PFN_NONE); /* the used file stayed */
    PA_ASSERT_CHECK(m);
    pa_sim_destroy(s);
}

/* Scan balance per era with a large inactive file list (read once) next to
   an idle heap on the inactive anon list: 3.8+ (FILE_FIRST, COST) reclaim
   the page cache only; 2.6.32's rotation ratios give anon its share too,
   since the cache's own statistics also show a hot file (read twice). */
static void test_scan_balance_eras(void **state)
{
    (void)state;
    static const struct {
        const char *kernel;
        enum pa_scan_balance rule;
        bool swaps;
    } eras[] = {
        {"2.6.32", PA_BALANCE_ROTATION, true},
        {"3.16", PA_BALANCE_FILE_FIRST, false},
        {"4.19", PA_BALANCE_FILE_FIRST, false},
        {"6.8", PA_BALANCE_COST, false},
    };
    for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++) {
        struct pa_sim *s = sim(eras[e].kernel, 512, 256);
        struct pa_machine *m = s->m;
        assert_int_equal(m->profile->reclaim.scan_balance, eras[e].rule);
        struct pa_proc *idle = proc(s, "idle", 20000);
        for (uint64_t i = 0; i < idle->nr_pages; i++) {
            assert_int_equal(pa_lru_deactivate(m, idle->pages[i]), 0);
            m->pages[idle->pages[i]].flags &= (uint16_t)~PA_PG_YOUNG;
        }
        /* a hot file (read twice: active, rotated) and a big cold one */
        assert_true(pa_sim_read_file(s, "/hot", 8000 * s->page_size, 1) > 0);
        assert_int_equal(pa_sim_read_file(s, "/hot", 8000 * s->page_size, 1), 0);
        assert_true(pa_sim_read_file(s, "/cold", 40000 * s->page_size, 1) > 0);
        struct pa_scan_result r;
        uint64_t got = reclaim(s, 8000, NULL, &r);
        assert_true(got >= 8000);
        if (eras[e].swaps != (s->st.swap_used > 0))
            print_error("%s: swap used %llu\n", eras[e].kernel,
                        (unsigned long long)s->st.swap_used);
        assert_int_equal(s->st.swap_used > 0, eras[e].swaps);
        PA_ASSERT_CHECK(m);
        pa_sim_destroy(s);
    }
}

/* High-order reclaim per era: lumpy reclaim up to 2.6.37, reclaim/compaction
   from 2.6.38 (commit 3e7d34497067) with kswapd compacting each zone in
   2.6.38 only (d527caf22e48), the node from 3.4 (7be62de99adc, placed at
   the 3.3 profile) at the end of balancing, in each pass from 3.11 (the
   3.12 profile) to 4.5, lumpy gone in 3.5 (commit c53919adc045); RHEL 6
   -642 reclaim/compaction with per-zone kswapd compaction. Lumpy
   reclaim ignores references; reclaim/compaction does not: young inactive
   pages are stolen at order 10 on 2.6.36 and kept on 3.0. */
static void test_high_order_reclaim_eras(void **state)
{
    (void)state;
    static const struct {
        const char *v;
        bool lumpy, rc;
        enum pa_kswapd_compact kswapd_compact;
    } t[] = {
        {"2.6.32", true, false, PA_KSWAPD_COMPACT_NONE},
        {"2.6.36", true, false, PA_KSWAPD_COMPACT_NONE},
        {"2.6.38", false, true, PA_KSWAPD_COMPACT_ZONE},
        {"3.0", false, true, PA_KSWAPD_COMPACT_NONE},
        {"3.2", false, true, PA_KSWAPD_COMPACT_NONE},
        {"3.4", false, true, PA_KSWAPD_COMPACT_PGDAT_END},
        {"3.16", false, true, PA_KSWAPD_COMPACT_PGDAT},
        {"4.5", false, true, PA_KSWAPD_COMPACT_PGDAT},
        {"4.6", false, true, PA_KSWAPD_COMPACT_NONE},
        {"2.6.32-642.el6", false, true, PA_KSWAPD_COMPACT_ZONE},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const struct pa_profile *p = prof(t[i].v);
        assert_int_equal(p->slowpath.lumpy_reclaim, t[i].lumpy);
        assert_int_equal(pa_reclaim_lumpy(p, 10), t[i].lumpy);
        assert_int_equal(p->slowpath.reclaim_compaction, t[i].rc);
        assert_int_equal(p->slowpath.kswapd_compact, t[i].kswapd_compact);
        assert_int_equal(p->slowpath.kswapd_rhel6, t[i].kswapd_compact == PA_KSWAPD_COMPACT_ZONE);
    }
    static const char *const eras[] = {"2.6.36", "3.0"};
    uint64_t stolen[2];
    for (int e = 0; e < 2; e++) {
        struct pa_sim *s = sim(eras[e], 512, 256);
        struct pa_machine *m = s->m;
        struct pa_proc *a = proc(s, "a", 30000);
        for (uint64_t i = 0; i < a->nr_pages; i++)
            assert_int_equal(pa_lru_deactivate(m, a->pages[i]), 0);
        pa_proc_access(a, a->nr_pages); /* every page young */
        pa_sim_run(s);
        m->swappiness = 100;
        struct pa_reclaim_ctl rc = {.gfp = 0, .order = 10, .nid = 0,
                                    .highest_zone = PA_ZONE_NORMAL,
                                    .nr_to_reclaim = PA_SWAP_CLUSTER_MAX, .may_swap = true,
                                    .may_writepage = true, .lumpy = pa_reclaim_lumpy(m->profile, 10)};
        pa_try_to_free_pages(m, &rc);
        stolen[e] = a->nr_swapped;
        PA_ASSERT_CHECK(m);
        pa_sim_destroy(s);
    }
    assert_true(stolen[0] > 0);  /* lumpy: young pages go with their block */
    assert_int_equal(stolen[1], 0); /* reclaim/compaction: young pages kept */
}

/* balance_dirty_pages: a writer over vm.dirty_ratio writes back its own
   pages, so Dirty + Writeback stay near the limit; with the ratio at 100 the
   same write leaves every page dirty. */
static void test_dirty_ratio_throttles(void **state)
{
    (void)state;
    for (int ratio = 20; ratio <= 100; ratio += 80) {
        struct pa_sim *s = sim("2.6.32-642.el6", 512, 0);
        s->dirty_ratio = (unsigned)ratio;
        uint64_t pages = 60000; /* 234 MiB of a 512 MiB machine */
        assert_true(pa_sim_write_file(s, "/log", pages * s->page_size, 0) == (long long)pages);
        uint64_t dirtyable = s->st.file;
        for (int z = 0; z < s->m->nr_zones; z++)
            dirtyable += s->m->zones[z].free_pages;
        if (ratio == 20) {
            assert_true(s->st.dirty_throttled > 0);
            assert_true(s->st.dirty + s->st.writeback <= dirtyable * 20 / 100 + 48);
            assert_true(s->st.dirty + s->st.dirty_throttled == pages);
        } else {
            assert_int_equal(s->st.dirty_throttled, 0);
            assert_int_equal(s->st.dirty, pages);
        }
        PA_ASSERT_CHECK(s->m);
        pa_sim_destroy(s);
    }
}

/* The swap cache: a page swapped in keeps its slot (SwapCached) while swap
   is at most half full; reclaimed again it is dropped without I/O (no
   pswpout) and its slot still holds it; the process's exit frees the slots.
   With swap more than half full the slot is freed at swap-in. */
static void test_swap_cache(void **state)
{
    (void)state;
    struct pa_sim *s = sim("2.6.32-642.el6", 256, 64);
    struct pa_machine *m = s->m;
    struct pa_proc *p = proc(s, "a", 3000);
    pa_sim_drop_caches(s, 1);
    for (uint64_t i = 0; i < p->nr_pages; i++) { /* idle: inactive, old */
        assert_int_equal(pa_lru_deactivate(m, p->pages[i]), 0);
        m->pages[p->pages[i]].flags &= (uint16_t)~PA_PG_YOUNG;
    }
    struct pa_scan_result r;
    for (int i = 0; i < 20 && p->nr_swapped < 1000; i++)
        pa_shrink_node(m, 0, PA_ZONE_NORMAL, 1000 - p->nr_swapped, 0, true, false, false, &r);
    uint64_t out = p->nr_swapped, pswpout = s->st.pswpout;
    assert_true(out >= 1000 && out * 2 < s->swap_pages);
    assert_int_equal(pswpout, out);
    pa_proc_access(p, p->nr_pages); /* swapped back in: slots kept */
    pa_sim_run(s);
    assert_int_equal(p->nr_swapped, 0);
    assert_int_equal(s->st.swap_cached, out);
    assert_int_equal(s->st.swap_used, out);
    uint64_t in_cache = 0;
    for (uint64_t i = 0; i < p->nr_pages; i++)
        in_cache += !!(m->pages[p->pages[i]].flags & PA_PG_SWAPCACHE);
    assert_int_equal(in_cache, out);
    /* reclaimed again: the swap cache pages go without being written */
    for (uint64_t i = 0; i < p->nr_pages; i++) {
        assert_int_equal(pa_lru_deactivate(m, p->pages[i]), 0);
        m->pages[p->pages[i]].flags &= (uint16_t)~PA_PG_YOUNG;
    }
    for (int i = 0; i < 40 && s->st.swap_cached; i++)
        pa_shrink_node(m, 0, PA_ZONE_NORMAL, 256, 0, true, false, false, &r);
    assert_int_equal(s->st.swap_cached, 0);
    assert_true(p->nr_swapped >= out);
    assert_int_equal(s->st.pswpout - pswpout, p->nr_swapped - out); /* only the others */
    assert_int_equal(s->st.swap_used, p->nr_swapped);
    PA_ASSERT_CHECK(m);
    pa_sim_kill(s, p);
    assert_int_equal(s->st.swap_used, 0);
    assert_int_equal(s->st.swap_cached, 0);
    pa_sim_destroy(s);

    /* swap more than half full: try_to_free_swap at swap-in */
    s = sim("2.6.32-642.el6", 256, 16); /* 4096 slots */
    m = s->m;
    p = proc(s, "b", 6000);
    pa_sim_drop_caches(s, 1);
    for (uint64_t i = 0; i < p->nr_pages; i++) {
        assert_int_equal(pa_lru_deactivate(m, p->pages[i]), 0);
        m->pages[p->pages[i]].flags &= (uint16_t)~PA_PG_YOUNG;
    }
    for (int i = 0; i < 40 && p->nr_swapped < 3000; i++)
        pa_shrink_node(m, 0, PA_ZONE_NORMAL, 3000 - p->nr_swapped, 0, true, false, false, &r);
    assert_true(s->st.swap_used * 2 > s->swap_pages);
    uint64_t used = s->st.swap_used;
    pa_proc_access(p, 1); /* the first page: swapped out first? walk until one comes in */
    pa_sim_run(s);
    for (uint64_t k = 0; k < p->nr_pages && s->st.pswpin == 0; k++) {
        pa_proc_access(p, 1);
        pa_sim_run(s);
    }
    assert_true(s->st.pswpin > 0);
    assert_int_equal(s->st.swap_cached, 0);
    assert_true(s->st.swap_used < used); /* the slot was freed */
    PA_ASSERT_CHECK(m);
    pa_sim_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hot_anon_cold_file_rotation),
        cmocka_unit_test(test_referenced_not_stolen),
        cmocka_unit_test(test_file_second_read_activates),
        cmocka_unit_test(test_scan_balance_eras),
        cmocka_unit_test(test_high_order_reclaim_eras),
        cmocka_unit_test(test_dirty_ratio_throttles),
        cmocka_unit_test(test_swap_cache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
