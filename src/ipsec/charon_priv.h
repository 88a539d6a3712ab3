/* SPDX-License-Identifier: ISC */
/* What charon.c (starting, configuring, the loop's timers) and
 * charon_watch.c (list-sas, events, initiating the tunnels) share. */
#ifndef AZLAB_CHARON_PRIV_H
#define AZLAB_CHARON_PRIV_H

#include "charon.h"
#include "charon_tunnel.h"

struct charon_node {
	const struct lab_node *node;
	struct swan_conf *conf;
	struct svc *svc;
	pid_t loaded_pid;	/* the charon our configuration is in; 0 none */
	struct vici_conn *ev;	/* its event subscription */
	struct tunnel *tun;	/* its CHILD_SAs, in the set's array */
	size_t n_tun;
	bool dirty;		/* ask list-sas at the next tick */
	long long retry_ms;	/* next try to configure */
	long long refreshed_ms;
	long long loaded_ms;	/* when its configuration was loaded */
	char refused[400];	/* a configuration charon refused, or "" */
};

struct charon_set {
	struct charon_node *nodes;
	size_t n;
	struct tunnel *tunnels;	/* every node's, in node order */
	size_t n_tunnels;
	enum esp_mode mode;
	char mode_why[128];
};

/* charon_watch.c */
void node_refresh(struct charon_node *cn, long long now);
void node_events(struct charon_node *cn);
void node_drop(struct charon_node *cn);
/* Initiates n's tunnels that are due; false if none was. */
bool node_initiate_due(struct charon_node *cn, long long now);
/* A tunnel ours to start is not INSTALLED. */
bool node_missing(const struct charon_node *cn);

#endif
