/* tests/layers/sim_cli.c - must not compile as src/sim: the command */
#include "cli/cli.h"
int pa_layer_probe_sim_cli(void);
int pa_layer_probe_sim_cli(void) { return 0; }
