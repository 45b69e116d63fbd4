/* tests/layers/format_mm_src.c - must not compile as src/format: the engine's private header */
#include "mm/internal.h"
int pa_layer_probe_format_mm_src(void);
int pa_layer_probe_format_mm_src(void) { return 0; }
