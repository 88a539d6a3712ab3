/* SPDX-License-Identifier: ISC */
/* The lab model: what a small valid lab loads into (roles, interfaces in
 * file order, links, bridges, routes, the role's default sysctls, the
 * absolute frr path), its printed form, and the reference lab. The error
 * cases are in check_lab_errors.c and check_lab_checks.c. */
#include "lab_test.h"

#define SMALL TEST_DATADIR "/small.yaml"

static struct lab *small;

static void small_load(void)
{
	struct lab_diags d = { 0 };

	small = lab_load(SMALL, &d);
	ck_assert_msg(small != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	ck_assert_uint_eq(d.n, 0);
	lab_diags_free(&d);
}

static void small_free(void)
{
	lab_free(small);
}

static struct lab_node *node(const char *name)
{
	struct lab_node *n = lab_find_node(small, name);

	ck_assert_msg(n != NULL, "no node %s", name);
	return n;
}

static struct lab_iface *iface(const char *node_name, const char *name)
{
	struct lab_iface *ifc = lab_find_iface(node(node_name), name);

	ck_assert_msg(ifc != NULL, "no interface %s:%s", node_name, name);
	return ifc;
}

static void assert_prefix(const struct prefix *p, const char *want)
{
	char buf[PREFIX_STRLEN];

	ck_assert_str_eq(prefix_fmt(p, buf), want);
}

static void assert_sysctl(const struct lab_node *n, size_t i, const char *key,
			  const char *value)
{
	ck_assert_uint_gt(n->n_sysctls, i);
	ck_assert_str_eq(n->sysctls[i].key, key);
	ck_assert_str_eq(n->sysctls[i].value, value);
}

START_TEST(test_nodes)
{
	char dir[PATH_MAX];

	ck_assert_str_eq(small->name, "small");
	ck_assert_str_eq(small->file, SMALL);
	ck_assert_ptr_nonnull(realpath(TEST_DATADIR, dir));
	ck_assert_str_eq(small->dir, dir);
	ck_assert_uint_eq(small->n_nodes, 3);
	ck_assert_str_eq(small->nodes[0]->name, "vm1");
	ck_assert_str_eq(small->nodes[1]->name, "r1");
	ck_assert_str_eq(small->nodes[2]->name, "lan");
	ck_assert_int_eq(node("vm1")->role, ROLE_HOST);
	ck_assert_int_eq(node("r1")->role, ROLE_ROUTER);
	ck_assert_int_eq(node("lan")->role, ROLE_FABRIC);
	ck_assert_uint_eq(node("vm1")->pos.line, 5);
	ck_assert_uint_eq(node("vm1")->pos.col, 11);
	ck_assert_ptr_null(lab_find_node(small, "r2"));
}
END_TEST

START_TEST(test_interfaces_in_file_order)
{
	const struct lab_node *lan = node("lan"), *r1 = node("r1");

	ck_assert_uint_eq(node("vm1")->n_ifaces, 2);
	ck_assert_str_eq(node("vm1")->ifaces[0]->name, "eth0");
	ck_assert_str_eq(node("vm1")->ifaces[1]->name, "eth1");
	ck_assert_uint_eq(lan->n_ifaces, 3);
	ck_assert_str_eq(lan->ifaces[0]->name, "p-vm1");
	ck_assert_str_eq(lan->ifaces[1]->name, "p-r1");
	ck_assert_str_eq(lan->ifaces[2]->name, "br0");
	ck_assert_uint_eq(r1->n_ifaces, 2);
	ck_assert_ptr_eq(r1->ifaces[0]->node, r1);
	ck_assert_ptr_null(lab_find_iface(r1, "lo"));
}
END_TEST

START_TEST(test_addresses)
{
	const struct lab_iface *e0 = iface("r1", "eth0");
	const struct lab_node *r1 = node("r1");

	ck_assert_uint_eq(iface("vm1", "eth0")->n_addrs, 1);
	assert_prefix(&iface("vm1", "eth0")->addrs[0], "10.0.1.10/24");
	ck_assert_uint_eq(e0->n_addrs, 2);
	assert_prefix(&e0->addrs[0], "10.0.1.1/24");
	assert_prefix(&e0->addrs[1], "2001:db8:1::1/64");
	ck_assert_uint_eq(iface("lan", "p-r1")->n_addrs, 0);
	ck_assert_uint_eq(r1->n_loopback, 2);
	assert_prefix(&r1->loopback[0], "192.0.2.1/32");
	assert_prefix(&r1->loopback[1], "2001:db8:ff::1/128");
	ck_assert_uint_eq(node("vm1")->n_loopback, 0);
}
END_TEST

START_TEST(test_links)
{
	const struct lab_link *l0, *l2;

	ck_assert_uint_eq(small->n_links, 3);
	l0 = small->links[0];
	l2 = small->links[2];
	ck_assert_ptr_eq(l0->end[0], iface("vm1", "eth0"));
	ck_assert_ptr_eq(l0->end[1], iface("lan", "p-vm1"));
	ck_assert_ptr_eq(iface("vm1", "eth0")->link, l0);
	ck_assert_uint_eq(l0->mtu, 1400);
	ck_assert_uint_eq(l0->end[1]->mtu, 1400);
	ck_assert_uint_eq(small->links[1]->mtu, 0);
	ck_assert_ptr_eq(l2->end[0], iface("r1", "eth1"));
	ck_assert(l2->end[0]->down);
	ck_assert(!l2->end[1]->down);	/* state: up */
	ck_assert(!iface("vm1", "eth0")->down);
	ck_assert_uint_eq(l0->pos.line, 27);
	ck_assert_uint_eq(l0->end[0]->pos.line, 28);
	ck_assert_uint_eq(l0->end[0]->pos.col, 22);
}
END_TEST

START_TEST(test_bridge)
{
	const struct lab_bridge *br;
	const struct lab_iface *dev = iface("lan", "br0");

	ck_assert_uint_eq(small->n_bridges, 1);
	br = small->bridges[0];
	ck_assert_ptr_eq(br->iface, dev);
	ck_assert_ptr_eq(dev->bridge, br);
	ck_assert_ptr_null(dev->link);
	ck_assert_ptr_null(dev->master);
	ck_assert_uint_eq(br->n_ports, 2);
	ck_assert_ptr_eq(br->ports[0], iface("lan", "p-vm1"));
	ck_assert_ptr_eq(br->ports[1], iface("lan", "p-r1"));
	ck_assert_ptr_eq(iface("lan", "p-vm1")->master, br);
	ck_assert_ptr_null(iface("lan", "p-vm1")->bridge);
	ck_assert_uint_eq(dev->n_addrs, 1);
	assert_prefix(&dev->addrs[0], "10.0.1.2/24");
}
END_TEST

START_TEST(test_routes)
{
	const struct lab_node *vm1 = node("vm1"), *r1 = node("r1");
	const struct lab_route *r;

	ck_assert_uint_eq(vm1->n_routes, 1);
	r = &vm1->routes[0];
	assert_prefix(&r->dst, "0.0.0.0/0");
	ck_assert(r->has_via);
	assert_prefix(&r->via, "10.0.1.1/32");
	ck_assert_str_eq(r->dev, "");
	ck_assert(!r->onlink);
	ck_assert_uint_eq(r->metric, 0);
	ck_assert_uint_eq(r1->n_routes, 4);
	r = &r1->routes[0];
	assert_prefix(&r->dst, "10.9.0.0/16");
	ck_assert_str_eq(r->dev, "eth0");
	ck_assert_uint_eq(r->metric, 20);
	ck_assert(r1->routes[1].onlink);
	assert_prefix(&r1->routes[2].dst, "2001:db8:9::/48");
	assert_prefix(&r1->routes[2].via, "2001:db8:1::9/128");
	/* "default" takes the next hop's family */
	assert_prefix(&r1->routes[3].dst, "::/0");
}
END_TEST

START_TEST(test_role_defaults)
{
	const struct lab_node *r1 = node("r1");

	ck_assert_uint_eq(node("vm1")->n_sysctls, 7);
	assert_sysctl(node("vm1"), 0, "net.ipv4.ip_forward", "0");
	assert_sysctl(node("vm1"), 1, "net.ipv6.conf.all.forwarding", "0");
	assert_sysctl(node("vm1"), 2, "net.ipv4.icmp_ratelimit", "0");
	assert_sysctl(node("vm1"), 3, "net.ipv6.icmp.ratelimit", "0");
	assert_sysctl(node("vm1"), 4, "net.ipv6.conf.all.keep_addr_on_down", "1");
	assert_sysctl(node("vm1"), 5, "net.ipv6.conf.all.accept_dad", "0");
	assert_sysctl(node("vm1"), 6, "net.ipv6.conf.default.accept_dad", "0");
	ck_assert_uint_eq(node("lan")->n_sysctls, 7);
	assert_sysctl(node("lan"), 0, "net.ipv4.ip_forward", "0");
	assert_sysctl(node("lan"), 1, "net.ipv6.conf.all.forwarding", "0");
	/* the defaults first, then the file's, in its order */
	ck_assert_uint_eq(r1->n_sysctls, 9);
	assert_sysctl(r1, 0, "net.ipv4.ip_forward", "1");
	assert_sysctl(r1, 1, "net.ipv6.conf.all.forwarding", "1");
	assert_sysctl(r1, 2, "net.ipv4.icmp_ratelimit", "0");
	assert_sysctl(r1, 3, "net.ipv6.icmp.ratelimit", "0");
	assert_sysctl(r1, 7, "net.ipv4.conf.all.rp_filter", "0");
	assert_sysctl(r1, 8, "net.ipv4.conf.eth0.rp_filter", "2");
	ck_assert_uint_eq(r1->sysctls[7].pos.line, 13);
	ck_assert_uint_eq(r1->sysctls[7].pos.col, 7);
}
END_TEST

/* A value the file gives wins over the default, and keeps its place. */
START_TEST(test_icmp_ratelimit_from_file)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load_text(
		"name: t\n"
		"nodes:\n"
		"  - name: r\n"
		"    role: router\n"
		"    sysctls: { net.ipv4.icmp_ratelimit: 1000 }\n", &d);

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	ck_assert_uint_eq(lab->nodes[0]->n_sysctls, 7);
	assert_sysctl(lab->nodes[0], 0, "net.ipv4.ip_forward", "1");
	assert_sysctl(lab->nodes[0], 1, "net.ipv6.conf.all.forwarding", "1");
	assert_sysctl(lab->nodes[0], 2, "net.ipv6.icmp.ratelimit", "0");
	assert_sysctl(lab->nodes[0], 3, "net.ipv6.conf.all.keep_addr_on_down", "1");
	assert_sysctl(lab->nodes[0], 6, "net.ipv4.icmp_ratelimit", "1000");
	lab_diags_free(&d);
	lab_free(lab);
}
END_TEST

START_TEST(test_ttl_rules)
{
	const struct lab_node *r1 = node("r1");
	const struct lab_ttl_rule *t;

	ck_assert_uint_eq(r1->n_ttl_rules, 2);
	t = &r1->ttl_rules[0];
	ck_assert_str_eq(t->in, "eth0");
	ck_assert(t->has_from);
	assert_prefix(&t->from, "10.2.30.0/25");
	ck_assert_uint_eq(t->inc, 2);
	ck_assert_uint_eq(t->pos.line, 22);
	ck_assert_uint_eq(t->pos.col, 9);
	t = &r1->ttl_rules[1];
	ck_assert_str_eq(t->in, "");
	assert_prefix(&t->from, "10.8.0.0/16");
	ck_assert_uint_eq(t->inc, 1);		/* the default */
	ck_assert_uint_eq(node("vm1")->n_ttl_rules, 0);
	ck_assert_ptr_null(node("vm1")->ttl_rules);
}
END_TEST

START_TEST(test_link_delay)
{
	ck_assert_uint_eq(iface("r1", "eth1")->link->delay_ms, 37);
	ck_assert_uint_eq(iface("vm1", "eth0")->link->delay_ms, 0);
}
END_TEST

START_TEST(test_frr_path_absolute)
{
	char want[PATH_MAX];

	ck_assert_ptr_nonnull(realpath(TEST_DATADIR "/small-r1-frr.conf",
				       want));
	ck_assert_str_eq(node("r1")->frr_config, want);
	ck_assert_ptr_null(node("r1")->ipsec_config);
	ck_assert_ptr_null(node("vm1")->frr_config);
}
END_TEST

/* `site:` is optional and free-form (a diagram's group). */
START_TEST(test_site)
{
	ck_assert_str_eq(node("lan")->site, "dc 1");
	ck_assert_ptr_null(node("vm1")->site);
	ck_assert_ptr_null(node("r1")->site);
}
END_TEST

START_TEST(test_print)
{
	char frr[PATH_MAX], *want, *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(realpath(TEST_DATADIR "/small-r1-frr.conf",
				       frr));
	ck_assert_int_ge(asprintf(&want,
		"lab small: nodes 3, links 3, bridges 1\n"
		"node vm1: host\n"
		"  sysctl net.ipv4.ip_forward = 0\n"
		"  sysctl net.ipv6.conf.all.forwarding = 0\n"
		"  sysctl net.ipv4.icmp_ratelimit = 0\n"
		"  sysctl net.ipv6.icmp.ratelimit = 0\n"
		"  sysctl net.ipv6.conf.all.keep_addr_on_down = 1\n"
		"  sysctl net.ipv6.conf.all.accept_dad = 0\n"
		"  sysctl net.ipv6.conf.default.accept_dad = 0\n"
		"  iface eth0: veth to lan:p-vm1 mtu 1400 up 10.0.1.10/24\n"
		"  iface eth1: veth to r1:eth1 delay 37ms up 10.0.3.10/24\n"
		"  route 0.0.0.0/0 via 10.0.1.1\n"
		"node r1: router\n"
		"  sysctl net.ipv4.ip_forward = 1\n"
		"  sysctl net.ipv6.conf.all.forwarding = 1\n"
		"  sysctl net.ipv4.icmp_ratelimit = 0\n"
		"  sysctl net.ipv6.icmp.ratelimit = 0\n"
		"  sysctl net.ipv6.conf.all.keep_addr_on_down = 1\n"
		"  sysctl net.ipv6.conf.all.accept_dad = 0\n"
		"  sysctl net.ipv6.conf.default.accept_dad = 0\n"
		"  sysctl net.ipv4.conf.all.rp_filter = 0\n"
		"  sysctl net.ipv4.conf.eth0.rp_filter = 2\n"
		"  iface lo: 192.0.2.1/32 2001:db8:ff::1/128\n"
		"  iface eth0: veth to lan:p-r1 up 10.0.1.1/24 "
		"2001:db8:1::1/64\n"
		"  iface eth1: veth to vm1:eth1 delay 37ms down 10.0.3.1/24\n"
		"  route 10.9.0.0/16 via 10.0.1.9 dev eth0 metric 20\n"
		"  route 10.8.0.0/16 via 10.8.8.8 dev eth0 onlink\n"
		"  route 2001:db8:9::/48 via 2001:db8:1::9\n"
		"  route ::/0 via 2001:db8:1::9\n"
		"  ttl in eth0 from 10.2.30.0/25 inc 2\n"
		"  ttl from 10.8.0.0/16 inc 1\n"
		"  frr %s\n"
		"node lan: fabric\n"
		"  site dc 1\n"
		"  sysctl net.ipv4.ip_forward = 0\n"
		"  sysctl net.ipv6.conf.all.forwarding = 0\n"
		"  sysctl net.ipv4.icmp_ratelimit = 0\n"
		"  sysctl net.ipv6.icmp.ratelimit = 0\n"
		"  sysctl net.ipv6.conf.all.keep_addr_on_down = 1\n"
		"  sysctl net.ipv6.conf.all.accept_dad = 0\n"
		"  sysctl net.ipv6.conf.default.accept_dad = 0\n"
		"  iface p-vm1: veth to vm1:eth0 master br0 mtu 1400 up\n"
		"  iface p-r1: veth to r1:eth0 master br0 up\n"
		"  iface br0: bridge [p-vm1 p-r1] up 10.0.1.2/24\n", frr), 0);
	ck_assert_int_eq(lab_print(small, out), 0);
	fclose(out);
	ck_assert_str_eq(buf, want);
	free(buf);
	free(want);
}
END_TEST

START_TEST(test_names)
{
	char ns[LAB_NS_NAME_MAX];

	ck_assert_str_eq(lab_role_name(ROLE_HOST), "host");
	ck_assert_str_eq(lab_role_name(ROLE_ROUTER), "router");
	ck_assert_str_eq(lab_role_name(ROLE_FABRIC), "fabric");
	ck_assert_str_eq(lab_ns_name("loc1-ce", ns, sizeof(ns)),
			 "azlab-loc1-ce");
	/* the longest node name fits */
	ck_assert_str_eq(lab_ns_name("a2345678901234567890123456789012", ns,
				     sizeof(ns)),
			 "azlab-a2345678901234567890123456789012");
}
END_TEST

START_TEST(test_reference_lab)
{
	static const char *const vms[] = {
		"hub-vm", "spoke-vm", "branch-vm", "loc1-vm", "loc2-vm",
		"remote-vm", "loc1-ce",
	};
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load(LAB_DIR "/azure-interop.yaml", &d);
	struct lab_node *ce;

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	lab_diags_free(&d);
	for (size_t i = 0; i < sizeof(vms) / sizeof(vms[0]); i++)
		ck_assert_msg(lab_find_node(lab, vms[i]) != NULL, "no %s",
			      vms[i]);
	ce = lab_find_node(lab, "loc1-ce");
	ck_assert_ptr_nonnull(lab_find_iface(ce, "msee1"));
	ck_assert_str_eq(ce->site, "loc1");
	for (size_t i = 0; i < lab->n_nodes; i++)	/* `azlab graph` groups */
		ck_assert_msg(lab->nodes[i]->site != NULL, "%s has no site",
			      lab->nodes[i]->name);
	lab_free(lab);
}
END_TEST

/* The mechanisms behind the article's hop behaviour, as declared. */
START_TEST(test_reference_lab_fidelity)
{
	static const char *const urpf[] = {
		"hub-ergw", "remote-ergw", "loc1-ce", "loc2-ce-a", "loc2-ce-b",
	};
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load(LAB_DIR "/azure-interop.yaml", &d);
	const struct lab_node *n;
	size_t delayed = 0;

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	lab_diags_free(&d);
	for (size_t i = 0; i < sizeof(urpf) / sizeof(urpf[0]); i++) {
		n = lab_find_node(lab, urpf[i]);
		ck_assert_ptr_nonnull(n);
		ck_assert_msg(n->n_sysctls > 7 &&
			      strcmp(n->sysctls[7].key,
				     "net.ipv4.conf.all.rp_filter") == 0 &&
			      strcmp(n->sysctls[7].value, "2") == 0,
			      "%s: no loose uRPF", urpf[i]);
	}
	n = lab_find_node(lab, "er1-msee-pri");
	ck_assert_uint_eq(n->n_ttl_rules, 2);
	ck_assert_str_eq(n->ttl_rules[0].in, "hub");
	ck_assert_str_eq(n->ttl_rules[1].in, "remote");
	ck_assert_uint_eq(lab_find_node(lab, "er2-msee-b")->n_ttl_rules, 1);
	n = lab_find_node(lab, "hub-vpngw");
	ck_assert_uint_eq(n->n_ttl_rules, 1);
	ck_assert(n->ttl_rules[0].has_from);
	ck_assert_str_eq(n->ttl_rules[0].in, "");
	for (size_t i = 0; i < lab->n_links; i++)
		if (lab->links[i]->delay_ms != 0)
			delayed++;
	ck_assert_uint_eq(delayed, 4);
	ck_assert_uint_eq(lab_find_iface(lab_find_node(lab, "loc2-ce-a"),
					 "msee")->link->delay_ms, 37);
	ck_assert_uint_eq(lab_find_iface(lab_find_node(lab, "remote-ergw"),
					 "er1-sec")->link->delay_ms, 33);
	lab_free(lab);
}
END_TEST

/* `frr:` at top level: per-router unless it says shared; printed only
 * then. */
START_TEST(test_frr_mode)
{
	static const char *const texts[] = {
		"name: t\nnodes: [{ name: a, role: router }]\n",
		"name: t\nfrr: per-router\nnodes: [{ name: a, role: router }]\n",
		"name: t\nfrr: shared\nnodes: [{ name: a, role: router }]\n",
	};

	for (size_t i = 0; i < 3; i++) {
		struct lab *lab = lab_load_text_valid(texts[i]);
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);

		ck_assert_int_eq(lab->frr_shared, i == 2);
		ck_assert_int_eq(lab_print(lab, f), 0);
		fclose(f);
		ck_assert_int_eq(strstr(out, "\nfrr shared\n") != NULL, i == 2);
		free(out);
		lab_free(lab);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lab");
	TCase *tc = tcase_create("small lab");
	TCase *ref = tcase_create("reference lab");
	TCase *text = tcase_create("written here");

	tcase_add_checked_fixture(tc, small_load, small_free);
	tcase_add_test(tc, test_nodes);
	tcase_add_test(tc, test_interfaces_in_file_order);
	tcase_add_test(tc, test_addresses);
	tcase_add_test(tc, test_links);
	tcase_add_test(tc, test_bridge);
	tcase_add_test(tc, test_routes);
	tcase_add_test(tc, test_role_defaults);
	tcase_add_test(tc, test_ttl_rules);
	tcase_add_test(tc, test_link_delay);
	tcase_add_test(tc, test_frr_path_absolute);
	tcase_add_test(tc, test_site);
	tcase_add_test(tc, test_print);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	tcase_add_test(ref, test_reference_lab);
	tcase_add_test(ref, test_reference_lab_fidelity);
	suite_add_tcase(s, ref);
	tcase_add_checked_fixture(text, lab_dir_make, lab_dir_remove);
	tcase_add_test(text, test_icmp_ratelimit_from_file);
	tcase_add_test(text, test_frr_mode);
	suite_add_tcase(s, text);
	return run_suite(s) != 0;
}
