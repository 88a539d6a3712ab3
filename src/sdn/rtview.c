/* SPDX-License-Identifier: ISC */
/* Effective routes: a dump of the main table explained with the lab. */
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rtview.h"
#include "sdn.h"

/* The lab's own route to this destination with this metric: the kernel
 * keeps one per (dst, metric), so that is the one. */
static const struct lab_route *lab_route_of(const struct lab_node *node,
					    const struct nl_route *r)
{
	for (size_t k = 0; k < node->n_routes; k++) {
		const struct lab_route *lr = &node->routes[k];

		if (lr->dst.len == r->dst.len && lr->metric == r->metric &&
		    prefix_same_addr(&lr->dst, &r->dst))
			return lr;
	}
	return NULL;
}

static const struct lab_gateway *gateway_of(const struct lab_node *node,
					    const struct nl_route *r)
{
	if (r->n_nh != 1 || !r->nh[0].has_via)
		return NULL;
	for (size_t k = 0; k < node->n_gateways; k++) {
		const struct lab_gateway *gw = &node->gateways[k];

		if (lab_gw_has_via(gw, &r->nh[0].via) &&
		    sdn_metric(gw->type) == r->metric)
			return gw;
	}
	return NULL;
}

static void classify(const struct lab_node *node, struct rt_entry *e)
{
	const struct lab_route *lr;

	e->source = RT_OTHER;
	if (e->route.protocol == RTPROT_KERNEL) {
		e->source = RT_CONNECTED;
	} else if (e->route.protocol == RTPROT_AZLAB_SDN) {
		e->source = RT_GATEWAY;
		e->gw = gateway_of(node, &e->route);
	} else if (e->route.protocol == RTPROT_STATIC &&
		   (lr = lab_route_of(node, &e->route)) != NULL) {
		e->source = lr->source == ROUTE_VNET	? RT_VNET
			    : lr->source == ROUTE_PEERING ? RT_PEERING
							  : RT_STATIC;
	}
}

static int entry_cmp(const void *x, const void *y)
{
	const struct rt_entry *a = x, *b = y;
	int c = prefix_cmp(&a->route.dst, &b->route.dst);

	if (c != 0)
		return c;
	return (a->route.metric > b->route.metric) -
	       (a->route.metric < b->route.metric);
}

/* The IPv6 routes the kernel gives every interface and lo by itself
 * (fe80::/64, ::1, multicast) are no route of the lab: left out, an
 * IPv4 lab's view shows no IPv6 at all, as Azure's does not. */
static bool is_kernel_v6(const struct nl_route *r)
{
	const struct in6_addr *a = &r->dst.addr.v6;

	return r->dst.family == AF_INET6 &&
	       (IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_MULTICAST(a) ||
		(IN6_IS_ADDR_LOOPBACK(a) && r->dst.len == 128));
}

int rtview_build(const struct lab_node *node, const struct nl_route *routes,
		 size_t n, struct rt_entry **out, size_t *n_out)
{
	struct rt_entry *v = calloc(n + 1, sizeof(*v));
	size_t kept = 0;

	if (v == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (is_kernel_v6(&routes[i]))
			continue;
		v[kept].route = routes[i];
		classify(node, &v[kept++]);
	}
	n = kept;
	qsort(v, n, sizeof(*v), entry_cmp);
	/* sorted by metric within a prefix: the first one is used */
	for (size_t i = 0; i < n; i++)
		v[i].active = i == 0 || prefix_cmp(&v[i - 1].route.dst,
						&v[i].route.dst) != 0;
	*out = v;
	*n_out = n;
	return 0;
}

static const char *proto_name(uint8_t p)
{
	switch (p) {
	case RTPROT_BOOT:
		return "boot";
	case RTPROT_STATIC:
		return "static";
	case RTPROT_ZEBRA:
		return "zebra";
	case RTPROT_BGP:
		return "bgp";
	case RTPROT_OSPF:
		return "ospf";
	case RTPROT_DHCP:
		return "dhcp";
	}
	return NULL;
}

const char *rtview_kind(const struct rt_entry *e, char *buf, size_t len)
{
	static const char *const kinds[] = {
		[RT_CONNECTED] = "connected", [RT_VNET] = "vnet",
		[RT_PEERING] = "peering", [RT_STATIC] = "static",
	};
	const char *p;

	if (e->source == RT_GATEWAY)
		snprintf(buf, len, "%s", e->gw != NULL ?
			 lab_gw_type_name(e->gw->type) : "gateway");
	else if (e->source != RT_OTHER)
		snprintf(buf, len, "%s", kinds[e->source]);
	else if ((p = proto_name(e->route.protocol)) != NULL)
		snprintf(buf, len, "%s", p);
	else
		snprintf(buf, len, "proto-%u", e->route.protocol);
	return buf;
}

const char *rtview_label(const struct rt_entry *e, char *buf, size_t len)
{
	static const char *const labels[] = {
		[RT_CONNECTED] = "connected", [RT_VNET] = "VNet local",
		[RT_PEERING] = "VNet peering", [RT_STATIC] = "static",
	};

	switch (e->source) {
	case RT_GATEWAY:
		if (e->gw != NULL)
			snprintf(buf, len, "%s %s", sdn_gw_label(e->gw->type),
				 e->gw->node->name);
		else
			snprintf(buf, len, "gateway (not in the lab)");
		return buf;
	case RT_OTHER:
		if (e->route.protocol == RTPROT_BGP)
			snprintf(buf, len, "BGP");
		else if (e->route.protocol == RTPROT_BOOT ||
			 e->route.protocol == RTPROT_STATIC)
			snprintf(buf, len, "added by hand");
		else if (proto_name(e->route.protocol) != NULL)
			snprintf(buf, len, "%s", proto_name(e->route.protocol));
		else
			snprintf(buf, len, "proto %u", e->route.protocol);
		return buf;
	default:
		snprintf(buf, len, "%s", labels[e->source]);
		return buf;
	}
}
