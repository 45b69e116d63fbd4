/*
 * strbuf.c - growable text buffer for the printers (see pagealloc/strbuf.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/json.h"
#include "pagealloc/strbuf.h"

static int grow(struct pa_strbuf *sb, size_t need)
{
    if (sb->oom)
        return -1;
    if (sb->len + need + 1 <= sb->cap)
        return 0;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < sb->len + need + 1)
        cap *= 2;
    char *s = realloc(sb->s, cap);
    if (!s) {
        sb->oom = 1;
        return -1;
    }
    sb->s = s;
    sb->cap = cap;
    return 0;
}

void pa_sb_printf(struct pa_strbuf *sb, const char *fmt, ...)
{
    if (!sb || !fmt)
        return;
    va_list ap;
    char small[256];

    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0 || grow(sb, (size_t)n))
        return;
    if ((size_t)n < sizeof small) {
        memcpy(sb->s + sb->len, small, (size_t)n + 1);
    } else {
        va_start(ap, fmt);
        vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    sb->len += (size_t)n;
}

void pa_sb_puts(struct pa_strbuf *sb, const char *s)
{
    if (!sb || !s)
        return;
    size_t n = strlen(s);
    if (grow(sb, n))
        return;
    memcpy(sb->s + sb->len, s, n + 1);
    sb->len += n;
}

void pa_sb_putc(struct pa_strbuf *sb, char c)
{
    if (!sb)
        return;
    if (grow(sb, 1))
        return;
    sb->s[sb->len++] = c;
    sb->s[sb->len] = '\0';
}

void pa_sb_json_str(struct pa_strbuf *sb, const char *s)
{
    if (!sb)
        return;
    struct pa_json j; /* the one JSON emitter encodes it (pagealloc/json.h) */
    pa_json_init(&j, sb);
    pa_json_str(&j, s);
}

const char *pa_sb_str(const struct pa_strbuf *sb)
{
    if (!sb)
        return "";
    return sb->s ? sb->s : "";
}

void pa_sb_reset(struct pa_strbuf *sb)
{
    if (!sb)
        return;
    sb->len = 0;
    if (sb->s)
        sb->s[0] = '\0';
}

void pa_sb_free(struct pa_strbuf *sb)
{
    if (!sb)
        return;
    free(sb->s);
    *sb = (struct pa_strbuf)PA_STRBUF_INIT;
}
