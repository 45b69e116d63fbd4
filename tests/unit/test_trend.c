/*
 * test_trend.c - src/live/trend.c with lines worked out by hand.
 */
#include "helpers.h"
#include "live/trend.h"

static void test_falling_line(void **state)
{
    (void)state;
    struct pa_trend tr = {0};
    double a, b, s;
    pa_trend_add(&tr, 0, 10);
    pa_trend_add(&tr, 1, 8);
    assert_false(pa_trend_fit(&tr, &a, &b));   /* two points are not a trend */
    pa_trend_add(&tr, 2, 6);
    assert_true(pa_trend_fit(&tr, &a, &b));
    assert_float_equal(b, -2.0, 1e-9);
    assert_float_equal(a, 10.0, 1e-9);
    /* zero at t = 5, newest sample at t = 2: 3 s left */
    assert_true(pa_trend_time_to_zero(&tr, &s));
    assert_float_equal(s, 3.0, 1e-9);
}

/* (0,4) (1,6) (2,2) (3,4): mean t 1.5, mean v 4; Stv = -1.5*0 + -0.5*2
   + 0.5*-2 + 1.5*0 = -2, Stt = 5 -> b = -0.4, a = 4.6; zero at 11.5 -> 8.5 s */
static void test_noisy(void **state)
{
    (void)state;
    struct pa_trend tr = {0};
    double s;
    pa_trend_add(&tr, 0, 4);
    pa_trend_add(&tr, 1, 6);
    pa_trend_add(&tr, 2, 2);
    pa_trend_add(&tr, 3, 4);
    assert_true(pa_trend_time_to_zero(&tr, &s));
    assert_float_equal(s, 8.5, 1e-9);
}

static void test_rising_or_flat(void **state)
{
    (void)state;
    struct pa_trend tr = {0};
    double s;
    for (int i = 0; i < 5; i++)
        pa_trend_add(&tr, i, 7);
    assert_false(pa_trend_time_to_zero(&tr, &s));
    struct pa_trend up = {0};
    for (int i = 0; i < 200; i++)   /* wraps the ring */
        pa_trend_add(&up, i, i);
    assert_int_equal(up.n, PA_TREND_MAX);
    assert_false(pa_trend_time_to_zero(&up, &s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_falling_line),
        cmocka_unit_test(test_noisy),
        cmocka_unit_test(test_rising_or_flat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
