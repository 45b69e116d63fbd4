/*
 * era.c - what the simulator needs to know about a kernel version beyond the
 * engine's profile: the slab allocator the distribution built (RHEL6 chose
 * SLAB, mainline's default has been SLUB since 2.6.23; kernel-semantics 9),
 * the `free` layout of the procps of that time, the per-CPU list era (4.4)
 * whether /proc/meminfo has MemAvailable (3.14+), a task's kernel stack,
 * and the /proc/zoneinfo
 * layout (per-node block from 4.8, "managed" from 3.x, the 6.x lines from
 * 6.0; the exact first versions are UNVERIFIED, bracketed by V2632 / V316 /
 * V414 / a live 6.18).
 *
 * A table, newest last; a version gets the newest row not newer than it.
 * RHEL versions ("2.6.32-642.el6") have rows of their own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

static const struct pa_sim_era eras[] = {
    /* first  rhel   slab          free layout        pcp   MemAvail page stack zi48 managed empty */
    {"2.6.32", false, PA_SLAB_SLUB, PA_FREE_PROCPS3, PA_PCP_2632, false, 56, 1, 1, 0, false, false},
    {"2.6.32", true, PA_SLAB_SLAB, PA_FREE_PROCPS3, PA_PCP_2632, false, 56, 1, 1, 0, false, false},
    {"3.0", false, PA_SLAB_SLUB, PA_FREE_PROCPS3, PA_PCP_2632, false, 64, 1, 1, 0, true, false},
    {"3.14", false, PA_SLAB_SLUB, PA_FREE_PROCPS_NG, PA_PCP_2632, true, 64, 1, 1, 0, true, false},
    {"3.15", false, PA_SLAB_SLUB, PA_FREE_PROCPS_NG, PA_PCP_2632, true, 64, 2, 1, 0, true, false},
    {"4.8", false, PA_SLAB_SLUB, PA_FREE_PROCPS_NG, PA_PCP_2632, true, 64, 2, 1, 1, true, false},
    {"4.9", false, PA_SLAB_SLUB, PA_FREE_PROCPS_NG, PA_PCP_2632, true, 64, 0, 4, 1, true, false},
    {"4.12", false, PA_SLAB_SLUB, PA_FREE_PROCPS_NG, PA_PCP_2632, true, 64, 0, 4, 1, true, true},
    {"4.19", false, PA_SLAB_SLUB, PA_FREE_PROCPS_NG, PA_PCP_419, true, 64, 0, 4, 1, true, true},
    {"5.14", false, PA_SLAB_SLUB, PA_FREE_PROCPS_NG, PA_PCP_514, true, 64, 0, 4, 1, true, true},
    {"6.0", false, PA_SLAB_SLUB, PA_FREE_PROCPS_NG, PA_PCP_514, true, 64, 0, 4, 2, true, true},
    {"6.7", false, PA_SLAB_SLUB, PA_FREE_PROCPS_NG, PA_PCP_67, true, 64, 0, 4, 2, true, true},
};
#define NERAS (sizeof eras / sizeof eras[0])

/* "4.14.177-arch1" -> 4014177; -1 if it does not start with a.b */
static long vnum(const char *v)
{
    long part[3] = {0, 0, 0};
    int i = 0;
    const char *p = v;
    while (i < 3) {
        char *end;
        if (*p < '0' || *p > '9')
            break;
        part[i++] = strtol(p, &end, 10);
        p = end;
        if (*p != '.')
            break;
        p++;
    }
    if (i < 2 || part[1] > 999 || part[2] > 999)
        return -1;
    return part[0] * 1000000 + part[1] * 1000 + part[2];
}

const struct pa_sim_era *pa_sim_era_for(const char *version, char *warn, size_t n)
{
    long v = vnum(version);
    bool rhel = strstr(version, ".el") != NULL;
    const struct pa_sim_era *best = NULL;
    if (warn && n)
        warn[0] = '\0';
    for (size_t i = 0; i < NERAS; i++) {
        /* A RHEL row covers that RHEL release only (RHEL7's 3.10 is SLUB). */
        if (eras[i].rhel && (!rhel || strncmp(version, eras[i].first, strlen(eras[i].first))))
            continue;
        if (v >= 0 && vnum(eras[i].first) <= v)
            best = &eras[i];
    }
    if (!best) {
        best = &eras[0];
        if (warn && n)
            snprintf(warn, n, "kernel version '%s' is not known; using the rules of %s",
                     version, best->first);
    }
    return best;
}
