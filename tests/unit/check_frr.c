/* SPDX-License-Identifier: ISC */
/* FRR's pure parts: which daemons a configuration needs, their command
 * lines, FRR 8.4's JSON (captured from a lab of tests/unit/data/frr-lab.yaml
 * into data/frr/) read into sessions, tables and adjacencies, and the
 * judgement `up` waits on. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frr/frr.h"
#include "frr/frr_bgp.h"
#include "frr/frr_json.h"
#include "frr/frr_ospf.h"
#include "frr/frr_wait.h"
#include "core/fsutil.h"
#include "unit.h"

static char *data(const char *name)
{
	return test_data("frr", name);
}

/* --- daemons and command lines ------------------------------------------ */

#define Z FRR_BIT(FRR_ZEBRA)
#define B FRR_BIT(FRR_BGPD)
#define O FRR_BIT(FRR_OSPFD)
#define S FRR_BIT(FRR_STATICD)
#define F FRR_BIT(FRR_BFDD)

static const struct {
	const char *config;
	unsigned want;
} needs_cases[] = {
	{ "", Z },
	{ "hostname r1\n!\n", Z },
	{ "router bgp 65001\n neighbor 10.0.0.1 remote-as 2\nexit\n", Z | B },
	{ "! router bgp 65001\n# router ospf\n", Z },
	{ "router ospf\n ospf router-id 1.1.1.1\n", Z | O },
	{ "router ospf6\n", Z },
	{ "interface eth0\n ip ospf area 0\nexit\n", Z | O },
	{ "ip route 10.0.0.0/8 Null0\n", Z | S },
	{ "ipv6 route ::/0 2001:db8::1\n", Z | S },
	{ "vrf blue\n ip route 10.0.0.0/8 Null0\nexit-vrf\n", Z | S },
	{ "bfd\n peer 10.0.0.1\n", Z | F },
	{ "router bgp 1\n neighbor 10.0.0.1 bfd\n", Z | B | F },
	{ "router bgp 1\n neighbor 10.0.0.1 description bfd\n", Z | B },
	{ "interface e0\n ip ospf bfd\n", Z | O | F },
	{ "ip prefix-list P seq 5 permit 10.0.0.0/8\r\nroute-map M permit 10\r\n",
	  Z },
};

START_TEST(test_needs)
{
	ck_assert_msg(frr_needs(needs_cases[_i].config) == needs_cases[_i].want,
		      "case %d: got 0x%x, want 0x%x", _i,
		      frr_needs(needs_cases[_i].config), needs_cases[_i].want);
}
END_TEST

START_TEST(test_needs_real_config)
{
	char *conf = data("r2.conf");

	ck_assert_uint_eq(frr_needs(conf), Z | B | O | S);
	free(conf);
}
END_TEST

/* Whether zebra gets a push of its own: not for a BGP speaker's lines. */
static const struct {
	const char *config;
	bool own;
} zebra_part_cases[] = {
	{ "", false },
	{ "! comment\nfrr defaults traditional\nhostname r1\n", false },
	{ "router bgp 1\n no bgp ebgp-requires-policy\n neighbor P peer-group\n"
	  " address-family ipv4 unicast\n  network 10.0.0.0/8\n"
	  " exit-address-family\nexit\n", false },
	{ "ip prefix-list P seq 5 permit 0.0.0.0/0\nroute-map M permit 10\n"
	  " match ip address prefix-list P\n set local-preference 200\n", false },
	{ "interface eth0\n description x\n", true },
	{ "ip route 10.0.0.0/8 ipsec0\n", true },
	{ "ip forwarding\n", true },
	{ "no ip forwarding\n", true },
	{ "router bgp 1\n coalesce-time 100\n", false },
	{ "router bgp 1\n distance bgp 20 200 200\n", true },	/* unknown: maybe */
};

START_TEST(test_zebra_own_part)
{
	ck_assert_msg(frr_zebra_own_part(zebra_part_cases[_i].config) ==
		      zebra_part_cases[_i].own, "case %d", _i);
}
END_TEST

static void argv_eq(char *const *got, const char *const *want)
{
	size_t i;

	for (i = 0; want[i] != NULL; i++) {
		ck_assert_ptr_nonnull(got[i]);
		ck_assert_str_eq(got[i], want[i]);
	}
	ck_assert_ptr_null(got[i]);
}

START_TEST(test_daemon_argv)
{
	static const char *const bgpd[] = {
		"/usr/lib/frr/bgpd", "-N", "azlab-hub-ergw", "-f", "/dev/null",
		"-i", "/run/azlab/frr/hub-ergw/bgpd.pid",
		"-z", "/run/azlab/frr/hub-ergw/zserv.api",
		"--vty_socket", "/run/azlab/frr/hub-ergw",
		"-A", "127.0.0.1", "-P", "0", "--limit-fds", "4096",
		"--log", "file:/run/azlab/frr/hub-ergw/bgpd.log", NULL,
	};
	struct frr_cmd c;

	ck_assert_int_eq(frr_daemon_cmd("hub-ergw", FRR_BGPD, &c), 0);
	argv_eq(c.argv, bgpd);
	ck_assert_int_eq(frr_daemon_cmd("r1", FRR_BFDD, &c), 0);
	ck_assert_str_eq(c.argv[0], "/usr/lib/frr/bfdd");
	ck_assert_str_eq(c.argv[c.argc - 2], "--bfdctl");
	ck_assert_str_eq(c.argv[c.argc - 1], "/run/azlab/frr/r1/bfdd.sock");
}
END_TEST

START_TEST(test_push_argv)
{
	static const char *const want[] = {
		"/usr/bin/vtysh", "--vty_socket", "/run/azlab/frr/r2",
		"-d", "ospfd", "-f", "/run/azlab/frr/r2/frr.conf", NULL,
	};
	static const char *const all[] = {
		"/usr/bin/vtysh", "--vty_socket", "/run/azlab/frr/r2",
		"-f", "/run/azlab/frr/r2/frr.conf", NULL,
	};
	struct frr_cmd c;
	char small[16];

	ck_assert_int_eq(frr_push_cmd("r2", FRR_OSPFD, &c), 0);
	argv_eq(c.argv, want);
	/* every daemon that serves: what a node's daemons share */
	ck_assert_int_eq(frr_push_cmd("r2", FRR_ALL_DAEMONS, &c), 0);
	argv_eq(c.argv, all);
	ck_assert_int_eq(frr_path(small, sizeof(small), "r2", "frr.conf"), -1);
}
END_TEST

/* `azlab save`: vtysh asked for the running configuration, and its
 * header left out, so that the text can be pushed back as it is. */
START_TEST(test_running_config)
{
	static const char *const want[] = {
		"/usr/bin/vtysh", "--vty_socket", "/run/azlab/frr/r3",
		"-c", "show running-config", NULL,
	};
	static const char answer[] =
		"Building configuration...\n\nCurrent configuration:\n"
		"!\nfrr version 8.4.4\nhostname r3\nhostname labhost\n"
		"router bgp 65001\nexit\n!\nend\n";
	struct frr_cmd c;
	char *conf = frr_running_config(answer, "labhost"), *other;

	ck_assert_int_eq(frr_show_cmd("r3", "show running-config", &c), 0);
	argv_eq(c.argv, want);
	/* vtysh's header and its own hostname are left out */
	ck_assert_str_eq(conf, "!\nfrr version 8.4.4\nhostname r3\n"
			 "router bgp 65001\nexit\n!\nend\n");
	ck_assert(frr_needs(conf) & FRR_BIT(FRR_BGPD));
	free(conf);
	/* the only hostname stays, even if it is the host's */
	other = frr_running_config("!\nhostname labhost\nend", "labhost");
	ck_assert_str_eq(other, "!\nhostname labhost\nend");
	free(other);
	other = frr_running_config("\n\n", "labhost");
	ck_assert_str_eq(other, "");
	free(other);
}
END_TEST

/* --- BGP ---------------------------------------------------------------- */

START_TEST(test_bgp_summary)
{
	char *json = data("r2-bgp-summary.json");
	struct bgp_summary s;
	struct azerr e;

	ck_assert_int_eq(bgp_summary_parse(json, &s, &e), 0);
	ck_assert(s.configured);
	ck_assert_str_eq(s.router_id, "192.0.2.2");
	ck_assert_int_eq(s.as, 65002);
	ck_assert_int_eq(s.table_version, 3);
	ck_assert_uint_eq(s.n_peers, 3);
	ck_assert_str_eq(s.peers[0].addr, "10.0.12.1");
	ck_assert_int_eq(s.peers[0].remote_as, 65001);
	ck_assert(s.peers[0].established);
	ck_assert_int_eq(s.peers[0].pfx_rcvd, 2);
	ck_assert_int_eq(s.peers[0].pfx_sent, 3);
	ck_assert_str_eq(s.peers[1].addr, "10.0.12.99");
	ck_assert_str_eq(s.peers[1].state, "Idle (Admin)");
	ck_assert(s.peers[1].admin_down);
	ck_assert(!bgp_peer_pending(&s.peers[1]));	/* shut down */
	ck_assert(!bgp_peer_pending(&s.peers[2]));
	bgp_summary_free(&s);
	free(json);
}
END_TEST

START_TEST(test_bgp_summary_stuck)
{
	char *json = data("r1-bgp-summary-stuck.json");
	struct bgp_summary s;
	struct azerr e;

	ck_assert_int_eq(bgp_summary_parse(json, &s, &e), 0);
	ck_assert_uint_eq(s.n_peers, 2);
	ck_assert_str_eq(s.peers[0].desc, "r2 (AS 65002)");
	ck_assert_str_eq(s.peers[1].addr, "10.0.12.7");
	ck_assert_str_eq(s.peers[1].state, "Active");
	ck_assert_str_eq(s.peers[1].uptime, "never");
	ck_assert(bgp_peer_pending(&s.peers[1]));
	bgp_summary_free(&s);
	free(json);
}
END_TEST

START_TEST(test_bgp_summary_odd)
{
	/* one peer in two address families: once, prefixes added up */
	static const char two_afis[] =
		"{\"ipv4Unicast\":{\"routerId\":\"1.1.1.1\",\"as\":1,\"peers\":"
		"{\"10.0.0.2\":{\"remoteAs\":2,\"state\":\"Established\","
		"\"peerState\":\"OK\",\"pfxRcd\":3,\"pfxSnt\":1}}},"
		"\"ipv6Unicast\":{\"routerId\":\"1.1.1.1\",\"as\":1,\"peers\":"
		"{\"10.0.0.2\":{\"remoteAs\":2,\"state\":\"Established\","
		"\"peerState\":\"OK\",\"pfxRcd\":4,\"pfxSnt\":5}}}}";
	struct bgp_summary s;
	struct azerr e;

	ck_assert_int_eq(bgp_summary_parse("{}\n", &s, &e), 0);
	ck_assert(!s.configured);	/* bgpd before its configuration */
	ck_assert_uint_eq(s.n_peers, 0);
	ck_assert_int_eq(bgp_summary_parse(two_afis, &s, &e), 0);
	ck_assert_uint_eq(s.n_peers, 1);
	ck_assert_int_eq(s.peers[0].pfx_rcvd, 7);
	ck_assert_int_eq(s.peers[0].pfx_sent, 6);
	bgp_summary_free(&s);
	ck_assert_int_eq(bgp_summary_parse("% Unknown command", &s, &e), -1);
	ck_assert_int_eq(strncmp(e.msg, "FRR's JSON: ", 12), 0);
	ck_assert_int_eq(bgp_summary_parse("[1]", &s, &e), -1);
}
END_TEST

START_TEST(test_bgp_neighbors)
{
	char *early = data("r2-bgp-neighbors-early.json");
	char *late = data("r2-bgp-neighbors.json");
	struct bgp_summary s;
	struct azerr e;

	/* Established, but no UPDATE yet: the routes are still to come */
	ck_assert_int_eq(bgp_neighbors_parse(early, &s, &e), 0);
	ck_assert(s.configured);
	ck_assert_uint_eq(s.n_peers, 3);
	ck_assert_str_eq(s.peers[0].addr, "10.0.12.1");
	ck_assert_int_eq(s.peers[0].remote_as, 65001);
	ck_assert(s.peers[0].established && s.peers[0].eor_pending);
	ck_assert_int_eq(s.peers[0].updates, 0);
	ck_assert_str_eq(s.peers[1].state, "Idle (Admin)");
	ck_assert(s.peers[1].admin_down && !s.peers[1].eor_pending);
	bgp_summary_free(&s);
	ck_assert_int_eq(bgp_neighbors_parse(late, &s, &e), 0);
	ck_assert_uint_eq(s.n_peers, 3);
	ck_assert(s.peers[0].established && !s.peers[0].eor_pending);
	ck_assert_int_eq(s.peers[0].updates, 9);
	ck_assert(!s.peers[2].eor_pending);
	bgp_summary_free(&s);
	ck_assert_int_eq(bgp_neighbors_parse("{\n}\n", &s, &e), 0);
	ck_assert(!s.configured);
	free(early);
	free(late);
}
END_TEST

/* VRF's part of a shared bgpd's answer for every VRF at once (in the
 * data file), read by read; false if the answer has no such VRF. */
static bool vrf_read(const char *file, const char *vrf,
		     bgp_doc_reader *read, struct bgp_summary *s)
{
	char *text = data(file);
	struct json_object *doc, *part = NULL;
	struct azerr e;
	bool found;

	doc = fj_parse(text, &e);
	ck_assert_ptr_nonnull(doc);
	found = json_object_object_get_ex(doc, vrf, &part);
	ck_assert_int_eq(read(part, s, &e), 0);
	json_object_put(doc);
	free(text);
	return found;
}

/* frr_look's question: each router's part read as its own bgpd's; the
 * VRF's own keys (vrfId, vrfName) are no peers, and a VRF it lacks is
 * no BGP. */
START_TEST(test_bgp_neighbors_every_vrf)
{
	const char *file = "shared-bgp-vrf-all-neighbors.json";
	struct bgp_summary s;

	ck_assert(vrf_read(file, "azlab-s1-ce", bgp_neighbors_read, &s));
	ck_assert(s.configured);
	ck_assert_uint_eq(s.n_peers, 3);
	for (size_t i = 0; i < s.n_peers; i++)
		ck_assert(s.peers[i].established && !s.peers[i].eor_pending);
	ck_assert_str_eq(s.peers[2].addr, "10.2.1.1");
	bgp_summary_free(&s);
	ck_assert(!vrf_read(file, "azlab-s1-vm", bgp_neighbors_read, &s));
	ck_assert(!s.configured);
}
END_TEST

/* The summary of every VRF, captured from a shared bgpd just after its
 * configuration (the hubs have no peers yet, every session is Idle and
 * has never been up) and once s1-lan was down (its sessions were up
 * before). */
START_TEST(test_bgp_summary_every_vrf)
{
	const char *early = "shared-bgp-vrf-all-summary-early.json";
	const char *later = "shared-bgp-vrf-all-summary-lan-down.json";
	struct bgp_summary s;

	ck_assert(vrf_read(early, "azlab-hub1", bgp_summary_read, &s));
	ck_assert_uint_eq(s.n_peers, 0);
	ck_assert(vrf_read(early, "azlab-s1-ce", bgp_summary_read, &s));
	ck_assert(s.configured);
	ck_assert_int_eq(s.as, 64513);
	ck_assert_uint_eq(s.n_peers, 3);
	for (size_t i = 0; i < s.n_peers; i++) {
		ck_assert_str_eq(s.peers[i].state, "Idle");
		ck_assert(bgp_peer_never_up(&s.peers[i]));
	}
	bgp_summary_free(&s);

	ck_assert(vrf_read(later, "azlab-s1-ce", bgp_summary_read, &s));
	ck_assert_uint_eq(s.n_peers, 3);
	ck_assert_str_eq(s.peers[2].addr, "10.2.1.1");
	ck_assert_str_eq(s.peers[2].state, "Active");
	ck_assert(bgp_peer_pending(&s.peers[2]));
	ck_assert(!bgp_peer_never_up(&s.peers[2]));	/* down 3 s */
	ck_assert(s.peers[0].established && !bgp_peer_never_up(&s.peers[0]));
	bgp_summary_free(&s);
}
END_TEST

START_TEST(test_bgp_table)
{
	char *json = data("r2-bgp-table.json");
	struct bgp_table t;
	struct azerr e;

	ck_assert_int_eq(bgp_table_parse(json, &t, &e), 0);
	ck_assert(t.configured);
	ck_assert_int_eq(t.as, 65002);
	ck_assert_uint_eq(t.n_paths, 4);
	ck_assert_str_eq(t.paths[0].prefix, "10.9.0.0/24");
	ck_assert_str_eq(t.paths[0].nexthop, "10.0.12.1");
	ck_assert_str_eq(t.paths[0].as_path, "65001");
	ck_assert_str_eq(t.paths[0].origin, "IGP");
	ck_assert_int_eq(t.paths[0].local_pref, -1);	/* eBGP: none */
	ck_assert(t.paths[0].best && t.paths[0].valid);
	ck_assert_str_eq(t.paths[1].prefix, "10.77.0.0/16");
	ck_assert_str_eq(t.paths[1].nexthop, "0.0.0.0");	/* ours */
	ck_assert_str_eq(t.paths[1].origin, "incomplete");
	/* iBGP from r3, its next hop resolved only through itself */
	ck_assert_str_eq(t.paths[3].prefix, "192.0.2.3/32");
	ck_assert_int_eq(t.paths[3].local_pref, 100);
	ck_assert(!t.paths[3].valid && !t.paths[3].best);
	bgp_table_free(&t);
	free(json);
	ck_assert_int_eq(bgp_table_parse("{\"warning\":\"Default BGP instance "
					 "not found\"}", &t, &e), 0);
	ck_assert(!t.configured);
	ck_assert_uint_eq(t.n_paths, 0);
}
END_TEST

/* --- OSPF --------------------------------------------------------------- */

START_TEST(test_ospf_status)
{
	char *nbrs = data("r2-ospf-neighbors.json");
	char *ifs = data("r2-ospf-interfaces.json");
	const struct ospf_iface *i;
	struct ospf_status o;
	struct azerr e;

	ck_assert_int_eq(ospf_status_parse(nbrs, ifs, &o, &e), 0);
	ck_assert(o.configured);
	ck_assert_uint_eq(o.n_nbrs, 1);
	ck_assert_str_eq(o.nbrs[0].router_id, "192.0.2.3");
	ck_assert_str_eq(o.nbrs[0].iface, "r3");
	ck_assert_str_eq(o.nbrs[0].addr, "10.0.23.2");
	ck_assert_str_eq(o.nbrs[0].converged, "Full");
	ck_assert(!ospf_nbr_pending(&o, &o.nbrs[0]));
	ck_assert_uint_eq(o.n_ifaces, 2);
	i = ospf_iface_find(&o, "r3");
	ck_assert(ospf_iface_active(i));
	ck_assert_str_eq(i->state, "Point-To-Point");
	i = ospf_iface_find(&o, "lo");
	ck_assert(i->passive && i->loopback && !ospf_iface_active(i));
	ck_assert_ptr_null(ospf_iface_find(&o, "r1"));	/* no OSPF there */
	ck_assert(ospf_has_nbr_on(&o, "r3"));
	ospf_status_free(&o);
	ck_assert_int_eq(ospf_status_parse("{}", "{}", &o, &e), 0);
	ck_assert(!o.configured);
	free(nbrs);
	free(ifs);
}
END_TEST

/* A LAN's neighbor, in FRR 8.4's words (role: the neighbor's). */
#define LAN_NBR(state, conv, role) \
	"{\"neighbors\":{\"192.0.2.9\":[{\"state\":\"" state "\"," \
	"\"converged\":\"" conv "\",\"role\":\"" role "\"," \
	"\"ifaceAddress\":\"10.99.0.2\",\"ifaceName\":\"v1:10.99.0.1\"}]}}"
#define LAN_IF(state) \
	"{\"interfaces\":{\"v1\":{\"ifUp\":true,\"ospfEnabled\":true," \
	"\"networkType\":\"BROADCAST\",\"state\":\"" state "\"}}}"

static const struct {
	const char *nbrs, *ifs;
	bool pending;
} lan_cases[] = {
	{ LAN_NBR("Full/DR", "Full", "DR"), LAN_IF("Backup"), false },
	/* two routers that are neither DR nor BDR stay in 2-Way */
	{ LAN_NBR("2-Way/DROther", "2-Way", "DROther"), LAN_IF("DROther"),
	  false },
	/* ... but not while the DR is still being elected */
	{ LAN_NBR("2-Way/DROther", "2-Way", "DROther"), LAN_IF("Waiting"),
	  true },
	{ LAN_NBR("2-Way/DR", "2-Way", "DR"), LAN_IF("DROther"), true },
	{ LAN_NBR("Init/-", "Init", "DROther"), LAN_IF("DROther"), true },
	{ LAN_NBR("ExStart/DR", "ExStart", "DR"), LAN_IF("Backup"), true },
};

START_TEST(test_ospf_lan_rules)
{
	struct ospf_status o;
	struct azerr e;

	ck_assert_int_eq(ospf_status_parse(lan_cases[_i].nbrs,
					   lan_cases[_i].ifs, &o, &e), 0);
	ck_assert_uint_eq(o.n_nbrs, 1);
	ck_assert_str_eq(o.nbrs[0].iface, "v1");
	ck_assert_msg(ospf_nbr_pending(&o, &o.nbrs[0]) == lan_cases[_i].pending,
		      "case %d", _i);
	ospf_status_free(&o);
}
END_TEST

/* --- the judgement ------------------------------------------------------ */

static struct lab *test_lab(void)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load(TEST_DATADIR "/frr-lab.yaml", &d);

	ck_assert_msg(lab != NULL, "%s", d.n ? d.msgs[0] : "?");
	lab_diags_free(&d);
	return lab;
}

/* Views of r1, r2, r3 from the captured answers; r1's summary may be
 * the one with a stuck session, r3 may have heard no OSPF hello. */
static void views_make(const struct lab *lab, struct frr_view v[3],
		       const char *r1_summary, bool r3_deaf)
{
	static const char *const names[3] = { "r1", "r2", "r3" };
	struct azerr e;

	memset(v, 0, 3 * sizeof(*v));
	for (int i = 0; i < 3; i++) {
		char file[64], *sum, *nbrs, *ifs;

		v[i].node = lab_find_node(lab, names[i]);
		v[i].bgp = true;
		v[i].ospf = i > 0;
		snprintf(file, sizeof(file), "%s-bgp-summary.json", names[i]);
		sum = data(i == 0 ? r1_summary : file);
		ck_assert_int_eq(bgp_summary_parse(sum, &v[i].sum, &e), 0);
		free(sum);
		if (!v[i].ospf)
			continue;
		snprintf(file, sizeof(file), "%s-ospf-neighbors.json", names[i]);
		nbrs = i == 2 && r3_deaf ? strdup("{\"neighbors\":{}}")
					 : data(file);
		snprintf(file, sizeof(file), "%s-ospf-interfaces.json",
			 names[i]);
		ifs = data(file);
		ck_assert_int_eq(ospf_status_parse(nbrs, ifs, &v[i].os, &e), 0);
		free(nbrs);
		free(ifs);
	}
}

static void views_free(struct frr_view v[3])
{
	for (int i = 0; i < 3; i++) {
		bgp_summary_free(&v[i].sum);
		ospf_status_free(&v[i].os);
	}
}

START_TEST(test_judge_settled)
{
	struct lab *lab = test_lab();
	struct frr_verdict verdict;
	struct frr_view v[3];

	views_make(lab, v, "r1-bgp-summary.json", false);
	frr_judge(lab, v, 3, &verdict);
	ck_assert_uint_eq(verdict.n_stuck, 0);
	ck_assert_uint_eq(verdict.bgp_total, 4);	/* the shut one left out */
	ck_assert_uint_eq(verdict.bgp_up, 4);
	ck_assert_uint_eq(verdict.ospf_total, 2);
	ck_assert_uint_eq(verdict.ospf_up, 2);
	views_free(v);
	lab_free(lab);
}
END_TEST

START_TEST(test_judge_stuck_session)
{
	struct lab *lab = test_lab();
	struct frr_verdict verdict;
	struct frr_view v[3];

	views_make(lab, v, "r1-bgp-summary-stuck.json", false);
	frr_judge(lab, v, 3, &verdict);
	ck_assert_uint_eq(verdict.n_stuck, 1);
	ck_assert_str_eq(verdict.stuck[0], "r1: BGP session to 10.0.12.7 "
			 "(AS 65007) is Active");
	ck_assert_uint_eq(verdict.bgp_total, 5);
	ck_assert_uint_eq(verdict.bgp_up, 4);
	views_free(v);
	lab_free(lab);
}
END_TEST

/* A session that is down is on its way up while it went down lately,
 * or, never up, while its bgpd is new; past FRR_RECENT_MS it is down
 * and staying so (a peer across a shut link): the lab can be steady. */
START_TEST(test_judge_recent_sessions_are_transitional)
{
	struct lab *lab = test_lab();
	struct frr_verdict verdict;
	struct frr_view v[3];
	struct bgp_peer *p = NULL;

	views_make(lab, v, "r1-bgp-summary-stuck.json", false);
	for (size_t i = 0; i < v[0].sum.n_peers; i++)
		if (!v[0].sum.peers[i].established)
			p = &v[0].sum.peers[i];
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p->uptime_ms, 0);		/* "never" */
	for (int i = 0; i < 3; i++)
		v[i].ran_ms = FRR_RESTART_MS;
	v[0].ran_ms = 2000;			/* a new bgpd */
	frr_judge(lab, v, 3, &verdict);
	ck_assert_uint_eq(verdict.n_transitional, 2);	/* router, session */
	v[0].ran_ms = FRR_RESTART_MS;		/* an old one */
	frr_judge(lab, v, 3, &verdict);
	ck_assert_uint_eq(verdict.n_transitional, 0);
	ck_assert_uint_eq(verdict.n_stuck, 1);		/* down all the same */
	p->uptime_ms = FRR_RECENT_MS - 1;		/* down lately */
	frr_judge(lab, v, 3, &verdict);
	ck_assert_uint_eq(verdict.n_transitional, 1);
	snprintf(p->state, sizeof(p->state), "OpenSent");
	p->uptime_ms = FRR_RECENT_MS * 10;		/* opening: always */
	frr_judge(lab, v, 3, &verdict);
	ck_assert_uint_eq(verdict.n_transitional, 1);
	views_free(v);
	lab_free(lab);
}
END_TEST

START_TEST(test_judge_missing_ospf_neighbor)
{
	struct lab *lab = test_lab();
	struct frr_verdict verdict;
	struct frr_view v[3];

	views_make(lab, v, "r1-bgp-summary.json", true);
	frr_judge(lab, v, 3, &verdict);
	ck_assert_uint_eq(verdict.n_stuck, 1);
	ck_assert_str_eq(verdict.stuck[0], "r3: no OSPF neighbor on r2 "
			 "(toward r2)");
	ck_assert_uint_eq(verdict.ospf_total, 2);
	ck_assert_uint_eq(verdict.ospf_up, 1);
	views_free(v);
	lab_free(lab);
}
END_TEST

START_TEST(test_judge_waits_for_end_of_rib)
{
	char *early = data("r2-bgp-neighbors-early.json");
	struct lab *lab = test_lab();
	struct frr_verdict verdict;
	struct frr_view v[3];
	struct azerr e;

	views_make(lab, v, "r1-bgp-summary.json", false);
	bgp_summary_free(&v[1].sum);
	ck_assert_int_eq(bgp_neighbors_parse(early, &v[1].sum, &e), 0);
	frr_judge(lab, v, 3, &verdict);
	ck_assert_uint_eq(verdict.bgp_up, 4);	/* all Established ... */
	ck_assert_uint_eq(verdict.n_stuck, 2);	/* ... not all routes in */
	ck_assert_str_eq(verdict.stuck[0], "r2: BGP session to 10.0.12.1 "
			 "(AS 65001) has not sent all its routes (no "
			 "End-of-RIB)");
	views_free(v);
	lab_free(lab);
	free(early);
}
END_TEST

START_TEST(test_judge_not_ready)
{
	struct lab *lab = test_lab();
	struct frr_verdict verdict;
	struct frr_view v[3];

	views_make(lab, v, "r1-bgp-summary.json", false);
	v[0].configuring = true;
	snprintf(v[1].bgp_err, sizeof(v[1].bgp_err), "r2: bgpd is not "
		 "running (connecting to x: Connection refused)");
	/* {}: configured without neighbors, nothing to wait for */
	bgp_summary_free(&v[2].sum);
	frr_judge(lab, v, 3, &verdict);
	ck_assert_uint_eq(verdict.n_stuck, 2);
	ck_assert_str_eq(verdict.stuck[0], "r1: FRR has not got its "
			 "configuration yet");
	ck_assert_str_eq(verdict.stuck[1], "r2: bgpd is not running "
			 "(connecting to x: Connection refused)");
	ck_assert_uint_eq(verdict.bgp_total, 0);
	views_free(v);
	lab_free(lab);
}
END_TEST

/* frr_look asks no router while one is configuring: the others' views
 * are unasked, and only the one configuring is named */
START_TEST(test_judge_unasked_while_one_configures)
{
	struct lab *lab = test_lab();
	struct frr_verdict verdict;
	struct frr_view v[3];

	views_make(lab, v, "r1-bgp-summary.json", false);
	v[0].configuring = true;
	v[1].unasked = v[2].unasked = true;
	snprintf(v[1].bgp_err, sizeof(v[1].bgp_err), "not asked");
	frr_judge(lab, v, 3, &verdict);
	ck_assert_uint_eq(verdict.n_stuck, 1);
	ck_assert_uint_eq(verdict.n_transitional, 1);
	ck_assert_str_eq(verdict.stuck[0], "r1: FRR has not got its "
			 "configuration yet");
	ck_assert_uint_eq(verdict.bgp_total, 0);
	views_free(v);
	lab_free(lab);
}
END_TEST

START_TEST(test_settle)
{
	struct frr_wait w;

	frr_wait_init(&w, 0, 60000);
	ck_assert(!frr_settled(&w, 1, 0));
	ck_assert(!frr_settled(&w, 1, FRR_SETTLE_MS - 1));
	ck_assert(frr_settled(&w, 1, FRR_SETTLE_MS));
	/* a route moved: start again */
	ck_assert(!frr_settled(&w, 2, FRR_SETTLE_MS + 100));
	ck_assert(!frr_settled(&w, 2, 2 * FRR_SETTLE_MS + 99));
	ck_assert(frr_settled(&w, 2, 2 * FRR_SETTLE_MS + 100));
}
END_TEST

START_TEST(test_fingerprint_follows_tables)
{
	struct lab *lab = test_lab();
	struct frr_verdict a, b;
	struct frr_view v[3];

	views_make(lab, v, "r1-bgp-summary.json", false);
	frr_judge(lab, v, 3, &a);
	frr_judge(lab, v, 3, &b);
	ck_assert(a.fingerprint == b.fingerprint);
	v[2].rib_fib++;			/* a route installed in r3 */
	frr_judge(lab, v, 3, &b);
	ck_assert(a.fingerprint != b.fingerprint);
	v[2].rib_fib--;
	v[0].sum.peers[0].updates++;	/* an UPDATE for r1 */
	frr_judge(lab, v, 3, &b);
	ck_assert(a.fingerprint != b.fingerprint);
	views_free(v);
	lab_free(lab);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("frr");
	TCase *cmd = tcase_create("daemons");
	TCase *bgp = tcase_create("bgp");
	TCase *ospf = tcase_create("ospf");
	TCase *wait = tcase_create("wait");

	tcase_add_loop_test(cmd, test_needs, 0,
			    sizeof(needs_cases) / sizeof(needs_cases[0]));
	tcase_add_test(cmd, test_needs_real_config);
	tcase_add_loop_test(cmd, test_zebra_own_part, 0,
			    sizeof(zebra_part_cases) / sizeof(*zebra_part_cases));
	tcase_add_test(cmd, test_daemon_argv);
	tcase_add_test(cmd, test_push_argv);
	tcase_add_test(cmd, test_running_config);
	tcase_add_test(bgp, test_bgp_summary);
	tcase_add_test(bgp, test_bgp_summary_stuck);
	tcase_add_test(bgp, test_bgp_summary_odd);
	tcase_add_test(bgp, test_bgp_neighbors);
	tcase_add_test(bgp, test_bgp_neighbors_every_vrf);
	tcase_add_test(bgp, test_bgp_summary_every_vrf);
	tcase_add_test(bgp, test_bgp_table);
	tcase_add_test(ospf, test_ospf_status);
	tcase_add_loop_test(ospf, test_ospf_lan_rules, 0,
			    sizeof(lan_cases) / sizeof(lan_cases[0]));
	tcase_add_test(wait, test_judge_settled);
	tcase_add_test(wait, test_judge_unasked_while_one_configures);
	tcase_add_test(wait, test_judge_stuck_session);
	tcase_add_test(wait, test_judge_missing_ospf_neighbor);
	tcase_add_test(wait, test_judge_recent_sessions_are_transitional);
	tcase_add_test(wait, test_judge_waits_for_end_of_rib);
	tcase_add_test(wait, test_judge_not_ready);
	tcase_add_test(wait, test_settle);
	tcase_add_test(wait, test_fingerprint_follows_tables);
	suite_add_tcase(s, cmd);
	suite_add_tcase(s, bgp);
	suite_add_tcase(s, ospf);
	suite_add_tcase(s, wait);
	return run_suite(s) != 0;
}
