/* SPDX-License-Identifier: ISC */
/* The traceroute output parser (probe_parse.c) on any text: -1, or a
 * result within its bounds whose path prints. */
#include "fuzz.h"
#include "probe/probe.h"

static void check_hop(const struct trace_hop *h)
{
	FUZZ_ASSERT(h->n_addrs <= TRACE_ADDRS_MAX);
	for (size_t i = 0; i < h->n_addrs; i++)
		FUZZ_ASSERT(strnlen(h->addr[i], PROBE_ADDR_MAX) < PROBE_ADDR_MAX);
	FUZZ_ASSERT(strnlen(h->note, sizeof(h->note)) < sizeof(h->note));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	char buf[TRACE_PATH_STR_MAX];
	struct trace_result r;
	int n = trace_parse(text, &r);

	FUZZ_ASSERT(n == -1 || (size_t)n == r.n_hops);
	FUZZ_ASSERT(r.n_hops <= TRACE_HOPS_MAX);
	FUZZ_ASSERT(strnlen(r.target, PROBE_ADDR_MAX) < PROBE_ADDR_MAX);
	for (size_t i = 0; i < r.n_hops; i++)
		check_hop(&r.hops[i]);
	trace_path_str(&r, buf, sizeof(buf));
	FUZZ_ASSERT(strlen(buf) < sizeof(buf));
	/* a short buffer truncates, never overruns */
	trace_path_str(&r, buf, 8);
	FUZZ_ASSERT(strlen(buf) < 8);
	free(text);
	return 0;
}
