/* SPDX-License-Identifier: ISC */
/* Running a program the way the probes do (probe.c), in our own
 * namespace (node NULL), so that no root is needed: output, input,
 * stderr merged, the program found in PATH before fork, the exit status
 * and message of one that is missing or may not run, and many at once
 * from threads, as verify runs them. */
#include <check.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe/probe.h"
#include "unit.h"

/* Runs argv (stderr merged); returns the output, *status its status. */
static char *run(char *const argv[], const char *input, int *status)
{
	struct node_cmd c = { .argv = argv, .input = input,
			      .merge_stderr = true };
	struct azerr e;
	char *out;

	ck_assert_msg(node_cmd_run(&c, &out, status, &e) == 0, "%s", e.msg);
	return out;
}

struct run_case {
	const char *name;
	char *argv[4];
	const char *input;
	int exit;		/* its exit status */
	const char *out;
};

static const struct run_case cases[] = {
	{ "output", { "echo", "hello", NULL }, NULL, 0, "hello\n" },
	{ "input", { "cat", NULL }, "line 1\nline 2", 0, "line 1\nline 2" },
	{ "stderr merged", { "sh", "-c", "echo oops >&2; exit 3", NULL },
	  NULL, 3, "oops\n" },
	{ "absolute path", { "/bin/echo", "x", NULL }, NULL, 0, "x\n" },
	{ "not in PATH", { "azlab-no-such-program", NULL }, NULL, 127,
	  "azlab: azlab-no-such-program: No such file or directory\n" },
	{ "no such file", { "/nonexistent/prog", NULL }, NULL, 127,
	  "azlab: /nonexistent/prog: No such file or directory\n" },
	{ "a directory", { "/", NULL }, NULL, 126,
	  "azlab: /: Permission denied\n" },
};

START_TEST(test_run)
{
	const struct run_case *c = &cases[_i];
	int status;
	char *out = run(c->argv, c->input, &status);

	ck_assert_msg(WIFEXITED(status), "%s: status %d", c->name, status);
	ck_assert_int_eq(WEXITSTATUS(status), c->exit);
	ck_assert_str_eq(out, c->out);
	free(out);
}
END_TEST

static char dir[64], file[128];

/* A directory first in PATH holding "azlab-t", executable or not. */
static void path_dir(mode_t mode)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/azlab-probe-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/azlab-t", dir);
	f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fputs("#!/bin/sh\necho found\n", f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(file, mode), 0);
	snprintf(path, sizeof(path), "%s:%s", dir, getenv("PATH"));
	setenv("PATH", path, 1);
}

static void path_dir_remove(void)
{
	unlink(file);
	rmdir(dir);
}

START_TEST(test_path_search)
{
	char *argv[] = { "azlab-t", NULL };
	int status;
	char *out;

	path_dir(0755);
	out = run(argv, NULL, &status);
	ck_assert_int_eq(status, 0);
	ck_assert_str_eq(out, "found\n");
	free(out);
	path_dir_remove();
}
END_TEST

/* Found, but not executable: as execvp, "Permission denied", and 126
 * (a shell's status for a program that cannot run). */
START_TEST(test_path_not_executable)
{
	char *argv[] = { "azlab-t", NULL };
	int status;
	char *out;

	path_dir(0644);
	out = run(argv, NULL, &status);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 126);
	ck_assert_str_eq(out, "azlab: azlab-t: Permission denied\n");
	free(out);
	path_dir_remove();
}
END_TEST

/* A node without a namespace: the caller hears it, not the output. */
START_TEST(test_no_namespace)
{
	char *argv[] = { "echo", NULL };
	struct node_cmd c = { .node = "azlab-test-no-such-node", .argv = argv };
	struct azerr e;
	char *out = (char *)1;
	int status;

	ck_assert_int_eq(node_cmd_run(&c, &out, &status, &e), -1);
	ck_assert_ptr_null(out);
	ck_assert_str_eq(e.msg, "opening namespace azlab-azlab-test-no-such-"
			 "node: No such file or directory");
}
END_TEST

#define THREADS	4
#define RUNS	40

/* Each thread runs echo with its own word, many times, while the others
 * do the same and allocate: the children of these forks exec without
 * touching a lock another thread may hold. */
static void *runner(void *arg)
{
	char word[16], want[20];
	char *argv[] = { "echo", word, NULL };
	struct node_cmd c = { .argv = argv };
	struct azerr e;
	char *out;
	int status;
	long bad = 0;

	for (int i = 0; i < RUNS; i++) {
		snprintf(word, sizeof(word), "t%ld-%d", (long)arg, i);
		snprintf(want, sizeof(want), "%s\n", word);
		if (node_cmd_run(&c, &out, &status, &e) < 0) {
			bad++;
			continue;
		}
		bad += status != 0 || strcmp(out, want) != 0;
		free(out);
	}
	return (void *)bad;
}

START_TEST(test_threads)
{
	pthread_t th[THREADS];
	void *bad;

	for (long i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, runner,
						(void *)i), 0);
	for (int i = 0; i < THREADS; i++) {
		ck_assert_int_eq(pthread_join(th[i], &bad), 0);
		ck_assert_ptr_null(bad);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("probe");
	TCase *tc = tcase_create("run");

	tcase_add_loop_test(tc, test_run, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_path_search);
	tcase_add_test(tc, test_path_not_executable);
	tcase_add_test(tc, test_no_namespace);
	tcase_add_test(tc, test_threads);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
