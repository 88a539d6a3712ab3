/* SPDX-License-Identifier: ISC */
/* Addresses and prefixes: what is accepted, what is refused, and the
 * arithmetic the lab checks rely on. */
#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>

#include "core/prefix.h"
#include "unit.h"

struct parse_case {
	const char *in;
	int rc;			/* prefix_parse's answer */
	const char *out;	/* prefix_fmt of the result, when rc == 0 */
};

static const struct parse_case parse_cases[] = {
	{ "10.0.0.1/24", 0, "10.0.0.1/24" },
	{ "10.0.0.1", 0, "10.0.0.1/32" },
	{ "0.0.0.0/0", 0, "0.0.0.0/0" },
	{ "255.255.255.255/32", 0, "255.255.255.255/32" },
	{ "2001:db8::1/64", 0, "2001:db8::1/64" },
	{ "2001:DB8:0:0::1", 0, "2001:db8::1/128" },
	{ "::/0", 0, "::/0" },
	{ "::ffff:192.0.2.1/128", 0, "::ffff:192.0.2.1/128" },
	{ "", -1, NULL },
	{ "/24", -1, NULL },
	{ "10.0.0.1/", -1, NULL },
	{ "10.0.0.1/33", -1, NULL },
	{ "10.0.0.1/2x", -1, NULL },
	{ "10.0.0.1/024", -1, NULL },
	{ "10.0.0.1/-1", -1, NULL },
	{ "10.0.0.1/+24", -1, NULL },
	{ "10.0.0.1/ 24", -1, NULL },
	{ " 10.0.0.1/24", -1, NULL },
	{ "10.0.0.1/24 ", -1, NULL },
	{ "10.0.0.1/24/1", -1, NULL },
	{ "10.0.0.256/24", -1, NULL },
	{ "10.0.0/24", -1, NULL },
	{ "010.0.0.1", -1, NULL },
	{ "10.0.0.1x", -1, NULL },
	{ "2001:db8::1/129", -1, NULL },
	{ "2001:db8:::1/64", -1, NULL },
	{ "fe80::1%eth0", -1, NULL },
	{ "1111:2222:3333:4444:5555:6666:7777:8888:9999", -1, NULL },
	{ "host.example", -1, NULL },
};
#define N_PARSE (sizeof(parse_cases) / sizeof(parse_cases[0]))

START_TEST(test_parse)
{
	const struct parse_case *c = &parse_cases[_i];
	char buf[PREFIX_STRLEN];
	struct prefix p;

	ck_assert_msg(prefix_parse(c->in, &p) == c->rc, "'%s'", c->in);
	if (c->rc == 0)
		ck_assert_str_eq(prefix_fmt(&p, buf), c->out);
	else
		ck_assert_int_eq(p.family, 0);	/* nothing half-filled */
}
END_TEST

START_TEST(test_addr_parse)
{
	char buf[PREFIX_STRLEN];
	struct prefix p;

	ck_assert_int_eq(addr_parse("10.0.0.1", &p), 0);
	ck_assert_int_eq(p.family, AF_INET);
	ck_assert_uint_eq(p.len, 32);
	ck_assert_str_eq(addr_fmt(&p, buf), "10.0.0.1");
	ck_assert_int_eq(addr_parse("2001:db8::9", &p), 0);
	ck_assert_int_eq(p.family, AF_INET6);
	ck_assert_uint_eq(p.len, 128);
	ck_assert_int_eq(prefix_addr_len(&p), 16);
	ck_assert_int_eq(addr_parse("10.0.0.1/32", &p), -1);
	ck_assert_int_eq(addr_parse("", &p), -1);
	ck_assert_int_eq(addr_parse("default", &p), -1);
}
END_TEST

static struct prefix P(const char *s)
{
	struct prefix p;

	ck_assert_msg(prefix_parse(s, &p) == 0, "'%s'", s);
	return p;
}

START_TEST(test_contains)
{
	struct prefix net = P("10.2.30.0/25"), a;

	a = P("10.2.30.3");
	ck_assert(prefix_contains(&net, &a));
	a = P("10.2.30.127");
	ck_assert(prefix_contains(&net, &a));
	a = P("10.2.30.128");
	ck_assert(!prefix_contains(&net, &a));
	net = P("192.168.30.0/31");
	a = P("192.168.30.1");
	ck_assert(prefix_contains(&net, &a));
	a = P("192.168.30.2");
	ck_assert(!prefix_contains(&net, &a));
	net = P("0.0.0.0/0");
	ck_assert(prefix_contains(&net, &a));
	a = P("::1");
	ck_assert(!prefix_contains(&net, &a));	/* families differ */
	net = P("2001:db8:2::1/64");
	a = P("2001:db8:2::ffff");
	ck_assert(prefix_contains(&net, &a));
	a = P("2001:db8:3::1");
	ck_assert(!prefix_contains(&net, &a));
	net = P("2001:db8::/33");
	a = P("2001:db8:7fff::1");
	ck_assert(prefix_contains(&net, &a));
	a = P("2001:db8:8000::1");
	ck_assert(!prefix_contains(&net, &a));
}
END_TEST

START_TEST(test_same_addr)
{
	struct prefix a = P("10.0.0.1/24"), b = P("10.0.0.1/30");

	ck_assert(prefix_same_addr(&a, &b));
	b = P("10.0.0.2/24");
	ck_assert(!prefix_same_addr(&a, &b));
	a = P("2001:db8::1/64");
	b = P("2001:db8:0::1/128");
	ck_assert(prefix_same_addr(&a, &b));
	b = P("::ffff:10.0.0.1");
	a = P("10.0.0.1");
	ck_assert(!prefix_same_addr(&a, &b));
}
END_TEST

START_TEST(test_mask)
{
	static const char *const cases[][2] = {
		{ "10.2.30.10/25", "10.2.30.0/25" },
		{ "10.2.30.200/25", "10.2.30.128/25" },
		{ "192.168.30.17/30", "192.168.30.16/30" },
		{ "10.0.0.1/32", "10.0.0.1/32" },
		{ "10.0.0.1/0", "0.0.0.0/0" },
		{ "10.255.255.255/9", "10.128.0.0/9" },
		{ "2001:db8:1:2:3:4:5:6/64", "2001:db8:1:2::/64" },
		{ "2001:db8:ffff::1/36", "2001:db8:f000::/36" },
	};
	char buf[PREFIX_STRLEN];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct prefix p = P(cases[i][0]);

		prefix_mask(&p);
		ck_assert_str_eq(prefix_fmt(&p, buf), cases[i][1]);
	}
}
END_TEST

START_TEST(test_fmt_longest)
{
	char buf[PREFIX_STRLEN];
	struct prefix p = P("ffff:ffff:ffff:ffff:ffff:ffff:"
			    "255.255.255.255/128");

	ck_assert_str_eq(prefix_fmt(&p, buf),
			 "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prefix");
	TCase *tc = tcase_create("prefix");

	tcase_add_loop_test(tc, test_parse, 0, N_PARSE);
	tcase_add_test(tc, test_addr_parse);
	tcase_add_test(tc, test_contains);
	tcase_add_test(tc, test_same_addr);
	tcase_add_test(tc, test_mask);
	tcase_add_test(tc, test_fmt_longest);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
