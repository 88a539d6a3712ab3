/* SPDX-License-Identifier: ISC */
/* How many neighbour entries a lab can ask of one machine's kernel. The
 * kernel keeps one neighbour table per family for all its network
 * namespaces together, capped by the host's gc_thresh3: past the cap a
 * new entry fails (ENOBUFS) whichever node needs it, so what counts is
 * the sum over every node the machine builds. */
#include <stdlib.h>

#include "lab.h"

/* The interfaces of one broadcast segment with an address of the
 * family: all of them, and those on the machine counted. */
struct tally {
	size_t members;
	size_t here;
};

static bool has_family(const struct lab_iface *iface, int family)
{
	for (size_t i = 0; i < iface->n_addrs; i++)
		if (iface->addrs[i].family == family)
			return true;
	return false;
}

static void tally_add(struct tally *t, const struct lab_iface *iface,
		      const struct lab_host *host, int family)
{
	if (!has_family(iface, family))
		return;
	t->members++;
	t->here += host == NULL || iface->node->host == host;
}

/* Each member here learns every other member: one entry per interface,
 * however many addresses it has. */
static size_t tally_entries(const struct tally *t)
{
	return t->here > 0 ? t->here * (t->members - 1) : 0;
}

/* A split lab keeps the other hosts' bridges and links in lab->away; a
 * segment may cross hosts, so both halves are walked, in this order. */
static const struct lab_bridge *bridge_at(const struct lab *lab, size_t i)
{
	return i < lab->n_bridges ? lab->bridges[i]
				  : lab->away.bridges[i - lab->n_bridges];
}

static const struct lab_link *link_at(const struct lab *lab, size_t i)
{
	return i < lab->n_links ? lab->links[i]
				: lab->away.links[i - lab->n_links];
}

/* b's index; n_bridges of both halves (a sink no segment counts) for a
 * bridge the model does not hold, which a loaded lab never has. */
static size_t bridge_index(const struct lab *lab, const struct lab_bridge *b)
{
	size_t nb = lab->n_bridges + lab->away.n_bridges, i = 0;

	while (i < nb && bridge_at(lab, i) != b)
		i++;
	return i;
}

/* Bridges joined by a link between two of their ports (a VNet peering)
 * are one segment: its root bridge, by union-find over bridge indexes. */
static size_t segment_of(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

static void join_bridges(const struct lab *lab, size_t *parent, size_t nl)
{
	for (size_t i = 0; i < nl; i++) {
		const struct lab_link *l = link_at(lab, i);
		size_t a, b;

		if (l->end[0]->master == NULL || l->end[1]->master == NULL)
			continue;
		a = segment_of(parent, bridge_index(lab, l->end[0]->master));
		b = segment_of(parent, bridge_index(lab, l->end[1]->master));
		parent[a] = b;
	}
}

/* A link with no port is a segment of its own; one with a port brings
 * its other end into the port's bridge's segment. */
static size_t tally_links(const struct lab *lab, const struct lab_host *host,
			  int family, size_t *parent, struct tally *seg)
{
	size_t nl = lab->n_links + lab->away.n_links, entries = 0;

	for (size_t i = 0; i < nl; i++) {
		const struct lab_link *l = link_at(lab, i);
		struct lab_iface *const *end = l->end;
		struct tally veth = { 0, 0 };

		if (end[0]->master == NULL && end[1]->master == NULL) {
			tally_add(&veth, end[0], host, family);
			tally_add(&veth, end[1], host, family);
			entries += tally_entries(&veth);
		} else if (end[0]->master == NULL || end[1]->master == NULL) {
			int port = end[0]->master == NULL;
			size_t b = bridge_index(lab, end[port]->master);

			tally_add(&seg[segment_of(parent, b)], end[!port],
				  host, family);
		}
	}
	return entries;
}

int lab_neigh_count(const struct lab *lab, const struct lab_host *host,
		    int family, size_t *count)
{
	size_t nb = lab->n_bridges + lab->away.n_bridges;
	size_t *parent = calloc(nb + 1, sizeof(*parent));
	struct tally *seg = calloc(nb + 1, sizeof(*seg));

	if (parent == NULL || seg == NULL) {
		free(parent);
		free(seg);
		return -1;
	}
	for (size_t i = 0; i <= nb; i++)
		parent[i] = i;
	join_bridges(lab, parent, lab->n_links + lab->away.n_links);
	for (size_t i = 0; i < nb; i++)	/* a bridge with an address */
		tally_add(&seg[segment_of(parent, i)], bridge_at(lab, i)->iface,
			  host, family);
	*count = tally_links(lab, host, family, parent, seg);
	for (size_t i = 0; i < nb; i++)
		*count += tally_entries(&seg[i]);
	free(parent);
	free(seg);
	return 0;
}
