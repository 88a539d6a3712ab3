/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/log.h"
#include "core/grow.h"
#include "core/strv.h"
#include "supervise_priv.h"

enum sup_verdict sup_policy(struct sup_backoff *b, long long ran_ms,
			    bool stopping, long long *delay_ms)
{
	if (stopping)
		return SUP_STAY_DOWN;
	if (ran_ms >= SUP_GOOD_RUN_MS) {
		b->delay_ms = 0;
		b->fails = 0;
	}
	if (++b->fails > SUP_GIVE_UP)
		return SUP_GIVE_UP_NOW;
	b->delay_ms = b->delay_ms == 0 ? SUP_BACKOFF_MIN_MS : b->delay_ms * 2;
	if (b->delay_ms > SUP_BACKOFF_MAX_MS)
		b->delay_ms = SUP_BACKOFF_MAX_MS;
	*delay_ms = b->delay_ms;
	return SUP_RESTART;
}

long long sup_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *svc_post_log(const struct svc *v)
{
	return v->post_shared ? v->group_post.log : v->post.log;
}

const char *svc_state_name(enum svc_state state)
{
	switch (state) {
	case SVC_RUNNING: return "running";
	case SVC_RESTARTING: return "restarting";
	case SVC_FAILED: return "failed";
	case SVC_HELD: return "held";
	default: return "stopped";
	}
}

/* --- the table ---------------------------------------------------------- */

static char *str_dup(const char *s, bool *ok)
{
	char *copy = s != NULL ? strdup(s) : NULL;

	*ok = *ok && (s == NULL || copy != NULL);
	return copy;
}

static void svc_free(struct svc *v)
{
	free(v->name);
	free(v->node);
	strv_free((char **)v->run.argv);
	strv_free((char **)v->run.envp);
	free((char *)v->run.netns);
	free((char *)v->run.hostname);
	free((char *)v->run.run_bind);
	free((char *)v->run.netns_view);
	free((char *)v->run.log);
	strv_free((char **)v->post.argv);
	free((char *)v->post.log);
	strv_free((char **)v->group_post.argv);
	free((char *)v->group_post.log);
	free(v->group);
	free(v->restarts_with);
	free(v->ready_path);
	free(v->pid_dir);
	free(v);
}

struct supervisor *sup_new(void)
{
	return calloc(1, sizeof(struct supervisor));
}

void sup_free(struct supervisor *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		svc_free(s->svcs[i]);
	for (size_t i = 0; i < s->n_crash_dirs; i++) {
		rm_tree(s->crash_dirs[i]);
		free(s->crash_dirs[i]);
	}
	free(s->crash_dirs);
	free(s->svcs);
	free(s);
}

static bool svc_copy(struct svc *v, const struct svc_spec *sp)
{
	bool ok = true;

	v->name = str_dup(sp->name, &ok);
	v->node = str_dup(sp->node, &ok);
	v->run.argv = strv_dup(sp->argv, &ok);
	v->run.envp = strv_dup(sp->envp, &ok);
	v->run.netns = str_dup(sp->netns, &ok);
	v->run.hostname = str_dup(sp->hostname, &ok);
	v->run.private_run = sp->private_run;
	v->run.run_bind = str_dup(sp->run_bind, &ok);
	v->run.netns_view = str_dup(sp->netns_view, &ok);
	v->run.log = str_dup(sp->log, &ok);
	v->run.nofile = sp->nofile;
	v->ready_path = str_dup(sp->ready_path, &ok);
	/* the post command shares the service's namespaces */
	v->post = v->run;
	v->post.argv = strv_dup(sp->post_argv, &ok);
	v->post.log = str_dup(sp->post_log, &ok);
	v->group = str_dup(sp->group, &ok);
	v->group_size = sp->group_size;
	v->group_post = v->run;
	v->group_post.argv = strv_dup(sp->group_post_argv, &ok);
	v->group_post.log = str_dup(sp->group_post_log, &ok);
	/* a post command talks to the service over a socket: no view of
	 * the namespaces (a mount namespace and a bind per namespace) */
	v->post.netns_view = v->group_post.netns_view = NULL;
	v->restarts_with = str_dup(sp->restarts_with, &ok);
	v->pid_dir = str_dup(sp->pid_dir, &ok);
	/* without a shared command, or a post of its own, no group */
	v->group_tried = v->group == NULL || v->group_post.argv == NULL ||
			 v->post.argv == NULL || v->ready_path == NULL;
	return ok;
}

struct svc *sup_add(struct supervisor *s, const struct svc_spec *spec,
		    struct azerr *e)
{
	struct svc *v;

	if (grow(&s->svcs, &s->cap, s->n + 1, sizeof(*s->svcs)) < 0)
		goto oom;
	v = calloc(1, sizeof(*v));
	if (v == NULL)
		goto oom;
	if (!svc_copy(v, spec)) {
		svc_free(v);
		goto oom;
	}
	s->svcs[s->n++] = v;
	return v;
oom:
	azerr_set(e, "out of memory");
	return NULL;
}

size_t sup_count(const struct supervisor *s)
{
	return s != NULL ? s->n : 0;
}

const struct svc *sup_svc(const struct supervisor *s, size_t i)
{
	return s->svcs[i];
}

const struct svc *sup_find(const struct supervisor *s, const char *node,
			   const char *name)
{
	for (size_t i = 0; i < sup_count(s); i++)
		if (strcmp(s->svcs[i]->node, node) == 0 &&
		    strcmp(s->svcs[i]->name, name) == 0)
			return s->svcs[i];
	return NULL;
}

/* --- starting and reaping ----------------------------------------------- */

int sup_start(struct supervisor *s, struct svc *v, long long now,
	      struct azerr *e)
{
	pid_t pid;

	if (s->stopping)
		return azerr_set(e, "%s: %s: stopping", v->node, v->name);
	/* a socket left by the last run would look ready at once */
	if (v->ready_path != NULL)
		unlink(v->ready_path);
	pid = spawn(&v->run, e);
	if (pid < 0)
		return azerr_wrap(e, "%s: starting %s", v->node, v->name);
	v->state = SVC_RUNNING;
	v->pid = pid;
	v->started_ms = now;
	v->post_state = v->post.argv != NULL ? POST_WAITING : POST_NONE;
	log_info("%s: %s started (pid %d)", v->node, v->name, (int)pid);
	return 0;
}

static void describe_exit(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d",
			 WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "was killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "stopped (status 0x%x)", status);
}

/* v's shared post is being stopped: the other members of its group,
 * still serving, get their configuration from their own post commands
 * instead (the group's is not run twice). */
static void group_unshare(struct supervisor *s, const struct svc *v)
{
	for (size_t i = 0; i < s->n; i++) {
		struct svc *m = s->svcs[i];

		if (m != v && m->post_shared && m->post_pid == v->post_pid &&
		    m->post_state == POST_RUNNING) {
			m->post_pid = 0;
			m->post_shared = false;
			m->post_state = POST_WAITING;
		}
	}
}

/* v died: a post command that failed while configuring it may have
 * failed for that alone (vtysh is often reaped before the daemon it lost),
 * so its failure is no verdict on the configuration. v's next start runs
 * its post again; the members still serving that shared it run their own.
 * A configuration that is really refused fails again then. */
static void post_failure_forgotten(struct supervisor *s, struct svc *v)
{
	if (v->post_state != POST_FAILED || v->post_run == 0)
		return;
	for (size_t i = 0; i < s->n; i++) {
		struct svc *m = s->svcs[i];

		if (m == v || m->post_state != POST_FAILED ||
		    m->post_run != v->post_run)
			continue;
		m->post_shared = false;
		m->post_state = POST_WAITING;
	}
	v->post_state = POST_NONE;
}

/* v exited: the services of its node that cannot outlive it are stopped
 * (SIGTERM), to be started again once reaped (svc_down). */
static void stop_dependents(struct supervisor *s, const struct svc *v)
{
	for (size_t i = 0; i < s->n && !s->stopping; i++) {
		struct svc *d = s->svcs[i];

		if (d->restarts_with == NULL || d->state != SVC_RUNNING ||
		    d->held ||
		    strcmp(d->restarts_with, v->name) != 0 ||
		    strcmp(d->node, v->node) != 0)
			continue;
		log_info("%s: stopping %s: %s %s", d->node, d->name, v->name,
			 v->last_exit);
		d->stopped_for = true;
		kill(d->pid, SIGTERM);
	}
}

/* The service is gone (v->last_exit says how): restart it later, or not. */
static void svc_down(struct supervisor *s, struct svc *v, long long now)
{
	long long delay = 0;
	enum sup_verdict verdict;

	v->pid = 0;
	/* a post command talking to the dead service fails for no fault of
	 * the configuration: stop it, forget its result; the next start
	 * runs it again */
	if (v->post_state == POST_RUNNING) {
		kill(v->post_pid, SIGTERM);
		if (v->post_shared)
			group_unshare(s, v);
	}
	if (v->post_state == POST_RUNNING || v->post_state == POST_WAITING)
		v->post_state = POST_NONE;
	post_failure_forgotten(s, v);
	stop_dependents(s, v);
	if (v->held) {		/* its node is down: it stays down */
		v->state = SVC_HELD;
		v->stopped_for = false;
		log_info("%s: %s %s; held down", v->node, v->name,
			 v->last_exit);
		return;
	}
	if (v->stopped_for && !s->stopping) {	/* our doing: no failure */
		v->stopped_for = false;
		verdict = SUP_RESTART;
		delay = SUP_BACKOFF_MIN_MS;
	} else {
		verdict = sup_policy(&v->backoff, now - v->started_ms,
				     s->stopping, &delay);
	}
	switch (verdict) {
	case SUP_RESTART:
		v->state = SVC_RESTARTING;
		v->restart_at_ms = now + delay;
		log_warnx("%s: %s %s (restart in %.1f s)", v->node, v->name,
			  v->last_exit, (double)delay / 1000);
		break;
	case SUP_STAY_DOWN:
		v->state = SVC_STOPPED;
		log_debug("%s: %s %s", v->node, v->name, v->last_exit);
		break;
	case SUP_GIVE_UP_NOW:
		v->state = SVC_FAILED;
		log_warnx("%s: %s %s; it failed %u times in a row: giving up",
			  v->node, v->name, v->last_exit, SUP_GIVE_UP);
		break;
	}
}

static void post_done(struct svc *v, int status)
{
	char how[128];

	v->post_pid = 0;
	if (v->post_state != POST_RUNNING)	/* its service died first */
		return;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		v->post_state = POST_OK;
		log_debug("%s: %s: %s done", v->node, v->name, v->post.argv[0]);
		return;
	}
	v->post_state = POST_FAILED;
	describe_exit(status, how, sizeof(how));
	log_warnx("%s: %s: %s %s (see %s)", v->node, v->name,
		  v->post.argv[0], how,
		  svc_post_log(v) ? svc_post_log(v) : "-");
}

/* The service's pid_dir: removed at once after an exit of its own or a
 * stop of ours; kept until sup_free after a crash (a signal we did not
 * send), for what it logged last. */
static void pid_dir_done(struct supervisor *s, const struct svc *v,
			 pid_t pid, int status)
{
	int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	char path[PATH_MAX];
	char *kept;
	int n;

	if (v->pid_dir == NULL)
		return;
	n = snprintf(path, sizeof(path), "%s.%d", v->pid_dir, (int)pid);
	if (n <= 0 || (size_t)n >= sizeof(path))
		return;
	if (sig == 0 || sig == SIGTERM || sig == SIGKILL) {
		rm_tree(path);
		return;
	}
	kept = strdup(path);
	if (kept == NULL || grow(&s->crash_dirs, &s->cap_crash_dirs,
				 s->n_crash_dirs + 1, sizeof(char *)) < 0) {
		free(kept);
		rm_tree(path);
		return;
	}
	s->crash_dirs[s->n_crash_dirs++] = kept;
	log_warnx("%s: %s's last log lines are in %s until the lab goes down",
		  v->node, v->name, path);
}

void sup_reap(struct supervisor *s, long long now)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (size_t i = 0; i < s->n; i++) {
			struct svc *v = s->svcs[i];

			if (v->pid == pid) {
				describe_exit(status, v->last_exit,
					      sizeof(v->last_exit));
				pid_dir_done(s, v, pid, status);
				svc_down(s, v, now);
			} else if (v->post_pid == pid) {
				post_done(v, status);
			}
		}
	}
}

/* --- timers: restarts and post commands ----------------------------------- */

/* A socket file exists from bind(), but takes connections only after
 * listen(): connect to be sure. */
bool sup_path_ready(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct stat st;
	bool ok;
	int fd;

	if (stat(path, &st) < 0)
		return false;
	if (!S_ISSOCK(st.st_mode))
		return true;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	ok = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	close(fd);
	return ok;
}

static void post_check(struct supervisor *s, struct svc *v, long long now)
{
	struct azerr e;
	pid_t pid;

	if (!sup_path_ready(v->ready_path)) {
		if (now - v->started_ms < SUP_READY_TIMEOUT_MS)
			return;
		v->post_state = POST_FAILED;
		log_warnx("%s: %s: no %s after %d s; %s not run", v->node,
			  v->name, v->ready_path, SUP_READY_TIMEOUT_MS / 1000,
			  v->post.argv[0]);
		return;
	}
	pid = spawn(&v->post, &e);
	if (pid < 0) {
		v->post_state = POST_FAILED;
		log_warnx("%s: %s: %s", v->node, v->name, e.msg);
		return;
	}
	v->post_pid = pid;
	v->post_state = POST_RUNNING;
	v->post_shared = false;
	v->post_run = ++s->post_runs;
}

/* Every member of v's group that may still share its first post, in m
 * (up to cap); false if one of them no longer can (restarted, or done):
 * then none does. */
static bool group_members(struct supervisor *s, const struct svc *v,
			  struct svc **m, size_t cap, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct svc *o = s->svcs[i];

		if (o->group == NULL || strcmp(o->group, v->group) != 0)
			continue;
		if (o->group_tried || o->state != SVC_RUNNING ||
		    o->post_state != POST_WAITING || *n == cap)
			return false;
		m[(*n)++] = o;
	}
	return true;
}

static void group_give_up(struct supervisor *s, const struct svc *v)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->svcs[i]->group != NULL &&
		    strcmp(s->svcs[i]->group, v->group) == 0)
			s->svcs[i]->group_tried = true;
}

#define GROUP_MAX 16

/* v waits for its first post, which its group shares: run it once all
 * the members serve; until then wait (their daemons may not even be
 * added yet), but not beyond v's ready timeout. */
static void group_check(struct supervisor *s, struct svc *v, long long now)
{
	struct svc *m[GROUP_MAX];
	struct azerr e;
	bool ready;
	size_t n;
	pid_t pid;

	if (!group_members(s, v, m, GROUP_MAX, &n) || n > v->group_size) {
		group_give_up(s, v);
		return;
	}
	ready = n == v->group_size;
	for (size_t i = 0; i < n && ready; i++)
		ready = sup_path_ready(m[i]->ready_path);
	if (!ready) {
		if (now - v->started_ms >= SUP_READY_TIMEOUT_MS)
			group_give_up(s, v);
		return;
	}
	pid = spawn(&v->group_post, &e);
	if (pid < 0) {
		log_warnx("%s: %s: %s; each daemon gets its own", v->node,
			  v->group, e.msg);
		group_give_up(s, v);
		return;
	}
	s->post_runs++;
	for (size_t i = 0; i < n; i++) {
		m[i]->post_run = s->post_runs;
		m[i]->post_pid = pid;
		m[i]->post_state = POST_RUNNING;
		m[i]->post_shared = true;
		m[i]->group_tried = true;
	}
}

static void svc_restart(struct supervisor *s, struct svc *v, long long now)
{
	struct azerr e;

	v->restarts++;
	if (sup_start(s, v, now, &e) == 0)
		return;
	snprintf(v->last_exit, sizeof(v->last_exit), "could not start (%.200s)",
		 e.msg);
	v->started_ms = now;
	svc_down(s, v, now);
}

/* A service that cannot outlive another starts after it serves: FRR's
 * daemons that find no zebra retry only every 10 s (frr.c). */
static bool leader_serves(const struct supervisor *s, const struct svc *v)
{
	const struct svc *l = v->restarts_with != NULL ?
			      sup_find(s, v->node, v->restarts_with) : NULL;

	return l == NULL || (l->state == SVC_RUNNING &&
			     (l->ready_path == NULL ||
			      sup_path_ready(l->ready_path)));
}

void sup_tick(struct supervisor *s, long long now)
{
	for (size_t i = 0; i < s->n; i++) {
		struct svc *v = s->svcs[i];

		if (v->state == SVC_RESTARTING && !s->stopping &&
		    now >= v->restart_at_ms && leader_serves(s, v))
			svc_restart(s, v, now);
		if (v->state == SVC_RUNNING && v->post_state == POST_WAITING &&
		    !s->stopping && !v->group_tried)
			group_check(s, v, now);
		/* (group_check may have run it, or given the group up) */
		if (v->state == SVC_RUNNING && v->post_state == POST_WAITING &&
		    !s->stopping && v->group_tried)
			post_check(s, v, now);
	}
}

long long sup_next_due(const struct supervisor *s, long long now)
{
	long long due = -1;

	for (size_t i = 0; s != NULL && !s->stopping && i < s->n; i++) {
		const struct svc *v = s->svcs[i];
		long long d = -1;

		if (v->state == SVC_RESTARTING && v->restart_at_ms > now)
			d = v->restart_at_ms - now;
		else if (v->state == SVC_RESTARTING)
			d = leader_serves(s, v) ? 0 : SUP_READY_POLL_MS;
		else if (v->state == SVC_RUNNING &&
			 v->post_state == POST_WAITING)
			d = SUP_READY_POLL_MS;
		if (d >= 0 && (due < 0 || d < due))
			due = d;
	}
	return due;
}
