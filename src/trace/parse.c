/* SPDX-License-Identifier: MIT */
/*
 * One trace line into one struct stmt, driven by the statement table
 * (spec.c). Grammar: `[@CYCLE] VERB POSITIONAL... KEY=VALUE|FLAG...
 * [=> EXPECTATION...]`. Positional arguments come first and in order; keys
 * follow in any order. Every problem is reported, none is fatal to the
 * process: the line is dropped and parsing goes on with the next one.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "spec.h"

#define NAME_MAX_LEN 255

void errlist_add(struct errlist *el, unsigned line, const char *fmt, ...)
{
	va_list ap;

	el->count++;
	if (el->count > IMS_TRACE_MAX_ERRORS)
		return;
	if (el->msg->len)
		g_string_append_c(el->msg, '\n');
	g_string_append_printf(el->msg, "%s:%u: ", el->file, line);
	va_start(ap, fmt);
	g_string_append_vprintf(el->msg, fmt, ap);
	va_end(ap);
}

struct line_ctx {
	struct ims_trace *t;
	struct errlist *el;
	unsigned line;
	const struct verb_spec *spec;
	struct stmt *st;
	struct expect *x;
};

#define PERR(c, ...) errlist_add((c)->el, (c)->line, __VA_ARGS__)

static unsigned tokenize(const char *s, unsigned len, struct token *tok,
			 unsigned max)
{
	unsigned n = 0, i = 0;

	while (i < len) {
		unsigned start;

		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && s[i] != ' ' && s[i] != '\t')
			i++;
		if (n < max) {
			tok[n].s = s + start;
			tok[n].len = i - start;
		}
		n++;
	}
	return n;
}

static const char *intern(struct line_ctx *c, const struct token *t)
{
	char buf[NAME_MAX_LEN + 1];

	if (t->len > NAME_MAX_LEN) {
		PERR(c, "name '%.32s...' is longer than %d bytes", t->s,
		     NAME_MAX_LEN);
		return NULL;
	}
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	return g_string_chunk_insert_const(c->t->strings, buf);
}

static int enum_index(const char *const *words, const struct token *t)
{
	for (int i = 0; words[i]; i++)
		if (tok_eq(t, words[i]))
			return i;
	return -1;
}

static const char *const op_words[] = { "==", "!=", "<", "<=", ">", ">=",
					NULL };

static bool parse_value(struct line_ctx *c, const struct param *p,
			const struct token *val, const char *what)
{
	uint64_t *slot = &c->st->v[p->slot];
	int i;

	switch (p->kind) {
	case P_NAME:
	case P_NAME2: {
		const char *s = intern(c, val);

		if (!s)
			return false;
		if (p->kind == P_NAME)
			c->st->name = s;
		else
			c->st->name2 = s;
		return true;
	}
	case P_NUM:
		if (lex_number(val->s, val->len, slot))
			return true;
		PERR(c, "%s: bad number '%.*s'", what, (int)val->len, val->s);
		return false;
	case P_BOOL:
		if (tok_eq(val, "0") || tok_eq(val, "1")) {
			*slot = val->s[0] == '1';
			return true;
		}
		PERR(c, "%s: expected 0 or 1, got '%.*s'", what, (int)val->len,
		     val->s);
		return false;
	case P_ENUM:
	case P_OP:
		i = enum_index(p->kind == P_OP ? op_words : p->words, val);
		if (i >= 0) {
			*slot = (uint64_t)i;
			return true;
		}
		PERR(c, "%s: unexpected '%.*s'", what, (int)val->len, val->s);
		return false;
	case P_ERRNO:
		i = names_errno_lookup(val->s, val->len);
		if (i > 0) {
			*slot = (uint64_t)i;
			return true;
		}
		PERR(c, "%s: unknown errno name '%.*s'", what, (int)val->len,
		     val->s);
		return false;
	case P_FLAG:
		*slot = 1;
		return true;
	}
	return false;
}

static const struct param *find_key(const struct verb_spec *spec,
				    const struct token *key)
{
	for (unsigned i = 0; i < SPEC_MAX_PARAMS; i++) {
		const struct param *p = &spec->params[i];

		if (p->key && tok_eq(key, p->key))
			return p;
	}
	return NULL;
}

static bool parse_key(struct line_ctx *c, const struct token *tok)
{
	const char *eq = memchr(tok->s, '=', tok->len);
	struct token key = { tok->s, eq ? (unsigned)(eq - tok->s) : tok->len };
	struct token val = { eq ? eq + 1 : NULL,
			     eq ? tok->len - key.len - 1 : 0 };
	const struct param *p = find_key(c->spec, &key);
	char what[64];

	if (!p) {
		PERR(c, "%s: unknown argument '%.*s' (usage: %s)",
		     c->spec->name, (int)tok->len, tok->s, c->spec->usage);
		return false;
	}
	if (c->st->present & (1u << p->slot)) {
		PERR(c, "%s: duplicate argument '%s'", c->spec->name, p->key);
		return false;
	}
	c->st->present |= 1u << p->slot;
	if (p->kind == P_FLAG && eq) {
		PERR(c, "%s: '%s' takes no value", c->spec->name, p->key);
		return false;
	}
	if (p->kind != P_FLAG && (!eq || val.len == 0)) {
		PERR(c, "%s: '%s' needs a value (%s=...)", c->spec->name,
		     p->key, p->key);
		return false;
	}
	g_snprintf(what, sizeof(what), "%s=", p->key);
	return parse_value(c, p, &val, what);
}

static bool parse_args(struct line_ctx *c, const struct token *tok,
		       unsigned n)
{
	const struct verb_spec *spec = c->spec;
	unsigned i = 0, k;
	bool ok = true;

	for (k = 0; k < SPEC_MAX_PARAMS && spec->params[k].kind != P_FLAG &&
		    !spec->params[k].key && spec->params[k].required; k++) {
		const struct param *p = &spec->params[k];

		if (i >= n || (p->kind != P_OP && memchr(tok[i].s, '=',
							  tok[i].len))) {
			PERR(c, "%s: missing argument (usage: %s)", spec->name,
			     spec->usage);
			return false;
		}
		c->st->present |= 1u << p->slot;
		if (!parse_value(c, p, &tok[i++], spec->name))
			return false;
	}
	for (; i < n; i++)
		ok = parse_key(c, &tok[i]) && ok;
	for (k = 0; ok && k < SPEC_MAX_PARAMS; k++) {
		const struct param *p = &spec->params[k];

		if (p->key && p->required && !(c->st->present & (1u << p->slot))) {
			PERR(c, "%s: missing argument '%s=' (usage: %s)",
			     spec->name, p->key, spec->usage);
			ok = false;
		}
	}
	return ok;
}

static const char *const expect_names[EX__COUNT] = {
	[EX_OK] = "ok", [EX_ERRNO] = "ERRNO", [EX_FAULT] = "fault",
	[EX_PHYS] = "phys=", [EX_REASON] = "reason=", [EX_EVENT] = "event=",
	[EX_LATENCY] = "latency<=", [EX_VALUE] = "value=",
	[EX_UNMAPPED] = "unmapped=", [EX_PGSIZES] = "pgsizes=",
};

/* Kind of one expectation token; stores its value. -1 if unknown. */
static int expect_token(struct line_ctx *c, const struct token *t)
{
	static const struct { enum expect_kind kind; const char *prefix; }
	numeric[] = {
		{ EX_PHYS, "phys=" }, { EX_REASON, "reason=" },
		{ EX_LATENCY, "latency<=" }, { EX_VALUE, "value=" },
		{ EX_UNMAPPED, "unmapped=" }, { EX_PGSIZES, "pgsizes=" },
	};
	struct expect *x = c->x;
	uint64_t v;
	int e;

	if (tok_eq(t, "ok"))
		return EX_OK;
	if (tok_eq(t, "fault"))
		return EX_FAULT;
	if (t->len > 6 && memcmp(t->s, "event=", 6) == 0) {
		e = names_smmu_event_lookup(t->s + 6, t->len - 6);
		if (e < 0) {
			PERR(c, "unknown SMMUv3 event '%.*s'", (int)t->len - 6,
			     t->s + 6);
			return -2;
		}
		x->event = (uint8_t)e;
		return EX_EVENT;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(numeric); i++) {
		size_t pl = strlen(numeric[i].prefix);

		if (t->len < pl || memcmp(t->s, numeric[i].prefix, pl) != 0)
			continue;
		if (!lex_number(t->s + pl, t->len - (unsigned)pl, &v)) {
			PERR(c, "expectation %.*s: bad number", (int)t->len,
			     t->s);
			return -2;
		}
		switch (numeric[i].kind) {
		case EX_PHYS: x->phys = v; break;
		case EX_LATENCY: x->latency = v; break;
		case EX_VALUE: x->value = v; break;
		case EX_UNMAPPED: x->unmapped = v; break;
		case EX_PGSIZES: x->pgsizes = v; break;
		default:
			if (v > 0xff) {
				PERR(c, "%.*s: above 0xff", (int)t->len,
				     t->s);
				return -2;
			}
			x->reason = (uint8_t)v;
		}
		return numeric[i].kind;
	}
	e = names_errno_lookup(t->s, t->len);
	if (e > 0) {
		x->err = e;
		return EX_ERRNO;
	}
	PERR(c, "bad expectation '%.*s'", (int)t->len, t->s);
	return -2;
}

static bool expect_conflicts(struct line_ctx *c, uint16_t has)
{
#define HAS(k) (has & (1u << (k)))
	if (HAS(EX_OK) && HAS(EX_ERRNO))
		PERR(c, "expectations 'ok' and an errno contradict each other");
	else if (HAS(EX_FAULT) && (HAS(EX_OK) || HAS(EX_PHYS)))
		PERR(c, "expectation 'fault' contradicts 'ok' and 'phys='");
	else if ((HAS(EX_REASON) || HAS(EX_EVENT)) && !HAS(EX_FAULT))
		PERR(c, "'reason=' and 'event=' qualify 'fault' (write "
			"'fault reason=...')");
	else if (HAS(EX_REASON) && HAS(EX_EVENT))
		PERR(c, "'reason=' (VT-d) and 'event=' (SMMUv3) exclude each "
			"other");
	else if (HAS(EX_ERRNO) && (has & ~(1u << EX_ERRNO)))
		PERR(c, "an errno expectation cannot be combined with others");
	else
		return false;
	return true;
#undef HAS
}

static bool parse_expects(struct line_ctx *c, const struct token *tok,
			  unsigned n)
{
	struct expect x = { 0 };

	c->x = &x;
	if (n == 0) {
		PERR(c, "nothing after '=>'");
		return false;
	}
	for (unsigned i = 0; i < n; i++) {
		int k = expect_token(c, &tok[i]);

		if (k < 0)
			return false;
		if (!(c->spec->expects & (1u << k))) {
			PERR(c, "%s cannot expect '%s'", c->spec->name,
			     expect_names[k]);
			return false;
		}
		if (x.has & (1u << k)) {
			PERR(c, "duplicate expectation '%s'", expect_names[k]);
			return false;
		}
		x.has |= (uint16_t)(1u << k);
	}
	if (expect_conflicts(c, x.has))
		return false;
	c->st->expect = (int32_t)c->t->expects->len;
	g_array_append_val(c->t->expects, x);
	return true;
}



/* Strips the comment and surrounding blanks. */
static void trim_line(const char *s, unsigned *len, unsigned *start)
{
	const char *hash = memchr(s, '#', *len);
	unsigned e = hash ? (unsigned)(hash - s) : *len, b = 0;

	while (b < e && (s[b] == ' ' || s[b] == '\t'))
		b++;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' ||
			 s[e - 1] == '\r'))
		e--;
	*start = b;
	*len = e - b;
}

static bool parse_tokens(struct line_ctx *c, struct token *tok, unsigned n)
{
	unsigned first = 0, used, arrow;
	int verb;

	if (tok[0].s[0] == '@') {
		if (!lex_number(tok[0].s + 1, tok[0].len - 1, &c->st->cycle)) {
			PERR(c, "bad cycle '%.*s'", (int)tok[0].len, tok[0].s);
			return false;
		}
		c->st->has_cycle = true;
		first = 1;
		if (n == 1) {
			PERR(c, "nothing after '%.*s' (write '@CYCLE VERB ...')",
			     (int)tok[0].len, tok[0].s);
			return false;
		}
	}
	verb = spec_lookup(tok + first, n - first, &used);
	if (verb < 0) {
		if (first < n && tok_eq(&tok[first], "expect"))
			PERR(c, "unknown check 'expect %.*s'",
			     first + 1 < n ? (int)tok[first + 1].len : 0,
			     first + 1 < n ? tok[first + 1].s : "");
		else
			PERR(c, "unknown verb '%.*s'",
			     first < n ? (int)tok[first].len : 0,
			     first < n ? tok[first].s : "");
		return false;
	}
	c->st->verb = (uint8_t)verb;
	c->spec = spec_of(verb);
	first += used;
	for (arrow = first; arrow < n && !tok_eq(&tok[arrow], "=>"); arrow++)
		;
	if (!parse_args(c, tok + first, arrow - first))
		return false;
	if (arrow < n && !parse_expects(c, tok + arrow + 1, n - arrow - 1))
		return false;
	return check_stmt(c->t, c->el, c->st);
}

bool parse_line(struct ims_trace *t, struct errlist *el, unsigned line,
		const char *s, unsigned len, uint32_t off)
{
	struct token tok[MAX_TOKENS];
	struct stmt st = { .line = line, .expect = -1 };
	struct line_ctx c = { t, el, line, NULL, &st, NULL };
	unsigned start, n;

	trim_line(s, &len, &start);
	if (len == 0)
		return true;
	st.text_off = off + start;
	st.text_len = len;
	n = tokenize(s + start, len, tok, MAX_TOKENS);
	if (n > MAX_TOKENS) {
		PERR(&c, "more than %d words on one line", MAX_TOKENS);
		return false;
	}
	if (!parse_tokens(&c, tok, n))
		return false;
	g_array_append_val(t->stmts, st);
	return true;
}
