/* SPDX-License-Identifier: ISC */
/* Growing arrays: one rule for every array azlab appends to, with the
 * multiplications checked (a size that does not fit in size_t is out of
 * memory, not a short buffer). */
#ifndef AZLAB_GROW_H
#define AZLAB_GROW_H

#include <stddef.h>

/* Room for want elements of size bytes in the array whose address is
 * arrp (a T **), which has room for *cap of them. The room at least
 * doubles, so that adding one element at a time costs amortised
 * constant time; it is never less than GROW_FIRST. size > 0. 0; -1
 * with errno ENOMEM, and *arrp and *cap as they were, if memory runs
 * out. */
int grow(void *arrp, size_t *cap, size_t want, size_t size);
#define GROW_FIRST 8

/* Appends a zeroed element to the array whose address is arrp, of *n
 * elements of size bytes, and counts it in *n: the element, or NULL as
 * grow() fails. For arrays that keep no count of their room: the array
 * must only ever have grown through grow_add() (or be NULL with *n 0),
 * which knows from *n alone how much room it has. */
void *grow_add(void *arrp, size_t *n, size_t size);

#endif
