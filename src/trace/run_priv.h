/* SPDX-License-Identifier: MIT */
/*
 * The runner's state, shared by run.c (the loop, results, set-up),
 * run_hw.c (dma, raw hardware, fault records, PTEs, stats, injection) and
 * run_type1.c (containers).
 */
#ifndef IMS_TRACE_RUN_PRIV_H
#define IMS_TRACE_RUN_PRIV_H

#include "iommusim/host.h"
#include "iommusim/machine.h"
#include "iommusim/sim.h"
#include "iommusim/vfio.h"
#include "spec.h"

/* One statement's outcome; failures[first .. first + n) are its messages. */
struct outcome {
	uint32_t stmt;
	uint32_t first_failure;
	uint32_t n_failures;
};

struct stat_value {
	char *name;
	uint64_t value;
};

struct ims_trace_result {
	const struct ims_trace *trace;  /* borrowed: must outlive the result */
	unsigned passed, failed;
	GArray *outcomes;       /* struct outcome, when recording */
	GPtrArray *failures;    /* char *, "expected X, got Y" */
	GArray *stats;          /* struct stat_value, name order */
	uint64_t cycles;        /* the simulated clock when the run ended */
};

struct runner {
	struct ims_trace *t;
	const struct ims_trace_run_config *cfg;
	struct ims_trace_result *res;
	struct ims_sim *sim;
	struct ims_machine *machine;
	struct ims_host *host;
	struct ims_type1 **containers;  /* by container slot; NULL: none */
	struct ims_type1_config t1cfg;
	const struct stmt *st;          /* the statement running */
	const struct expect *x;         /* its expectations, or NULL */
	unsigned n_failures;            /* of the statement running */
	bool booted;
	bool boot_failed;               /* every later statement fails */
};

#define XHAS(x, k) ((x) && ((x)->has & (1u << (k))))
#define SHAS(st, slot) (((st)->present >> (slot)) & 1)

/* Records "expected ..., got ..." for the running statement. */
void run_fail(struct runner *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "EINVAL", or "errno N" for a number without a name. */
const char *run_errno_str(int err, char *buf, size_t size);
/*
 * Checks a call's return against `ok` / `ERRNO` expectations (or success
 * when there are none). Returns true when the call succeeded.
 */
bool run_check_errno(struct runner *r, int ret);

void run_hw(struct runner *r, const struct stmt *st);
void run_type1(struct runner *r, const struct stmt *st);
/* run_records.c: expect faults / fault-record / pte. */
void run_faults(struct runner *r, const struct stmt *st);
void run_pte(struct runner *r, const struct stmt *st);

#endif
