/* SPDX-License-Identifier: ISC */
/* A VXLAN tunnel for a link between two hosts of a lab. It is made from
 * the daemon's own namespace, where the hosts' underlay addresses are,
 * straight into the node's namespace: the kernel keeps its UDP socket in
 * the namespace that made it, so the node sees one Ethernet link and the
 * encapsulated frames go out on the underlay. */
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "nl_priv.h"

static void vxlan_addr(struct nlmsghdr *nlh, uint16_t v4, uint16_t v6,
		       const struct prefix *a)
{
	if (a->family == AF_INET)
		mnl_attr_put(nlh, v4, sizeof(a->addr.v4), &a->addr.v4);
	else
		mnl_attr_put(nlh, v6, sizeof(a->addr.v6), &a->addr.v6);
}

struct nlmsghdr *nl_build_vxlan(void *buf, const struct nl_vxlan *v)
{
	struct nlmsghdr *nlh = nl_msg_start(buf, RTM_NEWLINK,
					    NLM_F_CREATE | NLM_F_EXCL);
	struct ifinfomsg *ifi;
	struct nlattr *info, *data;

	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, v->name);
	if (v->ns_fd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)v->ns_fd);
	if (v->mtu != 0)
		mnl_attr_put_u32(nlh, IFLA_MTU, v->mtu);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "vxlan");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put_u32(nlh, IFLA_VXLAN_ID, v->vni);
	vxlan_addr(nlh, IFLA_VXLAN_LOCAL, IFLA_VXLAN_LOCAL6, v->local);
	/* a unicast "group" is the one remote end: no multicast underlay */
	vxlan_addr(nlh, IFLA_VXLAN_GROUP, IFLA_VXLAN_GROUP6, v->remote);
	mnl_attr_put_u16(nlh, IFLA_VXLAN_PORT, htons(v->port));
	/* one peer per tunnel: nothing to learn, nothing to age */
	mnl_attr_put_u8(nlh, IFLA_VXLAN_LEARNING, 0);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return nlh;
}

int nl_vxlan_create(struct nl_sock *s, const struct nl_vxlan *v,
		    struct azerr *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	if (strlen(v->name) >= IF_NAMESIZE)
		return azerr_set(e, "interface name longer than %d",
				 IF_NAMESIZE - 1);
	return nl_request(s, nl_build_vxlan(buf, v), e);
}
