/* SPDX-License-Identifier: ISC */
/* The lab loader's first pass: one case per kind of error in the form of
 * a lab file (YAML syntax, keys, types, names, references, values), each
 * with its exact message and place. */
#include "lab_test.h"

static const struct error_case cases[] = {
	{ "syntax_flow",
	  "3:1: syntax error: did not find expected ',' or ']' (while "
	  "parsing a flow sequence at 2:8)",
	  "name: t\n"
	  "nodes: [a\n" },
	{ "syntax_indent",
	  "4:4: syntax error: did not find expected '-' indicator (while "
	  "parsing a block collection at 3:3)",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "   role: host\n" },
	{ "syntax_tab",
	  "3:1: syntax error: found character that cannot start any "
	  "token (while scanning for the next token at 3:1)",
	  "name: t\n"
	  "nodes:\n"
	  "\t- { name: a, role: host }\n" },
	{ "empty_file",
	  "1:1: the lab file is empty",
	  "" },
	{ "empty_document",
	  "1:1: the lab file is empty",
	  "# nothing but a comment\n" },
	{ "two_documents",
	  "4:1: a lab file holds one YAML document, not several",
	  "name: t\n"
	  "nodes: [{ name: a, role: host }]\n"
	  "---\n"
	  "name: u\n" },
	{ "top_not_mapping",
	  "1:1: the lab file must be a mapping, not a list",
	  "- name: t\n" },
	{ "unknown_key_top",
	  "5:1: unknown key 'linkz' at top level",
	  NODES_AB
	  "linkz: []\n" },
	{ "frr_mode",
	  "5:6: bad frr 'sharde': expected per-router (a zebra and a bgpd "
	  "each) or shared (one of each for every router)",
	  NODES_AB
	  "frr: sharde\n" },
	{ "frr_mode_not_scalar",
	  "5:6: 'frr' must be a scalar, not a list",
	  NODES_AB
	  "frr: [shared]\n" },
	{ "unknown_key_node",
	  "5:5: unknown key 'rol' in a node",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    rol: router\n" },
	{ "unknown_key_link",
	  "7:5: unknown key 'speed' in a link",
	  NODES_AB
	  "links:\n"
	  "  - endpoints: [{ interface: a:eth0 }, { interface: b:eth0 }]\n"
	  "    speed: 10\n" },
	{ "unknown_key_endpoint",
	  "7:30: unknown key 'adress' in an endpoint",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0, adress: 10.0.0.1/24 }\n"
	  "      - { interface: b:eth0 }\n" },
	{ "unknown_key_route",
	  "5:38: unknown key 'gateway' in a route",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: default, dev: lo, gateway: 10.0.0.1 }]\n" },
	{ "unknown_key_bridge",
	  "6:27: unknown key 'vlan' in a bridge",
	  NODES_AB
	  "bridges:\n"
	  "  - { node: a, name: br0, vlan: 10 }\n" },
	{ "duplicate_key",
	  "5:5: duplicate key 'role' (first at 4:5)",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    role: router\n" },
	{ "missing_lab_name",
	  "1:1: missing required key 'name' at top level",
	  "nodes:\n"
	  "  - { name: a, role: host }\n" },
	{ "missing_nodes",
	  "1:1: missing required key 'nodes' at top level",
	  "name: t\n" },
	{ "missing_node_name",
	  "3:5: missing required key 'name' in a node",
	  "name: t\n"
	  "nodes:\n"
	  "  - { role: host }\n" },
	{ "missing_role",
	  "3:5: missing required key 'role' in a node",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n" },
	{ "missing_interface",
	  "6:40: missing required key 'interface' in an endpoint",
	  NODES_AB
	  "links:\n"
	  "  - endpoints: [{ interface: a:eth0 }, { address: 10.0.0.2/24 }]\n" },
	{ "missing_endpoints",
	  "6:5: missing required key 'endpoints' in a link",
	  NODES_AB
	  "links:\n"
	  "  - mtu: 1500\n" },
	{ "missing_route_to",
	  "5:14: missing required key 'to' in a route",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ via: 10.0.0.1 }]\n" },
	{ "missing_bridge_name",
	  "6:5: missing required key 'name' in a bridge",
	  NODES_AB
	  "bridges:\n"
	  "  - { node: a }\n" },
	{ "no_nodes",
	  "2:8: a lab needs at least one node",
	  "name: t\n"
	  "nodes: []\n" },
	{ "type_nodes_mapping",
	  "2:8: 'nodes' must be a list, not a mapping",
	  "name: t\n"
	  "nodes: { a: host }\n" },
	{ "type_name_list",
	  "1:7: 'name' must be a scalar, not a list",
	  "name: [t]\n"
	  "nodes: [{ name: a, role: host }]\n" },
	{ "type_node_scalar",
	  "2:9: each node must be a mapping, not a scalar",
	  "name: t\n"
	  "nodes: [a]\n" },
	{ "type_sysctls_list",
	  "5:14: 'sysctls' must be a mapping, not a list",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    sysctls: [net.ipv4.ip_forward]\n" },
	{ "type_sysctl_value",
	  "5:37: a sysctl value must be a scalar, not a list",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    sysctls: { net.ipv4.ip_forward: [1] }\n" },
	{ "type_address_mapping",
	  "7:39: 'address' must be an address or a list, not a mapping",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0, address: { ip: 10.0.0.1 } }\n"
	  "      - { interface: b:eth0 }\n" },
	{ "type_port_list",
	  "8:35: each port must be a scalar, not a list",
	  NODES_AB
	  "links:\n"
	  "  - endpoints: [{ interface: a:p0 }, { interface: b:eth0 }]\n"
	  "bridges:\n"
	  "  - { node: a, name: br0, ports: [[p0]] }\n" },
	{ "type_routes_mapping",
	  "5:13: 'routes' must be a list, not a mapping",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: { to: default }\n" },
	{ "bad_role",
	  "3:22: bad role 'switch': expected host, router or fabric",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a, role: switch }\n" },
	{ "bad_node_name_upper",
	  "3:13: bad node name 'Hub-VM': use a-z, 0-9 and '-', start "
	  "with a letter or digit, at most 32 characters",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: Hub-VM, role: host }\n" },
	{ "bad_node_name_dash",
	  "3:13: bad node name '-a': use a-z, 0-9 and '-', start with a "
	  "letter or digit, at most 32 characters",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: -a, role: host }\n" },
	{ "bad_node_name_long",
	  "3:13: bad node name 'a23456789012345678901234567890123': use "
	  "a-z, 0-9 and '-', start with a letter or digit, at most 32 "
	  "characters",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a23456789012345678901234567890123, role: host }\n" },
	{ "bad_node_name_underscore",
	  "3:13: bad node name 'a_b': use a-z, 0-9 and '-', start with a "
	  "letter or digit, at most 32 characters",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a_b, role: host }\n" },
	{ "bad_lab_name",
	  "1:7: bad lab name 'my lab': use a-z, 0-9 and '-', start with "
	  "a letter or digit, at most 32 characters",
	  "name: my lab\n"
	  "nodes:\n"
	  "  - { name: a, role: host }\n" },
	{ "duplicate_node",
	  "4:13: duplicate node 'a' (first at 3:13)",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a, role: host }\n"
	  "  - { name: a, role: router }\n" },
	{ "unknown_node",
	  "8:22: unknown node 'x' in interface 'x:eth0'",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0 }\n"
	  "      - { interface: x:eth0 }\n" },
	{ "bad_endpoint_no_colon",
	  "7:22: bad endpoint 'a-eth0': expected node:interface",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a-eth0 }\n"
	  "      - { interface: b:eth0 }\n" },
	{ "bad_endpoint_no_node",
	  "7:22: bad endpoint ':eth0': expected node:interface",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: \":eth0\" }\n"
	  "      - { interface: b:eth0 }\n" },
	{ "bad_endpoint_no_iface",
	  "7:22: bad endpoint 'a:': expected node:interface",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: \"a:\" }\n"
	  "      - { interface: b:eth0 }\n" },
	{ "link_one_endpoint",
	  "7:7: a link needs exactly two endpoints, not 1",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0 }\n" },
	{ "link_three_endpoints",
	  "6:16: a link needs exactly two endpoints, not 3",
	  NODES_AB
	  "links:\n"
	  "  - endpoints: [{ interface: a:eth0 }, { interface: b:eth0 }, { interface: b:eth1 }]\n" },
	{ "duplicate_iface",
	  "11:22: duplicate interface 'b:eth0' (first at 8:22)",
	  NODES_AB
	  LINK_AB
	  "  - endpoints:\n"
	  "      - { interface: a:eth1 }\n"
	  "      - { interface: b:eth0 }\n" },
	{ "duplicate_iface_bridge",
	  "10:22: duplicate interface 'b:eth0' (first at 8:22)",
	  NODES_AB
	  LINK_AB
	  "bridges:\n"
	  "  - { node: b, name: eth0 }\n" },
	{ "duplicate_iface_same_link",
	  "6:53: duplicate interface 'a:eth0' (first at 6:30)",
	  NODES_AB
	  "links:\n"
	  "  - endpoints: [{ interface: a:eth0 }, { interface: a:eth0 }]\n" },
	{ "iface_name_long",
	  "8:22: bad interface name 'to-the-internet1': longer than 15 "
	  "characters",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0 }\n"
	  "      - { interface: b:to-the-internet1 }\n" },
	{ "iface_name_lo",
	  "7:22: bad interface name 'lo': reserved",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:lo }\n"
	  "      - { interface: b:eth0 }\n" },
	{ "iface_name_slash",
	  "8:22: bad interface name 'x/y': contains '/', ':' or "
	  "whitespace",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0 }\n"
	  "      - { interface: b:x/y }\n" },
	{ "iface_name_colon",
	  "8:22: bad interface name 'x:y': contains '/', ':' or "
	  "whitespace",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0 }\n"
	  "      - { interface: \"b:x:y\" }\n" },
	{ "iface_name_space",
	  "8:22: bad interface name 'e 0': contains '/', ':' or "
	  "whitespace",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0 }\n"
	  "      - { interface: \"b:e 0\" }\n" },
	{ "bridge_name_long",
	  "6:22: bad interface name 'bridge-for-the-lan': longer than 15 "
	  "characters",
	  NODES_AB
	  "bridges:\n"
	  "  - { node: a, name: bridge-for-the-lan }\n" },
	{ "bad_address_octet",
	  "7:39: bad address '10.0.0.256/24': expected an IPv4 or IPv6 "
	  "address, optionally with /length",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0, address: 10.0.0.256/24 }\n"
	  "      - { interface: b:eth0 }\n" },
	{ "bad_address_len",
	  "7:53: bad address '10.0.1.1/33': expected an IPv4 or IPv6 "
	  "address, optionally with /length",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0, address: [10.0.0.1/24, 10.0.1.1/33] }\n"
	  "      - { interface: b:eth0 }\n" },
	{ "bad_address_empty_len",
	  "7:39: bad address '10.0.0.1/': expected an IPv4 or IPv6 "
	  "address, optionally with /length",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0, address: 10.0.0.1/ }\n"
	  "      - { interface: b:eth0 }\n" },
	{ "bad_address_v6",
	  "3:38: bad address '2001:db8::g/64': expected an IPv4 or IPv6 "
	  "address, optionally with /length",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a, role: host, loopback: \"2001:db8::g/64\" }\n" },
	{ "route_onlink_without_dev",
	  "5:44: 'onlink' needs 'dev': the kernel must be told which "
	  "link the next hop is on",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: default, via: 10.0.9.1, onlink: true }]\n" },
	{ "route_no_via_no_dev",
	  "6:9: a route needs 'via' or 'dev'",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes:\n"
	  "      - to: 10.1.0.0/16\n" },
	{ "route_bad_to",
	  "5:20: bad destination 'everywhere': expected default or an "
	  "address/length",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: everywhere, dev: lo }]\n" },
	{ "route_host_bits",
	  "5:20: bad destination '10.1.2.3/16': host bits set, did you "
	  "mean 10.1.0.0/16?",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: 10.1.2.3/16, dev: lo }]\n" },
	{ "route_bad_via",
	  "5:34: bad next hop '10.0.0.1/24': expected an IPv4 or IPv6 "
	  "address",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: default, via: 10.0.0.1/24 }]\n" },
	{ "route_family",
	  "5:38: next hop 2001:db8::1 is not of the destination's "
	  "address family",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: 10.1.0.0/16, via: \"2001:db8::1\" }]\n" },
	{ "route_bad_metric",
	  "5:50: bad metric '-1': expected an unsigned integer",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: 10.1.0.0/16, dev: lo, metric: -1 }]\n" },
	{ "route_metric_too_big",
	  "5:50: bad metric '4294967296': expected an unsigned integer",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: 10.1.0.0/16, dev: lo, metric: 4294967296 }]\n" },
	{ "route_bad_onlink",
	  "5:65: bad onlink 'yes': expected true or false",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: 10.1.0.0/16, via: 10.9.9.9, dev: lo, onlink: yes }]\n" },
	{ "route_bad_dev",
	  "5:38: bad interface name 'eth 0': contains '/', ':' or "
	  "whitespace",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: 10.1.0.0/16, dev: \"eth 0\" }]\n" },
	{ "frr_empty",
	  "3:35: 'frr' needs a file name",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a, role: router, frr: \"\" }\n" },
	{ "site_empty",
	  "3:36: bad site '': expected 1 to 64 characters",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a, role: router, site: \"\" }\n" },
	{ "site_list",
	  "3:36: 'site' must be a scalar, not a list",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a, role: router, site: [a] }\n" },
	{ "site_control",
	  "3:36: bad site: control characters are not allowed",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a, role: router, site: \"a\\tb\" }\n" },
	{ "port_not_iface",
	  "10:41: bridge port 'eth1' is not an interface of node 'b'",
	  NODES_AB
	  LINK_AB
	  "bridges:\n"
	  "  - { node: b, name: br0, ports: [eth0, eth1] }\n" },
	{ "port_twice",
	  "11:35: interface 'b:eth0' is already a port of bridge 'br0'",
	  NODES_AB
	  LINK_AB
	  "bridges:\n"
	  "  - { node: b, name: br0, ports: [eth0] }\n"
	  "  - { node: b, name: br1, ports: [eth0] }\n" },
	{ "port_is_bridge",
	  "6:35: bridge port 'br1' is itself a bridge",
	  NODES_AB
	  "bridges:\n"
	  "  - { node: b, name: br0, ports: [br1] }\n"
	  "  - { node: b, name: br1 }\n" },
	{ "bridge_unknown_node",
	  "6:13: unknown node 'c' in bridge",
	  NODES_AB
	  "bridges:\n"
	  "  - { node: c, name: br0 }\n" },
	{ "mtu_low",
	  "9:10: bad mtu '67': expected an integer from 68 to 65535",
	  NODES_AB
	  LINK_AB
	  "    mtu: 67\n" },
	{ "mtu_high",
	  "9:10: bad mtu '65536': expected an integer from 68 to 65535",
	  NODES_AB
	  LINK_AB
	  "    mtu: 65536\n" },
	{ "mtu_text",
	  "9:10: bad mtu 'jumbo': expected an integer from 68 to 65535",
	  NODES_AB
	  LINK_AB
	  "    mtu: jumbo\n" },
	{ "sysctl_not_net",
	  "6:7: bad sysctl key 'kernel.hostname': expected net.* made of "
	  "[A-Za-z0-9_-] and dots",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    sysctls:\n"
	  "      kernel.hostname: a\n" },
	{ "sysctl_bad_char",
	  "6:7: bad sysctl key 'net.ipv4.conf.eth0/1.forwarding': "
	  "expected net.* made of [A-Za-z0-9_-] and dots",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    sysctls:\n"
	  "      net.ipv4.conf.eth0/1.forwarding: 1\n" },
	{ "sysctl_empty_part",
	  "6:7: bad sysctl key 'net..ip_forward': expected net.* made of "
	  "[A-Za-z0-9_-] and dots",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    sysctls:\n"
	  "      net..ip_forward: 1\n" },
	{ "sysctl_no_value",
	  "6:7: sysctl 'net.ipv4.ip_forward' has no value",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    sysctls:\n"
	  "      net.ipv4.ip_forward:\n" },
	{ "bad_state",
	  "7:37: bad state 'off': expected up or down",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0, state: off }\n"
	  "      - { interface: b:eth0 }\n" },
	{ "alias_reported_once",
	  "5:56: bad sysctl key 'kernel.x': expected net.* made of "
	  "[A-Za-z0-9_-] and dots",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: router\n"
	  "    sysctls: &common { net.ipv4.conf.all.rp_filter: 0, kernel.x: 1 }\n"
	  "  - { name: b, role: router, sysctls: *common }\n" },
};

START_TEST(test_error)
{
	assert_error_case(&cases[_i]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lab_errors");
	TCase *tc = tcase_create("first pass");

	tcase_add_checked_fixture(tc, lab_dir_make, lab_dir_remove);
	tcase_add_loop_test(tc, test_error, 0,
			    sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
