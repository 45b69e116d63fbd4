/*
 * cmd_fragment.c - `pagealloc fragment`: seed 003's user-space fragmentation
 * experiment, done safely (the mechanics: src/live/fragment.c; here the
 * arguments, the limits and what is shown). "interleave": two child processes pinned to one
 * CPU take turns faulting in pages (a pipe ping-pong, so their pages alternate
 * physically as far as the allocator hands them out in order), then one child
 * is killed and its pages go back, leaving holes between the survivor's.
 * "every-other": one child faults everything in, then gives back every other
 * page with MADV_DONTNEED. The result is shown with `analyze` before, while
 * the survivor holds its memory, and after cleanup.
 *
 * Safety: refuses more than --max-share percent of MemAvailable (default 10),
 * never changes a kernel setting, needs no module; children die with the
 * parent (PR_SET_PDEATHSIG) and are killed on every exit path, SIGINT and
 * SIGTERM included; anonymous memory is given back when they exit.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "pagealloc/analyze.h"
#include "live/fragment.h"
#include "live/physmem.h"
#include "live/procread.h"
#include "pagealloc/fragindex.h"
#include "pagealloc/json.h"

static volatile sig_atomic_t frag_stop;
static void frag_on_signal(int sig)
{
    frag_stop = sig;
}

/* --json: the steps collect here as {"step": WHEN, "analysis": {...}} and
   are printed as one object at the end. */
static struct pa_json *frag_json;

static void show_json(const char *when)
{
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_analysis *an = calloc(1, sizeof *an);
    struct pa_procread rd;
    struct pa_diag d;
    pa_json_next_line(frag_json);
    pa_json_begin_object(frag_json);
    pa_json_kv_str(frag_json, "step", when);
    pa_json_key(frag_json, "analysis");
    if (pi && an && !pa_read_procdir(NULL, pi, &rd, &d)) {
        pa_analyze(pi, (unsigned)sysconf(_SC_PAGESIZE), NULL, an);
        struct pa_strbuf sb = PA_STRBUF_INIT;
        pa_analysis_print_json(an, &sb);
        /* a complete JSON value: write it as the value of "analysis" */
        size_t n = sb.len;
        while (n && (sb.s[n - 1] == '\n'))
            n--;
        pa_json_strf(frag_json, "%s", ""); /* placeholder keeps the emitter's state */
        frag_json->out->len -= 2;          /* drop the placeholder's "" */
        pa_sb_printf(frag_json->out, "%.*s", (int)n, pa_sb_str(&sb));
        pa_sb_free(&sb);
    } else {
        pa_json_null(frag_json);
    }
    pa_json_end_object(frag_json);
    free(pi);
    free(an);
}

/* One line per zone: free MiB, blocks per order, the order-9 indices. */
static void show(const char *when)
{
    if (frag_json) {
        show_json(when);
        return;
    }
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_analysis *an = calloc(1, sizeof *an);
    struct pa_procread rd;
    struct pa_diag d;
    printf("== %s\n", when);
    if (pi && an && !pa_read_procdir(NULL, pi, &rd, &d)) {
        pa_analyze(pi, (unsigned)sysconf(_SC_PAGESIZE), NULL, an);
        struct pa_strbuf sb = PA_STRBUF_INIT;
        pa_analysis_print_awk(an, &sb);
        for (int i = 0; i < an->nr_zones; i++) {
            const struct pa_an_zone *az = &an->zones[i];
            if (az->nr_orders <= 9)
                continue;
            char u9[16], f9[16], u3[16];
            pa_index_format(az->unusable[9], u9, sizeof u9);
            pa_index_format(az->fragindex[9], f9, sizeof f9);
            pa_index_format(az->unusable[3], u3, sizeof u3);
            pa_sb_printf(&sb, "           Node %d %-7s order 9: unusable %s, "
                              "fragmentation index %s; order 3: unusable %s",
                         az->z->node, az->z->name, u9, f9, u3);
            if (az->z->have_pcp_count)
                pa_sb_printf(&sb, "; %" PRIu64 " pages on pcp lists", az->z->pcp_count);
            pa_sb_putc(&sb, '\n');
        }
        fputs(pa_sb_str(&sb), stdout);
        pa_sb_free(&sb);
    } else {
        printf("(cannot read /proc/buddyinfo)\n");
    }
    fflush(stdout);
    free(pi);
    free(an);
}

static void help(FILE *f)
{
    fputs("usage: pagealloc fragment [--size S] [--pattern interleave|every-other]\n"
          "                          [--chunk PAGES] [--hold SECONDS] [--max-share PCT]\n\n"
          "Seed 003's user-space fragmentation experiment, done safely: two processes\n"
          "touch memory in turns (interleave) and one is killed, or one process gives\n"
          "back every other page (every-other); `analyze` lines before, while the\n"
          "survivor holds its memory, and after cleanup.\n\n"
          "  --size S         memory per process (default 64M)\n"
          "  --pattern P      interleave (default) or every-other\n"
          "  --chunk PAGES    pages each process touches per turn (default 1)\n"
          "  --hold SECONDS   how long the survivor keeps its memory (default 2)\n"
          "  --max-share PCT  refuse to use more than PCT% of MemAvailable (default 10,\n"
          "                   1..50)\n"
          "  --json           one JSON object: the settings and, per step, analyze's\n"
          "                   JSON of this machine\n\n"
          "No kernel setting is changed and no module is needed; children are killed on\n"
          "every exit path (also SIGINT/SIGTERM) and their memory goes back to the kernel.\n",
          f);
}

static int cmd_fragment(int argc, char **argv)
{
    static const struct option opts[] = {
        {"size", required_argument, 0, 's'},      {"pattern", required_argument, 0, 'p'},
        {"chunk", required_argument, 0, 'c'},     {"hold", required_argument, 0, 'H'},
        {"max-share", required_argument, 0, 'm'}, {"help", no_argument, 0, 'h'},
        {"json", no_argument, 0, 'j'},            {0, 0, 0, 0}};
    bool json = false;
    uint64_t size = 64ull << 20;
    bool every_other = false;
    unsigned long long chunk = 1, hold = 2, share = 10;
    int c;
    optind = 1;
    while ((c = pa_cli_getopt(argc, argv, "h", opts)) != -1) {
        switch (c) {
        case 's':
            if (!pa_parse_size(optarg, &size)) {
                pa_cli_usage_err("'%s' is not a size", optarg);
            }
            break;
        case 'p':
            if (!strcmp(optarg, "interleave"))
                every_other = false;
            else if (!strcmp(optarg, "every-other"))
                every_other = true;
            else {
                pa_cli_usage_err("--pattern is interleave or every-other");
            }
            break;
        case 'c': chunk = pa_cli_ull("--chunk", optarg); break;
        case 'H': hold = pa_cli_ull("--hold", optarg); break;
        case 'm': share = pa_cli_ull("--max-share", optarg); break;
        case 'j': json = true; break;
        case 'h': help(stdout); return PA_EXIT_OK;
        default: help(stderr); return PA_EXIT_BAD;
        }
    }
    if (optind < argc) {
        pa_cli_usage_err("unexpected argument '%s'", argv[optind]);
    }
    if (!chunk || chunk > 65536) {
        pa_cli_usage_err("--chunk takes 1..65536 pages, not %llu", chunk);
    }
    if (hold > 3600) {
        pa_cli_usage_err("--hold is at most 3600 seconds, not %llu", hold);
    }
    if (!share || share > 50) {
        pa_cli_usage_err("--max-share takes 1..50 (percent of MemAvailable), not %llu", share);
    }
    long psz = sysconf(_SC_PAGESIZE);
    size_t pages = (size_t)(size / (uint64_t)psz);
    uint64_t avail = pa_mem_available_kb() * 1024;
    uint64_t total = every_other ? size : 2 * size;
    if (!pages) {
        /* was "refusing to use 0.20 KiB: above 10% of MemAvailable" */
        pa_cli_usage_err("--size is below one page (%ld bytes)", psz);
    }
    if (!avail || total > avail / 100 * share) {
        char a[32], b[32];
        pa_size_text(total, a, sizeof a);
        pa_size_text(avail / 100 * share, b, sizeof b);
        pa_cli_err("fragment: refusing to use %s%s: above %llu%% of MemAvailable (that share is "
                   "%s; --max-share raises it)", a,
                   every_other ? "" : " (two processes of --size)", share, b);
        return PA_EXIT_BAD;
    }

    struct sigaction sa, oi, ot;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = frag_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &oi);
    sigaction(SIGTERM, &sa, &ot);
    struct pa_fragmenter fr;
    pa_fragment_init(&fr, pages, psz, (size_t)chunk, every_other, &frag_stop);
    int rc = PA_EXIT_OK;
    char sz[32];
    pa_size_text(size, sz, sizeof sz);
    struct pa_strbuf jsb = PA_STRBUF_INIT;
    struct pa_json jw;
    if (json) {
        pa_json_init(&jw, &jsb);
        frag_json = &jw;
        pa_json_begin_object(&jw);
        pa_json_kv_str(&jw, "pattern", every_other ? "every-other" : "interleave");
        pa_json_kv_uint(&jw, "size_bytes", size);
        pa_json_kv_uint(&jw, "chunk_pages", chunk);
        pa_json_key(&jw, "steps");
        pa_json_begin_array(&jw);
    } else {
        printf("fragment: pattern %s, %s per process, chunk %llu page(s)\n",
               every_other ? "every-other" : "interleave", sz, chunk);
    }
    show("before");

    if (pa_fragment_start(&fr)) {
        pa_cli_err("fragment: %s", fr.err);
        rc = PA_EXIT_BAD;
        goto cleanup;
    }
    /* wait until every child reported done (or a signal / child death) */
    struct pa_progress pg;
    pa_progress_begin(&pg, every_other ? "touching pages" : "touching pages in turns",
                      "pages");
    int w = pa_fragment_wait_ready(&fr, pa_progress_count, &pg);
    pa_progress_end(&pg);
    if (w < 0) {
        pa_cli_err("fragment: %s", fr.err);
        rc = PA_EXIT_BAD;
        goto cleanup;
    }
    if (w > 0)
        goto cleanup;
    if (!every_other) {
        show("both processes hold their memory");
        pa_fragment_kill_second(&fr);
        show("second process killed: the survivor's pages are now holes' neighbours");
    } else {
        show("every other page given back");
    }
    struct timespec ts = {0, 100 * 1000 * 1000};
    for (unsigned long long i = 0; i < hold * 10 && !frag_stop; i++)
        nanosleep(&ts, NULL);
    if (hold && !frag_stop) {
        /* 6.x keeps freed pages on the per-CPU lists and decays them back to
           the buddy lists over seconds: look again before cleaning up */
        char when[80];
        snprintf(when, sizeof when, "after holding %llu s (pcp lists drain back over time)",
                 hold);
        show(when);
    }
cleanup:
    pa_fragment_cleanup(&fr);
    if (frag_stop && !json)
        printf("interrupted by signal %d: children killed\n", (int)frag_stop);
    show("after cleanup");
    if (json) {
        pa_json_newline(&jw);
        pa_json_end_array(&jw);
        if (frag_stop)
            pa_json_kv_int(&jw, "interrupted_by_signal", (int)frag_stop);
        pa_json_end_object(&jw);
        pa_sb_putc(&jsb, '\n');
        fputs(pa_sb_str(&jsb), stdout);
        pa_sb_free(&jsb);
        frag_json = NULL;
    }
    sigaction(SIGINT, &oi, NULL);
    sigaction(SIGTERM, &ot, NULL);
    return frag_stop && rc == PA_EXIT_OK ? PA_EXIT_NO : rc;
}

const struct pa_cmd pa_cmd_fragment = {"fragment", "seed 003's fragmentation experiment from "
                                                   "user space, bounded and cleaned up",
                                       cmd_fragment};
