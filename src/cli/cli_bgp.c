/* SPDX-License-Identifier: ISC */
/* azlab bgp NODE [--json]: a router's BGP sessions and IPv4 table, asked
 * straight from its bgpd's vty socket (frr_vty.h): the CLI is root, and
 * FRR's answer is the truth, whatever the daemon believes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "frr/frr.h"
#include "frr/frr_bgp.h"
#include "frr/frr_vty.h"
#include "core/fsutil.h"
#include "core/json.h"
#include "kernel/netns.h"
#include "run/state.h"

#define bgp_error(...) cli_error("bgp", __VA_ARGS__)

/* Why NODE has no bgpd to ask, or 0 if it should have one. */
static int check_node(const char *node)
{
	char path[PATH_MAX], ns[LAB_NS_NAME_MAX];
	struct lab_state st;
	struct azerr e;
	char *conf;
	int rc = 0;

	if (!state_daemon_alive())
		return bgp_error("no lab is running");
	if (state_read(&st, &e) != STATE_FOUND)
		snprintf(st.lab, sizeof(st.lab), "?");
	else	/* loading it says where its FRR runs (frr: shared) */
		lab_free(cli_load_running("bgp", st.file));
	if (!cli_node_ns_exists(node, ns, sizeof(ns)) &&
	    cli_node_elsewhere("bgp", node))
		return 1;
	if (!cli_node_ns_exists(node, ns, sizeof(ns)))
		return bgp_error("no node '%s' in lab %s", node, st.lab);
	if (frr_path(path, sizeof(path), node, "frr.conf") < 0 ||
	    (conf = file_read(path, NULL)) == NULL)
		return bgp_error("node '%s' runs no FRR (it has no 'frr:' "
				 "file in lab %s)", node, st.lab);
	if (!(frr_needs(conf) & FRR_BIT(FRR_BGPD)))
		rc = bgp_error("node '%s' runs no BGP (its FRR configuration "
			       "has no 'router bgp')", node);
	free(conf);
	return rc;
}

static int ask_bgpd(const char *node, struct bgp_summary *sum,
		    struct bgp_table *tab)
{
	char *out;
	struct azerr e;
	int rc = frr_bgp_summary(node, FRR_VTY_TIMEOUT_MS, sum, &e);

	if (rc == -1)
		return bgp_error("%s", e.msg);
	if (rc < 0)
		return bgp_error("%s: %s", node, e.msg);
	if (frr_vty_ask(node, "bgpd", "show bgp ipv4 unicast json",
			FRR_VTY_TIMEOUT_MS, &out, &e) < 0 ||
	    bgp_table_parse(out, tab, &e) < 0) {
		free(out);
		bgp_summary_free(sum);
		return bgp_error("%s: %s", node, e.msg);
	}
	free(out);
	return 0;
}

static void text_sessions(const struct bgp_summary *s)
{
	printf("%-16s %-10s %-13s %-9s %6s %6s  %s\n", "PEER", "AS", "STATE",
	       "UPTIME", "RCVD", "SENT", "DESCRIPTION");
	for (size_t i = 0; i < s->n_peers; i++) {
		const struct bgp_peer *p = &s->peers[i];

		printf("%-16s %-10lld %-13s %-9s %6lld %6lld%s%s\n", p->addr,
		       p->remote_as, p->state, p->uptime, p->pfx_rcvd,
		       p->pfx_sent, p->desc[0] != '\0' ? "  " : "", p->desc);
	}
	if (s->n_peers == 0)
		printf("(no neighbors)\n");
}

/* FRR's own letters: i IGP, e EGP, ? incomplete. */
static char origin_code(const char *origin)
{
	if (strcmp(origin, "IGP") == 0)
		return 'i';
	return strcmp(origin, "EGP") == 0 ? 'e' : '?';
}

/* As FRR prints it: "*>" best, "*" valid, AS path then origin. */
static void text_table(const struct bgp_table *t)
{
	printf("   %-18s %-16s %6s  %s\n", "PREFIX", "NEXT HOP", "LOCPRF",
	       "AS PATH");
	for (size_t i = 0; i < t->n_paths; i++) {
		const struct bgp_path *p = &t->paths[i];
		char lp[24] = "";

		if (p->local_pref >= 0)
			snprintf(lp, sizeof(lp), "%lld", p->local_pref);
		printf("%c%c %-18s %-16s %6s  %s%s%c\n", p->valid ? '*' : ' ',
		       p->best ? '>' : ' ', p->prefix, p->nexthop, lp,
		       p->as_path, p->as_path[0] != '\0' ? " " : "",
		       origin_code(p->origin));
	}
	if (t->n_paths == 0)
		printf("(no routes)\n");
	else
		printf("(* valid, > best; origin i IGP, e EGP, ? incomplete)\n");
}

static void json_sessions(struct json *j, const struct bgp_summary *s)
{
	json_key(j, "sessions");
	json_arr_begin(j);
	for (size_t i = 0; i < s->n_peers; i++) {
		const struct bgp_peer *p = &s->peers[i];

		json_obj_begin(j);
		json_key(j, "peer");
		json_str(j, p->addr);
		json_key(j, "description");
		json_str(j, p->desc[0] != '\0' ? p->desc : NULL);
		json_key(j, "remoteAs");
		json_int(j, p->remote_as);
		json_key(j, "state");
		json_str(j, p->state);
		json_key(j, "established");
		json_bool(j, p->established);
		json_key(j, "adminDown");
		json_bool(j, p->admin_down);
		json_key(j, "uptime");
		json_str(j, p->uptime);
		json_key(j, "prefixesReceived");
		json_int(j, p->pfx_rcvd);
		json_key(j, "prefixesSent");
		json_int(j, p->pfx_sent);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_int_or_null(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	if (v >= 0)
		json_int(j, v);
	else
		json_null(j);
}

static void json_routes(struct json *j, const struct bgp_table *t)
{
	json_key(j, "routes");
	json_arr_begin(j);
	for (size_t i = 0; i < t->n_paths; i++) {
		const struct bgp_path *p = &t->paths[i];

		json_obj_begin(j);
		json_key(j, "prefix");
		json_str(j, p->prefix);
		json_key(j, "nextHop");
		json_str(j, p->nexthop);
		json_key(j, "asPath");
		json_str(j, p->as_path);
		json_key(j, "origin");
		json_str(j, p->origin);
		json_int_or_null(j, "localPref", p->local_pref);
		json_int_or_null(j, "metric", p->metric);
		json_key(j, "valid");
		json_bool(j, p->valid);
		json_key(j, "best");
		json_bool(j, p->best);
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void print_json(const char *node, const struct bgp_summary *s,
		       const struct bgp_table *t)
{
	struct json j;

	json_init(&j, stdout);
	json_obj_begin(&j);
	json_key(&j, "node");
	json_str(&j, node);
	json_key(&j, "as");
	json_int(&j, s->as);
	json_key(&j, "routerId");
	json_str(&j, s->router_id[0] != '\0' ? s->router_id : NULL);
	json_sessions(&j, s);
	json_routes(&j, t);
	json_obj_end(&j);
	json_end(&j);
}

int cli_bgp(int argc, char **argv)
{
	const char *node;
	struct bgp_summary sum;
	struct bgp_table tab;
	bool json;
	int rc;

	rc = cli_node_args("bgp", argc, argv, &node, &json);
	if (rc != CLI_GO_ON)
		return rc;
	if (cli_need_root("bgp") < 0 || check_node(node) != 0 ||
	    ask_bgpd(node, &sum, &tab) != 0)
		return 1;
	if (json) {
		print_json(node, &sum, &tab);
	} else if (!sum.configured) {
		printf("BGP on %s: no BGP instance (yet)\n", node);
	} else {
		printf("BGP on %s: AS %lld, router ID %s\n\n", node, sum.as,
		       sum.router_id);
		text_sessions(&sum);
		putchar('\n');
		text_table(&tab);
	}
	bgp_summary_free(&sum);
	bgp_table_free(&tab);
	return 0;
}
