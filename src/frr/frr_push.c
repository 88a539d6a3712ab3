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
	if (frr_conf_top_level(&l))
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

/* Lines sent and not answered yet. A round trip per line made the push
 * of a shared bgpd's file (thousands of lines) take seconds; sent in a
 * row, the daemon answers each in turn. Where a line is sent depends on
 * the block the daemon is in (frr_push_depth), which depends on whether
 * the lines before were taken: the window is emptied, every answer read,
 * before a line that ends or opens a block in a block, and when full. */
#define PUSH_WINDOW 64

struct window {
	struct frr_vty_reader r;
	struct {
		unsigned no;
		char *line;
	} sent[PUSH_WINDOW];
	size_t n;
	unsigned base;		/* the depth before the window's first line */
	int refused;
};

static bool depth_turns(const char *line)
{
	const char *pos = line;
	struct frr_conf_line l;

	return frr_conf_next(&pos, &l) &&
	       (frr_conf_is(&l, 0, "exit") ||
		frr_conf_is(&l, 0, "exit-address-family") ||
		frr_conf_is(&l, 0, "address-family"));
}

/* Every answer of the window, in order: the depth as they leave it,
 * each line's effect replayed from the depth before the window (a line
 * refused leaves it, as when sent alone; only a window's first line can
 * depend on the depth, which is why it is emptied before those). */
static int window_flush(struct window *w, struct frr_push_depth *depth,
			FILE *report, struct azerr *e)
{
	int rc = 0;

	depth->depth = w->base;
	for (size_t i = 0; i < w->n; i++) {
		char *answer = NULL;
		int status = rc < 0 ? -1 :
			frr_vty_next_answer(&w->r, sup_now_ms() +
					    FRR_PUSH_ANSWER_MS, &answer, e);

		if (status < 0 && rc == 0)
			rc = azerr_wrap(e, "line %u", w->sent[i].no);
		if (status >= 0) {
			frr_push_sends(depth, w->sent[i].line);
			frr_push_answered(depth, status);
			report_answer(report, w->sent[i].no, w->sent[i].line,
				      status, answer);
			w->refused += !frr_push_taken(status);
		}
		free(answer);
		free(w->sent[i].line);
	}
	w->n = 0;
	return rc;
}

/* The file's lines; how many were refused, or -1 (e). */
static int push_lines(int fd, const char *text, FILE *report,
		      struct azerr *e)
{
	struct frr_push_depth depth = { 0, 0 };
	struct window w = { .r = { .fd = fd } };
	char line[FRR_PUSH_LINE_MAX];
	unsigned no = 0;
	int rc = 0;

	for (const char *p = text; rc == 0 && next_line(&p, line);) {
		no++;
		if ((w.n == PUSH_WINDOW || (w.n > 0 && depth_turns(line))) &&
		    (rc = window_flush(&w, &depth, report, e)) < 0)
			break;
		if (w.n == 0)
			w.base = depth.depth;
		if (!frr_push_sends(&depth, line))
			continue;
		w.sent[w.n].no = no;
		if ((w.sent[w.n].line = strdup(line)) == NULL) {
			rc = azerr_set(e, "out of memory");
			break;
		}
		w.n++;
		/* the lines after it are sent as if it were taken */
		depth.depth = depth.next;
		if (frr_vty_send(fd, line, e) < 0)
			rc = azerr_wrap(e, "line %u", no);
	}
	if (window_flush(&w, &depth, report, rc < 0 ? &(struct azerr){0} : e)
	    < 0 && rc == 0)
		rc = -1;
	free(w.r.buf);
	return rc < 0 ? -1 : w.refused;
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
