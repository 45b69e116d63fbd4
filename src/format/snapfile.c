/*
 * snapfile.c - the reader of `pagealloc snapshot` files (docs/live.md) and
 * the builder of an engine machine in the snapshot's state, so that the
 * simulator can start from a real machine (`run --from`, issue 5).
 *
 * One line-oriented parser for the records (header keys, zone/runs/free/
 * endzone, begin/end sections); the builder only uses the engine's public
 * calls (pa_config_*, pa_machine_create, pa_alloc_range,
 * pa_set_pageblock_migratetype, pa_pfn_is_free), so the result passes
 * pa_machine_check by construction.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/order_text.h"
#include "pagealloc/pageops.h"
#include "pagealloc/procparse.h"
#include "pagealloc/lru.h"
#include "pagealloc/pageops.h"
#include "pagealloc/snapfile.h"

static int sf_fail(struct pa_diag *d, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int sf_fail(struct pa_diag *d, long line, long col, const char *fmt, ...)
{
    va_list ap;
    d->line = line ? line : 1;
    d->col = col ? col : 1;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return PA_EINVAL;
}

void pa_snapfile_free(struct pa_snapfile *sf)
{
    if (!sf)
        return;
    for (int i = 0; i < sf->nr_zones; i++) {
        free(sf->zones[i].runs);
        free(sf->zones[i].free_pfn);
        free(sf->zones[i].free_order);
        free(sf->zones[i].pb_mt);
        free(sf->zones[i].folio_pfn);
        free(sf->zones[i].folio_order);
        free(sf->zones[i].pcplist);
    }
    free(sf->buddyinfo);
    free(sf->pagetypeinfo);
    free(sf->zoneinfo);
    free(sf);
}

static bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap * 2 : 64;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q)
        return false;
    *p = q;
    *cap = nc;
    return true;
}

/* Copy one line into buf (NUL-terminated, truncated at n-1). */
static size_t line_copy(const char *s, const char *e, char *buf, size_t n)
{
    size_t l = (size_t)(e - s);
    if (l >= n)
        l = n - 1;
    memcpy(buf, s, l);
    buf[l] = '\0';
    if (l && buf[l - 1] == '\r')
        buf[--l] = '\0';
    return l;
}

/* A captured /proc section must be what its name says: it is read back by
   the same parser as the live file, errors at the snapshot's own line. */
static int check_section(char kind, const char *text, size_t len, long first_line,
                         struct pa_diag *d)
{
    struct pa_procinfo *pi = calloc(1, sizeof *pi);
    if (!pi)
        return PA_ENOMEM;
    char file[sizeof d->file];
    snprintf(file, sizeof file, "%s", d->file);
    int err = kind == 'b'   ? pa_parse_buddyinfo(pi, text, len, file, d)
              : kind == 'p' ? pa_parse_pagetypeinfo(pi, text, len, file, d)
                            : pa_parse_zoneinfo(pi, text, len, file, d);
    free(pi);
    if (err) {
        d->line += first_line;
        return err;
    }
    snprintf(d->file, sizeof d->file, "%s", file);
    return 0;
}

int pa_snapfile_parse(const char *text, size_t len, const char *fname, struct pa_snapfile **out,
                      struct pa_diag *d)
{
    if (out)
        *out = NULL;
    if (!out || !d || (!text && len))
        return PA_EINVAL;
    struct pa_snapfile *sf = calloc(1, sizeof *sf);
    memset(d, 0, sizeof *d);
    snprintf(d->file, sizeof d->file, "%s", fname ? fname : "(snapshot)");
    *out = NULL;
    if (!sf)
        return PA_ENOMEM;
    const char *p = text, *end = text + len;
    long line = 0;
    int err = 0;
    struct pa_snapfile_zone *z = NULL;
    size_t runs_cap = 0, free_cap = 0, ord_cap = 0, pb_cap = 0, fol_cap = 0, fol_ocap = 0,
           pcl_cap = 0;
    char **section = NULL;
    const char *section_start = NULL;
    char section_name[32] = "";
    long section_line = 0;
    bool header = false;
    char buf[4096];
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *ls = p;
        p = nl ? nl + 1 : end;
        line++;
        if (section) {
            char want[48];
            snprintf(want, sizeof want, "end %s", section_name);
            line_copy(ls, le, buf, sizeof buf);
            if (strcmp(buf, want))
                continue;
            size_t l = (size_t)(ls - section_start);
            *section = malloc(l + 1);
            if (!*section) {
                err = PA_ENOMEM;
                goto bad;
            }
            memcpy(*section, section_start, l);
            (*section)[l] = '\0';
            if ((err = check_section(section == &sf->buddyinfo     ? 'b'
                                     : section == &sf->pagetypeinfo ? 'p'
                                                                    : 'z',
                                     *section, l, section_line, d)))
                goto bad;
            section = NULL;
            continue;
        }
        size_t l = line_copy(ls, le, buf, sizeof buf);
        if (!l)
            continue;
        if ((size_t)(le - ls) >= sizeof buf) {
            err = sf_fail(d, line, (long)sizeof buf, "line longer than %zu bytes", sizeof buf - 1);
            goto bad;
        }
        if (!header) {
            if (strcmp(buf, "pagealloc-snapshot 1") && strcmp(buf, "pagealloc-snapshot 2")) {
                err = sf_fail(d, line, 1, "expected 'pagealloc-snapshot 1' or 2 (a snapshot "
                                          "file, version 1 or 2)");
                goto bad;
            }
            sf->version = (unsigned)(buf[l - 1] - '0');
            header = true;
            continue;
        }
        char *sp = strchr(buf, ' ');
        char *rest = sp ? sp + 1 : buf + l;
        if (sp)
            *sp = '\0';
        const char *key = buf;
        long col_rest = (long)(rest - buf) + 1;
        if (z && strcmp(key, "runs") && strcmp(key, "free") && strcmp(key, "endzone") &&
            strcmp(key, "pcp") && strcmp(key, "pageblocks") && strcmp(key, "folios") &&
            strcmp(key, "pcplist")) {
            err = sf_fail(d, line, 1, "expected 'runs', 'free', 'pcp', 'pageblocks', "
                                      "'folios', 'pcplist' or 'endzone' inside a zone");
            goto bad;
        }
        if (sf->version < 2 && (!strcmp(key, "pcp") || !strcmp(key, "pageblocks") ||
                                !strcmp(key, "pageblock_order") || !strcmp(key, "folios") ||
                                !strcmp(key, "pcplist"))) {
            err = sf_fail(d, line, 1, "'%s' needs a version 2 file", key);
            goto bad;
        }
        if (!strcmp(key, "kernel")) {
            snprintf(sf->kernel, sizeof sf->kernel, "%.63s", rest);
        } else if (!strcmp(key, "page_size") || !strcmp(key, "max_order") ||
                   !strcmp(key, "time") || !strcmp(key, "pageblock_order") ||
                   !strcmp(key, "pcp")) {
            char *e;
            long long v = strtoll(rest, &e, 10);
            if (e == rest || *e || v < 0) {
                err = sf_fail(d, line, col_rest, "expected a number after '%s'", key);
                goto bad;
            }
            if (!strcmp(key, "page_size")) {
                if (v < 1024 || v > (1 << 20) || (v & (v - 1))) {
                    err = sf_fail(d, line, col_rest, "page_size must be a power of two");
                    goto bad;
                }
                sf->page_size = (unsigned)v;
            } else if (!strcmp(key, "max_order")) {
                if (v < 1 || v > PA_ORDER_CAP) {
                    err = sf_fail(d, line, col_rest, "max_order from 1 to %d", PA_ORDER_CAP);
                    goto bad;
                }
                sf->max_order = (unsigned)v;
            } else if (!strcmp(key, "pageblock_order")) {
                if (sf->nr_zones || v < 1 || v > PA_ORDER_CAP ||
                    (sf->max_order && v > sf->max_order)) {
                    err = sf_fail(d, line, col_rest, sf->nr_zones
                                                         ? "pageblock_order after the zones"
                                                         : "pageblock_order from 1 to max_order");
                    goto bad;
                }
                sf->pageblock_order = (unsigned)v;
            } else if (!strcmp(key, "pcp")) {
                if (!z || z->have_pcp) {
                    err = sf_fail(d, line, 1, "%s", z ? "a second 'pcp' in this zone"
                                                      : "'pcp' outside a zone");
                    goto bad;
                }
                z->have_pcp = true;
                z->pcp = (uint64_t)v;
            } else {
                sf->time = v;
            }
        } else if (!strcmp(key, "classes")) {
            /* informative */
        } else if (!strcmp(key, "zone")) {
            if (sf->nr_zones >= PA_PROC_MAX_ZONES) {
                err = sf_fail(d, line, 1, "more than %d zones", PA_PROC_MAX_ZONES);
                goto bad;
            }
            z = &sf->zones[sf->nr_zones];
            unsigned long long st, spn;
            int node, used = 0, at_name = 0;
            char name[16];
            if (sscanf(rest, "%d %n%15s %llu %llu%n", &node, &at_name, name, &st, &spn,
                       &used) != 4 ||
                rest[used] || node < 0 || node >= PA_MAX_NODES || !spn) {
                z = NULL;
                err = sf_fail(d, line, col_rest, "expected 'zone NODE NAME START_PFN SPANNED'");
                goto bad;
            }
            /* said here, with the line, rather than when the machine is built */
            if (pa_zone_type_from_name(name) < 0) {
                z = NULL;
                err = sf_fail(d, line, col_rest + at_name,
                              "unknown zone name '%s' (DMA, DMA32, Normal, HighMem, Movable, "
                              "Device)", name);
                goto bad;
            }
            if (st > UINT64_MAX - spn) {
                z = NULL;
                err = sf_fail(d, line, col_rest, "START_PFN + SPANNED is past 2^64");
                goto bad;
            }
            z->node = node;
            snprintf(z->name, sizeof z->name, "%s", name);
            z->start_pfn = st;
            z->spanned = spn;
            sf->nr_zones++;
            runs_cap = free_cap = ord_cap = pb_cap = fol_cap = fol_ocap = pcl_cap = 0;
        } else if (!strcmp(key, "runs") || !strcmp(key, "free") || !strcmp(key, "folios")) {
            if (!z) {
                err = sf_fail(d, line, 1, "'%s' outside a zone", key);
                goto bad;
            }
            bool runs = key[0] == 'r', folios = key[1] == 'o';
            for (char *tok = rest; *tok;) {
                while (*tok == ' ')
                    tok++;
                if (!*tok)
                    break;
                long col = (long)(tok - buf) + 1;
                char *e;
                if (runs) {
                    char c = *tok;
                    unsigned long long n = strtoull(tok + 1, &e, 10);
                    const char *letters = sf->version >= 2 ? "FALSTKRHPCU" : "FALSTKRH";
                    if (!c || !strchr(letters, c) || e == tok + 1 || (*e && *e != ' ') || !n) {
                        err = sf_fail(d, line, col, "expected a run like 'F512' (class letter "
                                                    "%s and a count)", letters);
                        goto bad;
                    }
                    if (!grow((void **)&z->runs, &runs_cap, z->nr_runs + 1, sizeof *z->runs)) {
                        err = PA_ENOMEM;
                        goto bad;
                    }
                    z->runs[z->nr_runs++] = (struct pa_snap_run){c, n};
                } else {
                    unsigned long long pfn = strtoull(tok, &e, 16);
                    if (e == tok || *e != ':') {
                        err = sf_fail(d, line, col, "expected a %s 'PFN:ORDER'",
                                      folios ? "folio" : "free block");
                        goto bad;
                    }
                    char *e2;
                    unsigned long o = strtoul(e + 1, &e2, 10);
                    char *oend = e2;
                    bool dirty = folios && *e2 == 'd' && e2 > e + 1;
                    if (dirty)
                        e2++;
                    if (e2 == e + 1 || (*e2 && *e2 != ' ')) {
                        err = sf_fail(d, line, (long)(e + 1 - buf) + 1,
                                      "expected an order 0..%d after ':'", PA_ORDER_CAP);
                        goto bad;
                    }
                    if (o > PA_ORDER_CAP) {
                        char t[96], g[24];
                        snprintf(g, sizeof g, "%.*s", (int)(oend - e - 1), e + 1);
                        pa_order_range_text(t, sizeof t, g, PA_ORDER_CAP);
                        err = sf_fail(d, line, (long)(e + 1 - buf) + 1, "%s", t);
                        goto bad;
                    }
                    /* a block outside its zone is an error here, at its line, not
                       a "not found" when the machine is built (issue 13) */
                    if (pfn < z->start_pfn || pfn - z->start_pfn >= z->spanned ||
                        ((uint64_t)1 << o) > z->spanned - (pfn - z->start_pfn)) {
                        err = sf_fail(d, line, col,
                                      "%s %llx:%lu is outside zone %s [%" PRIx64
                                      ", %" PRIx64 ")",
                                      folios ? "folio" : "free block", pfn, o, z->name,
                                      z->start_pfn, z->start_pfn + z->spanned);
                        goto bad;
                    }
                    e = e2;
                    if (folios) {
                        if (!o || (pfn & ((1ull << o) - 1))) {
                            err = sf_fail(d, line, col, "folio %llx:%lu: a large folio is of "
                                                        "order 1 or more and aligned to it",
                                          pfn, o);
                            goto bad;
                        }
                        if (!grow((void **)&z->folio_pfn, &fol_cap, z->nr_folios + 1, 8) ||
                            !grow((void **)&z->folio_order, &fol_ocap, z->nr_folios + 1, 1)) {
                            err = PA_ENOMEM;
                            goto bad;
                        }
                        z->folio_pfn[z->nr_folios] = pfn;
                        z->folio_order[z->nr_folios++] = (uint8_t)(o | (dirty ? 0x80 : 0));
                        tok = e;
                        continue;
                    }
                    if (!grow((void **)&z->free_pfn, &free_cap, z->nr_free + 1, 8) ||
                        !grow((void **)&z->free_order, &ord_cap, z->nr_free + 1, 1)) {
                        err = PA_ENOMEM;
                        goto bad;
                    }
                    z->free_pfn[z->nr_free] = pfn;
                    z->free_order[z->nr_free++] = (uint8_t)o;
                }
                tok = e;
            }
        } else if (!strcmp(key, "pcplist")) {
            if (!z) {
                err = sf_fail(d, line, 1, "'pcplist' outside a zone");
                goto bad;
            }
            for (char *tok = rest; *tok;) {
                while (*tok == ' ')
                    tok++;
                if (!*tok)
                    break;
                char *e;
                unsigned long long pfn = strtoull(tok, &e, 16);
                if (e == tok || (*e && *e != ' ') || pfn < z->start_pfn ||
                    pfn - z->start_pfn >= z->spanned) {
                    err = sf_fail(d, line, (long)(tok - buf) + 1,
                                  "expected a hex pfn of zone %s [%" PRIx64 ", %" PRIx64 ")",
                                  z->name, z->start_pfn, z->start_pfn + z->spanned);
                    goto bad;
                }
                if (!grow((void **)&z->pcplist, &pcl_cap, z->nr_pcplist + 1, 8)) {
                    err = PA_ENOMEM;
                    goto bad;
                }
                z->pcplist[z->nr_pcplist++] = pfn;
                tok = e;
            }
        } else if (!strcmp(key, "pageblocks")) {
            if (!z) {
                err = sf_fail(d, line, 1, "'pageblocks' outside a zone");
                goto bad;
            }
            if (!sf->pageblock_order) {
                err = sf_fail(d, line, 1, "'pageblocks' needs a pageblock_order record first");
                goto bad;
            }
            uint64_t first = z->start_pfn >> sf->pageblock_order;
            uint64_t total = ((z->start_pfn + z->spanned - 1) >> sf->pageblock_order) - first + 1;
            for (char *tok = rest; *tok;) {
                while (*tok == ' ')
                    tok++;
                if (!*tok)
                    break;
                long col = (long)(tok - buf) + 1;
                char c = *tok, *e;
                int mt = -1;
                for (int t = 0; t < PA_MT_COUNT; t++)
                    if (pa_migratetype_letter((enum pa_migratetype)t) == c)
                        mt = t;
                unsigned long long cnt = strtoull(tok + 1, &e, 10);
                if ((mt < 0 && c != '-') || e == tok + 1 || (*e && *e != ' ') || !cnt) {
                    err = sf_fail(d, line, col, "expected pageblocks like 'M700' (a migratetype "
                                                "letter UMEHCIR or '-' and a count)");
                    goto bad;
                }
                if (cnt > total - z->nr_pageblocks) {
                    err = sf_fail(d, line, col, "more pageblocks than the %" PRIu64
                                                " zone %s touches", total, z->name);
                    goto bad;
                }
                if (!grow((void **)&z->pb_mt, &pb_cap, z->nr_pageblocks + cnt, 1)) {
                    err = PA_ENOMEM;
                    goto bad;
                }
                memset(z->pb_mt + z->nr_pageblocks, mt < 0 ? PA_PB_UNCOUNTED : mt, cnt);
                z->nr_pageblocks += cnt;
                tok = e;
            }
        } else if (!strcmp(key, "endzone")) {
            if (!z) {
                err = sf_fail(d, line, 1, "'endzone' without 'zone'");
                goto bad;
            }
            uint64_t sum = 0;
            for (size_t i = 0; i < z->nr_runs && sum <= z->spanned; i++)
                sum = z->runs[i].count > UINT64_MAX - sum ? UINT64_MAX : sum + z->runs[i].count;
            if (sum > z->spanned) {
                err = sf_fail(d, line, 1, "the runs of zone %s cover more than its %" PRIu64
                                          " pfns", z->name, z->spanned);
                goto bad;
            }
            if (sum != z->spanned) {
                err = sf_fail(d, line, 1, "the runs of zone %s cover %" PRIu64
                                          " pfns, not its %" PRIu64,
                              z->name, sum, z->spanned);
                goto bad;
            }
            if (z->nr_pageblocks) {
                uint64_t first = z->start_pfn >> sf->pageblock_order;
                uint64_t total =
                    ((z->start_pfn + z->spanned - 1) >> sf->pageblock_order) - first + 1;
                if (z->nr_pageblocks != total) {
                    err = sf_fail(d, line, 1, "the pageblocks of zone %s are %zu, not the %" PRIu64
                                              " it touches", z->name, z->nr_pageblocks, total);
                    goto bad;
                }
            }
            z = NULL;
        } else if (!strcmp(key, "begin")) {
            if (!strcmp(rest, "buddyinfo"))
                section = &sf->buddyinfo;
            else if (!strcmp(rest, "pagetypeinfo"))
                section = &sf->pagetypeinfo;
            else if (!strcmp(rest, "zoneinfo"))
                section = &sf->zoneinfo;
            else {
                err = sf_fail(d, line, col_rest, "unknown section '%.40s'", rest);
                goto bad;
            }
            if (*section) {
                section = NULL;
                err = sf_fail(d, line, col_rest, "section %.40s given twice", rest);
                goto bad;
            }
            snprintf(section_name, sizeof section_name, "%.30s", rest);
            section_start = p;
            section_line = line;
        } else {
            err = sf_fail(d, line, 1, "unknown record '%.40s'", key);
            goto bad;
        }
    }
    if (!header)
        err = sf_fail(d, line, 1, "empty file: not a snapshot");
    else if (z)
        err = sf_fail(d, line, 1, "the file ends inside zone %s (no 'endzone')", z->name);
    else if (section)
        err = sf_fail(d, line, 1, "the file ends inside section %s", section_name);
    else if (!sf->page_size)
        err = sf_fail(d, line, 1, "no page_size record");
    if (err)
        goto bad;
    *out = sf;
    return 0;
bad:
    if (err == PA_ENOMEM && !d->msg[0])
        sf_fail(d, line, 1, "out of memory");
    pa_snapfile_free(sf);
    return err;
}

/* ---- building a machine ------------------------------------------------------------ */
static unsigned pageblock_order_of(const struct pa_snapfile *sf)
{
    if (sf->pageblock_order)
        return sf->pageblock_order;
    const char *t = sf->pagetypeinfo ? strstr(sf->pagetypeinfo, "Page block order:") : NULL;
    unsigned v;
    if (t && sscanf(t, "Page block order: %u", &v) == 1 && v <= sf->max_order)
        return v;
    return sf->max_order < 9 ? sf->max_order : 9;
}

/* The page kind of a snapshot class (docs/live.md: A anon, L file / LRU,
   S slab, T hugetlb, K other kernel, R reserved; H beyond the hole table;
   version 2: C (THP) anon, P and U no user's). */
static enum pa_page_kind snap_kind(char c)
{
    switch (c) {
    case 'A': case 'C': return PA_KIND_ANON;
    case 'L': return PA_KIND_FILE;
    case 'S': return PA_KIND_SLAB;
    case 'T': return PA_KIND_HUGETLB;
    case 'K': return PA_KIND_KERNEL;
    default: return PA_KIND_RESERVED;
    }
}

int pa_snapfile_set_kinds(const struct pa_snapfile *sf, struct pa_machine *m)
{
    if (!sf || !m)
        return PA_EINVAL;
    for (int i = 0; i < sf->nr_zones; i++) {
        const struct pa_snapfile_zone *z = &sf->zones[i];
        uint64_t pfn = z->start_pfn;
        for (size_t r = 0; r < z->nr_runs; pfn += z->runs[r].count, r++) {
            char c = z->runs[r].cls;
            /* anon and page cache pages are on an LRU list, so compaction may
               move them (a THP of pageblock order it does not move: V618
               skip_isolation_on_order; here it stays off the LRU) */
            enum pa_page_kind kind = snap_kind(c);
            if (kind == PA_KIND_RESERVED) /* R, H, U, P: nobody's to set */
                continue;
            for (uint64_t q = pfn; q < pfn + z->runs[r].count && q < m->max_pfn; q++) {
                if (!(m->pages[q].flags & PA_PG_ALLOC) ||
                    (m->pages[q].flags & (PA_PG_LRU | PA_PG_ISOLATED)))
                    continue;
                int e = pa_page_set_owner(m, q, kind, (uint32_t)(q - z->start_pfn));
                if (!e && (c == 'A' || c == 'L'))
                    e = pa_lru_add(m, q, false);
                if (e)
                    return e;
            }
        }
    }
    return 0;
}

int pa_snapfile_machine(const struct pa_snapfile *sf, const struct pa_profile *profile,
                        struct pa_machine **out, uint64_t *mismatch, char *err, size_t n)
{
    if (out)
        *out = NULL;
    if (!sf || !out)
        return PA_EINVAL;
    struct pa_machine_config *cfg = calloc(1, sizeof *cfg);
    struct pa_machine *m = NULL;
    int rc = 0;
    *out = NULL;
    *mismatch = 0;
    err[0] = '\0';
    if (!cfg)
        return PA_ENOMEM;
    unsigned shift = 0;
    while ((1u << shift) < sf->page_size)
        shift++;
    cfg->page_shift = shift;
    cfg->max_order = sf->max_order ? sf->max_order : 10;
    cfg->pageblock_order = pageblock_order_of(sf);
    cfg->profile = profile;
    for (int i = 0; i < sf->nr_zones; i++) {
        const struct pa_snapfile_zone *z = &sf->zones[i];
        int type = pa_zone_type_from_name(z->name);
        if (type < 0) {
            snprintf(err, n, "zone %s: unknown zone name", z->name);
            rc = PA_EINVAL;
            goto out;
        }
        if ((rc = pa_config_add_zone(cfg, z->node, (enum pa_zone_type)type, z->start_pfn,
                                     z->start_pfn + z->spanned))) {
            snprintf(err, n, "zone %s: too many zones", z->name);
            goto out;
        }
        uint64_t pfn = z->start_pfn;
        for (size_t r = 0; r < z->nr_runs; pfn += z->runs[r].count, r++) {
            char c = z->runs[r].cls;
            /* ranges beyond the table are allocated below instead */
            /* memory not initialised yet is no pageblock to the kernel */
            if ((c == 'H' || c == 'U') && cfg->nr_holes < PA_MAX_RANGES)
                pa_config_add_hole(cfg, pfn, pfn + z->runs[r].count);
            else if (c == 'R' && cfg->nr_reserved < PA_MAX_RANGES)
                pa_config_add_reserved(cfg, pfn, pfn + z->runs[r].count);
        }
    }
    char detail[256];
    if ((rc = pa_machine_create(cfg, &m, detail, sizeof detail))) {
        snprintf(err, n, "cannot build the machine: %s", detail);
        goto out;
    }
    /* allocate every used page; type pageblocks by what they hold */
    for (int i = 0; i < sf->nr_zones; i++) {
        const struct pa_snapfile_zone *z = &sf->zones[i];
        uint64_t pfn = z->start_pfn;
        for (size_t r = 0; r < z->nr_runs; pfn += z->runs[r].count, r++) {
            char c = z->runs[r].cls;
            uint64_t e = pfn + z->runs[r].count;
            if (c == 'F')
                continue;
            if (c == 'H' || c == 'R' || c == 'U') {
                /* in the config table unless it overflowed: then allocate */
                struct pa_page *pg = pa_pfn_to_page(m, pfn);
                if (pg->flags & (PA_PG_HOLE | PA_PG_RESERVED))
                    continue;
            }
            bool kernel = c == 'S' || c == 'K' || c == 'R' || c == 'H' || c == 'U';
            enum pa_migratetype mt = kernel || c == 'P' ? PA_MT_UNMOVABLE : PA_MT_MOVABLE;
            if ((rc = pa_alloc_range(m, pfn, e, mt))) {
                snprintf(err, n, "zone %s: cannot allocate pfn %#" PRIx64 "-%#" PRIx64 ": %s",
                         z->name, pfn, e - 1, pa_strerror(rc));
                goto out;
            }
            /* every used page gets its kind; owners (handles) are the
               simulator's to give (sim.c) */
            enum pa_page_kind kind = snap_kind(c);
            for (uint64_t p = pfn; p < e; p++)
                pa_page_set_owner(m, p, kind, 0);
            if (kernel && !z->nr_pageblocks)
                for (uint64_t b = pfn >> m->pageblock_order; b <= (e - 1) >> m->pageblock_order;
                     b++)
                    pa_set_pageblock_migratetype(m, b << m->pageblock_order, PA_MT_UNMOVABLE);
        }
    }
    /* large folios: their order-0 pages become one block of the folio's order
       (freed and taken back whole: the free blocks around are rebuilt as
       they were, the buddy lists keeping every block maximal) */
    for (int i = 0; i < sf->nr_zones; i++) {
        const struct pa_snapfile_zone *z = &sf->zones[i];
        for (size_t k = 0; k < z->nr_folios; k++) {
            unsigned order = z->folio_order[k] & PA_SNAP_FOLIO_ORDER;
            uint64_t pfn = z->folio_pfn[k], nr = (uint64_t)1 << order;
            if (order > m->max_order || pfn + nr > m->max_pfn)
                continue;
            uint8_t kind = m->pages[pfn].kind;
            bool whole = kind == PA_KIND_ANON || kind == PA_KIND_FILE;
            for (uint64_t q = pfn; q < pfn + nr && whole; q++)
                whole = (m->pages[q].flags & PA_PG_ALLOC) && !m->pages[q].order &&
                        m->pages[q].kind == kind;
            if (!whole)
                continue;
            for (uint64_t q = pfn; q < pfn + nr; q++) {
                m->pages[q].kind = PA_KIND_NONE;
                pa_free_pages(m, q, 0);
            }
            if ((rc = pa_alloc_pfn(m, pfn, order, PA_MT_MOVABLE))) {
                snprintf(err, n, "zone %s: cannot rebuild folio %#" PRIx64 ":%u: %s", z->name,
                         pfn, order, pa_strerror(rc));
                goto out;
            }
            pa_page_set_owner(m, pfn, (enum pa_page_kind)kind, 0);
            if (z->folio_order[k] & PA_SNAP_FOLIO_DIRTY)
                pa_page_set_dirty(m, pfn, true);
        }
    }
    /* version 2: the pageblock types the snapshot inferred (pagealloc/pbinfer.h) */
    for (int i = 0; i < sf->nr_zones; i++) {
        const struct pa_snapfile_zone *z = &sf->zones[i];
        uint64_t first = z->start_pfn >> m->pageblock_order;
        for (size_t k = 0; k < z->nr_pageblocks; k++) {
            uint64_t pfn = (first + k) << m->pageblock_order;
            if (pfn < z->start_pfn)
                pfn = z->start_pfn;
            if (z->pb_mt[k] != PA_PB_UNCOUNTED && pa_pfn_to_zone(m, pfn))
                pa_set_pageblock_migratetype(m, pfn, (enum pa_migratetype)z->pb_mt[k]);
        }
    }
    /* move the free blocks to their pageblock's lists, as the kernel keeps them */
    for (int i = 0; i < m->nr_zones; i++) {
        const struct pa_zone *zn = &m->zones[i];
        for (uint64_t b = zn->start_pfn >> m->pageblock_order;
             zn->spanned && b <= (pa_zone_end_pfn(zn) - 1) >> m->pageblock_order; b++) {
            uint64_t pfn = b << m->pageblock_order;
            if (pfn < zn->start_pfn) /* a zone that starts inside a pageblock */
                pfn = zn->start_pfn;
            if (pa_pageblock_migratetype(m, pfn) != PA_MT_MOVABLE)
                pa_move_freepages_block(m, pfn, pa_pageblock_migratetype(m, pfn));
        }
    }
    for (int i = 0; i < sf->nr_zones; i++) {
        const struct pa_snapfile_zone *z = &sf->zones[i];
        for (size_t k = 0; k < z->nr_free; k++) {
            uint64_t head;
            unsigned order;
            if (z->free_pfn[k] >= m->max_pfn ||
                !pa_pfn_is_free(m, z->free_pfn[k], &head, &order) || head != z->free_pfn[k] ||
                order != z->free_order[k])
                (*mismatch)++;
        }
    }
    *out = m;
    m = NULL;
out:
    if (m)
        pa_machine_destroy(m);
    free(cfg);
    return rc;
}
