/* SPDX-License-Identifier: ISC */
/* Removing a lab, whoever built it and however far it got: every process
 * inside a namespace of the instance's prefix (azlab- by default) is
 * stopped (and waited for until it has exited), then every such namespace
 * is removed (which takes its veths and bridges with it), and so are the
 * directories of that prefix FRR makes under /run/frr. Works from the
 * names under /run/netns alone, so it needs no daemon and no state; no
 * other instance's prefix begins with this one (core/instance.h), so
 * their labs are left alone. */
#ifndef AZLAB_TEARDOWN_H
#define AZLAB_TEARDOWN_H

#include <stddef.h>
#include <sys/types.h>

#include "core/err.h"

#define TEARDOWN_TERM_MS	1000	/* after SIGTERM, before SIGKILL */
#define TEARDOWN_KILL_MS	5000	/* after SIGKILL, until exited */

struct teardown_report {
	size_t namespaces;	/* removed */
	size_t processes;	/* found in them, and stopped */
	size_t killed;		/* of which SIGTERM did not stop */
};

int teardown_lab(struct teardown_report *rep, struct azerr *e);

#endif
