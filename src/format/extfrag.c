/*
 * extfrag.c - the debugfs extfrag files of a machine (pagealloc/procfs.h):
 * the fragmentation index and the unusable free space index of every
 * populated zone and order, with the kernel's arithmetic (fragindex.c) and
 * layout (V618 mm/vmstat.c extfrag_show_print / unusable_show_print).
 */
#include "pagealloc/fragindex.h"
#include "pagealloc/procfs.h"

void pa_print_extfrag(const struct pa_machine *m, bool extfrag, struct pa_strbuf *out)
{
    if (!m || !out)
        return;
    const struct pa_zone *zones[PA_MAX_ZONES];
    int n = pa_machine_populated_zones(m, zones, PA_MAX_ZONES);
    for (int i = 0; i < n; i++) {
        const struct pa_zone *z = zones[i];
        uint64_t nr_free[PA_ORDER_CAP + 1];
        for (unsigned o = 0; o <= m->max_order; o++)
            nr_free[o] = z->free_area[o].nr_free;
        pa_sb_printf(out, "Node %d, zone %8s ", z->node, z->name);
        for (unsigned o = 0; o <= m->max_order; o++) {
            int v = extfrag ? pa_fragmentation_index(nr_free, m->max_order, o)
                            : pa_unusable_free_index(nr_free, m->max_order, o);
            pa_sb_printf(out, extfrag ? "%2d.%03d " : "%d.%03d ", v / 1000,
                         v < 0 ? -(v % 1000) : v % 1000);
        }
        pa_sb_putc(out, '\n');
    }
}
