/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frr_bgp.h"
#include "frr_json.h"
#include "frr_vty.h"
#include "core/grow.h"

/* --- sessions ---------------------------------------------------------- */

bool bgp_peer_pending(const struct bgp_peer *p)
{
	return !p->established && !p->admin_down;
}

bool bgp_peer_never_up(const struct bgp_peer *p)
{
	return bgp_peer_pending(p) && strcmp(p->uptime, "never") == 0;
}

static struct bgp_peer *peer_slot(struct bgp_summary *s, const char *addr,
				  size_t *cap)
{
	for (size_t i = 0; i < s->n_peers; i++)
		if (strcmp(s->peers[i].addr, addr) == 0)
			return &s->peers[i];
	if (grow(&s->peers, cap, s->n_peers + 1, sizeof(*s->peers)) < 0)
		return NULL;
	memset(&s->peers[s->n_peers], 0, sizeof(s->peers[0]));
	snprintf(s->peers[s->n_peers].addr, sizeof(s->peers[0].addr), "%s",
		 addr);
	return &s->peers[s->n_peers++];
}

static void peer_read(struct bgp_peer *p, struct json_object *o)
{
	char peer_state[32];

	p->remote_as = fj_int(o, "remoteAs", 0);
	fj_str(o, "desc", p->desc, sizeof(p->desc));
	fj_str(o, "state", p->state, sizeof(p->state));
	fj_str(o, "peerUptime", p->uptime, sizeof(p->uptime));
	p->uptime_ms = fj_int(o, "peerUptimeMsec", 0);
	fj_str(o, "peerState", peer_state, sizeof(peer_state));
	p->established = strcmp(p->state, "Established") == 0;
	/* "Idle (Admin)" with peerState "Admin": neighbor X shutdown */
	p->admin_down = strcmp(peer_state, "Admin") == 0 ||
			strstr(p->state, "(Admin)") != NULL;
	p->pfx_rcvd += fj_int(o, "pfxRcd", 0);
	p->pfx_sent += fj_int(o, "pfxSnt", 0);
}

/* One address family's part: {"routerId", "as", "peers": {...}}. */
static int afi_read(struct bgp_summary *s, struct json_object *afi,
		    size_t *cap, struct azerr *e)
{
	struct json_object *peers = fj_get(afi, "peers", json_type_object);
	struct json_object_iterator it, end;

	s->configured = true;
	if (s->router_id[0] == '\0')
		fj_str(afi, "routerId", s->router_id, sizeof(s->router_id));
	if (s->as == 0)
		s->as = fj_int(afi, "as", 0);
	s->table_version += fj_int(afi, "tableVersion", 0);
	if (peers == NULL)
		return 0;
	it = json_object_iter_begin(peers);
	end = json_object_iter_end(peers);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		struct json_object *o = json_object_iter_peek_value(&it);
		struct bgp_peer *p;

		if (!json_object_is_type(o, json_type_object))
			continue;
		p = peer_slot(s, json_object_iter_peek_name(&it), cap);
		if (p == NULL)
			return azerr_set(e, "out of memory");
		peer_read(p, o);
	}
	return 0;
}

int bgp_summary_read(struct json_object *doc, struct bgp_summary *s,
		     struct azerr *e)
{
	struct json_object_iterator it, end;
	size_t cap = 0;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	if (!json_object_is_type(doc, json_type_object))
		return 0;
	/* {"ipv4Unicast": {...}, "ipv6Unicast": {...}}; {} with no BGP */
	it = json_object_iter_begin(doc);
	end = json_object_iter_end(doc);
	for (; rc == 0 && !json_object_iter_equal(&it, &end);
	     json_object_iter_next(&it)) {
		struct json_object *afi = json_object_iter_peek_value(&it);

		if (json_object_is_type(afi, json_type_object) &&
		    fj_get(afi, "peers", json_type_object) != NULL)
			rc = afi_read(s, afi, &cap, e);
	}
	if (rc < 0)
		bgp_summary_free(s);
	return rc;
}

/* The answer's text, read as the reader reads a parsed one. */
static int doc_parse(const char *json, struct bgp_summary *s,
		     bgp_doc_reader *read, struct azerr *e)
{
	struct json_object *doc = fj_parse(json, e);
	int rc;

	memset(s, 0, sizeof(*s));
	if (doc == NULL)
		return -1;
	rc = read(doc, s, e);
	json_object_put(doc);
	return rc;
}

int bgp_summary_parse(const char *json, struct bgp_summary *s,
		      struct azerr *e)
{
	return doc_parse(json, s, bgp_summary_read, e);
}

/* A peer that negotiated graceful restart sends End-of-RIB after its
 * initial UPDATEs (FRR does by default): until then its routes are not
 * all in. Without the capability there is no marker to wait for. */
static bool eor_pending(struct json_object *o)
{
	struct json_object *caps = fj_get(o, "neighborCapabilities",
					  json_type_object);
	struct json_object *gr = fj_get(o, "gracefulRestartInfo",
					json_type_object);
	struct json_object *afis = fj_get(o, "addressFamilyInfo",
					  json_type_object);
	struct json_object_iterator it, end;
	char cap[32];

	fj_str(caps, "gracefulRestart", cap, sizeof(cap));
	if (strcmp(cap, "advertisedAndReceived") != 0 || afis == NULL)
		return false;
	it = json_object_iter_begin(afis);
	end = json_object_iter_end(afis);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		struct json_object *afi = fj_get(gr,
			json_object_iter_peek_name(&it), json_type_object);
		struct json_object *eor = fj_get(afi, "endOfRibStatus",
						 json_type_object);

		if (eor != NULL && !fj_bool(eor, "endOfRibRecv"))
			return true;
	}
	return false;
}

static void neighbor_read(struct bgp_peer *p, struct json_object *o)
{
	struct json_object *stats = fj_get(o, "messageStats",
					   json_type_object);

	p->remote_as = fj_int(o, "remoteAs", 0);
	fj_str(o, "nbrDesc", p->desc, sizeof(p->desc));
	fj_str(o, "bgpState", p->state, sizeof(p->state));
	p->established = strcmp(p->state, "Established") == 0;
	p->admin_down = fj_bool(o, "adminShutDown");
	if (p->admin_down)
		snprintf(p->state, sizeof(p->state), "Idle (Admin)");
	p->eor_pending = p->established && eor_pending(o);
	p->updates = fj_int(stats, "updatesSent", 0) +
		     fj_int(stats, "updatesRecv", 0);
}

int bgp_neighbors_read(struct json_object *doc, struct bgp_summary *s,
		       struct azerr *e)
{
	struct json_object_iterator it, end;
	size_t cap = 0;

	memset(s, 0, sizeof(*s));
	if (!json_object_is_type(doc, json_type_object))
		return 0;
	/* {"<peer>": {...}, ...}; {} with no BGP or no neighbors; a VRF's
	 * has "vrfId" and "vrfName" too */
	it = json_object_iter_begin(doc);
	end = json_object_iter_end(doc);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		struct json_object *o = json_object_iter_peek_value(&it);
		struct bgp_peer *p;

		if (fj_get(o, "bgpState", json_type_string) == NULL)
			continue;
		p = peer_slot(s, json_object_iter_peek_name(&it), &cap);
		if (p == NULL) {
			bgp_summary_free(s);
			return azerr_set(e, "out of memory");
		}
		neighbor_read(p, o);
		s->configured = true;
	}
	return 0;
}

int bgp_neighbors_parse(const char *json, struct bgp_summary *s,
			struct azerr *e)
{
	return doc_parse(json, s, bgp_neighbors_read, e);
}

void bgp_summary_free(struct bgp_summary *s)
{
	free(s->peers);
	memset(s, 0, sizeof(*s));
}

/* --- the table --------------------------------------------------------- */

static void path_read(struct bgp_path *p, const char *prefix,
		      struct json_object *o)
{
	struct json_object *nhs = fj_get(o, "nexthops", json_type_array);
	struct json_object *nh = NULL;

	memset(p, 0, sizeof(*p));
	snprintf(p->prefix, sizeof(p->prefix), "%s", prefix);
	fj_str(o, "path", p->as_path, sizeof(p->as_path));
	fj_str(o, "origin", p->origin, sizeof(p->origin));
	p->local_pref = fj_int(o, "locPrf", -1);
	p->metric = fj_int(o, "metric", -1);
	p->valid = fj_bool(o, "valid");
	p->best = fj_bool(o, "bestpath");
	/* the first next hop FRR uses; an IPv6 route may list two */
	for (size_t i = 0; nhs != NULL && i < json_object_array_length(nhs);
	     i++) {
		struct json_object *h = json_object_array_get_idx(nhs, i);

		if (nh == NULL || fj_bool(h, "used")) {
			nh = h;
			if (fj_bool(h, "used"))
				break;
		}
	}
	fj_str(nh, "ip", p->nexthop, sizeof(p->nexthop));
}

static int paths_add(struct bgp_table *t, const char *prefix,
		     struct json_object *arr, size_t *cap)
{
	size_t n = json_object_array_length(arr);

	if (grow(&t->paths, cap, t->n_paths + n, sizeof(*t->paths)) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);

		if (json_object_is_type(o, json_type_object))
			path_read(&t->paths[t->n_paths++], prefix, o);
	}
	return 0;
}

int bgp_table_parse(const char *json, struct bgp_table *t, struct azerr *e)
{
	struct json_object *doc = fj_parse(json, e);
	struct json_object *routes;
	struct json_object_iterator it, end;
	size_t cap = 0;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	if (doc == NULL)
		return -1;
	/* {"warning": "Default BGP instance not found"} without BGP */
	routes = fj_get(doc, "routes", json_type_object);
	t->configured = routes != NULL;
	fj_str(doc, "routerId", t->router_id, sizeof(t->router_id));
	t->as = fj_int(doc, "localAS", 0);
	if (routes != NULL) {
		it = json_object_iter_begin(routes);
		end = json_object_iter_end(routes);
	}
	for (; routes != NULL && rc == 0 && !json_object_iter_equal(&it, &end);
	     json_object_iter_next(&it)) {
		struct json_object *arr = json_object_iter_peek_value(&it);

		if (json_object_is_type(arr, json_type_array))
			rc = paths_add(t, json_object_iter_peek_name(&it), arr,
				       &cap);
	}
	json_object_put(doc);
	if (rc < 0) {
		bgp_table_free(t);
		return azerr_set(e, "out of memory");
	}
	return 0;
}

void bgp_table_free(struct bgp_table *t)
{
	free(t->paths);
	memset(t, 0, sizeof(*t));
}

int frr_bgp_summary(const char *node, int timeout_ms, struct bgp_summary *s,
		    struct azerr *e)
{
	char *out;
	int rc;

	if (frr_vty_ask(node, "bgpd", "show bgp summary json", timeout_ms,
			&out, e) < 0)
		return -1;
	rc = bgp_summary_parse(out, s, e) < 0 ? -2 : 0;
	free(out);
	return rc;
}
