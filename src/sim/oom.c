/*
 * oom.c - the simulator's side of the slow path (pagealloc/vmscan.h): the OOM
 * killer and the swap space, and kswapd as a background task.
 *
 * out_of_memory (V2632/V44/V618 mm/oom_kill.c): every live process is scored
 * with the engine's pa_oom_badness_era (the era's rule: total_vm and
 * children on 2.6.32, resident + swap + page tables from 2.6.36; its
 * oom_score_adj), the highest score is the victim, a child of it may die in
 * its place (up to 5.0); the report (the
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

/* What the era's badness reads of process p (index i in s->procs). */
static uint64_t proc_badness(struct pa_sim *s, int i, uint64_t totalpages, uint64_t *kids,
                             size_t kids_cap)
{
    const struct pa_proc *p = s->procs[i];
    struct pa_oom_badness_in in = {0};
    in.rss = p->nr_pages - p->nr_swapped;
    in.swapents = p->nr_swapped;
    in.pgtables = p->nr_pt;
    in.total_vm = p->nr_pages; /* the heap it touched, resident or swapped */
    in.oom_score_adj = p->oom_score_adj;
    in.oom_adj = p->oom_adj;
    if (p->nr_children && kids) /* children with their own mm (p:fork) */
        for (int c = 0; c < s->nr_procs && (size_t)in.nr_children < kids_cap; c++)
            if (!s->procs[c]->dead && s->procs[c]->parent == i)
                kids[in.nr_children++] = s->procs[c]->nr_pages;
    in.child_total_vm = kids;
    return pa_oom_badness_era(s->m->profile, &in, totalpages);
}

/* out_of_memory -> select_bad_process -> oom_kill_process (V2632, V30,
   V44, V618 mm/oom_kill.c): the live process with the highest badness of
   the era's rule (the first one on ties, as the task list walk keeps the
   first), then the era's child rule: up to 5.0 a child with its own
   address space dies in its place. */
static bool sim_oom(void *ctx, struct pa_machine *m, const struct pa_oom_ctl *oc)
{
    struct pa_sim *s = ctx;
    const struct pa_profile *prof = m->profile;
    uint64_t total = s->swap_pages; /* totalram_pages + total_swap_pages */
    for (int i = 0; i < m->nr_zones; i++)
        total += m->zones[i].managed;
    int n = 0, victim = -1;
    uint64_t best = 0;
    size_t np = (size_t)s->nr_procs + 1;
    struct pa_oom_task *tasks = calloc(np, sizeof *tasks);
    int *proc_of = calloc(np, sizeof *proc_of);
    int *task_of = calloc(np, sizeof *task_of);
    uint64_t *points = calloc(np, sizeof *points);
    uint64_t *kids = calloc(np, sizeof *kids);
    if (!tasks || !proc_of || !task_of || !points || !kids) {
        free(tasks), free(proc_of), free(task_of), free(points), free(kids);
        return false;
    }
    for (int i = 0; i < s->nr_procs; i++) {
        struct pa_proc *p = s->procs[i];
        task_of[i] = -1;
        if (p->dead)
            continue;
        uint64_t rss = p->nr_pages - p->nr_swapped;
        tasks[n] = (struct pa_oom_task){p->pid, 0, p->pid, p->name, p->nr_pages + p->nr_pt,
                                        rss, p->nr_pt << s->m->page_shift, p->nr_swapped,
                                        p->oom_score_adj, true, p->oom_adj};
        points[n] = proc_badness(s, i, total, kids, np);
        /* 2.6.32 takes the first eligible task even at 0 points unless it is
           OOM_DISABLE'd; later eras need points > 0 (killable scores >= 1) */
        bool eligible = prof->slowpath.badness == PA_BADNESS_2632
                            ? p->oom_adj > -17
                            : points[n] > 0;
        if (eligible && (points[n] > best || victim < 0)) {
            best = points[n];
            victim = n;
        }
        task_of[i] = n;
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
        free(tasks), free(proc_of), free(task_of), free(points), free(kids);
        return false;
    }
    /* the child rule: who dies */
    int dies = victim;
    struct pa_proc *vp = s->procs[proc_of[victim]];
    if (vp->nr_children && prof->slowpath.oom_child != PA_OOM_CHILD_NONE) {
        uint64_t child_best = 0;
        for (int i = 0; i < s->nr_procs; i++) {
            int t = task_of[i];
            if (t < 0 || s->procs[i]->parent != proc_of[victim])
                continue;
            if (prof->slowpath.oom_child == PA_OOM_CHILD_FIRST) {
                if (s->procs[i]->oom_adj > -17) {
                    dies = t; /* the first child on the list (the oldest) */
                    break;
                }
            } else if (points[t] > child_best) {
                child_best = points[t];
                dies = t;
            }
        }
    }
    struct pa_report_task t;
    char comm[32];
    pa_sim_report_task(s, oc->cpu, s->oom_owner, s->oom_priv, &t, comm, sizeof comm);
    t.gfp = oc->gfp;
    t.order = oc->order;
    struct pa_oom_kill kill = {victim, pa_oom_score(prof, best, total), tasks[dies].rss, 0, 0,
                               dies != victim ? dies + 1 : 0};
    struct pa_mem_counters c;
    struct pa_showmem_in in;
    struct pa_showmem_zone *zones;
    uint64_t *pcp;
    pa_sim_showmem(s, oc->cpu, &c, &in, &zones, &pcp);
    struct pa_strbuf sb = {0};
    int adj = 0; /* the allocating task's oom_score_adj (a kernel thread: 0) */
    for (int i = 0; i < s->nr_procs; i++)
        if (!s->procs[i]->dead && s->procs[i]->pid == t.pid)
            adj = s->procs[i]->oom_score_adj;
    pa_print_oom_report(&t, adj, &in, tasks, n, &kill, &sb);
    pa_sim_printk_lines(s, pa_sb_str(&sb));
    pa_sb_free(&sb);
    free(zones);
    free(pcp);
    struct pa_proc *p = s->procs[proc_of[dies]];
    uint64_t stack = (uint64_t)p->nr_stack << prof->kernel.stack_order;
    struct pa_oom_victim v = {p->pid, p->name, points[dies],
                              p->nr_pages - p->nr_swapped + p->nr_pt + stack, p->nr_swapped,
                              p->oom_score_adj};
    p->oom = true;
    bool killed = pa_sim_kill(s, p) == 0;
    if (killed) /* mark_oom_victim: the event /proc/vmstat's oom_kill counts */
        pa_oom_mark_victim(m, oc, &v);
    free(tasks), free(proc_of), free(task_of), free(points), free(kids);
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
