/* SPDX-License-Identifier: MIT */
/*
 * The modelled IOMMU core (drivers/iommu/iommu.c of Linux 3.15): groups
 * read from the platform as firmware tables, domains handed to the driver
 * that serves a bus, and iommu_map()/iommu_unmap() splitting a range by the
 * domain's page-size bitmap before calling the driver once per page.
 *
 * Ranges: `iova + size` is exclusive throughout.
 */
#include <errno.h>

#include "host_internal.h"

/* ---- groups ------------------------------------------------------------ */

static struct ims_iommu_group *group_find(struct ims_host *host, unsigned id)
{
	for (unsigned i = 0; i < host->groups->len; i++) {
		struct ims_iommu_group *g = g_ptr_array_index(host->groups, i);

		if (g->id == id)
			return g;
	}
	return NULL;
}

static void group_free(gpointer data)
{
	struct ims_iommu_group *g = data;

	g_array_free(g->devices, TRUE);
	g_free(g);
}

/* The driver of the device's unit, as the bus notifier would find it. */
static const struct ims_iommu_ops *device_ops(struct ims_host *host,
					      unsigned device)
{
	int unit = host->platform->devices[device].unit;

	return unit < 0 ? NULL : host->unit_ops[unit];
}

static void group_settle_ops(struct ims_host *host, struct ims_iommu_group *g)
{
	g->ops = device_ops(host, g_array_index(g->devices, unsigned, 0));
	for (unsigned i = 1; i < g->devices->len; i++)
		if (device_ops(host, g_array_index(g->devices, unsigned, i)) !=
		    g->ops)
			g->ops = NULL;
}

int ims_iommu_groups_init(struct ims_host *host)
{
	const struct ims_platform *p = host->platform;

	host->groups = g_ptr_array_new_with_free_func(group_free);
	for (unsigned d = 0; d < p->n_devices; d++) {
		struct ims_iommu_group *g = group_find(host, p->devices[d].group);
		int err;

		if (!g) {
			err = ims_host_alloc_point(host);
			if (err)
				return err;
			g = g_new0(struct ims_iommu_group, 1);
			g->host = host;
			g->id = p->devices[d].group;
			g->devices = g_array_new(FALSE, FALSE, sizeof(unsigned));
			g_ptr_array_add(host->groups, g);
		}
		g_array_append_val(g->devices, d);
	}
	for (unsigned i = 0; i < host->groups->len; i++)
		group_settle_ops(host, g_ptr_array_index(host->groups, i));
	return 0;
}

void ims_iommu_groups_fini(struct ims_host *host)
{
	if (host->groups)
		g_ptr_array_free(host->groups, TRUE);
	host->groups = NULL;
}

struct ims_iommu_group *ims_iommu_group_get(struct ims_host *host,
					    unsigned group_id)
{
	return group_find(host, group_id);
}

unsigned ims_iommu_group_id(const struct ims_iommu_group *group)
{
	return group->id;
}

int ims_iommu_group_bus(const struct ims_iommu_group *group,
			enum ims_dev_bus *bus)
{
	const struct ims_platform *p = group->host->platform;
	enum ims_dev_bus first =
		p->devices[g_array_index(group->devices, unsigned, 0)].bus;

	for (unsigned i = 1; i < group->devices->len; i++)
		if (p->devices[g_array_index(group->devices, unsigned, i)].bus !=
		    first)
			return -EINVAL;
	*bus = first;
	return 0;
}

const struct ims_iommu_ops *ims_iommu_group_ops(const struct ims_iommu_group *g)
{
	return g->ops;
}

unsigned ims_iommu_group_n_devices(const struct ims_iommu_group *group)
{
	return group->devices->len;
}

unsigned ims_iommu_group_device(const struct ims_iommu_group *group,
				unsigned i)
{
	return g_array_index(group->devices, unsigned, i);
}

/* ---- domains ----------------------------------------------------------- */

int ims_iommu_domain_alloc(struct ims_host *host,
			   const struct ims_iommu_ops *ops, enum ims_dev_bus bus,
			   struct ims_iommu_domain **out)
{
	struct ims_iommu_domain *d;
	int err;

	if (!ops)
		return -ENODEV;
	err = ims_finj_reach(&host->sim->finj, IMS_FINJ_DOMAIN_ALLOC, 0);
	if (!err)
		err = ims_host_alloc_point(host);
	if (err)
		return err;
	d = g_new0(struct ims_iommu_domain, 1);
	d->host = host;
	d->ops = ops;
	d->bus = bus;
	err = ops->domain_init(d);
	if (err) {
		g_free(d);
		return err;
	}
	d->groups = g_ptr_array_new();
	g_ptr_array_add(host->domains, d);
	*out = d;
	return 0;
}

void ims_iommu_domain_free(struct ims_iommu_domain *domain)
{
	if (!domain)
		return;
	while (domain->groups->len) {
		struct ims_iommu_group *g = g_ptr_array_index(domain->groups, 0);

		g_warning("iommu: freeing a domain with group %u attached", g->id);
		ims_iommu_detach_group(domain, g);
	}
	domain->ops->domain_destroy(domain);
	g_ptr_array_remove(domain->host->domains, domain);
	g_ptr_array_free(domain->groups, TRUE);
	g_free(domain);
}

void ims_iommu_release_domains(struct ims_host *host)
{
	while (host->domains->len) {
		struct ims_iommu_domain *d = g_ptr_array_index(host->domains, 0);

		g_warning("iommu: domain still allocated at shutdown "
			  "(%u group(s) attached, %" G_GUINT64_FORMAT
			  " table pages)", d->groups->len,
			  ims_iommu_domain_table_pages(d));
		ims_iommu_domain_free(d);
	}
}

static void detach_devices(struct ims_iommu_domain *domain,
			   struct ims_iommu_group *group, unsigned n)
{
	while (n--)
		domain->ops->detach_dev(domain,
					g_array_index(group->devices, unsigned, n));
}

int ims_iommu_attach_group(struct ims_iommu_domain *domain,
			   struct ims_iommu_group *group)
{
	struct ims_finj *finj = &domain->host->sim->finj;

	if (group->domain)
		return -EBUSY;
	for (unsigned i = 0; i < group->devices->len; i++) {
		unsigned dev = g_array_index(group->devices, unsigned, i);
		int err = ims_finj_reach(finj, IMS_FINJ_ATTACH_DEV, dev);

		if (!err)
			err = domain->ops->attach_dev(domain, dev);
		if (err) {
			detach_devices(domain, group, i);
			return err;
		}
	}
	group->domain = domain;
	g_ptr_array_add(domain->groups, group);
	return 0;
}

void ims_iommu_detach_group(struct ims_iommu_domain *domain,
			    struct ims_iommu_group *group)
{
	if (group->domain != domain) {
		g_warning("iommu: group %u is not attached to this domain",
			  group->id);
		return;
	}
	detach_devices(domain, group, group->devices->len);
	group->domain = NULL;
	g_ptr_array_remove(domain->groups, group);
}

/* ---- map / unmap (iommu_map, iommu_unmap) ------------------------------ */

/*
 * The largest page size of the bitmap that fits `size` and the alignment
 * of `addr_merge` (iova | paddr), as iommu_pgsize(). 0 if none does.
 */
static uint64_t pick_pgsize(uint64_t bitmap, uint64_t addr_merge,
			    uint64_t size)
{
	unsigned idx = 63 - __builtin_clzll(size);
	uint64_t mask;

	if (addr_merge) {
		unsigned align = __builtin_ctzll(addr_merge);

		idx = MIN(idx, align);
	}
	mask = (idx >= 63 ? UINT64_MAX : (UINT64_C(2) << idx) - 1) & bitmap;
	return mask ? UINT64_C(1) << (63 - __builtin_clzll(mask)) : 0;
}

static uint64_t min_pgsize(const struct ims_iommu_domain *domain)
{
	return domain->ops->pgsize_bitmap & -domain->ops->pgsize_bitmap;
}

int ims_iommu_map(struct ims_iommu_domain *domain, ims_iova_t iova,
		  ims_phys_t paddr, uint64_t size, int prot)
{
	uint64_t min, done = 0;
	int err = ims_finj_reach(&domain->host->sim->finj, IMS_FINJ_IOMMU_MAP,
				 iova);

	if (err)
		return err;
	if (!domain->ops->map || !domain->ops->pgsize_bitmap)
		return -ENODEV;
	min = min_pgsize(domain);
	/* Wrap-around: 3.15 left it to the driver's width check. */
	if (((iova | paddr | size) & (min - 1)) || iova + size < iova)
		return -EINVAL;
	while (done < size) {
		uint64_t pgsize = pick_pgsize(domain->ops->pgsize_bitmap,
					      (iova + done) | (paddr + done),
					      size - done);

		err = domain->ops->map(domain, iova + done, paddr + done,
				       pgsize, prot);
		if (err)
			break;
		done += pgsize;
	}
	if (err && done)
		ims_iommu_unmap(domain, iova, done);
	return err;
}

uint64_t ims_iommu_unmap(struct ims_iommu_domain *domain, ims_iova_t iova,
			 uint64_t size)
{
	uint64_t min = min_pgsize(domain), unmapped = 0;

	if ((iova | size) & (min - 1)) {
		g_warning("iommu: unaligned unmap %#" G_GINT64_MODIFIER
			  "x+%#" G_GINT64_MODIFIER "x", iova, size);
		return 0;
	}
	while (unmapped < size) {
		uint64_t pgsize = pick_pgsize(domain->ops->pgsize_bitmap,
					      iova, size - unmapped);
		uint64_t got = domain->ops->unmap(domain, iova, pgsize);

		if (!got)
			break;
		iova += got;
		unmapped += got;
	}
	return unmapped;
}

ims_phys_t ims_iommu_iova_to_phys(struct ims_iommu_domain *domain,
				  ims_iova_t iova)
{
	return domain->ops->iova_to_phys(domain, iova);
}

bool ims_iommu_domain_has_cap(struct ims_iommu_domain *domain,
			      enum ims_iommu_cap cap)
{
	return domain->ops->domain_has_cap(domain, cap);
}

uint64_t ims_iommu_domain_pgsize_bitmap(const struct ims_iommu_domain *domain)
{
	return domain->ops->pgsize_bitmap;
}

const struct ims_iommu_ops *
ims_iommu_domain_ops(const struct ims_iommu_domain *domain)
{
	return domain->ops;
}

enum ims_dev_bus ims_iommu_domain_bus(const struct ims_iommu_domain *domain)
{
	return domain->bus;
}

uint64_t ims_iommu_domain_table_pages(const struct ims_iommu_domain *domain)
{
	return domain->ops->table_pages(domain);
}
