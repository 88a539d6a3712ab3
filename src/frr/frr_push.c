/* SPDX-License-Identifier: ISC */
/* A configuration pushed to one daemon over its vty socket, as vtysh
 * pushes it: enable, configure terminal, the lines between FRR's
 * XFRR_start_configuration and XFRR_end_configuration (bgpd holds its
 * sessions and best-path runs until the whole file is in), then end.
 *
 * Why not vtysh: a vtysh process builds every daemon's command tree
 * before it reads a line, about 80 ms of CPU, for each router at every
 * `up` (docs/performance.md). frr.c uses this only for a file that is all
 * bgpd's (frr_zebra_own_part false, no daemon but zebra and bgpd), where
 * vtysh's knowledge of which daemon takes which line is not needed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frr_conf.h"
#include "frr_vty.h"
#include "core/fsutil.h"
#include "proc/supervise.h"

/* The statements that are only ever at the top level: a daemon reached
 * with one inside a block leaves the block for it. */
static bool top_level(const struct frr_conf_line *l)
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

bool frr_push_sends(struct frr_push_depth *d, const char *line)
{
	const char *pos = line;
	struct frr_conf_line l;

	if (!frr_conf_next(&pos, &l) || l.n == 0 || frr_conf_is(&l, 0, "end"))
		return false;
	if (frr_conf_is(&l, 0, "exit")) {
		if (d->depth == 0)	/* would leave configuration mode */
			return false;
		d->depth--;
		return true;
	}
	if (frr_conf_is(&l, 0, "exit-address-family")) {
		if (d->depth == 2)
			d->depth = 1;
		return true;
	}
	if (top_level(&l))
		d->depth = 0;
	if (frr_conf_is(&l, 0, "router") || frr_conf_is(&l, 0, "route-map"))
		d->depth = 1;
	else if (frr_conf_is(&l, 0, "address-family") && d->depth == 1)
		d->depth = 2;
	return true;
}

/* What vtysh says of a refused line, so that the message reads the same
 * whichever pushed it. */
static void report_refusal(FILE *report, unsigned no, const char *line,
			   int status, const char *answer)
{
	const char *what = status == 2 ? "% Unknown command" :
			   status == 3 ? "% Ambiguous command" :
			   status == 4 ? "% Command incomplete" : NULL;
	size_t len = strcspn(answer, "\n");

	if (what != NULL)
		fprintf(report, "line %u: %s: %s\n", no, what, line);
	else if (len > 0)
		fprintf(report, "line %u: %.*s: %s\n", no, (int)len, answer,
			line);
	else
		fprintf(report, "line %u: refused (status %d): %s\n", no,
			status, line);
}

/* One command of the session's own (not the file's): any refusal is
 * an error. */
static int session_cmd(int fd, const char *cmd, long long deadline,
		       struct azerr *e)
{
	char *answer;
	int status = frr_vty_exchange(fd, cmd, deadline, &answer, e);

	if (status > 0)
		azerr_set(e, "'%s' refused: %.*s", cmd,
			  (int)strcspn(answer, "\n"), answer);
	free(answer);
	return status == 0 ? 0 : -1;
}

/* The file's lines; how many were refused, or -1 (e). */
static int push_lines(int fd, const char *text, long long deadline,
		      FILE *report, struct azerr *e)
{
	struct frr_push_depth depth = { 0 };
	char line[4096];
	unsigned no = 0;
	int refused = 0;

	for (const char *p = text; *p != '\0';) {
		size_t len = strcspn(p, "\r\n");
		char *answer;
		int status;

		no++;
		if (len >= sizeof(line))
			return azerr_set(e, "line %u: longer than %zu bytes",
					 no, sizeof(line) - 1);
		memcpy(line, p, len);
		line[len] = '\0';
		p += len;
		p += (*p == '\r' && p[1] == '\n') ? 2 : *p != '\0';
		if (!frr_push_sends(&depth, line))
			continue;
		status = frr_vty_exchange(fd, line, deadline, &answer, e);
		if (status < 0)
			return azerr_wrap(e, "line %u", no);
		if (status > 0) {
			report_refusal(report, no, line, status, answer);
			refused++;
		}
		free(answer);
	}
	return refused;
}

int frr_push_file(const char *sock, const char *conf, FILE *report,
		  struct azerr *e)
{
	long long deadline = sup_now_ms() + FRR_PUSH_TIMEOUT_MS;
	char *text = file_read(conf, NULL);
	int fd, refused = -1;

	if (text == NULL)
		return azerr_errno(e, errno, "%s", conf);
	fd = frr_vty_connect(sock, e);
	if (fd >= 0 && session_cmd(fd, "enable", deadline, e) == 0 &&
	    session_cmd(fd, "configure terminal", deadline, e) == 0 &&
	    session_cmd(fd, "XFRR_start_configuration", deadline, e) == 0) {
		refused = push_lines(fd, text, deadline, report, e);
		if (refused >= 0 &&
		    (session_cmd(fd, "XFRR_end_configuration", deadline,
				 e) < 0 ||
		     session_cmd(fd, "end", deadline, e) < 0))
			refused = -1;
	}
	if (fd >= 0)
		close(fd);
	free(text);
	return refused;
}
