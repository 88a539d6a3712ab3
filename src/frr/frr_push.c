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

	d->next = d->depth;
	/* "hostname" is vtysh's own: a daemon's name is the node's (its UTS
	 * namespace's), as when vtysh pushes */
	if (!frr_conf_next(&pos, &l) || l.n == 0 ||
	    frr_conf_is(&l, 0, "end") || frr_conf_is(&l, 0, "hostname"))
		return false;
	if (frr_conf_is(&l, 0, "exit")) {
		if (d->depth == 0)	/* would leave configuration mode */
			return false;
		d->next = d->depth - 1;
		return true;
	}
	if (frr_conf_is(&l, 0, "exit-address-family")) {
		d->next = d->depth == 2 ? 1 : d->depth;
		return true;
	}
	if (top_level(&l))
		d->next = 0;
	if (frr_conf_is(&l, 0, "router") || frr_conf_is(&l, 0, "route-map"))
		d->next = 1;
	else if (frr_conf_is(&l, 0, "address-family") && d->depth == 1)
		d->next = 2;
	return true;
}

/* FRR's command statuses (lib/command.h) */
enum { CMD_OK, CMD_WARN, CMD_NO_MATCH, CMD_AMBIGUOUS, CMD_INCOMPLETE,
       CMD_NOTHING_TODO = 6 };

bool frr_push_taken(int status)
{
	return status == CMD_OK || status == CMD_WARN ||
	       status == CMD_NOTHING_TODO;
}

/* A refused line leaves the daemon where it was: so does the depth. */
void frr_push_answered(struct frr_push_depth *d, int status)
{
	if (frr_push_taken(status))
		d->depth = d->next;
}

/* What vtysh says of a refused line, so that the message reads the same
 * whichever pushed it; what the daemon said of a line it took, too. */
static void report_answer(FILE *report, unsigned no, const char *line,
			  int status, const char *answer)
{
	const char *what = status == CMD_NO_MATCH ? "% Unknown command" :
			   status == CMD_AMBIGUOUS ? "% Ambiguous command" :
			   status == CMD_INCOMPLETE ? "% Command incomplete" :
			   NULL;
	int len = (int)strcspn(answer, "\n");

	line += strspn(line, " \t");
	if (frr_push_taken(status)) {
		if (len > 0)
			fprintf(report, "warning, line %u: %.*s: %s\n", no,
				len, answer, line);
	} else if (what != NULL) {
		fprintf(report, "line %u: %s: %s\n", no, what, line);
	} else if (len > 0) {
		fprintf(report, "line %u: %.*s: %s\n", no, len, answer, line);
	} else {
		fprintf(report, "line %u: refused (status %d): %s\n", no,
			status, line);
	}
}

/* One command of the session's own (not the file's): any refusal is
 * an error. */
static int session_cmd(int fd, const char *cmd, struct azerr *e)
{
	char *answer;
	int status = frr_vty_exchange(fd, cmd,
				      sup_now_ms() + FRR_PUSH_ANSWER_MS,
				      &answer, e);

	if (status > 0)
		azerr_set(e, "'%s' refused: %.*s", cmd,
			  (int)strcspn(answer, "\n"), answer);
	free(answer);
	return status == 0 ? 0 : -1;
}

/* The line at *p into line (no end of line), *p past it; line numbers
 * are vtysh's: only "\n" ends a line, a "\r" before it is dropped. */
static bool next_line(const char **p, char line[FRR_PUSH_LINE_MAX])
{
	size_t len = strcspn(*p, "\n");

	if (**p == '\0' || len >= FRR_PUSH_LINE_MAX)
		return false;
	memcpy(line, *p, len);
	line[len - (len > 0 && line[len - 1] == '\r')] = '\0';
	*p += len + ((*p)[len] == '\n');
	return true;
}

/* Before the session: a file the push would stop in the middle of. */
static int check_lines(const char *text, struct azerr *e)
{
	char line[FRR_PUSH_LINE_MAX];
	unsigned no = 0;

	for (const char *p = text; *p != '\0'; no++)
		if (!next_line(&p, line))
			return azerr_set(e, "line %u: longer than %d bytes",
					 no + 1, FRR_PUSH_LINE_MAX - 1);
	return 0;
}

/* The file's lines; how many were refused, or -1 (e). */
static int push_lines(int fd, const char *text, FILE *report,
		      struct azerr *e)
{
	struct frr_push_depth depth = { 0, 0 };
	char line[FRR_PUSH_LINE_MAX];
	unsigned no = 0;
	int refused = 0;

	for (const char *p = text; next_line(&p, line);) {
		char *answer;
		int status;

		no++;
		if (!frr_push_sends(&depth, line))
			continue;
		status = frr_vty_exchange(fd, line,
					  sup_now_ms() + FRR_PUSH_ANSWER_MS,
					  &answer, e);
		if (status < 0)
			return azerr_wrap(e, "line %u", no);
		frr_push_answered(&depth, status);
		report_answer(report, no, line, status, answer);
		refused += !frr_push_taken(status);
		free(answer);
	}
	return refused;
}

/* The session opened: the lines, then its end, which bgpd waits for
 * before it opens sessions; sent after a failure too, as far as the
 * daemon still listens, or bgpd would hold them for minutes. */
static int push_session(int fd, const char *text, FILE *report,
			struct azerr *e)
{
	int refused = push_lines(fd, text, report, e);
	struct azerr later;

	if (session_cmd(fd, "XFRR_end_configuration",
			refused < 0 ? &later : e) < 0 && refused >= 0)
		refused = -1;
	if (session_cmd(fd, "end", refused < 0 ? &later : e) < 0 &&
	    refused >= 0)
		refused = -1;
	return refused;
}

int frr_push_file(const char *sock, const char *conf, FILE *report,
		  struct azerr *e)
{
	char *text = file_read(conf, NULL);
	int fd = -1, refused = -1;

	if (text == NULL)
		return azerr_errno(e, errno, "%s", conf);
	if (check_lines(text, e) == 0 && (fd = frr_vty_connect(sock, e)) >= 0 &&
	    session_cmd(fd, "enable", e) == 0 &&
	    session_cmd(fd, "configure terminal", e) == 0 &&
	    session_cmd(fd, "XFRR_start_configuration", e) == 0)
		refused = push_session(fd, text, report, e);
	if (fd >= 0)
		close(fd);
	free(text);
	return refused;
}
