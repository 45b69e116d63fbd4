/*
 * progress.c - one progress line for long work (cli.h, struct pa_progress):
 * on standard error, only when it is a terminal, only once the work has
 * taken longer than PA_PROGRESS_DELAY, redrawn at most every 0.2 s with a
 * carriage return and erased when the work ends (or before other output),
 * so nothing of it is left in the terminal and nothing reaches a pipe, a
 * file or a test.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

#define PA_PROGRESS_DELAY 1.0   /* seconds of work before the line shows
                                   (PAGEALLOC_PROGRESS_DELAY overrides it)  */
#define PA_PROGRESS_EVERY 0.2   /* seconds between two redraws            */

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void pa_progress_begin(struct pa_progress *p, const char *what, const char *unit)
{
    memset(p, 0, sizeof *p);
    p->what = what;
    p->unit = unit ? unit : "";
    p->on = isatty(STDERR_FILENO);
    p->start = mono();
    p->last = p->quiet = p->start;
    p->delay = PA_PROGRESS_DELAY;
    const char *env = getenv("PAGEALLOC_PROGRESS_DELAY");
    char *end;
    double d = env && *env ? strtod(env, &end) : -1;
    if (env && *env && !*end && d >= 0 && d <= 3600)
        p->delay = d;
}

/* Columns the line may take: one less than the terminal's width (a line
   that wraps cannot be erased with \r). */
static int line_width(void)
{
    struct winsize ws;
    int w = !ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 1 ? ws.ws_col : 80;
    return w - 1 < 150 ? w - 1 : 150;
}

/* The line as it is drawn: "pagealloc CMD: WHAT: DETAIL, N.N s"; a DETAIL too
   long for the terminal keeps its end ("...ios/big.lua:12"). */
static void draw(struct pa_progress *p, const char *detail, double now)
{
    char head[96], tail[32], line[160];
    int hn = snprintf(head, sizeof head, "pagealloc %s: %s%s", pa_cli_command(), p->what,
                      detail[0] ? ": " : "");
    int tn = snprintf(tail, sizeof tail, ", %.1f s", now - p->start);
    int w = line_width(), dn = (int)strlen(detail), room = w - hn - tn;
    if (hn < 0 || tn < 0 || hn >= (int)sizeof head)
        return;
    if (room < 12 && detail[0]) { /* a narrow terminal: the detail before WHAT */
        hn = snprintf(head, sizeof head, "pagealloc %s: ", pa_cli_command());
        room = w - hn - tn;
    }
    if (dn > room && room > 6)
        snprintf(line, sizeof line, "%s...%s%s", head, detail + dn - (room - 3), tail);
    else
        snprintf(line, sizeof line, "%s%s%s", head, detail, tail);
    int n = (int)strlen(line);
    if (n > w) /* narrower still: cut, the line must not wrap */
        line[n = w] = '\0';
    int pad = p->width > n ? p->width - n : 0;
    fprintf(stderr, "\r%s%*s", line, pad, "");
    if (pad)
        fprintf(stderr, "\r%s", line);
    fflush(stderr);
    p->width = n;
    p->shown = true;
    p->last = now;
}

void pa_progress_text(struct pa_progress *p, const char *fmt, ...)
{
    if (!p || !p->on)
        return;
    double now = mono();
    /* after other output, the line waits for the delay again: a scenario
       that prints every 0.1 s shows its lines, not a flickering progress */
    if (now - p->quiet < p->delay || (p->shown && now - p->last < PA_PROGRESS_EVERY))
        return;
    char detail[120];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    draw(p, detail, now);
}

void pa_progress_count(void *ctx, uint64_t done, uint64_t total)
{
    struct pa_progress *p = ctx;
    if (!p || !p->on)
        return;
    const char *unit = p->unit;
    if (total)
        pa_progress_text(p, "%llu%% (%llu of %llu %s)",
                         (unsigned long long)(done >= total ? 100 : done * 100 / total),
                         (unsigned long long)done, (unsigned long long)total, unit);
    else
        pa_progress_text(p, "%llu %s", (unsigned long long)done, unit);
}

void pa_progress_clear(struct pa_progress *p)
{
    if (!p || !p->on)
        return;
    p->quiet = mono();
    if (!p->shown)
        return;
    fprintf(stderr, "\r%*s\r", p->width, "");
    fflush(stderr);
    p->shown = false;
    p->width = 0;
}

void pa_progress_end(struct pa_progress *p)
{
    pa_progress_clear(p);
    if (p)
        p->on = false;
}
