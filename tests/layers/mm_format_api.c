/* tests/layers/mm_format_api.c - must not compile as src/mm: a format-layer public header */
#include "pagealloc/procparse.h"
int pa_layer_probe_mm_format_api(void);
int pa_layer_probe_mm_format_api(void) { return 0; }
