/*
 * test_live.c - the readers on this machine's own files: /proc parses with
 * every file present, and (as root) a kpageflags snapshot whose free blocks
 * in ZONE_DMA (quiet after boot) equal buddyinfo's. Skipped with a message
 * when the files or the privileges are missing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "live/procread.h"
#include "live/snapshot.h"

static void test_read_proc(void **state)
{
    (void)state;
    if (access("/proc/buddyinfo", R_OK)) {
        printf("SKIP: no readable /proc/buddyinfo on this machine\n");
        skip();
    }
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_procread rd;
    struct pa_diag d;
    int err = pa_read_procdir(NULL, pi, &rd, &d);
    if (err)
        fail_msg("%s:%ld:%ld: %s", d.file, d.line, d.col, d.msg);
    assert_true(pi->have_buddyinfo);
    assert_true(pi->nr_zones > 0);
    if (!access("/proc/zoneinfo", R_OK))
        assert_true(pi->have_zoneinfo);
    if (!access("/proc/vmstat", R_OK)) {
        uint64_t v;
        assert_true(pi->have_vmstat);
        assert_true(pa_procinfo_vmstat(pi, "nr_free_pages", &v));
    }
    free(pi);
}

static void test_snapshot_dma(void **state)
{
    (void)state;
    if (geteuid() != 0 || access("/proc/kpageflags", R_OK)) {
        printf("SKIP: needs root and /proc/kpageflags\n");
        skip();
    }
    FILE *f = tmpfile();
    assert_non_null(f);
    struct pa_snapshot *s = calloc(1, sizeof *s);
    char err[300];
    int rc = pa_snapshot_take(f, s, err, sizeof err);
    if (rc)
        fail_msg("%s", err);
    fclose(f);
    bool seen = false;
    for (int i = 0; i < s->nr_zones; i++) {
        const struct pa_snap_zone *z = &s->zones[i];
        uint64_t pages = 0;
        for (int c = 0; c < PA_SC_COUNT; c++)
            pages += z->pages[c];
        assert_int_equal(pages, z->spanned);   /* every pfn classified once */
        if (!strcmp(z->name, "DMA") && !z->buddyinfo_changed) {
            for (unsigned o = 0; o < z->nr_orders; o++)
                assert_int_equal(z->blocks[o], z->buddyinfo[o]);
            seen = true;
        }
    }
    if (!seen)
        printf("note: no quiet DMA zone to compare\n");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_proc),
        cmocka_unit_test(test_snapshot_dma),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
