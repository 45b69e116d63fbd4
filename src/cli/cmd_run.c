/*
 * cmd_run.c - `pagealloc run`: the main job. It runs a Lua scenario
 * (docs/scenarios.md); without one it runs the built-in default, the
 * experiments of seed 003 end to end: the fragment kernel module (insmod,
 * rmmod) and the two user-space processes (run, kill one), printing the
 * seed's tables (`free -m`, `analyze /proc/buddyinfo`) at every step.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "sim/lua_sim.h"
#include "sim/sim.h"

/* The built-in default: scenarios shipped with the source tree. */
static const char *const default_scenarios[] = {
    "seed-003-fragment.lua",
    "seed-003-userspace.lua",
};

static void help(FILE *f)
{
    fputs("usage: pagealloc run [SCENARIO.lua] [--seed N]\n\n"
          "Run a Lua scenario (docs/scenarios.md; - reads it from standard input): it\n"
          "builds simulated machines, runs workloads on them (processes, page cache,\n"
          "kernel modules) and prints what the kernel would show (/proc files, free,\n"
          "dmesg). Errors are reported as FILE:LINE: message, exit 2.\n\n"
          "Without a scenario, run the built-in default: seed 003's experiments on its\n"
          "2 GiB VM (kernel 4.14) - insmod/rmmod of the fragment module, then two\n"
          "processes touching 200,000 pages each on two CPUs and one of them killed -\n"
          "with the seed's tables after every step.\n\n"
          "The same seed prints the same output, byte for byte.\n\n"
          "  --seed N   seed of math.random in the scenario (default 1)\n\n"
          "Machine presets (machine(\"NAME\", {...})):\n",
          f);
    int n;
    const struct pa_preset *p = pa_preset_list(&n);
    for (int i = 0; i < n; i++)
        fprintf(f, "  %-12s %s\n", p[i].name, p[i].summary);
}

static int run_one(const char *path, unsigned long long seed)
{
    char err[1024];
    if (pa_lua_run_file(path, seed, stdout, err, sizeof err)) {
        fflush(stdout);
        pa_cli_err("%s", err);
        return PA_EXIT_BAD;
    }
    return PA_EXIT_OK;
}

static int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"seed", required_argument, 0, 's'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    unsigned long long seed = 1;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 's': seed = pa_cli_ull("--seed", optarg); break;
        case 'h': help(stdout); return PA_EXIT_OK;
        default: help(stderr); return PA_EXIT_BAD;
        }
    }
    if (optind + 1 < argc) {
        pa_cli_err("run: one scenario at a time; got '%s' and '%s'", argv[optind],
                   argv[optind + 1]);
        return PA_EXIT_BAD;
    }
    if (optind < argc)
        return run_one(argv[optind], seed);
    for (size_t i = 0; i < sizeof default_scenarios / sizeof default_scenarios[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/scenarios/%s", PA_SOURCE_DIR, default_scenarios[i]);
        printf("%s==== %s\n\n", i ? "\n" : "", default_scenarios[i]);
        int rc = run_one(path, seed);
        if (rc)
            return rc;
    }
    return PA_EXIT_OK;
}

const struct pa_cmd pa_cmd_run = {
    "run", "run a scenario (default: seed 003's experiments) and print the kernel's tables",
    cmd_run};
