/* SPDX-License-Identifier: ISC */
/* What the daemon tells a node's charon over VICI after each start: the
 * secrets (load-shared; %azlab-random ones made here, see charon.h) and
 * the connections (load-conn); and how it starts a CHILD_SA (initiate),
 * once every charon of the lab is loaded (charon_watch.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charon.h"
#include "core/log.h"
#include "swanctl_conf.h"
#include "vici.h"

/* The owners of a load-shared request (a list), for the PSK's name. */
struct owners {
	bool in;
	size_t n;
	char id[2][256];
};

static int ow_list_start(void *ctx, const char *name)
{
	((struct owners *)ctx)->in = strcmp(name, "owners") == 0;
	return 0;
}

static int ow_item(void *ctx, const char *val, size_t len)
{
	struct owners *o = ctx;

	(void)len;
	if (o->in && o->n < 2)
		snprintf(o->id[o->n], sizeof(o->id[0]), "%s", val);
	if (o->in)
		o->n++;
	return 0;
}

static int ow_list_end(void *ctx)
{
	((struct owners *)ctx)->in = false;
	return 0;
}

static const struct vici_walk owners_walk = {
	.list_start = ow_list_start, .list_item = ow_item,
	.list_end = ow_list_end,
};

/* The same request with a generated PSK in place of CHARON_PSK_RANDOM. */
static struct vici_msg *random_psk_msg(const struct vici_msg *m,
				       const char *file, struct azerr *e)
{
	struct owners o = { 0 };
	struct vici_msg *r;
	char psk[80];
	int rc;

	vici_walk(m, &owners_walk, &o);
	if (o.n != 2) {
		azerr_set(e, "%s: secret '%s': %s needs exactly two ids "
			  "(id-1, id-2)", file, vici_get_str(m, "id"),
			  CHARON_PSK_RANDOM);
		return NULL;
	}
	if (charon_psk(o.id[0], o.id[1], psk, sizeof(psk), e) < 0)
		return NULL;
	r = vici_msg_new();
	rc = r == NULL ? -1 : 0;
	rc |= r == NULL ? 0 : vici_add_kv_str(r, "id", vici_get_str(m, "id"));
	rc |= r == NULL ? 0 : vici_add_kv_str(r, "type", "IKE");
	rc |= r == NULL ? 0 : vici_add_kv_str(r, "data", psk);
	rc |= r == NULL ? 0 : vici_begin_list(r, "owners");
	for (size_t i = 0; r != NULL && i < 2; i++)
		rc |= vici_add_list_item_str(r, o.id[i]);
	rc |= r == NULL ? 0 : vici_end_list(r);
	explicit_bzero(psk, sizeof(psk));
	if (rc != 0) {
		vici_msg_free(r);
		azerr_set(e, "out of memory");
		return NULL;
	}
	return r;
}

/* One load command; a refusal is the configuration's fault (refused). */
static int load_one(struct vici_conn *c, const char *cmd,
		    struct vici_msg *req, bool *refused, struct azerr *e)
{
	struct vici_msg *res = vici_call(c, cmd, req, NULL, NULL, NULL, e);
	int rc;

	vici_msg_free(req);
	if (res == NULL)
		return -1;
	rc = vici_check(res, cmd, e);
	vici_msg_free(res);
	*refused = rc < 0;
	return rc;
}

/* initiate with timeout -1: charon answers at once and the IKE exchange
 * goes on; its outcome comes as events (charon_watch.c). */
int charon_initiate(struct vici_conn *c, const char *ike, const char *child,
		    struct azerr *e)
{
	struct vici_msg *req = vici_msg_new(), *res;
	int rc;

	if (req == NULL || vici_add_kv_str(req, "ike", ike) < 0 ||
	    vici_add_kv_str(req, "child", child) < 0 ||
	    vici_add_kv_str(req, "timeout", "-1") < 0) {
		vici_msg_free(req);
		return azerr_set(e, "out of memory");
	}
	res = vici_call(c, "initiate", req, NULL, NULL, NULL, e);
	vici_msg_free(req);
	if (res == NULL)
		return -1;
	rc = vici_check(res, "initiate", e);
	vici_msg_free(res);
	return rc;
}

int charon_load_config(const struct lab_node *node,
		       const struct swan_conf *sc, struct vici_conn *c,
		       bool *refused, struct azerr *e)
{
	const char *file = node->ipsec_config;

	*refused = false;
	for (size_t i = 0; i < swan_conf_n_secrets(sc); i++) {
		struct vici_msg *m = swan_conf_load_shared_msg(sc, i, e);
		const char *data = m != NULL ? vici_get_str(m, "data") : NULL;

		if (m == NULL)
			return -1;
		if (data != NULL && strcmp(data, CHARON_PSK_RANDOM) == 0) {
			struct vici_msg *r = random_psk_msg(m, file, e);

			vici_msg_free(m);
			if (r == NULL)
				return -1;
			m = r;
		}
		if (load_one(c, "load-shared", m, refused, e) < 0)
			return azerr_wrap(e, "%s: secret #%zu", file, i + 1);
	}
	for (size_t i = 0; i < swan_conf_n_conns(sc); i++) {
		struct vici_msg *m = swan_conf_load_conn_msg_skip(
			sc, i, "start_action", e);

		if (m == NULL || load_one(c, "load-conn", m, refused, e) < 0)
			return azerr_wrap(e, "%s: connection '%s'", file,
					  swan_conf_conn_name(sc, i));
	}
	return 0;
}
