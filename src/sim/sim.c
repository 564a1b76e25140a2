/* SPDX-License-Identifier: MIT */
#include <glib.h>

#include "iommusim/sim.h"

/* Simulated memory is stored in host byte order and read as little-endian. */
G_STATIC_ASSERT(G_BYTE_ORDER == G_LITTLE_ENDIAN);

struct ims_sim *ims_sim_new(uint64_t seed)
{
	struct ims_sim *sim = g_new0(struct ims_sim, 1);

	sim->rng = ims_rng_new(seed);
	if (!sim->rng) {
		g_free(sim);
		return NULL;
	}
	sim->mem = ims_mem_new();
	sim->bus = ims_bus_new(&sim->clock);
	sim->stats = ims_stats_new();
	ims_finj_init(&sim->finj);
	return sim;
}

void ims_sim_free(struct ims_sim *sim)
{
	if (!sim)
		return;
	ims_stats_free(sim->stats);
	ims_bus_free(sim->bus);
	ims_mem_free(sim->mem);
	ims_rng_free(sim->rng);
	g_free(sim);
}
