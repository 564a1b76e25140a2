/* SPDX-License-Identifier: MIT */
/*
 * The DMA contract between a requester (a PCI endpoint, a platform device,
 * a benchmark) and the IOMMU unit that covers it. A unit exposes one port;
 * a request names its source, input address, length and direction, and gets
 * back the physical address of the first byte or a typed fault.
 */
#ifndef IOMMUSIM_DMA_H
#define IOMMUSIM_DMA_H

#include "iommusim/types.h"

struct ims_dma_request {
	uint32_t source;        /* requester id (VT-d) or StreamID (SMMU) */
	ims_iova_t iova;
	uint32_t len;           /* bytes, >= 1, must not cross a 4 KiB page */
	enum ims_access access;
};

struct ims_dma_result {
	ims_phys_t phys;        /* translation of request->iova */
	ims_cycles_t latency;   /* cycles the unit spent (0 with timing off) */
	struct ims_fault fault; /* kind == IMS_FAULT_NONE on success */
};

/*
 * translate() returns 0 (result->phys valid), -EFAULT when the request
 * faulted (result->fault filled, recorded or not as the unit decided), or
 * -EINVAL for a malformed request (len 0, crossing a page).
 */
struct ims_dma_port {
	const char *name;
	int (*translate)(void *opaque, const struct ims_dma_request *req,
			 struct ims_dma_result *res);
	void *opaque;
};

static inline int ims_dma_translate(const struct ims_dma_port *port,
				    const struct ims_dma_request *req,
				    struct ims_dma_result *res)
{
	return port->translate(port->opaque, req, res);
}

#endif
