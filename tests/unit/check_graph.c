/* SPDX-License-Identifier: ISC */
/* `azlab graph`: the DOT text for a small lab (clusters from `site:`,
 * shapes by role, link labels, a link down, a BGP session deduplicated
 * from both ends and through a peer-group, an IPsec tunnel, escaping),
 * the FRR/swanctl scans behind it, and a traced path drawn over it
 * (`azlab trace --svg`). */
#include "lab_test.h"

#include "render/graph.h"

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

/* A trace from a to r2, a's text as traceroute prints it, drawn into a
 * string of its own (freed by the caller). */
static char *path_dot(const char *text, const char *dst, const char *addr)
{
	static struct trace_result r;
	struct graph_path p = {
		.src = lab_find_node(lab, "a"),
		.dst = dst,
		.addr = addr,
		.trace = &r,
	};
	size_t len = 0;
	char *buf = NULL;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_int_ge(trace_parse(text, &r), 1);
	g.path = &p;
	ck_assert_int_eq(graph_dot(&g, out), 0);
	g.path = NULL;
	fclose(out);
	return buf;
}

/* want in text, after *from; *from moves past it, so that a series of
 * calls checks the order too. */
static void assert_next(const char *text, const char **from,
			const char *want)
{
	const char *at = strstr(*from, want);

	ck_assert_msg(at != NULL, "no <%s> (in order) in:\n%s", want, text);
	*from = at + strlen(want);
}

#define PATH_EDGE_START	"\", color=\"#e6550d\", fontcolor=\"#e6550d\", " \
			"penwidth=4"

START_TEST(test_path)
{
	char *d = path_dot("traceroute to 10.9.0.2 (10.9.0.2), 15 hops max\n"
			   " 1  10.0.0.2  0.1 ms\n"
			   " 2  *\n"
			   " 3  192.0.2.7  0.2 ms\n"
			   " 4  10.9.0.2  0.3 ms\n", "r2", "10.9.0.2");
	const char *at = d;

	assert_next(d, &at, "label=\"g: trace a \xe2\x86\x92 r2 (10.9.0.2): "
		    "10.0.0.2, *, 192.0.2.7, 10.9.0.2 (reached)\"");
	/* the source, the answering hops and the destination outlined, each
	 * with its part as the label's first line */
	assert_next(d, &at, "\"a\" [label=\"source\\na\", shape=box");
	assert_next(d, &at, "penwidth=4, color=\"#e6550d\"];");
	assert_next(d, &at, "\"r1\" [label=\"hop 1\\nr1\", shape=ellipse");
	assert_next(d, &at, "penwidth=4, color=\"#e6550d\"];");
	assert_next(d, &at, "\"r2\" [label=\"hop 4 \xc2\xb7 destination\\nr2");
	ck_assert_ptr_null(strstr(d, "\"sw\" [label=\"hop"));
	/* the chain, numbered in order: a silent hop and a stranger each a
	 * dashed marker of its own between their neighbours */
	assert_next(d, &at, "  \"a\" -> \"r1\" [xlabel=\"1" PATH_EDGE_START);
	assert_next(d, &at, "  \"*2\" [label=<<FONT POINT-SIZE=\"24\">*</FONT>"
		    "<BR/><FONT POINT-SIZE=\"10\">hop 2</FONT>>, shape=box, "
		    "style=\"dashed,");
	assert_next(d, &at, "  \"r1\" -> \"*2\" [xlabel=\"2" PATH_EDGE_START);
	assert_next(d, &at, "  \"*3\" [label=<192.0.2.7<BR/>");
	assert_next(d, &at, "not in the lab");
	assert_next(d, &at, "  \"*2\" -> \"*3\" [xlabel=\"3" PATH_EDGE_START);
	assert_next(d, &at, "  \"*3\" -> \"r2\" [xlabel=\"4" PATH_EDGE_START);
	assert_next(d, &at, "label=\"traced path, hop by hop\"");
	free(d);
}
END_TEST

START_TEST(test_path_layout_and_fading)
{
	char *d = path_dot("traceroute to 10.9.0.2 (10.9.0.2), 15 hops max\n"
			   " 1  10.0.0.2  0.1 ms\n"
			   " 2  *\n"
			   " 3  10.9.0.2  0.3 ms\n", "10.9.0.2", "10.9.0.2");
	const char *e;

	/* every arrow ranks (the path reads left to right), numbered by an
	 * xlabel, which leaves the ranks alone */
	e = strstr(d, "  \"r1\" -> \"*2\" [xlabel=\"2\"");
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_null(memmem(e, strcspn(e, "\n"), "constraint", 10));
	e = strstr(d, "  \"*2\" -> \"r2\" [xlabel=\"3\"");
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_null(memmem(e, strcspn(e, "\n"), "constraint", 10));
	ck_assert_ptr_null(memmem(e, strcspn(e, "\n"), " label=", 7));
	/* an address as DST: no "(ADDR)" repeated */
	ck_assert_ptr_nonnull(strstr(d, "trace a \xe2\x86\x92 10.9.0.2: "
				     "10.0.0.2, *, 10.9.0.2 (reached)"));
	/* the rest steps back, a link down excepted */
	ck_assert_ptr_nonnull(strstr(d, "edge [fontname=\"Helvetica\", "
				     "fontsize=9, dir=none, color=\"#b0b0b0\""));
	ck_assert_ptr_nonnull(strstr(d, "constraint=false, "
				     "color=\"#1f5fbf50\""));
	ck_assert_ptr_nonnull(strstr(d, "constraint=false, "
				     "color=\"#1a8a3a50\""));
	ck_assert_ptr_nonnull(strstr(d, "wan 10.9.0.2/30\", style=dashed, "
				     "penwidth=1.5, color=\"#d62728\""));
	free(d);
	/* without a path, none of it */
	ck_assert_ptr_null(strstr(dot, "#e6550d"));
	ck_assert_ptr_null(strstr(dot, "#b0b0b0"));
	ck_assert_ptr_null(strstr(dot, "source"));
}
END_TEST

START_TEST(test_path_not_reached)
{
	char *d = path_dot("traceroute to 10.9.0.2 (10.9.0.2), 15 hops max\n"
			   " 1  10.0.0.2  0.1 ms\n"
			   " 2  *\n"
			   " 3  *\n", "r2", "10.9.0.2");

	ck_assert_ptr_nonnull(strstr(d, "10.0.0.2, *, * (not reached)\""));
	ck_assert_ptr_nonnull(strstr(d, "\"r2\" [label=\"destination, not "
				     "reached\\nr2"));
	ck_assert_ptr_nonnull(strstr(d, "  \"*2\" -> \"*3\" [xlabel=\"3"));
	/* the chain stops where the answers did */
	ck_assert_ptr_null(strstr(d, "  \"*3\" -> "));
	free(d);
}
END_TEST

START_TEST(test_path_star_run)
{
	char *d = path_dot("traceroute to 10.9.0.2 (10.9.0.2), 15 hops max\n"
			   " 1  10.0.0.2  0.1 ms\n 2  *\n 3  *\n 4  *\n"
			   " 5  *\n 6  *\n", "r2", "10.9.0.2");

	/* three silent hops or more: one marker, its edge numbered with
	 * the run (two stay two: test_path_not_reached) */
	ck_assert_ptr_nonnull(strstr(d, "  \"*2\" [label=<<FONT POINT-SIZE="
				     "\"24\">*</FONT><BR/><FONT POINT-SIZE="
				     "\"10\">hops 2\xe2\x80\x93" "6</FONT>>"));
	ck_assert_ptr_nonnull(strstr(d, "  \"r1\" -> \"*2\" [xlabel=\"2"
				     "\xe2\x80\x93" "6\", color="));
	ck_assert_ptr_null(strstr(d, "\"*3\""));
	ck_assert_ptr_null(strstr(d, "  \"*2\" -> "));
	/* the title keeps every hop, as the text output does */
	ck_assert_ptr_nonnull(strstr(d, ": 10.0.0.2, *, *, *, *, * (not "
				     "reached)\""));
	free(d);
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
	tcase_add_test(tc, test_path);
	tcase_add_test(tc, test_path_layout_and_fading);
	tcase_add_test(tc, test_path_not_reached);
	tcase_add_test(tc, test_path_star_run);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
