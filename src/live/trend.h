/*
 * live/trend.h - least-squares trend of a counter sampled over time (the
 * free blocks of an order in `pagealloc top`), and the time until the fitted
 * line reaches zero.
 */
#ifndef PA_LIVE_TREND_H
#define PA_LIVE_TREND_H

#include <stdbool.h>

#define PA_TREND_MAX 120

struct pa_trend {
    int n, head;                     /* ring of the last PA_TREND_MAX samples    */
    double t[PA_TREND_MAX], v[PA_TREND_MAX];
};

void pa_trend_add(struct pa_trend *tr, double t, double v);
/* Fit v = a + b*t over the samples; false with fewer than 3 samples or all
   at one time. */
bool pa_trend_fit(const struct pa_trend *tr, double *a, double *b);
/* Seconds from the newest sample until the fitted line reaches 0; false when
   it is not falling (or cannot be fitted). */
bool pa_trend_time_to_zero(const struct pa_trend *tr, double *seconds);

#endif
