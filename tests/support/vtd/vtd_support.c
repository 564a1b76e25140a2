/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "vtd_support.h"

#define LOW_MASK(s) ((UINT64_C(1) << (s)) - 1)
#define ADDR_MASK (UINT64_C(0x000ffffffffff000))

static void must(int err, const char *what)
{
	if (err) {
		fprintf(stderr, "vtd support: %s failed: %d\n", what, err);
		abort();
	}
}

void ims_tvtd_unit_defaults(struct ims_platform_unit *unit)
{
	*unit = (struct ims_platform_unit){ 0 };
	unit->kind = IMS_UNIT_VTD;
	unit->address_width = 48;
	unit->lp_2m = true;
	unit->lp_1g = true;
	unit->fault_records = 8;
}

struct ims_tvtd *ims_tvtd_new(const struct ims_platform_unit *unit,
			      const struct ims_vtd_config *opts)
{
	struct ims_tvtd *t = g_new0(struct ims_tvtd, 1);
	struct ims_platform_unit defaults;
	struct ims_vtd_config cfg = { 0 };

	if (!unit) {
		ims_tvtd_unit_defaults(&defaults);
		unit = &defaults;
	}
	if (opts)
		cfg = *opts;
	cfg.name = "dmar0";
	ims_vtd_caps_from_platform(unit, &cfg.cap, &cfg.ecap);
	t->cap = cfg.cap;
	t->ecap = cfg.ecap;
	t->sim = ims_sim_new(1);
	must(ims_mem_add_ram(t->sim->mem, 0, TVTD_RAM_SIZE), "add ram");
	must(ims_vtd_create(t->sim, &cfg, &t->vtd), "ims_vtd_create");
	t->base = TVTD_MMIO_BASE;
	must(ims_bus_map(t->sim->bus, "dmar0", t->base,
			 ims_vtd_mmio_size(t->vtd), ims_vtd_mmio_ops(), t->vtd),
	     "bus map");
	t->port = ims_vtd_dma_port(t->vtd);
	ims_tvtd_tables_init(&t->tables, t->sim->mem, TVTD_TABLES_BASE,
			     TVTD_RAM_SIZE);
	return t;
}

void ims_tvtd_free(struct ims_tvtd *t)
{
	if (!t)
		return;
	ims_vtd_destroy(t->vtd);
	ims_sim_free(t->sim);
	g_free(t);
}

void ims_tvtd_tables_init(struct ims_tvtd_tables *tb, struct ims_mem *mem,
			  uint64_t base, uint64_t limit)
{
	tb->mem = mem;
	tb->next_free = base;
	tb->limit = limit;
	tb->root = ims_tvtd_alloc_page(tb);
}

uint64_t ims_tvtd_alloc_page(struct ims_tvtd_tables *tb)
{
	uint64_t page = tb->next_free;

	if (page + IMS_PAGE_SIZE > tb->limit) {
		fprintf(stderr, "vtd support: out of table pages\n");
		abort();
	}
	tb->next_free += IMS_PAGE_SIZE;
	return page; /* never written memory reads as zero */
}

static uint64_t read64(struct ims_mem *mem, uint64_t addr)
{
	uint64_t v = 0;

	must(ims_mem_read64(mem, addr, &v), "mem read");
	return v;
}

static void write64(struct ims_mem *mem, uint64_t addr, uint64_t v)
{
	must(ims_mem_write64(mem, addr, v), "mem write");
}

uint64_t ims_tvtd_root_entry(const struct ims_tvtd_tables *tb, ims_rid_t rid)
{
	return tb->root + 16 * IMS_RID_BUS(rid);
}

uint64_t ims_tvtd_context_entry(const struct ims_tvtd_tables *tb,
				ims_rid_t rid)
{
	uint64_t root = read64(tb->mem, ims_tvtd_root_entry(tb, rid));

	if (!(root & 1))
		return 0;
	return (root & ADDR_MASK) + 16 * IMS_RID_DEVFN(rid);
}

uint64_t ims_tvtd_set_context(struct ims_tvtd_tables *tb, ims_rid_t rid,
			      uint16_t did, unsigned aw, unsigned tt,
			      uint64_t slptptr, uint64_t extra_lo,
			      uint64_t extra_hi)
{
	uint64_t re = ims_tvtd_root_entry(tb, rid), ce;

	if (!(read64(tb->mem, re) & 1))
		write64(tb->mem, re, ims_tvtd_alloc_page(tb) | 1);
	ce = ims_tvtd_context_entry(tb, rid);
	write64(tb->mem, ce, slptptr | (uint64_t)(tt & 3) << 2 | 1 | extra_lo);
	write64(tb->mem, ce + 8, (aw & 7) | (uint64_t)did << 8 | extra_hi);
	return ce;
}

static unsigned index_at(uint64_t iova, unsigned level)
{
	return (unsigned)((iova >> (12 + 9 * (level - 1))) & 511);
}

void ims_tvtd_map(struct ims_tvtd_tables *tb, uint64_t top, unsigned levels,
		  uint64_t iova, uint64_t phys, unsigned shift, uint64_t bits)
{
	unsigned leaf_level = (shift - 12) / 9 + 1;
	uint64_t table = top;

	for (unsigned level = levels; level > leaf_level; level--) {
		uint64_t ea = table + 8 * index_at(iova, level);
		uint64_t e = read64(tb->mem, ea);

		if (!(e & ADDR_MASK)) {
			e = ims_tvtd_alloc_page(tb) | TVTD_RW;
			write64(tb->mem, ea, e);
		}
		table = e & ADDR_MASK;
	}
	write64(tb->mem, table + 8 * index_at(iova, leaf_level),
		(phys & ~LOW_MASK(shift)) | bits | (shift > 12 ? TVTD_PS : 0));
}

uint64_t ims_tvtd_entry_addr(const struct ims_tvtd_tables *tb, uint64_t top,
			     unsigned levels, uint64_t iova, unsigned level)
{
	uint64_t table = top;

	for (unsigned l = levels; l > level; l--) {
		uint64_t e = read64(tb->mem, table + 8 * index_at(iova, l));

		if (!(e & ADDR_MASK))
			return 0;
		table = e & ADDR_MASK;
	}
	return table + 8 * index_at(iova, level);
}

int ims_tvtd_read_raw(struct ims_tvtd *t, uint64_t off, unsigned size,
		      uint64_t *val)
{
	return ims_bus_read(t->sim->bus, t->base + off, size, val);
}

int ims_tvtd_write_raw(struct ims_tvtd *t, uint64_t off, unsigned size,
		       uint64_t val)
{
	return ims_bus_write(t->sim->bus, t->base + off, size, val);
}

uint64_t ims_tvtd_read(struct ims_tvtd *t, uint64_t off, unsigned size)
{
	uint64_t v = 0;

	must(ims_tvtd_read_raw(t, off, size, &v), "mmio read");
	return v;
}

void ims_tvtd_write(struct ims_tvtd *t, uint64_t off, unsigned size,
		    uint64_t val)
{
	must(ims_tvtd_write_raw(t, off, size, val), "mmio write");
}

void ims_tvtd_enable(struct ims_tvtd *t)
{
	uint32_t gsts;

	ims_tvtd_write(t, 0x20, 8, t->tables.root);
	gsts = (uint32_t)ims_tvtd_read(t, 0x1c, 4);
	ims_tvtd_write(t, 0x18, 4, gsts | (UINT32_C(1) << 30));
	gsts = (uint32_t)ims_tvtd_read(t, 0x1c, 4);
	ims_tvtd_write(t, 0x18, 4, gsts | (UINT32_C(1) << 31));
}

uint64_t ims_tvtd_frcd_off(struct ims_tvtd *t, unsigned i)
{
	uint64_t cap = ims_tvtd_read(t, 0x8, 8);

	return ((cap >> 24) & 0x3ff) * 16 + 16 * i;
}

uint64_t ims_tvtd_iva_off(struct ims_tvtd *t)
{
	uint64_t ecap = ims_tvtd_read(t, 0x10, 8);

	return ((ecap >> 8) & 0x3ff) * 16;
}

int ims_tvtd_dma(struct ims_tvtd *t, ims_rid_t rid, uint64_t iova,
		 enum ims_access access, struct ims_dma_result *res)
{
	struct ims_dma_request req = { rid, iova, 4, access };

	return ims_dma_translate(t->port, &req, res);
}

uint64_t ims_tvtd_stat(struct ims_tvtd *t, const char *suffix)
{
	char name[128];
	uint64_t v = 0;

	snprintf(name, sizeof(name), "dmar0.%s", suffix);
	ims_stats_get(t->sim->stats, name, &v);
	return v;
}
