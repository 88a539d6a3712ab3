/* SPDX-License-Identifier: ISC */
/* `azlab matrix`: who reaches whom among a lab's hosts. grid_build()
 * lays the grid out from the model, real pings fill it (cli_matrix.c),
 * and matrix_dot() is pure: grid in, the picture as Graphviz DOT out (an
 * HTML-like table, as Network Watcher's grid view shows it). */
#ifndef AZLAB_MATRIX_H
#define AZLAB_MATRIX_H

#include <stdbool.h>
#include <stdio.h>

#include "model/lab.h"
#include "probe/probe.h"

struct cell {
	const char *from, *to;		/* host names */
	char addr[PROBE_ADDR_MAX];
	struct ping_result ping;
	char error[512];		/* "" unless the ping could not run */
	/* a lab over hosts: the host that pings from `from`, when it is
	 * not this one (the cell is not measured here); else NULL */
	const char *elsewhere;
};

struct grid {
	const char **hosts;
	size_t n;
	struct cell *cells;		/* n * n, row = from; diagonal unused */
};

/* The grid of lab's hosts (role host), every one of the lab's in file
 * order, also on a lab over hosts, where the rows of another host's are
 * marked elsewhere. Each other cell has the address to ping (the host's
 * first of family, AF_UNSPEC: any), or the error saying why there is
 * none. 0, or -1 out of memory (g empty). */
int grid_build(const struct lab *lab, int family, struct grid *g);
/* True if cell i is one this machine pings. */
bool grid_cell_pinged(const struct grid *g, size_t i);
void grid_free(struct grid *g);

/* "yes", "no", "error", "elsewhere" (a row another host measures), or
 * "-" on the diagonal. */
const char *grid_word(const struct grid *g, size_t from, size_t to);
/* The grid as a table drawn by dot, titled after lab. 0, or -1 on a
 * write error. */
int matrix_dot(const struct grid *g, const char *lab, FILE *out);

#endif
