/* SPDX-License-Identifier: ISC */
/* The instance (core/instance.h): defaults, the environment, the rules
 * its settings keep, the derived log directory, and the paths and names
 * that follow it. */
#include <check.h>
#include <stdlib.h>

#include "core/instance.h"
#include "frr/frr.h"
#include "ipsec/charon.h"
#include "model/lab.h"
#include "unit.h"

/* Each test from the defaults, whatever the one before set. */
static void instance_reset(void)
{
	struct instance_config none = { { NULL, "" }, { NULL, "" },
					{ NULL, "" } };
	struct azerr e;

	ck_assert_int_eq(instance_apply(&none, &e), 0);
	/* what apply exported too */
	unsetenv(INSTANCE_ENV_RUN_DIR);
	unsetenv(INSTANCE_ENV_NS_PREFIX);
	unsetenv(INSTANCE_ENV_LOG_DIR);
}

/* Applies the settings as the options would give them. */
static int apply(const char *run_dir, const char *ns_prefix,
		 const char *log_dir, struct azerr *e)
{
	struct instance_config c = {
		.run_dir = { run_dir, "--run-dir" },
		.ns_prefix = { ns_prefix, "--ns-prefix" },
		.log_dir = { log_dir, "--log-dir" },
	};

	return instance_apply(&c, e);
}

START_TEST(test_defaults)
{
	char ns[LAB_NS_NAME_MAX];

	ck_assert_str_eq(instance_run_dir(), "/run/azlab");
	ck_assert_str_eq(instance_ns_prefix(), "azlab-");
	ck_assert_str_eq(instance_log_dir(), "/var/log/azlab");
	ck_assert_str_eq(instance_log_file(), "/var/log/azlab/azlabd.log");
	ck_assert_str_eq(instance_path(INSTANCE_STATE), "/run/azlab/state");
	ck_assert_str_eq(instance_path(INSTANCE_STATE_TMP),
			 "/run/azlab/state.tmp");
	ck_assert_str_eq(instance_path(INSTANCE_LOCK), "/run/azlab/lock");
	ck_assert_str_eq(instance_path(INSTANCE_CONTROL),
			 "/run/azlab/control.sock");
	ck_assert_str_eq(instance_path(INSTANCE_SNAPSHOT), "/run/azlab/lab");
	ck_assert_str_eq(instance_path(INSTANCE_FRR_DIR), "/run/azlab/frr");
	ck_assert_str_eq(instance_path(INSTANCE_CHARON_DIR),
			 "/run/azlab/charon");
	ck_assert_str_eq(instance_path(INSTANCE_PSK_DIR),
			 "/run/azlab/ipsec-psk");
	ck_assert_str_eq(lab_ns_name("hub-vm", ns, sizeof(ns)),
			 "azlab-hub-vm");
	ck_assert_ptr_null(getenv(INSTANCE_ENV_RUN_DIR));
}
END_TEST

START_TEST(test_defaults_exported)
{
	struct instance_config c;
	struct azerr e;

	instance_config_from_env(&c);
	ck_assert_int_eq(instance_apply(&c, &e), 0);
	/* for the daemon, its children and scripts */
	ck_assert_str_eq(getenv(INSTANCE_ENV_RUN_DIR), "/run/azlab");
	ck_assert_str_eq(getenv(INSTANCE_ENV_NS_PREFIX), "azlab-");
	ck_assert_str_eq(getenv(INSTANCE_ENV_LOG_DIR), "/var/log/azlab");
}
END_TEST

START_TEST(test_from_env_derived_log_dir)
{
	struct instance_config c;
	struct azerr e;

	setenv(INSTANCE_ENV_RUN_DIR, "/run/azlab-b", 1);
	setenv(INSTANCE_ENV_NS_PREFIX, "azb-", 1);
	instance_config_from_env(&c);
	ck_assert_str_eq(c.run_dir.from, "AZLAB_RUN_DIR");
	ck_assert_ptr_null(c.log_dir.value);
	ck_assert_int_eq(instance_apply(&c, &e), 0);
	ck_assert_str_eq(instance_run_dir(), "/run/azlab-b");
	ck_assert_str_eq(instance_ns_prefix(), "azb-");
	ck_assert_str_eq(instance_log_dir(), "/var/log/azlab-b");
	ck_assert_str_eq(instance_log_file(), "/var/log/azlab-b/azlabd.log");
	ck_assert_str_eq(instance_path(INSTANCE_CONTROL),
			 "/run/azlab-b/control.sock");
	ck_assert_str_eq(getenv(INSTANCE_ENV_LOG_DIR), "/var/log/azlab-b");
}
END_TEST

START_TEST(test_empty_env_is_unset)
{
	struct instance_config c;

	setenv(INSTANCE_ENV_RUN_DIR, "", 1);
	setenv(INSTANCE_ENV_LOG_DIR, "/var/log/x", 1);
	instance_config_from_env(&c);
	ck_assert_ptr_null(c.run_dir.value);
	ck_assert_ptr_null(c.ns_prefix.value);
	ck_assert_str_eq(c.log_dir.value, "/var/log/x");
}
END_TEST

START_TEST(test_log_dir_given)
{
	struct azerr e;

	ck_assert_int_eq(apply("/run/azlab-b", "azb-", "/tmp/logs-b", &e), 0);
	ck_assert_str_eq(instance_log_dir(), "/tmp/logs-b");
	ck_assert_int_eq(apply(NULL, NULL, "/srv/azlab.log", &e), 0);
	ck_assert_str_eq(instance_run_dir(), "/run/azlab");
	ck_assert_str_eq(instance_log_file(), "/srv/azlab.log/azlabd.log");
}
END_TEST

START_TEST(test_paths_and_names_follow)
{
	char buf[128], ns[LAB_NS_NAME_MAX];
	struct frr_cmd c;
	struct azerr e;

	ck_assert_int_eq(apply("/run/azlab-b", "azb-", NULL, &e), 0);
	ck_assert_str_eq(lab_ns_name("hub-vm", ns, sizeof(ns)), "azb-hub-vm");
	ck_assert_int_eq(frr_path(buf, sizeof(buf), "r1", "frr.conf"), 0);
	ck_assert_str_eq(buf, "/run/azlab-b/frr/r1/frr.conf");
	ck_assert_int_eq(charon_vici_path(buf, sizeof(buf), "gw"), 0);
	ck_assert_str_eq(buf, "/run/azlab-b/charon/gw/charon.vici");
	/* FRR's pathspace (/run/frr/<it>) is the namespace's name: two
	 * instances' nodes of one name do not share it */
	ck_assert_int_eq(frr_daemon_cmd("r1", FRR_BGPD, &c), 0);
	ck_assert_str_eq(c.argv[1], "-N");
	ck_assert_str_eq(c.argv[2], "azb-r1");
}
END_TEST

START_TEST(test_longest_names_fit)
{
	char run_dir[INSTANCE_RUN_DIR_MAX + 1];
	char prefix[INSTANCE_NS_PREFIX_MAX + 1];
	char node[LAB_NAME_MAX + 1], ns[LAB_NS_NAME_MAX];
	struct azerr e;

	memset(run_dir, 'b', sizeof(run_dir) - 1);
	memcpy(run_dir, "/run/azlab-", 11);
	run_dir[sizeof(run_dir) - 1] = '\0';
	memset(prefix, 'p', sizeof(prefix) - 1);
	prefix[sizeof(prefix) - 2] = '-';
	prefix[sizeof(prefix) - 1] = '\0';
	memset(node, 'n', sizeof(node) - 1);
	node[sizeof(node) - 1] = '\0';
	ck_assert_int_eq(apply(run_dir, prefix, NULL, &e), 0);
	ck_assert_str_eq(instance_run_dir(), run_dir);
	ck_assert_uint_eq(strlen(lab_ns_name(node, ns, sizeof(ns))),
			  INSTANCE_NS_PREFIX_MAX + LAB_NAME_MAX);
	ck_assert_str_eq(instance_log_dir() + strlen("/var/log/"),
			 run_dir + strlen("/run/"));
}
END_TEST

/* What is refused, and the one line that says why. */
static const struct {
	const char *run_dir, *ns_prefix, *log_dir, *msg;
} refused[] = {
	{ "/run/azlab-b", "X", NULL, "--ns-prefix \"X\": must be 1 to 11 "
	  "lower-case letters or digits, then '-' (e.g. azb-)" },
	{ "/run/azlab-b", "azb", NULL, "--ns-prefix \"azb\": must be" },
	{ "/run/azlab-b", "-", NULL, "--ns-prefix \"-\": must be" },
	{ "/run/azlab-b", "azlab-b-", NULL, "--ns-prefix \"azlab-b-\": must" },
	{ "/run/azlab-b", "abcdefghijkl-", NULL, "\"abcdefghijkl-\": must" },
	{ "/run/azlab-b", "", NULL, "--ns-prefix \"\": must be" },
	{ "run/azlab-b", "azb-", NULL, "--run-dir \"run/azlab-b\": must be "
	  "an absolute path" },
	{ "/run/azlab-b/", "azb-", NULL, "\"/run/azlab-b/\": may have no "
	  "empty, \".\" or \"..\" part, nor a slash at the end" },
	{ "/run//azlab-b", "azb-", NULL, "\"/run//azlab-b\": may have no" },
	{ "/run/../azlab-b", "azb-", NULL, "\"/run/../azlab-b\": may have" },
	{ "/run/./azlab-b", "azb-", NULL, "\"/run/./azlab-b\": may have" },
	{ "/run/azlab b", "azb-", NULL, "\"/run/azlab b\": may hold only "
	  "letters, digits, '.', '_', '-' and '/'" },
	{ "/run/azlab-b\n", "azb-", NULL, "may hold only" },
	{ "/", "azb-", NULL, "--run-dir \"/\": may have no empty" },
	{ "/run/b", "azb-", NULL, "--run-dir \"/run/b\": its last part must "
	  "begin with \"azlab\"" },
	{ "/etc", "azb-", NULL, "--run-dir \"/etc\": its last part" },
	{ "/run/azlab-0123456789012345678901234567890123456789", "azb-", NULL,
	  "longer than 48 characters" },
	{ "/run/azlab-b", NULL, NULL, "--run-dir \"/run/azlab-b\": another "
	  "instance's run directory needs its own namespace prefix too" },
	{ "/run/azlab-b", "azlab-", NULL, "needs its own namespace prefix" },
	{ NULL, "azb-", NULL, "--ns-prefix \"azb-\": another instance's "
	  "namespace prefix needs its own run directory too" },
	{ "/run/azlab-b", "azb-", "logs", "--log-dir \"logs\": must be an "
	  "absolute path" },
	{ "/run/azlab-b", "azb-", "/var/log/a b", "may hold only" },
};

START_TEST(test_refused)
{
	struct azerr e = { "" };

	ck_assert_int_eq(apply(refused[_i].run_dir, refused[_i].ns_prefix,
			       refused[_i].log_dir, &e), -1);
	ck_assert_msg(strstr(e.msg, refused[_i].msg) != NULL,
		      "expected \"%s\" in \"%s\"", refused[_i].msg, e.msg);
	/* nothing changed */
	ck_assert_str_eq(instance_run_dir(), "/run/azlab");
	ck_assert_str_eq(instance_ns_prefix(), "azlab-");
	ck_assert_ptr_null(getenv(INSTANCE_ENV_NS_PREFIX));
}
END_TEST

START_TEST(test_accepted_prefixes)
{
	static const char *const ok[] = { "a-", "azb-", "0-", "abcdefghijk-" };
	struct azerr e;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ck_assert_msg(apply("/run/azlab-b", ok[i], NULL, &e) == 0,
			      "%s: %s", ok[i], e.msg);
		ck_assert_str_eq(instance_ns_prefix(), ok[i]);
	}
}
END_TEST

START_TEST(test_log_dir_too_long)
{
	char log_dir[INSTANCE_LOG_DIR_MAX + 2];
	struct azerr e;

	memset(log_dir, 'l', sizeof(log_dir) - 1);
	log_dir[0] = '/';
	log_dir[sizeof(log_dir) - 1] = '\0';
	ck_assert_int_eq(apply(NULL, NULL, log_dir, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "longer than 200 characters"));
	log_dir[sizeof(log_dir) - 2] = '\0';
	ck_assert_int_eq(apply(NULL, NULL, log_dir, &e), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("instance");
	TCase *tc = tcase_create("instance");

	tcase_add_checked_fixture(tc, instance_reset, NULL);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_defaults_exported);
	tcase_add_test(tc, test_from_env_derived_log_dir);
	tcase_add_test(tc, test_empty_env_is_unset);
	tcase_add_test(tc, test_log_dir_given);
	tcase_add_test(tc, test_paths_and_names_follow);
	tcase_add_test(tc, test_longest_names_fit);
	tcase_add_loop_test(tc, test_refused, 0,
			    sizeof(refused) / sizeof(refused[0]));
	tcase_add_test(tc, test_accepted_prefixes);
	tcase_add_test(tc, test_log_dir_too_long);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
