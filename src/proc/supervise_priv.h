/* SPDX-License-Identifier: ISC */
/* The supervisor's table, shared by supervise.c (starting, reaping,
 * restarting) and supervise_stop.c (stopping all, holding a node). */
#ifndef AZLAB_SUPERVISE_PRIV_H
#define AZLAB_SUPERVISE_PRIV_H

#include "supervise.h"

struct supervisor {
	struct svc **svcs;	/* pointers stay valid as the table grows */
	size_t n, cap;
	bool stopping;
	unsigned post_runs;	/* post commands spawned so far */
	/* the pid_dirs of services that crashed: what they logged last,
	 * kept until the supervisor goes (sup_free) */
	char **crash_dirs;
	size_t n_crash_dirs, cap_crash_dirs;
};

#endif
