/* SPDX-License-Identifier: ISC */
/* azlab check and azlab plan: read-only verbs, no root needed. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "plan/plan.h"

int cli_check(int argc, char **argv)
{
	const char *file = NULL;
	bool verbose = false;
	struct lab *lab;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = true;
		else if (argv[i][0] == '-')
			return cli_usage_error("check", "unknown option '%s'",
					       argv[i]);
		else if (file == NULL)
			file = argv[i];
		else
			return cli_usage_error("check", "one lab file at most");
	}
	lab = cli_load_lab(file != NULL ? file : cli_default_lab());
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
	const char *file = NULL;
	bool ip_batch = false;
	char what[256];
	struct plan plan;
	struct azerr e;
	struct lab *lab;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--ip-batch") == 0)
			ip_batch = true;
		else if (argv[i][0] == '-')
			return cli_usage_error("plan", "unknown option '%s'",
					       argv[i]);
		else if (file == NULL)
			file = argv[i];
		else
			return cli_usage_error("plan", "one lab file at most");
	}
	lab = cli_load_lab(file != NULL ? file : cli_default_lab());
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
