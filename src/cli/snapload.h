/*
 * snapload.h - what `map`, `snapshot --report` and `run --report` share: a
 * snapshot (a file, or this machine read now) as a parsed file and an engine
 * machine with its page kinds, errors already printed.
 */
#ifndef PA_CLI_SNAPLOAD_H
#define PA_CLI_SNAPLOAD_H

#include "pagealloc/mm.h"
#include "pagealloc/snapfile.h"

/* path: a snapshot file, or NULL to take one of this machine now (root,
   /proc/kpageflags; read-only). On success *sf and *m are set (free with
   pa_snapfile_free / pa_machine_destroy) and PA_EXIT_OK is returned; else
   the error is printed and PA_EXIT_BAD returned. `cmd` prefixes messages. */
int pa_cli_load_snapshot(const char *cmd, const char *path, struct pa_snapfile **sf,
                         struct pa_machine **m);
/* The same, also giving the file's text (malloc'd, *len bytes) in *text. */
int pa_cli_load_snapshot_text(const char *cmd, const char *path, struct pa_snapfile **sf,
                              struct pa_machine **m, char **text, size_t *len);

/* Does the machine of sf fit in max bytes of page structures? Checked
   before anything is built (119 bytes may declare a TiB zone): 0, or the
   error printed and PA_EXIT_BAD. */
int pa_cli_snapshot_fits(const char *cmd, const char *path, const struct pa_snapfile *sf,
                         uint64_t max);

#endif
