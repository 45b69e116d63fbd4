/* tests/layers/live_format_src.c - must not compile as src/live: the format layer's private header */
#include "format/logline.h"
int pa_layer_probe_live_format_src(void);
int pa_layer_probe_live_format_src(void) { return 0; }
