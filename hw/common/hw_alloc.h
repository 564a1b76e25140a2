/* SPDX-License-Identifier: MIT */
/*
 * Allocation inside a hardware model: every one reaches the "hw.alloc"
 * fault-injection point first, so that unit creation can be failed at each
 * allocation in turn and shown to unwind.
 */
#ifndef IMS_HW_ALLOC_H
#define IMS_HW_ALLOC_H

#include <glib.h>

#include "iommusim/finj.h"

/* Zeroed memory in *out, or the injected negative errno (*out NULL). */
static inline int ims_hw_alloc0(struct ims_finj *finj, size_t size,
				void **out)
{
	int err = ims_finj_reach(finj, IMS_FINJ_HW_ALLOC, 0);

	*out = err ? NULL : g_malloc0(size ? size : 1);
	return err;
}

/* A copy of `s` in *out, or the injected negative errno. */
static inline int ims_hw_strdup(struct ims_finj *finj, const char *s,
				char **out)
{
	int err = ims_finj_reach(finj, IMS_FINJ_HW_ALLOC, 0);

	*out = err ? NULL : g_strdup(s);
	return err;
}

#endif
