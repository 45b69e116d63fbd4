/*
 * helpers.c - shared test helpers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

void pa_test_assert_check(const struct pa_machine *m, const char *file, int line)
{
    char msg[512];
    if (pa_machine_check(m, msg, sizeof msg) != PA_OK) {
        print_error("%s:%d: pa_machine_check: %s\n", file, line, msg);
        fail();
    }
}

struct pa_machine *pa_test_machine(const struct pa_machine_config *cfg)
{
    struct pa_machine *m = NULL;
    char detail[256];
    int err = pa_machine_create(cfg, &m, detail, sizeof detail);
    if (err) {
        print_error("pa_machine_create: %s: %s\n", pa_strerror(err), detail);
        fail();
    }
    return m;
}

struct pa_machine *pa_test_simple(uint64_t start, uint64_t end, unsigned max_order)
{
    struct pa_machine_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.max_order = max_order;
    cfg.pageblock_order = max_order < 9 ? max_order : 9;
    pa_config_add_zone(&cfg, 0, PA_ZONE_NORMAL, start, end);
    return pa_test_machine(&cfg);
}

char *pa_test_read_file(const char *relpath)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", PA_SOURCE_DIR, relpath);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}
