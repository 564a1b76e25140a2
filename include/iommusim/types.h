/* SPDX-License-Identifier: MIT */
/*
 * Basic types shared by every module: addresses, requester ids, access
 * kinds and the typed fault record a hardware model returns.
 */
#ifndef IOMMUSIM_TYPES_H
#define IOMMUSIM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t ims_iova_t;   /* I/O virtual address, as issued by a device */
typedef uint64_t ims_phys_t;   /* simulated physical address */
typedef uint16_t ims_rid_t;    /* PCI requester id: bus << 8 | devfn */
typedef uint64_t ims_cycles_t; /* simulated clock cycles */

#define IMS_PAGE_SHIFT 12
#define IMS_PAGE_SIZE (UINT64_C(1) << IMS_PAGE_SHIFT)
#define IMS_PAGE_MASK (~(IMS_PAGE_SIZE - 1))

#define IMS_RID(bus, dev, fn) \
	((ims_rid_t)(((bus) << 8) | ((dev) << 3) | (fn)))
#define IMS_RID_BUS(rid) ((unsigned)((rid) >> 8))
#define IMS_RID_DEVFN(rid) ((unsigned)((rid) & 0xff))

enum ims_access {
	IMS_ACCESS_READ = 0,
	IMS_ACCESS_WRITE = 1,
};

/* Which architecture produced a fault; decides how `reason` is read. */
enum ims_fault_kind {
	IMS_FAULT_NONE = 0,
	IMS_FAULT_VTD,  /* reason = VT-d fault reason (0x1..0xE legacy) */
	IMS_FAULT_SMMU, /* reason = SMMUv3 event id (0x10 F_TRANSLATION...) */
};

/*
 * A translation fault as the walker found it. Whether and how it is made
 * visible (fault recording registers, event queue) is the unit's decision;
 * `recorded` says what the unit did.
 */
struct ims_fault {
	enum ims_fault_kind kind;
	uint8_t reason;
	uint32_t source;      /* requester id (VT-d) or StreamID (SMMU) */
	ims_iova_t addr;      /* faulting input address */
	enum ims_access access;
	bool recorded;        /* false: suppressed (FPD), dropped (overflow) */
};

#endif
