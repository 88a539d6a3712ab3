/* SPDX-License-Identifier: ISC */
/* getopt_long in its "return in order" mode (a '-' first in the short
 * string): a positional argument comes back as option 1 wherever it
 * stands, so options may follow it whatever POSIXLY_CORRECT says, and
 * nothing is permuted behind our back. getopt's own messages are off
 * (opterr): every usage error is one line, worded here. */
#include <assert.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"

struct getopt_table {
	struct option longs[CLI_ARGS_MAX_OPTS + 3];	/* json, help, end */
	char shorts[4 + 2 * CLI_ARGS_MAX_OPTS + 1];
};

/* The verb's options, --json if it has it, and --help; ':' after the
 * '-' makes getopt tell a missing argument (':') from an unknown option
 * ('?'). */
static void table_build(const struct cli_args *a, struct getopt_table *t)
{
	const struct option *opts = a->opts;
	size_t n = 0, k = 0;

	t->shorts[k++] = '-';
	t->shorts[k++] = ':';
	t->shorts[k++] = 'h';
	for (const struct option *o = opts; o != NULL && o->name != NULL; o++) {
		assert(o - opts < CLI_ARGS_MAX_OPTS);
		if (o->name[0] != '\0')
			t->longs[n++] = *o;
		if (o->val > 0 && o->val < 128 && isalnum(o->val)) {
			t->shorts[k++] = (char)o->val;
			if (o->has_arg == required_argument)
				t->shorts[k++] = ':';
		}
	}
	if (a->json != NULL)
		t->longs[n++] = (struct option){ "json", no_argument, NULL,
						 CLI_OPT_JSON };
	t->longs[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	t->longs[n] = (struct option){ NULL, 0, NULL, 0 };
	t->shorts[k] = '\0';
}

int cli_args_fail(struct cli_args *a, const char *fmt, ...)
{
	va_list ap;

	if (a->error[0] != '\0')
		return -1;
	va_start(ap, fmt);
	vsnprintf(a->error, sizeof(a->error), fmt, ap);
	va_end(ap);
	return -1;
}

/* getopt_long also takes an unambiguous abbreviation (--js for --json);
 * the verbs never did, and a script relying on one would break with the
 * next option that begins the same way. */
static bool written_whole(const char *word, const char *name)
{
	size_t n = strlen(name);

	return strncmp(word, "--", 2) == 0 &&
	       strncmp(word + 2, name, n) == 0 &&
	       (word[2 + n] == '\0' || word[2 + n] == '=');
}

/* The option as the user wrote it: a long option's whole word, a short
 * option's letter (it may stand inside a cluster such as -vq). */
static const char *option_word(const char *word, int letter, char *buf,
			       size_t len)
{
	if (strncmp(word, "--", 2) == 0)
		return word;
	snprintf(buf, len, "-%c", letter);
	return buf;
}

/* One answer of getopt_long about word (the argument it read). */
static void take_one(struct cli_args *a, int c, const char *word,
		     const struct option *matched)
{
	char buf[4];

	if (matched != NULL && !written_whole(word, matched->name))
		c = '?';
	if (c == 1)
		a->args[a->n_args++] = optarg;
	else if (c == 'h')
		a->help = true;
	else if (c == CLI_OPT_JSON)
		*a->json = true;
	else if (c == '?')
		cli_args_fail(a, "unknown option '%s'",
			      option_word(word, optopt, buf, sizeof(buf)));
	else if (c == ':')
		cli_args_fail(a, "option '%s' needs an argument",
			      option_word(word, optopt, buf, sizeof(buf)));
	else if (a->take != NULL)
		a->take(a, c, optarg);
}

/* Runs getopt over argv; the positional arguments are moved to argv[1..]
 * as they come, into slots getopt has already read (it never reads one
 * twice in this mode), then what follows "--" (or exec's NODE). */
static void scan(struct cli_args *a, const struct getopt_table *t,
		 int argc, char **argv)
{
	int c, at, index;

	opterr = 0;
	optind = 0;	/* glibc: start afresh, as for a new argv */
	for (;;) {
		at = optind > 0 ? optind : 1;
		index = -1;
		c = getopt_long(argc, argv, t->shorts, t->longs, &index);
		if (c == -1)
			break;
		take_one(a, c, argv[at], index >= 0 ? &t->longs[index] : NULL);
		if (c == 1 && a->first_arg_ends_options)
			break;
	}
	for (int i = optind; i < argc; i++)
		a->args[a->n_args++] = argv[i];
	a->args[a->n_args] = NULL;	/* as at the end of any argv */
}

int cli_args_parse(struct cli_args *a, int argc, char **argv)
{
	struct getopt_table t;

	table_build(a, &t);
	a->args = argv + 1;
	a->n_args = 0;
	a->help = false;
	a->error[0] = '\0';
	scan(a, &t, argc, argv);
	if (a->help)
		return 1;
	if (a->n_args < a->min)
		cli_args_fail(a, "%s", a->too_few);
	else if (a->max >= 0 && a->n_args > a->max && a->too_many != NULL)
		cli_args_fail(a, "%s", a->too_many);
	else if (a->max >= 0 && a->n_args > a->max)
		cli_args_fail(a, "unknown argument '%s'", a->args[a->max]);
	return a->error[0] != '\0' ? -1 : 0;
}

int cli_args(struct cli_args *a, int argc, char **argv)
{
	int rc = cli_args_parse(a, argc, argv);

	if (rc > 0) {
		cli_print_help(a->verb);
		return 0;
	}
	if (rc < 0)
		return cli_usage_error(a->verb, "%s", a->error);
	return CLI_GO_ON;
}

int cli_take_flag(struct cli_args *a, int opt, const char *arg)
{
	(void)opt;
	(void)arg;
	*(bool *)a->ctx = true;
	return 0;
}
