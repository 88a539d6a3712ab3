/* SPDX-License-Identifier: ISC */
/* azlab capture: the real tcpdump inside a node's namespace, its output
 * the user's (readable lines, or pcap to a file or to stdout for a
 * Wireshark on another machine). */
#ifndef AZLAB_CAPTURE_H
#define AZLAB_CAPTURE_H

#include <stddef.h>

#include "core/err.h"

struct capture_opts {
	const char *iface;
	const char *write;	/* -w: a file, "-": stdout; NULL: lines */
	unsigned long count;	/* -c: stop after this many; 0: when told */
	char *const *filter;	/* tcpdump's filter words */
	size_t n_filter;
};

/* The tcpdump this machine has (an absolute path), or NULL. */
const char *capture_tool(void);
/* tcpdump's argv for o, NULL-terminated; free with strv_free
 * (core/strv.h). NULL when out of memory. */
char **capture_argv(const char *tool, const struct capture_opts *o);
/* Runs argv in node's namespace until it ends, passing SIGINT, SIGTERM
 * and SIGHUP on to it; *status gets its wait status. -1 with e set if
 * it could not start. */
int capture_run(const char *node, char *const *argv, int *status,
		struct azerr *e);

#endif
