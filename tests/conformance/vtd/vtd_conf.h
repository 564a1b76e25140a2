/* SPDX-License-Identifier: MIT */
/* Shared bits of the VT-d conformance suites (tests only). */
#ifndef IMS_TESTS_VTD_CONF_H
#define IMS_TESTS_VTD_CONF_H

#include <check.h>

#include "vtd_support.h"

/* Register offsets (window-relative). */
#define VER 0x00
#define CAP 0x08
#define ECAP 0x10
#define GCMD 0x18
#define GSTS 0x1c
#define RTADDR 0x20
#define CCMD 0x28
#define FSTS 0x34
#define FECTL 0x38
#define FEDATA 0x3c
#define FEADDR 0x40
#define IQH 0x80
#define IQT 0x88
#define IQA 0x90
#define ICS 0x9c
#define IECTL 0xa0

#define BIT(n) (UINT64_C(1) << (n))
#define RID_A IMS_RID(0, 2, 0)
#define RID_B IMS_RID(1, 3, 1)
#define DID_A 5
#define DID_B 9
#define PHYS_A UINT64_C(0x20000000)

/*
 * A translated device: unit enabled, RID_A in DID_A with a 4-level table
 * (AW=2) at `top`, iova 0x1000 -> PHYS_A mapped RW.
 */
struct conf {
	struct ims_tvtd *t;
	uint64_t top;
	unsigned levels;
};

void conf_setup(struct conf *c, const struct ims_platform_unit *unit,
		const struct ims_vtd_config *opts);
void conf_teardown(struct conf *c);
/* Global context-cache and IOTLB invalidation through the registers. */
void conf_flush(struct conf *c);
/* Clears every pending record and PFO, over MMIO. */
void conf_clear_faults(struct conf *c);
/* DMA that must fault: returns the reason; checks `recorded`. */
uint8_t conf_fault(struct conf *c, ims_rid_t rid, uint64_t iova,
		   enum ims_access a, bool recorded);
/* DMA that must succeed: returns phys. */
uint64_t conf_ok(struct conf *c, ims_rid_t rid, uint64_t iova,
		 enum ims_access a);
/* Fault record i: low and high qwords. */
uint64_t conf_frcd_lo(struct conf *c, unsigned i);
uint64_t conf_frcd_hi(struct conf *c, unsigned i);
uint8_t conf_frcd_reason(struct conf *c, unsigned i);
void conf_write_entry(struct conf *c, uint64_t addr, uint64_t val);
uint64_t conf_read_entry(struct conf *c, uint64_t addr);

Suite *vtd_regs_suite(void);
Suite *vtd_context_suite(void);
Suite *vtd_walk_suite(void);
Suite *vtd_fault_suite(void);
Suite *vtd_inval_suite(void);
Suite *vtd_qi_suite(void);
Suite *vtd_robust_suite(void);

#endif
