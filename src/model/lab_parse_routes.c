/* SPDX-License-Identifier: ISC */
/* A node's static routes, first pass: each value's form. Whether the
 * device exists and the next hop is reachable is lab_check's business. */
#include <stdio.h>
#include <string.h>

#include "lab_priv.h"

enum { R_TO, R_VIA, R_DEV, R_ONLINK, R_METRIC, R_SOURCE };

bool network_ok(struct lab_loader *ld, const char *what, const char *s,
		const struct prefix *p, struct lab_pos pos)
{
	char want[PREFIX_STRLEN];
	struct prefix masked = *p;

	prefix_mask(&masked);
	if (prefix_same_addr(&masked, p))
		return true;
	/* the kernel refuses these for IPv4 routes and masks them for IPv6,
	 * iptables masks them silently: either way the file does not say
	 * what it means */
	ld_error(ld, pos, "bad %s '%s': host bits set, did you mean %s?", what,
		 s, prefix_fmt(&masked, want));
	return false;
}

/* "default" is filled in by route_default once the next hop's family is
 * known; "to: default, via: 2001:db8::1" is the IPv6 default. */
static bool parse_to(struct lab_loader *ld, const struct lab_field *f,
		     struct lab_route *r, bool *is_default)
{
	const char *s = yml_field_str(ld, f);

	*is_default = false;
	if (s == NULL)
		return false;
	if (strcmp(s, "default") == 0) {
		*is_default = true;
		return true;
	}
	if (prefix_parse(s, &r->dst) < 0) {
		ld_error(ld, yml_pos(f->value), "bad destination '%s': "
			 "expected default or an address/length", s);
		return false;
	}
	return network_ok(ld, "destination", s, &r->dst, yml_pos(f->value));
}

static void parse_via(struct lab_loader *ld, const struct lab_field *f,
		      struct lab_route *r)
{
	const char *s = yml_field_str(ld, f);

	if (s == NULL)
		return;
	if (addr_parse(s, &r->via) < 0) {
		ld_error(ld, yml_pos(f->value), "bad next hop '%s': expected "
			 "an IPv4 or IPv6 address", s);
		return;
	}
	r->has_via = true;
}

static void parse_dev(struct lab_loader *ld, const struct lab_field *f,
		      struct lab_route *r)
{
	const char *s = yml_field_str(ld, f), *why;

	if (s == NULL)
		return;
	why = strcmp(s, "lo") == 0 ? NULL : iface_name_problem(s);
	if (why != NULL) {
		ld_error(ld, yml_pos(f->value), "bad interface name '%s': %s",
			 s, why);
		return;
	}
	snprintf(r->dev, sizeof(r->dev), "%s", s);
}

static void parse_onlink(struct lab_loader *ld, const struct lab_field *f,
			 struct lab_route *r)
{
	const char *s = yml_field_str(ld, f);

	if (s == NULL)
		return;
	if (strcmp(s, "true") == 0)
		r->onlink = true;
	else if (strcmp(s, "false") != 0)
		ld_error(ld, yml_pos(f->value),
			 "bad onlink '%s': expected true or false", s);
}

static void parse_metric(struct lab_loader *ld, const struct lab_field *f,
			 struct lab_route *r)
{
	const char *s = yml_field_str(ld, f);
	unsigned long v;

	if (s == NULL)
		return;
	if (!yml_parse_uint(s, 0xffffffffUL, &v)) {
		ld_error(ld, yml_pos(f->value), "bad metric '%s': expected an "
			 "unsigned integer", s);
		return;
	}
	r->metric = (unsigned)v;
}

/* Only a label: `azlab routes` shows VNet-local and peering routes as
 * Azure's effective routes do. */
static void parse_source(struct lab_loader *ld, const struct lab_field *f,
			 struct lab_route *r)
{
	static const enum lab_route_source sources[] = {
		ROUTE_STATIC, ROUTE_VNET, ROUTE_PEERING
	};
	const char *s = yml_field_str(ld, f);

	if (s == NULL)
		return;
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		if (strcmp(s, lab_route_source_name(sources[i])) == 0) {
			r->source = sources[i];
			return;
		}
	}
	ld_error(ld, yml_pos(f->value), "bad source '%s': expected vnet, "
		 "peering or static", s);
}

/* What the route needs besides each value being well formed. */
static void route_consistent(struct lab_loader *ld, const struct lab_field *f,
			     const struct lab_route *r, struct lab_pos pos)
{
	char via[PREFIX_STRLEN];

	if (f[R_VIA].value == NULL && f[R_DEV].value == NULL)
		ld_error(ld, pos, "a route needs 'via' or 'dev'");
	if (r->onlink && f[R_DEV].value == NULL)
		ld_error(ld, yml_pos(f[R_ONLINK].key_node),
			 "'onlink' needs 'dev': the kernel must be told which "
			 "link the next hop is on");
	if (r->has_via && r->dst.family != r->via.family)
		ld_error(ld, yml_pos(f[R_VIA].value), "next hop %s is not of "
			 "the destination's address family",
			 addr_fmt(&r->via, via));
}

static void route_ref(struct lab_loader *ld, struct lab_node *node,
		      const struct lab_field *f)
{
	struct route_ref *ref = ld_append(ld, &ld->routes, &ld->n_routes,
					  sizeof(*ref));

	if (ref == NULL)
		return;
	ref->node = node;
	ref->idx = node->n_routes;
	ref->to = yml_pos(f[R_TO].value);
	if (f[R_VIA].value != NULL)
		ref->via = yml_pos(f[R_VIA].value);
	if (f[R_DEV].value != NULL)
		ref->dev = yml_pos(f[R_DEV].value);
}

static void parse_route(struct lab_loader *ld, yaml_document_t *doc,
			yaml_node_t *item, struct lab_node *node)
{
	struct lab_field f[] = {
		[R_TO] = REQUIRED("to"), [R_VIA] = FIELD("via"),
		[R_DEV] = FIELD("dev"), [R_ONLINK] = FIELD("onlink"),
		[R_METRIC] = FIELD("metric"), [R_SOURCE] = FIELD("source"),
	};
	struct lab_route *r = &node->routes[node->n_routes];
	bool is_default, to_ok;

	if (!yml_expect(ld, item, YAML_MAPPING_NODE, "each route"))
		return;
	yml_fields(ld, doc, item, "in a route", f, sizeof(f) / sizeof(f[0]));
	/* a refused route leaves its slot dirty for the next one */
	memset(r, 0, sizeof(*r));
	r->pos = yml_pos(item);
	to_ok = parse_to(ld, &f[R_TO], r, &is_default);
	parse_via(ld, &f[R_VIA], r);
	parse_dev(ld, &f[R_DEV], r);
	parse_onlink(ld, &f[R_ONLINK], r);
	parse_metric(ld, &f[R_METRIC], r);
	parse_source(ld, &f[R_SOURCE], r);
	if (!to_ok)
		return;
	if (is_default)
		r->dst.family = r->has_via ? r->via.family : AF_INET;
	route_consistent(ld, f, r, r->pos);
	route_ref(ld, node, f);
	node->n_routes++;
}

void parse_routes(struct lab_loader *ld, yaml_document_t *doc,
		  const struct lab_field *f, struct lab_node *node)
{
	yaml_node_t *seq;
	size_t n;

	if (!yml_field_list(ld, f, &seq) || (n = yml_list_len(seq)) == 0)
		return;
	node->routes = ld_calloc(ld, n, sizeof(*node->routes));
	for (size_t i = 0; i < n && node->routes != NULL; i++)
		parse_route(ld, doc, yml_list_item(doc, seq, i), node);
}
