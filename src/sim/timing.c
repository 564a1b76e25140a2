/* SPDX-License-Identifier: MIT */
/* Timing profiles: a GKeyFile with a [costs] group of cost-kind = cycles. */
#include <errno.h>
#include <string.h>

#include "iommusim/timing.h"

G_DEFINE_QUARK(ims-timing-error-quark, ims_timing_error)

void ims_timing_off(struct ims_clock *clock)
{
	memset(clock->cost, 0, sizeof(clock->cost));
}

static bool read_costs(GKeyFile *kf, const char *name, uint32_t *cost,
		       GError **error)
{
	g_auto(GStrv) keys = NULL;
	gsize n = 0;

	keys = g_key_file_get_keys(kf, "costs", &n, NULL);
	if (!keys) {
		g_set_error(error, IMS_TIMING_ERROR, EINVAL,
			    "%s: no [costs] group", name);
		return false;
	}
	for (gsize i = 0; i < n; i++) {
		GError *local = NULL;
		int kind = ims_cost_lookup(keys[i]);
		guint64 v;

		if (kind < 0) {
			g_set_error(error, IMS_TIMING_ERROR, EINVAL,
				    "%s: [costs]: unknown cost kind '%s'", name,
				    keys[i]);
			return false;
		}
		v = g_key_file_get_uint64(kf, "costs", keys[i], &local);
		if (local || v > UINT32_MAX) {
			g_set_error(error, IMS_TIMING_ERROR, EINVAL,
				    "%s: [costs]: %s: not a cycle count below 2^32",
				    name, keys[i]);
			g_clear_error(&local);
			return false;
		}
		cost[kind] = (uint32_t)v;
	}
	return true;
}

bool ims_timing_load_data(struct ims_clock *clock, const char *data,
			  const char *name, GError **error)
{
	g_autoptr(GKeyFile) kf = g_key_file_new();
	uint32_t cost[IMS_COST__COUNT] = { 0 };
	GError *local = NULL;

	if (!g_key_file_load_from_data(kf, data, (gsize)-1, G_KEY_FILE_NONE,
				       &local)) {
		g_set_error(error, IMS_TIMING_ERROR, EINVAL, "%s: %s", name,
			    local->message);
		g_error_free(local);
		return false;
	}
	if (!read_costs(kf, name, cost, error))
		return false;
	memcpy(clock->cost, cost, sizeof(cost));
	return true;
}

bool ims_timing_load(struct ims_clock *clock, const char *path,
		     GError **error)
{
	g_autofree char *data = NULL;
	GError *local = NULL;
	bool ok;

	if (!g_file_get_contents(path, &data, NULL, &local)) {
		g_set_error(error, IMS_TIMING_ERROR, ENOENT, "%s: %s", path,
			    local->message);
		g_error_free(local);
		return false;
	}
	ok = ims_timing_load_data(clock, data, path, error);
	return ok;
}
