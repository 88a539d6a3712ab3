/* SPDX-License-Identifier: ISC */
/* The grid `azlab matrix` fills: which hosts, in which order, which
 * cells this machine pings and at which address. Pure (the model only);
 * the pings are cli_matrix.c's. */
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

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

/* Each host's address, resolved once rather than once per cell; "" and
 * the reason in e where it has none. */
static void grid_addrs(const struct lab *lab, int family, struct grid *g,
		       char (*addr)[PROBE_ADDR_MAX], struct azerr *e)
{
	for (size_t k = 0; g->n > 1 && k < g->n; k++)
		if (probe_resolve(lab, g->hosts[k], family, addr[k],
				  &e[k]) < 0)
			addr[k][0] = '\0';
}

static void grid_cells(const struct lab *lab, const struct lab_node **nodes,
		       struct grid *g, char (*addr)[PROBE_ADDR_MAX],
		       const struct azerr *e)
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
			else
				memcpy(c->addr, addr[k], sizeof(c->addr));
		}
}

int grid_build(const struct lab *lab, int family, struct grid *g)
{
	const struct lab_node **nodes;
	struct azerr *e;
	char (*addr)[PROBE_ADDR_MAX];
	int rc = -1;

	memset(g, 0, sizeof(*g));
	nodes = grid_nodes(lab, &g->n);
	g->hosts = calloc(g->n + 1, sizeof(*g->hosts));
	g->cells = calloc(g->n * g->n + 1, sizeof(*g->cells));
	e = calloc(g->n + 1, sizeof(*e));
	addr = calloc(g->n + 1, sizeof(*addr));
	if (nodes != NULL && g->hosts != NULL && g->cells != NULL &&
	    e != NULL && addr != NULL) {
		for (size_t k = 0; k < g->n; k++)
			g->hosts[k] = nodes[k]->name;
		grid_addrs(lab, family, g, addr, e);
		grid_cells(lab, nodes, g, addr, e);
		rc = 0;
	}
	free(nodes);
	free(e);
	free(addr);
	if (rc < 0)
		grid_free(g);
	return rc;
}

bool grid_cell_pinged(const struct grid *g, size_t i)
{
	const struct cell *c = &g->cells[i];

	return i / g->n != i % g->n && c->elsewhere == NULL &&
	       c->error[0] == '\0';
}

void grid_free(struct grid *g)
{
	free(g->cells);
	free(g->hosts);
	memset(g, 0, sizeof(*g));
}
