/* SPDX-License-Identifier: ISC */
/* What survives the daemon: /run/azlab holds the state file (which lab,
 * which daemon, how far it got), the lock the daemon holds for its whole
 * life, and the control socket. A daemon killed with SIGKILL drops the
 * lock, so "is a lab running" is answered by the lock, not by a pid that
 * may have been reused. */
#ifndef AZLAB_STATE_H
#define AZLAB_STATE_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "core/err.h"

#define AZLAB_RUN_DIR	"/run/azlab"
#define AZLAB_STATE	AZLAB_RUN_DIR "/state"
#define AZLAB_LOCK	AZLAB_RUN_DIR "/lock"
#define AZLAB_CONTROL	AZLAB_RUN_DIR "/control.sock"
/* a copy of what `up` read, each file under its own absolute path */
#define AZLAB_SNAPSHOT	AZLAB_RUN_DIR "/lab"
#define AZLAB_LOG_DIR	"/var/log/azlab"
#define AZLAB_LOG	AZLAB_LOG_DIR "/azlabd.log"

struct lab_state {
	char lab[64];
	char file[PATH_MAX];
	pid_t pid;
	char phase[16];		/* "building", "up", "stopping" */
	/* the daemon's only, not in the file: */
	char ipsec[16];		/* how ESP is done ("libipsec"); "": no IPsec */
	bool kernel_esp;	/* ESP by the kernel, not by libipsec */
	size_t delays_applied;	/* links whose `delay:` netem applies */
	size_t delays_unapplied;	/* links whose delay is not: no netem */
};

/* Creates /run/azlab (0711). */
int state_dir_ensure(struct azerr *e);
/* Written to a temporary file and renamed: never half a state file. */
int state_write(const struct lab_state *st, struct azerr *e);
/* 0: read; 1: there is no state file; -1: unreadable (e says why). */
int state_read(struct lab_state *st, struct azerr *e);
/* Takes the daemon lock without waiting; returns the fd to keep open,
 * -2 if another daemon holds it, -1 on error. */
int state_lock(struct azerr *e);
/* True while some daemon holds the lock. */
bool state_daemon_alive(void);
/* Removes the state file, lock, socket and /run/azlab with everything
 * in it. */
void state_remove_all(void);

#endif
