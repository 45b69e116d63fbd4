/*
 * helpers.h - shared test helpers (cmocka).
 */
#ifndef PA_TEST_HELPERS_H
#define PA_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pagealloc/pagealloc.h"

/* Fail the test with the checker's message if any invariant is violated. */
#define PA_ASSERT_CHECK(m) pa_test_assert_check((m), __FILE__, __LINE__)
void pa_test_assert_check(const struct pa_machine *m, const char *file, int line);

/* Build a machine from cfg or fail the test. */
struct pa_machine *pa_test_machine(const struct pa_machine_config *cfg);
/* One node, one zone [start, end), no holes. */
struct pa_machine *pa_test_simple(uint64_t start, uint64_t end, unsigned max_order);

/* Read a whole file under the source tree into a malloc'd string (NULL if absent). */
char *pa_test_read_file(const char *relpath);

#endif
