/* tests/layers/live_sim.c - must not compile as src/live: the simulator (a sibling) */
#include "sim/sim.h"
int pa_layer_probe_live_sim(void);
int pa_layer_probe_live_sim(void) { return 0; }
