/* SPDX-License-Identifier: ISC */
/* Two passes over the files: the first gathers the policy each file
 * defines and checks it against the other files' (a table of names, so
 * that the join stays linear in the lab's size); the second writes the
 * policy, then each file's router blocks, rewritten for their VRF. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frr.h"
#include "frr_conf.h"
#include "frr_join.h"
#include "frr_vty.h"
#include "core/grow.h"

/* One name of the shared policy ("ip prefix-list DEFAULT"), or one
 * setting ("bgp route-map delay-timer"): its lines as the first file
 * that has it writes them. */
struct def {
	char *key;
	char *text;		/* its lines, trimmed, each ending "\n" */
	size_t src;		/* the file that defined it first */
	unsigned *lines;	/* where each line of text is in that file */
	size_t n_lines;
	/* the file being read has it too: its lines, to compare at the
	 * file's end */
	char *cand;
	size_t cand_src;
	unsigned cand_line;	/* its first line */
	struct def *next;	/* in the bucket */
	struct def *touched;	/* by the file being read */
};

struct join {
	const struct frr_join_src *src;
	size_t n;
	struct def **buckets;
	size_t n_buckets;
	struct def **order;	/* as first met */
	size_t n_defs;
	struct def *touched;
	struct azerr *e;
};

enum block { TOP, ROUTER, FAMILY, DEF };

/* Where a file's walk is. */
struct walk {
	size_t src;
	const char *pos;
	unsigned line;
	const char *text;	/* of the current line */
	size_t len;
	struct frr_conf_line l;
	enum block block;
	char map_key[256];	/* when in DEF: "route-map NAME" */
};

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static int fail(struct join *j, const struct walk *w, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct join *j, const struct walk *w, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return azerr_set(j->e, "%s:%u: %s", j->src[w->src].file, w->line,
			 msg);
}

/* The line's first upto words (0: all), blanks squeezed: "route-map
 * OUT permit 10". */
static void words(const struct frr_conf_line *l, size_t upto, char *buf,
		  size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	if (upto == 0 || upto > l->n || upto > FRR_CONF_WORDS)
		upto = l->n < FRR_CONF_WORDS ? l->n : FRR_CONF_WORDS;
	for (size_t i = 0; i < upto && at + 1 < len; i++) {
		int n = snprintf(buf + at, len - at, "%s%.*s", i > 0 ? " " : "",
				 (int)l->word[i].len, l->word[i].s);

		if (n < 0)
			return;
		at += (size_t)n < len - at ? (size_t)n : len - at - 1;
	}
}

/* How many first words name what a top-level policy line defines:
 * "ip prefix-list NAME", "route-map NAME", "bgp community-list
 * [standard|expanded] NAME", "bgp as-path access-list NAME"; a setting
 * ("bgp route-map delay-timer 0") is named by all but its value. */
static size_t key_words(const struct frr_conf_line *l)
{
	size_t w = frr_conf_is(l, 0, "no");

	if (frr_conf_is(l, w, "route-map"))
		return w + 2;
	if ((frr_conf_is(l, w, "ip") || frr_conf_is(l, w, "ipv6")) &&
	    frr_conf_is(l, w + 1, "prefix-list"))
		return w + 3;
	if (frr_conf_is(l, w, "bgp") && frr_conf_is(l, w + 1, "as-path"))
		return w + 4;
	if (frr_conf_is(l, w, "bgp") &&
	    (frr_conf_is(l, w + 1, "community-list") ||
	     frr_conf_is(l, w + 1, "extcommunity-list") ||
	     frr_conf_is(l, w + 1, "large-community-list")))
		return frr_conf_is(l, w + 2, "standard") ||
		       frr_conf_is(l, w + 2, "expanded") ? w + 4 : w + 3;
	return l->n > 1 ? l->n - 1 : 1;
}

/* Lines for bgpd as a process, not for a router: dropped. */
static bool process_line(const struct frr_conf_line *l)
{
	static const char *const process[] = {
		"hostname", "end", "log", "service", "debug", "password",
		"enable",
	};

	for (size_t i = 0; i < sizeof(process) / sizeof(*process); i++)
		if (frr_conf_is(l, 0, process[i]))
			return true;
	return frr_conf_is(l, 0, "frr") && frr_conf_is(l, 1, "version");
}

/* Other daemons' blocks and statements, only ever at the top level: met
 * inside a router or route-map block (a file need not close one with
 * "exit"), they end it, and are refused as not bgpd's. */
static bool others_top_level(const struct frr_conf_line *l)
{
	static const char *const others[] = {
		"interface", "vrf", "line", "key", "segment-routing", "mpls",
		"pbr-map", "nexthop-group", "access-list", "agentx", "fpm",
		"zebra", "table",
	};
	size_t w = frr_conf_is(l, 0, "no");

	for (size_t i = 0; i < sizeof(others) / sizeof(*others); i++)
		if (frr_conf_is(l, w, others[i]))
			return true;
	return false;
}

static bool walk_next(struct walk *w)
{
	const char *start = w->pos;

	if (!frr_conf_next(&w->pos, &w->l))
		return false;
	w->line++;
	w->text = start;
	w->len = strcspn(start, "\r\n");
	return true;
}

/* The line's text, trimmed, in buf. */
static void trimmed(const struct walk *w, char *buf, size_t len)
{
	const char *s = w->text;
	size_t n = w->len;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	snprintf(buf, len, "%.*s", (int)n, s);
}

static struct def *def_find(struct join *j, const char *key, size_t *b)
{
	*b = hash(key) & (j->n_buckets - 1);
	for (struct def *d = j->buckets[*b]; d != NULL; d = d->next)
		if (strcmp(d->key, key) == 0)
			return d;
	return NULL;
}

static int append(char **text, const char *line)
{
	size_t old = *text != NULL ? strlen(*text) : 0;
	char *p = realloc(*text, old + strlen(line) + 2);

	if (p == NULL)
		return -1;
	memcpy(p + old, line, strlen(line));
	p[old + strlen(line)] = '\n';
	p[old + strlen(line) + 1] = '\0';
	*text = p;
	return 0;
}

/* The line belongs to key's definition in the walk's file. */
static int def_line(struct join *j, const struct walk *w, const char *key)
{
	char line[FRR_PUSH_LINE_MAX];
	size_t b;
	struct def *d = def_find(j, key, &b);

	trimmed(w, line, sizeof(line));
	if (d == NULL) {
		d = calloc(1, sizeof(*d));
		if (d == NULL || (d->key = strdup(key)) == NULL ||
		    grow_add(&j->order, &j->n_defs, sizeof(*j->order)) ==
		    NULL) {
			if (d != NULL)
				free(d->key);
			free(d);
			return azerr_set(j->e, "out of memory");
		}
		j->order[j->n_defs - 1] = d;
		d->src = w->src;
		d->next = j->buckets[b];
		j->buckets[b] = d;
	}
	if (d->src == w->src) {
		unsigned *at = grow_add(&d->lines, &d->n_lines,
					sizeof(*d->lines));

		if (at == NULL || append(&d->text, line) < 0)
			return azerr_set(j->e, "out of memory");
		*at = w->line;
		return 0;
	}
	if (d->cand_src != w->src || d->cand == NULL) {
		free(d->cand);
		d->cand = NULL;
		d->cand_src = w->src;
		d->cand_line = w->line;
		d->touched = j->touched;
		j->touched = d;
	}
	return append(&d->cand, line) < 0 ?
	       azerr_set(j->e, "out of memory") : 0;
}

/* At a file's end: what it defines as another file did, or an error. */
static int defs_compare(struct join *j, size_t src)
{
	struct def *d = j->touched;
	int rc = 0;

	for (; d != NULL; d = d->touched) {
		if (rc == 0 && strcmp(d->cand, d->text) != 0)
			rc = azerr_set(j->e, "%s:%u: %s is not as %s:%u has "
				       "it: with 'frr: shared' one bgpd holds "
				       "every router's policy, so a name must "
				       "mean the same in every file",
				       j->src[src].file, d->cand_line, d->key,
				       j->src[d->src].file, d->lines[0]);
		free(d->cand);
		d->cand = NULL;
	}
	j->touched = NULL;
	return rc;
}

/* What a line is to the join. */
enum kind {
	DROP,		/* a comment, a line for the process, a block's end
			 * where no router block is open */
	POLICY,		/* a line of the shared policy: key names it */
	START,		/* router bgp AS */
	BODY,		/* a line of a router block, its families' too */
	END,		/* the "exit" that ends a router block */
};

/* "exit", "exit-address-family", "address-family": where the walk is
 * in a router block after the line. */
static enum kind block_line(struct walk *w)
{
	enum block was = w->block;

	if (frr_conf_is(&w->l, 0, "exit")) {
		w->block = was == FAMILY ? ROUTER : TOP;
		return was == ROUTER ? END : was == FAMILY ? BODY : DROP;
	}
	if (frr_conf_is(&w->l, 0, "exit-address-family")) {
		if (was == FAMILY)
			w->block = ROUTER;
		return was == TOP ? DROP : BODY;
	}
	if (frr_conf_is(&w->l, 0, "address-family") && was == ROUTER)
		w->block = FAMILY;
	return was == TOP ? DROP : BODY;
}

static int not_bgpds(struct join *j, const struct walk *w,
		     const char *shown)
{
	return fail(j, w, "'frr: shared' runs one bgpd for every router, "
		    "and nothing else: '%s' is not bgpd's", shown);
}

static int top_line(struct join *j, struct walk *w, const char *shown,
		    char *key, size_t len, enum kind *kind)
{
	const struct frr_conf_line *l = &w->l;

	if (!frr_line_bgp_only(l, false))
		return not_bgpds(j, w, shown);
	if (frr_conf_is(l, 0, "router")) {
		if (l->n != 3)
			return fail(j, w, "'%s': with 'frr: shared' each "
				    "router's BGP instance is the VRF of its "
				    "namespace; write 'router bgp AS' only",
				    shown);
		w->block = ROUTER;
		*kind = START;
		return 0;
	}
	w->block = frr_conf_is(l, 0, "route-map") ? DEF : TOP;
	words(l, key_words(l), key, len);
	/* "no ip prefix-list P seq 5" is P's, in its place among P's lines */
	if (strncmp(key, "no ", 3) == 0)
		memmove(key, key + 3, strlen(key + 3) + 1);
	if (w->block == DEF)
		snprintf(w->map_key, sizeof(w->map_key), "%s", key);
	*kind = POLICY;
	return 0;
}

/* Classifies the walk's line, and moves the walk's block past it; key:
 * the policy a POLICY line belongs to. */
static int classify(struct join *j, struct walk *w, char *key, size_t len,
		    enum kind *kind)
{
	const struct frr_conf_line *l = &w->l;
	char shown[96];

	*kind = DROP;
	if (l->n == 0 || process_line(l))
		return 0;
	words(l, 0, shown, sizeof(shown));
	if (others_top_level(l))
		return not_bgpds(j, w, shown);
	if (frr_conf_top_level(l))
		return top_line(j, w, shown, key, len, kind);
	if (!frr_line_bgp_only(l, w->block != TOP))
		return not_bgpds(j, w, shown);
	if (w->block == DEF) {
		/* a route-map's lines, whatever they are, are policy */
		if (frr_conf_is(l, 0, "exit")) {
			w->block = TOP;
			return 0;
		}
		snprintf(key, len, "%s", w->map_key);
		*kind = POLICY;
		return 0;
	}
	if (w->block != TOP || frr_conf_is(l, 0, "exit") ||
	    frr_conf_is(l, 0, "exit-address-family")) {
		*kind = block_line(w);
		return 0;
	}
	return fail(j, w, "'%s' is outside any router bgp or route-map "
		    "block", shown);
}

static int gather_file(struct join *j, size_t src)
{
	struct walk w = { .src = src, .pos = j->src[src].text };
	char key[256];
	enum kind kind;

	while (walk_next(&w)) {
		if (classify(j, &w, key, sizeof(key), &kind) < 0)
			return -1;
		if (kind == POLICY && def_line(j, &w, key) < 0)
			return -1;
	}
	return defs_compare(j, src);
}

static void map_line(FILE *map, const char *file, unsigned line)
{
	if (map == NULL)
		return;
	if (file == NULL)
		fputs("-\n", map);
	else
		fprintf(map, "%s:%u\n", file, line);
}

/* `frr defaults` first: FRR takes it only before what it sets defaults
 * for. */
static void write_defs(const struct join *j, FILE *out, FILE *map)
{
	for (size_t i = 0; i < 2 * j->n_defs; i++) {
		const struct def *d = j->order[i % j->n_defs];
		bool defaults = strcmp(d->key, "frr defaults") == 0;

		if (defaults != (i < j->n_defs))
			continue;
		fputs(d->text, out);
		for (size_t k = 0; k < d->n_lines; k++)
			map_line(map, j->src[d->src].file, d->lines[k]);
		if (strncmp(d->key, "route-map ", 10) == 0) {
			fputs("exit\n", out);
			map_line(map, NULL, 0);
		}
	}
}

/* The file's router blocks, `router bgp AS vrf NS`, each closed: a
 * block may end with no "exit", at the next top-level line. */
static int write_routers(struct join *j, size_t src, FILE *out, FILE *map)
{
	const struct frr_join_src *s = &j->src[src];
	struct walk w = { .src = src, .pos = s->text };
	char key[256], as[32];
	enum kind kind;
	bool open = false;

	while (walk_next(&w)) {
		if (classify(j, &w, key, sizeof(key), &kind) < 0)
			return -1;
		if (open && (kind == START || kind == END ||
			     kind == POLICY)) {
			fputs("exit\n", out);
			map_line(map, s->file, w.line);
			open = false;
		}
		if (kind == START) {
			frr_conf_copy(w.l.word[2], as, sizeof(as));
			fprintf(out, "router bgp %s vrf %s\n", as, s->vrf);
			map_line(map, s->file, w.line);
			open = true;
		} else if (kind == BODY) {
			fprintf(out, "%.*s\n", (int)w.len, w.text);
			map_line(map, s->file, w.line);
		}
	}
	if (open) {
		fputs("exit\n", out);
		map_line(map, NULL, 0);
	}
	return 0;
}

static void join_free(struct join *j)
{
	for (size_t i = 0; i < j->n_defs; i++) {
		free(j->order[i]->key);
		free(j->order[i]->text);
		free(j->order[i]->cand);
		free(j->order[i]->lines);
		free(j->order[i]);
	}
	free(j->order);
	free(j->buckets);
}

int frr_join(const struct frr_join_src *src, size_t n, FILE *out, FILE *map,
	     struct azerr *e)
{
	struct join j = { .src = src, .n = n, .e = e, .n_buckets = 64 };
	int rc = 0;

	/* a few names a file: buckets to spare whatever the lab's size */
	while (j.n_buckets < 4 * n)
		j.n_buckets *= 2;
	j.buckets = calloc(j.n_buckets, sizeof(*j.buckets));
	if (j.buckets == NULL)
		return azerr_set(e, "out of memory");
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = gather_file(&j, i);
	if (rc == 0)
		write_defs(&j, out, map);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = write_routers(&j, i, out, map);
	join_free(&j);
	if (rc == 0 && (ferror(out) || (map != NULL && ferror(map))))
		rc = azerr_errno(e, EIO, "writing the joined configuration");
	return rc;
}

const char *frr_join_where(const char *map, unsigned line, char *buf,
			   size_t len)
{
	const char *p = map;

	for (unsigned i = 1; i < line && p != NULL; i++) {
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	if (p == NULL || line == 0 || *p == '\0' || *p == '-')
		return NULL;
	snprintf(buf, len, "%.*s", (int)strcspn(p, "\n"), p);
	return buf;
}
