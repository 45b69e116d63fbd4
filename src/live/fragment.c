/*
 * live/fragment.c - the mechanics of `pagealloc fragment` (live/fragment.h):
 * fork, CPU pinning, the pipe ping-pong, MADV_NOHUGEPAGE / MADV_DONTNEED.
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "live/fragment.h"

/* Child: wait for a token on in, fault in `chunk` pages, pass the token on. */
static void child_interleave(char *mem, size_t pages, size_t chunk, long psz, int in, int out,
                             int ready, volatile size_t *touched)
{
    char tok;
    for (size_t i = 0; i < pages; i += chunk) {
        if (read(in, &tok, 1) != 1)
            _exit(1);
        for (size_t j = i; j < i + chunk && j < pages; j++)
            mem[j * (size_t)psz] = 1;
        if (touched)
            *touched = i + chunk < pages ? i + chunk : pages;
        if (write(out, &tok, 1) != 1)
            _exit(1);
    }
    if (write(ready, "r", 1) != 1)
        _exit(1);
    for (;;)
        pause();
}

static void pin_cpu0(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &set);
    sched_setaffinity(0, sizeof set, &set);
}

static char *map_region(size_t bytes)
{
    char *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    madvise(m, bytes, MADV_NOHUGEPAGE);   /* a THP would defeat the experiment */
    return m;
}

void pa_fragment_init(struct pa_fragmenter *f, size_t pages, long psz, size_t chunk,
                      bool every_other, const volatile sig_atomic_t *stop)
{
    memset(f, 0, sizeof *f);
    f->pages = pages;
    f->psz = psz;
    f->chunk = chunk;
    f->every_other = every_other;
    f->stop = stop;
    f->kids[0] = f->kids[1] = -1;
    f->touched = NULL;
    f->pab[0] = f->pab[1] = f->pba[0] = f->pba[1] = f->rdy[0] = f->rdy[1] = -1;
}

static bool stopped(const struct pa_fragmenter *f)
{
    return f->stop && *f->stop;
}

int pa_fragment_start(struct pa_fragmenter *f)
{
    bool every_other = f->every_other;
    size_t pages = f->pages;
    long psz = f->psz;
    if (pipe(f->rdy) || (!every_other && (pipe(f->pab) || pipe(f->pba)))) {
        snprintf(f->err, sizeof f->err, "pipe: %s", strerror(errno));
        return -1;
    }
    /* the children's progress, for pa_fragment_wait_ready (none if this fails) */
    void *sh = mmap(NULL, 2 * sizeof(size_t), PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    f->touched = sh == MAP_FAILED ? NULL : sh;
    pid_t parent = getpid();
    for (int k = 0; k < (every_other ? 1 : 2); k++) {
        pid_t pid = fork();
        if (pid < 0) {
            snprintf(f->err, sizeof f->err, "fork: %s", strerror(errno));
            return -1;
        }
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent)
                _exit(1);
            signal(SIGINT, SIG_DFL);
            signal(SIGTERM, SIG_DFL);
            pin_cpu0();
            char *mem = map_region(pages * (size_t)psz);
            if (!mem)
                _exit(1);
            volatile size_t *touched = f->touched ? f->touched + k : NULL;
            if (every_other) {
                for (size_t i = 0; i < pages; i++) {
                    mem[i * (size_t)psz] = 1;
                    if (touched && !(i & 255))
                        *touched = i;
                }
                if (touched)
                    *touched = pages;
                for (size_t i = 1; i < pages; i += 2)
                    madvise(mem + i * (size_t)psz, (size_t)psz, MADV_DONTNEED);
                if (write(f->rdy[1], "r", 1) != 1)
                    _exit(1);
                for (;;)
                    pause();
            }
            /* A reads from pba, writes pab; B the reverse */
            if (k == 0)
                child_interleave(mem, pages, f->chunk, psz, f->pba[0], f->pab[1], f->rdy[1],
                                 touched);
            else
                child_interleave(mem, pages, f->chunk, psz, f->pab[0], f->pba[1], f->rdy[1],
                                 touched);
        }
        f->kids[k] = pid;
    }
    pin_cpu0();
    if (!every_other && write(f->pba[1], "t", 1) != 1) { /* A starts */
        snprintf(f->err, sizeof f->err, "write: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int pa_fragment_wait_ready(struct pa_fragmenter *f,
                           void (*progress)(void *ctx, uint64_t done, uint64_t total),
                           void *ctx)
{
    int kids = f->every_other ? 1 : 2;
    for (int done = 0; done < kids && !stopped(f);) {
        if (progress && f->touched) {
            uint64_t sum = 0;
            for (int k = 0; k < kids; k++)
                sum += f->touched[k];
            progress(ctx, sum, (uint64_t)f->pages * (uint64_t)kids);
        }
        struct pollfd pfd = {.fd = f->rdy[0], .events = POLLIN};
        int pr = poll(&pfd, 1, 100);
        if (pr == 0 || (pr < 0 && errno == EINTR))
            continue;
        char r;
        ssize_t n = read(f->rdy[0], &r, 1);
        if (n == 1)
            done++;
        else if (n < 0 && errno == EINTR)
            continue;
        else {
            snprintf(f->err, sizeof f->err, "a child died before it was done");
            return -1;
        }
    }
    return stopped(f) ? 1 : 0;
}

void pa_fragment_kill_second(struct pa_fragmenter *f)
{
    if (f->kids[1] > 0) {
        kill(f->kids[1], SIGKILL);
        waitpid(f->kids[1], NULL, 0);
    }
    f->kids[1] = -1;
}

void pa_fragment_cleanup(struct pa_fragmenter *f)
{
    for (int k = 0; k < 2; k++)
        if (f->kids[k] > 0) {
            kill(f->kids[k], SIGKILL);
            waitpid(f->kids[k], NULL, 0);
            f->kids[k] = -1;
        }
    if (f->touched) {
        munmap((void *)f->touched, 2 * sizeof(size_t));
        f->touched = NULL;
    }
    int *fds[6] = {&f->pab[0], &f->pab[1], &f->pba[0], &f->pba[1], &f->rdy[0], &f->rdy[1]};
    for (int i = 0; i < 6; i++)
        if (*fds[i] >= 0) {
            close(*fds[i]);
            *fds[i] = -1;
        }
}
