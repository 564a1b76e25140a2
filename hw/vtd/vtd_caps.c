/* SPDX-License-Identifier: MIT */
/*
 * Capabilities: CAP/ECAP from platform properties, their validation, and
 * everything the unit derives from them at create time (reserved masks of
 * every table level, widths, register placement).
 */
#include <errno.h>

#include <glib.h>

#include "vtd_internal.h"

/* Register placement of platform-derived units (docs/vtd.md). */
#define DEFAULT_FRO (0x600 / 16)
#define DEFAULT_IRO (0x500 / 16)
#define DEFAULT_ND 6
#define DEFAULT_MAMV 18
/* End of the fixed registers (IRTA is the last, 0xb8..0xbf). */
#define FIXED_REGS_END 0xc0
/* Largest window the model accepts (FRO is 10 bits of 16-byte units). */
#define MAX_WINDOW (UINT64_C(1) << 16)

static uint64_t sagaw_for_width(unsigned aw)
{
	switch (aw) {
	case 39:
		return BIT64(1);
	case 48:
		return BIT64(1) | BIT64(2); /* as QEMU aw-bits=48 */
	case 57:
		return BIT64(1) | BIT64(2) | BIT64(3);
	default:
		return 0; /* rejected by ims_vtd_create */
	}
}

void ims_vtd_caps_from_platform(const struct ims_platform_unit *unit,
				uint64_t *cap, uint64_t *ecap)
{
	unsigned nfr = unit->fault_records ? unit->fault_records - 1 : 0;
	unsigned aw = unit->address_width;
	uint64_t c, e;

	c = DEFAULT_ND | sagaw_for_width(aw) << 8 |
	    (uint64_t)((aw ? aw - 1 : 0) & 0x3f) << 16 |
	    (uint64_t)DEFAULT_FRO << 24 | CAP_PSI |
	    (uint64_t)(nfr & 0xff) << 40 | (uint64_t)DEFAULT_MAMV << 48;
	if (unit->lp_2m)
		c |= BIT64(34);
	if (unit->lp_1g)
		c |= BIT64(35);
	e = ECAP_QI | ECAP_PT | (uint64_t)DEFAULT_IRO << 8;
	if (unit->coherent_walk)
		e |= ECAP_C;
	if (unit->snoop_control)
		e |= ECAP_SC;
	if (unit->intr_remap)
		e |= ECAP_IR | (UINT64_C(0xf) << 20);
	*cap = unit->has_raw_cap ? unit->raw_cap : c;
	*ecap = unit->has_raw_ecap ? unit->raw_ecap : e;
}

uint64_t ims_vtd_mmio_size_for(uint64_t cap, uint64_t ecap)
{
	uint64_t end = FIXED_REGS_END;
	uint64_t iotlb_end = ECAP_IRO(ecap) * 16 + 16;
	uint64_t frcd_end = CAP_FRO(cap) * 16 + 16 * (CAP_NFR(cap) + 1);

	end = MAX(end, MAX(iotlb_end, frcd_end));
	end = (end + IMS_PAGE_SIZE - 1) & IMS_PAGE_MASK;
	return MAX(end, UINT64_C(0x1000));
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b,
			   uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Returns 0 or -EINVAL with a warning naming the unit and the field. */
int vtd_caps_validate(const char *name, uint64_t cap, uint64_t ecap)
{
	uint64_t iro = ECAP_IRO(ecap) * 16, fro = CAP_FRO(cap) * 16;
	uint64_t frlen = 16 * (CAP_NFR(cap) + 1);
	const char *why = NULL;

	if (!(CAP_SAGAW(cap) & 0xe))
		why = "CAP.SAGAW has no 39/48/57-bit width (3/4/5 levels)";
	else if (CAP_MGAW(cap) + 1 < 39)
		why = "CAP.MGAW below 38 (39-bit addresses)";
	else if (iro < FIXED_REGS_END || fro < FIXED_REGS_END)
		why = "ECAP.IRO or CAP.FRO overlaps the fixed registers";
	else if (ranges_overlap(iro, 16, fro, frlen))
		why = "ECAP.IRO overlaps the fault recording registers";
	else if (ims_vtd_mmio_size_for(cap, ecap) > MAX_WINDOW)
		why = "registers extend beyond 64 KiB";
	else if (ecap & ECAP_SMTS)
		why = "ECAP.SMTS: scalable mode is not modelled";
	if (!why)
		return 0;
	g_warning("%s: CAP 0x%016" G_GINT64_MODIFIER "x ECAP 0x%016"
		  G_GINT64_MODIFIER "x: %s", name, cap, ecap, why);
	return -EINVAL;
}

/* Bits [hi, lo] when lo <= hi, else 0. */
static uint64_t bits_between(unsigned hi, unsigned lo)
{
	return lo <= hi ? GENMASK64(hi, lo) : 0;
}

static void derive_sl_masks(struct ims_vtd *vtd)
{
	/* SL entries: bits 63 and 61:52 are ignored; 51:HAW reserved. */
	uint64_t addr = bits_between(51, vtd->haw);
	uint64_t sllps = CAP_SLLPS(vtd->cap);
	uint64_t leaf = addr | SL_TM;
	uint64_t nonleaf = addr | SL_TM | SL_SNP;

	/* SNP is honoured in leaves only when the unit has snoop control. */
	if (!(vtd->ecap & ECAP_SC))
		leaf |= SL_SNP;
	for (unsigned l = 1; l <= VTD_MAX_LEVELS; l++)
		vtd->rsvd[l][0] = nonleaf;
	/* PS in a PML4E/PML5E is reserved: such a PS=1 entry faults 0xC. */
	vtd->rsvd[4][0] = vtd->rsvd[4][1] = nonleaf | SL_PS;
	vtd->rsvd[5][0] = vtd->rsvd[5][1] = nonleaf | SL_PS;
	vtd->rsvd[1][1] = leaf;
	/* Large leaves: frame bits below the page size are reserved, and a
	 * size SLLPS lacks makes PS itself reserved. */
	vtd->rsvd[2][1] = leaf | GENMASK64(20, 12) | ((sllps & 1) ? 0 : SL_PS);
	vtd->rsvd[3][1] = leaf | GENMASK64(29, 12) | ((sllps & 2) ? 0 : SL_PS);
}

void vtd_caps_derive(struct ims_vtd *vtd)
{
	uint64_t above_haw;

	vtd->nfr = (unsigned)CAP_NFR(vtd->cap) + 1;
	vtd->haw = (unsigned)CAP_MGAW(vtd->cap) + 1;
	vtd->mamv = (unsigned)CAP_MAMV(vtd->cap);
	above_haw = vtd->haw >= 64 ? 0 : ~(BIT64(vtd->haw) - 1);
	vtd->root_rsvd_lo = GENMASK64(11, 1) | above_haw;
	vtd->ctx_rsvd_lo = GENMASK64(11, 4) | above_haw;
	vtd->ctx_rsvd_hi = GENMASK64(63, 24) | BIT64(7);
	derive_sl_masks(vtd);
	vtd->mmio_size = ims_vtd_mmio_size_for(vtd->cap, vtd->ecap);
}
