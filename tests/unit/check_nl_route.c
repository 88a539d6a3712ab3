/* SPDX-License-Identifier: ISC */
/* Route messages both ways without a kernel: what nl_build_route asks
 * for (NLM_F_REPLACE for the SDN controller), and nl_route_parse reading
 * what the kernel sends (single next hop, device route, default route,
 * multipath, other tables). */
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "kernel/nl.h"
#include "unit.h"

static char buf[8192];

#define pfx test_prefix

static struct nl_route parse_ok(const struct nlmsghdr *nlh)
{
	struct nl_route r;

	ck_assert_int_eq(nl_route_parse(nlh, &r), 0);
	return r;
}

START_TEST(test_replace_flags)
{
	struct prefix via = pfx(AF_INET, "10.10.30.132", 32);
	struct route_spec r = {
		.dst = pfx(AF_INET, "10.2.30.0", 25),
		.via = &via,
		.oif = 7,
		.metric = 100,
		.protocol = 65,
		.replace = true,
	};
	struct nlmsghdr *nlh = nl_build_route(buf, RTM_NEWROUTE, &r);

	ck_assert_uint_eq(nlh->nlmsg_flags,
			  NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE);
	r.replace = false;
	nlh = nl_build_route(buf, RTM_NEWROUTE, &r);
	ck_assert_uint_eq(nlh->nlmsg_flags,
			  NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
	nlh = nl_build_route(buf, RTM_DELROUTE, &r);
	ck_assert_uint_eq(nlh->nlmsg_flags, NLM_F_REQUEST);
}
END_TEST

/* What we build is what we read back. */
START_TEST(test_parse_via)
{
	struct prefix via = pfx(AF_INET, "10.10.30.142", 32);
	struct route_spec spec = {
		.dst = pfx(AF_INET, "10.11.30.64", 26),
		.via = &via,
		.oif = 3,
		.metric = 200,
		.protocol = 65,
	};
	struct nl_route r = parse_ok(nl_build_route(buf, RTM_NEWROUTE,
						    &spec));

	ck_assert(prefix_same_addr(&r.dst, &spec.dst));
	ck_assert_uint_eq(r.dst.len, 26);
	ck_assert_uint_eq(r.table, RT_TABLE_MAIN);
	ck_assert_uint_eq(r.protocol, 65);
	ck_assert_uint_eq(r.type, RTN_UNICAST);
	ck_assert_uint_eq(r.metric, 200);
	ck_assert_uint_eq(r.n_nh, 1);
	ck_assert(r.nh[0].has_via);
	ck_assert(prefix_same_addr(&r.nh[0].via, &via));
	ck_assert_int_eq(r.nh[0].oif, 3);
}
END_TEST

START_TEST(test_parse_device_and_default)
{
	struct route_spec spec = {
		.dst = pfx(AF_INET, "0.0.0.0", 0),
		.oif = 2,
		.protocol = RTPROT_KERNEL,
	};
	struct nl_route r = parse_ok(nl_build_route(buf, RTM_DELROUTE,
						    &spec));

	ck_assert_int_eq(r.dst.family, AF_INET);
	ck_assert_uint_eq(r.dst.len, 0);
	ck_assert(prefix_same_addr(&r.dst, &spec.dst));
	ck_assert_uint_eq(r.metric, 0);
	ck_assert_uint_eq(r.n_nh, 1);
	ck_assert(!r.nh[0].has_via);
	ck_assert_int_eq(r.nh[0].oif, 2);
}
END_TEST

static void put_rtnh(struct nlmsghdr *nlh, const char *via, int oif)
{
	struct rtnexthop *rtnh = mnl_nlmsg_get_payload_tail(nlh);
	struct nlattr *gw;
	struct in_addr a;

	inet_pton(AF_INET, via, &a);
	memset(rtnh, 0, sizeof(*rtnh));
	rtnh->rtnh_ifindex = oif;
	nlh->nlmsg_len += RTNH_ALIGN(sizeof(*rtnh));
	gw = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put(nlh, RTA_GATEWAY, sizeof(a), &a);
	rtnh->rtnh_len = (unsigned short)(RTNH_ALIGN(sizeof(*rtnh)) +
					  mnl_attr_get_len(gw));
}

/* zebra's ECMP: RTA_MULTIPATH holds a struct rtnexthop per path, each
 * followed by its RTA_GATEWAY. */
START_TEST(test_parse_multipath)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(memset(buf, 0,
							   sizeof(buf)));
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	struct in_addr dst;
	struct nlattr *mp;
	struct nl_route r;

	nlh->nlmsg_type = RTM_NEWROUTE;
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 25;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BGP;
	rtm->rtm_type = RTN_UNICAST;
	inet_pton(AF_INET, "10.1.31.0", &dst);
	mnl_attr_put(nlh, RTA_DST, sizeof(dst), &dst);
	mnl_attr_put_u32(nlh, RTA_PRIORITY, 20);
	mp = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
	put_rtnh(nlh, "172.16.2.2", 4);
	put_rtnh(nlh, "172.16.2.6", 5);
	mnl_attr_nest_end(nlh, mp);
	r = parse_ok(nlh);
	ck_assert_uint_eq(r.protocol, RTPROT_BGP);
	ck_assert_uint_eq(r.metric, 20);
	ck_assert_uint_eq(r.n_nh, 2);
	ck_assert(r.nh[0].has_via && r.nh[1].has_via);
	ck_assert(prefix_same_addr(&r.nh[1].via,
				   &(struct prefix){ .family = AF_INET,
						     .addr.bytes = { 172, 16,
								     2, 6 } }));
	ck_assert_int_eq(r.nh[0].oif, 4);
	ck_assert_int_eq(r.nh[1].oif, 5);
}
END_TEST

/* RTA_TABLE carries table numbers that rtm_table (8 bits) cannot. */
START_TEST(test_parse_table_and_junk)
{
	struct route_spec spec = { .dst = pfx(AF_INET, "10.0.0.0", 8) };
	struct nlmsghdr *nlh = nl_build_route(buf, RTM_NEWROUTE, &spec);
	struct nl_route r;

	mnl_attr_put_u32(nlh, RTA_TABLE, 1000);
	r = parse_ok(nlh);
	ck_assert_uint_eq(r.table, 1000);
	ck_assert_uint_eq(r.n_nh, 0);
	nlh->nlmsg_type = RTM_NEWLINK;
	ck_assert_int_eq(nl_route_parse(nlh, &r), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("nl_route");
	TCase *tc = tcase_create("route messages");

	tcase_add_test(tc, test_replace_flags);
	tcase_add_test(tc, test_parse_via);
	tcase_add_test(tc, test_parse_device_and_default);
	tcase_add_test(tc, test_parse_multipath);
	tcase_add_test(tc, test_parse_table_and_junk);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
