/* azlab matrix [--json]: who reaches whom among the lab's hosts, from
 * real pings (two each, all pairs at once), as Network Watcher's grid
 * shows it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "parallel.h"
#include "probe.h"

struct cell {
	const char *from, *to;		/* host names */
	char addr[PROBE_ADDR_MAX];
	struct ping_result ping;
	char error[512];		/* "" unless the ping could not run */
};

struct grid {
	const struct lab_node **hosts;
	size_t n;
	struct cell *cells;		/* n * n, row = from; diagonal unused */
};

static void ping_cell(void *arg)
{
	struct cell *c = arg;
	struct azerr e;

	if (probe_ping(c->from, c->addr, 2, &c->ping, &e) < 0)
		snprintf(c->error, sizeof(c->error), "%s", e.msg);
}

static int grid_fill(const struct lab *lab, struct grid *g)
{
	void **jobs;
	size_t n_jobs = 0;
	struct azerr e;

	g->hosts = calloc(lab->n_nodes, sizeof(*g->hosts));
	if (g->hosts == NULL)
		return -1;
	for (size_t i = 0; i < lab->n_nodes; i++)
		if (lab->nodes[i]->role == ROLE_HOST)
			g->hosts[g->n++] = lab->nodes[i];
	g->cells = calloc(g->n * g->n + 1, sizeof(*g->cells));
	jobs = calloc(g->n * g->n + 1, sizeof(*jobs));
	if (g->cells == NULL || jobs == NULL) {
		free(jobs);
		return -1;
	}
	for (size_t i = 0; i < g->n; i++)
		for (size_t k = 0; k < g->n; k++) {
			struct cell *c = &g->cells[i * g->n + k];

			c->from = g->hosts[i]->name;
			c->to = g->hosts[k]->name;
			if (i == k)
				continue;
			if (probe_resolve(lab, c->to, c->addr, &e) < 0)
				snprintf(c->error, sizeof(c->error), "%s",
					 e.msg);
			else
				jobs[n_jobs++] = c;
		}
	parallel_each(jobs, n_jobs, ping_cell);
	free(jobs);
	return 0;
}

static const char *cell_word(const struct cell *c)
{
	if (c->error[0] != '\0')
		return "error";
	return c->ping.received > 0 ? "yes" : "no";
}

static void grid_text(const struct grid *g)
{
	size_t w = strlen("from \\ to");

	for (size_t i = 0; i < g->n; i++)
		if (strlen(g->hosts[i]->name) > w)
			w = strlen(g->hosts[i]->name);
	printf("%-*s", (int)w, "from \\ to");
	for (size_t k = 0; k < g->n; k++)
		printf("  %-*s", (int)w, g->hosts[k]->name);
	printf("\n");
	for (size_t i = 0; i < g->n; i++) {
		printf("%-*s", (int)w, g->hosts[i]->name);
		for (size_t k = 0; k < g->n; k++)
			printf("  %-*s", (int)w, i == k ? "-" :
			       cell_word(&g->cells[i * g->n + k]));
		printf("\n");
	}
	for (size_t i = 0; i < g->n * g->n; i++)
		if (g->cells[i].error[0] != '\0')
			fprintf(stderr, "azlab: matrix: %s -> %s: %s\n",
				g->cells[i].from, g->cells[i].to,
				g->cells[i].error);
}

static void grid_json(const struct grid *g)
{
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j);
	json_key(&j, "hosts");
	json_arr_begin(&j);
	for (size_t i = 0; i < g->n; i++)
		json_str(&j, g->hosts[i]->name);
	json_arr_end(&j);
	json_key(&j, "pairs");
	json_arr_begin(&j);
	for (size_t i = 0; i < g->n * g->n; i++) {
		const struct cell *c = &g->cells[i];

		if (i / g->n == i % g->n)
			continue;
		json_obj_begin(&j);
		json_key(&j, "from");
		json_str(&j, c->from);
		json_key(&j, "to");
		json_str(&j, c->to);
		json_key(&j, "address");
		json_str(&j, c->addr[0] != '\0' ? c->addr : NULL);
		json_key(&j, "reachable");
		json_bool(&j, c->error[0] == '\0' && c->ping.received > 0);
		json_key(&j, "rttMs");
		if (c->ping.has_rtt)
			json_double(&j, c->ping.rtt_avg);
		else
			json_null(&j);
		json_key(&j, "error");
		json_str(&j, c->error[0] != '\0' ? c->error : NULL);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

int cli_matrix(int argc, char **argv)
{
	struct grid g = { 0 };
	struct lab *lab;
	bool json = false, failed = false;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") != 0)
			return cli_usage_error("matrix", "unknown argument "
					       "'%s'", argv[i]);
		json = true;
	}
	if (cli_need_root("matrix") < 0)
		return 1;
	if ((lab = cli_running_lab("matrix")) == NULL)
		return 1;
	if (grid_fill(lab, &g) < 0) {
		fprintf(stderr, "azlab: matrix: out of memory\n");
		failed = true;
	} else if (json) {
		grid_json(&g);
	} else {
		grid_text(&g);
	}
	for (size_t i = 0; i < g.n * g.n; i++)
		failed |= g.cells[i].error[0] != '\0';
	free(g.cells);
	free(g.hosts);
	lab_free(lab);
	return failed ? 1 : 0;
}
