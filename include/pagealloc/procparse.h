/*
 * pagealloc/procparse.h - parsers of the kernel's /proc and debugfs text about
 * the page allocator: /proc/buddyinfo, /proc/pagetypeinfo, /proc/zoneinfo,
 * /proc/vmstat and debugfs extfrag/{unusable_index,extfrag_index}
 * (kernel-semantics section 11 and 7.4).
 *
 * Each parser reads one file's text (not necessarily NUL-terminated) into a
 * caller-owned struct pa_procinfo, which joins what the files say about each
 * zone by (node, zone name). Every era's quirks are accepted: 11 or more (or
 * fewer) order columns, ">100000" caps in pagetypeinfo (5.x+), any set of
 * migratetype rows (2.6.24-4.3 "Reserve", 4.4+ "HighAtomic", "CMA",
 * "Isolate", the 2.6 "<NULL>" row), zoneinfo of 2.6.32 to 6.x (per-node stats
 * blocks, boost/promo/cma, unpopulated zones), and the "Number of mixed
 * blocks" section of PAGE_OWNER kernels. Anything else is an error: the
 * parser stops and fills a struct pa_diag with file, line, column and what was
 * expected there. Nothing is skipped silently.
 *
 * No I/O here (src/live reads the files); no global state.
 */
#ifndef PAGEALLOC_PROCPARSE_H
#define PAGEALLOC_PROCPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagealloc/mm.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PA_PROC_ORDERS (PA_ORDER_CAP + 1) /* order columns a file may have     */
#define PA_PROC_MAX_ZONES 128             /* zones (all nodes) in one capture   */
#define PA_PROC_MAX_TYPES 8               /* migratetype rows per zone          */
#define PA_PROC_MAX_PROT 8                /* protection: (...) entries          */
#define PA_PROC_MAX_VMSTAT 512

/* Where and why a parse failed. line and col are 1-based; col points at the
   first byte that was not what was expected. */
struct pa_diag {
    char file[128];
    long line;
    long col;
    char msg[200];
};

/* "FILE:LINE:COL: MSG" into buf. */
void pa_diag_format(const struct pa_diag *d, char *buf, size_t n);

/* One migratetype row of pagetypeinfo ("Free pages count ..." section). */
struct pa_proc_mtrow {
    char name[16];            /* as printed: "Unmovable", "HighAtomic", ...   */
    int mt;                   /* enum pa_migratetype, or -1 if unknown name   */
    uint64_t nr_free[PA_PROC_ORDERS];
    uint32_t capped;          /* bit o: printed as ">N" (count is at least N) */
};

/* Everything the captured files say about one zone. have_* say which file
   contributed; values from absent files are 0. */
struct pa_proc_zone {
    int node;
    char name[16];            /* "DMA", "DMA32", "Normal", "HighMem", ...     */

    /* buddyinfo */
    bool have_buddy;
    unsigned nr_orders;       /* columns: max_order + 1                        */
    uint64_t nr_free[PA_PROC_ORDERS];

    /* pagetypeinfo, free counts per type */
    bool have_types;
    int nr_types;
    struct pa_proc_mtrow types[PA_PROC_MAX_TYPES];
    /* pagetypeinfo, pageblocks per type (column names from its header) */
    bool have_blocks;
    int nr_block_types;
    char block_type_name[PA_PROC_MAX_TYPES][16];
    uint64_t blocks[PA_PROC_MAX_TYPES];

    /* zoneinfo (values in pages) */
    bool have_zoneinfo;
    uint64_t free_pages;      /* "pages free"                                  */
    uint64_t wmark_min, wmark_low, wmark_high, wmark_promo;
    bool have_promo;          /* 6.x                                           */
    uint64_t boost;           /* 5.x+ "boost", else 0                          */
    bool have_boost;
    uint64_t spanned, present, managed;
    bool have_managed;        /* 3.x+                                          */
    uint64_t cma;             /* 6.x "cma" (pages of the zone that are CMA)    */
    uint64_t nr_free_cma;     /* zone vmstat item, when printed                */
    bool have_nr_free_cma;
    uint64_t nr_free_highatomic; /* 6.x zone item (not printed by 6.18)       */
    bool have_nr_free_highatomic;
    int nr_protection;
    uint64_t protection[PA_PROC_MAX_PROT]; /* lowmem_reserve[], pages          */
    int zi_index;             /* position among its node's zones in zoneinfo:
                                 the index protection[] uses for this zone   */
    uint64_t start_pfn;
    bool have_start_pfn;
    uint64_t pcp_count;       /* sum of the pagesets' "count:" (pages on pcp)  */
    bool have_pcp_count;

    /* debugfs extfrag (thousandths, as the kernel computes them) */
    bool have_unusable, have_extfrag;
    unsigned nr_unusable, nr_extfrag;
    int unusable[PA_PROC_ORDERS];
    int extfrag[PA_PROC_ORDERS];
};

struct pa_proc_vmstat_item {
    char name[48];
    uint64_t value;
};

struct pa_procinfo {
    int nr_zones;
    struct pa_proc_zone zones[PA_PROC_MAX_ZONES]; /* in order of first mention */
    bool have_buddyinfo, have_pagetypeinfo, have_zoneinfo, have_vmstat;
    bool have_unusable, have_extfrag;
    /* pagetypeinfo header */
    unsigned pageblock_order;
    uint64_t pages_per_block;
    bool have_pageblock_order;
    /* vmstat */
    int nr_vmstat;
    struct pa_proc_vmstat_item vmstat[PA_PROC_MAX_VMSTAT];
};

/* Empty the struct (it is large: allocate it, e.g. with calloc). */
void pa_procinfo_init(struct pa_procinfo *pi);

/* Each returns 0, or PA_EINVAL with *d filled (d may not be NULL; fname is
   only used in the diagnostic). On error pi may hold part of the file. */
int pa_parse_buddyinfo(struct pa_procinfo *pi, const char *text, size_t len, const char *fname,
                       struct pa_diag *d);
int pa_parse_pagetypeinfo(struct pa_procinfo *pi, const char *text, size_t len,
                          const char *fname, struct pa_diag *d);
int pa_parse_zoneinfo(struct pa_procinfo *pi, const char *text, size_t len, const char *fname,
                      struct pa_diag *d);
int pa_parse_vmstat(struct pa_procinfo *pi, const char *text, size_t len, const char *fname,
                    struct pa_diag *d);
/* debugfs extfrag/unusable_index (extfrag == false) or extfrag_index. */
int pa_parse_extfrag(struct pa_procinfo *pi, bool extfrag, const char *text, size_t len,
                     const char *fname, struct pa_diag *d);

/* The zone (node, name), or NULL. */
struct pa_proc_zone *pa_procinfo_zone(struct pa_procinfo *pi, int node, const char *name);
const struct pa_proc_zone *pa_procinfo_zone_c(const struct pa_procinfo *pi, int node,
                                              const char *name);
/* A vmstat counter; false if the file did not have it. */
bool pa_procinfo_vmstat(const struct pa_procinfo *pi, const char *name, uint64_t *value);
/* enum pa_migratetype of a pagetypeinfo name ("HighAtomic" -> PA_MT_HIGHATOMIC),
   -1 if unknown. */
int pa_migratetype_from_name(const char *name);
/* enum pa_zone_type of a zone name ("DMA32" -> PA_ZONE_DMA32), -1 if unknown. */
int pa_zone_type_from_name(const char *name);

#ifdef __cplusplus
}
#endif
#endif
