/* SPDX-License-Identifier: MIT */
/* Machine assembly: units on the bus, endpoints routed to them, RAM. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "iommusim/vtd.h"
#include "test_machine.h"

struct ims_platform *load_platform(const char *path)
{
	GError *error = NULL;
	struct ims_platform *p = ims_platform_load(path, &error);

	ck_assert_msg(p, "%s", error ? error->message : "?");
	return p;
}

void assert_nothing_built(struct ims_sim *sim, const struct ims_platform *p)
{
	uint64_t v;

	for (unsigned i = 0; i < p->n_units; i++)
		ck_assert_int_eq(ims_bus_read(sim->bus, p->units[i].base, 4, &v),
				 -ENODEV);
	ck_assert_uint_eq(ims_mem_ram_count(sim->mem), 0);
}

static struct ims_sim *sim;
static struct ims_platform *plat;
static struct ims_machine *machine;

static void setup(void)
{
	GError *error = NULL;

	sim = ims_sim_new(1);
	plat = load_platform(MODELS_DIR "/default.dts");
	machine = ims_machine_create(sim, plat, &error);
	ck_assert_msg(machine, "%s", error ? error->message : "?");
}

static void teardown(void)
{
	ims_machine_destroy(machine);
	ims_platform_free(plat);
	ims_sim_free(sim);
}

START_TEST(every_bundled_platform_builds_a_machine)
{
	g_autoptr(GDir) dir = g_dir_open(MODELS_DIR, 0, NULL);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const char *name;

	ck_assert_ptr_nonnull(dir);
	while ((name = g_dir_read_name(dir)))
		if (g_str_has_suffix(name, ".dts"))
			g_ptr_array_add(names, g_strdup(name));
	ck_assert_uint_ge(names->len, 4);
	for (unsigned i = 0; i < names->len; i++) {
		g_autofree char *path = g_build_filename(
			MODELS_DIR, (char *)names->pdata[i], NULL);
		struct ims_sim *s = ims_sim_new(1);
		struct ims_platform *p = load_platform(path);
		GError *error = NULL;
		struct ims_machine *m = ims_machine_create(s, p, &error);

		ck_assert_msg(m, "%s", error ? error->message : "?");
		ck_assert_uint_ge(p->n_units, 2);
		ims_machine_destroy(m);
		ims_platform_free(p);
		ims_sim_free(s);
	}
}
END_TEST

START_TEST(unit_registers_answer_at_the_platform_base)
{
	for (unsigned i = 0; i < plat->n_units; i++) {
		uint64_t ver = 0, cap = 0, ecap = 0, want_cap, want_ecap;
		uint64_t base = plat->units[i].base;

		ims_vtd_caps_from_platform(&plat->units[i], &want_cap,
					   &want_ecap);
		ck_assert_int_eq(ims_bus_read(sim->bus, base + VTD_VER, 4, &ver),
				 0);
		ck_assert_uint_eq(ver, 0x10);
		ck_assert_int_eq(ims_bus_read(sim->bus, base + VTD_CAP, 8, &cap),
				 0);
		ck_assert_uint_eq(cap, want_cap);
		ck_assert_int_eq(ims_bus_read(sim->bus, base + VTD_ECAP, 8,
					      &ecap), 0);
		ck_assert_uint_eq(ecap, want_ecap);
	}
	/* dmar1 has no snoop control, the others do (ECAP.SC, bit 7) */
	ck_assert_uint_eq(plat->units[1].snoop_control, 0);
}
END_TEST

START_TEST(ram_of_the_platform_is_declared)
{
	ck_assert_uint_eq(ims_mem_ram_count(sim->mem), 1);
	ck_assert_uint_eq(ims_mem_ram_size(sim->mem), UINT64_C(8) << 30);
}
END_TEST

START_TEST(dma_with_translation_disabled_lands_at_the_iova)
{
	struct ims_dma_result res;
	int nic = ims_platform_find_device(plat, "00:02.0");
	int accel = ims_platform_find_device(plat, "accel@50000000");
	uint64_t v = 0;

	ck_assert_int_eq(ims_machine_dma(machine, (unsigned)nic,
					 IMS_ACCESS_WRITE, 0x12345000, 16, &res),
			 0);
	ck_assert_uint_eq(res.phys, 0x12345000);
	ck_assert_int_eq(res.fault.kind, IMS_FAULT_NONE);
	ck_assert_int_eq(ims_mem_read64(sim->mem, 0x12345000, &v), 0);
	ck_assert_uint_ne(v, 0);
	ck_assert_int_eq(ims_machine_dma(machine, (unsigned)accel,
					 IMS_ACCESS_READ, 0x2000, 0x2000, &res),
			 0);
	ck_assert_uint_eq(res.phys, 0x2000);
	ck_assert_int_eq(ims_stats_get(sim->stats, "00:02.0.dma.requests", &v),
			 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(ims_stats_get(sim->stats,
				       "accel@50000000.dma.requests", &v), 0);
	ck_assert_uint_eq(v, 2);
	/* the requests went through their units, named by label */
	ck_assert_int_eq(ims_stats_get(sim->stats, "dmar0.translations", &v),
			 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(ims_stats_get(sim->stats, "dmar1.translations", &v),
			 0);
	ck_assert_uint_eq(v, 2);
}
END_TEST

START_TEST(dma_from_an_unknown_device_is_enodev)
{
	struct ims_dma_result res;

	ck_assert_int_eq(ims_machine_dma(machine, plat->n_devices,
					 IMS_ACCESS_READ, 0, 4, &res), -ENODEV);
}
END_TEST

START_TEST(dma_outside_ram_is_a_master_abort)
{
	struct ims_dma_result res;

	ck_assert_int_eq(ims_machine_dma(machine, 0, IMS_ACCESS_READ,
					 UINT64_C(8) << 30, 4, &res), -EIO);
	ck_assert_int_eq(res.fault.kind, IMS_FAULT_NONE);
}
END_TEST

START_TEST(reset_returns_unit_registers_to_reset_values)
{
	uint64_t base = plat->units[0].base, v = 1;

	ck_assert_int_eq(ims_bus_write(sim->bus, base + VTD_RTADDR, 8,
				       0x100000), 0);
	ck_assert_int_eq(ims_bus_read(sim->bus, base + VTD_RTADDR, 8, &v), 0);
	ck_assert_uint_eq(v, 0x100000);
	ims_machine_reset(machine);
	ck_assert_int_eq(ims_bus_read(sim->bus, base + VTD_RTADDR, 8, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_ptr_eq(ims_machine_platform(machine), plat);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("machine");
	TCase *tc = tcase_create("assembly");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_bundled_platform_builds_a_machine);
	tcase_add_test(tc, unit_registers_answer_at_the_platform_base);
	tcase_add_test(tc, ram_of_the_platform_is_declared);
	tcase_add_test(tc, dma_with_translation_disabled_lands_at_the_iova);
	tcase_add_test(tc, dma_from_an_unknown_device_is_enodev);
	tcase_add_test(tc, dma_outside_ram_is_a_master_abort);
	tcase_add_test(tc, reset_returns_unit_registers_to_reset_values);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, machine_errors_tcase());
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
