/* SPDX-License-Identifier: MIT */
/*
 * The platform: section 1 of trace-format.md, read with libfdt into plain
 * data. Nothing here knows a device model; src/machine turns this into
 * units on the bus, src/host reads it as firmware tables (DMAR, IORT).
 */
#ifndef IOMMUSIM_PLATFORM_H
#define IOMMUSIM_PLATFORM_H

#include <glib.h>

#include "iommusim/types.h"

#define IMS_PLATFORM_ERROR (ims_platform_error_quark())
GQuark ims_platform_error_quark(void);

enum ims_platform_error_code {
	IMS_PLATFORM_ERROR_IO,       /* file unreadable, dtc failed */
	IMS_PLATFORM_ERROR_FORMAT,   /* not a valid flattened device tree */
	IMS_PLATFORM_ERROR_INVALID,  /* valid tree, invalid description */
};

enum ims_unit_kind {
	IMS_UNIT_VTD,     /* compatible = "intel,vtd" */
	IMS_UNIT_SMMUV3,  /* compatible = "arm,smmu-v3" */
};

struct ims_platform_unit {
	char *name;          /* node name, "iommu@fed90000" */
	char *label;         /* DT label ("dmar0") or NULL when none known */
	char *path;          /* full node path */
	char *compatible;    /* the matched compatible string */
	enum ims_unit_kind kind;
	uint64_t base, size; /* register window */
	/* VT-d properties (defaults documented in docs/platform.md) */
	bool snoop_control;  /* ECAP.SC */
	bool intr_remap;     /* ECAP.IR */
	bool coherent_walk;  /* ECAP.C */
	unsigned address_width; /* 39, 48 or 57 */
	bool lp_2m, lp_1g;   /* CAP.SLLPS bits */
	unsigned fault_records; /* CAP.NFR + 1, 1..256 */
	bool has_raw_cap, has_raw_ecap;
	uint64_t raw_cap, raw_ecap; /* override everything above when set */
	/* SMMUv3 */
	bool dma_coherent;   /* IDR0.COHACC */
};

enum ims_dev_bus {
	IMS_DEV_BUS_PCI,
	IMS_DEV_BUS_PLATFORM,
};

struct ims_platform_device {
	char *name;          /* node name, "nic@2,0", "accel@40000000" */
	char *path;
	enum ims_dev_bus bus;
	uint16_t segment;    /* PCI segment (linux,pci-domain), 0 otherwise */
	ims_rid_t rid;       /* PCI requester id; 0 for platform devices */
	int unit;            /* index into units[], -1 = no IOMMU in front */
	uint32_t source;     /* id the unit sees (iommu-map / iommus result) */
	unsigned group;      /* iommusim,group or the assigned number */
	bool group_explicit; /* group came from the tree, not numbering */
};

struct ims_platform_ram {
	uint64_t base, size;
};

struct ims_platform {
	char *path;          /* as given to the loader */
	struct ims_platform_ram *ram;
	unsigned n_ram;
	struct ims_platform_unit *units;
	unsigned n_units;
	struct ims_platform_device *devices;  /* device-tree order */
	unsigned n_devices;
};

/*
 * Loads a .dts (through `dtc -@`) or .dtb. On failure returns NULL and sets
 * `error` to "FILE: NODE-PATH: what is wrong".
 */
struct ims_platform *ims_platform_load(const char *path, GError **error);
/* The same from a blob in memory (fuzzing, tests); `name` is used in errors. */
struct ims_platform *ims_platform_load_blob(const void *blob, size_t size,
					    const char *name, GError **error);
void ims_platform_free(struct ims_platform *platform);

/* Unit by label ("dmar0") or node name; index or -ENOENT. The loader
 * rejects platforms where a name would match two units. */
int ims_platform_find_unit(const struct ims_platform *platform,
			   const char *name);
/*
 * Device by PCI address ("00:02.0", "0000:00:02.0"; hex, any name holding
 * ':' is taken as one), node name ("accel@50000000") or full node path;
 * index, -ENOENT, or -EINVAL when `name` looks like a PCI address but is
 * malformed. Node names are unique across devices (checked at load).
 */
int ims_platform_find_device(const struct ims_platform *platform,
			     const char *name);

/*
 * The name a device goes by in stats and messages: its PCI address
 * ("00:02.0"; "0001:00:02.0" outside segment 0) or its node name.
 * Caller frees.
 */
char *ims_platform_device_id(const struct ims_platform_device *dev);

#endif
