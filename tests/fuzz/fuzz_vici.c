/* SPDX-License-Identifier: ISC */
/* The VICI decoder (vici_msg.c) on any bytes as a message body: either
 * an error, or a message whose walk hands out NUL-terminated values,
 * whose lookups work, and which encodes back to the very same bytes
 * (the decoder keeps nothing it could not write again). */
#include "fuzz.h"
#include "ipsec/vici.h"

static int on_name(void *ctx, const char *name)
{
	(void)ctx;
	FUZZ_ASSERT(name[0] != '\0' && strlen(name) <= 255);
	return 0;
}

static int on_end(void *ctx)
{
	(void)ctx;
	return 0;
}

static int on_kv(void *ctx, const char *key, const char *val, size_t len)
{
	on_name(ctx, key);
	FUZZ_ASSERT(val[len] == '\0');
	return 0;
}

static int on_item(void *ctx, const char *val, size_t len)
{
	(void)ctx;
	FUZZ_ASSERT(val[len] == '\0');
	return 0;
}

static const struct vici_walk walker = {
	on_name, on_end, on_kv, on_name, on_item, on_end,
};

/* Lookups the CLI and the supervisor make of list-sas and events. */
static const char *const paths[] = {
	"success", "errmsg", "ike", "child-sa", "a.b", "a.b.c.d", "",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct azerr e = { "" };
	struct vici_msg *m = vici_msg_decode(data, size, &e);
	unsigned char *buf;
	size_t len;

	if (m == NULL) {
		FUZZ_ASSERT(strncmp(e.msg, "vici: ", 6) == 0);
		return 0;
	}
	FUZZ_ASSERT(vici_walk(m, &walker, NULL) == 0);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		vici_get_str(m, paths[i]);
	FUZZ_ASSERT(vici_msg_encode(m, &buf, &len) == 0);
	FUZZ_ASSERT(len == size && (size == 0 || memcmp(buf, data, size) == 0));
	free(buf);
	vici_msg_free(m);
	return 0;
}
