/*
 * fuzz_gfp.c - libFuzzer target for the GFP text layer (src/format/gfp.c)
 * and the derivations (src/mm/gfp.c, src/mm/alloc_flags.c) of every era.
 *
 * Byte 0 picks a profile; the rest is the text given to pa_gfp_parse. Bad
 * text must be refused with a message, never crash. Accepted text must
 * print (both styles) and parse back to the same value, and every
 * derivation must run on it. Bytes 1..8, read as a number, are also fed to
 * the printer and the derivations directly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/gfp_text.h"
#include "pagealloc/profile.h"
#include "pagealloc/watermark.h"

static void derive(const struct pa_profile *p, uint64_t raw)
{
    bool populated[PA_ZONE_TYPES] = {true, true, true, false, false, false};
    char names[300];
    (void)pa_gfp_zone(p, raw);
    (void)pa_gfp_classzone(p, raw, populated);
    (void)pa_gfp_migratetype(p, raw);
    for (unsigned order = 0; order <= 10; order += 5) {
        unsigned f = pa_gfp_to_alloc_flags(p, raw, order, true);
        pa_alloc_flags_names(p, f, names, sizeof names);
        (void)pa_alloc_flags_kernel(p, pa_gfp_to_alloc_flags(p, raw, order, false));
        (void)pa_gfp_may_oom(p, raw, order);
    }
    uint64_t lost;
    (void)pa_gfp_translate(p, raw, pa_profile_latest(), &lost);
}

static void roundtrip(const struct pa_profile *p, uint64_t raw)
{
    struct pa_strbuf a = PA_STRBUF_INIT, b = PA_STRBUF_INIT;
    pa_gfp_format(p, raw, &a);
    pa_gfp_format_header(p, raw, &b);
    uint64_t back;
    char err[256];
    if (pa_gfp_parse(p, pa_sb_str(&b), &back, err, sizeof err) != 0 || back != raw) {
        fprintf(stderr, "%s: 0x%llx printed '%s' does not parse back: %s\n", p->name,
                (unsigned long long)raw, pa_sb_str(&b), err);
        abort();
    }
    if (raw && (pa_gfp_parse(p, pa_sb_str(&a), &back, err, sizeof err) != 0 || back != raw)) {
        fprintf(stderr, "%s: 0x%llx names '%s' do not parse back: %s\n", p->name,
                (unsigned long long)raw, pa_sb_str(&a), err);
        abort();
    }
    pa_sb_free(&a);
    pa_sb_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 512)
        return 0;
    size_t n;
    const struct pa_profile *const *all = pa_profile_list(&n);
    const struct pa_profile *p = all[data[0] % n];

    uint64_t direct = 0;
    for (size_t i = 1; i < size && i <= 8; i++)
        direct = direct << 8 | data[i];
    direct &= 0xffffffffu; /* gfp_t is 32 bits in every era */
    roundtrip(p, direct);
    derive(p, direct);

    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    uint64_t raw;
    char err[256];
    err[0] = 'x';
    if (pa_gfp_parse(p, text, &raw, err, sizeof err) == 0) {
        roundtrip(p, raw);
        derive(p, raw);
    } else if (!err[0] || err[0] == 'x') {
        fprintf(stderr, "refused without a message: '%s'\n", text);
        abort();
    }
    free(text);
    return 0;
}
