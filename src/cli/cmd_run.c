/*
 * cmd_run.c - `pagealloc run`: the main job. With no scenario it runs the
 * built-in default: the default 2 GiB VM, a seeded random churn of movable
 * order-0..3 allocations holding about half of DMA32, and /proc/buddyinfo and
 * /proc/pagetypeinfo before and after.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "pagealloc/pagealloc.h"
#include "sim/churn.h"
#include "sim/lua_sim.h"

static void help(FILE *f)
{
    fputs("usage: pagealloc run [SCENARIO.lua] [--seed N] [--ops N]\n\n"
          "Run a Lua scenario (docs/scenarios.md): it builds machines, runs workloads\n"
          "and prints what the kernel would show. Errors are reported as FILE:LINE.\n"
          "Without a scenario, run the built-in default: build a 2 GiB x86_64-like VM\n"
          "(DMA and DMA32 zones, BIOS hole, boot reservations), print /proc/buddyinfo\n"
          "and /proc/pagetypeinfo, run a seeded random churn of movable order-0..3\n"
          "allocations and frees holding about half of DMA32, and print them again.\n"
          "The same seed prints the same output, byte for byte.\n\n"
          "  --seed N   random seed (default 1)\n"
          "  --ops N    operations in the churn (default 200000)\n",
          f);
}

static int print_tables(const struct pa_machine *m, const char *when)
{
    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_sb_printf(&sb, "== %s: /proc/buddyinfo\n", when);
    pa_print_buddyinfo(m, &sb);
    pa_sb_printf(&sb, "\n== %s: /proc/pagetypeinfo\n", when);
    pa_print_pagetypeinfo(m, &sb);
    fputs(pa_sb_str(&sb), stdout);
    int oom = sb.oom;
    pa_sb_free(&sb);
    return oom ? PA_ENOMEM : PA_OK;
}

static int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"seed", required_argument, 0, 's'},
        {"ops", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    uint64_t seed = 1, ops = 200000;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 's': seed = pa_cli_ull("--seed", optarg); break;
        case 'o': ops = pa_cli_ull("--ops", optarg); break;
        case 'h': help(stdout); return PA_EXIT_OK;
        default: help(stderr); return PA_EXIT_BAD;
        }
    }
    if (optind + 1 < argc) {
        pa_cli_err("run: one scenario at a time; got '%s' and '%s'", argv[optind],
                   argv[optind + 1]);
        return PA_EXIT_BAD;
    }
    if (optind < argc) {
        char err[1024];
        if (pa_lua_run_file(argv[optind], seed, stdout, err, sizeof err)) {
            pa_cli_err("%s", err);
            return PA_EXIT_BAD;
        }
        return PA_EXIT_OK;
    }

    struct pa_machine_config cfg;
    struct pa_machine *m;
    char detail[256];
    pa_config_default_vm(&cfg);
    int err = pa_machine_create(&cfg, &m, detail, sizeof detail);
    if (err) {
        pa_cli_err("cannot build the machine: %s: %s", pa_strerror(err), detail);
        return PA_EXIT_BAD;
    }
    printf("# default 2 GiB VM, profile %s, seed %llu, %llu operations\n\n", m->profile->name,
           (unsigned long long)seed, (unsigned long long)ops);
    print_tables(m, "before");

    struct pa_zone *dma32 = &m->zones[1];
    struct pa_churn_params p = {
        .seed = seed, .ops = ops, .max_order = 3, .target_fill = 0.5, .mt = PA_MT_MOVABLE};
    struct pa_churn_stats st;
    struct pa_churn *held;
    err = pa_churn_run(dma32, &p, &st, &held);
    if (err) {
        pa_cli_err("engine error during the churn: %s (%s)", pa_strerror(err),
                   pa_machine_errmsg(m));
        pa_machine_destroy(m);
        return PA_EXIT_BAD;
    }
    printf("\n# churn: %llu allocations, %llu frees, %llu failed; %llu blocks (%llu pages) "
           "still held\n\n",
           (unsigned long long)st.allocs, (unsigned long long)st.frees,
           (unsigned long long)st.failures, (unsigned long long)st.held_blocks,
           (unsigned long long)st.held_pages);
    print_tables(m, "after");
    char msg[256];
    err = pa_machine_check(m, msg, sizeof msg);
    pa_churn_release(m, held);
    pa_machine_destroy(m);
    if (err) {
        pa_cli_err("invariant violated: %s", msg);
        return PA_EXIT_BAD;
    }
    return PA_EXIT_OK;
}

const struct pa_cmd pa_cmd_run = {
    "run", "run a workload on a simulated machine and print /proc tables", cmd_run};
