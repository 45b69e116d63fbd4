/*
 * fuzz_report.c - libFuzzer target for the failure-report parser
 * (src/format/report.c) and what reads its result: the report -> pages
 * adapter and pa_explain under the report's era (or 6.x). Any input must
 * either parse or fail with a position; nothing may crash or leak.
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
        free(in.zones);
    }
    pa_report_set_free(&set);
    return 0;
}
