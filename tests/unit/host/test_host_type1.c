/* SPDX-License-Identifier: MIT */
/*
 * The host under its real client: vfio type1 attaching a group that needs
 * a new domain (replaying the container's mappings into it) while one
 * injection point fails at its nth reach, n = 1, 2, ... For every failure
 * the host must be back where it was: kernel pages, pins, locked memory,
 * the group's device not translating; and a retry must succeed.
 */
#include <check.h>
#include <stdlib.h>

#include <glib.h>

#include "iommusim/host.h"
#include "iommusim/machine.h"
#include "iommusim/vfio.h"

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "test-host-type1"

#define VA UINT64_C(0x7f0000000000)
#define RW (IMS_VFIO_DMA_MAP_FLAG_READ | IMS_VFIO_DMA_MAP_FLAG_WRITE)

struct stack {
	struct ims_sim *sim;
	struct ims_platform *plat;
	struct ims_machine *machine;
	struct ims_host *host;
	struct ims_type1 *t1;
};

/* Container with group 1 (dmar0) and two mappings: 8 MiB + 4 KiB. */
static void stack_new(struct stack *s)
{
	struct ims_host_config hc = { .prefer_queued_invalidation = true };
	struct ims_hostmem_spec mem = { .vaddr = VA, .size = 8 << 20,
					.backing = IMS_BACKING_2M };
	struct ims_type1_config tc;

	s->sim = ims_sim_new(1);
	s->plat = ims_platform_load(MODELS_DIR "/default.dts", NULL);
	ck_assert_ptr_nonnull(s->plat);
	s->machine = ims_machine_create(s->sim, s->plat, NULL);
	ck_assert_ptr_nonnull(s->machine);
	ck_assert_int_eq(ims_host_boot(s->sim, s->plat, &hc, &s->host), 0);
	ck_assert_int_eq(ims_host_add_hostmem(s->host, &mem), 0);
	ims_type1_config_init(&tc);
	tc.finj = &s->sim->finj;
	ck_assert_int_eq(ims_type1_open(s->host, IMS_VFIO_TYPE1v2_IOMMU, &tc,
					&s->t1), 0);
	ck_assert_int_eq(ims_type1_attach_group(s->t1, 1), 0);
	ck_assert_int_eq(ims_type1_map_dma(s->t1, 0, VA, 8 << 20, RW), 0);
	ck_assert_int_eq(ims_type1_map_dma(s->t1, 16 << 20, VA, 4096, RW), 0);
}

static void stack_free(struct stack *s)
{
	uint64_t units = s->plat->n_units;

	ims_type1_close(s->t1);
	/* root table, queue and status page per unit: nothing else */
	ck_assert_uint_eq(ims_host_kernel_pages(s->host), 3 * units);
	ck_assert_uint_eq(ims_host_pinned_pages(s->host), 0);
	ck_assert_uint_eq(ims_host_locked_vm(s->host), 0);
	ims_host_shutdown(s->host);
	ims_machine_destroy(s->machine);
	ims_platform_free(s->plat);
	ims_sim_free(s->sim);
}

/* One run with `point` failing at reach nth; returns the attach errno. */
static int attach_with_failure(enum ims_finj_point point, uint64_t nth)
{
	struct stack s;
	struct ims_finj_arming arm = { .nth = nth, .count = 1 };
	uint64_t kernel0, pins0, locked0;
	struct ims_pte_info pi;
	char *why = NULL;
	int err;

	stack_new(&s);
	kernel0 = ims_host_kernel_pages(s.host);
	pins0 = ims_host_pinned_pages(s.host);
	locked0 = ims_host_locked_vm(s.host);
	arm.err = ims_finj_default_errno(point);
	ck_assert_int_eq(ims_finj_arm(&s.sim->finj, point, &arm), 0);
	err = ims_type1_attach_group(s.t1, 3);
	ims_finj_disarm_all(&s.sim->finj);
	if (err) {
		ck_assert_uint_eq(ims_host_kernel_pages(s.host), kernel0);
		ck_assert_uint_eq(ims_host_pinned_pages(s.host), pins0);
		ck_assert_uint_eq(ims_host_locked_vm(s.host), locked0);
		ck_assert_uint_eq(ims_type1_domain_count(s.t1), 1);
		ck_assert_int_eq(ims_host_lookup_pte(
			s.host, ims_platform_find_device(s.plat, "80:00.0"),
			0, &pi), -ENOENT);
		ck_assert_int_eq(ims_type1_attach_group(s.t1, 3), 0);
	}
	ck_assert_uint_eq(ims_type1_domain_count(s.t1), 2);
	ck_assert_msg(ims_type1_check_invariants(s.t1, &why) == 0, "%s", why);
	stack_free(&s);
	return err;
}

static void sweep(enum ims_finj_point point, unsigned at_least)
{
	unsigned failures = 0;

	for (uint64_t nth = 1; attach_with_failure(point, nth); nth++)
		failures++;
	ck_assert_uint_ge(failures, at_least);
	g_debug("%s: %u failures", ims_finj_name(point), failures);
}

START_TEST(replaying_attach_unwinds_every_failing_allocation)
{
	sweep(IMS_FINJ_ALLOC, 8);
}
END_TEST

START_TEST(replaying_attach_unwinds_domain_attach_and_map_failures)
{
	sweep(IMS_FINJ_DOMAIN_ALLOC, 1);
	sweep(IMS_FINJ_ATTACH_DEV, 1);
	sweep(IMS_FINJ_IOMMU_MAP, 2); /* one per mapping replayed */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("host-type1");
	TCase *tc = tcase_create("sweep");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, replaying_attach_unwinds_every_failing_allocation);
	tcase_add_test(tc, replaying_attach_unwinds_domain_attach_and_map_failures);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
