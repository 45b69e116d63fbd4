/*
 * filehash.c - the page cache's files by path: an open-addressing hash of
 * indexes into s->files, so that finding a file costs O(1) whatever the
 * number of files (a linear strcmp search made reading 80,000 one-page files
 * quadratic). Deleted files keep their slot in s->files (cached pages name
 * files by index) and their entry here; a lookup skips them.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

/* FNV-1a */
static uint32_t path_hash(const char *p)
{
    uint32_t h = 2166136261u;
    for (; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    return h;
}

static void put(int32_t *tab, uint32_t cap, uint32_t h, int32_t idx)
{
    uint32_t i = h & (cap - 1);
    while (tab[i] >= 0)
        i = (i + 1) & (cap - 1);
    tab[i] = idx;
}

int pa_sim_file_lookup(const struct pa_sim *s, const char *path)
{
    if (!s->file_hash)
        return -1;
    uint32_t cap = s->file_hash_cap;
    for (uint32_t i = path_hash(path) & (cap - 1); s->file_hash[i] >= 0; i = (i + 1) & (cap - 1)) {
        const struct pa_file *f = s->files[s->file_hash[i]];
        if (!f->deleted && !strcmp(f->path, path))
            return s->file_hash[i];
    }
    return -1;
}

int pa_sim_file_index_add(struct pa_sim *s, int idx)
{
    /* keep the table at most half full */
    if ((uint64_t)s->nr_files * 2 > s->file_hash_cap) {
        uint32_t cap = s->file_hash_cap ? s->file_hash_cap * 2 : 64;
        while ((uint64_t)s->nr_files * 2 > cap)
            cap *= 2;
        int32_t *tab = malloc(cap * sizeof *tab);
        if (!tab)
            return -1;
        memset(tab, 0xff, cap * sizeof *tab); /* -1 = empty */
        for (int i = 0; i < s->nr_files; i++)
            if (i != idx)
                put(tab, cap, path_hash(s->files[i]->path), i);
        free(s->file_hash);
        s->file_hash = tab;
        s->file_hash_cap = cap;
    }
    put(s->file_hash, s->file_hash_cap, path_hash(s->files[idx]->path), idx);
    return 0;
}
