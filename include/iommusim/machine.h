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
 * machine) and declares its RAM in sim->mem. Errors (IMS_PLATFORM_ERROR,
 * code INVALID) name the node: "FILE: NODE-PATH: what is wrong". They are:
 * RAM already declared in `sim` (or a hand-built platform's RAM invalid);
 * a compatible with no entry in the registry; CAP/ECAP
 * the model refuses; a `reg` window smaller than the model's registers; a
 * window the bus refuses (overlap); a device naming a unit that does not
 * exist; "hw.alloc" failures. On error nothing is left behind (no window on
 * the bus, no RAM, no stats beyond counters already registered).
 * A unit kind the registry knows but cannot model yet (SMMUv3) is left
 * out: no window on the bus, and its devices get no endpoint.
 * Unit names (stats prefix, bus window) are labels, else node names;
 * endpoints are named by ims_platform_device_id().
 */
struct ims_machine *ims_machine_create(struct ims_sim *sim,
				       const struct ims_platform *platform,
				       GError **error);
void ims_machine_destroy(struct ims_machine *machine);
/* Every unit back to its reset state; memory is left as it is. */
void ims_machine_reset(struct ims_machine *machine);

const struct ims_platform *ims_machine_platform(const struct ims_machine *m);

/*
 * DMA from platform device `device` (index into platform->devices): see
 * ims_endpoint_dma() in pci.h. -ENODEV for an index out of range or a
 * device behind a unit that is not modelled.
 */
int ims_machine_dma(struct ims_machine *machine, unsigned device,
		    enum ims_access access, ims_iova_t iova, uint64_t len,
		    struct ims_dma_result *res);

#endif
