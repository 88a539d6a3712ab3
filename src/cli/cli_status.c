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
#include "core/json.h"
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

	if (json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j);
		json_key(&j, "lab");
		json_str(&j, stale ? st.lab : NULL);
		json_key(&j, "phase");
		json_str(&j, stale ? "stale" : "none");
		json_key(&j, "daemon");
		json_obj_begin(&j);
		json_key(&j, "pid");
		if (stale)
			json_int(&j, st.pid);
		else
			json_null(&j);
		json_key(&j, "running");
		json_bool(&j, false);
		json_obj_end(&j);
		json_key(&j, "nodes");
		json_arr_begin(&j);
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	}
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
	struct azerr e;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else
			return cli_usage_error("status", "unknown argument '%s'",
					       argv[i]);
	}
	if (cli_need_root("status") < 0)
		return 1;
	if (!state_daemon_alive())
		return status_not_running(json);
	rc = ctl_call(argv, argc, STDOUT_FILENO, STDERR_FILENO, &e);
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
	char ns[LAB_NS_NAME_MAX];
	struct azerr e;
	int cmd;

	if (argc < 3)
		return cli_usage_error("exec", "a node and a command are "
				       "needed");
	cmd = strcmp(argv[2], "--") == 0 ? 3 : 2;
	if (cmd >= argc)
		return cli_usage_error("exec", "no command after '--'");
	if (cli_need_root("exec") < 0)
		return 1;
	if (!cli_node_ns_exists(argv[1], ns, sizeof(ns))) {
		fprintf(stderr, "azlab: exec: no node '%s' in a running lab "
			"(no namespace %s)\n", argv[1], ns);
		return 1;
	}
	if (netns_enter(ns, &e) < 0) {
		fprintf(stderr, "azlab: exec: %s\n", e.msg);
		return 1;
	}
	remount_sys();
	execvp(argv[cmd], argv + cmd);
	fprintf(stderr, "azlab: exec: %s: %s\n", argv[cmd], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
