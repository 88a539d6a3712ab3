/* SPDX-License-Identifier: ISC */
/* `azlab matrix`: who reaches whom among a lab's hosts. The grid is
 * filled by real pings (cli_matrix.c); matrix_dot() is pure: grid in,
 * the picture as Graphviz DOT out (an HTML-like table, as Network
 * Watcher's grid view shows it). */
#ifndef AZLAB_MATRIX_H
#define AZLAB_MATRIX_H

#include <stdio.h>

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

/* "yes", "no", "error", "elsewhere" (a row another host measures), or
 * "-" on the diagonal. */
const char *grid_word(const struct grid *g, size_t from, size_t to);
/* The grid as a table drawn by dot, titled after lab. 0, or -1 on a
 * write error. */
int matrix_dot(const struct grid *g, const char *lab, FILE *out);

#endif
