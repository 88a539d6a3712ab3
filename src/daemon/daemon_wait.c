/* SPDX-License-Identifier: ISC */
/* While `up` waits for routing, and after: is the lab converged? (the
 * daemon's part; frr_wait.c asks FRR, charon.c knows the tunnels) */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ipsec/charon.h"
#include "daemon_priv.h"
#include "frr/frr_wait.h"
#include "core/log.h"

/* The tunnels too: every CHILD_SA INSTALLED (BGP over them is FRR's
 * part). A tunnel down is the first cause of the BGP sessions over it
 * staying down: out of time, it is named first. */
enum wait_verdict ipsec_wait(const struct charon_set *cs, long long waited,
			     long long timeout, enum wait_verdict frr,
			     struct frr_progress *p)
{
	size_t up, total;
	char line[400], frr_line[sizeof(p->line)];
	enum wait_verdict ipsec = charon_judge(cs, &up, &total, line,
					       sizeof(line));
	size_t n = strlen(p->line);

	if (ipsec == WAIT_FAILED) {
		snprintf(p->line, sizeof(p->line), "%s", line);
		return WAIT_FAILED;
	}
	if (ipsec == WAIT_SETTLED) {
		if (frr == WAIT_SETTLED)
			snprintf(p->line + n, sizeof(p->line) - n, "%sIPsec: "
				 "%zu CHILD_SAs INSTALLED", n > 0 ? ", " : "",
				 total);
		return frr;
	}
	if (frr == WAIT_FAILED && waited < timeout)
		return WAIT_FAILED;	/* FRR is broken: its own cause */
	if (frr == WAIT_FAILED || waited >= timeout) {
		snprintf(frr_line, sizeof(frr_line), "%s", p->line);
		snprintf(p->line, sizeof(p->line), "%s, after %lld s%s%.200s",
			 line, waited / 1000,
			 frr == WAIT_FAILED ? "; also " : "",
			 frr == WAIT_FAILED ? frr_line : "");
		return WAIT_FAILED;
	}
	snprintf(p->line + n, sizeof(p->line) - n, "%sIPsec: %zu/%zu CHILD_SAs "
		 "INSTALLED", n > 0 ? ", " : "waiting for ", up, total);
	if (frr == WAIT_SETTLED)
		snprintf(p->first_stuck, sizeof(p->first_stuck), "%.150s", line);
	p->done += up;
	p->total += total;
	return WAIT_NOT_YET;
}

/* Whether nothing has changed (FRR's views and the tunnels' states) for
 * SETTLE_QUIET_MS, with nothing on its way up. */
static bool quiet(struct azlab *az, const struct frr_progress *p,
		  long long now)
{
	unsigned long long tun_fp;
	size_t connecting = charon_steady(az->charon, &tun_fp);
	unsigned long long fp = p->fingerprint ^ (tun_fp * 31);

	if (az->quiet_since_ms == 0 || fp != az->quiet_fp) {
		az->quiet_fp = fp;
		az->quiet_since_ms = now;
	}
	return p->n_transitional == 0 && connecting == 0 &&
	       now - az->quiet_since_ms >= SETTLE_QUIET_MS;
}

/* Has the lab settled? Asked every FRR_WAIT_POLL_MS by the CLI (the
 * "converged" request) before verify, matrix and drill; requests further
 * apart than SETTLE_SESSION_MS start anew. Converged: as `up` judges it
 * (every session Established, every adjacency Full, every CHILD_SA
 * INSTALLED, no route change for FRR_SETTLE_MS), or found as it was when
 * it last settled, with nothing stuck (nothing has changed since).
 * Steady: something is down, nothing is on its way up, and nothing has
 * changed for SETTLE_QUIET_MS (a link the user shut, a tunnel refused):
 * such a lab is judged as it is. */
enum converged daemon_converged(struct azlab *az, char *line, size_t len)
{
	long long now = sup_now_ms();
	struct frr_progress p;
	enum wait_verdict v;

	if (az->waiting) {
		snprintf(line, len, "up is still waiting for routing");
		return CONVERGED_NOT_YET;
	}
	if (az->settle_asked_ms == 0 ||
	    now - az->settle_asked_ms > SETTLE_SESSION_MS) {
		frr_wait_init(&az->settle, now, LLONG_MAX / 2);
		az->quiet_since_ms = 0;
	}
	az->settle_asked_ms = now;
	v = frr_wait_step(&az->settle, az->lab, az->sup, az->node_down, now,
			  &p);
	if (v == WAIT_NOT_YET && p.n_stuck == 0 &&
	    p.fingerprint == az->settled_fp)
		v = WAIT_SETTLED;
	/* a router that restarted lately may not show all it will have yet
	 * (a restarted ospfd, no interface); fewer sessions or adjacencies
	 * than at up: not all back yet (or a link is down: steady, at
	 * best) */
	if (v == WAIT_SETTLED &&
	    (p.n_transitional > 0 || p.total < az->up_total))
		v = WAIT_NOT_YET;
	if (az->charon != NULL)
		v = ipsec_wait(az->charon, 0, LLONG_MAX, v, &p);
	snprintf(line, len, "%s", p.line);
	if (v == WAIT_SETTLED) {
		az->settled_fp = p.fingerprint;
		return CONVERGED;
	}
	if (v == WAIT_FAILED)
		return CONVERGED_NEVER;
	if (!quiet(az, &p, now))
		return CONVERGED_NOT_YET;
	snprintf(line, len, "%s", p.first_stuck);
	return CONVERGED_STEADY;
}

/* The lab is up: tell the CLI, which returns. */
void report_up(struct azlab *az, const char *routing)
{
	struct lab *lab = az->lab;
	struct azerr e;

	az->waiting = false;
	az->st.phase = PHASE_UP;
	if (state_write(&az->st, &e) < 0)
		log_warnx("%s", e.msg);
	log_info("lab %s is up (%zu nodes, %zu links)%s%s", lab->name,
		 lab->n_nodes, lab->n_links, routing ? "; " : "",
		 routing ? routing : "");
	tell_up(az, PROGRESS_OK, "lab %s is up: %zu nodes, %zu links, "
		"%zu bridges%s%s", lab->name, lab->n_nodes, lab->n_links,
		lab->n_bridges, routing ? "; " : "", routing ? routing : "");
	if (az->progress_fd >= 0)
		close(az->progress_fd);
	az->progress_fd = -1;
	az->follower = FOLLOWER_NONE;
}

/* One look at the routers while `up` waits for BGP and OSPF. */
void wait_step(struct azlab *az, long long now)
{
	struct frr_progress p;
	enum wait_verdict v;
	long long took;

	v = frr_wait_step(&az->wait, az->lab, az->sup, az->node_down, now,
			  &p);
	/* a look that took long (hundreds of routers asked, the daemons
	 * busy converging) is followed by a pause as long, up to a second:
	 * the wait leaves FRR time to converge in */
	took = sup_now_ms() - now;
	az->next_look_ms = now + took + (took < FRR_WAIT_POLL_MS / 2 ?
		FRR_WAIT_POLL_MS - took : took < 1000 ? took : 1000);
	if (az->charon != NULL)
		v = ipsec_wait(az->charon, now - az->wait.start_ms,
			       az->wait_timeout_ms, v, &p);
	if (v == WAIT_SETTLED) {
		az->settled_fp = p.fingerprint;
		az->up_total = p.total;
		report_up(az, p.line);
	} else if (v == WAIT_FAILED) {
		log_warnx("%s", p.line);
		snprintf(az->fail, sizeof(az->fail), "%s", p.line);
		az->stop = true;
	} else {
		log_debug("%s (%s; the look took %lld ms)", p.line,
			  p.first_stuck, took);
		tell_step(az, p.done, p.total, p.line);
		if (az->follower == FOLLOWER_GONE) {
			snprintf(az->fail, sizeof(az->fail), "interrupted "
				 "while waiting for routing");
			log_warnx("up was %s", az->fail);
			az->stop = true;
		}
	}
}

