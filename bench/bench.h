/*
 * bench.h - what every benchmark prints first (the machine: CPU model from
 * /proc/cpuinfo, compiler, build flags) and a monotonic clock. Benchmarks
 * print figures; they never assert.
 */
#ifndef PA_BENCH_H
#define PA_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#ifndef PA_BUILD_FLAGS
#define PA_BUILD_FLAGS "?"
#endif

static inline uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void bench_print_machine(const char *name)
{
    char line[512], cpu[256] = "unknown";
    int ncpu = 0;
    FILE *f = fopen("/proc/cpuinfo", "r");
    while (f && fgets(line, sizeof line, f)) {
        if (!strncmp(line, "model name", 10)) {
            const char *c = strchr(line, ':');
            if (c && !ncpu) {
                snprintf(cpu, sizeof cpu, "%s", c + 2);
                cpu[strcspn(cpu, "\n")] = '\0';
            }
            ncpu++;
        }
    }
    if (f)
        fclose(f);
    printf("# %s\n# cpu: %s (%d logical cpus)\n# compiler: %s\n# flags: %s\n", name, cpu, ncpu,
#ifdef __clang__
           "clang " __clang_version__,
#else
           "gcc " __VERSION__,
#endif
           PA_BUILD_FLAGS);
}

#endif
