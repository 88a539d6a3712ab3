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

#include "err.h"
#include "prefix.h"

struct nl_sock;

/* A route socket created inside the namespace ns_fd (-1: the caller's). */
struct nl_sock *nl_open(int ns_fd, struct azerr *e);
void nl_close(struct nl_sock *s);
/* Sends nlh (seq and NLM_F_ACK are set here) and waits for the ack; a
 * kernel error becomes "strerror (kernel: ext ack text)" in e. */
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

/* Builders: buf must hold MNL_SOCKET_BUFFER_SIZE bytes. */
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
};
struct nlmsghdr *nl_build_route(void *buf, uint16_t type,
				const struct route_spec *r);

/* Operations. The veth is made from the socket's namespace with both ends
 * created straight into ns_fd and peer_ns_fd: nothing passes through the
 * host's namespace. */
int nl_veth_create(struct nl_sock *s, const struct nl_veth *v,
		   struct azerr *e);
int nl_bridge_create(struct nl_sock *s, const char *name, struct azerr *e);
int nl_link_set_master(struct nl_sock *s, const char *ifname,
		       const char *master, struct azerr *e);
int nl_link_set_up(struct nl_sock *s, const char *ifname, bool up,
		   struct azerr *e);
int nl_addr_add(struct nl_sock *s, const char *ifname,
		const struct prefix *p, struct azerr *e);
/* dev may be NULL; via may be NULL (device route, scope link). */
int nl_route_add(struct nl_sock *s, const struct prefix *dst,
		 const struct prefix *via, const char *dev, bool onlink,
		 unsigned metric, struct azerr *e);

/* Dumps for `azlab status`. */
struct nl_iface {
	char name[IF_NAMESIZE];
	int ifindex;
	bool admin_up;			/* IFF_UP */
	bool oper_up;			/* IFF_LOWER_UP / IF_OPER_UP */
	unsigned mtu;
	char kind[16];			/* "veth", "bridge", "" for lo */
	char master[IF_NAMESIZE];	/* "" unless enslaved */
	struct prefix *addrs;
	size_t n_addrs;
};
int nl_dump_ifaces(struct nl_sock *s, struct nl_iface **out, size_t *n,
		   struct azerr *e);
void nl_ifaces_free(struct nl_iface *ifs, size_t n);

#endif
