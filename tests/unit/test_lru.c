/*
 * test_lru.c - the pfn-list type (pfnlist.h), the LRU lists (lru.c), page
 * flags the engine owns, and the event callback (events.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/events.h"
#include "pagealloc/gfp.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/lru.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/pageops.h"
#include "pagealloc/pcp.h"
#include "pagealloc/pfnlist.h"
#include "pagealloc/profile.h"

/* Entries of l from head to tail, checking the back links on the way. */
static int walk(const struct pa_page *pages, const struct pa_pfnlist *l, uint32_t *out, int max)
{
    int n = 0;
    uint32_t prev = PA_PFN_NONE;
    for (uint32_t p = l->head; p != PA_PFN_NONE; p = pages[p].next) {
        assert_int_equal(pages[p].prev, prev);
        assert_true(n < max);
        out[n++] = p;
        prev = p;
    }
    assert_int_equal(l->tail, prev);
    assert_int_equal(l->count, (uint64_t)n);
    return n;
}

static void test_pfnlist_ops(void **state)
{
    (void)state;
    struct pa_page pages[8];
    memset(pages, 0, sizeof pages);
    struct pa_pfnlist a = PA_PFNLIST_INIT, b;
    pa_pfnlist_init(&b);
    uint32_t v[8];
    assert_true(pa_pfnlist_empty(&a));
    assert_int_equal(pa_pfnlist_pop(pages, &a), PA_PFN_NONE);
    assert_int_equal(pa_pfnlist_pop_tail(pages, &a), PA_PFN_NONE);
    pa_pfnlist_add(pages, &a, 3);      /* 3 */
    pa_pfnlist_add(pages, &a, 1);      /* 1 3 */
    pa_pfnlist_add_tail(pages, &a, 5); /* 1 3 5 */
    pa_pfnlist_add_tail(pages, &a, 7); /* 1 3 5 7 */
    assert_int_equal(walk(pages, &a, v, 8), 4);
    assert_int_equal(v[0], 1);
    assert_int_equal(v[1], 3);
    assert_int_equal(v[2], 5);
    assert_int_equal(v[3], 7);
    pa_pfnlist_del(pages, &a, 3); /* middle */
    pa_pfnlist_del(pages, &a, 7); /* tail */
    assert_int_equal(walk(pages, &a, v, 8), 2);
    assert_int_equal(v[0], 1);
    assert_int_equal(v[1], 5);
    pa_pfnlist_move(pages, &a, &b, 1, false);
    pa_pfnlist_move(pages, &a, &b, 5, true); /* a empty, b = 1 5 */
    assert_true(pa_pfnlist_empty(&a));
    assert_int_equal(a.tail, PA_PFN_NONE);
    assert_int_equal(a.count, 0);
    pa_pfnlist_move(pages, &b, &b, 5, false); /* rotate within b: 5 1 */
    assert_int_equal(walk(pages, &b, v, 8), 2);
    assert_int_equal(v[0], 5);
    assert_int_equal(v[1], 1);
    assert_int_equal(pa_pfnlist_pop_tail(pages, &b), 1);
    assert_int_equal(pa_pfnlist_pop(pages, &b), 5);
    assert_true(pa_pfnlist_empty(&b));
    assert_int_equal(b.tail, PA_PFN_NONE);
    pa_pfnlist_set_only(pages, &b, 2);
    assert_int_equal(walk(pages, &b, v, 8), 1);
}

/* A machine with pages of a kind, for the LRU tests. */
static struct pa_machine *machine(const struct pa_profile *pr)
{
    struct pa_machine_config cfg = {0};
    cfg.max_order = 4;
    cfg.pageblock_order = 4;
    cfg.profile = pr;
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA32, 0, 256);
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 256, 512);
    return pa_test_machine(&cfg);
}

static uint64_t page_of(struct pa_machine *m, uint64_t pfn, enum pa_page_kind kind)
{
    assert_int_equal(pa_alloc_pfn(m, pfn, 0, PA_MT_MOVABLE), PA_OK);
    assert_int_equal(pa_page_set_owner(m, pfn, kind, (uint32_t)pfn), PA_OK);
    return pfn;
}

static void test_lru_add_activate_rotate(void **state)
{
    (void)state;
    struct pa_machine *m = machine(NULL);
    struct pa_lruvec *lv = pa_pfn_lruvec(m, 10);
    uint32_t v[8];
    uint64_t a = page_of(m, 10, PA_KIND_FILE), b = page_of(m, 11, PA_KIND_FILE),
             c = page_of(m, 12, PA_KIND_FILE), d = page_of(m, 13, PA_KIND_ANON);
    assert_int_equal(pa_lru_add(m, a, false), PA_OK);
    assert_int_equal(pa_lru_add(m, b, false), PA_OK);
    assert_int_equal(pa_lru_add(m, c, false), PA_OK);
    assert_int_equal(pa_lru_add(m, d, true), PA_OK);
    assert_int_equal(pa_lru_add(m, a, false), PA_EBUSY); /* already on it */
    PA_ASSERT_CHECK(m);
    /* new pages at the head: c b a */
    assert_int_equal(walk(m->pages, &lv->lists[PA_LRU_INACTIVE_FILE], v, 8), 3);
    assert_int_equal(v[0], c);
    assert_int_equal(v[2], a);
    assert_int_equal(lv->nr_pages[PA_LRU_INACTIVE_FILE], 3);
    assert_int_equal(lv->nr_pages[PA_LRU_ACTIVE_ANON], 1);
    assert_int_equal(pa_machine_lru_pages(m, PA_LRU_ACTIVE_ANON), 1);

    /* rotate c to the tail: b a c */
    assert_int_equal(pa_lru_rotate(m, c), PA_OK);
    walk(m->pages, &lv->lists[PA_LRU_INACTIVE_FILE], v, 8);
    assert_int_equal(v[0], b);
    assert_int_equal(v[2], c);
    assert_int_equal(pa_lru_rotate(m, d), PA_EBUSY); /* active pages do not rotate */

    /* mark_page_accessed: first referenced, then active */
    assert_int_equal(pa_mark_page_accessed(m, a), PA_OK);
    assert_true(m->pages[a].flags & PA_PG_REFERENCED);
    assert_false(m->pages[a].flags & PA_PG_ACTIVE);
    assert_int_equal(lv->nr_pages[PA_LRU_INACTIVE_FILE], 3);
    assert_int_equal(pa_mark_page_accessed(m, a), PA_OK);
    assert_true(m->pages[a].flags & PA_PG_ACTIVE);
    assert_false(m->pages[a].flags & PA_PG_REFERENCED);
    assert_int_equal(lv->nr_pages[PA_LRU_INACTIVE_FILE], 2);
    assert_int_equal(lv->nr_pages[PA_LRU_ACTIVE_FILE], 1);
    assert_int_equal(lv->lists[PA_LRU_ACTIVE_FILE].head, a);
    PA_ASSERT_CHECK(m);

    /* deactivate goes back to the inactive head */
    assert_int_equal(pa_lru_deactivate(m, a), PA_OK);
    assert_int_equal(lv->lists[PA_LRU_INACTIVE_FILE].head, a);
    assert_false(m->pages[a].flags & PA_PG_ACTIVE);
    assert_int_equal(pa_lru_activate(m, b), PA_OK);
    assert_int_equal(lv->nr_pages[PA_LRU_ACTIVE_FILE], 1);
    PA_ASSERT_CHECK(m);

    /* freeing an LRU page takes it off its list */
    assert_int_equal(pa_free_pages(m, b, 0), PA_OK);
    assert_int_equal(lv->nr_pages[PA_LRU_ACTIVE_FILE], 0);
    PA_ASSERT_CHECK(m);
    /* misuse */
    assert_int_equal(pa_lru_del(m, b), PA_ENOTALLOC);
    assert_int_equal(pa_lru_add(m, 1u << 20, false), PA_ERANGE);
    uint64_t k = page_of(m, 20, PA_KIND_SLAB);
    assert_int_equal(pa_lru_add(m, k, false), PA_EINVAL);
    assert_int_equal(pa_lru_del(m, k), PA_EBUSY);
    pa_machine_destroy(m);
}

/* Per zone before 4.8, per node from 4.8. */
static void test_lruvec_per_zone_or_node(void **state)
{
    (void)state;
    char w[128];
    struct pa_machine *old = machine(pa_profile_for_version("4.4", w, sizeof w));
    struct pa_machine *new = machine(pa_profile_for_version("4.8", w, sizeof w));
    assert_ptr_not_equal(pa_pfn_lruvec(old, 10), pa_pfn_lruvec(old, 300));
    assert_ptr_equal(pa_pfn_lruvec(new, 10), pa_pfn_lruvec(new, 300));
    assert_ptr_equal(pa_pfn_lruvec(new, 10), &new->nodes[0].lruvec);
    page_of(old, 300, PA_KIND_ANON);
    assert_int_equal(pa_lru_add(old, 300, false), PA_OK);
    assert_int_equal(old->zones[1].zone_lruvec.nr_pages[PA_LRU_INACTIVE_ANON], 1);
    assert_int_equal(old->zones[0].zone_lruvec.nr_pages[PA_LRU_INACTIVE_ANON], 0);
    assert_int_equal(pa_machine_lru_pages(old, PA_LRU_INACTIVE_ANON), 1);
    PA_ASSERT_CHECK(old);
    pa_machine_destroy(old);
    pa_machine_destroy(new);
}

static bool refuse_odd(void *ctx, struct pa_machine *m, uint64_t pfn, uint32_t h)
{
    (void)ctx;
    (void)m;
    (void)h;
    return pfn % 2 == 0;
}

static int puts_back;
static void count_putback(void *ctx, struct pa_machine *m, uint64_t pfn, uint32_t h)
{
    (void)ctx;
    (void)m;
    (void)pfn;
    (void)h;
    puts_back++;
}

static void test_isolate_putback(void **state)
{
    (void)state;
    struct pa_machine *m = machine(NULL);
    static const struct pa_page_ops ops = {.isolate = refuse_odd, .putback = count_putback};
    assert_int_equal(pa_machine_set_page_ops(m, PA_KIND_ANON, &ops, NULL), PA_OK);
    assert_int_equal(pa_machine_set_page_ops(m, PA_KIND_NONE, &ops, NULL), PA_EINVAL);
    for (uint64_t p = 40; p < 46; p++) {
        page_of(m, p, PA_KIND_ANON);
        assert_int_equal(pa_lru_add(m, p, false), PA_OK);
    }
    struct pa_lruvec *lv = pa_pfn_lruvec(m, 40);
    struct pa_pfnlist iso = PA_PFNLIST_INIT;
    /* from the tail (40, 41, ...): the owner refuses odd pfns */
    assert_int_equal(pa_lruvec_isolate(m, lv, PA_LRU_INACTIVE_ANON, 10, &iso), 3);
    assert_int_equal(iso.count, 3);
    assert_int_equal(lv->nr_pages[PA_LRU_INACTIVE_ANON], 3);
    assert_true(m->pages[42].flags & PA_PG_ISOLATED);
    assert_false(m->pages[42].flags & PA_PG_LRU);
    assert_int_equal(pa_lru_isolate(m, 41, &iso), PA_EBUSY);
    PA_ASSERT_CHECK(m);
    /* an isolated page is not freed behind the isolator's back */
    assert_int_equal(pa_free_pages(m, 42, 0), PA_EBUSY);
    assert_true(m->pages[42].flags & PA_PG_ISOLATED);
    puts_back = 0;
    assert_int_equal(pa_lru_putback_list(m, &iso), 3);
    assert_int_equal(puts_back, 3);
    assert_true(pa_pfnlist_empty(&iso));
    assert_int_equal(lv->nr_pages[PA_LRU_INACTIVE_ANON], 6);
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* The checker sees LRU damage. */
static void test_check_lru(void **state)
{
    (void)state;
    char msg[256];
    struct pa_machine *m = machine(NULL);
    page_of(m, 50, PA_KIND_FILE);
    page_of(m, 51, PA_KIND_FILE);
    assert_int_equal(pa_lru_add(m, 50, false), PA_OK);
    assert_int_equal(pa_lru_add(m, 51, false), PA_OK);
    PA_ASSERT_CHECK(m);
    struct pa_lruvec *lv = pa_pfn_lruvec(m, 50);
    lv->nr_pages[PA_LRU_INACTIVE_FILE]++;
    assert_int_equal(pa_machine_check(m, msg, sizeof msg), PA_ECORRUPT);
    assert_non_null(strstr(msg, "nr_pages says 3"));
    lv->nr_pages[PA_LRU_INACTIVE_FILE]--;
    m->pages[51].flags |= PA_PG_ACTIVE; /* flag says active, list says inactive */
    assert_int_equal(pa_machine_check(m, msg, sizeof msg), PA_ECORRUPT);
    assert_non_null(strstr(msg, "belongs on the active_file list"));
    m->pages[51].flags &= (uint16_t)~PA_PG_ACTIVE;
    page_of(m, 52, PA_KIND_FILE);
    m->pages[52].flags |= PA_PG_LRU; /* flagged but on no list */
    assert_int_equal(pa_machine_check(m, msg, sizeof msg), PA_ECORRUPT);
    assert_non_null(strstr(msg, "flagged LRU"));
    m->pages[52].flags &= (uint16_t)~PA_PG_LRU;
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* ---- events ---------------------------------------------------------------- */

struct counts {
    uint64_t n[PA_EV_COUNT];
    uint64_t alloc_pages, free_pages;
    uint64_t last_gfp;
    int last_cpu;
};

static void count(void *ctx, const struct pa_event *ev)
{
    struct counts *c = ctx;
    assert_true(ev->type < PA_EV_COUNT);
    c->n[ev->type]++;
    if (ev->type == PA_EV_PAGE_ALLOC) {
        c->alloc_pages += (uint64_t)1 << ev->order;
        c->last_gfp = ev->gfp;
        c->last_cpu = ev->cpu;
    }
    if (ev->type == PA_EV_PAGE_FREE)
        c->free_pages += (uint64_t)1 << ev->order;
}

static void test_events(void **state)
{
    (void)state;
    char w[128];
    const struct pa_profile *pr = pa_profile_for_version("6.1", w, sizeof w);
    struct pa_machine_config cfg = {0};
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, 1u << 16);
    cfg.profile = pr;
    struct pa_machine *m = pa_test_machine(&cfg);
    assert_int_equal(pa_pcp_create(m, 2, PA_PCP_67), PA_OK);
    uint64_t gfp;
    char err[128];
    assert_int_equal(pa_gfp_parse(pr, "GFP_KERNEL", &gfp, err, sizeof err), 0);
    struct counts c = {0};
    pa_machine_set_event_cb(m, count, &c);
    uint64_t pfns[100];
    for (int i = 0; i < 100; i++) {
        struct pa_alloc_request rq = {gfp, (unsigned)(i % 3), -1, 1, PA_KIND_KERNEL, 7};
        struct pa_alloc_result res;
        assert_int_equal(pa_alloc_pages(m, &rq, &res), PA_OK);
        pfns[i] = res.pfn;
        assert_int_equal(m->pages[res.pfn].kind, PA_KIND_KERNEL);
        assert_int_equal(m->pages[res.pfn].priv, 7);
    }
    assert_int_equal(c.n[PA_EV_PAGE_ALLOC], 100);
    assert_int_equal(c.alloc_pages, 34 * 1 + 33 * 2 + 33 * 4);
    assert_int_equal(c.last_gfp, gfp);
    assert_int_equal(c.last_cpu, 1);
    for (int i = 0; i < 100; i++)
        assert_int_equal(pa_free_pages_cpu(m, 1, pfns[i], (unsigned)(i % 3)), PA_OK);
    assert_int_equal(c.n[PA_EV_PAGE_FREE], 100);
    assert_int_equal(c.free_pages, c.alloc_pages);
    uint64_t drained_before = c.n[PA_EV_PCPU_DRAIN];
    uint64_t on_pcp = pa_pcp_count(m, &m->zones[0], -1);
    assert_true(on_pcp > 0);
    pa_pcp_drain(m, -1);
    assert_true(c.n[PA_EV_PCPU_DRAIN] > drained_before);
    /* no callback: nothing is reported */
    pa_machine_set_event_cb(m, NULL, &c);
    uint64_t before = c.n[PA_EV_PAGE_ALLOC];
    struct pa_alloc_request rq = {gfp, 0, -1, -1, PA_KIND_NONE, 0};
    assert_int_equal(pa_alloc_pages(m, &rq, NULL), PA_OK);
    assert_int_equal(c.n[PA_EV_PAGE_ALLOC], before);
    assert_string_equal(pa_event_name(PA_EV_PAGE_ALLOC), "mm_page_alloc");
    assert_string_equal(pa_event_name(PA_EV_COUNT), "?");
    PA_ASSERT_CHECK(m);
    pa_pcp_destroy(m);
    pa_machine_destroy(m);
}

static struct pa_event last_extfrag;
static int nr_extfrag;
static void note_extfrag(void *ctx, const struct pa_event *ev)
{
    (void)ctx;
    if (ev->type == PA_EV_PAGE_ALLOC_EXTFRAG) {
        last_extfrag = *ev;
        nr_extfrag++;
    }
}

/* A fallback reports the block it took (mm_page_alloc_extfrag). */
static void test_event_extfrag(void **state)
{
    (void)state;
    char w[128];
    struct pa_machine_config cfg = {0};
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, 4096);
    cfg.profile = pa_profile_for_version("6.1", w, sizeof w);
    struct pa_machine *m = pa_test_machine(&cfg);
    pa_machine_set_event_cb(m, note_extfrag, NULL);
    uint64_t pfn;
    nr_extfrag = 0;
    assert_int_equal(pa_rmqueue(&m->zones[0], 1, PA_MT_MOVABLE, 0, &pfn), PA_OK);
    assert_int_equal(nr_extfrag, 0); /* no fallback */
    assert_int_equal(pa_rmqueue(&m->zones[0], 0, PA_MT_UNMOVABLE, 0, &pfn), PA_OK);
    assert_int_equal(nr_extfrag, 1);
    assert_int_equal(last_extfrag.order, 0);
    assert_int_equal(last_extfrag.migratetype, PA_MT_UNMOVABLE);
    assert_int_equal(last_extfrag.extfrag.fallback_order, 10); /* largest first */
    assert_int_equal(last_extfrag.extfrag.fallback_migratetype, PA_MT_MOVABLE);
    assert_true(last_extfrag.extfrag.change_ownership);
    assert_false(last_extfrag.extfrag.fragmenting);
    assert_int_equal(last_extfrag.pfn, pfn);
    assert_int_equal(pa_rmqueue(&m->zones[0], 0, PA_MT_UNMOVABLE, 0, &pfn), PA_OK);
    assert_int_equal(nr_extfrag, 1); /* now from the claimed block */
    PA_ASSERT_CHECK(m);
    pa_machine_destroy(m);
}

/* Misuse returns an error, never a crash. */
static void test_null_arguments(void **state)
{
    (void)state;
    struct pa_pfnlist l = PA_PFNLIST_INIT;
    assert_int_equal(pa_lru_add(NULL, 0, false), PA_EINVAL);
    assert_int_equal(pa_lru_del(NULL, 0), PA_EINVAL);
    assert_int_equal(pa_mark_page_accessed(NULL, 0), PA_EINVAL);
    assert_int_equal(pa_lru_rotate(NULL, 0), PA_EINVAL);
    assert_int_equal(pa_lru_isolate(NULL, 0, &l), PA_EINVAL);
    assert_int_equal(pa_lru_putback(NULL, 0, &l), PA_EINVAL);
    assert_int_equal(pa_lru_putback_list(NULL, &l), 0);
    assert_int_equal(pa_lruvec_isolate(NULL, NULL, PA_LRU_ACTIVE_ANON, 1, &l), 0);
    assert_null(pa_pfn_lruvec(NULL, 0));
    assert_int_equal(pa_machine_lru_pages(NULL, PA_LRU_ACTIVE_ANON), 0);
    assert_int_equal(pa_migrate_page(NULL, 0, 1, NULL), PA_EINVAL);
    assert_int_equal(pa_reclaim_page(NULL, 0, NULL), PA_EINVAL);
    assert_int_equal(pa_page_set_owner(NULL, 0, PA_KIND_ANON, 0), PA_EINVAL);
    assert_int_equal(pa_machine_set_page_ops(NULL, PA_KIND_ANON, NULL, NULL), PA_EINVAL);
    pa_machine_set_event_cb(NULL, NULL, NULL);
    assert_false(pa_kind_movable(NULL, PA_KIND_ANON));
    struct pa_machine *m = machine(NULL);
    assert_int_equal(pa_lru_isolate(m, 0, NULL), PA_EINVAL);
    assert_int_equal(pa_page_set_owner(m, 0, PA_KIND_COUNT, 0), PA_EINVAL);
    assert_int_equal(pa_machine_set_page_ops(m, PA_KIND_COUNT, NULL, NULL), PA_EINVAL);
    pa_machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pfnlist_ops),
        cmocka_unit_test(test_lru_add_activate_rotate),
        cmocka_unit_test(test_lruvec_per_zone_or_node),
        cmocka_unit_test(test_isolate_putback),
        cmocka_unit_test(test_check_lru),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_event_extfrag),
        cmocka_unit_test(test_null_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
