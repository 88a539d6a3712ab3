/* SPDX-License-Identifier: ISC */
/* The SDN controller's tables and decisions: sorted arrays (a lab has
 * tens of prefixes per gateway, not a full table), rebuilt and diffed per
 * VM whenever a feed of it changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/grow.h"
#include "sdn.h"
#include "sdn_rib.h"

unsigned sdn_metric(enum lab_gw_type type)
{
	return type == GW_EXPRESSROUTE ? SDN_METRIC_EXPRESSROUTE
				       : SDN_METRIC_VPN;
}

const char *sdn_gw_label(enum lab_gw_type type)
{
	return type == GW_EXPRESSROUTE ? "ExpressRoute gateway"
				       : "VPN gateway";
}

static int metric_cmp(unsigned a, unsigned b)
{
	return (a > b) - (a < b);
}

static int gw_route_cmp(const void *x, const void *y)
{
	const struct sdn_gw_route *a = x, *b = y;
	int c = prefix_cmp(&a->dst, &b->dst);

	return c != 0 ? c : metric_cmp(a->metric, b->metric);
}

static int route_cmp(const void *x, const void *y)
{
	const struct sdn_route *a = x, *b = y;
	int c = prefix_cmp(&a->dst, &b->dst);

	return c != 0 ? c : metric_cmp(a->metric, b->metric);
}

/* Sorted arrays: the first index whose element is not below key. */
static size_t lower_bound(const void *base, size_t n, size_t sz,
			  const void *key, int (*cmp)(const void *,
						      const void *))
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp((const char *)base + mid * sz, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int arr_insert(void *basep, size_t *n, size_t *cap, size_t sz,
		      size_t at, const void *item)
{
	char **base = basep;

	if (grow(basep, cap, *n + 1, sz) < 0)
		return -1;
	memmove(*base + (at + 1) * sz, *base + at * sz, (*n - at) * sz);
	memcpy(*base + at * sz, item, sz);
	(*n)++;
	return 0;
}

static void arr_remove(void *base, size_t *n, size_t sz, size_t at)
{
	char *b = base;

	memmove(b + at * sz, b + (at + 1) * sz, (*n - at - 1) * sz);
	(*n)--;
}

/* Replaces the array's content with a sorted copy of v. */
static int arr_reset(void *basep, size_t *n, size_t *cap, size_t sz,
		     const void *v, size_t count,
		     int (*cmp)(const void *, const void *))
{
	char **base = basep;

	if (grow(basep, cap, count, sz) < 0)
		return -1;
	*n = count;
	if (count == 0)		/* *base may still be NULL */
		return 0;
	memcpy(*base, v, count * sz);
	qsort(*base, count, sz, cmp);
	return 0;
}

int sdn_rib_init(struct sdn_rib *rib, const struct lab *lab, struct azerr *e)
{
	memset(rib, 0, sizeof(*rib));
	rib->feeds = calloc(lab->n_nodes + 1, sizeof(*rib->feeds));
	rib->vms = calloc(lab->n_nodes + 1, sizeof(*rib->vms));
	if (rib->feeds == NULL || rib->vms == NULL) {
		sdn_rib_free(rib);
		return azerr_set(e, "out of memory");
	}
	for (size_t i = 0; i < lab->n_nodes; i++) {
		const struct lab_node *node = lab->nodes[i];

		if (node->n_gateways == 0)
			continue;
		rib->vms[rib->n_vms++].node = node;
		for (size_t k = 0; k < node->n_gateways; k++) {
			const struct lab_node *gw = node->gateways[k].node;

			if (sdn_rib_feed(rib, gw) == NULL)
				rib->feeds[rib->n_feeds++].node = gw;
		}
	}
	return 0;
}

void sdn_rib_free(struct sdn_rib *rib)
{
	for (size_t i = 0; i < rib->n_feeds; i++)
		free(rib->feeds[i].routes);
	for (size_t i = 0; i < rib->n_vms; i++)
		free(rib->vms[i].installed);
	free(rib->feeds);
	free(rib->vms);
	memset(rib, 0, sizeof(*rib));
}

/* The feed of a gateway node: its index, or n_feeds if it has none. */
static size_t feed_index(const struct sdn_rib *rib, const struct lab_node *gw)
{
	size_t i;

	for (i = 0; i < rib->n_feeds; i++)
		if (rib->feeds[i].node == gw)
			break;
	return i;
}

struct sdn_feed *sdn_rib_feed(struct sdn_rib *rib, const struct lab_node *gw)
{
	size_t i = feed_index(rib, gw);

	return i < rib->n_feeds ? &rib->feeds[i] : NULL;
}

static void mark_dirty(struct sdn_rib *rib, const struct lab_node *gw)
{
	for (size_t i = 0; i < rib->n_vms; i++) {
		struct sdn_vm *vm = &rib->vms[i];

		for (size_t k = 0; k < vm->node->n_gateways; k++)
			if (vm->node->gateways[k].node == gw)
				vm->dirty = true;
	}
}

int sdn_feed_update(struct sdn_rib *rib, struct sdn_feed *f, bool add,
		    const struct sdn_gw_route *r)
{
	size_t at = lower_bound(f->routes, f->n, sizeof(*r), r, gw_route_cmp);
	bool found = at < f->n && gw_route_cmp(&f->routes[at], r) == 0;

	if (add == found)
		return 0;
	if (add && arr_insert(&f->routes, &f->n, &f->cap, sizeof(*r), at,
			      r) < 0)
		return -1;
	if (!add)
		arr_remove(f->routes, &f->n, sizeof(*r), at);
	mark_dirty(rib, f->node);
	return 1;
}

int sdn_feed_reset(struct sdn_rib *rib, struct sdn_feed *f,
		   const struct sdn_gw_route *v, size_t n)
{
	if (arr_reset(&f->routes, &f->n, &f->cap, sizeof(*v), v, n,
		      gw_route_cmp) < 0)
		return -1;
	mark_dirty(rib, f->node);
	return 0;
}

int sdn_vm_reset(struct sdn_vm *vm, const struct sdn_route *v, size_t n)
{
	if (arr_reset(&vm->installed, &vm->n, &vm->cap, sizeof(*v), v, n,
		      route_cmp) < 0)
		return -1;
	vm->dirty = true;
	return 0;
}

const struct lab_gateway *sdn_vm_gateway(const struct sdn_vm *vm,
					 const struct prefix *via,
					 unsigned metric)
{
	for (size_t k = 0; k < vm->node->n_gateways; k++) {
		const struct lab_gateway *gw = &vm->node->gateways[k];

		if (lab_gw_has_via(gw, via) && sdn_metric(gw->type) == metric)
			return gw;
	}
	return NULL;
}

/* One route per prefix of the gateway's feed (the feed is sorted, so a
 * prefix's routes are next to each other). */
static void desired_from(const struct sdn_feed *f,
			 const struct lab_gateway *gw, struct sdn_route *out,
			 size_t *n)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct prefix *via =
			lab_gw_via(gw, f->routes[i].dst.family);
		struct sdn_route *r;

		/* a family the host has no address of the gateway for */
		if (via == NULL || (i > 0 && prefix_cmp(&f->routes[i - 1].dst,
						     &f->routes[i].dst) == 0))
			continue;
		r = &out[(*n)++];
		r->dst = f->routes[i].dst;
		r->metric = sdn_metric(gw->type);
		r->via = *via;
		r->gw = gw;
	}
}

int sdn_desired(const struct sdn_rib *rib, const struct sdn_vm *vm,
		struct sdn_route **out, size_t *n)
{
	const struct lab_node *node = vm->node;
	size_t total = 0, f;

	*n = 0;
	for (size_t k = 0; k < node->n_gateways; k++)
		if ((f = feed_index(rib, node->gateways[k].node)) <
		    rib->n_feeds)
			total += rib->feeds[f].n;
	*out = calloc(total + 1, sizeof(**out));
	if (*out == NULL)
		return -1;
	for (size_t k = 0; k < node->n_gateways; k++)
		if ((f = feed_index(rib, node->gateways[k].node)) <
		    rib->n_feeds)
			desired_from(&rib->feeds[f], &node->gateways[k], *out,
				     n);
	qsort(*out, *n, sizeof(**out), route_cmp);
	return 0;
}

int sdn_diff(const struct sdn_route *want, size_t n_want,
	     const struct sdn_route *have, size_t n_have, struct sdn_diff *d)
{
	size_t i = 0, j = 0;

	memset(d, 0, sizeof(*d));
	d->add = calloc(n_want + 1, sizeof(*d->add));
	d->del = calloc(n_have + 1, sizeof(*d->del));
	if (d->add == NULL || d->del == NULL) {
		sdn_diff_free(d);
		return -1;
	}
	while (i < n_want || j < n_have) {
		int c = i == n_want ? 1 : j == n_have ? -1
			: route_cmp(&want[i], &have[j]);

		if (c < 0) {
			d->add[d->n_add++] = want[i++];
		} else if (c > 0) {
			d->del[d->n_del++] = have[j++];
		} else {
			/* same key, another next hop: setting replaces */
			if (!prefix_same_addr(&want[i].via, &have[j].via))
				d->add[d->n_add++] = want[i];
			i++;
			j++;
		}
	}
	return 0;
}

void sdn_diff_free(struct sdn_diff *d)
{
	free(d->add);
	free(d->del);
	memset(d, 0, sizeof(*d));
}

const char *sdn_route_describe(const struct lab_node *vm,
			       const struct sdn_route *r, bool withdrawn,
			       char *buf, size_t len)
{
	char dst[PREFIX_STRLEN], via[PREFIX_STRLEN];

	prefix_fmt(&r->dst, dst);
	addr_fmt(&r->via, via);
	if (r->gw != NULL)
		snprintf(buf, len, "%s: %s via %s%s (%s %s)", vm->name, dst,
			 via, withdrawn ? " withdrawn" : "",
			 sdn_gw_label(r->gw->type), r->gw->node->name);
	else
		snprintf(buf, len, "%s: %s via %s%s (no gateway of the lab)",
			 vm->name, dst, via, withdrawn ? " withdrawn" : "");
	return buf;
}

/* What the VM has, after one change went through. */
static int installed_set(struct sdn_vm *vm, const struct sdn_route *r)
{
	size_t at = lower_bound(vm->installed, vm->n, sizeof(*r), r,
				route_cmp);

	if (at < vm->n && route_cmp(&vm->installed[at], r) == 0) {
		vm->installed[at] = *r;
		return 0;
	}
	return arr_insert(&vm->installed, &vm->n, &vm->cap, sizeof(*r), at,
			  r);
}

static void installed_del(struct sdn_vm *vm, const struct sdn_route *r)
{
	size_t at = lower_bound(vm->installed, vm->n, sizeof(*r), r,
				route_cmp);

	if (at < vm->n && route_cmp(&vm->installed[at], r) == 0)
		arr_remove(vm->installed, &vm->n, sizeof(*r), at);
}

/* One change through ops; 0 done, 1 failed (logged), -1 out of memory. */
static int apply(struct sdn_vm *vm, const struct sdn_route *r, bool del,
		 const struct sdn_ops *ops, void *ctx)
{
	char what[256];
	struct azerr e;
	int rc;

	sdn_route_describe(vm->node, r, del, what, sizeof(what));
	rc = del ? ops->route_del(ctx, vm->node, r, &e)
		 : ops->route_set(ctx, vm->node, r, &e);
	if (rc < 0) {
		log_warnx("%s: %s", what, e.msg);
		vm->dirty = true;
		return 1;
	}
	log_info("%s", what);
	if (del) {
		installed_del(vm, r);
		return 0;
	}
	if (installed_set(vm, r) < 0) {
		vm->dirty = true;
		return -1;
	}
	return 0;
}

static int sync_vm(const struct sdn_rib *rib, struct sdn_vm *vm,
		   const struct sdn_ops *ops, void *ctx)
{
	struct sdn_route *want;
	struct sdn_diff d;
	size_t n_want;
	int failed = 0, rc = 0;

	if (sdn_desired(rib, vm, &want, &n_want) < 0)
		return -1;
	if (sdn_diff(want, n_want, vm->installed, vm->n, &d) < 0) {
		free(want);
		return -1;
	}
	free(want);
	vm->dirty = false;
	for (size_t i = 0; i < d.n_add && rc >= 0; i++)
		failed += (rc = apply(vm, &d.add[i], false, ops, ctx)) > 0;
	for (size_t i = 0; i < d.n_del && rc >= 0; i++)
		failed += (rc = apply(vm, &d.del[i], true, ops, ctx)) > 0;
	sdn_diff_free(&d);
	return rc < 0 ? -1 : failed;
}

int sdn_sync(struct sdn_rib *rib, const struct sdn_ops *ops, void *ctx)
{
	int failed = 0, rc;

	for (size_t i = 0; i < rib->n_vms; i++) {
		if (!rib->vms[i].dirty)
			continue;
		rc = sync_vm(rib, &rib->vms[i], ops, ctx);
		if (rc < 0)
			return -1;
		failed += rc;
	}
	return failed;
}
