/* SPDX-License-Identifier: MIT */
/*
 * Legacy-mode root and context entries: fetch, check, decode.
 *
 * Order (spec conditions LRT.x / LCT.x):
 *  1. root entry [bus] unreadable -> 0x8;   P=0 -> 0x1;   reserved -> 0xA
 *     (none qualified: FPD is not known yet);
 *  2. context entry [devfn] unreadable -> 0x9 (not qualified);
 *  3. FPD is taken from the entry even when P=0; P=0 -> 0x2;
 *  4. reserved bits -> 0xB (qualified, as VirtualBox; QEMU records it
 *     regardless of FPD);
 *  5. AW not in SAGAW, TT=11, TT=01 without ECAP.DT, TT=10 without ECAP.PT,
 *     SLPTPTR outside memory -> 0x3.
 */
#include <errno.h>

#include "vtd_internal.h"

static int fail(struct vtd_fault_info *fi, uint8_t reason, bool qualified)
{
	fi->reason = reason;
	fi->qualified = qualified;
	return -EFAULT;
}

static int fetch_root(struct ims_vtd *vtd, uint16_t sid, uint64_t *ctp,
		      struct vtd_fault_info *fi)
{
	uint64_t e[2];

	if (ims_hwmem_read128(&vtd->hwmem,
			      vtd->root_table + 16 * IMS_RID_BUS(sid), e))
		return fail(fi, FR_ROOT_READ_ERROR, false);
	if (!(e[0] & ENTRY_P))
		return fail(fi, FR_ROOT_NOT_PRESENT, false);
	if ((e[0] & vtd->root_rsvd_lo) || e[1])
		return fail(fi, FR_ROOT_RESERVED, false);
	*ctp = e[0] & GENMASK64(63, 12);
	return 0;
}

/* Step 5: programming the model cannot use. */
static bool context_invalid(struct ims_vtd *vtd, unsigned tt, unsigned aw,
			    uint64_t slptptr)
{
	if (!(CAP_SAGAW(vtd->cap) & (1u << aw)) || aw < 1 || aw > 3)
		return true;
	switch (tt) {
	case TT_UNTRANSLATED:
		break;
	case TT_DEVICE_TLB:
		if (!(vtd->ecap & ECAP_DT))
			return true;
		break;
	case TT_PASS_THROUGH:
		return !(vtd->ecap & ECAP_PT);
	default:
		return true;
	}
	return !ims_mem_is_ram(vtd->hwmem.mem, slptptr, IMS_PAGE_SIZE);
}

int vtd_context_fetch(struct ims_vtd *vtd, uint16_t sid, struct vtd_ctx *ctx,
		      struct vtd_fault_info *fi, bool *fpd)
{
	uint64_t ctp, e[2];
	unsigned aw, tt;

	*fpd = false;
	if (fetch_root(vtd, sid, &ctp, fi))
		return -EFAULT;
	if (ims_hwmem_read128(&vtd->hwmem, ctp + 16 * IMS_RID_DEVFN(sid), e))
		return fail(fi, FR_CONTEXT_READ_ERROR, false);
	*fpd = e[0] & CTX_FPD;
	if (!(e[0] & ENTRY_P))
		return fail(fi, FR_CONTEXT_NOT_PRESENT, true);
	if ((e[0] & vtd->ctx_rsvd_lo) || (e[1] & vtd->ctx_rsvd_hi))
		return fail(fi, FR_CONTEXT_RESERVED, true);
	tt = (unsigned)CTX_TT(e[0]);
	aw = (unsigned)CTX_AW(e[1]);
	ctx->slptptr = e[0] & GENMASK64(63, 12);
	if (context_invalid(vtd, tt, aw, ctx->slptptr))
		return fail(fi, FR_CONTEXT_INVALID, true);
	ctx->did = (uint16_t)CTX_DID(e[1]);
	ctx->tt = tt == TT_PASS_THROUGH ? TT_PASS_THROUGH : TT_UNTRANSLATED;
	ctx->levels = (uint8_t)(aw + 2);
	ctx->input_bits = (uint8_t)MIN(30 + 9 * aw, vtd->haw);
	ctx->fpd = *fpd;
	return 0;
}
