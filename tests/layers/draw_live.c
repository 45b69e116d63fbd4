/* tests/layers/draw_live.c - must not compile as src/draw: the live layer (a sibling) */
#include "live/snapshot.h"
int pa_layer_probe_draw_live(void);
int pa_layer_probe_draw_live(void) { return 0; }
