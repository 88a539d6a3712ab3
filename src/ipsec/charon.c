/* SPDX-License-Identifier: ISC */
/* charon per VPN endpoint node (charon.h says where and why).
 *
 * After each start of a node's charon (the first, or a restart by the
 * supervisor) charon_tick waits for its VICI socket, subscribes to its
 * events (ike-updown, child-updown, log) on a connection of their own,
 * then loads the node's secrets (load-shared) and connections
 * (load-conn). `start_action` is held back from load-conn: once every
 * charon of the lab is loaded, the daemon initiates the CHILD_SAs whose
 * file says `start_action = start` itself, and again with backoff
 * whenever one is missing (charon_watch.c, charon_tunnel.h). list-sas,
 * asked after every event, is the view `up` waits on (every configured
 * CHILD_SA INSTALLED) and `status` shows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "charon_priv.h"
#include "core/fsutil.h"
#include "core/instance.h"
#include "core/log.h"
#include "swanctl_conf.h"
#include "vici.h"

bool charon_lab_uses(const struct lab *lab)
{
	for (size_t i = 0; i < lab->n_nodes; i++)
		if (lab->nodes[i]->ipsec_config != NULL)
			return true;
	return false;
}

/* What a missing package looks like, said before anything starts. */
static int charon_installed(struct azerr *e)
{
	if (access(CHARON_BIN, X_OK) < 0)
		return azerr_set(e, "strongSwan is not installed: no %s "
				 "(apt-get install strongswan-charon)",
				 CHARON_BIN);
	if (access(CHARON_VICI_PLUGIN, R_OK) < 0)
		return azerr_set(e, "strongSwan's VICI plugin is not installed: "
				 "no %s (apt-get install strongswan-swanctl)",
				 CHARON_VICI_PLUGIN);
	return 0;
}

static size_t lab_tunnels(const struct charon_set *cs)
{
	size_t n = 0;

	for (size_t i = 0; i < cs->n; i++)
		for (size_t k = 0; k < swan_conf_n_conns(cs->nodes[i].conf);
		     k++)
			n += swan_conf_n_children(cs->nodes[i].conf, k);
	return n;
}

/* The node's CHILD_SAs as tunnels, at the end of the set's array. */
static void node_tunnels(struct charon_set *cs, struct charon_node *cn)
{
	const struct swan_conf *sc = cn->conf;

	cn->tun = cs->tunnels + cs->n_tunnels;
	for (size_t i = 0; i < swan_conf_n_conns(sc); i++)
		for (size_t k = 0; k < swan_conf_n_children(sc, i); k++) {
			const char *sa = swan_conf_child_get(sc, i, k,
							     "start_action");
			struct tunnel *t = &cn->tun[cn->n_tun++];

			t->node = cn->node->name;
			t->ike = swan_conf_conn_name(sc, i);
			t->child = swan_conf_child_name(sc, i, k);
			t->peer = swan_conf_conn_get(sc, i, "remote_addrs");
			t->initiator = sa != NULL && strstr(sa, "start");
		}
	cs->n_tunnels += cn->n_tun;
}

struct charon_set *charon_new(const struct lab *lab, struct azerr *e)
{
	struct charon_set *cs;

	if (charon_installed(e) < 0)
		return NULL;
	if (lab->here != NULL)
		charon_psk_shared(lab->name, getenv("AZLAB_PSK_SEED"));
	cs = calloc(1, sizeof(*cs));

	if (cs == NULL || (cs->nodes = calloc(lab->n_nodes + 1,
					      sizeof(*cs->nodes))) == NULL) {
		free(cs);
		azerr_set(e, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < lab->n_nodes; i++) {
		const struct lab_node *node = lab->nodes[i];
		struct charon_node *cn = &cs->nodes[cs->n];

		if (node->ipsec_config == NULL)
			continue;
		cs->n++;
		cn->node = node;
		cn->conf = swan_conf_load(node->ipsec_config, e);
		if (cn->conf == NULL) {
			azerr_wrap(e, "%s", node->name);
			charon_free(cs);
			return NULL;
		}
	}
	cs->tunnels = calloc(lab_tunnels(cs) + 1, sizeof(*cs->tunnels));
	if (cs->tunnels == NULL) {
		charon_free(cs);
		azerr_set(e, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < cs->n; i++)
		node_tunnels(cs, &cs->nodes[i]);
	cs->mode = esp_mode_choose(getenv("AZLAB_ESP"),
				   esp_probe(cs->mode_why,
					     sizeof(cs->mode_why)),
				   cs->mode_why, sizeof(cs->mode_why));
	return cs;
}

void charon_free(struct charon_set *cs)
{
	if (cs == NULL)
		return;
	for (size_t i = 0; i < cs->n; i++) {
		vici_close(cs->nodes[i].ev);
		swan_conf_free(cs->nodes[i].conf);
	}
	free(cs->tunnels);
	free(cs->nodes);
	free(cs);
}

enum esp_mode charon_esp_mode(const struct charon_set *cs)
{
	return cs->mode;
}

/* --- starting ------------------------------------------------------------ */

static int node_start(struct charon_node *cn, enum esp_mode mode,
		      struct supervisor *sup, struct azerr *e)
{
	const char *node = cn->node->name;
	char dir[PATH_MAX], conf[PATH_MAX], vici[PATH_MAX], log[PATH_MAX];
	char env_conf[PATH_MAX + 32], ns[LAB_NS_NAME_MAX];
	char *argv[] = { CHARON_BIN, NULL };
	char *envp[] = { env_conf, "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
			 NULL };
	struct svc_spec spec;

	if (charon_path(dir, sizeof(dir), node, NULL) < 0 ||
	    charon_path(conf, sizeof(conf), node, "strongswan.conf") < 0 ||
	    charon_vici_path(vici, sizeof(vici), node) < 0 ||
	    charon_path(log, sizeof(log), node, "charon.log") < 0)
		return azerr_set(e, "%s: path too long", node);
	rm_tree(dir);	/* what a killed lab may have left */
	if (mkdir(dir, 0700) < 0)
		return azerr_errno(e, errno, "%s: creating %s", node, dir);
	if (charon_conf_write(node, mode, e) < 0)
		return -1;
	if (mode == ESP_KERNEL && esp_kernel_ipsec0(node, e) < 0)
		return -1;
	snprintf(env_conf, sizeof(env_conf), "STRONGSWAN_CONF=%s", conf);
	spec = (struct svc_spec){
		.name = "charon", .node = node, .argv = argv, .envp = envp,
		.netns = lab_ns_name(node, ns, sizeof(ns)),
		.private_run = true, .run_bind = dir, .log = log,
		/* removed before each start: a stale socket is not ready */
		.ready_path = vici,
	};
	cn->svc = sup_add(sup, &spec, e);
	if (cn->svc == NULL)
		return -1;
	return sup_start(sup, cn->svc, sup_now_ms(), e);
}

int charon_start(struct charon_set *cs, struct supervisor *sup,
		 struct azerr *e)
{
	const char *dir = instance_path(INSTANCE_CHARON_DIR);

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return azerr_errno(e, errno, "creating %s", dir);
	log_info("IPsec: ESP by %s (%s)", cs->mode == ESP_KERNEL ?
		 "the kernel (XFRM)" : "kernel-libipsec, in userspace",
		 cs->mode_why);
	for (size_t i = 0; i < cs->n; i++)
		if (node_start(&cs->nodes[i], cs->mode, sup, e) < 0)
			return -1;
	return 0;
}


/* --- configuring over VICI ------------------------------------------------- */

/* The events the daemon follows: SA changes, and charon's log for the
 * causes of failures (charon sends it at its control level only). */
static int subscribe(struct vici_conn *ev, struct azerr *e)
{
	static const char *const events[] = {
		"ike-updown", "child-updown", "log",
	};

	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (vici_register(ev, events[i], e) < 0)
			return -1;
	return 0;
}

static void node_configure(struct charon_node *cn, long long now)
{
	const char *name = cn->node->name;
	char vici[PATH_MAX];
	struct vici_conn *c = NULL;
	bool refused = false;
	struct azerr e;

	charon_vici_path(vici, sizeof(vici), name);
	if (!sup_path_ready(vici)) {
		if (now - cn->svc->started_ms > CHARON_START_TIMEOUT_MS &&
		    cn->refused[0] == '\0')
			snprintf(cn->refused, sizeof(cn->refused), "%s: charon "
				 "does not serve VICI after %d s (see %s)", name,
				 CHARON_START_TIMEOUT_MS / 1000,
				 cn->svc->run.log);
		cn->retry_ms = now + SUP_READY_POLL_MS;
		return;
	}
	/* subscribed first: a failure right after the load is not missed */
	cn->ev = vici_connect(vici, &e);
	if (cn->ev != NULL && subscribe(cn->ev, &e) == 0 &&
	    (c = vici_connect(vici, &e)) != NULL &&
	    charon_load_config(cn->node, cn->conf, c, &refused, &e) == 0) {
		vici_close(c);
		cn->loaded_pid = cn->svc->pid;
		cn->loaded_ms = now;
		cn->dirty = true;
		cn->refused[0] = '\0';
		for (size_t i = 0; i < cn->n_tun; i++)
			tunnel_reset(&cn->tun[i]);
		log_info("%s: charon configured from %s", name,
			 cn->node->ipsec_config);
		return;
	}
	vici_close(c);
	vici_close(cn->ev);
	cn->ev = NULL;
	log_warnx("%s: configuring charon: %s", name, e.msg);
	if (refused)
		snprintf(cn->refused, sizeof(cn->refused), "%s: charon refused "
			 "the configuration: %.300s", name, e.msg);
	cn->retry_ms = now + CHARON_RETRY_MS;
}

size_t charon_pollfds(const struct charon_set *cs, struct pollfd *pfd,
		      size_t n)
{
	for (size_t i = 0; cs != NULL && i < cs->n && i < n; i++)
		pfd[i] = (struct pollfd){
			.fd = cs->nodes[i].ev ? vici_fd(cs->nodes[i].ev) : -1,
			.events = POLLIN,
		};
	return cs != NULL ? cs->n : 0;
}

void charon_handle(struct charon_set *cs, const struct pollfd *pfd,
		   size_t n)
{
	for (size_t i = 0; cs != NULL && i < cs->n && i < n; i++)
		if (cs->nodes[i].ev != NULL && pfd[i].fd >= 0 &&
		    (pfd[i].revents & (POLLIN | POLLERR | POLLHUP)))
			node_events(&cs->nodes[i]);
}

/* --- the loop's timers ----------------------------------------------------- */

/* No charon initiates before every charon of the lab has its secrets and
 * connections: a peer that is asked before it knows the connection
 * answers NO_PROPOSAL_CHOSEN, which the initiator takes as final. */
static bool all_loaded(const struct charon_set *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		if (cs->nodes[i].loaded_pid == 0)
			return false;
	return true;
}

/* list-sas while `up` waits, and while a tunnel ours to start is down:
 * charon sends no event when an IKE_SA_INIT is refused. */
static bool refresh_due(const struct charon_node *cn, long long now,
			bool waiting)
{
	if (cn->loaded_pid == 0)
		return false;
	return cn->dirty || ((waiting || node_missing(cn)) &&
			     now - cn->refreshed_ms >= CHARON_REFRESH_MS);
}

/* A configuration is a few synchronous VICI calls (and the first waits
 * for a charon still starting): one per tick, so that the loop goes
 * back to the supervisor in between and FRR's configuration pushes,
 * whose daemons come up meanwhile, do not queue behind every charon
 * (charon_next_due says 0 for the next). */
void charon_tick(struct charon_set *cs, long long now, bool waiting)
{
	bool configured = false;

	for (size_t i = 0; cs != NULL && i < cs->n; i++) {
		struct charon_node *cn = &cs->nodes[i];
		const struct svc *v = cn->svc;

		if (v == NULL)
			continue;
		if (cn->loaded_pid != 0 &&
		    (v->state != SVC_RUNNING || v->pid != cn->loaded_pid))
			node_drop(cn);	/* died, or restarted: reload */
		if (cn->ev != NULL && vici_pending(cn->ev) > 0)
			node_events(cn);
		if (v->state == SVC_RUNNING && cn->loaded_pid == 0 &&
		    now >= cn->retry_ms && !configured) {
			node_configure(cn, now);
			configured = true;
		}
		if (refresh_due(cn, now, waiting))
			node_refresh(cn, now);
	}
	for (size_t i = 0; cs != NULL && all_loaded(cs) && i < cs->n; i++)
		node_initiate_due(&cs->nodes[i], now);
}

static long long node_next_due(const struct charon_node *cn, long long now,
			       bool waiting, bool loaded)
{
	long long d = -1;

	if (cn->svc == NULL || cn->svc->state != SVC_RUNNING)
		return -1;
	if (cn->loaded_pid == 0)
		return cn->retry_ms > now ? cn->retry_ms - now : 0;
	if (cn->dirty)
		return 0;
	if (waiting || node_missing(cn))
		d = CHARON_REFRESH_MS;
	for (size_t k = 0; loaded && k < cn->n_tun; k++) {
		const struct tunnel *t = &cn->tun[k];
		long long td = t->next_try_ms > now ? t->next_try_ms - now : 0;

		if (t->initiator && t->state == TUNNEL_MISSING &&
		    (d < 0 || td < d))
			d = td;
	}
	return d;
}

long long charon_next_due(const struct charon_set *cs, long long now,
			  bool waiting)
{
	long long due = -1;
	bool loaded = cs != NULL && all_loaded(cs);

	for (size_t i = 0; cs != NULL && i < cs->n; i++) {
		long long d = node_next_due(&cs->nodes[i], now, waiting,
					    loaded);

		if (d >= 0 && (due < 0 || d < due))
			due = d;
	}
	return due;
}

enum wait_verdict charon_judge(const struct charon_set *cs, size_t *up,
			       size_t *total, char *line, size_t len)
{
	const struct charon_node *late_node = NULL;
	const struct tunnel *late = NULL;

	*up = *total = 0;
	line[0] = '\0';
	for (size_t i = 0; cs != NULL && i < cs->n; i++)
		if (cs->nodes[i].refused[0] != '\0') {
			snprintf(line, len, "%s", cs->nodes[i].refused);
			return WAIT_FAILED;
		}
	for (size_t i = 0; cs != NULL && i < cs->n; i++)
		for (size_t k = 0; k < cs->nodes[i].n_tun; k++) {
			const struct tunnel *t = &cs->nodes[i].tun[k];

			*total += 1;
			*up += t->state == TUNNEL_INSTALLED;
			/* the first with a cause, else the first down */
			if (t->state != TUNNEL_INSTALLED &&
			    (late == NULL || (late->cause[0] == '\0' &&
					      t->cause[0] != '\0'))) {
				late = t;
				late_node = &cs->nodes[i];
			}
		}
	if (late == NULL)
		return WAIT_SETTLED;
	if (late->cause[0] == '\0' && late_node->loaded_pid == 0)
		snprintf(line, len, "%s: charon not configured yet",
			 late_node->node->name);
	else
		tunnel_describe(late, line, len);
	return WAIT_NOT_YET;
}

/* A tunnel on its way up: being set up; or whose charon is (re)starting
 * or was loaded lately (its peers still hold the SAs of the charon
 * before, until their DPD finds it gone); or one the daemon has only
 * begun to try again. */
static bool tunnel_coming(const struct charon_node *cn,
			  const struct tunnel *t, long long now)
{
	if (t->state == TUNNEL_INSTALLED ||
	    (cn->svc != NULL && cn->svc->state == SVC_HELD))
		return false;	/* held: its node is down, by hand */
	return t->state == TUNNEL_CONNECTING || cn->loaded_pid == 0 ||
	       now - cn->loaded_ms < CHARON_RECENT_MS ||
	       (t->initiator && t->initiations < 3);
}

size_t charon_steady(const struct charon_set *cs, unsigned long long *fp)
{
	long long now = sup_now_ms();
	size_t connecting = 0;

	*fp = 1469598103934665603ULL;
	for (size_t i = 0; cs != NULL && i < cs->n; i++) {
		const struct charon_node *cn = &cs->nodes[i];

		for (size_t k = 0; k < cn->n_tun; k++) {
			connecting += tunnel_coming(cn, &cn->tun[k], now);
			*fp = (*fp ^ (unsigned)cn->tun[k].state) *
			      1099511628211ULL;
		}
	}
	return connecting;
}

const struct tunnel *charon_tunnels(const struct charon_set *cs, size_t *n)
{
	*n = cs != NULL ? cs->n_tunnels : 0;
	return cs != NULL ? cs->tunnels : NULL;
}
