/* SPDX-License-Identifier: ISC */
/* The lab file, first pass: libyaml's document into the model, with every
 * error of form (unknown key, wrong type, bad name, bad address, unknown
 * node...) reported where it was written. lab_check.c runs the second
 * pass over a model this pass found nothing wrong with. */
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lab_priv.h"

/* Keys are [A-Za-z0-9_-] components joined by dots, under "net." (the
 * only tree a network namespace has its own copy of). */
static bool sysctl_key_ok(const char *key)
{
	const char *s;
	size_t comp = 0;

	if (strncmp(key, "net.", 4) != 0)
		return false;
	for (s = key; *s != '\0'; s++) {
		if (*s == '.') {
			if (comp == 0)
				return false;
			comp = 0;
		} else if (isalnum((unsigned char)*s) || *s == '_' ||
			   *s == '-') {
			comp++;
		} else {
			return false;
		}
	}
	return comp > 0;
}

static struct lab_sysctl *sysctl_find(const struct lab_node *node,
				      const char *key)
{
	for (size_t i = 0; i < node->n_sysctls; i++)
		if (strcmp(node->sysctls[i].key, key) == 0)
			return &node->sysctls[i];
	return NULL;
}

static void parse_sysctl(struct lab_loader *ld, yaml_node_t *key,
			 yaml_node_t *value, struct lab_node *node)
{
	struct lab_sysctl *sc, *first;
	struct lab_pos pos = yml_pos(key);

	if (!yml_expect(ld, key, YAML_SCALAR_NODE, "a sysctl key"))
		return;
	if (!sysctl_key_ok(yml_scalar(key)))
		ld_error(ld, pos, "bad sysctl key '%s': expected net.* made "
			 "of [A-Za-z0-9_-] and dots", yml_scalar(key));
	if ((first = sysctl_find(node, yml_scalar(key))) != NULL) {
		ld_error(ld, pos, "duplicate key '%s' (first at %u:%u)",
			 yml_scalar(key), first->pos.line, first->pos.col);
		return;
	}
	if (yml_is_null(value)) {
		ld_error(ld, pos, "sysctl '%s' has no value",
			 yml_scalar(key));
		return;
	}
	if (!yml_expect(ld, value, YAML_SCALAR_NODE, "a sysctl value"))
		return;
	sc = &node->sysctls[node->n_sysctls];
	sc->key = ld_strdup(ld, yml_scalar(key));
	sc->value = ld_strdup(ld, yml_scalar(value));
	sc->pos = pos;
	if (sc->key == NULL || sc->value == NULL) {
		free(sc->key);
		free(sc->value);
		return;
	}
	node->n_sysctls++;
}

static void parse_sysctls(struct lab_loader *ld, yaml_document_t *doc,
			  const struct lab_field *f, struct lab_node *node)
{
	yaml_node_pair_t *pair, *end;
	yaml_node_t *map;

	if (!yml_field_map(ld, f, &map) || map == NULL)
		return;
	pair = map->data.mapping.pairs.start;
	end = map->data.mapping.pairs.top;
	node->sysctls = ld_calloc(ld, (size_t)(end - pair),
				  sizeof(*node->sysctls));
	if (node->sysctls == NULL)
		return;
	for (; pair < end; pair++)
		parse_sysctl(ld, yaml_document_get_node(doc, pair->key),
			     yaml_document_get_node(doc, pair->value), node);
}

static void parse_role(struct lab_loader *ld, const struct lab_field *f,
		       struct lab_node *node)
{
	static const enum lab_role roles[] = {
		ROLE_HOST, ROLE_ROUTER, ROLE_FABRIC
	};
	const char *s = yml_field_str(ld, f);

	if (s == NULL)
		return;
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (strcmp(s, lab_role_name(roles[i])) == 0) {
			node->role = roles[i];
			return;
		}
	}
	ld_error(ld, yml_pos(f->value),
		 "bad role '%s': expected host, router or fabric", s);
}

/* The path as written; lab_check makes it absolute once it exists. */
static void parse_file(struct lab_loader *ld, const struct lab_field *f,
		       struct lab_node *node, char **path, char **written)
{
	const char *s = yml_field_str(ld, f);
	struct file_ref *ref;

	if (s == NULL)
		return;
	if (s[0] == '\0') {
		ld_error(ld, yml_pos(f->value), "'%s' needs a file name",
			 f->key);
		return;
	}
	*path = ld_strdup(ld, s);
	ref = ld_append(ld, &ld->files, &ld->n_files, sizeof(*ref));
	if (ref == NULL)
		return;
	ref->node = node;
	ref->path = path;
	ref->written = written;
	ref->what = f->key;
	ref->pos = yml_pos(f->value);
}

enum {
	N_NAME, N_ROLE, N_SYSCTLS, N_LOOPBACK, N_ROUTES, N_GATEWAYS, N_FRR,
	N_IPSEC, N_SITE, N_TTL, N_HOST
};

#define SITE_MAX 64

/* A free-form group name for `azlab graph`: printable, one line. */
static void parse_site(struct lab_loader *ld, const struct lab_field *f,
		       struct lab_node *node)
{
	const char *s = yml_field_str(ld, f);
	size_t len;

	if (s == NULL)
		return;
	len = strlen(s);
	if (len == 0 || len > SITE_MAX) {
		ld_error(ld, yml_pos(f->value), "bad site '%s': expected 1 to "
			 "%d characters", s, SITE_MAX);
		return;
	}
	for (const char *c = s; *c != '\0'; c++) {
		if (iscntrl((unsigned char)*c)) {
			ld_error(ld, yml_pos(f->value), "bad site: control "
				 "characters are not allowed");
			return;
		}
	}
	node->site = ld_strdup(ld, s);
}

static void parse_node_body(struct lab_loader *ld, yaml_document_t *doc,
			    const struct lab_field *f, struct lab_node *node)
{
	parse_role(ld, &f[N_ROLE], node);
	parse_sysctls(ld, doc, &f[N_SYSCTLS], node);
	parse_addresses(ld, doc, &f[N_LOOPBACK], node, NULL);
	parse_routes(ld, doc, &f[N_ROUTES], node);
	parse_gateways(ld, doc, &f[N_GATEWAYS], node);
	parse_file(ld, &f[N_FRR], node, &node->frr_config,
		   &node->frr_written);
	parse_file(ld, &f[N_IPSEC], node, &node->ipsec_config,
		   &node->ipsec_written);
	parse_site(ld, &f[N_SITE], node);
	parse_ttl(ld, doc, &f[N_TTL], node);
	parse_node_host(ld, &f[N_HOST], node);
}

static struct lab_node *node_new(struct lab_loader *ld, const char *name,
				 struct lab_pos pos)
{
	struct lab_node *node = ld_calloc(ld, 1, sizeof(*node));

	if (node == NULL)
		return NULL;
	node->name = ld_strdup(ld, name);
	node->pos = pos;
	return node;
}

static void parse_node(struct lab_loader *ld, yaml_document_t *doc,
		       yaml_node_t *item)
{
	struct lab_field f[] = {
		[N_NAME] = REQUIRED("name"), [N_ROLE] = REQUIRED("role"),
		[N_SYSCTLS] = FIELD("sysctls"),
		[N_LOOPBACK] = FIELD("loopback"), [N_ROUTES] = FIELD("routes"),
		[N_GATEWAYS] = FIELD("gateways"),
		[N_FRR] = FIELD("frr"), [N_IPSEC] = FIELD("ipsec"),
		[N_SITE] = FIELD("site"), [N_TTL] = FIELD("ttl"),
		[N_HOST] = FIELD("host"),
	};
	struct lab_node *node, *first;
	const char *name;
	struct lab_pos pos;

	if (!yml_expect(ld, item, YAML_MAPPING_NODE, "each node"))
		return;
	yml_fields(ld, doc, item, "in a node", f, sizeof(f) / sizeof(f[0]));
	if ((name = yml_field_str(ld, &f[N_NAME])) == NULL)
		return;
	pos = yml_pos(f[N_NAME].value);
	if (!lab_name_valid(name))
		ld_error(ld, pos, "bad node name '%s': " LAB_NAME_RULE, name);
	if ((node = node_new(ld, name, pos)) == NULL)
		return;
	first = lab_find_node(ld->lab, name);
	if (first != NULL)
		ld_error(ld, pos, "duplicate node '%s' (first at %u:%u)", name,
			 first->pos.line, first->pos.col);
	/* a duplicate is still read, for its own errors, then dropped: the
	 * references left to it in ld are never followed (the check pass
	 * does not run after an error) */
	parse_node_body(ld, doc, f, node);
	if (first != NULL || node->name == NULL) {
		drop_gateway_refs(ld, node);
		lab_node_free(node);
	} else {
		ld->lab->nodes[ld->lab->n_nodes++] = node;
	}
}

static void parse_node_list(struct lab_loader *ld, yaml_document_t *doc,
			    const struct lab_field *f)
{
	yaml_node_t *seq;
	size_t n;

	if (!yml_field_list(ld, f, &seq))
		return;
	n = yml_list_len(seq);
	if (n == 0) {
		if (f->value != NULL)
			ld_error(ld, yml_pos(f->value), "a lab needs at least "
				 "one node");
		return;
	}
	ld->lab->nodes = ld_calloc(ld, n, sizeof(*ld->lab->nodes));
	for (size_t i = 0; i < n && ld->lab->nodes != NULL; i++)
		parse_node(ld, doc, yml_list_item(doc, seq, i));
}

/* `frr: shared` or `frr: per-router` (the default) */
static void parse_frr_mode(struct lab_loader *ld, const struct lab_field *f)
{
	const char *s;

	if (f->value == NULL || (s = yml_field_str(ld, f)) == NULL)
		return;
	if (strcmp(s, "shared") == 0)
		ld->lab->frr_shared = true;
	else if (strcmp(s, "per-router") != 0)
		ld_error(ld, yml_pos(f->value), "bad frr '%s': expected "
			 "per-router (a zebra and a bgpd each) or shared (one "
			 "of each for every router)", s);
}

static void parse_top(struct lab_loader *ld, yaml_document_t *doc)
{
	struct lab_field f[] = {
		REQUIRED("name"), REQUIRED("nodes"), FIELD("links"),
		FIELD("bridges"), FIELD("expectations"), FIELD("drills"),
		FIELD("hosts"), FIELD("frr"),
	};
	yaml_node_t *root = yaml_document_get_root_node(doc);
	const char *name;

	if (!yml_expect(ld, root, YAML_MAPPING_NODE, "the lab file"))
		return;
	yml_fields(ld, doc, root, "at top level", f, sizeof(f) / sizeof(f[0]));
	if ((name = yml_field_str(ld, &f[0])) != NULL) {
		if (!lab_name_valid(name))
			ld_error(ld, yml_pos(f[0].value),
				 "bad lab name '%s': " LAB_NAME_RULE, name);
		ld->lab->name = ld_strdup(ld, name);
	}
	parse_frr_mode(ld, &f[7]);
	/* before the nodes, which name them */
	parse_hosts(ld, doc, &f[6]);
	parse_node_list(ld, doc, &f[1]);
	/* a gateway may be written before its node */
	resolve_gateways(ld);
	/* links before bridges whatever the file's order: a node's link ends
	 * come first in node->ifaces, and bridge ports must exist */
	parse_links(ld, doc, &f[2]);
	parse_bridges(ld, doc, &f[3]);
	parse_expectations(ld, &f[4]);
	/* a drill shuts an interface: every one exists by now */
	parse_drills(ld, doc, &f[5]);
}

static void syntax_error(struct lab_loader *ld, const yaml_parser_t *p)
{
	struct lab_pos pos = {
		.line = (unsigned)p->problem_mark.line + 1,
		.col = (unsigned)p->problem_mark.column + 1,
	};

	if (p->error == YAML_MEMORY_ERROR) {
		ld->oom = true;
	} else if (p->error == YAML_READER_ERROR) {
		/* the reader knows only a byte offset, not a line */
		pos.line = pos.col = 0;
		ld_error(ld, pos, "syntax error: %s at byte %zu", p->problem,
			 p->problem_offset);
	} else if (p->context != NULL) {
		ld_error(ld, pos, "syntax error: %s (%s at %zu:%zu)",
			 p->problem, p->context, p->context_mark.line + 1,
			 p->context_mark.column + 1);
	} else {
		ld_error(ld, pos, "syntax error: %s", p->problem);
	}
}

bool ld_load_document(struct lab_loader *ld, FILE *in, const char *what,
		      yaml_document_t *doc)
{
	static const struct lab_pos top = { 1, 1 };
	yaml_parser_t parser;
	yaml_document_t extra;
	yaml_node_t *root;
	bool ok = false;

	if (!yaml_parser_initialize(&parser)) {
		ld->oom = true;
		return false;
	}
	yaml_parser_set_input_file(&parser, in);
	if (!yaml_parser_load(&parser, doc)) {
		syntax_error(ld, &parser);
	} else if (yaml_document_get_root_node(doc) == NULL) {
		ld_error(ld, top, "the %s is empty", what);
		yaml_document_delete(doc);
	} else {
		ok = true;
		if (!yaml_parser_load(&parser, &extra)) {
			syntax_error(ld, &parser);
		} else {
			root = yaml_document_get_root_node(&extra);
			if (root != NULL)
				ld_error(ld, yml_pos(root), "a %s holds one "
					 "YAML document, not several", what);
			yaml_document_delete(&extra);
		}
	}
	yaml_parser_delete(&parser);
	return ok;
}

/* The lab file's directory, absolute: frr: and ipsec: paths are relative
 * to it, and the daemon does not run where the CLI was started. */
static char *lab_dir(struct lab_loader *ld, const char *path)
{
	char *abs = realpath(path, NULL), *dir;

	if (abs == NULL) {
		ld->oom = errno == ENOMEM;
		return NULL;
	}
	dir = ld_strdup(ld, dirname(abs));
	free(abs);
	return dir;
}

static struct lab *lab_read(struct lab_loader *ld, const char *path)
{
	static const struct lab_pos nowhere = { 0, 0 };
	yaml_document_t doc;
	struct stat st;
	FILE *in;

	if ((ld->lab = ld_calloc(ld, 1, sizeof(*ld->lab))) == NULL)
		return NULL;
	ld->lab->file = ld_strdup(ld, path);
	if ((in = fopen(path, "r")) == NULL) {
		ld_error(ld, nowhere, "%s", strerror(errno));
		return ld->lab;
	}
	/* fopen takes a directory; libyaml would call it an "input error" */
	if (fstat(fileno(in), &st) == 0 && S_ISDIR(st.st_mode)) {
		ld_error(ld, nowhere, "%s", strerror(EISDIR));
		fclose(in);
		return ld->lab;
	}
	ld->lab->dir = lab_dir(ld, path);
	if (ld_load_document(ld, in, "lab file", &doc)) {
		parse_top(ld, &doc);
		yaml_document_delete(&doc);
	}
	fclose(in);
	return ld->lab;
}

static struct lab *lab_load_from(const char *path, const char *root,
				  const char *origin, struct lab_diags *diags)
{
	struct lab_loader ld = { 0 };
	struct lab *lab = lab_read(&ld, path);
	bool ok;

	if (lab != NULL && root != NULL) {
		free(lab->file);
		lab->file = ld_strdup(&ld, origin);
		lab->root = ld_strdup(&ld, root);
	}
	if (ld.n_diags == 0 && !ld.oom)
		lab_check(&ld);
	ok = ld.n_diags == 0 && !ld.oom;
	/* out of memory here leaves fewer messages, but still a failure */
	ld_flush(&ld, path, diags);
	ld_free(&ld);
	if (!ok) {
		lab_free(lab);
		return NULL;
	}
	return lab;
}

struct lab *lab_load(const char *path, struct lab_diags *diags)
{
	return lab_load_from(path, NULL, NULL, diags);
}

struct lab *lab_load_under(const char *root, const char *origin,
			   struct lab_diags *diags)
{
	char *path = NULL;
	struct lab *lab;

	if (asprintf(&path, "%s%s", root, origin) < 0) {
		diags->msgs = NULL;
		diags->n = 0;
		return NULL;
	}
	lab = lab_load_from(path, root, origin, diags);
	free(path);
	return lab;
}

const char *lab_path_origin(const struct lab *lab, const char *path)
{
	size_t n = lab->root != NULL ? strlen(lab->root) : 0;

	if (path != NULL && n > 0 && strncmp(path, lab->root, n) == 0 &&
	    path[n] == '/')
		return path + n;
	return path;
}
