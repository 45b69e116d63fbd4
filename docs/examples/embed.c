/*
 * embed.c - the smallest useful program built on libpagealloc (see
 * docs/library.md). It builds a 64 MiB machine with one zone, a hole and a
 * boot reservation, allocates and frees a few blocks, shows that misuse is
 * refused with a named error, checks the invariants and prints
 * /proc/buddyinfo. The test suite compiles and runs it (CTest
 * "example_embed"); it exits non-zero if anything is not as described.
 *
 *   cc -Iinclude docs/examples/embed.c build/libpagealloc.a -o embed
 */
#include <stdio.h>

#include "pagealloc/pagealloc.h"

int main(void)
{
    /* 1. Describe the machine: zones, holes and reservations are data. */
    struct pa_machine_config cfg = {0};            /* 4 KiB pages, max order 10 */
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, 0, 16384);   /* 64 MiB */
    pa_config_add_hole(&cfg, 8192, 8200);          /* no memory at 32 MiB     */
    pa_config_add_reserved(&cfg, 0, 16);           /* boot reservation        */

    struct pa_machine *m;
    char detail[256];
    int err = pa_machine_create(&cfg, &m, detail, sizeof detail);
    if (err) {
        fprintf(stderr, "embed: %s: %s\n", pa_strerror(err), detail);
        return 1;
    }
    struct pa_zone *normal = &m->zones[0];
    printf("zone %s: spanned %llu, present %llu, managed %llu, free %llu pages\n", normal->name,
           (unsigned long long)normal->spanned, (unsigned long long)normal->present,
           (unsigned long long)normal->managed, (unsigned long long)normal->free_pages);

    /* 2. Allocate: smallest block first, the caller gets its lowest part. */
    uint64_t a, b;
    if (pa_zone_alloc(normal, 0, PA_MT_MOVABLE, &a) || pa_zone_alloc(normal, 3, PA_MT_MOVABLE, &b))
        return 1;
    printf("order-0 page at pfn %llu, order-3 block at pfn %llu\n", (unsigned long long)a,
           (unsigned long long)b);

    /* 3. Misuse is refused with a named error and changes nothing. */
    err = pa_free_pages(m, b, 2);
    printf("free pfn %llu at order 2: %s (%s)\n", (unsigned long long)b, pa_errname(err),
           pa_machine_errmsg(m));
    if (err != PA_EWRONGORDER)
        return 1;
    err = pa_free_pages(m, 8195, 0);
    printf("free pfn 8195: %s\n", pa_errname(err));
    if (err != PA_EHOLE)
        return 1;

    /* 4. Free: blocks merge with their free buddies again. */
    if (pa_free_pages(m, a, 0) || pa_free_pages(m, b, 3))
        return 1;

    /* 5. Check every invariant, then print the kernel's text. */
    char msg[256];
    if (pa_machine_check(m, msg, sizeof msg)) {
        fprintf(stderr, "embed: %s\n", msg);
        return 1;
    }
    struct pa_strbuf out = PA_STRBUF_INIT;
    pa_print_buddyinfo(m, &out);
    fputs(pa_sb_str(&out), stdout);
    pa_sb_free(&out);

    pa_machine_destroy(m);
    return 0;
}
