/*
 * physmem.c - user memory's physical placement, for `contig` and `fragment`:
 * /proc/self/pagemap entries (bit 63 present, bits 0-54 pfn; the pfn reads as
 * 0 without CAP_SYS_ADMIN since 4.2), the node of each page through the
 * move_pages(2) query form (nodes == NULL), runs of consecutive pfns, and the
 * hugetlb pool files of sysfs (global and per node).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "live/physmem.h"
#include "live/procread.h"

int pa_pagemap_pfns(const void *addr, size_t npages, unsigned page_size, uint64_t *pfns)
{
    int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    uint64_t first = (uint64_t)(uintptr_t)addr / page_size;
    size_t done = 0;
    uint64_t buf[512];
    while (done < npages) {
        size_t want = npages - done < 512 ? npages - done : 512;
        ssize_t r = pread(fd, buf, want * 8, (off_t)((first + done) * 8));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            return -e;
        }
        if (r == 0 || r % 8) {
            close(fd);
            return -EIO;
        }
        for (size_t i = 0; i < (size_t)r / 8; i++) {
            uint64_t e = buf[i];
            uint64_t pfn = e & ((1ull << 55) - 1);
            pfns[done + i] = (e >> 63) && pfn ? pfn : PA_PFN_UNKNOWN;
        }
        done += (size_t)r / 8;
    }
    close(fd);
    return 0;
}

int pa_page_nodes(const void *addr, size_t npages, unsigned page_size, int *nodes)
{
#ifdef SYS_move_pages
    void **pages = malloc(npages * sizeof *pages);
    if (!pages)
        return -ENOMEM;
    for (size_t i = 0; i < npages; i++)
        pages[i] = (char *)(uintptr_t)addr + i * page_size;
    long r = syscall(SYS_move_pages, 0, (unsigned long)npages, pages, NULL, nodes, 0);
    int e = errno;
    free(pages);
    if (r < 0) {
        for (size_t i = 0; i < npages; i++)
            nodes[i] = -1;
        return -e;
    }
    for (size_t i = 0; i < npages; i++)
        if (nodes[i] < 0)
            nodes[i] = -1;
    return 0;
#else
    for (size_t i = 0; i < npages; i++)
        nodes[i] = -1;
    (void)addr;
    (void)page_size;
    return -ENOSYS;
#endif
}

size_t pa_pfn_runs(const uint64_t *pfns, const int *nodes, size_t n, struct pa_run *runs,
                   size_t max, bool *more)
{
    size_t nr = 0;
    *more = false;
    for (size_t i = 0; i < n;) {
        if (pfns[i] == PA_PFN_UNKNOWN) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && pfns[j] == pfns[j - 1] + 1 && (!nodes || nodes[j] == nodes[i]))
            j++;
        if (nr < max)
            runs[nr++] = (struct pa_run){pfns[i], j - i, nodes ? nodes[i] : -1};
        else
            *more = true;
        i = j;
    }
    return nr;
}

static void pool_path(char *buf, size_t n, unsigned long size_kb, int node, const char *file)
{
    if (node < 0)
        snprintf(buf, n, "/sys/kernel/mm/hugepages/hugepages-%lukB/%s", size_kb, file);
    else
        snprintf(buf, n, "/sys/devices/system/node/node%d/hugepages/hugepages-%lukB/%s", node,
                 size_kb, file);
}

static long read_long(const char *path)
{
    size_t len;
    char *t = pa_read_file(path, &len);
    if (!t)
        return -1;
    char *end;
    long v = strtol(t, &end, 10);
    if (end == t)
        v = -1;
    free(t);
    return v;
}

int pa_hugepool_read(unsigned long size_kb, int node, struct pa_hugepool *p)
{
    char path[256];
    pool_path(path, sizeof path, size_kb, node, "nr_hugepages");
    p->nr = read_long(path);
    pool_path(path, sizeof path, size_kb, node, "free_hugepages");
    p->free = read_long(path);
    pool_path(path, sizeof path, size_kb, node, "surplus_hugepages");
    p->surplus = read_long(path);
    /* resv_hugepages exists only globally */
    pool_path(path, sizeof path, size_kb, -1, "resv_hugepages");
    p->resv = node < 0 ? read_long(path) : 0;
    return p->nr < 0 ? -ENOENT : 0;
}

int pa_hugepool_set(unsigned long size_kb, int node, long nr)
{
    char path[256], val[32];
    pool_path(path, sizeof path, size_kb, node, "nr_hugepages");
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    int len = snprintf(val, sizeof val, "%ld\n", nr);
    ssize_t w;
    do
        w = write(fd, val, (size_t)len);
    while (w < 0 && errno == EINTR);
    int e = w < 0 ? errno : 0;
    close(fd);
    return -e;
}

bool pa_parse_size(const char *s, uint64_t *bytes)
{
    char *end;
    /* a decimal number first: strtod alone would also take "nan", "inf",
       hex and leading blanks */
    if (!s || !((*s >= '0' && *s <= '9') || *s == '.') || strpbrk(s, "xX"))
        return false;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || v <= 0)
        return false;
    double mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1024.0; end++; break;
    case 'm': case 'M': mul = 1024.0 * 1024; end++; break;
    case 'g': case 'G': mul = 1024.0 * 1024 * 1024; end++; break;
    case 't': case 'T': mul = 1024.0 * 1024 * 1024 * 1024; end++; break;
    default: break;
    }
    /* "KiB", "Mi": the i only after a unit letter ("10i" is not a size) */
    if (*end == 'i' && mul > 1)
        end++;
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end)
        return false;
    double b = v * mul;
    if (!(b >= 1 && b <= 1e18))   /* also false for NaN */
        return false;
    *bytes = (uint64_t)b;
    return true;
}

void pa_size_text(uint64_t bytes, char *buf, size_t n)
{
    if (bytes >= (1ull << 30))
        snprintf(buf, n, "%.2f GiB", (double)bytes / (1ull << 30));
    else if (bytes >= (1ull << 20))
        snprintf(buf, n, "%.2f MiB", (double)bytes / (1ull << 20));
    else
        snprintf(buf, n, "%.2f KiB", (double)bytes / 1024);
}
