/*
 * failure.c - what the simulated kernel writes to its log when an allocation
 * fails: the era's "page allocation failure" report (warn_alloc, kernel-
 * semantics 6.1 step 3, 6.5) through the printers of src/format
 * (pagealloc/failreport.h), with the machine's own numbers.
 *
 * The Mem-Info dump needs what each zone's memory is used for; the engine
 * knows page kinds, so the zone lines are counted from the pages (a scan,
 * paid only when a report is written). Who asked comes from the owner of the
 * failed request: a process's page fault (anon, page tables), the page cache,
 * fork (kernel stacks), or kernel code (kmalloc, alloc_pages) run by the
 * task in s->task (insmod while a module's init runs).
 *
 * Rate limit: 2.6.32 used printk_ratelimit(), 3.x+ a ratelimit state of its
 * own (nopage_rs); both default to 10 reports per 5 s, counted here on the
 * simulated clock (kernel-semantics 6.1; the 5.x "1 per 10 s" is not
 * modelled).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/failreport.h"
#include "pagealloc/gfp.h"
#include "pagealloc/lru.h"
#include "sim/sim.h"

#define WARN_RL_INTERVAL_NS (5ull * 1000000000ull)
#define WARN_RL_BURST 10

void pa_sim_printk_lines(struct pa_sim *s, const char *text)
{
    while (text && *text) {
        const char *nl = strchr(text, '\n');
        int n = nl ? (int)(nl - text) : (int)strlen(text);
        pa_sim_printk(s, "%.*s", n, text);
        text += n + (nl ? 1 : 0);
    }
}

void pa_sim_showmem(struct pa_sim *s, int cpu, struct pa_mem_counters *c,
                    struct pa_showmem_in *in, struct pa_showmem_zone **zones, uint64_t **pcp)
{
    struct pa_machine *m = s->m;
    memset(in, 0, sizeof *in);
    pa_sim_counters(s, c);
    in->m = m;
    in->c = c;
    *zones = calloc((size_t)m->nr_zones, sizeof **zones);
    size_t n = (size_t)s->nr_cpus * (size_t)m->nr_zones;
    *pcp = calloc(3 * n + 1, sizeof **pcp);
    for (int zi = 0; zi < m->nr_zones && *zones; zi++) {
        const struct pa_zone *z = &m->zones[zi];
        struct pa_showmem_zone *zs = &(*zones)[zi];
        uint64_t end = pa_zone_end_pfn(z);
        for (uint64_t pfn = z->start_pfn; pfn < end;) {
            const struct pa_page *pg = &m->pages[pfn];
            uint64_t pages = (uint64_t)1 << pg->order;
            if (!(pg->flags & PA_PG_ALLOC) || (pg->flags & PA_PG_PCP)) {
                pfn += (pg->flags & (PA_PG_BUDDY | PA_PG_ALLOC)) ? pages : 1;
                continue;
            }
            /* anon and file pages by the LRU list they are on (the zone
               lines' active_anon ... unevictable, as the global line) */
            uint64_t *lru[PA_NR_LRU_LISTS] = {&zs->inactive_anon, &zs->active_anon,
                                              &zs->inactive_file, &zs->active_file,
                                              &zs->unevictable};
            switch ((enum pa_page_kind)pg->kind) {
            case PA_KIND_ANON:
            case PA_KIND_FILE:
                if (pg->flags & PA_PG_ISOLATED)
                    *(pg->kind == PA_KIND_ANON ? &zs->isolated_anon : &zs->isolated_file) += pages;
                else if (pg->flags & PA_PG_LRU)
                    *lru[pa_page_lru(pg)] += pages;
                else
                    *(pg->kind == PA_KIND_ANON ? &zs->active_anon : &zs->inactive_file) += pages;
                break;
            case PA_KIND_SLAB:
                if (pa_sim_slab_reclaimable(s, pg->priv))
                    zs->slab_reclaimable += pages;
                else
                    zs->slab_unreclaimable += pages;
                break;
            case PA_KIND_PAGETABLE: zs->pagetables += pages; break;
            case PA_KIND_KSTACK: zs->kernel_stack_kb += pages * (s->page_size >> 10); break;
            default: break;
            }
            pfn += pages;
        }
        for (int k = 0; k < s->nr_cpus; k++) {
            uint64_t cnt = pa_pcp_count(m, z, k);
            zs->free_pcp += cnt;
            if (k == cpu)
                zs->local_pcp = cnt;
        }
        zs->all_unreclaimable = !zs->active_anon && !zs->inactive_anon && !zs->active_file &&
                                !zs->inactive_file;
    }
    if (*pcp && m->pcp) {
        for (int k = 0; k < s->nr_cpus; k++)
            for (int z = 0; z < m->nr_zones; z++) {
                size_t i = (size_t)k * (size_t)m->nr_zones + (size_t)z;
                (*pcp)[i] = pa_pcp_count(m, &m->zones[z], k);
                (*pcp)[n + i] = m->pcp->high[z];
                (*pcp)[2 * n + i] = m->pcp->batch[z];
            }
        in->nr_cpus = s->nr_cpus;
        in->pcp_count = *pcp;
        in->pcp_high = *pcp + n;
        in->pcp_batch = *pcp + 2 * n;
    }
    in->zones = *zones;
    in->pagecache = s->st.file;
    for (int zi = 0; zi < m->nr_zones; zi++) {
        in->pages_ram += m->zones[zi].present;
        in->pages_reserved += m->zones[zi].present - m->zones[zi].managed;
    }
}

/* Who asked: the caller chain and task of a request by this owner. */
void pa_sim_report_task(struct pa_sim *s, int cpu, enum pa_page_kind owner, uint32_t priv,
                        struct pa_report_task *t, char *comm, size_t n)
{
    memset(t, 0, sizeof *t);
    t->cpu = cpu;
    t->kernel = s->kernel;
    t->pid = s->task.pid;
    snprintf(comm, n, "%s", s->task.comm[0] ? s->task.comm : "kworker/0:1");
    switch (owner) {
    case PA_KIND_ANON:
    case PA_KIND_PAGETABLE: {
        t->caller = PA_CALLER_PAGE_FAULT;
        /* anon: priv is the rmap handle (rmap.c), its slot names the
           process; page tables: priv is the pid */
        int i = owner == PA_KIND_ANON ? (priv < s->nr_rmap ? (int)s->rmap[priv].owner : -1)
                                      : (int)priv - 1000;
        if (i >= 0 && i < s->nr_procs) {
            snprintf(comm, n, "%s", s->procs[i]->name);
            t->pid = s->procs[i]->pid;
        }
        break;
    }
    case PA_KIND_FILE: t->caller = PA_CALLER_PAGE_CACHE; break;
    case PA_KIND_KSTACK: t->caller = PA_CALLER_FORK; break;
    case PA_KIND_SLAB:
        t->caller = s->slab_kind == PA_SLAB_SLAB ? PA_CALLER_KMALLOC_SLAB : PA_CALLER_KMALLOC_SLUB;
        break;
    case PA_KIND_KMALLOC_LARGE: t->caller = PA_CALLER_KMALLOC_LARGE; break;
    default: t->caller = PA_CALLER_ALLOC_PAGES; break;
    }
    if (t->caller != PA_CALLER_PAGE_FAULT && s->task.module[0]) {
        t->module = s->task.module;
        t->function = s->task.function[0] ? s->task.function : NULL;
    }
    t->comm = comm;
}

void pa_sim_warn_alloc(struct pa_sim *s, int cpu, const struct pa_sim_gfp *g, unsigned order,
                       enum pa_page_kind owner, uint32_t priv)
{
    const struct pa_profile *pr = s->m->profile;
    if (pa_gfp_has(pr, g->raw, PA_GFP_NOWARN))
        return;
    if (s->clock_ns - s->warn_rl_begin_ns >= WARN_RL_INTERVAL_NS || !s->warn_rl_count) {
        if (s->warn_rl_count > WARN_RL_BURST)
            pa_sim_printk(s, "warn_alloc: %u callbacks suppressed",
                          s->warn_rl_count - WARN_RL_BURST);
        s->warn_rl_begin_ns = s->clock_ns;
        s->warn_rl_count = 0;
    }
    if (++s->warn_rl_count > WARN_RL_BURST) {
        s->nr_fail_suppressed++;
        return;
    }
    struct pa_report_task t;
    char comm[32];
    pa_sim_report_task(s, cpu, owner, priv, &t, comm, sizeof comm);
    t.gfp = g->raw;
    t.order = order;
    struct pa_mem_counters c;
    struct pa_showmem_in in;
    struct pa_showmem_zone *zones;
    uint64_t *pcp;
    pa_sim_showmem(s, cpu, &c, &in, &zones, &pcp);
    struct pa_strbuf sb = {0};
    pa_print_alloc_failure(&t, &in, &sb);
    pa_sim_printk_lines(s, pa_sb_str(&sb));
    pa_sb_free(&sb);
    free(zones);
    free(pcp);
    s->nr_fail_reports++;
}
