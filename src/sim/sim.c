/*
 * sim.c - a simulated machine's life: building it from a preset (the engine
 * machine, per-CPU lists, the memory a booted system already uses), the one
 * allocation entry pa_sim_alloc() and the one free pa_sim_free(), the LRU
 * lists, GFP text, and dmesg.
 *
 * pa_sim_alloc is the seam to the lead's pa_alloc_pages() (zonelist, fast
 * path with the era's watermark check, slow path). Until it lands it walks
 * the zonelist itself - the zones of the CPU's node from the highest the GFP
 * mask allows downwards, then the other nodes - and takes the first zone
 * pa_pcp_rmqueue() can serve, with no watermark check. That stand-in is the
 * body of one function (zonelist_alloc) so the switch is one line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

void pa_sim_opts_init(struct pa_sim_opts *o)
{
    memset(o, 0, sizeof *o);
    o->thp = -1;
    o->slab = -1;
}

/* ---- GFP text -------------------------------------------------------------------
 * TEMPORARY until issue 3's pa_gfp_parse / pa_gfp_zone / pa_gfp_migratetype
 * land: names only (no raw values), mapped to the highest zone (kernel-
 * semantics 1.2) and the migratetype (5.3). Replace this function's body. */
enum { G_DMA = 1, G_HIGHMEM = 2, G_DMA32 = 4, G_MOVABLE = 8, G_RECL = 16, G_ZERO = 32,
       G_COMP = 64 };
static const struct {
    const char *name;
    unsigned bits;
} gfp_names[] = {
    {"GFP_KERNEL", 0}, {"GFP_ATOMIC", 0}, {"GFP_NOWAIT", 0}, {"GFP_NOIO", 0},
    {"GFP_NOFS", 0}, {"GFP_USER", 0}, {"GFP_TEMPORARY", G_RECL},
    {"GFP_KERNEL_ACCOUNT", 0}, {"GFP_HIGHUSER", G_HIGHMEM},
    {"GFP_HIGHUSER_MOVABLE", G_HIGHMEM | G_MOVABLE},
    {"GFP_TRANSHUGE", G_HIGHMEM | G_MOVABLE | G_COMP},
    {"GFP_TRANSHUGE_LIGHT", G_HIGHMEM | G_MOVABLE | G_COMP}, {"GFP_DMA", G_DMA},
    {"GFP_DMA32", G_DMA32}, {"__GFP_DMA", G_DMA}, {"__GFP_HIGHMEM", G_HIGHMEM},
    {"__GFP_DMA32", G_DMA32}, {"__GFP_MOVABLE", G_MOVABLE}, {"__GFP_RECLAIMABLE", G_RECL},
    {"__GFP_ZERO", G_ZERO}, {"__GFP_COMP", G_COMP}, {"__GFP_NOWARN", 0},
    {"__GFP_NORETRY", 0}, {"__GFP_RETRY_MAYFAIL", 0}, {"__GFP_REPEAT", 0},
    {"__GFP_NOFAIL", 0}, {"__GFP_HIGH", 0}, {"__GFP_ATOMIC", 0}, {"__GFP_WAIT", 0},
    {"__GFP_IO", 0}, {"__GFP_FS", 0}, {"__GFP_COLD", 0}, {"__GFP_THISNODE", 0},
    {"__GFP_NOMEMALLOC", 0}, {"__GFP_MEMALLOC", 0}, {"__GFP_ACCOUNT", 0},
    {"__GFP_DIRECT_RECLAIM", 0}, {"__GFP_KSWAPD_RECLAIM", 0}, {"__GFP_HARDWALL", 0},
    {"__GFP_NOTRACK", 0}, {"__GFP_WRITE", 0},
};

int pa_sim_gfp_parse(struct pa_sim *s, const char *text, struct pa_sim_gfp *g, char *err,
                     size_t n)
{
    (void)s;
    unsigned bits = 0;
    const char *p = text;
    memset(g, 0, sizeof *g);
    while (*p) {
        while (*p == ' ' || *p == '|')
            p++;
        size_t len = strcspn(p, " |");
        if (!len)
            break;
        size_t i;
        for (i = 0; i < sizeof gfp_names / sizeof gfp_names[0]; i++)
            if (strlen(gfp_names[i].name) == len && !strncmp(gfp_names[i].name, p, len))
                break;
        if (i == sizeof gfp_names / sizeof gfp_names[0]) {
            snprintf(err, n, "unknown GFP flag '%.*s' in \"%s\"", (int)len, p, text);
            return -1;
        }
        bits |= gfp_names[i].bits;
        p += len;
    }
    if (p == text) {
        snprintf(err, n, "empty GFP mask");
        return -1;
    }
    /* gfp_zone (kernel-semantics 1.2) */
    unsigned zb = bits & (G_DMA | G_HIGHMEM | G_DMA32 | G_MOVABLE);
    switch (zb) {
    case 0: case G_MOVABLE: g->zone = PA_ZONE_NORMAL; break;
    case G_DMA: case G_DMA | G_MOVABLE: g->zone = PA_ZONE_DMA; break;
    case G_DMA32: case G_DMA32 | G_MOVABLE: g->zone = PA_ZONE_DMA32; break;
    case G_HIGHMEM: g->zone = PA_ZONE_HIGHMEM; break;
    case G_HIGHMEM | G_MOVABLE: g->zone = PA_ZONE_MOVABLE; break;
    default:
        snprintf(err, n, "invalid zone modifier combination in \"%s\"", text);
        return -1;
    }
    /* gfp -> migratetype (kernel-semantics 5.3) */
    g->mt = (bits & G_MOVABLE) ? PA_MT_MOVABLE
            : (bits & G_RECL) ? PA_MT_RECLAIMABLE
                              : PA_MT_UNMOVABLE;
    g->zero = bits & G_ZERO;
    g->comp = bits & G_COMP;
    return 0;
}

/* ---- allocation ------------------------------------------------------------------ */

static int cpu_node(const struct pa_sim *s, int cpu)
{
    int nodes = s->m->nr_nodes;
    return s->m->nodes[(cpu * nodes) / s->nr_cpus].id;
}

/* TEMPORARY stand-in for pa_alloc_pages (see the top of the file). */
static int zonelist_alloc(struct pa_sim *s, int cpu, const struct pa_sim_gfp *g, unsigned order,
                          struct pa_zone **zp, uint64_t *pfn)
{
    struct pa_machine *m = s->m;
    int home = cpu_node(s, cpu);
    for (int pass = 0; pass < 2; pass++) {
        for (int ni = 0; ni < m->nr_nodes; ni++) {
            struct pa_node *nd = &m->nodes[ni];
            if ((pass == 0) != (nd->id == home))
                continue;
            for (int k = nd->nr_zones - 1; k >= 0; k--) {
                struct pa_zone *z = nd->zones[k];
                if (z->type > g->zone || !z->managed)
                    continue;
                int err = pa_pcp_rmqueue(z, cpu, order, g->mt, 0, pfn);
                if (err == PA_OK) {
                    *zp = z;
                    return PA_OK;
                }
                if (err != PA_ENOMEM)
                    return err;
            }
        }
    }
    return PA_ENOMEM;
}

int pa_sim_alloc(struct pa_sim *s, int cpu, const struct pa_sim_gfp *g, unsigned order,
                 enum pa_owner owner, uint32_t priv, uint64_t *pfn)
{
    struct pa_zone *z = NULL;
    if (cpu < 0 || cpu >= s->nr_cpus)
        cpu = 0;
    int err = zonelist_alloc(s, cpu, g, order, &z, pfn);
    if (err) {
        s->st.allocfail++;
        return err;
    }
    struct pa_page *p = &s->m->pages[*pfn];
    p->kind = (uint8_t)owner;
    p->priv = priv;
    p->next = p->prev = PA_PFN_NONE;
    s->st.pgalloc[z->type] += (uint64_t)1 << order;
    return PA_OK;
}

int pa_sim_free(struct pa_sim *s, int cpu, uint64_t pfn, unsigned order)
{
    if (cpu < 0 || cpu >= s->nr_cpus)
        cpu = 0;
    uint8_t lru = 0;
    struct pa_page *p = pfn < s->m->max_pfn ? &s->m->pages[pfn] : NULL;
    if (p && (p->flags & PA_PG_ALLOC) && !(p->flags & PA_PG_PCP)) {
        lru = p->flags & PA_PG_LRU;
        p->flags &= (uint8_t)~PA_PG_LRU;
    }
    int err = pa_free_pages_cpu(s->m, cpu, pfn, order);
    if (!err)
        s->st.pgfree += (uint64_t)1 << order;
    else if (p)
        p->flags |= lru;
    return err;
}

/* ---- LRU ------------------------------------------------------------------------- */

void pa_sim_lru_add(struct pa_sim *s, enum pa_lru lru, uint64_t pfn)
{
    struct pa_page *p = &s->m->pages[pfn];
    p->flags |= PA_PG_LRU;
    p->next = PA_PFN_NONE;
    p->prev = s->lru_tail[lru];
    if (s->lru_tail[lru] == PA_PFN_NONE)
        s->lru_head[lru] = (uint32_t)pfn;
    else
        s->m->pages[s->lru_tail[lru]].next = (uint32_t)pfn;
    s->lru_tail[lru] = (uint32_t)pfn;
}

void pa_sim_lru_del(struct pa_sim *s, enum pa_lru lru, uint64_t pfn)
{
    struct pa_page *p = &s->m->pages[pfn];
    if (p->prev == PA_PFN_NONE)
        s->lru_head[lru] = p->next;
    else
        s->m->pages[p->prev].next = p->next;
    if (p->next == PA_PFN_NONE)
        s->lru_tail[lru] = p->prev;
    else
        s->m->pages[p->next].prev = p->prev;
    p->next = p->prev = PA_PFN_NONE;
    p->flags &= (uint8_t)~PA_PG_LRU;
}

void pa_sim_printk(struct pa_sim *s, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    s->clock_ns += 1000000; /* each message one simulated millisecond later */
    pa_sb_printf(&s->dmesg, "[%5llu.%06llu] %s%s", (unsigned long long)(s->clock_ns / 1000000000),
                 (unsigned long long)(s->clock_ns / 1000 % 1000000), line,
                 line[0] && line[strlen(line) - 1] == '\n' ? "" : "\n");
}

/* ---- building ---------------------------------------------------------------------- */

/* The memory a booted system already uses (preset boot_*_kb): kernel pages,
   block-device buffers and file cache, so that `free` starts where the
   seed's did. File cache is read by all CPUs in turn, 1 MiB each. */
static int boot_state(struct pa_sim *s, const struct pa_preset *p)
{
    struct pa_sim_gfp g;
    char e[128];
    pa_sim_gfp_parse(s, "GFP_KERNEL", &g, e, sizeof e);
    for (uint64_t i = 0; i < p->boot_used_kb / 4; i++) {
        uint64_t pfn;
        if (pa_sim_alloc(s, 0, &g, 0, PA_OWN_KERNEL, 0, &pfn))
            return -1;
        s->st.kernel_pages++;
    }
    if (p->boot_buffers_kb &&
        pa_sim_cache_file(s, "/dev/vda", p->boot_buffers_kb * 1024, 0, true) < 0)
        return -1;
    uint64_t chunk = 1 << 20, done = 0, bytes = p->boot_cached_kb * 1024;
    for (int i = 0; done < bytes; i++) {
        char path[64];
        uint64_t n = bytes - done < chunk ? bytes - done : chunk;
        snprintf(path, sizeof path, "/usr/lib/boot-%d", i);
        if (pa_sim_cache_file(s, path, n, i % s->nr_cpus, false) < 0)
            return -1;
        done += n;
    }
    return 0;
}

struct pa_sim *pa_sim_create(const struct pa_preset *p, const struct pa_sim_opts *o, char *err,
                             size_t n)
{
    struct pa_sim_opts def;
    if (!o) {
        pa_sim_opts_init(&def);
        o = &def;
    }
    struct pa_sim *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, n, "out of memory");
        return NULL;
    }
    s->preset = p;
    snprintf(s->kernel, sizeof s->kernel, "%s", o->kernel ? o->kernel : p->kernel);
    char warn[160];
    s->era = pa_sim_era_for(s->kernel, warn, sizeof warn);
    s->slab_kind = o->slab >= 0 ? (enum pa_slab_kind)o->slab : s->era->slab;
    s->nr_cpus = o->cpus ? o->cpus : p->cpus;
    s->swap_pages = PA_MIB_PAGES(o->swap_mib ? o->swap_mib : p->swap_mib);
    s->min_free_kbytes = o->min_free_kbytes;
    s->thp = o->thp >= 0 ? (enum pa_thp_mode)o->thp : p->thp;
    for (int l = 0; l < PA_NR_LRU; l++)
        s->lru_head[l] = s->lru_tail[l] = PA_PFN_NONE;
    pa_rng_seed(&s->rng, o->seed);
    if (warn[0])
        pa_sim_printk(s, "pagealloc: %s", warn);

    struct pa_machine_config cfg;
    uint64_t mem = o->mem_mib ? o->mem_mib : p->mem_mib;
    int nodes = o->nodes ? o->nodes : p->nodes;
    if (s->nr_cpus < 1 || s->nr_cpus > PA_PCP_MAX_CPUS) {
        snprintf(err, n, "cpus must be 1..%d, got %d", PA_PCP_MAX_CPUS, s->nr_cpus);
        goto fail;
    }
    if (pa_preset_layout(p, mem, nodes, s->era->page_struct_bytes, &cfg, err, n))
        goto fail;
    char detail[256];
    int e = pa_machine_create(&cfg, &s->m, detail, sizeof detail);
    if (e) {
        snprintf(err, n, "cannot build the machine: %s: %s", pa_strerror(e), detail);
        goto fail;
    }
    if ((e = pa_pcp_create(s->m, s->nr_cpus, s->era->pcp))) {
        snprintf(err, n, "cannot set up per-CPU lists: %s", pa_strerror(e));
        goto fail;
    }
    if (!o->no_boot_state && boot_state(s, p)) {
        snprintf(err, n, "preset %s: the booted system's memory does not fit", p->name);
        goto fail;
    }
    return s;
fail:
    pa_sim_destroy(s);
    return NULL;
}

void pa_sim_destroy(struct pa_sim *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->nr_procs; i++) {
        free(s->procs[i]->pages);
        free(s->procs[i]->pt);
        free(s->procs[i]);
    }
    free(s->procs);
    for (int i = 0; i < s->nr_files; i++) {
        free(s->files[i]->path);
        free(s->files[i]->pages);
        free(s->files[i]);
    }
    free(s->files);
    pa_sim_slab_destroy(s);
    if (s->m) {
        pa_pcp_destroy(s->m);
        pa_machine_destroy(s->m);
    }
    pa_sb_free(&s->dmesg);
    free(s);
}
