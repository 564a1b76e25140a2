/* SPDX-License-Identifier: MIT */
/*
 * The simulated clock. Every hardware action and every unit of modelled
 * driver CPU work charges a cost kind; the timing profile (timing.h) says how
 * many cycles each kind is worth. With timing off every cost is zero, so
 * timing can never change a functional result.
 */
#ifndef IOMMUSIM_CLOCK_H
#define IOMMUSIM_CLOCK_H

#include "iommusim/types.h"

#define IMS_COST_KINDS(X)                                                  \
	X(MMIO_READ, "mmio-read", "one register read over the MMIO bus")       \
	X(MMIO_WRITE, "mmio-write", "one register write over the MMIO bus")    \
	X(TABLE_READ, "table-read", "one 8/16-byte table fetch by a unit")     \
	X(TABLE_WRITE, "table-write", "one status/record write by a unit")     \
	X(CONTEXT_CACHE_LOOKUP, "context-cache-lookup", "context cache probe") \
	X(IOTLB_LOOKUP, "iotlb-lookup", "IOTLB probe")                         \
	X(PWC_LOOKUP, "pwc-lookup", "paging-structure cache probe")            \
	X(FAULT_RECORD, "fault-record", "recording one fault")                 \
	X(INV_DESC, "inv-desc", "processing one invalidation descriptor")      \
	X(INV_REGISTER, "inv-register", "one register-based invalidation")     \
	X(DMA_DATA, "dma-data", "moving one 64-byte beat of DMA data")         \
	X(DRIVER_PTE_WRITE, "driver-pte-write", "driver writes one entry")     \
	X(DRIVER_FLUSH, "driver-flush", "driver issues one cache flush")       \
	X(DRIVER_PIN_PAGE, "driver-pin-page", "host pins one page")

enum ims_cost {
#define IMS_COST_ENUM(id, name, desc) IMS_COST_##id,
	IMS_COST_KINDS(IMS_COST_ENUM)
#undef IMS_COST_ENUM
	IMS_COST__COUNT
};

struct ims_clock {
	ims_cycles_t now;                    /* monotonic; never goes back */
	uint32_t cost[IMS_COST__COUNT];      /* cycles per action; 0 = free */
};

static inline void ims_clock_charge(struct ims_clock *clock, enum ims_cost kind)
{
	clock->now += clock->cost[kind];
}

static inline void ims_clock_charge_n(struct ims_clock *clock,
				      enum ims_cost kind, uint64_t n)
{
	clock->now += (ims_cycles_t)clock->cost[kind] * n;
}

/* Moves time forward to `cycle`; earlier values leave the clock alone. */
static inline void ims_clock_advance_to(struct ims_clock *clock,
					ims_cycles_t cycle)
{
	if (cycle > clock->now)
		clock->now = cycle;
}

/* Stable lowercase name of a cost kind ("table-read"), NULL if out of range. */
const char *ims_cost_name(enum ims_cost kind);
const char *ims_cost_description(enum ims_cost kind);
/* Cost kind by name, or -ENOENT. */
int ims_cost_lookup(const char *name);

#endif
