/* SPDX-License-Identifier: ISC */
#include <stdio.h>

#include "frr_json.h"

struct json_object *fj_parse(const char *text, struct azerr *e)
{
	enum json_tokener_error err = json_tokener_success;
	struct json_object *doc = json_tokener_parse_verbose(text, &err);

	if (doc == NULL)
		azerr_set(e, "FRR's JSON: %s", json_tokener_error_desc(err));
	else if (!json_object_is_type(doc, json_type_object)) {
		json_object_put(doc);
		doc = NULL;
		azerr_set(e, "FRR's JSON: not an object");
	}
	return doc;
}

struct json_object *fj_get(struct json_object *obj, const char *key,
			   json_type type)
{
	struct json_object *v;

	if (obj == NULL || !json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, type))
		return NULL;
	return v;
}

const char *fj_str(struct json_object *obj, const char *key, char *buf,
		   size_t len)
{
	struct json_object *v = fj_get(obj, key, json_type_string);

	snprintf(buf, len, "%s", v != NULL ? json_object_get_string(v) : "");
	return buf;
}

long long fj_int(struct json_object *obj, const char *key, long long dflt)
{
	struct json_object *v = fj_get(obj, key, json_type_int);

	return v != NULL ? (long long)json_object_get_int64(v) : dflt;
}

bool fj_bool(struct json_object *obj, const char *key)
{
	struct json_object *v = fj_get(obj, key, json_type_boolean);

	return v != NULL && json_object_get_boolean(v);
}
