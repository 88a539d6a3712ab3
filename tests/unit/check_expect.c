/* SPDX-License-Identifier: ISC */
/* Expectations: the reference lab's file as loaded, the errors a bad
 * file gets (FILE:LINE:COL), and the matching rules against traces. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "verdict/expect_match.h"
#include "unit.h"

static struct lab *small_lab(void)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load(TEST_DATADIR "/small.yaml", &d);

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	lab_diags_free(&d);
	return lab;
}

/* Loads text as an expectations file of the small lab; returns the set
 * or NULL with the messages (file name stripped) in *msgs. */
static struct expect_set *load_text(const char *text, struct lab_diags *d)
{
	char path[] = "/tmp/azlab-expect-XXXXXX";
	int fd = mkstemp(path);
	struct lab *lab = small_lab();
	struct expect_set *set;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	memset(d, 0, sizeof(*d));
	set = expect_load(path, lab, d);
	for (size_t i = 0; i < d->n; i++) {
		size_t skip = strlen(path) + 1;

		ck_assert(strncmp(d->msgs[i], path, strlen(path)) == 0);
		memmove(d->msgs[i], d->msgs[i] + skip,
			strlen(d->msgs[i]) - skip + 1);
	}
	unlink(path);
	lab_free(lab);
	return set;
}

static bool has_msg(const struct lab_diags *d, const char *msg)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->msgs[i], msg) == 0)
			return true;
	return false;
}

START_TEST(test_reference_cases)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load(LAB_DIR "/azure-interop.yaml", &d);
	struct expect_set *set;
	const struct expect_case *c;

	ck_assert_ptr_nonnull(lab);
	set = expect_load(LAB_DIR "/azure-interop.expect.yaml", lab, &d);
	ck_assert_msg(set != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	ck_assert_uint_eq(set->n_cases, 31);
	c = expect_find(set, "hub-loc1");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->from, "hub-vm");
	ck_assert_uint_eq(c->n_paths, 1);
	ck_assert_uint_eq(c->paths[0].n_hops, 4);
	ck_assert_uint_eq(c->paths[0].hops[0].n_alt, 3);
	ck_assert_str_eq(c->paths[0].hops[0].alt[2], "10.10.30.134");
	ck_assert(c->paths[0].hops[1].star && c->paths[0].hops[2].star);
	c = expect_find(set, "loc2-hub");
	ck_assert_uint_eq(c->n_paths, 2);
	ck_assert_str_eq(c->rtt, "about 75 ms");
	c = expect_find(set, "branch-loc2");
	ck_assert(c->unreachable && c->n_paths == 0);
	c = expect_find(set, "loc1-hub-failover");
	ck_assert_str_eq(c->shut, "loc1-ce:msee1");
	ck_assert_ptr_null(expect_find(set, "nope"));
	expect_free(set);
	lab_free(lab);
	lab_diags_free(&d);
}
END_TEST

START_TEST(test_errors_have_positions)
{
	struct lab_diags d;
	struct expect_set *set = load_text(
		"cases:\n"
		"  - { id: a, from: vm9, to: 10.0.1.1, path: [10.0.1.1] }\n"
		"  - { id: b, from: vm1, to: r9, path: [10.0.1.1] }\n"
		"  - { id: c, from: vm1, to: r1, path: [10.0.1, \"*\"] }\n"
		"  - { id: a, from: vm1, to: r1, reach: yes }\n"
		"  - { id: e, from: vm1, to: r1, reach: no, path: [r1] }\n"
		"  - { id: f, from: vm1, to: r1, shut: r1:eth7, reach: no }\n"
		"  - { id: g, from: vm1, to: r1, colour: red, reach: no }\n"
		"  - { id: h, from: vm1, to: r1,\n"
		"      path: [1.1.1.1|1.1.1.2|1.1.1.3|1.1.1.4|1.1.1.5] }\n"
		"  - { id: i, from: vm1, to: r1 }\n"
		"  - { id: j, from: vm1, to: r1, paths: [] }\n", &d);

	ck_assert_ptr_null(set);
	ck_assert(has_msg(&d, "2:20: no node 'vm9' in lab small"));
	ck_assert(has_msg(&d, "3:29: 'r9' is neither an address nor a node "
			  "of lab small"));
	ck_assert(has_msg(&d, "4:40: bad hop '10.0.1': expected an address, "
			  "addresses joined by '|', or '*'"));
	ck_assert(has_msg(&d, "4:48: the last hop is the destination: it "
			  "cannot be '*'"));
	ck_assert(has_msg(&d, "5:11: duplicate case 'a' (first at 2:5)"));
	ck_assert(has_msg(&d, "5:40: 'reach' takes only 'no' (a reachable "
			  "case gives its path), not 'yes'"));
	ck_assert(has_msg(&d, "6:5: case 'e': give exactly one of 'path', "
			  "'paths' and 'reach: no'"));
	ck_assert(has_msg(&d, "7:39: node 'r1' has no interface 'eth7'"));
	ck_assert(has_msg(&d, "8:33: unknown key 'colour' in a case"));
	ck_assert(has_msg(&d, "10:14: hop '1.1.1.1|1.1.1.2|1.1.1.3|1.1.1.4|"
			  "1.1.1.5': at most 4 alternative addresses"));
	ck_assert(has_msg(&d, "11:5: case 'i': give exactly one of 'path', "
			  "'paths' and 'reach: no'"));
	ck_assert(has_msg(&d, "12:40: 'paths' needs at least one path"));
	lab_diags_free(&d);
}
END_TEST

START_TEST(test_empty_and_missing)
{
	struct lab_diags d;

	ck_assert_ptr_null(load_text("", &d));
	ck_assert(has_msg(&d, "1:1: the expectations file is empty"));
	lab_diags_free(&d);
	ck_assert_ptr_null(load_text("case: []\n", &d));
	ck_assert(has_msg(&d, "1:1: unknown key 'case' at top level"));
	ck_assert(has_msg(&d, "1:1: missing required key 'cases' at top "
			  "level"));
	lab_diags_free(&d);
	ck_assert_ptr_null(load_text("cases: [\n", &d));
	ck_assert_uint_ge(d.n, 1);
	ck_assert(strstr(d.msgs[0], "syntax error") != NULL);
	lab_diags_free(&d);
}
END_TEST

/* A trace from "a, *, b" (NULL for *), reached unless told. */
static void make_trace(struct trace_result *r, const char *const *hops,
		       size_t n, bool reached)
{
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < n; i++) {
		r->hops[i].ttl = (int)i + 1;
		if (hops[i] != NULL) {
			snprintf(r->hops[i].addr[0], PROBE_ADDR_MAX, "%s",
				 hops[i]);
			r->hops[i].n_addrs = 1;
		}
	}
	r->n_hops = n;
	r->reached = reached;
}

static struct expect_set *pair_cases(void)
{
	struct lab_diags d;
	struct expect_set *set = load_text(
		"cases:\n"
		"  - id: alt\n"
		"    from: vm1\n"
		"    to: 10.0.3.10\n"
		"    path: [10.0.1.1|10.0.1.2, \"*\", 10.0.3.10]\n"
		"  - id: pair\n"
		"    from: vm1\n"
		"    to: 10.0.3.10\n"
		"    paths:\n"
		"      - [10.0.1.1, 10.0.9.1, 10.0.3.10]\n"
		"      - [10.0.1.2, 10.0.9.2, 10.0.3.10]\n", &d);

	ck_assert_msg(set != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	lab_diags_free(&d);
	return set;
}

START_TEST(test_match_rules)
{
	struct expect_set *set = pair_cases();
	const struct expect_case *alt = expect_find(set, "alt");
	const struct expect_case *pair = expect_find(set, "pair");
	const char *ok1[] = { "10.0.1.2", NULL, "10.0.3.10" };
	const char *answered[] = { "10.0.1.1", "172.16.1.2", "10.0.3.10" };
	const char *longer[] = { "10.0.1.1", NULL, NULL, "10.0.3.10" };
	const char *mixed[] = { "10.0.1.1", "10.0.9.2", "10.0.3.10" };
	const char *second[] = { "10.0.1.2", "10.0.9.2", "10.0.3.10" };
	struct trace_result *r = malloc(sizeof(*r));
	char diff[256];

	make_trace(r, ok1, 3, true);
	ck_assert_int_eq(expect_trace_match(alt, r), 0);
	make_trace(r, ok1, 3, false);
	ck_assert_int_eq(expect_trace_match(alt, r), -1);
	make_trace(r, answered, 3, true);
	ck_assert_int_eq(expect_trace_match(alt, r), -1);
	expect_diff(alt, r, diff, sizeof(diff));
	ck_assert_str_eq(diff, "hop 2: expected *, seen 172.16.1.2");
	make_trace(r, longer, 4, true);
	ck_assert_int_eq(expect_trace_match(alt, r), -1);
	expect_diff(alt, r, diff, sizeof(diff));
	ck_assert_str_eq(diff, "hop 3: expected 10.0.3.10, seen *");
	make_trace(r, mixed, 3, true);
	ck_assert_int_eq(expect_trace_match(pair, r), -1);
	make_trace(r, second, 3, true);
	ck_assert_int_eq(expect_trace_match(pair, r), 1);
	make_trace(r, second, 2, true);
	expect_diff(pair, r, diff, sizeof(diff));
	ck_assert_str_eq(diff, "2 hops, expected 3");
	strcpy(r->hops[1].note, "!H");
	make_trace(r, second, 3, true);
	strcpy(r->hops[2].note, "!H");
	ck_assert_int_eq(expect_trace_match(pair, r), -1);
	free(r);
	expect_free(set);
}
END_TEST

START_TEST(test_path_strings)
{
	struct expect_set *set = pair_cases();
	const char *hops[] = { "10.0.1.2", NULL, "10.0.3.10" };
	struct trace_result *r = malloc(sizeof(*r));
	char buf[256];

	expect_path_str(&expect_find(set, "alt")->paths[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "10.0.1.1|10.0.1.2, *, 10.0.3.10");
	make_trace(r, hops, 3, true);
	trace_path_str(r, buf, sizeof(buf));
	ck_assert_str_eq(buf, "10.0.1.2, *, 10.0.3.10");
	make_trace(r, hops, 0, false);
	trace_path_str(r, buf, sizeof(buf));
	ck_assert_str_eq(buf, "no hop");
	free(r);
	expect_free(set);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("expect");
	TCase *tc = tcase_create("expect");

	tcase_add_test(tc, test_reference_cases);
	tcase_add_test(tc, test_errors_have_positions);
	tcase_add_test(tc, test_empty_and_missing);
	tcase_add_test(tc, test_match_rules);
	tcase_add_test(tc, test_path_strings);
	suite_add_tcase(s, tc);
	return run_suite(s) == 0 ? 0 : 1;
}
