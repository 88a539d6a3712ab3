/* SPDX-License-Identifier: ISC */
/* `azlab graph [FILE] [--dot | --svg OUT | --png OUT]`: the lab drawn by
 * Graphviz's dot. The DOT text comes from graph_dot(); with a running
 * lab, interfaces found admin down are drawn down too. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "render/graph.h"
#include "kernel/nl.h"
#include "run/state.h"

struct graph_args {
	const char *file;
	struct cli_picture pic;	/* none: DOT to stdout */
};

enum { OPT_DOT = CLI_OPT_OWN };

static int graph_take(struct cli_args *a, int opt, const char *arg)
{
	struct graph_args *g = a->ctx;

	if (opt == OPT_DOT)	/* the default */
		return 0;
	return cli_picture_take(a, opt, arg, &g->pic);
}

static int parse_args(int argc, char **argv, struct graph_args *g)
{
	static const struct option opts[] = {
		{ "dot", no_argument, NULL, OPT_DOT },
		CLI_OPTIONS_PICTURE,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_args a = {
		.verb = "graph", .opts = opts, .take = graph_take, .ctx = g,
		.max = 1, .too_many = CLI_ONE_LAB_FILE,
	};
	int rc;

	memset(g, 0, sizeof(*g));
	if ((rc = cli_args(&a, argc, argv)) != CLI_GO_ON)
		return rc;
	g->file = a.n_args > 0 ? a.args[0] : NULL;
	return CLI_GO_ON;
}

/* The running lab's file when FILE is absent or names it; "" otherwise. */
static const char *running_file(const char *file, char *buf)
{
	struct lab_state st;
	char real[PATH_MAX];
	struct azerr e;

	if (state_read(&st, &e) != STATE_FOUND || !state_daemon_alive())
		return "";
	if (file != NULL && (realpath(file, real) == NULL ||
			     strcmp(real, st.file) != 0))
		return "";
	snprintf(buf, PATH_MAX, "%s", st.file);
	return buf;
}

static int node_live_down(struct graph *g, const struct lab_node *node,
			  struct azerr *e)
{
	struct nl_sock *s = nl_open_node(node->name, e);
	struct nl_iface *ifs = NULL;
	const struct lab_iface *ifc;
	size_t n = 0;
	int rc;

	if (s == NULL)
		return -1;
	rc = nl_dump_ifaces(s, &ifs, &n, e);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		ifc = lab_find_iface(node, ifs[i].name);
		if (ifc != NULL && !ifs[i].admin_up && !ifc->down)
			rc = graph_mark_down(g, ifc);
	}
	nl_ifaces_free(ifs, n);
	nl_close(s);
	return rc;
}

/* Best effort: a diagram without live state beats no diagram. */
static void add_live_state(const char *verb, struct graph *g)
{
	struct azerr e;

	if (geteuid() != 0) {
		fprintf(stderr, "azlab: %s: not root: links drawn as "
			"declared, not as they are\n", verb);
		return;
	}
	for (size_t i = 0; i < g->lab->n_nodes; i++) {
		char ns[LAB_NS_NAME_MAX];

		/* a node another host builds (a lab over hosts) is drawn
		 * as declared: its namespace is there, not here */
		if (!cli_node_ns_exists(g->lab->nodes[i]->name, ns,
					sizeof(ns)))
			continue;
		if (node_live_down(g, g->lab->nodes[i], &e) < 0) {
			fprintf(stderr, "azlab: %s: %s: %s; links drawn as "
				"declared\n", verb, g->lab->nodes[i]->name,
				e.msg);
			return;
		}
	}
}

static int write_graph(const void *g, FILE *out)
{
	return graph_dot(g, out);
}

int cli_graph_draw(const char *verb, const struct lab *lab,
		   const struct graph_path *path, const struct cli_picture *p,
		   bool live)
{
	struct graph g;
	struct azerr e;
	int rc;

	if (graph_collect(&g, lab, &e) < 0) {
		fprintf(stderr, "azlab: %s: %s\n", verb, e.msg);
		graph_free(&g);
		return 1;
	}
	if (live)
		add_live_state(verb, &g);
	g.path = path;
	if (p->format == NULL)
		rc = graph_dot(&g, stdout);
	else
		rc = cli_render(verb, p, write_graph, &g);
	graph_free(&g);
	return rc == 0 ? 0 : 1;
}

int cli_graph(int argc, char **argv)
{
	char buf[PATH_MAX];
	struct graph_args a;
	const char *running, *file;
	struct lab *lab;
	int rc = parse_args(argc, argv, &a);

	if (rc != CLI_GO_ON)
		return rc;
	running = running_file(a.file, buf);
	file = a.file != NULL ? a.file :
	       running[0] != '\0' ? running : cli_default_lab();
	lab = running[0] != '\0' ? cli_load_running("graph", running) :
				     cli_load_lab(file);
	if (lab == NULL)
		return 1;
	rc = cli_graph_draw("graph", lab, NULL, &a.pic, running[0] != '\0');
	lab_free(lab);
	return rc;
}
