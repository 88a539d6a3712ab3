/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "kernel/sysctl.h"
#include "ttl.h"
#include "core/grow.h"

static struct step *plan_add(struct plan *plan, enum step_kind kind,
			     const struct lab_node *node)
{
	struct step *s;

	if (grow(&plan->steps, &plan->cap, plan->n + 1,
		 sizeof(*plan->steps)) < 0)
		return NULL;
	s = &plan->steps[plan->n++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->node = node;
	return s;
}

static bool sysctl_is_per_iface(const struct lab_sysctl *sc)
{
	char ifname[IF_NAMESIZE];

	return sysctl_key_iface(sc->key, ifname, sizeof(ifname)) != NULL;
}

/* Namespaces first (veths need both ends' namespaces), namespace-wide
 * sysctls next (so conf.default applies to the interfaces made after). */
static int plan_namespaces(const struct lab *lab, struct plan *plan)
{
	for (size_t i = 0; i < lab->n_nodes; i++)
		if (plan_add(plan, STEP_NETNS, lab->nodes[i]) == NULL)
			return -1;
	for (size_t i = 0; i < lab->n_nodes; i++) {
		const struct lab_node *node = lab->nodes[i];

		for (size_t k = 0; k < node->n_sysctls; k++) {
			struct step *s;

			if (sysctl_is_per_iface(&node->sysctls[k]))
				continue;
			s = plan_add(plan, STEP_SYSCTL, node);
			if (s == NULL)
				return -1;
			s->sysctl = &node->sysctls[k];
		}
	}
	return 0;
}

static int plan_devices(const struct lab *lab, struct plan *plan)
{
	struct step *s;

	for (size_t i = 0; i < lab->n_links; i++) {
		const struct lab_link *l = lab->links[i];
		int here = lab_link_end_here(lab, l);

		s = plan_add(plan, here < 0 ? STEP_VETH : STEP_VXLAN,
			     l->end[here < 0 ? 0 : here]->node);
		if (s == NULL)
			return -1;
		s->link = l;
		if (here >= 0)
			s->iface = l->end[here];
	}
	for (size_t i = 0; i < lab->n_bridges; i++) {
		const struct lab_bridge *br = lab->bridges[i];

		s = plan_add(plan, STEP_BRIDGE, br->iface->node);
		if (s == NULL)
			return -1;
		s->iface = br->iface;
		for (size_t k = 0; k < br->n_ports; k++) {
			s = plan_add(plan, STEP_MASTER, br->iface->node);
			if (s == NULL)
				return -1;
			s->iface = br->ports[k];
		}
	}
	return 0;
}

/* Right after the devices: a qdisc needs only its device. */
static int plan_delays(const struct lab *lab, struct plan *plan)
{
	for (size_t i = 0; i < lab->n_links; i++) {
		const struct lab_link *l = lab->links[i];
		int here = lab_link_end_here(lab, l);
		struct step *s;

		if (l->delay_ms == 0)
			continue;
		s = plan_add(plan, STEP_DELAY, l->end[here < 0 ? 0 : here]->node);
		if (s == NULL)
			return -1;
		s->link = l;
		if (here >= 0)
			s->iface = l->end[here];
	}
	return 0;
}

static int plan_node_config(const struct lab_node *node, struct plan *plan)
{
	struct step *s;

	for (size_t k = 0; k < node->n_loopback; k++) {
		if ((s = plan_add(plan, STEP_ADDR, node)) == NULL)
			return -1;
		s->addr = &node->loopback[k];
	}
	for (size_t i = 0; i < node->n_ifaces; i++) {
		const struct lab_iface *ifc = node->ifaces[i];

		for (size_t k = 0; k < ifc->n_addrs; k++) {
			if ((s = plan_add(plan, STEP_ADDR, node)) == NULL)
				return -1;
			s->iface = ifc;
			s->addr = &ifc->addrs[k];
		}
	}
	for (size_t k = 0; k < node->n_sysctls; k++) {
		if (!sysctl_is_per_iface(&node->sysctls[k]))
			continue;
		if ((s = plan_add(plan, STEP_SYSCTL_IF, node)) == NULL)
			return -1;
		s->sysctl = &node->sysctls[k];
	}
	/* lo first, then interfaces in file order; declared-down ones stay down */
	if (plan_add(plan, STEP_LINK_UP, node) == NULL)
		return -1;
	for (size_t i = 0; i < node->n_ifaces; i++) {
		if (node->ifaces[i]->down)
			continue;
		if ((s = plan_add(plan, STEP_LINK_UP, node)) == NULL)
			return -1;
		s->iface = node->ifaces[i];
	}
	return 0;
}

/* Routes last: the kernel wants their next hops reachable, i.e. addresses
 * present and links up. */
static int plan_routes(const struct lab_node *node, struct plan *plan)
{
	for (size_t k = 0; k < node->n_routes; k++) {
		struct step *s = plan_add(plan, STEP_ROUTE, node);

		if (s == NULL)
			return -1;
		s->route = &node->routes[k];
	}
	return 0;
}

int plan_build(const struct lab *lab, struct plan *plan, struct azerr *e)
{
	memset(plan, 0, sizeof(*plan));
	if (plan_namespaces(lab, plan) < 0 || plan_devices(lab, plan) < 0 ||
	    plan_delays(lab, plan) < 0)
		goto oom;
	for (size_t i = 0; i < lab->n_nodes; i++)
		if (plan_node_config(lab->nodes[i], plan) < 0)
			goto oom;
	for (size_t i = 0; i < lab->n_nodes; i++)
		if (plan_routes(lab->nodes[i], plan) < 0)
			goto oom;
	/* last: iptables matches interfaces by name, so the rules need
	 * nothing else, and a failure comes after everything cheap */
	for (size_t i = 0; i < lab->n_nodes; i++)
		if (lab->nodes[i]->n_ttl_rules > 0 &&
		    plan_add(plan, STEP_TTL, lab->nodes[i]) == NULL)
			goto oom;
	return 0;
oom:
	plan_free(plan);
	return azerr_set(e, "building the plan: out of memory");
}

void plan_free(struct plan *plan)
{
	free(plan->steps);
	memset(plan, 0, sizeof(*plan));
}

static const char *step_ifname(const struct step *s)
{
	return s->iface != NULL ? s->iface->name : "lo";
}

static void route_describe(const struct lab_route *r, char *buf, size_t len)
{
	char dst[PREFIX_STRLEN], via[PREFIX_STRLEN];
	int n;

	n = snprintf(buf, len, "%s", prefix_fmt(&r->dst, dst));
	if (r->has_via && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, " via %s",
			      addr_fmt(&r->via, via));
	if (r->dev[0] != '\0' && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, " dev %s", r->dev);
	if (r->onlink && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, " onlink");
	if (r->metric != 0 && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - n, " metric %u", r->metric);
}

static const struct lab_iface *vxlan_far_end(const struct step *s)
{
	return s->link->end[s->link->end[0] == s->iface];
}

const char *plan_step_describe(const struct step *s, char *buf, size_t len)
{
	char a[PREFIX_STRLEN], r[160];
	const char *node = s->node->name;

	switch (s->kind) {
	case STEP_NETNS:
		snprintf(buf, len, "%s: create namespace", node);
		break;
	case STEP_SYSCTL:
	case STEP_SYSCTL_IF:
		snprintf(buf, len, "%s: set %s = %s", node, s->sysctl->key,
			 s->sysctl->value);
		break;
	case STEP_VETH:
		snprintf(buf, len, "link %s:%s <-> %s:%s",
			 s->link->end[0]->node->name, s->link->end[0]->name,
			 s->link->end[1]->node->name, s->link->end[1]->name);
		break;
	case STEP_VXLAN:
		snprintf(buf, len, "link %s:%s <-> %s:%s: VXLAN %u to host %s",
			 s->link->end[0]->node->name, s->link->end[0]->name,
			 s->link->end[1]->node->name, s->link->end[1]->name,
			 s->link->vni, vxlan_far_end(s)->node->host->name);
		break;
	case STEP_BRIDGE:
		snprintf(buf, len, "%s: create bridge %s", node,
			 s->iface->name);
		break;
	case STEP_MASTER:
		snprintf(buf, len, "%s: add %s to bridge %s", node,
			 s->iface->name, s->iface->master->iface->name);
		break;
	case STEP_ADDR:
		snprintf(buf, len, "%s: add %s to %s", node,
			 prefix_fmt(s->addr, a), step_ifname(s));
		break;
	case STEP_LINK_UP:
		snprintf(buf, len, "%s: set %s up", node, step_ifname(s));
		break;
	case STEP_ROUTE:
		route_describe(s->route, r, sizeof(r));
		snprintf(buf, len, "%s: add route %s", node, r);
		break;
	case STEP_DELAY:
		snprintf(buf, len, "link %s:%s <-> %s:%s: delay %u ms each way",
			 s->link->end[0]->node->name, s->link->end[0]->name,
			 s->link->end[1]->node->name, s->link->end[1]->name,
			 s->link->delay_ms);
		break;
	case STEP_TTL:
		snprintf(buf, len, "%s: load %zu TTL rule%s", node,
			 s->node->n_ttl_rules,
			 s->node->n_ttl_rules == 1 ? "" : "s");
		break;
	}
	return buf;
}

const char *plan_delay_notice(size_t n, char *buf, size_t len)
{
	snprintf(buf, len, "latency emulation unavailable (this kernel has no "
		 "netem): %zu link%s keep%s %s declared delay%s unapplied", n,
		 n == 1 ? "" : "s", n == 1 ? "s" : "", n == 1 ? "its" : "their",
		 n == 1 ? "" : "s");
	return buf;
}

/* Not ip's business: comments saying what tc and iptables would do;
 * of a VXLAN, only for its end here. */
static void print_delay(const struct lab_link *l, const struct lab_iface *here,
			FILE *out)
{
	char ns[LAB_NS_NAME_MAX];

	for (int k = 0; k < 2; k++) {
		if (here != NULL && l->end[k] != here)
			continue;
		fprintf(out, "# tc -n %s qdisc replace dev %s root netem "
			"delay %ums\n", lab_ns_name(l->end[k]->node->name, ns,
						    sizeof(ns)),
			l->end[k]->name, l->delay_ms);
	}
}

static void print_ttl(const struct lab_node *node, const char *ns, FILE *out)
{
	for (size_t i = 0; i < node->n_ttl_rules; i++) {
		fprintf(out, "# ip netns exec %s iptables -t mangle ", ns);
		ttl_rule_line(&node->ttl_rules[i], out);
	}
}

/* As ip would make it: in this namespace, then moved to the node's. */
static void print_vxlan(const struct step *s, const char *ns, FILE *out)
{
	char a[PREFIX_STRLEN], b[PREFIX_STRLEN];

	fprintf(out, "link add %s mtu %u type vxlan id %u local %s remote %s "
		"dstport %u nolearning\n", s->iface->name, s->link->mtu,
		s->link->vni, addr_fmt(&s->iface->node->host->underlay, a),
		addr_fmt(&vxlan_far_end(s)->node->host->underlay, b),
		LAB_VXLAN_PORT);
	fprintf(out, "link set %s netns %s\n", s->iface->name, ns);
}

static void print_ip_step(const struct step *s, const char *ns, FILE *out)
{
	char a[PREFIX_STRLEN], r[160];
	const struct lab_iface *e0, *e1;

	switch (s->kind) {
	case STEP_NETNS:
		fprintf(out, "netns add %s\n", ns);
		break;
	case STEP_SYSCTL:
	case STEP_SYSCTL_IF:
		fprintf(out, "# sysctl %s %s=%s\n", ns, s->sysctl->key,
			s->sysctl->value);
		break;
	case STEP_VETH: {
		char ns1[LAB_NS_NAME_MAX];

		e0 = s->link->end[0];
		e1 = s->link->end[1];
		fprintf(out, "link add %s netns %s", e0->name, ns);
		if (s->link->mtu != 0)
			fprintf(out, " mtu %u", s->link->mtu);
		fprintf(out, " type veth peer name %s netns %s\n", e1->name,
			lab_ns_name(e1->node->name, ns1, sizeof(ns1)));
		break;
	}
	case STEP_VXLAN:
		print_vxlan(s, ns, out);
		break;
	case STEP_BRIDGE:
		fprintf(out, "-n %s link add %s type bridge\n", ns,
			s->iface->name);
		break;
	case STEP_MASTER:
		fprintf(out, "-n %s link set %s master %s\n", ns,
			s->iface->name, s->iface->master->iface->name);
		break;
	case STEP_ADDR:
		fprintf(out, "-n %s addr add %s dev %s\n", ns,
			prefix_fmt(s->addr, a), step_ifname(s));
		break;
	case STEP_LINK_UP:
		fprintf(out, "-n %s link set %s up\n", ns, step_ifname(s));
		break;
	case STEP_ROUTE:
		route_describe(s->route, r, sizeof(r));
		fprintf(out, "-n %s route add %s\n", ns, r);
		break;
	case STEP_DELAY:
		print_delay(s->link, s->iface, out);
		break;
	case STEP_TTL:
		print_ttl(s->node, ns, out);
		break;
	}
}

void plan_print_ip(const struct plan *plan, FILE *out)
{
	char ns[LAB_NS_NAME_MAX];

	for (size_t i = 0; i < plan->n; i++) {
		const struct step *s = &plan->steps[i];

		print_ip_step(s, lab_ns_name(s->node->name, ns, sizeof(ns)),
			      out);
	}
}
