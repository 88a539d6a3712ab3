/* `azlab graph`: the DOT text for a small lab (clusters from `site:`,
 * shapes by role, link labels, a link down, a BGP session deduplicated
 * from both ends and through a peer-group, an IPsec tunnel, escaping),
 * and the FRR/swanctl scans behind it. */
#include "lab_test.h"

#include "graph.h"

#define LAB_TEXT \
	"name: g\n" \
	"nodes:\n" \
	"  - { name: a, role: host, site: \"dc \\\"1\\\"\" }\n" \
	"  - { name: r1, role: router, site: \"dc \\\"1\\\"\", frr: r1.conf," \
	" ipsec: r1.swan }\n" \
	"  - { name: r2, role: router, site: 'far\\away', frr: r2.conf }\n" \
	"  - { name: sw, role: fabric }\n" \
	"links:\n" \
	"  - endpoints:\n" \
	"      - { interface: a:eth0, address: 10.0.0.1/24 }\n" \
	"      - { interface: sw:p-a }\n" \
	"  - endpoints:\n" \
	"      - { interface: r1:eth0, address: 10.0.0.2/24 }\n" \
	"      - { interface: sw:p-r1 }\n" \
	"  - endpoints:\n" \
	"      - { interface: r1:wan, address: 10.9.0.1/30, state: down }\n" \
	"      - { interface: r2:wan, address: 10.9.0.2/30 }\n" \
	"bridges:\n" \
	"  - { node: sw, name: br0, ports: [p-a, p-r1] }\n"

static const char r1_conf[] =
	"router bgp 65001\n"
	" neighbor 10.9.0.2 remote-as 65002\n"
	"!  neighbor 10.0.0.1 remote-as 65009\n";
static const char r2_conf[] =
	"router bgp 65002\n"
	" neighbor PEERS peer-group\n"
	" neighbor PEERS remote-as 65001\n"
	" neighbor 10.9.0.1 peer-group PEERS\n"
	" neighbor 10.9.0.1 description r1\n"
	" neighbor 192.0.2.1 remote-as 65005\n";	/* not in the lab */
static const char r1_swan[] =
	"connections {\n"
	"\tt1 {\n"
	"\t\tremote_addrs = 192.0.2.99, 10.9.0.2\n"
	"\t}\n"
	"}\n";

static struct lab *lab;
static struct graph g;
static char *dot;

static void write_file(const char *name, const char *text)
{
	char path[sizeof(lab_dir) + 32];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", lab_dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

static void remove_file(const char *name)
{
	char path[sizeof(lab_dir) + 32];

	snprintf(path, sizeof(path), "%s/%s", lab_dir, name);
	unlink(path);
}

static void setup(void)
{
	struct lab_diags d = { 0 };
	struct azerr e;
	size_t len = 0;
	FILE *out;

	lab_dir_make();
	write_file("r1.conf", r1_conf);
	write_file("r2.conf", r2_conf);
	write_file("r1.swan", r1_swan);
	lab = lab_load_text(LAB_TEXT, &d);
	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	lab_diags_free(&d);
	ck_assert_msg(graph_collect(&g, lab, &e) == 0, "%s", e.msg);
	ck_assert_ptr_nonnull(out = open_memstream(&dot, &len));
	ck_assert_int_eq(graph_dot(&g, out), 0);
	fclose(out);
}

static void teardown(void)
{
	free(dot);
	graph_free(&g);
	lab_free(lab);
	remove_file("r1.conf");
	remove_file("r2.conf");
	remove_file("r1.swan");
	lab_dir_remove();
}

static void assert_has(const char *want)
{
	ck_assert_msg(strstr(dot, want) != NULL, "no <%s> in:\n%s", want, dot);
}

START_TEST(test_clusters)
{
	const char *c = strstr(dot, "subgraph \"cluster_dc \\\"1\\\"\" {");

	ck_assert_msg(c != NULL, "no cluster dc \"1\" in:\n%s", dot);
	/* both members inside it, before the next cluster */
	ck_assert(c < strstr(dot, "\"a\" [label=\"a\""));
	ck_assert(strstr(dot, "\"r1\" [label=\"r1\"") <
		  strstr(dot, "subgraph \"cluster_far\\\\away\""));
	assert_has("label=\"far\\\\away\";");
	/* no site: outside every cluster, at the top level */
	assert_has("\n  \"sw\" [label=\"sw\\nbr0\", shape=hexagon");
}
END_TEST

START_TEST(test_shapes_and_links)
{
	assert_has("\"a\" [label=\"a\", shape=box");
	assert_has("\"r1\" [label=\"r1\", shape=ellipse");
	assert_has("  \"a\" -> \"sw\" [label=\"eth0 10.0.0.1/24\\np-a\"];\n");
	assert_has("  \"r1\" -> \"sw\" [label=\"eth0 10.0.0.2/24\\np-r1\"];\n");
}
END_TEST

START_TEST(test_down_link)
{
	assert_has("  \"r1\" -> \"r2\" [label=\"down\\nwan 10.9.0.1/30\\n"
		   "wan 10.9.0.2/30\", style=dashed");
	assert_has("color=\"#d62728\"");
}
END_TEST

START_TEST(test_live_down)
{
	struct lab_iface *ifc = lab_find_iface(lab_find_node(lab, "a"),
					       "eth0");
	size_t len = 0;
	char *buf = NULL;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_int_eq(graph_mark_down(&g, ifc), 0);
	ck_assert_int_eq(graph_dot(&g, out), 0);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(buf, "  \"a\" -> \"sw\" [label=\"down\\n"
				     "eth0 10.0.0.1/24\\np-a\", style=dashed"));
	free(buf);
}
END_TEST

START_TEST(test_bgp)
{
	const char *first;

	ck_assert_uint_eq(g.n_bgp, 1);	/* both ends, one session */
	first = strstr(dot, "[label=\"eBGP AS 65001\xe2\x80\x93" "65002\"");
	ck_assert_msg(first != NULL, "no BGP edge in:\n%s", dot);
	ck_assert_ptr_null(strstr(first + 10, "eBGP AS"));
	assert_has("  \"r1\" -> \"r2\" [label=\"eBGP AS");
}
END_TEST

START_TEST(test_bgp_peer_group)
{
	struct graph pg = { .lab = lab };

	ck_assert_int_eq(graph_add_frr_text(&pg, lab_find_node(lab, "r2"),
					    r2_conf), 0);
	ck_assert_uint_eq(pg.n_bgp, 1);
	ck_assert_str_eq(pg.bgp[0].a->name, "r2");
	ck_assert_str_eq(pg.bgp[0].b->name, "r1");
	ck_assert_str_eq(pg.bgp[0].as_a, "65002");
	ck_assert_str_eq(pg.bgp[0].as_b, "65001");
	graph_free(&pg);
}
END_TEST

START_TEST(test_ipsec)
{
	ck_assert_uint_eq(g.n_tunnels, 1);
	assert_has("  \"r1\" -> \"r2\" [label=\"IPsec t1\", style=dotted");
	/* the other end's connection, named otherwise, joins the same edge */
	ck_assert_int_eq(graph_add_tunnel(&g, lab_find_node(lab, "r2"),
					  "10.9.0.1", "t2"), 0);
	ck_assert_uint_eq(g.n_tunnels, 1);
	ck_assert_str_eq(g.tunnels[0].name, "t1/t2");
}
END_TEST

START_TEST(test_owner_and_legend)
{
	ck_assert_str_eq(graph_addr_owner(lab, "10.9.0.2")->name, "r2");
	ck_assert_ptr_null(graph_addr_owner(lab, "192.0.2.1"));
	ck_assert_ptr_null(graph_addr_owner(lab, "not-an-address"));
	assert_has("subgraph cluster_legend {");
	assert_has("label=\"IPsec tunnel\"");
	ck_assert_str_eq(dot + strlen(dot) - 2, "}\n");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("graph");
	TCase *tc = tcase_create("dot");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_clusters);
	tcase_add_test(tc, test_shapes_and_links);
	tcase_add_test(tc, test_down_link);
	tcase_add_test(tc, test_live_down);
	tcase_add_test(tc, test_bgp);
	tcase_add_test(tc, test_bgp_peer_group);
	tcase_add_test(tc, test_ipsec);
	tcase_add_test(tc, test_owner_and_legend);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
