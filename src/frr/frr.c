/* SPDX-License-Identifier: ISC */
/* How FRR runs here, and why (all of it tried with FRR 8.4):
 *
 * - Each daemon starts with "-f /dev/null" and gets its configuration
 *   from "vtysh -d <daemon> -f frr.conf" once its vty socket is up. The
 *   integrated frr.conf cannot be given to every daemon with -f: a daemon
 *   skips the lines it does not know, but an "exit" closing another
 *   daemon's block (router bgp ... exit) drops it out of configuration
 *   mode, and zebra then loses every interface, prefix-list and
 *   route-map after it. Splitting the file ourselves would mean knowing
 *   which daemon owns each command; vtysh knows. This is what FRR's own
 *   frrcommon.sh does ("vtysh -b -d <daemon>" after starting one), so a
 *   restarted daemon gets its part again the same way. After the first
 *   start, the node's other daemons share one vtysh with no -d, run once
 *   all serve (supervise.h: a group): vtysh's start is most of its cost,
 *   and a dozen nodes' worth of them was a second of CPU at `up`. That
 *   vtysh gives zebra its part again, which changes nothing; zebra keeps
 *   its own push, at once: with zebra configured only in the shared push
 *   (after the charons had made their tunnels) the BGP sessions over
 *   the tunnels stayed in Connect in 4 `up`s of 8, never otherwise
 *   (0 of 10, 0 of 8 before groups). But a zebra whose configuration
 *   has nothing of its own (frr_zebra_own_part: a BGP speaker's
 *   router bgp block and policy) gets no push of its own: that vtysh
 *   pushed nothing, and at 200 sites it was 400 vtysh starts, ~30 s of
 *   CPU (docs/performance.md).
 * - A file that is all bgpd's (zebra has nothing of its own in it, no
 *   daemon but zebra and bgpd) needs no vtysh to split it: bgpd's push is
 *   `azlab frr-push` (frr_push.c), the same session over bgpd's vty
 *   socket without vtysh's start, which was a fifth of `up` at a hundred
 *   sites.
 * - The daemons drop to user frr, so a node's directory belongs to frr
 *   and the run directory lets others traverse it (0711; see state.c). Running
 *   them as root is refused: root is not in the frrvty group.
 * - Paths we rely on are given explicitly; -N with the node's namespace
 *   name (azlab-<node>) puts the rest (ospfd's graceful-restart file,
 *   ...) in a directory of the node's own under /run/frr rather than
 *   sharing the host's: the namespace's name, prefix included, keeps two
 *   instances' nodes of one name apart there. teardown removes them.
 * - Zebra first, and the others only once its zserv.api takes
 *   connections: a daemon that finds no zebra retries only every 10 s.
 * - -P 0: no TCP vty; the unix sockets are enough.
 * - Each daemon has a UTS namespace named after the node: FRR takes its
 *   hostname from uname (the "hostname" line is vtysh's own), and it shows
 *   in BGP's hostname capability and in every show command. */
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "frr.h"
#include "frr_shared.h"
#include "frr_conf.h"
#include "core/fsutil.h"
#include "core/instance.h"

static const char *const daemon_names[FRR_N_DAEMONS] = {
	"zebra", "bgpd", "ospfd", "staticd", "bfdd",
};

const char *frr_daemon_name(enum frr_daemon d)
{
	return d < FRR_N_DAEMONS ? daemon_names[d] : "?";
}

/* --- which daemons a configuration needs --------------------------------- */

static unsigned line_needs(const struct frr_conf_line *l)
{
	bool ip = frr_conf_is(l, 0, "ip") || frr_conf_is(l, 0, "ipv6");

	if (frr_conf_is(l, 0, "router")) {
		if (frr_conf_is(l, 1, "bgp"))
			return FRR_BIT(FRR_BGPD);
		if (frr_conf_is(l, 1, "ospf"))
			return FRR_BIT(FRR_OSPFD);
	}
	if (ip && frr_conf_is(l, 1, "route"))
		return FRR_BIT(FRR_STATICD);
	if (frr_conf_is(l, 0, "ip") && frr_conf_is(l, 1, "ospf"))
		return FRR_BIT(FRR_OSPFD) |
		       (frr_conf_is(l, 2, "bfd") ? FRR_BIT(FRR_BFDD) : 0);
	/* "bfd" (its own block), "neighbor X bfd" */
	if (frr_conf_is(l, 0, "bfd") ||
	    (frr_conf_is(l, 0, "neighbor") && frr_conf_is(l, 2, "bfd")))
		return FRR_BIT(FRR_BFDD);
	return 0;
}

unsigned frr_needs(const char *config)
{
	unsigned need = FRR_BIT(FRR_ZEBRA);
	struct frr_conf_line l;

	while (frr_conf_next(&config, &l))
		need |= line_needs(&l);
	return need;
}

/* The first words of the lines zebra has nothing of its own in: bgpd's
 * blocks (router bgp ... exit) and the policy every daemon shares, which
 * zebra gets with the node's shared push anyway. Any other word may be
 * zebra's. */
static bool line_not_zebras(const struct frr_conf_line *l)
{
	static const char *const others[] = {
		"frr", "hostname", "router", "bgp", "neighbor",
		"address-family", "exit-address-family", "exit", "end",
		"network", "redistribute", "timers", "aggregate-address",
		"maximum-paths", "route-map", "match", "set", "coalesce-time",
	};
	size_t w = frr_conf_is(l, 0, "no");	/* "no X" is X's */
	bool ip = frr_conf_is(l, w, "ip") || frr_conf_is(l, w, "ipv6");

	if (l->n == 0)		/* a comment, a blank line */
		return true;
	/* not "ip route" (staticd's): the VPN routers' static routes to
	 * their tunnels are what the push's timing mattered for */
	if (ip && frr_conf_is(l, w + 1, "prefix-list"))
		return true;
	for (size_t i = 0; i < sizeof(others) / sizeof(*others); i++)
		if (frr_conf_is(l, w, others[i]))
			return true;
	return false;
}

bool frr_line_bgp_only(const struct frr_conf_line *l, bool in_block)
{
	unsigned bgp = FRR_BIT(FRR_ZEBRA) | FRR_BIT(FRR_BGPD);

	if (frr_conf_is(l, 0, "router") && !frr_conf_is(l, 1, "bgp"))
		return false;
	return (in_block || line_not_zebras(l)) &&
	       (line_needs(l) & ~bgp) == 0;
}

bool frr_zebra_own_part(const char *config)
{
	struct frr_conf_line l;

	while (frr_conf_next(&config, &l))
		if (!line_not_zebras(&l))
			return true;
	return false;
}

/* --- command lines --------------------------------------------------------- */

/* The longest socket a node's daemons have, for a node of the longest
 * name in the longest run directory, fits a unix socket's address. */
_Static_assert(INSTANCE_RUN_DIR_MAX + sizeof("/frr/") - 1 + LAB_NAME_MAX +
	       sizeof("/staticd.vty") <=
	       sizeof(((struct sockaddr_un *)NULL)->sun_path),
	       "INSTANCE_RUN_DIR_MAX leaves no room for FRR's sockets");

static const char *frr_dir(void)
{
	return instance_path(INSTANCE_FRR_DIR);
}

int frr_path(char *buf, size_t len, const char *node, const char *file)
{
	int n = file != NULL ?
		snprintf(buf, len, "%s/%s/%s", frr_dir(), node, file) :
		snprintf(buf, len, "%s/%s", frr_dir(), node);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int frr_cmd_add(struct frr_cmd *c, const char *fmt, ...)
{
	size_t room = sizeof(c->buf) - c->used;
	va_list ap;
	int n;

	if (c->argc == FRR_ARGV_MAX)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(c->buf + c->used, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room)
		return -1;
	c->argv[c->argc++] = c->buf + c->used;
	c->argv[c->argc] = NULL;
	c->used += (size_t)n + 1;
	return 0;
}

static void cmd_init(struct frr_cmd *c)
{
	c->argc = 0;
	c->used = 0;
	c->argv[0] = NULL;
}

int frr_daemon_cmd(const char *node, enum frr_daemon d, struct frr_cmd *c)
{
	const char *name = frr_daemon_name(d);
	const char *dir = frr_dir();
	char ns[LAB_NS_NAME_MAX];
	int rc = 0;

	cmd_init(c);
	rc |= frr_cmd_add(c, "%s/%s", FRR_SBIN_DIR, name);
	rc |= frr_cmd_add(c, "-N");
	rc |= frr_cmd_add(c, "%s", lab_ns_name(node, ns, sizeof(ns)));
	rc |= frr_cmd_add(c, "-f");
	rc |= frr_cmd_add(c, "/dev/null");
	rc |= frr_cmd_add(c, "-i");
	rc |= frr_cmd_add(c, "%s/%s/%s.pid", dir, node, name);
	rc |= frr_cmd_add(c, "-z");
	rc |= frr_cmd_add(c, "%s/%s/zserv.api", dir, node);
	rc |= frr_cmd_add(c, "--vty_socket");
	rc |= frr_cmd_add(c, "%s/%s", dir, node);
	rc |= frr_cmd_add(c, "-A");
	rc |= frr_cmd_add(c, "127.0.0.1");
	rc |= frr_cmd_add(c, "-P");
	rc |= frr_cmd_add(c, "0");
	/* FRR sizes each thread's poll tables by the fd limit, and clears
	 * them at start: at ulimit -n 20000, 1.3 MB and 7% of bgpd's start
	 * (docs/performance.md). 4096 is room for a hub of 4000 sessions;
	 * the daemon's RLIMIT_NOFILE is the same (start_daemon), so that a
	 * socket past it fails to open rather than abort the daemon (FRR
	 * asserts on an fd beyond its tables). */
	rc |= frr_cmd_add(c, "--limit-fds");
	rc |= frr_cmd_add(c, "%d", FRR_LIMIT_FDS);
	rc |= frr_cmd_add(c, "--log");
	rc |= frr_cmd_add(c, "file:%s/%s/%s.log", dir, node, name);
	if (d == FRR_BFDD) {
		rc |= frr_cmd_add(c, "--bfdctl");
		rc |= frr_cmd_add(c, "%s/%s/bfdd.sock", dir, node);
	}
	return rc < 0 ? -1 : 0;
}

/* vtysh talking to the node's daemons */
static int vtysh_cmd(const char *node, struct frr_cmd *c)
{
	int rc = 0;

	cmd_init(c);
	rc |= frr_cmd_add(c, "%s", FRR_VTYSH);
	rc |= frr_cmd_add(c, "--vty_socket");
	rc |= frr_cmd_add(c, "%s/%s", frr_dir(), node);
	return rc;
}

int frr_show_cmd(const char *node, const char *show, struct frr_cmd *c)
{
	int rc = vtysh_cmd(node, c);

	rc |= frr_cmd_add(c, "-c");
	rc |= frr_cmd_add(c, "%s", show);
	return rc < 0 ? -1 : 0;
}

static bool line_is(const char *p, size_t len, const char *text)
{
	return len == strlen(text) && strncmp(p, text, len) == 0;
}

/* vtysh starts its answer with lines of its own that no configuration
 * has, and that a push of the text would refuse. */
static const char *skip_header(const char *p)
{
	static const char *const header[] = {
		"Building configuration...", "Current configuration:", "",
	};
	bool skipped = true;

	while (*p != '\0' && skipped) {
		size_t len = strcspn(p, "\n");

		skipped = false;
		for (size_t i = 0; i < sizeof(header) / sizeof(*header); i++)
			skipped |= line_is(p, len, header[i]);
		if (skipped)
			p += len + (p[len] == '\n');
	}
	return p;
}

/* How many lines of text start with "hostname ". */
static size_t hostname_lines(const char *text)
{
	size_t n = 0;

	for (const char *p = text; *p != '\0'; p += strcspn(p, "\n"),
	     p += *p == '\n')
		n += strncmp(p, "hostname ", 9) == 0;
	return n;
}

char *frr_running_config(const char *answer, const char *own_host)
{
	const char *p = skip_header(answer);
	char own[128];
	bool drop = hostname_lines(p) > 1;
	char *out = malloc(strlen(p) + 1), *o = out;

	if (out == NULL)
		return NULL;
	snprintf(own, sizeof(own), "hostname %s", own_host);
	while (*p != '\0') {
		size_t len = strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n');

		if (!(drop && line_is(p, strcspn(p, "\n"), own))) {
			memcpy(o, p, len);
			o += len;
		}
		p += len;
	}
	*o = '\0';
	return out;
}

/* azlab's own push (frr_push.c) of the node's file to daemon d: run by
 * the supervisor's fork of the lab daemon, for which /proc/self/exe is
 * the daemon's own binary, even if the file was replaced since. */
int frr_own_push_cmd(const char *node, enum frr_daemon d,
		     struct frr_cmd *c)
{
	int rc = 0;

	cmd_init(c);
	rc |= frr_cmd_add(c, "/proc/self/exe");
	rc |= frr_cmd_add(c, "frr-push");
	rc |= frr_cmd_add(c, "%s/%s/%s.vty", frr_dir(), node, frr_daemon_name(d));
	rc |= frr_cmd_add(c, "%s/%s/frr.conf", frr_dir(), node);
	return rc < 0 ? -1 : 0;
}

int frr_push_cmd(const char *node, enum frr_daemon d, struct frr_cmd *c)
{
	int rc = vtysh_cmd(node, c);

	if (d != FRR_ALL_DAEMONS) {
		rc |= frr_cmd_add(c, "-d");
		rc |= frr_cmd_add(c, "%s", frr_daemon_name(d));
	}
	rc |= frr_cmd_add(c, "-f");
	rc |= frr_cmd_add(c, "%s/%s/frr.conf", frr_dir(), node);
	return rc < 0 ? -1 : 0;
}

bool frr_lab_uses(const struct lab *lab)
{
	for (size_t i = 0; i < lab->n_nodes; i++)
		if (lab->nodes[i]->frr_config != NULL)
			return true;
	return false;
}

/* --- starting ---------------------------------------------------------------- */

int frr_make_dirs(uid_t *uid, gid_t *gid, struct azerr *e)
{
	struct passwd *pw = getpwnam(FRR_USER);

	if (pw == NULL)
		return azerr_set(e, "FRR is not installed: no user '%s' "
				 "(apt-get install frr)", FRR_USER);
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	if (mkdir(frr_dir(), 0755) < 0 && errno != EEXIST)
		return azerr_errno(e, errno, "creating %s", frr_dir());
	/* the package's own tmpfiles.d makes it at boot; not every
	 * container boots */
	if (mkdir(FRR_PATHSPACE_DIR, 0755) == 0 &&
	    chown(FRR_PATHSPACE_DIR, *uid, *gid) < 0)
		return azerr_errno(e, errno, "chown %s", FRR_PATHSPACE_DIR);
	return 0;
}

/* The node's directory, with a copy of its configuration: what runs is
 * what was checked at `up`, even if the file changes later. */
static int node_prepare(const struct lab_node *node, uid_t uid, gid_t gid,
			unsigned *needs, bool *zebra_part, struct azerr *e)
{
	char dir[PATH_MAX], conf[PATH_MAX];
	size_t len;
	char *text;
	FILE *f;

	if (frr_path(dir, sizeof(dir), node->name, NULL) < 0 ||
	    frr_path(conf, sizeof(conf), node->name, "frr.conf") < 0)
		return azerr_set(e, "%s: path too long", node->name);
	rm_tree(dir);	/* what a killed lab may have left */
	if (mkdir(dir, 0750) < 0 || chown(dir, uid, gid) < 0)
		return azerr_errno(e, errno, "%s: creating %s", node->name,
				   dir);
	text = file_read(node->frr_config, &len);
	if (text == NULL)
		return azerr_errno(e, errno, "%s: frr file '%s'", node->name,
				   node->frr_config);
	*needs = frr_needs(text);
	*zebra_part = frr_zebra_own_part(text);
	f = fopen(conf, "we");
	if (f == NULL || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
		free(text);
		return azerr_errno(e, errno, "%s: writing %s", node->name,
				   conf);
	}
	free(text);
	return 0;
}

/* How a node's daemons get their configuration. */
struct push_plan {
	unsigned needs;		/* its daemons, FRR_BIT()s */
	bool zebra_own;		/* zebra gets a push of its own (above) */
	/* the file is all bgpd's: bgpd gets it from `azlab frr-push`
	 * rather than from a vtysh (frr_push.c) */
	bool own;
};

static void push_plan_init(struct push_plan *p, unsigned needs,
			   bool zebra_part)
{
	p->needs = needs;
	/* zebra alone gets no shared push: its own, whatever it has */
	p->zebra_own = zebra_part || needs == FRR_BIT(FRR_ZEBRA);
	p->own = !zebra_part &&
		 needs == (FRR_BIT(FRR_ZEBRA) | FRR_BIT(FRR_BGPD));
}

int frr_daemon_files(const char *node, enum frr_daemon d,
		     struct frr_daemon_files *f)
{
	const char *name = frr_daemon_name(d);
	char file[64];
	int rc = 0;

	snprintf(file, sizeof(file), "%s.log", name);
	rc |= frr_path(f->log, sizeof(f->log), node, file);
	snprintf(file, sizeof(file), "%s.vty", name);
	rc |= frr_path(f->vty, sizeof(f->vty), node, file);
	snprintf(file, sizeof(file), "%s.config.log", name);
	rc |= frr_path(f->push_log, sizeof(f->push_log), node, file);
	snprintf(f->tmp, sizeof(f->tmp), "%s/%s", FRR_TMP_DIR, name);
	return rc;
}

static int start_daemon(struct supervisor *sup, const char *node,
			enum frr_daemon d, const struct push_plan *p,
			struct azerr *e)
{
	char ns[LAB_NS_NAME_MAX], glog[PATH_MAX];
	const char *name = frr_daemon_name(d);
	bool shared = d != FRR_ZEBRA && !p->own;
	struct frr_daemon_files f;
	struct frr_cmd run, push, all;
	struct svc_spec spec;
	struct svc *v;
	int rc = frr_daemon_files(node, d, &f);

	rc |= frr_daemon_cmd(node, d, &run);
	if (d == FRR_BGPD && p->own)
		rc |= frr_own_push_cmd(node, d, &push);
	else
		rc |= frr_push_cmd(node, d, &push);
	/* zebra (in needs, always) keeps its own push: see above */
	if (shared) {
		rc |= frr_path(glog, sizeof(glog), node, "frr.config.log");
		rc |= frr_push_cmd(node, FRR_ALL_DAEMONS, &all);
	}
	if (rc < 0)
		return azerr_set(e, "%s: %s: path too long", node, name);
	spec = (struct svc_spec){
		.name = name, .node = node, .argv = run.argv,
		.netns = lab_ns_name(node, ns, sizeof(ns)), .hostname = node,
		.log = f.log, .ready_path = f.vty,
		.post_argv = d != FRR_ZEBRA || p->zebra_own ? push.argv : NULL,
		.post_log = f.push_log, .pid_dir = f.tmp,
		.nofile = FRR_LIMIT_FDS,
	};
	if (d != FRR_ZEBRA)
		spec.restarts_with = "zebra";
	if (shared) {
		spec.group = node;
		spec.group_size = (unsigned)__builtin_popcount(p->needs) - 1;
		spec.group_post_argv = all.argv;
		spec.group_post_log = glog;
	}
	v = sup_add(sup, &spec, e);
	if (v == NULL)
		return -1;
	return sup_start(sup, v, sup_now_ms(), e);
}

/* Blocks (up is waiting anyway) until every zebra takes connections;
 * the supervisor's timers run meanwhile, so that each zebra's
 * configuration push starts as soon as its vty socket is up rather than
 * when the daemon's loop starts. */
int frr_wait_zebras(const struct lab *lab, const char *only,
		    struct supervisor *sup, struct azerr *e)
{
	struct timespec pause = { 0, 20 * 1000000L };
	long long deadline = sup_now_ms() + FRR_START_TIMEOUT_MS;
	char path[PATH_MAX];

	for (;;) {
		const struct svc *late = NULL;

		sup_reap(sup, sup_now_ms());
		size_t n = only != NULL ? 1 : lab->n_nodes;

		for (size_t i = 0; i < n && late == NULL; i++) {
			const char *node = only != NULL ? only :
					   lab->nodes[i]->name;
			const struct svc *v = sup_find(sup, node, "zebra");

			if (v == NULL)
				continue;
			if (v->state == SVC_FAILED)
				return azerr_set(e, "%s: zebra %s (see %s)",
						 node, v->last_exit,
						 v->run.log);
			/* restarting: the supervisor's timer starts it again */
			frr_path(path, sizeof(path), node, "zserv.api");
			if (v->state != SVC_RUNNING || !sup_path_ready(path))
				late = v;
		}
		if (late == NULL)
			return 0;
		if (sup_now_ms() >= deadline)
			return azerr_set(e, "%s: zebra does not serve %s after "
					 "%d s%s%s (see %s)", late->node, path,
					 FRR_START_TIMEOUT_MS / 1000,
					 late->restarts ? "; it " : "",
					 late->restarts ? late->last_exit : "",
					 late->run.log);
		/* the zebras up already get their configuration meanwhile */
		sup_tick(sup, sup_now_ms());
		nanosleep(&pause, NULL);
	}
}

int frr_start(const struct lab *lab, struct supervisor *sup,
	      struct azerr *e)
{
	struct push_plan *plans;
	uid_t uid = 0;
	gid_t gid = 0;
	int rc = 0;

	if (frr_make_dirs(&uid, &gid, e) < 0)
		return -1;
	if (lab->frr_shared)
		return frr_shared_start(lab, sup, uid, gid, e);
	plans = calloc(lab->n_nodes, sizeof(*plans));
	if (plans == NULL)
		return azerr_set(e, "out of memory");
	for (size_t i = 0; i < lab->n_nodes && rc == 0; i++) {
		const struct lab_node *node = lab->nodes[i];
		unsigned needs = 0;
		bool zebra_part = true;

		if (node->frr_config == NULL)
			continue;
		rc = node_prepare(node, uid, gid, &needs, &zebra_part, e);
		push_plan_init(&plans[i], needs, zebra_part);
		if (rc == 0)
			rc = start_daemon(sup, node->name, FRR_ZEBRA,
					  &plans[i], e);
	}
	if (rc == 0)
		rc = frr_wait_zebras(lab, NULL, sup, e);
	for (size_t i = 0; i < lab->n_nodes && rc == 0; i++)
		for (int d = FRR_BGPD; d < FRR_N_DAEMONS && rc == 0; d++)
			if (plans[i].needs & FRR_BIT(d))
				rc = start_daemon(sup, lab->nodes[i]->name, d,
						  &plans[i], e);
	free(plans);
	return rc;
}
