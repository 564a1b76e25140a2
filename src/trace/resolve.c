/* SPDX-License-Identifier: MIT */
/*
 * Resolution: everything a trace names is checked before anything runs.
 * Declarations (platform, seed, policy, timing) come first, once each; the
 * platform and the timing profile are loaded here, and every device, unit,
 * group, register, container and failure point becomes an index in the
 * statement's slots.
 */
#include <errno.h>
#include <string.h>

#include "iommusim/finj.h"
#include "iommusim/host.h"
#include "iommusim/machine.h"
#include "iommusim/policy.h"
#include "iommusim/timing.h"
#include "spec.h"

#ifndef IMS_MODELS_DIR
#define IMS_MODELS_DIR "models"
#endif

struct resolver {
	struct ims_trace *t;
	struct errlist el;
	const char *dir;
	const struct ims_trace_options *opt;
	GHashTable *containers;   /* name -> slot + 1 of the open container */
	const struct stmt *decl[V_TIMING + 1];
};

#define RERR(r, st, ...) errlist_add(&(r)->el, (st)->line, __VA_ARGS__)

const char *models_dir(const struct ims_trace_options *options)
{
	const char *env = g_getenv("IOMMUSIM_MODELS");

	if (options && options->models_dir)
		return options->models_dir;
	return env && *env ? env : IMS_MODELS_DIR;
}

/* `name` as given (absolute), beside the trace, then in models/SUB. */
static char *find_model_file(const char *dir, const char *models,
			     const char *sub, const char *name)
{
	char *p;

	if (g_path_is_absolute(name))
		return g_file_test(name, G_FILE_TEST_IS_REGULAR) ?
			       g_strdup(name) : NULL;
	if (dir) {
		p = g_build_filename(dir, name, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
			return p;
		g_free(p);
	}
	p = g_build_filename(models, sub, name, NULL);
	if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
		return p;
	g_free(p);
	return NULL;
}

static bool collect_decls(struct resolver *r)
{
	const struct stmt *body = NULL;

	for (unsigned i = 0; i < r->t->stmts->len; i++) {
		const struct stmt *st = &g_array_index(r->t->stmts,
						       struct stmt, i);

		if (st->verb > V_TIMING) {
			body = body ? body : st;
			continue;
		}
		if (r->decl[st->verb])
			RERR(r, st, "second '%s' (first at line %u)",
			     verb_name(st->verb), r->decl[st->verb]->line);
		else if (body)
			RERR(r, st, "'%s' must come before the first statement "
			     "that runs", verb_name(st->verb));
		else
			r->decl[st->verb] = st;
	}
	if (!r->el.count && body && !r->decl[V_PLATFORM])
		RERR(r, body, "no 'platform' statement before this one");
	return r->el.count == 0;
}

static bool load_platform(struct resolver *r)
{
	const struct stmt *st = r->decl[V_PLATFORM];
	GError *local = NULL;

	if (!st)
		return true;
	r->t->platform_name = g_strdup(st->name);
	r->t->platform_path = find_model_file(r->dir, models_dir(r->opt),
					      "platforms", st->name);
	if (!r->t->platform_path) {
		RERR(r, st, "platform '%s' not found (beside the trace or in "
		     "%s/platforms)", st->name, models_dir(r->opt));
		return false;
	}
	r->t->platform = ims_platform_load(r->t->platform_path, &local);
	if (!r->t->platform) {
		RERR(r, st, "%s", local->message);
		g_error_free(local);
		return false;
	}
	return true;
}

/*
 * A platform that loads may still describe hardware the models refuse
 * (CAP without a usable SAGAW...). Building the machine and booting the
 * host once here keeps "nothing half-run": such a platform is an input
 * error (exit 2), not a failure of the first statement.
 */
static bool trial_boot(struct resolver *r)
{
	struct ims_host_config hc = { .prefer_queued_invalidation = true };
	const struct stmt *st = r->decl[V_PLATFORM];
	struct ims_sim *sim = ims_sim_new(0);
	struct ims_machine *machine = NULL;
	struct ims_host *host = NULL;
	GError *local = NULL;
	int rc = 0;

	if (!st || !sim) {
		ims_sim_free(sim);
		return true;
	}
	machine = ims_machine_create(sim, r->t->platform, &local);
	if (!machine) {
		RERR(r, st, "%s", local->message);
		g_error_free(local);
	} else {
		rc = ims_host_boot(sim, r->t->platform, &hc, &host);
		if (rc < 0)
			RERR(r, st, "%s: the modelled host does not boot (%s)",
			     r->t->platform_path, names_errno_name(-rc) ?
			     names_errno_name(-rc) : "error");
	}
	if (host)
		ims_host_shutdown(host);
	ims_machine_destroy(machine);
	ims_sim_free(sim);
	return machine && rc == 0;
}

static bool load_timing(struct resolver *r)
{
	const struct stmt *st = r->decl[V_TIMING];
	const char *name = st ? st->name : "default";
	const char *dir = r->dir;
	struct ims_clock clock = { 0 };
	GError *local = NULL;
	g_autofree char *path = NULL;
	unsigned line = st ? st->line : 1;

	if (r->opt && r->opt->timing) {
		name = r->opt->timing;
		dir = ".";
	}
	r->t->timing_name = g_strdup(name);
	if (strcmp(name, "off") == 0) {
		memset(r->t->cost, 0, sizeof(r->t->cost));
		return true;
	}
	path = find_model_file(strchr(name, '/') ? dir : NULL,
			       models_dir(r->opt), "timing", name);
	if (!path) {
		errlist_add(&r->el, line, "timing profile '%s' not found (in "
			    "%s/timing)", name, models_dir(r->opt));
		return false;
	}
	if (!ims_timing_load(&clock, path, &local)) {
		errlist_add(&r->el, line, "%s", local->message);
		g_error_free(local);
		return false;
	}
	memcpy(r->t->cost, clock.cost, sizeof(r->t->cost));
	return true;
}

static bool choose_policy(struct resolver *r)
{
	const struct stmt *st = r->decl[V_POLICY];
	const char *name = st ? st->name : ims_policy_default()->name;

	if (r->opt && r->opt->policy)
		name = r->opt->policy;
	if (!ims_policy_find(name)) {
		errlist_add(&r->el, st ? st->line : 1, "unknown policy '%s'%s",
			    name, st && !(r->opt && r->opt->policy) ?
			    "" : " (from the command line)");
		return false;
	}
	r->t->policy = g_strdup(name);
	return true;
}

static void choose_seed(struct resolver *r)
{
	const struct stmt *st = r->decl[V_SEED];

	r->t->seed = st ? st->v[0] : 0;
	if (r->opt && r->opt->has_seed)
		r->t->seed = r->opt->seed;
}

static bool resolve_stmt(struct resolver *r, struct stmt *st);

bool ims_trace_resolve(struct ims_trace *t, const char *dir,
		       const struct ims_trace_options *options,
		       GError **error)
{
	struct resolver r = { .t = t, .dir = dir, .opt = options };

	r.el = (struct errlist){ g_string_new(NULL), 0, t->name };
	r.containers = g_hash_table_new(g_str_hash, g_str_equal);
	ims_platform_free(t->platform);
	t->platform = NULL;
	t->n_containers = 0;
	if (collect_decls(&r) && load_platform(&r) && trial_boot(&r) &&
	    load_timing(&r) && choose_policy(&r)) {
		choose_seed(&r);
		for (unsigned i = 0; i < t->stmts->len &&
				     r.el.count < IMS_TRACE_MAX_ERRORS; i++)
			resolve_stmt(&r, &g_array_index(t->stmts, struct stmt,
							i));
	}
	g_hash_table_destroy(r.containers);
	t->resolved = r.el.count == 0;
	if (!t->resolved)
		g_set_error_literal(error, IMS_TRACE_ERROR,
				    IMS_TRACE_ERROR_RESOLVE, r.el.msg->str);
	g_string_free(r.el.msg, TRUE);
	return t->resolved;
}

/* ---- names of one statement ------------------------------------------ */

static bool container(struct resolver *r, struct stmt *st)
{
	gpointer v = g_hash_table_lookup(r->containers, st->name);

	if (st->verb == V_CONTAINER) {
		if (v) {
			RERR(r, st, "container '%s' is already open (close it "
			     "first)", st->name);
			return false;
		}
		st->v[C_SLOT] = r->t->n_containers++;
		g_hash_table_insert(r->containers, (gpointer)st->name,
				    GUINT_TO_POINTER(st->v[C_SLOT] + 1));
		if (!(st->present & (1u << C_IOMMU)))
			st->v[C_IOMMU] = IOMMU_TYPE1V2;
		return true;
	}
	if (!v) {
		RERR(r, st, "no open container '%s' (create it with "
		     "'container %s')", st->name, st->name);
		return false;
	}
	st->v[C_SLOT] = GPOINTER_TO_UINT(v) - 1;
	if (st->verb == V_CLOSE)
		g_hash_table_remove(r->containers, st->name);
	return true;
}

/* The unit in front of device `d` exists but has no model (SMMUv3). */
static const char *unmodelled_unit(const struct ims_platform *p, int d)
{
	const struct ims_platform_unit *u;

	if (p->devices[d].unit < 0)
		return NULL;
	u = &p->units[p->devices[d].unit];
	return u->kind == IMS_UNIT_VTD ? NULL : u->label ? u->label : u->name;
}

static bool group(struct resolver *r, struct stmt *st)
{
	const struct ims_platform *p = r->t->platform;
	bool found = false;

	for (unsigned i = 0; i < p->n_devices; i++) {
		const char *u;

		if (p->devices[i].group != st->v[C_GROUP])
			continue;
		found = true;
		u = unmodelled_unit(p, (int)i);
		if (u) {
			RERR(r, st, "group %" G_GUINT64_FORMAT " has %s behind "
			     "SMMUv3 unit '%s', which is not modelled yet",
			     st->v[C_GROUP], p->devices[i].name, u);
			return false;
		}
	}
	if (found)
		return true;
	RERR(r, st, "no group %" G_GUINT64_FORMAT " on %s", st->v[C_GROUP],
	     r->t->platform_path);
	return false;
}

static bool device(struct resolver *r, struct stmt *st, const char *name,
		   unsigned slot, bool needs_unit)
{
	int d = ims_platform_find_device(r->t->platform, name);

	if (d == -EINVAL) {
		RERR(r, st, "'%s' is not a valid PCI address", name);
		return false;
	}
	if (d < 0) {
		RERR(r, st, "no device '%s' on %s", name, r->t->platform_path);
		return false;
	}
	if (unmodelled_unit(r->t->platform, d)) {
		RERR(r, st, "device '%s' sits behind SMMUv3 unit '%s', which is "
		     "not modelled yet", name, unmodelled_unit(r->t->platform, d));
		return false;
	}
	if (needs_unit && r->t->platform->devices[d].unit < 0) {
		RERR(r, st, "device '%s' has no IOMMU in front of it", name);
		return false;
	}
	st->v[slot] = (uint64_t)d;
	return true;
}

static bool unit(struct resolver *r, struct stmt *st, unsigned slot)
{
	int u = ims_platform_find_unit(r->t->platform, st->name);

	if (u < 0) {
		RERR(r, st, "no IOMMU unit '%s' on %s", st->name,
		     r->t->platform_path);
		return false;
	}
	if (r->t->platform->units[u].kind != IMS_UNIT_VTD) {
		RERR(r, st, "unit '%s': SMMUv3 units are not modelled yet",
		     st->name);
		return false;
	}
	st->v[slot] = (uint64_t)u;
	return true;
}

/* Fault recording registers of a unit, as its CAP says. */
static unsigned unit_records(const struct ims_platform_unit *u)
{
	if (u->has_raw_cap)
		return (unsigned)((u->raw_cap >> 40) & 0xff) + 1;
	return u->fault_records;
}

static bool mmio_register(struct resolver *r, struct stmt *st)
{
	const struct ims_platform_unit *u =
		&r->t->platform->units[st->v[MMIO_UNIT]];
	const struct vtd_reg *reg = NULL;
	unsigned n = 0, width;

	if (g_ascii_strncasecmp(st->name2, "0x", 2) == 0) {
		if (!lex_number(st->name2, (unsigned)strlen(st->name2),
				&st->v[MMIO_REG]) || st->v[MMIO_REG] >= u->size) {
			RERR(r, st, "register offset %s: not inside %s's "
			     "window", st->name2, st->name);
			return false;
		}
		st->v[MMIO_OFFSET] = 1;
		width = 32;
	} else {
		reg = names_vtd_reg(st->name2, &n);
		if (!reg) {
			RERR(r, st, "no VT-d register '%s'", st->name2);
			return false;
		}
		if (reg->base == REG_FRO && n >= unit_records(u)) {
			RERR(r, st, "%s: unit %s has %u fault records", st->name2,
			     st->name, unit_records(u));
			return false;
		}
		st->v[MMIO_REG] = (uint64_t)(uintptr_t)reg;
		st->v[MMIO_N] = n;
		width = reg->width;
	}
	if (!(st->present & (1u << MMIO_WIDTH)))
		st->v[MMIO_WIDTH] = width;
	width = (unsigned)st->v[MMIO_WIDTH];
	if (st->v[MMIO_OFFSET] && st->v[MMIO_REG] % (width / 8)) {
		RERR(r, st, "offset %s is not aligned to %u bits", st->name2,
		     width);
		return false;
	}
	if (st->v[MMIO_ACCESS] == ACC_WRITE && width == 32 &&
	    st->v[MMIO_VALUE] > UINT32_MAX) {
		RERR(r, st, "value=0x%" G_GINT64_MODIFIER "x does not fit in 32 "
		     "bits", st->v[MMIO_VALUE]);
		return false;
	}
	return true;
}

static bool point(struct resolver *r, struct stmt *st)
{
	int p = ims_finj_lookup(st->name);

	if (p < 0) {
		RERR(r, st, "no fault-injection point '%s' (see 'iommusim "
		     "faults --list')", st->name);
		return false;
	}
	st->v[INJ_POINT] = (uint64_t)p;
	if (!(st->present & (1u << INJ_ERRNO)))
		st->v[INJ_ERRNO] = (uint64_t)ims_finj_default_errno(p);
	return true;
}

static bool resolve_stmt(struct resolver *r, struct stmt *st)
{
	switch (st->verb) {
	case V_CONTAINER: case V_INFO: case V_CLOSE: case V_MAP: case V_UNMAP:
	case V_EXP_DOMAINS: case V_EXP_MAPPED: case V_EXP_UNMAPPED:
		return container(r, st);
	case V_ATTACH: case V_DETACH:
		return container(r, st) && group(r, st);
	case V_DMA:
		return device(r, st, st->name, DMA_DEV, false);
	case V_EXP_PTE:
		return device(r, st, st->name, XP_DEV, true);
	case V_MMIO:
		return unit(r, st, MMIO_UNIT) && mmio_register(r, st);
	case V_EXP_FAULTS:
		return unit(r, st, XF_UNIT);
	case V_EXP_FAULT_RECORD:
		if (!unit(r, st, XR_UNIT))
			return false;
		if ((st->present & (1u << XR_INDEX)) &&
		    st->v[XR_INDEX] >= unit_records(
			    &r->t->platform->units[st->v[XR_UNIT]])) {
			RERR(r, st, "index=%" G_GUINT64_FORMAT ": unit %s has "
			     "%u fault records", st->v[XR_INDEX], st->name,
			     unit_records(&r->t->platform->units[st->v[XR_UNIT]]));
			return false;
		}
		return !st->name2 || device(r, st, st->name2, XR_SOURCE, true);
	case V_INJECT:
		return point(r, st);
	default:
		return true;
	}
}
