/* SPDX-License-Identifier: ISC */
/* azlab routes NODE: the node's effective routes, like Azure's view of a
 * NIC's: the main table read from the node's namespace, each route with
 * its source (rtview.c) and whether it is active or shadowed. */
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <unistd.h>

#include "cli.h"
#include "core/json.h"
#include "kernel/netns.h"
#include "kernel/nl.h"
#include "sdn/rtview.h"
#include "run/state.h"

struct node_dump {
	struct nl_route *routes;
	size_t n;
	struct nl_iface *ifs;
	size_t n_ifs;
};

static int dump_node(const struct lab_node *node, struct node_dump *d,
		     struct azerr *e)
{
	struct nl_sock *s;
	int rc;

	memset(d, 0, sizeof(*d));
	s = nl_open_node(node->name, e);
	if (s == NULL)
		return -1;
	rc = nl_dump_routes(s, AF_UNSPEC, &d->routes, &d->n, e);
	if (rc == 0)
		rc = nl_dump_ifaces(s, &d->ifs, &d->n_ifs, e);
	nl_close(s);
	return rc;
}

static void dump_free(struct node_dump *d)
{
	free(d->routes);
	nl_ifaces_free(d->ifs, d->n_ifs);
}

static const char *ifname(const struct node_dump *d, int ifindex)
{
	for (size_t i = 0; i < d->n_ifs; i++)
		if (d->ifs[i].ifindex == ifindex)
			return d->ifs[i].name;
	return "-";
}

/* The next hop column: an address, "-" on the link, or what the kernel
 * does instead of forwarding. */
static const char *hop_text(const struct rt_entry *e, size_t k, char *buf)
{
	switch (e->route.type) {
	case RTN_BLACKHOLE:
		return "blackhole";
	case RTN_UNREACHABLE:
		return "unreachable";
	case RTN_PROHIBIT:
		return "prohibit";
	}
	if (k >= e->route.n_nh)
		return e->route.n_nh == 0 ? "nexthop object" : "-";
	if (!e->route.nh[k].has_via)
		return "-";
	return addr_fmt(&e->route.nh[k].via, buf);
}

static void print_text(FILE *out, const struct rt_entry *v, size_t n,
		       const struct node_dump *d)
{
	char dst[PREFIX_STRLEN], hop[PREFIX_STRLEN], label[128];
	int w_dst = 18, w_hop = 15;	/* IPv4's; IPv6 widens them */

	for (size_t i = 0; i < n; i++) {
		w_dst = MAX(w_dst, (int)strlen(prefix_fmt(&v[i].route.dst,
							  dst)));
		for (size_t k = 0; k < v[i].route.n_nh; k++)
			w_hop = MAX(w_hop, (int)strlen(hop_text(&v[i], k,
								hop)));
	}
	fprintf(out, "%-*s %-33s %-*s %-10s %-7s %s\n", w_dst, "PREFIX", "SOURCE",
	       w_hop, "NEXT HOP", "DEV", "METRIC", "STATE");
	for (size_t i = 0; i < n; i++) {
		const struct rt_entry *e = &v[i];
		size_t n_nh = e->route.n_nh > 0 ? e->route.n_nh : 1;

		fprintf(out, "%-*s %-33s %-*s %-10s %-7u %s\n", w_dst,
		       prefix_fmt(&e->route.dst, dst),
		       rtview_label(e, label, sizeof(label)), w_hop,
		       hop_text(e, 0, hop),
		       e->route.n_nh > 0 ? ifname(d, e->route.nh[0].oif) : "-",
		       e->route.metric, e->active ? "active" : "shadowed");
		/* the other paths of a multipath route, one line each */
		for (size_t k = 1; k < n_nh; k++)
			fprintf(out, "%-*s %-33s %-*s %s\n", w_dst, "", "", w_hop,
			       hop_text(e, k, hop),
			       ifname(d, e->route.nh[k].oif));
	}
}

static void json_route(struct json *j, const struct rt_entry *e,
		       const struct node_dump *d)
{
	char a[PREFIX_STRLEN], label[128];

	json_obj_begin(j);
	json_key(j, "prefix");
	json_str(j, prefix_fmt(&e->route.dst, a));
	json_key(j, "source");
	json_str(j, rtview_kind(e, label, sizeof(label)));
	json_key(j, "label");
	json_str(j, rtview_label(e, label, sizeof(label)));
	json_key(j, "gateway");
	json_str(j, e->gw != NULL ? e->gw->node->name : NULL);
	json_key(j, "nexthops");
	json_arr_begin(j);
	for (size_t k = 0; k < e->route.n_nh; k++) {
		json_obj_begin(j);
		json_key(j, "via");
		json_str(j, e->route.nh[k].has_via ?
			 addr_fmt(&e->route.nh[k].via, a) : NULL);
		json_key(j, "dev");
		json_str(j, e->route.nh[k].oif > 0 ?
			 ifname(d, e->route.nh[k].oif) : NULL);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_key(j, "metric");
	json_int(j, e->route.metric);
	json_key(j, "protocol");
	json_int(j, e->route.protocol);
	json_key(j, "active");
	json_bool(j, e->active);
	json_obj_end(j);
}

static void print_json(FILE *out, const struct lab *lab,
		       const struct lab_node *node, const struct rt_entry *v,
		       size_t n, const struct node_dump *d)
{
	struct json j;

	json_init(&j, out);
	json_obj_begin(&j);
	json_key(&j, "lab");
	json_str(&j, lab->name);
	json_key(&j, "node");
	json_str(&j, node->name);
	json_key(&j, "routes");
	json_arr_begin(&j);
	for (size_t i = 0; i < n; i++)
		json_route(&j, &v[i], d);
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

int cli_routes_write(FILE *out, const char *verb, const struct lab *lab,
		     const struct lab_node *node, bool json)
{
	struct node_dump d;
	struct rt_entry *v;
	struct azerr e;
	size_t n;

	if (dump_node(node, &d, &e) < 0) {
		fprintf(stderr, "azlab: %s: %s: %s\n", verb, node->name, e.msg);
		dump_free(&d);
		return 1;
	}
	if (rtview_build(node, d.routes, d.n, &v, &n) < 0) {
		fprintf(stderr, "azlab: %s: out of memory\n", verb);
		dump_free(&d);
		return 1;
	}
	if (json)
		print_json(out, lab, node, v, n, &d);
	else
		print_text(out, v, n, &d);
	free(v);
	dump_free(&d);
	return 0;
}

int cli_routes(int argc, char **argv)
{
	const struct lab_node *node;
	const char *name;
	struct lab *lab;
	bool json;
	int rc;

	rc = cli_node_args("routes", argc, argv, &name, &json);
	if (rc != CLI_GO_ON)
		return rc;
	if (cli_need_root("routes") < 0)
		return 1;
	lab = cli_running_lab_node("routes", name, &node);
	if (lab == NULL)
		return 1;
	rc = cli_routes_write(stdout, "routes", lab, node, json);
	lab_free(lab);
	return rc;
}
