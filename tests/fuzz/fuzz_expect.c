/* SPDX-License-Identifier: ISC */
/* The expectations loader (expect_load.c) on any bytes as the reference
 * lab's expectations file (the lab is loaded once: its cases in the
 * seed corpus are then valid), then the set as verify uses it: each
 * case printed, and matched against a fixed trace. */
#include "verdict/expect_match.h"
#include "fuzz.h"

#ifndef FUZZ_LAB
#error "FUZZ_LAB: the lab the expectations are checked against"
#endif

/* hub-vm to loc1-vm, as the reference lab answers it */
static const char trace_text[] =
	"traceroute to 10.2.30.10 (10.2.30.10), 15 hops max, 60 byte packets\n"
	" 1  10.10.30.132  1.101 ms\n"
	" 2  *\n"
	" 3  *\n"
	" 4  10.2.30.10  2.420 ms\n";

static struct lab *lab;
static struct trace_result trace;

static void setup(void)
{
	struct lab_diags d = { 0 };

	lab = lab_load(FUZZ_LAB, &d);
	if (lab == NULL) {
		fprintf(stderr, "fuzz_expect: %s\n", d.n > 0 ? d.msgs[0] : "?");
		abort();
	}
	lab_diags_free(&d);
	if (trace_parse(trace_text, &trace) != 4)
		abort();
}

/* What verify and `azlab expect` print of a case. */
static void use_case(const struct expect_case *c)
{
	char buf[1024];

	expect_case_str(c, buf, sizeof(buf));
	FUZZ_ASSERT(strlen(buf) < sizeof(buf));
	if (c->n_paths == 0)
		return;
	if (expect_trace_match(c, &trace) < 0)
		expect_diff(c, &trace, buf, sizeof(buf));
	for (size_t i = 0; i < c->n_paths; i++)
		expect_path_str(&c->paths[i], buf, sizeof(buf));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lab_diags d = { 0 };
	struct expect_set *set;
	const char *path;

	if (lab == NULL)
		setup();
	path = fuzz_write("expect.yaml", data, size);
	set = expect_load(path, lab, &d);
	FUZZ_ASSERT((set == NULL) == (d.n > 0));
	for (size_t i = 0; set != NULL && i < set->n_cases; i++) {
		use_case(&set->cases[i]);
		FUZZ_ASSERT(expect_find(set, set->cases[i].id) != NULL);
	}
	expect_free(set);
	lab_diags_free(&d);
	return 0;
}
