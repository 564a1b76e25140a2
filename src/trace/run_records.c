/* SPDX-License-Identifier: MIT */
/*
 * Checks that read what software could read: VT-d fault recording
 * registers over MMIO (CAP.NFR and CAP.FRO locate them, VT-d spec 10.4.14)
 * and page-table entries from simulated memory (host.h's inspector).
 */
#include <errno.h>
#include <string.h>

#include "run_priv.h"

#define U64 "0x%" G_GINT64_MODIFIER "x"
/* Names are at most 255 bytes (parse.c). */
#define IMS_TRACE_NAME_BUF 256

struct frcd {
	uint64_t lo, hi;
};

/* FRCD fields (VT-d 10.4.14): lo = FI[63:12]; hi = SID[15:0], FR[39:32],
 * T[62] (1 = read), F[63]. */
#define FRCD_F(rec) (((rec)->hi >> 63) & 1)
#define FRCD_READ(rec) (((rec)->hi >> 62) & 1)
#define FRCD_REASON(rec) ((unsigned)(((rec)->hi >> 32) & 0xff))
#define FRCD_SID(rec) ((unsigned)((rec)->hi & 0xffff))
#define FRCD_PAGE(rec) ((rec)->lo & IMS_PAGE_MASK)

struct frcd_file {
	uint64_t base, fro;
	unsigned n;
};

static int frcd_locate(struct runner *r, uint64_t unit, struct frcd_file *f)
{
	uint64_t cap;
	int rc;

	f->base = r->t->platform->units[unit].base;
	rc = ims_bus_read(r->sim->bus, f->base + 0x8, 8, &cap);
	f->fro = ((cap >> 24) & 0x3ff) * 16;
	f->n = (unsigned)((cap >> 40) & 0xff) + 1;
	return rc;
}

static int frcd_read(struct runner *r, const struct frcd_file *f, unsigned i,
		     struct frcd *rec)
{
	uint64_t a = f->base + f->fro + 16 * (uint64_t)i;
	int rc = ims_bus_read(r->sim->bus, a, 8, &rec->lo);

	return rc ? rc : ims_bus_read(r->sim->bus, a + 8, 8, &rec->hi);
}

/* The name a trace would use for the requester `sid` on `unit`: the PCI
 * address or node name of the first such device, else the number. */
static void source_name(const struct ims_platform *p, uint64_t unit,
			unsigned sid, char *buf, size_t n)
{
	for (unsigned i = 0; i < p->n_devices; i++) {
		const struct ims_platform_device *d = &p->devices[i];

		if (d->unit < 0 || (uint64_t)d->unit != unit || d->source != sid)
			continue;
		if (d->bus != IMS_DEV_BUS_PCI)
			g_snprintf(buf, n, "%s", d->name);
		else if (d->segment)
			g_snprintf(buf, n, "%04x:%02x:%02x.%x", d->segment,
				   d->rid >> 8, (d->rid >> 3) & 0x1f, d->rid & 7);
		else
			g_snprintf(buf, n, "%02x:%02x.%x", d->rid >> 8,
				   (d->rid >> 3) & 0x1f, d->rid & 7);
		return;
	}
	g_snprintf(buf, n, "0x%04x", sid);
}

/* A record in the words of `expect fault-record`. */
static void describe(struct runner *r, uint64_t unit, const struct frcd *rec,
		     char *buf, size_t n)
{
	char src[IMS_TRACE_NAME_BUF];

	if (!FRCD_F(rec)) {
		g_snprintf(buf, n, "no valid record");
		return;
	}
	source_name(r->t->platform, unit, FRCD_SID(rec), src, sizeof(src));
	g_snprintf(buf, n, "reason=0x%x source=%s addr=" U64 " type=%s",
		   FRCD_REASON(rec), src, FRCD_PAGE(rec),
		   FRCD_READ(rec) ? "read" : "write");
}

/* The statement's own fields, as written: "index=2 reason=0x6 type=read". */
static void wanted(const struct stmt *st, char *buf, size_t n)
{
	size_t len;

	buf[0] = '\0';
	if (SHAS(st, XR_INDEX))
		g_snprintf(buf, n, "index=%" G_GUINT64_FORMAT " ",
			   st->v[XR_INDEX]);
	len = strlen(buf);
	g_snprintf(buf + len, n - len, "reason=0x%" G_GINT64_MODIFIER "x",
		   st->v[XR_REASON]);
	len = strlen(buf);
	if (st->name2)
		g_snprintf(buf + len, n - len, " source=%s", st->name2);
	len = strlen(buf);
	if (SHAS(st, XR_ADDR))
		g_snprintf(buf + len, n - len, " addr=" U64,
			   st->v[XR_ADDR] & IMS_PAGE_MASK);
	len = strlen(buf);
	if (SHAS(st, XR_TYPE))
		g_snprintf(buf + len, n - len, " type=%s",
			   st->v[XR_TYPE] == ACC_READ ? "read" : "write");
}

static bool record_matches(struct runner *r, const struct stmt *st,
			   const struct frcd *rec)
{
	const struct ims_platform *p = r->t->platform;

	if (!FRCD_F(rec) || FRCD_REASON(rec) != st->v[XR_REASON])
		return false;
	if (st->name2 && FRCD_SID(rec) != p->devices[st->v[XR_SOURCE]].source)
		return false;
	if (SHAS(st, XR_ADDR) &&
	    FRCD_PAGE(rec) != (st->v[XR_ADDR] & IMS_PAGE_MASK))
		return false;
	if (SHAS(st, XR_TYPE) &&
	    FRCD_READ(rec) != (st->v[XR_TYPE] == ACC_READ))
		return false;
	return true;
}

static void run_count(struct runner *r, const struct stmt *st,
		      const struct frcd_file *f)
{
	unsigned valid = 0;
	struct frcd rec;

	for (unsigned i = 0; i < f->n; i++) {
		if (!run_check_errno(r, frcd_read(r, f, i, &rec)))
			return;
		valid += (unsigned)FRCD_F(&rec);
	}
	if (valid != st->v[XF_N])
		run_fail(r, "expected %" G_GUINT64_FORMAT " fault records, got "
			 "%u", st->v[XF_N], valid);
}

static void run_record(struct runner *r, const struct stmt *st,
		       const struct frcd_file *f)
{
	unsigned first = SHAS(st, XR_INDEX) ? (unsigned)st->v[XR_INDEX] : 0;
	unsigned last = SHAS(st, XR_INDEX) ? first + 1 : f->n, valid = 0;
	struct frcd rec, seen = { 0, 0 };
	char got[IMS_TRACE_NAME_BUF + 96], want[IMS_TRACE_NAME_BUF + 96];

	for (unsigned i = first; i < last && i < f->n; i++) {
		if (!run_check_errno(r, frcd_read(r, f, i, &rec)))
			return;
		if (record_matches(r, st, &rec))
			return;
		if (FRCD_F(&rec) && valid++ == 0)
			seen = rec;
	}
	wanted(st, want, sizeof(want));
	if (SHAS(st, XR_INDEX)) {
		describe(r, st->v[XR_UNIT], &rec, got, sizeof(got));
		run_fail(r, "expected fault-record %s, got %s", want, got);
	} else if (valid == 0) {
		run_fail(r, "expected fault-record %s, got no valid record",
			 want);
	} else {
		describe(r, st->v[XR_UNIT], &seen, got, sizeof(got));
		run_fail(r, "expected fault-record %s, got %u valid record%s "
			 "not matching (first: %s)", want, valid,
			 valid == 1 ? "" : "s", got);
	}
}

void run_faults(struct runner *r, const struct stmt *st)
{
	struct frcd_file f;

	if (!run_check_errno(r, frcd_locate(r, st->v[XF_UNIT], &f)))
		return;
	if (st->verb == V_EXP_FAULTS)
		run_count(r, st, &f);
	else
		run_record(r, st, &f);
}

/* ---- PTEs -------------------------------------------------------------- */

static void pte_describe(int rc, const struct ims_pte_info *pi, char *buf,
			 size_t n)
{
	if (rc < 0 || !pi->present)
		g_snprintf(buf, n, "present=0 (walk stopped at level %u)",
			   pi->level);
	else
		g_snprintf(buf, n, "present=1 r=%d w=%d snp=%d level=%u",
			   pi->r, pi->w, pi->snp, pi->level);
}

static const char *pte_wanted(const struct stmt *st, char *buf, size_t n)
{
	static const struct { unsigned slot; const char *key; } keys[] = {
		{ XP_R, "r" }, { XP_W, "w" }, { XP_SNP, "snp" },
		{ XP_LEVEL, "level" },
	};
	size_t len;

	g_snprintf(buf, n, "present=%d", !SHAS(st, XP_PRESENT) ||
					 st->v[XP_PRESENT]);
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (!SHAS(st, keys[i].slot))
			continue;
		len = strlen(buf);
		g_snprintf(buf + len, n - len, " %s=%" G_GUINT64_FORMAT,
			   keys[i].key, st->v[keys[i].slot]);
	}
	return buf;
}

void run_pte(struct runner *r, const struct stmt *st)
{
	struct ims_pte_info pi = { 0 };
	int rc = ims_host_lookup_pte(r->host, (unsigned)st->v[XP_DEV],
				     st->v[XP_IOVA], &pi);
	bool want_present = !SHAS(st, XP_PRESENT) || st->v[XP_PRESENT];
	bool present = rc == 0 && pi.present, ok = present == want_present;
	char got[96], want[96];

	if (rc < 0 && rc != -ENOENT) {
		run_check_errno(r, rc);
		return;
	}
	if (ok && present) {
		ok = (!SHAS(st, XP_R) || pi.r == st->v[XP_R]) &&
		     (!SHAS(st, XP_W) || pi.w == st->v[XP_W]) &&
		     (!SHAS(st, XP_SNP) || pi.snp == st->v[XP_SNP]) &&
		     (!SHAS(st, XP_LEVEL) || pi.level == st->v[XP_LEVEL]);
	}
	if (ok)
		return;
	pte_describe(rc, &pi, got, sizeof(got));
	run_fail(r, "expected pte %s, got %s", pte_wanted(st, want, sizeof(want)),
		 got);
}
