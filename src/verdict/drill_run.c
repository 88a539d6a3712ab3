/* SPDX-License-Identifier: ISC */
/* Running a drill on the live lab. One loop in the main thread reads
 * the running ping's output (it must be drained: at 100 replies a
 * second a pipe fills in seconds) and asks the shut node's bgpd for its
 * sessions every BGP_POLL_MS; each traceroute, which takes a second
 * or more when a hop stays silent, runs meanwhile in a thread of its
 * own through probe_trace, as `azlab trace` runs it.
 *
 * Whatever happens after the shut or the failure (a path never reached,
 * an error, SIGINT, SIGTERM, SIGHUP) ends in finish(), which brings the
 * interface, or the node, back up before anything else. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drill.h"
#include "core/interrupt.h"
#include "kernel/nl.h"
#include "proc/supervise.h"

#define BGP_POLL_MS	20
#define BGP_ASK_MS	500	/* a bgpd slower than this misses a poll */
#define FIRST_REPLY_MS	2000	/* the ping's first reply, before the shut */
#define BASELINE_MS	300	/* replies before the shut, to measure from */
#define LINGER_MS	1000	/* ping kept running once the path is back */
#define PING_EXIT_MS	2000	/* for ping's statistics after SIGINT */
#define RESTORE_TRIES	5

/* One traceroute, in its thread. */
struct trace_job {
	const char *node, *addr;
	struct trace_result r;
	int rc;
	struct azerr e;
	atomic_bool done;
	bool running;		/* started and not joined */
	pthread_t th;
};

struct ctx {
	struct drill_report *r;
	const char *watch;		/* whose bgpd is asked, or NULL */
	struct probe_proc ping;
	struct trace_job job;
	struct bgp_summary prev;	/* the last answer of the bgpd */
	bool bgp_off;			/* it never answered: stop asking */
	long t0;			/* monotonic ms at the start */
	long next_bgp;
	long shut_ms, restore_ms;	/* monotonic, 0: not yet */
	double shut_real, restore_real;	/* wall clock, as ping -D has it */
	bool shut;			/* the interface is down by our hand */
};

static double real_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bgp_poll(struct ctx *c)
{
	struct bgp_summary cur = { 0 };
	struct azerr e;
	int rc;

	if (c->bgp_off || c->watch == NULL)
		return;
	rc = frr_bgp_summary(c->watch, BGP_ASK_MS, &cur, &e);
	if (rc == -1) {
		/* once it has answered, a miss is only a missed poll */
		c->bgp_off = !c->r->bgp_ok;
		return;
	}
	if (rc == 0) {
		if (c->r->bgp_ok && drill_bgp_diff(&c->prev, &cur,
						   sup_now_ms() - c->t0,
						   &c->r->bgp) < 0)
			c->bgp_off = true;
		bgp_summary_free(&c->prev);
		c->prev = cur;
		c->r->bgp_ok = true;
	}
}

/* Drains the ping and polls bgpd for up to ms, or until a signal. */
static void pump(struct ctx *c, long ms)
{
	long end = sup_now_ms() + ms, now;
	struct pollfd pfd;
	struct azerr e;

	while (!interrupt_signal() && (now = sup_now_ms()) < end) {
		long wait = (c->next_bgp < end ? c->next_bgp : end) - now;

		pfd.fd = c->ping.fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, wait > 0 ? (int)wait : 0) > 0)
			probe_read(&c->ping, &e);
		if (sup_now_ms() >= c->next_bgp) {
			bgp_poll(c);
			c->next_bgp = sup_now_ms() + BGP_POLL_MS;
		}
	}
}

static void *trace_thread(void *arg)
{
	struct trace_job *j = arg;

	j->rc = probe_trace(j->node, j->addr, &j->r, &j->e);
	atomic_store(&j->done, true);
	return NULL;
}

/* The job's thread never takes the drill's signals: they must end the
 * main thread's poll(), not a wait inside probe_trace. */
static int trace_start(struct ctx *c)
{
	struct trace_job *j = &c->job;
	sigset_t block, old;
	int rc;

	j->node = c->r->drill->from->name;
	j->addr = c->r->addr;
	atomic_store(&j->done, false);
	interrupt_sigset(&block);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	rc = pthread_create(&j->th, NULL, trace_thread, j);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(c->r->error, sizeof(c->r->error), "cannot start a "
			 "thread for traceroute: %s", strerror(rc));
		return -1;
	}
	j->running = true;
	return 0;
}

static void trace_join(struct trace_job *j)
{
	if (j->running)
		pthread_join(j->th, NULL);
	j->running = false;
}

/* One trace into p; -1 if it could not run or a signal came first. */
static int trace_once(struct ctx *c, struct drill_path *p)
{
	struct trace_job *j = &c->job;

	if (trace_start(c) < 0)
		return -1;
	while (!interrupt_signal() && !atomic_load(&j->done))
		pump(c, 10);
	if (interrupt_signal())
		return -1;	/* finish() joins it */
	trace_join(j);
	p->traces++;
	if (j->rc < 0) {
		snprintf(c->r->error, sizeof(c->r->error), "traceroute from "
			 "%s: %s", j->node, j->e.msg);
		return -1;
	}
	p->seen = j->r;
	p->traced = true;
	return 0;
}

/* Traces until one matches want or timeout_s have passed since t0. */
static int wait_path(struct ctx *c, struct drill_path *p,
		     const struct expect_case *want, long t0)
{
	long limit = t0 + (long)c->r->drill->timeout_s * 1000L;

	for (;;) {
		if (trace_once(c, p) < 0)
			return -1;
		if (expect_trace_match(want, &p->seen) >= 0) {
			p->reached = true;
			p->ms = sup_now_ms() - t0;
			return 0;
		}
		if (sup_now_ms() >= limit)
			return 0;
		pump(c, 20);
	}
}

/* The interface shut or restored, or the node failed or brought back
 * (by the caller's fail_node: the daemon's doing). */
static int outage_set(struct ctx *c, bool up, struct azerr *e)
{
	const struct lab_drill *d = c->r->drill;

	if (d->fail != NULL)
		return c->r->fail_node(d->fail->name, up, e);
	return nl_node_link_set_up(d->shut->node->name, d->shut->name, up, e);
}

static int set_shut(struct ctx *c, bool up)
{
	char target[LAB_NAME_MAX + IF_NAMESIZE + 2];
	struct azerr e;
	int rc = -1;

	/* not pump(): after a signal it would not wait at all */
	static const struct timespec pause = { 0, 100 * 1000000L };

	for (int i = 0; i < (up ? RESTORE_TRIES : 1) && rc < 0; i++) {
		if (i > 0)
			nanosleep(&pause, NULL);
		rc = outage_set(c, up, &e);
	}
	if (rc < 0)
		snprintf(c->r->error, sizeof(c->r->error), "cannot bring "
			 "%s %s: %s", lab_drill_target(c->r->drill, target,
						      sizeof(target)),
			 up ? "up" : "down", e.msg);
	return rc;
}

static int ping_start(struct ctx *c)
{
	char interval[16];
	char *argv[] = { "ping", "-n", "-D", "-i", interval, c->r->addr,
			 NULL };
	/* stderr too: "sendmsg: Network is unreachable" while there is no
	 * route is part of what happened, not a message for the user */
	struct node_cmd cmd = { .node = c->r->drill->from->name,
				.argv = argv, .merge_stderr = true };
	unsigned ms = c->r->drill->interval_ms;
	struct azerr e;
	long end;

	snprintf(interval, sizeof(interval), "%u.%03u", ms / 1000, ms % 1000);
	if (node_cmd_start(&cmd, &c->ping, &e) < 0) {
		snprintf(c->r->error, sizeof(c->r->error), "ping: %s", e.msg);
		return -1;
	}
	end = sup_now_ms() + FIRST_REPLY_MS;
	while (!interrupt_signal() && c->ping.fd >= 0 && sup_now_ms() < end &&
	       strstr(c->ping.out, " bytes from ") == NULL)
		pump(c, 10);
	pump(c, BASELINE_MS);
	return interrupt_signal() ? -1 : 0;
}

/* SIGINT makes ping print its statistics; what it printed is read to
 * the end before it is reaped. */
static void ping_stop(struct ctx *c)
{
	double t_stop = real_s();
	long end = sup_now_ms() + PING_EXIT_MS;
	struct pollfd pfd;
	struct azerr e;

	if (c->ping.pid <= 0)
		return;
	kill(c->ping.pid, SIGINT);
	while (c->ping.fd >= 0 && sup_now_ms() < end) {
		pfd.fd = c->ping.fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 50) > 0 && probe_read(&c->ping, &e) < 0)
			break;
	}
	probe_stop(&c->ping, c->ping.fd >= 0 ? SIGKILL : 0, NULL);
	if (c->shut_ms == 0) {
		c->shut_real = t_stop;
		c->restore_real = t_stop;
	} else if (c->restore_ms == 0) {
		c->restore_real = t_stop;
	}
	c->r->ping_ok = drill_ping_analyze(c->ping.out, c->shut_real,
					   c->restore_real, t_stop,
					   c->r->drill->interval_ms,
					   &c->r->ping) == 0;
}

/* Every way out: the interface first, then the trace, then the ping. */
static void finish(struct ctx *c)
{
	c->r->signal = interrupt_signal();
	if (c->shut && set_shut(c, true) == 0) {
		c->shut = false;
		c->restore_ms = sup_now_ms();
		c->restore_real = real_s();
	}
	c->r->restored = !c->shut;
	trace_join(&c->job);
	ping_stop(c);
	probe_proc_free(&c->ping);
	bgp_summary_free(&c->prev);
	/* the events' times, from the start until now, become the shut's */
	for (size_t i = 0; i < c->r->bgp.n && c->shut_ms != 0; i++)
		c->r->bgp.ev[i].ms -= c->shut_ms - c->t0;
	interrupt_release();
}

/* A fail: drill's node is up unless every interface the lab declares
 * up is down: what `azlab node NODE down` leaves. */
static int check_node(const struct lab_node *node, char *err, size_t len)
{
	struct azerr e;
	bool up = false, any = false;

	for (size_t i = 0; i < node->n_ifaces && !up; i++) {
		if (node->ifaces[i]->down)
			continue;
		any = true;
		if (nl_node_link_is_up(node->name, node->ifaces[i]->name, &up,
				       &e) < 0) {
			snprintf(err, len, "%s:%s: %s", node->name,
				 node->ifaces[i]->name, e.msg);
			return -1;
		}
	}
	if (any && !up)
		snprintf(err, len, "%s is down: bring it up first (azlab node "
			 "%s up)", node->name, node->name);
	return any && !up ? -1 : 0;
}

int drill_check_shut(const struct lab_drill *d, char *err, size_t len)
{
	const char *node, *iface;
	struct azerr e;
	bool up;

	if (d->fail != NULL)
		return check_node(d->fail, err, len);
	node = d->shut->node->name;
	iface = d->shut->name;
	if (nl_node_link_is_up(node, iface, &up, &e) < 0) {
		snprintf(err, len, "%s:%s: %s", node, iface, e.msg);
		return -1;
	}
	if (!up)
		snprintf(err, len, "%s:%s is already down: bring it up first "
			 "(azlab link %s %s up)", node, iface, node, iface);
	return up ? 0 : -1;
}

static int check_up(struct ctx *c)
{
	return drill_check_shut(c->r->drill, c->r->error,
				sizeof(c->r->error));
}

/* The drill's steps in order; -1 as soon as one cannot go on. */
static int steps(struct ctx *c)
{
	struct drill_report *r = c->r;

	if (check_up(c) < 0 || trace_once(c, &r->before) < 0 ||
	    ping_start(c) < 0)
		return -1;
	if (set_shut(c, false) < 0)
		return -1;
	c->shut = true;
	r->was_shut = true;
	c->shut_ms = sup_now_ms();
	c->shut_real = real_s();
	if (wait_path(c, &r->during, r->during_case, c->shut_ms) < 0)
		return -1;
	if (set_shut(c, true) < 0)
		return -1;
	c->shut = false;
	c->restore_ms = sup_now_ms();
	c->restore_real = real_s();
	if (wait_path(c, &r->after, r->after_case, c->restore_ms) < 0)
		return -1;
	pump(c, LINGER_MS);
	return interrupt_signal() ? -1 : 0;
}

int drill_run(struct drill_report *r)
{
	struct ctx c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.ping.fd = -1;
	c.watch = lab_drill_watch(r->drill) ? lab_drill_watch(r->drill)->name
					    : NULL;
	c.t0 = sup_now_ms();
	interrupt_catch();
	bgp_poll(&c);
	c.next_bgp = sup_now_ms() + BGP_POLL_MS;
	rc = steps(&c);
	finish(&c);
	return rc < 0 || r->signal != 0 || !r->restored ? -1 : 0;
}

bool drill_passed(const struct drill_report *r)
{
	return r->during.reached && r->after.reached && r->signal == 0 &&
	       r->restored && r->error[0] == '\0';
}
