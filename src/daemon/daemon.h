/* SPDX-License-Identifier: ISC */
/* The daemon that owns a running lab: builds it, holds the lock, answers
 * the control socket, and tears the lab down on `azlab down` or SIGTERM. */
#ifndef AZLAB_DAEMON_H
#define AZLAB_DAEMON_H

#include "model/lab.h"

/* `azlab daemon`: in the foreground, nobody to tell how far it got. */
#define DAEMON_FOREGROUND (-1)

/* Builds and serves the lab, telling `azlab up` on progress_fd how far
 * it got (run/progress.h) until the lab is up or has failed, then
 * closing it. Returns the exit status for the process. Takes ownership
 * of lab. */
int daemon_run(struct lab *lab, int progress_fd);

#endif
