// SPDX-License-Identifier: MIT
/*
 * The built-in domain-compatibility policies (issue 3 item 5). Each is a
 * handful of pure functions over struct ims_policy_domain; see policy.h for
 * where the backend calls them and docs/policies.md for adding one.
 */
#include <string.h>

#include "iommusim/policy.h"

/* 3.15 vfio_iommu_type1_attach_group: IOMMU_CACHE iff the domain snoops. */
static int prot_from_coherency(bool coherent)
{
	return coherent ? IMS_IOMMU_CACHE : 0;
}

/* >= 5.19: every map passes IOMMU_CACHE; the driver decides SNP. */
static int prot_always_cache(bool coherent)
{
	return IMS_IOMMU_CACHE;
}

/*
 * The merged commit: same driver ops and same prot. It deliberately does
 * not compare bus types, so one domain may hold devices of several buses.
 */
static bool same_ops_same_prot(const struct ims_policy_domain *existing,
			       const struct ims_policy_domain *fresh)
{
	return existing->ops == fresh->ops && existing->prot == fresh->prot;
}

/* The RFC as discussed in the review thread: same bus type and prot. */
static bool same_bus_same_prot(const struct ims_policy_domain *existing,
			       const struct ims_policy_domain *fresh)
{
	return existing->bus == fresh->bus && existing->prot == fresh->prot;
}

/* Current Linux: same ops and same enforce_cache_coherency result. */
static bool same_ops_same_coherency(const struct ims_policy_domain *existing,
				    const struct ims_policy_domain *fresh)
{
	return existing->ops == fresh->ops &&
	       existing->coherent == fresh->coherent;
}

static bool always(const struct ims_policy_domain *existing,
		   const struct ims_policy_domain *fresh)
{
	return true;
}

static bool never(const struct ims_policy_domain *existing,
		  const struct ims_policy_domain *fresh)
{
	return false;
}

/* Pre-1ef3e2bc shape: the container's one domain takes every group. */
static bool share_the_only_domain(const struct ims_policy_domain *existing,
				  const struct ims_policy_group *group)
{
	return true;
}

static const struct ims_policy type1_2014 = {
	.name = "type1-2014",
	.summary = "same driver ops and same prot (Linux 3.15, the merged "
		   "multi-domain commit; default)",
	.domain_prot = prot_from_coherency,
	.compatible = same_ops_same_prot,
};

static const struct ims_policy type1_rfc = {
	.name = "type1-rfc",
	.summary = "same bus type and same prot (the 2014 RFC)",
	.domain_prot = prot_from_coherency,
	.compatible = same_bus_same_prot,
};

static const struct ims_policy type1_modern = {
	.name = "type1-modern",
	.summary = "same driver ops and same enforce-cache-coherency; maps "
		   "always pass IOMMU_CACHE (Linux >= 5.19)",
	.domain_prot = prot_always_cache,
	.compatible = same_ops_same_coherency,
};

static const struct ims_policy single_domain = {
	.name = "single-domain",
	.summary = "one domain per container, IOMMU_CACHE decided by its "
		   "first group (the hazard 1ef3e2bc describes)",
	.share_early = share_the_only_domain,
	.domain_prot = prot_from_coherency,
	.compatible = always,
};

static const struct ims_policy domain_per_group = {
	.name = "domain-per-group",
	.summary = "every group gets its own domain, never shared",
	.domain_prot = prot_from_coherency,
	.compatible = never,
};

static const struct ims_policy *const builtin[] = {
	&type1_2014, &type1_rfc, &type1_modern, &single_domain,
	&domain_per_group,
};

const struct ims_policy *ims_policy_default(void)
{
	return &type1_2014;
}

const struct ims_policy *ims_policy_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(builtin); i++)
		if (strcmp(builtin[i]->name, name) == 0)
			return builtin[i];
	return NULL;
}

const struct ims_policy *const *ims_policy_list(unsigned *count)
{
	if (count)
		*count = G_N_ELEMENTS(builtin);
	return builtin;
}
