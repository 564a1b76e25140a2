// SPDX-License-Identifier: MIT
/*
 * type1 containers: open, release, GET_INFO, CHECK_EXTENSION and the
 * read-only views used by traces, tests and research metrics. See
 * type1_priv.h for the theory of operation.
 */
#include <errno.h>

#include "type1_priv.h"

static gint cmp_iova(gconstpointer a, gconstpointer b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void ims_type1_config_init(struct ims_type1_config *config)
{
	*config = (struct ims_type1_config){
		.policy = ims_policy_default(),
		.dma_entry_limit = UINT64_MAX,
		.map_try_harder = true,
	};
}

int t1_alloc_reach(const struct ims_type1 *t1)
{
	return ims_finj_reach(t1->config.finj, IMS_FINJ_ALLOC, 0);
}

int ims_type1_open(struct ims_host *host, int iommu_type,
		   const struct ims_type1_config *config,
		   struct ims_type1 **out)
{
	struct ims_type1 *t1;
	int ret;

	/* The merged open(): anything but TYPE1 and TYPE1v2 is refused. */
	if (iommu_type != IMS_VFIO_TYPE1_IOMMU &&
	    iommu_type != IMS_VFIO_TYPE1v2_IOMMU)
		return -EINVAL;
	ret = ims_finj_reach(config ? config->finj : NULL, IMS_FINJ_ALLOC, 0);
	if (ret)
		return ret;
	t1 = g_new0(struct ims_type1, 1);
	t1->host = host;
	if (config)
		t1->config = *config;
	else
		ims_type1_config_init(&t1->config);
	if (!t1->config.policy)
		t1->config.policy = ims_policy_default();
	t1->v2 = iommu_type == IMS_VFIO_TYPE1v2_IOMMU;
	t1->domains = g_ptr_array_new();
	t1->dmas = g_tree_new(cmp_iova);
	*out = t1;
	return 0;
}

/* Detaches the domain's groups and frees it; `domain` may be NULL (not
 * allocated yet, on an attach error path). */
void t1_domain_free(struct t1_domain *d)
{
	if (d->domain) {
		for (guint i = 0; i < d->groups->len; i++)
			ims_iommu_detach_group(d->domain, d->groups->pdata[i]);
		ims_iommu_domain_free(d->domain);
	}
	g_ptr_array_free(d->groups, TRUE);
	g_free(d);
}

/* vfio_iommu_type1_release: mappings first (they need a domain to find
 * their pages), then every domain with its groups. */
void ims_type1_close(struct ims_type1 *t1)
{
	if (!t1)
		return;
	t1_remove_all(t1);
	for (guint i = 0; i < t1->domains->len; i++)
		t1_domain_free(t1->domains->pdata[i]);
	g_ptr_array_free(t1->domains, TRUE);
	g_tree_destroy(t1->dmas);
	g_free(t1);
}

struct t1_domain *t1_head(const struct ims_type1 *t1)
{
	return t1->domains->len ? t1->domains->pdata[0] : NULL;
}

uint64_t t1_head_run(struct ims_iommu_domain *head, uint64_t pos,
		     uint64_t end, ims_phys_t *phys)
{
	uint64_t len = IMS_PAGE_SIZE;

	*phys = ims_iommu_iova_to_phys(head, pos);
	if (!*phys)
		return 0;
	while (pos + len != end &&
	       ims_iommu_iova_to_phys(head, pos + len) == *phys + len)
		len += IMS_PAGE_SIZE;
	return len;
}

/* 3.15: PAGE_MASK AND every domain's page sizes. */
uint64_t t1_pgsize_bitmap(const struct ims_type1 *t1)
{
	uint64_t bitmap = IMS_PAGE_MASK;

	for (guint i = 0; i < t1->domains->len; i++) {
		const struct t1_domain *d = t1->domains->pdata[i];
		bitmap &= ims_iommu_domain_pgsize_bitmap(d->domain);
	}
	return bitmap;
}

/* Linux takes __ffs of the bitmap; an empty intersection (drivers with
 * no common size) would be undefined there: 4 KiB here (docs/vfio.md). */
uint64_t t1_min_pgsize(const struct ims_type1 *t1)
{
	uint64_t bitmap = t1_pgsize_bitmap(t1);

	return bitmap ? bitmap & -bitmap : IMS_PAGE_SIZE;
}

int ims_type1_get_info(struct ims_type1 *t1, uint64_t *pgsizes)
{
	if (!t1->domains->len)
		return -EINVAL; /* no group: vfio core has no backend set */
	*pgsizes = t1_pgsize_bitmap(t1);
	return 0;
}

static bool all_domains_coherent(const struct ims_type1 *t1)
{
	for (guint i = 0; i < t1->domains->len; i++) {
		const struct t1_domain *d = t1->domains->pdata[i];
		if (!d->info.coherent)
			return false;
	}
	return true;
}

int ims_type1_check_extension(const struct ims_type1 *t1, unsigned ext)
{
	switch (ext) {
	case IMS_VFIO_TYPE1_IOMMU:
	case IMS_VFIO_TYPE1v2_IOMMU:
	case IMS_VFIO_UNMAP_ALL:
		return 1;
	case IMS_VFIO_DMA_CC_IOMMU:
		/* No domain means no group, i.e. no backend in vfio's core
		 * (vfio.h), which answers 0; Linux's vacuous 1 for a backend
		 * without domains needs mdev-only groups (v5.x). */
		return t1 && t1->domains->len ? all_domains_coherent(t1) : 0;
	default:
		return 0;
	}
}

unsigned ims_type1_domain_count(const struct ims_type1 *t1)
{
	return t1->domains->len;
}

struct ims_iommu_domain *ims_type1_domain(const struct ims_type1 *t1,
					  unsigned i)
{
	if (i >= t1->domains->len)
		return NULL;
	return ((struct t1_domain *)t1->domains->pdata[i])->domain;
}

int ims_type1_domain_prot(const struct ims_type1 *t1, unsigned i)
{
	if (i >= t1->domains->len)
		return -ENOENT;
	return ((struct t1_domain *)t1->domains->pdata[i])->info.prot;
}

uint64_t ims_type1_mapping_count(const struct ims_type1 *t1)
{
	return t1->n_dmas;
}

uint64_t ims_type1_locked_pages(const struct ims_type1 *t1)
{
	return t1->locked;
}

bool ims_type1_touches(const struct ims_type1 *t1, uint64_t iova,
		       uint64_t size)
{
	if (!size)
		return false;
	if (iova + size - 1 < iova)
		size = 0 - iova; /* clamp to the top of the address space */
	return t1_first_overlap(t1, iova, iova + size - 1) != NULL;
}

bool ims_type1_covers(const struct ims_type1 *t1, uint64_t iova,
		      uint64_t size)
{
	uint64_t pos = iova, last = iova + size - 1;

	if (!size || last < iova)
		return false;
	for (;;) {
		const struct t1_dma *d = t1_find(t1, pos);
		if (!d)
			return false;
		if (d->size - (pos - d->iova) > last - pos)
			return true; /* d reaches past `last` */
		pos = d->iova + d->size;
	}
}
