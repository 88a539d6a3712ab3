/* SPDX-License-Identifier: ISC */
/* The control socket between the CLI and the daemon: a unix stream socket
 * in the instance's run directory (0600, root only). Every message has a fixed header
 * {type, length} and a payload. The client sends one CTL_REQUEST (the
 * verb's argv, NUL-separated); the daemon answers with CTL_STDOUT and
 * CTL_STDERR chunks and ends with CTL_EXIT (the exit status as text). */
#ifndef AZLAB_CONTROL_H
#define AZLAB_CONTROL_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum ctl_type {
	CTL_REQUEST = 1,
	CTL_STDOUT = 2,
	CTL_STDERR = 3,
	CTL_EXIT = 4,
};

struct ctl_hdr {
	uint32_t type;
	uint32_t len;
};

/* The exit statuses of the "converged" request, which the daemon judges
 * (daemon_wait.c) and the CLI asks before verify, matrix and drill
 * (cli_settle.c); stdout: the line that goes with it. */
enum converged {
	CONVERGED = 0,		/* everything up, and settled; the summary */
	CONVERGED_NEVER = 1,	/* a daemon given up, a refused config; why */
	CONVERGED_NOT_YET = 3,	/* what it waits for */
	CONVERGED_STEADY = 4,	/* settled with something down; what */
};

#define CTL_PAYLOAD_MAX (1u << 20)
#define CTL_ARGS_MAX 32

int ctl_send(int fd, enum ctl_type type, const void *data, size_t len);
/* Reads one message; *data is malloc'd and NUL-terminated. 0 on success,
 * 1 at a clean end of stream, -1 on error or a malformed header. */
int ctl_recv(int fd, struct ctl_hdr *hdr, char **data);

/* Encodes argv as "a\0b\0c\0"; decodes into at most CTL_ARGS_MAX pointers
 * into buf (argv[argc] = NULL). Decoding returns argc or -1. */
size_t ctl_args_encode(char *const argv[], int argc, char *buf, size_t len);
int ctl_args_decode(char *buf, size_t len, char *argv[CTL_ARGS_MAX + 1]);

/* Client: connects, sends argv, copies the answer to out_fd/err_fd and
 * returns the daemon's exit status; -1 with e set if it cannot talk to
 * the daemon. */
int ctl_call(char *const argv[], int argc, int out_fd, int err_fd,
	     struct azerr *e);

/* Server: a listening socket at instance_path(INSTANCE_CONTROL) (stale
 * file replaced). */
int ctl_listen(struct azerr *e);

#endif
