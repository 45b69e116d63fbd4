/*
 * churn.c - seeded random alloc/free churn (see churn.h).
 *
 * Each step allocates when the zone holds less than the target share of its
 * pages and frees a uniformly chosen held block otherwise, with a little
 * randomness so both happen throughout. Order k is chosen with weight
 * 2^(max_order - k): small blocks dominate, as they do in a kernel.
 */
#include <stdlib.h>

#include "pagealloc/rng.h"
#include "sim/churn.h"

struct pa_churn {
    uint64_t n, cap;
    uint64_t *pfn;
    uint8_t *order;
};

static int push(struct pa_churn *c, uint64_t pfn, unsigned order)
{
    if (c->n == c->cap) {
        uint64_t cap = c->cap ? c->cap * 2 : 1024;
        uint64_t *p = realloc(c->pfn, cap * sizeof *p);
        if (!p)
            return PA_ENOMEM;
        c->pfn = p;
        uint8_t *o = realloc(c->order, cap);
        if (!o)
            return PA_ENOMEM;
        c->order = o;
        c->cap = cap;
    }
    c->pfn[c->n] = pfn;
    c->order[c->n] = (uint8_t)order;
    c->n++;
    return PA_OK;
}

static unsigned pick_order(struct pa_rng *r, unsigned max)
{
    uint64_t total = ((uint64_t)2 << max) - 1, x = pa_rng_below(r, total);
    for (unsigned k = 0;; k++) {
        uint64_t w = (uint64_t)1 << (max - k);
        if (x < w || k == max)
            return k;
        x -= w;
    }
}

int pa_churn_run(struct pa_zone *z, const struct pa_churn_params *p, struct pa_churn_stats *st,
                 struct pa_churn **keep)
{
    struct pa_rng r;
    struct pa_churn *c = calloc(1, sizeof *c);
    uint64_t held = 0, target = (uint64_t)(p->target_fill * (double)z->managed);
    int err = PA_OK;

    if (!c)
        return PA_ENOMEM;
    *st = (struct pa_churn_stats){0};
    pa_rng_seed(&r, p->seed);
    for (uint64_t i = 0; i < p->ops; i++) {
        bool alloc = c->n == 0 || (held < target ? pa_rng_below(&r, 8) != 0
                                                 : pa_rng_below(&r, 8) == 0);
        if (alloc) {
            unsigned o = pick_order(&r, p->max_order);
            uint64_t pfn;
            int e = pa_zone_alloc(z, o, p->mt, &pfn);
            if (e == PA_ENOMEM) {
                st->failures++;
                continue;
            }
            if (e || (e = push(c, pfn, o))) {
                err = e;
                break;
            }
            held += (uint64_t)1 << o;
            st->allocs++;
        } else {
            uint64_t k = pa_rng_below(&r, c->n);
            uint64_t pfn = c->pfn[k];
            unsigned o = c->order[k];
            c->pfn[k] = c->pfn[c->n - 1];
            c->order[k] = c->order[c->n - 1];
            c->n--;
            if ((err = pa_free_pages(z->machine, pfn, o)))
                break;
            held -= (uint64_t)1 << o;
            st->frees++;
        }
    }
    st->held_blocks = c->n;
    st->held_pages = held;
    if (keep)
        *keep = c;
    else
        err = err ? err : pa_churn_release(z->machine, c);
    return err;
}

int pa_churn_release(struct pa_machine *m, struct pa_churn *c)
{
    int err = PA_OK;
    if (!c)
        return PA_OK;
    for (uint64_t i = 0; i < c->n && !err; i++)
        err = pa_free_pages(m, c->pfn[i], c->order[i]);
    free(c->pfn);
    free(c->order);
    free(c);
    return err;
}
