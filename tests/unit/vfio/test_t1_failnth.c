// SPDX-License-Identifier: MIT
/*
 * Fail-nth sweep (reference §8.3): a scenario of attaches (with replay and
 * joins, one into a domain that needs map_try_harder), maps across 1..3 domains, unmaps and detaches runs with the nth
 * reach of one failure point failing, for n = 1, 2, ... until the scenario
 * no longer reaches n; once and persistently. After each failing step:
 * nothing changed (mappings, pins, locked_vm, every domain's pages), the
 * invariants hold, and closing leaves no domain, pin or charge behind.
 */
#include <errno.h>

#include "t1_fixture.h"

typedef int (*step_fn)(struct fx *f);

static int attach1(struct fx *f) { return ims_type1_attach_group(f->t1, 1); }
static int attach2(struct fx *f) { return ims_type1_attach_group(f->t1, 2); }
static int attach3(struct fx *f) { return ims_type1_attach_group(f->t1, 3); }
static int attach5(struct fx *f) { return ims_type1_attach_group(f->t1, 5); }
static int attach11(struct fx *f) { return ims_type1_attach_group(f->t1, 11); }
static int attach12(struct fx *f) { return ims_type1_attach_group(f->t1, 12); }
static int detach2(struct fx *f) { return ims_type1_detach_group(f->t1, 2); }

static int map_scatter(struct fx *f)
{
	return fx_map_raw(f, 0x100000, VA_SCATTER, 16 * PG, RW);
}

static int map_contig(struct fx *f)
{
	return fx_map_raw(f, 0x200000, VA_CONTIG, 64 * PG, RW);
}

static int map_mixed(struct fx *f)
{
	/* Two 2 MiB chunks then a hole: EFAULT after two runs. */
	int ret = fx_map_raw(f, 0x800000, VA_2M + 0x600000, 0x400000, RW);

	if (!ret)
		return -EUCLEAN;
	if (ret != -EFAULT)
		return ret; /* injected */
	return fx_map_raw(f, 0x800000, VA_2M + 0x100000, 0x200000, RW);
}

static int map_reserved(struct fx *f)
{
	return fx_map_raw(f, 0x1000000, VA_RSVD, 8 * PG, RW);
}

/* Every map goes through map_try_harder in group 12's busy domain. */
static int map_contig_again(struct fx *f)
{
	return fx_map_raw(f, 0x2000000, VA_CONTIG + 0x100000, 16 * PG, RW);
}

static int unmap_some(struct fx *f)
{
	return ims_type1_unmap_dma(f->t1, 0x100000, 0x100000, 0, NULL);
}

static const step_fn scenario[] = {
	/* 12 first: replay into its busy domain would fail with -EBUSY
	 * (3.15's replay has no map_try_harder). */
	attach1, attach12, map_scatter, attach2, map_contig, attach5,
	map_mixed, attach3, attach11, map_reserved, unmap_some, detach2,
	map_scatter, map_contig_again,
};

static const enum ims_finj_point points[] = {
	IMS_FINJ_ALLOC, IMS_FINJ_PIN, IMS_FINJ_IOMMU_MAP,
	IMS_FINJ_DOMAIN_ALLOC, IMS_FINJ_ATTACH_DEV,
};

/* Runs the scenario once; true if the armed failure was injected. */
static bool run_once(enum ims_finj_point point, uint64_t nth, uint64_t count,
		     unsigned *steps_done)
{
	struct ims_finj_arming arm = { .nth = nth, .count = count,
				       .err = ims_finj_default_errno(point) };
	struct fx f;
	bool injected;

	fx_host(&f);
	fx_open(&f, IMS_VFIO_TYPE1v2_IOMMU);
	ck_assert_int_eq(ims_finj_arm(f.config.finj, point, &arm), 0);
	for (*steps_done = 0; *steps_done < G_N_ELEMENTS(scenario);
	     (*steps_done)++) {
		struct fx_state before;
		int ret;
		fx_snapshot(&f, &before);
		ret = scenario[*steps_done](&f);
		ck_assert_int_ne(ret, -EUCLEAN);
		if (ret) {
			fx_assert_same(&f, &before, __LINE__);
			break;
		}
		ASSERT_CLEAN(&f);
	}
	injected = f.config.finj->failed[point] > 0;
	ims_finj_disarm_all(f.config.finj);
	fx_teardown(&f);
	return injected;
}

START_TEST(scenario_succeeds_without_injection)
{
	unsigned steps;

	ck_assert(!run_once(IMS_FINJ_ALLOC, UINT64_MAX, 1, &steps));
	ck_assert_uint_eq(steps, G_N_ELEMENTS(scenario));
}
END_TEST

/* _i: point index * 2 + persistent */
START_TEST(every_nth_failure_unwinds_completely)
{
	enum ims_finj_point point = points[_i / 2];
	uint64_t count = _i % 2 ? UINT64_MAX : 1, n;
	unsigned steps;

	for (n = 1; n < 2000; n++)
		if (!run_once(point, n, count, &steps))
			break;
	ck_assert_msg(n > 1, "point %s never reached", ims_finj_name(point));
	ck_assert_uint_eq(steps, G_N_ELEMENTS(scenario));
}
END_TEST

Suite *t1_failnth_suite(void)
{
	Suite *s = suite_create("type1 fail-nth");
	TCase *tc = tcase_create("failnth");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, scenario_succeeds_without_injection);
	tcase_add_loop_test(tc, every_nth_failure_unwinds_completely, 0,
			    G_N_ELEMENTS(points) * 2);
	suite_add_tcase(s, tc);
	return s;
}
