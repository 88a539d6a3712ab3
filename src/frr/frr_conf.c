/* SPDX-License-Identifier: ISC */
#include <string.h>

#include "frr_conf.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static void line_words(const char *s, size_t len, struct frr_conf_line *l)
{
	size_t i = 0, start;

	l->n = 0;
	for (;;) {
		while (i < len && blank(s[i]))
			i++;
		if (i == len || (l->n == 0 && (s[i] == '!' || s[i] == '#')))
			return;
		start = i;
		while (i < len && !blank(s[i]))
			i++;
		if (l->n < FRR_CONF_WORDS)
			l->word[l->n] = (struct frr_conf_word){
				s + start, i - start
			};
		l->n++;
	}
}

bool frr_conf_next(const char **pos, struct frr_conf_line *l)
{
	const char *p = *pos;
	size_t len;

	if (*p == '\0')
		return false;
	len = strcspn(p, "\r\n");
	line_words(p, len, l);
	p += len;
	if (*p == '\r')
		p++;
	if (*p == '\n')
		p++;
	*pos = p;
	return true;
}

bool frr_conf_word_is(struct frr_conf_word w, const char *s)
{
	return strlen(s) == w.len && memcmp(w.s, s, w.len) == 0;
}

bool frr_conf_is(const struct frr_conf_line *l, size_t i, const char *s)
{
	return i < l->n && i < FRR_CONF_WORDS &&
	       frr_conf_word_is(l->word[i], s);
}

char *frr_conf_copy(struct frr_conf_word w, char *buf, size_t len)
{
	size_t n;

	if (len == 0)
		return buf;
	n = w.len < len ? w.len : len - 1;
	memcpy(buf, w.s, n);
	buf[n] = '\0';
	return buf;
}

enum frr_conf_bgp frr_conf_bgp(const struct frr_conf_line *l)
{
	/* "router bgp AS vrf NAME" is another instance than the node's */
	if (l->n == 3 && frr_conf_is(l, 0, "router") &&
	    frr_conf_is(l, 1, "bgp"))
		return FRR_CONF_BGP_ROUTER;
	if (l->n < 4 || !frr_conf_is(l, 0, "neighbor"))
		return FRR_CONF_BGP_OTHER;
	if (frr_conf_is(l, 2, "remote-as"))
		return FRR_CONF_BGP_REMOTE_AS;
	if (frr_conf_is(l, 2, "peer-group"))
		return FRR_CONF_BGP_PEER_GROUP;
	return FRR_CONF_BGP_OTHER;
}

/* The statements that are only ever at the top level: a daemon reached
 * with one inside a block leaves the block for it. */
bool frr_conf_top_level(const struct frr_conf_line *l)
{
	static const char *const top[] = {
		"frr", "hostname", "router", "route-map", "ip", "ipv6",
	};
	static const char *const bgp_top[] = {	/* "bgp X", outside router */
		"community-list", "extcommunity-list", "large-community-list",
		"as-path", "route-map",
	};
	size_t w = frr_conf_is(l, 0, "no");

	for (size_t i = 0; i < sizeof(top) / sizeof(*top); i++)
		if (frr_conf_is(l, w, top[i]))
			return true;
	for (size_t i = 0; i < sizeof(bgp_top) / sizeof(*bgp_top); i++)
		if (frr_conf_is(l, w, "bgp") && frr_conf_is(l, w + 1, bgp_top[i]))
			return true;
	return false;
}
