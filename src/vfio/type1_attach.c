// SPDX-License-Identifier: MIT
/*
 * Groups and domains: attach (vfio_iommu_type1_attach_group, 3.15, with
 * the policy deciding at the "find a compatible domain" step), replay of
 * every mapping into a new domain, and detach.
 */
#include <errno.h>

#include "type1_priv.h"

#define PG IMS_PAGE_SIZE

/* The container's domain holding `group` (and its index), or NULL. */
static struct t1_domain *find_group(const struct ims_type1 *t1,
				    const struct ims_iommu_group *group,
				    guint *index)
{
	for (guint i = 0; i < t1->domains->len; i++) {
		struct t1_domain *d = t1->domains->pdata[i];
		guint at;
		if (g_ptr_array_find(d->groups, group, &at)) {
			if (index)
				*index = i;
			return d;
		}
	}
	return NULL;
}

static int check_interrupts(const struct ims_type1 *t1,
			    struct ims_iommu_domain *domain)
{
	if (t1->config.allow_unsafe_interrupts ||
	    ims_iommu_domain_has_cap(domain, IMS_IOMMU_CAP_INTR_REMAP))
		return 0;
	g_message("no interrupt remapping support: use "
		  "allow_unsafe_interrupts to attach anyway");
	return -EPERM;
}

/* Policy step 1: attach straight to an existing domain, no fresh one.
 * 1 = not shared, 0 = attached, < 0 = failed. */
static int share_early(struct ims_type1 *t1, struct ims_iommu_group *group,
		       const struct ims_policy_group *pg)
{
	const struct ims_policy *policy = t1->config.policy;

	for (guint i = 0; policy->share_early && i < t1->domains->len; i++) {
		struct t1_domain *d = t1->domains->pdata[i];
		int ret;
		if (!policy->share_early(&d->info, pg))
			continue;
		ret = ims_iommu_attach_group(d->domain, group);
		if (ret)
			return ret;
		ret = check_interrupts(t1, d->domain);
		if (ret) {
			ims_iommu_detach_group(d->domain, group);
			return ret;
		}
		g_ptr_array_add(d->groups, group);
		d->info.n_groups++;
		return 0;
	}
	return 1;
}

/* Steps 4-7: a new domain for the group, attached, classified. */
static int fresh_domain(struct ims_type1 *t1, struct ims_iommu_group *group,
			const struct ims_policy_group *pg,
			struct t1_domain *fresh)
{
	int ret = ims_iommu_domain_alloc(t1->host, pg->ops, pg->bus,
					 &fresh->domain);

	if (ret)
		return -EIO; /* iommu_domain_alloc returned NULL */
	ret = ims_iommu_attach_group(fresh->domain, group);
	if (!ret) {
		ret = check_interrupts(t1, fresh->domain);
		if (ret)
			ims_iommu_detach_group(fresh->domain, group);
	}
	if (ret) {
		ims_iommu_domain_free(fresh->domain);
		fresh->domain = NULL;
		return ret;
	}
	g_ptr_array_add(fresh->groups, group);
	fresh->info = (struct ims_policy_domain){
		.ops = pg->ops, .bus = pg->bus, .n_groups = 1,
		.coherent = ims_iommu_domain_has_cap(
			fresh->domain, IMS_IOMMU_CAP_CACHE_COHERENCY),
	};
	fresh->info.prot = t1->config.policy->domain_prot(fresh->info.coherent);
	return 0;
}

/*
 * Step 8: move the group to the first compatible existing domain. 1 = not
 * moved (the group is in `fresh`), 0 = moved (`fresh` is emptied), < 0 =
 * moving back to `fresh` failed (the group is in no domain).
 */
static int join_existing(struct ims_type1 *t1, struct ims_iommu_group *group,
			 struct t1_domain *fresh)
{
	const struct ims_policy *policy = t1->config.policy;

	for (guint i = 0; i < t1->domains->len; i++) {
		struct t1_domain *d = t1->domains->pdata[i];
		int ret;
		if (!policy->compatible(&d->info, &fresh->info))
			continue;
		ims_iommu_detach_group(fresh->domain, group);
		g_ptr_array_set_size(fresh->groups, 0);
		if (!ims_iommu_attach_group(d->domain, group)) {
			g_ptr_array_add(d->groups, group);
			d->info.n_groups++;
			return 0;
		}
		ret = ims_iommu_attach_group(fresh->domain, group);
		if (ret)
			return ret;
		g_ptr_array_add(fresh->groups, group);
	}
	return 1;
}

/* Maps [dma->iova, *done) of `dma` into `fresh` in chunks that are
 * physically contiguous in the head domain, never crossing the entry. */
static int replay_dma(struct ims_iommu_domain *head, struct t1_domain *fresh,
		      const struct t1_dma *dma, uint64_t *done)
{
	uint64_t pos = dma->iova, end = dma->iova + dma->size;

	for (*done = pos; pos != end; *done = pos) {
		ims_phys_t phys;
		uint64_t len = t1_head_run(head, pos, end, &phys);
		int ret;

		if (!len) {
			pos += PG;
			continue;
		}
		ret = ims_iommu_map(fresh->domain, pos, phys, len,
				    dma->prot | fresh->info.prot);
		if (ret)
			return ret;
		pos += len;
	}
	return 0;
}

/*
 * vfio_iommu_replay. 3.15 left a failed replay's partial contents to die
 * with the domain; here they are unmapped first (as T5+ does) so that the
 * domain is empty when freed and nothing leaks whatever the driver.
 */
static int replay(struct ims_type1 *t1, struct t1_domain *fresh)
{
	struct t1_domain *head = t1_head(t1);
	GTreeNode *node, *undo;
	uint64_t done = 0;
	int ret = 0;

	if (!head)
		return 0;
	for (node = g_tree_node_first(t1->dmas); node;
	     node = g_tree_node_next(node)) {
		ret = replay_dma(head->domain, fresh, g_tree_node_value(node),
				 &done);
		if (ret)
			break;
	}
	if (!ret)
		return 0;
	for (undo = g_tree_node_first(t1->dmas); undo != node;
	     undo = g_tree_node_next(undo)) {
		const struct t1_dma *dma = g_tree_node_value(undo);
		ims_iommu_unmap(fresh->domain, dma->iova, dma->size);
	}
	if (done != ((struct t1_dma *)g_tree_node_value(node))->iova) {
		const struct t1_dma *dma = g_tree_node_value(node);
		ims_iommu_unmap(fresh->domain, dma->iova, done - dma->iova);
	}
	return ret;
}

static int new_t1_domain(struct ims_type1 *t1, struct t1_domain **out)
{
	/* vfio_group and vfio_domain: two allocations in Linux. */
	int ret = t1_alloc_reach(t1);

	if (ret || (ret = t1_alloc_reach(t1)))
		return ret;
	*out = g_new0(struct t1_domain, 1);
	(*out)->groups = g_ptr_array_new();
	return 0;
}

int ims_type1_attach_group(struct ims_type1 *t1, unsigned group_id)
{
	struct ims_iommu_group *group = ims_iommu_group_get(t1->host, group_id);
	struct ims_policy_group pg = { .id = group_id };
	struct t1_domain *fresh;
	int ret;

	if (!group)
		return -ENOENT;
	if (find_group(t1, group, NULL))
		return -EINVAL;
	ret = new_t1_domain(t1, &fresh);
	if (ret)
		return ret;
	ret = ims_iommu_group_bus(group, &pg.bus);
	if (ret)
		goto out_free;
	pg.ops = ims_iommu_group_ops(group);
	ret = share_early(t1, group, &pg);
	if (ret <= 0)
		goto out_free;
	ret = fresh_domain(t1, group, &pg, fresh);
	if (ret)
		goto out_free;
	ret = join_existing(t1, group, fresh);
	if (ret <= 0)
		goto out_free;
	ret = replay(t1, fresh);
	if (ret)
		goto out_free;
	g_ptr_array_insert(t1->domains, 0, fresh);
	return 0;
out_free:
	t1_domain_free(fresh);
	return ret;
}

/*
 * A domain leaving while others stay. 3.15 freed it with its page tables
 * and the driver tore them down; unmapping here first does the same work
 * through the driver's unmap path, so that no domain is ever freed holding
 * mappings (the fake host's leak check, docs/vfio.md).
 */
static void unmap_all_from(struct ims_type1 *t1, struct t1_domain *d)
{
	for (GTreeNode *node = g_tree_node_first(t1->dmas); node;
	     node = g_tree_node_next(node)) {
		const struct t1_dma *dma = g_tree_node_value(node);
		ims_iommu_unmap(d->domain, dma->iova, dma->size);
	}
}

int ims_type1_detach_group(struct ims_type1 *t1, unsigned group_id)
{
	struct ims_iommu_group *group = ims_iommu_group_get(t1->host, group_id);
	struct t1_domain *d = NULL;
	guint index = 0;

	if (group)
		d = find_group(t1, group, &index);
	if (!d)
		return -EINVAL;
	ims_iommu_detach_group(d->domain, group);
	g_ptr_array_remove(d->groups, group);
	d->info.n_groups--;
	if (d->groups->len)
		return 0;
	/* The last group of the last domain takes every mapping with it. */
	if (t1->domains->len == 1)
		t1_remove_all(t1);
	else
		unmap_all_from(t1, d);
	g_ptr_array_remove_index(t1->domains, index);
	t1_domain_free(d);
	return 0;
}
