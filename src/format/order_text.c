/*
 * order_text.c - the one "order out of range" message (pagealloc/order_text.h).
 */
#include <stdio.h>

#include "pagealloc/order_text.h"

void pa_order_range_text(char *buf, size_t n, const char *given, unsigned max)
{
    if (!buf || !n)
        return;
    snprintf(buf, n, "order %.40s out of range 0..%u", given ? given : "?", max);
}

void pa_order_range_text_ll(char *buf, size_t n, long long order, unsigned max)
{
    char g[32];
    snprintf(g, sizeof g, "%lld", order);
    pa_order_range_text(buf, n, g, max);
}
