/* SPDX-License-Identifier: ISC */
/* Reading FRR's JSON answers with json-c: a parse that says what went
 * wrong, and getters with a default for what a version leaves out. */
#ifndef AZLAB_FRR_JSON_H
#define AZLAB_FRR_JSON_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* The document, or NULL with e set; json_object_put() it when done. */
struct json_object *fj_parse(const char *text, struct azerr *e);
/* obj[key] if it is of the type, else NULL (obj may be NULL). */
struct json_object *fj_get(struct json_object *obj, const char *key,
			   json_type type);
/* Copies obj[key] (a string) into buf; "" if missing. Returns buf. */
const char *fj_str(struct json_object *obj, const char *key, char *buf,
		   size_t len);
long long fj_int(struct json_object *obj, const char *key, long long dflt);
bool fj_bool(struct json_object *obj, const char *key);

struct bgp_summary;
/* Sessions read from a document parsed already (NULL or not an object:
 * no BGP): *s is set, and freed again on failure. */
typedef int bgp_doc_reader(struct json_object *doc, struct bgp_summary *s,
			   struct azerr *e);
/* bgp_neighbors_parse's: one VRF's part of "show bgp vrf all neighbors
 * json". */
bgp_doc_reader bgp_neighbors_read;
/* bgp_summary_parse's: one VRF's part of "show bgp vrf all summary
 * json". */
bgp_doc_reader bgp_summary_read;

#endif
