// SPDX-License-Identifier: MIT
/*
 * Fake host, part 2: IOMMU domains as sparse maps of 4 KiB entries, with
 * the mock-domain self-checks (iommufd selftest): a map over a present
 * entry, an unmap that does not start on a map call's first page or end on
 * its last page, a domain freed while it maps something or holds a group,
 * are violations.
 */
#include <errno.h>

#include "fakehost_priv.h"

#define PG UINT64_C(4096)

struct fake_pte {
	uint64_t page; /* key: iova / 4 KiB */
	struct ims_fakehost_pte pte;
};

struct ims_iommu_domain {
	struct ims_host *host;
	const struct ims_iommu_ops *ops;
	enum ims_dev_bus bus;
	GHashTable *ptes;   /* &fake_pte.page -> struct fake_pte */
	GPtrArray *groups;  /* struct ims_iommu_group *, attach order */
	uint64_t map_calls;
};

int ims_iommu_domain_alloc(struct ims_host *host,
			   const struct ims_iommu_ops *ops, enum ims_dev_bus bus,
			   struct ims_iommu_domain **out)
{
	struct ims_iommu_domain *d;
	int ret;

	if (!ops)
		return -ENODEV;
	ret = ims_finj_reach(&host->finj, IMS_FINJ_DOMAIN_ALLOC, 0);
	if (ret)
		return ret;
	d = g_new0(struct ims_iommu_domain, 1);
	d->host = host;
	d->ops = ops;
	d->bus = bus;
	d->ptes = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
					g_free);
	d->groups = g_ptr_array_new();
	host->live_domains++;
	host->domains_allocated++;
	*out = d;
	return 0;
}

void ims_iommu_domain_free(struct ims_iommu_domain *d)
{
	if (!d)
		return;
	if (d->groups->len)
		fake_violation(d->host, "domain freed with %u groups attached",
			       d->groups->len);
	if (g_hash_table_size(d->ptes))
		fake_violation(d->host, "domain freed with %u pages mapped",
			       g_hash_table_size(d->ptes));
	d->host->live_domains--;
	g_hash_table_destroy(d->ptes);
	g_ptr_array_free(d->groups, TRUE);
	g_free(d);
}

int ims_iommu_attach_group(struct ims_iommu_domain *d,
			   struct ims_iommu_group *group)
{
	if (group->domain)
		return -EBUSY;
	if (group->desc.refuse_shared && d->groups->len)
		return -EINVAL;
	for (unsigned i = 0; i < group->desc.n_devices; i++) {
		int ret = ims_finj_reach(&d->host->finj, IMS_FINJ_ATTACH_DEV,
					 i);
		if (ret)
			return ret; /* earlier devices rolled back: none kept */
	}
	group->domain = d;
	g_ptr_array_add(d->groups, group);
	return 0;
}

void ims_iommu_detach_group(struct ims_iommu_domain *d,
			    struct ims_iommu_group *group)
{
	if (group->domain != d || !g_ptr_array_remove(d->groups, group)) {
		fake_violation(d->host, "detach of group %u not in domain",
			       group->desc.id);
		return;
	}
	group->domain = NULL;
}

uint64_t ims_iommu_domain_pgsize_bitmap(const struct ims_iommu_domain *d)
{
	uint64_t bitmap = UINT64_MAX;

	for (guint i = 0; i < d->groups->len; i++) {
		const struct ims_iommu_group *g = d->groups->pdata[i];
		bitmap &= g->desc.pgsizes;
	}
	return d->groups->len ? bitmap : IMS_FAKEHOST_PGSIZES_DEFAULT;
}

/* 3.15 intel-iommu: the AND over the units behind the domain. */
bool ims_iommu_domain_has_cap(struct ims_iommu_domain *d,
			      enum ims_iommu_cap cap)
{
	if (!d->groups->len)
		return false;
	for (guint i = 0; i < d->groups->len; i++) {
		const struct ims_iommu_group *g = d->groups->pdata[i];
		if (cap == IMS_IOMMU_CAP_CACHE_COHERENCY && !g->desc.snoop)
			return false;
		if (cap == IMS_IOMMU_CAP_INTR_REMAP && !g->desc.intr_remap)
			return false;
	}
	return true;
}

static uint64_t min_page(const struct ims_iommu_domain *d)
{
	uint64_t bitmap = ims_iommu_domain_pgsize_bitmap(d);

	return bitmap ? bitmap & -bitmap : PG;
}

static struct fake_pte *lookup(const struct ims_iommu_domain *d,
			       uint64_t iova)
{
	uint64_t page = iova / PG;

	return g_hash_table_lookup(d->ptes, &page);
}

int ims_iommu_map(struct ims_iommu_domain *d, ims_iova_t iova,
		  ims_phys_t paddr, uint64_t size, int prot)
{
	uint64_t n = size / PG, align = min_page(d);
	bool snp = (prot & IMS_IOMMU_CACHE) &&
		   ims_iommu_domain_has_cap(d, IMS_IOMMU_CAP_CACHE_COHERENCY);
	int ret = ims_finj_reach(&d->host->finj, IMS_FINJ_IOMMU_MAP, iova);

	if (ret)
		return ret;
	if (!size || (iova | paddr | size) & (align - 1))
		return -EINVAL;
	for (guint i = 0; size > align && i < d->groups->len; i++)
		if (((struct ims_iommu_group *)d->groups->pdata[i])
			    ->desc.busy_large)
			return -EBUSY;
	for (uint64_t k = 0; k < n; k++) {
		if (lookup(d, iova + k * PG)) {
			fake_violation(d->host, "map over present iova 0x%"
				       G_GINT64_MODIFIER "x", iova + k * PG);
			return -EEXIST;
		}
	}
	for (uint64_t k = 0; k < n; k++) {
		struct fake_pte *e = g_new0(struct fake_pte, 1);
		e->page = iova / PG + k;
		e->pte = (struct ims_fakehost_pte){
			.pfn = paddr / PG + k, .prot = prot, .snp = snp,
			.start = k == 0, .last = k == n - 1 };
		g_hash_table_insert(d->ptes, &e->page, e);
	}
	d->map_calls++;
	return 0;
}

/* Pages from `iova` to the end of the map call it lies in (0: none). */
static uint64_t call_pages_from(struct ims_iommu_domain *d, ims_iova_t iova)
{
	uint64_t n = 0;
	struct fake_pte *e;

	while ((e = lookup(d, iova + n * PG))) {
		n++;
		if (e->pte.last)
			break;
	}
	return n;
}

/*
 * A request starting on a map call's first page but ending inside it
 * takes the whole call and reports its size, as a driver reports a large
 * page (3.15's vfio unmapped one page at a time and relied on that).
 */
uint64_t ims_iommu_unmap(struct ims_iommu_domain *d, ims_iova_t iova,
			 uint64_t size)
{
	uint64_t n = size / PG, done = 0;
	struct fake_pte *first = lookup(d, iova);
	struct fake_pte *last;

	if (first && first->pte.start)
		n = MAX(n, call_pages_from(d, iova));
	last = n ? lookup(d, iova + (n - 1) * PG) : NULL;

	if (!first || !first->pte.start || !last || !last->pte.last)
		fake_violation(d->host, "unmap [0x%" G_GINT64_MODIFIER "x, +0x%"
			       G_GINT64_MODIFIER "x) splits or misses a map "
			       "call", iova, size);
	for (uint64_t k = 0; k < n; k++) {
		uint64_t page = iova / PG + k;
		if (g_hash_table_remove(d->ptes, &page))
			done += PG;
	}
	return done;
}

ims_phys_t ims_iommu_iova_to_phys(struct ims_iommu_domain *d,
				  ims_iova_t iova)
{
	const struct fake_pte *e = lookup(d, iova);

	return e ? e->pte.pfn * PG + (iova % PG) : 0;
}

const struct ims_iommu_ops *
ims_iommu_domain_ops(const struct ims_iommu_domain *d)
{
	return d->ops;
}

enum ims_dev_bus ims_iommu_domain_bus(const struct ims_iommu_domain *d)
{
	return d->bus;
}

/* The fake has no tables: one "page" per mapped entry. */
uint64_t ims_iommu_domain_table_pages(const struct ims_iommu_domain *d)
{
	return g_hash_table_size(d->ptes);
}

int ims_fakehost_domain_lookup(const struct ims_iommu_domain *d,
			       uint64_t iova, struct ims_fakehost_pte *pte)
{
	const struct fake_pte *e = lookup(d, iova);

	if (!e)
		return -ENOENT;
	*pte = e->pte;
	return 0;
}

uint64_t ims_fakehost_domain_pages(const struct ims_iommu_domain *d)
{
	return g_hash_table_size(d->ptes);
}

uint64_t ims_fakehost_domain_map_calls(const struct ims_iommu_domain *d)
{
	return d->map_calls;
}

unsigned ims_fakehost_domain_groups(const struct ims_iommu_domain *d)
{
	return d->groups->len;
}
