/*
 * format/logline.h - internal to src/format: turning one physical line of
 * pasted log text into kernel lines (logline.c), and the two smallest lexing
 * helpers every text reader of src/format uses.
 */
#ifndef PA_FORMAT_LOGLINE_H
#define PA_FORMAT_LOGLINE_H

#include <stdbool.h>
#include <string.h>
#include <strings.h>

static inline const char *rl_skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static inline bool rl_starts(const char *p, const char *lit)
{
    return strncmp(p, lit, strlen(lit)) == 0;
}

static inline bool rl_starts_ci(const char *p, const char *lit)
{
    return strncasecmp(p, lit, strlen(lit)) == 0;
}

/* Strip every prefix a log tool or a mail client puts before a kernel line:
   (at the start of a physical line) indentation and '>' quote marks, then any
   run of syslog / journal / ISO-8601 time + host + tag, "<4>" levels,
   "[ 1234.567890]" stamps with an optional "[ T123]" caller id, dmesg -T
   "[Tue May  2 10:03:56 2023]" stamps. *prefixed says whether one was found. */
const char *pa_log_strip(const char *p, bool line_start, bool *prefixed);
/* Where the next kernel line starts inside this one: the '[' of a " [ 1234.567890]"
   stamp after the start, or NULL. */
const char *pa_log_next_cut(const char *p);

#endif
