/*
 * pagealloc/rng.h - a small deterministic random number generator
 * (splitmix64 seeding xoshiro256**). Same seed, same sequence, on every
 * machine: scenarios and tests rely on it for byte-identical output.
 */
#ifndef PAGEALLOC_RNG_H
#define PAGEALLOC_RNG_H

#include <stdint.h>

struct pa_rng {
    uint64_t s[4];
};

static inline uint64_t pa_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline void pa_rng_seed(struct pa_rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = pa_splitmix64(&seed);
}

static inline uint64_t pa_rng_next(struct pa_rng *r)
{
    uint64_t *s = r->s;
    uint64_t x = s[1] * 5, result = ((x << 7) | (x >> 57)) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}

/* Uniform in [0, n), n > 0 (Lemire's multiply-shift; bias < 2^-32 for n < 2^32). */
static inline uint64_t pa_rng_below(struct pa_rng *r, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)pa_rng_next(r) * n) >> 64);
}

#endif
