/* A traceroute drawn over the lab's diagram: the source, every node that
 * answered (found by the address it answered from) and the destination
 * outlined, and a chain of bold numbered arrows from the source hop by
 * hop. A silent hop has no node to sit on, so it gets a small dashed
 * marker of its own; so does an answer from an address the lab does not
 * have. Pure: graph and path in, DOT text out. */
#include <stdio.h>
#include <string.h>

#include "graph_priv.h"

#define PATH_COLOR	"#e6550d"
#define PATH_EDGE	"color=\"" PATH_COLOR "\", fontcolor=\"" PATH_COLOR \
			"\", penwidth=4, arrowsize=1.3, dir=forward, " \
			"fontname=\"Helvetica-Bold\", fontsize=16"
#define MARKER_STYLE	"shape=box, style=\"dashed,rounded,filled\", " \
			"fillcolor=\"#fff0e6\", color=\"" PATH_COLOR "\", " \
			"fontcolor=\"" PATH_COLOR "\", penwidth=2, " \
			"fontname=\"Helvetica-Bold\", fontsize=12, " \
			"margin=\"0.06,0.03\", width=0, height=0"

const char graph_path_node_style[] =
	"penwidth=4, color=\"" PATH_COLOR "\"";

/* The node a hop answered from, NULL for a silent hop or a stranger. */
static const struct lab_node *hop_node(const struct graph *g,
				       const struct trace_hop *h)
{
	return h->n_addrs > 0 ? graph_addr_owner(g->lab, h->addr[0]) : NULL;
}

static const char *sep(bool *first)
{
	const char *s = *first ? "" : " \xc2\xb7 ";	/* middle dot */

	*first = false;
	return s;
}

bool graph_path_label(const struct graph *g, const struct lab_node *node,
		      FILE *out)
{
	const struct graph_path *p = g->path;
	const struct trace_result *r;
	bool first = true, hops = false;

	if (p == NULL)
		return false;
	r = p->trace;
	if (p->src == node)
		fprintf(out, "%ssource", sep(&first));
	for (size_t i = 0; i < r->n_hops; i++) {
		if (hop_node(g, &r->hops[i]) != node)
			continue;
		fprintf(out, "%s%d", hops ? ", " : (sep(&first), "hop "),
			r->hops[i].ttl);
		hops = true;
	}
	if (graph_addr_owner(g->lab, p->addr) == node)
		fprintf(out, "%sdestination%s", sep(&first),
			r->reached ? "" : ", not reached");
	if (!first)
		fputs("\\n", out);
	return !first;
}

void graph_path_title(const struct graph *g, FILE *out)
{
	const struct graph_path *p = g->path;
	const struct trace_result *r = p->trace;

	fputs("trace ", out);
	put_esc(p->src->name, out);
	fputs(" \xe2\x86\x92 ", out);	/* rightwards arrow */
	put_esc(p->dst, out);
	if (strcmp(p->dst, p->addr) != 0) {
		fputs(" (", out);
		put_esc(p->addr, out);
		fputs(")", out);
	}
	fputs(": ", out);
	for (size_t i = 0; i < r->n_hops; i++) {
		fputs(i > 0 ? ", " : "", out);
		put_esc(r->hops[i].n_addrs > 0 ? r->hops[i].addr[0] : "*", out);
	}
	fputs(r->n_hops == 0 ? "no hop" : "", out);
	fputs(r->reached ? " (reached)" : " (not reached)", out);
}

/* The marker of a hop no lab node owns, a node of its own: a large `*`
 * (or the stranger's address) over its TTL. */
static void put_marker(const struct trace_hop *h, FILE *out)
{
	fprintf(out, "  \"*%d\" [label=<", h->ttl);
	if (h->n_addrs == 0)
		fputs("<FONT POINT-SIZE=\"24\">*</FONT>", out);
	else	/* an address needs no HTML escaping */
		fprintf(out, "%s<BR/><FONT POINT-SIZE=\"9\">not in the lab"
			"</FONT>", h->addr[0]);
	fprintf(out, "<BR/><FONT POINT-SIZE=\"10\">hop %d</FONT>>, "
		MARKER_STYLE "];\n", h->ttl);
}

/* One end of a step: a lab node, or the marker of the hop at ttl. */
struct stop {
	const struct lab_node *node;
	int ttl;
};

static void put_stop(struct stop s, FILE *out)
{
	if (s.node != NULL)
		put_id(s.node->name, out);
	else
		fprintf(out, "\"*%d\"", s.ttl);
}

/* An edge into a marker ranks it one step after the previous hop, so
 * that silent hops line up where the devices hiding behind them stand;
 * every other edge leaves the lab's own layout alone. */
static void put_step(struct stop from, struct stop to, FILE *out)
{
	fputs("  ", out);
	put_stop(from, out);
	fputs(" -> ", out);
	put_stop(to, out);
	fprintf(out, " [label=\"%d\", " PATH_EDGE "%s];\n", to.ttl,
		to.node != NULL ? ", constraint=false" : "");
}

void graph_path_chain(const struct graph *g, FILE *out)
{
	const struct trace_result *r = g->path->trace;
	struct stop from = { .node = g->path->src };

	for (size_t i = 0; i < r->n_hops; i++) {
		const struct trace_hop *h = &r->hops[i];
		struct stop to = { .node = hop_node(g, h), .ttl = h->ttl };

		if (to.node == NULL)
			put_marker(h, out);
		put_step(from, to, out);
		from = to;
	}
}

void graph_path_legend(FILE *out)
{
	fputs("    lgpa -> lgpb [label=\"traced path, hop by hop\", "
	      PATH_EDGE "];\n"
	      "    lgstar [label=<<FONT POINT-SIZE=\"24\">*</FONT><BR/>"
	      "<FONT POINT-SIZE=\"10\">hop 2</FONT>>, " MARKER_STYLE "];\n"
	      "    lgstarx [label=\"hop that did not answer\"];\n"
	      "    lgstar -> lgstarx [style=invis];\n", out);
}
