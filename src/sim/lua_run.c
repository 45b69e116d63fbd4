/*
 * lua_run.c - running a scenario file in a sandboxed Lua 5.4 state.
 *
 * The sandbox: the base library without dofile / loadfile / require, with
 * load restricted to text chunks (binary chunks can crash the VM), and the
 * string, table, math, utf8 and coroutine libraries; no io, os, package or
 * debug. print() writes to the caller's stream. A Lua error becomes
 * "FILE:LINE: message".
 *
 * Bounds (issue 13): memory is capped by the allocator together with the
 * simulated machines (struct pa_lua_budget, --max-memory, default half of
 * physical memory); time by an instruction-count hook that compares the
 * monotonic clock with the deadline (--time-limit, default 600 s). Once the
 * deadline has passed the hook fires on every instruction, so a pcall, a
 * coroutine or a __gc finalizer that swallows the error is left at the next
 * instruction of its caller; a finalizer still running when the state is
 * closed makes the run fail too. Finalizers run in coroutines, where the
 * hook reaches them (l_setmetatable, gc_sentinel).
 * math.random is seeded from --seed so a run is reproducible; iteration order
 * of pairs() over string keys is not (Lua randomizes string hashes), so
 * scenarios print with ipairs or sorted keys.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "sim/lua_internal.h"
#include "sim/lua_sim.h"

/* instructions between two looks at the clock: about 0.1 ms of Lua */
#define PA_LUA_HOOK_COUNT 10000

struct run_ctx {
    struct pa_lua_budget budget;   /* first: the allocator's ud */
    FILE *out;
    struct timespec deadline;
    double time_limit;
    char limit_text[32];           /* "600", "0.5" */
    bool timed_out;
    char where[256];               /* "FILE:LINE: " where the time ran out */
    void (*progress)(void *ctx, const char *where); /* pa_lua_limits' */
    void *progress_ctx;
    struct timespec next_progress; /* when the hook calls progress again */
};

static void *cap_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct run_ctx *c = ud;
    struct pa_lua_budget *b = &c->budget;
    if (!ptr)
        osize = 0;
    if (nsize == 0) {
        free(ptr);
        b->lua_used -= osize;
        return NULL;
    }
    if (nsize > osize && b->lua_used + b->machines + (nsize - osize) > b->max)
        return NULL;
    void *p = realloc(ptr, nsize);
    if (p)
        b->lua_used = b->lua_used - osize + nsize;
    return p;
}

struct pa_lua_budget *pa_lua_budget(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, "pagealloc.budget");
    struct pa_lua_budget *b = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return b;
}

uint64_t pa_lua_default_max_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || size <= 0)
        return (uint64_t)1 << 30;
    return (uint64_t)pages * (uint64_t)size / 2;
}

static bool after(const struct timespec *now, const struct timespec *t)
{
    return now->tv_sec > t->tv_sec || (now->tv_sec == t->tv_sec && now->tv_nsec >= t->tv_nsec);
}

/* The progress callback, at most every 0.1 s, with the running line. */
static void progress_tick(lua_State *L, struct run_ctx *c, const struct timespec *now)
{
    if (!after(now, &c->next_progress))
        return;
    c->next_progress = *now;
    c->next_progress.tv_nsec += 100000000L;
    if (c->next_progress.tv_nsec >= 1000000000L) {
        c->next_progress.tv_sec++;
        c->next_progress.tv_nsec -= 1000000000L;
    }
    char where[300] = "";
    lua_Debug d;
    if (lua_getstack(L, 0, &d) && lua_getinfo(L, "Sl", &d) && d.currentline > 0)
        snprintf(where, sizeof where, "%s:%d", d.short_src, d.currentline);
    c->progress(c->progress_ctx, where);
}

/* The count hook: past the deadline, raise "FILE:LINE: time limit of N s
   reached" at the running Lua line, and from then on at every instruction. */
static void time_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    struct run_ctx *c;
    lua_getallocf(L, (void **)&c);
    if (!c->timed_out) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (!after(&now, &c->deadline)) {
            if (c->progress)
                progress_tick(L, c, &now);
            return;
        }
        c->timed_out = true;
        lua_Debug d;
        if (lua_getstack(L, 0, &d) && lua_getinfo(L, "Sl", &d) && d.currentline > 0)
            snprintf(c->where, sizeof c->where, "%s:%d: ", d.short_src, d.currentline);
    }
    lua_sethook(L, time_hook, LUA_MASKCOUNT, 1);
    lua_pushfstring(L, "%stime limit of %s s reached", c->where, c->limit_text);
    lua_error(L);
}

/* Finalizers. Lua runs a __gc with hooks off (lgc.c GCTM sets allowhook
   to 0), so a looping __gc would escape the time hook; and Lua calls
   whatever function the metatable's __gc holds at collection time, so
   wrapping the function at setmetatable left a hole: a __gc replaced after
   setmetatable (`getmetatable(t).__gc = f`, or through the table passed)
   ran unwrapped. So Lua never finalizes a scenario's table itself:
   setmetatable hides __gc from lua_setmetatable (the table is not marked
   for finalization) and ties a sentinel to the table instead, a userdata
   of ours with a C __gc, held in an ephemeron table (weak keys) under the
   table. When the table becomes garbage so does the sentinel; Lua
   finalizes the sentinel, which resurrects the table through its user
   value, and gc_sentinel calls the __gc the table's metatable holds now
   in a fresh coroutine - a new thread has hooks on and inherits the count
   hook - with the table as argument. The semantics are Lua's: only a
   table whose metatable had a __gc when it was set is finalized, once,
   by the metatable's __gc at collection time. */
#define GC_SENTINELS "pagealloc.gc_sentinels"
#define GC_SENTINEL_MT "pagealloc.gc_sentinel"

static int gc_sentinel(lua_State *L)
{
    if (lua_getiuservalue(L, 1, 1) != LUA_TTABLE)
        return 0;
    /* forget the tie (the table may be resurrected; it is finalized once) */
    lua_getfield(L, LUA_REGISTRYINDEX, GC_SENTINELS);
    lua_pushvalue(L, 2);
    lua_pushnil(L);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    if (!lua_getmetatable(L, 2))
        return 0;
    lua_pushliteral(L, "__gc");
    lua_rawget(L, -2);
    if (!lua_isfunction(L, -1))
        return 0; /* no __gc now: nothing to call, as in Lua */
    lua_State *co = lua_newthread(L);
    lua_insert(L, -2);
    lua_pushvalue(L, 2);
    lua_xmove(L, co, 2);
    int nres;
    int st = lua_resume(co, L, 1, &nres);
    if (st != LUA_OK && st != LUA_YIELD) {
        lua_xmove(co, L, 1);
        return lua_error(L); /* the collector swallows it; the hook does not */
    }
    return 0;
}

/* Tie a sentinel to the table at index t (once). */
static void gc_tie(lua_State *L, int t)
{
    lua_getfield(L, LUA_REGISTRYINDEX, GC_SENTINELS);
    lua_pushvalue(L, t);
    if (lua_rawget(L, -2) != LUA_TNIL) {
        lua_pop(L, 2);
        return;
    }
    lua_pop(L, 1);
    lua_pushvalue(L, t);
    lua_newuserdatauv(L, 0, 1);
    lua_pushvalue(L, t);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, GC_SENTINEL_MT);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

/* setmetatable(table, metatable): base library's, with __gc handled as
   above (lbaselib.c luaB_setmetatable's checks). */
static int l_setmetatable(lua_State *L)
{
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    bool gc = false;
    if (t == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        lua_rawget(L, 2);
        if (!lua_isnil(L, -1) && !lua_isfunction(L, -1))
            return luaL_error(L, "setmetatable: __gc must be a function or nil, not a %s",
                              luaL_typename(L, -1));
        gc = !lua_isnil(L, -1);
        if (gc) { /* hide it from lua_setmetatable: Lua does not mark the table */
            lua_pushliteral(L, "__gc");
            lua_pushnil(L);
            lua_rawset(L, 2);
        }
    }
    lua_pushvalue(L, 2);
    lua_setmetatable(L, 1);
    if (gc) {
        lua_pushliteral(L, "__gc");
        lua_pushvalue(L, 3);
        lua_rawset(L, 2);
        gc_tie(L, 1);
    }
    lua_settop(L, 1);
    return 1;
}

static int l_print(lua_State *L)
{
    struct run_ctx *c;
    lua_getallocf(L, (void **)&c);
    int n = lua_gettop(L);
    if (c->progress)
        c->progress(c->progress_ctx, NULL); /* erase a progress line first */
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1)
            fputc('\t', c->out);
        fwrite(s, 1, len, c->out);
        lua_pop(L, 1);
    }
    fputc('\n', c->out);
    return 0;
}

/* load(chunk [, name [, mode [, env]]]) with mode forced to "t". */
static int l_load_text(lua_State *L)
{
    int n = lua_gettop(L);
    int nargs = n >= 4 ? 4 : 3; /* an explicit env (even nil) must stay given */
    lua_settop(L, nargs);
    lua_pushstring(L, "t");
    lua_replace(L, 3);
    lua_getfield(L, LUA_REGISTRYINDEX, "pagealloc.load");
    lua_insert(L, 1);
    lua_call(L, nargs, LUA_MULTRET);
    return lua_gettop(L);
}

/* include(name): run <scenario dir>/lib/NAME.lua once (text only, same
   sandbox) and return what it returns; later calls return the same value. */
static int l_include(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    for (const char *c = name; *c; c++)
        if (!(*c == '_' || *c == '-' || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9')))
            return luaL_error(L, "include: bad library name '%s'", name);
    lua_getfield(L, LUA_REGISTRYINDEX, "pagealloc.included");
    lua_getfield(L, -1, name);
    if (!lua_isnil(L, -1))
        return 1;
    lua_pop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, "pagealloc.lib_dir");
    lua_pushfstring(L, "%s/%s.lua", lua_tostring(L, -1), name);
    if (luaL_loadfilex(L, lua_tostring(L, -1), "t") != LUA_OK)
        return luaL_error(L, "include %s: %s", name, lua_tostring(L, -1));
    lua_call(L, 0, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, 2, name);
    return 1;
}

static void open_sandbox(lua_State *L)
{
    static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},
                                    {LUA_STRLIBNAME, luaopen_string},
                                    {LUA_TABLIBNAME, luaopen_table},
                                    {LUA_MATHLIBNAME, luaopen_math},
                                    {LUA_UTF8LIBNAME, luaopen_utf8},
                                    {LUA_COLIBNAME, luaopen_coroutine},
                                    {NULL, NULL}};
    for (const luaL_Reg *l = libs; l->func; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        lua_pop(L, 1);
    }
    static const char *const removed[] = {"dofile", "loadfile", "require", "collectgarbage",
                                          NULL};
    for (int i = 0; removed[i]; i++) {
        lua_pushnil(L);
        lua_setglobal(L, removed[i]);
    }
    lua_getglobal(L, "load");
    lua_setfield(L, LUA_REGISTRYINDEX, "pagealloc.load");
    lua_register(L, "load", l_load_text);
    lua_register(L, "setmetatable", l_setmetatable);
    lua_newtable(L); /* table -> its finalizer's sentinel, weak keys */
    lua_newtable(L);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, GC_SENTINELS);
    luaL_newmetatable(L, GC_SENTINEL_MT);
    lua_pushcfunction(L, gc_sentinel);
    lua_setfield(L, -2, "__gc");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    lua_register(L, "print", l_print);
    lua_register(L, "include", l_include);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "pagealloc.included");
}

static int traceback(lua_State *L)
{
    /* keep Lua's "file:line: message"; add nothing (no stack dump) */
    if (!lua_isstring(L, 1))
        lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    return 1;
}

int pa_lua_run_file(const char *path, uint64_t seed, FILE *out, char *err, size_t n)
{
    return pa_lua_run_file_limits(path, seed, NULL, NULL, NULL, out, err, n);
}

int pa_lua_run_file_from(const char *path, uint64_t seed, const struct pa_snapfile *snap,
                         FILE *out, char *err, size_t n)
{
    return pa_lua_run_file_limits(path, seed, snap, NULL, NULL, out, err, n);
}

int pa_lua_run_file_observed(const char *path, uint64_t seed, const struct pa_snapfile *snap,
                             const struct pa_lua_observer *obs, FILE *out, char *err, size_t n)
{
    return pa_lua_run_file_limits(path, seed, snap, obs, NULL, out, err, n);
}

int pa_lua_run_file_limits(const char *path, uint64_t seed, const struct pa_snapfile *snap,
                           const struct pa_lua_observer *obs, const struct pa_lua_limits *lim,
                           FILE *out, char *err, size_t n)
{
    struct run_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.out = out;
    ctx.budget.max = lim && lim->max_memory ? lim->max_memory : pa_lua_default_max_memory();
    ctx.time_limit = lim && lim->time_limit > 0 ? lim->time_limit : PA_LUA_TIME_LIMIT;
    snprintf(ctx.limit_text, sizeof ctx.limit_text, "%g", ctx.time_limit);
    if (lim && lim->progress) {
        ctx.progress = lim->progress;
        ctx.progress_ctx = lim->progress_ctx;
    }
    clock_gettime(CLOCK_MONOTONIC, &ctx.deadline);
    ctx.deadline.tv_sec += (time_t)ctx.time_limit;
    ctx.deadline.tv_nsec += (long)((ctx.time_limit - (double)(time_t)ctx.time_limit) * 1e9);
    if (ctx.deadline.tv_nsec >= 1000000000L) {
        ctx.deadline.tv_sec++;
        ctx.deadline.tv_nsec -= 1000000000L;
    }
    lua_State *L = lua_newstate(cap_alloc, &ctx);
    if (!L) {
        snprintf(err, n, "%s: cannot create a Lua state", path);
        return 2;
    }
    lua_pushlightuserdata(L, &ctx.budget);
    lua_setfield(L, LUA_REGISTRYINDEX, "pagealloc.budget");
    lua_sethook(L, time_hook, LUA_MASKCOUNT, PA_LUA_HOOK_COUNT);
    open_sandbox(L);

    /* insmod looks in modules/, include() in lib/, next to the scenario */
    char dir[4096];
    const char *slash = strcmp(path, "-") ? strrchr(path, '/') : NULL;
    int base = slash ? (int)(slash - path) : 1;
    const char *bp = slash ? path : ".";
    snprintf(dir, sizeof dir, "%.*s/lib", base, bp);
    lua_pushstring(L, dir);
    lua_setfield(L, LUA_REGISTRYINDEX, "pagealloc.lib_dir");
    snprintf(dir, sizeof dir, "%.*s/modules", base, bp);
    pa_lua_open_machine(L, dir, seed);
    if (obs) {
        lua_pushlightuserdata(L, (void *)obs);
        lua_setfield(L, LUA_REGISTRYINDEX, "pagealloc.observer");
    }
    if (snap) {
        lua_pushlightuserdata(L, (void *)snap);
        lua_setfield(L, LUA_REGISTRYINDEX, "pagealloc.snapshot");
    }

    lua_getglobal(L, "math");
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, (lua_Integer)seed);
    lua_call(L, 1, 0);
    lua_pop(L, 1);

    int rc = 0;
    lua_pushcfunction(L, traceback);
    bool from_stdin = !strcmp(path, "-");
    if (luaL_loadfilex(L, from_stdin ? NULL : path, "t") != LUA_OK) {
        /* syntax errors already read "file:line: message"; a missing file
           reads "cannot open file" */
        snprintf(err, n, "%s", lua_tostring(L, -1));
        rc = 2;
    } else if (lua_pcall(L, 0, 0, -2) != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        /* out of memory has no position: name the line Lua was running */
        if (msg && !strcmp(msg, "not enough memory"))
            snprintf(err, n, "%s: not enough memory: above --max-memory %llu MiB (Lua and "
                             "the simulated machines)",
                     from_stdin ? "stdin" : path,
                     (unsigned long long)(ctx.budget.max >> 20));
        else
            snprintf(err, n, "%s", msg ? msg : "error");
        rc = 2;
    }
    fflush(out);
    lua_close(L);
    /* a finalizer that looped at close (its error is swallowed by the
       collector), or a swallowed timeout: the run still failed */
    if (ctx.timed_out && rc == 0) {
        snprintf(err, n, "%stime limit of %s s reached", ctx.where, ctx.limit_text);
        rc = 2;
    }
    return rc;
}
