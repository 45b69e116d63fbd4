/*
 * test_api_args.c - misuse never crashes (issue 13, defect 5): every public
 * function of the headers in include/pagealloc is called with NULL pointers and with
 * out-of-range numbers. Functions that return an error code return
 * PA_EINVAL (or the specific error the header names); functions returning a
 * pointer return NULL, counters 0, predicates false, void functions do
 * nothing. A real machine handed to the bad calls must still pass
 * pa_machine_check() afterwards, unchanged in its free page count.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "pagealloc/analyze.h"
#include "pagealloc/compaction.h"
#include "pagealloc/pbinfer.h"
#include "pagealloc/events.h"
#include "pagealloc/explain.h"
#include "pagealloc/explain_text.h"
#include "pagealloc/json.h"
#include "pagealloc/lru.h"
#include "pagealloc/pageops.h"
#include "pagealloc/fragindex.h"
#include "pagealloc/gfp.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/meminfo.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/pcp.h"
#include "pagealloc/procfs.h"
#include "pagealloc/procparse.h"
#include "pagealloc/profile.h"
#include "pagealloc/report.h"
#include "pagealloc/snapfile.h"
#include "pagealloc/strbuf.h"
#include "pagealloc/watermark.h"
#include "pagealloc/wmark_text.h"

static uint64_t free_pages(const struct pa_machine *m)
{
    uint64_t n = 0;
    for (int i = 0; i < m->nr_zones; i++)
        n += m->zones[i].free_pages;
    return n;
}

static void test_mm_null(void **state)
{
    (void)state;
    struct pa_machine *m = NULL;
    struct pa_machine_config cfg;
    uint64_t pfn = 7, head = 7;
    unsigned order = 7;
    char msg[64];

    assert_non_null(pa_strerror(INT_MIN));
    assert_non_null(pa_errname(INT_MAX));
    assert_non_null(pa_migratetype_name((enum pa_migratetype)1000));
    (void)pa_migratetype_letter((enum pa_migratetype)-1);
    assert_non_null(pa_zone_type_name((enum pa_zone_type)1000));
    assert_non_null(pa_page_kind_name((enum pa_page_kind)1000));
    assert_false(pa_zone_counts_pageblock(NULL, 0));
    pa_config_default_vm(NULL);
    assert_int_equal(pa_config_add_zone(NULL, 0, PA_ZONE_NORMAL, 0, 16), PA_EINVAL);
    assert_int_equal(pa_config_add_hole(NULL, 0, 16), PA_EINVAL);
    assert_int_equal(pa_config_add_reserved(NULL, 0, 16), PA_EINVAL);
    memset(&cfg, 0, sizeof cfg);
    assert_int_equal(pa_config_add_zone(&cfg, 0, (enum pa_zone_type)1000, 0, 16), PA_EINVAL);
    assert_int_equal(pa_config_add_zone(&cfg, -1, PA_ZONE_NORMAL, 0, 16), PA_EINVAL);
    assert_int_equal(pa_machine_create(NULL, &m, msg, sizeof msg), PA_EINVAL);
    assert_null(m);
    pa_config_default_vm(&cfg);
    assert_int_equal(pa_machine_create(&cfg, NULL, NULL, 0), PA_EINVAL);
    cfg.nr_zones = -1;
    assert_int_equal(pa_machine_create(&cfg, &m, NULL, 0), PA_EINVAL);
    cfg.nr_zones = PA_MAX_ZONES + 1;
    assert_int_equal(pa_machine_create(&cfg, &m, NULL, 0), PA_EINVAL);
    pa_config_default_vm(&cfg);
    cfg.nr_holes = -5;
    assert_int_equal(pa_machine_create(&cfg, &m, NULL, 0), PA_EINVAL);
    pa_machine_destroy(NULL);
    assert_non_null(pa_machine_errmsg(NULL));
    assert_int_equal(pa_machine_populated_zones(NULL, NULL, 4), 0);
    assert_null(pa_pfn_to_zone(NULL, 0));
    assert_int_equal(pa_zone_alloc(NULL, 0, PA_MT_MOVABLE, &pfn), PA_EINVAL);
    assert_int_equal(pa_free_pages(NULL, 0, 0), PA_EINVAL);
    assert_int_equal(pa_alloc_pfn(NULL, 0, 0, PA_MT_MOVABLE), PA_EINVAL);
    assert_int_equal(pa_alloc_range(NULL, 0, 1, PA_MT_MOVABLE), PA_EINVAL);
    assert_false(pa_pfn_is_free(NULL, 0, &head, &order));
    assert_int_equal(pa_pageblock_migratetype(NULL, 0), PA_MT_COUNT);
    pa_set_pageblock_migratetype(NULL, 0, PA_MT_MOVABLE);
    assert_int_equal(pa_move_freepages_block(NULL, 0, PA_MT_MOVABLE), 0);
    pa_free_list_del(NULL, 0);
    pa_free_list_add(NULL, 0, 0, PA_MT_MOVABLE, false);
    pa_expand(NULL, 0, 0, 1, PA_MT_MOVABLE);
    pa_mark_allocated(NULL, 0, 0, PA_MT_MOVABLE);
    assert_int_equal(pa_machine_check(NULL, msg, sizeof msg), PA_EINVAL);
    assert_int_equal(pa_zone_free_at_or_above(NULL, 0), 0);
}

/* A real machine and arguments out of range: nothing changes. */
static void test_mm_range(void **state)
{
    (void)state;
    struct pa_machine *m = pa_test_simple(0, 1024, 10);
    struct pa_zone *z = &m->zones[0];
    uint64_t before = free_pages(m), pfn = 0, head;
    unsigned order;

    assert_int_equal(pa_zone_alloc(z, 0, PA_MT_MOVABLE, NULL), PA_EINVAL);
    assert_int_equal(pa_zone_alloc(z, 99, PA_MT_MOVABLE, &pfn), PA_EORDER);
    assert_int_equal(pa_zone_alloc(z, 0, (enum pa_migratetype)1000, &pfn), PA_EINVAL);
    assert_int_equal(pa_free_pages(m, UINT64_MAX, 0), PA_ERANGE);
    assert_int_equal(pa_free_pages(m, 0, UINT_MAX), PA_EORDER);
    assert_int_not_equal(pa_alloc_pfn(m, UINT64_MAX, 0, PA_MT_MOVABLE), PA_OK);
    assert_int_not_equal(pa_alloc_pfn(m, 0, 0, (enum pa_migratetype)1000), PA_OK);
    assert_int_not_equal(pa_alloc_range(m, UINT64_MAX - 1, UINT64_MAX, PA_MT_MOVABLE), PA_OK);
    assert_int_not_equal(pa_alloc_range(m, 10, 5, PA_MT_MOVABLE), PA_OK);
    assert_null(pa_pfn_to_zone(m, UINT64_MAX));
    assert_false(pa_pfn_is_free(m, UINT64_MAX, &head, &order));
    assert_true(pa_pfn_is_free(m, 0, NULL, NULL));
    assert_int_equal(pa_pageblock_migratetype(m, UINT64_MAX), PA_MT_COUNT);
    pa_set_pageblock_migratetype(m, 0, (enum pa_migratetype)1000);
    pa_set_pageblock_migratetype(m, UINT64_MAX, PA_MT_UNMOVABLE);
    assert_int_equal(pa_pageblock_migratetype(m, 0), PA_MT_MOVABLE);
    assert_int_equal(pa_move_freepages_block(m, 0, (enum pa_migratetype)1000), 0);
    assert_int_equal(pa_move_freepages_block(m, UINT64_MAX, PA_MT_UNMOVABLE), 0);
    pa_free_list_del(z, UINT64_MAX);
    pa_free_list_add(z, UINT64_MAX, 0, PA_MT_MOVABLE, false);
    pa_free_list_add(z, 0, 99, PA_MT_MOVABLE, false);
    pa_expand(z, UINT64_MAX, 0, 1, PA_MT_MOVABLE);
    pa_expand(z, 0, 5, 99, PA_MT_MOVABLE);
    pa_mark_allocated(z, UINT64_MAX, 0, PA_MT_MOVABLE);
    pa_mark_allocated(z, 0, 99, (enum pa_migratetype)1000);
    assert_int_equal(pa_zone_free_at_or_above(z, 99), 0);
    assert_int_equal(pa_machine_populated_zones(m, NULL, 4), 0);
    assert_int_equal(pa_machine_populated_zones(m, NULL, -1), 0);

    /* page_alloc.h */
    struct pa_alloc_request rq = {.gfp = 0, .order = 99, .nid = 0, .cpu = -1};
    struct pa_alloc_result res;
    assert_int_equal(pa_alloc_pages(NULL, &rq, &res), PA_EINVAL);
    assert_int_equal(pa_alloc_pages(m, NULL, &res), PA_EINVAL);
    assert_int_not_equal(pa_alloc_pages(m, &rq, &res), PA_OK);
    /* an unknown node is the first node (documented); a cpu without per-CPU
       lists is none: both allocate, and the page is given back */
    rq.order = 0;
    rq.nid = 1000;
    rq.cpu = 5000;
    if (pa_alloc_pages(m, &rq, &res) == PA_OK)
        assert_int_equal(pa_free_pages(m, res.pfn, 0), PA_OK);
    struct pa_zone *zl[4];
    assert_int_equal(pa_zonelist(NULL, 0, zl, 4), 0);
    assert_int_equal(pa_zonelist(m, 0, NULL, 4), 0);
    assert_int_equal(pa_zonelist(m, 0, zl, -1), 0);
    assert_int_equal(pa_zonelist(m, 1000, zl, 4), pa_zonelist(m, 0, zl, 4));
    assert_int_equal(pa_rmqueue(NULL, 0, PA_MT_MOVABLE, 0, &pfn), PA_EINVAL);
    assert_int_equal(pa_rmqueue(z, 0, PA_MT_MOVABLE, 0, NULL), PA_EINVAL);
    assert_int_not_equal(pa_rmqueue(z, 99, PA_MT_MOVABLE, 0, &pfn), PA_OK);
    assert_int_not_equal(pa_rmqueue(z, 0, (enum pa_migratetype)1000, 0, &pfn), PA_OK);
    assert_int_equal(pa_rmqueue_buddy(NULL, 0, PA_MT_MOVABLE, 0, &pfn), PA_EINVAL);
    assert_int_equal(pa_rmqueue_buddy(z, 0, PA_MT_MOVABLE, 0, NULL), PA_EINVAL);
    assert_int_not_equal(pa_rmqueue_buddy(z, 99, (enum pa_migratetype)1000, 0, &pfn), PA_OK);
    assert_false(pa_highatomic_entitled(NULL, 0));
    pa_reserve_highatomic_pageblock(NULL, 0, 0);
    pa_reserve_highatomic_pageblock(z, UINT64_MAX, 0);
    assert_false(pa_unreserve_highatomic_pageblock(NULL, NULL, PA_MT_MOVABLE, true));
    assert_false(pa_unreserve_highatomic_pageblock(m, z, (enum pa_migratetype)1000, true));

    /* pcp.h */
    assert_null(pa_pcp_rules_for((enum pa_pcp_era)1000));
    assert_int_equal(pa_pcp_create(NULL, 1, PA_PCP_ERA_COUNT - 1), PA_EINVAL);
    assert_int_equal(pa_pcp_create(m, 0, 0), PA_EINVAL);
    assert_int_equal(pa_pcp_create(m, 1, (enum pa_pcp_era)1000), PA_EINVAL);
    pa_pcp_destroy(NULL);
    pa_pcp_update_high(NULL);
    pa_pcp_update_high(m); /* no pcp: nothing to do */
    assert_int_equal(pa_pcp_rmqueue(NULL, 0, 0, PA_MT_MOVABLE, 0, &pfn), PA_EINVAL);
    assert_int_equal(pa_pcp_rmqueue(z, 0, 0, PA_MT_MOVABLE, 0, NULL), PA_EINVAL);
    assert_int_equal(pa_free_pages_cpu(NULL, 0, 0, 0), PA_EINVAL);
    assert_int_not_equal(pa_free_pages_cpu(m, -5, UINT64_MAX, 0), PA_OK);
    assert_int_equal(pa_pcp_drain(NULL, 0), 0);
    assert_int_equal(pa_pcp_drain(m, 1000), 0);
    assert_int_equal(pa_pcp_count(NULL, NULL, 0), 0);
    assert_int_equal(pa_pcp_count(m, NULL, 1000), 0);
    assert_int_equal(pa_pcp_create(m, 2, 0), PA_OK);
    assert_int_equal(pa_pcp_rmqueue(z, 1000, 0, PA_MT_MOVABLE, 0, &pfn), PA_EINVAL);
    assert_int_equal(pa_pcp_rmqueue(z, 0, 99, PA_MT_MOVABLE, 0, &pfn), PA_EORDER);
    assert_int_equal(pa_free_pages_cpu(m, 1000, 0, 0), PA_EINVAL);
    assert_int_equal(pa_pcp_drain(m, 1000), 0);
    assert_int_equal(pa_pcp_count(m, z, 1000), 0);

    /* watermark.h on machines and zones */
    struct pa_wmark_state ws;
    pa_wmark_state_from_zone(NULL, &ws);
    pa_wmark_state_from_zone(z, NULL);
    assert_int_equal(pa_zone_wmark_pages(NULL, NULL), 0);
    assert_int_equal(pa_setup_per_zone_wmarks(NULL, NULL), PA_EINVAL);
    uint64_t mark[PA_NR_WMARK];
    pa_empty_zone_wmarks(NULL, PA_ZONE_NORMAL, mark);
    pa_empty_zone_wmarks(m, (enum pa_zone_type)1000, mark);
    pa_empty_zone_wmarks(m, PA_ZONE_NORMAL, NULL);
    pa_setup_lowmem_reserve(NULL, NULL);
    pa_setup_lowmem_reserve(m, NULL);
    assert_int_equal(pa_setup_zone_migrate_reserve(NULL), 0);
    assert_int_equal(pa_highatomic_limit(NULL, NULL, 9), 0);
    assert_false(pa_boost_watermark(NULL));

    /* meminfo.h, procfs.h */
    struct pa_strbuf sb = PA_STRBUF_INIT;
    assert_int_equal(pa_mem_available(NULL, NULL), 0);
    pa_print_meminfo(NULL, NULL, &sb);
    pa_print_meminfo(m, NULL, NULL);
    pa_print_vmstat(NULL, NULL, &sb);
    pa_print_zoneinfo(NULL, NULL, 0, NULL, NULL, NULL, &sb);
    pa_print_zoneinfo(m, NULL, -3, NULL, NULL, NULL, &sb);
    pa_print_free(NULL, NULL, 99, &sb);
    pa_print_buddyinfo(NULL, &sb);
    pa_print_buddyinfo(m, NULL);
    pa_print_pagetypeinfo(NULL, &sb);
    pa_print_pagetypeinfo(m, NULL);
    pa_sb_free(&sb);

    char msg[256];
    if (pa_machine_check(m, msg, sizeof msg))
        fail_msg("after misuse: %s", msg);
    assert_int_equal(free_pages(m), before);
    pa_pcp_destroy(m);
    pa_machine_destroy(m);
}

static void test_formats_null(void **state)
{
    (void)state;
    const struct pa_profile *p = pa_profile_latest();
    uint64_t raw = 1, lost;
    char buf[64];
    struct pa_strbuf sb = PA_STRBUF_INIT;

    /* explain.h */
    assert_non_null(pa_explain_cause_name((enum pa_explain_cause)1000));
    struct pa_explain_result er;
    assert_int_equal(pa_explain(NULL, &er), PA_EINVAL);
    assert_int_equal(pa_explain(NULL, NULL), PA_EINVAL);
    pa_explain_free(NULL);
    /* fragindex.h */
    struct pa_contig_info ci;
    uint64_t nr_free[PA_ORDER_CAP + 1] = {0};
    pa_contig_info(NULL, 10, 0, &ci);
    pa_contig_info(nr_free, 10, 0, NULL);
    pa_contig_info(nr_free, 1000, 2000, &ci);
    assert_int_equal(pa_fragmentation_index(NULL, 10, 0), PA_EINVAL);
    assert_int_equal(pa_fragmentation_index(nr_free, 1000, 0), PA_EINVAL);
    assert_int_equal(pa_unusable_free_index(NULL, 10, 0), PA_EINVAL);
    assert_int_equal(pa_unusable_free_index(nr_free, 10, 99), 1000); /* no block that large */
    assert_int_equal(pa_extfrag_for_order(NULL, 10, 0), PA_EINVAL);
    pa_index_format(INT_MIN, buf, sizeof buf);
    pa_index_format(0, NULL, 10);
    /* gfp.h */
    assert_int_equal(pa_gfp_name_mask(NULL, NULL), 0);
    assert_non_null(pa_gfp_flag_name((enum pa_gfp_flag)1000));
    assert_int_equal(pa_gfp_bit(NULL, 0), 0);
    assert_int_equal(pa_gfp_bit(p, (enum pa_gfp_flag)1000), 0);
    assert_false(pa_gfp_composite_value(NULL, "GFP_KERNEL", &raw));
    assert_false(pa_gfp_composite_value(p, NULL, &raw));
    assert_true(pa_gfp_composite_value(p, "GFP_KERNEL", NULL)); /* only asks */
    assert_int_equal(pa_gfp_unknown_bits(NULL, 1), 1); /* no layout: every bit unknown */
    assert_int_equal(pa_gfp_parse(NULL, "GFP_KERNEL", &raw, buf, sizeof buf), PA_EINVAL);
    assert_int_equal(pa_gfp_parse(p, NULL, &raw, buf, sizeof buf), PA_EINVAL);
    assert_int_equal(pa_gfp_parse(p, "GFP_KERNEL", NULL, NULL, 0), PA_EINVAL);
    pa_gfp_format(NULL, 1, &sb);
    pa_gfp_format(p, 1, NULL);
    pa_gfp_format_header(NULL, 1, &sb);
    pa_gfp_format_header(p, 1, NULL);
    assert_int_equal(pa_gfp_translate(NULL, 1, p, &lost), 0);
    assert_int_equal(pa_gfp_translate(p, 1, NULL, NULL), 0);
    (void)pa_gfp_zone(NULL, 1);
    (void)pa_gfp_classzone(NULL, 1, NULL);
    (void)pa_gfp_classzone(p, 1, NULL);
    (void)pa_gfp_migratetype(NULL, 1);
    struct pa_alloc_ctx ctx;
    pa_alloc_ctx_default(NULL, 1, &ctx);
    pa_alloc_ctx_default(p, 1, NULL);
    assert_int_equal(pa_gfp_to_alloc_flags(NULL, 1, 0, false), 0);
    assert_int_equal(pa_gfp_to_alloc_flags_ctx(NULL, 1, 0, false, NULL), 0);
    (void)pa_gfp_to_alloc_flags_ctx(p, 1, 0, true, NULL);
    assert_false(pa_gfp_can_direct_reclaim(NULL, ~0ull));
    assert_false(pa_gfp_can_wake_kswapd(NULL, ~0ull));
    assert_false(pa_gfp_is_atomic(NULL, ~0ull));
    assert_false(pa_gfp_can_compact(NULL, ~0ull));
    assert_false(pa_gfp_may_oom(NULL, ~0ull, 0));
    assert_false(pa_gfp_is_thp(NULL, ~0ull));
    /* procparse.h */
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_diag d;
    pa_diag_format(NULL, buf, sizeof buf);
    pa_diag_format(&d, NULL, 0);
    pa_procinfo_init(NULL);
    pa_procinfo_init(pi);
    assert_int_equal(pa_parse_buddyinfo(NULL, "x", 1, "f", &d), PA_EINVAL);
    assert_int_equal(pa_parse_buddyinfo(pi, NULL, 1, "f", &d), PA_EINVAL);
    assert_int_equal(pa_parse_pagetypeinfo(NULL, "x", 1, "f", &d), PA_EINVAL);
    assert_int_equal(pa_parse_pagetypeinfo(pi, NULL, 1, NULL, NULL), PA_EINVAL);
    assert_int_equal(pa_parse_zoneinfo(NULL, "x", 1, "f", &d), PA_EINVAL);
    assert_int_equal(pa_parse_zoneinfo(pi, NULL, 1, NULL, NULL), PA_EINVAL);
    assert_int_equal(pa_parse_vmstat(NULL, "x", 1, "f", &d), PA_EINVAL);
    assert_int_equal(pa_parse_vmstat(pi, NULL, 1, NULL, NULL), PA_EINVAL);
    assert_int_equal(pa_parse_extfrag(NULL, true, "x", 1, "f", &d), PA_EINVAL);
    assert_int_equal(pa_parse_extfrag(pi, false, NULL, 1, NULL, NULL), PA_EINVAL);
    assert_null(pa_procinfo_zone(NULL, 0, "Normal"));
    assert_null(pa_procinfo_zone(pi, 0, NULL));
    assert_null(pa_procinfo_zone_c(NULL, 0, "Normal"));
    assert_null(pa_procinfo_zone_c(pi, 0, NULL));
    assert_false(pa_procinfo_vmstat(NULL, "nr_free_pages", &raw));
    assert_false(pa_procinfo_vmstat(pi, NULL, &raw));
    assert_int_equal(pa_migratetype_from_name(NULL), -1);
    assert_int_equal(pa_zone_type_from_name(NULL), -1);
    free(pi);
    /* profile.h */
    assert_null(pa_profile_for_version(NULL, buf, sizeof buf));
    assert_null(pa_profile_by_name(NULL));
    assert_non_null(pa_profile_list(NULL));
    assert_non_null(pa_wmark_rule_name((enum pa_wmark_rule)1000));
    assert_non_null(pa_alloc_rule_name((enum pa_alloc_rule)1000));
    assert_non_null(pa_fallback_rule_name((enum pa_fallback_rule)1000));
    /* report.h */
    struct pa_report_set set;
    struct pa_report_diag rd;
    assert_non_null(pa_rz_field_name((enum pa_rz_field)1000));
    assert_int_equal(pa_report_parse(NULL, 5, &set, &rd), PA_EINVAL);
    assert_int_equal(pa_report_parse("x", 1, NULL, &rd), PA_EINVAL);
    pa_report_set_free(NULL);
    assert_null(pa_report_find_zone(NULL, 0, PA_ZONE_NORMAL));
    assert_int_equal(pa_report_zone_pages_at_or_above(NULL, 0), 0);
    pa_report_explain_zones(NULL, 4, NULL, buf, sizeof buf);
    struct pa_explain_in ein;
    assert_int_equal(pa_report_explain_input(NULL, p, -1, NULL, 4, &ein, buf, sizeof buf),
                     PA_EINVAL);
    /* snapfile.h */
    struct pa_snapfile *sf = (struct pa_snapfile *)&sf;
    struct pa_machine *m = (struct pa_machine *)&m;
    assert_int_equal(pa_snapfile_parse(NULL, 1, "f", &sf, &d), PA_EINVAL);
    assert_int_equal(pa_snapfile_parse("x", 1, "f", NULL, &d), PA_EINVAL);
    pa_snapfile_free(NULL);
    assert_int_equal(pa_snapfile_machine(NULL, p, &m, NULL, buf, sizeof buf), PA_EINVAL);
    /* strbuf.h */
    pa_sb_printf(NULL, "%d", 1);
    pa_sb_puts(NULL, "x");
    pa_sb_puts(&sb, NULL);
    pa_sb_putc(NULL, 'x');
    pa_sb_json_str(NULL, "x");
    pa_sb_json_str(&sb, NULL);
    assert_non_null(pa_sb_str(NULL));
    pa_sb_reset(NULL);
    pa_sb_free(NULL);
    pa_sb_free(&sb);
    /* watermark.h, pure */
    struct pa_wmark_state ws;
    memset(&ws, 0, sizeof ws);
    assert_int_equal(pa_alloc_flags_kernel(NULL, 1), 0);
    assert_non_null(pa_alloc_flags_names(NULL, 1, buf, sizeof buf));
    assert_int_equal(pa_mt_mask_from_letters(NULL, "UM"), -1);
    assert_int_equal(pa_mt_mask_from_letters(p, NULL), -1);
    assert_int_equal(pa_wmark_mark(NULL, &ws, 0), 0);
    assert_int_equal(pa_wmark_mark(p, NULL, 0), 0);
    assert_false(pa_watermark_ok(NULL, &ws, 0, 0, 0, 0, NULL));
    assert_false(pa_watermark_ok(p, NULL, 0, 0, 0, 0, NULL));
    assert_false(pa_watermark_ok(p, &ws, 99, 0, 0, 0, NULL));
    assert_false(pa_watermark_ok(p, &ws, 0, 0, 1000, 0, NULL));
    assert_false(pa_watermark_fast(NULL, &ws, 0, 0, 0, 0, NULL));
    assert_false(pa_watermark_fast(p, NULL, 0, 0, 0, 0, NULL));
    pa_wmark_trace_format(NULL, "", &sb);
    assert_int_equal(pa_min_free_kbytes_default(NULL, 1 << 20), 0);
    (void)pa_thp_recommended_min_free_kbytes(0, 99, UINT64_MAX);
    pa_sb_free(&sb);
}

/* The headers added with the engine's own pages (LRU, page ops, events) and
   the format layer's text and JSON writers. */
static void test_newer_null(void **state)
{
    (void)state;
    struct pa_machine *m = pa_test_simple(0, 1024, 10);
    uint64_t before = free_pages(m);
    struct pa_pfnlist l;
    memset(&l, 0, sizeof l);

    /* events.h */
    pa_machine_set_event_cb(NULL, NULL, NULL);
    assert_non_null(pa_event_name((enum pa_event_type)1000));
    /* lru.h */
    assert_non_null(pa_lru_list_name((enum pa_lru_list)1000));
    assert_null(pa_pfn_lruvec(NULL, 0));
    assert_null(pa_pfn_lruvec(m, UINT64_MAX));
    (void)pa_page_lru(NULL);
    assert_int_equal(pa_lru_add(NULL, 0, false), PA_EINVAL);
    assert_int_not_equal(pa_lru_add(m, UINT64_MAX, false), PA_OK);
    assert_int_not_equal(pa_lru_add(m, 0, false), PA_OK); /* a free page */
    assert_int_equal(pa_lru_del(NULL, 0), PA_EINVAL);
    assert_int_not_equal(pa_lru_del(m, UINT64_MAX), PA_OK);
    assert_int_equal(pa_mark_page_accessed(NULL, 0), PA_EINVAL);
    assert_int_not_equal(pa_mark_page_accessed(m, UINT64_MAX), PA_OK);
    assert_int_equal(pa_lru_activate(NULL, 0), PA_EINVAL);
    assert_int_not_equal(pa_lru_activate(m, UINT64_MAX), PA_OK);
    assert_int_equal(pa_lru_deactivate(NULL, 0), PA_EINVAL);
    assert_int_not_equal(pa_lru_deactivate(m, UINT64_MAX), PA_OK);
    assert_int_equal(pa_lru_rotate(NULL, 0), PA_EINVAL);
    assert_int_not_equal(pa_lru_rotate(m, UINT64_MAX), PA_OK);
    assert_int_equal(pa_lru_isolate(NULL, 0, &l), PA_EINVAL);
    assert_int_not_equal(pa_lru_isolate(m, 0, NULL), PA_OK);
    assert_int_not_equal(pa_lru_isolate(m, UINT64_MAX, &l), PA_OK);
    assert_int_equal(pa_lruvec_isolate(NULL, NULL, PA_LRU_INACTIVE_ANON, 5, &l), 0);
    assert_int_equal(pa_lruvec_isolate(m, NULL, PA_LRU_INACTIVE_ANON, 5, &l), 0);
    assert_int_equal(pa_lru_putback(NULL, 0, &l), PA_EINVAL);
    assert_int_not_equal(pa_lru_putback(m, UINT64_MAX, &l), PA_OK);
    assert_int_equal(pa_lru_putback_list(NULL, &l), 0);
    assert_int_equal(pa_lru_putback_list(m, NULL), 0);
    assert_int_equal(pa_machine_lru_pages(NULL, PA_LRU_INACTIVE_ANON), 0);
    assert_int_equal(pa_machine_lru_pages(m, (enum pa_lru_list)1000), 0);
    /* pageops.h */
    assert_int_equal(pa_machine_set_page_ops(NULL, PA_KIND_ANON, NULL, NULL), PA_EINVAL);
    assert_int_equal(pa_machine_set_page_ops(m, (enum pa_page_kind)1000, NULL, NULL),
                     PA_EINVAL);
    assert_int_equal(pa_page_set_owner(NULL, 0, PA_KIND_ANON, 1), PA_EINVAL);
    assert_int_not_equal(pa_page_set_owner(m, UINT64_MAX, PA_KIND_ANON, 1), PA_OK);
    assert_int_not_equal(pa_page_set_owner(m, 0, (enum pa_page_kind)1000, 1), PA_OK);
    assert_false(pa_kind_movable(NULL, PA_KIND_ANON));
    assert_false(pa_kind_movable(m, (enum pa_page_kind)1000));
    assert_false(pa_kind_reclaimable(NULL, PA_KIND_ANON));
    assert_false(pa_kind_reclaimable(m, (enum pa_page_kind)1000));
    assert_int_equal(pa_page_set_dirty(NULL, 0, true), PA_EINVAL);
    assert_int_not_equal(pa_page_set_dirty(m, UINT64_MAX, true), PA_OK);
    assert_int_equal(pa_page_end_writeback(NULL, 0), PA_EINVAL);
    assert_int_not_equal(pa_page_end_writeback(m, UINT64_MAX), PA_OK);
    assert_int_equal(pa_page_start_writeback(NULL, 0), PA_EINVAL);
    assert_int_not_equal(pa_page_start_writeback(m, UINT64_MAX), PA_OK);
    assert_int_equal(pa_page_set_unevictable(NULL, 0, true), PA_EINVAL);
    assert_int_not_equal(pa_page_set_unevictable(m, UINT64_MAX, true), PA_OK);
    assert_int_equal(pa_migrate_page(NULL, 0, 1, &l), PA_EINVAL);
    assert_int_not_equal(pa_migrate_page(m, UINT64_MAX, 0, &l), PA_OK);
    assert_int_not_equal(pa_migrate_page(m, 0, UINT64_MAX, &l), PA_OK);
    assert_int_equal(pa_reclaim_page(NULL, 0, &l), PA_EINVAL);
    assert_int_not_equal(pa_reclaim_page(m, UINT64_MAX, &l), PA_OK);
    char msg[256];
    if (pa_machine_check(m, msg, sizeof msg))
        fail_msg("after misuse of the LRU and page ops: %s", msg);
    assert_int_equal(free_pages(m), before);
    pa_machine_destroy(m);

    /* explain_text.h, wmark_text.h */
    struct pa_explain_text et;
    assert_int_equal(pa_explain_text(NULL, NULL, &et), PA_EINVAL);
    assert_int_equal(pa_explain_text(NULL, NULL, NULL), PA_EINVAL);
    pa_explain_text_free(NULL);
    char buf[64];
    assert_non_null(pa_wmark_step_text(NULL, 0, buf, sizeof buf));
    assert_non_null(pa_wmark_step_text(NULL, 0, NULL, 0));
    /* analyze.h */
    struct pa_analysis *an = calloc(1, sizeof *an);
    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_analyze(NULL, 4096, "5.15", an);
    pa_analyze(NULL, 4096, NULL, NULL);
    pa_analyze_gfp(NULL, 4096, "5.15", "GFP_KERNEL", an);
    pa_analyze_gfp(NULL, 0, NULL, NULL, NULL);
    pa_analysis_print_text(NULL, &sb);
    pa_analysis_print_text(an, NULL);
    pa_analysis_print_json(NULL, &sb);
    pa_analysis_print_csv(NULL, &sb);
    pa_analysis_print_prom(NULL, &sb);
    pa_analysis_print_awk(NULL, &sb);
    pa_analysis_order_line(NULL, 0, buf, sizeof buf);
    pa_analysis_order_line(NULL, 99, NULL, 0);
    free(an);
    /* json.h */
    struct pa_json j;
    pa_json_init(NULL, &sb);
    pa_json_init(&j, NULL);
    pa_json_begin_object(NULL);
    pa_json_end_object(NULL);
    pa_json_begin_array(NULL);
    pa_json_end_array(NULL);
    pa_json_next_line(NULL);
    pa_json_newline(NULL);
    pa_json_key(NULL, "k");
    pa_json_str(NULL, "s");
    pa_json_strf(NULL, "%d", 1);
    pa_json_int(NULL, 1);
    pa_json_uint(NULL, 1);
    pa_json_bool(NULL, true);
    pa_json_null(NULL);
    pa_json_milli(NULL, 1);
    pa_json_tri(NULL, 1);
    pa_json_kv_str(NULL, "k", "s");
    pa_json_kv_int(NULL, "k", 1);
    pa_json_kv_uint(NULL, "k", 1);
    pa_json_kv_bool(NULL, "k", true);
    /* a writer closing more than it opened, or nesting past its depth */
    pa_json_init(&j, &sb);
    pa_json_end_object(&j);
    pa_json_end_array(&j);
    for (int i = 0; i < 100; i++)
        pa_json_begin_array(&j);
    pa_json_key(&j, NULL);
    pa_json_str(&j, NULL);
    pa_json_kv_str(&j, NULL, NULL);
    pa_sb_free(&sb);
}

/* Compaction (compaction.h), pageblock inference (pbinfer.h) and the report
   and snapshot additions. */
static void test_compaction_null(void **state)
{
    (void)state;
    struct pa_machine *m = pa_test_simple(0, 1024, 10);
    struct pa_zone *z = &m->zones[0];
    uint64_t before = free_pages(m);
    const struct pa_profile *p = pa_profile_latest();
    struct pa_wmark_state ws;
    memset(&ws, 0, sizeof ws);
    char buf[128], why[128];

    assert_non_null(pa_compact_result_name((enum pa_compact_result)1000));
    (void)pa_compaction_suitable(NULL, &ws, 3, 0, 0, false, 500);
    (void)pa_compaction_suitable(p, NULL, 3, 0, 0, false, 500);
    (void)pa_compaction_suitable(p, &ws, 99, 1000, 0, false, 500);
    pa_defer_compaction(NULL, 3);
    pa_defer_compaction(&z->compact, 99);
    assert_false(pa_compaction_deferred(NULL, 3));
    (void)pa_compaction_deferred(&z->compact, 99);
    pa_compaction_defer_reset(NULL, 3, true);
    pa_compaction_defer_reset(&z->compact, 99, false);
    assert_false(pa_compaction_restarting(NULL, 3));
    (void)pa_compaction_restarting(&z->compact, 99);
    (void)pa_compact_prio_mode((enum pa_compact_priority)1000);
    pa_compact_release_held(NULL, NULL, true);
    pa_compact_release_held(m, NULL, true);
    pa_compact_control_whole_zone(NULL);
    (void)pa_compact_zone(NULL, NULL);
    assert_int_equal(pa_compact_memory(NULL), 0);
    struct pa_zone *zo = z;
    assert_int_equal(pa_try_to_compact_pages(NULL, 0, 3, 0, PA_MT_MOVABLE, 2,
                                             PA_COMPACT_PRIO_ASYNC, &zo),
                     PA_EINVAL);
    assert_int_not_equal(pa_try_to_compact_pages(m, 1000, 99, 0, (enum pa_migratetype)1000,
                                                 1000, (enum pa_compact_priority)1000, NULL),
                         PA_OK);
    pa_compact_account(NULL, true);
    assert_int_equal(pa_compact_node_score(NULL, 0), 0);
    (void)pa_compact_node_score(m, 1000);
    unsigned lo, hi;
    pa_compact_proactive_wmarks(1000, &lo, &hi);
    pa_compact_proactive_wmarks(20, NULL, NULL);
    /* kcompactd and proactive compaction (the simple machine's profile has
       no compaction: nothing runs) */
    assert_non_null(pa_compact_origin_name((enum pa_compact_origin)1000));
    assert_int_equal(pa_compact_zone_score(NULL), 0);
    assert_false(pa_wakeup_kcompactd(NULL, 0, 9, 2));
    assert_false(pa_wakeup_kcompactd(m, 1000, 1000, 1000));
    assert_false(pa_wakeup_kcompactd(m, 0, 9, -1));
    pa_kswapd_sleep_compaction(NULL, 0, 9, 2);
    pa_kswapd_sleep_compaction(m, 1000, 1000, 1000);
    assert_int_equal(pa_kcompactd_run(NULL, 0), 0);
    assert_int_equal(pa_kcompactd_run(m, 1000), 0);
    uint64_t mv = 1;
    assert_false(pa_kcompactd_proactive(NULL, 0, &mv));
    assert_int_equal(mv, 0);
    assert_false(pa_kcompactd_proactive(m, 1000, NULL));
    char msg[256];
    if (pa_machine_check(m, msg, sizeof msg))
        fail_msg("after misuse of compaction: %s", msg);
    assert_int_equal(free_pages(m), before);
    pa_machine_destroy(m);

    /* pbinfer.h */
    struct pa_pbinfer_result res;
    uint64_t want[PA_MT_COUNT] = {0};
    uint8_t mt[4];
    assert_int_equal(pa_pbinfer(NULL, 4, 11, want, NULL, mt, &res), PA_EINVAL);
    struct pa_pb_feat pb[4];
    memset(pb, 0, sizeof pb);
    assert_int_equal(pa_pbinfer(pb, 4, 1000, want, NULL, mt, &res), PA_EINVAL);
    assert_int_equal(pa_pbinfer(pb, 4, 11, NULL, NULL, NULL, NULL), PA_EINVAL);
    /* report.h, snapfile.h additions */
    struct pa_report_set set;
    struct pa_report_diag rd;
    assert_int_equal(pa_report_parse_ex(NULL, 5, 0, &set, &rd), PA_EINVAL);
    assert_int_equal(pa_report_parse_ex("x", 1, 0, NULL, &rd), PA_EINVAL);
    assert_false(pa_report_guess_version(NULL, buf, sizeof buf, why, sizeof why));
    pa_report_zone_missing_fields(NULL, buf, sizeof buf);
    pa_report_zone_missing_fields(NULL, NULL, 0);
    struct pa_zone_orders zord;
    pa_report_zone_orders(NULL, NULL, &zord);
    pa_report_zone_orders(p, NULL, NULL);
    assert_int_equal(pa_snapfile_set_kinds(NULL, NULL), PA_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mm_null),
        cmocka_unit_test(test_mm_range),
        cmocka_unit_test(test_formats_null),
        cmocka_unit_test(test_newer_null),
        cmocka_unit_test(test_compaction_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
