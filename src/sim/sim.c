/*
 * sim.c - a simulated machine's life: building it from a preset (the engine
 * machine, per-CPU lists, the memory a booted system already uses), the one
 * allocation entry pa_sim_alloc() and the one free pa_sim_free(), GFP text,
 * and dmesg.
 *
 * pa_sim_alloc asks the engine's pa_alloc_pages() (zonelist, the era's
 * watermark check and fallback, per-CPU lists for the request's CPU); the
 * simulator adds only the owner of the block and the counters.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/compaction.h"
#include "pagealloc/events.h"
#include "pagealloc/pageops.h"
#include "pagealloc/gfp.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/page_alloc.h"
#include "pagealloc/profile.h"
#include "pagealloc/watermark.h"
#include "pagealloc/snapfile.h"
#include "sim/sim.h"

void pa_sim_opts_init(struct pa_sim_opts *o)
{
    memset(o, 0, sizeof *o);
    o->thp = -1;
    o->slab = -1;
}

/* ---- GFP text (pagealloc/gfp.h: the parser and derivations of the era) ---- */

int pa_sim_gfp_parse(struct pa_sim *s, const char *text, struct pa_sim_gfp *g, char *err,
                     size_t n)
{
    const struct pa_profile *pr = s->m->profile;
    memset(g, 0, sizeof *g);
    if (pa_gfp_parse(pr, text, &g->raw, err, n))
        return -1;
    g->zone = pa_gfp_zone(pr, g->raw);
    g->mt = pa_gfp_migratetype(pr, g->raw);
    uint64_t zero = pa_gfp_bit(pr, PA_GFP_ZERO), comp = pa_gfp_bit(pr, PA_GFP_COMP);
    g->zero = zero && (g->raw & zero) == zero;
    g->comp = comp && (g->raw & comp) == comp;
    return 0;
}

/* Add or drop __GFP_ZERO / __GFP_COMP in the era's layout. */
void pa_sim_gfp_add(struct pa_sim *s, struct pa_sim_gfp *g, bool zero, bool comp)
{
    const struct pa_profile *pr = s->m->profile;
    if (zero)
        g->raw |= pa_gfp_bit(pr, PA_GFP_ZERO);
    if (comp)
        g->raw |= pa_gfp_bit(pr, PA_GFP_COMP);
    g->zero |= zero;
    g->comp |= comp;
}

/* ---- allocation ------------------------------------------------------------------ */

static int cpu_node(const struct pa_sim *s, int cpu)
{
    int nodes = s->m->nr_nodes;
    return s->m->nodes[(cpu * nodes) / s->nr_cpus].id;
}

int pa_sim_alloc(struct pa_sim *s, int cpu, const struct pa_sim_gfp *g, unsigned order,
                 enum pa_page_kind owner, uint32_t priv, uint64_t *pfn)
{
    if (cpu < 0 || cpu >= s->nr_cpus)
        cpu = 0;
    /* The engine's allocation (zonelist, watermark check, rmqueue through the
       CPU's pcp lists) sets the block's owner in the same step. */
    struct pa_alloc_request rq = {g->raw, order, cpu_node(s, cpu), cpu, owner, priv};
    struct pa_alloc_result res;
    s->oom_owner = owner;
    s->oom_priv = priv;
    int err = pa_alloc_pages(s->m, &rq, &res);
    if (err) {
        s->st.allocfail++;
        s->last_fail = res;
        if (err == PA_ENOMEM)
            pa_sim_warn_alloc(s, cpu, g, order, owner, priv);
        return err;
    }
    *pfn = res.pfn;
    return PA_OK;
}

int pa_sim_free(struct pa_sim *s, int cpu, uint64_t pfn, unsigned order)
{
    if (cpu < 0 || cpu >= s->nr_cpus)
        cpu = 0;
    /* The engine takes the page off its LRU list (free_pages_prepare). */
    return pa_free_pages_cpu(s->m, cpu, pfn, order);
}

/* /proc/vmstat's allocation counters from the engine's events (V618
   __count_zid_vm_events(PGALLOC, ...) next to trace_mm_page_alloc;
   __count_vm_events(PGFREE, ...) in free_pages_prepare / free_unref_page). */
static void count_event(void *ctx, const struct pa_event *ev)
{
    struct pa_sim *s = ctx;
    switch (ev->type) {
    case PA_EV_PAGE_ALLOC:
        s->st.pgalloc[ev->zone->type] += (uint64_t)1 << ev->order;
        break;
    case PA_EV_PAGE_FREE:
        s->st.pgfree += (uint64_t)1 << ev->order;
        break;
    case PA_EV_VMSCAN: { /* shrink_inactive_list / shrink_active_list counters */
        uint64_t sc = ev->vmscan.scanned[0] + ev->vmscan.scanned[1];
        uint64_t st = ev->vmscan.reclaimed[0] + ev->vmscan.reclaimed[1];
        int zt = ev->zone ? (int)ev->zone->type : PA_ZONE_NORMAL;
        if (ev->vmscan.kswapd) {
            s->st.pgscan_kswapd += sc;
            s->st.pgsteal_kswapd += st;
            s->st.zone_pgscan_kswapd[zt] += sc;
            s->st.zone_pgsteal_kswapd[zt] += st;
        } else {
            s->st.pgscan_direct += sc;
            s->st.pgsteal_direct += st;
            s->st.zone_pgscan_direct[zt] += sc;
            s->st.zone_pgsteal_direct[zt] += st;
        }
        s->st.pgrefill += ev->vmscan.refill;
        s->st.zone_pgrefill[zt] += ev->vmscan.refill;
        break;
    }
    case PA_EV_DIRECT_RECLAIM:
        s->st.allocstall++;
        s->st.zone_allocstall[ev->zone ? (int)ev->zone->type : PA_ZONE_NORMAL]++;
        break;
    case PA_EV_KSWAPD_WAKE:
        s->st.kswapd_wakeups++;
        break;
    case PA_EV_OOM_KILL: /* __oom_kill_process: count_vm_event(OOM_KILL) */
        s->st.oom_kill++;
        break;
    default:
        break;
    }
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

/* Watermarks and lowmem_reserve as the booted kernel computes them
   (pa_setup_per_zone_wmarks, watermark.h): min_free_kbytes from the era's
   default or the scenario, raised for THP when it is enabled; then the pcp
   high marks that depend on them (5.14+). */
int pa_sim_setup_wmarks(struct pa_sim *s, char *err, size_t n)
{
    struct pa_wmark_params wp = PA_WMARK_PARAMS_DEFAULT;
    wp.min_free_kbytes = s->min_free_kbytes;
    /* khugepaged raises the boot value; a value the user wrote stays. */
    wp.thp = s->thp != PA_THP_NEVER && !s->min_free_kbytes;
    int e = pa_setup_per_zone_wmarks(s->m, &wp);
    if (e) {
        snprintf(err, n, "watermark setup failed: %s", pa_strerror(e));
        return -1;
    }
    pa_pcp_update_high(s->m);
    return 0;
}

/* ---- building ---------------------------------------------------------------------- */

/* The memory a booted system already uses (preset boot_*_kb): kernel pages,
   block-device buffers and file cache, so that `free` starts where the
   seed's did; and the holes that boot-time processes leave when they exit
   (boot_frag_kb), so that /proc/buddyinfo has the seed's small blocks. All
   of it is allocated in runs of 1..512 pages of a random kind on a random
   CPU, interleaved as on a booting system; the transient processes then
   exit. The random sequence is the machine's own (the same for every
   --seed): a preset boots the same way each time. */
static int boot_state(struct pa_sim *s, const struct pa_preset *p)
{
    struct pa_rng r;
    pa_rng_seed(&r, 0x626f6f74);
    uint64_t kb = s->page_size >> 10;
    uint64_t left[4] = {p->boot_used_kb / kb, p->boot_buffers_kb / kb, p->boot_cached_kb / kb,
                        p->boot_frag_kb / kb};
    uint64_t bdev = 0, file_pages = 0;
    int file_no = 0;
    struct pa_proc *tmp[PA_PCP_MAX_CPUS] = {0};
    for (;;) {
        uint64_t total = left[0] + left[1] + left[2] + left[3];
        if (!total)
            break;
        uint64_t x = pa_rng_below(&r, total);
        int k = 0;
        while (x >= left[k])
            x -= left[k++];
        uint64_t run = (uint64_t)1 << pa_rng_below(&r, 10);
        if (run > left[k])
            run = left[k];
        int cpu = (int)pa_rng_below(&r, (uint64_t)s->nr_cpus);
        left[k] -= run;
        char path[64];
        switch (k) {
        case 0:
            for (uint64_t i = 0; i < run; i++) {
                uint64_t pfn;
                if (pa_sim_alloc(s, cpu, &s->gfp_kernel, 0, PA_KIND_KERNEL, 0, &pfn))
                    return -1;
                s->st.kernel_pages++;
            }
            break;
        case 1:
            bdev += run;
            if (pa_sim_cache_file(s, "/dev/vda", bdev * s->page_size, cpu, true) < 0)
                return -1;
            break;
        case 2:
            while (run) {
                uint64_t n = 256 - file_pages < run ? 256 - file_pages : run;
                snprintf(path, sizeof path, "/usr/lib/boot-%d", file_no);
                file_pages += n;
                run -= n;
                if (pa_sim_cache_file(s, path, file_pages * s->page_size, cpu, false) < 0)
                    return -1;
                if (file_pages == 256) {
                    file_no++;
                    file_pages = 0;
                }
            }
            break;
        default:
            if (!tmp[cpu] && !(tmp[cpu] = pa_sim_spawn(s, "boot", cpu)))
                return -1;
            pa_proc_touch(tmp[cpu], run);
            pa_sim_run(s);
            break;
        }
    }
    for (int c = 0; c < s->nr_cpus; c++)
        if (tmp[c] && pa_sim_kill(s, tmp[c]))
            return -1;
    return 0;
}

/* A snapshot's used pages by class as the counters /proc/meminfo and free
   report (docs/live.md: A anon, L file/LRU, S slab, T hugetlb, K other
   kernel). The pages themselves belong to nobody in the simulation: they stay
   allocated until the end. */
static void snapshot_stats(struct pa_sim *s, const struct pa_snapfile *sf)
{
    for (int i = 0; i < sf->nr_zones; i++)
        for (size_t r = 0; r < sf->zones[i].nr_runs; r++) {
            const struct pa_snap_run *run = &sf->zones[i].runs[r];
            switch (run->cls) {
            case 'A': s->st.anon += run->count; break;
            case 'L': s->st.file += run->count; break;
            case 'S': s->st.slab_unreclaimable += run->count; break;
            case 'T':
            case 'K': s->st.kernel_pages += run->count; break;
            default: break;
            }
        }
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
    snprintf(s->kernel, sizeof s->kernel, "%s",
             o->kernel                            ? o->kernel
             : o->snapshot && o->snapshot->kernel[0] ? o->snapshot->kernel
                                                   : p->kernel);
    char warn[160] = "";
    /* The one era object: the kernel version chooses the profile, which holds
       the rules of every subsystem (allocator, pcp, slab, text formats ...). */
    const struct pa_profile *prof =
        s->kernel[0] ? pa_profile_for_version(s->kernel, warn, sizeof warn) : NULL;
    s->slab_kind = o->slab >= 0 ? (enum pa_slab_kind)o->slab
                   : prof       ? prof->slab.kind
                                : PA_SLAB_SLUB;
    s->nr_cpus = o->cpus ? o->cpus : p->cpus;
    unsigned page_shift = o->page_shift ? o->page_shift : 12;
    if (o->snapshot)
        for (page_shift = 9; page_shift < 21 && (1u << page_shift) < o->snapshot->page_size;)
            page_shift++;
    s->page_size = (uint64_t)1 << page_shift;
    s->swap_pages = ((o->swap_mib ? o->swap_mib : p->swap_mib) << 20) >> page_shift;
    s->dirty_ratio = 20; /* vm.dirty_ratio (2.6.32 - 6.x default) */
    s->min_free_kbytes = o->min_free_kbytes;
    s->thp = o->thp >= 0 ? (enum pa_thp_mode)o->thp : p->thp;
    pa_rng_seed(&s->rng, o->seed);
    if (!s->kernel[0]) {
        snprintf(err, n, "no kernel version: the snapshot names none; give kernel = \"...\"");
        goto fail;
    }
    if (!prof) {
        snprintf(err, n, "kernel '%s': %s", s->kernel, warn);
        goto fail;
    }
    if (warn[0])
        pa_sim_printk(s, "pagealloc: %s", warn);

    struct pa_machine_config cfg;
    uint64_t mem = o->mem_mib ? o->mem_mib : p->mem_mib;
    int nodes = o->nodes ? o->nodes : p->nodes;
    if (s->nr_cpus < 1 || s->nr_cpus > PA_PCP_MAX_CPUS) {
        snprintf(err, n, "cpus must be 1..%d, got %d", PA_PCP_MAX_CPUS, s->nr_cpus);
        goto fail;
    }
    if (!o->snapshot && pa_preset_layout(p, mem, nodes, page_shift, prof->kernel.page_struct_bytes,
                                         o->zones, o->nr_zones, &cfg, err, n))
        goto fail;
    cfg.profile = prof;
    /* a simulation touches its page array all over (docs/performance.md
       "Big machines": one page fault per 2 MiB, fewer TLB misses) */
    cfg.page_array_thp = true;
    char detail[256];
    int e;
    if (o->snapshot) {
        uint64_t mismatch = 0;
        e = pa_snapfile_machine(o->snapshot, cfg.profile, &s->m, &mismatch, detail,
                                sizeof detail);
        if (!e && mismatch)
            pa_sim_printk(s, "pagealloc: %llu free blocks of the snapshot are not free blocks "
                             "of the rebuilt machine",
                          (unsigned long long)mismatch);
        if (!e)
            snapshot_stats(s, o->snapshot);
    } else {
        e = pa_machine_create(&cfg, &s->m, detail, sizeof detail);
    }
    if (e) {
        snprintf(err, n, "cannot build the machine: %s: %s", pa_strerror(e), detail);
        goto fail;
    }
    pa_machine_set_event_cb(s->m, count_event, s);
    if ((e = pa_sim_register_owners(s))) {
        snprintf(err, n, "cannot register the page owners: %s", pa_strerror(e));
        goto fail;
    }
    if (o->snapshot && pa_sim_adopt_snapshot_pages(s)) {
        snprintf(err, n, "out of memory for the snapshot's page owners");
        goto fail;
    }
    pa_sim_register_slowpath(s);
    if ((e = pa_pcp_create(s->m, s->nr_cpus, s->m->profile->pcp.era))) {
        snprintf(err, n, "cannot set up per-CPU lists: %s", pa_strerror(e));
        goto fail;
    }
    /* The GFP masks of the simulator's own allocations, in the era's layout:
       anonymous faults and page cache (GFP_HIGHUSER_MOVABLE), page tables
       (x86 PGALLOC_GFP: GFP_KERNEL | __GFP_ZERO), block-device buffers (the
       bdev mapping's GFP_USER), kernel pages (GFP_KERNEL). */
    if (pa_sim_gfp_parse(s, "GFP_HIGHUSER_MOVABLE", &s->gfp_anon, err, n) ||
        pa_sim_gfp_parse(s, "GFP_KERNEL", &s->gfp_kernel, err, n) ||
        pa_sim_gfp_parse(s, "GFP_USER", &s->gfp_bdev, err, n) ||
        pa_sim_gfp_parse(s, "GFP_KERNEL|__GFP_RECLAIMABLE", &s->gfp_vfs, err, n))
        goto fail;
    /* The hugetlb pool's pages (V618 mm/hugetlb.c alloc_buddy_hugetlb_folio:
       htlb_alloc_mask - GFP_HIGHUSER_MOVABLE where the huge page can migrate
       - | __GFP_COMP | __GFP_NOWARN | __GFP_RETRY_MAYFAIL (4.13+, "mm: tree
       wide: replace __GFP_REPEAT by __GFP_RETRY_MAYFAIL ..."); V2632 / V316
       alloc_fresh_huge_page_node: __GFP_REPEAT instead, in the eras whose
       GFP layout has no __GFP_RETRY_MAYFAIL. Before 3.12 (profile
       kernel.hugetlb_movable, commit 86cdb465cf3a) htlb_alloc_mask is
       GFP_HIGHUSER: the pool's pages are unmovable allocations (V2632
       alloc_fresh_huge_page_node; vm.hugepages_treat_as_movable, off by
       default, is not modelled). */
    bool htlb_movable = s->m->profile->kernel.hugetlb_movable;
    if (pa_sim_gfp_parse(s,
                         htlb_movable
                             ? "GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_NOWARN|__GFP_RETRY_MAYFAIL"
                             : "GFP_HIGHUSER|__GFP_COMP|__GFP_NOWARN|__GFP_RETRY_MAYFAIL",
                         &s->gfp_hugetlb, err, n) &&
        pa_sim_gfp_parse(s,
                         htlb_movable ? "GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_NOWARN|__GFP_REPEAT"
                                      : "GFP_HIGHUSER|__GFP_COMP|__GFP_NOWARN|__GFP_REPEAT",
                         &s->gfp_hugetlb, err, n))
        goto fail;
    s->gfp_file = s->gfp_anon;
    s->gfp_pt = s->gfp_kernel;
    pa_sim_gfp_add(s, &s->gfp_anon, true, false);
    pa_sim_gfp_add(s, &s->gfp_pt, true, false);
    if (pa_sim_setup_wmarks(s, err, n))
        goto fail;
    if (!o->snapshot && !o->no_boot_state && boot_state(s, p)) {
        snprintf(err, n, "preset %s: the booted system's memory does not fit", p->name);
        goto fail;
    }
    return s;
fail:
    pa_sim_destroy(s);
    return NULL;
}

/* One huge page of pageblock order: an allocation like any other, through
   the slow path (kswapd, direct reclaim and compaction, the era's retries). */
static bool hugetlb_alloc_one(struct pa_sim *s, uint64_t *pfn)
{
    return pa_sim_alloc(s, 0, &s->gfp_hugetlb, s->m->pageblock_order, PA_KIND_HUGETLB, 0, pfn) ==
           PA_OK;
}

uint64_t pa_sim_set_hugepages(struct pa_sim *s, uint64_t nr)
{
    while (s->nr_hugepages > nr)
        pa_sim_free(s, 0, s->hugepages[--s->nr_hugepages], s->m->pageblock_order);
    while (s->nr_hugepages < nr) {
        if (s->nr_hugepages == s->hugepages_cap) {
            size_t cap = s->hugepages_cap ? s->hugepages_cap * 2 : 64;
            uint64_t *p = realloc(s->hugepages, cap * sizeof *p);
            if (!p)
                break;
            s->hugepages = p;
            s->hugepages_cap = cap;
        }
        uint64_t pfn;
        bool ok = hugetlb_alloc_one(s, &pfn);
        if (ok)
            s->hugepages[s->nr_hugepages++] = pfn;
        /* set_max_huge_pages reschedules after each page (cond_resched):
           the background tasks woken by it get their turn, as between
           scenario steps - kswapd, then the kcompactd its sleep woke */
        pa_sim_kswapd(s);
        pa_sim_kcompactd(s, s->clock_ns, s->clock_ns);
        if (!ok)
            break;
    }
    return s->nr_hugepages;
}

void pa_sim_destroy(struct pa_sim *s)
{
    if (!s)
        return;
    free(s->hugepages);
    for (int i = 0; i < s->nr_procs; i++) {
        free(s->procs[i]->pages);
        free(s->procs[i]->pt);
        free(s->procs[i]);
    }
    free(s->procs);
    free(s->live);
    for (int i = 0; i < s->nr_files; i++)
        pa_sim_file_free_arrays(s->files[i]);
    free(s->files);
    while (s->file_arena) { /* the records */
        void *next = *(void **)s->file_arena;
        free(s->file_arena);
        s->file_arena = next;
    }
    free(s->file_hash);
    free(s->rmap);
    pa_sim_slab_destroy(s);
    if (s->m) {
        pa_pcp_destroy(s->m);
        pa_machine_destroy(s->m);
    }
    pa_sb_free(&s->dmesg);
    free(s);
}
