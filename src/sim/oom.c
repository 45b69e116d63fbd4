/*
 * oom.c - the simulator's side of the slow path (pagealloc/vmscan.h): the OOM
 * killer and the swap space, and kswapd as a background task.
 *
 * out_of_memory (V44/V618 mm/oom_kill.c): every live process is scored with
 * the engine's pa_oom_badness (resident pages + swap entries + page-table
 * pages; oom_score_adj 0), the highest score is the victim; the report (the
 * era's "invoked oom-killer" header, Mem-Info, the task table, the kill
 * lines) goes to dmesg before the victim's memory is freed, as the kernel's
 * dump_header precedes oom_kill_process. Processes are the only killable
 * tasks (module and kernel memory stays).
 *
 * kswapd: pa_sim_kswapd runs each node's woken kswapd to completion
 * (pa_kswapd_run); the simulator calls it when queued work has run, i.e.
 * between scenario steps, and during m:sleep().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/failreport.h"
#include "pagealloc/vmscan.h"
#include "sim/sim.h"

static uint64_t sim_swap_free(void *ctx, const struct pa_machine *m)
{
    struct pa_sim *s = ctx;
    (void)m;
    return s->swap_pages > s->st.swap_used ? s->swap_pages - s->st.swap_used : 0;
}

static bool sim_oom(void *ctx, struct pa_machine *m, const struct pa_oom_ctl *oc)
{
    struct pa_sim *s = ctx;
    uint64_t total = s->swap_pages;
    for (int i = 0; i < m->nr_zones; i++)
        total += m->zones[i].managed;
    int n = 0, victim = -1;
    uint64_t best = 0;
    struct pa_oom_task *tasks = calloc((size_t)s->nr_procs + 1, sizeof *tasks);
    int *proc_of = calloc((size_t)s->nr_procs + 1, sizeof *proc_of);
    if (!tasks || !proc_of) {
        free(tasks);
        free(proc_of);
        return false;
    }
    for (int i = 0; i < s->nr_procs; i++) {
        struct pa_proc *p = s->procs[i];
        if (p->dead)
            continue;
        uint64_t rss = p->nr_pages - p->nr_swapped;
        tasks[n] = (struct pa_oom_task){p->pid, 0, p->pid, p->name, p->nr_pages + p->nr_pt,
                                        rss, p->nr_pt << s->m->page_shift, p->nr_swapped, 0};
        uint64_t points = pa_oom_badness(rss, p->nr_swapped, p->nr_pt, 0, total);
        if (points > best) {
            best = points;
            victim = n;
        }
        proc_of[n++] = i;
    }
    if (victim < 0) {
        /* nothing to kill (the kernel panics here: "System is deadlocked on
           memory"); the simulator says so once per 5 s and lets the
           request fail */
        if (s->clock_ns - s->oom_none_ns >= 5000000000ull || !s->oom_none_ns) {
            pa_sim_printk(s, "Out of memory and no killable processes...");
            s->oom_none_ns = s->clock_ns ? s->clock_ns : 1;
        }
        free(tasks);
        free(proc_of);
        return false;
    }
    struct pa_report_task t;
    char comm[32];
    pa_sim_report_task(s, oc->cpu, s->oom_owner, s->oom_priv, &t, comm, sizeof comm);
    t.gfp = oc->gfp;
    t.order = oc->order;
    struct pa_oom_kill kill = {victim, best, 0, 0, 0};
    if (victim >= 0)
        kill.anon_rss = tasks[victim].rss;
    struct pa_mem_counters c;
    struct pa_showmem_in in;
    struct pa_showmem_zone *zones;
    uint64_t *pcp;
    pa_sim_showmem(s, oc->cpu, &c, &in, &zones, &pcp);
    struct pa_strbuf sb = {0};
    pa_print_oom_report(&t, 0, &in, tasks, n, &kill, &sb);
    pa_sim_printk_lines(s, pa_sb_str(&sb));
    pa_sb_free(&sb);
    free(zones);
    free(pcp);
    bool killed = false;
    if (victim >= 0) {
        struct pa_proc *p = s->procs[proc_of[victim]];
        p->oom = true;
        killed = pa_sim_kill(s, p) == 0;
        s->st.oom_kill += killed;
    }
    free(tasks);
    free(proc_of);
    return killed;
}

static const struct pa_slowpath_ops sim_ops = {
    .out_of_memory = sim_oom,
    .nr_swap_free = sim_swap_free,
};

int pa_sim_register_slowpath(struct pa_sim *s)
{
    return pa_machine_set_slowpath_ops(s->m, &sim_ops, s);
}

uint64_t pa_sim_kswapd(struct pa_sim *s)
{
    uint64_t got = 0;
    for (int i = 0; i < s->m->nr_nodes; i++) {
        if (!s->m->nodes[i].kswapd.awake)
            continue;
        s->st.pageoutrun++;
        got += pa_kswapd_run(s->m, s->m->nodes[i].id, 0, NULL);
    }
    return got;
}
