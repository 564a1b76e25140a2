/* SPDX-License-Identifier: MIT */
/*
 * The second-level page walk (3, 4 or 5 levels), with the paging-structure
 * caches.
 *
 * Per level, in this order (QEMU and VirtualBox agree; VirtualBox notes it
 * makes the permission fault win over the reserved-field fault):
 *  1. read the 8-byte entry; failure -> 0x3 at the top level (the SLPTPTR
 *     of the context entry is unusable, LCT.4), 0x7 below (LSL.1);
 *  2. AND its R/W into the accumulated permissions;
 *  3. requested access not permitted -> 0x5 (write) / 0x6 (read); an entry
 *     with R=W=0 lands here too (QEMU), or 0xC with not_present_is_reserved;
 *  4. reserved bits of this unit's mask for the level and kind -> 0xC;
 *  5. leaf at level 1, or PS=1 at level 2/3 -> done; else descend.
 * The masks come from vtd_caps.c: PS is in the mask where it is illegal
 * (PML4E/PML5E, a size SLLPS lacks), so step 4 catches it.
 */
#ifndef IMS_VTD_WALK_H
#define IMS_VTD_WALK_H

#include <errno.h>

#include "vtd_internal.h"

/*
 * A header, not a .c file: the walk is the miss path of every translation
 * and is inlined into vtd_translate.c (issue 2's instruction budget).
 */

static inline int walk_fail(struct vtd_fault_info *fi, uint8_t reason)
{
	fi->reason = reason;
	fi->qualified = true;
	return -EFAULT;
}

/* Deepest cached table for `iova`: sets *level, *table, *perm on a hit. */
static inline void pwc_resume(struct ims_vtd *vtd, const struct vtd_ctx *ctx,
			      ims_iova_t iova, unsigned *level,
			      uint64_t *table, unsigned *perm)
{
	for (unsigned k = 1; k < ctx->levels; k++) {
		const struct vtd_pwc_entry *e;

		ims_clock_charge(vtd->clock, IMS_COST_PWC_LOOKUP);
		e = ims_cache_lookup(&vtd->pwc, vtd_pwc_tag(ctx->did, k, iova));
		if (e) {
			(*vtd->stats.pwc_hits)++;
			*level = k;
			*table = e->table;
			*perm = e->perm;
			return;
		}
	}
	(*vtd->stats.pwc_misses)++;
}

static inline void pwc_fill(struct ims_vtd *vtd, const struct vtd_ctx *ctx,
			    unsigned k, ims_iova_t iova, uint64_t table,
			    unsigned perm)
{
	struct vtd_pwc_entry *e;

	e = ims_cache_insert(&vtd->pwc, vtd_pwc_tag(ctx->did, k, iova));
	e->table = table;
	e->perm = (uint8_t)perm;
}

/*
 * The level loop from (`level`, `table`, `perm`). `pwc` is a constant at
 * each call site, so the compiler emits one loop with the paging-structure
 * fills and one without.
 */
static inline __attribute__((always_inline)) int
walk_levels(struct ims_vtd *vtd, const struct vtd_ctx *ctx, ims_iova_t iova,
	    unsigned need, unsigned level, uint64_t table, unsigned perm,
	    const bool pwc, struct vtd_iotlb_entry *leaf,
	    struct vtd_fault_info *fi)
{
	unsigned shift = 12 + 9 * (level - 1);

	for (;;) {
		uint64_t e;
		bool is_leaf;

		/* 1 */
		if (ims_hwmem_read64(&vtd->hwmem,
				     table + ((iova >> shift) & 511) * 8, &e))
			return walk_fail(fi, level == ctx->levels ?
					 FR_CONTEXT_INVALID : FR_SL_READ_ERROR);
		/* 2, 3 */
		perm &= e & (SL_R | SL_W);
		if (!(perm & need)) {
			if (!(e & (SL_R | SL_W)) &&
			    vtd->config.not_present_is_reserved)
				return walk_fail(fi, FR_SL_RESERVED);
			return walk_fail(fi, need == SL_W ? FR_WRITE_DENIED :
							    FR_READ_DENIED);
		}
		/* 4: rsvd[level][1] is the leaf mask; PS is only a leaf
		 * marker at levels 2-3 (elsewhere it sits in the mask). */
		is_leaf = level == 1 || (e & SL_PS);
		if (e & vtd->rsvd[level][is_leaf])
			return walk_fail(fi, FR_SL_RESERVED);
		/* 5 */
		if (is_leaf) {
			leaf->page = e & SL_ADDR_MASK & ~(BIT64(shift) - 1);
			leaf->perm = (uint8_t)perm;
			leaf->shift = (uint8_t)shift;
			return 0;
		}
		table = e & SL_ADDR_MASK;
		level--;
		shift -= 9;
		if (pwc)
			pwc_fill(vtd, ctx, level, iova, table, perm);
	}
}

static inline int vtd_walk(struct ims_vtd *vtd, const struct vtd_ctx *ctx,
			   ims_iova_t iova, unsigned need,
			   struct vtd_iotlb_entry *leaf,
			   struct vtd_fault_info *fi)
{
	unsigned level = ctx->levels;
	uint64_t table = ctx->slptptr;
	unsigned perm = SL_R | SL_W;

	(*vtd->stats.walks)++;
	if (!vtd->pwc.sets)
		return walk_levels(vtd, ctx, iova, need, level, table, perm,
				   false, leaf, fi);
	pwc_resume(vtd, ctx, iova, &level, &table, &perm);
	return walk_levels(vtd, ctx, iova, need, level, table, perm, true,
			   leaf, fi);
}

#endif
