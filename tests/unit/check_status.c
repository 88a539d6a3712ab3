/* SPDX-License-Identifier: ISC */
/* The `status --json` document when no daemon answers: the same bytes
 * whether the CLI or anything else writes it, and what scripts read
 * (docs/cli.md): phase "none" with no state, "stale" with a dead
 * daemon's. */
#include <check.h>
#include <stdlib.h>

#include "daemon/status.h"
#include "unit.h"

/* What status_render_not_running writes for st. */
static char *not_running(const struct lab_state *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	status_render_not_running(st, f);
	fclose(f);
	return buf;
}

START_TEST(test_no_state)
{
	char *doc = not_running(NULL);

	ck_assert_str_eq(doc, "{\"lab\":null,\"phase\":\"none\",\"daemon\":"
			 "{\"pid\":null,\"running\":false},\"nodes\":[]}\n");
	free(doc);
}
END_TEST

START_TEST(test_dead_daemon)
{
	struct lab_state st = { .pid = 4242 };
	char *doc;

	snprintf(st.lab, sizeof(st.lab), "we\"ird\\lab");
	st.phase = PHASE_UP;
	doc = not_running(&st);
	ck_assert_str_eq(doc, "{\"lab\":\"we\\\"ird\\\\lab\",\"phase\":"
			 "\"stale\",\"daemon\":{\"pid\":4242,\"running\":"
			 "false},\"nodes\":[]}\n");
	free(doc);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("status");
	TCase *tc = tcase_create("status");

	tcase_add_test(tc, test_no_state);
	tcase_add_test(tc, test_dead_daemon);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
