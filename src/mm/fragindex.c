/*
 * fragindex.c - the kernel's fragmentation index, unusable free space index
 * and extfrag_for_order (kernel-semantics 7.4), as pure functions of a
 * zone's nr_free[] so that compaction's suitability test and `pagealloc
 * analyze` compute exactly what /sys/kernel/debug/debugfs extfrag files print.
 * Integer arithmetic in the kernel's order of operations (u64 products,
 * truncating divisions).
 */
#include <string.h>
#include <stdio.h>

#include "pagealloc/fragindex.h"
#include "pagealloc/mm.h"

/* V316/V618 mm/vmstat.c fill_contig_page_info. */
void pa_contig_info(const uint64_t *nr_free, unsigned max_order, unsigned order,
                    struct pa_contig_info *info)
{
    if (!info)
        return;
    if (!nr_free || max_order > PA_ORDER_CAP) {
        memset(info, 0, sizeof *info);
        return;
    }
    info->free_pages = 0;
    info->free_blocks_total = 0;
    info->free_blocks_suitable = 0;
    for (unsigned o = 0; o <= max_order; o++) {
        uint64_t blocks = nr_free[o];
        info->free_blocks_total += blocks;
        info->free_pages += blocks << o;
        if (o >= order)
            info->free_blocks_suitable += blocks << (o - order);
    }
}

/* V316/V618 mm/vmstat.c __fragmentation_index. */
int pa_fragmentation_index(const uint64_t *nr_free, unsigned max_order, unsigned order)
{
    if (!nr_free || max_order > PA_ORDER_CAP)
        return PA_EINVAL;
    struct pa_contig_info info;
    if (order > max_order)
        return 0;
    pa_contig_info(nr_free, max_order, order, &info);
    if (!info.free_blocks_total)
        return 0;
    if (info.free_blocks_suitable)
        return -1000;
    uint64_t requested = (uint64_t)1 << order;
    return (int)(1000 - (1000 + info.free_pages * 1000 / requested) / info.free_blocks_total);
}

/* V316/V618 mm/vmstat.c unusable_free_index. */
int pa_unusable_free_index(const uint64_t *nr_free, unsigned max_order, unsigned order)
{
    if (!nr_free || max_order > PA_ORDER_CAP)
        return PA_EINVAL;
    struct pa_contig_info info;
    pa_contig_info(nr_free, max_order, order > max_order ? max_order : order, &info);
    if (!info.free_pages)
        return 1000;
    if (order > max_order)
        return 1000;  /* no block can be that large */
    return (int)((info.free_pages - (info.free_blocks_suitable << order)) * 1000 /
                 info.free_pages);
}

/* V618 mm/compaction.c extfrag_for_order. */
int pa_extfrag_for_order(const uint64_t *nr_free, unsigned max_order, unsigned order)
{
    if (!nr_free || max_order > PA_ORDER_CAP)
        return PA_EINVAL;
    struct pa_contig_info info;
    if (order > max_order)
        order = max_order;
    pa_contig_info(nr_free, max_order, order, &info);
    if (!info.free_pages)
        return 0;
    return (int)((info.free_pages - (info.free_blocks_suitable << order)) * 100 /
                 info.free_pages);
}

/* mm/vmstat.c prints value / 1000, value % 1000 with "%d.%03d". */
void pa_index_format(int value, char *buf, size_t n)
{
    if (!buf || !n)
        return;
    snprintf(buf, n, "%d.%03d", value / 1000, value < 0 ? -(value % 1000) : value % 1000);
}
