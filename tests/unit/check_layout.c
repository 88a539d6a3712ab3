/* SPDX-License-Identifier: ISC */
/* Where `azlab save` puts a lab's files (model/lab_layout.h): the lab
 * file's relative layout mirrored, absolute paths left without a place. */
#include <check.h>
#include <limits.h>
#include <stdlib.h>

#include "unit.h"
#include "model/lab_layout.h"

static void assert_norm(const char *path, const char *want, unsigned ups)
{
	char out[PATH_MAX];
	unsigned got_ups;

	ck_assert_int_eq(lab_path_normalize(path, out, sizeof(out), &got_ups),
			 0);
	ck_assert_str_eq(out, want);
	ck_assert_uint_eq(got_ups, ups);
}

START_TEST(normalize_lexically)
{
	assert_norm("a/./b/../c", "a/c", 0);
	assert_norm("../frr-configs/x.conf", "frr-configs/x.conf", 1);
	assert_norm("../../a//b/", "a/b", 2);
	assert_norm("a/../../b", "b", 1);
	assert_norm(".", "", 0);
	assert_norm("/work/main/lab/../frr", "/work/main/frr", 0);
	assert_norm("/../x", "/x", 0);
}
END_TEST

START_TEST(normalize_too_long)
{
	char out[4];
	unsigned ups;

	ck_assert_int_eq(lab_path_normalize("abcdef", out, sizeof(out), &ups),
			 -1);
}
END_TEST

START_TEST(tail_components)
{
	char out[PATH_MAX];

	ck_assert_int_eq(lab_path_tail("/work/main/lab", 1, out, sizeof(out)),
			 0);
	ck_assert_str_eq(out, "lab");
	ck_assert_int_eq(lab_path_tail("/work/main/lab/", 2, out, sizeof(out)),
			 0);
	ck_assert_str_eq(out, "main/lab");
	ck_assert_int_eq(lab_path_tail("/work/main/lab", 0, out, sizeof(out)),
			 0);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(lab_path_tail("/work", 2, out, sizeof(out)), -1);
}
END_TEST

static struct lab_node node_a = {
	.name = "a", .frr_config = "/w/frr-configs/a.conf",
	.frr_written = "../frr-configs/a.conf",
	.ipsec_config = "/etc/swanctl/a.conf",
	.ipsec_written = "/etc/swanctl/a.conf",
};
static struct lab_node node_b = {
	.name = "b", .frr_config = "/w/lab/b.conf", .frr_written = "./b.conf",
};
static struct lab_node *nodes[] = { &node_a, &node_b };

START_TEST(layout_mirrors_the_lab)
{
	struct lab lab = {
		.file = "/w/lab/t.yaml", .nodes = nodes, .n_nodes = 2,
		.expectations = "/w/lab/t.expect.yaml",
		.expectations_written = "t.expect.yaml",
	};
	struct lab_layout lo;

	ck_assert_int_eq(lab_layout_make(&lab, &lo), 0);
	ck_assert_str_eq(lo.lab_rel, "lab/t.yaml");
	ck_assert_uint_eq(lo.n, 4);
	ck_assert_str_eq(lo.files[0].what, "expectations");
	ck_assert_str_eq(lo.files[0].rel, "lab/t.expect.yaml");
	ck_assert_str_eq(lo.files[1].what, "frr");
	ck_assert_ptr_eq(lo.files[1].node, &node_a);
	ck_assert_str_eq(lo.files[1].rel, "frr-configs/a.conf");
	/* an absolute path has no place in the folder */
	ck_assert_str_eq(lo.files[2].what, "ipsec");
	ck_assert_ptr_null(lo.files[2].rel);
	ck_assert_str_eq(lo.files[3].rel, "lab/b.conf");
	lab_layout_free(&lo);
}
END_TEST

/* No "../": the lab file goes at the top; a path climbing above the
 * file system's root has no place. */
START_TEST(layout_flat_and_above_root)
{
	static struct lab_node deep = {
		.name = "d", .frr_config = "/x.conf",
		.frr_written = "../../../x.conf",
	};
	static struct lab_node *one[] = { &deep };
	struct lab flat = { .file = "/w/t.yaml" };
	struct lab high = { .file = "/w/t.yaml", .nodes = one, .n_nodes = 1 };
	struct lab_layout lo;

	ck_assert_int_eq(lab_layout_make(&flat, &lo), 0);
	ck_assert_str_eq(lo.lab_rel, "t.yaml");
	ck_assert_uint_eq(lo.n, 0);
	lab_layout_free(&lo);
	ck_assert_int_eq(lab_layout_make(&high, &lo), 0);
	ck_assert_str_eq(lo.lab_rel, "w/t.yaml");
	ck_assert_ptr_null(lo.files[0].rel);
	lab_layout_free(&lo);
}
END_TEST

/* The reference lab, loaded: the paths as written reach the layout. */
START_TEST(layout_of_the_reference_lab)
{
	struct lab_diags diags = { 0 };
	struct lab *lab = lab_load(LAB_DIR "/azure-interop.yaml", &diags);
	struct lab_layout lo;
	const struct lab_layout_file *hub = NULL;

	ck_assert_ptr_nonnull(lab);
	ck_assert_int_eq(lab_layout_make(lab, &lo), 0);
	ck_assert_str_eq(lo.lab_rel, "lab/azure-interop.yaml");
	ck_assert_str_eq(lo.files[0].rel, "lab/azure-interop.expect.yaml");
	for (size_t i = 0; i < lo.n; i++)
		if (lo.files[i].node != NULL &&
		    strcmp(lo.files[i].node->name, "hub-vpngw") == 0 &&
		    strcmp(lo.files[i].what, "ipsec") == 0)
			hub = &lo.files[i];
	ck_assert_ptr_nonnull(hub);
	ck_assert_str_eq(hub->written, "../ipsec-configs/hub-vpngw.conf");
	ck_assert_str_eq(hub->rel, "ipsec-configs/hub-vpngw.conf");
	lab_layout_free(&lo);
	lab_free(lab);
	lab_diags_free(&diags);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, normalize_lexically);
	tcase_add_test(tc, normalize_too_long);
	tcase_add_test(tc, tail_components);
	tcase_add_test(tc, layout_mirrors_the_lab);
	tcase_add_test(tc, layout_flat_and_above_root);
	tcase_add_test(tc, layout_of_the_reference_lab);
	suite_add_tcase(s, tc);
	return run_suite(s) == 0 ? 0 : 1;
}
