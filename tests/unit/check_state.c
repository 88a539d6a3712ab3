/* SPDX-License-Identifier: ISC */
/* The state file's phases: the names are its format (a daemon of
 * another version, `status` of a dead one, scripts read them). */
#include <check.h>

#include "run/state.h"
#include "unit.h"

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
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
