/* SPDX-License-Identifier: ISC */
/* What an interface is given wherever the lab file declares it (a
 * node's loopback in lab_parse.c, a link's end or a bridge in
 * lab_parse_links.c): its addresses and its state. A file of its own so
 * that those two depend on it, not on each other. */
#include <stdlib.h>
#include <string.h>

#include "lab_priv.h"

static void add_addr(struct lab_loader *ld, yaml_node_t *item,
		     struct lab_node *node, struct lab_iface *iface,
		     struct prefix *addrs, size_t *n)
{
	struct addr_ref *ref;

	if (!yml_expect(ld, item, YAML_SCALAR_NODE, "each address"))
		return;
	if (prefix_parse(yml_scalar(item), &addrs[*n]) < 0) {
		ld_error(ld, yml_pos(item), "bad address '%s': expected an "
			 "IPv4 or IPv6 address, optionally with /length",
			 yml_scalar(item));
		return;
	}
	ref = ld_append(ld, &ld->addrs, &ld->n_addrs, sizeof(*ref));
	if (ref == NULL)
		return;
	ref->node = node;
	ref->iface = iface;
	ref->idx = (*n)++;
	ref->pos = yml_pos(item);
}

void parse_addresses(struct lab_loader *ld, yaml_document_t *doc,
		     const struct lab_field *f, struct lab_node *node,
		     struct lab_iface *iface)
{
	yaml_node_t *v = f->value;
	bool is_list = v != NULL && v->type == YAML_SEQUENCE_NODE;
	size_t count = is_list ? yml_list_len(v) : 1;
	struct prefix *addrs;
	size_t n = 0;

	if (v == NULL || yml_is_null(v))
		return;
	if (v->type == YAML_MAPPING_NODE) {
		ld_error(ld, yml_pos(v), "'%s' must be an address or a list, "
			 "not a mapping", f->key);
		return;
	}
	if ((addrs = ld_calloc(ld, count, sizeof(*addrs))) == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		add_addr(ld, is_list ? yml_list_item(doc, v, i) : v, node,
			 iface, addrs, &n);
	if (node == NULL) {		/* only checking */
		free(addrs);
	} else if (iface != NULL) {
		iface->addrs = addrs;
		iface->n_addrs = n;
	} else {
		node->loopback = addrs;
		node->n_loopback = n;
	}
}

bool parse_state(struct lab_loader *ld, const struct lab_field *f, bool *down)
{
	const char *s = yml_field_str(ld, f);

	*down = false;
	if (f->value == NULL)
		return true;
	if (s == NULL)
		return false;
	if (strcmp(s, "up") == 0)
		return true;
	if (strcmp(s, "down") == 0) {
		*down = true;
		return true;
	}
	ld_error(ld, yml_pos(f->value), "bad state '%s': expected up or down",
		 s);
	return false;
}
