/* SPDX-License-Identifier: MIT */
/*
 * The register file of one unit: placement (IVA/IOTLB at ECAP.IRO, fault
 * records at CAP.FRO), bit semantics, and the global command register.
 */
#include <errno.h>

#include <glib.h>

#include "hw_alloc.h"
#include "vtd_internal.h"

#define ALL32 UINT64_C(0xffffffff)
#define RO32 ALL32

static void gcmd_written(void *opaque, unsigned reg, uint64_t old,
			 uint64_t written, uint64_t mask);

static void fixed_regs(const struct ims_vtd *vtd, struct ims_reg_desc *r)
{
	bool ir = vtd->ecap & ECAP_IR;
	/* GCMD bits the unit acts on; everything else reserved. */
	uint64_t gcmd_bits = GCMD_TE | GCMD_SRTP | GCMD_WBF |
			     ((vtd->ecap & ECAP_QI) ? GCMD_QIE : 0) |
			     (ir ? GCMD_IRE | GCMD_SIRTP | GCMD_CFI : 0);

	r[R_VER] = (struct ims_reg_desc){ "VER", VTD_VER, 4, false,
		VTD_VER_VALUE, RO32, 0, 0, NULL };
	r[R_CAP] = (struct ims_reg_desc){ "CAP", VTD_CAP, 8, false, vtd->cap,
		UINT64_MAX, 0, 0, NULL };
	r[R_ECAP] = (struct ims_reg_desc){ "ECAP", VTD_ECAP, 8, false,
		vtd->ecap, UINT64_MAX, 0, 0, NULL };
	r[R_GCMD] = (struct ims_reg_desc){ "GCMD", VTD_GCMD, 4, true, 0, 0, 0,
		~gcmd_bits, gcmd_written };
	r[R_GSTS] = (struct ims_reg_desc){ "GSTS", VTD_GSTS, 4, false, 0,
		RO32, 0, ~gcmd_bits, NULL };
	/* Legacy mode only: TTM (11:10) and 9:0 are RsvdZ. */
	r[R_RTADDR] = (struct ims_reg_desc){ "RTADDR", VTD_RTADDR, 8, false,
		0, 0, 0, GENMASK64(11, 0), NULL };
	r[R_CCMD] = (struct ims_reg_desc){ "CCMD", VTD_CCMD, 8, false, 0,
		CCMD_CAIG_MASK, 0, GENMASK64(58, 34), vtd_ccmd_written };
	r[R_FSTS] = (struct ims_reg_desc){ "FSTS", VTD_FSTS, 4, false, 0,
		FSTS_PPF | FSTS_FRI_MASK, FSTS_PFO | FSTS_IQE | FSTS_ICE |
		FSTS_ITE, ~(FSTS_PFO | FSTS_PPF | FSTS_IQE | FSTS_ICE |
			    FSTS_ITE | FSTS_FRI_MASK), vtd_fsts_written };
	r[R_FECTL] = (struct ims_reg_desc){ "FECTL", VTD_FECTL, 4, false,
		ECTL_IM, ECTL_IP, 0, ~(ECTL_IM | ECTL_IP), vtd_fectl_written };
	r[R_FEDATA] = (struct ims_reg_desc){ "FEDATA", VTD_FEDATA, 4, false,
		0, 0, 0, ~ALL32, NULL };
	r[R_FEADDR] = (struct ims_reg_desc){ "FEADDR", VTD_FEADDR, 4, false,
		0, 0, 0, ~ALL32 | 3, NULL };
	r[R_FEUADDR] = (struct ims_reg_desc){ "FEUADDR", VTD_FEUADDR, 4,
		false, 0, 0, 0, ~ALL32, NULL };
	r[R_IQH] = (struct ims_reg_desc){ "IQH", VTD_IQH, 8, false, 0,
		UINT64_MAX, 0, ~GENMASK64(18, 4), NULL };
	r[R_IQT] = (struct ims_reg_desc){ "IQT", VTD_IQT, 8, false, 0, 0, 0,
		~GENMASK64(18, 4), vtd_iqt_written };
	/* DW (bit 11) needs scalable mode: RsvdZ here. */
	r[R_IQA] = (struct ims_reg_desc){ "IQA", VTD_IQA, 8, false, 0, 0, 0,
		GENMASK64(11, 3), NULL };
	r[R_ICS] = (struct ims_reg_desc){ "ICS", VTD_ICS, 4, false, 0, 0,
		ICS_IWC, ~ICS_IWC, vtd_ics_written };
	r[R_IECTL] = (struct ims_reg_desc){ "IECTL", VTD_IECTL, 4, false,
		ECTL_IM, ECTL_IP, 0, ~(ECTL_IM | ECTL_IP), vtd_iectl_written };
	r[R_IEDATA] = (struct ims_reg_desc){ "IEDATA", VTD_IEDATA, 4, false,
		0, 0, 0, ~ALL32, NULL };
	r[R_IEADDR] = (struct ims_reg_desc){ "IEADDR", VTD_IEADDR, 4, false,
		0, 0, 0, ~ALL32 | 3, NULL };
	r[R_IEUADDR] = (struct ims_reg_desc){ "IEUADDR", VTD_IEUADDR, 4,
		false, 0, 0, 0, ~ALL32, NULL };
	r[R_IQERCD] = (struct ims_reg_desc){ "IQERCD", VTD_IQERCD, 8, false,
		0, UINT64_MAX, 0, 0, NULL };
	/* Interrupt remapping tables are accepted but never read. */
	r[R_IRTA] = (struct ims_reg_desc){ "IRTA", VTD_IRTA, 8, false, 0,
		ir ? 0 : UINT64_MAX, 0, ir ? GENMASK64(10, 4) : 0, NULL };
}

static void placed_regs(const struct ims_vtd *vtd, struct ims_reg_desc *r)
{
	uint32_t iro = (uint32_t)ECAP_IRO(vtd->ecap) * 16;
	uint32_t fro = (uint32_t)CAP_FRO(vtd->cap) * 16;

	r[R_IVA] = (struct ims_reg_desc){ "IVA", iro, 8, false, 0, 0, 0,
		GENMASK64(11, 7), NULL };
	r[R_IOTLB] = (struct ims_reg_desc){ "IOTLB", iro + 8, 8, false, 0,
		IOTLB_IAIG_MASK, 0, BIT64(62) | BIT64(59) |
		GENMASK64(56, 50) | GENMASK64(31, 0), vtd_iotlb_written };
	for (unsigned i = 0; i < vtd->nfr; i++) {
		r[R_FRCD0 + 2 * i] = (struct ims_reg_desc){ "FRCD",
			fro + 16 * i, 8, false, 0, UINT64_MAX, 0,
			GENMASK64(11, 0), NULL };
		/* Only F (bit 127) is writable: W1C. */
		r[R_FRCD0 + 2 * i + 1] = (struct ims_reg_desc){
			"FRCDH", fro + 16 * i + 8, 8, false, 0,
			~FRCDH_F, FRCDH_F, 0, vtd_frcd_written };
	}
}

int vtd_regs_init(struct ims_vtd *vtd)
{
	unsigned n = R_FRCD0 + 2 * vtd->nfr;
	struct ims_reg_desc *regs;
	int err;

	err = ims_hw_alloc0(&vtd->sim->finj, sizeof(*regs) * n,
			    (void **)&regs);
	if (err)
		return err;
	fixed_regs(vtd, regs);
	placed_regs(vtd, regs);
	err = ims_regfile_init(&vtd->regs, regs, n, (uint32_t)vtd->mmio_size,
			       vtd, &vtd->sim->finj);
	g_free(regs);
	return err;
}

/* GCMD: a status bit follows its command bit; one-shot bits act on 1. */
static void gcmd_written(void *opaque, unsigned reg, uint64_t old,
			 uint64_t written, uint64_t mask)
{
	struct ims_vtd *vtd = opaque;
	uint64_t cmd = vtd_reg(vtd, R_GCMD), sts = vtd_reg(vtd, R_GSTS);

	if (cmd & GCMD_SRTP) {
		vtd->root_table = vtd_reg(vtd, R_RTADDR) & GENMASK64(63, 12);
		sts |= GCMD_SRTP;
		/* Without ESRTPS software must invalidate after SRTP. */
		if (vtd->cap & CAP_ESRTPS)
			vtd_caches_flush(vtd);
	}
	if (cmd & GCMD_SIRTP)
		sts |= GCMD_SIRTP;
	if ((cmd ^ sts) & GCMD_TE) {
		sts ^= GCMD_TE;
		vtd->translating = sts & GCMD_TE;
		vtd_caches_flush(vtd);
		if (!vtd->translating)
			vtd->next_frcd = 0;
	}
	if ((cmd ^ sts) & GCMD_IRE)
		sts ^= GCMD_IRE;
	if ((cmd ^ sts) & GCMD_CFI)
		sts ^= GCMD_CFI;
	ims_regfile_set(&vtd->regs, R_GSTS, sts);
	if ((cmd ^ sts) & GCMD_QIE)
		vtd_qi_enable(vtd, cmd & GCMD_QIE);
	/* WBF completes at once: WBFS never reads 1. One-shot bits do not
	 * stay stored, so the next write acts only if it sets them again. */
	ims_regfile_set(&vtd->regs, R_GCMD,
			cmd & ~(GCMD_SRTP | GCMD_SIRTP | GCMD_WBF));
}

static int mmio_read(void *opaque, uint64_t offset, unsigned size,
		     uint64_t *val)
{
	struct ims_vtd *vtd = opaque;

	return ims_regfile_read(&vtd->regs, offset, size, val);
}

static int mmio_write(void *opaque, uint64_t offset, unsigned size,
		      uint64_t val)
{
	struct ims_vtd *vtd = opaque;

	return ims_regfile_write(&vtd->regs, offset, size, val);
}

static const struct ims_mmio_ops vtd_mmio_ops = {
	.read = mmio_read,
	.write = mmio_write,
};

const struct ims_mmio_ops *ims_vtd_mmio_ops(void)
{
	return &vtd_mmio_ops;
}

uint64_t ims_vtd_mmio_size(const struct ims_vtd *vtd)
{
	return vtd->mmio_size;
}
