/* SPDX-License-Identifier: ISC */
/* Running the expectation cases as real probes: every case without a
 * shut interface at once (one thread each, each forking its own
 * traceroute or ping), then each shut case alone, because it changes
 * the lab for everyone. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/interrupt.h"
#include "kernel/nl.h"
#include "proc/supervise.h"
#include "core/parallel.h"
#include "verify.h"

/* How long a shut case may take to show its path (BGP notices a lost
 * directly connected link at once; the SDN controller follows), and
 * how long the lab may take to come back once the link is restored
 * (a BGP session re-established, routes re-learned). */
#define SHUT_WAIT_S	20.0
#define BACK_WAIT_S	40.0
#define POLL_US		200000


static void set_error(struct verify_result *r, const char *msg)
{
	r->verdict = VERDICT_ERROR;
	snprintf(r->detail, sizeof(r->detail), "%s", msg);
}

static void judge_ping(struct verify_result *r)
{
	if (r->ping.received == 0) {
		r->verdict = VERDICT_MATCH;
		r->detail[0] = '\0';
		return;
	}
	r->verdict = VERDICT_MISMATCH;
	snprintf(r->detail, sizeof(r->detail), "expected no answer, %u of "
		 "%u pings answered", r->ping.received, r->ping.transmitted);
}

static void judge_trace(struct verify_result *r)
{
	r->path = expect_trace_match(r->c, &r->trace);
	if (r->path >= 0) {
		r->verdict = VERDICT_MATCH;
		r->detail[0] = '\0';
		return;
	}
	r->verdict = VERDICT_MISMATCH;
	expect_diff(r->c, &r->trace, r->detail, sizeof(r->detail));
}

static void probe_case(struct verify_result *r)
{
	struct azerr e;

	r->path = -1;
	if (r->c->unreachable) {
		if (probe_ping(r->c->from, r->addr, 2, &r->ping, &e) < 0)
			set_error(r, e.msg);
		else
			judge_ping(r);
		return;
	}
	if (probe_trace(r->c->from, r->addr, &r->trace, &e) < 0)
		set_error(r, e.msg);
	else
		judge_trace(r);
}

/* One more real probe after a mismatch: a verdict should describe the
 * lab, not one lost UDP probe. */
static void case_job(void *arg)
{
	struct verify_result *r = arg;
	double t0 = sup_now_ms() / 1000.0;

	probe_case(r);
	if (r->verdict == VERDICT_MISMATCH && !interrupt_signal())
		probe_case(r);
	r->seconds = sup_now_ms() / 1000.0 - t0;
}

static void run_parallel(struct verify_result **rs, size_t n)
{
	parallel_each((void **)rs, n, case_job);
}

/* The case's interface down or up, over netlink in its node's namespace. */
static int set_link(const struct expect_case *c, bool up, struct azerr *e)
{
	return nl_node_link_set_up(c->shut_iface->node->name,
				   c->shut_iface->name, up, e);
}

/* The matched cases from the same source as r, probed again until they
 * all match: the lab is back where it was before r shut its link. */
static bool lab_came_back(struct verify_run *run,
			  const struct verify_result *r, char *why,
			  size_t len)
{
	struct verify_result *again = calloc(run->n, sizeof(*again));
	struct verify_result **rs = calloc(run->n, sizeof(*rs));
	double deadline = sup_now_ms() / 1000.0 + BACK_WAIT_S;
	size_t n = 0, bad = 0;

	if (again == NULL || rs == NULL) {
		snprintf(why, len, "out of memory");
		free(again);
		free(rs);
		return false;
	}
	for (size_t i = 0; i < run->n; i++) {
		const struct verify_result *o = &run->results[i];

		if (o->c->shut == NULL && o->verdict == VERDICT_MATCH &&
		    strcmp(o->c->from, r->c->from) == 0) {
			again[n] = *o;
			rs[n] = &again[n];
			n++;
		}
	}
	do {
		run_parallel(rs, n);
		bad = 0;
		for (size_t i = 0; i < n; i++)
			if (again[i].verdict != VERDICT_MATCH) {
				if (bad++ == 0)
					snprintf(why, len, "after restoring %s, "
						 "%s is not back on its path "
						 "(%s)", r->c->shut,
						 again[i].c->id,
						 again[i].detail);
			}
	} while (bad > 0 && !interrupt_signal() &&
		 sup_now_ms() / 1000.0 < deadline && usleep(POLL_US) == 0);
	free(again);
	free(rs);
	return bad == 0;
}

/* Shut, probe until the path shows (or time runs out), restore, and
 * wait for the lab to return; the link is restored whatever happens. */
static void run_shut_case(struct verify_run *run, struct verify_result *r)
{
	double t0 = sup_now_ms() / 1000.0, deadline = t0 + SHUT_WAIT_S;
	char why[sizeof(r->detail)];
	struct azerr e;

	if (set_link(r->c, false, &e) < 0) {
		snprintf(why, sizeof(why), "cannot shut %s: %s", r->c->shut,
			 e.msg);
		set_error(r, why);
		return;
	}
	do
		probe_case(r);
	while (r->verdict != VERDICT_MATCH && !interrupt_signal() &&
	       sup_now_ms() / 1000.0 < deadline && usleep(POLL_US) == 0);
	if (set_link(r->c, true, &e) < 0) {
		snprintf(why, sizeof(why), "cannot restore %s: %s",
			 r->c->shut, e.msg);
		set_error(r, why);
	} else if (!lab_came_back(run, r, why, sizeof(why))) {
		set_error(r, why);
	}
	if (interrupt_signal() && r->verdict != VERDICT_MATCH)
		set_error(r, "interrupted");
	r->seconds = sup_now_ms() / 1000.0 - t0;
}

static bool wanted(const struct expect_case *c, char *const only[],
		   size_t n_only)
{
	if (n_only == 0)
		return true;
	for (size_t i = 0; i < n_only; i++)
		if (strcmp(only[i], c->id) == 0)
			return true;
	return false;
}

/* Its probes start in from's namespace and it shuts shut: both must be
 * this instance's. */
static bool case_here(const struct lab *lab, const struct expect_case *c)
{
	const struct lab_node *from = lab_find_node(lab, c->from);

	return (from == NULL || lab_node_here(lab, from)) &&
	       (c->shut_iface == NULL ||
		lab_node_here(lab, c->shut_iface->node));
}

static int select_cases(const struct lab *lab, const struct expect_set *set,
			char *const only[], size_t n_only,
			struct verify_run *run, struct azerr *e)
{
	struct azerr re;

	for (size_t i = 0; i < n_only; i++)
		if (expect_find(set, only[i]) == NULL)
			return azerr_set(e, "no case '%s' in %s", only[i],
					 set->file);
	run->results = calloc(set->n_cases, sizeof(*run->results));
	if (run->results == NULL)
		return azerr_set(e, "out of memory");
	for (size_t i = 0; i < set->n_cases; i++) {
		struct verify_result *r = &run->results[run->n];

		if (!wanted(&set->cases[i], only, n_only))
			continue;
		if (!case_here(lab, &set->cases[i])) {
			/* named, it must run: exit 0 would say it matched */
			if (n_only > 0) {
				verify_run_free(run);
				return azerr_set(e, "case '%s' starts on "
						 "another host than %s: run "
						 "it there", set->cases[i].id,
						 lab->here->name);
			}
			run->elsewhere++;
			continue;
		}
		r->c = &set->cases[i];
		r->path = -1;
		set_error(r, "not run");
		if (probe_resolve(lab, r->c->to, AF_UNSPEC, r->addr, &re) < 0)
			set_error(r, re.msg);
		run->n++;
	}
	return 0;
}

int verify_run(const struct lab *lab, const struct expect_set *set,
	       char *const only[], size_t n_only, struct verify_run *run,
	       struct azerr *e)
{
	double t0 = sup_now_ms() / 1000.0;
	struct verify_result **rs;
	size_t n = 0;

	memset(run, 0, sizeof(*run));
	run->lab = lab->name;
	if (select_cases(lab, set, only, n_only, run, e) < 0)
		return -1;
	if ((rs = calloc(run->n + 1, sizeof(*rs))) == NULL)
		return azerr_set(e, "out of memory");
	for (size_t i = 0; i < run->n; i++)
		if (run->results[i].c->shut == NULL &&
		    run->results[i].addr[0] != '\0')
			rs[n++] = &run->results[i];
	run_parallel(rs, n);
	free(rs);
	for (size_t i = 0; i < run->n; i++) {
		struct verify_result *r = &run->results[i];

		if (r->c->shut == NULL || r->addr[0] == '\0')
			continue;
		if (interrupt_signal())
			set_error(r, "interrupted");
		else
			run_shut_case(run, r);
	}
	run->seconds = sup_now_ms() / 1000.0 - t0;
	return 0;
}

void verify_run_free(struct verify_run *run)
{
	free(run->results);
	run->results = NULL;
	run->n = 0;
}

size_t verify_count(const struct verify_run *run, enum verify_verdict v)
{
	size_t n = 0;

	for (size_t i = 0; i < run->n; i++)
		n += run->results[i].verdict == v;
	return n;
}
