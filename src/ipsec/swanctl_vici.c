/* SPDX-License-Identifier: ISC */
/* From a read swanctl.conf (swanctl_conf.c) to the VICI requests swanctl
 * would send for it: load-conn per connection, load-shared per IKE
 * secret (its value decoded from 0x.../0s... as swanctl does). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "swanctl_priv.h"

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

/* An empty request for item i of n ("connection", "secret"), or NULL
 * with e set: no such item, or no memory. */
static struct vici_msg *request_new(size_t i, size_t n, const char *what,
				    struct azerr *e)
{
	struct vici_msg *m;

	if (i >= n) {
		azerr_set(e, "no %s #%zu", what, i);
		return NULL;
	}
	if ((m = vici_msg_new()) == NULL)
		azerr_set(e, "out of memory");
	return m;
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
	struct vici_msg *m = request_new(i, c->n_conns, "connection", e);

	if (m == NULL)
		return NULL;
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
	const struct snode *s = swan_node_find(sec, "secret");
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
	struct vici_msg *m = request_new(i, c->n_secrets, "secret", e);

	if (m == NULL)
		return NULL;
	if (build_shared(c, m, c->secrets[i], e) < 0) {
		vici_msg_free(m);
		return NULL;
	}
	return m;
}
