/*
 * snapkind.c - page kinds of a snapshot's machine from its class runs
 * (draw/snapkind.h).
 */
#include "draw/snapkind.h"

static enum pa_page_kind kind_of_class(char c)
{
    switch (c) {
    case 'A': return PA_KIND_ANON;
    case 'L': return PA_KIND_FILE;
    case 'S': return PA_KIND_SLAB;
    case 'T': return PA_KIND_HUGETLB;
    case 'K': return PA_KIND_KERNEL;
    case 'R': return PA_KIND_RESERVED;
    default: return PA_KIND_NONE;
    }
}

uint64_t pa_snapfile_fill_kinds(struct pa_machine *m, const struct pa_snapfile *sf)
{
    uint64_t done = 0;
    if (!m || !sf)
        return 0;
    for (int i = 0; i < sf->nr_zones; i++) {
        const struct pa_snapfile_zone *z = &sf->zones[i];
        uint64_t pfn = z->start_pfn;
        for (size_t r = 0; r < z->nr_runs; pfn += z->runs[r].count, r++) {
            enum pa_page_kind k = kind_of_class(z->runs[r].cls);
            if (k == PA_KIND_NONE)
                continue;
            uint64_t end = pfn + z->runs[r].count;
            for (uint64_t p = pfn; p < end && p < m->max_pfn; p++) {
                struct pa_page *pg = &m->pages[p];
                if ((pg->flags & PA_PG_ALLOC) && pg->kind == PA_KIND_NONE) {
                    pg->kind = (uint8_t)k;
                    done++;
                }
            }
        }
    }
    return done;
}
