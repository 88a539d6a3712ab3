/* SPDX-License-Identifier: ISC */
/* The verbs' one way of reading their arguments (cli_args.c): options
 * anywhere, --opt=value and --opt value, "--", and the one-line usage
 * errors, with getopt started afresh at every parse. */
#include <check.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_args.h"
#include "unit.h"

/* The argc of v, whose last entry is NULL. */
#define ARGC(v)	((int)(sizeof(v) / sizeof((v)[0])) - 1)
/* A parse of a fresh argv (a parse moves the arguments of its own),
 * which lives as long as the block around: a.args points into it. */
#define PARSE(a, ...)							\
	cli_args_parse(a, (int)(sizeof((char *[]){ __VA_ARGS__ }) /	\
				sizeof(char *)),			\
		       (char *[]){ __VA_ARGS__, NULL })

enum { OPT_JUNIT = CLI_OPT_OWN, OPT_EXPECT };

struct given {
	bool json, verbose, quiet;
	const char *junit, *expect;
	int count;
	int calls;
};

static int take(struct cli_args *a, int opt, const char *arg)
{
	struct given *g = a->ctx;

	g->calls++;
	if (opt == OPT_JUNIT)
		g->junit = arg;
	else if (opt == OPT_EXPECT)
		g->expect = arg;
	else if (opt == 'v')
		g->verbose = true;
	else if (opt == 'q')
		g->quiet = true;
	else if (opt == 'c' && atoi(arg) > 0)
		g->count = atoi(arg);
	else if (opt == 'c')
		return cli_args_fail(a, "-c wants a count, not '%s'", arg);
	return 0;
}

static const struct option opts[] = {
	{ "junit", required_argument, NULL, OPT_JUNIT },
	{ "expect", required_argument, NULL, OPT_EXPECT },
	{ "verbose", no_argument, NULL, 'v' },
	{ "", no_argument, NULL, 'q' },		/* -q only */
	{ "", required_argument, NULL, 'c' },	/* -c N only */
	{ NULL, 0, NULL, 0 },
};

static struct given g;

static struct cli_args spec(int max)
{
	memset(&g, 0, sizeof(g));
	return (struct cli_args){
		.verb = "check", .opts = opts, .take = take, .ctx = &g,
		.json = &g.json, .max = max,
	};
}

START_TEST(test_option_after_argument)
{
	char *argv[] = { "verify", "c1", "--json", "c2", "--junit", "out.xml",
			 "c3", NULL };
	struct cli_args a = spec(-1);

	ck_assert_int_eq(cli_args_parse(&a, ARGC(argv), argv), 0);
	ck_assert(g.json);
	ck_assert_str_eq(g.junit, "out.xml");
	ck_assert_int_eq(a.n_args, 3);
	ck_assert_ptr_eq(a.args, argv + 1);
	ck_assert_str_eq(a.args[0], "c1");
	ck_assert_str_eq(a.args[1], "c2");
	ck_assert_str_eq(a.args[2], "c3");
	ck_assert_ptr_null(a.args[3]);
	ck_assert_str_eq(a.error, "");
}
END_TEST

START_TEST(test_value_forms)
{
	char *argv[] = { "verify", "--junit=j.xml", "--expect", "e.yaml",
			 "-c5", "-c", "7", NULL };
	struct cli_args a = spec(0);

	ck_assert_int_eq(cli_args_parse(&a, ARGC(argv), argv), 0);
	ck_assert_str_eq(g.junit, "j.xml");
	ck_assert_str_eq(g.expect, "e.yaml");
	ck_assert_int_eq(g.count, 7);	/* the last one given */
	ck_assert_int_eq(g.calls, 4);
	ck_assert_int_eq(a.n_args, 0);
}
END_TEST

START_TEST(test_short_cluster)
{
	char *argv[] = { "check", "-qv", "file", NULL };
	struct cli_args a = spec(1);

	ck_assert_int_eq(cli_args_parse(&a, ARGC(argv), argv), 0);
	ck_assert(g.quiet && g.verbose);
	ck_assert_int_eq(a.n_args, 1);
	ck_assert_str_eq(a.args[0], "file");
}
END_TEST

struct bad_case {
	char *words[4];
	const char *error;
};

static const struct bad_case bad_cases[] = {
	{ { "--bogus", "x" }, "unknown option '--bogus'" },
	{ { "x", "-x" }, "unknown option '-x'" },
	{ { "-vz" }, "unknown option '-z'" },
	/* getopt_long would take an abbreviation; the verbs do not */
	{ { "--js" }, "unknown option '--js'" },
	{ { "--json=1" }, "unknown option '--json=1'" },
	/* -q has no long form */
	{ { "--q" }, "unknown option '--q'" },
	{ { "x", "--junit" }, "option '--junit' needs an argument" },
	{ { "-c" }, "option '-c' needs an argument" },
	{ { "-c", "0" }, "-c wants a count, not '0'" },
	/* the first error is the one told */
	{ { "--nope", "-c", "0", "--junit" }, "unknown option '--nope'" },
	{ { "a", "b", "c" }, "unknown argument 'c'" },
};
#define N_BAD (sizeof(bad_cases) / sizeof(bad_cases[0]))

START_TEST(test_usage_error)
{
	const struct bad_case *c = &bad_cases[_i];
	char *argv[6] = { "check" };
	int argc = 1;
	struct cli_args a = spec(2);

	while (argc <= 4 && c->words[argc - 1] != NULL) {
		argv[argc] = c->words[argc - 1];
		argc++;
	}
	ck_assert_int_eq(cli_args_parse(&a, argc, argv), -1);
	ck_assert_str_eq(a.error, c->error);
}
END_TEST

START_TEST(test_double_dash_ends_options)
{
	char *argv[] = { "check", "-v", "a", "--", "--json", "-x", NULL };
	struct cli_args a = spec(-1);

	ck_assert_int_eq(cli_args_parse(&a, ARGC(argv), argv), 0);
	ck_assert(g.verbose);
	ck_assert(!g.json);
	ck_assert_int_eq(a.n_args, 3);
	ck_assert_str_eq(a.args[0], "a");
	ck_assert_str_eq(a.args[1], "--json");
	ck_assert_str_eq(a.args[2], "-x");
	ck_assert_ptr_null(a.args[3]);
}
END_TEST

/* exec: NODE ends the options; its command keeps its own, and its `--`
 * is exec's to see. */
START_TEST(test_first_argument_ends_options)
{
	char *argv[] = { "exec", "node", "--", "ls", "-l", "--help", NULL };
	struct cli_args a = {
		.verb = "exec", .min = 2, .max = -1,
		.too_few = "a node and a command are needed",
		.first_arg_ends_options = true,
	};
	int rc;

	ck_assert_int_eq(cli_args_parse(&a, ARGC(argv), argv), 0);
	ck_assert(!a.help);
	ck_assert_int_eq(a.n_args, 5);
	ck_assert_str_eq(a.args[0], "node");
	ck_assert_str_eq(a.args[1], "--");
	ck_assert_str_eq(a.args[4], "--help");
	rc = PARSE(&a, "exec", "--", "node", "ls");
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(a.n_args, 2);
	ck_assert_str_eq(a.args[0], "node");
	ck_assert_int_eq(PARSE(&a, "exec", "-x", "node", "ls"), -1);
	ck_assert_str_eq(a.error, "unknown option '-x'");
	ck_assert_int_eq(PARSE(&a, "exec", "node"), -1);
	ck_assert_str_eq(a.error, "a node and a command are needed");
}
END_TEST

START_TEST(test_counts)
{
	struct cli_args a = {
		.verb = "link", .min = 3, .max = 3, .too_few = "too few",
		.too_many = "too many",
	};

	ck_assert_int_eq(PARSE(&a, "link", "a", "b"), -1);
	ck_assert_str_eq(a.error, "too few");
	ck_assert_int_eq(PARSE(&a, "link", "a", "b", "c"), 0);
	ck_assert_str_eq(a.error, "");
	ck_assert_int_eq(PARSE(&a, "link", "a", "b", "c", "d"), -1);
	ck_assert_str_eq(a.error, "too many");
}
END_TEST

/* As before getopt: --help or -h anywhere among the options wins over
 * a usage error, but after "--" it is an argument. */
START_TEST(test_help_wins)
{
	struct cli_args a = spec(1);
	int rc;

	ck_assert_int_eq(PARSE(&a, "check", "--bogus", "a", "b", "-h"), 1);
	ck_assert(a.help);
	ck_assert_int_eq(PARSE(&a, "check", "-c", "0", "--help"), 1);
	ck_assert_int_eq(PARSE(&a, "check", "--bogus", "--he"), -1);
	ck_assert(!a.help);
	rc = PARSE(&a, "check", "--", "--help");
	ck_assert_int_eq(rc, 0);
	ck_assert(!a.help);
	ck_assert_str_eq(a.args[0], "--help");
}
END_TEST

/* getopt keeps where it stopped (optind) between calls: every parse
 * must start afresh, or this second one would begin past its -q. */
START_TEST(test_parse_again)
{
	char *first[] = { "check", "a", "b", "-vz", NULL };
	char *second[] = { "check", "-q", "x", NULL };
	struct cli_args a = spec(1);

	ck_assert_int_eq(cli_args_parse(&a, ARGC(first), first), -1);
	a = spec(1);
	ck_assert_int_eq(cli_args_parse(&a, ARGC(second), second), 0);
	ck_assert(g.quiet && !g.verbose);
	ck_assert_int_eq(g.calls, 1);
	ck_assert_str_eq(a.args[0], "x");
}
END_TEST

/* POSIXLY_CORRECT makes getopt stop at the first argument in its
 * default mode; options after it must still count. */
START_TEST(test_posixly_correct)
{
	char *argv[] = { "check", "file", "-v", NULL };
	struct cli_args a = spec(1);

	setenv("POSIXLY_CORRECT", "1", 1);
	ck_assert_int_eq(cli_args_parse(&a, ARGC(argv), argv), 0);
	unsetenv("POSIXLY_CORRECT");
	ck_assert(g.verbose);
	ck_assert_int_eq(a.n_args, 1);
	ck_assert_str_eq(a.args[0], "file");
}
END_TEST

/* What fd (1 or 2) received while cli_args ran, which had to return
 * rc. */
static char *output(int fd, int argc, char **argv, int rc)
{
	struct cli_args a = spec(1);
	FILE *tmp = tmpfile();
	int saved = dup(fd);
	char *text = calloc(1, 4096);

	ck_assert(tmp != NULL && saved >= 0 && text != NULL);
	fflush(NULL);
	dup2(fileno(tmp), fd);
	ck_assert_int_eq(cli_args(&a, argc, argv), rc);
	fflush(NULL);
	dup2(saved, fd);
	close(saved);
	rewind(tmp);
	ck_assert(fread(text, 1, 4095, tmp) > 0);
	fclose(tmp);
	return text;
}

START_TEST(test_error_is_one_line)
{
	char *argv[] = { "check", "file", "--bogus", NULL };
	char *err = output(STDERR_FILENO, ARGC(argv), argv, 2);

	ck_assert_str_eq(err, "azlab: check: unknown option '--bogus' "
			 "(usage: azlab check [-v] [FILE])\n");
	free(err);
}
END_TEST

START_TEST(test_help_printed)
{
	char *argv[] = { "check", "file", "--help", NULL };
	char *out = output(STDOUT_FILENO, ARGC(argv), argv, 0);

	ck_assert_msg(strncmp(out, "usage: azlab check [-v] [FILE]\n\n",
			      32) == 0, "help: %s", out);
	ck_assert_ptr_nonnull(strstr(out, "-v            print the "
				     "normalised lab\n"));
	free(out);
}
END_TEST

START_TEST(test_go_on)
{
	char *argv[] = { "check", "file", "-v", NULL };
	struct cli_args a = spec(1);

	ck_assert_int_eq(cli_args(&a, ARGC(argv), argv), CLI_GO_ON);
	ck_assert(g.verbose);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cli_args");
	TCase *tc = tcase_create("cli_args");

	tcase_add_test(tc, test_option_after_argument);
	tcase_add_test(tc, test_value_forms);
	tcase_add_test(tc, test_short_cluster);
	tcase_add_loop_test(tc, test_usage_error, 0, N_BAD);
	tcase_add_test(tc, test_double_dash_ends_options);
	tcase_add_test(tc, test_first_argument_ends_options);
	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_help_wins);
	tcase_add_test(tc, test_parse_again);
	tcase_add_test(tc, test_posixly_correct);
	tcase_add_test(tc, test_error_is_one_line);
	tcase_add_test(tc, test_help_printed);
	tcase_add_test(tc, test_go_on);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
