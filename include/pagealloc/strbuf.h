/*
 * pagealloc/strbuf.h - a growable text buffer. Printers write kernel-format
 * text into one; the caller decides where it goes (stdout, a Lua string, a
 * test's expected text). No I/O here.
 */
#ifndef PAGEALLOC_STRBUF_H
#define PAGEALLOC_STRBUF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct pa_strbuf {
    char *s;      /* NUL-terminated text, or NULL while empty */
    size_t len;
    size_t cap;
    int oom;      /* set when a growth failed; text is truncated */
};

#define PA_STRBUF_INIT {0, 0, 0, 0}

void pa_sb_printf(struct pa_strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void pa_sb_puts(struct pa_strbuf *sb, const char *s);
void pa_sb_putc(struct pa_strbuf *sb, char c);
/* A JSON string (null for NULL) written by the JSON emitter, pagealloc/json.h;
   documents are built with that emitter, this is for a lone value. */
void pa_sb_json_str(struct pa_strbuf *sb, const char *s);
/* The text so far ("" when empty). */
const char *pa_sb_str(const struct pa_strbuf *sb);
void pa_sb_reset(struct pa_strbuf *sb);
void pa_sb_free(struct pa_strbuf *sb);

#ifdef __cplusplus
}
#endif
#endif
