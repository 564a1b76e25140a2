/* SPDX-License-Identifier: MIT */
/*
 * Assembly: a platform description becomes units on the MMIO bus and
 * endpoints routed to them. Models are chosen by a registry keyed by the
 * unit's `compatible`. No hardware pointer leaves this module: callers name
 * devices and units by their platform index.
 */
#ifndef IOMMUSIM_MACHINE_H
#define IOMMUSIM_MACHINE_H

#include <glib.h>

#include "iommusim/dma.h"
#include "iommusim/platform.h"
#include "iommusim/sim.h"

struct ims_machine;

/*
 * Builds every unit and endpoint of `platform` (which must outlive the
 * machine) and declares its RAM in sim->mem. Errors name the node:
 * "FILE: NODE-PATH: what is wrong".
 */
struct ims_machine *ims_machine_create(struct ims_sim *sim,
				       const struct ims_platform *platform,
				       GError **error);
void ims_machine_destroy(struct ims_machine *machine);
void ims_machine_reset(struct ims_machine *machine);

const struct ims_platform *ims_machine_platform(const struct ims_machine *m);

/* DMA from platform device `device` (index into platform->devices). */
int ims_machine_dma(struct ims_machine *machine, unsigned device,
		    enum ims_access access, ims_iova_t iova, uint64_t len,
		    struct ims_dma_result *res);

#endif
