/* SPDX-License-Identifier: ISC */
/* azlab: rebuild the Azure back-end interoperability network on one Linux
 * machine. main only settles which instance this is (core/instance.h)
 * and dispatches to a verb. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/instance.h"

/* The options before the verb, each the same as its variable. */
static const struct {
	const char *option, *env;
} global_options[] = {
	{ "--run-dir", INSTANCE_ENV_RUN_DIR },
	{ "--ns-prefix", INSTANCE_ENV_NS_PREFIX },
	{ "--log-dir", INSTANCE_ENV_LOG_DIR },
};
#define N_GLOBAL_OPTIONS (sizeof(global_options) / sizeof(global_options[0]))

static void usage(FILE *out)
{
	const struct cli_verb *v;

	fprintf(out, "usage: azlab [--run-dir DIR] [--ns-prefix PREFIX] "
		"[--log-dir DIR] VERB [OPTIONS]\n"
		"       (azlab VERB --help; the instance's options are also "
		"read from\n"
		"       AZLAB_RUN_DIR, AZLAB_NS_PREFIX, AZLAB_LOG_DIR)\n\n");
	for (v = cli_verbs(); v->name != NULL; v++)
		if (strcmp(v->name, "daemon") != 0)
			fprintf(out, "  azlab %s\n", v->usage);
	fprintf(out, "  azlab --version\n");
}

/* The setting of c that "--option VALUE" or "--option=VALUE" at argv[i]
 * names, with its value; NULL if argv[i] is none of them. */
static struct instance_setting *global_option(struct instance_config *c,
					      char **argv, int *i)
{
	struct instance_setting *settings[] = {
		&c->run_dir, &c->ns_prefix, &c->log_dir,
	};

	for (size_t k = 0; k < N_GLOBAL_OPTIONS; k++) {
		const char *o = global_options[k].option;
		size_t len = strlen(o);

		if (strncmp(argv[*i], o, len) != 0)
			continue;
		if (argv[*i][len] == '=')
			settings[k]->value = argv[*i] + len + 1;
		else if (argv[*i][len] == '\0' && argv[*i + 1] != NULL)
			settings[k]->value = argv[++*i];
		else if (argv[*i][len] != '\0')
			continue;
		else
			settings[k]->value = NULL;	/* no value: said below */
		settings[k]->from = o;
		return settings[k];
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
