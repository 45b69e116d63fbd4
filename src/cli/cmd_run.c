/*
 * cmd_run.c - `pagealloc run`: the main job. It runs a Lua scenario
 * (docs/scenarios.md); without one it runs the built-in default, the
 * experiments of seed 003 end to end: the fragment kernel module (insmod,
 * rmmod) and the two user-space processes (run, kill one), printing the
 * seed's tables (`free -m`, `analyze /proc/buddyinfo`) at every step.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/run_report.h"
#include "live/physmem.h"
#include "live/procread.h"
#include "pagealloc/snapfile.h"
#include "sim/lua_sim.h"
#include "sim/sim.h"

/* The built-in default: scenarios shipped with the source tree. */
static const char *const default_scenarios[] = {
    "seed-003-fragment.lua",
    "seed-003-userspace.lua",
};

static void help(FILE *f)
{
    fputs("usage: pagealloc run [SCENARIO.lua] [--seed N] [--from SNAPSHOT] [--report DIR]\n"
          "                     [--time-limit SECONDS] [--max-memory SIZE]\n\n"
          "Run a Lua scenario (docs/scenarios.md; - reads it from standard input): it\n"
          "builds simulated machines, runs workloads on them (processes, page cache,\n"
          "kernel modules) and prints what the kernel would show (/proc files, free,\n"
          "dmesg). Errors are reported as FILE:LINE: message, exit 2.\n\n"
          "Without a scenario, run the built-in default: seed 003's experiments on its\n"
          "2 GiB VM (kernel 4.14) - insmod/rmmod of the fragment module, then two\n"
          "processes touching 200,000 pages each on two CPUs and one of them killed -\n"
          "with the seed's tables after every step.\n\n"
          "The same seed prints the same output, byte for byte.\n\n"
          "  --seed N          seed of math.random in the scenario (default 1)\n"
          "  --from SNAPSHOT   start from a real machine's state, a file written by\n"
          "                    `pagealloc snapshot`: the scenario's machine(\"snapshot\")\n"
          "                    is that machine. Without a scenario, run\n"
          "                    scenarios/from-snapshot.lua: its tables, then seed 000's\n"
          "                    question - what would `insmod big_mem` (30 x 4 MiB\n"
          "                    kmalloc) do on it?\n"
          "  --report DIR      also write DIR/index.html: the printed text, every step's\n"
          "                    scenario line with the memory map before and after it,\n"
          "                    and a timeline of free memory by order (docs/draw.md)\n"
          "  --time-limit S    stop the scenario after S seconds of wall time with\n"
          "                    FILE:LINE: time limit of S s reached, exit 2 (default 600)\n"
          "  --max-memory SIZE cap of the Lua heap and the simulated machines together\n"
          "                    (e.g. 512M, 4G; default half of physical memory)\n\n"
          "Machine presets (machine(\"NAME\", {...})):\n",
          f);
    int n;
    const struct pa_preset *p = pa_preset_list(&n);
    for (int i = 0; i < n; i++)
        fprintf(f, "  %-12s %s\n", p[i].name, p[i].summary);
}

/* --time-limit, --max-memory (0 = the defaults) */
static struct pa_lua_limits limits;

/* The watchdog behind the scenario's time hook: code the hook cannot stop
   (one long engine call; finalizers run where the hook reaches them) ends the
   process 10 s after the limit. Only async-signal-safe calls here. */
static char watchdog_msg[512];
static void on_watchdog(int sig)
{
    (void)sig;
    ssize_t w = write(STDERR_FILENO, watchdog_msg, strlen(watchdog_msg));
    (void)w;
    _exit(PA_EXIT_BAD);
}

static void arm_watchdog(const char *path)
{
    double t = limits.time_limit > 0 ? limits.time_limit : PA_LUA_TIME_LIMIT;
    snprintf(watchdog_msg, sizeof watchdog_msg,
             "pagealloc: %s: time limit of %g s reached (in code the time hook cannot "
             "interrupt: a long engine call)\n", path, t);
    signal(SIGALRM, on_watchdog);
    alarm((unsigned)t + 10);
}

/* A scenario that runs for more than a second shows where it is (on a
   terminal; cli.h pa_progress). NULL: the scenario is about to print. */
static void run_progress(void *ctx, const char *where)
{
    struct pa_progress *p = ctx;
    if (!where) {
        pa_progress_clear(p);
        return;
    }
    pa_progress_text(p, "%s", where);
}

static int run_one(const char *path, unsigned long long seed, const struct pa_snapfile *snap,
                   struct pa_run_report *rr)
{
    char err[1024];
    struct pa_progress pg;
    char what[64];
    snprintf(what, sizeof what, "running (time limit %g s)",
             limits.time_limit > 0 ? limits.time_limit : PA_LUA_TIME_LIMIT);
    pa_progress_begin(&pg, what, NULL);
    limits.progress = pg.on ? run_progress : NULL;
    limits.progress_ctx = &pg;
    arm_watchdog(path);
    int rc = pa_lua_run_file_limits(path, seed, snap, &rr->obs, &limits, rr->out, err,
                                    sizeof err);
    pa_progress_end(&pg);
    limits.progress = NULL;
    if (rc) {
        fflush(rr->out);
        fflush(stdout);
        pa_cli_err("%s", err);
        char note[1100];
        snprintf(note, sizeof note, "pagealloc: %s\n", err);
        pa_run_report_note(rr, note);
        return PA_EXIT_BAD;
    }
    return PA_EXIT_OK;
}

/* `run --from SNAPSHOT [SCENARIO]`: parse the snapshot (errors as
   FILE:LINE), then run the scenario with machine("snapshot") bound to it. */
static int run_from(const char *file, const char *scenario, unsigned long long seed,
                    struct pa_run_report *rr)
{
    size_t len;
    char *text = pa_read_file(file, &len);
    if (!text) {
        pa_cli_err("run: cannot read %s: %s", file, strerror(errno));
        return PA_EXIT_BAD;
    }
    struct pa_snapfile *sf;
    struct pa_diag d;
    int err = pa_snapfile_parse(text, len, file, &sf, &d);
    free(text);
    if (err) {
        pa_cli_err_at(d.file, d.line, "column %ld: %s", d.col, d.msg);
        return PA_EXIT_BAD;
    }
    char path[4096];
    if (!scenario) {
        snprintf(path, sizeof path, "%s/scenarios/from-snapshot.lua", pa_cli_data_dir());
        scenario = path;
    }
    int rc = run_one(scenario, seed, sf, rr);
    pa_snapfile_free(sf);
    return rc;
}

static int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"seed", required_argument, 0, 's'},
        {"from", required_argument, 0, 'f'},
        {"report", required_argument, 0, 'r'},
        {"time-limit", required_argument, 0, 't'},
        {"max-memory", required_argument, 0, 'm'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    unsigned long long seed = 1;
    const char *from = NULL, *report = NULL;
    int c;

    optind = 1;
    while ((c = pa_cli_getopt(argc, argv, "h", opts)) != -1) {
        switch (c) {
        case 's': seed = pa_cli_ull("--seed", optarg); break;
        case 'f': from = optarg; break;
        case 'r': report = optarg; break;
        case 't': {
            char *end;
            errno = 0;
            double v = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(v >= 0.01 && v <= 1e7)) {
                pa_cli_usage_err("--time-limit '%s': expected seconds from 0.01 to 10000000",
                           optarg);
            }
            limits.time_limit = v;
            break;
        }
        case 'm': {
            uint64_t b;
            if (!pa_parse_size(optarg, &b) || b < ((uint64_t)16 << 20)) {
                pa_cli_usage_err("--max-memory '%s': expected a size of at least 16M "
                           "(512M, 4G, ...)", optarg);
            }
            limits.max_memory = b;
            break;
        }
        case 'h': help(stdout); return PA_EXIT_OK;
        default: help(stderr); return PA_EXIT_BAD;
        }
    }
    if (optind + 1 < argc)
        pa_cli_usage_err("unexpected argument '%s' (one scenario at a time)", argv[optind + 1]);
    const char *scenario = optind < argc ? argv[optind] : NULL;
    char title[4200];
    snprintf(title, sizeof title, "pagealloc run %s%s%s",
             scenario ? scenario : from ? "scenarios/from-snapshot.lua"
                                        : "(seed 003's experiments)",
             from ? " --from " : "", from ? from : "");
    struct pa_run_report rr;
    if (pa_run_report_open(&rr, report, title))
        return PA_EXIT_BAD;
    int rc = PA_EXIT_OK;
    if (from) {
        rc = run_from(from, scenario, seed, &rr);
    } else if (scenario) {
        rc = run_one(scenario, seed, NULL, &rr);
    } else {
        for (size_t i = 0; i < sizeof default_scenarios / sizeof default_scenarios[0]; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/scenarios/%s", pa_cli_data_dir(),
                     default_scenarios[i]);
            pa_run_report_section(&rr, default_scenarios[i]);
            fprintf(rr.out, "%s==== %s\n\n", i ? "\n" : "", default_scenarios[i]);
            if ((rc = run_one(path, seed, NULL, &rr)))
                break;
        }
    }
    int rrc = pa_run_report_close(&rr);
    return rc ? rc : rrc;
}

const struct pa_cmd pa_cmd_run = {
    "run", "run a scenario (default: seed 003's experiments) and print the kernel's tables",
    cmd_run};
