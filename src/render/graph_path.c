/* SPDX-License-Identifier: ISC */
/* A traceroute drawn over the lab's diagram: the source, every node that
 * answered (found by the address it answered from) and the destination
 * outlined, and a chain of bold numbered arrows from the source hop by
 * hop. A silent hop has no node to sit on, so it gets a small dashed
 * marker of its own (a long run of them, one); so does an answer from an
 * address the lab does not have. Pure: graph and path in, DOT text out. */
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
	char path[TRACE_PATH_STR_MAX];

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
	trace_path_str(r, path, sizeof(path));
	put_esc(path, out);
	fputs(r->reached ? " (reached)" : " (not reached)", out);
}

/* A run of this many silent hops or more is one marker: a trace that
 * stops answering would otherwise trail a dozen markers to max TTL. */
#define STAR_RUN	3

/* One step of the chain: a lab node, or the marker of the hops from ttl
 * to last (the same but for a run of silent hops). */
struct stop {
	const struct lab_node *node;
	int ttl, last;
};

static void put_stop(struct stop s, FILE *out)
{
	if (s.node != NULL)
		put_id(s.node->name, out);
	else
		fprintf(out, "\"*%d\"", s.ttl);
}

/* "2", or "2–15" for a run */
static void put_ttls(struct stop s, FILE *out)
{
	fprintf(out, "%d", s.ttl);
	if (s.last != s.ttl)
		fprintf(out, "\xe2\x80\x93%d", s.last);	/* en dash */
}

/* The marker of hops no lab node owns, a node of its own: a large `*`
 * (or the stranger's address) over the TTLs. */
static void put_marker(const struct trace_hop *h, struct stop s, FILE *out)
{
	fputs("  ", out);
	put_stop(s, out);
	fputs(" [label=<", out);
	if (h->n_addrs == 0)
		fputs("<FONT POINT-SIZE=\"24\">*</FONT>", out);
	else	/* an address needs no HTML escaping */
		fprintf(out, "%s<BR/><FONT POINT-SIZE=\"9\">not in the lab"
			"</FONT>", h->addr[0]);
	fprintf(out, "<BR/><FONT POINT-SIZE=\"10\">hop%s ",
		s.last != s.ttl ? "s" : "");
	put_ttls(s, out);
	fputs("</FONT>>, " MARKER_STYLE "];\n", out);
}

/* Every arrow ranks its head after its tail, as a link does: the path
 * then reads left to right in one chain, and a silent hop's marker falls
 * between its neighbours, where the device hiding behind it stands. Left
 * out of the ranking (tried), the arrows wander around the whole lab.
 * The number is an xlabel, placed on the drawn arrow; a label would be
 * laid out as a node of its own, away from it. */
static void put_step(struct stop from, struct stop to, FILE *out)
{
	fputs("  ", out);
	put_stop(from, out);
	fputs(" -> ", out);
	put_stop(to, out);
	fputs(" [xlabel=\"", out);
	put_ttls(to, out);
	fputs("\", " PATH_EDGE "];\n", out);
}

/* How many silent hops from hops[i] on. */
static size_t silent_run(const struct trace_result *r, size_t i)
{
	size_t n = 0;

	while (i + n < r->n_hops && r->hops[i + n].n_addrs == 0)
		n++;
	return n;
}

void graph_path_chain(const struct graph *g, FILE *out)
{
	const struct trace_result *r = g->path->trace;
	struct stop from = { .node = g->path->src };

	for (size_t i = 0; i < r->n_hops; i++) {
		const struct trace_hop *h = &r->hops[i];
		struct stop to = { hop_node(g, h), h->ttl, h->ttl };
		size_t run = silent_run(r, i);

		if (run >= STAR_RUN) {
			i += run - 1;
			to.last = r->hops[i].ttl;
		}
		if (to.node == NULL)
			put_marker(h, to, out);
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
