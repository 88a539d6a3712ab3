/* SPDX-License-Identifier: ISC */
/* Our own client for charon's VICI protocol (described in strongSwan's
 * source, src/libcharon/plugins/vici/README.md): messages (vici_msg.c)
 * and the unix socket connection with packet framing, commands and
 * events (vici_conn.c).
 * Every wait is bounded by a timeout (VICI_TIMEOUT_MS by default), so a
 * hung charon never blocks a caller forever. After a transport error or a
 * timeout the packet stream may be out of step: close the connection. */
#ifndef AZLAB_VICI_H
#define AZLAB_VICI_H

#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

#define VICI_PACKET_MAX		(512 * 1024)	/* charon's limit */
#define VICI_TIMEOUT_MS		5000

/* Element types inside a message. */
enum vici_elem {
	VICI_SECTION_START = 1,
	VICI_SECTION_END = 2,
	VICI_KEY_VALUE = 3,
	VICI_LIST_START = 4,
	VICI_LIST_ITEM = 5,
	VICI_LIST_END = 6,
};

/* Packet types. */
enum vici_packet {
	VICI_CMD_REQUEST = 0,
	VICI_CMD_RESPONSE = 1,
	VICI_CMD_UNKNOWN = 2,
	VICI_EVENT_REGISTER = 3,
	VICI_EVENT_UNREGISTER = 4,
	VICI_EVENT_CONFIRM = 5,
	VICI_EVENT_UNKNOWN = 6,
	VICI_EVENT = 7,
};

/* ---- messages ---- */
struct vici_msg;

struct vici_msg *vici_msg_new(void);
void vici_msg_free(struct vici_msg *m);
/* Builders return 0, or -1 on misuse (a name over 255 bytes, a value over
 * 65535, an item outside a list, a section inside a list, an unbalanced
 * end) or out of memory; a message built with an error refuses to encode. */
int vici_add_kv(struct vici_msg *m, const char *key, const void *val,
		size_t len);
int vici_add_kv_str(struct vici_msg *m, const char *key, const char *val);
int vici_begin_section(struct vici_msg *m, const char *name);
int vici_end_section(struct vici_msg *m);
int vici_begin_list(struct vici_msg *m, const char *name);
int vici_add_list_item(struct vici_msg *m, const void *val, size_t len);
int vici_add_list_item_str(struct vici_msg *m, const char *val);
int vici_end_list(struct vici_msg *m);

/* "a.b.key": value of key inside sections a, b, as a NUL-terminated string
 * owned by m; NULL if absent. */
const char *vici_get_str(const struct vici_msg *m, const char *path);

/* Walks every element in order (for rendering list-sas, etc.). Any
 * callback may be NULL; a callback returning non-zero stops the walk and
 * vici_walk returns that value. Values handed to kv and list_item are
 * NUL-terminated (len does not count the NUL). */
struct vici_walk {
	int (*section_start)(void *ctx, const char *name);
	int (*section_end)(void *ctx);
	int (*kv)(void *ctx, const char *key, const char *val, size_t len);
	int (*list_start)(void *ctx, const char *name);
	int (*list_item)(void *ctx, const char *val, size_t len);
	int (*list_end)(void *ctx);
};
int vici_walk(const struct vici_msg *m, const struct vici_walk *w,
	      void *ctx);

/* vici_text.c: m as readable text in swanctl.conf's shape, to out: a
 * section as "name {" ... "}", a key as "key = value", a list as "key =
 * a, b", indented by depth (two spaces a level, from indent); control
 * characters in values shown as '?'. Returns 0, or -1 on a walk error. */
int vici_text_write(FILE *out, const struct vici_msg *m, int indent);

/* Encoding/decoding entry points for unit tests and fuzzing. Encode
 * allocates *buf (free it); -1 if the message is unbalanced or had a
 * builder error. Decode is strict: truncated or overlong elements, bad
 * nesting, unknown element types are rejected with e set. */
int vici_msg_encode(const struct vici_msg *m, unsigned char **buf,
		    size_t *len);
struct vici_msg *vici_msg_decode(const unsigned char *buf, size_t len,
				 struct azerr *e);

/* ---- connection ---- */
struct vici_conn;

struct vici_conn *vici_connect(const char *socket_path, struct azerr *e);
void vici_close(struct vici_conn *c);
/* Bound on every wait of later calls, in milliseconds (> 0). */
void vici_set_timeout(struct vici_conn *c, int ms);

/* One command. Events named stream_event sent before the response go to
 * on_event (both may be NULL); the event is registered before the command
 * and unregistered after it. Returns the response, or NULL with e set on a
 * transport/protocol error or CMD_UNKNOWN. */
struct vici_msg *vici_call(struct vici_conn *c, const char *cmd,
			   const struct vici_msg *req,
			   const char *stream_event,
			   void (*on_event)(void *ctx,
					    const struct vici_msg *ev),
			   void *ctx, struct azerr *e);
/* 0 if the response says success = yes, else -1 with e =
 * "CMD failed: errmsg". */
int vici_check(const struct vici_msg *res, const char *cmd,
	       struct azerr *e);

int vici_register(struct vici_conn *c, const char *event, struct azerr *e);
int vici_fd(const struct vici_conn *c);
/* Events of registered names that arrived during a call are kept for
 * vici_read_event; poll() on vici_fd does not see them, so drain these
 * first (a count). */
size_t vici_pending(const struct vici_conn *c);
/* Reads one pending EVENT (after vici_register): a kept one, else one
 * from the socket (waiting at most the timeout). Name into buf; *ev to
 * free by the caller. 0 or -1 with e set. */
int vici_read_event(struct vici_conn *c, char *name, size_t len,
		    struct vici_msg **ev, struct azerr *e);

#endif
