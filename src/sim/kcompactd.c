/*
 * kcompactd.c - the nodes' kcompactd as a background task in simulated time
 * (sim.h; the engine's pagealloc/compaction.h, kernel-semantics 7.5).
 *
 * A kcompactd woken by kswapd (4.6+) runs once its kswapd has slept, i.e.
 * between scenario steps and during m:sleep(); every
 * HPAGE_FRAG_CHECK_INTERVAL_MSEC (500 ms) of simulated time (5.9+) it also
 * checks the node's fragmentation score for proactive compaction. The
 * machine does not change while the scenario sleeps except by these runs, so
 * once a check finds nothing to do (or a run moved nothing) the later checks
 * of the same sleep would too: they are not made.
 */
#include "pagealloc/compaction.h"
#include "sim/sim.h"

#define INTERVAL_NS ((uint64_t)PA_HPAGE_FRAG_CHECK_INTERVAL_MSEC * 1000000u)
#define MAX_RUNS 1000 /* proactive runs per sleep, a bound on runs that help little */

uint64_t pa_sim_kcompactd(struct pa_sim *s, uint64_t from_ns, uint64_t to_ns)
{
    struct pa_machine *m = s->m;
    uint64_t moved = 0;
    if (!m->profile->compaction.kcompactd)
        return 0;
    uint64_t ticks = to_ns > from_ns ? to_ns / INTERVAL_NS - from_ns / INTERVAL_NS : 0;
    for (int i = 0; i < m->nr_nodes; i++) {
        struct pa_node *nd = &m->nodes[i];
        moved += pa_kcompactd_run(m, nd->id); /* woken by kswapd */
        unsigned runs = 0;
        for (uint64_t t = 0; t < ticks && runs < MAX_RUNS; t++) {
            if (nd->kcompactd.proactive_defer) { /* backing off: sleep on */
                uint64_t skip = nd->kcompactd.proactive_defer;
                if (skip > ticks - t)
                    skip = ticks - t;
                nd->kcompactd.proactive_defer -= (unsigned)skip;
                t += skip - 1;
                continue;
            }
            uint64_t mv;
            if (!pa_kcompactd_proactive(m, nd->id, &mv))
                break;
            runs++;
            moved += mv;
            if (!mv)
                break;
        }
    }
    return moved;
}
