/* SPDX-License-Identifier: MIT */
/*
 * The runner: a fresh simulation per run (sim, machine, host booted on the
 * trace's platform), then every statement in order. A statement passes
 * when each of its expectations holds (without `=>`: when it succeeds);
 * a failed statement does not stop the run. Results are counted, printed
 * as they happen and optionally recorded for the JSON document.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "iommusim/policy.h"
#include "run_priv.h"

const char *run_errno_str(int err, char *buf, size_t size)
{
	const char *name = names_errno_name(err);

	if (name)
		return name;
	g_snprintf(buf, size, "errno %d", err);
	return buf;
}

void run_fail(struct runner *r, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	r->n_failures++;
	if (r->cfg->verbosity != IMS_TRACE_QUIET)
		fprintf(r->cfg->err ? r->cfg->err : stderr, "%s:%u: %s\n",
			r->t->name, r->st->line, msg);
	if (r->cfg->record)
		g_ptr_array_add(r->res->failures, msg);
	else
		g_free(msg);
}

bool run_check_errno(struct runner *r, int ret)
{
	char a[32], b[32];

	if (XHAS(r->x, EX_ERRNO)) {
		if (ret != -r->x->err)
			run_fail(r, "expected %s, got %s",
				 run_errno_str(r->x->err, a, sizeof(a)),
				 ret >= 0 ? "ok" : run_errno_str(-ret, b,
								 sizeof(b)));
		return ret >= 0;
	}
	if (ret < 0)
		run_fail(r, "expected ok, got %s",
			 run_errno_str(-ret, b, sizeof(b)));
	return ret >= 0;
}

/* ---- set-up ------------------------------------------------------------ */

static bool boot(struct runner *r)
{
	struct ims_host_config hc = { .prefer_queued_invalidation = true };
	GError *local = NULL;
	int rc;

	r->sim = ims_sim_new(r->t->seed);
	if (!r->sim) {
		run_fail(r, "GLib's random generator does not match its "
			 "reference (is G_RANDOM_VERSION set?)");
		return false;
	}
	memcpy(r->sim->clock.cost, r->t->cost, sizeof(r->t->cost));
	r->machine = ims_machine_create(r->sim, r->t->platform, &local);
	if (!r->machine) {
		run_fail(r, "expected the machine to build, got %s",
			 local->message);
		g_error_free(local);
		return false;
	}
	rc = ims_host_boot(r->sim, r->t->platform, &hc, &r->host);
	if (rc < 0) {
		char b[32];

		run_fail(r, "expected the host to boot, got %s",
			 run_errno_str(-rc, b, sizeof(b)));
		return false;
	}
	ims_type1_config_init(&r->t1cfg);
	r->t1cfg.policy = ims_policy_find(r->t->policy);
	r->t1cfg.finj = &r->sim->finj;
	r->containers = g_new0(struct ims_type1 *, r->t->n_containers + 1);
	return true;
}

static void teardown(struct runner *r)
{
	for (unsigned i = 0; r->containers && i < r->t->n_containers; i++)
		ims_type1_close(r->containers[i]);
	g_free(r->containers);
	if (r->host)
		ims_host_shutdown(r->host);
	if (r->machine)
		ims_machine_destroy(r->machine);
	ims_sim_free(r->sim);
}

static void run_hostmem(struct runner *r, const struct stmt *st)
{
	static const enum ims_backing backing[] = {
		IMS_BACKING_CONTIG, IMS_BACKING_2M, IMS_BACKING_1G,
		IMS_BACKING_SCATTER,
	};
	struct ims_hostmem_spec spec = {
		.vaddr = st->v[HM_VADDR],
		.size = st->v[HM_SIZE],
		.backing = backing[st->v[HM_BACKING]],
		.has_pfn = SHAS(st, HM_PFN),
		.pfn = st->v[HM_PFN],
		.reserved = SHAS(st, HM_RESERVED),
	};

	run_check_errno(r, ims_host_add_hostmem(r->host, &spec));
}

static void run_limit(struct runner *r, const struct stmt *st)
{
	if (SHAS(st, LIM_MEMLOCK))
		ims_host_set_memlock_limit(r->host, st->v[LIM_MEMLOCK]);
	else
		r->t1cfg.dma_entry_limit = st->v[LIM_DMA_ENTRIES];
}

static void run_stmt(struct runner *r, const struct stmt *st)
{
	if (st->has_cycle)
		ims_clock_advance_to(&r->sim->clock, st->cycle);
	switch (st->verb) {
	case V_PLATFORM: case V_SEED: case V_POLICY: case V_TIMING:
		break;  /* applied before the run */
	case V_HOSTMEM:
		run_hostmem(r, st);
		break;
	case V_LIMIT:
		run_limit(r, st);
		break;
	case V_CONTAINER: case V_ATTACH: case V_DETACH: case V_MAP:
	case V_UNMAP: case V_INFO: case V_CLOSE: case V_EXP_DOMAINS:
	case V_EXP_MAPPED: case V_EXP_UNMAPPED: case V_EXP_LOCKED:
	case V_EXP_PINNED:
		run_type1(r, st);
		break;
	default:
		run_hw(r, st);
	}
}

/* ---- the loop ---------------------------------------------------------- */

static void finish_stmt(struct runner *r, unsigned index, uint32_t first)
{
	const struct stmt *st = r->st;
	bool failed = r->n_failures > 0;

	if (failed)
		r->res->failed++;
	else
		r->res->passed++;
	if (r->cfg->verbosity == IMS_TRACE_VERBOSE)
		fprintf(r->cfg->out ? r->cfg->out : stdout, "%s:%u: %.*s: %s\n",
			r->t->name, st->line, (int)st->text_len,
			r->t->text + st->text_off, failed ? "FAILED" : "passed");
	if (r->cfg->record) {
		struct outcome o = { index, first, r->n_failures };

		g_array_append_val(r->res->outcomes, o);
	}
}

static int collect_stat(const char *name, uint64_t value, void *data)
{
	struct stat_value sv = { g_strdup(name), value };

	g_array_append_val((GArray *)data, sv);
	return 0;
}

static struct ims_trace_result *result_new(const struct ims_trace *t)
{
	struct ims_trace_result *res = g_new0(struct ims_trace_result, 1);

	res->trace = t;
	res->outcomes = g_array_new(FALSE, FALSE, sizeof(struct outcome));
	res->failures = g_ptr_array_new_with_free_func(g_free);
	res->stats = g_array_new(FALSE, FALSE, sizeof(struct stat_value));
	return res;
}

struct ims_trace_result *ims_trace_run(struct ims_trace *t,
				       const struct ims_trace_run_config *cfg)
{
	static const struct ims_trace_run_config defaults = {
		.verbosity = IMS_TRACE_NORMAL,
	};
	struct runner r = { .t = t, .cfg = cfg ? cfg : &defaults,
			    .res = result_new(t) };
	GArray *stmts = t->stmts;

	g_return_val_if_fail(t->resolved, r.res);
	if (r.cfg->verbosity == IMS_TRACE_VERBOSE)
		fprintf(r.cfg->out ? r.cfg->out : stdout, "%s: seed %"
			G_GUINT64_FORMAT ", policy %s, timing %s, platform %s\n",
			t->name, t->seed, t->policy, t->timing_name,
			t->platform_name ? t->platform_name : "(none)");
	for (unsigned i = 0; i < stmts->len; i++) {
		uint32_t first = r.res->failures->len;

		r.st = &g_array_index(stmts, struct stmt, i);
		r.x = r.st->expect < 0 ? NULL :
		      &g_array_index(t->expects, struct expect, r.st->expect);
		r.n_failures = 0;
		if (!r.booted && r.st->verb > V_TIMING) {
			r.booted = true;
			r.boot_failed = !boot(&r);
		}
		if (r.boot_failed && r.n_failures == 0)
			run_fail(&r, "expected to run, got nothing: the machine "
				 "did not boot");
		else if (!r.boot_failed)
			run_stmt(&r, r.st);
		finish_stmt(&r, i, first);
	}
	if (r.sim) {
		ims_stats_foreach(r.sim->stats, collect_stat, r.res->stats);
		r.res->cycles = r.sim->clock.now;
	}
	teardown(&r);
	return r.res;
}

void ims_trace_result_free(struct ims_trace_result *res)
{
	if (!res)
		return;
	for (unsigned i = 0; i < res->stats->len; i++)
		g_free(g_array_index(res->stats, struct stat_value, i).name);
	g_array_free(res->stats, TRUE);
	g_array_free(res->outcomes, TRUE);
	g_ptr_array_free(res->failures, TRUE);
	g_free(res);
}

unsigned ims_trace_result_passed(const struct ims_trace_result *res)
{
	return res->passed;
}

unsigned ims_trace_result_failed(const struct ims_trace_result *res)
{
	return res->failed;
}

int ims_trace_result_foreach_stat(const struct ims_trace_result *res,
				  int (*fn)(const char *, uint64_t, void *),
				  void *data)
{
	for (unsigned i = 0; i < res->stats->len; i++) {
		const struct stat_value *sv =
			&g_array_index(res->stats, struct stat_value, i);
		int rc = fn(sv->name, sv->value, data);

		if (rc)
			return rc;
	}
	return 0;
}
