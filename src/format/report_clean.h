/*
 * format/report_clean.h - internal to src/format: undo what mail archives,
 * forums and terminals did to a pasted report before its lines are read
 * (report_clean.c). The parser reads the cleaned text; every cleaned line
 * remembers the input line it starts on, so diagnostics name input lines.
 */
#ifndef PA_FORMAT_REPORT_CLEAN_H
#define PA_FORMAT_REPORT_CLEAN_H

#include <stddef.h>

enum pa_clean_fix {
    PA_FIX_QP = 0,       /* quoted-printable: "=" soft line breaks, "=3D"        */
    PA_FIX_BBCODE,       /* forum markup inside lines: [COLOR="Red"]...[/COLOR]  */
    PA_FIX_SPLIT_TOKEN,  /* a hard wrap inside a field: the halves joined        */
    PA_FIX_DOLLAR,       /* a terminal pager's '$' at a cut line end (one char lost) */
    PA_FIX_KMSG_NL,      /* "\x0a" escapes of /dev/kmsg records                  */
    PA_FIX_NR
};

struct pa_clean {
    char *text;          /* NUL-separated lines: line i starts at text + off[i]  */
    size_t *off;
    int *line_of;        /* input line (1-based) where cleaned line i starts     */
    int nr;
    int first_line[PA_FIX_NR]; /* input line of the first use of each fix, 0 none */
};

/* Clean len bytes of text (which must hold no NUL). 0, or -2 out of memory. */
int pa_report_clean(const char *text, size_t len, struct pa_clean *out);
void pa_report_clean_free(struct pa_clean *c);
/* The sentence a warning says about fix f. */
const char *pa_clean_fix_text(enum pa_clean_fix f);

#endif
