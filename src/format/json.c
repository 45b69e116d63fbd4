/*
 * format/json.c - the JSON emitter (pagealloc/json.h). The structure
 * (commas, colons, nesting) is ours, so that numbers keep the kernel's
 * forms; every string goes through jansson's encoder. jansson refuses text
 * that is not UTF-8 (a pasted report or a --kernel argument may hold any
 * byte): such a string is written with each byte outside ASCII replaced by
 * '?', so the document stays valid and says where the bad bytes were.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "pagealloc/fragindex.h"
#include "pagealloc/json.h"

void pa_json_init(struct pa_json *j, struct pa_strbuf *out)
{
    if (!j)
        return;
    memset(j, 0, sizeof *j);
    j->out = out;
}

/* Before any value or key: the comma between items. */
static void sep(struct pa_json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->comma_written) {
        j->comma_written = false;
        return;
    }
    if (j->depth > 0 && j->depth <= PA_JSON_DEPTH) {
        if (j->has_item[j->depth - 1])
            pa_sb_putc(j->out, ',');
        j->has_item[j->depth - 1] = true;
    }
}

static void encode(struct pa_strbuf *out, const char *s)
{
    json_t *v = json_string(s);
    char *copy = NULL;
    if (!v) { /* not UTF-8: keep ASCII, mark the rest */
        copy = strdup(s);
        if (copy)
            for (unsigned char *c = (unsigned char *)copy; *c; c++)
                if (*c >= 0x80)
                    *c = '?';
        v = copy ? json_string(copy) : NULL;
    }
    char *text = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    pa_sb_puts(out, text ? text : "\"\"");
    free(text);
    json_decref(v);
    free(copy);
}

static void open_(struct pa_json *j, char c)
{
    if (!j)
        return;
    sep(j);
    pa_sb_putc(j->out, c);
    if (j->depth < PA_JSON_DEPTH)
        j->has_item[j->depth] = false;
    j->depth++;
}

static void close_(struct pa_json *j, char c)
{
    if (!j)
        return;
    if (j->depth > 0)
        j->depth--;
    pa_sb_putc(j->out, c);
}

void pa_json_begin_object(struct pa_json *j) { open_(j, '{'); }
void pa_json_end_object(struct pa_json *j) { close_(j, '}'); }
void pa_json_begin_array(struct pa_json *j) { open_(j, '['); }
void pa_json_end_array(struct pa_json *j) { close_(j, ']'); }

void pa_json_next_line(struct pa_json *j)
{
    if (!j)
        return;
    if (!j->after_key && !j->comma_written && j->depth > 0 && j->depth <= PA_JSON_DEPTH) {
        if (j->has_item[j->depth - 1])
            pa_sb_putc(j->out, ',');
        j->has_item[j->depth - 1] = true;
        j->comma_written = true;
    }
    pa_sb_putc(j->out, '\n');
}

void pa_json_newline(struct pa_json *j)
{
    if (!j)
        return;
    pa_sb_putc(j->out, '\n');
}

void pa_json_key(struct pa_json *j, const char *key)
{
    if (!j)
        return;
    sep(j);
    encode(j->out, key ? key : "");
    pa_sb_putc(j->out, ':');
    j->after_key = true;
}

void pa_json_str(struct pa_json *j, const char *s)
{
    if (!j)
        return;
    if (!s) {
        pa_json_null(j);
        return;
    }
    sep(j);
    encode(j->out, s);
}

void pa_json_strf(struct pa_json *j, const char *fmt, ...)
{
    if (!j)
        return;
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        pa_json_str(j, "");
        return;
    }
    if ((size_t)n < sizeof small) {
        pa_json_str(j, small);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        pa_json_null(j);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    pa_json_str(j, big);
    free(big);
}

void pa_json_int(struct pa_json *j, int64_t v)
{
    if (!j)
        return;
    sep(j);
    pa_sb_printf(j->out, "%" PRId64, v);
}

void pa_json_uint(struct pa_json *j, uint64_t v)
{
    if (!j)
        return;
    sep(j);
    pa_sb_printf(j->out, "%" PRIu64, v);
}

void pa_json_bool(struct pa_json *j, bool v)
{
    if (!j)
        return;
    sep(j);
    pa_sb_puts(j->out, v ? "true" : "false");
}

void pa_json_null(struct pa_json *j)
{
    if (!j)
        return;
    sep(j);
    pa_sb_puts(j->out, "null");
}

void pa_json_milli(struct pa_json *j, int milli)
{
    if (!j)
        return;
    char buf[32];
    pa_index_format(milli, buf, sizeof buf);
    sep(j);
    pa_sb_puts(j->out, buf);
}

void pa_json_tri(struct pa_json *j, int tri)
{
    if (!j)
        return;
    if (tri < 0)
        pa_json_null(j);
    else
        pa_json_bool(j, tri != 0);
}

void pa_json_kv_str(struct pa_json *j, const char *key, const char *s)
{
    if (!j)
        return;
    pa_json_key(j, key);
    pa_json_str(j, s);
}

void pa_json_kv_int(struct pa_json *j, const char *key, int64_t v)
{
    if (!j)
        return;
    pa_json_key(j, key);
    pa_json_int(j, v);
}

void pa_json_kv_uint(struct pa_json *j, const char *key, uint64_t v)
{
    if (!j)
        return;
    pa_json_key(j, key);
    pa_json_uint(j, v);
}

void pa_json_kv_bool(struct pa_json *j, const char *key, bool v)
{
    if (!j)
        return;
    pa_json_key(j, key);
    pa_json_bool(j, v);
}
