/*
 * format/proclex.h - the line cursor the /proc parsers share: lines, tokens,
 * numbers, "Node N, zone NAME", and diagnostics that carry the line and the
 * column of the first unexpected byte (struct pa_diag). Internal to
 * src/format.
 */
#ifndef PA_FORMAT_PROCLEX_H
#define PA_FORMAT_PROCLEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagealloc/procparse.h"

struct pa_lex {
    const char *p, *end; /* unread text                                    */
    const char *ls, *le; /* current line [ls, le)                          */
    const char *q;       /* position inside the current line               */
    long line;
    const char *fname;
    struct pa_diag *d;
};

void pa_lex_init(struct pa_lex *c, const char *text, size_t len, const char *fname,
                 struct pa_diag *d);
/* Advance to the next line; false at the end of the text. */
bool pa_lex_next_line(struct pa_lex *c);
/* Fill the diagnostic (column of `at` in the current line) and return PA_EINVAL. */
int pa_lex_fail(struct pa_lex *c, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool pa_lex_is_sp(char ch);
void pa_lex_skip_ws(struct pa_lex *c);
bool pa_lex_at_eol(struct pa_lex *c);
bool pa_lex_blank(struct pa_lex *c);
/* Next whitespace-delimited token [*s, *e); false at the end of the line. */
bool pa_lex_token(struct pa_lex *c, const char **s, const char **e);
bool pa_lex_is(const char *s, const char *e, const char *word);
/* At most 24 printable bytes of [s, e) for messages. */
void pa_lex_shown(const char *s, const char *e, char *buf, size_t n);
int pa_lex_word(struct pa_lex *c, const char *word);
bool pa_lex_digits_u64(const char *s, const char *e, uint64_t *v);
/* A whole token that is an unsigned decimal count. */
int pa_lex_u64(struct pa_lex *c, const char *what, uint64_t *v);
/* "Node N," "zone" NAME with an optional ',' after the name. */
int pa_lex_node_zone(struct pa_lex *c, int *node, char *name, size_t n, bool *comma_after_name);

#endif
