/* SPDX-License-Identifier: MIT */
/* Named counters in a GTree keyed by name: sorted iteration for free. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "iommusim/stats.h"

struct ims_stats {
	GTree *counters; /* char * -> uint64_t * (both owned) */
};

static gint compare_names(gconstpointer a, gconstpointer b, gpointer unused)
{
	return strcmp(a, b);
}

struct ims_stats *ims_stats_new(void)
{
	struct ims_stats *stats = g_new0(struct ims_stats, 1);

	stats->counters = g_tree_new_full(compare_names, NULL, g_free, g_free);
	return stats;
}

void ims_stats_free(struct ims_stats *stats)
{
	if (!stats)
		return;
	g_tree_destroy(stats->counters);
	g_free(stats);
}

uint64_t *ims_stats_counter(struct ims_stats *stats, const char *name)
{
	uint64_t *counter = g_tree_lookup(stats->counters, name);

	if (!counter) {
		counter = g_new0(uint64_t, 1);
		g_tree_insert(stats->counters, g_strdup(name), counter);
	}
	return counter;
}

uint64_t *ims_stats_counterf(struct ims_stats *stats, const char *fmt, ...)
{
	va_list ap;
	char *name;
	uint64_t *counter;

	va_start(ap, fmt);
	name = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	counter = ims_stats_counter(stats, name);
	g_free(name);
	return counter;
}

int ims_stats_get(const struct ims_stats *stats, const char *name,
		  uint64_t *value)
{
	const uint64_t *counter = g_tree_lookup(stats->counters, name);

	if (!counter)
		return -ENOENT;
	*value = *counter;
	return 0;
}

struct visit {
	ims_stats_visit_fn fn;
	void *data;
	int result;
};

static gboolean visit_one(gpointer key, gpointer value, gpointer data)
{
	struct visit *v = data;

	v->result = v->fn(key, *(uint64_t *)value, v->data);
	return v->result != 0;
}

int ims_stats_foreach(const struct ims_stats *stats, ims_stats_visit_fn fn,
		      void *data)
{
	struct visit v = { fn, data, 0 };

	g_tree_foreach(stats->counters, visit_one, &v);
	return v.result;
}

static int dump_one(const char *name, uint64_t value, void *out)
{
	fprintf(out, "%s %" G_GUINT64_FORMAT "\n", name, value);
	return 0;
}

void ims_stats_dump(const struct ims_stats *stats, FILE *out)
{
	ims_stats_foreach(stats, dump_one, out);
}

static gboolean zero_one(gpointer key, gpointer value, gpointer unused)
{
	*(uint64_t *)value = 0;
	return FALSE;
}

void ims_stats_reset(struct ims_stats *stats)
{
	g_tree_foreach(stats->counters, zero_one, NULL);
}
