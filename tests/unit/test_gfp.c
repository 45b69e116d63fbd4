/*
 * test_gfp.c - GFP masks of every era (src/format/gfp.c, src/mm/gfp.c,
 * src/mm/gfp_layout.c, src/mm/alloc_flags.c).
 *
 * Decoding is checked against modes printed by real kernels, each with the
 * public report it comes from; encoding against the composite table of
 * kernel-semantics 10; derivations against sections 1.2, 5.3 and 3.5.
 */
#include <string.h>

#include "helpers.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/profile.h"
#include "pagealloc/watermark.h"

static const struct pa_profile *prof(const char *v)
{
    const struct pa_profile *p = pa_profile_for_version(v, NULL, 0);
    if (!p)
        fail_msg("no profile for %s", v);
    return p;
}

static void expect_format(const char *version, uint64_t raw, const char *want)
{
    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_gfp_format(prof(version), raw, &sb);
    if (strcmp(pa_sb_str(&sb), want) != 0)
        fail_msg("%s 0x%llx: printed '%s', want '%s'", version, (unsigned long long)raw,
                 pa_sb_str(&sb), want);
    pa_sb_free(&sb);
}

static void expect_header(const char *version, uint64_t raw, const char *want)
{
    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_gfp_format_header(prof(version), raw, &sb);
    if (strcmp(pa_sb_str(&sb), want) != 0)
        fail_msg("%s header 0x%llx: '%s', want '%s'", version, (unsigned long long)raw,
                 pa_sb_str(&sb), want);
    pa_sb_free(&sb);
}

static uint64_t parse_ok(const char *version, const char *text)
{
    uint64_t raw = 0;
    char err[256];
    if (pa_gfp_parse(prof(version), text, &raw, err, sizeof err) != PA_OK)
        fail_msg("%s: '%s' rejected: %s", version, text, err);
    return raw;
}

/* Failure headers copied from public reports: the number and the names the
   kernel printed must agree under our layout, and we must print the names
   exactly as that kernel did. */
static void test_real_headers(void **state)
{
    (void)state;
    static const struct { const char *kernel, *header, *src; } cases[] = {
        /* github.com/coreos/bugs/issues/1106, 4.9.24-coreos */
        {"4.9.24-coreos", "0x2084120(GFP_ATOMIC|__GFP_COLD|__GFP_COMP)", "coreos/bugs#1106"},
        /* kernel-semantics 10, minipli/linux-unofficial_grsec#21 (4.9) */
        {"4.9.74", "0x2080024(GFP_ATOMIC|GFP_DMA32)", "grsec#21"},
        /* kernel-semantics 10, raspberrypi/linux#2037 (4.12) */
        {"4.12.0", "0x1082020(GFP_ATOMIC|__GFP_MEMALLOC)", "raspberrypi/linux#2037"},
        /* github.com/spdk/spdk/issues/1252, 5.4.19-100.fc30 */
        {"5.4.19-100.fc30.x86_64", "0x40dc0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO)", "spdk#1252"},
        /* github.com/koverstreet/bcachefs/issues/132, 5.7.0 */
        {"5.7.0", "0x40cc0(GFP_KERNEL|__GFP_COMP)", "bcachefs#132"},
        /* github.com/rfjakob/earlyoom/issues/220, 5.9.0-rc4 */
        {"5.9.0-0.rc4.5.fc34.x86_64", "0x800(GFP_NOWAIT)", "earlyoom#220"},
        /* kernel-semantics 10, thesofproject/linux#5000 (5.15) */
        {"5.15.0", "0x40cc0(GFP_KERNEL|__GFP_COMP)", "sof#5000"},
        /* github.com/thesofproject/linux/issues/5000, 6.9.0-rc7 */
        {"6.9.0-rc7", "0xdc0(GFP_KERNEL|__GFP_ZERO)", "sof#5000"},
        /* github.com/jcmvbkbc/linux-xtensa/issues/17, 6.8.0 */
        {"6.8.0", "0x820(GFP_ATOMIC)", "linux-xtensa#17"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint64_t raw = parse_ok(cases[i].kernel, cases[i].header);
        expect_header(cases[i].kernel, raw, cases[i].header);
    }
}

/* Old kernels printed only the number; our decoding of those numbers
   (kernel-semantics 10, <= 4.3 column) and their tracepoint-style names. */
static void test_real_old_modes(void **state)
{
    (void)state;
    /* seed 000 (RHEL 6.8, 2.6.32-642.el6): order:10, mode:0xd0 from kmalloc(GFP_KERNEL) */
    expect_format("2.6.32-642.el6.x86_64", parse_ok("2.6.32-642.el6.x86_64", "mode:0xd0"),
                  "GFP_KERNEL");
    expect_header("2.6.32-642.el6.x86_64", 0xd0, "0xd0");
    /* seed 002 (3.16.1-gentoo): mode:0xc0d0 = GFP_KERNEL|__GFP_COMP|__GFP_ZERO */
    expect_format("3.16.1-gentoo", 0xc0d0, "GFP_KERNEL|GFP_COMP|GFP_ZERO");
    assert_int_equal(parse_ok("3.16", "GFP_KERNEL|__GFP_COMP|__GFP_ZERO"), 0xc0d0);
    /* github.com/openzfs/zfs/issues/325 (2.6.38-10-server): mode:0x4020 */
    expect_format("2.6.38", 0x4020, "GFP_ATOMIC|GFP_COMP");
    /* github.com/openzfs/spl/issues/125 (3.4.0-1.fc17): mode:0x10d0 */
    expect_format("3.4.0-1.fc17.x86_64", 0x10d0, "GFP_KERNEL|GFP_NORETRY");
    /* github.com/writeboost/dm-writeboost/issues/72 (3.18.18): mode:0x204010 */
    expect_format("3.18.18", 0x204010, "GFP_NOIO|GFP_COMP|GFP_NOTRACK");
    /* github.com/openzfs/zfs/issues/540 (2.6.32-220.2.1.el6): mode:0x20 */
    expect_format("2.6.32-220.2.1.el6.x86_64", 0x20, "GFP_ATOMIC");
    /* the 3.x tracepoint table has no __GFP_FS entry: a lone FS bit is hex */
    expect_format("3.10", 0x80, "0x80");
    /* 0 prints as GFP_NOWAIT up to 4.3, "none" from 4.4 */
    expect_format("2.6.32", 0, "GFP_NOWAIT");
    expect_format("5.15", 0, "none");
    expect_header("4.19", 0, "0x0()");
    /* 4.4 had __GFP_NOACCOUNT and printed only the number; 4.5 brought
       __GFP_ACCOUNT and %pGg in the header (kernel-semantics 10, 6.5) */
    expect_format("4.4.0", 0x100000, "__GFP_NOACCOUNT");
    expect_format("4.5.0", 0x100000, "__GFP_ACCOUNT");
    expect_header("4.4.0", 0x24000c0, "0x24000c0");
    expect_header("4.5.0", 0x24000c0, "0x24000c0(GFP_KERNEL)");
    /* 6.15+ print single flags in bit order (__GFP_ZERO before __GFP_COMP);
       6.17+ GFP_NOWAIT is __GFP_KSWAPD_RECLAIM|__GFP_NOWARN (docs/kernel-notes.md) */
    expect_format("6.8", 0x40dc0, "GFP_KERNEL|__GFP_COMP|__GFP_ZERO");
    expect_format("6.15", 0x40dc0, "GFP_KERNEL|__GFP_ZERO|__GFP_COMP");
    expect_header("6.18", 0x40dc0, "0x40dc0(GFP_KERNEL|__GFP_ZERO|__GFP_COMP)");
    expect_format("6.8", 0x800, "GFP_NOWAIT");
    expect_format("6.18", 0x800, "__GFP_KSWAPD_RECLAIM");
    expect_format("6.18", 0x2800, "GFP_NOWAIT");
    expect_format("6.6", 0x800000, "__GFP_ZEROTAGS");
    /* leftover bits no name covers are one hex number at the end */
    expect_format("5.4", 0x40cc0 | 0x1000000, "GFP_KERNEL|__GFP_COMP|0x1000000");
    /* 5.14 - 5.17 name that bit (__GFP_SKIP_KASAN_POISON) and put it in
       GFP_HIGHUSER_MOVABLE: github.com/awslabs/mountpoint-s3/issues/1206,
       5.15.0-124-generic, "gfp_mask=0x1100cca(GFP_HIGHUSER_MOVABLE)" */
    expect_format("5.15", 0x40cc0 | 0x1000000, "GFP_KERNEL|__GFP_COMP|__GFP_SKIP_KASAN_POISON");
    assert_int_equal(parse_ok("5.15.0-124-generic", "gfp_mask=0x1100cca(GFP_HIGHUSER_MOVABLE)"),
                     0x1100cca);
    expect_format("5.15", 0x1100cca, "GFP_HIGHUSER_MOVABLE");
    expect_format("5.18", 0x1100cca, "GFP_HIGHUSER_MOVABLE|0x1000000");
}

/* The composite table of kernel-semantics 10, encoded by name per layout. */
static void test_composite_table(void **state)
{
    (void)state;
    static const char *const eras[] = {"3.16", "4.4", "4.14", "4.19", "5.4", "6.8"};
    static const struct { const char *name; uint64_t v[6]; } rows[] = {
        {"GFP_KERNEL", {0xd0, 0x24000c0, 0x14000c0, 0x6000c0, 0xcc0, 0xcc0}},
        {"GFP_KERNEL|__GFP_COMP", {0x40d0, 0x24040c0, 0x14040c0, 0x6040c0, 0x40cc0, 0x40cc0}},
        {"GFP_KERNEL|__GFP_COMP|__GFP_ZERO",
         {0xc0d0, 0x240c0c0, 0x140c0c0, 0x60c0c0, 0x40dc0, 0x40dc0}},
        {"GFP_ATOMIC", {0x20, 0x2080020, 0x1080020, 0x480020, 0xa20, 0x820}},
        {"GFP_NOFS", {0x50, 0x2400040, 0x1400040, 0x600040, 0xc40, 0xc40}},
        {"GFP_HIGHUSER_MOVABLE", {0x200da, 0x24200ca, 0x14200ca, 0x6200ca, 0x100cca, 0x100cca}},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
        for (size_t e = 0; e < 6; e++) {
            uint64_t got = parse_ok(eras[e], rows[r].name);
            if (got != rows[r].v[e])
                fail_msg("%s on %s: 0x%llx, want 0x%llx", rows[r].name, eras[e],
                         (unsigned long long)got, (unsigned long long)rows[r].v[e]);
        }
}

/* Every name of every era's table parses to a value that prints back to a
   text parsing to the same value (round trip both ways). */
static void test_round_trip_all_layouts(void **state)
{
    (void)state;
    size_t n;
    const struct pa_profile *const *all = pa_profile_list(&n);
    for (size_t i = 0; i < n; i++) {
        const struct pa_profile *p = all[i];
        for (const struct pa_gfp_name *e = p->gfp->names; e->name; e++) {
            uint64_t m = pa_gfp_name_mask(p->gfp, e), raw, back;
            if (!m)
                continue;
            char err[200];
            assert_int_equal(pa_gfp_parse(p, e->name, &raw, err, sizeof err), PA_OK);
            assert_int_equal(raw, m);
            struct pa_strbuf sb = PA_STRBUF_INIT;
            pa_gfp_format_header(p, raw, &sb);
            if (pa_gfp_parse(p, pa_sb_str(&sb), &back, err, sizeof err) != PA_OK || back != raw)
                fail_msg("%s: %s printed as '%s' does not parse back: %s", p->name, e->name,
                         pa_sb_str(&sb), err);
            pa_sb_free(&sb);
        }
    }
}

static void test_parse_errors(void **state)
{
    (void)state;
    const struct pa_profile *p = prof("5.15");
    uint64_t raw = 77;
    char err[256];
    assert_int_equal(pa_gfp_parse(p, "GFP_KERNAL", &raw, err, sizeof err), PA_EINVAL);
    assert_non_null(strstr(err, "column 1"));
    assert_non_null(strstr(err, "GFP_KERNAL"));
    assert_int_equal(raw, 77); /* untouched on error */
    /* the number and the names disagree: a 4.4 mode read as 5.15 */
    assert_int_equal(pa_gfp_parse(p, "0x24000c0(GFP_KERNEL)", &raw, err, sizeof err), PA_EINVAL);
    assert_non_null(strstr(err, "kernel version"));
    assert_int_equal(pa_gfp_parse(p, "0xzz", &raw, err, sizeof err), PA_EINVAL);
    assert_int_equal(pa_gfp_parse(p, "GFP_KERNEL||__GFP_COMP", &raw, err, sizeof err), PA_EINVAL);
    assert_non_null(strstr(err, "column 12"));
    assert_int_equal(pa_gfp_parse(p, "0x40cc0(GFP_KERNEL|__GFP_COMP", &raw, err, sizeof err),
                     PA_EINVAL);
    assert_int_equal(pa_gfp_parse(p, "", &raw, err, sizeof err), PA_EINVAL);
    assert_int_equal(pa_gfp_parse(p, "mode:", &raw, err, sizeof err), PA_EINVAL);
    assert_int_equal(pa_gfp_parse(p, NULL, &raw, err, sizeof err), PA_EINVAL);
    /* __GFP_ATOMIC does not exist in 6.3+ */
    assert_int_equal(pa_gfp_parse(prof("6.8"), "__GFP_ATOMIC", &raw, err, sizeof err), PA_EINVAL);
    /* accepted spellings */
    assert_int_equal(parse_ok("5.15", "gfp_flags=GFP_KERNEL|__GFP_ZERO"), 0xdc0);
    assert_int_equal(parse_ok("5.15", " mode:0x40cc0(GFP_KERNEL|__GFP_COMP), "), 0x40cc0);
    assert_int_equal(parse_ok("5.15", "GFP_KERNEL | GFP_COMP"), 0x40cc0);
    assert_int_equal(parse_ok("5.15", "3264"), 0xcc0);
    assert_int_equal(parse_ok("5.15", "GFP_KERNEL|0x1000000"), 0x1000cc0);
    assert_int_equal(parse_ok("2.6.32", "GFP_NOWAIT"), 0);
    assert_int_equal(parse_ok("5.15", "0x0()"), 0); /* found by fuzz_gfp */
    assert_int_equal(pa_gfp_parse(p, "0x20()", &raw, err, sizeof err), PA_EINVAL);
}

static void test_zone_and_migratetype(void **state)
{
    (void)state;
    const struct pa_profile *old = prof("3.16"), *p44 = prof("4.4"), *p6 = prof("6.8");
    assert_int_equal(pa_gfp_zone(old, 0xd0), PA_ZONE_NORMAL);
    assert_int_equal(pa_gfp_zone(old, 0xd1), PA_ZONE_DMA);
    assert_int_equal(pa_gfp_zone(old, 0xd4), PA_ZONE_DMA32);
    assert_int_equal(pa_gfp_zone(old, 0xd2), PA_ZONE_HIGHMEM);
    assert_int_equal(pa_gfp_zone(old, 0x200da), PA_ZONE_MOVABLE);   /* HIGHMEM|MOVABLE */
    assert_int_equal(pa_gfp_zone(old, 0xd8), PA_ZONE_NORMAL);       /* MOVABLE alone   */
    assert_int_equal(pa_gfp_zone(old, 0xdc), PA_ZONE_DMA32);        /* MOVABLE|DMA32   */
    assert_int_equal(pa_gfp_zone(old, 0xd5), PA_ZONE_TYPES);        /* DMA|DMA32: bad  */
    /* migratetype: <= 4.3 RECLAIMABLE is 0x80000, 4.4+ 0x10 (5.3) */
    assert_int_equal(pa_gfp_migratetype(old, 0x800d0), PA_MT_RECLAIMABLE); /* GFP_TEMPORARY */
    assert_int_equal(pa_gfp_migratetype(old, 0x200da), PA_MT_MOVABLE);
    assert_int_equal(pa_gfp_migratetype(old, 0xd0), PA_MT_UNMOVABLE);
    assert_int_equal(pa_gfp_migratetype(old, 0x800d8), PA_MT_RESERVE);     /* both: index 3 */
    assert_int_equal(pa_gfp_migratetype(p44, 0x24000d0), PA_MT_RECLAIMABLE);
    assert_int_equal(pa_gfp_migratetype(p44, 0x800c0), PA_MT_UNMOVABLE);   /* 0x80000 is ATOMIC */
    assert_int_equal(pa_gfp_migratetype(p6, 0x18), PA_MT_HIGHATOMIC);
    /* class zone: <= 5.7 the preferred (highest populated) zone, 5.8+ gfp_zone */
    bool no_normal[PA_ZONE_TYPES] = {true, true, false, false, false, false};
    assert_int_equal(pa_gfp_classzone(prof("5.4"), 0xcc0, no_normal), PA_ZONE_DMA32);
    assert_int_equal(pa_gfp_classzone(prof("5.8"), 0xcc0, no_normal), PA_ZONE_NORMAL);
}

static void expect_flags(const char *version, uint64_t raw, unsigned order, bool slow,
                         unsigned want_canon, unsigned want_kernel)
{
    const struct pa_profile *p = prof(version);
    unsigned f = pa_gfp_to_alloc_flags(p, raw, order, slow);
    char names[256];
    if (f != want_canon || pa_alloc_flags_kernel(p, f) != want_kernel)
        fail_msg("%s 0x%llx order %u %s: %s (kernel 0x%x), want canonical 0x%x kernel 0x%x",
                 version, (unsigned long long)raw, order, slow ? "slow" : "fast",
                 pa_alloc_flags_names(p, f, names, sizeof names), pa_alloc_flags_kernel(p, f),
                 want_canon, want_kernel);
}

/* ALLOC flags, kernel-semantics 3.5. */
static void test_alloc_flags(void **state)
{
    (void)state;
    const unsigned MIN = PA_ALLOC_WMARK_MIN, LOW = PA_ALLOC_WMARK_LOW;
    const unsigned CPU = PA_ALLOC_CPUSET, HI = PA_ALLOC_HIGH, HD = PA_ALLOC_HARDER;
    /* 2.6.32: GFP_KERNEL slow = MIN|CPUSET; GFP_ATOMIC = MIN|HIGH|HARDER (0x30);
       fast = LOW|CPUSET (0x41) */
    expect_flags("2.6.32", 0xd0, 4, true, MIN | CPU, 0x40);
    expect_flags("2.6.32", 0x20, 4, true, MIN | HI | HD, 0x30);
    expect_flags("2.6.32", 0xd0, 4, false, LOW | CPU, 0x41);
    /* 2.6.32: GFP_NOWAIT (0) is atomic: HARDER; even with NOMEMALLOC */
    expect_flags("2.6.32", 0x10000, 0, true, MIN | HD, 0x10);
    /* RHEL6 (raceli/rhel6-kernel mm/page_alloc.c gfp_to_alloc_flags): atomic is
       !__GFP_WAIT as in 2.6.32, but __GFP_NOMEMALLOC blocks HARDER as in 3.x;
       __GFP_NO_KSWAPD does not enter the test */
    expect_flags("2.6.32-504.el6", 0x10000, 0, true, MIN, 0x00);
    expect_flags("2.6.32-504.el6", 0x400000, 0, true, MIN | HD, 0x10);
    /* 3.x: !WAIT but NO_KSWAPD is not atomic; NOMEMALLOC blocks HARDER */
    expect_flags("3.16", 0x400000, 0, true, MIN | CPU, 0x40);
    expect_flags("3.16", 0x10020, 0, true, MIN | HI, 0x20);
    /* 3.12 - 4.7 fast path carries ALLOC_FAIR */
    expect_flags("3.16", 0xd0, 0, false, LOW | CPU | PA_ALLOC_FAIR, 0x141);
    /* 4.4: HARDER comes from __GFP_ATOMIC; GFP_NOWAIT (KSWAPD only) gets none */
    expect_flags("4.4", 0x2080020, 0, true, MIN | HI | HD, 0x30);
    expect_flags("4.4", 0x2000000, 0, true, MIN | CPU, 0x40);
    /* 5.x: KSWAPD joins (0x800), fast path NOFRAGMENT for a Normal preferred zone */
    expect_flags("5.15", 0xcc0, 0, true, MIN | CPU | PA_ALLOC_KSWAPD, 0x840);
    expect_flags("5.15", 0xcc0, 0, false, LOW | PA_ALLOC_NOFRAGMENT | PA_ALLOC_KSWAPD, 0x901);
    expect_flags("5.15", 0xa20, 0, true, MIN | HI | HD | PA_ALLOC_KSWAPD, 0x830);
    /* a GFP_DMA32 request's preferred zone is DMA32: no NOFRAGMENT */
    expect_flags("5.15", 0xcc4, 0, false, LOW | PA_ALLOC_KSWAPD, 0x801);
    /* 6.3+: GFP_ATOMIC order 3 = NON_BLOCK|MIN_RESERVE|HIGHATOMIC|KSWAPD (0xa30) */
    const unsigned NB = PA_ALLOC_NON_BLOCK, MR = PA_ALLOC_MIN_RESERVE, HA = PA_ALLOC_HIGHATOMIC;
    const unsigned KS = PA_ALLOC_KSWAPD;
    expect_flags("6.8", 0x820, 3, true, MIN | NB | MR | HA | KS, 0xa30);
    expect_flags("6.8", 0x820, 0, true, MIN | NB | MR | KS, 0x830);
    /* GFP_NOWAIT order 3: 6.3 - 6.16 also HIGHATOMIC; 6.17+ needs __GFP_HIGH */
    expect_flags("6.8", 0x800, 3, true, MIN | CPU | NB | HA | KS, 0xa50);
    expect_flags("6.18", 0x800, 3, true, MIN | CPU | NB | KS, 0x850);
    /* GFP_KERNEL on 6.x: nothing reserved */
    expect_flags("6.18", 0xcc0, 4, true, MIN | CPU | KS, 0x840);

    /* context: RT task, OOM victim, PF_MEMALLOC */
    struct pa_alloc_ctx ctx;
    const struct pa_profile *p = prof("4.19");
    pa_alloc_ctx_default(p, 0x6000c0, &ctx);
    ctx.oom_victim = true;
    /* 4.14+: the retry loop replaces alloc_flags by the reserve flag
       (__gfp_pfmemalloc_flags, read in 4.14.177): ALLOC_OOM alone */
    assert_int_equal(pa_gfp_to_alloc_flags_ctx(p, 0x6000c0, 0, true, &ctx), PA_ALLOC_OOM);
    p = prof("4.4");
    pa_alloc_ctx_default(p, 0x24000c0, &ctx);
    ctx.oom_victim = true;
    assert_int_equal(pa_gfp_to_alloc_flags_ctx(p, 0x24000c0, 0, true, &ctx),
                     MIN | CPU | PA_ALLOC_NO_WATERMARKS);
    p = prof("6.18");
    pa_alloc_ctx_default(p, 0xcc0, &ctx);
    ctx.rt_task = true;
    assert_int_equal(pa_gfp_to_alloc_flags_ctx(p, 0xcc0, 0, true, &ctx), MIN | CPU | KS | MR);
    /* __GFP_NOMEMALLOC wins over PF_MEMALLOC */
    pa_alloc_ctx_default(p, 0x80cc0, &ctx);
    ctx.pf_memalloc = true;
    assert_int_equal(pa_gfp_to_alloc_flags_ctx(p, 0x80cc0, 0, true, &ctx), MIN | CPU | KS);
    ctx.pf_memalloc = false;
    /* __GFP_MEMALLOC: no watermarks */
    assert_int_equal(pa_gfp_to_alloc_flags_ctx(p, 0x20cc0, 0, true, &ctx) & PA_ALLOC_NO_WATERMARKS,
                     PA_ALLOC_NO_WATERMARKS);

    char names[200];
    pa_alloc_flags_names(prof("6.8"), MIN | NB | MR | HA | KS, names, sizeof names);
    assert_string_equal(names,
                        "ALLOC_WMARK_MIN|ALLOC_NON_BLOCK|ALLOC_MIN_RESERVE|ALLOC_HIGHATOMIC|ALLOC_KSWAPD");
}

static void test_predicates_and_translate(void **state)
{
    (void)state;
    const struct pa_profile *p = prof("3.16");
    assert_true(pa_gfp_can_direct_reclaim(p, 0xd0));
    assert_false(pa_gfp_can_direct_reclaim(p, 0x20));
    assert_true(pa_gfp_can_wake_kswapd(p, 0x20));
    assert_false(pa_gfp_can_wake_kswapd(p, 0x4352da));        /* GFP_TRANSHUGE: NO_KSWAPD */
    assert_true(pa_gfp_is_thp(p, 0x4352da));
    assert_true(pa_gfp_can_compact(p, 0xd0));
    assert_false(pa_gfp_can_compact(p, 0x50));                /* GFP_NOFS, <= 4.4 needs FS */
    assert_true(pa_gfp_can_compact(prof("5.15"), 0xc40));      /* 4.5+: IO is enough */
    assert_false(pa_gfp_may_oom(p, 0xc0d0, 4));                /* seed 002: order 4 */
    assert_true(pa_gfp_may_oom(p, 0xd0, 3));
    assert_false(pa_gfp_may_oom(prof("5.15"), 0x4cc0, 0));     /* RETRY_MAYFAIL */

    uint64_t lost = 1;
    /* GFP_KERNEL and GFP_ATOMIC across eras */
    assert_int_equal(pa_gfp_translate(prof("2.6.32"), 0xd0, prof("4.4"), &lost), 0x24000c0);
    assert_int_equal(lost, 0);
    assert_int_equal(pa_gfp_translate(prof("3.16"), 0x20, prof("4.4"), &lost), 0x2080020);
    assert_int_equal(pa_gfp_translate(prof("3.16"), 0x20, prof("6.8"), &lost), 0x820);
    assert_int_equal(pa_gfp_translate(prof("5.15"), 0xa20, prof("6.8"), &lost), 0x820);
    assert_int_equal(pa_gfp_translate(prof("6.8"), 0x40dc0, prof("3.16"), &lost), 0xc0d0);
    assert_int_equal(pa_gfp_translate(prof("4.19"), 0x6000c0, prof("4.14"), &lost), 0x14000c0);
    /* __GFP_COLD has no 5.x equivalent */
    assert_int_equal(pa_gfp_translate(prof("4.9"), 0x2084120, prof("5.15"), &lost), 0x40a20);
    assert_int_equal(lost, 0x100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_headers),
        cmocka_unit_test(test_real_old_modes),
        cmocka_unit_test(test_composite_table),
        cmocka_unit_test(test_round_trip_all_layouts),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_zone_and_migratetype),
        cmocka_unit_test(test_alloc_flags),
        cmocka_unit_test(test_predicates_and_translate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
