/* SPDX-License-Identifier: MIT */
/*
 * Fault recording (primary fault logging) and the fault event.
 *
 * The walker hands a reason; this file alone decides what becomes visible:
 *  1. qualified fault and FPD=1 -> suppressed, nothing recorded;
 *  2. FSTS.PFO already set -> dropped;
 *  3. (option) a pending record with the same source id -> dropped;
 *  4. FRCD[next] still pending (F=1) -> set PFO, dropped;
 *  5. write FRCD[next], advance next (wraps), PPF = OR of F bits, FRI = the
 *     first pending record when PPF was clear;
 *  6. fault event unless PPF/PFO/IQE was already set: FECTL.IP=1, and with
 *     IM=0 the MSI is sent (counted; no interrupt controller exists) and IP
 *     cleared.
 */
#include "vtd_internal.h"

static inline uint64_t frcd_hi(const struct ims_vtd *vtd, unsigned i)
{
	return vtd_reg(vtd, R_FRCD0 + 2 * i + 1);
}

static void send_fault_msi(struct ims_vtd *vtd)
{
	(*vtd->stats.msi_fault)++;
	ims_regfile_update(&vtd->regs, R_FECTL, ECTL_IP, 0);
}

/* Step 6: `fsts_before` is FSTS before the event's cause was recorded. */
void vtd_fault_event(struct ims_vtd *vtd, uint64_t fsts_before)
{
	if (fsts_before & (FSTS_PPF | FSTS_PFO | FSTS_IQE))
		return;
	ims_regfile_update(&vtd->regs, R_FECTL, 0, ECTL_IP);
	if (!(vtd_reg(vtd, R_FECTL) & ECTL_IM))
		send_fault_msi(vtd);
}

/* PPF and FRI from the F bits; FRI searched from its current value. */
static void update_pending(struct ims_vtd *vtd)
{
	uint64_t fsts = vtd_reg(vtd, R_FSTS);
	unsigned fri = (unsigned)FIELD(fsts, 15, 8) % vtd->nfr;
	unsigned i;

	for (i = 0; i < vtd->nfr; i++)
		if (frcd_hi(vtd, (fri + i) % vtd->nfr) & FRCDH_F)
			break;
	fsts &= ~FSTS_PPF;
	if (i < vtd->nfr) {
		fsts &= ~FSTS_FRI_MASK;
		fsts |= FSTS_PPF |
			(uint64_t)((fri + i) % vtd->nfr) << FSTS_FRI_SHIFT;
	}
	ims_regfile_set(&vtd->regs, R_FSTS, fsts);
}

static bool same_source_pending(const struct ims_vtd *vtd, uint32_t sid)
{
	for (unsigned i = 0; i < vtd->nfr; i++) {
		uint64_t hi = frcd_hi(vtd, i);

		if ((hi & FRCDH_F) && (hi & FRCDH_SID_MASK) == sid)
			return true;
	}
	return false;
}

/* Steps 2-6; returns true if a record was written. */
static bool record(struct ims_vtd *vtd, uint8_t reason,
		   const struct ims_dma_request *req)
{
	uint64_t fsts = vtd_reg(vtd, R_FSTS);
	unsigned i = vtd->next_frcd;
	uint64_t hi;

	if (fsts & FSTS_PFO)
		return false;
	if (vtd->config.same_source_compression &&
	    same_source_pending(vtd, req->source & 0xffff))
		return false;
	if (frcd_hi(vtd, i) & FRCDH_F) {
		ims_regfile_set(&vtd->regs, R_FSTS, fsts | FSTS_PFO);
		vtd_fault_event(vtd, fsts);
		return false;
	}
	hi = (req->source & 0xffff) | (uint64_t)reason << FRCDH_FR_SHIFT |
	     FRCDH_F | (req->access == IMS_ACCESS_READ ? FRCDH_T : 0);
	/* FI bits at and above MGAW read 0 (FRCD.FI: "hardware treats bits
	 * 63:N as reserved (0)"); a 0x4 fault's address may have them set. */
	ims_regfile_set(&vtd->regs, R_FRCD0 + 2 * i,
			req->iova & IMS_PAGE_MASK & (BIT64(vtd->haw) - 1));
	ims_regfile_set(&vtd->regs, R_FRCD0 + 2 * i + 1, hi);
	vtd->next_frcd = (i + 1) % vtd->nfr;
	if (!(fsts & FSTS_PPF))
		ims_regfile_set(&vtd->regs, R_FSTS,
				(fsts & ~FSTS_FRI_MASK) |
					(uint64_t)i << FSTS_FRI_SHIFT);
	update_pending(vtd);
	vtd_fault_event(vtd, fsts);
	return true;
}

void vtd_fault_report(struct ims_vtd *vtd, const struct vtd_fault_info *fi,
		      bool fpd, const struct ims_dma_request *req,
		      struct ims_fault *out)
{
	out->kind = IMS_FAULT_VTD;
	out->reason = fi->reason;
	out->source = req->source;
	out->addr = req->iova;
	out->access = req->access;
	out->recorded = false;
	/* Step 1. */
	if (fi->qualified && fpd) {
		(*vtd->stats.faults_suppressed)++;
		return;
	}
	out->recorded = record(vtd, fi->reason, req);
	if (out->recorded) {
		ims_clock_charge(vtd->clock, IMS_COST_FAULT_RECORD);
		(*vtd->stats.faults_recorded)++;
	} else {
		(*vtd->stats.faults_dropped)++;
	}
}

/* Once software has serviced every condition, the event is withdrawn. */
static void withdraw_if_serviced(struct ims_vtd *vtd)
{
	if (!(vtd_reg(vtd, R_FSTS) & (FSTS_PFO | FSTS_PPF | FSTS_IQE)))
		ims_regfile_update(&vtd->regs, R_FECTL, ECTL_IP, 0);
}

/* Software cleared F in a record (W1C): PPF/FRI follow. */
void vtd_frcd_written(void *opaque, unsigned reg, uint64_t old,
		      uint64_t written, uint64_t mask)
{
	update_pending(opaque);
	withdraw_if_serviced(opaque);
}

/* W1C of PFO/IQE. */
void vtd_fsts_written(void *opaque, unsigned reg, uint64_t old,
		      uint64_t written, uint64_t mask)
{
	withdraw_if_serviced(opaque);
}

/* Unmasking with an event pending sends it. */
void vtd_fectl_written(void *opaque, unsigned reg, uint64_t old,
		       uint64_t written, uint64_t mask)
{
	struct ims_vtd *vtd = opaque;
	uint64_t fectl = vtd_reg(vtd, R_FECTL);

	if ((fectl & ECTL_IP) && !(fectl & ECTL_IM))
		send_fault_msi(vtd);
}

void vtd_faults_reset(struct ims_vtd *vtd)
{
	vtd->next_frcd = 0;
}
