/* SPDX-License-Identifier: ISC */
/* VICI connection: a unix stream socket, packets framed by a 32-bit
 * big-endian length, one command outstanding at a time. Every read and
 * write waits with poll() against a CLOCK_MONOTONIC deadline. Events of
 * registered names arriving during a call are kept in a queue for
 * vici_read_event. */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "vici.h"

struct event {
	struct event *next;
	char name[256];
	struct vici_msg *msg;
};

struct vici_conn {
	int fd;
	int timeout_ms;
	struct event *head, *tail;
	size_t n_pending;
};

/* One packet read from the socket. */
struct packet {
	uint8_t type;
	char name[256];		/* for named types */
	unsigned char *data;	/* whole packet; body points into it */
	const unsigned char *body;
	size_t body_len;
};

static const char *const type_names[] = {
	"CMD_REQUEST", "CMD_RESPONSE", "CMD_UNKNOWN", "EVENT_REGISTER",
	"EVENT_UNREGISTER", "EVENT_CONFIRM", "EVENT_UNKNOWN", "EVENT",
};

struct vici_conn *vici_connect(const char *socket_path, struct azerr *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct vici_conn *c;

	if (strlen(socket_path) >= sizeof(sa.sun_path)) {
		azerr_set(e, "vici: socket path too long: %s", socket_path);
		return NULL;
	}
	strcpy(sa.sun_path, socket_path);
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		azerr_set(e, "vici: out of memory");
		return NULL;
	}
	c->timeout_ms = VICI_TIMEOUT_MS;
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0 ||
	    connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		azerr_errno(e, errno, "vici: cannot connect to %s",
			    socket_path);
		vici_close(c);
		return NULL;
	}
	return c;
}

void vici_close(struct vici_conn *c)
{
	struct event *ev, *next;

	if (c == NULL)
		return;
	for (ev = c->head; ev != NULL; ev = next) {
		next = ev->next;
		vici_msg_free(ev->msg);
		free(ev);
	}
	if (c->fd >= 0)
		close(c->fd);
	free(c);
}

void vici_set_timeout(struct vici_conn *c, int ms)
{
	if (ms > 0)
		c->timeout_ms = ms;
}

int vici_fd(const struct vici_conn *c)
{
	return c->fd;
}

size_t vici_pending(const struct vici_conn *c)
{
	return c->n_pending;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for fd to be ready for events before the deadline. */
static int wait_fd(int fd, short events, int64_t deadline, struct azerr *e)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int64_t left;
	int rc;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0)
			return azerr_set(e, "timed out waiting for "
					 "charon");
		rc = poll(&pfd, 1, (int)left);
		if (rc > 0)
			return 0;
		if (rc < 0 && errno != EINTR)
			return azerr_errno(e, errno, "poll");
	}
}

static int io_all(struct vici_conn *c, void *buf, size_t len, bool wr,
		  int64_t deadline, struct azerr *e)
{
	unsigned char *p = buf;
	ssize_t n;

	while (len > 0) {
		if (wait_fd(c->fd, wr ? POLLOUT : POLLIN, deadline, e) < 0)
			return -1;
		n = wr ? send(c->fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT) :
			 recv(c->fd, p, len, MSG_DONTWAIT);
		if (n == 0 && !wr)
			return azerr_set(e, "charon closed the "
					 "connection");
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return azerr_errno(e, errno, "%s",
					   wr ? "send" : "recv");
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Sends type [name] [body]. */
static int send_packet(struct vici_conn *c, uint8_t type, const char *name,
		       const unsigned char *body, size_t body_len,
		       struct azerr *e)
{
	size_t nlen = name ? strlen(name) : 0;
	size_t len = 1 + (name ? 1 + nlen : 0) + body_len;
	unsigned char hdr[4 + 2 + 255];
	int64_t deadline = now_ms() + c->timeout_ms;
	size_t h = 0;

	if (nlen > 255 || len > VICI_PACKET_MAX)
		return azerr_set(e, "%s too long", name ? "name" :
				 "packet");
	hdr[h++] = (unsigned char)(len >> 24);
	hdr[h++] = (unsigned char)(len >> 16);
	hdr[h++] = (unsigned char)(len >> 8);
	hdr[h++] = (unsigned char)len;
	hdr[h++] = type;
	if (name != NULL) {
		hdr[h++] = (unsigned char)nlen;
		memcpy(hdr + h, name, nlen);
		h += nlen;
	}
	if (io_all(c, hdr, h, true, deadline, e) < 0)
		return -1;
	if (body_len > 0 &&
	    io_all(c, (void *)body, body_len, true, deadline, e) < 0)
		return -1;
	return 0;
}

static bool named(uint8_t type)
{
	return type == VICI_CMD_REQUEST || type == VICI_EVENT_REGISTER ||
	       type == VICI_EVENT_UNREGISTER || type == VICI_EVENT;
}

/* Splits a packet's data into type, name and body. */
static int parse_packet(struct packet *pk, size_t len, struct azerr *e)
{
	size_t off = 1, nlen;

	pk->type = pk->data[0];
	if (pk->type > VICI_EVENT)
		return azerr_set(e, "unknown packet type %u", pk->type);
	pk->name[0] = '\0';
	if (named(pk->type)) {
		if (len < 2 || (nlen = pk->data[1]) > len - 2)
			return azerr_set(e, "truncated %s packet name",
					 type_names[pk->type]);
		memcpy(pk->name, pk->data + 2, nlen);
		pk->name[nlen] = '\0';
		off = 2 + nlen;
	}
	pk->body = pk->data + off;
	pk->body_len = len - off;
	return 0;
}

static int read_packet(struct vici_conn *c, struct packet *pk,
		       struct azerr *e)
{
	int64_t deadline = now_ms() + c->timeout_ms;
	unsigned char hdr[4];
	size_t len;

	memset(pk, 0, sizeof(*pk));
	if (io_all(c, hdr, 4, false, deadline, e) < 0)
		return -1;
	len = (size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 |
	      (size_t)hdr[2] << 8 | hdr[3];
	if (len == 0 || len > VICI_PACKET_MAX)
		return azerr_set(e, "bad packet length %zu", len);
	if ((pk->data = malloc(len)) == NULL)
		return azerr_set(e, "vici: out of memory");
	if (io_all(c, pk->data, len, false, deadline, e) < 0 ||
	    parse_packet(pk, len, e) < 0) {
		free(pk->data);
		pk->data = NULL;
		return -1;
	}
	return 0;
}

/* Keeps an event of a registered name for vici_read_event. */
static int keep_event(struct vici_conn *c, const struct packet *pk,
		      struct azerr *e)
{
	struct event *ev = calloc(1, sizeof(*ev));

	if (ev == NULL)
		return azerr_set(e, "vici: out of memory");
	ev->msg = vici_msg_decode(pk->body, pk->body_len, e);
	if (ev->msg == NULL) {
		free(ev);
		return azerr_wrap(e, "event %s", pk->name);
	}
	strcpy(ev->name, pk->name);
	if (c->tail != NULL)
		c->tail->next = ev;
	else
		c->head = ev;
	c->tail = ev;
	c->n_pending++;
	return 0;
}

struct stream {
	const char *event;
	void (*on_event)(void *ctx, const struct vici_msg *ev);
	void *ctx;
};

/* An EVENT arriving while waiting for something else: streamed to the
 * caller when it is the streamed name, else kept. */
static int take_event(struct vici_conn *c, const struct packet *pk,
		      const struct stream *st, struct azerr *e)
{
	struct vici_msg *m;

	if (st == NULL || st->event == NULL ||
	    strcmp(pk->name, st->event) != 0)
		return keep_event(c, pk, e);
	m = vici_msg_decode(pk->body, pk->body_len, e);
	if (m == NULL)
		return azerr_wrap(e, "event %s", pk->name);
	if (st->on_event != NULL)
		st->on_event(st->ctx, m);
	vici_msg_free(m);
	return 0;
}

/* Reads packets until one that is not an EVENT; returns it in pk. */
static int read_reply(struct vici_conn *c, struct packet *pk,
		      const struct stream *st, struct azerr *e)
{
	for (;;) {
		if (read_packet(c, pk, e) < 0)
			return -1;
		if (pk->type != VICI_EVENT)
			return 0;
		if (take_event(c, pk, st, e) < 0) {
			free(pk->data);
			return -1;
		}
		free(pk->data);
	}
}

static int event_ctl(struct vici_conn *c, uint8_t type, const char *event,
		     const struct stream *st, struct azerr *e)
{
	const char *what = type == VICI_EVENT_REGISTER ? "register" :
			   "unregister";
	struct packet pk;
	int rc = 0;

	if (send_packet(c, type, event, NULL, 0, e) < 0 ||
	    read_reply(c, &pk, st, e) < 0)
		return azerr_wrap(e, "vici: %s %s", what, event);
	if (pk.type == VICI_EVENT_UNKNOWN)
		rc = azerr_set(e, "vici: charon does not know event '%s'",
			       event);
	else if (pk.type != VICI_EVENT_CONFIRM)
		rc = azerr_set(e, "vici: %s %s: unexpected %s packet", what,
			       event, type_names[pk.type]);
	free(pk.data);
	return rc;
}

int vici_register(struct vici_conn *c, const char *event, struct azerr *e)
{
	return event_ctl(c, VICI_EVENT_REGISTER, event, NULL, e);
}

/* Sends the request and reads the response. */
static struct vici_msg *command(struct vici_conn *c, const char *cmd,
				const struct vici_msg *req,
				const struct stream *st, bool *unknown,
				struct azerr *e)
{
	unsigned char *body = NULL;
	struct vici_msg *res = NULL;
	struct packet pk;
	size_t len = 0;
	int rc;

	if (req != NULL && vici_msg_encode(req, &body, &len) < 0) {
		azerr_set(e, "vici: %s: cannot encode the request", cmd);
		return NULL;
	}
	rc = send_packet(c, VICI_CMD_REQUEST, cmd, body, len, e);
	free(body);
	if (rc < 0 || read_reply(c, &pk, st, e) < 0) {
		azerr_wrap(e, "vici: %s", cmd);
		return NULL;
	}
	if (pk.type == VICI_CMD_RESPONSE) {
		res = vici_msg_decode(pk.body, pk.body_len, e);
		if (res == NULL)
			azerr_wrap(e, "%s response", cmd);
	} else if (pk.type == VICI_CMD_UNKNOWN) {
		*unknown = true;
		azerr_set(e, "vici: charon does not know command '%s'", cmd);
	} else {
		azerr_set(e, "vici: %s: unexpected %s packet", cmd,
			  type_names[pk.type]);
	}
	free(pk.data);
	return res;
}

struct vici_msg *vici_call(struct vici_conn *c, const char *cmd,
			   const struct vici_msg *req,
			   const char *stream_event,
			   void (*on_event)(void *ctx,
					    const struct vici_msg *ev),
			   void *ctx, struct azerr *e)
{
	struct stream st = { stream_event, on_event, ctx };
	struct vici_msg *res;
	bool unknown = false;

	if (stream_event != NULL &&
	    event_ctl(c, VICI_EVENT_REGISTER, stream_event, NULL, e) < 0)
		return NULL;
	res = command(c, cmd, req, &st, &unknown, e);
	if (stream_event == NULL)
		return res;
	if (res == NULL) {
		/* best effort, so the connection stays usable after a
		 * CMD_UNKNOWN; e keeps the command's error */
		struct azerr ignored;

		if (unknown)
			event_ctl(c, VICI_EVENT_UNREGISTER, stream_event, &st,
				  &ignored);
		return NULL;
	}
	if (event_ctl(c, VICI_EVENT_UNREGISTER, stream_event, &st, e) < 0) {
		vici_msg_free(res);
		return NULL;
	}
	return res;
}

int vici_check(const struct vici_msg *res, const char *cmd,
	       struct azerr *e)
{
	const char *ok = vici_get_str(res, "success");
	const char *msg = vici_get_str(res, "errmsg");

	if (ok != NULL && strcmp(ok, "yes") == 0)
		return 0;
	return azerr_set(e, "%s failed: %s", cmd,
			 msg != NULL ? msg : "no error message");
}

int vici_read_event(struct vici_conn *c, char *name, size_t len,
		    struct vici_msg **ev, struct azerr *e)
{
	struct event *k = c->head;
	struct packet pk;

	if (k != NULL) {
		c->head = k->next;
		if (c->head == NULL)
			c->tail = NULL;
		c->n_pending--;
		snprintf(name, len, "%s", k->name);
		*ev = k->msg;
		free(k);
		return 0;
	}
	if (read_packet(c, &pk, e) < 0)
		return azerr_wrap(e, "vici: reading an event");
	if (pk.type != VICI_EVENT) {
		free(pk.data);
		return azerr_set(e, "vici: unexpected %s packet while waiting "
				 "for an event", type_names[pk.type]);
	}
	*ev = vici_msg_decode(pk.body, pk.body_len, e);
	if (*ev != NULL)
		snprintf(name, len, "%s", pk.name);
	else
		azerr_wrap(e, "event %s", pk.name);
	free(pk.data);
	return *ev != NULL ? 0 : -1;
}
