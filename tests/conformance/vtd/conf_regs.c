/* SPDX-License-Identifier: MIT */
/* Register file: placement, reset values, RO / W1C / RsvdZ, access widths. */
#include <glib.h>

#include "vtd_conf.h"

static struct ims_tvtd *fresh(void)
{
	return ims_tvtd_new(NULL, NULL);
}

START_TEST(reset_values_match_the_specification)
{
	struct ims_tvtd *t = fresh();

	ck_assert_uint_eq(ims_tvtd_read(t, VER, 4), 0x10);
	ck_assert_uint_eq(ims_tvtd_read(t, GSTS, 4), 0);
	ck_assert_uint_eq(ims_tvtd_read(t, FSTS, 4), 0);
	ck_assert_uint_eq(ims_tvtd_read(t, FECTL, 4), 0x80000000);
	ck_assert_uint_eq(ims_tvtd_read(t, IECTL, 4), 0x80000000);
	for (unsigned i = 0; i < 8; i++)
		ck_assert_uint_eq(ims_tvtd_read(t, ims_tvtd_frcd_off(t, i) + 8,
						8), 0);
	ims_tvtd_free(t);
}
END_TEST

START_TEST(platform_unit_places_iotlb_at_0x500_and_records_at_0x600)
{
	struct ims_tvtd *t = fresh();

	ck_assert_uint_eq(ims_tvtd_iva_off(t), 0x500);
	ck_assert_uint_eq(ims_tvtd_frcd_off(t, 0), 0x600);
	ck_assert_uint_eq(ims_tvtd_frcd_off(t, 7), 0x670);
	ck_assert_uint_ge(ims_vtd_mmio_size(t->vtd), 0x1000);
	ims_tvtd_free(t);
}
END_TEST

START_TEST(cap_fields_follow_platform_properties)
{
	static const struct { unsigned aw; uint64_t sagaw; } w[] = {
		{ 39, 0x2 }, { 48, 0x6 }, { 57, 0xe },
	};

	for (unsigned i = 0; i < G_N_ELEMENTS(w); i++) {
		struct ims_platform_unit u;
		struct ims_tvtd *t;
		uint64_t cap, ecap;

		ims_tvtd_unit_defaults(&u);
		u.address_width = w[i].aw;
		u.lp_1g = false;
		u.fault_records = 3;
		u.snoop_control = i == 1;
		t = ims_tvtd_new(&u, NULL);
		cap = ims_tvtd_read(t, CAP, 8);
		ecap = ims_tvtd_read(t, ECAP, 8);
		ck_assert_uint_eq((cap >> 8) & 0x1f, w[i].sagaw);
		ck_assert_uint_eq((cap >> 16) & 0x3f, w[i].aw - 1);
		ck_assert_uint_eq((cap >> 40) & 0xff, 2);      /* NFR */
		ck_assert_uint_eq((cap >> 34) & 0xf, 1);       /* SLLPS 2M */
		ck_assert_uint_eq(cap & 7, 6);                 /* ND */
		ck_assert_uint_eq((cap >> 48) & 0x3f, 18);     /* MAMV */
		ck_assert(cap & BIT(39));                      /* PSI */
		ck_assert(!(cap & (BIT(7) | BIT(4) | BIT(22)))); /* CM RWBF ZLR */
		ck_assert(ecap & BIT(1));                      /* QI */
		ck_assert(ecap & BIT(6));                      /* PT */
		ck_assert_uint_eq(!!(ecap & BIT(7)), i == 1);  /* SC */
		ims_tvtd_free(t);
	}
}
END_TEST

START_TEST(raw_cap_and_ecap_override_properties)
{
	struct ims_platform_unit u;
	struct ims_tvtd *t;

	ims_tvtd_unit_defaults(&u);
	u.has_raw_cap = u.has_raw_ecap = true;
	/* QEMU aw-bits=39 CAP and ECAP: FRCD at 0x220, IOTLB at 0xF0. */
	u.raw_cap = UINT64_C(0x00d2008c22260206);
	u.raw_ecap = UINT64_C(0xf42);
	t = ims_tvtd_new(&u, NULL);
	ck_assert_uint_eq(ims_tvtd_read(t, CAP, 8), u.raw_cap);
	ck_assert_uint_eq(ims_tvtd_read(t, ECAP, 8), u.raw_ecap);
	ck_assert_uint_eq(ims_tvtd_frcd_off(t, 0), 0x220);
	ck_assert_uint_eq(ims_tvtd_iva_off(t), 0xf0);
	ims_tvtd_free(t);
}
END_TEST

START_TEST(create_rejects_caps_the_model_cannot_honour)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_vtd_config cfg = { .name = "bad" };
	struct ims_platform_unit u;
	struct ims_vtd *vtd = (void *)1;

	ims_tvtd_unit_defaults(&u);
	ims_vtd_caps_from_platform(&u, &cfg.cap, &cfg.ecap);
	cfg.cap &= ~(UINT64_C(0x1f) << 8); /* no SAGAW */
	ck_assert_int_eq(ims_vtd_create(sim, &cfg, &vtd), -EINVAL);
	ck_assert_ptr_null(vtd);
	ims_vtd_caps_from_platform(&u, &cfg.cap, &cfg.ecap);
	cfg.ecap = (cfg.ecap & ~(UINT64_C(0x3ff) << 8)) | (UINT64_C(2) << 8);
	ck_assert_int_eq(ims_vtd_create(sim, &cfg, &vtd), -EINVAL);
	ims_vtd_caps_from_platform(&u, &cfg.cap, &cfg.ecap);
	cfg.iotlb_entries = 96; /* 12 sets of 8: not a power of two */
	ck_assert_int_eq(ims_vtd_create(sim, &cfg, &vtd), -EINVAL);
	ims_sim_free(sim);
}
END_TEST

START_TEST(create_unwinds_every_allocation_failure)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_vtd_config cfg = { .name = "u" };
	struct ims_platform_unit u;
	struct ims_vtd *vtd;
	uint64_t allocs;

	ims_tvtd_unit_defaults(&u);
	ims_vtd_caps_from_platform(&u, &cfg.cap, &cfg.ecap);
	/* How many allocations a successful create makes... */
	allocs = sim->finj.reached[IMS_FINJ_HW_ALLOC];
	ck_assert_int_eq(ims_vtd_create(sim, &cfg, &vtd), 0);
	allocs = sim->finj.reached[IMS_FINJ_HW_ALLOC] - allocs;
	ims_vtd_destroy(vtd);
	ck_assert_uint_ge(allocs, 6); /* unit, name, registers, 3 caches */
	/* ...and failing each one in turn unwinds (leaks show in valgrind
	 * and ASan runs of this suite). */
	for (uint64_t n = 1; n <= allocs; n++) {
		struct ims_finj_arming arm = { n, 1, ENOMEM, false, 0 };

		ck_assert_int_eq(ims_finj_arm(&sim->finj, IMS_FINJ_HW_ALLOC,
					      &arm), 0);
		ck_assert_int_eq(ims_vtd_create(sim, &cfg, &vtd), -ENOMEM);
		ck_assert_ptr_null(vtd);
		ims_finj_disarm_all(&sim->finj);
	}
	ims_sim_free(sim);
}
END_TEST

START_TEST(read_only_registers_ignore_writes)
{
	struct ims_tvtd *t = fresh();
	uint64_t cap = ims_tvtd_read(t, CAP, 8);

	ims_tvtd_write(t, CAP, 8, ~cap);
	ims_tvtd_write(t, VER, 4, 0xff);
	ims_tvtd_write(t, GSTS, 4, 0xffffffff);
	ims_tvtd_write(t, IQH, 8, 0x40);
	ck_assert_uint_eq(ims_tvtd_read(t, CAP, 8), cap);
	ck_assert_uint_eq(ims_tvtd_read(t, VER, 4), 0x10);
	ck_assert_uint_eq(ims_tvtd_read(t, GSTS, 4), 0);
	ck_assert_uint_eq(ims_tvtd_read(t, IQH, 8), 0);
	/* FRCD fields other than F are RO. */
	ims_tvtd_write(t, ims_tvtd_frcd_off(t, 0), 8, ~UINT64_C(0));
	ck_assert_uint_eq(ims_tvtd_read(t, ims_tvtd_frcd_off(t, 0), 8), 0);
	ims_tvtd_free(t);
}
END_TEST

START_TEST(reserved_zero_bits_read_as_zero)
{
	struct ims_tvtd *t = fresh();

	ims_tvtd_write(t, RTADDR, 8, ~UINT64_C(0));
	ck_assert_uint_eq(ims_tvtd_read(t, RTADDR, 8), ~UINT64_C(0xfff));
	ims_tvtd_write(t, FEADDR, 4, 0xffffffff);
	ck_assert_uint_eq(ims_tvtd_read(t, FEADDR, 4), 0xfffffffc);
	ims_tvtd_write(t, IQA, 8, ~UINT64_C(0));
	ck_assert_uint_eq(ims_tvtd_read(t, IQA, 8), ~UINT64_C(0xff8));
	ims_tvtd_write(t, IQT, 8, ~UINT64_C(0));
	ck_assert_uint_eq(ims_tvtd_read(t, IQT, 8), 0x7fff0);
	ims_tvtd_write(t, FECTL, 4, 0x3fffffff);
	ck_assert_uint_eq(ims_tvtd_read(t, FECTL, 4), 0);
	ims_tvtd_free(t);
}
END_TEST

START_TEST(gcmd_is_write_only_and_reads_zero)
{
	struct ims_tvtd *t = fresh();

	ims_tvtd_write(t, RTADDR, 8, t->tables.root);
	ims_tvtd_write(t, GCMD, 4, BIT(30));
	ck_assert_uint_eq(ims_tvtd_read(t, GCMD, 4), 0);
	ck_assert_uint_eq(ims_tvtd_read(t, GSTS, 4), BIT(30)); /* RTPS */
	ims_tvtd_write(t, GCMD, 4, BIT(31));
	ck_assert_uint_eq(ims_tvtd_read(t, GSTS, 4), BIT(31) | BIT(30));
	ims_tvtd_write(t, GCMD, 4, BIT(31) | BIT(26));
	ck_assert(ims_tvtd_read(t, GSTS, 4) & BIT(26)); /* QIES */
	ims_tvtd_write(t, GCMD, 4, BIT(26));
	ck_assert(!(ims_tvtd_read(t, GSTS, 4) & BIT(31))); /* TE off */
	ims_tvtd_free(t);
}
END_TEST

START_TEST(halves_of_64bit_registers_are_32bit_accessible)
{
	struct ims_tvtd *t = fresh();
	uint64_t cap = ims_tvtd_read(t, CAP, 8);

	ck_assert_uint_eq(ims_tvtd_read(t, CAP, 4), cap & 0xffffffff);
	ck_assert_uint_eq(ims_tvtd_read(t, CAP + 4, 4), cap >> 32);
	ims_tvtd_write(t, RTADDR, 4, 0x12345000);
	ims_tvtd_write(t, RTADDR + 4, 4, 0x9);
	ck_assert_uint_eq(ims_tvtd_read(t, RTADDR, 8), 0x912345000);
	ims_tvtd_free(t);
}
END_TEST

START_TEST(a_64bit_access_to_a_32bit_pair_covers_both)
{
	struct ims_tvtd *t = fresh();

	/* FEADDR + FEUADDR written as one qword (Xen does this). */
	ims_tvtd_write(t, FEADDR, 8, UINT64_C(0x00000001fee00004));
	ck_assert_uint_eq(ims_tvtd_read(t, FEADDR, 4), 0xfee00004);
	ck_assert_uint_eq(ims_tvtd_read(t, FEADDR + 4, 4), 1);
	ck_assert_uint_eq(ims_tvtd_read(t, FEADDR, 8), 0x1fee00004);
	ims_tvtd_free(t);
}
END_TEST

START_TEST(unknown_offsets_and_bad_widths_are_rejected)
{
	struct ims_tvtd *t = fresh();
	uint64_t v;

	ck_assert_int_eq(ims_tvtd_read_raw(t, 0x300, 4, &v), -ENOENT);
	ck_assert_int_eq(ims_tvtd_write_raw(t, 0x58, 8, 0), -ENOENT);
	ck_assert_int_eq(ims_tvtd_read_raw(t, 0xff8, 8, &v), -ENOENT);
	ck_assert_int_eq(ims_tvtd_read_raw(t, CAP, 2, &v), -EINVAL);
	ck_assert_int_eq(ims_tvtd_write_raw(t, FSTS, 1, 0), -EINVAL);
	ck_assert_int_eq(ims_tvtd_read_raw(t, CAP + 2, 4, &v), -EINVAL);
	ims_tvtd_free(t);
}
END_TEST

START_TEST(window_covers_256_fault_records)
{
	struct ims_platform_unit u;
	struct ims_tvtd *t;

	ims_tvtd_unit_defaults(&u);
	u.fault_records = 256;
	t = ims_tvtd_new(&u, NULL);
	ck_assert_uint_eq(ims_vtd_mmio_size(t->vtd), 0x2000);
	ck_assert_uint_eq(ims_tvtd_read(t, ims_tvtd_frcd_off(t, 255) + 8, 8),
			  0);
	ims_tvtd_free(t);
}
END_TEST

static void dump(struct ims_tvtd *t, uint64_t *out, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t v = 0;

		if (ims_tvtd_read_raw(t, 4 * i, 4, &v))
			v = UINT64_MAX;
		out[i] = v;
	}
}

START_TEST(reset_restores_every_register)
{
	struct ims_tvtd *t = fresh();
	unsigned n = 0x700 / 4;
	uint64_t *before = g_new(uint64_t, n), *after = g_new(uint64_t, n);

	dump(t, before, n);
	ims_tvtd_write(t, RTADDR, 8, t->tables.root);
	ims_tvtd_write(t, GCMD, 4, BIT(30));
	ims_tvtd_write(t, GCMD, 4, BIT(31));
	ims_tvtd_write(t, FEDATA, 4, 0x55);
	ims_tvtd_write(t, FECTL, 4, 0);
	ims_tvtd_write(t, IQA, 8, 0x100000);
	ims_tvtd_write(t, ims_tvtd_iva_off(t), 8, 0x5000);
	ims_vtd_reset(t->vtd);
	dump(t, after, n);
	for (unsigned i = 0; i < n; i++)
		ck_assert_msg(before[i] == after[i], "offset 0x%x differs",
			      4 * i);
	g_free(before);
	g_free(after);
	ims_tvtd_free(t);
}
END_TEST

Suite *vtd_regs_suite(void)
{
	Suite *s = suite_create("vtd-registers");
	TCase *tc = tcase_create("registers");

	tcase_add_test(tc, reset_values_match_the_specification);
	tcase_add_test(tc, platform_unit_places_iotlb_at_0x500_and_records_at_0x600);
	tcase_add_test(tc, cap_fields_follow_platform_properties);
	tcase_add_test(tc, raw_cap_and_ecap_override_properties);
	tcase_add_test(tc, create_rejects_caps_the_model_cannot_honour);
	tcase_add_test(tc, create_unwinds_every_allocation_failure);
	tcase_add_test(tc, read_only_registers_ignore_writes);
	tcase_add_test(tc, reserved_zero_bits_read_as_zero);
	tcase_add_test(tc, gcmd_is_write_only_and_reads_zero);
	tcase_add_test(tc, halves_of_64bit_registers_are_32bit_accessible);
	tcase_add_test(tc, a_64bit_access_to_a_32bit_pair_covers_both);
	tcase_add_test(tc, unknown_offsets_and_bad_widths_are_rejected);
	tcase_add_test(tc, window_covers_256_fault_records);
	tcase_add_test(tc, reset_restores_every_register);
	suite_add_tcase(s, tc);
	return s;
}
