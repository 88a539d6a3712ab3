/* SPDX-License-Identifier: ISC */
/* azlab verify [--json] [--junit FILE] [--expect FILE] [CASE...]: the
 * lab's expectations run as real probes (verify_run.c) and judged; exit
 * 0 only if every case matches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/interrupt.h"
#include "verdict/verify.h"

struct verify_args {
	bool json;
	const char *junit;		/* or NULL */
	const char *expect;		/* or NULL: the lab's own */
	char **cases;			/* points into argv */
	size_t n_cases;
};

enum { OPT_JUNIT = CLI_OPT_OWN, OPT_EXPECT };

static int verify_take(struct cli_args *a, int opt, const char *arg)
{
	struct verify_args *v = a->ctx;

	if (opt == OPT_JUNIT)
		v->junit = arg;
	else
		v->expect = arg;
	return 0;
}

static int verify_args(int argc, char **argv, struct verify_args *v)
{
	static const struct option opts[] = {
		{ "junit", required_argument, NULL, OPT_JUNIT },
		{ "expect", required_argument, NULL, OPT_EXPECT },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_args a = {
		.verb = "verify", .opts = opts, .take = verify_take, .ctx = v,
		.json = &v->json, .max = -1,
	};
	int rc;

	memset(v, 0, sizeof(*v));
	if ((rc = cli_args(&a, argc, argv)) != CLI_GO_ON)
		return rc;
	v->cases = a.args;
	v->n_cases = (size_t)a.n_args;
	return CLI_GO_ON;
}

static struct expect_set *load_expectations(const struct lab *lab,
					    const char *path)
{
	if (path == NULL)
		path = lab->expectations;
	if (path == NULL) {
		fprintf(stderr, "azlab: verify: lab %s names no expectations "
			"file (its 'expectations:' key); give one with "
			"--expect FILE\n", lab->name);
		return NULL;
	}
	return cli_load_expectations("verify", lab, path);
}

static int write_junit(const struct verify_run *run, const char *path)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		perror(path);
		return -1;
	}
	verify_write_junit(run, f);
	if (fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

static int report(const struct verify_run *run, const struct verify_args *a)
{
	int rc = verify_count(run, VERDICT_MATCH) == run->n ? 0 : 1;

	if (a->json)
		verify_write_json(run, stdout);
	else
		verify_print_table(run, stdout);
	if (a->junit != NULL && write_junit(run, a->junit) < 0)
		rc = 1;
	if (interrupt_signal() != 0) {
		fprintf(stderr, "azlab: verify: interrupted; every shut "
			"interface was restored\n");
		rc = 1;
	}
	return rc;
}

int cli_verify(int argc, char **argv)
{
	struct verify_args a;
	struct verify_run run;
	struct expect_set *set;
	struct lab *lab;
	struct azerr e;
	int rc = verify_args(argc, argv, &a);

	if (rc != CLI_GO_ON)
		return rc;
	if (cli_need_root("verify") < 0)
		return 1;
	if ((lab = cli_running_lab("verify")) == NULL)
		return 1;
	if (cli_wait_converged("verify") < 0) {
		lab_free(lab);
		return 1;
	}
	if ((set = load_expectations(lab, a.expect)) == NULL) {
		lab_free(lab);
		return 1;
	}
	interrupt_catch();
	if (verify_run(lab, set, a.cases, a.n_cases, &run, &e) < 0) {
		fprintf(stderr, "azlab: verify: %s\n", e.msg);
		rc = 1;
	} else {
		rc = report(&run, &a);
		verify_run_free(&run);
	}
	expect_free(set);
	lab_free(lab);
	return rc;
}
