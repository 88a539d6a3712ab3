/* SPDX-License-Identifier: ISC */
/* Escaping for the XML azlab writes: DOT's HTML-like labels
 * (matrix_dot.c) and JUnit reports (verify_report.c). */
#ifndef AZLAB_XML_TEXT_H
#define AZLAB_XML_TEXT_H

#include <stdbool.h>
#include <stdio.h>

/* s as XML text or attribute value: '&', '<', '>' and '"' escaped;
 * strict (a standalone XML 1.0 file) also escapes '\'' and drops the
 * control characters XML 1.0 does not allow. */
static inline void xml_put(const char *s, bool strict, FILE *out)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs(strict ? "&apos;" : "'", out);
			break;
		default:
			if (!strict || (unsigned char)*s >= 0x20 ||
			    *s == '\n' || *s == '\t')
				fputc(*s, out);
		}
	}
}

#endif
