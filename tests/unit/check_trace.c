/* SPDX-License-Identifier: ISC */
/* traceroute's output read into hops: real captures of Debian's
 * traceroute 2.1 (tests/unit/data/probe/, from the reference lab and
 * from namespaces set up to answer !H and !N), plus a few edge lines. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "probe/probe.h"
#include "unit.h"

static char *data(const char *name)
{
	return test_data("probe", name);
}

static struct trace_result *parse_file(const char *name, int want)
{
	struct trace_result *r = malloc(sizeof(*r));
	char *text = data(name);

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(trace_parse(text, r), want);
	free(text);
	return r;
}

/* Hop i (0-based) answered from addr (NULL: `*`). */
static void hop_is(const struct trace_result *r, size_t i, int ttl,
		   const char *addr)
{
	const struct trace_hop *h = &r->hops[i];

	ck_assert_int_eq(h->ttl, ttl);
	if (addr == NULL) {
		ck_assert_uint_eq(h->n_addrs, 0);
		ck_assert(isnan(h->rtt_ms));
	} else {
		ck_assert_uint_ge(h->n_addrs, 1);
		ck_assert_str_eq(h->addr[0], addr);
		ck_assert(h->rtt_ms >= 0);
	}
}

START_TEST(test_one_hop)
{
	struct trace_result *r = parse_file("trace-hub-spoke.txt", 1);

	ck_assert_str_eq(r->target, "10.11.30.4");
	hop_is(r, 0, 1, "10.11.30.4");
	ck_assert(fabs(r->hops[0].rtt_ms - 0.372) < 1e-9);
	ck_assert_str_eq(r->hops[0].note, "");
	ck_assert(r->reached);
	free(r);
}
END_TEST

START_TEST(test_hub_to_loc1)
{
	static const char *const want[] = { "10.10.30.132", "172.16.1.2",
		"192.168.30.17", "192.168.30.1", "10.2.30.10" };
	struct trace_result *r = parse_file("trace-hub-loc1.txt", 5);

	for (size_t i = 0; i < 5; i++)
		hop_is(r, i, (int)i + 1, want[i]);
	ck_assert(fabs(r->hops[0].rtt_ms - 0.091) < 1e-9);
	ck_assert(r->reached);
	free(r);
}
END_TEST

/* -q 3: rows of `* * *`, and the destination answering only the second
 * probe of TTL 10: "10  * 10.2.30.10  0.086 ms *" */
START_TEST(test_stars_three_probes)
{
	struct trace_result *r = parse_file("trace-q3-stars.txt", 10);

	hop_is(r, 3, 4, "192.168.30.1");
	ck_assert(fabs(r->hops[3].rtt_ms - 0.019) < 1e-9);
	for (size_t i = 4; i < 9; i++)
		hop_is(r, i, (int)i + 1, NULL);
	hop_is(r, 9, 10, "10.2.30.10");
	ck_assert(fabs(r->hops[9].rtt_ms - 0.086) < 1e-9);
	ck_assert(r->reached);
	free(r);
}
END_TEST

START_TEST(test_all_stars)
{
	struct trace_result *r = parse_file("trace-all-stars.txt", 15);

	ck_assert_str_eq(r->target, "10.97.0.1");
	for (size_t i = 0; i < 15; i++)
		hop_is(r, i, (int)i + 1, NULL);
	ck_assert(!r->reached);
	free(r);
}
END_TEST

/* " 2  10.99.0.2  3074.912 ms !H  3074.889 ms !H  3074.881 ms !H" */
START_TEST(test_host_unreachable)
{
	struct trace_result *r = parse_file("trace-H.txt", 2);

	hop_is(r, 0, 1, "10.99.0.2");
	ck_assert_str_eq(r->hops[0].note, "");
	hop_is(r, 1, 2, "10.99.0.2");
	ck_assert(fabs(r->hops[1].rtt_ms - 3074.912) < 1e-9);
	ck_assert_str_eq(r->hops[1].note, "!H");
	ck_assert(!r->reached);
	free(r);
}
END_TEST

/* ECMP: two addresses on one line, each with !N:
 * " 1  10.98.0.2  0.193 ms !N 10.99.0.2  0.141 ms !N  0.111 ms !N" */
START_TEST(test_two_addresses_net_unreachable)
{
	struct trace_result *r = parse_file("trace-ecmp-N.txt", 1);

	hop_is(r, 0, 1, "10.98.0.2");
	ck_assert_uint_eq(r->hops[0].n_addrs, 2);
	ck_assert_str_eq(r->hops[0].addr[1], "10.99.0.2");
	ck_assert(fabs(r->hops[0].rtt_ms - 0.193) < 1e-9);
	ck_assert_str_eq(r->hops[0].note, "!N");
	ck_assert(!r->reached);
	free(r);
}
END_TEST

/* The header, then "connect: Network is unreachable": no hop. */
START_TEST(test_no_route)
{
	struct trace_result *r = parse_file("trace-noroute.txt", 0);

	ck_assert_str_eq(r->target, "10.98.0.1");
	ck_assert(!r->reached);
	free(r);
}
END_TEST

/* IPv6 (captured in the dual-stack test lab, tests/integration/labs/):
 * the header's target and every hop are IPv6 addresses. */
START_TEST(test_ipv6)
{
	struct trace_result *r = parse_file("trace-v6.txt", 3);

	ck_assert_str_eq(r->target, "2001:db8:61:2::10");
	hop_is(r, 0, 1, "2001:db8:61:1::1");
	hop_is(r, 1, 2, "2001:db8:61:12::2");
	hop_is(r, 2, 3, "2001:db8:61:2::10");
	ck_assert(fabs(r->hops[0].rtt_ms - 0.109) < 1e-9);
	ck_assert(r->reached);
	free(r);
	r = parse_file("trace-v6-noroute.txt", 0);
	ck_assert_str_eq(r->target, "2001:db8:61:99::1");
	ck_assert(!r->reached);
	free(r);
}
END_TEST

/* Not traceroute's output at all (it refused its argument). */
START_TEST(test_not_a_trace)
{
	struct trace_result *r = parse_file("trace-bad-name.txt", -1);

	free(r);
	r = malloc(sizeof(*r));
	ck_assert_int_eq(trace_parse("", r), -1);
	free(r);
}
END_TEST

/* Without -n: "name (addr)"; a hop number of two digits unpadded; no
 * final newline. */
START_TEST(test_names_and_edges)
{
	static const char text[] =
		"traceroute to b.example (192.0.2.9), 30 hops max, 60 byte "
		"packets\n"
		" 1  gw.example (192.0.2.1)  0.5 ms\n"
		"12  b.example (192.0.2.9)  1.25 ms";
	struct trace_result *r = malloc(sizeof(*r));

	ck_assert_int_eq(trace_parse(text, r), 2);
	ck_assert_str_eq(r->target, "192.0.2.9");
	hop_is(r, 0, 1, "192.0.2.1");
	hop_is(r, 1, 12, "192.0.2.9");
	ck_assert(fabs(r->hops[1].rtt_ms - 1.25) < 1e-9);
	ck_assert(r->reached);
	free(r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_one_hop);
	tcase_add_test(tc, test_hub_to_loc1);
	tcase_add_test(tc, test_stars_three_probes);
	tcase_add_test(tc, test_all_stars);
	tcase_add_test(tc, test_host_unreachable);
	tcase_add_test(tc, test_two_addresses_net_unreachable);
	tcase_add_test(tc, test_no_route);
	tcase_add_test(tc, test_ipv6);
	tcase_add_test(tc, test_not_a_trace);
	tcase_add_test(tc, test_names_and_edges);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
