/*
 * lua_machine.c - the Lua face of the simulator: machine(), its methods and
 * the process objects.
 *
 * A machine is a full userdata holding a struct pa_sim (freed by __gc); a
 * process is a small userdata pointing into it, holding the machine as its
 * user value so the machine outlives its processes. insmod / rmmod and the
 * kernel modules' environment are in lua_module.c.
 *
 * Work queued with p:touch(n) runs at the next m:run() - or before any
 * other machine call - with all processes that have work running
 * concurrently (sim/workload.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "pagealloc/compaction.h"
#include "pagealloc/gfp.h"
#include "pagealloc/pageops.h"
#include "pagealloc/snapfile.h"
#include "pagealloc/vmscan.h"
#include "pagealloc/watermark.h"
#include "pagealloc/wmark_text.h"
#include "sim/lua_internal.h"
#include "sim/lua_sim.h"
#include "sim/sim.h"

#define PROC_MT "pagealloc.process"

struct lmachine {
    struct pa_sim *s;
    uint64_t charged;              /* bytes counted in the run's budget         */
};

struct lproc {
    struct pa_sim *s;
    int idx;
};

struct pa_sim *pa_lua_check_machine(lua_State *L, int i)
{
    struct lmachine *lm = luaL_checkudata(L, i, MACHINE_MT);
    if (!lm->s)
        luaL_error(L, "machine is gone");
    return lm->s;
}

static struct pa_proc *check_proc(lua_State *L, int i, struct pa_sim **sp)
{
    struct lproc *lp = luaL_checkudata(L, i, PROC_MT);
    *sp = lp->s;
    return lp->s->procs[lp->idx];
}

/* ---- the observer (lua_sim.h: `run --report`, m:map) -------------------------------- */

static const struct pa_lua_observer *observer(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, "pagealloc.observer");
    const struct pa_lua_observer *o = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return o;
}

void pa_lua_observe_step(lua_State *L, struct pa_sim *s, const char *fmt, ...)
{
    const struct pa_lua_observer *o = observer(L);
    if (!o || !o->step)
        return;
    char what[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    lua_Debug ar;
    const char *src = "";
    int line = 0;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar)) {
        src = ar.source && ar.source[0] == '@' ? ar.source + 1 : ar.short_src;
        line = ar.currentline;
    }
    o->step(o->ctx, s, what, src, line);
}

uint64_t pa_lua_run_queued(lua_State *L, struct pa_sim *s)
{
    uint64_t n = pa_sim_run(s);
    if (n)
        pa_lua_observe_step(L, s, "%llu queued page touches ran", (unsigned long long)n);
    return n;
}

/* "2G", "512M", "64k", "4096" (bytes) or an integer (bytes). */
uint64_t pa_lua_parse_size(lua_State *L, int i, const char *what)
{
    if (lua_type(L, i) == LUA_TNUMBER) {
        lua_Integer v;
        if (!lua_isinteger(L, i) || (v = lua_tointeger(L, i)) < 0)
            luaL_error(L, "%s: expected a non-negative integer of bytes", what);
        return (uint64_t)lua_tointeger(L, i);
    }
    const char *t = luaL_checkstring(L, i);
    char *end;
    errno = 0;
    unsigned long long v = strtoull(t, &end, 10);
    if (end == t || errno || *t == '-')
        luaL_error(L, "%s: '%s' is not a size (like 2G, 512M, 4096)", what, t);
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    case 't': case 'T': shift = 40; end++; break;
    case '\0': break;
    default: luaL_error(L, "%s: '%s' is not a size (like 2G, 512M, 4096)", what, t);
    }
    if (*end == 'i' && end[1] == 'B')
        end += 2;
    else if (*end == 'B')
        end++;
    if (*end || (shift && v > (UINT64_MAX >> shift)))
        luaL_error(L, "%s: '%s' is not a size (like 2G, 512M, 4096)", what, t);
    return (uint64_t)v << shift;
}

void pa_lua_check_gfp(lua_State *L, struct pa_sim *s, int i, struct pa_sim_gfp *g)
{
    char err[160];
    const char *t = luaL_checkstring(L, i);
    if (pa_sim_gfp_parse(s, t, g, err, sizeof err))
        luaL_error(L, "%s", err);
}

static int opt_cpu(lua_State *L, struct pa_sim *s, int i)
{
    lua_Integer cpu = luaL_optinteger(L, i, 0);
    if (cpu < 0 || cpu >= s->nr_cpus)
        luaL_error(L, "cpu %I does not exist (this machine has %d)", cpu, s->nr_cpus);
    return (int)cpu;
}

/* Field of an options table at index t as integer cpu (default 0). */
static int field_cpu(lua_State *L, struct pa_sim *s, int t)
{
    int cpu = 0;
    if (lua_istable(L, t)) {
        lua_getfield(L, t, "cpu");
        if (!lua_isnil(L, -1))
            cpu = opt_cpu(L, s, -1);
        lua_pop(L, 1);
    }
    return cpu;
}

/* ---- machine() -------------------------------------------------------------------- */

/* A string option, or NULL when absent. Only a real string is taken: a
   number would be converted on the stack and the converted copy freed by the
   pop below while the caller still reads it (and kernel = 4.10 is the number
   4.1). The returned string stays alive because the table holds it. */
static const char *opt_string(lua_State *L, int t, const char *k)
{
    lua_getfield(L, t, k);
    const char *v = NULL;
    if (lua_type(L, -1) == LUA_TSTRING)
        v = lua_tostring(L, -1);
    else if (!lua_isnil(L, -1))
        luaL_error(L, "machine(): %s must be a string (like \"%s\"), not a %s", k,
                   strcmp(k, "kernel") ? "madvise" : "4.14", luaL_typename(L, -1));
    lua_pop(L, 1);
    return v;
}

/* An integer option: 0 when absent (the preset's value); a given value must
   be at least `lo` (0 is the "absent" sentinel of struct pa_sim_opts, so
   cpus = 0 silently meant the preset's count) and fit an int. */
static int opt_int(lua_State *L, int t, const char *k, lua_Integer lo)
{
    lua_getfield(L, t, k);
    lua_Integer v = lua_isnil(L, -1) ? 0 : luaL_checkinteger(L, -1);
    bool given = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (given && (v < lo || v > INT_MAX))
        luaL_error(L, "machine(): %s: %I is out of range (at least %d)", k, v, (int)lo);
    return (int)v;
}

/* zones = { {"DMA", "16M"}, {"DMA32", "2032M"}, {"Normal", "4G", node = 1} } */
static void parse_zones(lua_State *L, int t, struct pa_sim_opts *o)
{
    luaL_checktype(L, t, LUA_TTABLE);
    lua_Integer n = luaL_len(L, t);
    if (n < 1 || n > PA_MAX_ZONE_SPECS)
        luaL_error(L, "zones: 1 to %d zones", PA_MAX_ZONE_SPECS);
    for (lua_Integer i = 1; i <= n; i++) {
        struct pa_zone_spec *z = &o->zones[i - 1];
        lua_geti(L, t, i);
        if (!lua_istable(L, -1))
            luaL_error(L, "zones[%d]: expected {TYPE, SIZE [, node = N]}", (int)i);
        lua_geti(L, -1, 1);
        const char *type = lua_tostring(L, -1);
        int k = 0;
        while (k < PA_ZONE_DEVICE && (!type || strcmp(type, pa_zone_type_name(k))))
            k++;
        if (k == PA_ZONE_DEVICE)
            luaL_error(L, "zones[%d]: type must be DMA, DMA32, Normal, HighMem or Movable",
                       (int)i);
        z->type = (enum pa_zone_type)k;
        lua_pop(L, 1);
        lua_geti(L, -1, 2);
        z->mib = pa_lua_parse_size(L, -1, "zone size") >> 20;
        lua_pop(L, 1);
        lua_getfield(L, -1, "node");
        lua_Integer node = lua_isnil(L, -1) ? 0 : luaL_checkinteger(L, -1);
        if (node < 0 || node >= PA_MAX_NODES)
            luaL_error(L, "zones: node %I out of range 0..%d", node, PA_MAX_NODES - 1);
        z->node = (int)node;
        lua_pop(L, 2);
    }
    o->nr_zones = (int)n;
}

/* machine("snapshot") is the state given with `run --from` (a real
   machine's `pagealloc snapshot`); its defaults come from this pseudo preset
   and the snapshot itself. */
static const struct pa_preset snapshot_preset = {
    .name = "snapshot",
    .summary = "the real machine of `run --from SNAPSHOT`, in its captured state",
    .kernel = "",
    .nodes = 1,
    .cpus = 2,
    .thp = PA_THP_NEVER,
    .source = "a pagealloc snapshot file",
};

/* The engine's page array for a machine of preset p with options o, before
   it is built: one struct pa_page per pfn up to the highest one. */
static uint64_t estimate_bytes(const struct pa_preset *p, const struct pa_sim_opts *o)
{
    unsigned shift = o->page_shift ? o->page_shift : 12;
    uint64_t pfns = 0;
    if (o->snapshot) {
        for (int i = 0; i < o->snapshot->nr_zones; i++) {
            const struct pa_snapfile_zone *z = &o->snapshot->zones[i];
            uint64_t end = z->start_pfn + z->spanned;
            if (end > pfns)
                pfns = end;
        }
    } else {
        uint64_t mib = o->mem_mib ? o->mem_mib : p->mem_mib;
        if (o->nr_zones) {
            mib = 0;
            for (int i = 0; i < o->nr_zones; i++)
                mib += o->zones[i].mib;
        }
        pfns = (mib << 20) >> shift;
    }
    if (pfns > (UINT64_MAX >> 8) / sizeof(struct pa_page))
        return UINT64_MAX >> 8;
    return pfns * sizeof(struct pa_page);
}

static int l_machine(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    const struct pa_preset *p = pa_preset_find(name);
    const struct pa_snapfile *snap = NULL;
    if (!strcmp(name, "snapshot")) {
        lua_getfield(L, LUA_REGISTRYINDEX, "pagealloc.snapshot");
        snap = lua_touserdata(L, -1);
        lua_pop(L, 1);
        if (!snap)
            return luaL_error(L, "machine('snapshot') needs `pagealloc run --from SNAPSHOT`");
        p = &snapshot_preset;
    }
    if (!p) {
        int n;
        const struct pa_preset *all = pa_preset_list(&n);
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        for (int i = 0; i < n; i++) {
            luaL_addstring(&b, i ? ", " : "");
            luaL_addstring(&b, all[i].name);
        }
        luaL_pushresult(&b);
        return luaL_error(L, "no machine preset '%s' (presets: %s)", name, lua_tostring(L, -1));
    }
    struct pa_sim_opts o;
    pa_sim_opts_init(&o);
    o.snapshot = snap;
    lua_getfield(L, LUA_REGISTRYINDEX, "pagealloc.seed");
    o.seed = (uint64_t)lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        /* every key must be known: a typo is an error, not a silent default */
        static const char *const known[] = {"kernel", "mem", "cpus", "nodes", "swap",
                                            "min_free_kbytes", "thp", "slab", "boot",
                                            "page_size", "zones", NULL};
        lua_pushnil(L);
        while (lua_next(L, 2)) {
            lua_pop(L, 1);
            const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
            int i = 0;
            while (known[i] && strcmp(known[i], k))
                i++;
            if (!known[i])
                return luaL_error(L, "machine(): unknown option '%s'", k);
        }
        o.kernel = opt_string(L, 2, "kernel");
        lua_getfield(L, 2, "mem");
        if (!lua_isnil(L, -1)) {
            o.mem_mib = pa_lua_parse_size(L, -1, "mem") >> 20;
            if (!o.mem_mib)   /* 0 would mean "the preset's size" */
                return luaL_error(L, "machine(): mem must be between 64M and 16T, got %s",
                                  luaL_tolstring(L, -1, NULL));
        }
        lua_pop(L, 1);
        lua_getfield(L, 2, "swap");
        if (!lua_isnil(L, -1))
            o.swap_mib = pa_lua_parse_size(L, -1, "swap") >> 20;
        lua_pop(L, 1);
        lua_getfield(L, 2, "page_size");
        if (!lua_isnil(L, -1)) {
            uint64_t ps = pa_lua_parse_size(L, -1, "page_size");
            o.page_shift = ps == 4096 ? 12 : ps == 16384 ? 14 : ps == 65536 ? 16 : 0;
            if (!o.page_shift)
                return luaL_error(L, "page_size must be 4K, 16K or 64K");
        }
        lua_pop(L, 1);
        lua_getfield(L, 2, "zones");
        if (!lua_isnil(L, -1))
            parse_zones(L, lua_gettop(L), &o);
        lua_pop(L, 1);
        o.cpus = opt_int(L, 2, "cpus", 1);
        o.nodes = opt_int(L, 2, "nodes", 1);
        lua_getfield(L, 2, "min_free_kbytes");
        if (!lua_isnil(L, -1) &&
            (luaL_checkinteger(L, -1) < 0 || lua_tointeger(L, -1) > INT_MAX))
            return luaL_error(L, "machine(): min_free_kbytes must be 0 to %d (the kernel's "
                                 "range), not %I", INT_MAX, lua_tointeger(L, -1));
        o.min_free_kbytes = lua_isnil(L, -1) ? 0 : (uint64_t)luaL_checkinteger(L, -1);
        lua_pop(L, 1);
        const char *thp = opt_string(L, 2, "thp");
        if (thp) {
            if (!strcmp(thp, "never")) o.thp = PA_THP_NEVER;
            else if (!strcmp(thp, "madvise")) o.thp = PA_THP_MADVISE;
            else if (!strcmp(thp, "always")) o.thp = PA_THP_ALWAYS;
            else return luaL_error(L, "thp must be never, madvise or always, not '%s'", thp);
        }
        const char *slab = opt_string(L, 2, "slab");
        if (slab) {
            if (!strcmp(slab, "SLAB")) o.slab = PA_SLAB_SLAB;
            else if (!strcmp(slab, "SLUB")) o.slab = PA_SLAB_SLUB;
            else return luaL_error(L, "slab must be SLAB or SLUB, not '%s'", slab);
        }
        lua_getfield(L, 2, "boot");
        if (!lua_isnil(L, -1))
            o.no_boot_state = !lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    /* A machine's pages live outside Lua's heap (up to GiBs); Lua's collector
       cannot see them, so collect unreachable machines before a new one. */
    lua_gc(L, LUA_GCCOLLECT);
    /* --max-memory counts the machines: their page arrays are checked before
       anything is built (a snapshot may declare a TiB zone in 119 bytes) */
    struct pa_lua_budget *bud = pa_lua_budget(L);
    uint64_t est = estimate_bytes(p, &o);
    if (bud && bud->lua_used + bud->machines + est > bud->max)
        return luaL_error(L, "machine('%s'): its page array needs about %I MiB; with %I MiB "
                             "in use that is above --max-memory %I MiB", name,
                          (lua_Integer)(est >> 20),
                          (lua_Integer)((bud->lua_used + bud->machines) >> 20),
                          (lua_Integer)(bud->max >> 20));
    struct lmachine *lm = lua_newuserdatauv(L, sizeof *lm, 1);
    lm->s = NULL;
    lm->charged = 0;
    luaL_setmetatable(L, MACHINE_MT);
    char err[256];
    lm->s = pa_sim_create(p, &o, err, sizeof err);
    if (!lm->s)
        return luaL_error(L, "machine('%s'): %s", name, err);
    if (bud) {
        lm->charged = lm->s->m->mem_bytes + sizeof *lm->s;
        bud->machines += lm->charged;
        if (bud->lua_used + bud->machines > bud->max)
            return luaL_error(L, "machine('%s'): the simulated machines take %I MiB, above "
                                 "--max-memory %I MiB", name,
                              (lua_Integer)((bud->lua_used + bud->machines) >> 20),
                              (lua_Integer)(bud->max >> 20));
    }
    lua_newtable(L); /* loaded modules */
    lua_setiuservalue(L, -2, 1);
    pa_lua_observe_step(L, lm->s, "machine(\"%s\")", name);
    return 1;
}

static int m_gc(lua_State *L)
{
    struct lmachine *lm = luaL_checkudata(L, 1, MACHINE_MT);
    pa_sim_destroy(lm->s);
    lm->s = NULL;
    struct pa_lua_budget *bud = pa_lua_budget(L);
    if (bud && lm->charged <= bud->machines)
        bud->machines -= lm->charged;
    lm->charged = 0;
    return 0;
}

static int push_sb(lua_State *L, struct pa_strbuf *sb)
{
    if (sb->oom) {
        pa_sb_free(sb);
        return luaL_error(L, "out of memory");
    }
    lua_pushlstring(L, pa_sb_str(sb), sb->len);
    pa_sb_free(sb);
    return 1;
}

static int m_run(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    uint64_t n = pa_sim_run(s);
    if (n)
        pa_lua_observe_step(L, s, "run: %llu page touches", (unsigned long long)n);
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
}

static int m_cat(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    const char *path = luaL_checkstring(L, 2);
    pa_lua_run_queued(L, s);
    struct pa_strbuf sb = PA_STRBUF_INIT;
    if (pa_sim_cat(s, path, &sb)) {
        pa_sb_free(&sb);
        return luaL_error(L, "cat: %s: not simulated (/proc/buddyinfo, pagetypeinfo, "
                             "zoneinfo, vmstat, meminfo, sys/vm/min_free_kbytes, "
                             "sys/kernel/debug/extfrag/{extfrag,unusable}_index are)",
                          path);
    }
    return push_sb(L, &sb);
}

static int m_free(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    const char *flag = luaL_optstring(L, 2, "-k");
    pa_lua_run_queued(L, s);
    struct pa_strbuf sb = PA_STRBUF_INIT;
    if (pa_sim_free_cmd(s, flag, &sb)) {
        pa_sb_free(&sb);
        return luaL_error(L, "free: unknown option '%s' (-b, -k, -m, -g)", flag);
    }
    return push_sb(L, &sb);
}

static int m_dmesg(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    lua_pushstring(L, pa_sb_str(&s->dmesg));
    return 1;
}

static int m_check(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    char msg[256];
    if (pa_machine_check(s->m, msg, sizeof msg))
        return luaL_error(L, "machine invariant violated: %s", msg);
    lua_pushboolean(L, 1);
    return 1;
}

/* m:zone("DMA32" [, node]) -> { free=, managed=, present=, nr_free={o0..}, min=,... } */
static int m_zone(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    const char *name = luaL_checkstring(L, 2);
    lua_Integer nodei = luaL_optinteger(L, 3, 0);
    if (nodei < 0 || nodei >= PA_MAX_NODES)
        return luaL_error(L, "zone: node %I out of range 0..%d", nodei, PA_MAX_NODES - 1);
    int node = (int)nodei;
    pa_lua_run_queued(L, s);
    for (int i = 0; i < s->m->nr_zones; i++) {
        const struct pa_zone *z = &s->m->zones[i];
        if (z->node != node || strcmp(z->name, name))
            continue;
        lua_createtable(L, 0, 8);
        lua_pushinteger(L, (lua_Integer)z->free_pages);
        lua_setfield(L, -2, "free");
        lua_pushinteger(L, (lua_Integer)z->managed);
        lua_setfield(L, -2, "managed");
        lua_pushinteger(L, (lua_Integer)z->present);
        lua_setfield(L, -2, "present");
        lua_pushinteger(L, (lua_Integer)z->start_pfn);
        lua_setfield(L, -2, "start_pfn");
        lua_pushinteger(L, (lua_Integer)pa_pcp_count(s->m, z, -1));
        lua_setfield(L, -2, "pcp");
        static const char *const wm[] = {"min", "low", "high"};
        for (int w = 0; w < 3; w++) {
            lua_pushinteger(L, (lua_Integer)(z->watermark[w] + z->watermark_boost));
            lua_setfield(L, -2, wm[w]);
        }
        lua_createtable(L, PA_ZONE_TYPES, 0);
        for (int t = 0; t < PA_ZONE_TYPES; t++) {
            lua_pushinteger(L, (lua_Integer)z->lowmem_reserve[t]);
            lua_rawseti(L, -2, t + 1);
        }
        lua_setfield(L, -2, "lowmem_reserve");
        /* indexed by order as buddyinfo's columns are: nr_free[0] is order 0
           (docs/scenarios.md); lowmem_reserve stays a 1-based list */
        lua_createtable(L, (int)s->m->max_order, 1);
        for (unsigned o = 0; o <= s->m->max_order; o++) {
            lua_pushinteger(L, (lua_Integer)z->free_area[o].nr_free);
            lua_rawseti(L, -2, (lua_Integer)o);
        }
        lua_setfield(L, -2, "nr_free");
        return 1;
    }
    return luaL_error(L, "no zone %s on node %d", name, node);
}

/* m:watermark(zone, order [, {node = 0, mark = "low", gfp = "GFP_KERNEL"}]):
   the era's watermark check of the zone for a request of that order and
   mask at the mark, as the allocator runs it (pa_zone_watermark_ok, the
   mark's ALLOC flags and the class zone of the mask), step by step
   (src/format/wmark_trace.c). Returns the text and the verdict. */
static int m_watermark(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    const char *name = luaL_checkstring(L, 2);
    lua_Integer order = luaL_checkinteger(L, 3);
    int node = 0;
    const char *mark = "low", *gfp = "GFP_KERNEL";
    if (!lua_isnoneornil(L, 4)) {
        luaL_checktype(L, 4, LUA_TTABLE);
        lua_getfield(L, 4, "node");
        node = (int)luaL_optinteger(L, -1, 0);
        lua_getfield(L, 4, "mark");
        mark = luaL_optstring(L, -1, "low");
        lua_getfield(L, 4, "gfp");
        gfp = luaL_optstring(L, -1, "GFP_KERNEL");
        lua_pop(L, 3);
    }
    if (order < 0 || order > (lua_Integer)s->m->max_order)
        return luaL_error(L, "watermark: order %I out of range 0..%d", order, (int)s->m->max_order);
    unsigned which = !strcmp(mark, "min")    ? PA_ALLOC_WMARK_MIN
                     : !strcmp(mark, "low")  ? PA_ALLOC_WMARK_LOW
                     : !strcmp(mark, "high") ? PA_ALLOC_WMARK_HIGH
                                             : 99u;
    if (which == 99u)
        return luaL_error(L, "watermark: mark must be \"min\", \"low\" or \"high\"");
    struct pa_sim_gfp g;
    char err[160];
    if (pa_sim_gfp_parse(s, gfp, &g, err, sizeof err))
        return luaL_error(L, "watermark: %s", err);
    pa_lua_run_queued(L, s);
    const struct pa_zone *z = NULL;
    for (int i = 0; i < s->m->nr_zones && !z; i++)
        if (s->m->zones[i].node == node && !strcmp(s->m->zones[i].name, name))
            z = &s->m->zones[i];
    if (!z)
        return luaL_error(L, "no zone %s on node %d", name, node);
    const struct pa_profile *p = s->m->profile;
    /* the class zone: the preferred zone, the highest populated one of the
       node the mask may use (zone_idx(preferred_zone) in 2.6.32 - 4.x) */
    int highest = (int)pa_gfp_zone(p, g.raw), classzone = 0;
    for (int i = 0; i < s->m->nr_zones; i++)
        if (s->m->zones[i].node == node && s->m->zones[i].managed &&
            (int)s->m->zones[i].type <= highest && (int)s->m->zones[i].type > classzone)
            classzone = (int)s->m->zones[i].type;
    struct pa_wmark_trace t;
    unsigned flags = which;
    bool ok = pa_zone_watermark_ok(p, z, (unsigned)order, pa_zone_wmark_mark(p, z, flags),
                                   classzone, flags, &t);
    struct pa_strbuf out = PA_STRBUF_INIT;
    pa_sb_printf(&out, "Node %d %s, order %d, %s at %s (class zone %s):\n", node, z->name,
                 (int)order, gfp, mark, pa_zone_type_name((enum pa_zone_type)classzone));
    pa_wmark_trace_format(&t, "  ", &out);
    lua_pushstring(L, out.s ? out.s : "");
    pa_sb_free(&out);
    lua_pushboolean(L, ok);
    return 2;
}

/* m:last_failure(): what the allocator did for the last request that failed
   (its zonelist with each zone's fast-path and slow-path verdict, and the
   slow path's work), or nil when none has. */
static int m_last_failure(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    pa_lua_run_queued(L, s);
    const struct pa_alloc_result *r = &s->last_fail;
    if (!r->nzones) {
        lua_pushnil(L);
        return 1;
    }
    static const char *const verdict[] = {"not tried", "not eligible (above the mask's zone)",
                                          "watermark check failed",
                                          "watermark passed, no free block", "ok"};
    struct pa_strbuf out = PA_STRBUF_INIT;
    for (int i = 0; i < r->nzones; i++) {
        const struct pa_zone *z = r->zones[i].zone;
        unsigned f = (unsigned)r->zones[i].fast, w = (unsigned)r->zones[i].slow;
        pa_sb_printf(&out, "  Node %d %-7s fast path (LOW): %s; slow path (MIN): %s\n", z->node,
                     z->name, f < 5 ? verdict[f] : "?", w < 5 ? verdict[w] : "?");
    }
    pa_sb_printf(&out,
                 "  slow path: %u kswapd wake-up(s), %u direct reclaim round(s) freeing %llu "
                 "pages, %u direct compaction(s), %u OOM call(s); gave up: %s\n",
                 r->kswapd_wakeups, r->reclaim_rounds, (unsigned long long)r->reclaimed,
                 r->compactions, r->oom_calls, pa_nopage_reason_name(r->nopage));
    lua_pushstring(L, out.s ? out.s : "");
    pa_sb_free(&out);
    return 1;
}

/* The compaction tunables (kernel-semantics 7.3, 7.5; V618 mm/compaction.c
   vm_compaction table): vm.compaction_proactiveness 0..100 (5.9+),
   vm.extfrag_threshold 0..1000 (2.6.35+), vm.compact_unevictable_allowed
   0..1 (4.1+); a kernel without the file gives an error. Read with no
   value. Returns 1 (the value pushed), or -1 for another name. */
static int compaction_sysctl(lua_State *L, struct pa_sim *s, const char *name, bool set)
{
    static const struct {
        const char *name;
        lua_Integer max;
        const char *since;
    } knobs[] = {{"vm.compaction_proactiveness", 100, "5.9"},
                 {"vm.extfrag_threshold", 1000, "2.6.35"},
                 {"vm.compact_unevictable_allowed", 1, "4.1"}};
    struct pa_machine *m = s->m;
    const struct pa_profile *p = m->profile;
    for (int i = 0; i < 3; i++) {
        if (strcmp(name, knobs[i].name))
            continue;
        bool present = i == 0   ? p->compaction.proactive
                       : i == 1 ? p->compaction.rule != PA_COMPACT_NONE
                                : p->compaction.unevictable_sysctl;
        if (!present)
            return luaL_error(L, "sysctl %s: kernel %s has no such file (it arrived in %s)", name,
                              p->name, knobs[i].since);
        if (set) {
            lua_Integer v = luaL_checkinteger(L, 3);
            if (v < 0 || v > knobs[i].max)
                return luaL_error(L, "%s must be 0 to %I, not %I", name, knobs[i].max, v);
            if (i == 0)
                m->compaction_proactiveness = (unsigned)v;
            else if (i == 1)
                m->extfrag_threshold = (unsigned)v;
            else
                m->compact_unevictable_allowed = v != 0;
            pa_lua_observe_step(L, s, "sysctl %s=%lld", name, (long long)v);
        }
        lua_pushinteger(L, i == 0   ? (lua_Integer)m->compaction_proactiveness
                           : i == 1 ? (lua_Integer)m->extfrag_threshold
                                    : (lua_Integer)m->compact_unevictable_allowed);
        return 1;
    }
    return -1;
}

static int m_sysctl(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    const char *name = luaL_checkstring(L, 2);
    bool set = !lua_isnoneornil(L, 3);
    pa_lua_run_queued(L, s);
    if (!strcmp(name, "vm.drop_caches")) {
        lua_Integer v = luaL_checkinteger(L, 3);
        if (v < 1 || v > 3)
            return luaL_error(L, "vm.drop_caches takes 1, 2 or 3");
        lua_pushinteger(L, (lua_Integer)pa_sim_drop_caches(s, (int)v));
        pa_lua_observe_step(L, s, "sysctl vm.drop_caches=%d", (int)v);
        return 1;
    }
    if (!strcmp(name, "vm.min_free_kbytes")) {
        if (set) {
            lua_Integer v = luaL_checkinteger(L, 3);
            /* the kernel's range: proc_dointvec_minmax, 0 .. INT_MAX (2^62
               wrapped the watermarks) */
            if (v < 0 || v > INT_MAX)
                return luaL_error(L, "vm.min_free_kbytes must be 0 to %d, not %I", INT_MAX, v);
            uint64_t old = s->min_free_kbytes;
            char err[160];
            s->min_free_kbytes = (uint64_t)v;
            if (pa_sim_setup_wmarks(s, err, sizeof err)) {
                s->min_free_kbytes = old;
                return luaL_error(L, "sysctl vm.min_free_kbytes: %s", err);
            }
            pa_lua_observe_step(L, s, "sysctl vm.min_free_kbytes=%lld", (long long)v);
        }
        lua_pushinteger(L, (lua_Integer)s->m->min_free_kbytes);
        return 1;
    }
    if (!strcmp(name, "vm.swappiness") || !strcmp(name, "vm.dirty_ratio")) {
        bool sw = name[3] == 's';
        /* swappiness 0..100, 0..200 from 5.8 (the cost model's series: "mm:
           allow swappiness that prefers reclaiming anon over the file
           workingset"); dirty_ratio 0..100 */
        lua_Integer max = sw && s->m->profile->reclaim.scan_balance == PA_BALANCE_COST ? 200 : 100;
        if (set) {
            lua_Integer v = luaL_checkinteger(L, 3);
            if (v < 0 || v > max)
                return luaL_error(L, "%s must be 0 to %I, not %I", name, max, v);
            if (sw)
                s->m->swappiness = (unsigned)v;
            else
                s->dirty_ratio = (unsigned)v;
            pa_lua_observe_step(L, s, "sysctl %s=%lld", name, (long long)v);
        }
        lua_pushinteger(L, (lua_Integer)(sw ? s->m->swappiness : s->dirty_ratio));
        return 1;
    }
    if (!strcmp(name, "vm.nr_hugepages")) {
        if (set) {
            lua_Integer v = luaL_checkinteger(L, 3);
            if (v < 0 || v > (lua_Integer)(s->m->max_pfn >> s->m->pageblock_order))
                return luaL_error(L, "vm.nr_hugepages must be 0 to %I, not %I",
                                  (lua_Integer)(s->m->max_pfn >> s->m->pageblock_order), v);
            pa_sim_set_hugepages(s, (uint64_t)v);
            pa_lua_observe_step(L, s, "sysctl vm.nr_hugepages=%lld", (long long)v);
        }
        lua_pushinteger(L, (lua_Integer)s->nr_hugepages);
        return 1;
    }
    if (!strcmp(name, "vm.compact_memory")) {
        /* echo 1 > /proc/sys/vm/compact_memory: every zone, whole-zone SYNC
           runs (kernel-semantics 7.5; src/mm/compaction.c). 6.x takes only
           "1" (-EINVAL otherwise); before 2.6.35 the file does not exist. */
        lua_Integer v = luaL_checkinteger(L, 3);
        const struct pa_profile *p = s->m->profile;
        if (p->compaction.rule == PA_COMPACT_NONE)
            return luaL_error(L, "sysctl vm.compact_memory: kernel %s has no compaction "
                                 "(it arrived in 2.6.35)", p->name);
        if (p->compaction.rule == PA_COMPACT_6X && v != 1)
            return luaL_error(L, "sysctl vm.compact_memory: 6.x takes only 1, not %I", v);
        lua_pushinteger(L, (lua_Integer)pa_compact_memory(s->m));
        pa_lua_observe_step(L, s, "sysctl vm.compact_memory=%lld", (long long)v);
        return 1;
    }
    int e = compaction_sysctl(L, s, name, set);
    if (e >= 0)
        return e;
    return luaL_error(L, "sysctl %s is not simulated (vm.drop_caches, vm.min_free_kbytes, "
                         "vm.swappiness, vm.dirty_ratio, "
                         "vm.compact_memory, vm.nr_hugepages, vm.compaction_proactiveness, "
                         "vm.extfrag_threshold, vm.compact_unevictable_allowed are)",
                      name);
}

/* m:map("FILE.png" | "FILE.svg" [, zone]): the memory map (docs/draw.md),
   drawn by the observer the command gives the runtime. The sandbox has no
   file access, so this writes only pictures, under the current directory:
   a relative name without "..", ending in .png or .svg. */
static int m_map(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    const char *path = luaL_checkstring(L, 2);
    const char *zone = luaL_optstring(L, 3, NULL);
    size_t len = strlen(path);
    bool ext = len > 4 && (!strcmp(path + len - 4, ".png") || !strcmp(path + len - 4, ".svg"));
    if (!ext || path[0] == '/' || strstr(path, "..") || len > 1000)
        return luaL_error(L, "map: '%s': a relative file name ending in .png or .svg, "
                             "without '..'", path);
    const struct pa_lua_observer *o = observer(L);
    if (!o || !o->map)
        return luaL_error(L, "map: pictures are not available here (run the scenario with "
                             "`pagealloc run`)");
    pa_lua_run_queued(L, s);
    char err[300];
    if (o->map(o->ctx, s, path, zone, err, sizeof err))
        return luaL_error(L, "map: %s", err);
    return 0;
}

/* m:sleep(seconds): time passes. Every 2 s the slab allocator's cache_reap
   runs (REAPTIMEOUT 2 * HZ); here it releases the caches' empty slabs. */
static int m_sleep(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    lua_Number sec = luaL_checknumber(L, 2);
    if (!(sec >= 0) || sec > 1e9)
        return luaL_error(L, "sleep: seconds must be between 0 and 1e9");
    pa_lua_run_queued(L, s);
    uint64_t ns = (uint64_t)(sec * 1e9);
    uint64_t before = s->clock_ns / 2000000000u;
    s->clock_ns += ns;
    uint64_t pages = 0;
    if (s->clock_ns / 2000000000u != before)
        pages = pa_sim_slab_reap(s);
    pa_sim_writeback(s, false); /* the flusher threads wake up */
    pa_sim_kswapd(s); /* kswapd runs while the scenario sleeps */
    /* then kcompactd: woken work and proactive compaction (500 ms checks) */
    uint64_t moved = pa_sim_kcompactd(s, s->clock_ns - ns, s->clock_ns);
    if (pages || moved)
        pa_lua_observe_step(L, s, "sleep %g s: %llu slab pages reaped, %llu pages compacted",
                            (double)sec, (unsigned long long)pages, (unsigned long long)moved);
    lua_pushinteger(L, (lua_Integer)pages);
    return 1;
}

/* m:read / m:write: the file's pages enter the page cache (dirty for a
   write), bytes [offset, offset + size) with {offset = N} (default 0). A
   list of paths: the files are read or written at the same time on the CPU,
   their pages interleaved one by one (pa_sim_read_files). */
static int file_io(lua_State *L, const char *verb,
                   long long (*io)(struct pa_sim *, const char *, uint64_t, uint64_t, int))
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    bool list = lua_istable(L, 2);
    const char *path = list ? NULL : luaL_checkstring(L, 2);
    uint64_t bytes = pa_lua_parse_size(L, 3, "size"), offset = 0;
    int cpu = field_cpu(L, s, 4);
    if (lua_istable(L, 4)) {
        lua_getfield(L, 4, "offset");
        if (!lua_isnil(L, -1))
            offset = pa_lua_parse_size(L, -1, "offset");
        lua_pop(L, 1);
    }
    int np = 0;
    const char **paths = NULL;
    if (list) {
        lua_Integer len = luaL_len(L, 2);
        luaL_argcheck(L, len >= 1 && len <= 65536, 2, "a list of 1 to 65536 paths");
        np = (int)len;
        /* the strings stay referenced by the table during the call */
        paths = lua_newuserdatauv(L, (size_t)np * sizeof *paths, 0);
        for (int i = 0; i < np; i++) {
            lua_geti(L, 2, i + 1);
            luaL_argcheck(L, lua_type(L, -1) == LUA_TSTRING, 2, "the list holds a non-string");
            paths[i] = lua_tostring(L, -1);
            lua_pop(L, 1);
        }
        path = paths[0];
    }
    pa_lua_run_queued(L, s);
    s->err[0] = '\0';
    long long n = list ? pa_sim_read_files(s, paths, np, offset, bytes, cpu,
                                           io == pa_sim_write_file_at)
                       : io(s, path, offset, bytes, cpu);
    if (list)
        pa_lua_observe_step(L, s, "%s %d files from %s (%llu bytes each)", verb, np, path,
                            (unsigned long long)bytes);
    else
        pa_lua_observe_step(L, s, "%s %s (%llu bytes)", verb, path, (unsigned long long)bytes);
    if (n < 0 && s->err[0]) { /* the machine ran out: what was read stays cached */
        lua_pushnil(L);
        lua_pushstring(L, s->err);
        return 2;
    }
    if (n < 0)
        return luaL_error(L, "out of memory");
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
}

static int m_read(lua_State *L)
{
    return file_io(L, "cache", pa_sim_read_file_at);
}

/* m:write(path, size [, {cpu=, offset=}]): as m:read, and the pages are dirty until
   written back (the flusher in m:sleep, m:sync, or reclaim). */
static int m_write(lua_State *L)
{
    return file_io(L, "write", pa_sim_write_file_at);
}

/* m:sync(): every dirty page written back (sync(2) waits for the I/O). */
static int m_sync(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    pa_lua_run_queued(L, s);
    uint64_t n = pa_sim_writeback(s, true);
    pa_lua_observe_step(L, s, "sync: %llu pages written back", (unsigned long long)n);
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
}

static int m_rm(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    const char *path = luaL_checkstring(L, 2);
    pa_lua_run_queued(L, s);
    if (pa_sim_remove_file(s, path))
        return luaL_error(L, "rm: %s: no such file", path);
    pa_lua_observe_step(L, s, "rm %s", path);
    return 0;
}

/* ---- processes ------------------------------------------------------------------------ */

static int push_proc(lua_State *L, struct pa_sim *s, int machine_idx);

static int m_spawn(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    const char *name = luaL_optstring(L, 2, "process");
    int cpu = field_cpu(L, s, 3);
    struct pa_proc *p = pa_sim_spawn(s, name, cpu);
    pa_lua_observe_step(L, s, "spawn %s on cpu %d", name, cpu);
    if (!p && s->err[0]) { /* the simulated machine is out of memory */
        lua_pushnil(L);
        lua_pushstring(L, s->err);
        return 2;
    }
    if (!p)
        return luaL_error(L, "out of memory");
    return push_proc(L, s, 1);
}

/* A process object for the newest process of s; machine_idx holds the
   machine, kept as the object's user value. */
static int push_proc(lua_State *L, struct pa_sim *s, int machine_idx)
{
    struct lproc *lp = lua_newuserdatauv(L, sizeof *lp, 1);
    lp->s = s;
    lp->idx = s->nr_procs - 1;
    luaL_setmetatable(L, PROC_MT);
    lua_pushvalue(L, machine_idx);
    lua_setiuservalue(L, -2, 1);
    return 1;
}

static int p_touch(lua_State *L)
{
    struct pa_sim *s;
    struct pa_proc *p = check_proc(L, 1, &s);
    lua_Integer n = luaL_checkinteger(L, 2);
    if (n < 0)
        return luaL_error(L, "touch: negative page count");
    /* a bound (issue 13): more than 4x the machine's pages is a typo, and a run
       of 2^62 page faults cannot be stopped by the time limit */
    if ((uint64_t)n > 4 * s->m->max_pfn)
        return luaL_error(L, "touch: %I pages is more than 4 times the machine's %I",
                          n, (lua_Integer)s->m->max_pfn);
    if (p->dead)
        return luaL_error(L, "touch: process %d was killed", p->pid);
    pa_proc_touch(p, (uint64_t)n);
    lua_settop(L, 1);
    return 1;
}

/* p:access(n): n accesses of pages the process already touched (a walk over
   its heap from where the last one stopped); swapped-out pages are swapped
   in. Queued like touches. */
static int p_access(lua_State *L)
{
    struct pa_sim *s;
    struct pa_proc *p = check_proc(L, 1, &s);
    lua_Integer n = luaL_checkinteger(L, 2);
    if (n < 0)
        return luaL_error(L, "access: negative page count");
    if ((uint64_t)n > 4 * s->m->max_pfn)
        return luaL_error(L, "access: %I pages is more than 4 times the machine's %I",
                          n, (lua_Integer)s->m->max_pfn);
    if (p->dead)
        return luaL_error(L, "access: process %d was killed", p->pid);
    if (!p->nr_pages && !p->pending)
        return luaL_error(L, "access: process %d has touched no memory yet", p->pid);
    /* touches queued before run first, so that the pages exist */
    if (p->pending)
        pa_lua_run_queued(L, s);
    if (p->dead)
        return luaL_error(L, "access: process %d was killed", p->pid);
    pa_proc_access(p, (uint64_t)n);
    lua_settop(L, 1);
    return 1;
}

static int push_proc(lua_State *L, struct pa_sim *s, int machine_idx);

/* p:fork([name]): a child process (its own address space, the parent's CPU
   and oom_score_adj). */
static int p_fork(lua_State *L)
{
    struct pa_sim *s;
    struct pa_proc *p = check_proc(L, 1, &s);
    const char *name = luaL_optstring(L, 2, p->name);
    if (p->dead)
        return luaL_error(L, "fork: process %d was killed", p->pid);
    pa_lua_run_queued(L, s);
    struct pa_proc *c = pa_sim_fork(s, p, name);
    pa_lua_observe_step(L, s, "fork %s from %d", name, p->pid);
    if (!c && s->err[0]) {
        lua_pushnil(L);
        lua_pushstring(L, s->err);
        return 2;
    }
    if (!c)
        return luaL_error(L, "out of memory");
    lua_getiuservalue(L, 1, 1); /* the machine */
    return push_proc(L, s, lua_gettop(L));
}

static int p_kill(lua_State *L)
{
    struct pa_sim *s;
    struct pa_proc *p = check_proc(L, 1, &s);
    pa_lua_run_queued(L, s);
    if (pa_sim_kill(s, p))
        return luaL_error(L, "kill: engine error: %s", pa_machine_errmsg(s->m));
    pa_lua_observe_step(L, s, "kill %d (%s)", p->pid, p->name);
    return 0;
}

/* p:mlock(): mlock(2) of what the process touched so far (as the kernel
   selftest compaction_test locks its chunks): its resident pages go to the
   unevictable LRU list (reclaim leaves them; compaction moves them while
   vm.compact_unevictable_allowed is 1). Returns the pages locked. Pages it
   faults later are not locked (no MCL_FUTURE). */
static int p_mlock(lua_State *L)
{
    struct pa_sim *s;
    struct pa_proc *p = check_proc(L, 1, &s);
    pa_lua_run_queued(L, s);
    lua_Integer n = 0;
    for (uint64_t i = 0; i < p->nr_pages && !p->dead; i++) {
        uint64_t pfn = p->pages[i];
        if (pfn == PA_PFN_NONE)
            continue;
        if (pa_page_set_unevictable(s->m, pfn, true))
            return luaL_error(L, "mlock: engine error: %s", pa_machine_errmsg(s->m));
        n++;
    }
    pa_lua_observe_step(L, s, "mlock %d (%s)", p->pid, p->name);
    lua_pushinteger(L, n);
    return 1;
}

static int p_index(lua_State *L)
{
    struct pa_sim *s;
    struct pa_proc *p = check_proc(L, 1, &s);
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "pid"))
        lua_pushinteger(L, p->pid);
    else if (!strcmp(k, "name"))
        lua_pushstring(L, p->name);
    else if (!strcmp(k, "cpu"))
        lua_pushinteger(L, p->cpu);
    else if (!strcmp(k, "rss"))
        lua_pushinteger(L, (lua_Integer)p->nr_pages);
    else if (!strcmp(k, "alive"))
        lua_pushboolean(L, !p->dead);
    else if (!strcmp(k, "oom"))
        lua_pushboolean(L, p->oom);
    else if (!strcmp(k, "swapped"))
        lua_pushinteger(L, (lua_Integer)p->nr_swapped);
    else if (!strcmp(k, "oom_score_adj"))
        lua_pushinteger(L, p->oom_score_adj);
    else if (!strcmp(k, "oom_adj"))
        lua_pushinteger(L, p->oom_adj);
    else if (!strcmp(k, "touch"))
        lua_pushcfunction(L, p_touch);
    else if (!strcmp(k, "access"))
        lua_pushcfunction(L, p_access);
    else if (!strcmp(k, "fork"))
        lua_pushcfunction(L, p_fork);
    else if (!strcmp(k, "kill"))
        lua_pushcfunction(L, p_kill);
    else if (!strcmp(k, "mlock"))
        lua_pushcfunction(L, p_mlock);
    else
        return luaL_error(L, "a process has no field '%s'", k);
    return 1;
}

/* p.oom_score_adj = v (-1000..1000, 2.6.36+) and p.oom_adj = v (-17..15):
   /proc/PID/oom_score_adj and oom_adj; each write sets the other as
   2.6.36's oom_adj_write / oom_score_adj_write do. */
static int p_newindex(lua_State *L)
{
    struct pa_sim *s;
    struct pa_proc *p = check_proc(L, 1, &s);
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "oom_score_adj")) {
        lua_Integer v = luaL_checkinteger(L, 3);
        if (s->m->profile->slowpath.badness == PA_BADNESS_2632)
            return luaL_error(L, "oom_score_adj: kernel %s has no /proc/PID/oom_score_adj "
                                 "(2.6.36+); set oom_adj (-17..15)", s->kernel);
        if (v < -1000 || v > 1000)
            return luaL_error(L, "oom_score_adj: %I is not in -1000..1000", v);
        p->oom_score_adj = (int)v;
        p->oom_adj = pa_oom_adj_from_score_adj((int)v);
    } else if (!strcmp(k, "oom_adj")) {
        lua_Integer v = luaL_checkinteger(L, 3);
        if (v < -17 || v > 15)
            return luaL_error(L, "oom_adj: %I is not in -17..15", v);
        p->oom_adj = (int)v;
        p->oom_score_adj = pa_oom_score_adj_from_adj((int)v);
    } else {
        return luaL_error(L, "a process has no settable field '%s' (oom_score_adj, oom_adj)",
                          k);
    }
    return 0;
}

/* ---- the kernel-module environment ---------------------------------------------------- */

static int m_tostring(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    lua_pushfstring(L, "machine(%s, kernel %s, %d cpus)", s->preset->name, s->kernel,
                    s->nr_cpus);
    return 1;
}

static int m_index(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "kernel")) {
        lua_pushstring(L, s->kernel);
        return 1;
    }
    if (!strcmp(k, "cpus")) {
        lua_pushinteger(L, s->nr_cpus);
        return 1;
    }
    if (!strcmp(k, "preset")) {
        lua_pushstring(L, s->preset->name);
        return 1;
    }
    luaL_getmetatable(L, MACHINE_MT);
    lua_getfield(L, -1, "methods");
    lua_getfield(L, -1, k);
    if (lua_isnil(L, -1))
        return luaL_error(L, "a machine has no method or field '%s'", k);
    return 1;
}

static int l_presets(lua_State *L)
{
    int n;
    const struct pa_preset *p = pa_preset_list(&n);
    lua_createtable(L, n, 0);
    for (int i = 0; i < n; i++) {
        lua_createtable(L, 0, 3);
        lua_pushstring(L, p[i].name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, p[i].summary);
        lua_setfield(L, -2, "summary");
        lua_pushstring(L, p[i].kernel);
        lua_setfield(L, -2, "kernel");
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

void pa_lua_open_machine(lua_State *L, const char *module_dir, uint64_t seed)
{
    static const luaL_Reg methods[] = {
        {"cat", m_cat}, {"free", m_free}, {"dmesg", m_dmesg}, {"insmod", pa_lua_insmod},
        {"rmmod", pa_lua_rmmod}, {"sysctl", m_sysctl}, {"spawn", m_spawn}, {"run", m_run},
        {"read", m_read}, {"write", m_write}, {"sync", m_sync}, {"rm", m_rm}, {"zone", m_zone},
        {"watermark", m_watermark}, {"last_failure", m_last_failure},
        {"check", m_check}, {"sleep", m_sleep}, {"map", m_map}, {NULL, NULL}};
    /* __metatable hides the metatables: a script cannot call __gc by hand
       (processes point into the machine) or swap the methods. */
    luaL_newmetatable(L, MACHINE_MT);
    lua_pushliteral(L, "pagealloc");
    lua_setfield(L, -2, "__metatable");
    lua_pushcfunction(L, m_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, m_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, m_tostring);
    lua_setfield(L, -2, "__tostring");
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "methods");
    lua_pop(L, 1);
    luaL_newmetatable(L, PROC_MT);
    lua_pushliteral(L, "pagealloc");
    lua_setfield(L, -2, "__metatable");
    lua_pushcfunction(L, p_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, p_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pop(L, 1);
    lua_pushstring(L, module_dir);
    lua_setfield(L, LUA_REGISTRYINDEX, "pagealloc.module_dir");
    lua_pushinteger(L, (lua_Integer)seed);
    lua_setfield(L, LUA_REGISTRYINDEX, "pagealloc.seed");
    lua_register(L, "machine", l_machine);
    lua_register(L, "presets", l_presets);
}
