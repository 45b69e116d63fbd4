/*
 * error.c - names for the engine's PA_E* codes, and the small tables of names
 * (migratetypes, zones) that every layer prints.
 */
#include "pagealloc/mm.h"

static const struct {
    const char *id, *text;
} errors[PA_ERROR_COUNT] = {
    [0] = {"PA_OK", "success"},
    [1] = {"PA_ENOMEM", "no free block of that order and migratetype"},
    [2] = {"PA_EINVAL", "invalid argument"},
    [3] = {"PA_ERANGE", "pfn outside every zone"},
    [4] = {"PA_EHOLE", "pfn is in a memory hole"},
    [5] = {"PA_EORDER", "order above the machine's max order"},
    [6] = {"PA_EDOUBLEFREE", "double free: the block is already free"},
    [7] = {"PA_EWRONGORDER", "free with the wrong order"},
    [8] = {"PA_ENOTHEAD", "pfn is inside an allocated block, not its first page"},
    [9] = {"PA_ENOTALLOC", "pfn is not an allocated page"},
    [10] = {"PA_EBUSY", "a page of the range is not free"},
    [11] = {"PA_EALIGN", "pfn is not aligned to the order"},
    [12] = {"PA_ECORRUPT", "invariant violated"},
    [13] = {"PA_ENOSPC", "configuration table full"},
    [14] = {"PA_EZONE", "range crosses a zone edge"},
};

const char *pa_strerror(int err)
{
    if (err > 0 || err <= -PA_ERROR_COUNT) /* not -err: INT_MIN */
        return "unknown error";
    return errors[-err].text;
}

const char *pa_errname(int err)
{
    if (err > 0 || err <= -PA_ERROR_COUNT)
        return "PA_E?";
    return errors[-err].id;
}

/* Names as the kernel prints them in /proc/pagetypeinfo (migratetype_names). */
const char *pa_migratetype_name(enum pa_migratetype mt)
{
    static const char *const names[PA_MT_COUNT] = {
        "Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate", "Reserve",
    };
    return (unsigned)mt < PA_MT_COUNT ? names[mt] : "?";
}

/* Letters of show_mem's buddy lines (kernel-semantics 11.4). */
char pa_migratetype_letter(enum pa_migratetype mt)
{
    static const char letters[PA_MT_COUNT] = {'U', 'M', 'E', 'H', 'C', 'I', 'R'};
    return (unsigned)mt < PA_MT_COUNT ? letters[mt] : '?';
}

const char *pa_zone_type_name(enum pa_zone_type t)
{
    static const char *const names[PA_ZONE_TYPES] = {
        "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
    };
    return (unsigned)t < PA_ZONE_TYPES ? names[t] : "?";
}

const char *pa_page_kind_name(enum pa_page_kind k)
{
    static const char *const names[PA_KIND_COUNT] = {
        [PA_KIND_NONE] = "free",       [PA_KIND_ANON] = "anon",
        [PA_KIND_FILE] = "file",       [PA_KIND_PAGETABLE] = "pagetable",
        [PA_KIND_SLAB] = "slab",       [PA_KIND_KMALLOC_LARGE] = "kmalloc-large",
        [PA_KIND_KERNEL] = "kernel",   [PA_KIND_KSTACK] = "kstack",
        [PA_KIND_HUGETLB] = "hugetlb", [PA_KIND_RESERVED] = "reserved",
    };
    return (unsigned)k < PA_KIND_COUNT ? names[k] : "?";
}
