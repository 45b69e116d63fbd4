/*
 * fuzz_snapshot.c - libFuzzer target for the snapshot reader building whole
 * machines (`snapshot --load`, `run --from`): pa_snapfile_parse returns 0
 * or a diagnostic at a line and column of the input; a parsed file whose
 * machine is small enough (below 2^18 pfns) is built, and the machine must
 * pass pa_machine_check.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "pagealloc/snapfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pa_snapfile *sf;
    struct pa_diag d;
    int err = pa_snapfile_parse((const char *)data, size, "f", &sf, &d);
    if (err) {
        if (sf || d.line < 1 || !d.msg[0])
            abort();
        return 0;
    }
    uint64_t pfns = 0;
    for (int i = 0; i < sf->nr_zones; i++)
        if (sf->zones[i].start_pfn + sf->zones[i].spanned > pfns)
            pfns = sf->zones[i].start_pfn + sf->zones[i].spanned;
    if (pfns <= (1u << 18)) {
        struct pa_machine *m;
        uint64_t mismatch;
        char e[300], msg[300];
        if (!pa_snapfile_machine(sf, NULL, &m, &mismatch, e, sizeof e)) {
            if (pa_machine_check(m, msg, sizeof msg)) {
                fprintf(stderr, "check after building: %s\n", msg);
                abort();
            }
            pa_machine_destroy(m);
        }
    }
    pa_snapfile_free(sf);
    return 0;
}
