/* SPDX-License-Identifier: ISC */
/* NULL-terminated vectors of strings (an argv), owned. */
#ifndef AZLAB_STRV_H
#define AZLAB_STRV_H

#include <stdbool.h>

/* A copy of v (NULL: NULL); NULL when memory ran out, and then *ok (if
 * given) becomes false. */
char **strv_dup(char *const *v, bool *ok);
void strv_free(char **v);

#endif
