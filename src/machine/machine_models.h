/* SPDX-License-Identifier: MIT */
/*
 * The model registry: one entry per unit `compatible`. An entry with
 * `unsupported` set names a unit kind the platform may describe but no
 * model implements yet; creating it is an error carrying that text.
 */
#ifndef IMS_MACHINE_MODELS_H
#define IMS_MACHINE_MODELS_H

#include "iommusim/bus.h"
#include "iommusim/dma.h"
#include "iommusim/platform.h"
#include "iommusim/sim.h"

struct machine_model {
	const char *compatible;
	const char *unsupported;
	/* 0, -EINVAL (description the model cannot honour), -ENOMEM. */
	int (*create)(struct ims_sim *sim, const struct ims_platform_unit *u,
		      const char *name, void **out);
	void (*destroy)(void *unit);
	void (*reset)(void *unit);
	const struct ims_mmio_ops *(*mmio_ops)(void);
	uint64_t (*mmio_size)(const void *unit);
	const struct ims_dma_port *(*dma_port)(void *unit);
};

/* The model for `compatible`, or NULL when none is registered. */
const struct machine_model *machine_model_find(const char *compatible);

#endif
