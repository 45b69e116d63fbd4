/* tests/layers/format_live.c - must not compile as src/format: the live layer */
#include "live/procread.h"
int pa_layer_probe_format_live(void);
int pa_layer_probe_format_live(void) { return 0; }
