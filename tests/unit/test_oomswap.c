/*
 * test_oomswap.c - the rest of issue 10 on simulated machines: swap-in when
 * a process accesses swapped pages, the OOM killer's badness and child
 * rules per era, the OOM engine event and oom_kill, /proc/vmstat's reclaim
 * names per era (compared with a real 6.18 capture), Dirty / Writeback, and
 * the OOM kill lines of each era compared with real reports in tests/data.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/events.h"
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
    if (!swap_mib)
        s->swap_pages = 0;
    return s;
}

static const struct pa_profile *prof(const char *v)
{
    const struct pa_profile *p = pa_profile_for_version(v, NULL, 0);
    assert_non_null(p);
    return p;
}

/* The value of "name N" in a /proc text, or -1. */
static long long proc_value(struct pa_sim *s, const char *path, const char *name)
{
    struct pa_strbuf sb = {0};
    assert_int_equal(pa_sim_cat(s, path, &sb), 0);
    const char *t = pa_sb_str(&sb);
    size_t n = strlen(name);
    long long v = -1;
    for (const char *l = t; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (!strncmp(l, name, n) && (l[n] == ' ' || l[n] == ':')) {
            const char *d = l + n + 1;
            while (*d == ' ')
                d++;
            v = atoll(d);
            break;
        }
    pa_sb_free(&sb);
    return v;
}

static struct pa_proc *proc(struct pa_sim *s, const char *name, uint64_t pages)
{
    struct pa_proc *p = pa_sim_spawn(s, name, 0);
    assert_non_null(p);
    pa_proc_touch(p, pages);
    pa_sim_run(s);
    return p;
}

static uint64_t swapped_total(const struct pa_sim *s)
{
    uint64_t n = 0;
    for (int i = 0; i < s->nr_procs; i++)
        n += s->procs[i]->nr_swapped;
    return n;
}

/* ---- swap-in ------------------------------------------------------------------------ */

/* Pages reclaim swapped out come back when the process accesses them: each
   a major fault that allocates through the engine, frees its swap slot and
   counts pswpin; resident pages only get their pte's young bit. */
static void test_swapin_on_access(void **state)
{
    (void)state;
    struct pa_sim *s = sim("4.19", 256, 512);
    struct pa_proc *p = pa_sim_spawn(s, "a", 0);
    assert_non_null(p);
    pa_proc_touch(p, 4000);
    pa_sim_run(s);
    s->m->swappiness = 100;
    pa_sim_drop_caches(s, 1); /* no page cache: reclaim must swap */
    struct pa_scan_result r;
    for (int round = 0; round < 20 && p->nr_swapped < 1000; round++)
        pa_shrink_node(s->m, 0, PA_ZONE_NORMAL, 1000 - p->nr_swapped, 0, true, false, false,
                       &r);
    uint64_t out = p->nr_swapped, used = s->st.swap_used;
    assert_true(out >= 1000);
    assert_int_equal(used, out);
    assert_int_equal(s->st.pswpin, 0);
    uint64_t allocs = s->st.pgalloc[PA_ZONE_DMA] + s->st.pgalloc[PA_ZONE_DMA32] +
                      s->st.pgalloc[PA_ZONE_NORMAL];
    long long swapfree0 = proc_value(s, "/proc/meminfo", "SwapFree");
    pa_proc_access(p, p->nr_pages); /* one walk over its whole heap */
    assert_int_equal(pa_sim_run(s), 4000);
    assert_int_equal(p->nr_swapped, 0);
    /* swap is far from half full: every page stays in the swap cache with
       its slot (SwapCached; SwapFree unchanged) */
    assert_int_equal(s->st.swap_used, out);
    assert_int_equal(s->st.swap_cached, out);
    assert_int_equal(proc_value(s, "/proc/meminfo", "SwapCached"),
                     (long long)(out * (s->page_size >> 10)));
    assert_int_equal(s->st.pswpin, out);
    assert_int_equal(s->st.pgmajfault, out);
    assert_int_equal(s->st.anon, 4000);
    uint64_t allocs1 = s->st.pgalloc[PA_ZONE_DMA] + s->st.pgalloc[PA_ZONE_DMA32] +
                       s->st.pgalloc[PA_ZONE_NORMAL];
    assert_int_equal(allocs1 - allocs, out); /* through the engine's allocator */
    assert_int_equal(proc_value(s, "/proc/vmstat", "pswpin"), (long long)out);
    assert_int_equal(proc_value(s, "/proc/meminfo", "SwapFree"), swapfree0);
    /* every page is resident again, on an LRU, and was accessed */
    for (uint64_t i = 0; i < p->nr_pages; i++) {
        uint32_t pfn = p->pages[i];
        assert_true(pfn != PA_PFN_NONE);
        uint16_t fl = s->m->pages[pfn].flags;
        assert_true(fl & PA_PG_LRU);
        assert_true(fl & PA_PG_YOUNG); /* the pte's accessed bit */
    }
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

/* A swap-in on a full machine reclaims (and swaps others out) to get its
   page: the counters stay consistent with the processes' state. */
static void test_swapin_reclaims(void **state)
{
    (void)state;
    struct pa_sim *s = sim("3.16", 256, 512);
    struct pa_proc *a = pa_sim_spawn(s, "a", 0), *b = pa_sim_spawn(s, "b", 1);
    pa_proc_touch(a, 40000);
    pa_sim_run(s);
    pa_proc_touch(b, 40000);
    pa_sim_run(s);
    assert_true(a->nr_swapped > 10000);
    uint64_t pswpout = s->st.pswpout, steal = s->st.pgsteal_direct + s->st.pgsteal_kswapd;
    pa_proc_access(a, a->nr_pages);
    pa_sim_run(s);
    assert_true(s->st.pswpin >= 10000);
    assert_true(s->st.pswpout > pswpout);                           /* b paid for it */
    assert_true(s->st.pgsteal_direct + s->st.pgsteal_kswapd > steal); /* by reclaim */
    assert_true(b->nr_swapped > 0);
    /* slots: pages out plus swap cache pages (swapped in, slot kept) */
    assert_int_equal(s->st.swap_used, swapped_total(s) + s->st.swap_cached);
    assert_int_equal(s->st.anon, a->nr_pages + b->nr_pages - swapped_total(s));
    assert_false(a->dead || b->dead);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

/* ---- LRU aging and swap per era ------------------------------------------------------- */

/* Per-zone lruvecs before 4.8, the node's from 4.8; in every era clean page
   cache goes first (swappiness 0: file only), anon pages are swapped with
   swappiness 60 after the active list was aged (pgrefill), none without
   swap; an accessed (referenced) inactive page is activated, not
   reclaimed. */
static void test_lru_aging_swap_eras(void **state)
{
    (void)state;
    static const char *const eras[] = {"2.6.32", "2.6.32-642.el6", "3.16", "4.19", "6.8"};
    for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++) {
        struct pa_sim *s = sim(eras[e], 3072, 1024); /* DMA, DMA32 and Normal */
        struct pa_machine *m = s->m;
        for (int z = 0; z < m->nr_zones; z++)
            assert_true(m->profile->reclaim.lru_per_node
                            ? m->zones[z].lruvec != &m->zones[z].zone_lruvec
                            : m->zones[z].lruvec == &m->zones[z].zone_lruvec);
        struct pa_proc *p = proc(s, "a", 20000);
        assert_true(pa_sim_cache_file(s, "/f", 20000 * s->page_size, 1, false) > 0);
        uint64_t anon0 = s->st.anon, file0 = s->st.file;
        /* one anon page accessed twice: activated by mark_page_accessed */
        uint32_t hot = p->pages[0];
        assert_int_equal(pa_lru_deactivate(m, hot), 0);
        assert_int_equal(pa_mark_page_accessed(m, hot), 0);
        assert_int_equal(pa_mark_page_accessed(m, hot), 0);
        assert_true(m->pages[hot].flags & PA_PG_ACTIVE);
        m->swappiness = 0;
        struct pa_scan_result r;
        uint64_t got = 0;
        for (int i = 0; i < 4; i++)
            got += pa_shrink_node(m, 0, PA_ZONE_NORMAL, 1000, 0, true, false, false, &r);
        assert_true(got >= 1000);
        assert_int_equal(s->st.anon, anon0);
        assert_int_equal(file0 - s->st.file, got);
        m->swappiness = 60;
        uint64_t refill = s->st.pgrefill;
        for (int i = 0; i < 40 && s->st.anon == anon0; i++)
            pa_shrink_node(m, 0, PA_ZONE_NORMAL, 4000, 0, true, false, false, &r);
        if (s->st.anon >= anon0)
            print_error("%s: no anon page swapped\n", eras[e]);
        assert_true(s->st.anon < anon0);
        assert_int_equal(anon0 - s->st.anon, s->st.swap_used);
        assert_int_equal(s->st.pswpout, s->st.swap_used);
        assert_true(s->st.pgrefill > refill);
        uint64_t anon1 = s->st.anon;
        pa_shrink_node(m, 0, PA_ZONE_NORMAL, 2000, 0, false, false, false, &r);
        assert_int_equal(s->st.anon, anon1); /* may_swap false */
        PA_ASSERT_CHECK(m);
        pa_sim_destroy(s);
    }
}

/* ---- the OOM killer per era --------------------------------------------------------- */

static void test_badness_rules(void **state)
{
    (void)state;
    const struct pa_profile *v2632 = prof("2.6.32"), *v30 = prof("3.0"), *v316 = prof("3.16"),
                            *v419 = prof("4.19"), *rhel = prof("2.6.32-642.el6");
    assert_int_equal(v2632->slowpath.badness, PA_BADNESS_2632);
    assert_int_equal(rhel->slowpath.badness, PA_BADNESS_2636);
    /* 2.6.32: total_vm + child_vm / 2 + 1 per child */
    uint64_t kids[2] = {400, 600};
    struct pa_oom_badness_in t = {.rss = 10, .total_vm = 1000, .child_total_vm = kids,
                                  .nr_children = 2};
    assert_int_equal(pa_oom_badness_era(v2632, &t, 100000), 1000 + 201 + 301);
    t.nice = 5; /* niced: doubled */
    assert_int_equal(pa_oom_badness_era(v2632, &t, 100000), 2 * 1502);
    t.nice = 0;
    t.cap_sys_admin = true; /* root: a quarter */
    assert_int_equal(pa_oom_badness_era(v2632, &t, 100000), 1502 / 4);
    t.cap_sys_admin = false;
    t.cpu_seconds = 8 * 16; /* cpu_time 16: / sqrt(16) */
    assert_int_equal(pa_oom_badness_era(v2632, &t, 100000), 1502 / 4);
    t.cpu_seconds = 0;
    t.oom_adj = 2; /* shifted left */
    assert_int_equal(pa_oom_badness_era(v2632, &t, 100000), 1502 << 2);
    t.oom_adj = -3;
    assert_int_equal(pa_oom_badness_era(v2632, &t, 100000), 1502 >> 3);
    t.oom_adj = -17; /* OOM_DISABLE */
    assert_int_equal(pa_oom_badness_era(v2632, &t, 100000), 0);
    /* 2.6.36 - 3.6: 0..1000 of RAM + swap; the same task by rss */
    struct pa_oom_badness_in u = {.rss = 5000, .swapents = 2000, .pgtables = 100,
                                  .total_vm = 900000};
    assert_int_equal(pa_oom_badness_era(v30, &u, 100000), 71);
    u.oom_score_adj = 100;
    assert_int_equal(pa_oom_badness_era(v30, &u, 100000), 171);
    u.cap_sys_admin = true;
    assert_int_equal(pa_oom_badness_era(v30, &u, 100000), 141);
    u.oom_score_adj = 1000;
    assert_int_equal(pa_oom_badness_era(v30, &u, 100000), 1000); /* clamped */
    u.oom_score_adj = -500;
    assert_int_equal(pa_oom_badness_era(v30, &u, 100000), 1); /* killable: >= 1 */
    u.oom_score_adj = -1000;
    assert_int_equal(pa_oom_badness_era(v30, &u, 100000), 0);
    /* 3.7 - 4.16: pages, 3 % off for root; adj in thousandths of totalpages */
    u.oom_score_adj = 100;
    assert_int_equal(pa_oom_badness_era(v316, &u, 100000), 7100 - 213 + 10000);
    u.cap_sys_admin = false;
    assert_int_equal(pa_oom_badness_era(v316, &u, 100000), 17100);
    /* 4.17+: no root bonus */
    u.cap_sys_admin = true;
    assert_int_equal(pa_oom_badness_era(v419, &u, 100000), 17100);
    /* the printed score */
    assert_int_equal(pa_oom_score(v419, 17100, 100000), 171);
    assert_int_equal(pa_oom_score(v30, 171, 100000), 171);
    assert_int_equal(pa_oom_score(v2632, 1502, 100000), 1502);
    /* oom_adj <-> oom_score_adj as 2.6.36+ convert them */
    assert_int_equal(pa_oom_score_adj_from_adj(15), 1000);
    assert_int_equal(pa_oom_score_adj_from_adj(-17), -1000);
    assert_int_equal(pa_oom_score_adj_from_adj(1), 58);
    assert_int_equal(pa_oom_adj_from_score_adj(58), 0); /* the kernel's lossy read */
    assert_int_equal(pa_oom_adj_from_score_adj(-1000), -17);
    assert_int_equal(pa_oom_adj_from_score_adj(1000), 15);
    assert_int_equal(pa_oom_badness_era(NULL, &u, 1), 0);
    assert_int_equal(pa_oom_badness_era(v419, NULL, 1), 0);
}

/* Fill what is left of the machine with kernel pages (GFP_KERNEL, order 0)
   until the OOM killer has killed once. */
static void oom_once(struct pa_sim *s)
{
    uint64_t pfn;
    for (int i = 0; i < 1 << 20 && s->st.oom_kill == 0; i++)
        if (pa_sim_alloc(s, 0, &s->gfp_kernel, 0, PA_KIND_KERNEL, 0, &pfn))
            break;
    assert_int_equal(s->st.oom_kill, 1);
}

/* oom_adj +1 doubles a 2.6.32 score, while from 2.6.36 its oom_score_adj
   (58) adds 5.8 % of memory: the eras kill different processes. */
static void test_victim_oom_adj(void **state)
{
    (void)state;
    static const struct {
        const char *kernel;
        bool small_dies;
    } cases[] = {{"2.6.32", true}, {"3.0", false}, {"3.16", false}, {"6.8", false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pa_sim *s = sim(cases[i].kernel, 128, 0);
        struct pa_proc *big = proc(s, "big", 12000);
        struct pa_proc *small = proc(s, "small", 7000);
        small->oom_adj = 1;
        small->oom_score_adj = pa_oom_score_adj_from_adj(1);
        oom_once(s);
        if (small->dead != cases[i].small_dies)
            print_error("%s: big dead %d small dead %d\n", cases[i].kernel, big->dead,
                        small->dead);
        assert_true(small->dead == cases[i].small_dies);
        assert_true(big->dead == !cases[i].small_dies);
        /* 2.6.32 - 3.0 tables print the task's own oom_adj next to
           oom_score_adj (58 for oom_adj 1) */
        if (s->m->profile->slowpath.report == PA_REPORT_2632)
            assert_non_null(strstr(pa_sb_str(&s->dmesg), "  0       1 small\n"));
        else if (s->m->profile->slowpath.report == PA_REPORT_2636)
            assert_non_null(strstr(pa_sb_str(&s->dmesg), "  0       1            58 small\n"));
        PA_ASSERT_CHECK(s->m);
        pa_sim_destroy(s);
    }
}

/* Children: 2.6.32 adds half of each child's total_vm to the parent and
   kills the parent's first child "or a child"; 2.6.36 - 5.0 kill the
   victim's largest child ("sacrifice child"); 5.1+ the victim itself. */
static void test_victim_children(void **state)
{
    (void)state;
    static const struct {
        const char *kernel, *dies;
    } cases[] = {{"2.6.32", "child1"}, {"2.6.32-642.el6", "child2"}, {"3.16", "child2"},
                 {"4.19", "child2"}, {"5.4", "parent"}, {"6.12", "parent"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pa_sim *s = sim(cases[i].kernel, 256, 0);
        struct pa_proc *parent = proc(s, "parent", 14000);
        struct pa_proc *c1 = pa_sim_fork(s, parent, "child1");
        assert_non_null(c1);
        pa_proc_touch(c1, 3000);
        pa_sim_run(s);
        struct pa_proc *c2 = pa_sim_fork(s, s->procs[parent->index], "child2");
        assert_non_null(c2);
        pa_proc_touch(c2, 5000);
        pa_sim_run(s);
        parent = s->procs[0];
        assert_int_equal(parent->nr_children, 2);
        proc(s, "other", 10000);
        oom_once(s);
        int dead = 0;
        const char *who = "";
        for (int k = 0; k < s->nr_procs; k++)
            if (s->procs[k]->dead) {
                dead++;
                who = s->procs[k]->name;
            }
        if (dead != 1 || strcmp(who, cases[i].dies))
            print_error("%s: %d dead, %s\n%s\n", cases[i].kernel, dead, who,
                        pa_sb_str(&s->dmesg));
        assert_int_equal(dead, 1);
        assert_string_equal(who, cases[i].dies);
        /* the report names the parent as the victim, the child as killed */
        const char *d = pa_sb_str(&s->dmesg);
        char want[96];
        if (s->m->profile->slowpath.badness == PA_BADNESS_2632) {
            snprintf(want, sizeof want, "kill process %d (parent) score", parent->pid);
            assert_non_null(strstr(d, want));
            snprintf(want, sizeof want, "Killed process %d (child1)", parent->pid + 1);
            assert_non_null(strstr(d, want));
        } else if (!strcmp(cases[i].dies, "child2")) {
            snprintf(want, sizeof want, "Kill process %d (parent) score", parent->pid);
            assert_non_null(strstr(d, want));
            assert_non_null(strstr(d, "or sacrifice child"));
            snprintf(want, sizeof want, "Killed process %d", parent->pid + 2);
            assert_non_null(strstr(d, want));
        }
        if (strcmp(cases[i].dies, "parent")) /* the parent lost a child */
            assert_int_equal(parent->nr_children, 1);
        PA_ASSERT_CHECK(s->m);
        pa_sim_destroy(s);
    }
}

/* ---- the OOM event --------------------------------------------------------------------- */

struct ev_spy {
    pa_event_fn next;
    void *next_ctx;
    int n;
    struct pa_event ev;
    char comm[32];
};

static void spy(void *ctx, const struct pa_event *ev)
{
    struct ev_spy *sp = ctx;
    sp->next(sp->next_ctx, ev);
    if (ev->type != PA_EV_OOM_KILL)
        return;
    sp->n++;
    sp->ev = *ev;
    snprintf(sp->comm, sizeof sp->comm, "%s", ev->oom.comm);
}

/* The kill is an engine event with the victim and the pages it freed;
   /proc/vmstat's oom_kill (4.13+) counts the events. */
static void test_oom_event(void **state)
{
    (void)state;
    static const char *const eras[] = {"2.6.32", "3.10", "4.19", "6.8"};
    for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++) {
        struct pa_sim *s = sim(eras[e], 128, 0);
        struct ev_spy sp = {s->m->event_cb, s->m->event_ctx, 0, {0}, ""};
        pa_machine_set_event_cb(s->m, spy, &sp);
        struct pa_proc *big = proc(s, "big", 15000);
        proc(s, "small", 2000);
        uint64_t pages = big->nr_pages + big->nr_pt +
                         ((uint64_t)big->nr_stack << s->m->profile->kernel.stack_order);
        oom_once(s);
        assert_true(big->dead);
        assert_int_equal(sp.n, 1);
        assert_int_equal(sp.ev.oom.pid, big->pid);
        assert_string_equal(sp.comm, "big");
        assert_int_equal(sp.ev.oom.pages, pages);
        assert_int_equal(sp.ev.order, 0);
        assert_int_equal(sp.ev.gfp, s->gfp_kernel.raw);
        assert_true(sp.ev.oom.points > 0);
        assert_string_equal(pa_event_name(PA_EV_OOM_KILL), "mark_victim");
        long long v = proc_value(s, "/proc/vmstat", "oom_kill");
        assert_int_equal(v, s->m->profile->reclaim.vmstat_oom_kill ? 1 : -1);
        assert_int_equal(pa_oom_mark_victim(NULL, NULL, NULL), PA_EINVAL);
        pa_sim_destroy(s);
    }
}

/* ---- /proc/vmstat names per era ---------------------------------------------------------- */

static long long sum_zones(struct pa_sim *s, const char *base)
{
    static const char *const z[] = {"dma", "dma32", "normal", "movable"};
    long long t = 0;
    for (size_t i = 0; i < 4; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s_%s", base, z[i]);
        long long v = proc_value(s, "/proc/vmstat", name);
        assert_true(v >= 0);
        t += v;
    }
    return t;
}

/* Reclaim by kswapd and by direct reclaim, then the names of the era:
   per zone before 4.8 (2.6.32: pgsteal_<zone> = both, kswapd_steal), node-wide
   with allocstall_<zone> from 4.8; the per-zone values add up to the
   engine's totals. */
static void test_vmstat_names(void **state)
{
    (void)state;
    static const char *const eras[] = {"2.6.32-642.el6", "2.6.32", "3.10", "4.4", "4.19", "6.8"};
    for (size_t e = 0; e < sizeof eras / sizeof eras[0]; e++) {
        struct pa_sim *s = sim(eras[e], 256, 256);
        assert_true(pa_sim_cache_file(s, "/f", 30000 * s->page_size, 0, false) > 0);
        struct pa_proc *p = proc(s, "p", 50000); /* direct reclaim and kswapd */
        assert_false(p->dead);
        assert_true(s->st.pgsteal_direct + s->st.pgsteal_kswapd > 0);
        assert_true(s->st.allocstall > 0);
        const struct pa_sim_stat *st = &s->st;
        switch (s->m->profile->reclaim.vmstat) {
        case PA_VMSTAT_ZONE_2632:
            assert_int_equal(sum_zones(s, "pgsteal"), st->pgsteal_kswapd + st->pgsteal_direct);
            assert_int_equal(sum_zones(s, "pgscan_kswapd"), st->pgscan_kswapd);
            assert_int_equal(sum_zones(s, "pgscan_direct"), st->pgscan_direct);
            assert_int_equal(sum_zones(s, "pgrefill"), st->pgrefill);
            assert_int_equal(proc_value(s, "/proc/vmstat", "kswapd_steal"), st->pgsteal_kswapd);
            assert_int_equal(proc_value(s, "/proc/vmstat", "allocstall"), st->allocstall);
            assert_int_equal(proc_value(s, "/proc/vmstat", "pgsteal_kswapd_dma32"), -1);
            assert_int_equal(proc_value(s, "/proc/vmstat", "pgscan_kswapd"), -1);
            break;
        case PA_VMSTAT_ZONE:
            assert_int_equal(sum_zones(s, "pgsteal_kswapd"), st->pgsteal_kswapd);
            assert_int_equal(sum_zones(s, "pgsteal_direct"), st->pgsteal_direct);
            assert_int_equal(sum_zones(s, "pgscan_kswapd"), st->pgscan_kswapd);
            assert_int_equal(sum_zones(s, "pgscan_direct"), st->pgscan_direct);
            assert_int_equal(proc_value(s, "/proc/vmstat", "allocstall"), st->allocstall);
            assert_int_equal(proc_value(s, "/proc/vmstat", "kswapd_steal"), -1);
            assert_int_equal(proc_value(s, "/proc/vmstat", "pgsteal_dma32"), -1);
            break;
        default:
            assert_int_equal(proc_value(s, "/proc/vmstat", "pgsteal_kswapd"), st->pgsteal_kswapd);
            assert_int_equal(proc_value(s, "/proc/vmstat", "pgscan_direct"), st->pgscan_direct);
            assert_int_equal(proc_value(s, "/proc/vmstat", "pgrefill"), st->pgrefill);
            assert_int_equal(sum_zones(s, "allocstall"), st->allocstall);
            /* a 256 MiB machine has no Normal zone: DMA32 is preferred */
            assert_int_equal(proc_value(s, "/proc/vmstat", "allocstall_dma32"), st->allocstall);
            assert_int_equal(proc_value(s, "/proc/vmstat", "allocstall"), -1);
            assert_int_equal(proc_value(s, "/proc/vmstat", "pgscan_kswapd_dma32"), -1);
            break;
        }
        PA_ASSERT_CHECK(s->m);
        pa_sim_destroy(s);
    }
}

/* Every name a 6.x machine's /proc/vmstat prints exists in a real 6.18
   /proc/vmstat (tests/data/proc/vm-6.18-x86_64/vmstat). */
static void test_vmstat_names_real_618(void **state)
{
    (void)state;
    char *real = pa_test_read_file("tests/data/proc/vm-6.18-x86_64/vmstat");
    assert_non_null(real);
    struct pa_sim *s = sim("6.18", 256, 256);
    struct pa_strbuf sb = {0};
    assert_int_equal(pa_sim_cat(s, "/proc/vmstat", &sb), 0);
    int n = 0;
    for (const char *l = pa_sb_str(&sb); *l;) {
        const char *sp = strchr(l, ' '), *nl = strchr(l, '\n');
        assert_non_null(sp);
        char name[64], pat[70];
        snprintf(name, sizeof name, "%.*s", (int)(sp - l), l);
        snprintf(pat, sizeof pat, "\n%s ", name);
        if (!strstr(real, pat) && strncmp(real, pat + 1, strlen(pat + 1)))
            print_error("'%s' is not in the real 6.18 vmstat\n", name);
        assert_true(strstr(real, pat) || !strncmp(real, pat + 1, strlen(pat + 1)));
        n++;
        l = nl ? nl + 1 : l + strlen(l);
    }
    assert_true(n > 30);
    pa_sb_free(&sb);
    free(real);
    pa_sim_destroy(s);
}

/* ---- Dirty and Writeback ------------------------------------------------------------------ */

static void test_dirty_writeback(void **state)
{
    (void)state;
    struct pa_sim *s = sim("4.19", 512, 0);
    long long kb = (long long)(s->page_size >> 10);
    assert_int_equal(pa_sim_write_file(s, "/log", 2000 * s->page_size, 0), 2000);
    assert_int_equal(proc_value(s, "/proc/meminfo", "Dirty"), 2000 * kb);
    assert_int_equal(proc_value(s, "/proc/vmstat", "nr_dirty"), 2000);
    assert_int_equal(pa_sim_write_file(s, "/log", 2000 * s->page_size, 0), 0); /* still dirty */
    s->clock_ns += 10000000000ull; /* 10 s: younger than dirty_expire */
    assert_int_equal(pa_sim_writeback(s, false), 0);
    s->clock_ns += 25000000000ull; /* 35 s: the flusher starts write-back */
    assert_int_equal(pa_sim_writeback(s, false), 2000);
    assert_int_equal(proc_value(s, "/proc/meminfo", "Dirty"), 0);
    assert_int_equal(proc_value(s, "/proc/meminfo", "Writeback"), 2000 * kb);
    assert_int_equal(pa_sim_writeback(s, false), 0); /* ... and it completes */
    assert_int_equal(proc_value(s, "/proc/meminfo", "Writeback"), 0);
    /* reclaim writes dirty pages back before dropping them */
    assert_int_equal(pa_sim_write_file(s, "/log2", 1000 * s->page_size, 0), 1000);
    s->m->swappiness = 0;
    struct pa_scan_result r;
    pa_shrink_node(s->m, 0, PA_ZONE_NORMAL, 3000, 0, false, false, false, &r);
    assert_true(r.writeback > 0);
    assert_int_equal(s->st.dirty, 1000 - r.writeback);
    assert_int_equal(proc_value(s, "/proc/meminfo", "Dirty"), (long long)s->st.dirty * kb);
    /* sync: everything clean; drop_caches then drops it all */
    pa_sim_write_file(s, "/log3", 100 * s->page_size, 0);
    uint64_t clean = s->st.file - s->st.dirty;
    assert_int_equal(pa_sim_drop_caches(s, 1), clean);
    assert_int_equal(s->st.file, s->st.dirty); /* only dirty pages stayed */
    pa_sim_writeback(s, true);
    assert_int_equal(s->st.dirty + s->st.writeback, 0);
    pa_sim_drop_caches(s, 1);
    assert_int_equal(s->st.file, 0);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

/* ---- the kill lines against real reports ------------------------------------------------ */

/* A line's shape: digits -> N, "(name)" -> (C). */
static void shape(const char *l, size_t len, char *out, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 4 < n; i++) {
        if (l[i] == '0' && i + 2 < len && l[i + 1] == 'x' && isxdigit((unsigned char)l[i + 2])) {
            i += 2;
            while (i + 1 < len && isxdigit((unsigned char)l[i + 1]))
                i++;
            memcpy(out + o, "0xH", 3);
            o += 3;
        } else if (isdigit((unsigned char)l[i])) {
            while (i + 1 < len && isdigit((unsigned char)l[i + 1]))
                i++;
            out[o++] = 'N';
        } else if (l[i] == '(' && memchr(l + i, ')', len - i)) {
            i = (size_t)((const char *)memchr(l + i, ')', len - i) - l);
            memcpy(out + o, "(C)", 3);
            o += 3;
        } else {
            out[o++] = l[i];
        }
    }
    out[o] = '\0';
}

/* The shape of the first line of text holding `what`, from `what` on (the
   data files' "# source:" lines skipped). */
static bool line_shape(const char *text, const char *what, char *out, size_t n)
{
    const char *p = text;
    for (;;) {
        p = strstr(p, what);
        if (!p)
            return false;
        const char *bol = p;
        while (bol > text && bol[-1] != '\n')
            bol--;
        if (*bol != '#')
            break;
        p++;
    }
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
        len--;
    if (len > 6 && !strncmp(p + len - 8, "[/COLOR]", 8))
        len -= 8;
    shape(p, len, out, n);
    return true;
}

static void test_kill_lines_vs_real(void **state)
{
    (void)state;
    static const struct {
        const char *kernel, *file, *lines[2];
    } cases[] = {
        {"2.6.32", "tests/data/reports/f01_2.6.22_i386_forum_bbcode_victim_next.txt",
         {"Out of memory: kill process", "Killed process"}},
        {"3.10", "tests/data/reports/h02_3.10_rhel7_x86_64_victim_then_next_oom.txt",
         {"Out of memory: Kill process", "Killed process"}},
        {"5.8", "tests/data/reports/m20_5.8_x86_64_movable_node_cpuset_victim.txt",
         {"Out of memory: Killed process", NULL}},
        {"6.16", "tests/data/reports/h01_6.16_x86_64_dmesg_T_oom_victim.txt",
         {"Out of memory: Killed process", NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *real = pa_test_read_file(cases[i].file);
        assert_non_null(real);
        struct pa_sim *s = sim(cases[i].kernel, 128, 0);
        proc(s, "big", 15000);
        oom_once(s);
        const char *d = pa_sb_str(&s->dmesg);
        for (int k = 0; k < 2 && cases[i].lines[k]; k++) {
            char a[512], b[512];
            assert_true(line_shape(real, cases[i].lines[k], a, sizeof a));
            assert_true(line_shape(d, cases[i].lines[k], b, sizeof b));
            if (strcmp(a, b))
                print_error("%s:\n real %s\n ours %s\n", cases[i].kernel, a, b);
            assert_string_equal(a, b);
        }
        free(real);
        pa_sim_destroy(s);
    }
}

/* The OOM header of each era against real ones (the real line may go on:
   a terminal's position marker). */
static void test_oom_header_vs_real(void **state)
{
    (void)state;
    static const struct {
        const char *kernel, *file;
    } cases[] = {
        {"2.6.32", "tests/data/reports/m05_2.6.30_x86_64_oom_syslog.txt"},
        {"3.10", "tests/data/reports/h02_3.10_rhel7_x86_64_victim_then_next_oom.txt"},
        {"4.6", "tests/data/reports/m18_4.7_x86_64_movable_two_ooms_screen_copy.txt"},
        {"5.8", "tests/data/reports/m20_5.8_x86_64_movable_node_cpuset_victim.txt"},
        {"6.16", "tests/data/reports/h01_6.16_x86_64_dmesg_T_oom_victim.txt"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *real = pa_test_read_file(cases[i].file);
        assert_non_null(real);
        struct pa_sim *s = sim(cases[i].kernel, 128, 0);
        proc(s, "big", 15000);
        oom_once(s);
        char a[512], b[512];
        assert_true(line_shape(real, "invoked oom-killer:", a, sizeof a));
        assert_true(line_shape(pa_sb_str(&s->dmesg), "invoked oom-killer:", b, sizeof b));
        if (strncmp(a, b, strlen(b)))
            print_error("%s:\n real %s\n ours %s\n", cases[i].kernel, a, b);
        assert_int_equal(strncmp(a, b, strlen(b)), 0);
        free(real);
        pa_sim_destroy(s);
    }
}

/* The task table's header and a row against a real 4.11 report (m19). */
static void test_task_table_vs_real(void **state)
{
    (void)state;
    char *real = pa_test_read_file("tests/data/reports/m19_4.11_x86_64_zones_without_node_movable.txt");
    assert_non_null(real);
    struct pa_sim *s = sim("4.11", 128, 0);
    proc(s, "big", 15000);
    oom_once(s);
    const char *d = pa_sb_str(&s->dmesg);
    char a[512], b[512];
    assert_true(line_shape(real, "[ pid ]", a, sizeof a));
    assert_true(line_shape(d, "[ pid ]", b, sizeof b));
    assert_string_equal(a, b);
    /* a row: the columns line up with the header's (widths as the kernel's) */
    const char *ra = strstr(real, "[  433]"), *rb = strstr(d, "[ 1000]");
    assert_non_null(ra);
    assert_non_null(rb);
    const char *ea = strchr(ra, '\n'), *eb = strchr(rb, '\n');
    /* the same position of the oom_score_adj column's end: before the name */
    const char *na = strstr(ra, " upstart-udev-br"), *nb = strstr(rb, " big");
    assert_true(na && na < ea && nb && nb < eb);
    assert_int_equal(na - ra, nb - rb);
    free(real);
    pa_sim_destroy(s);
}

/* The task table's header per era (profile->text.oom_table). */
static void test_task_table_eras(void **state)
{
    (void)state;
    static const struct {
        const char *kernel, *head;
        bool tasks_state;
    } cases[] = {
        {"2.6.32", "[ pid ]   uid  tgid total_vm      rss cpu oom_adj name\n", false},
        {"3.0", "rss cpu oom_adj oom_score_adj name\n", false},
        {"3.16", "rss nr_ptes swapents oom_score_adj name\n", false},
        {"4.9", "rss nr_ptes nr_pmds swapents oom_score_adj name\n", false},
        {"4.14", "rss nr_ptes nr_pmds nr_puds swapents oom_score_adj name\n", false},
        {"4.15", "[ pid ]   uid  tgid total_vm      rss pgtables_bytes swapents", false},
        {"4.19", "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents", true},
        {"6.8", "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct pa_sim *s = sim(cases[i].kernel, 128, 0);
        proc(s, "big", 15000);
        oom_once(s);
        const char *d = pa_sb_str(&s->dmesg);
        if (!strstr(d, cases[i].head))
            print_error("%s: no '%s'\n", cases[i].kernel, cases[i].head);
        assert_non_null(strstr(d, cases[i].head));
        assert_true(!strstr(d, "Tasks state (memory values in pages):") == !cases[i].tasks_state);
        pa_sim_destroy(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_swapin_on_access),
        cmocka_unit_test(test_swapin_reclaims),
        cmocka_unit_test(test_lru_aging_swap_eras),
        cmocka_unit_test(test_badness_rules),
        cmocka_unit_test(test_victim_oom_adj),
        cmocka_unit_test(test_victim_children),
        cmocka_unit_test(test_oom_event),
        cmocka_unit_test(test_vmstat_names),
        cmocka_unit_test(test_vmstat_names_real_618),
        cmocka_unit_test(test_dirty_writeback),
        cmocka_unit_test(test_kill_lines_vs_real),
        cmocka_unit_test(test_oom_header_vs_real),
        cmocka_unit_test(test_task_table_vs_real),
        cmocka_unit_test(test_task_table_eras),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
