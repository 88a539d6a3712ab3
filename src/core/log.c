/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"

static FILE *log_out;
static enum log_dest log_dest_kind = LOG_TO_STDERR;
static bool log_verbose;

int log_init(enum log_dest dest, const char *path)
{
	if (log_out != NULL && log_out != stderr)
		fclose(log_out);
	log_out = NULL;
	log_dest_kind = dest;
	if (dest == LOG_TO_FILE) {
		log_out = fopen(path, "ae");
		if (log_out == NULL)
			return -1;
		setvbuf(log_out, NULL, _IOLBF, 0);
	}
	return 0;
}

void log_set_verbose(bool verbose)
{
	log_verbose = verbose;
}

static void log_vwrite(const char *level, int errnum, const char *fmt,
		       va_list ap) __attribute__((format(printf, 3, 0)));

static void log_vwrite(const char *level, int errnum, const char *fmt,
		       va_list ap)
{
	FILE *out = log_out != NULL ? log_out : stderr;
	char stamp[32];
	struct timespec ts;
	struct tm tm;

	if (log_dest_kind == LOG_TO_FILE) {
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
		fprintf(out, "%s.%03ldZ %s ", stamp, ts.tv_nsec / 1000000,
			level);
	} else {
		fputs("azlab: ", out);
	}
	vfprintf(out, fmt, ap);
	if (errnum != 0)
		fprintf(out, ": %s", strerror(errnum));
	fputc('\n', out);
}

void log_warn(const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vwrite("warn", errnum, fmt, ap);
	va_end(ap);
}

void log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite("warn", 0, fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_dest_kind == LOG_TO_STDERR && !log_verbose)
		return;
	va_start(ap, fmt);
	log_vwrite("info", 0, fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	log_vwrite("debug", 0, fmt, ap);
	va_end(ap);
}
