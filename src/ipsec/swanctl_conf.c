/* SPDX-License-Identifier: ISC */
/* swanctl.conf reader: a character scanner building a tree of sections
 * and key/value pairs, then the views swanctl has of it (connections,
 * children, ike secrets) and their VICI requests. Not supported, and
 * reported: `include`, section references (`name : other {`). */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "core/fsutil.h"
#include "core/grow.h"
#include "swanctl_conf.h"

/* swanctl.conf itself goes 5 deep (connections, a connection,
 * children, a child, its keys) */
#define SECTION_DEPTH_MAX 32

struct snode {
	char *name;
	char *value;		/* NULL for a section */
	int line;
	struct snode **kids;
	size_t n;
};

struct swan_conf {
	char *file;
	struct snode root;
	struct snode **conns, **secrets;
	size_t n_conns, n_secrets;
};

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

static struct snode *node_find(const struct snode *sec, const char *name)
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
	struct snode *old = node_find(sec, name), *n, **slot;

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
	    collect(c, node_find(&c->root, "connections"), &c->conns,
		    &c->n_conns, false, e) < 0 ||
	    collect(c, node_find(&c->root, "secrets"), &c->secrets,
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
	ch = node_find(c->conns[i], "children");
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
	const struct snode *kv = node_find(sec, key);

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

/* ---- VICI requests ---- */

/* The keys swanctl sends as lists, split at commas. */
static bool list_key(const char *key)
{
	static const char *const keys[] = {
		"local_addrs", "remote_addrs", "proposals", "vips", "pools",
		"local_ts", "remote_ts", "esp_proposals", "ah_proposals",
		"groups", "cert_policy", "cacerts", "certs", "pubkeys", NULL,
	};
	for (size_t i = 0; keys[i] != NULL; i++)
		if (strcmp(key, keys[i]) == 0)
			return true;
	return false;
}

static int add_list(struct vici_msg *m, const struct snode *kv)
{
	const char *p = kv->value, *end;

	if (vici_begin_list(m, kv->name) < 0)
		return -1;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		end = p + strcspn(p, ",");
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end > p && vici_add_list_item(m, p, (size_t)(end - p)) < 0)
			return -1;
		p = end;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return vici_end_list(m);
}

/* skip: a key left out wherever it appears (NULL: none). */
static int add_section(const struct swan_conf *c, struct vici_msg *m,
		       const struct snode *sec, const char *skip,
		       struct azerr *e)
{
	int rc;

	if (vici_begin_section(m, sec->name) < 0)
		return azerr_set(e, "%s:%d: bad section '%s'", c->file,
				 sec->line, sec->name);
	for (size_t i = 0; i < sec->n; i++) {
		const struct snode *k = sec->kids[i];

		if (skip != NULL && k->value != NULL &&
		    strcmp(k->name, skip) == 0)
			continue;
		if (k->value == NULL)
			rc = add_section(c, m, k, skip, e);
		else if (list_key(k->name))
			rc = add_list(m, k);
		else
			rc = vici_add_kv_str(m, k->name, k->value);
		if (rc < 0 && k->value != NULL)
			return azerr_set(e, "%s:%d: bad value for '%s' (too "
					 "long?)", c->file, k->line, k->name);
		if (rc < 0)
			return -1;
	}
	return vici_end_section(m);
}

struct vici_msg *swan_conf_load_conn_msg(const struct swan_conf *c,
					 size_t i, struct azerr *e)
{
	return swan_conf_load_conn_msg_skip(c, i, NULL, e);
}

struct vici_msg *swan_conf_load_conn_msg_skip(const struct swan_conf *c,
					      size_t i, const char *skip,
					      struct azerr *e)
{
	struct vici_msg *m;

	if (i >= c->n_conns) {
		azerr_set(e, "no connection #%zu", i);
		return NULL;
	}
	if ((m = vici_msg_new()) == NULL) {
		azerr_set(e, "out of memory");
		return NULL;
	}
	if (add_section(c, m, c->conns[i], skip, e) < 0) {
		vici_msg_free(m);
		return NULL;
	}
	return m;
}

static int hex_val(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static int b64_val(int ch)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = ch != '\0' ? strchr(abc, ch) : NULL;

	return p != NULL ? (int)(p - abc) : -1;
}

static ssize_t hex_decode(const char *s, unsigned char *out)
{
	size_t n = strlen(s);

	if (n == 0 || n % 2 != 0)
		return -1;
	for (size_t i = 0; i < n; i += 2) {
		int hi = hex_val(s[i]), lo = hex_val(s[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i / 2] = (unsigned char)(hi << 4 | lo);
	}
	return (ssize_t)(n / 2);
}

static ssize_t b64_decode(const char *s, unsigned char *out)
{
	size_t n = strlen(s), o = 0;
	unsigned acc = 0;
	int bits = 0, v;

	while (n > 0 && s[n - 1] == '=')
		n--;
	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if ((v = b64_val(s[i])) < 0)
			return -1;
		acc = (acc << 6 | (unsigned)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	return (ssize_t)o;
}

/* The secret's bytes: 0x hex, 0s base64, else the string itself. */
static ssize_t secret_bytes(const char *v, unsigned char *out)
{
	if (strncmp(v, "0x", 2) == 0)
		return hex_decode(v + 2, out);
	if (strncmp(v, "0s", 2) == 0)
		return b64_decode(v + 2, out);
	memcpy(out, v, strlen(v));
	return (ssize_t)strlen(v);
}

static int add_owners(const struct swan_conf *c, struct vici_msg *m,
		      const struct snode *sec, struct azerr *e)
{
	if (vici_begin_list(m, "owners") < 0)
		return azerr_set(e, "out of memory");
	for (size_t i = 0; i < sec->n; i++) {
		const struct snode *k = sec->kids[i];

		if (k->value == NULL)
			return azerr_set(e, "%s:%d: unexpected section '%s' "
					 "in secret '%s'", c->file, k->line,
					 k->name, sec->name);
		if (strncmp(k->name, "id", 2) == 0) {
			if (vici_add_list_item_str(m, k->value) < 0)
				return azerr_set(e, "%s:%d: bad id", c->file,
						 k->line);
		} else if (strcmp(k->name, "secret") != 0)
			return azerr_set(e, "%s:%d: unknown key '%s' in secret "
					 "'%s'", c->file, k->line, k->name,
					 sec->name);
	}
	return vici_end_list(m);
}

static int build_shared(const struct swan_conf *c, struct vici_msg *m,
			const struct snode *sec, struct azerr *e)
{
	const struct snode *s = node_find(sec, "secret");
	unsigned char *buf;
	ssize_t n;
	int rc;

	if (s == NULL || s->value == NULL)
		return azerr_set(e, "%s:%d: secret '%s' has no 'secret' key",
				 c->file, sec->line, sec->name);
	if ((buf = malloc(strlen(s->value) + 1)) == NULL)
		return azerr_set(e, "out of memory");
	n = secret_bytes(s->value, buf);
	if (n < 0)
		rc = azerr_set(e, "%s:%d: secret of '%s' is not valid %s",
			       c->file, s->line, sec->name,
			       s->value[1] == 'x' ? "hex" : "base64");
	else
		rc = vici_add_kv_str(m, "id", sec->name) |
		     vici_add_kv_str(m, "type", "IKE") |
		     vici_add_kv(m, "data", buf, (size_t)n);
	explicit_bzero(buf, strlen(s->value) + 1);
	free(buf);
	if (rc < 0 && n >= 0)
		return azerr_set(e, "%s:%d: secret of '%s' is too long",
				 c->file, s->line, sec->name);
	return rc < 0 ? -1 : add_owners(c, m, sec, e);
}

struct vici_msg *swan_conf_load_shared_msg(const struct swan_conf *c,
					   size_t i, struct azerr *e)
{
	struct vici_msg *m;

	if (i >= c->n_secrets) {
		azerr_set(e, "no secret #%zu", i);
		return NULL;
	}
	if ((m = vici_msg_new()) == NULL) {
		azerr_set(e, "out of memory");
		return NULL;
	}
	if (build_shared(c, m, c->secrets[i], e) < 0) {
		vici_msg_free(m);
		return NULL;
	}
	return m;
}
