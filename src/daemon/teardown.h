/* SPDX-License-Identifier: ISC */
/* Removing a lab, whoever built it and however far it got: every process
 * inside an azlab- namespace is stopped (and waited for until it is
 * reaped), then every azlab- namespace is
 * removed (which takes its veths and bridges with it), and so are the
 * azlab-* directories FRR makes under /run/frr. Works from the
 * names under /run/netns alone, so it needs no daemon and no state. */
#ifndef AZLAB_TEARDOWN_H
#define AZLAB_TEARDOWN_H

#include <stddef.h>
#include <sys/types.h>

#include "core/err.h"

#define TEARDOWN_TERM_MS	1000	/* after SIGTERM, before SIGKILL */
#define TEARDOWN_REAP_MS	5000	/* after SIGKILL, until reaped */

struct teardown_report {
	size_t namespaces;	/* removed */
	size_t processes;	/* found in them, and stopped */
	size_t killed;		/* of which SIGTERM did not stop */
};

int teardown_lab(struct teardown_report *rep, struct azerr *e);

#endif
