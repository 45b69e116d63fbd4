/*
 * fuzz_procdir.c - libFuzzer target for the --proc DIR reader of `analyze`
 * (pa_read_procdir): the input, split at NUL bytes, becomes DIR/buddyinfo,
 * pagetypeinfo, zoneinfo, vmstat and version of a scratch directory; the
 * reader returns 0 or a diagnostic naming a file, and what it read is
 * analyzed and printed in every format without crashing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live/procread.h"
#include "pagealloc/analyze.h"
#include "pagealloc/strbuf.h"

static char dir[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"buddyinfo", "pagetypeinfo", "zoneinfo", "vmstat",
                                        "version"};
    static struct pa_procinfo pi;
    static struct pa_analysis an;
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/pa-fuzz-procdir-XXXXXX");
        if (!mkdtemp(dir))
            abort();
    }
    const uint8_t *p = data, *end = data + size;
    for (int i = 0; i < 5; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        const uint8_t *q = p < end ? memchr(p, 0, (size_t)(end - p)) : NULL;
        const uint8_t *e = q ? q : end;
        if (p >= end && i > 0) {
            unlink(path);
            continue;
        }
        FILE *f = fopen(path, "wb");
        if (!f)
            abort();
        fwrite(p, 1, (size_t)(e - p), f);
        fclose(f);
        p = e < end ? e + 1 : end;
    }
    struct pa_procread rd;
    struct pa_diag d;
    pa_procinfo_init(&pi);
    if (pa_read_procdir(dir, &pi, &rd, &d)) {
        if (!d.msg[0] || !d.file[0])
            abort();
        return 0;
    }
    pa_analyze_gfp(&pi, 4096, "5.15", "GFP_KERNEL", &an);
    if (!an.have_gfp)
        return 0;
    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_analysis_print_text(&an, &sb);
    pa_analysis_print_json(&an, &sb);
    pa_analysis_print_csv(&an, &sb);
    pa_analysis_print_prom(&an, &sb);
    pa_analysis_print_awk(&an, &sb);
    pa_sb_free(&sb);
    return 0;
}
