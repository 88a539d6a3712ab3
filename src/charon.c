/* charon per VPN endpoint node (charon.h says where and why).
 *
 * After each start of a node's charon (the first, or a restart by the
 * supervisor) charon_tick waits for its VICI socket, then loads the
 * node's secrets (load-shared) and connections (load-conn), then
 * initiates the CHILD_SAs whose file says `start_action = start`: that
 * key is held back from load-conn so that charon does not start them on
 * its own, and the daemon learns at once, from initiate's answer, if a
 * start was refused. A second connection subscribes to ike-updown and
 * child-updown: every event is logged and makes the daemon ask list-sas
 * again, which is the view `up` waits on (every configured CHILD_SA
 * INSTALLED). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "charon.h"
#include "fsutil.h"
#include "log.h"
#include "swanctl_conf.h"
#include "vici.h"

struct charon_node {
	const struct lab_node *node;
	struct swan_conf *conf;
	struct svc *svc;
	pid_t loaded_pid;	/* the charon our configuration is in; 0 none */
	struct vici_conn *ev;	/* its event subscription */
	size_t want;		/* CHILD_SAs in the configuration */
	size_t installed;	/* INSTALLED, by the last list-sas */
	bool dirty;		/* ask list-sas at the next tick */
	long long retry_ms;	/* next try to configure or refresh */
	long long refreshed_ms;
	char refused[400];	/* a configuration charon refused, or "" */
};

struct charon_set {
	struct charon_node *nodes;
	size_t n;
	enum esp_mode mode;
	char mode_why[128];
};

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

struct charon_set *charon_new(const struct lab *lab, struct azerr *e)
{
	struct charon_set *cs;

	if (charon_installed(e) < 0)
		return NULL;
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
		for (size_t k = 0; k < swan_conf_n_conns(cn->conf); k++)
			cn->want += swan_conf_n_children(cn->conf, k);
	}
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
	    charon_path(vici, sizeof(vici), node, "charon.vici") < 0 ||
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
	if (mkdir(CHARON_DIR, 0700) < 0 && errno != EEXIST)
		return azerr_errno(e, errno, "creating %s", CHARON_DIR);
	log_info("IPsec: ESP by %s (%s)", cs->mode == ESP_KERNEL ?
		 "the kernel (XFRM)" : "kernel-libipsec, in userspace",
		 cs->mode_why);
	for (size_t i = 0; i < cs->n; i++)
		if (node_start(&cs->nodes[i], cs->mode, sup, e) < 0)
			return -1;
	return 0;
}

/* --- configuring over VICI ------------------------------------------------- */

static void node_configure(struct charon_node *cn, long long now)
{
	const char *name = cn->node->name;
	char vici[PATH_MAX];
	struct vici_conn *c = NULL;
	bool refused = false;
	struct azerr e;

	charon_path(vici, sizeof(vici), name, "charon.vici");
	if (!sup_path_ready(vici)) {
		if (now - cn->svc->started_ms > CHARON_START_TIMEOUT_MS &&
		    cn->refused[0] == '\0')
			snprintf(cn->refused, sizeof(cn->refused), "%s: charon "
				 "does not serve VICI after %d s (see %s)", name, CHARON_START_TIMEOUT_MS / 1000,
				 cn->svc->run.log);
		cn->retry_ms = now + SUP_READY_POLL_MS;
		return;
	}
	c = vici_connect(vici, &e);
	if (c != NULL &&
	    charon_load_config(cn->node, cn->conf, c, &refused, &e) == 0) {
		vici_close(c);
		c = NULL;
		cn->ev = vici_connect(vici, &e);
		if (cn->ev != NULL && vici_register(cn->ev, "ike-updown",
						    &e) == 0 &&
		    vici_register(cn->ev, "child-updown", &e) == 0) {
			cn->loaded_pid = cn->svc->pid;
			cn->dirty = true;
			cn->refused[0] = '\0';
			log_info("%s: charon configured from %s", name,
				 cn->node->ipsec_config);
			return;
		}
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

/* --- the view: list-sas ------------------------------------------------------ */

/* Counts the configured CHILD_SAs that list-sas shows INSTALLED: inside
 * { <ike> = { child-sas = { <child-id> = { name, state } } } }. */
struct sa_count {
	const struct charon_node *cn;
	int depth;
	char name[128], state[32];
	bool *seen;		/* per configured child, in order */
};

static int sc_start(void *ctx, const char *name)
{
	struct sa_count *s = ctx;

	(void)name;
	if (++s->depth == 3)
		s->name[0] = s->state[0] = '\0';
	return 0;
}

static int sc_kv(void *ctx, const char *key, const char *val, size_t len)
{
	struct sa_count *s = ctx;

	(void)len;
	if (s->depth == 3 && strcmp(key, "name") == 0)
		snprintf(s->name, sizeof(s->name), "%s", val);
	else if (s->depth == 3 && strcmp(key, "state") == 0)
		snprintf(s->state, sizeof(s->state), "%s", val);
	return 0;
}

static int sc_end(void *ctx)
{
	struct sa_count *s = ctx;
	const struct swan_conf *sc = s->cn->conf;
	size_t k = 0;

	if (s->depth-- != 3 || strcmp(s->state, "INSTALLED") != 0)
		return 0;
	for (size_t i = 0; i < swan_conf_n_conns(sc); i++)
		for (size_t j = 0; j < swan_conf_n_children(sc, i); j++, k++)
			if (strcmp(swan_conf_child_name(sc, i, j),
				   s->name) == 0)
				s->seen[k] = true;
	return 0;
}

static const struct vici_walk sa_walk = {
	.section_start = sc_start, .kv = sc_kv, .section_end = sc_end,
};

static void on_list_sa(void *ctx, const struct vici_msg *ev)
{
	struct sa_count *s = ctx;

	s->depth = 0;
	vici_walk(ev, &sa_walk, s);
}

static void node_refresh(struct charon_node *cn, long long now)
{
	char vici[PATH_MAX];
	struct sa_count s = { .cn = cn };
	struct vici_conn *c;
	struct vici_msg *res = NULL;
	struct azerr e;

	cn->dirty = false;
	cn->refreshed_ms = now;
	s.seen = calloc(cn->want + 1, sizeof(*s.seen));
	charon_path(vici, sizeof(vici), cn->node->name, "charon.vici");
	c = s.seen != NULL ? vici_connect(vici, &e) : NULL;
	if (c != NULL)
		res = vici_call(c, "list-sas", NULL, "list-sa", on_list_sa, &s,
				&e);
	vici_close(c);
	if (res != NULL) {
		cn->installed = 0;
		for (size_t k = 0; k < cn->want; k++)
			cn->installed += s.seen[k];
	} else if (s.seen != NULL) {
		log_debug("%s: list-sas: %s", cn->node->name, e.msg);
	}
	vici_msg_free(res);
	free(s.seen);
}

/* --- events ---------------------------------------------------------------- */

static int first_section(void *ctx, const char *name)
{
	snprintf(ctx, 128, "%s", name);
	return 1;	/* stop: the SA's name is the first section */
}

static const struct vici_walk name_walk = { .section_start = first_section };

static void log_event(const struct charon_node *cn, const char *name,
		      const struct vici_msg *ev)
{
	const char *up = vici_get_str(ev, "up");
	char sa[128] = "?";

	vici_walk(ev, &name_walk, sa);
	log_info("%s: %s %s %s", cn->node->name,
		 strcmp(name, "ike-updown") == 0 ? "IKE_SA" : "CHILD_SA", sa,
		 up != NULL && strcmp(up, "yes") == 0 ? "up" : "down");
}

static void node_drop(struct charon_node *cn)
{
	vici_close(cn->ev);
	cn->ev = NULL;
	cn->loaded_pid = 0;
	cn->installed = 0;
}

static void node_events(struct charon_node *cn)
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
		log_event(cn, name, ev);
		vici_msg_free(ev);
		cn->dirty = true;
	} while (vici_pending(cn->ev) > 0);
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
		if (cn->loaded_pid != 0 && (cn->dirty || (waiting &&
		    now - cn->refreshed_ms >= CHARON_REFRESH_MS)))
			node_refresh(cn, now);
	}
}

long long charon_next_due(const struct charon_set *cs, long long now,
			  bool waiting)
{
	long long due = -1;

	for (size_t i = 0; cs != NULL && i < cs->n; i++) {
		const struct charon_node *cn = &cs->nodes[i];
		long long d = -1;

		if (cn->svc == NULL || cn->svc->state != SVC_RUNNING)
			continue;
		if (cn->loaded_pid == 0)
			d = cn->retry_ms > now ? cn->retry_ms - now : 0;
		else if (cn->dirty)
			d = 0;
		else if (waiting)
			d = CHARON_REFRESH_MS;
		if (d >= 0 && (due < 0 || d < due))
			due = d;
	}
	return due;
}

int charon_judge(const struct charon_set *cs, size_t *up, size_t *total,
		 char *line, size_t len)
{
	const struct charon_node *late = NULL;

	*up = *total = 0;
	line[0] = '\0';
	for (size_t i = 0; cs != NULL && i < cs->n; i++) {
		const struct charon_node *cn = &cs->nodes[i];

		if (cn->refused[0] != '\0') {
			snprintf(line, len, "%s", cn->refused);
			return -1;
		}
		*total += cn->want;
		*up += cn->installed < cn->want ? cn->installed : cn->want;
		if (cn->installed < cn->want && late == NULL)
			late = cn;
	}
	if (late != NULL)
		snprintf(line, len, "%s: %zu of %zu CHILD_SAs INSTALLED%s",
			 late->node->name, late->installed, late->want,
			 late->loaded_pid == 0 ? " (charon not configured "
			 "yet)" : "");
	return late == NULL ? 1 : 0;
}
