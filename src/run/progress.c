/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "progress.h"

static const char *const tags[] = {
	[PROGRESS_STEP] = "P",
	[PROGRESS_NOTICE] = "N",
	[PROGRESS_OK] = "OK",
	[PROGRESS_ERROR] = "E",
};

#define N_TAGS (sizeof(tags) / sizeof(tags[0]))

size_t progress_encode(const struct progress_msg *m,
		       char line[PROGRESS_LINE_MAX + 1])
{
	int n;

	if (m->kind == PROGRESS_STEP)
		n = snprintf(line, PROGRESS_LINE_MAX, "%s %zu %zu %s",
			     tags[m->kind], m->done, m->total, m->text);
	else
		n = snprintf(line, PROGRESS_LINE_MAX, "%s %s", tags[m->kind],
			     m->text);
	if (n < 0)
		n = 0;
	if (n > PROGRESS_LINE_MAX - 1)
		n = PROGRESS_LINE_MAX - 1;
	for (int i = 0; i < n; i++)
		if (line[i] == '\n')
			line[i] = ' ';
	line[n++] = '\n';
	line[n] = '\0';
	return (size_t)n;
}

/* Decimal digits, at least one, then a space; false on overflow. */
static bool take_count(const char **s, const char *end, size_t *v)
{
	const char *p = *s;

	*v = 0;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (*v > (SIZE_MAX - (size_t)(*p - '0')) / 10)
			return false;
		*v = *v * 10 + (size_t)(*p - '0');
	}
	if (p == *s || p == end || *p != ' ')
		return false;
	*s = p + 1;
	return true;
}

static bool take_kind(const char **s, const char *end,
		      enum progress_kind *kind)
{
	for (size_t k = 0; k < N_TAGS; k++) {
		size_t n = strlen(tags[k]);

		if ((size_t)(end - *s) > n && memcmp(*s, tags[k], n) == 0 &&
		    (*s)[n] == ' ') {
			*kind = (enum progress_kind)k;
			*s += n + 1;
			return true;
		}
	}
	return false;
}

bool progress_decode(const char *line, size_t len, struct progress_msg *m)
{
	const char *s = line, *end = line + len;

	memset(m, 0, sizeof(*m));
	if (len >= PROGRESS_LINE_MAX || memchr(line, '\0', len) != NULL ||
	    memchr(line, '\n', len) != NULL || !take_kind(&s, end, &m->kind))
		return false;
	if (m->kind == PROGRESS_STEP &&
	    (!take_count(&s, end, &m->done) ||
	     !take_count(&s, end, &m->total)))
		return false;
	memcpy(m->text, s, (size_t)(end - s));
	m->text[end - s] = '\0';
	return true;
}

int progress_write(int fd, const struct progress_msg *m)
{
	char line[PROGRESS_LINE_MAX + 1];
	size_t n = progress_encode(m, line);

	/* shorter than PIPE_BUF: a pipe takes it whole or not at all */
	return write(fd, line, n) < 0 ? -1 : 0;
}

void progress_reader_init(struct progress_reader *r)
{
	r->len = 0;
}

/* The first whole line in the buffer, taken out of it. */
static enum progress_read take_line(struct progress_reader *r,
				    struct progress_msg *m)
{
	char *nl = memchr(r->buf, '\n', r->len);
	size_t n;
	bool ok;

	if (nl == NULL)
		return r->len == sizeof(r->buf) ? PROGRESS_MALFORMED
						: PROGRESS_AGAIN;
	n = (size_t)(nl - r->buf);
	ok = progress_decode(r->buf, n, m);
	r->len -= n + 1;
	memmove(r->buf, nl + 1, r->len);
	return ok ? PROGRESS_GOT : PROGRESS_MALFORMED;
}

enum progress_read progress_read(struct progress_reader *r, int fd,
				 struct progress_msg *m)
{
	enum progress_read got = take_line(r, m);
	ssize_t n;

	if (got != PROGRESS_AGAIN)
		return got;
	n = read(fd, r->buf + r->len, sizeof(r->buf) - r->len);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? PROGRESS_AGAIN
							 : PROGRESS_READ_FAILED;
	if (n == 0)
		return PROGRESS_CLOSED;
	r->len += (size_t)n;
	return take_line(r, m);
}
