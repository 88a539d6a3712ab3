/* SPDX-License-Identifier: ISC */
/* Expectations against what the probes saw: pure functions over the
 * model's expectations (model/expect.h) and parsed probe results. */
#ifndef AZLAB_EXPECT_MATCH_H
#define AZLAB_EXPECT_MATCH_H

#include <stddef.h>

#include "model/expect.h"
#include "probe/probe.h"

/* The index of the first of c's paths r matches, or -1. */
int expect_trace_match(const struct expect_case *c,
		       const struct trace_result *r);
/* What differs between r and the closest of c's paths, in one line
 * ("hop 2: expected *, seen 172.16.1.2"; "3 hops, expected 4"). */
void expect_diff(const struct expect_case *c, const struct trace_result *r,
		 char *buf, size_t len);
/* "10.10.30.132|10.10.30.133, *, 10.2.30.10" (truncated to len). */
void expect_path_str(const struct expect_path *p, char *buf, size_t len);
/* c's paths, alternatives joined by " or ", or "unreachable". */
void expect_case_str(const struct expect_case *c, char *buf, size_t len);

#endif
