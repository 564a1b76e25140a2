/* SPDX-License-Identifier: MIT */
/* The MMIO bus: a sorted list of windows, each owned by one unit. */
#include <errno.h>

#include <glib.h>

#include "iommusim/bus.h"
#include "iommusim/clock.h"

struct window {
	char *name;
	uint64_t base, size;
	const struct ims_mmio_ops *ops;
	void *opaque;
};

struct ims_bus {
	GArray *windows;         /* struct window, sorted by base */
	struct ims_clock *clock; /* may be NULL */
};

struct ims_bus *ims_bus_new(struct ims_clock *clock)
{
	struct ims_bus *bus = g_new0(struct ims_bus, 1);

	bus->windows = g_array_new(FALSE, FALSE, sizeof(struct window));
	bus->clock = clock;
	return bus;
}

void ims_bus_free(struct ims_bus *bus)
{
	if (!bus)
		return;
	for (unsigned i = 0; i < bus->windows->len; i++)
		g_free(g_array_index(bus->windows, struct window, i).name);
	g_array_free(bus->windows, TRUE);
	g_free(bus);
}

int ims_bus_map(struct ims_bus *bus, const char *name, uint64_t base,
		uint64_t size, const struct ims_mmio_ops *ops, void *opaque)
{
	struct window w = { NULL, base, size, ops, opaque };
	unsigned pos = 0;

	if (size == 0 || base + size - 1 < base || !ops)
		return -EINVAL;
	for (; pos < bus->windows->len; pos++) {
		struct window *o = &g_array_index(bus->windows, struct window, pos);

		if (base <= o->base + (o->size - 1) && o->base <= base + (size - 1))
			return -EEXIST;
		if (base < o->base)
			break;
	}
	w.name = g_strdup(name);
	g_array_insert_val(bus->windows, pos, w);
	return 0;
}

int ims_bus_unmap(struct ims_bus *bus, uint64_t base)
{
	for (unsigned i = 0; i < bus->windows->len; i++) {
		struct window *w = &g_array_index(bus->windows, struct window, i);

		if (w->base == base) {
			g_free(w->name);
			g_array_remove_index(bus->windows, i);
			return 0;
		}
	}
	return -ENOENT;
}

static const struct window *find_window(const struct ims_bus *bus,
					uint64_t addr)
{
	for (unsigned i = 0; i < bus->windows->len; i++) {
		const struct window *w =
			&g_array_index(bus->windows, struct window, i);

		if (addr >= w->base && addr - w->base < w->size)
			return w;
	}
	return NULL;
}

/* Shared checks; returns the window or NULL with *err set. */
static const struct window *route(struct ims_bus *bus, uint64_t addr,
				  unsigned size, int *err)
{
	const struct window *w;

	if ((size != 4 && size != 8) || (addr & (size - 1))) {
		*err = -EINVAL;
		return NULL;
	}
	w = find_window(bus, addr);
	if (!w || addr - w->base + size > w->size) {
		*err = -ENODEV;
		return NULL;
	}
	return w;
}

int ims_bus_read(struct ims_bus *bus, uint64_t addr, unsigned size,
		 uint64_t *val)
{
	int err = 0;
	const struct window *w = route(bus, addr, size, &err);

	if (!w)
		return err;
	if (bus->clock)
		ims_clock_charge(bus->clock, IMS_COST_MMIO_READ);
	*val = 0;
	err = w->ops->read(w->opaque, addr - w->base, size, val);
	if (size == 4)
		*val &= UINT32_MAX;
	return err;
}

int ims_bus_write(struct ims_bus *bus, uint64_t addr, unsigned size,
		  uint64_t val)
{
	int err = 0;
	const struct window *w = route(bus, addr, size, &err);

	if (!w)
		return err;
	if (bus->clock)
		ims_clock_charge(bus->clock, IMS_COST_MMIO_WRITE);
	if (size == 4)
		val &= UINT32_MAX;
	return w->ops->write(w->opaque, addr - w->base, size, val);
}
