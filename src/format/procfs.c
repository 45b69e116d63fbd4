/*
 * procfs.c - /proc/buddyinfo and /proc/pagetypeinfo for a machine, byte for
 * byte as the kernel prints them (kernel-semantics 11.1, 11.2; checked
 * against a live 6.18 kernel's files). Populated zones only (present > 0),
 * nodes in id order, zones low to high. Printers read, never write.
 */
#include <inttypes.h>

#include "pagealloc/procfs.h"

void pa_print_buddyinfo(const struct pa_machine *m, struct pa_strbuf *out)
{
    if (!m || !out)
        return;
    const struct pa_zone *zs[PA_MAX_ZONES];
    int nz = pa_machine_populated_zones(m, zs, PA_MAX_ZONES);
    for (int i = 0; i < nz; i++) {
        pa_sb_printf(out, "Node %d, zone %8s ", zs[i]->node, zs[i]->name);
        for (unsigned o = 0; o <= m->max_order; o++)
            pa_sb_printf(out, "%6" PRIu64 " ", zs[i]->free_area[o].nr_free);
        pa_sb_putc(out, '\n');
    }
}

void pa_print_pagetypeinfo(const struct pa_machine *m, struct pa_strbuf *out)
{
    if (!m || !out)
        return;
    const struct pa_profile *pr = m->profile;
    const struct pa_zone *zs[PA_MAX_ZONES];
    int nz = pa_machine_populated_zones(m, zs, PA_MAX_ZONES);

    pa_sb_printf(out, "Page block order: %u\n", m->pageblock_order);
    pa_sb_printf(out, "Pages per block:  %" PRIu64 "\n", (uint64_t)1 << m->pageblock_order);
    pa_sb_putc(out, '\n');
    pa_sb_printf(out, "%-43s ", "Free pages count per migrate type at order");
    for (unsigned o = 0; o <= m->max_order; o++)
        pa_sb_printf(out, "%6u ", o);
    pa_sb_putc(out, '\n');
    for (int i = 0; i < nz; i++) {
        for (int t = 0; t < pr->nr_mt; t++) {
            enum pa_migratetype mt = pr->mt_order[t];
            pa_sb_printf(out, "Node %4d, zone %8s, type %12s ", zs[i]->node, zs[i]->name,
                         pa_migratetype_name(mt));
            for (unsigned o = 0; o <= m->max_order; o++) {
                uint64_t c = zs[i]->free_area[o].free_list[mt].count;
                bool over = pr->text.pagetypeinfo_cap && c >= pr->text.pagetypeinfo_cap;
                pa_sb_printf(out, "%s%6" PRIu64 " ", over ? ">" : "",
                             over ? pr->text.pagetypeinfo_cap : c);
            }
            pa_sb_putc(out, '\n');
        }
    }
    pa_sb_printf(out, "\n%-23s", "Number of blocks type ");
    for (int t = 0; t < pr->nr_mt; t++)
        pa_sb_printf(out, "%12s ", pa_migratetype_name(pr->mt_order[t]));
    pa_sb_putc(out, '\n');
    for (int i = 0; i < nz; i++) {
        pa_sb_printf(out, "Node %d, zone %8s ", zs[i]->node, zs[i]->name);
        for (int t = 0; t < pr->nr_mt; t++)
            pa_sb_printf(out, "%12" PRIu64 " ", zs[i]->nr_pageblocks[pr->mt_order[t]]);
        pa_sb_putc(out, '\n');
    }
}
