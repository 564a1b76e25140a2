/* SPDX-License-Identifier: MIT */
#include "vtd_conf.h"

void conf_setup(struct conf *c, const struct ims_platform_unit *unit,
		const struct ims_vtd_config *opts)
{
	c->t = ims_tvtd_new(unit, opts);
	c->levels = 4;
	c->top = ims_tvtd_alloc_page(&c->t->tables);
	ims_tvtd_set_context(&c->t->tables, RID_A, DID_A, 2, 0, c->top, 0, 0);
	ims_tvtd_map(&c->t->tables, c->top, c->levels, 0x1000, PHYS_A, 12,
		     TVTD_RW);
	ims_tvtd_enable(c->t);
}

void conf_teardown(struct conf *c)
{
	ims_tvtd_free(c->t);
	c->t = NULL;
}

void conf_clear_faults(struct conf *c)
{
	unsigned nfr = (unsigned)((ims_tvtd_read(c->t, CAP, 8) >> 40) & 0xff);

	for (unsigned i = 0; i <= nfr; i++)
		ims_tvtd_write(c->t, ims_tvtd_frcd_off(c->t, i) + 12, 4,
			       0x80000000);
	ims_tvtd_write(c->t, FSTS, 4, 1); /* PFO */
}

/*
 * With `recorded`, room is made first and the record the unit wrote is
 * checked against the request (FRI points at it: it is the only one).
 */
uint8_t conf_fault(struct conf *c, ims_rid_t rid, uint64_t iova,
		   enum ims_access a, bool recorded)
{
	struct ims_dma_result res;
	unsigned fri;
	uint64_t hi;

	if (recorded)
		conf_clear_faults(c);
	ck_assert_int_eq(ims_tvtd_dma(c->t, rid, iova, a, &res), -EFAULT);
	ck_assert_int_eq(res.fault.kind, IMS_FAULT_VTD);
	ck_assert_int_eq(res.fault.recorded, recorded);
	ck_assert_uint_eq(res.fault.source, rid);
	ck_assert_uint_eq(res.fault.addr, iova);
	if (!recorded)
		return res.fault.reason;
	ck_assert(ims_tvtd_read(c->t, FSTS, 4) & BIT(1)); /* PPF */
	fri = (unsigned)((ims_tvtd_read(c->t, FSTS, 4) >> 8) & 0xff);
	hi = conf_frcd_hi(c, fri);
	ck_assert(hi & BIT(63));
	ck_assert_uint_eq(hi & 0xffff, rid);
	ck_assert_uint_eq((hi >> 32) & 0xff, res.fault.reason);
	ck_assert_uint_eq(!!(hi & BIT(62)), a == IMS_ACCESS_READ);
	/* FI keeps the page address up to MGAW (CAP 21:16); above reads 0. */
	ck_assert_uint_eq(conf_frcd_lo(c, fri),
			  iova & ~UINT64_C(0xfff) &
				  (BIT(((c->t->cap >> 16) & 0x3f) + 1) - 1));
	return res.fault.reason;
}

uint64_t conf_ok(struct conf *c, ims_rid_t rid, uint64_t iova,
		 enum ims_access a)
{
	struct ims_dma_result res;
	int err = ims_tvtd_dma(c->t, rid, iova, a, &res);

	ck_assert_msg(err == 0, "dma faulted: reason 0x%x", res.fault.reason);
	ck_assert_int_eq(res.fault.kind, IMS_FAULT_NONE);
	return res.phys;
}

uint64_t conf_frcd_lo(struct conf *c, unsigned i)
{
	return ims_tvtd_read(c->t, ims_tvtd_frcd_off(c->t, i), 8);
}

uint64_t conf_frcd_hi(struct conf *c, unsigned i)
{
	return ims_tvtd_read(c->t, ims_tvtd_frcd_off(c->t, i) + 8, 8);
}

uint8_t conf_frcd_reason(struct conf *c, unsigned i)
{
	return (uint8_t)(conf_frcd_hi(c, i) >> 32);
}

void conf_write_entry(struct conf *c, uint64_t addr, uint64_t val)
{
	ck_assert_int_eq(ims_mem_write64(c->t->sim->mem, addr, val), 0);
}

uint64_t conf_read_entry(struct conf *c, uint64_t addr)
{
	uint64_t v;

	ck_assert_int_eq(ims_mem_read64(c->t->sim->mem, addr, &v), 0);
	return v;
}

void conf_flush(struct conf *c)
{
	uint64_t iva = ims_tvtd_iva_off(c->t);

	ims_tvtd_write(c->t, CCMD, 8, BIT(63) | UINT64_C(1) << 61);
	ims_tvtd_write(c->t, iva + 8, 8, BIT(63) | UINT64_C(1) << 60);
}
