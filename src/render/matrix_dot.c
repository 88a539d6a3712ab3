/* SPDX-License-Identifier: ISC */
/* The reachability grid as a picture: one table, hosts down (from) and
 * across (to), each cell coloured by its word so that the pattern reads
 * before the words do. Graphviz draws it from an HTML-like label; a cell's
 * tooltip (SVG) carries what the word leaves out: address, RTT, error. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/dot_text.h"
#include "matrix.h"
#include "core/xml_text.h"

#define FONT	"fontname=\"Helvetica\""

static const struct {
	const char *word, *fill, *ink, *key;
} looks[] = {
	{ "yes", "#2e9d48", "#ffffff", "yes: pings answered" },
	{ "no", "#d62728", "#ffffff", "no: no answer" },
	{ "error", "#8c8c8c", "#ffffff", "error: ping could not run" },
	/* in the key only when the grid has one (a lab over hosts) */
	{ "elsewhere", "#d9d9d9", "#666666",
	  "elsewhere: pinged from another host (run matrix there)" },
	{ "-", "#f2f2f2", "#999999", NULL },	/* last: the fallback */
};
#define N_LOOKS	(sizeof(looks) / sizeof(looks[0]))

const char *grid_word(const struct grid *g, size_t from, size_t to)
{
	const struct cell *c = &g->cells[from * g->n + to];

	if (from == to)
		return "-";
	if (c->elsewhere != NULL)
		return "elsewhere";
	if (c->error[0] != '\0')
		return "error";
	return c->ping.received > 0 ? "yes" : "no";
}

static void put_tooltip(const struct cell *c, FILE *out)
{
	fputs(" TOOLTIP=\"", out);
	xml_put(c->from, false, out);
	fputs(" -&gt; ", out);
	xml_put(c->to, false, out);
	if (c->elsewhere != NULL) {
		fputs(": pinged from host ", out);
		xml_put(c->elsewhere, false, out);
		fputs("\"", out);
		return;
	}
	if (c->addr[0] != '\0') {
		fputs(" (", out);
		xml_put(c->addr, false, out);
		fputs(")", out);
	}
	if (c->error[0] != '\0') {
		fputs(": ", out);
		xml_put(c->error, false, out);
	} else if (c->ping.has_rtt) {
		fprintf(out, ": %u/%u answered, %.3f ms", c->ping.received,
			c->ping.transmitted, c->ping.rtt_avg);
	} else {
		fprintf(out, ": %u/%u answered", c->ping.received,
			c->ping.transmitted);
	}
	fputs("\"", out);
}

static void put_cell(const struct grid *g, size_t i, size_t k, FILE *out)
{
	const char *w = grid_word(g, i, k);
	size_t l = 0;

	while (l + 1 < N_LOOKS &&
	       strcmp(looks[l].word, w) != 0)
		l++;
	fprintf(out, "<TD BGCOLOR=\"%s\"", looks[l].fill);
	if (i != k)
		put_tooltip(&g->cells[i * g->n + k], out);
	fprintf(out, "><FONT COLOR=\"%s\">%s%s%s</FONT></TD>", looks[l].ink,
		i != k ? "<B>" : "", w, i != k ? "</B>" : "");
}

static void put_header(const char *name, FILE *out)
{
	fputs("<TD BGCOLOR=\"#e4eefb\"><B>", out);
	xml_put(name, false, out);
	fputs("</B></TD>", out);
}

static bool grid_has_elsewhere(const struct grid *g)
{
	for (size_t i = 0; i < g->n * g->n; i++)
		if (g->cells[i].elsewhere != NULL)
			return true;
	return false;
}

static void put_key(const struct grid *g, FILE *out)
{
	bool elsewhere = grid_has_elsewhere(g);

	fprintf(out, "    <TR><TD COLSPAN=\"%zu\" BORDER=\"0\" ALIGN=\"LEFT\">"
		"<FONT POINT-SIZE=\"10\">", g->n + 1);
	for (size_t l = 0; looks[l].key != NULL; l++) {	/* a square each */
		if (!elsewhere && strcmp(looks[l].word, "elsewhere") == 0)
			continue;
		fprintf(out, "%s<FONT COLOR=\"%s\">\xe2\x96\xa0</FONT> %s",
			l > 0 ? " &#160; " : "", looks[l].fill, looks[l].key);
	}
	fputs("</FONT></TD></TR>\n", out);
}

int matrix_dot(const struct grid *g, const char *lab, FILE *out)
{
	fputs("digraph matrix {\n  graph [" FONT ", fontsize=14, "
	      "labelloc=t, label=\"", out);
	put_esc(lab, out);
	fputs(": who reaches whom (ping)\"];\n"
	      "  node [shape=plaintext, " FONT ", fontsize=11];\n"
	      "  grid [label=<\n"
	      "    <TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"2\" "
	      "CELLPADDING=\"6\" COLOR=\"#ffffff\">\n"
	      "    <TR><TD BORDER=\"0\"><I>from \xe2\x86\x93  to "
	      "\xe2\x86\x92</I></TD>", out);
	for (size_t k = 0; k < g->n; k++)
		put_header(g->hosts[k], out);
	fputs("</TR>\n", out);
	for (size_t i = 0; i < g->n; i++) {
		fputs("    <TR>", out);
		put_header(g->hosts[i], out);
		for (size_t k = 0; k < g->n; k++)
			put_cell(g, i, k, out);
		fputs("</TR>\n", out);
	}
	put_key(g, out);
	fputs("    </TABLE>>];\n}\n", out);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
