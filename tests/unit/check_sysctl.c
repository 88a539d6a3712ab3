/* SPDX-License-Identifier: ISC */
/* sysctl keys (validation, the interface in per-interface keys) and, as
 * root with AZLAB_ROOT_TESTS=1 (unit.h), reads and writes inside a test
 * namespace UNIT_NS_PREFIX<pid>-* (unit.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/netns.h"
#include "kernel/nl.h"
#include "kernel/sysctl.h"
#include "unit.h"

START_TEST(test_key_valid)
{
	static const char *good[] = {
		"net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding",
		"net.ipv4.conf.hub-eth0.rp_filter", "net.core.somaxconn",
		"net.ipv4.conf.eth0.100.rp_filter", "net.ipv4.conf.Eth_1.x",
	};
	static const char *bad[] = {
		"", "net", "net.", "nett.ipv4.x", ".net.ipv4.x",
		"kernel.pid_max", "net..ipv4", "net.ipv4.", "net.ipv4/ip_forward",
		"net.ipv4.ip forward", "net.ipv4.conf.*.x", "../net/ipv4",
		"net.ipv4.ip_forward\n", "net.ipv4.conf.eth0:1.x",
	};
	char longkey[300];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(sysctl_key_valid(good[i]), "%s", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!sysctl_key_valid(bad[i]), "'%s'", bad[i]);
	memset(longkey, 'a', sizeof(longkey) - 1);
	memcpy(longkey, "net.", 4);
	longkey[sizeof(longkey) - 1] = '\0';
	ck_assert(!sysctl_key_valid(longkey));
}
END_TEST

static const struct {
	const char *key;
	const char *iface;	/* NULL: not a per-interface key */
} iface_cases[] = {
	{ "net.ipv4.conf.eth0.rp_filter", "eth0" },
	{ "net.ipv6.conf.hub-eth0.forwarding", "hub-eth0" },
	{ "net.ipv4.neigh.br0.base_reachable_time_ms", "br0" },
	{ "net.ipv6.neigh.eth1.retrans_time_ms", "eth1" },
	{ "net.mpls.conf.eth0.input", "eth0" },
	{ "net.ipv4.conf.lo.forwarding", "lo" },
	{ "net.ipv4.conf.eth0.100.rp_filter", "eth0.100" },
	{ "net.ipv4.conf.all.rp_filter", NULL },
	{ "net.ipv6.conf.default.forwarding", NULL },
	{ "net.ipv4.neigh.default.gc_thresh1", NULL },
	{ "net.ipv4.ip_forward", NULL },
	{ "net.core.somaxconn", NULL },
	{ "net.ipv4.conf.eth0", NULL },		/* a directory */
	{ "net.ipv4.conf.averyveryverylongname.x", NULL },	/* > 15 */
	{ "net.ipv4.conf.eth 0.x", NULL },	/* invalid key */
	{ "kernel.conf.eth0.x", NULL },
};

START_TEST(test_key_iface)
{
	const char *key = iface_cases[_i].key;
	const char *want = iface_cases[_i].iface;
	char buf[IF_NAMESIZE];
	const char *got;

	memset(buf, 'X', sizeof(buf));
	got = sysctl_key_iface(key, buf, sizeof(buf));
	if (want == NULL) {
		ck_assert_msg(got == NULL, "%s: got %s", key, got);
		ck_assert_int_eq(buf[0], 'X');	/* nothing written */
	} else {
		ck_assert_msg(got == buf, "%s: NULL", key);
		ck_assert_str_eq(got, want);
	}
}
END_TEST

START_TEST(test_key_iface_small_buffer)
{
	char buf[4] = "XXX";

	ck_assert_ptr_null(sysctl_key_iface("net.ipv4.conf.eth0.x", buf, 4));
	ck_assert_str_eq(buf, "XXX");
	ck_assert_ptr_nonnull(sysctl_key_iface("net.ipv4.conf.br0.x", buf, 4));
	ck_assert_str_eq(buf, "br0");
}
END_TEST

/* Root tests: one namespace, removed after each test whatever happens. */
static char ns_name[96];
static int ns_fd = -1;

static void ns_setup(void)
{
	struct azerr e = { "" };

	ck_assert_msg(netns_create(ns_name, &e) == 0, "%s", e.msg);
	ns_fd = netns_open(ns_name, &e);
	ck_assert_msg(ns_fd >= 0, "%s", e.msg);
}

static void ns_teardown(void)
{
	struct azerr e;

	if (ns_fd >= 0)
		close(ns_fd);
	ns_fd = -1;
	if (netns_delete(ns_name, &e) < 0)
		fprintf(stderr, "check_sysctl: cleanup: %s\n", e.msg);
}

START_TEST(test_forward_in_namespace)
{
	char host[16], v[16];
	struct azerr e = { "" };

	ck_assert_msg(sysctl_get(-1, "net.ipv4.ip_forward", host,
				 sizeof(host), &e) == 0, "%s", e.msg);
	ck_assert_int_eq(sysctl_get(ns_fd, "net.ipv4.ip_forward", v,
				    sizeof(v), &e), 0);
	ck_assert_str_eq(v, "0");	/* a fresh namespace's default */
	ck_assert_msg(sysctl_set(ns_fd, "net.ipv4.ip_forward", "1", &e) == 0,
		      "%s", e.msg);
	ck_assert_int_eq(sysctl_get(ns_fd, "net.ipv4.ip_forward", v,
				    sizeof(v), &e), 0);
	ck_assert_str_eq(v, "1");
	ck_assert_int_eq(sysctl_get(-1, "net.ipv4.ip_forward", v, sizeof(v),
				    &e), 0);
	ck_assert_str_eq(v, host);	/* the host's is untouched */
}
END_TEST

/* An interface whose name has a dot: the key keeps it whole. */
START_TEST(test_iface_with_dot)
{
	struct nl_sock *s;
	struct azerr e = { "" };
	char v[16];

	s = nl_open(ns_fd, &e);
	ck_assert_msg(s != NULL, "%s", e.msg);
	ck_assert_msg(nl_veth_create(s, &(struct nl_veth){ "v.1", ns_fd, 0,
					     "v.2", ns_fd, 0, 0 }, &e) == 0,
		      "%s", e.msg);
	nl_close(s);
	ck_assert_msg(sysctl_set(ns_fd, "net.ipv4.conf.v.1.rp_filter", "2",
				 &e) == 0, "%s", e.msg);
	ck_assert_int_eq(sysctl_get(ns_fd, "net.ipv4.conf.v.1.rp_filter", v,
				    sizeof(v), &e), 0);
	ck_assert_str_eq(v, "2");
	ck_assert_int_eq(sysctl_get(ns_fd, "net.ipv4.conf.v.2.rp_filter", v,
				    sizeof(v), &e), 0);
	ck_assert_str_ne(v, "2");
}
END_TEST

START_TEST(test_errors)
{
	struct azerr e = { "" };
	char v[2];

	ck_assert_int_eq(sysctl_set(ns_fd, "kernel.pid_max", "1", &e), -1);
	ck_assert_msg(strstr(e.msg, "invalid sysctl key") != NULL, "%s",
		      e.msg);
	ck_assert_int_eq(sysctl_set(ns_fd, "net.ipv4.conf.nope0.rp_filter",
				    "1", &e), -1);
	ck_assert_msg(strstr(e.msg, "/proc/sys/net/ipv4/conf/nope0/"
			     "rp_filter") != NULL, "%s", e.msg);
	ck_assert_int_eq(sysctl_set(ns_fd, "net.ipv4.ip_forward", "yes", &e),
			 -1);
	ck_assert_msg(strstr(e.msg, "Invalid argument") != NULL, "%s", e.msg);
	/* "65535" does not fit in 2 bytes */
	ck_assert_int_eq(sysctl_get(ns_fd, "net.core.somaxconn", v, sizeof(v),
				    &e), -1);
	ck_assert_msg(strstr(e.msg, "longer than") != NULL, "%s", e.msg);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sysctl");
	TCase *tk = tcase_create("keys"), *tr;
	int failed = 0;

	tcase_add_test(tk, test_key_valid);
	tcase_add_loop_test(tk, test_key_iface, 0,
			    sizeof(iface_cases) / sizeof(iface_cases[0]));
	tcase_add_test(tk, test_key_iface_small_buffer);
	suite_add_tcase(s, tk);
	if (root_tests_run("check_sysctl", &failed)) {
		tr = tcase_create("root");
		snprintf(ns_name, sizeof(ns_name), UNIT_NS_PREFIX "%d-sysctl",
			 (int)getpid());
		tcase_add_checked_fixture(tr, ns_setup, ns_teardown);
		tcase_add_unchecked_fixture(tr, NULL, ns_teardown);
		tcase_add_test(tr, test_forward_in_namespace);
		tcase_add_test(tr, test_iface_with_dot);
		tcase_add_test(tr, test_errors);
		suite_add_tcase(s, tr);
	}
	failed += run_suite(s);
	return failed != 0;
}
