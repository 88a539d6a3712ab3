/* SPDX-License-Identifier: ISC */
/* The lab-wide keys that are about testing the lab rather than building
 * it: `expectations:` (the file `azlab verify` and the drills compare
 * with) and `drills:`. Parsed once nodes, links and bridges are read,
 * since a drill names a node and one of its interfaces. The case ids a
 * drill names are checked when it runs: the expectations file is only
 * loaded then. */
#include <stdlib.h>
#include <string.h>

#include "lab_priv.h"

#define DRILL_INTERVAL_MS	10
#define DRILL_TIMEOUT_S		30
/* ping refuses intervals below 2 ms to users but not to root, and a
 * drill runs as root; above a second it no longer measures an outage */
#define DRILL_INTERVAL_MAX_MS	1000
#define DRILL_TIMEOUT_MAX_S	600

enum {
	D_NAME, D_DESC, D_FROM, D_TO, D_SHUT, D_FAIL, D_WATCH, D_DURING,
	D_AFTER, D_INTERVAL, D_TIMEOUT
};

void parse_expectations(struct lab_loader *ld, const struct lab_field *f)
{
	const char *s = yml_field_str(ld, f);
	struct file_ref *ref;

	if (s == NULL)
		return;
	if (s[0] == '\0') {
		ld_error(ld, yml_pos(f->value), "'expectations' needs a file "
			 "name");
		return;
	}
	if ((ld->lab->expectations = ld_strdup(ld, s)) == NULL)
		return;
	/* made absolute by the check pass, like a node's frr: file */
	ref = ld_append(ld, &ld->files, &ld->n_files, sizeof(*ref));
	if (ref == NULL)
		return;
	ref->path = &ld->lab->expectations;
	ref->written = &ld->lab->expectations_written;
	ref->what = "expectations";
	ref->pos = yml_pos(f->value);
}

/* A required field's text, non-empty; NULL after reporting. */
static const char *nonempty(struct lab_loader *ld, const struct lab_field *f)
{
	const char *s = yml_field_str(ld, f);

	if (s != NULL && s[0] == '\0') {
		ld_error(ld, yml_pos(f->value), "'%s' must not be empty",
			 f->key);
		return NULL;
	}
	return s;
}

/* A node of the lab named by field f; NULL after reporting. */
static struct lab_node *node_field(struct lab_loader *ld,
				   const struct lab_field *f)
{
	const char *s = nonempty(ld, f);
	struct lab_node *node;

	if (s == NULL)
		return NULL;
	node = lab_find_node(ld->lab, s);
	if (node == NULL)
		ld_error(ld, yml_pos(f->value), "unknown node '%s' in '%s'",
			 s, f->key);
	return node;
}

static void parse_to(struct lab_loader *ld, const struct lab_field *f,
		     struct lab_drill *d)
{
	const char *s = nonempty(ld, f);
	struct prefix addr;

	if (s == NULL)
		return;
	if (addr_parse(s, &addr) < 0 && lab_find_node(ld->lab, s) == NULL) {
		ld_error(ld, yml_pos(f->value), "bad 'to' '%s': neither an "
			 "address nor a node of the lab", s);
		return;
	}
	d->to = ld_strdup(ld, s);
}

/* "node:iface", both existing: the interface the drill shuts. */
static void parse_shut(struct lab_loader *ld, const struct lab_field *f,
		       struct lab_drill *d)
{
	const char *s = nonempty(ld, f), *iface;
	struct lab_pos pos;
	struct lab_node *node;
	char name[LAB_NAME_MAX + 1];

	if (s == NULL)
		return;
	pos = yml_pos(f->value);
	iface = lab_iface_spec_split(s, name);
	if (iface == NULL || *iface == '\0') {
		ld_error(ld, pos, "bad 'shut' '%s': expected node:interface",
			 s);
		return;
	}
	node = lab_find_node(ld->lab, name);
	if (node == NULL) {
		ld_error(ld, pos, "unknown node '%.*s' in 'shut' '%s'",
			 (int)(iface - 1 - s), s, s);
		return;
	}
	d->shut = lab_find_iface(node, iface);
	if (d->shut == NULL)
		ld_error(ld, pos, "node '%s' has no interface '%s' (in 'shut')",
			 node->name, iface);
}

static void parse_case_id(struct lab_loader *ld, const struct lab_field *f,
			  char **id)
{
	const char *s = nonempty(ld, f);

	if (s != NULL)
		*id = ld_strdup(ld, s);
}

/* `interval: 10ms`, `timeout: 30s`: a unit is required, so that a bare
 * "10" is not read as seconds by one reader and as ms by another. */
static void parse_durations(struct lab_loader *ld, const struct lab_field *f,
			    struct lab_drill *d)
{
	const char *s;
	unsigned long ms;

	d->interval_ms = DRILL_INTERVAL_MS;
	d->timeout_s = DRILL_TIMEOUT_S;
	if ((s = yml_field_str(ld, &f[D_INTERVAL])) != NULL) {
		if (yml_parse_ms(s, DRILL_INTERVAL_MAX_MS, &ms) && ms > 0)
			d->interval_ms = (unsigned)ms;
		else
			ld_error(ld, yml_pos(f[D_INTERVAL].value), "bad "
				 "interval '%s': expected 1ms to %dms",
				 s, DRILL_INTERVAL_MAX_MS);
	}
	if ((s = yml_field_str(ld, &f[D_TIMEOUT])) != NULL) {
		if (yml_parse_ms(s, DRILL_TIMEOUT_MAX_S * 1000UL, &ms) &&
		    ms >= 1000 && ms % 1000 == 0)
			d->timeout_s = (unsigned)(ms / 1000);
		else
			ld_error(ld, yml_pos(f[D_TIMEOUT].value), "bad "
				 "timeout '%s': expected whole seconds from "
				 "1s to %ds", s, DRILL_TIMEOUT_MAX_S);
	}
}

/* Exactly one of `shut: NODE:IFACE` and `fail: NODE`. */
static void parse_outage(struct lab_loader *ld, const struct lab_field *f,
			 struct lab_pos pos, struct lab_drill *d)
{
	bool shut = f[D_SHUT].value != NULL, fail = f[D_FAIL].value != NULL;

	if (shut && fail)
		ld_error(ld, yml_pos(f[D_FAIL].value), "a drill has 'shut' or "
			 "'fail', not both");
	else if (!shut && !fail)
		ld_error(ld, pos, "a drill needs 'shut: NODE:IFACE' or 'fail: "
			 "NODE'");
	else if (shut)
		parse_shut(ld, &f[D_SHUT], d);
	else
		d->fail = node_field(ld, &f[D_FAIL]);
	if (f[D_WATCH].value != NULL)
		d->watch = node_field(ld, &f[D_WATCH]);
}

/* Every field's own errors; true if the drill is complete. */
static bool parse_drill_body(struct lab_loader *ld, const struct lab_field *f,
			     struct lab_pos pos, struct lab_drill *d)
{
	const char *desc = yml_field_str(ld, &f[D_DESC]);

	if (desc != NULL)
		d->description = ld_strdup(ld, desc);
	d->from = node_field(ld, &f[D_FROM]);
	parse_to(ld, &f[D_TO], d);
	parse_outage(ld, f, pos, d);
	parse_case_id(ld, &f[D_DURING], &d->during);
	parse_case_id(ld, &f[D_AFTER], &d->after);
	parse_durations(ld, f, d);
	return d->from != NULL && d->to != NULL &&
	       (d->shut != NULL || d->fail != NULL) &&
	       (f[D_WATCH].value == NULL || d->watch != NULL) &&
	       d->during != NULL && d->after != NULL;
}

static void parse_drill(struct lab_loader *ld, yaml_document_t *doc,
			yaml_node_t *item)
{
	struct lab_field f[] = {
		[D_NAME] = REQUIRED("name"), [D_DESC] = FIELD("description"),
		[D_FROM] = REQUIRED("from"), [D_TO] = REQUIRED("to"),
		[D_SHUT] = FIELD("shut"), [D_FAIL] = FIELD("fail"),
		[D_WATCH] = FIELD("watch"), [D_DURING] = REQUIRED("during"),
		[D_AFTER] = REQUIRED("after"),
		[D_INTERVAL] = FIELD("interval"), [D_TIMEOUT] = FIELD("timeout"),
	};
	const struct lab_drill *first;
	struct lab_drill *d, **slot;
	const char *name;
	bool ok;

	if (!yml_expect(ld, item, YAML_MAPPING_NODE, "each drill"))
		return;
	yml_fields(ld, doc, item, "in a drill", f, sizeof(f) / sizeof(f[0]));
	if ((name = yml_field_str(ld, &f[D_NAME])) == NULL)
		return;
	if ((d = ld_calloc(ld, 1, sizeof(*d))) == NULL)
		return;
	d->pos = yml_pos(f[D_NAME].value);
	ok = lab_name_valid(name);
	if (!ok)
		ld_error(ld, d->pos, "bad drill name '%s': " LAB_NAME_RULE,
			 name);
	if ((first = lab_find_drill(ld->lab, name)) != NULL) {
		ld_error(ld, d->pos, "duplicate drill '%s' (first at %u:%u)",
			 name, first->pos.line, first->pos.col);
		ok = false;
	}
	d->name = ld_strdup(ld, name);
	/* a drill with errors is still read, for the rest of its errors */
	ok = parse_drill_body(ld, f, yml_pos(item), d) && ok &&
	     d->name != NULL;
	slot = ok ? ld_append(ld, &ld->lab->drills, &ld->lab->n_drills,
			      sizeof(*slot)) : NULL;
	if (slot == NULL)
		lab_drill_free(d);
	else
		*slot = d;
}

void parse_drills(struct lab_loader *ld, yaml_document_t *doc,
		  const struct lab_field *f)
{
	yaml_node_t *seq;

	if (!yml_field_list(ld, f, &seq))
		return;
	for (size_t i = 0; i < yml_list_len(seq); i++)
		parse_drill(ld, doc, yml_list_item(doc, seq, i));
}
