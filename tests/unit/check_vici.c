/* SPDX-License-Identifier: ISC */
/* VICI client: message encoding and strict decoding (exact bytes, round
 * trips, every malformed case, truncations and byte flips), then calls
 * against a fake charon on a unix socket answering scripted packets. */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "ipsec/vici.h"

#define B(s) (const unsigned char *)(s), sizeof(s) - 1

/* { key1 = value1, sec { list [ a, bc ] sub { k = "" } } } */
static struct vici_msg *sample(void)
{
	struct vici_msg *m = vici_msg_new();

	ck_assert_int_eq(vici_add_kv_str(m, "key1", "value1"), 0);
	ck_assert_int_eq(vici_begin_section(m, "sec"), 0);
	ck_assert_int_eq(vici_begin_list(m, "list"), 0);
	ck_assert_int_eq(vici_add_list_item_str(m, "a"), 0);
	ck_assert_int_eq(vici_add_list_item(m, "bc", 2), 0);
	ck_assert_int_eq(vici_end_list(m), 0);
	ck_assert_int_eq(vici_begin_section(m, "sub"), 0);
	ck_assert_int_eq(vici_add_kv(m, "k", NULL, 0), 0);
	ck_assert_int_eq(vici_end_section(m), 0);
	ck_assert_int_eq(vici_end_section(m), 0);
	return m;
}

static const unsigned char sample_bytes[] =
	"\x03\x04key1\x00\x06value1"
	"\x01\x03sec"
	"\x04\x04list" "\x05\x00\x01" "a" "\x05\x00\x02" "bc" "\x06"
	"\x01\x03sub" "\x03\x01k\x00\x00" "\x02"
	"\x02";

START_TEST(test_readme_example)
{
	struct vici_msg *m = vici_msg_new();
	unsigned char *buf;
	size_t len;

	vici_add_kv_str(m, "key1", "value1");
	ck_assert_int_eq(vici_msg_encode(m, &buf, &len), 0);
	ck_assert_uint_eq(len, 14);
	ck_assert_mem_eq(buf, "\x03\x04key1\x00\x06value1", 14);
	free(buf);
	vici_msg_free(m);
}
END_TEST

/* As `azlab save` writes list-conns: swanctl.conf's shape, indented. */
START_TEST(test_text)
{
	struct vici_msg *m = sample();
	char *text = NULL;
	size_t len;
	FILE *out = open_memstream(&text, &len);

	ck_assert_int_eq(vici_add_kv(m, "ctl", "a\nb", 3), 0);
	ck_assert_int_eq(vici_text_write(out, m, 1), 0);
	ck_assert_int_eq(fclose(out), 0);
	ck_assert_str_eq(text, "  key1 = value1\n"
			       "  sec {\n"
			       "    list = a, bc\n"
			       "    sub {\n"
			       "      k = \n"
			       "    }\n"
			       "  }\n"
			       "  ctl = a?b\n");
	free(text);
	vici_msg_free(m);
}
END_TEST

START_TEST(test_encode_nested)
{
	struct vici_msg *m = sample();
	unsigned char *buf;
	size_t len;

	ck_assert_int_eq(vici_msg_encode(m, &buf, &len), 0);
	ck_assert_uint_eq(len, sizeof(sample_bytes) - 1);
	ck_assert_mem_eq(buf, sample_bytes, len);
	free(buf);
	vici_msg_free(m);
}
END_TEST

struct trace {
	char s[512];
};

/* Appends a then suffix. */
static void tr(struct trace *t, const char *a, const char *suffix)
{
	size_t n = strlen(t->s);

	snprintf(t->s + n, sizeof(t->s) - n, "%s%s", a, suffix);
}

static int t_ss(void *c, const char *n) { tr(c, n, "{"); return 0; }
static int t_se(void *c) { tr(c, "", "}"); return 0; }
static int t_kv(void *c, const char *k, const char *v, size_t len)
{
	ck_assert_uint_le(strlen(v), len);	/* values may hold NULs */
	ck_assert_int_eq(v[len], '\0');
	tr(c, k, "=");
	tr(c, v, ";");
	return 0;
}
static int t_ls(void *c, const char *n) { tr(c, n, "["); return 0; }
static int t_li(void *c, const char *v, size_t len)
{
	(void)len;
	tr(c, v, ",");
	return 0;
}
static int t_le(void *c) { tr(c, "", "]"); return 0; }

static const struct vici_walk tracer = { t_ss, t_se, t_kv, t_ls, t_li,
					 t_le };

START_TEST(test_decode_round_trip)
{
	struct vici_msg *m = vici_msg_decode(B(sample_bytes), NULL);
	struct trace t = { "" };
	unsigned char *buf;
	size_t len;

	ck_assert_ptr_nonnull(m);
	vici_walk(m, &tracer, &t);
	ck_assert_str_eq(t.s, "key1=value1;sec{list[a,bc,]sub{k=;}}");
	ck_assert_str_eq(vici_get_str(m, "key1"), "value1");
	ck_assert_str_eq(vici_get_str(m, "sec.sub.k"), "");
	ck_assert_ptr_null(vici_get_str(m, "k"));
	ck_assert_ptr_null(vici_get_str(m, "sec.k"));
	ck_assert_ptr_null(vici_get_str(m, "sec.list"));
	ck_assert_int_eq(vici_msg_encode(m, &buf, &len), 0);
	ck_assert_mem_eq(buf, sample_bytes, len);
	free(buf);
	vici_msg_free(m);
}
END_TEST

START_TEST(test_builder_misuse)
{
	struct vici_msg *m = vici_msg_new();
	unsigned char *buf;
	size_t len;
	char big[300];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(vici_end_section(m), -1);
	ck_assert_int_eq(vici_add_list_item_str(m, "x"), -1);
	ck_assert_int_eq(vici_add_kv_str(m, big, "x"), -1);
	ck_assert_int_eq(vici_add_kv(m, "k", "x", 65536), -1);
	ck_assert_int_eq(vici_msg_encode(m, &buf, &len), -1);
	vici_msg_free(m);
	m = vici_msg_new();
	vici_begin_list(m, "l");
	ck_assert_int_eq(vici_begin_section(m, "s"), -1);
	vici_msg_free(m);
	m = vici_msg_new();
	vici_begin_section(m, "s");
	ck_assert_int_eq(vici_msg_encode(m, &buf, &len), -1);	/* open */
	vici_msg_free(m);
}
END_TEST

static const struct {
	const char *bytes;
	size_t len;
	const char *err;
} bad[] = {
#define BAD(s, e) { s, sizeof(s) - 1, e }
	BAD("\x07", "vici: unknown element type 7 at offset 0"),
	BAD("\x00", "vici: unknown element type 0 at offset 0"),
	BAD("\x03\x04key1\x00\x06value", "vici: key-value value of 6 bytes "
	    "overruns the message at offset 6"),
	BAD("\x03\x04key1\x00", "vici: truncated key-value value length at "
	    "offset 6"),
	BAD("\x03\x09key1", "vici: key-value name of 9 bytes overruns the "
	    "message at offset 1"),
	BAD("\x01", "vici: truncated section start name at offset 1"),
	BAD("\x01\x00", "vici: empty section start name at offset 1"),
	BAD("\x02", "vici: section end without an open section at offset 0"),
	BAD("\x01\x01s", "vici: 1 unterminated section(s) at end of message"),
	BAD("\x04\x01l\x05\x00\x01x", "vici: unterminated list at end of "
	    "message"),
	BAD("\x05\x00\x01x", "vici: list item outside a list at offset 0"),
	BAD("\x06", "vici: list end outside a list at offset 0"),
	BAD("\x04\x01l\x01\x01s\x02\x06", "vici: section start inside a "
	    "list at offset 3"),
	BAD("\x04\x01l\x04\x01m\x06\x06", "vici: list start inside a list "
	    "at offset 3"),
	BAD("\x04\x01l\x05\x00", "vici: truncated list item value length at "
	    "offset 4"),
	/* found by fuzz_vici: a name is handed out as a C string */
	BAD("\x01\x02s\x00\x02", "vici: section start name with a NUL byte "
	    "at offset 1"),
	BAD("\x03\x02k\x00\x00\x00", "vici: key-value name with a NUL byte "
	    "at offset 1"),
	BAD("\x04\x02\x00l\x06", "vici: list start name with a NUL byte at "
	    "offset 1"),
#undef BAD
};

START_TEST(test_decode_bad)
{
	struct azerr e = { "" };
	struct vici_msg *m;

	m = vici_msg_decode((const unsigned char *)bad[_i].bytes, bad[_i].len,
			    &e);
	ck_assert_ptr_null(m);
	ck_assert_str_eq(e.msg, bad[_i].err);
}
END_TEST

START_TEST(test_decode_overlong)
{
	size_t len = VICI_PACKET_MAX + 1;
	unsigned char *buf = calloc(1, len);
	struct azerr e;

	ck_assert_ptr_null(vici_msg_decode(buf, len, &e));
	ck_assert_str_eq(e.msg, "vici: message of 524289 bytes exceeds the "
			 "524288 byte limit");
	free(buf);
}
END_TEST

/* Every truncation of a valid message is rejected or decodes (at element
 * boundaries); random byte flips never crash (run under SAN=1). */
START_TEST(test_fuzz)
{
	size_t len = sizeof(sample_bytes) - 1;
	unsigned char buf[sizeof(sample_bytes)];
	struct vici_msg *m;
	struct azerr e;

	for (size_t n = 0; n < len; n++) {
		m = vici_msg_decode(sample_bytes, n, &e);
		ck_assert_msg(m == NULL || n == 0 || n == 14,
			      "truncation at %zu accepted", n);
		vici_msg_free(m);
	}
	srandom(42);
	for (int i = 0; i < 20000; i++) {
		memcpy(buf, sample_bytes, len);
		for (int k = random() % 3; k >= 0; k--)
			buf[random() % len] = (unsigned char)random();
		m = vici_msg_decode(buf, (size_t)random() % (len + 1), &e);
		if (m != NULL) {
			struct trace t = { "" };

			vici_walk(m, &tracer, &t);
			vici_get_str(m, "sec.sub.k");
		}
		vici_msg_free(m);
	}
}
END_TEST

/* ---- a fake charon ---- */

struct step {
	char op;		/* 'r' read a packet, 'w' write, 's' sleep */
	const char *data;	/* 'r': "<type><name>" expected; 'w': bytes */
	size_t len;
};

#define RD(s) { 'r', s, sizeof(s) - 1 }
#define WR(s) { 'w', s, sizeof(s) - 1 }
#define END { 0, NULL, 0 }

static char sock_dir[64], sock_path[128];

static int read_full(int fd, unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t r = read(fd, p, n);

		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* The child: runs the script on one accepted connection; exits 0 if
 * every packet read was as expected. */
static void serve(int lfd, const struct step *s)
{
	int fd = accept(lfd, NULL, NULL);
	unsigned char hdr[4], buf[4096];
	size_t len;

	for (; fd >= 0 && s->op != 0; s++) {
		if (s->op == 'w' && write(fd, s->data, s->len) != (ssize_t)s->len)
			_exit(2);
		if (s->op == 's')
			sleep(1);
		if (s->op != 'r')
			continue;
		if (read_full(fd, hdr, 4) < 0)
			_exit(3);
		len = (size_t)hdr[0] << 24 | hdr[1] << 16 | hdr[2] << 8 | hdr[3];
		if (len > sizeof(buf) || read_full(fd, buf, len) < 0)
			_exit(4);
		/* type byte, then (named) length + name */
		if (buf[0] != (unsigned char)s->data[0] ||
		    (s->len > 1 && (buf[1] != s->len - 1 ||
				    memcmp(buf + 2, s->data + 1, s->len - 1))))
			_exit(5);
	}
	_exit(fd >= 0 ? 0 : 6);
}

static pid_t fake_charon(const struct step *script)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int lfd;
	pid_t pid;

	snprintf(sock_dir, sizeof(sock_dir), "/tmp/vicitest.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(sock_dir));
	snprintf(sock_path, sizeof(sock_path), "%s/charon.vici", sock_dir);
	strcpy(sa.sun_path, sock_path);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(lfd, 0);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(lfd, 1), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		serve(lfd, script);
	close(lfd);
	return pid;
}

/* Waits for the fake charon; its exit status. */
static int fake_done(pid_t pid)
{
	int st;

	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100;
}

static struct vici_conn *conn(void)
{
	struct azerr e;
	struct vici_conn *c = vici_connect(sock_path, &e);

	ck_assert_msg(c != NULL, "%s", e.msg);
	unlink(sock_path);	/* connected: nothing left behind on failure */
	rmdir(sock_dir);
	return c;
}

START_TEST(test_call_version)
{
	static const struct step script[] = {
		RD("\x00version"),
		WR("\x00\x00\x00\x11\x01" "\x03\x07version\x00\x05" "5.9.8"),
		END,
	};
	pid_t pid = fake_charon(script);
	struct vici_conn *c = conn();
	struct azerr e;
	struct vici_msg *res = vici_call(c, "version", NULL, NULL, NULL, NULL,
					 &e);

	ck_assert_msg(res != NULL, "%s", e.msg);
	ck_assert_str_eq(vici_get_str(res, "version"), "5.9.8");
	vici_msg_free(res);
	vici_close(c);
	ck_assert_int_eq(fake_done(pid), 0);
}
END_TEST

START_TEST(test_call_unknown)
{
	static const struct step script[] = {
		RD("\x00" "frobnicate"), WR("\x00\x00\x00\x01\x02"), END,
	};
	pid_t pid = fake_charon(script);
	struct vici_conn *c = conn();
	struct azerr e;

	ck_assert_ptr_null(vici_call(c, "frobnicate", NULL, NULL, NULL, NULL,
				     &e));
	ck_assert_str_eq(e.msg, "vici: charon does not know command "
			 "'frobnicate'");
	vici_close(c);
	ck_assert_int_eq(fake_done(pid), 0);
}
END_TEST

static void count_event(void *ctx, const struct vici_msg *ev)
{
	const char *v = vici_get_str(ev, "ike1.state");

	ck_assert_str_eq(v, "ESTABLISHED");
	(*(int *)ctx)++;
}

#define LIST_SA_EVENT \
	"\x00\x00\x00\x24\x07\x07list-sa" \
	"\x01\x04ike1\x03\x05state\x00\x0b" "ESTABLISHED\x02"

START_TEST(test_call_streamed)
{
	static const struct step script[] = {
		RD("\x03list-sa"), WR("\x00\x00\x00\x01\x05"),
		RD("\x00list-sas"),
		WR(LIST_SA_EVENT), WR(LIST_SA_EVENT),
		/* an event of another registered name is kept */
		WR("\x00\x00\x00\x15\x07\x0a" "ike-updown" "\x03\x02up\x00\x03yes"),
		WR("\x00\x00\x00\x01\x01"),
		RD("\x04list-sa"), WR("\x00\x00\x00\x01\x05"),
		END,
	};
	pid_t pid = fake_charon(script);
	struct vici_conn *c = conn();
	struct vici_msg *res, *ev;
	struct azerr e;
	char name[32];
	int n = 0;

	res = vici_call(c, "list-sas", NULL, "list-sa", count_event, &n, &e);
	ck_assert_msg(res != NULL, "%s", e.msg);
	ck_assert_int_eq(n, 2);
	ck_assert_uint_eq(vici_pending(c), 1);
	ck_assert_int_eq(vici_read_event(c, name, sizeof(name), &ev, &e), 0);
	ck_assert_str_eq(name, "ike-updown");
	ck_assert_str_eq(vici_get_str(ev, "up"), "yes");
	ck_assert_uint_eq(vici_pending(c), 0);
	vici_msg_free(ev);
	vici_msg_free(res);
	vici_close(c);
	ck_assert_int_eq(fake_done(pid), 0);
}
END_TEST

/* CMD_UNKNOWN for a streamed command: the event is unregistered again
 * and the connection stays usable. */
START_TEST(test_streamed_unknown)
{
	static const struct step script[] = {
		RD("\x03list-x"), WR("\x00\x00\x00\x01\x05"),
		RD("\x00list-xs"), WR("\x00\x00\x00\x01\x02"),
		RD("\x04list-x"), WR("\x00\x00\x00\x01\x05"),
		RD("\x00version"), WR("\x00\x00\x00\x01\x01"),
		END,
	};
	pid_t pid = fake_charon(script);
	struct vici_conn *c = conn();
	struct vici_msg *res;
	struct azerr e;

	ck_assert_ptr_null(vici_call(c, "list-xs", NULL, "list-x", NULL, NULL,
				     &e));
	ck_assert_str_eq(e.msg, "vici: charon does not know command "
			 "'list-xs'");
	res = vici_call(c, "version", NULL, NULL, NULL, NULL, &e);
	ck_assert_msg(res != NULL, "%s", e.msg);
	vici_msg_free(res);
	vici_close(c);
	ck_assert_int_eq(fake_done(pid), 0);
}
END_TEST

START_TEST(test_register_and_read)
{
	static const struct step script[] = {
		RD("\x03" "child-updown"), WR("\x00\x00\x00\x01\x05"),
		RD("\x03nosuch"), WR("\x00\x00\x00\x01\x06"),
		WR("\x00\x00\x00\x12\x07\x0c" "child-updown" "\x01\x01x\x02"),
		END,
	};
	pid_t pid = fake_charon(script);
	struct vici_conn *c = conn();
	struct vici_msg *ev;
	struct azerr e;
	char name[8];

	ck_assert_int_eq(vici_register(c, "child-updown", &e), 0);
	ck_assert_int_eq(vici_register(c, "nosuch", &e), -1);
	ck_assert_str_eq(e.msg, "vici: charon does not know event 'nosuch'");
	ck_assert_int_ge(vici_fd(c), 0);
	ck_assert_int_eq(vici_read_event(c, name, sizeof(name), &ev, &e), 0);
	ck_assert_str_eq(name, "child-u");	/* cut to the buffer */
	vici_msg_free(ev);
	vici_close(c);
	ck_assert_int_eq(fake_done(pid), 0);
}
END_TEST

static const struct {
	const char *reply;
	size_t len;
	const char *err;
} garbage[] = {
#define G(s, e) { s, sizeof(s) - 1, e }
	G("\xff\xff\xff\xff", "vici: cmd: bad packet length 4294967295"),
	G("\x00\x00\x00\x00", "vici: cmd: bad packet length 0"),
	G("\x00\x00\x00\x01\x09", "vici: cmd: unknown packet type 9"),
	G("\x00\x00\x00\x02\x07\x05", "vici: cmd: truncated EVENT packet name"),
	G("\x00\x00\x00\x01\x05", "vici: cmd: unexpected EVENT_CONFIRM "
	  "packet"),
	G("\x00\x00\x00\x02\x01\x09", "vici: unknown element type 9 at "
	  "offset 0"),
	G("\x00\x00\x00\x09\x01", "vici: cmd: charon closed the connection"),
#undef G
};

START_TEST(test_call_garbage)
{
	const struct step script[] = {
		RD("\x00" "cmd"), { 'w', garbage[_i].reply, garbage[_i].len },
		END,
	};
	pid_t pid = fake_charon(script);
	struct vici_conn *c = conn();
	struct azerr e;

	ck_assert_ptr_null(vici_call(c, "cmd", NULL, NULL, NULL, NULL, &e));
	ck_assert_ptr_nonnull(strstr(e.msg, garbage[_i].err));
	vici_close(c);
	ck_assert_int_eq(fake_done(pid), 0);
}
END_TEST

START_TEST(test_call_timeout)
{
	static const struct step script[] = {
		RD("\x00" "version"), { 's', NULL, 0 }, END,
	};
	pid_t pid = fake_charon(script);
	struct vici_conn *c = conn();
	struct azerr e;

	vici_set_timeout(c, 200);
	ck_assert_ptr_null(vici_call(c, "version", NULL, NULL, NULL, NULL,
				     &e));
	ck_assert_str_eq(e.msg, "vici: version: timed out waiting for charon");
	vici_close(c);
	ck_assert_int_eq(fake_done(pid), 0);
}
END_TEST

START_TEST(test_connect_fails)
{
	struct azerr e;

	ck_assert_ptr_null(vici_connect("/nonexistent/charon.vici", &e));
	ck_assert_str_eq(e.msg, "vici: cannot connect to "
			 "/nonexistent/charon.vici: No such file or directory");
}
END_TEST

START_TEST(test_check)
{
	struct vici_msg *ok = vici_msg_new(), *no = vici_msg_new();
	struct azerr e;

	vici_add_kv_str(ok, "success", "yes");
	vici_add_kv_str(no, "success", "no");
	vici_add_kv_str(no, "errmsg", "no config named 'x'");
	ck_assert_int_eq(vici_check(ok, "initiate", &e), 0);
	ck_assert_int_eq(vici_check(no, "initiate", &e), -1);
	ck_assert_str_eq(e.msg, "initiate failed: no config named 'x'");
	vici_msg_free(ok);
	vici_msg_free(no);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vici");
	TCase *msg = tcase_create("message"), *cn = tcase_create("conn");

	signal(SIGPIPE, SIG_IGN);
	tcase_add_test(msg, test_readme_example);
	tcase_add_test(msg, test_encode_nested);
	tcase_add_test(msg, test_text);
	tcase_add_test(msg, test_decode_round_trip);
	tcase_add_test(msg, test_builder_misuse);
	tcase_add_loop_test(msg, test_decode_bad, 0,
			    sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(msg, test_decode_overlong);
	tcase_add_test(msg, test_fuzz);
	tcase_add_test(cn, test_call_version);
	tcase_add_test(cn, test_call_unknown);
	tcase_add_test(cn, test_call_streamed);
	tcase_add_test(cn, test_streamed_unknown);
	tcase_add_test(cn, test_register_and_read);
	tcase_add_loop_test(cn, test_call_garbage, 0,
			    sizeof(garbage) / sizeof(garbage[0]));
	tcase_add_test(cn, test_call_timeout);
	tcase_add_test(cn, test_connect_fails);
	tcase_add_test(cn, test_check);
	suite_add_tcase(s, msg);
	suite_add_tcase(s, cn);
	return run_suite(s) != 0;
}
