/* SPDX-License-Identifier: MIT */
/*
 * The DMA port: one request in, a physical address or a fault out.
 *
 * Translation of one request:
 *  1. malformed (len 0, crosses 4 KiB) -> -EINVAL;
 *  2. GSTS.TES=0 -> untranslated (phys = iova);
 *  3. context: context cache, else root/context fetch (faults 0x1-0x3,
 *     0x8-0xB); pass-through contexts translate iova -> iova;
 *  4. iova >= 2^min(AGAW, MGAW+1) -> 0x4;
 *  5. IOTLB probe (4 KiB, then 2 MiB / 1 GiB while large leaves exist);
 *     a hit without the needed permission falls back to a walk;
 *  6. walk (faults 0x3, 0x5-0x7, 0xC); output page overlapping the
 *     interrupt range -> 0xE; fill the IOTLB.
 * result->latency is the clock advance the request caused.
 */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "vtd_internal.h"

static int fault(struct ims_vtd *vtd, const struct vtd_fault_info *fi,
		 bool fpd, const struct ims_dma_request *req,
		 struct ims_dma_result *res, ims_cycles_t start)
{
	vtd_fault_report(vtd, fi, fpd, req, &res->fault);
	res->phys = 0;
	res->latency = vtd->clock->now - start;
	return -EFAULT;
}

static inline const struct vtd_iotlb_entry *
iotlb_lookup(struct ims_vtd *vtd, uint16_t did, ims_iova_t iova)
{
	const struct vtd_iotlb_entry *e;

	ims_clock_charge(vtd->clock, IMS_COST_IOTLB_LOOKUP);
	e = ims_cache_lookup(&vtd->iotlb, vtd_iotlb_tag(did, 12, iova));
	if (__builtin_expect(!e && vtd->iotlb_large, 0)) {
		e = ims_cache_lookup(&vtd->iotlb, vtd_iotlb_tag(did, 21, iova));
		if (!e)
			e = ims_cache_lookup(&vtd->iotlb,
					     vtd_iotlb_tag(did, 30, iova));
	}
	return e;
}

/* Step 3: a context from the cache or from memory. */
static inline int get_context(struct ims_vtd *vtd, uint16_t sid,
			      struct vtd_ctx *out, struct vtd_fault_info *fi,
			      bool *fpd)
{
	const struct vtd_ctx *cached;
	struct vtd_ctx *slot;
	int err;

	ims_clock_charge(vtd->clock, IMS_COST_CONTEXT_CACHE_LOOKUP);
	cached = ims_cache_lookup(&vtd->ctx_cache, sid);
	if (__builtin_expect(cached != NULL, 1)) {
		(*vtd->stats.cc_hits)++;
		*out = *cached;
		return 0;
	}
	(*vtd->stats.cc_misses)++;
	err = vtd_context_fetch(vtd, sid, out, fi, fpd);
	if (err)
		return err;
	slot = ims_cache_insert(&vtd->ctx_cache, sid);
	if (slot)
		*slot = *out;
	return 0;
}

static bool in_interrupt_range(uint64_t page, unsigned shift)
{
	return page <= VTD_INTR_LAST && VTD_INTR_BASE <= page + BIT64(shift) - 1;
}

/* Steps 5-6 once the context is known. */
static int translate_ctx(struct ims_vtd *vtd, const struct vtd_ctx *ctx,
			 const struct ims_dma_request *req, uint64_t *phys,
			 struct vtd_fault_info *fi)
{
	unsigned need = req->access == IMS_ACCESS_WRITE ? SL_W : SL_R;
	const struct vtd_iotlb_entry *hit;
	struct vtd_iotlb_entry leaf;

	hit = iotlb_lookup(vtd, ctx->did, req->iova);
	if (__builtin_expect(hit && (hit->perm & need), 1)) {
		(*vtd->stats.iotlb_hits)++;
		*phys = hit->page | (req->iova & (BIT64(hit->shift) - 1));
		return 0;
	}
	(*vtd->stats.iotlb_misses)++;
	if (vtd_walk(vtd, ctx, req->iova, need, &leaf, fi))
		return -EFAULT;
	if (in_interrupt_range(leaf.page, leaf.shift)) {
		fi->reason = FR_INTERRUPT_RANGE;
		fi->qualified = true;
		return -EFAULT;
	}
	vtd_iotlb_fill(vtd, ctx->did, req->iova, &leaf);
	*phys = leaf.page | (req->iova & (BIT64(leaf.shift) - 1));
	return 0;
}

int vtd_translate(void *opaque, const struct ims_dma_request *req,
		  struct ims_dma_result *res)
{
	struct ims_vtd *vtd = opaque;
	ims_cycles_t start = vtd->clock->now;
	struct vtd_fault_info fi;
	struct vtd_ctx ctx;
	bool fpd = false;

	if (req->len == 0 ||
	    (req->iova & (IMS_PAGE_SIZE - 1)) + req->len > IMS_PAGE_SIZE)
		return -EINVAL;
	(*vtd->stats.translations)++;
	res->fault.kind = IMS_FAULT_NONE;
	res->phys = req->iova;
	if (!vtd->translating)
		goto done;
	if (get_context(vtd, (uint16_t)req->source, &ctx, &fi, &fpd))
		return fault(vtd, &fi, fpd, req, res, start);
	if (ctx.tt == TT_PASS_THROUGH) {
		(*vtd->stats.passthrough)++;
		goto done;
	}
	if (req->iova >> ctx.input_bits) {
		fi.reason = FR_BEYOND_MGAW;
		fi.qualified = true;
		return fault(vtd, &fi, ctx.fpd, req, res, start);
	}
	if (translate_ctx(vtd, &ctx, req, &res->phys, &fi))
		return fault(vtd, &fi, ctx.fpd, req, res, start);
done:
	res->latency = vtd->clock->now - start;
	return 0;
}
