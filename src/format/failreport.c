/*
 * failreport.c - the "page allocation failure" warning and the OOM killer's
 * report, written in the era's layout (kernel-semantics 6.5, 11.4;
 * V2632/V316/V44/V419/V515/V618 mm/page_alloc.c warn_alloc(_failed),
 * mm/oom_kill.c dump_header / dump_tasks / oom_kill_process,
 * lib/dump_stack.c dump_stack_print_info).
 *
 * A report is: the header line(s), the "Pid:" (<= 3.9) or "CPU: PID: Comm:"
 * line with the kernel version, "Call Trace:" and frames, then Mem-Info
 * (showmem.c). The frames are the kernel function chain from the page
 * allocator to the caller the simulator names (a module's kmalloc, a page
 * fault, a file write, fork); their addresses and offsets are made up but
 * stable (a hash of the name), as a reader only ever looks at the names.
 * Shapes per era follow real reports: seed 000 (2.6.32-642.el6, "[<addr>] ?"
 * frames starting at __alloc_pages_nodemask), r02 (3.8), r10 (4.9), r07
 * (5.4), r15 (6.8).
 */
#include <inttypes.h>
#include <string.h>

#include "pagealloc/failreport.h"
#include "pagealloc/gfp.h"
#include "pagealloc/gfp_text.h"
#include "pagealloc/vmscan.h"

/* ---- the era's layout ------------------------------------------------------------ */

enum frame_style {
    FR_QMARK,    /* " [<ffffffff8112c197>] ? fn+0x7dc/0x950" (2.6.32, RHEL6)     */
    FR_ADDR,     /* " [<ffffffff8112457c>] fn+0xec/0x140" (3.x - 4.x)            */
    FR_PLAIN,    /* " fn+0x66/0x90" (4.14+ x86 unwinder output)                  */
};

struct report_layout {
    bool pid_line;          /* "Pid: N, comm: C ..." (<= 3.9) else "CPU: N PID: N Comm: C" */
    enum frame_style frames;
    bool warn_frames;       /* dump_stack / warn_alloc frames on top               */
    bool slowpath_frame;    /* __alloc_pages_slowpath as its own frame (4.x+)      */
    bool task_brackets;     /* <TASK> ... </TASK> around the frames (5.16+)        */
    const char *alloc_fn;   /* __alloc_pages_nodemask / __alloc_pages              */
    const char *warn_fn;    /* warn_alloc_failed / warn_alloc                      */
    const char *syscall[2]; /* the system call entry frames, innermost first       */
};

static const struct report_layout layouts[] = {
    [PA_REPORT_2632] = {true, FR_QMARK, false, false, false, "__alloc_pages_nodemask",
                        "warn_alloc_failed", {"system_call_fastpath", NULL}},
    [PA_REPORT_2636] = {true, FR_QMARK, false, false, false, "__alloc_pages_nodemask",
                        "warn_alloc_failed", {"system_call_fastpath", NULL}},
    [PA_REPORT_33] = {true, FR_ADDR, true, false, false, "__alloc_pages_nodemask",
                      "warn_alloc_failed", {"system_call_fastpath", NULL}},
    [PA_REPORT_310] = {false, FR_ADDR, true, false, false, "__alloc_pages_nodemask",
                       "warn_alloc_failed", {"system_call_fastpath", NULL}},
    [PA_REPORT_44] = {false, FR_ADDR, true, false, false, "__alloc_pages_nodemask",
                      "warn_alloc_failed", {"entry_SYSCALL_64_fastpath", NULL}},
    [PA_REPORT_48] = {false, FR_ADDR, true, true, false, "__alloc_pages_nodemask",
                      "warn_alloc", {"entry_SYSCALL_64_fastpath", NULL}},
    [PA_REPORT_5X] = {false, FR_PLAIN, true, true, false, "__alloc_pages_nodemask",
                      "warn_alloc", {"do_syscall_64", "entry_SYSCALL_64_after_hwframe"}},
    [PA_REPORT_612] = {false, FR_PLAIN, true, true, true, "__alloc_pages_noprof", "warn_alloc",
                       {"do_syscall_64", "entry_SYSCALL_64_after_hwframe"}},
};

static const struct report_layout *layout_of(const struct pa_profile *p)
{
    unsigned r = p->slowpath.report;
    return &layouts[r < sizeof layouts / sizeof layouts[0] ? r : 0];
}

/* ---- frames ------------------------------------------------------------------------ */

static uint32_t name_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

static void frame(struct pa_strbuf *out, const struct report_layout *l, const char *fn,
                  const char *module, bool start)
{
    uint32_t h = name_hash(fn);
    unsigned len = 0x40 + (h >> 8) % 0x9c0, off = start ? 0 : 1 + (h >> 3) % (len - 1);
    uint64_t base = module ? 0xffffffffa0000000ull : 0xffffffff81000000ull;
    uint64_t addr = base + (h % 0x600000) + off;
    const char *q = l->frames == FR_QMARK ? "? " : "";
    if (l->frames == FR_PLAIN)
        pa_sb_printf(out, " %s+0x%x/0x%x", fn, off, len);
    else
        pa_sb_printf(out, " [<%016" PRIx64 ">] %s%s+0x%x/0x%x", addr, q, fn, off, len);
    if (module)
        pa_sb_printf(out, " [%s]", module);
    pa_sb_putc(out, '\n');
}

/* The chain from the allocator entry to the caller's system call. */
static void caller_frames(struct pa_strbuf *out, const struct report_layout *l,
                          const struct pa_report_task *t)
{
    static const char *const chains[PA_CALLER_COUNT][6] = {
        [PA_CALLER_ALLOC_PAGES] = {"alloc_pages_current", "__get_free_pages"},
        [PA_CALLER_KMALLOC_SLAB] = {"kmem_getpages", "fallback_alloc", "cache_grow",
                                    "____cache_alloc_node", "kmem_cache_alloc_trace"},
        [PA_CALLER_KMALLOC_SLUB] = {"alloc_pages_current", "new_slab", "___slab_alloc",
                                    "__slab_alloc", "__kmalloc"},
        [PA_CALLER_KMALLOC_LARGE] = {"kmalloc_order", "kmalloc_order_trace", "__kmalloc"},
        [PA_CALLER_PAGE_FAULT] = {"alloc_pages_vma", "handle_mm_fault", "__do_page_fault",
                                  "do_page_fault", "page_fault"},
        [PA_CALLER_PAGE_CACHE] = {"__page_cache_alloc", "grab_cache_page_write_begin",
                                  "generic_perform_write", "vfs_write", "sys_write"},
        [PA_CALLER_FORK] = {"copy_process", "do_fork", "sys_clone"},
    };
    unsigned c = (unsigned)t->caller < PA_CALLER_COUNT ? (unsigned)t->caller : 0;
    for (int i = 0; i < 6 && chains[c][i]; i++)
        frame(out, l, chains[c][i], NULL, false);
    bool from_module = t->module && c != PA_CALLER_PAGE_FAULT && c != PA_CALLER_PAGE_CACHE &&
                       c != PA_CALLER_FORK;
    if (from_module) {
        const char *fn = t->function ? t->function : "init_module";
        frame(out, l, fn, t->module, false);
        if (l->frames == FR_QMARK) /* the unreliable "+0x0" entry of the seed's trace */
            frame(out, l, fn, t->module, true);
        frame(out, l, "do_one_initcall", NULL, false);
        frame(out, l, l->frames == FR_PLAIN ? "do_init_module" : "sys_init_module", NULL, false);
    }
    if (c == PA_CALLER_PAGE_FAULT)
        return; /* an exception, not a system call */
    for (int i = 0; i < 2 && l->syscall[i]; i++)
        frame(out, l, l->syscall[i], NULL, false);
}

static void task_line(struct pa_strbuf *out, const struct report_layout *l,
                      const struct pa_report_task *t)
{
    const char *comm = t->comm ? t->comm : "swapper";
    const char *kernel = t->kernel ? t->kernel : "";
    if (l->pid_line)
        pa_sb_printf(out, "Pid: %d, comm: %.20s Not tainted %s #1\n", t->pid, comm, kernel);
    else
        pa_sb_printf(out, "CPU: %d PID: %d Comm: %.20s Not tainted %s #1\n", t->cpu, t->pid,
                     comm, kernel);
    if (t->hardware && !l->pid_line)
        pa_sb_printf(out, "Hardware name: %s\n", t->hardware);
}

static void mems_allowed(const struct pa_machine *m, struct pa_strbuf *out)
{
    int lo = m->nodes[0].id, hi = m->nodes[m->nr_nodes - 1].id;
    if (lo == hi)
        pa_sb_printf(out, "%d", lo);
    else
        pa_sb_printf(out, "%d-%d", lo, hi);
}

static void trace_head(struct pa_strbuf *out, const struct report_layout *l)
{
    pa_sb_puts(out, "Call Trace:\n");
    if (l->task_brackets)
        pa_sb_puts(out, " <TASK>\n");
    if (l->warn_frames)
        frame(out, l, l->frames == FR_PLAIN ? "dump_stack_lvl" : "dump_stack", NULL, false);
}

static void trace_tail(struct pa_strbuf *out, const struct report_layout *l)
{
    if (l->task_brackets)
        pa_sb_puts(out, " </TASK>\n");
}

/* ---- the failure warning ----------------------------------------------------------- */

void pa_print_alloc_failure(const struct pa_report_task *t, const struct pa_showmem_in *mem,
                            struct pa_strbuf *out)
{
    if (!t || !mem || !mem->m || !out)
        return;
    const struct pa_machine *m = mem->m;
    const struct pa_profile *p = m->profile;
    const struct report_layout *l = layout_of(p);
    const char *comm = t->comm ? t->comm : "swapper";

    switch (p->text.header) {
    case PA_HEADER_2632:
        pa_sb_printf(out, "%s: page allocation failure. order:%u, mode:0x%" PRIx64 "\n", comm,
                     t->order, t->gfp);
        break;
    case PA_HEADER_3X:
        pa_sb_printf(out, "%s: page allocation failure: order:%u, mode:0x%" PRIx64 "\n", comm,
                     t->order, t->gfp);
        break;
    case PA_HEADER_45:
    case PA_HEADER_5X:
        pa_sb_printf(out, "%s: page allocation failure: order:%u, mode:", comm, t->order);
        pa_gfp_format_header(p, t->gfp, out);
        if (p->text.header == PA_HEADER_45) {
            pa_sb_printf(out, ", nodemask=(null)\n%s cpuset=/ mems_allowed=", comm);
        } else {
            pa_sb_puts(out, ", nodemask=(null),cpuset=/,mems_allowed=");
        }
        mems_allowed(m, out);
        pa_sb_putc(out, '\n');
        break;
    }
    task_line(out, l, t);
    trace_head(out, l);
    if (l->warn_frames)
        frame(out, l, l->warn_fn, NULL, false);
    if (l->slowpath_frame)
        frame(out, l, "__alloc_pages_slowpath", NULL, false);
    frame(out, l, l->alloc_fn, NULL, false);
    caller_frames(out, l, t);
    trace_tail(out, l);
    pa_print_show_mem(mem, out);
}

/* ---- the OOM killer's report ------------------------------------------------------ */

static void oom_header(struct pa_strbuf *out, const struct pa_profile *p,
                       const struct pa_report_task *t, int adj)
{
    const char *comm = t->comm ? t->comm : "swapper";
    pa_sb_printf(out, "%s invoked oom-killer: gfp_mask=", comm);
    switch (p->slowpath.report) {
    case PA_REPORT_2632:
        pa_sb_printf(out, "0x%" PRIx64 ", order=%u, oom_adj=%d\n", t->gfp, t->order,
                     pa_oom_adj_from_score_adj(adj));
        break;
    case PA_REPORT_2636:
        pa_sb_printf(out, "0x%" PRIx64 ", order=%u, oom_adj=%d, oom_score_adj=%d\n", t->gfp,
                     t->order, pa_oom_adj_from_score_adj(adj), adj);
        break;
    case PA_REPORT_33:
    case PA_REPORT_310:
        pa_sb_printf(out, "0x%" PRIx64 ", order=%u, oom_score_adj=%d\n", t->gfp, t->order, adj);
        break;
    case PA_REPORT_44: /* no nodemask yet (a real 4.7 report, tests/data/reports/m18) */
        pa_gfp_format_header(p, t->gfp, out);
        pa_sb_printf(out, ", order=%u, oom_score_adj=%d\n", t->order, adj);
        break;
    case PA_REPORT_48: /* nodemask= (4.9 and 4.11 reports: h03, m19; 4.8 UNVERIFIED) */
        pa_gfp_format_header(p, t->gfp, out);
        pa_sb_printf(out, ", nodemask=(null), order=%u, oom_score_adj=%d\n", t->order, adj);
        break;
    default:
        pa_gfp_format_header(p, t->gfp, out);
        pa_sb_printf(out, ", order=%u, oom_score_adj=%d\n", t->order, adj);
        break;
    }
}

/* dump_tasks per era: 2.6.32 has no oom_score_adj column (V2632), 2.6.36 -
   3.2 both knobs; 3.3+ nr_ptes and swapents, nr_pmds from 4.0 (real 4.1 and
   4.11 tables in tests/data/reports: g18, m19; printed here from the 4.4
   style on, as the 3.15 profile spans 3.15 - 4.3; 4.14 - 4.18 printed
   pgtables_bytes instead: not separated, UNVERIFIED), the 5.x layout with
   "Tasks state". */
static void task_table(struct pa_strbuf *out, const struct pa_profile *p,
                       const struct pa_oom_task *tasks, int n)
{
    enum pa_report_style r = p->slowpath.report;
    bool old = r == PA_REPORT_2632 || r == PA_REPORT_2636;
    bool modern = r == PA_REPORT_5X || r == PA_REPORT_612;
    bool pmds = r == PA_REPORT_44 || r == PA_REPORT_48;
    if (modern)
        pa_sb_puts(out, "Tasks state (memory values in pages):\n");
    if (r == PA_REPORT_2632)
        pa_sb_puts(out, "[ pid ]   uid  tgid total_vm      rss cpu oom_adj name\n");
    else if (old)
        pa_sb_puts(out, "[ pid ]   uid  tgid total_vm      rss cpu oom_adj oom_score_adj name\n");
    else if (modern)
        pa_sb_puts(out, "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents "
                        "oom_score_adj name\n");
    else if (pmds)
        pa_sb_puts(out, "[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents "
                        "oom_score_adj name\n");
    else
        pa_sb_puts(out, "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj "
                        "name\n");
    for (int i = 0; i < n; i++) {
        const struct pa_oom_task *k = &tasks[i];
        int oom_adj = k->oom_adj_set ? k->oom_adj : pa_oom_adj_from_score_adj(k->oom_score_adj);
        if (r == PA_REPORT_2632)
            pa_sb_printf(out, "[%5d] %5d %5d %8" PRIu64 " %8" PRIu64 " %3d %7d %s\n", k->pid,
                         k->uid, k->tgid, k->total_vm, k->rss, 0, oom_adj, k->name);
        else if (old)
            pa_sb_printf(out, "[%5d] %5d %5d %8" PRIu64 " %8" PRIu64 " %3d %7d %13d %s\n",
                         k->pid, k->uid, k->tgid, k->total_vm, k->rss, 0, oom_adj,
                         k->oom_score_adj, k->name);
        else if (modern)
            pa_sb_printf(out,
                         "[%7d] %5d %5d %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %8" PRIu64
                         "         %5d %s\n",
                         k->pid, k->uid, k->tgid, k->total_vm, k->rss, k->pgtables_bytes,
                         k->swapents, k->oom_score_adj, k->name);
        else if (pmds) /* the model has no PMD tables of its own: 0 */
            pa_sb_printf(out,
                         "[%5d] %5d %5d %8" PRIu64 " %8" PRIu64 " %7" PRIu64 " %7d %8" PRIu64
                         "         %5d %s\n",
                         k->pid, k->uid, k->tgid, k->total_vm, k->rss, k->pgtables_bytes >> 12,
                         0, k->swapents, k->oom_score_adj, k->name);
        else
            pa_sb_printf(out,
                         "[%5d] %5d %5d %8" PRIu64 " %8" PRIu64 " %7" PRIu64 " %8" PRIu64
                         "         %5d %s\n",
                         k->pid, k->uid, k->tgid, k->total_vm, k->rss, k->pgtables_bytes >> 12,
                         k->swapents, k->oom_score_adj, k->name);
    }
}

/* k: the victim chosen; d: the task that dies (a child of it up to 5.0). */
static void kill_lines(struct pa_strbuf *out, const struct pa_machine *m,
                       const struct pa_oom_task *k, const struct pa_oom_task *d,
                       const struct pa_oom_kill *kill)
{
    const struct pa_profile *p = m->profile;
    unsigned sh = m->page_shift - 10;
    uint64_t vm = d->total_vm << sh, anon = kill->anon_rss << sh, file = kill->file_rss << sh,
             shmem = kill->shmem_rss << sh;
    switch (p->slowpath.report) {
    case PA_REPORT_2632:
        pa_sb_printf(out, "Out of memory: kill process %d (%s) score %" PRIu64 " or a child\n",
                     k->pid, k->name, kill->points);
        pa_sb_printf(out, "Killed process %d (%s)\n", d->pid, d->name);
        break;
    case PA_REPORT_2636:
        pa_sb_printf(out,
                     "Out of memory: Kill process %d (%s) score %" PRIu64 " or sacrifice child\n",
                     k->pid, k->name, kill->points);
        pa_sb_printf(out,
                     "Killed process %d, UID %d, (%s) total-vm:%" PRIu64 "kB, anon-rss:%" PRIu64
                     "kB, file-rss:%" PRIu64 "kB\n",
                     d->pid, d->uid, d->name, vm, anon, file);
        break;
    case PA_REPORT_33:
    case PA_REPORT_310: /* no shmem-rss yet (a real 3.10 report,
                           tests/data/reports/h02; it came with 4.5's shmem
                           resident accounting) */
        pa_sb_printf(out,
                     "Out of memory: Kill process %d (%s) score %" PRIu64 " or sacrifice child\n",
                     k->pid, k->name, kill->points);
        pa_sb_printf(out,
                     "Killed process %d (%s) total-vm:%" PRIu64 "kB, anon-rss:%" PRIu64
                     "kB, file-rss:%" PRIu64 "kB\n",
                     d->pid, d->name, vm, anon, file);
        break;
    case PA_REPORT_44: /* shmem-rss from 4.5 (printed for 4.4 too: UNVERIFIED) */
    case PA_REPORT_48:
        pa_sb_printf(out,
                     "Out of memory: Kill process %d (%s) score %" PRIu64 " or sacrifice child\n",
                     k->pid, k->name, kill->points);
        pa_sb_printf(out,
                     "Killed process %d (%s) total-vm:%" PRIu64 "kB, anon-rss:%" PRIu64
                     "kB, file-rss:%" PRIu64 "kB, shmem-rss:%" PRIu64 "kB\n",
                     d->pid, d->name, vm, anon, file, shmem);
        break;
    default:
        pa_sb_puts(out, "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,"
                        "mems_allowed=");
        mems_allowed(m, out);
        pa_sb_printf(out, ",global_oom,task_memcg=/,task=%s,pid=%d,uid=%d\n", d->name, d->pid,
                     d->uid);
        pa_sb_printf(out,
                     "Out of memory: Killed process %d (%s) total-vm:%" PRIu64
                     "kB, anon-rss:%" PRIu64 "kB, file-rss:%" PRIu64 "kB, shmem-rss:%" PRIu64
                     "kB, UID:%d pgtables:%" PRIu64 "kB oom_score_adj:%d\n",
                     d->pid, d->name, vm, anon, file, shmem, d->uid, d->pgtables_bytes >> 10,
                     d->oom_score_adj);
        break;
    }
}

void pa_print_oom_report(const struct pa_report_task *t, int oom_score_adj,
                         const struct pa_showmem_in *mem, const struct pa_oom_task *tasks,
                         int nr_tasks, const struct pa_oom_kill *kill, struct pa_strbuf *out)
{
    if (!t || !mem || !mem->m || !out || (nr_tasks && !tasks))
        return;
    const struct pa_machine *m = mem->m;
    const struct pa_profile *p = m->profile;
    const struct report_layout *l = layout_of(p);
    enum pa_report_style r = p->slowpath.report;
    oom_header(out, p, t, oom_score_adj);
    if (r != PA_REPORT_5X && r != PA_REPORT_612) {
        pa_sb_printf(out, "%s cpuset=/ mems_allowed=", t->comm ? t->comm : "swapper");
        mems_allowed(m, out);
        pa_sb_putc(out, '\n');
    }
    task_line(out, l, t);
    trace_head(out, l);
    frame(out, l, "dump_header", NULL, false);
    frame(out, l, "oom_kill_process", NULL, false);
    frame(out, l, "out_of_memory", NULL, false);
    if (l->slowpath_frame)
        frame(out, l, "__alloc_pages_slowpath", NULL, false);
    frame(out, l, l->alloc_fn, NULL, false);
    caller_frames(out, l, t);
    trace_tail(out, l);
    pa_print_show_mem(mem, out);
    task_table(out, p, tasks, nr_tasks);
    if (kill && kill->victim >= 0 && kill->victim < nr_tasks)
        kill_lines(out, m, &tasks[kill->victim],
                   kill->child > 0 && kill->child <= nr_tasks ? &tasks[kill->child - 1]
                                                              : &tasks[kill->victim],
                   kill);
    else
        pa_sb_puts(out, "Out of memory and no killable processes...\n");
}
