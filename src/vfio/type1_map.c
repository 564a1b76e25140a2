// SPDX-License-Identifier: MIT
/*
 * MAP_DMA and UNMAP_DMA: the tracking tree, pinning in physically
 * contiguous runs with locked-memory accounting, mapping each run into
 * every domain, and removal of whole entries (Linux 3.15
 * vfio_dma_do_map / vfio_dma_do_unmap / vfio_remove_dma).
 */
#include <errno.h>

#include "type1_priv.h"

#define PG IMS_PAGE_SIZE

/* ---- the tracking tree ----------------------------------------------- */

struct t1_dma *t1_find(const struct ims_type1 *t1, uint64_t addr)
{
	GTreeNode *node = g_tree_upper_bound(t1->dmas, &addr); /* key > addr */
	struct t1_dma *dma;

	node = node ? g_tree_node_previous(node) : g_tree_node_last(t1->dmas);
	if (!node)
		return NULL;
	dma = g_tree_node_value(node);
	return addr - dma->iova < dma->size ? dma : NULL;
}

struct t1_dma *t1_first_overlap(const struct ims_type1 *t1, uint64_t iova,
				uint64_t last)
{
	struct t1_dma *dma = t1_find(t1, iova);
	GTreeNode *node;

	if (dma)
		return dma;
	node = g_tree_lower_bound(t1->dmas, &iova); /* key >= iova */
	if (!node)
		return NULL;
	dma = g_tree_node_value(node);
	return dma->iova <= last ? dma : NULL;
}

/* Whether any entry intersects [iova, last]: one search, for MAP. Only the
 * entry with the greatest start <= last can reach back to iova, since
 * entries do not overlap. */
static bool any_overlap(const struct ims_type1 *t1, uint64_t iova,
			uint64_t last)
{
	GTreeNode *node = g_tree_upper_bound(t1->dmas, &last); /* key > last */
	const struct t1_dma *dma;

	node = node ? g_tree_node_previous(node) : g_tree_node_last(t1->dmas);
	if (!node)
		return false;
	dma = g_tree_node_value(node);
	return dma->iova + (dma->size - 1) >= iova;
}

/* ---- pinning ---------------------------------------------------------- */

struct t1_run {
	uint64_t pfn;     /* first frame */
	uint64_t npages;  /* physically contiguous frames from pfn */
	bool accounted;   /* charged to locked_vm (not a reserved pfn) */
};

static void charge(struct ims_type1 *t1, struct t1_dma *dma, int64_t npages)
{
	ims_host_lock_acct(t1->host, npages);
	dma->locked += npages;
	t1->locked += npages;
}

/*
 * vfio_pin_pages (3.15): pin the first page; a reserved pfn is a run of
 * one, never charged. Otherwise refuse with -ENOMEM if one more locked
 * page exceeds RLIMIT_MEMLOCK (unless CAP_IPC_LOCK), then extend while
 * the next page is the next frame, not reserved, and within the limit;
 * anything else silently ends the run (the next run then reports it).
 */
static int pin_run(struct ims_type1 *t1, struct t1_dma *dma, uint64_t vaddr,
		   uint64_t npages, struct t1_run *run)
{
	bool write = dma->prot & IMS_IOMMU_WRITE, reserved, cap;
	uint64_t limit = ims_host_memlock_limit(t1->host) >> IMS_PAGE_SHIFT;
	uint64_t locked = ims_host_locked_vm(t1->host), i;
	int ret;

	*run = (struct t1_run){ .npages = 1 };
	ret = ims_host_pin_page(t1->host, vaddr, write, &run->pfn, &reserved);
	if (ret)
		return ret;
	if (reserved)
		return 0;
	cap = ims_host_lock_cap(t1->host);
	if (!cap && locked + 1 > limit) {
		ims_host_unpin_page(t1->host, run->pfn);
		return -ENOMEM;
	}
	for (i = 1; i < npages && !t1->config.disable_hugepages; i++) {
		uint64_t pfn;
		vaddr += PG;
		if (ims_host_pin_page(t1->host, vaddr, write, &pfn, &reserved))
			break;
		if (pfn != run->pfn + i || reserved ||
		    (!cap && locked + i + 1 > limit)) {
			ims_host_unpin_page(t1->host, pfn);
			break;
		}
	}
	run->npages = i;
	run->accounted = true;
	charge(t1, dma, (int64_t)i);
	return 0;
}

static void unpin_run(struct ims_type1 *t1, struct t1_dma *dma,
		      const struct t1_run *run)
{
	for (uint64_t k = 0; k < run->npages; k++)
		ims_host_unpin_page(t1->host, run->pfn + k);
	if (run->accounted)
		charge(t1, dma, -(int64_t)run->npages);
}

/*
 * 3.15 map_try_harder: the run page by page. On failure at page i the
 * pages mapped so far are unmapped: i-1..0, or (faithful to 3.15's
 * off-by-one) i..1, which leaves page 0 mapped.
 */
static int map_try_harder(const struct ims_type1 *t1, struct t1_domain *d,
			  uint64_t iova, const struct t1_run *run, int prot)
{
	bool bug = t1->config.try_harder_faithful_bug;
	uint64_t i;
	int ret = 0;

	for (i = 0; i < run->npages; i++) {
		ret = ims_iommu_map(d->domain, iova + i * PG,
				    (run->pfn + i) * PG, PG, prot);
		if (ret)
			break;
	}
	if (!ret)
		return 0;
	/* Pages 0..i-1 are mapped. 3.15 unmapped i..1: page i was never
	 * mapped (a no-op, skipped here) and page 0 stays. */
	for (uint64_t k = i; k-- > (bug ? 1 : 0);)
		ims_iommu_unmap(d->domain, iova + k * PG, PG);
	return ret;
}

/* One run into every domain, head to tail; on failure the domains that
 * took it give it back (the failing one cleaned up after itself). */
static int map_run(struct ims_type1 *t1, uint64_t iova,
		   const struct t1_run *run, int prot)
{
	uint64_t size = run->npages * PG;

	for (guint i = 0; i < t1->domains->len; i++) {
		struct t1_domain *d = t1->domains->pdata[i];
		int ret = ims_iommu_map(d->domain, iova, run->pfn * PG, size,
					prot | d->info.prot);
		if (ret == -EBUSY && t1->config.map_try_harder)
			ret = map_try_harder(t1, d, iova, run,
					     prot | d->info.prot);
		if (!ret)
			continue;
		while (i--) {
			d = t1->domains->pdata[i];
			ims_iommu_unmap(d->domain, iova, size);
		}
		return ret;
	}
	return 0;
}

/* ---- removal ---------------------------------------------------------- */

/*
 * vfio_unmap_unpin: every domain but the head loses the range in one
 * call; the head is walked one page request at a time (3.15: the driver
 * reports a superpage whole) or, with unmap_in_chunks, in physically
 * contiguous chunks; pages are unpinned once the head reports them
 * unmapped.
 */
static void unmap_unpin(struct ims_type1 *t1, struct t1_dma *dma)
{
	struct ims_iommu_domain *head = t1_head(t1)->domain;
	uint64_t pos = dma->iova, end = dma->iova + dma->size;

	for (guint i = 1; i < t1->domains->len; i++) {
		struct t1_domain *d = t1->domains->pdata[i];
		ims_iommu_unmap(d->domain, dma->iova, dma->size);
	}
	while (pos != end) {
		ims_phys_t phys;
		uint64_t len, unmapped;

		if (t1->config.unmap_in_chunks) {
			len = t1_head_run(head, pos, end, &phys);
		} else {
			phys = ims_iommu_iova_to_phys(head, pos);
			len = phys ? PG : 0;
		}
		if (!len) {
			pos += PG;
			continue;
		}
		unmapped = ims_iommu_unmap(head, pos, len);
		if (!unmapped)
			unmapped = len; /* keep going; pins stay (reported) */
		else
			for (uint64_t k = 0; k < unmapped / PG; k++)
				ims_host_unpin_page(t1->host, phys / PG + k);
		pos += unmapped;
	}
}

void t1_remove_dma(struct ims_type1 *t1, struct t1_dma *dma)
{
	if (dma->size)
		unmap_unpin(t1, dma);
	if (dma->locked)
		charge(t1, dma, -(int64_t)dma->locked);
	g_tree_remove(t1->dmas, &dma->iova);
	t1->n_dmas--;
	g_free(dma);
}

void t1_remove_all(struct ims_type1 *t1)
{
	GTreeNode *node;

	while ((node = g_tree_node_first(t1->dmas)))
		t1_remove_dma(t1, g_tree_node_value(node));
}

/* ---- MAP_DMA ---------------------------------------------------------- */

static int check_map(const struct ims_type1 *t1, uint64_t iova,
		     uint64_t vaddr, uint64_t size, uint32_t flags, int *prot)
{
	uint64_t mask;

	if (!t1->domains->len)
		return -EINVAL; /* no group: vfio core has no backend set */
	if (flags & ~(IMS_VFIO_DMA_MAP_FLAG_READ | IMS_VFIO_DMA_MAP_FLAG_WRITE))
		return -EINVAL;
	*prot = 0;
	if (flags & IMS_VFIO_DMA_MAP_FLAG_READ)
		*prot |= IMS_IOMMU_READ;
	if (flags & IMS_VFIO_DMA_MAP_FLAG_WRITE)
		*prot |= IMS_IOMMU_WRITE;
	if (!*prot)
		return -EINVAL;
	mask = t1_min_pgsize(t1) - 1;
	if (!size || ((size | iova | vaddr) & mask))
		return -EINVAL;
	/* Wrap checks, as 3.15 (docs/vfio.md). */
	if (iova + size - 1 < iova || vaddr + size - 1 < vaddr)
		return -EINVAL;
	if (any_overlap(t1, iova, iova + size - 1))
		return -EEXIST;
	if (t1->n_dmas >= t1->config.dma_entry_limit)
		return -ENOSPC;
	return 0;
}

int ims_type1_map_dma(struct ims_type1 *t1, uint64_t iova, uint64_t vaddr,
		      uint64_t size, uint32_t flags)
{
	struct t1_dma *dma;
	int prot, ret = check_map(t1, iova, vaddr, size, flags, &prot);

	if (ret || (ret = t1_alloc_reach(t1)))
		return ret;
	dma = g_new0(struct t1_dma, 1);
	*dma = (struct t1_dma){ .iova = iova, .vaddr = vaddr, .prot = prot };
	g_tree_insert(t1->dmas, &dma->iova, dma);
	t1->n_dmas++;
	while (dma->size < size) {
		struct t1_run run;
		ret = pin_run(t1, dma, vaddr + dma->size,
			      (size - dma->size) / PG, &run);
		if (ret)
			break;
		ret = map_run(t1, iova + dma->size, &run, prot);
		if (ret) {
			unpin_run(t1, dma, &run);
			break;
		}
		dma->size += run.npages * PG;
	}
	if (ret)
		t1_remove_dma(t1, dma);
	return ret;
}

/* ---- UNMAP_DMA -------------------------------------------------------- */

static int check_unmap(const struct ims_type1 *t1, uint64_t iova,
		       uint64_t size, uint32_t flags)
{
	uint64_t mask;
	const struct t1_dma *dma;

	if (!t1->domains->len)
		return -EINVAL;
	if (flags & ~IMS_VFIO_DMA_UNMAP_FLAG_ALL)
		return -EINVAL;
	mask = t1_min_pgsize(t1) - 1;
	if (iova & mask)
		return -EINVAL;
	if (flags & IMS_VFIO_DMA_UNMAP_FLAG_ALL)
		return iova || size ? -EINVAL : 0;
	if (!size || (size & mask) || iova + size - 1 < iova)
		return -EINVAL;
	if (!t1->v2)
		return 0;
	/* v2: neither end may bisect a mapping. */
	dma = t1_find(t1, iova);
	if (dma && dma->iova != iova)
		return -EINVAL;
	dma = t1_find(t1, iova + size - 1);
	if (dma && dma->iova + dma->size != iova + size)
		return -EINVAL;
	return 0;
}

int ims_type1_unmap_dma(struct ims_type1 *t1, uint64_t iova, uint64_t size,
			uint32_t flags, uint64_t *unmapped)
{
	uint64_t removed = 0, last;
	struct t1_dma *dma;
	int ret = check_unmap(t1, iova, size, flags);

	if (unmapped)
		*unmapped = 0;
	if (ret)
		return ret;
	last = flags & IMS_VFIO_DMA_UNMAP_FLAG_ALL ? UINT64_MAX : iova + size - 1;
	/* Ascending iova order; v1 stops at a mapping starting before iova
	 * (the later kernels' deterministic walk, docs/vfio.md). */
	while ((dma = t1_first_overlap(t1, iova, last))) {
		if (!t1->v2 && dma->iova < iova)
			break;
		removed += dma->size;
		t1_remove_dma(t1, dma);
	}
	if (unmapped)
		*unmapped = removed;
	return 0;
}
