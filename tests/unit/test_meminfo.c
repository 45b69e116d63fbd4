/*
 * test_meminfo.c - src/format/meminfo.c's /proc/zoneinfo and /proc/vmstat
 * text, read back by the /proc parsers of src/format/procparse.c (written
 * independently, against real kernels' files): for the 2.6.32, 4.14 and
 * 6.18 layouts every number the parser finds must be the machine's. Also
 * the /proc/meminfo line format (label in 16 columns, value in 8, " kB").
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/procparse.h"
#include "sim/sim.h"

static void round_trip(const char *kernel)
{
    struct pa_sim_opts o;
    char err[256];
    pa_sim_opts_init(&o);
    o.kernel = kernel;
    struct pa_sim *s = pa_sim_create(pa_preset_find("vm-2g"), &o, err, sizeof err);
    assert_non_null(s);
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    assert_non_null(pi);
    pa_procinfo_init(pi);
    struct pa_diag d;
    static const char *const files[] = {"/proc/buddyinfo", "/proc/pagetypeinfo",
                                        "/proc/zoneinfo", "/proc/vmstat"};
    for (int i = 0; i < 4; i++) {
        struct pa_strbuf sb = PA_STRBUF_INIT;
        assert_int_equal(pa_sim_cat(s, files[i], &sb), 0);
        int e = i == 0   ? pa_parse_buddyinfo(pi, pa_sb_str(&sb), sb.len, files[i], &d)
                : i == 1 ? pa_parse_pagetypeinfo(pi, pa_sb_str(&sb), sb.len, files[i], &d)
                : i == 2 ? pa_parse_zoneinfo(pi, pa_sb_str(&sb), sb.len, files[i], &d)
                         : pa_parse_vmstat(pi, pa_sb_str(&sb), sb.len, files[i], &d);
        if (e) {
            char msg[512];
            pa_diag_format(&d, msg, sizeof msg);
            print_error("%s %s: %s\n", kernel, files[i], msg);
            fail();
        }
        pa_sb_free(&sb);
    }
    uint64_t total_free = 0;
    for (int i = 0; i < s->m->nr_zones; i++) {
        const struct pa_zone *z = &s->m->zones[i];
        const struct pa_proc_zone *pz = pa_procinfo_zone_c(pi, z->node, z->name);
        assert_non_null(pz);
        assert_true(pz->have_buddy && pz->have_zoneinfo);
        for (unsigned k = 0; k <= s->m->max_order; k++)
            assert_int_equal(pz->nr_free[k], z->free_area[k].nr_free);
        assert_int_equal(pz->free_pages, z->free_pages);
        assert_int_equal(pz->wmark_min, z->watermark[PA_WMARK_MIN] + z->watermark_boost);
        assert_int_equal(pz->wmark_low, z->watermark[PA_WMARK_LOW] + z->watermark_boost);
        assert_int_equal(pz->wmark_high, z->watermark[PA_WMARK_HIGH] + z->watermark_boost);
        assert_int_equal(pz->spanned, z->spanned);
        assert_int_equal(pz->present, z->present);
        if (pz->have_managed)
            assert_int_equal(pz->managed, z->managed);
        assert_int_equal(pz->pcp_count, pa_pcp_count(s->m, z, -1));
        assert_int_equal(pz->protection[PA_ZONE_DMA32], z->lowmem_reserve[PA_ZONE_DMA32]);
        total_free += z->free_pages;
    }
    uint64_t v;
    assert_true(pa_procinfo_vmstat(pi, "nr_free_pages", &v));
    assert_int_equal(v, total_free);
    assert_true(pa_procinfo_vmstat(pi, "nr_file_pages", &v));
    assert_int_equal(v, s->st.file);
    free(pi);
    pa_sim_destroy(s);
}

static void test_round_trip_2632(void **state)
{
    (void)state;
    round_trip("2.6.32-642.el6");
}

static void test_round_trip_414(void **state)
{
    (void)state;
    round_trip("4.14");
}

static void test_round_trip_618(void **state)
{
    (void)state;
    round_trip("6.18");
}

/* 4.12+ zoneinfo lists the zone types without memory too. The text for
   Movable and Device is this machine's live 6.18 /proc/zoneinfo, copied:
   an empty Movable zone gets MIN 32 (6.x treats Movable like HighMem,
   kernel-semantics 2.2), Device 0. 4.9 prints only populated zones. */
static const char empty_618[] = "Node 0, zone  Movable\n"
                                "  pages free     0\n"
                                "        boost    0\n"
                                "        min      32\n"
                                "        low      32\n"
                                "        high     32\n"
                                "        promo    32\n"
                                "        spanned  0\n"
                                "        present  0\n"
                                "        managed  0\n"
                                "        cma      0\n"
                                "        protection: (0, 0, 0, 0, 0)\n"
                                "Node 0, zone   Device\n"
                                "  pages free     0\n"
                                "        boost    0\n"
                                "        min      0\n"
                                "        low      0\n"
                                "        high     0\n"
                                "        promo    0\n"
                                "        spanned  0\n"
                                "        present  0\n"
                                "        managed  0\n"
                                "        cma      0\n"
                                "        protection: (0, 0, 0, 0, 0)\n";

/* The text of path on a vm-2g machine of that kernel (NULL: the preset's),
   booted or not; the caller frees it. */
static char *cat_of(const char *kernel, bool boot, const char *path)
{
    struct pa_sim_opts o;
    char err[256];
    pa_sim_opts_init(&o);
    o.kernel = kernel;
    o.no_boot_state = !boot;
    struct pa_sim *s = pa_sim_create(pa_preset_find("vm-2g"), &o, err, sizeof err);
    assert_non_null(s);
    struct pa_strbuf sb = PA_STRBUF_INIT;
    assert_int_equal(pa_sim_cat(s, path, &sb), 0);
    char *t = strdup(pa_sb_str(&sb));
    pa_sb_free(&sb);
    pa_sim_destroy(s);
    return t;
}

static char *zoneinfo_of(const char *kernel)
{
    return cat_of(kernel, true, "/proc/zoneinfo");
}

static void test_empty_zones(void **state)
{
    (void)state;
    char *t = zoneinfo_of("6.18");
    size_t n = strlen(t), e = strlen(empty_618);
    assert_true(n > e);
    assert_string_equal(t + n - e, empty_618); /* they close the node */
    free(t);
    t = zoneinfo_of("4.9");
    assert_null(strstr(t, "zone  Movable"));
    free(t);
    t = zoneinfo_of("4.14"); /* 4.14: Movable, no PROMO line, MIN 0 */
    assert_non_null(strstr(t, "Node 0, zone  Movable\n  pages free     0\n        min      0\n"));
    free(t);
}

/* "MemTotal:" padded to 16 columns, the kB value right-aligned in 8 (the
   layout of this machine's live 6.18 /proc/meminfo and V44 show_val_kb). */
static void test_meminfo_lines(void **state)
{
    (void)state;
    char *t = cat_of(NULL, false, "/proc/meminfo");
    assert_true(!strncmp(t, "MemTotal:        2048300 kB\nMemFree:  ", 38));
    assert_non_null(strstr(t, "\nSwapTotal:             0 kB\n"));
    assert_non_null(strstr(t, "\nMemAvailable:   ")); /* 3.14+ */
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_2632),
        cmocka_unit_test(test_round_trip_414),
        cmocka_unit_test(test_round_trip_618),
        cmocka_unit_test(test_empty_zones),
        cmocka_unit_test(test_meminfo_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
