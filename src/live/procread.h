/*
 * live/procread.h - read the allocator's /proc and debugfs files of this
 * machine, or of a directory of captured files (a copy of /proc, or a
 * sosreport root holding proc/ and sys/kernel/debug/), into a struct
 * pa_procinfo. Reading is here; parsing is src/format/procparse.c.
 */
#ifndef PA_LIVE_PROCREAD_H
#define PA_LIVE_PROCREAD_H

#include <stddef.h>
#include <stdint.h>

#include "pagealloc/procparse.h"

/* Read a whole file into a malloc'd buffer (NUL-terminated, *len without the
   NUL). NULL with errno set when it cannot be read. */
char *pa_read_file(const char *path, size_t *len);

/* MemAvailable of this machine's /proc/meminfo in kB; 0 when unreadable.
   `fragment` and `contig` refuse to take more than a share of it. */
uint64_t pa_mem_available_kb(void);

/* Which files pa_read_procdir found; missing ones are not an error except
   buddyinfo. */
struct pa_procread {
    char dir[512];          /* what was read ("/proc" for this machine)        */
    char missing[256];      /* "pagetypeinfo (permission denied), ..."         */
};

/* dir NULL or "/proc": this machine (extfrag from /sys/kernel/debug/extfrag if
   debugfs is mounted). Otherwise DIR/buddyinfo or DIR/proc/buddyinfo, and
   extfrag from DIR/extfrag/, DIR/sys/kernel/debug/extfrag/ or DIR itself.
   Returns 0, or PA_EINVAL with *d set when a file is malformed or buddyinfo
   cannot be read (d->msg says which). */
int pa_read_procdir(const char *dir, struct pa_procinfo *pi, struct pa_procread *rd,
                    struct pa_diag *d);

#endif
