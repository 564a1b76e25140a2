/* SPDX-License-Identifier: MIT */
/*
 * Timing profiles: cycles per cost kind (clock.h), from a key file
 * (models/timing/NAME) with one [costs] group, keys named as the cost kinds:
 *
 *   [costs]
 *   mmio-read = 200
 *   table-read = 90
 *
 * Kinds a profile does not name cost 0. Unknown keys are errors.
 */
#ifndef IOMMUSIM_TIMING_H
#define IOMMUSIM_TIMING_H

#include <glib.h>

#include "iommusim/clock.h"

#define IMS_TIMING_ERROR (ims_timing_error_quark())
GQuark ims_timing_error_quark(void);

/* Fills clock->cost from the file; on error leaves the clock untouched. */
bool ims_timing_load(struct ims_clock *clock, const char *path,
		     GError **error);
/* Same from text already in memory; `name` is used in messages. */
bool ims_timing_load_data(struct ims_clock *clock, const char *data,
			  const char *name, GError **error);
/* Functional only: every cost 0. */
void ims_timing_off(struct ims_clock *clock);

#endif
