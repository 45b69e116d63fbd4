/*
 * live/contig.c - the mechanics of `pagealloc contig` (live/contig.h):
 * mmap with MAP_HUGETLB or MADV_HUGEPAGE, mbind to a node, nr_hugepages
 * raised and restored, the memory touched and its pfns read back.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "live/contig.h"
#include "pagealloc/analyze.h"

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif
#ifndef MADV_HUGEPAGE
#define MADV_HUGEPAGE 14
#endif
#define PA_MPOL_BIND 2


uint64_t pa_contig_vm_counter(const char *name)
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

void pa_contig_reason(struct pa_contig *c, const char *fmt, ...)
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
void pa_contig_explain_fragmentation(struct pa_contig *c, unsigned order)
{
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_analysis *an = calloc(1, sizeof *an);
    struct pa_procread rd;
    struct pa_diag d;
    if (!pi || !an || pa_read_procdir(NULL, pi, &rd, &d)) {
        pa_contig_reason(c, "(could not read /proc/buddyinfo to say more)");
        goto out;
    }
    pa_analyze(pi, (unsigned)sysconf(_SC_PAGESIZE), NULL, an);
    for (int i = 0; i < an->nr_zones; i++) {
        const struct pa_an_zone *az = &an->zones[i];
        if (c->node >= 0 && az->z->node != c->node)
            continue;
        char line[300];
        pa_analysis_order_line(az, order, line, sizeof line);
        pa_contig_reason(c, "%s", line);
    }
out:
    free(pi);
    free(an);
}

unsigned pa_page_shift(void)
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

int pa_contig_get_memory(struct pa_contig *c)
{
    long page = sysconf(_SC_PAGESIZE);
    if (c->thp) {
        c->unit = 2u << 20;
        size_t want = (size_t)((c->size + c->unit - 1) / c->unit * c->unit);
        size_t len = want + c->unit;
        char *raw = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) {
            pa_contig_reason(c, "mmap of %zu bytes failed: %s", len, strerror(errno));
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
            pa_contig_reason(c, "madvise(MADV_HUGEPAGE) failed: %s", strerror(errno));
    } else {
        c->unit = (uint64_t)c->hp_kb * 1024;
        unsigned shift = c->hp_kb == 2048 ? 21 : 30;
        long need = (long)((c->size + c->unit - 1) / c->unit);
        long avail = c->before.free - (c->node < 0 ? c->before.resv : 0);
        if (avail < need) {
            if (!c->grow) {
                pa_contig_reason(c, "hugetlb pool empty: %ld free %lu kB pages%s, %ld needed "
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
                    pa_contig_reason(c, "could not raise nr_hugepages to %ld: %s", target,
                               strerror(-err));
                if (now.nr < target) {
                    pa_contig_reason(c, "asked the kernel for %ld more %lu kB pages, it found %ld: "
                                  "fragmentation",
                               target - c->before.nr, c->hp_kb, now.nr - c->before.nr);
                    pa_contig_explain_fragmentation(c, shift - pa_page_shift());
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
            pa_contig_reason(c, "mmap of %ld hugetlb pages failed: %s", need, strerror(errno));
            return -1;
        }
        c->addr = a;
        c->map_len = len;
    }
    if (c->node >= 0) {
        int err = bind_node(c->addr, c->map_len, c->node);
        if (err) {
            pa_contig_reason(c, "mbind to node %d failed: %s", c->node, strerror(-err));
            c->bind_failed = true; /* where the pages land is not what was asked */
        }
    }
    /* touch: one write per base page faults everything in */
    for (size_t off = 0; off < c->map_len && !(c->stop && *c->stop); off += (size_t)page)
        ((volatile char *)c->addr)[off] = 1;
    return 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Physical extents whatever the virtual order: sort the pfns and merge. */
static void extents(struct pa_contig *c, const uint64_t *pfns, size_t n)
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

void pa_contig_measure(struct pa_contig *c)
{
    unsigned page = (unsigned)sysconf(_SC_PAGESIZE);
    size_t n = c->map_len / page;
    uint64_t *pfns = malloc(n * sizeof *pfns);
    int *nodes = malloc(n * sizeof *nodes);
    if (!pfns || !nodes) {
        pa_contig_reason(c, "out of memory measuring the mapping");
        goto out;
    }
    int err = pa_pagemap_pfns(c->addr, n, page, pfns);
    if (err) {
        pa_contig_reason(c, "cannot read /proc/self/pagemap: %s", strerror(-err));
        goto out;
    }
    pa_page_nodes(c->addr, n, page, nodes);
    size_t known = 0;
    for (size_t i = 0; i < n; i++)
        known += pfns[i] != PA_PFN_UNKNOWN;
    if (!known) {
        c->pfns_hidden = true;
        pa_contig_reason(c, "pagemap shows no pfns (not root?): contiguity cannot be proven");
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

bool pa_node_exists(int node, char *online, size_t n)
{
    char path[64];
    snprintf(path, sizeof path, "/sys/devices/system/node/node%d", node);
    if (!access(path, F_OK))
        return true;
    size_t len;
    char *t = pa_read_file("/sys/devices/system/node/online", &len);
    if (t)
        t[strcspn(t, "\n")] = '\0';
    snprintf(online, n, "%s", t ? t : "unknown");
    free(t);
    return false;
}

bool pa_thp_enabled(char *why, size_t n)
{
    size_t len;
    char *t = pa_read_file("/sys/kernel/mm/transparent_hugepage/enabled", &len);
    bool ok = t && !strstr(t, "[never]");
    if (!ok)
        snprintf(why, n, "THP is %s on this kernel", t ? "disabled ([never])" : "absent");
    free(t);
    return ok;
}

/* Two pagealloc runs growing the pool at once would restore each other's
   values: serialise them from the first read to the restore. */
int pa_contig_lock_pool(struct pa_contig *c)
{
    c->lockfd = open("/run/pagealloc-hugepool.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (c->lockfd < 0 || flock(c->lockfd, LOCK_EX)) {
        int e = errno;
        if (c->lockfd >= 0)
            close(c->lockfd);
        c->lockfd = -1;
        return -e;
    }
    if (pa_hugepool_read(c->hp_kb, c->node, &c->before)) {
        close(c->lockfd);
        c->lockfd = -1;
        return -EIO;
    }
    return 0;
}

int pa_contig_release(struct pa_contig *c)
{
    int err = 0;
    if (c->addr)
        munmap(c->addr, c->map_len);
    c->addr = NULL;
    if (c->grew) {
        /* back to what it was; retried once, verified by reading it back */
        err = pa_hugepool_set(c->hp_kb, c->node, c->before.nr);
        if (err)
            err = pa_hugepool_set(c->hp_kb, c->node, c->before.nr);
        struct pa_hugepool now;
        c->restored = !err && !pa_hugepool_read(c->hp_kb, c->node, &now) &&
                      now.nr == c->before.nr;
        if (!c->restored && !err)
            err = -EIO;
    }
    if (c->lockfd >= 0)
        close(c->lockfd);
    c->lockfd = -1;
    return err;
}
