/* SPDX-License-Identifier: ISC */
/* azlab matrix [--json] [--svg|--png OUT]: who reaches whom among the
 * lab's hosts, from real pings (two each, all pairs at once), as Network
 * Watcher's grid shows it; the picture comes from matrix_dot(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/json.h"
#include "render/matrix.h"
#include "core/parallel.h"
#include "probe/probe.h"

static void ping_cell(void *arg)
{
	struct cell *c = arg;
	struct azerr e;

	if (probe_ping(c->from, c->addr, 2, &c->ping, &e) < 0)
		snprintf(c->error, sizeof(c->error), "%s", e.msg);
}

static int by_file_order(const void *a, const void *b)
{
	const struct lab_node *x = *(const struct lab_node *const *)a;
	const struct lab_node *y = *(const struct lab_node *const *)b;

	if (x->pos.line != y->pos.line)
		return x->pos.line < y->pos.line ? -1 : 1;
	return (x->pos.col > y->pos.col) - (x->pos.col < y->pos.col);
}

/* Every host of the lab, in file order: on a lab over hosts, those
 * another host builds too (they are pinged, but ping from there). */
static const struct lab_node **grid_nodes(const struct lab *lab, size_t *n)
{
	const struct lab_node **v;

	v = calloc(lab->n_nodes + lab->away.n_nodes + 1, sizeof(*v));
	if (v == NULL)
		return NULL;
	*n = 0;
	for (size_t i = 0; i < lab->n_nodes; i++)
		if (lab->nodes[i]->role == ROLE_HOST)
			v[(*n)++] = lab->nodes[i];
	for (size_t i = 0; i < lab->away.n_nodes; i++)
		if (lab->away.nodes[i]->role == ROLE_HOST)
			v[(*n)++] = lab->away.nodes[i];
	qsort(v, *n, sizeof(*v), by_file_order);
	return v;
}

static void grid_cells(const struct lab *lab, const struct lab_node **nodes,
		       struct grid *g, char (*addr)[PROBE_ADDR_MAX],
		       const struct azerr *e, void **jobs, size_t *n_jobs)
{
	for (size_t i = 0; i < g->n; i++)
		for (size_t k = 0; k < g->n; k++) {
			struct cell *c = &g->cells[i * g->n + k];

			c->from = g->hosts[i];
			c->to = g->hosts[k];
			if (i == k)
				continue;
			if (!lab_node_here(lab, nodes[i]))
				c->elsewhere = nodes[i]->host->name;
			else if (addr[k][0] == '\0')
				snprintf(c->error, sizeof(c->error), "%s",
					 e[k].msg);
			else {
				memcpy(c->addr, addr[k], sizeof(c->addr));
				jobs[(*n_jobs)++] = c;
			}
		}
}

static int grid_fill(const struct lab *lab, int family, struct grid *g)
{
	const struct lab_node **nodes = grid_nodes(lab, &g->n);
	void **jobs;
	size_t n_jobs = 0;
	struct azerr *e;	/* per host: why it has no address */
	char (*addr)[PROBE_ADDR_MAX];	/* per host, "" if e says why */

	g->hosts = calloc(g->n + 1, sizeof(*g->hosts));
	g->cells = calloc(g->n * g->n + 1, sizeof(*g->cells));
	jobs = calloc(g->n * g->n + 1, sizeof(*jobs));
	e = calloc(g->n + 1, sizeof(*e));
	addr = calloc(g->n + 1, sizeof(*addr));
	if (nodes == NULL || g->hosts == NULL || g->cells == NULL ||
	    jobs == NULL || e == NULL || addr == NULL) {
		free(nodes);
		free(jobs);
		free(e);
		free(addr);
		g->n = 0;
		return -1;
	}
	for (size_t k = 0; k < g->n; k++)
		g->hosts[k] = nodes[k]->name;
	/* each host resolved once, not once per cell */
	if (g->n > 1)
		for (size_t k = 0; k < g->n; k++)
			if (probe_resolve(lab, g->hosts[k], family, addr[k],
					  &e[k]) < 0)
				addr[k][0] = '\0';
	grid_cells(lab, nodes, g, addr, e, jobs, &n_jobs);
	parallel_each(jobs, n_jobs, ping_cell);
	free(nodes);
	free(jobs);
	free(e);
	free(addr);
	return 0;
}

/* The row's host, if another host pings from it (NULL on the
 * diagonal's only cell, a grid of one). */
static const char *row_elsewhere(const struct grid *g, size_t i)
{
	return g->cells[i * g->n + (i == 0 ? 1 : 0)].elsewhere;
}

static bool host_seen_before(const struct grid *g, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (row_elsewhere(g, k) == row_elsewhere(g, i))
			return true;
	return false;
}

/* As verify says of its cases: which rows the other hosts measure, a
 * line per host. */
static void grid_text_elsewhere(const struct grid *g)
{
	for (size_t i = 0; g->n > 1 && i < g->n; i++) {
		const char *host = row_elsewhere(g, i);
		const char *sep = "";

		if (host == NULL || host_seen_before(g, i))
			continue;
		printf("host %s pings from ", host);
		for (size_t k = i; k < g->n; k++)
			if (row_elsewhere(g, k) == host) {
				printf("%s%s", sep, g->hosts[k]);
				sep = ", ";
			}
		printf(": run matrix there for those rows\n");
	}
}

static void grid_text(const struct grid *g)
{
	size_t w = strlen("from \\ to");

	for (size_t i = 0; i < g->n; i++)
		if (strlen(g->hosts[i]) > w)
			w = strlen(g->hosts[i]);
	printf("%-*s", (int)w, "from \\ to");
	for (size_t k = 0; k < g->n; k++)
		printf("  %-*s", (int)w, g->hosts[k]);
	printf("\n");
	for (size_t i = 0; i < g->n; i++) {
		printf("%-*s", (int)w, g->hosts[i]);
		for (size_t k = 0; k < g->n; k++)
			printf("  %-*s", (int)w, grid_word(g, i, k));
		printf("\n");
	}
	grid_text_elsewhere(g);
	for (size_t i = 0; i < g->n * g->n; i++)
		if (g->cells[i].error[0] != '\0')
			fprintf(stderr, "azlab: matrix: %s -> %s: %s\n",
				g->cells[i].from, g->cells[i].to,
				g->cells[i].error);
}

static void grid_json(const struct grid *g)
{
	size_t elsewhere = 0;	/* pairs another host pings */
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j);
	json_key_strs(&j, "hosts", g->hosts, g->n);
	json_key(&j, "pairs");
	json_arr_begin(&j);
	for (size_t i = 0; i < g->n * g->n; i++) {
		const struct cell *c = &g->cells[i];

		if (i / g->n == i % g->n)
			continue;
		if (c->elsewhere != NULL) {
			elsewhere++;
			continue;
		}
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
	json_key(&j, "elsewhere");
	json_int(&j, (long long)elsewhere);
	json_obj_end(&j);
	json_end(&j);
}

struct matrix_picture {
	const struct grid *grid;
	const char *lab;
};

static int write_matrix(const void *arg, FILE *out)
{
	const struct matrix_picture *m = arg;

	return matrix_dot(m->grid, m->lab, out);
}

/* After the text or JSON, as trace does: the picture is in addition. */
static int grid_picture(const struct grid *g, const struct lab *lab,
			const struct cli_picture *pic)
{
	struct matrix_picture m = {
		.grid = g,
		.lab = lab->name != NULL ? lab->name : "lab",
	};

	fflush(stdout);
	return cli_render("matrix", pic, write_matrix, &m);
}

struct matrix_args {
	struct cli_picture pic;
	int family;		/* of the hosts' addresses: AF_UNSPEC, any */
};

static int matrix_take(struct cli_args *a, int opt, const char *out)
{
	struct matrix_args *m = a->ctx;

	if (opt == '6') {
		m->family = AF_INET6;
		return 0;
	}
	return cli_picture_take(a, opt, out, &m->pic);
}

int cli_matrix(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_OPTIONS_PICTURE,
		{ "ipv6", no_argument, NULL, '6' },
		{ NULL, 0, NULL, 0 },
	};
	struct matrix_args m = { .family = AF_UNSPEC };
	struct cli_picture *pic = &m.pic;
	bool json = false, failed = false;
	struct cli_args a = {
		.verb = "matrix", .opts = opts, .take = matrix_take,
		.ctx = &m, .json = &json,
	};
	struct grid g = { 0 };
	struct lab *lab;
	int rc;

	if ((rc = cli_args(&a, argc, argv)) != CLI_GO_ON)
		return rc;
	if (cli_need_root("matrix") < 0)
		return 1;
	if ((lab = cli_running_lab("matrix")) == NULL)
		return 1;
	if (cli_wait_converged("matrix") < 0) {
		lab_free(lab);
		return 1;
	}
	if (grid_fill(lab, m.family, &g) < 0) {
		fprintf(stderr, "azlab: matrix: out of memory\n");
		failed = true;
	} else {
		if (json)
			grid_json(&g);
		else
			grid_text(&g);
		if (pic->format != NULL && grid_picture(&g, lab, pic) != 0)
			failed = true;
	}
	for (size_t i = 0; i < g.n * g.n; i++)
		failed |= g.cells[i].error[0] != '\0';
	free(g.cells);
	free(g.hosts);
	lab_free(lab);
	return failed ? 1 : 0;
}
