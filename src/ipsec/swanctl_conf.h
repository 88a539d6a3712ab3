/* SPDX-License-Identifier: ISC */
/* swanctl.conf: strongSwan's settings syntax (sections `name { ... }`,
 * `key = value` to the end of the line, `#` comments) read into a tree,
 * and the VICI requests swanctl would send for it: one load-conn per
 * section under `connections`, one load-shared per `ike*` section under
 * `secrets`. Errors as "FILE:LINE: message". Secrets are never logged. */
#ifndef AZLAB_SWANCTL_CONF_H
#define AZLAB_SWANCTL_CONF_H

#include <stddef.h>

#include "core/err.h"
#include "vici.h"

struct swan_conf;

struct swan_conf *swan_conf_load(const char *path, struct azerr *e);
/* The same from text in memory; file names the text in errors. */
struct swan_conf *swan_conf_parse(const char *text, const char *file,
				  struct azerr *e);
void swan_conf_free(struct swan_conf *c);

size_t swan_conf_n_conns(const struct swan_conf *c);
const char *swan_conf_conn_name(const struct swan_conf *c, size_t i);
/* Value of key in connection i itself ("remote_addrs"), or NULL. */
const char *swan_conf_conn_get(const struct swan_conf *c, size_t i,
			       const char *key);
size_t swan_conf_n_children(const struct swan_conf *c, size_t i);
const char *swan_conf_child_name(const struct swan_conf *c, size_t i,
				 size_t k);
/* Value of key in child k of connection i, or NULL. */
const char *swan_conf_child_get(const struct swan_conf *c, size_t i,
				size_t k, const char *key);
/* load-conn request for connection i: { <name> = { ... } }. */
struct vici_msg *swan_conf_load_conn_msg(const struct swan_conf *c,
					 size_t i, struct azerr *e);
/* The same without every `skip` key (the daemon holds start_action back
 * and initiates itself). */
struct vici_msg *swan_conf_load_conn_msg_skip(const struct swan_conf *c,
					      size_t i, const char *skip,
					      struct azerr *e);

size_t swan_conf_n_secrets(const struct swan_conf *c);
/* load-shared request for secret i: { id, type = IKE, data, owners[] }.
 * Holds the secret: never print it. */
struct vici_msg *swan_conf_load_shared_msg(const struct swan_conf *c,
					   size_t i, struct azerr *e);

#endif
