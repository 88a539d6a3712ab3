/* SPDX-License-Identifier: ISC */
/* Effective routes (rtview.c): a dump of a VM's main table explained with
 * the lab, sorted, active and shadowed routes told apart. */
#include <linux/rtnetlink.h>

#include "lab_test.h"
#include "sdn/rtview.h"
#include "sdn/sdn.h"

static const char lab_text[] =
	"name: t\n"
	"nodes:\n"
	"  - name: vm\n"
	"    role: host\n"
	"    routes:\n"
	"      - { to: 10.10.30.0/24, dev: eth0, source: vnet }\n"
	"      - { to: 10.11.30.0/26, dev: eth0, source: peering }\n"
	"      - { to: 10.99.0.0/16, via: 10.10.30.1 }\n"
	"    gateways:\n"
	"      - { node: er, via: [10.10.30.132, \"2001:db8:30::132\"], "
	"type: expressroute }\n"
	"      - { node: vpn, via: 10.10.30.142, type: vpn }\n"
	"  - { name: er, role: router }\n"
	"  - { name: vpn, role: router }\n"
	"  - { name: vnet, role: fabric, loopback: 10.10.30.1/32 }\n"
	"links:\n"
	"  - endpoints: [{ interface: vm:eth0, address: [10.10.30.4/27, "
	"\"2001:db8:30::4/64\"] }, { interface: vnet:p-vm }]\n"
	"  - endpoints: [{ interface: er:vnet0, address: [10.10.30.132/27, "
	"\"2001:db8:30::132/64\"] }, { interface: vnet:p-er }]\n"
	"  - endpoints: [{ interface: vpn:vnet0, address: 10.10.30.142/27 }, "
	"{ interface: vnet:p-vpn }]\n"
	"bridges:\n"
	"  - { node: vnet, name: br0, ports: [p-vm, p-er, p-vpn] }\n";

static struct nl_route route(const char *dst, uint8_t proto, unsigned metric,
			     const char *via)
{
	struct nl_route r;

	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(prefix_parse(dst, &r.dst), 0);
	r.table = RT_TABLE_MAIN;
	r.protocol = proto;
	r.type = RTN_UNICAST;
	r.metric = metric;
	r.n_nh = 1;
	r.nh[0].oif = 2;
	if (via != NULL) {
		r.nh[0].has_via = true;
		ck_assert_int_eq(addr_parse(via, &r.nh[0].via), 0);
	}
	return r;
}

START_TEST(test_effective_routes)
{
	static const char *const want[] = {
		"10.2.30.0/25 expressroute ExpressRoute gateway er active",
		"10.2.30.0/25 vpn VPN gateway vpn shadowed",
		"10.10.30.0/24 vnet VNet local active",
		"10.10.30.0/27 connected connected active",
		"10.11.30.0/26 peering VNet peering active",
		"10.11.30.64/26 vpn VPN gateway vpn active",
		"10.12.0.0/16 gateway gateway (not in the lab) active",
		"10.99.0.0/16 static static active",
		"10.99.0.0/16 boot added by hand shadowed",
		"10.100.0.0/16 bgp BGP active",
		"2001:db8:2::/64 expressroute ExpressRoute gateway er active",
		"2001:db8:30::/64 connected connected active",
	};
	struct nl_route dump[] = {
		route("10.10.30.0/27", RTPROT_KERNEL, 0, NULL),
		route("10.11.30.64/26", RTPROT_AZLAB_SDN, 200, "10.10.30.142"),
		route("10.2.30.0/25", RTPROT_AZLAB_SDN, 200, "10.10.30.142"),
		route("10.10.30.0/24", RTPROT_STATIC, 0, NULL),
		route("10.2.30.0/25", RTPROT_AZLAB_SDN, 100, "10.10.30.132"),
		route("10.11.30.0/26", RTPROT_STATIC, 0, NULL),
		route("10.99.0.0/16", RTPROT_BOOT, 5, "10.10.30.1"),
		route("10.99.0.0/16", RTPROT_STATIC, 0, "10.10.30.1"),
		route("10.12.0.0/16", RTPROT_AZLAB_SDN, 100, "10.10.30.150"),
		route("10.100.0.0/16", RTPROT_BGP, 20, "10.10.30.1"),
		route("2001:db8:30::/64", RTPROT_KERNEL, 256, NULL),
		route("2001:db8:2::/64", RTPROT_AZLAB_SDN, 100,
		      "2001:db8:30::132"),
		/* what the kernel adds by itself: not shown */
		route("fe80::/64", RTPROT_KERNEL, 256, NULL),
		route("::1/128", RTPROT_KERNEL, 256, NULL),
		route("ff00::/8", RTPROT_KERNEL, 256, NULL),
	};
	size_t n_dump = sizeof(dump) / sizeof(dump[0]) - 3;
	struct lab_diags d = { 0 };
	struct lab *lab;
	struct rt_entry *v;
	char dst[PREFIX_STRLEN], kind[64], label[128], line[256];
	size_t n;

	lab_dir_make();
	lab = lab_load_text(lab_text, &d);
	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	ck_assert_int_eq(rtview_build(lab_find_node(lab, "vm"), dump,
				      n_dump + 3, &v, &n), 0);
	ck_assert_uint_eq(n, n_dump);
	for (size_t i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "%s %s %s %s",
			 prefix_fmt(&v[i].route.dst, dst),
			 rtview_kind(&v[i], kind, sizeof(kind)),
			 rtview_label(&v[i], label, sizeof(label)),
			 v[i].active ? "active" : "shadowed");
		ck_assert_str_eq(line, want[i]);
	}
	ck_assert_str_eq(v[0].gw->node->name, "er");
	free(v);
	lab_free(lab);
	lab_dir_remove();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtview");
	TCase *tc = tcase_create("effective routes");

	tcase_add_test(tc, test_effective_routes);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
