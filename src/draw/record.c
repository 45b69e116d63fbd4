/*
 * record.c - the report page (draw/record.h).
 */
#include "draw/record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "draw/map.h"
#include "draw/timeline.h"

struct track {
    const void *key;
    const struct pa_machine *m;
    int zone;                        /* index in m->zones of the timeline's zone */
    struct pa_timeline *tl;
    uint64_t allocfail;
    char last_map[32];               /* the map after the last step, "" none    */
    int nr_steps;
};

struct pa_record {
    char dir[4096];
    char index[4200];
    char title[256];
    struct pa_strbuf body;
    struct track tracks[PA_RECORD_MAX_TRACKS];
    int nr_tracks;
    struct track spare;              /* machines beyond the table: no timeline  */
    int nr_maps, nr_steps;
    bool text_open;
};

void pa_html_escape(struct pa_strbuf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case '<': pa_sb_puts(b, "&lt;"); break;
        case '>': pa_sb_puts(b, "&gt;"); break;
        case '&': pa_sb_puts(b, "&amp;"); break;
        case '"': pa_sb_puts(b, "&quot;"); break;
        default: pa_sb_putc(b, s[i]);
        }
    }
}

static void esc(struct pa_strbuf *b, const char *s)
{
    pa_html_escape(b, s, strlen(s));
}

struct pa_record *pa_record_create(const char *dir, const char *title, char *err, size_t n)
{
    if (!dir || !*dir || strlen(dir) > 4000) {
        snprintf(err, n, "report: no directory, or its name is too long");
        return NULL;
    }
    if (mkdir(dir, 0777) && errno != EEXIST) {
        snprintf(err, n, "report: cannot create %s: %s", dir, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
        snprintf(err, n, "report: %s is not a directory", dir);
        return NULL;
    }
    struct pa_record *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, n, "report: out of memory");
        return NULL;
    }
    snprintf(r->dir, sizeof r->dir, "%s", dir);
    snprintf(r->index, sizeof r->index, "%s/index.html", dir);
    snprintf(r->title, sizeof r->title, "%s", title ? title : "pagealloc report");
    return r;
}

const char *pa_record_index(const struct pa_record *r)
{
    return r ? r->index : NULL;
}

static void close_text(struct pa_record *r)
{
    if (r->text_open)
        pa_sb_puts(&r->body, "</pre>\n");
    r->text_open = false;
}

void pa_record_text(struct pa_record *r, const char *text, size_t len)
{
    if (!r || !text || !len)
        return;
    if (!r->text_open)
        pa_sb_puts(&r->body, "<pre class=\"out\">");
    r->text_open = true;
    pa_html_escape(&r->body, text, len);
}

void pa_record_section(struct pa_record *r, const char *heading)
{
    if (!r)
        return;
    close_text(r);
    pa_sb_puts(&r->body, "<h2>");
    esc(&r->body, heading ? heading : "");
    pa_sb_puts(&r->body, "</h2>\n");
}

void pa_record_html(struct pa_record *r, const char *html)
{
    if (!r || !html)
        return;
    close_text(r);
    pa_sb_puts(&r->body, html);
}

/* The populated zone with the most managed pages: the timeline's. */
static int main_zone(const struct pa_machine *m)
{
    int best = -1;
    for (int i = 0; i < m->nr_zones; i++)
        if (m->zones[i].present && (best < 0 || m->zones[i].managed > m->zones[best].managed))
            best = i;
    return best < 0 ? 0 : best;
}

static struct track *find_track(struct pa_record *r, const void *key, bool is_new,
                                const struct pa_machine *m)
{
    for (int i = r->nr_tracks; i-- > 0;)
        if (r->tracks[i].key == key && !is_new)
            return &r->tracks[i];
    if (!is_new && r->spare.key == key)
        return &r->spare;
    struct track *t = r->nr_tracks < PA_RECORD_MAX_TRACKS ? &r->tracks[r->nr_tracks] : &r->spare;
    if (t == &r->spare) {
        pa_timeline_free(t->tl);
    } else {
        /* the key's old machine is gone: its track stays as it was */
        for (int i = 0; i < r->nr_tracks; i++)
            if (r->tracks[i].key == key)
                r->tracks[i].key = NULL;
        r->nr_tracks++;
    }
    memset(t, 0, sizeof *t);
    t->key = key;
    t->m = m;
    t->zone = main_zone(m);
    if (t != &r->spare) {
        const struct pa_zone *z = &m->zones[t->zone];
        char title[160];
        snprintf(title, sizeof title, "machine %d, node %d zone %s: free memory by order",
                 (int)(t - r->tracks) + 1, z->node, z->name);
        t->tl = pa_timeline_create(title, "page allocator operations (pages allocated + freed)",
                                   m->max_order + 1, m->page_shift);
    }
    return t;
}

static void sample(struct track *t, const struct pa_machine *m, double clock, uint64_t allocfail,
                   bool force)
{
    if (!t->tl)
        return;
    t->m = m;
    if (allocfail > t->allocfail)
        pa_timeline_mark(t->tl, clock, PA_TL_ALLOC_FAIL, allocfail - t->allocfail);
    t->allocfail = allocfail;
    pa_timeline_sample_zone(t->tl, clock, &m->zones[t->zone], force);
}

static int draw_map(struct pa_record *r, const struct pa_machine *m, const char *title,
                    char *name, size_t name_len, char *err, size_t n)
{
    snprintf(name, name_len, "map-%03d.png", r->nr_maps);
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", r->dir, name);
    struct pa_map_opts o = {.title = title};
    struct pa_map *map;
    int e = pa_map_build(m, &o, &map, err, n);
    if (!e)
        e = pa_map_write(map, path, err, n);
    pa_map_free(map);
    if (e) {
        name[0] = '\0';
        return -1;
    }
    r->nr_maps++;
    return 0;
}

static void figure(struct pa_strbuf *b, const char *file, const char *caption)
{
    pa_sb_puts(b, "<figure><a href=\"");
    esc(b, file);
    pa_sb_puts(b, "\"><img src=\"");
    esc(b, file);
    pa_sb_puts(b, "\" alt=\"");
    esc(b, caption);
    pa_sb_puts(b, "\"></a><figcaption>");
    esc(b, caption);
    pa_sb_puts(b, "</figcaption></figure>");
}

int pa_record_step(struct pa_record *r, const void *key, bool is_new, const struct pa_machine *m,
                   const char *label, const char *where, const char *source, double clock,
                   uint64_t allocfail)
{
    if (!r || !m || !label)
        return -1;
    close_text(r);
    struct track *t = find_track(r, key, is_new, m);
    t->nr_steps++;
    r->nr_steps++;
    sample(t, m, clock, allocfail, true);
    char step[96];
    snprintf(step, sizeof step, "%d", t->nr_steps);
    if (t->tl)
        pa_timeline_step(t->tl, clock, label);
    struct pa_strbuf *b = &r->body;
    pa_sb_printf(b, "<section class=\"step\"><h3>machine %d, step %d: ",
                 t == &r->spare ? 0 : (int)(t - r->tracks) + 1, t->nr_steps);
    esc(b, label);
    pa_sb_puts(b, "</h3>\n");
    if (where && *where) {
        pa_sb_puts(b, "<p class=\"where\">");
        esc(b, where);
        if (source && *source) {
            pa_sb_puts(b, " <code>");
            esc(b, source);
            pa_sb_puts(b, "</code>");
        }
        pa_sb_puts(b, "</p>\n");
    }
    char name[32] = "", err[300], title[200];
    snprintf(title, sizeof title, "after step %d: %s", t->nr_steps, label);
    if (r->nr_maps < PA_RECORD_MAX_MAPS)
        draw_map(r, m, title, name, sizeof name, err, sizeof err);
    pa_sb_puts(b, "<div class=\"pair\">");
    if (t->last_map[0] && !is_new)
        figure(b, t->last_map, "before");
    if (name[0])
        figure(b, name, is_new ? "as created" : "after");
    else
        pa_sb_printf(b, "<p>(no map: %s)</p>",
                     r->nr_maps < PA_RECORD_MAX_MAPS ? "drawing failed" : "map limit reached");
    pa_sb_puts(b, "</div></section>\n");
    snprintf(t->last_map, sizeof t->last_map, "%s", name);
    return name[0] ? 0 : -1;
}

void pa_record_tick(struct pa_record *r, const void *key, const struct pa_machine *m,
                    double clock, uint64_t allocfail)
{
    if (!r || !m)
        return;
    for (int i = r->nr_tracks; i-- > 0;)
        if (r->tracks[i].key == key) {
            sample(&r->tracks[i], m, clock, allocfail, false);
            return;
        }
}

void pa_record_mark(struct pa_record *r, const void *key, double clock, int kind,
                    uint64_t count)
{
    if (!r || kind < 0 || kind >= PA_TL_MARK_COUNT)
        return;
    for (int i = r->nr_tracks; i-- > 0;)
        if (r->tracks[i].key == key) {
            pa_timeline_mark(r->tracks[i].tl, clock, (enum pa_tl_mark)kind, count);
            return;
        }
}

int pa_record_map(struct pa_record *r, const struct pa_machine *m, const char *caption,
                  char *err, size_t n)
{
    if (!r || !m)
        return -1;
    close_text(r);
    char name[32];
    if (draw_map(r, m, caption, name, sizeof name, err, n))
        return -1;
    pa_sb_puts(&r->body, "<div class=\"pair\">");
    figure(&r->body, name, caption ? caption : "map");
    pa_sb_puts(&r->body, "</div>\n");
    return 0;
}

static const char style[] =
    "body{font-family:'DejaVu Sans',sans-serif;margin:1.5em auto;max-width:1800px;"
    "padding:0 1em;color:#222}\n"
    "h1{font-size:1.4em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}"
    "h3{font-size:1em;margin:1.2em 0 .3em}\n"
    "pre.out{background:#f6f6f6;border:1px solid #ddd;padding:.6em;overflow-x:auto;"
    "font-size:.85em}\n"
    ".where{margin:.2em 0;color:#555}.pair{display:flex;flex-wrap:wrap;gap:1em}\n"
    "figure{margin:0;flex:1 1 600px;max-width:100%}figure img{max-width:100%;height:auto;"
    "border:1px solid #ddd}\nfigcaption{font-size:.85em;color:#555}\n"
    "table{border-collapse:collapse;font-size:.85em}td,th{border:1px solid #ccc;"
    "padding:.15em .5em;text-align:right}\n";

int pa_record_finish(struct pa_record *r, char *err, size_t n)
{
    if (!r) {
        snprintf(err, n, "no report");
        return -1;
    }
    close_text(r);
    int rc = 0;
    struct pa_strbuf page = PA_STRBUF_INIT;
    pa_sb_puts(&page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<title>");
    esc(&page, r->title);
    pa_sb_printf(&page, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
    esc(&page, r->title);
    pa_sb_puts(&page, "</h1>\n<p>Written by pagealloc. Each map is one cell per pageblock "
                      "(border: migratetype; inside: what its pages are, bottom up); each "
                      "timeline stacks the zone's free memory by order over the run. "
                      "docs/draw.md explains both.</p>\n");
    bool any = false;
    for (int i = 0; i < r->nr_tracks; i++) {
        struct track *t = &r->tracks[i];
        if (!t->tl || !t->tl->n)
            continue;
        if (!any)
            pa_sb_puts(&page, "<h2>Timelines</h2>\n<div class=\"pair\">");
        any = true;
        char name[32], path[4200], e[300];
        snprintf(name, sizeof name, "timeline-%d.png", i + 1);
        snprintf(path, sizeof path, "%s/%s", r->dir, name);
        if (pa_timeline_write(t->tl, path, e, sizeof e)) {
            snprintf(err, n, "%s", e);
            rc = -1;
            continue;
        }
        char cap[400];
        int len = snprintf(cap, sizeof cap, "machine %d: %d steps (numbered at the top)", i + 1,
                           t->nr_steps);
        uint64_t count[PA_TL_MARK_COUNT] = {0};
        for (size_t k = 0; k < t->tl->nr_marks; k++)
            count[t->tl->marks[k].kind] += t->tl->marks[k].count;
        for (int k = 0; k < PA_TL_MARK_COUNT; k++)
            if (count[k] && len > 0 && (size_t)len < sizeof cap)
                len += snprintf(cap + len, sizeof cap - (size_t)len, ", %llu x %s",
                                (unsigned long long)count[k], pa_tl_mark_name(k));
        figure(&page, name, cap);
    }
    if (any)
        pa_sb_puts(&page, "</div>\n");
    pa_sb_puts(&page, r->body.s ? r->body.s : "");
    pa_sb_puts(&page, "</body>\n</html>\n");
    if (page.oom || r->body.oom) {
        snprintf(err, n, "report: out of memory");
        rc = -1;
    } else {
        FILE *f = fopen(r->index, "w");
        bool ok = f && fwrite(page.s, 1, page.len, f) == page.len;
        if (f && fclose(f))
            ok = false;
        if (!ok) {
            snprintf(err, n, "report: cannot write %s: %s", r->index, strerror(errno));
            rc = -1;
        }
    }
    pa_sb_free(&page);
    pa_sb_free(&r->body);
    for (int i = 0; i < r->nr_tracks; i++)
        pa_timeline_free(r->tracks[i].tl);
    pa_timeline_free(r->spare.tl);
    free(r);
    return rc;
}
