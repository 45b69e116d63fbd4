/*
 * main.c - `pagealloc`, the command: dispatches to one file per subcommand.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cli/cli.h"
#include "pagealloc/order_text.h"

#define PA_CMD(n) extern const struct pa_cmd pa_cmd_##n;
#include "pa_commands.inc"
#undef PA_CMD
#define PA_CMD(n) &pa_cmd_##n,
static const struct pa_cmd *const commands[] = {
#include "pa_commands.inc"
};
#undef PA_CMD

#define NCMD (sizeof commands / sizeof commands[0])

/* Write msg to stderr with the bytes a terminal would act on escaped:
   control characters and bytes that are not UTF-8 become \xNN (a file name
   or a pasted line with an ESC in it must not drive the terminal). */
static void put_escaped(const char *msg)
{
    const unsigned char *p = (const unsigned char *)msg;
    while (*p) {
        unsigned char c = *p;
        int n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
                             : (c & 0xf8) == 0xf0 ? 4 : 0;
        bool ok = n > 0 && !(n == 1 && (c < 0x20 || c == 0x7f) && c != '\t');
        for (int i = 1; ok && i < n; i++)
            ok = (p[i] & 0xc0) == 0x80;
        if (ok && n == 2 && c < 0xc2)
            ok = false; /* overlong */
        if (!ok) {
            fprintf(stderr, "\\x%02x", c);
            p++;
            continue;
        }
        fwrite(p, 1, (size_t)n, stderr);
        p += n;
    }
}

static void verr(const char *prefix, const char *fmt, va_list ap)
{
    char small[512], *msg = small;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= (int)sizeof small && (msg = malloc((size_t)n + 1)))
        vsnprintf(msg, (size_t)n + 1, fmt, ap2);
    else if (n >= (int)sizeof small)
        msg = small; /* truncated, still said */
    va_end(ap2);
    put_escaped(prefix);
    put_escaped(msg);
    fputc('\n', stderr);
    if (msg != small)
        free(msg);
}

void pa_cli_err(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr("pagealloc: ", fmt, ap);
    va_end(ap);
}

void pa_cli_err_at(const char *file, long line, const char *fmt, ...)
{
    char prefix[512];
    va_list ap;
    snprintf(prefix, sizeof prefix, "pagealloc: %s:%ld: ", file, line);
    va_start(ap, fmt);
    verr(prefix, fmt, ap);
    va_end(ap);
}

/* ---- option parsing shared by every command (util-linux conventions) ---- */

static const char *cur_cmd = "";   /* the subcommand being run, for messages */
static int opt_end;                /* argv index where the options end       */
static bool opt_dd;                /* a "--" sits at argv[opt_end]           */
static struct option *merged;      /* the command's long options + version   */
static char *merged_short;

const char *pa_cli_command(void)
{
    return cur_cmd;
}

void pa_cli_usage_err(const char *fmt, ...)
{
    char prefix[64];
    va_list ap;
    snprintf(prefix, sizeof prefix, "pagealloc %s: ", cur_cmd);
    va_start(ap, fmt);
    verr(prefix, fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try 'pagealloc %s --help' for more information.\n", cur_cmd);
    exit(PA_EXIT_BAD);
}

/* "-5", "-0.5": a negative number, an operand unless the command has a digit
   option. */
static bool negative_number(const char *a, const char *shortopts)
{
    return a[0] == '-' && ((a[1] >= '0' && a[1] <= '9') || (a[1] == '.' && a[2] >= '0' &&
                                                            a[2] <= '9')) &&
           !strchr(shortopts, a[1]);
}

/* Does long option `name` (up to '=' ) take a required argument? -1: unknown
   or ambiguous (getopt reports it). */
static int long_has_arg(const struct option *lo, const char *name)
{
    size_t n = strcspn(name, "=");
    int found = -1, hits = 0;
    for (; lo->name; lo++) {
        if (!strncmp(lo->name, name, n)) {
            if (strlen(lo->name) == n)
                return lo->has_arg;
            found = lo->has_arg;
            hits++;
        }
    }
    return hits == 1 ? found : -1;
}

/* Put the options (with their arguments) first and the operands after
   them, keeping both orders, with an explicit "--" between them. Negative
   numbers are operands. Sets opt_end and opt_dd. */
static void normalize(int argc, char **argv, const char *shortopts, const struct option *lo)
{
    char **opts = calloc((size_t)argc + 1, sizeof *opts);
    char **ops = calloc((size_t)argc + 1, sizeof *ops);
    int no = 0, np = 0;
    opt_dd = false;
    if (!opts || !ops) {
        free(opts);
        free(ops);
        opt_end = argc;
        return;
    }
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (!strcmp(a, "--")) {
            opt_dd = true;
            while (++i < argc)
                ops[np++] = argv[i];
            break;
        }
        if (a[0] != '-' || !a[1] || negative_number(a, shortopts)) {
            ops[np++] = a;
            continue;
        }
        opts[no++] = a;
        if (a[1] == '-') {
            if (!strchr(a, '=') && long_has_arg(lo, a + 2) == required_argument && i + 1 < argc)
                opts[no++] = argv[++i];
            continue;
        }
        for (const char *c = a + 1; *c; c++) {
            const char *d = strchr(shortopts, *c);
            if (d && *c != ':' && d[1] == ':') {
                if (!c[1] && i + 1 < argc)
                    opts[no++] = argv[++i];
                break;
            }
        }
    }
    for (int i = 0; i < no; i++)
        argv[1 + i] = opts[i];
    if (opt_dd)
        argv[1 + no] = "--";
    for (int i = 0; i < np; i++)
        argv[1 + no + opt_dd + i] = ops[i];
    opt_end = 1 + no;
    free(opts);
    free(ops);
}

int pa_cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts)
{
    if (optind <= 1) {
        size_t n = 0;
        while (longopts && longopts[n].name)
            n++;
        free(merged);
        free(merged_short);
        merged = calloc(n + 3, sizeof *merged);
        merged_short = malloc(strlen(shortopts) + 4);
        if (!merged || !merged_short) {
            pa_cli_err("out of memory");
            exit(PA_EXIT_BAD);
        }
        for (size_t i = 0; i < n; i++)
            merged[i] = longopts[i];
        merged[n++] = (struct option){"version", no_argument, 0, 'V'};
        sprintf(merged_short, "+:%sV", shortopts);
        normalize(argc, argv, shortopts, merged);
        optind = 1;
        opterr = 0;
    }
    if (optind >= opt_end) {
        optind = opt_end + opt_dd;
        return -1;
    }
    int c = getopt_long(opt_end, argv, merged_short, merged, NULL);
    if (c == 'V') {
        printf("pagealloc %s\n", PA_VERSION);
        exit(PA_EXIT_OK);
    }
    if (c == '?') {
        if (optopt)
            pa_cli_usage_err("invalid option -- '%c'", optopt);
        pa_cli_usage_err("unrecognized option '%s'", argv[optind - 1]);
    }
    if (c == ':') {
        if (optopt && !strchr("-", optopt) && argv[optind - 1][1] != '-')
            pa_cli_usage_err("option requires an argument -- '%c'", optopt);
        pa_cli_usage_err("option '%s' requires an argument", argv[optind - 1]);
    }
    if (c == -1)
        optind = opt_end + opt_dd;
    return c;
}

/* Where the shipped scenarios are: PAGEALLOC_DATADIR, else relative to the
   binary (PREFIX/bin/pagealloc -> PREFIX/share/pagealloc, so an installed
   tree works wherever it is moved), else the source tree the binary was
   built from (running from a build directory). */
const char *pa_cli_data_dir(void)
{
    static char dir[4096];
    const char *env = getenv("PAGEALLOC_DATADIR");
    if (env && *env)
        return env;
    char exe[2048];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char probe[sizeof dir + 16];
            snprintf(dir, sizeof dir, "%s/%s", exe, PA_DATADIR_REL);
            snprintf(probe, sizeof probe, "%s/scenarios", dir);
            struct stat st;
            if (!stat(probe, &st) && S_ISDIR(st.st_mode))
                return dir;
        }
    }
    return PA_SOURCE_DIR;
}

void pa_cli_stdin_hint(const char *what)
{
    if (isatty(STDIN_FILENO))
        fprintf(stderr, "pagealloc: reading %s from the terminal: paste it, then Ctrl-D "
                        "(or give a FILE; --help)\n", what);
}

/* Why did writing stdout fail? stdio keeps no errno of its failed write, and
   "Input/output error" hid a full disk or the file size limit (ulimit -f,
   EFBIG, once SIGXFSZ is ignored): ask the file. */
static int stdout_cause(int err)
{
    struct stat st;
    if (err && err != EIO)
        return err;
    if (fstat(STDOUT_FILENO, &st) || !S_ISREG(st.st_mode))
        return err ? err : EIO;
    struct rlimit rl;
    if (!getrlimit(RLIMIT_FSIZE, &rl) && rl.rlim_cur != RLIM_INFINITY &&
        (rlim_t)st.st_size >= rl.rlim_cur)
        return EFBIG;
    struct statvfs vfs;
    if (!fstatvfs(STDOUT_FILENO, &vfs) && vfs.f_bavail == 0)
        return ENOSPC;
    return err ? err : EIO;
}

unsigned long long pa_cli_ull(const char *opt, const char *val)
{
    char *end;
    errno = 0;
    if (!val || !*val || *val == '-')
        pa_cli_usage_err("%s needs a non-negative number", opt);
    unsigned long long v = strtoull(val, &end, 0);
    if (errno || *end)
        pa_cli_usage_err("%s: '%s' is not a number", opt, val);
    return v;
}

unsigned pa_cli_order(const char *opt, const char *val, unsigned max)
{
    char *end;
    errno = 0;
    long long v = val && *val ? strtoll(val, &end, 10) : 0;
    if (!val || !*val || end == val || *end)
        pa_cli_usage_err("%s: '%s' is not a number (an order 0..%u)", opt, val ? val : "", max);
    if (errno == ERANGE || v < 0 || v > (long long)max) {
        char t[96];
        pa_order_range_text(t, sizeof t, val, max);
        pa_cli_usage_err("%s: %s", opt, t);
    }
    return (unsigned)v;
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
    if (v < 1024 || v > (1u << 20) || (v & (v - 1)) || errno)
        pa_cli_usage_err("%s '%s': expected a page size in bytes or with K, a power of two "
                         "from 1K to 1024K (4K, 16K, 64K, 4096, ...)",
                         opt, val ? val : "");
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
    /* over the file size limit, say EFBIG instead of dying by SIGXFSZ */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return PA_EXIT_BAD;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return PA_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("pagealloc %s\n", PA_VERSION);
        return PA_EXIT_OK;
    }
    for (size_t i = 0; i < NCMD; i++)
        if (!strcmp(argv[1], commands[i]->name)) {
            cur_cmd = commands[i]->name;
            int rc = commands[i]->fn(argc - 1, argv + 1);
            /* `analyze --json > file` on a full disk exited 0 with the output
               lost: a failed write of the answer is an error */
            errno = 0;
            if (fflush(stdout) || ferror(stdout)) {
                int e = stdout_cause(errno);
                pa_cli_err("%s: cannot write the output: %s (%s)", argv[1], strerror(e),
                           e == EFBIG ? "EFBIG: the file size limit, ulimit -f"
                           : e == ENOSPC ? "ENOSPC" : "write error");
                return PA_EXIT_BAD;
            }
            return rc;
        }
    pa_cli_err("unknown command '%s' (see 'pagealloc --help')", argv[1]);
    return PA_EXIT_BAD;
}
