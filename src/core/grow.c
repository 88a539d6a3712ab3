/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

int grow(void *arrp, size_t *cap, size_t want, size_t size)
{
	size_t room;
	void *arr, *p;

	if (want <= *cap)
		return 0;
	room = *cap <= SIZE_MAX / 2 ? *cap * 2 : SIZE_MAX;
	if (room < want)
		room = want;
	if (room < GROW_FIRST)
		room = GROW_FIRST;
	if (size == 0 || room > SIZE_MAX / size) {
		errno = size == 0 ? EINVAL : ENOMEM;
		return -1;
	}
	/* arrp is a T **: copied, not cast, as T * and void * are not the
	 * same type to the compiler's aliasing rules */
	memcpy(&arr, arrp, sizeof(arr));
	p = realloc(arr, room * size);
	if (p == NULL)
		return -1;
	memcpy(arrp, &p, sizeof(p));
	*cap = room;
	return 0;
}

/* What grow() gave an array grown one element at a time to n (less
 * only where the doubling would not fit: grow() then reallocates). */
static size_t implied_cap(size_t n)
{
	size_t cap = GROW_FIRST;

	if (n == 0)
		return 0;
	while (cap < n && cap <= SIZE_MAX / 2)
		cap *= 2;
	return cap;
}

void *grow_add(void *arrp, size_t *n, size_t size)
{
	size_t cap = implied_cap(*n);
	char *p;

	if (*n == SIZE_MAX) {
		errno = ENOMEM;
		return NULL;
	}
	if (grow(arrp, &cap, *n + 1, size) < 0)
		return NULL;
	memcpy(&p, arrp, sizeof(p));
	p += (*n)++ * size;
	memset(p, 0, size);
	return p;
}
