/*
 * format/report_lex.h - internal to src/format: what one kernel line of a
 * failure report is (report_lex.c), and the tokens of Mem-Info lines. The
 * report assembly (report.c) decides what a line means in its context.
 */
#ifndef PA_FORMAT_REPORT_LEX_H
#define PA_FORMAT_REPORT_LEX_H

#include <stdbool.h>
#include <stdint.h>

#include "format/logline.h"

enum rl_kind {
    K_OTHER = 0,
    K_HEADER,
    K_CPUSET,     /* 4.x second header line: "comm cpuset=/ mems_allowed=0"     */
    K_VERSION,
    K_HARDWARE,
    K_MEMINFO,
    K_PCP,        /* <=3.x "Node 0 DMA per-cpu:" and "CPU    0: hi: ..."       */
    K_GLOBAL,     /* "active_anon:N ..." first line of the counters block       */
    K_KV,         /* a run of key:value tokens: continuation of the line before */
    K_NODE,       /* 4.8+ "Node 0 active_anon:...kB ..."                        */
    K_ZONE,
    K_LOWMEM,
    K_BUDDY,
    K_BUDDY_CONT, /* buddy tokens continuing a wrapped buddy line               */
    K_NUMBERS,    /* a line of plain numbers (wrapped lowmem_reserve[])         */
    K_HUGEPAGES,
    K_SWAP,       /* "Free swap  = NkB", "Total swap = NkB", swap cache lines    */
    K_TOTALS,     /* "N pages RAM", "N total pagecache pages", ...              */
    K_STACK,      /* call traces, registers, module lists, ...                   */
    K_END,        /* an OOM-killer report or SysRq show-memory: not a failure   */
    K_NODE_ONLY,  /* "Node 0" alone: 4.9+ KERN_CONT breakage split it off        */
    K_OOM,        /* "comm invoked oom-killer: gfp_mask=..., order=N" (2.6.1x: no comm) */
    K_VICTIM,     /* "Out of memory: Kill(ed) process N (comm)", "oom-kill:...task=" */
    K_SHOWMEM,    /* "SysRq : Show Memory": a dump without a failure              */
};

/* The kind of a stripped kernel line, from its text alone. */
enum rl_kind pa_rl_classify(const char *p);
/* "comm: page allocation failure" (or the phrase at the start of the line):
   the phrase's position, NULL for prose that only mentions it. */
const char *pa_rl_header_phrase(const char *p);
/* Unsigned decimal at p: false when no digit; *ovf on overflow. */
bool pa_rl_num(const char *p, uint64_t *v, const char **end, bool *ovf);
/* End of a key ("free", "isolated(anon)") at p, or NULL. */
const char *pa_rl_key_end(const char *p);
/* p starts "key:N", "key: N" or "key? yes|no". */
bool pa_rl_kv_start(const char *p);
/* "[...]", "...", "[snip]": a quote's elision mark; *end after it. */
bool pa_rl_is_elision(const char *p, const char **end);
/* A token of non-ASCII bytes only (a slide's bullet). */
bool pa_rl_decoration(const char *p, const char **end);
/* Optional "Node N " then a known zone name: the position after the name. */
const char *pa_rl_zone_prefix(const char *p, int *node, char name[16]);
/* N of "Node N" (clamped), and the text after "Node N" and its blanks. */
int pa_rl_node_num(const char *p);
const char *pa_rl_after_node(const char *p);

#endif
