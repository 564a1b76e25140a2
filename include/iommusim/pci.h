/* SPDX-License-Identifier: MIT */
/*
 * DMA-capable endpoints (PCI functions and platform devices). An endpoint
 * splits a transfer into page-sized requests, sends each through the DMA
 * port of the unit that covers it, and moves the data through mem.h.
 */
#ifndef IOMMUSIM_PCI_H
#define IOMMUSIM_PCI_H

#include "iommusim/dma.h"
#include "iommusim/sim.h"

struct ims_endpoint;

struct ims_endpoint_config {
	const char *name;             /* for stats: "00:02.0", "accel@..." */
	uint32_t source;              /* requester id / StreamID it emits */
	const struct ims_dma_port *port; /* NULL: no IOMMU, phys = iova */
};

/*
 * Registers the stats "<name>.dma.requests" (page-sized requests sent),
 * ".dma.bytes" (bytes moved) and ".dma.faults" (transfers stopped by a
 * translation fault). Returns 0 or -ENOMEM (the "hw.alloc" failure point).
 */
int ims_endpoint_create(struct ims_sim *sim,
			const struct ims_endpoint_config *config,
			struct ims_endpoint **out);
void ims_endpoint_destroy(struct ims_endpoint *ep);

/*
 * One transfer of `len` bytes at `iova`. Writes store a deterministic
 * pattern (from the simulation's RNG); reads load and discard. Returns 0
 * with res->phys = translation of the first byte and res->latency = cycles
 * for the whole transfer; -EFAULT on the first faulting page (res->fault
 * set, earlier pages already transferred, as on a real link); -EIO when a
 * translated address is not RAM (master abort: res->fault.kind is
 * IMS_FAULT_NONE); -EINVAL for len 0 or a range wrapping 2^64, or when the
 * unit rejects a request. Latency is the units' latency plus one
 * IMS_COST_DMA_DATA per 64-byte line touched, also charged to sim->clock.
 */
int ims_endpoint_dma(struct ims_endpoint *ep, enum ims_access access,
		     ims_iova_t iova, uint64_t len, struct ims_dma_result *res);

#endif
