/* tests/layers/draw_ok.c - compiles as src/draw: its own headers and the library's (the control) */
#include "draw/map.h"
#include "pagealloc/snapfile.h"
int pa_layer_probe_draw_ok(void);
int pa_layer_probe_draw_ok(void) { return 0; }
