/* SPDX-License-Identifier: ISC */
/* SHA-256 against FIPS 180-4's examples, HMAC-SHA-256 against RFC 4231. */
#include "unit.h"

#include "core/sha256.h"

static const char *hex(const unsigned char d[SHA256_LEN], char *buf)
{
	for (unsigned i = 0; i < SHA256_LEN; i++)
		snprintf(buf + 2 * i, 3, "%02x", d[i]);
	return buf;
}

static const char *digest_of(const void *data, size_t len, char *buf)
{
	unsigned char d[SHA256_LEN];
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_final(&s, d);
	return hex(d, buf);
}

START_TEST(test_sha256_fips)
{
	char buf[2 * SHA256_LEN + 1];
	const char *two_blocks =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	ck_assert_str_eq(digest_of("", 0, buf),
			 "e3b0c44298fc1c149afbf4c8996fb924"
			 "27ae41e4649b934ca495991b7852b855");
	ck_assert_str_eq(digest_of("abc", 3, buf),
			 "ba7816bf8f01cfea414140de5dae2223"
			 "b00361a396177a9cb410ff61f20015ad");
	ck_assert_str_eq(digest_of(two_blocks, strlen(two_blocks), buf),
			 "248d6a61d20638b8e5c026930c3e6039"
			 "a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

/* 55 bytes leave room for the length in the last block, 56 do not, 64
 * fill it: the three ways padding ends. */
START_TEST(test_sha256_padding_edges)
{
	static const struct {
		size_t len;
		const char *digest;
	} cases[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9a"
		      "e9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f"
		      "590ce20f1bde7090ef7970686ec6738a" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209"
		      "f439851db43d0ba5997337df154668eb" },
	};
	char a[64], buf[2 * SHA256_LEN + 1];

	memset(a, 'a', sizeof(a));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_str_eq(digest_of(a, cases[i].len, buf),
				 cases[i].digest);
}
END_TEST

/* A million 'a' fed in uneven pieces: blocks split across updates. */
START_TEST(test_sha256_pieces)
{
	unsigned char d[SHA256_LEN];
	char a[997], buf[2 * SHA256_LEN + 1];
	size_t left = 1000000;
	struct sha256 s;

	memset(a, 'a', sizeof(a));
	sha256_init(&s);
	while (left > 0) {
		size_t n = left < sizeof(a) ? left : sizeof(a);

		sha256_update(&s, a, n);
		left -= n;
	}
	sha256_final(&s, d);
	ck_assert_str_eq(hex(d, buf), "cdc76e5c9914fb9281a1c7e284d73e67"
				      "f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

START_TEST(test_hmac_rfc4231)
{
	unsigned char k0b[20], kaa[131], ddd[50], d[SHA256_LEN];
	char buf[2 * SHA256_LEN + 1];
	const char *m6 = "Test Using Larger Than Block-Size Key - "
			 "Hash Key First";
	const char *m7 = "This is a test using a larger than block-size key "
			 "and a larger than block-size data. The key needs to "
			 "be hashed before being used by the HMAC algorithm.";

	memset(k0b, 0x0b, sizeof(k0b));
	memset(kaa, 0xaa, sizeof(kaa));
	memset(ddd, 0xdd, sizeof(ddd));
	hmac_sha256(k0b, sizeof(k0b), "Hi There", 8, d);
	ck_assert_str_eq(hex(d, buf), "b0344c61d8db38535ca8afceaf0bf12b"
				      "881dc200c9833da726e9376c2e32cff7");
	hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, d);
	ck_assert_str_eq(hex(d, buf), "5bdcc146bf60754e6a042426089575c7"
				      "5a003f089d2739839dec58b964ec3843");
	hmac_sha256(kaa, 20, ddd, sizeof(ddd), d);
	ck_assert_str_eq(hex(d, buf), "773ea91e36800e46854db8ebd09181a7"
				      "2959098b3ef8c122d9635514ced565fe");
	hmac_sha256(kaa, sizeof(kaa), m6, strlen(m6), d);
	ck_assert_str_eq(hex(d, buf), "60e431591ee0b67f0d8a26aacbf5b77f"
				      "8e0bc6213728c5140546040f0ee37f54");
	hmac_sha256(kaa, sizeof(kaa), m7, strlen(m7), d);
	ck_assert_str_eq(hex(d, buf), "9b09ffa71b942fcb27635fbcd5b0e944"
				      "bfdc63644f0713938a7f51535c3a35e2");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sha256");
	TCase *tc = tcase_create("sha256");

	tcase_add_test(tc, test_sha256_fips);
	tcase_add_test(tc, test_sha256_padding_edges);
	tcase_add_test(tc, test_sha256_pieces);
	tcase_add_test(tc, test_hmac_rfc4231);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
