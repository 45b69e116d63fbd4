/*
 * cmd_contig.c - `pagealloc contig SIZE`: get physically contiguous memory
 * from user space (seed 000's question) and prove it. The mechanics are
 * src/live/contig.c; this file holds the arguments, the limits and the
 * output. hugetlb pages of 2 MiB
 * or 1 GiB (raising nr_hugepages only with --grow-pool, and putting it back on
 * every exit path, SIGINT/SIGTERM included) or THP-backed anonymous memory;
 * the memory is touched, its pfns read from /proc/self/pagemap and cut into
 * physically contiguous runs, per node. A shortfall is explained: pool empty,
 * THP disabled or fallen back, or fragmentation (with `analyze`'s numbers for
 * that order). Exit 0 when SIZE was obtained in contiguous units, 1 when not,
 * 2 on bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "live/contig.h"
#include "pagealloc/json.h"

/* Set by SIGINT/SIGTERM/SIGHUP/SIGQUIT: stop holding, clean up, restore the pool. */
static volatile sig_atomic_t stop_requested;
static void on_signal(int sig)
{
    stop_requested = sig;
}

static void help(FILE *f)
{
    fputs("usage: pagealloc contig SIZE [--hugetlb 2M|1G | --thp] [--node N] [--hold SECONDS]\n"
          "                             [--grow-pool] [--max-share PCT] [--json]\n\n"
          "Get SIZE bytes of physically contiguous memory from user space and prove it:\n"
          "touch it, read its page frame numbers from /proc/self/pagemap (root), and\n"
          "report the physically contiguous runs obtained (in the mapping's order, and\n"
          "as physical extents whatever the order), per node. When SIZE was not\n"
          "obtained, say why: hugetlb pool empty, THP disabled or fallen back to small\n"
          "pages, or fragmentation (with the fragmentation index and free blocks of that\n"
          "order from `pagealloc analyze`).\n\n"
          "  --hugetlb 2M|1G  hugetlb pages of that size (default 2M)\n"
          "  --thp            transparent huge pages (madvise) instead of hugetlb\n"
          "  --node N         bind the memory to node N (and use node N's pool)\n"
          "  --hold SECONDS   keep the memory that long before releasing it (the proof\n"
          "                   is printed first)\n"
          "  --grow-pool      raise nr_hugepages by what is missing (root); the old value\n"
          "                   is restored on exit, error, SIGINT, SIGTERM, SIGHUP and SIGQUIT\n"
          "  --max-share PCT  refuse to take more than PCT% of MemAvailable: the THP\n"
          "                   memory, or the pages --grow-pool adds (default 50, 1..90)\n"
          "  --json           machine-readable result\n\n"
          "SIZE: bytes, or with K, M, G (binary). Exit 0: obtained; 1: not obtained;\n"
          "2: bad usage.\n",
          f);
}

/* The proof. holding: printed before --hold (the memory is still held;
   whether the pool goes back is not known yet). */
static void print_result(const struct pa_contig *c, bool ok, bool holding)
{
    char a[32], b[32], u[32];
    pa_size_text(c->size, a, sizeof a);
    pa_size_text(c->in_units, b, sizeof b);
    pa_size_text(c->unit, u, sizeof u);
    if (c->json) {
        struct pa_strbuf sb = PA_STRBUF_INIT;
        struct pa_json j;
        pa_json_init(&j, &sb);
        pa_json_begin_object(&j);
        pa_json_kv_str(&j, "mode", c->thp ? "thp" : "hugetlb");
        pa_json_kv_uint(&j, "unit_bytes", c->unit);
        pa_json_kv_uint(&j, "requested_bytes", c->size);
        pa_json_kv_uint(&j, "mapped_bytes", c->map_len);
        pa_json_kv_uint(&j, "obtained_bytes", c->obtained);
        pa_json_kv_uint(&j, "contiguous_unit_bytes", c->in_units);
        pa_json_kv_bool(&j, "ok", ok);
        pa_json_kv_int(&j, "node", c->node);
        if (!c->thp) {
            pa_json_key(&j, "pool");
            pa_json_begin_object(&j);
            pa_json_kv_uint(&j, "page_kb", c->hp_kb);
            pa_json_kv_int(&j, "nr_before", c->before.nr);
            pa_json_kv_int(&j, "free_before", c->before.free);
            pa_json_kv_int(&j, "grown_to", c->grew ? c->grown_to : c->before.nr);
            if (holding && c->grew) {
                pa_json_key(&j, "restored"); /* when released, after the hold */
                pa_json_null(&j);
            } else {
                pa_json_kv_bool(&j, "restored", !c->grew || c->restored);
            }
            pa_json_end_object(&j);
        } else {
            pa_json_kv_uint(&j, "thp_fault_alloc", c->thp_alloc);
            pa_json_kv_uint(&j, "thp_fault_fallback", c->thp_fallback);
        }
        pa_json_key(&j, "per_node");
        pa_json_begin_array(&j);
        for (int nd = 0; nd < PA_MAX_NODES; nd++)
            if (c->node_runs[nd]) {
                pa_json_begin_object(&j);
                pa_json_kv_int(&j, "node", nd);
                pa_json_kv_uint(&j, "bytes", c->node_bytes[nd]);
                pa_json_kv_uint(&j, "runs", c->node_runs[nd]);
                pa_json_end_object(&j);
            }
        pa_json_end_array(&j);
        pa_json_key(&j, "runs");
        pa_json_begin_array(&j);
        for (size_t r = 0; r < c->nr_runs; r++) {
            pa_json_begin_object(&j);
            pa_json_kv_uint(&j, "pfn", c->runs[r].pfn);
            pa_json_kv_uint(&j, "pages", c->runs[r].npages);
            pa_json_kv_int(&j, "node", c->runs[r].node);
            pa_json_end_object(&j);
        }
        pa_json_end_array(&j);
        pa_json_kv_bool(&j, "runs_truncated", c->runs_more);
        pa_json_kv_uint(&j, "physical_extents", c->extents);
        pa_json_kv_uint(&j, "largest_extent_bytes",
                        c->largest_extent * (uint64_t)sysconf(_SC_PAGESIZE));
        pa_json_kv_str(&j, "shortfall", c->shortfall);
        if (holding)
            pa_json_kv_uint(&j, "hold_seconds", c->hold);
        pa_json_end_object(&j);
        pa_sb_putc(&sb, '\n');
        fputs(pa_sb_str(&sb), stdout);
        pa_sb_free(&sb);
        return;
    }
    printf("contig: asked %s as %s units (%s)%s\n", a, u,
           c->thp ? "THP, madvise" : "hugetlb", c->node >= 0 ? ", bound to the node" : "");
    if (!c->thp)
        printf("  pool (%lu kB pages%s): nr_hugepages %ld, free %ld%s\n", c->hp_kb,
               c->node >= 0 ? ", node" : "", c->before.nr, c->before.free,
               c->grew ? "" : " (unchanged)");
    if (c->grew)
        printf("  grew nr_hugepages %ld -> %ld for this run; %s\n", c->before.nr, c->grown_to,
               holding      ? "put back when released"
               : c->restored ? "restored on exit"
                             : "RESTORE FAILED: set it back by hand");
    else if (c->thp)
        printf("  THP faults: %" PRIu64 " huge, %" PRIu64 " fell back to small pages\n",
               c->thp_alloc, c->thp_fallback);
    if (c->obtained)
        printf("  obtained %" PRIu64 " bytes in %zu%s physically contiguous run%s; %s in whole "
               "aligned %s units\n",
               c->obtained, c->nr_runs, c->runs_more ? "+" : "",
               c->nr_runs == 1 && !c->runs_more ? "" : "s", b, u);
    if (c->extents) {
        char lb[32];
        pa_size_text(c->largest_extent * (uint64_t)sysconf(_SC_PAGESIZE), lb, sizeof lb);
        printf("  in physical order: %" PRIu64 " extent%s, the largest %s\n", c->extents,
               c->extents == 1 ? "" : "s", lb);
    }
    for (int nd = 0; nd < PA_MAX_NODES; nd++)
        if (c->node_runs[nd]) {
            char nb[32];
            pa_size_text(c->node_bytes[nd], nb, sizeof nb);
            printf("  node %d: %s in %u run%s\n", nd, nb, c->node_runs[nd],
                   c->node_runs[nd] == 1 ? "" : "s");
        }
    for (size_t r = 0; r < c->nr_runs && r < 16; r++) {
        char rb[32];
        pa_size_text(c->runs[r].npages * (uint64_t)sysconf(_SC_PAGESIZE), rb, sizeof rb);
        printf("  run pfn %#" PRIx64 " .. %#" PRIx64 " (%s, node %d)\n", c->runs[r].pfn,
               c->runs[r].pfn + c->runs[r].npages - 1, rb, c->runs[r].node);
    }
    if (c->nr_runs > 16)
        printf("  ... %zu%s runs in all\n", c->nr_runs, c->runs_more ? "+" : "");
    printf("%s%s%s\n", ok ? "OK" : "SHORT", c->shortfall[0] ? ": " : "", c->shortfall);
}

static int cmd_contig(int argc, char **argv)
{
    static const struct option opts[] = {
        {"hugetlb", required_argument, 0, 'H'}, {"thp", no_argument, 0, 't'},
        {"node", required_argument, 0, 'n'},    {"hold", required_argument, 0, 'o'},
        {"grow-pool", no_argument, 0, 'g'},     {"json", no_argument, 0, 'j'},
        {"max-share", required_argument, 0, 'm'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0},
    };
    struct pa_contig *c = calloc(1, sizeof *c);
    if (!c)
        return PA_EXIT_BAD;
    c->hp_kb = 2048;
    c->node = -1;
    c->lockfd = -1;
    c->stop = &stop_requested;
    c->max_share = 50;
    bool hugetlb_set = false;
    int ch, rc = PA_EXIT_BAD;
    optind = 1;
    while ((ch = pa_cli_getopt(argc, argv, "h", opts)) != -1) {
        switch (ch) {
        case 'H':
            hugetlb_set = true;
            if (!strcmp(optarg, "2M") || !strcmp(optarg, "2m"))
                c->hp_kb = 2048;
            else if (!strcmp(optarg, "1G") || !strcmp(optarg, "1g"))
                c->hp_kb = 1048576;
            else {
                pa_cli_usage_err("--hugetlb takes 2M or 1G, not '%s'", optarg);
            }
            break;
        case 't': c->thp = true; break;
        case 'n': {
            unsigned long long v = pa_cli_ull("--node", optarg);
            if (v >= PA_MAX_NODES) {
                pa_cli_usage_err("--node must be below %d", PA_MAX_NODES);
            }
            c->node = (int)v;
            break;
        }
        case 'o': {
            unsigned long long v = pa_cli_ull("--hold", optarg);
            if (v > 86400) {
                pa_cli_usage_err("--hold is at most 86400 seconds");
            }
            c->hold = (unsigned)v;
            break;
        }
        case 'm': {
            unsigned long long v = pa_cli_ull("--max-share", optarg);
            if (v < 1 || v > 90) {
                pa_cli_usage_err("--max-share takes 1..90 (percent of MemAvailable), not %llu", v);
            }
            c->max_share = (unsigned)v;
            break;
        }
        case 'g': c->grow = true; break;
        case 'j': c->json = true; break;
        case 'h': help(stdout); rc = PA_EXIT_OK; goto out;
        default: help(stderr); goto out;
        }
    }
    if (optind >= argc)
        pa_cli_usage_err("expected a SIZE (64M, 1G, ...)");
    if (optind + 1 < argc)
        pa_cli_usage_err("unexpected argument '%s' (one SIZE at a time)", argv[optind + 1]);
    if (!pa_parse_size(argv[optind], &c->size)) {
        pa_cli_usage_err("'%s' is not a size (e.g. 64M, 1G)", argv[optind]);
    }
    if (c->thp && (hugetlb_set || c->grow)) {
        pa_cli_usage_err("--thp excludes --hugetlb and --grow-pool");
    }
    /* --node 5 on a one-node machine was "OK: mbind to node 5 failed" with
       the memory on node 0 */
    char online[128];
    if (c->node >= 0 && !pa_node_exists(c->node, online, sizeof online)) {
        pa_cli_usage_err("node %d does not exist on this machine (online nodes: %s)",
                         c->node, online);
    }
    if (!c->thp && pa_hugepool_read(c->hp_kb, c->node, &c->before)) {
        pa_cli_err("contig: no hugetlb pool of %lu kB%s on this kernel", c->hp_kb,
                   c->node >= 0 ? " on that node" : "");
        goto out;
    }
    if (c->grow && geteuid() != 0) {
        pa_cli_err("contig: --grow-pool needs root");
        goto out;
    }
    if (c->grow) {
        int err = pa_contig_lock_pool(c);
        if (err == -EIO)
            goto out;
        if (err) {
            pa_cli_err("contig: cannot lock /run/pagealloc-hugepool.lock: %s", strerror(-err));
            goto out;
        }
    }
    /* A typo (64G for 64M) must not push the machine into OOM: bound the
       memory this run takes from the kernel (an existing pool's pages are
       already taken). */
    uint64_t take = 0;
    if (c->thp) {
        take = (c->size + (2u << 20) - 1) / (2u << 20) * (2u << 20);
    } else if (c->grow) {
        uint64_t unit = (uint64_t)c->hp_kb * 1024;
        long need = (long)((c->size + unit - 1) / unit);
        long avail = c->before.free - (c->node < 0 ? c->before.resv : 0);
        if (need > avail)
            take = (uint64_t)(need - (avail > 0 ? avail : 0)) * unit;
    }
    uint64_t limit = pa_mem_available_kb() * 1024 / 100 * c->max_share;
    if (take > limit) {
        char a[32], b[32];
        pa_size_text(take, a, sizeof a);
        pa_size_text(limit, b, sizeof b);
        pa_cli_err("contig: refusing to take %s: above %u%% of MemAvailable (that share is %s; "
                   "--max-share raises it)", a, c->max_share, b);
        pa_contig_release(c);
        goto out;
    }
    char why[80];
    if (c->thp && !pa_thp_enabled(why, sizeof why)) {
        c->unit = 2u << 20;
        pa_contig_reason(c, "%s", why);
        print_result(c, false, false);
        rc = PA_EXIT_NO;
        goto out;
    }

    struct sigaction sa, old_int, old_term, old_hup, old_quit;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    sigaction(SIGQUIT, &sa, &old_quit); /* Ctrl-\ too: the pool is restored */

    uint64_t thp_a0 = pa_contig_vm_counter("thp_fault_alloc"), thp_f0 = pa_contig_vm_counter("thp_fault_fallback");
    if (pa_contig_get_memory(c) == 0 && !stop_requested) {
        pa_contig_measure(c);
        c->thp_alloc = pa_contig_vm_counter("thp_fault_alloc") - thp_a0;
        c->thp_fallback = pa_contig_vm_counter("thp_fault_fallback") - thp_f0;
        if (c->thp && c->thp_fallback)
            pa_contig_reason(c, "%" PRIu64 " THP faults fell back to small pages", c->thp_fallback);
        if (c->thp && c->in_units < c->size && !c->pfns_hidden)
            pa_contig_explain_fragmentation(c, 21 - pa_page_shift());
    }
    bool ok = !stop_requested && !c->bind_failed && c->in_units >= c->size;
    if (!ok && stop_requested)
        pa_contig_reason(c, "interrupted by signal %d", (int)stop_requested);
    /* --hold: the proof first, while the memory is held (it was printed
       only after the hold, when the memory was gone) */
    bool held = ok && c->hold;
    unsigned long held_ds = 0;
    if (held) {
        print_result(c, ok, true);
        if (!c->json)
            printf("holding for %u s (Ctrl-C releases early)\n", c->hold);
        fflush(stdout);
        struct timespec ts = {0, 100 * 1000 * 1000};
        for (; held_ds < c->hold * 10ul && !stop_requested; held_ds++)
            nanosleep(&ts, NULL);
    }
    int err = pa_contig_release(c);
    if (c->grew && !c->restored)
        pa_cli_err("could not restore nr_hugepages to %ld (%s): set it by hand", c->before.nr,
                   err && err != -EIO ? strerror(-err) : "read back differs");
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    if (!held)
        print_result(c, ok, false);
    else if (!c->json) {
        if (stop_requested)
            printf("hold ended early by signal %d after %.1f s: released", (int)stop_requested,
                   (double)held_ds / 10);
        else
            printf("released after %u s", c->hold);
        if (c->grew)
            printf("; nr_hugepages %s %ld", c->restored ? "restored to" : "NOT restored to",
                   c->before.nr);
        printf("\n");
    }
    rc = ok ? PA_EXIT_OK : PA_EXIT_NO;
out:
    free(c);
    return rc;
}

const struct pa_cmd pa_cmd_contig = {"contig", "get physically contiguous memory from user "
                                               "space and prove it (hugetlb, THP)",
                                     cmd_contig};
