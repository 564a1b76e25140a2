/* SPDX-License-Identifier: MIT */
/*
 * Named counters ("dmar0.iotlb.hits"), registered on first use and dumped
 * sorted by name so that output is deterministic. A counter's address is
 * stable for the life of the registry: hot paths keep the pointer and
 * increment it directly.
 */
#ifndef IOMMUSIM_STATS_H
#define IOMMUSIM_STATS_H

#include <stdio.h>

#include "iommusim/types.h"

struct ims_stats;

struct ims_stats *ims_stats_new(void);
void ims_stats_free(struct ims_stats *stats);

/* Returns the counter called `name` (created at 0 if new). Never NULL. */
uint64_t *ims_stats_counter(struct ims_stats *stats, const char *name);
/* printf-style name: ims_stats_counterf(s, "%s.iotlb.hits", unit). */
uint64_t *ims_stats_counterf(struct ims_stats *stats, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* 0 and *value, or -ENOENT for a name never registered. */
int ims_stats_get(const struct ims_stats *stats, const char *name,
		  uint64_t *value);

/* Visits counters in strcmp order; stops early if `fn` returns nonzero. */
typedef int (*ims_stats_visit_fn)(const char *name, uint64_t value, void *data);
int ims_stats_foreach(const struct ims_stats *stats, ims_stats_visit_fn fn,
		      void *data);

/* "name value\n" per counter, sorted. */
void ims_stats_dump(const struct ims_stats *stats, FILE *out);

/* Sets every counter back to 0 (names stay registered). */
void ims_stats_reset(struct ims_stats *stats);

#endif
