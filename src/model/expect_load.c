/* SPDX-License-Identifier: ISC */
/* Reading an expectations file: its cases, each checked against the
 * lab it belongs to, every problem reported as FILE:LINE:COL with the
 * lab loader's YAML helpers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "expect.h"
#include "lab_priv.h"

enum { C_ID, C_FROM, C_TO, C_PATH, C_PATHS, C_REACH, C_SHUT, C_RTT, C_NOTE };

struct expect_loader {
	struct lab_loader ld;		/* diagnostics and allocation */
	const struct lab *lab;
	struct expect_set *set;
};

/* "a|b|c": each an address, written back in canonical form. */
static bool parse_alts(struct lab_loader *ld, const char *s,
		       struct lab_pos pos, struct expect_hop *h)
{
	char buf[EXPECT_ALTS_MAX * EXPECT_ADDR_MAX], *save, *tok;
	struct prefix p;

	if (strlen(s) >= sizeof(buf)) {
		ld_error(ld, pos, "hop '%.40s...' is too long", s);
		return false;
	}
	strcpy(buf, s);
	for (tok = strtok_r(buf, "|", &save); tok != NULL;
	     tok = strtok_r(NULL, "|", &save)) {
		if (h->n_alt == EXPECT_ALTS_MAX) {
			ld_error(ld, pos, "hop '%s': at most %d alternative "
				 "addresses", s, EXPECT_ALTS_MAX);
			return false;
		}
		if (addr_parse(tok, &p) < 0) {
			ld_error(ld, pos, "bad hop '%s': expected an address, "
				 "addresses joined by '|', or '*'", tok);
			return false;
		}
		addr_fmt(&p, h->alt[h->n_alt++]);
	}
	if (h->n_alt == 0) {
		ld_error(ld, pos, "empty hop: expected an address or '*'");
		return false;
	}
	return true;
}

static bool parse_hop(struct lab_loader *ld, const yaml_node_t *n,
		      struct expect_hop *h)
{
	const char *s;

	if (!yml_expect(ld, n, YAML_SCALAR_NODE, "a hop"))
		return false;
	s = yml_scalar(n);
	if (strcmp(s, "*") == 0) {
		h->star = true;
		return true;
	}
	return parse_alts(ld, s, yml_pos(n), h);
}

static void parse_path(struct lab_loader *ld, yaml_document_t *doc,
		       yaml_node_t *seq, struct expect_path *p)
{
	size_t n;

	if (!yml_expect(ld, seq, YAML_SEQUENCE_NODE, "a path"))
		return;
	n = yml_list_len(seq);
	if (n == 0) {
		ld_error(ld, yml_pos(seq), "a path needs at least one hop "
			 "(the destination)");
		return;
	}
	if ((p->hops = ld_calloc(ld, n, sizeof(*p->hops))) == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = yml_list_item(doc, seq, i);

		if (!parse_hop(ld, item, &p->hops[i]))
			continue;
		if (i == n - 1 && p->hops[i].star)
			ld_error(ld, yml_pos(item), "the last hop is the "
				 "destination: it cannot be '*'");
	}
	p->n_hops = n;
}

static void parse_paths(struct lab_loader *ld, yaml_document_t *doc,
			const struct lab_field *f, struct expect_case *c)
{
	yaml_node_t *seq;
	size_t n;

	if (!yml_field_list(ld, f, &seq) || seq == NULL)
		return;
	n = yml_list_len(seq);
	if (n == 0) {
		ld_error(ld, yml_pos(f->value), "'paths' needs at least one "
			 "path");
		return;
	}
	if ((c->paths = ld_calloc(ld, n, sizeof(*c->paths))) == NULL)
		return;
	c->n_paths = n;
	for (size_t i = 0; i < n; i++)
		parse_path(ld, doc, yml_list_item(doc, seq, i), &c->paths[i]);
}

/* Exactly one of path:, paths: and reach: no says what is expected. */
static void parse_outcome(struct lab_loader *ld, yaml_document_t *doc,
			  const struct lab_field *f, struct expect_case *c)
{
	int given = (f[C_PATH].value != NULL) + (f[C_PATHS].value != NULL) +
		    (f[C_REACH].value != NULL);
	const char *reach;

	if (given != 1) {
		ld_error(ld, c->pos, "case '%s': give exactly one of 'path', "
			 "'paths' and 'reach: no'", c->id);
		return;
	}
	if (f[C_PATH].value != NULL) {
		c->paths = ld_calloc(ld, 1, sizeof(*c->paths));
		if (c->paths == NULL)
			return;
		c->n_paths = 1;
		parse_path(ld, doc, f[C_PATH].value, &c->paths[0]);
	} else if (f[C_PATHS].value != NULL) {
		parse_paths(ld, doc, &f[C_PATHS], c);
	} else if ((reach = yml_field_str(ld, &f[C_REACH])) != NULL) {
		if (strcmp(reach, "no") == 0 || strcmp(reach, "false") == 0)
			c->unreachable = true;
		else
			ld_error(ld, yml_pos(f[C_REACH].value), "'reach' "
				 "takes only 'no' (a reachable case gives "
				 "its path), not '%s'", reach);
	}
}

/* A node, or an address: what `azlab trace` takes as a destination. */
static void check_to(struct expect_loader *el, const struct lab_field *f,
		     const char *to)
{
	struct prefix p;

	if (addr_parse(to, &p) == 0 || lab_find_node(el->lab, to) != NULL)
		return;
	ld_error(&el->ld, yml_pos(f->value), "'%s' is neither an address "
		 "nor a node of lab %s", to, el->lab->name);
}

/* The interface "node:iface" names, or NULL after an error. */
static const struct lab_iface *check_shut(struct expect_loader *el,
					  const struct lab_field *f,
					  const char *shut)
{
	const struct lab_node *node;
	const struct lab_iface *ifc = NULL;
	char name[LAB_NAME_MAX + 1];
	const char *iface = lab_iface_spec_split(shut, name);

	if (iface == NULL || name[0] == '\0') {
		ld_error(&el->ld, yml_pos(f->value), "'shut' takes "
			 "NODE:INTERFACE, not '%s'", shut);
		return NULL;
	}
	node = lab_find_node(el->lab, name);
	if (node == NULL)
		ld_error(&el->ld, yml_pos(f->value), "no node '%s' in lab %s",
			 name, el->lab->name);
	else if ((ifc = lab_find_iface(node, iface)) == NULL)
		ld_error(&el->ld, yml_pos(f->value), "node '%s' has no "
			 "interface '%s'", name, iface);
	return ifc;
}

static const struct expect_case *case_find_n(const struct expect_set *set,
					     size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (set->cases[i].id != NULL && strcmp(set->cases[i].id, id) == 0)
			return &set->cases[i];
	return NULL;
}

static char *opt_str(struct lab_loader *ld, const struct lab_field *f)
{
	const char *s = yml_field_str(ld, f);

	return s == NULL ? NULL : ld_strdup(ld, s);
}

/* A case runs on the host of its source, and shuts there: in a lab over
 * hosts, both must be on one, or no instance could run it. */
static void check_one_host(struct expect_loader *el, const struct lab_field *f,
			   const struct expect_case *c)
{
	const struct lab_node *from = c->from != NULL ?
				      lab_find_node(el->lab, c->from) : NULL;
	const struct lab_node *shut = c->shut_iface != NULL ?
				      c->shut_iface->node : NULL;

	if (from == NULL || shut == NULL || from->host == shut->host)
		return;
	ld_error(&el->ld, yml_pos(f->value), "case '%s' starts on host '%s' "
		 "but shuts an interface of host '%s': no host can run it",
		 c->id, from->host->name, shut->host->name);
}

static void parse_case(struct expect_loader *el, yaml_document_t *doc,
		       yaml_node_t *item, size_t idx)
{
	struct lab_field f[] = {
		[C_ID] = REQUIRED("id"), [C_FROM] = REQUIRED("from"),
		[C_TO] = REQUIRED("to"), [C_PATH] = FIELD("path"),
		[C_PATHS] = FIELD("paths"), [C_REACH] = FIELD("reach"),
		[C_SHUT] = FIELD("shut"), [C_RTT] = FIELD("rtt"),
		[C_NOTE] = FIELD("note"),
	};
	struct lab_loader *ld = &el->ld;
	struct expect_case *c = &el->set->cases[idx];
	const struct expect_case *first;
	const char *id, *from, *to;

	if (!yml_expect(ld, item, YAML_MAPPING_NODE, "each case"))
		return;
	yml_fields(ld, doc, item, "in a case", f, sizeof(f) / sizeof(f[0]));
	c->pos = yml_pos(item);
	if ((id = yml_field_str(ld, &f[C_ID])) == NULL)
		return;
	if (!lab_name_valid(id))
		ld_error(ld, yml_pos(f[C_ID].value), "bad case id '%s': use "
			 "a-z, 0-9 and '-'", id);
	first = case_find_n(el->set, idx, id);
	if (first != NULL)
		ld_error(ld, yml_pos(f[C_ID].value), "duplicate case '%s' "
			 "(first at %u:%u)", id, first->pos.line,
			 first->pos.col);
	c->id = ld_strdup(ld, id);
	if ((from = yml_field_str(ld, &f[C_FROM])) != NULL) {
		if (lab_find_node(el->lab, from) == NULL)
			ld_error(ld, yml_pos(f[C_FROM].value), "no node '%s' "
				 "in lab %s", from, el->lab->name);
		c->from = ld_strdup(ld, from);
	}
	if ((to = yml_field_str(ld, &f[C_TO])) != NULL) {
		check_to(el, &f[C_TO], to);
		c->to = ld_strdup(ld, to);
	}
	if ((c->shut = opt_str(ld, &f[C_SHUT])) != NULL)
		c->shut_iface = check_shut(el, &f[C_SHUT], c->shut);
	check_one_host(el, &f[C_SHUT], c);
	c->rtt = opt_str(ld, &f[C_RTT]);
	c->note = opt_str(ld, &f[C_NOTE]);
	if (c->id != NULL)
		parse_outcome(ld, doc, f, c);
}

static void parse_top(struct expect_loader *el, yaml_document_t *doc)
{
	struct lab_field f[] = { REQUIRED("cases") };
	yaml_node_t *root = yaml_document_get_root_node(doc), *seq;
	struct lab_loader *ld = &el->ld;
	size_t n;

	if (!yml_expect(ld, root, YAML_MAPPING_NODE, "the expectations file"))
		return;
	yml_fields(ld, doc, root, "at top level", f, 1);
	if (!yml_field_list(ld, &f[0], &seq) || seq == NULL)
		return;
	n = yml_list_len(seq);
	el->set->cases = ld_calloc(ld, n, sizeof(*el->set->cases));
	if (el->set->cases == NULL)
		return;
	el->set->n_cases = n;
	for (size_t i = 0; i < n; i++)
		parse_case(el, doc, yml_list_item(doc, seq, i), i);
}

static void read_file(struct expect_loader *el, const char *path)
{
	static const struct lab_pos nowhere = { 0, 0 };
	yaml_document_t doc;
	struct stat st;
	FILE *in = fopen(path, "r");

	if (in == NULL) {
		ld_error(&el->ld, nowhere, "%s", strerror(errno));
		return;
	}
	if (fstat(fileno(in), &st) == 0 && S_ISDIR(st.st_mode)) {
		ld_error(&el->ld, nowhere, "%s", strerror(EISDIR));
	} else if (ld_load_document(&el->ld, in, "expectations file", &doc)) {
		parse_top(el, &doc);
		yaml_document_delete(&doc);
	}
	fclose(in);
}

struct expect_set *expect_load(const char *path, const struct lab *lab,
			       struct lab_diags *diags)
{
	struct expect_loader el = { .lab = lab };
	/* the running lab's copy is named as the user knows it */
	const char *name = lab_path_origin(lab, path);
	bool ok;

	el.set = ld_calloc(&el.ld, 1, sizeof(*el.set));
	if (el.set != NULL) {
		el.set->file = ld_strdup(&el.ld, name);
		read_file(&el, path);
	}
	ok = el.ld.n_diags == 0 && !el.ld.oom;
	ld_flush(&el.ld, name, diags);
	ld_free(&el.ld);
	if (!ok) {
		expect_free(el.set);
		return NULL;
	}
	return el.set;
}

void expect_free(struct expect_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->n_cases; i++) {
		struct expect_case *c = &set->cases[i];

		for (size_t j = 0; j < c->n_paths; j++)
			free(c->paths[j].hops);
		free(c->paths);
		free(c->id);
		free(c->from);
		free(c->to);
		free(c->shut);
		free(c->rtt);
		free(c->note);
	}
	free(set->cases);
	free(set->file);
	free(set);
}

const struct expect_case *expect_find(const struct expect_set *set,
				      const char *id)
{
	return case_find_n(set, set->n_cases, id);
}
