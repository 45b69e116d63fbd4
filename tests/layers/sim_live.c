/* tests/layers/sim_live.c - must not compile as src/sim: the live layer (a sibling) */
#include "live/procread.h"
int pa_layer_probe_sim_live(void);
int pa_layer_probe_sim_live(void) { return 0; }
