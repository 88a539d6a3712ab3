/* SPDX-License-Identifier: ISC */
/* The plan: the ordered list of plumbing steps that turns a lab model into
 * namespaces, links, addresses, routes and sysctls. Pure data, computed
 * from the model; plan_apply() hands each step to a backend (struct
 * plumb_ops), so the order and the error paths are testable without a
 * kernel. */
#ifndef AZLAB_PLAN_H
#define AZLAB_PLAN_H

#include <stdio.h>

#include "core/err.h"
#include "model/lab.h"

enum step_kind {
	STEP_NETNS,		/* node */
	STEP_SYSCTL,		/* node, sysctl: namespace-wide keys */
	STEP_VETH,		/* link */
	STEP_VXLAN,		/* link, iface: its end here (to another host) */
	STEP_BRIDGE,		/* iface (the bridge device) */
	STEP_MASTER,		/* iface (a port), iface->master */
	STEP_ADDR,		/* node, iface (NULL: lo), addr */
	STEP_SYSCTL_IF,		/* node, sysctl: per-interface keys */
	STEP_LINK_UP,		/* node, iface (NULL: lo) */
	STEP_ROUTE,		/* node, route */
	STEP_DELAY,		/* link (node: its first end's), or iface:
				 * the one end here of a VXLAN */
	STEP_TTL,		/* node: its `ttl:` rules */
};

struct step {
	enum step_kind kind;
	const struct lab_node *node;
	const struct lab_link *link;
	const struct lab_iface *iface;
	const struct prefix *addr;
	const struct lab_sysctl *sysctl;
	const struct lab_route *route;
};

struct plan {
	struct step *steps;
	size_t n;
	size_t cap;
};

/* The plan of what is here: lab's share when it keeps one host's. */
int plan_build(const struct lab *lab, struct plan *plan, struct azerr *e);
void plan_free(struct plan *plan);
/* "hub-vm: add 10.10.30.4/27 to eth0" */
const char *plan_step_describe(const struct step *s, char *buf, size_t len);
/* The plan as `ip -batch` lines (see docs/lab-format.md): the benchmark's
 * baseline, and a readable dry run. */
void plan_print_ip(const struct plan *plan, FILE *out);

/* The effects, one function per kind of step; ns is "azlab-<node>". */
struct plumb_ops {
	int (*netns_create)(void *ctx, const char *ns, struct azerr *e);
	int (*veth_create)(void *ctx, const char *ns_a, const char *if_a,
			   const char *ns_b, const char *if_b, unsigned mtu,
			   struct azerr *e);
	/* iface's end of link, toward the host of the other end */
	int (*vxlan_create)(void *ctx, const char *ns,
			    const struct lab_link *link,
			    const struct lab_iface *iface, struct azerr *e);
	int (*bridge_create)(void *ctx, const char *ns, const char *br,
			     struct azerr *e);
	int (*set_master)(void *ctx, const char *ns, const char *ifname,
			  const char *br, struct azerr *e);
	int (*set_up)(void *ctx, const char *ns, const char *ifname,
		      struct azerr *e);
	int (*addr_add)(void *ctx, const char *ns, const char *ifname,
			const struct prefix *p, struct azerr *e);
	int (*route_add)(void *ctx, const char *ns, const struct lab_route *r,
			 struct azerr *e);
	int (*sysctl_set)(void *ctx, const char *ns, const char *key,
			  const char *value, struct azerr *e);
	/* delay_ms on each end's egress (ns_b NULL: one end, a VXLAN's
	 * here). A kernel without netem is not a
	 * failure: the backend returns 0 and keeps count of such links. */
	int (*link_delay)(void *ctx, const char *ns_a, const char *if_a,
			  const char *ns_b, const char *if_b, unsigned delay_ms,
			  struct azerr *e);
	int (*ttl_rules)(void *ctx, const struct lab_node *node,
			 struct azerr *e);
};

/* What `up` says once when n links keep their declared delay unapplied
 * because the kernel has no netem (a notice, not an error). */
const char *plan_delay_notice(size_t n, char *buf, size_t len);

/* Called after each step; a non-zero return stops the apply (the user
 * went away, for instance). */
typedef int (*plan_progress_fn)(void *arg, size_t done, size_t total,
				const struct step *s);

/* Runs every step in order; stops at the first failure with e describing
 * the step ("hub-vm: add 10.10.30.4/27 to eth0: File exists"). Undoing is
 * the caller's job: everything lives in lab namespaces, so removing them
 * removes it all. */
int plan_apply(const struct plan *plan, const struct plumb_ops *ops,
	       void *ctx, plan_progress_fn progress, void *arg,
	       struct azerr *e);

#endif
