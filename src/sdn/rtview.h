/* SPDX-License-Identifier: ISC */
/* A node's effective routes, as Azure's portal shows a NIC's: every route
 * of the kernel's main table with where it comes from (connected, the
 * lab's VNet-local, peering and static routes, a VNet gateway through the
 * SDN controller, a routing daemon) and whether it is the one in use or
 * shadowed by a lower metric. Pure: `azlab routes` feeds it a dump. */
#ifndef AZLAB_RTVIEW_H
#define AZLAB_RTVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "model/lab.h"
#include "kernel/nl.h"

enum rt_source {
	RT_CONNECTED,		/* the kernel's, for an address */
	RT_VNET,		/* a lab route with source: vnet */
	RT_PEERING,		/* source: peering */
	RT_STATIC,		/* another lab route */
	RT_GATEWAY,		/* the SDN controller's: a VNet gateway */
	RT_OTHER,		/* a routing daemon's, or added by hand */
};

struct rt_entry {
	struct nl_route route;
	enum rt_source source;
	/* RT_GATEWAY: the node's gateway it goes through (NULL if none of
	 * them: left by an earlier lab) */
	const struct lab_gateway *gw;
	bool active;		/* lowest metric for its prefix */
};

/* Classifies the node's routes and sorts them by prefix, then metric;
 * *out is freed by the caller. Returns 0, or -1 out of memory. */
int rtview_build(const struct lab_node *node, const struct nl_route *routes,
		 size_t n, struct rt_entry **out, size_t *n_out);
/* "connected", "VNet local", "VNet peering", "static", "ExpressRoute
 * gateway hub-ergw", "BGP", "proto 42"... into buf; returns buf. */
const char *rtview_label(const struct rt_entry *e, char *buf, size_t len);
/* One word for JSON: connected, vnet, peering, static, expressroute, vpn,
 * gateway (unknown), or the protocol (bgp, ospf, boot, ...). */
const char *rtview_kind(const struct rt_entry *e, char *buf, size_t len);

#endif
