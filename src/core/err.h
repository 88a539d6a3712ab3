/* SPDX-License-Identifier: ISC */
/* Error reporting for library code: modules never print or exit; they
 * fill a struct azerr and return -1, and only main decides what to do. */
#ifndef AZLAB_ERR_H
#define AZLAB_ERR_H

struct azerr {
	char msg[512];
};

/* Sets e->msg (if e is not NULL) and returns -1, so callers can write
 * `return azerr_set(e, "...")`. */
int azerr_set(struct azerr *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Like azerr_set, appending ": strerror(errnum)". */
int azerr_errno(struct azerr *e, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefixes an existing message: "<prefix>: <old msg>". */
int azerr_wrap(struct azerr *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
