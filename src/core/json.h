/* SPDX-License-Identifier: ISC */
/* A streaming JSON writer: enough for status and, later, verify reports.
 * Commas and nesting are tracked here so callers only say what comes next. */
#ifndef AZLAB_JSON_H
#define AZLAB_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define JSON_DEPTH_MAX 16

struct json {
	FILE *out;
	int depth;
	bool first[JSON_DEPTH_MAX];
	bool after_key;
};

void json_init(struct json *j, FILE *out);
void json_obj_begin(struct json *j);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j);
void json_arr_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);	/* NULL writes null */
void json_int(struct json *j, long long v);
/* A number with 3 decimals (milliseconds to the microsecond); NaN or
 * infinity writes null. */
void json_double(struct json *j, double v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* "key": [ the n strings of v ] */
void json_key_strs(struct json *j, const char *key, const char *const *v,
		   size_t n);
/* Finishes the document with a newline. */
void json_end(struct json *j);

#endif
