/*
 * fuzz_cli.c - libFuzzer target for the option parsing of every command
 * (pa_cli_getopt and each command's option handling). The input, split at
 * NUL bytes, is the argument vector after `pagealloc CMD`; the first byte
 * picks the command. Commands that only read (gfp, explain, analyze, map,
 * run) run as given; those that act on this machine (contig, fragment,
 * snapshot, top, compact) get a final --help, so their options are parsed and
 * nothing is done. Each input runs in a child process (commands exit), its
 * output thrown away, under a 5 s alarm; dying by a signal other than the
 * alarm is a finding. (libFuzzer sees no coverage from the child, so this
 * target is a random tester of argument vectors; its corpus replay in CTest
 * is the regression test.)
 */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#define main pa_cli_main
#include "../../src/cli/main.c"
#undef main

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const cmds[] = {"gfp",    "explain",  "analyze",  "map", "run",
                                       "contig", "fragment", "snapshot", "top", "compact"};
    enum { NCMDS = sizeof cmds / sizeof cmds[0] };
    if (size < 1 || size > 512)
        return 0;
    const char *cmd = cmds[data[0] % NCMDS];
    bool acts = data[0] % NCMDS >= 5;
    char buf[520];
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    char *argv[74];
    int argc = 0;
    argv[argc++] = "pagealloc";
    argv[argc++] = (char *)cmd;
    for (char *p = buf; p < buf + size - 1 && argc < 68;) {
        argv[argc++] = p;
        p += strlen(p) + 1;
    }
    if (acts)
        argv[argc++] = "--help";
    if (!strcmp(cmd, "run")) { /* bounded: the default job takes seconds */
        argv[argc++] = "--time-limit";
        argv[argc++] = "0.5";
    }
    argv[argc] = NULL;
    pid_t pid = fork();
    if (pid < 0)
        return 0;
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        alarm(5);
        /* scenarios, reports and maps go to a scratch directory */
        if (chdir("/tmp"))
            _exit(0);
        _exit(pa_cli_main(argc, argv) & 0xff);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        ;
    if (WIFSIGNALED(st) && WTERMSIG(st) != SIGALRM)
        abort();
    return 0;
}
