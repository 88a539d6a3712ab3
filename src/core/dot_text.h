/* SPDX-License-Identifier: ISC */
/* Quoting for the DOT text azlab writes (graph_dot.c, graph_path.c,
 * matrix_dot.c). */
#ifndef AZLAB_DOT_TEXT_H
#define AZLAB_DOT_TEXT_H

#include <stdio.h>

/* A DOT quoted string's body: '"' and '\' escaped, so that a label's own
 * "\n" (written by the caller) stays the only escape sequence. */
static inline void put_esc(const char *s, FILE *out)
{
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
}

static inline void put_id(const char *s, FILE *out)
{
	fputc('"', out);
	put_esc(s, out);
	fputc('"', out);
}

#endif
