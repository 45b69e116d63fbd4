/* tests/layers/format_ok.c - compiles as src/format: its own headers and the engine's (the control) */
#include "format/logline.h"
#include "pagealloc/procparse.h"
#include "pagealloc/watermark.h"
int pa_layer_probe_format_ok(void);
int pa_layer_probe_format_ok(void) { return 0; }
