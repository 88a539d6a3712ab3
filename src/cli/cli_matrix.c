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

/* The grid, then a ping for every cell that needs one, all at once. */
static int grid_fill(const struct lab *lab, int family, struct grid *g)
{
	void **jobs;
	size_t n_jobs = 0;

	if (grid_build(lab, family, g) < 0)
		return -1;
	jobs = calloc(g->n * g->n + 1, sizeof(*jobs));
	if (jobs == NULL)
		return -1;
	for (size_t i = 0; i < g->n * g->n; i++)
		if (grid_cell_pinged(g, i))
			jobs[n_jobs++] = &g->cells[i];
	parallel_each(jobs, n_jobs, ping_cell);
	free(jobs);
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
	grid_free(&g);
	lab_free(lab);
	return failed ? 1 : 0;
}
