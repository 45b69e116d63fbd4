/*
 * test_procfs.c - the /proc/buddyinfo and /proc/pagetypeinfo printers
 * (src/format/procfs.c).
 *
 * 1. Hand-built machines, expected text typed by hand from the kernel's
 *    format (kernel-semantics 11.1, 11.2: "Node %d, zone %8s " + "%6lu " per
 *    order; pagetypeinfo rows "Node %4d, zone %8s, type %12s ", block counts
 *    "%12lu "), with the free counts worked out by hand from the boot rule
 *    (maximal aligned blocks).
 * 2. The ">100000" cap of 6.x pagetypeinfo at exactly 99999 / 100000 entries.
 * 3. Real files captured on this machine (tests/data/proc/, see its README):
 *    a machine is built that holds exactly the captured per-type, per-order
 *    free counts and pageblock counts, and the printers must reproduce both
 *    files byte for byte.
 * Printers must not change the machine: the checker runs after each print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static void assert_text(const char *got, const char *want)
{
    if (strcmp(got, want) != 0) {
        print_error("printed:\n%s\nexpected:\n%s\n", got, want);
        fail();
    }
}

/* Node 0: DMA [1, 4096), Normal [4096, 9096); node 1: Normal [16384, 17411).
   By hand, boot gives:
     DMA    1(o0) 2(o1) 4(o2) ... 512(o9), then 1024, 2048, 3072 (o10)
            -> one block of each order 0..9, three of order 10;
     Normal 4096..8191 four o10 blocks, then 8192 o9, 8704 o8, 8960 o7,
            9088 o3 (904 = 512+256+128+8 pages);
     node 1 16384 o10, 17408 o1, 17410 o0 (1027 = 1024+2+1).
   Pageblocks counted (walk from zone_start_pfn in steps of 512): DMA 8
   (1, 513, ..., 3585), Normal 10 (4096..8704), node 1 3 (16384, 16896, 17408). */
static struct pa_machine *hand_machine(void)
{
    struct pa_machine_config cfg = {0};
    pa_config_add_zone(&cfg, 0, PA_ZONE_DMA, 1, 4096);
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 4096, 9096);
    pa_config_add_zone(&cfg, 1, PA_ZONE_NORMAL, 16384, 17411);
    return pa_test_machine(&cfg);
}

static void test_buddyinfo_by_hand(void **state)
{
    (void)state;
    struct pa_machine *m = hand_machine();
    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_print_buddyinfo(m, &sb);
    assert_text(pa_sb_str(&sb),
                "Node 0, zone      DMA      1      1      1      1      1      1      1      1"
                "      1      1      3 \n"
                "Node 0, zone   Normal      0      0      0      1      0      0      0      1"
                "      1      1      4 \n"
                "Node 1, zone   Normal      1      1      0      0      0      0      0      0"
                "      0      0      1 \n");
    PA_ASSERT_CHECK(m);
    pa_sb_free(&sb);
    pa_machine_destroy(m);
}

/* As above, then the first Normal pageblock (4096..4607) becomes Unmovable
   and its free block (4096, order 10) moves to the Unmovable list; pfn 1 of
   DMA is allocated (order 0, so the DMA order-0 count drops to 0). */
static void test_pagetypeinfo_by_hand(void **state)
{
    (void)state;
    struct pa_machine *m = hand_machine();
    uint64_t pfn;
    pa_set_pageblock_migratetype(m, 4096, PA_MT_UNMOVABLE);
    assert_int_equal(pa_move_freepages_block(m, 4096, PA_MT_UNMOVABLE), 1024);
    assert_int_equal(pa_zone_alloc(&m->zones[0], 0, PA_MT_MOVABLE, &pfn), PA_OK);
    assert_int_equal(pfn, 1);
    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_print_pagetypeinfo(m, &sb);
    assert_text(
        pa_sb_str(&sb),
        "Page block order: 9\n"
        "Pages per block:  512\n"
        "\n"
        "Free pages count per migrate type at order       0      1      2      3      4      5"
        "      6      7      8      9     10 \n"
        "Node    0, zone      DMA, type    Unmovable      0      0      0      0      0      0"
        "      0      0      0      0      0 \n"
        "Node    0, zone      DMA, type      Movable      0      1      1      1      1      1"
        "      1      1      1      1      3 \n"
        "Node    0, zone      DMA, type  Reclaimable      0      0      0      0      0      0"
        "      0      0      0      0      0 \n"
        "Node    0, zone      DMA, type   HighAtomic      0      0      0      0      0      0"
        "      0      0      0      0      0 \n"
        "Node    0, zone      DMA, type      Isolate      0      0      0      0      0      0"
        "      0      0      0      0      0 \n"
        "Node    0, zone   Normal, type    Unmovable      0      0      0      0      0      0"
        "      0      0      0      0      1 \n"
        "Node    0, zone   Normal, type      Movable      0      0      0      1      0      0"
        "      0      1      1      1      3 \n"
        "Node    0, zone   Normal, type  Reclaimable      0      0      0      0      0      0"
        "      0      0      0      0      0 \n"
        "Node    0, zone   Normal, type   HighAtomic      0      0      0      0      0      0"
        "      0      0      0      0      0 \n"
        "Node    0, zone   Normal, type      Isolate      0      0      0      0      0      0"
        "      0      0      0      0      0 \n"
        "Node    1, zone   Normal, type    Unmovable      0      0      0      0      0      0"
        "      0      0      0      0      0 \n"
        "Node    1, zone   Normal, type      Movable      1      1      0      0      0      0"
        "      0      0      0      0      1 \n"
        "Node    1, zone   Normal, type  Reclaimable      0      0      0      0      0      0"
        "      0      0      0      0      0 \n"
        "Node    1, zone   Normal, type   HighAtomic      0      0      0      0      0      0"
        "      0      0      0      0      0 \n"
        "Node    1, zone   Normal, type      Isolate      0      0      0      0      0      0"
        "      0      0      0      0      0 \n"
        "\n"
        "Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate \n"
        "Node 0, zone      DMA            0            8            0            0            0 \n"
        "Node 0, zone   Normal            1            9            0            0            0 \n"
        "Node 1, zone   Normal            0            3            0            0            0 \n");
    PA_ASSERT_CHECK(m);
    pa_sb_free(&sb);
    pa_machine_destroy(m);
}

/* 6.x stops counting a list at 100000 entries and prints ">100000"
   (V618 pagetypeinfo_showfree_print: ++freecount >= 100000 -> overflow).
   Zone [0, 200000), every page allocated, then every even page freed:
   n isolated order-0 blocks (their odd buddies stay allocated). */
static void cap_case(uint64_t n, const char *want_cell)
{
    struct pa_machine *m = pa_test_simple(0, 200000, 10);
    assert_int_equal(pa_alloc_range(m, 0, 200000, PA_MT_MOVABLE), PA_OK);
    for (uint64_t i = 0; i < n; i++)
        assert_int_equal(pa_free_pages(m, 2 * i, 0), PA_OK);
    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_print_pagetypeinfo(m, &sb);
    const char *row = strstr(pa_sb_str(&sb), "type      Movable ");
    assert_non_null(row);
    row += strlen("type      Movable ");
    if (strncmp(row, want_cell, strlen(want_cell)) != 0) {
        print_error("Movable order-0 cell: got \"%.12s\", want \"%s\"\n", row, want_cell);
        fail();
    }
    pa_sb_free(&sb);
    pa_machine_destroy(m);
}

static void test_pagetypeinfo_cap(void **state)
{
    (void)state;
    cap_case(99999, " 99999      0 ");
    cap_case(100000, ">100000      0 ");
}

/* ---- the captured host files ----------------------------------------------- */

struct host_zone {
    char name[16];
    uint64_t free[PA_MT_COUNT][PA_ORDER_CAP + 1];
    uint64_t blocks[PA_MT_COUNT];
};

static int mt_by_name(const char *s)
{
    for (int t = 0; t < PA_MT_COUNT; t++)
        if (!strcmp(pa_migratetype_name(t), s))
            return t;
    return -1;
}

static int zone_type_by_name(const char *s)
{
    for (int t = 0; t < PA_ZONE_TYPES; t++)
        if (!strcmp(pa_zone_type_name(t), s))
            return t;
    return -1;
}

/* Parse the captured pagetypeinfo (one node, max order 10). */
static int parse_host(const char *text, struct host_zone *zones, int max)
{
    int nz = 0, ntypes = 0, types[PA_MT_COUNT];
    const char *line = text;
    while (line && *line) {
        char zn[16], tn[16];
        unsigned long long c[11];
        int node;
        if (sscanf(line,
                   "Node %d, zone %15[^,], type %15s %llu %llu %llu %llu %llu %llu %llu %llu %llu "
                   "%llu %llu",
                   &node, zn, tn, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7], &c[8],
                   &c[9], &c[10]) == 14) {
            const char *name = zn + strspn(zn, " ");
            if (!nz || strcmp(zones[nz - 1].name, name)) {
                assert_true(nz < max);
                memset(&zones[nz], 0, sizeof zones[nz]);
                snprintf(zones[nz].name, sizeof zones[nz].name, "%s", name);
                nz++;
            }
            int t = mt_by_name(tn);
            assert_true(t >= 0);
            for (int o = 0; o < 11; o++)
                zones[nz - 1].free[t][o] = c[o];
        } else if (!strncmp(line, "Number of blocks type", 21)) {
            char buf[256];
            const char *e = strchr(line, '\n');
            size_t n = e ? (size_t)(e - line) : strlen(line);
            snprintf(buf, sizeof buf, "%.*s", (int)(n - 21), line + 21);
            for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
                types[ntypes] = mt_by_name(tok);
                assert_true(types[ntypes] >= 0);
                ntypes++;
            }
        } else if (ntypes && !strncmp(line, "Node ", 5)) {
            char name[16];
            int off = 0;
            assert_int_equal(sscanf(line, "Node %d, zone %15s%n", &node, name, &off), 2);
            int z = 0;
            while (z < nz && strcmp(zones[z].name, name))
                z++;
            assert_true(z < nz);
            const char *p = line + off;
            for (int k = 0; k < ntypes; k++) {
                char *end;
                zones[z].blocks[types[k]] = strtoull(p, &end, 10);
                assert_true(end != p);
                p = end;
            }
        }
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return nz;
}

/* Place the free blocks of one zone. Each migratetype gets a run of whole
   pageblocks; inside it, blocks are placed largest first at the lowest
   aligned pfn whose pages are unused and whose buddy is not a planned free
   block of the same order (so nothing merges when the pages are freed). */
struct plan {
    int8_t *order;  /* planned free block order at its head, -1 */
    uint8_t *used;
    uint64_t size;
};

static bool place(struct plan *pl, uint64_t rs, uint64_t re, unsigned o, uint64_t *cursor,
                  uint64_t *out)
{
    uint64_t n = (uint64_t)1 << o;
    for (uint64_t p = (*cursor + n - 1) & ~(n - 1); p + n <= re; p += n) {
        if (p < rs)
            continue;
        bool ok = !(o < 10 && (p ^ n) < pl->size && pl->order[p ^ n] == (int8_t)o);
        for (uint64_t i = 0; ok && i < n; i++)
            ok = !pl->used[p + i];
        if (!ok)
            continue;
        memset(pl->used + p, 1, n);
        pl->order[p] = (int8_t)o;
        *cursor = p + n;
        *out = p;
        return true;
    }
    return false;
}

static void test_host_capture(void **state)
{
    (void)state;
    char *pti = pa_test_read_file("tests/data/proc/pagetypeinfo.6.18-host");
    char *bi = pa_test_read_file("tests/data/proc/buddyinfo.6.18-host");
    assert_non_null(pti);
    assert_non_null(bi);
    struct host_zone hz[4];
    int nz = parse_host(pti, hz, 4);
    assert_int_equal(nz, 3);

    /* Zones back to back, each aligned to 1024 pages, sized to hold exactly
       its captured number of pageblocks. */
    struct pa_machine_config cfg = {0};
    uint64_t start[4], end[4], pos = 0;
    for (int z = 0; z < nz; z++) {
        uint64_t nb = 0;
        for (int t = 0; t < PA_MT_COUNT; t++)
            nb += hz[z].blocks[t];
        start[z] = pos;
        end[z] = pos + nb * 512;
        pos = (end[z] + 1023) & ~(uint64_t)1023;
        int zt = zone_type_by_name(hz[z].name);
        assert_true(zt >= 0);
        pa_config_add_zone(&cfg, 0, zt, start[z], end[z]);
    }
    struct pa_machine *m = pa_test_machine(&cfg);
    struct plan pl = {malloc(pos), calloc(pos, 1), pos};
    assert_non_null(pl.order);
    assert_non_null(pl.used);
    memset(pl.order, -1, pos);

    const struct pa_profile *pr = m->profile;
    for (int z = 0; z < nz; z++) {
        assert_int_equal(pa_alloc_range(m, start[z], end[z], PA_MT_MOVABLE), PA_OK);
        uint64_t rs = start[z];
        for (int k = 0; k < pr->nr_mt; k++) {
            enum pa_migratetype t = pr->mt_order[k];
            uint64_t re = rs + hz[z].blocks[t] * 512;
            for (uint64_t p = rs; p < re; p += 512)
                pa_set_pageblock_migratetype(m, p, t);
            uint64_t cursor[11];
            for (int o = 0; o <= 10; o++)
                cursor[o] = rs;
            for (int o = 10; o >= 0; o--)
                for (uint64_t i = 0; i < hz[z].free[t][o]; i++) {
                    uint64_t p = 0;
                    if (!place(&pl, rs, re, (unsigned)o, &cursor[o], &p)) {
                        print_error("zone %s: no room for free block %llu of order %d, %s\n",
                                    hz[z].name, (unsigned long long)i, o,
                                    pa_migratetype_name(t));
                        fail();
                    }
                    for (uint64_t q = p; q < p + ((uint64_t)1 << o); q++)
                        assert_int_equal(pa_free_pages(m, q, 0), PA_OK);
                }
            rs = re;
        }
    }
    PA_ASSERT_CHECK(m);

    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_print_buddyinfo(m, &sb);
    assert_text(pa_sb_str(&sb), bi);
    pa_sb_reset(&sb);
    pa_print_pagetypeinfo(m, &sb);
    assert_text(pa_sb_str(&sb), pti);
    PA_ASSERT_CHECK(m);
    pa_sb_free(&sb);
    free(pl.order);
    free(pl.used);
    free(pti);
    free(bi);
    pa_machine_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buddyinfo_by_hand),
        cmocka_unit_test(test_pagetypeinfo_by_hand),
        cmocka_unit_test(test_pagetypeinfo_cap),
        cmocka_unit_test(test_host_capture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
