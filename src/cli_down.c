/* azlab down: ask the daemon to stop the lab, then sweep whatever is left
 * (a daemon killed with SIGKILL leaves namespaces and a state file). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "control.h"
#include "state.h"
#include "teardown.h"

static void kill_stuck_daemon(const struct lab_state *st)
{
	if (st->pid <= 1 || st->pid == getpid())
		return;
	kill(st->pid, SIGKILL);
	for (int i = 0; i < 100 && state_daemon_alive(); i++) {
		struct timespec ts = { 0, 10000000L };

		nanosleep(&ts, NULL);
	}
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
	kill_stuck_daemon(st);
	return -1;
}

int cli_down(int argc, char **argv)
{
	struct teardown_report rep;
	struct lab_state st;
	struct azerr e;
	bool quiet = false, had_state, by_daemon = false;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
			quiet = true;
		else
			return cli_usage_error("down", "unknown argument '%s'",
					       argv[i]);
	}
	if (cli_need_root("down") < 0)
		return 1;
	had_state = state_read(&st, &e) == 0;
	if (state_daemon_alive())
		by_daemon = down_via_daemon(&st, quiet) == 0;
	/* the daemon's own teardown leaves nothing, so this sweep only finds
	 * what a killed daemon left */
	if (teardown_lab(&rep, &e) < 0) {
		fprintf(stderr, "azlab: down: %s\n", e.msg);
		rc = 1;
	}
	state_remove_all();
	if (quiet || by_daemon)
		return rc;
	if (had_state)
		printf("lab %s is down (its daemon was gone): %zu namespaces "
		       "removed, %zu processes stopped\n", st.lab,
		       rep.namespaces, rep.processes);
	else if (rep.namespaces > 0)
		printf("removed %zu leftover azlab- namespaces\n",
		       rep.namespaces);
	else
		printf("no lab running\n");
	return rc;
}
