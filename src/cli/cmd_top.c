/*
 * cmd_top.c - `pagealloc top [interval [count]]`: a live view of the buddy
 * allocator. Per zone: free blocks by order as bars, the migratetype mix of
 * free pages (pagetypeinfo, root), and for orders 3, 9 and 10 the least-
 * squares trend of the free blocks able to serve that order with the time
 * until none is left; machine-wide compaction and reclaim counters per second
 * from /proc/vmstat. ncurses on a terminal; one plain line per zone and sample
 * otherwise (scripts, logs), like vmstat. Reading is src/live/procread.c,
 * the trend src/live/trend.c.
 */
#include <curses.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"
#include "pagealloc/json.h"
#include "draw/paint.h"
#include "draw/timeline.h"
#include "live/procread.h"
#include "live/trend.h"
#include "pagealloc/fragindex.h"

static const unsigned trend_orders[3] = {3, 9, 10};

/* vmstat counters shown as rates (absent ones are skipped). */
static const char *const rate_names[] = {
    "compact_stall",   "compact_fail",       "compact_success", "compact_daemon_wake",
    "compact_migrate_scanned", "compact_free_scanned", "pgmigrate_success",
    "pgscan_kswapd",   "pgscan_direct",      "pgsteal_kswapd",  "pgsteal_direct",
    "allocstall_normal", "allocstall_dma32", "allocstall_movable", "thp_fault_fallback",
};
#define NRATES (sizeof rate_names / sizeof rate_names[0])

struct top_zone {
    int node;
    char name[16];
    struct pa_trend trend[3];
};

struct top {
    double interval;
    long count;
    const char *dir;
    int nz;
    struct top_zone zones[PA_PROC_MAX_ZONES];
    struct pa_procinfo *pi;
    uint64_t prev[NRATES];
    bool have_prev[NRATES];
    double rate[NRATES];
    bool have_rate[NRATES];
    double t0, t;
    unsigned page_size;
    char err[400];              /* FILE:LINE: column C: message (pa_diag fits) */
    /* --record FILE: a timeline of the largest zone (src/draw/timeline.c) */
    const char *record;
    struct pa_timeline *tl;
    int tl_node;
    char tl_zone[16];
    uint64_t ev_prev[PA_TL_MARK_COUNT];
    bool ev_have[PA_TL_MARK_COUNT];
};

static volatile sig_atomic_t top_stop;
static void top_on_signal(int sig)
{
    (void)sig;
    top_stop = 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct top_zone *tz_get(struct top *tp, int node, const char *name)
{
    for (int i = 0; i < tp->nz; i++)
        if (tp->zones[i].node == node && !strcmp(tp->zones[i].name, name))
            return &tp->zones[i];
    if (tp->nz >= PA_PROC_MAX_ZONES)
        return NULL;
    struct top_zone *z = &tp->zones[tp->nz++];
    memset(z, 0, sizeof *z);
    z->node = node;
    snprintf(z->name, sizeof z->name, "%s", name);
    return z;
}

/* One sample: parse the files, update trends and rates. 0 or -1 (tp->err). */
static int sample(struct top *tp, double dt)
{
    struct pa_procread rd;
    struct pa_diag d;
    pa_procinfo_init(tp->pi);
    if (pa_read_procdir(tp->dir, tp->pi, &rd, &d)) {
        /* the format of every command's bad input (as analyze prints it) */
        if (d.line)
            snprintf(tp->err, sizeof tp->err, "%s:%ld: column %ld: %s", d.file, d.line, d.col,
                     d.msg);
        else
            snprintf(tp->err, sizeof tp->err, "%s: %s", d.file, d.msg);
        return -1;
    }
    tp->t = now_s() - tp->t0;
    for (int i = 0; i < tp->pi->nr_zones; i++) {
        const struct pa_proc_zone *z = &tp->pi->zones[i];
        if (!z->have_buddy)
            continue;
        struct top_zone *tz = tz_get(tp, z->node, z->name);
        if (!tz)
            continue;
        for (int k = 0; k < 3; k++) {
            if (trend_orders[k] >= z->nr_orders)
                continue;
            struct pa_contig_info ci;
            pa_contig_info(z->nr_free, z->nr_orders - 1, trend_orders[k], &ci);
            pa_trend_add(&tz->trend[k], tp->t, (double)ci.free_blocks_suitable);
        }
    }
    for (size_t r = 0; r < NRATES; r++) {
        uint64_t v;
        tp->have_rate[r] = false;
        if (!pa_procinfo_vmstat(tp->pi, rate_names[r], &v))
            continue;
        if (tp->have_prev[r] && dt > 0) {
            tp->rate[r] = (double)(v - tp->prev[r]) / dt;
            tp->have_rate[r] = true;
        }
        tp->prev[r] = v;
        tp->have_prev[r] = true;
    }
    return 0;
}

static uint64_t zone_free_pages(const struct pa_proc_zone *z)
{
    uint64_t pages = 0;
    for (unsigned o = 0; o < z->nr_orders; o++)
        pages += z->nr_free[o] << o;
    return pages;
}

/* vmstat counters behind the timeline's markers (summed when several):
   kswapd's balancing runs, direct reclaim stalls, compaction (direct stalls
   and kcompactd wake-ups), OOM kills. Absent counters count nothing. */
static const char *const mark_counters[PA_TL_MARK_COUNT][6] = {
    [PA_TL_KSWAPD] = {"pageoutrun"},
    [PA_TL_DIRECT_RECLAIM] = {"allocstall", "allocstall_dma", "allocstall_dma32",
                              "allocstall_normal", "allocstall_movable"},
    [PA_TL_COMPACT] = {"compact_stall", "compact_daemon_wake"},
    [PA_TL_OOM] = {"oom_kill"},
};

/* --record: add this sample of the largest zone (chosen at the first
   sample: most managed pages, else most free) and the marker counts. */
static int record_sample(struct top *tp)
{
    const struct pa_proc_zone *best = NULL;
    for (int i = 0; i < tp->pi->nr_zones; i++) {
        const struct pa_proc_zone *z = &tp->pi->zones[i];
        if (!z->have_buddy)
            continue;
        if (tp->tl) {
            if (z->node == tp->tl_node && !strcmp(z->name, tp->tl_zone))
                best = z;
            continue;
        }
        if (!best || (z->have_zoneinfo && z->managed > best->managed) ||
            (!z->have_zoneinfo && zone_free_pages(z) > zone_free_pages(best)))
            best = z;
    }
    if (!best)
        return 0;
    if (!tp->tl) {
        unsigned shift = 9;
        while (shift < 30 && (1u << shift) < tp->page_size)
            shift++;
        char title[160];
        snprintf(title, sizeof title, "%s: node %d zone %s, free memory by order",
                 tp->dir ? tp->dir : "this machine", best->node, best->name);
        tp->tl = pa_timeline_create(title, "seconds", best->nr_orders, shift);
        if (!tp->tl) {
            snprintf(tp->err, sizeof tp->err, "top: --record: cannot start a timeline");
            return -1;
        }
        tp->tl_node = best->node;
        snprintf(tp->tl_zone, sizeof tp->tl_zone, "%s", best->name);
    }
    uint64_t free[PA_ORDER_CAP + 1] = {0};
    for (unsigned o = 0; o < best->nr_orders && o <= PA_ORDER_CAP; o++)
        free[o] = best->nr_free[o] << o;
    uint64_t wm[3] = {best->wmark_min + best->boost, best->wmark_low + best->boost,
                      best->wmark_high + best->boost};
    pa_timeline_add(tp->tl, tp->t, free, wm, false);
    for (int k = 0; k < PA_TL_MARK_COUNT; k++) {
        uint64_t sum = 0, v;
        bool any = false;
        for (int j = 0; j < 6 && mark_counters[k][j]; j++)
            if (pa_procinfo_vmstat(tp->pi, mark_counters[k][j], &v)) {
                sum += v;
                any = true;
            }
        if (!any)
            continue;
        if (tp->ev_have[k] && sum > tp->ev_prev[k])
            pa_timeline_mark(tp->tl, tp->t, (enum pa_tl_mark)k, sum - tp->ev_prev[k]);
        tp->ev_prev[k] = sum;
        tp->ev_have[k] = true;
    }
    return 0;
}

static const struct top_zone *tz_find(const struct top *tp, const struct pa_proc_zone *z)
{
    for (int j = 0; j < tp->nz; j++)
        if (tp->zones[j].node == z->node && !strcmp(tp->zones[j].name, z->name))
            return &tp->zones[j];
    return NULL;
}

static void trend_text(const struct pa_trend *tr, char *buf, size_t n)
{
    double s, a, b;
    if (!pa_trend_fit(tr, &a, &b))
        snprintf(buf, n, "(gathering)");
    else if (!pa_trend_time_to_zero(tr, &s))
        snprintf(buf, n, "steady/rising");
    else if (s < 120)
        snprintf(buf, n, "%.0fs left", s);
    else if (s < 7200)
        snprintf(buf, n, "%.0fmin left", s / 60);
    else
        snprintf(buf, n, "%.1fh left", s / 3600);
}

/* "mix: U 3% M 96%"; sp joins a type's letter and its share (" ", or NB
   where the line may be wrapped). */
static void mix_text(const struct pa_proc_zone *z, char *buf, size_t n, const char *sp)
{
    uint64_t pages[PA_PROC_MAX_TYPES] = {0}, total = 0;
    buf[0] = '\0';
    if (!z->have_types) {
        snprintf(buf, n, "mix: (pagetypeinfo not readable)");
        return;
    }
    for (int t = 0; t < z->nr_types; t++) {
        for (unsigned o = 0; o < z->nr_orders; o++)
            pages[t] += z->types[t].nr_free[o] << o;
        total += pages[t];
    }
    size_t l = (size_t)snprintf(buf, n, "mix:");
    for (int t = 0; t < z->nr_types && l < n; t++)
        if (pages[t])
            l += (size_t)snprintf(buf + l, n - l, " %c%s%.0f%%", z->types[t].name[0], sp,
                                  total ? 100.0 * (double)pages[t] / (double)total : 0.0);
}

/* ---- plain output -------------------------------------------------------------- */
/* --json: one JSON object per sample and line (JSON Lines), through the
   shared emitter: time, per zone the free MiB, blocks per order, the
   migratetype mix and the trends, and the rates. */
static void json_sample(const struct top *tp)
{
    struct pa_strbuf sb = PA_STRBUF_INIT;
    struct pa_json j;
    pa_json_init(&j, &sb);
    pa_json_begin_object(&j);
    pa_json_key(&j, "time"); /* seconds, as a number with 3 decimals */
    pa_json_milli(&j, (int)(tp->t * 1000));
    pa_json_key(&j, "zones");
    pa_json_begin_array(&j);
    for (int k = 0; k < tp->pi->nr_zones; k++) {
        const struct pa_proc_zone *z = &tp->pi->zones[k];
        if (!z->have_buddy)
            continue;
        pa_json_begin_object(&j);
        pa_json_kv_int(&j, "node", z->node);
        pa_json_kv_str(&j, "zone", z->name);
        pa_json_kv_uint(&j, "free_pages", zone_free_pages(z));
        pa_json_key(&j, "nr_free");
        pa_json_begin_array(&j);
        for (unsigned o = 0; o < z->nr_orders; o++)
            pa_json_uint(&j, z->nr_free[o]);
        pa_json_end_array(&j);
        char mix[160];
        mix_text(z, mix, sizeof mix, " ");
        pa_json_kv_str(&j, "mix", mix);
        const struct top_zone *tz = tz_find(tp, z);
        pa_json_key(&j, "trend");
        pa_json_begin_object(&j);
        for (int t = 0; t < 3 && tz; t++) {
            char tt[32], key[8];
            trend_text(&tz->trend[t], tt, sizeof tt);
            snprintf(key, sizeof key, "o%u", trend_orders[t]);
            pa_json_kv_str(&j, key, tt);
        }
        pa_json_end_object(&j);
        if (z->have_pcp_count)
            pa_json_kv_uint(&j, "pcp", z->pcp_count);
        pa_json_end_object(&j);
    }
    pa_json_end_array(&j);
    pa_json_key(&j, "rates");
    pa_json_begin_object(&j);
    for (size_t r = 0; r < NRATES; r++)
        if (tp->have_rate[r]) {
            pa_json_key(&j, rate_names[r]); /* per second */
            pa_json_milli(&j, tp->rate[r] < 2e6 ? (int)(tp->rate[r] * 1000) : 2000000000);
        }
    pa_json_end_object(&j);
    pa_json_end_object(&j);
    puts(pa_sb_str(&sb));
    pa_sb_free(&sb);
    fflush(stdout);
}

/* ---- words never broken ----------------------------------------------------------- */
/* A space that does not break: what belongs together ("compact_stall 0.0",
   "order 3: steady/rising", "U 3%") stays on one line; written as a space. */
#define NB "\x1f"

/* s[0, n) with NB as spaces. */
static void put_nb(char *dst, size_t cap, const char *s, int n)
{
    size_t k = 0;
    for (int i = 0; i < n && k + 1 < cap; i++)
        dst[k++] = s[i] == NB[0] ? ' ' : s[i];
    dst[k] = '\0';
}

/* Cut one logical line into screen lines of at most width columns at the
   spaces between words, continuation lines indented by indent (a word
   longer than a whole line is the only thing ever cut); emit(ctx, s, n,
   cont) gets each. width <= 0: the line as it is. */
static void wrap_words(const char *text, int width, int indent,
                       void (*emit)(void *ctx, const char *s, int n, bool cont), void *ctx)
{
    const char *p = text;
    bool cont = false;
    if (width <= 0) {
        emit(ctx, text, (int)strlen(text), false);
        return;
    }
    if (indent > width / 2)
        indent = width / 2;
    while (*p) {
        int avail = width - (cont ? indent : 0), n = (int)strlen(p);
        if (n <= avail) {
            emit(ctx, p, n, cont);
            return;
        }
        int cut = avail;
        while (cut > 0 && p[cut] != ' ')
            cut--;
        if (cut == 0)
            cut = avail; /* one word wider than the line */
        int e = cut;
        while (e > 0 && p[e - 1] == ' ')
            e--;
        emit(ctx, p, e, cont);
        p += cut;
        while (*p == ' ')
            p++;
        cont = true;
    }
}

/* ---- plain output -------------------------------------------------------------- */
/* The width plain lines are wrapped at: only when standard output is a
   terminal (a pipe or a file gets one line per zone, for scripts), then
   COLUMNS if set, else the terminal's width. */
static int plain_width(void)
{
    if (!isatty(STDOUT_FILENO))
        return 0;
    const char *c = getenv("COLUMNS");
    char *end;
    long v = c && *c ? strtol(c, &end, 10) : 0;
    if (c && *c && !*end && v >= 20 && v <= 10000)
        return (int)v;
    struct winsize ws;
    if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col >= 20)
        return ws.ws_col;
    return 80;
}

static void plain_emit(void *ctx, const char *s, int n, bool cont)
{
    char buf[2048];
    put_nb(buf, sizeof buf, s, n);
    printf("%*s%s\n", cont ? *(const int *)ctx : 0, "", buf);
}

static void plain_sample(const struct top *tp, long i)
{
    int width = plain_width(), indent = 8;
    struct pa_strbuf sb = PA_STRBUF_INIT;
    if (i == 0)
        wrap_words("# time node zone free_MiB blocks[order 0..] | mix | trend o3 o9 o10", width,
                   2, plain_emit, &(int){2});
    for (int k = 0; k < tp->pi->nr_zones; k++) {
        const struct pa_proc_zone *z = &tp->pi->zones[k];
        if (!z->have_buddy)
            continue;
        uint64_t pages = zone_free_pages(z);
        pa_sb_reset(&sb);
        pa_sb_printf(&sb, "%7.1f %d %-7s %9.1f", tp->t, z->node, z->name,
                     (double)pages * tp->page_size / 1048576.0);
        for (unsigned o = 0; o < z->nr_orders; o++)
            pa_sb_printf(&sb, " %" PRIu64, z->nr_free[o]);
        char mix[160];
        mix_text(z, mix, sizeof mix, NB);
        pa_sb_printf(&sb, " | %s |", mix);
        const struct top_zone *tz = tz_find(tp, z);
        for (int t = 0; t < 3 && tz; t++) {
            char tt[32];
            trend_text(&tz->trend[t], tt, sizeof tt);
            pa_sb_printf(&sb, " o%u:%s", trend_orders[t], tt);
        }
        if (z->have_pcp_count)
            pa_sb_printf(&sb, " | pcp:%" PRIu64, z->pcp_count);
        wrap_words(pa_sb_str(&sb), width, indent, plain_emit, &indent);
    }
    pa_sb_reset(&sb);
    for (size_t r = 0; r < NRATES; r++)
        if (tp->have_rate[r] && tp->rate[r] > 0)
            pa_sb_printf(&sb, "%s%s" NB "%.1f/s", sb.len ? ", " : "        rates: ", rate_names[r],
                         tp->rate[r]);
    if (sb.len)
        wrap_words(pa_sb_str(&sb), width, 15, plain_emit, &(int){15});
    pa_sb_free(&sb);
    fflush(stdout);
}

/* ---- ncurses output -------------------------------------------------------------- */
struct scr_lines {
    int y, last;                /* next row; rows up to `last` may be written */
    int indent;
};

static void scr_emit(void *ctx, const char *s, int n, bool cont)
{
    struct scr_lines *l = ctx;
    if (l->y > l->last)
        return;
    char buf[2048];
    put_nb(buf, sizeof buf, s, n);
    move(l->y++, 0);
    if (cont)
        printw("%*s", l->indent, "");
    addstr(buf);
}

/* One logical line from row *y, wrapped at words within the screen's width
   (the last column is left free: a character there moves the cursor on). */
static void scr_line(int *y, int last, int cols, int indent, const char *text)
{
    struct scr_lines l = {*y, last, indent};
    wrap_words(text, cols - 1, indent, scr_emit, &l);
    *y = l.y;
}

static void curses_sample(const struct top *tp)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    erase();
    int y = 0;
    char line[1024];
    struct pa_strbuf sb = PA_STRBUF_INIT;
    /* One bar per order needs 1 + zones * (orders + 3) + 2 rows (47 for three
       zones); on a smaller terminal (80x24) only DMA showed and Normal, the
       zone that matters, never did: then each zone gets its counts on one line. */
    int need = 3;
    for (int k = 0; k < tp->pi->nr_zones; k++)
        if (tp->pi->zones[k].have_buddy)
            need += (int)tp->pi->zones[k].nr_orders + 3;
    bool compact = need > rows;
    snprintf(line, sizeof line, "pagealloc top - every %.1fs, t=%.0fs   (q quits)%s",
             tp->interval, tp->t, compact ? "  [compact: more rows show bars]" : "");
    scr_line(&y, rows - 1, cols, 2, line);
    for (int k = 0; k < tp->pi->nr_zones && y < rows - 2; k++) {
        const struct pa_proc_zone *z = &tp->pi->zones[k];
        if (!z->have_buddy)
            continue;
        uint64_t pages = zone_free_pages(z);
        char mix[160];
        mix_text(z, mix, sizeof mix, NB);
        y++;
        pa_sb_reset(&sb);
        pa_sb_printf(&sb, "Node %d %-7s free" NB "%.1f" NB "MiB   %s", z->node, z->name,
                     (double)pages * tp->page_size / 1048576.0, mix);
        if (z->have_pcp_count)
            pa_sb_printf(&sb, "   pcp" NB "lists" NB "%.1f" NB "MiB",
                         (double)z->pcp_count * tp->page_size / 1048576.0);
        attron(A_BOLD);
        scr_line(&y, rows - 3, cols, 2, pa_sb_str(&sb));
        attroff(A_BOLD);
        if (compact) {
            pa_sb_reset(&sb);
            pa_sb_printf(&sb, " blocks o0..o%u:", z->nr_orders ? z->nr_orders - 1 : 0);
            for (unsigned o = 0; o < z->nr_orders; o++)
                pa_sb_printf(&sb, " %" PRIu64, z->nr_free[o]);
            scr_line(&y, rows - 3, cols, 3, pa_sb_str(&sb));
        } else {
            int barw = cols - 34;
            if (barw < 10)
                barw = 10;
            for (unsigned o = 0; o < z->nr_orders && y < rows - 2; o++) {
                /* bar length: share of the zone's free pages held at this order */
                double share = pages ? (double)(z->nr_free[o] << o) / (double)pages : 0;
                int len = (int)lround(share * barw);
                if (len > cols - 24)
                    len = cols - 24 > 0 ? cols - 24 : 0;
                mvprintw(y, 0, " o%-2u %8" PRIu64 " %5.1f%% ", o, z->nr_free[o], share * 100);
                for (int b = 0; b < len; b++)
                    addch('#');
                y++;
            }
        }
        const struct top_zone *tz = tz_find(tp, z);
        if (tz && y < rows - 2) {
            pa_sb_reset(&sb);
            pa_sb_puts(&sb, compact ? " trend:" : " trend (blocks able to serve the order):");
            for (int t = 0; t < 3; t++) {
                char tt[32];
                trend_text(&tz->trend[t], tt, sizeof tt);
                pa_sb_printf(&sb, compact ? "  o%u" NB "%s" : "  order" NB "%u:" NB "%s",
                             trend_orders[t], tt);
            }
            scr_line(&y, rows - 3, cols, 3, pa_sb_str(&sb));
        }
    }
    y++;
    pa_sb_reset(&sb);
    pa_sb_puts(&sb, "per second:");
    for (size_t r = 0; r < NRATES; r++)
        if (tp->have_rate[r])
            pa_sb_printf(&sb, " %s" NB "%.1f", rate_names[r], tp->rate[r]);
    if (y > rows - 1)
        y = rows - 1;
    scr_line(&y, rows - 1, cols, 2, pa_sb_str(&sb));
    pa_sb_free(&sb);
    refresh();
}

static void help(FILE *f)
{
    fputs("usage: pagealloc top [--plain] [--proc DIR] [interval [count]]\n\n"
          "A live view of the page allocator: per zone the free blocks by order as bars,\n"
          "the migratetype mix of free pages, and for orders 3, 9 and 10 the least-squares\n"
          "trend of the blocks able to serve that order with the time until none is left,\n"
          "the pages on per-CPU lists (in no free count);\n"
          "compaction and reclaim counters per second from /proc/vmstat.\n"
          "interval in seconds (default 2), count samples (default: until q / Ctrl-C).\n"
          "On a terminal it draws with ncurses; otherwise one line per zone per sample.\n\n"
          "  --plain      line output even on a terminal\n"
          "  --json       one JSON object per sample and line (JSON Lines)\n"
          "  --record FILE  when top ends, draw FILE (.png or .svg): the largest zone's\n"
          "               free memory by order over the run, its watermarks, and markers\n"
          "               for kswapd runs, direct reclaim, compaction and OOM kills from\n"
          "               /proc/vmstat (docs/draw.md)\n"
          "  --proc DIR   read DIR instead of /proc (tests)\n",
          f);
}

static int cmd_top(int argc, char **argv)
{
    static const struct option opts[] = {
        {"plain", no_argument, 0, 'p'}, {"proc", required_argument, 0, 'P'},
        {"record", required_argument, 0, 'r'}, {"help", no_argument, 0, 'h'},
        {"json", no_argument, 0, 'j'},         {0, 0, 0, 0}};
    bool json = false;
    struct top *tp = calloc(1, sizeof *tp);
    if (!tp)
        return PA_EXIT_BAD;
    tp->interval = 2;
    tp->count = -1;
    bool plain = !isatty(STDOUT_FILENO);
    int c, rc = PA_EXIT_OK;
    optind = 1;
    while ((c = pa_cli_getopt(argc, argv, "h", opts)) != -1) {
        switch (c) {
        case 'p': plain = true; break;
        case 'j': json = plain = true; break;
        case 'P': tp->dir = optarg; break;
        case 'r': tp->record = optarg; break;
        case 'h': help(stdout); free(tp); return PA_EXIT_OK;
        default: help(stderr); free(tp); return PA_EXIT_BAD;
        }
    }
    if (tp->record && pa_image_kind_of(tp->record) == PA_IMG_NONE) {
        pa_cli_usage_err("--record %s: the picture's name must end in .png or .svg", tp->record);
    }
    if (optind < argc) {
        char *end;
        tp->interval = strtod(argv[optind], &end);
        if (*end || end == argv[optind] || !(tp->interval >= 0.1 && tp->interval <= 3600)) {
            pa_cli_usage_err("interval must be 0.1 to 3600 seconds, not '%s'", argv[optind]);
        }
        optind++;
    }
    if (optind < argc) {
        unsigned long long n = pa_cli_ull("count", argv[optind]);
        if (n < 1 || n > 1000000000) {
            pa_cli_usage_err("count must be 1 to 1000000000 samples, not '%s'", argv[optind]);
        }
        tp->count = (long)n;
        optind++;
    }
    if (optind < argc) {
        pa_cli_usage_err("unexpected argument '%s'", argv[optind]);
    }
    tp->pi = calloc(1, sizeof *tp->pi);
    if (!tp->pi) {
        free(tp);
        return PA_EXIT_BAD;
    }
    tp->page_size = (unsigned)sysconf(_SC_PAGESIZE);
    tp->t0 = now_s();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = top_on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    SCREEN *scr = NULL;
    if (!plain) {
        /* initscr() exits when the terminal cannot be opened (TERM unset or
           unknown): newterm() says so, and top falls back to plain lines */
        scr = newterm(NULL, stdout, stdin);
        if (!scr) {
            fprintf(stderr, "pagealloc: top: cannot open the terminal (TERM=%s): plain "
                            "lines\n", getenv("TERM") ? getenv("TERM") : "unset");
            plain = true;
        }
    }
    if (!plain) {
        cbreak();
        noecho();
        curs_set(0);
        timeout((int)(tp->interval * 1000));
    }
    double last = 0;
    for (long i = 0; (tp->count < 0 || i < tp->count) && !top_stop; i++) {
        double t = now_s() - tp->t0;
        if (sample(tp, i ? t - last : 0) || (tp->record && record_sample(tp))) {
            rc = PA_EXIT_BAD;
            break;
        }
        last = t;
        if (plain)
            json ? json_sample(tp) : plain_sample(tp, i);
        else
            curses_sample(tp);
        if (tp->count >= 0 && i + 1 >= tp->count)
            break;
        if (plain) {
            struct timespec ts = {(time_t)tp->interval,
                                  (long)((tp->interval - (double)(time_t)tp->interval) * 1e9)};
            nanosleep(&ts, NULL);
        } else if (getch() == 'q') {
            break;
        }
    }
    if (!plain) {
        endwin();
        delscreen(scr);
    }
    if (rc)
        pa_cli_err("%s", tp->err);
    if (tp->tl) {
        char err[300];
        if (pa_timeline_write(tp->tl, tp->record, err, sizeof err)) {
            pa_cli_err("top: --record: %s", err);
            rc = PA_EXIT_BAD;
        } else {
            printf("timeline of %zu samples written to %s\n", tp->tl->n, tp->record);
        }
        pa_timeline_free(tp->tl);
    }
    free(tp->pi);
    free(tp);
    return rc;
}

const struct pa_cmd pa_cmd_top = {"top", "live view: free blocks by order, migratetype mix, "
                                         "compaction rates, time until an order runs out",
                                  cmd_top};
