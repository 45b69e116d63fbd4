/*
 * format/gfp.c - GFP masks as text, both ways, in the style of each era
 * (kernel-semantics 10, 6.5).
 *
 * Printing walks the era's name table (src/mm/gfp_layout.c) exactly as the
 * kernel's format_flags() / __print_flags() do: an entry whose whole mask is
 * still set prints its name and clears its bits; "|" separates; whatever no
 * entry covers is printed last as one hex number. So 0x40dc0 on 5.4+ prints
 * GFP_KERNEL|__GFP_COMP|__GFP_ZERO and 0x100000 on 4.4 prints __GFP_ACCOUNT.
 *
 * Parsing accepts what users paste: a number, a number with the names the
 * kernel printed after it, or names alone joined by "|", with the prefixes
 * of failure headers and tracepoints ("mode:", "gfp_flags="). Names are the
 * era's printed names, the canonical "__GFP_*" names, "GFP_*" for a single
 * flag, and hex leftovers. When a number and names are both present they
 * must agree, so a mode copied from a different kernel is caught.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagealloc/gfp_text.h"

static int errf(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int errf(char *err, size_t n, const char *fmt, ...)
{
    if (err && n) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, n, fmt, ap);
        va_end(ap);
    }
    return PA_EINVAL;
}

/* ---- printing ------------------------------------------------------------------- */

static void format_names(const struct pa_gfp_layout *l, uint64_t raw, struct pa_strbuf *out)
{
    uint64_t rem = raw;
    for (const struct pa_gfp_name *e = l->names; rem && e->name; e++) {
        uint64_t m = pa_gfp_name_mask(l, e);
        if (!m || (rem & m) != m)
            continue;
        pa_sb_puts(out, e->name);
        rem &= ~m;
        if (rem)
            pa_sb_putc(out, '|');
    }
    if (rem)
        pa_sb_printf(out, "0x%" PRIx64, rem);
}

void pa_gfp_format(const struct pa_profile *p, uint64_t raw, struct pa_strbuf *out)
{
    if (!p || !p->gfp || !out)
        return;
    if (!raw) {
        pa_sb_puts(out, p->gfp->zero_name);
        return;
    }
    format_names(p->gfp, raw, out);
}

void pa_gfp_format_header(const struct pa_profile *p, uint64_t raw, struct pa_strbuf *out)
{
    if (!p || !p->gfp || !out)
        return;
    /* the kernel's %#x prints 0 as "0x0", unlike C's printf */
    pa_sb_printf(out, "0x%" PRIx64, raw);
    if (!p->text.gfp_names_in_header)
        return;
    pa_sb_putc(out, '(');
    format_names(p->gfp, raw, out);
    pa_sb_putc(out, ')');
}

/* ---- parsing --------------------------------------------------------------------- */

/* Value of one name token in the layout; false if unknown. */
static bool name_value(const struct pa_profile *p, const char *tok, uint64_t *v)
{
    const struct pa_gfp_layout *l = p->gfp;
    if (strcmp(tok, l->zero_name) == 0 || strcmp(tok, "none") == 0 || strcmp(tok, "0") == 0) {
        *v = 0;
        return true;
    }
    if (pa_gfp_composite_value(p, tok, v))
        return true;
    /* canonical single flags: "__GFP_COMP", "GFP_COMP", "COMP" */
    const char *bare = tok;
    if (strncmp(bare, "__GFP_", 6) == 0)
        bare += 6;
    else if (strncmp(bare, "GFP_", 4) == 0)
        bare += 4;
    for (int f = 1; f < PA_GFP_FLAG_COUNT; f++) {
        const char *n = pa_gfp_flag_name((enum pa_gfp_flag)f) + 6;
        if (strcmp(bare, n) == 0 && l->bit[f]) {
            *v = l->bit[f];
            return true;
        }
    }
    /* composites spelled with the canonical prefix ("GFP_KERNEL" is the only
       spelling, but accept "__GFP_RECLAIM" via the table above) */
    return false;
}

static bool parse_number(const char *s, size_t len, uint64_t *v)
{
    char buf[40];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    unsigned long long x = strtoull(buf, &end, 0);
    if (errno || *end || buf[0] == '-' || buf[0] == '+')
        return false;
    *v = x;
    return true;
}

/* "A|B|0x100" starting at s (length len); col0 is the column of s in the
   whole text, for messages. */
static int parse_names(const struct pa_profile *p, const char *s, size_t len, size_t col0,
                       uint64_t *raw, char *err, size_t n)
{
    uint64_t acc = 0;
    size_t i = 0;
    if (len == 0)
        return errf(err, n, "column %zu: expected GFP flag names, got nothing", col0 + 1);
    while (i <= len) {
        size_t start = i;
        while (i < len && s[i] != '|')
            i++;
        size_t a = start, b = i;
        while (a < b && isspace((unsigned char)s[a]))
            a++;
        while (b > a && isspace((unsigned char)s[b - 1]))
            b--;
        if (a == b)
            return errf(err, n, "column %zu: empty flag name between '|'", col0 + start + 1);
        char tok[64];
        if (b - a >= sizeof tok)
            return errf(err, n, "column %zu: flag name too long", col0 + a + 1);
        memcpy(tok, s + a, b - a);
        tok[b - a] = '\0';
        uint64_t v;
        if (isdigit((unsigned char)tok[0])) {
            if (!parse_number(tok, strlen(tok), &v))
                return errf(err, n, "column %zu: '%s' is not a number", col0 + a + 1, tok);
        } else if (!name_value(p, tok, &v)) {
            return errf(err, n,
                        "column %zu: '%s' is not a GFP flag of the %s layout (profile %s); "
                        "expected a name such as GFP_KERNEL or __GFP_COMP, or a hex value",
                        col0 + a + 1, tok, p->gfp->name, p->name);
        }
        acc |= v;
        i++; /* skip '|' (or step past the end) */
    }
    *raw = acc;
    return PA_OK;
}

int pa_gfp_parse(const struct pa_profile *p, const char *text, uint64_t *raw, char *err,
                 size_t n)
{
    if (!raw)
        return errf(err, n, "no place for the result (NULL)");
    if (err && n)
        err[0] = '\0';
    if (!p || !p->gfp)
        return errf(err, n, "no GFP layout for this profile");
    if (!text)
        return errf(err, n, "column 1: expected a GFP mode, got nothing");
    size_t len = strlen(text), i = 0;
    while (i < len && isspace((unsigned char)text[i]))
        i++;
    while (len > i && isspace((unsigned char)text[len - 1]))
        len--;
    static const char *const prefixes[] = {"mode:", "gfp_flags=", "gfp_mask=", "gfp=", "mode="};
    for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
        size_t pl = strlen(prefixes[k]);
        if (len - i >= pl && strncmp(text + i, prefixes[k], pl) == 0) {
            i += pl;
            break;
        }
    }
    if (i >= len)
        return errf(err, n, "column %zu: expected a GFP mode such as 0xd0 or GFP_KERNEL", i + 1);
    /* trailing "," as in "mode:0xd0," copied from a header */
    if (text[len - 1] == ',')
        len--;

    if (!isdigit((unsigned char)text[i]))
        return parse_names(p, text + i, len - i, i, raw, err, n);

    size_t j = i;
    while (j < len && isalnum((unsigned char)text[j]))
        j++;
    uint64_t num;
    if (!parse_number(text + i, j - i, &num))
        return errf(err, n, "column %zu: '%.*s' is not a number", i + 1, (int)(j - i), text + i);
    if (j == len) {
        *raw = num;
        return PA_OK;
    }
    if (text[j] != '(' || text[len - 1] != ')')
        return errf(err, n, "column %zu: expected '(' and flag names after the number, or the end",
                    j + 1);
    uint64_t named = 0;
    /* "0x0()": the kernel prints no names for an empty mask */
    int rc = PA_OK;
    if (len - j - 2 > 0)
        rc = parse_names(p, text + j + 1, len - j - 2, j + 1, &named, err, n);
    if (rc)
        return rc;
    if (named != num)
        return errf(err, n,
                    "column %zu: the names give %#" PRIx64 " but the number is %#" PRIx64
                    " in the %s layout: is the kernel version right?",
                    j + 2, named, num, p->gfp->name);
    *raw = num;
    return PA_OK;
}

/* ---- translation between eras --------------------------------------------------- */

uint64_t pa_gfp_translate(const struct pa_profile *from, uint64_t raw,
                          const struct pa_profile *to, uint64_t *lost)
{
    if (lost)
        *lost = 0;
    if (!from || !to || !from->gfp || !to->gfp)
        return 0;
    uint64_t out = 0, gone = 0;
    bool old_from = pa_gfp_bit(from, PA_GFP_WAIT) != 0;
    bool old_to = pa_gfp_bit(to, PA_GFP_WAIT) != 0;
    bool can_wait = pa_gfp_can_direct_reclaim(from, raw);
    bool kswapd = pa_gfp_can_wake_kswapd(from, raw);

    for (int f = 1; f < PA_GFP_FLAG_COUNT; f++) {
        uint64_t b = pa_gfp_bit(from, (enum pa_gfp_flag)f);
        if (!b || !(raw & b))
            continue;
        switch (f) {
        /* the reclaim/atomic model is rebuilt below from its meaning */
        case PA_GFP_WAIT: case PA_GFP_DIRECT_RECLAIM: case PA_GFP_KSWAPD_RECLAIM:
        case PA_GFP_NO_KSWAPD: case PA_GFP_ATOMIC:
            continue;
        case PA_GFP_REPEAT:
            if (!pa_gfp_bit(to, PA_GFP_REPEAT) && pa_gfp_bit(to, PA_GFP_RETRY_MAYFAIL)) {
                out |= pa_gfp_bit(to, PA_GFP_RETRY_MAYFAIL);
                continue;
            }
            break;
        case PA_GFP_RETRY_MAYFAIL:
            if (!pa_gfp_bit(to, PA_GFP_RETRY_MAYFAIL) && pa_gfp_bit(to, PA_GFP_REPEAT)) {
                out |= pa_gfp_bit(to, PA_GFP_REPEAT);
                continue;
            }
            break;
        default:
            break;
        }
        uint64_t tb = pa_gfp_bit(to, (enum pa_gfp_flag)f);
        if (tb)
            out |= tb;
        else
            gone |= b;
    }
    if (old_to) {
        if (can_wait)
            out |= pa_gfp_bit(to, PA_GFP_WAIT);
        if (!kswapd && pa_gfp_bit(to, PA_GFP_NO_KSWAPD))
            out |= pa_gfp_bit(to, PA_GFP_NO_KSWAPD);
    } else {
        if (can_wait)
            out |= pa_gfp_bit(to, PA_GFP_DIRECT_RECLAIM);
        if (kswapd)
            out |= pa_gfp_bit(to, PA_GFP_KSWAPD_RECLAIM);
        /* 4.4 - 6.2: __GFP_ATOMIC marks a high-priority request that cannot sleep */
        bool atomic = old_from || !pa_gfp_bit(from, PA_GFP_ATOMIC)
                          ? (!can_wait && pa_gfp_has(from, raw, PA_GFP_HIGH))
                          : pa_gfp_has(from, raw, PA_GFP_ATOMIC);
        if (atomic)
            out |= pa_gfp_bit(to, PA_GFP_ATOMIC);
    }
    gone |= pa_gfp_unknown_bits(from, raw);
    if (lost)
        *lost = gone;
    return out;
}
