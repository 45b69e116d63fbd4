/*
 * report_state.c - a parsed failure report (pagealloc/report.h) turned into
 * the numbers the watermark check reads (struct pa_wmark_state, in pages),
 * for pa_explain. Kept apart from the parser: the parser keeps what was
 * printed, this file decides what it means (kernel-semantics 11.4).
 */
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "pagealloc/gfp.h"
#include "pagealloc/profile.h"
#include "pagealloc/report.h"

/* Zone types that the lowmem_reserve[] columns stand for, low to high. The
   line has one column per configured zone type (MAX_NR_ZONES), populated or
   not, while the dump prints populated zones only: take the zones in the
   dump, then Normal (configured everywhere, empty on a small x86_64 VM),
   Movable and Device (configured on x86_64 4.x+ / arm64), then DMA32 or
   HighMem, then DMA, until the column count is reached. Returns the number
   of types, 0 when no such reading exists. */
static int reserve_columns(const struct pa_report *r, int ncol, enum pa_zone_type cols[])
{
    bool in[PA_ZONE_TYPES] = {false};
    int have = 0;
    for (int i = 0; i < r->nr_zones; i++)
        if ((unsigned)r->zones[i].type < PA_ZONE_TYPES && !in[r->zones[i].type]) {
            in[r->zones[i].type] = true;
            have++;
        }
    const enum pa_zone_type extra[] = {PA_ZONE_NORMAL, PA_ZONE_MOVABLE, PA_ZONE_DEVICE,
                                       in[PA_ZONE_HIGHMEM] ? PA_ZONE_HIGHMEM : PA_ZONE_DMA32,
                                       PA_ZONE_DMA};
    for (size_t k = 0; k < sizeof extra / sizeof extra[0] && have < ncol; k++)
        if (!in[extra[k]]) {
            in[extra[k]] = true;
            have++;
        }
    if (have != ncol)
        return 0;
    int n = 0;
    for (int t = 0; t < PA_ZONE_TYPES; t++)
        if (in[t])
            cols[n++] = (enum pa_zone_type)t;
    return n;
}

void pa_report_explain_zones(const struct pa_report *r, unsigned default_page_kb,
                             struct pa_explain_zone_in *zones, char *note, size_t n)
{
    if (!r || !zones) {
        if (note && n)
            note[0] = '\0';
        return;
    }
    unsigned page_kb = 0;
    int ncol = 0;
    for (int i = 0; i < r->nr_zones; i++) {
        if (!page_kb && r->zones[i].nr_orders)
            page_kb = r->zones[i].page_kb;
        if (r->zones[i].nr_lowmem > ncol)
            ncol = r->zones[i].nr_lowmem;
    }
    if (note && n)
        note[0] = '\0';
    if (!page_kb) {
        page_kb = default_page_kb ? default_page_kb : 4;
        if (note && r->nr_zones)
            snprintf(note, n, "no buddy line gives the page size: %u kB %s. ", page_kb,
                     default_page_kb ? "as given" : "assumed");
    }
    enum pa_zone_type cols[PA_ZONE_TYPES + 2];
    int mapped = ncol ? reserve_columns(r, ncol, cols) : 0;
    if (note && ncol) {
        size_t len = strlen(note);
        if (mapped) {
            snprintf(note + len, n - len, "lowmem_reserve[] columns read as");
            for (int c = 0; c < mapped; c++) {
                len = strlen(note);
                snprintf(note + len, n - len, " %s", pa_zone_type_name(cols[c]));
            }
            len = strlen(note);
            snprintf(note + len, n - len, ". ");
        } else {
            snprintf(note + len, n - len, "the %d lowmem_reserve[] columns do not match the "
                     "zones in the dump: reserves unknown. ", ncol);
        }
    }

    for (int i = 0; i < r->nr_zones; i++) {
        const struct pa_report_zone *z = &r->zones[i];
        struct pa_explain_zone_in *o = &zones[i];
        memset(o, 0, sizeof *o);
        o->node = z->node;
        o->type = z->type;
        snprintf(o->name, sizeof o->name, "%s", z->name);
        o->zone_line = z->zone_line;
        o->buddy_line = z->buddy_line;
        o->lowmem_line = z->lowmem_line;
        unsigned kb = z->nr_orders ? z->page_kb : page_kb;
        o->page_kb = kb;
        struct pa_wmark_state *s = &o->st;
        bool has_min = z->have & (1u << PA_RZ_MIN);
        o->have_zone_line = z->zone_line && (z->have & (1u << PA_RZ_FREE)) && has_min;
        /* show_mem prints min/low/high with the boost in them (5.0+,
           min_wmark_pages(); kernel-semantics 2.2, docs/kernel-notes.md 9);
           the state holds the stored marks and the boost apart. */
        uint64_t boost = z->kb[PA_RZ_BOOST] / kb;
        s->boost = boost;
        s->free_pages = (int64_t)(z->kb[PA_RZ_FREE] / kb);
        const enum pa_rz_field marks[3] = {PA_RZ_MIN, PA_RZ_LOW, PA_RZ_HIGH};
        for (int w = 0; w < 3; w++) {
            uint64_t v = z->kb[marks[w]] / kb;
            s->watermark[w] = v > boost ? v - boost : 0;
        }
        s->nr_reserved_highatomic = z->kb[PA_RZ_RESERVED_HIGHATOMIC] / kb;
        s->nr_free_highatomic = z->kb[PA_RZ_FREE_HIGHATOMIC] / kb;
        s->free_cma = z->kb[PA_RZ_FREE_CMA] / kb;
        o->managed = z->kb[PA_RZ_MANAGED] / kb;
        /* A buddy line cut before its total ("25*512kB (>" of a pager, an
           excerpt's end) leaves its higher orders unknown: it is not used. */
        o->have_buddy = z->buddy_line &&
                        ((z->nr_orders > 0 && !z->buddy_partial) || z->buddy_empty);
        /* The columns of the buddy line are orders 0..MAX (10 on x86_64,
           0.1). pageblock_order is not printed; 9 (x86_64, 4 kB pages, 5.1)
           matters only to the RHEL6 loop (3.2). */
        s->max_order = o->have_buddy && z->nr_orders ? z->nr_orders - 1 : 10;
        s->pageblock_order = s->max_order >= 9 ? 9 : s->max_order;
        for (unsigned k = 0; k < z->nr_orders && k <= PA_ORDER_CAP; k++) {
            s->nr_free[k] = z->nr_free[k];
            s->mt_mask[k] = z->mt_mask[k];
        }
        s->lists_known = z->letters;
        /* The zone's own column is 0 by definition (1.4), so a zone without its
           line still knows its reserve against its own class. */
        o->have_reserve = z->lowmem_line && mapped && z->nr_lowmem == mapped;
        if (o->have_reserve)
            for (int c = 0; c < mapped; c++)
                s->lowmem_reserve[cols[c]] = z->lowmem_reserve[c];
    }
}

int pa_report_explain_input(const struct pa_report *r, const struct pa_profile *p,
                            int order_override, const uint64_t *mode_override, unsigned page_kb,
                            struct pa_explain_in *in, char *note, size_t n)
{
    if (!r || !p || !in)
        return PA_EINVAL;
    memset(in, 0, sizeof *in);
    in->profile = p;
    in->order = order_override >= 0 ? order_override : r->order;
    in->have_mode = mode_override || r->have_mode;
    in->mode = mode_override ? *mode_override : r->mode;
    const struct pa_profile *alts[PA_EXPLAIN_ALTS] = {pa_profile_by_name("4.4"),
                                                      pa_profile_latest()};
    for (int a = 0; a < PA_EXPLAIN_ALTS; a++) {
        if (!alts[a] || alts[a] == p || !in->have_mode)
            continue;
        uint64_t lost = 0;
        in->alt[a].profile = alts[a];
        in->alt[a].mode = pa_gfp_translate(p, in->mode, alts[a], &lost);
    }
    in->nr_zones = r->nr_zones;
    if (r->nr_zones) {
        in->zones = calloc((size_t)r->nr_zones, sizeof *in->zones);
        if (!in->zones)
            return PA_ENOMEM;
    }
    pa_report_explain_zones(r, page_kb, in->zones, note, n);
    return 0;
}

/* A dump without a request (SysRq-M, a quote without its header, an OOM
   header of an era that printed no order): which orders would the zone
   serve? The era's check at MIN (ALLOC_WMARK_MIN and no other flag: a plain
   GFP_KERNEL-like request that may not dip below MIN), against the zone's
   own class (its own lowmem_reserve column, 0), for every order of its
   buddy line; without a buddy line only order 0 can be told. */
void pa_report_zone_orders(const struct pa_profile *p, const struct pa_explain_zone_in *z,
                           struct pa_zone_orders *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->max_pass = -1;
    if (!p || !z || !z->have_zone_line)
        return;
    o->known = true;
    unsigned flags = PA_ALLOC_WMARK_MIN;
    o->mark = pa_wmark_mark(p, &z->st, flags);
    o->free_pages = z->st.free_pages;
    o->order0_ok = pa_watermark_ok(p, &z->st, 0, (unsigned long)o->mark, (int)z->type, flags,
                                   NULL);
    o->orders_known = z->have_buddy;
    o->max_order = z->st.max_order;
    if (!o->order0_ok) {
        o->max_pass = -1;
        return;
    }
    o->max_pass = 0;
    if (!z->have_buddy)
        return;
    for (unsigned k = 1; k <= z->st.max_order; k++) {
        if (!pa_watermark_ok(p, &z->st, k, (unsigned long)o->mark, (int)z->type, flags, NULL))
            break;
        o->max_pass = (int)k;
    }
}

int pa_report_zone_high_check(const struct pa_profile *p, const struct pa_explain_zone_in *z,
                              unsigned order, int classzone, uint64_t *mark)
{
    *mark = 0;
    if (!p || !z->have_zone_line || !z->st.watermark[PA_WMARK_HIGH])
        return -1;
    if (order > 0 && !z->have_buddy)
        return -1;
    unsigned flags = PA_ALLOC_WMARK_HIGH | PA_ALLOC_CPUSET;
    *mark = pa_wmark_mark(p, &z->st, flags);
    return pa_watermark_ok(p, &z->st, order, (unsigned long)*mark, classzone, flags, NULL) ? 1
                                                                                        : 0;
}
