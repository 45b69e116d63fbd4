/*
 * compact.c - the mechanics of `pagealloc compact` (live/compact.h): build the
 * engine machine of a snapshot with the kernel's watermarks from its zoneinfo,
 * run the engine's compaction, and, when asked, the real kernel's.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <malloc.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "live/compact.h"
#include "live/physmem.h"
#include "live/procread.h"
#include "pagealloc/compaction.h"
#include "pagealloc/events.h"
#include "pagealloc/pageops.h"
#include "pagealloc/profile.h"

double pa_compact_agreement(const uint64_t *before, const uint64_t *pred, const uint64_t *real,
                            unsigned nr_orders, bool *defined)
{
    double num = 0, den = 0;
    for (unsigned o = 0; o < nr_orders && o < PA_PROC_ORDERS; o++) {
        double pages = (double)(1ull << o);
        num += pages * (pred[o] > real[o] ? (double)(pred[o] - real[o])
                                          : (double)(real[o] - pred[o]));
        den += pages * (before[o] > real[o] ? (double)(before[o] - real[o])
                                            : (double)(real[o] - before[o]));
    }
    *defined = den > 0;
    return den > 0 ? 1.0 - num / den : (num > 0 ? 0.0 : 1.0);
}

static void zone_counts(const struct pa_zone *z, unsigned nr_orders, uint64_t *out)
{
    for (unsigned o = 0; o < nr_orders && o < PA_PROC_ORDERS; o++)
        out[o] = o <= z->machine->max_order ? z->free_area[o].nr_free : 0;
}

/* The kernel's marks and protection from the snapshot's zoneinfo. */
static void set_wmarks(struct pa_machine *m, const struct pa_snapfile *sf)
{
    if (!sf->zoneinfo)
        return;
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_diag d;
    if (!pi)
        return;
    if (!pa_parse_zoneinfo(pi, sf->zoneinfo, strlen(sf->zoneinfo), "zoneinfo", &d))
        for (int i = 0; i < m->nr_zones; i++) {
            struct pa_zone *z = &m->zones[i];
            const struct pa_proc_zone *pz = pa_procinfo_zone_c(pi, z->node, z->name);
            if (!pz || !pz->have_zoneinfo)
                continue;
            z->watermark[PA_WMARK_MIN] = pz->wmark_min;
            z->watermark[PA_WMARK_LOW] = pz->wmark_low;
            z->watermark[PA_WMARK_HIGH] = pz->wmark_high;
            for (int k = 0; k < pz->nr_protection && k < PA_ZONE_TYPES; k++)
                z->lowmem_reserve[k] = pz->protection[k];
        }
    free(pi);
}

/* The compacting CPU's list of a zone, from the zoneinfo pagesets: with cpu
   >= 0 (--apply pins itself to it) that CPU's high, count and batch; else
   (which CPU writes compact_memory is not known) high - count averaged over
   the CPUs as an empty list's high. 6.7+ auto-tunes high between high_min
   and high_max; zoneinfo shows the current one. */
static void pcp_limits(const char *zi, int node, const char *zone, int cpu, uint64_t *high,
                       uint64_t *count_out, uint64_t *batch)
{
    *high = *count_out = *batch = 0;
    if (!zi)
        return;
    char head[64];
    snprintf(head, sizeof head, "Node %d, zone %8s", node, zone);
    const char *p = strstr(zi, head);
    if (!p)
        return;
    const char *end = strstr(p + 1, "\nNode ");
    uint64_t sum = 0, count = 0, high_v = 0;
    unsigned cpus = 0;
    int cur = -1;
    for (const char *q = p; (q = strstr(q, "\n")) && (!end || q < end); q++) {
        unsigned long long v;
        int c;
        const char *t = q + 1;
        while (*t == ' ')
            t++;
        if (sscanf(t, "cpu: %d", &c) == 1) {
            cur = c;
        } else if (sscanf(t, "count: %llu", &v) == 1) {
            count = v;
        } else if (sscanf(t, "high: %llu", &v) == 1) {
            high_v = v;
            if (cpu >= 0 && cur == cpu) {
                *high = v;
                *count_out = count;
            }
            sum += v > count ? v - count : 0;
            cpus++;
        } else if (sscanf(t, "high_min: %llu", &v) == 1) {
            /* 6.7+: the first free clamps high into [high_min, high_max]
               (V618 mm/page_alloc.c nr_pcp_high) */
            if (cpu >= 0 && cur == cpu && v > *high)
                *high = v;
            if (v > high_v)
                sum += v - high_v;
        } else if (sscanf(t, "batch: %llu", &v) == 1) {
            *batch = v;
        }
    }
    if (cpu < 0)
        *high = cpus ? sum / cpus : 0;
}

/* --order N: take blocks of the order as a hugetlb pool grows: allocate,
   compact directly when none is free, until compaction fails. */
static void take_blocks(struct pa_machine *m, unsigned order, long count,
                        struct pa_compact_report *rep)
{
    for (long got = 0; !count || got < count;) {
        bool took = false;
        for (int i = m->nr_zones - 1; i >= 0 && !took; i--) {
            struct pa_zone *z = &m->zones[i];
            uint64_t pfn;
            if (!z->present || z->type > PA_ZONE_MOVABLE)
                continue;
            if (!pa_zone_alloc(z, order, PA_MT_MOVABLE, &pfn)) {
                m->pages[pfn].kind = PA_KIND_HUGETLB;
                rep->zones[i].hugepages++;
                took = true;
            }
        }
        if (took) {
            got++;
            continue;
        }
        struct pa_zone *zo = NULL;
        int r = pa_try_to_compact_pages(m, -1, order, PA_ALLOC_WMARK_MIN, PA_MT_MOVABLE,
                                        PA_ZONE_MOVABLE, PA_COMPACT_PRIO_SYNC_FULL, &zo);
        pa_compact_account(m, r == PA_COMPACT_SUCCESS);
        if (r != PA_COMPACT_SUCCESS)
            break;
    }
}

static int snap_migrate(void *ctx, struct pa_machine *m, uint32_t handle, uint64_t old_pfn,
                        uint64_t new_pfn)
{
    (void)ctx, (void)m, (void)handle, (void)old_pfn, (void)new_pfn;
    return 0;
}

/* The engine machine of a snapshot, with the kernel's marks and the anon and
   file pages movable: their "owner" accepts every move (nobody holds their
   pfns). */
static int build_machine(const struct pa_snapfile *sf, const struct pa_profile *p, int order,
                         struct pa_machine **out, uint64_t *mismatch, char *err, size_t n)
{
    struct pa_machine *m;
    int rc = pa_snapfile_machine(sf, p, &m, mismatch, err, n);
    if (rc)
        return rc;
    if (order > (int)m->max_order) {
        snprintf(err, n, "order %d is above the snapshot's max_order %u", order, m->max_order);
        pa_machine_destroy(m);
        return PA_EINVAL;
    }
    set_wmarks(m, sf);
    static const struct pa_page_ops snap_ops = {.migrate = snap_migrate};
    if ((rc = pa_snapfile_set_kinds(sf, m)) ||
        (rc = pa_machine_set_page_ops(m, PA_KIND_ANON, &snap_ops, NULL)) ||
        (rc = pa_machine_set_page_ops(m, PA_KIND_FILE, &snap_ops, NULL))) {
        snprintf(err, n, "cannot give the snapshot's pages their kinds: %s", pa_strerror(rc));
        pa_machine_destroy(m);
        return rc;
    }
    *out = m;
    return 0;
}

/* The engine machine's pages of one zone as snapshot records (docs/live.md):
   class runs and free blocks; pages allocated without a kind (freed sources
   still on the modelled per-CPU list) are P. For comparing the predicted
   state with a snapshot taken after the real run, page by page. */
static void write_zone_state(FILE *out, const struct pa_machine *m, const struct pa_zone *z)
{
    uint64_t end = pa_zone_end_pfn(z);
    fprintf(out, "zone %d %s %" PRIu64 " %" PRIu64 "\nruns", z->node, z->name, z->start_pfn,
            z->spanned);
    char cls = 0;
    uint64_t run = 0;
    unsigned tokens = 0;
    for (uint64_t pfn = z->start_pfn; pfn < end;) {
        const struct pa_page *p = &m->pages[pfn];
        uint64_t n = 1;
        char c;
        if (p->flags & PA_PG_HOLE) {
            c = 'H';
        } else if (p->flags & PA_PG_RESERVED) {
            c = 'R';
        } else if (p->flags & PA_PG_BUDDY) {
            c = 'F';
            n = (uint64_t)1 << p->order;
        } else if (p->flags & PA_PG_ALLOC) {
            /* kind-less: a freed source on the modelled list; RESERVED: a
               snapshot page of class P (pa_snapfile_machine) - both
               flagless in kpageflags */
            static const char kinds[] = {[PA_KIND_NONE] = 'P', [PA_KIND_ANON] = 'A',
                                         [PA_KIND_FILE] = 'L', [PA_KIND_SLAB] = 'S',
                                         [PA_KIND_HUGETLB] = 'T', [PA_KIND_RESERVED] = 'P'};
            c = p->kind < sizeof kinds && kinds[p->kind] ? kinds[p->kind] : 'K';
            n = (uint64_t)1 << p->order;
        } else {
            c = cls ? cls : 'K'; /* a tail page: its head's class */
        }
        if (pfn + n > end)
            n = end - pfn;
        if (c != cls && run) {
            fprintf(out, "%s%c%" PRIu64, tokens && tokens % 16 == 0 ? "\nruns " : " ", cls, run);
            tokens++;
            run = 0;
        }
        cls = c;
        run += n;
        pfn += n;
    }
    if (run)
        fprintf(out, "%s%c%" PRIu64, tokens && tokens % 16 == 0 ? "\nruns " : " ", cls, run);
    fputc('\n', out);
    unsigned k = 0;
    for (uint64_t pfn = z->start_pfn; pfn < end;) {
        const struct pa_page *p = &m->pages[pfn];
        if (p->flags & PA_PG_BUDDY) {
            fprintf(out, "%s%" PRIx64 ":%u", k % 16 ? " " : (k ? "\nfree " : "free "), pfn,
                    p->order);
            k++;
            pfn += (uint64_t)1 << p->order;
        } else {
            pfn += (p->flags & PA_PG_ALLOC) ? (uint64_t)1 << p->order : 1;
        }
    }
    fputs(k ? "\nendzone\n" : "endzone\n", out);
}

size_t pa_compact_guess_pcp(const struct pa_snapfile_zone *z, unsigned pageblock_order,
                            size_t max, uint64_t **pfn)
{
    *pfn = NULL;
    if (!z || !z->spanned || !max || pageblock_order > 20)
        return 0;
    uint64_t first = z->start_pfn >> pageblock_order;
    size_t nb = (size_t)(((z->start_pfn + z->spanned - 1) >> pageblock_order) - first + 1);
    bool *kernel = calloc(nb, sizeof *kernel);
    if (!kernel)
        return 0;
    uint64_t p = z->start_pfn;
    for (size_t r = 0; r < z->nr_runs; p += z->runs[r].count, r++) {
        char c = z->runs[r].cls;
        if (c == 'A' || c == 'L' || c == 'F' || c == 'P' || !z->runs[r].count)
            continue;
        for (uint64_t b = p >> pageblock_order;
             b <= (p + z->runs[r].count - 1) >> pageblock_order; b++)
            kernel[b - first] = true;
    }
    size_t n = 0;
    p = z->start_pfn;
    for (size_t r = 0; r < z->nr_runs && n < max; p += z->runs[r].count, r++) {
        if (z->runs[r].cls != 'P' || z->runs[r].count != 1 ||
            kernel[(p >> pageblock_order) - first])
            continue;
        if (!(n & (n + 1))) { /* 0, 1, 3, 7 ...: grow to the next power of two */
            uint64_t *g = realloc(*pfn, 2 * (n + 1) * sizeof *g);
            if (!g)
                break;
            *pfn = g;
        }
        (*pfn)[n++] = p;
    }
    free(kernel);
    if (!n) {
        free(*pfn);
        *pfn = NULL;
    }
    return n;
}

/* compact_memory on every zone of m: the compacting CPU's list modelled;
   no_split: large folios without a target end the run (see
   pa_compact_control.no_split). Fills the scan counts of rep unless
   variant; the held lists are the caller's. */
static void compact_all(struct pa_machine *m, const struct pa_snapfile *sf, int cpu, bool no_split,
                        bool guess_pcp, struct pa_compact_control *held,
                        struct pa_compact_report *rep, bool variant)
{
    for (int i = 0; i < m->nr_zones && i < rep->nr_zones; i++) {
        struct pa_compact_control *cc = &held[i];
        pa_compact_control_whole_zone(cc);
        cc->no_split = no_split;
        if (!m->zones[i].present)
            continue;
        /* freed sources wait on the compacting CPU's list (6.x) */
        pcp_limits(sf->zoneinfo, m->zones[i].node, m->zones[i].name, cpu, &cc->pcp_high,
                   &cc->pcp_count, &cc->pcp_batch);
        cc->pcp_scale_max = 5; /* CONFIG_PCP_BATCH_SCALE_MAX default */
        /* the old pages' pfns: the pages --apply put on the list before the
           snapshot (its pcplist record) that are still flagless there, or
           guessed (--pcp-guess) */
        uint64_t *old = NULL;
        const struct pa_snapfile_zone *sz = i < sf->nr_zones ? &sf->zones[i] : NULL;
        if (sz && sz->nr_pcplist && cpu >= 0) {
            old = malloc(sz->nr_pcplist * sizeof *old);
            for (size_t k = 0; old && k < sz->nr_pcplist; k++) {
                uint64_t pfn = sz->pcplist[k];
                const struct pa_page *pg = pfn < m->max_pfn ? &m->pages[pfn] : NULL;
                if (pg && (pg->flags & PA_PG_ALLOC) && !pg->order &&
                    pg->kind == PA_KIND_RESERVED && !(pg->flags & PA_PG_RESERVED))
                    old[cc->nr_pcp_old_pfn++] = pfn;
            }
        } else if (guess_pcp && cpu >= 0 && sz) {
            cc->nr_pcp_old_pfn = pa_compact_guess_pcp(sz, m->pageblock_order,
                                                      (size_t)cc->pcp_count, &old);
        }
        cc->pcp_old_pfn = old;
        enum pa_compact_result r = pa_compact_zone(&m->zones[i], cc);
        free(old);
        cc->pcp_old_pfn = NULL;
        struct pa_cz_report *zr = &rep->zones[i];
        if (variant) {
            zr->nosplit_met_pfn = cc->migrate_pfn;
            zr->nosplit_contended = r == PA_COMPACT_CONTENDED;
            continue;
        }
        zr->pcp_old_freed = cc->pcp_old_freed;
        zr->pcp_old_known = cc->nr_pcp_old_pfn;
        zr->pcp_old_placed = cc->pcp_old_placed;
        zr->met_pfn = cc->migrate_pfn;
        zr->migrated = cc->migrated;
        zr->migrate_scanned = cc->migrate_scanned;
        zr->free_scanned = cc->free_scanned;
        zr->held = cc->nr_held;
    }
}

/* the engine's compaction events in the kernel's tracefs format (V618
   include/trace/events/compaction.h) */
static void trace_event(void *ctx, const struct pa_event *ev)
{
    FILE *f = ctx;
    static const char *const modes[] = {"async", "sync_light", "sync"};
    switch (ev->type) {
    case PA_EV_COMPACTION_BEGIN:
    case PA_EV_COMPACTION_END:
        fprintf(f, "engine: %s: zone_start=0x%" PRIx64 " migrate_pfn=0x%" PRIx64
                   " free_pfn=0x%" PRIx64 " zone_end=0x%" PRIx64 ", mode=%s",
                pa_event_name(ev->type), ev->compact.zone_start, ev->compact.migrate_pfn,
                ev->compact.free_pfn, ev->compact.zone_end,
                (unsigned)ev->compact.sync < 3 ? modes[ev->compact.sync] : "?");
        if (ev->type == PA_EV_COMPACTION_END)
            fprintf(f, " status=%s", pa_compact_result_name(ev->compact.status));
        fputc('\n', f);
        break;
    case PA_EV_COMPACTION_ISOLATE_MIGRATEPAGES:
    case PA_EV_COMPACTION_ISOLATE_FREEPAGES:
        fprintf(f, "engine: %s: range=(0x%" PRIx64 " ~ 0x%" PRIx64 ") nr_scanned=%" PRIu64
                   " nr_taken=%" PRIu64 "\n",
                pa_event_name(ev->type), ev->isolate.start_pfn, ev->isolate.end_pfn,
                ev->isolate.nr_scanned, ev->isolate.nr_taken);
        break;
    case PA_EV_COMPACTION_MIGRATEPAGES:
        fprintf(f, "engine: %s: nr_migrated=%" PRIu64 " nr_failed=%" PRIu64 "\n",
                pa_event_name(ev->type), ev->migratepages.nr_migrated,
                ev->migratepages.nr_failed);
        break;
    default:
        break;
    }
}

int pa_compact_predict(const struct pa_snapfile *sf, int order, long count, int cpu,
                       const struct pa_compact_dumps *out, struct pa_compact_report *rep,
                       char *err, size_t n)
{
    FILE *state_out = out ? out->state : NULL;
    memset(rep, 0, sizeof *rep);
    rep->order = order;
    rep->cpu = cpu;
    snprintf(rep->kernel, sizeof rep->kernel, "%s", sf->kernel);
    char warn[200];
    const struct pa_profile *p = pa_profile_for_version(sf->kernel[0] ? sf->kernel : "6.17",
                                                        warn, sizeof warn);
    if (!p)
        p = pa_profile_latest();
    snprintf(rep->profile, sizeof rep->profile, "%s", p->name);
    struct pa_machine *m;
    int rc = build_machine(sf, p, order, &m, &rep->mismatch, err, n);
    if (rc)
        return rc;
    struct pa_procinfo *bi = calloc(1, sizeof *bi);
    struct pa_procinfo *zi = calloc(1, sizeof *zi);
    struct pa_diag d;
    bool have_bi = bi && sf->buddyinfo &&
                   !pa_parse_buddyinfo(bi, sf->buddyinfo, strlen(sf->buddyinfo), "b", &d);
    bool have_zi = zi && sf->zoneinfo &&
                   !pa_parse_zoneinfo(zi, sf->zoneinfo, strlen(sf->zoneinfo), "z", &d);
    for (int i = 0; i < m->nr_zones && i < PA_PROC_MAX_ZONES; i++) {
        struct pa_cz_report *zr = &rep->zones[rep->nr_zones++];
        const struct pa_zone *z = &m->zones[i];
        zr->node = z->node;
        snprintf(zr->name, sizeof zr->name, "%s", z->name);
        zr->nr_orders = m->max_order + 1 < PA_PROC_ORDERS ? m->max_order + 1 : PA_PROC_ORDERS;
        zone_counts(z, zr->nr_orders, zr->model);
        const struct pa_proc_zone *pz = have_bi ? pa_procinfo_zone_c(bi, z->node, z->name) : NULL;
        if (pz && pz->have_buddy)
            memcpy(zr->before, pz->nr_free, sizeof zr->before);
        else
            memcpy(zr->before, zr->model, sizeof zr->before);
        pz = have_zi ? pa_procinfo_zone_c(zi, z->node, z->name) : NULL;
        zr->pcp = pz ? pz->pcp_count : sf->zones[i].pcp;
    }
    free(bi);
    free(zi);
    if (out && out->trace)
        pa_machine_set_event_cb(m, trace_event, out->trace);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct pa_compact_control held[PA_PROC_MAX_ZONES];
    memset(held, 0, sizeof held);
    if (order < 0) {
        compact_all(m, sf, cpu, false, out && out->guess_pcp, held, rep, false);
    } else {
        struct pa_compact_stats before = m->compact_stats;
        take_blocks(m, (unsigned)order, count, rep);
        /* direct compaction's counters are machine-wide; give them to the
           zone that yielded the blocks (the highest with any) */
        for (int i = rep->nr_zones - 1; i >= 0; i--)
            if (rep->zones[i].hugepages || i == 0) {
                rep->zones[i].migrated =
                    m->compact_stats.pgmigrate_success - before.pgmigrate_success;
                rep->zones[i].migrate_scanned =
                    m->compact_stats.compact_migrate_scanned - before.compact_migrate_scanned;
                rep->zones[i].free_scanned =
                    m->compact_stats.compact_free_scanned - before.compact_free_scanned;
                break;
            }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    rep->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    pa_machine_set_event_cb(m, NULL, NULL);
    for (int i = 0; i < rep->nr_zones; i++)
        zone_counts(&m->zones[i], rep->zones[i].nr_orders, rep->zones[i].predicted);
    if (state_out) {
        fprintf(state_out, "pagealloc-snapshot 2\nkernel %s\npage_size %u\nmax_order %u\n"
                           "pageblock_order %u\n",
                sf->kernel, sf->page_size, m->max_order, m->pageblock_order);
        for (int i = 0; i < m->nr_zones; i++)
            write_zone_state(state_out, m, &m->zones[i]);
    }
    /* and once the per-CPU lists have drained */
    for (int i = 0; i < rep->nr_zones; i++) {
        pa_compact_release_held(m, &held[i], true);
        zone_counts(&m->zones[i], rep->zones[i].nr_orders, rep->zones[i].drained);
    }
    pa_machine_destroy(m);
    /* the same run if the kernel could split no large folio that finds no
       target of its order (its run then ends CONTENDED there) */
    if (order < 0 && !build_machine(sf, p, order, &m, &rep->mismatch, err, n)) {
        memset(held, 0, sizeof held);
        compact_all(m, sf, cpu, true, out && out->guess_pcp, held, rep, true);
        for (int i = 0; i < rep->nr_zones; i++) {
            zone_counts(&m->zones[i], rep->zones[i].nr_orders, rep->zones[i].nosplit);
            pa_compact_release_held(m, &held[i], false);
        }
        rep->have_nosplit = true;
        pa_machine_destroy(m);
    }
    err[0] = '\0';
    return 0;
}

static volatile sig_atomic_t stop_sig;
static void on_signal(int sig)
{
    stop_sig = sig;
}

/* real and agreement of every zone from a /proc/buddyinfo text */
static int set_real_counts(struct pa_compact_report *rep, const char *t, size_t len, char *err,
                           size_t n)
{
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_diag d;
    int rc = 0;
    if (!t || !pi || pa_parse_buddyinfo(pi, t, len, "/proc/buddyinfo", &d)) {
        snprintf(err, n, "cannot read /proc/buddyinfo after compaction");
        rc = PA_EINVAL;
        goto out;
    }
    for (int i = 0; i < rep->nr_zones; i++) {
        struct pa_cz_report *zr = &rep->zones[i];
        const struct pa_proc_zone *pz = pa_procinfo_zone_c(pi, zr->node, zr->name);
        if (!pz || !pz->have_buddy)
            continue;
        memcpy(zr->real, pz->nr_free, sizeof zr->real);
        zr->have_real = true;
        zr->agreement = pa_compact_agreement(zr->before, zr->predicted, zr->real, zr->nr_orders,
                                             &zr->have_agreement);
        zr->change = 0;
        for (unsigned o = 0; o < zr->nr_orders && o < PA_PROC_ORDERS; o++)
            zr->change += (zr->before[o] > zr->real[o] ? zr->before[o] - zr->real[o]
                                                       : zr->real[o] - zr->before[o])
                          << o;
        bool def;
        if (rep->have_nosplit)
            zr->nosplit_agreement =
                pa_compact_agreement(zr->before, zr->nosplit, zr->real, zr->nr_orders, &def);
    }
out:
    free(pi);
    return rc;
}

static int read_real(struct pa_compact_report *rep, char *err, size_t n)
{
    size_t len = 0;
    char *t = pa_read_file("/proc/buddyinfo", &len);
    int rc = set_real_counts(rep, t, len, err, n);
    free(t);
    return rc;
}

/* pgmigrate_success, compact_migrate_scanned, compact_free_scanned */
static bool vmstat3(uint64_t v[3])
{
    size_t len;
    char *t = pa_read_file("/proc/vmstat", &len);
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_diag d;
    bool ok = t && pi && !pa_parse_vmstat(pi, t, len, "/proc/vmstat", &d) &&
              pa_procinfo_vmstat(pi, "pgmigrate_success", &v[0]) &&
              pa_procinfo_vmstat(pi, "compact_migrate_scanned", &v[1]) &&
              pa_procinfo_vmstat(pi, "compact_free_scanned", &v[2]);
    free(t);
    free(pi);
    return ok;
}

static int apply_inner(struct pa_compact_report *rep, long count, char *err, size_t n);

int pa_compact_apply(struct pa_compact_report *rep, long count, char *err, size_t n)
{
    uint64_t a[3], b[3];
    bool va = vmstat3(a);
    int rc = apply_inner(rep, count, err, n);
    if (va && rep->applied && vmstat3(b)) {
        rep->have_vmstat = true;
        rep->real_migrated = b[0] - a[0];
        rep->real_migrate_scanned = b[1] - a[1];
        rep->real_free_scanned = b[2] - a[2];
    }
    return rc;
}

static int apply_inner(struct pa_compact_report *rep, long count, char *err, size_t n)
{
    err[0] = '\0';
    if (geteuid() != 0) {
        snprintf(err, n, "--apply needs root");
        return -EPERM;
    }
    if (rep->order < 0) {
        int fd = open("/proc/sys/vm/compact_memory", O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, "1\n", 2) != 2) {
            int e = errno;
            snprintf(err, n, "cannot write /proc/sys/vm/compact_memory: %s", strerror(e));
            if (fd >= 0)
                close(fd);
            return -e;
        }
        close(fd);
        rep->applied = true;
        return read_real(rep, err, n);
    }
    if (rep->order != 9) {
        snprintf(err, n, "--apply with --order works through the 2 MiB hugetlb pool: order 9 "
                         "only");
        return PA_EINVAL;
    }
    long want = count;
    if (!want)
        for (int i = 0; i < rep->nr_zones; i++)
            want += (long)rep->zones[i].hugepages;
    if (!want) {
        snprintf(err, n, "the prediction took no order-9 block: nothing to ask the kernel for");
        return PA_EINVAL;
    }
    /* serialised with `contig --grow-pool`; the pool is put back on every
       path, SIGINT and SIGTERM included */
    int lockfd = open("/run/pagealloc-hugepool.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lockfd < 0 || flock(lockfd, LOCK_EX)) {
        snprintf(err, n, "cannot lock /run/pagealloc-hugepool.lock: %s", strerror(errno));
        if (lockfd >= 0)
            close(lockfd);
        return -EIO;
    }
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    struct pa_hugepool before, now;
    int rc = pa_hugepool_read(2048, -1, &before);
    if (rc) {
        snprintf(err, n, "cannot read the 2048 kB hugetlb pool");
        goto out;
    }
    rep->pool_before = before.nr;
    rep->pool_asked = want;
    rc = pa_hugepool_set(2048, -1, before.nr + want);
    rep->applied = true;
    if (!pa_hugepool_read(2048, -1, &now))
        rep->pool_got = now.nr - before.nr;
    if (!stop_sig)
        rc = read_real(rep, err, n) ? PA_EINVAL : rc;
    if (stop_sig && !err[0])
        snprintf(err, n, "interrupted by signal %d", (int)stop_sig);
out:
    if (rep->applied) {
        int e = pa_hugepool_set(2048, -1, before.nr);
        rep->pool_restored = !e && !pa_hugepool_read(2048, -1, &now) && now.nr == before.nr;
        if (!rep->pool_restored && !err[0]) {
            snprintf(err, n, "could not restore nr_hugepages to %ld: set it by hand", before.nr);
            rc = -EIO;
        }
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    close(lockfd);
    if (stop_sig && !rc)
        rc = -EINTR;
    return rc;
}

int pa_compact_pin_cpu(void)
{
    size_t len;
    char *zi = pa_read_file("/proc/zoneinfo", &len);
    cpu_set_t allowed;
    if (!zi || sched_getaffinity(0, sizeof allowed, &allowed)) {
        free(zi);
        return -1;
    }
    /* the sum of each CPU's count: over the zones */
    enum { MAXCPU = 1024 };
    uint64_t *sum = calloc(MAXCPU, sizeof *sum);
    bool *seen = calloc(MAXCPU, sizeof *seen);
    int cur = -1, best = -1;
    for (const char *q = zi; sum && seen && q; q = strchr(q, '\n')) {
        unsigned long long v;
        int c;
        while (*q == '\n' || *q == ' ')
            q++;
        if (sscanf(q, "cpu: %d", &c) == 1)
            cur = c >= 0 && c < MAXCPU ? c : -1;
        else if (cur >= 0 && sscanf(q, "count: %llu", &v) == 1) {
            sum[cur] += v;
            seen[cur] = true;
        }
    }
    for (int c = 0; sum && seen && c < MAXCPU && c < CPU_SETSIZE; c++)
        if (seen[c] && CPU_ISSET(c, &allowed) && (best < 0 || sum[c] < sum[best]))
            best = c;
    free(sum);
    free(seen);
    free(zi);
    if (best < 0)
        return -1;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(best, &one);
    return sched_setaffinity(0, sizeof one, &one) ? -1 : best;
}

long pa_compact_pcp_fill(int cpu, uint64_t **pfn)
{
    *pfn = NULL;
    long psz = sysconf(_SC_PAGESIZE);
    if (psz <= 0 || cpu < 0)
        return -EINVAL;
    /* how much: what this CPU's lists hold and can hold, zone by zone */
    size_t len = 0;
    char *zi = pa_read_file("/proc/zoneinfo", &len);
    uint64_t want = 0;
    for (const char *p = zi; p && (p = strstr(p, "Node ")); p++) {
        int node;
        char zone[16];
        if (sscanf(p, "Node %d, zone %15s", &node, zone) != 2)
            continue;
        uint64_t high, count, batch;
        pcp_limits(zi, node, zone, cpu, &high, &count, &batch);
        if (count + high + 2 * batch > want)
            want = count + high + 2 * batch;
    }
    free(zi);
    size_t pages = want < 1024 ? 1024 : want > 32768 ? 32768 : (size_t)want;
    /* the pfn array first, so that its own pages are not among them */
    uint64_t *pm = calloc(pages, sizeof *pm);
    if (!pm)
        return -ENOMEM;
    memset(pm, 0, pages * sizeof *pm); /* its pages faulted in now */
    int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        free(pm);
        return -e;
    }
    size_t bytes = pages * (size_t)psz;
    char *mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
        int e = errno;
        close(fd);
        free(pm);
        return -e;
    }
    madvise(mem, bytes, MADV_NOHUGEPAGE); /* order-0 pages, from the order-0 list */
    for (size_t i = 0; i < pages; i++)
        mem[i * (size_t)psz] = 1;
    off_t at = (off_t)((uintptr_t)mem / (uintptr_t)psz * 8);
    ssize_t got = pread(fd, pm, pages * sizeof *pm, at);
    close(fd);
    munmap(mem, bytes); /* freed in address order (zap_pte_range) */
    if (got != (ssize_t)(pages * sizeof *pm)) {
        free(pm);
        return got < 0 ? -errno : -EIO;
    }
    /* pagemap: bit 63 present, bits 0-54 the pfn (0 without CAP_SYS_ADMIN) */
    size_t n = 0;
    for (size_t i = 0; i < pages; i++) {
        uint64_t v = pm[i], f = v & ((1ull << 55) - 1);
        if ((v >> 63 & 1) && f)
            pm[n++] = f;
    }
    if (!n) {
        free(pm);
        return -EPERM;
    }
    *pfn = pm;
    return (long)n;
}

void pa_compact_prefault_heap(size_t bytes)
{
#ifdef M_TRIM_THRESHOLD
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
#endif
    long psz = sysconf(_SC_PAGESIZE);
    char *p = malloc(bytes);
    if (!p || psz <= 0) {
        free(p);
        return;
    }
    for (size_t i = 0; i < bytes; i += (size_t)psz)
        ((volatile char *)p)[i] = 1;
    free(p);
}

char *pa_compact_add_pcplist(const char *text, size_t len, const uint64_t *pfn, size_t n,
                             size_t *out_len)
{
    char *out = NULL;
    size_t olen = 0;
    FILE *f = open_memstream(&out, &olen);
    if (!f)
        return NULL;
    uint64_t start = 0, end = 0;
    const char *p = text, *e = text + len;
    while (p < e) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        size_t l = nl ? (size_t)(nl - p + 1) : (size_t)(e - p);
        unsigned long long st, sp;
        int node;
        char name[16];
        if (l > 5 && !strncmp(p, "zone ", 5) &&
            sscanf(p, "zone %d %15s %llu %llu", &node, name, &st, &sp) == 4) {
            start = st;
            end = st + sp;
        } else if (l >= 7 && !strncmp(p, "endzone", 7) && end > start) {
            size_t k = 0;
            for (size_t i = 0; i < n; i++) {
                if (pfn[i] < start || pfn[i] >= end)
                    continue;
                fprintf(f, "%s%" PRIx64, k % 16 ? " " : k ? "\npcplist " : "pcplist ", pfn[i]);
                k++;
            }
            if (k)
                fputc('\n', f);
            start = end = 0;
        }
        fwrite(p, 1, l, f);
        p += l;
    }
    if (fclose(f)) {
        free(out);
        return NULL;
    }
    *out_len = olen;
    return out;
}

int pa_compact_priority(int nice_value)
{
    errno = 0;
    int old = getpriority(PRIO_PROCESS, 0);
    if (old == -1 && errno)
        return PA_NICE_NONE;
    return setpriority(PRIO_PROCESS, 0, nice_value) ? PA_NICE_NONE : old;
}

int pa_compact_leave_cpu(int cpu)
{
    cpu_set_t all;
    if (cpu < 0 || cpu >= CPU_SETSIZE)
        return -1;
    CPU_ZERO(&all);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    for (long c = 0; c < n && c < CPU_SETSIZE; c++)
        if (c != cpu)
            CPU_SET((int)c, &all);
    return CPU_COUNT(&all) && !sched_setaffinity(0, sizeof all, &all) ? 0 : -1;
}

void pa_compact_vmstat_read(struct pa_compact_vmstat *vs)
{
    static const char *const names[PA_CV_COUNT] = {
        "pgmigrate_success", "compact_migrate_scanned", "compact_free_scanned", "pgfree",
        "pgalloc_dma", "pgalloc_dma32", "pgalloc_normal", "pgalloc_movable"};
    memset(vs, 0, sizeof *vs);
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    vs->when = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
    size_t len;
    char *txt = pa_read_file("/proc/vmstat", &len);
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    struct pa_diag d;
    if (txt && pi && !pa_parse_vmstat(pi, txt, len, "/proc/vmstat", &d)) {
        vs->ok = true;
        for (int i = 0; i < PA_CV_COUNT; i++)
            if (!pa_procinfo_vmstat(pi, names[i], &vs->v[i]))
                vs->v[i] = 0; /* a zone this kernel does not have */
    }
    free(txt);
    free(pi);
}

int pa_compact_memory_real(struct pa_compact_real *real, char *err, size_t n)
{
    struct pa_compact_vmstat mark = real->mark;
    memset(real, 0, sizeof *real);
    real->mark = mark;
    err[0] = '\0';
    if (geteuid() != 0) {
        snprintf(err, n, "--apply needs root");
        return -EPERM;
    }
    uint64_t a[3], b[3];
    pa_compact_vmstat_read(&real->start);
    bool va = vmstat3(a);
    int fd = open("/proc/sys/vm/compact_memory", O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, "1\n", 2) != 2) {
        int e = errno;
        snprintf(err, n, "cannot write /proc/sys/vm/compact_memory: %s", strerror(e));
        if (fd >= 0)
            close(fd);
        return -e;
    }
    close(fd);
    real->buddyinfo = pa_read_file("/proc/buddyinfo", &real->len);
    pa_compact_vmstat_read(&real->end);
    if (va && vmstat3(b)) {
        real->have_vmstat = true;
        for (int i = 0; i < 3; i++)
            real->vmstat[i] = b[i] - a[i];
    }
    if (!real->buddyinfo) {
        snprintf(err, n, "cannot read /proc/buddyinfo after compaction");
        return PA_EINVAL;
    }
    return 0;
}

int pa_compact_set_real(struct pa_compact_report *rep, const struct pa_compact_real *real,
                        char *err, size_t n)
{
    if (!rep || !real || !real->buddyinfo)
        return PA_EINVAL;
    rep->applied = true;
    if (real->have_vmstat) {
        rep->have_vmstat = true;
        rep->real_migrated = real->vmstat[0];
        rep->real_migrate_scanned = real->vmstat[1];
        rep->real_free_scanned = real->vmstat[2];
    }
    int rc = set_real_counts(rep, real->buddyinfo, real->len, err, n);
    if (real->end.ok && real->start.ok) {
        rep->run_seconds = real->end.when - real->start.when;
        const struct pa_compact_vmstat *from = real->mark.ok ? &real->mark : &real->start;
        rep->snapshot_seconds = real->start.when - from->when;
        rep->drift_free = real->end.v[PA_CV_PGFREE] - from->v[PA_CV_PGFREE];
        /* the kernel's migration scanner per zone: the machine's count less
           the model's for the other zones, given to the zone the model
           moved most in */
        int top = -1;
        uint64_t others = 0;
        for (int i = 0; i < rep->nr_zones; i++)
            if (top < 0 || rep->zones[i].migrated > rep->zones[top].migrated)
                top = i;
        for (int i = 0; i < rep->nr_zones; i++)
            if (i != top)
                others += rep->zones[i].migrate_scanned;
        uint64_t total = real->end.v[PA_CV_MSCANNED] - real->start.v[PA_CV_MSCANNED];
        for (int i = 0; i < rep->nr_zones; i++) {
            struct pa_cz_report *zr = &rep->zones[i];
            static const char *const zn[4] = {"DMA", "DMA32", "Normal", "Movable"};
            for (int k = 0; k < 4; k++)
                if (!strcmp(zr->name, zn[k])) {
                    zr->have_drift = true;
                    zr->drift_alloc = real->end.v[PA_CV_ALLOC0 + k] - from->v[PA_CV_ALLOC0 + k];
                }
            if (i == top && rep->zones[top].migrated && total >= others) {
                zr->have_kscan = true;
                zr->kernel_migrate_scanned = total - others;
                /* a run that completes ends where the scanners meet, a
                   few pageblocks from the model's meeting point; one that
                   ended early (CONTENDED) leaves its migration scanner far
                   below it */
                zr->stopped_short = zr->kernel_migrate_scanned * 5 < zr->migrate_scanned * 4;
            }
        }
    }
    return rc;
}

void pa_compact_real_free(struct pa_compact_real *real)
{
    if (real) {
        free(real->buddyinfo);
        real->buddyinfo = NULL;
    }
}

/* pages on every zone's per-CPU lists (zoneinfo's pagesets count:) */
static uint64_t pcp_total(void)
{
    size_t len;
    char *zi = pa_read_file("/proc/zoneinfo", &len);
    uint64_t sum = 0;
    for (const char *q = zi; q && (q = strstr(q, "count:")); q += 6) {
        unsigned long long v;
        if (sscanf(q, "count: %llu", &v) == 1)
            sum += v;
    }
    free(zi);
    return sum;
}

/* vm.percpu_pagelist_high_fraction: the value to put back, -1 if nothing to
   put back; a signal handler may write it (open/write/close are
   async-signal-safe) */
#define PCP_FRACTION "/proc/sys/vm/percpu_pagelist_high_fraction"
static volatile sig_atomic_t pcp_saved = -1;

static int write_int(const char *path, long v)
{
    char buf[32];
    int len = 0;
    /* by hand: snprintf is not async-signal-safe */
    char tmp[24];
    unsigned long u = v < 0 ? 0 : (unsigned long)v;
    do {
        tmp[len++] = (char)('0' + u % 10);
        u /= 10;
    } while (u && len < (int)sizeof tmp);
    for (int i = 0; i < len; i++)
        buf[i] = tmp[len - 1 - i];
    buf[len++] = '\n';
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    int rc = write(fd, buf, (size_t)len) == len ? 0 : -EIO;
    close(fd);
    return rc;
}

static void pcp_restore_on_signal(int sig)
{
    if (pcp_saved >= 0)
        write_int(PCP_FRACTION, pcp_saved);
    pcp_saved = -1;
    signal(sig, SIG_DFL);
    raise(sig);
}

int pa_compact_pcp_shrink(void)
{
    size_t len;
    char *t = pa_read_file(PCP_FRACTION, &len);
    long old;
    if (!t || sscanf(t, "%ld", &old) != 1 || old < 0) {
        free(t);
        return -ENOENT;
    }
    free(t);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = pcp_restore_on_signal;
    pcp_saved = (sig_atomic_t)old;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* high = max(managed / fraction / cpus, 4 * batch): 4 * batch */
    int rc = write_int(PCP_FRACTION, 1L << 30);
    if (rc)
        pa_compact_pcp_restore();
    return rc;
}

int pa_compact_pcp_restore(void)
{
    if (pcp_saved < 0)
        return 0;
    int rc = write_int(PCP_FRACTION, pcp_saved);
    pcp_saved = -1;
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    return rc;
}

int pa_compact_settle(int max_rounds, uint64_t *before, uint64_t *after)
{
    /* dirty page-cache folios cannot be split when compaction needs to
       (docs/compaction.md): write them back first, as sync(1) does */
    sync();
    *before = *after = pcp_total();
    int rounds = 0;
    for (; rounds < max_rounds; rounds++) {
        int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY | O_CLOEXEC);
        if (fd < 0)
            return rounds ? rounds : -errno;
        bool ok = write(fd, "1\n", 2) == 2;
        close(fd);
        if (!ok)
            return rounds ? rounds : -EIO;
        uint64_t now = pcp_total();
        bool falling = now < *after;
        *after = now;
        if (!falling && rounds >= 2)
            break;
    }
    return rounds;
}

static const struct pa_snapfile_zone *snap_zone_of(const struct pa_snapfile *sf, int node,
                                                   const char *name)
{
    for (int i = 0; i < sf->nr_zones; i++)
        if (sf->zones[i].node == node && !strcmp(sf->zones[i].name, name))
            return &sf->zones[i];
    return NULL;
}

static bool user_class(char c)
{
    return c == 'A' || c == 'L';
}

struct runcur {
    const struct pa_snapfile_zone *z;
    size_t r;
    uint64_t left;
};

static void cur_init(struct runcur *c, const struct pa_snapfile_zone *z)
{
    c->z = z;
    c->r = 0;
    c->left = z && z->nr_runs ? z->runs[0].count : 0;
}

static bool cur_ok(const struct runcur *c)
{
    return !c->z || c->r < c->z->nr_runs;
}

static char cur_cls(const struct runcur *c)
{
    return c->z ? c->z->runs[c->r].cls : 0;
}

static void cur_adv(struct runcur *c, uint64_t k)
{
    if (!c->z)
        return;
    c->left -= k;
    if (!c->left && ++c->r < c->z->nr_runs)
        c->left = c->z->runs[c->r].count;
}

int pa_compact_page_drift(const struct pa_snapfile *before, const struct pa_snapfile *model,
                          const struct pa_snapfile *after, struct pa_compact_report *rep)
{
    if (!before || !after || !rep)
        return PA_EINVAL;
    int top = -1;
    for (int i = 0; i < rep->nr_zones; i++)
        if (rep->zones[i].migrated && (top < 0 || rep->zones[i].migrated > rep->zones[top].migrated))
            top = i;
    for (int i = 0; i < rep->nr_zones; i++) {
        struct pa_cz_report *zr = &rep->zones[i];
        const struct pa_snapfile_zone *a = snap_zone_of(before, zr->node, zr->name);
        const struct pa_snapfile_zone *b = snap_zone_of(after, zr->node, zr->name);
        const struct pa_snapfile_zone *mz = model ? snap_zone_of(model, zr->node, zr->name) : NULL;
        if (!a || !b || a->start_pfn != b->start_pfn || (mz && mz->start_pfn != a->start_pfn))
            continue;
        uint64_t src = 0, tgt = 0, other = 0, refilled = 0;
        struct runcur ca, cb, cm;
        cur_init(&ca, a);
        cur_init(&cb, b);
        cur_init(&cm, mz);
        while (ca.r < a->nr_runs && cb.r < b->nr_runs && cur_ok(&cm)) {
            uint64_t k = ca.left < cb.left ? ca.left : cb.left;
            if (mz && cm.left < k)
                k = cm.left;
            char x = cur_cls(&ca), y = cur_cls(&cb), mc = cur_cls(&cm);
            /* H and U: memory that is not there, either way */
            bool none_x = x == 'H' || x == 'U', none_y = y == 'H' || y == 'U';
            if (x != y && !(none_x && none_y)) {
                if (user_class(x) && (y == 'F' || y == 'P'))
                    src += k;
                else if (x == 'F' && user_class(y))
                    tgt += k;
                else
                    other += k;
            }
            /* a user page the model moved away that is a user page after the
               run: the kernel left it, or (as traced runs showed) moved it
               and another process's allocation took the freed frame */
            if (user_class(x) && (mc == 'F' || mc == 'P') && user_class(y))
                refilled += k;
            cur_adv(&ca, k);
            cur_adv(&cb, k);
            cur_adv(&cm, k);
        }
        uint64_t mig = src < tgt ? src : tgt;
        if (i == top && rep->have_vmstat)
            mig = rep->real_migrated;
        zr->have_page_drift = true;
        zr->drift_src = src;
        zr->drift_tgt = tgt;
        zr->drift_other = other;
        zr->have_refilled = mz != NULL;
        zr->refilled = refilled;
        zr->page_drift = other + (src > mig ? src - mig : mig - src) +
                         (tgt > mig ? tgt - mig : mig - tgt);
    }
    return 0;
}
