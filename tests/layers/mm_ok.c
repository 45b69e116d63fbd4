/* tests/layers/mm_ok.c - compiles as src/mm: the engine reaches its own headers (the control) */
#include "mm/internal.h"
#include "pagealloc/page_alloc.h"
int pa_layer_probe_mm_ok(void);
int pa_layer_probe_mm_ok(void) { return 0; }
