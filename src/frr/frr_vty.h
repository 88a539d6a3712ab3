/* SPDX-License-Identifier: ISC */
/* Asking an FRR daemon a show command over its vty socket, the way vtysh
 * does: the command, NUL-terminated; then the answer, ended by three NULs
 * and the command's status byte (0 success, 1 warning, others errors).
 *
 * Not vtysh: while `up` waits for BGP it asks every router a few times a
 * second, and a vtysh process per question costs tens of milliseconds
 * each, for what is one local socket exchange. Unix sockets are reached
 * by path, so no namespace switch is needed either. vtysh still pushes
 * most configurations (frr.c): there its command table decides which
 * daemon gets which line; a file that is all bgpd's is pushed over the
 * vty socket (frr_push.c). */
#ifndef AZLAB_FRR_VTY_H
#define AZLAB_FRR_VTY_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"

#define FRR_VTY_TIMEOUT_MS 2000
#define FRR_VTY_MAX_ANSWER (64u << 20)

/* A connection to the vty socket at path, or -1 with e set. */
int frr_vty_connect(const char *path, struct azerr *e);
/* Sends cmd on fd and reads its answer until deadline (sup_now_ms()):
 * the command's status (>= 0) with *out the answer (malloc'd), or -1. */
int frr_vty_exchange(int fd, const char *cmd, long long deadline,
		     char **out, struct azerr *e);
/* Pipelined: commands sent one after the other without waiting, their
 * answers read in order, several may come in one read (the daemon
 * answers each in turn). */
int frr_vty_send(int fd, const char *cmd, struct azerr *e);
struct frr_vty_reader {
	int fd;
	char *buf;		/* what was read and not yet returned */
	size_t n, cap;
};
/* The next answer: its status (>= 0) with *out its text (malloc'd), or
 * -1 with e set. free(r->buf) when done. */
int frr_vty_next_answer(struct frr_vty_reader *r, long long deadline,
			char **out, struct azerr *e);
/* Runs cmd on daemon ("bgpd") of node. Returns the command's status
 * (>= 0) with *out the answer (malloc'd, NUL-terminated), or -1 with e
 * set (no such socket, daemon not answering within timeout_ms). */
int frr_vty_ask(const char *node, const char *daemon, const char *cmd,
		int timeout_ms, char **out, struct azerr *e);

/* --- frr_push.c: a configuration file pushed to one daemon ------------- */

/* Which lines of a file go to the daemon, and which "exit" would take it
 * out of configuration mode (an "exit" at the top level, where vtysh
 * reading a file drops it, but a daemon's vty leaves for the enable
 * node). Only the blocks of a file that is all bgpd's are known:
 * router, address-family, route-map. A block counts as open only once
 * the daemon took the line that opens it (frr_push_answered). */
struct frr_push_depth {
	unsigned depth;		/* blocks open: 0 at the top level */
	unsigned next;		/* if the line sent is taken */
};

/* Whether line (without its newline) is sent. */
bool frr_push_sends(struct frr_push_depth *d, const char *line);
/* The daemon's status for the line sent: taken or not. */
void frr_push_answered(struct frr_push_depth *d, int status);
/* Whether a line's status is the daemon taking it: as FRR reading its
 * own file does, a warning or "nothing to do" is no refusal. */
bool frr_push_taken(int status);

/* Pushes the file at conf to the daemon whose vty socket is at sock,
 * in one configuration session as vtysh does. Every refused line is
 * written to report as "line N: MESSAGE" (frr_config_error reads that),
 * what the daemon said of a line it took as "warning, line N: ...";
 * returns how many were refused, or -1 with e set (no daemon, no file,
 * a line too long, no answer within FRR_PUSH_ANSWER_MS). */
#define FRR_PUSH_ANSWER_MS 10000
#define FRR_PUSH_LINE_MAX 4096
int frr_push_file(const char *sock, const char *conf, FILE *report,
		  struct azerr *e);

#endif
