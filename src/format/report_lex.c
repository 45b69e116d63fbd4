/*
 * report_lex.c - the kinds of lines a failure report holds and the tokens of
 * Mem-Info lines (kernel-semantics 6.5 headers, 11.4 show_mem), decided from
 * a line's text alone. Context (is this a continuation? which zone?) is
 * report.c's job.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "format/report_lex.h"
#include "pagealloc/procparse.h"
#include "pagealloc/report.h"
/* N of "Node N", clamped (node ids are small; a huge one is kept distinct). */
int pa_rl_node_num(const char *p)
{
    long v = 0;
    for (p += 5; *p >= '0' && *p <= '9'; p++)
        v = v < 100000 ? v * 10 + (*p - '0') : v;
    return (int)v;
}

/* After "Node N" and its blanks. */
const char *pa_rl_after_node(const char *p)
{
    p += 5;
    while (*p >= '0' && *p <= '9')
        p++;
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* The largest value a report may give: 2^54 kB is 2^64 bytes, the whole
   64-bit physical address space, and 2^54 pages are more than that. The
   buddyinfo/zoneinfo readers cap at 2^52 pages for the same reason; above it
   'min:18446744073709551615kB' made explain print wrapped arithmetic. */
#define PA_RL_NUM_MAX ((uint64_t)1 << 54)

/* Unsigned decimal; false (and *end = p) when there is no digit. Overflow and
   values above PA_RL_NUM_MAX are reported by the caller through *ovf. */
bool pa_rl_num(const char *p, uint64_t *v, const char **end, bool *ovf)
{
    uint64_t x = 0;
    const char *q = p;
    *ovf = false;
    while (isdigit((unsigned char)*q)) {
        unsigned d = (unsigned)(*q - '0');
        if (x > (PA_RL_NUM_MAX - d) / 10)
            *ovf = true;
        else
            x = x * 10 + d;
        q++;
    }
    *end = q;
    *v = x;
    return q != p;
}

static bool rl_ident_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_';
}

/* A key of a key:value token: ident, optionally "(ident)" (isolated(anon)).
   Returns the end of the key or NULL. */
const char *pa_rl_key_end(const char *p)
{
    if (!isalpha((unsigned char)*p) && *p != '_')
        return NULL;
    while (rl_ident_char(*p))
        p++;
    if (*p == '(') {
        const char *q = p + 1;
        while (rl_ident_char(*q))
            q++;
        if (*q != ')' || q == p + 1)
            return NULL;
        p = q + 1;
    }
    return p;
}

/* Does p start a key:value token ("free:123kB", "shmem_thp: 0kB") or the
   "all_unreclaimable? no" pair? */
bool pa_rl_kv_start(const char *p)
{
    const char *e = pa_rl_key_end(p);
    if (!e)
        return false;
    if (*e == '?')
        return e[1] == ' ';
    if (*e != ':')
        return false;
    e = rl_skip_ws(e + 1);
    return isdigit((unsigned char)*e) || (*e == '-' && isdigit((unsigned char)e[1]));
}

bool pa_rl_is_elision(const char *p, const char **end)
{
    static const char *const marks[] = {"[...]", "[…]", "...", "…", "[snip]"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (rl_starts(p, marks[i])) {
            *end = p + strlen(marks[i]);
            return true;
        }
    return false;
}

/* A token of nothing but non-ASCII bytes (a slide's bullet "●"). */
bool pa_rl_decoration(const char *p, const char **end)
{
    const char *q = p;
    while (*q && (unsigned char)*q >= 0x80)
        q++;
    if (q == p || (*q && *q != ' ' && *q != '\t'))
        return false;
    *end = q;
    return true;
}

/* "Node N " (optional) then a known zone name: *node (-1 without the prefix),
   name, and the position after the name; NULL when p starts otherwise. */
const char *pa_rl_zone_prefix(const char *p, int *node, char name[16])
{
    *node = -1;
    if (rl_starts(p, "Node ")) {
        uint64_t v;
        const char *e;
        bool ovf;
        if (!pa_rl_num(p + 5, &v, &e, &ovf) || ovf || v > 65535 || *e != ' ')
            return NULL;
        *node = (int)v;
        p = rl_skip_ws(e);
    }
    const char *e = p;
    while (rl_ident_char(*e))
        e++;
    size_t n = (size_t)(e - p);
    if (n == 0 || n >= 16)
        return NULL;
    memcpy(name, p, n);
    name[n] = '\0';
    if (pa_zone_type_from_name(name) < 0)
        return NULL;
    return e;
}

static bool rl_stack_like(const char *p)
{
    static const char *const heads[] = {
        "Call Trace", "Call trace", "Backtrace", "<IRQ>", "</IRQ>", "<TASK>", "</TASK>",
        "<EOI>", "<NMI>", "</NMI>", "[<", "? ", "Workqueue:", "Modules linked in", "RIP:",
        "RSP:", "RAX:", "RDX:", "RBP:", "R10:", "R13:", "FS:", "CS:", "CR2:", "Code:",
        "Stack:", "task:", "pc :", "lr :", "sp :", "x29:", "Exception stack", "---[ end",
        "Hardware name:", "dump_stack", "warn_alloc", "__alloc_pages", "Function entered",
        "SLUB: Unable", "  cache:", "cache:", "node ", "Free pages count",
    };
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        if (rl_starts(p, heads[i]))
            return true;
    /* "func+0x1a/0x30" anywhere: a symbolised frame (x86, arm64 "(func) from"). */
    const char *q = strstr(p, "+0x");
    if (q && strstr(q, "/0x") != NULL)
        return true;
    /* A raw stack dump: words of 8 or 16 hex digits ("> " marks the frame on xtensa). */
    q = p;
    if (*q == '>')
        q = rl_skip_ws(q + 1);
    int words = 0;
    while (*q) {
        const char *e = q;
        while (isxdigit((unsigned char)*e))
            e++;
        if ((e - q != 8 && e - q != 16) || (*e && *e != ' ' && *e != '\t'))
            return false;
        words++;
        q = rl_skip_ws(e);
    }
    return words > 0;
}

/* The header: "comm: page allocation failure[.:] order:..." or (5.x+ vmalloc)
   "comm: vmalloc error: size S, page order N, ...". Prose that mentions the
   phrase does not match: is the phrase at h preceded by "comm: " or at the
   start of the line? */
static bool header_at(const char *p, const char *h)
{
    if (h == p)
        return true; /* comm cut off by the quote */
    if (h - p < 3 || h[-1] != ' ' || h[-2] != ':')
        return false;
    /* The comm is at most TASK_COMM_LEN - 1 = 15 characters and may hold
       blanks ("Web Content"); prose that quotes the message does not end a
       short run of plain characters with ": " right before it. */
    if (h - 2 - p > 15)
        return false;
    for (const char *q = p; q < h - 2; q++)
        if (*q == '\t' || *q == '"' || (unsigned char)*q >= 0x80)
            return false;
    return true;
}

const char *pa_rl_header_phrase(const char *p)
{
    static const char *const phrases[] = {"page allocation failure", "vmalloc error: size "};
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        const char *h = strstr(p, phrases[i]);
        if (h && header_at(p, h))
            return h;
    }
    return NULL;
}

enum rl_kind pa_rl_classify(const char *p)
{
    int node;
    char name[16];
    const char *e;

    if (!*p)
        return K_OTHER;
    if (pa_rl_header_phrase(p))
        return K_HEADER;
    if (strstr(p, " invoked oom-killer:") || rl_starts(p, "oom-killer: gfp_mask="))
        return K_OOM;
    if (strstr(p, "Show Memory") && (rl_starts_ci(p, "SysRq") || rl_starts(p, "Show Memory")))
        return K_SHOWMEM;
    if (rl_starts_ci(p, "Out of memory: Kill") || rl_starts(p, "Killed process ") ||
        rl_starts(p, "Memory cgroup out of memory: Kill") || rl_starts(p, "oom-kill:constraint="))
        return K_VICTIM;
    if (strstr(p, "page allocation stalls"))
        return K_END;
    if ((rl_starts(p, "Pid: ") || rl_starts(p, "CPU: ")) && (strstr(p, "omm: ")))
        return K_VERSION; /* the "Tainted: ..." part may be wrapped onto the next line */
    if (rl_starts(p, "Hardware name:"))
        return K_HARDWARE;
    if (rl_starts_ci(p, "Mem-Info:"))
        return K_MEMINFO;
    if (strstr(p, " cpuset=") && strstr(p, "mems_allowed="))
        return K_CPUSET;
    if (rl_starts(p, "lowmem_reserve[]:"))
        return K_LOWMEM;
    /* 2.6.8 - 2.6.10: protection[] held the watermark and the reserve in one
       number per allocation type; not lowmem_reserve: read, not used. */
    if (rl_starts(p, "protections[]:"))
        return K_PCP;
    if ((e = pa_rl_zone_prefix(p, &node, name)) != NULL) {
        if (rl_starts(e, " free:"))
            return K_ZONE;
        if (*e == ':')
            return K_BUDDY;
        if (rl_starts(e, " per-cpu:"))
            return K_PCP;
    }
    if (rl_starts(p, "CPU ") && strstr(p, "hi:") && strstr(p, "btch:"))
        return K_PCP;
    if (rl_starts(p, "cpu ") && (strstr(p, " hot:") || strstr(p, " cold:"))) /* <= 2.6.23 */
        return K_PCP;
    if (rl_starts(p, "Free pages:")) /* <= 2.6.2x: "Free pages:  3276kB (512kB HighMem)" */
        return K_TOTALS;
    if (rl_starts(p, "Node ")) {
        const char *q = p + 5;
        while (isdigit((unsigned char)*q))
            q++;
        q = rl_skip_ws(q);
        if (q != p + 5 && rl_starts(q, "hugepages_"))
            return K_HUGEPAGES;
        if (q != p + 5 && pa_rl_kv_start(q))
            return K_NODE;
        if (q != p + 5 && !*q)
            return K_NODE_ONLY;
    }
    if (rl_starts(p, "hugepages_total="))
        return K_HUGEPAGES;
    if (rl_starts_ci(p, "active_anon:") || rl_starts(p, "Active:")) /* 2.6.x: "Active:820" */
        return K_GLOBAL;
    if (pa_rl_kv_start(p))
        return K_KV;
    if (rl_starts(p, "Free swap") || rl_starts(p, "Total swap") || rl_starts(p, "Swap cache"))
        return K_SWAP;
    if (isdigit((unsigned char)*p)) {
        uint64_t v;
        bool ovf;
        pa_rl_num(p, &v, &e, &ovf);
        if (*e == '*' || (*e == '_' && isdigit((unsigned char)e[1])))
            return K_BUDDY_CONT;
        if (*e == ' ' && (rl_starts(e, " pages") || rl_starts(e, " total pagecache") ||
                          rl_starts(e, " reserved pages") || rl_starts(e, " free pages")))
            return strstr(e, "swap") ? K_SWAP : K_TOTALS;
        const char *q = p;
        while (isdigit((unsigned char)*q) || *q == ' ' || *q == '\t')
            q++;
        if (!*q)
            return K_NUMBERS;
    }
    if (*p == '(' || (*p == '=' && p[1] == ' '))
        return K_BUDDY_CONT;
    if (rl_stack_like(p))
        return K_STACK;
    return K_OTHER;
}
