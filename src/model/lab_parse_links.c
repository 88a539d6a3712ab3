/* SPDX-License-Identifier: ISC */
/* Links and bridges, first pass: they create the nodes' interfaces, so
 * this is where interface names are resolved against the nodes and
 * duplicates found. */
#include <stdlib.h>
#include <string.h>

#include "lab_priv.h"

/* Reports why a new interface node:name cannot be made; false if so. */
static bool iface_name_ok(struct lab_loader *ld, const struct lab_node *node,
			  const char *name, struct lab_pos pos)
{
	const char *why = iface_name_problem(name);
	const struct lab_iface *first;

	if (why != NULL) {
		ld_error(ld, pos, "bad interface name '%s': %s", name, why);
		return false;
	}
	if (node == NULL)
		return true;
	if ((first = lab_find_iface(node, name)) != NULL) {
		ld_error(ld, pos, "duplicate interface '%s:%s' (first at "
			 "%u:%u)", node->name, name, first->pos.line,
			 first->pos.col);
		return false;
	}
	return true;
}

/* "node:iface" -> a new interface of that node, or NULL after an error. */
static struct lab_iface *endpoint_iface(struct lab_loader *ld,
					const char *spec, struct lab_pos pos)
{
	const char *colon = strchr(spec, ':');
	struct lab_node *node;
	char *node_name;
	bool ok;

	if (colon == NULL || colon == spec || colon[1] == '\0') {
		ld_error(ld, pos, "bad endpoint '%s': expected node:interface",
			 spec);
		return NULL;
	}
	if ((node_name = strndup(spec, (size_t)(colon - spec))) == NULL) {
		ld->oom = true;
		return NULL;
	}
	node = lab_find_node(ld->lab, node_name);
	if (node == NULL)
		ld_error(ld, pos, "unknown node '%s' in interface '%s'",
			 node_name, spec);
	free(node_name);
	ok = iface_name_ok(ld, node, colon + 1, pos);
	return ok && node != NULL ? lab_iface_new(ld, node, colon + 1, pos)
				  : NULL;
}

enum { E_INTERFACE, E_ADDRESS, E_STATE };

static struct lab_iface *parse_endpoint(struct lab_loader *ld,
					yaml_document_t *doc,
					yaml_node_t *item)
{
	struct lab_field f[] = {
		[E_INTERFACE] = REQUIRED("interface"),
		[E_ADDRESS] = FIELD("address"), [E_STATE] = FIELD("state"),
	};
	struct lab_iface *ifc = NULL;
	const char *spec;
	bool down;

	if (!yml_expect(ld, item, YAML_MAPPING_NODE, "each endpoint"))
		return NULL;
	yml_fields(ld, doc, item, "in an endpoint", f,
		   sizeof(f) / sizeof(f[0]));
	spec = yml_field_str(ld, &f[E_INTERFACE]);
	if (spec != NULL)
		ifc = endpoint_iface(ld, spec, yml_pos(f[E_INTERFACE].value));
	/* without an interface, still read the rest for its errors */
	parse_addresses(ld, doc, &f[E_ADDRESS], ifc ? ifc->node : NULL, ifc);
	parse_state(ld, &f[E_STATE], &down);
	if (ifc != NULL)
		ifc->down = down;
	return ifc;
}

static bool parse_mtu(struct lab_loader *ld, const struct lab_field *f,
		      unsigned *mtu)
{
	const char *s = yml_field_str(ld, f);
	unsigned long v;

	*mtu = 0;
	if (s == NULL)
		return f->value == NULL;
	/* 68: the IPv4 minimum; 65535: what a veth accepts */
	if (!yml_parse_uint(s, 65535, &v) || v < 68) {
		ld_error(ld, yml_pos(f->value), "bad mtu '%s': expected an "
			 "integer from 68 to 65535", s);
		return false;
	}
	*mtu = (unsigned)v;
	return true;
}

#define DELAY_MAX_MS 60000

/* "37ms" or "37": a one-way delay in milliseconds, the unit the article's
 * RTTs are given in; nothing finer is needed, nothing coarser is meant:
 * whole seconds ("1s"), which yml_parse_ms would read, are refused. */
static bool parse_delay(struct lab_loader *ld, const struct lab_field *f,
			unsigned *delay_ms)
{
	const char *s = yml_field_str(ld, f);
	unsigned long v = 0;
	size_t len;
	bool ok;

	*delay_ms = 0;
	if (s == NULL)
		return f->value == NULL;
	len = strlen(s);
	if (len > 2 && strcmp(s + len - 2, "ms") == 0)
		ok = yml_parse_ms(s, DELAY_MAX_MS, &v);
	else
		ok = yml_parse_uint(s, DELAY_MAX_MS, &v);
	if (!ok) {
		ld_error(ld, yml_pos(f->value), "bad delay '%s': expected "
			 "milliseconds from 0 to %d, e.g. 37ms", s,
			 DELAY_MAX_MS);
		return false;
	}
	*delay_ms = (unsigned)v;
	return true;
}

static void link_add(struct lab_loader *ld, struct lab_iface *ends[2],
		     unsigned mtu, unsigned delay_ms, struct lab_pos pos)
{
	struct lab_link *link = ld_calloc(ld, 1, sizeof(*link));

	if (link == NULL)
		return;
	for (int k = 0; k < 2; k++) {
		link->end[k] = ends[k];
		ends[k]->link = link;
		ends[k]->mtu = mtu;
	}
	link->mtu = mtu;
	link->delay_ms = delay_ms;
	link->pos = pos;
	ld->lab->links[ld->lab->n_links++] = link;
}

static void parse_link(struct lab_loader *ld, yaml_document_t *doc,
		       yaml_node_t *item)
{
	struct lab_field f[] = { REQUIRED("endpoints"), FIELD("mtu"),
				 FIELD("delay") };
	struct lab_iface *ends[2] = { NULL, NULL };
	yaml_node_t *seq;
	unsigned mtu, delay_ms;
	size_t n;
	bool ok;

	if (!yml_expect(ld, item, YAML_MAPPING_NODE, "each link"))
		return;
	yml_fields(ld, doc, item, "in a link", f, sizeof(f) / sizeof(f[0]));
	ok = parse_mtu(ld, &f[1], &mtu);
	ok = parse_delay(ld, &f[2], &delay_ms) && ok;
	if (f[0].value == NULL || !yml_field_list(ld, &f[0], &seq))
		return;
	n = yml_list_len(seq);
	if (n != 2) {
		ld_error(ld, yml_pos(f[0].value), "a link needs exactly two "
			 "endpoints, not %zu", n);
		ok = false;
	}
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *end = yml_list_item(doc, seq, i);
		struct lab_iface *ifc = parse_endpoint(ld, doc, end);

		if (i < 2)
			ends[i] = ifc;
	}
	if (ok && ends[0] != NULL && ends[1] != NULL)
		link_add(ld, ends, mtu, delay_ms, yml_pos(item));
}

void parse_links(struct lab_loader *ld, yaml_document_t *doc,
		 const struct lab_field *f)
{
	yaml_node_t *seq;
	size_t n;

	if (!yml_field_list(ld, f, &seq) || (n = yml_list_len(seq)) == 0)
		return;
	ld->lab->links = ld_calloc(ld, n, sizeof(*ld->lab->links));
	for (size_t i = 0; i < n && ld->lab->links != NULL; i++)
		parse_link(ld, doc, yml_list_item(doc, seq, i));
}

static void port_add(struct lab_loader *ld, struct lab_bridge *br,
		     yaml_node_t *item)
{
	struct lab_node *node = br->iface->node;
	const char *name = yml_scalar(item);
	struct lab_pos pos = yml_pos(item);
	struct lab_iface *port;
	struct port_ref *ref;

	port = lab_find_iface(node, name);
	if (port == NULL) {
		ld_error(ld, pos, "bridge port '%s' is not an interface of "
			 "node '%s'", name, node->name);
		return;
	}
	if (port->bridge != NULL) {
		ld_error(ld, pos, "bridge port '%s' is itself a bridge", name);
		return;
	}
	if (port->master != NULL) {
		ld_error(ld, pos, "interface '%s:%s' is already a port of "
			 "bridge '%s'", node->name, name,
			 port->master->iface->name);
		return;
	}
	if ((ref = ld_append(ld, &ld->ports, &ld->n_ports, sizeof(*ref))) ==
	    NULL)
		return;
	ref->bridge = br;
	ref->idx = br->n_ports;
	ref->pos = pos;
	port->master = br;
	br->ports[br->n_ports++] = port;
}

static void parse_ports(struct lab_loader *ld, yaml_document_t *doc,
			struct lab_bridge *br, yaml_node_t *seq)
{
	size_t n = yml_list_len(seq);

	if (n == 0)
		return;
	if ((br->ports = ld_calloc(ld, n, sizeof(*br->ports))) == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = yml_list_item(doc, seq, i);

		if (yml_expect(ld, item, YAML_SCALAR_NODE, "each port"))
			port_add(ld, br, item);
	}
}

enum { B_NODE, B_NAME, B_PORTS, B_ADDRESS, B_STATE };

static struct lab_node *bridge_node(struct lab_loader *ld,
				    const struct lab_field *f)
{
	const char *s = yml_field_str(ld, f);
	struct lab_node *node;

	if (s == NULL)
		return NULL;
	if ((node = lab_find_node(ld->lab, s)) == NULL)
		ld_error(ld, yml_pos(f->value), "unknown node '%s' in bridge",
			 s);
	return node;
}

static struct lab_bridge *bridge_new(struct lab_loader *ld,
				     struct lab_node *node, const char *name,
				     struct lab_pos pos)
{
	struct lab_bridge *br = ld_calloc(ld, 1, sizeof(*br));

	if (br == NULL)
		return NULL;
	if ((br->iface = lab_iface_new(ld, node, name, pos)) == NULL) {
		free(br);
		return NULL;
	}
	br->iface->bridge = br;
	return br;
}

/* The bridge and its device; ports are added once every bridge exists,
 * so that "is a bridge" wins over "no such interface". */
static struct lab_bridge *parse_bridge(struct lab_loader *ld,
				       yaml_document_t *doc, yaml_node_t *item,
				       yaml_node_t **ports)
{
	struct lab_field f[] = {
		[B_NODE] = REQUIRED("node"), [B_NAME] = REQUIRED("name"),
		[B_PORTS] = FIELD("ports"), [B_ADDRESS] = FIELD("address"),
		[B_STATE] = FIELD("state"),
	};
	struct lab_bridge *br = NULL;
	struct lab_node *node;
	const char *name;
	bool down;

	if (!yml_expect(ld, item, YAML_MAPPING_NODE, "each bridge"))
		return NULL;
	yml_fields(ld, doc, item, "in a bridge", f, sizeof(f) / sizeof(f[0]));
	node = bridge_node(ld, &f[B_NODE]);
	name = yml_field_str(ld, &f[B_NAME]);
	if (name != NULL &&
	    iface_name_ok(ld, node, name, yml_pos(f[B_NAME].value)) &&
	    node != NULL)
		br = bridge_new(ld, node, name, yml_pos(f[B_NAME].value));
	if (!yml_field_list(ld, &f[B_PORTS], ports))
		*ports = NULL;
	parse_addresses(ld, doc, &f[B_ADDRESS], br ? node : NULL,
			br ? br->iface : NULL);
	parse_state(ld, &f[B_STATE], &down);
	if (br != NULL) {
		br->iface->down = down;
		br->pos = yml_pos(item);
	}
	return br;
}

void parse_bridges(struct lab_loader *ld, yaml_document_t *doc,
		   const struct lab_field *f)
{
	struct lab *lab = ld->lab;
	yaml_node_t *seq, **ports;
	size_t n;

	if (!yml_field_list(ld, f, &seq) || (n = yml_list_len(seq)) == 0)
		return;
	lab->bridges = ld_calloc(ld, n, sizeof(*lab->bridges));
	ports = ld_calloc(ld, n, sizeof(*ports));
	for (size_t i = 0; i < n && lab->bridges != NULL && ports != NULL;
	     i++) {
		struct lab_bridge *br;

		br = parse_bridge(ld, doc, yml_list_item(doc, seq, i),
				  &ports[lab->n_bridges]);
		if (br != NULL)
			lab->bridges[lab->n_bridges++] = br;
	}
	for (size_t i = 0; i < lab->n_bridges; i++)
		parse_ports(ld, doc, lab->bridges[i], ports[i]);
	free(ports);
}
