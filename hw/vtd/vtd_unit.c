/* SPDX-License-Identifier: MIT */
/*
 * The unit object: create (two phases: everything that can fail, then
 * publish), reset, destroy.
 */
#include <errno.h>
#include <string.h>

#include <glib.h>

#include "hw_alloc.h"
#include "vtd_internal.h"

static void stats_init(struct ims_vtd *vtd)
{
	struct ims_stats *s = vtd->sim->stats;
	struct vtd_stats *st = &vtd->stats;
	const char *n = vtd->name;

	st->translations = ims_stats_counterf(s, "%s.translations", n);
	st->passthrough = ims_stats_counterf(s, "%s.passthrough", n);
	st->iotlb_hits = ims_stats_counterf(s, "%s.iotlb.hits", n);
	st->iotlb_misses = ims_stats_counterf(s, "%s.iotlb.misses", n);
	st->cc_hits = ims_stats_counterf(s, "%s.context_cache.hits", n);
	st->cc_misses = ims_stats_counterf(s, "%s.context_cache.misses", n);
	st->pwc_hits = ims_stats_counterf(s, "%s.pwc.hits", n);
	st->pwc_misses = ims_stats_counterf(s, "%s.pwc.misses", n);
	st->walks = ims_stats_counterf(s, "%s.walks", n);
	st->faults_recorded = ims_stats_counterf(s, "%s.faults.recorded", n);
	st->faults_dropped = ims_stats_counterf(s, "%s.faults.dropped", n);
	st->faults_suppressed =
		ims_stats_counterf(s, "%s.faults.suppressed", n);
	st->inv_descriptors = ims_stats_counterf(s, "%s.inv.descriptors", n);
	st->inv_register = ims_stats_counterf(s, "%s.inv.register", n);
	st->msi_fault = ims_stats_counterf(s, "%s.msi.fault", n);
	st->msi_inv = ims_stats_counterf(s, "%s.msi.inv", n);
}

static void unit_free(struct ims_vtd *vtd)
{
	vtd_caches_fini(vtd);
	ims_regfile_fini(&vtd->regs);
	g_free(vtd->name);
	g_free(vtd);
}

int ims_vtd_create(struct ims_sim *sim, const struct ims_vtd_config *config,
		   struct ims_vtd **out)
{
	const char *name = config->name ? config->name : "dmar";
	struct ims_vtd *vtd;
	int err;

	*out = NULL;
	err = vtd_caps_validate(name, config->cap, config->ecap);
	if (err)
		return err;
	err = ims_hw_alloc0(&sim->finj, sizeof(*vtd), (void **)&vtd);
	if (err)
		return err;
	vtd->sim = sim;
	vtd->clock = &sim->clock;
	vtd->config = *config;
	err = ims_hw_strdup(&sim->finj, name, &vtd->name);
	if (err) {
		g_free(vtd);
		return err;
	}
	vtd->config.name = vtd->name;
	vtd->cap = config->cap;
	vtd->ecap = config->ecap;
	vtd->hwmem = (struct ims_hwmem){ sim->mem, &sim->clock, &sim->finj };
	vtd_caps_derive(vtd);
	err = vtd_regs_init(vtd);
	if (!err)
		err = vtd_caches_init(vtd);
	if (err) {
		if (err == -EINVAL)
			g_warning("%s: invalid cache or register geometry",
				  name);
		unit_free(vtd);
		return err;
	}
	vtd->port = (struct ims_dma_port){ vtd->name, vtd_translate, vtd };
	/* Publish: nothing below can fail. */
	stats_init(vtd);
	ims_vtd_reset(vtd);
	*out = vtd;
	return 0;
}

void ims_vtd_destroy(struct ims_vtd *vtd)
{
	if (vtd)
		unit_free(vtd);
}

void ims_vtd_reset(struct ims_vtd *vtd)
{
	ims_regfile_reset(&vtd->regs);
	vtd_caches_flush(vtd);
	vtd_faults_reset(vtd);
	vtd->translating = false;
	vtd->root_table = 0;
}

const struct ims_dma_port *ims_vtd_dma_port(struct ims_vtd *vtd)
{
	return &vtd->port;
}
