/* SPDX-License-Identifier: MIT */
/*
 * Domain-compatibility policies: the one decision vfio type1 (and later
 * iommufd) delegates, "may this group share an IOMMU domain with groups
 * already in the container?", behind a small vtable.
 *
 * A policy allocates and maps nothing and calls no host function: it sees
 * plain descriptions of domains and groups that the backend fills in, and
 * answers. The backend performs every allocation, attach and replay itself,
 * so a policy cannot leak or break unwinding. docs/policies.md shows how to
 * add one.
 *
 * Attach flow in the backend (Linux 3.15 vfio_iommu_type1_attach_group with
 * the policy at the "find a compatible domain" step):
 *   1. share_early (optional): for each existing domain, head to tail,
 *      before any fresh domain exists. true = attach the group straight to
 *      that domain; failure of that attach fails the whole attach.
 *   2. otherwise a fresh domain is allocated, the group attached to it, its
 *      CACHE_COHERENCY capability read into `coherent`, and `domain_prot`
 *      decides the prot bits OR'd into every map into it.
 *   3. compatible: for each existing domain, head to tail: true = move the
 *      group there (on failure move it back and keep looking), free the
 *      fresh domain, done.
 *   4. none accepted: the fresh domain is filled by replay and becomes the
 *      new head of the list.
 */
#ifndef IOMMUSIM_POLICY_H
#define IOMMUSIM_POLICY_H

#include <stdbool.h>

#include "iommusim/host.h"

/* What the backend knows of a group before any domain is made for it. */
struct ims_policy_group {
	unsigned id;
	const struct ims_iommu_ops *ops; /* driver; compare by address */
	enum ims_dev_bus bus;            /* all devices of the group */
};

/* One IOMMU domain of a container, as the policy sees it. */
struct ims_policy_domain {
	const struct ims_iommu_ops *ops; /* driver that allocated it */
	enum ims_dev_bus bus;            /* bus it was allocated for */
	/*
	 * IMS_IOMMU_CAP_CACHE_COHERENCY of the domain read right after its
	 * first group attached (3.15: every unit behind it snoops). Modern
	 * Linux's "enforce_cache_coherency" is modelled by the same value:
	 * with the 3.15-era driver a domain's snoop control is decided by the
	 * units of its first group and nothing can force it later.
	 */
	bool coherent;
	int prot;            /* 0 or IMS_IOMMU_CACHE, OR'd into every map */
	unsigned n_groups;   /* groups attached now (>= 1 for existing ones) */
};

struct ims_policy {
	const char *name;    /* "type1-2014": the `policy` trace statement */
	const char *summary; /* one line for --help */
	/* Optional (NULL = never). Called with each existing domain. */
	bool (*share_early)(const struct ims_policy_domain *existing,
			    const struct ims_policy_group *group);
	/* Prot bits (0 or IMS_IOMMU_CACHE) for a fresh domain. Required. */
	int (*domain_prot)(bool coherent);
	/* May the group now in `fresh` join `existing`? Required. */
	bool (*compatible)(const struct ims_policy_domain *existing,
			   const struct ims_policy_domain *fresh);
};

/* The default: "type1-2014". */
const struct ims_policy *ims_policy_default(void);
/* Policy by name, or NULL when there is none of that name. */
const struct ims_policy *ims_policy_find(const char *name);
/* Built-in policies, in a fixed order, for listing; `*count` receives
 * their number. */
const struct ims_policy *const *ims_policy_list(unsigned *count);

#endif
