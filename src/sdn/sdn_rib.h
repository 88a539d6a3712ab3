/* SPDX-License-Identifier: ISC */
/* The SDN controller's decisions, with no kernel in sight: what each
 * gateway has from BGP (its feed), what each VM should have because of
 * it, and the changes that take a VM from what it has to that. The
 * changes go through struct sdn_ops: netlink in sdn.c, a recorder in the
 * unit tests. */
#ifndef AZLAB_SDN_RIB_H
#define AZLAB_SDN_RIB_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "model/lab.h"

/* A route a gateway has from BGP. Only the prefix matters to the VMs; the
 * metric tells two routes to one prefix apart, so that losing one of
 * them does not lose the prefix. */
struct sdn_gw_route {
	struct prefix dst;
	unsigned metric;
};

/* What one gateway node has, sorted by prefix, then metric. */
struct sdn_feed {
	const struct lab_node *node;
	struct sdn_gw_route *routes;
	size_t n, cap;
};

/* A route in a VM: dst via the gateway's address, with its type's
 * metric. A VM's routes are keyed by (dst, metric), as the kernel's are. */
struct sdn_route {
	struct prefix dst;
	unsigned metric;
	struct prefix via;
	/* NULL for a route of ours found in a VM that no gateway explains
	 * (left by an earlier controller): it goes */
	const struct lab_gateway *gw;
};

struct sdn_vm {
	const struct lab_node *node;	/* a host with gateways */
	struct sdn_route *installed;	/* sorted by dst, then metric */
	size_t n, cap;
	bool dirty;			/* may not be what it should be */
};

struct sdn_rib {
	struct sdn_feed *feeds;		/* one per gateway node */
	size_t n_feeds;
	struct sdn_vm *vms;		/* one per host with gateways */
	size_t n_vms;
};

struct sdn_ops {
	/* Adds r to the VM, or replaces the route with its dst and metric. */
	int (*route_set)(void *ctx, const struct lab_node *vm,
			 const struct sdn_route *r, struct azerr *e);
	/* Removes r; a route already gone is not an error. */
	int (*route_del)(void *ctx, const struct lab_node *vm,
			 const struct sdn_route *r, struct azerr *e);
};

/* A VM per host with gateways, a feed per gateway node, all empty. */
int sdn_rib_init(struct sdn_rib *rib, const struct lab *lab, struct azerr *e);
void sdn_rib_free(struct sdn_rib *rib);
struct sdn_feed *sdn_rib_feed(struct sdn_rib *rib, const struct lab_node *gw);

/* A gateway route came (add) or went: 1 if the feed changed (its VMs are
 * then dirty), 0 if not, -1 out of memory. */
int sdn_feed_update(struct sdn_rib *rib, struct sdn_feed *f, bool add,
		    const struct sdn_gw_route *r);
/* The feed becomes exactly v (a fresh dump); its VMs become dirty. */
int sdn_feed_reset(struct sdn_rib *rib, struct sdn_feed *f,
		   const struct sdn_gw_route *v, size_t n);
/* What the VM has now (a dump of its routes of ours); it becomes dirty. */
int sdn_vm_reset(struct sdn_vm *vm, const struct sdn_route *v, size_t n);
/* The VM's gateway with this address and its type's metric, or NULL. */
const struct lab_gateway *sdn_vm_gateway(const struct sdn_vm *vm,
					 const struct prefix *via,
					 unsigned metric);

/* The routes vm should have, sorted; *out is freed by the caller. */
int sdn_desired(const struct sdn_rib *rib, const struct sdn_vm *vm,
		struct sdn_route **out, size_t *n);

/* From have to want (both sorted): add holds routes new or changed (set
 * them: they replace), del routes to remove. */
struct sdn_diff {
	struct sdn_route *add, *del;
	size_t n_add, n_del;
};
int sdn_diff(const struct sdn_route *want, size_t n_want,
	     const struct sdn_route *have, size_t n_have, struct sdn_diff *d);
void sdn_diff_free(struct sdn_diff *d);

/* Brings every dirty VM to what its gateways have: adds first (a backup
 * route is in place before the preferred one goes), then removals; each
 * change logged. A failed change is logged and leaves the VM dirty, so
 * the next sync tries again. Returns the number of failed changes, or -1
 * out of memory. */
int sdn_sync(struct sdn_rib *rib, const struct sdn_ops *ops, void *ctx);

/* "hub-vm: 10.2.30.0/25 via 10.10.30.132 (ExpressRoute gateway
 * hub-ergw)"; with withdrawn, "... withdrawn (...)". Returns buf. */
const char *sdn_route_describe(const struct lab_node *vm,
			       const struct sdn_route *r, bool withdrawn,
			       char *buf, size_t len);

#endif
