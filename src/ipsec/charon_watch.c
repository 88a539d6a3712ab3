/* SPDX-License-Identifier: ISC */
/* Watching a configured charon: list-sas says which of the node's
 * tunnels are INSTALLED (or being set up), the event connection brings
 * ike-updown, child-updown (each logged; each makes the daemon ask
 * list-sas again) and charon's control-level log, from which the last
 * failure of each tunnel is kept; a tunnel ours to start that is
 * missing is initiated again, with backoff (charon_tunnel.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charon_priv.h"
#include "core/log.h"
#include "swanctl_conf.h"
#include "vici.h"

/* --- the view: list-sas ------------------------------------------------------ */

/* list-sa events: { <ike> = { state, child-sas = { <id> = { name,
 * state } } } }; the IKE_SA's section is named after its connection. */
struct sa_view {
	struct charon_node *cn;
	enum tunnel_state *seen;	/* per tunnel of the node */
	int depth;
	char ike[128], ike_state[32];
	char child[128], child_state[32];
};

static int sv_start(void *ctx, const char *name)
{
	struct sa_view *s = ctx;

	if (++s->depth == 1) {
		snprintf(s->ike, sizeof(s->ike), "%s", name);
		s->ike_state[0] = '\0';
	} else if (s->depth == 3) {
		s->child[0] = s->child_state[0] = '\0';
	}
	return 0;
}

static int sv_kv(void *ctx, const char *key, const char *val, size_t len)
{
	struct sa_view *s = ctx;

	(void)len;
	if (s->depth == 1 && strcmp(key, "state") == 0)
		snprintf(s->ike_state, sizeof(s->ike_state), "%s", val);
	else if (s->depth == 3 && strcmp(key, "name") == 0)
		snprintf(s->child, sizeof(s->child), "%s", val);
	else if (s->depth == 3 && strcmp(key, "state") == 0)
		snprintf(s->child_state, sizeof(s->child_state), "%s", val);
	return 0;
}

/* Raises what list-sas says of the tunnels matching ike (and child, if
 * not NULL) to at least s. */
static void sv_mark(struct sa_view *v, const char *child,
		    enum tunnel_state s)
{
	for (size_t i = 0; i < v->cn->n_tun; i++) {
		const struct tunnel *t = &v->cn->tun[i];

		if (strcmp(t->ike, v->ike) == 0 &&
		    (child == NULL || strcmp(t->child, child) == 0) &&
		    v->seen[i] < s)
			v->seen[i] = s;
	}
}

static int sv_end(void *ctx)
{
	struct sa_view *s = ctx;
	int depth = s->depth--;

	if (depth == 3 && strcmp(s->child_state, "INSTALLED") == 0)
		sv_mark(s, s->child, TUNNEL_INSTALLED);
	else if (depth == 3)	/* INSTALLING, REKEYING, ... */
		sv_mark(s, s->child, TUNNEL_CONNECTING);
	else if (depth == 1 && strcmp(s->ike_state, "CONNECTING") == 0)
		sv_mark(s, NULL, TUNNEL_CONNECTING);
	return 0;
}

static const struct vici_walk sa_walk = {
	.section_start = sv_start, .kv = sv_kv, .section_end = sv_end,
};

static void on_list_sa(void *ctx, const struct vici_msg *ev)
{
	struct sa_view *s = ctx;

	s->depth = 0;
	vici_walk(ev, &sa_walk, s);
}

void node_refresh(struct charon_node *cn, long long now)
{
	char vici[PATH_MAX];
	struct sa_view s = { .cn = cn };
	struct vici_conn *c;
	struct vici_msg *res = NULL;
	struct azerr e;

	cn->dirty = false;
	cn->refreshed_ms = now;
	s.seen = calloc(cn->n_tun + 1, sizeof(*s.seen));
	charon_vici_path(vici, sizeof(vici), cn->node->name);
	c = s.seen != NULL ? vici_connect(vici, &e) : NULL;
	if (c != NULL)
		res = vici_call(c, "list-sas", NULL, "list-sa", on_list_sa, &s,
				&e);
	vici_close(c);
	if (res != NULL) {
		for (size_t i = 0; i < cn->n_tun; i++)
			tunnel_seen(&cn->tun[i], s.seen[i], now);
	} else if (s.seen != NULL) {
		log_debug("%s: list-sas: %s", cn->node->name, e.msg);
	}
	vici_msg_free(res);
	free(s.seen);
}

bool node_missing(const struct charon_node *cn)
{
	for (size_t i = 0; i < cn->n_tun; i++)
		if (cn->tun[i].initiator &&
		    cn->tun[i].state != TUNNEL_INSTALLED)
			return true;
	return false;
}

/* --- initiating ------------------------------------------------------------------- */

bool node_initiate_due(struct charon_node *cn, long long now)
{
	const char *name = cn->node->name;
	char vici[PATH_MAX];
	struct vici_conn *c = NULL;
	bool any = false;
	struct azerr e;

	charon_vici_path(vici, sizeof(vici), name);
	for (size_t i = 0; i < cn->n_tun; i++) {
		struct tunnel *t = &cn->tun[i];

		if (!tunnel_due(t, now))
			continue;
		any = true;
		if (c == NULL && (c = vici_connect(vici, &e)) == NULL) {
			log_debug("%s: %s", name, e.msg);
			t->next_try_ms = now + TUNNEL_RETRY_MIN_MS;
			continue;
		}
		if (t->initiations == 0)
			log_info("%s: initiating CHILD_SA %s/%s", name, t->ike,
				 t->child);
		else
			log_info("%s: initiating CHILD_SA %s/%s again (try "
				 "%u)%s%s", name, t->ike, t->child,
				 t->initiations + 1, t->cause[0] ? "; last "
				 "error: " : "", t->cause);
		if (charon_initiate(c, t->ike, t->child, &e) < 0) {
			log_warnx("%s: initiating %s/%s: %s", name, t->ike,
				  t->child, e.msg);
			snprintf(t->cause, sizeof(t->cause), "%.199s", e.msg);
		}
		tunnel_initiated(t, now);
	}
	vici_close(c);
	if (any)
		cn->dirty = true;
	return any;
}

/* --- events ---------------------------------------------------------------- */

static int first_section(void *ctx, const char *name)
{
	snprintf(ctx, 128, "%s", name);
	return 1;	/* stop: the SA's name is the first section */
}

static const struct vici_walk name_walk = { .section_start = first_section };

static void log_updown(const struct charon_node *cn, const char *name,
		       const struct vici_msg *ev)
{
	const char *up = vici_get_str(ev, "up");
	char sa[128] = "?";

	vici_walk(ev, &name_walk, sa);
	log_info("%s: %s %s %s", cn->node->name,
		 strcmp(name, "ike-updown") == 0 ? "IKE_SA" : "CHILD_SA", sa,
		 up != NULL && strcmp(up, "yes") == 0 ? "up" : "down");
}

/* A failure in charon's log: kept on the tunnels of its IKE_SA's
 * connection or, with no IKE_SA named, on those to the peer it names
 * ("no IKE config found for 203.0.113.1...198.51.100.1"). */
static void on_log(struct charon_node *cn, const struct vici_msg *ev)
{
	const char *ike = vici_get_str(ev, "ikesa-name");
	const char *msg = vici_get_str(ev, "msg");
	char cause[200];
	bool kept = false;

	if (!charon_log_cause(msg, cause, sizeof(cause)))
		return;
	for (size_t i = 0; i < cn->n_tun; i++) {
		struct tunnel *t = &cn->tun[i];

		if (ike != NULL ? strcmp(ike, t->ike) != 0 :
		    (t->peer == NULL || strstr(msg, t->peer) == NULL))
			continue;
		snprintf(t->cause, sizeof(t->cause), "%s", cause);
		kept = true;
	}
	if (kept) {
		log_info("%s: charon: %s", cn->node->name, cause);
		cn->dirty = true;
	}
}

void node_drop(struct charon_node *cn)
{
	vici_close(cn->ev);
	cn->ev = NULL;
	cn->loaded_pid = 0;
	for (size_t i = 0; i < cn->n_tun; i++)
		tunnel_reset(&cn->tun[i]);
}

void node_events(struct charon_node *cn)
{
	do {
		struct vici_msg *ev = NULL;
		char name[64];
		struct azerr e;

		if (vici_read_event(cn->ev, name, sizeof(name), &ev, &e) < 0) {
			log_debug("%s: charon events: %s", cn->node->name,
				  e.msg);
			node_drop(cn);	/* charon went; its restart reloads */
			return;
		}
		if (strcmp(name, "log") == 0) {
			on_log(cn, ev);
		} else {
			log_updown(cn, name, ev);
			cn->dirty = true;
		}
		vici_msg_free(ev);
	} while (vici_pending(cn->ev) > 0);
}
