/*
 * report_meminfo.c - the fields of show_mem / Mem-Info lines (kernel-semantics
 * 11.4): key:value runs of zone, node and counters lines, lowmem_reserve[]
 * numbers, buddy columns with migratetype letters, hugepages and swap lines.
 * Which line a field belongs to, and continuations, are report.c's job.
 */
#include <stdio.h>
#include <string.h>

#include "format/report_ctx.h"

static const char *const rz_names[PA_RZ_NR] = {
    "free", "boost", "min", "low", "high", "reserved_highatomic", "free_highatomic",
    "present", "managed", "free_cma", "free_pcp", "local_pcp",
};

const char *pa_rz_field_name(enum pa_rz_field f)
{
    return (unsigned)f < PA_RZ_NR ? rz_names[f] : "?";
}

/* Parse "key:N[kB] key:N ... [all_unreclaimable? yes]" from p into the zone z
   (named fields + others) or into kv/nkv (counters, node lines). */
/* A token of a key:value run that cannot be read. Strict: the error. Else a
   warning, and the run goes on at the next blank: only that field is lost
   (a zone line cut or wrapped inside a field keeps every other field). */
#define KV_BAD(at, ...)                                                                   \
    do {                                                                                  \
        int kv_err_ = pa_rc_fail(c, (at), __VA_ARGS__);                                   \
        if (kv_err_ < 0)                                                                  \
            return kv_err_;                                                               \
        if (z)                                                                            \
            z->damaged = true;                                                            \
        if (++bad >= 3) /* not a run of fields any more (lines run together)  */       \
            return 1;                                                                     \
        while (*p && *p != ' ' && *p != '\t')                                            \
            p++;                                                                          \
        goto next;                                                                        \
    } while (0)

int pa_rc_kv_run(struct pa_rctx *c, const char *p, struct pa_report_zone *z,
                        struct pa_report_kv *kv, int *nkv, int maxkv)
{
    int bad = 0;
    for (;;) {
    next:
        p = rl_skip_ws(p);
        if (!*p)
            return 0;
        const char *e;
        if (pa_rl_is_elision(p, &e)) {
            if (z)
                z->elided = true;
            p = e;
            continue;
        }
        if (pa_rl_decoration(p, &e)) {
            pa_rc_warn(c, p, "non-ASCII text ignored");
            p = e;
            continue;
        }
        const char *k = p, *ke = pa_rl_key_end(p);
        if (!ke || (*ke != ':' && *ke != '?'))
            KV_BAD(p, "expected KEY:VALUE (e.g. min:7076kB), got '%.20s'", p);
        if (*ke == '?') { /* all_unreclaimable? yes|no */
            const char *v = rl_skip_ws(ke + 1);
            int yes;
            if (rl_starts_ci(v, "yes"))
                yes = 1, e = v + 3;
            else if (rl_starts_ci(v, "no"))
                yes = 0, e = v + 2;
            else
                KV_BAD(v, "expected 'yes' or 'no' after '%.*s?'", (int)(ke - k), k);
            if (z)
                z->all_unreclaimable = yes;
            p = e;
            continue;
        }
        const char *v = rl_skip_ws(ke + 1);
        uint64_t val;
        bool ovf;
        if (*v == '-') { /* a negative counter (vmstat drift): keep as 0, say so */
            if (!pa_rl_num(v + 1, &val, &e, &ovf))
                KV_BAD(v, "expected a number after '%.*s:'", (int)(ke - k), k);
            pa_rc_warn(c, v, "negative value of %.*s read as 0", (int)(ke - k), k);
            val = 0;
        } else if (!pa_rl_num(v, &val, &e, &ovf)) {
            KV_BAD(v, "expected a number after '%.*s:'", (int)(ke - k), k);
        }
        if (ovf)
            KV_BAD(v, "number too large");
        bool kb = false;
        if (rl_starts(e, "kB") || rl_starts(e, "KB")) {
            kb = true;
            e += 2;
        } else if (*e == 'k' || *e == 'K') {
            KV_BAD(e, "expected 'kB' after the number");
        }
        if (*e && *e != ' ' && *e != '\t')
            KV_BAD(e, "expected a blank after '%.*s'", (int)(e - k), k);
        size_t klen = (size_t)(ke - k);
        bool named = false;
        if (z) {
            for (int f = 0; f < PA_RZ_NR; f++)
                if (strlen(rz_names[f]) == klen && !strncmp(rz_names[f], k, klen)) {
                    if (!kb)
                        KV_BAD(e, "expected 'kB' after %s's value", rz_names[f]);
                    z->kb[f] = val;
                    z->have |= 1u << f;
                    named = true;
                }
        }
        if (!named && kv && *nkv < maxkv) {
            struct pa_report_kv *x = &kv[(*nkv)++];
            snprintf(x->key, sizeof x->key, "%.*s", (int)(klen < 31 ? klen : 31), k);
            x->value = val;
            x->kb = kb;
        }
        bad = 0;
        p = e;
    }
}

int pa_rc_lowmem_numbers(struct pa_rctx *c, const char *p, struct pa_report_zone *z)
{
    for (;;) {
        p = rl_skip_ws(p);
        if (!*p)
            return 0;
        const char *e;
        uint64_t v;
        bool ovf;
        if (pa_rl_decoration(p, &e)) {
            pa_rc_warn(c, p, "non-ASCII text ignored");
            p = e;
            continue;
        }
        if (!pa_rl_num(p, &v, &e, &ovf) || (*e && *e != ' ' && *e != '\t'))
            return pa_rc_fail(c, p, "expected a number of pages in lowmem_reserve[]");
        if (ovf)
            return pa_rc_fail(c, p, "number too large");
        if (z->nr_lowmem >= (int)(sizeof z->lowmem_reserve / sizeof z->lowmem_reserve[0]))
            return pa_rc_fail(c, p, "more lowmem_reserve[] entries than zone types");
        z->lowmem_reserve[z->nr_lowmem++] = v;
        p = e;
    }
}

static int letter_mt(char ch)
{
    for (int t = 0; t < PA_MT_COUNT; t++)
        if (pa_migratetype_letter((enum pa_migratetype)t) == ch)
            return t;
    return -1;
}

/* Buddy tokens from p on, continuing the unfinished line of c->buddy_zone. */
static int buddy_tokens(struct pa_rctx *c, struct pa_report_zone *z, const char *p);

/* A buddy line that cannot be read on: the columns read so far stay, the
   line counts as cut (its higher orders unknown). */
int pa_rc_buddy_tokens(struct pa_rctx *c, const char *p)
{
    struct pa_report_zone *z = &pa_rc_cur(c)->zones[c->buddy_zone];
    int err = buddy_tokens(c, z, p);
    if (err > 0) {
        z->buddy_partial = true;
        c->buddy_zone = -1;
    }
    return err;
}

static int buddy_tokens(struct pa_rctx *c, struct pa_report_zone *z, const char *p)
{
    for (;;) {
        p = rl_skip_ws(p);
        if (!*p)
            return 0;
        const char *e;
        uint64_t cnt, size;
        bool ovf;
        if (pa_rl_decoration(p, &e)) {
            pa_rc_warn(c, p, "non-ASCII text ignored");
            p = e;
            continue;
        }
        if (*p == '(') {
            if (!c->buddy_letters_ok)
                return pa_rc_fail(c, p, "expected COUNT*SIZEkB before a migratetype group");
            unsigned o = c->buddy_next - 1;
            const char *q = p + 1;
            if (*q == ')')
                return pa_rc_fail(c, q, "expected migratetype letters (U M E H C I R)");
            for (; *q && *q != ')'; q++) {
                int mt = letter_mt(*q);
                if (mt < 0)
                    return pa_rc_fail(c, q, "expected a migratetype letter U M E H C I R, got '%c'",
                                *q);
                z->mt_mask[o] |= (uint8_t)(1u << mt);
            }
            if (*q != ')')
                return pa_rc_fail(c, q, "expected ')' closing the migratetype letters");
            z->mt_known[o] = true;
            z->letters = true;
            c->buddy_letters_ok = false;
            p = q + 1;
            continue;
        }
        if (*p == '=') {
            p = rl_skip_ws(p + 1);
            if (!pa_rl_num(p, &size, &e, &ovf) || ovf)
                return pa_rc_fail(c, p, "expected the total 'NkB' after '='");
            if (!rl_starts(e, "kB"))
                return pa_rc_fail(c, e, "expected 'kB' after the total");
            z->buddy_total_printed = true;
            z->buddy_total_kb = size;
            p = rl_skip_ws(e + 2);
            if (*p && !pa_rl_decoration(p, &e))
                return pa_rc_fail(c, p, "expected the end of the buddy line after the total");
            if (*p)
                pa_rc_warn(c, p, "non-ASCII text ignored");
            c->buddy_zone = -1;
            uint64_t sum = 0;
            for (unsigned o = 0; o < z->nr_orders; o++)
                sum += z->nr_free[o] * ((uint64_t)z->page_kb << o);
            if (sum != z->buddy_total_kb)
                pa_rc_warn(c, p,
                           "buddy line total %llukB differs from the sum of its columns %llukB",
                           (unsigned long long)z->buddy_total_kb, (unsigned long long)sum);
            return 0;
        }
        if (!pa_rl_num(p, &cnt, &e, &ovf))
            return pa_rc_fail(c, p, "expected COUNT*SIZEkB, '(letters)' or '= TOTALkB'");
        if (ovf)
            return pa_rc_fail(c, p, "number too large");
        if (*e == '_' && !c->buddy_md) {
            /* Markdown (GitHub, forums) turns "1*4kB 1*8kB" into emphasis and a
               copy of the rendered page has '_' or nothing; '_' is unambiguous. */
            pa_rc_warn(c, e, "'_' read as '*' in the buddy line (markdown ate the asterisks)");
            c->buddy_md = true;
        }
        if (*e != '*' && *e != '_')
            return pa_rc_fail(c, e, "expected '*' after the count");
        const char *s = e + 1;
        if (!pa_rl_num(s, &size, &e, &ovf) || ovf)
            return pa_rc_fail(c, s, "expected a block size after '*'");
        if (!rl_starts(e, "kB"))
            return pa_rc_fail(c, e, "expected 'kB' after the block size");
        unsigned o = c->buddy_next;
        if (o >= PA_REPORT_MAX_ORDERS)
            return pa_rc_fail(c, p, "more than %d order columns", PA_REPORT_MAX_ORDERS);
        if (o == 0) {
            if (size == 0 || (size & (size - 1)) || size > (1u << 20))
                return pa_rc_fail(c, s, "expected a power-of-two page size in kB");
            z->page_kb = (unsigned)size;
        } else if (size != ((uint64_t)z->page_kb << o)) {
            return pa_rc_fail(c, s, "expected %llukB for order %u (twice the column before)",
                        (unsigned long long)((uint64_t)z->page_kb << o), o);
        }
        z->nr_free[o] = cnt;
        z->nr_orders = o + 1;
        c->buddy_next = o + 1;
        c->buddy_letters_ok = cnt > 0;
        p = e + 2;
    }
}

int pa_rc_hugepages(struct pa_rctx *c, const char *p)
{
    struct pa_report *r = pa_rc_cur(c);
    struct pa_report_hugepages h = {.node = -1};
    if (rl_starts(p, "Node ")) {
        h.node = pa_rl_node_num(p);
        p = pa_rl_after_node(p);
    }
    static const char *const keys[] = {"hugepages_total=", "hugepages_free=", "hugepages_surp=",
                                       "hugepages_size="};
    uint64_t *dst[] = {&h.total, &h.free, &h.surp, &h.size_kb};
    for (int i = 0; i < 4; i++) {
        p = rl_skip_ws(p);
        if (!rl_starts(p, keys[i]))
            return pa_rc_fail(c, p, "expected '%s'", keys[i]);
        const char *e;
        bool ovf;
        if (!pa_rl_num(p + strlen(keys[i]), dst[i], &e, &ovf) || ovf)
            return pa_rc_fail(c, p + strlen(keys[i]), "expected a number");
        p = e;
        if (i == 3 && !rl_starts(p, "kB"))
            return pa_rc_fail(c, p, "expected 'kB'");
    }
    if (r->nr_hugepages < (int)(sizeof r->hugepages / sizeof r->hugepages[0]))
        r->hugepages[r->nr_hugepages++] = h;
    pa_rc_recognised(c);
    return 0;
}

void pa_rc_swap_totals(struct pa_rctx *c, const char *p)
{
    struct pa_report *r = pa_rc_cur(c);
    uint64_t v;
    const char *e;
    bool ovf;
    if (rl_starts(p, "Free swap") || rl_starts(p, "Total swap")) {
        const char *q = strchr(p, '=');
        if (q && pa_rl_num(rl_skip_ws(q + 1), &v, &e, &ovf) && !ovf) {
            if (p[0] == 'F')
                r->free_swap_kb = v, r->have_free_swap = true;
            else
                r->total_swap_kb = v, r->have_total_swap = true;
        }
    } else if (pa_rl_num(p, &v, &e, &ovf) && !ovf) {
        if (!strcmp(e, " pages RAM"))
            r->pages_ram = v, r->have_pages_ram = true;
        else if (!strcmp(e, " pages reserved"))
            r->pages_reserved = v;
        else if (rl_starts(e, " pages HighMem"))
            r->pages_highmem = v;
    }
    pa_rc_recognised(c);
}

