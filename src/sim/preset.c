/*
 * preset.c - machines as data: the seeds' VMs and a few common shapes, and
 * the one function that turns a preset (with a scenario's overrides) into
 * the engine's zone layout.
 *
 * Layout rules (x86_64, kernel-semantics 1.1; e820 details UNVERIFIED, as
 * QEMU and common firmware lay memory out): pfn 0 belongs to no zone, the
 * BIOS hole is [0x9f, 0x100), DMA is below 16 MiB, DMA32 up to 4 GiB, RAM
 * beyond 3 GiB is remapped above 4 GiB (the PCI hole) into Normal, and the
 * firmware keeps the last 128 KiB below the low end. NUMA nodes split the RAM
 * evenly; node 0 holds DMA and DMA32. A 32-bit box has DMA below 16 MiB,
 * Normal up to 896 MiB and HighMem above.
 *
 * Boot reservations: the low 64 KiB and the real-mode trampoline, the kernel
 * image at 16 MiB, the memmap (sizeof(struct page) per page) at the top of
 * each node, and when the preset gives MemTotal (memtotal_kb, from the seed's
 * `free`), whatever else the booted kernel kept (crashkernel, firmware
 * tables) right after the kernel image, so that MemTotal comes out exactly.
 *
 * A scenario may replace the zone layout (machine(..., {zones = ...})): its
 * zones are laid out back to back from the first page, with the same
 * reservations where they fall inside them.
 */
#include <stdio.h>
#include <string.h>

#include "sim/sim.h"







static const struct pa_preset presets[] = {
    {
        .name = "vm-2g",
        .summary = "2 GiB x86_64 VM of seed 003 (Arch Linux, Dec 2017: kernel 4.14, SLUB)",
        .kernel = "4.14",
        .mem_mib = 2048, .nodes = 1, .cpus = 2,
        .memtotal_kb = 2048300,             /* seed 003 `free -m`: total 2000 */
        .swap_mib = 0,                      /* seed 003: Swap 0 */
        .thp = PA_THP_ALWAYS,
        .boot_used_kb = 41 * 1024,          /* seed 003: used 41 */
        .boot_cached_kb = 133 * 1024,       /* seed 003: buff/cache 133 */
        /* Calibrated to the seed's first /proc/buddyinfo (447 order-10 blocks
           and 22 MiB in smaller ones): 20 MiB gives 446 order-10 blocks. */
        .boot_frag_kb = 20 * 1024,
        .source = "seed 003 (free -m before insmod)",
    },
    {
        .name = "rhel6-2g",
        .summary = "RHEL 6.8 VM of seed 000 (2.6.32-642.el6, SLAB), about 2 GiB",
        .kernel = "2.6.32-642.el6",
        .mem_mib = 2048, .nodes = 1, .cpus = 2,
        .memtotal_kb = 1922500,             /* seed 000 `free -m`: total 1877 */
        .swap_mib = 1023,                   /* seed 000: Swap 1023 */
        .thp = PA_THP_ALWAYS,
        .boot_used_kb = 136 * 1024,         /* seed 000: -/+ buffers/cache used 136 */
        .boot_buffers_kb = 59 * 1024,       /* seed 000: buffers 59 */
        .boot_cached_kb = 149 * 1024,       /* seed 000: cached 149 */
        /* Calibrated to the seed's first /proc/buddyinfo (365 order-10
           blocks): 56 MiB gives 365. */
        .boot_frag_kb = 56 * 1024,
        .source = "seed 000 (first free -m)",
    },
    {
        .name = "rhel6-1g",
        .summary = "RHEL 6.8 VM of seed 000's second experiment (2.6.32-642.el6), 1 GiB",
        .kernel = "2.6.32-642.el6",
        .mem_mib = 1024, .nodes = 1, .cpus = 2,
        .memtotal_kb = 1020180,             /* seed 000 `free -m`: total 996 */
        .swap_mib = 1023,
        .thp = PA_THP_ALWAYS,
        /* The seed shows this VM only after file traffic; a fresh boot's use
           is not in the seed: these are plausible, not measured. */
        .boot_used_kb = 110 * 1024,
        .boot_buffers_kb = 20 * 1024,
        .boot_cached_kb = 60 * 1024,
        .source = "seed 000 (MemTotal); boot use assumed",
    },
    {
        .name = "server-64g",
        .summary = "2-node 64 GiB x86_64 server, 16 CPUs, kernel 5.14",
        .kernel = "5.14",
        .mem_mib = 65536, .nodes = 2, .cpus = 16,
        .swap_mib = 4096,
        .thp = PA_THP_ALWAYS,
        .boot_used_kb = 800 * 1024,
        .boot_cached_kb = 2048 * 1024,
        .source = "assumed",
    },
    {
        .name = "server-256g",
        .summary = "2-node 256 GiB server like seed 000's customer (2.6.32-642.el6)",
        .kernel = "2.6.32-642.el6",
        .mem_mib = 262144, .nodes = 2, .cpus = 32,
        .swap_mib = 4096,
        .thp = PA_THP_ALWAYS,
        .boot_used_kb = 2048 * 1024,
        .boot_cached_kb = 8192 * 1024,
        .source = "seed 000 (100+ GB free); sizes assumed",
    },
    {
        .name = "x86-32",
        .summary = "32-bit x86 box with 3 GiB: DMA, Normal to 896 MiB, HighMem (3.10)",
        .kernel = "3.10",
        .mem_mib = 3072, .nodes = 1, .cpus = 2,
        .x86_32 = true,
        .swap_mib = 2048,
        .thp = PA_THP_NEVER,
        .boot_used_kb = 90 * 1024,
        .boot_cached_kb = 200 * 1024,
        .source = "assumed",
    },
};
#define NPRESETS (int)(sizeof presets / sizeof presets[0])

const struct pa_preset *pa_preset_find(const char *name)
{
    for (int i = 0; i < NPRESETS; i++)
        if (!strcmp(presets[i].name, name))
            return &presets[i];
    return NULL;
}

const struct pa_preset *pa_preset_list(int *n)
{
    *n = NPRESETS;
    return presets;
}

static int add_zone(struct pa_machine_config *c, int node, enum pa_zone_type t, uint64_t s,
                    uint64_t e)
{
    return s < e ? pa_config_add_zone(c, node, t, s, e) : 0;
}

static int add_reserved(struct pa_machine_config *c, uint64_t s, uint64_t e, uint64_t *count)
{
    if (s >= e)
        return 0;
    *count += e - s;
    return pa_config_add_reserved(c, s, e);
}

/* Orders by page size: x86_64 4 KiB (max order 10, pageblock 9); 16 KiB and
   64 KiB as arm64 builds them by default (ARCH_FORCE_MAX_ORDER 11 / 13,
   pageblock = the PMD huge page order 11 / 13; UNVERIFIED against a tree).
   The zone layout stays x86's: a larger page only changes the units. */
int pa_page_orders(unsigned page_shift, unsigned *max_order, unsigned *pageblock_order)
{
    switch (page_shift) {
    case 12: *max_order = 10; *pageblock_order = 9; return 0;
    case 14: *max_order = 11; *pageblock_order = 11; return 0;
    case 16: *max_order = 13; *pageblock_order = 13; return 0;
    default: return -1;
    }
}

/* A custom layout: zones back to back from address 0 (the first zone starts
   at the first page: pfn 0 is in no zone), nodes as given (each node's
   memory contiguous, nodes in order). */
static int custom_zones(const struct pa_zone_spec *zs, int nzs, unsigned page_shift,
                        uint64_t first, struct pa_machine_config *cfg, uint64_t *node_end,
                        int *nodes, char *err, size_t n)
{
    uint64_t pos = 0;
    *nodes = 0;
    for (int i = 0; i < nzs; i++) {
        uint64_t pages = (zs[i].mib << 20) >> page_shift;
        if (!zs[i].mib || zs[i].mib > ((uint64_t)16 << 20)) {
            snprintf(err, n, "zone %d: size must be 1M..16T", i + 1);
            return -1;
        }
        if (zs[i].node < 0 || zs[i].node > 7 || zs[i].node < *nodes - 1 ||
            zs[i].node > *nodes) {
            snprintf(err, n, "zone %d: nodes must be 0..7, in order, without gaps", i + 1);
            return -1;
        }
        if (pos + pages >= PA_PFN_NONE) {
            snprintf(err, n, "the zones end above pfn 2^32");
            return -1;
        }
        if (!pos && pages <= first) {
            snprintf(err, n, "zone 1 is smaller than a page");
            return -1;
        }
        if (pa_config_add_zone(cfg, zs[i].node, zs[i].type, pos ? pos : first, pos + pages)) {
            snprintf(err, n, "too many zones");
            return -1;
        }
        pos += pages;
        *nodes = zs[i].node + 1;
        node_end[zs[i].node] = pos;
    }
    return 0;
}

int pa_preset_layout(const struct pa_preset *p, uint64_t mem_mib, int nodes, unsigned page_shift,
                     unsigned page_struct_bytes, const struct pa_zone_spec *zs, int nzs,
                     struct pa_machine_config *cfg, char *err, size_t n)
{
#define B2P(bytes) ((uint64_t)(bytes) >> page_shift)
#define MIB(x) ((uint64_t)(x) << 20)
    memset(cfg, 0, sizeof *cfg);
    cfg->page_shift = page_shift;
    if (pa_page_orders(page_shift, &cfg->max_order, &cfg->pageblock_order)) {
        snprintf(err, n, "page size must be 4K, 16K or 64K");
        return -1;
    }
    if (mem_mib < 64 || mem_mib > ((uint64_t)16 << 20)) {
        snprintf(err, n, "mem must be between 64M and 16T, got %lluM",
                 (unsigned long long)mem_mib);
        return -1;
    }
    if (nodes < 1 || nodes > 8 || (p->x86_32 && nodes != 1)) {
        snprintf(err, n, "nodes must be 1..8 (1 on a 32-bit box), got %d", nodes);
        return -1;
    }
    uint64_t ram = B2P(MIB(mem_mib));
    uint64_t first = B2P(4096) ? B2P(4096) : 1;      /* pfn 0 is in no zone */
    uint64_t dma_end = B2P(MIB(16));
    uint64_t fw = B2P(128 << 10) ? B2P(128 << 10) : 1; /* firmware's top 128 KiB */
    uint64_t node_end[8];
    int err2 = 0;

    if (nzs > 0) {
        if (custom_zones(zs, nzs, page_shift, first, cfg, node_end, &nodes, err, n))
            return -1;
    } else if (p->x86_32) {
        if (mem_mib > 4096) {
            snprintf(err, n, "a 32-bit box here has at most 4096M, got %lluM",
                     (unsigned long long)mem_mib);
            return -1;
        }
        uint64_t end = ram - fw, lowmem = B2P(MIB(896));
        err2 |= add_zone(cfg, 0, PA_ZONE_DMA, first, dma_end);
        err2 |= add_zone(cfg, 0, PA_ZONE_NORMAL, dma_end, end < lowmem ? end : lowmem);
        err2 |= add_zone(cfg, 0, PA_ZONE_HIGHMEM, lowmem, end);
        node_end[0] = end < lowmem ? end : lowmem; /* memmap lives in lowmem */
    } else {
        uint64_t low = ram > B2P(MIB(3072)) ? B2P(MIB(3072)) : ram;
        uint64_t high = ram - low;
        uint64_t low_end = low - fw;
        uint64_t per_node = ram / (uint64_t)nodes;
        if (nodes > 1 && per_node <= low) {
            snprintf(err, n, "with %d nodes each node needs more than 3 GiB", nodes);
            return -1;
        }
        err2 |= add_zone(cfg, 0, PA_ZONE_DMA, first, dma_end);
        err2 |= add_zone(cfg, 0, PA_ZONE_DMA32, dma_end, low_end);
        uint64_t start = B2P(MIB(4096));
        for (int nd = 0; nd < nodes; nd++) {
            uint64_t pages = nd == nodes - 1 ? ram - per_node * (uint64_t)(nodes - 1) : per_node;
            if (nd == 0)
                pages -= low;
            if (nd == 0 && !high) {
                node_end[0] = low_end;
                break;
            }
            err2 |= add_zone(cfg, nd, PA_ZONE_NORMAL, start, start + pages);
            start += pages;
            node_end[nd] = start;
        }
    }
    /* the BIOS hole [0x9f000, 1 MiB), the low 64 KiB, the trampoline */
    uint64_t hole_s = B2P(0x9f000), hole_e = B2P(0x100000), reserved = 0, present = 0;
    if (hole_s < hole_e)
        err2 |= pa_config_add_hole(cfg, hole_s, hole_e);
    err2 |= add_reserved(cfg, first, B2P(64 << 10), &reserved);
    err2 |= add_reserved(cfg, B2P(0x99000), hole_s, &reserved);
    for (int i = 0; i < cfg->nr_zones; i++)
        present += cfg->zones[i].end_pfn - cfg->zones[i].start_pfn;
    present -= hole_e - hole_s;

    /* memmap at the top of each node's memory */
    for (int nd = 0; nd < nodes; nd++) {
        uint64_t node_pages = 0;
        for (int i = 0; i < cfg->nr_zones; i++)
            if (cfg->zones[i].node == nd)
                node_pages += cfg->zones[i].end_pfn - cfg->zones[i].start_pfn;
        uint64_t mm = (node_pages * page_struct_bytes + ((uint64_t)1 << page_shift) - 1) >> page_shift;
        err2 |= add_reserved(cfg, node_end[nd] - mm, node_end[nd], &reserved);
    }
    /* kernel image (and initrd) at 16 MiB */
    uint64_t image = B2P(MIB(8));
    if (cfg->nr_zones && dma_end + image <= cfg->zones[cfg->nr_zones - 1].end_pfn)
        err2 |= add_reserved(cfg, dma_end, dma_end + image, &reserved);
    if (!nzs && p->memtotal_kb && mem_mib == p->mem_mib && nodes == p->nodes &&
        page_shift == 12) {
        uint64_t want = B2P(p->memtotal_kb << 10);
        if (present < reserved + want) {
            snprintf(err, n, "preset %s: MemTotal %llu kB does not fit", p->name,
                     (unsigned long long)p->memtotal_kb);
            return -1;
        }
        uint64_t extra = present - reserved - want;
        err2 |= add_reserved(cfg, dma_end + image, dma_end + image + extra, &reserved);
    }
    if (err2) {
        snprintf(err, n, "zone layout tables are full");
        return -1;
    }
    return 0;
#undef B2P
#undef MIB
}
