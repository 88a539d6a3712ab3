/* SPDX-License-Identifier: ISC */
/* azlab check and azlab plan: read-only verbs, no root needed. */
#include <stdio.h>

#include "cli.h"
#include "frr/frr_shared.h"
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

/* Each host builds its own share, so each has its own table to fill. */
static void warn_neigh(const struct lab *lab)
{
	if (lab->n_hosts == 0)
		cli_warn_neigh(stderr, "check", lab, NULL, cli_host_sysctl);
	for (size_t i = 0; i < lab->n_hosts; i++)
		cli_warn_neigh(stderr, "check", lab, &lab->hosts[i],
			       cli_host_sysctl);
}

/* `frr: shared`: each host's routers joined as its `up` joins them (a
 * bgpd each); false after a line on stderr. */
static bool frr_shared_ok(const struct lab *lab)
{
	struct azerr e;

	if (lab->n_hosts == 0) {
		if (frr_shared_check(lab, NULL, &e) == 0)
			return true;
		fprintf(stderr, "azlab: check: %s\n", e.msg);
		return false;
	}
	for (size_t i = 0; i < lab->n_hosts; i++) {
		if (frr_shared_check(lab, &lab->hosts[i], &e) == 0)
			continue;
		fprintf(stderr, "azlab: check: %s (host %s's routers)\n",
			e.msg, lab->hosts[i].name);
		return false;
	}
	return true;
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
	if (!frr_shared_ok(lab)) {
		lab_free(lab);
		return 1;
	}
	if (verbose)
		lab_print(lab, stdout);
	else
		printf("%s: lab %s is valid: %zu nodes, %zu links, %zu "
		       "bridges\n", lab->file, lab->name, lab->n_nodes,
		       lab->n_links, lab->n_bridges);
	if (!verbose)
		print_hosts(lab);
	warn_neigh(lab);
	lab_free(lab);
	return 0;
}

int cli_plan(int argc, char **argv)
{
	static const struct option ip_batch_opt[] = {
		{ "ip-batch", no_argument, NULL, CLI_OPT_OWN },
	};
	const char *file, *host;
	bool ip_batch;
	char what[256];
	struct plan plan;
	struct azerr e;
	struct lab *lab;
	int rc = cli_file_host_args("plan", ip_batch_opt, argc, argv, &file,
				    &ip_batch, &host);

	if (rc != CLI_GO_ON)
		return rc;
	lab = cli_load_share("plan", file, host);
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
