/* SPDX-License-Identifier: ISC */
/* The tunnels the lab expects: one per CHILD_SA in a node's ipsec: file,
 * watched by the daemon like a daemon process. The initiating side (the
 * file says `start_action = start`) is the daemon's to start, and to
 * start again, with backoff, whenever list-sas no longer shows the
 * CHILD_SA INSTALLED and no IKE_SA of its connection is being set up:
 * charon takes a refusal (NO_PROPOSAL_CHOSEN, AUTHENTICATION_FAILED) or
 * an explicit teardown as final, and would leave the tunnel down.
 *
 * Why a tunnel is down comes from charon's own log, subscribed to over
 * VICI (the `log` event, control level): the last failure charon logged
 * for the tunnel's IKE_SA (charon_log_cause picks them out) is kept
 * until the CHILD_SA is installed, and named by `status`, `ipsec` and
 * a failed `up`.
 *
 * Everything here is pure: the time is passed in, the VICI calls are
 * charon.c's. */
#ifndef AZLAB_CHARON_TUNNEL_H
#define AZLAB_CHARON_TUNNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/json.h"

#define TUNNEL_RETRY_MIN_MS	1000
#define TUNNEL_RETRY_MAX_MS	8000
/* A CHILD_SA that was INSTALLED and is gone: charon's own DPD restart
 * (dpd_action = restart) gets this long before the daemon steps in. */
#define TUNNEL_GRACE_MS		1000

enum tunnel_state {
	TUNNEL_MISSING,		/* no such CHILD_SA */
	TUNNEL_CONNECTING,	/* an IKE_SA of its connection is being set up */
	TUNNEL_INSTALLED,
};

struct tunnel {
	const char *node;		/* the charon's lab node */
	const char *ike, *child;	/* names in the node's swanctl.conf */
	const char *peer;		/* the connection's remote_addrs */
	bool initiator;			/* ours to start */
	enum tunnel_state state;	/* by the last list-sas */
	bool ever_installed;
	unsigned initiations;		/* by the daemon, since up */
	long long next_try_ms;		/* initiate then, if still missing */
	long long backoff_ms;		/* the wait after the next try */
	char cause[200];		/* charon's last failure, or "" */
};

const char *tunnel_state_name(enum tunnel_state s);

/* What list-sas showed; a tunnel that is gone after being installed
 * waits TUNNEL_GRACE_MS before the daemon initiates it. */
void tunnel_seen(struct tunnel *t, enum tunnel_state s, long long now);
/* Whether the daemon should initiate t now. */
bool tunnel_due(const struct tunnel *t, long long now);
/* The daemon initiated t: the next try after the backoff, doubled up to
 * TUNNEL_RETRY_MAX_MS. */
void tunnel_initiated(struct tunnel *t, long long now);
/* A fresh charon (first start, or a restart): start at once. */
void tunnel_reset(struct tunnel *t);

/* Whether a line of charon's log says why an IKE or CHILD_SA failed
 * (a notify error received or sent, a peer not answering, a key that
 * does not match, ...); if so, cause gets it, trimmed. */
bool charon_log_cause(const char *msg, char *cause, size_t len);

/* "branch-vpngw: tunnel hub/hub to 203.0.113.1 is missing: <cause>" */
void tunnel_describe(const struct tunnel *t, char *buf, size_t len);
/* status: a table (text) or an array of objects (JSON). */
void tunnels_render_text(FILE *out, const struct tunnel *t, size_t n,
			 long long now);
void tunnels_render_json(struct json *j, const struct tunnel *t, size_t n);

#endif
