/* SPDX-License-Identifier: ISC */
/* Named namespaces and the netlink operations against a real kernel.
 * Needs root, and runs only with AZLAB_ROOT_TESTS=1 (unit.h). Every
 * namespace is named UNIT_NS_PREFIX<pid>-* (unit.h), never a namespace of
 * a real lab, and all of them are removed after each test and once more
 * at the end, whatever happened. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/instance.h"
#include "model/lab.h"
#include "kernel/netns.h"
#include "kernel/nl.h"
#include "probe/probe.h"
#include "kernel/sysctl.h"
#include "plan/ttl.h"
#include "unit.h"

static char prefix[64], ns_a[96], ns_b[96];

static void sweep(void)
{
	struct azerr e;
	char **names;
	size_t n;

	if (prefix[0] == '\0')		/* never sweep every namespace */
		return;
	if (netns_list(prefix, &names, &n, &e) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (netns_delete(names[i], &e) < 0)
			fprintf(stderr, "check_netns: cleanup: %s\n", e.msg);
	netns_names_free(names);
}

/* Before the forks, so that every test shares the prefix and the
 * runner's own sweep (an unchecked fixture) sees all of them. The
 * instance's prefix is the tests' too: what names a node's namespace
 * (ttl_apply) finds theirs. */
static void names_init(void)
{
	struct instance_config c = {
		.run_dir = { "/run/azlab-unit", "check_netns" },
		.ns_prefix = { UNIT_NS_PREFIX, "check_netns" },
	};
	struct azerr e;

	if (instance_apply(&c, &e) < 0) {
		fprintf(stderr, "check_netns: %s\n", e.msg);
		exit(1);
	}
	snprintf(prefix, sizeof(prefix), UNIT_NS_PREFIX "%d-", (int)getpid());
	snprintf(ns_a, sizeof(ns_a), "%sa", prefix);
	snprintf(ns_b, sizeof(ns_b), "%sb", prefix);
}

static unsigned long ino_of(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return (unsigned long)st.st_ino;
}

static void ns_path(const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", NETNS_RUN_DIR, name);
}

static void create_ok(const char *name)
{
	struct azerr e = { "" };

	ck_assert_msg(netns_create(name, &e) == 0, "%s: %s", name, e.msg);
}

START_TEST(test_create_list_open_delete)
{
	char path[256], **names;
	struct azerr e;
	struct stat st;
	size_t n;
	int fd;

	create_ok(ns_b);
	create_ok(ns_a);
	ck_assert_int_eq(netns_list(prefix, &names, &n, &e), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(names[0], ns_a);	/* sorted */
	ck_assert_str_eq(names[1], ns_b);
	ck_assert_ptr_null(names[2]);
	netns_names_free(names);

	fd = netns_open(ns_a, &e);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ns_path(ns_a, path, sizeof(path));
	ck_assert_uint_eq(netns_inode(path), st.st_ino);
	ck_assert_uint_ne(netns_inode(path), ino_of("/proc/self/ns/net"));
	close(fd);

	ck_assert_int_eq(netns_delete(ns_a, &e), 0);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(netns_open(ns_a, &e), -1);
	ck_assert_int_eq(netns_list(prefix, &names, &n, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(names[0], ns_b);
	netns_names_free(names);
}
END_TEST

START_TEST(test_create_existing_fails)
{
	char path[256];
	struct azerr e = { "" };

	create_ok(ns_a);
	ck_assert_int_eq(netns_create(ns_a, &e), -1);
	ck_assert_msg(strstr(e.msg, "already exists") != NULL, "%s", e.msg);
	ck_assert_msg(strstr(e.msg, ns_a) != NULL, "%s", e.msg);
	ns_path(ns_a, path, sizeof(path));
	ck_assert_uint_ne(netns_inode(path), 0);	/* left intact */
}
END_TEST

START_TEST(test_delete_missing_and_plain)
{
	char path[256];
	struct azerr e = { "" };
	int fd;

	ck_assert_int_eq(netns_delete(ns_a, &e), 0);
	/* A file that is no mount point (a crash between create and
	 * mount): umount says EINVAL and the file must still go. */
	ns_path(ns_b, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL, 0);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_uint_eq(netns_inode(path), 0);
	ck_assert_msg(netns_delete(ns_b, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

START_TEST(test_invalid_names)
{
	const char *bad[] = { "", ".", "..", "a/b", "../etc" };
	struct azerr e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(netns_create(bad[i], &e), -1);
		ck_assert_int_eq(netns_delete(bad[i], &e), -1);
		ck_assert_int_eq(netns_open(bad[i], &e), -1);
	}
}
END_TEST

struct where {
	unsigned long ino;
};

static int where_am_i(void *arg)
{
	char self[64];

	snprintf(self, sizeof(self), "/proc/self/task/%d/ns/net",
		 (int)gettid());
	((struct where *)arg)->ino = ino_of(self);
	return 42;
}

START_TEST(test_caller_ns_unchanged)
{
	unsigned long before = ino_of("/proc/self/ns/net");
	struct where w = { 0 };
	struct azerr e;
	char path[256];
	int fd;

	create_ok(ns_a);
	ck_assert_uint_eq(ino_of("/proc/self/ns/net"), before);
	fd = netns_open(ns_a, &e);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(netns_run_in(fd, where_am_i, &w, &e), 42);
	ns_path(ns_a, path, sizeof(path));
	ck_assert_uint_eq(w.ino, netns_inode(path));
	ck_assert_uint_eq(ino_of("/proc/self/ns/net"), before);
	ck_assert_int_eq(netns_run_in(-1, where_am_i, &w, &e), 42);
	ck_assert_uint_eq(w.ino, before);
	close(fd);
}
END_TEST

#define pfx test_prefix

static const struct nl_iface *find_if(const struct nl_iface *ifs, size_t n,
				      const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ifs[i].name, name) == 0)
			return &ifs[i];
	ck_abort_msg("no interface %s in the dump", name);
	return NULL;
}

static bool has_addr(const struct nl_iface *ifc, const struct prefix *p)
{
	for (size_t i = 0; i < ifc->n_addrs; i++)
		if (ifc->addrs[i].family == p->family &&
		    ifc->addrs[i].len == p->len &&
		    memcmp(ifc->addrs[i].addr.bytes, p->addr.bytes,
			   p->family == AF_INET ? 4 : 16) == 0)
			return true;
	return false;
}

/* Asserts success and shows the error message; E is the azerr to pass. */
#define OK(call) do { struct azerr e_ = { "" }; \
	ck_assert_msg((call) >= 0, "%s: %s", #call, e_.msg); } while (0)
#define E (&e_)

/* Node a: t0 with addresses and routes. Node b: t1 in bridge br0. */
static void plumb(int fa, int fb, struct nl_sock *sa, struct nl_sock *sb)
{
	struct nl_sock *host;
	struct prefix a4 = pfx(AF_INET, "10.99.0.1", 24);
	struct prefix a6 = pfx(AF_INET6, "2001:db8:99::1", 64);
	struct prefix b4 = pfx(AF_INET, "10.99.0.2", 24);

	host = nl_open(-1, NULL);
	ck_assert_ptr_nonnull(host);
	OK(nl_veth_create(host, &(struct nl_veth){ "t0", fa, 0, "t1", fb, 0,
						   1400 }, E));
	ck_assert_int_eq(nl_ifindex(host, "t0", NULL), -1);	/* not here */
	nl_close(host);
	OK(sysctl_set(fa, "net.ipv6.conf.t0.accept_dad", "0", E));
	OK(nl_addr_add(sa, "t0", &a4, E));
	OK(nl_addr_add(sa, "t0", &a6, E));
	OK(nl_link_set_up(sa, "t0", true, E));
	OK(nl_link_set_up(sa, "lo", true, E));
	OK(nl_bridge_create(sb, "br0", E));
	OK(nl_link_set_master(sb, "t1", "br0", E));
	OK(nl_addr_add(sb, "br0", &b4, E));
	OK(nl_link_set_up(sb, "t1", true, E));
	OK(nl_link_set_up(sb, "br0", true, E));
}

static void routes(struct nl_sock *sa)
{
	struct prefix gw4 = pfx(AF_INET, "10.99.0.2", 32);
	struct prefix far = pfx(AF_INET, "192.0.2.1", 32);
	struct prefix gw6 = pfx(AF_INET6, "2001:db8:99::2", 128);
	struct prefix d1 = pfx(AF_INET, "10.98.0.0", 16);
	struct prefix d2 = pfx(AF_INET, "10.97.0.0", 16);
	struct prefix d3 = pfx(AF_INET6, "2001:db8:98::", 48);
	struct prefix d4 = pfx(AF_INET, "10.95.0.0", 16);
	struct prefix def = pfx(AF_INET, "0.0.0.0", 0);
	struct azerr e = { "" };

	OK(nl_route_add(sa, &d1, &gw4, NULL, false, 0, E));
	OK(nl_route_add(sa, &d2, NULL, "t0", false, 50, E));
	OK(nl_route_add(sa, &d3, &gw6, "t0", false, 0, E));
	OK(nl_route_add(sa, &def, &far, "t0", true, 10, E));
	/* NLM_F_EXCL: the same route twice is an error */
	ck_assert_int_eq(nl_route_add(sa, &d1, &gw4, NULL, false, 0, &e), -1);
	ck_assert_msg(strstr(e.msg, "File exists") != NULL, "%s", e.msg);
	/* An unreachable gateway without onlink: the kernel says why */
	ck_assert_int_eq(nl_route_add(sa, &d4, &far, "t0", false, 7, &e), -1);
	ck_assert_msg(strstr(e.msg, " (kernel: ") != NULL, "%s", e.msg);
	ck_assert_int_eq(nl_link_set_up(sa, "nope0", true, &e), -1);
	ck_assert_msg(strstr(e.msg, "nope0") != NULL, "%s", e.msg);
}

static void check_dump_a(struct nl_sock *sa)
{
	struct prefix a4 = pfx(AF_INET, "10.99.0.1", 24);
	struct prefix a6 = pfx(AF_INET6, "2001:db8:99::1", 64);
	const struct nl_iface *t0, *lo;
	struct nl_iface *ifs;
	size_t n;

	OK(nl_dump_ifaces(sa, &ifs, &n, E));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_lt(ifs[0].ifindex, ifs[1].ifindex);
	t0 = find_if(ifs, n, "t0");
	lo = find_if(ifs, n, "lo");
	ck_assert_str_eq(t0->kind, "veth");
	ck_assert_uint_eq(t0->mtu, 1400);
	ck_assert(t0->admin_up);
	ck_assert_str_eq(t0->master, "");
	ck_assert(has_addr(t0, &a4));
	ck_assert(has_addr(t0, &a6));
	ck_assert_str_eq(lo->kind, "");
	ck_assert(lo->admin_up && lo->oper_up);
	nl_ifaces_free(ifs, n);
}

static void check_dump_b(struct nl_sock *sb)
{
	struct prefix b4 = pfx(AF_INET, "10.99.0.2", 24);
	const struct nl_iface *t1, *br;
	struct nl_iface *ifs;
	size_t n;

	OK(nl_dump_ifaces(sb, &ifs, &n, E));
	ck_assert_uint_eq(n, 3);	/* lo, t1, br0 */
	for (size_t i = 1; i < n; i++)
		ck_assert_int_lt(ifs[i - 1].ifindex, ifs[i].ifindex);
	t1 = find_if(ifs, n, "t1");
	br = find_if(ifs, n, "br0");
	ck_assert_str_eq(t1->kind, "veth");
	ck_assert_uint_eq(t1->mtu, 1400);	/* the peer got it too */
	ck_assert_str_eq(t1->master, "br0");
	ck_assert_str_eq(br->kind, "bridge");
	ck_assert(has_addr(br, &b4));
	/* none of ours: the kernel may have given the port, once up, its
	 * IPv6 link-local address (when depends on carrier: not always) */
	for (size_t k = 0; k < t1->n_addrs; k++)
		ck_assert(t1->addrs[k].family == AF_INET6 &&
			  IN6_IS_ADDR_LINKLOCAL(&t1->addrs[k].addr.v6));
	nl_ifaces_free(ifs, n);
}

START_TEST(test_veth_between_namespaces)
{
	struct nl_sock *sa, *sb;
	struct azerr e;
	int fa, fb;

	create_ok(ns_a);
	create_ok(ns_b);
	fa = netns_open(ns_a, &e);
	fb = netns_open(ns_b, &e);
	ck_assert(fa >= 0 && fb >= 0);
	sa = nl_open(fa, &e);
	sb = nl_open(fb, &e);
	ck_assert(sa != NULL && sb != NULL);
	plumb(fa, fb, sa, sb);
	routes(sa);
	check_dump_a(sa);
	check_dump_b(sb);
	nl_close(sa);
	nl_close(sb);
	close(fa);
	close(fb);
}
END_TEST

/* Where the kernel has netem the delay is set; where it has not (this
 * project's CI machine), the kernel's answer is ENOENT or EOPNOTSUPP,
 * which `up` turns into a notice: nothing else may come back. */
START_TEST(test_netem_or_its_absence)
{
	struct nl_sock *sa;
	struct azerr e;
	int fa, rc;

	create_ok(ns_a);
	fa = netns_open(ns_a, &e);
	ck_assert_int_ge(fa, 0);
	sa = nl_open(fa, &e);
	ck_assert_ptr_nonnull(sa);
	OK(nl_veth_create(sa, &(struct nl_veth){ "t0", -1, 0, "t1", -1, 0,
						 0 }, E));
	errno = 0;
	rc = nl_netem_set(sa, "t0", 37, &e);
	if (rc < 0) {
		ck_assert_msg(errno == ENOENT || errno == EOPNOTSUPP,
			      "netem: %s (errno %d)", e.msg, errno);
		ck_assert_msg(strncmp(e.msg, "netem on t0: ", 13) == 0, "%s",
			      e.msg);
	}
	/* an interface that is not there is a plain error */
	ck_assert_int_eq(nl_netem_set(sa, "t9", 37, &e), -1);
	nl_close(sa);
	close(fa);
}
END_TEST

/* ttl_apply runs iptables-restore in <prefix><node>: a test namespace is
 * UNIT_NS_PREFIX..., so its "node" is the name without the prefix. */
static struct lab_node ttl_node(struct lab_ttl_rule *r, unsigned inc)
{
	struct lab_node node;

	memset(r, 0, sizeof(*r));
	snprintf(r->in, sizeof(r->in), "hub");
	r->has_from = true;
	r->from = pfx(AF_INET, "10.2.30.0", 25);
	r->inc = inc;
	memset(&node, 0, sizeof(node));
	node.name = ns_a + strlen(instance_ns_prefix());
	node.ttl_rules = r;
	node.n_ttl_rules = 1;
	return node;
}

START_TEST(test_ttl_rules_loaded)
{
	char *argv[] = { "iptables", "-t", "mangle", "-S", "PREROUTING",
			 NULL };
	struct lab_ttl_rule r;
	struct lab_node node = ttl_node(&r, 1);
	char *out = NULL;
	int status;

	create_ok(ns_a);
	OK(ttl_apply(&node, E));
	OK(probe_run(node.name, argv, &out, &status, E));
	ck_assert_int_eq(status, 0);
	ck_assert_msg(strstr(out, "-A PREROUTING -s 10.2.30.0/25 -i hub -j TTL "
			      "--ttl-inc 1\n") != NULL, "%s", out);
	free(out);
}
END_TEST

/* The parser never lets inc 300 through: here it stands for any rule
 * the tool refuses, whose complaint must reach `up` on one line. */
START_TEST(test_ttl_rules_refused)
{
	struct lab_ttl_rule r;
	struct lab_node node = ttl_node(&r, 300);
	struct azerr e;

	create_ok(ns_a);
	ck_assert_int_eq(ttl_apply(&node, &e), -1);
	ck_assert_msg(strncmp(e.msg, "iptables-restore exited with 2: ",
			      32) == 0, "%s", e.msg);
	ck_assert_msg(strstr(e.msg, "--ttl-inc") != NULL, "%s", e.msg);
	ck_assert_ptr_null(strchr(e.msg, '\n'));
}
END_TEST

int main(void)
{
	Suite *s;
	TCase *tc;
	int failed = 0;

	if (!root_tests_run("check_netns", &failed))
		return failed != 0;
	s = suite_create("netns");
	tc = tcase_create("root");
	names_init();
	tcase_add_unchecked_fixture(tc, NULL, sweep);
	tcase_add_checked_fixture(tc, NULL, sweep);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_create_list_open_delete);
	tcase_add_test(tc, test_create_existing_fails);
	tcase_add_test(tc, test_delete_missing_and_plain);
	tcase_add_test(tc, test_invalid_names);
	tcase_add_test(tc, test_caller_ns_unchanged);
	tcase_add_test(tc, test_veth_between_namespaces);
	tcase_add_test(tc, test_netem_or_its_absence);
	tcase_add_test(tc, test_ttl_rules_loaded);
	tcase_add_test(tc, test_ttl_rules_refused);
	suite_add_tcase(s, tc);
	failed = run_suite(s);
	sweep();
	return failed != 0;
}
