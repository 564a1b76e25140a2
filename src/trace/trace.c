/* SPDX-License-Identifier: MIT */
/* A trace's life: read, split into lines and parsed, resolved, freed. */
#include <errno.h>
#include <string.h>

#include "trace_priv.h"

G_DEFINE_QUARK(ims-trace-error-quark, ims_trace_error)

static struct ims_trace *trace_new(const char *name, guint lines)
{
	struct ims_trace *t = g_new0(struct ims_trace, 1);

	t->name = g_strdup(name);
	/* Sized up front: a million-line trace then never reallocates. */
	t->stmts = g_array_sized_new(FALSE, FALSE, sizeof(struct stmt), lines);
	t->expects = g_array_new(FALSE, FALSE, sizeof(struct expect));
	t->strings = g_string_chunk_new(4096);
	return t;
}

void ims_trace_free(struct ims_trace *t)
{
	if (!t)
		return;
	g_free(t->name);
	g_free(t->text);
	g_array_free(t->stmts, TRUE);
	g_array_free(t->expects, TRUE);
	g_string_chunk_free(t->strings);
	ims_platform_free(t->platform);
	g_free(t->platform_path);
	g_free(t->platform_name);
	g_free(t->policy);
	g_free(t->timing_name);
	g_free(t);
}

/* Line number (1-based) of byte `pos`. */
static unsigned line_of(const char *data, size_t pos)
{
	unsigned line = 1;

	for (size_t i = 0; i < pos; i++)
		line += data[i] == '\n';
	return line;
}

static bool check_encoding(const char *data, size_t len, struct errlist *el)
{
	const char *end = NULL;

	if (len > UINT32_MAX) {
		errlist_add(el, 1, "file larger than 4 GiB");
		return false;
	}
	if (g_utf8_validate(data, (gssize)len, &end))
		return true;
	errlist_add(el, line_of(data, (size_t)(end - data)),
		    *end ? "not valid UTF-8" : "NUL byte in a trace");
	return false;
}

static guint count_lines(const char *data, size_t len)
{
	guint n = 1;

	for (const char *p = data; (p = memchr(p, '\n', len - (size_t)(p - data)));
	     p++)
		n++;
	return n;
}

struct ims_trace *ims_trace_parse(const char *data, size_t len,
				  const char *name, GError **error)
{
	struct ims_trace *t = trace_new(name, count_lines(data, len));
	struct errlist el = { g_string_new(NULL), 0, name };
	size_t pos = 0;
	unsigned line = 1;

	if (check_encoding(data, len, &el)) {
		t->text = g_malloc(len + 1);
		memcpy(t->text, data, len);
		t->text[len] = '\0';
		t->text_len = len;
		/* A UTF-8 byte order mark (what some editors write first) is
		 * not part of line 1. */
		if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
			pos = 3;
		while (pos < len && el.count < IMS_TRACE_MAX_ERRORS) {
			const char *nl = memchr(t->text + pos, '\n', len - pos);
			size_t end = nl ? (size_t)(nl - t->text) : len;

			parse_line(t, &el, line++, t->text + pos,
				   (unsigned)(end - pos), (uint32_t)pos);
			pos = end + 1;
		}
	}
	if (el.count) {
		g_set_error_literal(error, IMS_TRACE_ERROR,
				    IMS_TRACE_ERROR_SYNTAX, el.msg->str);
		g_string_free(el.msg, TRUE);
		ims_trace_free(t);
		return NULL;
	}
	g_string_free(el.msg, TRUE);
	return t;
}

struct ims_trace *ims_trace_load(const char *path,
				 const struct ims_trace_options *options,
				 GError **error)
{
	g_autofree char *data = NULL;
	g_autofree char *dir = NULL;
	GError *local = NULL;
	struct ims_trace *t;
	gsize len = 0;

	if (!g_file_get_contents(path, &data, &len, &local)) {
		/* GLib's message repeats the path; say it as gcc would. */
		const char *why = local->code == G_FILE_ERROR_NOENT ?
					  "No such file or directory" :
				  local->code == G_FILE_ERROR_ACCES ?
					  "Permission denied" :
				  local->code == G_FILE_ERROR_ISDIR ?
					  "Is a directory" : local->message;

		g_set_error(error, IMS_TRACE_ERROR, IMS_TRACE_ERROR_IO,
			    "%s: cannot read: %s", path, why);
		g_error_free(local);
		return NULL;
	}
	t = ims_trace_parse(data, len, path, error);
	if (!t)
		return NULL;
	dir = g_path_get_dirname(path);
	if (!ims_trace_resolve(t, dir, options, error)) {
		ims_trace_free(t);
		return NULL;
	}
	return t;
}

const char *ims_trace_name(const struct ims_trace *t)
{
	return t->name;
}

unsigned ims_trace_n_statements(const struct ims_trace *t)
{
	return t->stmts->len;
}
