/* SPDX-License-Identifier: ISC */
/* What `azlab graph` draws beyond the lab file's links: BGP sessions from
 * the FRR configurations (`neighbor ADDR remote-as AS`, through
 * peer-groups) and IPsec tunnels from the swanctl files (each
 * connection's remote_addrs), each joined to the lab node that owns the
 * peer's address. A line scan (frr/frr_conf.h) is enough: FRR's own
 * parser has already accepted these files when the lab ran. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "core/grow.h"
#include "frr/frr_conf.h"
#include "graph.h"
#include "ipsec/swanctl_conf.h"

static bool addrs_hold(const struct prefix *addrs, size_t n,
		       const struct prefix *a)
{
	for (size_t i = 0; i < n; i++)
		if (prefix_same_addr(&addrs[i], a))
			return true;
	return false;
}

static bool node_owns(const struct lab_node *node, const struct prefix *a)
{
	if (addrs_hold(node->loopback, node->n_loopback, a))
		return true;
	for (size_t i = 0; i < node->n_ifaces; i++)
		if (addrs_hold(node->ifaces[i]->addrs,
			       node->ifaces[i]->n_addrs, a))
			return true;
	return false;
}

const struct lab_node *graph_addr_owner(const struct lab *lab,
					const char *addr)
{
	struct prefix a;

	if (addr_parse(addr, &a) < 0)
		return NULL;
	for (size_t i = 0; i < lab->n_nodes; i++)
		if (node_owns(lab->nodes[i], &a))
			return lab->nodes[i];
	return NULL;
}

/* ---- BGP ---- */

static struct graph_bgp *bgp_find(struct graph *g, const struct lab_node *a,
				  const struct lab_node *b)
{
	for (size_t i = 0; i < g->n_bgp; i++)
		if ((g->bgp[i].a == a && g->bgp[i].b == b) ||
		    (g->bgp[i].a == b && g->bgp[i].b == a))
			return &g->bgp[i];
	return NULL;
}

static int bgp_add(struct graph *g, const struct lab_node *a,
		   const struct lab_node *b, const char *as_a,
		   const char *as_b)
{
	struct graph_bgp *s;

	if (a == b || bgp_find(g, a, b) != NULL)
		return 0;
	if ((s = grow_add(&g->bgp, &g->n_bgp, sizeof(*s))) == NULL)
		return -1;
	s->a = a;
	s->b = b;
	snprintf(s->as_a, sizeof(s->as_a), "%s", as_a);
	snprintf(s->as_b, sizeof(s->as_b), "%s", as_b);
	return 0;
}

/* One neighbor statement's facts; a peer-group is a neighbor too. */
struct frr_peer {
	char name[64];		/* an address or a peer-group name */
	char as[GRAPH_AS_MAX];
	char group[64];
};

struct frr_scan {
	char local_as[GRAPH_AS_MAX];
	struct frr_peer *peers;
	size_t n;
};

static struct frr_peer *peer_get(struct frr_scan *f, struct frr_conf_word name)
{
	struct frr_peer *p;

	for (size_t i = 0; i < f->n; i++)
		if (frr_conf_word_is(name, f->peers[i].name))
			return &f->peers[i];
	if ((p = grow_add(&f->peers, &f->n, sizeof(*p))) == NULL)
		return NULL;
	frr_conf_copy(name, p->name, sizeof(p->name));
	return p;
}

static int frr_line(struct frr_scan *f, const struct frr_conf_line *l)
{
	enum frr_conf_bgp what = frr_conf_bgp(l);
	struct frr_peer *p;

	if (what == FRR_CONF_BGP_ROUTER)
		frr_conf_copy(l->word[2], f->local_as, sizeof(f->local_as));
	if (what != FRR_CONF_BGP_REMOTE_AS && what != FRR_CONF_BGP_PEER_GROUP)
		return 0;
	if ((p = peer_get(f, l->word[1])) == NULL)
		return -1;
	if (what == FRR_CONF_BGP_REMOTE_AS)
		frr_conf_copy(l->word[3], p->as, sizeof(p->as));
	else
		frr_conf_copy(l->word[3], p->group, sizeof(p->group));
	return 0;
}

static const char *peer_as(struct frr_scan *f, const struct frr_peer *p)
{
	struct frr_peer *grp;

	if (p->as[0] != '\0' || p->group[0] == '\0')
		return p->as;
	for (size_t i = 0; i < f->n; i++) {
		grp = &f->peers[i];
		if (strcmp(grp->name, p->group) == 0)
			return grp->as;
	}
	return "";
}

static int frr_sessions(struct graph *g, const struct lab_node *node,
			struct frr_scan *f)
{
	const struct lab_node *peer;
	const char *as;

	for (size_t i = 0; i < f->n; i++) {
		as = peer_as(f, &f->peers[i]);
		peer = graph_addr_owner(g->lab, f->peers[i].name);
		if (as[0] == '\0' || peer == NULL)
			continue;
		if (bgp_add(g, node, peer, f->local_as, as) < 0)
			return -1;
	}
	return 0;
}

int graph_add_frr_text(struct graph *g, const struct lab_node *node,
		       const char *text)
{
	struct frr_scan f = { .local_as = "?" };
	struct frr_conf_line l;
	int rc = 0;

	while (rc == 0 && frr_conf_next(&text, &l))
		rc = frr_line(&f, &l);
	if (rc == 0)
		rc = frr_sessions(g, node, &f);
	free(f.peers);
	return rc;
}

/* ---- IPsec ---- */

static struct graph_tunnel *tunnel_find(struct graph *g,
					const struct lab_node *a,
					const struct lab_node *b)
{
	for (size_t i = 0; i < g->n_tunnels; i++)
		if ((g->tunnels[i].a == a && g->tunnels[i].b == b) ||
		    (g->tunnels[i].a == b && g->tunnels[i].b == a))
			return &g->tunnels[i];
	return NULL;
}

static void name_join(struct graph_tunnel *t, const char *conn)
{
	size_t len = strlen(t->name);

	if (strcmp(t->name, conn) != 0)
		snprintf(t->name + len, sizeof(t->name) - len, "/%s", conn);
}

int graph_add_tunnel(struct graph *g, const struct lab_node *node,
		     const char *remote, const char *conn)
{
	const struct lab_node *peer = graph_addr_owner(g->lab, remote);
	struct graph_tunnel *t;

	if (peer == NULL || peer == node)
		return 0;
	if ((t = tunnel_find(g, node, peer)) != NULL) {
		name_join(t, conn);
		return 0;
	}
	if ((t = grow_add(&g->tunnels, &g->n_tunnels, sizeof(*t))) == NULL)
		return -1;
	t->a = node;
	t->b = peer;
	snprintf(t->name, sizeof(t->name), "%s", conn);
	return 0;
}

/* remote_addrs is a comma-separated list: the first address in the lab. */
static int conn_tunnel(struct graph *g, const struct lab_node *node,
		       const char *addrs, const char *conn)
{
	char *copy = strdup(addrs), *save = NULL;
	int rc = copy != NULL ? 0 : -1;

	for (char *a = copy != NULL ? strtok_r(copy, ", ", &save) : NULL;
	     a != NULL; a = strtok_r(NULL, ", ", &save)) {
		if (graph_addr_owner(g->lab, a) != NULL) {
			rc = graph_add_tunnel(g, node, a, conn);
			break;
		}
	}
	free(copy);
	return rc;
}

static int ipsec_file(struct graph *g, const struct lab_node *node,
		      struct azerr *e)
{
	struct swan_conf *c = swan_conf_load(node->ipsec_config, e);
	const char *remote;
	int rc = 0;

	if (c == NULL)
		return -1;
	for (size_t i = 0; i < swan_conf_n_conns(c) && rc == 0; i++) {
		remote = swan_conf_conn_get(c, i, "remote_addrs");
		if (remote != NULL)
			rc = conn_tunnel(g, node, remote,
					 swan_conf_conn_name(c, i));
	}
	swan_conf_free(c);
	return rc == 0 ? 0 : azerr_set(e, "out of memory");
}

static int frr_file(struct graph *g, const struct lab_node *node,
		    struct azerr *e)
{
	char *text = file_read(node->frr_config, NULL);
	int rc;

	if (text == NULL)
		return azerr_errno(e, errno, "%s", node->frr_config);
	rc = graph_add_frr_text(g, node, text);
	if (rc < 0)
		azerr_set(e, "out of memory");
	free(text);
	return rc;
}

int graph_collect(struct graph *g, const struct lab *lab, struct azerr *e)
{
	const struct lab_node *node;

	memset(g, 0, sizeof(*g));
	g->lab = lab;
	for (size_t i = 0; i < lab->n_nodes; i++) {
		node = lab->nodes[i];
		if (node->frr_config != NULL && frr_file(g, node, e) < 0)
			return -1;
		if (node->ipsec_config != NULL && ipsec_file(g, node, e) < 0)
			return -1;
	}
	return 0;
}

int graph_mark_down(struct graph *g, const struct lab_iface *ifc)
{
	const struct lab_iface **d;

	d = grow_add(&g->live_down, &g->n_live_down, sizeof(*d));
	if (d == NULL)
		return -1;
	*d = ifc;
	return 0;
}

void graph_free(struct graph *g)
{
	free(g->bgp);
	free(g->tunnels);
	free(g->live_down);
	memset(g, 0, sizeof(*g));
}
