/* SPDX-License-Identifier: ISC */
/* What a drill saw, as text for the engineer or as JSON (docs/cli.md):
 * the three paths in the article's notation, the ping's figures, the
 * outage of the failover and of the failback, the BGP events. Writes
 * only: unit-tested with a report made by hand. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "drill.h"
#include "core/json.h"

#define PATH_STR_MAX 1024

const char *drill_signal_name(int sig)
{
	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	}
	return "a signal";
}

static void text_phase(const char *name, const struct drill_path *p,
		       const struct expect_case *c, const char *since,
		       unsigned timeout_s, FILE *out)
{
	char seen[PATH_STR_MAX], want[PATH_STR_MAX];

	if (!p->traced) {
		fprintf(out, "  %-9s not traced\n", name);
		return;
	}
	trace_path_str(&p->seen, seen, sizeof(seen));
	fprintf(out, "  %-9s %s", name, seen);
	if (c == NULL) {
		fputc('\n', out);
	} else if (p->reached) {
		fprintf(out, "  (%s: %ld ms after the %s, %u trace%s)\n",
			c->id, p->ms, since, p->traces, p->traces == 1 ? "" :
			"s");
	} else {
		expect_case_str(c, want, sizeof(want));
		fprintf(out, "  (%s NOT reached in %u s: expected %s)\n",
			c->id, timeout_s, want);
	}
}

static void text_outage(const char *name, const struct drill_outage *o,
			FILE *out)
{
	fprintf(out, "  %-9s %.0f ms outage, %u lost%s\n", name, o->ms,
		o->lost, o->open ? " (no reply since: still out when the "
		"ping stopped)" : "");
}

void drill_print_text(const struct drill_report *r, FILE *out)
{
	const struct lab_drill *d = r->drill;
	char ev[256];

	char target[LAB_NAME_MAX + IF_NAMESIZE + 2];
	const struct lab_node *watch = lab_drill_watch(d);

	fprintf(out, "drill %s: %s -> %s (%s), %s %s\n", d->name,
		d->from->name, d->to, r->addr, d->shut ? "shut" : "fail",
		lab_drill_target(d, target, sizeof(target)));
	text_phase("before", &r->before, NULL, NULL, 0, out);
	text_phase("during", &r->during, r->during_case,
		   d->shut ? "shut" : "failure", d->timeout_s, out);
	text_phase("after", &r->after, r->after_case, "restore",
		   d->timeout_s, out);
	if (r->ping_ok) {
		fprintf(out, "  %-9s every %u ms: %u sent, %u received, %u "
			"lost\n", "ping", d->interval_ms, r->ping.transmitted,
			r->ping.received, r->ping.lost);
		text_outage("failover", &r->ping.failover, out);
		text_outage("failback", &r->ping.failback, out);
	} else {
		fprintf(out, "  %-9s no figures\n", "ping");
	}
	if (watch != NULL && !r->bgp_ok) {
		fprintf(out, "  bgp       %s's bgpd did not answer\n",
			watch->name);
	} else if (watch != NULL) {
		fprintf(out, "  bgp       %s: %zu event%s%s\n", watch->name,
			r->bgp.n, r->bgp.n == 1 ? "" : "s", r->bgp.n == 0 ? "" :
			d->shut ? " (since the shut)" : " (since the failure)");
		for (size_t i = 0; i < r->bgp.n; i++) {
			drill_bgp_event_str(&r->bgp.ev[i], ev, sizeof(ev));
			fprintf(out, "    %s\n", ev);
		}
	}
	fprintf(out, "drill %s: %s\n", d->name,
		drill_passed(r) ? "passed" : "FAILED");
}

static void json_phase(struct json *j, const char *key,
		       const struct drill_path *p, const struct expect_case *c)
{
	char buf[PATH_STR_MAX];

	json_key(j, key);
	json_obj_begin(j);
	if (c != NULL) {
		json_key(j, "case");
		json_str(j, c->id);
		json_key(j, "expected");
		expect_case_str(c, buf, sizeof(buf));
		json_str(j, buf);
	}
	json_key(j, "path");
	if (p->traced)
		trace_path_str(&p->seen, buf, sizeof(buf));
	json_str(j, p->traced ? buf : NULL);
	if (c != NULL) {
		json_key(j, "reached");
		json_bool(j, p->reached);
		json_key(j, "ms");
		if (p->reached)
			json_int(j, p->ms);
		else
			json_null(j);
		json_key(j, "traces");
		json_int(j, p->traces);
	}
	json_obj_end(j);
}

static void json_outage(struct json *j, const char *key,
			const struct drill_outage *o)
{
	json_key(j, key);
	json_obj_begin(j);
	json_key(j, "outageMs");
	json_double(j, o->ms);
	json_key(j, "lost");
	json_int(j, o->lost);
	json_key(j, "gaps");
	json_int(j, o->gaps);
	json_key(j, "open");
	json_bool(j, o->open);
	json_obj_end(j);
}

static void json_ping(struct json *j, const struct drill_report *r)
{
	json_key(j, "ping");
	if (!r->ping_ok) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_key(j, "transmitted");
	json_int(j, r->ping.transmitted);
	json_key(j, "received");
	json_int(j, r->ping.received);
	json_key(j, "lost");
	json_int(j, r->ping.lost);
	json_key(j, "duplicates");
	json_int(j, r->ping.duplicates);
	json_obj_end(j);
	json_outage(j, "failover", &r->ping.failover);
	json_outage(j, "failback", &r->ping.failback);
}

static void json_bgp(struct json *j, const struct drill_report *r)
{
	const struct lab_node *watch = lab_drill_watch(r->drill);

	json_key(j, "bgp");
	if (watch == NULL) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_key(j, "node");
	json_str(j, watch->name);
	json_key(j, "answered");
	json_bool(j, r->bgp_ok);
	json_key(j, "events");
	json_arr_begin(j);
	for (size_t i = 0; i < r->bgp.n; i++) {
		const struct drill_bgp_event *ev = &r->bgp.ev[i];

		json_obj_begin(j);
		json_key(j, "ms");
		json_int(j, ev->ms);
		json_key(j, "peer");
		json_str(j, ev->peer);
		json_key(j, "from");
		json_str(j, ev->from[0] != '\0' ? ev->from : NULL);
		json_key(j, "to");
		json_str(j, ev->to[0] != '\0' ? ev->to : NULL);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

void drill_write_json(const struct drill_report *r, FILE *out)
{
	const struct lab_drill *d = r->drill;
	char target[LAB_NAME_MAX + IF_NAMESIZE + 2];
	struct json j;

	lab_drill_target(d, target, sizeof(target));
	json_init(&j, out);
	json_obj_begin(&j);
	json_key(&j, "drill");
	json_str(&j, d->name);
	json_key(&j, "from");
	json_str(&j, d->from->name);
	json_key(&j, "to");
	json_str(&j, d->to);
	json_key(&j, "address");
	json_str(&j, r->addr);
	json_key(&j, "shut");
	json_str(&j, d->shut != NULL ? target : NULL);
	json_key(&j, "fail");
	json_str(&j, d->fail != NULL ? target : NULL);
	json_key(&j, "intervalMs");
	json_int(&j, d->interval_ms);
	json_key(&j, "timeoutS");
	json_int(&j, d->timeout_s);
	json_phase(&j, "before", &r->before, NULL);
	json_phase(&j, "during", &r->during, r->during_case);
	json_phase(&j, "after", &r->after, r->after_case);
	json_ping(&j, r);
	if (!r->ping_ok) {
		json_key(&j, "failover");
		json_null(&j);
		json_key(&j, "failback");
		json_null(&j);
	}
	json_bgp(&j, r);
	json_key(&j, "restored");
	json_bool(&j, r->restored);
	json_key(&j, "interrupted");
	json_str(&j, r->signal != 0 ? drill_signal_name(r->signal) : NULL);
	json_key(&j, "error");
	json_str(&j, r->error[0] != '\0' ? r->error : NULL);
	json_key(&j, "passed");
	json_bool(&j, drill_passed(r));
	json_obj_end(&j);
	json_end(&j);
}
