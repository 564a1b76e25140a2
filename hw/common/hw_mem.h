/* SPDX-License-Identifier: MIT */
/*
 * "Hardware memory": how a unit reads and writes simulated memory. Every
 * access charges the clock (TABLE_READ / TABLE_WRITE), reaches the mem.read
 * / mem.write fault-injection point with its physical address, then goes to
 * mem.h. A failure (bus error or injected) is returned as a negative errno;
 * the unit turns it into the fault its specification prescribes.
 */
#ifndef IMS_HW_MEM_H
#define IMS_HW_MEM_H

#include "iommusim/clock.h"
#include "iommusim/finj.h"
#include "iommusim/mem.h"

struct ims_hwmem {
	struct ims_mem *mem;
	struct ims_clock *clock;
	struct ims_finj *finj;   /* may be NULL */
};

static inline int ims_hwmem_read64(const struct ims_hwmem *hw, ims_phys_t addr,
				   uint64_t *val)
{
	int err;

	ims_clock_charge(hw->clock, IMS_COST_TABLE_READ);
	err = ims_finj_reach(hw->finj, IMS_FINJ_MEM_READ, addr);
	if (__builtin_expect(err != 0, 0))
		return err;
	return ims_mem_read64(hw->mem, addr, val);
}

/* One 16-byte fetch (root/context entry, descriptor): charged once. */
static inline int ims_hwmem_read128(const struct ims_hwmem *hw,
				    ims_phys_t addr, uint64_t val[2])
{
	int err;

	ims_clock_charge(hw->clock, IMS_COST_TABLE_READ);
	err = ims_finj_reach(hw->finj, IMS_FINJ_MEM_READ, addr);
	if (err)
		return err;
	if (addr & 15)
		return ims_mem_read(hw->mem, addr, val, 16);
	err = ims_mem_read64(hw->mem, addr, &val[0]);
	return err ? err : ims_mem_read64(hw->mem, addr + 8, &val[1]);
}

static inline int ims_hwmem_write32(const struct ims_hwmem *hw,
				    ims_phys_t addr, uint32_t val)
{
	int err;

	ims_clock_charge(hw->clock, IMS_COST_TABLE_WRITE);
	err = ims_finj_reach(hw->finj, IMS_FINJ_MEM_WRITE, addr);
	return err ? err : ims_mem_write32(hw->mem, addr, val);
}

static inline int ims_hwmem_write64(const struct ims_hwmem *hw,
				    ims_phys_t addr, uint64_t val)
{
	int err;

	ims_clock_charge(hw->clock, IMS_COST_TABLE_WRITE);
	err = ims_finj_reach(hw->finj, IMS_FINJ_MEM_WRITE, addr);
	return err ? err : ims_mem_write64(hw->mem, addr, val);
}

#endif
