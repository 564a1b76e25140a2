/* SPDX-License-Identifier: MIT */
/*
 * The host under its real client: vfio type1 attaching a group that needs
 * a new domain (replaying the container's mappings into it) while one
 * injection point fails at its nth reach, n = 1, 2, ... For every failure
 * the host must be back where it was: kernel pages, pins, locked memory,
 * the group's device not translating; and a retry must succeed.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "iommusim/host.h"
#include "iommusim/machine.h"
#include "iommusim/vfio.h"

#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "test-host-type1"

#define VA UINT64_C(0x7f0000000000)
#define SCATTER_VA UINT64_C(0x7e0000000000)
#define RW (IMS_VFIO_DMA_MAP_FLAG_READ | IMS_VFIO_DMA_MAP_FLAG_WRITE)

struct stack {
	struct ims_sim *sim;
	struct ims_platform *plat;
	struct ims_machine *machine;
	struct ims_host *host;
	struct ims_type1 *t1;
};

/* Container with group 1 (dmar0) and two mappings: 8 MiB + 4 KiB.
 * `tidy`: the host frees page tables as soon as they are empty. */
static void stack_new_config(struct stack *s, bool tidy)
{
	struct ims_host_config hc = { .prefer_queued_invalidation = true,
				      .free_empty_tables = tidy };
	struct ims_hostmem_spec mem = { .vaddr = VA, .size = 8 << 20,
					.backing = IMS_BACKING_2M };
	struct ims_hostmem_spec scatter = { .vaddr = SCATTER_VA,
					    .size = 16 * 4096,
					    .backing = IMS_BACKING_SCATTER };
	struct ims_type1_config tc;

	s->sim = ims_sim_new(1);
	s->plat = ims_platform_load(MODELS_DIR "/default.dts", NULL);
	ck_assert_ptr_nonnull(s->plat);
	s->machine = ims_machine_create(s->sim, s->plat, NULL);
	ck_assert_ptr_nonnull(s->machine);
	ck_assert_int_eq(ims_host_boot(s->sim, s->plat, &hc, &s->host), 0);
	ck_assert_int_eq(ims_host_add_hostmem(s->host, &mem), 0);
	ck_assert_int_eq(ims_host_add_hostmem(s->host, &scatter), 0);
	ims_type1_config_init(&tc);
	tc.finj = &s->sim->finj;
	ck_assert_int_eq(ims_type1_open(s->host, IMS_VFIO_TYPE1v2_IOMMU, &tc,
					&s->t1), 0);
	ck_assert_int_eq(ims_type1_attach_group(s->t1, 1), 0);
	ck_assert_int_eq(ims_type1_map_dma(s->t1, 0, VA, 8 << 20, RW), 0);
	ck_assert_int_eq(ims_type1_map_dma(s->t1, 16 << 20, VA, 4096, RW), 0);
}

static void stack_new(struct stack *s)
{
	stack_new_config(s, false);
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

static const enum ims_finj_point host_points[] = {
	IMS_FINJ_ALLOC, IMS_FINJ_PIN, IMS_FINJ_IOMMU_MAP,
	IMS_FINJ_DOMAIN_ALLOC, IMS_FINJ_ATTACH_DEV,
};

/* The MAP swept below: 16 scattered pages (SCATTER_VA), so several runs,
 * each into both domains. */
#define M_IOVA UINT64_C(0x2000000)
#define M_VA SCATTER_VA
#define M_SIZE UINT64_C(0x10000)

static void expect_no_pte(struct stack *s, const char *dev)
{
	unsigned d = (unsigned)ims_platform_find_device(s->plat, dev);
	struct ims_pte_info pi;

	for (uint64_t off = 0; off < M_SIZE; off += 4096) {
		int ret = ims_host_lookup_pte(s->host, d, M_IOVA + off, &pi);
		ck_assert_msg(ret == -ENOENT && !pi.present,
			      "%s: iova 0x%" G_GINT64_MODIFIER "x mapped", dev,
			      M_IOVA + off);
	}
}

/*
 * Groups 1 (dmar0) and 3 (dmar1): two domains; MAP with `point` failing
 * at reach nth. Returns whether the failure was injected; *err gets the
 * MAP errno (0 too when injected: a pin failing while a run is extended
 * only ends the run, as 3.15's vfio_pin_pages did).
 */
static bool map_with_failure(enum ims_finj_point point, uint64_t nth,
			     bool tidy, int *errp)
{
	bool injected;
	struct stack s;
	struct ims_finj_arming arm = { .nth = nth, .count = 1 };
	uint64_t kernel0, pins0, locked0;
	char *why = NULL;
	int err;

	stack_new_config(&s, tidy);
	ck_assert_int_eq(ims_type1_attach_group(s.t1, 3), 0);
	kernel0 = ims_host_kernel_pages(s.host);
	pins0 = ims_host_pinned_pages(s.host);
	locked0 = ims_host_locked_vm(s.host);
	arm.err = ims_finj_default_errno(point);
	ck_assert_int_eq(ims_finj_arm(&s.sim->finj, point, &arm), 0);
	err = ims_type1_map_dma(s.t1, M_IOVA, M_VA, M_SIZE, RW);
	injected = s.sim->finj.failed[point] > 0;
	ims_finj_disarm_all(&s.sim->finj);
	if (err) {
		ck_assert(injected);
		ck_assert_int_eq(err, -arm.err);
		ck_assert_uint_eq(ims_type1_mapping_count(s.t1), 2);
		ck_assert_uint_eq(ims_host_pinned_pages(s.host), pins0);
		ck_assert_uint_eq(ims_host_locked_vm(s.host), locked0);
		/* 3.15 keeps tables the unwinding unmaps only emptied. */
		if (tidy)
			ck_assert_uint_eq(ims_host_kernel_pages(s.host), kernel0);
		else
			ck_assert_uint_ge(ims_host_kernel_pages(s.host), kernel0);
		ck_assert_msg(ims_type1_check_invariants(s.t1, &why) == 0,
			      "%s", why);
		expect_no_pte(&s, "00:02.0");
		expect_no_pte(&s, "80:00.0");
		ck_assert_int_eq(ims_type1_map_dma(s.t1, M_IOVA, M_VA, M_SIZE,
						   RW), 0);
	}
	ck_assert_uint_eq(ims_type1_mapping_count(s.t1), 3);
	ck_assert_msg(ims_type1_check_invariants(s.t1, &why) == 0, "%s", why);
	stack_free(&s);
	*errp = err;
	return injected;
}

START_TEST(map_into_two_domains_unwinds_every_failure)
{
	for (unsigned p = 0; p < G_N_ELEMENTS(host_points); p++) {
		unsigned failures = 0;
		int err;

		for (uint64_t nth = 1;
		     map_with_failure(host_points[p], nth, _i, &err); nth++)
			failures += err != 0;
		g_debug("map %s: %u failures", ims_finj_name(host_points[p]),
			failures);
		/* MAP reaches no domain_alloc and no attach_dev. */
		if (host_points[p] == IMS_FINJ_DOMAIN_ALLOC ||
		    host_points[p] == IMS_FINJ_ATTACH_DEV)
			ck_assert_uint_eq(failures, 0);
		else if (host_points[p] == IMS_FINJ_PIN)
			/* A run's first pin fails the MAP (16 one-page
			 * runs); a pin failing while the run before is
			 * extended only ends that run (checked above). */
			ck_assert_uint_eq(failures, 16);
		else if (host_points[p] == IMS_FINJ_ALLOC)
			/* the entry, a leaf table in each domain */
			ck_assert_uint_eq(failures, 3);
		else /* each run into each domain */
			ck_assert_uint_ge(failures, 4);
	}
}
END_TEST

static void arm_every_point_forever(struct stack *s)
{
	struct ims_finj_arming arm = { .nth = 1, .count = UINT64_MAX };

	for (unsigned p = 0; p < G_N_ELEMENTS(host_points); p++) {
		arm.err = ims_finj_default_errno(host_points[p]);
		ck_assert_int_eq(ims_finj_arm(&s->sim->finj, host_points[p],
					      &arm), 0);
	}
}

/* Detach and release are void in Linux: they reach no failure point, so
 * every point failing changes nothing about them. */
START_TEST(detach_and_close_reach_no_failure_point)
{
	struct stack s;
	uint64_t reached[IMS_FINJ__COUNT];
	char *why = NULL;

	stack_new(&s);
	ck_assert_int_eq(ims_type1_attach_group(s.t1, 3), 0);
	memcpy(reached, s.sim->finj.reached, sizeof(reached));
	arm_every_point_forever(&s);
	ck_assert_int_eq(ims_type1_detach_group(s.t1, 3), 0); /* non-last */
	ck_assert_uint_eq(ims_type1_domain_count(s.t1), 1);
	ck_assert_uint_eq(ims_type1_mapping_count(s.t1), 2);
	ck_assert_msg(ims_type1_check_invariants(s.t1, &why) == 0, "%s", why);
	ck_assert_int_eq(ims_type1_detach_group(s.t1, 1), 0); /* last */
	ck_assert_uint_eq(ims_type1_mapping_count(s.t1), 0);
	ck_assert_uint_eq(ims_host_pinned_pages(s.host), 0);
	ck_assert_uint_eq(ims_host_locked_vm(s.host), 0);
	ck_assert_uint_eq(ims_host_kernel_pages(s.host), 3 * s.plat->n_units);
	ims_finj_disarm_all(&s.sim->finj);
	/* Close with two domains and the mappings, every point armed. */
	ck_assert_int_eq(ims_type1_attach_group(s.t1, 1), 0);
	ck_assert_int_eq(ims_type1_map_dma(s.t1, 0, VA, 8 << 20, RW), 0);
	ck_assert_int_eq(ims_type1_attach_group(s.t1, 3), 0);
	arm_every_point_forever(&s);
	for (unsigned p = 0; p < G_N_ELEMENTS(host_points); p++)
		reached[host_points[p]] = s.sim->finj.reached[host_points[p]];
	ims_type1_close(s.t1);
	s.t1 = NULL;
	for (unsigned p = 0; p < G_N_ELEMENTS(host_points); p++)
		ck_assert_uint_eq(s.sim->finj.reached[host_points[p]],
				  reached[host_points[p]]);
	ims_finj_disarm_all(&s.sim->finj);
	stack_free(&s);
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
	/* _i = 0: 3.15's page-table freeing; 1: free_empty_tables. */
	tcase_add_loop_test(tc, map_into_two_domains_unwinds_every_failure, 0, 2);
	tcase_add_test(tc, detach_and_close_reach_no_failure_point);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
