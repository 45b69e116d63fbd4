/* tests/layers/draw_sim.c - must not compile as src/draw: the simulator (a sibling) */
#include "sim/sim.h"
int pa_layer_probe_draw_sim(void);
int pa_layer_probe_draw_sim(void) { return 0; }
