/* SPDX-License-Identifier: MIT */
/*
 * Private to src/trace. A parsed trace is an array of compact statements
 * (struct stmt), one per non-blank line, pointing back into the file text
 * it was read from. Each verb keeps its arguments in `v[]` at the slots its
 * spec (spec.c) names; names that resolution turns into indices (devices,
 * units, containers, registers, failure points) live there too, so the
 * runner never looks a name up.
 */
#ifndef IMS_TRACE_PRIV_H
#define IMS_TRACE_PRIV_H

#include "iommusim/clock.h"
#include "iommusim/platform.h"
#include "iommusim/trace.h"

enum verb {
	V_PLATFORM, V_SEED, V_POLICY, V_TIMING, /* declarations */
	V_HOSTMEM, V_LIMIT,
	V_CONTAINER, V_ATTACH, V_DETACH, V_MAP, V_UNMAP, V_INFO, V_CLOSE,
	V_DMA, V_MMIO, V_MEM,
	V_EXP_DOMAINS, V_EXP_MAPPED, V_EXP_UNMAPPED, V_EXP_PTE, V_EXP_LOCKED,
	V_EXP_PINNED, V_EXP_FAULTS, V_EXP_FAULT_RECORD, V_EXP_STAT,
	V_INJECT,
	V__COUNT
};

#define STMT_SLOTS 8

/* What `=>` may state (bit i = expectation kind i). */
enum expect_kind {
	EX_OK, EX_ERRNO, EX_FAULT, EX_PHYS, EX_REASON, EX_EVENT, EX_LATENCY,
	EX_VALUE, EX_UNMAPPED, EX_PGSIZES,
	EX__COUNT
};

struct expect {
	uint16_t has;            /* bit per enum expect_kind */
	uint8_t reason, event;
	int err;                 /* positive errno */
	uint64_t phys, latency, value, unmapped, pgsizes;
};

struct stmt {
	uint32_t line;
	uint32_t text_off, text_len;  /* the line without comment, trimmed */
	uint8_t verb;
	bool has_cycle;
	uint32_t present;             /* bit per slot that was given */
	int32_t expect;               /* index into trace->expects, -1: none */
	uint64_t cycle;
	uint64_t v[STMT_SLOTS];
	const char *name;             /* interned: container, device, unit,
					 stat, point, path, profile, policy */
	const char *name2;            /* register name (mmio) */
};

struct ims_trace {
	char *name;          /* file name as given */
	char *text;          /* the whole file, owned */
	size_t text_len;
	GArray *stmts;       /* struct stmt */
	GArray *expects;     /* struct expect */
	GStringChunk *strings;
	/* Filled by resolution. */
	bool resolved;
	struct ims_platform *platform;
	char *platform_path;
	char *platform_name;  /* PATH as the trace wrote it: output shows this,
	                       * so it does not depend on where the tree lives */
	uint64_t seed;
	char *policy;
	char *timing_name;   /* "off", a profile name, or a path */
	uint32_t cost[IMS_COST__COUNT];
	/* Container slots: resolution gives each `container` statement a new
	 * one (v[C_SLOT]); later statements naming it carry the same. */
	unsigned n_containers;
};

/* ---- lex.c: tokens and numbers ---------------------------------------- */

struct token {
	const char *s;
	unsigned len;
};

#define MAX_TOKENS 32

/* Parses a number (decimal / 0x hex, optional K M G). */
bool lex_number(const char *s, unsigned len, uint64_t *out);
/* The token is exactly `word`. Hot in parsing: no strlen, stops at the
 * first difference (a NUL in `word` is one). */
static inline bool tok_eq(const struct token *t, const char *word)
{
	for (unsigned i = 0; i < t->len; i++)
		if (word[i] != t->s[i] || word[i] == '\0')
			return false;
	return word[t->len] == '\0';
}

/* ---- names.c: fixed vocabularies -------------------------------------- */

int names_errno_lookup(const char *s, unsigned len);
const char *names_errno_name(int err);
int names_smmu_event_lookup(const char *s, unsigned len);
const char *names_smmu_event_name(unsigned id);

/* VT-d registers that trace statements may name. */
enum vtd_reg_base { REG_FIXED, REG_IRO, REG_FRO };
struct vtd_reg {
	const char *name;
	enum vtd_reg_base base;
	uint32_t offset;   /* from 0, from IRO * 16 or from FRO * 16 + 16 n */
	unsigned width;    /* natural width in bits */
};
/* By name; FRCDn / FRCDnH set *n. NULL if not a register name. */
const struct vtd_reg *names_vtd_reg(const char *name, unsigned *n);

/* ---- spec.c / parse.c ------------------------------------------------- */

const char *verb_name(enum verb v);

struct errlist {
	GString *msg;
	unsigned count;
	const char *file;
};
void errlist_add(struct errlist *el, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Parses one line (without its newline) into `st` (and maybe an expect). */
bool parse_line(struct ims_trace *t, struct errlist *el, unsigned line,
		const char *s, unsigned len, uint32_t off);

/* check.c: value ranges and defaults of one parsed statement. */
bool check_stmt(struct ims_trace *t, struct errlist *el, struct stmt *st);

/* ---- resolve.c -------------------------------------------------------- */

const char *models_dir(const struct ims_trace_options *options);

#endif
