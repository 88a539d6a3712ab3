/* SPDX-License-Identifier: ISC */
/* Inside the lab loader: shared by lab_parse*.c, lab_check.c, lab_diag.c,
 * lab_yaml.c and lab_model.c, and by expect_load.c, which reads the
 * expectations file with the same YAML helpers and diagnostics. */
#ifndef AZLAB_LAB_PRIV_H
#define AZLAB_LAB_PRIV_H

#include <yaml.h>

#include "lab.h"

/* One diagnostic before formatting: kept with its position so that all
 * of them can be sorted into file order at the end. */
struct lab_diag {
	struct lab_pos pos;
	size_t seq;			/* order found: ties keep it */
	char *msg;
};

/* Where the parser found things the check pass looks at again: the model
 * itself has no room for the position of each address or next hop. */
struct addr_ref {
	struct lab_node *node;
	struct lab_iface *iface;	/* NULL: the node's loopback */
	/* into iface->addrs or node->loopback */
	size_t idx;
	struct lab_pos pos;
};

struct route_ref {
	struct lab_node *node;
	size_t idx;			/* into node->routes */
	struct lab_pos to, via, dev;
};

struct port_ref {
	struct lab_bridge *bridge;
	size_t idx;			/* into bridge->ports */
	struct lab_pos pos;
};

struct file_ref {
	struct lab_node *node;
	/* &node->frr_config or &node->ipsec_config, or the lab's
	 * &lab->expectations (node NULL) */
	char **path;
	char **written;			/* gets the path as written */
	const char *what;		/* "frr", "ipsec" or "expectations" */
	struct lab_pos pos;
};

/* A gateway as written: its node is looked up once every node is read. */
struct gw_ref {
	struct lab_node *host;
	size_t idx;			/* into host->gateways */
	char *name;			/* the gateway node's name */
	struct lab_pos node;
	struct lab_pos via[LAB_GW_VIAS];	/* of each address */
};

struct lab_loader {
	struct lab *lab;
	struct lab_diag *diags;
	size_t n_diags;
	bool oom;		/* an allocation failed: the load fails */
	struct addr_ref *addrs;
	size_t n_addrs;
	struct route_ref *routes;
	size_t n_routes;
	struct port_ref *ports;
	size_t n_ports;
	struct file_ref *files;
	size_t n_files;
	struct gw_ref *gws;
	size_t n_gws;
};

/* lab_diag.c */
void ld_error(struct lab_loader *ld, struct lab_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Appends one element of size sz to *arr (holding *n, and grown only
 * through here: grow_add() in core/grow.h); returns it zeroed, or NULL
 * (and ld->oom set). */
void *ld_append(struct lab_loader *ld, void *arr, size_t *n, size_t sz);
char *ld_strdup(struct lab_loader *ld, const char *s);
void *ld_calloc(struct lab_loader *ld, size_t n, size_t sz);
/* Moves the sorted, formatted messages into out. Returns -1 on OOM. */
int ld_flush(struct lab_loader *ld, const char *file, struct lab_diags *out);
void ld_free(struct lab_loader *ld);

/* lab_parse.c: the one YAML document of in, a "lab file" or another
 * WHAT; false after reporting why not. */
bool ld_load_document(struct lab_loader *ld, FILE *in, const char *what,
		      yaml_document_t *doc);

/* lab_yaml.c: typed access to a libyaml document, reporting type errors */
struct lab_field {
	const char *key;
	bool required;
	yaml_node_t *key_node;		/* filled in: NULL if absent */
	yaml_node_t *value;
};

#define FIELD(k)	{ .key = (k) }
#define REQUIRED(k)	{ .key = (k), .required = true }

struct lab_pos yml_pos(const yaml_node_t *n);
/* A scalar node's text. */
const char *yml_scalar(const yaml_node_t *n);
bool yml_is_null(const yaml_node_t *n);
/* What a node is, for messages: "scalar", "list", "mapping". */
const char *yml_kind(const yaml_node_t *n);
/* Reports "WHAT must be a KIND, not a ..." unless n is of type t. */
bool yml_expect(struct lab_loader *ld, const yaml_node_t *n,
		yaml_node_type_t t, const char *what);
/* Fills fields from a mapping n (already checked to be one): reports
 * unknown keys ("unknown key 'x' WHERE"), duplicate keys and missing
 * required ones. */
void yml_fields(struct lab_loader *ld, yaml_document_t *doc, yaml_node_t *n,
		const char *where, struct lab_field *fields, size_t n_fields);
/* The scalar text of a field's value ("" for a null), or NULL when the
 * field is absent or after reporting a type error. */
const char *yml_field_str(struct lab_loader *ld, const struct lab_field *f);
/* The list (mapping) value of a field, NULL when absent or null; false
 * after a type error. */
bool yml_field_list(struct lab_loader *ld, const struct lab_field *f,
		    yaml_node_t **seq);
bool yml_field_map(struct lab_loader *ld, const struct lab_field *f,
		   yaml_node_t **map);
size_t yml_list_len(const yaml_node_t *seq);
yaml_node_t *yml_list_item(yaml_document_t *doc, const yaml_node_t *seq,
			   size_t i);
bool yml_parse_uint(const char *s, unsigned long max, unsigned long *v);
/* A duration with its unit, "250ms" or "30s", into milliseconds (at
 * most max_ms); false if it is not one. */
bool yml_parse_ms(const char *s, unsigned long max_ms, unsigned long *ms);

#define LAB_NAME_RULE "use a-z, 0-9 and '-', start with a letter or digit, " \
			"at most 32 characters"

/* lab_model.c: names */
bool lab_name_valid(const char *s);
/* NULL if s can name an interface, else why not. */
const char *iface_name_problem(const char *s);
void lab_node_free(struct lab_node *node);
void lab_drill_free(struct lab_drill *d);
struct lab_iface *lab_iface_new(struct lab_loader *ld, struct lab_node *node,
				const char *name, struct lab_pos pos);

/* lab_parse_links.c, lab_parse_routes.c, lab_parse_ttl.c: parts of the
 * lab file lab_parse.c reads */
void parse_routes(struct lab_loader *ld, yaml_document_t *doc,
		  const struct lab_field *f, struct lab_node *node);
/* A prefix written as a network: reports "bad WHAT 'S': host bits set"
 * at pos and returns false if p has host bits. */
bool network_ok(struct lab_loader *ld, const char *what, const char *s,
		const struct prefix *p, struct lab_pos pos);
void parse_ttl(struct lab_loader *ld, yaml_document_t *doc,
	       const struct lab_field *f, struct lab_node *node);
void parse_links(struct lab_loader *ld, yaml_document_t *doc,
		 const struct lab_field *f);
void parse_bridges(struct lab_loader *ld, yaml_document_t *doc,
		   const struct lab_field *f);

/* lab_parse_addrs.c: what lab_parse.c and lab_parse_links.c share */
/* "address:" or "loopback:" (a scalar or a list) into the interface, or
 * the node's loopback when iface is NULL, or nowhere when node is NULL
 * (only checked); remembers positions for the check pass. */
void parse_addresses(struct lab_loader *ld, yaml_document_t *doc,
		     const struct lab_field *f, struct lab_node *node,
		     struct lab_iface *iface);
/* "state:" up|down; false on error. */
bool parse_state(struct lab_loader *ld, const struct lab_field *f,
		 bool *down);

/* lab_parse_gateways.c: a host's `gateways:`, then (once every node is
 * read) their nodes looked up */
void parse_gateways(struct lab_loader *ld, yaml_document_t *doc,
		    const struct lab_field *f, struct lab_node *node);
void resolve_gateways(struct lab_loader *ld);
/* A node dropped after its body was read (a duplicate) leaves its
 * gateways unresolved: the memory may be another node's next. */
void drop_gateway_refs(struct lab_loader *ld, const struct lab_node *node);

/* lab_parse_drills.c: the top-level `expectations:` and `drills:` (after
 * the nodes and their interfaces) */
void parse_expectations(struct lab_loader *ld, const struct lab_field *f);
void parse_drills(struct lab_loader *ld, yaml_document_t *doc,
		  const struct lab_field *f);

/* lab_parse_hosts.c: `hosts:` (before the nodes), a node's `host:`,
 * and their part of the second pass (VNIs and MTUs of the links between
 * hosts) */
void parse_hosts(struct lab_loader *ld, yaml_document_t *doc,
		 const struct lab_field *f);
void parse_node_host(struct lab_loader *ld, const struct lab_field *f,
		     struct lab_node *node);
void check_hosts(struct lab_loader *ld);

/* lab_check.c: the second pass, over a model the parser found no error in */
void lab_check(struct lab_loader *ld);
/* lab_parse_ttl.c: part of the second pass */
void check_ttl_ifaces(struct lab_loader *ld);
/* lab_check_gateways.c: part of the second pass */
void check_gateways(struct lab_loader *ld);

#endif
