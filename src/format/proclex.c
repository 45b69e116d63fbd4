/*
 * proclex.c - the line cursor of the /proc parsers (format/proclex.h): one
 * place for splitting text into lines and tokens, reading numbers without
 * overflow, and turning "not what was expected" into a diagnostic with the
 * line and column, so every parser reports errors the same way.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "format/proclex.h"

void pa_lex_init(struct pa_lex *c, const char *text, size_t len, const char *fname,
                 struct pa_diag *d)
{
    memset(c, 0, sizeof *c);
    c->p = text;
    c->end = text + len;
    c->fname = fname ? fname : "(input)";
    c->d = d;
    memset(d, 0, sizeof *d);
    snprintf(d->file, sizeof d->file, "%s", c->fname);
}

bool pa_lex_next_line(struct pa_lex *c)
{
    if (c->p >= c->end)
        return false;
    c->ls = c->p;
    const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    c->le = nl ? nl : c->end;
    c->p = nl ? nl + 1 : c->end;
    c->q = c->ls;
    c->line++;
    return true;
}

int pa_lex_fail(struct pa_lex *c, const char *at, const char *fmt, ...)
{
    va_list ap;
    c->d->line = c->line ? c->line : 1;
    c->d->col = at && c->ls && at >= c->ls ? (long)(at - c->ls) + 1 : 1;
    va_start(ap, fmt);
    vsnprintf(c->d->msg, sizeof c->d->msg, fmt, ap);
    va_end(ap);
    return PA_EINVAL;
}

bool pa_lex_is_sp(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r';
}

void pa_lex_skip_ws(struct pa_lex *c)
{
    while (c->q < c->le && pa_lex_is_sp(*c->q))
        c->q++;
}

bool pa_lex_at_eol(struct pa_lex *c)
{
    pa_lex_skip_ws(c);
    return c->q >= c->le;
}

bool pa_lex_blank(struct pa_lex *c)
{
    const char *s = c->ls;
    while (s < c->le && pa_lex_is_sp(*s))
        s++;
    return s >= c->le;
}

/* Next whitespace-delimited token [*s, *e); false at end of line. */
bool pa_lex_token(struct pa_lex *c, const char **s, const char **e)
{
    pa_lex_skip_ws(c);
    if (c->q >= c->le)
        return false;
    *s = c->q;
    while (c->q < c->le && !pa_lex_is_sp(*c->q))
        c->q++;
    *e = c->q;
    return true;
}

bool pa_lex_is(const char *s, const char *e, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(e - s) == n && !memcmp(s, word, n);
}

/* Show at most 24 bytes of what was found, for messages. */
void pa_lex_shown(const char *s, const char *e, char *buf, size_t n)
{
    size_t len = (size_t)(e - s);
    if (len > 24)
        len = 24;
    size_t j = 0;
    for (size_t i = 0; i < len && j + 1 < n; i++)
        buf[j++] = isprint((unsigned char)s[i]) ? s[i] : '?';
    buf[j] = '\0';
}

int pa_lex_word(struct pa_lex *c, const char *word)
{
    const char *s, *e;
    char buf[32];
    if (!pa_lex_token(c, &s, &e))
        return pa_lex_fail(c, c->q, "expected '%s', got end of line", word);
    if (!pa_lex_is(s, e, word)) {
        pa_lex_shown(s, e, buf, sizeof buf);
        return pa_lex_fail(c, s, "expected '%s', got '%s'", word, buf);
    }
    return 0;
}

/* Decimal digits [s, e) to u64; false on no digits, junk or overflow. */
bool pa_lex_digits_u64(const char *s, const char *e, uint64_t *v)
{
    uint64_t x = 0;
    if (s >= e)
        return false;
    for (; s < e; s++) {
        if (*s < '0' || *s > '9')
            return false;
        unsigned dgt = (unsigned)(*s - '0');
        if (x > (UINT64_MAX - dgt) / 10)
            return false;
        x = x * 10 + dgt;
    }
    *v = x;
    return true;
}

/* A whole token that is an unsigned count. */
int pa_lex_u64(struct pa_lex *c, const char *what, uint64_t *v)
{
    const char *s, *e;
    char buf[32];
    if (!pa_lex_token(c, &s, &e))
        return pa_lex_fail(c, c->q, "expected %s, got end of line", what);
    if (!pa_lex_digits_u64(s, e, v)) {
        pa_lex_shown(s, e, buf, sizeof buf);
        return pa_lex_fail(c, s, "expected %s (a decimal number), got '%s'", what, buf);
    }
    return 0;
}

/* "Node N," then "zone" NAME with an optional trailing ','. */
int pa_lex_node_zone(struct pa_lex *c, int *node, char *name, size_t n, bool *comma_after_name)
{
    const char *s, *e;
    char buf[32];
    uint64_t v;
    int err;
    if ((err = pa_lex_word(c, "Node")))
        return err;
    if (!pa_lex_token(c, &s, &e))
        return pa_lex_fail(c, c->q, "expected a node number after 'Node'");
    if (e > s && e[-1] == ',')
        e--;
    else {
        pa_lex_shown(s, e, buf, sizeof buf);
        return pa_lex_fail(c, s, "expected '<node>,' after 'Node', got '%s'", buf);
    }
    if (!pa_lex_digits_u64(s, e, &v) || v >= PA_MAX_NODES) {
        pa_lex_shown(s, e, buf, sizeof buf);
        return pa_lex_fail(c, s, "expected a node number below %d, got '%s'", PA_MAX_NODES, buf);
    }
    *node = (int)v;
    if ((err = pa_lex_word(c, "zone")))
        return err;
    if (!pa_lex_token(c, &s, &e))
        return pa_lex_fail(c, c->q, "expected a zone name after 'zone'");
    *comma_after_name = false;
    if (e > s && e[-1] == ',') {
        e--;
        *comma_after_name = true;
    }
    if (e == s || (size_t)(e - s) >= n) {
        pa_lex_shown(s, e, buf, sizeof buf);
        return pa_lex_fail(c, s, "expected a zone name (1 to %zu characters), got '%s'", n - 1,
                           buf);
    }
    memcpy(name, s, (size_t)(e - s));
    name[e - s] = '\0';
    return 0;
}
