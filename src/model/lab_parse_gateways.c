/* SPDX-License-Identifier: ISC */
/* A host's VNet gateways, first pass: each value's form, then, once every
 * node is read, the node each one names. Whether the host reaches the
 * gateway's address is lab_check_gateways.c's business. */
#include <string.h>

#include "lab_priv.h"

enum { G_NODE, G_VIA, G_TYPE };

static bool parse_type(struct lab_loader *ld, const struct lab_field *f,
		       struct lab_gateway *gw)
{
	const char *s = yml_field_str(ld, f);

	if (s == NULL)
		return false;
	if (strcmp(s, "expressroute") == 0) {
		gw->type = GW_EXPRESSROUTE;
		return true;
	}
	if (strcmp(s, "vpn") == 0) {
		gw->type = GW_VPN;
		return true;
	}
	ld_error(ld, yml_pos(f->value), "bad gateway type '%s': expected "
		 "expressroute or vpn", s);
	return false;
}

/* One address of `via`; at most one per family, as the controller
 * routes each prefix through the gateway's address of its family. */
static bool parse_one_via(struct lab_loader *ld, yaml_node_t *item,
			  struct lab_gateway *gw, struct lab_pos *pos)
{
	struct prefix a;
	const char *s;

	if (!yml_expect(ld, item, YAML_SCALAR_NODE, "each address"))
		return false;
	s = yml_scalar(item);
	if (addr_parse(s, &a) < 0) {
		ld_error(ld, yml_pos(item), "bad gateway address '%s': "
			 "expected an IPv4 or IPv6 address", s);
		return false;
	}
	if (lab_gw_via(gw, a.family) != NULL || gw->n_via == LAB_GW_VIAS) {
		ld_error(ld, yml_pos(item), "gateway address %s: the gateway "
			 "already has an %s address", s,
			 a.family == AF_INET ? "IPv4" : "IPv6");
		return false;
	}
	pos[gw->n_via] = yml_pos(item);
	gw->via[gw->n_via++] = a;
	return true;
}

/* `via`: an address, or a list of them (an IPv4 and an IPv6 one). */
static bool parse_gw_via(struct lab_loader *ld, yaml_document_t *doc,
			 const struct lab_field *f, struct lab_gateway *gw,
			 struct lab_pos *pos)
{
	yaml_node_t *v = f->value;
	bool is_list = v != NULL && v->type == YAML_SEQUENCE_NODE;
	size_t count = is_list ? yml_list_len(v) : 1;
	bool ok = true;

	if (v == NULL)
		return false;
	if (v->type == YAML_MAPPING_NODE) {
		ld_error(ld, yml_pos(v), "'via' must be an address or a list, "
			 "not a mapping");
		return false;
	}
	if (count == 0 || yml_is_null(v)) {
		ld_error(ld, yml_pos(v), "'via' needs an address");
		return false;
	}
	for (size_t i = 0; i < count; i++)
		ok &= parse_one_via(ld, is_list ? yml_list_item(doc, v, i) : v,
				    gw, pos);
	return ok;
}

/* One gateway node per host once, and (as in an Azure VNet) at most one
 * gateway of each type: the type decides the route's preference. */
static bool gw_unique(struct lab_loader *ld, const struct lab_node *host,
		      const char *name, const struct lab_gateway *gw,
		      const struct lab_field *f)
{
	for (size_t i = 0; i < ld->n_gws; i++) {
		const struct gw_ref *r = &ld->gws[i];

		if (r->host != host || strcmp(r->name, name) != 0)
			continue;
		ld_error(ld, yml_pos(f[G_NODE].value), "duplicate gateway "
			 "'%s' (first at %u:%u)", name, r->node.line,
			 r->node.col);
		return false;
	}
	for (size_t i = 0; i < host->n_gateways; i++) {
		const struct lab_gateway *first = &host->gateways[i];

		if (first->type != gw->type)
			continue;
		ld_error(ld, yml_pos(f[G_TYPE].value), "node '%s' already has "
			 "a gateway of type %s (first at %u:%u)", host->name,
			 lab_gw_type_name(gw->type), first->pos.line,
			 first->pos.col);
		return false;
	}
	return true;
}

static void gw_ref(struct lab_loader *ld, struct lab_node *host,
		   const char *name, const struct lab_field *f,
		   const struct lab_pos *via)
{
	struct gw_ref *ref = ld_append(ld, &ld->gws, &ld->n_gws,
				       sizeof(*ref));

	if (ref == NULL)
		return;
	ref->host = host;
	ref->idx = host->n_gateways;
	ref->name = ld_strdup(ld, name);
	ref->node = yml_pos(f[G_NODE].value);
	memcpy(ref->via, via, sizeof(ref->via));
}

static void parse_gateway(struct lab_loader *ld, yaml_document_t *doc,
			  yaml_node_t *item, struct lab_node *host)
{
	struct lab_field f[] = {
		[G_NODE] = REQUIRED("node"), [G_VIA] = REQUIRED("via"),
		[G_TYPE] = REQUIRED("type"),
	};
	struct lab_gateway *gw = &host->gateways[host->n_gateways];
	struct lab_pos via[LAB_GW_VIAS] = { { 0 } };
	const char *name;
	bool via_ok, type_ok;

	if (!yml_expect(ld, item, YAML_MAPPING_NODE, "each gateway"))
		return;
	yml_fields(ld, doc, item, "in a gateway", f, sizeof(f) / sizeof(f[0]));
	/* a refused gateway leaves its slot dirty for the next one */
	memset(gw, 0, sizeof(*gw));
	gw->pos = yml_pos(item);
	name = yml_field_str(ld, &f[G_NODE]);
	via_ok = parse_gw_via(ld, doc, &f[G_VIA], gw, via);
	type_ok = parse_type(ld, &f[G_TYPE], gw);
	if (name == NULL || !via_ok || !type_ok ||
	    !gw_unique(ld, host, name, gw, f))
		return;
	gw_ref(ld, host, name, f, via);
	host->n_gateways++;
}

void parse_gateways(struct lab_loader *ld, yaml_document_t *doc,
		    const struct lab_field *f, struct lab_node *node)
{
	yaml_node_t *seq;
	size_t n;

	if (!yml_field_list(ld, f, &seq) || (n = yml_list_len(seq)) == 0 ||
	    node->name == NULL)
		return;
	/* A router's routes come from its own routing daemon. */
	if (node->role != ROLE_HOST)
		ld_error(ld, yml_pos(f->key_node), "only a host has gateways; "
			 "node '%s' is a %s", node->name,
			 lab_role_name(node->role));
	node->gateways = ld_calloc(ld, n, sizeof(*node->gateways));
	for (size_t i = 0; i < n && node->gateways != NULL; i++)
		parse_gateway(ld, doc, yml_list_item(doc, seq, i), node);
}

void drop_gateway_refs(struct lab_loader *ld, const struct lab_node *node)
{
	for (size_t i = 0; i < ld->n_gws; i++)
		if (ld->gws[i].host == node)
			ld->gws[i].host = NULL;
}

void resolve_gateways(struct lab_loader *ld)
{
	for (size_t i = 0; i < ld->n_gws; i++) {
		const struct gw_ref *r = &ld->gws[i];
		struct lab_node *node;

		if (r->name == NULL || r->host == NULL)
			continue;
		node = lab_find_node(ld->lab, r->name);
		if (node == NULL)
			ld_error(ld, r->node, "unknown node '%s' in gateway",
				 r->name);
		else if (node->role != ROLE_ROUTER)
			ld_error(ld, r->node, "gateway node '%s' is a %s, not "
				 "a router", r->name,
				 lab_role_name(node->role));
		else
			r->host->gateways[r->idx].node = node;
	}
}
