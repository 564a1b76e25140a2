// SPDX-License-Identifier: MIT
/*
 * ims_type1_check_invariants: what must hold between any two calls, for
 * fault-injection sweeps and tests (reference §8.3 (b)-(d) as far as the
 * container can see them through host.h).
 */
#include <errno.h>

#include "type1_priv.h"

#define PG IMS_PAGE_SIZE

static int fail(char **why, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static int fail(char **why, const char *fmt, ...)
{
	va_list ap;

	if (why) {
		va_start(ap, fmt);
		*why = g_strdup_vprintf(fmt, ap);
		va_end(ap);
	}
	return -EUCLEAN;
}

static int check_domains(const struct ims_type1 *t1, char **why)
{
	for (guint i = 0; i < t1->domains->len; i++) {
		const struct t1_domain *d = t1->domains->pdata[i];
		if (!d->domain || !d->groups->len)
			return fail(why, "domain %u has no group", i);
		if (d->info.n_groups != d->groups->len)
			return fail(why, "domain %u counts %u groups, holds %u",
				    i, d->info.n_groups, d->groups->len);
	}
	if (!t1->domains->len && t1->n_dmas)
		return fail(why, "%" G_GUINT64_FORMAT " mappings, no domain",
			    t1->n_dmas);
	return 0;
}

/* Every page of `dma` translates identically in every domain. */
static int check_pages(const struct ims_type1 *t1, const struct t1_dma *dma,
		       char **why)
{
	struct ims_iommu_domain *head = t1_head(t1)->domain;

	for (uint64_t off = 0; off < dma->size; off += PG) {
		ims_phys_t phys = ims_iommu_iova_to_phys(head, dma->iova + off);
		if (!phys)
			return fail(why, "iova 0x%" G_GINT64_MODIFIER "x "
				    "tracked but not mapped in the head domain",
				    dma->iova + off);
		for (guint i = 1; i < t1->domains->len; i++) {
			struct t1_domain *d = t1->domains->pdata[i];
			if (ims_iommu_iova_to_phys(d->domain, dma->iova + off) !=
			    phys)
				return fail(why, "iova 0x%" G_GINT64_MODIFIER
					    "x differs in domain %u",
					    dma->iova + off, i);
		}
	}
	return 0;
}

static int check_dmas(const struct ims_type1 *t1, char **why)
{
	uint64_t n = 0, locked = 0, prev_end = 0;
	bool first = true;

	for (GTreeNode *node = g_tree_node_first(t1->dmas); node;
	     node = g_tree_node_next(node), first = false) {
		const struct t1_dma *dma = g_tree_node_value(node);
		int ret;
		if (!dma->size || (dma->iova | dma->size) % PG)
			return fail(why, "mapping at 0x%" G_GINT64_MODIFIER
				    "x has size 0x%" G_GINT64_MODIFIER "x",
				    dma->iova, dma->size);
		if (!first && (prev_end == 0 || dma->iova < prev_end))
			return fail(why, "mapping at 0x%" G_GINT64_MODIFIER
				    "x overlaps the previous one", dma->iova);
		if (t1->domains->len && (ret = check_pages(t1, dma, why)))
			return ret;
		prev_end = dma->iova + dma->size;
		locked += dma->locked;
		n++;
	}
	if (n != t1->n_dmas)
		return fail(why, "%" G_GUINT64_FORMAT " mappings counted, %"
			    G_GUINT64_FORMAT " in the tree", t1->n_dmas, n);
	if (locked != t1->locked)
		return fail(why, "container charged %" G_GUINT64_FORMAT
			    " pages, its mappings %" G_GUINT64_FORMAT,
			    t1->locked, locked);
	return 0;
}

int ims_type1_check_invariants(const struct ims_type1 *t1, char **why)
{
	int ret;

	if (why)
		*why = NULL;
	ret = check_domains(t1, why);
	return ret ? ret : check_dmas(t1, why);
}
