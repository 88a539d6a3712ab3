/* SPDX-License-Identifier: ISC */
/* azlab: rebuild the Azure back-end interoperability network on one Linux
 * machine. main only dispatches to a verb. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
	const struct cli_verb *v;

	fprintf(out, "usage: azlab VERB [OPTIONS]   (azlab VERB --help)\n\n");
	for (v = cli_verbs(); v->name != NULL; v++)
		if (strcmp(v->name, "daemon") != 0)
			fprintf(out, "  azlab %s\n", v->usage);
	fprintf(out, "  azlab --version\n");
}

int main(int argc, char **argv)
{
	const struct cli_verb *v;

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
