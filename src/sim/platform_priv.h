/* SPDX-License-Identifier: MIT */
/*
 * Private to the platform loader (platform*.c): the parse context and the
 * property readers shared by its files.
 *
 * Every reader validates the property's length before touching its bytes
 * and reports problems as "FILE: NODE-PATH: what is wrong" through
 * plat_fail(); it returns false once an error is set, so callers just
 * propagate false.
 */
#ifndef IMS_SIM_PLATFORM_PRIV_H
#define IMS_SIM_PLATFORM_PRIV_H

#include <libfdt.h>

#include "iommusim/platform.h"

struct plat_ctx {
	const void *fdt;          /* validated by fdt_check_full */
	const char *file;         /* name used in messages */
	GError **error;
	int addr_cells, size_cells; /* the root's */
	GArray *ram;              /* struct ims_platform_ram, sorted by base */
	GArray *units;            /* struct ims_platform_unit */
	GArray *unit_nodes;       /* int: node offset of units[i] */
	GArray *devices;          /* struct ims_platform_device, tree order */
	GArray *device_nodes;     /* int: node offset of devices[i] */
	GHashTable *labels;       /* node offset -> label (borrowed from fdt) */
};

/* Sets the error for `node` (-1: the file itself) and returns false. */
bool plat_fail(struct plat_ctx *c, int node, int code, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);
#define plat_invalid(c, node, ...) \
	plat_fail((c), (node), IMS_PLATFORM_ERROR_INVALID, __VA_ARGS__)

/*
 * Property readers. `*present` (when not NULL) says whether the property
 * exists; absent properties leave `*out` at `def`.
 */
bool plat_prop_bool(struct plat_ctx *c, int node, const char *prop, bool *out);
bool plat_prop_u32(struct plat_ctx *c, int node, const char *prop,
		   uint32_t def, uint32_t *out, bool *present);
bool plat_prop_u64(struct plat_ctx *c, int node, const char *prop,
		   uint64_t *out, bool *present);
/* Raw cells of `prop`: NULL when absent (*n_cells = 0), error if not cells. */
bool plat_prop_cells(struct plat_ctx *c, int node, const char *prop,
		     const fdt32_t **cells, unsigned *n_cells);
/* Reads `n` (1 or 2) big-endian cells as one number. */
uint64_t plat_cells_value(const fdt32_t *cells, int n);

/* False for status = "disabled" (anything but "okay"/"ok"): the node is
 * skipped as Linux skips it. */
bool plat_node_enabled(struct plat_ctx *c, int node);

/* Node name, copied. */
char *plat_node_name(struct plat_ctx *c, int node);
char *plat_node_path(struct plat_ctx *c, int node);

/* Root-level parsing (platform_parse.c). */
bool plat_parse_root(struct plat_ctx *c);
bool plat_parse_labels(struct plat_ctx *c);
bool plat_parse_memory(struct plat_ctx *c, int node);

/* IOMMU units (platform_units.c). */
bool plat_is_unit_node(struct plat_ctx *c, int node, bool *is_unit);
bool plat_parse_unit(struct plat_ctx *c, int node);
bool plat_check_unit_names(struct plat_ctx *c);
/* True for a unit node with status = "disabled". */
bool plat_is_disabled_unit(struct plat_ctx *c, int node);
/* Index of the unit at `node`, or -1. */
int plat_unit_at(struct plat_ctx *c, int node);

/* Devices and groups (platform_devices.c). */
bool plat_parse_devices(struct plat_ctx *c);
bool plat_assign_groups(struct plat_ctx *c);

#endif
