/* SPDX-License-Identifier: ISC */
/* What every Check test program shares. */
#ifndef AZLAB_TEST_UNIT_H
#define AZLAB_TEST_UNIT_H

#include <arpa/inet.h>
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/prefix.h"

/* Runs the suite; returns the number of failed tests. */
static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed;
}

/* The namespaces the root tests make begin with this: a prefix no lab
 * uses by default, and as no instance's prefix begins another's
 * (core/instance.h), one that `azlab down` of a running lab never takes
 * for its own, nor this for a lab's. */
#define UNIT_NS_PREFIX "aztest-"

/* The tests that make network namespaces run only when asked for with
 * AZLAB_ROOT_TESTS=1 (scripts/test.sh asks): `make unit` as root must
 * not touch the kernel of a machine where a lab may be up. True if they
 * run; otherwise says why not, and counts a failure in *failed where
 * skipping them is wrong: asked for without root, or not asked for
 * under CI (which must run them). */
static inline bool root_tests_run(const char *suite, int *failed)
{
	const char *want = getenv("AZLAB_ROOT_TESTS");
	bool asked = want != NULL && strcmp(want, "1") == 0;

	if (asked && geteuid() == 0)
		return true;
	if (asked) {
		printf("%s: AZLAB_ROOT_TESTS=1 needs root: FAILED\n", suite);
		(*failed)++;
	} else if (getenv("CI") != NULL) {
		printf("%s: root tests skipped: FAILED (CI is set; "
		       "scripts/test.sh sets AZLAB_ROOT_TESTS=1)\n", suite);
		(*failed)++;
	} else {
		printf("%s: root tests skipped (they make network namespaces; "
		       "AZLAB_ROOT_TESTS=1 runs them, as root)\n", suite);
	}
	return false;
}

static inline struct prefix test_prefix(int family, const char *addr,
					uint8_t len)
{
	struct prefix p;

	memset(&p, 0, sizeof(p));
	p.family = family;
	p.len = len;
	ck_assert_int_eq(inet_pton(family, addr, p.addr.bytes), 1);
	return p;
}

/* TEST_DATADIR/<dir>/<name>, read whole; the caller frees it. */
static inline char *test_data(const char *dir, const char *name)
{
	char path[512];
	char *text;

	snprintf(path, sizeof(path), "%s/%s/%s", TEST_DATADIR, dir, name);
	text = file_read(path, NULL);
	ck_assert_msg(text != NULL, "cannot read %s", path);
	return text;
}

#endif
