/*
 * test_workload.c - the simulator's page cache (src/sim/workload.c): files
 * found by path through the hash table, re-reading, removal and re-creation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/lru.h"
#include "sim/sim.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
