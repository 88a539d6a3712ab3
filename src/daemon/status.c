/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipsec/charon_tunnel.h"
#include "core/json.h"
#include "frr/frr_shared.h"
#include "kernel/netns.h"
#include "kernel/nl.h"
#include "status.h"
#include "status_hosts.h"
#include "proc/supervise.h"

struct node_status {
	struct nl_iface *ifs;
	size_t n;
};

static int node_dump(const struct lab_node *node, struct node_status *ns,
		     struct azerr *e)
{
	struct nl_sock *s;
	int rc;

	memset(ns, 0, sizeof(*ns));
	s = nl_open_node(node->name, e);
	if (s == NULL)
		return -1;
	rc = nl_dump_ifaces(s, &ns->ifs, &ns->n, e);
	nl_close(s);
	return rc;
}

static const char *iface_kind(const struct nl_iface *ifc)
{
	if (strcmp(ifc->name, "lo") == 0)
		return "loopback";
	return ifc->kind[0] != '\0' ? ifc->kind : "other";
}

/* The kernel puts 127.0.0.1, ::1 and an fe80:: link-local address on
 * its own: status shows what the lab made, so it leaves those out. */
static bool addr_is_kernel_made(const struct prefix *p)
{
	if (p->family == AF_INET)
		return p->addr.bytes[0] == 127 && p->len == 8;
	return IN6_IS_ADDR_LINKLOCAL(&p->addr.v6) ||
	       IN6_IS_ADDR_LOOPBACK(&p->addr.v6);
}

static size_t lab_addr_count(const struct nl_iface *ifc)
{
	size_t n = 0;

	for (size_t k = 0; k < ifc->n_addrs; k++)
		n += !addr_is_kernel_made(&ifc->addrs[k]);
	return n;
}

static void json_iface(struct json *j, const struct nl_iface *ifc)
{
	char a[PREFIX_STRLEN];

	json_obj_begin(j);
	json_key(j, "name");
	json_str(j, ifc->name);
	json_key(j, "kind");
	json_str(j, iface_kind(ifc));
	json_key(j, "admin");
	json_str(j, ifc->admin_up ? "up" : "down");
	json_key(j, "oper");
	json_str(j, ifc->oper_up ? "up" : "down");
	json_key(j, "mtu");
	json_int(j, ifc->mtu);
	json_key(j, "master");
	json_str(j, ifc->master[0] != '\0' ? ifc->master : NULL);
	json_key(j, "addresses");
	json_arr_begin(j);
	for (size_t k = 0; k < ifc->n_addrs; k++)
		if (!addr_is_kernel_made(&ifc->addrs[k]))
			json_str(j, prefix_fmt(&ifc->addrs[k], a));
	json_arr_end(j);
	json_obj_end(j);
}

static void json_daemons(struct json *j, const char *node,
			 const struct supervisor *sup)
{
	json_key(j, "daemons");
	json_arr_begin(j);
	for (size_t i = 0; i < sup_count(sup); i++) {
		const struct svc *v = sup_svc(sup, i);

		if (strcmp(v->node, node) != 0)
			continue;
		json_obj_begin(j);
		json_key(j, "name");
		json_str(j, v->name);
		json_key(j, "state");
		json_str(j, svc_state_name(v->state));
		json_key(j, "pid");
		if (v->state == SVC_RUNNING)
			json_int(j, v->pid);
		else
			json_null(j);
		json_key(j, "restarts");
		json_int(j, v->restarts);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_node(struct json *j, const struct lab_node *node,
		      const struct node_status *ns,
		      const struct supervisor *sup, bool down)
{
	char name[LAB_NS_NAME_MAX];

	json_obj_begin(j);
	json_key(j, "name");
	json_str(j, node->name);
	json_key(j, "namespace");
	json_str(j, lab_ns_name(node->name, name, sizeof(name)));
	json_key(j, "role");
	json_str(j, lab_role_name(node->role));
	json_key(j, "down");
	json_bool(j, down);
	json_key(j, "interfaces");
	json_arr_begin(j);
	for (size_t i = 0; i < ns->n; i++)
		json_iface(j, &ns->ifs[i]);
	json_arr_end(j);
	json_daemons(j, node->name, sup);
	json_obj_end(j);
}

/* st NULL: no daemon is known (pid null). */
static void json_daemon(struct json *j, const struct lab_state *st,
			bool running)
{
	json_key(j, "daemon");
	json_obj_begin(j);
	json_key(j, "pid");
	if (st != NULL)
		json_int(j, st->pid);
	else
		json_null(j);
	json_key(j, "running");
	json_bool(j, running);
	json_obj_end(j);
}

static void json_header(struct json *j, const struct lab_state *st)
{
	json_key(j, "lab");
	json_str(j, st->lab);
	json_key(j, "file");
	json_str(j, st->file);
	json_key(j, "phase");
	json_str(j, lab_phase_name(st->phase));
	json_key(j, "ipsec");
	if (st->ipsec[0] != '\0') {
		json_obj_begin(j);
		json_key(j, "esp");
		json_str(j, st->ipsec);
		json_key(j, "kernelEsp");
		json_bool(j, st->kernel_esp);
		json_obj_end(j);
	} else {
		json_null(j);
	}
	json_key(j, "latency");
	if (st->delays_applied + st->delays_unapplied > 0) {
		json_obj_begin(j);
		json_key(j, "links");
		json_int(j, (long long)(st->delays_applied +
					st->delays_unapplied));
		json_key(j, "applied");
		json_bool(j, st->delays_unapplied == 0);
		json_obj_end(j);
	} else {
		json_null(j);
	}
	json_daemon(j, st, true);
}

/* Only what a state file says: a lab without a daemon has nothing live
 * to show, so no nodes. */
void status_render_not_running(const struct lab_state *st, FILE *out)
{
	struct json j;

	json_init(&j, out);
	json_obj_begin(&j);
	json_key(&j, "lab");
	json_str(&j, st != NULL ? st->lab : NULL);
	json_key(&j, "phase");
	json_str(&j, st != NULL ? "stale" : "none");
	json_daemon(&j, st, false);
	json_key(&j, "nodes");
	json_arr_begin(&j);
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

static void text_node(FILE *out, const struct lab_node *node,
		      const struct node_status *ns)
{
	char a[PREFIX_STRLEN];
	bool first = true;

	for (size_t i = 0; i < ns->n; i++) {
		const struct nl_iface *ifc = &ns->ifs[i];

		if (strcmp(ifc->name, "lo") == 0 && lab_addr_count(ifc) == 0)
			continue;
		fprintf(out, "%-14s %-7s %-12s %-5s", first ? node->name : "",
			first ? lab_role_name(node->role) : "", ifc->name,
			ifc->admin_up ? (ifc->oper_up ? "up" : "no-carrier")
				      : "down");
		if (ifc->master[0] != '\0')
			fprintf(out, " [%s]", ifc->master);
		for (size_t k = 0; k < ifc->n_addrs; k++)
			if (!addr_is_kernel_made(&ifc->addrs[k]))
				fprintf(out, " %s",
					prefix_fmt(&ifc->addrs[k], a));
		fputc('\n', out);
		first = false;
	}
	if (first)
		fprintf(out, "%-14s %-7s (no interfaces)\n", node->name,
			lab_role_name(node->role));
}

/* "               daemons      zebra (pid 12), bgpd restarting" */
static void text_daemons(FILE *out, const char *node,
			 const struct supervisor *sup)
{
	const char *sep = "";

	for (size_t i = 0; i < sup_count(sup); i++) {
		const struct svc *v = sup_svc(sup, i);

		if (strcmp(v->node, node) != 0)
			continue;
		if (*sep == '\0')
			fprintf(out, "%-14s %-7s %-12s ", "", "", "daemons");
		if (v->state == SVC_RUNNING)
			fprintf(out, "%s%s (pid %d)", sep, v->name,
				(int)v->pid);
		else
			fprintf(out, "%s%s %s", sep, v->name,
				svc_state_name(v->state));
		sep = ", ";
	}
	if (*sep != '\0')
		fputc('\n', out);
}

/* "frr": {"mode": "shared", "daemons": [...]}: the shared pair's, which
 * no node lists; {"mode": "per-router"}: each node lists its own. */
static void json_frr(struct json *j, const struct lab *lab,
		     const struct supervisor *sup)
{
	json_key(j, "frr");
	json_obj_begin(j);
	json_key(j, "mode");
	json_str(j, lab->frr_shared ? "shared" : "per-router");
	if (lab->frr_shared)
		json_daemons(j, FRR_SHARED_NODE, sup);
	json_obj_end(j);
}

int status_render(const struct lab *lab, const struct lab_state *st,
		  const struct supervisor *sup, const bool *node_down,
		  const struct tunnel *tun, size_t n_tun, bool json,
		  FILE *out, struct azerr *e)
{
	char frr_ns[LAB_NS_NAME_MAX];
	struct json j;
	int rc = 0;

	if (json) {
		json_init(&j, out);
		json_obj_begin(&j);
		json_header(&j, st);
		status_hosts_json(&j, lab);
		json_frr(&j, lab, sup);
		json_key(&j, "nodes");
		json_arr_begin(&j);
	} else {
		fprintf(out, "lab %s (%s): %s, daemon pid %ld\n", st->lab,
			st->file, lab_phase_name(st->phase), (long)st->pid);
		if (st->ipsec[0] != '\0')
			fprintf(out, "ipsec: ESP by %s (%s)\n", st->ipsec,
				st->kernel_esp ? "XFRM, policy-based" :
				"userspace ESP over TUN ipsec0, in UDP");
		if (st->delays_unapplied > 0)
			fprintf(out, "latency: %zu link delays declared, not "
				"applied (this kernel has no netem)\n",
				st->delays_unapplied + st->delays_applied);
		else if (st->delays_applied > 0)
			fprintf(out, "latency: %zu link delays applied "
				"(netem)\n", st->delays_applied);
		status_hosts_text(out, lab);
		if (lab->frr_shared) {
			fprintf(out, "frr: shared by every router, in "
				"namespace %s\n", lab_ns_name(FRR_SHARED_NODE,
				frr_ns, sizeof(frr_ns)));
			text_daemons(out, FRR_SHARED_NODE, sup);
		}
		fprintf(out, "%-14s %-7s %-12s %-5s ADDRESSES\n", "NODE",
			"ROLE", "INTERFACE", "STATE");
	}
	for (size_t i = 0; i < lab->n_nodes && rc == 0; i++) {
		struct node_status ns;

		rc = node_dump(lab->nodes[i], &ns, e);
		if (rc < 0) {
			azerr_wrap(e, "node %s", lab->nodes[i]->name);
			break;
		}
		if (json) {
			json_node(&j, lab->nodes[i], &ns, sup,
				  node_down != NULL && node_down[i]);
		} else {
			text_node(out, lab->nodes[i], &ns);
			text_daemons(out, lab->nodes[i]->name, sup);
			if (node_down != NULL && node_down[i])
				fprintf(out, "%-14s %-7s %-12s down, failed by "
					"hand (azlab node %s up)\n", "", "",
					"node", lab->nodes[i]->name);
		}
		nl_ifaces_free(ns.ifs, ns.n);
	}
	if (json && rc == 0) {
		json_arr_end(&j);
		json_key(&j, "tunnels");
		tunnels_render_json(&j, tun, n_tun);
		json_obj_end(&j);
		json_end(&j);
	} else if (rc == 0) {
		tunnels_render_text(out, tun, n_tun, sup_now_ms());
	}
	return rc;
}
