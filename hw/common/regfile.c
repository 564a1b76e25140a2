/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "iommusim/finj.h"
#include "hw_alloc.h"
#include "hw_regfile.h"

static bool desc_valid(const struct ims_reg_desc *d, uint32_t size)
{
	if (d->width != 4 && d->width != 8)
		return false;
	if (d->offset % d->width || d->offset > size - d->width)
		return false;
	return true;
}

static int fill_slots(struct ims_regfile *rf)
{
	for (uint32_t i = 0; i < rf->size / 4; i++)
		rf->slot[i] = -1;
	for (unsigned r = 0; r < rf->n_regs; r++) {
		const struct ims_reg_desc *d = &rf->regs[r];
		uint32_t first = d->offset / 4;

		for (unsigned half = 0; half < d->width / 4u; half++) {
			if (rf->slot[first + half] != -1)
				return -EINVAL;
			rf->slot[first + half] = (int32_t)(r << 1 | half);
		}
	}
	return 0;
}

int ims_regfile_init(struct ims_regfile *rf, const struct ims_reg_desc *regs,
		     unsigned n, uint32_t size, void *opaque,
		     struct ims_finj *finj)
{
	int err;

	memset(rf, 0, sizeof(*rf));
	if (size == 0 || size % 8)
		return -EINVAL;
	for (unsigned r = 0; r < n; r++)
		if (!desc_valid(&regs[r], size))
			return -EINVAL;
	err = ims_hw_alloc0(finj, sizeof(*regs) * n, (void **)&rf->regs);
	if (!err)
		err = ims_hw_alloc0(finj, sizeof(uint64_t) * n,
				    (void **)&rf->val);
	if (!err)
		err = ims_hw_alloc0(finj, sizeof(int32_t) * (size / 4),
				    (void **)&rf->slot);
	if (!err) {
		memcpy(rf->regs, regs, sizeof(*regs) * n);
		rf->n_regs = n;
		rf->size = size;
		rf->opaque = opaque;
		err = fill_slots(rf);
	}
	if (err) {
		ims_regfile_fini(rf);
		return err;
	}
	ims_regfile_reset(rf);
	return 0;
}

void ims_regfile_fini(struct ims_regfile *rf)
{
	g_free(rf->regs);
	g_free(rf->val);
	g_free(rf->slot);
	memset(rf, 0, sizeof(*rf));
}

void ims_regfile_reset(struct ims_regfile *rf)
{
	for (unsigned r = 0; r < rf->n_regs; r++)
		rf->val[r] = rf->regs[r].reset & ~rf->regs[r].rsvd;
}

int ims_regfile_find(const struct ims_regfile *rf, uint64_t offset)
{
	int32_t slot;

	if (offset >= rf->size || offset % 4)
		return -ENOENT;
	slot = rf->slot[offset / 4];
	if (slot < 0 || (slot & 1))
		return -ENOENT;
	return slot >> 1;
}

/* One 4-byte or whole-register access: which register, shift and mask. */
static int locate(const struct ims_regfile *rf, uint64_t offset, unsigned size,
		  unsigned *reg, unsigned *shift, uint64_t *mask)
{
	int32_t slot;

	if (offset >= rf->size || offset % 4)
		return -ENOENT;
	slot = rf->slot[offset / 4];
	if (slot < 0)
		return -ENOENT;
	*reg = (unsigned)slot >> 1;
	*shift = (slot & 1) ? 32 : 0;
	if (size == 8 && rf->regs[*reg].width == 8 && !*shift)
		*mask = UINT64_MAX;
	else
		*mask = UINT64_C(0xffffffff) << *shift;
	return 0;
}

static uint64_t read_one(const struct ims_regfile *rf, unsigned reg)
{
	if (rf->regs[reg].write_only)
		return 0;
	return rf->val[reg] & ~rf->regs[reg].rsvd;
}

int ims_regfile_read(const struct ims_regfile *rf, uint64_t offset,
		     unsigned size, uint64_t *val)
{
	unsigned reg, shift;
	uint64_t mask, hi = 0;
	int err;

	if (size != 4 && size != 8)
		return -EINVAL;
	err = locate(rf, offset, size, &reg, &shift, &mask);
	if (err)
		return err;
	*val = (read_one(rf, reg) & mask) >> shift;
	if (size == 8 && mask != UINT64_MAX) {
		/* A 64-bit access to a 32-bit register also covers the next
		 * dword: a register there, or reserved space reading 0. */
		if (locate(rf, offset + 4, 4, &reg, &shift, &mask) == 0)
			hi = (read_one(rf, reg) & mask) >> shift;
		*val |= hi << 32;
	}
	return 0;
}

static void write_one(struct ims_regfile *rf, unsigned reg, unsigned shift,
		      uint64_t mask, uint64_t data)
{
	const struct ims_reg_desc *d = &rf->regs[reg];
	uint64_t old = rf->val[reg];
	uint64_t written = (data << shift) & mask;
	uint64_t writable = mask & ~(d->ro | d->w1c | d->rsvd);
	uint64_t val = (old & ~writable) | (written & writable);

	val &= ~(written & d->w1c);
	rf->val[reg] = val & ~d->rsvd;
	if (d->on_write)
		d->on_write(rf->opaque, reg, old, written, mask);
}

int ims_regfile_write(struct ims_regfile *rf, uint64_t offset, unsigned size,
		      uint64_t val)
{
	unsigned reg, shift;
	uint64_t mask;
	int err;

	if (size != 4 && size != 8)
		return -EINVAL;
	err = locate(rf, offset, size, &reg, &shift, &mask);
	if (err)
		return err;
	if (size == 4)
		val &= UINT64_C(0xffffffff);
	write_one(rf, reg, shift, mask, val);
	if (size == 8 && mask != UINT64_MAX &&
	    locate(rf, offset + 4, 4, &reg, &shift, &mask) == 0)
		write_one(rf, reg, shift, mask, val >> 32);
	return 0;
}
