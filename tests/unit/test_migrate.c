/*
 * test_migrate.c - page owners and their operations (pageops.h): migration
 * of anon and file pages of the simulator (the owner sees the new pfn), a
 * refused migration of a slab page, an owner that refuses, and reclaim of
 * file and anon pages through the owners' reclaim operations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/events.h"
#include "pagealloc/lru.h"
#include "pagealloc/pageops.h"
#include "pagealloc/pfnlist.h"
#include "pagealloc/snapfile.h"
#include "sim/sim.h"

static struct pa_sim *sim(uint64_t swap_mib)
{
    struct pa_sim_opts o;
    char err[256];
    pa_sim_opts_init(&o);
    o.no_boot_state = true;
    o.swap_mib = swap_mib;
    struct pa_sim *s = pa_sim_create(pa_preset_find("vm-2g"), &o, err, sizeof err);
    if (!s) {
        print_error("pa_sim_create: %s\n", err);
        fail();
    }
    return s;
}

/* A page nobody owns yet, as a compaction free scanner would take it. */
static uint64_t target(struct pa_sim *s)
{
    uint64_t pfn;
    struct pa_zone *z = &s->m->zones[s->m->nr_zones - 1];
    assert_int_equal(pa_zone_alloc(z, 0, PA_MT_MOVABLE, &pfn), PA_OK);
    return pfn;
}

static void count_migrations(void *ctx, const struct pa_event *ev)
{
    if (ev->type == PA_EV_MIGRATE)
        ++*(int *)ctx;
}

static void test_migrate_anon(void **state)
{
    (void)state;
    struct pa_sim *s = sim(0);
    struct pa_proc *p = pa_sim_spawn(s, "a", 0);
    assert_non_null(p);
    pa_proc_touch(p, 8);
    assert_int_equal(pa_sim_run(s), 8);
    PA_ASSERT_CHECK(s->m);
    uint64_t old = p->pages[3], new = target(s);
    uint64_t active = pa_machine_lru_pages(s->m, PA_LRU_ACTIVE_ANON);
    assert_int_equal(pa_migrate_page(s->m, old, new, NULL), PA_OK);
    assert_int_equal(p->pages[3], new);     /* the process sees the new pfn */
    assert_true(pa_pfn_is_free(s->m, old, NULL, NULL));
    assert_int_equal(s->m->pages[new].kind, PA_KIND_ANON);
    assert_true(s->m->pages[new].flags & PA_PG_LRU);
    assert_true(s->m->pages[new].flags & PA_PG_ACTIVE);
    assert_int_equal(pa_machine_lru_pages(s->m, PA_LRU_ACTIVE_ANON), active);
    PA_ASSERT_CHECK(s->m); /* the owner resolves the moved page's handle */
    /* the process exits cleanly with its moved page */
    assert_int_equal(pa_sim_kill(s, p), 0);
    assert_int_equal(pa_machine_lru_pages(s->m, PA_LRU_ACTIVE_ANON), 0);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

static void test_migrate_file_isolated(void **state)
{
    (void)state;
    struct pa_sim *s = sim(0);
    int migrations = 0;
    pa_machine_set_event_cb(s->m, count_migrations, &migrations);
    assert_int_equal(pa_sim_cache_file(s, "/etc/f", 10 * s->page_size, 0, false), 10);
    struct pa_file *f = s->files[0];
    uint64_t old = f->pages[2], new = target(s);
    struct pa_pfnlist iso = PA_PFNLIST_INIT;
    assert_int_equal(pa_lru_isolate(s->m, old, &iso), PA_OK);
    /* an isolated page needs its list named */
    assert_int_equal(pa_migrate_page(s->m, old, new, NULL), PA_EINVAL);
    assert_int_equal(pa_migrate_page(s->m, old, new, &iso), PA_OK);
    assert_int_equal(f->pages[2], new); /* the file sees the new pfn */
    assert_true(pa_pfnlist_empty(&iso));
    assert_true(s->m->pages[new].flags & PA_PG_LRU);
    assert_false(s->m->pages[new].flags & PA_PG_ISOLATED);
    assert_int_equal(migrations, 1);
    PA_ASSERT_CHECK(s->m);
    assert_int_equal(pa_sim_remove_file(s, "/etc/f"), 0);
    assert_int_equal(pa_machine_lru_pages(s->m, PA_LRU_INACTIVE_FILE), 0);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

static void test_migrate_slab_refused(void **state)
{
    (void)state;
    struct pa_sim *s = sim(0);
    struct pa_sim_gfp g;
    char err[128];
    assert_int_equal(pa_sim_gfp_parse(s, "GFP_KERNEL", &g, err, sizeof err), 0);
    uint64_t addr = pa_sim_kmalloc(s, 0, 100, &g);
    assert_true(addr != 0);
    uint64_t pfn = (addr - 0xffff880000000000ull) / s->page_size;
    while (!(s->m->pages[pfn].flags & PA_PG_ALLOC)) /* the slab's head */
        pfn--;
    assert_int_equal(s->m->pages[pfn].kind, PA_KIND_SLAB);
    uint32_t handle = s->m->pages[pfn].priv;
    uint64_t new = target(s);
    if (s->m->pages[pfn].order) { /* same order needed: use a fresh block */
        assert_int_equal(pa_free_pages(s->m, new, 0), PA_OK);
        assert_int_equal(pa_zone_alloc(&s->m->zones[s->m->nr_zones - 1],
                                       s->m->pages[pfn].order, PA_MT_MOVABLE, &new),
                         PA_OK);
    }
    assert_false(pa_kind_movable(s->m, PA_KIND_SLAB));
    assert_true(pa_kind_movable(s->m, PA_KIND_ANON));
    assert_int_equal(pa_migrate_page(s->m, pfn, new, NULL), PA_EBUSY);
    assert_non_null(strstr(pa_machine_errmsg(s->m), "no migrate operation"));
    /* nothing changed */
    assert_int_equal(s->m->pages[pfn].kind, PA_KIND_SLAB);
    assert_int_equal(s->m->pages[pfn].priv, handle);
    assert_int_equal(s->m->pages[new].kind, PA_KIND_NONE);
    assert_int_equal(pa_sim_ksize(s, addr), 128);
    assert_int_equal(pa_sim_kfree(s, 0, addr), 0);
    assert_int_equal(pa_free_pages(s->m, new, s->m->pages[new].order), PA_OK);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

/* ---- an engine-level owner ------------------------------------------------------ */

struct owner {
    uint64_t slot[4];
    bool refuse;
};

static int own_migrate(void *ctx, struct pa_machine *m, uint32_t h, uint64_t o, uint64_t n)
{
    struct owner *w = ctx;
    (void)m;
    if (w->refuse || h >= 4 || w->slot[h] != o)
        return PA_EBUSY;
    w->slot[h] = n;
    return PA_OK;
}

static bool own_check(void *ctx, const struct pa_machine *m, uint64_t pfn, uint32_t h)
{
    (void)m;
    return h < 4 && ((struct owner *)ctx)->slot[h] == pfn;
}

static void test_migrate_misuse_and_refusal(void **state)
{
    (void)state;
    struct pa_machine *m = pa_test_simple(0, 1024, 10);
    static const struct pa_page_ops ops = {.migrate = own_migrate, .check = own_check};
    struct owner w = {{0}, false};
    assert_int_equal(pa_machine_set_page_ops(m, PA_KIND_FILE, &ops, &w), PA_OK);
    assert_int_equal(pa_alloc_pfn(m, 100, 0, PA_MT_MOVABLE), PA_OK);
    assert_int_equal(pa_page_set_owner(m, 100, PA_KIND_FILE, 1), PA_OK);
    w.slot[1] = 100;
    assert_int_equal(pa_lru_add(m, 100, false), PA_OK);
    assert_int_equal(pa_mark_page_accessed(m, 100), PA_OK); /* referenced travels */
    assert_int_equal(pa_page_set_dirty(m, 100, true), PA_OK);
    PA_ASSERT_CHECK(m);
    /* the checker notices an owner that lost track of its page */
    char msg[256];
    w.slot[1] = 101;
    assert_int_equal(pa_machine_check(m, msg, sizeof msg), PA_ECORRUPT);
    assert_non_null(strstr(msg, "does not resolve rmap handle 1"));
    w.slot[1] = 100;

    assert_int_equal(pa_alloc_pfn(m, 200, 0, PA_MT_MOVABLE), PA_OK);
    assert_int_equal(pa_alloc_pfn(m, 208, 3, PA_MT_MOVABLE), PA_OK);
    assert_int_equal(pa_migrate_page(m, 100, 208, NULL), PA_EWRONGORDER);
    assert_int_equal(pa_migrate_page(m, 100, 100, NULL), PA_EINVAL);
    assert_int_equal(pa_migrate_page(m, 100, 300, NULL), PA_ENOTALLOC); /* free */
    assert_int_equal(pa_migrate_page(m, 100, 1u << 30, NULL), PA_ERANGE);
    assert_int_equal(pa_migrate_page(m, 200, 100, NULL), PA_EBUSY); /* owned target */
    w.refuse = true;
    assert_int_equal(pa_migrate_page(m, 100, 200, NULL), PA_EBUSY);
    assert_int_equal(w.slot[1], 100);
    assert_true(m->pages[100].flags & PA_PG_LRU);
    assert_int_equal(m->pages[200].flags, PA_PG_ALLOC);
    PA_ASSERT_CHECK(m);
    w.refuse = false;
    assert_int_equal(pa_migrate_page(m, 100, 200, NULL), PA_OK);
    assert_int_equal(w.slot[1], 200);
    uint16_t f = m->pages[200].flags;
    assert_true((f & PA_PG_LRU) && (f & PA_PG_REFERENCED) && (f & PA_PG_DIRTY));
    assert_true(pa_pfn_is_free(m, 100, NULL, NULL));
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* ---- reclaim through the owners -------------------------------------------------- */

static void test_reclaim_file_and_anon(void **state)
{
    (void)state;
    struct pa_sim *s = sim(1); /* 1 MiB of swap: 256 pages */
    assert_int_equal(pa_sim_cache_file(s, "/f", 4 * s->page_size, 0, false), 4);
    struct pa_file *f = s->files[0];
    uint64_t pfn = f->pages[1], file_before = s->st.file;
    assert_int_equal(pa_reclaim_page(s->m, pfn, NULL), PA_RECLAIM_FREED);
    assert_int_equal(f->pages[1], PA_PFN_NONE);
    assert_int_equal(s->st.file, file_before - 1);
    assert_true(pa_pfn_is_free(s->m, pfn, NULL, NULL));
    PA_ASSERT_CHECK(s->m);
    /* reading the file again fills the hole */
    assert_int_equal(pa_sim_cache_file(s, "/f", 4 * s->page_size, 0, false), 1);
    assert_true(f->pages[1] != PA_PFN_NONE);
    assert_int_equal(s->st.file, file_before);
    /* a dirty page is written back, not dropped */
    assert_int_equal(pa_page_set_dirty(s->m, f->pages[0], true), PA_OK);
    assert_int_equal(pa_reclaim_page(s->m, f->pages[0], NULL), PA_RECLAIM_WRITEBACK);
    assert_true(s->m->pages[f->pages[0]].flags & PA_PG_WRITEBACK);
    assert_false(s->m->pages[f->pages[0]].flags & PA_PG_DIRTY);
    PA_ASSERT_CHECK(s->m);

    struct pa_proc *p = pa_sim_spawn(s, "a", 0);
    pa_proc_touch(p, 300);
    assert_int_equal(pa_sim_run(s), 300);
    uint64_t anon = s->st.anon;
    int freed = 0, kept = 0;
    for (uint64_t i = 0; i < 300; i++) {
        int r = pa_reclaim_page(s->m, p->pages[i], NULL);
        freed += r == PA_RECLAIM_FREED;
        kept += r == PA_RECLAIM_KEEP;
    }
    assert_int_equal(freed, 256); /* until swap is full */
    assert_int_equal(kept, 44);
    assert_int_equal(s->st.anon, anon - 256);
    assert_int_equal(s->st.swap_used, 256);
    PA_ASSERT_CHECK(s->m);
    assert_int_equal(pa_sim_kill(s, p), 0);
    assert_int_equal(s->st.swap_used, 0);
    PA_ASSERT_CHECK(s->m);
    /* unreclaimable kinds */
    struct pa_proc *b = pa_sim_spawn(s, "b", 0);
    assert_non_null(b);
    assert_int_equal(pa_reclaim_page(s->m, b->stack[0], NULL), PA_EBUSY);
    assert_non_null(strstr(pa_machine_errmsg(s->m), "no reclaim operation"));
    pa_sim_destroy(s);
}

/* A snapshot-built machine: every used page has its kind, anon and file
   pages have owners, so they migrate like the simulator's own. */
static void test_snapshot_pages_have_owners(void **state)
{
    (void)state;
    const char *text = "pagealloc-snapshot 1\nkernel 4.14.0\npage_size 4096\nmax_order 10\n"
                       "time 0\nzone 0 DMA32 4096 65536\nruns A1024 L1024 S512 K512 T1024 "
                       "F61440\nendzone\n";
    struct pa_snapfile *sf;
    struct pa_diag d;
    assert_int_equal(pa_snapfile_parse(text, strlen(text), "t.snap", &sf, &d), 0);
    struct pa_sim_opts o;
    char err[256];
    pa_sim_opts_init(&o);
    o.snapshot = sf;
    struct pa_sim *s = pa_sim_create(pa_preset_find("vm-2g"), &o, err, sizeof err);
    if (!s) {
        print_error("%s\n", err);
        fail();
    }
    struct pa_machine *m = s->m;
    assert_int_equal(m->pages[4096].kind, PA_KIND_ANON);
    assert_int_equal(m->pages[4096 + 1024].kind, PA_KIND_FILE);
    assert_int_equal(m->pages[4096 + 2048].kind, PA_KIND_SLAB);
    assert_int_equal(m->pages[4096 + 2560].kind, PA_KIND_KERNEL);
    assert_int_equal(m->pages[4096 + 3072].kind, PA_KIND_HUGETLB);
    assert_int_equal(pa_machine_lru_pages(m, PA_LRU_ACTIVE_ANON), 1024);
    assert_int_equal(pa_machine_lru_pages(m, PA_LRU_INACTIVE_FILE), 1024);
    PA_ASSERT_CHECK(m); /* every owner handle resolves */
    struct pa_proc *p = s->procs[0];
    assert_string_equal(p->name, "snapshot-anon");
    assert_int_equal(p->nr_pages, 1024);
    uint64_t new = target(s);
    assert_int_equal(pa_migrate_page(m, 4096 + 5, new, NULL), PA_OK);
    assert_int_equal(p->pages[5], new);
    uint64_t fnew = target(s);
    assert_int_equal(pa_migrate_page(m, 4096 + 1024 + 7, fnew, NULL), PA_OK);
    assert_int_equal(s->files[0]->pages[7], fnew);
    assert_int_equal(pa_migrate_page(m, 4096 + 2048, target(s), NULL), PA_EBUSY);
    PA_ASSERT_CHECK(m);
    /* a process spawned later still gets pid 1000 */
    struct pa_proc *q = pa_sim_spawn(s, "q", 0);
    assert_non_null(q);
    assert_int_equal(q->pid, 1000);
    pa_sim_destroy(s);
    pa_snapfile_free(sf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrate_anon),
        cmocka_unit_test(test_migrate_file_isolated),
        cmocka_unit_test(test_migrate_slab_refused),
        cmocka_unit_test(test_migrate_misuse_and_refusal),
        cmocka_unit_test(test_reclaim_file_and_anon),
        cmocka_unit_test(test_snapshot_pages_have_owners),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
