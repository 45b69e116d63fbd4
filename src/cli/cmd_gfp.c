/*
 * cmd_gfp.c - `pagealloc gfp MODE [--kernel VERSION]`: what a GFP mode means
 * on a given kernel, the job of the kernel's scripts/gfp-translate without a
 * kernel tree: the flag names as that kernel prints them, the zones the
 * request may use, its migratetype, and the ALLOC flags of the fast and slow
 * paths with the watermark each path checks (kernel-semantics 10, 1.2, 5.3,
 * 3.5). Everything is computed by the library (pagealloc/gfp.h); this file
 * only parses options and prints.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "cli/cli.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/json.h"
#include "pagealloc/profile.h"
#include "pagealloc/strbuf.h"
#include "pagealloc/watermark.h"

static void help(FILE *f)
{
    fputs("usage: pagealloc gfp MODE [--kernel VERSION] [--order N] [--to VERSION] [--json]\n"
          "       pagealloc gfp --list-kernels\n\n"
          "Decode a GFP mode as the named kernel does: its flag names (printed the way\n"
          "that kernel prints them), the zones the request may use, its migratetype,\n"
          "the ALLOC flags of the fast path (LOW watermark) and of the slow path (MIN),\n"
          "and what the slow path may do (sleep, wake kswapd, compact, OOM-kill).\n\n"
          "MODE is a number (0xd0, 208), a number with names as in a failure header\n"
          "(0x40dc0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO)), or names (GFP_KERNEL|__GFP_COMP,\n"
          "as in a tracepoint's gfp_flags=). The prefixes mode: and gfp_flags= are accepted.\n\n"
          "  --kernel VERSION  kernel whose bit layout and rules apply: uname -r text\n"
          "                    (2.6.32-642.el6.x86_64, 5.15.0-91-generic, 4.14) or a profile\n"
          "                    name; default: the running kernel\n"
          "  --order N         request order for the ALLOC flags (default 0)\n"
          "  --to VERSION      also show the same request in another kernel's layout\n"
          "  --json            machine-readable output\n"
          "  --list-kernels    list the modelled kernel eras (profiles)\n\n"
          "Exit status: 0 decoded, 1 the mode is invalid for the kernel (two zone\n"
          "modifiers), 2 bad input.\n",
          f);
}

/* Zones the request may use, highest first, as an x86_64 zonelist has them
   (no HighMem on x86_64, Movable only for HIGHMEM|MOVABLE requests). */
static bool zonelist_has(int t)
{
    return t != PA_ZONE_HIGHMEM && t != PA_ZONE_DEVICE;
}

static void zones_text(enum pa_zone_type hz, struct pa_strbuf *sb)
{
    bool first = true;
    for (int t = (int)hz; t >= 0; t--) {
        if (!zonelist_has(t))
            continue;
        pa_sb_printf(sb, "%s%s", first ? "" : ", ", pa_zone_type_name((enum pa_zone_type)t));
        first = false;
    }
}

/* {"canonical": N, "kernel": "0x..", "names": ".."} of a set of ALLOC flags */
static void alloc_json(struct pa_json *j, const char *key, const struct pa_profile *p,
                       unsigned flags, const char *names)
{
    pa_json_key(j, key);
    pa_json_begin_object(j);
    pa_json_kv_uint(j, "canonical", flags);
    pa_json_key(j, "kernel");
    pa_json_strf(j, "0x%x", pa_alloc_flags_kernel(p, flags));
    pa_json_kv_str(j, "names", names);
    pa_json_end_object(j);
}

/* What the slow path's ALLOC flags do to the MIN watermark in this era
   (3.1 - 3.4), in words. */
static const char *reduction_text(const struct pa_profile *p, unsigned f)
{
    if (f & PA_ALLOC_NO_WATERMARKS)
        return "no watermark at all (ALLOC_NO_WATERMARKS)";
    if (p->wmark_rule == PA_WMARK_RULE_RESERVES) {
        if ((f & PA_ALLOC_MIN_RESERVE) && (f & PA_ALLOC_NON_BLOCK))
            return "MIN - MIN/2 - (rest)/4 = 37.5% of MIN; highatomic pages count";
        if (f & PA_ALLOC_MIN_RESERVE)
            return "MIN - MIN/2; highatomic pages count";
        if (f & PA_ALLOC_OOM)
            return "MIN - MIN/2 (OOM victim); highatomic pages count";
        if (f & PA_ALLOC_NON_BLOCK)
            return "full MIN, but free highatomic pages count as free";
        return "full MIN; free highatomic pages are not counted";
    }
    bool high = f & PA_ALLOC_HIGH, harder = f & PA_ALLOC_HARDER;
    bool ha = p->wmark_highatomic != PA_HA_COUNT_NONE;
    if (high && harder)
        return ha ? "MIN - MIN/2 - (rest)/4 = 37.5% of MIN; highatomic reserve counts"
                  : "MIN - MIN/2 - (rest)/4 = 37.5% of MIN";
    if (high)
        return ha ? "MIN - MIN/2; highatomic reserve not counted" : "MIN - MIN/2";
    if (harder)
        return ha ? "MIN - MIN/4; highatomic reserve counts" : "MIN - MIN/4";
    return ha ? "full MIN; highatomic reserve not counted" : "full MIN";
}

static void list_kernels(void)
{
    size_t n;
    const struct pa_profile *const *all = pa_profile_list(&n);
    printf("%-10s %-16s %-16s %s\n", "PROFILE", "FIRST", "LAST", "WHAT CHANGED");
    for (size_t i = 0; i < n; i++)
        printf("%-10s %-16s %-16s %s\n", all[i]->name, all[i]->first_version,
               all[i]->last_version[0] ? all[i]->last_version : "(newest)", all[i]->summary);
}

static const char *yn(bool b)
{
    return b ? "yes" : "no";
}

static int cmd_gfp(int argc, char **argv)
{
    static const struct option opts[] = {
        {"kernel", required_argument, 0, 'k'}, {"order", required_argument, 0, 'o'},
        {"to", required_argument, 0, 't'},     {"json", no_argument, 0, 'j'},
        {"list-kernels", no_argument, 0, 'l'}, {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *kernel = NULL, *to_kernel = NULL;
    unsigned order = 0;
    bool json = false, list = false;
    int c;

    optind = 1;
    while ((c = pa_cli_getopt(argc, argv, "hk:o:t:j", opts)) != -1) {
        switch (c) {
        case 'k': kernel = optarg; break;
        case 'o': order = pa_cli_order("--order", optarg, 10); break;
        case 't': to_kernel = optarg; break;
        case 'j': json = true; break;
        case 'l': list = true; break;
        case 'h': help(stdout); return PA_EXIT_OK;
        default: help(stderr); return PA_EXIT_BAD;
        }
    }
    if (list) {
        /* 'gfp 0xd0 --list-kernels' listed and ignored the MODE */
        if (optind < argc || kernel || to_kernel || json) {
            pa_cli_usage_err("--list-kernels takes no MODE and no other option");
        }
        list_kernels();
        return PA_EXIT_OK;
    }
    if (optind >= argc)
        pa_cli_usage_err("expected a MODE (GFP_KERNEL, 0xd0, ...)");
    if (optind + 1 < argc)
        pa_cli_usage_err("unexpected argument '%s' (one MODE at a time)", argv[optind + 1]);
    const char *mode = argv[optind];

    struct utsname u;
    bool running = false;
    if (!kernel) {
        if (uname(&u) != 0) {
            pa_cli_err("gfp: cannot read the running kernel's version; give --kernel");
            return PA_EXIT_BAD;
        }
        kernel = u.release;
        running = true;
    }
    char warn[256];
    const struct pa_profile *p = pa_profile_for_version(kernel, warn, sizeof warn);
    if (!p && !running)
        pa_cli_usage_err("--kernel: %s", warn);
    if (!p) {
        pa_cli_err("gfp: the running kernel %s: %s; give --kernel", kernel, warn);
        return PA_EXIT_BAD;
    }
    if (warn[0])
        fprintf(stderr, "pagealloc: warning: %s\n", warn);
    const struct pa_profile *to = NULL;
    if (to_kernel) {
        char w2[256];
        to = pa_profile_for_version(to_kernel, w2, sizeof w2);
        if (!to) {
            pa_cli_usage_err("--to: %s", w2);
        }
        if (w2[0])
            fprintf(stderr, "pagealloc: warning: %s\n", w2);
    }

    uint64_t raw;
    char err[256];
    if (pa_gfp_parse(p, mode, &raw, err, sizeof err)) {
        pa_cli_err_at("MODE", 1, "%s", err);
        return PA_EXIT_BAD;
    }

    struct pa_strbuf names = PA_STRBUF_INIT, header = PA_STRBUF_INIT, zones = PA_STRBUF_INIT;
    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_gfp_format(p, raw, &names);
    pa_gfp_format_header(p, raw, &header);
    enum pa_zone_type hz = pa_gfp_zone(p, raw);
    bool valid = hz != PA_ZONE_TYPES;
    if (valid && !json)
        zones_text(hz, &zones);
    bool populated[PA_ZONE_TYPES] = {true, true, true, false, false, false};
    enum pa_zone_type cz = pa_gfp_classzone(p, raw, populated);
    enum pa_migratetype mt = pa_gfp_migratetype(p, raw);
    unsigned fast = pa_gfp_to_alloc_flags(p, raw, order, false);
    unsigned slow = pa_gfp_to_alloc_flags(p, raw, order, true);
    char fastn[256], slown[256];
    pa_alloc_flags_names(p, fast, fastn, sizeof fastn);
    pa_alloc_flags_names(p, slow, slown, sizeof slown);
    uint64_t unknown = pa_gfp_unknown_bits(p, raw);
    uint64_t to_raw = 0, lost = 0;
    struct pa_strbuf to_names = PA_STRBUF_INIT;
    if (to) {
        to_raw = pa_gfp_translate(p, raw, to, &lost);
        pa_gfp_format(to, to_raw, &to_names);
    }

    if (json) {
        struct pa_json j;
        pa_json_init(&j, &sb);
        pa_json_begin_object(&j);
        pa_json_kv_str(&j, "kernel", kernel);
        pa_json_kv_str(&j, "profile", p->name);
        pa_json_kv_str(&j, "layout", p->gfp->name);
        pa_json_key(&j, "mode");
        pa_json_strf(&j, "0x%" PRIx64, raw);
        pa_json_kv_str(&j, "names", pa_sb_str(&names));
        pa_json_key(&j, "header");
        pa_json_strf(&j, "mode:%s", pa_sb_str(&header));
        pa_json_key(&j, "unknown_bits");
        pa_json_strf(&j, "0x%" PRIx64, unknown);
        pa_json_key(&j, "flags");
        pa_json_begin_array(&j);
        for (int f = 1; f < PA_GFP_FLAG_COUNT; f++)
            if (pa_gfp_has(p, raw, (enum pa_gfp_flag)f))
                pa_json_str(&j, pa_gfp_flag_name((enum pa_gfp_flag)f));
        pa_json_end_array(&j);
        pa_json_kv_bool(&j, "valid", valid);
        pa_json_kv_str(&j, "highest_zone", valid ? pa_zone_type_name(hz) : "invalid");
        pa_json_key(&j, "zones");
        pa_json_begin_array(&j);
        for (int t = valid ? (int)hz : -1; t >= 0; t--)
            if (zonelist_has(t))
                pa_json_str(&j, pa_zone_type_name((enum pa_zone_type)t));
        pa_json_end_array(&j);
        pa_json_kv_str(&j, "classzone", cz == PA_ZONE_TYPES ? "invalid" : pa_zone_type_name(cz));
        pa_json_kv_str(&j, "migratetype", pa_migratetype_name(mt));
        pa_json_kv_uint(&j, "order", order);
        alloc_json(&j, "alloc_fast", p, fast, fastn);
        alloc_json(&j, "alloc_slow", p, slow, slown);
        pa_json_kv_str(&j, "slow_min", reduction_text(p, slow));
        pa_json_kv_bool(&j, "can_direct_reclaim", pa_gfp_can_direct_reclaim(p, raw));
        pa_json_kv_bool(&j, "wakes_kswapd", pa_gfp_can_wake_kswapd(p, raw));
        pa_json_kv_bool(&j, "atomic", pa_gfp_is_atomic(p, raw));
        pa_json_kv_bool(&j, "can_compact", pa_gfp_can_compact(p, raw) && order > 0);
        pa_json_kv_bool(&j, "may_oom", pa_gfp_may_oom(p, raw, order));
        if (to) {
            pa_json_key(&j, "to");
            pa_json_begin_object(&j);
            pa_json_kv_str(&j, "profile", to->name);
            pa_json_key(&j, "mode");
            pa_json_strf(&j, "0x%" PRIx64, to_raw);
            pa_json_kv_str(&j, "names", pa_sb_str(&to_names));
            pa_json_key(&j, "lost_bits");
            pa_json_strf(&j, "0x%" PRIx64, lost);
            pa_json_end_object(&j);
        }
        pa_json_end_object(&j);
        pa_sb_putc(&sb, '\n');
    } else {
        pa_sb_printf(&sb, "kernel:       %s%s -> profile %s (%s .. %s), GFP layout %s\n", kernel,
                     running ? " (running)" : "", p->name, p->first_version,
                     p->last_version[0] ? p->last_version : "newest", p->gfp->name);
        pa_sb_printf(&sb, "mode:         0x%" PRIx64 " = %s\n", raw, pa_sb_str(&names));
        pa_sb_printf(&sb, "header:       mode:%s\n", pa_sb_str(&header));
        pa_sb_puts(&sb, "flags:       ");
        for (int f = 1; f < PA_GFP_FLAG_COUNT; f++)
            if (pa_gfp_has(p, raw, (enum pa_gfp_flag)f))
                pa_sb_printf(&sb, " %s(0x%" PRIx64 ")", pa_gfp_flag_name((enum pa_gfp_flag)f),
                             pa_gfp_bit(p, (enum pa_gfp_flag)f));
        if (!raw)
            pa_sb_puts(&sb, " (none)");
        pa_sb_putc(&sb, '\n');
        if (unknown)
            pa_sb_printf(&sb, "unknown:      0x%" PRIx64 " (no flag of this kernel has these bits)\n",
                         unknown);
        if (valid)
            pa_sb_printf(&sb, "zones:        %s (highest %s; x86_64 has no HighMem)\n",
                         pa_sb_str(&zones), pa_zone_type_name(hz));
        else
            pa_sb_puts(&sb, "zones:        INVALID: more than one zone modifier (the kernel BUGs)\n");
        if (cz != PA_ZONE_TYPES)
            pa_sb_printf(&sb, "lowmem_reserve index: %s (%s)\n", pa_zone_type_name(cz),
                         p->classzone == PA_CLASSZONE_HIGHEST
                             ? "highest_zoneidx, 5.8+"
                             : "classzone_idx = preferred zone, on a node with DMA/DMA32/Normal");
        pa_sb_printf(&sb, "migratetype:  %s\n", pa_migratetype_name(mt));
        pa_sb_printf(&sb, "order:        %u\n", order);
        pa_sb_printf(&sb, "fast path:    0x%x %s\n", pa_alloc_flags_kernel(p, fast), fastn);
        pa_sb_printf(&sb, "slow path:    0x%x %s\n", pa_alloc_flags_kernel(p, slow), slown);
        pa_sb_printf(&sb, "slow path mark: %s\n", reduction_text(p, slow));
        pa_sb_printf(&sb, "can sleep (direct reclaim): %s; wakes kswapd: %s; atomic: %s; "
                     "direct compaction: %s; may OOM-kill at order %u: %s\n",
                     yn(pa_gfp_can_direct_reclaim(p, raw)), yn(pa_gfp_can_wake_kswapd(p, raw)),
                     yn(pa_gfp_is_atomic(p, raw)), yn(pa_gfp_can_compact(p, raw) && order > 0),
                     order, yn(pa_gfp_may_oom(p, raw, order)));
        if (to) {
            pa_sb_printf(&sb, "on %s (profile %s): 0x%" PRIx64 " = %s", to_kernel, to->name, to_raw,
                         pa_sb_str(&to_names));
            if (lost)
                pa_sb_printf(&sb, " (bits 0x%" PRIx64 " have no equivalent there)", lost);
            pa_sb_putc(&sb, '\n');
        }
    }
    fputs(pa_sb_str(&sb), stdout);
    pa_sb_free(&sb);
    pa_sb_free(&names);
    pa_sb_free(&header);
    pa_sb_free(&zones);
    pa_sb_free(&to_names);
    return valid ? PA_EXIT_OK : PA_EXIT_NO;
}

const struct pa_cmd pa_cmd_gfp = {"gfp", "decode a GFP mode for a kernel version (gfp-translate)",
                                  cmd_gfp};
