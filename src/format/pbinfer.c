/*
 * pbinfer.c - pageblock migratetypes of a snapshot (pagealloc/pbinfer.h).
 *
 * Units: a pageblock and the pageblocks tied to it by a free block larger than
 * a pageblock (the kernel merges such blocks only across mergeable types and
 * 6.x retypes the buddy's pageblock, V618 __free_one_page). Cost of an
 * assignment = the free-count difference (blocks, summed over types and
 * orders) + LAMBDA x how ill each unit's contents fit its type (share of
 * kernel/slab pages in a Movable block, of user pages in an Unmovable one,
 * ...). The block counts are kept exact by exchanging the types of two units
 * of the same size; the search stops when no exchange lowers the cost.
 */
#include <stdlib.h>
#include <string.h>

#include "pagealloc/pbinfer.h"

#define LAMBDA 4.0
#define MAX_PASSES 40

struct unit {
    uint32_t size;                         /* pageblocks                         */
    double fit[PA_MT_COUNT];               /* misfit of each type, 0..1           */
    uint64_t free_blocks[PA_PBINFER_ORDERS];
    uint8_t mt;
};

static void unit_fit(struct unit *u, uint64_t kernel, uint64_t slab, uint64_t movable,
                     uint64_t pages)
{
    double k = (double)kernel / (double)pages, s = (double)slab / (double)pages,
           mv = (double)movable / (double)pages;
    for (int t = 0; t < PA_MT_COUNT; t++)
        u->fit[t] = 0.5 + mv;              /* reserve-like types: rare, no evidence */
    u->fit[PA_MT_MOVABLE] = k + s;
    u->fit[PA_MT_UNMOVABLE] = mv + 0.5 * s;
    u->fit[PA_MT_RECLAIMABLE] = mv + 0.5 * k;
}

struct state {
    struct unit *u;
    size_t nu;
    unsigned nr_orders;
    int64_t have[PA_MT_COUNT][PA_PBINFER_ORDERS];
    int64_t want[PA_MT_COUNT][PA_PBINFER_ORDERS];
    bool use_free;
};

static uint64_t free_diff(const struct state *s)
{
    uint64_t d = 0;
    if (!s->use_free)
        return 0;
    for (int t = 0; t < PA_MT_COUNT; t++)
        for (unsigned o = 0; o < s->nr_orders; o++)
            d += (uint64_t)llabs(s->have[t][o] - s->want[t][o]);
    return d;
}

/* Cost change of giving a type tb and b type ta. */
static double swap_delta(const struct state *s, const struct unit *a, const struct unit *b)
{
    int ta = a->mt, tb = b->mt;
    double d = LAMBDA * (a->fit[tb] + b->fit[ta] - a->fit[ta] - b->fit[tb]);
    if (!s->use_free)
        return d;
    for (unsigned o = 0; o < s->nr_orders; o++) {
        int64_t x = (int64_t)a->free_blocks[o] - (int64_t)b->free_blocks[o];
        if (!x)
            continue;
        int64_t ha = s->have[ta][o], hb = s->have[tb][o];
        d += (double)(llabs(ha - x - s->want[ta][o]) - llabs(ha - s->want[ta][o]));
        d += (double)(llabs(hb + x - s->want[tb][o]) - llabs(hb - s->want[tb][o]));
    }
    return d;
}

static void apply_swap(struct state *s, struct unit *a, struct unit *b)
{
    int ta = a->mt, tb = b->mt;
    for (unsigned o = 0; o < s->nr_orders; o++) {
        int64_t x = (int64_t)a->free_blocks[o] - (int64_t)b->free_blocks[o];
        s->have[ta][o] -= x;
        s->have[tb][o] += x;
    }
    a->mt = (uint8_t)tb;
    b->mt = (uint8_t)ta;
}

struct pref {
    size_t unit;
    double pref;
};

static int cmp_pref_plain(const void *x, const void *y)
{
    const struct pref *a = x, *b = y;
    if (a->pref != b->pref)
        return a->pref < b->pref ? -1 : 1;
    return a->unit < b->unit ? -1 : a->unit > b->unit;
}

int pa_pbinfer(const struct pa_pb_feat *pb, size_t n, unsigned nr_orders,
               const uint64_t want_blocks[PA_MT_COUNT],
               const uint64_t (*want_free)[PA_PBINFER_ORDERS], uint8_t *mt_out,
               struct pa_pbinfer_result *res)
{
    if ((!pb && n) || !want_blocks || !mt_out || !res || !nr_orders ||
        nr_orders > PA_PBINFER_ORDERS)
        return PA_EINVAL;
    memset(res, 0, sizeof *res);
    for (size_t i = 0; i < n; i++)
        if (pb[i].lead >= (int64_t)i || pb[i].lead < -1)
            return PA_EINVAL;
    size_t *unit_of = malloc((n ? n : 1) * sizeof *unit_of);
    struct state *s = calloc(1, sizeof *s);
    struct pref *pr = NULL;
    int rc = 0;
    if (!unit_of || !s) {
        rc = PA_ENOMEM;
        goto out;
    }
    s->u = calloc(n ? n : 1, sizeof *s->u);
    pr = calloc(n ? n : 1, sizeof *pr);
    if (!s->u || !pr) {
        rc = PA_ENOMEM;
        goto out;
    }
    s->nr_orders = nr_orders;
    s->use_free = want_free != NULL;
    /* units and their contents */
    uint64_t *k = calloc(n ? n : 1, 3 * sizeof *k);
    if (!k) {
        rc = PA_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (!pb[i].counted) {
            unit_of[i] = SIZE_MAX;
            continue;
        }
        size_t root = i;
        while (pb[root].lead >= 0 && pb[pb[root].lead].counted)
            root = (size_t)pb[root].lead;
        size_t u = root == i ? s->nu++ : unit_of[root];
        unit_of[i] = u;
        s->u[u].size++;
        k[3 * u] += pb[i].kernel;
        k[3 * u + 1] += pb[i].slab;
        k[3 * u + 2] += pb[i].movable;
        for (unsigned o = 0; o < nr_orders; o++)
            s->u[u].free_blocks[o] += pb[i].free_blocks[o];
    }
    uint64_t counted = 0;
    for (size_t u = 0; u < s->nu; u++) {
        uint64_t pages = k[3 * u] + k[3 * u + 1] + k[3 * u + 2];
        unit_fit(&s->u[u], k[3 * u], k[3 * u + 1], k[3 * u + 2], pages ? pages : 1);
        if (!pages) /* all free or pcp: no evidence from contents */
            for (int t = 0; t < PA_MT_COUNT; t++)
                s->u[u].fit[t] = t == PA_MT_MOVABLE || t == PA_MT_UNMOVABLE ||
                                         t == PA_MT_RECLAIMABLE
                                     ? 0
                                     : 0.5;
        s->u[u].mt = PA_MT_MOVABLE;
        counted += s->u[u].size;
    }
    free(k);
    /* targets: Movable takes whatever the counts do not explain */
    uint64_t want[PA_MT_COUNT], sum = 0;
    for (int t = 0; t < PA_MT_COUNT; t++)
        sum += (want[t] = want_blocks[t]);
    if (sum <= counted) {
        want[PA_MT_MOVABLE] += counted - sum;
    } else {
        uint64_t over = sum - counted;
        uint64_t take = want[PA_MT_MOVABLE] < over ? want[PA_MT_MOVABLE] : over;
        want[PA_MT_MOVABLE] -= take;
        over -= take;
        for (int t = 0; t < PA_MT_COUNT && over; t++) {
            take = want[t] < over ? want[t] : over;
            want[t] -= take;
            over -= take;
        }
    }
    if (want_free)
        for (int t = 0; t < PA_MT_COUNT; t++)
            for (unsigned o = 0; o < nr_orders; o++)
                s->want[t][o] = (int64_t)want_free[t][o];
    /* start: each minority type takes the units that prefer it most */
    static const int order_of_types[] = {PA_MT_UNMOVABLE, PA_MT_RECLAIMABLE,
                                         PA_MT_HIGHATOMIC, PA_MT_CMA,
                                         PA_MT_ISOLATE, PA_MT_RESERVE};
    for (size_t i = 0; i < sizeof order_of_types / sizeof *order_of_types; i++) {
        int t = order_of_types[i];
        if (!want[t])
            continue;
        size_t np = 0;
        for (size_t u = 0; u < s->nu; u++)
            if (s->u[u].mt == PA_MT_MOVABLE)
                pr[np++] = (struct pref){u, s->u[u].fit[t] - s->u[u].fit[PA_MT_MOVABLE]};
        qsort(pr, np, sizeof *pr, cmp_pref_plain);
        uint64_t got = 0;
        for (size_t j = 0; j < np && got < want[t]; j++)
            if (got + s->u[pr[j].unit].size <= want[t]) {
                s->u[pr[j].unit].mt = (uint8_t)t;
                got += s->u[pr[j].unit].size;
            }
    }
    for (size_t u = 0; u < s->nu; u++)
        for (unsigned o = 0; o < nr_orders; o++)
            s->have[s->u[u].mt][o] += (int64_t)s->u[u].free_blocks[o];
    res->free_diff_start = free_diff(s);
    /* exchanges: every pair with a minority-typed unit in it */
    for (int pass = 0; pass < MAX_PASSES; pass++) {
        unsigned before = res->swaps;
        for (size_t a = 0; a < s->nu; a++) {
            if (s->u[a].mt == PA_MT_MOVABLE)
                continue;
            for (size_t b = 0; b < s->nu; b++) {
                if (s->u[b].mt == s->u[a].mt || s->u[b].size != s->u[a].size)
                    continue;
                if (swap_delta(s, &s->u[a], &s->u[b]) < -1e-9) {
                    apply_swap(s, &s->u[a], &s->u[b]);
                    res->swaps++;
                    if (s->u[a].mt == PA_MT_MOVABLE)
                        break;
                }
            }
        }
        if (res->swaps == before)
            break;
    }
    res->free_diff = free_diff(s);
    for (size_t i = 0; i < n; i++) {
        uint8_t mt = unit_of[i] == SIZE_MAX ? PA_MT_MOVABLE : s->u[unit_of[i]].mt;
        mt_out[i] = mt;
        if (unit_of[i] != SIZE_MAX)
            res->blocks[mt]++;
    }
out:
    free(unit_of);
    if (s)
        free(s->u);
    free(s);
    free(pr);
    return rc;
}
