/* SPDX-License-Identifier: ISC */
/* Links: veth pairs made straight into their namespaces, bridges, and
 * changes of master, state and MTU. */
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <string.h>

#include "nl_priv.h"

static struct nlmsghdr *link_header(void *buf, uint16_t type, uint16_t flags,
				    int ifindex)
{
	struct nlmsghdr *nlh = nl_msg_start(buf, type, flags);
	struct ifinfomsg *ifi;

	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlh;
}

/* Name, namespace and MTU of one end. The MTU goes on both ends: the
 * kernel gives a peer without IFLA_MTU the default 1500, and ends that
 * disagree drop each other's large frames. */
static void veth_end(struct nlmsghdr *nlh, const char *name, int ns_fd,
		     unsigned mtu)
{
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (ns_fd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)ns_fd);
	if (mtu != 0)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
}

struct nlmsghdr *nl_build_veth(void *buf, const struct nl_veth *v)
{
	struct nlmsghdr *nlh = link_header(buf, RTM_NEWLINK,
					   NLM_F_CREATE | NLM_F_EXCL,
					   v->ifindex);
	struct nlattr *info, *data, *p;
	struct ifinfomsg *pifi;

	veth_end(nlh, v->name, v->ns_fd, v->mtu);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	p = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	/* The peer is described like a link of its own: an ifinfomsg, then
	 * its attributes, all inside VETH_INFO_PEER. libmnl has no helper
	 * for a header inside a nest, so reserve it by hand. */
	pifi = mnl_nlmsg_get_payload_tail(nlh);
	memset(pifi, 0, MNL_ALIGN(sizeof(*pifi)));
	pifi->ifi_family = AF_UNSPEC;
	pifi->ifi_index = v->peer_ifindex;
	nlh->nlmsg_len += MNL_ALIGN(sizeof(*pifi));
	veth_end(nlh, v->peer, v->peer_ns_fd, v->mtu);
	mnl_attr_nest_end(nlh, p);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return nlh;
}

struct nlmsghdr *nl_build_bridge(void *buf, const char *name)
{
	struct nlmsghdr *nlh = link_header(buf, RTM_NEWLINK,
					   NLM_F_CREATE | NLM_F_EXCL, 0);
	struct nlattr *info;

	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	mnl_attr_nest_end(nlh, info);
	return nlh;
}

/* up < 0 leaves the flags alone: with ifi_change 0 the kernel does not
 * touch them, which enslaving a port needs. */
static struct nlmsghdr *link_change(void *buf, int ifindex, int master,
				    int up, unsigned mtu)
{
	struct nlmsghdr *nlh = link_header(buf, RTM_SETLINK, 0, ifindex);
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	if (up >= 0) {
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = up ? IFF_UP : 0;
	}
	if (master != 0)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master);
	if (mtu != 0)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	return nlh;
}

struct nlmsghdr *nl_build_link_change(void *buf, int ifindex, int master,
				      bool up, unsigned mtu)
{
	return link_change(buf, ifindex, master, up, mtu);
}

int nl_veth_create(struct nl_sock *s, const struct nl_veth *v,
		   struct azerr *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	if (strlen(v->name) >= IF_NAMESIZE || strlen(v->peer) >= IF_NAMESIZE)
		return azerr_set(e, "interface name longer than %d",
				 IF_NAMESIZE - 1);
	return nl_request(s, nl_build_veth(buf, v), e);
}

int nl_bridge_create(struct nl_sock *s, const char *name, struct azerr *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	if (strlen(name) >= IF_NAMESIZE)
		return azerr_set(e, "interface name longer than %d",
				 IF_NAMESIZE - 1);
	return nl_request(s, nl_build_bridge(buf, name), e);
}

int nl_link_set_master(struct nl_sock *s, const char *ifname,
		       const char *master, struct azerr *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int idx = nl_ifindex(s, ifname, e);
	int midx = idx > 0 ? nl_ifindex(s, master, e) : -1;

	if (midx <= 0)
		return -1;
	return nl_request(s, link_change(buf, idx, midx, -1, 0), e);
}

int nl_link_set_up(struct nl_sock *s, const char *ifname, bool up,
		   struct azerr *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int idx = nl_ifindex(s, ifname, e);

	if (idx <= 0)
		return -1;
	return nl_request(s, link_change(buf, idx, 0, up, 0), e);
}

int nl_node_link_set_up(const char *node, const char *ifname, bool up,
			struct azerr *e)
{
	struct nl_sock *s = nl_open_node(node, e);
	int rc;

	if (s == NULL)
		return -1;
	rc = nl_link_set_up(s, ifname, up, e);
	nl_close(s);
	return rc;
}

int nl_node_link_is_up(const char *node, const char *ifname, bool *up,
		       struct azerr *e)
{
	struct nl_sock *s = nl_open_node(node, e);
	struct nl_iface *ifs;
	size_t n;
	int rc;

	if (s == NULL)
		return -1;
	rc = nl_dump_ifaces(s, &ifs, &n, e);
	nl_close(s);
	if (rc < 0)
		return -1;
	rc = azerr_set(e, "no interface %s", ifname);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ifs[i].name, ifname) == 0) {
			*up = ifs[i].admin_up;
			rc = 0;
		}
	}
	nl_ifaces_free(ifs, n);
	return rc;
}
