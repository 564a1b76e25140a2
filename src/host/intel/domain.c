/* SPDX-License-Identifier: MIT */
/*
 * intel-iommu's iommu_ops as Linux 3.15 had them for "virtual machine"
 * domains (the kind the IOMMU API allocates).
 *
 * A domain starts with no unit and a 4-level (48-bit) table. Attaching a
 * device programs the device's context entry on its unit with a domain id
 * that unit allocates for this domain (a domain spanning units has one DID
 * per unit). The domain's capabilities are recomputed whenever the set of
 * units changes: snooping is the AND of ECAP.SC, and it only decides the
 * SNP bit of PTEs written from then on: entries already written keep
 * theirs, which is how a non-snooping unit joining a snooping domain ends
 * up walking SNP leaves (reserved for it: fault 0xC).
 */
#include <errno.h>

#include "intel.h"

static struct intel_unit *unit_of(struct ims_intel *drv, unsigned device)
{
	int unit = drv->host->platform->devices[device].unit;

	return unit < 0 || (unsigned)unit >= drv->n_units ? NULL
						       : drv->units[unit];
}

static uint32_t source_of(struct ims_intel *drv, unsigned device)
{
	return drv->host->platform->devices[device].source;
}

static struct intel_dom_unit *dom_unit(struct intel_domain *d, unsigned unit)
{
	for (unsigned i = 0; i < d->units->len; i++) {
		struct intel_dom_unit *du =
			&g_array_index(d->units, struct intel_dom_unit, i);

		if (du->unit == unit)
			return du;
	}
	return NULL;
}

/* domain_update_iommu_cap(): AND over the units the domain spans. */
static void update_caps(struct intel_domain *d)
{
	d->snooping = true;          /* vacuous with no unit, as in 3.15 */
	d->coherent = d->units->len > 0;
	d->sp_mask = d->units->len ? 3 : 0;
	for (unsigned i = 0; i < d->units->len; i++) {
		struct intel_unit *u = d->drv->units[
			g_array_index(d->units, struct intel_dom_unit, i).unit];

		d->snooping &= ECAP_SC(u->ecap);
		d->coherent &= ECAP_C(u->ecap);
		d->sp_mask &= CAP_SLLPS(u->cap) & 3;
	}
}

static int did_alloc(struct intel_unit *u, uint16_t *did)
{
	for (unsigned id = 0; id < u->ndoms; id++)
		if (!(u->did_used[id / 8] & (1u << (id % 8)))) {
			u->did_used[id / 8] |= 1u << (id % 8);
			*did = id;
			return 0;
		}
	return -EFAULT; /* 3.15: "no free domain ids" */
}

static void did_free(struct intel_unit *u, uint16_t did)
{
	u->did_used[did / 8] &= ~(1u << (did % 8));
}

static int intel_domain_init(struct ims_iommu_domain *core)
{
	struct intel_domain *d;
	int err;

	if (!core->host->intel)
		return -ENODEV;
	err = ims_host_alloc_point(core->host);
	if (err)
		return err;
	d = g_new0(struct intel_domain, 1);
	d->core = core;
	d->drv = core->host->intel;
	d->agaw = DEFAULT_AGAW;
	d->gaw = AGAW_WIDTH(DEFAULT_AGAW);
	d->units = g_array_new(FALSE, FALSE, sizeof(struct intel_dom_unit));
	d->devices = g_array_new(FALSE, FALSE, sizeof(unsigned));
	d->freelist = g_array_new(FALSE, FALSE, sizeof(ims_phys_t));
	/* md_domain_init(): no snooping, coherency or superpages yet. */
	err = ims_intel_pt_init(d);
	if (err) {
		ims_intel_pt_destroy(d);
		g_array_free(d->units, TRUE);
		g_array_free(d->devices, TRUE);
		g_array_free(d->freelist, TRUE);
		g_free(d);
		return err;
	}
	core->priv = d;
	return 0;
}

static void flush_domain_range(struct intel_domain *d, ims_iova_t iova,
			       uint64_t size, bool leaf_only)
{
	for (unsigned i = 0; i < d->units->len; i++) {
		struct intel_dom_unit *du =
			&g_array_index(d->units, struct intel_dom_unit, i);

		ims_intel_flush_iotlb_psi(d->drv, d->drv->units[du->unit],
					  du->did, iova >> IMS_PAGE_SHIFT,
					  size >> IMS_PAGE_SHIFT, leaf_only);
	}
}

/*
 * The width checks of intel_iommu_attach_device(): -EFAULT when the unit
 * cannot reach the highest address mapped so far, or cannot use the
 * domain's tables. Sets *strip to the top levels to knock out.
 */
static int check_width(struct intel_domain *d, struct intel_unit *u,
		       int *strip)
{
	unsigned width = MIN(AGAW_WIDTH(u->agaw), CAP_MGAW(u->cap));

	if (d->max_addr > (UINT64_C(1) << width))
		return -EFAULT;
	*strip = MAX(d->agaw - u->agaw, 0);
	/*
	 * 3.15 knocked out the top level even when other units' context
	 * entries still pointed at it (freeing a table in use); we refuse
	 * that case instead. Knocking out needs an empty upper half too.
	 */
	if (*strip && d->units->len)
		return -EFAULT;
	if (*strip && !ims_intel_pt_can_strip(d))
		return -EFAULT;
	/* A smaller domain on a wider unit: that unit must walk its depth. */
	if (!*strip && !(CAP_SAGAW(u->cap) & (1u << d->agaw)))
		return -EFAULT;
	return 0;
}

/* Finds or creates the domain's record (and DID) on unit u. */
static int dom_unit_get(struct intel_domain *d, struct intel_unit *u,
			struct intel_dom_unit **out, bool *created)
{
	struct intel_dom_unit du = { .unit = u->index };
	unsigned pos = 0;
	int err;

	*out = dom_unit(d, u->index);
	*created = !*out;
	if (*out)
		return 0;
	err = did_alloc(u, &du.did);
	if (err)
		return err;
	while (pos < d->units->len &&
	       g_array_index(d->units, struct intel_dom_unit, pos).unit < u->index)
		pos++;
	g_array_insert_val(d->units, pos, du);
	*out = &g_array_index(d->units, struct intel_dom_unit, pos);
	return 0;
}

static void dom_unit_put(struct intel_domain *d, struct intel_unit *u)
{
	for (unsigned i = 0; i < d->units->len; i++) {
		struct intel_dom_unit *du =
			&g_array_index(d->units, struct intel_dom_unit, i);

		if (du->unit == u->index && du->ndev == 0) {
			did_free(u, du->did);
			g_array_remove_index(d->units, i);
			return;
		}
	}
}

/* Context entry: P, TT=00 (multi-level), AW, DID, SLPTPTR; hi first so
 * that the unit never sees P with a stale high half. */
static void write_context(struct intel_domain *d, struct intel_unit *u,
			  ims_phys_t slot, uint16_t did)
{
	struct ims_mem *mem = intel_sim(d->drv)->mem;

	ims_mem_write64(mem, slot + 8, (uint64_t)d->agaw | ((uint64_t)did << 8));
	ims_mem_write64(mem, slot, d->pgd | 1);
	ims_intel_charge_writes(d->drv, 2);
	ims_intel_flush_cpu_cache(d->drv, ECAP_C(u->ecap));
}

static int intel_attach_dev(struct ims_iommu_domain *core, unsigned device)
{
	struct intel_domain *d = to_intel(core);
	struct intel_unit *u = unit_of(d->drv, device);
	uint32_t sid = source_of(d->drv, device);
	struct intel_dom_unit *du;
	uint64_t lo = 0;
	ims_phys_t slot;
	bool created;
	int strip, err;

	if (!u)
		return -ENODEV;
	err = check_width(d, u, &strip);
	if (!err) /* device_domain_info */
		err = ims_host_alloc_point(core->host);
	if (!err)
		err = dom_unit_get(d, u, &du, &created);
	if (err)
		return err;
	err = ims_intel_context_slot(d->drv, u, sid, &slot);
	if (!err && !ims_mem_read64(intel_sim(d->drv)->mem, slot, &lo) && (lo & 1))
		err = -EBUSY; /* the source is already translated by a domain */
	if (err) { /* a fresh context table is never busy: nothing to put */
		if (created)
			dom_unit_put(d, u);
		return err;
	}
	while (strip--)
		ims_intel_pt_strip_top(d);
	d->gaw = MIN(AGAW_WIDTH(d->agaw), MIN(AGAW_WIDTH(u->agaw), CAP_MGAW(u->cap)));
	du = dom_unit(d, u->index);
	write_context(d, u, slot, du->did);
	u->ctx_used[(sid >> 8) & 0xff]++;
	du->ndev++;
	g_array_append_val(d->devices, device);
	update_caps(d);
	ims_intel_flush_context(d->drv, u, INV_DEVICE_OR_PAGE, du->did, sid);
	ims_intel_flush_iotlb(d->drv, u, INV_DOMAIN, du->did);
	return 0;
}

static void intel_detach_dev(struct ims_iommu_domain *core, unsigned device)
{
	struct intel_domain *d = to_intel(core);
	struct intel_unit *u = unit_of(d->drv, device);
	struct intel_dom_unit *du = u ? dom_unit(d, u->index) : NULL;
	struct ims_mem *mem = intel_sim(d->drv)->mem;
	ims_phys_t slot;

	if (!du || ims_intel_context_slot(d->drv, u, source_of(d->drv, device),
					  &slot)) {
		g_warning("intel: detaching device %u that is not attached",
			  device);
		return;
	}
	/* iommu_detach_dev(): clear, then global context + IOTLB flush. */
	ims_mem_write64(mem, slot, 0);
	ims_mem_write64(mem, slot + 8, 0);
	ims_intel_charge_writes(d->drv, 2);
	ims_intel_flush_cpu_cache(d->drv, ECAP_C(u->ecap));
	ims_intel_flush_context(d->drv, u, INV_GLOBAL, 0, 0);
	ims_intel_flush_iotlb(d->drv, u, INV_GLOBAL, 0);
	u->ctx_used[(source_of(d->drv, device) >> 8) & 0xff]--;
	ims_intel_context_put(d->drv, u, source_of(d->drv, device));
	for (unsigned i = 0; i < d->devices->len; i++)
		if (g_array_index(d->devices, unsigned, i) == device) {
			g_array_remove_index(d->devices, i);
			break;
		}
	du->ndev--;
	dom_unit_put(d, u);
	update_caps(d);
}

static int intel_map(struct ims_iommu_domain *core, ims_iova_t iova,
		     ims_phys_t paddr, uint64_t size, int prot)
{
	struct intel_domain *d = to_intel(core);
	uint64_t bits = 0, end = iova + size;
	GArray *freelist;
	int err;

	if (prot & IMS_IOMMU_READ)
		bits |= PTE_R;
	if (prot & IMS_IOMMU_WRITE)
		bits |= PTE_W;
	if (!bits)
		return -EINVAL; /* __domain_mapping() */
	/* SNP only if asked for AND the domain snoops right now. */
	if ((prot & IMS_IOMMU_CACHE) && d->snooping)
		bits |= PTE_SNP;
	if (end > d->max_addr && end > (UINT64_C(1) << d->gaw))
		return -EFAULT;
	freelist = d->freelist;
	err = ims_intel_pt_map(d, iova, paddr, size, bits, freelist);
	if (err || freelist->len) {
		/* Tables replaced by a superpage, or left by a failure: no
		 * unit may still walk them (3.15 did not flush after
		 * replacing; later kernels do). */
		flush_domain_range(d, iova, size, false);
		ims_intel_pt_free_list(d, freelist);
	}
	if (!err && end > d->max_addr)
		d->max_addr = end;
	return err;
}

/*
 * intel_iommu_unmap() of 3.15: a range starting inside a large page takes
 * the whole page (and reports its size). Nothing mapped at iova: 0, which
 * ends the core's loop (3.15 would have allocated tables and reported the
 * full size). Flush every unit's IOTLB for the range, then free the tables
 * the range emptied.
 */
static uint64_t intel_unmap(struct ims_iommu_domain *core, ims_iova_t iova,
			    uint64_t size)
{
	struct intel_domain *d = to_intel(core);
	uint64_t pte, page;
	unsigned level;
	GArray *freelist;

	if (ims_intel_pt_lookup(d, iova, &pte, &level))
		return 0;
	page = LEVEL_SIZE(level);
	if (size < page || (iova & (page - 1))) {
		iova &= ~(page - 1);
		size = MAX(size, page);
	}
	freelist = d->freelist;
	ims_intel_pt_clear(d, iova, size, freelist);
	flush_domain_range(d, iova, size, freelist->len == 0);
	ims_intel_pt_free_list(d, freelist);
	if (d->max_addr == iova + size)
		d->max_addr = iova;
	return size;
}

static ims_phys_t intel_iova_to_phys(struct ims_iommu_domain *core,
				     ims_iova_t iova)
{
	uint64_t pte;
	unsigned level;

	if (ims_intel_pt_lookup(to_intel(core), iova, &pte, &level))
		return 0;
	return (pte & PTE_ADDR & ~(LEVEL_SIZE(level) - 1)) |
	       (iova & (LEVEL_SIZE(level) - 1));
}

static bool intel_has_cap(struct ims_iommu_domain *core,
			  enum ims_iommu_cap cap)
{
	struct intel_domain *d = to_intel(core);
	bool ir = d->units->len > 0;

	if (cap == IMS_IOMMU_CAP_CACHE_COHERENCY)
		return d->snooping;
	if (cap != IMS_IOMMU_CAP_INTR_REMAP)
		return false;
	/* 3.15 answered the global irq_remapping_enabled; per unit is the
	 * natural reading on a machine whose units differ. */
	for (unsigned i = 0; i < d->units->len; i++)
		ir &= ECAP_IR(d->drv->units[g_array_index(
			d->units, struct intel_dom_unit, i).unit]->ecap);
	return ir;
}

static uint64_t intel_table_pages(const struct ims_iommu_domain *core)
{
	const struct intel_domain *d = core->priv;

	return g_hash_table_size(d->tables);
}

static void intel_domain_destroy(struct ims_iommu_domain *core)
{
	struct intel_domain *d = to_intel(core);

	while (d->devices->len)
		intel_detach_dev(core, g_array_index(d->devices, unsigned, 0));
	ims_intel_pt_destroy(d);
	g_array_free(d->units, TRUE);
	g_array_free(d->devices, TRUE);
	g_array_free(d->freelist, TRUE);
	g_free(d);
	core->priv = NULL;
}

const struct ims_iommu_ops ims_intel_iommu_ops = {
	.name = "intel-iommu",
	.domain_init = intel_domain_init,
	.domain_destroy = intel_domain_destroy,
	.attach_dev = intel_attach_dev,
	.detach_dev = intel_detach_dev,
	.map = intel_map,
	.unmap = intel_unmap,
	.iova_to_phys = intel_iova_to_phys,
	.domain_has_cap = intel_has_cap,
	.table_pages = intel_table_pages,
	/* INTEL_IOMMU_PGSIZES: every power of two from 4 KiB. */
	.pgsize_bitmap = ~UINT64_C(0xfff),
};
