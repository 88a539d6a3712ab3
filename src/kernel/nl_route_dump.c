/* SPDX-License-Identifier: ISC */
/* Routes as the kernel reports them: one parser for dump answers and
 * for the notifications of a monitor socket (nl_mon.c; sdn/sdn.c reads
 * them), and a dump of the main table for `azlab routes` and the SDN
 * controller. */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "nl_priv.h"
#include "core/grow.h"

static const enum mnl_attr_data_type route_types[RTA_MAX + 1] = {
	[RTA_DST] = MNL_TYPE_BINARY,
	[RTA_GATEWAY] = MNL_TYPE_BINARY,
	[RTA_OIF] = MNL_TYPE_U32,
	[RTA_PRIORITY] = MNL_TYPE_U32,
	[RTA_TABLE] = MNL_TYPE_U32,
	[RTA_MULTIPATH] = MNL_TYPE_BINARY,
};
static const struct nl_policy route_pol = { route_types, RTA_MAX };

/* An address attribute of the family's exact length into p. */
static bool addr_attr(const struct nlattr *a, int family, uint8_t len,
		      struct prefix *p)
{
	int n = nl_addr_len(family);

	if (a == NULL || mnl_attr_get_payload_len(a) != (uint16_t)n)
		return false;
	memset(p, 0, sizeof(*p));
	p->family = family;
	p->len = len;
	memcpy(p->addr.bytes, mnl_attr_get_payload(a), (size_t)n);
	return true;
}

/* A next hop is an address: the host length. */
static uint8_t host_len(int family)
{
	return (uint8_t)(8 * nl_addr_len(family));
}

/* One struct rtnexthop of RTA_MULTIPATH, its attributes after it. */
static void parse_rtnh(const struct rtnexthop *rtnh, int family,
		       struct nl_nexthop *nh)
{
	size_t hdr = RTNH_ALIGN(sizeof(*rtnh));
	const void *attrs = (const char *)rtnh + hdr;
	const struct nlattr *attr;

	memset(nh, 0, sizeof(*nh));
	nh->oif = rtnh->rtnh_ifindex;
	if (rtnh->rtnh_len <= hdr)
		return;
	mnl_attr_for_each_payload(attrs, rtnh->rtnh_len - hdr) {
		if (mnl_attr_get_type(attr) == RTA_GATEWAY)
			nh->has_via = addr_attr(attr, family, host_len(family),
						&nh->via);
	}
}

static void parse_multipath(const struct nlattr *mp, int family,
			    struct nl_route *r)
{
	const char *p = mnl_attr_get_payload(mp);
	size_t left = mnl_attr_get_payload_len(mp);

	while (left >= sizeof(struct rtnexthop) &&
	       r->n_nh < NL_NEXTHOPS_MAX) {
		const struct rtnexthop *rtnh = (const void *)p;
		size_t len = rtnh->rtnh_len;

		if (len < sizeof(*rtnh) || len > left)
			return;
		parse_rtnh(rtnh, family, &r->nh[r->n_nh++]);
		len = RTNH_ALIGN(len);
		if (len >= left)
			return;
		p += len;
		left -= len;
	}
}

static void parse_nexthops(const struct nlattr **tb, int family,
			   struct nl_route *r)
{
	struct nl_nexthop *nh = &r->nh[0];

	if (tb[RTA_MULTIPATH] != NULL) {
		parse_multipath(tb[RTA_MULTIPATH], family, r);
		return;
	}
	if (tb[RTA_GATEWAY] == NULL && tb[RTA_OIF] == NULL)
		return;
	r->n_nh = 1;
	nh->has_via = addr_attr(tb[RTA_GATEWAY], family, host_len(family),
				&nh->via);
	if (tb[RTA_OIF] != NULL)
		nh->oif = (int)mnl_attr_get_u32(tb[RTA_OIF]);
}

int nl_route_parse(const struct nlmsghdr *nlh, struct nl_route *r)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1];

	memset(r, 0, sizeof(*r));
	if ((nlh->nlmsg_type != RTM_NEWROUTE &&
	     nlh->nlmsg_type != RTM_DELROUTE) ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm) ||
	    nl_addr_len(rtm->rtm_family) == 0 ||
	    nl_parse(nlh, sizeof(*rtm), &route_pol, tb) < 0)
		return -1;
	/* a default route has no RTA_DST: the zero address */
	r->dst.family = rtm->rtm_family;
	r->dst.len = rtm->rtm_dst_len;
	if (tb[RTA_DST] != NULL &&
	    !addr_attr(tb[RTA_DST], rtm->rtm_family, rtm->rtm_dst_len,
		       &r->dst))
		return -1;
	/* rtm_table is 8 bits: RTA_TABLE carries the whole number */
	r->table = tb[RTA_TABLE] != NULL ? mnl_attr_get_u32(tb[RTA_TABLE])
					 : rtm->rtm_table;
	r->protocol = rtm->rtm_protocol;
	r->type = rtm->rtm_type;
	r->scope = rtm->rtm_scope;
	if (tb[RTA_PRIORITY] != NULL)
		r->metric = mnl_attr_get_u32(tb[RTA_PRIORITY]);
	parse_nexthops(tb, rtm->rtm_family, r);
	return 0;
}

struct route_dump {
	struct nl_route *v;
	size_t n, cap;
};

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_dump *d = data;
	struct nl_route r;

	if (nl_route_parse(nlh, &r) < 0 || r.table != RT_TABLE_MAIN)
		return MNL_CB_OK;
	if (grow(&d->v, &d->cap, d->n + 1, sizeof(*d->v)) < 0)
		return MNL_CB_ERROR;
	d->v[d->n++] = r;
	return MNL_CB_OK;
}

static int dump_once(struct nl_sock *s, int family, struct route_dump *d,
		     struct azerr *e)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg_start(buf, RTM_GETROUTE, NLM_F_DUMP);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	rtm->rtm_family = (uint8_t)family;
	return nl_exchange(s, nlh, route_cb, d, e);
}

int nl_dump_routes(struct nl_sock *s, int family, struct nl_route **out,
		   size_t *n, struct azerr *e)
{
	struct route_dump d = { 0 };
	int rc;

	/* A dump that raced with a change is flagged by the kernel: the
	 * SDN controller needs a consistent one, so try again. */
	for (int tries = 0;; tries++) {
		d.n = 0;
		rc = dump_once(s, family, &d, e);
		if (rc != NL_DUMP_INTR || tries == 5)
			break;
	}
	if (rc < 0) {
		free(d.v);
		return azerr_wrap(e, "listing routes");
	}
	*out = d.v;
	*n = d.n;
	return 0;
}
