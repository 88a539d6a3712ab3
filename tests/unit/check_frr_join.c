/* SPDX-License-Identifier: ISC */
/* 'frr: shared': the routers' files joined into one bgpd's
 * configuration. Each router's instance in its VRF, the policy written
 * once, the lines for the process dropped, the map back to each file's
 * lines, and each refusal with FILE:LINE. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "frr/frr_join.h"
#include "frr/frr_shared.h"
#include "unit.h"

static const char hub[] =
	"frr version 8.4\n"
	"frr defaults traditional\n"
	"hostname hub1\n"
	"log syslog informational\n"
	"bgp route-map delay-timer 0\n"
	"!\n"
	"ip prefix-list DEFAULT seq 5 permit 0.0.0.0/0\n"
	"!\n"
	"router bgp 65000\n"
	" bgp router-id 10.0.0.1\n"
	" neighbor CES peer-group\n"
	" address-family ipv4 unicast\n"
	"  neighbor CES prefix-list DEFAULT out\n"
	" exit-address-family\n"
	"exit\n"
	"end\n";

/* no "exit": the block ends at the next top-level line */
static const char ce[] =
	"frr defaults traditional\n"
	"hostname s1-ce\n"
	"router bgp 64513\n"
	" neighbor 10.3.1.2 remote-as 65000\n"
	"ip prefix-list DEFAULT seq 5 permit 0.0.0.0/0\n"
	"route-map OUT permit 10\n"
	" match ip address prefix-list DEFAULT\n"
	"exit\n";

struct joined {
	char *out, *map;
	size_t out_len, map_len;
	int rc;
	struct azerr e;
};

static void join(const struct frr_join_src *src, size_t n, struct joined *j)
{
	FILE *out = open_memstream(&j->out, &j->out_len);
	FILE *map = open_memstream(&j->map, &j->map_len);

	ck_assert(out != NULL && map != NULL);
	j->rc = frr_join(src, n, out, map, &j->e);
	fclose(out);
	fclose(map);
}

static void joined_free(struct joined *j)
{
	free(j->out);
	free(j->map);
}

START_TEST(test_two_routers)
{
	struct frr_join_src src[] = {
		{ "frr/hub1.conf", "azlab-hub1", hub },
		{ "frr/s1-ce.conf", "azlab-s1-ce", ce },
	};
	struct joined j;

	join(src, 2, &j);
	ck_assert_msg(j.rc == 0, "%s", j.e.msg);
	ck_assert_str_eq(j.out,
		"frr defaults traditional\n"
		"bgp route-map delay-timer 0\n"
		"ip prefix-list DEFAULT seq 5 permit 0.0.0.0/0\n"
		"route-map OUT permit 10\n"
		"match ip address prefix-list DEFAULT\n"
		"exit\n"
		"router bgp 65000 vrf azlab-hub1\n"
		" bgp router-id 10.0.0.1\n"
		" neighbor CES peer-group\n"
		" address-family ipv4 unicast\n"
		"  neighbor CES prefix-list DEFAULT out\n"
		" exit-address-family\n"
		"exit\n"
		"router bgp 64513 vrf azlab-s1-ce\n"
		" neighbor 10.3.1.2 remote-as 65000\n"
		"exit\n");
	ck_assert_str_eq(j.map,
		"frr/hub1.conf:2\n"
		"frr/hub1.conf:5\n"
		"frr/hub1.conf:7\n"
		"frr/s1-ce.conf:6\n"
		"frr/s1-ce.conf:7\n"
		"-\n"
		"frr/hub1.conf:9\n"
		"frr/hub1.conf:10\n"
		"frr/hub1.conf:11\n"
		"frr/hub1.conf:12\n"
		"frr/hub1.conf:13\n"
		"frr/hub1.conf:14\n"
		"frr/hub1.conf:15\n"
		"frr/s1-ce.conf:3\n"
		"frr/s1-ce.conf:4\n"
		"frr/s1-ce.conf:5\n");
	joined_free(&j);
}
END_TEST

START_TEST(test_where)
{
	static const char map[] = "a.conf:2\n-\nb.conf:7\n";
	char buf[64];

	ck_assert_str_eq(frr_join_where(map, 1, buf, sizeof(buf)),
			 "a.conf:2");
	ck_assert_ptr_null(frr_join_where(map, 2, buf, sizeof(buf)));
	ck_assert_str_eq(frr_join_where(map, 3, buf, sizeof(buf)),
			 "b.conf:7");
	ck_assert_ptr_null(frr_join_where(map, 4, buf, sizeof(buf)));
	ck_assert_ptr_null(frr_join_where(map, 0, buf, sizeof(buf)));
}
END_TEST

/* What a file may not have, and where it is reported. */
static const struct {
	const char *text;
	const char *err;
} refused[] = {
	{ "router bgp 1\nexit\nrouter ospf\n",
	  "b.conf:3: 'frr: shared' runs one bgpd for every router, and "
	  "nothing else: 'router ospf' is not bgpd's" },
	{ "ip route 10.0.0.0/8 10.1.1.1\n",
	  "b.conf:1: 'frr: shared' runs one bgpd for every router, and "
	  "nothing else: 'ip route 10.0.0.0/8 10.1.1.1' is not bgpd's" },
	{ "!\ninterface eth0\n ip address 10.0.0.1/24\n",
	  "b.conf:2: 'frr: shared' runs one bgpd for every router, and "
	  "nothing else: 'interface eth0' is not bgpd's" },
	/* no "exit": another daemon's block ends the router's, refused */
	{ "router bgp 2\n neighbor 10.0.0.1 remote-as 1\n!\ninterface eth0\n",
	  "b.conf:4: 'frr: shared' runs one bgpd for every router, and "
	  "nothing else: 'interface eth0' is not bgpd's" },
	{ "route-map N permit 10\n set metric 1\nline vty\n",
	  "b.conf:3: 'frr: shared' runs one bgpd for every router, and "
	  "nothing else: 'line vty' is not bgpd's" },
	{ "router bgp 1 vrf red\n",
	  "b.conf:1: 'router bgp 1 vrf red': with 'frr: shared' each "
	  "router's BGP instance is the VRF of its namespace; write "
	  "'router bgp AS' only" },
	{ "neighbor 10.0.0.1 remote-as 2\n",
	  "b.conf:1: 'neighbor 10.0.0.1 remote-as 2' is outside any router "
	  "bgp or route-map block" },
	{ "router bgp 2\n neighbor 10.0.0.1 bfd\n",
	  "b.conf:2: 'frr: shared' runs one bgpd for every router, and "
	  "nothing else: 'neighbor 10.0.0.1 bfd' is not bgpd's" },
	/* a name a.conf defines, defined otherwise */
	{ "ip prefix-list P seq 5 permit 10.0.0.0/8\n",
	  "b.conf:1: ip prefix-list P is not as a.conf:1 has it: with 'frr: "
	  "shared' one bgpd holds every router's policy, so a name must "
	  "mean the same in every file" },
	{ "route-map M permit 10\n set metric 2\n",
	  "b.conf:1: route-map M is not as a.conf:2 has it: with 'frr: "
	  "shared' one bgpd holds every router's policy, so a name must "
	  "mean the same in every file" },
	{ "frr defaults datacenter\n",
	  "b.conf:1: frr defaults is not as a.conf:4 has it: with 'frr: "
	  "shared' one bgpd holds every router's policy, so a name must "
	  "mean the same in every file" },
};

START_TEST(test_refused)
{
	static const char a[] =
		"ip prefix-list P seq 5 permit 10.0.0.0/16\n"
		"route-map M permit 10\n"
		" set metric 1\n"
		"frr defaults traditional\n";
	struct frr_join_src src[] = {
		{ "a.conf", "azlab-a", a },
		{ "b.conf", "azlab-b", refused[_i].text },
	};
	struct joined j;

	join(src, 2, &j);
	ck_assert_int_eq(j.rc, -1);
	ck_assert_str_eq(j.e.msg, refused[_i].err);
	joined_free(&j);
}
END_TEST

/* Two files, a.conf and b.conf, joined: what comes out, and the map. */
static const struct {
	const char *why;
	const char *a, *b;
	const char *out, *map;
} joins[] = {
	{ "a name defined alike in both, apart in a.conf: written once",
	  "ip prefix-list P seq 5 permit 10.0.0.0/8\nrouter bgp 1\nexit\n"
	  "ip prefix-list P seq 10 deny any\n",
	  "ip prefix-list P seq 5 permit 10.0.0.0/8\n"
	  "ip prefix-list P seq 10 deny any\nrouter bgp 2\n",
	  "ip prefix-list P seq 5 permit 10.0.0.0/8\n"
	  "ip prefix-list P seq 10 deny any\n"
	  "router bgp 1 vrf ns-a\nexit\nrouter bgp 2 vrf ns-b\nexit\n",
	  "a.conf:1\na.conf:4\na.conf:2\na.conf:3\nb.conf:3\n-\n" },
	{ "frr defaults first, whichever file has it",
	  "ip prefix-list P seq 5 permit 10.0.0.0/8\nrouter bgp 1\n",
	  "frr defaults datacenter\nrouter bgp 2\n",
	  "frr defaults datacenter\nip prefix-list P seq 5 permit 10.0.0.0/8\n"
	  "router bgp 1 vrf ns-a\nexit\nrouter bgp 2 vrf ns-b\nexit\n",
	  "b.conf:1\na.conf:1\na.conf:2\n-\nb.conf:2\n-\n" },
	{ "a 'no' line of a name stays among its lines; debug is dropped",
	  "ip prefix-list P seq 5 permit 10.0.0.0/8\n"
	  "no ip prefix-list P seq 5\ndebug bgp updates\n"
	  "ip prefix-list P seq 5 permit 10.0.0.0/16\nrouter bgp 1\n",
	  "router bgp 2\n",
	  "ip prefix-list P seq 5 permit 10.0.0.0/8\nno ip prefix-list P seq 5\n"
	  "ip prefix-list P seq 5 permit 10.0.0.0/16\n"
	  "router bgp 1 vrf ns-a\nexit\nrouter bgp 2 vrf ns-b\nexit\n",
	  "a.conf:1\na.conf:2\na.conf:4\na.conf:5\n-\nb.conf:1\n-\n" },
	{ "names only b.conf has: nothing to compare",
	  "router bgp 1\n",
	  "bgp community-list standard C permit 1:1\n"
	  "bgp as-path access-list A permit ^1_\nrouter bgp 2\n",
	  "bgp community-list standard C permit 1:1\n"
	  "bgp as-path access-list A permit ^1_\n"
	  "router bgp 1 vrf ns-a\nexit\nrouter bgp 2 vrf ns-b\nexit\n",
	  "b.conf:1\nb.conf:2\na.conf:1\n-\nb.conf:3\n-\n" },
};

START_TEST(test_joins)
{
	struct frr_join_src src[] = {
		{ "a.conf", "ns-a", joins[_i].a },
		{ "b.conf", "ns-b", joins[_i].b },
	};
	struct joined j;

	join(src, 2, &j);
	ck_assert_msg(j.rc == 0, "%s: %s", joins[_i].why, j.e.msg);
	ck_assert_msg(strcmp(j.out, joins[_i].out) == 0, "%s: '%s'",
		      joins[_i].why, j.out);
	ck_assert_msg(strcmp(j.map, joins[_i].map) == 0, "%s: map '%s'",
		      joins[_i].why, j.map);
	joined_free(&j);
}
END_TEST

/* What the shared bgpd is asked for a router: its VRF's part. */
START_TEST(test_shared_cmd)
{
	char buf[256];
	struct azerr e;

	ck_assert_int_eq(frr_shared_cmd("s1-ce", "show bgp summary json", buf,
					sizeof(buf), &e), 0);
	ck_assert_str_eq(buf, "show bgp vrf azlab-s1-ce summary json");
	ck_assert_int_eq(frr_shared_cmd("hub1", "show ip route summary json",
					buf, sizeof(buf), &e), 0);
	ck_assert_str_eq(buf, "show ip route vrf azlab-hub1 summary json");
	ck_assert_int_eq(frr_shared_cmd("r1", "show ip ospf neighbor json", buf,
					sizeof(buf), &e), -1);
	ck_assert_str_eq(e.msg, "r1: 'show ip ospf neighbor json' is not "
			 "asked of a shared FRR (frr: shared)");
	ck_assert_int_eq(frr_shared_cmd("r1", "show bgp summary json", buf,
					20, &e), -1);
	/* the shared node itself, or no shared FRR: asked as they are */
	frr_shared_use(false);
	ck_assert_str_eq(frr_serving_node("r1"), "r1");
	frr_shared_use(true);
	ck_assert_str_eq(frr_serving_node("r1"), FRR_SHARED_NODE);
	frr_shared_use(false);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("frr_join");
	TCase *tc = tcase_create("frr_join");

	tcase_add_test(tc, test_two_routers);
	tcase_add_test(tc, test_where);
	tcase_add_loop_test(tc, test_refused, 0,
			    sizeof(refused) / sizeof(refused[0]));
	tcase_add_loop_test(tc, test_joins, 0,
			    sizeof(joins) / sizeof(joins[0]));
	tcase_add_test(tc, test_shared_cmd);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
