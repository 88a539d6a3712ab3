/* SPDX-License-Identifier: ISC */
/* The second pass over a host's gateways: the address must be the
 * gateway node's own, and the host must reach it on a link of its own
 * (the SDN controller's route names that link). */
#include "lab_priv.h"

static bool addrs_have(const struct prefix *addrs, size_t n,
		       const struct prefix *a)
{
	for (size_t k = 0; k < n; k++)
		if (prefix_same_addr(&addrs[k], a))
			return true;
	return false;
}

static bool node_owns(const struct lab_node *node, const struct prefix *a)
{
	if (addrs_have(node->loopback, node->n_loopback, a))
		return true;
	for (size_t i = 0; i < node->n_ifaces; i++)
		if (addrs_have(node->ifaces[i]->addrs, node->ifaces[i]->n_addrs,
			       a))
			return true;
	return false;
}

static bool subnet_has(const struct prefix *addrs, size_t n,
		       const struct prefix *a)
{
	for (size_t k = 0; k < n; k++)
		if (prefix_contains(&addrs[k], a))
			return true;
	return false;
}

/* The host's interface toward a: one whose subnet holds it, else the
 * device of a device route to it (hub-vm reaches its VNet's gateway
 * subnet through `10.10.30.0/24 dev eth0`). Declared-down interfaces
 * reach nothing. */
static struct lab_iface *iface_toward(const struct lab_node *host,
				      const struct prefix *a)
{
	struct lab_iface *ifc;

	for (size_t i = 0; i < host->n_ifaces; i++) {
		ifc = host->ifaces[i];
		if (!ifc->down && subnet_has(ifc->addrs, ifc->n_addrs, a))
			return ifc;
	}
	for (size_t k = 0; k < host->n_routes; k++) {
		const struct lab_route *r = &host->routes[k];

		if (r->has_via || r->dev[0] == '\0' ||
		    !prefix_contains(&r->dst, a))
			continue;
		ifc = lab_find_iface(host, r->dev);
		if (ifc != NULL && !ifc->down)
			return ifc;
	}
	return NULL;
}

/* The interface toward the gateway's address k, or NULL with the error
 * said. Every address of a gateway must be reached through the same one
 * (a VM has one NIC toward its VNet's gateways): the controller's
 * routes name it. */
static struct lab_iface *check_via(struct lab_loader *ld,
				   const struct gw_ref *r, size_t k)
{
	const struct lab_gateway *gw = &r->host->gateways[r->idx];
	struct lab_iface *ifc;
	char a[PREFIX_STRLEN];

	addr_fmt(&gw->via[k], a);
	if (!node_owns(gw->node, &gw->via[k])) {
		ld_error(ld, r->via[k], "gateway address %s is not an address "
			 "of node '%s'", a, gw->node->name);
		return NULL;
	}
	ifc = iface_toward(r->host, &gw->via[k]);
	if (ifc == NULL)
		ld_error(ld, r->via[k], "gateway address %s is not in a "
			 "connected subnet or device route of node '%s'", a,
			 r->host->name);
	else if (gw->iface != NULL && ifc != gw->iface)
		ld_error(ld, r->via[k], "gateway address %s is reached through "
			 "%s, the gateway's other address through %s", a,
			 ifc->name, gw->iface->name);
	return ifc;
}

static void check_gateway(struct lab_loader *ld, const struct gw_ref *r)
{
	struct lab_gateway *gw = &r->host->gateways[r->idx];

	for (size_t k = 0; k < gw->n_via; k++) {
		struct lab_iface *ifc = check_via(ld, r, k);

		if (gw->iface == NULL)
			gw->iface = ifc;
	}
}

void check_gateways(struct lab_loader *ld)
{
	for (size_t i = 0; i < ld->n_gws; i++)
		if (ld->gws[i].host != NULL)
			check_gateway(ld, &ld->gws[i]);
}
