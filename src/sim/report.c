/*
 * report.c - what `cat /proc/...` and `free` show on a simulated machine: the
 * simulator's counters handed to the printers of src/format.
 */
#include <stdlib.h>
#include <string.h>

#include "pagealloc/lru.h"
#include "pagealloc/meminfo.h"
#include "pagealloc/procfs.h"
#include "sim/sim.h"

void pa_sim_counters(const struct pa_sim *s, struct pa_mem_counters *c)
{
    memset(c, 0, sizeof *c);
    /* The engine's LRU lists (lru.h). New anonymous pages start on the
       active list, new file pages on the inactive one
       (lru_cache_add_active_or_unevictable / add_to_page_cache_lru). */
    c->active_anon = pa_machine_lru_pages(s->m, PA_LRU_ACTIVE_ANON);
    c->inactive_anon = pa_machine_lru_pages(s->m, PA_LRU_INACTIVE_ANON);
    c->active_file = pa_machine_lru_pages(s->m, PA_LRU_ACTIVE_FILE);
    c->inactive_file = pa_machine_lru_pages(s->m, PA_LRU_INACTIVE_FILE);
    c->anon_pages = s->st.anon;
    c->file_pages = s->st.file;
    c->buffers = s->st.buffers;
    c->slab_reclaimable = s->st.slab_reclaimable;
    c->slab_unreclaimable = s->st.slab_unreclaimable;
    c->pagetables = s->st.pagetables;
    c->kernel_stack_kb = s->st.kernel_stack * (s->page_size >> 10);
    c->swap_total = s->swap_pages;
    c->swap_free = s->swap_pages - s->st.swap_used;
    c->swap_cached = s->st.swap_cached;
    for (int i = 0; i < s->m->nr_zones; i++)
        c->free_pcp += pa_pcp_count(s->m, &s->m->zones[i], -1);
    memcpy(c->pgalloc, s->st.pgalloc, sizeof c->pgalloc);
    c->pgfree = s->st.pgfree;
    c->pgfault = s->st.pgfault;
    c->allocstall = s->st.allocstall;
    c->pgscan_kswapd = s->st.pgscan_kswapd;
    c->pgscan_direct = s->st.pgscan_direct;
    c->pgsteal_kswapd = s->st.pgsteal_kswapd;
    c->pgsteal_direct = s->st.pgsteal_direct;
    c->pgrefill = s->st.pgrefill;
    memcpy(c->zone_pgscan_kswapd, s->st.zone_pgscan_kswapd, sizeof c->zone_pgscan_kswapd);
    memcpy(c->zone_pgscan_direct, s->st.zone_pgscan_direct, sizeof c->zone_pgscan_direct);
    memcpy(c->zone_pgsteal_kswapd, s->st.zone_pgsteal_kswapd, sizeof c->zone_pgsteal_kswapd);
    memcpy(c->zone_pgsteal_direct, s->st.zone_pgsteal_direct, sizeof c->zone_pgsteal_direct);
    memcpy(c->zone_pgrefill, s->st.zone_pgrefill, sizeof c->zone_pgrefill);
    memcpy(c->zone_allocstall, s->st.zone_allocstall, sizeof c->zone_allocstall);
    c->pswpout = s->st.pswpout;
    c->pswpin = s->st.pswpin;
    c->pgmajfault = s->st.pgmajfault;
    c->dirty = s->st.dirty;
    c->writeback = s->st.writeback;
    c->pageoutrun = s->st.pageoutrun;
    c->oom_kill = s->st.oom_kill;
    /* Active / Inactive from the engine's LRU lists (reclaim ages them) */
    c->active_anon = pa_machine_lru_pages(s->m, PA_LRU_ACTIVE_ANON);
    c->inactive_anon = pa_machine_lru_pages(s->m, PA_LRU_INACTIVE_ANON);
    c->active_file = pa_machine_lru_pages(s->m, PA_LRU_ACTIVE_FILE);
    c->inactive_file = pa_machine_lru_pages(s->m, PA_LRU_INACTIVE_FILE);
}

int pa_sim_cat(struct pa_sim *s, const char *path, struct pa_strbuf *out)
{
    struct pa_mem_counters c;
    pa_sim_counters(s, &c);
    if (!strcmp(path, "/proc/buddyinfo")) {
        pa_print_buddyinfo(s->m, out);
    } else if (!strcmp(path, "/proc/pagetypeinfo")) {
        pa_print_pagetypeinfo(s->m, out);
    } else if (!strcmp(path, "/proc/meminfo")) {
        pa_print_meminfo(s->m, &c, out);
    } else if (!strcmp(path, "/proc/vmstat")) {
        pa_print_vmstat(s->m, &c, out);
    } else if (!strcmp(path, "/proc/zoneinfo")) {
        size_t n = (size_t)s->nr_cpus * (size_t)s->m->nr_zones;
        uint64_t *v = calloc(3 * n, sizeof *v);
        if (!v)
            return -1;
        for (int cpu = 0; cpu < s->nr_cpus; cpu++)
            for (int z = 0; z < s->m->nr_zones; z++) {
                size_t k = (size_t)cpu * (size_t)s->m->nr_zones + (size_t)z;
                v[k] = pa_pcp_count(s->m, &s->m->zones[z], cpu);
                v[n + k] = s->m->pcp->high[z];
                v[2 * n + k] = s->m->pcp->batch[z];
            }
        c.pcp_high_max = s->m->pcp->high_max; /* printed if the era has it */
        pa_print_zoneinfo(s->m, &c, s->nr_cpus, v, v + n, v + 2 * n, out);
        free(v);
    } else if (!strcmp(path, "/sys/kernel/debug/extfrag/extfrag_index") ||
               !strcmp(path, "/sys/kernel/debug/extfrag/unusable_index")) {
        pa_print_extfrag(s->m, strstr(path, "extfrag_index") != NULL, out);
    } else if (!strcmp(path, "/proc/sys/vm/min_free_kbytes")) {
        pa_sb_printf(out, "%llu\n", (unsigned long long)s->m->min_free_kbytes);
    } else {
        return -1;
    }
    return 0;
}

int pa_sim_free_cmd(struct pa_sim *s, const char *flag, struct pa_strbuf *out)
{
    unsigned shift;
    if (!flag || !*flag || !strcmp(flag, "-k"))
        shift = 10;
    else if (!strcmp(flag, "-m"))
        shift = 20;
    else if (!strcmp(flag, "-g"))
        shift = 30;
    else if (!strcmp(flag, "-b"))
        shift = 0;
    else
        return -1;
    struct pa_mem_counters c;
    pa_sim_counters(s, &c);
    pa_print_free(s->m, &c, shift, out);
    return 0;
}
