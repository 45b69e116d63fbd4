/*
 * trend.c - ordinary least squares over a ring of (time, value) samples, for
 * `pagealloc top`'s "time until no block of order k is left".
 */
#include "live/trend.h"

void pa_trend_add(struct pa_trend *tr, double t, double v)
{
    tr->t[tr->head] = t;
    tr->v[tr->head] = v;
    tr->head = (tr->head + 1) % PA_TREND_MAX;
    if (tr->n < PA_TREND_MAX)
        tr->n++;
}

bool pa_trend_fit(const struct pa_trend *tr, double *a, double *b)
{
    if (tr->n < 3)
        return false;
    double st = 0, sv = 0, stt = 0, stv = 0;
    for (int i = 0; i < tr->n; i++) {
        st += tr->t[i];
        sv += tr->v[i];
    }
    double mt = st / tr->n, mv = sv / tr->n;
    for (int i = 0; i < tr->n; i++) {
        stt += (tr->t[i] - mt) * (tr->t[i] - mt);
        stv += (tr->t[i] - mt) * (tr->v[i] - mv);
    }
    if (stt <= 0)
        return false;
    *b = stv / stt;
    *a = mv - *b * mt;
    return true;
}

bool pa_trend_time_to_zero(const struct pa_trend *tr, double *seconds)
{
    double a, b;
    if (!pa_trend_fit(tr, &a, &b) || b >= 0)
        return false;
    int newest = (tr->head + PA_TREND_MAX - 1) % PA_TREND_MAX;
    double tn = tr->t[newest];
    double zero_at = -a / b;
    *seconds = zero_at > tn ? zero_at - tn : 0;
    return true;
}
