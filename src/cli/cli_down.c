/* SPDX-License-Identifier: ISC */
/* azlab down: ask the daemon to stop the lab, then sweep whatever is left
 * (a daemon killed with SIGKILL leaves namespaces and a state file).
 * Returns only when the lab is gone: no namespace, and no process of it
 * running, the daemon included. The daemon is an orphan: init reaps it
 * (proc/proc.h), which `down` does not wait for. */
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "core/instance.h"
#include "run/control.h"
#include "proc/proc.h"
#include "run/state.h"
#include "daemon/teardown.h"

#define DOWN_DAEMON_EXIT_MS	5000	/* from its answer to its exit */

/* The daemon answers before it exits: wait for its exit; SIGKILL if it
 * hangs. */
static void wait_daemon_exit(const struct proc_id *daemon, bool *killed)
{
	if (daemon->pid <= 1 ||
	    proc_wait_exited(daemon, 1, DOWN_DAEMON_EXIT_MS) == 0)
		return;
	if (kill(daemon->pid, SIGKILL) == 0)
		*killed = true;
	proc_wait_exited(daemon, 1, TEARDOWN_KILL_MS);
}

static int down_via_daemon(const struct lab_state *st, bool quiet)
{
	char *args[] = { "down" };
	struct azerr e;
	int rc;

	rc = ctl_call(args, 1, quiet ? -1 : STDOUT_FILENO, STDERR_FILENO, &e);
	if (rc == 0)
		return 0;
	if (rc < 0)
		fprintf(stderr, "azlab: down: %s; killing daemon pid %ld\n",
			e.msg, (long)st->pid);
	return -1;
}

static void report(const struct lab_state *st, bool had_state,
		   const struct teardown_report *rep, bool daemon_killed)
{
	if (had_state)
		printf("lab %s is down (its daemon %s): %zu namespaces "
		       "removed, %zu processes stopped", st->lab,
		       daemon_killed ? "did not answer: killed" : "was gone",
		       rep->namespaces, rep->processes);
	else if (rep->namespaces > 0)
		printf("removed %zu leftover %s namespaces, %zu processes "
		       "stopped", rep->namespaces, instance_ns_prefix(),
		       rep->processes);
	else
		printf("no lab running");
	if (rep->killed > 0)
		printf(" (%zu of them killed with SIGKILL)", rep->killed);
	putchar('\n');
}

int cli_down(int argc, char **argv)
{
	struct teardown_report rep;
	struct lab_state st;
	struct proc_id daemon = { 0 };
	struct azerr e;
	bool quiet = false, had_state, by_daemon = false, killed = false;
	static const struct option opts[] = {
		CLI_OPTION_QUIET,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_args a = {
		.verb = "down", .opts = opts, .take = cli_take_flag,
		.ctx = &quiet,
	};
	int rc;

	if ((rc = cli_args(&a, argc, argv)) != CLI_GO_ON)
		return rc;
	rc = 0;
	if (cli_need_root("down") < 0)
		return 1;
	had_state = state_read(&st, &e) == STATE_FOUND;
	/* the lock is held: the pid in the state is the daemon's */
	if (state_daemon_alive()) {
		if (had_state && st.pid > 1 && st.pid != getpid() &&
		    proc_id_of(st.pid, &daemon) < 0)
			daemon.pid = 0;
		by_daemon = down_via_daemon(&st, quiet) == 0;
		killed = !by_daemon && daemon.pid > 1 &&
			 kill(daemon.pid, SIGKILL) == 0;
		wait_daemon_exit(&daemon, &killed);
	}
	/* the daemon's own teardown leaves nothing, so this sweep only finds
	 * what a killed daemon left */
	if (teardown_lab(&rep, &e) < 0) {
		fprintf(stderr, "azlab: down: %s\n", e.msg);
		rc = 1;
	}
	state_remove_all();
	if (!quiet && !by_daemon)
		report(&st, had_state, &rep, killed);
	return rc;
}
