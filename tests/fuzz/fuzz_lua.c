/*
 * fuzz_lua.c - libFuzzer target for the Lua scenario API: the input is read
 * as a sequence of calls (one byte picks the call, the next its argument)
 * on one small machine - spawn, touch, access (swap-in), fork, oom_adj, run,
 * kill, read, write, sync, rm, sysctl, sleep, zone, and misuse with bad arguments under pcall - with m:check()
 * (pa_machine_check) after every call. A run may end with a Lua error of the
 * scenario's own making; it must never crash, and an invariant violated
 * after a call is a finding (abort).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/lua_sim.h"

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const ops[] = {
        "ps[#ps + 1] = m:spawn('p', {cpu = %u %% 2})",
        "if ps[%u %% 8 + 1] then pcall(ps[%u %% 8 + 1].touch, ps[%u %% 8 + 1], %u * 64) end",
        "m:run()",
        "if ps[%u %% 8 + 1] then pcall(ps[%u %% 8 + 1].kill, ps[%u %% 8 + 1]) end",
        "pcall(m.read, m, '/f' .. %u %% 4, %u * 16384)",
        "pcall(m.write, m, '/w' .. %u %% 4, %u * 8192, {cpu = %u %% 2})",
        "pcall(m.rm, m, '/f' .. %u %% 4)",
        "pcall(m.sysctl, m, 'vm.min_free_kbytes', %u * 97)",
        "pcall(m.sysctl, m, 'vm.drop_caches', %u %% 3 + 1)",
        "m:sleep(%u / 50)",
        "local z = m:zone('DMA32'); assert(z.nr_free[0] ~= nil and z.free >= 0 + 0 * %u)",
        "pcall(m.sysctl, m, 'vm.min_free_kbytes', -%u - 1)",
        "pcall(m.zone, m, 'Nope', %u)",
        "pcall(m.spawn, m, 'q', {cpu = %u + 2})",
        "if ps[%u %% 8 + 1] then pcall(ps[%u %% 8 + 1].touch, ps[%u %% 8 + 1], -1) end",
        "pcall(machine, 'vm-2g', {kernel = %u})",
        "if ps[%u %% 8 + 1] then pcall(ps[%u %% 8 + 1].access, ps[%u %% 8 + 1], %u * 64) end",
        ("if ps[%u %% 8 + 1] then local ok, c = pcall(ps[%u %% 8 + 1].fork, ps[%u %% 8 + 1]); "
         "if ok and c then ps[#ps + 1] = c end end"),
        "if ps[%u %% 8 + 1] then pcall(function() ps[%u %% 8 + 1].oom_adj = %u %% 40 - 20 end) end",
        "pcall(m.sync, m)",
    };
    const size_t nops = sizeof ops / sizeof ops[0];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/pa-fuzz-lua-%d.lua", (int)getpid());
    }
    if (size > 256)
        size = 256;
    FILE *f = fopen(path, "w");
    if (!f)
        abort();
    fputs("local m = machine('vm-2g', {boot = false, mem = '128M', cpus = 2})\n"
          "local ps = {}\n",
          f);
    for (size_t i = 0; i + 1 < size; i += 2) {
        unsigned a = data[i + 1];
        fprintf(f, ops[data[i] % nops], a, a, a, a);
        fputs("\nassert(m:check(), 'CHECK')\n", f);
    }
    fclose(f);
    struct pa_lua_limits lim = {.time_limit = 5.0, .max_memory = (uint64_t)1 << 30};
    char err[1024];
    FILE *out = fopen("/dev/null", "w");
    int rc = pa_lua_run_file_limits(path, 1, NULL, NULL, &lim, out ? out : stdout, err,
                                    sizeof err);
    if (out)
        fclose(out);
    /* the machine of line 1 must build, and no call may break an invariant */
    if (rc && (strstr(err, "invariant violated") || strstr(err, ".lua:1:"))) {
        fprintf(stderr, "%s\n", err);
        abort();
    }
    return 0;
}
