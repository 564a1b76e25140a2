/* SPDX-License-Identifier: MIT */
/* Platform loader: properties, defaults, routing, groups and lookups. */
#include <errno.h>
#include <string.h>

#include "test_platform.h"

struct ims_platform *load_ok(const char *name)
{
	g_autofree char *path = g_build_filename(DATA_DIR, name, NULL);
	GError *error = NULL;
	struct ims_platform *p = ims_platform_load(path, &error);

	ck_assert_msg(p, "%s", error ? error->message : "no error set");
	ck_assert_ptr_null(error);
	return p;
}

char *compile(const char *path, const char *extra_flag, gsize *len)
{
	const char *argv[] = { DTC, "-q", "-I", "dts", "-O", "dtb", "-o", "-",
			       path, NULL, NULL };
	char *out = NULL;
	int status;

	if (extra_flag) {
		argv[9] = argv[8];
		argv[8] = extra_flag;
	}
	ck_assert(g_spawn_sync(NULL, (char **)argv, NULL,
			       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
			       NULL, &status, NULL));
	ck_assert(g_spawn_check_wait_status(status, NULL));
	/* The header's totalsize: stdout capture does not report a length. */
	*len = (gsize)((guint8)out[4] << 24 | (guint8)out[5] << 16 |
		       (guint8)out[6] << 8 | (guint8)out[7]);
	return out;
}

static const struct ims_platform_unit *unit(const struct ims_platform *p,
					    const char *name)
{
	int i = ims_platform_find_unit(p, name);

	ck_assert_msg(i >= 0, "no unit %s", name);
	return &p->units[i];
}

static const struct ims_platform_device *device(const struct ims_platform *p,
						const char *name)
{
	int i = ims_platform_find_device(p, name);

	ck_assert_msg(i >= 0, "no device %s (%d)", name, i);
	return &p->devices[i];
}

START_TEST(vtd_unit_without_properties_gets_documented_defaults)
{
	struct ims_platform *p = load_ok("good-units.dts");
	const struct ims_platform_unit *u = unit(p, "dmar0");

	ck_assert_int_eq(u->kind, IMS_UNIT_VTD);
	ck_assert_str_eq(u->compatible, "intel,vtd");
	ck_assert_str_eq(u->name, "iommu@fed90000");
	ck_assert_str_eq(u->path, "/iommu@fed90000");
	ck_assert_uint_eq(u->base, 0xfed90000);
	ck_assert_uint_eq(u->size, 0x1000);
	ck_assert(!u->snoop_control && !u->intr_remap && !u->coherent_walk);
	ck_assert_uint_eq(u->address_width, 48);
	ck_assert(!u->lp_2m && !u->lp_1g);
	ck_assert_uint_eq(u->fault_records, 8);
	ck_assert(!u->has_raw_cap && !u->has_raw_ecap);
	ims_platform_free(p);
}
END_TEST

START_TEST(vtd_unit_reads_every_property)
{
	struct ims_platform *p = load_ok("good-units.dts");
	const struct ims_platform_unit *u = unit(p, "dmar1");

	ck_assert(u->snoop_control && u->intr_remap && u->coherent_walk);
	ck_assert_uint_eq(u->address_width, 57);
	ck_assert(u->lp_2m && u->lp_1g);
	ck_assert_uint_eq(u->fault_records, 256);
	ims_platform_free(p);
}
END_TEST

START_TEST(raw_cap_and_ecap_accept_bits64_and_two_cells)
{
	struct ims_platform *p = load_ok("good-units.dts");
	const struct ims_platform_unit *u = unit(p, "raw");

	ck_assert(u->has_raw_cap && u->has_raw_ecap);
	ck_assert_uint_eq(u->raw_cap, UINT64_C(0x00d2008c40660462));
	ck_assert_uint_eq(u->raw_ecap, UINT64_C(0xf0101a));
	ck_assert_uint_eq(u->address_width, 39);
	ck_assert_uint_eq(u->fault_records, 1);
	ims_platform_free(p);
}
END_TEST

START_TEST(smmuv3_units_read_dma_coherent_and_match_any_compatible_entry)
{
	struct ims_platform *p = load_ok("good-units.dts");
	const struct ims_platform_unit *a = unit(p, "smmu0");
	const struct ims_platform_unit *b = unit(p, "iommu@9070000");

	ck_assert_int_eq(a->kind, IMS_UNIT_SMMUV3);
	ck_assert(a->dma_coherent);
	ck_assert_uint_eq(a->size, 0x20000);
	ck_assert_int_eq(b->kind, IMS_UNIT_SMMUV3);
	ck_assert_str_eq(b->compatible, "arm,smmu-v3");
	ck_assert(!b->dma_coherent);
	ck_assert_ptr_null(b->label);
	ck_assert_uint_eq(p->n_units, 5);
	ims_platform_free(p);
}
END_TEST

START_TEST(memory_ranges_are_sorted_across_nodes_with_one_cell)
{
	struct ims_platform *p = load_ok("good-cells.dts");

	ck_assert_uint_eq(p->n_ram, 3);
	ck_assert_uint_eq(p->ram[0].base, 0);
	ck_assert_uint_eq(p->ram[0].size, 0x10000);
	ck_assert_uint_eq(p->ram[1].base, 0x10000);
	ck_assert_uint_eq(p->ram[1].size, 0x1000);
	ck_assert_uint_eq(p->ram[2].base, 0x80000000);
	ck_assert_uint_eq(p->ram[2].size, 0x40000000);
	ck_assert_uint_eq(p->units[0].base, 0xfed90000);
	ck_assert_uint_eq(p->units[0].size, 0x1000);
	ims_platform_free(p);
}
END_TEST

START_TEST(absent_cell_counts_default_to_two_address_one_size)
{
	struct ims_platform *p = load_ok("good-default-cells.dts");

	ck_assert_uint_eq(p->n_ram, 1);
	ck_assert_uint_eq(p->ram[0].base, UINT64_C(0x100000000));
	ck_assert_uint_eq(p->ram[0].size, 0x40000000);
	ck_assert_uint_eq(p->units[0].base, 0xfed90000);
	ck_assert_uint_eq(p->units[0].size, 0x1000);
	ck_assert_ptr_null(p->units[0].label);
	ims_platform_free(p);
}
END_TEST

TCase *platform_props_tcase(void)
{
	TCase *tc = tcase_create("properties");

	tcase_add_test(tc, vtd_unit_without_properties_gets_documented_defaults);
	tcase_add_test(tc, vtd_unit_reads_every_property);
	tcase_add_test(tc, raw_cap_and_ecap_accept_bits64_and_two_cells);
	tcase_add_test(tc,
		smmuv3_units_read_dma_coherent_and_match_any_compatible_entry);
	tcase_add_test(tc, memory_ranges_are_sorted_across_nodes_with_one_cell);
	tcase_add_test(tc, absent_cell_counts_default_to_two_address_one_size);
	return tc;
}

START_TEST(iommu_map_applies_mask_base_and_first_match)
{
	struct ims_platform *p = load_ok("good-routing.dts");
	const struct ims_platform_device *f0 = device(p, "0001:00:02.0");
	const struct ims_platform_device *f1 = device(p, "0001:00:02.1");
	const struct ims_platform_device *b1 = device(p, "dev@1,0");

	ck_assert_int_eq(f0->bus, IMS_DEV_BUS_PCI);
	ck_assert_uint_eq(f0->segment, 1);
	ck_assert_uint_eq(f0->rid, 0x10);
	ck_assert_int_eq(f0->unit, ims_platform_find_unit(p, "dmar0"));
	/* iommu-map-mask 0xfff8: both functions emit 0x10 */
	ck_assert_uint_eq(f0->source, 0x10);
	ck_assert_uint_eq(f1->rid, 0x11);
	ck_assert_uint_eq(f1->source, 0x10);
	/* 01:01.0 = rid 0x108: second entry, base 0x4000 (not the third) */
	ck_assert_uint_eq(b1->rid, 0x108);
	ck_assert_int_eq(b1->unit, ims_platform_find_unit(p, "dmar1"));
	ck_assert_uint_eq(b1->source, 0x4008);
	ims_platform_free(p);
}
END_TEST

START_TEST(host_without_iommu_map_leaves_devices_without_iommu)
{
	struct ims_platform *p = load_ok("good-routing.dts");
	const struct ims_platform_device *d = device(p, "10:00.0");

	ck_assert_str_eq(d->name, "ether@0,0");
	ck_assert_int_eq(d->unit, -1);
	ck_assert_uint_eq(d->segment, 0);
	ims_platform_free(p);
}
END_TEST

START_TEST(platform_devices_take_the_iommus_specifier_as_source)
{
	struct ims_platform *p = load_ok("good-routing.dts");
	const struct ims_platform_device *dma = device(p, "dma@50000000");
	const struct ims_platform_device *bare = device(p, "bare@51000000");
	const struct ims_platform_device *in = device(p, "inner@1000");

	ck_assert_int_eq(dma->bus, IMS_DEV_BUS_PLATFORM);
	ck_assert_int_eq(dma->unit, ims_platform_find_unit(p, "dmar1"));
	ck_assert_uint_eq(dma->source, 0x1234);
	ck_assert_uint_eq(dma->rid, 0);
	ck_assert_int_eq(bare->unit, -1);
	ck_assert_str_eq(in->path, "/soc/inner@1000");
	ck_assert_int_eq(in->unit, ims_platform_find_unit(p, "dmar0"));
	ck_assert_uint_eq(in->source, 0x77);
	ims_platform_free(p);
}
END_TEST

START_TEST(devices_keep_device_tree_order)
{
	static const char *const order[] = {
		"nic@2,0", "nic@2,1", "dev@1,0", "ether@0,0", "dma@50000000",
		"bare@51000000", "inner@1000",
	};
	struct ims_platform *p = load_ok("good-routing.dts");

	ck_assert_uint_eq(p->n_devices, G_N_ELEMENTS(order));
	for (unsigned i = 0; i < G_N_ELEMENTS(order); i++)
		ck_assert_str_eq(p->devices[i].name, order[i]);
	ims_platform_free(p);
}
END_TEST

START_TEST(implicit_groups_follow_the_largest_explicit_id_in_tree_order)
{
	static const unsigned group[] = { 10, 9, 11, 4, 12, 13, 14 };
	static const bool explicit[] = { 0, 1, 0, 1, 0, 0, 0 };
	struct ims_platform *p = load_ok("good-routing.dts");

	for (unsigned i = 0; i < G_N_ELEMENTS(group); i++) {
		ck_assert_uint_eq(p->devices[i].group, group[i]);
		ck_assert_int_eq(p->devices[i].group_explicit, explicit[i]);
	}
	ims_platform_free(p);
}
END_TEST

START_TEST(implicit_groups_start_at_zero_without_explicit_ids)
{
	struct ims_platform *p = load_ok("good-groups-implicit.dts");

	ck_assert_uint_eq(p->n_devices, 3);
	ck_assert_str_eq(p->devices[0].name, "c@3");
	for (unsigned i = 0; i < 3; i++) {
		ck_assert_uint_eq(p->devices[i].group, i);
		ck_assert(!p->devices[i].group_explicit);
	}
	ims_platform_free(p);
}
END_TEST

START_TEST(disabled_nodes_are_skipped_and_disabled_units_translate_nothing)
{
	struct ims_platform *p = load_ok("good-disabled.dts");

	ck_assert_uint_eq(p->n_ram, 1);
	ck_assert_uint_eq(p->n_units, 1);
	ck_assert_int_eq(ims_platform_find_unit(p, "dmar1"), -ENOENT);
	ck_assert_uint_eq(p->n_devices, 3);
	ck_assert_str_eq(p->devices[0].name, "nic@0,0");
	ck_assert_int_eq(p->devices[0].unit, 0);
	ck_assert_str_eq(p->devices[1].name, "behind-off@0,0");
	ck_assert_int_eq(p->devices[1].unit, -1);
	ck_assert_str_eq(p->devices[2].name, "dma@50000000");
	ck_assert_int_eq(p->devices[2].unit, -1);
	ck_assert_int_eq(ims_platform_find_device(p, "off@1,0"), -ENOENT);
	ck_assert_int_eq(ims_platform_find_device(p, "ghost@0,0"), -ENOENT);
	ck_assert_int_eq(ims_platform_find_device(p, "gone@51000000"), -ENOENT);
	ims_platform_free(p);
}
END_TEST

TCase *platform_routing_tcase(void)
{
	TCase *tc = tcase_create("routing");

	tcase_add_test(tc, iommu_map_applies_mask_base_and_first_match);
	tcase_add_test(tc, host_without_iommu_map_leaves_devices_without_iommu);
	tcase_add_test(tc, platform_devices_take_the_iommus_specifier_as_source);
	tcase_add_test(tc, devices_keep_device_tree_order);
	tcase_add_test(tc,
		implicit_groups_follow_the_largest_explicit_id_in_tree_order);
	tcase_add_test(tc, implicit_groups_start_at_zero_without_explicit_ids);
	tcase_add_test(tc,
		disabled_nodes_are_skipped_and_disabled_units_translate_nothing);
	return tc;
}

static struct ims_platform *load_default(void)
{
	GError *error = NULL;
	struct ims_platform *p =
		ims_platform_load(MODELS_DIR "/default.dts", &error);

	ck_assert_msg(p, "%s", error ? error->message : "?");
	return p;
}

START_TEST(find_device_accepts_every_pci_address_form_and_names)
{
	struct ims_platform *p = load_default();
	int nic = ims_platform_find_device(p, "nic@2,0");

	ck_assert_int_ge(nic, 0);
	ck_assert_int_eq(ims_platform_find_device(p, "00:02.0"), nic);
	ck_assert_int_eq(ims_platform_find_device(p, "0000:00:02.0"), nic);
	ck_assert_int_eq(ims_platform_find_device(p, "0:2.0"), nic);
	ck_assert_int_eq(ims_platform_find_device(p, "/pcie@40000000/nic@2,0"),
			 nic);
	ck_assert_int_eq(ims_platform_find_device(p, "C0:00.0"),
			 ims_platform_find_device(p, "legacy@0,0"));
	ck_assert_int_eq(ims_platform_find_device(p, "accel@50000000"), 7);
	ims_platform_free(p);
}
END_TEST

START_TEST(find_device_tells_unknown_from_malformed)
{
	static const char *const malformed[] = {
		"00:20.0", "00:02", "00:02.8", "0000:00:02.0x", "g0:00.0",
		"00000:00:02.0", ":00:02.0", "00:02.0:1", "000:02.0",
	};
	struct ims_platform *p = load_default();

	ck_assert_int_eq(ims_platform_find_device(p, "00:05.0"), -ENOENT);
	ck_assert_int_eq(ims_platform_find_device(p, "0001:00:02.0"), -ENOENT);
	ck_assert_int_eq(ims_platform_find_device(p, "nic"), -ENOENT);
	ck_assert_int_eq(ims_platform_find_device(p, "/nic@2,0"), -ENOENT);
	for (unsigned i = 0; i < G_N_ELEMENTS(malformed); i++)
		ck_assert_msg(ims_platform_find_device(p, malformed[i]) ==
				      -EINVAL, "%s", malformed[i]);
	ims_platform_free(p);
}
END_TEST

START_TEST(find_unit_accepts_label_or_node_name)
{
	struct ims_platform *p = load_default();

	ck_assert_int_eq(ims_platform_find_unit(p, "dmar1"), 1);
	ck_assert_int_eq(ims_platform_find_unit(p, "iommu@fed91000"), 1);
	ck_assert_int_eq(ims_platform_find_unit(p, "dmar3"), -ENOENT);
	ck_assert_int_eq(ims_platform_find_unit(p, "iommu"), -ENOENT);
	ims_platform_free(p);
}
END_TEST

START_TEST(device_id_is_pci_address_or_node_name)
{
	struct ims_platform *p = load_ok("good-routing.dts");
	struct ims_platform *d = load_default();
	char *a = ims_platform_device_id(&p->devices[2]);
	char *b = ims_platform_device_id(&d->devices[4]);
	char *c = ims_platform_device_id(&d->devices[7]);

	ck_assert_str_eq(a, "0001:01:01.0");
	ck_assert_str_eq(b, "80:00.0");
	ck_assert_str_eq(c, "accel@50000000");
	g_free(a);
	g_free(b);
	g_free(c);
	ims_platform_free(p);
	ims_platform_free(d);
}
END_TEST

/* models/platforms/default.dts is a fixed contract other code relies on. */
START_TEST(default_platform_has_the_fixed_layout)
{
	static const struct {
		const char *name, *addr, *unit;
		uint32_t source;
		unsigned group;
	} devs[] = {
		{ "nic@2,0", "00:02.0", "dmar0", 0x0010, 1 },
		{ "nvme@3,0", "00:03.0", "dmar0", 0x0018, 2 },
		{ "fn0@4,0", "00:04.0", "dmar0", 0x0020, 6 },
		{ "fn1@4,1", "00:04.1", "dmar0", 0x0021, 6 },
		{ "gpu@0,0", "80:00.0", "dmar1", 0x8000, 3 },
		{ "vf@0,1", "80:00.1", "dmar1", 0x8001, 4 },
		{ "legacy@0,0", "c0:00.0", "dmar2", 0xc000, 5 },
		{ "accel@50000000", "accel@50000000", "dmar1", 0x8100, 7 },
	};
	struct ims_platform *p = load_default();
	const struct ims_platform_unit *u0 = unit(p, "dmar0");
	const struct ims_platform_unit *u1 = unit(p, "dmar1");
	const struct ims_platform_unit *u2 = unit(p, "dmar2");

	ck_assert_uint_eq(p->n_ram, 1);
	ck_assert_uint_eq(p->ram[0].base, 0);
	ck_assert_uint_eq(p->ram[0].size, UINT64_C(8) << 30);
	ck_assert_uint_eq(p->n_units, 3);
	ck_assert_uint_eq(u0->base, 0xfed90000);
	ck_assert(u0->snoop_control && u0->intr_remap && u0->coherent_walk);
	ck_assert(u0->lp_2m && u0->lp_1g);
	ck_assert_uint_eq(u0->address_width, 48);
	ck_assert_uint_eq(u0->fault_records, 8);
	ck_assert_uint_eq(u1->base, 0xfed91000);
	ck_assert(!u1->snoop_control && u1->intr_remap && !u1->coherent_walk);
	ck_assert(u1->lp_2m && !u1->lp_1g);
	ck_assert_uint_eq(u1->address_width, 48);
	ck_assert_uint_eq(u1->fault_records, 8);
	ck_assert_uint_eq(u2->base, 0xfed92000);
	ck_assert(u2->snoop_control && !u2->intr_remap && u2->coherent_walk);
	ck_assert(!u2->lp_2m && !u2->lp_1g);
	ck_assert_uint_eq(u2->address_width, 39);
	ck_assert_uint_eq(u2->fault_records, 4);
	ck_assert_uint_eq(p->n_devices, G_N_ELEMENTS(devs));
	for (unsigned i = 0; i < G_N_ELEMENTS(devs); i++) {
		const struct ims_platform_device *d = device(p, devs[i].addr);

		ck_assert_str_eq(d->name, devs[i].name);
		ck_assert_int_eq(d->unit, ims_platform_find_unit(p, devs[i].unit));
		ck_assert_uint_eq(d->source, devs[i].source);
		ck_assert_uint_eq(d->group, devs[i].group);
		ck_assert(d->group_explicit);
	}
	ck_assert_int_eq(p->devices[7].bus, IMS_DEV_BUS_PLATFORM);
	ims_platform_free(p);
}
END_TEST

TCase *platform_lookup_tcase(void)
{
	TCase *tc = tcase_create("lookup");

	tcase_add_test(tc, find_device_accepts_every_pci_address_form_and_names);
	tcase_add_test(tc, find_device_tells_unknown_from_malformed);
	tcase_add_test(tc, find_unit_accepts_label_or_node_name);
	tcase_add_test(tc, device_id_is_pci_address_or_node_name);
	tcase_add_test(tc, default_platform_has_the_fixed_layout);
	return tc;
}
