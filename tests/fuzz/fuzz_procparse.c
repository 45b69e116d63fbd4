/*
 * fuzz_procparse.c - libFuzzer target for the /proc text parsers. The first
 * byte picks the parser (buddyinfo, pagetypeinfo, zoneinfo, vmstat,
 * unusable_index, extfrag_index, a snapshot file); the rest is the file. Parsers must return 0
 * or a diagnostic with a line and column inside the input, never crash; on
 * success the analysis of what was parsed must not crash either.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/analyze.h"
#include "pagealloc/procparse.h"
#include "pagealloc/snapfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct pa_procinfo pi;
    static struct pa_analysis an;
    if (size < 1)
        return 0;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    struct pa_diag d;
    int err;
    pa_procinfo_init(&pi);
    if (data[0] % 7 == 6) {
        struct pa_snapfile *sf;
        err = pa_snapfile_parse(text, len, "f", &sf, &d);
        if (err && (d.line < 1 || d.col < 1 || !d.msg[0] || sf))
            abort();
        if (!err && sf->nr_zones == 1 && sf->zones[0].spanned <= 4096 &&
            sf->zones[0].start_pfn <= 4096 && sf->max_order <= 10) {
            struct pa_machine *m;
            uint64_t mm;
            char e[200];
            if (!pa_snapfile_machine(sf, NULL, &m, &mm, e, sizeof e))
                pa_machine_destroy(m);
        }
        pa_snapfile_free(sf);
        return 0;
    }
    switch (data[0] % 7) {
    case 0: err = pa_parse_buddyinfo(&pi, text, len, "f", &d); break;
    case 1: err = pa_parse_pagetypeinfo(&pi, text, len, "f", &d); break;
    case 2: err = pa_parse_zoneinfo(&pi, text, len, "f", &d); break;
    case 3: err = pa_parse_vmstat(&pi, text, len, "f", &d); break;
    case 4: err = pa_parse_extfrag(&pi, false, text, len, "f", &d); break;
    default: err = pa_parse_extfrag(&pi, true, text, len, "f", &d); break;
    }
    if (err) {
        if (d.line < 1 || d.col < 1 || !d.msg[0])
            abort();
        /* the line exists: count the newlines */
        long lines = 1;
        for (size_t i = 0; i < len; i++)
            lines += text[i] == '\n';
        if (d.line > lines)
            abort();
        return 0;
    }
    pa_analyze(&pi, 4096, "fuzz", &an);
    struct pa_strbuf sb = PA_STRBUF_INIT;
    pa_analysis_print_text(&an, &sb);
    pa_analysis_print_json(&an, &sb);
    pa_sb_free(&sb);
    return 0;
}
