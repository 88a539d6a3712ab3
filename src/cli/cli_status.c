/* SPDX-License-Identifier: ISC */
/* azlab status and azlab exec: the verbs that look into a running lab. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "cli.h"
#include "run/control.h"
#include "daemon/status.h"
#include "kernel/netns.h"
#include "run/state.h"

/* With no live daemon there is nothing to ask: say why, in the format
 * asked for, and exit 1. */
static int status_not_running(bool json)
{
	struct lab_state st;
	struct azerr e;
	enum state_found found = state_read(&st, &e);
	bool stale = found == STATE_FOUND;	/* the daemon is gone */

	if (json)
		status_render_not_running(stale ? &st : NULL, stdout);
	if (stale)
		fprintf(stderr, "azlab: status: lab %s is not running: its "
			"daemon (pid %ld) is gone while %s; run 'azlab down' "
			"to clean up\n", st.lab, (long)st.pid,
			lab_phase_name(st.phase));
	else if (found == STATE_ABSENT)
		fprintf(stderr, "azlab: status: no lab is running\n");
	else
		fprintf(stderr, "azlab: status: %s\n", e.msg);
	return 1;
}

int cli_status(int argc, char **argv)
{
	bool json = false;
	struct cli_args a = { .verb = "status", .json = &json };
	/* the daemon's request, as it reads it */
	char *request[] = { "status", "--json" };
	struct azerr e;
	int rc;

	if ((rc = cli_args(&a, argc, argv)) != CLI_GO_ON)
		return rc;
	if (cli_need_root("status") < 0)
		return 1;
	if (!state_daemon_alive())
		return status_not_running(json);
	rc = ctl_call(request, json ? 2 : 1, STDOUT_FILENO, STDERR_FILENO,
		      &e);
	if (rc < 0) {
		fprintf(stderr, "azlab: status: %s\n", e.msg);
		return 1;
	}
	return rc;
}

/* Like `ip netns exec`: a private mount namespace with /sys remounted, so
 * that tools reading /sys/class/net see the node's interfaces. Best
 * effort: a command that only uses netlink works without it. */
static void remount_sys(void)
{
	if (unshare(CLONE_NEWNS) < 0)
		return;
	if (mount("", "/", NULL, MS_SLAVE | MS_REC, NULL) < 0)
		return;
	if (umount2("/sys", MNT_DETACH) == 0)
		mount("sysfs", "/sys", "sysfs", 0, NULL);
}

int cli_exec(int argc, char **argv)
{
	struct cli_args a = {
		.verb = "exec", .min = 2, .max = -1,
		.too_few = "a node and a command are needed",
		.first_arg_ends_options = true,
	};
	char ns[LAB_NS_NAME_MAX];
	struct azerr e;
	char **cmd;
	int rc;

	if ((rc = cli_args(&a, argc, argv)) != CLI_GO_ON)
		return rc;
	cmd = a.args + 1;
	if (strcmp(cmd[0], "--") == 0)	/* it may be left out */
		cmd++;
	if (cmd[0] == NULL)
		return cli_usage_error("exec", "no command after '--'");
	if (cli_need_root("exec") < 0)
		return 1;
	if (!cli_node_ns_exists(a.args[0], ns, sizeof(ns))) {
		if (cli_node_elsewhere("exec", a.args[0]))
			return 1;
		fprintf(stderr, "azlab: exec: no node '%s' in a running lab "
			"(no namespace %s)\n", a.args[0], ns);
		return 1;
	}
	if (netns_enter(ns, &e) < 0) {
		fprintf(stderr, "azlab: exec: %s\n", e.msg);
		return 1;
	}
	remount_sys();
	execvp(cmd[0], cmd);
	fprintf(stderr, "azlab: exec: %s: %s\n", cmd[0], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
