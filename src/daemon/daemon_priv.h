/* SPDX-License-Identifier: ISC */
/* What the daemon's files share: the one context that owns the running
 * lab (daemon.c: its life, the loop; daemon_wait.c: is it converged;
 * daemon_ctl.c: the control socket's requests). */
#ifndef AZLAB_DAEMON_PRIV_H
#define AZLAB_DAEMON_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "frr/frr_wait.h"
#include "model/lab.h"
#include "run/control.h"
#include "run/progress.h"
#include "run/state.h"
#include "run/wait.h"
#include "teardown.h"

#define SETTLE_SESSION_MS	2000	/* converged requests further apart
					 * start the settle window anew */
/* A lab with something down that is not coming up (a peer across a shut
 * link, a tunnel its peer refuses), unchanged this long, is steady. */
#define SETTLE_QUIET_MS		3000

/* Who follows the progress lines (run/progress.h). */
enum follower {
	FOLLOWER_NONE,		/* `azlab daemon`; or up has returned */
	FOLLOWER_UP,		/* azlab up, reading progress_fd */
	FOLLOWER_GONE,		/* up went away (the pipe broke): stop */
};

struct azlab {
	struct lab *lab;
	struct lab_state st;
	int progress_fd;	/* open while FOLLOWER_UP, else -1 */
	enum follower follower;
	int lock_fd;
	int sig_fd;
	int ctl_fd;
	long step_delay_ms;	/* AZLAB_STEP_DELAY_MS: slow motion for tests */
	struct supervisor *sup;	/* FRR's daemons and charons */
	struct sdn *sdn;	/* VNet effective routes from the gateways */
	struct charon_set *charon;	/* IPsec: NULL without ipsec: files */
	bool waiting;		/* for routing, before `up` returns */
	struct frr_wait wait;
	/* `converged` requests (verify, matrix, drill) after up */
	struct frr_wait settle;
	long long settle_asked_ms;	/* the last request; 0 none */
	unsigned long long settled_fp;	/* of the last settled look */
	size_t up_total;	/* sessions and adjacencies when up returned */
	unsigned long long quiet_fp;	/* of the last look, tunnels too */
	long long quiet_since_ms;
	long long next_look_ms;
	long long wait_timeout_ms;	/* AZLAB_ROUTING_TIMEOUT (s) for tests */
	int status;		/* the daemon's exit status */
	char fail[640];		/* why `up` failed after the build, or "" */
	bool *node_down;	/* per lab node: failed by `azlab node` */
	bool stop;
};

/* Progress lines to `azlab up` while it follows: a step, and the
 * other kinds. */
void tell_step(struct azlab *az, size_t done, size_t total,
	       const char *what);
void tell_up(struct azlab *az, enum progress_kind kind, const char *fmt,
	     ...) __attribute__((format(printf, 3, 4)));
void lab_teardown(struct azlab *az, struct teardown_report *rep);

/* daemon_wait.c */
struct charon_set;
/* The tunnels' part of a verdict: frr is FRR's verdict, p its progress;
 * returns the two joined, p amended. */
enum wait_verdict ipsec_wait(const struct charon_set *cs, long long waited,
			     long long timeout, enum wait_verdict frr,
			     struct frr_progress *p);
/* One look while `up` waits; reports up, or fails it. */
void wait_step(struct azlab *az, long long now);
void report_up(struct azlab *az, const char *routing);
/* line says how, or what is not up. */
enum converged daemon_converged(struct azlab *az, char *line, size_t len);

/* daemon_node.c: a node failed (up false) or brought back; out gets
 * "interfaces=N daemons=a,b" (or "-"), for the CLI to word. */
int daemon_node_set(struct azlab *az, const struct lab_node *node, bool up,
		    char *out, size_t len, struct azerr *e);
bool daemon_node_is_down(const struct azlab *az, const struct lab_node *node);
/* daemon_restart.c: the node's daemons restarted with its files as they
 * are now, checked first; out gets "daemons=a,b frr=FILE ipsec=FILE". */
int daemon_node_restart(struct azlab *az, const struct lab_node *node,
			char *out, size_t len, struct azerr *e);

/* daemon_ctl.c */
void on_client(struct azlab *az);

#endif
