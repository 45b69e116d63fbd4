/*
 * lua_module.c - kernel modules in Lua: insmod, rmmod, and the environment a
 * module runs in.
 *
 * A module is MODULE_DIR/NAME.lua (text only), run in an environment of its
 * own that has the kernel calls (kmalloc, kzalloc, kfree, ksize,
 * alloc_pages, __free_pages, page_to_pfn, printk), the GFP names as strings,
 * module_init / module_exit, the insmod parameters as `params`, and the
 * scenario's globals behind them. Its locals persist until rmmod. Kernel
 * calls run on CPU 0 (insmod's CPU); a failed allocation returns nil.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "pagealloc/order_text.h"
#include "sim/lua_internal.h"

/* lua_pushfstring has no %llx: format addresses here. */
struct hexbuf {
    char s[24];
};
static struct hexbuf hex(uint64_t v)
{
    struct hexbuf h;
    snprintf(h.s, sizeof h.s, "%llx", (unsigned long long)v);
    return h;
}

static struct pa_sim *up_machine(lua_State *L)
{
    return pa_lua_check_machine(L, lua_upvalueindex(1));
}

static int k_kmalloc_common(lua_State *L, bool zero)
{
    struct pa_sim *s = up_machine(L);
    uint64_t size = pa_lua_parse_size(L, 1, "kmalloc size");
    struct pa_sim_gfp g;
    pa_lua_check_gfp(L, s, 2, &g);
    pa_sim_gfp_add(s, &g, zero, false);
    uint64_t a = pa_sim_kmalloc(s, 0, size, &g);
    if (!a)
        lua_pushnil(L);
    else
        lua_pushinteger(L, (lua_Integer)a);
    return 1;
}

static int k_kmalloc(lua_State *L) { return k_kmalloc_common(L, false); }
static int k_kzalloc(lua_State *L) { return k_kmalloc_common(L, true); }

static int k_kfree(lua_State *L)
{
    struct pa_sim *s = up_machine(L);
    if (lua_isnoneornil(L, 1))
        return 0;
    uint64_t a = (uint64_t)luaL_checkinteger(L, 1);
    if (pa_sim_kfree(s, 0, a))
        return luaL_error(L, "kfree(0x%s): not an allocated kmalloc object", hex(a).s);
    return 0;
}

static int k_ksize(lua_State *L)
{
    struct pa_sim *s = up_machine(L);
    lua_pushinteger(L, (lua_Integer)pa_sim_ksize(s, (uint64_t)luaL_checkinteger(L, 1)));
    return 1;
}

/* "FN: order N out of range 0..MAX" (pagealloc/order_text.h; formatted here,
   not by lua_pushfstring, which knows no %u). */
static int order_error(lua_State *L, const char *fn, lua_Integer order, unsigned max)
{
    char t[96];
    pa_order_range_text_ll(t, sizeof t, (long long)order, max);
    return luaL_error(L, "%s: %s", fn, t);
}

static int k_alloc_pages(lua_State *L)
{
    struct pa_sim *s = up_machine(L);
    struct pa_sim_gfp g;
    pa_lua_check_gfp(L, s, 1, &g);
    lua_Integer order = luaL_checkinteger(L, 2);
    if (order < 0 || order > (lua_Integer)s->m->max_order)
        return order_error(L, "alloc_pages", order, s->m->max_order);
    uint64_t pfn;
    if (pa_sim_alloc(s, 0, &g, (unsigned)order, PA_KIND_KERNEL, 0, &pfn)) {
            lua_pushnil(L);
        return 1;
    }
    s->st.kernel_pages += (uint64_t)1 << order;
    lua_pushinteger(L, (lua_Integer)pa_sim_page_addr(pfn));
    return 1;
}

static int k_free_pages(lua_State *L)
{
    struct pa_sim *s = up_machine(L);
    uint64_t a = (uint64_t)luaL_checkinteger(L, 1), pfn;
    lua_Integer order = luaL_checkinteger(L, 2);
    if (order < 0 || order > (lua_Integer)s->m->max_order)
        return order_error(L, "__free_pages", order, s->m->max_order);
    if (!pa_sim_addr_page(s, a, &pfn))
        return luaL_error(L, "__free_pages: bad page 0x%s", hex(a).s);
    if (s->m->pages[pfn].kind != PA_KIND_KERNEL || !(s->m->pages[pfn].flags & PA_PG_ALLOC))
        return luaL_error(L, "__free_pages: page 0x%s was not allocated by alloc_pages",
                          hex(a).s);
    int err = pa_sim_free(s, 0, pfn, (unsigned)order);
    if (err)
        return luaL_error(L, "__free_pages: %s (%s)", pa_strerror(err),
                          pa_machine_errmsg(s->m));
    s->st.kernel_pages -= (uint64_t)1 << order;
    return 0;
}

static int k_page_to_pfn(lua_State *L)
{
    struct pa_sim *s = up_machine(L);
    uint64_t pfn;
    if (!pa_sim_addr_page(s, (uint64_t)luaL_checkinteger(L, 1), &pfn))
        return luaL_error(L, "page_to_pfn: not a struct page address");
    lua_pushinteger(L, (lua_Integer)pfn);
    return 1;
}

static int k_printk(lua_State *L)
{
    struct pa_sim *s = up_machine(L);
    int n = lua_gettop(L);
    lua_getglobal(L, "string");
    lua_getfield(L, -1, "format");
    lua_insert(L, 1);
    lua_pop(L, 1);
    lua_call(L, n, 1);
    pa_sim_printk(s, "%s", lua_tostring(L, -1));
    return 0;
}

static int k_module_init(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_setfield(L, lua_upvalueindex(1), "__init");
    return 0;
}

static int k_module_exit(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_setfield(L, lua_upvalueindex(1), "__exit");
    return 0;
}

static const char *const gfp_exports[] = {
    "GFP_KERNEL", "GFP_ATOMIC", "GFP_NOWAIT", "GFP_NOIO", "GFP_NOFS", "GFP_USER",
    "GFP_HIGHUSER", "GFP_HIGHUSER_MOVABLE", "GFP_DMA", "GFP_DMA32", "__GFP_ZERO",
    "__GFP_COMP", "__GFP_NOWARN", "__GFP_NORETRY", "__GFP_NOFAIL", "__GFP_HIGH",
    "__GFP_MOVABLE", "__GFP_RECLAIMABLE", "__GFP_DMA", "__GFP_DMA32", "__GFP_HIGHMEM",
    "__GFP_THISNODE", NULL};

/* The name a module's function was defined with ("local function
   hello_init()" -> "hello_init"), for stack traces; "" when unknown. The
   function is on the top of the stack (left there). */
static void function_name(lua_State *L, char *out, size_t n)
{
    lua_Debug ar;
    out[0] = '\0';
    lua_pushvalue(L, -1);
    if (!lua_getinfo(L, ">S", &ar) || ar.source[0] != '@' || ar.linedefined <= 0)
        return;
    FILE *f = fopen(ar.source + 1, "r");
    if (!f)
        return;
    char line[256];
    for (int i = 1; fgets(line, sizeof line, f); i++) {
        if (i < ar.linedefined)
            continue;
        const char *p = strstr(line, "function ");
        if (p) {
            p += 9;
            size_t k = 0;
            while (k + 1 < n && (p[k] == '_' || (p[k] >= 'a' && p[k] <= 'z') ||
                                 (p[k] >= 'A' && p[k] <= 'Z') || (p[k] >= '0' && p[k] <= '9')))
                k++;
            memcpy(out, p, k);
            out[k] = '\0';
        }
        break;
    }
    fclose(f);
}

/* The task the module's code runs in: insmod / rmmod, for reports. */
static void enter_module(struct pa_sim *s, lua_State *L, const char *comm, const char *module)
{
    snprintf(s->task.comm, sizeof s->task.comm, "%s", comm);
    s->task.pid = 22000 + (int)(s->clock_ns / 1000000 % 1000);
    snprintf(s->task.module, sizeof s->task.module, "%s", module);
    function_name(L, s->task.function, sizeof s->task.function);
}

static void leave_module(struct pa_sim *s)
{
    memset(&s->task, 0, sizeof s->task);
}

int pa_lua_insmod(lua_State *L)
{
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    const char *name = luaL_checkstring(L, 2);
    if (!lua_isnoneornil(L, 3))
        luaL_checktype(L, 3, LUA_TTABLE);
    pa_lua_run_queued(L, s);
    for (const char *c = name; *c; c++)
        if (!(*c == '_' || *c == '-' || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9')))
            return luaL_error(L, "insmod: bad module name '%s'", name);
    lua_settop(L, 3);
    lua_getiuservalue(L, 1, 1); /* loaded modules: index 4 */
    lua_getfield(L, 4, name);
    if (!lua_isnil(L, -1))
        return luaL_error(L, "insmod: ERROR: could not insert module %s: File exists", name);
    lua_pop(L, 1);

    lua_getfield(L, LUA_REGISTRYINDEX, "pagealloc.module_dir");
    lua_pushfstring(L, "%s/%s.lua", lua_tostring(L, -1), name);
    const char *path = lua_tostring(L, -1);
    if (luaL_loadfilex(L, path, "t") != LUA_OK)
        return luaL_error(L, "insmod %s: %s", name, lua_tostring(L, -1));
    int chunk = lua_gettop(L);

    /* the module's environment: kernel calls + the scenario's globals */
    lua_newtable(L);
    int env = lua_gettop(L);
    static const luaL_Reg kfuncs[] = {
        {"kmalloc", k_kmalloc}, {"kzalloc", k_kzalloc}, {"kfree", k_kfree},
        {"ksize", k_ksize}, {"alloc_pages", k_alloc_pages}, {"__free_pages", k_free_pages},
        {"page_to_pfn", k_page_to_pfn}, {"printk", k_printk}, {NULL, NULL}};
    for (const luaL_Reg *r = kfuncs; r->name; r++) {
        lua_pushvalue(L, 1);
        lua_pushcclosure(L, r->func, 1);
        lua_setfield(L, env, r->name);
    }
    lua_pushvalue(L, env);
    lua_pushcclosure(L, k_module_init, 1);
    lua_setfield(L, env, "module_init");
    lua_pushvalue(L, env);
    lua_pushcclosure(L, k_module_exit, 1);
    lua_setfield(L, env, "module_exit");
    for (int i = 0; gfp_exports[i]; i++) {
        lua_pushstring(L, gfp_exports[i]);
        lua_setfield(L, env, gfp_exports[i]);
    }
    if (lua_istable(L, 3))
        lua_pushvalue(L, 3);
    else
        lua_newtable(L);
    lua_setfield(L, env, "params");
    lua_newtable(L); /* metatable: fall back to the scenario's globals */
    lua_pushglobaltable(L);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, env);
    lua_pushvalue(L, env);
    if (!lua_setupvalue(L, chunk, 1))
        lua_pop(L, 1);

    lua_pushvalue(L, chunk);
    lua_call(L, 0, 0);
    lua_getfield(L, env, "__init");
    if (lua_isnil(L, -1))
        return luaL_error(L, "insmod %s: the module calls no module_init()", name);
    enter_module(s, L, "insmod", name);
    int ok = lua_pcall(L, 0, 1, 0);
    leave_module(s);
    if (ok != LUA_OK)
        return lua_error(L);
    lua_Integer rc = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    if (rc != 0)
        return luaL_error(L, "insmod: ERROR: could not insert module %s: init returned %d",
                          name, (int)rc);
    lua_pushvalue(L, env);
    lua_setfield(L, 4, name);
    pa_lua_observe_step(L, s, "insmod %s", name);
    return 0;
}

int pa_lua_rmmod(lua_State *L)
{
    pa_lua_check_machine(L, 1);
    const char *name = luaL_checkstring(L, 2);
    struct pa_sim *s = pa_lua_check_machine(L, 1);
    pa_lua_run_queued(L, s);
    lua_getiuservalue(L, 1, 1);
    lua_getfield(L, -1, name);
    if (lua_isnil(L, -1))
        return luaL_error(L, "rmmod: ERROR: Module %s is not currently loaded", name);
    lua_getfield(L, -1, "__exit");
    if (!lua_isnil(L, -1)) {
        enter_module(s, L, "rmmod", name);
        int ok = lua_pcall(L, 0, 0, 0);
        leave_module(s);
        if (ok != LUA_OK)
            return lua_error(L);
    } else
        lua_pop(L, 1);
    lua_pop(L, 1);
    lua_pushnil(L);
    lua_setfield(L, -2, name);
    pa_lua_observe_step(L, s, "rmmod %s", name);
    return 0;
}

