/* SPDX-License-Identifier: MIT */
/*
 * Platform loader, part 1: error reporting, property readers, the root
 * node, labels (__symbols__) and memory nodes.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "platform_priv.h"

#define PHYS_LIMIT (UINT64_C(1) << 52)
#define PATH_MAX_LEN 1024

char *plat_node_path(struct plat_ctx *c, int node)
{
	char buf[PATH_MAX_LEN];

	if (fdt_get_path(c->fdt, node, buf, sizeof(buf)) == 0)
		return g_strdup(buf);
	/* Deeper than PATH_MAX_LEN: the name alone still points the way. */
	return g_strdup_printf(".../%s", fdt_get_name(c->fdt, node, NULL));
}

char *plat_node_name(struct plat_ctx *c, int node)
{
	int len = 0;
	const char *name = fdt_get_name(c->fdt, node, &len);

	if (!name || len < 0)
		return g_strdup("?");
	if (node == 0)
		return g_strdup("/");
	return g_strndup(name, (gsize)len);
}

bool plat_node_enabled(struct plat_ctx *c, int node)
{
	int len = 0;
	const char *status = fdt_getprop(c->fdt, node, "status", &len);

	if (!status)
		return true;
	/* Compare whole values, terminator included: they need not be
	 * NUL-terminated. */
	return (len == sizeof("okay") && memcmp(status, "okay", len) == 0) ||
	       (len == sizeof("ok") && memcmp(status, "ok", len) == 0);
}

bool plat_fail(struct plat_ctx *c, int node, int code, const char *fmt, ...)
{
	g_autofree char *what = NULL;
	g_autofree char *path = NULL;
	va_list ap;

	va_start(ap, fmt);
	what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (node < 0) {
		g_set_error(c->error, IMS_PLATFORM_ERROR, code, "%s: %s",
			    c->file, what);
		return false;
	}
	path = plat_node_path(c, node);
	g_set_error(c->error, IMS_PLATFORM_ERROR, code, "%s: %s: %s", c->file,
		    path, what);
	return false;
}

/* fdt_getprop that tells "absent" from "unreadable". */
static const void *get_prop(struct plat_ctx *c, int node, const char *prop,
			    int *len, bool *ok)
{
	const void *val = fdt_getprop(c->fdt, node, prop, len);

	*ok = true;
	if (val)
		return val;
	if (*len != -FDT_ERR_NOTFOUND) {
		*ok = plat_fail(c, node, IMS_PLATFORM_ERROR_FORMAT,
				"%s: cannot read property: %s", prop,
				fdt_strerror(*len));
	}
	*len = 0;
	return NULL;
}

bool plat_prop_bool(struct plat_ctx *c, int node, const char *prop, bool *out)
{
	int len;
	bool ok;
	const void *val = get_prop(c, node, prop, &len, &ok);

	if (!ok)
		return false;
	*out = val != NULL;
	/* `snoop-control = <0>;` must not silently mean "enabled". */
	if (val && len != 0)
		return plat_invalid(c, node,
				    "%s: boolean property must have no value",
				    prop);
	return true;
}

bool plat_prop_u32(struct plat_ctx *c, int node, const char *prop,
		   uint32_t def, uint32_t *out, bool *present)
{
	int len;
	bool ok;
	const fdt32_t *val = get_prop(c, node, prop, &len, &ok);

	if (!ok)
		return false;
	if (present)
		*present = val != NULL;
	*out = def;
	if (!val)
		return true;
	if (len != 4)
		return plat_invalid(c, node,
				    "%s: expected one 32-bit cell, got %d bytes",
				    prop, len);
	*out = fdt32_ld(val);
	return true;
}

bool plat_prop_u64(struct plat_ctx *c, int node, const char *prop,
		   uint64_t *out, bool *present)
{
	int len;
	bool ok;
	const fdt64_t *val = get_prop(c, node, prop, &len, &ok);

	if (!ok)
		return false;
	*present = val != NULL;
	if (!val)
		return true;
	if (len != 8)
		return plat_invalid(c, node,
				    "%s: expected a 64-bit value (/bits/ 64 <v> "
				    "or two cells), got %d bytes", prop, len);
	*out = fdt64_ld(val);
	return true;
}

bool plat_prop_cells(struct plat_ctx *c, int node, const char *prop,
		     const fdt32_t **cells, unsigned *n_cells)
{
	int len;
	bool ok;
	const fdt32_t *val = get_prop(c, node, prop, &len, &ok);

	*cells = NULL;
	*n_cells = 0;
	if (!ok)
		return false;
	if (val && (len == 0 || len % 4))
		return plat_invalid(c, node,
				    "%s: expected 32-bit cells, got %d bytes",
				    prop, len);
	*cells = val;
	*n_cells = (unsigned)len / 4;
	return true;
}

uint64_t plat_cells_value(const fdt32_t *cells, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_ld(&cells[i]);
	return v;
}

/* #address-cells / #size-cells of `node`, restricted to 1..2 (64 bits). */
static bool bus_cells(struct plat_ctx *c, int node, int *ac, int *sc)
{
	uint32_t a, s;

	/* Defaults from the devicetree specification (v0.4, 2.3.5). */
	if (!plat_prop_u32(c, node, "#address-cells", 2, &a, NULL) ||
	    !plat_prop_u32(c, node, "#size-cells", 1, &s, NULL))
		return false;
	if (a < 1 || a > 2)
		return plat_invalid(c, node,
				    "#address-cells: %u not supported (1 or 2)",
				    a);
	if (s < 1 || s > 2)
		return plat_invalid(c, node,
				    "#size-cells: %u not supported (1 or 2)", s);
	*ac = (int)a;
	*sc = (int)s;
	return true;
}

bool plat_parse_root(struct plat_ctx *c)
{
	int r = fdt_node_check_compatible(c->fdt, 0, "iommusim,platform");

	if (r != 0)
		return plat_invalid(c, 0,
				    "compatible must contain \"iommusim,platform\"");
	return bus_cells(c, 0, &c->addr_cells, &c->size_cells);
}

/* One label per node: the first __symbols__ entry naming it wins. */
bool plat_parse_labels(struct plat_ctx *c)
{
	int symbols = fdt_subnode_offset(c->fdt, 0, "__symbols__");
	int prop;

	if (symbols < 0)
		return true; /* a .dtb built without -@ simply has no labels */
	fdt_for_each_property_offset(prop, c->fdt, symbols) {
		const char *label = NULL;
		int len = 0, node;
		const char *path = fdt_getprop_by_offset(c->fdt, prop, &label,
							 &len);

		if (!path || !label || len < 1 || path[len - 1] != '\0')
			return plat_fail(c, symbols, IMS_PLATFORM_ERROR_FORMAT,
					 "%s: expected a path string",
					 label ? label : "?");
		node = fdt_path_offset(c->fdt, path);
		if (node < 0)
			continue; /* stale symbol: no node to label */
		if (!g_hash_table_contains(c->labels, GINT_TO_POINTER(node)))
			g_hash_table_insert(c->labels, GINT_TO_POINTER(node),
					    (gpointer)label);
	}
	return true;
}

static bool add_ram(struct plat_ctx *c, int node, uint64_t base,
		    uint64_t size)
{
	struct ims_platform_ram ram = { base, size };
	unsigned pos = 0;

	if (size == 0)
		return plat_invalid(c, node, "reg: empty memory range at 0x%"
				    G_GINT64_MODIFIER "x", base);
	if ((base | size) & (IMS_PAGE_SIZE - 1))
		return plat_invalid(c, node, "reg: memory range 0x%"
				    G_GINT64_MODIFIER "x+0x%" G_GINT64_MODIFIER
				    "x is not 4 KiB aligned", base, size);
	if (base >= PHYS_LIMIT || size > PHYS_LIMIT - base)
		return plat_invalid(c, node, "reg: memory range 0x%"
				    G_GINT64_MODIFIER "x+0x%" G_GINT64_MODIFIER
				    "x goes beyond 2^52", base, size);
	for (; pos < c->ram->len; pos++) {
		const struct ims_platform_ram *o =
			&g_array_index(c->ram, struct ims_platform_ram, pos);

		if (base < o->base + o->size && o->base < base + size)
			return plat_invalid(c, node, "reg: memory range 0x%"
					    G_GINT64_MODIFIER "x+0x%"
					    G_GINT64_MODIFIER "x overlaps other "
					    "memory", base, size);
		if (base < o->base)
			break;
	}
	g_array_insert_val(c->ram, pos, ram);
	return true;
}

bool plat_parse_memory(struct plat_ctx *c, int node)
{
	unsigned stride = (unsigned)(c->addr_cells + c->size_cells);
	const fdt32_t *cells;
	unsigned n;

	if (!plat_prop_cells(c, node, "reg", &cells, &n))
		return false;
	if (!cells)
		return plat_invalid(c, node, "reg: missing");
	if (n % stride)
		return plat_invalid(c, node,
				    "reg: %u cells is not a whole number of "
				    "(address, size) pairs of %u cells", n,
				    stride);
	for (unsigned i = 0; i < n; i += stride) {
		uint64_t base = plat_cells_value(cells + i, c->addr_cells);
		uint64_t size = plat_cells_value(cells + i + c->addr_cells,
						 c->size_cells);

		if (!add_ram(c, node, base, size))
			return false;
	}
	return true;
}
