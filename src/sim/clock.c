/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <string.h>

#include "iommusim/clock.h"

static const char *const cost_names[IMS_COST__COUNT] = {
#define IMS_COST_NAME(id, name, desc) [IMS_COST_##id] = name,
	IMS_COST_KINDS(IMS_COST_NAME)
#undef IMS_COST_NAME
};

static const char *const cost_descriptions[IMS_COST__COUNT] = {
#define IMS_COST_DESC(id, name, desc) [IMS_COST_##id] = desc,
	IMS_COST_KINDS(IMS_COST_DESC)
#undef IMS_COST_DESC
};

const char *ims_cost_name(enum ims_cost kind)
{
	return (unsigned)kind < IMS_COST__COUNT ? cost_names[kind] : NULL;
}

const char *ims_cost_description(enum ims_cost kind)
{
	return (unsigned)kind < IMS_COST__COUNT ? cost_descriptions[kind] : NULL;
}

int ims_cost_lookup(const char *name)
{
	for (unsigned i = 0; i < IMS_COST__COUNT; i++)
		if (strcmp(cost_names[i], name) == 0)
			return (int)i;
	return -ENOENT;
}
