/* SPDX-License-Identifier: ISC */
/* Running independent jobs at once: one thread per item. The probes
 * are processes (fork, setns, exec), so a thread only waits; a few
 * dozen at a time is what a lab needs. */
#ifndef AZLAB_PARALLEL_H
#define AZLAB_PARALLEL_H

#include <stddef.h>

/* fn(items[i]) for every i, at once; returns when all have returned.
 * An item whose thread cannot start runs in the caller's thread. */
void parallel_each(void **items, size_t n, void (*fn)(void *item));

#endif
