/* SPDX-License-Identifier: ISC */
/* A node's `ttl:` rules: packets entering the node (on one interface,
 * from one source prefix) have their TTL raised before forwarding lowers
 * it, so that the node forwards them without taking a traceroute hop.
 * First pass: each value's form. The interface is looked up by the check
 * pass, since the links that declare interfaces come after the nodes. */
#include <stdio.h>
#include <string.h>

#include "lab_priv.h"

enum { T_IN, T_FROM, T_INC };

static bool parse_in(struct lab_loader *ld, const struct lab_field *f,
		     struct lab_ttl_rule *rule)
{
	const char *s = yml_field_str(ld, f), *why;

	if (s == NULL)
		return f->value == NULL;
	if ((why = iface_name_problem(s)) != NULL) {
		ld_error(ld, yml_pos(f->value), "bad interface name '%s': %s",
			 s, why);
		return false;
	}
	snprintf(rule->in, sizeof(rule->in), "%s", s);
	rule->in_pos = yml_pos(f->value);
	return true;
}

/* IPv4 only: the rules are iptables', and the lab's traces are IPv4. */
static bool parse_from(struct lab_loader *ld, const struct lab_field *f,
		       struct lab_ttl_rule *rule)
{
	const char *s = yml_field_str(ld, f);

	if (s == NULL)
		return f->value == NULL;
	if (prefix_parse(s, &rule->from) < 0 ||
	    rule->from.family != AF_INET) {
		ld_error(ld, yml_pos(f->value), "bad source '%s': expected an "
			 "IPv4 address/length", s);
		return false;
	}
	if (!network_ok(ld, "source", s, &rule->from, yml_pos(f->value)))
		return false;
	rule->has_from = true;
	return true;
}

/* The xt TTL target's own range; 0 would be no rule at all. */
static bool parse_inc(struct lab_loader *ld, const struct lab_field *f,
		      struct lab_ttl_rule *rule)
{
	const char *s = yml_field_str(ld, f);
	unsigned long v;

	rule->inc = 1;
	if (s == NULL)
		return f->value == NULL;
	if (!yml_parse_uint(s, 255, &v) || v < 1) {
		ld_error(ld, yml_pos(f->value), "bad inc '%s': expected an "
			 "integer from 1 to 255", s);
		return false;
	}
	rule->inc = (unsigned)v;
	return true;
}

static void parse_rule(struct lab_loader *ld, yaml_document_t *doc,
		       yaml_node_t *item, struct lab_node *node)
{
	struct lab_field f[] = {
		[T_IN] = FIELD("in"), [T_FROM] = FIELD("from"),
		[T_INC] = FIELD("inc"),
	};
	struct lab_ttl_rule *rule = &node->ttl_rules[node->n_ttl_rules];
	bool ok;

	if (!yml_expect(ld, item, YAML_MAPPING_NODE, "each ttl rule"))
		return;
	yml_fields(ld, doc, item, "in a ttl rule", f,
		   sizeof(f) / sizeof(f[0]));
	memset(rule, 0, sizeof(*rule));
	rule->pos = yml_pos(item);
	/* each one, so that every mistake of the rule is reported */
	ok = parse_in(ld, &f[T_IN], rule);
	ok = parse_from(ld, &f[T_FROM], rule) && ok;
	ok = parse_inc(ld, &f[T_INC], rule) && ok;
	if (ok)
		node->n_ttl_rules++;
}

void parse_ttl(struct lab_loader *ld, yaml_document_t *doc,
	       const struct lab_field *f, struct lab_node *node)
{
	yaml_node_t *seq;
	size_t n;

	if (!yml_field_list(ld, f, &seq) || (n = yml_list_len(seq)) == 0)
		return;
	node->ttl_rules = ld_calloc(ld, n, sizeof(*node->ttl_rules));
	for (size_t i = 0; i < n && node->ttl_rules != NULL; i++)
		parse_rule(ld, doc, yml_list_item(doc, seq, i), node);
}

/* A packet that arrives on a bridge port enters the IPv4 stack (and
 * iptables' PREROUTING) as coming from the bridge, never from the port. */
void check_ttl_ifaces(struct lab_loader *ld)
{
	for (size_t i = 0; i < ld->lab->n_nodes; i++) {
		const struct lab_node *node = ld->lab->nodes[i];

		for (size_t k = 0; k < node->n_ttl_rules; k++) {
			const struct lab_ttl_rule *r = &node->ttl_rules[k];
			const struct lab_iface *ifc;

			if (r->in[0] == '\0')
				continue;
			ifc = lab_find_iface(node, r->in);
			if (ifc == NULL)
				ld_error(ld, r->in_pos, "unknown interface '%s': "
					 "node '%s' has no such interface",
					 r->in, node->name);
			else if (ifc->master != NULL)
				ld_error(ld, r->in_pos, "interface '%s' is a port "
					 "of bridge '%s': packets enter node "
					 "'%s' through the bridge", r->in,
					 ifc->master->iface->name, node->name);
		}
	}
}
