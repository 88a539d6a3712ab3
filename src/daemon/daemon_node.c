/* SPDX-License-Identifier: ISC */
/* A device failure (`azlab node NODE down|up`): every interface the lab
 * gives the node (its links' ends, its bridges) administratively down
 * over netlink, then its daemons (FRR's, charon) stopped and held down
 * by the supervisor; up, the interfaces the lab declares up come back
 * and the daemons start anew, FRR getting its configuration as after
 * any restart. Interfaces first, as when a device loses power: its
 * neighbors lose the links before its bgpd could say goodbye. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_priv.h"
#include "core/log.h"
#include "kernel/nl.h"
#include "plan/plan.h"
#include "plan/plumb.h"
#include "proc/supervise.h"
#include "sdn/sdn.h"

static size_t node_index(const struct lab *lab, const struct lab_node *node)
{
	size_t i = 0;

	while (i < lab->n_nodes && lab->nodes[i] != node)
		i++;
	return i;
}

bool daemon_node_is_down(const struct azlab *az, const struct lab_node *node)
{
	return az->node_down[node_index(az->lab, node)];
}

/* "zebra,bgpd": the node's services, in the supervisor's order. */
static void node_daemons(const struct azlab *az, const char *node,
			 char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sup_count(az->sup); i++) {
		const struct svc *v = sup_svc(az->sup, i);

		if (strcmp(v->node, node) == 0 && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
					      n > 0 ? "," : "", v->name);
	}
}

/* Sets the node's interfaces down; how many, or -1 (e) at the first
 * that could not be. */
static int links_down(const struct lab_node *node, struct azerr *e)
{
	for (size_t i = 0; i < node->n_ifaces; i++)
		if (nl_node_link_set_up(node->name, node->ifaces[i]->name,
					false, e) < 0)
			return azerr_wrap(e, "%s:%s", node->name,
					  node->ifaces[i]->name);
	return (int)node->n_ifaces;
}

/* `up`'s own steps for the node's links and routes: the interfaces it
 * declares up, then its `routes:`, which the kernel dropped with the
 * links. How many interfaces, or -1 (e). */
static int links_up(const struct lab *lab, const struct lab_node *node,
		    struct azerr *e)
{
	struct plan plan, part = { 0 };
	struct plumb *p;
	int n = 0, rc = -1;

	if (plan_build(lab, &plan, e) < 0)
		return -1;
	part.steps = calloc(plan.n + 1, sizeof(*part.steps));
	for (size_t i = 0; part.steps != NULL && i < plan.n; i++) {
		const struct step *st = &plan.steps[i];

		if (st->node != node || (st->kind != STEP_LINK_UP &&
					 st->kind != STEP_ROUTE))
			continue;
		part.steps[part.n++] = *st;
		n += st->kind == STEP_LINK_UP && st->iface != NULL;
	}
	if (part.steps == NULL)
		azerr_set(e, "out of memory");
	else if ((p = plumb_new(e)) != NULL) {
		rc = plan_apply(&part, &plumb_netlink_ops, p, NULL, NULL, e);
		plumb_free(p);
	}
	free(part.steps);
	plan_free(&plan);
	return rc < 0 ? -1 : n;
}

int daemon_node_set(struct azlab *az, const struct lab_node *node, bool up,
		    char *out, size_t len, struct azerr *e)
{
	bool *down = &az->node_down[node_index(az->lab, node)];
	char daemons[256];
	size_t killed = 0;
	int links;

	if (*down == !up)
		return azerr_set(e, up ? "%s is not down" :
				 "%s is already down: bring it up first "
				 "(azlab node %s up)", node->name, node->name);
	links = up ? links_up(az->lab, node, e) : links_down(node, e);
	if (links < 0)
		return -1;
	/* a VM's routes from the SDN controller went with its links too */
	if (up && az->sdn != NULL && sdn_resync_host(az->sdn, node, e) < 0)
		log_warnx("%s", e->msg);
	if (up)
		sup_release_node(az->sup, node->name, sup_now_ms());
	else
		sup_hold_node(az->sup, node->name, 2000, &killed);
	*down = !up;
	node_daemons(az, node->name, daemons, sizeof(daemons));
	log_info("%s is %s: %d interfaces, daemons %s%s", node->name,
		 up ? "up" : "down", links, daemons[0] ? daemons : "none",
		 killed > 0 ? " (some killed with SIGKILL)" : "");
	/* a router of a shared FRR keeps its BGP instance: cut off with its
	 * links, its sessions fall as a dead device's do at its neighbors */
	snprintf(out, len, "interfaces=%d daemons=%s%s\n", links,
		 daemons[0] ? daemons : "-", az->lab->frr_shared &&
		 node->frr_config != NULL ? " frr=shared" : "");
	return 0;
}
