/* SPDX-License-Identifier: ISC */
/* A host's `gateways:` and a route's `source:`: what a valid lab loads
 * into and how it prints, then each error (both passes) with its exact
 * message and place. */
#include "lab_test.h"

/* A VM, a VNet bridge, an ER and a VPN gateway: lines 1-18. The VM
 * reaches the gateways' subnet through a device route only. */
#define VNET_LAB(gateways) \
	"name: t\n" \
	"nodes:\n" \
	"  - name: vm\n" \
	"    role: host\n" \
	"    routes:\n" \
	"      - { to: 10.10.30.0/24, dev: eth0, source: vnet }\n" \
	"      - { to: 10.11.30.0/26, dev: eth0, source: peering }\n" \
	"    gateways:\n" \
	gateways \
	"  - { name: er, role: router }\n" \
	"  - { name: vpn, role: router, loopback: 192.0.2.254/32 }\n" \
	"  - { name: vnet, role: fabric }\n" \
	"links:\n" \
	"  - endpoints: [{ interface: vm:eth0, address: 10.10.30.4/27 }, " \
	"{ interface: vnet:p-vm }]\n" \
	"  - endpoints: [{ interface: er:vnet0, address: 10.10.30.132/27 }, " \
	"{ interface: vnet:p-er }]\n" \
	"  - endpoints: [{ interface: vpn:vnet0, address: 10.10.30.142/27 }, " \
	"{ interface: vnet:p-vpn }]\n" \
	"bridges:\n" \
	"  - { node: vnet, name: br0, ports: [p-vm, p-er, p-vpn] }\n"

#define LINE_ER "      - { node: er, via: 10.10.30.132, type: expressroute }\n"
#define LINE_VPN "      - { node: vpn, via: 10.10.30.142, type: vpn }\n"

static const char valid[] = VNET_LAB(LINE_ER LINE_VPN);

START_TEST(test_model)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load_text(valid, &d);
	const struct lab_node *vm;
	const struct lab_gateway *gw;
	char a[PREFIX_STRLEN];

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	vm = lab_find_node(lab, "vm");
	ck_assert_uint_eq(vm->n_gateways, 2);
	gw = &vm->gateways[0];
	ck_assert_ptr_eq(gw->node, lab_find_node(lab, "er"));
	ck_assert_uint_eq(gw->n_via, 1);
	ck_assert_str_eq(addr_fmt(&gw->via[0], a), "10.10.30.132");
	ck_assert_ptr_null(lab_gw_via(gw, AF_INET6));
	ck_assert_int_eq(gw->type, GW_EXPRESSROUTE);
	/* reached through the device route, not a connected subnet */
	ck_assert_ptr_eq(gw->iface, lab_find_iface(vm, "eth0"));
	ck_assert_uint_eq(gw->pos.line, 9);
	ck_assert_uint_eq(gw->pos.col, 9);
	gw = &vm->gateways[1];
	ck_assert_ptr_eq(gw->node, lab_find_node(lab, "vpn"));
	ck_assert_int_eq(gw->type, GW_VPN);
	ck_assert_int_eq(vm->routes[0].source, ROUTE_VNET);
	ck_assert_int_eq(vm->routes[1].source, ROUTE_PEERING);
	ck_assert_uint_eq(lab_find_node(lab, "er")->n_gateways, 0);
	lab_free(lab);
}
END_TEST

START_TEST(test_print)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load_text(valid, &d);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(lab);
	ck_assert_int_eq(lab_print(lab, out), 0);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(buf,
		"  route 10.10.30.0/24 dev eth0 source vnet\n"
		"  route 10.11.30.0/26 dev eth0 source peering\n"
		"  gateway expressroute er via 10.10.30.132 dev eth0\n"
		"  gateway vpn vpn via 10.10.30.142 dev eth0\n"));
	free(buf);
	lab_free(lab);
}
END_TEST

/* A host vm with one gateway gw, written before it, on one link. */
#define PAIR_LAB(via, vm_addr, gw_addr) \
	"name: t\n" \
	"nodes:\n" \
	"  - name: vm\n" \
	"    role: host\n" \
	"    gateways: [{ node: gw, via: " via ", type: vpn }]\n" \
	"  - { name: gw, role: router }\n" \
	"links:\n" \
	"  - endpoints:\n" \
	"      - { interface: vm:eth0, address: " vm_addr " }\n" \
	"      - { interface: gw:eth0, address: " gw_addr " }\n"

/* Written before its node, a gateway is still found; the other type's
 * gateway may be missing. */
START_TEST(test_gateway_node_later_and_alone)
{
	static const char text[] =
		PAIR_LAB("10.0.0.2", "10.0.0.1/24", "10.0.0.2/24");
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load_text(text, &d);

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	ck_assert_ptr_eq(lab_find_node(lab, "vm")->gateways[0].node,
			 lab_find_node(lab, "gw"));
	lab_free(lab);
}
END_TEST

/* A dual-stack gateway: an address of each family, both through eth0;
 * the IPv6 one through the interface's own subnet. */
START_TEST(test_dual_stack_gateway)
{
	static const char text[] =
		PAIR_LAB("[10.0.0.2, \"2001:db8:1::2\"]",
			 "[10.0.0.1/24, \"2001:db8:1::1/64\"]",
			 "[10.0.0.2/24, \"2001:db8:1::2/64\"]");
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load_text(text, &d);
	const struct lab_gateway *gw;
	struct prefix a;
	char s[PREFIX_STRLEN];

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	gw = &lab_find_node(lab, "vm")->gateways[0];
	ck_assert_uint_eq(gw->n_via, 2);
	ck_assert_str_eq(addr_fmt(lab_gw_via(gw, AF_INET6), s),
			 "2001:db8:1::2");
	ck_assert_str_eq(addr_fmt(lab_gw_via(gw, AF_INET), s), "10.0.0.2");
	ck_assert_int_eq(addr_parse("2001:db8:1::2", &a), 0);
	ck_assert(lab_gw_has_via(gw, &a));
	ck_assert_int_eq(addr_parse("2001:db8:1::1", &a), 0);
	ck_assert(!lab_gw_has_via(gw, &a));
	ck_assert_str_eq(gw->iface->name, "eth0");
	lab_free(lab);
}
END_TEST

static void assert_gateway(const struct lab *lab, const char *host,
			   size_t k, const char *node, const char *via,
			   enum lab_gw_type type)
{
	const struct lab_node *h = lab_find_node(lab, host);
	char a[PREFIX_STRLEN];

	ck_assert_ptr_nonnull(h);
	ck_assert_uint_gt(h->n_gateways, k);
	ck_assert_str_eq(h->gateways[k].node->name, node);
	ck_assert_str_eq(addr_fmt(&h->gateways[k].via[0], a), via);
	ck_assert_int_eq(h->gateways[k].type, type);
	ck_assert_str_eq(h->gateways[k].iface->name, "eth0");
}

/* The VNet VMs of the reference lab and the gateways they use. */
START_TEST(test_reference_lab)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load(LAB_DIR "/azure-interop.yaml", &d);

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	assert_gateway(lab, "hub-vm", 0, "hub-ergw", "10.10.30.132",
		       GW_EXPRESSROUTE);
	assert_gateway(lab, "hub-vm", 1, "hub-vpngw", "10.10.30.142", GW_VPN);
	assert_gateway(lab, "spoke-vm", 0, "hub-ergw", "10.10.30.132",
		       GW_EXPRESSROUTE);
	assert_gateway(lab, "spoke-vm", 1, "hub-vpngw", "10.10.30.142",
		       GW_VPN);
	assert_gateway(lab, "remote-vm", 0, "remote-ergw", "10.17.30.36",
		       GW_EXPRESSROUTE);
	assert_gateway(lab, "branch-vm", 0, "branch-vpngw", "10.11.30.100",
		       GW_VPN);
	ck_assert_uint_eq(lab_find_node(lab, "loc1-vm")->n_gateways, 0);
	ck_assert_int_eq(lab_find_node(lab, "hub-vm")->routes[0].source,
			 ROUTE_VNET);
	ck_assert_int_eq(lab_find_node(lab, "hub-vm")->routes[1].source,
			 ROUTE_PEERING);
	ck_assert_int_eq(lab_find_node(lab, "spoke-vm")->routes[0].source,
			 ROUTE_PEERING);
	lab_diags_free(&d);
	lab_free(lab);
}
END_TEST

static const struct error_case cases[] = {
	{ "unknown_key_gateway",
	  "9:51: unknown key 'metric' in a gateway",
	  VNET_LAB("      - { node: er, via: 10.10.30.132, type: vpn, "
		   "metric: 5 }\n") },
	{ "gateway_not_mapping",
	  "9:9: each gateway must be a mapping, not a scalar",
	  VNET_LAB("      - er\n") },
	{ "gateway_missing_via",
	  "9:9: missing required key 'via' in a gateway",
	  VNET_LAB("      - { node: er, type: expressroute }\n") },
	{ "gateways_not_list",
	  "9:7: 'gateways' must be a list, not a mapping",
	  VNET_LAB("      { node: er }\n") },
	{ "bad_type",
	  "9:46: bad gateway type 'er': expected expressroute or vpn",
	  VNET_LAB("      - { node: er, via: 10.10.30.132, type: er }\n") },
	{ "via_two_ipv4",
	  "9:41: gateway address 10.10.30.133: the gateway already has an "
	  "IPv4 address",
	  VNET_LAB("      - { node: er, via: [10.10.30.132, 10.10.30.133], "
		   "type: vpn }\n") },
	{ "via_mapping",
	  "9:26: 'via' must be an address or a list, not a mapping",
	  VNET_LAB("      - { node: er, via: { a: 1 }, type: vpn }\n") },
	{ "via_empty_list",
	  "9:26: 'via' needs an address",
	  VNET_LAB("      - { node: er, via: [], type: vpn }\n") },
	{ "via_with_length",
	  "9:26: bad gateway address '10.10.30.132/27': expected an IPv4 or "
	  "IPv6 address",
	  VNET_LAB("      - { node: er, via: 10.10.30.132/27, type: vpn }\n") },
	{ "unknown_node",
	  "9:17: unknown node 'ergw' in gateway",
	  VNET_LAB("      - { node: ergw, via: 10.10.30.132, type: vpn }\n") },
	{ "node_not_router",
	  "9:17: gateway node 'vnet' is a fabric, not a router",
	  VNET_LAB("      - { node: vnet, via: 10.10.30.132, type: vpn }\n") },
	{ "duplicate_gateway",
	  "10:17: duplicate gateway 'er' (first at 9:17)",
	  VNET_LAB(LINE_ER
		   "      - { node: er, via: 10.10.30.133, type: vpn }\n") },
	{ "duplicate_type",
	  "10:47: node 'vm' already has a gateway of type vpn (first at 9:9)",
	  VNET_LAB("      - { node: er, via: 10.10.30.132, type: vpn }\n"
		   LINE_VPN) },
	{ "gateways_on_router",
	  "4:30: only a host has gateways; node 'b' is a router",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a, role: router }\n"
	  "  - { name: b, role: router, gateways: [{ node: a, via: 10.0.0.1, "
	  "type: vpn }] }\n" },
	{ "duplicate_host_with_gateways",
	  "4:13: duplicate node 'a' (first at 3:13)",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a, role: host }\n"
	  "  - { name: a, role: host, gateways: [{ node: b, via: 10.0.0.2, "
	  "type: vpn }] }\n"
	  "  - { name: b, role: router }\n" },
	{ "bad_source",
	  "6:56: bad source 'user': expected vnet, peering or static",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    loopback: 10.0.0.1/24\n"
	  "    routes: [{ to: 10.1.0.0/16, via: 10.0.0.2, source: user }]\n" },
	/* second pass */
	{ "via_not_the_nodes",
	  "9:26: gateway address 10.10.30.142 is not an address of node 'er'",
	  VNET_LAB("      - { node: er, via: 10.10.30.142, type: vpn }\n") },
	{ "via_on_loopback_unreachable",
	  "9:27: gateway address 192.0.2.254 is not in a connected subnet "
	  "or device route of node 'vm'",
	  VNET_LAB("      - { node: vpn, via: 192.0.2.254, type: vpn }\n") },
};

START_TEST(test_error)
{
	assert_error_case(&cases[_i]);
}
END_TEST

/* A device route through a declared-down interface reaches nothing. */
START_TEST(test_via_only_through_down_iface)
{
	static const struct error_case c = {
		"via_down",
		"6:44: gateway address 10.0.1.2 is not in a connected subnet "
		"or device route of node 'vm'",
		"name: t\n"
		"nodes:\n"
		"  - name: vm\n"
		"    role: host\n"
		"    loopback: 192.0.2.1/32\n"
		"    gateways: [{ node: gw, type: vpn, via: 10.0.1.2 }]\n"
		"  - { name: gw, role: router }\n"
		"links:\n"
		"  - endpoints:\n"
		"      - { interface: vm:eth0, address: 10.0.1.1/24, "
		"state: down }\n"
		"      - { interface: gw:eth0, address: 10.0.1.2/24 }\n",
	};

	assert_error_case(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lab_gateways");
	TCase *ok = tcase_create("valid");
	TCase *tc = tcase_create("errors");

	tcase_add_checked_fixture(ok, lab_dir_make, lab_dir_remove);
	tcase_add_test(ok, test_model);
	tcase_add_test(ok, test_print);
	tcase_add_test(ok, test_gateway_node_later_and_alone);
	tcase_add_test(ok, test_dual_stack_gateway);
	tcase_add_test(ok, test_reference_lab);
	suite_add_tcase(s, ok);
	tcase_add_checked_fixture(tc, lab_dir_make, lab_dir_remove);
	tcase_add_loop_test(tc, test_error, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_via_only_through_down_iface);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
