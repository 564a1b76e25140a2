/* SPDX-License-Identifier: MIT */
/*
 * Invalidation: register-based (CCMD, IOTLB at ECAP.IRO) and queued
 * (IQA/IQH/IQT, 128-bit descriptors).
 *
 * Register commands act when the access covers the command bit (bit 63),
 * i.e. a 64-bit write or a write of the high dword, and are ignored while
 * queued invalidation is enabled (software must not issue them then).
 * Queued descriptors run synchronously on every IQT write, from IQH to IQT;
 * a bad one sets FSTS.IQE and stops processing with IQH pointing at it.
 */
#include <errno.h>

#include <glib.h>

#include "vtd_internal.h"

#define DESC_CC 1
#define DESC_IOTLB 2
#define DESC_DEVTLB 3
#define DESC_IEC 4
#define DESC_WAIT 5

/* Reserved bits per descriptor type (lo, hi). */
#define CC_RSVD_LO (GENMASK64(63, 50) | GENMASK64(15, 6))
#define IOTLB_RSVD_LO (GENMASK64(63, 32) | GENMASK64(15, 8))
#define IOTLB_RSVD_HI GENMASK64(11, 7)
#define IEC_RSVD_LO (GENMASK64(63, 48) | GENMASK64(26, 12) | GENMASK64(8, 5))
#define WAIT_RSVD_LO GENMASK64(31, 7) /* PD needs ECAP.PDS */
#define WAIT_RSVD_HI GENMASK64(1, 0)
#define WAIT_IF BIT64(4)
#define WAIT_SW BIT64(5)

static bool qi_enabled(const struct ims_vtd *vtd)
{
	return vtd_reg(vtd, R_GSTS) & GCMD_QIE;
}

void vtd_ccmd_written(void *opaque, unsigned reg, uint64_t old,
		      uint64_t written, uint64_t mask)
{
	struct ims_vtd *vtd = opaque;
	uint64_t ccmd = vtd_reg(vtd, R_CCMD);
	unsigned gran = (unsigned)CCMD_CIRG(ccmd);

	if (!(mask & CCMD_ICC) || !(ccmd & CCMD_ICC) || qi_enabled(vtd))
		return;
	ims_clock_charge(vtd->clock, IMS_COST_INV_REGISTER);
	(*vtd->stats.inv_register)++;
	if (gran)
		vtd_cc_invalidate(vtd, gran, (uint16_t)CCMD_DID(ccmd),
				  (uint16_t)CCMD_SID(ccmd),
				  (unsigned)CCMD_FM(ccmd));
	/* CAIG reports what was done (0: request rejected). */
	ccmd &= ~(CCMD_ICC | CCMD_CAIG_MASK);
	ims_regfile_set(&vtd->regs, R_CCMD,
			ccmd | (uint64_t)gran << CCMD_CAIG_SHIFT);
}

/* IOTLB command; returns the granularity done (0 = rejected). */
static unsigned iotlb_command(struct ims_vtd *vtd, unsigned gran,
			      uint16_t did, uint64_t iva)
{
	unsigned am = (unsigned)IVA_AM(iva);

	if (gran == INV_DEVICE &&
	    (!(vtd->cap & CAP_PSI) || am > vtd->mamv))
		return 0;
	if (gran)
		vtd_iotlb_invalidate(vtd, gran, did, IVA_ADDR(iva), am,
				     iva & IVA_IH);
	return gran;
}

void vtd_iotlb_written(void *opaque, unsigned reg, uint64_t old,
		       uint64_t written, uint64_t mask)
{
	struct ims_vtd *vtd = opaque;
	uint64_t cmd = vtd_reg(vtd, R_IOTLB);
	unsigned done;

	if (!(mask & IOTLB_IVT) || !(cmd & IOTLB_IVT) || qi_enabled(vtd))
		return;
	ims_clock_charge(vtd->clock, IMS_COST_INV_REGISTER);
	(*vtd->stats.inv_register)++;
	done = iotlb_command(vtd, (unsigned)IOTLB_IIRG(cmd),
			     (uint16_t)IOTLB_DID(cmd), vtd_reg(vtd, R_IVA));
	cmd &= ~(IOTLB_IVT | IOTLB_IAIG_MASK);
	ims_regfile_set(&vtd->regs, R_IOTLB,
			cmd | (uint64_t)done << IOTLB_IAIG_SHIFT);
}

/* Invalidation completion event: ICS.IWC, IECTL.IP, the MSI. */
static void wait_interrupt(struct ims_vtd *vtd)
{
	if (vtd_reg(vtd, R_ICS) & ICS_IWC)
		return;
	ims_regfile_update(&vtd->regs, R_ICS, 0, ICS_IWC);
	ims_regfile_update(&vtd->regs, R_IECTL, 0, ECTL_IP);
	if (!(vtd_reg(vtd, R_IECTL) & ECTL_IM)) {
		(*vtd->stats.msi_inv)++;
		ims_regfile_update(&vtd->regs, R_IECTL, ECTL_IP, 0);
	}
}

void vtd_ics_written(void *opaque, unsigned reg, uint64_t old,
		     uint64_t written, uint64_t mask)
{
	struct ims_vtd *vtd = opaque;

	if (!(vtd_reg(vtd, R_ICS) & ICS_IWC))
		ims_regfile_update(&vtd->regs, R_IECTL, ECTL_IP, 0);
}

void vtd_iectl_written(void *opaque, unsigned reg, uint64_t old,
		       uint64_t written, uint64_t mask)
{
	struct ims_vtd *vtd = opaque;
	uint64_t iectl = vtd_reg(vtd, R_IECTL);

	if ((iectl & ECTL_IP) && !(iectl & ECTL_IM)) {
		(*vtd->stats.msi_inv)++;
		ims_regfile_update(&vtd->regs, R_IECTL, ECTL_IP, 0);
	}
}

static bool do_cc_desc(struct ims_vtd *vtd, const uint64_t d[2])
{
	unsigned gran = (unsigned)FIELD(d[0], 5, 4);

	if ((d[0] & CC_RSVD_LO) || d[1] || !gran)
		return false;
	vtd_cc_invalidate(vtd, gran, (uint16_t)FIELD(d[0], 31, 16),
			  (uint16_t)FIELD(d[0], 47, 32),
			  (unsigned)FIELD(d[0], 49, 48));
	return true;
}

static bool do_iotlb_desc(struct ims_vtd *vtd, const uint64_t d[2])
{
	unsigned gran = (unsigned)FIELD(d[0], 5, 4);

	if ((d[0] & IOTLB_RSVD_LO) || (d[1] & IOTLB_RSVD_HI) || !gran)
		return false;
	return iotlb_command(vtd, gran, (uint16_t)FIELD(d[0], 31, 16),
			     d[1]) != 0;
}

/* Status write, then interrupt: both are legal together. */
static bool do_wait_desc(struct ims_vtd *vtd, const uint64_t d[2])
{
	if ((d[0] & WAIT_RSVD_LO) || (d[1] & WAIT_RSVD_HI))
		return false;
	if ((d[0] & WAIT_SW) &&
	    ims_hwmem_write32(&vtd->hwmem, d[1] & GENMASK64(63, 2),
			      (uint32_t)(d[0] >> 32)))
		return false;
	if (d[0] & WAIT_IF)
		wait_interrupt(vtd);
	return true;
}

static bool run_descriptor(struct ims_vtd *vtd, const uint64_t d[2])
{
	unsigned type = (unsigned)(FIELD(d[0], 3, 0) | FIELD(d[0], 11, 9) << 4);

	switch (type) {
	case DESC_CC:
		return do_cc_desc(vtd, d);
	case DESC_IOTLB:
		return do_iotlb_desc(vtd, d);
	case DESC_DEVTLB:
		/* No device TLB exists: a no-op where ECAP.DT allows it. */
		return (vtd->ecap & ECAP_DT) != 0;
	case DESC_IEC:
		/* No interrupt entry cache is modelled. */
		return (vtd->ecap & ECAP_IR) && !(d[0] & IEC_RSVD_LO) && !d[1];
	case DESC_WAIT:
		return do_wait_desc(vtd, d);
	default:
		return false;
	}
}

static void queue_error(struct ims_vtd *vtd)
{
	uint64_t fsts = vtd_reg(vtd, R_FSTS);

	ims_regfile_set(&vtd->regs, R_FSTS, fsts | FSTS_IQE);
	vtd_fault_event(vtd, fsts);
}

/* Runs descriptors from IQH to IQT; stops at the first bad one. */
void vtd_qi_process(struct ims_vtd *vtd)
{
	uint64_t iqa = vtd_reg(vtd, R_IQA);
	uint64_t entries = UINT64_C(256) << IQA_QS(iqa);
	uint64_t tail = vtd_reg(vtd, R_IQT) >> 4;
	uint64_t head = vtd_reg(vtd, R_IQH) >> 4;

	if (!qi_enabled(vtd) || (vtd_reg(vtd, R_FSTS) & FSTS_IQE))
		return;
	if (tail >= entries || head >= entries) {
		queue_error(vtd);
		return;
	}
	while (head != tail) {
		uint64_t d[2];

		ims_clock_charge(vtd->clock, IMS_COST_INV_DESC);
		(*vtd->stats.inv_descriptors)++;
		if (ims_hwmem_read128(&vtd->hwmem, IQA_ADDR(iqa) + head * 16,
				      d) ||
		    !run_descriptor(vtd, d)) {
			queue_error(vtd);
			break;
		}
		head = (head + 1) % entries;
		ims_regfile_set(&vtd->regs, R_IQH, head << 4);
	}
}

void vtd_iqt_written(void *opaque, unsigned reg, uint64_t old,
		     uint64_t written, uint64_t mask)
{
	vtd_qi_process(opaque);
}

/*
 * QIE 0->1: IQH restarts at 0 and pending descriptors run (a tail written
 * before enabling is tolerated, as QEMU does for Windows). QIE 1->0 is
 * honoured only when the queue is idle (IQH == IQT), like QEMU.
 */
void vtd_qi_enable(struct ims_vtd *vtd, bool on)
{
	if (on) {
		ims_regfile_set(&vtd->regs, R_IQH, 0);
		ims_regfile_update(&vtd->regs, R_GSTS, 0, GCMD_QIE);
		vtd_qi_process(vtd);
		return;
	}
	if (vtd_reg(vtd, R_IQH) != vtd_reg(vtd, R_IQT)) {
		g_debug("%s: QIE cleared with descriptors pending; ignored",
			vtd->name);
		return;
	}
	ims_regfile_update(&vtd->regs, R_GSTS, GCMD_QIE, 0);
	ims_regfile_set(&vtd->regs, R_IQH, 0);
}
