/*
 * ref_buddy.c - the reference model (see ref_buddy.h for its shape).
 *
 * Rules, restated from kernel-semantics.md rather than from src/mm:
 *  - boot (4.3 "Boot"): every page of a zone that is neither a hole nor
 *    reserved is freed in maximal aligned blocks, ascending pfn, zone by zone;
 *    each at the list head, or the tail when the profile frees boot memory
 *    with FPI_TO_TAIL (5.10+). Every pageblock starts MOVABLE.
 *  - allocation (4.2 __rmqueue_smallest): the smallest order >= the request
 *    whose list for the migratetype is non-empty, its first entry; the caller
 *    keeps the lowest 2^order pages; each upper half, from the largest down,
 *    goes to the HEAD of its order's list of the same migratetype.
 *  - free (4.3 __free_one_page): mt = the freed page's pageblock type; while
 *    below max order, merge with the buddy (pfn ^ 2^order) if it is a free
 *    block of exactly that order in the same zone and, at orders >=
 *    pageblock_order, the profile's merge check passes comparing mt with the
 *    buddy's pageblock type (V618: equal, or both of U/M/E; 3.x-5.x: not
 *    isolated vs non-isolated; 2.6.32: always). Then tail if the profile has
 *    the "buddy of buddy" heuristic, the final order is below max_order - 1
 *    and the buddy of the combined order+1 block is a free block of order+1
 *    in this zone; else head. (The kernel compares the zone of that combined
 *    block's first page with the buddy's zone; the two agree whenever zone
 *    edges are aligned to 2^(order+1), as real ones are.)
 *  - taking a given range (engine API pa_alloc_pfn / pa_alloc_range): each
 *    free block overlapping it leaves its list; the parts outside the range
 *    go back as maximal aligned blocks, ascending, at the head of the list
 *    the block was on. Errors are checked in the order pa_free_pages and the
 *    range calls document.
 */
#include <stdlib.h>
#include <string.h>

#include "ref/ref_buddy.h"

struct vec {
    uint32_t *v;
    size_t n, cap;
};

struct ref {
    unsigned max_order, pb_order;
    bool heuristic, boot_tail;
    enum pa_merge_check merge_check;
    int nr_zones;
    uint64_t zstart[PA_MAX_ZONES], zend[PA_MAX_ZONES], zfree[PA_MAX_ZONES];
    uint64_t end, array_end;
    int8_t *free_order, *alloc_order;
    uint8_t *kind, *list_mt, *pb_mt;
    int64_t *key;
    uint32_t *pos;
    int64_t lo, hi;
    struct vec *lists;
};

static struct vec *list_of(const struct ref *r, int zone, unsigned order, unsigned mt)
{
    return &r->lists[((size_t)zone * (r->max_order + 1) + order) * PA_MT_COUNT + mt];
}

static int zone_of(const struct ref *r, uint64_t pfn)
{
    for (int i = 0; i < r->nr_zones; i++)
        if (pfn >= r->zstart[i] && pfn < r->zend[i])
            return i;
    return -1;
}

static void list_insert(struct ref *r, int zone, uint64_t pfn, unsigned order, unsigned mt,
                        bool tail)
{
    struct vec *l = list_of(r, zone, order, mt);
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v)
            abort();
    }
    r->pos[pfn] = (uint32_t)l->n;
    l->v[l->n++] = (uint32_t)pfn;
    r->key[pfn] = tail ? ++r->hi : --r->lo;
    r->free_order[pfn] = (int8_t)order;
    r->list_mt[pfn] = (uint8_t)mt;
    r->zfree[zone] += (uint64_t)1 << order;
}

static void list_remove(struct ref *r, int zone, uint64_t pfn)
{
    unsigned order = (unsigned)r->free_order[pfn];
    struct vec *l = list_of(r, zone, order, r->list_mt[pfn]);
    uint32_t i = r->pos[pfn];
    l->v[i] = l->v[--l->n];
    r->pos[l->v[i]] = i;
    r->free_order[pfn] = -1;
    r->zfree[zone] -= (uint64_t)1 << order;
}

static bool merge_ok(const struct ref *r, unsigned a, unsigned b)
{
    switch (r->merge_check) {
    case PA_MERGE_ANY:
        return true;
    case PA_MERGE_NO_ISOLATE:
        return (a == PA_MT_ISOLATE) == (b == PA_MT_ISOLATE);
    case PA_MERGE_MERGEABLE:
        break;
    }
    bool ma = a == PA_MT_UNMOVABLE || a == PA_MT_MOVABLE || a == PA_MT_RECLAIMABLE;
    bool mb = b == PA_MT_UNMOVABLE || b == PA_MT_MOVABLE || b == PA_MT_RECLAIMABLE;
    return a == b || (ma && mb);
}

enum place { BY_RULE, AT_TAIL, AT_HEAD };

static void free_block(struct ref *r, int zone, uint64_t pfn, unsigned order, enum place place)
{
    unsigned mt = r->pb_mt[pfn >> r->pb_order];
    while (order < r->max_order) {
        uint64_t buddy = pfn ^ ((uint64_t)1 << order);
        if (zone_of(r, buddy) != zone || r->free_order[buddy] != (int)order)
            break;
        if (order >= r->pb_order && !merge_ok(r, mt, r->pb_mt[buddy >> r->pb_order]))
            break;
        list_remove(r, zone, buddy);
        if (buddy < pfn)
            pfn = buddy;
        order++;
    }
    bool tail = place == AT_TAIL;
    if (place == BY_RULE && r->heuristic && order + 1 < r->max_order) {
        uint64_t combined = pfn & ~((uint64_t)1 << order);
        uint64_t hb = combined ^ ((uint64_t)2 << order);
        tail = zone_of(r, hb) == zone && r->free_order[hb] == (int)order + 1;
    }
    list_insert(r, zone, pfn, order, mt, tail);
}

/* Free [s, e) as maximal aligned blocks, ascending. */
static void free_run(struct ref *r, int zone, uint64_t s, uint64_t e, enum place place,
                     int list_mt)
{
    while (s < e) {
        unsigned o = 0;
        while (o < r->max_order && s % ((uint64_t)2 << o) == 0 && s + ((uint64_t)2 << o) <= e)
            o++;
        if (list_mt < 0)
            free_block(r, zone, s, o, place);
        else
            list_insert(r, zone, s, o, (unsigned)list_mt, false);
        s += (uint64_t)1 << o;
    }
}

struct ref *ref_create(const struct pa_machine_config *cfg)
{
    const struct pa_profile *pr = cfg->profile ? cfg->profile : &pa_profile_default;
    struct ref *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->max_order = cfg->max_order ? cfg->max_order : 10;
    r->pb_order = cfg->pageblock_order ? cfg->pageblock_order : 9;
    r->heuristic = pr->merge_tail_heuristic;
    r->boot_tail = pr->boot_free_to_tail;
    r->merge_check = pr->merge_check;
    r->nr_zones = cfg->nr_zones;
    for (int i = 0; i < cfg->nr_zones; i++) {
        /* insertion sort by start pfn */
        int k = i;
        while (k > 0 && r->zstart[k - 1] > cfg->zones[i].start_pfn) {
            r->zstart[k] = r->zstart[k - 1];
            r->zend[k] = r->zend[k - 1];
            k--;
        }
        r->zstart[k] = cfg->zones[i].start_pfn;
        r->zend[k] = cfg->zones[i].end_pfn;
        if (r->zend[k] > r->end)
            r->end = r->zend[k];
    }
    unsigned big = r->max_order > r->pb_order ? r->max_order : r->pb_order;
    r->array_end = (r->end + ((uint64_t)1 << big) - 1) & ~(((uint64_t)1 << big) - 1);
    size_t n = (size_t)r->end;
    r->free_order = malloc(n);
    r->alloc_order = malloc(n);
    r->kind = calloc(n, 1);
    r->list_mt = calloc(n, 1);
    r->pb_mt = malloc((n >> r->pb_order) + 1);
    r->key = calloc(n, sizeof *r->key);
    r->pos = calloc(n, sizeof *r->pos);
    r->lists = calloc((size_t)r->nr_zones * (r->max_order + 1) * PA_MT_COUNT, sizeof *r->lists);
    if (!r->free_order || !r->alloc_order || !r->kind || !r->list_mt || !r->pb_mt || !r->key ||
        !r->pos || !r->lists) {
        ref_destroy(r);
        return NULL;
    }
    memset(r->free_order, -1, n);
    memset(r->alloc_order, -1, n);
    memset(r->pb_mt, PA_MT_MOVABLE, (n >> r->pb_order) + 1);
    for (int i = 0; i < cfg->nr_holes; i++)
        for (uint64_t p = cfg->holes[i].start_pfn; p < cfg->holes[i].end_pfn && p < r->end; p++)
            r->kind[p] = 1;
    for (int i = 0; i < cfg->nr_reserved; i++)
        for (uint64_t p = cfg->reserved[i].start_pfn; p < cfg->reserved[i].end_pfn && p < r->end;
             p++)
            if (!r->kind[p])
                r->kind[p] = 2;
    for (int z = 0; z < r->nr_zones; z++) {
        uint64_t p = r->zstart[z];
        while (p < r->zend[z]) {
            if (r->kind[p]) {
                p++;
                continue;
            }
            uint64_t e = p;
            while (e < r->zend[z] && !r->kind[e])
                e++;
            free_run(r, z, p, e, r->boot_tail ? AT_TAIL : AT_HEAD, -1);
            p = e;
        }
    }
    return r;
}

void ref_destroy(struct ref *r)
{
    if (!r)
        return;
    if (r->lists)
        for (size_t i = 0; i < (size_t)r->nr_zones * (r->max_order + 1) * PA_MT_COUNT; i++)
            free(r->lists[i].v);
    free(r->lists);
    free(r->free_order);
    free(r->alloc_order);
    free(r->kind);
    free(r->list_mt);
    free(r->pb_mt);
    free(r->key);
    free(r->pos);
    free(r);
}

int ref_nr_zones(const struct ref *r) { return r->nr_zones; }
uint64_t ref_zone_start(const struct ref *r, int zone) { return r->zstart[zone]; }
uint64_t ref_zone_end(const struct ref *r, int zone) { return r->zend[zone]; }
uint64_t ref_zone_free_pages(const struct ref *r, int zone) { return r->zfree[zone]; }
unsigned ref_max_order(const struct ref *r) { return r->max_order; }
uint64_t ref_end_pfn(const struct ref *r) { return r->end; }

int ref_free_order(const struct ref *r, uint64_t pfn)
{
    return pfn < r->end ? r->free_order[pfn] : -1;
}

int ref_alloc_order(const struct ref *r, uint64_t pfn)
{
    return pfn < r->end ? r->alloc_order[pfn] : -1;
}

int ref_page_kind(const struct ref *r, uint64_t pfn)
{
    return pfn < r->end ? r->kind[pfn] : 0;
}

void ref_set_pageblock_mt(struct ref *r, uint64_t pfn, enum pa_migratetype mt)
{
    r->pb_mt[pfn >> r->pb_order] = (uint8_t)mt;
}

/* The head of the block of the given state array containing pfn, or -1. */
static int64_t containing(const struct ref *r, const int8_t *state, uint64_t pfn)
{
    for (unsigned o = 0; o <= r->max_order; o++) {
        uint64_t h = pfn & ~(((uint64_t)1 << o) - 1);
        if (state[h] >= (int)o)
            return (int64_t)h;
    }
    return -1;
}

int ref_zone_alloc(struct ref *r, int zone, unsigned order, enum pa_migratetype mt, uint64_t *pfn)
{
    if (order > r->max_order)
        return PA_EORDER;
    if ((unsigned)mt >= PA_MT_COUNT)
        return PA_EINVAL;
    for (unsigned cur = order; cur <= r->max_order; cur++) {
        struct vec *l = list_of(r, zone, cur, mt);
        if (!l->n)
            continue;
        uint32_t best = l->v[0];
        for (size_t i = 1; i < l->n; i++)
            if (r->key[l->v[i]] < r->key[best])
                best = l->v[i];
        list_remove(r, zone, best);
        for (unsigned h = cur; h > order; h--)
            list_insert(r, zone, best + ((uint64_t)1 << (h - 1)), h - 1, mt, false);
        r->alloc_order[best] = (int8_t)order;
        *pfn = best;
        return PA_OK;
    }
    return PA_ENOMEM;
}

int ref_free_pages(struct ref *r, uint64_t pfn, unsigned order)
{
    if (order > r->max_order)
        return PA_EORDER;
    int zone = zone_of(r, pfn);
    if (zone < 0)
        return PA_ERANGE;
    if (r->alloc_order[pfn] >= 0) {
        if (r->alloc_order[pfn] != (int)order)
            return PA_EWRONGORDER;
        r->alloc_order[pfn] = -1;
        free_block(r, zone, pfn, order, BY_RULE);
        return PA_OK;
    }
    if (r->kind[pfn] == 1)
        return PA_EHOLE;
    if (containing(r, r->free_order, pfn) >= 0)
        return PA_EDOUBLEFREE;
    if (containing(r, r->alloc_order, pfn) >= 0)
        return PA_ENOTHEAD;
    return PA_ENOTALLOC;
}

static int range_check(const struct ref *r, uint64_t s, uint64_t e, int *zone)
{
    int z = zone_of(r, s);
    if (z < 0 || e > r->array_end)
        return PA_ERANGE;
    if (e > r->zend[z])
        return PA_EZONE;
    for (uint64_t p = s; p < e; p++)
        if (containing(r, r->free_order, p) < 0)
            return r->kind[p] == 1 ? PA_EHOLE : PA_EBUSY;
    *zone = z;
    return PA_OK;
}

static void take(struct ref *r, int zone, uint64_t s, uint64_t e)
{
    for (uint64_t p = s; p < e;) {
        uint64_t h = (uint64_t)containing(r, r->free_order, p);
        unsigned o = (unsigned)r->free_order[h];
        unsigned mt = r->list_mt[h];
        uint64_t be = h + ((uint64_t)1 << o);
        list_remove(r, zone, h);
        if (h < s)
            free_run(r, zone, h, s, AT_HEAD, (int)mt);
        if (be > e)
            free_run(r, zone, e, be, AT_HEAD, (int)mt);
        p = be;
    }
}

int ref_alloc_pfn(struct ref *r, uint64_t pfn, unsigned order, enum pa_migratetype mt)
{
    int zone, err;
    if (order > r->max_order)
        return PA_EORDER;
    if ((unsigned)mt >= PA_MT_COUNT)
        return PA_EINVAL;
    if (pfn % ((uint64_t)1 << order))
        return PA_EALIGN;
    if ((err = range_check(r, pfn, pfn + ((uint64_t)1 << order), &zone)))
        return err;
    take(r, zone, pfn, pfn + ((uint64_t)1 << order));
    r->alloc_order[pfn] = (int8_t)order;
    return PA_OK;
}

int ref_alloc_range(struct ref *r, uint64_t start, uint64_t end, enum pa_migratetype mt)
{
    int zone, err;
    if (end <= start || (unsigned)mt >= PA_MT_COUNT)
        return PA_EINVAL;
    if ((err = range_check(r, start, end, &zone)))
        return err;
    take(r, zone, start, end);
    for (uint64_t p = start; p < end; p++)
        r->alloc_order[p] = 0;
    return PA_OK;
}

static int by_key(const void *a, const void *b, void *arg)
{
    const struct ref *r = arg;
    int64_t ka = r->key[*(const uint32_t *)a], kb = r->key[*(const uint32_t *)b];
    return ka < kb ? -1 : ka > kb;
}

size_t ref_list(const struct ref *r, int zone, unsigned order, enum pa_migratetype mt,
                uint32_t *out, size_t cap)
{
    const struct vec *l = list_of(r, zone, order, mt);
    if (l->n && l->n <= cap) {
        memcpy(out, l->v, l->n * sizeof *out);
        qsort_r(out, l->n, sizeof *out, by_key, (void *)r);
    }
    return l->n;
}
