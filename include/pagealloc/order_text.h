/*
 * pagealloc/order_text.h - the one message for an order out of range, said
 * the same way by every command option (gfp, explain, compact --order), the
 * scenario API (alloc_pages, __free_pages) and the file readers (snapshot
 * files, pasted reports, pagetypeinfo): "order N out of range 0..MAX".
 */
#ifndef PAGEALLOC_ORDER_TEXT_H
#define PAGEALLOC_ORDER_TEXT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* "order GIVEN out of range 0..MAX" into buf (n bytes, always terminated).
   GIVEN is the order as the user wrote it ("11", "-1", "99999999999999999999"),
   so a number too large for any integer type is echoed, not wrapped. */
void pa_order_range_text(char *buf, size_t n, const char *given, unsigned max);
/* The same for an order held in a signed integer. */
void pa_order_range_text_ll(char *buf, size_t n, long long order, unsigned max);

#ifdef __cplusplus
}
#endif

#endif
