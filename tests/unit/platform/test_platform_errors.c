/* SPDX-License-Identifier: MIT */
/*
 * Platform loader: every rejection names the file and the node, and no
 * input (malformed source, corrupt blob) crashes, leaks or hangs.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <libfdt.h>

#include "test_platform.h"

struct bad_case {
	const char *file;
	const char *message; /* after "DATA_DIR/FILE: " */
};

static const struct bad_case bad[] = {
	{ "bad-root-compatible.dts",
	  "/: compatible must contain \"iommusim,platform\"" },
	{ "bad-no-memory.dts",
	  "/: no memory node (device_type = \"memory\") with RAM" },
	{ "bad-memory-unaligned.dts",
	  "/memory@0: reg: memory range 0x1000+0x800 is not 4 KiB aligned" },
	{ "bad-memory-overlap.dts",
	  "/memory@80000000: reg: memory range 0x80000000+0x100000000 "
	  "overlaps other memory" },
	{ "bad-memory-beyond-52.dts",
	  "/memory@0: reg: memory range 0xffffffffff000+0x2000 goes beyond "
	  "2^52" },
	{ "bad-memory-reg-cells.dts",
	  "/memory@0: reg: 3 cells is not a whole number of (address, size) "
	  "pairs of 4 cells" },
	{ "bad-memory-empty.dts", "/memory@0: reg: empty memory range at 0x0" },
	{ "bad-memory-no-reg.dts", "/memory@0: reg: missing" },
	{ "bad-root-address-cells.dts",
	  "/: #address-cells: 3 not supported (1 or 2)" },
	{ "bad-unknown-iommu.dts",
	  "/iommu@fed92000: compatible: not a known IOMMU (expected "
	  "\"intel,vtd\" or \"arm,smmu-v3\")" },
	{ "bad-unit-no-reg.dts", "/iommu@fed91000: reg: missing" },
	{ "bad-unit-two-windows.dts",
	  "/iommu@fed91000: reg: expected one (address, size) pair of 4 cells,"
	  " got 8 cells" },
	{ "bad-unit-overlap.dts",
	  "/iommu@fed91000: reg: register window overlaps /iommu@fed90000" },
	{ "bad-unit-unaligned.dts",
	  "/iommu@fed91000: reg: register window must be 4 KiB aligned and a "
	  "multiple of 4 KiB" },
	{ "bad-iommu-cells.dts", "/iommu@fed91000: #iommu-cells: must be <1>" },
	{ "bad-no-iommu-cells.dts",
	  "/iommu@fed91000: #iommu-cells: must be <1>" },
	{ "bad-address-width.dts",
	  "/iommu@fed90000: address-width: 40 is not 39, 48 or 57" },
	{ "bad-address-width-size.dts",
	  "/iommu@fed90000: address-width: expected one 32-bit cell, got 8 "
	  "bytes" },
	{ "bad-fault-records-zero.dts",
	  "/iommu@fed90000: fault-records: 0 is not in 1..256" },
	{ "bad-fault-records-257.dts",
	  "/iommu@fed90000: fault-records: 257 is not in 1..256" },
	{ "bad-large-pages.dts",
	  "/iommu@fed90000: large-pages: \"4K\" is not a second-level page "
	  "size (\"2M\" or \"1G\")" },
	{ "bad-large-pages-cells.dts",
	  "/iommu@fed90000: large-pages: expected a list of strings" },
	{ "bad-boolean-value.dts",
	  "/iommu@fed90000: snoop-control: boolean property must have no "
	  "value" },
	{ "bad-cap-size.dts",
	  "/iommu@fed90000: cap: expected a 64-bit value (/bits/ 64 <v> or two"
	  " cells), got 4 bytes" },
	{ "bad-ambiguous-label.dts",
	  "/dmar0: name or label is ambiguous with /iommu@fed90000" },
	{ "bad-nested-unit.dts",
	  "/soc/iommu@fed92000: IOMMU units must be children of the root" },
	{ "bad-host-address-cells.dts",
	  "/pcie@40000000: #address-cells: a PCI host needs <3>" },
	{ "bad-bus-range-order.dts",
	  "/pcie@40000000: bus-range: <0x10 0xf> is not a range of buses "
	  "0x0..0xff" },
	{ "bad-bus-range-cells.dts",
	  "/pcie@40000000: bus-range: expected <first last>" },
	{ "bad-bus-range-max.dts",
	  "/pcie@40000000: bus-range: <0x0 0x100> is not a range of buses "
	  "0x0..0xff" },
	{ "bad-pci-domain.dts",
	  "/pcie@40000000: linux,pci-domain: 65536 is above 0xffff" },
	{ "bad-iommu-map-cells.dts",
	  "/pcie@40000000: iommu-map: entries are 4 cells (rid-base, iommu, "
	  "iommu-base, length), got 3 cells" },
	{ "bad-iommu-map-target.dts",
	  "/pcie@40000000: iommu-map: phandle 0x1 does not name an IOMMU "
	  "unit" },
	{ "bad-iommu-map-range.dts",
	  "/pcie@40000000: iommu-map: entry 0: rids 0xff00+0x200 are not "
	  "inside 0x0..0xffff" },
	{ "bad-iommu-map-source.dts",
	  "/pcie@40000000: iommu-map: source id 0x1007f is not a 16-bit "
	  "requester id (/iommu@fed90000 is VT-d)" },
	{ "bad-pci-no-reg.dts",
	  "/pcie@40000000/nic@2,0: reg: expected PCI addresses of 3 + 2 "
	  "cells" },
	{ "bad-pci-reg-space.dts",
	  "/pcie@40000000/nic@2,0: reg: phys.hi 0x02001000 must be a "
	  "configuration space address (bus, device, function only)" },
	{ "bad-pci-bus-range.dts",
	  "/pcie@40000000/nic@0,0: reg: bus 0x80 is outside bus-range" },
	{ "bad-pci-duplicate.dts",
	  "/pcie@40000000/nic2@2,0: PCI address 0000:00:02.0 is also used by "
	  "/pcie@40000000/nic@2,0" },
	{ "bad-rid-not-covered.dts",
	  "/pcie@40000000/nic@0,0: requester id 0x0100 is not covered by the "
	  "host's iommu-map" },
	{ "bad-iommus-cells.dts",
	  "/accel@50000000: iommus: expected one <&unit id> specifier (units "
	  "have #iommu-cells = <1>), got 3 cells" },
	{ "bad-iommus-target.dts",
	  "/accel@50000000: iommus: phandle 0x1 does not name an IOMMU unit" },
	{ "bad-iommus-source.dts",
	  "/accel@50000000: iommus: source id 0x10000 is not a 16-bit "
	  "requester id (/iommu@fed90000 is VT-d)" },
	{ "bad-duplicate-name.dts",
	  "/pcie@50000000/nic@0,0: device name \"nic@0,0\" is also used by "
	  "/pcie@40000000/nic@0,0" },
	{ "bad-group-overflow.dts",
	  "/b: no group number left after the largest explicit "
	  "iommusim,group" },
	{ "bad-group-size.dts",
	  "/a: iommusim,group: expected one 32-bit cell, got 8 bytes" },
};

START_TEST(malformed_platform_is_rejected_naming_file_and_node)
{
	const struct bad_case *c = &bad[_i];
	g_autofree char *path = g_build_filename(DATA_DIR, c->file, NULL);
	g_autofree char *expect = g_strdup_printf("%s: %s", path, c->message);
	GError *error = NULL;
	struct ims_platform *p = ims_platform_load(path, &error);

	ck_assert_ptr_null(p);
	ck_assert_ptr_nonnull(error);
	ck_assert_str_eq(error->message, expect);
	ck_assert(g_error_matches(error, IMS_PLATFORM_ERROR,
				  IMS_PLATFORM_ERROR_INVALID));
	g_error_free(error);
}
END_TEST

START_TEST(dtc_errors_are_reported_with_its_own_text)
{
	g_autofree char *path = g_build_filename(DATA_DIR, "syntax-error.dts",
						 NULL);
	GError *error = NULL;

	ck_assert_ptr_null(ims_platform_load(path, &error));
	ck_assert(g_error_matches(error, IMS_PLATFORM_ERROR,
				  IMS_PLATFORM_ERROR_IO));
	ck_assert(g_str_has_prefix(error->message, path));
	ck_assert_ptr_nonnull(strstr(error->message, ": dtc failed:"));
	ck_assert_ptr_nonnull(strstr(error->message, "syntax error"));
	g_error_free(error);
}
END_TEST

START_TEST(missing_file_is_an_io_error)
{
	GError *error = NULL;

	ck_assert_ptr_null(ims_platform_load(DATA_DIR "/no-such.dts", &error));
	ck_assert(g_error_matches(error, IMS_PLATFORM_ERROR,
				  IMS_PLATFORM_ERROR_IO));
	ck_assert(g_str_has_prefix(error->message, DATA_DIR "/no-such.dts: "));
	g_error_free(error);
}
END_TEST

TCase *platform_errors_tcase(void)
{
	TCase *tc = tcase_create("errors");

	tcase_add_loop_test(tc, malformed_platform_is_rejected_naming_file_and_node,
			    0, G_N_ELEMENTS(bad));
	tcase_add_test(tc, dtc_errors_are_reported_with_its_own_text);
	tcase_add_test(tc, missing_file_is_an_io_error);
	return tc;
}

START_TEST(dtb_is_recognised_by_magic_not_extension)
{
	gsize len;
	g_autofree char *blob = compile(MODELS_DIR "/default.dts", "-@", &len);
	g_autofree char *tmp = NULL;
	GError *error = NULL;
	struct ims_platform *p;
	int fd = g_file_open_tmp("ims-XXXXXX.dts", &tmp, NULL);

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert(g_file_set_contents(tmp, blob, (gssize)len, NULL));
	p = ims_platform_load(tmp, &error);
	unlink(tmp);
	ck_assert_msg(p, "%s", error ? error->message : "?");
	ck_assert_str_eq(p->path, tmp);
	ck_assert_uint_eq(p->n_units, 3);
	ck_assert_str_eq(p->units[0].label, "dmar0");
	ims_platform_free(p);
}
END_TEST

START_TEST(dtb_without_symbols_has_no_labels)
{
	gsize len;
	g_autofree char *blob = compile(MODELS_DIR "/default.dts", NULL, &len);
	GError *error = NULL;
	struct ims_platform *p = ims_platform_load_blob(blob, len, "x.dtb",
							&error);

	ck_assert_msg(p, "%s", error ? error->message : "?");
	ck_assert_ptr_null(p->units[0].label);
	ck_assert_int_eq(ims_platform_find_unit(p, "dmar0"), -ENOENT);
	ck_assert_int_eq(ims_platform_find_unit(p, "iommu@fed90000"), 0);
	/* routing does not depend on labels */
	ck_assert_int_eq(p->devices[7].unit, 1);
	ims_platform_free(p);
}
END_TEST

START_TEST(blob_that_is_not_a_device_tree_is_a_format_error)
{
	static const char junk[64] = "definitely not a flattened tree";
	GError *error = NULL;

	ck_assert_ptr_null(ims_platform_load_blob(junk, sizeof(junk), "j",
						  &error));
	ck_assert(g_error_matches(error, IMS_PLATFORM_ERROR,
				  IMS_PLATFORM_ERROR_FORMAT));
	ck_assert_str_eq(error->message,
			 "j: not a valid flattened device tree: FDT_ERR_BADMAGIC");
	g_clear_error(&error);
	ck_assert_ptr_null(ims_platform_load_blob(junk, 3, "j", &error));
	ck_assert_str_eq(error->message,
			 "j: not a flattened device tree (3 bytes)");
	g_error_free(error);
}
END_TEST

START_TEST(truncated_blob_is_rejected_at_every_length)
{
	gsize len;
	g_autofree char *blob = compile(MODELS_DIR "/default.dts", "-@", &len);

	for (gsize n = 0; n < len; n++) {
		GError *error = NULL;
		struct ims_platform *p =
			ims_platform_load_blob(blob, n, "t.dtb", &error);

		ck_assert_msg(!p, "accepted %zu of %zu bytes", n, len);
		ck_assert(g_str_has_prefix(error->message, "t.dtb: "));
		g_error_free(error);
	}
}
END_TEST

/* Seeded mutations of a valid blob: any outcome but a crash is fine, and
 * a rejection still names the file. */
START_TEST(corrupted_blobs_never_crash)
{
	gsize len;
	g_autofree char *blob = compile(MODELS_DIR "/default.dts", "-@", &len);
	g_autofree char *copy = g_malloc(len);
	GRand *rand = g_rand_new_with_seed(42);

	for (unsigned round = 0; round < 3000; round++) {
		GError *error = NULL;
		struct ims_platform *p;
		unsigned flips = (unsigned)g_rand_int_range(rand, 1, 8);

		memcpy(copy, blob, len);
		for (unsigned f = 0; f < flips; f++)
			copy[g_rand_int_range(rand, 0, (gint32)len)] =
				(char)g_rand_int_range(rand, 0, 256);
		p = ims_platform_load_blob(copy, len, "m.dtb", &error);
		ck_assert(!p != !error);
		if (error)
			ck_assert(g_str_has_prefix(error->message, "m.dtb: "));
		g_clear_error(&error);
		ims_platform_free(p);
	}
	g_rand_free(rand);
}
END_TEST

/* libfdt 1.6.1's fdt_check_full() crashed on this (found by fuzzing). */
START_TEST(property_name_outside_the_strings_block_is_a_format_error)
{
	gsize len;
	g_autofree char *blob = compile(MODELS_DIR "/default.dts", "-@", &len);
	int prop = fdt_first_property_offset(blob, 0);
	struct fdt_property *p = (struct fdt_property *)((char *)blob +
		fdt_off_dt_struct(blob) + prop);
	GError *error = NULL;

	ck_assert_int_ge(prop, 0);
	p->nameoff = cpu_to_fdt32(fdt_size_dt_strings(blob) + 100);
	ck_assert_ptr_null(ims_platform_load_blob(blob, len, "n.dtb", &error));
	ck_assert(g_error_matches(error, IMS_PLATFORM_ERROR,
				  IMS_PLATFORM_ERROR_FORMAT));
	ck_assert_str_eq(error->message,
			 "n.dtb: not a valid flattened device tree: "
			 "FDT_ERR_BADOFFSET");
	g_error_free(error);
}
END_TEST

/* The input the fuzzer found: a version-3 tree that crashed libfdt. */
START_TEST(tree_older_than_version_17_is_a_format_error)
{
	gsize len;
	g_autofree char *blob = NULL;
	GError *error = NULL;

	ck_assert(g_file_get_contents(DATA_DIR "/fuzz-version3-bad-string.dtb",
				      &blob, &len, NULL));
	ck_assert_ptr_null(ims_platform_load_blob(blob, len, "v3.dtb", &error));
	ck_assert(g_error_matches(error, IMS_PLATFORM_ERROR,
				  IMS_PLATFORM_ERROR_FORMAT));
	ck_assert_str_eq(error->message,
			 "v3.dtb: not a valid flattened device tree: "
			 "FDT_ERR_BADVERSION");
	g_error_free(error);
}
END_TEST

/* A fuzzer input: reading its properties in place was misaligned. */
START_TEST(misaligned_structure_block_is_a_format_error)
{
	gsize len;
	g_autofree char *blob = NULL;
	GError *error = NULL;

	ck_assert(g_file_get_contents(DATA_DIR "/fuzz-misaligned-struct.dtb",
				      &blob, &len, NULL));
	ck_assert_int_ne(fdt_off_dt_struct(blob) % 4, 0);
	ck_assert_ptr_null(ims_platform_load_blob(blob, len, "m.dtb", &error));
	ck_assert(g_error_matches(error, IMS_PLATFORM_ERROR,
				  IMS_PLATFORM_ERROR_FORMAT));
	ck_assert_str_eq(error->message,
			 "m.dtb: not a valid flattened device tree: "
			 "FDT_ERR_ALIGNMENT (structure block not 4-byte "
			 "aligned)");
	g_error_free(error);
}
END_TEST

TCase *platform_blob_tcase(void)
{
	TCase *tc = tcase_create("blob");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, dtb_is_recognised_by_magic_not_extension);
	tcase_add_test(tc, dtb_without_symbols_has_no_labels);
	tcase_add_test(tc, blob_that_is_not_a_device_tree_is_a_format_error);
	tcase_add_test(tc, truncated_blob_is_rejected_at_every_length);
	tcase_add_test(tc, corrupted_blobs_never_crash);
	tcase_add_test(tc, property_name_outside_the_strings_block_is_a_format_error);
	tcase_add_test(tc, tree_older_than_version_17_is_a_format_error);
	tcase_add_test(tc, misaligned_structure_block_is_a_format_error);
	return tc;
}
