/* SPDX-License-Identifier: ISC */
/* The expected tunnels' state and restart policy (charon_tunnel.h). */
#include <string.h>

#include "charon_tunnel.h"

const char *tunnel_state_name(enum tunnel_state s)
{
	switch (s) {
	case TUNNEL_INSTALLED:
		return "INSTALLED";
	case TUNNEL_CONNECTING:
		return "CONNECTING";
	default:
		return "missing";
	}
}

void tunnel_seen(struct tunnel *t, enum tunnel_state s, long long now)
{
	if (s == TUNNEL_INSTALLED) {
		t->ever_installed = true;
		t->backoff_ms = 0;
		t->next_try_ms = 0;
		t->cause[0] = '\0';
	} else if (t->state == TUNNEL_INSTALLED) {
		t->next_try_ms = now + TUNNEL_GRACE_MS;
	}
	t->state = s;
}

bool tunnel_due(const struct tunnel *t, long long now)
{
	return t->initiator && t->state == TUNNEL_MISSING &&
	       now >= t->next_try_ms;
}

void tunnel_initiated(struct tunnel *t, long long now)
{
	if (t->backoff_ms < TUNNEL_RETRY_MIN_MS)
		t->backoff_ms = TUNNEL_RETRY_MIN_MS;
	t->initiations++;
	t->next_try_ms = now + t->backoff_ms;
	t->backoff_ms *= 2;
	if (t->backoff_ms > TUNNEL_RETRY_MAX_MS)
		t->backoff_ms = TUNNEL_RETRY_MAX_MS;
	/* until list-sas says otherwise: no second try on the same view */
	t->state = TUNNEL_CONNECTING;
}

void tunnel_reset(struct tunnel *t)
{
	t->state = TUNNEL_MISSING;
	t->next_try_ms = 0;
	t->backoff_ms = 0;
}

/* Words charon uses, at its control log level, when an IKE_SA or a
 * CHILD_SA fails; each alone says nothing good happened. */
static const char *const cause_words[] = {
	"notify error", "NO_PROPOSAL_CHOSEN", "AUTHENTICATION_FAILED",
	"TS_UNACCEPTABLE", "giving up", "not responding", "mismatch",
	"no IKE config", "no matching", "unacceptable", "failed",
};

bool charon_log_cause(const char *msg, char *cause, size_t len)
{
	size_t n;

	if (msg == NULL)
		return false;
	for (size_t i = 0; i < sizeof(cause_words) / sizeof(cause_words[0]);
	     i++) {
		if (strstr(msg, cause_words[i]) == NULL)
			continue;
		n = strcspn(msg, "\n");
		snprintf(cause, len, "%.*s", (int)n, msg);
		return true;
	}
	return false;
}

void tunnel_describe(const struct tunnel *t, char *buf, size_t len)
{
	snprintf(buf, len, "%s: tunnel %s/%s %s %s is %s%s%s", t->node,
		 t->ike, t->child, t->initiator ? "to" : "from",
		 t->peer ? t->peer : "?", tunnel_state_name(t->state),
		 t->cause[0] != '\0' ? ": " : "", t->cause);
}

void tunnels_render_text(FILE *out, const struct tunnel *t, size_t n,
			 long long now)
{
	if (n > 0)
		fprintf(out, "%-14s %-15s %-16s %-10s %s\n", "TUNNEL",
			"IKE/CHILD", "PEER", "STATE", "INITIATED");
	for (size_t i = 0; i < n; i++) {
		char names[64];

		snprintf(names, sizeof(names), "%s/%s", t[i].ike, t[i].child);
		fprintf(out, "%-14s %-15s %-16s %-10s ", t[i].node, names,
			t[i].peer ? t[i].peer : "-",
			tunnel_state_name(t[i].state));
		if (!t[i].initiator)
			fprintf(out, "(by the peer)");
		else
			fprintf(out, "%u time%s", t[i].initiations,
				t[i].initiations == 1 ? "" : "s");
		if (t[i].initiator && t[i].state == TUNNEL_MISSING &&
		    t[i].next_try_ms > now)
			fprintf(out, ", next in %lld ms",
				t[i].next_try_ms - now);
		if (t[i].cause[0] != '\0')
			fprintf(out, "; last error: %s", t[i].cause);
		fputc('\n', out);
	}
}

void tunnels_render_json(struct json *j, const struct tunnel *t, size_t n)
{
	json_arr_begin(j);
	for (size_t i = 0; i < n; i++) {
		json_obj_begin(j);
		json_key(j, "node");
		json_str(j, t[i].node);
		json_key(j, "ike");
		json_str(j, t[i].ike);
		json_key(j, "child");
		json_str(j, t[i].child);
		json_key(j, "peer");
		json_str(j, t[i].peer);
		json_key(j, "initiator");
		json_bool(j, t[i].initiator);
		json_key(j, "state");
		json_str(j, tunnel_state_name(t[i].state));
		json_key(j, "initiations");
		json_int(j, t[i].initiations);
		json_key(j, "lastError");
		json_str(j, t[i].cause[0] != '\0' ? t[i].cause : NULL);
		json_obj_end(j);
	}
	json_arr_end(j);
}
