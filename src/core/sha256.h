/* SPDX-License-Identifier: ISC */
/* SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104): what a split lab's
 * hosts derive their shared IPsec keys with, so that one tunnel's key
 * tells nothing of another's, nor of the seed. */
#ifndef AZLAB_SHA256_H
#define AZLAB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32
#define SHA256_BLOCK 64

struct sha256 {
	uint32_t h[8];
	uint64_t total;			/* bytes fed so far */
	unsigned char buf[SHA256_BLOCK];
	size_t fill;			/* bytes waiting in buf */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char out[SHA256_LEN]);

/* One call: out = HMAC-SHA-256(key, msg). */
void hmac_sha256(const void *key, size_t key_len, const void *msg,
		 size_t msg_len, unsigned char out[SHA256_LEN]);

#endif
