/* SPDX-License-Identifier: ISC */
/* Logging: "azlab: message" on stderr for the CLI; timestamped lines in a
 * file (or stderr in the foreground) for the daemon. */
#ifndef AZLAB_LOG_H
#define AZLAB_LOG_H

#include <stdbool.h>

enum log_dest {
	LOG_TO_STDERR,		/* CLI and foreground daemon */
	LOG_TO_FILE,		/* detached daemon */
};

int log_init(enum log_dest dest, const char *path);
void log_set_verbose(bool verbose);

void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
