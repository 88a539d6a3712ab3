/* SPDX-License-Identifier: ISC */
/* The drill's pure parts: the outage read from `ping -D` (a real capture
 * from the reference lab, loc1-vm -> hub-vm with loc1-ce:msee1 shut and
 * restored, and small hand-made cases for what the capture does not
 * show), and the BGP events between two summaries. */
#include <check.h>
#include <stdlib.h>

#include "verdict/drill.h"
#include "unit.h"

/* when the capture's shut and restore happened (`date +%s.%N`) */
#define CAP_SHUT	1795658853.629051560
#define CAP_RESTORE	1795658855.745078892
#define CAP_STOP	1795658871.43

START_TEST(test_capture)
{
	char *text = test_data("probe", "ping-drill.txt");
	struct drill_ping p;

	ck_assert_int_eq(drill_ping_analyze(text, CAP_SHUT, CAP_RESTORE,
					    CAP_STOP, 10, &p), 0);
	ck_assert_uint_eq(p.transmitted, 1109);
	ck_assert_uint_eq(p.received, 1102);
	ck_assert_uint_eq(p.lost, 7);
	ck_assert_uint_eq(p.duplicates, 0);
	/* seq 30 at .617156, 12 ms before the shut; then seq 38 at
	 * .765668, over the VPN (ttl 61): 148.512 ms less one interval */
	ck_assert_uint_eq(p.failover.gaps, 1);
	ck_assert_uint_eq(p.failover.lost, 7);
	ck_assert_double_eq_tol(p.failover.ms, 138.512, 0.001);
	ck_assert(!p.failover.open);
	/* ExpressRoute came back without a loss */
	ck_assert_uint_eq(p.failback.gaps, 0);
	ck_assert_uint_eq(p.failback.lost, 0);
	ck_assert_double_eq(p.failback.ms, 0);
	free(text);
}
END_TEST

/* A gap before the shut is loss, not outage; the one spanning the
 * restore is the failback's although it starts before it; error lines
 * and duplicates are not replies. */
static const char phases[] =
	"PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n"
	"[100.000000] 64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.1 ms\n"
	"[100.030000] 64 bytes from 10.0.0.2: icmp_seq=4 ttl=64 time=0.1 ms\n"
	"[100.040000] 64 bytes from 10.0.0.2: icmp_seq=5 ttl=64 time=0.1 ms\n"
	"[100.045000] From 10.0.0.1 icmp_seq=6 Destination Net Unreachable\n"
	"[100.100000] 64 bytes from 10.0.0.2: icmp_seq=11 ttl=64 time=0.1 ms\n"
	"[100.100100] 64 bytes from 10.0.0.2: icmp_seq=11 ttl=64 time=0.1 ms "
	"(DUP!)\n"
	"[100.200000] 64 bytes from 10.0.0.2: icmp_seq=21 ttl=64 time=0.1 ms\n"
	"[100.505000] 64 bytes from 10.0.0.2: icmp_seq=50 ttl=64 time=0.1 ms\n"
	"[100.525000] 64 bytes from 10.0.0.2: icmp_seq=53 ttl=64 time=0.1 ms\n"
	"[100.535000] 64 bytes from 10.0.0.2: icmp_seq=54 ttl=64 time=0.1 ms\n"
	"\n"
	"--- 10.0.0.2 ping statistics ---\n"
	"54 packets transmitted, 8 received, +1 duplicates, 85.1852% packet "
	"loss, time 540ms\n";

START_TEST(test_phases)
{
	struct drill_ping p;

	/* shut at 100.05, restore at 100.5 */
	ck_assert_int_eq(drill_ping_analyze(phases, 100.05, 100.5, 100.6, 10,
					    &p), 0);
	ck_assert_uint_eq(p.transmitted, 54);
	ck_assert_uint_eq(p.received, 8);
	ck_assert_uint_eq(p.lost, 46);
	ck_assert_uint_eq(p.duplicates, 1);
	/* 5 -> 11 spans the shut (50 ms), 11 -> 21 follows it (90 ms); 21
	 * -> 50 spans the restore (295 ms), 50 -> 53 follows it (10 ms);
	 * 1 -> 4 is before the shut */
	ck_assert_uint_eq(p.failover.gaps, 2);
	ck_assert_uint_eq(p.failover.lost, 5 + 9);
	ck_assert_double_eq_tol(p.failover.ms, 50 + 90, 0.001);
	ck_assert_uint_eq(p.failback.gaps, 2);
	ck_assert_uint_eq(p.failback.lost, 28 + 2);
	ck_assert_double_eq_tol(p.failback.ms, 295 + 10, 0.001);
	ck_assert(!p.failover.open && !p.failback.open);
}
END_TEST

/* Without statistics (ping killed), the highest seq is what was sent. */
START_TEST(test_gap_spanning_restore)
{
	static const char text[] =
		"[10.00] 64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=1 ms\n"
		"[10.10] 64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=1 ms\n"
		"[10.31] 64 bytes from 10.0.0.2: icmp_seq=5 ttl=64 time=1 ms\n"
		"[10.32] 64 bytes from 10.0.0.2: icmp_seq=6 ttl=64 time=1 ms\n";
	struct drill_ping p;

	ck_assert_int_eq(drill_ping_analyze(text, 10.05, 10.2, 10.4, 100,
					    &p), 0);
	ck_assert_uint_eq(p.failover.gaps, 0);
	ck_assert_uint_eq(p.failback.gaps, 1);
	ck_assert_uint_eq(p.failback.lost, 2);
	ck_assert_double_eq_tol(p.failback.ms, 110, 0.001);
	ck_assert_uint_eq(p.transmitted, 6);
	ck_assert_uint_eq(p.lost, 2);
}
END_TEST

/* The path never came back: an open gap up to the stop. */
/* A gap over both the shut and the restore: the failover never ended. */
START_TEST(test_gap_over_both)
{
	static const char text[] =
		"[10.00] 64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=1 ms\n"
		"[10.50] 64 bytes from 10.0.0.2: icmp_seq=6 ttl=64 time=1 ms\n";
	struct drill_ping p;

	ck_assert_int_eq(drill_ping_analyze(text, 10.1, 10.2, 10.6, 100,
					    &p), 0);
	ck_assert_uint_eq(p.failback.gaps, 0);
	ck_assert_uint_eq(p.failover.gaps, 1);
	ck_assert_uint_eq(p.failover.lost, 4);
	ck_assert_double_eq_tol(p.failover.ms, 400, 0.001);
}
END_TEST

START_TEST(test_open_gap)
{
	static const char text[] =
		"[10.00] 64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=1 ms\n"
		"[10.01] 64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=1 ms\n"
		"--- 10.0.0.2 ping statistics ---\n"
		"100 packets transmitted, 2 received, 98% packet loss\n";
	static const char in_flight[] =
		"[10.00] 64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=1 ms\n"
		"2 packets transmitted, 1 received, 50% packet loss\n";
	struct drill_ping p;

	ck_assert_int_eq(drill_ping_analyze(text, 10.5, 11.0, 12.0, 10, &p),
			 0);
	ck_assert_uint_eq(p.lost, 98);
	ck_assert_uint_eq(p.failback.gaps, 0);
	ck_assert_uint_eq(p.failover.gaps, 1);
	ck_assert_uint_eq(p.failover.lost, 98);
	ck_assert(p.failover.open);
	ck_assert_double_eq_tol(p.failover.ms, 1980, 0.001);
	/* one request unanswered at the stop: on its way, not an outage */
	ck_assert_int_eq(drill_ping_analyze(in_flight, 9, 9.5, 10.01, 10,
					    &p), 0);
	ck_assert_uint_eq(p.lost, 1);
	ck_assert_uint_eq(p.failback.gaps + p.failover.gaps, 0);
}
END_TEST

START_TEST(test_nothing)
{
	struct drill_ping p;
	char *text = test_data("probe", "ping-noroute.txt");

	ck_assert_int_eq(drill_ping_analyze("", 1, 2, 3, 10, &p), -1);
	ck_assert_int_eq(drill_ping_analyze(text, 1, 2, 3, 10, &p), -1);
	free(text);
	/* statistics, no reply: everything lost, no outage to time */
	ck_assert_int_eq(drill_ping_analyze("5 packets transmitted, 0 "
					    "received, 100% packet loss\n",
					    1, 2, 3, 10, &p), 0);
	ck_assert_uint_eq(p.transmitted, 5);
	ck_assert_uint_eq(p.received, 0);
	ck_assert_uint_eq(p.lost, 5);
	ck_assert_uint_eq(p.failover.gaps + p.failback.gaps, 0);
}
END_TEST

static void peer_set(struct bgp_peer *p, const char *addr, const char *state)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->addr, sizeof(p->addr), "%s", addr);
	snprintf(p->state, sizeof(p->state), "%s", state);
}

START_TEST(test_bgp_diff)
{
	struct bgp_peer a[3], b[3];
	struct bgp_summary before = { .peers = a, .n_peers = 3 };
	struct bgp_summary after = { .peers = b, .n_peers = 3 };
	struct drill_bgp_log log = { 0 };
	char s[160];

	peer_set(&a[0], "192.168.30.18", "Established");
	peer_set(&a[1], "192.168.30.1", "Established");
	peer_set(&a[2], "10.255.0.2", "Established");
	peer_set(&b[0], "192.168.30.18", "Active");
	peer_set(&b[1], "192.168.30.1", "Established");
	peer_set(&b[2], "10.255.0.9", "Connect");
	ck_assert_int_eq(drill_bgp_diff(&before, &before, 0, &log), 0);
	ck_assert_int_eq(drill_bgp_diff(&before, &after, 3, &log), 3);
	ck_assert_uint_eq(log.n, 3);
	drill_bgp_event_str(&log.ev[0], s, sizeof(s));
	ck_assert_str_eq(s, "+3 ms 192.168.30.18 Established -> Active");
	drill_bgp_event_str(&log.ev[1], s, sizeof(s));
	ck_assert_str_eq(s, "+3 ms 10.255.0.9 -> Connect");
	drill_bgp_event_str(&log.ev[2], s, sizeof(s));
	ck_assert_str_eq(s, "+3 ms 10.255.0.2 Established -> (gone)");
	ck_assert_int_eq(drill_bgp_diff(&after, &before, -12, &log), 3);
	drill_bgp_event_str(&log.ev[3], s, sizeof(s));
	ck_assert_str_eq(s, "-12 ms 192.168.30.18 Active -> Established");
	ck_assert_uint_eq(log.n, 6);
	drill_bgp_log_free(&log);
	ck_assert_uint_eq(log.n, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("drill");
	TCase *tc = tcase_create("ping");
	TCase *bgp = tcase_create("bgp");

	tcase_add_test(tc, test_capture);
	tcase_add_test(tc, test_phases);
	tcase_add_test(tc, test_gap_spanning_restore);
	tcase_add_test(tc, test_gap_over_both);
	tcase_add_test(tc, test_open_gap);
	tcase_add_test(tc, test_nothing);
	suite_add_tcase(s, tc);
	tcase_add_test(bgp, test_bgp_diff);
	suite_add_tcase(s, bgp);
	return run_suite(s) != 0;
}
