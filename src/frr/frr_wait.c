/* SPDX-License-Identifier: ISC */
/* The routing wait's judging (frr_judge, pure: the views frr_look.c took
 * in, a verdict out), what cannot get better (frr_broken), and one step
 * of the wait with its progress lines. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frr.h"
#include "frr_shared.h"
#include "frr_json.h"
#include "frr_wait.h"

/* --- judging ------------------------------------------------------------------ */

static void stuck_add(struct frr_verdict *v, bool minor, const char *fmt,
		      va_list ap) __attribute__((format(printf, 3, 0)));

static void stuck_add(struct frr_verdict *v, bool minor, const char *fmt,
		      va_list ap)
{
	if (v->n_stuck < FRR_STUCK_KEEP) {
		vsnprintf(v->stuck[v->n_stuck], sizeof(v->stuck[0]), fmt, ap);
		v->stuck_minor[v->n_stuck] = minor;
	}
	v->n_stuck++;
}

static void stuck(struct frr_verdict *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void stuck(struct frr_verdict *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stuck_add(v, false, fmt, ap);
	va_end(ap);
}

static void stuck_minor(struct frr_verdict *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void stuck_minor(struct frr_verdict *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	stuck_add(v, true, fmt, ap);
	va_end(ap);
}

/* A session on its way up: opening, or down only lately (its peer may
 * just be restarting), or never up in a bgpd that started lately. */
static bool recent(const struct frr_view *fv, const struct bgp_peer *p)
{
	if (strncmp(p->state, "Open", 4) == 0)	/* Sent, Confirm */
		return true;
	if (p->uptime_ms > 0)
		return p->uptime_ms < FRR_RECENT_MS;
	return fv->ran_ms < FRR_RECENT_MS;
}

static void judge_bgp(const struct frr_view *fv, struct frr_verdict *v)
{
	const char *node = fv->node->name;

	v->any_bgp = true;
	if (fv->bgp_err[0] != '\0') {
		stuck(v, "%s", fv->bgp_err);
		return;
	}
	/* no instance, or one with no neighbors: FRR answers {} for both;
	 * as the configuration is in (fv->configuring), that is final */
	for (size_t i = 0; i < fv->sum.n_peers; i++) {
		const struct bgp_peer *p = &fv->sum.peers[i];

		if (p->admin_down)
			continue;
		v->bgp_total++;
		if (bgp_peer_pending(p))
			stuck(v, "%s: BGP session to %s (AS %lld) is %s", node,
			      p->addr, p->remote_as, p->state);
		else
			v->bgp_up++;
		if (bgp_peer_pending(p) && recent(fv, p))
			v->n_transitional++;
		if (p->eor_pending) {
			stuck_minor(v, "%s: BGP session to %s (AS %lld) has not "
			      "sent all its routes (no End-of-RIB)", node,
			      p->addr, p->remote_as);
			v->n_transitional++;
		}
	}
}

static void judge_ospf(const struct frr_view *fv, struct frr_verdict *v)
{
	const struct ospf_status *os = &fv->os;
	const char *node = fv->node->name;

	v->any_ospf = true;
	if (fv->ospf_err[0] != '\0') {
		stuck(v, "%s", fv->ospf_err);
		return;
	}
	for (size_t i = 0; i < os->n_nbrs; i++) {
		const struct ospf_nbr *n = &os->nbrs[i];

		v->ospf_total++;
		if (!ospf_nbr_pending(os, n)) {
			v->ospf_up++;
		} else {
			stuck(v, "%s: OSPF neighbor %s on %s is %s", node,
			      n->router_id, n->iface, n->state);
			v->n_transitional++;
		}
	}
	/* a passive interface waits too, but for no one */
	for (size_t i = 0; i < os->n_ifaces; i++)
		if (ospf_iface_active(&os->ifaces[i]) &&
		    strcmp(os->ifaces[i].state, "Waiting") == 0) {
			stuck(v, "%s: OSPF interface %s is still electing "
			      "its DR", node, os->ifaces[i].name);
			v->n_transitional++;
		}
}

/* The views of the routers whose OSPF could be read, by node: looked up
 * for both ends of every link (a scan per end was links x routers, every
 * look). */
struct ospf_index {
	const struct frr_view **v;	/* sorted by node */
	size_t n;
};

static int by_node(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)(*(const struct frr_view *const *)a)->node;
	uintptr_t y = (uintptr_t)(*(const struct frr_view *const *)b)->node;

	return x < y ? -1 : x > y;
}

static int ospf_index_make(struct ospf_index *ix, const struct frr_view *views,
			   size_t n)
{
	ix->n = 0;
	ix->v = calloc(n + 1, sizeof(*ix->v));
	if (ix->v == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (views[i].ospf && views[i].ospf_err[0] == '\0' &&
		    views[i].os.configured && !views[i].unasked)
			ix->v[ix->n++] = &views[i];
	qsort(ix->v, ix->n, sizeof(*ix->v), by_node);
	return 0;
}

static const struct frr_view *view_of(const struct ospf_index *ix,
				      const struct lab_node *node)
{
	struct frr_view key = { .node = node };
	const struct frr_view *k = &key;
	const struct frr_view *const *hit =
		ix->n == 0 ? NULL :
		bsearch(&k, ix->v, ix->n, sizeof(*ix->v), by_node);

	return hit != NULL ? *hit : NULL;
}

/* A neighbor that never said hello is in no list: expect one across
 * every veth whose two ends run OSPF, actively, in their routers. */
static void judge_links(const struct lab *lab, const struct frr_view *views,
			size_t n, struct frr_verdict *v)
{
	struct ospf_index ix;

	if (ospf_index_make(&ix, views, n) < 0) {
		stuck(v, "out of memory");
		return;
	}
	for (size_t i = 0; i < lab->n_links && ix.n > 0; i++) {
		const struct lab_iface *end[2] = { lab->links[i]->end[0],
						   lab->links[i]->end[1] };
		const struct frr_view *fv[2];
		const struct ospf_iface *oi[2];

		for (int k = 0; k < 2; k++) {
			fv[k] = view_of(&ix, end[k]->node);
			oi[k] = fv[k] ? ospf_iface_find(&fv[k]->os,
							end[k]->name) : NULL;
		}
		if (!ospf_iface_active(oi[0]) || !ospf_iface_active(oi[1]))
			continue;
		for (int k = 0; k < 2; k++) {
			if (ospf_has_nbr_on(&fv[k]->os, end[k]->name))
				continue;
			v->ospf_total++;
			stuck(v, "%s: no OSPF neighbor on %s (toward %s)",
			      end[k]->node->name, end[k]->name,
			      end[!k]->node->name);
		}
	}
	free(ix.v);
}

static unsigned long long fnv(unsigned long long h, const void *data,
			      size_t len)
{
	const unsigned char *p = data;

	for (size_t k = 0; k < len; k++)
		h = (h ^ p[k]) * 1099511628211ULL;
	return h;
}

/* FNV-1a over what changes when routes do: UPDATEs sent and received,
 * the size of each RIB and FIB, and each session's and adjacency's
 * state. */
static unsigned long long fingerprint(const struct frr_view *views, size_t n)
{
	unsigned long long h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++) {
		const struct frr_view *v = &views[i];
		long long nums[3] = { 0, v->rib_routes, v->rib_fib };

		for (size_t k = 0; k < v->sum.n_peers; k++) {
			nums[0] += v->sum.peers[k].updates;
			h = fnv(h, v->sum.peers[k].state,
				strlen(v->sum.peers[k].state));
		}
		for (size_t k = 0; k < v->os.n_nbrs; k++)
			h = fnv(h, v->os.nbrs[k].state,
				strlen(v->os.nbrs[k].state));
		h = fnv(h, nums, sizeof(nums));
	}
	return h;
}

void frr_judge(const struct lab *lab, const struct frr_view *views,
	       size_t n, struct frr_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->fingerprint = fingerprint(views, n);
	for (size_t i = 0; i < n; i++) {
		const struct frr_view *fv = &views[i];

		v->any_bgp |= fv->bgp;
		v->any_ospf |= fv->ospf;
		if (fv->configuring) {	/* (re)starting: on its way up */
			stuck(v, "%s: FRR has not got its configuration yet",
			      fv->node->name);
			v->n_transitional++;
			continue;
		}
		if (fv->unasked)	/* frr_look: nothing to judge */
			continue;
		if (fv->ran_ms < FRR_RESTART_MS)	/* a daemon restarted */
			v->n_transitional++;
		if (fv->bgp)
			judge_bgp(fv, v);
		if (fv->ospf)
			judge_ospf(fv, v);
	}
	judge_links(lab, views, n, v);
}

/* --- what cannot get better ------------------------------------------------- */

bool frr_broken(const struct lab *lab, const struct supervisor *sup,
		char *msg, size_t len)
{
	for (size_t i = 0; i < sup_count(sup); i++) {
		const struct svc *s = sup_svc(sup, i);
		const struct lab_node *node;
		char where[400];

		if (s->state == SVC_FAILED) {
			snprintf(msg, len, "%s: %s %s, %u times in a row "
				 "(see %s)", s->node, s->name, s->last_exit,
				 SUP_GIVE_UP, s->run.log);
			return true;
		}
		if (s->post_state != POST_FAILED)
			continue;
		if (strcmp(s->node, FRR_SHARED_NODE) == 0) {
			frr_shared_config_error(svc_post_log(s), where,
						sizeof(where));
			snprintf(msg, len, "the shared bgpd (frr: shared) "
				 "refused the configuration: %s", where);
			return true;
		}
		node = lab_find_node(lab, s->node);
		frr_config_error(svc_post_log(s), node && node->frr_config ?
			     node->frr_config : "frr.conf", where,
			     sizeof(where));
		snprintf(msg, len, "%s: FRR refused the configuration: %s",
			 s->node, where);
		return true;
	}
	return false;
}

/* --- one step of the wait ------------------------------------------------------ */

void frr_wait_init(struct frr_wait *w, long long now, long long timeout_ms)
{
	memset(w, 0, sizeof(*w));
	w->start_ms = now;
	w->timeout_ms = timeout_ms;
	w->same_since_ms = -1;
}

bool frr_settled(struct frr_wait *w, unsigned long long fingerprint,
		 long long now)
{
	if (w->same_since_ms < 0 || fingerprint != w->fingerprint) {
		w->fingerprint = fingerprint;
		w->same_since_ms = now;
	}
	return now - w->same_since_ms >= FRR_SETTLE_MS;
}

static void progress_line(const struct frr_verdict *v, bool done, char *buf,
			  size_t len)
{
	int n = snprintf(buf, len, "%s", done ? "" : "waiting for ");

	if (v->any_bgp)
		n += snprintf(buf + n, len - (size_t)n,
			      done ? "BGP: %zu sessions Established" :
			      "BGP: %zu/%zu sessions Established",
			      v->bgp_up, v->bgp_total);
	if (v->any_ospf && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n,
			      done ? "%sOSPF: %zu adjacencies Full" :
			      "%sOSPF: %zu/%zu adjacencies Full",
			      v->any_bgp ? ", " : "", v->ospf_up,
			      v->ospf_total);
	if (!done && v->n_stuck == 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "; routes settling");
}

/* The causes first: a session that is not Established explains why
 * others have not sent all their routes. */
static size_t stuck_order(const struct frr_verdict *v, size_t *order)
{
	size_t kept = v->n_stuck < FRR_STUCK_KEEP ? v->n_stuck : FRR_STUCK_KEEP;
	size_t n = 0;

	for (int minor = 0; minor <= 1; minor++)
		for (size_t i = 0; i < kept; i++)
			if (v->stuck_minor[i] == (minor == 1))
				order[n++] = i;
	return n;
}

static void stuck_line(const struct frr_verdict *v, long long waited_ms,
		       char *buf, size_t len)
{
	size_t order[FRR_STUCK_KEEP];
	size_t kept = stuck_order(v, order);
	size_t shown = kept < 3 ? kept : 3;
	int n;

	if (v->n_stuck == 0) {
		snprintf(buf, len, "routes still changing after %lld s",
			 waited_ms / 1000);
		return;
	}
	n = snprintf(buf, len, "%s after %lld s", v->stuck[order[0]],
		     waited_ms / 1000);
	for (size_t i = 1; i < shown && n > 0 && (size_t)n < len; i++)
		n += snprintf(buf + n, len - (size_t)n, "%s%s",
			      i == 1 ? "; also " : "; ", v->stuck[order[i]]);
	if (v->n_stuck > shown && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " (and %zu more)",
			 v->n_stuck - shown);
}

enum wait_verdict frr_wait_step(struct frr_wait *w, const struct lab *lab,
				const struct supervisor *sup,
				const bool *down, long long now,
				struct frr_progress *p)
{
	long long waited = now - w->start_ms;
	struct frr_view *views;
	struct frr_verdict v;
	struct azerr e;
	bool settled;
	size_t n;

	memset(p, 0, sizeof(*p));
	if (frr_broken(lab, sup, p->line, sizeof(p->line)))
		return WAIT_FAILED;
	if (frr_look(lab, sup, down, &views, &n, &e) < 0) {
		snprintf(p->line, sizeof(p->line), "%s", e.msg);
		return WAIT_FAILED;
	}
	frr_judge(lab, views, n, &v);
	frr_views_free(views, n);
	settled = frr_settled(w, v.fingerprint, now);
	p->fingerprint = v.fingerprint;
	p->n_stuck = v.n_stuck;
	p->n_transitional = v.n_transitional;
	p->done = v.bgp_up + v.ospf_up;
	p->total = v.bgp_total + v.ospf_total;
	if (v.n_stuck == 0 && v.n_transitional == 0 && settled) {
		progress_line(&v, true, p->line, sizeof(p->line));
		return WAIT_SETTLED;
	}
	if (waited >= w->timeout_ms) {
		stuck_line(&v, waited, p->line, sizeof(p->line));
		return WAIT_FAILED;
	}
	progress_line(&v, false, p->line, sizeof(p->line));
	snprintf(p->first_stuck, sizeof(p->first_stuck), "%s",
		 v.n_stuck > 0 ? v.stuck[0] : "routes settling");
	return WAIT_NOT_YET;
}
