/* SPDX-License-Identifier: ISC */
/* Starting a child the way a supervisor wants it (iproute2 lib/exec.c,
 * OpenBGPD start_child): its own process group, a clean signal state,
 * inside a lab node's network namespace, output appended to a log file,
 * then execve. Used for FRR now and charon later. */
#ifndef AZLAB_SPAWN_H
#define AZLAB_SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/err.h"

struct spawn_opts {
	char *const *argv;	/* argv[0] is an absolute path */
	char *const *envp;	/* NULL: the caller's environment */
	const char *netns;	/* a name under /run/netns, or NULL */
	const char *hostname;	/* a UTS namespace of its own, or NULL */
	bool private_run;	/* a mount namespace of its own, with an empty
				 * tmpfs on /run (charon's pid and sockets) */
	const char *run_bind;	/* with private_run: a directory under /run
				 * of the host, bound back at the same path
				 * inside, so that what the child makes
				 * there (a socket, a log) is seen outside */
	/* a mount namespace of its own whose /run/netns holds only the
	 * namespaces whose names begin with this, but for its own (netns):
	 * zebra -n takes each namespace it sees for a VRF, another lab's
	 * too. Not with private_run. */
	const char *netns_view;
	const char *log;	/* stdout and stderr; NULL: /dev/null */
	/* a tool the user watches (azlab capture): stdin, stdout and stderr
	 * stay the caller's (log unused), and it gets SIGTERM when the
	 * caller dies, so that it never outlives the command */
	bool foreground;
	unsigned long nofile;	/* RLIMIT_NOFILE, soft and hard; 0: the
				 * caller's */
};

/* Returns the child's pid, or -1 with e set. Everything that can fail
 * before execve (namespace, log file, execve itself) is reported here,
 * through a close-on-exec pipe, and the child is reaped. */
pid_t spawn(const struct spawn_opts *o, struct azerr *e);

#endif
