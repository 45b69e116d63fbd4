/*
 * pagealloc/failreport.h - the kernel's own reports, written: the "page
 * allocation failure" warning (warn_alloc / warn_alloc_failed), the OOM
 * killer's report (dump_header, the task table, the kill line) and the
 * show_mem / Mem-Info dump both carry (kernel-semantics 6.5, 11.4).
 *
 * The layout is the era's (profile->slowpath.report, with the header form of
 * profile->header, the GFP names of profile->gfp and the buddy-line letters
 * of profile->buddy_letters). The numbers come from the machine (free pages,
 * watermarks, lowmem_reserve, free lists) and from the caller's counters of
 * what uses the memory (struct pa_mem_counters, per-zone struct
 * pa_showmem_zone): the engine knows free memory, its users know the rest.
 *
 * These printers are the inverse of pagealloc/report.h: every report they
 * write is read back by pa_report_parse() with the same zones, marks,
 * reserves and free lists (tests/unit/test_failreport.c checks the round
 * trip over simulated failures of every era).
 *
 * Output is one kernel line per '\n'-terminated line, without timestamps;
 * the caller stamps them (the simulator's dmesg does).
 */
#ifndef PAGEALLOC_FAILREPORT_H
#define PAGEALLOC_FAILREPORT_H

#include <stdint.h>

#include "pagealloc/meminfo.h"
#include "pagealloc/mm.h"
#include "pagealloc/strbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What one zone's memory is used for, in pages (kernel_stack in kB), as the
   zone line of Mem-Info prints it. */
struct pa_showmem_zone {
    uint64_t active_anon, inactive_anon, active_file, inactive_file, unevictable;
    uint64_t isolated_anon, isolated_file, dirty, writeback, mapped, shmem;
    uint64_t slab_reclaimable, slab_unreclaimable, kernel_stack_kb, pagetables;
    uint64_t free_pcp, local_pcp, pages_scanned;
    bool all_unreclaimable;
};

struct pa_showmem_in {
    const struct pa_machine *m;
    const struct pa_mem_counters *c;     /* global counters (pages)               */
    const struct pa_showmem_zone *zones; /* m->nr_zones entries; NULL = zeros     */
    /* Per-CPU lists for the <= 4.3 "per-cpu:" lines, per (cpu, zone index),
       as pa_print_zoneinfo takes them; NULL: the lines are left out. */
    int nr_cpus;
    const uint64_t *pcp_count, *pcp_high, *pcp_batch;
    uint64_t pagecache;                  /* "N total pagecache pages"             */
    uint64_t swapcache;                  /* "N pages in swap cache"               */
    uint64_t swap_add, swap_delete;      /* swap cache stats                      */
    uint64_t pages_ram, pages_reserved;  /* show_mem totals                        */
};

/* The Mem-Info dump of the era: per-cpu lines (<= 4.3), the global counter
   block, per-node lines (4.8+), one zone line and lowmem_reserve[] line per
   populated zone, one buddy line per zone, page cache, swap and RAM totals. */
void pa_print_show_mem(const struct pa_showmem_in *in, struct pa_strbuf *out);

/* Who asked, for the stack trace: the kernel function chains that lead to
   the page allocator from each of the simulator's callers. */
enum pa_alloc_caller {
    PA_CALLER_ALLOC_PAGES = 0, /* alloc_pages / __get_free_pages from a module     */
    PA_CALLER_KMALLOC_SLAB,    /* kmalloc growing a SLAB cache (cache_grow)        */
    PA_CALLER_KMALLOC_SLUB,    /* kmalloc growing a SLUB cache (new_slab)          */
    PA_CALLER_KMALLOC_LARGE,   /* SLUB kmalloc above its largest cache             */
    PA_CALLER_PAGE_FAULT,      /* an anonymous page fault (do_anonymous_page)      */
    PA_CALLER_PAGE_CACHE,      /* a file read or write adding page cache           */
    PA_CALLER_FORK,            /* a new task's kernel stack                        */
    PA_CALLER_COUNT
};

/* The task and request the report names. */
struct pa_report_task {
    const char *comm;          /* "insmod"                                        */
    int pid, cpu;
    const char *kernel;        /* uname -r: "2.6.32-642.el6.x86_64"               */
    const char *hardware;      /* DMI line, NULL: none printed                    */
    enum pa_alloc_caller caller;
    const char *module;        /* the module of a module's call, or NULL          */
    const char *function;      /* the module's function ("hello_init"), or NULL   */
    uint64_t gfp;              /* raw, in the profile's layout                    */
    unsigned order;
};

/* "comm: page allocation failure. order:N, mode:0x.." and what follows it:
   the cpuset line where the era prints one, the Pid/CPU line, the call
   trace, and the Mem-Info dump. */
void pa_print_alloc_failure(const struct pa_report_task *t, const struct pa_showmem_in *mem,
                            struct pa_strbuf *out);

/* One row of the OOM killer's task table (dump_tasks). */
struct pa_oom_task {
    int pid, uid, tgid;
    const char *name;
    uint64_t total_vm, rss, pgtables_bytes, swapents; /* pages (bytes for pgtables) */
    int oom_score_adj;
    bool oom_adj_set;          /* oom_adj below is the task's own (2.6.32 - 3.0
                                  tables); else it is read from oom_score_adj
                                  as the kernel converts it                       */
    int oom_adj;
};
struct pa_oom_kill {
    int victim;                /* index into tasks, -1: nothing to kill            */
    uint64_t points;           /* the victim's badness ("score N")                 */
    uint64_t anon_rss, file_rss, shmem_rss; /* pages (of the task killed)          */
    int child;                 /* 1 + index into tasks of the child killed in the
                                  victim's place (2.6.32 "or a child", 2.6.36 -
                                  5.0 "or sacrifice child"); 0 = the victim      */
};

/* "comm invoked oom-killer: gfp_mask=..., order=N, oom_score_adj=N", the
   cpuset and Pid/CPU lines, the call trace through out_of_memory, Mem-Info,
   the task table, and the era's kill lines (or "Kernel panic"-free "Out of
   memory and no killable processes..." when victim is -1). */
void pa_print_oom_report(const struct pa_report_task *t, int oom_score_adj,
                         const struct pa_showmem_in *mem, const struct pa_oom_task *tasks,
                         int nr_tasks, const struct pa_oom_kill *kill, struct pa_strbuf *out);

#ifdef __cplusplus
}
#endif
#endif
