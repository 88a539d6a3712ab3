/* SPDX-License-Identifier: ISC */
/* azlab: rebuild the Azure back-end interoperability network on one Linux
 * machine. main only settles which instance this is (core/instance.h)
 * and dispatches to a verb. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/instance.h"

static void usage(FILE *out)
{
	const struct cli_verb *v;

	fprintf(out, "usage: azlab [--run-dir DIR] [--ns-prefix PREFIX] "
		"[--log-dir DIR] VERB [OPTIONS]\n"
		"       (azlab VERB --help; the instance's options are also "
		"read from\n"
		"       AZLAB_RUN_DIR, AZLAB_NS_PREFIX, AZLAB_LOG_DIR)\n\n");
	for (v = cli_verbs(); v->name != NULL; v++)
		if (!cli_verb_internal(v))
			fprintf(out, "  azlab %s\n", v->usage);
	fprintf(out, "  azlab --version\n");
}

/* The setting of c that "--option VALUE" or "--option=VALUE" at argv[*i]
 * gives (its value NULL when none follows), *i at its last word; NULL if
 * argv[*i] is none of the instance's options. */
static struct instance_setting *global_option(struct instance_config *c,
					      char **argv, int *i)
{
	const struct {
		const char *option;
		struct instance_setting *setting;
	} options[] = {
		{ "--run-dir", &c->run_dir },
		{ "--ns-prefix", &c->ns_prefix },
		{ "--log-dir", &c->log_dir },
	};
	const char *arg = argv[*i];

	for (size_t k = 0; k < sizeof(options) / sizeof(options[0]); k++) {
		struct instance_setting *s = options[k].setting;
		size_t len = strlen(options[k].option);

		if (strncmp(arg, options[k].option, len) != 0 ||
		    (arg[len] != '\0' && arg[len] != '='))
			continue;
		s->from = options[k].option;
		s->value = arg[len] == '=' ? arg + len + 1 : argv[*i + 1];
		if (arg[len] == '\0' && s->value != NULL)
			++*i;
		return s;
	}
	return NULL;
}

/* The environment's settings, then the options before the verb; returns
 * how many arguments those took, or -1 after a usage error. */
static int instance_settle(int argc, char **argv)
{
	struct instance_config c;
	struct azerr e;
	int i;

	instance_config_from_env(&c);
	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		struct instance_setting *s = global_option(&c, argv, &i);

		if (s == NULL)
			break;
		if (s->value == NULL) {
			fprintf(stderr, "azlab: %s needs a value\n", s->from);
			return -1;
		}
	}
	if (instance_apply(&c, &e) < 0) {
		fprintf(stderr, "azlab: %s\n", e.msg);
		return -1;
	}
	return i - 1;
}

int main(int argc, char **argv)
{
	const struct cli_verb *v;
	int skip = instance_settle(argc, argv);

	if (skip < 0)
		return 2;
	argc -= skip;
	argv += skip;
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("azlab %s\n", AZLAB_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	v = cli_find(argv[1]);
	if (v == NULL) {
		fprintf(stderr, "azlab: unknown verb '%s' (try azlab --help)\n",
			argv[1]);
		return 2;
	}
	return v->run(argc - 1, argv + 1);
}
