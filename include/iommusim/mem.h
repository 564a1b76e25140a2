/* SPDX-License-Identifier: MIT */
/*
 * Simulated physical memory: sparse 4 KiB pages over a 52-bit space. Only
 * the RAM ranges of the platform exist; an access that touches anything else
 * is a bus error (-EFAULT) the caller sees. Never-written RAM reads as zero
 * and costs no host memory.
 *
 * Memory knows nothing of time or fault injection: hardware models wrap it
 * (hw/common) to charge the clock and honour the "mem.read" failure point;
 * the modelled host software uses it directly, as a CPU would.
 */
#ifndef IOMMUSIM_MEM_H
#define IOMMUSIM_MEM_H

#include "iommusim/types.h"

#define IMS_MEM_PHYS_BITS 52

struct ims_mem;

struct ims_mem *ims_mem_new(void);
void ims_mem_free(struct ims_mem *mem);

/*
 * Declares [base, base + size) as RAM. Both must be page aligned.
 * Returns 0, -EINVAL (unaligned, empty, beyond 52 bits) or -EEXIST (overlap).
 */
int ims_mem_add_ram(struct ims_mem *mem, ims_phys_t base, uint64_t size);

/* True if every byte of [addr, addr + len) is RAM. */
bool ims_mem_is_ram(const struct ims_mem *mem, ims_phys_t addr, uint64_t len);

/* Total bytes of RAM declared. */
uint64_t ims_mem_ram_size(const struct ims_mem *mem);
/* Number of RAM ranges and the i-th one (ascending base). -ENOENT past end. */
unsigned ims_mem_ram_count(const struct ims_mem *mem);
int ims_mem_ram_range(const struct ims_mem *mem, unsigned i, ims_phys_t *base,
		      uint64_t *size);

/*
 * Byte-granular access of any length and alignment. Returns 0 or -EFAULT
 * when any byte lies outside RAM; on -EFAULT nothing was transferred.
 */
int ims_mem_read(const struct ims_mem *mem, ims_phys_t addr, void *buf,
		 size_t len);
int ims_mem_write(struct ims_mem *mem, ims_phys_t addr, const void *buf,
		  size_t len);
/* Sets [addr, addr + len) to zero; frees backing pages that become empty. */
int ims_mem_zero(struct ims_mem *mem, ims_phys_t addr, uint64_t len);

/* Little-endian scalar accessors (the common case, kept fast). */
int ims_mem_read64(const struct ims_mem *mem, ims_phys_t addr, uint64_t *val);
int ims_mem_write64(struct ims_mem *mem, ims_phys_t addr, uint64_t val);
int ims_mem_read32(const struct ims_mem *mem, ims_phys_t addr, uint32_t *val);
int ims_mem_write32(struct ims_mem *mem, ims_phys_t addr, uint32_t val);

/* Host pages currently backing simulated memory (for stats and RSS). */
uint64_t ims_mem_resident_pages(const struct ims_mem *mem);

#endif
