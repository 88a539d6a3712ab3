/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include "model/lab.h"
#include "core/log.h"
#include "core/grow.h"
#include "kernel/netns.h"
#include "kernel/nl.h"
#include "plumb.h"
#include "kernel/sysctl.h"
#include "ttl.h"

/* Above what the kernel hands out for lo and the bridges of a lab. */
#define PLUMB_FIRST_IFINDEX 100

struct plumb_ns {
	char name[LAB_NS_NAME_MAX];
	int fd;
	struct nl_sock *nl;
};

struct plumb {
	struct nl_sock *here;		/* the daemon's own namespace: veths */
	struct plumb_ns *ns;
	size_t n, cap;
	int next_ifindex;		/* for veth ends, see op_veth_create */
	size_t delays_applied;		/* links */
	size_t delays_unapplied;	/* links, for want of netem: once the
					 * kernel has said so, stop asking */
};

struct plumb *plumb_new(struct azerr *e)
{
	struct plumb *p = calloc(1, sizeof(*p));

	if (p == NULL) {
		azerr_set(e, "out of memory");
		return NULL;
	}
	p->next_ifindex = PLUMB_FIRST_IFINDEX;
	p->here = nl_open(-1, e);
	if (p->here == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

void plumb_free(struct plumb *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++) {
		nl_close(p->ns[i].nl);
		close(p->ns[i].fd);
	}
	nl_close(p->here);
	free(p->ns);
	free(p);
}

/* The namespace by name, opened on first use. */
static struct plumb_ns *plumb_ns_get(struct plumb *p, const char *name,
				     struct azerr *e)
{
	struct plumb_ns *n;

	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->ns[i].name, name) == 0)
			return &p->ns[i];
	if (grow(&p->ns, &p->cap, p->n + 1, sizeof(*p->ns)) < 0) {
		azerr_set(e, "out of memory");
		return NULL;
	}
	n = &p->ns[p->n];
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->fd = netns_open(name, e);
	if (n->fd < 0)
		return NULL;
	n->nl = nl_open(n->fd, e);
	if (n->nl == NULL) {
		close(n->fd);
		return NULL;
	}
	p->n++;
	return n;
}

static int op_netns_create(void *ctx, const char *ns, struct azerr *e)
{
	if (netns_create(ns, e) < 0)
		return -1;
	return plumb_ns_get(ctx, ns, e) != NULL ? 0 : -1;
}

static int op_veth_create(void *ctx, const char *ns_a, const char *if_a,
			  const char *ns_b, const char *if_b, unsigned mtu,
			  struct azerr *e)
{
	struct plumb *p = ctx;
	struct plumb_ns *a = plumb_ns_get(p, ns_a, e);
	struct plumb_ns *b = a != NULL ? plumb_ns_get(p, ns_b, e) : NULL;

	if (b == NULL)
		return -1;
	/* The kernel handles a link's carrier change at once only if the
	 * device's ifindex differs from its peer's (linkwatch treats equal
	 * ones as unstacked and batches them, up to a second late). Fresh
	 * namespaces all start at ifindex 2, so pick distinct ones. */
	struct nl_veth v = { if_a, a->fd, p->next_ifindex, if_b, b->fd,
			     p->next_ifindex + 1, mtu };

	p->next_ifindex += 2;
	return nl_veth_create(p->here, &v, e);
}

static int op_vxlan_create(void *ctx, const char *ns,
			   const struct lab_link *link,
			   const struct lab_iface *iface, struct azerr *e)
{
	struct plumb *p = ctx;
	struct plumb_ns *n = plumb_ns_get(p, ns, e);
	const struct lab_iface *far = link->end[link->end[0] == iface];
	struct nl_vxlan v = {
		.name = iface->name, .vni = link->vni,
		.local = &iface->node->host->underlay,
		.remote = &far->node->host->underlay,
		.port = LAB_VXLAN_PORT, .mtu = link->mtu,
	};

	if (n == NULL)
		return -1;
	v.ns_fd = n->fd;
	return nl_vxlan_create(p->here, &v, e);
}

static int op_bridge_create(void *ctx, const char *ns, const char *br,
			    struct azerr *e)
{
	struct plumb_ns *n = plumb_ns_get(ctx, ns, e);

	return n != NULL ? nl_bridge_create(n->nl, br, e) : -1;
}

static int op_set_master(void *ctx, const char *ns, const char *ifname,
			 const char *br, struct azerr *e)
{
	struct plumb_ns *n = plumb_ns_get(ctx, ns, e);

	return n != NULL ? nl_link_set_master(n->nl, ifname, br, e) : -1;
}

static int op_set_up(void *ctx, const char *ns, const char *ifname,
		     struct azerr *e)
{
	struct plumb_ns *n = plumb_ns_get(ctx, ns, e);

	return n != NULL ? nl_link_set_up(n->nl, ifname, true, e) : -1;
}

static int op_addr_add(void *ctx, const char *ns, const char *ifname,
		       const struct prefix *a, struct azerr *e)
{
	struct plumb_ns *n = plumb_ns_get(ctx, ns, e);

	return n != NULL ? nl_addr_add(n->nl, ifname, a, e) : -1;
}

static int op_route_add(void *ctx, const char *ns, const struct lab_route *r,
			struct azerr *e)
{
	struct plumb_ns *n = plumb_ns_get(ctx, ns, e);

	if (n == NULL)
		return -1;
	return nl_route_add(n->nl, &r->dst, r->has_via ? &r->via : NULL,
			    r->dev[0] != '\0' ? r->dev : NULL, r->onlink,
			    r->metric, e);
}

static int op_sysctl_set(void *ctx, const char *ns, const char *key,
			 const char *value, struct azerr *e)
{
	struct plumb_ns *n = plumb_ns_get(ctx, ns, e);

	return n != NULL ? sysctl_set(n->fd, key, value, e) : -1;
}

/* One end's delay: 0 done, 1 the kernel has no netem, -1 another error. */
static int end_delay(struct plumb *p, const char *ns, const char *ifname,
		     unsigned delay_ms, struct azerr *e)
{
	struct plumb_ns *n = plumb_ns_get(p, ns, e);

	if (n == NULL)
		return -1;
	errno = 0;
	if (nl_netem_set(n->nl, ifname, delay_ms, e) == 0)
		return 0;
	/* ENOENT: no such qdisc kind (netem neither built in nor loadable);
	 * EOPNOTSUPP: qdiscs refused altogether */
	return errno == ENOENT || errno == EOPNOTSUPP ? 1 : -1;
}

static int op_link_delay(void *ctx, const char *ns_a, const char *if_a,
			 const char *ns_b, const char *if_b, unsigned delay_ms,
			 struct azerr *e)
{
	struct plumb *p = ctx;
	int rc = p->delays_unapplied > 0 ? 1 :
		 end_delay(p, ns_a, if_a, delay_ms, e);

	if (rc == 0 && ns_b != NULL)
		rc = end_delay(p, ns_b, if_b, delay_ms, e);
	if (rc < 0)
		return -1;
	/* the one notice is the daemon's, after the plan (plan_delay_notice) */
	if (rc > 0)
		p->delays_unapplied++;
	else
		p->delays_applied++;
	return 0;
}

static int op_ttl_rules(void *ctx, const struct lab_node *node,
			struct azerr *e)
{
	(void)ctx;
	return ttl_apply(node, e);
}

void plumb_delays(const struct plumb *p, size_t *applied, size_t *unapplied)
{
	*applied = p->delays_applied;
	*unapplied = p->delays_unapplied;
}

const struct plumb_ops plumb_netlink_ops = {
	.netns_create = op_netns_create,
	.veth_create = op_veth_create,
	.vxlan_create = op_vxlan_create,
	.bridge_create = op_bridge_create,
	.set_master = op_set_master,
	.set_up = op_set_up,
	.addr_add = op_addr_add,
	.route_add = op_route_add,
	.sysctl_set = op_sysctl_set,
	.link_delay = op_link_delay,
	.ttl_rules = op_ttl_rules,
};

/* A veth end has carrier when both ends are up; an end declared down, or
 * whose peer is, never will. */
static bool carrier_expected(const struct lab_iface *ifc)
{
	return ifc->link != NULL && !ifc->link->end[0]->down &&
	       !ifc->link->end[1]->down;
}

/* Name of the first veth end of node that should have carrier but has
 * not, or NULL; -1 in *rc if the namespace could not be read. */
static const char *node_missing_carrier(struct plumb *p,
					const struct lab_node *node,
					int *rc, struct azerr *e)
{
	char ns[LAB_NS_NAME_MAX];
	struct plumb_ns *n;
	struct nl_iface *ifs;
	const char *missing = NULL;
	size_t n_ifs;

	*rc = -1;
	n = plumb_ns_get(p, lab_ns_name(node->name, ns, sizeof(ns)), e);
	if (n == NULL || nl_dump_ifaces(n->nl, &ifs, &n_ifs, e) < 0)
		return NULL;
	*rc = 0;
	for (size_t i = 0; i < node->n_ifaces && missing == NULL; i++) {
		const struct lab_iface *ifc = node->ifaces[i];

		if (!carrier_expected(ifc))
			continue;
		missing = ifc->name;
		for (size_t k = 0; k < n_ifs; k++)
			if (strcmp(ifs[k].name, ifc->name) == 0 &&
			    ifs[k].oper_up)
				missing = NULL;
	}
	nl_ifaces_free(ifs, n_ifs);
	return missing;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int plumb_wait_carrier(struct plumb *p, const struct lab *lab,
		       unsigned timeout_ms, struct azerr *e)
{
	const unsigned step_ms = 10;

	for (size_t i = 0; i < lab->n_nodes; i++) {
		const struct lab_node *node = lab->nodes[i];
		unsigned waited = 0;
		const char *missing;
		int rc;

		while ((missing = node_missing_carrier(p, node, &rc, e))
		       != NULL && waited < timeout_ms) {
			if (waited == 0)
				log_debug("%s: waiting for carrier on %s",
					  node->name, missing);
			sleep_ms(step_ms);
			waited += step_ms;
		}
		if (rc < 0)
			return -1;
		if (waited > 0)
			log_debug("%s: waited %u ms for carrier", node->name,
				  waited);
		if (missing != NULL)
			return azerr_set(e, "%s:%s has no carrier after %u ms",
					 node->name, missing, timeout_ms);
		timeout_ms -= waited;
	}
	return 0;
}
