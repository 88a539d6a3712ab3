/* SPDX-License-Identifier: ISC */
/* The daemon that owns a running lab: builds it, holds the lock, answers
 * the control socket, and tears the lab down on `azlab down` or SIGTERM. */
#ifndef AZLAB_DAEMON_H
#define AZLAB_DAEMON_H

#include "model/lab.h"

/* Progress lines written to progress_fd while building (then closed):
 *   "P <done> <total> <what>"   a step finished
 *   "OK <summary>"              the lab is up, the daemon serves
 *   "E <message>"               building failed; nothing is left
 * progress_fd -1: foreground mode, logging to stderr. Returns the exit
 * status for the process. Takes ownership of lab. */
int daemon_run(struct lab *lab, int progress_fd);

#endif
