/* SPDX-License-Identifier: ISC */
/* iputils ping's statistics: real captures (tests/unit/data/probe/)
 * from the reference lab and from a namespace with no route. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/fsutil.h"
#include "probe/probe.h"
#include "unit.h"

struct ping_case {
	const char *file;
	int rc;
	unsigned tx, rx;
	double loss;
	bool has_rtt;
	double min, avg, max;
};

static const struct ping_case cases[] = {
	{ "ping-ok.txt", 0, 3, 3, 0, true, 0.043, 0.076, 0.096 },
	{ "ping-1.txt", 0, 1, 1, 0, true, 0.036, 0.036, 0.036 },
	/* "From 192.168.31.4 ... Time to live exceeded", "+3 errors" */
	{ "ping-fail.txt", 0, 3, 0, 100, false, 0, 0, 0 },
	{ "ping-x.txt", 0, 3, 0, 100, false, 0, 0, 0 },
	/* "ping: connect: Network is unreachable": no statistics */
	{ "ping-noroute.txt", -1, 0, 0, 0, false, 0, 0, 0 },
	/* IPv6, from the dual-stack test lab: answered; "Destination
	 * unreachable: No route" from the gateway; no route at all */
	{ "ping-v6.txt", 0, 3, 3, 0, true, 0.097, 0.147, 0.211 },
	{ "ping-v6-lost.txt", 0, 2, 0, 100, false, 0, 0, 0 },
	{ "ping-v6-noroute.txt", -1, 0, 0, 0, false, 0, 0, 0 },
};

START_TEST(test_capture)
{
	const struct ping_case *c = &cases[_i];
	struct ping_result r;
	char path[512], *text;

	snprintf(path, sizeof(path), "%s/probe/%s", TEST_DATADIR, c->file);
	text = file_read(path, NULL);
	ck_assert_msg(text != NULL, "cannot read %s", path);
	ck_assert_int_eq(ping_parse(text, &r), c->rc);
	free(text);
	if (c->rc != 0)
		return;
	ck_assert_uint_eq(r.transmitted, c->tx);
	ck_assert_uint_eq(r.received, c->rx);
	ck_assert(fabs(r.loss_pct - c->loss) < 1e-9);
	ck_assert(r.has_rtt == c->has_rtt);
	if (c->has_rtt) {
		ck_assert(fabs(r.rtt_min - c->min) < 1e-9);
		ck_assert(fabs(r.rtt_avg - c->avg) < 1e-9);
		ck_assert(fabs(r.rtt_max - c->max) < 1e-9);
	}
}
END_TEST

/* A fractional loss, and busybox's "round-trip" line. */
START_TEST(test_partial_loss)
{
	static const char text[] =
		"--- 10.0.0.1 ping statistics ---\n"
		"3 packets transmitted, 2 received, 33.3333% packet loss, "
		"time 2003ms\n"
		"round-trip min/avg/max = 1.5/2.25/3.0 ms\n";
	struct ping_result r;

	ck_assert_int_eq(ping_parse(text, &r), 0);
	ck_assert_uint_eq(r.transmitted, 3);
	ck_assert_uint_eq(r.received, 2);
	ck_assert(fabs(r.loss_pct - 33.3333) < 1e-9);
	ck_assert(r.has_rtt);
	ck_assert(fabs(r.rtt_avg - 2.25) < 1e-9);
	ck_assert(fabs(r.rtt_max - 3.0) < 1e-9);
	ck_assert_int_eq(ping_parse("", &r), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ping");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_capture, 0,
			    sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_partial_loss);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
