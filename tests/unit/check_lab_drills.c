/* SPDX-License-Identifier: ISC */
/* The lab's `expectations:` and `drills:` keys: what a valid drill
 * becomes in the model (defaults, the expectations file made absolute,
 * `azlab check -v`), and each mistake with its exact message and place. */
#include "lab_test.h"

/* the expectations file the valid labs name, next to the lab file */
static char expect_path[sizeof(lab_dir) + 32];

static void dir_make(void)
{
	FILE *f;

	lab_dir_make();
	snprintf(expect_path, sizeof(expect_path), "%s/x.expect.yaml",
		 lab_dir);
	f = fopen(expect_path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fclose(f), 0);
}

static void dir_remove(void)
{
	unlink(expect_path);
	lab_dir_remove();
}

/* a host, a router and a link: a:eth0 exists to be shut */
#define LAB NODES_AB LINK_AB
#define DRILL(fields) \
	"drills:\n" \
	"  - { name: d1, from: a, to: b, shut: 'b:eth0', during: x, " \
	"after: y" fields " }\n"

static const struct error_case cases[] = {
	{ "expectations_missing_file",
	  "9:15: expectations file 'nope.yaml': No such file or directory",
	  LAB
	  "expectations: nope.yaml\n" },
	{ "expectations_empty",
	  "9:14: 'expectations' needs a file name",
	  LAB
	  "expectations:\n" },
	{ "expectations_not_scalar",
	  "9:15: 'expectations' must be a scalar, not a list",
	  LAB
	  "expectations: [a, b]\n" },
	{ "drills_not_list",
	  "9:9: 'drills' must be a list, not a mapping",
	  LAB
	  "drills: { name: d1 }\n" },
	{ "drill_not_mapping",
	  "10:5: each drill must be a mapping, not a scalar",
	  LAB
	  "drills:\n"
	  "  - d1\n" },
	{ "drill_unknown_key",
	  "10:70: unknown key 'shutdown' in a drill",
	  LAB
	  DRILL(", shutdown: yes") },
	{ "drill_missing_shut",
	  "10:5: a drill needs 'shut: NODE:IFACE' or 'fail: NODE'",
	  LAB
	  "drills:\n"
	  "  - { name: d1, from: a, to: b, during: x, after: y }\n" },
	{ "drill_missing_name",
	  "10:5: missing required key 'name' in a drill",
	  LAB
	  "drills:\n"
	  "  - { from: a, to: b, shut: 'b:eth0', during: x, after: y }\n" },
	{ "drill_bad_name",
	  "10:13: bad drill name 'D 1': use a-z, 0-9 and '-', start with a "
	  "letter or digit, at most 32 characters",
	  LAB
	  "drills:\n"
	  "  - { name: D 1, from: a, to: b, shut: 'b:eth0', during: x, "
	  "after: y }\n" },
	{ "drill_duplicate",
	  "11:13: duplicate drill 'd1' (first at 10:13)",
	  LAB
	  DRILL("")
	  "  - { name: d1, from: b, to: a, shut: 'a:eth0', during: x, "
	  "after: y }\n" },
	{ "drill_unknown_from",
	  "10:23: unknown node 'c' in 'from'",
	  LAB
	  "drills:\n"
	  "  - { name: d1, from: c, to: b, shut: 'b:eth0', during: x, "
	  "after: y }\n" },
	{ "drill_bad_to",
	  "10:30: bad 'to' 'nowhere': neither an address nor a node of the "
	  "lab",
	  LAB
	  "drills:\n"
	  "  - { name: d1, from: a, to: nowhere, shut: 'b:eth0', during: x, "
	  "after: y }\n" },
	{ "drill_shut_and_fail",
	  "10:76: a drill has 'shut' or 'fail', not both",
	  LAB
	  DRILL(", fail: b") },
	{ "drill_fail_unknown_node",
	  "10:39: unknown node 'c' in 'fail'",
	  LAB
	  "drills:\n"
	  "  - { name: d1, from: a, to: b, fail: c, during: x, after: y }\n" },
	{ "drill_watch_unknown_node",
	  "10:77: unknown node 'z' in 'watch'",
	  LAB
	  DRILL(", watch: z") },
	{ "drill_shut_no_colon",
	  "10:39: bad 'shut' 'b': expected node:interface",
	  LAB
	  "drills:\n"
	  "  - { name: d1, from: a, to: b, shut: b, during: x, after: y }\n" },
	{ "drill_shut_unknown_node",
	  "10:39: unknown node 'c' in 'shut' 'c:eth0'",
	  LAB
	  "drills:\n"
	  "  - { name: d1, from: a, to: b, shut: 'c:eth0', during: x, "
	  "after: y }\n" },
	{ "drill_shut_unknown_iface",
	  "10:39: node 'b' has no interface 'eth9' (in 'shut')",
	  LAB
	  "drills:\n"
	  "  - { name: d1, from: a, to: b, shut: 'b:eth9', during: x, "
	  "after: y }\n" },
	{ "drill_empty_during",
	  "10:57: 'during' must not be empty",
	  LAB
	  "drills:\n"
	  "  - { name: d1, from: a, to: b, shut: 'b:eth0', during: '', "
	  "after: y }\n" },
	{ "drill_interval_no_unit",
	  "10:80: bad interval '10': expected 1ms to 1000ms",
	  LAB
	  DRILL(", interval: 10") },
	{ "drill_interval_too_long",
	  "10:80: bad interval '2s': expected 1ms to 1000ms",
	  LAB
	  DRILL(", interval: 2s") },
	{ "drill_interval_zero",
	  "10:80: bad interval '0ms': expected 1ms to 1000ms",
	  LAB
	  DRILL(", interval: 0ms") },
	{ "drill_timeout_fraction",
	  "10:79: bad timeout '1500ms': expected whole seconds from 1s to "
	  "600s",
	  LAB
	  DRILL(", timeout: 1500ms") },
	{ "drill_timeout_too_long",
	  "10:79: bad timeout '601s': expected whole seconds from 1s to "
	  "600s",
	  LAB
	  DRILL(", timeout: 601s") },
};

START_TEST(test_error)
{
	assert_error_case(&cases[_i]);
}
END_TEST

START_TEST(test_valid)
{
	static const char text[] =
		LAB
		"expectations: x.expect.yaml\n"
		"drills:\n"
		"  - name: d1\n"
		"    description: b's link down\n"
		"    from: a\n"
		"    to: 10.0.0.2\n"
		"    shut: b:eth0\n"
		"    during: x-failover\n"
		"    after: x\n"
		"  - { name: d2, from: b, to: a, shut: 'a:eth0', during: p, "
		"after: q, interval: 2ms, timeout: 5s }\n";
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load_text(text, &d);
	const struct lab_drill *d1, *d2;
	char real[PATH_MAX];

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	ck_assert_ptr_nonnull(realpath(expect_path, real));
	ck_assert_str_eq(lab->expectations, real);
	ck_assert_uint_eq(lab->n_drills, 2);
	d1 = lab_find_drill(lab, "d1");
	d2 = lab_find_drill(lab, "d2");
	ck_assert_ptr_null(lab_find_drill(lab, "d3"));
	ck_assert_ptr_nonnull(d1);
	ck_assert_ptr_nonnull(d2);
	ck_assert_str_eq(d1->description, "b's link down");
	ck_assert_str_eq(d1->from->name, "a");
	ck_assert_str_eq(d1->to, "10.0.0.2");
	ck_assert_str_eq(d1->shut->node->name, "b");
	ck_assert_str_eq(d1->shut->name, "eth0");
	ck_assert_str_eq(d1->during, "x-failover");
	ck_assert_str_eq(d1->after, "x");
	ck_assert_uint_eq(d1->interval_ms, 10);	/* the defaults */
	ck_assert_uint_eq(d1->timeout_s, 30);
	ck_assert_uint_eq(d1->pos.line, 11);
	ck_assert_uint_eq(d1->pos.col, 11);
	ck_assert_ptr_null(d2->description);
	ck_assert_uint_eq(d2->interval_ms, 2);
	ck_assert_uint_eq(d2->timeout_s, 5);
	lab_free(lab);
}
END_TEST

START_TEST(test_print)
{
	static const char text[] =
		LAB
		"expectations: x.expect.yaml\n"
		"drills:\n"
		"  - { name: d1, description: 'b down', from: a, to: b, "
		"shut: 'b:eth0', during: x, after: y, interval: 5ms }\n";
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load_text(text, &d);
	char real[PATH_MAX], *buf = NULL, *want, *tail;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	ck_assert_ptr_nonnull(realpath(expect_path, real));
	ck_assert_int_eq(lab_print(lab, out), 0);
	fclose(out);
	ck_assert_int_ge(asprintf(&want, "expectations %s\n"
		"drill d1: from a to b shut b:eth0 during x after y "
		"interval 5ms timeout 30s\n"
		"  description b down\n", real), 0);
	tail = strstr(buf, "expectations ");
	ck_assert_ptr_nonnull(tail);
	ck_assert_str_eq(tail, want);
	free(want);
	free(buf);
	lab_free(lab);
}
END_TEST

/* A fail: drill, with the node whose BGP it watches. */
START_TEST(test_print_fail)
{
	static const char text[] =
		LAB
		"drills:\n"
		"  - { name: d2, from: a, to: b, fail: b, watch: a, "
		"during: x, after: y }\n";
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load_text(text, &d);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	ck_assert_ptr_eq(lab->drills[0]->fail, lab_find_node(lab, "b"));
	ck_assert_ptr_null(lab->drills[0]->shut);
	ck_assert_ptr_eq(lab_drill_watch(lab->drills[0]),
			 lab_find_node(lab, "a"));
	ck_assert_int_eq(lab_print(lab, out), 0);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(buf, "drill d2: from a to b fail b "
				     "during x after y interval 10ms "
				     "timeout 30s\n  watch a\n"));
	free(buf);
	lab_free(lab);
}
END_TEST

/* A drill with several mistakes reports every one, in file order. */
START_TEST(test_every_error)
{
	static const char text[] =
		LAB
		"drills:\n"
		"  - { name: d1, from: c, to: nowhere, shut: 'b', during: x, "
		"after: y, interval: 1h }\n";
	static const char *const want[] = {
		"10:23: unknown node 'c' in 'from'",
		"10:30: bad 'to' 'nowhere': neither an address nor a node of "
		"the lab",
		"10:45: bad 'shut' 'b': expected node:interface",
		"10:81: bad interval '1h': expected 1ms to 1000ms",
	};
	FILE *f = fopen(lab_path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	assert_diags(lab_path, want, sizeof(want) / sizeof(want[0]));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lab_drills");
	TCase *tc = tcase_create("drills");

	tcase_add_checked_fixture(tc, dir_make, dir_remove);
	tcase_add_loop_test(tc, test_error, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_valid);
	tcase_add_test(tc, test_print);
	tcase_add_test(tc, test_print_fail);
	tcase_add_test(tc, test_every_error);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
