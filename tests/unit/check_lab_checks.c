/* SPDX-License-Identifier: ISC */
/* The lab loader's second pass: what only shows across a well-formed
 * model (addresses used twice, unreachable next hops, missing files...),
 * each with its exact message and place; and every error of a file
 * reported, in file order. */
#include "lab_test.h"

static const struct error_case cases[] = {
	{ "address_reused",
	  "11:39: address 10.0.0.1 is already used on a:eth0 (first at "
	  "7:39)",
	  NODES_AB
	  LINK_AB
	  "  - endpoints:\n"
	  "      - { interface: a:eth1, address: 10.0.1.1/24 }\n"
	  "      - { interface: b:eth1, address: 10.0.0.1/24 }\n" },
	{ "address_twice",
	  "7:53: address 10.0.0.1 is already used on a:eth0 (first at "
	  "7:40)",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0, address: [10.0.0.1/24, 10.0.0.1/25] }\n"
	  "      - { interface: b:eth0 }\n" },
	{ "address_reused_loopback",
	  "4:38: address 192.0.2.1 is already used on a:lo (first at "
	  "3:38)",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a, role: host, loopback: 192.0.2.1/32 }\n"
	  "  - { name: b, role: host, loopback: \"192.0.2.1\" }\n" },
	{ "route_via_unreachable",
	  "5:34: next hop 10.0.9.1 is not in a connected subnet of node "
	  "'a'",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: default, via: 10.0.9.1 }]\n"
	  "  - { name: b, role: router }\n"
	  LINK_AB },
	{ "route_via_unreachable_dev",
	  "6:34: next hop 10.0.9.1 is not in a connected subnet of a:eth0",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    loopback: 10.0.9.5/24\n"
	  "    routes: [{ to: default, via: 10.0.9.1, dev: eth0 }]\n"
	  "  - { name: b, role: router }\n"
	  LINK_AB },
	{ "route_via_down",
	  "5:34: next hop 10.0.0.2 is only reachable through a:eth0, "
	  "which is declared down",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: default, via: 10.0.0.2 }]\n"
	  "  - { name: b, role: router }\n"
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0, address: 10.0.0.1/24, state: down }\n"
	  "      - { interface: b:eth0, address: 10.0.0.2/24 }\n" },
	{ "route_dev_unknown",
	  "5:38: unknown device 'eth1': node 'a' has no such interface",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: 10.1.0.0/16, dev: eth1 }]\n"
	  "  - { name: b, role: router }\n"
	  LINK_AB },
	{ "route_dev_down",
	  "5:38: route through 'eth0', which is declared down",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: 10.1.0.0/16, dev: eth0 }]\n"
	  "  - { name: b, role: router }\n"
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0, state: down }\n"
	  "      - { interface: b:eth0 }\n" },
	{ "route_duplicate",
	  "8:15: duplicate route to 10.1.0.0/16 (first at 7:15)",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    loopback: 10.0.0.1/24\n"
	  "    routes:\n"
	  "      - { to: 10.1.0.0/16, via: 10.0.0.2 }\n"
	  "      - { to: 10.1.0.0/16, via: 10.0.0.3 }\n" },
	{ "route_to_connected_subnet",
	  "5:20: route to 10.0.0.0/24 duplicates the connected subnet of "
	  "a:eth0 (give it a metric, or drop it)",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    routes: [{ to: 10.0.0.0/24, dev: eth0 }]\n"
	  "  - { name: b, role: router }\n"
	  LINK_AB },
	{ "route_to_loopback_subnet",
	  "7:15: route to 10.9.0.0/16 duplicates the connected subnet of "
	  "a:lo (give it a metric, or drop it)",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    loopback: 10.9.0.1/16\n"
	  "    routes:\n"
	  "      - { to: 10.9.0.0/16, dev: lo }\n"
	  "      - { to: 10.9.0.0/16, dev: lo, metric: 5 }\n" },
	{ "frr_missing",
	  "3:35: frr file 'missing.conf': No such file or directory",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a, role: router, frr: missing.conf }\n" },
	{ "ipsec_not_regular",
	  "3:37: ipsec file '.' is not a regular file",
	  "name: t\n"
	  "nodes:\n"
	  "  - { name: a, role: router, ipsec: . }\n" },
	{ "port_with_address",
	  "10:35: bridge port 'eth0' has an address (10.0.0.2/24): put "
	  "it on bridge 'br0'",
	  NODES_AB
	  LINK_AB
	  "bridges:\n"
	  "  - { node: b, name: br0, ports: [eth0] }\n" },
	{ "sysctl_unknown_iface",
	  "6:7: sysctl 'net.ipv4.conf.eth0.rp_filter' is for interface "
	  "'eth0', which node 'a' does not have",
	  "name: t\n"
	  "nodes:\n"
	  "  - name: a\n"
	  "    role: host\n"
	  "    sysctls:\n"
	  "      net.ipv4.conf.eth0.rp_filter: 2\n" },
	{ "second_pass_waits_for_the_first",
	  "9:5: unknown key 'colour' in a link",
	  NODES_AB
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0, address: 10.0.0.1/24 }\n"
	  "      - { interface: b:eth0, address: 10.0.0.1/24 }\n"
	  "    colour: red\n" },
};

START_TEST(test_error)
{
	assert_error_case(&cases[_i]);
}
END_TEST

START_TEST(test_all_first_pass_errors_in_file_order)
{
	static const char *const want[] = {
		"2:7: bad lab name 'many_errors': use a-z, 0-9 and '-', "
		"start with a letter or digit, at most 32 characters",
		"6:5: unknown key 'colour' in a node",
		"8:11: bad role 'switch': expected host, router or fabric",
		"9:11: duplicate node 'a' (first at 4:11)",
		"13:39: bad address '10.0.0.1/33': expected an IPv4 or IPv6 "
		"address, optionally with /length",
		"14:22: unknown node 'c' in interface 'c:eth0'",
		"16:7: a link needs exactly two endpoints, not 1",
		"16:22: bad interface name 'averyveryverylongname': longer "
		"than 15 characters",
		"18:35: bridge port 'eth7' is not an interface of node 'b'",
		"18:49: bad state 'off': expected up or down",
	};

	assert_diags(TEST_DATADIR "/many-errors.yaml", want,
		     sizeof(want) / sizeof(want[0]));
}
END_TEST

START_TEST(test_all_second_pass_errors_in_file_order)
{
	static const char *const want[] = {
		"7:29: next hop 10.0.9.1 is not in a connected subnet of "
		"node 'a'",
		"10:10: frr file 'no-such-frr.conf': No such file or directory",
		"14:39: address 10.0.0.1 is already used on a:eth0 (first at "
		"13:39)",
	};

	assert_diags(TEST_DATADIR "/check-errors.yaml", want,
		     sizeof(want) / sizeof(want[0]));
}
END_TEST

START_TEST(test_no_such_file)
{
	static const char *const want[] = { " No such file or directory" };

	assert_diags(TEST_DATADIR "/no-such-lab.yaml", want, 1);
}
END_TEST

START_TEST(test_directory)
{
	static const char *const want[] = { " Is a directory" };

	assert_diags(TEST_DATADIR, want, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lab_checks");
	TCase *tc = tcase_create("second pass");
	TCase *files = tcase_create("files");

	tcase_add_checked_fixture(tc, lab_dir_make, lab_dir_remove);
	tcase_add_loop_test(tc, test_error, 0,
			    sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, tc);
	tcase_add_test(files, test_all_first_pass_errors_in_file_order);
	tcase_add_test(files, test_all_second_pass_errors_in_file_order);
	tcase_add_test(files, test_no_such_file);
	tcase_add_test(files, test_directory);
	suite_add_tcase(s, files);
	return run_suite(s) != 0;
}
