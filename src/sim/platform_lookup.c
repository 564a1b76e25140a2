/* SPDX-License-Identifier: MIT */
/* Naming units and devices the way traces do (trace-format.md section 1). */
#include <errno.h>
#include <string.h>

#include "iommusim/platform.h"

int ims_platform_find_unit(const struct ims_platform *platform,
			   const char *name)
{
	/* The loader rejected ambiguous names: at most one unit matches. */
	for (unsigned i = 0; i < platform->n_units; i++) {
		const struct ims_platform_unit *u = &platform->units[i];

		if ((u->label && strcmp(u->label, name) == 0) ||
		    strcmp(u->name, name) == 0)
			return (int)i;
	}
	return -ENOENT;
}

/* 1..max_digits hex digits, value <= max, then `end`. */
static const char *parse_hex(const char *s, unsigned max_digits,
			     unsigned max, char end, unsigned *out)
{
	unsigned v = 0, n = 0;

	for (; g_ascii_isxdigit(*s) && n < max_digits; s++, n++)
		v = v * 16 + (unsigned)g_ascii_xdigit_value(*s);
	if (n == 0 || v > max || *s != end)
		return NULL;
	*out = v;
	return s;
}

/* "BB:DD.F" or "SSSS:BB:DD.F" (hex, leading zeros optional). */
static int parse_pci_address(const char *name, unsigned *segment,
			     unsigned *rid)
{
	unsigned bus, dev, fn;
	const char *s = name;
	bool has_segment = strchr(strchr(name, ':') + 1, ':') != NULL;

	*segment = 0;
	if (has_segment && !(s = parse_hex(s, 4, 0xffff, ':', segment)))
		return -EINVAL;
	if (has_segment)
		s++;
	if (!(s = parse_hex(s, 2, 0xff, ':', &bus)) ||
	    !(s = parse_hex(s + 1, 2, 0x1f, '.', &dev)) ||
	    !(s = parse_hex(s + 1, 1, 7, '\0', &fn)))
		return -EINVAL;
	*rid = IMS_RID(bus, dev, fn);
	return 0;
}

static int find_by_pci_address(const struct ims_platform *platform,
			       const char *name)
{
	unsigned segment, rid;
	int err = parse_pci_address(name, &segment, &rid);

	if (err)
		return err;
	for (unsigned i = 0; i < platform->n_devices; i++) {
		const struct ims_platform_device *d = &platform->devices[i];

		if (d->bus == IMS_DEV_BUS_PCI && d->segment == segment &&
		    d->rid == rid)
			return (int)i;
	}
	return -ENOENT;
}

int ims_platform_find_device(const struct ims_platform *platform,
			     const char *name)
{
	bool by_path = name[0] == '/';

	/* Node names never contain ':' (dtc rejects it), paths may not. */
	if (!by_path && strchr(name, ':'))
		return find_by_pci_address(platform, name);
	for (unsigned i = 0; i < platform->n_devices; i++) {
		const struct ims_platform_device *d = &platform->devices[i];

		if (strcmp(by_path ? d->path : d->name, name) == 0)
			return (int)i;
	}
	return -ENOENT;
}

char *ims_platform_device_id(const struct ims_platform_device *dev)
{
	if (dev->bus != IMS_DEV_BUS_PCI)
		return g_strdup(dev->name);
	if (dev->segment)
		return g_strdup_printf("%04x:%02x:%02x.%x", dev->segment,
				       IMS_RID_BUS(dev->rid),
				       IMS_RID_DEVFN(dev->rid) >> 3,
				       dev->rid & 7);
	return g_strdup_printf("%02x:%02x.%x", IMS_RID_BUS(dev->rid),
			       IMS_RID_DEVFN(dev->rid) >> 3, dev->rid & 7);
}
