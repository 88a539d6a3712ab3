/* SPDX-License-Identifier: ISC */
/* The progress protocol between the daemon and `azlab up`: every kind
 * of line through the encoder and back, the lines it must refuse, and
 * the reader over a pipe, lines split and joined as reads bring them. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "run/progress.h"
#include "unit.h"

static struct progress_msg msg(enum progress_kind kind, size_t done,
			       size_t total, const char *text)
{
	struct progress_msg m = { .kind = kind, .done = done, .total = total };

	snprintf(m.text, sizeof(m.text), "%s", text);
	return m;
}

/* Encodes m, checks the line, decodes it: the same message. */
static void roundtrip(struct progress_msg m, const char *want)
{
	char line[PROGRESS_LINE_MAX + 1];
	struct progress_msg back;
	size_t n = progress_encode(&m, line);

	ck_assert_str_eq(line, want);
	ck_assert_uint_eq(n, strlen(want));
	ck_assert(progress_decode(line, n - 1, &back));
	ck_assert_int_eq(back.kind, m.kind);
	ck_assert_uint_eq(back.done, m.kind == PROGRESS_STEP ? m.done : 0);
	ck_assert_uint_eq(back.total, m.kind == PROGRESS_STEP ? m.total : 0);
	ck_assert_str_eq(back.text, m.text);
}

START_TEST(test_roundtrip_every_kind)
{
	roundtrip(msg(PROGRESS_STEP, 3, 41, "veth hub:eth0 - spoke:eth0"),
		  "P 3 41 veth hub:eth0 - spoke:eth0\n");
	roundtrip(msg(PROGRESS_STEP, 0, 0, "starting FRR"),
		  "P 0 0 starting FRR\n");
	roundtrip(msg(PROGRESS_NOTICE, 0, 0, "2 link delays not applied"),
		  "N 2 link delays not applied\n");
	roundtrip(msg(PROGRESS_OK, 0, 0, "lab x is up: 3 nodes; BGP: 2"),
		  "OK lab x is up: 3 nodes; BGP: 2\n");
	roundtrip(msg(PROGRESS_ERROR, 0, 0, "a lab is already running"),
		  "E a lab is already running\n");
	roundtrip(msg(PROGRESS_ERROR, 0, 0, ""), "E \n");
	roundtrip(msg(PROGRESS_STEP, 7, 9, ""), "P 7 9 \n");
	/* the counts are what the text shows: not parsed out of it */
	roundtrip(msg(PROGRESS_NOTICE, 5, 6, "P 1 2 x"), "N P 1 2 x\n");
}
END_TEST

/* A long text is cut: the line stays within PROGRESS_LINE_MAX, '\n'
 * included, and still decodes. */
START_TEST(test_long_text_cut)
{
	struct progress_msg m = msg(PROGRESS_ERROR, 0, 0, "");
	char line[PROGRESS_LINE_MAX + 1];
	struct progress_msg back;
	size_t n;

	memset(m.text, 'x', sizeof(m.text) - 1);
	n = progress_encode(&m, line);
	ck_assert_uint_eq(n, PROGRESS_LINE_MAX);
	ck_assert_int_eq(line[n - 1], '\n');
	ck_assert_uint_eq(strlen(line), n);
	ck_assert(progress_decode(line, n - 1, &back));
	ck_assert_uint_eq(strlen(back.text), PROGRESS_LINE_MAX - 3);
}
END_TEST

/* A message is one line, whatever its text holds. */
START_TEST(test_newline_in_text)
{
	roundtrip(msg(PROGRESS_NOTICE, 0, 0, "a b"), "N a b\n");
	{
		struct progress_msg m = msg(PROGRESS_ERROR, 0, 0, "one\ntwo\n");
		char line[PROGRESS_LINE_MAX + 1];

		progress_encode(&m, line);
		ck_assert_str_eq(line, "E one two \n");
	}
}
END_TEST

static void refused(const char *line, size_t len)
{
	struct progress_msg m;

	ck_assert_msg(!progress_decode(line, len, &m), "accepted '%.*s'",
		      (int)len, line);
}

#define REFUSED(s) refused(s, sizeof(s) - 1)

START_TEST(test_rejects_malformed)
{
	char huge[PROGRESS_LINE_MAX + 8];

	REFUSED("");
	REFUSED("X what");
	REFUSED("ok lab is up");
	REFUSED("OK");
	REFUSED("OKlab");
	REFUSED("E");
	REFUSED("N");
	REFUSED("P");
	REFUSED("P ");
	REFUSED("P 1");
	REFUSED("P 1 ");
	REFUSED("P 1 2");		/* no space before the text */
	REFUSED("P  1 2 x");
	REFUSED("P a 2 x");
	REFUSED("P 1 b x");
	REFUSED("P -1 2 x");
	REFUSED("P +1 2 x");
	REFUSED("P 1\t2 x");
	REFUSED("P 99999999999999999999999999 1 x");	/* too big */
	REFUSED("OK a\0b");
	REFUSED("E two\nlines");
	memset(huge, 'x', sizeof(huge));
	memcpy(huge, "E ", 2);
	refused(huge, sizeof(huge));
}
END_TEST

/* The reader's tests share one pipe, non-blocking: a read with nothing
 * in it returns at once. */
static struct progress_reader r;
static struct progress_msg m;
static int p[2] = { -1, -1 };

static void pipe_setup(void)
{
	ck_assert_int_eq(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	progress_reader_init(&r);
}

static void pipe_teardown(void)
{
	for (int i = 0; i < 2; i++)
		if (p[i] >= 0)
			close(p[i]);
	p[0] = p[1] = -1;
}

static void put(const char *s)
{
	ck_assert_int_eq(write(p[1], s, strlen(s)), (ssize_t)strlen(s));
}

static void writer_close(void)
{
	close(p[1]);
	p[1] = -1;
}

/* The next result of the reader, read again while the pipe has more. */
static enum progress_read next(void)
{
	enum progress_read got;

	do {
		errno = 0;
		got = progress_read(&r, p[0], &m);
	} while (got == PROGRESS_AGAIN && errno == 0);
	return got;
}

START_TEST(test_reader_split_line)
{
	put("P 1 4 veth a");
	ck_assert_int_eq(next(), PROGRESS_AGAIN);
	put("-b");
	ck_assert_int_eq(next(), PROGRESS_AGAIN);
	put("\nOK lab");
	ck_assert_int_eq(next(), PROGRESS_GOT);
	ck_assert_int_eq(m.kind, PROGRESS_STEP);
	ck_assert_uint_eq(m.done, 1);
	ck_assert_uint_eq(m.total, 4);
	ck_assert_str_eq(m.text, "veth a-b");
	ck_assert_int_eq(next(), PROGRESS_AGAIN);
	put(" is up\n");
	ck_assert_int_eq(next(), PROGRESS_GOT);
	ck_assert_int_eq(m.kind, PROGRESS_OK);
	ck_assert_str_eq(m.text, "lab is up");
	writer_close();
	ck_assert_int_eq(next(), PROGRESS_CLOSED);
}
END_TEST

/* Several lines in one read: each in turn, with no read between. */
START_TEST(test_reader_joined_lines)
{
	put("P 1 2 a\nN b\nE c\n");
	writer_close();
	ck_assert_int_eq(progress_read(&r, p[0], &m), PROGRESS_GOT);
	ck_assert_int_eq(m.kind, PROGRESS_STEP);
	close(p[0]);	/* no read for the lines already read */
	p[0] = -1;
	ck_assert_int_eq(progress_read(&r, p[0], &m), PROGRESS_GOT);
	ck_assert_int_eq(m.kind, PROGRESS_NOTICE);
	ck_assert_str_eq(m.text, "b");
	ck_assert_int_eq(progress_read(&r, p[0], &m), PROGRESS_GOT);
	ck_assert_int_eq(m.kind, PROGRESS_ERROR);
	ck_assert_str_eq(m.text, "c");
}
END_TEST

/* Byte by byte, as a slow pipe may bring them. */
START_TEST(test_reader_byte_by_byte)
{
	const char *line = "N 1 link delay declared\n";

	for (const char *c = line; c[1] != '\0'; c++) {
		ck_assert_int_eq(write(p[1], c, 1), 1);
		ck_assert_int_eq(next(), PROGRESS_AGAIN);
	}
	put("\n");
	ck_assert_int_eq(next(), PROGRESS_GOT);
	ck_assert_str_eq(m.text, "1 link delay declared");
}
END_TEST

START_TEST(test_reader_refuses)
{
	char huge[PROGRESS_LINE_MAX + 1];

	put("Z what\n");
	ck_assert_int_eq(next(), PROGRESS_MALFORMED);
	memset(huge, 'x', sizeof(huge));
	ck_assert_int_eq(write(p[1], huge, sizeof(huge)),
			 (ssize_t)sizeof(huge));
	ck_assert_int_eq(next(), PROGRESS_MALFORMED);
	progress_reader_init(&r);
	ck_assert_int_eq(progress_read(&r, -1, &m), PROGRESS_READ_FAILED);
	ck_assert_int_eq(errno, EBADF);
}
END_TEST

/* A line cut by the writer's end is not a message: up says the daemon
 * died. */
START_TEST(test_reader_part_line_at_end)
{
	put("OK lab is");
	writer_close();
	ck_assert_int_eq(next(), PROGRESS_CLOSED);
}
END_TEST

/* The writer's end: what it writes, the reader reads; a reader gone is
 * EPIPE, which stops the build. */
START_TEST(test_write_then_read)
{
	struct progress_msg out = msg(PROGRESS_STEP, 2, 3, "bridge hub-br0");

	ck_assert_int_eq(progress_write(p[1], &out), 0);
	ck_assert_int_eq(next(), PROGRESS_GOT);
	ck_assert_uint_eq(m.done, 2);
	ck_assert_str_eq(m.text, "bridge hub-br0");
	close(p[0]);
	p[0] = -1;
	signal(SIGPIPE, SIG_IGN);
	ck_assert_int_eq(progress_write(p[1], &out), -1);
	ck_assert_int_eq(errno, EPIPE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("progress");
	TCase *codec = tcase_create("codec");
	TCase *reader = tcase_create("reader");

	tcase_add_test(codec, test_roundtrip_every_kind);
	tcase_add_test(codec, test_long_text_cut);
	tcase_add_test(codec, test_newline_in_text);
	tcase_add_test(codec, test_rejects_malformed);
	tcase_add_checked_fixture(reader, pipe_setup, pipe_teardown);
	tcase_add_test(reader, test_reader_split_line);
	tcase_add_test(reader, test_reader_joined_lines);
	tcase_add_test(reader, test_reader_byte_by_byte);
	tcase_add_test(reader, test_reader_refuses);
	tcase_add_test(reader, test_reader_part_line_at_end);
	tcase_add_test(reader, test_write_then_read);
	suite_add_tcase(s, codec);
	suite_add_tcase(s, reader);
	return run_suite(s) != 0;
}
