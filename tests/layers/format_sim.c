/* tests/layers/format_sim.c - must not compile as src/format: the simulator */
#include "sim/sim.h"
int pa_layer_probe_format_sim(void);
int pa_layer_probe_format_sim(void) { return 0; }
