/* SPDX-License-Identifier: ISC */
/* Netlink (rtnetlink) through libmnl: a socket bound inside one network
 * namespace, request/ack with the kernel's extended ack message passed up,
 * and the few link/address/route operations the lab needs.
 *
 * The nl_build_* functions only fill a buffer: unit tests check the bytes
 * without a kernel. The nl_* operations build, send and wait for the ack. */
#ifndef AZLAB_NL_H
#define AZLAB_NL_H

#include <linux/netlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/prefix.h"

struct nl_sock;

/* A route socket created inside the namespace ns_fd (-1: the caller's). */
struct nl_sock *nl_open(int ns_fd, struct azerr *e);
/* The same, for a lab node's namespace azlab-<node>. */
struct nl_sock *nl_open_node(const char *node, struct azerr *e);
void nl_close(struct nl_sock *s);
/* Sends nlh (seq and NLM_F_ACK are set here) and waits for the ack; a
 * kernel error becomes "strerror (kernel: ext ack text)" in e, and errno
 * is the kernel's error. */
int nl_request(struct nl_sock *s, struct nlmsghdr *nlh, struct azerr *e);
/* ifindex of a name inside the socket's namespace, or -1. */
int nl_ifindex(struct nl_sock *s, const char *ifname, struct azerr *e);

/* A veth pair, each end created straight into its namespace (ns_fd -1:
 * the socket's). ifindex 0 lets the kernel pick; the lab picks them itself
 * (see plumb.c) so that an end's index never equals its peer's. */
struct nl_veth {
	const char *name;
	int ns_fd;
	int ifindex;
	const char *peer;
	int peer_ns_fd;
	int peer_ifindex;
	unsigned mtu;			/* 0: kernel default */
};

/* A VXLAN device with one remote end (nl_vxlan.c), created straight
 * into ns_fd from the socket's namespace, which keeps its UDP socket:
 * local is an address of that namespace. */
struct nl_vxlan {
	const char *name;
	int ns_fd;
	unsigned vni;
	const struct prefix *local, *remote;
	uint16_t port;
	unsigned mtu;			/* 0: kernel default */
};

/* Builders: buf must hold MNL_SOCKET_BUFFER_SIZE bytes. */
struct nlmsghdr *nl_build_vxlan(void *buf, const struct nl_vxlan *v);
struct nlmsghdr *nl_build_veth(void *buf, const struct nl_veth *v);
struct nlmsghdr *nl_build_bridge(void *buf, const char *name);
/* Changes one link: master (0 leaves it), up/down, mtu (0 leaves it). */
struct nlmsghdr *nl_build_link_change(void *buf, int ifindex, int master,
				      bool up, unsigned mtu);
struct nlmsghdr *nl_build_addr(void *buf, uint16_t type, int ifindex,
			       const struct prefix *p);
struct route_spec {
	struct prefix dst;
	const struct prefix *via;	/* NULL: on-link / device route */
	int oif;			/* 0: let the kernel pick */
	bool onlink;			/* RTNH_F_ONLINK */
	unsigned metric;
	uint8_t protocol;		/* RTPROT_STATIC for lab routes */
	bool replace;			/* NLM_F_REPLACE, not EXCL */
};
struct nlmsghdr *nl_build_route(void *buf, uint16_t type,
				const struct route_spec *r);

/* The root qdisc of a link: netem with a fixed delay (RTM_NEWQDISC,
 * create or replace). */
struct nlmsghdr *nl_build_netem(void *buf, int ifindex, unsigned delay_ms);

/* Operations. The veth is made from the socket's namespace with both ends
 * created straight into ns_fd and peer_ns_fd: nothing passes through the
 * host's namespace. */
int nl_veth_create(struct nl_sock *s, const struct nl_veth *v,
		   struct azerr *e);
int nl_vxlan_create(struct nl_sock *s, const struct nl_vxlan *v,
		    struct azerr *e);
int nl_bridge_create(struct nl_sock *s, const char *name, struct azerr *e);
int nl_link_set_master(struct nl_sock *s, const char *ifname,
		       const char *master, struct azerr *e);
int nl_link_set_up(struct nl_sock *s, const char *ifname, bool up,
		   struct azerr *e);
/* The same in azlab-NODE, on a socket of its own: the CLI's one-off
 * change (`azlab link`, the drill). */
int nl_node_link_set_up(const char *node, const char *ifname, bool up,
			struct azerr *e);
/* Whether ifname in azlab-NODE is administratively up (IFF_UP). */
int nl_node_link_is_up(const char *node, const char *ifname, bool *up,
		       struct azerr *e);
int nl_addr_add(struct nl_sock *s, const char *ifname,
		const struct prefix *p, struct azerr *e);
/* Delays every packet sent on ifname by delay_ms (netem as its root
 * qdisc). A kernel without netem answers ENOENT (no such qdisc kind) or
 * EOPNOTSUPP: left in errno, as every kernel error is. */
int nl_netem_set(struct nl_sock *s, const char *ifname, unsigned delay_ms,
		 struct azerr *e);
/* dev may be NULL; via may be NULL (device route, scope link). */
int nl_route_add(struct nl_sock *s, const struct prefix *dst,
		 const struct prefix *via, const char *dev, bool onlink,
		 unsigned metric, struct azerr *e);

/* Adds (or, with r->replace, adds or replaces) or deletes one route: type
 * RTM_NEWROUTE or RTM_DELROUTE. A delete matches dst, metric and
 * protocol (and via and oif when given). */
int nl_route_change(struct nl_sock *s, uint16_t type,
		    const struct route_spec *r, struct azerr *e);

/* A route as the kernel reports it, in a dump or a notification. */
#define NL_NEXTHOPS_MAX 8
struct nl_nexthop {
	bool has_via;
	struct prefix via;
	int oif;			/* 0 if not given */
};
struct nl_route {
	struct prefix dst;
	uint32_t table;			/* RT_TABLE_MAIN... */
	uint8_t protocol;		/* RTPROT_KERNEL, RTPROT_BGP... */
	uint8_t type;			/* RTN_UNICAST... */
	uint8_t scope;
	unsigned metric;
	struct nl_nexthop nh[NL_NEXTHOPS_MAX];
	/* 0 for a route through a nexthop object (RTA_NH_ID) or none;
	 * more than one for a multipath route (the first ones only) */
	size_t n_nh;
};
/* An RTM_NEWROUTE or RTM_DELROUTE message into r; -1 if it is not one of
 * an address family we know. */
int nl_route_parse(const struct nlmsghdr *nlh, struct nl_route *r);
/* The routes of one family (AF_INET, AF_INET6; AF_UNSPEC: both) in the
 * main table. */
int nl_dump_routes(struct nl_sock *s, int family, struct nl_route **out,
		   size_t *n, struct azerr *e);

/* A monitor socket: the notifications of some RTNLGRP_* groups inside the
 * namespace ns_fd (-1: the caller's), non-blocking, for a poll loop. */
struct nl_mon;
struct nl_mon *nl_mon_open(int ns_fd, const unsigned *groups, size_t n,
			   struct azerr *e);
void nl_mon_close(struct nl_mon *m);
int nl_mon_fd(const struct nl_mon *m);
/* Reads what is queued (a bounded number of datagrams: poll says if more
 * is left) and calls cb with each message. Returns 0; NL_MON_OVERRUN if
 * the kernel dropped notifications (ENOBUFS: what was still queued is
 * dropped too, being older than what was lost, and the caller must read
 * the state afresh); -1 with e set on another error. */
#define NL_MON_OVERRUN 1
typedef void (*nl_mon_cb)(const struct nlmsghdr *nlh, void *data);
int nl_mon_read(struct nl_mon *m, nl_mon_cb cb, void *data, struct azerr *e);

/* Dumps for `azlab status`. */
struct nl_iface {
	char name[IF_NAMESIZE];
	int ifindex;
	bool admin_up;			/* IFF_UP */
	bool oper_up;			/* IFF_LOWER_UP / IF_OPER_UP */
	unsigned mtu;
	uint64_t rx_packets;
	char kind[16];			/* "veth", "bridge", "" for lo */
	char master[IF_NAMESIZE];	/* "" unless enslaved */
	struct prefix *addrs;
	size_t n_addrs;
};
int nl_dump_ifaces(struct nl_sock *s, struct nl_iface **out, size_t *n,
		   struct azerr *e);
void nl_ifaces_free(struct nl_iface *ifs, size_t n);

#endif
