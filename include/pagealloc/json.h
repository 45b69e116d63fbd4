/*
 * pagealloc/json.h - the one JSON emitter of pagealloc: a writer that appends
 * compact JSON to a struct pa_strbuf. It places the commas and colons, and
 * every string (keys included) is encoded by jansson (a Debian-packaged JSON
 * library), never escaped by hand: quotes, backslashes, control characters
 * and bytes that are not UTF-8 cannot break the document. Numbers are
 * written as the kernel prints them (integers; extfrag's fixed three
 * decimals, -1.000). Part of the format layer (src/format/json.c).
 *
 *   struct pa_json j;
 *   pa_json_init(&j, &sb);
 *   pa_json_begin_object(&j);
 *   pa_json_kv_str(&j, "zone", "Normal");
 *   pa_json_key(&j, "free"); pa_json_begin_array(&j); ... pa_json_end_array(&j);
 *   pa_json_end_object(&j);
 */
#ifndef PAGEALLOC_JSON_H
#define PAGEALLOC_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "pagealloc/strbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PA_JSON_DEPTH 32

struct pa_json {
    struct pa_strbuf *out;
    int depth;                       /* open objects and arrays                 */
    bool has_item[PA_JSON_DEPTH];    /* a value already written at that depth   */
    bool after_key;                  /* a key was written: its value comes next */
    bool comma_written;              /* pa_json_next_line wrote the comma       */
};

void pa_json_init(struct pa_json *j, struct pa_strbuf *out);

void pa_json_begin_object(struct pa_json *j);
void pa_json_end_object(struct pa_json *j);
void pa_json_begin_array(struct pa_json *j);
void pa_json_end_array(struct pa_json *j);
/* Line breaks for long arrays (one item a line): pa_json_next_line before
   an item writes its comma, if any, then a newline; pa_json_newline writes
   only the newline (e.g. before the closing bracket). */
void pa_json_next_line(struct pa_json *j);
void pa_json_newline(struct pa_json *j);
/* The key of the next value in an object. */
void pa_json_key(struct pa_json *j, const char *key);

/* Values (in an array, after a key, or at the top). NULL s is null. */
void pa_json_str(struct pa_json *j, const char *s);
void pa_json_strf(struct pa_json *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pa_json_int(struct pa_json *j, int64_t v);
void pa_json_uint(struct pa_json *j, uint64_t v);
void pa_json_bool(struct pa_json *j, bool v);
void pa_json_null(struct pa_json *j);
/* An index in thousandths as the kernel prints extfrag indices ("%d.%03d",
   pa_index_format): -1000 is -1.000, 290 is 0.290. */
void pa_json_milli(struct pa_json *j, int milli);
/* null when tri < 0, else a boolean. */
void pa_json_tri(struct pa_json *j, int tri);

/* key + value in one call. */
void pa_json_kv_str(struct pa_json *j, const char *key, const char *s);
void pa_json_kv_int(struct pa_json *j, const char *key, int64_t v);
void pa_json_kv_uint(struct pa_json *j, const char *key, uint64_t v);
void pa_json_kv_bool(struct pa_json *j, const char *key, bool v);

#ifdef __cplusplus
}
#endif
#endif
