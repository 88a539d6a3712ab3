/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>

#include "strv.h"

void strv_free(char **v)
{
	if (v == NULL)
		return;
	for (char **p = v; *p != NULL; p++)
		free(*p);
	free(v);
}

char **strv_dup(char *const *v, bool *ok)
{
	size_t n = 0;
	char **copy;

	if (v == NULL)
		return NULL;
	while (v[n] != NULL)
		n++;
	copy = calloc(n + 1, sizeof(*copy));
	for (size_t i = 0; copy != NULL && i < n; i++) {
		copy[i] = strdup(v[i]);
		if (copy[i] == NULL) {
			strv_free(copy);	/* the rest are still NULL */
			copy = NULL;
		}
	}
	if (ok != NULL && copy == NULL)
		*ok = false;
	return copy;
}
