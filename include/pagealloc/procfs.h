/*
 * pagealloc/procfs.h - printers of the kernel's /proc text for a machine, in
 * the exact format of the era's kernel (kernel-semantics section 11). They
 * read the machine and never change it.
 */
#ifndef PAGEALLOC_PROCFS_H
#define PAGEALLOC_PROCFS_H

#include "pagealloc/mm.h"
#include "pagealloc/strbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* /proc/buddyinfo: one line per populated zone (11.1). */
void pa_print_buddyinfo(const struct pa_machine *m, struct pa_strbuf *out);
/* /proc/pagetypeinfo: free counts per type and order, then pageblock counts
   per type (11.2); the types and their order come from the machine's
   profile. Counts above 100000 print as ">100000" when the profile says so. */
void pa_print_pagetypeinfo(const struct pa_machine *m, struct pa_strbuf *out);
/* /sys/kernel/debug/extfrag/extfrag_index (extfrag true) or unusable_index:
   "Node N, zone %8s " and one value per order, "%2d.%03d " / "%d.%03d " of
   the thousandths (7.4; V618 mm/vmstat.c extfrag_show_print,
   unusable_show_print). */
void pa_print_extfrag(const struct pa_machine *m, bool extfrag, struct pa_strbuf *out);

#ifdef __cplusplus
}
#endif
#endif
