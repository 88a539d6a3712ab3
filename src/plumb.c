#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab.h"
#include "netns.h"
#include "nl.h"
#include "plumb.h"
#include "sysctl.h"

struct plumb_ns {
	char name[LAB_NS_NAME_MAX];
	int fd;
	struct nl_sock *nl;
};

struct plumb {
	struct nl_sock *here;		/* the daemon's own namespace: veths */
	struct plumb_ns *ns;
	size_t n, cap;
};

struct plumb *plumb_new(struct azerr *e)
{
	struct plumb *p = calloc(1, sizeof(*p));

	if (p == NULL) {
		azerr_set(e, "out of memory");
		return NULL;
	}
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
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		struct plumb_ns *a = realloc(p->ns, cap * sizeof(*a));

		if (a == NULL) {
			azerr_set(e, "out of memory");
			return NULL;
		}
		p->ns = a;
		p->cap = cap;
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
	return nl_veth_create(p->here, if_a, a->fd, if_b, b->fd, mtu, e);
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

const struct plumb_ops plumb_netlink_ops = {
	.netns_create = op_netns_create,
	.veth_create = op_veth_create,
	.bridge_create = op_bridge_create,
	.set_master = op_set_master,
	.set_up = op_set_up,
	.addr_add = op_addr_add,
	.route_add = op_route_add,
	.sysctl_set = op_sysctl_set,
};
