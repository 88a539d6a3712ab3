/* SPDX-License-Identifier: ISC */
/* The routing wait's looking (frr_look): what every router's daemons
 * say, asked over their vty sockets, and what the supervisor says of
 * them. Judging it is frr_wait.c's. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frr.h"
#include "frr_json.h"
#include "frr_shared.h"
#include "frr_vty.h"
#include "frr_wait.h"

static char *ask(const char *node, const char *daemon, const char *cmd,
		 char *err, size_t len)
{
	struct azerr e;
	char *out;

	if (frr_vty_ask(node, daemon, cmd, FRR_VTY_TIMEOUT_MS, &out, &e) < 0) {
		snprintf(err, len, "%s", e.msg);
		return NULL;
	}
	return out;
}

static void look_bgp(struct frr_view *v)
{
	const char *node = v->node->name;
	char *sum = ask(node, "bgpd", "show bgp neighbors json", v->bgp_err,
			sizeof(v->bgp_err));
	struct azerr e;

	if (sum != NULL && bgp_neighbors_parse(sum, &v->sum, &e) < 0)
		snprintf(v->bgp_err, sizeof(v->bgp_err), "%s: bgpd: %s", node,
			 e.msg);
	free(sum);
}

/* A shared bgpd asked once for every router: one question in its queue
 * rather than one per router while it converges. NULL with err set. */
static struct json_object *ask_every_vrf(const char *cmd, char *err,
					 size_t len)
{
	char *out = ask(FRR_SHARED_NODE, "bgpd", cmd, err, len);
	struct json_object *doc;
	struct azerr e;

	if (out == NULL)
		return NULL;
	doc = fj_parse(out, &e);
	if (doc == NULL)
		snprintf(err, len, "the shared bgpd: %s", e.msg);
	free(out);
	return doc;
}

/* The router's VRF in the shared bgpd's answer (every_err: why there is
 * none): no such VRF yet is no BGP yet. */
static void look_bgp_vrf(struct frr_view *v, struct json_object *every,
			 const char *every_err, bgp_doc_reader *read)
{
	char ns[LAB_NS_NAME_MAX];
	struct json_object *vrf = NULL;
	struct azerr e;

	bgp_summary_free(&v->sum);
	if (every == NULL) {
		snprintf(v->bgp_err, sizeof(v->bgp_err), "%s", every_err);
		return;
	}
	json_object_object_get_ex(every, lab_ns_name(v->node->name, ns,
						     sizeof(ns)), &vrf);
	if (read(vrf, &v->sum, &e) < 0)
		snprintf(v->bgp_err, sizeof(v->bgp_err), "%s: bgpd: %s",
			 v->node->name, e.msg);
}

/* Every router's sessions, from one answer of the shared bgpd. */
static void look_every_vrf(struct frr_view *views, size_t n, const char *cmd,
			   bgp_doc_reader *read)
{
	char err[sizeof(views->bgp_err)] = "";
	struct json_object *every = ask_every_vrf(cmd, err, sizeof(err));

	for (size_t i = 0; i < n; i++)
		if (views[i].bgp)
			look_bgp_vrf(&views[i], every, err, read);
	if (every != NULL)
		json_object_put(every);
}

/* Whether a router's BGP could not be asked, or one of its sessions has
 * never been up (which only a summary tells). */
static bool bgp_coming(const struct frr_view *views, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct bgp_summary *s = &views[i].sum;

		if (!views[i].bgp)
			continue;
		if (views[i].bgp_err[0] != '\0')
			return true;
		for (size_t k = 0; k < s->n_peers; k++)
			if (bgp_peer_never_up(&s->peers[k]))
				return true;
	}
	return false;
}

static void look_ospf(struct frr_view *v)
{
	const char *node = v->node->name;
	char *nbrs = ask(node, "ospfd", "show ip ospf neighbor json",
			 v->ospf_err, sizeof(v->ospf_err));
	char *ifs = nbrs == NULL ? NULL :
		    ask(node, "ospfd", "show ip ospf interface json",
			v->ospf_err, sizeof(v->ospf_err));
	struct azerr e;

	if (ifs != NULL && ospf_status_parse(nbrs, ifs, &v->os, &e) < 0)
		snprintf(v->ospf_err, sizeof(v->ospf_err), "%s: ospfd: %s",
			 node, e.msg);
	free(nbrs);
	free(ifs);
}

/* {"routes": [...], "routesTotal": 7, "routesTotalFib": 5} */
static void look_rib(struct frr_view *v)
{
	char err[600], *out;
	struct json_object *doc;
	struct azerr e;

	v->rib_routes = v->rib_fib = -1;
	out = ask(v->node->name, "zebra", "show ip route summary json", err,
		  sizeof(err));
	doc = out != NULL ? fj_parse(out, &e) : NULL;
	if (doc != NULL) {
		v->rib_routes = fj_int(doc, "routesTotal", -1);
		v->rib_fib = fj_int(doc, "routesTotalFib", -1);
		json_object_put(doc);
	}
	free(out);
}

/* While a session has never been up in a bgpd started lately (at `up`,
 * or after bgpd restarted), routing is not settled whatever else is
 * said. The summary says which (a sixth of the neighbors' answer at 200
 * sites, where every look took bgpd from its sessions for 0.3 to 1.3 s),
 * and no RIB is asked: that is one question per router. Otherwise the
 * whole look: a session down for good (a link shut, a router down by
 * hand, before bgpd restarted or since) leaves a lab that may be steady
 * without it, and only the routes and UPDATEs say whether it is. Past
 * SUMMARY_ONLY_MS, a never-up session is such a one. */
#define SUMMARY_ONLY_MS	FRR_RESTART_MS

static void look_shared(struct frr_view *views, size_t n,
			long long bgpd_ran_ms)
{
	if (bgpd_ran_ms < SUMMARY_ONLY_MS) {
		look_every_vrf(views, n, "show bgp vrf all summary json",
			       bgp_summary_read);
		if (bgp_coming(views, n)) {
			for (size_t i = 0; i < n; i++)
				views[i].rib_routes = views[i].rib_fib = -1;
			return;
		}
	}
	for (size_t i = 0; i < n; i++)
		look_rib(&views[i]);
	look_every_vrf(views, n, "show bgp vrf all neighbors json",
		       bgp_neighbors_read);
}

/* How long the shared bgpd has run, since its first start or its last
 * restart. */
static long long shared_bgpd_ran_ms(const struct supervisor *sup)
{
	const struct svc *s = sup_find(sup, FRR_SHARED_NODE, "bgpd");

	return s != NULL ? sup_now_ms() - s->started_ms : LLONG_MAX;
}

/* What the supervisor says of one node's services, gathered in one pass
 * over them: asked node by node (configuring, held, youngest restart,
 * which daemons), every look was O(nodes x services), 2.5 million
 * string compares a look at 200 sites. */
struct node_svcs {
	bool configuring;	/* a daemon has not got its configuration */
	bool bgp, ospf;		/* it runs bgpd, ospfd */
	bool any, all_held;	/* has services; every one held */
	long long ran_ms;	/* see frr_view */
};

struct named {
	const char *name;
	size_t i;		/* in lab->nodes */
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name,
		      ((const struct named *)b)->name);
}

static void svc_note(struct node_svcs *ns, const struct svc *s,
		     long long now)
{
	if (!ns->any)
		ns->all_held = true;
	ns->any = true;
	ns->all_held &= s->held;
	ns->configuring |= s->state != SVC_RUNNING ||
			   s->post_state == POST_WAITING ||
			   s->post_state == POST_RUNNING;
	ns->bgp |= strcmp(s->name, "bgpd") == 0;
	ns->ospf |= strcmp(s->name, "ospfd") == 0;
	/* the first start is `up`'s to wait for */
	if (s->restarts > 0 && now - s->started_ms < ns->ran_ms)
		ns->ran_ms = now - s->started_ms;
}

/* With a shared FRR, every router's services are the shared pair. */
static void shared_svcs(const struct lab *lab, const struct supervisor *sup,
			struct node_svcs *out, long long now)
{
	static const char *const names[] = { "zebra", "bgpd" };
	struct node_svcs pair = { .ran_ms = LLONG_MAX };

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		const struct svc *s = sup_find(sup, FRR_SHARED_NODE, names[i]);

		if (s != NULL)
			svc_note(&pair, s, now);
	}
	for (size_t i = 0; i < lab->n_nodes; i++)
		if (lab->nodes[i]->frr_config != NULL)
			out[i] = pair;
}

/* out[i]: node i's services (lab->nodes order). */
static int nodes_svcs(const struct lab *lab, const struct supervisor *sup,
		      struct node_svcs *out, struct azerr *e)
{
	struct named *sorted = calloc(lab->n_nodes + 1, sizeof(*sorted));
	long long now = sup_now_ms();

	if (sorted == NULL)
		return azerr_set(e, "out of memory");
	for (size_t i = 0; i < lab->n_nodes; i++) {
		sorted[i] = (struct named){ lab->nodes[i]->name, i };
		out[i] = (struct node_svcs){ .ran_ms = LLONG_MAX };
	}
	if (frr_shared_on()) {
		free(sorted);
		shared_svcs(lab, sup, out, now);
		return 0;
	}
	qsort(sorted, lab->n_nodes, sizeof(*sorted), by_name);
	for (size_t i = 0; i < sup_count(sup); i++) {
		const struct svc *s = sup_svc(sup, i);
		struct named key = { s->node, 0 }, *found;

		found = bsearch(&key, sorted, lab->n_nodes, sizeof(*sorted),
				by_name);
		if (found != NULL)
			svc_note(&out[found->i], s, now);
	}
	free(sorted);
	return 0;
}

int frr_look(const struct lab *lab, const struct supervisor *sup,
	     const bool *down, struct frr_view **views, size_t *n,
	     struct azerr *e)
{
	struct node_svcs *svcs = calloc(lab->n_nodes + 1, sizeof(*svcs));
	bool configuring = false;

	*n = 0;
	*views = calloc(lab->n_nodes + 1, sizeof(**views));
	if (*views == NULL || svcs == NULL ||
	    nodes_svcs(lab, sup, svcs, e) < 0) {
		free(*views);
		free(svcs);
		return azerr_set(e, "out of memory");
	}
	for (size_t i = 0; i < lab->n_nodes; i++)
		configuring |= lab->nodes[i]->frr_config != NULL &&
			       !svcs[i].all_held && svcs[i].configuring &&
			       (down == NULL || !down[i]);
	for (size_t i = 0; i < lab->n_nodes; i++) {
		const struct lab_node *node = lab->nodes[i];
		struct frr_view *v = &(*views)[*n];

		/* a node failed by hand is not coming back by itself: its
		 * neighbors' sessions to it are what is down (a router of a
		 * shared FRR has no daemons to hold: down says it) */
		if (node->frr_config == NULL || svcs[i].all_held ||
		    (down != NULL && down[i]))
			continue;
		(*n)++;
		v->node = node;
		v->configuring = svcs[i].configuring;
		v->bgp = svcs[i].bgp;
		v->ran_ms = svcs[i].ran_ms;
		v->ospf = svcs[i].ospf;
		/* While one router is being configured, routing is not
		 * settled whatever the others say: asking them, one by one
		 * while their daemons start, took seconds at a hundred
		 * routers, and the daemon's loop, which starts the
		 * configuration pushes, waited for it. */
		v->unasked = configuring && !v->configuring;
		if (configuring || frr_shared_on())
			continue;
		look_rib(v);
		if (v->bgp)
			look_bgp(v);
		if (v->ospf)
			look_ospf(v);
	}
	if (!configuring && frr_shared_on())
		look_shared(*views, *n, shared_bgpd_ran_ms(sup));
	free(svcs);
	return 0;
}

void frr_views_free(struct frr_view *views, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bgp_summary_free(&views[i].sum);
		ospf_status_free(&views[i].os);
	}
	free(views);
}
