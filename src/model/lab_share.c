/* SPDX-License-Identifier: ISC */
/* One host's share of a lab that spans several (`hosts:`). Kept by
 * moving the rest aside rather than by marking it: every loop over the
 * model's nodes, links and bridges — the plan, the daemons, the waits,
 * the status — then sees only what this instance builds, unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"

#define VXLAN_OVERHEAD_V4	50	/* outer IPv4, UDP, VXLAN, Ethernet */
#define VXLAN_OVERHEAD_V6	70

unsigned lab_vxlan_mtu(const struct lab_host *a, const struct lab_host *b)
{
	unsigned mtu = a->mtu < b->mtu ? a->mtu : b->mtu;

	return mtu - (a->underlay.family == AF_INET6 ? VXLAN_OVERHEAD_V6
						     : VXLAN_OVERHEAD_V4);
}

bool lab_node_here(const struct lab *lab, const struct lab_node *node)
{
	return lab->here == NULL || node->host == lab->here;
}

int lab_link_end_here(const struct lab *lab, const struct lab_link *link)
{
	bool here0, here1;

	if (lab->here == NULL || link->vni == 0)
		return -1;
	here0 = link->end[0]->node->host == lab->here;
	here1 = link->end[1]->node->host == lab->here;
	if (here0 == here1)
		return -1;
	return here0 ? 0 : 1;
}

/* Moves the elements of arr (n of them) that keep() refuses to the end
 * of *away, keeping the order of both. Returns -1 on OOM. */
static int move_away(void **arr, size_t *n, void ***away, size_t *n_away,
		     const struct lab *lab,
		     bool (*keep)(const struct lab *, const void *))
{
	void **more = realloc(*away, (*n_away + *n) * sizeof(*more));
	size_t kept = 0;

	if (more == NULL && *n_away + *n > 0)
		return -1;
	*away = more;
	for (size_t i = 0; i < *n; i++) {
		if (keep(lab, arr[i]))
			arr[kept++] = arr[i];
		else
			(*away)[(*n_away)++] = arr[i];
	}
	*n = kept;
	return 0;
}

static bool keep_node(const struct lab *lab, const void *p)
{
	return lab_node_here(lab, p);
}

static bool keep_link(const struct lab *lab, const void *p)
{
	const struct lab_link *l = p;

	return lab_node_here(lab, l->end[0]->node) ||
	       lab_node_here(lab, l->end[1]->node);
}

static bool keep_bridge(const struct lab *lab, const void *p)
{
	const struct lab_bridge *b = p;

	return lab_node_here(lab, b->iface->node);
}

bool lab_keep_host(struct lab *lab, const char *name, char *err, size_t len)
{
	const struct lab_host *h = lab_find_host(lab, name);

	if (lab->here != NULL) {
		snprintf(err, len, "lab %s already keeps host %s's share",
			 lab->name, lab->here->name);
		return false;
	}
	if (h == NULL) {
		if (lab->n_hosts == 0)
			snprintf(err, len, "lab %s has no hosts: it is built "
				 "on one machine, without --host", lab->name);
		else
			snprintf(err, len, "lab %s has no host '%s'",
				 lab->name, name);
		return false;
	}
	lab->here = h;
	if (move_away((void **)lab->nodes, &lab->n_nodes,
		      (void ***)&lab->away.nodes, &lab->away.n_nodes, lab,
		      keep_node) < 0 ||
	    move_away((void **)lab->links, &lab->n_links,
		      (void ***)&lab->away.links, &lab->away.n_links, lab,
		      keep_link) < 0 ||
	    move_away((void **)lab->bridges, &lab->n_bridges,
		      (void ***)&lab->away.bridges, &lab->away.n_bridges, lab,
		      keep_bridge) < 0) {
		snprintf(err, len, "out of memory");
		return false;
	}
	for (size_t i = 0; i < lab->n_links; i++) {
		struct lab_link *l = lab->links[i];
		int k = lab_link_end_here(lab, l);

		if (k >= 0 && l->mtu == 0)
			l->mtu = lab_vxlan_mtu(l->end[k]->node->host,
					       l->end[!k]->node->host);
	}
	return true;
}
