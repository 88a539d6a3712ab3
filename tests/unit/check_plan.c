/* SPDX-License-Identifier: ISC */
/* The plan: step order from a small lab, and plan_apply against a
 * recording backend that can fail on any step. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/lab.h"
#include "plan/plan.h"
#include "unit.h"

static const char small_lab[] =
	"name: t\n"
	"nodes:\n"
	"  - name: a\n"
	"    role: host\n"
	"    sysctls:\n"
	"      net.ipv4.ip_forward: 0\n"
	"      net.ipv4.conf.eth0.rp_filter: 2\n"
	"    routes:\n"
	"      - { to: default, via: 10.0.0.2 }\n"
	"  - name: b\n"
	"    role: router\n"
	"    sysctls: { net.ipv4.ip_forward: 1, net.ipv4.icmp_ratelimit: 5 }\n"
	"    loopback: 192.0.2.1/32\n"
	"    ttl:\n"
	"      - { in: eth0, inc: 2 }\n"
	"      - { from: 10.2.30.0/25 }\n"
	"  - name: sw\n"
	"    role: fabric\n"
	"    sysctls: { net.ipv4.ip_forward: 0 }\n"
	"links:\n"
	"  - endpoints:\n"
	"      - { interface: a:eth0, address: 10.0.0.1/24 }\n"
	"      - { interface: b:eth0, address: 10.0.0.2/24 }\n"
	"    mtu: 1400\n"
	"    delay: 37ms\n"
	"  - endpoints:\n"
	"      - { interface: b:eth1, address: 10.1.0.1/24, state: down }\n"
	"      - { interface: sw:p1 }\n"
	"bridges:\n"
	"  - { node: sw, name: br0, ports: [p1] }\n";

/* What `up` must do with small_lab, in this order: namespaces, then
 * namespace-wide sysctls (the loader's default icmp_ratelimit where the
 * file sets none), devices and their delays, then per node addresses,
 * per-interface sysctls and links up (b:eth1 is declared down), routes,
 * and TTL rules last. */
static const char *const expected[] = {
	"netns azlab-a",
	"netns azlab-b",
	"netns azlab-sw",
	"sysctl azlab-a net.ipv6.conf.all.forwarding=0",
	"sysctl azlab-a net.ipv4.icmp_ratelimit=0",
	"sysctl azlab-a net.ipv6.icmp.ratelimit=0",
	"sysctl azlab-a net.ipv6.conf.all.keep_addr_on_down=1",
	"sysctl azlab-a net.ipv6.conf.all.accept_dad=0",
	"sysctl azlab-a net.ipv6.conf.default.accept_dad=0",
	"sysctl azlab-a net.ipv4.ip_forward=0",
	"sysctl azlab-b net.ipv6.conf.all.forwarding=1",
	"sysctl azlab-b net.ipv6.icmp.ratelimit=0",
	"sysctl azlab-b net.ipv6.conf.all.keep_addr_on_down=1",
	"sysctl azlab-b net.ipv6.conf.all.accept_dad=0",
	"sysctl azlab-b net.ipv6.conf.default.accept_dad=0",
	"sysctl azlab-b net.ipv4.ip_forward=1",
	"sysctl azlab-b net.ipv4.icmp_ratelimit=5",
	"sysctl azlab-sw net.ipv6.conf.all.forwarding=0",
	"sysctl azlab-sw net.ipv4.icmp_ratelimit=0",
	"sysctl azlab-sw net.ipv6.icmp.ratelimit=0",
	"sysctl azlab-sw net.ipv6.conf.all.keep_addr_on_down=1",
	"sysctl azlab-sw net.ipv6.conf.all.accept_dad=0",
	"sysctl azlab-sw net.ipv6.conf.default.accept_dad=0",
	"sysctl azlab-sw net.ipv4.ip_forward=0",
	"veth azlab-a:eth0 azlab-b:eth0 mtu 1400",
	"veth azlab-b:eth1 azlab-sw:p1 mtu 0",
	"bridge azlab-sw:br0",
	"master azlab-sw:p1 br0",
	"delay azlab-a:eth0 azlab-b:eth0 37",
	"addr azlab-a:eth0 10.0.0.1/24",
	"sysctl azlab-a net.ipv4.conf.eth0.rp_filter=2",
	"up azlab-a:lo",
	"up azlab-a:eth0",
	"addr azlab-b:lo 192.0.2.1/32",
	"addr azlab-b:eth0 10.0.0.2/24",
	"addr azlab-b:eth1 10.1.0.1/24",
	"up azlab-b:lo",
	"up azlab-b:eth0",
	"up azlab-sw:lo",
	"up azlab-sw:p1",
	"up azlab-sw:br0",
	"route azlab-a 0.0.0.0/0 via 10.0.0.2",
	"ttl b 2",
};
#define N_EXPECTED (sizeof(expected) / sizeof(expected[0]))

struct recorder {
	char calls[64][128];
	size_t n;
	size_t fail_at;		/* 1-based call that fails; 0: none */
};

static int record(struct recorder *r, struct azerr *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int record(struct recorder *r, struct azerr *e, const char *fmt, ...)
{
	va_list ap;

	ck_assert_uint_lt(r->n, 64);
	va_start(ap, fmt);
	vsnprintf(r->calls[r->n], sizeof(r->calls[0]), fmt, ap);
	va_end(ap);
	r->n++;
	if (r->n == r->fail_at)
		return azerr_set(e, "File exists");
	return 0;
}

static int rec_netns(void *c, const char *ns, struct azerr *e)
{
	return record(c, e, "netns %s", ns);
}

static int rec_veth(void *c, const char *na, const char *ia, const char *nb,
		    const char *ib, unsigned mtu, struct azerr *e)
{
	return record(c, e, "veth %s:%s %s:%s mtu %u", na, ia, nb, ib, mtu);
}

static int rec_bridge(void *c, const char *ns, const char *br,
		      struct azerr *e)
{
	return record(c, e, "bridge %s:%s", ns, br);
}

static int rec_master(void *c, const char *ns, const char *ifn,
		      const char *br, struct azerr *e)
{
	return record(c, e, "master %s:%s %s", ns, ifn, br);
}

static int rec_up(void *c, const char *ns, const char *ifn, struct azerr *e)
{
	return record(c, e, "up %s:%s", ns, ifn);
}

static int rec_addr(void *c, const char *ns, const char *ifn,
		    const struct prefix *p, struct azerr *e)
{
	char a[PREFIX_STRLEN];

	return record(c, e, "addr %s:%s %s", ns, ifn, prefix_fmt(p, a));
}

static int rec_route(void *c, const char *ns, const struct lab_route *r,
		     struct azerr *e)
{
	char d[PREFIX_STRLEN], v[PREFIX_STRLEN];

	return record(c, e, "route %s %s via %s", ns, prefix_fmt(&r->dst, d),
		      r->has_via ? addr_fmt(&r->via, v) : "-");
}

static int rec_sysctl(void *c, const char *ns, const char *key,
		      const char *value, struct azerr *e)
{
	return record(c, e, "sysctl %s %s=%s", ns, key, value);
}

static int rec_delay(void *c, const char *na, const char *ia,
		     const char *nb, const char *ib, unsigned ms,
		     struct azerr *e)
{
	return record(c, e, "delay %s:%s %s:%s %u", na, ia, nb, ib, ms);
}

static int rec_vxlan(void *c, const char *ns, const struct lab_link *l,
		     const struct lab_iface *ifc, struct azerr *e)
{
	return record(c, e, "vxlan %s:%s %u mtu %u", ns, ifc->name, l->vni,
		      l->mtu);
}

static int rec_ttl(void *c, const struct lab_node *node, struct azerr *e)
{
	return record(c, e, "ttl %s %zu", node->name, node->n_ttl_rules);
}

static const struct plumb_ops recorder_ops = {
	rec_netns, rec_veth, rec_vxlan, rec_bridge, rec_master, rec_up, rec_addr,
	rec_route, rec_sysctl, rec_delay, rec_ttl,
};

static struct lab *lab;
static struct plan plan;

static void setup(void)
{
	char path[] = "/tmp/azlab-plan-XXXXXX";
	struct lab_diags d = { 0 };
	struct azerr e;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, small_lab, sizeof(small_lab) - 1),
			 (ssize_t)(sizeof(small_lab) - 1));
	close(fd);
	lab = lab_load(path, &d);
	unlink(path);
	ck_assert_msg(lab != NULL, "lab: %s", d.n ? d.msgs[0] : "?");
	lab_diags_free(&d);
	ck_assert_int_eq(plan_build(lab, &plan, &e), 0);
}

static void teardown(void)
{
	plan_free(&plan);
	lab_free(lab);
}

START_TEST(test_order)
{
	struct recorder r = { .n = 0 };
	struct azerr e;

	ck_assert_int_eq(plan_apply(&plan, &recorder_ops, &r, NULL, NULL, &e),
			 0);
	ck_assert_uint_eq(r.n, N_EXPECTED);
	for (size_t i = 0; i < N_EXPECTED; i++)
		ck_assert_str_eq(r.calls[i], expected[i]);
}
END_TEST

START_TEST(test_failure_stops_and_names_the_step)
{
	struct recorder r = { .fail_at = 35 };	/* addr azlab-b:eth0 */
	struct azerr e;

	ck_assert_int_eq(plan_apply(&plan, &recorder_ops, &r, NULL, NULL, &e),
			 -1);
	ck_assert_uint_eq(r.n, 35);
	ck_assert_str_eq(e.msg, "b: add 10.0.0.2/24 to eth0: File exists");
}
END_TEST

START_TEST(test_new_steps_described)
{
	struct recorder r = { .fail_at = N_EXPECTED };	/* the TTL step */
	char what[256];
	struct azerr e;
	size_t i;

	ck_assert_int_eq(plan_apply(&plan, &recorder_ops, &r, NULL, NULL, &e),
			 -1);
	ck_assert_str_eq(e.msg, "b: load 2 TTL rules: File exists");
	for (i = 0; i < plan.n && plan.steps[i].kind != STEP_DELAY; i++)
		;
	ck_assert_uint_lt(i, plan.n);
	ck_assert_str_eq(plan_step_describe(&plan.steps[i], what,
					    sizeof(what)),
			 "link a:eth0 <-> b:eth0: delay 37 ms each way");
}
END_TEST

START_TEST(test_delay_notice)
{
	char buf[200];

	ck_assert_str_eq(plan_delay_notice(4, buf, sizeof(buf)),
			 "latency emulation unavailable (this kernel has no "
			 "netem): 4 links keep their declared delays "
			 "unapplied");
	ck_assert_str_eq(plan_delay_notice(1, buf, sizeof(buf)),
			 "latency emulation unavailable (this kernel has no "
			 "netem): 1 link keeps its declared delay unapplied");
}
END_TEST

static int stop_after_three(void *arg, size_t done, size_t total,
			    const struct step *s)
{
	(void)arg;
	(void)total;
	(void)s;
	return done == 3;
}

START_TEST(test_progress_can_interrupt)
{
	struct recorder r = { .n = 0 };
	struct azerr e;

	ck_assert_int_eq(plan_apply(&plan, &recorder_ops, &r, stop_after_three,
				    NULL, &e), -1);
	ck_assert_uint_eq(r.n, 3);
	ck_assert_str_eq(e.msg, "interrupted after: sw: create namespace");
}
END_TEST

START_TEST(test_ip_batch)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0, n = 0;
	FILE *out = open_memstream(&buf, &len);
	static const char *const want[] = {
		"netns add azlab-a",
		"link add eth0 netns azlab-a mtu 1400 type veth peer name eth0 "
		"netns azlab-b",
		"-n azlab-sw link add br0 type bridge",
		"-n azlab-sw link set p1 master br0",
		"# sysctl azlab-a net.ipv4.conf.eth0.rp_filter=2",
		"-n azlab-b addr add 192.0.2.1/32 dev lo",
		"-n azlab-sw link set br0 up",
		"-n azlab-a route add 0.0.0.0/0 via 10.0.0.2",
		"# tc -n azlab-a qdisc replace dev eth0 root netem delay 37ms",
		"# tc -n azlab-b qdisc replace dev eth0 root netem delay 37ms",
		"# ip netns exec azlab-b iptables -t mangle -A PREROUTING "
		"-i eth0 -j TTL --ttl-inc 2",
		"# ip netns exec azlab-b iptables -t mangle -A PREROUTING "
		"-s 10.2.30.0/25 -j TTL --ttl-inc 1",
	};
	size_t found = 0;

	plan_print_ip(&plan, out);
	fclose(out);
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save), n++)
		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			if (strcmp(line, want[i]) == 0)
				found |= 1u << i;
	/* a step a line, but two for the delay (one per end) and one per
	 * TTL rule */
	ck_assert_uint_eq(n, N_EXPECTED + 2);
	ck_assert_uint_eq(found, (1u << (sizeof(want) / sizeof(want[0]))) - 1);
	free(buf);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("small lab");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_failure_stops_and_names_the_step);
	tcase_add_test(tc, test_progress_can_interrupt);
	tcase_add_test(tc, test_ip_batch);
	tcase_add_test(tc, test_new_steps_described);
	tcase_add_test(tc, test_delay_notice);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
