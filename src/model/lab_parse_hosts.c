/* SPDX-License-Identifier: ISC */
/* `hosts:` and a node's `host:`: the machines a lab spans. Read before
 * the nodes, so that a node names its host as it is read; checked once
 * the links exist, since a link between hosts is a VXLAN with its own
 * identifier and MTU. */
#include <stdlib.h>
#include <string.h>

#include "lab_priv.h"

/* A VXLAN in it must still carry IPv6's 1280 (the kernel turns IPv6 off
 * on a smaller link): 1280 plus the encapsulation over IPv6, 70 */
#define HOST_MTU_MIN	1350
#define HOST_MTU_MAX	65535

enum { H_NAME, H_UNDERLAY, H_MTU, H_SITES };

static void host_underlay(struct lab_loader *ld, const struct lab_field *f,
			  struct lab_host *h)
{
	const char *s = yml_field_str(ld, f);
	char a[PREFIX_STRLEN];

	if (s == NULL)
		return;
	if (addr_parse(s, &h->underlay) < 0) {
		ld_error(ld, yml_pos(f->value), "bad underlay '%s': expected "
			 "an IPv4 or IPv6 address (the host's own)", s);
		return;
	}
	for (struct lab_host *o = ld->lab->hosts; o < h; o++)
		if (prefix_same_addr(&o->underlay, &h->underlay))
			ld_error(ld, yml_pos(f->value), "underlay %s is already "
				 "host '%s''s (at %u:%u)",
				 addr_fmt(&h->underlay, a), o->name,
				 o->pos.line, o->pos.col);
}

static void host_mtu(struct lab_loader *ld, const struct lab_field *f,
		     struct lab_host *h)
{
	const char *s = yml_field_str(ld, f);
	unsigned long v;

	h->mtu = 1500;
	if (s == NULL)
		return;
	if (!yml_parse_uint(s, HOST_MTU_MAX, &v) || v < HOST_MTU_MIN) {
		ld_error(ld, yml_pos(f->value), "bad mtu '%s': expected %d to "
			 "%d (the underlay's)", s, HOST_MTU_MIN, HOST_MTU_MAX);
		return;
	}
	h->mtu = (unsigned)v;
}

static const struct lab_host *site_host(const struct lab *lab,
					const char *site)
{
	for (size_t i = 0; i < lab->n_hosts; i++)
		for (size_t k = 0; k < lab->hosts[i].n_sites; k++)
			if (strcmp(lab->hosts[i].sites[k], site) == 0)
				return &lab->hosts[i];
	return NULL;
}

static void host_sites(struct lab_loader *ld, yaml_document_t *doc,
		       const struct lab_field *f, struct lab_host *h)
{
	yaml_node_t *seq;
	size_t n;

	if (!yml_field_list(ld, f, &seq) || seq == NULL)
		return;
	n = yml_list_len(seq);
	if ((h->sites = ld_calloc(ld, n + 1, sizeof(*h->sites))) == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = yml_list_item(doc, seq, i);
		const struct lab_host *first;

		if (!yml_expect(ld, item, YAML_SCALAR_NODE, "each site"))
			continue;
		first = site_host(ld->lab, yml_scalar(item));
		if (first != NULL) {
			ld_error(ld, yml_pos(item), "site '%s' is already on "
				 "host '%s'", yml_scalar(item), first->name);
			continue;
		}
		h->sites[h->n_sites] = ld_strdup(ld, yml_scalar(item));
		if (h->sites[h->n_sites] != NULL)
			h->n_sites++;
	}
}

static void parse_host(struct lab_loader *ld, yaml_document_t *doc,
		       yaml_node_t *item, struct lab_host *h)
{
	struct lab_field f[] = {
		[H_NAME] = REQUIRED("name"), [H_UNDERLAY] = REQUIRED("underlay"),
		[H_MTU] = FIELD("mtu"), [H_SITES] = FIELD("sites"),
	};
	const struct lab_host *first;
	const char *name;

	h->mtu = 1500;
	if (!yml_expect(ld, item, YAML_MAPPING_NODE, "each host"))
		return;
	yml_fields(ld, doc, item, "in a host", f, sizeof(f) / sizeof(f[0]));
	if ((name = yml_field_str(ld, &f[H_NAME])) == NULL)
		return;
	h->pos = yml_pos(f[H_NAME].value);
	if (!lab_name_valid(name))
		ld_error(ld, h->pos, "bad host name '%s': " LAB_NAME_RULE, name);
	if ((first = lab_find_host(ld->lab, name)) != NULL)
		ld_error(ld, h->pos, "duplicate host '%s' (first at %u:%u)",
			 name, first->pos.line, first->pos.col);
	host_underlay(ld, &f[H_UNDERLAY], h);
	host_mtu(ld, &f[H_MTU], h);
	h->name = ld_strdup(ld, name);
	host_sites(ld, doc, &f[H_SITES], h);
}

void parse_hosts(struct lab_loader *ld, yaml_document_t *doc,
		 const struct lab_field *f)
{
	yaml_node_t *seq;
	size_t n;

	if (!yml_field_list(ld, f, &seq) || seq == NULL)
		return;
	if ((n = yml_list_len(seq)) == 0)
		return;
	ld->lab->hosts = ld_calloc(ld, n, sizeof(*ld->lab->hosts));
	for (size_t i = 0; i < n && ld->lab->hosts != NULL; i++) {
		/* counted first: a later host's checks look at the earlier */
		ld->lab->n_hosts = i + 1;
		parse_host(ld, doc, yml_list_item(doc, seq, i),
			   &ld->lab->hosts[i]);
	}
}

void parse_node_host(struct lab_loader *ld, const struct lab_field *f,
		     struct lab_node *node)
{
	const char *s = yml_field_str(ld, f);

	if (f->value == NULL) {
		if (node->site != NULL)
			node->host = site_host(ld->lab, node->site);
		if (ld->lab->n_hosts > 0 && node->host == NULL)
			ld_error(ld, node->pos, "node '%s' has no host: and no "
				 "host has its site%s%s%s (the lab places its "
				 "nodes on hosts)", node->name,
				 node->site ? " '" : "",
				 node->site ? node->site : "",
				 node->site ? "'" : "");
		return;
	}
	if (s == NULL)
		return;
	node->host = lab_find_host(ld->lab, s);
	if (node->host == NULL)
		ld_error(ld, yml_pos(f->value), "unknown host '%s'%s", s,
			 ld->lab->n_hosts == 0 ? ": the lab has no hosts:" :
			 "");
}

/* --- second pass ------------------------------------------------------------ */

static void check_underlay_families(struct lab_loader *ld)
{
	const struct lab *lab = ld->lab;

	for (size_t i = 1; i < lab->n_hosts; i++)
		if (lab->hosts[i].underlay.family !=
		    lab->hosts[0].underlay.family)
			ld_error(ld, lab->hosts[i].pos, "host '%s''s underlay "
				 "is not of the same family as host '%s''s",
				 lab->hosts[i].name, lab->hosts[0].name);
}

/* The VNI is the link's place in the file, so every host, reading the
 * same file, gives a link the same one. */
static void check_link_between_hosts(struct lab_loader *ld, size_t i)
{
	struct lab_link *l = ld->lab->links[i];
	const struct lab_host *a = l->end[0]->node->host;
	const struct lab_host *b = l->end[1]->node->host;
	unsigned max;

	if (a == NULL || b == NULL || a == b)
		return;
	l->vni = LAB_VNI_BASE + (unsigned)i;
	max = lab_vxlan_mtu(a, b);
	if (l->mtu > max)
		ld_error(ld, l->pos, "link %s:%s <-> %s:%s joins hosts '%s' and "
			 "'%s': mtu %u does not fit in their VXLAN (at most "
			 "%u)", l->end[0]->node->name, l->end[0]->name,
			 l->end[1]->node->name, l->end[1]->name, a->name,
			 b->name, l->mtu, max);
}

/* The SDN controller of an instance reads its gateways' BGP tables:
 * a VM and its gateways must be built by the same instance. */
static void check_gateways_share_host(struct lab_loader *ld)
{
	const struct lab *lab = ld->lab;

	for (size_t i = 0; i < lab->n_nodes; i++) {
		const struct lab_node *n = lab->nodes[i];

		for (size_t k = 0; k < n->n_gateways; k++) {
			const struct lab_gateway *gw = &n->gateways[k];

			if (gw->node->host == n->host)
				continue;
			ld_error(ld, gw->pos, "gateway '%s' is on host '%s', "
				 "node '%s' on host '%s': put them on one",
				 gw->node->name, gw->node->host->name, n->name,
				 n->host->name);
		}
	}
}

void check_hosts(struct lab_loader *ld)
{
	if (ld->lab->n_hosts == 0)
		return;
	check_underlay_families(ld);
	for (size_t i = 0; i < ld->lab->n_links; i++)
		check_link_between_hosts(ld, i);
	check_gateways_share_host(ld);
	/* a drill whose nodes are on two hosts is not an error: the lab
	 * on one machine runs it; split, `azlab drill` says where they are */
}
