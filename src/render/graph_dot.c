/* SPDX-License-Identifier: ISC */
/* The lab as Graphviz DOT: nodes grouped by `site:` in clusters, shaped
 * by role, links labelled with both ends' interfaces and addresses, a
 * link down dashed and red, BGP sessions and IPsec tunnels as edges of
 * their own styles, and a legend; a traced path, if any, over it all
 * (graph_path.c). Pure: model in, text out. */
#include <stdio.h>
#include <string.h>

#include "graph_priv.h"

#define FONT	"fontname=\"Helvetica\""
#define BGP_STYLE	"style=dashed, color=\"#1f5fbf\", " \
			"fontcolor=\"#1f5fbf\""
#define IPSEC_STYLE	"style=dotted, penwidth=2.5, color=\"#1a8a3a\", " \
			"fontcolor=\"#1a8a3a\""
/* Under a traced path the lab steps back (a link down stays red: it may
 * be why the path goes where it does); later attributes win in DOT. */
#define LINK_FADED	"color=\"#b0b0b0\", fontcolor=\"#8c8c8c\""
#define BGP_FADED	", color=\"#1f5fbf50\", fontcolor=\"#1f5fbf90\""
#define IPSEC_FADED	", color=\"#1a8a3a50\", fontcolor=\"#1a8a3a90\""
#define DOWN_STYLE	"style=dashed, penwidth=1.5, color=\"#d62728\", " \
			"fontcolor=\"#d62728\""

static void put_addrs(const struct prefix *addrs, size_t n, FILE *out)
{
	char a[PREFIX_STRLEN];

	for (size_t i = 0; i < n; i++) {
		fputs(i == 0 ? " " : ", ", out);
		put_esc(prefix_fmt(&addrs[i], a), out);
	}
}

static const char *role_shape(enum lab_role role)
{
	switch (role) {
	case ROLE_HOST:
		return "shape=box, style=\"rounded,filled\", "
		       "fillcolor=\"#fff4d6\"";
	case ROLE_ROUTER:
		return "shape=ellipse, style=filled, fillcolor=\"#e4eefb\"";
	case ROLE_FABRIC:
		return "shape=hexagon, style=filled, fillcolor=\"#e8e8e8\"";
	}
	return "shape=ellipse";
}

static void put_node(const struct graph *g, const struct lab_node *node,
		     const char *indent, FILE *out)
{
	bool on_path;

	fprintf(out, "%s", indent);
	put_id(node->name, out);
	fputs(" [label=\"", out);
	on_path = graph_path_label(g, node, out);
	put_esc(node->name, out);
	for (size_t i = 0; i < node->n_ifaces; i++) {
		const struct lab_iface *ifc = node->ifaces[i];

		if (ifc->bridge == NULL)
			continue;
		fputs("\\n", out);
		put_esc(ifc->name, out);
		put_addrs(ifc->addrs, ifc->n_addrs, out);
	}
	if (node->n_loopback > 0) {
		fputs("\\nlo", out);
		put_addrs(node->loopback, node->n_loopback, out);
	}
	fprintf(out, "\", %s%s%s];\n", role_shape(node->role),
		on_path ? ", " : "", on_path ? graph_path_node_style : "");
}

static bool seen_site(const struct lab *lab, size_t upto, const char *site)
{
	for (size_t i = 0; i < upto; i++)
		if (lab->nodes[i]->site != NULL &&
		    strcmp(lab->nodes[i]->site, site) == 0)
			return true;
	return false;
}

/* One cluster per site, in the order the sites first appear. */
static void put_cluster(const struct graph *g, const char *site, FILE *out)
{
	const struct lab *lab = g->lab;

	fputs("  subgraph ", out);
	fputs("\"cluster_", out);
	put_esc(site, out);
	fputs("\" {\n    label=\"", out);
	put_esc(site, out);
	fputs("\"; style=\"rounded,filled\"; fillcolor=\"#f7f7f7\"; "
	      "color=\"#999999\";\n", out);
	for (size_t i = 0; i < lab->n_nodes; i++)
		if (lab->nodes[i]->site != NULL &&
		    strcmp(lab->nodes[i]->site, site) == 0)
			put_node(g, lab->nodes[i], "    ", out);
	fputs("  }\n", out);
}

static void put_nodes(const struct graph *g, FILE *out)
{
	const struct lab *lab = g->lab;

	for (size_t i = 0; i < lab->n_nodes; i++) {
		const char *site = lab->nodes[i]->site;

		if (site == NULL)
			put_node(g, lab->nodes[i], "  ", out);
		else if (!seen_site(lab, i, site))
			put_cluster(g, site, out);
	}
}

static bool iface_down(const struct graph *g, const struct lab_iface *ifc)
{
	if (ifc->down)
		return true;
	for (size_t i = 0; i < g->n_live_down; i++)
		if (g->live_down[i] == ifc)
			return true;
	return false;
}

static void put_end(const struct lab_iface *ifc, FILE *out)
{
	put_esc(ifc->name, out);
	put_addrs(ifc->addrs, ifc->n_addrs, out);
}

static size_t node_index(const struct lab *lab, const struct lab_node *n)
{
	for (size_t i = 0; i < lab->n_nodes; i++)
		if (lab->nodes[i] == n)
			return i;
	return lab->n_nodes;
}

/* A link from the end whose node the file names first: dot ranks along
 * edges, so the file's order (VNets, gateways, MSEEs, on-premises, the
 * underlay) becomes the diagram's left to right. */
static void put_link(const struct graph *g, const struct lab_link *l,
		     FILE *out)
{
	bool down = iface_down(g, l->end[0]) || iface_down(g, l->end[1]);
	bool swap = node_index(g->lab, l->end[1]->node) <
		    node_index(g->lab, l->end[0]->node);
	const struct lab_iface *tail = l->end[swap], *head = l->end[!swap];

	fputs("  ", out);
	put_id(tail->node->name, out);
	fputs(" -> ", out);
	put_id(head->node->name, out);
	fputs(" [label=\"", out);
	if (down)
		fputs("down\\n", out);
	put_end(tail, out);
	fputs("\\n", out);
	put_end(head, out);
	fprintf(out, "\"%s%s];\n", down ? ", " : "", down ? DOWN_STYLE : "");
}

static void put_bgp(const struct graph *g, const struct graph_bgp *s,
		    FILE *out)
{
	bool ibgp = strcmp(s->as_a, s->as_b) == 0;

	fputs("  ", out);
	put_id(s->a->name, out);
	fputs(" -> ", out);
	put_id(s->b->name, out);
	fprintf(out, " [label=\"%s AS ", ibgp ? "iBGP" : "eBGP");
	put_esc(s->as_a, out);
	if (!ibgp) {
		fputs("\xe2\x80\x93", out);	/* en dash */
		put_esc(s->as_b, out);
	}
	fprintf(out, "\", " BGP_STYLE ", constraint=false%s];\n",
		g->path != NULL ? BGP_FADED : "");
}

static void put_tunnel(const struct graph *g, const struct graph_tunnel *t,
		       FILE *out)
{
	fputs("  ", out);
	put_id(t->a->name, out);
	fputs(" -> ", out);
	put_id(t->b->name, out);
	fputs(" [label=\"IPsec ", out);
	put_esc(t->name, out);
	fprintf(out, "\", " IPSEC_STYLE ", constraint=false%s];\n",
		g->path != NULL ? IPSEC_FADED : "");
}

static void put_legend(const struct graph *g, FILE *out)
{
	static const char *const rows[][2] = {
		{ "link (interface address, each end)", "" },
		{ "link down", DOWN_STYLE },
		{ "BGP session", BGP_STYLE },
		{ "IPsec tunnel", IPSEC_STYLE },
	};

	fputs("  subgraph cluster_legend {\n"
	      "    label=\"Legend\"; style=rounded; color=\"#999999\";\n"
	      "    node [shape=plaintext, style=\"\", label=\"\", width=0.1,"
	      " height=0.1];\n"
	      "    lg_host [label=\"host\", shape=box, style=rounded];\n"
	      "    lg_router [label=\"router\", shape=ellipse];\n"
	      "    lg_fabric [label=\"fabric (bridge)\", shape=hexagon];\n",
	      out);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		fprintf(out, "    lg%zua -> lg%zub [label=\"%s\"%s%s];\n",
			i, i, rows[i][0],
			rows[i][1][0] != '\0' ? ", " : "", rows[i][1]);
	if (g->path != NULL)
		graph_path_legend(out);
	fputs("  }\n", out);
}

int graph_dot(const struct graph *g, FILE *out)
{
	const struct lab *lab = g->lab;

	fputs("digraph ", out);
	put_id(lab->name != NULL ? lab->name : "lab", out);
	fputs(" {\n  graph [rankdir=LR, " FONT ", fontsize=14, "
	      "nodesep=0.25, ranksep=0.9, label=\"", out);
	put_esc(lab->name != NULL ? lab->name : "lab", out);
	if (g->path != NULL) {
		fputs(": ", out);
		graph_path_title(g, out);
	}
	fprintf(out, "\", labelloc=t];\n"
		"  node [" FONT ", fontsize=11];\n"
		"  edge [" FONT ", fontsize=9, dir=none%s];\n",
		g->path != NULL ? ", " LINK_FADED : "");
	put_nodes(g, out);
	for (size_t i = 0; i < lab->n_links; i++)
		put_link(g, lab->links[i], out);
	for (size_t i = 0; i < g->n_bgp; i++)
		put_bgp(g, &g->bgp[i], out);
	for (size_t i = 0; i < g->n_tunnels; i++)
		put_tunnel(g, &g->tunnels[i], out);
	if (g->path != NULL)
		graph_path_chain(g, out);
	put_legend(g, out);
	fputs("}\n", out);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
