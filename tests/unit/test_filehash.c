/*
 * test_filehash.c - the page cache finds files by a hash of their path
 * (src/sim/workload.c): thousands of files are each found again with their
 * own pages, a removed file is not found, and a path read again after its
 * removal is a new file.
 */
#include <stdio.h>
#include <string.h>

#include "helpers.h"
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
        /* file i holds i % 3 + 1 pages */
        assert_int_equal(pa_sim_cache_file(s, path, (uint64_t)(i % 3 + 1) * s->page_size, 0,
                                           false),
                         i % 3 + 1);
    }
    assert_int_equal(s->nr_files, n);
    for (int i = n - 1; i >= 0; i -= 7) {
        snprintf(path, sizeof path, "/f/%d", i);
        /* reading it again finds file i and adds nothing */
        assert_int_equal(pa_sim_cache_file(s, path, s->page_size, 1, false), 0);
        assert_int_equal(s->last_file, i);
        assert_string_equal(s->files[i]->path, path);
        assert_int_equal(s->files[i]->nr_pages, (uint64_t)(i % 3 + 1));
    }
    assert_int_equal(pa_sim_remove_file(s, "/f/x"), -1); /* no such file */
    assert_int_equal(pa_sim_remove_file(s, "/f/42"), 0);
    assert_true(s->files[42]->deleted);
    assert_int_equal(pa_sim_remove_file(s, "/f/42"), -1); /* not found again */
    assert_int_equal(pa_sim_cache_file(s, "/f/42", s->page_size, 0, false), 1);
    assert_int_equal(s->nr_files, n + 1); /* a new file */
    assert_int_equal(s->last_file, n);
    assert_string_equal(s->files[n]->path, "/f/42");
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
