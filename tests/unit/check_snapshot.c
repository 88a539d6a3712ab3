/* SPDX-License-Identifier: ISC */
/* The running lab's snapshot: what `up` read is copied under a root, and
 * the copy loads as the same lab even after the user edits the files. */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "daemon/snapshot.h"
#include "model/expect.h"
#include "model/lab.h"

static char src[64], root[64];
static char lab_file[PATH_MAX], frr_file[PATH_MAX], exp_file[PATH_MAX];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* src/lab/t.yaml names ../conf/r.conf (relative) and an expectations
 * file by its absolute path. */
static void setup(void)
{
	char dir[PATH_MAX], text[PATH_MAX + 512];

	snprintf(src, sizeof(src), "/tmp/azlab-snapsrc-XXXXXX");
	snprintf(root, sizeof(root), "/tmp/azlab-snaproot-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(src));
	ck_assert_ptr_nonnull(mkdtemp(root));
	snprintf(dir, sizeof(dir), "%s/lab", src);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	snprintf(dir, sizeof(dir), "%s/conf", src);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	snprintf(lab_file, sizeof(lab_file), "%s/lab/t.yaml", src);
	snprintf(frr_file, sizeof(frr_file), "%s/conf/r.conf", src);
	snprintf(exp_file, sizeof(exp_file), "%s/conf/t.expect.yaml", src);
	write_file(frr_file, "router bgp 65001\n");
	write_file(exp_file, "cases:\n  - { id: c, from: h, to: r, reach: no }\n");
	snprintf(text, sizeof(text),
		 "name: t\n"
		 "expectations: %s\n"
		 "nodes:\n"
		 "  - { name: h, role: host }\n"
		 "  - { name: r, role: router, frr: ../conf/r.conf }\n"
		 "links:\n"
		 "  - endpoints:\n"
		 "      - { interface: h:eth0, address: 10.0.0.1/24 }\n"
		 "      - { interface: r:eth0, address: 10.0.0.2/24 }\n",
		 exp_file);
	write_file(lab_file, text);
}

static void teardown(void)
{
	rm_tree(src);
	rm_tree(root);
}

static struct lab *load(const char *path)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load(path, &d);

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	lab_diags_free(&d);
	return lab;
}

static struct lab *take_and_load(void)
{
	struct lab *orig = load(lab_file);
	struct lab_diags d = { 0 };
	struct azerr e;
	struct lab *copy;

	ck_assert_msg(snapshot_take(orig, lab_file, root, &e) == 0, "%s",
		      e.msg);
	lab_free(orig);
	copy = lab_load_under(root, lab_file, &d);
	ck_assert_msg(copy != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	lab_diags_free(&d);
	return copy;
}

static void assert_under_root(const char *path, const char *origin)
{
	char want[PATH_MAX];

	snprintf(want, sizeof(want), "%s%s", root, origin);
	ck_assert_str_eq(path, want);
}

START_TEST(test_copy_loads_as_the_lab)
{
	struct lab *lab = take_and_load();
	const struct lab_node *r = lab_find_node(lab, "r");

	ck_assert_str_eq(lab->file, lab_file);
	ck_assert_str_eq(lab->root, root);
	ck_assert_uint_eq(lab->n_nodes, 2);
	/* relative and absolute paths both lead to the copies */
	assert_under_root(r->frr_config, frr_file);
	assert_under_root(lab->expectations, exp_file);
	ck_assert_str_eq(lab_path_origin(lab, r->frr_config), frr_file);
	ck_assert_str_eq(lab_path_origin(lab, lab->expectations), exp_file);
	lab_free(lab);
}
END_TEST

/* what the user reads names the file they know */
START_TEST(test_copy_of_expectations_named_as_the_original)
{
	struct lab *lab = take_and_load();
	struct lab_diags d = { 0 };
	struct expect_set *set = expect_load(lab->expectations, lab, &d);

	ck_assert_msg(set != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	ck_assert_str_eq(set->file, exp_file);
	ck_assert_uint_eq(set->n_cases, 1);
	expect_free(set);
	lab_free(lab);
}
END_TEST

START_TEST(test_edits_after_up_do_not_reach_the_copy)
{
	struct lab *lab = take_and_load();
	const struct lab_node *r = lab_find_node(lab, "r");
	char *text;

	write_file(frr_file, "router bgp 65099\n");
	write_file(lab_file, "name: edited\nnodes: [\n");
	lab_free(lab);
	lab = lab_load_under(root, lab_file, &(struct lab_diags){ 0 });
	ck_assert_ptr_nonnull(lab);
	ck_assert_str_eq(lab->name, "t");
	r = lab_find_node(lab, "r");
	text = file_read(r->frr_config, NULL);
	ck_assert_str_eq(text, "router bgp 65001\n");
	free(text);
	lab_free(lab);
}
END_TEST

START_TEST(test_taking_again_starts_afresh)
{
	char stale[PATH_MAX];

	snprintf(stale, sizeof(stale), "%s/stale", root);
	write_file(stale, "from an earlier lab\n");
	lab_free(take_and_load());
	ck_assert_int_eq(access(stale, F_OK), -1);
}
END_TEST

START_TEST(test_a_plain_load_has_no_root)
{
	struct lab *lab = load(lab_file);
	const struct lab_node *r = lab_find_node(lab, "r");

	ck_assert_ptr_null(lab->root);
	ck_assert_str_eq(lab_path_origin(lab, r->frr_config), frr_file);
	lab_free(lab);
}
END_TEST

START_TEST(test_missing_copy_fails_the_load)
{
	struct lab_diags d = { 0 };

	ck_assert_ptr_null(lab_load_under(root, lab_file, &d));
	ck_assert_uint_ge(d.n, 1);
	lab_diags_free(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("snapshot");
	TCase *tc = tcase_create("snapshot");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_copy_loads_as_the_lab);
	tcase_add_test(tc, test_copy_of_expectations_named_as_the_original);
	tcase_add_test(tc, test_edits_after_up_do_not_reach_the_copy);
	tcase_add_test(tc, test_taking_again_starts_afresh);
	tcase_add_test(tc, test_a_plain_load_has_no_root);
	tcase_add_test(tc, test_missing_copy_fails_the_load);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
