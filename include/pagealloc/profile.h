/*
 * pagealloc/profile.h - kernel-era profiles: which rules a given kernel
 * version follows, chosen from a version string as users have it (`uname -r`).
 *
 * A profile is a const struct pa_profile (mm.h) holding data only: the
 * allocator's rules (watermark check, ALLOC-flag derivation, GFP bit layout,
 * migratetype order, fallback, MIGRATE_RESERVE or HIGHATOMIC, watermark
 * split, min_free_kbytes clamp, lowmem_reserve defaults, boost) and one part
 * per other subsystem: per-CPU lists (.pcp), slab (.slab), the kernel's own
 * memory (.kernel), reclaim (.reclaim), compaction (.compaction) and the text
 * formats (.text: zoneinfo, meminfo, `free`, failure-report headers). Code
 * asks the profile, never the version number; this parser is the only one. The table of profiles and the version parser live in
 * src/mm/profile.c; docs/profiles.md lists every profile with its sources.
 */
#ifndef PAGEALLOC_PROFILE_H
#define PAGEALLOC_PROFILE_H

#include <stddef.h>

#include "pagealloc/mm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Select the profile for a kernel version string: "2.6.32-642.el6.x86_64",
   "3.10.0-1160.el7.x86_64", "3.13.0-29-generic", "4.4.302-21729-g34b1226044a7",
   "5.14.21-150400.22-default", "6.8.0-rc3-1.gae4495f-default", "4.14",
   "3.16.1-gentoo", or a profile name ("4.4", "rhel6-431", ...).
   RHEL6 kernels (".el6") are chosen by release number. A version newer than the
   newest modelled one, older than 2.6.24, or a vendor kernel whose backports
   are not modelled gets the nearest older mainline rules and a warning in warn
   (warn gets "" otherwise; warn may be NULL). Returns NULL only when the text
   is not a version at all (warn then says why). */
const struct pa_profile *pa_profile_for_version(const char *version, char *warn, size_t n);

/* The profile with exactly this name ("2.6.32", "4.4", "6.15", "rhel6-431"),
   or NULL. */
const struct pa_profile *pa_profile_by_name(const char *name);

/* All profiles, oldest first (mainline, then RHEL6); *count gets how many. */
const struct pa_profile *const *pa_profile_list(size_t *count);

/* The profile of the newest modelled kernel (what an unknown future version
   gets). */
const struct pa_profile *pa_profile_latest(void);

/* Names of the era rule selectors, for docs and `--json` output. */
const char *pa_wmark_rule_name(enum pa_wmark_rule r);
const char *pa_alloc_rule_name(enum pa_alloc_rule r);
const char *pa_fallback_rule_name(enum pa_fallback_rule r);

#ifdef __cplusplus
}
#endif
#endif
