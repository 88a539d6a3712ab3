/* SPDX-License-Identifier: ISC */
/* The lab model: what a lab file says, checked and cross-linked.
 * Built by lab_load() (lab_parse.c + lab_check.c); read by the planner,
 * the daemon and the CLI; never modified after loading. */
#ifndef AZLAB_LAB_H
#define AZLAB_LAB_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/instance.h"
#include "core/prefix.h"

#define LAB_NAME_MAX	32	/* node and lab names */

struct lab_pos {
	unsigned line, col;	/* 1-based, as editors count */
};

enum lab_role {
	ROLE_HOST,		/* an end system: a VM */
	ROLE_ROUTER,		/* forwards: ip_forward=1 by default */
	ROLE_FABRIC,		/* holds bridges: a VNet, a LAN switch */
};

struct lab_node;
struct lab_link;
struct lab_bridge;

struct lab_sysctl {
	char *key;		/* "net.ipv4.ip_forward" */
	char *value;		/* "1" */
	struct lab_pos pos;
};

/* What a static route stands for, for `azlab routes`: Azure shows its
 * VNet-local and peering system routes apart from user routes. */
enum lab_route_source {
	ROUTE_STATIC,		/* a route the user wrote (the default) */
	ROUTE_VNET,		/* Azure's "VNet local" route */
	ROUTE_PEERING,		/* Azure's "VNet peering" route */
};

struct lab_route {
	struct prefix dst;	/* "default" is 0.0.0.0/0 */
	bool has_via;
	struct prefix via;	/* next hop, when has_via */
	char dev[IF_NAMESIZE];	/* "" unless given */
	bool onlink;		/* next hop reachable without a connected subnet */
	unsigned metric;	/* 0 unless given */
	enum lab_route_source source;
	struct lab_pos pos;
};

enum lab_gw_type {
	GW_EXPRESSROUTE,	/* an ExpressRoute gateway: preferred */
	GW_VPN,			/* a VPN gateway */
};

/* A host's VNet gateway: the SDN controller (sdn.h) gives the host a
 * route via `via` to every prefix `node` has from BGP, through the
 * gateway's address of the prefix's family. */
#define LAB_GW_VIAS	2	/* one per family */
struct lab_gateway {
	struct lab_node *node;		/* a router */
	struct prefix via[LAB_GW_VIAS];	/* addresses of node, one a family */
	size_t n_via;
	enum lab_gw_type type;
	/* the host's interface toward via (a connected subnet or a device
	 * route of the host reaches it): set by the check pass */
	struct lab_iface *iface;
	struct lab_pos pos;
};

struct lab_iface {
	char name[IF_NAMESIZE];
	struct lab_node *node;
	struct lab_link *link;		/* the veth this end belongs to, or NULL */
	struct lab_bridge *bridge;	/* the bridge device itself, or NULL */
	struct lab_bridge *master;	/* the bridge this is a port of, or NULL */
	struct prefix *addrs;
	size_t n_addrs;
	bool down;			/* declared `state: down` */
	unsigned mtu;			/* 0: kernel default */
	struct lab_pos pos;
};

struct lab_link {
	struct lab_iface *end[2];
	/* 0: kernel default; a link between hosts, once the lab is split
	 * (lab_keep_host), gets its VXLAN's (the underlay's MTU less the
	 * encapsulation) unless the file sets one */
	unsigned mtu;
	/* a link whose ends are on different hosts: its VXLAN network
	 * identifier, LAB_VNI_BASE + its place in the file; 0 for the others */
	unsigned vni;
	/* `delay:` one-way delay in ms, applied in each direction (netem on
	 * both ends) where the kernel has netem; 0: none */
	unsigned delay_ms;
	struct lab_pos pos;
};

/* `ttl:` on a node: packets entering it (on interface `in`, from `from`)
 * get their TTL raised by `inc` before forwarding lowers it, so that
 * with inc 1 the node forwards them without taking a traceroute hop
 * (iptables' TTL target, mangle PREROUTING, in the node's namespace). */
struct lab_ttl_rule {
	char in[IF_NAMESIZE];		/* "": any interface */
	bool has_from;
	struct prefix from;		/* source prefix, when has_from */
	unsigned inc;			/* 1..255 */
	struct lab_pos pos;
	struct lab_pos in_pos;		/* of `in`'s value, when in is set */
};

/* `drills:` a failover drill: a fast ping from `from` to `to` while
 * `shut` is shut, or the node `fail` is failed (`azlab node NODE
 * down`), and then restored; `during` and `after` name the expectation
 * cases (the lab's expectations file) whose path says the traffic has
 * failed over and has come back. */
struct lab_drill {
	char *name;
	char *description;		/* or NULL */
	struct lab_node *from;		/* a host */
	char *to;			/* a node name or an address, as written */
	struct lab_iface *shut;		/* "node:iface" in the file, or NULL */
	struct lab_node *fail;		/* or the node failed, else NULL */
	/* `watch:` whose bgpd's session changes are noted, or NULL: the
	 * shut node (lab_drill_watch) */
	struct lab_node *watch;
	char *during;			/* case id */
	char *after;			/* case id */
	unsigned interval_ms;		/* ping interval; default 10 */
	unsigned timeout_s;		/* per wait for a path; default 30 */
	struct lab_pos pos;
};

struct lab_bridge {
	struct lab_iface *iface;	/* the bridge device (name, node, addrs) */
	struct lab_iface **ports;
	size_t n_ports;
	struct lab_pos pos;
};

/* `hosts:` one machine of a lab that spans several: nodes placed on it
 * (`host:`) are built there by `azlab up --host NAME`, and a link between
 * two hosts' nodes is a VXLAN tunnel between their underlay addresses. */
struct lab_host {
	char *name;
	struct prefix underlay;		/* an address of the machine */
	unsigned mtu;			/* of the underlay; default 1500 */
	/* `sites:` a node of one of these sites (its `site:`) is on this
	 * host unless it says `host:` */
	char **sites;
	size_t n_sites;
	struct lab_pos pos;
};

#define LAB_VNI_BASE	10000
#define LAB_VXLAN_PORT	4789		/* IANA's */

struct lab_node {
	char *name;
	enum lab_role role;
	const struct lab_host *host;	/* `host:`, or NULL without hosts: */
	struct lab_sysctl *sysctls;	/* as written, in order */
	size_t n_sysctls;
	struct prefix *loopback;	/* addresses on lo */
	size_t n_loopback;
	struct lab_route *routes;
	size_t n_routes;
	struct lab_iface **ifaces;	/* link ends and bridges, in file order */
	size_t n_ifaces;
	struct lab_gateway *gateways;	/* hosts only */
	size_t n_gateways;
	char *frr_config;		/* absolute path or NULL */
	char *ipsec_config;		/* absolute path or NULL */
	/* the same two as the lab file writes them (relative to its
	 * directory, or absolute): `azlab save` lays its copy out by them */
	char *frr_written;
	char *ipsec_written;
	char *site;			/* `site:` (a diagram's group) or NULL */
	struct lab_ttl_rule *ttl_rules;	/* `ttl:`, in file order */
	size_t n_ttl_rules;
	struct lab_pos pos;
};

struct lab {
	char *file;			/* path as given */
	char *dir;			/* directory of the file: relative paths start here */
	/* loaded from a copy kept under root (lab_load_under), else NULL:
	 * then file is the path of the original */
	char *root;
	char *name;
	struct lab_node **nodes;
	size_t n_nodes;
	struct lab_link **links;
	size_t n_links;
	struct lab_bridge **bridges;
	size_t n_bridges;
	/* `expectations:` the cases `azlab verify` checks (expect.h):
	 * absolute path, or NULL */
	char *expectations;
	char *expectations_written;	/* as the lab file writes it */
	struct lab_drill **drills;
	size_t n_drills;
	/* `frr: shared`: one zebra and one bgpd serve every router, each
	 * router a VRF (frr/frr_shared.h); else a zebra and a bgpd each */
	bool frr_shared;
	struct lab_host *hosts;		/* `hosts:`, or none */
	size_t n_hosts;
	/* the host this instance builds (lab_keep_host), or NULL: all of
	 * it. Once set, nodes, links and bridges hold this host's share:
	 * the nodes elsewhere, the links between them and their bridges
	 * are in away (lab_find_node still finds such nodes, by name: a
	 * case's destination may be one). A link of the share may cross to
	 * another host: its vni is not 0. */
	const struct lab_host *here;
	struct {
		struct lab_node **nodes;
		size_t n_nodes;
		struct lab_link **links;
		size_t n_links;
		struct lab_bridge **bridges;
		size_t n_bridges;
	} away;
};

/* Every problem found, each "FILE:LINE:COL: message", in file order. */
struct lab_diags {
	char **msgs;
	size_t n;
};

/* Parses and checks a lab file. Returns the model, or NULL with at least
 * one message in diags (which the caller frees with lab_diags_free). The
 * loader keeps going after an error so that a user sees them all. */
struct lab *lab_load(const char *path, struct lab_diags *diags);
/* The same, for a copy of a lab kept under root, every file it names
 * where it was (the running lab's snapshot, daemon/snapshot.c): reads
 * root + origin (absolute), takes absolute paths in it under root too;
 * the model's file is origin, its files' paths are the copies. */
struct lab *lab_load_under(const char *root, const char *origin,
			   struct lab_diags *diags);
/* A path of the model as the user knows it: without lab->root. */
const char *lab_path_origin(const struct lab *lab, const char *path);
void lab_free(struct lab *lab);
void lab_diags_free(struct lab_diags *diags);

struct lab_node *lab_find_node(const struct lab *lab, const char *name);
const struct lab_host *lab_find_host(const struct lab *lab, const char *name);
/* Keeps only the share of host name (see lab->here): false, with why
 * in err, if the lab has no such host. */
bool lab_keep_host(struct lab *lab, const char *name, char *err, size_t len);
/* True if node is built by this instance: the lab is not split, or node
 * is on the host it keeps. */
bool lab_node_here(const struct lab *lab, const struct lab_node *node);
/* The end of a link between hosts that is here (0 or 1), or -1 when the
 * link is a veth here (both ends here, or the lab not split). */
int lab_link_end_here(const struct lab *lab, const struct lab_link *link);
/* The VXLAN's MTU for a link between hosts a and b, from their underlay
 * MTUs less the encapsulation (50 bytes over IPv4, 70 over IPv6). */
unsigned lab_vxlan_mtu(const struct lab_host *a, const struct lab_host *b);
/* The neighbour entries (AF_INET: ARP, AF_INET6: NDP) the lab's nodes on
 * host (NULL: every node, the lab on one machine) may need at once: on
 * each segment (a veth, or bridges and the links into them), every
 * interface with an address of the family learns every other one, one
 * entry each however many addresses it has (an IPv6 link-local one
 * included), and a link to another host's node is one entry here. 0, or
 * -1 out of memory. */
int lab_neigh_count(const struct lab *lab, const struct lab_host *host,
		    int family, size_t *count);
struct lab_iface *lab_find_iface(const struct lab_node *node, const char *name);
/* "node:iface": copies the node part into node ("" when it is longer
 * than LAB_NAME_MAX, so that no node has that name) and returns the
 * interface part (possibly ""), or NULL if spec has no ':' or nothing
 * before it. */
const char *lab_iface_spec_split(const char *spec, char node[LAB_NAME_MAX + 1]);
const struct lab_drill *lab_find_drill(const struct lab *lab, const char *name);
/* What the drill takes down, as written: "loc1-ce:msee1" (shut) or
 * "er1-msee-pri" (fail); returns buf. */
const char *lab_drill_target(const struct lab_drill *d, char *buf,
			     size_t len);
/* The node whose BGP sessions the drill notes: `watch:`, else the shut
 * interface's node; NULL for a fail: drill without watch:. */
const struct lab_node *lab_drill_watch(const struct lab_drill *d);
const char *lab_role_name(enum lab_role role);
/* The file's words: "expressroute", "vpn"; "static", "vnet", "peering". */
const char *lab_gw_type_name(enum lab_gw_type type);
/* The gateway's address of the family (AF_INET, AF_INET6), or NULL. */
const struct prefix *lab_gw_via(const struct lab_gateway *gw, int family);
/* True if a is one of the gateway's addresses. */
bool lab_gw_has_via(const struct lab_gateway *gw, const struct prefix *a);
const char *lab_route_source_name(enum lab_route_source source);
/* A readable summary of the model as loaded (defaults and absolute paths
 * included), for `azlab check -v`. Returns 0, or -1 on a write error. */
int lab_print(const struct lab *lab, FILE *out);

/* The node's namespace, "<instance's prefix><node>" ("azlab-<node>" by
 * default), into buf; returns buf. LAB_NS_NAME_MAX holds any. */
#define LAB_NS_NAME_MAX (INSTANCE_NS_PREFIX_MAX + LAB_NAME_MAX + 1)
const char *lab_ns_name(const char *node, char *buf, size_t len);

#endif
