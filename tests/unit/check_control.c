/* SPDX-License-Identifier: ISC */
/* The control-socket codec: framing and argv encoding, over a socketpair. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "run/control.h"
#include "unit.h"

START_TEST(test_args_roundtrip)
{
	char *in[] = { "status", "--json", "" };
	char buf[64], *out[CTL_ARGS_MAX + 1];
	size_t len = ctl_args_encode(in, 3, buf, sizeof(buf));

	ck_assert_uint_eq(len, sizeof("status") + sizeof("--json") + 1);
	ck_assert_int_eq(ctl_args_decode(buf, len, out), 3);
	ck_assert_str_eq(out[0], "status");
	ck_assert_str_eq(out[1], "--json");
	ck_assert_str_eq(out[2], "");
	ck_assert_ptr_null(out[3]);
}
END_TEST

START_TEST(test_args_rejects)
{
	char *out[CTL_ARGS_MAX + 1];
	char unterminated[] = { 'a', 'b' };
	char many[CTL_ARGS_MAX + 1];
	char small[4];
	char *in[] = { "toolong" };

	ck_assert_int_eq(ctl_args_decode(unterminated, 2, out), -1);
	memset(many, 0, sizeof(many));	/* CTL_ARGS_MAX + 1 empty args */
	ck_assert_int_eq(ctl_args_decode(many, sizeof(many), out), -1);
	ck_assert_uint_eq(ctl_args_encode(in, 1, small, sizeof(small)), 0);
}
END_TEST

START_TEST(test_frames_over_socketpair)
{
	struct ctl_hdr hdr;
	char *data;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(ctl_send(sv[0], CTL_STDOUT, "hello\n", 6), 0);
	ck_assert_int_eq(ctl_send(sv[0], CTL_EXIT, "3", 1), 0);
	close(sv[0]);
	ck_assert_int_eq(ctl_recv(sv[1], &hdr, &data), 0);
	ck_assert_uint_eq(hdr.type, CTL_STDOUT);
	ck_assert_uint_eq(hdr.len, 6);
	ck_assert_str_eq(data, "hello\n");
	free(data);
	ck_assert_int_eq(ctl_recv(sv[1], &hdr, &data), 0);
	ck_assert_uint_eq(hdr.type, CTL_EXIT);
	ck_assert_str_eq(data, "3");
	free(data);
	ck_assert_int_eq(ctl_recv(sv[1], &hdr, &data), 1);	/* clean end */
	close(sv[1]);
}
END_TEST

static void recv_bad(const void *bytes, size_t len)
{
	struct ctl_hdr hdr;
	char *data;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(write(sv[0], bytes, len), (ssize_t)len);
	close(sv[0]);
	ck_assert_int_eq(ctl_recv(sv[1], &hdr, &data), -1);
	ck_assert_ptr_null(data);
	close(sv[1]);
}

START_TEST(test_rejects_malformed)
{
	struct ctl_hdr bad_type = { 99, 0 };
	struct ctl_hdr huge = { CTL_STDOUT, CTL_PAYLOAD_MAX + 1 };
	struct {
		struct ctl_hdr h;
		char body[3];
	} truncated = { { CTL_STDOUT, 10 }, "abc" };

	recv_bad(&bad_type, sizeof(bad_type));
	recv_bad(&huge, sizeof(huge));
	recv_bad(&truncated, sizeof(truncated));
	recv_bad(&bad_type, 3);			/* half a header */
}
END_TEST

/* The statuses are the wire format: a daemon started by another azlab
 * build must still be understood. */
START_TEST(test_converged_statuses)
{
	ck_assert_int_eq(CONVERGED, 0);
	ck_assert_int_eq(CONVERGED_NEVER, 1);
	ck_assert_int_eq(CONVERGED_NOT_YET, 3);
	ck_assert_int_eq(CONVERGED_STEADY, 4);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("control");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_args_roundtrip);
	tcase_add_test(tc, test_args_rejects);
	tcase_add_test(tc, test_frames_over_socketpair);
	tcase_add_test(tc, test_rejects_malformed);
	tcase_add_test(tc, test_converged_statuses);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
