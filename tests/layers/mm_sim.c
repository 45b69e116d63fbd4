/* tests/layers/mm_sim.c - must not compile as src/mm: the simulator */
#include "sim/sim.h"
int pa_layer_probe_mm_sim(void);
int pa_layer_probe_mm_sim(void) { return 0; }
