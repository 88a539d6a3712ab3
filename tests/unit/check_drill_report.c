/* SPDX-License-Identifier: ISC */
/* The drill's report, text and JSON, from a report made by hand: the
 * figures of a real run on the reference lab (er1-failover). */
#include <check.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdlib.h>

#include "verdict/drill.h"
#include "unit.h"

static struct lab_node from = { .name = "loc1-vm" };
static struct lab_node ce = { .name = "loc1-ce" };
static struct lab_iface msee1 = { .name = "msee1", .node = &ce };
static struct lab_drill drill = {
	.name = "er1-failover", .from = &from, .to = "hub-vm",
	.shut = &msee1, .during = "loc1-hub-failover", .after = "loc1-hub",
	.interval_ms = 10, .timeout_s = 30,
};

static struct expect_hop hop(const char *addr)
{
	struct expect_hop h = { .star = addr == NULL };

	if (addr != NULL) {
		snprintf(h.alt[0], sizeof(h.alt[0]), "%s", addr);
		h.n_alt = 1;
	}
	return h;
}

static struct expect_hop er_hops[5], vpn_hops[3];
static struct expect_path er_path = { er_hops, 5 }, vpn_path = { vpn_hops, 3 };
static struct expect_case er_case = {
	.id = "loc1-hub", .paths = &er_path, .n_paths = 1,
};
static struct expect_case vpn_case = {
	.id = "loc1-hub-failover", .paths = &vpn_path, .n_paths = 1,
};

/* addrs: NULL for `*` */
static void trace_set(struct trace_result *r, const char *const *addrs,
		      size_t n)
{
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < n; i++) {
		r->hops[i].ttl = (int)i + 1;
		if (addrs[i] != NULL) {
			snprintf(r->hops[i].addr[0], PROBE_ADDR_MAX, "%s",
				 addrs[i]);
			r->hops[i].n_addrs = 1;
		}
	}
	r->n_hops = n;
	r->reached = true;
}

static struct drill_bgp_event events[] = {
	{ 4, "192.168.30.18", "Established", "Clearing" },
	{ 1069, "192.168.30.18", "Idle", "Established" },
};

static struct drill_report *report_make(void)
{
	static const char *const er[] = { "10.2.30.3", "192.168.30.0",
					  "192.168.30.18", NULL,
					  "10.10.30.4" };
	static const char *const vpn[] = { "10.2.30.3", "192.168.30.0",
					   "10.10.30.4" };
	struct drill_report *r = calloc(1, sizeof(*r));

	ck_assert_ptr_nonnull(r);
	for (size_t i = 0; i < 5; i++)
		er_hops[i] = hop(er[i]);
	for (size_t i = 0; i < 3; i++)
		vpn_hops[i] = hop(vpn[i]);
	r->drill = &drill;
	snprintf(r->addr, sizeof(r->addr), "10.10.30.4");
	r->during_case = &vpn_case;
	r->after_case = &er_case;
	trace_set(&r->before.seen, er, 5);
	r->before.traced = true;
	r->before.traces = 1;
	trace_set(&r->during.seen, vpn, 3);
	r->during = (struct drill_path){ r->during.seen, true, true, 1040,
					 2 };
	trace_set(&r->after.seen, er, 5);
	r->after = (struct drill_path){ r->after.seen, true, true, 1041, 2 };
	r->ping_ok = true;
	r->ping = (struct drill_ping){
		.transmitted = 211, .received = 203, .lost = 8,
		.failover = { 135.4, 8, 1, false },
	};
	r->bgp_ok = true;
	r->bgp.ev = events;
	r->bgp.n = 2;
	r->was_shut = true;
	r->restored = true;
	return r;
}

static char *render(const struct drill_report *r, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(out);
	if (json)
		drill_write_json(r, out);
	else
		drill_print_text(r, out);
	ck_assert_int_eq(fclose(out), 0);
	return buf;
}

START_TEST(test_text_passed)
{
	struct drill_report *r = report_make();
	char *text = render(r, false);

	ck_assert(drill_passed(r));
	ck_assert_str_eq(text,
		"drill er1-failover: loc1-vm -> hub-vm (10.10.30.4), shut "
		"loc1-ce:msee1\n"
		"  before    10.2.30.3, 192.168.30.0, 192.168.30.18, *, "
		"10.10.30.4\n"
		"  during    10.2.30.3, 192.168.30.0, 10.10.30.4  "
		"(loc1-hub-failover: 1040 ms after the shut, 2 traces)\n"
		"  after     10.2.30.3, 192.168.30.0, 192.168.30.18, *, "
		"10.10.30.4  (loc1-hub: 1041 ms after the restore, 2 traces)\n"
		"  ping      every 10 ms: 211 sent, 203 received, 8 lost\n"
		"  failover  135 ms outage, 8 lost\n"
		"  failback  0 ms outage, 0 lost\n"
		"  bgp       loc1-ce: 2 events (since the shut)\n"
		"    +4 ms 192.168.30.18 Established -> Clearing\n"
		"    +1069 ms 192.168.30.18 Idle -> Established\n"
		"drill er1-failover: passed\n");
	free(text);
	free(r);
}
END_TEST

/* The path never came back: the case, what was expected, FAILED. */
START_TEST(test_text_failed)
{
	struct drill_report *r = report_make();
	char *text;

	r->after.reached = false;
	r->after.seen = r->during.seen;
	r->ping.failback = (struct drill_outage){ 29000, 2900, 1, true };
	text = render(r, false);
	ck_assert(!drill_passed(r));
	ck_assert_ptr_nonnull(strstr(text,
		"  after     10.2.30.3, 192.168.30.0, 10.10.30.4  (loc1-hub NOT "
		"reached in 30 s: expected 10.2.30.3, 192.168.30.0, "
		"192.168.30.18, *, 10.10.30.4)\n"));
	ck_assert_ptr_nonnull(strstr(text, "  failback  29000 ms outage, "
				     "2900 lost (no reply since: still out "
				     "when the ping stopped)\n"));
	ck_assert_ptr_nonnull(strstr(text, "drill er1-failover: FAILED\n"));
	free(text);
	free(r);
}
END_TEST

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "no %s", key);
	return v;
}

START_TEST(test_json)
{
	struct drill_report *r = report_make();
	char *text;
	json_object *d, *p, *ev;

	r->signal = SIGINT;
	text = render(r, true);
	d = json_tokener_parse(text);
	ck_assert_msg(d != NULL, "not JSON: %s", text);
	ck_assert_str_eq(json_object_get_string(get(d, "drill")),
			 "er1-failover");
	ck_assert_str_eq(json_object_get_string(get(d, "shut")),
			 "loc1-ce:msee1");
	ck_assert_int_eq(json_object_get_int(get(d, "intervalMs")), 10);
	ck_assert_str_eq(json_object_get_string(get(get(d, "before"),
						    "path")),
			 "10.2.30.3, 192.168.30.0, 192.168.30.18, *, "
			 "10.10.30.4");
	p = get(d, "during");
	ck_assert_str_eq(json_object_get_string(get(p, "case")),
			 "loc1-hub-failover");
	ck_assert_str_eq(json_object_get_string(get(p, "expected")),
			 "10.2.30.3, 192.168.30.0, 10.10.30.4");
	ck_assert_str_eq(json_object_get_string(get(p, "path")),
			 "10.2.30.3, 192.168.30.0, 10.10.30.4");
	ck_assert(json_object_get_boolean(get(p, "reached")));
	ck_assert_int_eq(json_object_get_int(get(p, "ms")), 1040);
	ck_assert_int_eq(json_object_get_int(get(get(d, "ping"), "lost")), 8);
	p = get(d, "failover");
	ck_assert_double_eq_tol(json_object_get_double(get(p, "outageMs")),
				135.4, 0.001);
	ck_assert_int_eq(json_object_get_int(get(p, "lost")), 8);
	ck_assert(!json_object_get_boolean(get(p, "open")));
	ck_assert_double_eq(json_object_get_double(get(get(d, "failback"),
						       "outageMs")), 0);
	ev = get(get(d, "bgp"), "events");
	ck_assert_uint_eq(json_object_array_length(ev), 2);
	ck_assert_int_eq(json_object_get_int(get(json_object_array_get_idx(
			 ev, 1), "ms")), 1069);
	ck_assert_str_eq(json_object_get_string(get(json_object_array_get_idx(
			 ev, 0), "to")), "Clearing");
	ck_assert_str_eq(json_object_get_string(get(d, "interrupted")),
			 "SIGINT");
	ck_assert(json_object_get_boolean(get(d, "restored")));
	ck_assert(!json_object_get_boolean(get(d, "passed")));
	ck_assert(json_object_is_type(get(d, "error"), json_type_null));
	json_object_put(d);
	free(text);
	free(r);
}
END_TEST

/* Stopped before the ping ran: null figures, not zeros. */
START_TEST(test_json_no_ping)
{
	struct drill_report *r = report_make();
	char *text;
	json_object *d;

	r->ping_ok = false;
	r->during.traced = r->during.reached = false;
	snprintf(r->error, sizeof(r->error), "ping: fork: no memory");
	text = render(r, true);
	d = json_tokener_parse(text);
	ck_assert_msg(d != NULL, "not JSON: %s", text);
	ck_assert(json_object_is_type(get(d, "ping"), json_type_null));
	ck_assert(json_object_is_type(get(d, "failover"), json_type_null));
	ck_assert(json_object_is_type(get(get(d, "during"), "path"),
				      json_type_null));
	ck_assert(json_object_is_type(get(get(d, "during"), "ms"),
				      json_type_null));
	ck_assert_str_eq(json_object_get_string(get(d, "error")),
			 "ping: fork: no memory");
	json_object_put(d);
	free(text);
	free(r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("drill_report");
	TCase *tc = tcase_create("report");

	tcase_add_test(tc, test_text_passed);
	tcase_add_test(tc, test_text_failed);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_json_no_ping);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
