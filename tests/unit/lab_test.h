/* SPDX-License-Identifier: ISC */
/* Shared by the lab loader's tests: a lab text written to a directory of
 * its own, loaded, and its one message compared with what is expected. */
#ifndef AZLAB_LAB_TEST_H
#define AZLAB_LAB_TEST_H

#include <check.h>

#include "unit.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/lab.h"

/* lines 1-4 and 5-8 of many cases */
#define NODES_AB \
	"name: t\n" \
	"nodes:\n" \
	"  - { name: a, role: host }\n" \
	"  - { name: b, role: router }\n"
#define LINK_AB \
	"links:\n" \
	"  - endpoints:\n" \
	"      - { interface: a:eth0, address: 10.0.0.1/24 }\n" \
	"      - { interface: b:eth0, address: 10.0.0.2/24 }\n"

struct error_case {
	const char *name;
	const char *want;	/* the one message, after "FILE:" */
	const char *text;
};

/* A directory per test: relative frr: paths resolve there, and FILE in
 * the messages is known. */
static char lab_dir[256] __attribute__((unused));
static char lab_path[sizeof(lab_dir) + 16] __attribute__((unused));

static inline void lab_dir_make(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(lab_dir, sizeof(lab_dir), "%s/azlab-check-lab-XXXXXX",
		 tmp != NULL ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(lab_dir));
	snprintf(lab_path, sizeof(lab_path), "%s/lab.yaml", lab_dir);
}

static inline void lab_dir_remove(void)
{
	unlink(lab_path);
	rmdir(lab_dir);
}

static inline struct lab *lab_load_text(const char *text, struct lab_diags *d)
{
	FILE *f = fopen(lab_path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	return lab_load(lab_path, d);
}

/* The text, which must load. */
static inline struct lab *lab_load_text_valid(const char *text)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load_text(text, &d);

	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	lab_diags_free(&d);
	return lab;
}

/* The case's text fails to load with exactly its one message. */
static inline void assert_error_case(const struct error_case *c)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load_text(c->text, &d);
	char *want;

	ck_assert_msg(lab == NULL, "%s: loaded", c->name);
	ck_assert_msg(d.n == 1, "%s: %zu messages, the first: %s", c->name,
		      d.n, d.n > 0 ? d.msgs[0] : "none");
	ck_assert_int_ge(asprintf(&want, "%s:%s", lab_path, c->want), 0);
	ck_assert_str_eq(d.msgs[0], want);
	free(want);
	lab_diags_free(&d);
}

/* file fails to load with exactly these messages (after "FILE:") */
static inline void assert_diags(const char *file, const char *const *want,
				size_t n)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load(file, &d);
	char *buf;

	ck_assert_ptr_null(lab);
	for (size_t i = 0; i < n && i < d.n; i++) {
		ck_assert_int_ge(asprintf(&buf, "%s:%s", file, want[i]), 0);
		ck_assert_str_eq(d.msgs[i], buf);
		free(buf);
	}
	ck_assert_uint_eq(d.n, n);
	lab_diags_free(&d);
}

#endif
