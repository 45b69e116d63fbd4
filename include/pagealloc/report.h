/*
 * pagealloc/report.h - "page allocation failure" reports read from pasted text.
 *
 * The input is whatever a user copies out of dmesg, journalctl -k,
 * /var/log/messages, a mailing-list post or a web page: any mix of
 * `[12345.678901]` timestamps, `May  2 10:03:56 host kernel:` syslog prefixes,
 * `<4>` levels, quote markers, indentation, CRLF, lines hard-wrapped by a mail
 * client, and several kernel lines run together on one line (slides, web
 * scrapes). pa_report_parse() turns it into logical kernel lines, finds every
 * failure report and, in each, the header (every era's form, kernel-semantics
 * 6.5), the kernel version, and the show_mem / Mem-Info dump (11.4): zone lines,
 * lowmem_reserve[] lines, buddy lines with migratetype letters, hugepage and
 * swap lines. Lines of Mem-Info met before any header (a user quoting just a
 * zone line and a buddy line) open a report with no header.
 *
 * Nothing is skipped silently: a line inside a report that the parser does not
 * know is kept as "ignored" with its line number; a malformed zone, buddy or
 * lowmem_reserve line is an error with line, column and what was expected.
 * Values are kept as printed (kB, or pages where the kernel prints pages);
 * converting them to the watermark check's pages is pa_report_zone_wmark_state().
 */
#ifndef PAGEALLOC_REPORT_H
#define PAGEALLOC_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagealloc/explain.h"
#include "pagealloc/mm.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PA_REPORT_MAX_ORDERS (PA_ORDER_CAP + 1) /* buddy line columns           */
#define PA_REPORT_MAX_KV 64        /* other key:value fields kept per zone line     */
#define PA_REPORT_MAX_IGNORED 64   /* ignored line numbers kept per report          */
#define PA_REPORT_MAX_WARN 32      /* warnings kept per parse                       */

/* A parse error or warning: 1-based line and column of the input text. */
struct pa_report_diag {
    int line;
    int column;
    char msg[224];
    int count;                 /* warnings: how many times it was seen (>= 1)     */
};

/* The named fields of a Mem-Info zone line, all printed in kB. */
enum pa_rz_field {
    PA_RZ_FREE = 0,
    PA_RZ_BOOST,               /* 5.0+                                            */
    PA_RZ_MIN,
    PA_RZ_LOW,
    PA_RZ_HIGH,
    PA_RZ_RESERVED_HIGHATOMIC, /* 5.x+                                            */
    PA_RZ_FREE_HIGHATOMIC,     /* ~6.12+                                          */
    PA_RZ_PRESENT,
    PA_RZ_MANAGED,             /* 3.x+                                            */
    PA_RZ_FREE_CMA,            /* 3.x+                                            */
    PA_RZ_FREE_PCP,            /* 4.x+                                            */
    PA_RZ_LOCAL_PCP,
    PA_RZ_NR
};
const char *pa_rz_field_name(enum pa_rz_field f); /* "free", "boost", ...        */

struct pa_report_kv {
    char key[32];
    uint64_t value;
    bool kb;                   /* printed with a kB unit                          */
};

struct pa_report_zone {
    int node;                  /* "Node N" prefix; -1 when the build printed none */
    char name[16];             /* as printed: "DMA", "DMA32", "Normal", ...       */
    enum pa_zone_type type;
    /* Zone line. */
    int zone_line;             /* 0 when the dump has no zone line for this zone */
    unsigned have;             /* bit (1 << enum pa_rz_field) per field present   */
    uint64_t kb[PA_RZ_NR];
    bool elided;               /* the quote cut the line ("[...]", "...")        */
    int all_unreclaimable;     /* -1 not printed, 0 no, 1 yes                     */
    int nr_kv;
    struct pa_report_kv kv[PA_REPORT_MAX_KV];
    /* lowmem_reserve[] line following the zone line (pages). */
    int lowmem_line;           /* 0 when absent                                   */
    int nr_lowmem;
    uint64_t lowmem_reserve[PA_ZONE_TYPES + 2];
    /* Buddy line. */
    int buddy_line;            /* 0 when absent                                   */
    unsigned nr_orders;        /* columns printed: max_order + 1                  */
    unsigned page_kb;          /* size of the order-0 column: 4, 16, 64 ...       */
    uint64_t nr_free[PA_REPORT_MAX_ORDERS];
    bool letters;              /* the line carries migratetype letters (3.x+)     */
    uint8_t mt_mask[PA_REPORT_MAX_ORDERS]; /* bit (1 << enum pa_migratetype)      */
    bool mt_known[PA_REPORT_MAX_ORDERS];   /* letters printed for that order      */
    bool buddy_total_printed;
    uint64_t buddy_total_kb;   /* the "= NkB" at the end                          */
    bool buddy_empty;          /* "DMA32: empty" (2.6.x - 3.x)                    */
    bool buddy_partial;        /* the line was cut before its total: the columns
                                  read are kept, the higher orders are unknown   */
    bool damaged;              /* part of its zone line could not be read         */
};

struct pa_report_hugepages {
    int node;
    uint64_t total, free, surp, size_kb;
};

struct pa_report {
    /* Header: `comm: page allocation failure[.:] order:N, mode:0x...`, or an
       OOM-killer report `comm invoked oom-killer: gfp_mask=0x..., order=N`, or
       a SysRq-M / show_mem dump with no failure. */
    int header_line;           /* 0: the text had Mem-Info lines but no header    */
    bool oom;                  /* an OOM-killer report                             */
    bool show_mem;             /* "SysRq : Show Memory": no failure at all        */
    int victim_line;           /* "Out of memory: Kill(ed) process N (comm)", 0 none */
    int victim_pid;
    char victim[64];
    char comm[64];
    bool period_form;          /* "failure. order" (2.6.32 / RHEL6)               */
    bool vmalloc;              /* 5.x+ "vmalloc error: size S, page order N"      */
    uint64_t vmalloc_size;     /* S, bytes                                        */
    int order;                 /* -1 without a header                             */
    bool have_mode;
    uint64_t mode;
    char mode_names[256];      /* the "(GFP_KERNEL|__GFP_COMP)" text, if printed  */
    char nodemask[64];         /* "" when not printed                             */
    char cpuset[64];
    char mems_allowed[64];
    /* Kernel version from `Pid: ... Not tainted V` / `CPU: ... Comm: ... V`. */
    int version_line;
    char kernel[96];
    char hardware[128];        /* "Hardware name:" line, if any                  */
    /* Mem-Info. */
    int meminfo_line;          /* the "Mem-Info:" line, 0 if absent               */
    int nr_global;             /* global counters block (pages)                   */
    struct pa_report_kv global[48];
    int nr_zones;
    struct pa_report_zone *zones; /* in the order the dump printed them           */
    int nr_hugepages;
    struct pa_report_hugepages hugepages[8];
    bool have_free_swap, have_total_swap;
    uint64_t free_swap_kb, total_swap_kb;
    bool have_pages_ram;
    uint64_t pages_ram, pages_reserved, pages_highmem;
    /* Bookkeeping. */
    int first_line, last_line; /* span of recognised lines                        */
    int nr_known;              /* recognised lines (stack, pcp, counters, ...)    */
    int nr_ignored;            /* unknown lines inside the report                 */
    int ignored[PA_REPORT_MAX_IGNORED]; /* their line numbers (first ones)        */
};

struct pa_report_set {
    int nr;
    struct pa_report *reports;
    int nr_lines;              /* physical lines read                             */
    int nr_outside;            /* lines outside every report                      */
    int nr_warn;
    struct pa_report_diag warn[PA_REPORT_MAX_WARN];
};

/* Parse text (not necessarily NUL-terminated; NUL bytes are an error). On
   success returns 0 and fills *out (free with pa_report_set_free; it may hold
   zero reports). Forgiving (DESIGN.md "Errors"): what cannot be read in a
   line costs only that part of the line and becomes a warning in out->warn
   (line, column, what was expected; each distinct warning kept once with a
   count); zones keep every field that was read. Returns -1 (diag filled, *out
   empty) only for binary input (a NUL byte). -2 when memory ran out. */
int pa_report_parse(const char *text, size_t len, struct pa_report_set *out,
                    struct pa_report_diag *diag);
/* The same with flags: PA_REPORT_STRICT refuses at the first malformed part
   (-1, diag filled) as `explain --strict` does. */
#define PA_REPORT_STRICT 0x1u
int pa_report_parse_ex(const char *text, size_t len, unsigned flags,
                       struct pa_report_set *out, struct pa_report_diag *diag);

/* The era a report without a version line comes from, read off the dump
   (src/format/report_era.c): the fields its lines print (free_highatomic,
   boost, reserved_highatomic, free_pcp, free_cma, managed, the node lines of
   4.8+, the per-cpu lines of <= 3.x, ...) and its header's form. Writes a
   version string pa_profile_for_version() accepts ("5.4", "2.6.32", ...)
   and in why the evidence, and returns true; false when the report holds
   nothing datable. */
bool pa_report_guess_version(const struct pa_report *r, char *version, size_t vn, char *why,
                             size_t wn);

/* The named fields a zone line lacks among free, min, low, high (and
   managed from 3.x on, when the line printed present), as "min, low", or "".
   These are what the watermark check needs; a zone whose line lacks free
   or min gets an "unknown" verdict that names them. */
void pa_report_zone_missing_fields(const struct pa_report_zone *z, char *buf, size_t n);
void pa_report_set_free(struct pa_report_set *set);

/* The zone of r with this node and type, or NULL. node -1 matches any. */
const struct pa_report_zone *pa_report_find_zone(const struct pa_report *r, int node,
                                                 enum pa_zone_type type);
/* Zone name as printed -> type: pa_zone_type_from_name() in procparse.h. */
/* Sum of nr_free[o] << o for o >= order (pages of the zone's page size). */
uint64_t pa_report_zone_pages_at_or_above(const struct pa_report_zone *z, unsigned order);

/* The dump's zones in pages, as pa_explain reads them (src/format/report_state.c):
   zones gets r->nr_zones entries. The printed min/low/high include the boost
   (5.0+), so the stored marks are printed minus boost. lowmem_reserve[] is
   printed per configured zone, not per zone type: its columns are matched to
   types from the zones present (the kernel-semantics 1.1 order, plus Movable
   and Device when the line is longer). The page size comes from the buddy
   lines' first column; page_kb (0: 4 kB) is used when the dump has none.
   note gets how they were read. */
void pa_report_explain_zones(const struct pa_report *r, unsigned page_kb,
                             struct pa_explain_zone_in *zones, char *note, size_t n);

/* The whole pa_explain input for report r under profile p: order and mode
   from the header unless overridden (order_override >= 0, mode_override not
   NULL), the zones (in->zones is malloc'ed: free() it), and the what-ifs of
   `explain`: the same request under 4.4 and under the newest modelled kernel,
   the mode translated to their GFP layouts (pa_gfp_translate). 0 or PA_ENOMEM. */
int pa_report_explain_input(const struct pa_report *r, const struct pa_profile *p,
                            int order_override, const uint64_t *mode_override, unsigned page_kb,
                            struct pa_explain_in *in, char *note, size_t n);

/* Which orders a zone of a dump without a request would serve
   (report_state.c): the era's check at MIN with no ALLOC flag but the
   watermark, against the zone's own class, order by order. */
struct pa_zone_orders {
    bool known;          /* the zone line gave free and min                   */
    bool order0_ok;      /* an order-0 request passes                          */
    bool orders_known;   /* a buddy line: max_pass covers every order          */
    int max_pass;        /* largest order that passes, -1 none                 */
    unsigned max_order;  /* the zone's largest order                           */
    int64_t free_pages;
    uint64_t mark;       /* MIN (+ boost) in pages                             */
};
void pa_report_zone_orders(const struct pa_profile *p, const struct pa_explain_zone_in *z,
                           struct pa_zone_orders *o);
/* An OOM-killer report: the kernel's last attempt before it invokes the OOM
   killer (__alloc_pages_may_oom) is get_page_from_freelist at the HIGH mark
   (ALLOC_WMARK_HIGH|ALLOC_CPUSET). The era's check at HIGH (+ boost) for this
   order and class zone: 1 passes, 0 fails, -1 the zone line is missing.
   *mark gets HIGH in pages. */
int pa_report_zone_high_check(const struct pa_profile *p, const struct pa_explain_zone_in *z,
                              unsigned order, int classzone, uint64_t *mark);

#ifdef __cplusplus
}
#endif
#endif
