/* SPDX-License-Identifier: ISC */
/* Stopping services: all of them at `down` (no restart ever after), or
 * one node's (a node failure, `azlab node NODE down`), which stay held
 * down, whatever their restart policy, until the node is released. */
#include <signal.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "supervise_priv.h"

static bool of_node(const struct svc *v, const char *node)
{
	return node == NULL || strcmp(v->node, node) == 0;
}

/* sig (0: none) to node's children (NULL: every node's); how many are
 * alive. */
static size_t signal_node(struct supervisor *s, const char *node, int sig)
{
	size_t alive = 0;

	for (size_t i = 0; i < s->n; i++) {
		struct svc *v = s->svcs[i];

		if (!of_node(v, node))
			continue;
		if (v->pid > 0 && ++alive && sig != 0)
			kill(v->pid, sig);
		if (v->post_pid > 0 && ++alive && sig != 0)
			kill(v->post_pid, sig);
	}
	return alive;
}

static void reap_for(struct supervisor *s, const char *node,
		     long long deadline)
{
	struct timespec pause = { 0, 20 * 1000000L };

	while (signal_node(s, node, 0) > 0 && sup_now_ms() < deadline) {
		nanosleep(&pause, NULL);
		sup_reap(s, sup_now_ms());
	}
}

/* SIGTERM, SIGKILL to what is left after grace_ms; everything reaped
 * on return. How many had to be killed. grace_ms 0: SIGKILL at once,
 * which counts as no one's failure to stop. */
static size_t stop_node(struct supervisor *s, const char *node,
			long long grace_ms)
{
	size_t killed = 0;

	if (grace_ms > 0) {
		signal_node(s, node, SIGTERM);
		reap_for(s, node, sup_now_ms() + grace_ms);
		killed = signal_node(s, node, 0);
	}
	if (killed > 0)
		log_warnx("killed %zu processes that did not stop within "
			  "%lld ms", killed, grace_ms);
	signal_node(s, node, SIGKILL);
	/* SIGKILL cannot be refused, but a child stuck in the kernel can
	 * take a while to go: wait, yet not for ever */
	reap_for(s, node, sup_now_ms() + 5000);
	return killed;
}

size_t sup_stop_all(struct supervisor *s, long long grace_ms)
{
	if (s == NULL)
		return 0;
	s->stopping = true;
	for (size_t i = 0; i < s->n; i++)
		if (s->svcs[i]->state == SVC_RESTARTING)
			s->svcs[i]->state = SVC_STOPPED;
	return stop_node(s, NULL, grace_ms);
}

size_t sup_hold_node(struct supervisor *s, const char *node,
		     long long grace_ms, size_t *killed)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		struct svc *v = s->svcs[i];

		if (!of_node(v, node))
			continue;
		n++;
		v->held = true;
		if (v->state != SVC_RUNNING)	/* reaped: svc_down holds it */
			v->state = SVC_HELD;
	}
	*killed = n > 0 ? stop_node(s, node, grace_ms) : 0;
	return n;
}

size_t sup_release_node(struct supervisor *s, const char *node,
			long long now)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		struct svc *v = s->svcs[i];

		if (!of_node(v, node) || !v->held)
			continue;
		n++;
		v->held = false;
		/* a new start, not one more failure: its backoff anew */
		v->backoff = (struct sup_backoff){ 0 };
		v->state = SVC_RESTARTING;
		v->restart_at_ms = now;
	}
	return n;
}

bool sup_node_held(const struct supervisor *s, const char *node)
{
	bool any = false;

	for (size_t i = 0; i < sup_count(s); i++)
		if (of_node(s->svcs[i], node)) {
			if (!s->svcs[i]->held)
				return false;
			any = true;
		}
	return any;
}
