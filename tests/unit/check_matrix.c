/* SPDX-License-Identifier: ISC */
/* `azlab matrix`: the grid laid out from a lab (its hosts in file order,
 * on a lab over hosts too, the rows another host pings marked), then the
 * grid's words and its picture's DOT text (a table: headers in host
 * order, one coloured cell per pair row by row, a grey diagonal,
 * tooltips, HTML escaping), for a hand-made grid. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab_test.h"
#include "render/matrix.h"

static const char *hosts[] = { "a", "b", "x&y" };
static struct cell cells[9];
static struct grid g = { hosts, 3, cells };
static char *dot;

static struct cell *at(size_t from, size_t to)
{
	return &cells[from * 3 + to];
}

/* a reaches b and x&y; b reaches a, not x&y; x&y's pings cannot run */
static void setup(void)
{
	memset(cells, 0, sizeof(cells));
	for (size_t i = 0; i < 9; i++) {
		cells[i].from = hosts[i / 3];
		cells[i].to = hosts[i % 3];
		snprintf(cells[i].addr, sizeof(cells[i].addr), "10.0.0.%zu",
			 i % 3 + 1);
		cells[i].ping.transmitted = 2;
	}
	at(0, 1)->ping = (struct ping_result){ 2, 2, 0, true, 0.1, 0.1, 0.1 };
	at(0, 2)->ping.received = 1;
	at(1, 0)->ping.received = 2;
	snprintf(at(2, 0)->error, sizeof(at(2, 0)->error), "no <namespace>");
	snprintf(at(2, 1)->error, sizeof(at(2, 1)->error), "no namespace");
	dot = NULL;
}

static void teardown(void)
{
	free(dot);
}

static void draw(const char *lab)
{
	size_t len = 0;
	FILE *out = open_memstream(&dot, &len);

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(matrix_dot(&g, lab, out), 0);
	fclose(out);
}

/* want in dot after *from, which moves past it: order is checked too */
static void assert_next(const char **from, const char *want)
{
	const char *p = strstr(*from, want);

	ck_assert_msg(p != NULL, "no <%s> (in order) in:\n%s", want, dot);
	*from = p + strlen(want);
}

START_TEST(test_words)
{
	ck_assert_str_eq(grid_word(&g, 0, 0), "-");
	ck_assert_str_eq(grid_word(&g, 0, 1), "yes");
	ck_assert_str_eq(grid_word(&g, 0, 2), "yes");	/* one of two */
	ck_assert_str_eq(grid_word(&g, 1, 2), "no");
	ck_assert_str_eq(grid_word(&g, 2, 0), "error");
	ck_assert_str_eq(grid_word(&g, 2, 2), "-");
}
END_TEST

#define YES	"<TD BGCOLOR=\"#2e9d48\""
#define NO	"<TD BGCOLOR=\"#d62728\""
#define ERR	"<TD BGCOLOR=\"#8c8c8c\""
#define SELF	"<TD BGCOLOR=\"#f2f2f2\"><FONT COLOR=\"#999999\">-</FONT></TD>"

START_TEST(test_table)
{
	const char *p;

	draw("lab \"one\"");
	p = dot;
	assert_next(&p, "digraph matrix {");
	assert_next(&p, "label=\"lab \\\"one\\\": who reaches whom (ping)\"");
	assert_next(&p, "grid [label=<");
	/* the header row: the hosts across, in order */
	assert_next(&p, "<TR><TD BORDER=\"0\"><I>from");
	assert_next(&p, "<B>a</B></TD>");
	assert_next(&p, "<B>b</B></TD>");
	assert_next(&p, "<B>x&amp;y</B></TD></TR>");
	/* then a row per host: its name, then its cells, left to right */
	assert_next(&p, "<TR><TD BGCOLOR=\"#e4eefb\"><B>a</B></TD>" SELF YES);
	assert_next(&p, "<B>yes</B></FONT></TD>" YES);
	assert_next(&p, "</TD></TR>\n");
	assert_next(&p, "<B>b</B></TD>" YES);
	assert_next(&p, SELF NO);
	assert_next(&p, "<B>no</B></FONT></TD></TR>\n");
	assert_next(&p, "<B>x&amp;y</B></TD>" ERR);
	assert_next(&p, "<B>error</B>");
	assert_next(&p, ERR);
	assert_next(&p, SELF "</TR>\n");
	/* a key under the table, and one label closed */
	assert_next(&p, "yes: pings answered");
	assert_next(&p, "no: no answer");
	assert_next(&p, "error: ping could not run");
	assert_next(&p, "</TABLE>>];\n}\n");
	ck_assert_str_eq(p, "");
	/* no row pinged from another host: the key does not offer one */
	ck_assert_ptr_null(strstr(dot, "elsewhere"));
}
END_TEST

#define AWAY	"<TD BGCOLOR=\"#d9d9d9\""

/* A lab over hosts: b's row is pinged from host h2, so it is neither yes
 * nor no here, and the key says what the grey means. */
START_TEST(test_row_elsewhere)
{
	const char *p;

	for (size_t k = 0; k < 3; k++)
		if (k != 1)
			at(1, k)->elsewhere = "h2";
	ck_assert_str_eq(grid_word(&g, 1, 0), "elsewhere");
	ck_assert_str_eq(grid_word(&g, 1, 2), "elsewhere");
	ck_assert_str_eq(grid_word(&g, 1, 1), "-");
	ck_assert_str_eq(grid_word(&g, 0, 1), "yes");
	draw("l");
	p = dot;
	assert_next(&p, "<B>b</B></TD>" AWAY " TOOLTIP=\"b -&gt; a: pinged "
		    "from host h2\"><FONT COLOR=\"#666666\"><B>elsewhere</B>");
	assert_next(&p, SELF AWAY);
	assert_next(&p, "</TR>\n");
	assert_next(&p, "error: ping could not run");
	assert_next(&p, "elsewhere: pinged from another host (run matrix "
		    "there)");
}
END_TEST

START_TEST(test_tooltips)
{
	draw("l");
	/* what the word leaves out: the address, answers, RTT or error */
	ck_assert_ptr_nonnull(strstr(dot, YES " TOOLTIP=\"a -&gt; b "
				     "(10.0.0.2): 2/2 answered, 0.100 ms\">"));
	ck_assert_ptr_nonnull(strstr(dot, " TOOLTIP=\"a -&gt; x&amp;y "
				     "(10.0.0.3): 1/2 answered\">"));
	ck_assert_ptr_nonnull(strstr(dot, ERR " TOOLTIP=\"x&amp;y -&gt; a "
				     "(10.0.0.1): no &lt;namespace&gt;\">"));
	/* none on the diagonal */
	ck_assert_ptr_null(strstr(dot, "a -&gt; a"));
}
END_TEST

/* v1, v3 and the router on h1, v2 on h2, between them in the file. */
static const char split_lab[] =
	"name: t\n"
	"hosts:\n"
	"  - { name: h1, underlay: 192.0.2.1 }\n"
	"  - { name: h2, underlay: 192.0.2.2 }\n"
	"nodes:\n"
	"  - { name: v1, role: host, host: h1 }\n"
	"  - { name: r, role: router, host: h1 }\n"
	"  - { name: v2, role: host, host: h2 }\n"
	"  - { name: v3, role: host, host: h1 }\n"
	"links:\n"
	"  - endpoints:\n"
	"      - { interface: v1:eth0, address: 10.0.0.1/24 }\n"
	"      - { interface: r:a, address: 10.0.0.2/24 }\n"
	"  - endpoints:\n"
	"      - { interface: v2:eth0, address: 10.0.1.1/24 }\n"
	"      - { interface: r:b, address: 10.0.1.2/24 }\n"
	"  - endpoints:\n"
	"      - { interface: v3:eth0, address: 10.0.2.1/24 }\n"
	"      - { interface: r:c, address: 10.0.2.2/24 }\n";

static struct lab *split_load(const char *host)
{
	struct lab_diags d = { 0 };
	struct lab *lab;
	char why[160];

	lab_dir_make();
	lab = lab_load_text(split_lab, &d);
	lab_dir_remove();
	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	if (host != NULL)
		ck_assert_msg(lab_keep_host(lab, host, why, sizeof(why)), "%s",
			      why);
	return lab;
}

static const struct cell *cell_of(const struct grid *gr, size_t from,
				  size_t to)
{
	return &gr->cells[from * gr->n + to];
}

START_TEST(test_grid_of_one_host_share)
{
	struct lab *lab = split_load("h1");
	struct grid gr;

	ck_assert_int_eq(grid_build(lab, AF_UNSPEC, &gr), 0);
	/* every VM, in the file's order, v2 from the other host's share */
	ck_assert_uint_eq(gr.n, 3);
	ck_assert_str_eq(gr.hosts[0], "v1");
	ck_assert_str_eq(gr.hosts[1], "v2");
	ck_assert_str_eq(gr.hosts[2], "v3");
	/* pinged from here, to either host's VMs */
	ck_assert_str_eq(cell_of(&gr, 0, 1)->addr, "10.0.1.1");
	ck_assert(grid_cell_pinged(&gr, 0 * 3 + 1));
	ck_assert_str_eq(cell_of(&gr, 2, 0)->addr, "10.0.0.1");
	ck_assert(grid_cell_pinged(&gr, 2 * 3 + 0));
	/* v2's row is h2's to ping */
	ck_assert_str_eq(cell_of(&gr, 1, 0)->elsewhere, "h2");
	ck_assert_str_eq(cell_of(&gr, 1, 2)->elsewhere, "h2");
	ck_assert(!grid_cell_pinged(&gr, 1 * 3 + 0));
	ck_assert_str_eq(grid_word(&gr, 1, 2), "elsewhere");
	ck_assert(!grid_cell_pinged(&gr, 0));	/* the diagonal */
	grid_free(&gr);
	lab_free(lab);
}
END_TEST

START_TEST(test_grid_whole_lab)
{
	struct lab *lab = split_load(NULL);
	struct grid gr;
	size_t pinged = 0;

	ck_assert_int_eq(grid_build(lab, AF_UNSPEC, &gr), 0);
	ck_assert_uint_eq(gr.n, 3);
	for (size_t i = 0; i < 9; i++) {
		ck_assert_ptr_null(gr.cells[i].elsewhere);
		pinged += grid_cell_pinged(&gr, i);
	}
	ck_assert_uint_eq(pinged, 6);
	grid_free(&gr);
	/* no IPv6 address anywhere: each cell says why, none is pinged */
	ck_assert_int_eq(grid_build(lab, AF_INET6, &gr), 0);
	ck_assert_str_eq(cell_of(&gr, 0, 2)->error,
			 "node 'v3' has no IPv6 address");
	for (size_t i = 0; i < 9; i++)
		ck_assert(!grid_cell_pinged(&gr, i));
	grid_free(&gr);
	lab_free(lab);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("matrix");
	TCase *tc = tcase_create("dot");
	TCase *tg = tcase_create("grid");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_words);
	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_tooltips);
	tcase_add_test(tc, test_row_elsewhere);
	suite_add_tcase(s, tc);
	tcase_add_test(tg, test_grid_of_one_host_share);
	tcase_add_test(tg, test_grid_whole_lab);
	suite_add_tcase(s, tg);
	return run_suite(s) != 0;
}
