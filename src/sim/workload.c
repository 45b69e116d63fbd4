/*
 * workload.c - the users of memory that are not the kernel itself:
 * processes with anonymous memory and the page cache.
 *
 * A process touches its heap page by page, as seed 003's userspace_fragment
 * does with sbrk + memset: each first touch is a page fault that takes one
 * movable zeroed page (GFP_HIGHUSER_MOVABLE, do_anonymous_page) on the CPU
 * the process runs on, after a page-table page (GFP_KERNEL | __GFP_ZERO,
 * unmovable) whenever it enters a new 2 MiB stretch. Processes queued with
 * work run concurrently: pa_sim_run lets each runnable process touch one page
 * in turn, which is how two tasks on two CPUs progress at the same speed.
 * Killing a process frees its pages in address order on its CPU (exit_mmap:
 * unmap, then free the page tables), then its kernel stack (the era's size,
 * taken at spawn). The page-table pages of the upper levels and the task's
 * slab objects are not modelled.
 *
 * The page cache: reading or writing a file caches its pages (movable, file
 * LRU; block-device buffers come from GFP_USER, unmovable, as the bdev
 * mapping's gfp mask says); drop_caches and removing a file free them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/lru.h"
#include "pagealloc/pageops.h"
#include "sim/sim.h"

static int push_u32(uint32_t **v, uint64_t *n, uint64_t *cap, uint64_t x)
{
    if (*n == *cap) {
        uint64_t c = *cap ? *cap * 2 : 8;
        uint32_t *p = realloc(*v, c * sizeof *p);
        if (!p)
            return -1;
        *v = p;
        *cap = c;
    }
    (*v)[(*n)++] = (uint32_t)x;
    return 0;
}

/* ---- processes -------------------------------------------------------------------- */

/* A process record in s->procs (not yet counted there), without memory. */
static struct pa_proc *proc_new(struct pa_sim *s, const char *name, int cpu)
{
    if (s->nr_procs == s->procs_cap) {
        int c = s->procs_cap ? s->procs_cap * 2 : 8;
        struct pa_proc **p = realloc(s->procs, (size_t)c * sizeof *p);
        if (!p)
            return NULL;
        s->procs = p;
        s->procs_cap = c;
    }
    struct pa_proc *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->index = (uint32_t)s->nr_procs;
    snprintf(p->name, sizeof p->name, "%s", name);
    p->cpu = cpu >= 0 && cpu < s->nr_cpus ? cpu : 0;
    p->parent = -1;
    return p;
}

struct pa_proc *pa_sim_spawn(struct pa_sim *s, const char *name, int cpu)
{
    s->err[0] = '\0';
    struct pa_proc *p = proc_new(s, name, cpu);
    if (!p)
        return NULL;
    p->pid = 1000 + s->nr_spawned; /* pids of spawned tasks only */
    /* fork: the task's kernel stack (THREADINFO_GFP = GFP_KERNEL | __GFP_ZERO,
       unmovable), on the CPU the task starts on */
    const struct pa_profile_kernel *k = &s->m->profile->kernel;
    for (unsigned i = 0; i < k->stack_blocks; i++) {
        uint64_t pfn;
        if (pa_sim_alloc(s, p->cpu, &s->gfp_pt, k->stack_order, PA_KIND_KSTACK,
                         (uint32_t)p->pid, &pfn)) {
            while (p->nr_stack)
                pa_sim_free(s, p->cpu, p->stack[--p->nr_stack], k->stack_order);
            free(p);
            snprintf(s->err, sizeof s->err, "fork: Cannot allocate memory (no pages for the "
                                            "kernel stack)");
            return NULL;
        }
        p->stack[p->nr_stack++] = (uint32_t)pfn;
    }
    if (s->nr_live == s->live_cap) {
        int c = s->live_cap ? s->live_cap * 2 : 8;
        int *v = realloc(s->live, (size_t)c * sizeof *v);
        if (!v) {
            while (p->nr_stack)
                pa_sim_free(s, p->cpu, p->stack[--p->nr_stack], k->stack_order);
            free(p);
            snprintf(s->err, sizeof s->err, "fork: Cannot allocate memory");
            return NULL;
        }
        s->live = v;
        s->live_cap = c;
    }
    s->live[s->nr_live++] = s->nr_procs;
    s->st.kernel_stack += (uint64_t)p->nr_stack << k->stack_order;
    s->procs[s->nr_procs++] = p;
    s->nr_spawned++;
    return p;
}

struct pa_proc *pa_sim_fork(struct pa_sim *s, struct pa_proc *parent, const char *name)
{
    if (!parent || parent->dead)
        return NULL;
    int pidx = (int)parent->index; /* s->procs may move in pa_sim_spawn */
    struct pa_proc *c = pa_sim_spawn(s, name ? name : parent->name, parent->cpu);
    if (!c)
        return NULL;
    parent = s->procs[pidx];
    c->parent = pidx;
    c->oom_score_adj = parent->oom_score_adj; /* copied with signal_struct */
    c->oom_adj = parent->oom_adj;
    parent->nr_children++;
    return c;
}

void pa_proc_touch(struct pa_proc *p, uint64_t n)
{
    if (!p->dead)
        p->pending += n;
}

void pa_proc_access(struct pa_proc *p, uint64_t n)
{
    if (!p->dead && p->nr_pages)
        p->pending_access += n;
}

/* One page fault. 0 ok, -1 out of memory. */
static int fault_one(struct pa_sim *s, struct pa_proc *p)
{
    uint64_t pfn;
    if (p->nr_pages % (s->page_size / 8) == 0) { /* PTRS_PER_PTE */
        if (pa_sim_alloc(s, p->cpu, &s->gfp_pt, 0, PA_KIND_PAGETABLE, (uint32_t)p->pid, &pfn))
            return -1;
        if (p->dead) { /* the OOM killer chose the faulting task itself */
            pa_sim_free(s, p->cpu, pfn, 0);
            return -1;
        }
        if (push_u32(&p->pt, &p->nr_pt, &p->pt_cap, pfn)) {
            pa_sim_free(s, p->cpu, pfn, 0);
            return -1;
        }
        s->st.pagetables++;
    }
    /* the page's owner slot: this process, the next virtual page */
    uint32_t h = pa_sim_rmap_get(s, p->index, p->nr_pages);
    if (h == PA_RMAP_NONE)
        return -1;
    if (pa_sim_alloc(s, p->cpu, &s->gfp_anon, 0, PA_KIND_ANON, h, &pfn)) {
        pa_sim_rmap_put(s, h);
        return -1;
    }
    if (p->dead) { /* killed by the OOM killer while it faulted */
        pa_sim_free(s, p->cpu, pfn, 0);
        pa_sim_rmap_put(s, h);
        return -1;
    }
    if (push_u32(&p->pages, &p->nr_pages, &p->cap, pfn)) {
        pa_sim_free(s, p->cpu, pfn, 0);
        pa_sim_rmap_put(s, h);
        return -1;
    }
    /* lru_cache_add_active_or_unevictable (do_anonymous_page before 5.9): a
       new anon page starts on the active list; the access that faulted
       leaves its pte young */
    pa_lru_add(s->m, pfn, true);
    pa_page_mkyoung(s->m, pfn);
    s->st.anon++;
    s->st.pgfault++;
    return 0;
}

/* One access of the next mapped page (p->access_pos, wrapping). A resident
   page: the MMU sets its pte's young bit (pa_page_mkyoung), which reclaim's
   page_referenced finds: an inactive page is activated, an active one
   counts as rotated. A swapped-out page: do_swap_page
   (V2632 / V44 / V618 mm/memory.c): a major fault, the page read back
   through swapin_readahead -> read_swap_cache_async into a new page
   (GFP_HIGHUSER_MOVABLE, which may reclaim and swap out others), PSWPIN
   counted by swap_readpage, the page on the LRU (lru_cache_add_anon of the
   swap cache page: the inactive anon list; 2.6.32-642.6.2.el6
   read_swap_cache_async), its new pte young.
   The page stays in the swap cache with its slot (SwapCached) unless swap
   is more than half full (try_to_free_swap); reclaim then drops it without
   writing it again (rmap.c anon_reclaim). 0 ok, -1 out of memory. */
static int access_one(struct pa_sim *s, struct pa_proc *p)
{
    if (p->access_pos >= p->nr_pages)
        p->access_pos = 0;
    uint64_t i = p->access_pos++;
    uint64_t pfn = p->pages[i];
    if (pfn != PA_PFN_NONE) {
        pa_page_mkyoung(s->m, pfn);
        return 0;
    }
    uint32_t h = pa_sim_rmap_get(s, p->index, i);
    if (h == PA_RMAP_NONE)
        return -1;
    if (pa_sim_alloc(s, p->cpu, &s->gfp_anon, 0, PA_KIND_ANON, h, &pfn)) {
        pa_sim_rmap_put(s, h);
        return -1;
    }
    if (p->dead) { /* killed by the OOM killer while it faulted */
        pa_sim_free(s, p->cpu, pfn, 0);
        pa_sim_rmap_put(s, h);
        return -1;
    }
    p->pages[i] = (uint32_t)pfn;
    p->nr_swapped--;
    /* do_swap_page: the page stays in the swap cache, keeping its slot,
       unless swap is more than half full (vm_swap_full -> try_to_free_swap);
       a write fault would free it too, and p:access is a read here */
    if (s->st.swap_used * 2 > s->swap_pages) {
        s->st.swap_used--;
    } else {
        pa_page_set_swapcache(s->m, pfn, true);
        s->st.swap_cached++;
    }
    pa_lru_add(s->m, pfn, false);
    pa_page_mkyoung(s->m, pfn);
    s->st.anon++;
    s->st.pswpin++;
    s->st.pgmajfault++;
    s->st.pgfault++;
    return 0;
}

/* Every living process with queued work touches one page in turn, in spawn
   order, until none has work left. Only the living are walked (s->live): a
   long history spawns and kills many processes, and walking the dead on every
   machine call was 5 % of a 128 GiB run (docs/performance.md). */
uint64_t pa_sim_run(struct pa_sim *s)
{
    uint64_t touched = 0;
    int n = 0; /* the dead leave the list here, not in pa_sim_kill: the OOM
                  killer may kill during the walk below */
    for (int li = 0; li < s->nr_live; li++)
        if (!s->procs[s->live[li]]->dead)
            s->live[n++] = s->live[li];
    s->nr_live = n;
    for (;;) {
        bool any = false;
        for (int li = 0; li < s->nr_live; li++) {
            struct pa_proc *p = s->procs[s->live[li]];
            if (p->dead || (!p->pending && !p->pending_access))
                continue;
            any = true;
            if (p->pending_access) { /* accesses first: they were queued on a
                                        mapped heap */
                if (access_one(s, p)) {
                    p->oom = true;
                    p->pending = p->pending_access = 0;
                    pa_sim_printk(s, "pagealloc: %s[%d]: swap-in could not get a page%s",
                                  p->name, p->pid,
                                  p->dead ? " (killed by the OOM killer)" : "");
                    continue;
                }
                p->pending_access--;
                touched++;
                continue;
            }
            if (fault_one(s, p)) {
                p->oom = true;
                p->pending = 0;
                pa_sim_printk(s, "pagealloc: %s[%d]: page fault could not get a page%s",
                              p->name, p->pid, p->dead ? " (killed by the OOM killer)" : "");
                continue;
            }
            p->pending--;
            touched++;
        }
        if (!any) {
            pa_sim_kswapd(s); /* the background task, between steps */
            pa_sim_kcompactd(s, s->clock_ns, s->clock_ns);
            return touched;
        }
    }
}

int pa_sim_kill(struct pa_sim *s, struct pa_proc *p)
{
    int err = 0;
    if (p->dead)
        return 0;
    for (uint64_t i = 0; i < p->nr_pages; i++) {
        uint64_t pfn = p->pages[i];
        if (pfn == PA_PFN_NONE) /* swapped out: its swap slot goes */
            continue;
        if (s->m->pages[pfn].flags & PA_PG_SWAPCACHE) { /* and a swap cache page's */
            s->st.swap_cached--;
            s->st.swap_used--;
        }
        pa_sim_rmap_put(s, s->m->pages[pfn].priv);
        int e = pa_sim_free(s, p->cpu, pfn, 0);
        err = err ? err : e;
        s->st.anon--;
    }
    s->st.swap_used -= p->nr_swapped;
    p->nr_swapped = 0;
    for (uint64_t i = 0; i < p->nr_pt; i++) {
        int e = pa_sim_free(s, p->cpu, p->pt[i], 0);
        err = err ? err : e;
        s->st.pagetables--;
    }
    for (unsigned i = 0; i < p->nr_stack; i++) {
        int e = pa_sim_free(s, p->cpu, p->stack[i], s->m->profile->kernel.stack_order);
        err = err ? err : e;
    }
    s->st.kernel_stack -= (uint64_t)p->nr_stack << s->m->profile->kernel.stack_order;
    p->nr_stack = 0;
    free(p->pages);
    free(p->pt);
    p->pages = p->pt = NULL;
    p->nr_pages = p->nr_pt = p->cap = p->pt_cap = p->pending = p->pending_access = 0;
    p->dead = true; /* leaves s->live at the next pa_sim_run */
    if (p->parent >= 0 && p->parent < s->nr_procs && s->procs[p->parent]->nr_children > 0)
        s->procs[p->parent]->nr_children--;
    if (p->nr_children) /* orphans go to init: no parent of the model's */
        for (int i = 0; i < s->nr_procs; i++)
            if (s->procs[i]->parent == (int)p->index)
                s->procs[i]->parent = -1;
    p->nr_children = 0;
    return err;
}

/* ---- page cache ---------------------------------------------------------------------- */

/* Files are found through an open-addressing hash table of s->files
   indices keyed by path (FNV-1a with a finalizer, linear probing, at most
   half full), so that reading many files costs time linear in their number
   (a linear search made 80,000 one-page files quadratic). A slot holds the index + 1 and the high
   half of the path's hash, so that a probe compares paths only when the
   hashes agree (a history of a million small files spent 5 % in probes that
   each followed two pointers). Removed files stay in s->files (pages name
   files by index) and in the table, where lookups step over them. The last
   file found is tried first, as a file is usually read in many steps. */
static uint64_t path_hash(const char *path)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *c = (const unsigned char *)path; *c; c++)
        h = (h ^ *c) * 0x100000001b3ull;
    /* FNV-1a's low bits (the slot) follow the last characters closely:
       numbered paths ("/var/spool/mail/123") made long runs of taken slots,
       and the probes of customer-128g.lua's 2.2 M mails were 7 % of its
       time. A 64-bit finalizer (MurmurHash3's fmix64) spreads every bit. */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static void hash_insert(uint64_t *tab, uint32_t cap, uint64_t h, int32_t idx)
{
    uint32_t i = (uint32_t)h & (cap - 1);
    while (tab[i])
        i = (i + 1) & (cap - 1);
    tab[i] = (h & 0xffffffff00000000ull) | (uint32_t)(idx + 1);
}

/* Make room for one more file; -1 when out of memory. */
static int hash_reserve(struct pa_sim *s)
{
    if ((uint64_t)(s->nr_files + 1) * 2 <= s->file_hash_cap)
        return 0;
    uint32_t cap = s->file_hash_cap ? s->file_hash_cap * 2 : 64;
    uint64_t *tab = calloc(cap, sizeof *tab);
    if (!tab)
        return -1;
    for (int i = 0; i < s->nr_files; i++)
        if (!s->files[i]->deleted)
            hash_insert(tab, cap, path_hash(s->files[i]->path), i);
    free(s->file_hash);
    s->file_hash = tab;
    s->file_hash_cap = cap;
    return 0;
}

static struct pa_file *find_file(struct pa_sim *s, const char *path, int *idx)
{
    int last = s->last_file;
    if (last >= 0 && last < s->nr_files && !s->files[last]->deleted &&
        !strcmp(s->files[last]->path, path)) {
        *idx = last;
        return s->files[last];
    }
    if (!s->file_hash_cap)
        return NULL;
    uint32_t mask = s->file_hash_cap - 1;
    uint64_t h = path_hash(path), tag = h & 0xffffffff00000000ull;
    for (uint32_t i = (uint32_t)h & mask; s->file_hash[i]; i = (i + 1) & mask) {
        if ((s->file_hash[i] & 0xffffffff00000000ull) != tag)
            continue;
        int fi = (int)(uint32_t)s->file_hash[i] - 1;
        struct pa_file *f = s->files[fi];
        if (!f->deleted && !strcmp(f->path, path)) {
            *idx = s->last_file = fi;
            return f;
        }
    }
    return NULL;
}

/* Room for c entries in f->pages (a one-entry array lives in the record). */
static int file_pages_reserve(struct pa_file *f, uint64_t c)
{
    if (c <= f->cap)
        return 0;
    if (c == 1 && !f->pages) {
        f->pages = &f->page1;
        f->cap = 1;
        return 0;
    }
    uint32_t *v = f->pages == &f->page1 ? malloc(c * sizeof *v) : realloc(f->pages, c * sizeof *v);
    if (!v)
        return -1;
    if (f->pages == &f->page1)
        memcpy(v, f->pages, f->nr_pages * sizeof *v);
    f->pages = v;
    f->cap = c;
    return 0;
}

/* push_u32 on f->pages */
static int file_push(struct pa_file *f, uint32_t x)
{
    if (f->nr_pages == f->cap && file_pages_reserve(f, f->cap ? f->cap * 2 : 8))
        return -1;
    f->pages[f->nr_pages++] = x;
    return 0;
}

void pa_sim_file_free_arrays(struct pa_file *f)
{
    if (f->pages != &f->page1)
        free(f->pages);
    if (f->radix != &f->radix1)
        free(f->radix); /* with radix_pages */
    f->pages = NULL;
    f->cap = 0;
    f->radix = NULL;
    f->radix_pages = NULL;
    f->nr_radix = 0;
}

/* The radix_tree_node over page offset i (add_to_page_cache_locked:
   radix_tree_preload allocates it after the page, with the mapping's mask
   minus __GFP_HIGHMEM: GFP_KERNEL from the reclaimable cache). */
static int radix_add(struct pa_sim *s, struct pa_file *f, uint64_t i, int cpu)
{
    uint64_t g = i >> 6;
    if (g >= f->nr_radix && g == 0) { /* the first node: in the record */
        f->radix = &f->radix1;
        f->radix_pages = &f->radix_pages1;
        f->radix1 = 0;
        f->radix_pages1 = 0;
        f->nr_radix = 1;
    } else if (g >= f->nr_radix) {
        /* the node pointers and their page counts in one allocation */
        uint64_t n = g + 1 > 2 * f->nr_radix ? g + 1 : 2 * f->nr_radix;
        uint64_t *r = malloc(n * (sizeof *r + 1));
        if (!r)
            return -1;
        uint8_t *c = (uint8_t *)(r + n);
        if (f->nr_radix) {
            memcpy(r, f->radix, f->nr_radix * sizeof *r);
            memcpy(c, f->radix_pages, f->nr_radix);
        }
        memset(r + f->nr_radix, 0, (n - f->nr_radix) * sizeof *r);
        memset(c + f->nr_radix, 0, n - f->nr_radix);
        if (f->radix != &f->radix1)
            free(f->radix);
        f->radix = r;
        f->radix_pages = c;
        f->nr_radix = n;
    }
    if (!f->radix_pages[g] && !(f->radix[g] = pa_sim_vfs_alloc(s, cpu, PA_SIM_VFS_RADIX)))
        return -1;
    f->radix_pages[g]++;
    return 0;
}

void pa_sim_file_page_gone(struct pa_sim *s, struct pa_file *f, uint64_t index)
{
    uint64_t g = index >> 6;
    if (!f->vfs || g >= f->nr_radix || !f->radix_pages[g])
        return;
    if (!--f->radix_pages[g]) { /* radix_tree_delete frees the empty node */
        pa_sim_kfree(s, 0, f->radix[g]);
        f->radix[g] = 0;
    }
}

/* Read page i of file f (index idx) into the page cache. */
static int cache_page(struct pa_sim *s, struct pa_file *f, uint32_t idx, uint64_t i, int cpu,
                      const char *path)
{
    uint64_t pfn;
    uint32_t h = pa_sim_rmap_get(s, idx, i);
    if (h == PA_RMAP_NONE)
        return -1;
    if (pa_sim_alloc(s, cpu, f->buffers ? &s->gfp_bdev : &s->gfp_file, 0, PA_KIND_FILE, h,
                     &pfn)) {
        pa_sim_rmap_put(s, h);
        snprintf(s->err, sizeof s->err, "no free page for the page cache of %s", path);
        return -1;
    }
    f->pages[i] = (uint32_t)pfn;
    if (f->vfs && radix_add(s, f, i, cpu)) { /* radix_tree_preload failed */
        f->pages[i] = PA_PFN_NONE;
        pa_sim_free(s, cpu, pfn, 0);
        pa_sim_rmap_put(s, h);
        snprintf(s->err, sizeof s->err, "no free page for the radix tree of %s", path);
        return -1;
    }
    pa_lru_add(s->m, pfn, false); /* add_to_page_cache_lru: inactive */
    s->st.file++;
    if (f->buffers)
        s->st.buffers++;
    return 0;
}

/* A zeroed file record of `bytes` from the machine's file arena: records are
   never freed one by one (a removed file keeps its slot), so they come from
   64 KiB chunks freed with the machine; a malloc per file was 4 % of
   seed-000-customer-4g.lua. NULL when out of memory. */
static struct pa_file *file_record(struct pa_sim *s, size_t bytes)
{
    bytes = (bytes + 15) & ~(size_t)15;
    if (bytes > s->arena_left) {
        size_t chunk = bytes + 16 > 65536 ? bytes + 16 : 65536;
        char *c = malloc(chunk);
        if (!c)
            return NULL;
        *(void **)c = s->file_arena; /* the chunks form a list */
        s->file_arena = c;
        s->arena_next = c + 16;
        s->arena_left = chunk - 16;
    }
    struct pa_file *f = (struct pa_file *)(void *)s->arena_next;
    s->arena_next += bytes;
    s->arena_left -= bytes;
    memset(f, 0, bytes);
    return f;
}

/* Pages [offset, offset + bytes) of the file enter the page cache (holes
   left by reclaim read back in); with `accessed` every page of the range is
   marked accessed as do_generic_file_read and generic_perform_write do
   (2.6.32-642.6.2.el6 mm/filemap.c mark_page_accessed; V44/V618
   folio_mark_accessed): a page read once is referenced, read again it is
   activated. Returns pages added. */
static long long cache_range(struct pa_sim *s, const char *path, uint64_t offset, uint64_t bytes,
                             int cpu, bool buffers, bool accessed);
static long long cache_file_range(struct pa_sim *s, struct pa_file *f, int idx, const char *path,
                                  uint64_t offset, uint64_t bytes, int cpu, bool accessed);

/* A new file record for path (not in the table: the caller looked), its
   index in *idx. NULL when out of memory. */
static struct pa_file *new_file(struct pa_sim *s, const char *path, bool buffers, int *idx)
{
    if (s->nr_files == s->files_cap) {
        int c = s->files_cap ? s->files_cap * 2 : 16;
        struct pa_file **v = realloc(s->files, (size_t)c * sizeof *v);
        if (!v)
            return NULL;
        s->files = v;
        s->files_cap = c;
    }
    if (hash_reserve(s))
        return NULL;
    size_t len = strlen(path) + 1;
    struct pa_file *f = file_record(s, sizeof *f + len); /* the path lives after the record */
    if (!f)
        return NULL;
    f->path = memcpy((char *)(f + 1), path, len);
    f->buffers = buffers;
    *idx = s->last_file = s->nr_files;
    s->files[s->nr_files++] = f;
    hash_insert(s->file_hash, s->file_hash_cap, path_hash(path), *idx);
    return f;
}

long long pa_sim_cache_file(struct pa_sim *s, const char *path, uint64_t bytes, int cpu,
                            bool buffers)
{
    return cache_range(s, path, 0, bytes, cpu, buffers, false);
}

static long long cache_range(struct pa_sim *s, const char *path, uint64_t offset, uint64_t bytes,
                             int cpu, bool buffers, bool accessed)
{
    /* Regular files: mapping gfp GFP_HIGHUSER_MOVABLE; block devices: GFP_USER. */
    int idx;
    struct pa_file *f = find_file(s, path, &idx);
    if (!f && !(f = new_file(s, path, buffers, &idx)))
        return -1;
    return cache_file_range(s, f, idx, path, offset, bytes, cpu, accessed);
}

/* cache_range on the file found (f, its index idx in s->files). */
static long long cache_file_range(struct pa_sim *s, struct pa_file *f, int idx, const char *path,
                                  uint64_t offset, uint64_t bytes, int cpu, bool accessed)
{
    uint64_t first = offset / s->page_size;
    uint64_t want = (offset + bytes + s->page_size - 1) / s->page_size;
    long long added = 0;
    if (want > f->cap && /* room for the whole read at once */
        file_pages_reserve(f, want > 2 * f->cap ? want : 2 * f->cap))
        return -1;
    /* pages before the range that were never read are holes */
    while (f->nr_pages < first) {
        if (file_push(f, PA_PFN_NONE))
            return -1;
        f->holes++;
    }
    /* holes left by reclaim are read back in first */
    for (uint64_t i = first; f->holes && i < f->nr_pages && i < want; i++)
        if (f->pages[i] == PA_PFN_NONE) {
            if (cache_page(s, f, (uint32_t)idx, i, cpu, path))
                return -1;
            f->holes--;
            added++;
        }
    while (f->nr_pages < want) {
        if (file_push(f, PA_PFN_NONE))
            return -1;
        if (cache_page(s, f, (uint32_t)idx, f->nr_pages - 1, cpu, path)) {
            f->nr_pages--;
            return -1;
        }
        added++;
    }
    for (uint64_t i = first; accessed && i < want; i++)
        pa_mark_page_accessed(s->m, f->pages[i]);
    return added;
}

long long pa_sim_read_file(struct pa_sim *s, const char *path, uint64_t bytes, int cpu)
{
    return pa_sim_read_file_at(s, path, 0, bytes, cpu);
}

/* The file of path: *hint (an index in s->files from an earlier lookup of
   the same path in this call, or -1) is taken as it is while that file is
   not removed, else the hash is asked and *hint set. */
static struct pa_file *find_file_hint(struct pa_sim *s, const char *path, int *hint)
{
    int h = *hint;
    if (h >= 0 && h < s->nr_files && !s->files[h]->deleted)
        return s->files[h];
    struct pa_file *f = find_file(s, path, &h);
    if (f)
        *hint = h;
    return f;
}

/* read(2) of [offset, offset + bytes) of path; *hint as find_file_hint. */
static long long read_at(struct pa_sim *s, const char *path, int *hint, uint64_t offset,
                         uint64_t bytes, int cpu)
{
    int idx;
    struct pa_file *f = find_file_hint(s, path, hint);
    if (!f) {
        /* open(2): path lookup allocates the dentry, the filesystem the inode */
        uint64_t d = pa_sim_vfs_alloc(s, cpu, PA_SIM_VFS_DENTRY);
        uint64_t in = d ? pa_sim_vfs_alloc(s, cpu, PA_SIM_VFS_INODE) : 0;
        if (!in) {
            if (d)
                pa_sim_kfree(s, cpu, d);
            snprintf(s->err, sizeof s->err, "no free page for the dentry and inode of %s", path);
            return -1;
        }
        if (!(f = new_file(s, path, false, &idx))) {
            pa_sim_kfree(s, cpu, in);
            pa_sim_kfree(s, cpu, d);
            return -1;
        }
        *hint = idx;
        f->vfs = true;
        f->dentry = d;
        f->inode = in;
    }
    return cache_file_range(s, f, *hint, path, offset, bytes, cpu, true);
}

long long pa_sim_read_file_at(struct pa_sim *s, const char *path, uint64_t offset,
                              uint64_t bytes, int cpu)
{
    int hint = -1;
    return read_at(s, path, &hint, offset, bytes, cpu);
}

static long long write_at(struct pa_sim *s, const char *path, int *hint, uint64_t offset,
                          uint64_t bytes, int cpu);

long long pa_sim_read_files(struct pa_sim *s, const char *const *paths, int n, uint64_t offset,
                            uint64_t bytes, int cpu, bool write)
{
    if (!s || !paths || n < 1)
        return -1;
    uint64_t ps = s->page_size, first = offset / ps;
    uint64_t want = (offset + bytes + ps - 1) / ps;
    long long added = 0;
    /* each path is looked up once (its index kept for the later pages) */
    int small[64], *hint = n <= 64 ? small : malloc((size_t)n * sizeof *hint);
    if (!hint)
        return -1;
    for (int i = 0; i < n; i++)
        hint[i] = -1;
    /* page k of each file in turn: the tasks' read() / write() calls
       alternate on the CPU, so each takes the next page of its per-CPU list;
       a write dirties its page as it goes (and marks it accessed once, as
       the read does) */
    for (uint64_t k = first; k < want && added >= 0; k++)
        for (int i = 0; i < n; i++) {
            long long r = write ? write_at(s, paths[i], &hint[i], k * ps, ps, cpu)
                                : read_at(s, paths[i], &hint[i], k * ps, ps, cpu);
            if (r < 0) {
                added = -1;
                break;
            }
            added += r;
        }
    if (hint != small)
        free(hint);
    return added;
}

/* Free the cached pages of f. keep_dirty (drop_caches: invalidate_mapping_pages
   leaves dirty and write-back pages alone) keeps those and makes holes of
   the rest; otherwise (truncation) every page goes. */
static uint64_t uncache(struct pa_sim *s, struct pa_file *f, bool keep_dirty)
{
    uint64_t n = 0;
    bool keep = keep_dirty && (f->nr_dirty || f->nr_writeback);
    const struct pa_page *pages = s->m->pages;
    for (uint64_t i = 0; i < f->nr_pages; i++) {
        /* The pages of a long-lived file lie all over the page array: each
           page struct was a cache miss, 23 % of seed-000-customer.lua
           waited on them here. Ask for the structs 16 pages ahead, and 8
           ahead for what freeing touches next (the owner slot, the LRU
           neighbours); a prefetch changes no state. */
        if (i + 16 < f->nr_pages && f->pages[i + 16] < s->m->max_pfn)
            __builtin_prefetch(&pages[f->pages[i + 16]]);
        if (i + 8 < f->nr_pages && f->pages[i + 8] < s->m->max_pfn) {
            const struct pa_page *q = &pages[f->pages[i + 8]];
            if (q->priv < s->nr_rmap)
                __builtin_prefetch(&s->rmap[q->priv], 1);
            if (q->next < s->m->max_pfn)
                __builtin_prefetch(&pages[q->next], 1);
            if (q->prev < s->m->max_pfn)
                __builtin_prefetch(&pages[q->prev], 1);
        }
        uint64_t pfn = f->pages[i];
        if (pfn == PA_PFN_NONE)
            continue;
        uint16_t fl = s->m->pages[pfn].flags;
        if (keep && (fl & (PA_PG_DIRTY | PA_PG_WRITEBACK)))
            continue;
        if (fl & PA_PG_DIRTY)
            s->st.dirty--;
        if (fl & PA_PG_WRITEBACK)
            s->st.writeback--;
        pa_sim_rmap_put(s, s->m->pages[pfn].priv);
        pa_sim_free(s, 0, pfn, 0);
        pa_sim_file_page_gone(s, f, i);
        s->st.file--;
        if (f->buffers)
            s->st.buffers--;
        if (keep) {
            f->pages[i] = PA_PFN_NONE;
            f->holes++;
        }
        n++;
    }
    if (!keep) {
        f->nr_pages = 0;
        f->holes = 0;
        f->nr_dirty = f->nr_writeback = 0;
    }
    return n;
}

/* balance_dirty_pages (2.6.32-642.6.2.el6 mm/page-writeback.c, the writer's
   side): once dirty + write-back pages pass vm.dirty_ratio of the dirtyable
   memory (free + page cache here, as the flusher's background test), the
   writer writes back chunks of its own file's dirty pages (write_chunk = 1.5
   x the 32-page rate limit) and waits for them (congestion_wait: the I/O
   completes) until it is under the limit again (the kernel writes the
   inode's oldest pages first; the model the newest, see below). 2.6.32 clamps the ratio to
   at least 5 %. Later kernels pause the writer proportionally instead of
   making it write (3.2 "IO-less dirty throttling"); the model uses the
   2.6.32 way for every era. Returns pages the writer wrote. */
static uint64_t balance_dirty_pages(struct pa_sim *s, struct pa_file *f)
{
    uint64_t dirtyable = s->st.file, written = 0;
    for (int i = 0; i < s->m->nr_zones; i++)
        dirtyable += s->m->zones[i].free_pages;
    uint64_t ratio = s->dirty_ratio < 5 ? 5 : s->dirty_ratio;
    uint64_t thresh = dirtyable * ratio / 100;
    /* from the file's end: the pages just dirtied (a writer over the limit
       is there after at most one rate-limit interval), so a sequential or
       page-by-page writer costs O(chunk) per call, not O(file) */
    for (uint64_t i = f->nr_pages; i-- > 0 && f->nr_dirty &&
                                   s->st.dirty + s->st.writeback > thresh;) {
        uint64_t pfn = f->pages[i];
        if (pfn == PA_PFN_NONE || !(s->m->pages[pfn].flags & PA_PG_DIRTY) ||
            pa_page_start_writeback(s->m, pfn) != PA_OK)
            continue;
        pa_page_end_writeback(s->m, pfn);
        f->nr_dirty--;
        s->st.dirty--;
        written++;
        if (written % 48 == 0) { /* a chunk written: the limits again */
            dirtyable = s->st.file;
            for (int z = 0; z < s->m->nr_zones; z++)
                dirtyable += s->m->zones[z].free_pages;
            thresh = dirtyable * ratio / 100;
        }
    }
    s->st.dirty_throttled += written;
    return written;
}

long long pa_sim_write_file(struct pa_sim *s, const char *path, uint64_t bytes, int cpu)
{
    return pa_sim_write_file_at(s, path, 0, bytes, cpu);
}

long long pa_sim_write_file_at(struct pa_sim *s, const char *path, uint64_t offset,
                               uint64_t bytes, int cpu)
{
    int hint = -1;
    return write_at(s, path, &hint, offset, bytes, cpu);
}

static long long write_at(struct pa_sim *s, const char *path, int *hint, uint64_t offset,
                          uint64_t bytes, int cpu)
{
    long long r = read_at(s, path, hint, offset, bytes, cpu); /* with its VFS objects */
    if (r < 0)
        return r;
    struct pa_file *f = find_file_hint(s, path, hint);
    uint64_t want = (offset + bytes + s->page_size - 1) / s->page_size;
    long long n = 0;
    for (uint64_t i = offset / s->page_size; f && i < want && i < f->nr_pages; i++) {
        uint64_t pfn = f->pages[i];
        /* a page under write-back is waited for, then dirtied again; the
           model writes on: it stays under write-back and becomes dirty */
        if (pfn == PA_PFN_NONE || (s->m->pages[pfn].flags & PA_PG_DIRTY))
            continue;
        if (s->m->pages[pfn].flags & PA_PG_WRITEBACK) {
            pa_page_end_writeback(s->m, pfn);
            f->nr_writeback--;
            s->st.writeback--;
        }
        if (pa_page_set_dirty(s->m, pfn, true) == PA_OK) { /* set_page_dirty */
            if (!f->nr_dirty)
                f->dirtied_ns = s->clock_ns;
            f->nr_dirty++;
            s->st.dirty++;
            n++;
            if (n % 32 == 0) /* balance_dirty_pages_ratelimited */
                balance_dirty_pages(s, f);
        }
    }
    if (f)
        balance_dirty_pages(s, f);
    return n;
}

uint64_t pa_sim_writeback(struct pa_sim *s, bool all)
{
    uint64_t started = 0;
    /* dirty_background_ratio: 10 % of free + page cache (the "dirtyable"
       memory of global_dirtyable_memory, roughly) */
    uint64_t dirtyable = s->st.file;
    for (int i = 0; i < s->m->nr_zones; i++)
        dirtyable += s->m->zones[i].free_pages;
    bool background = s->st.dirty > dirtyable / 10;
    for (int fi = 0; fi < s->nr_files; fi++) {
        struct pa_file *f = s->files[fi];
        if (f->deleted || (!f->nr_dirty && !f->nr_writeback))
            continue;
        bool start = f->nr_dirty && (all || background ||
                                     s->clock_ns - f->dirtied_ns >= 30000000000ull);
        for (uint64_t i = 0; i < f->nr_pages && (f->nr_writeback || start); i++) {
            uint64_t pfn = f->pages[i];
            if (pfn == PA_PFN_NONE)
                continue;
            uint16_t fl = s->m->pages[pfn].flags;
            if ((fl & PA_PG_WRITEBACK) && pa_page_end_writeback(s->m, pfn) == PA_OK) {
                f->nr_writeback--; /* end_page_writeback: the I/O completed */
                s->st.writeback--;
                (void)pa_lru_rotate(s->m, pfn); /* rotate_reclaimable_page */
            } else if (start && (fl & PA_PG_DIRTY) &&
                       pa_page_start_writeback(s->m, pfn) == PA_OK) {
                f->nr_dirty--;
                s->st.dirty--;
                f->nr_writeback++;
                s->st.writeback++;
                started++;
            }
        }
        if (all) /* sync waits for the I/O */
            for (uint64_t i = 0; i < f->nr_pages && f->nr_writeback; i++) {
                uint64_t pfn = f->pages[i];
                if (pfn != PA_PFN_NONE && (s->m->pages[pfn].flags & PA_PG_WRITEBACK) &&
                    pa_page_end_writeback(s->m, pfn) == PA_OK) {
                    f->nr_writeback--;
                    s->st.writeback--;
                }
            }
    }
    return started;
}

int pa_sim_remove_file(struct pa_sim *s, const char *path)
{
    int idx;
    struct pa_file *f = find_file(s, path, &idx);
    if (!f)
        return -1;
    uncache(s, f, false);
    /* unlink + the last iput: the dentry and inode go */
    if (f->dentry)
        pa_sim_kfree(s, 0, f->dentry);
    if (f->inode)
        pa_sim_kfree(s, 0, f->inode);
    f->dentry = f->inode = 0;
    pa_sim_file_free_arrays(f);
    f->deleted = true; /* the slot stays: cached pages name files by index */
    return 0;
}

uint64_t pa_sim_drop_caches(struct pa_sim *s, int what)
{
    uint64_t n = 0;
    if (what & 1)
        for (int i = 0; i < s->nr_files; i++)
            n += uncache(s, s->files[i], true);
    if (what & 2)
        n += pa_sim_slab_reap(s);
    return n;
}

/* ---- a snapshot's pages ------------------------------------------------------------------ */

/* Give the anon and file pages of a snapshot-built machine (kinds set by
   pa_snapfile_machine) owners, so that migration and reclaim can act on
   them: per zone one process "snapshot-anon" (pid 0, never scheduled) and
   one file "[snapshot page cache NODE ZONE]" hold them in pfn order, each
   page with its rmap slot, on the LRU (anon active, file inactive, as the
   simulator's own pages start). 0, or -1 when out of memory. */
int pa_sim_adopt_snapshot_pages(struct pa_sim *s)
{
    struct pa_machine *m = s->m;
    for (int zi = 0; zi < m->nr_zones; zi++) {
        const struct pa_zone *z = &m->zones[zi];
        struct pa_proc *p = NULL;
        struct pa_file *f = NULL;
        int fidx = -1;
        for (uint64_t pfn = z->start_pfn; pfn < pa_zone_end_pfn(z); pfn++) {
            struct pa_page *pg = &m->pages[pfn];
            if (!(pg->flags & PA_PG_ALLOC) || (pg->kind != PA_KIND_ANON && pg->kind != PA_KIND_FILE))
                continue;
            uint32_t h;
            if (pg->kind == PA_KIND_ANON) {
                if (!p) {
                    if (!(p = proc_new(s, "snapshot-anon", 0)))
                        return -1;
                    s->procs[s->nr_procs++] = p;
                }
                if ((h = pa_sim_rmap_get(s, p->index, p->nr_pages)) == PA_RMAP_NONE ||
                    push_u32(&p->pages, &p->nr_pages, &p->cap, pfn))
                    return -1;
            } else {
                if (!f) {
                    char path[64];
                    snprintf(path, sizeof path, "[snapshot page cache %d %s]", z->node, z->name);
                    if (pa_sim_cache_file(s, path, 0, 0, false) < 0)
                        return -1;
                    f = find_file(s, path, &fidx);
                    if (!f)
                        return -1;
                }
                if ((h = pa_sim_rmap_get(s, (uint32_t)fidx, f->nr_pages)) == PA_RMAP_NONE ||
                    file_push(f, (uint32_t)pfn))
                    return -1;
            }
            if (pa_page_set_owner(m, pfn, (enum pa_page_kind)pg->kind, h) ||
                pa_lru_add(m, pfn, pg->kind == PA_KIND_ANON))
                return -1;
        }
    }
    return 0;
}
