/*
 * seedrun.h - run a shipped scenario in-process and pick numbers out of
 * what it printed (shared by the seed tests; header-only, static helpers).
 */
#ifndef PA_TEST_SEEDRUN_H
#define PA_TEST_SEEDRUN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "sim/lua_sim.h"

/* Output of scenarios/NAME run with seed 1 (malloc'd), or fail the test. */
static inline char *run_scenario(const char *name)
{
    char path[4096], err[1024];
    char *buf = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/scenarios/%s", PA_SOURCE_DIR, name);
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    int rc = pa_lua_run_file(path, 1, f, err, sizeof err);
    fclose(f);
    if (rc) {
        print_error("%s: %s\n", name, err);
        free(buf);
        fail();
    }
    return buf;
}

/* The n-th (0-based) line containing key; its numbers after key into v. */
static inline int numbers_after(const char *text, const char *key, int n, unsigned long long *v,
                         int max)
{
    const char *p = text;
    for (;;) {
        p = strstr(p, key);
        if (!p)
            return -1;
        if (n-- == 0)
            break;
        p += strlen(key);
    }
    p += strlen(key);
    int k = 0;
    while (k < max) {
        while (*p == ' ')
            p++;
        if (*p < '0' || *p > '9')
            break;
        v[k++] = strtoull(p, (char **)&p, 10);
    }
    return k;
}

/* |got - want| <= pct% of want */
static inline int within(double got, double want, double pct)
{
    double d = got - want;
    if (d < 0)
        d = -d;
    return d <= want * pct / 100.0;
}

#endif
