/* tests/layers/mm_format_src.c - must not compile as src/mm: a format-layer private header */
#include "format/logline.h"
int pa_layer_probe_mm_format_src(void);
int pa_layer_probe_mm_format_src(void) { return 0; }
