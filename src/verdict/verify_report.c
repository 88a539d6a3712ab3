/* SPDX-License-Identifier: ISC */
/* What verify says: a table for people, JSON for scripts (schema in
 * docs/cli.md), JUnit XML for CI test reporters. Pure: run in, text
 * out. */
#include <string.h>

#include "core/json.h"
#include "verify.h"
#include "core/xml_text.h"

static const char *verify_verdict_name(enum verify_verdict v)
{
	switch (v) {
	case VERDICT_MATCH:
		return "match";
	case VERDICT_MISMATCH:
		return "mismatch";
	case VERDICT_ERROR:
		break;
	}
	return "error";
}

/* What was seen: the hops, or "unreachable (2/2 lost)", or "answered
 * (1/2 received)". */
static void verify_seen_str(const struct verify_result *r, char *buf,
			    size_t len)
{
	if (r->verdict == VERDICT_ERROR) {
		snprintf(buf, len, "-");
	} else if (r->c->unreachable) {
		if (r->ping.transmitted == 0)
			snprintf(buf, len, "unreachable (no route)");
		else if (r->ping.received == 0)
			snprintf(buf, len, "unreachable (%u/%u lost)",
				 r->ping.transmitted, r->ping.transmitted);
		else
			snprintf(buf, len, "answered (%u/%u received)",
				 r->ping.received, r->ping.transmitted);
	} else {
		trace_path_str(&r->trace, buf, len);
	}
}

/* The RTT of the last hop (the destination), or a negative number. */
static double dest_rtt(const struct verify_result *r)
{
	if (r->c->unreachable || r->verdict == VERDICT_ERROR ||
	    r->trace.n_hops == 0 || !r->trace.reached)
		return -1;
	return r->trace.hops[r->trace.n_hops - 1].rtt_ms;
}

static const char *shown_verdict(const struct verify_result *r)
{
	switch (r->verdict) {
	case VERDICT_MATCH:
		return "ok";
	case VERDICT_MISMATCH:
		return "MISMATCH";
	case VERDICT_ERROR:
		break;
	}
	return "ERROR";
}

void verify_print_table(const struct verify_run *run, FILE *out)
{
	char want[1024], seen[1024];
	size_t idw = 4;

	for (size_t i = 0; i < run->n; i++)
		if (strlen(run->results[i].c->id) > idw)
			idw = strlen(run->results[i].c->id);
	for (size_t i = 0; i < run->n; i++) {
		const struct verify_result *r = &run->results[i];
		double rtt = dest_rtt(r);

		expect_case_str(r->c, want, sizeof(want));
		verify_seen_str(r, seen, sizeof(seen));
		fprintf(out, "%-8s %-*s expected: %s\n", shown_verdict(r),
			(int)idw, r->c->id, want);
		fprintf(out, "%-8s %-*s     seen: %s", "", (int)idw, "", seen);
		if (rtt >= 0)
			fprintf(out, "  (%.1f ms%s%s)", rtt,
				r->c->rtt != NULL ? "; article: " : "",
				r->c->rtt != NULL ? r->c->rtt : "");
		fprintf(out, "\n");
		if (r->verdict != VERDICT_MATCH)
			fprintf(out, "%-8s %-*s     diff: %s\n", "", (int)idw,
				"", r->detail);
	}
	fprintf(out, "%zu/%zu matching (%zu mismatch, %zu error) in %.1f s\n",
		verify_count(run, VERDICT_MATCH), run->n,
		verify_count(run, VERDICT_MISMATCH),
		verify_count(run, VERDICT_ERROR), run->seconds);
	if (run->elsewhere > 0)
		fprintf(out, "%zu case%s start%s on another host: run verify "
			"there too\n", run->elsewhere,
			run->elsewhere == 1 ? "" : "s",
			run->elsewhere == 1 ? "s" : "");
}

static void json_path(struct json *j, const struct expect_path *p)
{
	json_arr_begin(j);
	for (size_t i = 0; i < p->n_hops; i++) {
		const struct expect_hop *h = &p->hops[i];

		json_arr_begin(j);
		if (h->star)
			json_str(j, "*");
		for (size_t k = 0; k < h->n_alt; k++)
			json_str(j, h->alt[k]);
		json_arr_end(j);
	}
	json_arr_end(j);
}

static void json_seen(struct json *j, const struct verify_result *r)
{
	if (r->verdict == VERDICT_ERROR) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	if (r->c->unreachable) {
		json_key(j, "transmitted");
		json_int(j, r->ping.transmitted);
		json_key(j, "received");
		json_int(j, r->ping.received);
	} else {
		json_key(j, "hops");
		json_arr_begin(j);
		for (size_t i = 0; i < r->trace.n_hops; i++)
			json_str(j, r->trace.hops[i].n_addrs > 0 ?
				 r->trace.hops[i].addr[0] : "*");
		json_arr_end(j);
		json_key(j, "reached");
		json_bool(j, r->trace.reached);
		json_key(j, "rttMs");
		if (dest_rtt(r) >= 0)
			json_double(j, dest_rtt(r));
		else
			json_null(j);
	}
	json_obj_end(j);
}

static void json_case(struct json *j, const struct verify_result *r)
{
	json_obj_begin(j);
	json_key(j, "id");
	json_str(j, r->c->id);
	json_key(j, "from");
	json_str(j, r->c->from);
	json_key(j, "to");
	json_str(j, r->c->to);
	json_key(j, "address");
	json_str(j, r->addr[0] != '\0' ? r->addr : NULL);
	json_key(j, "shut");
	json_str(j, r->c->shut);
	json_key(j, "expected");
	if (r->c->unreachable) {
		json_str(j, "unreachable");
	} else {
		json_arr_begin(j);
		for (size_t i = 0; i < r->c->n_paths; i++)
			json_path(j, &r->c->paths[i]);
		json_arr_end(j);
	}
	json_key(j, "seen");
	json_seen(j, r);
	json_key(j, "verdict");
	json_str(j, verify_verdict_name(r->verdict));
	json_key(j, "detail");
	json_str(j, r->verdict != VERDICT_MATCH ? r->detail : NULL);
	json_key(j, "articleRtt");
	json_str(j, r->c->rtt);
	json_key(j, "seconds");
	json_double(j, r->seconds);
	json_obj_end(j);
}

void verify_write_json(const struct verify_run *run, FILE *out)
{
	struct json j;

	json_init(&j, out);
	json_obj_begin(&j);
	json_key(&j, "lab");
	json_str(&j, run->lab);
	json_key(&j, "total");
	json_int(&j, (long long)run->n);
	json_key(&j, "matched");
	json_int(&j, (long long)verify_count(run, VERDICT_MATCH));
	json_key(&j, "mismatched");
	json_int(&j, (long long)verify_count(run, VERDICT_MISMATCH));
	json_key(&j, "errors");
	json_int(&j, (long long)verify_count(run, VERDICT_ERROR));
	json_key(&j, "elsewhere");
	json_int(&j, (long long)run->elsewhere);
	json_key(&j, "seconds");
	json_double(&j, run->seconds);
	json_key(&j, "cases");
	json_arr_begin(&j);
	for (size_t i = 0; i < run->n; i++)
		json_case(&j, &run->results[i]);
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

static void junit_case(FILE *out, const char *lab,
		       const struct verify_result *r)
{
	char want[1024], seen[1024];

	expect_case_str(r->c, want, sizeof(want));
	verify_seen_str(r, seen, sizeof(seen));
	fputs("    <testcase name=\"", out);
	xml_put(r->c->id, true, out);
	fputs("\" classname=\"azlab.", out);
	xml_put(lab, true, out);
	fprintf(out, "\" time=\"%.3f\">\n", r->seconds);
	if (r->verdict != VERDICT_MATCH) {
		fprintf(out, "      <%s message=\"",
			r->verdict == VERDICT_ERROR ? "error" : "failure");
		xml_put(r->detail, true, out);
		fprintf(out, "\" type=\"%s\">", verify_verdict_name(r->verdict));
		fputs("expected: ", out);
		xml_put(want, true, out);
		fputs("\nseen: ", out);
		xml_put(seen, true, out);
		fprintf(out, "</%s>\n",
			r->verdict == VERDICT_ERROR ? "error" : "failure");
	}
	fputs("      <system-out>", out);
	xml_put(r->c->from, true, out);
	fputs(" -&gt; ", out);
	xml_put(r->c->to, true, out);
	fputs("\nexpected: ", out);
	xml_put(want, true, out);
	fputs("\nseen: ", out);
	xml_put(seen, true, out);
	fputs("</system-out>\n    </testcase>\n", out);
}

void verify_write_junit(const struct verify_run *run, FILE *out)
{
	size_t failures = verify_count(run, VERDICT_MISMATCH);
	size_t errors = verify_count(run, VERDICT_ERROR);

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"azlab verify\" tests=\"%zu\" "
		"failures=\"%zu\" errors=\"%zu\" time=\"%.3f\">\n", run->n,
		failures, errors, run->seconds);
	fputs("  <testsuite name=\"", out);
	xml_put(run->lab, true, out);
	fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
		"skipped=\"0\" time=\"%.3f\">\n", run->n, failures, errors,
		run->seconds);
	for (size_t i = 0; i < run->n; i++)
		junit_case(out, run->lab, &run->results[i]);
	fputs("  </testsuite>\n</testsuites>\n", out);
}
