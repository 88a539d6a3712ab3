/* SPDX-License-Identifier: ISC */
/* What survives the daemon: the instance's run directory (core/instance.h;
 * /run/azlab by default) holds the state file (which lab,
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
#include "core/instance.h"

/* How far the daemon got. The state file names it (lab_phase_name):
 * `status` shows the phase of a daemon that died. */
enum lab_phase {
	PHASE_UNKNOWN,		/* no phase= (or one no azlab writes) */
	PHASE_BUILDING,
	PHASE_UP,
	PHASE_STOPPING,		/* `down` has torn the lab down */
};

struct lab_state {
	char lab[64];
	char file[PATH_MAX];
	char host[64];		/* `up --host`: the share built here, or "" */
	pid_t pid;
	enum lab_phase phase;
	/* the daemon's only, not in the file: */
	char ipsec[16];		/* how ESP is done ("libipsec"); "": no IPsec */
	bool kernel_esp;	/* ESP by the kernel, not by libipsec */
	size_t delays_applied;	/* links whose `delay:` netem applies */
	size_t delays_unapplied;	/* links whose delay is not: no netem */
};

/* "building", "up", "stopping" ("" unknown), as in the state file. */
const char *lab_phase_name(enum lab_phase phase);
enum lab_phase lab_phase_parse(const char *name);

enum state_found {
	STATE_FOUND,
	STATE_ABSENT,		/* there is no state file: no lab */
	STATE_UNREADABLE,	/* e says why */
};

/* Who holds the daemon lock. */
enum state_lock_result {
	STATE_LOCK_TAKEN,	/* by us: keep the fd open */
	STATE_LOCK_HELD,	/* by another daemon: a lab is running */
	STATE_LOCK_FAILED,	/* e says why */
};

/* Creates the run directory (0711). */
int state_dir_ensure(struct azerr *e);
/* Written to a temporary file and renamed: never half a state file. */
int state_write(const struct lab_state *st, struct azerr *e);
enum state_found state_read(struct lab_state *st, struct azerr *e);
/* Takes the daemon lock without waiting; *fd: the lock, once taken. */
enum state_lock_result state_lock(int *fd, struct azerr *e);
/* True while some daemon holds the lock. */
bool state_daemon_alive(void);
/* Removes the state file, lock, socket and the run directory with
 * everything in it. */
void state_remove_all(void);

#endif
