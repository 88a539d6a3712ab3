/* SPDX-License-Identifier: ISC */
/* Parsers of traceroute's and ping's output: pure functions of the text. */
#include <arpa/inet.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

#define LINE_MAX_LEN 1024

/* The next line of *text into buf (truncated to fit); false at the end. */
static bool next_line(const char **text, char *buf, size_t len)
{
	const char *s = *text, *nl;
	size_t n;

	if (*s == '\0')
		return false;
	nl = strchr(s, '\n');
	n = nl != NULL ? (size_t)(nl - s) : strlen(s);
	*text = nl != NULL ? nl + 1 : s + n;
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return true;
}

static bool is_addr(const char *s)
{
	unsigned char b[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, b) == 1 || inet_pton(AF_INET6, s, b) == 1;
}

static bool is_uint(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static bool is_number(const char *s, double *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	*v = strtod(s, &end);
	return *end == '\0';
}

/* "traceroute to NAME (ADDR), 15 hops max, 60 byte packets" */
static bool trace_header(const char *line, struct trace_result *r)
{
	const char *open, *close;
	size_t n;

	if (strncmp(line, "traceroute to ", 14) != 0)
		return false;
	open = strchr(line, '(');
	close = open != NULL ? strchr(open, ')') : NULL;
	if (close == NULL || (n = (size_t)(close - open - 1)) >= PROBE_ADDR_MAX)
		return true;
	memcpy(r->target, open + 1, n);
	r->target[n] = '\0';
	if (!is_addr(r->target))
		r->target[0] = '\0';
	return true;
}

static void hop_add_addr(struct trace_hop *h, const char *a)
{
	for (size_t i = 0; i < h->n_addrs; i++)
		if (strcmp(h->addr[i], a) == 0)
			return;
	if (h->n_addrs < TRACE_ADDRS_MAX)
		snprintf(h->addr[h->n_addrs++], PROBE_ADDR_MAX, "%s", a);
}

/* One token after the TTL: `*`, an address (bare or "(addr)" after a
 * name), an RTT followed by "ms", an annotation "!H", or a name. */
static void hop_token(struct trace_hop *h, char *tok, const char *next)
{
	size_t n = strlen(tok);
	double v;

	if (tok[0] == '(' && n > 2 && tok[n - 1] == ')') {
		tok[n - 1] = '\0';
		tok++;
	}
	if (is_addr(tok))
		hop_add_addr(h, tok);
	else if (is_number(tok, &v) && next != NULL &&
		 strcmp(next, "ms") == 0) {
		if (isnan(h->rtt_ms) && h->n_addrs > 0)
			h->rtt_ms = v;
	} else if (tok[0] == '!' && h->note[0] == '\0') {
		snprintf(h->note, sizeof(h->note), "%s", tok);
	}
}

/* " 4  192.168.30.1  0.019 ms  0.016 ms  0.016 ms": false if the line is
 * not a hop. */
static bool trace_hop_line(char *line, struct trace_hop *h)
{
	char *save = NULL, *tok, *next;

	tok = strtok_r(line, " \t", &save);
	if (tok == NULL || !is_uint(tok) || strlen(tok) > 4)
		return false;
	memset(h, 0, sizeof(*h));
	h->ttl = atoi(tok);
	h->rtt_ms = NAN;
	tok = strtok_r(NULL, " \t", &save);
	while (tok != NULL) {
		next = strtok_r(NULL, " \t", &save);
		hop_token(h, tok, next);
		tok = next;
	}
	return true;
}

static bool hop_has(const struct trace_hop *h, const char *addr)
{
	for (size_t i = 0; i < h->n_addrs; i++)
		if (strcmp(h->addr[i], addr) == 0)
			return true;
	return false;
}

int trace_parse(const char *text, struct trace_result *r)
{
	char line[LINE_MAX_LEN];
	bool header = false;

	memset(r, 0, sizeof(*r));
	while (next_line(&text, line, sizeof(line))) {
		if (!header && trace_header(line, r)) {
			header = true;
			continue;
		}
		if (r->n_hops < TRACE_HOPS_MAX &&
		    trace_hop_line(line, &r->hops[r->n_hops]))
			r->n_hops++;
	}
	if (!header && r->n_hops == 0)
		return -1;
	r->reached = r->n_hops > 0 && r->target[0] != '\0' &&
		     hop_has(&r->hops[r->n_hops - 1], r->target);
	return (int)r->n_hops;
}

/* "3 packets transmitted, 0 received, +3 errors, 100% packet loss, ..." */
static bool ping_stats(const char *line, struct ping_result *r)
{
	const char *pct, *p;

	if (sscanf(line, "%u packets transmitted, %u received",
		   &r->transmitted, &r->received) != 2)
		return false;
	pct = strstr(line, "% packet loss");
	if (pct == NULL) {
		r->loss_pct = r->transmitted == 0 ? 0 :
			100.0 * (r->transmitted - r->received) / r->transmitted;
		return true;
	}
	for (p = pct; p > line && (isdigit((unsigned char)p[-1]) ||
				   p[-1] == '.'); p--)
		;
	r->loss_pct = strtod(p, NULL);
	return true;
}

/* "rtt min/avg/max/mdev = 0.043/0.076/0.096/0.023 ms" (busybox says
 * "round-trip min/avg/max = ..."). */
static void ping_rtt(const char *line, struct ping_result *r)
{
	const char *eq;

	if (strstr(line, "min/avg/max") == NULL ||
	    (eq = strchr(line, '=')) == NULL)
		return;
	if (sscanf(eq + 1, " %lf/%lf/%lf", &r->rtt_min, &r->rtt_avg,
		   &r->rtt_max) == 3)
		r->has_rtt = true;
}

int ping_parse(const char *text, struct ping_result *r)
{
	char line[LINE_MAX_LEN];
	bool stats = false;

	memset(r, 0, sizeof(*r));
	while (next_line(&text, line, sizeof(line))) {
		if (!stats && ping_stats(line, r))
			stats = true;
		else if (stats)
			ping_rtt(line, r);
	}
	return stats ? 0 : -1;
}

void trace_path_str(const struct trace_result *r, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	if (r->n_hops == 0)
		snprintf(buf, len, "no hop");
	for (size_t i = 0; i < r->n_hops && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i > 0 ? ", " : "",
					 r->hops[i].n_addrs > 0 ?
					 r->hops[i].addr[0] : "*");
}
