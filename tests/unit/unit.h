/* SPDX-License-Identifier: ISC */
/* What every Check test program shares. */
#ifndef AZLAB_TEST_UNIT_H
#define AZLAB_TEST_UNIT_H

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <string.h>

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
