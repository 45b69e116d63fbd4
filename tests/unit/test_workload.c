/*
 * test_workload.c - the simulator's page cache (src/sim/workload.c): files
 * found by path through the hash table, re-reading, removal and re-creation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/lru.h"
#include "pagealloc/vmscan.h"
#include "sim/sim.h"

/* rhel6-1g with 2.6.32-642 rules and no boot state: the box the VFS, list
   read and slab tests run on. */
static struct pa_sim *rhel6_sim(void)
{
    struct pa_sim_opts o;
    char err[256];
    pa_sim_opts_init(&o);
    o.no_boot_state = true;
    o.kernel = "2.6.32-642.el6";
    struct pa_sim *s = pa_sim_create(pa_preset_find("rhel6-1g"), &o, err, sizeof err);
    assert_non_null(s);
    return s;
}

static void test_many_files(void **state)
{
    (void)state;
    struct pa_sim_opts o;
    char err[256], path[64];
    pa_sim_opts_init(&o);
    o.no_boot_state = true;
    struct pa_sim *s = pa_sim_create(pa_preset_find("vm-2g"), &o, err, sizeof err);
    assert_non_null(s);
    const int n = 5000;
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "/f/%d", i);
        assert_int_equal(pa_sim_cache_file(s, path, s->page_size, 0, false), 1);
    }
    assert_int_equal(s->nr_files, n);
    /* every file is found again: re-reading adds nothing, growing adds a page */
    for (int i = n - 1; i >= 0; i -= 7) {
        snprintf(path, sizeof path, "/f/%d", i);
        assert_int_equal(pa_sim_cache_file(s, path, s->page_size, 0, false), 0);
        assert_int_equal(pa_sim_cache_file(s, path, 2 * s->page_size, 0, false), 1);
    }
    assert_int_equal(s->nr_files, n);
    assert_int_equal(pa_sim_remove_file(s, "/f/17"), 0);
    assert_int_equal(pa_sim_remove_file(s, "/f/17"), -1); /* gone */
    assert_int_equal(pa_sim_remove_file(s, "/nope"), -1);
    /* the same path again is a new file with a new slot */
    assert_int_equal(pa_sim_cache_file(s, "/f/17", 3 * s->page_size, 0, false), 3);
    assert_int_equal(s->nr_files, n + 1);
    assert_int_equal(s->files[n]->nr_pages, 3);
    assert_int_equal(pa_machine_lru_pages(s->m, PA_LRU_INACTIVE_FILE), s->st.file);
    PA_ASSERT_CHECK(s->m);
    assert_true(pa_sim_drop_caches(s, 1) > 0);
    assert_int_equal(s->st.file, 0);
    assert_int_equal(pa_machine_lru_pages(s->m, PA_LRU_INACTIVE_FILE), 0);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

/* A read file carries its VFS objects (pa_sim_read_file): a dentry and an
   inode from the first read, a radix_tree_node per 64 page offsets, all
   reclaimable slab on RECLAIMABLE pageblocks; a node goes when its last page
   leaves the cache, the rest with the file. pa_sim_cache_file (boot state,
   snapshots) allocates none. */
static void test_vfs_objects(void **state)
{
    (void)state;
    struct pa_sim *s = rhel6_sim();
    assert_int_equal(pa_sim_cache_file(s, "/plain", 100 * s->page_size, 0, false), 100);
    assert_int_equal(s->st.slab_reclaimable, 0);
    assert_int_equal(pa_sim_read_file(s, "/f", 200 * s->page_size, 0), 200);
    assert_true(s->st.slab_reclaimable > 0);
    assert_int_equal(s->st.slab_unreclaimable, 0);
    struct pa_file *f = s->files[s->nr_files - 1];
    assert_true(f->vfs && f->inode && f->dentry);
    assert_true(f->nr_radix >= 4);
    unsigned total = 0, nodes = 0;
    for (uint64_t g = 0; g < f->nr_radix; g++) {
        total += f->radix_pages[g];
        nodes += f->radix[g] != 0;
        assert_true((f->radix[g] != 0) == (f->radix_pages[g] != 0));
    }
    assert_int_equal(total, 200);
    assert_int_equal(nodes, 4); /* offsets 0-63, 64-127, 128-191, 192-199 */
    /* the objects' slab pages sit in RECLAIMABLE pageblocks */
    uint64_t pfn = (f->inode - 0xffff880000000000ull) / s->page_size;
    assert_true(pfn < s->m->max_pfn);
    assert_int_equal(pa_pageblock_migratetype(s->m, pfn), PA_MT_RECLAIMABLE);
    /* growing the file adds the nodes its new offsets need */
    assert_int_equal(pa_sim_read_file(s, "/f", 300 * s->page_size, 0), 100);
    nodes = 0;
    for (uint64_t g = 0; g < f->nr_radix; g++)
        nodes += f->radix[g] != 0;
    assert_int_equal(nodes, 5);
    /* reclaim the cache: the nodes whose pages all went are freed */
    s->m->swappiness = 0;
    struct pa_scan_result r;
    pa_shrink_node(s->m, 0, PA_ZONE_NORMAL, 1000000, 0, false, false, false, &r);
    for (uint64_t g = 0; g < f->nr_radix; g++)
        assert_true((f->radix[g] != 0) == (f->radix_pages[g] != 0));
    /* removal frees the dentry and inode too; the reaper gives back the
       empty slabs SLAB kept */
    assert_int_equal(pa_sim_remove_file(s, "/f"), 0);
    assert_int_equal(f->inode, 0);
    assert_int_equal(f->dentry, 0);
    pa_sim_slab_reap(s);
    assert_int_equal(s->st.slab_reclaimable, 0);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

/* Files read at the same time on one CPU (pa_sim_read_files, m:read with a
   list): page k of each in turn, so their pages interleave one by one -
   consecutive pages of the CPU's per-CPU list go to different files - and
   each file ends with its first `bytes` cached, with its VFS objects. A
   write leaves the pages dirty. Misuse fails without a crash. */
static void test_read_files_interleave(void **state)
{
    (void)state;
    struct pa_sim *s = rhel6_sim();
    const char *const two[] = {"/a", "/b"};
    assert_int_equal(pa_sim_read_files(s, two, 2, 0, 64 * s->page_size, 1, false), 128);
    struct pa_file *a = s->files[0], *b = s->files[1];
    assert_int_equal(a->nr_pages, 64);
    assert_int_equal(b->nr_pages, 64);
    assert_true(a->vfs && b->vfs && a->dentry && b->inode);
    /* the neighbour of a's page is b's page of the same offset, most of the
       time (the per-CPU list hands out runs of neighbouring pages) */
    int adjacent = 0;
    for (int k = 0; k < 64; k++) {
        uint64_t d = a->pages[k] > b->pages[k] ? a->pages[k] - b->pages[k]
                                               : b->pages[k] - a->pages[k];
        adjacent += d == 1;
    }
    assert_true(adjacent >= 48);
    /* a file read alone takes a run: its pages are not interleaved */
    assert_int_equal(pa_sim_read_file(s, "/c", 64 * s->page_size, 1), 64);
    struct pa_file *c = s->files[2];
    int runs = 0;
    for (int k = 1; k < 64; k++)
        runs += c->pages[k] == c->pages[k - 1] + 1 || c->pages[k] + 1 == c->pages[k - 1];
    assert_true(runs >= 48);
    const char *const w[] = {"/d", "/e", "/f"};
    assert_int_equal(pa_sim_read_files(s, w, 3, 0, 4 * s->page_size, 0, true), 12);
    assert_int_equal(s->st.dirty, 12);
    assert_int_equal(pa_sim_read_files(s, w, 0, 0, 4096, 0, false), -1);
    assert_int_equal(pa_sim_read_files(s, NULL, 2, 0, 4096, 0, false), -1);
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

/* Slab records are reused with their object arrays (slab.c grow): a record
   released by a cache of few objects per slab serves one of many, and the
   other way round; objects stay distinct, frees are checked, and the page
   counters come back to zero. */
static void test_slab_record_reuse(void **state)
{
    (void)state;
    struct pa_sim *s = rhel6_sim();
    static const uint64_t sizes[] = {65536, 32, 4096, 192, 262144, 64};
    enum { N = 300 };
    static uint64_t a[N];
    for (int round = 0; round < 2; round++)
        for (unsigned k = 0; k < sizeof sizes / sizeof *sizes; k++) {
            for (int i = 0; i < N; i++) {
                a[i] = pa_sim_kmalloc(s, i % 2, sizes[k], &s->gfp_kernel);
                assert_true(a[i] != 0);
                assert_int_equal(pa_sim_ksize(s, a[i]), sizes[k]);
                if (i)
                    assert_true(a[i] != a[i - 1]);
            }
            for (int i = 0; i < N; i++)
                assert_int_equal(pa_sim_kfree(s, i % 2, a[i]), 0);
            assert_int_equal(pa_sim_kfree(s, 0, a[0]), -1); /* already free */
            pa_sim_slab_reap(s);
            assert_int_equal(s->st.slab_unreclaimable, 0);
        }
    PA_ASSERT_CHECK(s->m);
    pa_sim_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_files),
        cmocka_unit_test(test_vfs_objects),
        cmocka_unit_test(test_read_files_interleave),
        cmocka_unit_test(test_slab_record_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
