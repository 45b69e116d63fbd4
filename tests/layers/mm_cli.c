/* tests/layers/mm_cli.c - must not compile as src/mm: the command */
#include "cli/cli.h"
int pa_layer_probe_mm_cli(void);
int pa_layer_probe_mm_cli(void) { return 0; }
