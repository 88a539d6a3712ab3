/* SPDX-License-Identifier: ISC */
/* `azlab check -v`: the model as loaded, defaults and absolute paths
 * included, one node at a time; what the planner will work from. */
#include <stdio.h>

#include "lab.h"

static void print_addrs(const struct prefix *addrs, size_t n, FILE *out)
{
	char a[PREFIX_STRLEN];

	for (size_t k = 0; k < n; k++)
		fprintf(out, " %s", prefix_fmt(&addrs[k], a));
}

static void print_iface(const struct lab_iface *ifc, FILE *out)
{
	const struct lab_iface *peer;

	fprintf(out, "  iface %s:", ifc->name);
	if (ifc->link != NULL) {
		peer = ifc->link->end[ifc->link->end[0] == ifc ? 1 : 0];
		fprintf(out, " veth to %s:%s", peer->node->name, peer->name);
		if (ifc->link->vni != 0)
			fprintf(out, " (VXLAN %u between hosts)",
				ifc->link->vni);
	}
	if (ifc->bridge != NULL) {
		fprintf(out, " bridge [");
		for (size_t k = 0; k < ifc->bridge->n_ports; k++)
			fprintf(out, "%s%s", k ? " " : "",
				ifc->bridge->ports[k]->name);
		fprintf(out, "]");
	}
	if (ifc->master != NULL)
		fprintf(out, " master %s", ifc->master->iface->name);
	if (ifc->mtu != 0)
		fprintf(out, " mtu %u", ifc->mtu);
	if (ifc->link != NULL && ifc->link->delay_ms != 0)
		fprintf(out, " delay %ums", ifc->link->delay_ms);
	fprintf(out, " %s", ifc->down ? "down" : "up");
	print_addrs(ifc->addrs, ifc->n_addrs, out);
	fputc('\n', out);
}

static void print_route(const struct lab_route *r, FILE *out)
{
	char a[PREFIX_STRLEN];

	fprintf(out, "  route %s", prefix_fmt(&r->dst, a));
	if (r->has_via)
		fprintf(out, " via %s", addr_fmt(&r->via, a));
	if (r->dev[0] != '\0')
		fprintf(out, " dev %s", r->dev);
	if (r->onlink)
		fprintf(out, " onlink");
	if (r->metric != 0)
		fprintf(out, " metric %u", r->metric);
	if (r->source != ROUTE_STATIC)
		fprintf(out, " source %s", lab_route_source_name(r->source));
	fputc('\n', out);
}

static void print_gateway(const struct lab_gateway *gw, FILE *out)
{
	char a[PREFIX_STRLEN];

	fprintf(out, "  gateway %s %s via", lab_gw_type_name(gw->type),
		gw->node->name);
	for (size_t i = 0; i < gw->n_via; i++)
		fprintf(out, " %s", addr_fmt(&gw->via[i], a));
	fprintf(out, " dev %s\n", gw->iface->name);
}

static void print_ttl(const struct lab_ttl_rule *t, FILE *out)
{
	char a[PREFIX_STRLEN];

	fprintf(out, "  ttl");
	if (t->in[0] != '\0')
		fprintf(out, " in %s", t->in);
	if (t->has_from)
		fprintf(out, " from %s", prefix_fmt(&t->from, a));
	if (t->in[0] == '\0' && !t->has_from)
		fprintf(out, " any");
	fprintf(out, " inc %u\n", t->inc);
}

static void print_node(const struct lab_node *node, FILE *out)
{
	fprintf(out, "node %s: %s\n", node->name, lab_role_name(node->role));
	if (node->site != NULL)
		fprintf(out, "  site %s\n", node->site);
	if (node->host != NULL)
		fprintf(out, "  host %s\n", node->host->name);
	for (size_t k = 0; k < node->n_sysctls; k++)
		fprintf(out, "  sysctl %s = %s\n", node->sysctls[k].key,
			node->sysctls[k].value);
	if (node->n_loopback > 0) {
		fprintf(out, "  iface lo:");
		print_addrs(node->loopback, node->n_loopback, out);
		fputc('\n', out);
	}
	for (size_t i = 0; i < node->n_ifaces; i++)
		print_iface(node->ifaces[i], out);
	for (size_t k = 0; k < node->n_routes; k++)
		print_route(&node->routes[k], out);
	for (size_t k = 0; k < node->n_gateways; k++)
		print_gateway(&node->gateways[k], out);
	for (size_t k = 0; k < node->n_ttl_rules; k++)
		print_ttl(&node->ttl_rules[k], out);
	if (node->frr_config != NULL)
		fprintf(out, "  frr %s\n", node->frr_config);
	if (node->ipsec_config != NULL)
		fprintf(out, "  ipsec %s\n", node->ipsec_config);
}

static void print_drill(const struct lab_drill *d, FILE *out)
{
	char target[LAB_NAME_MAX + IF_NAMESIZE + 2];

	fprintf(out, "drill %s: from %s to %s %s %s during %s after %s "
		"interval %ums timeout %us\n", d->name, d->from->name, d->to,
		d->shut != NULL ? "shut" : "fail",
		lab_drill_target(d, target, sizeof(target)), d->during,
		d->after, d->interval_ms, d->timeout_s);
	if (d->watch != NULL)
		fprintf(out, "  watch %s\n", d->watch->name);
	if (d->description != NULL)
		fprintf(out, "  description %s\n", d->description);
}

static void print_host(const struct lab_host *h, FILE *out)
{
	char a[PREFIX_STRLEN];

	fprintf(out, "host %s: underlay %s mtu %u", h->name,
		addr_fmt(&h->underlay, a), h->mtu);
	for (size_t k = 0; k < h->n_sites; k++)
		fprintf(out, "%s%s", k == 0 ? " sites " : ", ", h->sites[k]);
	fputc('\n', out);
}

int lab_print(const struct lab *lab, FILE *out)
{
	fprintf(out, "lab %s: nodes %zu, links %zu, bridges %zu\n", lab->name,
		lab->n_nodes, lab->n_links, lab->n_bridges);
	if (lab->frr_shared)
		fputs("frr shared\n", out);
	for (size_t i = 0; i < lab->n_hosts; i++)
		print_host(&lab->hosts[i], out);
	for (size_t i = 0; i < lab->n_nodes; i++)
		print_node(lab->nodes[i], out);
	if (lab->expectations != NULL)
		fprintf(out, "expectations %s\n", lab->expectations);
	for (size_t i = 0; i < lab->n_drills; i++)
		print_drill(lab->drills[i], out);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
