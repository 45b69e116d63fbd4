/*
 * live/fragment.h - the mechanics of `pagealloc fragment`, seed 003's
 * user-space fragmentation experiment done safely: "interleave" forks two
 * children pinned to one CPU that take turns faulting in pages (a pipe
 * ping-pong, so their pages alternate physically as far as the allocator
 * hands them out in order), then one is killed and its pages go back,
 * leaving holes between the survivor's; "every-other" forks one child that
 * faults everything in and gives back every other page (MADV_DONTNEED).
 * Children die with the parent (PR_SET_PDEATHSIG) and pa_fragment_cleanup
 * kills them on every exit path. src/cli/cmd_fragment.c holds the
 * arguments, the limits and what is shown.
 */
#ifndef PA_LIVE_FRAGMENT_H
#define PA_LIVE_FRAGMENT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct pa_fragmenter {
    /* request */
    size_t pages;               /* per process                                   */
    long psz;                   /* page size                                     */
    size_t chunk;               /* pages a child faults in per turn              */
    bool every_other;
    const volatile sig_atomic_t *stop; /* the caller's signal flag, or NULL      */
    /* state */
    pid_t kids[2];
    volatile size_t *touched;   /* pages each child has faulted in so far
                                   (shared with the children), or NULL    */
    int pab[2], pba[2], rdy[2];
    char err[160];              /* what failed, when a call returns -1          */
};

/* Set up f for a run (no process started yet). */
void pa_fragment_init(struct pa_fragmenter *f, size_t pages, long psz, size_t chunk,
                      bool every_other, const volatile sig_atomic_t *stop);
/* Fork the children and start them. 0, or -1 with f->err. */
int pa_fragment_start(struct pa_fragmenter *f);
/* Wait until every child has faulted its memory in: 0, 1 when *stop was
   set, -1 with f->err when a child died first. While waiting, about every
   0.1 s, progress(ctx, pages faulted in, pages in all) (progress may be
   NULL). */
int pa_fragment_wait_ready(struct pa_fragmenter *f,
                           void (*progress)(void *ctx, uint64_t done, uint64_t total),
                           void *ctx);
/* interleave: kill the second child, its pages go back. */
void pa_fragment_kill_second(struct pa_fragmenter *f);
/* Kill and reap every child, close the pipes. Safe to call twice. */
void pa_fragment_cleanup(struct pa_fragmenter *f);

#endif
