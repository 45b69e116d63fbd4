/*
 * slab.c - kmalloc / kzalloc / kfree with the era's slab allocator
 * (kernel-semantics 9), and the fake kernel addresses modules see.
 *
 * SLAB (2.6.32, RHEL6): general caches size-32 ... size-4194304; a cache's
 * slab order is the smallest that holds an object, stopping at order 1
 * (slab_break_gfp_order) unless order 0 wastes more than 1/8
 * (calculate_slab_order), so objects of 4 KiB and more get
 * get_order(size): size-4194304 slabs are order 10. Objects below 512 bytes
 * keep the slab descriptor and bufctl array on the slab. A slab that becomes
 * empty is kept while the cache's free objects stay within free_limit =
 * (1 + cpus) * batchcount + objects per slab (free_block), else its pages go
 * back; cache_reap (drop_caches 2 here) releases the kept ones.
 * Not modelled: the per-CPU array caches and off-slab descriptors.
 *
 * SLUB (mainline): caches kmalloc-8 ... kmalloc-8192 with the order of
 * calculate_order (min_objects 4 * (fls(cpus) + 1), slub_max_order 3,
 * leftover at most 1/16, 1/8, 1/4); larger requests go straight to the page
 * allocator as compound pages of get_order(size) (kmalloc_large). An empty
 * slab is kept while the cache has fewer than min_partial partial slabs.
 * Not modelled: per-CPU slabs, the fallback to the minimum order.
 *
 * Addresses: an object's address is PAGE_OFFSET + pfn * page size + offset
 * (x86_64 direct map); alloc_pages returns a vmemmap address
 * (0xffffea0000000000 + pfn * 64). Lua integers hold both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/pfnlist.h"
#include "sim/sim.h"

#define PAGE_OFFSET 0xffff880000000000ull
#define VMEMMAP 0xffffea0000000000ull
#define NCACHES 28
/* The VFS caches a file's page cache needs (SLAB_RECLAIM_ACCOUNT caches: their
   slabs come from GFP_KERNEL | __GFP_RECLAIMABLE, V2632 mm/slab.c
   __kmem_cache_create; count in SReclaimable): placed after the kmalloc
   caches. Object sizes of a 2.6.32 x86_64 build (slabinfo): dentry 192,
   ext4_inode_cache 1000, radix_tree_node 560, buffer_head 104. */
#define VFS_FIRST 24
static const struct {
    const char *name;
    uint64_t size;
} vfs_caches[PA_SIM_VFS_NR] = {
    [PA_SIM_VFS_DENTRY] = {"dentry", 192},
    [PA_SIM_VFS_INODE] = {"ext4_inode_cache", 1000},
    [PA_SIM_VFS_RADIX] = {"radix_tree_node", 560},
    [PA_SIM_VFS_BH] = {"buffer_head", 104},
};

struct kcache {
    char name[40];
    bool reclaimable;              /* SLAB_RECLAIM_ACCOUNT                      */
    uint64_t size;
    unsigned order;
    uint32_t objs;                 /* objects per slab                         */
    uint64_t free_limit;           /* SLAB: free objects kept                  */
    uint32_t min_partial;          /* SLUB: empty slabs kept                   */
    uint64_t nr_slabs, nr_objs_used, free_objs;
    struct pa_pfnlist partial;     /* slabs with room, by their head page      */
    uint32_t nr_empty;
};

struct slab {
    uint64_t pfn;
    uint16_t cache;
    uint32_t inuse;
    bool on_partial;
    bool live;                     /* a slab now (else a spare record)          */
    uint32_t nfree;
    uint32_t arr_cap;              /* objects the two arrays below hold         */
    uint32_t *free;                /* stack of free object indices             */
    uint8_t *used;                 /* in the same allocation as free            */
};

struct pa_slab_state {
    int nr;
    struct kcache c[NCACHES];
    struct slab *slabs;
    uint32_t nr_slabs, cap;
    uint32_t *spare;               /* indices of released slab records         */
    uint32_t nr_spare, spare_cap;
};

#define NONE UINT32_MAX

static unsigned get_order(uint64_t page, uint64_t size)
{
    unsigned o = 0;
    while ((page << o) < size)
        o++;
    return o;
}

/* fls(): position of the highest set bit, 1-based; 0 for 0. */
static int fls_int(int x)
{
    return x > 0 ? 32 - __builtin_clz((unsigned)x) : 0;
}

/* SLAB cache_estimate + calculate_slab_order (V2632 mm/slab.c). */
static void slab_geometry(struct kcache *k, uint64_t page, int cpus)
{
    for (unsigned order = 0; order <= 10; order++) {
        uint64_t bytes = page << order, num, left;
        if (k->size < 512) {
            /* on-slab: struct slab (~40 bytes) + a 4-byte bufctl per object,
               rounded to a cache line */
            num = (bytes - 40) / (k->size + 4);
            while (num && ((40 + 4 * num + 63) & ~(uint64_t)63) + num * k->size > bytes)
                num--;
            left = num ? bytes - num * k->size - ((40 + 4 * num + 63) & ~(uint64_t)63) : bytes;
        } else {
            num = bytes / k->size;
            left = bytes - num * k->size;
        }
        if (!num)
            continue;
        k->order = order;
        k->objs = (uint32_t)num;
        if (order >= 1 || left * 8 <= bytes)
            break;
    }
    /* enable_cpucache: limit by object size, batchcount = (limit + 1) / 2 */
    uint64_t limit = k->size > 131072 ? 1 : k->size > page ? 8 : k->size > 1024 ? 24
                   : k->size > 256 ? 54 : 120;
    k->free_limit = (uint64_t)(1 + cpus) * ((limit + 1) / 2) + k->objs;
}

/* SLUB slab_order / calculate_order (V2632, V44 mm/slub.c). */
static unsigned slub_slab_order(uint64_t page, uint64_t size, uint64_t min_objects,
                                unsigned max_order, unsigned fract)
{
    unsigned order;
    for (order = get_order(page, min_objects * size); order <= max_order; order++) {
        uint64_t bytes = page << order;
        if (bytes % size <= bytes / fract)
            break;
    }
    return order;
}

static void slub_geometry(struct kcache *k, uint64_t page, int cpus)
{
    const unsigned max_order = 3;
    uint64_t min_objects = 4 * (uint64_t)(fls_int(cpus) + 1);
    uint64_t max_objects = (page << max_order) / k->size;
    if (min_objects > max_objects)
        min_objects = max_objects;
    unsigned order = max_order + 1;
    while (min_objects > 1 && order > max_order) {
        for (unsigned fract = 16; fract >= 4 && order > max_order; fract /= 2)
            order = slub_slab_order(page, k->size, min_objects, max_order, fract);
        min_objects--;
    }
    if (order > max_order)
        order = slub_slab_order(page, k->size, 1, max_order, 1);
    if (order > max_order)
        order = get_order(page, k->size);
    k->order = order;
    k->objs = (uint32_t)((page << order) / k->size);
    /* set_min_partial: ilog2(size) / 2 clamped to [5, 10] */
    unsigned mp = (unsigned)(fls_int((int)k->size) - 1) / 2;
    k->min_partial = mp < 5 ? 5 : mp > 10 ? 10 : mp;
}

static struct pa_slab_state *state(struct pa_sim *s)
{
    if (s->slab)
        return s->slab;
    struct pa_slab_state *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    static const uint64_t slab_sizes[] = {32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096,
                                          8192, 16384, 32768, 65536, 131072, 262144, 524288,
                                          1048576, 2097152, 4194304};
    static const uint64_t slub_sizes[] = {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048,
                                          4096, 8192, 16384, 32768, 65536, 131072};
    bool slab = s->slab_kind == PA_SLAB_SLAB;
    const uint64_t *sz = slab ? slab_sizes : slub_sizes;
    st->nr = 0;
    if (slab)
        st->nr = 20;
    else /* SLUB: caches up to 2 * PAGE_SIZE (KMALLOC_SHIFT_HIGH) */
        while (st->nr < 17 && slub_sizes[st->nr] <= 2 * s->page_size)
            st->nr++;
    for (int i = 0; i < st->nr; i++) {
        struct kcache *k = &st->c[i];
        k->size = sz[i];
        pa_pfnlist_init(&k->partial);
        if (slab) {
            snprintf(k->name, sizeof k->name, "size-%llu", (unsigned long long)k->size);
            slab_geometry(k, s->page_size, s->nr_cpus);
        } else {
            if (k->size >= 1024)
                snprintf(k->name, sizeof k->name, "kmalloc-%lluk",
                         (unsigned long long)k->size / 1024);
            else
                snprintf(k->name, sizeof k->name, "kmalloc-%llu", (unsigned long long)k->size);
            slub_geometry(k, s->page_size, s->nr_cpus);
        }
    }
    for (int i = 0; i < PA_SIM_VFS_NR; i++) {
        struct kcache *k = &st->c[VFS_FIRST + i];
        k->size = vfs_caches[i].size;
        k->reclaimable = true;
        pa_pfnlist_init(&k->partial);
        snprintf(k->name, sizeof k->name, "%s", vfs_caches[i].name);
        if (slab)
            slab_geometry(k, s->page_size, s->nr_cpus);
        else
            slub_geometry(k, s->page_size, s->nr_cpus);
    }
    s->slab = st;
    return st;
}

/* The cache's partial list threads the slabs' head pages (the kernel's
   slab_list shares page->lru: a slab page is on no LRU); the slab record is
   the page's rmap handle. */
static void partial_add(struct pa_sim *s, struct pa_slab_state *st, struct kcache *k,
                        uint32_t si)
{
    struct slab *sl = &st->slabs[si];
    pa_pfnlist_add(s->m->pages, &k->partial, (uint32_t)sl->pfn);
    sl->on_partial = true;
}

static void partial_del(struct pa_sim *s, struct pa_slab_state *st, struct kcache *k,
                        uint32_t si)
{
    struct slab *sl = &st->slabs[si];
    pa_pfnlist_del(s->m->pages, &k->partial, (uint32_t)sl->pfn);
    sl->on_partial = false;
}

/* Remember a released slab record for reuse (lost if the array cannot grow). */
static void spare_push(struct pa_slab_state *st, uint32_t si)
{
    if (st->nr_spare == st->spare_cap) {
        uint32_t c = st->spare_cap ? st->spare_cap * 2 : 64;
        uint32_t *v = realloc(st->spare, c * sizeof *v);
        if (!v)
            return;
        st->spare = v;
        st->spare_cap = c;
    }
    st->spare[st->nr_spare++] = si;
}

/* cache_grow / allocate_slab: a new slab of the cache's order. */
static int grow(struct pa_sim *s, struct pa_slab_state *st, int ci, int cpu,
                const struct pa_sim_gfp *g)
{
    struct kcache *k = &st->c[ci];
    uint32_t si;
    if (st->nr_spare) {
        si = st->spare[--st->nr_spare];
    } else {
        if (st->nr_slabs == st->cap) {
            uint32_t c = st->cap ? st->cap * 2 : 64;
            struct slab *v = realloc(st->slabs, c * sizeof *v);
            if (!v)
                return -1;
            memset(v + st->cap, 0, (c - st->cap) * sizeof *v); /* no arrays yet */
            st->slabs = v;
            st->cap = c;
        }
        si = st->nr_slabs++;
    }
    struct slab *sl = &st->slabs[si];
    /* A released record keeps its arrays for the next slab (one malloc per
       slab made slab growth malloc-bound on long histories). */
    uint32_t *arr = sl->free, cap = sl->arr_cap;
    memset(sl, 0, sizeof *sl);
    if (cap < k->objs) {
        free(arr);
        arr = malloc(k->objs * (sizeof *sl->free + 1));
        cap = arr ? k->objs : 0;
    }
    sl->free = arr;
    sl->arr_cap = cap;
    sl->used = arr ? (uint8_t *)(arr + cap) : NULL;
    uint64_t pfn;
    if (!arr || pa_sim_alloc(s, cpu, g, k->order, PA_KIND_SLAB, si, &pfn)) {
        spare_push(st, si);
        return -1;
    }
    memset(sl->used, 0, k->objs);
    sl->live = true;
    sl->pfn = pfn;
    sl->cache = (uint16_t)ci;
    sl->nfree = k->objs;
    for (uint32_t i = 0; i < k->objs; i++)
        sl->free[i] = k->objs - 1 - i; /* object 0 is handed out first */
    k->nr_slabs++;
    k->free_objs += k->objs;
    k->nr_empty++;
    if (k->reclaimable)
        s->st.slab_reclaimable += (uint64_t)1 << k->order;
    else
        s->st.slab_unreclaimable += (uint64_t)1 << k->order;
    partial_add(s, st, k, si);
    return 0;
}

static void release_slab(struct pa_sim *s, struct pa_slab_state *st, uint32_t si, int cpu)
{
    struct slab *sl = &st->slabs[si];
    struct kcache *k = &st->c[sl->cache];
    if (sl->on_partial)
        partial_del(s, st, k, si);
    pa_sim_free(s, cpu, sl->pfn, k->order);
    k->nr_slabs--;
    k->free_objs -= k->objs;
    k->nr_empty--;
    if (k->reclaimable)
        s->st.slab_reclaimable -= (uint64_t)1 << k->order;
    else
        s->st.slab_unreclaimable -= (uint64_t)1 << k->order;
    sl->live = false; /* the arrays stay with the record (grow) */
    spare_push(st, si);
}

uint64_t pa_sim_page_addr(uint64_t pfn)
{
    return VMEMMAP + pfn * 64;
}

bool pa_sim_addr_page(const struct pa_sim *s, uint64_t addr, uint64_t *pfn)
{
    if (addr < VMEMMAP || (addr - VMEMMAP) % 64)
        return false;
    *pfn = (addr - VMEMMAP) / 64;
    return *pfn < s->m->max_pfn;
}

static uint64_t cache_alloc(struct pa_sim *s, struct pa_slab_state *st, int ci, int cpu,
                            const struct pa_sim_gfp *g);

uint64_t pa_sim_kmalloc(struct pa_sim *s, int cpu, uint64_t size, const struct pa_sim_gfp *g)
{
    struct pa_slab_state *st = state(s);
    if (!st)
        return 0;
    if (size == 0)
        return 16; /* ZERO_SIZE_PTR */
    int ci = 0;
    while (ci < st->nr && st->c[ci].size < size)
        ci++;
    if (ci == st->nr) {
        /* SLUB kmalloc_large up to KMALLOC_MAX_SIZE = PAGE_SIZE << MAX_PAGE_ORDER
           (4 MiB on x86_64, kernel-semantics 9; 3.x allows 8 MiB, whose order 11
           the page allocator refuses: NULL either way); SLAB: NULL. */
        if (s->slab_kind == PA_SLAB_SLAB || size > (s->page_size << s->m->max_order))
            return 0;
        unsigned order = get_order(s->page_size, size);
        uint64_t pfn;
        struct pa_sim_gfp comp = *g;
        pa_sim_gfp_add(s, &comp, false, true);
        if (pa_sim_alloc(s, cpu, &comp, order, PA_KIND_KMALLOC_LARGE, 0, &pfn))
            return 0;
        s->st.kmalloc_large += (uint64_t)1 << order;
        return PAGE_OFFSET + pfn * s->page_size;
    }
    return cache_alloc(s, st, ci, cpu, g);
}

bool pa_sim_slab_reclaimable(const struct pa_sim *s, uint32_t priv)
{
    const struct pa_slab_state *st = s->slab;
    return st && priv < st->nr_slabs && st->slabs[priv].live &&
           st->c[st->slabs[priv].cache].reclaimable;
}

uint64_t pa_sim_vfs_alloc(struct pa_sim *s, int cpu, enum pa_sim_vfs_cache c)
{
    struct pa_slab_state *st = state(s);
    if (!st || (unsigned)c >= PA_SIM_VFS_NR)
        return 0;
    return cache_alloc(s, st, VFS_FIRST + (int)c, cpu, &s->gfp_vfs);
}

/* An object of cache ci (____cache_alloc / slab_alloc): a partial slab's,
   or one of a new slab. 0 when no page could be had. */
static uint64_t cache_alloc(struct pa_sim *s, struct pa_slab_state *st, int ci, int cpu,
                            const struct pa_sim_gfp *g)
{
    struct kcache *k = &st->c[ci];
    if (pa_pfnlist_empty(&k->partial) && grow(s, st, ci, cpu, g))
        return 0;
    uint32_t si = s->m->pages[k->partial.head].priv;
    struct slab *sl = &st->slabs[si];
    if (sl->inuse == 0)
        k->nr_empty--;
    uint32_t obj = sl->free[--sl->nfree];
    sl->used[obj] = 1;
    sl->inuse++;
    k->free_objs--;
    k->nr_objs_used++;
    if (!sl->nfree)
        partial_del(s, st, k, si);
    return PAGE_OFFSET + sl->pfn * s->page_size + (uint64_t)obj * k->size;
}

/* The slab record of the object at addr, or NONE. */
static uint32_t find_slab(struct pa_sim *s, uint64_t addr, uint64_t *head)
{
    if (addr < PAGE_OFFSET)
        return NONE;
    uint64_t pfn = (addr - PAGE_OFFSET) / s->page_size;
    struct pa_machine *m = s->m;
    if (pfn >= m->max_pfn)
        return NONE;
    for (unsigned o = 0; o <= m->max_order; o++) {
        uint64_t h = pfn & ~(((uint64_t)1 << o) - 1);
        const struct pa_page *p = &m->pages[h];
        if ((p->flags & PA_PG_ALLOC) && !(p->flags & PA_PG_PCP) && p->order >= o) {
            *head = h;
            if (p->kind == PA_KIND_SLAB)
                return p->priv;
            if (p->kind == PA_KIND_KMALLOC_LARGE)
                return NONE - 1;
            return NONE;
        }
    }
    return NONE;
}

int pa_sim_kfree(struct pa_sim *s, int cpu, uint64_t addr)
{
    if (addr == 0 || addr == 16)
        return 0; /* kfree(NULL), kfree(ZERO_SIZE_PTR) */
    uint64_t head;
    uint32_t si = s->slab ? find_slab(s, addr, &head) : NONE;
    if (si == NONE - 1) {
        if (addr != PAGE_OFFSET + head * s->page_size)
            return -1;
        unsigned order = s->m->pages[head].order;
        s->st.kmalloc_large -= (uint64_t)1 << order;
        return pa_sim_free(s, cpu, head, order);
    }
    if (si == NONE || si >= s->slab->nr_slabs)
        return -1;
    struct pa_slab_state *st = s->slab;
    struct slab *sl = &st->slabs[si];
    struct kcache *k = &st->c[sl->cache];
    uint64_t off = addr - (PAGE_OFFSET + sl->pfn * s->page_size);
    if (off % k->size || off / k->size >= k->objs || !sl->used[off / k->size])
        return -1; /* not an object start, or already free */
    uint32_t obj = (uint32_t)(off / k->size);
    sl->used[obj] = 0;
    sl->free[sl->nfree++] = obj;
    sl->inuse--;
    k->free_objs++;
    k->nr_objs_used--;
    if (!sl->on_partial)
        partial_add(s, st, k, si);
    if (sl->inuse == 0) {
        k->nr_empty++;
        bool discard = s->slab_kind == PA_SLAB_SLAB ? k->free_objs > k->free_limit
                                                    : k->nr_empty > k->min_partial;
        if (discard)
            release_slab(s, st, si, cpu);
    }
    return 0;
}

uint64_t pa_sim_ksize(struct pa_sim *s, uint64_t addr)
{
    uint64_t head;
    uint32_t si = s->slab ? find_slab(s, addr, &head) : NONE;
    if (si == NONE - 1)
        return s->page_size << s->m->pages[head].order;
    if (si == NONE || si >= s->slab->nr_slabs)
        return 0;
    return s->slab->c[s->slab->slabs[si].cache].size;
}

uint64_t pa_sim_slab_reap(struct pa_sim *s)
{
    struct pa_slab_state *st = s->slab;
    uint64_t pages = 0;
    if (!st)
        return 0;
    for (uint32_t si = 0; si < st->nr_slabs; si++) {
        struct slab *sl = &st->slabs[si];
        if (sl->live && sl->inuse == 0) {
            pages += (uint64_t)1 << st->c[sl->cache].order;
            release_slab(s, st, si, 0);
        }
    }
    return pages;
}

void pa_sim_slab_destroy(struct pa_sim *s)
{
    struct pa_slab_state *st = s->slab;
    if (!st)
        return;
    for (uint32_t i = 0; i < st->nr_slabs; i++) {
        free(st->slabs[i].free);
    }
    free(st->slabs);
    free(st->spare);
    free(st);
    s->slab = NULL;
}
