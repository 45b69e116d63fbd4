/*
 * pagealloc/pagealloc.h - everything an embedder of libpagealloc includes.
 */
#ifndef PAGEALLOC_PAGEALLOC_H
#define PAGEALLOC_PAGEALLOC_H

#include "pagealloc/events.h"
#include "pagealloc/lru.h"
#include "pagealloc/mm.h"
#include "pagealloc/pageops.h"
#include "pagealloc/pfnlist.h"
#include "pagealloc/procfs.h"
#include "pagealloc/strbuf.h"

#endif
