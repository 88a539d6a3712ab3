/* SPDX-License-Identifier: ISC */
/* The lab loader on `ttl:` (a node's TTL rules) and `delay:` (a link's
 * latency): each mistake with its exact message and place, in the first
 * pass (values) and the second (the interface a rule names). */
#include "lab_test.h"

/* lines 1-5: node a, and node b's first lines; b's ttl: comes next */
#define NODES_B_TTL \
	"name: t\n" \
	"nodes:\n" \
	"  - { name: a, role: host }\n" \
	"  - name: b\n" \
	"    role: router\n"

static const struct error_case cases[] = {
	{ "ttl_not_list",
	  "6:10: 'ttl' must be a list, not a mapping",
	  NODES_B_TTL
	  "    ttl: { in: eth0 }\n" },
	{ "ttl_rule_not_mapping",
	  "7:9: each ttl rule must be a mapping, not a scalar",
	  NODES_B_TTL
	  "    ttl:\n"
	  "      - eth0\n" },
	{ "ttl_unknown_key",
	  "7:21: unknown key 'out' in a ttl rule",
	  NODES_B_TTL
	  "    ttl:\n"
	  "      - { in: eth0, out: eth1 }\n" },
	{ "ttl_bad_iface_name",
	  "7:15: bad interface name 'eth0:1': contains '/', ':' or "
	  "whitespace",
	  NODES_B_TTL
	  "    ttl:\n"
	  "      - { in: \"eth0:1\" }\n" },
	{ "ttl_bad_prefix",
	  "7:17: bad source '10.2.30/25': expected an IPv4 address/length",
	  NODES_B_TTL
	  "    ttl:\n"
	  "      - { from: 10.2.30/25 }\n" },
	{ "ttl_ipv6_prefix",
	  "7:17: bad source '2001:db8::/32': expected an IPv4 "
	  "address/length",
	  NODES_B_TTL
	  "    ttl:\n"
	  "      - { from: \"2001:db8::/32\" }\n" },
	{ "ttl_host_bits",
	  "7:17: bad source '10.2.30.1/25': host bits set, did you mean "
	  "10.2.30.0/25?",
	  NODES_B_TTL
	  "    ttl:\n"
	  "      - { from: 10.2.30.1/25 }\n" },
	{ "ttl_inc_zero",
	  "7:26: bad inc '0': expected an integer from 1 to 255",
	  NODES_B_TTL
	  "    ttl:\n"
	  "      - { in: eth0, inc: 0 }\n" },
	{ "ttl_inc_too_big",
	  "7:16: bad inc '256': expected an integer from 1 to 255",
	  NODES_B_TTL
	  "    ttl:\n"
	  "      - { inc: 256 }\n" },
	{ "ttl_inc_negative",
	  "7:16: bad inc '-1': expected an integer from 1 to 255",
	  NODES_B_TTL
	  "    ttl:\n"
	  "      - { inc: -1 }\n" },
	/* second pass: interfaces come from links, written after nodes */
	{ "ttl_unknown_iface",
	  "7:15: unknown interface 'eth9': node 'b' has no such interface",
	  NODES_B_TTL
	  "    ttl:\n"
	  "      - { in: eth9, inc: 1 }\n"
	  LINK_AB },
	{ "ttl_bridge_port",
	  "7:15: interface 'eth0' is a port of bridge 'br0': packets enter "
	  "node 'b' through the bridge",
	  NODES_B_TTL
	  "    ttl:\n"
	  "      - { in: eth0 }\n"
	  "links:\n"
	  "  - endpoints:\n"
	  "      - { interface: a:eth0, address: 10.0.0.1/24 }\n"
	  "      - { interface: b:eth0 }\n"
	  "bridges:\n"
	  "  - { node: b, name: br0, ports: [eth0], address: 10.0.0.2/24 }\n" },
	{ "delay_seconds",
	  "9:12: bad delay '1s': expected milliseconds from 0 to 60000, "
	  "e.g. 37ms",
	  NODES_AB
	  LINK_AB
	  "    delay: 1s\n" },
	{ "delay_space",
	  "9:12: bad delay '37 ms': expected milliseconds from 0 to 60000, "
	  "e.g. 37ms",
	  NODES_AB
	  LINK_AB
	  "    delay: 37 ms\n" },
	{ "delay_too_long",
	  "9:12: bad delay '60001ms': expected milliseconds from 0 to "
	  "60000, e.g. 37ms",
	  NODES_AB
	  LINK_AB
	  "    delay: 60001ms\n" },
	{ "delay_fraction",
	  "9:12: bad delay '37.5ms': expected milliseconds from 0 to 60000, "
	  "e.g. 37ms",
	  NODES_AB
	  LINK_AB
	  "    delay: 37.5ms\n" },
	{ "delay_only_unit",
	  "9:12: bad delay 'ms': expected milliseconds from 0 to 60000, "
	  "e.g. 37ms",
	  NODES_AB
	  LINK_AB
	  "    delay: ms\n" },
};

START_TEST(test_error)
{
	assert_error_case(&cases[_i]);
}
END_TEST

/* Both spellings, and the default inc. */
START_TEST(test_valid)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load_text(
		NODES_B_TTL
		"    ttl:\n"
		"      - { in: eth0 }\n"
		"      - { in: eth0, from: 10.2.30.0/25, inc: 255 }\n"
		LINK_AB
		"    delay: 37\n"
		"  - endpoints:\n"
		"      - { interface: a:eth1, address: 10.0.1.1/24 }\n"
		"      - { interface: b:eth1, address: 10.0.1.2/24 }\n"
		"    delay: 33ms\n", &d);
	const struct lab_node *b;

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	b = lab_find_node(lab, "b");
	ck_assert_uint_eq(b->n_ttl_rules, 2);
	ck_assert_uint_eq(b->ttl_rules[0].inc, 1);
	ck_assert(!b->ttl_rules[0].has_from);
	ck_assert_uint_eq(b->ttl_rules[1].inc, 255);
	ck_assert(b->ttl_rules[1].has_from);
	ck_assert_uint_eq(lab->links[0]->delay_ms, 37);
	ck_assert_uint_eq(lab->links[1]->delay_ms, 33);
	lab_diags_free(&d);
	lab_free(lab);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lab_ttl");
	TCase *tc = tcase_create("ttl and delay");

	tcase_add_checked_fixture(tc, lab_dir_make, lab_dir_remove);
	tcase_add_loop_test(tc, test_error, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_valid);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
