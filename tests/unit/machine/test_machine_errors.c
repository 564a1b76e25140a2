/* SPDX-License-Identifier: MIT */
/* Machine assembly failures: each names the node and leaves nothing. */
#include <errno.h>
#include <string.h>

#include "iommusim/vtd.h"
#include "test_machine.h"

#define CAP_FRO_SHIFT 24
#define CAP_FRO_MASK (UINT64_C(0x3ff) << CAP_FRO_SHIFT)
#define CAP_SAGAW_MASK (UINT64_C(0x1f) << 8)

/* Builds `p` on a fresh simulation, expecting `message` after the path. */
static void expect_failure(struct ims_sim *sim, struct ims_platform *p,
			   const char *node_and_message)
{
	g_autofree char *want = g_strdup_printf("%s: %s", p->path,
						node_and_message);
	GError *error = NULL;

	ck_assert_ptr_null(ims_machine_create(sim, p, &error));
	ck_assert_ptr_nonnull(error);
	ck_assert_str_eq(error->message, want);
	g_error_free(error);
}

START_TEST(smmuv3_unit_is_left_out_and_its_devices_cannot_dma)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_platform *p = load_platform(DATA_DIR "/smmu.dts");
	GError *error = NULL;
	struct ims_machine *m = ims_machine_create(sim, p, &error);
	struct ims_dma_result res;
	uint64_t val;

	ck_assert_msg(m, "%s", error ? error->message : "?");
	/* the VT-d unit is built and on the bus; the SMMUv3 window is not */
	ck_assert_int_eq(ims_bus_read(sim->bus, 0xfed90000, 4, &val), 0);
	ck_assert_int_eq(ims_bus_read(sim->bus, 0x09050000, 4, &val), -ENODEV);
	ck_assert_int_eq(ims_machine_dma(m, 0, IMS_ACCESS_READ, 0x1000, 4,
					 &res), -ENODEV);
	ims_machine_reset(m);
	ims_machine_destroy(m);
	ims_platform_free(p);
	ims_sim_free(sim);
}
END_TEST

START_TEST(register_window_smaller_than_the_model_is_refused)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_platform *p = load_platform(MODELS_DIR "/default.dts");
	struct ims_platform_unit *u = &p->units[2];
	uint64_t cap, ecap;

	/* Fault records moved to 0x1000 need a window beyond 4 KiB. */
	ims_vtd_caps_from_platform(u, &cap, &ecap);
	u->raw_cap = (cap & ~CAP_FRO_MASK) |
		     (UINT64_C(0x100) << CAP_FRO_SHIFT);
	u->has_raw_cap = true;
	expect_failure(sim, p,
		       "/iommu@fed92000: reg: register window of 0x1000 bytes "
		       "is smaller than the 0x2000 the model needs");
	assert_nothing_built(sim, p);
	ims_platform_free(p);
	ims_sim_free(sim);
}
END_TEST

START_TEST(capabilities_the_model_cannot_honour_are_refused)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_platform *p = load_platform(MODELS_DIR "/default.dts");
	struct ims_platform_unit *u = &p->units[1];
	uint64_t cap, ecap;

	ims_vtd_caps_from_platform(u, &cap, &ecap);
	u->raw_cap = cap & ~CAP_SAGAW_MASK; /* no page-table depth at all */
	u->has_raw_cap = true;
	expect_failure(sim, p,
		       "/iommu@fed91000: capabilities the model cannot honour "
		       "(CAP/ECAP)");
	assert_nothing_built(sim, p);
	ims_platform_free(p);
	ims_sim_free(sim);
}
END_TEST

START_TEST(ram_already_in_the_simulation_is_refused)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_platform *p = load_platform(MODELS_DIR "/default.dts");
	uint64_t v;

	ck_assert_int_eq(ims_mem_add_ram(sim->mem, 0x100000000, 0x1000), 0);
	expect_failure(sim, p,
		       "/: RAM at 0x0 is already declared in this simulation");
	ck_assert_int_eq(ims_bus_read(sim->bus, p->units[0].base, 4, &v),
			 -ENODEV);
	ck_assert_uint_eq(ims_mem_ram_count(sim->mem), 1);
	ims_platform_free(p);
	ims_sim_free(sim);
}
END_TEST

START_TEST(hand_built_platform_with_bad_ram_or_unit_index_is_refused)
{
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_platform *p = load_platform(MODELS_DIR "/default.dts");

	p->ram[0].size = 0x1800;
	expect_failure(sim, p, "/: RAM range 0 is not a page-aligned range "
			       "below 2^52");
	p->ram[0].size = UINT64_C(8) << 30;
	p->devices[3].unit = 7;
	expect_failure(sim, p, "/pcie@40000000/fn1@4,1: refers to unit 7, "
			       "which does not exist");
	assert_nothing_built(sim, p);
	ims_platform_free(p);
	ims_sim_free(sim);
}
END_TEST

static int dummy_read(void *o, uint64_t off, unsigned size, uint64_t *val)
{
	*val = 0xdead;
	return 0;
}

static int dummy_write(void *o, uint64_t off, unsigned size, uint64_t val)
{
	return 0;
}

START_TEST(window_taken_on_the_bus_is_refused_and_earlier_units_unmapped)
{
	static const struct ims_mmio_ops dummy = { dummy_read, dummy_write };
	struct ims_sim *sim = ims_sim_new(1);
	struct ims_platform *p = load_platform(MODELS_DIR "/default.dts");
	uint64_t v = 0;

	ck_assert_int_eq(ims_bus_map(sim->bus, "other", p->units[1].base,
				     0x1000, &dummy, NULL), 0);
	expect_failure(sim, p,
		       "/iommu@fed91000: reg: cannot map the register window "
		       "on the bus: File exists");
	ck_assert_int_eq(ims_bus_read(sim->bus, p->units[0].base, 4, &v),
			 -ENODEV);
	ck_assert_int_eq(ims_bus_read(sim->bus, p->units[1].base, 4, &v), 0);
	ck_assert_uint_eq(v, 0xdead);
	ck_assert_uint_eq(ims_mem_ram_count(sim->mem), 0);
	ims_platform_free(p);
	ims_sim_free(sim);
}
END_TEST

/* Fail the nth hardware allocation for every n until creation succeeds:
 * each failure unwinds completely (leaks show under valgrind / ASan). */
START_TEST(every_allocation_failure_unwinds_everything)
{
	struct ims_platform *p = load_platform(MODELS_DIR "/default.dts");
	unsigned n;

	for (n = 1; n < 100; n++) {
		struct ims_finj_arming arm = { .nth = n, .count = 1,
					       .err = ENOMEM };
		struct ims_sim *sim = ims_sim_new(1);
		GError *error = NULL;
		struct ims_machine *m;

		ims_finj_arm(&sim->finj, IMS_FINJ_HW_ALLOC, &arm);
		m = ims_machine_create(sim, p, &error);
		if (m) {
			ck_assert_uint_eq(sim->finj.failed[IMS_FINJ_HW_ALLOC],
					  0);
			ims_machine_destroy(m);
			ims_sim_free(sim);
			break;
		}
		ck_assert(g_str_has_prefix(error->message, p->path));
		ck_assert_ptr_nonnull(strstr(error->message, "Cannot allocate"));
		assert_nothing_built(sim, p);
		g_error_free(error);
		ims_sim_free(sim);
	}
	/* 3 units and 8 endpoints: every one of them was made to fail */
	ck_assert_uint_ge(n, 3 + 8 + 1);
	ims_platform_free(p);
}
END_TEST

TCase *machine_errors_tcase(void)
{
	TCase *tc = tcase_create("errors");

	tcase_add_test(tc, smmuv3_unit_is_left_out_and_its_devices_cannot_dma);
	tcase_add_test(tc, register_window_smaller_than_the_model_is_refused);
	tcase_add_test(tc, capabilities_the_model_cannot_honour_are_refused);
	tcase_add_test(tc, ram_already_in_the_simulation_is_refused);
	tcase_add_test(tc,
		hand_built_platform_with_bad_ram_or_unit_index_is_refused);
	tcase_add_test(tc,
		window_taken_on_the_bus_is_refused_and_earlier_units_unmapped);
	tcase_add_test(tc, every_allocation_failure_unwinds_everything);
	return tc;
}
