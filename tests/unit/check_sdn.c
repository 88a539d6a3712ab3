/* SPDX-License-Identifier: ISC */
/* The SDN controller's decisions (sdn_rib.c) without a kernel: feeds in,
 * route changes out through a recording struct sdn_ops that can fail. */
#include <stdarg.h>
#include <stdio.h>

#include "lab_test.h"
#include "core/log.h"
#include "sdn/sdn.h"
#include "sdn/sdn_rib.h"

/* hub-vm: ER and VPN gateways, ER's dual-stack; spoke-vm: the same two,
 * IPv4 only; branch-vm: only the VPN gateway of another VNet. */
static const char lab_text[] =
	"name: t\n"
	"nodes:\n"
	"  - name: hub-vm\n"
	"    role: host\n"
	"    routes: [{ to: 10.10.30.0/24, dev: eth0, source: vnet }]\n"
	"    gateways:\n"
	"      - { node: hub-ergw, via: [10.10.30.132, \"2001:db8:30::132\"], "
	"type: expressroute }\n"
	"      - { node: hub-vpngw, via: 10.10.30.142, type: vpn }\n"
	"  - name: spoke-vm\n"
	"    role: host\n"
	"    routes: [{ to: 10.10.30.0/24, dev: eth0, source: peering }]\n"
	"    gateways:\n"
	"      - { node: hub-vpngw, via: 10.10.30.142, type: vpn }\n"
	"      - { node: hub-ergw, via: 10.10.30.132, type: expressroute }\n"
	"  - name: branch-vm\n"
	"    role: host\n"
	"    gateways: [{ node: branch-vpngw, via: 10.11.30.100, type: vpn }]\n"
	"  - { name: hub-ergw, role: router }\n"
	"  - { name: hub-vpngw, role: router }\n"
	"  - { name: branch-vpngw, role: router }\n"
	"  - { name: vnet, role: fabric }\n"
	"links:\n"
	"  - endpoints: [{ interface: hub-vm:eth0, address: [10.10.30.4/27, "
	"\"2001:db8:30::4/64\"] }, { interface: vnet:hub-vm }]\n"
	"  - endpoints: [{ interface: spoke-vm:eth0, address: 10.11.30.4/26 }, "
	"{ interface: vnet:spoke-vm }]\n"
	"  - endpoints: [{ interface: hub-ergw:vnet0, "
	"address: [10.10.30.132/27, \"2001:db8:30::132/64\"] }, "
	"{ interface: vnet:ergw }]\n"
	"  - endpoints: [{ interface: hub-vpngw:vnet0, "
	"address: 10.10.30.142/27 }, { interface: vnet:vpngw }]\n"
	"  - endpoints: [{ interface: branch-vm:eth0, "
	"address: 10.11.30.68/26 }, { interface: branch-vpngw:vnet0, "
	"address: 10.11.30.100/26 }]\n"
	"bridges:\n"
	"  - { node: vnet, name: br0, ports: [hub-vm, spoke-vm, ergw, "
	"vpngw] }\n";

static struct lab *lab;
static struct sdn_rib rib;

/* What the ops were asked, one line each; fail_at makes call N fail. */
static struct {
	char calls[64][96];
	size_t n;
	size_t fail_at;		/* 1-based; 0: never */
} rec;

static int record(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int record(const char *fmt, ...)
{
	va_list ap;

	ck_assert_uint_lt(rec.n, 64);
	va_start(ap, fmt);
	vsnprintf(rec.calls[rec.n++], sizeof(rec.calls[0]), fmt, ap);
	va_end(ap);
	return rec.n == rec.fail_at ? -1 : 0;
}

static int rec_set(void *ctx, const struct lab_node *vm,
		   const struct sdn_route *r, struct azerr *e)
{
	char dst[PREFIX_STRLEN], via[PREFIX_STRLEN];

	ck_assert_ptr_eq(ctx, &rec);
	if (record("set %s %s via %s metric %u", vm->name,
		   prefix_fmt(&r->dst, dst), addr_fmt(&r->via, via),
		   r->metric) < 0)
		return azerr_set(e, "Network is unreachable");
	return 0;
}

static int rec_del(void *ctx, const struct lab_node *vm,
		   const struct sdn_route *r, struct azerr *e)
{
	char dst[PREFIX_STRLEN];

	ck_assert_ptr_eq(ctx, &rec);
	if (record("del %s %s metric %u", vm->name, prefix_fmt(&r->dst, dst),
		   r->metric) < 0)
		return azerr_set(e, "Operation not permitted");
	return 0;
}

static const struct sdn_ops rec_ops = { rec_set, rec_del };

static void setup(void)
{
	struct lab_diags d = { 0 };
	struct azerr e;

	lab_dir_make();
	lab = lab_load_text(lab_text, &d);
	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	ck_assert_int_eq(sdn_rib_init(&rib, lab, &e), 0);
	memset(&rec, 0, sizeof(rec));
}

static void teardown(void)
{
	sdn_rib_free(&rib);
	lab_free(lab);
	lab_dir_remove();
}

static struct sdn_feed *feed(const char *gw)
{
	struct sdn_feed *f = sdn_rib_feed(&rib, lab_find_node(lab, gw));

	ck_assert_msg(f != NULL, "no feed %s", gw);
	return f;
}

static struct sdn_vm *vm(const char *name)
{
	for (size_t i = 0; i < rib.n_vms; i++)
		if (strcmp(rib.vms[i].node->name, name) == 0)
			return &rib.vms[i];
	ck_abort_msg("no VM %s", name);
	return NULL;
}

static struct sdn_gw_route gwr(const char *dst, unsigned metric)
{
	struct sdn_gw_route r = { .metric = metric };

	ck_assert_int_eq(prefix_parse(dst, &r.dst), 0);
	return r;
}

/* The gateway's route comes (add) or goes; want: did the feed change. */
static void bgp(const char *gw, bool add, const char *dst, int want)
{
	struct sdn_gw_route r = gwr(dst, 20);

	ck_assert_int_eq(sdn_feed_update(&rib, feed(gw), add, &r), want);
}

static void sync_expect(int failed, const char *const *want, size_t n)
{
	rec.n = 0;
	ck_assert_int_eq(sdn_sync(&rib, &rec_ops, &rec), failed);
	for (size_t i = 0; i < n && i < rec.n; i++)
		ck_assert_str_eq(rec.calls[i], want[i]);
	ck_assert_uint_eq(rec.n, n);
}

#define SYNC(failed, ...) do { \
	static const char *const w_[] = { __VA_ARGS__ }; \
	sync_expect(failed, w_, sizeof(w_) / sizeof(w_[0])); \
} while (0)
#define SYNC_NOTHING() sync_expect(0, NULL, 0)

START_TEST(test_rib_from_lab)
{
	ck_assert_uint_eq(rib.n_vms, 3);
	ck_assert_uint_eq(rib.n_feeds, 3);
	ck_assert_str_eq(rib.vms[0].node->name, "hub-vm");
	ck_assert_str_eq(rib.feeds[0].node->name, "hub-ergw");
	ck_assert_str_eq(rib.feeds[1].node->name, "hub-vpngw");
	ck_assert_str_eq(rib.feeds[2].node->name, "branch-vpngw");
	ck_assert_uint_eq(sdn_metric(GW_EXPRESSROUTE), 100);
	ck_assert_uint_eq(sdn_metric(GW_VPN), 200);
	ck_assert_uint_lt(SDN_METRIC_EXPRESSROUTE, SDN_METRIC_VPN);
	SYNC_NOTHING();
}
END_TEST

/* Both gateways have loc1; only the VPN gateway has the branch. Each VM
 * gets a route per gateway prefix, ER's with the lower metric; the
 * branch VM only hears of its own gateway. */
START_TEST(test_desired_both_gateways)
{
	struct sdn_route *want;
	char a[PREFIX_STRLEN];
	size_t n;

	bgp("hub-ergw", true, "10.2.30.0/25", 1);
	bgp("hub-vpngw", true, "10.11.30.64/26", 1);
	bgp("hub-vpngw", true, "10.2.30.0/25", 1);
	ck_assert_int_eq(sdn_desired(&rib, vm("hub-vm"), &want, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(prefix_fmt(&want[0].dst, a), "10.2.30.0/25");
	ck_assert_uint_eq(want[0].metric, 100);
	ck_assert_str_eq(addr_fmt(&want[0].via, a), "10.10.30.132");
	ck_assert_str_eq(want[0].gw->node->name, "hub-ergw");
	ck_assert_str_eq(prefix_fmt(&want[1].dst, a), "10.2.30.0/25");
	ck_assert_uint_eq(want[1].metric, 200);
	ck_assert_str_eq(addr_fmt(&want[1].via, a), "10.10.30.142");
	ck_assert_str_eq(prefix_fmt(&want[2].dst, a), "10.11.30.64/26");
	free(want);
	ck_assert_int_eq(sdn_desired(&rib, vm("branch-vm"), &want, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(want);
	ck_assert(vm("hub-vm")->dirty && vm("spoke-vm")->dirty);
	ck_assert(!vm("branch-vm")->dirty);
}
END_TEST

/* The failover drill: ER withdraws loc1, the VPN route (already there)
 * carries it; ER learns it again and is preferred again. */
START_TEST(test_er_withdraw_leaves_vpn)
{
	bgp("hub-ergw", true, "10.2.30.0/25", 1);
	bgp("hub-vpngw", true, "10.2.30.0/25", 1);
	SYNC(0, "set hub-vm 10.2.30.0/25 via 10.10.30.132 metric 100",
	     "set hub-vm 10.2.30.0/25 via 10.10.30.142 metric 200",
	     "set spoke-vm 10.2.30.0/25 via 10.10.30.132 metric 100",
	     "set spoke-vm 10.2.30.0/25 via 10.10.30.142 metric 200");
	bgp("hub-ergw", false, "10.2.30.0/25", 1);
	SYNC(0, "del hub-vm 10.2.30.0/25 metric 100",
	     "del spoke-vm 10.2.30.0/25 metric 100");
	bgp("hub-ergw", true, "10.2.30.0/25", 1);
	SYNC(0, "set hub-vm 10.2.30.0/25 via 10.10.30.132 metric 100",
	     "set spoke-vm 10.2.30.0/25 via 10.10.30.132 metric 100");
	ck_assert_uint_eq(vm("hub-vm")->n, 2);
	SYNC_NOTHING();
}
END_TEST

/* An IPv6 prefix goes through the gateway's IPv6 address, to the VMs
 * that have one for that gateway: the VPN gateway (IPv4 only) and
 * spoke-vm's view of ER give it no route. */
START_TEST(test_ipv6_prefix_via_ipv6_address)
{
	bgp("hub-ergw", true, "2001:db8:2::/64", 1);
	bgp("hub-vpngw", true, "2001:db8:2::/64", 1);
	bgp("hub-ergw", true, "10.2.30.0/25", 1);
	SYNC(0, "set hub-vm 10.2.30.0/25 via 10.10.30.132 metric 100",
	     "set hub-vm 2001:db8:2::/64 via 2001:db8:30::132 metric 100",
	     "set spoke-vm 10.2.30.0/25 via 10.10.30.132 metric 100");
	bgp("hub-ergw", false, "2001:db8:2::/64", 1);
	SYNC(0, "del hub-vm 2001:db8:2::/64 metric 100");
}
END_TEST

/* Announcing twice, withdrawing what is not there: no change at all. */
START_TEST(test_repeats_change_nothing)
{
	bgp("branch-vpngw", true, "10.10.30.0/24", 1);
	SYNC(0, "set branch-vm 10.10.30.0/24 via 10.11.30.100 metric 200");
	bgp("branch-vpngw", true, "10.10.30.0/24", 0);
	bgp("branch-vpngw", false, "10.99.0.0/16", 0);
	SYNC_NOTHING();
}
END_TEST

/* Two routes to one prefix in a gateway (another metric): the VM keeps
 * its route until both are gone. */
START_TEST(test_prefix_lasts_while_any_route)
{
	struct sdn_gw_route r1 = gwr("10.1.31.0/25", 20);
	struct sdn_gw_route r2 = gwr("10.1.31.0/25", 30);

	ck_assert_int_eq(sdn_feed_update(&rib, feed("hub-ergw"), true, &r1), 1);
	ck_assert_int_eq(sdn_feed_update(&rib, feed("hub-ergw"), true, &r2), 1);
	SYNC(0, "set hub-vm 10.1.31.0/25 via 10.10.30.132 metric 100",
	     "set spoke-vm 10.1.31.0/25 via 10.10.30.132 metric 100");
	ck_assert_int_eq(sdn_feed_update(&rib, feed("hub-ergw"), false, &r1),
			 1);
	SYNC_NOTHING();
	ck_assert_int_eq(sdn_feed_update(&rib, feed("hub-ergw"), false, &r2),
			 1);
	SYNC(0, "del hub-vm 10.1.31.0/25 metric 100",
	     "del spoke-vm 10.1.31.0/25 metric 100");
}
END_TEST

/* A failed change is retried by the next sync, and only it. */
START_TEST(test_failure_retried)
{
	bgp("hub-ergw", true, "10.2.30.0/25", 1);
	rec.fail_at = 1;
	SYNC(1, "set hub-vm 10.2.30.0/25 via 10.10.30.132 metric 100",
	     "set spoke-vm 10.2.30.0/25 via 10.10.30.132 metric 100");
	ck_assert(vm("hub-vm")->dirty);
	ck_assert(!vm("spoke-vm")->dirty);
	ck_assert_uint_eq(vm("hub-vm")->n, 0);
	rec.fail_at = 0;
	SYNC(0, "set hub-vm 10.2.30.0/25 via 10.10.30.132 metric 100");
	/* a failed removal stays installed, and is tried again */
	bgp("hub-ergw", false, "10.2.30.0/25", 1);
	rec.fail_at = 2;
	SYNC(1, "del hub-vm 10.2.30.0/25 metric 100",
	     "del spoke-vm 10.2.30.0/25 metric 100");
	ck_assert_uint_eq(vm("spoke-vm")->n, 1);
	rec.fail_at = 0;
	SYNC(0, "del spoke-vm 10.2.30.0/25 metric 100");
}
END_TEST

/* What a VM already has (a dump at start): kept if right, replaced if
 * through another next hop, removed if nothing explains it. */
START_TEST(test_start_from_what_is_installed)
{
	struct sdn_route have[3];
	struct sdn_vm *v = vm("hub-vm");

	memset(have, 0, sizeof(have));
	ck_assert_int_eq(prefix_parse("10.2.30.0/25", &have[0].dst), 0);
	ck_assert_int_eq(addr_parse("10.10.30.132", &have[0].via), 0);
	have[0].metric = 100;
	have[0].gw = sdn_vm_gateway(v, &have[0].via, 100);
	ck_assert_ptr_eq(have[0].gw, &v->node->gateways[0]);
	ck_assert_int_eq(prefix_parse("10.1.31.0/25", &have[1].dst), 0);
	ck_assert_int_eq(addr_parse("10.10.30.133", &have[1].via), 0);
	have[1].metric = 100;
	ck_assert_ptr_null(sdn_vm_gateway(v, &have[1].via, 100));
	ck_assert_int_eq(prefix_parse("10.9.0.0/16", &have[2].dst), 0);
	ck_assert_int_eq(addr_parse("10.10.30.142", &have[2].via), 0);
	have[2].metric = 200;
	/* the VPN gateway's address with ER's metric is not the VPN's */
	ck_assert_ptr_null(sdn_vm_gateway(v, &have[2].via, 100));
	ck_assert_int_eq(sdn_vm_reset(v, have, 3), 0);
	bgp("hub-ergw", true, "10.2.30.0/25", 1);
	bgp("hub-ergw", true, "10.1.31.0/25", 1);
	SYNC(0, "set hub-vm 10.1.31.0/25 via 10.10.30.132 metric 100",
	     "del hub-vm 10.9.0.0/16 metric 200",
	     "set spoke-vm 10.1.31.0/25 via 10.10.30.132 metric 100",
	     "set spoke-vm 10.2.30.0/25 via 10.10.30.132 metric 100");
}
END_TEST

/* A fresh dump replaces the feed: what it lacks is withdrawn. */
START_TEST(test_feed_reset)
{
	struct sdn_gw_route dump[] = {
		gwr("10.2.30.0/25", 20), gwr("10.1.31.0/25", 20),
	};

	bgp("hub-ergw", true, "10.17.30.0/27", 1);
	bgp("hub-ergw", true, "10.2.30.0/25", 1);
	SYNC(0, "set hub-vm 10.2.30.0/25 via 10.10.30.132 metric 100",
	     "set hub-vm 10.17.30.0/27 via 10.10.30.132 metric 100",
	     "set spoke-vm 10.2.30.0/25 via 10.10.30.132 metric 100",
	     "set spoke-vm 10.17.30.0/27 via 10.10.30.132 metric 100");
	ck_assert_int_eq(sdn_feed_reset(&rib, feed("hub-ergw"), dump, 2), 0);
	SYNC(0, "set hub-vm 10.1.31.0/25 via 10.10.30.132 metric 100",
	     "del hub-vm 10.17.30.0/27 metric 100",
	     "set spoke-vm 10.1.31.0/25 via 10.10.30.132 metric 100",
	     "del spoke-vm 10.17.30.0/27 metric 100");
}
END_TEST

START_TEST(test_diff)
{
	struct sdn_route want[2], have[2];
	struct sdn_diff d;

	memset(want, 0, sizeof(want));
	memset(have, 0, sizeof(have));
	prefix_parse("0.0.0.0/0", &want[0].dst);
	want[0].metric = 100;
	addr_parse("10.0.0.1", &want[0].via);
	prefix_parse("10.0.0.0/8", &want[1].dst);
	want[1].metric = 100;
	addr_parse("10.0.0.1", &want[1].via);
	have[0] = want[0];
	addr_parse("10.0.0.2", &have[0].via);	/* another next hop */
	have[1] = want[1];
	ck_assert_int_eq(sdn_diff(want, 2, have, 2, &d), 0);
	ck_assert_uint_eq(d.n_add, 1);
	ck_assert_uint_eq(d.n_del, 0);
	ck_assert(prefix_same_addr(&d.add[0].via, &want[0].via));
	sdn_diff_free(&d);
	ck_assert_int_eq(sdn_diff(NULL, 0, have, 2, &d), 0);
	ck_assert_uint_eq(d.n_add, 0);
	ck_assert_uint_eq(d.n_del, 2);
	sdn_diff_free(&d);
}
END_TEST

/* The daemon's log line for each change. */
START_TEST(test_describe_and_log)
{
	char path[sizeof(lab_dir) + 16], line[256], buf[256];
	struct sdn_route r;
	FILE *f;

	snprintf(path, sizeof(path), "%s/log", lab_dir);
	ck_assert_int_eq(log_init(LOG_TO_FILE, path), 0);
	bgp("hub-ergw", true, "10.2.30.0/25", 1);
	sdn_sync(&rib, &rec_ops, &rec);
	log_init(LOG_TO_STDERR, NULL);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_ptr_nonnull(strstr(line, " info hub-vm: 10.2.30.0/25 via "
				     "10.10.30.132 (ExpressRoute gateway "
				     "hub-ergw)\n"));
	fclose(f);
	unlink(path);
	r = vm("hub-vm")->installed[0];
	r.gw = &vm("hub-vm")->node->gateways[1];
	ck_assert_str_eq(sdn_route_describe(vm("hub-vm")->node, &r, true, buf,
					    sizeof(buf)),
			 "hub-vm: 10.2.30.0/25 via 10.10.30.132 withdrawn (VPN "
			 "gateway hub-vpngw)");
	r.gw = NULL;
	ck_assert_str_eq(sdn_route_describe(vm("hub-vm")->node, &r, true, buf,
					    sizeof(buf)),
			 "hub-vm: 10.2.30.0/25 via 10.10.30.132 withdrawn (no "
			 "gateway of the lab)");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sdn");
	TCase *tc = tcase_create("rib");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rib_from_lab);
	tcase_add_test(tc, test_desired_both_gateways);
	tcase_add_test(tc, test_er_withdraw_leaves_vpn);
	tcase_add_test(tc, test_ipv6_prefix_via_ipv6_address);
	tcase_add_test(tc, test_repeats_change_nothing);
	tcase_add_test(tc, test_prefix_lasts_while_any_route);
	tcase_add_test(tc, test_failure_retried);
	tcase_add_test(tc, test_start_from_what_is_installed);
	tcase_add_test(tc, test_feed_reset);
	tcase_add_test(tc, test_diff);
	tcase_add_test(tc, test_describe_and_log);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
