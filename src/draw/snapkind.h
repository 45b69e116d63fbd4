/*
 * draw/snapkind.h - page kinds for a machine built from a snapshot file.
 *
 * pa_snapfile_machine() allocates a snapshot's used pages without telling
 * the engine what they are (PA_KIND_NONE). The map needs the kinds, so this
 * fills them from the file's class runs: A anon, L file, S slab, T hugetlb,
 * K kernel, R reserved (pages the builder allocated for lack of room in the
 * reserved table). It only writes kinds that are still PA_KIND_NONE, so it
 * stays right (and does nothing) once the snapshot reader sets kinds itself.
 */
#ifndef PA_DRAW_SNAPKIND_H
#define PA_DRAW_SNAPKIND_H

#include "pagealloc/mm.h"
#include "pagealloc/snapfile.h"

/* Returns the number of pages given a kind. */
uint64_t pa_snapfile_fill_kinds(struct pa_machine *m, const struct pa_snapfile *sf);

#endif
