/*
 * oom_kill.c - the OOM killer's era rules that the engine decides: whether a
 * failing request may invoke it (__alloc_pages_may_oom, kernel-semantics 6.2
 * - 6.4) and the badness score of a task (oom_badness). Choosing among the
 * tasks, killing and reporting are the owner's (struct pa_slowpath_ops
 * out_of_memory; the simulator's is src/sim/oom.c).
 *
 * Sources: V2632 / V316 / V44 / V419 / V618 mm/page_alloc.c
 * __alloc_pages_may_oom, mm/oom_kill.c oom_badness; V2632 mm/oom_kill.c
 * badness(); 3.0 / 3.10 / 4.x mm/oom_kill.c oom_badness (the rule per era:
 * mm.h enum pa_oom_badness_rule, profile.c SLOW); V618 mark_oom_victim.
 */
#include "mm/internal.h"
#include "pagealloc/events.h"
#include "pagealloc/gfp.h"
#include "pagealloc/vmscan.h"

bool pa_oom_allowed(const struct pa_profile *p, uint64_t gfp, unsigned order,
                    enum pa_zone_type highest)
{
    const struct pa_profile_slowpath *sp = &p->slowpath;
    /* "The OOM killer will not help higher order allocs" */
    if (order > PA_COSTLY_ORDER && !pa_gfp_has(p, gfp, PA_GFP_NOFAIL))
        return false;
    if (!pa_gfp_can_direct_reclaim(p, gfp) || pa_gfp_has(p, gfp, PA_GFP_NORETRY))
        return false;
    if (sp->oom_skip_lowmem &&
        (highest < PA_ZONE_NORMAL || pa_gfp_has(p, gfp, PA_GFP_THISNODE)))
        return false;
    if (sp->oom_needs_fs && !pa_gfp_has(p, gfp, PA_GFP_FS))
        return false;
    if (sp->oom_skip_retry_mayfail && pa_gfp_has(p, gfp, PA_GFP_RETRY_MAYFAIL) &&
        !pa_gfp_has(p, gfp, PA_GFP_NOFAIL))
        return false;
    return true;
}

uint64_t pa_oom_badness(uint64_t rss, uint64_t swapents, uint64_t pgtables, int oom_score_adj,
                        uint64_t totalpages)
{
    if (oom_score_adj <= -1000)
        return 0;
    int64_t points = (int64_t)(rss + swapents + pgtables);
    points += (int64_t)oom_score_adj * (int64_t)(totalpages / 1000);
    /* a killable task that would score 0 or less still scores 1 (V44) */
    return points > 0 ? (uint64_t)points : 1;
}

static uint64_t isqrt(uint64_t v)
{
    uint64_t r = 0;
    while ((r + 1) * (r + 1) <= v)
        r++;
    return r;
}

int pa_oom_adj_from_score_adj(int adj)
{
    if (adj <= -1000)
        return -17; /* OOM_SCORE_ADJ_MIN reads back as OOM_DISABLE */
    if (adj >= 1000)
        return 15;  /* OOM_SCORE_ADJ_MAX reads back as OOM_ADJUST_MAX */
    return adj * 17 / 1000;
}

int pa_oom_score_adj_from_adj(int oom_adj)
{
    if (oom_adj >= 15)
        return 1000; /* OOM_ADJUST_MAX: OOM_SCORE_ADJ_MAX */
    if (oom_adj <= -17)
        return -1000;
    return oom_adj * 1000 / 17;
}

/* V2632 badness(): the address space, not the resident set, with the
   children's halves and the run-time and privilege divisors; oom_adj
   shifts the result. */
static uint64_t badness_2632(const struct pa_oom_badness_in *t)
{
    int oom_adj = t->oom_adj > 15 ? 15 : t->oom_adj;
    if (oom_adj <= -17)
        return 0; /* OOM_DISABLE: select_bad_process skips the task */
    uint64_t points = t->total_vm;
    for (int i = 0; i < t->nr_children; i++)
        points += t->child_total_vm[i] / 2 + 1;
    uint64_t cpu_time = t->cpu_seconds >> 3;  /* jiffies >> (SHIFT_HZ + 3) */
    uint64_t run_time = t->run_seconds >> 10; /* (uptime - start) >> 10     */
    if (cpu_time)
        points /= isqrt(cpu_time);
    if (run_time)
        points /= isqrt(isqrt(run_time));
    if (t->nice > 0)
        points *= 2;
    if (t->cap_sys_admin)
        points /= 4;
    if (t->cap_sys_rawio)
        points /= 4;
    if (oom_adj > 0) {
        if (!points)
            points = 1;
        points <<= oom_adj;
    } else if (oom_adj < 0) {
        points >>= -oom_adj;
    }
    return points;
}

uint64_t pa_oom_badness_era(const struct pa_profile *p, const struct pa_oom_badness_in *t,
                            uint64_t totalpages)
{
    if (!p || !t || (t->nr_children && !t->child_total_vm))
        return 0;
    if (p->slowpath.badness == PA_BADNESS_2632)
        return badness_2632(t);
    int adj = t->oom_score_adj > 1000 ? 1000 : t->oom_score_adj;
    if (adj <= -1000)
        return 0;
    if (!totalpages)
        totalpages = 1;
    int64_t points = (int64_t)(t->rss + t->swapents + t->pgtables);
    switch (p->slowpath.badness) {
    case PA_BADNESS_2636: /* V30 oom_badness: the proportion of RAM + swap */
        points = points * 1000 / (int64_t)totalpages;
        if (t->cap_sys_admin)
            points -= 30;
        points += adj;
        if (points <= 0)
            return 1;
        return points < 1000 ? (uint64_t)points : 1000;
    case PA_BADNESS_37: /* 3.10 / 4.x: root processes get 3% off */
        if (t->cap_sys_admin)
            points -= points * 3 / 100;
        break;
    default: /* 4.17+: no root bonus */
        break;
    }
    points += (int64_t)adj * (int64_t)(totalpages / 1000);
    return points > 0 ? (uint64_t)points : 1;
}

uint64_t pa_oom_score(const struct pa_profile *p, uint64_t points, uint64_t totalpages)
{
    if (!p || p->slowpath.badness == PA_BADNESS_2632 || p->slowpath.badness == PA_BADNESS_2636)
        return points;
    /* 3.7+ oom_kill_process prints points * 1000 / totalpages */
    return totalpages ? points * 1000 / totalpages : points;
}

int pa_oom_mark_victim(struct pa_machine *m, const struct pa_oom_ctl *oc,
                       const struct pa_oom_victim *v)
{
    if (!m || !v)
        return PA_EINVAL;
    if (PA_EVENTS_ON(m)) {
        struct pa_event ev = {0};
        ev.type = PA_EV_OOM_KILL;
        ev.migratetype = -1;
        ev.cpu = oc ? oc->cpu : -1;
        ev.order = oc ? oc->order : 0;
        ev.gfp = oc ? oc->gfp : 0;
        ev.oom.pid = v->pid;
        ev.oom.comm = v->comm ? v->comm : "";
        ev.oom.points = v->points;
        ev.oom.pages = v->pages;
        ev.oom.swapents = v->swapents;
        ev.oom.oom_score_adj = v->oom_score_adj;
        m->event_cb(m->event_ctx, &ev);
    }
    return PA_OK;
}
