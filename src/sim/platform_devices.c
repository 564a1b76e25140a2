/* SPDX-License-Identifier: MIT */
/*
 * Platform loader, part 3: devices and their routing to units.
 *
 * PCI functions are the direct children of an "iommusim,pci-host" node and
 * are routed by the host's iommu-map (pci-iommu binding: first entry whose
 * [rid-base, rid-base + length) holds rid & iommu-map-mask). Platform
 * devices are any other node with `iommus` or compatible
 * "iommusim,dma-device"; their one specifier cell is the source id.
 */
#include <errno.h>
#include <string.h>

#include "platform_priv.h"

#define PCI_RID_SPACE 0x10000u
#define PCI_CFG_BITS 0x00ffff00u /* phys.hi: bus[23:16] dev[15:11] fn[10:8] */

struct pci_host {
	int node;
	uint32_t bus_first, bus_last;
	uint16_t segment;
	const fdt32_t *map;   /* iommu-map cells, NULL when absent */
	unsigned map_entries;
	uint32_t map_mask;
};

static void device_clear(struct ims_platform_device *d)
{
	g_free(d->name);
	g_free(d->path);
}

static bool add_device(struct plat_ctx *c, int node,
		       struct ims_platform_device *d)
{
	bool explicit;

	d->name = plat_node_name(c, node);
	d->path = plat_node_path(c, node);
	if (!plat_prop_u32(c, node, "iommusim,group", 0, &d->group,
			   &explicit)) {
		device_clear(d);
		return false;
	}
	d->group_explicit = explicit;
	g_array_append_val(c->devices, *d);
	g_array_append_val(c->device_nodes, node);
	return true;
}

/* Source ids a unit can see: VT-d requester ids are 16 bits wide. */
static bool check_source(struct plat_ctx *c, int node, const char *prop,
			 int unit, uint64_t last)
{
	const struct ims_platform_unit *u =
		&g_array_index(c->units, struct ims_platform_unit, unit);

	if (u->kind == IMS_UNIT_VTD && last > 0xffff)
		return plat_invalid(c, node,
				    "%s: source id 0x%" G_GINT64_MODIFIER "x is "
				    "not a 16-bit requester id (%s is VT-d)",
				    prop, last, u->path);
	return true;
}

static bool resolve_unit(struct plat_ctx *c, int node, const char *prop,
			 uint32_t phandle, int *unit)
{
	int target = fdt_node_offset_by_phandle(c->fdt, phandle);

	*unit = target < 0 ? -1 : plat_unit_at(c, target);
	/* A disabled IOMMU leaves its devices untranslated (iommu.txt). */
	if (*unit < 0 && target >= 0 && plat_is_disabled_unit(c, target))
		return true;
	if (*unit < 0)
		return plat_invalid(c, node,
				    "%s: phandle 0x%x does not name an IOMMU "
				    "unit", prop, phandle);
	return true;
}

static bool parse_iommu_map(struct plat_ctx *c, struct pci_host *h)
{
	unsigned n;

	if (!plat_prop_cells(c, h->node, "iommu-map", &h->map, &n) ||
	    !plat_prop_u32(c, h->node, "iommu-map-mask", UINT32_MAX,
			   &h->map_mask, NULL))
		return false;
	if (n % 4)
		return plat_invalid(c, h->node,
				    "iommu-map: entries are 4 cells (rid-base, "
				    "iommu, iommu-base, length), got %u cells",
				    n);
	h->map_entries = n / 4;
	for (unsigned i = 0; i < h->map_entries; i++) {
		const fdt32_t *e = h->map + 4 * i;
		uint32_t rid_base = fdt32_ld(&e[0]), base = fdt32_ld(&e[2]);
		uint32_t len = fdt32_ld(&e[3]);
		int unit;

		if (!resolve_unit(c, h->node, "iommu-map", fdt32_ld(&e[1]),
				  &unit))
			return false;
		if (len == 0 || rid_base >= PCI_RID_SPACE ||
		    len > PCI_RID_SPACE - rid_base)
			return plat_invalid(c, h->node,
					    "iommu-map: entry %u: rids 0x%x+0x%x "
					    "are not inside 0x0..0xffff", i,
					    rid_base, len);
		if (unit >= 0 && !check_source(c, h->node, "iommu-map", unit,
					       (uint64_t)base + len - 1))
			return false;
	}
	return true;
}

static bool parse_host(struct plat_ctx *c, struct pci_host *h)
{
	uint32_t ac, domain;
	const fdt32_t *range;
	unsigned n;

	if (!plat_prop_u32(c, h->node, "#address-cells", 2, &ac, NULL) ||
	    !plat_prop_u32(c, h->node, "linux,pci-domain", 0, &domain, NULL) ||
	    !plat_prop_cells(c, h->node, "bus-range", &range, &n))
		return false;
	if (ac != 3)
		return plat_invalid(c, h->node,
				    "#address-cells: a PCI host needs <3>");
	if (domain > 0xffff)
		return plat_invalid(c, h->node,
				    "linux,pci-domain: %u is above 0xffff",
				    domain);
	h->segment = (uint16_t)domain;
	h->bus_first = 0; /* Linux's default when bus-range is absent */
	h->bus_last = 0xff;
	if (range && n != 2)
		return plat_invalid(c, h->node,
				    "bus-range: expected <first last>");
	if (range) {
		h->bus_first = fdt32_ld(&range[0]);
		h->bus_last = fdt32_ld(&range[1]);
	}
	if (h->bus_first > h->bus_last || h->bus_last > 0xff)
		return plat_invalid(c, h->node,
				    "bus-range: <0x%x 0x%x> is not a range of "
				    "buses 0x0..0xff", h->bus_first,
				    h->bus_last);
	return parse_iommu_map(c, h);
}

/* of_map_id(): the first entry holding the masked rid wins. */
static bool route_rid(struct plat_ctx *c, const struct pci_host *h,
		      int node, struct ims_platform_device *d)
{
	uint32_t masked = d->rid & h->map_mask;

	d->unit = -1;
	d->source = d->rid;
	if (!h->map)
		return true; /* no iommu-map: no IOMMU in front */
	for (unsigned i = 0; i < h->map_entries; i++) {
		const fdt32_t *e = h->map + 4 * i;
		uint32_t rid_base = fdt32_ld(&e[0]);

		if (masked < rid_base || masked - rid_base >= fdt32_ld(&e[3]))
			continue;
		d->source = fdt32_ld(&e[2]) + (masked - rid_base);
		return resolve_unit(c, h->node, "iommu-map", fdt32_ld(&e[1]),
				    &d->unit);
	}
	/* Linux would let it bypass translation; a typo in the map must not
	 * silently take a device out from behind its IOMMU. */
	return plat_invalid(c, node,
			    "requester id 0x%04x is not covered by the host's "
			    "iommu-map", d->rid);
}

static bool check_pci_unique(struct plat_ctx *c, int node,
			     const struct ims_platform_device *d)
{
	for (unsigned i = 0; i < c->devices->len; i++) {
		const struct ims_platform_device *o = &g_array_index(
			c->devices, struct ims_platform_device, i);

		if (o->bus == IMS_DEV_BUS_PCI && o->segment == d->segment &&
		    o->rid == d->rid)
			return plat_invalid(c, node,
					    "PCI address %04x:%02x:%02x.%x is "
					    "also used by %s", d->segment,
					    IMS_RID_BUS(d->rid),
					    IMS_RID_DEVFN(d->rid) >> 3,
					    d->rid & 7, o->path);
	}
	return true;
}

static bool parse_pci_function(struct plat_ctx *c, const struct pci_host *h,
			       int node, unsigned size_cells)
{
	struct ims_platform_device d = { .bus = IMS_DEV_BUS_PCI };
	const fdt32_t *reg;
	unsigned n, bus;
	uint32_t hi;

	if (!plat_prop_cells(c, node, "reg", &reg, &n))
		return false;
	if (!reg || n < 3 + size_cells || n % (3 + size_cells))
		return plat_invalid(c, node,
				    "reg: expected PCI addresses of 3 + %u "
				    "cells", size_cells);
	hi = fdt32_ld(&reg[0]);
	if (hi & ~PCI_CFG_BITS)
		return plat_invalid(c, node,
				    "reg: phys.hi 0x%08x must be a configuration"
				    " space address (bus, device, function "
				    "only)", hi);
	bus = (hi >> 16) & 0xff;
	if (bus < h->bus_first || bus > h->bus_last)
		return plat_invalid(c, node,
				    "reg: bus 0x%02x is outside bus-range", bus);
	d.segment = h->segment;
	d.rid = (ims_rid_t)((hi >> 8) & 0xffff);
	if (!check_pci_unique(c, node, &d) || !route_rid(c, h, node, &d))
		return false;
	return add_device(c, node, &d);
}

static bool parse_pci_host(struct plat_ctx *c, int node)
{
	struct pci_host h = { .node = node };
	uint32_t sc;
	int child;

	if (!parse_host(c, &h) ||
	    !plat_prop_u32(c, node, "#size-cells", 1, &sc, NULL))
		return false;
	if (sc > 2)
		return plat_invalid(c, node, "#size-cells: %u is above 2", sc);
	fdt_for_each_subnode(child, c->fdt, node) {
		if (plat_node_enabled(c, child) &&
		    !parse_pci_function(c, &h, child, sc))
			return false;
	}
	return true;
}

static bool parse_platform_device(struct plat_ctx *c, int node)
{
	struct ims_platform_device d = { .bus = IMS_DEV_BUS_PLATFORM,
					 .unit = -1 };
	const fdt32_t *spec;
	unsigned n;

	if (!plat_prop_cells(c, node, "iommus", &spec, &n))
		return false;
	if (spec && n != 2)
		return plat_invalid(c, node,
				    "iommus: expected one <&unit id> specifier "
				    "(units have #iommu-cells = <1>), got %u "
				    "cells", n);
	if (spec) {
		if (!resolve_unit(c, node, "iommus", fdt32_ld(&spec[0]),
				  &d.unit))
			return false;
		d.source = fdt32_ld(&spec[1]);
		if (d.unit >= 0 &&
		    !check_source(c, node, "iommus", d.unit, d.source))
			return false;
	}
	return add_device(c, node, &d);
}

enum node_role { ROLE_NONE, ROLE_SKIP, ROLE_UNIT, ROLE_HOST, ROLE_DEVICE };

static bool classify(struct plat_ctx *c, int node, int depth,
		     enum node_role *role)
{
	const char *name = fdt_get_name(c->fdt, node, NULL);
	bool is_unit;

	*role = ROLE_NONE;
	if ((depth == 1 && name && name[0] == '_' && name[1] == '_') ||
	    !plat_node_enabled(c, node))
		*role = ROLE_SKIP; /* __symbols__, __fixups__, disabled... */
	else if (!plat_is_unit_node(c, node, &is_unit))
		return false;
	else if (is_unit)
		*role = ROLE_UNIT;
	else if (fdt_node_check_compatible(c->fdt, node,
					   "iommusim,pci-host") == 0)
		*role = ROLE_HOST;
	else if (fdt_getprop(c->fdt, node, "iommus", NULL) ||
		 fdt_node_check_compatible(c->fdt, node,
					   "iommusim,dma-device") == 0)
		*role = ROLE_DEVICE;
	if (*role == ROLE_UNIT && depth != 1)
		return plat_invalid(c, node,
				    "IOMMU units must be children of the root");
	return true;
}

/* Walks the tree in order; a host's subtree is its functions only. */
bool plat_parse_devices(struct plat_ctx *c)
{
	int depth = 0, skip_below = -1;
	int node = 0;

	for (node = fdt_next_node(c->fdt, node, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(c->fdt, node, &depth)) {
		enum node_role role;

		if (skip_below >= 0 && depth > skip_below)
			continue;
		skip_below = -1;
		if (!classify(c, node, depth, &role))
			return false;
		if (role == ROLE_SKIP || role == ROLE_UNIT)
			skip_below = depth;
		if (role == ROLE_HOST) {
			skip_below = depth;
			if (!parse_pci_host(c, node))
				return false;
		} else if (role == ROLE_DEVICE &&
			   !parse_platform_device(c, node)) {
			return false;
		}
	}
	if (node < 0 && node != -FDT_ERR_NOTFOUND)
		return plat_fail(c, -1, IMS_PLATFORM_ERROR_FORMAT,
				 "cannot walk the tree: %s", fdt_strerror(node));
	return true;
}

static bool check_device_names(struct plat_ctx *c)
{
	for (unsigned i = 0; i < c->devices->len; i++) {
		const struct ims_platform_device *a = &g_array_index(
			c->devices, struct ims_platform_device, i);

		for (unsigned j = i + 1; j < c->devices->len; j++) {
			const struct ims_platform_device *b = &g_array_index(
				c->devices, struct ims_platform_device, j);

			if (strcmp(a->name, b->name) == 0)
				return plat_invalid(c,
					g_array_index(c->device_nodes, int, j),
					"device name \"%s\" is also used by %s",
					b->name, a->path);
		}
	}
	return true;
}

/* Devices without iommusim,group: their own group each, numbered after the
 * largest explicit id (from 0 when none), in device-tree order. */
bool plat_assign_groups(struct plat_ctx *c)
{
	uint64_t next = 0;

	if (!check_device_names(c))
		return false;
	for (unsigned i = 0; i < c->devices->len; i++) {
		const struct ims_platform_device *d = &g_array_index(
			c->devices, struct ims_platform_device, i);

		if (d->group_explicit && (uint64_t)d->group + 1 > next)
			next = (uint64_t)d->group + 1;
	}
	for (unsigned i = 0; i < c->devices->len; i++) {
		struct ims_platform_device *d = &g_array_index(
			c->devices, struct ims_platform_device, i);

		if (d->group_explicit)
			continue;
		if (next > UINT32_MAX)
			return plat_invalid(c, g_array_index(c->device_nodes, int, i),
					    "no group number left after the "
					    "largest explicit iommusim,group");
		d->group = (unsigned)next++;
	}
	return true;
}
