/*
 * pagealloc/gfp_text.h - GFP masks as text, both ways, in the style of each
 * era (kernel-semantics 10, 6.5). Part of the format layer
 * (src/format/gfp.c); the masks themselves are pagealloc/gfp.h.
 */
#ifndef PAGEALLOC_GFP_TEXT_H
#define PAGEALLOC_GFP_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "pagealloc/gfp.h"
#include "pagealloc/strbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Accepts "0xd0", "208", "0x40dc0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO)",
 * "GFP_KERNEL|__GFP_COMP", "gfp_flags=GFP_KERNEL|__GFP_ZERO" (tracepoint),
 * "mode:0xc0d0", names with or without the leading "__", "GFP_NOWAIT",
 * hex leftovers ("GFP_KERNEL|0x100000"). When both a number and names are
 * given they must agree. Returns 0, or PA_EINVAL with err naming the column
 * and what was expected. */
int pa_gfp_parse(const struct pa_profile *p, const char *text, uint64_t *raw, char *err,
                 size_t n);
/* Kernel %pGg / show_gfp_flags style: composites first, then single flags,
   leftover bits as one hex number; 0 prints as the era's name for no flags
   ("GFP_NOWAIT" up to 6.x tracepoints, "0" for %pGg ... see gfp.c). */
void pa_gfp_format(const struct pa_profile *p, uint64_t raw, struct pa_strbuf *out);
/* "0x40dc0(GFP_KERNEL|__GFP_COMP|__GFP_ZERO)" as a 4.5+ failure header, or
   "0xc0d0" for eras that printed only the number (gfp_names_in_header). */
void pa_gfp_format_header(const struct pa_profile *p, uint64_t raw, struct pa_strbuf *out);
#ifdef __cplusplus
}
#endif
#endif
