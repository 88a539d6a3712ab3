/* SPDX-License-Identifier: ISC */
/* Shared by graph_dot.c and graph_path.c: the traced path's pieces that
 * graph_dot() weaves into the lab's diagram. */
#ifndef AZLAB_GRAPH_PRIV_H
#define AZLAB_GRAPH_PRIV_H

#include <stdio.h>

#include "core/dot_text.h"
#include "graph.h"

/* If node is on g's path: writes its part ("source", "hop 2", "hop 4 ·
 * destination") as a first label line, "\n" included; true then. */
bool graph_path_label(const struct graph *g, const struct lab_node *node,
		      FILE *out);
/* The attributes, after a comma, that mark a node on the path. */
extern const char graph_path_node_style[];
/* "trace SRC → DST (ADDR): hop, *, hop" and whether it was reached. */
void graph_path_title(const struct graph *g, FILE *out);
/* The path itself: a marker node for each hop no lab node owns (`*`
 * hops, strangers), the numbered edges from the source hop by hop. */
void graph_path_chain(const struct graph *g, FILE *out);
/* The legend's rows for the path, inside its cluster. */
void graph_path_legend(FILE *out);

#endif
