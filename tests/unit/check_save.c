/* SPDX-License-Identifier: ISC */
/* `azlab save`'s file names: the default folder, stamped with the local
 * time, and running/NODE.SUFFIX for what describes the running lab. */
#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <time.h>

#include "unit.h"
#include "cli/cli.h"

START_TEST(default_folder)
{
	char buf[PATH_MAX], small[24];
	time_t when = 1700000000;	/* 2023-11-14 22:13:20 UTC */

	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert_int_eq(cli_save_dir_name(buf, sizeof(buf), "azure-interop",
					   when), 0);
	ck_assert_str_eq(buf, "azlab-save-azure-interop-20231114-221320");
	ck_assert_int_eq(cli_save_dir_name(small, sizeof(small),
					   "azure-interop", when), -1);
}
END_TEST

START_TEST(running_names)
{
	char buf[PATH_MAX], small[12];

	ck_assert_int_eq(cli_save_running_name(buf, sizeof(buf), "hub-vm",
					       "routes.txt"), 0);
	ck_assert_str_eq(buf, "running/hub-vm.routes.txt");
	ck_assert_int_eq(cli_save_running_name(buf, sizeof(buf), "hub-vpngw",
					       "ipsec.txt"), 0);
	ck_assert_str_eq(buf, "running/hub-vpngw.ipsec.txt");
	ck_assert_int_eq(cli_save_running_name(small, sizeof(small), "hub-vm",
					       "routes.txt"), -1);
}
END_TEST

START_TEST(trimmed_folder)
{
	char buf[PATH_MAX];

	ck_assert_int_eq(cli_save_dir_trim(buf, sizeof(buf), "out//"), 0);
	ck_assert_str_eq(buf, "out");
	ck_assert_int_eq(cli_save_dir_trim(buf, sizeof(buf), "/"), 0);
	ck_assert_str_eq(buf, "/");
	ck_assert_int_eq(cli_save_dir_trim(buf, 3, "abc"), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("save");
	TCase *tc = tcase_create("names");

	tcase_add_test(tc, default_folder);
	tcase_add_test(tc, running_names);
	tcase_add_test(tc, trimmed_folder);
	suite_add_tcase(s, tc);
	return run_suite(s) == 0 ? 0 : 1;
}
