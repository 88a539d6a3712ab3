/* SPDX-License-Identifier: ISC */
/* `hosts:` and `host:`: where nodes are placed (by name or by site),
 * the VNI and MTU of a link between hosts, one host's share of the lab
 * (lab_keep_host) and its plan, then each error with its place. */
#include "lab_test.h"
#include "model/expect.h"
#include "plan/plan.h"

/* Three nodes on two hosts: a and b on h1 (b by its site), c on h2;
 * links a-b (same host) and b-c (between hosts). Lines 1-16. */
#define HOSTS_LAB(hosts, c_host, link_mtu) \
	"name: t\n" \
	"hosts:\n" \
	hosts \
	"nodes:\n" \
	"  - { name: a, role: host, host: h1 }\n" \
	"  - { name: b, role: router, site: west }\n" \
	"  - { name: c, role: router" c_host " }\n" \
	"links:\n" \
	"  - endpoints:\n" \
	"      - { interface: a:eth0, address: 10.0.0.1/24 }\n" \
	"      - { interface: b:eth0, address: 10.0.0.2/24 }\n" \
	"  - endpoints:\n" \
	"      - { interface: b:east, address: 10.0.1.1/30 }\n" \
	"      - { interface: c:west, address: 10.0.1.2/30 }\n" \
	link_mtu

#define TWO_HOSTS \
	"  - { name: h1, underlay: 192.0.2.1, sites: [west] }\n" \
	"  - { name: h2, underlay: 192.0.2.2, mtu: 9000 }\n"

#define TWO_HOSTS_SAME \
	"  - { name: h1, underlay: 192.0.2.1, sites: [west] }\n" \
	"  - { name: h2, underlay: 192.0.2.1 }\n"

static const char valid[] = HOSTS_LAB(TWO_HOSTS, ", host: h2", "");

/* The valid lab, loaded; cut to host's share unless host is NULL. */
static struct lab *load_valid(const char *host)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load_text(valid, &d);
	char why[160];

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	if (host != NULL)
		ck_assert_msg(lab_keep_host(lab, host, why, sizeof(why)), "%s",
			      why);
	return lab;
}

START_TEST(test_placed)
{
	struct lab *lab = load_valid(NULL);
	char a[PREFIX_STRLEN];

	ck_assert_uint_eq(lab->n_hosts, 2);
	ck_assert_str_eq(addr_fmt(&lab->hosts[0].underlay, a), "192.0.2.1");
	ck_assert_uint_eq(lab->hosts[0].mtu, 1500);
	ck_assert_uint_eq(lab->hosts[1].mtu, 9000);
	ck_assert_ptr_eq(lab_find_node(lab, "a")->host, &lab->hosts[0]);
	/* by its site */
	ck_assert_ptr_eq(lab_find_node(lab, "b")->host, &lab->hosts[0]);
	ck_assert_ptr_eq(lab_find_node(lab, "c")->host, &lab->hosts[1]);
	/* the VNI is the link's place; a lab not split keeps veths */
	ck_assert_uint_eq(lab->links[0]->vni, 0);
	ck_assert_uint_eq(lab->links[1]->vni, LAB_VNI_BASE + 1);
	ck_assert_uint_eq(lab->links[1]->mtu, 0);
	ck_assert_ptr_null(lab->here);
	ck_assert(lab_node_here(lab, lab_find_node(lab, "c")));
	ck_assert_int_eq(lab_link_end_here(lab, lab->links[1]), -1);
	lab_free(lab);
}
END_TEST

START_TEST(test_keep_host)
{
	struct lab *lab = load_valid("h2");

	ck_assert_ptr_eq(lab->here, &lab->hosts[1]);
	ck_assert_uint_eq(lab->n_nodes, 1);
	ck_assert_str_eq(lab->nodes[0]->name, "c");
	ck_assert_uint_eq(lab->away.n_nodes, 2);
	/* a and b are still found by name: a case may go there */
	ck_assert(!lab_node_here(lab, lab_find_node(lab, "a")));
	ck_assert_uint_eq(lab->n_links, 1);
	ck_assert_uint_eq(lab->away.n_links, 1);
	ck_assert_int_eq(lab_link_end_here(lab, lab->links[0]), 1);
	/* the smaller underlay MTU, less 50 bytes of VXLAN over IPv4 */
	ck_assert_uint_eq(lab->links[0]->mtu, 1450);
	lab_free(lab);
}
END_TEST

START_TEST(test_keep_unknown_host)
{
	struct lab *lab = load_valid(NULL);
	char why[160];

	ck_assert(!lab_keep_host(lab, "h3", why, sizeof(why)));
	ck_assert_str_eq(why, "lab t has no host 'h3'");
	ck_assert_ptr_null(lab->here);
	ck_assert_uint_eq(lab->n_nodes, 3);
	lab_free(lab);
}
END_TEST

/* h1's share: a veth a-b, and b's end of b-c as a VXLAN toward h2. */
START_TEST(test_plan_of_share)
{
	struct lab *lab = load_valid("h1");
	struct plan plan;
	struct azerr e;
	char what[256];
	size_t veths = 0, vxlans = 0, netns = 0;

	ck_assert_int_eq(plan_build(lab, &plan, &e), 0);
	for (size_t i = 0; i < plan.n; i++) {
		const struct step *s = &plan.steps[i];

		netns += s->kind == STEP_NETNS;
		veths += s->kind == STEP_VETH;
		if (s->kind != STEP_VXLAN)
			continue;
		vxlans++;
		ck_assert_str_eq(s->iface->name, "east");
		ck_assert_str_eq(plan_step_describe(s, what, sizeof(what)),
				 "link b:east <-> c:west: VXLAN 10001 to host "
				 "h2");
	}
	ck_assert_uint_eq(netns, 2);
	ck_assert_uint_eq(veths, 1);
	ck_assert_uint_eq(vxlans, 1);
	plan_free(&plan);
	lab_free(lab);
}
END_TEST

START_TEST(test_print)
{
	struct lab *lab = load_valid(NULL);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_int_eq(lab_print(lab, f), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "\nhost h1: underlay 192.0.2.1 "
				     "mtu 1500 sites west\nhost h2: underlay "
				     "192.0.2.2 mtu 9000\n"));
	ck_assert_ptr_nonnull(strstr(text, "node b: router\n  site west\n"
				     "  host h1\n"));
	ck_assert_ptr_nonnull(strstr(text, "  iface east: veth to c:west "
				     "(VXLAN 10001 between hosts)"));
	free(text);
	lab_free(lab);
}
END_TEST

START_TEST(test_keep_twice)
{
	struct lab *lab = load_valid("h1");
	char why[160];

	ck_assert(!lab_keep_host(lab, "h2", why, sizeof(why)));
	ck_assert_str_eq(why, "lab t already keeps host h1's share");
	ck_assert_uint_eq(lab->n_nodes, 2);
	lab_free(lab);
}
END_TEST

/* A case starting on a (host h1) that shuts c's interface (host h2):
 * no instance could run it, so the expectations file is refused. */
START_TEST(test_case_over_two_hosts)
{
	static const char text[] =
		"cases:\n"
		"  - { id: ok, from: a, to: b, reach: no, shut: b:east }\n"
		"  - { id: two, from: a, to: b, reach: no, shut: c:west }\n";
	struct lab_diags ed = { 0 };
	struct lab *lab = load_valid(NULL);
	char path[sizeof(lab_dir) + 16], *want;
	FILE *f;

	snprintf(path, sizeof(path), "%s/expect.yaml", lab_dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	ck_assert_ptr_null(expect_load(path, lab, &ed));
	ck_assert_uint_eq(ed.n, 1);
	ck_assert_int_ge(asprintf(&want, "%s:3:49: case 'two' starts on host "
				  "'h1' but shuts an interface of host 'h2': "
				  "no host can run it", path), 0);
	ck_assert_str_eq(ed.msgs[0], want);
	free(want);
	unlink(path);
	lab_diags_free(&ed);
	lab_free(lab);
}
END_TEST

START_TEST(test_ipv6_underlay_mtu)
{
	struct lab_host a = { .mtu = 1500 }, b = { .mtu = 1600 };

	a.underlay.family = b.underlay.family = AF_INET6;
	ck_assert_uint_eq(lab_vxlan_mtu(&a, &b), 1430);
}
END_TEST

static const struct error_case cases[] = {
	{ "unknown_host", "8:36: unknown host 'h9'",
	  HOSTS_LAB(TWO_HOSTS, ", host: h9", "") },
	{ "no_host", "8:13: node 'c' has no host: and no host has its site "
	  "(the lab places its nodes on hosts)",
	  HOSTS_LAB(TWO_HOSTS, "", "") },
	{ "host_without_hosts", "5:34: unknown host 'h1': the lab has no "
	  "hosts:", "name: t\nhosts: []\nnodes:\n  - { name: b, role: router "
	  "}\n  - { name: a, role: host, host: h1 }\n" },
	{ "bad_underlay", "3:27: bad underlay '192.0.2.0/24': expected an "
	  "IPv4 or IPv6 address (the host's own)",
	  HOSTS_LAB("  - { name: h1, underlay: 192.0.2.0/24, sites: [west] }\n"
		    "  - { name: h2, underlay: 192.0.2.2 }\n", ", host: h2",
		    "") },
	{ "same_underlay", "4:27: underlay 192.0.2.1 is already host 'h1''s "
	  "(at 3:13)",
	  HOSTS_LAB(TWO_HOSTS_SAME, ", host: h2", "") },
	{ "duplicate_host", "4:13: duplicate host 'h1' (first at 3:13)",
	  HOSTS_LAB("  - { name: h1, underlay: 192.0.2.1, sites: [west] }\n"
		    "  - { name: h1, underlay: 192.0.2.2 }\n", ", host: h1",
		    "") },
	{ "site_twice", "4:46: site 'west' is already on host 'h1'",
	  HOSTS_LAB("  - { name: h1, underlay: 192.0.2.1, sites: [west] }\n"
		    "  - { name: h2, underlay: 192.0.2.2, sites: [west] }\n",
		    ", host: h2", "") },
	{ "small_mtu", "4:43: bad mtu '1000': expected 1350 to 65535 (the "
	  "underlay's)",
	  HOSTS_LAB("  - { name: h1, underlay: 192.0.2.1, sites: [west] }\n"
		    "  - { name: h2, underlay: 192.0.2.2, mtu: 1000 }\n",
		    ", host: h2", "") },
	{ "mixed_families", "4:13: host 'h2''s underlay is not of the same "
	  "family as host 'h1''s",
	  HOSTS_LAB("  - { name: h1, underlay: 192.0.2.1, sites: [west] }\n"
		    "  - { name: h2, underlay: 2001:db8::2 }\n", ", host: h2",
		    "") },
	{ "link_mtu_too_big", "13:5: link b:east <-> c:west joins hosts 'h1' "
	  "and 'h2': mtu 1500 does not fit in their VXLAN (at most 1450)",
	  HOSTS_LAB(TWO_HOSTS, ", host: h2", "    mtu: 1500\n") },
};

START_TEST(test_error)
{
	assert_error_case(&cases[_i]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lab_hosts");
	TCase *ok = tcase_create("valid");
	TCase *tc = tcase_create("errors");

	tcase_add_checked_fixture(ok, lab_dir_make, lab_dir_remove);
	tcase_add_test(ok, test_placed);
	tcase_add_test(ok, test_keep_host);
	tcase_add_test(ok, test_keep_unknown_host);
	tcase_add_test(ok, test_plan_of_share);
	tcase_add_test(ok, test_print);
	tcase_add_test(ok, test_keep_twice);
	tcase_add_test(ok, test_case_over_two_hosts);
	tcase_add_test(ok, test_ipv6_underlay_mtu);
	suite_add_tcase(s, ok);
	tcase_add_checked_fixture(tc, lab_dir_make, lab_dir_remove);
	tcase_add_loop_test(tc, test_error, 0,
			    sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
