/* SPDX-License-Identifier: ISC */
/* The lab file, second pass: the model is complete and well formed, so
 * what is left are the mistakes that only show across it — an address
 * used twice, a next hop no interface reaches, a sysctl for an interface
 * the node does not have, a config file that is not there — and the
 * defaults the model must carry. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lab_priv.h"
#include "core/grow.h"

static const struct prefix *ref_addr(const struct addr_ref *r)
{
	return r->iface != NULL ? &r->iface->addrs[r->idx]
				: &r->node->loopback[r->idx];
}

static const char *ref_owner(const struct addr_ref *r)
{
	return r->iface != NULL ? r->iface->name : "lo";
}

/* Anywhere in the lab: the lab is one routing domain (the probes say
 * "10.2.30.10 answered"), so an address must name one place. */
static void check_addresses_unique(struct lab_loader *ld)
{
	char a[PREFIX_STRLEN];

	for (size_t i = 0; i < ld->n_addrs; i++) {
		const struct addr_ref *r = &ld->addrs[i];

		for (size_t j = 0; j < i; j++) {
			const struct addr_ref *first = &ld->addrs[j];

			if (!prefix_same_addr(ref_addr(first), ref_addr(r)))
				continue;
			ld_error(ld, r->pos, "address %s is already used on "
				 "%s:%s (first at %u:%u)",
				 addr_fmt(ref_addr(r), a), first->node->name,
				 ref_owner(first), first->pos.line,
				 first->pos.col);
			break;
		}
	}
}

/* A port's address would sit below the bridge and answer for nothing. */
static void check_ports_bare(struct lab_loader *ld)
{
	char a[PREFIX_STRLEN];

	for (size_t i = 0; i < ld->n_ports; i++) {
		const struct port_ref *r = &ld->ports[i];
		const struct lab_iface *port = r->bridge->ports[r->idx];

		if (port->n_addrs == 0)
			continue;
		ld_error(ld, r->pos, "bridge port '%s' has an address (%s): "
			 "put it on bridge '%s'", port->name,
			 prefix_fmt(&port->addrs[0], a),
			 r->bridge->iface->name);
	}
}

static bool subnet_has(const struct prefix *addrs, size_t n,
		       const struct prefix *via)
{
	for (size_t k = 0; k < n; k++)
		if (prefix_contains(&addrs[k], via))
			return true;
	return false;
}

static bool dev_matches(const char *dev, const char *name)
{
	return dev[0] == '\0' || strcmp(dev, name) == 0;
}

/* True if the next hop is in a connected subnet of the node (of dev, if
 * given). Connected subnets exist only on interfaces that are up: the
 * kernel drops them with the link and then refuses a route through them,
 * so *down names a declared-down interface that would have matched. */
static bool via_connected(const struct lab_node *node, const char *dev,
			  const struct prefix *via,
			  const struct lab_iface **down)
{
	*down = NULL;
	if (dev_matches(dev, "lo") &&
	    subnet_has(node->loopback, node->n_loopback, via))
		return true;
	for (size_t i = 0; i < node->n_ifaces; i++) {
		const struct lab_iface *ifc = node->ifaces[i];

		if (!dev_matches(dev, ifc->name) ||
		    !subnet_has(ifc->addrs, ifc->n_addrs, via))
			continue;
		if (!ifc->down)
			return true;
		*down = ifc;
	}
	return false;
}

/* false if the device is what is wrong with the route */
static bool check_route_dev(struct lab_loader *ld, const struct route_ref *r,
			    const struct lab_route *route)
{
	const struct lab_iface *ifc;

	if (route->dev[0] == '\0' || strcmp(route->dev, "lo") == 0)
		return true;
	ifc = lab_find_iface(r->node, route->dev);
	if (ifc == NULL) {
		ld_error(ld, r->dev, "unknown device '%s': node '%s' has no "
			 "such interface", route->dev, r->node->name);
		return false;
	}
	if (ifc->down) {
		ld_error(ld, r->dev, "route through '%s', which is declared "
			 "down", route->dev);
		return false;
	}
	return true;
}

static void check_route_via(struct lab_loader *ld, const struct route_ref *r,
			    const struct lab_route *route)
{
	const struct lab_iface *down;
	char via[PREFIX_STRLEN];

	if (!route->has_via || route->onlink ||
	    via_connected(r->node, route->dev, &route->via, &down))
		return;
	addr_fmt(&route->via, via);
	if (down != NULL)
		ld_error(ld, r->via, "next hop %s is only reachable through "
			 "%s:%s, which is declared down", via, r->node->name,
			 down->name);
	else if (route->dev[0] != '\0')
		ld_error(ld, r->via, "next hop %s is not in a connected subnet "
			 "of %s:%s", via, r->node->name, route->dev);
	else
		ld_error(ld, r->via, "next hop %s is not in a connected subnet "
			 "of node '%s'", via, r->node->name);
}

static bool route_same_key(const struct lab_route *a,
			   const struct lab_route *b)
{
	return a->dst.len == b->dst.len && a->metric == b->metric &&
	       prefix_same_addr(&a->dst, &b->dst);
}

/* The kernel would answer the second one with "File exists". */
static void check_route_unique(struct lab_loader *ld, size_t i)
{
	const struct route_ref *r = &ld->routes[i];
	const struct lab_route *route = &r->node->routes[r->idx];
	char dst[PREFIX_STRLEN];

	for (size_t j = 0; j < i; j++) {
		const struct route_ref *first = &ld->routes[j];

		if (first->node != r->node ||
		    !route_same_key(&first->node->routes[first->idx], route))
			continue;
		ld_error(ld, r->to, "duplicate route to %s (first at %u:%u)",
			 prefix_fmt(&route->dst, dst), first->to.line,
			 first->to.col);
		return;
	}
}

/* The kernel adds an IPv4 address's subnet to the main table with metric
 * 0 itself, so a lab route to the same subnet would get "File exists". */
static bool subnet_is(const struct prefix *addrs, size_t n,
		      const struct prefix *dst)
{
	for (size_t k = 0; k < n; k++) {
		struct prefix net = addrs[k];

		prefix_mask(&net);
		if (net.family == AF_INET && net.len < 32 &&
		    net.len == dst->len && prefix_same_addr(&net, dst))
			return true;
	}
	return false;
}

static const char *connected_owner(const struct lab_node *node,
				   const struct lab_route *route)
{
	if (route->dst.family != AF_INET || route->metric != 0)
		return NULL;
	if (subnet_is(node->loopback, node->n_loopback, &route->dst))
		return "lo";
	for (size_t i = 0; i < node->n_ifaces; i++) {
		const struct lab_iface *ifc = node->ifaces[i];

		if (!ifc->down &&
		    subnet_is(ifc->addrs, ifc->n_addrs, &route->dst))
			return ifc->name;
	}
	return NULL;
}

static void check_route_connected(struct lab_loader *ld,
				  const struct route_ref *r,
				  const struct lab_route *route)
{
	const char *owner = connected_owner(r->node, route);
	char dst[PREFIX_STRLEN];

	if (owner != NULL)
		ld_error(ld, r->to, "route to %s duplicates the connected "
			 "subnet of %s:%s (give it a metric, or drop it)",
			 prefix_fmt(&route->dst, dst), r->node->name, owner);
}

static void check_routes(struct lab_loader *ld)
{
	for (size_t i = 0; i < ld->n_routes; i++) {
		const struct route_ref *r = &ld->routes[i];
		const struct lab_route *route = &r->node->routes[r->idx];

		if (check_route_dev(ld, r, route))
			check_route_via(ld, r, route);
		check_route_connected(ld, r, route);
		check_route_unique(ld, i);
	}
}

/* "net.ipv4.conf.eth0.rp_filter" -> "eth0" into buf; false for keys that
 * are not per interface, or are for all, default or lo. */
static bool sysctl_iface(const char *key, char *buf, size_t len)
{
	static const char *const trees[] = {
		"net.ipv4.conf.", "net.ipv6.conf.", "net.ipv4.neigh.",
		"net.ipv6.neigh.",
	};
	static const char *const always[] = { "all", "default", "lo" };
	const char *name = NULL, *dot;

	for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++)
		if (strncmp(key, trees[i], strlen(trees[i])) == 0)
			name = key + strlen(trees[i]);
	if (name == NULL || (dot = strchr(name, '.')) == NULL)
		return false;
	snprintf(buf, len, "%.*s", (int)(dot - name), name);
	for (size_t i = 0; i < sizeof(always) / sizeof(always[0]); i++)
		if (strcmp(buf, always[i]) == 0)
			return false;
	return true;
}

static void check_sysctl_ifaces(struct lab_loader *ld)
{
	char ifname[64];

	for (size_t i = 0; i < ld->lab->n_nodes; i++) {
		const struct lab_node *node = ld->lab->nodes[i];

		for (size_t k = 0; k < node->n_sysctls; k++) {
			const struct lab_sysctl *sc = &node->sysctls[k];

			if (!sysctl_iface(sc->key, ifname, sizeof(ifname)) ||
			    lab_find_iface(node, ifname) != NULL)
				continue;
			ld_error(ld, sc->pos, "sysctl '%s' is for interface "
				 "'%s', which node '%s' does not have",
				 sc->key, ifname, node->name);
		}
	}
}

/* Relative paths start at the lab file's directory; the model keeps the
 * absolute path, since the daemon and FRR do not run where the CLI did.
 * A snapshot's copy has its absolute paths under its root. */
static void resolve_file(struct lab_loader *ld, const struct file_ref *r)
{
	char *joined = NULL, *abs;
	const char *dir = ld->lab->dir != NULL ? ld->lab->dir : ".";
	struct stat st;
	int rc = 0;

	if ((*r->path)[0] != '/')
		rc = asprintf(&joined, "%s/%s", dir, *r->path);
	else if (ld->lab->root != NULL)
		rc = asprintf(&joined, "%s%s", ld->lab->root, *r->path);
	if (rc < 0) {
		ld->oom = true;
		return;
	}
	abs = realpath(joined != NULL ? joined : *r->path, NULL);
	free(joined);
	if (abs == NULL) {
		ld_error(ld, r->pos, "%s file '%s': %s", r->what, *r->path,
			 strerror(errno));
		return;
	}
	if (stat(abs, &st) < 0 || !S_ISREG(st.st_mode)) {
		ld_error(ld, r->pos, "%s file '%s' is not a regular file",
			 r->what, *r->path);
		free(abs);
		return;
	}
	*r->written = *r->path;
	*r->path = abs;
}

/* Inserts key = value at index at, unless the file sets key itself;
 * returns how many were inserted (0 or 1). */
static size_t sysctl_default(struct lab_loader *ld, struct lab_node *node,
			     size_t at, const char *key, const char *value)
{
	size_t cap = node->n_sysctls;	/* ld_calloc'd to fit */
	struct lab_sysctl *sc;

	for (size_t k = 0; k < node->n_sysctls; k++)
		if (strcmp(node->sysctls[k].key, key) == 0)
			return 0;
	if (grow(&node->sysctls, &cap, cap + 1, sizeof(*sc)) < 0) {
		ld->oom = true;
		return 0;
	}
	sc = node->sysctls;
	memmove(sc + at + 1, sc + at, (node->n_sysctls - at) * sizeof(*sc));
	sc[at].key = ld_strdup(ld, key);
	sc[at].value = ld_strdup(ld, value);
	sc[at].pos = node->pos;
	node->n_sysctls++;
	return 1;
}

/* Forwarding is what makes a router, in both families (IPv6's `all`
 * also sets `default`, so interfaces made after it forward too);
 * spelling it out per node keeps the plan from depending on what the
 * kernel's default happens to be.
 * Linux limits the ICMP errors a node sends to each destination (a burst
 * of 6, then one a second; ICMPv6 likewise): repeated or parallel
 * traceroutes would see `*` where a hop did answer the first time, so
 * the lab lifts the limit (a lab choice; a real router's limit is higher
 * than Linux's).
 * Linux deletes an interface's IPv6 addresses when it goes down (IPv4
 * keeps them): after `azlab link ... up`, or a shut case of verify or a
 * drill, the interface would come back without them and its IPv6 BGP
 * sessions never would. A router's configured address stays.
 * No duplicate address detection (`default` for the interfaces made
 * after it, `all` so that neither asks for it): the loader has checked
 * that the lab's addresses are unique, and DAD leaves every IPv6
 * address, link-local ones too, tentative for a second or more after
 * `up` returned. A forwarding router then cannot even resolve its next
 * hop: neighbor discovery for a packet it forwards is sent from its
 * link-local address, and a tentative one may not be used. */
static void add_defaults(struct lab_loader *ld, struct lab_node *node)
{
	const char *forward = node->role == ROLE_ROUTER ? "1" : "0";
	size_t at = 0;	/* first in the list, in this order */

	at += sysctl_default(ld, node, at, "net.ipv4.ip_forward", forward);
	at += sysctl_default(ld, node, at, "net.ipv6.conf.all.forwarding",
			     forward);
	at += sysctl_default(ld, node, at, "net.ipv4.icmp_ratelimit", "0");
	at += sysctl_default(ld, node, at, "net.ipv6.icmp.ratelimit", "0");
	at += sysctl_default(ld, node, at,
			     "net.ipv6.conf.all.keep_addr_on_down", "1");
	at += sysctl_default(ld, node, at, "net.ipv6.conf.all.accept_dad",
			     "0");
	sysctl_default(ld, node, at, "net.ipv6.conf.default.accept_dad", "0");
}

void lab_check(struct lab_loader *ld)
{
	check_addresses_unique(ld);
	check_ports_bare(ld);
	check_routes(ld);
	check_gateways(ld);
	check_hosts(ld);
	check_sysctl_ifaces(ld);
	check_ttl_ifaces(ld);
	for (size_t i = 0; i < ld->n_files; i++)
		resolve_file(ld, &ld->files[i]);
	for (size_t i = 0; i < ld->lab->n_nodes; i++)
		add_defaults(ld, ld->lab->nodes[i]);
}
