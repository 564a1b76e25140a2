/* SPDX-License-Identifier: MIT */
/*
 * Platform loader, part 2: IOMMU units ("intel,vtd", "arm,smmu-v3").
 *
 * "intel,vtd" is project-defined: VT-d has no device-tree binding (firmware
 * describes it with the ACPI DMAR table), see docs/platform.md.
 */
#include <errno.h>
#include <string.h>

#include "platform_priv.h"

#define VTD_DEFAULT_ADDRESS_WIDTH 48
#define VTD_DEFAULT_FAULT_RECORDS 8
#define VTD_MAX_FAULT_RECORDS 256 /* CAP.NFR is 8 bits: NFR + 1 records */

static const struct {
	const char *compatible;
	enum ims_unit_kind kind;
} unit_kinds[] = {
	{ "intel,vtd", IMS_UNIT_VTD },
	{ "arm,smmu-v3", IMS_UNIT_SMMUV3 },
};

static int unit_kind_of(struct plat_ctx *c, int node)
{
	for (unsigned i = 0; i < G_N_ELEMENTS(unit_kinds); i++)
		if (fdt_node_check_compatible(c->fdt, node,
					      unit_kinds[i].compatible) == 0)
			return (int)i;
	return -1;
}

bool plat_is_unit_node(struct plat_ctx *c, int node, bool *is_unit)
{
	*is_unit = unit_kind_of(c, node) >= 0;
	if (!*is_unit && fdt_getprop(c->fdt, node, "#iommu-cells", NULL))
		return plat_invalid(c, node,
				    "compatible: not a known IOMMU (expected "
				    "\"intel,vtd\" or \"arm,smmu-v3\")");
	return true;
}

bool plat_is_disabled_unit(struct plat_ctx *c, int node)
{
	return unit_kind_of(c, node) >= 0 && !plat_node_enabled(c, node);
}

int plat_unit_at(struct plat_ctx *c, int node)
{
	for (unsigned i = 0; i < c->unit_nodes->len; i++)
		if (g_array_index(c->unit_nodes, int, i) == node)
			return (int)i;
	return -1;
}

static bool windows_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a <= b + (bs - 1) && b <= a + (as - 1);
}

/*
 * Register windows live on the MMIO bus, a space apart from simulated RAM
 * (the platforms put 8 GiB at 0 without a PCI hole), so only windows are
 * checked against each other.
 */
static bool check_window(struct plat_ctx *c, int node, uint64_t base,
			 uint64_t size)
{
	if (size == 0 || base + (size - 1) < base)
		return plat_invalid(c, node, "reg: empty or wrapping window");
	if ((base | size) & (IMS_PAGE_SIZE - 1))
		return plat_invalid(c, node,
				    "reg: register window must be 4 KiB aligned "
				    "and a multiple of 4 KiB");
	for (unsigned i = 0; i < c->units->len; i++) {
		const struct ims_platform_unit *o =
			&g_array_index(c->units, struct ims_platform_unit, i);

		if (windows_overlap(base, size, o->base, o->size))
			return plat_invalid(c, node,
					    "reg: register window overlaps %s",
					    o->path);
	}
	return true;
}

static bool parse_window(struct plat_ctx *c, int node,
			 struct ims_platform_unit *u)
{
	unsigned stride = (unsigned)(c->addr_cells + c->size_cells);
	const fdt32_t *cells;
	unsigned n;

	if (!plat_prop_cells(c, node, "reg", &cells, &n))
		return false;
	if (!cells)
		return plat_invalid(c, node, "reg: missing");
	if (n != stride)
		return plat_invalid(c, node,
				    "reg: expected one (address, size) pair of "
				    "%u cells, got %u cells", stride, n);
	u->base = plat_cells_value(cells, c->addr_cells);
	u->size = plat_cells_value(cells + c->addr_cells, c->size_cells);
	return check_window(c, node, u->base, u->size);
}

static bool parse_large_pages(struct plat_ctx *c, int node,
			      struct ims_platform_unit *u)
{
	int n = fdt_stringlist_count(c->fdt, node, "large-pages");

	if (n == -FDT_ERR_NOTFOUND)
		return true;
	if (n < 0)
		return plat_invalid(c, node,
				    "large-pages: expected a list of strings");
	for (int i = 0; i < n; i++) {
		const char *s = fdt_stringlist_get(c->fdt, node, "large-pages",
						   i, NULL);

		if (s && strcmp(s, "2M") == 0)
			u->lp_2m = true;
		else if (s && strcmp(s, "1G") == 0)
			u->lp_1g = true;
		else
			return plat_invalid(c, node,
					    "large-pages: \"%s\" is not a "
					    "second-level page size (\"2M\" or "
					    "\"1G\")", s ? s : "?");
	}
	return true;
}

static bool parse_vtd(struct plat_ctx *c, int node,
		      struct ims_platform_unit *u)
{
	uint32_t aw, nfr;

	if (!plat_prop_bool(c, node, "snoop-control", &u->snoop_control) ||
	    !plat_prop_bool(c, node, "interrupt-remapping", &u->intr_remap) ||
	    !plat_prop_bool(c, node, "coherent-walk", &u->coherent_walk) ||
	    !plat_prop_u32(c, node, "address-width", VTD_DEFAULT_ADDRESS_WIDTH,
			   &aw, NULL) ||
	    !plat_prop_u32(c, node, "fault-records", VTD_DEFAULT_FAULT_RECORDS,
			   &nfr, NULL) ||
	    !parse_large_pages(c, node, u) ||
	    !plat_prop_u64(c, node, "cap", &u->raw_cap, &u->has_raw_cap) ||
	    !plat_prop_u64(c, node, "ecap", &u->raw_ecap, &u->has_raw_ecap))
		return false;
	if (aw != 39 && aw != 48 && aw != 57)
		return plat_invalid(c, node,
				    "address-width: %u is not 39, 48 or 57", aw);
	if (nfr < 1 || nfr > VTD_MAX_FAULT_RECORDS)
		return plat_invalid(c, node,
				    "fault-records: %u is not in 1..%u", nfr,
				    VTD_MAX_FAULT_RECORDS);
	u->address_width = aw;
	u->fault_records = nfr;
	return true;
}

static bool parse_unit_props(struct plat_ctx *c, int node,
			     struct ims_platform_unit *u)
{
	uint32_t cells;
	bool present;

	if (!parse_window(c, node, u) ||
	    !plat_prop_u32(c, node, "#iommu-cells", 0, &cells, &present))
		return false;
	/* Devices name themselves to the unit by one id (RID / StreamID). */
	if (!present || cells != 1)
		return plat_invalid(c, node, "#iommu-cells: must be <1>");
	if (u->kind == IMS_UNIT_SMMUV3)
		return plat_prop_bool(c, node, "dma-coherent",
				      &u->dma_coherent);
	return parse_vtd(c, node, u);
}

static void unit_clear(struct ims_platform_unit *u)
{
	g_free(u->name);
	g_free(u->label);
	g_free(u->path);
	g_free(u->compatible);
}

bool plat_parse_unit(struct plat_ctx *c, int node)
{
	struct ims_platform_unit u = { 0 };
	int kind = unit_kind_of(c, node);
	const char *label = g_hash_table_lookup(c->labels,
						GINT_TO_POINTER(node));

	g_assert(kind >= 0); /* callers ask plat_is_unit_node first */
	u.kind = unit_kinds[kind].kind;
	u.compatible = g_strdup(unit_kinds[kind].compatible);
	u.name = plat_node_name(c, node);
	u.path = plat_node_path(c, node);
	u.label = g_strdup(label);
	if (!parse_unit_props(c, node, &u)) {
		unit_clear(&u);
		return false;
	}
	g_array_append_val(c->units, u);
	g_array_append_val(c->unit_nodes, node);
	return true;
}

static bool same_name(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Traces name a unit by label or node name: every name must pick one. */
bool plat_check_unit_names(struct plat_ctx *c)
{
	for (unsigned i = 0; i < c->units->len; i++) {
		const struct ims_platform_unit *a =
			&g_array_index(c->units, struct ims_platform_unit, i);

		for (unsigned j = i + 1; j < c->units->len; j++) {
			const struct ims_platform_unit *b =
				&g_array_index(c->units,
					       struct ims_platform_unit, j);

			if (same_name(a->name, b->name) ||
			    same_name(a->label, b->name) ||
			    same_name(a->name, b->label) ||
			    same_name(a->label, b->label))
				return plat_invalid(c,
					g_array_index(c->unit_nodes, int, j),
					"name or label is ambiguous with %s",
					a->path);
		}
	}
	return true;
}
