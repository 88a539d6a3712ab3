/* SPDX-License-Identifier: ISC */
/* The progress protocol: while a lab comes up, its daemon tells `azlab
 * up` how far it got, one message a line on a pipe, until the lab is up
 * or up has failed; then it closes the pipe.
 *   "P <done> <total> <what>"   a step finished (total 0: no count)
 *   "N <notice>"                a word for the user; the build goes on
 *   "OK <summary>"              the lab is up, the daemon serves
 *   "E <message>"               up failed; nothing is left of the lab
 * Only this file's encoder writes them and only its decoder reads them
 * (tests/unit/check_progress.c). */
#ifndef AZLAB_PROGRESS_H
#define AZLAB_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

/* The longest line, its '\n' included: well under PIPE_BUF, so that a
 * line is written whole in one write and never read torn by a writer
 * dying midway. */
#define PROGRESS_LINE_MAX 767

enum progress_kind {
	PROGRESS_STEP,		/* P */
	PROGRESS_NOTICE,	/* N */
	PROGRESS_OK,		/* OK */
	PROGRESS_ERROR,		/* E */
};

struct progress_msg {
	enum progress_kind kind;
	size_t done, total;		/* a step's */
	char text[PROGRESS_LINE_MAX];
};

/* m as one line: '\n' at its end, a NUL after; the text cut to fit, and
 * a '\n' in it made a space (one message, one line). Returns the line's
 * length. */
size_t progress_encode(const struct progress_msg *m,
		       char line[PROGRESS_LINE_MAX + 1]);
/* A line without its '\n'; false if it is not one of the four. */
bool progress_decode(const char *line, size_t len, struct progress_msg *m);

/* Encodes m and writes it; -1 with errno set (EPIPE: up went away). */
int progress_write(int fd, const struct progress_msg *m);

/* The reading end, incremental: what a read brings beyond a line waits
 * for the next call. */
struct progress_reader {
	char buf[PROGRESS_LINE_MAX];
	size_t len;
};

enum progress_read {
	PROGRESS_GOT,		/* m is the next message */
	PROGRESS_AGAIN,		/* no whole line yet (or EINTR, EAGAIN):
				 * call again */
	PROGRESS_MALFORMED,	/* a line of none of the four kinds, or
				 * longer than any (the reader stays so) */
	PROGRESS_CLOSED,	/* the writer closed the pipe */
	PROGRESS_READ_FAILED,	/* errno says why */
};

void progress_reader_init(struct progress_reader *r);
/* The next message from a line already read, else after one read(2). */
enum progress_read progress_read(struct progress_reader *r, int fd,
				 struct progress_msg *m);

#endif
