/* SPDX-License-Identifier: MIT */
/*
 * Machine assembly (machine.h).
 *
 * Theory of operation: create checks that the platform's RAM is free in
 * the simulation, builds every unit (model from the registry, MMIO window
 * on the bus), then one endpoint per device wired to its unit's DMA port,
 * and declares RAM last: mem.h cannot take RAM back, so nothing that can
 * fail comes after it. Any failure tears down what was built, in reverse.
 */
#include <errno.h>
#include <stdarg.h>

#include "iommusim/machine.h"
#include "iommusim/pci.h"
#include "machine_models.h"

struct machine_unit {
	const struct machine_model *model;
	void *dev;          /* the model's instance; NULL if not created */
	bool mapped;        /* window on sim->bus */
};

struct ims_machine {
	struct ims_sim *sim;
	const struct ims_platform *platform; /* borrowed */
	struct machine_unit *units;          /* platform->n_units */
	struct ims_endpoint **endpoints;     /* platform->n_devices */
};

static bool fail(GError **error, const struct ims_platform *p,
		 const char *node, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static bool fail(GError **error, const struct ims_platform *p,
		 const char *node, const char *fmt, ...)
{
	g_autofree char *what = NULL;
	va_list ap;

	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, IMS_PLATFORM_ERROR, IMS_PLATFORM_ERROR_INVALID,
		    "%s: %s: %s", p->path, node, what);
	return false;
}

static void teardown(struct ims_machine *m)
{
	const struct ims_platform *p = m->platform;

	for (unsigned i = p->n_devices; i-- > 0;)
		ims_endpoint_destroy(m->endpoints[i]);
	for (unsigned i = p->n_units; i-- > 0;) {
		struct machine_unit *u = &m->units[i];

		if (u->mapped)
			ims_bus_unmap(m->sim->bus, p->units[i].base);
		if (u->dev)
			u->model->destroy(u->dev);
	}
	g_free(m->endpoints);
	g_free(m->units);
	g_free(m);
}

static bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

/* Everything ims_mem_add_ram() would refuse, checked before building. */
static bool ram_range_ok(struct ims_machine *m, unsigned r, GError **error)
{
	const struct ims_platform *p = m->platform;
	const struct ims_platform_ram *ram = &p->ram[r];
	const uint64_t limit = UINT64_C(1) << IMS_MEM_PHYS_BITS;

	if (ram->size == 0 || (ram->base | ram->size) & (IMS_PAGE_SIZE - 1) ||
	    ram->base >= limit || ram->size > limit - ram->base)
		return fail(error, p, "/", "RAM range %u is not a page-aligned "
			    "range below 2^52", r);
	for (unsigned o = 0; o < r; o++)
		if (ranges_overlap(ram->base, ram->size, p->ram[o].base,
				   p->ram[o].size))
			return fail(error, p, "/", "RAM ranges %u and %u "
				    "overlap", o, r);
	return true;
}

static bool ram_is_free(struct ims_machine *m, GError **error)
{
	const struct ims_platform *p = m->platform;
	unsigned n = ims_mem_ram_count(m->sim->mem);

	for (unsigned r = 0; r < p->n_ram; r++) {
		if (!ram_range_ok(m, r, error))
			return false;
		for (unsigned i = 0; i < n; i++) {
			ims_phys_t base;
			uint64_t size;

			ims_mem_ram_range(m->sim->mem, i, &base, &size);
			if (ranges_overlap(base, size, p->ram[r].base,
					   p->ram[r].size))
				return fail(error, p, "/",
					    "RAM at 0x%" G_GINT64_MODIFIER "x is "
					    "already declared in this simulation",
					    p->ram[r].base);
		}
	}
	return true;
}

static void declare_ram(struct ims_machine *m)
{
	const struct ims_platform *p = m->platform;

	/* Cannot fail: ram_is_free() checked what ims_mem_add_ram checks. */
	for (unsigned r = 0; r < p->n_ram; r++) {
		int err = ims_mem_add_ram(m->sim->mem, p->ram[r].base,
					  p->ram[r].size);

		g_assert(err == 0);
	}
}

static bool create_model(struct ims_machine *m, unsigned i,
			 struct machine_unit *u, GError **error)
{
	const struct ims_platform_unit *pu = &m->platform->units[i];
	const char *name = pu->label ? pu->label : pu->name;
	int err;

	u->model = machine_model_find(pu->compatible);
	if (!u->model)
		return fail(error, m->platform, pu->path,
			    "no model for compatible \"%s\"", pu->compatible);
	if (u->model->unsupported) {
		/* Left out, not refused: a trace may use the rest of the
		 * machine; its devices get no endpoint (DMA: -ENODEV). */
		g_info("%s: %s: %s; its devices cannot issue DMA",
		       m->platform->path, pu->path, u->model->unsupported);
		return true;
	}
	err = u->model->create(m->sim, pu, name, &u->dev);
	if (err == -EINVAL)
		return fail(error, m->platform, pu->path,
			    "capabilities the model cannot honour (CAP/ECAP)");
	if (err)
		return fail(error, m->platform, pu->path,
			    "cannot create the unit: %s", g_strerror(-err));
	return true;
}

static bool build_unit(struct ims_machine *m, unsigned i, GError **error)
{
	const struct ims_platform_unit *pu = &m->platform->units[i];
	struct machine_unit *u = &m->units[i];
	uint64_t need;
	int err;

	if (!create_model(m, i, u, error))
		return false;
	if (!u->dev)
		return true; /* no model for this kind of unit yet */
	need = u->model->mmio_size(u->dev);
	if (pu->size < need)
		return fail(error, m->platform, pu->path,
			    "reg: register window of 0x%" G_GINT64_MODIFIER "x "
			    "bytes is smaller than the 0x%" G_GINT64_MODIFIER
			    "x the model needs", pu->size, need);
	err = ims_bus_map(m->sim->bus, pu->label ? pu->label : pu->name,
			  pu->base, pu->size, u->model->mmio_ops(), u->dev);
	if (err)
		return fail(error, m->platform, pu->path,
			    "reg: cannot map the register window on the bus: "
			    "%s", g_strerror(-err));
	u->mapped = true;
	return true;
}

static bool build_endpoint(struct ims_machine *m, unsigned i, GError **error)
{
	const struct ims_platform_device *d = &m->platform->devices[i];
	g_autofree char *id = ims_platform_device_id(d);
	struct ims_endpoint_config cfg = { .name = id, .source = d->source };
	int err;

	/* The struct may be built by hand (tests, importers), not loaded. */
	if (d->unit < -1 || d->unit >= (int)m->platform->n_units)
		return fail(error, m->platform, d->path,
			    "refers to unit %d, which does not exist", d->unit);
	if (d->unit >= 0) {
		struct machine_unit *u = &m->units[d->unit];

		if (!u->dev)
			return true; /* behind a unit that is not modelled */
		cfg.port = u->model->dma_port(u->dev);
	}
	err = ims_endpoint_create(m->sim, &cfg, &m->endpoints[i]);
	if (err)
		return fail(error, m->platform, d->path,
			    "cannot create the endpoint: %s", g_strerror(-err));
	return true;
}

struct ims_machine *ims_machine_create(struct ims_sim *sim,
				       const struct ims_platform *platform,
				       GError **error)
{
	struct ims_machine *m = g_new0(struct ims_machine, 1);

	m->sim = sim;
	m->platform = platform;
	m->units = g_new0(struct machine_unit, platform->n_units);
	m->endpoints = g_new0(struct ims_endpoint *, platform->n_devices);
	if (!ram_is_free(m, error))
		goto fail;
	for (unsigned i = 0; i < platform->n_units; i++)
		if (!build_unit(m, i, error))
			goto fail;
	for (unsigned i = 0; i < platform->n_devices; i++)
		if (!build_endpoint(m, i, error))
			goto fail;
	declare_ram(m);
	return m;
fail:
	teardown(m);
	return NULL;
}

void ims_machine_destroy(struct ims_machine *machine)
{
	if (machine)
		teardown(machine);
}

void ims_machine_reset(struct ims_machine *machine)
{
	for (unsigned i = 0; i < machine->platform->n_units; i++) {
		struct machine_unit *u = &machine->units[i];

		if (u->dev)
			u->model->reset(u->dev);
	}
}

const struct ims_platform *ims_machine_platform(const struct ims_machine *m)
{
	return m->platform;
}

int ims_machine_dma(struct ims_machine *machine, unsigned device,
		    enum ims_access access, ims_iova_t iova, uint64_t len,
		    struct ims_dma_result *res)
{
	if (device >= machine->platform->n_devices ||
	    !machine->endpoints[device])
		return -ENODEV;
	return ims_endpoint_dma(machine->endpoints[device], access, iova, len,
				res);
}
