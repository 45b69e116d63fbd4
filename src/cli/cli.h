/*
 * cli.h - what the subcommands of `pagealloc` share: the command table entry,
 * exit codes (DESIGN.md "Errors") and message helpers.
 */
#ifndef PA_CLI_H
#define PA_CLI_H

#include <stdio.h>

/* Exit codes: 0 ok, 1 a negative answer, 2 bad input or usage. */
enum { PA_EXIT_OK = 0, PA_EXIT_NO = 1, PA_EXIT_BAD = 2 };

struct pa_cmd {
    const char *name;
    const char *summary;
    int (*fn)(int argc, char **argv); /* argv[0] is the subcommand name */
};

/* "pagealloc: message" on stderr. */
void pa_cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "pagealloc: FILE:LINE: message" on stderr (bad input). */
void pa_cli_err_at(const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* On a terminal, tell the user the command waits for pasted input on stdin
   ("paste it, then Ctrl-D"); silent when stdin is a pipe or a file. */
void pa_cli_stdin_hint(const char *what);
/* Messages of pa_cli_err and pa_cli_err_at have control characters and bytes
   that are not UTF-8 escaped as \xNN. */
/* Parse an unsigned integer option value; exits 2 with a message if bad. */
unsigned long long pa_cli_ull(const char *opt, const char *val);
/* Parse an order option value: 0..max, exits 2 with the one message for an
   order out of range (pagealloc/order_text.h) or "not a number". */
unsigned pa_cli_order(const char *opt, const char *val, unsigned max);
/* Parse a page size given in bytes or with a K suffix ("4096", "16K", "64k"):
   a power of two from 1 KiB to 1 MiB. Returns bytes; exits 2 if bad. */
unsigned pa_cli_page_size(const char *opt, const char *val);

/* getopt_long for every command, with the conventions of util-linux: an
   option error prints "pagealloc CMD: ..." and "Try 'pagealloc CMD --help'"
   and exits 2; --version / -V print the version and exit 0; "--" ends the
   options; a negative number ("gfp -1", "--order -1") is a value, never an
   option; options may follow operands (argv is permuted). Call with optind
   = 1 first; after -1 the operands are argv[optind .. argc). */
struct option;
int pa_cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);
/* "pagealloc CMD: message" and "Try 'pagealloc CMD --help' ...", exit 2. */
void pa_cli_usage_err(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* The subcommand being run ("run", "snapshot"), "" before one is chosen. */
const char *pa_cli_command(void);

/* Progress of long work (src/cli/progress.c): one line on standard error,
   "pagealloc CMD: WHAT: DETAIL, N.N s", only when standard error is a
   terminal and only once the work has taken a second
   (PAGEALLOC_PROGRESS_DELAY=SECONDS changes that), redrawn at most five
   times a second and erased when it ends; nothing at all otherwise. */
#include <stdbool.h>
#include <stdint.h>
struct pa_progress {
    const char *what, *unit;
    bool on;                    /* standard error is a terminal          */
    bool shown;                 /* a line is on the screen               */
    int width;                  /* its length, to erase it               */
    double start, last;         /* monotonic seconds: begun, last drawn  */
    double quiet;               /* since when no other output was made   */
    double delay;               /* seconds before the line shows (1, or
                                   PAGEALLOC_PROGRESS_DELAY)             */
};
void pa_progress_begin(struct pa_progress *p, const char *what, const char *unit);
/* DETAIL as printf formats it. */
void pa_progress_text(struct pa_progress *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* DETAIL "45% (DONE of TOTAL UNIT)" (total 0: "DONE UNIT"); ctx is the
   struct pa_progress, so this is also a callback for src/live. */
void pa_progress_count(void *ctx, uint64_t done, uint64_t total);
/* Erase the line (before other output on the terminal); it comes back at
   an update once the work has again been silent for the delay. */
void pa_progress_clear(struct pa_progress *p);
/* Erase the line for good. */
void pa_progress_end(struct pa_progress *p);

/* The directory holding scenarios/ (installed: PREFIX/share/pagealloc). */
const char *pa_cli_data_dir(void);

/* Subcommands: src/cli/cmd_NAME.c defines `const struct pa_cmd pa_cmd_NAME`;
   the build lists them (generated pa_commands.inc), sorted by name. */

#endif
