/*
 * gfp.c - what the allocator derives from a GFP mask, era by era: the
 * highest zone (gfp_zone), the class zone of lowmem_reserve, the migratetype,
 * the ALLOC flags of the fast and slow paths, and the predicates the slow
 * path asks (can it sleep, wake kswapd, compact, OOM-kill).
 *
 * Every rule reads flags through the profile's layout (pa_gfp_has), and the
 * era differences are the profile's alloc_rule / classzone / fast_* data
 * (kernel-semantics 1.2, 1.4, 3.5, 5.3, 6.2 - 6.4). Layout helpers (bit of a
 * flag, composite values, unknown bits) are here too since the derivations
 * and the text layer both need them.
 */
#include <string.h>

#include "pagealloc/gfp.h"
#include "pagealloc/watermark.h"

/* ---- layout helpers ---------------------------------------------------------- */

static const char *const flag_names[PA_GFP_FLAG_COUNT] = {
    [PA_GFP_NONE] = "0",
    [PA_GFP_DMA] = "__GFP_DMA",
    [PA_GFP_HIGHMEM] = "__GFP_HIGHMEM",
    [PA_GFP_DMA32] = "__GFP_DMA32",
    [PA_GFP_MOVABLE] = "__GFP_MOVABLE",
    [PA_GFP_RECLAIMABLE] = "__GFP_RECLAIMABLE",
    [PA_GFP_WAIT] = "__GFP_WAIT",
    [PA_GFP_HIGH] = "__GFP_HIGH",
    [PA_GFP_IO] = "__GFP_IO",
    [PA_GFP_FS] = "__GFP_FS",
    [PA_GFP_COLD] = "__GFP_COLD",
    [PA_GFP_NOWARN] = "__GFP_NOWARN",
    [PA_GFP_REPEAT] = "__GFP_REPEAT",
    [PA_GFP_RETRY_MAYFAIL] = "__GFP_RETRY_MAYFAIL",
    [PA_GFP_NOFAIL] = "__GFP_NOFAIL",
    [PA_GFP_NORETRY] = "__GFP_NORETRY",
    [PA_GFP_MEMALLOC] = "__GFP_MEMALLOC",
    [PA_GFP_COMP] = "__GFP_COMP",
    [PA_GFP_ZERO] = "__GFP_ZERO",
    [PA_GFP_NOMEMALLOC] = "__GFP_NOMEMALLOC",
    [PA_GFP_HARDWALL] = "__GFP_HARDWALL",
    [PA_GFP_THISNODE] = "__GFP_THISNODE",
    [PA_GFP_ATOMIC] = "__GFP_ATOMIC",
    [PA_GFP_NOACCOUNT] = "__GFP_NOACCOUNT",
    [PA_GFP_ACCOUNT] = "__GFP_ACCOUNT",
    [PA_GFP_NOTRACK] = "__GFP_NOTRACK",
    [PA_GFP_NO_KSWAPD] = "__GFP_NO_KSWAPD",
    [PA_GFP_OTHER_NODE] = "__GFP_OTHER_NODE",
    [PA_GFP_WRITE] = "__GFP_WRITE",
    [PA_GFP_DIRECT_RECLAIM] = "__GFP_DIRECT_RECLAIM",
    [PA_GFP_KSWAPD_RECLAIM] = "__GFP_KSWAPD_RECLAIM",
    [PA_GFP_NOLOCKDEP] = "__GFP_NOLOCKDEP",
    [PA_GFP_ZEROTAGS] = "__GFP_ZEROTAGS",
    [PA_GFP_SKIP_KASAN_POISON] = "__GFP_SKIP_KASAN_POISON",
    [PA_GFP_SKIP_ZERO] = "__GFP_SKIP_ZERO",
    [PA_GFP_SKIP_KASAN] = "__GFP_SKIP_KASAN",
    [PA_GFP_NO_OBJ_EXT] = "__GFP_NO_OBJ_EXT",
};

const char *pa_gfp_flag_name(enum pa_gfp_flag f)
{
    return (unsigned)f < PA_GFP_FLAG_COUNT && flag_names[f] ? flag_names[f] : "?";
}

uint64_t pa_gfp_bit(const struct pa_profile *p, enum pa_gfp_flag f)
{
    if (!p || !p->gfp || (unsigned)f >= PA_GFP_FLAG_COUNT)
        return 0;
    return p->gfp->bit[f];
}

uint64_t pa_gfp_name_mask(const struct pa_gfp_layout *l, const struct pa_gfp_name *e)
{
    if (!l || !e)
        return 0;
    uint64_t m = 0;
    for (int i = 0; i < PA_GFP_NAME_MAXF && e->f[i] != PA_GFP_NONE; i++) {
        uint64_t b = l->bit[e->f[i]];
        if (!b)
            return 0;
        m |= b;
    }
    return m;
}

bool pa_gfp_composite_value(const struct pa_profile *p, const char *name, uint64_t *raw)
{
    if (!p || !p->gfp || !name)
        return false;
    for (const struct pa_gfp_name *e = p->gfp->names; e->name; e++) {
        if (strcmp(e->name, name) != 0)
            continue;
        uint64_t m = pa_gfp_name_mask(p->gfp, e);
        if (!m)
            continue;
        if (raw) /* NULL: only asks whether the name exists */
            *raw = m;
        return true;
    }
    return false;
}

uint64_t pa_gfp_unknown_bits(const struct pa_profile *p, uint64_t raw)
{
    uint64_t known = 0;
    if (p && p->gfp)
        for (int f = 1; f < PA_GFP_FLAG_COUNT; f++)
            known |= p->gfp->bit[f];
    return raw & ~known;
}

/* pa_gfp_has for the hot derivations below, inlined (the exported pa_gfp_bit
   is a call that -fPIC keeps). */
static inline bool has(const struct pa_profile *p, uint64_t raw, enum pa_gfp_flag f)
{
    return p->gfp && (raw & p->gfp->bit[f]);
}

/* ---- zones (kernel-semantics 1.2) ---------------------------------------------- */

enum pa_zone_type pa_gfp_zone(const struct pa_profile *p, uint64_t raw)
{
    if (!p)
        return PA_ZONE_NORMAL;
    bool dma = has(p, raw, PA_GFP_DMA), high = has(p, raw, PA_GFP_HIGHMEM);
    bool dma32 = has(p, raw, PA_GFP_DMA32), mov = has(p, raw, PA_GFP_MOVABLE);
    int n = dma + high + dma32;
    if (n > 1)
        return PA_ZONE_TYPES; /* GFP_ZONE_BAD: two zone modifiers */
    if (dma)
        return PA_ZONE_DMA;
    if (dma32)
        return PA_ZONE_DMA32;
    if (high)
        return mov ? PA_ZONE_MOVABLE : PA_ZONE_HIGHMEM;
    return PA_ZONE_NORMAL; /* none, or MOVABLE alone */
}

enum pa_zone_type pa_gfp_classzone(const struct pa_profile *p, uint64_t raw,
                                   const bool populated[PA_ZONE_TYPES])
{
    return pa_gfp_classzone_of(p, pa_gfp_zone(p, raw), populated);
}

enum pa_zone_type pa_gfp_classzone_of(const struct pa_profile *p, enum pa_zone_type hz,
                                      const bool populated[PA_ZONE_TYPES])
{
    if (!p || !populated)
        return hz;
    if ((unsigned)hz >= PA_ZONE_TYPES)
        return PA_ZONE_TYPES;
    if (p->classzone == PA_CLASSZONE_HIGHEST || !populated)
        return hz;
    for (int t = (int)hz; t >= 0; t--)
        if (populated[t])
            return (enum pa_zone_type)t;
    return PA_ZONE_TYPES;
}

/* ---- migratetype (kernel-semantics 5.3) -----------------------------------------
 * The kernel computes a list index from the two mobility bits: <= 4.3
 * (movable << 1) | reclaimable, 4.4+ (gfp & 0x18) >> 3. With both bits set
 * the index is 3: MIGRATE_RESERVE (<= 4.3) or MIGRATE_HIGHATOMIC (4.4+), a
 * caller bug the kernel only warns about; the index is mapped through the
 * profile's own list order so the answer is the kernel's. */
enum pa_migratetype pa_gfp_migratetype(const struct pa_profile *p, uint64_t raw)
{
    if (!p)
        return PA_MT_UNMOVABLE;
    bool mov = has(p, raw, PA_GFP_MOVABLE);
    bool rec = has(p, raw, PA_GFP_RECLAIMABLE);
    if (!mov && !rec)
        return PA_MT_UNMOVABLE;
    if (mov && !rec)
        return PA_MT_MOVABLE;
    if (rec && !mov)
        return PA_MT_RECLAIMABLE;
    return p->has_reserve ? PA_MT_RESERVE : PA_MT_HIGHATOMIC;
}

/* ---- predicates ----------------------------------------------------------------- */

bool pa_gfp_can_direct_reclaim(const struct pa_profile *p, uint64_t raw)
{
    if (!p)
        return false;
    if (pa_gfp_bit(p, PA_GFP_WAIT))
        return pa_gfp_has(p, raw, PA_GFP_WAIT);
    return pa_gfp_has(p, raw, PA_GFP_DIRECT_RECLAIM);
}

bool pa_gfp_can_wake_kswapd(const struct pa_profile *p, uint64_t raw)
{
    if (!p)
        return false;
    if (pa_gfp_bit(p, PA_GFP_KSWAPD_RECLAIM))
        return pa_gfp_has(p, raw, PA_GFP_KSWAPD_RECLAIM);
    return !pa_gfp_has(p, raw, PA_GFP_NO_KSWAPD); /* <= 4.3: every request wakes */
}

/* The era's test for "cannot sleep, use the atomic reserves" (3.5):
   2.6.32 and RHEL6 !__GFP_WAIT; 3.x !(__GFP_WAIT | __GFP_NO_KSWAPD); 4.4 - 6.2
   __GFP_ATOMIC; 6.3+ !__GFP_DIRECT_RECLAIM (ALLOC_NON_BLOCK). */
bool pa_gfp_is_atomic(const struct pa_profile *p, uint64_t raw)
{
    if (!p)
        return false;
    switch (p->alloc_rule) {
    case PA_ALLOC_RULE_2632:
    case PA_ALLOC_RULE_RHEL6:
        return !pa_gfp_has(p, raw, PA_GFP_WAIT);
    case PA_ALLOC_RULE_3X:
        return !pa_gfp_has(p, raw, PA_GFP_WAIT) && !pa_gfp_has(p, raw, PA_GFP_NO_KSWAPD);
    case PA_ALLOC_RULE_44:
    case PA_ALLOC_RULE_414:
    case PA_ALLOC_RULE_50:
        return pa_gfp_has(p, raw, PA_GFP_ATOMIC);
    case PA_ALLOC_RULE_63:
        return !pa_gfp_has(p, raw, PA_GFP_DIRECT_RECLAIM);
    }
    return false;
}

/* Direct compaction needs __GFP_IO, and __GFP_FS up to 4.4 (6.4). */
bool pa_gfp_can_compact(const struct pa_profile *p, uint64_t raw)
{
    if (!p)
        return false;
    if (!pa_gfp_has(p, raw, PA_GFP_IO))
        return false;
    if (p->compaction.needs_gfp_fs)
        return pa_gfp_has(p, raw, PA_GFP_FS);
    return true;
}

/* __alloc_pages_may_oom (6.4): never for order > 3, __GFP_THISNODE,
   __GFP_NORETRY, 4.13+ __GFP_RETRY_MAYFAIL, <= 4.x !__GFP_FS. */
bool pa_gfp_may_oom(const struct pa_profile *p, uint64_t raw, unsigned order)
{
    if (!p)
        return false;
    if (order > 3 && !pa_gfp_has(p, raw, PA_GFP_NOFAIL))
        return false;
    if (pa_gfp_has(p, raw, PA_GFP_THISNODE) || pa_gfp_has(p, raw, PA_GFP_NORETRY))
        return false;
    if (pa_gfp_has(p, raw, PA_GFP_RETRY_MAYFAIL) && pa_gfp_bit(p, PA_GFP_REPEAT) == 0)
        return false;
    if (!pa_gfp_can_direct_reclaim(p, raw))
        return false;
    if (p->reclaim.oom_needs_gfp_fs && !pa_gfp_has(p, raw, PA_GFP_FS))
        return false;
    return true;
}

/* A THP allocation: GFP_TRANSHUGE(_LIGHT)-like, i.e. a movable highmem
   compound request that does not wake kswapd. */
bool pa_gfp_is_thp(const struct pa_profile *p, uint64_t raw)
{
    if (!p)
        return false;
    return pa_gfp_has(p, raw, PA_GFP_COMP) && pa_gfp_has(p, raw, PA_GFP_MOVABLE) &&
           pa_gfp_has(p, raw, PA_GFP_HIGHMEM) && !pa_gfp_can_wake_kswapd(p, raw);
}

/* ---- ALLOC flags (kernel-semantics 3.5) -------------------------------------- */

void pa_alloc_ctx_default(const struct pa_profile *p, uint64_t raw, struct pa_alloc_ctx *ctx)
{
    if (!ctx)
        return;
    memset(ctx, 0, sizeof *ctx);
    enum pa_zone_type hz = pa_gfp_zone(p, raw);
    ctx->preferred_zone = hz == PA_ZONE_TYPES || hz > PA_ZONE_NORMAL ? PA_ZONE_NORMAL : hz;
    ctx->dma32_populated = true;
}

/* Is the request movable and may it use CMA pageblocks (3.5+ CONFIG_CMA)? */
static bool cma_ok(const struct pa_profile *p, uint64_t raw)
{
    return p->has_cma && pa_gfp_migratetype(p, raw) == PA_MT_MOVABLE;
}

/* alloc_flags_nofragment (5.0+): KSWAPD from the gfp bit; NOFRAGMENT when the
   preferred zone is Normal and DMA32 is populated there (or the machine is
   UMA). */
static unsigned nofragment_flags(const struct pa_profile *p, uint64_t raw,
                                 const struct pa_alloc_ctx *ctx)
{
    unsigned f = 0;
    if (has(p, raw, PA_GFP_KSWAPD_RECLAIM))
        f |= PA_ALLOC_KSWAPD;
    if (ctx->preferred_zone == PA_ZONE_NORMAL && (!ctx->numa || ctx->dma32_populated))
        f |= PA_ALLOC_NOFRAGMENT;
    return f;
}

static unsigned fast_path_flags(const struct pa_profile *p, uint64_t raw,
                                const struct pa_alloc_ctx *ctx)
{
    unsigned f = PA_ALLOC_WMARK_LOW;
    if (p->fast_cpuset || ctx->cpusets_enabled)
        f |= PA_ALLOC_CPUSET;
    if (p->fast_fair)
        f |= PA_ALLOC_FAIR;
    if (cma_ok(p, raw))
        f |= PA_ALLOC_CMA;
    if (p->fast_nofragment)
        f |= nofragment_flags(p, raw, ctx);
    return f;
}

/* The reserve flags of the retry loop: NO_WATERMARKS for __GFP_MEMALLOC (3.6+)
   and PF_MEMALLOC tasks outside interrupts; OOM victims get NO_WATERMARKS up
   to 4.13 and ALLOC_OOM from 4.14; all blocked by __GFP_NOMEMALLOC. */
static unsigned reserve_flags(const struct pa_profile *p, uint64_t raw,
                              const struct pa_alloc_ctx *ctx)
{
    if (pa_gfp_has(p, raw, PA_GFP_NOMEMALLOC))
        return 0;
    if (pa_gfp_has(p, raw, PA_GFP_MEMALLOC))
        return PA_ALLOC_NO_WATERMARKS;
    if (ctx->pf_memalloc && !ctx->in_interrupt)
        return PA_ALLOC_NO_WATERMARKS;
    if (ctx->oom_victim && !ctx->in_interrupt)
        return p->alloc_oom ? PA_ALLOC_OOM : PA_ALLOC_NO_WATERMARKS;
    return 0;
}

static unsigned slow_path_flags(const struct pa_profile *p, uint64_t raw, unsigned order,
                                const struct pa_alloc_ctx *ctx)
{
    unsigned f = PA_ALLOC_WMARK_MIN | PA_ALLOC_CPUSET;
    bool high = pa_gfp_has(p, raw, PA_GFP_HIGH);
    bool nomemalloc = pa_gfp_has(p, raw, PA_GFP_NOMEMALLOC);

    if (p->alloc_rule == PA_ALLOC_RULE_63) {
        /* V618 gfp_to_alloc_flags */
        if (high)
            f |= PA_ALLOC_MIN_RESERVE;
        if (pa_gfp_has(p, raw, PA_GFP_KSWAPD_RECLAIM))
            f |= PA_ALLOC_KSWAPD;
        if (!pa_gfp_has(p, raw, PA_GFP_DIRECT_RECLAIM)) {
            if (!nomemalloc) {
                f |= PA_ALLOC_NON_BLOCK;
                /* 6.17+ also needs __GFP_HIGH (commit 6a204d4b14c9, "only
                   set ALLOC_HIGHATOMIC for __GFP_HIGH allocations") */
                if (order > 0 && (!p->highatomic_needs_high || (f & PA_ALLOC_MIN_RESERVE)))
                    f |= PA_ALLOC_HIGHATOMIC;
            }
            if (f & PA_ALLOC_MIN_RESERVE)
                f &= ~(unsigned)PA_ALLOC_CPUSET;
        } else if (ctx->rt_task && !ctx->in_interrupt) {
            f |= PA_ALLOC_MIN_RESERVE;
        }
    } else {
        /* V2632 / V316 / V44 / V419 / V515 gfp_to_alloc_flags */
        if (high)
            f |= PA_ALLOC_HIGH;
        if (p->slow_kswapd_flag && pa_gfp_has(p, raw, PA_GFP_KSWAPD_RECLAIM))
            f |= PA_ALLOC_KSWAPD;
        if (pa_gfp_is_atomic(p, raw)) {
            /* 2.6.32 gives HARDER even with __GFP_NOMEMALLOC; 3.x+ do not */
            if (p->alloc_rule == PA_ALLOC_RULE_2632 || !nomemalloc)
                f |= PA_ALLOC_HARDER;
            f &= ~(unsigned)PA_ALLOC_CPUSET;
        } else if (ctx->rt_task && !ctx->in_interrupt) {
            f |= PA_ALLOC_HARDER;
        }
    }
    if (cma_ok(p, raw))
        f |= PA_ALLOC_CMA;
    unsigned reserve = reserve_flags(p, raw, ctx);
    if (!reserve)
        return f;
    /* <= 4.13 the reserve flag joins the others (gfp_to_alloc_flags); from
       4.14 the retry loop replaces alloc_flags by it (__gfp_pfmemalloc_flags,
       read in 4.14.177), keeping CMA (5.x current_alloc_flags /
       gfp_to_alloc_flags_cma) and, 6.3+, ALLOC_KSWAPD. */
    if (!p->reserve_flags_replace)
        return f | reserve;
    unsigned keep = PA_ALLOC_CMA | (p->alloc_rule == PA_ALLOC_RULE_63 ? PA_ALLOC_KSWAPD : 0);
    return reserve | (f & keep);
}

unsigned pa_gfp_to_alloc_flags_ctx(const struct pa_profile *p, uint64_t raw, unsigned order,
                                   bool slow_path, const struct pa_alloc_ctx *ctx)
{
    if (!p)
        return 0;
    struct pa_alloc_ctx def;
    if (!ctx) {
        pa_alloc_ctx_default(p, raw, &def);
        ctx = &def;
    }
    return slow_path ? slow_path_flags(p, raw, order, ctx) : fast_path_flags(p, raw, ctx);
}

unsigned pa_gfp_to_alloc_flags(const struct pa_profile *p, uint64_t raw, unsigned order,
                               bool slow_path)
{
    return pa_gfp_to_alloc_flags_ctx(p, raw, order, slow_path, NULL);
}
