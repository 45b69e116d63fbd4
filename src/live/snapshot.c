/*
 * snapshot.c - read /proc/kpageflags and /proc/kpagecount over every zone's
 * pfn range [start_pfn, start_pfn + spanned) (from zoneinfo), classify each
 * page, and write the run-length file described in docs/live.md. Free blocks
 * are recovered by cutting each run of KPF_BUDDY pages into aligned blocks:
 * since 4.6 (fs/proc/page.c reports every page of a free block as buddy, not
 * only its head) that gives the kernel's free blocks, up to pages that moved
 * while we read and free pages the buddy lists do not hold (pcp lists), which
 * is why the result is compared with buddyinfo read before and after.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "live/procread.h"
#include "live/snapshot.h"
#include "pagealloc/pbinfer.h"

/* fs/proc/page.c KPF_* bit numbers (include/uapi/linux/kernel-page-flags.h);
   RESERVED is one of the kernel-internal bits (32+) exported to root. */
#define KPF_DIRTY 4
#define KPF_LRU 5
#define KPF_SLAB 7
#define KPF_WRITEBACK 8
#define KPF_BUDDY 10
#define KPF_MMAP 11
#define KPF_ANON 12
#define KPF_COMPOUND_HEAD 15
#define KPF_COMPOUND_TAIL 16
#define KPF_HUGE 17
#define KPF_UNEVICTABLE 18
#define KPF_NOPAGE 20
#define KPF_THP 22
#define KPF_RESERVED 32

static const char class_letters[PA_SC_COUNT] = {'F', 'A', 'L', 'S', 'T', 'K', 'R', 'H',
                                                'P', 'C', 'U'};
static const char *const class_names[PA_SC_COUNT] = {
    "free", "anon", "file/LRU", "slab", "hugetlb", "other kernel", "reserved", "hole",
    "no flags (pcp)", "THP", "uninitialised"};

char pa_snap_class_letter(enum pa_snap_class c)
{
    return (unsigned)c < PA_SC_COUNT ? class_letters[c] : '?';
}
const char *pa_snap_class_name(enum pa_snap_class c)
{
    return (unsigned)c < PA_SC_COUNT ? class_names[c] : "?";
}

void pa_cut_free_run(uint64_t pfn, uint64_t npages, unsigned max_order,
                     void (*fn)(void *ctx, uint64_t pfn, unsigned order), void *ctx)
{
    while (npages) {
        unsigned o = max_order;
        while (o > 0 && ((pfn & ((1ull << o) - 1)) || (1ull << o) > npages))
            o--;
        fn(ctx, pfn, o);
        pfn += 1ull << o;
        npages -= 1ull << o;
    }
}

/* System RAM ranges of /proc/iomem (top level), in pfns; none when hidden. */
struct ram {
    int n;
    uint64_t start[256], end[256];   /* [start, end) */
};

static void read_iomem(struct ram *r, unsigned page_size)
{
    size_t len;
    r->n = 0;
    char *t = pa_read_file("/proc/iomem", &len);
    if (!t)
        return;
    for (char *line = strtok(t, "\n"); line && r->n < 256; line = strtok(NULL, "\n")) {
        unsigned long long a, b;
        if (line[0] == ' ' || !strstr(line, ": System RAM"))
            continue;
        if (sscanf(line, "%llx-%llx", &a, &b) == 2 && b > a) {
            r->start[r->n] = a / page_size;
            r->end[r->n] = (b + 1) / page_size;
            r->n++;
        }
    }
    free(t);
    /* unprivileged readers see zeros: treat as unknown */
    if (r->n && r->end[r->n - 1] == 0)
        r->n = 0;
}

static bool in_ram(const struct ram *r, uint64_t pfn)
{
    if (!r->n)
        return true;
    for (int i = 0; i < r->n; i++)
        if (pfn >= r->start[i] && pfn < r->end[i])
            return true;
    return false;
}

/* small_folio: the page belongs to a large folio below pageblock order
   (an mTHP or a large page-cache folio). kpageflags sets KPF_THP on every
   page of a large folio on an LRU list, whatever its order; whole-zone
   compaction moves it (V618 mm/compaction.c skip_isolation_on_order skips
   only folios of pageblock order and up when order is -1), so it is an
   anon or LRU page here, and only a folio of pageblock order is C. */
enum pa_snap_class pa_snap_classify(uint64_t f, bool ram, bool uninit, bool small_folio)
{
    if ((f >> KPF_NOPAGE & 1) || !ram)
        return PA_SC_HOLE;
    if (uninit)
        return PA_SC_UNINIT;
    if (!f)
        return PA_SC_PCP;
    if (f >> KPF_BUDDY & 1)
        return PA_SC_FREE;
    if (f >> KPF_HUGE & 1)
        return PA_SC_HUGETLB;
    if ((f >> KPF_THP & 1) && !small_folio)
        return PA_SC_THP;
    if (f >> KPF_SLAB & 1)
        return PA_SC_SLAB;
    /* version 2: a reserved page is reserved even when mapped (firmware
       tables), and a mapped page off the LRU lists (a driver's or the vdso's)
       is a kernel page: compaction can move neither */
    if (f >> KPF_RESERVED & 1)
        return PA_SC_RESERVED;
    /* only pages on an LRU list can be isolated: anon pages off the LRU
       (unmapped, compound, held by the kernel) are seen as kernel pages */
    if ((f >> KPF_ANON & 1) && (f >> KPF_LRU & 1))
        return PA_SC_ANON;
    /* a mapped anon page off the LRU that is no compound page: one just
       faulted in, waiting in a per-CPU LRU batch (folio_add_lru). Whole-zone
       compaction drains those batches first (V618 mm/compaction.c
       compact_nodes: lru_add_drain_all), so the page is on the LRU when the
       migration scanner comes: movable (live runs: the kernel freed such
       lone "kernel" pages in user areas; ~35 of them in Normal at a time) */
    if ((f >> KPF_ANON & 1) && (f >> KPF_MMAP & 1) && !(f >> KPF_COMPOUND_HEAD & 1) &&
        !(f >> KPF_COMPOUND_TAIL & 1) && !(f >> KPF_UNEVICTABLE & 1))
        return PA_SC_ANON;
    if (f >> KPF_LRU & 1)
        return PA_SC_FILE;
    return PA_SC_KERNEL;
}

struct blocks {
    struct pa_snap_zone *z;
    uint64_t *pfn;
    uint8_t *order;
    size_t n, cap;
    int oom;
};

static void add_block(void *ctx, uint64_t pfn, unsigned order)
{
    struct blocks *b = ctx;
    if (order < b->z->nr_orders)
        b->z->blocks[order]++;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        uint64_t *p = realloc(b->pfn, cap * sizeof *p);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->pfn = p;
        uint8_t *o = realloc(b->order, cap);
        if (!o) {
            b->oom = 1;
            return;
        }
        b->order = o;
        b->cap = cap;
    }
    b->pfn[b->n] = pfn;
    b->order[b->n++] = (uint8_t)order;
}

/* Large folios below pageblock order on an LRU list (the 'folios' record);
   order | 0x80: a dirty or write-back page-cache folio, which the kernel
   cannot split (its buffers cannot be released: V618 mm/huge_memory.c
   __folio_split, filemap_release_folio). */
struct folios {
    uint64_t *pfn;
    uint8_t *order;
    size_t n, cap;
};

static bool add_folio(struct folios *f, uint64_t pfn, uint64_t nr, bool pinned)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 1024;
        uint64_t *p = realloc(f->pfn, cap * sizeof *p);
        if (!p)
            return true;
        f->pfn = p;
        uint8_t *o = realloc(f->order, cap);
        if (!o)
            return true;
        f->order = o;
        f->cap = cap;
    }
    unsigned order = 0;
    while ((1ull << order) < nr)
        order++;
    f->pfn[f->n] = pfn;
    f->order[f->n++] = (uint8_t)(order | (pinned ? 0x80 : 0));
    return false;
}

/* Run-length writer: tokens "<letter><count>", 16 per line. */
struct rle {
    FILE *out;
    int cls;
    uint64_t count;
    int tokens;
};

static void rle_flush(struct rle *r)
{
    if (!r->count)
        return;
    fprintf(r->out, "%s%c%" PRIu64, r->tokens ? " " : "runs ", class_letters[r->cls], r->count);
    if (++r->tokens == 16) {
        fputc('\n', r->out);
        r->tokens = 0;
    }
    r->count = 0;
}

/* First pfn of the zone's trailing run of flagless pages, rounded up to a
   memory section: memory that deferred struct page init has not reached yet
   (its struct pages are all zero). Deferred init works in whole sections
   (V618 mm/mm_init.c: defer_init stops the boot-time init at a section
   boundary, deferred_grow_zone grows by PAGES_PER_SECTION), so flagless pages
   inside the last initialised section - per-CPU list pages and bare kernel
   allocations, often many on a freshly grown section - are initialised
   memory that the kernel counts in pagetypeinfo. x86_64's section is 128 MiB
   (SECTION_SIZE_BITS 27). The zone's end if there is no such section. */
static uint64_t uninit_start(int fl, const struct pa_snap_zone *z)
{
    enum { CHUNK = 65536 };
    uint64_t end = z->start_pfn + z->spanned, pfn = end;
    uint64_t *flags = malloc(CHUNK * sizeof *flags);
    if (!flags)
        return end;
    while (pfn > z->start_pfn) {
        uint64_t lo = pfn - z->start_pfn > CHUNK ? pfn - CHUNK : z->start_pfn;
        ssize_t got = pread(fl, flags, (size_t)(pfn - lo) * 8, (off_t)(lo * 8));
        if (got != (ssize_t)((pfn - lo) * 8))
            break;
        size_t i = (size_t)(pfn - lo);
        while (i > 0 && !flags[i - 1])
            i--;
        pfn = lo + i;
        if (i)
            break;
    }
    free(flags);
    long page = sysconf(_SC_PAGESIZE);
    uint64_t section = ((uint64_t)1 << 27) / (uint64_t)(page > 0 ? page : 4096);
    uint64_t start = (pfn + section - 1) & ~(section - 1);
    return start < end ? start : end;
}

/* Per-pageblock contents for the migratetype inference. */
struct pbscan {
    uint64_t first;           /* pageblock number of the zone's first pfn       */
    size_t n;
    struct pa_pb_feat *feat;
    unsigned order;
};

static void pb_add_block(struct pbscan *ps, uint64_t pfn, unsigned order)
{
    size_t i = (size_t)((pfn >> ps->order) - ps->first);
    if (i >= ps->n || order >= PA_PBINFER_ORDERS)
        return;
    ps->feat[i].free_blocks[order]++;
    if (order > ps->order)
        for (uint64_t k = 1; k < (1ull << (order - ps->order)) && i + k < ps->n; k++)
            ps->feat[i + k].lead = (int64_t)i;
}

/* pagetypeinfo's tables of one zone, by engine migratetype. */
static bool pt_targets(const struct pa_proc_zone *pz, uint64_t want[PA_MT_COUNT],
                       uint64_t (*free_t)[PA_PBINFER_ORDERS], bool *have_free)
{
    memset(want, 0, PA_MT_COUNT * sizeof *want);
    memset(free_t, 0, PA_MT_COUNT * sizeof *free_t);
    *have_free = false;
    if (!pz || !pz->have_blocks)
        return false;
    for (int t = 0; t < pz->nr_block_types; t++) {
        int mt = pa_migratetype_from_name(pz->block_type_name[t]);
        if (mt >= 0)
            want[mt] += pz->blocks[t];
    }
    if (pz->have_types) {
        *have_free = true;
        for (int t = 0; t < pz->nr_types; t++)
            if (pz->types[t].mt >= 0)
                for (unsigned o = 0; o < PA_PROC_ORDERS && o < PA_PBINFER_ORDERS; o++)
                    free_t[pz->types[t].mt][o] += pz->types[t].nr_free[o];
    }
    return true;
}

static void rle_letters(FILE *out, const char *key, const char *letters, size_t n)
{
    int tokens = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && letters[j] == letters[i])
            j++;
        fprintf(out, "%s%c%zu", tokens ? " " : key, letters[i], j - i);
        if (++tokens == 16) {
            fputc('\n', out);
            tokens = 0;
        }
        i = j;
    }
    if (tokens)
        fputc('\n', out);
}

/* Progress of the kpageflags read over all zones (pa_snapshot_take_progress). */
struct scan_progress {
    pa_snapshot_progress_fn *fn;
    void *ctx;
    uint64_t done, total;       /* pfns */
};

static int snap_zone(FILE *out, int fl, int fc, const struct ram *ram, struct pa_snap_zone *z,
                     unsigned max_order, unsigned pb_order, const struct pa_proc_zone *pt,
                     struct scan_progress *sp)
{
    enum { CHUNK = 65536 };
    uint64_t *flags = malloc(CHUNK * sizeof *flags), *counts = malloc(CHUNK * sizeof *counts);
    struct blocks b = {.z = z};
    struct rle r = {.out = out, .cls = -1};
    struct pbscan ps = {.order = pb_order};
    struct folios fo = {0};
    uint8_t *mt = NULL;
    char *letters = NULL;
    int err = 0;
    uint64_t end = z->start_pfn + z->spanned, pbp = (uint64_t)1 << pb_order;
    ps.first = z->start_pfn >> pb_order;
    ps.n = (size_t)(((end - 1) >> pb_order) - ps.first + 1);
    ps.feat = calloc(ps.n, sizeof *ps.feat);
    if (!flags || !counts || !ps.feat) {
        err = -ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < ps.n; i++)
        ps.feat[i].lead = -1;
    uint64_t uninit = uninit_start(fl, z);
    fprintf(out, "zone %d %s %" PRIu64 " %" PRIu64 "\n", z->node, z->name, z->start_pfn,
            z->spanned);
    uint64_t free_start = 0, free_len = 0, small_end = 0;
    for (uint64_t pfn = z->start_pfn; pfn < end;) {
        size_t want = end - pfn < CHUNK ? (size_t)(end - pfn) : CHUNK;
        size_t n;
        if (pfn >= uninit) {
            /* uninit_start has read these: every one flagless (no need
               to read them again: on this machine they are most of the
               zone, and a faster snapshot is a fresher one) */
            memset(flags, 0, want * sizeof *flags);
            n = want;
        } else {
            if (want > uninit - pfn)
                want = (size_t)(uninit - pfn);
            ssize_t got = pread(fl, flags, want * 8, (off_t)(pfn * 8));
            if (got <= 0 || got % 8) {
                err = got < 0 ? -errno : -EIO;
                goto out;
            }
            n = (size_t)got / 8;
        }
        if (sp->fn) {
            sp->done += n;
            sp->fn(sp->ctx, sp->done, sp->total);
        }
        ssize_t gc = fc >= 0 && pfn < uninit ? pread(fc, counts, n * 8, (off_t)(pfn * 8)) : -1;
        for (size_t i = 0; i < n; i++) {
            uint64_t p = pfn + i;
            /* a compound head: its tails follow; below pageblock order it is
               a small folio (folios are naturally aligned: one below
               pageblock order does not cross the 64 Ki-page chunks) */
            if (flags[i] >> KPF_COMPOUND_HEAD & 1) {
                size_t j = i + 1;
                while (j < n && (flags[j] >> KPF_COMPOUND_TAIL & 1) &&
                       !(flags[j] >> KPF_COMPOUND_HEAD & 1))
                    j++;
                small_end = j - i < pbp ? p + (j - i) : p;
                /* a whole one on an LRU list: compaction migrates it whole */
                size_t nr = j - i;
                bool pinned = !(flags[i] >> KPF_ANON & 1) &&
                              ((flags[i] >> KPF_DIRTY & 1) || (flags[i] >> KPF_WRITEBACK & 1));
                if (j - i < pbp && nr > 1 && !(nr & (nr - 1)) && !(p & (nr - 1)) &&
                    (flags[i] >> KPF_LRU & 1) && add_folio(&fo, p, nr, pinned)) {
                    err = -ENOMEM;
                    goto out;
                }
            }
            enum pa_snap_class c =
                pa_snap_classify(flags[i], in_ram(ram, p), p >= uninit, p < small_end);
            struct pa_pb_feat *f = &ps.feat[(p >> pb_order) - ps.first];
            z->pages[c]++;
            if (gc >= (ssize_t)((i + 1) * 8) && counts[i])
                z->mapped++;
            switch (c) {
            case PA_SC_KERNEL: case PA_SC_RESERVED: f->kernel++; break;
            case PA_SC_SLAB: f->slab++; break;
            case PA_SC_ANON: case PA_SC_FILE: case PA_SC_THP: f->movable++; break;
            default: break;
            }
            /* the pagetypeinfo walk: zone_start_pfn, then every pageblock on */
            if ((p - z->start_pfn) % pbp == 0)
                f->counted = c != PA_SC_HOLE && c != PA_SC_UNINIT;
            if ((int)c != r.cls) {
                rle_flush(&r);
                r.cls = (int)c;
            }
            r.count++;
            if (c == PA_SC_FREE) {
                if (!free_len)
                    free_start = p;
                free_len++;
            } else if (free_len) {
                pa_cut_free_run(free_start, free_len, max_order, add_block, &b);
                free_len = 0;
            }
        }
        pfn += n;
    }
    if (free_len)
        pa_cut_free_run(free_start, free_len, max_order, add_block, &b);
    rle_flush(&r);
    if (r.tokens)
        fputc('\n', out);
    if (b.oom) {
        err = -ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < b.n; i++) {
        fprintf(out, "%s%" PRIx64 ":%u%s", i % 16 ? " " : "free ", b.pfn[i], b.order[i],
                i % 16 == 15 || i + 1 == b.n ? "\n" : "");
        pb_add_block(&ps, b.pfn[i], b.order[i]);
    }
    for (size_t i = 0; i < fo.n; i++)
        fprintf(out, "%s%" PRIx64 ":%u%s%s", i % 16 ? " " : "folios ", fo.pfn[i],
                fo.order[i] & 0x7f, fo.order[i] & 0x80 ? "d" : "",
                i % 16 == 15 || i + 1 == fo.n ? "\n" : "");
    fprintf(out, "pcp %" PRIu64 "\n", z->pcp_count);
    /* pageblock migratetypes, inferred to meet pagetypeinfo */
    uint64_t want_blocks[PA_MT_COUNT], want_free[PA_MT_COUNT][PA_PBINFER_ORDERS];
    bool have_free;
    mt = malloc(ps.n);
    letters = malloc(ps.n);
    if (!mt || !letters) {
        err = -ENOMEM;
        goto out;
    }
    z->pb_inferred = pt_targets(pt, want_blocks, want_free, &have_free);
    if (z->pb_inferred) {
        struct pa_pbinfer_result res;
        unsigned no = z->nr_orders < PA_PBINFER_ORDERS ? z->nr_orders : PA_PBINFER_ORDERS;
        if (pa_pbinfer(ps.feat, ps.n, no, want_blocks,
                       have_free ? (const uint64_t(*)[PA_PBINFER_ORDERS])want_free : NULL, mt,
                       &res)) {
            err = -ENOMEM;
            goto out;
        }
        memcpy(z->pb_types, res.blocks, sizeof z->pb_types);
        memcpy(z->pb_want, want_blocks, sizeof z->pb_want);
        z->pb_free_diff = res.free_diff;
        for (size_t i = 0; i < ps.n; i++) {
            letters[i] = ps.feat[i].counted ? pa_migratetype_letter(mt[i]) : '-';
            z->pb_counted += ps.feat[i].counted;
        }
        rle_letters(out, "pageblocks ", letters, ps.n);
    }
    fputs("endzone\n", out);
out:
    free(flags);
    free(counts);
    free(b.pfn);
    free(b.order);
    free(ps.feat);
    free(mt);
    free(letters);
    free(fo.pfn);
    free(fo.order);
    return err;
}

static void section(FILE *out, const char *name, const char *text)
{
    fprintf(out, "begin %s\n%s%s", name, text ? text : "",
            text && *text && text[strlen(text) - 1] != '\n' ? "\n" : "");
    fprintf(out, "end %s\n", name);
}

int pa_snapshot_take(FILE *out, struct pa_snapshot *snap, char *err, size_t n)
{
    return pa_snapshot_take_progress(out, snap, err, n, NULL, NULL);
}

int pa_snapshot_take_progress(FILE *out, struct pa_snapshot *snap, char *err, size_t n,
                              pa_snapshot_progress_fn *progress, void *ctx)
{
    struct scan_progress sp = {.fn = progress, .ctx = ctx};
    struct pa_procinfo *pi = calloc(1, sizeof *pi), *after = calloc(1, sizeof *after);
    char *bi = NULL, *pt = NULL, *zi = NULL, *bi2 = NULL;
    size_t lb = 0, lp = 0, lz = 0, lb2 = 0;
    int fl = -1, fc = -1, rc = 0;
    struct pa_diag d;
    memset(snap, 0, sizeof *snap);
    err[0] = '\0';
    if (!pi || !after) {
        rc = -ENOMEM;
        goto out;
    }
    fl = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
    if (fl < 0) {
        rc = -errno;
        snprintf(err, n, "cannot open /proc/kpageflags: %s (needs root)", strerror(errno));
        goto out;
    }
    fc = open("/proc/kpagecount", O_RDONLY | O_CLOEXEC);
    bi = pa_read_file("/proc/buddyinfo", &lb);
    pt = pa_read_file("/proc/pagetypeinfo", &lp);
    zi = pa_read_file("/proc/zoneinfo", &lz);
    if (!bi || !zi) {
        rc = -errno;
        snprintf(err, n, "cannot read /proc/buddyinfo or /proc/zoneinfo");
        goto out;
    }
    if (pa_parse_buddyinfo(pi, bi, lb, "/proc/buddyinfo", &d) ||
        pa_parse_zoneinfo(pi, zi, lz, "/proc/zoneinfo", &d)) {
        pa_diag_format(&d, err, n);
        rc = PA_EINVAL;
        goto out;
    }
    /* pagetypeinfo only guides the pageblock types: a file we cannot parse
       leaves them to the contents */
    bool have_pt = pt && !pa_parse_pagetypeinfo(after, pt, lp, "/proc/pagetypeinfo", &d);
    struct utsname u;
    snprintf(snap->kernel, sizeof snap->kernel, "%.60s", uname(&u) ? "unknown" : u.release);
    snap->page_size = (unsigned)sysconf(_SC_PAGESIZE);
    struct ram ram;
    read_iomem(&ram, snap->page_size);
    unsigned max_order = 0;
    for (int i = 0; i < pi->nr_zones; i++)
        if (pi->zones[i].have_buddy && pi->zones[i].nr_orders - 1 > max_order)
            max_order = pi->zones[i].nr_orders - 1;
    unsigned pb_order = have_pt && after->have_pageblock_order &&
                                after->pageblock_order <= max_order
                            ? after->pageblock_order
                            : (max_order < 9 ? max_order : 9);
    fprintf(out, "pagealloc-snapshot 2\nkernel %s\npage_size %u\nmax_order %u\n"
                 "pageblock_order %u\ntime %lld\n",
            snap->kernel, snap->page_size, max_order, pb_order, (long long)time(NULL));
    fputs("classes", out);
    for (int c = 0; c < PA_SC_COUNT; c++)
        fprintf(out, " %c=%s", class_letters[c], class_names[c]);
    fputc('\n', out);
    for (int i = 0; i < pi->nr_zones; i++)
        if (pi->zones[i].have_buddy && pi->zones[i].have_zoneinfo && pi->zones[i].have_start_pfn)
            sp.total += pi->zones[i].spanned;
    for (int i = 0; i < pi->nr_zones; i++) {
        const struct pa_proc_zone *pz = &pi->zones[i];
        if (!pz->have_buddy || !pz->have_zoneinfo || !pz->have_start_pfn)
            continue;
        struct pa_snap_zone *z = &snap->zones[snap->nr_zones++];
        z->node = pz->node;
        snprintf(z->name, sizeof z->name, "%s", pz->name);
        z->start_pfn = pz->start_pfn;
        z->spanned = pz->spanned;
        z->nr_orders = pz->nr_orders;
        z->pcp_count = pz->pcp_count;
        memcpy(z->buddyinfo, pz->nr_free, sizeof z->buddyinfo);
        const struct pa_proc_zone *ptz = have_pt ? pa_procinfo_zone_c(after, pz->node, pz->name)
                                                 : NULL;
        if ((rc = snap_zone(out, fl, fc, &ram, z, pz->nr_orders - 1, pb_order, ptz, &sp))) {
            snprintf(err, n, "reading kpageflags of node %d zone %s: %s", z->node, z->name,
                     strerror(-rc));
            goto out;
        }
    }
    pa_procinfo_init(after);
    bi2 = pa_read_file("/proc/buddyinfo", &lb2);
    if (bi2 && !pa_parse_buddyinfo(after, bi2, lb2, "/proc/buddyinfo", &d))
        for (int i = 0; i < snap->nr_zones; i++) {
            const struct pa_proc_zone *a = pa_procinfo_zone_c(after, snap->zones[i].node,
                                                              snap->zones[i].name);
            snap->zones[i].buddyinfo_changed =
                !a || memcmp(a->nr_free, snap->zones[i].buddyinfo, sizeof a->nr_free);
        }
    section(out, "buddyinfo", bi);
    section(out, "pagetypeinfo", pt);
    section(out, "zoneinfo", zi);
    if (fflush(out) || ferror(out)) {
        rc = -EIO;
        snprintf(err, n, "write error");
    }
out:
    if (fl >= 0)
        close(fl);
    if (fc >= 0)
        close(fc);
    free(bi);
    free(pt);
    free(zi);
    free(bi2);
    free(pi);
    free(after);
    return rc;
}
