/*
 * lua_internal.h - what the Lua runtime's files share (not an API).
 */
#ifndef PA_SIM_LUA_INTERNAL_H
#define PA_SIM_LUA_INTERNAL_H

#include <stdint.h>

#include <lua.h>

#include "sim/sim.h"

#define MACHINE_MT "pagealloc.machine"

/* The machine at stack index i (a Lua error if it is not one). */
struct pa_sim *pa_lua_check_machine(lua_State *L, int i);
/* "2G", "512M", "64k", "4096" or an integer: bytes (a Lua error if not). */
uint64_t pa_lua_parse_size(lua_State *L, int i, const char *what);
/* A GFP mask in the machine's era (a Lua error if the text is not one). */
void pa_lua_check_gfp(lua_State *L, struct pa_sim *s, int i, struct pa_sim_gfp *g);

/* The memory budget of a run (--max-memory): Lua's heap and the simulated
   machines' engine allocations (pa_machine.mem_bytes) count together.
   NULL when L was not made by pa_lua_run_file*. */
struct pa_lua_budget {
    size_t lua_used;               /* bytes Lua's allocator holds               */
    uint64_t machines;             /* bytes charged for the live machines       */
    uint64_t max;                  /* the cap                                   */
};
struct pa_lua_budget *pa_lua_budget(lua_State *L);

/* Tell the scenario's observer (lua_sim.h), if any, that a call changed s. */
void pa_lua_observe_step(lua_State *L, struct pa_sim *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* pa_sim_run, reported as a step when queued work ran. */
uint64_t pa_lua_run_queued(lua_State *L, struct pa_sim *s);

/* m:insmod(name, params) and m:rmmod(name) (lua_module.c). */
int pa_lua_insmod(lua_State *L);
int pa_lua_rmmod(lua_State *L);

#endif
