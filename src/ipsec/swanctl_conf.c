/* SPDX-License-Identifier: ISC */
/* swanctl.conf reader: a character scanner building a tree of sections
 * and key/value pairs, then the views swanctl has of it (connections,
 * children, ike secrets); their VICI requests are swanctl_vici.c's. Not
 * supported, and reported: `include`, section references
 * (`name : other {`). */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "core/fsutil.h"
#include "core/grow.h"
#include "swanctl_priv.h"

/* swanctl.conf itself goes 5 deep (connections, a connection,
 * children, a child, its keys) */
#define SECTION_DEPTH_MAX 32

struct scan {
	const char *p;
	int line;
	const char *file;
	struct azerr *e;
};

static int scan_err(struct scan *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int scan_err(struct scan *s, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return azerr_set(s->e, "%s:%d: %s", s->file, s->line, msg);
}

static void node_free(struct snode *n)
{
	for (size_t i = 0; i < n->n; i++) {
		node_free(n->kids[i]);
		free(n->kids[i]);
	}
	if (n->value != NULL)
		explicit_bzero(n->value, strlen(n->value));
	free(n->name);
	free(n->value);
	free(n->kids);
}

struct snode *swan_node_find(const struct snode *sec, const char *name)
{
	for (size_t i = 0; i < sec->n; i++)
		if (strcmp(sec->kids[i]->name, name) == 0)
			return sec->kids[i];
	return NULL;
}

/* Adds a key (value != NULL) or a section named name to sec. */
static struct snode *node_add(struct scan *s, struct snode *sec,
			      char *name, char *value)
{
	struct snode *old = swan_node_find(sec, name), *n, **slot;

	if (old != NULL) {
		scan_err(s, "duplicate '%s' (first at line %d)", name,
			 old->line);
		goto fail;
	}
	if ((n = calloc(1, sizeof(*n))) == NULL ||
	    (slot = grow_add(&sec->kids, &sec->n, sizeof(*slot))) == NULL) {
		free(n);
		scan_err(s, "%s", "out of memory");
		goto fail;
	}
	n->name = name;
	n->value = value;
	n->line = s->line;
	*slot = n;
	return n;
fail:
	free(name);
	free(value);
	return NULL;
}

/* Skips blanks, newlines and comments. */
static void skip_space(struct scan *s)
{
	for (;;) {
		if (*s->p == '#')
			while (*s->p != '\0' && *s->p != '\n')
				s->p++;
		if (*s->p == '\n')
			s->line++;
		else if (*s->p != ' ' && *s->p != '\t' && *s->p != '\r')
			return;
		s->p++;
	}
}

static bool name_char(char c)
{
	return c != '\0' && strchr(" \t\r\n{}=#:\"", c) == NULL;
}

/* The value after '=': to the end of the line or a comment, trimmed;
 * surrounding double quotes removed. */
static char *read_value(struct scan *s)
{
	const char *b, *end;

	while (*s->p == ' ' || *s->p == '\t')
		s->p++;
	b = s->p;
	if (*b == '"') {
		end = strchr(b + 1, '"');
		if (end == NULL || memchr(b, '\n', (size_t)(end - b))) {
			scan_err(s, "%s", "unterminated quoted value");
			return NULL;
		}
		s->p = end + 1;
		return strndup(b + 1, (size_t)(end - b - 1));
	}
	while (*s->p != '\0' && *s->p != '\n' && *s->p != '#')
		s->p++;
	end = s->p;
	while (end > b && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\r'))
		end--;
	return strndup(b, (size_t)(end - b));
}

static int parse_section(struct scan *s, struct snode *sec, int depth);

/* One item starting with a name: a section or a key. */
static int parse_item(struct scan *s, struct snode *sec, int depth)
{
	const char *b = s->p;
	struct snode *n;
	char *name;

	while (name_char(*s->p))
		s->p++;
	if (s->p == b)
		return scan_err(s, "unexpected '%.1s'", s->p);
	if ((name = strndup(b, (size_t)(s->p - b))) == NULL)
		return scan_err(s, "%s", "out of memory");
	if (strcmp(name, "include") == 0) {
		free(name);
		return scan_err(s, "%s", "include is not supported");
	}
	skip_space(s);
	if (*s->p == '=') {
		s->p++;
		char *v = read_value(s);

		if (v == NULL) {
			free(name);
			return -1;
		}
		return node_add(s, sec, name, v) ? 0 : -1;
	}
	if (*s->p != '{') {
		scan_err(s, "expected '=' or '{' after '%s'", name);
		free(name);
		return -1;
	}
	/* parsing, freeing and encoding the tree recurse: a bound keeps a
	 * file of a million '{' from overflowing the stack */
	if (depth == SECTION_DEPTH_MAX) {
		scan_err(s, "sections nested deeper than %d",
			 SECTION_DEPTH_MAX);
		free(name);
		return -1;
	}
	s->p++;
	if ((n = node_add(s, sec, name, NULL)) == NULL)
		return -1;
	return parse_section(s, n, depth + 1);
}

/* Items up to the matching '}' (or the end of the text at depth 0). */
static int parse_section(struct scan *s, struct snode *sec, int depth)
{
	int open_line = s->line;

	for (;;) {
		skip_space(s);
		if (*s->p == '\0') {
			if (depth == 0)
				return 0;
			s->line = open_line;
			return scan_err(s, "section '%s' is never closed",
					sec->name);
		}
		if (*s->p == '}') {
			if (depth == 0)
				return scan_err(s, "%s", "'}' without a section");
			s->p++;
			return 0;
		}
		if (parse_item(s, sec, depth) < 0)
			return -1;
	}
}

/* The sections of sec, each one checked to be a section. */
static int collect(struct swan_conf *c, const struct snode *sec,
		   struct snode ***out, size_t *n, bool ike_only,
		   struct azerr *e)
{
	if (sec == NULL)
		return 0;
	if (sec->value != NULL)
		return azerr_set(e, "%s:%d: '%s' must be a section", c->file,
				 sec->line, sec->name);
	*out = calloc(sec->n + 1, sizeof(**out));
	if (*out == NULL)
		return azerr_set(e, "out of memory");
	for (size_t i = 0; i < sec->n; i++) {
		struct snode *k = sec->kids[i];

		if (k->value != NULL)
			return azerr_set(e, "%s:%d: '%s' must be a section",
					 c->file, k->line, k->name);
		if (ike_only && strncmp(k->name, "ike", 3) != 0)
			return azerr_set(e, "%s:%d: secret '%s': only ike "
					 "secrets are supported", c->file,
					 k->line, k->name);
		(*out)[(*n)++] = k;
	}
	return 0;
}

struct swan_conf *swan_conf_parse(const char *text, const char *file,
				  struct azerr *e)
{
	struct swan_conf *c = calloc(1, sizeof(*c));
	struct scan s = { .p = text, .line = 1, .file = file, .e = e };

	if (c == NULL || (c->file = strdup(file)) == NULL) {
		free(c);
		azerr_set(e, "out of memory");
		return NULL;
	}
	if (parse_section(&s, &c->root, 0) < 0 ||
	    collect(c, swan_node_find(&c->root, "connections"), &c->conns,
		    &c->n_conns, false, e) < 0 ||
	    collect(c, swan_node_find(&c->root, "secrets"), &c->secrets,
		    &c->n_secrets, true, e) < 0) {
		swan_conf_free(c);
		return NULL;
	}
	return c;
}

struct swan_conf *swan_conf_load(const char *path, struct azerr *e)
{
	struct swan_conf *c;
	size_t len;
	char *text;

	if ((text = file_read(path, &len)) == NULL) {
		azerr_errno(e, errno, "%s", path);
		return NULL;
	}
	if (strlen(text) != len) {
		free(text);
		azerr_set(e, "%s: contains a NUL byte", path);
		return NULL;
	}
	c = swan_conf_parse(text, path, e);
	explicit_bzero(text, len);
	free(text);
	return c;
}

void swan_conf_free(struct swan_conf *c)
{
	if (c == NULL)
		return;
	node_free(&c->root);
	free(c->conns);
	free(c->secrets);
	free(c->file);
	free(c);
}

size_t swan_conf_n_conns(const struct swan_conf *c)
{
	return c->n_conns;
}

const char *swan_conf_conn_name(const struct swan_conf *c, size_t i)
{
	return i < c->n_conns ? c->conns[i]->name : NULL;
}

static const struct snode *children_of(const struct swan_conf *c, size_t i)
{
	const struct snode *ch;

	if (i >= c->n_conns)
		return NULL;
	ch = swan_node_find(c->conns[i], "children");
	return ch != NULL && ch->value == NULL ? ch : NULL;
}

size_t swan_conf_n_children(const struct swan_conf *c, size_t i)
{
	const struct snode *ch = children_of(c, i);

	return ch != NULL ? ch->n : 0;
}

const char *swan_conf_child_name(const struct swan_conf *c, size_t i,
				 size_t k)
{
	const struct snode *ch = children_of(c, i);

	return ch != NULL && k < ch->n ? ch->kids[k]->name : NULL;
}

static const char *key_get(const struct snode *sec, const char *key)
{
	const struct snode *kv = swan_node_find(sec, key);

	return kv != NULL ? kv->value : NULL;
}

const char *swan_conf_conn_get(const struct swan_conf *c, size_t i,
			       const char *key)
{
	return i < c->n_conns ? key_get(c->conns[i], key) : NULL;
}

const char *swan_conf_child_get(const struct swan_conf *c, size_t i,
				size_t k, const char *key)
{
	const struct snode *ch = children_of(c, i);

	return ch != NULL && k < ch->n ? key_get(ch->kids[k], key) : NULL;
}

size_t swan_conf_n_secrets(const struct swan_conf *c)
{
	return c->n_secrets;
}
