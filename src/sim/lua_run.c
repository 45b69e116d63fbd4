/*
 * lua_run.c - running a scenario file in a sandboxed Lua 5.4 state.
 *
 * The sandbox: the base library without dofile / loadfile / require, with
 * load restricted to text chunks (binary chunks can crash the VM), and the
 * string, table, math, utf8 and coroutine libraries; no io, os, package or
 * debug. print() writes to the caller's stream. Memory is capped by the
 * allocator (PA_LUA_MEM_CAP); a Lua error becomes "FILE:LINE: message".
 * math.random is seeded from --seed so a run is reproducible; iteration order
 * of pairs() over string keys is not (Lua randomizes string hashes), so
 * scenarios print with ipairs or sorted keys.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "sim/lua_sim.h"

#define PA_LUA_MEM_CAP ((size_t)256 << 20)

struct run_ctx {
    size_t used;
    FILE *out;
};

static void *cap_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct run_ctx *c = ud;
    if (!ptr)
        osize = 0;
    if (nsize == 0) {
        free(ptr);
        c->used -= osize;
        return NULL;
    }
    if (nsize > osize && c->used + (nsize - osize) > PA_LUA_MEM_CAP)
        return NULL;
    void *p = realloc(ptr, nsize);
    if (p)
        c->used = c->used - osize + nsize;
    return p;
}

static int l_print(lua_State *L)
{
    struct run_ctx *c;
    lua_getallocf(L, (void **)&c);
    int n = lua_gettop(L);
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
    return pa_lua_run_file_from(path, seed, NULL, out, err, n);
}

int pa_lua_run_file_from(const char *path, uint64_t seed, const struct pa_snapfile *snap,
                         FILE *out, char *err, size_t n)
{
    return pa_lua_run_file_observed(path, seed, snap, NULL, out, err, n);
}

int pa_lua_run_file_observed(const char *path, uint64_t seed, const struct pa_snapfile *snap,
                             const struct pa_lua_observer *obs, FILE *out, char *err, size_t n)
{
    struct run_ctx ctx = {0, out};
    lua_State *L = lua_newstate(cap_alloc, &ctx);
    if (!L) {
        snprintf(err, n, "%s: cannot create a Lua state", path);
        return 2;
    }
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
        snprintf(err, n, "%s", lua_tostring(L, -1));
        rc = 2;
    }
    fflush(out);
    lua_close(L);
    return rc;
}
