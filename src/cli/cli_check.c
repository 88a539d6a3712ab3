/* SPDX-License-Identifier: ISC */
/* azlab check and azlab plan: read-only verbs, no root needed. */
#include <stdio.h>

#include "cli.h"
#include "plan/plan.h"

int cli_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "", no_argument, NULL, 'v' },		/* -v only */
		{ NULL, 0, NULL, 0 },
	};
	const char *file;
	bool verbose;
	struct lab *lab;
	int rc = cli_file_args("check", opts, argc, argv, &file, &verbose);

	if (rc != CLI_GO_ON)
		return rc;
	lab = cli_load_lab(file);
	if (lab == NULL)
		return 1;
	if (verbose)
		lab_print(lab, stdout);
	else
		printf("%s: lab %s is valid: %zu nodes, %zu links, %zu "
		       "bridges\n", lab->file, lab->name, lab->n_nodes,
		       lab->n_links, lab->n_bridges);
	lab_free(lab);
	return 0;
}

int cli_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ip-batch", no_argument, NULL, CLI_OPT_OWN },
		{ NULL, 0, NULL, 0 },
	};
	const char *file;
	bool ip_batch;
	char what[256];
	struct plan plan;
	struct azerr e;
	struct lab *lab;
	int rc = cli_file_args("plan", opts, argc, argv, &file, &ip_batch);

	if (rc != CLI_GO_ON)
		return rc;
	lab = cli_load_lab(file);
	if (lab == NULL)
		return 1;
	if (plan_build(lab, &plan, &e) < 0) {
		fprintf(stderr, "azlab: plan: %s\n", e.msg);
		lab_free(lab);
		return 1;
	}
	if (ip_batch)
		plan_print_ip(&plan, stdout);
	else
		for (size_t i = 0; i < plan.n; i++)
			printf("%4zu  %s\n", i + 1,
			       plan_step_describe(&plan.steps[i], what,
						  sizeof(what)));
	plan_free(&plan);
	lab_free(lab);
	return 0;
}
