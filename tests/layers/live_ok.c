/* tests/layers/live_ok.c - compiles as src/live: its own headers and the library's (the control) */
#include "live/procread.h"
#include "pagealloc/procparse.h"
int pa_layer_probe_live_ok(void);
int pa_layer_probe_live_ok(void) { return 0; }
