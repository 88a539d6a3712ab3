/* SPDX-License-Identifier: ISC */
/* The JSON writer: separators, nesting and escaping. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/json.h"
#include "unit.h"

static char *render(void (*fn)(struct json *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct json j;

	json_init(&j, out);
	fn(&j);
	fclose(out);
	return buf;
}

static void doc_nested(struct json *j)
{
	json_obj_begin(j);
	json_key(j, "lab");
	json_str(j, "azure-interop");
	json_key(j, "n");
	json_int(j, -3);
	json_key(j, "ok");
	json_bool(j, true);
	json_key(j, "master");
	json_str(j, NULL);
	json_key(j, "list");
	json_arr_begin(j);
	json_int(j, 1);
	json_obj_begin(j);
	json_obj_end(j);
	json_arr_begin(j);
	json_arr_end(j);
	json_arr_end(j);
	json_obj_end(j);
	json_end(j);
}

static void doc_escapes(struct json *j)
{
	json_arr_begin(j);
	json_str(j, "a\"b\\c\nd\te\x01");
	json_arr_end(j);
}

START_TEST(test_nested)
{
	char *s = render(doc_nested);

	ck_assert_str_eq(s, "{\"lab\":\"azure-interop\",\"n\":-3,\"ok\":true,"
			 "\"master\":null,\"list\":[1,{},[]]}\n");
	free(s);
}
END_TEST

START_TEST(test_escapes)
{
	char *s = render(doc_escapes);

	ck_assert_str_eq(s, "[\"a\\\"b\\\\c\\nd\\te\\u0001\"]");
	free(s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("writer");

	tcase_add_test(tc, test_nested);
	tcase_add_test(tc, test_escapes);
	suite_add_tcase(s, tc);
	return run_suite(s) != 0;
}
