/* SPDX-License-Identifier: ISC */
/* The ping statistics parser (probe_parse.c) on any text: -1, or the
 * counts of a statistics line. */
#include "fuzz.h"
#include "probe/probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct ping_result r;
	int rc = ping_parse(text, &r);

	FUZZ_ASSERT(rc == 0 || rc == -1);
	FUZZ_ASSERT(rc == 0 || !r.has_rtt);
	free(text);
	return 0;
}
