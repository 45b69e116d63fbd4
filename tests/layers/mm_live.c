/* tests/layers/mm_live.c - must not compile as src/mm: the live layer */
#include "live/procread.h"
int pa_layer_probe_mm_live(void);
int pa_layer_probe_mm_live(void) { return 0; }
