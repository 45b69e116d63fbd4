/*
 * test_slowpath.c - the allocation slow path per era (kernel-semantics 6.2 -
 * 6.4; src/mm/page_alloc.c slowpath, src/mm/vmscan.c, src/mm/oom_kill.c):
 * which requests retry, which fail and which invoke the OOM killer; kswapd's
 * wake and balance tests.
 *
 * The machine's reclaim and OOM operations are test doubles: reclaim reports
 * a chosen number of pages (and frees pages the test set aside, so that the
 * progress is real), the OOM killer frees a reserve of pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/gfp.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/pageops.h"
#include "pagealloc/profile.h"
#include "pagealloc/vmscan.h"
#include "sim/sim.h"

static const struct pa_profile *prof(const char *v)
{
    const struct pa_profile *p = pa_profile_for_version(v, NULL, 0);
    assert_non_null(p);
    return p;
}

static uint64_t gfp(const struct pa_profile *p, const char *text)
{
    uint64_t raw;
    char err[128];
    if (pa_gfp_parse(p, text, &raw, err, sizeof err)) {
        print_error("%s: %s\n", text, err);
        fail();
    }
    return raw;
}

/* ---- the pure decisions ------------------------------------------------------------ */

static void test_should_alloc_retry(void **state)
{
    (void)state;
    static const struct {
        const char *kernel, *mask;
        unsigned order;
        uint64_t progress, reclaimed;
        bool retry;
    } t[] = {
        /* 2.6.32: order <= 3 always retries, even without progress */
        {"2.6.32", "GFP_KERNEL", 3, 0, 0, true},
        {"2.6.32", "GFP_KERNEL", 4, 100, 100, false},
        {"2.6.32", "GFP_KERNEL|__GFP_NORETRY", 0, 5, 5, false},
        {"2.6.32", "GFP_KERNEL|__GFP_REPEAT", 5, 8, 16, true},  /* 16 < 32 */
        {"2.6.32", "GFP_KERNEL|__GFP_REPEAT", 5, 8, 32, false}, /* 32 = 2^5 */
        {"2.6.32", "GFP_KERNEL|__GFP_NOFAIL", 10, 0, 0, true},
        {"2.6.32-642.el6", "GFP_KERNEL", 10, 1000, 1000, false},
        {"3.16", "GFP_KERNEL|__GFP_NOFAIL|__GFP_NORETRY", 0, 0, 0, false},
        /* 4.4: order <= 3 retries only after progress */
        {"4.4", "GFP_KERNEL", 2, 0, 0, false},
        {"4.4", "GFP_KERNEL", 2, 1, 1, true},
        {"4.4", "GFP_KERNEL|__GFP_NOFAIL", 9, 0, 0, true},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const struct pa_profile *p = prof(t[i].kernel);
        bool got = pa_should_alloc_retry(p, gfp(p, t[i].mask), t[i].order, t[i].progress,
                                         t[i].reclaimed);
        if (got != t[i].retry)
            print_error("case %zu: %s %s order %u: got %d\n", i, t[i].kernel, t[i].mask,
                        t[i].order, got);
        assert_int_equal(got, t[i].retry);
    }
}

static void test_oom_allowed(void **state)
{
    (void)state;
    static const struct {
        const char *kernel, *mask;
        unsigned order;
        enum pa_zone_type cz;
        bool oom;
    } t[] = {
        {"2.6.32", "GFP_KERNEL", 0, PA_ZONE_NORMAL, true},
        {"2.6.32", "GFP_KERNEL", 3, PA_ZONE_NORMAL, true},
        {"2.6.32", "GFP_KERNEL", 4, PA_ZONE_NORMAL, false}, /* "will not help higher order" */
        {"2.6.32", "GFP_KERNEL|__GFP_NOFAIL", 10, PA_ZONE_NORMAL, true},
        {"2.6.32", "GFP_NOFS", 0, PA_ZONE_NORMAL, false},
        {"2.6.32", "GFP_ATOMIC", 0, PA_ZONE_NORMAL, false},
        {"2.6.32", "GFP_KERNEL|__GFP_DMA32", 0, PA_ZONE_DMA32, true}, /* no lowmem rule */
        {"3.16", "GFP_KERNEL|__GFP_DMA32", 0, PA_ZONE_DMA32, false}, /* below Normal */
        {"3.16", "GFP_KERNEL|__GFP_THISNODE", 0, PA_ZONE_NORMAL, false},
        {"4.19", "GFP_NOFS", 0, PA_ZONE_NORMAL, false},     /* <= 4.x: needs __GFP_FS */
        {"5.4", "GFP_NOFS", 0, PA_ZONE_NORMAL, true},
        {"5.4", "GFP_KERNEL|__GFP_RETRY_MAYFAIL", 0, PA_ZONE_NORMAL, false},
        {"4.9", "GFP_KERNEL|__GFP_REPEAT", 0, PA_ZONE_NORMAL, true},
        {"6.8", "GFP_KERNEL|__GFP_NORETRY", 0, PA_ZONE_NORMAL, false},
        {"6.8", "GFP_HIGHUSER_MOVABLE", 0, PA_ZONE_MOVABLE, true},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const struct pa_profile *p = prof(t[i].kernel);
        bool got = pa_oom_allowed(p, gfp(p, t[i].mask), t[i].order, t[i].cz);
        if (got != t[i].oom)
            print_error("case %zu: %s %s order %u: got %d\n", i, t[i].kernel, t[i].mask,
                        t[i].order, got);
        assert_int_equal(got, t[i].oom);
    }
}

static void test_badness(void **state)
{
    (void)state;
    assert_int_equal(pa_oom_badness(1000, 200, 10, 0, 100000), 1210);
    assert_int_equal(pa_oom_badness(1000, 0, 0, 500, 100000), 1000 + 500 * 100);
    assert_int_equal(pa_oom_badness(1000, 0, 0, -1000, 100000), 0); /* unkillable */
    assert_int_equal(pa_oom_badness(10, 0, 0, -999, 100000), 1);    /* killable: >= 1 */
}

/* ---- the slow path on a machine ------------------------------------------------------ */

struct doubles {
    struct pa_sim *s;
    uint64_t per_round;        /* pages a reclaim round reports                 */
    uint64_t *spare;           /* pages to free as "reclaimed" / "killed"       */
    size_t nspare, next;
    size_t kill_pages;         /* pages an OOM kill frees (0 = nothing killable) */
    unsigned reclaims, wakeups, ooms;
    uint64_t reclaimable;      /* what zone_reclaimable answers                 */
};

static uint64_t d_reclaim(void *ctx, struct pa_machine *m, const struct pa_reclaim_ctl *rc)
{
    struct doubles *d = ctx;
    (void)rc;
    d->reclaims++;
    uint64_t n = 0;
    while (n < d->per_round && d->next < d->nspare) {
        assert_int_equal(pa_free_pages(m, d->spare[d->next++], 0), 0);
        n++;
    }
    return d->per_round;
}

static void d_wake(void *ctx, struct pa_machine *m, int nid, unsigned order,
                   enum pa_zone_type cz)
{
    struct doubles *d = ctx;
    (void)m, (void)nid, (void)order, (void)cz;
    d->wakeups++;
}

static bool d_oom(void *ctx, struct pa_machine *m, const struct pa_oom_ctl *oc)
{
    struct doubles *d = ctx;
    (void)oc;
    d->ooms++;
    if (!d->kill_pages)
        return false;
    for (size_t i = 0; i < d->kill_pages && d->next < d->nspare; i++)
        assert_int_equal(pa_free_pages(m, d->spare[d->next++], 0), 0);
    return true;
}

static uint64_t d_reclaimable(void *ctx, const struct pa_machine *m, const struct pa_zone *z)
{
    struct doubles *d = ctx;
    (void)m, (void)z;
    return d->reclaimable;
}

static const struct pa_slowpath_ops d_ops = {d_reclaim, d_wake, d_oom, d_reclaimable, NULL};

/* A machine of the era whose memory is taken entirely by order-0 pages; the
   last `spare` of them are set aside for the doubles to free. */
static void setup(struct doubles *d, const char *kernel, size_t spare)
{
    struct pa_sim_opts o;
    char err[256];
    memset(d, 0, sizeof *d);
    pa_sim_opts_init(&o);
    o.kernel = kernel;
    o.mem_mib = 128;
    o.no_boot_state = true;
    d->s = pa_sim_create(pa_preset_find("vm-2g"), &o, err, sizeof err);
    assert_non_null(d->s);
    struct pa_machine *m = d->s->m;
    size_t cap = 1 << 16, n = 0;
    uint64_t *all = malloc(cap * sizeof *all);
    struct pa_alloc_request rq = {0, 0, -1, -1, PA_KIND_KERNEL, 0};
    struct pa_alloc_result res;
    /* fill with atomic-like requests that never reach reclaim */
    pa_machine_set_slowpath_ops(m, NULL, NULL);
    uint64_t atomic = gfp(m->profile, "GFP_ATOMIC");
    rq.gfp = atomic;
    while (n < cap && pa_alloc_pages(m, &rq, &res) == PA_OK)
        all[n++] = res.pfn;
    assert_true(n > spare);
    d->spare = malloc(spare * sizeof *d->spare);
    for (size_t i = 0; i < spare; i++) /* every other page: no merging */
        d->spare[i] = all[n - 1 - 2 * i];
    d->nspare = spare;
    free(all);
    pa_machine_set_slowpath_ops(m, &d_ops, d);
}

static int run(struct doubles *d, const char *mask, unsigned order, struct pa_alloc_result *res)
{
    struct pa_machine *m = d->s->m;
    struct pa_alloc_request rq = {gfp(m->profile, mask), order, -1, -1, PA_KIND_KERNEL, 0};
    return pa_alloc_pages(m, &rq, res);
}

static void teardown(struct doubles *d)
{
    free(d->spare);
    pa_sim_destroy(d->s);
}

/* GFP_ATOMIC never reclaims: one attempt at MIN, then nopage. */
static void test_atomic_fails_without_reclaim(void **state)
{
    (void)state;
    static const char *const eras[] = {"2.6.32", "2.6.32-642.el6", "3.16", "4.4", "4.19", "6.8"};
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
        struct doubles d;
        setup(&d, eras[i], 64);
        struct pa_alloc_result res;
        assert_int_equal(run(&d, "GFP_ATOMIC", 0, &res), PA_ENOMEM);
        assert_int_equal(res.reclaim_rounds, 0);
        assert_int_equal(res.oom_calls, 0);
        assert_int_equal(res.nopage, PA_NOPAGE_ATOMIC);
        assert_true(d.wakeups > 0); /* kswapd is still woken */
        teardown(&d);
    }
}

/* Order 10 GFP_KERNEL on a machine that cannot produce one: reclaim runs,
   the OOM killer never does, the request fails (seed 000's case). */
static void test_costly_never_ooms(void **state)
{
    (void)state;
    static const char *const eras[] = {"2.6.32", "2.6.32-642.el6", "3.16", "4.4", "4.19", "6.8"};
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
        struct doubles d;
        setup(&d, eras[i], 64);
        d.per_round = 32;
        d.kill_pages = 64;
        struct pa_alloc_result res;
        assert_int_equal(run(&d, "GFP_KERNEL", 10, &res), PA_ENOMEM);
        assert_true(res.reclaim_rounds >= 1);
        assert_int_equal(res.oom_calls, 0);
        assert_int_equal(d.ooms, 0);
        assert_true(res.nopage == PA_NOPAGE_COSTLY || res.nopage == PA_NOPAGE_NO_RETRY);
        PA_ASSERT_CHECK(d.s->m);
        teardown(&d);
    }
}

/* A small GFP_KERNEL request with nothing reclaimable invokes the OOM
   killer; its kill frees memory and the request succeeds. */
static void test_small_order_ooms_and_succeeds(void **state)
{
    (void)state;
    static const char *const eras[] = {"2.6.32", "2.6.32-642.el6", "3.16", "4.4", "4.19", "6.8"};
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
        struct doubles d;
        setup(&d, eras[i], 2048);
        d.kill_pages = 2048;
        struct pa_alloc_result res;
        int rc = run(&d, "GFP_KERNEL", 0, &res);
        if (rc)
            print_error("%s: rc %d nopage %s reclaims %u ooms %u\n", eras[i], rc,
                        pa_nopage_reason_name(res.nopage), res.reclaim_rounds, res.oom_calls);
        assert_int_equal(rc, PA_OK);
        assert_int_equal(res.oom_kills, 1);
        assert_true(res.reclaim_rounds >= 1);
        teardown(&d);
    }
}

/* Nothing to kill: the request fails after the OOM attempt. */
static void test_small_order_nothing_to_kill(void **state)
{
    (void)state;
    struct doubles d;
    setup(&d, "4.19", 64);
    struct pa_alloc_result res;
    assert_int_equal(run(&d, "GFP_KERNEL", 0, &res), PA_ENOMEM);
    assert_int_equal(res.nopage, PA_NOPAGE_OOM_NONE);
    assert_int_equal(d.ooms, 1);
    /* 4.7+: nothing reclaimable would make a zone pass: no retry */
    assert_int_equal(res.reclaim_rounds, 1);
    teardown(&d);
    /* with reclaimable pages that would, should_reclaim_retry gives up after
       MAX_RECLAIM_RETRIES loops without progress: 1 + 16 rounds */
    setup(&d, "4.19", 64);
    d.reclaimable = 1 << 20;
    assert_int_equal(run(&d, "GFP_KERNEL", 0, &res), PA_ENOMEM);
    assert_int_equal(res.reclaim_rounds, 1 + PA_MAX_RECLAIM_RETRIES);
    assert_int_equal(d.ooms, 1);
    teardown(&d);
}

/* __GFP_NORETRY: one reclaim round, no OOM. */
static void test_noretry(void **state)
{
    (void)state;
    static const char *const eras[] = {"2.6.32", "3.16", "4.4", "4.19", "6.8"};
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
        struct doubles d;
        setup(&d, eras[i], 64);
        d.kill_pages = 64;
        struct pa_alloc_result res;
        assert_int_equal(run(&d, "GFP_KERNEL|__GFP_NORETRY", 0, &res), PA_ENOMEM);
        assert_int_equal(res.reclaim_rounds, 1);
        assert_int_equal(d.ooms, 0);
        teardown(&d);
    }
}

/* __GFP_REPEAT in era A: a costly request retries while the pages reclaimed
   so far stay below 2^order: 8 per round for order 5 -> 4 rounds. */
static void test_repeat_counts_reclaimed(void **state)
{
    (void)state;
    struct doubles d;
    setup(&d, "2.6.32", 64);
    d.per_round = 8;
    struct pa_alloc_result res;
    assert_int_equal(run(&d, "GFP_KERNEL|__GFP_REPEAT", 5, &res), PA_ENOMEM);
    assert_int_equal(res.reclaim_rounds, 4);
    assert_int_equal(res.reclaimed, 32);
    teardown(&d);
}

/* 4.7+ should_reclaim_retry keeps going while reclaimable pages would let
   a zone pass: with a large reclaimable count and no progress it still stops
   after 16 loops; with progress on a small order it is reset. */
static void test_should_reclaim_retry(void **state)
{
    (void)state;
    struct doubles d;
    setup(&d, "5.4", 64);
    struct pa_machine *m = d.s->m;
    struct pa_zone *zl[PA_MAX_ZONES];
    int nz = pa_zonelist(m, 0, zl, PA_MAX_ZONES);
    uint64_t none[PA_MAX_ZONES] = {0}, lots[PA_MAX_ZONES];
    for (int i = 0; i < nz; i++)
        lots[i] = zl[i]->managed;
    int loops = 0;
    assert_false(pa_should_reclaim_retry(m->profile, zl, none, nz, PA_ZONE_NORMAL, 2, 0, 0, 0,
                                         &loops));
    assert_int_equal(loops, 1);
    assert_true(pa_should_reclaim_retry(m->profile, zl, lots, nz, PA_ZONE_NORMAL, 2, 0, 0, 0,
                                        &loops));
    assert_true(pa_should_reclaim_retry(m->profile, zl, lots, nz, PA_ZONE_NORMAL, 2, 2, 0, 5,
                                        &loops));
    assert_int_equal(loops, 0); /* progress at order <= 3 resets */
    assert_true(pa_should_reclaim_retry(m->profile, zl, lots, nz, PA_ZONE_NORMAL, 2, 4, 0, 5,
                                        &loops));
    assert_int_equal(loops, 1); /* costly orders always count */
    loops = PA_MAX_RECLAIM_RETRIES;
    assert_false(pa_should_reclaim_retry(m->profile, zl, lots, nz, PA_ZONE_NORMAL, 2, 0, 0, 0,
                                         &loops));
    teardown(&d);
}

/* __GFP_NOFAIL loops; the simulator caps the loop and says so. */
static void test_nofail_loop_cap(void **state)
{
    (void)state;
    struct doubles d;
    setup(&d, "3.16", 64);
    struct pa_alloc_result res;
    assert_int_equal(run(&d, "GFP_KERNEL|__GFP_NOFAIL", 10, &res), PA_ENOMEM);
    assert_int_equal(res.nopage, PA_NOPAGE_LOOP_CAP);
    teardown(&d);
}

/* kswapd: woken by a failing high-order request in era A although plenty
   is free (8.1, 8.4); balanced when the HIGH check passes. */
static void test_kswapd_wake_and_balance(void **state)
{
    (void)state;
    struct pa_sim_opts o;
    char err[256];
    pa_sim_opts_init(&o);
    o.kernel = "2.6.32-642.el6";
    o.mem_mib = 256;
    o.no_boot_state = true;
    struct pa_sim *s = pa_sim_create(pa_preset_find("rhel6-1g"), &o, err, sizeof err);
    assert_non_null(s);
    struct pa_machine *m = s->m;
    /* a fresh machine is balanced for every order and wakes nobody */
    assert_true(pa_pgdat_balanced(m, 0, 10, PA_ZONE_NORMAL));
    assert_false(pa_kswapd_should_wake(m, 0, 10, PA_ZONE_NORMAL));
    /* every page taken as order 0, then every other one given back: half
       of memory is free, all of it in order-0 blocks */
    uint64_t pfn;
    for (int z = 0; z < m->nr_zones; z++)
        while (pa_zone_alloc(&m->zones[z], 0, PA_MT_MOVABLE, &pfn) == PA_OK)
            ;
    for (uint64_t p = 0; p < m->max_pfn; p += 2)
        if (m->pages[p].flags & PA_PG_ALLOC)
            assert_int_equal(pa_free_pages(m, p, 0), 0);
    assert_true(pa_kswapd_should_wake(m, 0, 10, PA_ZONE_NORMAL));
    assert_false(pa_pgdat_balanced(m, 0, 10, PA_ZONE_NORMAL));
    assert_true(pa_pgdat_balanced(m, 0, 0, PA_ZONE_NORMAL));
    assert_false(pa_kswapd_should_wake(m, 0, 0, PA_ZONE_NORMAL));
    pa_sim_destroy(s);
}


/* ---- reclaim on the engine's LRU lists, kswapd, the OOM killer -------------------- */

static struct pa_sim *sim_plain(const char *preset, const char *kernel, uint64_t mem_mib)
{
    struct pa_sim_opts o;
    char err[256];
    pa_sim_opts_init(&o);
    o.kernel = kernel;
    o.mem_mib = mem_mib;
    o.swap_mib = 1024;
    o.no_boot_state = true;
    struct pa_sim *s = pa_sim_create(pa_preset_find(preset), &o, err, sizeof err);
    if (!s) {
        print_error("%s\n", err);
        fail();
    }
    return s;
}

/* Clean page cache is dropped first; with swappiness 0 no anon page is
   swapped; with swap and swappiness 60 anon pages go to swap once the page
   cache is used up (4.19 scans file only while its inactive list is large
   enough); active pages are aged onto the inactive list (pgrefill). */
static void test_shrink_node_file_anon_swap(void **state)
{
    (void)state;
    struct pa_sim *s = sim_plain("vm-2g", "4.19", 256);
    struct pa_proc *p = pa_sim_spawn(s, "a", 0);
    assert_non_null(p);
    pa_proc_touch(p, 8000);
    pa_sim_run(s);
    assert_true(pa_sim_cache_file(s, "/f", 8000 * s->page_size, 1, false) > 0);
    uint64_t anon0 = s->st.anon, file0 = s->st.file;
    s->m->swappiness = 0;
    struct pa_scan_result r;
    uint64_t got = pa_shrink_node(s->m, 0, PA_ZONE_NORMAL, 1000, 0, true, false, false, &r);
    assert_true(got >= 1000);
    assert_int_equal(s->st.anon, anon0);        /* swappiness 0: file only */
    assert_int_equal(file0 - s->st.file, got);
    assert_int_equal(s->st.swap_used, 0);
    s->m->swappiness = 60;
    /* as kswapd or a looping allocator would: rounds until 9000 came free
       (the anon share grows as the file statistics age) */
    uint64_t refill = 0;
    got = 0;
    for (int round = 0; round < 20 && got < 9000; round++) {
        got += pa_shrink_node(s->m, 0, PA_ZONE_NORMAL, 9000 - got, 0, true, false, false, &r);
        refill += r.refill;
    }
    r.refill = refill;
    assert_true(got >= 9000);
    assert_true(s->st.anon < anon0);             /* anon swapped out ... */
    assert_int_equal(anon0 - s->st.anon, s->st.swap_used);
    assert_true(r.refill > 0);                   /* ... after ageing the active list */
    /* no swap: anon stays */
    uint64_t anon1 = s->st.anon;
    got = pa_shrink_node(s->m, 0, PA_ZONE_NORMAL, 500, 0, false, false, false, &r);
    assert_int_equal(s->st.anon, anon1);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

/* Dirty page cache is written back first and reclaimed on a later pass. */
static void test_dirty_written_back(void **state)
{
    (void)state;
    struct pa_sim *s = sim_plain("vm-2g", "5.4", 256);
    assert_true(pa_sim_cache_file(s, "/d", 64 * s->page_size, 0, false) > 0);
    for (uint64_t pfn = 0; pfn < s->m->max_pfn; pfn++)
        if ((s->m->pages[pfn].flags & PA_PG_LRU) && s->m->pages[pfn].kind == PA_KIND_FILE)
            assert_int_equal(pa_page_set_dirty(s->m, pfn, true), 0);
    s->m->swappiness = 0;
    struct pa_scan_result r;
    uint64_t got = pa_shrink_node(s->m, 0, PA_ZONE_NORMAL, 64, 0, false, false, false, &r);
    assert_true(r.writeback > 0);
    assert_int_equal(got + s->st.file, 64);
    assert_true(s->st.file < 64); /* later passes reclaimed the written pages */
    pa_sim_destroy(s);
}

/* Lumpy reclaim (vanilla 2.6.32) takes the neighbours of each target page:
   each of them counts as scanned, so pgsteal never exceeds pgscan (the seed
   000 scenario once showed pgscan_direct 299, pgsteal_direct 15679). */
static void test_lumpy_steal_within_scan(void **state)
{
    (void)state;
    struct pa_sim *s = sim_plain("vm-2g", "2.6.32", 256);
    assert_true(s->m->profile->slowpath.lumpy_reclaim);
    assert_true(pa_sim_cache_file(s, "/big", 40000 * s->page_size, 0, false) > 0);
    s->m->swappiness = 0;
    uint64_t scan0 = s->st.pgscan_direct, steal0 = s->st.pgsteal_direct;
    struct pa_scan_result r;
    uint64_t got = pa_shrink_node(s->m, 0, PA_ZONE_NORMAL, 2048, 10, false, true, false, &r);
    assert_true(got >= 2048);
    /* few targets, each with up to 1023 neighbours */
    assert_true(s->st.pgscan_direct - scan0 < 2 * got);
    assert_int_equal(r.reclaimed, got);
    assert_true(r.reclaimed <= r.scanned);
    assert_true(s->st.pgsteal_direct - steal0 == got);
    assert_true(s->st.pgsteal_direct - steal0 <= s->st.pgscan_direct - scan0);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

/* Direct reclaim for a costly order in reclaim/compaction mode, on
   rhel6-1g with the given kernel's rules: with plenty free every zone is
   compaction-ready, nothing is reclaimed and the call reports progress 1;
   with the box full of page cache a zone is shrunk until 2 << order pages
   are reclaimed (or compaction may run), not just SWAP_CLUSTER_MAX. */
static void reclaim_compaction_steps(const char *version)
{
    struct pa_sim *s = sim_plain("rhel6-1g", version, 0);
    struct pa_machine *m = s->m;
    struct pa_reclaim_ctl rc = {.gfp = s->gfp_kernel.raw, .order = 10, .nid = 0,
                                .highest_zone = PA_ZONE_NORMAL, .nr_to_reclaim = 32,
                                .may_swap = false, .may_writepage = true, .lumpy = false};
    assert_true(pa_sim_cache_file(s, "/a", 20000 * s->page_size, 0, false) > 0);
    uint64_t file0 = s->st.file;
    assert_int_equal(pa_try_to_free_pages(m, &rc), 1);
    assert_int_equal(s->st.file, file0);
    uint64_t managed = 0;
    for (int z = 0; z < m->nr_zones; z++)
        managed += m->zones[z].managed;
    pa_sim_cache_file(s, "/b", managed * s->page_size, 1, false); /* until it fails */
    pa_sim_kswapd(s);
    file0 = s->st.file;
    s->m->swappiness = 0;
    uint64_t got = pa_try_to_free_pages(m, &rc);
    assert_true(got >= 2048);
    assert_int_equal(file0 - s->st.file, got);
    PA_ASSERT_CHECK(m);
    pa_sim_destroy(s);
}

/* RHEL 6 (-642) reclaims for costly orders in reclaim/compaction mode
   (2.6.32-642.6.2.el6 mm/vmscan.c): no lumpy reclaim. Vanilla 2.6.32 keeps
   lumpy reclaim. */
static void test_rhel6_reclaim_compaction(void **state)
{
    (void)state;
    const struct pa_profile *r6 = pa_profile_for_version("2.6.32-642.el6", NULL, 0);
    const struct pa_profile *v = pa_profile_for_version("2.6.32", NULL, 0);
    assert_true(r6->slowpath.reclaim_compaction && r6->slowpath.kswapd_rhel6);
    assert_false(r6->slowpath.lumpy_reclaim);
    assert_false(v->slowpath.reclaim_compaction || v->slowpath.kswapd_rhel6);
    assert_true(v->slowpath.lumpy_reclaim);
    reclaim_compaction_steps("2.6.32-642.el6");
}

/* Mainline keeps direct reclaim/compaction after lumpy reclaim went (3.5):
   V44 and V618 mm/vmscan.c in_reclaim_compaction, should_continue_reclaim,
   compaction_ready; 4.8+ without the balance gap ("mm, vmscan: remove
   balance gap"). The same steps as RHEL 6 above on 3.16, 4.4, 4.14 and
   6.17 rules. */
static void test_mainline_reclaim_compaction(void **state)
{
    (void)state;
    static const struct {
        const char *v;
        bool nogap;
    } t[] = {{"3.16", false}, {"4.4", false}, {"4.14", true}, {"6.17", true}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const struct pa_profile *p = pa_profile_for_version(t[i].v, NULL, 0);
        assert_true(p->slowpath.reclaim_compaction);
        assert_false(p->slowpath.lumpy_reclaim);
        assert_int_equal(p->reclaim.no_balance_gap, t[i].nogap);
        reclaim_compaction_steps(t[i].v);
    }
}

/* kswapd, woken for order 5 on a machine whose free memory is in order-0
   pieces between page-cache pages, reclaims until the node is balanced
   for that order (the era's HIGH test), then sleeps - except 3.11 - 4.5,
   which leave a compaction-suitable zone to compaction. */
static void test_kswapd_balances(void **state)
{
    (void)state;
    static const char *const eras[] = {"2.6.32-642.el6", "3.16", "4.19", "6.8"};
    for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++) {
        struct pa_sim *s = sim_plain("vm-2g", eras[e], 256);
        struct pa_machine *m = s->m;
        /* the whole machine as page cache, then every other page dropped
           from a second file: free memory in order-0 pieces */
        uint64_t managed = 0;
        for (int z = 0; z < m->nr_zones; z++)
            managed += m->zones[z].managed;
        for (uint64_t i = 0; i < managed * 9 / 10; i++)
            assert_true(pa_sim_cache_file(s, i % 2 ? "/odd" : "/even",
                                          (i / 2 + 1) * s->page_size, (int)(i % 2), false) > 0);
        pa_sim_kswapd(s); /* whatever the fill woke */
        uint64_t pfn;
        for (int z = 0; z < m->nr_zones; z++) /* the untouched rest: taken */
            for (int mt = 0; mt < PA_MT_COUNT; mt++)
                while (pa_zone_alloc(&m->zones[z], 0, (enum pa_migratetype)mt, &pfn) == PA_OK)
                    ;
        pa_sim_remove_file(s, "/odd");
        if (pa_pgdat_balanced(m, 0, 5, PA_ZONE_NORMAL))
            for (int z = 0; z < m->nr_zones; z++) {
                print_error("%s: balanced before kswapd ran: %s free %llu high %llu:", eras[e],
                            m->zones[z].name, (unsigned long long)m->zones[z].free_pages,
                            (unsigned long long)m->zones[z].watermark[PA_WMARK_HIGH]);
                for (unsigned o = 0; o <= m->max_order; o++)
                    print_error(" %llu", (unsigned long long)m->zones[z].free_area[o].nr_free);
                print_error("\n");
            }
        assert_false(pa_pgdat_balanced(m, 0, 5, PA_ZONE_NORMAL));
        assert_true(pa_wakeup_kswapd(m, 0, 5, PA_ZONE_NORMAL));
        assert_true(m->nodes[0].kswapd.awake);
        uint64_t got = pa_sim_kswapd(s);
        if (m->profile->slowpath.kswapd_compact == PA_KSWAPD_COMPACT_PGDAT) {
            /* 3.11 - 4.5: every zone is compaction_suitable for order 5,
               so kswapd balances it for order 0 only (testorder) - it is -
               and with nothing reclaimed (not more than nr_attempted = 0)
               it does not compact either (Rik van Riel's February 2016
               "mm,vmscan: compact memory from kswapd when lots of memory
               free already" changed that test, as kcompactd came) */
            assert_int_equal(got, 0);
            assert_int_equal(m->compact_stats.pgmigrate_success, 0);
            assert_false(pa_pgdat_balanced(m, 0, 5, PA_ZONE_NORMAL));
        } else {
            assert_true(got > 0);
            assert_true(pa_pgdat_balanced(m, 0, 5, PA_ZONE_NORMAL) ||
                        m->profile->slowpath.kswapd == PA_KSWAPD_NODE); /* 4.8+: compact_gap */
        }
        assert_false(m->nodes[0].kswapd.awake);
        assert_true(s->st.pgsteal_kswapd >= got);
        PA_ASSERT_CHECK(m);
        pa_sim_destroy(s);
    }
}

/* V2632 balance_pgdat judges the zones below end_zone with end_zone as
   their class zone (zone_watermark_ok(zone, order, mark, end_zone, 0)):
   DMA32, drawn down by GFP_KERNEL page cache to LOW + lowmem_reserve[Normal]
   (far above its own HIGH), still fails HIGH + lowmem_reserve[Normal] and
   gets its share of kswapd's reclaim ("equal pressure on every zone"), and
   kswapd stops only when it passes. The same on RHEL 6 (-642, HIGH +
   balance_gap). */
static void test_kswapd_end_zone_reserve(void **state)
{
    (void)state;
    static const char *const eras[] = {"2.6.32", "2.6.32-642.el6"};
    for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++) {
        struct pa_sim *s = sim_plain("server-64g", eras[e], 16384);
        struct pa_machine *m = s->m;
        /* vm.lowmem_reserve_ratio with DMA32 at 8: a reserve (5 GiB of
           Normal / 8) far above DMA32's own marks */
        struct pa_wmark_params wp = PA_WMARK_PARAMS_DEFAULT;
        wp.set_lowmem_reserve_ratio = true;
        for (int t = 0; t < PA_ZONE_TYPES; t++)
            wp.lowmem_reserve_ratio[t] = m->profile->lowmem_reserve_ratio[t];
        wp.lowmem_reserve_ratio[PA_ZONE_DMA32] = 8;
        assert_int_equal(pa_setup_per_zone_wmarks(m, &wp), PA_OK);
        struct pa_zone *dma32 = NULL, *normal = NULL;
        for (int z = 0; z < m->nr_zones; z++) {
            if (m->zones[z].node != 0)
                continue;
            if (m->zones[z].type == PA_ZONE_DMA32)
                dma32 = &m->zones[z];
            if (m->zones[z].type == PA_ZONE_NORMAL)
                normal = &m->zones[z];
        }
        assert_non_null(dma32);
        assert_non_null(normal);
        uint64_t reserve = dma32->lowmem_reserve[PA_ZONE_NORMAL];
        assert_true(reserve > 8 * dma32->watermark[PA_WMARK_HIGH]);
        /* page cache on node 0 until the fast path has nothing left there */
        char path[32];
        for (int i = 0; i < 1 << 23; i++) {
            snprintf(path, sizeof path, "/f%d", i / 256);
            if (pa_sim_cache_file(s, path, (uint64_t)(i % 256 + 1) * s->page_size, 0, false) <=
                0)
                break;
            if (dma32->free_pages < dma32->watermark[PA_WMARK_LOW] + reserve + 64)
                break;
        }
        uint64_t steal0 = s->st.zone_pgsteal_kswapd[PA_ZONE_DMA32];
        /* DMA32 passes HIGH for itself, not with Normal's reserve */
        assert_true(dma32->free_pages > dma32->watermark[PA_WMARK_HIGH]);
        assert_true(dma32->free_pages < dma32->watermark[PA_WMARK_HIGH] + reserve);
        pa_wakeup_kswapd(m, 0, 0, PA_ZONE_NORMAL);
        assert_true(m->nodes[0].kswapd.awake);
        pa_sim_kswapd(s);
        assert_true(s->st.zone_pgsteal_kswapd[PA_ZONE_DMA32] > steal0);
        assert_true(dma32->free_pages >= dma32->watermark[PA_WMARK_HIGH] + reserve);
        PA_ASSERT_CHECK(m);
        pa_sim_destroy(s);
    }
}

/* The OOM killer picks the process with the highest badness, kills it,
   and the report names it; the failing small request then succeeds. */
static void test_oom_victim(void **state)
{
    (void)state;
    static const char *const eras[] = {"2.6.32", "2.6.32-642.el6", "3.16", "4.9", "5.4", "6.12"};
    static const char *const kill_line[] = {
        "Out of memory: kill process 1001 (big) score", "Out of memory: Kill process 1001 (big)",
        "Out of memory: Kill process 1001 (big)", "Out of memory: Kill process 1001 (big)",
        "Out of memory: Killed process 1001 (big)", "Out of memory: Killed process 1001 (big)"};
    for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++) {
        struct pa_sim_opts o;
        char err[256];
        pa_sim_opts_init(&o);
        o.kernel = eras[e];
        o.mem_mib = 128;
        o.swap_mib = 0;
        o.no_boot_state = true;
        struct pa_sim *s = pa_sim_create(pa_preset_find("vm-2g"), &o, err, sizeof err);
        assert_non_null(s);
        s->swap_pages = 0;
        struct pa_proc *small = pa_sim_spawn(s, "small", 0);
        struct pa_proc *big = pa_sim_spawn(s, "big", 1);
        assert_non_null(small);
        assert_non_null(big);
        pa_proc_touch(small, 2000);
        pa_proc_touch(big, 1u << 20); /* more than the machine has */
        pa_sim_run(s);
        const char *d = pa_sb_str(&s->dmesg);
        if (!strstr(d, kill_line[e]))
            print_error("%s:\n%s\n", eras[e], d);
        assert_non_null(strstr(d, " invoked oom-killer: gfp_mask=0x"));
        assert_non_null(strstr(d, kill_line[e]));
        assert_true(big->dead);
        assert_false(small->dead);
        assert_int_equal(s->st.oom_kill, 1);
        PA_ASSERT_CHECK(s->m);
        pa_sim_destroy(s);
    }
}

/* 4.8+ direct reclaim/compaction shrinks each node of the zonelist once
   (V618 shrink_zones' last_pgdat; reclaim.lru_per_node): on rhel6-1g's
   node (DMA32, DMA) an order-10 GFP_KERNEL reclaim scans the node's lruvec
   in DMA32's turn and passes DMA; 4.4's zone LRUs are shrunk zone by zone,
   DMA too. */
struct scan_zones {
    pa_event_fn prev;
    void *prev_ctx;
    unsigned long long by_type[PA_ZONE_TYPES];
};

static void count_scans(void *ctx, const struct pa_event *ev)
{
    struct scan_zones *z = ctx;
    if (ev->type == PA_EV_VMSCAN && ev->zone && !ev->vmscan.kswapd)
        z->by_type[ev->zone->type]++;
    if (z->prev)
        z->prev(z->prev_ctx, ev);
}

static void test_shrink_node_once(void **state)
{
    (void)state;
    static const char *const eras[] = {"4.4", "4.14", "6.17"};
    for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++) {
        struct pa_sim *s = sim_plain("rhel6-1g", eras[e], 0);
        struct pa_machine *m = s->m;
        uint64_t managed = 0;
        for (int z = 0; z < m->nr_zones; z++)
            managed += m->zones[z].managed;
        pa_sim_cache_file(s, "/b", managed * s->page_size, 1, false); /* until it fails */
        pa_sim_kswapd(s);
        struct scan_zones sz = {.prev = m->event_cb, .prev_ctx = m->event_ctx};
        pa_machine_set_event_cb(m, count_scans, &sz);
        m->swappiness = 0;
        struct pa_reclaim_ctl rc = {.gfp = s->gfp_kernel.raw, .order = 10, .nid = 0,
                                    .highest_zone = PA_ZONE_NORMAL, .nr_to_reclaim = 32,
                                    .may_swap = false, .may_writepage = true, .lumpy = false};
        assert_true(pa_try_to_free_pages(m, &rc) >= 2048);
        assert_true(sz.by_type[PA_ZONE_DMA32] > 0);
        if (m->profile->reclaim.lru_per_node)
            assert_int_equal(sz.by_type[PA_ZONE_DMA], 0);
        else
            assert_true(sz.by_type[PA_ZONE_DMA] > 0);
        pa_machine_set_event_cb(m, sz.prev, sz.prev_ctx);
        PA_ASSERT_CHECK(m);
        pa_sim_destroy(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_should_alloc_retry),
        cmocka_unit_test(test_oom_allowed),
        cmocka_unit_test(test_badness),
        cmocka_unit_test(test_atomic_fails_without_reclaim),
        cmocka_unit_test(test_costly_never_ooms),
        cmocka_unit_test(test_small_order_ooms_and_succeeds),
        cmocka_unit_test(test_small_order_nothing_to_kill),
        cmocka_unit_test(test_noretry),
        cmocka_unit_test(test_repeat_counts_reclaimed),
        cmocka_unit_test(test_should_reclaim_retry),
        cmocka_unit_test(test_nofail_loop_cap),
        cmocka_unit_test(test_kswapd_wake_and_balance),
        cmocka_unit_test(test_shrink_node_file_anon_swap),
        cmocka_unit_test(test_dirty_written_back),
        cmocka_unit_test(test_kswapd_balances),
        cmocka_unit_test(test_kswapd_end_zone_reserve),
        cmocka_unit_test(test_lumpy_steal_within_scan),
        cmocka_unit_test(test_rhel6_reclaim_compaction),
        cmocka_unit_test(test_mainline_reclaim_compaction),
        cmocka_unit_test(test_shrink_node_once),
        cmocka_unit_test(test_oom_victim),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
