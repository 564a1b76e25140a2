// SPDX-License-Identifier: MIT
/* UNMAP_DMA: v1 and v2 semantics (reference §3.4, every row) over 1..3
 * domains, and every errno. */
#include <errno.h>

#include "t1_fixture.h"

#define ALL IMS_VFIO_DMA_UNMAP_FLAG_ALL
/* M = [0x100000, 0x300000), N = [0x300000, 0x380000). */
#define M_IOVA UINT64_C(0x100000)
#define M_SIZE UINT64_C(0x200000)
#define N_IOVA UINT64_C(0x300000)
#define N_SIZE UINT64_C(0x80000)

struct row {
	uint64_t iova, size;
	uint32_t flags;
	int err[2];          /* v1, v2: 0 or positive errno */
	uint64_t unmapped[2];
	bool m_gone[2], n_gone[2];
};

/* Columns: request; errno v1, v2; unmapped v1, v2; M gone v1, v2; N gone. */
static const struct row rows[] = {
	/* exact */
	{ 0x100000, 0x200000, 0, { 0, 0 }, { 0x200000, 0x200000 },
	  { true, true }, { false, false } },
	/* offset into M */
	{ 0x101000, 0x1000, 0, { 0, EINVAL }, { 0, 0 },
	  { false, false }, { false, false } },
	/* covers M's first iova */
	{ 0x100000, 0x1000, 0, { 0, EINVAL }, { 0x200000, 0 },
	  { true, false }, { false, false } },
	/* from a hole into M's first page */
	{ 0x0f0000, 0x11000, 0, { 0, EINVAL }, { 0x200000, 0 },
	  { true, false }, { false, false } },
	/* middle to end of M */
	{ 0x200000, 0x100000, 0, { 0, EINVAL }, { 0, 0 },
	  { false, false }, { false, false } },
	/* M whole + half of N */
	{ 0x100000, 0x240000, 0, { 0, EINVAL }, { 0x280000, 0 },
	  { true, false }, { true, false } },
	/* covers both */
	{ 0x000000, 0x1000000, 0, { 0, 0 }, { 0x280000, 0x280000 },
	  { true, true }, { true, true } },
	/* straddles M, covers N: v1 stops at M (ascending order) */
	{ 0x200000, 0x200000, 0, { 0, EINVAL }, { 0, 0 },
	  { false, false }, { false, false } },
	/* empty area */
	{ 0x800000, 0x1000, 0, { 0, 0 }, { 0, 0 },
	  { false, false }, { false, false } },
	/* ALL */
	{ 0, 0, ALL, { 0, 0 }, { 0x280000, 0x280000 },
	  { true, true }, { true, true } },
	/* ALL with iova */
	{ 0x100000, 0, ALL, { EINVAL, EINVAL }, { 0, 0 },
	  { false, false }, { false, false } },
};

#define N_ROWS G_N_ELEMENTS(rows)

/* _i = ((row * 2) + v2) * 3 + (domains - 1) */
START_TEST(unmap_follows_the_worked_examples)
{
	const struct row *r = &rows[_i / 6];
	unsigned v2 = (_i / 3) % 2, domains = _i % 3 + 1;
	struct fx f;

	fx_host(&f);
	fx_open(&f, v2 ? IMS_VFIO_TYPE1v2_IOMMU : IMS_VFIO_TYPE1_IOMMU);
	fx_attach_variant(&f, domains);
	MAP_OK(&f, M_IOVA, VA_CONTIG, M_SIZE, RW);
	MAP_OK(&f, N_IOVA, VA_SCATTER, N_SIZE, RW);
	if (r->err[v2])
		UNMAP_ERR(&f, r->err[v2], r->iova, r->size, r->flags);
	else
		UNMAP_OK(&f, r->iova, r->size, r->flags, r->unmapped[v2]);
	ck_assert(ims_type1_covers(f.t1, M_IOVA, M_SIZE) == !r->m_gone[v2]);
	ck_assert(ims_type1_touches(f.t1, M_IOVA, M_SIZE) == !r->m_gone[v2]);
	ck_assert(ims_type1_covers(f.t1, N_IOVA, N_SIZE) == !r->n_gone[v2]);
	ck_assert_uint_eq(ims_host_locked_vm(f.host),
			  (r->m_gone[v2] ? 0 : M_SIZE / PG) +
				  (r->n_gone[v2] ? 0 : N_SIZE / PG));
	if (!r->m_gone[v2])
		CHECK_MAP(&f, M_IOVA, VA_CONTIG, M_SIZE);
	fx_teardown(&f);
}
END_TEST

START_TEST(unmap_rejects_bad_arguments_with_einval)
{
	struct fx f;

	fx_host(&f);
	fx_open(&f, _i % 2 ? IMS_VFIO_TYPE1v2_IOMMU : IMS_VFIO_TYPE1_IOMMU);
	fx_attach_variant(&f, _i / 2 + 1);
	MAP_OK(&f, M_IOVA, VA_CONTIG, M_SIZE, RW);
	UNMAP_ERR(&f, EINVAL, M_IOVA + 0x800, PG, 0);  /* iova unaligned */
	UNMAP_ERR(&f, EINVAL, M_IOVA, 0, 0);           /* size 0 */
	UNMAP_ERR(&f, EINVAL, M_IOVA, PG + 4, 0);      /* size unaligned */
	UNMAP_ERR(&f, EINVAL, UINT64_MAX - PG + 1, 2 * PG, 0); /* wraps */
	UNMAP_ERR(&f, EINVAL, M_IOVA, M_SIZE, 1);      /* GET_DIRTY_BITMAP */
	UNMAP_ERR(&f, EINVAL, M_IOVA, M_SIZE, 4);      /* VADDR */
	UNMAP_ERR(&f, EINVAL, 0, M_SIZE, ALL);         /* ALL with size */
	UNMAP_ERR(&f, EINVAL, 0x800, 0, ALL);          /* alignment first */
	UNMAP_OK(&f, M_IOVA, M_SIZE, 0, M_SIZE);
	fx_teardown(&f);
}
END_TEST

START_TEST(unmap_alignment_follows_the_smallest_common_page)
{
	struct fx f;

	fx_host(&f);
	fx_open(&f, IMS_VFIO_TYPE1v2_IOMMU);
	ATTACH_OK(&f, 8); /* 64 KiB | 2 MiB only */
	MAP_ERR(&f, EINVAL, 0x10000, VA_CONTIG, PG, RW);
	MAP_OK(&f, 0x10000, VA_CONTIG, 0x10000, RW);
	UNMAP_ERR(&f, EINVAL, 0x10000, PG, 0);
	UNMAP_OK(&f, 0x10000, 0x10000, 0, 0x10000);
	fx_teardown(&f);
}
END_TEST

START_TEST(v1_unmap_removes_every_mapping_starting_inside_in_order)
{
	struct fx f;

	fx_host(&f);
	fx_open(&f, IMS_VFIO_TYPE1_IOMMU);
	fx_attach_variant(&f, _i);
	for (uint64_t k = 0; k < 8; k++)
		MAP_OK(&f, k * 0x10000, VA_CONTIG + k * 0x10000, 0x8000, RW);
	/* From the middle of mapping 2 to the end: nothing (stops at 2). */
	UNMAP_OK(&f, 0x24000, 0x100000, 0, 0);
	/* From a hole before mapping 3 into mapping 5's first page. */
	UNMAP_OK(&f, 0x2c000, 0x25000, 0, 3 * 0x8000);
	ck_assert(!ims_type1_touches(f.t1, 0x30000, 0x30000));
	ck_assert(ims_type1_covers(f.t1, 0x60000, 0x8000));
	ck_assert_uint_eq(ims_type1_mapping_count(f.t1), 5);
	fx_teardown(&f);
}
END_TEST

Suite *t1_unmap_suite(void)
{
	Suite *s = suite_create("type1 unmap");
	TCase *tc = tcase_create("unmap");

	tcase_add_loop_test(tc, unmap_follows_the_worked_examples, 0,
			    N_ROWS * 6);
	tcase_add_loop_test(tc, unmap_rejects_bad_arguments_with_einval, 0, 6);
	tcase_add_test(tc, unmap_alignment_follows_the_smallest_common_page);
	tcase_add_loop_test(tc,
		v1_unmap_removes_every_mapping_starting_inside_in_order, 1, 4);
	suite_add_tcase(s, tc);
	return s;
}
