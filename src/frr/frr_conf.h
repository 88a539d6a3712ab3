/* SPDX-License-Identifier: ISC */
/* FRR's configuration text, a line and its words at a time: what azlab
 * reads in a router's file (the daemons it needs, its BGP neighbors) is
 * in a line's first words, and FRR itself accepts or refuses the file
 * when the lab runs, so nothing here judges it. Pure: no I/O, no
 * allocation; the words point into the text. */
#ifndef AZLAB_FRR_CONF_H
#define AZLAB_FRR_CONF_H

#include <stdbool.h>
#include <stddef.h>

/* Statements that matter here are shorter; longer lines keep count. */
#define FRR_CONF_WORDS 8

struct frr_conf_word {
	const char *s;		/* into the text; not terminated */
	size_t len;
};

struct frr_conf_line {
	struct frr_conf_word word[FRR_CONF_WORDS];
	size_t n;		/* the line's words, past FRR_CONF_WORDS too */
};

/* Reads the line at *pos into l and moves *pos past its end ("\n",
 * "\r\n" or "\r"); false, with l untouched, at the end of the text.
 * Words are separated by blanks; a comment ("!" or "#" as the first
 * word's first character) has none. */
bool frr_conf_next(const char **pos, struct frr_conf_line *l);

/* Whether word i of l (possibly past FRR_CONF_WORDS: no) is s. */
bool frr_conf_is(const struct frr_conf_line *l, size_t i, const char *s);
bool frr_conf_word_is(struct frr_conf_word w, const char *s);
/* w in buf, cut to fit; buf. */
char *frr_conf_copy(struct frr_conf_word w, char *buf, size_t len);

/* Whether l is a statement only ever at the top level (frr, hostname,
 * router, route-map, ip/ipv6 ..., bgp's lists): a daemon reached with one
 * inside a block leaves the block for it. */
bool frr_conf_top_level(const struct frr_conf_line *l);

/* The BGP statements `azlab graph` draws from. */
enum frr_conf_bgp {
	FRR_CONF_BGP_OTHER,
	FRR_CONF_BGP_ROUTER,	/* router bgp AS: word 2; with no VRF */
	FRR_CONF_BGP_REMOTE_AS,	/* neighbor PEER remote-as AS: 1 and 3 */
	FRR_CONF_BGP_PEER_GROUP, /* neighbor PEER peer-group GROUP: 1, 3 */
};
enum frr_conf_bgp frr_conf_bgp(const struct frr_conf_line *l);

#endif
