/*
 * fuzz_size.c - libFuzzer target for the size parser of `contig SIZE`,
 * `fragment --size` and --max-memory (pa_parse_size): it returns false and
 * leaves *bytes alone, or true with 1 <= bytes <= 1e18 for a text that
 * starts with a digit or '.', and never takes a bare "i" as a unit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "live/physmem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char buf[80], text[64];
    if (size >= sizeof buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    uint64_t b = 7;
    bool ok = pa_parse_size(buf, &b);
    if (!ok && b != 7)
        abort();
    if (ok && (b < 1 || b > 1000000000000000000ull))
        abort();
    if (ok && !((buf[0] >= '0' && buf[0] <= '9') || buf[0] == '.'))
        abort();
    size_t l = strlen(buf);
    if (ok && l >= 2 && buf[l - 1] == 'i' && strchr("0123456789.", buf[l - 2]))
        abort(); /* "10i" */
    pa_size_text(ok ? b : 0, text, sizeof text);
    return 0;
}
