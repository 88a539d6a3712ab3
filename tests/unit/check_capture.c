/* SPDX-License-Identifier: ISC */
/* tcpdump's command line for azlab capture. */
#include <check.h>
#include <string.h>

#include "unit.h"
#include "core/strv.h"
#include "probe/capture.h"

static void assert_argv(char **argv, const char *want)
{
	char got[512] = "";

	ck_assert_ptr_nonnull(argv);
	for (size_t i = 0; argv[i] != NULL; i++) {
		if (i > 0)
			strcat(got, " ");
		strcat(got, argv[i]);
	}
	ck_assert_str_eq(got, want);
	strv_free(argv);
}

START_TEST(test_lines_as_they_come)
{
	struct capture_opts o = { .iface = "wan0" };

	assert_argv(capture_argv("/usr/bin/tcpdump", &o),
		    "/usr/bin/tcpdump -n -Z root -i wan0 -l");
}
END_TEST

START_TEST(test_pcap_to_stdout_with_count_and_filter)
{
	char *filter[] = { "udp", "port", "4500" };
	struct capture_opts o = { .iface = "wan0", .write = "-", .count = 4,
				  .filter = filter, .n_filter = 3 };

	assert_argv(capture_argv("/usr/bin/tcpdump", &o),
		    "/usr/bin/tcpdump -n -Z root -i wan0 -U -w - -c 4 "
		    "udp port 4500");
}
END_TEST

START_TEST(test_pcap_to_a_file)
{
	struct capture_opts o = { .iface = "msee1", .write = "/tmp/x.pcap" };

	assert_argv(capture_argv("/usr/sbin/tcpdump", &o),
		    "/usr/sbin/tcpdump -n -Z root -i msee1 -U -w /tmp/x.pcap");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("capture");
	TCase *tc = tcase_create("argv");

	tcase_add_test(tc, test_lines_as_they_come);
	tcase_add_test(tc, test_pcap_to_stdout_with_count_and_filter);
	tcase_add_test(tc, test_pcap_to_a_file);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
