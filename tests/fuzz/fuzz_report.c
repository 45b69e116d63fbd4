/*
 * fuzz_report.c - libFuzzer target for the failure-report parser
 * (src/format/report.c) and what reads its result: the report -> pages
 * adapter and pa_explain under the report's era (or 6.x). Any input must
 * either parse (forgiving, the default) or fail with a position (a NUL byte;
 * --strict: any malformed part); nothing may crash or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "pagealloc/explain.h"
#include "pagealloc/profile.h"
#include "pagealloc/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pa_report_set set;
    struct pa_report_diag d;
    int rc = pa_report_parse((const char *)data, size, &set, &d);
    if (rc != 0) {
        if (rc == -1 && (d.line <= 0 || d.column <= 0 || !d.msg[0]))
            abort(); /* an error must say where and what */
        return 0;
    }
    for (int i = 0; i < set.nr && i < 4; i++) {
        const struct pa_report *r = &set.reports[i];
        const struct pa_profile *p = r->kernel[0] ? pa_profile_for_version(r->kernel, NULL, 0)
                                                  : NULL;
        if (!p)
            p = pa_profile_latest();
        struct pa_explain_in in;
        char note[256];
        uint64_t mode = 0xcc0;
        if (pa_report_explain_input(r, p, r->order < 0 ? 3 : -1, r->have_mode ? NULL : &mode, 0,
                                    &in, note, sizeof note))
            continue;
        struct pa_explain_result res;
        if (pa_explain(&in, &res) == 0)
            pa_explain_free(&res);
        /* what explain does for a dump without a request, and the era clues */
        for (int z = 0; z < in.nr_zones; z++) {
            struct pa_zone_orders o;
            pa_report_zone_orders(p, &in.zones[z], &o);
            char lacks[80];
            pa_report_zone_missing_fields(&r->zones[z], lacks, sizeof lacks);
        }
        char v[32], why[320];
        if (pa_report_guess_version(r, v, sizeof v, why, sizeof why) &&
            !pa_profile_for_version(v, NULL, 0))
            abort(); /* a guessed era must be one the profiles read */
        free(in.zones);
    }
    pa_report_set_free(&set);
    /* --strict: the same text either parses or is refused with a position */
    rc = pa_report_parse_ex((const char *)data, size, PA_REPORT_STRICT, &set, &d);
    if (rc == 0)
        pa_report_set_free(&set);
    else if (rc == -1 && (d.line <= 0 || d.column <= 0 || !d.msg[0]))
        abort();
    return 0;
}
