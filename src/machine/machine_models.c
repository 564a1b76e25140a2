/* SPDX-License-Identifier: MIT */
/* Unit models by compatible: thin adapters from each model's own API. */
#include <errno.h>
#include <string.h>

#include "iommusim/vtd.h"
#include "machine_models.h"

static int vtd_create(struct ims_sim *sim, const struct ims_platform_unit *u,
		      const char *name, void **out)
{
	struct ims_vtd_config cfg = { .name = name };
	struct ims_vtd *vtd = NULL;
	int err;

	ims_vtd_caps_from_platform(u, &cfg.cap, &cfg.ecap);
	err = ims_vtd_create(sim, &cfg, &vtd);
	*out = vtd;
	return err;
}

static void vtd_destroy(void *unit)
{
	ims_vtd_destroy(unit);
}

static void vtd_reset(void *unit)
{
	ims_vtd_reset(unit);
}

static uint64_t vtd_mmio_size(const void *unit)
{
	return ims_vtd_mmio_size(unit);
}

static const struct ims_dma_port *vtd_dma_port(void *unit)
{
	return ims_vtd_dma_port(unit);
}

static const struct machine_model models[] = {
	{
		.compatible = "intel,vtd",
		.create = vtd_create,
		.destroy = vtd_destroy,
		.reset = vtd_reset,
		.mmio_ops = ims_vtd_mmio_ops,
		.mmio_size = vtd_mmio_size,
		.dma_port = vtd_dma_port,
	},
	{
		.compatible = "arm,smmu-v3",
		.unsupported = "SMMUv3 units are not modelled yet",
	},
};

const struct machine_model *machine_model_find(const char *compatible)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(models); i++)
		if (strcmp(models[i].compatible, compatible) == 0)
			return &models[i];
	return NULL;
}
