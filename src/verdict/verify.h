/* SPDX-License-Identifier: ISC */
/* azlab verify: every case of a lab's expectations run as real probes
 * (verify_run.c), judged by expect_match.c, and reported as a table,
 * JSON or JUnit XML (verify_report.c, pure). */
#ifndef AZLAB_VERIFY_H
#define AZLAB_VERIFY_H

#include <stdio.h>

#include "core/err.h"
#include "expect_match.h"

enum verify_verdict {
	VERDICT_MATCH,
	VERDICT_MISMATCH,	/* the lab answered, not as expected */
	VERDICT_ERROR,		/* the probe could not run, or a shut case
				 * could not be undone cleanly */
};

struct verify_result {
	const struct expect_case *c;
	char addr[PROBE_ADDR_MAX];	/* the destination, resolved */
	enum verify_verdict verdict;
	struct trace_result trace;	/* when the case has a path */
	struct ping_result ping;	/* when it is `reach: no` */
	int path;			/* the alternative matched, or -1 */
	char detail[600];		/* the difference, or the error */
	double seconds;			/* wall time of the case's probes */
};

struct verify_run {
	const char *lab;		/* the lab's name */
	struct verify_result *results;	/* in the file's order */
	size_t n;
	/* cases left to another host's instance: their source, or the
	 * interface they shut, is not built here (a lab split by hosts:) */
	size_t elsewhere;
	double seconds;			/* wall time of the whole run */
};

/* Runs the cases of set named in only[] (all when n_only is 0) on the
 * running lab: cases without `shut` in parallel, then each shut case on
 * its own (shut, wait for its path, restore, wait for the lab to come
 * back). Returns 0 (verdicts in run), or -1 with e set (an unknown case
 * name; out of memory). */
int verify_run(const struct lab *lab, const struct expect_set *set,
	       char *const only[], size_t n_only, struct verify_run *run,
	       struct azerr *e);
void verify_run_free(struct verify_run *run);
size_t verify_count(const struct verify_run *run, enum verify_verdict v);

/* verify_report.c */
void verify_print_table(const struct verify_run *run, FILE *out);
void verify_write_json(const struct verify_run *run, FILE *out);
/* JUnit XML: one testsuite (the lab), one testcase per case, a
 * <failure> for a mismatch, an <error> for an error. */
void verify_write_junit(const struct verify_run *run, FILE *out);

#endif
