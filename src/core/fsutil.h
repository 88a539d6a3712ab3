/* SPDX-License-Identifier: ISC */
/* Small file-system helpers shared by the state, teardown, FRR and graph
 * code. */
#ifndef AZLAB_FSUTIL_H
#define AZLAB_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

/* Removes path and everything below it, without following symlinks.
 * A missing path is not an error. Returns 0 or -1 (errno set). */
int rm_tree(const char *path);
/* Reads a whole file into a malloc'd, NUL-terminated buffer; NULL with
 * errno set on failure. */
char *file_read(const char *path, size_t *len);
/* Writes len bytes to path, created (0644) or truncated. Returns 0 or -1
 * (errno set). */
int file_write(const char *path, const void *data, size_t len);

/* Makes every missing directory of path's parent (mode 0755), those
 * past its first skip characters only (a root that exists). 0, or -1
 * with errno set. */
int mkdir_parents(const char *path, size_t skip);
/* Writes a new file (never an existing one: EEXIST) with its whole
 * text. 0, or -1 with errno set. */
int file_write_new(const char *path, const char *text, size_t len,
		   mode_t mode);

#endif
