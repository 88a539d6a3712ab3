/* SPDX-License-Identifier: ISC */
/* The swanctl.conf reader (swanctl_conf.c) on any text: a tree or one
 * error; then every view the charon loader takes of it (names, keys,
 * the load-conn and load-shared requests), each request encoded and
 * decoded back as charon would read it. */
#include "fuzz.h"
#include "ipsec/swanctl_conf.h"

/* A request we build is one charon can decode. */
static void check_msg(struct vici_msg *m)
{
	unsigned char *buf;
	struct vici_msg *back;
	struct azerr e;
	size_t len;

	if (m == NULL)
		return;
	FUZZ_ASSERT(vici_msg_encode(m, &buf, &len) == 0);
	back = vici_msg_decode(buf, len, &e);
	FUZZ_ASSERT(back != NULL);
	vici_msg_free(back);
	free(buf);
	vici_msg_free(m);
}

static void use_conn(const struct swan_conf *c, size_t i)
{
	struct azerr e;

	FUZZ_ASSERT(swan_conf_conn_name(c, i) != NULL);
	swan_conf_conn_get(c, i, "remote_addrs");
	for (size_t k = 0; k < swan_conf_n_children(c, i); k++) {
		FUZZ_ASSERT(swan_conf_child_name(c, i, k) != NULL);
		swan_conf_child_get(c, i, k, "start_action");
	}
	check_msg(swan_conf_load_conn_msg(c, i, &e));
	check_msg(swan_conf_load_conn_msg_skip(c, i, "start_action", &e));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct swan_conf *c;
	struct azerr e = { "" };

	c = swan_conf_parse(text, "fuzz.conf", &e);
	if (c == NULL)
		FUZZ_ASSERT(strncmp(e.msg, "fuzz.conf:", 10) == 0);
	for (size_t i = 0; c != NULL && i < swan_conf_n_conns(c); i++)
		use_conn(c, i);
	for (size_t i = 0; c != NULL && i < swan_conf_n_secrets(c); i++)
		check_msg(swan_conf_load_shared_msg(c, i, &e));
	swan_conf_free(c);
	free(text);
	return 0;
}
