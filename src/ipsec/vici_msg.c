/* SPDX-License-Identifier: ISC */
/* VICI messages: a flat array of elements, built by the vici_add_* calls
 * or by a strict decoder, encoded to the wire format on demand. Names and
 * values are kept NUL-terminated so lookups can hand out C strings. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vici.h"
#include "core/grow.h"

#define NAME_MAX_LEN	255
#define VALUE_MAX_LEN	65535

struct elem {
	uint8_t type;
	char *name;	/* section, key or list name; NULL otherwise */
	char *val;	/* key or item value, NUL-terminated; NULL otherwise */
	size_t len;	/* value length without the NUL */
};

struct vici_msg {
	struct elem *v;
	size_t n, cap;
	int depth;	/* open sections */
	bool in_list;
	bool broken;	/* a builder call failed: refuse to encode */
};

struct vici_msg *vici_msg_new(void)
{
	return calloc(1, sizeof(struct vici_msg));
}

void vici_msg_free(struct vici_msg *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].name);
		free(m->v[i].val);
	}
	free(m->v);
	free(m);
}

static char *dup_bytes(const void *p, size_t len)
{
	char *s = malloc(len + 1);

	if (s == NULL)
		return NULL;
	if (len > 0)
		memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

/* Appends an element, copying name (name_len bytes) and value. */
static int push(struct vici_msg *m, uint8_t type, const char *name,
		size_t name_len, const void *val, size_t len)
{
	struct elem *el;

	if (grow(&m->v, &m->cap, m->n + 1, sizeof(*m->v)) < 0)
		return -1;
	el = &m->v[m->n];
	memset(el, 0, sizeof(*el));
	el->type = type;
	if (name != NULL && (el->name = dup_bytes(name, name_len)) == NULL)
		return -1;
	if (val != NULL && (el->val = dup_bytes(val, len)) == NULL) {
		free(el->name);
		return -1;
	}
	el->len = len;
	m->n++;
	return 0;
}

static int fail(struct vici_msg *m)
{
	if (m != NULL)
		m->broken = true;
	return -1;
}

static bool name_ok(const char *name)
{
	return name != NULL && name[0] != '\0' &&
	       strlen(name) <= NAME_MAX_LEN;
}

int vici_add_kv(struct vici_msg *m, const char *key, const void *val,
		size_t len)
{
	if (m == NULL || m->in_list || !name_ok(key) || len > VALUE_MAX_LEN ||
	    (val == NULL && len > 0))
		return fail(m);
	if (push(m, VICI_KEY_VALUE, key, strlen(key), val ? val : "", len))
		return fail(m);
	return 0;
}

int vici_add_kv_str(struct vici_msg *m, const char *key, const char *val)
{
	if (val == NULL)
		return fail(m);
	return vici_add_kv(m, key, val, strlen(val));
}

int vici_begin_section(struct vici_msg *m, const char *name)
{
	if (m == NULL || m->in_list || !name_ok(name))
		return fail(m);
	if (push(m, VICI_SECTION_START, name, strlen(name), NULL, 0) < 0)
		return fail(m);
	m->depth++;
	return 0;
}

int vici_end_section(struct vici_msg *m)
{
	if (m == NULL || m->in_list || m->depth == 0)
		return fail(m);
	if (push(m, VICI_SECTION_END, NULL, 0, NULL, 0) < 0)
		return fail(m);
	m->depth--;
	return 0;
}

int vici_begin_list(struct vici_msg *m, const char *name)
{
	if (m == NULL || m->in_list || !name_ok(name))
		return fail(m);
	if (push(m, VICI_LIST_START, name, strlen(name), NULL, 0) < 0)
		return fail(m);
	m->in_list = true;
	return 0;
}

int vici_add_list_item(struct vici_msg *m, const void *val, size_t len)
{
	if (m == NULL || !m->in_list || len > VALUE_MAX_LEN ||
	    (val == NULL && len > 0))
		return fail(m);
	if (push(m, VICI_LIST_ITEM, NULL, 0, val ? val : "", len) < 0)
		return fail(m);
	return 0;
}

int vici_add_list_item_str(struct vici_msg *m, const char *val)
{
	if (val == NULL)
		return fail(m);
	return vici_add_list_item(m, val, strlen(val));
}

int vici_end_list(struct vici_msg *m)
{
	if (m == NULL || !m->in_list)
		return fail(m);
	if (push(m, VICI_LIST_END, NULL, 0, NULL, 0) < 0)
		return fail(m);
	m->in_list = false;
	return 0;
}

/* The key path "a.b.key" matched against the open sections. */
static bool path_match(const char *path, char *const *open, int depth,
		       const char *key)
{
	size_t n;

	for (int i = 0; i < depth; i++) {
		n = strlen(open[i]);
		if (strncmp(path, open[i], n) != 0 || path[n] != '.')
			return false;
		path += n + 1;
	}
	return strcmp(path, key) == 0;
}

#define PATH_DEPTH_MAX	32

const char *vici_get_str(const struct vici_msg *m, const char *path)
{
	char *open[PATH_DEPTH_MAX];
	int depth = 0, skip = 0;

	if (m == NULL || path == NULL)
		return NULL;
	for (size_t i = 0; i < m->n; i++) {
		const struct elem *el = &m->v[i];

		if (el->type == VICI_SECTION_START) {
			if (skip > 0 || depth == PATH_DEPTH_MAX)
				skip++;
			else
				open[depth++] = el->name;
		} else if (el->type == VICI_SECTION_END) {
			if (skip > 0)
				skip--;
			else if (depth > 0)
				depth--;
		} else if (el->type == VICI_KEY_VALUE && skip == 0 &&
			   path_match(path, open, depth, el->name)) {
			return el->val;
		}
	}
	return NULL;
}

static int walk_one(const struct elem *el, const struct vici_walk *w,
		    void *ctx)
{
	switch (el->type) {
	case VICI_SECTION_START:
		return w->section_start ? w->section_start(ctx, el->name) : 0;
	case VICI_SECTION_END:
		return w->section_end ? w->section_end(ctx) : 0;
	case VICI_KEY_VALUE:
		return w->kv ? w->kv(ctx, el->name, el->val, el->len) : 0;
	case VICI_LIST_START:
		return w->list_start ? w->list_start(ctx, el->name) : 0;
	case VICI_LIST_ITEM:
		return w->list_item ? w->list_item(ctx, el->val, el->len) : 0;
	case VICI_LIST_END:
		return w->list_end ? w->list_end(ctx) : 0;
	}
	return 0;
}

int vici_walk(const struct vici_msg *m, const struct vici_walk *w,
	      void *ctx)
{
	int rc;

	if (m == NULL || w == NULL)
		return 0;
	for (size_t i = 0; i < m->n; i++)
		if ((rc = walk_one(&m->v[i], w, ctx)) != 0)
			return rc;
	return 0;
}

/* ---- encoding ---- */

static size_t elem_size(const struct elem *el)
{
	switch (el->type) {
	case VICI_SECTION_START:
	case VICI_LIST_START:
		return 2 + strlen(el->name);
	case VICI_KEY_VALUE:
		return 4 + strlen(el->name) + el->len;
	case VICI_LIST_ITEM:
		return 3 + el->len;
	}
	return 1;
}

static unsigned char *put_elem(unsigned char *p, const struct elem *el)
{
	size_t n = el->name ? strlen(el->name) : 0;

	*p++ = el->type;
	if (el->name != NULL) {
		*p++ = (unsigned char)n;
		memcpy(p, el->name, n);
		p += n;
	}
	if (el->val != NULL) {
		*p++ = (unsigned char)(el->len >> 8);
		*p++ = (unsigned char)(el->len & 0xff);
		memcpy(p, el->val, el->len);
		p += el->len;
	}
	return p;
}

int vici_msg_encode(const struct vici_msg *m, unsigned char **buf,
		    size_t *len)
{
	unsigned char *b, *p;
	size_t total = 0;

	if (m == NULL || m->broken || m->depth != 0 || m->in_list)
		return -1;
	for (size_t i = 0; i < m->n; i++)
		total += elem_size(&m->v[i]);
	b = malloc(total > 0 ? total : 1);
	if (b == NULL)
		return -1;
	p = b;
	for (size_t i = 0; i < m->n; i++)
		p = put_elem(p, &m->v[i]);
	*buf = b;
	*len = total;
	return 0;
}

/* ---- strict decoding ---- */

struct rd {
	const unsigned char *p;
	size_t len, off;
	struct azerr *e;
};

static const char *elem_name(int type)
{
	static const char *const names[] = {
		NULL, "section start", "section end", "key-value",
		"list start", "list item", "list end",
	};
	return names[type];
}

/* A u8-length name: out and its length. */
static int rd_name(struct rd *r, int type, const char **out, size_t *n)
{
	if (r->off >= r->len)
		return azerr_set(r->e, "vici: truncated %s name at offset %zu",
				 elem_name(type), r->off);
	*n = r->p[r->off++];
	if (*n == 0)
		return azerr_set(r->e, "vici: empty %s name at offset %zu",
				 elem_name(type), r->off - 1);
	if (*n > r->len - r->off)
		return azerr_set(r->e, "vici: %s name of %zu bytes overruns "
				 "the message at offset %zu", elem_name(type),
				 *n, r->off - 1);
	/* names are handed out as C strings: one with a NUL in it would
	 * be looked up, and encoded again, as a shorter name */
	if (memchr(r->p + r->off, '\0', *n) != NULL)
		return azerr_set(r->e, "vici: %s name with a NUL byte at "
				 "offset %zu", elem_name(type), r->off - 1);
	*out = (const char *)r->p + r->off;
	r->off += *n;
	return 0;
}

/* A u16-length value. */
static int rd_value(struct rd *r, int type, const char **out, size_t *n)
{
	if (r->len - r->off < 2)
		return azerr_set(r->e, "vici: truncated %s value length at "
				 "offset %zu", elem_name(type), r->off);
	*n = (size_t)r->p[r->off] << 8 | r->p[r->off + 1];
	r->off += 2;
	if (*n > r->len - r->off)
		return azerr_set(r->e, "vici: %s value of %zu bytes overruns "
				 "the message at offset %zu", elem_name(type),
				 *n, r->off - 2);
	*out = (const char *)r->p + r->off;
	r->off += *n;
	return 0;
}

static int nest_check(struct rd *r, const struct vici_msg *m, int type,
		      size_t at)
{
	const char *what = NULL;

	if (m->in_list && type != VICI_LIST_ITEM && type != VICI_LIST_END)
		what = "inside a list";
	else if (!m->in_list && (type == VICI_LIST_ITEM ||
				 type == VICI_LIST_END))
		what = "outside a list";
	else if (type == VICI_SECTION_END && m->depth == 0)
		what = "without an open section";
	if (what == NULL)
		return 0;
	return azerr_set(r->e, "vici: %s %s at offset %zu", elem_name(type),
			 what, at);
}

static int rd_elem(struct rd *r, struct vici_msg *m)
{
	const char *name = NULL, *val = NULL;
	size_t at = r->off, nn = 0, nv = 0;
	int type = r->p[r->off++];

	if (type < VICI_SECTION_START || type > VICI_LIST_END)
		return azerr_set(r->e, "vici: unknown element type %d at "
				 "offset %zu", type, at);
	if (nest_check(r, m, type, at) < 0)
		return -1;
	if (type == VICI_SECTION_START || type == VICI_KEY_VALUE ||
	    type == VICI_LIST_START)
		if (rd_name(r, type, &name, &nn) < 0)
			return -1;
	if (type == VICI_KEY_VALUE || type == VICI_LIST_ITEM)
		if (rd_value(r, type, &val, &nv) < 0)
			return -1;
	if (push(m, (uint8_t)type, name, nn, val, nv) < 0)
		return azerr_set(r->e, "vici: out of memory");
	m->depth += type == VICI_SECTION_START ? 1 :
		    type == VICI_SECTION_END ? -1 : 0;
	if (type == VICI_LIST_START || type == VICI_LIST_END)
		m->in_list = type == VICI_LIST_START;
	return 0;
}

struct vici_msg *vici_msg_decode(const unsigned char *buf, size_t len,
				 struct azerr *e)
{
	struct rd r = { .p = buf, .len = len, .e = e };
	struct vici_msg *m;

	if (len > VICI_PACKET_MAX) {
		azerr_set(e, "vici: message of %zu bytes exceeds the %d byte "
			  "limit", len, VICI_PACKET_MAX);
		return NULL;
	}
	if ((m = vici_msg_new()) == NULL) {
		azerr_set(e, "vici: out of memory");
		return NULL;
	}
	while (r.off < r.len)
		if (rd_elem(&r, m) < 0)
			goto bad;
	if (m->in_list) {
		azerr_set(e, "vici: unterminated list at end of message");
		goto bad;
	}
	if (m->depth > 0) {
		azerr_set(e, "vici: %d unterminated section(s) at end of "
			  "message", m->depth);
		goto bad;
	}
	return m;
bad:
	vici_msg_free(m);
	return NULL;
}
