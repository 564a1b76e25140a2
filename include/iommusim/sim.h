/* SPDX-License-Identifier: MIT */
/*
 * One simulation: memory, MMIO bus, clock, randomness, counters and failure
 * points. Everything that would otherwise be global lives here, so two
 * simulations in one process never share state.
 */
#ifndef IOMMUSIM_SIM_H
#define IOMMUSIM_SIM_H

#include "iommusim/bus.h"
#include "iommusim/clock.h"
#include "iommusim/finj.h"
#include "iommusim/mem.h"
#include "iommusim/rng.h"
#include "iommusim/stats.h"

/* Log domains (g_log); modules define G_LOG_DOMAIN to one of these. */
#define IMS_LOG_SIM "iommusim-sim"

struct ims_sim {
	struct ims_mem *mem;     /* owned */
	struct ims_bus *bus;     /* owned; charges `clock` */
	struct ims_clock clock;  /* all costs 0 until a timing profile loads */
	struct ims_rng *rng;     /* owned; seeded by ims_sim_new */
	struct ims_stats *stats; /* owned */
	struct ims_finj finj;    /* nothing armed initially */
};

/* NULL only if GRand fails its reference vector (see rng.h). */
struct ims_sim *ims_sim_new(uint64_t seed);
void ims_sim_free(struct ims_sim *sim);

#endif
