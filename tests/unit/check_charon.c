/* SPDX-License-Identifier: ISC */
/* charon's parts that need no running charon: which nodes get one, the
 * reference lab's ipsec-configs read and counted (no secret in them but
 * the %azlab-random placeholder), what `up` waits on before any charon
 * is configured, a bad file failing before anything starts, paths. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/instance.h"
#include "ipsec/charon.h"
#include "model/lab.h"
#include "ipsec/swanctl_conf.h"
#include "unit.h"
#include "ipsec/vici.h"

static struct lab *reference_lab(void)
{
	struct lab_diags d = { 0 };
	struct lab *lab = lab_load(LAB_DIR "/azure-interop.yaml", &d);

	ck_assert_msg(lab != NULL, "reference lab: %s",
		      d.n > 0 ? d.msgs[0] : "?");
	lab_diags_free(&d);
	return lab;
}

START_TEST(test_reference_nodes)
{
	struct lab *lab = reference_lab();
	const char *want[] = { "hub-vpngw", "branch-vpngw", "loc1-ce" };
	size_t n = 0;

	ck_assert(charon_lab_uses(lab));
	for (size_t i = 0; i < lab->n_nodes; i++) {
		if (lab->nodes[i]->ipsec_config == NULL)
			continue;
		ck_assert_uint_lt(n, 3);
		ck_assert_str_eq(lab->nodes[i]->name, want[n]);
		n++;
	}
	ck_assert_uint_eq(n, 3);
	lab_free(lab);
}
END_TEST

/* Before any charon runs, `up` waits on every configured CHILD_SA and
 * names the first node still missing some. */
START_TEST(test_judge_before_start)
{
	struct lab *lab = reference_lab();
	struct azerr e;
	struct charon_set *cs = charon_new(lab, &e);
	size_t up = 9, total = 0;
	char line[256];

	ck_assert_msg(cs != NULL, "%s", e.msg);
	ck_assert_int_eq(charon_judge(cs, &up, &total, line, sizeof(line)),
			 WAIT_NOT_YET);
	ck_assert_uint_eq(up, 0);
	ck_assert_uint_eq(total, 4);
	ck_assert_str_eq(line, "hub-vpngw: charon not configured yet");
	/* nothing is connected: no event slot has an fd */
	{
		struct pollfd pfd[3];

		ck_assert_uint_eq(charon_pollfds(cs, pfd, 3), 3);
		for (int i = 0; i < 3; i++)
			ck_assert_int_eq(pfd[i].fd, -1);
	}
	ck_assert_int_lt(charon_next_due(cs, 0, true), 0);
	charon_free(cs);
	lab_free(lab);
}
END_TEST

/* The repository holds no PSK: every secret is made at up. */
START_TEST(test_reference_secrets_are_generated)
{
	const char *files[] = { "hub-vpngw", "branch-vpngw", "loc1-ce" };

	for (size_t f = 0; f < 3; f++) {
		char path[512];
		struct azerr e;
		struct swan_conf *c;

		snprintf(path, sizeof(path), "%s/../ipsec-configs/%s.conf",
			 LAB_DIR, files[f]);
		c = swan_conf_load(path, &e);
		ck_assert_msg(c != NULL, "%s", e.msg);
		ck_assert_uint_ge(swan_conf_n_secrets(c), 1);
		for (size_t i = 0; i < swan_conf_n_secrets(c); i++) {
			struct vici_msg *m = swan_conf_load_shared_msg(c, i, &e);

			ck_assert_msg(m != NULL, "%s", e.msg);
			ck_assert_str_eq(vici_get_str(m, "data"),
					 CHARON_PSK_RANDOM);
			vici_msg_free(m);
		}
		swan_conf_free(c);
	}
}
END_TEST

START_TEST(test_bad_file_fails_before_start)
{
	char dir[] = "/tmp/azlab-check-charon-XXXXXX";
	char lab_path[64], conf[64];
	struct lab_diags d = { 0 };
	struct charon_set *cs;
	struct lab *lab;
	struct azerr e;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(lab_path, sizeof(lab_path), "%s/lab.yaml", dir);
	snprintf(conf, sizeof(conf), "%s/v.conf", dir);
	f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fputs("connections {\n\tc {\n", f);	/* unclosed */
	fclose(f);
	f = fopen(lab_path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("name: t\nnodes:\n  - { name: v, role: router, ipsec: v.conf }\n",
	      f);
	fclose(f);
	lab = lab_load(lab_path, &d);
	ck_assert_msg(lab != NULL, "%s", d.n > 0 ? d.msgs[0] : "?");
	cs = charon_new(lab, &e);
	ck_assert_ptr_null(cs);
	ck_assert_msg(strncmp(e.msg, "v: ", 3) == 0 &&
		      strstr(e.msg, "v.conf") != NULL, "message: %s", e.msg);
	lab_free(lab);
	unlink(conf);
	unlink(lab_path);
	rmdir(dir);
}
END_TEST

START_TEST(test_paths_and_names)
{
	char buf[128];

	ck_assert_int_eq(charon_path(buf, sizeof(buf), "hub-vpngw",
				     "charon.log"), 0);
	ck_assert_str_eq(buf, "/run/azlab/charon/hub-vpngw/charon.log");
	ck_assert_int_eq(charon_vici_path(buf, sizeof(buf), "hub-vpngw"), 0);
	ck_assert_str_eq(buf, "/run/azlab/charon/hub-vpngw/charon.vici");
	ck_assert_int_eq(charon_path(buf, sizeof(buf), "x", NULL), 0);
	ck_assert_str_eq(buf, "/run/azlab/charon/x");
	ck_assert_int_eq(charon_path(buf, 10, "hub-vpngw", NULL), -1);
	ck_assert_str_eq(esp_mode_name(ESP_LIBIPSEC), "libipsec");
	ck_assert_str_eq(esp_mode_name(ESP_KERNEL), "kernel");
}
END_TEST

/* The load line of a generated strongswan.conf. */
static char *load_line(enum esp_mode mode)
{
	char *buf = NULL, *line, *end;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	charon_conf_render(f, "n1", mode, "/run/azlab/charon/n1/charon.vici",
			   "/run/azlab/charon/n1/charon.log");
	fclose(f);
	line = strstr(buf, "\tload = ");
	ck_assert_ptr_nonnull(line);
	end = strchr(line, '\n');
	line = strndup(line + 1, (size_t)(end - line - 1));
	free(buf);
	return line;
}

START_TEST(test_conf_per_esp_mode)
{
	char *lib = load_line(ESP_LIBIPSEC), *kern = load_line(ESP_KERNEL);

	ck_assert_str_eq(lib, "load = random nonce aes sha1 sha2 hmac pem "
			 "pkcs1 pubkey curve25519 gmp kdf kernel-libipsec "
			 "kernel-netlink socket-default vici");
	ck_assert_str_eq(kern, "load = random nonce aes sha1 sha2 hmac pem "
			 "pkcs1 pubkey curve25519 gmp kdf kernel-netlink "
			 "socket-default vici");
	free(lib);
	free(kern);
}
END_TEST

START_TEST(test_esp_mode_override)
{
	char why[128] = "probed";

	ck_assert_int_eq(esp_mode_choose(NULL, ESP_LIBIPSEC, why,
					 sizeof(why)), ESP_LIBIPSEC);
	ck_assert_str_eq(why, "probed");
	ck_assert_int_eq(esp_mode_choose("", ESP_KERNEL, why, sizeof(why)),
			 ESP_KERNEL);
	ck_assert_int_eq(esp_mode_choose("kernel", ESP_LIBIPSEC, why,
					 sizeof(why)), ESP_KERNEL);
	ck_assert_str_eq(why, "AZLAB_ESP=kernel");
	ck_assert_int_eq(esp_mode_choose("libipsec", ESP_KERNEL, why,
					 sizeof(why)), ESP_LIBIPSEC);
	ck_assert_str_eq(why, "AZLAB_ESP=libipsec");
	ck_assert_int_eq(esp_mode_choose("xfrm", ESP_LIBIPSEC, why,
					 sizeof(why)), ESP_LIBIPSEC);
	ck_assert_str_eq(why, "AZLAB_ESP=xfrm is neither kernel nor "
			 "libipsec; the probe decided");
}
END_TEST

/* A fresh run directory for this instance, as another host would have. */
static void fresh_run_dir(char *dir)
{
	struct instance_config c = { .run_dir = { dir, "--run-dir" },
				     .ns_prefix = { "azpsk-", "--ns-prefix" } };
	struct azerr e;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_msg(instance_apply(&c, &e) == 0, "%s", e.msg);
}

/* What the other tests expect, when they run in this process
 * (CK_FORK=no, as under valgrind). */
static void default_instance(void)
{
	struct instance_config c = { { NULL, "" }, { NULL, "" },
				     { NULL, "" } };
	struct azerr e;

	ck_assert_int_eq(instance_apply(&c, &e), 0);
}

static void psk_cleanup(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Two hosts of a split lab, each with its own run directory, agree on a
 * %azlab-random PSK without talking; another lab or seed does not. The
 * keys are HMAC-SHA-256(SHA-256(seed), "azlab-psk\0LAB\0ID1\0ID2\0"),
 * ids in byte order (docs/multi-host.md), as Python's hmac computes it:
 * hosts with two builds of azlab must still agree. */
START_TEST(test_psk_shared_between_hosts)
{
	char d1[] = "/tmp/azlab-psk1-XXXXXX", d2[] = "/tmp/azlab-psk2-XXXXXX";
	char d3[] = "/tmp/azlab-psk3-XXXXXX", d4[] = "/tmp/azlab-psk4-XXXXXX";
	char d5[] = "/tmp/azlab-psk5-XXXXXX";
	char p1[80], p2[80], p3[80];
	struct azerr e;

	charon_psk_shared("lab1", NULL);
	fresh_run_dir(d1);
	ck_assert_int_eq(charon_psk("hub", "branch", p1, sizeof(p1), &e), 0);
	fresh_run_dir(d2);
	ck_assert_int_eq(charon_psk("branch", "hub", p2, sizeof(p2), &e), 0);
	ck_assert_str_eq(p1, "fb1fdb7e01419f6be4f74e301a049808"
			     "5cf8b3c8e5a119093dc4b67a60350557");
	ck_assert_str_eq(p1, p2);
	charon_psk_shared("lab1", "operator's seed");
	fresh_run_dir(d3);
	ck_assert_int_eq(charon_psk("hub", "branch", p3, sizeof(p3), &e), 0);
	ck_assert_str_eq(p3, "61d3f3d7beef1ff4143475d9301d45e2"
			     "de49d2004885889dcfeb63f217f49140");
	psk_cleanup(d3);
	/* another lab, or a lab on one machine: other keys */
	charon_psk_shared("lab2", NULL);
	fresh_run_dir(d4);
	ck_assert_int_eq(charon_psk("hub", "branch", p3, sizeof(p3), &e), 0);
	ck_assert_str_ne(p1, p3);
	psk_cleanup(d4);
	charon_psk_shared(NULL, NULL);
	fresh_run_dir(d5);
	ck_assert_int_eq(charon_psk("hub", "branch", p3, sizeof(p3), &e), 0);
	ck_assert_str_ne(p1, p3);
	psk_cleanup(d1);
	psk_cleanup(d2);
	psk_cleanup(d5);
	default_instance();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("charon");
	TCase *tc = tcase_create("charon");

	tcase_add_test(tc, test_reference_nodes);
	tcase_add_test(tc, test_judge_before_start);
	tcase_add_test(tc, test_reference_secrets_are_generated);
	tcase_add_test(tc, test_psk_shared_between_hosts);
	tcase_add_test(tc, test_bad_file_fails_before_start);
	tcase_add_test(tc, test_paths_and_names);
	tcase_add_test(tc, test_conf_per_esp_mode);
	tcase_add_test(tc, test_esp_mode_override);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
