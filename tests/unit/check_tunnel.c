/* SPDX-License-Identifier: ISC */
/* The daemon's watch over the lab's tunnels, without a charon: which
 * CHILD_SAs the reference lab expects and who starts each, the restart
 * policy (at once on a fresh charon, a grace for charon's own DPD
 * restart, then backoff doubling to a bound, reset once installed),
 * which of charon's log lines name a cause, and what status shows. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec/charon.h"
#include "ipsec/charon_tunnel.h"
#include "model/lab.h"
#include "unit.h"

START_TEST(test_reference_tunnels)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load(LAB_DIR "/azure-interop.yaml", &d);
	static const struct {
		const char *node, *ike, *child, *peer;
		bool initiator;
	} want[] = {
		{ "hub-vpngw", "branch", "branch", "198.51.100.1", false },
		{ "hub-vpngw", "loc1", "loc1", "192.0.2.1", false },
		{ "branch-vpngw", "hub", "hub", "203.0.113.1", true },
		{ "loc1-ce", "hub", "hub", "203.0.113.1", true },
	};
	struct charon_set *cs;
	const struct tunnel *t;
	struct azerr e;
	size_t n;

	ck_assert(lab != NULL);
	cs = charon_new(lab, &e);
	ck_assert_msg(cs != NULL, "%s", e.msg);
	t = charon_tunnels(cs, &n);
	ck_assert_uint_eq(n, 4);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(t[i].node, want[i].node);
		ck_assert_str_eq(t[i].ike, want[i].ike);
		ck_assert_str_eq(t[i].child, want[i].child);
		ck_assert_str_eq(t[i].peer, want[i].peer);
		ck_assert(t[i].initiator == want[i].initiator);
		ck_assert_int_eq(t[i].state, TUNNEL_MISSING);
	}
	charon_free(cs);
	lab_free(lab);
}
END_TEST

static struct tunnel initiator(void)
{
	return (struct tunnel){ .node = "branch-vpngw", .ike = "hub",
				.child = "hub", .peer = "203.0.113.1",
				.initiator = true };
}

START_TEST(test_backoff_doubles_to_bound)
{
	struct tunnel t = initiator();
	long long now = 1000;
	static const long long waits[] = { 1000, 2000, 4000, 8000, 8000 };

	ck_assert(tunnel_due(&t, now));	/* a fresh charon: at once */
	for (size_t i = 0; i < sizeof(waits) / sizeof(waits[0]); i++) {
		tunnel_initiated(&t, now);
		ck_assert_uint_eq(t.initiations, i + 1);
		/* no second try while the view is the one it was sent on */
		ck_assert(!tunnel_due(&t, now + 100000));
		tunnel_seen(&t, TUNNEL_MISSING, now + 10);
		ck_assert(!tunnel_due(&t, now + waits[i] - 1));
		ck_assert(tunnel_due(&t, now + waits[i]));
		now += waits[i];
	}
}
END_TEST

START_TEST(test_installed_resets_and_grace)
{
	struct tunnel t = initiator();

	tunnel_initiated(&t, 0);
	tunnel_seen(&t, TUNNEL_MISSING, 10);
	snprintf(t.cause, sizeof(t.cause), "received NO_PROPOSAL_CHOSEN "
		 "notify error");
	tunnel_initiated(&t, 1000);
	tunnel_seen(&t, TUNNEL_CONNECTING, 1010);
	ck_assert(!tunnel_due(&t, 99999));	/* being set up: wait */
	tunnel_seen(&t, TUNNEL_INSTALLED, 1020);
	ck_assert_str_eq(t.cause, "");
	ck_assert_int_eq(t.backoff_ms, 0);
	ck_assert(!tunnel_due(&t, 99999));
	/* torn down: charon's own restart (DPD) gets the grace first */
	tunnel_seen(&t, TUNNEL_MISSING, 5000);
	ck_assert(!tunnel_due(&t, 5000 + TUNNEL_GRACE_MS - 1));
	ck_assert(tunnel_due(&t, 5000 + TUNNEL_GRACE_MS));
	tunnel_initiated(&t, 6000);
	tunnel_seen(&t, TUNNEL_MISSING, 6010);
	ck_assert(tunnel_due(&t, 6000 + TUNNEL_RETRY_MIN_MS));
	/* a restarted charon starts over, at once */
	tunnel_reset(&t);
	ck_assert(tunnel_due(&t, 0));
}
END_TEST

START_TEST(test_responder_never_due)
{
	struct tunnel t = initiator();

	t.initiator = false;
	ck_assert(!tunnel_due(&t, 0));
	tunnel_seen(&t, TUNNEL_INSTALLED, 0);
	tunnel_seen(&t, TUNNEL_MISSING, 10);
	ck_assert(!tunnel_due(&t, 100000));
}
END_TEST

START_TEST(test_log_causes)
{
	static const struct {
		const char *msg;
		bool cause;
	} lines[] = {
		{ "received NO_PROPOSAL_CHOSEN notify error", true },
		{ "no IKE config found for 203.0.113.1...198.51.100.1, "
		  "sending NO_PROPOSAL_CHOSEN", true },
		{ "received AUTHENTICATION_FAILED notify error", true },
		{ "tried 1 shared key for '198.51.100.1' - '203.0.113.1', "
		  "but MAC mismatched", true },
		{ "giving up after 5 retransmits", true },
		{ "establishing IKE_SA failed, peer not responding", true },
		{ "received TS_UNACCEPTABLE notify, no CHILD_SA built", true },
		{ "sending packet: from 198.51.100.1[4500] to "
		  "203.0.113.1[4500] (80 bytes)", false },
		{ "IKE_SA hub[1] established between 198.51.100.1[198.51.100.1]"
		  "...203.0.113.1[203.0.113.1]", false },
		{ "CHILD_SA hub{1} established with SPIs c1 i 0a o", false },
	};
	char cause[64];

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		ck_assert_msg(charon_log_cause(lines[i].msg, cause,
					       sizeof(cause)) ==
			      lines[i].cause, "%s", lines[i].msg);
	ck_assert(!charon_log_cause(NULL, cause, sizeof(cause)));
	/* one line, trimmed to the room there is */
	ck_assert(charon_log_cause("giving up after 5 retransmits\nmore",
				   cause, sizeof(cause)));
	ck_assert_str_eq(cause, "giving up after 5 retransmits");
}
END_TEST

START_TEST(test_describe_and_render)
{
	struct tunnel t[2] = { initiator(), initiator() };
	char line[256], *buf = NULL;
	size_t len = 0;
	FILE *out;

	t[1].node = "hub-vpngw";
	t[1].ike = t[1].child = "branch";
	t[1].peer = "198.51.100.1";
	t[1].initiator = false;
	tunnel_seen(&t[1], TUNNEL_INSTALLED, 0);
	tunnel_initiated(&t[0], 0);
	tunnel_initiated(&t[0], 1000);
	tunnel_seen(&t[0], TUNNEL_MISSING, 1100);
	snprintf(t[0].cause, sizeof(t[0].cause), "received "
		 "NO_PROPOSAL_CHOSEN notify error");
	tunnel_describe(&t[0], line, sizeof(line));
	ck_assert_str_eq(line, "branch-vpngw: tunnel hub/hub to 203.0.113.1 "
			 "is missing: received NO_PROPOSAL_CHOSEN notify "
			 "error");
	tunnel_describe(&t[1], line, sizeof(line));
	ck_assert_str_eq(line, "hub-vpngw: tunnel branch/branch from "
			 "198.51.100.1 is INSTALLED");
	out = open_memstream(&buf, &len);
	tunnels_render_text(out, t, 2, 1500);
	fclose(out);
	ck_assert_str_eq(buf,
		"TUNNEL         IKE/CHILD       PEER             STATE      "
		"INITIATED\n"
		"branch-vpngw   hub/hub         203.0.113.1      missing    "
		"2 times, next in 1500 ms; last error: received "
		"NO_PROPOSAL_CHOSEN notify error\n"
		"hub-vpngw      branch/branch   198.51.100.1     INSTALLED  "
		"(by the peer)\n");
	free(buf);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tunnel");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_reference_tunnels);
	tcase_add_test(tc, test_backoff_doubles_to_bound);
	tcase_add_test(tc, test_installed_resets_and_grace);
	tcase_add_test(tc, test_responder_never_due);
	tcase_add_test(tc, test_log_causes);
	tcase_add_test(tc, test_describe_and_render);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
