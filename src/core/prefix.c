/* SPDX-License-Identifier: ISC */
/* Addresses and prefixes: strict parsing (a lab file is read by people
 * who make typos, so "10.0.0.1/024" or "10.0.0.1/ 24" are refused rather
 * than guessed at) and formatting through inet_pton/inet_ntop. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "prefix.h"

int prefix_addr_len(const struct prefix *p)
{
	return p->family == AF_INET6 ? 16 : 4;
}

static int max_len(int family)
{
	return family == AF_INET6 ? 128 : 32;
}

/* Decimal, no sign, no spaces, no leading zero ("0" itself is fine). */
static int parse_len(const char *s, int max)
{
	int v = 0;

	if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0'))
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	return v;
}

/* The address part alone: IPv6 if it has a colon, IPv4 otherwise. */
static int parse_addr_part(const char *s, size_t n, struct prefix *p)
{
	char buf[INET6_ADDRSTRLEN];

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	p->family = memchr(buf, ':', n) != NULL ? AF_INET6 : AF_INET;
	return inet_pton(p->family, buf, p->addr.bytes) == 1 ? 0 : -1;
}

int prefix_parse(const char *s, struct prefix *p)
{
	const char *slash = strchr(s, '/');
	size_t n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	int len;

	memset(p, 0, sizeof(*p));
	if (parse_addr_part(s, n, p) < 0)
		goto bad;
	len = max_len(p->family);
	if (slash != NULL && (len = parse_len(slash + 1, len)) < 0)
		goto bad;
	p->len = (uint8_t)len;
	return 0;
bad:
	memset(p, 0, sizeof(*p));
	return -1;
}

int addr_parse(const char *s, struct prefix *p)
{
	if (strchr(s, '/') != NULL) {
		memset(p, 0, sizeof(*p));
		return -1;
	}
	return prefix_parse(s, p);
}

const char *addr_fmt(const struct prefix *p, char *buf)
{
	if (inet_ntop(p->family, p->addr.bytes, buf, INET6_ADDRSTRLEN) == NULL)
		strcpy(buf, "?");
	return buf;
}

const char *prefix_fmt(const struct prefix *p, char *buf)
{
	size_t n = strlen(addr_fmt(p, buf));

	snprintf(buf + n, PREFIX_STRLEN - n, "/%u", p->len);
	return buf;
}

/* True if the first bits of a and b are equal. */
static bool bits_equal(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;
	uint8_t mask;

	if (memcmp(a, b, whole) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (uint8_t)(0xff << (8 - rest));
	return (a[whole] & mask) == (b[whole] & mask);
}

bool prefix_contains(const struct prefix *net, const struct prefix *addr)
{
	return net->family == addr->family &&
	       bits_equal(net->addr.bytes, addr->addr.bytes, net->len);
}

bool prefix_same_addr(const struct prefix *a, const struct prefix *b)
{
	return a->family == b->family &&
	       memcmp(a->addr.bytes, b->addr.bytes, prefix_addr_len(a)) == 0;
}

int prefix_cmp(const struct prefix *a, const struct prefix *b)
{
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	c = memcmp(a->addr.bytes, b->addr.bytes, (size_t)prefix_addr_len(a));
	if (c != 0)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

void prefix_mask(struct prefix *p)
{
	int n = prefix_addr_len(p);

	for (int i = 0; i < n; i++) {
		int bits = p->len - i * 8;

		if (bits <= 0)
			p->addr.bytes[i] = 0;
		else if (bits < 8)
			p->addr.bytes[i] &= (uint8_t)(0xff << (8 - bits));
	}
}
