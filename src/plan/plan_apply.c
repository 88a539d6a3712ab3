/* SPDX-License-Identifier: ISC */
#include <stdio.h>

#include "plan.h"

static int step_run(const struct step *s, const struct plumb_ops *ops,
		    void *ctx, struct azerr *e)
{
	char ns[LAB_NS_NAME_MAX], ns1[LAB_NS_NAME_MAX];
	const char *ifname = s->iface != NULL ? s->iface->name : "lo";
	const struct lab_link *l = s->link;

	lab_ns_name(s->node->name, ns, sizeof(ns));
	switch (s->kind) {
	case STEP_NETNS:
		return ops->netns_create(ctx, ns, e);
	case STEP_SYSCTL:
	case STEP_SYSCTL_IF:
		return ops->sysctl_set(ctx, ns, s->sysctl->key,
				       s->sysctl->value, e);
	case STEP_VETH:
		lab_ns_name(l->end[1]->node->name, ns1, sizeof(ns1));
		return ops->veth_create(ctx, ns, l->end[0]->name, ns1,
					l->end[1]->name, l->mtu, e);
	case STEP_VXLAN:
		return ops->vxlan_create(ctx, ns, l, s->iface, e);
	case STEP_BRIDGE:
		return ops->bridge_create(ctx, ns, ifname, e);
	case STEP_MASTER:
		return ops->set_master(ctx, ns, ifname,
				       s->iface->master->iface->name, e);
	case STEP_ADDR:
		return ops->addr_add(ctx, ns, ifname, s->addr, e);
	case STEP_LINK_UP:
		return ops->set_up(ctx, ns, ifname, e);
	case STEP_ROUTE:
		return ops->route_add(ctx, ns, s->route, e);
	case STEP_DELAY:
		if (s->iface != NULL)
			return ops->link_delay(ctx, ns, ifname, NULL, NULL,
					       l->delay_ms, e);
		lab_ns_name(l->end[1]->node->name, ns1, sizeof(ns1));
		return ops->link_delay(ctx, ns, l->end[0]->name, ns1,
				       l->end[1]->name, l->delay_ms, e);
	case STEP_TTL:
		return ops->ttl_rules(ctx, s->node, e);
	}
	return azerr_set(e, "unknown plan step %d", (int)s->kind);
}

int plan_apply(const struct plan *plan, const struct plumb_ops *ops,
	       void *ctx, plan_progress_fn progress, void *arg,
	       struct azerr *e)
{
	char what[256];

	for (size_t i = 0; i < plan->n; i++) {
		const struct step *s = &plan->steps[i];

		if (step_run(s, ops, ctx, e) < 0)
			return azerr_wrap(e, "%s", plan_step_describe(s, what,
							      sizeof(what)));
		if (progress != NULL && progress(arg, i + 1, plan->n, s) != 0)
			return azerr_set(e, "interrupted after: %s",
					 plan_step_describe(s, what,
							    sizeof(what)));
	}
	return 0;
}
