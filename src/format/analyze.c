/*
 * format/analyze.c - per-zone analysis of a parsed capture (buddyinfo
 * required; pagetypeinfo, zoneinfo, extfrag used when present) and its
 * printers: text tables, JSON (through the one emitter, pagealloc/json.h),
 * CSV, Prometheus and seed 003's awk line. Reading the files is src/live's
 * (procread.c); this file only computes on what was parsed and prints it.
 *
 * The indices come from src/mm/fragindex.c (kernel-semantics 7.4), so they are
 * exactly what the kernel's debugfs files would print for the same counts.
 * The watermark verdict per order is the era's own check from the profile
 * layer (issue 3); this file only fills its input from the parsed files and
 * never re-implements the rule (see verdicts()).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/analyze.h"
#include "pagealloc/fragindex.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/json.h"
#include "pagealloc/profile.h"
#include "pagealloc/watermark.h"
#include "pagealloc/wmark_text.h"

/* ---- the watermark input --------------------------------------------------------
 * struct pa_wmark_state (issue 3, watermark.h) filled from the parsed files:
 * NR_FREE_PAGES from zoneinfo "pages free", nr_free[] from buddyinfo, the
 * per-order list emptiness from pagetypeinfo rows (when present; a capped
 * ">100000" list is non-empty too), the HighAtomic reserve from its pageblock
 * count and free pages, CMA from nr_free_cma, lowmem_reserve from
 * "protection:" mapped through the node's zone list (its index is the
 * configured zone index, which skips zones the kernel was built without),
 * and the stored marks = printed marks - boost (6.x prints them with boost). */
static void fill_wmark_state(const struct pa_procinfo *pi, const struct pa_proc_zone *z,
                             struct pa_wmark_state *s)
{
    memset(s, 0, sizeof *s);
    s->free_pages = (int64_t)z->free_pages;
    s->max_order = z->nr_orders - 1;
    s->pageblock_order = pi->have_pageblock_order ? pi->pageblock_order : 9;
    for (unsigned o = 0; o < z->nr_orders; o++)
        s->nr_free[o] = z->nr_free[o];
    if (z->have_types) {
        s->lists_known = true;
        for (int t = 0; t < z->nr_types; t++) {
            const struct pa_proc_mtrow *r = &z->types[t];
            if (r->mt < 0)
                continue;
            for (unsigned o = 0; o < z->nr_orders; o++)
                if (r->nr_free[o])
                    s->mt_mask[o] |= 1u << r->mt;
            if (r->mt == PA_MT_HIGHATOMIC)
                for (unsigned o = 0; o < z->nr_orders; o++)
                    s->nr_free_highatomic += r->nr_free[o] << o;
        }
    }
    for (int t = 0; z->have_blocks && t < z->nr_block_types; t++)
        if (!strcmp(z->block_type_name[t], "HighAtomic"))
            s->nr_reserved_highatomic = z->blocks[t] << s->pageblock_order;
    s->free_cma = z->nr_free_cma;
    for (int i = 0; i < pi->nr_zones; i++) {
        const struct pa_proc_zone *o = &pi->zones[i];
        int type = pa_zone_type_from_name(o->name);
        if (o->node == z->node && o->have_zoneinfo && type >= 0 && o->zi_index < z->nr_protection)
            s->lowmem_reserve[type] = z->protection[o->zi_index];
    }
    s->boost = z->boost;
    uint64_t b = z->boost;
    s->watermark[PA_WMARK_MIN] = z->wmark_min > b ? z->wmark_min - b : 0;
    s->watermark[PA_WMARK_LOW] = z->wmark_low > b ? z->wmark_low - b : 0;
    s->watermark[PA_WMARK_HIGH] = z->wmark_high > b ? z->wmark_high - b : 0;
    s->watermark[PA_WMARK_PROMO] = z->wmark_promo > b ? z->wmark_promo - b : 0;
}

/* ---- the verdict ------------------------------------------------------------------
 * Per order, the era's own check (issue 3's pa_watermark_ok, never a rule of
 * ours) for the request an->gfp: first at the fast path's mark (LOW with the
 * era's fast-path ALLOC flags), then at the slow path's (MIN after kswapd is
 * woken). The one-line reason is the step of the check's trace that decided. */
static void decided_text(const struct pa_wmark_trace *t, char *buf, size_t n)
{
    if (t->decided >= 0 && t->decided < t->nr)
        pa_wmark_step_text(t, t->decided, buf, n);
    else
        snprintf(buf, n, "%s", t->ok ? "ok" : "fails");
}

static void verdicts(const struct pa_analysis *an, struct pa_an_zone *az)
{
    const struct pa_proc_zone *z = az->z;
    if (!z->have_zoneinfo || !an->have_gfp) {
        for (unsigned o = 0; o < az->nr_orders; o++) {
            az->verdict[o].known = false;
            snprintf(az->verdict[o].why, sizeof az->verdict[o].why, "%s",
                     !z->have_zoneinfo ? "no zoneinfo: watermarks unknown" : an->gfp_error);
        }
        return;
    }
    struct pa_wmark_state s;
    fill_wmark_state(an->pi, z, &s);
    /* populated zones of this node, for the era's class zone rule */
    bool populated[PA_ZONE_TYPES] = {false};
    for (int i = 0; i < an->pi->nr_zones; i++) {
        const struct pa_proc_zone *o = &an->pi->zones[i];
        int type = pa_zone_type_from_name(o->name);
        if (o->node == z->node && type >= 0 && (o->have_buddy || o->present))
            populated[type] = true;
    }
    int type = pa_zone_type_from_name(z->name);
    enum pa_zone_type highest = pa_gfp_zone(an->profile, an->gfp);
    enum pa_zone_type cz = pa_gfp_classzone(an->profile, an->gfp, populated);
    struct pa_wmark_trace *t = calloc(1, sizeof *t);
    for (unsigned o = 0; o < az->nr_orders; o++) {
        struct pa_an_verdict *v = &az->verdict[o];
        v->known = true;
        v->why[0] = '\0';
        if (type < 0 || highest == PA_ZONE_TYPES || (unsigned)type > (unsigned)highest) {
            v->ok = false;
            snprintf(v->why, sizeof v->why, "%s may not use zone %s", an->gfp_text, z->name);
            continue;
        }
        unsigned fast = pa_gfp_to_alloc_flags(an->profile, an->gfp, o, false);
        unsigned slow = pa_gfp_to_alloc_flags(an->profile, an->gfp, o, true);
        uint64_t mark = pa_wmark_mark(an->profile, &s, fast);
        v->ok = pa_watermark_ok(an->profile, &s, o, mark, (int)cz, fast, t);
        if (v->ok)
            continue;
        char fast_why[180];
        if (t)
            decided_text(t, fast_why, sizeof fast_why);
        else
            snprintf(fast_why, sizeof fast_why, "fails");
        uint64_t smark = pa_wmark_mark(an->profile, &s, slow);
        v->slow_ok = pa_watermark_ok(an->profile, &s, o, smark, (int)cz, slow, t);
        if (v->slow_ok)
            snprintf(v->why, sizeof v->why, "fails at the fast path's mark %llu, passes at the "
                                            "slow path's %llu (kswapd woken): %.120s",
                     (unsigned long long)mark, (unsigned long long)smark, fast_why);
        else {
            char slow_why[180];
            if (t)
                decided_text(t, slow_why, sizeof slow_why);
            else
                snprintf(slow_why, sizeof slow_why, "fails");
            snprintf(v->why, sizeof v->why, "fails at marks %llu (fast) and %llu (slow): %.150s",
                     (unsigned long long)mark, (unsigned long long)smark, slow_why);
        }
    }
    free(t);
}

void pa_analyze(const struct pa_procinfo *pi, unsigned page_size, const char *kernel,
                struct pa_analysis *an)
{
    if (!an)
        return;
    pa_analyze_gfp(pi, page_size, kernel, NULL, an);
}

void pa_analyze_gfp(const struct pa_procinfo *pi, unsigned page_size, const char *kernel,
                    const char *gfp, struct pa_analysis *an)
{
    if (!an)
        return;
    if (!pi) {
        memset(an, 0, sizeof *an);
        snprintf(an->gfp_error, sizeof an->gfp_error, "no /proc data to analyze (NULL)");
        return;
    }
    memset(an, 0, sizeof *an);
    an->pi = pi;
    an->page_size = page_size ? page_size : 4096;
    snprintf(an->kernel, sizeof an->kernel, "%s", kernel && *kernel ? kernel : "unknown");
    char warn[160] = "";
    an->profile = kernel && *kernel ? pa_profile_for_version(kernel, warn, sizeof warn) : NULL;
    if (!an->profile) {
        an->profile = pa_profile_latest();
        snprintf(an->profile_note, sizeof an->profile_note,
                 "kernel version %s; using the newest rules (profile %s)",
                 kernel && *kernel ? "not understood" : "unknown", an->profile->name);
    } else {
        snprintf(an->profile_note, sizeof an->profile_note, "rules of profile %s%s%.150s",
                 an->profile->name, warn[0] ? ": " : "", warn);
    }
    snprintf(an->gfp_text, sizeof an->gfp_text, "%s", gfp && *gfp ? gfp : "GFP_KERNEL");
    char gerr[160] = "";
    an->have_gfp = !pa_gfp_parse(an->profile, an->gfp_text, &an->gfp, gerr, sizeof gerr);
    if (!an->have_gfp)
        snprintf(an->gfp_error, sizeof an->gfp_error, "bad gfp '%.40s': %.140s", an->gfp_text,
                 gerr);
    uint64_t page_kb = an->page_size / 1024;
    for (int i = 0; i < pi->nr_zones; i++) {
        const struct pa_proc_zone *z = &pi->zones[i];
        if (!z->have_buddy)
            continue;
        struct pa_an_zone *az = &an->zones[an->nr_zones++];
        az->z = z;
        az->nr_orders = z->nr_orders;
        unsigned max_order = z->nr_orders - 1;
        for (unsigned o = 0; o < z->nr_orders; o++) {
            az->free_pages += z->nr_free[o] << o;
            az->free_kb[o] = (z->nr_free[o] << o) * page_kb;
        }
        uint64_t acc = 0;
        for (unsigned o = z->nr_orders; o-- > 0;) {
            acc += az->free_kb[o];
            az->free_kb_at_or_above[o] = acc;
        }
        for (unsigned o = 0; o < z->nr_orders; o++) {
            az->unusable[o] = pa_unusable_free_index(z->nr_free, max_order, o);
            az->fragindex[o] = pa_fragmentation_index(z->nr_free, max_order, o);
            if (z->have_unusable && o < z->nr_unusable && z->unusable[o] != az->unusable[o])
                az->extfrag_mismatches++;
            if (z->have_extfrag && o < z->nr_extfrag && z->extfrag[o] != az->fragindex[o])
                az->extfrag_mismatches++;
        }
        if (z->have_zoneinfo) {
            az->have_wmarks = true;
            az->headroom_min = (int64_t)z->free_pages - (int64_t)z->wmark_min;
            az->headroom_low = (int64_t)z->free_pages - (int64_t)z->wmark_low;
            az->headroom_high = (int64_t)z->free_pages - (int64_t)z->wmark_high;
        }
        verdicts(an, az);
    }
}

/* ---- printers ----------------------------------------------------------------- */
/* vmstat counters that tell whether high-order allocations have been
   struggling since boot (compaction, direct reclaim, THP fallbacks). */
static const char *const vm_keys[] = {
    "compact_stall", "compact_success", "compact_fail", "compact_daemon_wake",
    "pgmigrate_success", "pgscan_kswapd", "pgscan_direct", "allocstall_normal",
    "allocstall_dma32", "allocstall_movable", "thp_fault_alloc", "thp_fault_fallback",
    "htlb_buddy_alloc_success", "htlb_buddy_alloc_fail", "kswapd_low_wmark_hit_quickly",
};
#define NVM_KEYS (sizeof vm_keys / sizeof vm_keys[0])
static double mib(uint64_t kb) { return (double)kb / 1024.0; }

static void size_text(uint64_t bytes, char *buf, size_t n)
{
    if (bytes >= (1ull << 30) && !(bytes & ((1ull << 30) - 1)))
        snprintf(buf, n, "%" PRIu64 " GiB", bytes >> 30);
    else if (bytes >= (1ull << 20) && !(bytes & ((1ull << 20) - 1)))
        snprintf(buf, n, "%" PRIu64 " MiB", bytes >> 20);
    else
        snprintf(buf, n, "%" PRIu64 " KiB", bytes >> 10);
}

void pa_analysis_order_line(const struct pa_an_zone *az, unsigned order, char *buf, size_t n)
{
    if (!buf || !n)
        return;
    buf[0] = '\0';
    if (!az)
        return;
    const struct pa_proc_zone *z = az->z;
    if (order >= az->nr_orders) {
        snprintf(buf, n, "node %d %s: order %u is above the buddy allocator's largest (%u); "
                         "such pages need a free or movable aligned range (alloc_contig_range)",
                 z->node, z->name, order, az->nr_orders - 1);
        return;
    }
    char u[16], f[16];
    pa_index_format(az->unusable[order], u, sizeof u);
    pa_index_format(az->fragindex[order], f, sizeof f);
    const struct pa_an_verdict *v = &az->verdict[order];
    snprintf(buf, n, "node %d %s: %" PRIu64 " free order-%u blocks, %.1f MiB free at or above, "
                     "unusable index %s, fragmentation index %s%s",
             z->node, z->name, z->nr_free[order], order,
             (double)az->free_kb_at_or_above[order] / 1024, u, f,
             !v->known ? "" : v->ok ? ", watermark ok" : v->slow_ok ? ", watermark ok only at MIN"
                                                                      : ", watermark FAILS");
}

void pa_analysis_print_awk(const struct pa_analysis *an, struct pa_strbuf *out)
{
    if (!an || !an->pi || !out)
        return;
    for (int i = 0; i < an->nr_zones; i++) {
        const struct pa_an_zone *az = &an->zones[i];
        pa_sb_printf(out, "%7.2f MiB Node %d, zone %8s ",
                     (double)(az->free_pages * an->page_size) / 1024 / 1024, az->z->node,
                     az->z->name);
        for (unsigned o = 0; o < az->nr_orders; o++)
            pa_sb_printf(out, "%6" PRIu64 " ", az->z->nr_free[o]);
        pa_sb_putc(out, '\n');
    }
}

static void print_mix(const struct pa_proc_zone *z, struct pa_strbuf *out)
{
    uint64_t total = 0, pages[PA_PROC_MAX_TYPES] = {0};
    bool capped = false;
    for (int t = 0; t < z->nr_types; t++) {
        for (unsigned o = 0; o < PA_PROC_ORDERS; o++)
            pages[t] += z->types[t].nr_free[o] << o;
        total += pages[t];
        capped |= z->types[t].capped != 0;
    }
    pa_sb_printf(out, "  free pages by migratetype%s:", capped ? " (some lists capped: at least)" : "");
    for (int t = 0; t < z->nr_types; t++)
        if (pages[t] || z->types[t].mt == PA_MT_UNMOVABLE || z->types[t].mt == PA_MT_MOVABLE)
            pa_sb_printf(out, " %s %.1f%%", z->types[t].name,
                         total ? 100.0 * (double)pages[t] / (double)total : 0.0);
    pa_sb_putc(out, '\n');
}

void pa_analysis_print_text(const struct pa_analysis *an, struct pa_strbuf *out)
{
    if (!an || !an->pi || !out)
        return;
    const struct pa_procinfo *pi = an->pi;
    pa_sb_printf(out, "# kernel %s, page size %u; %s\n", an->kernel, an->page_size,
                 an->profile_note);
    pa_analysis_print_awk(an, out);
    if (pi->have_vmstat) {
        pa_sb_puts(out, "# since boot (vmstat):");
        for (size_t k = 0; k < NVM_KEYS; k++) {
            uint64_t v;
            if (pa_procinfo_vmstat(pi, vm_keys[k], &v))
                pa_sb_printf(out, " %s %" PRIu64, vm_keys[k], v);
        }
        pa_sb_putc(out, '\n');
    }
    for (int i = 0; i < an->nr_zones; i++) {
        const struct pa_an_zone *az = &an->zones[i];
        const struct pa_proc_zone *z = az->z;
        uint64_t pkb = an->page_size / 1024;
        pa_sb_printf(out, "\nNode %d, zone %s: %.2f MiB free in the buddy lists (%" PRIu64
                          " pages)",
                     z->node, z->name, mib(az->free_pages * pkb), az->free_pages);
        if (z->have_zoneinfo)
            pa_sb_printf(out, "; zoneinfo: free %" PRIu64 " managed %" PRIu64 " present %" PRIu64
                              " spanned %" PRIu64,
                         z->free_pages, z->managed, z->present, z->spanned);
        pa_sb_putc(out, '\n');
        if (az->have_wmarks) {
            pa_sb_printf(out, "  watermarks (pages): min %" PRIu64 " low %" PRIu64 " high %" PRIu64,
                         z->wmark_min, z->wmark_low, z->wmark_high);
            if (z->have_boost)
                pa_sb_printf(out, " (boost %" PRIu64 " included)", z->boost);
            pa_sb_printf(out, "; headroom above min %" PRId64 " (%.1f MiB), low %" PRId64
                              " (%.1f MiB), high %" PRId64 " (%.1f MiB)\n",
                         az->headroom_min, (double)az->headroom_min * (double)pkb / 1024.0,
                         az->headroom_low, (double)az->headroom_low * (double)pkb / 1024.0,
                         az->headroom_high, (double)az->headroom_high * (double)pkb / 1024.0);
            if (z->nr_protection) {
                pa_sb_printf(out, "  lowmem_reserve (pages):");
                for (int k = 0; k < z->nr_protection; k++)
                    pa_sb_printf(out, " %" PRIu64, z->protection[k]);
                pa_sb_putc(out, '\n');
            }
        }
        if (z->have_types)
            print_mix(z, out);
        if (z->have_blocks) {
            pa_sb_printf(out, "  pageblocks:");
            for (int t = 0; t < z->nr_block_types; t++)
                pa_sb_printf(out, " %s %" PRIu64, z->block_type_name[t], z->blocks[t]);
            pa_sb_putc(out, '\n');
        }
        if (az->extfrag_mismatches)
            pa_sb_printf(out, "  note: %d debugfs extfrag values differ from buddyinfo's "
                              "(captured at another moment)\n",
                         az->extfrag_mismatches);
        if (az->nr_orders && !az->verdict[0].known)
            pa_sb_printf(out, "  watermark check per order: ? (%s)\n", az->verdict[0].why);
        pa_sb_printf(out, "  %5s %9s %9s %10s %12s %8s %9s  %s\n", "order", "block", "blocks",
                     "free MiB", "MiB>=order", "unusable", "fragindex", "watermark check");
        for (unsigned o = 0; o < az->nr_orders; o++) {
            char sz[24], u[16], f[16];
            size_text((uint64_t)an->page_size << o, sz, sizeof sz);
            pa_index_format(az->unusable[o], u, sizeof u);
            pa_index_format(az->fragindex[o], f, sizeof f);
            const struct pa_an_verdict *v = &az->verdict[o];
            pa_sb_printf(out, "  %5u %9s %9" PRIu64 " %10.2f %12.2f %8s %9s  %s%s%s\n", o, sz,
                         z->nr_free[o], mib(az->free_kb[o]), mib(az->free_kb_at_or_above[o]), u,
                         f, v->known ? (v->ok ? "ok" : "FAIL") : "?",
                         v->known && !v->ok ? ": " : "", v->known && !v->ok ? v->why : "");
        }
    }
    if (!pi->have_zoneinfo)
        pa_sb_printf(out, "\n# no zoneinfo: watermark headroom and verdicts need it\n");
}

static void json_u64s(struct pa_json *j, const char *key, const uint64_t *v, unsigned n)
{
    if (key)
        pa_json_key(j, key);
    pa_json_begin_array(j);
    for (unsigned i = 0; i < n; i++)
        pa_json_uint(j, v[i]);
    pa_json_end_array(j);
}

static void json_idx(struct pa_json *j, const char *key, const int *v, unsigned n)
{
    pa_json_key(j, key);
    pa_json_begin_array(j);
    for (unsigned i = 0; i < n; i++)
        pa_json_milli(j, v[i]);
    pa_json_end_array(j);
}

void pa_analysis_print_json(const struct pa_analysis *an, struct pa_strbuf *out)
{
    if (!an || !an->pi || !out)
        return;
    struct pa_json j;
    pa_json_init(&j, out);
    pa_json_begin_object(&j);
    pa_json_kv_str(&j, "kernel", an->kernel);
    pa_json_kv_uint(&j, "page_size", an->page_size);
    if (an->pi->have_vmstat) {
        pa_json_key(&j, "vmstat");
        pa_json_begin_object(&j);
        for (size_t k = 0; k < NVM_KEYS; k++) {
            uint64_t v;
            if (pa_procinfo_vmstat(an->pi, vm_keys[k], &v))
                pa_json_kv_uint(&j, vm_keys[k], v);
        }
        pa_json_end_object(&j);
    }
    pa_json_key(&j, "zones");
    pa_json_begin_array(&j);
    for (int i = 0; i < an->nr_zones; i++) {
        const struct pa_an_zone *az = &an->zones[i];
        const struct pa_proc_zone *z = az->z;
        pa_json_next_line(&j); /* one zone a line */
        pa_json_begin_object(&j);
        pa_json_kv_int(&j, "node", z->node);
        pa_json_kv_str(&j, "zone", z->name);
        pa_json_kv_uint(&j, "free_pages", az->free_pages);
        json_u64s(&j, "free_blocks", z->nr_free, az->nr_orders);
        json_u64s(&j, "free_kb", az->free_kb, az->nr_orders);
        json_u64s(&j, "free_kb_at_or_above", az->free_kb_at_or_above, az->nr_orders);
        json_idx(&j, "unusable_index", az->unusable, az->nr_orders);
        json_idx(&j, "fragmentation_index", az->fragindex, az->nr_orders);
        if (az->have_wmarks) {
            pa_json_key(&j, "zoneinfo");
            pa_json_begin_object(&j);
            pa_json_kv_uint(&j, "free_pages", z->free_pages);
            pa_json_kv_uint(&j, "min", z->wmark_min);
            pa_json_kv_uint(&j, "low", z->wmark_low);
            pa_json_kv_uint(&j, "high", z->wmark_high);
            pa_json_kv_uint(&j, "boost", z->boost);
            pa_json_kv_uint(&j, "managed", z->managed);
            pa_json_kv_uint(&j, "present", z->present);
            pa_json_kv_uint(&j, "spanned", z->spanned);
            pa_json_kv_int(&j, "headroom_min", az->headroom_min);
            pa_json_kv_int(&j, "headroom_low", az->headroom_low);
            pa_json_kv_int(&j, "headroom_high", az->headroom_high);
            pa_json_end_object(&j);
            pa_json_key(&j, "watermark_ok");
            pa_json_begin_array(&j);
            for (unsigned o = 0; o < az->nr_orders; o++) {
                const struct pa_an_verdict *v = &az->verdict[o];
                pa_json_begin_object(&j);
                pa_json_kv_uint(&j, "order", o);
                pa_json_key(&j, "ok");
                pa_json_tri(&j, v->known ? v->ok : -1);
                pa_json_key(&j, "slow_path_ok");
                pa_json_tri(&j, v->known ? v->ok || v->slow_ok : -1);
                pa_json_kv_str(&j, "why", v->why);
                pa_json_end_object(&j);
            }
            pa_json_end_array(&j);
        }
        if (z->have_types) {
            pa_json_key(&j, "free_blocks_by_type");
            pa_json_begin_object(&j);
            for (int t = 0; t < z->nr_types; t++)
                json_u64s(&j, z->types[t].name, z->types[t].nr_free, az->nr_orders);
            pa_json_end_object(&j);
        }
        pa_json_end_object(&j);
    }
    pa_json_newline(&j);
    pa_json_end_array(&j);
    pa_json_end_object(&j);
    pa_sb_putc(out, '\n');
}

/* A CSV field in double quotes, its quotes doubled (RFC 4180). */
static void csv_quoted(struct pa_strbuf *out, const char *s)
{
    pa_sb_putc(out, '"');
    for (; *s; s++) {
        if (*s == '"')
            pa_sb_putc(out, '"');
        pa_sb_putc(out, *s);
    }
    pa_sb_putc(out, '"');
}

/* A CSV field that is quoted only when it must be (a comma, quote or newline). */
static void csv_field(struct pa_strbuf *out, const char *s)
{
    if (strpbrk(s, ",\"\r\n"))
        csv_quoted(out, s);
    else
        pa_sb_puts(out, s);
}

/* A Prometheus label value: backslash, quote and newline escaped. */
static const char *prom_label(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    for (; *s && k + 3 < n; s++) {
        if (*s == '\\' || *s == '"' || *s == '\n') {
            buf[k++] = '\\';
            buf[k++] = *s == '\n' ? 'n' : *s;
        } else {
            buf[k++] = *s;
        }
    }
    buf[k] = '\0';
    return buf;
}

void pa_analysis_print_csv(const struct pa_analysis *an, struct pa_strbuf *out)
{
    if (!an || !an->pi || !out)
        return;
    pa_sb_puts(out, "node,zone,order,free_blocks,free_kb,free_kb_at_or_above,unusable_index,"
                    "fragmentation_index,watermark_ok,why\n");
    for (int i = 0; i < an->nr_zones; i++) {
        const struct pa_an_zone *az = &an->zones[i];
        for (unsigned o = 0; o < az->nr_orders; o++) {
            char u[16], f[16];
            const struct pa_an_verdict *v = &az->verdict[o];
            pa_index_format(az->unusable[o], u, sizeof u);
            pa_index_format(az->fragindex[o], f, sizeof f);
            pa_sb_printf(out, "%d,", az->z->node);
            csv_field(out, az->z->name);
            pa_sb_printf(out, ",%u,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%s,%s,%s,", o,
                         az->z->nr_free[o], az->free_kb[o], az->free_kb_at_or_above[o], u, f,
                         v->known ? (v->ok ? "1" : "0") : "");
            csv_quoted(out, v->why);
            pa_sb_putc(out, '\n');
        }
    }
}

/* One gauge per zone and order of an index, in the kernel's x.yyy form. */
static void prom_index(const struct pa_analysis *an, struct pa_strbuf *out, const char *name,
                       const char *help, bool fragindex)
{
    char lab[64];
    pa_sb_printf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
    for (int i = 0; i < an->nr_zones; i++) {
        const struct pa_an_zone *az = &an->zones[i];
        for (unsigned o = 0; o < az->nr_orders; o++) {
            char b[16];
            pa_index_format(fragindex ? az->fragindex[o] : az->unusable[o], b, sizeof b);
            pa_sb_printf(out, "%s{node=\"%d\",order=\"%u\",zone=\"%s\"} %s\n", name,
                         az->z->node, o, prom_label(az->z->name, lab, sizeof lab), b);
        }
    }
}

void pa_analysis_print_prom(const struct pa_analysis *an, struct pa_strbuf *out)
{
    if (!an || !an->pi || !out)
        return;
    char lab[64];
    /* node_exporter's buddyinfo collector: labels node, size (the order), zone. */
    pa_sb_puts(out, "# HELP node_buddyinfo_blocks Count of free blocks according to size.\n"
                    "# TYPE node_buddyinfo_blocks gauge\n");
    for (int i = 0; i < an->nr_zones; i++) {
        const struct pa_an_zone *az = &an->zones[i];
        for (unsigned o = 0; o < az->nr_orders; o++)
            pa_sb_printf(out, "node_buddyinfo_blocks{node=\"%d\",size=\"%u\",zone=\"%s\"} %" PRIu64
                              "\n",
                         az->z->node, o, prom_label(az->z->name, lab, sizeof lab), az->z->nr_free[o]);
    }
    pa_sb_puts(out, "# HELP pagealloc_free_bytes_at_or_above Bytes free in blocks of at least "
                    "this order.\n# TYPE pagealloc_free_bytes_at_or_above gauge\n");
    for (int i = 0; i < an->nr_zones; i++) {
        const struct pa_an_zone *az = &an->zones[i];
        for (unsigned o = 0; o < az->nr_orders; o++)
            pa_sb_printf(out, "pagealloc_free_bytes_at_or_above{node=\"%d\",order=\"%u\",zone=\"%s\"} %" PRIu64 "\n",
                         az->z->node, o, prom_label(az->z->name, lab, sizeof lab), az->free_kb_at_or_above[o] * 1024);
    }
    prom_index(an, out, "pagealloc_unusable_free_index",
               "Share of free memory in blocks smaller than the order (kernel unusable_index, 0..1).",
               false);
    prom_index(an, out, "pagealloc_fragmentation_index",
               "Kernel extfrag_index: -1 a block exists, towards 0 lack of memory, towards 1 "
               "fragmentation.",
               true);
    bool any = false;
    for (int i = 0; i < an->nr_zones; i++)
        any |= an->zones[i].have_wmarks;
    if (any) {
        pa_sb_puts(out, "# HELP pagealloc_watermark_headroom_bytes Free bytes above the zone "
                        "watermark (negative below it).\n"
                        "# TYPE pagealloc_watermark_headroom_bytes gauge\n");
        for (int i = 0; i < an->nr_zones; i++) {
            const struct pa_an_zone *az = &an->zones[i];
            if (!az->have_wmarks)
                continue;
            const char *names[3] = {"min", "low", "high"};
            int64_t h[3] = {az->headroom_min, az->headroom_low, az->headroom_high};
            for (int k = 0; k < 3; k++)
                pa_sb_printf(out, "pagealloc_watermark_headroom_bytes{mark=\"%s\",node=\"%d\",zone=\"%s\"} %" PRId64 "\n",
                             names[k], az->z->node, prom_label(az->z->name, lab, sizeof lab), h[k] * (int64_t)an->page_size);
        }
        pa_sb_puts(out, "# HELP pagealloc_watermark_ok 1 if an allocation of this order would "
                        "pass the era's watermark check now (absent when undecided).\n"
                        "# TYPE pagealloc_watermark_ok gauge\n");
        for (int i = 0; i < an->nr_zones; i++) {
            const struct pa_an_zone *az = &an->zones[i];
            for (unsigned o = 0; o < az->nr_orders; o++)
                if (az->verdict[o].known)
                    pa_sb_printf(out, "pagealloc_watermark_ok{node=\"%d\",order=\"%u\",zone=\"%s\"} %d\n",
                                 az->z->node, o, prom_label(az->z->name, lab, sizeof lab), az->verdict[o].ok);
        }
    }
}
