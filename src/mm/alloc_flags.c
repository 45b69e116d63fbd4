/*
 * alloc_flags.c - the kernel's numeric value and names of ALLOC flags per
 * era (kernel-semantics 3.5 table), for printing canonical PA_ALLOC_* bits
 * the way the era's mm/internal.h defined them.
 *
 * The canonical bits (watermark.h) are the same in every era so the engine
 * can test them without asking the era; only printing needs the era's value.
 */
#include <stdio.h>
#include <string.h>

#include "pagealloc/watermark.h"

struct alloc_bit {
    unsigned canon;
    const char *name;
    unsigned kernel[7]; /* value per enum pa_alloc_rule; 0 = absent there */
};

/*                                              2632  rhel6  3x     44     414    50     63 */
static const struct alloc_bit bits[] = {
    {PA_ALLOC_NO_WATERMARKS, "ALLOC_NO_WATERMARKS", {0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {PA_ALLOC_OOM, "ALLOC_OOM", {0, 0, 0, 0, 0x08, 0x08, 0x08}},
    {PA_ALLOC_HARDER, "ALLOC_HARDER", {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0}},
    {PA_ALLOC_NON_BLOCK, "ALLOC_NON_BLOCK", {0, 0, 0, 0, 0, 0, 0x10}},
    {PA_ALLOC_HIGH, "ALLOC_HIGH", {0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0}},
    {PA_ALLOC_MIN_RESERVE, "ALLOC_MIN_RESERVE", {0, 0, 0, 0, 0, 0, 0x20}},
    {PA_ALLOC_CPUSET, "ALLOC_CPUSET", {0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40}},
    {PA_ALLOC_CMA, "ALLOC_CMA", {0, 0, 0x80, 0x80, 0x80, 0x80, 0x80}},
    {PA_ALLOC_FAIR, "ALLOC_FAIR", {0, 0, 0x100, 0x100, 0, 0, 0}},
    {PA_ALLOC_NOFRAGMENT, "ALLOC_NOFRAGMENT", {0, 0, 0, 0, 0, 0x100, 0x100}},
    {PA_ALLOC_HIGHATOMIC, "ALLOC_HIGHATOMIC", {0, 0, 0, 0, 0, 0, 0x200}},
    {PA_ALLOC_TRYLOCK, "ALLOC_TRYLOCK", {0, 0, 0, 0, 0, 0, 0x400}},
    {PA_ALLOC_KSWAPD, "ALLOC_KSWAPD", {0, 0, 0, 0, 0, 0x800, 0x800}},
};

unsigned pa_alloc_flags_kernel(const struct pa_profile *p, unsigned flags)
{
    if (!p)
        return 0;
    unsigned v = flags & PA_ALLOC_WMARK_MASK;
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
        if (flags & bits[i].canon)
            v |= bits[i].kernel[p->alloc_rule];
    return v;
}

const char *pa_alloc_flags_names(const struct pa_profile *p, unsigned flags, char *buf, size_t n)
{
    if (!buf || !n)
        return "";
    if (!p) {
        buf[0] = '\0';
        return buf;
    }
    static const char *const wm[] = {"ALLOC_WMARK_MIN", "ALLOC_WMARK_LOW", "ALLOC_WMARK_HIGH",
                                     "ALLOC_WMARK_PROMO"};
    size_t len = 0;
    if (!n)
        return buf;
    buf[0] = '\0';
    len += (size_t)snprintf(buf, n, "%s", wm[flags & PA_ALLOC_WMARK_MASK]);
    for (size_t i = 0; i < sizeof bits / sizeof bits[0] && len < n; i++) {
        if (!(flags & bits[i].canon))
            continue;
        /* a flag the era does not have is still shown, marked, so a caller
           passing it by mistake sees it */
        bool absent = bits[i].kernel[p->alloc_rule] == 0;
        len += (size_t)snprintf(buf + len, n - len, "|%s%s", bits[i].name, absent ? "(n/a)" : "");
    }
    return buf;
}
