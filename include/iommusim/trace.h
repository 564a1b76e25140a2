/* SPDX-License-Identifier: MIT */
/*
 * Traces: section 2 of trace-format.md. A trace is read in two phases that
 * both finish before anything runs: parsing (syntax of every line) and
 * resolution (the platform is loaded, the timing profile read, and every
 * device, unit, group, register, container, policy and failure-point name
 * checked against them). Only a trace that passed both can be run.
 *
 * Errors are GError messages "FILE:LINE: message", one line per problem
 * (at most IMS_TRACE_MAX_ERRORS of them), in the domain IMS_TRACE_ERROR.
 * docs/trace.md documents every statement, expectation and default.
 */
#ifndef IOMMUSIM_TRACE_H
#define IOMMUSIM_TRACE_H

#include <stdio.h>

#include <glib.h>

#include "iommusim/types.h"

/* The trace-format version this library implements (trace-format.md). */
#define IMS_TRACE_FORMAT_VERSION 1
/* The version of the --json document (bumped on any incompatible change). */
#define IMS_TRACE_JSON_VERSION 1
/* Errors reported per trace before giving up. */
#define IMS_TRACE_MAX_ERRORS 20

#define IMS_TRACE_ERROR (ims_trace_error_quark())
GQuark ims_trace_error_quark(void);

enum ims_trace_error_code {
	IMS_TRACE_ERROR_IO,      /* the trace file could not be read */
	IMS_TRACE_ERROR_SYNTAX,  /* a line does not parse */
	IMS_TRACE_ERROR_RESOLVE, /* a name, platform or profile is wrong */
};

struct ims_trace;

/* Command-line overrides; NULL / false fields leave the trace's choice. */
struct ims_trace_options {
	bool has_seed;
	uint64_t seed;          /* overrides `seed N` (default 0) */
	const char *policy;     /* overrides `policy` (default type1-2014) */
	const char *timing;     /* profile name or path, or "off" */
	/* Where models/platforms and models/timing live; NULL: the
	 * $IOMMUSIM_MODELS environment variable, else the source tree's. */
	const char *models_dir;
};

/*
 * Parses `len` bytes of trace text (no NUL needed). `name` is the file name
 * used in messages. Syntax only: names are not resolved. Never fails on a
 * malformed input other than by returning NULL with `error` set.
 */
struct ims_trace *ims_trace_parse(const char *data, size_t len,
				  const char *name, GError **error);

/*
 * Resolves a parsed trace: loads its platform (relative to `dir`, the
 * trace's directory, then models/platforms/), its timing profile and
 * policy (after `options`), and checks every name. Returns false with
 * `error` set ("FILE:LINE: ..."); the trace cannot be run then.
 */
bool ims_trace_resolve(struct ims_trace *trace, const char *dir,
		       const struct ims_trace_options *options,
		       GError **error);

/* ims_trace_parse + ims_trace_resolve on a file. */
struct ims_trace *ims_trace_load(const char *path,
				 const struct ims_trace_options *options,
				 GError **error);
void ims_trace_free(struct ims_trace *trace);

const char *ims_trace_name(const struct ims_trace *trace);
/* Statements (not counting comments and blank lines). */
unsigned ims_trace_n_statements(const struct ims_trace *trace);

/* ---- running --------------------------------------------------------- */

enum ims_trace_verbosity {
	IMS_TRACE_QUIET,   /* nothing but what the caller prints */
	IMS_TRACE_NORMAL,  /* each failed expectation on `err` */
	IMS_TRACE_VERBOSE, /* also each statement and outcome on `out` */
};

struct ims_trace_run_config {
	enum ims_trace_verbosity verbosity;
	FILE *out;   /* verbose lines; NULL = stdout */
	FILE *err;   /* "FILE:LINE: expected X, got Y"; NULL = stderr */
	bool record; /* keep per-statement outcomes (needed for JSON) */
	/* After each statement that changes a container, run vfio's full
	 * consistency check (O(pages)); a broken invariant fails the
	 * statement. */
	bool check_invariants;
};

struct ims_trace_result;

/*
 * Runs a resolved trace from a fresh simulation (`cfg` NULL: normal
 * verbosity, stdout/stderr, nothing recorded). Returns the result (never
 * NULL); `ims_trace_result_failed` tells whether any statement failed.
 * A trace can be run any number of times; each run is independent and
 * gives the same result.
 */
struct ims_trace_result *ims_trace_run(struct ims_trace *trace,
				       const struct ims_trace_run_config *cfg);
void ims_trace_result_free(struct ims_trace_result *result);

unsigned ims_trace_result_passed(const struct ims_trace_result *result);
unsigned ims_trace_result_failed(const struct ims_trace_result *result);

/*
 * Appends the result as one element of the JSON document's "traces" array
 * (see docs/trace.md). Requires cfg->record for the statement list.
 */
struct _JsonBuilder;
void ims_trace_result_to_json(const struct ims_trace_result *result,
			      struct _JsonBuilder *builder);
/* Final counters of the run, in name order. */
int ims_trace_result_foreach_stat(const struct ims_trace_result *result,
				  int (*fn)(const char *name, uint64_t value,
					    void *data),
				  void *data);

/* ---- names the CLI lists ---------------------------------------------- */

/* Usage line of the i-th statement ("dma DEV read|write iova=A ..."),
 * NULL past the last: `iommusim run --help` lists them. */
const char *ims_trace_verb_usage(unsigned i);

/* Symbolic errno ("EINVAL") for a positive errno, or NULL. */
const char *ims_trace_errno_name(int err);
/* Positive errno for a name, or -ENOENT. */
int ims_trace_errno_lookup(const char *name);
/* A number as a trace writes it (decimal, 0x hex, K/M/G suffix): the CLI
 * reads --seed with it. 0, or -EINVAL. */
int ims_trace_parse_number(const char *s, uint64_t *out);

#endif
