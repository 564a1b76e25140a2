/* SPDX-License-Identifier: MIT */
/*
 * Statements that touch hardware or simulation state directly: device DMA
 * (through the machine), raw MMIO (through the bus, as a driver would) and
 * memory, fault records read back over MMIO, page-table entries read from
 * memory by the host's inspector, counters and failure points.
 */
#include <errno.h>

#include "run_priv.h"

#define U64 "0x%" G_GINT64_MODIFIER "x"

/* ---- dma --------------------------------------------------------------- */

struct dma_outcome {
	bool first_ok;
	ims_phys_t first_phys;
	unsigned faults;
	struct ims_fault fault;   /* the first fault */
	int other_err;            /* first non-fault error, positive */
	ims_cycles_t max_latency;
};

static void describe_fault(const struct ims_fault *f, char *buf, size_t n)
{
	if (f->kind == IMS_FAULT_SMMU && names_smmu_event_name(f->reason))
		g_snprintf(buf, n, "fault event=%s at iova " U64,
			   names_smmu_event_name(f->reason), f->addr);
	else
		g_snprintf(buf, n, "fault reason=0x%x at iova " U64, f->reason,
			   f->addr);
}

static void dma_issue(struct runner *r, const struct stmt *st,
		      struct dma_outcome *o)
{
	enum ims_access acc = st->v[DMA_ACCESS] == ACC_WRITE ?
				      IMS_ACCESS_WRITE : IMS_ACCESS_READ;

	for (uint64_t i = 0; i < st->v[DMA_COUNT]; i++) {
		struct ims_dma_result res = { 0 };
		int rc = ims_machine_dma(r->machine, (unsigned)st->v[DMA_DEV],
					 acc, st->v[DMA_IOVA] +
						      i * st->v[DMA_STRIDE],
					 st->v[DMA_LEN], &res);

		if (i == 0) {
			o->first_ok = rc == 0;
			o->first_phys = res.phys;
		}
		if (rc == -EFAULT && o->faults++ == 0)
			o->fault = res.fault;
		else if (rc < 0 && rc != -EFAULT && !o->other_err)
			o->other_err = -rc;
		if (res.latency > o->max_latency)
			o->max_latency = res.latency;
	}
}

static void dma_check_fault(struct runner *r, const struct dma_outcome *o)
{
	const struct expect *x = r->x;
	char got[96];

	if (!o->faults) {
		run_fail(r, "expected fault, got ok");
		return;
	}
	describe_fault(&o->fault, got, sizeof(got));
	if (XHAS(x, EX_REASON) && (o->fault.kind != IMS_FAULT_VTD ||
				  o->fault.reason != x->reason))
		run_fail(r, "expected fault reason=0x%x, got %s", x->reason,
			 got);
	if (XHAS(x, EX_EVENT) && (o->fault.kind != IMS_FAULT_SMMU ||
				 o->fault.reason != x->event))
		run_fail(r, "expected fault event=%s, got %s",
			 names_smmu_event_name(x->event), got);
}

static void run_dma(struct runner *r, const struct stmt *st)
{
	const struct expect *x = r->x;
	struct dma_outcome o = { 0 };
	char got[96], b[32];

	dma_issue(r, st, &o);
	if (o.other_err) {
		run_fail(r, "expected %s, got %s", XHAS(x, EX_FAULT) ? "fault" :
			 "ok", run_errno_str(o.other_err, b, sizeof(b)));
		return;
	}
	if (XHAS(x, EX_FAULT)) {
		dma_check_fault(r, &o);
	} else if (o.faults) {
		describe_fault(&o.fault, got, sizeof(got));
		run_fail(r, "expected ok, got %s (%u of %" G_GUINT64_FORMAT
			 " transfers faulted)", got, o.faults,
			 st->v[DMA_COUNT]);
	}
	if (XHAS(x, EX_PHYS) && o.first_ok && o.first_phys != x->phys)
		run_fail(r, "expected phys=" U64 ", got phys=" U64, x->phys,
			 o.first_phys);
	if (XHAS(x, EX_LATENCY) && o.max_latency > x->latency)
		run_fail(r, "expected latency<=%" G_GUINT64_FORMAT ", got "
			 "latency=%" G_GUINT64_FORMAT, x->latency,
			 o.max_latency);
}

/* ---- raw MMIO ---------------------------------------------------------- */

static uint64_t unit_base(struct runner *r, uint64_t unit)
{
	return r->t->platform->units[unit].base;
}

/* Offset of the statement's register, locating IVA/IOTLB and FRCDs the
 * way a driver does: from ECAP.IRO and CAP.FRO read over MMIO. */
static int reg_offset(struct runner *r, const struct stmt *st, uint64_t *off)
{
	const struct vtd_reg *reg = (const void *)(uintptr_t)st->v[MMIO_REG];
	uint64_t base = unit_base(r, st->v[MMIO_UNIT]), cap;
	int rc = 0;

	if (st->v[MMIO_OFFSET]) {
		*off = st->v[MMIO_REG];
		return 0;
	}
	switch (reg->base) {
	case REG_FIXED:
		*off = reg->offset;
		break;
	case REG_IRO:
		rc = ims_bus_read(r->sim->bus, base + 0x10, 8, &cap);
		*off = ((cap >> 8) & 0x3ff) * 16 + reg->offset;
		break;
	case REG_FRO:
		rc = ims_bus_read(r->sim->bus, base + 0x8, 8, &cap);
		*off = ((cap >> 24) & 0x3ff) * 16 + 16 * st->v[MMIO_N] +
		       reg->offset;
		break;
	}
	return rc;
}

static void run_mmio(struct runner *r, const struct stmt *st)
{
	unsigned size = (unsigned)st->v[MMIO_WIDTH] / 8;
	uint64_t off = 0, val = 0;
	int rc = reg_offset(r, st, &off);

	if (rc == 0) {
		uint64_t addr = unit_base(r, st->v[MMIO_UNIT]) + off;

		if (st->v[MMIO_ACCESS] == ACC_WRITE)
			rc = ims_bus_write(r->sim->bus, addr, size,
					   st->v[MMIO_VALUE]);
		else
			rc = ims_bus_read(r->sim->bus, addr, size, &val);
	}
	if (run_check_errno(r, rc) && XHAS(r->x, EX_VALUE) &&
	    val != r->x->value)
		run_fail(r, "expected value=" U64 ", got value=" U64,
			 r->x->value, val);
}

/* ---- memory ------------------------------------------------------------ */

static void run_mem(struct runner *r, const struct stmt *st)
{
	size_t n = (size_t)st->v[MEM_WIDTH] / 8;
	uint8_t buf[8] = { 0 };
	uint64_t val = 0;
	int rc;

	if (st->v[MEM_ACCESS] == ACC_WRITE) {
		val = st->v[MEM_VALUE];
		for (size_t i = 0; i < n; i++)
			buf[i] = (uint8_t)(val >> (8 * i));
		rc = ims_mem_write(r->sim->mem, st->v[MEM_ADDR], buf, n);
	} else {
		rc = ims_mem_read(r->sim->mem, st->v[MEM_ADDR], buf, n);
		for (size_t i = 0; i < n; i++)
			val |= (uint64_t)buf[i] << (8 * i);
	}
	if (run_check_errno(r, rc) && XHAS(r->x, EX_VALUE) &&
	    val != r->x->value)
		run_fail(r, "expected value=" U64 ", got value=" U64,
			 r->x->value, val);
}

/* ---- counters and failure points --------------------------------------- */

static void run_stat(struct runner *r, const struct stmt *st)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	uint64_t v = 0, want = st->v[XS_VALUE];
	bool holds;

	/* Counters register on first use: one never touched reads as 0. */
	ims_stats_get(r->sim->stats, st->name, &v);
	switch (st->v[XS_OP]) {
	case OP_EQ: holds = v == want; break;
	case OP_NE: holds = v != want; break;
	case OP_LT: holds = v < want; break;
	case OP_LE: holds = v <= want; break;
	case OP_GT: holds = v > want; break;
	default: holds = v >= want; break;
	}
	if (!holds)
		run_fail(r, "expected %s %s %" G_GUINT64_FORMAT ", got %"
			 G_GUINT64_FORMAT, st->name, ops[st->v[XS_OP]], want, v);
}

static void run_inject(struct runner *r, const struct stmt *st)
{
	struct ims_finj_arming arm = {
		.nth = st->v[INJ_NTH],
		.count = st->v[INJ_COUNT],
		.err = (int)st->v[INJ_ERRNO],
		.match_addr = SHAS(st, INJ_ADDR),
		.addr = st->v[INJ_ADDR],
	};

	run_check_errno(r, ims_finj_arm(&r->sim->finj,
					(enum ims_finj_point)st->v[INJ_POINT],
					&arm));
}

void run_hw(struct runner *r, const struct stmt *st)
{
	switch (st->verb) {
	case V_DMA: run_dma(r, st); break;
	case V_MMIO: run_mmio(r, st); break;
	case V_MEM: run_mem(r, st); break;
	case V_EXP_FAULTS: case V_EXP_FAULT_RECORD: run_faults(r, st); break;
	case V_EXP_PTE: run_pte(r, st); break;
	case V_EXP_STAT: run_stat(r, st); break;
	case V_INJECT: run_inject(r, st); break;
	default: g_assert_not_reached();
	}
}
