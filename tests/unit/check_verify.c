/* SPDX-License-Identifier: ISC */
/* verify's reports: JUnit XML (counts, one testcase per case, escaping)
 * and JSON (parsed back with json-c), from a hand-made run. */
#include <check.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "verdict/verify.h"

static struct expect_hop hops_ok[2], hops_star[3];
static struct expect_path path_ok = { hops_ok, 2 };
static struct expect_path path_star = { hops_star, 3 };
static struct expect_case cases[3];
static struct verify_result results[3];
static struct verify_run run = {
	.lab = "lab1", .results = results, .n = 3, .seconds = 2.5,
};

static void setup(void)
{
	memset(hops_ok, 0, sizeof(hops_ok));
	memset(hops_star, 0, sizeof(hops_star));
	strcpy(hops_ok[0].alt[0], "10.0.0.1");
	strcpy(hops_ok[0].alt[1], "10.0.0.2");
	hops_ok[0].n_alt = 2;
	strcpy(hops_ok[1].alt[0], "10.9.9.9");
	hops_ok[1].n_alt = 1;
	strcpy(hops_star[0].alt[0], "10.0.0.1");
	hops_star[0].n_alt = 1;
	hops_star[1].star = true;
	strcpy(hops_star[2].alt[0], "10.9.9.8");
	hops_star[2].n_alt = 1;
	memset(cases, 0, sizeof(cases));
	memset(results, 0, sizeof(results));
	cases[0] = (struct expect_case){ .id = "good", .from = "a",
		.to = "b", .paths = &path_ok, .n_paths = 1,
		.rtt = "about 75 ms" };
	cases[1] = (struct expect_case){ .id = "bad", .from = "a",
		.to = "c", .paths = &path_star, .n_paths = 1 };
	cases[2] = (struct expect_case){ .id = "gone", .from = "a",
		.to = "d", .unreachable = true };
	for (size_t i = 0; i < 3; i++) {
		results[i].c = &cases[i];
		results[i].path = -1;
		results[i].seconds = 1.25;
	}
	results[0].verdict = VERDICT_MATCH;
	results[0].path = 0;
	strcpy(results[0].trace.hops[0].addr[0], "10.0.0.2");
	results[0].trace.hops[0].n_addrs = 1;
	strcpy(results[0].trace.hops[1].addr[0], "10.9.9.9");
	results[0].trace.hops[1].n_addrs = 1;
	results[0].trace.hops[1].rtt_ms = 75.5;
	results[0].trace.n_hops = 2;
	results[0].trace.reached = true;
	results[1].verdict = VERDICT_MISMATCH;
	strcpy(results[1].detail, "hop 2: expected *, seen <1&2> \"q\"");
	results[1].trace.n_hops = 0;
	results[2].verdict = VERDICT_ERROR;
	strcpy(results[2].detail, "ping failed");
}

static char *render(void (*fn)(const struct verify_run *, FILE *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	fn(&run, f);
	fclose(f);
	return buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p != NULL;
	     p = strstr(p + 1, needle))
		n++;
	return n;
}

START_TEST(test_junit)
{
	char *x = render(verify_write_junit);

	ck_assert(strncmp(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
			  39) == 0);
	ck_assert(strstr(x, "<testsuites name=\"azlab verify\" tests=\"3\" "
			 "failures=\"1\" errors=\"1\" time=\"2.500\">") != NULL);
	ck_assert(strstr(x, "<testsuite name=\"lab1\" tests=\"3\" "
			 "failures=\"1\" errors=\"1\"") != NULL);
	ck_assert_uint_eq(count(x, "<testcase "), 3);
	ck_assert_uint_eq(count(x, "</testcase>"), 3);
	ck_assert(strstr(x, "<testcase name=\"good\" classname=\"azlab.lab1\" "
			 "time=\"1.250\">") != NULL);
	ck_assert(strstr(x, "<failure message=\"hop 2: expected *, seen "
			 "&lt;1&amp;2&gt; &quot;q&quot;\" type=\"mismatch\">"
			 "expected: 10.0.0.1, *, 10.9.9.8\nseen: no hop"
			 "</failure>") != NULL);
	ck_assert(strstr(x, "<error message=\"ping failed\" type=\"error\">")
		  != NULL);
	ck_assert_uint_eq(count(x, "<failure"), 1);
	ck_assert(strstr(x, "a -&gt; b\nexpected: 10.0.0.1|10.0.0.2, "
			 "10.9.9.9\nseen: 10.0.0.2, 10.9.9.9</system-out>")
		  != NULL);
	free(x);
}
END_TEST

START_TEST(test_json)
{
	char *text = render(verify_write_json);
	json_object *o = json_tokener_parse(text), *cs, *c, *v;

	ck_assert_msg(o != NULL, "not JSON: %s", text);
	ck_assert(json_object_object_get_ex(o, "total", &v));
	ck_assert_int_eq(json_object_get_int(v), 3);
	ck_assert(json_object_object_get_ex(o, "matched", &v));
	ck_assert_int_eq(json_object_get_int(v), 1);
	ck_assert(json_object_object_get_ex(o, "cases", &cs));
	ck_assert_uint_eq(json_object_array_length(cs), 3);
	c = json_object_array_get_idx(cs, 0);
	ck_assert(json_object_object_get_ex(c, "verdict", &v));
	ck_assert_str_eq(json_object_get_string(v), "match");
	ck_assert(json_object_object_get_ex(c, "expected", &v));
	/* paths -> hops -> alternatives */
	v = json_object_array_get_idx(json_object_array_get_idx(v, 0), 0);
	ck_assert_str_eq(json_object_get_string(
		json_object_array_get_idx(v, 1)), "10.0.0.2");
	ck_assert(json_object_object_get_ex(c, "articleRtt", &v));
	ck_assert_str_eq(json_object_get_string(v), "about 75 ms");
	c = json_object_array_get_idx(cs, 2);
	ck_assert(json_object_object_get_ex(c, "expected", &v));
	ck_assert_str_eq(json_object_get_string(v), "unreachable");
	ck_assert(json_object_object_get_ex(c, "seen", &v));
	ck_assert(json_object_is_type(v, json_type_null));
	json_object_put(o);
	free(text);
}
END_TEST

static void table(const struct verify_run *r, FILE *f)
{
	verify_print_table(r, f);
}

START_TEST(test_table)
{
	char *t = render(table);

	ck_assert(strstr(t, "ok       good expected: 10.0.0.1|10.0.0.2, "
			 "10.9.9.9\n") != NULL);
	ck_assert(strstr(t, "seen: 10.0.0.2, 10.9.9.9  (75.5 ms; article: "
			 "about 75 ms)\n") != NULL);
	ck_assert(strstr(t, "MISMATCH bad  expected: 10.0.0.1, *, "
			 "10.9.9.8\n") != NULL);
	ck_assert(strstr(t, "diff: ping failed\n") != NULL);
	ck_assert(strstr(t, "1/3 matching (1 mismatch, 1 error) in 2.5 s\n")
		  != NULL);
	free(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("verify");
	TCase *tc = tcase_create("reports");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_junit);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_table);
	suite_add_tcase(s, tc);
	return run_suite(s) == 0 ? 0 : 1;
}
