/* tests/layers/sim_ok.c - compiles as src/sim: its own headers and the library's (the control) */
#include "sim/sim.h"
#include "pagealloc/procfs.h"
int pa_layer_probe_sim_ok(void);
int pa_layer_probe_sim_ok(void) { return 0; }
