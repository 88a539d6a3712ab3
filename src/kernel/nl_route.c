/* SPDX-License-Identifier: ISC */
/* Routes in the main table: the lab's static routes, the SDN controller's. */
#include <linux/rtnetlink.h>
#include <string.h>

#include "nl_priv.h"

/* A route through a gateway is universe scope; a device route reaches
 * its destination directly on the link. A delete matches any scope. */
static uint8_t route_scope(uint16_t type, const struct route_spec *r)
{
	if (type == RTM_DELROUTE)
		return RT_SCOPE_NOWHERE;
	return r->via != NULL ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
}

struct nlmsghdr *nl_build_route(void *buf, uint16_t type,
				const struct route_spec *r)
{
	struct nlmsghdr *nlh = nl_msg_start(buf, type, 0);
	struct rtmsg *rtm;

	if (type == RTM_NEWROUTE)
		nlh->nlmsg_flags |= NLM_F_CREATE |
				    (r->replace ? NLM_F_REPLACE : NLM_F_EXCL);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)r->dst.family;
	rtm->rtm_dst_len = r->dst.len;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = r->protocol;
	rtm->rtm_scope = route_scope(type, r);
	rtm->rtm_type = RTN_UNICAST;
	if (r->onlink)
		rtm->rtm_flags |= RTNH_F_ONLINK;
	/* A default route is dst_len 0 and no RTA_DST at all. */
	if (r->dst.len > 0)
		mnl_attr_put(nlh, RTA_DST, (size_t)nl_addr_len(r->dst.family),
			     r->dst.addr.bytes);
	if (r->via != NULL)
		mnl_attr_put(nlh, RTA_GATEWAY,
			     (size_t)nl_addr_len(r->via->family),
			     r->via->addr.bytes);
	if (r->oif > 0)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)r->oif);
	if (r->metric != 0)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, r->metric);
	return nlh;
}

int nl_route_add(struct nl_sock *s, const struct prefix *dst,
		 const struct prefix *via, const char *dev, bool onlink,
		 unsigned metric, struct azerr *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct route_spec r = {
		.dst = *dst,
		.via = via,
		.onlink = onlink,
		.metric = metric,
		.protocol = RTPROT_STATIC,
	};

	if (nl_addr_len(dst->family) == 0)
		return azerr_set(e, "unknown address family %d", dst->family);
	/* RTA_GATEWAY is read in the route's family; a v4 route through a
	 * v6 next hop would need RTA_VIA, which the lab does not use. */
	if (via != NULL && via->family != dst->family)
		return azerr_set(e, "next hop and destination are of "
				 "different address families");
	if (dev != NULL) {
		r.oif = nl_ifindex(s, dev, e);
		if (r.oif <= 0)
			return -1;
	}
	return nl_request(s, nl_build_route(buf, RTM_NEWROUTE, &r), e);
}

int nl_route_change(struct nl_sock *s, uint16_t type,
		    const struct route_spec *r, struct azerr *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];

	if (nl_addr_len(r->dst.family) == 0)
		return azerr_set(e, "unknown address family %d", r->dst.family);
	return nl_request(s, nl_build_route(buf, type, r), e);
}
