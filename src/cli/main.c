/*
 * main.c - `pagealloc`, the command: dispatches to one file per subcommand.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define PA_CMD(n) extern const struct pa_cmd pa_cmd_##n;
#include "pa_commands.inc"
#undef PA_CMD
#define PA_CMD(n) &pa_cmd_##n,
static const struct pa_cmd *const commands[] = {
#include "pa_commands.inc"
};
#undef PA_CMD

#define NCMD (sizeof commands / sizeof commands[0])

void pa_cli_err(const char *fmt, ...)
{
    va_list ap;
    fputs("pagealloc: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void pa_cli_err_at(const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "pagealloc: %s:%ld: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

unsigned long long pa_cli_ull(const char *opt, const char *val)
{
    char *end;
    errno = 0;
    if (!val || !*val || *val == '-') {
        pa_cli_err("%s needs a non-negative number", opt);
        exit(PA_EXIT_BAD);
    }
    unsigned long long v = strtoull(val, &end, 0);
    if (errno || *end) {
        pa_cli_err("%s: '%s' is not a number", opt, val);
        exit(PA_EXIT_BAD);
    }
    return v;
}

unsigned pa_cli_page_size(const char *opt, const char *val)
{
    char *end;
    errno = 0;
    unsigned long long v = 0;
    if (val && *val >= '0' && *val <= '9')
        v = strtoull(val, &end, 10);
    if (v && !errno && (*end == 'K' || *end == 'k') && end[1] == '\0' && v <= (1u << 10))
        v <<= 10;
    else if (v && !errno && *end != '\0')
        v = 0;
    if (v < 1024 || v > (1u << 20) || (v & (v - 1)) || errno) {
        pa_cli_err("%s '%s': expected a page size in bytes or with K, a power of two from 1K "
                   "to 1024K (4K, 16K, 64K, 4096, ...)",
                   opt, val ? val : "");
        exit(PA_EXIT_BAD);
    }
    return (unsigned)v;
}

static void usage(FILE *f)
{
    fputs("usage: pagealloc COMMAND [ARGS]\n\n"
          "A user-space model of the Linux physical page allocator.\n\n"
          "Commands:\n",
          f);
    for (size_t i = 0; i < NCMD; i++)
        fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fputs("\n'pagealloc COMMAND --help' describes a command.\n", f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return PA_EXIT_BAD;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return PA_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        puts("pagealloc 0.1.0");
        return PA_EXIT_OK;
    }
    for (size_t i = 0; i < NCMD; i++)
        if (!strcmp(argv[1], commands[i]->name)) {
            int rc = commands[i]->fn(argc - 1, argv + 1);
            /* `analyze --json > file` on a full disk exited 0 with the output
               lost: a failed write of the answer is an error */
            errno = 0;
            if (fflush(stdout) || ferror(stdout)) {
                pa_cli_err("%s: cannot write the output: %s", argv[1],
                           strerror(errno ? errno : EIO));
                return PA_EXIT_BAD;
            }
            return rc;
        }
    pa_cli_err("unknown command '%s' (see 'pagealloc --help')", argv[1]);
    return PA_EXIT_BAD;
}
