/*
 * logline.c - kernel lines out of pasted log text: the prefixes log tools and
 * mail clients add (kernel-semantics 11.4 says what the kernel itself
 * prints; everything here is what surrounds it), and the cut points when
 * several kernel lines were run together on one line (a slide, a web page).
 * Pure functions over NUL-terminated text; every read stops at the NUL.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "format/logline.h"

static bool digits(const char *p, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)p[i]))
            return false;
    return true;
}

/* "[ 1234.567890]" at p (6 fractional digits when strict), or (not strict)
   the "[  +0.002367]" of dmesg --reltime / -H. Returns the end. */
static const char *stamp_end(const char *p, bool strict)
{
    if (*p != '[')
        return NULL;
    const char *q = rl_skip_ws(p + 1);
    if (!strict && *q == '+')
        q++;
    const char *d = q;
    while (isdigit((unsigned char)*q))
        q++;
    if (q == d || *q != '.')
        return NULL;
    const char *f = ++q;
    while (isdigit((unsigned char)*q))
        q++;
    if (*q != ']' || (strict ? q - f != 6 : q == f))
        return NULL;
    return q + 1;
}

/* "1234.567890]" (a stamp without its '['). */
static const char *bare_stamp_end(const char *q)
{
    const char *d = q;
    while (isdigit((unsigned char)*q))
        q++;
    if (q == d || *q != '.')
        return NULL;
    const char *f = ++q;
    while (isdigit((unsigned char)*q))
        q++;
    return *q == ']' && q - f == 6 ? q + 1 : NULL;
}

/* Month-day-time: "May  2 10:03:56" / "May 02 10:03:56". */
static const char *syslog_time_end(const char *p)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const char *const wday[] = {"Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun "};
    for (int i = 0; i < 7; i++) /* logread (OpenWrt): "Sun Jun  6 16:14:57 2021" */
        if (rl_starts(p, wday[i]))
            p += 4;
    int m = -1;
    for (int i = 0; i < 12; i++)
        if (rl_starts(p, mon[i]))
            m = i;
    if (m < 0 || p[3] != ' ')
        return NULL;
    const char *q = p + 4;
    if (*q == ' ')
        q++;
    if (!isdigit((unsigned char)*q))
        return NULL;
    while (isdigit((unsigned char)*q))
        q++;
    if (*q != ' ' || !digits(q + 1, 2) || q[3] != ':' || !digits(q + 4, 2) || q[6] != ':' ||
        !digits(q + 7, 2))
        return NULL;
    q += 9;
    if (*q == '.' && isdigit((unsigned char)q[1])) { /* journalctl -o short-precise */
        q++;
        while (isdigit((unsigned char)*q))
            q++;
    }
    if (*q == ' ' && digits(q + 1, 4) && (q[5] == ' ' || !q[5])) /* a year */
        q += 5;
    return q;
}

/* ISO 8601 "2023-05-02T10:03:56[.123][+02:00|Z]". */
static const char *iso_time_end(const char *p)
{
    if (!digits(p, 4) || p[4] != '-' || !digits(p + 5, 2) || p[7] != '-' || !digits(p + 8, 2) ||
        (p[10] != 'T' && p[10] != ' ') || !digits(p + 11, 2) || p[13] != ':')
        return NULL;
    const char *q = p + 14;
    while (*q && *q != ' ')
        q++;
    return q;
}

/* After a syslog time: " host tag: " (tag usually "kernel:"). */
static const char *host_tag_end(const char *p)
{
    p = rl_skip_ws(p);
    const char *h = p;
    while (*p && *p != ' ')
        p++;
    if (p == h)
        return NULL;
    if (p[-1] == ':' && p - h > 1)
        return p; /* no host: "Dec 20 14:02:50 kernel: ..." (busybox syslogd) */
    p = rl_skip_ws(p);
    const char *t = p;
    while (*p && *p != ' ' && *p != ':')
        p++;
    if (*p != ':' || p == t)
        return NULL;
    return p + 1;
}

/* The record prefix of /dev/kmsg (and of logs copied from it, Android's
   included): "LEVEL,SEQ,USEC,FLAG[,key=value...];". */
static const char *kmsg_end(const char *p)
{
    const char *q = p;
    for (int field = 0; field < 3; field++) {
        if (!isdigit((unsigned char)*q))
            return NULL;
        while (isdigit((unsigned char)*q))
            q++;
        if (*q++ != ',')
            return NULL;
    }
    if (*q != '-' && *q != 'c' && *q != '+')
        return NULL;
    q++;
    if (*q != ',' && *q != ';')
        return NULL;
    const char *semi = strchr(q, ';');
    return semi ? semi + 1 : NULL;
}

/* dmesg -x: "kern  :warn  : " (facility and level, padded). */
static const char *facility_end(const char *p)
{
    static const char *const fac[] = {"kern", "user", "daemon", "syslog"};
    for (size_t i = 0; i < sizeof fac / sizeof fac[0]; i++) {
        if (!rl_starts(p, fac[i]))
            continue;
        const char *q = rl_skip_ws(p + strlen(fac[i]));
        if (*q != ':')
            return NULL;
        q = rl_skip_ws(q + 1);
        const char *l = q;
        while (isalpha((unsigned char)*q))
            q++;
        if (q == l)
            return NULL;
        q = rl_skip_ws(q);
        return *q == ':' ? q + 1 : NULL;
    }
    return NULL;
}

/* A test harness's or serial logger's "[2025-06-04 17:51:20]" before the
   kernel's own stamp. */
static const char *bracket_iso_end(const char *p)
{
    if (*p != '[' || !iso_time_end(p + 1))
        return NULL;
    const char *r = strchr(p, ']');
    return r ? r + 1 : NULL;
}

/* Strip every prefix a log tool or a mail client adds. */
const char *pa_log_strip(const char *p, bool line_start, bool *prefixed)
{
    *prefixed = false;
    if (line_start) {
        p = rl_skip_ws(p);
        while (*p == '>') /* mail quotes */
            p = rl_skip_ws(p + 1);
    }
    for (bool first = true;; first = false) {
        const char *q = rl_skip_ws(p), *e;
        if ((e = syslog_time_end(q)) || (e = iso_time_end(q))) {
            const char *t = host_tag_end(e);
            p = t ? t : e;
        } else if ((e = kmsg_end(q)) || (e = facility_end(q)) || (e = bracket_iso_end(q))) {
            p = e;
        } else if (first && line_start && (e = bare_stamp_end(q))) {
            /* a printk stamp that lost its '[' in the paste: "    4.795291] " */
            p = e;
        } else if ((rl_starts(q, "kernel:") && (q[7] == ' ' || !q[7])) ||
                   (rl_starts(q, "... kernel:") && (q[11] == ' ' || !q[11]))) {
            /* journalctl -o short-monotonic after its stamp; a poster's "..." for
               the date and host they took out */
            p = strstr(q, "kernel:") + 7;
        } else if (q[0] == '<' && isdigit((unsigned char)q[1]) && q[2] == '>') {
            p = q + 3;
        } else if ((e = stamp_end(q, false))) {
            p = e;
            /* CONFIG_PRINTK_CALLER: "[    T123]" / "[  C1]". */
            const char *r = rl_skip_ws(p);
            if (*r == '[') {
                const char *s = rl_skip_ws(r + 1);
                if ((*s == 'T' || *s == 'C') && isdigit((unsigned char)s[1])) {
                    s++;
                    while (isdigit((unsigned char)*s))
                        s++;
                    if (*s == ']')
                        p = s + 1;
                }
            }
        } else if (q[0] == '[' && q[1] && q[2] && q[3] && q[4] == ' ' && syslog_time_end(q + 5)) {
            /* dmesg -T: "[Tue May  2 10:03:56 2023]" */
            const char *r = strchr(q, ']');
            if (!r)
                break;
            p = r + 1;
        } else {
            break;
        }
        *prefixed = true;
    }
    return rl_skip_ws(p);
}

/* Cut points: every " [ 1234.567890]" after the start of the line. */
const char *pa_log_next_cut(const char *p)
{
    if (!*p)
        return NULL;
    for (const char *q = p + 1; *q; q++)
        if (*q == '[' && (q[-1] == ' ' || q[-1] == '\t') && stamp_end(q, true))
            return q;
    return NULL;
}
