/* SPDX-License-Identifier: ISC */
/* swanctl.conf: the parsed tree as load-conn and load-shared requests
 * (compared as walks), list keys split, connection/child names, and
 * every error as FILE:LINE: message. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipsec/swanctl_conf.h"
#include "unit.h"

static const char conf[] =
	"# azlab: on-prem VPN device to the hub VPN gateway\n"
	"connections {\n"
	"    hub-vpngw {\n"
	"        version = 2\n"
	"        local_addrs  = 203.0.113.10\n"
	"        remote_addrs = 203.0.113.20, 203.0.113.21 # two instances\n"
	"        proposals = aes256-sha256-modp2048\n"
	"        local-1 {\n"
	"            auth = psk\n"
	"            id = \"loc1-vpn\"\n"
	"        }\n"
	"        remote { auth = psk\n"
	"            id = 203.0.113.20\n"
	"        }\n"
	"        children {\n"
	"            net {\n"
	"                local_ts  = 10.2.30.0/24,10.2.31.0/24\n"
	"                remote_ts = 0.0.0.0/0\n"
	"                esp_proposals = aes256gcm16, aes128-sha256\n"
	"                start_action = none\n"
	"            }\n"
	"            vti\n"
	"            {\n"
	"                mark_in = 42\n"
	"            }\n"
	"        }\n"
	"    }\n"
	"    second { }\n"
	"}\n"
	"secrets {\n"
	"    ike-hub {\n"
	"        id-a = loc1-vpn\n"
	"        id-b = 203.0.113.20\n"
	"        secret = 0x736563726574\n"
	"    }\n"
	"    ike-b64 { secret = 0sc2VjcmV0Cg==\n"
	"    }\n"
	"    ike-plain { id = x\n secret = \"two words\" }\n"
	"}\n";

struct trace {
	char s[1024];
};

static void tr(struct trace *t, const char *a, size_t len, const char *sfx)
{
	size_t n = strlen(t->s);

	snprintf(t->s + n, sizeof(t->s) - n, "%.*s%s", (int)len, a, sfx);
}

static int t_ss(void *c, const char *n) { tr(c, n, strlen(n), "{"); return 0; }
static int t_se(void *c) { tr(c, "", 0, "}"); return 0; }
static int t_kv(void *c, const char *k, const char *v, size_t len)
{
	tr(c, k, strlen(k), "=");
	tr(c, v, len, ";");
	return 0;
}
static int t_ls(void *c, const char *n) { tr(c, n, strlen(n), "["); return 0; }
static int t_li(void *c, const char *v, size_t len)
{
	tr(c, v, len, ",");
	return 0;
}
static int t_le(void *c) { tr(c, "", 0, "]"); return 0; }

static const struct vici_walk tracer = { t_ss, t_se, t_kv, t_ls, t_li,
					 t_le };

static struct swan_conf *parse_ok(const char *text)
{
	struct azerr e;
	struct swan_conf *c = swan_conf_parse(text, "t.conf", &e);

	ck_assert_msg(c != NULL, "%s", e.msg);
	return c;
}

START_TEST(test_names)
{
	struct swan_conf *c = parse_ok(conf);

	ck_assert_uint_eq(swan_conf_n_conns(c), 2);
	ck_assert_str_eq(swan_conf_conn_name(c, 0), "hub-vpngw");
	ck_assert_str_eq(swan_conf_conn_name(c, 1), "second");
	ck_assert_ptr_null(swan_conf_conn_name(c, 2));
	ck_assert_uint_eq(swan_conf_n_children(c, 0), 2);
	ck_assert_str_eq(swan_conf_child_name(c, 0, 0), "net");
	ck_assert_str_eq(swan_conf_child_name(c, 0, 1), "vti");
	ck_assert_uint_eq(swan_conf_n_children(c, 1), 0);
	ck_assert_uint_eq(swan_conf_n_secrets(c), 3);
	swan_conf_free(c);
}
END_TEST

START_TEST(test_load_conn)
{
	struct swan_conf *c = parse_ok(conf);
	struct trace t = { "" };
	struct azerr e;
	struct vici_msg *m = swan_conf_load_conn_msg(c, 0, &e);
	unsigned char *buf;
	size_t len;

	ck_assert_msg(m != NULL, "%s", e.msg);
	vici_walk(m, &tracer, &t);
	ck_assert_str_eq(t.s,
		"hub-vpngw{version=2;local_addrs[203.0.113.10,]"
		"remote_addrs[203.0.113.20,203.0.113.21,]"
		"proposals[aes256-sha256-modp2048,]"
		"local-1{auth=psk;id=loc1-vpn;}"
		"remote{auth=psk;id=203.0.113.20;}"
		"children{net{local_ts[10.2.30.0/24,10.2.31.0/24,]"
		"remote_ts[0.0.0.0/0,]esp_proposals[aes256gcm16,aes128-sha256,]"
		"start_action=none;}vti{mark_in=42;}}}");
	ck_assert_str_eq(vici_get_str(m, "hub-vpngw.children.net.start_action"),
			 "none");
	ck_assert_int_eq(vici_msg_encode(m, &buf, &len), 0);
	free(buf);
	vici_msg_free(m);
	m = swan_conf_load_conn_msg(c, 1, &e);
	memset(&t, 0, sizeof(t));
	vici_walk(m, &tracer, &t);
	ck_assert_str_eq(t.s, "second{}");
	vici_msg_free(m);
	swan_conf_free(c);
}
END_TEST

/* The daemon holds start_action back from load-conn and initiates
 * itself: the key is readable per child and left out of the request. */
START_TEST(test_start_action_held_back)
{
	struct swan_conf *c = parse_ok(conf);
	struct azerr e;
	struct vici_msg *m;

	ck_assert_str_eq(swan_conf_child_get(c, 0, 0, "start_action"), "none");
	ck_assert_ptr_null(swan_conf_child_get(c, 0, 1, "start_action"));
	ck_assert_ptr_null(swan_conf_child_get(c, 0, 2, "start_action"));
	ck_assert_ptr_null(swan_conf_child_get(c, 1, 0, "start_action"));
	m = swan_conf_load_conn_msg(c, 0, &e);
	ck_assert_str_eq(vici_get_str(m, "hub-vpngw.children.net.start_action"),
			 "none");
	vici_msg_free(m);
	m = swan_conf_load_conn_msg_skip(c, 0, "start_action", &e);
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_null(vici_get_str(m, "hub-vpngw.children.net.start_action"));
	ck_assert_str_eq(vici_get_str(m, "hub-vpngw.children.vti.mark_in"), "42");
	vici_msg_free(m);
	swan_conf_free(c);
}
END_TEST

START_TEST(test_load_shared)
{
	static const char *const want[] = {
		"id=ike-hub;type=IKE;data=secret;owners[loc1-vpn,203.0.113.20,]",
		"id=ike-b64;type=IKE;data=secret\n;owners[]",
		"id=ike-plain;type=IKE;data=two words;owners[x,]",
	};
	struct swan_conf *c = parse_ok(conf);
	struct azerr e;

	for (size_t i = 0; i < 3; i++) {
		struct vici_msg *m = swan_conf_load_shared_msg(c, i, &e);
		struct trace t = { "" };

		ck_assert_msg(m != NULL, "%s", e.msg);
		vici_walk(m, &tracer, &t);
		ck_assert_str_eq(t.s, want[i]);
		vici_msg_free(m);
	}
	swan_conf_free(c);
}
END_TEST

static const struct {
	const char *text;
	const char *err;
} bad[] = {
	{ "a {\n b = 1\n", "t.conf:1: section 'a' is never closed" },
	{ "a = 1\n}\n", "t.conf:2: '}' without a section" },
	{ "include /etc/x.conf\n", "t.conf:1: include is not supported" },
	{ "a {\n b\n}\n", "t.conf:3: expected '=' or '{' after 'b'" },
	{ "a : b {\n}\n", "t.conf:1: expected '=' or '{' after 'a'" },
	{ "\n\n= 1\n", "t.conf:3: unexpected '='" },
	{ "a {\n x = 1\n x = 2\n}", "t.conf:3: duplicate 'x' (first at line 2)" },
	{ "a = \"open\n", "t.conf:1: unterminated quoted value" },
	{ "connections = 1\n", "t.conf:1: 'connections' must be a section" },
	{ "connections {\n c {\n }\n k = v\n}\n",
	  "t.conf:4: 'k' must be a section" },
	{ "secrets {\n eap-x {\n secret = s\n }\n}\n",
	  "t.conf:2: secret 'eap-x': only ike secrets are supported" },
};

START_TEST(test_errors)
{
	struct azerr e = { "" };

	ck_assert_ptr_null(swan_conf_parse(bad[_i].text, "t.conf", &e));
	ck_assert_str_eq(e.msg, bad[_i].err);
}
END_TEST

static const struct {
	const char *text;
	const char *err;
} bad_secret[] = {
	{ "secrets {\n ike-1 {\n id = a\n }\n}\n",
	  "t.conf:2: secret 'ike-1' has no 'secret' key" },
	{ "secrets {\n ike-1 {\n secret = 0x12g4\n }\n}\n",
	  "t.conf:3: secret of 'ike-1' is not valid hex" },
	{ "secrets {\n ike-1 {\n secret = 0s!!\n }\n}\n",
	  "t.conf:3: secret of 'ike-1' is not valid base64" },
	{ "secrets {\n ike-1 {\n secret = s\n foo = 1\n }\n}\n",
	  "t.conf:4: unknown key 'foo' in secret 'ike-1'" },
};

/* n sections, one inside the other: "s {\n" n times, then "}\n" n
 * times. */
static char *nested(int n)
{
	char *text = malloc((size_t)n * 6 + 1), *p = text;

	ck_assert_ptr_nonnull(text);
	for (int i = 0; i < n; i++)
		p = stpcpy(p, "s {\n");
	for (int i = 0; i < n; i++)
		p = stpcpy(p, "}\n");
	return text;
}

/* Under fuzz_swanctl, 70000 nested sections overflowed the stack of
 * the recursive parser (tests/fuzz/regress/swanctl/deep-nesting.conf);
 * 32 levels are allowed, 33 are an error. */
START_TEST(test_depth)
{
	struct azerr e = { "" };
	char *text = nested(32);

	swan_conf_free(parse_ok(text));
	free(text);
	text = nested(33);
	ck_assert_ptr_null(swan_conf_parse(text, "t.conf", &e));
	ck_assert_str_eq(e.msg, "t.conf:33: sections nested deeper than 32");
	free(text);
	text = nested(1000000);
	ck_assert_ptr_null(swan_conf_parse(text, "t.conf", &e));
	free(text);
}
END_TEST

START_TEST(test_secret_errors)
{
	struct swan_conf *c = parse_ok(bad_secret[_i].text);
	struct azerr e = { "" };

	ck_assert_ptr_null(swan_conf_load_shared_msg(c, 0, &e));
	ck_assert_str_eq(e.msg, bad_secret[_i].err);
	/* the secret itself never shows in a message */
	ck_assert_ptr_null(strstr(e.msg, "0x12g4"));
	swan_conf_free(c);
}
END_TEST

START_TEST(test_load_file)
{
	char path[] = "/tmp/swanctl-test.XXXXXX";
	int fd = mkstemp(path);
	struct swan_conf *c;
	struct azerr e;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "connections {\n c {\n", 19), 19);
	close(fd);
	ck_assert_ptr_null(swan_conf_load(path, &e));
	ck_assert_ptr_nonnull(strstr(e.msg, ":2: section 'c' is never closed"));
	ck_assert_int_eq(strncmp(e.msg, path, strlen(path)), 0);
	unlink(path);
	ck_assert_ptr_null(swan_conf_load(path, &e));
	ck_assert_ptr_nonnull(strstr(e.msg, "No such file or directory"));
	c = NULL;
	swan_conf_free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("swanctl");
	TCase *tc = tcase_create("conf");

	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_load_conn);
	tcase_add_test(tc, test_load_shared);
	tcase_add_test(tc, test_start_action_held_back);
	tcase_add_loop_test(tc, test_errors, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_depth);
	tcase_add_loop_test(tc, test_secret_errors, 0,
			    sizeof(bad_secret) / sizeof(bad_secret[0]));
	tcase_add_test(tc, test_load_file);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
