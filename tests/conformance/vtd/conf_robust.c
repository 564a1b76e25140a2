/* SPDX-License-Identifier: MIT */
/*
 * Bad input: garbage tables, garbage register writes, failing memory.
 * Whatever software does, the unit answers with a fault, an error code or
 * IQE, never a crash or a hang; and its clock charges follow the work.
 */
#include "vtd_conf.h"

static struct conf c;

static void setup(void)
{
	conf_setup(&c, NULL, NULL);
}

static void teardown(void)
{
	conf_teardown(&c);
}

/* Fills n pages from `base` with seeded random qwords. */
static void scribble(struct ims_rng *rng, uint64_t base, unsigned pages)
{
	for (uint64_t a = base; a < base + pages * 4096; a += 8)
		conf_write_entry(&c, a, ims_rng_u64(rng));
}

START_TEST(garbage_tables_only_ever_fault_or_translate)
{
	struct ims_rng *rng = ims_rng_new(7);
	unsigned faults = 0;

	/* Root table, first context table and table pages all random. */
	scribble(rng, TVTD_TABLES_BASE, 8);
	conf_flush(&c);
	for (unsigned i = 0; i < 20000; i++) {
		struct ims_dma_result res;
		int err = ims_tvtd_dma(c.t, (ims_rid_t)ims_rng_below(rng, 65536),
				       ims_rng_u64(rng) & ~UINT64_C(7),
				       (enum ims_access)(i & 1), &res);

		ck_assert(err == 0 || err == -EFAULT);
		if (err) {
			faults++;
			ck_assert(res.fault.reason >= 0x1 &&
				  res.fault.reason <= 0xe);
		}
	}
	ck_assert_uint_gt(faults, 0);
	ims_rng_free(rng);
}
END_TEST

START_TEST(garbage_register_writes_never_break_the_unit)
{
	struct ims_rng *rng = ims_rng_new(11);
	uint64_t size = ims_vtd_mmio_size(c.t->vtd);

	scribble(rng, TVTD_TABLES_BASE, 8);
	for (unsigned i = 0; i < 50000; i++) {
		unsigned width = ims_rng_below(rng, 2) ? 8 : 4;
		uint64_t off = ims_rng_below(rng, size / width) * width;
		uint64_t v = ims_rng_u64(rng);
		struct ims_dma_result res;
		int err;

		/* Steer some writes onto the interesting registers. */
		if (i % 3 == 0)
			off = ims_rng_below(rng, 0xc0 / width) * width;
		err = ims_tvtd_write_raw(c.t, off, width, v);
		ck_assert(err == 0 || err == -ENOENT);
		err = ims_tvtd_read_raw(c.t, off, width, &v);
		ck_assert(err == 0 || err == -ENOENT);
		err = ims_tvtd_dma(c.t, RID_A, ims_rng_u64(rng) & 0xfffffff8,
				   IMS_ACCESS_READ, &res);
		ck_assert(err == 0 || err == -EFAULT);
	}
	ims_rng_free(rng);
}
END_TEST

START_TEST(garbage_invalidation_queue_sets_iqe_without_hanging)
{
	struct ims_rng *rng = ims_rng_new(3);
	uint64_t queue = ims_tvtd_alloc_page(&c.t->tables);

	for (unsigned q = 0; q < 8; q++)
		ims_tvtd_alloc_page(&c.t->tables);
	scribble(rng, queue, 8);
	ims_tvtd_write(c.t, IQA, 8, queue | 3); /* 8 pages, 2048 entries */
	ims_tvtd_write(c.t, GCMD, 4, BIT(31) | BIT(26));
	for (unsigned i = 0; i < 200; i++) {
		ims_tvtd_write(c.t, IQT, 8, ims_rng_u64(rng) & 0x7fff0);
		ims_tvtd_write(c.t, FSTS, 4, BIT(4));
	}
	ck_assert_uint_gt(ims_tvtd_stat(c.t, "inv.descriptors"), 0);
	ims_rng_free(rng);
}
END_TEST

START_TEST(injected_context_read_failure_faults_0x9)
{
	struct ims_finj_arming arm = {
		1, 1, EIO, true, ims_tvtd_context_entry(&c.t->tables, RID_A),
	};

	ck_assert_int_eq(ims_finj_arm(&c.t->sim->finj, IMS_FINJ_MEM_READ, &arm),
			 0);
	ck_assert_uint_eq(conf_fault(&c, RID_A, 0x1000, IMS_ACCESS_READ, true),
			  0x9);
}
END_TEST

START_TEST(injected_descriptor_read_failure_sets_iqe)
{
	uint64_t queue = ims_tvtd_alloc_page(&c.t->tables);
	struct ims_finj_arming arm = { 1, 1, EIO, true, queue };

	ims_tvtd_write(c.t, IQA, 8, queue);
	ims_tvtd_write(c.t, GCMD, 4, BIT(31) | BIT(26));
	conf_write_entry(&c, queue, 5 | BIT(5));
	conf_write_entry(&c, queue + 8, 0x900000);
	ck_assert_int_eq(ims_finj_arm(&c.t->sim->finj, IMS_FINJ_MEM_READ, &arm),
			 0);
	ims_tvtd_write(c.t, IQT, 8, 0x10);
	ck_assert(ims_tvtd_read(c.t, FSTS, 4) & BIT(4));
	ck_assert_uint_eq(ims_tvtd_read(c.t, IQH, 8), 0);
}
END_TEST

START_TEST(injected_status_write_failure_sets_iqe)
{
	uint64_t queue = ims_tvtd_alloc_page(&c.t->tables);
	struct ims_finj_arming arm = { 1, 1, EIO, false, 0 };
	uint32_t v;

	ims_tvtd_write(c.t, IQA, 8, queue);
	ims_tvtd_write(c.t, GCMD, 4, BIT(31) | BIT(26));
	conf_write_entry(&c, queue, 5 | BIT(5) | UINT64_C(0x1234) << 32);
	conf_write_entry(&c, queue + 8, 0x900000);
	ck_assert_int_eq(ims_finj_arm(&c.t->sim->finj, IMS_FINJ_MEM_WRITE,
				      &arm), 0);
	ims_tvtd_write(c.t, IQT, 8, 0x10);
	ck_assert(ims_tvtd_read(c.t, FSTS, 4) & BIT(4));
	ck_assert_int_eq(ims_mem_read32(c.t->sim->mem, 0x900000, &v), 0);
	ck_assert_uint_eq(v, 0);
}
END_TEST

START_TEST(status_write_outside_memory_sets_iqe)
{
	uint64_t queue = ims_tvtd_alloc_page(&c.t->tables);

	ims_tvtd_write(c.t, IQA, 8, queue);
	ims_tvtd_write(c.t, GCMD, 4, BIT(31) | BIT(26));
	conf_write_entry(&c, queue, 5 | BIT(5));
	conf_write_entry(&c, queue + 8, UINT64_C(0x80000000));
	ims_tvtd_write(c.t, IQT, 8, 0x10);
	ck_assert(ims_tvtd_read(c.t, FSTS, 4) & BIT(4));
}
END_TEST

/* Costs: one cycle count per kind, so the latency says what was done. */
static void set_costs(struct ims_clock *clock)
{
	clock->cost[IMS_COST_CONTEXT_CACHE_LOOKUP] = 1;
	clock->cost[IMS_COST_IOTLB_LOOKUP] = 10;
	clock->cost[IMS_COST_PWC_LOOKUP] = 100;
	clock->cost[IMS_COST_TABLE_READ] = 1000;
	clock->cost[IMS_COST_FAULT_RECORD] = 10000;
}

START_TEST(latency_is_the_cost_of_the_work_done)
{
	struct ims_dma_result res;

	set_costs(&c.t->sim->clock);
	/* Cold: cc lookup, 2 root/context reads, iotlb, 3 pwc probes, 4
	 * table reads. */
	ck_assert_int_eq(ims_tvtd_dma(c.t, RID_A, 0x1000, IMS_ACCESS_READ,
				      &res), 0);
	ck_assert_uint_eq(res.latency, 1 + 2000 + 10 + 300 + 4000);
	/* Warm: cc lookup and iotlb lookup only. */
	ck_assert_int_eq(ims_tvtd_dma(c.t, RID_A, 0x1000, IMS_ACCESS_READ,
				      &res), 0);
	ck_assert_uint_eq(res.latency, 11);
	/* Neighbour page: the level-1 table comes from the PWC. */
	ims_tvtd_map(&c.t->tables, c.top, 4, 0x2000, PHYS_A, 12, TVTD_RW);
	ck_assert_int_eq(ims_tvtd_dma(c.t, RID_A, 0x2000, IMS_ACCESS_READ,
				      &res), 0);
	ck_assert_uint_eq(res.latency, 1 + 10 + 100 + 1000);
	/* A fault is charged for its recording. */
	ck_assert_int_eq(ims_tvtd_dma(c.t, RID_A, 0x3000, IMS_ACCESS_READ,
				      &res), -EFAULT);
	ck_assert_uint_eq(res.latency, 1 + 10 + 100 + 1000 + 10000);
	/* A fault dropped for overflow writes no record: not charged. */
	for (unsigned i = 0; i < 7; i++)
		ims_tvtd_dma(c.t, RID_A, 0x3000, IMS_ACCESS_READ, &res);
	ck_assert_int_eq(ims_tvtd_dma(c.t, RID_A, 0x3000, IMS_ACCESS_READ,
				      &res), -EFAULT);
	ck_assert(!res.fault.recorded);
	ck_assert_uint_eq(res.latency, 1 + 10 + 100 + 1000);
}
END_TEST

START_TEST(mmio_and_invalidation_are_charged)
{
	struct ims_clock *clk = &c.t->sim->clock;
	uint64_t before;

	clk->cost[IMS_COST_MMIO_WRITE] = 3;
	clk->cost[IMS_COST_INV_REGISTER] = 50;
	before = clk->now;
	conf_flush(&c); /* two register writes, two commands */
	ck_assert_uint_eq(clk->now - before, 2 * 3 + 2 * 50);
	ck_assert_uint_eq(ims_tvtd_stat(c.t, "inv.register"), 2);
}
END_TEST

Suite *vtd_robust_suite(void)
{
	Suite *s = suite_create("vtd-bad-input-and-costs");
	TCase *tc = tcase_create("robust");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, garbage_tables_only_ever_fault_or_translate);
	tcase_add_test(tc, garbage_register_writes_never_break_the_unit);
	tcase_add_test(tc, garbage_invalidation_queue_sets_iqe_without_hanging);
	tcase_add_test(tc, injected_context_read_failure_faults_0x9);
	tcase_add_test(tc, injected_descriptor_read_failure_sets_iqe);
	tcase_add_test(tc, injected_status_write_failure_sets_iqe);
	tcase_add_test(tc, status_write_outside_memory_sets_iqe);
	tcase_add_test(tc, latency_is_the_cost_of_the_work_done);
	tcase_add_test(tc, mmio_and_invalidation_are_charged);
	suite_add_tcase(s, tc);
	return s;
}
