/* SPDX-License-Identifier: ISC */
/* The SDN controller's netlink side: a monitor and a request socket in
 * each gateway namespace, a request socket in each VM namespace, and
 * struct sdn_ops over them. What to program is sdn_rib.c's decision. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "kernel/netns.h"
#include "kernel/nl.h"
#include "sdn.h"
#include "sdn_rib.h"

/* A gateway namespace: routes are the news, of both families; a link or
 * address change may remove routes without a notification of each
 * (IPv4 flushes them), so those make the controller read the gateway's
 * routes again. */
static const unsigned gw_groups[] = {
	RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_LINK,
	RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR,
};

struct sdn_gw {
	struct sdn_feed *feed;
	struct nl_mon *mon;
	struct nl_sock *nl;		/* dumps */
	bool resync;			/* read the routes afresh */
};

struct sdn_host {
	struct sdn_vm *vm;
	struct nl_sock *nl;
	int *oif;			/* per gateway: ifindex of its iface */
};

struct sdn {
	struct sdn_rib rib;
	struct sdn_gw *gws;		/* one per rib feed */
	struct sdn_host *hosts;		/* one per rib VM */
};

struct sdn *sdn_new(const struct lab *lab, struct azerr *e)
{
	struct sdn *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		azerr_set(e, "out of memory");
		return NULL;
	}
	if (sdn_rib_init(&s->rib, lab, e) < 0) {
		free(s);
		return NULL;
	}
	s->gws = calloc(s->rib.n_feeds + 1, sizeof(*s->gws));
	s->hosts = calloc(s->rib.n_vms + 1, sizeof(*s->hosts));
	if (s->gws == NULL || s->hosts == NULL) {
		sdn_free(s);
		azerr_set(e, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < s->rib.n_feeds; i++)
		s->gws[i].feed = &s->rib.feeds[i];
	for (size_t i = 0; i < s->rib.n_vms; i++)
		s->hosts[i].vm = &s->rib.vms[i];
	return s;
}

void sdn_free(struct sdn *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; s->gws != NULL && i < s->rib.n_feeds; i++) {
		nl_mon_close(s->gws[i].mon);
		nl_close(s->gws[i].nl);
	}
	for (size_t i = 0; s->hosts != NULL && i < s->rib.n_vms; i++) {
		nl_close(s->hosts[i].nl);
		free(s->hosts[i].oif);
	}
	free(s->gws);
	free(s->hosts);
	sdn_rib_free(&s->rib);
	free(s);
}

static struct sdn_host *host_of(struct sdn *s, const struct lab_node *vm)
{
	for (size_t i = 0; i < s->rib.n_vms; i++)
		if (s->hosts[i].vm->node == vm)
			return &s->hosts[i];
	return NULL;
}

static int op_route_set(void *ctx, const struct lab_node *vm,
			const struct sdn_route *r, struct azerr *e)
{
	struct sdn_host *h = host_of(ctx, vm);
	struct route_spec spec = {
		.dst = r->dst,
		.via = &r->via,
		.metric = r->metric,
		.protocol = RTPROT_AZLAB_SDN,
		.replace = true,
	};

	if (h == NULL || r->gw == NULL)
		return azerr_set(e, "not a VM with that gateway");
	spec.oif = h->oif[r->gw - vm->gateways];
	return nl_route_change(h->nl, RTM_NEWROUTE, &spec, e);
}

/* By dst, metric and protocol: ours, whatever its next hop became. */
static int op_route_del(void *ctx, const struct lab_node *vm,
			const struct sdn_route *r, struct azerr *e)
{
	struct sdn_host *h = host_of(ctx, vm);
	struct route_spec spec = {
		.dst = r->dst,
		.metric = r->metric,
		.protocol = RTPROT_AZLAB_SDN,
	};

	if (h == NULL)
		return azerr_set(e, "not a VM");
	if (nl_route_change(h->nl, RTM_DELROUTE, &spec, e) < 0 &&
	    errno != ESRCH)
		return -1;
	return 0;
}

static const struct sdn_ops sdn_netlink_ops = {
	.route_set = op_route_set,
	.route_del = op_route_del,
};

/* ns_fd of "azlab-<node>", closed once the sockets exist (the
 * gateways' monitor and route socket share it; a host needs only
 * nl_open_node). */
static int node_ns(const struct lab_node *node, struct azerr *e)
{
	char ns[LAB_NS_NAME_MAX];

	return netns_open(lab_ns_name(node->name, ns, sizeof(ns)), e);
}

/* Subscribed before the first dump, so that nothing falls in between. */
static int gw_open(struct sdn_gw *g, struct azerr *e)
{
	int fd = node_ns(g->feed->node, e);

	if (fd < 0)
		return -1;
	g->mon = nl_mon_open(fd, gw_groups,
			     sizeof(gw_groups) / sizeof(gw_groups[0]), e);
	if (g->mon != NULL)
		g->nl = nl_open(fd, e);
	close(fd);
	if (g->nl == NULL)
		return azerr_wrap(e, "%s", g->feed->node->name);
	return 0;
}

static int host_open(struct sdn_host *h, struct azerr *e)
{
	const struct lab_node *node = h->vm->node;

	h->nl = nl_open_node(node->name, e);
	if (h->nl == NULL)
		return azerr_wrap(e, "%s", node->name);
	h->oif = calloc(node->n_gateways, sizeof(*h->oif));
	if (h->oif == NULL)
		return azerr_set(e, "out of memory");
	for (size_t k = 0; k < node->n_gateways; k++) {
		h->oif[k] = nl_ifindex(h->nl, node->gateways[k].iface->name, e);
		if (h->oif[k] < 0)
			return azerr_wrap(e, "%s", node->name);
	}
	return 0;
}

/* A gateway's routes that count: BGP's, unicast, main table (either
 * family: a prefix goes to the host through the gateway's address of
 * its family, sdn_rib.c). */
static bool is_bgp(const struct nl_route *r)
{
	return r->protocol == RTPROT_BGP && r->type == RTN_UNICAST &&
	       r->table == RT_TABLE_MAIN;
}

static int gw_dump(struct sdn *s, struct sdn_gw *g, struct azerr *e)
{
	struct sdn_gw_route *v;
	struct nl_route *routes;
	size_t n, k = 0;
	int rc;

	if (nl_dump_routes(g->nl, AF_UNSPEC, &routes, &n, e) < 0)
		return azerr_wrap(e, "%s", g->feed->node->name);
	v = calloc(n + 1, sizeof(*v));
	if (v == NULL) {
		free(routes);
		return azerr_set(e, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		if (!is_bgp(&routes[i]))
			continue;
		v[k].dst = routes[i].dst;
		v[k++].metric = routes[i].metric;
	}
	free(routes);
	rc = sdn_feed_reset(&s->rib, g->feed, v, k);
	free(v);
	g->resync = false;
	log_debug("sdn: %s has %zu BGP routes", g->feed->node->name, k);
	return rc < 0 ? azerr_set(e, "out of memory") : 0;
}

/* Routes of ours already in the VM (a daemon before us left them). */
static int host_dump(struct sdn_host *h, struct azerr *e)
{
	struct sdn_route *v;
	struct nl_route *routes;
	size_t n, k = 0;
	int rc;

	if (nl_dump_routes(h->nl, AF_UNSPEC, &routes, &n, e) < 0)
		return azerr_wrap(e, "%s", h->vm->node->name);
	v = calloc(n + 1, sizeof(*v));
	if (v == NULL) {
		free(routes);
		return azerr_set(e, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		const struct nl_route *r = &routes[i];

		if (r->protocol != RTPROT_AZLAB_SDN || r->n_nh != 1)
			continue;
		v[k].dst = r->dst;
		v[k].metric = r->metric;
		v[k].via = r->nh[0].via;
		v[k].gw = sdn_vm_gateway(h->vm, &r->nh[0].via, r->metric);
		k++;
	}
	free(routes);
	rc = sdn_vm_reset(h->vm, v, k);
	free(v);
	return rc < 0 ? azerr_set(e, "out of memory") : 0;
}

static int sync_all(struct sdn *s, struct azerr *e)
{
	int failed = sdn_sync(&s->rib, &sdn_netlink_ops, s);

	if (failed < 0)
		return azerr_set(e, "out of memory");
	if (failed > 0)
		log_warnx("sdn: %d route changes failed; retried on the next "
			  "change", failed);
	return 0;
}

int sdn_start(struct sdn *s, struct azerr *e)
{
	for (size_t i = 0; i < s->rib.n_feeds; i++)
		if (gw_open(&s->gws[i], e) < 0 || gw_dump(s, &s->gws[i], e) < 0)
			return azerr_wrap(e, "sdn");
	for (size_t i = 0; i < s->rib.n_vms; i++)
		if (host_open(&s->hosts[i], e) < 0 ||
		    host_dump(&s->hosts[i], e) < 0)
			return azerr_wrap(e, "sdn");
	if (s->rib.n_vms > 0)
		log_info("sdn: following %zu gateways for %zu VMs",
			 s->rib.n_feeds, s->rib.n_vms);
	return sync_all(s, e);
}

int sdn_resync_host(struct sdn *s, const struct lab_node *vm,
		    struct azerr *e)
{
	for (size_t i = 0; i < s->rib.n_vms; i++)
		if (s->hosts[i].vm->node == vm)
			return host_dump(&s->hosts[i], e) < 0 ||
			       sync_all(s, e) < 0 ? azerr_wrap(e, "sdn") : 0;
	return 0;
}

size_t sdn_pollfds(const struct sdn *s, struct pollfd *pfds, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < s->rib.n_feeds; i++) {
		if (s->gws[i].mon == NULL)
			continue;
		if (n < max) {
			pfds[n].fd = nl_mon_fd(s->gws[i].mon);
			pfds[n].events = POLLIN;
			pfds[n].revents = 0;
		}
		n++;
	}
	return n;
}

struct event_ctx {
	struct sdn *s;
	struct sdn_gw *g;
	int oom;
};

static void on_event(const struct nlmsghdr *nlh, void *data)
{
	struct event_ctx *c = data;
	struct sdn_gw_route gr;
	struct nl_route r;

	if (nlh->nlmsg_type != RTM_NEWROUTE &&
	    nlh->nlmsg_type != RTM_DELROUTE) {
		c->g->resync = true;	/* a link or an address */
		return;
	}
	if (nl_route_parse(nlh, &r) < 0 || r.table != RT_TABLE_MAIN)
		return;
	gr.dst = r.dst;
	gr.metric = r.metric;
	/* A new route that is not BGP's replaced whatever had its place. */
	if (nlh->nlmsg_type == RTM_NEWROUTE)
		c->oom |= sdn_feed_update(&c->s->rib, c->g->feed, is_bgp(&r),
					  &gr) < 0;
	else if (is_bgp(&r))
		c->oom |= sdn_feed_update(&c->s->rib, c->g->feed, false,
					  &gr) < 0;
}

int sdn_handle(struct sdn *s, int fd, struct azerr *e)
{
	struct event_ctx c = { s, NULL, 0 };
	int rc;

	for (size_t i = 0; i < s->rib.n_feeds && c.g == NULL; i++)
		if (s->gws[i].mon != NULL && nl_mon_fd(s->gws[i].mon) == fd)
			c.g = &s->gws[i];
	if (c.g == NULL)
		return azerr_set(e, "sdn: fd %d is not a monitor", fd);
	rc = nl_mon_read(c.g->mon, on_event, &c, e);
	if (rc < 0)
		return azerr_wrap(e, "sdn: %s", c.g->feed->node->name);
	if (rc == NL_MON_OVERRUN) {
		log_warnx("sdn: %s: netlink overrun, reading its routes again",
			  c.g->feed->node->name);
		c.g->resync = true;
	}
	if (c.g->resync || c.oom) {
		c.g->resync = true;
		if (gw_dump(s, c.g, e) < 0)
			return azerr_wrap(e, "sdn");
	}
	return sync_all(s, e);
}
