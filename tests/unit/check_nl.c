/* SPDX-License-Identifier: ISC */
/* Netlink message construction, checked byte by byte without a kernel:
 * headers, flags, the fixed part of each message and its attributes. */
#include <arpa/inet.h>
#include <check.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <string.h>

#include "kernel/nl.h"
#include "unit.h"

#define TB_MAX 128

static char buf[8192];

/* Every attribute by type (last one wins), the rest NULL. */
static int tb_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	ck_assert_int_lt(type, TB_MAX);
	ck_assert_ptr_null(tb[type]);	/* no attribute twice */
	tb[type] = a;
	return MNL_CB_OK;
}

static void attrs(const struct nlmsghdr *nlh, size_t hdrlen,
		  const struct nlattr **tb)
{
	memset(tb, 0, TB_MAX * sizeof(*tb));
	ck_assert_int_eq(mnl_attr_parse(nlh, hdrlen, tb_cb, tb), MNL_CB_OK);
}

static void nested(const struct nlattr *nest, const struct nlattr **tb)
{
	ck_assert_ptr_nonnull(nest);
	memset(tb, 0, TB_MAX * sizeof(*tb));
	ck_assert_int_eq(mnl_attr_parse_nested(nest, tb_cb, tb), MNL_CB_OK);
}

#define pfx test_prefix

static void ck_bytes(const struct nlattr *a, const struct prefix *p)
{
	size_t n = p->family == AF_INET ? 4 : 16;

	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(mnl_attr_get_payload_len(a), n);
	ck_assert_mem_eq(mnl_attr_get_payload(a), p->addr.bytes, n);
}

static const struct ifinfomsg *link_hdr(const struct nlmsghdr *nlh,
					uint16_t type, uint16_t flags)
{
	ck_assert_uint_eq(nlh->nlmsg_type, type);
	ck_assert_uint_eq(nlh->nlmsg_flags, flags);
	ck_assert_uint_ge(nlh->nlmsg_len,
			  mnl_nlmsg_size(sizeof(struct ifinfomsg)));
	return mnl_nlmsg_get_payload(nlh);
}

/* IFLA_LINKINFO -> its IFLA_INFO_* table, the kind checked. */
static void link_kind(const struct nlattr **tb, const char *kind,
		      const struct nlattr **info)
{
	nested(tb[IFLA_LINKINFO], info);
	ck_assert_ptr_nonnull(info[IFLA_INFO_KIND]);
	ck_assert_str_eq(mnl_attr_get_str(info[IFLA_INFO_KIND]), kind);
}

/* VETH_INFO_PEER holds an ifinfomsg and then the peer's attributes. */
static void veth_peer(const struct nlattr **info, const struct nlattr **ptb,
		      int ifindex)
{
	const struct nlattr *data[TB_MAX], *peer;
	const struct ifinfomsg *pifi;
	size_t hl = MNL_ALIGN(sizeof(*pifi));

	nested(info[IFLA_INFO_DATA], data);
	peer = data[VETH_INFO_PEER];
	ck_assert_ptr_nonnull(peer);
	ck_assert_uint_ge(mnl_attr_get_payload_len(peer), hl);
	pifi = mnl_attr_get_payload(peer);
	ck_assert_uint_eq(pifi->ifi_family, AF_UNSPEC);
	ck_assert_int_eq(pifi->ifi_index, ifindex);
	memset(ptb, 0, TB_MAX * sizeof(*ptb));
	ck_assert_int_eq(mnl_attr_parse_payload((const char *)pifi + hl,
						mnl_attr_get_payload_len(peer) - hl,
						tb_cb, ptb), MNL_CB_OK);
}

START_TEST(test_veth)
{
	const struct nlattr *tb[TB_MAX], *info[TB_MAX], *ptb[TB_MAX];
	const struct nl_veth v = { "eth0", 7, 1001, "eth1", 9, 1002, 1400 };
	struct nlmsghdr *nlh = nl_build_veth(buf, &v);
	const struct ifinfomsg *ifi = link_hdr(nlh, RTM_NEWLINK,
		NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);

	ck_assert_uint_eq(ifi->ifi_family, AF_UNSPEC);
	ck_assert_int_eq(ifi->ifi_index, 1001);
	attrs(nlh, sizeof(*ifi), tb);
	ck_assert_str_eq(mnl_attr_get_str(tb[IFLA_IFNAME]), "eth0");
	ck_assert_uint_eq(mnl_attr_get_u32(tb[IFLA_NET_NS_FD]), 7);
	ck_assert_uint_eq(mnl_attr_get_u32(tb[IFLA_MTU]), 1400);
	link_kind(tb, "veth", info);
	veth_peer(info, ptb, 1002);
	ck_assert_str_eq(mnl_attr_get_str(ptb[IFLA_IFNAME]), "eth1");
	ck_assert_uint_eq(mnl_attr_get_u32(ptb[IFLA_NET_NS_FD]), 9);
	ck_assert_uint_eq(mnl_attr_get_u32(ptb[IFLA_MTU]), 1400);
}
END_TEST

/* Into the node's namespace, from the underlay's: a unicast VXLAN with
 * one remote end, its VNI, port and no learning. */
static void ck_vxlan(int family, uint16_t local_attr, uint16_t remote_attr)
{
	const struct nlattr *tb[TB_MAX], *info[TB_MAX], *data[TB_MAX];
	struct prefix local, remote;
	const struct nl_vxlan v = { "wan0", 5, 10027, &local, &remote, 4789,
				    1450 };
	struct nlmsghdr *nlh;

	ck_assert_int_eq(addr_parse(family == AF_INET ? "203.0.113.102" :
				    "2001:db8::2", &local), 0);
	ck_assert_int_eq(addr_parse(family == AF_INET ? "203.0.113.101" :
				    "2001:db8::1", &remote), 0);
	nlh = nl_build_vxlan(buf, &v);
	link_hdr(nlh, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	attrs(nlh, sizeof(struct ifinfomsg), tb);
	ck_assert_str_eq(mnl_attr_get_str(tb[IFLA_IFNAME]), "wan0");
	ck_assert_uint_eq(mnl_attr_get_u32(tb[IFLA_NET_NS_FD]), 5);
	ck_assert_uint_eq(mnl_attr_get_u32(tb[IFLA_MTU]), 1450);
	link_kind(tb, "vxlan", info);
	nested(info[IFLA_INFO_DATA], data);
	ck_assert_uint_eq(mnl_attr_get_u32(data[IFLA_VXLAN_ID]), 10027);
	ck_bytes(data[local_attr], &local);
	ck_bytes(data[remote_attr], &remote);
	ck_assert_uint_eq(ntohs(mnl_attr_get_u16(data[IFLA_VXLAN_PORT])),
			  4789);
	ck_assert_uint_eq(mnl_attr_get_u8(data[IFLA_VXLAN_LEARNING]), 0);
}

START_TEST(test_vxlan)
{
	ck_vxlan(AF_INET, IFLA_VXLAN_LOCAL, IFLA_VXLAN_GROUP);
	ck_vxlan(AF_INET6, IFLA_VXLAN_LOCAL6, IFLA_VXLAN_GROUP6);
}
END_TEST

START_TEST(test_veth_no_mtu_no_ns)
{
	const struct nlattr *tb[TB_MAX], *info[TB_MAX], *ptb[TB_MAX];
	const struct nl_veth v = { "a", 3, 0, "b", -1, 0, 0 };
	struct nlmsghdr *nlh = nl_build_veth(buf, &v);

	attrs(nlh, sizeof(struct ifinfomsg), tb);
	ck_assert_ptr_null(tb[IFLA_MTU]);
	ck_assert_uint_eq(mnl_attr_get_u32(tb[IFLA_NET_NS_FD]), 3);
	link_kind(tb, "veth", info);
	veth_peer(info, ptb, 0);
	ck_assert_str_eq(mnl_attr_get_str(ptb[IFLA_IFNAME]), "b");
	ck_assert_ptr_null(ptb[IFLA_MTU]);
	ck_assert_ptr_null(ptb[IFLA_NET_NS_FD]);	/* -1: the socket's */
}
END_TEST

START_TEST(test_bridge)
{
	const struct nlattr *tb[TB_MAX], *info[TB_MAX];
	struct nlmsghdr *nlh = nl_build_bridge(buf, "br-vnet");

	link_hdr(nlh, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	attrs(nlh, sizeof(struct ifinfomsg), tb);
	ck_assert_str_eq(mnl_attr_get_str(tb[IFLA_IFNAME]), "br-vnet");
	ck_assert_ptr_null(tb[IFLA_NET_NS_FD]);
	ck_assert_ptr_null(tb[IFLA_MTU]);
	link_kind(tb, "bridge", info);
	ck_assert_ptr_null(info[IFLA_INFO_DATA]);
}
END_TEST

START_TEST(test_link_change_up)
{
	const struct nlattr *tb[TB_MAX];
	struct nlmsghdr *nlh = nl_build_link_change(buf, 12, 5, true, 9000);
	const struct ifinfomsg *ifi = link_hdr(nlh, RTM_SETLINK,
					       NLM_F_REQUEST);

	ck_assert_int_eq(ifi->ifi_index, 12);
	ck_assert_uint_eq(ifi->ifi_change, IFF_UP);
	ck_assert_uint_eq(ifi->ifi_flags, IFF_UP);
	attrs(nlh, sizeof(*ifi), tb);
	ck_assert_uint_eq(mnl_attr_get_u32(tb[IFLA_MASTER]), 5);
	ck_assert_uint_eq(mnl_attr_get_u32(tb[IFLA_MTU]), 9000);
	ck_assert_ptr_null(tb[IFLA_IFNAME]);
}
END_TEST

START_TEST(test_link_change_down)
{
	const struct nlattr *tb[TB_MAX];
	struct nlmsghdr *nlh = nl_build_link_change(buf, 3, 0, false, 0);
	const struct ifinfomsg *ifi = link_hdr(nlh, RTM_SETLINK,
					       NLM_F_REQUEST);

	ck_assert_int_eq(ifi->ifi_index, 3);
	ck_assert_uint_eq(ifi->ifi_change, IFF_UP);
	ck_assert_uint_eq(ifi->ifi_flags, 0);
	attrs(nlh, sizeof(*ifi), tb);
	ck_assert_ptr_null(tb[IFLA_MASTER]);
	ck_assert_ptr_null(tb[IFLA_MTU]);
}
END_TEST

static const struct ifaddrmsg *addr_hdr(const struct nlmsghdr *nlh,
					const struct prefix *p, int ifindex)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);

	ck_assert_uint_eq(nlh->nlmsg_type, RTM_NEWADDR);
	ck_assert_uint_eq(nlh->nlmsg_flags,
			  NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	ck_assert_uint_eq(ifa->ifa_family, p->family);
	ck_assert_uint_eq(ifa->ifa_prefixlen, p->len);
	ck_assert_uint_eq(ifa->ifa_index, ifindex);
	return ifa;
}

START_TEST(test_addr_v4)
{
	const struct nlattr *tb[TB_MAX];
	struct prefix p = pfx(AF_INET, "10.10.30.4", 27);
	struct prefix brd = pfx(AF_INET, "10.10.30.31", 32);
	struct nlmsghdr *nlh = nl_build_addr(buf, RTM_NEWADDR, 4, &p);
	const struct ifaddrmsg *ifa = addr_hdr(nlh, &p, 4);

	ck_assert_uint_eq(ifa->ifa_scope, RT_SCOPE_UNIVERSE);
	attrs(nlh, sizeof(*ifa), tb);
	ck_bytes(tb[IFA_LOCAL], &p);
	ck_bytes(tb[IFA_ADDRESS], &p);
	ck_bytes(tb[IFA_BROADCAST], &brd);
}
END_TEST

START_TEST(test_addr_v4_host_and_loopback)
{
	const struct nlattr *tb[TB_MAX];
	struct prefix host = pfx(AF_INET, "10.255.0.1", 32);
	struct prefix p2p = pfx(AF_INET, "10.0.0.0", 31);
	struct prefix lo = pfx(AF_INET, "127.0.0.2", 8);
	struct nlmsghdr *nlh;

	nlh = nl_build_addr(buf, RTM_NEWADDR, 1, &host);
	attrs(nlh, sizeof(struct ifaddrmsg), tb);
	ck_assert_ptr_null(tb[IFA_BROADCAST]);
	nlh = nl_build_addr(buf, RTM_NEWADDR, 2, &p2p);
	attrs(nlh, sizeof(struct ifaddrmsg), tb);
	ck_assert_ptr_null(tb[IFA_BROADCAST]);
	nlh = nl_build_addr(buf, RTM_NEWADDR, 1, &lo);
	ck_assert_uint_eq(addr_hdr(nlh, &lo, 1)->ifa_scope, RT_SCOPE_HOST);
}
END_TEST

START_TEST(test_addr_v6)
{
	const struct nlattr *tb[TB_MAX];
	struct prefix p = pfx(AF_INET6, "2001:db8:30::4", 64);
	struct nlmsghdr *nlh = nl_build_addr(buf, RTM_NEWADDR, 9, &p);
	const struct ifaddrmsg *ifa = addr_hdr(nlh, &p, 9);

	ck_assert_uint_eq(ifa->ifa_scope, RT_SCOPE_UNIVERSE);
	attrs(nlh, sizeof(*ifa), tb);
	ck_bytes(tb[IFA_LOCAL], &p);
	ck_bytes(tb[IFA_ADDRESS], &p);
	ck_assert_ptr_null(tb[IFA_BROADCAST]);
}
END_TEST

START_TEST(test_addr_del)
{
	struct prefix p = pfx(AF_INET, "10.1.0.1", 24);
	struct nlmsghdr *nlh = nl_build_addr(buf, RTM_DELADDR, 2, &p);

	ck_assert_uint_eq(nlh->nlmsg_type, RTM_DELADDR);
	ck_assert_uint_eq(nlh->nlmsg_flags, NLM_F_REQUEST);
}
END_TEST

static const struct rtmsg *route_hdr(const struct nlmsghdr *nlh,
				     const struct route_spec *r)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	ck_assert_uint_eq(nlh->nlmsg_type, RTM_NEWROUTE);
	ck_assert_uint_eq(nlh->nlmsg_flags,
			  NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	ck_assert_uint_eq(rtm->rtm_family, r->dst.family);
	ck_assert_uint_eq(rtm->rtm_dst_len, r->dst.len);
	ck_assert_uint_eq(rtm->rtm_src_len, 0);
	ck_assert_uint_eq(rtm->rtm_table, RT_TABLE_MAIN);
	ck_assert_uint_eq(rtm->rtm_protocol, RTPROT_STATIC);
	ck_assert_uint_eq(rtm->rtm_type, RTN_UNICAST);
	return rtm;
}

START_TEST(test_route_via)
{
	const struct nlattr *tb[TB_MAX];
	struct prefix gw = pfx(AF_INET, "10.10.30.1", 32);
	struct route_spec r = {
		.dst = pfx(AF_INET, "10.20.0.0", 16), .via = &gw, .oif = 4,
		.metric = 100, .protocol = RTPROT_STATIC,
	};
	struct nlmsghdr *nlh = nl_build_route(buf, RTM_NEWROUTE, &r);
	const struct rtmsg *rtm = route_hdr(nlh, &r);

	ck_assert_uint_eq(rtm->rtm_scope, RT_SCOPE_UNIVERSE);
	ck_assert_uint_eq(rtm->rtm_flags, 0);
	attrs(nlh, sizeof(*rtm), tb);
	ck_bytes(tb[RTA_DST], &r.dst);
	ck_bytes(tb[RTA_GATEWAY], &gw);
	ck_assert_uint_eq(mnl_attr_get_u32(tb[RTA_OIF]), 4);
	ck_assert_uint_eq(mnl_attr_get_u32(tb[RTA_PRIORITY]), 100);
}
END_TEST

START_TEST(test_route_device)
{
	const struct nlattr *tb[TB_MAX];
	struct route_spec r = {
		.dst = pfx(AF_INET6, "2001:db8:20::", 48), .oif = 6,
		.protocol = RTPROT_STATIC,
	};
	struct nlmsghdr *nlh = nl_build_route(buf, RTM_NEWROUTE, &r);
	const struct rtmsg *rtm = route_hdr(nlh, &r);

	ck_assert_uint_eq(rtm->rtm_scope, RT_SCOPE_LINK);
	attrs(nlh, sizeof(*rtm), tb);
	ck_bytes(tb[RTA_DST], &r.dst);
	ck_assert_ptr_null(tb[RTA_GATEWAY]);
	ck_assert_ptr_null(tb[RTA_PRIORITY]);
	ck_assert_uint_eq(mnl_attr_get_u32(tb[RTA_OIF]), 6);
}
END_TEST

START_TEST(test_route_default_onlink)
{
	const struct nlattr *tb[TB_MAX];
	struct prefix gw = pfx(AF_INET, "169.254.1.1", 32);
	struct route_spec r = {
		.dst = pfx(AF_INET, "0.0.0.0", 0), .via = &gw, .oif = 2,
		.onlink = true, .protocol = RTPROT_STATIC,
	};
	struct nlmsghdr *nlh = nl_build_route(buf, RTM_NEWROUTE, &r);
	const struct rtmsg *rtm = route_hdr(nlh, &r);

	ck_assert_uint_eq(rtm->rtm_flags, RTNH_F_ONLINK);
	ck_assert_uint_eq(rtm->rtm_scope, RT_SCOPE_UNIVERSE);
	attrs(nlh, sizeof(*rtm), tb);
	ck_assert_ptr_null(tb[RTA_DST]);
	ck_bytes(tb[RTA_GATEWAY], &gw);
	ck_assert_uint_eq(mnl_attr_get_u32(tb[RTA_OIF]), 2);
}
END_TEST

START_TEST(test_route_default_v6_no_oif)
{
	const struct nlattr *tb[TB_MAX];
	struct prefix gw = pfx(AF_INET6, "2001:db8::1", 128);
	struct route_spec r = {
		.dst = pfx(AF_INET6, "::", 0), .via = &gw,
		.protocol = RTPROT_STATIC,
	};
	struct nlmsghdr *nlh = nl_build_route(buf, RTM_NEWROUTE, &r);

	route_hdr(nlh, &r);
	attrs(nlh, sizeof(struct rtmsg), tb);
	ck_assert_ptr_null(tb[RTA_DST]);
	ck_assert_ptr_null(tb[RTA_OIF]);
	ck_bytes(tb[RTA_GATEWAY], &gw);
}
END_TEST

/* netem's TCA_OPTIONS: a struct tc_netem_qopt first (an old-style
 * block, not flagged nested), then TCA_NETEM_* attributes. */
START_TEST(test_netem)
{
	struct nlmsghdr *nlh = nl_build_netem(buf, 7, 37);
	const struct nlattr *tb[TB_MAX], *opts, *attr, *first;
	const struct tc_netem_qopt *q;
	const struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);
	size_t qlen = MNL_ALIGN(sizeof(*q));
	bool latency64 = false;

	ck_assert_uint_eq(nlh->nlmsg_type, RTM_NEWQDISC);
	ck_assert_uint_eq(nlh->nlmsg_flags,
			  NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE);
	ck_assert_int_eq(tcm->tcm_family, AF_UNSPEC);
	ck_assert_int_eq(tcm->tcm_ifindex, 7);
	ck_assert_uint_eq(tcm->tcm_parent, TC_H_ROOT);
	ck_assert_uint_eq(tcm->tcm_handle, 0);
	attrs(nlh, sizeof(*tcm), tb);
	ck_assert_str_eq(mnl_attr_get_str(tb[TCA_KIND]), "netem");
	opts = tb[TCA_OPTIONS];
	ck_assert_ptr_nonnull(opts);
	ck_assert_uint_eq(opts->nla_type, TCA_OPTIONS);	/* no flag */
	ck_assert_uint_ge(mnl_attr_get_payload_len(opts), qlen);
	q = mnl_attr_get_payload(opts);
	ck_assert_uint_eq(q->latency, 37000000 / 64);	/* 64 ns ticks */
	ck_assert_uint_eq(q->limit, 1000);
	ck_assert_uint_eq(q->loss, 0);
	ck_assert_uint_eq(q->jitter, 0);
	first = (const struct nlattr *)((const char *)q + qlen);
	mnl_attr_for_each_payload(first,
				  mnl_attr_get_payload_len(opts) - qlen) {
		ck_assert_uint_eq(mnl_attr_get_type(attr),
				  TCA_NETEM_LATENCY64);
		ck_assert_uint_eq(mnl_attr_get_u64(attr), 37000000ULL);
		latency64 = true;
	}
	ck_assert(latency64);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nl");
	TCase *tl = tcase_create("link");
	TCase *ta = tcase_create("addr");
	TCase *tr = tcase_create("route");
	TCase *tq = tcase_create("qdisc");

	tcase_add_test(tl, test_veth);
	tcase_add_test(tl, test_veth_no_mtu_no_ns);
	tcase_add_test(tl, test_vxlan);
	tcase_add_test(tl, test_bridge);
	tcase_add_test(tl, test_link_change_up);
	tcase_add_test(tl, test_link_change_down);
	tcase_add_test(ta, test_addr_v4);
	tcase_add_test(ta, test_addr_v4_host_and_loopback);
	tcase_add_test(ta, test_addr_v6);
	tcase_add_test(ta, test_addr_del);
	tcase_add_test(tr, test_route_via);
	tcase_add_test(tr, test_route_device);
	tcase_add_test(tr, test_route_default_onlink);
	tcase_add_test(tr, test_route_default_v6_no_oif);
	suite_add_tcase(s, tl);
	suite_add_tcase(s, ta);
	tcase_add_test(tq, test_netem);
	suite_add_tcase(s, tr);
	suite_add_tcase(s, tq);
	return run_suite(s) != 0;
}
