/* SPDX-License-Identifier: MIT */
/*
 * The MMIO bus: the only way software (the modelled host, raw trace
 * statements, tests) reaches a unit's registers. Units register a window
 * with read/write callbacks; accesses are 32- or 64-bit, naturally aligned.
 */
#ifndef IOMMUSIM_BUS_H
#define IOMMUSIM_BUS_H

#include "iommusim/types.h"

struct ims_bus;
struct ims_clock;

/*
 * Callbacks receive the offset inside the window and an access size of 4 or
 * 8 (the bus has already rejected anything else). They return 0, or
 * -ENOENT when no register lives at that offset (the caller decides whether
 * that is an error: a raw trace reports it, a driver never issues one).
 */
struct ims_mmio_ops {
	int (*read)(void *opaque, uint64_t offset, unsigned size, uint64_t *val);
	int (*write)(void *opaque, uint64_t offset, unsigned size, uint64_t val);
};

/* `clock` may be NULL (no cost charged); otherwise MMIO_READ/WRITE charged. */
struct ims_bus *ims_bus_new(struct ims_clock *clock);
void ims_bus_free(struct ims_bus *bus);

/*
 * Maps a window. `name` is copied. Returns 0, -EINVAL (size 0 or wrap),
 * -EEXIST (overlaps another window).
 */
int ims_bus_map(struct ims_bus *bus, const char *name, uint64_t base,
		uint64_t size, const struct ims_mmio_ops *ops, void *opaque);
/* Removes the window at `base`; -ENOENT if none. */
int ims_bus_unmap(struct ims_bus *bus, uint64_t base);

/*
 * Accesses. Return 0; -EINVAL for a size other than 4/8 or a misaligned
 * address; -ENODEV when no window covers the address; -ENOENT from the unit.
 * A 64-bit read fills *val; a 32-bit read zero-extends.
 */
int ims_bus_read(struct ims_bus *bus, uint64_t addr, unsigned size,
		 uint64_t *val);
int ims_bus_write(struct ims_bus *bus, uint64_t addr, unsigned size,
		  uint64_t val);

#endif
