/* SPDX-License-Identifier: ISC */
/* Asking an FRR daemon a show command over its vty socket, the way vtysh
 * does: the command, NUL-terminated; then the answer, ended by three NULs
 * and the command's status byte (0 success, 1 warning, others errors).
 *
 * Not vtysh: while `up` waits for BGP it asks every router a few times a
 * second, and a vtysh process per question costs tens of milliseconds
 * each, for what is one local socket exchange. Unix sockets are reached
 * by path, so no namespace switch is needed either. vtysh still pushes
 * configurations (frr.c): there its command table decides which daemon
 * gets which line. */
#ifndef AZLAB_FRR_VTY_H
#define AZLAB_FRR_VTY_H

#include "core/err.h"

#define FRR_VTY_TIMEOUT_MS 2000
#define FRR_VTY_MAX_ANSWER (64u << 20)

/* Runs cmd on daemon ("bgpd") of node. Returns the command's status
 * (>= 0) with *out the answer (malloc'd, NUL-terminated), or -1 with e
 * set (no such socket, daemon not answering within timeout_ms). */
int frr_vty_ask(const char *node, const char *daemon, const char *cmd,
		int timeout_ms, char **out, struct azerr *e);

#endif
