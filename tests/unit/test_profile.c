/*
 * test_profile.c - version strings select the right era profile
 * (src/mm/profile.c). The version strings are the forms named in issue 3;
 * the expected profile follows kernel-semantics 0.1, 3.1, 3.2.
 */
#include <string.h>

#include "helpers.h"
#include "pagealloc/gfp.h"
#include "pagealloc/profile.h"

static const char *pick(const char *v, char *warn, size_t n)
{
    const struct pa_profile *p = pa_profile_for_version(v, warn, n);
    return p ? p->name : "(null)";
}

static void test_uname_forms(void **state)
{
    (void)state;
    char w[256];
    struct { const char *version, *profile; bool warns; } cases[] = {
        {"2.6.32-642.el6.x86_64", "rhel6-431", false},   /* seed 000 */
        {"2.6.32-220.4.1.el6.x86_64", "rhel6-220", false},
        {"2.6.32-358.23.2.el6.x86_64", "rhel6-220", false},
        {"2.6.32-431.el6.x86_64", "rhel6-431", false},
        {"2.6.32-71.el6.x86_64", "rhel6", false},
        {"2.6.32-219.el6", "rhel6", false},
        {"2.6.32.69", "2.6.32", false},
        {"2.6.32-38-generic", "2.6.32", false},            /* Ubuntu 10.04, seed 001 */
        {"2.6.36", "2.6.36", false},
        {"2.6.39.4", "2.6.38", false},
        {"3.2.0-4-amd64", "3.0", false},                  /* off-by-two through 3.2 */
        {"3.10.0-1160.el7.x86_64", "3.3", true},          /* RHEL7 backports: warned */
        {"3.13.0-29-generic", "3.12", false},
        {"3.16.1-gentoo", "3.15", false},                 /* seed 002 */
        {"4.4.302-21729-g34b1226044a7", "4.4", false},
        {"4.14", "4.14", false}, {"4.13.16", "4.13", false},
        {"4.9.0-8-amd64", "4.9", false},
        {"4.19.0-27-amd64", "4.19", false},
        {"5.14.21-150400.22-default", "5.14", false},
        {"5.15.0-91-generic", "5.14", false}, {"5.10.0-28-amd64", "5.10", false},
        {"6.1.0-18-amd64", "6.0", false},
        {"6.8.0-rc3-1.gae4495f-default", "6.8", false}, {"6.5.0-44-generic", "6.3", false},
        {"6.18.44-fc-v657", "6.17", false},               /* this machine's uname -r */
        {"6.12.1", "6.12", false},
        {"7.0.0-0.rc4.20260101git1234.fc44.x86_64", "6.17", true},
        {"6.25.0", "6.17", true}, {"6.16.3", "6.15", false},
        {"4.25.0", "4.19", true},                         /* no such release */
        {"2.6.18-398.el5", "2.6.32", true},               /* before mobility grouping */
        {"v5.4", "5.4", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = pick(cases[i].version, w, sizeof w);
        if (strcmp(got, cases[i].profile) != 0 || (w[0] != 0) != cases[i].warns)
            fail_msg("%s: got profile %s warn '%s', want %s%s", cases[i].version, got, w,
                     cases[i].profile, cases[i].warns ? " with a warning" : "");
    }
}

static void test_not_a_version(void **state)
{
    (void)state;
    char w[256];
    assert_null(pa_profile_for_version("linux", w, sizeof w));
    assert_true(strstr(w, "not a kernel version") != NULL);
    assert_null(pa_profile_for_version("", w, sizeof w));
    assert_null(pa_profile_for_version(NULL, w, sizeof w));
    assert_null(pa_profile_for_version("4", w, sizeof w));
}

/* Every profile is complete data: names, a GFP layout, a migratetype order
   with its era's reserve type, a version range, and a name that selects
   itself. */
static void test_profiles_complete(void **state)
{
    (void)state;
    size_t n;
    const struct pa_profile *const *all = pa_profile_list(&n);
    assert_true(n >= 20);
    for (size_t i = 0; i < n; i++) {
        const struct pa_profile *p = all[i];
        assert_non_null(p->gfp);
        assert_non_null(p->summary);
        assert_int_equal(p->max_order, 10);
        assert_ptr_equal(pa_profile_by_name(p->name), p);
        assert_ptr_equal(pa_profile_for_version(p->name, NULL, 0), p);
        assert_int_equal(p->nr_mt, 5);
        bool reserve = false, highatomic = false;
        for (int t = 0; t < p->nr_mt; t++) {
            reserve |= p->mt_order[t] == PA_MT_RESERVE;
            highatomic |= p->mt_order[t] == PA_MT_HIGHATOMIC;
        }
        assert_int_equal(reserve, p->has_reserve);
        assert_int_equal(highatomic, p->has_highatomic);
        assert_true(p->has_reserve != p->has_highatomic);
        assert_true(p->wmark_order_adjust == 1 || p->wmark_order_adjust == -1);
        assert_true(p->min_free_kbytes_max == 65536 || p->min_free_kbytes_max == 262144);
        /* the first version of a mainline profile selects that profile */
        if (strncmp(p->name, "rhel", 4) != 0)
            assert_ptr_equal(pa_profile_for_version(p->first_version, NULL, 0), p);
    }
    assert_ptr_equal(pa_profile_latest(), pa_profile_by_name("6.17"));
}

/* Era data the spec states directly (sections 3.1, 3.2, 5.2). */
static void test_era_data(void **state)
{
    (void)state;
    const struct pa_profile *p = pa_profile_by_name("2.6.32");
    assert_int_equal(p->wmark_rule, PA_WMARK_RULE_LOOP);
    assert_int_equal(p->wmark_order_adjust, -1);
    assert_int_equal(p->mt_order[1], PA_MT_RECLAIMABLE);         /* U E M R I */
    p = pa_profile_for_version("3.0.0", NULL, 0);
    assert_int_equal(p->wmark_order_adjust, +1);                  /* 2.6.36 - 3.2 */
    p = pa_profile_for_version("3.3.8", NULL, 0);
    assert_int_equal(p->wmark_order_adjust, -1);
    p = pa_profile_for_version("2.6.32-279.el6", NULL, 0);
    assert_int_equal(p->wmark_order_adjust, +1);
    assert_int_equal(p->wmark_rule, PA_WMARK_RULE_LOOP);
    p = pa_profile_for_version("2.6.32-504.el6", NULL, 0);
    assert_int_equal(p->wmark_rule, PA_WMARK_RULE_LOOP_RHEL6);
    p = pa_profile_for_version("4.4.0", NULL, 0);
    assert_int_equal(p->wmark_rule, PA_WMARK_RULE_ANY_BLOCK);
    assert_int_equal(p->mt_order[1], PA_MT_MOVABLE);             /* U M E H I */
    assert_int_equal(p->mt_order[3], PA_MT_HIGHATOMIC);
    p = pa_profile_for_version("6.3.0", NULL, 0);
    assert_int_equal(p->wmark_rule, PA_WMARK_RULE_RESERVES);
    assert_true(p->boost);
    assert_false(pa_profile_for_version("4.20", NULL, 0)->boost);
    assert_true(pa_profile_for_version("5.0.1", NULL, 0)->boost);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uname_forms),
        cmocka_unit_test(test_not_a_version),
        cmocka_unit_test(test_profiles_complete),
        cmocka_unit_test(test_era_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
