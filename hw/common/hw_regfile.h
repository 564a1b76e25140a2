/* SPDX-License-Identifier: MIT */
/*
 * A declared register file: each register has an offset, a width (4 or 8
 * bytes), a reset value and per-bit semantics. The file turns bus accesses
 * (32- or 64-bit, possibly a half of a 64-bit register) into value updates
 * and then calls the register's write hook, which models side effects.
 *
 * Bit semantics on a software write (mask M = bits the access covers):
 *   RO    : never changed by software (hardware sets them with _set()).
 *   W1C   : a 1 written clears the bit; a 0 leaves it.
 *   RsvdZ : reads 0, writes ignored.
 *   other : read-write.
 * A write-only register (GCMD) reads as 0 but still stores what was written
 * so that its hook can act on it.
 */
#ifndef IMS_HW_REGFILE_H
#define IMS_HW_REGFILE_H

#include "iommusim/types.h"

struct ims_regfile;

/*
 * Called after the stored value was updated. `written` is the value the
 * access carried, shifted into register position; `mask` the bits the
 * access covered (0xffffffff00000000 for a write to the high dword).
 */
typedef void (*ims_reg_write_fn)(void *opaque, unsigned reg, uint64_t old,
				 uint64_t written, uint64_t mask);

struct ims_reg_desc {
	const char *name;       /* static string, "FSTS", "FRCD3H" */
	uint32_t offset;        /* naturally aligned to width */
	uint8_t width;          /* 4 or 8 */
	bool write_only;        /* reads return 0 */
	uint64_t reset;
	uint64_t ro, w1c, rsvd; /* bit masks, see above */
	ims_reg_write_fn on_write; /* NULL: no side effect */
};

struct ims_regfile {
	struct ims_reg_desc *regs; /* owned copy */
	unsigned n_regs;
	uint64_t *val;             /* current value of each register */
	int32_t *slot;             /* by offset / 4: reg index << 1 | high half, -1 */
	uint32_t size;             /* window bytes covered by `slot` */
	void *opaque;              /* passed to hooks */
};

/*
 * Builds a file of `n` registers inside a window of `size` bytes (multiple
 * of 8). Returns 0, -EINVAL (overlap, misaligned, outside the window, bad
 * width) or -ENOMEM (the "hw.alloc" point, checked by the caller: this
 * function reaches `finj` once per allocation).
 */
struct ims_finj;
int ims_regfile_init(struct ims_regfile *rf, const struct ims_reg_desc *regs,
		     unsigned n, uint32_t size, void *opaque,
		     struct ims_finj *finj);
void ims_regfile_fini(struct ims_regfile *rf);
void ims_regfile_reset(struct ims_regfile *rf);

/* Bus-facing accesses. 0, -ENOENT (no register at offset), -EINVAL (size). */
int ims_regfile_read(const struct ims_regfile *rf, uint64_t offset,
		     unsigned size, uint64_t *val);
int ims_regfile_write(struct ims_regfile *rf, uint64_t offset, unsigned size,
		      uint64_t val);

/* Hardware-side access by register index: no semantics, no hooks. */
static inline uint64_t ims_regfile_get(const struct ims_regfile *rf,
				       unsigned reg)
{
	return rf->val[reg];
}

static inline void ims_regfile_set(struct ims_regfile *rf, unsigned reg,
				   uint64_t val)
{
	rf->val[reg] = val & ~rf->regs[reg].rsvd;
}

static inline void ims_regfile_update(struct ims_regfile *rf, unsigned reg,
				      uint64_t clear, uint64_t set)
{
	ims_regfile_set(rf, reg, (rf->val[reg] & ~clear) | set);
}

/* Index of the register at `offset` (its first byte), or -ENOENT. */
int ims_regfile_find(const struct ims_regfile *rf, uint64_t offset);

#endif
