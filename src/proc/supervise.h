/* SPDX-License-Identifier: ISC */
/* A supervisor of long-running children (FRR's daemons now, charon
 * later): a table of services, each started with spawn(), reaped when the
 * daemon's signalfd says SIGCHLD, restarted with exponential backoff when
 * it dies, and never restarted once stopping. A service may name a file
 * it makes once it serves (ready_path) and a command to run then
 * (post_argv): that is how FRR gets its configuration after every start.
 * Services of one group (a node's FRR daemons but zebra) may share
 * their first post command: one process for all of them once all of
 * them serve, rather than one each (each vtysh costs ~40 ms of CPU to
 * start, and at `up` dozens of them compete with the daemons for the
 * CPUs).
 *
 * Time is passed in (milliseconds of CLOCK_MONOTONIC) so that tests can
 * drive the clock. Nothing here blocks but sup_stop_all. */
#ifndef AZLAB_SUPERVISE_H
#define AZLAB_SUPERVISE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/err.h"
#include "spawn.h"

#define SUP_BACKOFF_MIN_MS	200
#define SUP_BACKOFF_MAX_MS	5000
#define SUP_GOOD_RUN_MS		30000	/* a run this long resets the backoff */
#define SUP_GIVE_UP		10	/* failures in a row before giving up */
#define SUP_READY_TIMEOUT_MS	10000	/* from start to ready_path */
#define SUP_READY_POLL_MS	50

/* The restart policy, pure so that tests can walk through it. */
struct sup_backoff {
	long long delay_ms;	/* of the last restart; 0: none yet */
	unsigned fails;		/* exits in a row without a good run between */
};

enum sup_verdict {
	SUP_RESTART,		/* after *delay_ms */
	SUP_STAY_DOWN,		/* we are stopping: an exit is expected */
	SUP_GIVE_UP_NOW,	/* it keeps dying: leave it failed */
};

/* What to do when a service exits after running ran_ms. */
enum sup_verdict sup_policy(struct sup_backoff *b, long long ran_ms,
			    bool stopping, long long *delay_ms);

enum svc_state {
	SVC_STOPPED,		/* not started yet, or stopped by us */
	SVC_RUNNING,
	SVC_RESTARTING,		/* died; waiting for its backoff delay */
	SVC_FAILED,		/* died too often; given up */
	SVC_HELD,		/* its node is down (sup_hold_node) */
};

enum svc_post {
	POST_NONE,		/* no post command, or not started yet */
	POST_WAITING,		/* for ready_path */
	POST_RUNNING,
	POST_OK,
	POST_FAILED,		/* non-zero exit, or ready_path never came */
};

struct svc_spec {
	const char *name;	/* "bgpd" */
	const char *node;	/* the lab node it serves, for logs and status */
	char *const *argv;	/* argv[0] absolute */
	char *const *envp;	/* NULL: the daemon's environment */
	const char *netns;	/* NULL: the daemon's own namespace */
	const char *hostname;	/* NULL: the host's */
	bool private_run;	/* see spawn.h */
	const char *run_bind;	/* see spawn.h */
	const char *netns_view;	/* see spawn.h */
	const char *log;	/* stdout and stderr, appended */
	const char *ready_path;	/* removed before each start; NULL: none */
	char *const *post_argv;	/* run in the same namespaces once ready */
	const char *post_log;
	/* The group's members (same name, group_size of them, each with a
	 * ready_path and a post command) run group_post_argv once, for all
	 * of them, when all serve after their first start; a member that
	 * dies before, or a group that never completes, falls back on each
	 * member's own post command, which every restart runs too. */
	const char *group;	/* NULL: none */
	unsigned group_size;
	char *const *group_post_argv;
	const char *group_post_log;
	/* The service of the same node it cannot outlive: when that one
	 * exits, this one is stopped and started again too, without counting
	 * against its own backoff (FRR's daemons but zebra: they do not take
	 * a new zebra, as watchfrr knows). NULL: none. */
	const char *restarts_with;
	/* A directory the service makes as "<pid_dir>.<pid>" and removes
	 * itself only when it exits cleanly (FRR's crash-log buffers,
	 * /var/tmp/frr/bgpd.<pid>): removed once the service is reaped,
	 * SIGKILL at `down` included; after a crash, by sup_free. NULL:
	 * none. */
	const char *pid_dir;
	unsigned long nofile;	/* see spawn.h */
};

/* One service; read-only outside supervise.c. */
struct svc {
	char *name, *node;
	struct spawn_opts run;		/* owned copies of the spec */
	struct spawn_opts post;		/* post.argv NULL: no post command */
	char *ready_path;
	enum svc_state state;
	pid_t pid;			/* while running */
	long long started_ms;
	long long restart_at_ms;	/* while restarting */
	struct sup_backoff backoff;
	unsigned restarts;		/* starts after the first */
	char last_exit[256];		/* "exited with status 1", ... */
	enum svc_post post_state;
	pid_t post_pid;
	char *group;
	unsigned group_size;
	struct spawn_opts group_post;	/* group_post.argv NULL: none */
	bool group_tried;	/* the shared post ran, or cannot: own posts */
	bool post_shared;	/* the last post was the group's */
	unsigned post_run;	/* which spawn of a post command was the last */
	char *restarts_with;
	bool stopped_for;	/* stopped by us, as restarts_with exited */
	bool held;		/* kept down with its node until released */
	char *pid_dir;
};

struct supervisor;

long long sup_now_ms(void);
struct supervisor *sup_new(void);
/* Forgets every service, and removes the pid_dirs of those that
 * crashed; stop them first (sup_stop_all). */
void sup_free(struct supervisor *s);
struct svc *sup_add(struct supervisor *s, const struct svc_spec *spec,
		    struct azerr *e);
/* First start; a failure (the program is missing, ...) is returned, not
 * retried: it is the caller's to report. */
int sup_start(struct supervisor *s, struct svc *v, long long now,
	      struct azerr *e);
/* Reaps every exited child (on SIGCHLD) and applies the policy. */
void sup_reap(struct supervisor *s, long long now);
/* Restarts what is due and runs post commands whose service is ready. */
void sup_tick(struct supervisor *s, long long now);
/* Milliseconds until sup_tick has work, or -1: a poll timeout. */
long long sup_next_due(const struct supervisor *s, long long now);
/* No more restarts; SIGTERM to every child, SIGKILL to what is left
 * after grace_ms (0: SIGKILL at once); everything reaped on return.
 * Returns how many had to be killed. */
size_t sup_stop_all(struct supervisor *s, long long grace_ms);
/* A node failure (supervise_stop.c): every service of node stopped as
 * sup_stop_all stops them (*killed: with SIGKILL) and held down: no
 * restart, whatever the policy, until sup_release_node. Returns how
 * many services the node has. */
size_t sup_hold_node(struct supervisor *s, const char *node,
		     long long grace_ms, size_t *killed);
/* The node's held services started again by the next sup_tick, with a
 * fresh backoff (one that cannot outlive another once that one serves:
 * zebra first); returns how many. */
size_t sup_release_node(struct supervisor *s, const char *node,
			long long now);
/* Whether node has services and all of them are held. */
bool sup_node_held(const struct supervisor *s, const char *node);

size_t sup_count(const struct supervisor *s);
const struct svc *sup_svc(const struct supervisor *s, size_t i);
const struct svc *sup_find(const struct supervisor *s, const char *node,
			   const char *name);
const char *svc_state_name(enum svc_state state);
/* Where the output of v's last post command went. */
const char *svc_post_log(const struct svc *v);
/* A socket is ready once it takes a connection; another file once it
 * exists. */
bool sup_path_ready(const char *path);

#endif
