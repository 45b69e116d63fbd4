/*
 * lua_sim.h - the scenario runtime: Lua 5.4 scripts that build machines and
 * run workloads on them (docs/scenarios.md).
 */
#ifndef PA_SIM_LUA_SIM_H
#define PA_SIM_LUA_SIM_H

#include <stdint.h>
#include <stdio.h>

struct lua_State;

/* Run the scenario file at path ("-": standard input; modules/ and lib/
   are then looked up in the current directory) with math.random seeded by seed; print()
   writes to out. Returns 0, or 2 with "FILE:LINE: message" (Lua's position
   of the error) in err. The script runs in a sandbox: no io, os, package or
   debug libraries, text chunks only, memory and time capped (pa_lua_limits'
   defaults). */
int pa_lua_run_file(const char *path, uint64_t seed, FILE *out, char *err, size_t n);
/* The same, with machine("snapshot") bound to a real machine's snapshot
   (`run --from`); snap may be NULL. */
struct pa_snapfile;
int pa_lua_run_file_from(const char *path, uint64_t seed, const struct pa_snapfile *snap,
                         FILE *out, char *err, size_t n);

/* Who watches a scenario run (`run --report`, m:map): the runtime calls it,
   the pictures live above the simulator (src/draw via src/cli), so the
   simulator does not depend on them. Every member may be NULL. */
struct pa_sim;
struct pa_lua_observer {
    void *ctx;
    /* A call that may have changed machine s returned: machine(), insmod,
       rmmod, run (and work queued with touch that another call ran), kill,
       spawn, read/write, rm, sysctl, sleep. `what` names it ("insmod
       fragment"); src and line are the scenario's position of the call.
       Between steps the observer may follow the engine's events
       (pagealloc/events.h) on s->m. */
    void (*step)(void *ctx, struct pa_sim *s, const char *what, const char *src, int line);
    /* m:map(path [, zone]): draw s to path (.png / .svg); 0, or -1 with err. */
    int (*map)(void *ctx, struct pa_sim *s, const char *path, const char *zone, char *err,
               size_t n);
};
/* pa_lua_run_file_from with an observer (NULL: none; m:map is then an error). */
int pa_lua_run_file_observed(const char *path, uint64_t seed, const struct pa_snapfile *snap,
                             const struct pa_lua_observer *obs, FILE *out, char *err, size_t n);

/* Bounds of a run (`run --time-limit`, `--max-memory`); 0 = the default. */
#define PA_LUA_TIME_LIMIT 600.0 /* seconds */
struct pa_lua_limits {
    double time_limit;             /* seconds of wall time for the whole run    */
    uint64_t max_memory;           /* bytes: Lua's heap plus the machines' pages */
    /* Progress (`run` on a terminal; may be NULL): called about every 0.1 s
       while Lua runs, from the time hook, with the running position
       ("FILE:LINE"), and with NULL just before the scenario prints, so that
       a progress line can be erased first. */
    void (*progress)(void *ctx, const char *where);
    void *progress_ctx;
};
/* Half of physical memory: the default of --max-memory. */
uint64_t pa_lua_default_max_memory(void);
/* pa_lua_run_file_observed within the bounds lim (NULL: the defaults). */
int pa_lua_run_file_limits(const char *path, uint64_t seed, const struct pa_snapfile *snap,
                           const struct pa_lua_observer *obs, const struct pa_lua_limits *lim,
                           FILE *out, char *err, size_t n);

/* Register machine() and its methods in L's globals (lua_machine.c).
   module_dir is where insmod looks for NAME.lua. */
void pa_lua_open_machine(struct lua_State *L, const char *module_dir, uint64_t seed);

#endif
