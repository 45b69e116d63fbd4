/*
 * snapload.c - a snapshot as a machine for the pictures (snapload.h).
 */
#include "cli/snapload.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "live/procread.h"
#include "live/snapshot.h"
#include "sim/lua_sim.h"

/* Take a snapshot of this machine into memory (`pagealloc snapshot` without
   the file). */
static char *take_live(const char *cmd, size_t *len)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    struct pa_snapshot *s = calloc(1, sizeof *s);
    char err[300] = "out of memory";
    struct pa_progress pg;
    pa_progress_begin(&pg, "reading /proc/kpageflags", "pages");
    int rc = f && s ? pa_snapshot_take_progress(f, s, err, sizeof err, pa_progress_count, &pg) : -ENOMEM;
    pa_progress_end(&pg);
    if (f)
        fclose(f);
    free(s);
    if (rc) {
        pa_cli_err("%s: --live: %s", cmd, err);
        free(buf);
        return NULL;
    }
    *len = size;
    return buf;
}

int pa_cli_snapshot_fits(const char *cmd, const char *path, const struct pa_snapfile *sf,
                         uint64_t max)
{
    uint64_t pfns = 0;
    for (int i = 0; i < sf->nr_zones; i++)
        if (sf->zones[i].start_pfn + sf->zones[i].spanned > pfns)
            pfns = sf->zones[i].start_pfn + sf->zones[i].spanned;
    if (pfns <= max / sizeof(struct pa_page))
        return 0;
    pa_cli_err("%s: %s: its machine has %" PRIu64 " pfns, about %" PRIu64
               " MiB of page structures: above --max-memory %" PRIu64 " MiB",
               cmd, path ? path : "(this machine)", pfns,
               pfns / (1u << 20) * sizeof(struct pa_page), max >> 20);
    return PA_EXIT_BAD;
}

int pa_cli_load_snapshot(const char *cmd, const char *path, struct pa_snapfile **sf,
                         struct pa_machine **m)
{
    return pa_cli_load_snapshot_text(cmd, path, sf, m, NULL, NULL);
}

int pa_cli_load_snapshot_text(const char *cmd, const char *path, struct pa_snapfile **sf,
                              struct pa_machine **m, char **text_out, size_t *len_out)
{
    size_t len = 0;
    char *text = path ? pa_read_file(path, &len) : take_live(cmd, &len);
    *sf = NULL;
    *m = NULL;
    if (!text) {
        if (path)
            pa_cli_err("%s: cannot read %s: %s", cmd, path, strerror(errno));
        return PA_EXIT_BAD;
    }
    struct pa_diag d;
    int err = pa_snapfile_parse(text, len, path ? path : "(this machine)", sf, &d);
    if (text_out && !err) {
        *text_out = text;
        *len_out = len;
    } else {
        free(text);
    }
    if (err) {
        pa_cli_err_at(d.file, d.line, "column %ld: %s", d.col, d.msg);
        return PA_EXIT_BAD;
    }
    uint64_t mismatch;
    char msg[300];
    if (pa_cli_snapshot_fits(cmd, path, *sf, pa_lua_default_max_memory()))
        err = PA_EINVAL;
    else if ((err = pa_snapfile_machine(*sf, NULL, m, &mismatch, msg, sizeof msg)))
        pa_cli_err("%s: %s: %s", cmd, path ? path : "(this machine)", msg);
    if (err) {
        pa_snapfile_free(*sf);
        *sf = NULL;
        if (text_out) {
            free(*text_out);
            *text_out = NULL;
        }
        return PA_EXIT_BAD;
    }
    return PA_EXIT_OK;
}
