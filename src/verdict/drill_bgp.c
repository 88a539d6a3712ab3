/* SPDX-License-Identifier: ISC */
/* The BGP events of a drill: successive `show bgp summary json` answers
 * of one router compared session by session, each change kept with its
 * time since the shut. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drill.h"
#include "core/grow.h"

static const struct bgp_peer *peer_find(const struct bgp_summary *s,
					const char *addr)
{
	for (size_t i = 0; i < s->n_peers; i++)
		if (strcmp(s->peers[i].addr, addr) == 0)
			return &s->peers[i];
	return NULL;
}

static int event_add(struct drill_bgp_log *log, long ms, const char *peer,
		     const char *from, const char *to)
{
	struct drill_bgp_event *ev = grow_add(&log->ev, &log->n, sizeof(*ev));

	if (ev == NULL)
		return -1;
	ev->ms = ms;
	snprintf(ev->peer, sizeof(ev->peer), "%s", peer);
	snprintf(ev->from, sizeof(ev->from), "%s", from);
	snprintf(ev->to, sizeof(ev->to), "%s", to);
	return 0;
}

int drill_bgp_diff(const struct bgp_summary *prev,
		   const struct bgp_summary *cur, long ms,
		   struct drill_bgp_log *log)
{
	size_t before = log->n;

	for (size_t i = 0; i < cur->n_peers; i++) {
		const struct bgp_peer *p = &cur->peers[i];
		const struct bgp_peer *was = peer_find(prev, p->addr);

		if (was != NULL && strcmp(was->state, p->state) == 0)
			continue;
		if (event_add(log, ms, p->addr, was ? was->state : "",
			      p->state) < 0)
			return -1;
	}
	for (size_t i = 0; i < prev->n_peers; i++) {
		const struct bgp_peer *p = &prev->peers[i];

		if (peer_find(cur, p->addr) == NULL &&
		    event_add(log, ms, p->addr, p->state, "") < 0)
			return -1;
	}
	return (int)(log->n - before);
}

void drill_bgp_log_free(struct drill_bgp_log *log)
{
	free(log->ev);
	log->ev = NULL;
	log->n = 0;
}

void drill_bgp_event_str(const struct drill_bgp_event *ev, char *buf,
			 size_t len)
{
	snprintf(buf, len, "%+ld ms %s %s%s-> %s", ev->ms, ev->peer,
		 ev->from, ev->from[0] != '\0' ? " " : "",
		 ev->to[0] != '\0' ? ev->to : "(gone)");
}
