/* SPDX-License-Identifier: MIT */
/*
 * Unit probe and the tables every unit owns (root and context tables).
 *
 * Probe follows init_dmars() of Linux 3.15 for each DRHD: read VER, CAP and
 * ECAP over MMIO; pick the largest SAGAW level not above the default 48-bit
 * domain width; allocate the root table and latch it (RTADDR, GCMD.SRTP,
 * wait for GSTS.RTPS); enable queued invalidation when the unit has it and
 * the configuration prefers it (falling back to register invalidation as
 * Linux does when the queue cannot be set up); invalidate the context cache
 * and the IOTLB globally; enable translation (GCMD.TE, wait for GSTS.TES).
 */
#include <errno.h>

#include "intel.h"

/* Status bits a working unit reflects at once; Linux spins up to a
 * timeout (DMAR_OPERATION_TIMEOUT) and then panics. */
#define POLL_LIMIT 1000

int ims_intel_reg_read(struct ims_intel *drv, struct intel_unit *u,
		       uint64_t off, unsigned size, uint64_t *val)
{
	return ims_bus_read(intel_sim(drv)->bus, u->base + off, size, val);
}

int ims_intel_reg_write(struct ims_intel *drv, struct intel_unit *u,
			uint64_t off, unsigned size, uint64_t val)
{
	return ims_bus_write(intel_sim(drv)->bus, u->base + off, size, val);
}

void ims_intel_flush_cpu_cache(struct ims_intel *drv, bool coherent)
{
	if (coherent)
		return;
	ims_clock_charge(&intel_sim(drv)->clock, IMS_COST_DRIVER_FLUSH);
	(*drv->stat_cpu_flushes)++;
}

/* Writes GCMD (persistent bits | cmd) and waits for GSTS & bit == want. */
int ims_intel_gcmd_sync(struct ims_intel *drv, struct intel_unit *u,
			uint32_t cmd, uint32_t bit, bool want)
{
	uint64_t gsts = 0;
	int err = ims_intel_reg_write(drv, u, DMAR_GCMD, 4, u->gcmd | cmd);

	for (unsigned i = 0; !err && i < POLL_LIMIT; i++) {
		err = ims_intel_reg_read(drv, u, DMAR_GSTS, 4, &gsts);
		if (!err && !!(gsts & bit) == want)
			return 0;
	}
	g_warning("%s: GSTS %#x never became %d (%d): hardware malfunction",
		  u->name, bit, want, err);
	return -EIO;
}

int ims_intel_context_slot(struct ims_intel *drv, struct intel_unit *u,
			   uint32_t source, ims_phys_t *slot)
{
	struct ims_mem *mem = intel_sim(drv)->mem;
	ims_phys_t root_entry = u->root + 16 * ((source >> 8) & 0xff);
	uint64_t lo = 0;
	ims_phys_t ctx;
	int err;

	ims_mem_read64(mem, root_entry, &lo);
	if (lo & 1) {
		*slot = (lo & PTE_ADDR) + 16 * (source & 0xff);
		return 0;
	}
	err = ims_pa_alloc_page(drv->host->pa, &ctx);
	if (err)
		return err;
	ims_mem_write64(mem, root_entry + 8, 0);
	ims_mem_write64(mem, root_entry, ctx | 1);
	ims_intel_charge_writes(drv, 1);
	ims_intel_flush_cpu_cache(drv, ECAP_C(u->ecap));
	*slot = ctx + 16 * (source & 0xff);
	return 0;
}

void ims_intel_context_put(struct ims_intel *drv, struct intel_unit *u,
			   uint32_t source)
{
	struct ims_mem *mem = intel_sim(drv)->mem;
	ims_phys_t root_entry = u->root + 16 * ((source >> 8) & 0xff);
	uint64_t lo = 0;

	if (u->ctx_used[(source >> 8) & 0xff])
		return;
	ims_mem_read64(mem, root_entry, &lo);
	if (!(lo & 1))
		return;
	ims_mem_write64(mem, root_entry, 0);
	ims_intel_charge_writes(drv, 1);
	ims_intel_flush_cpu_cache(drv, ECAP_C(u->ecap));
	ims_pa_free_page(drv->host->pa, lo & PTE_ADDR);
}

/* Largest SAGAW level <= 48 bits, or -1. Levels below 39 bits (AGAW 0,
 * obsolete) are not used: the unit model implements 39/48/57 only. */
static int pick_agaw(uint64_t cap)
{
	for (int agaw = DEFAULT_AGAW; agaw >= 1; agaw--)
		if (CAP_SAGAW(cap) & (1u << agaw))
			return agaw;
	return -1;
}

static void unit_free(struct ims_intel *drv, struct intel_unit *u)
{
	struct ims_page_alloc *pa = drv->host->pa;

	if (u->root) {
		for (unsigned bus = 0; bus < 256; bus++) {
			uint64_t lo = 0;

			ims_mem_read64(intel_sim(drv)->mem, u->root + 16 * bus,
				       &lo);
			if (lo & 1)
				ims_pa_free_page(pa, lo & PTE_ADDR);
		}
		ims_pa_free_page(pa, u->root);
	}
	if (u->iq)
		ims_pa_free_page(pa, u->iq);
	if (u->iq_status)
		ims_pa_free_page(pa, u->iq_status);
	g_free(u->did_used);
	g_free(u);
}

static int read_ids(struct ims_intel *drv, struct intel_unit *u)
{
	uint64_t ver;
	int err = ims_intel_reg_read(drv, u, DMAR_VER, 4, &ver);

	if (!err)
		err = ims_intel_reg_read(drv, u, DMAR_CAP, 8, &u->cap);
	if (!err)
		err = ims_intel_reg_read(drv, u, DMAR_ECAP, 8, &u->ecap);
	return err;
}

static int unit_enable(struct ims_intel *drv, struct intel_unit *u)
{
	int err = ims_pa_alloc_page(drv->host->pa, &u->root);

	if (err) {
		u->root = 0;
		return err;
	}
	err = ims_intel_reg_write(drv, u, DMAR_RTADDR, 8, u->root);
	if (!err)
		err = ims_intel_gcmd_sync(drv, u, GCMD_SRTP, GSTS_RTPS, true);
	if (err)
		return err;
	if (ECAP_QI(u->ecap) && drv->host->config.prefer_queued_invalidation &&
	    ims_intel_qi_enable(drv, u) == -ENOMEM)
		g_info("%s: no memory for the invalidation queue, using "
		       "register-based invalidation", u->name);
	err = ims_intel_flush_context(drv, u, INV_GLOBAL, 0, 0);
	if (!err)
		err = ims_intel_flush_iotlb(drv, u, INV_GLOBAL, 0);
	if (!err)
		err = ims_intel_gcmd_sync(drv, u, GCMD_TE, GSTS_TES, true);
	if (!err)
		u->gcmd |= GCMD_TE;
	return err;
}

/* 0 with *out NULL when the unit is skipped (warned), else errno. */
static int unit_probe(struct ims_intel *drv, unsigned index,
		      struct intel_unit **out)
{
	const struct ims_platform_unit *pu = &drv->host->platform->units[index];
	struct intel_unit *u;
	int err = ims_host_alloc_point(drv->host);

	*out = NULL;
	if (err)
		return err;
	u = g_new0(struct intel_unit, 1);
	u->index = index;
	u->name = pu->label ? pu->label : pu->name;
	u->base = pu->base;
	if (read_ids(drv, u) || (u->agaw = pick_agaw(u->cap)) < 0) {
		g_warning("%s: unusable DMAR unit (CAP %#" G_GINT64_MODIFIER
			  "x): its devices get no IOMMU driver", u->name, u->cap);
		unit_free(drv, u);
		return 0;
	}
	u->ndoms = 1u << (4 + 2 * MIN(CAP_ND(u->cap), 6));
	u->stat_cc_inv = ims_stats_counterf(intel_sim(drv)->stats,
		"%s.driver.context_invalidations", u->name);
	u->stat_iotlb_inv = ims_stats_counterf(intel_sim(drv)->stats,
		"%s.driver.iotlb_invalidations", u->name);
	u->did_used = g_new0(uint8_t, u->ndoms / 8);
	if (CAP_CM(u->cap))
		u->did_used[0] |= 1; /* DID 0 tags cached non-present entries */
	err = unit_enable(drv, u);
	if (err) {
		unit_free(drv, u);
		return err;
	}
	*out = u;
	return 0;
}

int ims_intel_probe(struct ims_host *host)
{
	const struct ims_platform *p = host->platform;
	struct ims_intel *drv = g_new0(struct ims_intel, 1);

	drv->host = host;
	drv->n_units = p->n_units;
	drv->stat_pte_writes = ims_stats_counter(host->sim->stats,
						 "host.intel.pte_writes");
	drv->stat_cpu_flushes = ims_stats_counter(host->sim->stats,
						  "host.intel.cpu_cache_flushes");
	drv->units = g_new0(struct intel_unit *, p->n_units + 1);
	host->intel = drv;
	for (unsigned i = 0; i < p->n_units; i++) {
		int err;

		if (p->units[i].kind != IMS_UNIT_VTD)
			continue; /* SMMUv3: no driver modelled yet */
		err = unit_probe(drv, i, &drv->units[i]);
		if (err)
			return err; /* the caller's teardown frees the rest */
		if (drv->units[i])
			host->unit_ops[i] = &ims_intel_iommu_ops;
	}
	return 0;
}

void ims_intel_remove(struct ims_host *host)
{
	struct ims_intel *drv = host->intel;

	if (!drv)
		return;
	for (unsigned i = 0; i < drv->n_units; i++)
		if (drv->units[i])
			unit_free(drv, drv->units[i]);
	g_free(drv->units);
	g_free(drv);
	host->intel = NULL;
}

/* Fills info from a leaf entry at `level` that translates `iova`. */
static void fill_leaf(struct ims_pte_info *info, uint64_t e, unsigned level,
		      ims_iova_t iova)
{
	info->raw = e;
	info->level = level;
	info->present = true;
	info->r = e & PTE_R;
	info->w = e & PTE_W;
	info->snp = e & PTE_SNP;
	info->phys = ((e & PTE_ADDR) & ~(LEVEL_SIZE(level) - 1)) |
		     (iova & (LEVEL_SIZE(level) - 1));
}

/*
 * A debugger's walk: RTADDR over MMIO, then root, context and second-level
 * entries from memory, exactly as the unit would read them (level 0 in
 * info->level means the root or context entry was missing).
 */
int ims_intel_lookup_pte(struct ims_host *host, unsigned unit,
			 uint32_t source, ims_iova_t iova,
			 struct ims_pte_info *info)
{
	struct ims_mem *mem = host->sim->mem;
	uint64_t rta, lo = 0, hi = 0, e = 0;
	ims_phys_t table;

	if (ims_bus_read(host->sim->bus, host->platform->units[unit].base +
			 DMAR_RTADDR, 8, &rta))
		return -ENODEV;
	if (ims_mem_read64(mem, (rta & PTE_ADDR) + 16 * ((source >> 8) & 0xff),
			   &lo) || !(lo & 1))
		return -ENOENT;
	table = (lo & PTE_ADDR) + 16 * (source & 0xff);
	if (ims_mem_read64(mem, table, &lo) || ims_mem_read64(mem, table + 8, &hi) ||
	    !(lo & 1))
		return -ENOENT;
	table = lo & PTE_ADDR;
	info->level = AGAW_LEVELS(hi & 7);
	if ((hi & 7) > 3 || iova >> AGAW_WIDTH(hi & 7))
		return -ENOENT; /* the unit would fault: beyond the AGAW */
	for (unsigned lvl = AGAW_LEVELS(hi & 7); lvl >= 1; lvl--) {
		info->entry_addr = table + 8 * LEVEL_INDEX(iova, lvl);
		info->level = lvl;
		if (ims_mem_read64(mem, info->entry_addr, &e) || !PTE_PRESENT(e)) {
			info->raw = e;
			return -ENOENT;
		}
		if (lvl == 1 || (lvl <= 3 && (e & PTE_PS))) {
			fill_leaf(info, e, lvl, iova);
			return 0;
		}
		table = e & PTE_ADDR;
	}
	return -ENOENT;
}
