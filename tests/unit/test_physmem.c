/*
 * test_physmem.c - pa_parse_size, the SIZE of `contig` and `fragment --size`:
 * binary units, and every text strtod would take that is not a size ("nan"
 * once reached a double-to-integer conversion that UBSan reports).
 */
#include <stdint.h>

#include "helpers.h"
#include "live/physmem.h"

static void test_sizes(void **state)
{
    (void)state;
    uint64_t b = 0;
    assert_true(pa_parse_size("4096", &b));
    assert_int_equal(b, 4096);
    assert_true(pa_parse_size("64M", &b));
    assert_int_equal(b, 64ull << 20);
    assert_true(pa_parse_size("1.5G", &b));
    assert_int_equal(b, 3ull << 29);
    assert_true(pa_parse_size("2MiB", &b));
    assert_int_equal(b, 2ull << 20);
    assert_true(pa_parse_size("1T", &b));
    assert_int_equal(b, 1ull << 40);
}

static void test_not_sizes(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "0", "-1", "nan", "NaN", "nanM", "inf", "infinity",
                                      "0x10M", " 4M", "+4M", "4Q", "0.5", "2E",
                                      /* issue 13: a bare i is no unit */
                                      "10i", "8193i", "10iB", "1ii", NULL};
    for (int i = 0; bad[i]; i++) {
        uint64_t b = 12345;
        if (pa_parse_size(bad[i], &b))
            fail_msg("'%s' was taken as %llu bytes", bad[i], (unsigned long long)b);
        assert_int_equal(b, 12345);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_not_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
