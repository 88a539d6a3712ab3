/* SPDX-License-Identifier: ISC */
/* azlab check and azlab plan: read-only verbs, no root needed. */
#include <stdio.h>

#include "cli.h"
#include "plan/plan.h"

/* "on 2 hosts: azure (17 nodes), onprem (8 nodes); 5 links between
 * them over VXLAN" */
static void print_hosts(const struct lab *lab)
{
	size_t vxlans = 0;

	if (lab->n_hosts == 0)
		return;
	printf("on %zu host%s:", lab->n_hosts, lab->n_hosts == 1 ? "" : "s");
	for (size_t i = 0; i < lab->n_hosts; i++) {
		size_t n = 0;

		for (size_t k = 0; k < lab->n_nodes; k++)
			n += lab->nodes[k]->host == &lab->hosts[i];
		printf("%s %s (%zu nodes)", i > 0 ? "," : "",
		       lab->hosts[i].name, n);
	}
	for (size_t i = 0; i < lab->n_links; i++)
		vxlans += lab->links[i]->vni != 0;
	printf("; %zu link%s between them over VXLAN\n", vxlans,
	       vxlans == 1 ? "" : "s");
}

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
	if (!verbose)
		print_hosts(lab);
	lab_free(lab);
	return 0;
}

struct plan_opts {
	bool ip_batch;
	const char *host;	/* --host: that host's share, or NULL */
};

enum { OPT_IP_BATCH = CLI_OPT_OWN, OPT_HOST };

static int plan_take(struct cli_args *a, int opt, const char *arg)
{
	struct plan_opts *o = a->ctx;

	if (opt == OPT_HOST)
		o->host = arg;
	else
		o->ip_batch = true;
	return 0;
}

int cli_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ip-batch", no_argument, NULL, OPT_IP_BATCH },
		{ "host", required_argument, NULL, OPT_HOST },
		{ NULL, 0, NULL, 0 },
	};
	struct plan_opts o = { 0 };
	struct cli_args a = {
		.verb = "plan", .opts = opts, .take = plan_take, .ctx = &o,
		.max = 1, .too_many = CLI_ONE_LAB_FILE,
	};
	char what[256];
	struct plan plan;
	struct azerr e;
	struct lab *lab;
	int rc = cli_args(&a, argc, argv);

	if (rc != CLI_GO_ON)
		return rc;
	lab = cli_load_lab(a.n_args > 0 ? a.args[0] : cli_default_lab());
	if (lab != NULL && o.host != NULL)
		lab = cli_keep_host("plan", lab, o.host);
	if (lab == NULL)
		return 1;
	if (plan_build(lab, &plan, &e) < 0) {
		fprintf(stderr, "azlab: plan: %s\n", e.msg);
		lab_free(lab);
		return 1;
	}
	if (o.ip_batch)
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
