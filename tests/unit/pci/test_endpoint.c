/* SPDX-License-Identifier: MIT */
/* Endpoints against a scripted DMA port: splitting, data, faults, costs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <glib.h>

#include "iommusim/pci.h"

#define RAM_SIZE (UINT64_C(1) << 24)
#define OFFSET 0x100000        /* the mock maps iova to iova + OFFSET */
#define MOCK_LATENCY 10

struct mock_port {
	struct ims_dma_port port;
	GArray *seen;          /* struct ims_dma_request */
	ims_iova_t fault_page; /* requests to this page fault */
	bool has_fault_page;
	ims_phys_t offset;
};

static int mock_translate(void *opaque, const struct ims_dma_request *req,
			  struct ims_dma_result *res)
{
	struct mock_port *m = opaque;

	g_array_append_val(m->seen, *req);
	res->latency = MOCK_LATENCY;
	if (m->has_fault_page && (req->iova & IMS_PAGE_MASK) == m->fault_page) {
		res->fault = (struct ims_fault){ .kind = IMS_FAULT_VTD,
						 .reason = 0x5,
						 .source = req->source,
						 .addr = req->iova,
						 .access = req->access,
						 .recorded = true };
		return -EFAULT;
	}
	res->phys = req->iova + m->offset;
	return 0;
}

static struct ims_sim *sim;
static struct mock_port mock;
static struct ims_endpoint *ep;

static void setup(void)
{
	struct ims_endpoint_config cfg = { "00:02.0", 0x10, &mock.port };

	sim = ims_sim_new(7);
	ck_assert_int_eq(ims_mem_add_ram(sim->mem, 0, RAM_SIZE), 0);
	mock = (struct mock_port){ { "mock", mock_translate, &mock },
				   g_array_new(FALSE, FALSE,
					       sizeof(struct ims_dma_request)),
				   0, false, OFFSET };
	ck_assert_int_eq(ims_endpoint_create(sim, &cfg, &ep), 0);
}

static void teardown(void)
{
	ims_endpoint_destroy(ep);
	g_array_free(mock.seen, TRUE);
	ims_sim_free(sim);
}

static uint64_t stat(const char *name)
{
	uint64_t v = UINT64_MAX;

	ck_assert_int_eq(ims_stats_get(sim->stats, name, &v), 0);
	return v;
}

START_TEST(transfer_is_split_at_page_boundaries)
{
	static const uint32_t lens[] = { 0x10, 0x1000, 0x1000, 0x10 };
	struct ims_dma_result res;

	ck_assert_int_eq(ims_endpoint_dma(ep, IMS_ACCESS_READ, 0xff0, 0x2020,
					  &res), 0);
	ck_assert_uint_eq(mock.seen->len, G_N_ELEMENTS(lens));
	for (unsigned i = 0; i < mock.seen->len; i++) {
		struct ims_dma_request *r =
			&g_array_index(mock.seen, struct ims_dma_request, i);

		ck_assert_uint_eq(r->len, lens[i]);
		ck_assert_uint_eq(r->source, 0x10);
		ck_assert_int_eq(r->access, IMS_ACCESS_READ);
		ck_assert_uint_eq((r->iova & 0xfff) + r->len <= 0x1000, 1);
	}
	ck_assert_uint_eq(res.phys, 0xff0 + OFFSET);
	ck_assert_uint_eq(stat("00:02.0.dma.requests"), 4);
	ck_assert_uint_eq(stat("00:02.0.dma.bytes"), 0x2020);
	ck_assert_uint_eq(stat("00:02.0.dma.faults"), 0);
}
END_TEST

START_TEST(latency_sums_unit_latency_and_one_cost_per_line)
{
	struct ims_dma_result res;
	ims_cycles_t before;

	sim->clock.cost[IMS_COST_DMA_DATA] = 3;
	before = sim->clock.now;
	/* 0x3c + 8 touches two lines; one request */
	ck_assert_int_eq(ims_endpoint_dma(ep, IMS_ACCESS_WRITE, 0x3c, 8, &res),
			 0);
	ck_assert_uint_eq(res.latency, MOCK_LATENCY + 2 * 3);
	ck_assert_uint_eq(sim->clock.now - before, 2 * 3);
	/* a full page: 64 lines, one request */
	ck_assert_int_eq(ims_endpoint_dma(ep, IMS_ACCESS_READ, 0x2000, 0x1000,
					  &res), 0);
	ck_assert_uint_eq(res.latency, MOCK_LATENCY + 64 * 3);
}
END_TEST

START_TEST(write_stores_the_seeded_pattern_at_the_translated_address)
{
	struct ims_dma_result res;
	uint8_t got[32], again[32], zero[32] = { 0 };

	ck_assert_int_eq(ims_endpoint_dma(ep, IMS_ACCESS_WRITE, 0x5000, 32,
					  &res), 0);
	ck_assert_int_eq(ims_mem_read(sim->mem, 0x5000 + OFFSET, got, 32), 0);
	ck_assert_mem_ne(got, zero, 32);
	ck_assert_int_eq(ims_mem_read(sim->mem, 0x5000, again, 32), 0);
	ck_assert_mem_eq(again, zero, 32);
	/* same seed, same bytes */
	ims_rng_reseed(sim->rng, 7);
	ck_assert_int_eq(ims_endpoint_dma(ep, IMS_ACCESS_WRITE, 0x6000, 32,
					  &res), 0);
	ck_assert_int_eq(ims_mem_read(sim->mem, 0x6000 + OFFSET, again, 32),
			 0);
	ck_assert_mem_eq(got, again, 32);
}
END_TEST

START_TEST(read_leaves_memory_untouched)
{
	struct ims_dma_result res;
	uint64_t v = 0;

	ck_assert_int_eq(ims_mem_write64(sim->mem, 0x7000 + OFFSET, 0xabcd), 0);
	ck_assert_int_eq(ims_endpoint_dma(ep, IMS_ACCESS_READ, 0x7000, 8, &res),
			 0);
	ck_assert_int_eq(ims_mem_read64(sim->mem, 0x7000 + OFFSET, &v), 0);
	ck_assert_uint_eq(v, 0xabcd);
	ck_assert_uint_eq(ims_mem_resident_pages(sim->mem), 1);
}
END_TEST

START_TEST(fault_stops_the_transfer_after_earlier_pages_moved)
{
	struct ims_dma_result res;

	mock.fault_page = 0x9000;
	mock.has_fault_page = true;
	ck_assert_int_eq(ims_endpoint_dma(ep, IMS_ACCESS_WRITE, 0x8800, 0x2000,
					  &res), -EFAULT);
	ck_assert_uint_eq(mock.seen->len, 2); /* the third is never sent */
	ck_assert_int_eq(res.fault.kind, IMS_FAULT_VTD);
	ck_assert_uint_eq(res.fault.reason, 0x5);
	ck_assert_uint_eq(res.fault.addr, 0x9000);
	ck_assert_uint_eq(res.fault.source, 0x10);
	ck_assert_uint_eq(res.latency, 2 * MOCK_LATENCY);
	ck_assert_uint_eq(stat("00:02.0.dma.bytes"), 0x800);
	ck_assert_uint_eq(stat("00:02.0.dma.faults"), 1);
	ck_assert_uint_eq(stat("00:02.0.dma.requests"), 2);
}
END_TEST

START_TEST(without_iommu_physical_equals_iova)
{
	struct ims_endpoint_config cfg = { "accel@0", 0, NULL };
	struct ims_endpoint *bare;
	struct ims_dma_result res;
	uint64_t v = 0;

	ck_assert_int_eq(ims_endpoint_create(sim, &cfg, &bare), 0);
	ck_assert_int_eq(ims_endpoint_dma(bare, IMS_ACCESS_WRITE, 0x3000, 8,
					  &res), 0);
	ck_assert_uint_eq(res.phys, 0x3000);
	ck_assert_int_eq(ims_mem_read64(sim->mem, 0x3000, &v), 0);
	ck_assert_uint_ne(v, 0);
	ims_endpoint_destroy(bare);
}
END_TEST

START_TEST(translation_outside_ram_is_a_master_abort)
{
	struct ims_dma_result res;

	mock.offset = RAM_SIZE; /* every translation lands past RAM */
	ck_assert_int_eq(ims_endpoint_dma(ep, IMS_ACCESS_WRITE, 0, 8, &res),
			 -EIO);
	ck_assert_int_eq(res.fault.kind, IMS_FAULT_NONE);
	ck_assert_uint_eq(res.phys, RAM_SIZE);
	ck_assert_int_eq(ims_endpoint_dma(ep, IMS_ACCESS_READ, 0, 8, &res),
			 -EIO);
	ck_assert_uint_eq(stat("00:02.0.dma.bytes"), 0);
	ck_assert_uint_eq(stat("00:02.0.dma.faults"), 0);
}
END_TEST

START_TEST(empty_or_wrapping_transfer_is_invalid)
{
	struct ims_dma_result res;

	ck_assert_int_eq(ims_endpoint_dma(ep, IMS_ACCESS_READ, 0, 0, &res),
			 -EINVAL);
	ck_assert_int_eq(ims_endpoint_dma(ep, IMS_ACCESS_READ, UINT64_MAX - 3,
					  8, &res), -EINVAL);
	ck_assert_uint_eq(mock.seen->len, 0);
}
END_TEST

START_TEST(creation_fails_at_hw_alloc_point)
{
	struct ims_finj_arming arm = { .nth = 1, .count = 1, .err = ENOMEM };
	struct ims_endpoint_config cfg = { "x", 0, NULL };
	struct ims_endpoint *e = NULL;

	ck_assert_int_eq(ims_finj_arm(&sim->finj, IMS_FINJ_HW_ALLOC, &arm), 0);
	ck_assert_int_eq(ims_endpoint_create(sim, &cfg, &e), -ENOMEM);
	ck_assert_ptr_null(e);
	ck_assert_int_eq(ims_endpoint_create(sim, &cfg, &e), 0);
	ims_endpoint_destroy(e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pci");
	TCase *tc = tcase_create("endpoint");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, transfer_is_split_at_page_boundaries);
	tcase_add_test(tc, latency_sums_unit_latency_and_one_cost_per_line);
	tcase_add_test(tc, write_stores_the_seeded_pattern_at_the_translated_address);
	tcase_add_test(tc, read_leaves_memory_untouched);
	tcase_add_test(tc, fault_stops_the_transfer_after_earlier_pages_moved);
	tcase_add_test(tc, without_iommu_physical_equals_iova);
	tcase_add_test(tc, translation_outside_ram_is_a_master_abort);
	tcase_add_test(tc, empty_or_wrapping_transfer_is_invalid);
	tcase_add_test(tc, creation_fails_at_hw_alloc_point);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
