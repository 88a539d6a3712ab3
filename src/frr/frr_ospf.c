/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frr_json.h"
#include "frr_ospf.h"
#include "core/grow.h"

static void nbr_read(struct ospf_nbr *n, const char *router_id,
		     struct json_object *o)
{
	char ifname[64];

	memset(n, 0, sizeof(*n));
	snprintf(n->router_id, sizeof(n->router_id), "%s", router_id);
	fj_str(o, "ifaceAddress", n->addr, sizeof(n->addr));
	if (n->addr[0] == '\0')
		fj_str(o, "address", n->addr, sizeof(n->addr));
	fj_str(o, "state", n->state, sizeof(n->state));
	fj_str(o, "converged", n->converged, sizeof(n->converged));
	fj_str(o, "role", n->role, sizeof(n->role));
	fj_str(o, "ifaceName", ifname, sizeof(ifname));
	ifname[strcspn(ifname, ":")] = '\0';
	ifname[sizeof(n->iface) - 1] = '\0';
	memcpy(n->iface, ifname, strlen(ifname) + 1);
}

/* {"neighbors": {"<router id>": [ {...}, ... ]}} */
static int nbrs_read(struct ospf_status *o, struct json_object *doc)
{
	struct json_object *all = fj_get(doc, "neighbors", json_type_object);
	struct json_object_iterator it, end;
	size_t cap = 0;

	if (all == NULL)
		return 0;
	it = json_object_iter_begin(all);
	end = json_object_iter_end(all);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		struct json_object *arr = json_object_iter_peek_value(&it);
		size_t n;

		if (!json_object_is_type(arr, json_type_array))
			continue;
		n = json_object_array_length(arr);
		if (grow(&o->nbrs, &cap, o->n_nbrs + n, sizeof(*o->nbrs)) < 0)
			return -1;
		for (size_t i = 0; i < n; i++)
			nbr_read(&o->nbrs[o->n_nbrs++],
				 json_object_iter_peek_name(&it),
				 json_object_array_get_idx(arr, i));
	}
	return 0;
}

static void iface_read(struct ospf_iface *i, const char *name,
		       struct json_object *o)
{
	char type[32];

	memset(i, 0, sizeof(*i));
	snprintf(i->name, sizeof(i->name), "%.*s", (int)sizeof(i->name) - 1,
		 name);
	fj_str(o, "state", i->state, sizeof(i->state));
	fj_str(o, "networkType", type, sizeof(type));
	i->up = fj_bool(o, "ifUp");
	i->passive = fj_bool(o, "timerPassiveIface");
	i->loopback = strcmp(type, "LOOPBACK") == 0 ||
		      strcmp(i->state, "Loopback") == 0;
}

/* {"interfaces": {"<name>": {...}}}; only those with OSPF on them */
static int ifaces_read(struct ospf_status *o, struct json_object *doc)
{
	struct json_object *all = fj_get(doc, "interfaces", json_type_object);
	struct json_object_iterator it, end;
	size_t n;

	if (all == NULL)
		return 0;
	n = (size_t)json_object_object_length(all);
	o->ifaces = calloc(n + 1, sizeof(*o->ifaces));
	if (o->ifaces == NULL)
		return -1;
	it = json_object_iter_begin(all);
	end = json_object_iter_end(all);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		struct json_object *v = json_object_iter_peek_value(&it);

		if (fj_bool(v, "ospfEnabled"))
			iface_read(&o->ifaces[o->n_ifaces++],
				   json_object_iter_peek_name(&it), v);
	}
	return 0;
}

int ospf_status_parse(const char *nbr_json, const char *if_json,
		      struct ospf_status *o, struct azerr *e)
{
	struct json_object *nbrs, *ifs;
	int rc;

	memset(o, 0, sizeof(*o));
	nbrs = fj_parse(nbr_json, e);
	if (nbrs == NULL)
		return -1;
	ifs = fj_parse(if_json, e);
	if (ifs == NULL) {
		json_object_put(nbrs);
		return -1;
	}
	/* with no instance both answers are {} */
	o->configured = fj_get(nbrs, "neighbors", json_type_object) != NULL ||
			fj_get(ifs, "interfaces", json_type_object) != NULL;
	rc = nbrs_read(o, nbrs) < 0 || ifaces_read(o, ifs) < 0 ? -1 : 0;
	json_object_put(nbrs);
	json_object_put(ifs);
	if (rc < 0) {
		ospf_status_free(o);
		return azerr_set(e, "out of memory");
	}
	return 0;
}

void ospf_status_free(struct ospf_status *o)
{
	free(o->nbrs);
	free(o->ifaces);
	memset(o, 0, sizeof(*o));
}

const struct ospf_iface *ospf_iface_find(const struct ospf_status *o,
					 const char *name)
{
	for (size_t i = 0; i < o->n_ifaces; i++)
		if (strcmp(o->ifaces[i].name, name) == 0)
			return &o->ifaces[i];
	return NULL;
}

bool ospf_iface_active(const struct ospf_iface *i)
{
	return i != NULL && i->up && !i->passive && !i->loopback;
}

bool ospf_has_nbr_on(const struct ospf_status *o, const char *iface)
{
	for (size_t i = 0; i < o->n_nbrs; i++)
		if (strcmp(o->nbrs[i].iface, iface) == 0)
			return true;
	return false;
}

bool ospf_nbr_pending(const struct ospf_status *o, const struct ospf_nbr *n)
{
	const struct ospf_iface *i;

	if (strcmp(n->converged, "Full") == 0)
		return false;
	if (strcmp(n->converged, "2-Way") != 0 ||
	    strcmp(n->role, "DROther") != 0)
		return true;
	i = ospf_iface_find(o, n->iface);
	return i == NULL || strcmp(i->state, "DROther") != 0;
}
