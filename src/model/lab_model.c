/* SPDX-License-Identifier: ISC */
/* The lab model: names, look-ups and freeing. Each interface is owned by
 * its node (node->ifaces); links and bridges only point at interfaces. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab_priv.h"

const char *lab_role_name(enum lab_role role)
{
	switch (role) {
	case ROLE_HOST:
		return "host";
	case ROLE_ROUTER:
		return "router";
	case ROLE_FABRIC:
		return "fabric";
	}
	return "?";
}

const char *lab_gw_type_name(enum lab_gw_type type)
{
	return type == GW_EXPRESSROUTE ? "expressroute" : "vpn";
}

const struct prefix *lab_gw_via(const struct lab_gateway *gw, int family)
{
	for (size_t i = 0; i < gw->n_via; i++)
		if (gw->via[i].family == family)
			return &gw->via[i];
	return NULL;
}

bool lab_gw_has_via(const struct lab_gateway *gw, const struct prefix *a)
{
	const struct prefix *via = lab_gw_via(gw, a->family);

	return via != NULL && prefix_same_addr(via, a);
}

const char *lab_route_source_name(enum lab_route_source source)
{
	switch (source) {
	case ROUTE_STATIC:
		return "static";
	case ROUTE_VNET:
		return "vnet";
	case ROUTE_PEERING:
		return "peering";
	}
	return "?";
}

const char *lab_ns_name(const char *node, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", instance_ns_prefix(), node);
	return buf;
}

struct lab_node *lab_find_node(const struct lab *lab, const char *name)
{
	for (size_t i = 0; i < lab->n_nodes; i++)
		if (strcmp(lab->nodes[i]->name, name) == 0)
			return lab->nodes[i];
	for (size_t i = 0; i < lab->away.n_nodes; i++)
		if (strcmp(lab->away.nodes[i]->name, name) == 0)
			return lab->away.nodes[i];
	return NULL;
}

const struct lab_host *lab_find_host(const struct lab *lab, const char *name)
{
	for (size_t i = 0; i < lab->n_hosts; i++)
		if (lab->hosts[i].name != NULL &&
		    strcmp(lab->hosts[i].name, name) == 0)
			return &lab->hosts[i];
	return NULL;
}

const struct lab_drill *lab_find_drill(const struct lab *lab, const char *name)
{
	for (size_t i = 0; i < lab->n_drills; i++)
		if (strcmp(lab->drills[i]->name, name) == 0)
			return lab->drills[i];
	return NULL;
}

struct lab_iface *lab_find_iface(const struct lab_node *node, const char *name)
{
	for (size_t i = 0; i < node->n_ifaces; i++)
		if (strcmp(node->ifaces[i]->name, name) == 0)
			return node->ifaces[i];
	return NULL;
}

const char *lab_iface_spec_split(const char *spec, char node[LAB_NAME_MAX + 1])
{
	const char *colon = strchr(spec, ':');
	size_t len = colon == NULL ? 0 : (size_t)(colon - spec);

	node[0] = '\0';
	if (len == 0)
		return NULL;
	if (len <= LAB_NAME_MAX) {
		memcpy(node, spec, len);
		node[len] = '\0';
	}
	return colon + 1;
}

/* Node and lab names become namespace and file names, and are typed in
 * `azlab exec NODE`: keep them to what needs no quoting anywhere. */
bool lab_name_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > LAB_NAME_MAX || !isalnum((unsigned char)s[0]))
		return false;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (!(islower(c) || isdigit(c) || c == '-'))
			return false;
	}
	return true;
}

/* The kernel's own rules (dev_valid_name) plus names that clash with
 * the per-interface sysctl directories or the loopback. */
const char *iface_name_problem(const char *s)
{
	static const char *const reserved[] = { "lo", "all", "default", ".",
						".." };

	if (s[0] == '\0')
		return "empty";
	if (strlen(s) >= IF_NAMESIZE)
		return "longer than 15 characters";
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcmp(s, reserved[i]) == 0)
			return "reserved";
	for (; *s != '\0'; s++)
		if (*s == '/' || *s == ':' || isspace((unsigned char)*s) ||
		    !isprint((unsigned char)*s))
			return "contains '/', ':' or whitespace";
	return NULL;
}

struct lab_iface *lab_iface_new(struct lab_loader *ld, struct lab_node *node,
				const char *name, struct lab_pos pos)
{
	struct lab_iface *ifc = ld_calloc(ld, 1, sizeof(*ifc));
	struct lab_iface **slot;

	if (ifc == NULL)
		return NULL;
	slot = ld_append(ld, &node->ifaces, &node->n_ifaces, sizeof(*slot));
	if (slot == NULL) {
		free(ifc);
		return NULL;
	}
	*slot = ifc;
	snprintf(ifc->name, sizeof(ifc->name), "%s", name);
	ifc->node = node;
	ifc->pos = pos;
	return ifc;
}

void lab_node_free(struct lab_node *node)
{
	for (size_t i = 0; i < node->n_ifaces; i++) {
		free(node->ifaces[i]->addrs);
		free(node->ifaces[i]);
	}
	free(node->ifaces);
	for (size_t i = 0; i < node->n_sysctls; i++) {
		free(node->sysctls[i].key);
		free(node->sysctls[i].value);
	}
	free(node->sysctls);
	free(node->loopback);
	free(node->routes);
	free(node->gateways);
	free(node->frr_config);
	free(node->ipsec_config);
	free(node->frr_written);
	free(node->ipsec_written);
	free(node->site);
	free(node->ttl_rules);
	free(node->name);
	free(node);
}

const char *lab_drill_target(const struct lab_drill *d, char *buf,
			     size_t len)
{
	if (d->shut != NULL)
		snprintf(buf, len, "%s:%s", d->shut->node->name, d->shut->name);
	else
		snprintf(buf, len, "%s", d->fail->name);
	return buf;
}

const struct lab_node *lab_drill_watch(const struct lab_drill *d)
{
	if (d->watch != NULL)
		return d->watch;
	return d->shut != NULL ? d->shut->node : NULL;
}

void lab_drill_free(struct lab_drill *d)
{
	if (d == NULL)
		return;
	free(d->name);
	free(d->description);
	free(d->to);
	free(d->during);
	free(d->after);
	free(d);
}

static void nodes_free(struct lab_node **nodes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lab_node_free(nodes[i]);
	free(nodes);
}

static void links_free(struct lab_link **links, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(links[i]);
	free(links);
}

static void bridges_free(struct lab_bridge **bridges, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(bridges[i]->ports);
		free(bridges[i]);
	}
	free(bridges);
}

void lab_free(struct lab *lab)
{
	if (lab == NULL)
		return;
	nodes_free(lab->nodes, lab->n_nodes);
	nodes_free(lab->away.nodes, lab->away.n_nodes);
	links_free(lab->links, lab->n_links);
	links_free(lab->away.links, lab->away.n_links);
	bridges_free(lab->bridges, lab->n_bridges);
	bridges_free(lab->away.bridges, lab->away.n_bridges);
	for (size_t i = 0; i < lab->n_hosts; i++) {
		for (size_t k = 0; k < lab->hosts[i].n_sites; k++)
			free(lab->hosts[i].sites[k]);
		free(lab->hosts[i].sites);
		free(lab->hosts[i].name);
	}
	free(lab->hosts);
	for (size_t i = 0; i < lab->n_drills; i++)
		lab_drill_free(lab->drills[i]);
	free(lab->drills);
	free(lab->expectations);
	free(lab->expectations_written);
	free(lab->file);
	free(lab->dir);
	free(lab->root);
	free(lab->name);
	free(lab);
}
