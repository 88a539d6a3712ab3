/* SPDX-License-Identifier: ISC */
/* IPv4/IPv6 addresses with a prefix length: the one address type of the
 * model, the plan and the netlink backends. */
#ifndef AZLAB_PREFIX_H
#define AZLAB_PREFIX_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

struct prefix {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t len;		/* prefix length */
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t bytes[16];
	} addr;
};

/* INET6_ADDRSTRLEN + "/128" */
#define PREFIX_STRLEN 52

/* "10.0.0.1/24", "2001:db8::1/64"; without a length, the host length.
 * Returns 0, or -1 on a malformed address or length. */
int prefix_parse(const char *s, struct prefix *p);
/* An address without a length (a next hop): returns 0 or -1. */
int addr_parse(const char *s, struct prefix *p);
/* Writes "a.b.c.d/len" into buf (PREFIX_STRLEN bytes); returns buf. */
const char *prefix_fmt(const struct prefix *p, char *buf);
/* Writes only the address part. */
const char *addr_fmt(const struct prefix *p, char *buf);
/* Address bytes for the family: 4 or 16. */
int prefix_addr_len(const struct prefix *p);
/* True if addr lies inside net (same family, first net->len bits equal). */
bool prefix_contains(const struct prefix *net, const struct prefix *addr);
/* True if the two addresses are the same (lengths ignored). */
bool prefix_same_addr(const struct prefix *a, const struct prefix *b);
/* Orders prefixes by family, then address, then length (shorter first):
 * the order of route tables. Returns <0, 0 or >0. */
int prefix_cmp(const struct prefix *a, const struct prefix *b);
/* Clears host bits: 10.0.0.1/24 -> 10.0.0.0/24. */
void prefix_mask(struct prefix *p);

#endif
