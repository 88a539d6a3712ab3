/* SPDX-License-Identifier: ISC */
/* azlab's own configuration push to bgpd (frr/frr_push.c): which lines
 * of a file are sent, and the session over a vty socket, against a
 * stand-in daemon that speaks the vty protocol (a NUL-terminated command;
 * the answer, three NULs and the status) and records what it was sent. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "frr/frr_vty.h"
#include "core/fsutil.h"
#include "proc/supervise.h"
#include "unit.h"

/* The lines of text that are sent, each followed by "|". */
static void sent_lines(const char *text, char *out, size_t len)
{
	struct frr_push_depth d = { 0 };
	char line[256];

	out[0] = '\0';
	while (*text != '\0') {
		size_t n = strcspn(text, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)n, text);
		text += n + (text[n] == '\n');
		if (frr_push_sends(&d, line)) {
			strncat(out, line, len - strlen(out) - 1);
			strncat(out, "|", len - strlen(out) - 1);
			frr_push_answered(&d, 0);	/* taken */
		}
	}
}

static const struct {
	const char *text, *sent;
} sends_cases[] = {
	/* comments, blank lines and "end" are not commands */
	{ "! c\n\nfrr defaults traditional\nend\n",
	  "frr defaults traditional|" },
	/* every block closed: every exit goes */
	{ "router bgp 1\n address-family ipv4 unicast\n  network 10.0.0.0/8\n"
	  " exit-address-family\nexit\n",
	  "router bgp 1| address-family ipv4 unicast|  network 10.0.0.0/8|"
	  " exit-address-family|exit|" },
	/* an exit with no block open would leave configuration mode;
	 * "hostname" is vtysh's */
	{ "hostname r1\nexit\nip prefix-list P seq 5 permit any\n",
	  "ip prefix-list P seq 5 permit any|" },
	/* a top-level statement inside a block leaves it (as the daemon
	 * does): the exit after it has no block to close */
	{ "router bgp 1\n neighbor P peer-group\nroute-map M permit 10\n"
	  " match ip address prefix-list P\nexit\nexit\n",
	  "router bgp 1| neighbor P peer-group|route-map M permit 10|"
	  " match ip address prefix-list P|exit|" },
	{ "router bgp 1\n address-family ipv4 unicast\n"
	  "bgp community-list standard C permit 1:1\nexit\n",
	  "router bgp 1| address-family ipv4 unicast|"
	  "bgp community-list standard C permit 1:1|" },
	/* "bgp router-id" is a router's: the block stays open */
	{ "router bgp 1\n bgp router-id 1.1.1.1\nexit\nexit\n",
	  "router bgp 1| bgp router-id 1.1.1.1|exit|" },
};

/* A block whose opening line the daemon refused is not open: the exit
 * after it would be one too many. */
START_TEST(test_push_refused_opener)
{
	struct frr_push_depth d = { 0, 0 };

	ck_assert(frr_push_sends(&d, "router bgp 1"));
	frr_push_answered(&d, 0);
	ck_assert(frr_push_sends(&d, "exit"));
	frr_push_answered(&d, 0);
	ck_assert(frr_push_sends(&d, "router bgp 2"));
	frr_push_answered(&d, 13);	/* "BGP is already running" */
	ck_assert_uint_eq(d.depth, 0);
	ck_assert(!frr_push_sends(&d, "exit"));
	/* a warning is no refusal (as FRR reading its own file has it) */
	ck_assert(frr_push_taken(1) && frr_push_taken(6));
	ck_assert(!frr_push_taken(2) && !frr_push_taken(13));
}
END_TEST

START_TEST(test_push_sends)
{
	char got[1024];

	sent_lines(sends_cases[_i].text, got, sizeof(got));
	ck_assert_msg(strcmp(got, sends_cases[_i].sent) == 0,
		      "case %d: sent '%s'", _i, got);
}
END_TEST

/* --- the session, against a stand-in daemon ---------------------------- */

/* Answers every command on one connection: refused (status 2) if it
 * holds "frobnicate", else done; writes what it got to record, one a
 * line. */
static void stand_in(int listener, const char *record)
{
	FILE *rec = fopen(record, "w");
	int fd = accept(listener, NULL, NULL);
	char cmd[512];
	size_t n = 0;
	char c;

	while (rec != NULL && fd >= 0 && read(fd, &c, 1) == 1) {
		if (c != '\0') {
			if (n < sizeof(cmd) - 1)
				cmd[n++] = c;
			continue;
		}
		cmd[n] = '\0';
		n = 0;
		fprintf(rec, "%s\n", cmd);
		if (strstr(cmd, "frobnicate") != NULL) {
			static const char no[] = "% [BGP] Unknown command: x\n"
						 "\0\0\0\2";
			if (write(fd, no, sizeof(no) - 1) < 0)
				break;
		} else if (write(fd, "\0\0\0\0", 4) < 0) {
			break;
		}
	}
	if (rec != NULL)
		fclose(rec);
	_exit(0);
}

/* Pushes text to a stand-in daemon: frr_push_file's result, what it
 * reported, and what the daemon got (*record, malloc'd). */
static int push_to_stand_in(const char *text, char *report, size_t len,
			    char **record)
{
	char dir[] = "/tmp/azlab-check-push-XXXXXX", sock[64], conf[64];
	char rec[64];
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	FILE *rep;
	struct azerr e;
	int lfd, status, rc;
	pid_t pid;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sock, sizeof(sock), "%s/bgpd.vty", dir);
	snprintf(conf, sizeof(conf), "%s/frr.conf", dir);
	snprintf(rec, sizeof(rec), "%s/record", dir);
	ck_assert_int_eq(file_write(conf, text, strlen(text)), 0);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	ck_assert_int_eq(listen(lfd, 1), 0);
	pid = fork();
	if (pid == 0)
		stand_in(lfd, rec);
	close(lfd);
	rep = fmemopen(report, len, "w");
	rc = frr_push_file(sock, conf, rep, &e);
	fclose(rep);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	*record = file_read(rec, NULL);
	/* no daemon: an error, not a refusal */
	unlink(sock);
	ck_assert_int_eq(frr_push_file(sock, conf, stdout, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "bgpd.vty"));
	unlink(conf);
	unlink(rec);
	ck_assert_int_eq(rmdir(dir), 0);
	return rc;
}

/* Files pushed to the stand-in: what it reports, what the daemon got. */
static const struct {
	const char *text, *report, *got;
} sessions[] = {
	{ "frr defaults traditional\r\n!\nrouter bgp 1\n"
	  " neighbor 10.0.0.2 frobnicate\nexit\nexit\n",
	  "line 4: % Unknown command: neighbor 10.0.0.2 frobnicate\n",
	  "enable\nconfigure terminal\nXFRR_start_configuration\n"
	  "frr defaults traditional\nrouter bgp 1\n"
	  " neighbor 10.0.0.2 frobnicate\nexit\n"
	  "XFRR_end_configuration\nend\n" },
	/* sent in a row, a refused opener then a line the top level takes
	 * too: the "exit" after them is not sent, as when each line waits
	 * for its answer (it would leave configuration mode) */
	{ "router bgp 1 frobnicate\n bgp update-delay 10\nexit\n"
	  "router bgp 2\nexit\n",
	  "line 1: % Unknown command: router bgp 1 frobnicate\n",
	  "enable\nconfigure terminal\nXFRR_start_configuration\n"
	  "router bgp 1 frobnicate\n bgp update-delay 10\nrouter bgp 2\n"
	  "exit\nXFRR_end_configuration\nend\n" },
};

START_TEST(test_push_session)
{
	char report[1024] = "", *got;

	ck_assert_int_eq(push_to_stand_in(sessions[_i].text, report,
					  sizeof(report), &got), 1);
	ck_assert_str_eq(report, sessions[_i].report);
	ck_assert_str_eq(got, sessions[_i].got);
	free(got);
}
END_TEST

/* Answers read in a row: several in one read, one split over reads, an
 * empty one, statuses kept apart. */
START_TEST(test_answers_in_a_row)
{
	static const char two[] = "first\0\0\0\0\0\0\0\2% warn";
	static const char rest[] = "ing\n\0\0\0\1";
	struct frr_vty_reader r = { 0 };
	struct azerr e;
	char *out;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	r.fd = sv[0];
	ck_assert_int_eq(write(sv[1], two, sizeof(two) - 1),
			 (ssize_t)sizeof(two) - 1);
	ck_assert_int_eq(frr_vty_next_answer(&r, sup_now_ms() + 1000, &out,
					     &e), 0);
	ck_assert_str_eq(out, "first");
	free(out);
	ck_assert_int_eq(frr_vty_next_answer(&r, sup_now_ms() + 1000, &out,
					     &e), 2);
	ck_assert_str_eq(out, "");
	free(out);
	ck_assert_int_eq(write(sv[1], rest, sizeof(rest) - 1),
			 (ssize_t)sizeof(rest) - 1);
	ck_assert_int_eq(frr_vty_next_answer(&r, sup_now_ms() + 1000, &out,
					     &e), 1);
	ck_assert_str_eq(out, "% warning\n");
	free(out);
	/* nothing more: no answer within the deadline */
	ck_assert_int_eq(frr_vty_next_answer(&r, sup_now_ms() + 50, &out, &e),
			 -1);
	ck_assert_str_eq(e.msg, "no answer");
	close(sv[1]);
	ck_assert_int_eq(frr_vty_next_answer(&r, sup_now_ms() + 1000, &out,
					     &e), -1);
	ck_assert_str_eq(e.msg, "connection closed");
	close(sv[0]);
	free(r.buf);
}
END_TEST

/* Found before the session starts: bgpd is never left configuring. */
START_TEST(test_push_line_too_long)
{
	char conf[] = "/tmp/azlab-check-push-long-XXXXXX";
	char *text = malloc(FRR_PUSH_LINE_MAX + 32);
	int fd = mkstemp(conf);
	struct azerr e;

	ck_assert_int_ge(fd, 0);
	close(fd);
	strcpy(text, "router bgp 1\n ");
	memset(text + strlen(text), 'x', FRR_PUSH_LINE_MAX);
	strcpy(text + strlen("router bgp 1\n ") + FRR_PUSH_LINE_MAX, "\n");
	ck_assert_int_eq(file_write(conf, text, strlen(text)), 0);
	/* no socket at that path: the length is what is reported */
	ck_assert_int_eq(frr_push_file("/nonexistent/bgpd.vty", conf, stdout,
				       &e), -1);
	ck_assert_str_eq(e.msg, "line 2: longer than 4095 bytes");
	unlink(conf);
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("frr_push");
	TCase *lines = tcase_create("lines");
	TCase *session = tcase_create("session");

	tcase_add_loop_test(lines, test_push_sends, 0,
			    sizeof(sends_cases) / sizeof(sends_cases[0]));
	tcase_add_test(lines, test_push_refused_opener);
	tcase_add_loop_test(session, test_push_session, 0,
			    sizeof(sessions) / sizeof(sessions[0]));
	tcase_add_test(session, test_answers_in_a_row);
	tcase_add_test(session, test_push_line_too_long);
	suite_add_tcase(s, lines);
	suite_add_tcase(s, session);
	return run_suite(s) != 0;
}
