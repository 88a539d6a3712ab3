/* SPDX-License-Identifier: ISC */
/* `ttl:` rules as iptables-restore input: the text ttl_apply feeds the
 * tool, built from a model without any kernel. */
#include <stdlib.h>

#include "plan/ttl.h"
#include "unit.h"

static struct lab_ttl_rule rule(const char *in, const char *from,
				uint8_t len, unsigned inc)
{
	struct lab_ttl_rule t;

	memset(&t, 0, sizeof(t));
	snprintf(t.in, sizeof(t.in), "%s", in);
	if (from != NULL) {
		t.has_from = true;
		t.from = test_prefix(AF_INET, from, len);
	}
	t.inc = inc;
	return t;
}

/* The text of a node holding these rules; the caller frees it. */
static char *rules_text(struct lab_ttl_rule *rules, size_t n)
{
	struct lab_node node;
	char *text;

	memset(&node, 0, sizeof(node));
	node.name = "r";
	node.ttl_rules = rules;
	node.n_ttl_rules = n;
	text = ttl_rules_text(&node);
	ck_assert_ptr_nonnull(text);
	return text;
}

START_TEST(test_rules_in_order)
{
	struct lab_ttl_rule rules[3];
	char *text;

	rules[0] = rule("hub", NULL, 0, 1);
	rules[1] = rule("", "10.2.30.0", 25, 1);
	rules[2] = rule("remote", "10.17.30.0", 24, 3);
	text = rules_text(rules, 3);
	ck_assert_str_eq(text,
		"*mangle\n"
		"-A PREROUTING -i hub -j TTL --ttl-inc 1\n"
		"-A PREROUTING -s 10.2.30.0/25 -j TTL --ttl-inc 1\n"
		"-A PREROUTING -i remote -s 10.17.30.0/24 -j TTL --ttl-inc 3\n"
		"COMMIT\n");
	free(text);
}
END_TEST

/* A rule with neither interface nor source matches every packet. */
START_TEST(test_rule_for_everything)
{
	struct lab_ttl_rule r = rule("", NULL, 0, 255);
	char *text = rules_text(&r, 1);

	ck_assert_str_eq(text,
		"*mangle\n"
		"-A PREROUTING -j TTL --ttl-inc 255\n"
		"COMMIT\n");
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ttl");
	TCase *tc = tcase_create("rules text");

	tcase_add_test(tc, test_rules_in_order);
	tcase_add_test(tc, test_rule_for_everything);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
