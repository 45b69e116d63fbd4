/*
 * bench_sim.c - speed of the simulator (src/sim) on top of the engine:
 *  1. building the preset machines, booted (vm-2g and the 256 GiB server);
 *  2. 10 million page allocations and frees through the simulator's one
 *     allocation path (zonelist, per-CPU lists, era fallback) on the 256 GiB
 *     server, 32 CPUs: a seeded mix of order 0 (90%) and orders 1-3, held
 *     up to 8 GiB, freed in random order on a random CPU;
 *  3. the same 10 million on the 2 GiB VM: the cost per event should not
 *     depend on the machine's size;
 *  4. the seed scenarios' workloads (400,000 page faults and a kill; 100,000
 *     kzalloc(16 KiB) and 50,000 kfree) timed in C;
 *  5. the page cache with many files: reading 10,000, 20,000 and 80,000
 *     one-page files on the 256 GiB server (the time per file should not
 *     grow with the number of files);
 *  6. a long history on a 128 GiB server-256g, the kind seed 000's
 *     customer scenario needs at its real size: 2,000 steps, each a 4 MiB
 *     log read and 256 one- or two-page mail files (a dentry and an inode
 *     each) on rotating CPUs, a java heap touched, a shell spawned every
 *     10 steps and killed 8 later, kswapd between steps; then the logs are
 *     removed. Printed per page added and as the whole run's time.
 * Prints figures; asserts nothing. PA_BENCH_SCALE=K divides the counts by K.
 * Times are the thread's CPU time (the machine is shared; the wall clock
 * counts other people's processes) with the wall clock next to them.
 * Arguments choose parts: boot, server, vm, seeds, files, history (default: all); the 10 M
 * runs boot their machine first either way.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "pagealloc/rng.h"
#include "sim/sim.h"

static uint64_t scale = 1;

static struct pa_sim *boot(const char *preset, uint64_t *ns)
{
    char err[256];
    uint64_t t0 = bench_now_ns();
    struct pa_sim *s = pa_sim_create(pa_preset_find(preset), NULL, err, sizeof err);
    *ns = bench_now_ns() - t0;
    if (!s) {
        fprintf(stderr, "bench_sim: %s: %s\n", preset, err);
        exit(1);
    }
    return s;
}

/* ns: thread CPU time; wall: wall clock. */
static void report(const char *what, uint64_t ops, uint64_t ns, uint64_t wall)
{
    printf("%-58s %8.1f ns/op %7.2f Mops/s  (%llu ops, %.3f s cpu, %.3f s wall)\n", what,
           (double)ns / (double)ops, (double)ops * 1e3 / (double)ns, (unsigned long long)ops,
           (double)ns / 1e9, (double)wall / 1e9);
}

/* ops allocations + frees (each counts as one event). */
static void churn(struct pa_sim *s, const char *what, uint64_t events, uint64_t hold_pages)
{
    struct pa_rng r;
    pa_rng_seed(&r, 42);
    uint64_t cap = hold_pages + 16, n = 0, held = 0, done = 0, failed = 0;
    uint32_t *pfn = malloc(cap * sizeof *pfn);
    uint8_t *ord = malloc(cap);
    if (!pfn || !ord)
        exit(1);
    struct pa_sim_gfp g[2] = {s->gfp_anon, s->gfp_kernel};
    uint64_t t0 = bench_cpu_ns(), w0 = bench_now_ns();
    while (done < events) {
        bool alloc = n == 0 || (held < hold_pages && pa_rng_below(&r, 4) != 0) ||
                     (held >= hold_pages && pa_rng_below(&r, 8) == 0 && n < cap);
        int cpu = (int)pa_rng_below(&r, (uint64_t)s->nr_cpus);
        if (alloc && n < cap) {
            uint64_t x = pa_rng_below(&r, 100);
            unsigned o = x < 90 ? 0 : x < 95 ? 1 : x < 98 ? 2 : 3;
            uint64_t p;
            if (pa_sim_alloc(s, cpu, &g[x & 1 ? 1 : 0], o, PA_KIND_KERNEL, 0, &p)) {
                failed++;
            } else {
                pfn[n] = (uint32_t)p;
                ord[n++] = (uint8_t)o;
                held += (uint64_t)1 << o;
            }
        } else {
            uint64_t k = pa_rng_below(&r, n);
            if (pa_sim_free(s, cpu, pfn[k], ord[k])) {
                fprintf(stderr, "bench_sim: free failed\n");
                exit(1);
            }
            held -= (uint64_t)1 << ord[k];
            pfn[k] = pfn[n - 1];
            ord[k] = ord[--n];
        }
        done++;
    }
    uint64_t ns = bench_cpu_ns() - t0, wall = bench_now_ns() - w0;
    report(what, events, ns, wall);
    if (failed)
        printf("  (%llu allocations failed)\n", (unsigned long long)failed);
    for (uint64_t i = 0; i < n; i++)
        pa_sim_free(s, 0, pfn[i], ord[i]);
    free(pfn);
    free(ord);
}

static void seed_workloads(void)
{
    uint64_t ns;
    struct pa_sim *s = boot("vm-2g", &ns);
    uint64_t t0 = bench_cpu_ns(), w0 = bench_now_ns();
    struct pa_proc *a = pa_sim_spawn(s, "a", 0), *b = pa_sim_spawn(s, "b", 1);
    pa_proc_touch(a, 200000 / scale);
    pa_proc_touch(b, 200000 / scale);
    pa_sim_run(s);
    pa_sim_kill(s, a);
    report("seed 003 userspace: 400,000 faults on 2 CPUs + kill", 400000 / scale,
           bench_cpu_ns() - t0, bench_now_ns() - w0);
    static uint64_t addr[100000];
    t0 = bench_cpu_ns();
    w0 = bench_now_ns();
    for (uint64_t i = 0; i < 100000 / scale; i++)
        addr[i] = pa_sim_kmalloc(s, 0, 16384, &s->gfp_kernel);
    for (uint64_t i = 0; i < 100000 / scale; i += 2)
        pa_sim_kfree(s, 0, addr[i]);
    report("seed 003 fragment: 100,000 kzalloc(16K) + 50,000 kfree", 150000 / scale,
           bench_cpu_ns() - t0, bench_now_ns() - w0);
    pa_sim_destroy(s);
}

/* Reading n one-page files into the page cache (each a new file). */
static void many_files(uint64_t n)
{
    char path[64], what[80];
    struct pa_sim_opts o;
    char err[256];
    pa_sim_opts_init(&o);
    o.no_boot_state = true;
    struct pa_sim *s = pa_sim_create(pa_preset_find("server-256g"), &o, err, sizeof err);
    if (!s) {
        fprintf(stderr, "bench_sim: %s\n", err);
        exit(1);
    }
    uint64_t t0 = bench_cpu_ns(), w0 = bench_now_ns();
    for (uint64_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "/var/cache/file-%llu", (unsigned long long)i);
        if (pa_sim_cache_file(s, path, s->page_size, (int)(i % 32), false) != 1) {
            fprintf(stderr, "bench_sim: caching %s failed\n", path);
            exit(1);
        }
    }
    snprintf(what, sizeof what, "page cache: %llu one-page files read",
             (unsigned long long)n);
    report(what, n, bench_cpu_ns() - t0, bench_now_ns() - w0);
    pa_sim_destroy(s);
}

/* Part 6 (see the header): the per-page cost of a long history on a big
   machine, through the calls a scenario makes. */
static void history(void)
{
    struct pa_sim_opts o;
    char err[256], path[64];
    pa_sim_opts_init(&o);
    o.mem_mib = 128 << 10;
    uint64_t t0 = bench_cpu_ns(), w0 = bench_now_ns();
    struct pa_sim *s = pa_sim_create(pa_preset_find("server-256g"), &o, err, sizeof err);
    if (!s) {
        fprintf(stderr, "bench_sim: %s\n", err);
        exit(1);
    }
    struct pa_proc *java = pa_sim_spawn(s, "java", 0), *sh[16] = {0};
    uint64_t steps = 2000 / scale, mail = 0, pages = 0, nsh = 0;
    for (uint64_t i = 1; i <= steps; i++) {
        snprintf(path, sizeof path, "/var/log/app/app.log.%llu", (unsigned long long)i);
        pages += (uint64_t)pa_sim_read_file(s, path, 4 << 20, (int)(i % 32));
        pa_proc_touch(java, 120);
        for (int k = 0; k < 256; k++, mail++) {
            snprintf(path, sizeof path, "/var/spool/mail/msg%llu", (unsigned long long)mail);
            pages += (uint64_t)pa_sim_read_file(s, path, 4096 * (1 + mail % 2),
                                                (int)((i + (uint64_t)k) % 32));
        }
        if (i % 10 == 0) {
            if (sh[nsh % 8])
                pa_sim_kill(s, sh[nsh % 8]);
            sh[nsh % 8] = pa_sim_spawn(s, "sh", (int)(i % 32));
            if (sh[nsh % 8])
                pa_proc_touch(sh[nsh % 8], 8);
            nsh++;
        }
        pa_sim_run(s);
        pages += 120;
    }
    for (uint64_t i = 1; i <= steps; i++) {
        snprintf(path, sizeof path, "/var/log/app/app.log.%llu", (unsigned long long)i);
        pa_sim_remove_file(s, path);
    }
    report("history on a 128 GiB server-256g (boot, 2000 steps, rm)", pages,
           bench_cpu_ns() - t0, bench_now_ns() - w0);
    pa_sim_destroy(s);
}

static bool part(int argc, char **argv, const char *name)
{
    if (argc < 2)
        return true;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], name))
            return true;
    return false;
}

int main(int argc, char **argv)
{
    const char *e = getenv("PA_BENCH_SCALE");
    if (e && atoll(e) > 0)
        scale = (uint64_t)atoll(e);
    bench_print_machine("bench_sim: the simulator (presets, pcp, workloads)");
    uint64_t ns, events = 10000000 / scale;
    if (part(argc, argv, "boot") || part(argc, argv, "vm")) {
        struct pa_sim *small = boot("vm-2g", &ns);
        if (part(argc, argv, "boot"))
            printf("%-58s %8.3f s\n", "boot vm-2g (2 GiB, 4.14, with its boot workload)",
                   ns / 1e9);
        if (part(argc, argv, "vm"))
            churn(small, "vm-2g: 10M page allocs+frees, orders 0-3, 2 CPUs", events, 100000);
        pa_sim_destroy(small);
    }
    if (part(argc, argv, "boot") || part(argc, argv, "server")) {
        struct pa_sim *big = boot("server-256g", &ns);
        if (part(argc, argv, "boot"))
            printf("%-58s %8.3f s  (%.1f MiB page array, 16 B/page)\n",
                   "boot server-256g (256 GiB, 2 nodes, 32 CPUs, 10 GiB used)", ns / 1e9,
                   (double)big->m->mem_bytes / (1 << 20));
        if (part(argc, argv, "server"))
            churn(big, "server-256g: 10M page allocs+frees, orders 0-3, 32 CPUs", events,
                  (uint64_t)2 << 20);
        pa_sim_destroy(big);
    }
    if (part(argc, argv, "seeds"))
        seed_workloads();
    if (part(argc, argv, "files")) {
        many_files(10000 / scale);
        many_files(20000 / scale);
        many_files(80000 / scale);
    }
    if (part(argc, argv, "history"))
        history();
    return 0;
}
