/* SPDX-License-Identifier: ISC */
/* How every verb reads its argv: getopt_long over the verb's table of
 * options, which may stand anywhere among the positional arguments, with
 * --help/-h and the usage errors (an unknown option, a missing argument,
 * too few or too many arguments) handled in one place. */
#ifndef AZLAB_CLI_ARGS_H
#define AZLAB_CLI_ARGS_H

#include <getopt.h>
#include <stdbool.h>

#define CLI_ARGS_MAX_OPTS	8	/* in one verb's table */
#define CLI_ARGS_ERROR_MAX	256
/* What cli_args returns when the verb should go on. */
#define CLI_GO_ON		(-1)
/* Codes of the long options without a short form (above any letter);
 * a verb numbers its own from CLI_OPT_OWN. */
enum {
	CLI_OPT_JSON = 256, CLI_OPT_SVG, CLI_OPT_PNG, CLI_OPT_HOST,
	CLI_OPT_OWN
};

struct cli_args;
/* One option the user gave: opt is its table entry's val, arg its
 * argument (NULL for a flag). 0, or -1 after cli_args_fail. */
typedef int (*cli_take_fn)(struct cli_args *a, int opt, const char *arg);

struct cli_args {
	/* what the verb takes */
	const char *verb;
	/* ends with a zero entry (NULL: none); an entry whose val is a
	 * letter or digit has that short form too, one named "" only that */
	const struct option *opts;
	cli_take_fn take;
	void *ctx;		/* for take */
	bool *json;		/* not NULL: the verb has --json, set there */
	int min, max;		/* positional arguments; max < 0: any */
	const char *too_few;	/* the usage error for fewer than min */
	const char *too_many;	/* for more; NULL: "unknown argument 'X'" */
	/* the first positional argument ends the options: what follows it
	 * is passed on as it is (exec's command) */
	bool first_arg_ends_options;

	/* what it was given */
	char **args;		/* the positional arguments, in order */
	int n_args;
	bool help;		/* --help or -h, wherever it stood */
	char error[CLI_ARGS_ERROR_MAX];	/* the first usage error, or "" */
};

/* Parses argv (argv[0] is the verb, argv[argc] NULL) into a; the
 * positional arguments are moved to argv[1..] in their order, NULL after
 * them. 0, 1 if help was asked for (help
 * wins over any error), -1 after a usage error (in a->error). Prints
 * nothing. */
int cli_args_parse(struct cli_args *a, int argc, char **argv);
/* Keeps the first usage error (fmt) in a->error; returns -1. */
int cli_args_fail(struct cli_args *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* cli_args_parse, then the verb's help on stdout (0) or its one-line
 * usage error on stderr (2); CLI_GO_ON if the verb should go on. */
int cli_args(struct cli_args *a, int argc, char **argv);
/* A take for verbs whose one option (besides --json) is a flag: ctx is
 * its bool. */
int cli_take_flag(struct cli_args *a, int opt, const char *arg);

#endif
