/*
 * report_era.c - the kernel a report comes from when its version line was
 * cut from the paste (pagealloc/report.h, pa_report_guess_version).
 *
 * show_free_areas() (kernel-semantics 11.4) and the failure and OOM headers
 * (6.5) gained and lost fields over the years, so the fields a dump prints
 * bound its kernel from below and from above. Each clue gives a bound; the
 * newest lower bound wins (it is the most the dump proves), an upper bound
 * alone gives its own version. The bounds come from dumps of known versions
 * in tests/data/reports (README.md there) and from the kernel's history; where
 * only an interval is known the bound says so ("later than 3.16").
 * Only the watermark rule of the era matters to `explain` (3.x loop, 4.4
 * order-0 + any block, 4.10+/5.x/6.x highatomic details): the bounds are
 * placed where they separate those.
 */
#include <stdio.h>
#include <string.h>

#include "pagealloc/report.h"

struct clue {
    int key;            /* major * 10000 + minor * 100 + patch               */
    const char *ver;    /* a version pa_profile_for_version() reads           */
    const char *what;   /* the evidence, for the user                         */
};

static int key(int a, int b, int c)
{
    return a * 10000 + b * 100 + c;
}

static bool zone_has_key(const struct pa_report *r, const char *k)
{
    for (int i = 0; i < r->nr_zones; i++)
        for (int j = 0; j < r->zones[i].nr_kv; j++)
            if (!strcmp(r->zones[i].kv[j].key, k))
                return true;
    return false;
}

static bool zone_has_field(const struct pa_report *r, enum pa_rz_field f)
{
    for (int i = 0; i < r->nr_zones; i++)
        if (r->zones[i].have & (1u << f))
            return true;
    return false;
}

static bool buddy_letter(const struct pa_report *r, enum pa_migratetype mt)
{
    for (int i = 0; i < r->nr_zones; i++)
        for (unsigned o = 0; o < r->zones[i].nr_orders; o++)
            if (r->zones[i].mt_mask[o] & (1u << mt))
                return true;
    return false;
}

static bool any_letters(const struct pa_report *r)
{
    for (int i = 0; i < r->nr_zones; i++)
        if (r->zones[i].letters)
            return true;
    return false;
}

bool pa_report_guess_version(const struct pa_report *r, char *version, size_t vn, char *why,
                             size_t wn)
{
    if (version && vn)
        version[0] = '\0';
    if (why && wn)
        why[0] = '\0';
    if (!r || !version || !vn)
        return false;
    struct clue lo = {0, NULL, NULL}, hi = {0, NULL, NULL};
#define LOWER(a, b, c, v, w)                                                            \
    do {                                                                                \
        if (key(a, b, c) > lo.key)                                                      \
            lo = (struct clue){key(a, b, c), (v), (w)};                                 \
    } while (0)
#define UPPER(a, b, c, v, w)                                                            \
    do {                                                                                \
        if (!hi.key || key(a, b, c) < hi.key)                                           \
            hi = (struct clue){key(a, b, c), (v), (w)};                                 \
    } while (0)

    /* Zone line fields, newest first. */
    if (zone_has_key(r, "zspages"))
        LOWER(6, 17, 0, "6.17", "zone lines print zspages (6.17+)");
    if (zone_has_field(r, PA_RZ_FREE_HIGHATOMIC))
        LOWER(6, 12, 0, "6.12", "zone lines print free_highatomic (6.12+)");
    if (zone_has_field(r, PA_RZ_BOOST))
        LOWER(5, 11, 0, "5.11", "zone lines print boost (later than 5.10)");
    if (zone_has_field(r, PA_RZ_RESERVED_HIGHATOMIC))
        LOWER(5, 0, 0, "5.0", "zone lines print reserved_highatomic (later than 4.19)");
    if (zone_has_key(r, "writepending"))
        LOWER(4, 8, 0, "4.8", "zone lines print writepending, node lines the LRU (4.8+)");
    if (buddy_letter(r, PA_MT_HIGHATOMIC))
        LOWER(4, 4, 0, "4.4", "buddy lines mark highatomic blocks 'H' (4.4+)");
    if (zone_has_field(r, PA_RZ_FREE_PCP))
        LOWER(3, 17, 0, "3.17", "zone lines print free_pcp (later than 3.16)");
    if (any_letters(r))
        LOWER(3, 12, 0, "3.12", "buddy lines carry migratetype letters (3.12+)");
    if (zone_has_field(r, PA_RZ_MANAGED))
        LOWER(3, 8, 0, "3.8", "zone lines print managed (3.8+)");
    if (zone_has_key(r, "isolated(anon)"))
        LOWER(2, 6, 32, "2.6.32", "zone lines print isolated(anon) (2.6.32+)");
    if (zone_has_key(r, "active_anon"))
        LOWER(2, 6, 28, "2.6.28", "zone lines split the LRU into anon and file (2.6.28+)");
    /* Header forms. */
    if (r->mode_names[0])
        LOWER(4, 5, 0, "4.5", "the header names the GFP flags in parentheses (4.5+)");
    if (r->cpuset[0] && !r->oom && r->header_line && !r->period_form)
        LOWER(4, 5, 0, "4.5", "the header prints the cpuset (4.5+)");
    if (r->vmalloc)
        LOWER(5, 0, 0, "5.0", "the 'vmalloc error:' header (5.x+)");

    /* Upper bounds. */
    if (zone_has_key(r, "pages_scanned"))
        UPPER(4, 7, 0, "4.7", "zone lines print pages_scanned (gone in 4.8)");
    if (buddy_letter(r, PA_MT_RESERVE))
        UPPER(4, 3, 0, "4.3", "buddy lines mark MIGRATE_RESERVE blocks 'R' (gone in 4.4)");
    if (zone_has_key(r, "active") && !zone_has_key(r, "active_anon"))
        UPPER(2, 6, 27, "2.6.27", "zone lines print active/inactive without anon/file "
                                  "(before 2.6.28)");
    if (r->period_form)
        UPPER(2, 6, 35, "2.6.32", "the 'page allocation failure. order:' header (2.6.x)");

    if (version && vn)
        version[0] = '\0';
    if (why && wn)
        why[0] = '\0';
    const struct clue *use = lo.key ? &lo : hi.key ? &hi : NULL;
    if (!use)
        return false;
    if (version && vn)
        snprintf(version, vn, "%s", use->ver);
    if (why && wn) {
        if (lo.key && hi.key && hi.key < lo.key)
            snprintf(why, wn, "%s; but %s: the clues disagree, the newer wins", lo.what, hi.what);
        else if (lo.key && hi.key)
            snprintf(why, wn, "%s; %s", lo.what, hi.what);
        else
            snprintf(why, wn, "%s", use->what);
    }
    return true;
#undef LOWER
#undef UPPER
}

void pa_report_zone_missing_fields(const struct pa_report_zone *z, char *buf, size_t n)
{
    static const enum pa_rz_field need[] = {PA_RZ_FREE, PA_RZ_MIN, PA_RZ_LOW, PA_RZ_HIGH};
    if (!n || !buf)
        return;
    buf[0] = '\0';
    if (!z)
        return;
    if (!z->zone_line)
        return;
    size_t len = 0;
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (!(z->have & (1u << need[i])) && len + 24 < n)
            len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? ", " : "",
                                    pa_rz_field_name(need[i]));
}
