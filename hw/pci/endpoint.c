/* SPDX-License-Identifier: MIT */
/*
 * A DMA-capable endpoint (pci.h).
 *
 * Theory of operation: a transfer [iova, iova + len) is cut at 4 KiB
 * boundaries, because a translation covers at most one page (dma.h) and PCIe
 * requests never cross one. Each piece is translated by the unit's port
 * (or taken as physical when no IOMMU is in front), then the data moves
 * through mem.h: a write stores bytes drawn from the simulation's RNG, a
 * read loads them and drops them. Latency is the units' latency plus one
 * IMS_COST_DMA_DATA per 64-byte line touched.
 *
 * A translation fault stops the transfer (-EFAULT, earlier pieces already
 * done, as on a link). A translated address outside RAM is a master abort:
 * -EIO with no IOMMU fault, since no unit saw anything wrong.
 */
#include <errno.h>

#include <glib.h>

#include "iommusim/pci.h"

#define DATA_LINE 64

struct ims_endpoint {
	struct ims_sim *sim;
	char *name;
	uint32_t source;
	const struct ims_dma_port *port; /* NULL: no IOMMU */
	uint64_t *requests;              /* stats counters, owned by sim */
	uint64_t *bytes;
	uint64_t *faults;
};

int ims_endpoint_create(struct ims_sim *sim,
			const struct ims_endpoint_config *config,
			struct ims_endpoint **out)
{
	struct ims_endpoint *ep;
	int err = ims_finj_reach(&sim->finj, IMS_FINJ_HW_ALLOC, 0);

	if (err)
		return err;
	ep = g_new0(struct ims_endpoint, 1);
	ep->sim = sim;
	ep->name = g_strdup(config->name);
	ep->source = config->source;
	ep->port = config->port;
	ep->requests = ims_stats_counterf(sim->stats, "%s.dma.requests",
					  config->name);
	ep->bytes = ims_stats_counterf(sim->stats, "%s.dma.bytes",
				       config->name);
	ep->faults = ims_stats_counterf(sim->stats, "%s.dma.faults",
					config->name);
	*out = ep;
	return 0;
}

void ims_endpoint_destroy(struct ims_endpoint *ep)
{
	if (!ep)
		return;
	g_free(ep->name);
	g_free(ep);
}

/* 64-byte lines that [phys, phys + len) touches; len >= 1. */
static uint64_t lines_touched(ims_phys_t phys, uint32_t len)
{
	return (phys + len - 1) / DATA_LINE - phys / DATA_LINE + 1;
}

static void fill_pattern(struct ims_rng *rng, uint8_t *buf, uint32_t len)
{
	for (uint32_t i = 0; i < len; i += 8) {
		uint64_t v = ims_rng_u64(rng);

		for (uint32_t b = 0; b < 8 && i + b < len; b++)
			buf[i + b] = (uint8_t)(v >> (8 * b));
	}
}

/* Moves one translated piece; -EIO when it is not all RAM. */
static int move_data(struct ims_endpoint *ep, enum ims_access access,
		     ims_phys_t phys, uint32_t len)
{
	uint8_t buf[IMS_PAGE_SIZE];

	if (access == IMS_ACCESS_WRITE) {
		fill_pattern(ep->sim->rng, buf, len);
		return ims_mem_write(ep->sim->mem, phys, buf, len) ? -EIO : 0;
	}
	return ims_mem_read(ep->sim->mem, phys, buf, len) ? -EIO : 0;
}

/* Translates one piece; on success *phys is where it lands. */
static int translate(struct ims_endpoint *ep, const struct ims_dma_request *req,
		     ims_phys_t *phys, struct ims_dma_result *res)
{
	struct ims_dma_result piece = { 0 };
	int err;

	if (!ep->port) {
		*phys = req->iova;
		return 0;
	}
	err = ims_dma_translate(ep->port, req, &piece);
	res->latency += piece.latency;
	if (err == -EFAULT)
		res->fault = piece.fault;
	*phys = piece.phys;
	return err;
}

static int transfer_piece(struct ims_endpoint *ep,
			  const struct ims_dma_request *req, bool first,
			  struct ims_dma_result *res)
{
	struct ims_clock *clock = &ep->sim->clock;
	ims_phys_t phys;
	uint64_t lines;
	int err;

	(*ep->requests)++;
	err = translate(ep, req, &phys, res);
	if (err) {
		if (err == -EFAULT)
			(*ep->faults)++;
		return err;
	}
	if (first)
		res->phys = phys;
	err = move_data(ep, req->access, phys, req->len);
	if (err)
		return err;
	lines = lines_touched(phys, req->len);
	ims_clock_charge_n(clock, IMS_COST_DMA_DATA, lines);
	res->latency += (ims_cycles_t)clock->cost[IMS_COST_DMA_DATA] * lines;
	*ep->bytes += req->len;
	return 0;
}

int ims_endpoint_dma(struct ims_endpoint *ep, enum ims_access access,
		     ims_iova_t iova, uint64_t len, struct ims_dma_result *res)
{
	struct ims_dma_request req = { .source = ep->source,
				       .access = access };
	bool first = true;

	*res = (struct ims_dma_result){ 0 };
	if (len == 0 || iova + (len - 1) < iova)
		return -EINVAL;
	while (len) {
		uint64_t room = IMS_PAGE_SIZE - (iova & (IMS_PAGE_SIZE - 1));
		int err;

		req.iova = iova;
		req.len = (uint32_t)(len < room ? len : room);
		err = transfer_piece(ep, &req, first, res);
		if (err)
			return err;
		first = false;
		iova += req.len;
		len -= req.len;
	}
	return 0;
}
