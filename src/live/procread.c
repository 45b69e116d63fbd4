/*
 * procread.c - find and read the allocator's text files for `analyze`,
 * `top`, `contig` and `snapshot`: /proc of this machine, or a directory of
 * captured files. Only buddyinfo is required; pagetypeinfo (root-only since
 * 5.4), zoneinfo, vmstat and debugfs extfrag are used when readable, and what
 * was missing is recorded so the output can say so.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "live/procread.h"

char *pa_read_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    for (;;) {
        if (n == cap) {
            char *nb = cap > (64u << 20) ? NULL : realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                close(fd);
                errno = EFBIG;
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            close(fd);
            errno = e;
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void note_missing(struct pa_procread *rd, const char *name, int err)
{
    size_t l = strlen(rd->missing);
    snprintf(rd->missing + l, sizeof rd->missing - l, "%s%s (%s)", l ? ", " : "", name,
             err == ENOENT ? "absent" : strerror(err));
    errno = err;
}

typedef int (*parse_fn)(struct pa_procinfo *, const char *, size_t, const char *,
                        struct pa_diag *);

/* 0 = parsed, 1 = not readable (noted), PA_EINVAL = bad text */
static int read_one(const char *path, const char *name, struct pa_procinfo *pi,
                    struct pa_procread *rd, struct pa_diag *d, parse_fn fn, int extfrag)
{
    size_t len;
    char *text = pa_read_file(path, &len);
    if (!text) {
        note_missing(rd, name, errno);
        return 1;
    }
    int err = extfrag >= 0 ? pa_parse_extfrag(pi, extfrag, text, len, path, d)
                           : fn(pi, text, len, path, d);
    free(text);
    return err;
}

int pa_read_procdir(const char *dir, struct pa_procinfo *pi, struct pa_procread *rd,
                    struct pa_diag *d)
{
    char base[512], extdir[560], path[640];
    memset(rd, 0, sizeof rd->missing);
    rd->missing[0] = '\0';
    memset(d, 0, sizeof *d);
    if (!dir)
        dir = "/proc";
    snprintf(rd->dir, sizeof rd->dir, "%s", dir);
    if (!strcmp(dir, "/proc") || !strcmp(dir, "/proc/")) {
        snprintf(base, sizeof base, "/proc");
        snprintf(extdir, sizeof extdir, "/sys/kernel/debug/extfrag");
    } else {
        snprintf(path, sizeof path, "%.400s/proc/buddyinfo", dir);
        if (exists(path)) {
            snprintf(base, sizeof base, "%.400s/proc", dir);
            snprintf(extdir, sizeof extdir, "%.400s/sys/kernel/debug/extfrag", dir);
        } else {
            snprintf(base, sizeof base, "%.400s", dir);
            snprintf(extdir, sizeof extdir, "%.400s/extfrag", dir);
            if (!exists(extdir))
                snprintf(extdir, sizeof extdir, "%.400s", dir);
        }
    }
    snprintf(path, sizeof path, "%s/buddyinfo", base);
    int err = read_one(path, "buddyinfo", pi, rd, d, pa_parse_buddyinfo, -1);
    if (err == 1) {
        int eno = errno;   /* read_one's failure (note_missing keeps errno) */
        snprintf(d->file, sizeof d->file, "%.120s", path);
        snprintf(d->msg, sizeof d->msg, "cannot read it: %.150s", strerror(eno));
        return PA_EINVAL;
    }
    if (err)
        return err;
    static const struct {
        const char *name;
        parse_fn fn;
    } opt[] = {
        {"pagetypeinfo", pa_parse_pagetypeinfo},
        {"zoneinfo", pa_parse_zoneinfo},
        {"vmstat", pa_parse_vmstat},
    };
    for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", base, opt[i].name);
        if ((err = read_one(path, opt[i].name, pi, rd, d, opt[i].fn, -1)) < 0)
            return err;
    }
    snprintf(path, sizeof path, "%s/unusable_index", extdir);
    if ((err = read_one(path, "extfrag/unusable_index", pi, rd, d, NULL, 0)) < 0)
        return err;
    snprintf(path, sizeof path, "%s/extfrag_index", extdir);
    if ((err = read_one(path, "extfrag/extfrag_index", pi, rd, d, NULL, 1)) < 0)
        return err;
    return 0;
}

uint64_t pa_mem_available_kb(void)
{
    size_t len;
    char *t = pa_read_file("/proc/meminfo", &len);
    uint64_t kb = 0;
    if (t) {
        char *p = strstr(t, "MemAvailable:");
        if (p)
            kb = strtoull(p + 13, NULL, 10);
        free(t);
    }
    return kb;
}
