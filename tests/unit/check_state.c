/* SPDX-License-Identifier: ISC */
/* The state file's phases: the names are its format (a daemon of
 * another version, `status` of a dead one, scripts read them). */
#include <check.h>

#include "core/instance.h"
#include "run/state.h"
#include "unit.h"

static void use_run_dir(char *dir)
{
	struct instance_config c = { .run_dir = { dir, "--run-dir" },
				     .ns_prefix = { "azst-", "--ns-prefix" } };
	struct azerr e;

	ck_assert_msg(instance_apply(&c, &e) == 0, "%s", e.msg);
}

/* A run directory that holds someone else's files is refused at up, and
 * down leaves those files alone: it removes only what azlab made. */
START_TEST(test_run_dir_not_azlabs)
{
	char dir[] = "/tmp/azlab-victim-XXXXXX", file[64], msg[160];
	struct azerr e;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/precious", dir);
	ck_assert_ptr_nonnull(f = fopen(file, "w"));
	fclose(f);
	use_run_dir(dir);
	ck_assert_int_eq(state_dir_ensure(&e), -1);
	snprintf(msg, sizeof(msg), "%s is not azlab's (it holds files, and "
		 "not %s/.azlab-run-dir): choose another run directory", dir,
		 dir);
	ck_assert_str_eq(e.msg, msg);
	state_remove_all();
	ck_assert_int_eq(access(file, F_OK), 0);
	ck_assert_int_eq(unlink(file), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* One azlab made (or found empty) is its own: down removes all of it. */
START_TEST(test_run_dir_azlabs)
{
	char dir[] = "/tmp/azlab-own-XXXXXX", file[64];
	struct azerr e;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	use_run_dir(dir);
	ck_assert_int_eq(state_dir_ensure(&e), 0);
	snprintf(file, sizeof(file), "%s/left-by-a-daemon", dir);
	ck_assert_ptr_nonnull(f = fopen(file, "w"));
	fclose(f);
	ck_assert_int_eq(state_dir_ensure(&e), 0);	/* marked: still ours */
	state_remove_all();
	ck_assert_int_eq(access(dir, F_OK), -1);
}
END_TEST

START_TEST(test_phase_names)
{
	ck_assert_str_eq(lab_phase_name(PHASE_BUILDING), "building");
	ck_assert_str_eq(lab_phase_name(PHASE_UP), "up");
	ck_assert_str_eq(lab_phase_name(PHASE_STOPPING), "stopping");
	ck_assert_str_eq(lab_phase_name(PHASE_UNKNOWN), "");
}
END_TEST

START_TEST(test_phase_roundtrip)
{
	for (int p = PHASE_UNKNOWN; p <= PHASE_STOPPING; p++)
		ck_assert_int_eq(lab_phase_parse(lab_phase_name(p)), p);
}
END_TEST

START_TEST(test_phase_unknown)
{
	ck_assert_int_eq(lab_phase_parse("Up"), PHASE_UNKNOWN);
	ck_assert_int_eq(lab_phase_parse("stopping "), PHASE_UNKNOWN);
	ck_assert_int_eq(lab_phase_parse("s"), PHASE_UNKNOWN);
	ck_assert_str_eq(lab_phase_name((enum lab_phase)99), "");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("state");
	TCase *tc = tcase_create("phase");

	tcase_add_test(tc, test_phase_names);
	tcase_add_test(tc, test_phase_roundtrip);
	tcase_add_test(tc, test_phase_unknown);
	tcase_add_test(tc, test_run_dir_not_azlabs);
	tcase_add_test(tc, test_run_dir_azlabs);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
