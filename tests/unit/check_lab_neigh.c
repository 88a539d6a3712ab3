/* SPDX-License-Identifier: ISC */
/* The neighbour entries a lab needs of one machine (lab_neigh_count):
 * veths, a bridge, bridges joined by a peering, each family apart, one
 * host's share; then the warning of up and check against the kernel's
 * limit (cli_warn_neigh), with the limit read by a stand-in. */
#include <sys/socket.h>

#include "cli/cli.h"
#include "lab_test.h"

/* a-b: a dual-stack veth and an IPv6 one; c, d, e on sw's bridge,
 * IPv4 only; a-c's veth has an address on one end only. */
static const char segments[] =
	"name: t\n"
	"nodes:\n"
	"  - { name: a, role: router }\n"
	"  - { name: b, role: router }\n"
	"  - { name: c, role: host }\n"
	"  - { name: d, role: host }\n"
	"  - { name: e, role: host }\n"
	"  - { name: sw, role: fabric }\n"
	"links:\n"
	"  - endpoints:\n"
	"      - { interface: a:b, address: [10.0.0.1/30, '2001:db8::1/64'] }\n"
	"      - { interface: b:a, address: [10.0.0.2/30, '2001:db8::2/64'] }\n"
	"  - endpoints:\n"
	"      - { interface: a:b6, address: '2001:db8:1::1/64' }\n"
	"      - { interface: b:a6, address: '2001:db8:1::2/64' }\n"
	"  - endpoints:\n"
	"      - { interface: a:c, address: 10.9.0.1/30 }\n"
	"      - { interface: c:a }\n"
	"  - endpoints:\n"
	"      - { interface: c:eth0, address: 10.1.0.3/24 }\n"
	"      - { interface: sw:c }\n"
	"  - endpoints:\n"
	"      - { interface: d:eth0, address: 10.1.0.4/24 }\n"
	"      - { interface: sw:d }\n"
	"  - endpoints:\n"
	"      - { interface: e:eth0, address: 10.1.0.5/24 }\n"
	"      - { interface: sw:e }\n"
	"bridges:\n"
	"  - { node: sw, name: br0, ports: [c, d, e] }\n";

/* Two bridges joined by a link between their ports (a VNet peering):
 * one segment of a, b and sw1's own address; on two hosts, sw1 and a
 * on h1, sw2 and b on h2, a-b a veth across them. */
static const char peered[] =
	"name: t\n"
	"hosts:\n"
	"  - { name: h1, underlay: 192.0.2.1 }\n"
	"  - { name: h2, underlay: 192.0.2.2 }\n"
	"nodes:\n"
	"  - { name: a, role: host, host: h1 }\n"
	"  - { name: b, role: host, host: h2 }\n"
	"  - { name: sw1, role: fabric, host: h1 }\n"
	"  - { name: sw2, role: fabric, host: h2 }\n"
	"links:\n"
	"  - endpoints:\n"
	"      - { interface: a:eth0, address: 10.1.0.4/24 }\n"
	"      - { interface: sw1:a }\n"
	"  - endpoints:\n"
	"      - { interface: b:eth0, address: 10.1.0.5/24 }\n"
	"      - { interface: sw2:b }\n"
	"  - endpoints:\n"
	"      - { interface: sw1:peer }\n"
	"      - { interface: sw2:peer }\n"
	"  - endpoints:\n"
	"      - { interface: a:b, address: 10.0.0.1/30 }\n"
	"      - { interface: b:a, address: 10.0.0.2/30 }\n"
	"bridges:\n"
	"  - { node: sw1, name: br0, ports: [a, peer], address: 10.1.0.1/24 }\n"
	"  - { node: sw2, name: br0, ports: [b, peer] }\n";

static size_t count(const struct lab *lab, const struct lab_host *host,
		    int family)
{
	size_t n = 0;

	ck_assert_int_eq(lab_neigh_count(lab, host, family, &n), 0);
	return n;
}

START_TEST(test_veths_and_bridge)
{
	struct lab *lab = lab_load_text_valid(segments);

	/* a-b both ways, then 3 members learning 2 each */
	ck_assert_uint_eq(count(lab, NULL, AF_INET), 2 + 3 * 2);
	/* a-b and a-b6, both ways */
	ck_assert_uint_eq(count(lab, NULL, AF_INET6), 2 + 2);
	lab_free(lab);
}
END_TEST

START_TEST(test_peered_bridges)
{
	struct lab *lab = lab_load_text_valid(peered);

	/* a, b and sw1's br0 learning 2 each, and the a-b veth */
	ck_assert_uint_eq(count(lab, NULL, AF_INET), 3 * 2 + 2);
	ck_assert_uint_eq(count(lab, NULL, AF_INET6), 0);
	/* h1 has a and br0 of the segment, a's end of a-b */
	ck_assert_uint_eq(count(lab, &lab->hosts[0], AF_INET), 2 * 2 + 1);
	ck_assert_uint_eq(count(lab, &lab->hosts[1], AF_INET), 2 + 1);
	lab_free(lab);
}
END_TEST

/* The share of h2 still knows the members on h1 (lab->away). */
START_TEST(test_share)
{
	struct lab *lab = lab_load_text_valid(peered);
	char why[160];

	ck_assert_msg(lab_keep_host(lab, "h2", why, sizeof(why)), "%s", why);
	ck_assert_uint_eq(count(lab, lab->here, AF_INET), 2 + 1);
	lab_free(lab);
}
END_TEST

static unsigned long limit4, limit6;

static int read_limit(const char *key, unsigned long *value)
{
	if (strstr(key, "ipv4") != NULL)
		*value = limit4;
	else
		*value = limit6;
	return 0;
}

static int read_nothing(const char *key, unsigned long *value)
{
	(void)key;
	(void)value;
	return -1;
}

/* What cli_warn_neigh writes for lab_text's entries on its host number
 * host (-1: all of it); the caller frees it. */
static char *warnings(const char *lab_text, cli_sysctl_reader read,
		      int host, int *lines)
{
	struct lab *lab = lab_load_text_valid(lab_text);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(out);
	*lines = cli_warn_neigh(out, "up", lab,
				host < 0 ? NULL : &lab->hosts[host], read);
	ck_assert_int_eq(fclose(out), 0);
	lab_free(lab);
	return text;
}

/* segments needs 8 IPv4 and 4 IPv6 entries */
START_TEST(test_warning)
{
	char *want, *text;
	int lines;

	limit4 = 7;
	limit6 = 4;	/* as many as it needs: no warning */
	text = warnings(segments, read_limit, -1, &lines);
	ck_assert_int_eq(lines, 1);
	ck_assert_int_ge(asprintf(&want, "azlab: up: warning: %s: 8 IPv4 "
		"neighbours, more than the kernel's ARP table holds "
		"(net.ipv4.neigh.default.gc_thresh3 = 7); raise it (sysctl -w "
		"net.ipv4.neigh.default.gc_thresh3=1024) or sessions past "
		"that fail\n", lab_path), 0);
	ck_assert_str_eq(text, want);
	free(want);
	free(text);
	limit4 = 8;
	limit6 = 3;
	text = warnings(segments, read_limit, -1, &lines);
	ck_assert_int_eq(lines, 1);
	ck_assert_ptr_nonnull(strstr(text, ": 4 IPv6 neighbours, more than "
		"the kernel's IPv6 neighbour table holds "
		"(net.ipv6.neigh.default.gc_thresh3 = 3)"));
	free(text);
}
END_TEST

/* h1's share of peered needs 5 entries, h2's 3 */
START_TEST(test_warning_of_host)
{
	char *text;
	int lines;

	limit4 = 4;
	text = warnings(peered, read_limit, 0, &lines);
	ck_assert_int_eq(lines, 1);
	ck_assert_ptr_nonnull(strstr(text, "lab.yaml: host h1's share: 5 "
				     "IPv4 neighbours, more than"));
	free(text);
	text = warnings(peered, read_limit, 1, &lines);
	ck_assert_int_eq(lines, 0);
	free(text);
}
END_TEST

START_TEST(test_no_warning_without_limit)
{
	int lines;
	char *text = warnings(segments, read_nothing, -1, &lines);

	ck_assert_int_eq(lines, 0);
	ck_assert_str_eq(text, "");
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lab_neigh");
	TCase *tc = tcase_create("neigh");

	tcase_add_checked_fixture(tc, lab_dir_make, lab_dir_remove);
	tcase_add_test(tc, test_veths_and_bridge);
	tcase_add_test(tc, test_peered_bridges);
	tcase_add_test(tc, test_share);
	tcase_add_test(tc, test_warning);
	tcase_add_test(tc, test_warning_of_host);
	tcase_add_test(tc, test_no_warning_without_limit);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
