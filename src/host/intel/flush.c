/* SPDX-License-Identifier: MIT */
/*
 * Context-cache and IOTLB invalidation, through the invalidation queue
 * (descriptor + wait descriptor with status write, polled: qi_submit_sync)
 * or through the CCMD / IOTLB registers (polled until ICC / IVT clear).
 * Every invalidation issued costs IMS_COST_DRIVER_FLUSH.
 */
#include <errno.h>

#include "intel.h"

#define POLL_LIMIT 1000
#define QI_SLOTS 256   /* one 4 KiB page of 16-byte descriptors (QS = 0) */

#define QI_CC_TYPE UINT64_C(1)
#define QI_IOTLB_TYPE UINT64_C(2)
#define QI_WAIT_TYPE UINT64_C(5)
#define QI_WAIT_SW (UINT64_C(1) << 5)
#define QI_WAIT_FN (UINT64_C(1) << 6)

#define CCMD_ICC (UINT64_C(1) << 63)
#define IOTLB_IVT (UINT64_C(1) << 63)
#define IOTLB_IAIG(v) (((v) >> 57) & 3)

static uint64_t iotlb_reg(const struct intel_unit *u)
{
	return 16 * (uint64_t)ECAP_IRO(u->ecap) + 8;
}

/* Read/write draining, as Linux sets them whenever the unit can. */
static uint64_t drain_bits_qi(const struct intel_unit *u)
{
	return (CAP_DRD(u->cap) ? UINT64_C(1) << 7 : 0) |
	       (CAP_DWD(u->cap) ? UINT64_C(1) << 6 : 0);
}

static int poll_clear(struct ims_intel *drv, struct intel_unit *u,
		      uint64_t off, uint64_t bit, uint64_t *last)
{
	for (unsigned i = 0; i < POLL_LIMIT; i++) {
		int err = ims_intel_reg_read(drv, u, off, 8, last);

		if (err)
			return err;
		if (!(*last & bit))
			return 0;
	}
	g_warning("%s: invalidation at %#" G_GINT64_MODIFIER "x never "
		  "completed", u->name, off);
	return -EIO;
}

static void qi_put(struct ims_intel *drv, struct intel_unit *u, unsigned slot,
		   uint64_t lo, uint64_t hi)
{
	struct ims_mem *mem = intel_sim(drv)->mem;

	ims_mem_write64(mem, u->iq + 16 * slot, lo);
	ims_mem_write64(mem, u->iq + 16 * slot + 8, hi);
}

/* IQE: like qi_check_fault(), replace the rejected descriptor by a wait
 * descriptor so that the queue can move on, and clear the error. */
static int qi_recover(struct ims_intel *drv, struct intel_unit *u,
		      uint64_t wait_lo, uint64_t wait_hi)
{
	uint64_t iqh = 0;

	ims_intel_reg_read(drv, u, DMAR_IQH, 8, &iqh);
	qi_put(drv, u, (iqh >> 4) % QI_SLOTS, wait_lo, wait_hi);
	ims_intel_reg_write(drv, u, DMAR_FSTS, 4, FSTS_IQE);
	g_warning("%s: invalidation queue error at descriptor %u", u->name,
		  (unsigned)((iqh >> 4) % QI_SLOTS));
	return -EINVAL;
}

static int qi_submit(struct ims_intel *drv, struct intel_unit *u,
		     uint64_t lo, uint64_t hi)
{
	struct ims_mem *mem = intel_sim(drv)->mem;
	uint32_t datum = ++u->wait_seq ? u->wait_seq : ++u->wait_seq;
	uint64_t wait_lo = QI_WAIT_TYPE | QI_WAIT_SW | QI_WAIT_FN |
			   ((uint64_t)datum << 32);
	unsigned slot = u->iq_tail;
	int err;

	qi_put(drv, u, slot, lo, hi);
	qi_put(drv, u, (slot + 1) % QI_SLOTS, wait_lo, u->iq_status);
	ims_mem_write32(mem, u->iq_status, 0);
	u->iq_tail = (slot + 2) % QI_SLOTS;
	err = ims_intel_reg_write(drv, u, DMAR_IQT, 8, (uint64_t)u->iq_tail << 4);
	for (unsigned i = 0; !err && i < POLL_LIMIT; i++) {
		uint32_t status = 0;
		uint64_t fsts = 0;

		ims_mem_read32(mem, u->iq_status, &status);
		if (status == datum)
			return 0;
		err = ims_intel_reg_read(drv, u, DMAR_FSTS, 4, &fsts);
		if (!err && (fsts & FSTS_IQE))
			return qi_recover(drv, u, wait_lo, u->iq_status);
	}
	g_warning("%s: invalidation wait never completed (%d)", u->name, err);
	return -EIO;
}

int ims_intel_qi_enable(struct ims_intel *drv, struct intel_unit *u)
{
	int err = ims_pa_alloc_page(drv->host->pa, &u->iq);

	if (!err) {
		err = ims_pa_alloc_page(drv->host->pa, &u->iq_status);
		if (err) {
			ims_pa_free_page(drv->host->pa, u->iq);
			u->iq = 0;
		}
	}
	if (err)
		return err;
	u->iq_tail = 0;
	err = ims_intel_reg_write(drv, u, DMAR_IQT, 8, 0);
	if (!err)
		err = ims_intel_reg_write(drv, u, DMAR_IQA, 8, u->iq); /* QS 0 */
	if (!err)
		err = ims_intel_gcmd_sync(drv, u, GCMD_QIE, GSTS_QIES, true);
	if (err)
		return err;
	u->gcmd |= GCMD_QIE;
	u->qi = true;
	return 0;
}

int ims_intel_flush_context(struct ims_intel *drv, struct intel_unit *u,
			    enum intel_inv_gran gran, uint16_t did,
			    uint16_t sid)
{
	uint64_t last;
	int err;

	ims_clock_charge(&intel_sim(drv)->clock, IMS_COST_DRIVER_FLUSH);
	(*u->stat_cc_inv)++;
	if (u->qi)
		return qi_submit(drv, u, QI_CC_TYPE | ((uint64_t)gran << 4) |
				 ((uint64_t)did << 16) | ((uint64_t)sid << 32), 0);
	err = ims_intel_reg_write(drv, u, DMAR_CCMD, 8,
				  CCMD_ICC | ((uint64_t)gran << 61) |
				  ((uint64_t)sid << 16) | did);
	return err ? err : poll_clear(drv, u, DMAR_CCMD, CCMD_ICC, &last);
}

/* One IOTLB invalidation; `iva` is ADDR | IH | AM for page granularity. */
static int flush_iotlb(struct ims_intel *drv, struct intel_unit *u,
		       enum intel_inv_gran gran, uint16_t did, uint64_t iva)
{
	uint64_t last = 0;
	int err = 0;

	ims_clock_charge(&intel_sim(drv)->clock, IMS_COST_DRIVER_FLUSH);
	(*u->stat_iotlb_inv)++;
	if (u->qi)
		return qi_submit(drv, u, QI_IOTLB_TYPE | ((uint64_t)gran << 4) |
				 drain_bits_qi(u) | ((uint64_t)did << 16), iva);
	if (gran == INV_DEVICE_OR_PAGE)
		err = ims_intel_reg_write(drv, u, iotlb_reg(u) - 8, 8, iva);
	if (!err)
		err = ims_intel_reg_write(drv, u, iotlb_reg(u), 8,
					  IOTLB_IVT | ((uint64_t)gran << 60) |
					  (drain_bits_qi(u) << 42) |
					  ((uint64_t)did << 32));
	if (!err)
		err = poll_clear(drv, u, iotlb_reg(u), IOTLB_IVT, &last);
	if (!err && IOTLB_IAIG(last) == 0)
		g_warning("%s: IOTLB invalidation rejected (IAIG 0)", u->name);
	return err;
}

int ims_intel_flush_iotlb(struct ims_intel *drv, struct intel_unit *u,
			  enum intel_inv_gran gran, uint16_t did)
{
	return flush_iotlb(drv, u, gran, did, 0);
}

int ims_intel_flush_iotlb_psi(struct ims_intel *drv, struct intel_unit *u,
			      uint16_t did, uint64_t pfn, uint64_t npages,
			      bool leaf_only)
{
	unsigned am = 0;

	/* Smallest naturally aligned block covering the range (3.15 did
	 * not align the address; the specification requires it). */
	while (((pfn >> am) << am) + (UINT64_C(1) << am) < pfn + npages)
		am++;
	if (!CAP_PSI(u->cap) || am > CAP_MAMV(u->cap))
		return flush_iotlb(drv, u, INV_DOMAIN, did, 0);
	return flush_iotlb(drv, u, INV_DEVICE_OR_PAGE, did,
			   (((pfn >> am) << am) << IMS_PAGE_SHIFT) |
			   ((uint64_t)leaf_only << 6) | am);
}
