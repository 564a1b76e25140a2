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
#include "vtd_walk.h"

static int fault(struct ims_vtd *vtd, const struct vtd_fault_info *fi,
		 bool fpd, const struct ims_dma_request *req,
		 struct ims_dma_result *res, ims_cycles_t start)
{
	vtd_fault_report(vtd, fi, fpd, req, &res->fault);
	res->phys = 0;
	res->latency = vtd->clock->now - start;
	return -EFAULT;
}

/*
 * Step 3 on a context-cache miss: fetch, decode, cache. Returns the cached
 * copy, or `scratch` when the cache is off; NULL with *fi on a fault.
 */
static const struct vtd_ctx *context_miss(struct ims_vtd *vtd, uint16_t sid,
					  struct vtd_ctx *scratch,
					  struct vtd_fault_info *fi, bool *fpd)
{
	struct vtd_ctx *slot;

	(*vtd->stats.cc_misses)++;
	if (vtd_context_fetch(vtd, sid, scratch, fi, fpd))
		return NULL;
	slot = ims_cache_insert(&vtd->ctx_cache, sid);
	if (!slot)
		return scratch;
	*slot = *scratch;
	return slot;
}

static bool in_interrupt_range(uint64_t page, unsigned shift)
{
	return page <= VTD_INTR_LAST && VTD_INTR_BASE <= page + BIT64(shift) - 1;
}

/* Step 6: the walk and what follows it. */
static inline int translate_walk(struct ims_vtd *vtd, const struct vtd_ctx *ctx,
				 const struct ims_dma_request *req,
				 unsigned need, uint64_t *phys,
				 struct vtd_fault_info *fi)
{
	struct vtd_iotlb_entry leaf;

	if (vtd_walk(vtd, ctx, req->iova, need, &leaf, fi))
		return -EFAULT;
	if (__builtin_expect(in_interrupt_range(leaf.page, leaf.shift), 0)) {
		fi->reason = FR_INTERRUPT_RANGE;
		fi->qualified = true;
		return -EFAULT;
	}
	if (vtd->iotlb.sets)
		vtd_iotlb_fill(vtd, ctx->did, req->iova, &leaf);
	*phys = leaf.page | (req->iova & (BIT64(leaf.shift) - 1));
	return 0;
}

/* Step 5 beyond the 4 KiB probe: large leaves, if any are cached. */
static const struct vtd_iotlb_entry *iotlb_large(struct ims_vtd *vtd,
						 uint16_t did, ims_iova_t iova)
{
	const struct vtd_iotlb_entry *e = NULL;

	if (vtd->iotlb_large) {
		e = ims_cache_lookup(&vtd->iotlb, vtd_iotlb_tag(did, 21, iova));
		if (!e)
			e = ims_cache_lookup(&vtd->iotlb,
					     vtd_iotlb_tag(did, 30, iova));
	}
	return e;
}

/*
 * Steps 5 (after the 4 KiB probe when `probed`) and 6, for a context that
 * passed steps 3-4. Out of line so that the hit path stays small.
 */
static __attribute__((noinline)) int
translate_miss(struct ims_vtd *vtd, const struct ims_dma_request *req,
	       struct ims_dma_result *res, ims_cycles_t start,
	       const struct vtd_ctx *ctx, bool probed)
{
	unsigned need = req->access == IMS_ACCESS_WRITE ? SL_W : SL_R;
	const struct vtd_iotlb_entry *hit;
	struct vtd_fault_info fi;

	if (vtd->iotlb.sets) {
		if (!probed) {
			ims_clock_charge(vtd->clock, IMS_COST_IOTLB_LOOKUP);
			hit = ims_cache_lookup(&vtd->iotlb,
					       vtd_iotlb_tag(ctx->did, 12,
							     req->iova));
			if (!hit)
				hit = iotlb_large(vtd, ctx->did, req->iova);
		} else {
			hit = iotlb_large(vtd, ctx->did, req->iova);
		}
		if (hit && (hit->perm & need)) {
			(*vtd->stats.iotlb_hits)++;
			res->phys = hit->page |
				    (req->iova & (BIT64(hit->shift) - 1));
			goto done;
		}
		(*vtd->stats.iotlb_misses)++;
	}
	if (translate_walk(vtd, ctx, req, need, &res->phys, &fi))
		return fault(vtd, &fi, ctx->fpd, req, res, start);
done:
	res->latency = vtd->clock->now - start;
	return 0;
}

/* Steps 2-4 when the hit path could not decide them. */
static __attribute__((noinline)) int
translate_slow(struct ims_vtd *vtd, const struct ims_dma_request *req,
	       struct ims_dma_result *res, ims_cycles_t start,
	       const struct vtd_ctx *ctx)
{
	struct vtd_fault_info fi;
	struct vtd_ctx scratch;
	bool fpd = false;

	res->phys = req->iova;
	/* 2 */
	if (!vtd->translating)
		goto done;
	/* 3 */
	if (!ctx && !(ctx = context_miss(vtd, (uint16_t)req->source, &scratch,
					 &fi, &fpd)))
		return fault(vtd, &fi, fpd, req, res, start);
	if (ctx->tt == TT_PASS_THROUGH) {
		(*vtd->stats.passthrough)++;
		goto done;
	}
	/* 4 */
	if (req->iova >> ctx->input_bits) {
		fi.reason = FR_BEYOND_MGAW;
		fi.qualified = true;
		return fault(vtd, &fi, ctx->fpd, req, res, start);
	}
	return translate_miss(vtd, req, res, start, ctx, false);
done:
	res->latency = vtd->clock->now - start;
	return 0;
}

/* The hit path: steps 1, 3 (cached) and 5 (4 KiB IOTLB hit). */
int vtd_translate(void *opaque, const struct ims_dma_request *req,
		  struct ims_dma_result *res)
{
	struct ims_vtd *vtd = opaque;
	ims_cycles_t start = vtd->clock->now;
	const struct vtd_iotlb_entry *hit;
	const struct vtd_ctx *ctx;
	unsigned need;

	/* 1 */
	if (req->len == 0 ||
	    (req->iova & (IMS_PAGE_SIZE - 1)) + req->len > IMS_PAGE_SIZE)
		return -EINVAL;
	(*vtd->stats.translations)++;
	res->fault.kind = IMS_FAULT_NONE;
	if (__builtin_expect(!vtd->translating, 0))
		return translate_slow(vtd, req, res, start, NULL);
	ims_clock_charge(vtd->clock, IMS_COST_CONTEXT_CACHE_LOOKUP);
	ctx = ims_cache_lookup(&vtd->ctx_cache, (uint16_t)req->source);
	if (__builtin_expect(ctx == NULL, 0))
		return translate_slow(vtd, req, res, start, NULL);
	(*vtd->stats.cc_hits)++;
	if (__builtin_expect(ctx->tt == TT_PASS_THROUGH ||
			     (req->iova >> ctx->input_bits), 0))
		return translate_slow(vtd, req, res, start, ctx);
	if (__builtin_expect(!vtd->iotlb.sets, 0))
		return translate_miss(vtd, req, res, start, ctx, false);
	ims_clock_charge(vtd->clock, IMS_COST_IOTLB_LOOKUP);
	hit = ims_cache_lookup(&vtd->iotlb, vtd_iotlb_tag(ctx->did, 12,
							  req->iova));
	need = req->access == IMS_ACCESS_WRITE ? SL_W : SL_R;
	if (__builtin_expect(!hit || !(hit->perm & need), 0))
		return translate_miss(vtd, req, res, start, ctx, true);
	(*vtd->stats.iotlb_hits)++;
	res->phys = hit->page | (req->iova & (IMS_PAGE_SIZE - 1));
	res->latency = vtd->clock->now - start;
	return 0;
}
