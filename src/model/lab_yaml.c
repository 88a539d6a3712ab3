/* SPDX-License-Identifier: ISC */
/* Typed access to a libyaml document: every "this should have been a
 * list" or "no such key" is reported here, with the position of the
 * offending key or value, so the parser proper reads like the format. */
#include <stdio.h>
#include <string.h>

#include "lab_priv.h"

struct lab_pos yml_pos(const yaml_node_t *n)
{
	struct lab_pos pos = {
		.line = (unsigned)n->start_mark.line + 1,
		.col = (unsigned)n->start_mark.column + 1,
	};

	return pos;
}

const char *yml_scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/* Only plain scalars can be null: `"~"` written with quotes is a string. */
bool yml_is_null(const yaml_node_t *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(yml_scalar(n), nulls[i]) == 0)
			return true;
	return false;
}

static const char *type_name(yaml_node_type_t t)
{
	switch (t) {
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "a scalar";
	}
}

const char *yml_kind(const yaml_node_t *n)
{
	return yml_is_null(n) ? "empty" : type_name(n->type);
}

bool yml_expect(struct lab_loader *ld, const yaml_node_t *n,
		yaml_node_type_t t, const char *what)
{
	if (n->type == t && !(t == YAML_SCALAR_NODE && yml_is_null(n)))
		return true;
	ld_error(ld, yml_pos(n), "%s must be %s, not %s", what, type_name(t),
		 yml_kind(n));
	return false;
}

static struct lab_field *field_find(struct lab_field *fields, size_t n,
				    const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(fields[i].key, key) == 0)
			return &fields[i];
	return NULL;
}

static void field_set(struct lab_loader *ld, struct lab_field *f,
		      yaml_node_t *key, yaml_node_t *value)
{
	struct lab_pos first;

	if (f->key_node != NULL) {
		first = yml_pos(f->key_node);
		ld_error(ld, yml_pos(key), "duplicate key '%s' (first at "
			 "%u:%u)", f->key, first.line, first.col);
		return;
	}
	f->key_node = key;
	f->value = value;
}

void yml_fields(struct lab_loader *ld, yaml_document_t *doc, yaml_node_t *n,
		const char *where, struct lab_field *fields, size_t n_fields)
{
	yaml_node_pair_t *pair;

	for (size_t i = 0; i < n_fields; i++)
		fields[i].key_node = fields[i].value = NULL;
	for (pair = n->data.mapping.pairs.start;
	     pair < n->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = yaml_document_get_node(doc, pair->key);
		yaml_node_t *value = yaml_document_get_node(doc, pair->value);
		struct lab_field *f;

		if (!yml_expect(ld, key, YAML_SCALAR_NODE, "a key"))
			continue;
		f = field_find(fields, n_fields, yml_scalar(key));
		if (f == NULL)
			ld_error(ld, yml_pos(key), "unknown key '%s' %s",
				 yml_scalar(key), where);
		else
			field_set(ld, f, key, value);
	}
	for (size_t i = 0; i < n_fields; i++)
		if (fields[i].required && fields[i].key_node == NULL)
			ld_error(ld, yml_pos(n),
				 "missing required key '%s' %s",
				 fields[i].key, where);
}

static bool field_expect(struct lab_loader *ld, const struct lab_field *f,
			 yaml_node_type_t t)
{
	char what[64];

	snprintf(what, sizeof(what), "'%s'", f->key);
	return yml_expect(ld, f->value, t, what);
}

const char *yml_field_str(struct lab_loader *ld, const struct lab_field *f)
{
	if (f->value == NULL)
		return NULL;
	if (yml_is_null(f->value))
		return "";
	if (!field_expect(ld, f, YAML_SCALAR_NODE))
		return NULL;
	return yml_scalar(f->value);
}

/* Absent and empty (`links:` with nothing after it) mean the same. */
static bool field_container(struct lab_loader *ld, const struct lab_field *f,
			    yaml_node_type_t t, yaml_node_t **out)
{
	*out = NULL;
	if (f->value == NULL || yml_is_null(f->value))
		return true;
	if (!field_expect(ld, f, t))
		return false;
	*out = f->value;
	return true;
}

bool yml_field_list(struct lab_loader *ld, const struct lab_field *f,
		    yaml_node_t **seq)
{
	return field_container(ld, f, YAML_SEQUENCE_NODE, seq);
}

bool yml_field_map(struct lab_loader *ld, const struct lab_field *f,
		   yaml_node_t **map)
{
	return field_container(ld, f, YAML_MAPPING_NODE, map);
}

size_t yml_list_len(const yaml_node_t *seq)
{
	if (seq == NULL)
		return 0;
	return (size_t)(seq->data.sequence.items.top -
			seq->data.sequence.items.start);
}

yaml_node_t *yml_list_item(yaml_document_t *doc, const yaml_node_t *seq,
			   size_t i)
{
	return yaml_document_get_node(doc, seq->data.sequence.items.start[i]);
}

/* Decimal digits only: "+5", " 5", "0x10" and "010" (octal in YAML 1.1)
 * are refused rather than read one way or another. */
bool yml_parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	unsigned long x = 0;

	if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0'))
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		x = x * 10 + (unsigned long)(*s - '0');
		if (x > max)
			return false;
	}
	*v = x;
	return true;
}

bool yml_parse_ms(const char *s, unsigned long max_ms, unsigned long *ms)
{
	size_t n = strlen(s);
	unsigned long scale = 1, v;
	char digits[24];

	if (n > 2 && strcmp(s + n - 2, "ms") == 0) {
		n -= 2;
	} else if (n > 1 && s[n - 1] == 's') {
		scale = 1000;
		n -= 1;
	} else {
		return false;
	}
	if (n >= sizeof(digits))
		return false;
	memcpy(digits, s, n);
	digits[n] = '\0';
	if (!yml_parse_uint(digits, max_ms / scale, &v))
		return false;
	*ms = v * scale;
	return true;
}
