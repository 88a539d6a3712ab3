/* SPDX-License-Identifier: ISC */
/* The lab loader (lab_parse*.c, lab_check*.c) on any bytes as a lab file:
 * either a model, printed as `azlab check -v` would, or at least one
 * "FILE:LINE:COL: message" and nothing left allocated. Only realpath and
 * stat look at the files the lab names: nothing is written but the
 * harness's own two files in its own directory: the input, and
 * side.conf, empty, which the seeds name for their frr:, ipsec: and
 * expectations:, so that a valid lab loads. */
#include "fuzz.h"
#include "model/lab.h"

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lab_diags d = { 0 };
	const char *path = fuzz_write("lab.yaml", data, size);
	struct lab *lab;

	if (devnull == NULL) {
		if ((devnull = fopen("/dev/null", "w")) == NULL)
			abort();
		fuzz_touch("side.conf");
	}
	lab = lab_load(path, &d);
	if (lab != NULL) {
		FUZZ_ASSERT(d.n == 0);
		FUZZ_ASSERT(lab_print(lab, devnull) == 0);
	} else {
		FUZZ_ASSERT(d.n > 0);
	}
	for (size_t i = 0; i < d.n; i++)
		FUZZ_ASSERT(strncmp(d.msgs[i], path, strlen(path)) == 0);
	lab_free(lab);
	lab_diags_free(&d);
	return 0;
}
