/*
 * run_report.c - m:map and `run --report` for a scenario run (run_report.h).
 */
#include "cli/run_report.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "draw/map.h"
#include "draw/record.h"
#include "draw/timeline.h"
#include "pagealloc/events.h"
#include "sim/sim.h"

/* The timeline's clock: page allocator operations so far. */
static double ops(const struct pa_sim *s)
{
    double n = (double)s->st.pgfree;
    for (int t = 0; t < PA_ZONE_TYPES; t++)
        n += (double)s->st.pgalloc[t];
    return n;
}

static void flush_text(struct pa_run_report *rr)
{
    fflush(rr->out);
    if (rr->rec && rr->pending_len)
        pa_record_text(rr->rec, rr->pending, rr->pending_len);
    rr->pending_len = 0;
}

/* Line `line` of file src (scenario or library), without its newline. */
static void source_line(const char *src, int line, char *buf, size_t n)
{
    buf[0] = '\0';
    FILE *f = line > 0 ? fopen(src, "r") : NULL;
    if (!f)
        return;
    char tmp[512];
    for (int i = 1; fgets(tmp, sizeof tmp, f); i += !!strchr(tmp, '\n'))
        if (i == line) {
            tmp[strcspn(tmp, "\n")] = '\0';
            const char *t = tmp;
            while (*t == ' ' || *t == '\t')
                t++;
            snprintf(buf, n, "%s", t);
            break;
        }
    fclose(f);
}

/* The engine's events between steps: a page allocated or freed moves the
   timeline's clock; the recorder keeps as many samples as it wants. */
static void on_event(void *ctx, const struct pa_event *ev)
{
    struct pa_run_report_slot *slot = ctx;
    if (slot->next)
        slot->next(slot->next_ctx, ev);
    struct pa_sim *s = slot->s;
    switch (ev->type) {
    case PA_EV_PAGE_ALLOC:
    case PA_EV_PAGE_FREE:
        pa_record_tick(slot->rr->rec, s, s->m, ops(s), s->st.allocfail);
        break;
    /* Markers from the engine's events: kswapd woken, direct reclaim, a
       compaction run of one zone (mm_compaction_begin: direct compaction,
       compact_memory, kcompactd, proactive), an OOM kill. */
    /* A failed allocation counts in allocfail after its last event: the
       slow path of the next request (kswapd woken, direct reclaim) samples
       it too, so that failures between two page events are not lost. */
    case PA_EV_KSWAPD_WAKE:
        pa_record_tick(slot->rr->rec, s, s->m, ops(s), s->st.allocfail);
        pa_record_mark(slot->rr->rec, s, ops(s), PA_TL_KSWAPD, 1);
        break;
    case PA_EV_DIRECT_RECLAIM:
        pa_record_tick(slot->rr->rec, s, s->m, ops(s), s->st.allocfail);
        pa_record_mark(slot->rr->rec, s, ops(s), PA_TL_DIRECT_RECLAIM, 1);
        break;
    case PA_EV_COMPACTION_BEGIN:
        pa_record_tick(slot->rr->rec, s, s->m, ops(s), s->st.allocfail);
        pa_record_mark(slot->rr->rec, s, ops(s), PA_TL_COMPACT, 1);
        break;
    case PA_EV_COMPACTION_END: /* the zone as the run left it */
        pa_record_tick(slot->rr->rec, s, s->m, ops(s), s->st.allocfail);
        break;
    case PA_EV_OOM_KILL: /* the victim is dead and its memory free */
        pa_record_tick(slot->rr->rec, s, s->m, ops(s), s->st.allocfail);
        pa_record_mark(slot->rr->rec, s, ops(s), PA_TL_OOM, 1);
        break;
    default:
        break;
    }
}

static void follow_events(struct pa_run_report *rr, struct pa_sim *s)
{
    if (s->m->event_cb == on_event)
        return;
    struct pa_run_report_slot *slot = NULL;
    for (int i = 0; i < rr->nr_slots && !slot; i++)
        if (rr->slots[i].s == s)
            slot = &rr->slots[i];
    if (!slot && rr->nr_slots == PA_RUN_REPORT_SLOTS)
        return; /* the timeline then has the steps' samples only */
    if (!slot)
        slot = &rr->slots[rr->nr_slots++];
    *slot = (struct pa_run_report_slot){rr, s, s->m->event_cb, s->m->event_ctx};
    pa_machine_set_event_cb(s->m, on_event, slot);
}

static void on_step(void *ctx, struct pa_sim *s, const char *what, const char *src, int line)
{
    struct pa_run_report *rr = ctx;
    if (!rr->rec)
        return;
    flush_text(rr);
    char where[4200] = "", code[512], cwd[4096];
    /* under the current directory: say it relative (the page is shared) */
    const char *shown = src;
    size_t cl = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
    if (src && cl && !strncmp(src, cwd, cl) && src[cl] == '/')
        shown = src + cl + 1;
    if (src && *src)
        snprintf(where, sizeof where, "%s:%d", shown, line);
    source_line(src, line, code, sizeof code);
    bool is_new = !strncmp(what, "machine(", 8);
    pa_record_step(rr->rec, s, is_new, s->m, what, where, code, ops(s), s->st.allocfail);
    if (is_new)
        follow_events(rr, s);
}

static int on_map(void *ctx, struct pa_sim *s, const char *path, const char *zone, char *err,
                  size_t n)
{
    struct pa_run_report *rr = ctx;
    char title[200];
    snprintf(title, sizeof title, "%s (%s, kernel %s)", path, s->preset->name, s->kernel);
    struct pa_map_opts o = {.zone = zone, .title = title};
    struct pa_map *map;
    int e = pa_map_build(s->m, &o, &map, err, n);
    if (!e)
        e = pa_map_write(map, path, err, n);
    pa_map_free(map);
    if (!e && rr->rec) {
        flush_text(rr);
        pa_record_map(rr->rec, s->m, title, err, n);
    }
    return e ? -1 : 0;
}

/* The scenario's output stream: stdout, and kept for the report. */
static ssize_t tee_write(void *c, const char *buf, size_t size)
{
    struct pa_run_report *rr = c;
    size_t w = fwrite(buf, 1, size, stdout);
    if (rr->rec) {
        if (rr->pending_len + size > rr->pending_cap) {
            size_t cap = (rr->pending_len + size) * 2;
            char *p = realloc(rr->pending, cap);
            if (!p)
                return (ssize_t)w;
            rr->pending = p;
            rr->pending_cap = cap;
        }
        memcpy(rr->pending + rr->pending_len, buf, size);
        rr->pending_len += size;
    }
    return (ssize_t)w;
}

int pa_run_report_open(struct pa_run_report *rr, const char *dir, const char *title)
{
    memset(rr, 0, sizeof *rr);
    rr->obs = (struct pa_lua_observer){rr, on_step, on_map};
    rr->out = stdout;
    if (!dir)
        return PA_EXIT_OK;
    char err[300];
    rr->rec = pa_record_create(dir, title, err, sizeof err);
    if (!rr->rec) {
        pa_cli_err("run: %s", err);
        return PA_EXIT_BAD;
    }
    cookie_io_functions_t io = {.write = tee_write};
    rr->out = fopencookie(rr, "w", io);
    if (!rr->out) {
        pa_cli_err("run: cannot capture the output");
        rr->out = stdout;
    }
    return PA_EXIT_OK;
}

void pa_run_report_section(struct pa_run_report *rr, const char *heading)
{
    flush_text(rr);
    pa_record_section(rr->rec, heading);
}

void pa_run_report_note(struct pa_run_report *rr, const char *text)
{
    flush_text(rr);
    pa_record_text(rr->rec, text, strlen(text));
}

int pa_run_report_close(struct pa_run_report *rr)
{
    if (!rr->rec)
        return PA_EXIT_OK;
    flush_text(rr);
    if (rr->out != stdout)
        fclose(rr->out);
    rr->out = stdout;
    char index[4300], err[300];
    snprintf(index, sizeof index, "%s", pa_record_index(rr->rec));
    int rc = pa_record_finish(rr->rec, err, sizeof err);
    rr->rec = NULL;
    free(rr->pending);
    rr->pending = NULL;
    fflush(stdout);
    if (rc) {
        pa_cli_err("run: %s", err);
        return PA_EXIT_BAD;
    }
    printf("report written to %s\n", index);
    return PA_EXIT_OK;
}
