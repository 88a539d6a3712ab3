/* SPDX-License-Identifier: ISC */
/* `azlab graph`: the lab as a Graphviz DOT diagram. graph_collect()
 * gathers what the lab file only points to (BGP sessions from the FRR
 * configurations, IPsec tunnels from the swanctl files); graph_dot() is
 * pure: model + what was gathered (+ a traced path, for `azlab trace
 * --svg`) -> DOT text. */
#ifndef AZLAB_GRAPH_H
#define AZLAB_GRAPH_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"
#include "model/lab.h"
#include "probe/probe.h"

#define GRAPH_AS_MAX	16	/* "4294967295", "internal" */
#define GRAPH_CONN_MAX	64

/* One eBGP/iBGP session, both directions as one. */
struct graph_bgp {
	const struct lab_node *a, *b;
	char as_a[GRAPH_AS_MAX], as_b[GRAPH_AS_MAX];
};

/* One IPsec tunnel; name is the connection's name (both, when the two
 * ends name it differently: "hub/branch"). */
struct graph_tunnel {
	const struct lab_node *a, *b;
	char name[GRAPH_CONN_MAX];
};

/* A traceroute to draw over the lab: each answering hop on the node that
 * owns its address, each silent one as a marker between its neighbours. */
struct graph_path {
	const struct lab_node *src;
	const char *dst;		/* as given: a node or an address */
	const char *addr;		/* dst resolved */
	const struct trace_result *trace;
};

struct graph {
	const struct lab *lab;
	struct graph_bgp *bgp;
	size_t n_bgp;
	struct graph_tunnel *tunnels;
	size_t n_tunnels;
	/* interfaces the running lab has admin down (beyond `state: down`) */
	const struct lab_iface **live_down;
	size_t n_live_down;
	const struct graph_path *path;	/* NULL: the lab alone */
};

/* The node owning addr (an interface or loopback address), or NULL. */
const struct lab_node *graph_addr_owner(const struct lab *lab,
					const char *addr);
/* Scans FRR configuration text of node for `neighbor ADDR remote-as AS`
 * (peer-groups followed) and adds the sessions to g. 0, or -1 (memory). */
int graph_add_frr_text(struct graph *g, const struct lab_node *node,
		       const char *text);
/* Adds a tunnel node -> the owner of remote, unless one joins them. */
int graph_add_tunnel(struct graph *g, const struct lab_node *node,
		     const char *remote, const char *conn);
int graph_mark_down(struct graph *g, const struct lab_iface *ifc);
/* Reads every node's frr and ipsec file. 0, or -1 with e set. */
int graph_collect(struct graph *g, const struct lab *lab, struct azerr *e);
void graph_free(struct graph *g);

/* The DOT text (with g->path highlighted, if set). 0, or -1 on a write
 * error. */
int graph_dot(const struct graph *g, FILE *out);

#endif
