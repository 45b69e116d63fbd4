/*
 * cmd_contig.c - `pagealloc contig SIZE`: get physically contiguous memory
 * from user space (seed 000's question) and prove it. hugetlb pages of 2 MiB
 * or 1 GiB (raising nr_hugepages only with --grow-pool, and putting it back on
 * every exit path, SIGINT/SIGTERM included) or THP-backed anonymous memory;
 * the memory is touched, its pfns read from /proc/self/pagemap and cut into
 * physically contiguous runs, per node. A shortfall is explained: pool empty,
 * THP disabled or fallen back, or fragmentation (with `analyze`'s numbers for
 * that order). Exit 0 when SIZE was obtained in contiguous units, 1 when not,
 * 2 on bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "pagealloc/analyze.h"
#include "live/physmem.h"
#include "live/procread.h"
#include "pagealloc/fragindex.h"

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif
#ifndef MADV_HUGEPAGE
#define MADV_HUGEPAGE 14
#endif
#define PA_MPOL_BIND 2

/* Set by SIGINT/SIGTERM/SIGHUP/SIGQUIT: stop holding, clean up, restore the pool. */
static volatile sig_atomic_t stop_requested;
static void on_signal(int sig)
{
    stop_requested = sig;
}

struct contig {
    /* request */
    uint64_t size;
    bool thp;
    unsigned long hp_kb;        /* hugetlb page size in kB (2048, 1048576)        */
    int node;                   /* -1: any                                        */
    unsigned hold;
    unsigned max_share;         /* % of MemAvailable this run may take           */
    bool grow, json;
    /* pool */
    struct pa_hugepool before;
    bool grew, restored;
    long grown_to, restore_err;
    /* result */
    uint64_t unit;              /* bytes of one contiguous unit asked for         */
    void *addr;
    size_t map_len;
    uint64_t obtained, in_units;
    bool bind_failed;           /* --node given and mbind refused it            */
    size_t nr_runs;
    bool runs_more;
    struct pa_run runs[256];
    uint64_t node_bytes[PA_MAX_NODES];
    unsigned node_runs[PA_MAX_NODES];
    bool pfns_hidden;
    uint64_t extents, largest_extent;   /* pfns sorted: physical extents      */
    char shortfall[600];
    uint64_t thp_alloc, thp_fallback;
};

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
          "  --hold SECONDS   keep the memory that long before releasing it\n"
          "  --grow-pool      raise nr_hugepages by what is missing (root); the old value\n"
          "                   is restored on exit, error, SIGINT, SIGTERM, SIGHUP and SIGQUIT\n"
          "  --max-share PCT  refuse to take more than PCT% of MemAvailable: the THP\n"
          "                   memory, or the pages --grow-pool adds (default 50, 1..90)\n"
          "  --json           machine-readable result\n\n"
          "SIZE: bytes, or with K, M, G (binary). Exit 0: obtained; 1: not obtained;\n"
          "2: bad usage.\n",
          f);
}

static uint64_t vm_counter(const char *name)
{
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    uint64_t v = 0;
    size_t len;
    char *t = pa_read_file("/proc/vmstat", &len);
    struct pa_diag d;
    if (pi && t && !pa_parse_vmstat(pi, t, len, "/proc/vmstat", &d))
        pa_procinfo_vmstat(pi, name, &v);
    free(t);
    free(pi);
    return v;
}

static void add_reason(struct contig *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_reason(struct contig *c, const char *fmt, ...)
{
    size_t l = strlen(c->shortfall);
    if (l && l + 3 < sizeof c->shortfall) {
        memcpy(c->shortfall + l, "; ", 3);
        l += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->shortfall + l, sizeof c->shortfall - l, fmt, ap);
    va_end(ap);
}

/* What analyze says about the order of the unit on the node's zones. */
static void explain_fragmentation(struct contig *c, unsigned order)
{
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_analysis *an = calloc(1, sizeof *an);
    struct pa_procread rd;
    struct pa_diag d;
    if (!pi || !an || pa_read_procdir(NULL, pi, &rd, &d)) {
        add_reason(c, "(could not read /proc/buddyinfo to say more)");
        goto out;
    }
    pa_analyze(pi, (unsigned)sysconf(_SC_PAGESIZE), NULL, an);
    for (int i = 0; i < an->nr_zones; i++) {
        const struct pa_an_zone *az = &an->zones[i];
        if (c->node >= 0 && az->z->node != c->node)
            continue;
        char line[300];
        pa_analysis_order_line(az, order, line, sizeof line);
        add_reason(c, "%s", line);
    }
out:
    free(pi);
    free(an);
}

static unsigned page_shift(void)
{
    unsigned s = 0;
    while ((1l << s) < sysconf(_SC_PAGESIZE))
        s++;
    return s;
}

static int bind_node(void *addr, size_t len, int node)
{
    unsigned long mask[PA_MAX_NODES / (8 * sizeof(unsigned long)) + 1] = {0};
    mask[node / (8 * sizeof(unsigned long))] |= 1ul << (node % (8 * sizeof(unsigned long)));
    if (syscall(SYS_mbind, addr, len, PA_MPOL_BIND, mask, (unsigned long)PA_MAX_NODES + 1, 0))
        return -errno;
    return 0;
}

static int get_memory(struct contig *c)
{
    long page = sysconf(_SC_PAGESIZE);
    if (c->thp) {
        c->unit = 2u << 20;
        size_t want = (size_t)((c->size + c->unit - 1) / c->unit * c->unit);
        size_t len = want + c->unit;
        char *raw = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) {
            add_reason(c, "mmap of %zu bytes failed: %s", len, strerror(errno));
            return -1;
        }
        /* keep a 2 MiB aligned window, give back the edges */
        char *al = (char *)(((uintptr_t)raw + c->unit - 1) & ~((uintptr_t)c->unit - 1));
        if (al > raw)
            munmap(raw, (size_t)(al - raw));
        if (raw + len > al + want)
            munmap(al + want, (size_t)(raw + len - (al + want)));
        c->addr = al;
        c->map_len = want;
        if (madvise(al, want, MADV_HUGEPAGE))
            add_reason(c, "madvise(MADV_HUGEPAGE) failed: %s", strerror(errno));
    } else {
        c->unit = (uint64_t)c->hp_kb * 1024;
        unsigned shift = c->hp_kb == 2048 ? 21 : 30;
        long need = (long)((c->size + c->unit - 1) / c->unit);
        long avail = c->before.free - (c->node < 0 ? c->before.resv : 0);
        if (avail < need) {
            if (!c->grow) {
                add_reason(c, "hugetlb pool empty: %ld free %lu kB pages%s, %ld needed "
                              "(nr_hugepages %ld; --grow-pool raises it for this run)",
                           avail < 0 ? 0 : avail, c->hp_kb, c->node >= 0 ? " on the node" : "",
                           need, c->before.nr);
                if (avail <= 0)
                    return -1;
                need = avail;
            } else {
                long target = c->before.nr + (need - avail);
                int err = pa_hugepool_set(c->hp_kb, c->node, target);
                c->grew = true;   /* even a failed write may have changed it */
                struct pa_hugepool now;
                pa_hugepool_read(c->hp_kb, c->node, &now);
                c->grown_to = now.nr;
                if (err)
                    add_reason(c, "could not raise nr_hugepages to %ld: %s", target,
                               strerror(-err));
                if (now.nr < target) {
                    add_reason(c, "asked the kernel for %ld more %lu kB pages, it found %ld: "
                                  "fragmentation",
                               target - c->before.nr, c->hp_kb, now.nr - c->before.nr);
                    explain_fragmentation(c, shift - page_shift());
                    need = now.free - (c->node < 0 ? now.resv : 0);
                    if (need <= 0)
                        return -1;
                }
            }
        }
        size_t len = (size_t)need * c->unit;
        int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (int)(shift << MAP_HUGE_SHIFT);
        void *a = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, -1, 0);
        if (a == MAP_FAILED) {
            add_reason(c, "mmap of %ld hugetlb pages failed: %s", need, strerror(errno));
            return -1;
        }
        c->addr = a;
        c->map_len = len;
    }
    if (c->node >= 0) {
        int err = bind_node(c->addr, c->map_len, c->node);
        if (err) {
            add_reason(c, "mbind to node %d failed: %s", c->node, strerror(-err));
            c->bind_failed = true; /* where the pages land is not what was asked */
        }
    }
    /* touch: one write per base page faults everything in */
    for (size_t off = 0; off < c->map_len && !stop_requested; off += (size_t)page)
        ((volatile char *)c->addr)[off] = 1;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Physical extents whatever the virtual order: sort the pfns and merge. */
static void extents(struct contig *c, const uint64_t *pfns, size_t n)
{
    uint64_t *s = malloc(n * sizeof *s);
    size_t k = 0;
    if (!s)
        return;
    for (size_t i = 0; i < n; i++)
        if (pfns[i] != PA_PFN_UNKNOWN)
            s[k++] = pfns[i];
    qsort(s, k, sizeof *s, cmp_u64);
    uint64_t len = 0;
    for (size_t i = 0; i < k; i++) {
        if (i && s[i] == s[i - 1])
            continue;
        if (i && s[i] == s[i - 1] + 1) {
            len++;
        } else {
            c->extents++;
            len = 1;
        }
        if (len > c->largest_extent)
            c->largest_extent = len;
    }
    free(s);
}

static void measure(struct contig *c)
{
    unsigned page = (unsigned)sysconf(_SC_PAGESIZE);
    size_t n = c->map_len / page;
    uint64_t *pfns = malloc(n * sizeof *pfns);
    int *nodes = malloc(n * sizeof *nodes);
    if (!pfns || !nodes) {
        add_reason(c, "out of memory measuring the mapping");
        goto out;
    }
    int err = pa_pagemap_pfns(c->addr, n, page, pfns);
    if (err) {
        add_reason(c, "cannot read /proc/self/pagemap: %s", strerror(-err));
        goto out;
    }
    pa_page_nodes(c->addr, n, page, nodes);
    size_t known = 0;
    for (size_t i = 0; i < n; i++)
        known += pfns[i] != PA_PFN_UNKNOWN;
    if (!known) {
        c->pfns_hidden = true;
        add_reason(c, "pagemap shows no pfns (not root?): contiguity cannot be proven");
        goto out;
    }
    c->obtained = (uint64_t)known * page;
    extents(c, pfns, n);
    /* all runs, to count; the first 256 kept for printing */
    size_t cap = n;
    struct pa_run *all = malloc(cap * sizeof *all);
    if (!all)
        goto out;
    bool more;
    size_t nr = pa_pfn_runs(pfns, nodes, n, all, cap, &more);
    uint64_t unit_pages = c->unit / page;
    for (size_t r = 0; r < nr; r++) {
        uint64_t units = 0;
        /* units must be aligned in physical memory too (a huge page is) */
        uint64_t start = (all[r].pfn + unit_pages - 1) / unit_pages * unit_pages;
        uint64_t end = all[r].pfn + all[r].npages;
        if (end > start)
            units = (end - start) / unit_pages;
        c->in_units += units * c->unit;
        int nd = all[r].node >= 0 && all[r].node < PA_MAX_NODES ? all[r].node : 0;
        c->node_bytes[nd] += all[r].npages * page;
        c->node_runs[nd]++;
    }
    c->nr_runs = nr < 256 ? nr : 256;
    memcpy(c->runs, all, c->nr_runs * sizeof *all);
    c->runs_more = nr > 256;
    free(all);
out:
    free(pfns);
    free(nodes);
}

static void print_result(const struct contig *c, bool ok)
{
    char a[32], b[32], u[32];
    pa_size_text(c->size, a, sizeof a);
    pa_size_text(c->in_units, b, sizeof b);
    pa_size_text(c->unit, u, sizeof u);
    if (c->json) {
        printf("{\"mode\":\"%s\",\"unit_bytes\":%" PRIu64 ",\"requested_bytes\":%" PRIu64
               ",\"mapped_bytes\":%zu,\"obtained_bytes\":%" PRIu64
               ",\"contiguous_unit_bytes\":%" PRIu64 ",\"ok\":%s,\"node\":%d",
               c->thp ? "thp" : "hugetlb", c->unit, c->size, c->map_len, c->obtained,
               c->in_units, ok ? "true" : "false", c->node);
        if (!c->thp)
            printf(",\"pool\":{\"page_kb\":%lu,\"nr_before\":%ld,\"free_before\":%ld,"
                   "\"grown_to\":%ld,\"restored\":%s}",
                   c->hp_kb, c->before.nr, c->before.free, c->grew ? c->grown_to : c->before.nr,
                   !c->grew || c->restored ? "true" : "false");
        else
            printf(",\"thp_fault_alloc\":%" PRIu64 ",\"thp_fault_fallback\":%" PRIu64,
                   c->thp_alloc, c->thp_fallback);
        printf(",\"per_node\":[");
        bool first = true;
        for (int nd = 0; nd < PA_MAX_NODES; nd++)
            if (c->node_runs[nd]) {
                printf("%s{\"node\":%d,\"bytes\":%" PRIu64 ",\"runs\":%u}", first ? "" : ",", nd,
                       c->node_bytes[nd], c->node_runs[nd]);
                first = false;
            }
        printf("],\"runs\":[");
        for (size_t r = 0; r < c->nr_runs; r++)
            printf("%s{\"pfn\":%" PRIu64 ",\"pages\":%" PRIu64 ",\"node\":%d}", r ? "," : "",
                   c->runs[r].pfn, c->runs[r].npages, c->runs[r].node);
        printf("],\"runs_truncated\":%s,\"physical_extents\":%" PRIu64
               ",\"largest_extent_bytes\":%" PRIu64 ",\"shortfall\":\"",
               c->runs_more ? "true" : "false", c->extents,
               c->largest_extent * (uint64_t)sysconf(_SC_PAGESIZE));
        for (const char *s = c->shortfall; *s; s++)
            printf(*s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
        printf("\"}\n");
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
               c->restored ? "restored on exit" : "RESTORE FAILED: set it back by hand");
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
    struct contig *c = calloc(1, sizeof *c);
    if (!c)
        return PA_EXIT_BAD;
    c->hp_kb = 2048;
    c->node = -1;
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
                pa_cli_err("--hugetlb takes 2M or 1G, not '%s'", optarg);
                goto out;
            }
            break;
        case 't': c->thp = true; break;
        case 'n': {
            unsigned long long v = pa_cli_ull("--node", optarg);
            if (v >= PA_MAX_NODES) {
                pa_cli_err("--node must be below %d", PA_MAX_NODES);
                goto out;
            }
            c->node = (int)v;
            break;
        }
        case 'o': {
            unsigned long long v = pa_cli_ull("--hold", optarg);
            if (v > 86400) {
                pa_cli_err("--hold is at most 86400 seconds");
                goto out;
            }
            c->hold = (unsigned)v;
            break;
        }
        case 'm': {
            unsigned long long v = pa_cli_ull("--max-share", optarg);
            if (v < 1 || v > 90) {
                pa_cli_err("--max-share takes 1..90 (percent of MemAvailable), not %llu", v);
                goto out;
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
    if (optind != argc - 1) {
        pa_cli_err("contig: give exactly one SIZE (see --help)");
        goto out;
    }
    if (!pa_parse_size(argv[optind], &c->size)) {
        pa_cli_err("contig: '%s' is not a size (e.g. 64M, 1G)", argv[optind]);
        goto out;
    }
    if (c->thp && (hugetlb_set || c->grow)) {
        pa_cli_err("contig: --thp excludes --hugetlb and --grow-pool");
        goto out;
    }
    /* --node 5 on a one-node machine was "OK: mbind to node 5 failed" with
       the memory on node 0 */
    if (c->node >= 0) {
        char path[64];
        snprintf(path, sizeof path, "/sys/devices/system/node/node%d", c->node);
        if (access(path, F_OK)) {
            size_t len;
            char *online = pa_read_file("/sys/devices/system/node/online", &len);
            if (online)
                online[strcspn(online, "\n")] = '\0';
            pa_cli_err("contig: node %d does not exist on this machine (online nodes: %s)",
                       c->node, online ? online : "unknown");
            free(online);
            goto out;
        }
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
    /* Two pagealloc runs growing the pool at once would restore each other's
       values: serialise them from the first read to the restore. */
    int lockfd = -1;
    if (c->grow) {
        lockfd = open("/run/pagealloc-hugepool.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (lockfd < 0 || flock(lockfd, LOCK_EX)) {
            pa_cli_err("contig: cannot lock /run/pagealloc-hugepool.lock: %s", strerror(errno));
            if (lockfd >= 0)
                close(lockfd);
            goto out;
        }
        if (pa_hugepool_read(c->hp_kb, c->node, &c->before)) {
            close(lockfd);
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
        if (lockfd >= 0)
            close(lockfd);
        goto out;
    }
    if (c->thp) {
        size_t len;
        char *t = pa_read_file("/sys/kernel/mm/transparent_hugepage/enabled", &len);
        if (!t || strstr(t, "[never]")) {
            free(t);
            c->unit = 2u << 20;
            add_reason(c, "THP is %s on this kernel", t ? "disabled ([never])" : "absent");
            print_result(c, false);
            rc = PA_EXIT_NO;
            goto out;
        }
        free(t);
    }

    struct sigaction sa, old_int, old_term, old_hup, old_quit;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    sigaction(SIGQUIT, &sa, &old_quit); /* Ctrl-\ too: the pool is restored */

    uint64_t thp_a0 = vm_counter("thp_fault_alloc"), thp_f0 = vm_counter("thp_fault_fallback");
    if (get_memory(c) == 0 && !stop_requested) {
        measure(c);
        c->thp_alloc = vm_counter("thp_fault_alloc") - thp_a0;
        c->thp_fallback = vm_counter("thp_fault_fallback") - thp_f0;
        if (c->thp && c->thp_fallback)
            add_reason(c, "%" PRIu64 " THP faults fell back to small pages", c->thp_fallback);
        if (c->thp && c->in_units < c->size && !c->pfns_hidden)
            explain_fragmentation(c, 21 - page_shift());
    }
    bool ok = !stop_requested && !c->bind_failed && c->in_units >= c->size;
    if (!ok && stop_requested)
        add_reason(c, "interrupted by signal %d", (int)stop_requested);
    if (ok && c->hold) {
        if (!c->json)
            printf("holding for %u s (Ctrl-C releases early)\n", c->hold);
        fflush(stdout);
        struct timespec ts = {0, 100 * 1000 * 1000};
        for (unsigned i = 0; i < c->hold * 10 && !stop_requested; i++)
            nanosleep(&ts, NULL);
        if (stop_requested)
            add_reason(c, "hold ended early by signal %d", (int)stop_requested);
    }
    if (c->addr)
        munmap(c->addr, c->map_len);
    if (c->grew) {
        /* back to what it was; retried once, verified by reading it back */
        int err = pa_hugepool_set(c->hp_kb, c->node, c->before.nr);
        if (err)
            err = pa_hugepool_set(c->hp_kb, c->node, c->before.nr);
        struct pa_hugepool now;
        c->restored = !err && !pa_hugepool_read(c->hp_kb, c->node, &now) &&
                      now.nr == c->before.nr;
        if (!c->restored)
            pa_cli_err("could not restore nr_hugepages to %ld (%s): set it by hand",
                       c->before.nr, err ? strerror(-err) : "read back differs");
    }
    if (lockfd >= 0)
        close(lockfd);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    print_result(c, ok);
    rc = ok ? PA_EXIT_OK : PA_EXIT_NO;
out:
    free(c);
    return rc;
}

const struct pa_cmd pa_cmd_contig = {"contig", "get physically contiguous memory from user "
                                               "space and prove it (hugetlb, THP)",
                                     cmd_contig};
